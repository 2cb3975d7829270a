/** Settings of the carry world (docs/carry.md); validated by the config schema (server/config/world-schemas.ts). */
import type { BodyKindName } from '../bodies/body.ts';
import { PHYSICAL_DEFAULTS, type Physical } from '../physical.ts';

export interface CarryOptions extends Physical {
  /** Agents in the team (2–4), each a seat of the one role. */
  teamSize: number;
  body: BodyKindName;
  /** Side of the square walled floor, metres. */
  arenaSize: number;
  /** Mass of the block, kg, and the side of its square footprint, metres (it is 1 m tall). */
  blockMass: number;
  blockSize: number;
  /** Friction coefficient of the block: against the ground and the agents the lower of it and theirs counts. */
  blockFriction: number;
  /** Metres from the block's start to the goal's centre, and the goal zone's radius. */
  goalDistance: number;
  goalRadius: number;
  episodeSeconds: number;
  actionRepeat: number;
  /** Force at action magnitude 1 for ball bodies, newtons. */
  maxForce: number;
  /** Fitness for carrying the block all the way to the goal, earned as it moves closer (0: only the goal's bonus). */
  shaping: number;
}

export const CARRY_DEFAULTS: CarryOptions = {
  ...PHYSICAL_DEFAULTS,
  teamSize: 2,
  body: 'ball',
  arenaSize: 16,
  blockMass: 4,
  blockSize: 1.6,
  blockFriction: 0.3,
  goalDistance: 6,
  goalRadius: 1.5,
  episodeSeconds: 20,
  actionRepeat: 3,
  maxForce: 10,
  shaping: 10,
};

export const CARRY_ROLES = ['carrier'] as const;
export const CARRY_PHYSICS_DT = 1 / 60;
/** Metres that scale relative positions in the observation. */
export const CARRY_POSITION_SCALE = 10;
/** Fitness for delivering the block, plus as much again times the share of the episode left. */
export const GOAL_FITNESS = 10;
/**
 * Behaviour features of a carrier: metres to the block, metres it stands to the left (+) or right
 * (-) of the line from the block to the goal, and its speed. Slots that specialise take sides.
 */
export const CARRY_FEATURES = ['blockDistance', 'sideOffset', 'speed'] as const;

/** Observation values before the body's own: the block's relative position and velocity, the goal's relative position, each teammate's relative position, the share of the episode left. */
export function carryWorldObservations(o: CarryOptions): number {
  return 6 + 2 * (o.teamSize - 1) + 1;
}

export function carryEpisodeSteps(o: CarryOptions): number {
  return Math.round(o.episodeSeconds / (CARRY_PHYSICS_DT * o.actionRepeat));
}
