/** Settings of the pursuit world; validated by the config schema (server/config/schema.ts). */
import { PHYSICAL_DEFAULTS, type Physical } from '../physical.ts';
export interface PursuitOptions extends Physical {
  /** Side of the walled square, metres. */
  arenaSize: number;
  predators: number;
  prey: number;
  episodeSeconds: number;
  actionRepeat: number;
  /** Force at action magnitude 1 for ball bodies, newtons: predators are a little stronger. */
  predatorForce: number;
  preyForce: number;
  /** Weight of the per-step shaping (predators closing in, prey keeping away). */
  shaping: number;
}

export const PURSUIT_DEFAULTS: PursuitOptions = {
  ...PHYSICAL_DEFAULTS,
  arenaSize: 14,
  predators: 2,
  prey: 2,
  episodeSeconds: 15,
  actionRepeat: 3,
  predatorForce: 13,
  preyForce: 11,
  shaping: 1,
};

export const PURSUIT_ROLES = ['predator', 'prey'] as const;
export const PURSUIT_PHYSICS_DT = 1 / 60;
/** Values before the body's own: 2 nearest rivals (dx, dz, vx, vz, present), nearest mate (dx, dz, present), own position (x, z). */
export const PURSUIT_WORLD_OBS = 15;
/** Behaviour features of a seat: metres to the nearest opponent in play, its own speed (m/s), m/s it closes on that opponent. */
export const PURSUIT_FEATURES = ['opponentDistance', 'speed', 'closingSpeed'] as const;
export const RIVALS_SEEN = 2;
export const POSITION_SCALE = 10;
export const CATCH_FITNESS = 10;

export function pursuitEpisodeSteps(o: PursuitOptions): number {
  return Math.round(o.episodeSeconds / (PURSUIT_PHYSICS_DT * o.actionRepeat));
}
