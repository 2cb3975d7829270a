/**
 * The scripted forage expert: run at full speed toward the nearest food, steering away from
 * other agents and walls that the ray sensors see close by, and from poison it sees near. It reads only the observation,
 * so it can label any state a learner visits (DAgger).
 */
import type { Controller } from '../scenario.ts';
import { bodyKind } from '../bodies/index.ts';
import { POISON_FIELDS, POSITION_SCALE, forageObservationSize, type ForageOptions } from './options.ts';

const CRUISE_SPEED = 5; // m/s
const AGENT_AVOIDANCE = 2.5; // m/s pushed away at contact
const WALL_AVOIDANCE = 3;
const WALL_NEAR = 0.75; // proximity beyond which walls push back (about 1.5 m at 6 m rays)
const POISON_NEAR = 2.5; // m: poison closer than this pushes the expert away
const POISON_AVOIDANCE = 8; // m/s pushed away at contact, more than the pull toward food

export function forageExpert(o: ForageOptions): Controller {
  const size = forageObservationSize(o);
  const k = o.nearestFood;
  const body = bodyKind(o.body, o.maxForce);
  return (obs, count, actions) => {
    for (let a = 0; a < count; a++) {
      const base = a * size;
      const tx = obs[base] * POSITION_SCALE;
      const tz = obs[base + 1] * POSITION_SCALE;
      const dist = Math.hypot(tx, tz) || 1;
      let vx = (tx / dist) * CRUISE_SPEED;
      let vz = (tz / dist) * CRUISE_SPEED;
      const raysAt = base + 2 * k + body.observationSize;
      for (let r = 0; r < o.rays; r++) {
        const angle = (2 * Math.PI * r) / o.rays;
        const wall = obs[raysAt + 2 * r];
        const other = obs[raysAt + 2 * r + 1];
        const push = AGENT_AVOIDANCE * other * other + (wall > WALL_NEAR ? (WALL_AVOIDANCE * (wall - WALL_NEAR)) / (1 - WALL_NEAR) : 0);
        vx -= Math.cos(angle) * push;
        vz -= Math.sin(angle) * push;
      }
      // Poison (when the world has it): pushed away from each pellet within POISON_NEAR metres.
      const poisonAt = raysAt + 2 * o.rays;
      for (let i = 0; o.poison && i < k && obs[poisonAt + POISON_FIELDS * i] > 0; i++) {
        const px = obs[poisonAt + POISON_FIELDS * i + 1] * POSITION_SCALE;
        const pz = obs[poisonAt + POISON_FIELDS * i + 2] * POSITION_SCALE;
        const d = Math.hypot(px, pz) || 1e-6;
        if (d >= POISON_NEAR) continue;
        const push = POISON_AVOIDANCE * (1 - d / POISON_NEAR);
        vx -= (px / d) * push;
        vz -= (pz / d) * push;
      }
      body.steer(obs, base + 2 * k, vx, vz, actions, a * body.actionSize);
    }
  };
}
