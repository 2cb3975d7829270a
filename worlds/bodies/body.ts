/**
 * Agent bodies, shared by every scenario: a scenario says where an agent stands and what it
 * senses of the world; the body says how it moves and what it feels of itself (proprioception).
 * Each body also knows how to steer toward a desired velocity from its own observations, so every
 * scenario's scripted expert works with every body.
 */
import type RAPIER_TYPE from '@dimforge/rapier3d-compat';
import type { Rapier } from '../rapier.ts';
import type { ShapeDesc } from '../scenario.ts';

export const BODY_KINDS = ['ball', 'crawler'] as const;
export type BodyKindName = (typeof BODY_KINDS)[number];

/** Where a body is created: ground position of its centre and the direction it faces. */
export interface Spawn {
  x: number;
  z: number;
  /** Heading in radians about the vertical axis; 0 faces +x. */
  yaw: number;
}

export interface BodyKind {
  readonly name: BodyKindName;
  /** Proprioceptive values each agent of this body observes. */
  readonly observationSize: number;
  readonly actionSize: number;
  /** Names of the behaviour features the body reports of itself (its pose and motion, in world units). */
  readonly featureNames: readonly string[];
  /** Rigid bodies per agent, in the order positions() writes them. */
  readonly parts: ShapeDesc[];
  /** Radius of ground an agent of this body covers, for spacing at spawn and eating. */
  readonly footprint: number;
  /** Height of the centre above the ground when standing. */
  readonly standingHeight: number;
  create(rapier: Rapier, world: RAPIER_TYPE.World, spawn: Spawn): AgentBody;
  /**
   * The actions that move this body toward a desired ground velocity (m/s, world frame), worked
   * out from the body's own observation alone, so scripted experts can label any visited state.
   */
  steer(proprio: Float32Array, at: number, vx: number, vz: number, actions: Float32Array, out: number): void;
  /**
   * Turns an observation, and actions, by half a turn about the vertical axis (x and z negated),
   * so that the two sides of a symmetric game see and act in the same frame.
   */
  halfTurnObservation(proprio: Float32Array, at: number): void;
  halfTurnActions(actions: Float32Array, at: number): void;
}

export interface AgentBody {
  /** The main rigid body: its position is the agent's position. */
  readonly root: RAPIER_TYPE.RigidBody;
  readonly rigidBodies: RAPIER_TYPE.RigidBody[];
  readonly colliders: RAPIER_TYPE.Collider[];
  /** Writes observationSize values at `at`; `time` is the episode's clock in seconds. */
  observe(out: Float32Array, at: number, time: number): void;
  /** Reads actionSize values in [-1, 1] at `at`. */
  act(actions: Float32Array, at: number): void;
  /** Writes the body's behaviour features (featureNames) at `at`: metres, radians, per second. */
  features(out: Float32Array, at: number): void;
  /** Removes the body from play (a caught prey): it stops acting and is moved out of the way. */
  retire(): void;
}

/** Speeds in observations are in units of this many m/s. */
export const SPEED_SCALE = 6;

/**
 * Writes x, y, z of every rigid body of `agents`, agent by agent, from `at`, and its orientation
 * (quaternion x, y, z, w) into `rotations` at the same body's place when given; returns where
 * the positions stopped.
 */
export function writeBodyPositions(agents: readonly AgentBody[], out: Float32Array, at = 0, rotations?: Float32Array): number {
  for (const agent of agents) {
    for (const body of agent.rigidBodies) {
      if (rotations) {
        const q = body.rotation();
        rotations.set([q.x, q.y, q.z, q.w], (at / 3) * 4);
      }
      const p = body.translation();
      out[at++] = p.x;
      out[at++] = p.y;
      out[at++] = p.z;
    }
  }
  return at;
}
