/**
 * The one seam between coevo and a simulated world (in the spirit of evojax's VectorizedTask).
 * Every world is a match world: it has roles, each with a body and a number of seats (slots) in
 * every arena. Forage and locomotion have one role whose seats all score; sumo and pursuit have
 * two roles that meet. An arena is reset by its seed, observed and acted upon role by role, and
 * reports per role and slot a shaped fitness for evolution and an unshaped outcome for ratings.
 * Observations and actions are flat Float32Arrays, one row per seat, so a whole batch of arenas
 * feeds one batched policy call.
 */
import type { BodyKind, BodyKindName } from './bodies/body.ts';
import type { Rapier } from './rapier.ts';

/** A shape as a viewer draws it; sizes in metres. */
export type ShapeDesc = { kind: 'ball'; radius: number } | { kind: 'box'; halfExtents: [number, number, number] } | { kind: 'cylinder'; radius: number; halfHeight: number };

export type BodyRole = 'agent' | 'food' | 'poison' | 'wall' | 'ground' | 'ring' | 'block' | 'goal';

/** One body of an arena. Static bodies carry their pose; moving ones get it from frames. */
export interface BodyDesc {
  id: number;
  role: BodyRole;
  shape: ShapeDesc;
  /** Agent slot for agents, pellet index for food. */
  index?: number;
  /** Role index of an agent in worlds of several roles (sumo 0 red, 1 blue), for colours. */
  population?: number;
  position?: [number, number, number];
}

/** What a viewer needs to draw an arena. */
export interface WorldDesc {
  scenario: string;
  arenaSize: number;
  bodies: BodyDesc[];
}

export interface RoleSpec {
  name: string;
  body: BodyKindName;
  observationSize: number;
  actionSize: number;
  /** Seats of this role in each arena. */
  slots: number;
  /** Where the body's own observation (BodyKind.observationSize values, what `steer` reads) starts in the role's observation. */
  proprioAt?: number;
  /**
   * Names of the behaviour features each seat of this role reports (Arena.features): what an
   * agent does, computed from the world's state, in world units, whether or not it observes them.
   */
  features: readonly string[];
}

export interface ScenarioSpec {
  name: string;
  roles: RoleSpec[];
  /** Control steps per episode. */
  episodeSteps: number;
  /** Physics steps per control step (the action is held between them). */
  actionRepeat: number;
  /** Physics time step in seconds. */
  physicsDt: number;
  /**
   * True when the world is a two-player game between identical roles (sumo), so that any two
   * policies can meet in a tournament, each playing either side.
   */
  symmetric: boolean;
  /** True when a role's seats in an arena are one team that shares its score (carry): a population plays them together. */
  team?: boolean;
}

export interface Arena {
  /** Writes slots(role) rows of the role's observation. */
  observe(role: number, out: Float32Array): void;
  /** Reads slots(role) rows of the role's actions, in [-1, 1]. */
  applyActions(role: number, actions: Float32Array): void;
  /** Writes slots(role) rows of the role's behaviour features (RoleSpec.features) for the current state. */
  features(role: number, out: Float32Array): void;
  /** One control step: actionRepeat physics steps, then scoring. */
  step(): void;
  readonly done: boolean;
  /** Shaped fitness so far, per role, per slot. */
  readonly fitness: Float64Array[];
  /**
   * The unshaped result so far, per role, per slot (see each world's document): forage food
   * eaten, sumo 1 win, 0.5 draw, 0 loss; pursuit catches per predator, 1 per surviving prey.
   */
  readonly outcome: Float64Array[];
  /**
   * Positions of the moving bodies (every part of every agent, role by role, then food, or carry's block and goal), x y z per
   * body, and when `rotations` is given their orientations, quaternion x y z w per body.
   */
  positions(out: Float32Array, rotations?: Float32Array): void;
  /** Frees the native Rapier memory this arena created. */
  dispose(): void;
}

/** A controller maps a batch of observations to actions; it never sees the world itself. */
export type Controller = (observations: Float32Array, count: number, actions: Float32Array) => void;

/** A controller that holds memory (tensors) its owner must free. */
export interface DisposableController {
  controller: Controller;
  dispose(): void;
}

export interface Scenario<Options = unknown> {
  readonly spec: ScenarioSpec;
  readonly options: Options;
  createArena(rapier: Rapier, seed: number): Arena;
  /** The scripted expert of each role, acting from that role's observations alone, so it can label any state. */
  readonly experts: Controller[];
  /**
   * The score of seat (role, slot) in a finished game, the unshaped measure that metrics, ratings
   * and CIAO matrices are made of: forage food eaten; sumo 1 win, 0.5 draw, 0 loss; pursuit the
   * share of prey caught (predators) or left free (prey).
   */
  score(outcome: Float64Array[], role: number, slot: number): number;
  describe(): WorldDesc;
  /**
   * What a seat of `role` senses, drawn as lines from `origin` (its body's position), read back
   * from its observation: x0 y0 z0 x1 y1 z1 and a SENSOR_LINE kind per line. Absent in worlds whose
   * senses are not rays or pointers (sumo and pursuit observe relative positions).
   */
  sensorLines?(role: number, observation: Float32Array, origin: [number, number, number]): Float32Array;
}

export { SENSOR_LINE, type SensorLineKind } from '../client-protocol/protocol.ts';

/** Roles whose agents observe `worldObservations` values about the world, then their body's own. */
export function roleSpecs(names: readonly string[], kinds: BodyKind[], worldObservations: number, slots: number[], features: readonly string[]): RoleSpec[] {
  return names.map((name, i) => ({
    name,
    body: kinds[i].name,
    observationSize: worldObservations + kinds[i].observationSize,
    actionSize: kinds[i].actionSize,
    slots: slots[i],
    proprioAt: worldObservations,
    features,
  }));
}
