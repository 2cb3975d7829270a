/**
 * The coevo wire protocol, shared by the server and every client. Each WebSocket message is one
 * binary frame holding one MessagePack map with a `type` field; bulk numbers travel as MessagePack
 * `bin` of little-endian float32 values, so any MessagePack decoder (Python, Rust, ...) reads them.
 * docs/protocol.md documents every message, field, unit and error code.
 */
import { Packr } from 'msgpackr';

// Reading and writing the bins of frames, and replays as the viewer's HTTP API serves them.
export * from './bytes.ts';
export * from './replay.ts';

export const PROTOCOL_VERSION = 1;

/** Messages the server sends. */
export const SERVER_MESSAGES = {
  hello: 'hello',
  world: 'world',
  frame: 'frame',
  generation: 'generation',
  history: 'history',
  inspect: 'inspect',
  event: 'event',
  ack: 'ack',
  error: 'error',
} as const;

/** Messages a client sends. */
export const CLIENT_MESSAGES = {
  subscribe: 'subscribe',
  unsubscribe: 'unsubscribe',
  control: 'control',
  drive: 'drive',
  act: 'act',
} as const;

export const CONTROL_ACTIONS = ['pause', 'resume', 'step', 'checkpoint', 'showcase'] as const;

/** Stable error codes of `error` messages. */
export const ERROR_CODES = {
  MALFORMED: 'MALFORMED',
  UNKNOWN_TYPE: 'UNKNOWN_TYPE',
  BAD_FIELD: 'BAD_FIELD',
  TOO_LARGE: 'TOO_LARGE',
  RATE_LIMITED: 'RATE_LIMITED',
  UNAUTHORIZED: 'UNAUTHORIZED',
  UNKNOWN_ARENA: 'UNKNOWN_ARENA',
  TOO_MANY_CONNECTIONS: 'TOO_MANY_CONNECTIONS',
  CONTROL_FAILED: 'CONTROL_FAILED',
  DRIVE_BUSY: 'DRIVE_BUSY',
  UNKNOWN_AGENT: 'UNKNOWN_AGENT',
  NOT_DRIVING: 'NOT_DRIVING',
  NOT_SUPPORTED: 'NOT_SUPPORTED',
} as const;

export type ServerMessageType = (typeof SERVER_MESSAGES)[keyof typeof SERVER_MESSAGES];
export type ClientMessageType = (typeof CLIENT_MESSAGES)[keyof typeof CLIENT_MESSAGES];
export type ControlAction = (typeof CONTROL_ACTIONS)[number];
export type ErrorCode = (typeof ERROR_CODES)[keyof typeof ERROR_CODES];

export type ShapeDesc =
  | { kind: 'ball'; radius: number }
  | { kind: 'box'; halfExtents: [number, number, number] }
  /** Upright (axis along y). */
  | { kind: 'cylinder'; radius: number; halfHeight: number };

export interface BodyDesc {
  id: number;
  role: 'agent' | 'food' | 'poison' | 'wall' | 'ground' | 'ring' | 'block' | 'goal';
  shape: ShapeDesc;
  index?: number;
  /** Pose of a static body; moving bodies get theirs from frames. */
  position?: [number, number, number];
  /** Population of an agent (index into hello.populations). */
  population?: number;
}

export interface HelloMessage {
  type: 'hello';
  protocol: number;
  runId: string;
  scenario: string;
  populations: string[];
  /** Arenas a client may subscribe to. */
  arenas: string[];
  generation: number;
  paused: boolean;
  /** The most frames per second the server sends any client. */
  maxFps: number;
  /** The ecology: simulated seconds since its world began. */
  simSeconds?: number;
}

/** A rectangle of the floor, [x0, z0, x1, z1] in metres with x0 < x1 and z0 < z1. */
export type Viewport = [number, number, number, number];

