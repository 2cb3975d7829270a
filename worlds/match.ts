/**
 * The seam for worlds where agents of different roles meet (sumo, pursuit): an arena has a fixed
 * number of slots per role; each role has its own observation and action sizes (its body), and
 * the arena reports, per slot, a shaped fitness for evolution and an unshaped outcome for ratings.
 * Single-role worlds (forage, locomotion) use the simpler Scenario of scenario.ts.
 */
import type { Rapier } from './rapier.ts';
import type { BodyKind, BodyKindName } from './bodies/body.ts';
import type { Controller, WorldDesc } from './scenario.ts';

export interface RoleSpec {
  name: string;
  body: BodyKindName;
  observationSize: number;
  actionSize: number;
  /** Agents of this role in each arena. */
  slots: number;
}

export interface MatchSpec {
  name: string;
  roles: RoleSpec[];
  /** Control steps per episode. */
  episodeSteps: number;
  actionRepeat: number;
  physicsDt: number;
  /**
   * True when the world is a two-player game between identical roles (sumo), so that any two
   * policies can meet in a tournament, each playing either side.
   */
  symmetric: boolean;
}

export interface MatchArena {
  /** Writes slots(role) rows of the role's observation. */
  observe(role: number, out: Float32Array): void;
  /** Reads slots(role) rows of the role's actions, in [-1, 1]. */
  applyActions(role: number, actions: Float32Array): void;
  /** One control step: actionRepeat physics steps, then scoring. */
  step(): void;
  readonly done: boolean;
  /** Shaped fitness so far, per role, per slot. */
  readonly fitness: Float64Array[];
  /**
   * The game's result, per role, per slot (see each world's document): sumo 1 win, 0.5 draw,
   * 0 loss; pursuit catches per predator, 1 per surviving prey.
   */
  readonly outcome: Float64Array[];
  /**
   * Positions of the moving bodies (all parts of every agent, role by role), x y z per body, and
   * when `rotations` is given their orientations, quaternion x y z w per body.
   */
  positions(out: Float32Array, rotations?: Float32Array): void;
  dispose(): void;
}

export interface MatchScenario<Options = unknown> {
  readonly spec: MatchSpec;
  readonly options: Options;
  createArena(rapier: Rapier, seed: number): MatchArena;
  /** The scripted expert of each role, acting from that role's observations alone. */
  readonly experts: Controller[];
  /**
   * The share of a finished game that role `role` won, in [0, 1] (sumo: 1 win, 0.5 draw, 0 loss;
   * pursuit: predators the share of prey caught, prey the share that stayed free): the score
   * ratings and CIAO matrices are made of.
   */
  score(outcome: Float64Array[], role: number): number;
  describe(): WorldDesc;
}

/** Roles whose agents observe `worldObservations` values about the world, then their body's own. */
export function roleSpecs(names: readonly string[], kinds: BodyKind[], worldObservations: number, slots: number[]): RoleSpec[] {
  return names.map((name, i) => ({
    name,
    body: kinds[i].name,
    observationSize: worldObservations + kinds[i].observationSize,
    actionSize: kinds[i].actionSize,
    slots: slots[i],
  }));
}
