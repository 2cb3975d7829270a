/** Settings of the locomotion world; validated by the config schema (server/config/schema.ts). */
import { PHYSICAL_DEFAULTS, type Physical } from '../physical.ts';
import type { BodyKindName } from '../bodies/body.ts';

export interface LocomotionOptions extends Physical {
  body: BodyKindName;
  /** Agents walk side by side in lanes this far apart, so they rarely meet. */
  agentsPerArena: number;
  episodeSeconds: number;
  actionRepeat: number;
  /** Force at action magnitude 1 for ball bodies, newtons. */
  maxForce: number;
  /** The ground's tilt in degrees: positive makes walking toward +x (forward) uphill. */
  slope: number;
}

export const LOCOMOTION_DEFAULTS: LocomotionOptions = {
  ...PHYSICAL_DEFAULTS,
  body: 'crawler',
  agentsPerArena: 4,
  episodeSeconds: 15,
  actionRepeat: 3,
  maxForce: 12,
  slope: 0,
};

export const LOCOMOTION_PHYSICS_DT = 1 / 60;
export const LANE_WIDTH = 6;
/** Values before the body's own: displacement from the start (x, z) / 10 m. */
export const LOCOMOTION_WORLD_OBS = 2;
export const DISPLACEMENT_SCALE = 10;

export function locomotionEpisodeSteps(o: LocomotionOptions): number {
  return Math.round(o.episodeSeconds / (LOCOMOTION_PHYSICS_DT * o.actionRepeat));
}

/** The one role of the locomotion world: every seat walks and scores. */
export const LOCOMOTION_ROLES = ['walker'] as const;