export interface WorldMessage {
  type: 'world';
  arena: string;
  scenario: string;
  arenaSize: number;
  bodies: BodyDesc[];
  /** Ids of the bodies whose positions each frame carries, in that order. */
  moving: number[];
  /**
   * Ids of the moving bodies whose orientation each frame carries too, in that order: those whose
   * turning shows (boxes, cylinders), not balls. Empty when there are none.
   */
  rotating: number[];
  /** The ecology: the part of the floor this subscription's frames cover (the arena's bounds within the asked viewport). */
  viewport?: Viewport;
  /** The ecology: every region's name and bounds. */
  regions?: { name: string; bounds: Viewport }[];
}

export interface FrameMessage {
  type: 'frame';
  arena: string;
  /** Physics steps since the arena's episode began (1/60 s each). */
  tick: number;
  /** Episodes this arena has played; a new episode restarts the tick. */
  episode: number;
  /** Frames the server dropped for this client since the previous frame it sent (backpressure). */
  dropped: number;
  /** x, y, z (metres) of each moving body, float32 little-endian, 12 bytes a body. */
  positions: Uint8Array;
  /** Orientation quaternion x, y, z, w of each id of `world.rotating`, float32 little-endian, 16 bytes a body; absent when it is empty. */
  rotations?: Uint8Array;
  /** The ecology: the stable agentId of each position, int32 little-endian (agents come and go, so frames name them). */
  ids?: Uint8Array;
  /** The ecology: each agent's lineage (the id of its seeded ancestor), int32 little-endian. */
  lineages?: Uint8Array;
  /** The ecology: each agent's energy, float32 little-endian. */
  energies?: Uint8Array;
  /** The ecology: x, z of each standing pellet in the viewport, float32 little-endian. */
  food?: Uint8Array;
}

export interface GenerationMessage {
  type: 'generation';
  /** The metrics.jsonl row of the generation that just ended. */
  row: Record<string, unknown>;
  /**
   * Rows this client did not get because it was not reading (its socket held more unsent bytes
   * than the server's bound): it gets the newest row once it drains. Absent when none were skipped.
   */
  skipped?: number;
}

/** Right after `hello`: the run's last metrics rows (up to HISTORY_ROWS), oldest first, so a chart starts at the run's beginning. */
export interface HistoryMessage {
  type: 'history';
  rows: Record<string, unknown>[];
}

/** Rows a `history` message carries at most. */
export const HISTORY_ROWS = 1000;

/** Kinds of an `inspect` message's sensor lines: a ray that hit nothing, a wall or an agent; a pointer to food or poison. */
export const SENSOR_LINE = { miss: 0, wall: 1, agent: 2, food: 3, poison: 4 } as const;
export type SensorLineKind = keyof typeof SENSOR_LINE;

/** The agent a client inspects (subscribe.inspect), with each frame: who it is, what it senses and what it decides. */
export interface InspectMessage {
  type: 'inspect';
  arena: string;
  /** The seat (as `drive.agent` counts them). */
  agent: number;
  tick: number;
  episode: number;
  /** Its population's name (hello.populations), and its role's. */
  population: string;
  role: string;
  slot: number;
  /** What plays the seat: the rank of its genome in its population's last generation (0 = best), "expert" (its role's scripted expert, before the first generation), or "person" (driven). */
  genome: number | 'expert' | 'person';
  /** Its shaped fitness so far in this episode. */
  fitness: number;
  /** Its latest observation and actions, float32 little-endian. */
  observation: Uint8Array;
  actions: Uint8Array;
  /** What it senses as lines, float32 little-endian, 7 per line: x0 y0 z0 x1 y1 z1, then a SENSOR_LINE kind. Absent in worlds without (sumo, pursuit). */
  lines?: Uint8Array;
}

