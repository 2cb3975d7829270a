/**
 * The seam between coevo and a simulated world (in the spirit of evojax's VectorizedTask):
 * a scenario makes arenas; an arena is reset by its seed, observed, acted upon and stepped,
 * and accumulates each agent's fitness. Observations and actions are flat Float32Arrays,
 * one row per agent, so a whole batch of arenas feeds one batched policy call.
 */
import type { Rapier } from './rapier.ts';

/** A shape as a viewer draws it; sizes in metres. */
export type ShapeDesc =
  | { kind: 'ball'; radius: number }
  | { kind: 'box'; halfExtents: [number, number, number] }
  | { kind: 'cylinder'; radius: number; halfHeight: number };

export type BodyRole = 'agent' | 'food' | 'wall' | 'ground' | 'ring';

/** One body of an arena. Static bodies carry their pose; moving ones get it from frames. */
export interface BodyDesc {
  id: number;
  role: BodyRole;
  shape: ShapeDesc;
  /** Agent slot for agents, pellet index for food. */
  index?: number;
  /** Population (worlds with several roles: the role's index; sumo 0 red, 1 blue), for colours. */
  population?: number;
  position?: [number, number, number];
}

export interface WorldDesc {
  scenario: string;
  arenaSize: number;
  bodies: BodyDesc[];
}

export interface ScenarioSpec {
  name: string;
  observationSize: number;
  actionSize: number;
  agentsPerArena: number;
  /** Control steps per episode. */
  episodeSteps: number;
  /** Physics steps per control step (the action is held between them). */
  actionRepeat: number;
  /** Physics time step in seconds. */
  physicsDt: number;
}

export interface Arena {
  readonly agentCount: number;
  /** Writes agentCount rows of observationSize values. */
  observe(out: Float32Array): void;
  /** Reads agentCount rows of actionSize values in [-1, 1]. */
  applyActions(actions: Float32Array): void;
  /** One control step: actionRepeat physics steps, then rewards. */
  step(): void;
  readonly done: boolean;
  /** Fitness so far, one entry per agent. */
  readonly fitness: Float64Array;
  /** Food eaten so far, one entry per agent (the unshaped score). */
  readonly eaten: Int32Array;
  /**
   * Positions of the moving bodies (agents then food), x y z per body, and when `rotations` is
   * given their orientations, quaternion x y z w per body.
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
  /** The scripted expert, acting from observations alone so that it can label any state. */
  readonly expert: Controller;
  describe(): WorldDesc;
}
