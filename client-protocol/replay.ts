/**
 * Replays as the viewer's HTTP API serves them (docs/viewer.md, "Replays"): the header every
 * replay file has, and its poses as float32 bins.
 */
import { Packr } from 'msgpackr';
import type { WorldMessage } from './protocol.ts';

/** One seat of a replayed match: who sat there and how it ended. */
export interface ReplaySeat {
  /** The seat as `drive.agent` counts them (role by role, slot by slot). */
  agent: number;
  /** Its population (a past champion's: "NAME (hall of fame)"). */
  population: string;
  role: string;
  slot: number;
  /** Member of its population in that generation (-1: a past champion). */
  member: number;
  fitness: number;
  /** The unshaped score (scenario.score): food eaten, 1 win / 0.5 draw / 0 loss, the share of prey caught or left free. */
  score: number;
}

/** Everything a replay holds but its poses (docs/viewer.md, "The replay format"). */
export interface ReplayHeader {
  runId: string;
  generation: number;
  scenario: string;
  /** The match's seed: re-simulating it with the same networks gives the same episode. */
  seed: number;
  /** The champion whose episode it is, and its seat. */
  champion: { population: string; member: number; agent: number };
  /** What a viewer needs to draw it (arena "replay"). */
  world: WorldMessage;
  /** Frames per simulated second, and physics steps (1/60 s) between frames. */
  hz: number;
  ticksPerFrame: number;
  frames: number;
  seats: ReplaySeat[];
  /** Each change of a seat's outcome: the frame after which it happened, the seat, and the new outcome. */
  events: { frame: number; agent: number; outcome: number }[];
}

/**
 * A replay as the viewer's HTTP API serves it (`GET /api/runs/I/replays/G`): positions and
 * rotations as float32 little-endian bins laid out as in `frame` messages, frame after frame.
 */
export interface ReplayData extends ReplayHeader {
  positions: Uint8Array;
  rotations: Uint8Array;
}

const packr = new Packr({ useRecords: false, variableMapSize: true });

export function decodeReplayData(bytes: Uint8Array): ReplayData {
  const replay = packr.unpack(bytes) as ReplayData;
  if (!replay || typeof replay !== 'object' || !(replay.positions instanceof Uint8Array)) throw new Error('coevo: not a replay');
  return replay;
}
