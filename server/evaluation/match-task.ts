/**
 * A batch of matches, described completely by plain data so that it can be played on the main
 * thread, in a shard, or on another machine: the world, the teams that take seats, and for each
 * match its seed and who sits where. Every generation of every run, every CIAO report and every
 * tournament is such a batch.
 */
import type { SeededCandidates } from '../../agents/evolution/strategies/strategy.ts';
import type { MlpShape } from '../../agents/mlp.ts';
import type { BodyKindName } from '../../worlds/bodies/body.ts';
import type { WorldsConfig } from '../../worlds/registry.ts';

/** Which world to build: a scenario name, every world's settings and a body per role. */
export interface ScenarioRef {
  scenario: string;
  worlds: WorldsConfig;
  /** Body of each role, in role order. */
  bodies: BodyKindName[];
  /** Downward acceleration, m/s² (`physics.gravity`); absent: 9.81, as before the key existed. */
  gravity?: number;
}

/**
 * Who drives a group of seats: networks of one shape (one genome per member), the role's
 * scripted expert, or uniform random actions (seeded per seat, so results never depend on
 * how matches are batched).
 */
export type Team =
  | {
      kind: 'mlp';
      shape: MlpShape;
      genomes: Float32Array[];
      /** A stochastic policy's members act on samples of their Gaussian (seeded per seat) instead of its mean. */
      sample?: boolean;
      /**
       * The same genomes as offsets into the shared noise table (OpenAI-ES and PGPE): a batch that
       * leaves the thread may carry these instead of the genomes, and is rebuilt bit for bit.
       */
      seeded?: SeededCandidates;
    }
  | { kind: 'expert' }
  | { kind: 'random' };

/** One seat: a member of a team, and whether its result counts toward that member's fitness. */
export interface Seat {
  team: number;
  member: number;
  /** True for the seats a generation scores (every seat of forage, the focal seat of a match). */
  scores?: boolean;
}

export interface MatchTask {
  /** Index of the match within its batch (results come back with it). */
  index: number;
  seed: number;
  /** seats[role][slot]. */
  seats: Seat[][];
}

/** Which (observation, action) pairs of the scoring seats a batch records, for imitation. */
export interface RecordOptions {
  /** Control steps between recorded pairs; 0 records nothing. */
  every: number;
  /** Also label each recorded observation with the role's scripted expert. */
  expertLabels: boolean;
}

export const NO_RECORDING: RecordOptions = { every: 0, expertLabels: false };

/**
 * Pairs recorded in one match: for each scoring seat in seat order (role by role, slot by slot),
 * `samples` rows of its role's sizes (observation, action, label, behaviour features), of which the
 * first `valid[k]` were recorded before the match ended; seat k's rows start where seat k - 1's end.
 */
export interface MatchRecording {
  samples: number;
  valid: Int32Array;
  observations: Float32Array;
  actions: Float32Array;
  /** The scripted expert's actions for the same observations (empty unless asked for). */
  labels: Float32Array;
  /** The world's behaviour features (RoleSpec.features) at the same steps, seat after seat. */
  features: Float32Array;
}

export interface MatchResult {
  index: number;
  /** Per role, per slot. */
  fitness: Float64Array[];
  outcome: Float64Array[];
  agentSteps: number;
  nonFiniteActions: number;
  nonFiniteObservations: number;
  recording?: MatchRecording;
  /**
   * When the batch asked (MatchBatch.describe): per role, each slot's behaviour features
   * (RoleSpec.features) averaged over the control steps of its episode, slot after slot.
   */
  behaviour?: Float64Array[];
}

export interface MatchBatch {
  world: ScenarioRef;
  teams: Team[];
  tasks: MatchTask[];
  record?: RecordOptions;
  /** Also report each seat's mean behaviour features (MatchResult.behaviour), for MAP-Elites. */
  describe?: boolean;
}

/** The scoring seats of a match, in seat order. */
export function scoringSeats(task: MatchTask): { role: number; slot: number; seat: Seat }[] {
  return task.seats.flatMap((seats, role) => seats.flatMap((seat, slot) => (seat.scores ? [{ role, slot, seat }] : [])));
}
