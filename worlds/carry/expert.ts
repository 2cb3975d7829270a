/**
 * The scripted carrier team (docs/carry.md). It is a team expert: it acts on a whole team's
 * observations at once, the seats of each team in slot order. The members share out the places
 * behind the block (as seen from the goal): side by side as many as its face holds, in rows behind
 * when the team is larger (they push their fellows). The places go to the members from the right,
 * by where they stand now (ties by slot), so no two members ever have to cross each other's path. Each walks around the block to its place, and once
 * there pushes toward the goal, correcting sideways so that the block goes straight. Together they
 * push it in; alone, one member barely moves it.
 */
import type { BodyKind } from '../bodies/body.ts';
import type { Controller } from '../scenario.ts';
import { CARRY_POSITION_SCALE as S, carryWorldObservations, type CarryOptions } from './options.ts';

const WALK_SPEED = 4; // m/s toward its place
const PUSH_SPEED = 3; // m/s it asks for while pushing (the block holds it back: full force)
const SETTLE = 0.4; // metres off its lateral place at which it stops pushing (from 0.2 m on it pushes less) and walks back to its place

export function carryExpert(o: CarryOptions, body: BodyKind): Controller {
  const worldObs = carryWorldObservations(o);
  const size = worldObs + body.observationSize;
  const half = o.blockSize / 2;
  const behind = half + body.footprint + 0.3;
  const around = half * Math.SQRT2 + body.footprint + 0.4;
  // Places side by side as wide as the block's face holds bodies (a body pushes the face only with
  // its centre in front of it), and rows behind when the team is larger: those push their fellows.
  const spacing = 2 * body.footprint + 0.05;
  const columns = Math.min(o.teamSize, Math.floor(o.blockSize / spacing) + 1);
  const room = 2 * body.footprint + 0.3;
  return (obs, count, actions) => {
    for (let a = 0; a < count; a++) {
      const base = a * size;
      const slot = a % o.teamSize;
      // Everything relative to the agent, in metres: the block's centre and the goal's.
      const bx = obs[base] * S;
      const bz = obs[base + 1] * S;
      const gx = obs[base + 4] * S;
      const gz = obs[base + 5] * S;
      const toGoal = Math.hypot(gx - bx, gz - bz) || 1;
      const [ux, uz] = [(gx - bx) / toGoal, (gz - bz) / toGoal];
      const [wx, wz] = [-uz, ux]; // left of the block-to-goal line
      // The agent's place relative to the block: along the line (negative: behind) and sideways.
      const along = -bx * ux - bz * uz;
      const side = -bx * wx - bz * wz;
      // Its place: its rank from the right among the team, by where each teammate stands now.
      let rank = 0;
      for (let m = 0; m < o.teamSize - 1; m++) {
        const mateSlot = m < slot ? m : m + 1;
        const mateSide = (obs[base + 6 + 2 * m] * S - bx) * wx + (obs[base + 7 + 2 * m] * S - bz) * wz;
        if (mateSide < side || (mateSide === side && mateSlot < slot)) rank++;
      }
      const column = Math.floor((rank * columns) / o.teamSize);
      const row = rank - Math.ceil((column * o.teamSize) / columns);
      const offset = (column - (columns - 1) / 2) * spacing;
      const back = behind + row * spacing;
      // Its place behind the block, and the way there (from beside or in front of the block, around it first).
      let tx = bx - ux * back + wx * offset;
      let tz = bz - uz * back + wz * offset;
      if (along > -half) {
        const sign = Math.abs(side) > 0.1 ? Math.sign(side) : offset >= 0 ? 1 : -1;
        tx = bx + wx * sign * around - ux * half;
        tz = bz + wz * sign * around - uz * half;
      }
      const d = Math.hypot(tx, tz) || 1;
      const walk = Math.min(WALK_SPEED, 2.5 * d);
      // Behind the block, the closer to its place sideways the more it pushes toward the goal (and
      // back toward its place), the farther the more it walks to its place: no switch to dither on.
      const push = along < -half ? Math.max(0, Math.min(1, (SETTLE - Math.abs(offset - side)) / 0.2)) : 0;
      const pushing = push > 0.5;
      let vx = (ux * PUSH_SPEED + wx * 3 * (offset - side)) * push + (tx / d) * walk * (1 - push);
      let vz = (uz * PUSH_SPEED + wz * 3 * (offset - side)) * push + (tz / d) * walk * (1 - push);
      // Walking, teammates in the way are given room; pushing side by side, they touch.
      for (let m = 0; m < o.teamSize - 1 && !pushing; m++) {
        const mx = obs[base + 6 + 2 * m] * S;
        const mz = obs[base + 7 + 2 * m] * S;
        const apart = Math.hypot(mx, mz);
        if (apart > 0 && apart < room) {
          vx -= (mx / apart) * (room - apart) * 5;
          vz -= (mz / apart) * (room - apart) * 5;
        }
      }
      body.steer(obs, base + worldObs, vx, vz, actions, a * body.actionSize);
    }
  };
}
