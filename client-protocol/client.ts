/**
 * A small typed client for the coevo stream, for Node (through the `ws` package) and browsers
 * (their WebSocket). Listen to one message type with `on`, or read every message in order with
 * `for await (const message of client)`.
 */
import { encode, decodeServerMessage, floatBytes, type ClientMessage, type ControlAction, type HelloMessage, type ServerMessage, type ServerMessageType, type Viewport } from './protocol.ts';

type MessageOf<T extends ServerMessageType> = Extract<ServerMessage, { type: T }>;

interface SocketLike {
  binaryType: string;
  readyState: number;
  send(data: Uint8Array): void;
  close(code?: number, reason?: string): void;
  addEventListener(type: string, listener: (event: { data?: unknown; code?: number; reason?: string }) => void): void;
}

export class CoevoClient implements AsyncIterable<ServerMessage> {
  private readonly handlers = new Map<string, Set<(message: ServerMessage) => void>>();
  private readonly queue: ServerMessage[] = [];
  private waiting: ((result: IteratorResult<ServerMessage>) => void) | null = null;
  private ended = false;
  /** Resolves with the close code when the connection ends. */
  readonly closed: Promise<number>;
  /** The server's greeting (connect() resolves once it has come). */
  hello: HelloMessage | null = null;
  /** The run's metrics rows so far, from the `history` message that follows `hello`. */
  history: Record<string, unknown>[] = [];

  constructor(private readonly socket: SocketLike) {
    socket.binaryType = 'arraybuffer';
    let markClosed: (code: number) => void = () => {};
    this.closed = new Promise((resolve) => (markClosed = resolve));
    socket.addEventListener('message', (event) => {
      const data = event.data;
      const bytes = data instanceof ArrayBuffer ? new Uint8Array(data) : data instanceof Uint8Array ? data : null;
      if (!bytes) return;
      this.dispatch(decodeServerMessage(bytes));
    });
    socket.addEventListener('close', (event) => {
      this.ended = true;
      this.waiting?.({ value: undefined, done: true });
      this.waiting = null;
      markClosed(event.code ?? 1005);
    });
  }

  private dispatch(message: ServerMessage): void {
    if (message.type === 'hello') this.hello = message;
    if (message.type === 'history') this.history = message.rows;
    for (const handler of this.handlers.get(message.type) ?? []) handler(message);
    if (this.waiting) {
      const resolve = this.waiting;
      this.waiting = null;
      resolve({ value: message, done: false });
    } else if (this.iterating) {
      this.queue.push(message);
    }
  }

  private iterating = false;

  /** Calls `handler` for every message of `type`; returns a function that stops it. */
  on<T extends ServerMessageType>(type: T, handler: (message: MessageOf<T>) => void): () => void {
    const set = this.handlers.get(type) ?? new Set();
    set.add(handler as (message: ServerMessage) => void);
    this.handlers.set(type, set);
    return () => set.delete(handler as (message: ServerMessage) => void);
  }

  /** The next message of `type` (within `timeoutMs`). */
  next<T extends ServerMessageType>(type: T, timeoutMs = 10_000): Promise<MessageOf<T>> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        stop();
        reject(new Error(`coevo client: no ${type} message within ${timeoutMs} ms`));
      }, timeoutMs);
      const stop = this.on(type, (message) => {
        clearTimeout(timer);
        stop();
        resolve(message);
      });
    });
  }

  send(message: ClientMessage): void {
    this.socket.send(encode(message));
  }

  /** `viewport` ([x0, z0, x1, z1]) is for the ecology: only the bodies inside it. `inspect`: one agent to get `inspect` messages about. */
  subscribe(arenas: string[], fps?: number, viewport?: Viewport, inspect?: { arena: string; agent: number }): void {
    this.send({ type: 'subscribe', arenas, ...(fps ? { fps } : {}), ...(viewport ? { viewport } : {}), ...(inspect ? { inspect } : {}) });
  }

  control(token: string, action: ControlAction, value?: string | number): void {
    this.send({ type: 'control', token, action, ...(value !== undefined ? { value } : {}) });
  }

  /** Takes over seat `agent` of `arena` (the showcase); `drive(token, null)` ends the session. */
  drive(token: string, arena: string | null, agent = 0): void {
    this.send(arena === null ? { type: 'drive', token, stop: true } : { type: 'drive', token, arena, agent });
  }

  /** Sets the driven agent's actions (at most one per decision, 20 a second by default). */
  act(token: string, actions: ArrayLike<number>): void {
    this.send({ type: 'act', token, actions: floatBytes(Float32Array.from(actions)) });
  }

  close(): void {
    this.socket.close(1000, 'bye');
  }

  [Symbol.asyncIterator](): AsyncIterator<ServerMessage> {
    this.iterating = true;
    return {
      next: () => {
        const queued = this.queue.shift();
        if (queued) return Promise.resolve({ value: queued, done: false });
        if (this.ended) return Promise.resolve({ value: undefined, done: true });
        return new Promise((resolve) => (this.waiting = resolve));
      },
    };
  }
}

/** Opens a connection; resolves once the server's `hello` has arrived (as `client.hello`). */
export async function connect(url: string, timeoutMs = 10_000): Promise<CoevoClient & { hello: HelloMessage }> {
  const Socket = (globalThis as { WebSocket?: new (url: string) => SocketLike }).WebSocket ?? ((await import('ws')).default as unknown as new (url: string) => SocketLike);
  const socket = new Socket(url);
  const client = new CoevoClient(socket);
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`coevo client: no hello from ${url} within ${timeoutMs} ms`)), timeoutMs);
    const stop = client.on('hello', () => {
      clearTimeout(timer);
      stop();
      resolve();
    });
    socket.addEventListener('error', () => {
      clearTimeout(timer);
      reject(new Error(`coevo client: cannot connect to ${url}`));
    });
    client.closed.then((code) => {
      clearTimeout(timer);
      reject(new Error(`coevo client: ${url} closed the connection (${code})`));
    });
  });
  return client as CoevoClient & { hello: HelloMessage };
}
