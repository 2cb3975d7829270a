/**
 * One connected viewer: what it subscribed to, how fast it wants frames, how many frames were
 * dropped for it, and a token bucket that limits how many messages it may send.
 */
import type { WebSocket } from 'ws';
import { encode, type ErrorCode, type ServerMessage } from '../../client-protocol/protocol.ts';

export class ClientSession {
  readonly arenas = new Set<string>();
  fps = 0;
  lastFrameAt = 0;
  lastTick = -1;
  lastEpisode = -1;
  dropped = 0;
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

  send(message: ServerMessage): void {
    this.sendBytes(encode(message));
  }

  /** Sends an already encoded message (one encoding serves every client that gets the same frame). */
  sendBytes(bytes: Uint8Array): void {
    if (this.socket.readyState === this.socket.OPEN) this.socket.send(bytes);
  }

  /** Sends an error; small messages like this are sent even past the frame bound. */
  error(code: ErrorCode, message: string): void {
    if (this.socket.bufferedAmount < this.sendBufferLimit * 4) this.send({ type: 'error', code, message });
  }
}