export interface EventMessage {
  type: 'event';
  arena: string;
  tick: number;
  kind: 'ate' | 'born' | 'died' | 'imitated' | 'changed';
  /** The agent (-1 for `changed`, which is about the whole world). */
  agent: number;
  /** The pellet eaten, for `ate`. */
  food?: number;
  /** The ecology: the parent, for `born` (-1: seeded); whom the agent imitated, for `imitated`. */
  parent?: number;
  model?: number;
  /** For `imitated`: metres between the two. */
  distance?: number;
  /**
   * For `changed`: what a run's schedule set, as a partial config (`{ worlds: { forage: { foodCount: 4 } } }`).
   * `tick` is then the first generation played in the changed world (the ecology: the physics step from which it holds).
   */
  change?: Record<string, unknown>;
}

export interface AckMessage {
  type: 'ack';
  /** The control action done, or `drive` when a drive session starts or ends. */
  action: ControlAction | 'drive';
  /** What the server now reports about itself (paused, generation, checkpoint path). */
  state: Record<string, unknown>;
}

export interface ErrorMessage {
  type: 'error';
  code: ErrorCode;
  message: string;
}

export type ServerMessage = HelloMessage | WorldMessage | FrameMessage | GenerationMessage | HistoryMessage | InspectMessage | EventMessage | AckMessage | ErrorMessage;

export interface SubscribeMessage {
  type: 'subscribe';
  /** Arena names from hello.arenas; "showcase" is always there. */
  arenas: string[];
  /** Frames per second wanted (capped by hello.maxFps). */
  fps?: number;
  /** The ecology: only the bodies inside this rectangle; the whole arena when absent. */
  viewport?: Viewport;
  /** One agent to get `inspect` messages about with each frame (a seat number as `drive.agent` counts them); none when absent. */
  inspect?: { arena: string; agent: number };
}

export interface UnsubscribeMessage {
  type: 'unsubscribe';
  /** Arenas to leave; all when absent. */
  arenas?: string[];
}

export interface ControlMessage {
  type: 'control';
  token: string;
  action: ControlAction;
  /** For `showcase`: which genome the showcase replays ("champion" or an elite rank, 0 = best). */
  value?: string | number;
}

/**
 * Takes over one agent of the showcase (docs/protocol.md, "Drive mode"): `agent` counts the
 * showcase's seats role by role (sumo: 0 red, 1 blue). `stop: true` ends the session.
 */
export interface DriveMessage {
  type: 'drive';
  token: string;
  arena?: string;
  agent?: number;
  stop?: boolean;
}

/** The driven agent's actions: its body's action size, or 2 (a desired ground velocity) for bodies that steer. */
export interface ActMessage {
  type: 'act';
  token: string;
  /** float32 little-endian, each in [-1, 1]. */
  actions: Uint8Array;
}

/** Values an `act` message may carry at most (the largest body's actions). */
export const MAX_ACT_VALUES = 64;

export type ClientMessage = SubscribeMessage | UnsubscribeMessage | ControlMessage | DriveMessage | ActMessage;

const packr = new Packr({ useRecords: false, variableMapSize: true });

export function encode(message: ServerMessage | ClientMessage): Uint8Array {
  return packr.pack(message);
}

/** Decodes a server message (clients trust the server; a bad one throws). */
export function decodeServerMessage(bytes: Uint8Array): ServerMessage {
  const message = packr.unpack(bytes) as ServerMessage;
  if (!message || typeof message !== 'object' || typeof message.type !== 'string') throw new Error('coevo protocol: not a message');
  return message;
}

