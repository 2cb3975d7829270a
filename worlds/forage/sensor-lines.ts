/**
 * What a forager senses, as lines a viewer draws (the `inspect` message): each ray from the agent,
 * ending where it hit a wall or an agent (or at its full length), and a line to each pellet of
 * food and poison it sees. Read back from the observation itself, so the picture is exactly what
 * the network was given.
 */
import { bodyKind } from '../bodies/index.ts';
import { SENSOR_LINE, type SensorLineKind } from '../scenario.ts';
import { POISON_FIELDS, POSITION_SCALE, type ForageOptions } from './options.ts';

export function forageSensorLines(o: ForageOptions, observation: Float32Array, origin: [number, number, number]): Float32Array {
  const k = o.nearestFood;
  const raysAt = 2 * k + bodyKind(o.body).observationSize;
  const lines: number[] = [];
  const [x, y, z] = origin;
  const line = (dx: number, dz: number, kind: SensorLineKind) => lines.push(x, y, z, x + dx, y, z + dz, SENSOR_LINE[kind]);
  for (let i = 0; i < k; i++) line(observation[2 * i] * POSITION_SCALE, observation[2 * i + 1] * POSITION_SCALE, 'food');
  for (let r = 0; r < o.rays; r++) {
    const angle = (2 * Math.PI * r) / o.rays;
    const wall = observation[raysAt + 2 * r];
    const agent = observation[raysAt + 2 * r + 1];
    // Proximity is 1 - distance / rayLength: 0 (nothing within reach) draws the whole ray.
    const proximity = Math.max(wall, agent);
    const length = (1 - proximity) * o.rayLength;
    line(Math.cos(angle) * length, Math.sin(angle) * length, proximity === 0 ? 'miss' : agent > wall ? 'agent' : 'wall');
  }
  if (o.poison) {
    const at = raysAt + 2 * o.rays;
    for (let i = 0; i < k; i++) {
      if (observation[at + POISON_FIELDS * i] === 0) continue;
      line(observation[at + POISON_FIELDS * i + 1] * POSITION_SCALE, observation[at + POISON_FIELDS * i + 2] * POSITION_SCALE, 'poison');
    }
  }
  return Float32Array.from(lines);
}
