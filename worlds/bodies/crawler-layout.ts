/** The crawler's geometry and the layout of its observation, shared by the body and its gait. */
export const CRAWLER_LEGS = 4;
export const CRAWLER_JOINTS = CRAWLER_LEGS;
/** Joint speed at action 1, rad/s; positive actions roll the crawler forward. */
export const MAX_LEG_SPEED = 12;
export const TORSO = { hx: 0.5, hy: 0.1, hz: 0.22 };
/** Spoke length, hip to foot centre. */
export const LEG_LENGTH = 0.3;
/**
 * Legs: x (forward, in the torso's frame), side (+1 on +z, the crawler's right when it faces +x;
 * -1 on -z) and the spoke's starting angle: diagonal pairs half a turn apart (a trot), which
 * walked farthest of the rhythms tried.
 */
export const LEG_LAYOUT: ReadonlyArray<{ x: number; side: 1 | -1; phase: number }> = [
  { x: TORSO.hx - 0.05, side: 1, phase: 0 },
  { x: TORSO.hx - 0.05, side: -1, phase: Math.PI },
  { x: -TORSO.hx + 0.05, side: 1, phase: Math.PI },
  { x: -TORSO.hx + 0.05, side: -1, phase: 0 },
];

/** Offsets in the crawler's observation. */
export const CRAWLER_OBS = {
  /** sin and cos of each spoke's angle, leg by leg. */
  angles: 0,
  /** Joint speeds / MAX_LEG_SPEED. */
  speeds: 2 * CRAWLER_JOINTS,
  /** The torso's up vector (x, y, z). */
  up: 3 * CRAWLER_JOINTS,
  /** Facing direction on the ground (x, z), unit length. */
  heading: 3 * CRAWLER_JOINTS + 3,
  /** Torso ground velocity (x, z) / 6 m/s. */
  velocity: 3 * CRAWLER_JOINTS + 5,
  size: 3 * CRAWLER_JOINTS + 7,
} as const;
