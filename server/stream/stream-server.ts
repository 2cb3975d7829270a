/**
 * HTTP and WebSocket on one port: the viewer at `/`, `GET /healthz`, and the stream at `/ws`.
 * On connect a client gets `hello`; `subscribe` answers with `world` (the arena's bodies) and
 * then `frame`s at the client's rate, sampled from the showcase's latest state on this server's
 * own clock. A client whose socket has more unsent bytes than the bound gets frames dropped
 * (counted in the next frame it does get), so no client can grow the server's memory or slow
 * the simulation. Bad input gets an `error` with a stable code; the run never notices.
 */
import { createServer, type Server } from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';
import { HISTORY_ROWS, PROTOCOL_VERSION, ProtocolError, decodeClientMessage, encode, floatBytes, type ClientMessage, type FrameMessage } from '../../client-protocol/protocol.ts';
import type { RunControl } from '../run/control.ts';
import { ClientSession } from './client-session.ts';
import { Commands } from './commands.ts';
import type { DriveHost } from './drive.ts';
import type { SeatView, ShowcaseEvent, ShowcaseState } from './showcase.ts';
import type { WorldDesc } from '../../worlds/scenario.ts';
import { serveHttp } from './http-routes.ts';
import { listenHttp } from './listen.ts';
import { RunLibrary } from '../viewing/run-library.ts';
import { showcaseScene, type ShowcaseScene } from './showcase-scene.ts';
import type { WorldFeed } from './world-feed.ts';
import { broadcastWorld, subscribeWorld } from './world-stream.ts';

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
  /** Seats in its world, role by role. */
  readonly seats: number;
  /** One seat as `inspect` shows it (null before the first episode). */
  inspect(agent: number): SeatView | null;
}

/** What the server streams: a generation run's showcase, or the ecology's live world. */
export type RunInfo = {
  runId: string;
  control: RunControl;
  /** The run's current state for /healthz and acks. */
  status(): { generation: number; paused: boolean; lastCheckpoint: string | null; showcase?: string | number; simSeconds?: number };
  /** Metrics rows written before the server started (a resumed run's), for `history`. */
  history?: Record<string, unknown>[];
  /** The run directory, whose replays and metrics the viewer's HTTP API serves. */
  runDir?: string;
} & (
  | {
      scene: SceneInfo;
      showcase: ShowcaseFeed;
      /** Changes what the showcase replays: "elites", "champion" or an elite rank. */
      setShowcase(value: string | number): string;
      /** Drive mode: a person takes over a seat of the showcase. */
      drive?: DriveHost;
      world?: undefined;
    }
  | { world: WorldFeed; scene?: undefined; showcase?: undefined; setShowcase?: undefined; drive?: undefined }
);

export class StreamServer {
  private readonly http: Server;
  private readonly wss: WebSocketServer;
  private readonly sessions = new Set<ClientSession>();
  private broadcastTimer: NodeJS.Timeout | null = null;
  /** The showcase's world message and frame layout (null in the ecology); replaced when a schedule changes the world. */
  private scene: ShowcaseScene | null = null;
  /** The last HISTORY_ROWS metrics rows, for clients that join late. */
  private readonly history: Record<string, unknown>[];
  private readonly started = Date.now();
  private readonly commands: Commands;

