/**
 * HTTP and WebSocket on one port: the viewer at `/`, `GET /healthz`, and the stream at `/ws`.
 * On connect a client gets `hello`; `subscribe` answers with `world` (the arena's bodies) and
 * then `frame`s at the client's rate, sampled from the showcase's latest state on this server's
 * own clock. A client whose socket has more unsent bytes than the bound gets frames dropped
 * (counted in the next frame it does get), so no client can grow the server's memory or slow
 * the simulation. Bad input gets an `error` with a stable code; the run never notices.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { timingSafeEqual } from 'node:crypto';
import { WebSocketServer, type WebSocket } from 'ws';
import {
  PROTOCOL_VERSION,
  ProtocolError,
  decodeClientMessage,
  encode,
  floatBytes,
  type ClientMessage,
  type ControlMessage,
  type FrameMessage,
  type WorldMessage,
} from '../../client-protocol/protocol.ts';
import { CoevoError } from '../errors.ts';
import type { RunControl } from '../run/control.ts';
import { ClientSession } from './client-session.ts';
import type { ShowcaseEvent, ShowcaseState } from './showcase.ts';
import type { WorldDesc } from '../../worlds/scenario.ts';
import { viewerPage, viewerScript } from './viewer-assets.ts';

export interface StreamOptions {
  host: string;
  port: number;
  /** Token that `control` messages must carry; null: nobody may control the run. */
  controlToken: string | null;
  maxClients: number;
  /** The most frames per second any client gets. */
  maxFps: number;
  /** Largest client message accepted, bytes. */
  maxPayload: number;
  /** Unsent bytes past which a client's frames are dropped. */
  sendBufferLimit: number;
  /** Client messages per second allowed (bursts of twice that). */
  messageRate: number;
}

export const STREAM_DEFAULTS: StreamOptions = {
  host: '127.0.0.1',
  port: 8080,
  controlToken: null,
  maxClients: 64,
  maxFps: 30,
  maxPayload: 64 * 1024,
  sendBufferLimit: 256 * 1024,
  messageRate: 50,
};

export const SHOWCASE = 'showcase';

/** What viewers see of a run's world: its bodies, and the names of its populations (colours). */
export interface SceneInfo {
  describe(): WorldDesc;
  populations: string[];
}

/** A showcase as the server samples it. */
export interface ShowcaseFeed {
  readonly state: ShowcaseState;
  onEvent: (event: ShowcaseEvent) => void;
}

export interface RunInfo {
  runId: string;
  scene: SceneInfo;
  control: RunControl;
  showcase: ShowcaseFeed;
  /** The run's current state for /healthz and acks. */
  status(): { generation: number; paused: boolean; lastCheckpoint: string | null; showcase: string | number };
  /** Changes what the showcase replays: "elites", "champion" or an elite rank. */
  setShowcase(value: string | number): string;
}

export class StreamServer {
  private readonly http: Server;
  private readonly wss: WebSocketServer;
  private readonly sessions = new Set<ClientSession>();
  private broadcastTimer: NodeJS.Timeout | null = null;
  private readonly worldMessage: WorldMessage;
  /** Where each body of `world.rotating` sits among the moving bodies. */
  private readonly rotatingAt: number[];
  private readonly started = Date.now();

