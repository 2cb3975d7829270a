/**
 * Optional obstacles: square pillars standing on the floor (`worlds.ecology.obstacles`, each
 * `obstacleSize` metres a side). They are a function of the run seed alone, drawn from their own
 * generator, so a checkpoint need not hold them. Food and new agents are never placed inside one.
 */
import type { Rng } from '../../agents/rng.ts';
import type { EcologyOptions } from './options.ts';

/** x, z and half side per obstacle, kept off the walls. */
export function placeObstacles(o: EcologyOptions, rng: Rng): Float32Array {
  const half = o.obstacleSize / 2;
  const reach = o.size / 2 - half - 2;
  const out = new Float32Array(3 * o.obstacles);
  for (let k = 0; k < o.obstacles; k++) out.set([rng.uniform(-reach, reach), rng.uniform(-reach, reach), half], 3 * k);
  return out;
}

/** Whether (x, z) lies within `margin` of an obstacle. */
export function blocked(obstacles: Float32Array, x: number, z: number, margin: number): boolean {
  for (let k = 0; k < obstacles.length; k += 3) {
    const reach = obstacles[k + 2] + margin;
    if (Math.abs(x - obstacles[k]) < reach && Math.abs(z - obstacles[k + 1]) < reach) return true;
  }
  return false;
}

/** Draws a place with `draw` until it is clear of every obstacle (a bounded number of tries; the last one stands). */
export function clearPlace(obstacles: Float32Array, margin: number, draw: () => [number, number]): [number, number] {
  let place = draw();
  for (let tries = 0; tries < 32 && obstacles.length && blocked(obstacles, place[0], place[1], margin); tries++) place = draw();
  return place;
}
