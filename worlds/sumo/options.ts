/** Settings of the sumo world; validated by the config schema (server/config/schema.ts). */
import { PHYSICAL_DEFAULTS, type Physical } from '../physical.ts';
import type { BodyKindName } from '../bodies/body.ts';

export interface SumoOptions extends Physical {
  /** Radius of the ring, metres: a body whose centre leaves it has lost. */
  ringRadius: number;
  episodeSeconds: number;
  actionRepeat: number;
  /** Force at action magnitude 1 for ball bodies, newtons. */
  maxForce: number;
  /** Weight of the per-step shaping (pushing the rival outward, staying central). */
  shaping: number;
}

export const SUMO_DEFAULTS: SumoOptions = {
  ...PHYSICAL_DEFAULTS,
  ringRadius: 4,
  episodeSeconds: 15,
  actionRepeat: 3,
  maxForce: 14,
  shaping: 3,
};

export const SUMO_ROLES = ['red', 'blue'] as const;
export const SUMO_PHYSICS_DT = 1 / 60;
/** Observation values before the body's own. */
export const SUMO_WORLD_OBS = 8;
/** Behaviour features of a wrestler: metres to the rival, metres from the ring's centre, m/s it closes on the rival. */
export const SUMO_FEATURES = ['rivalDistance', 'centreDistance', 'closingSpeed'] as const;
/** Fitness for a win and a loss; a draw scores 0 before shaping. */
export const WIN_FITNESS = 10;

export function sumoEpisodeSteps(o: SumoOptions): number {
  return Math.round(o.episodeSeconds / (SUMO_PHYSICS_DT * o.actionRepeat));
}

export type SumoBodies = [BodyKindName, BodyKindName];
