/**
 * A batch of matches, described completely by plain data so that it can be played on the main
 * thread, in a shard, or (later) on another machine: the world, the teams that take seats, and
 * for each match its seed and who sits where.
 */
import type { MlpShape } from '../../agents/mlp.ts';
import type { BodyKindName } from '../../worlds/bodies/body.ts';
import type { WorldsConfig } from '../../worlds/registry.ts';

export interface MatchWorldRef {
  scenario: string;
  worlds: WorldsConfig;
  /** Body of each role, in role order. */
  bodies: BodyKindName[];
}

/**
 * Who drives a group of seats: networks of one shape (one genome per member), the role's
 * scripted expert, or uniform random actions (seeded per seat, so results never depend on
 * how matches are batched).
 */
export type Team = { kind: 'mlp'; shape: MlpShape; genomes: Float32Array[] } | { kind: 'expert' } | { kind: 'random' };

/** One seat: a member of a team. */
export interface Seat {
  team: number;
  member: number;
}

export interface MatchTask {
  /** Index of the match within its batch (results come back with it). */
  index: number;
  seed: number;
  /** seats[role][slot]. */
  seats: Seat[][];
}

export interface MatchResult {
  index: number;
  /** Per role, per slot. */
  fitness: Float64Array[];
  outcome: Float64Array[];
  agentSteps: number;
  nonFiniteActions: number;
  nonFiniteObservations: number;
}

export interface MatchBatch {
  world: MatchWorldRef;
  teams: Team[];
  tasks: MatchTask[];
}
