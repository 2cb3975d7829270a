/**
 * One connected viewer: what it subscribed to, how fast it wants frames, how many frames and
 * generation rows were held back for it, and a token bucket that limits how many messages it may
 * send. Nothing is sent to a client whose socket already holds more unsent bytes than the bound:
 * frames are dropped (newest wins), the newest generation row waits for it to drain, and small
 * replies (hello, acks, errors) are dropped past four times the bound.
 */
import type { WebSocket } from 'ws';
import { encode, type ErrorCode, type GenerationMessage, type ServerMessage, type Viewport } from '../../client-protocol/protocol.ts';

export class ClientSession {
  readonly arenas = new Set<string>();
  fps = 0;
  lastFrameAt = 0;
  lastTick = -1;
  lastEpisode = -1;
  dropped = 0;
  /** The ecology: the arena subscribed to and the part of the floor its frames cover. */
  viewArena: string | null = null;
  view: Viewport | null = null;
  /** The showcase seat this client inspects (subscribe.inspect), if any. */
  inspect: number | null = null;
  /** The newest generation row not yet sent because the client was not reading, and how many were skipped. */
  private pendingGeneration: GenerationMessage | null = null;
  private skippedGenerations = 0;
  private tokens: number;
  private refilledAt = Date.now();

  constructor(
    readonly socket: WebSocket,
    private readonly messageRate: number,
    private readonly sendBufferLimit: number,
  ) {
    this.tokens = messageRate * 2;
  }

  /** Takes one message from the bucket; false when the client is sending too fast. */
  takeMessageToken(): boolean {
    const now = Date.now();
    this.tokens = Math.min(this.messageRate * 2, this.tokens + ((now - this.refilledAt) / 1000) * this.messageRate);
    this.refilledAt = now;
    if (this.tokens < 1) return false;
    this.tokens--;
    return true;
  }

  /** True while the socket's unsent bytes are under the bound: only then is a frame worth sending. */
  get canTakeFrame(): boolean {
    return this.socket.bufferedAmount < this.sendBufferLimit;
  }

  /** A small reply (hello, ack): sent unless the socket is far past the bound. */
  send(message: ServerMessage): void {
    if (this.socket.bufferedAmount < this.sendBufferLimit * 4) this.sendBytes(encode(message));
  }

  /** A generation row: sent now if the client keeps up, else kept (newest wins) until it drains. */
  sendGeneration(row: Record<string, unknown>): void {
    if (this.pendingGeneration) this.skippedGenerations++;
    this.pendingGeneration = { type: 'generation', row };
    this.flushGeneration();
  }

  /** Sends the waiting generation row once the socket is under the bound. */
  flushGeneration(): void {
    if (!this.pendingGeneration || !this.canTakeFrame) return;
    const message: GenerationMessage = this.skippedGenerations ? { ...this.pendingGeneration, skipped: this.skippedGenerations } : this.pendingGeneration;
    this.pendingGeneration = null;
    this.skippedGenerations = 0;
    this.sendBytes(encode(message));
  }

  /** Sends an already encoded message (one encoding serves every client that gets the same frame). */
  sendBytes(bytes: Uint8Array): void {
    if (this.socket.readyState === this.socket.OPEN) this.socket.send(bytes);
  }

  /** Sends an error; small messages like this are sent even past the frame bound. */
  error(code: ErrorCode, message: string): void {
    this.send({ type: 'error', code, message });
  }
}
