/**
 * The scripted sumo wrestler: charge at a point just beyond the rival on the line from the ring's
 * centre, so contact pushes the rival outward, and fall back toward the centre when near the edge
 * with the rival between oneself and the centre. Reads only its own (side-independent) observation.
 */
import type { BodyKind } from '../bodies/body.ts';
import type { Controller } from '../scenario.ts';
import { SUMO_WORLD_OBS } from './options.ts';

const CHARGE_SPEED = 6; // m/s
const BEYOND = 0.6; // metres past the rival to aim at
const EDGE = 0.2; // share of the radius from the edge where the wrestler plays safe

export function sumoExpert(body: BodyKind, ringRadius: number): Controller {
  const size = SUMO_WORLD_OBS + body.observationSize;
  return (obs, count, actions) => {
    for (let a = 0; a < count; a++) {
      const base = a * size;
      const px = obs[base] * ringRadius;
      const pz = obs[base + 1] * ringRadius;
      const rx = px + obs[base + 2] * ringRadius;
      const rz = pz + obs[base + 3] * ringRadius;
      const rivalRadius = Math.hypot(rx, rz) || 1;
      let tx = rx + (rx / rivalRadius) * BEYOND;
      let tz = rz + (rz / rivalRadius) * BEYOND;
      if (obs[base + 6] < EDGE && rivalRadius < Math.hypot(px, pz)) {
        tx = 0;
        tz = 0;
      }
      const dx = tx - px;
      const dz = tz - pz;
      const d = Math.hypot(dx, dz) || 1;
      body.steer(obs, base + SUMO_WORLD_OBS, (dx / d) * CHARGE_SPEED, (dz / d) * CHARGE_SPEED, actions, a * body.actionSize);
    }
  };
}
