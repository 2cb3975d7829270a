/**
 * Scripted pursuit experts, reading only their own observations. The predator runs at where the
 * nearest prey will be (leading it by its velocity). The prey runs from the predators it sees,
 * each pushing it away by the inverse of its distance, and is pushed back from walls, with a
 * sideways slip so that it slides along a wall instead of pinning itself in a corner.
 */
import type { BodyKind } from '../bodies/body.ts';
import type { Controller } from '../scenario.ts';
import { POSITION_SCALE, PURSUIT_WORLD_OBS, RIVALS_SEEN } from './options.ts';
import { SPEED_SCALE } from '../bodies/body.ts';

const RUN_SPEED = 6; // m/s
const LEAD_SECONDS = 0.4;
const WALL_RANGE = 0.3; // share of the half-size from a wall where it starts to push

export function predatorExpert(body: BodyKind): Controller {
  const size = PURSUIT_WORLD_OBS + body.observationSize;
  return (obs, count, actions) => {
    for (let a = 0; a < count; a++) {
      const base = a * size;
      let vx = 0;
      let vz = 0;
      if (obs[base + 4] > 0) {
        const tx = obs[base] * POSITION_SCALE + LEAD_SECONDS * obs[base + 2] * SPEED_SCALE;
        const tz = obs[base + 1] * POSITION_SCALE + LEAD_SECONDS * obs[base + 3] * SPEED_SCALE;
        const d = Math.hypot(tx, tz) || 1;
        vx = (tx / d) * RUN_SPEED;
        vz = (tz / d) * RUN_SPEED;
      }
      body.steer(obs, base + PURSUIT_WORLD_OBS, vx, vz, actions, a * body.actionSize);
    }
  };
}

export function preyExpert(body: BodyKind): Controller {
  const size = PURSUIT_WORLD_OBS + body.observationSize;
  return (obs, count, actions) => {
    for (let a = 0; a < count; a++) {
      const base = a * size;
      let fx = 0;
      let fz = 0;
      for (let r = 0; r < RIVALS_SEEN; r++) {
        if (obs[base + 5 * r + 4] === 0) continue;
        const dx = obs[base + 5 * r] * POSITION_SCALE;
        const dz = obs[base + 5 * r + 1] * POSITION_SCALE;
        const d2 = dx * dx + dz * dz || 1;
        fx -= dx / d2;
        fz -= dz / d2;
      }
      const px = obs[base + 5 * RIVALS_SEEN + 3];
      const pz = obs[base + 5 * RIVALS_SEEN + 4];
      const norm = Math.hypot(fx, fz) || 1;
      let vx = fx / norm;
      let vz = fz / norm;
      // Walls push inward; the slip turns a push into the wall into a run along it.
      const wallX = (Math.sign(px) * Math.max(0, Math.abs(px) - (1 - WALL_RANGE))) / WALL_RANGE;
      const wallZ = (Math.sign(pz) * Math.max(0, Math.abs(pz) - (1 - WALL_RANGE))) / WALL_RANGE;
      vx -= 2 * wallX;
      vz -= 2 * wallZ;
      if (wallX !== 0 && wallZ === 0) vz += Math.sign(vz || -pz || 1) * Math.abs(wallX);
      if (wallZ !== 0 && wallX === 0) vx += Math.sign(vx || -px || 1) * Math.abs(wallZ);
      const speed = Math.hypot(vx, vz) || 1;
      body.steer(obs, base + PURSUIT_WORLD_OBS, (vx / speed) * RUN_SPEED, (vz / speed) * RUN_SPEED, actions, a * body.actionSize);
    }
  };
}