  constructor(
    private readonly options: StreamOptions,
    private readonly run: RunInfo,
  ) {
    this.commands = new Commands(options.controlToken, run);
    if (run.scene) this.scene = showcaseScene(SHOWCASE, run.scene.describe());
    this.history = (run.history ?? []).slice(-HISTORY_ROWS);
    const library = run.runDir ? new RunLibrary([{ name: run.runId, dir: run.runDir }], 'live') : null;
    this.http = createServer((req, res) => void serveHttp(req, res, () => this.health(), library));
    // ws enforces a hard cap (4x ours) itself; between the two we answer with TOO_LARGE first.
    this.wss = new WebSocketServer({ noServer: true, maxPayload: options.maxPayload * 4 });
    this.http.on('upgrade', (req, socket, head) => {
      if (new URL(req.url ?? '/', 'http://x').pathname !== '/ws') {
        socket.end('HTTP/1.1 404 Not Found\r\n\r\n');
        return;
      }
      this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws));
    });
    if (run.showcase) {
      run.showcase.onEvent = (event) => {
        for (const session of this.sessions) {
          if (session.arenas.has(SHOWCASE) && session.canTakeFrame) session.send({ type: 'event', arena: SHOWCASE, ...event });
        }
      };
    }
    if (run.world) {
      run.world.onEvent = (x, z, event) => {
        for (const session of this.sessions) {
          const v = session.view;
          if (v && session.viewArena && x >= v[0] && x <= v[2] && z >= v[1] && z <= v[3] && session.canTakeFrame) session.send({ type: 'event', arena: session.viewArena, ...event });
        }
      };
    }
  }

  /** What GET /healthz answers. */
  private health(): Record<string, unknown> {
    return {
      status: 'ok',
      runId: this.run.runId,
      scenario: this.scenario,
      protocol: PROTOCOL_VERSION,
      ...this.run.status(),
      clients: this.sessions.size,
      uptimeSeconds: Math.round((Date.now() - this.started) / 1000),
    };
  }

  private get scenario(): string {
    return this.scene?.message.scenario ?? 'ecology';
  }

  async listen(): Promise<number> {
    const port = await listenHttp(this.http, this.options.host, this.options.port);
    this.broadcastTimer = setInterval(() => this.broadcast(), 1000 / this.options.maxFps);
    this.broadcastTimer.unref();
    return port;
  }

  get clientCount(): number {
    return this.sessions.size;
  }

  /** Sends a finished generation's metrics row to every client. */
  /** The showcase now replays another world (a schedule's change): its watchers get the new `world`, then frames in its layout. */
  setScene(desc: WorldDesc): void {
    this.scene = showcaseScene(SHOWCASE, desc);
    for (const session of this.sessions) {
      if (!session.arenas.has(SHOWCASE)) continue;
      session.send(this.scene.message);
      session.lastTick = -1;
      session.lastEpisode = -1;
    }
  }

  /** A schedule changed the world (docs/adaptation.md): every client hears it, whatever it watches. */
  publishChange(arena: string, tick: number, change: Record<string, unknown>): void {
    for (const session of this.sessions) session.send({ type: 'event', arena, tick, kind: 'changed', agent: -1, change });
  }

  publishGeneration(row: Record<string, unknown>): void {
    this.history.push(row);
    if (this.history.length > HISTORY_ROWS) this.history.splice(0, this.history.length - HISTORY_ROWS);
    for (const session of this.sessions) session.sendGeneration(row);
  }

  async close(): Promise<void> {
    if (this.broadcastTimer) clearInterval(this.broadcastTimer);
    for (const session of this.sessions) session.socket.terminate();
    this.wss.close();
    await new Promise<void>((resolve) => this.http.close(() => resolve()));
  }

  private accept(socket: WebSocket): void {
    const session = new ClientSession(socket, this.options.messageRate, this.options.sendBufferLimit);
    if (this.sessions.size >= this.options.maxClients) {
      session.error('TOO_MANY_CONNECTIONS', `the server takes at most ${this.options.maxClients} clients`);
      socket.close(1013, 'too many connections');
      return;
    }
    this.sessions.add(session);
    const gone = () => {
      this.sessions.delete(session);
      this.commands.disconnected(session);
    };
    socket.on('close', gone);
    socket.on('error', gone);
    socket.on('message', (data, isBinary) => this.receive(session, data as Buffer, isBinary));
    const status = this.run.status();
    session.send({
      type: 'hello',
      protocol: PROTOCOL_VERSION,
      runId: this.run.runId,
      scenario: this.scenario,
      populations: this.run.scene?.populations ?? ['ecology'],
      arenas: this.run.world?.arenas ?? [SHOWCASE],
      generation: status.generation,
      paused: status.paused,
      maxFps: this.options.maxFps,
      ...(status.simSeconds !== undefined ? { simSeconds: status.simSeconds } : {}),
    });
    session.send({ type: 'history', rows: this.history });
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
        if (message.inspect && !this.run.showcase) {
          session.error('NOT_SUPPORTED', 'subscribe.inspect: agents of the ecology cannot be inspected yet; the showcase of a generation run can');
          return;
        }
        if (this.run.world) subscribeWorld(session, this.run.world, this.options.maxFps, message.arenas, message.fps, message.viewport);
        else if (this.subscribe(session, message.arenas, message.fps, message.viewport !== undefined)) this.inspect(session, this.run.showcase, message.inspect);
        return;
      case 'unsubscribe':
        for (const arena of message.arenas ?? [...session.arenas]) session.arenas.delete(arena);
        if (session.viewArena && !session.arenas.has(session.viewArena)) session.viewArena = session.view = null;
        return;
      case 'control':
        return void this.commands.control(session, message);
      case 'drive':
        this.commands.drive(session, message);
        return;
      case 'act':
        this.commands.act(session, message);
        return;
    }
  }

  /** Inspects one agent of the showcase with each frame, or none (subscribe.inspect absent). */
  private inspect(session: ClientSession, showcase: ShowcaseFeed, inspect?: { arena: string; agent: number }): void {
    if (inspect && (inspect.arena !== SHOWCASE || inspect.agent >= showcase.seats)) {
      session.error('UNKNOWN_AGENT', `subscribe.inspect: the showcase has seats 0 to ${showcase.seats - 1}; no agent ${inspect.agent} of ${JSON.stringify(inspect.arena)}`);
      return;
    }
    session.inspect = inspect?.agent ?? null;
  }

  /** True when the client now watches the showcase. */
  private subscribe(session: ClientSession, arenas: string[], fps?: number, viewport = false): boolean {
    const unknown = arenas.filter((a) => a !== SHOWCASE);
    if (unknown.length) {
      session.error('UNKNOWN_ARENA', `no arena ${unknown.map((a) => JSON.stringify(a)).join(', ')}; hello.arenas lists them`);
      return false;
    }
    if (viewport) {
      session.error('BAD_FIELD', 'subscribe.viewport is for the ecology; the showcase is always seen whole');
      return false;
    }
    session.fps = Math.min(fps ?? this.options.maxFps, this.options.maxFps);
    if (!session.arenas.has(SHOWCASE)) {
      session.arenas.add(SHOWCASE);
      // The full state first, then frames: a late joiner misses nothing it needs.
      session.send(this.scene!.message);
      session.lastTick = -1;
      session.lastEpisode = -1;
      session.lastFrameAt = 0;
    }
    return true;
  }

  private broadcast(): void {
    for (const session of this.sessions) session.flushGeneration();
    if (this.run.world) {
      broadcastWorld(this.sessions, this.run.world, this.options.maxFps);
      return;
    }
    const { state } = this.run.showcase;
    if (state.episode < 0) return; // the showcase has not stepped yet
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
      if (session.inspect !== null) this.sendInspect(session, session.inspect, state);
    }
  }

  /** With each frame, what the inspected agent senses and decides. */
  private sendInspect(session: ClientSession, agent: number, state: ShowcaseState): void {
    const seat = this.run.showcase?.inspect(agent);
    if (!seat) return;
    const populations = this.run.scene?.populations ?? [];
    const role = seat.roleName;
    session.send({
      type: 'inspect',
      arena: SHOWCASE,
      agent,
      tick: state.tick,
      episode: state.episode,
      population: populations[populations.length > 1 ? seat.role : 0] ?? role,
      role,
      slot: seat.slot,
      genome: seat.genome,
      fitness: seat.fitness,
      observation: floatBytes(seat.observation),
      actions: floatBytes(seat.actions),
      ...(seat.lines ? { lines: floatBytes(seat.lines) } : {}),
    });
  }

  private poses(state: ShowcaseState): Pick<FrameMessage, 'positions' | 'rotations'> {
    const positions = floatBytes(state.positions);
    const rotatingAt = this.scene?.rotatingAt ?? [];
    if (rotatingAt.length === 0) return { positions };
    const rotations = new Float32Array(rotatingAt.length * 4);
    rotatingAt.forEach((at, i) => rotations.set(state.rotations.subarray(at * 4, at * 4 + 4), i * 4));
    return { positions, rotations: floatBytes(rotations) };
  }
}