export class ProtocolError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** Decodes and validates a client message; anything off is a ProtocolError with its code. */
export function decodeClientMessage(bytes: Uint8Array): ClientMessage {
  let raw: unknown;
  try {
    raw = packr.unpack(bytes);
  } catch {
    throw new ProtocolError('MALFORMED', 'not valid MessagePack');
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw) || raw instanceof Uint8Array) throw new ProtocolError('MALFORMED', 'a message is a map with a "type" field');
  const message = raw as Record<string, unknown>;
  const bad = (field: string, expected: string): never => {
    throw new ProtocolError('BAD_FIELD', `${String(message.type)}.${field} must be ${expected}`);
  };
  switch (message.type) {
    case 'subscribe': {
      if (!Array.isArray(message.arenas) || message.arenas.length === 0 || message.arenas.length > 64 || !message.arenas.every((a) => typeof a === 'string' && a.length <= 64)) {
        bad('arenas', 'a list of 1 to 64 arena names');
      }
      if (message.fps !== undefined && (typeof message.fps !== 'number' || !(message.fps > 0 && message.fps <= 1000))) bad('fps', 'a number in (0, 1000]');
      const viewport = message.viewport;
      if (viewport !== undefined && !isViewport(viewport)) bad('viewport', '[x0, z0, x1, z1]: four finite numbers with x0 < x1 and z0 < z1');
      const inspect = message.inspect as Record<string, unknown> | undefined;
      if (inspect !== undefined && (!inspect || typeof inspect !== 'object' || typeof inspect.arena !== 'string' || !Number.isInteger(inspect.agent) || (inspect.agent as number) < 0)) {
        bad('inspect', '{arena, agent}: an arena name and a seat number from 0');
      }
      return {
        type: 'subscribe',
        arenas: message.arenas as string[],
        ...(message.fps !== undefined ? { fps: message.fps as number } : {}),
        ...(viewport !== undefined ? { viewport: viewport as Viewport } : {}),
        ...(inspect !== undefined ? { inspect: { arena: inspect.arena as string, agent: inspect.agent as number } } : {}),
      };
    }
    case 'unsubscribe': {
      if (message.arenas !== undefined && (!Array.isArray(message.arenas) || !message.arenas.every((a) => typeof a === 'string'))) bad('arenas', 'a list of arena names');
      return { type: 'unsubscribe', ...(message.arenas ? { arenas: message.arenas as string[] } : {}) };
    }
    case 'control': {
      if (typeof message.token !== 'string' || message.token.length > 256) bad('token', 'a string');
      if (!CONTROL_ACTIONS.includes(message.action as ControlAction)) bad('action', `one of ${CONTROL_ACTIONS.join(', ')}`);
      if (message.value !== undefined && typeof message.value !== 'string' && typeof message.value !== 'number') bad('value', 'a string or a number');
      return {
        type: 'control',
        token: message.token as string,
        action: message.action as ControlAction,
        ...(message.value !== undefined ? { value: message.value as string | number } : {}),
      };
    }
    case 'drive': {
      if (typeof message.token !== 'string' || message.token.length > 256) bad('token', 'a string');
      if (message.stop !== undefined && message.stop !== true) bad('stop', 'true (or absent)');
      if (message.stop) return { type: 'drive', token: message.token as string, stop: true };
      if (typeof message.arena !== 'string' || message.arena.length > 64) bad('arena', 'an arena name');
      if (!Number.isInteger(message.agent) || (message.agent as number) < 0) bad('agent', 'a seat number from 0');
      return { type: 'drive', token: message.token as string, arena: message.arena as string, agent: message.agent as number };
    }
    case 'act': {
      if (typeof message.token !== 'string' || message.token.length > 256) bad('token', 'a string');
      const actions = message.actions;
      if (!(actions instanceof Uint8Array) || actions.byteLength % 4 !== 0 || actions.byteLength === 0 || actions.byteLength > MAX_ACT_VALUES * 4) {
        bad('actions', `bin of 1 to ${MAX_ACT_VALUES} little-endian float32 values`);
      }
      return { type: 'act', token: message.token as string, actions: actions as Uint8Array };
    }
    default:
      throw new ProtocolError('UNKNOWN_TYPE', `unknown message type ${JSON.stringify(message.type)}`);
  }
}

function isViewport(v: unknown): v is Viewport {
  return Array.isArray(v) && v.length === 4 && v.every((x) => typeof x === 'number' && Number.isFinite(x)) && v[0] < v[2] && v[1] < v[3];
}