  constructor(
    private readonly options: StreamOptions,
    private readonly run: RunInfo,
  ) {
    const desc = run.scene.describe();
    const moving = desc.bodies.filter((b) => b.role === 'agent' || b.role === 'food');
    this.rotatingAt = moving.flatMap((b, i) => (b.shape.kind === 'ball' ? [] : [i]));
    this.worldMessage = {
      type: 'world',
      arena: SHOWCASE,
      scenario: desc.scenario,
      arenaSize: desc.arenaSize,
      bodies: desc.bodies.map((b) => (b.role === 'agent' ? { ...b, population: b.population ?? 0 } : b)),
      moving: moving.map((b) => b.id),
      rotating: this.rotatingAt.map((i) => moving[i].id),
    };
    this.http = createServer((req, res) => void this.serveHttp(req, res));
    // ws enforces a hard cap (4x ours) itself; between the two we answer with TOO_LARGE first.
    this.wss = new WebSocketServer({ noServer: true, maxPayload: options.maxPayload * 4 });
    this.http.on('upgrade', (req, socket, head) => {
      if (new URL(req.url ?? '/', 'http://x').pathname !== '/ws') {
        socket.end('HTTP/1.1 404 Not Found\r\n\r\n');
        return;
      }
      this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws));
    });
    run.showcase.onEvent = (event) => {
      for (const session of this.sessions) {
        if (session.arenas.has(SHOWCASE) && session.canTakeFrame) session.send({ type: 'event', arena: SHOWCASE, ...event });
      }
    };
  }

  async listen(): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      this.http.once('error', (error: NodeJS.ErrnoException) => {
        const where = `${this.options.host}:${this.options.port}`;
        if (error.code === 'EADDRINUSE') reject(new CoevoError('BAD_FLAG', `cannot serve on ${where}: the port is in use (choose another with --port)`));
        else if (error.code === 'EADDRNOTAVAIL' || error.code === 'ENOTFOUND') reject(new CoevoError('BAD_FLAG', `cannot serve on ${where}: no such address on this machine (--host)`));
        else reject(error);
      });
      this.http.listen(this.options.port, this.options.host, () => resolve());
    });
    this.broadcastTimer = setInterval(() => this.broadcast(), 1000 / this.options.maxFps);
    this.broadcastTimer.unref();
    const address = this.http.address();
    return typeof address === 'object' && address ? address.port : this.options.port;
  }

  get clientCount(): number {
    return this.sessions.size;
  }

  /** Sends a finished generation's metrics row to every client. */
  publishGeneration(row: Record<string, unknown>): void {
    for (const session of this.sessions) session.sendGeneration(row);
  }

  async close(): Promise<void> {
    if (this.broadcastTimer) clearInterval(this.broadcastTimer);
    for (const session of this.sessions) session.socket.terminate();
    this.wss.close();
    await new Promise<void>((resolve) => this.http.close(() => resolve()));
  }

  private async serveHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    try {
      if (req.method !== 'GET') return reply(res, 405, 'text/plain', 'only GET\n');
      if (path === '/healthz') {
        const status = this.run.status();
        return reply(
          res,
          200,
          'application/json',
          JSON.stringify({
            status: 'ok',
            runId: this.run.runId,
            scenario: this.worldMessage.scenario,
            protocol: PROTOCOL_VERSION,
            ...status,
            clients: this.sessions.size,
            uptimeSeconds: Math.round((Date.now() - this.started) / 1000),
          }),
        );
      }
      if (path === '/' || path === '/index.html') return reply(res, 200, 'text/html; charset=utf-8', viewerPage());
      if (path === '/viewer.js') return reply(res, 200, 'text/javascript; charset=utf-8', await viewerScript());
      if (path === '/favicon.ico') return reply(res, 204, 'text/plain', '');
      return reply(res, 404, 'text/plain', 'not found\n');
    } catch (error) {
      return reply(res, 500, 'text/plain', `coevo: ${(error as Error).message}\n`);
    }
  }

  private accept(socket: WebSocket): void {
    const session = new ClientSession(socket, this.options.messageRate, this.options.sendBufferLimit);
    if (this.sessions.size >= this.options.maxClients) {
      session.error('TOO_MANY_CONNECTIONS', `the server takes at most ${this.options.maxClients} clients`);
      socket.close(1013, 'too many connections');
      return;
    }
    this.sessions.add(session);
    socket.on('close', () => this.sessions.delete(session));
    socket.on('error', () => this.sessions.delete(session));
    socket.on('message', (data, isBinary) => this.receive(session, data as Buffer, isBinary));
    const status = this.run.status();
    session.send({
      type: 'hello',
      protocol: PROTOCOL_VERSION,
      runId: this.run.runId,
      scenario: this.worldMessage.scenario,
      populations: this.run.scene.populations,
      arenas: [SHOWCASE],
      generation: status.generation,
      paused: status.paused,
      maxFps: this.options.maxFps,
    });
  }

  private receive(session: ClientSession, data: Buffer, isBinary: boolean): void {
    if (!session.takeMessageToken()) {
      session.error('RATE_LIMITED', `more than ${this.options.messageRate} messages a second; closing`);
      session.socket.close(1008, 'rate limited');
      return;
    }
    if (data.length > this.options.maxPayload) {
      session.error('TOO_LARGE', `messages are at most ${this.options.maxPayload} bytes`);
      session.socket.close(1009, 'message too large');
      return;
    }
    let message: ClientMessage;
    try {
      if (!isBinary) throw new ProtocolError('MALFORMED', 'messages are binary MessagePack, not text');
      message = decodeClientMessage(data);
    } catch (error) {
      const code = error instanceof ProtocolError ? error.code : 'MALFORMED';
      session.error(code, (error as Error).message);
      return;
    }
    switch (message.type) {
      case 'subscribe':
        this.subscribe(session, message.arenas, message.fps);
        return;
      case 'unsubscribe':
        for (const arena of message.arenas ?? [...session.arenas]) session.arenas.delete(arena);
        return;
      case 'control':
        return void this.control(session, message);
    }
  }

  private subscribe(session: ClientSession, arenas: string[], fps?: number): void {
    const unknown = arenas.filter((a) => a !== SHOWCASE);
    if (unknown.length) {
      session.error('UNKNOWN_ARENA', `no arena ${unknown.map((a) => JSON.stringify(a)).join(', ')}; hello.arenas lists them`);
      return;
    }
    session.fps = Math.min(fps ?? this.options.maxFps, this.options.maxFps);
    if (!session.arenas.has(SHOWCASE)) {
      session.arenas.add(SHOWCASE);
      // The full state first, then frames: a late joiner misses nothing it needs.
      session.send(this.worldMessage);
      session.lastTick = -1;
      session.lastEpisode = -1;
      session.lastFrameAt = 0;
    }
  }

  private async control(session: ClientSession, message: ControlMessage): Promise<void> {
    if (!this.authorised(message.token)) {
      session.error('UNAUTHORIZED', this.options.controlToken === null ? 'this run takes no control (start it with --control-token)' : 'wrong control token');
      return;
    }
    const { control } = this.run;
    try {
      switch (message.action) {
        case 'pause':
          control.pause();
          break;
        case 'resume':
          control.resume();
          break;
        case 'step':
          control.step();
          break;
        case 'checkpoint':
          await control.requestCheckpoint();
          break;
        case 'showcase':
          this.run.setShowcase(message.value ?? 'elites');
          break;
      }
      session.send({ type: 'ack', action: message.action, state: { ...this.run.status() } });
    } catch (error) {
      session.error('CONTROL_FAILED', (error as Error).message);
    }
  }

  private authorised(token: string): boolean {
    const expected = this.options.controlToken;
    if (expected === null) return false;
    const a = Buffer.from(token);
    const b = Buffer.from(expected);
    return a.length === b.length && timingSafeEqual(a, b);
  }

  private broadcast(): void {
    for (const session of this.sessions) session.flushGeneration();
    const { state } = this.run.showcase;
    const now = Date.now();
    let poses: Pick<FrameMessage, 'positions' | 'rotations'> | null = null;
    let undropped: Uint8Array | null = null; // the frame as most clients get it, encoded once
    for (const session of this.sessions) {
      if (!session.arenas.has(SHOWCASE) || (state.tick === session.lastTick && state.episode === session.lastEpisode)) continue;
      // Half a broadcast period of slack, so that timer jitter does not halve a client's rate.
      if (now - session.lastFrameAt < 1000 / session.fps - 500 / this.options.maxFps) continue;
      if (!session.canTakeFrame) {
        session.dropped++; // newest wins: the next frame it can take carries the latest state
        continue;
      }
      poses ??= this.poses(state);
      const frame = { type: 'frame', arena: SHOWCASE, tick: state.tick, episode: state.episode, dropped: session.dropped, ...poses } as const;
      if (session.dropped === 0) {
        undropped ??= encode(frame);
        session.sendBytes(undropped);
      } else session.send(frame);
      session.dropped = 0;
      session.lastFrameAt = now;
      session.lastTick = state.tick;
      session.lastEpisode = state.episode;
    }
  }

  private poses(state: ShowcaseState): Pick<FrameMessage, 'positions' | 'rotations'> {
    const positions = floatBytes(state.positions);
    if (this.rotatingAt.length === 0) return { positions };
    const rotations = new Float32Array(this.rotatingAt.length * 4);
    this.rotatingAt.forEach((at, i) => rotations.set(state.rotations.subarray(at * 4, at * 4 + 4), i * 4));
    return { positions, rotations: floatBytes(rotations) };
  }
}

function reply(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
  res.end(body);
}
