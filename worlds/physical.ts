/**
 * What every world's ground and bodies are made of, and the gravity they fall in: the physical
 * keys a run's `schedule` changes to make a world different mid-run. The defaults are what the
 * worlds have always used, so configs without these keys play as before.
 */
export interface Physical {
  /** Friction coefficient of the ground (Rapier averages it with the body's own). */
  friction: number;
  /** Mass of an agent's body in kilograms; null keeps the body's own (a ball 1 kg, a crawler its parts' mass). */
  bodyMass: number | null;
}

export const PHYSICAL_DEFAULTS: Physical = { friction: 0.8, bodyMass: null };

/** Downward acceleration, m/s² (config `physics.gravity`). */
export const DEFAULT_GRAVITY = 9.81;
