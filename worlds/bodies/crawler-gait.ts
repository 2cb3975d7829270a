/**
 * The crawler's hand-tuned gait: all spokes turn at one rhythm, diagonal pairs half a turn apart
 * (a trot); a slower side steers toward that side,
 * and a side turns backwards for sharp turns. Each spoke's speed is corrected toward its place in
 * the rhythm (its angle relative to the front +z spoke), so the feet do not drift into step.
 * It reads only the crawler's own observation, so it can label any state a learner visits.
 */
import { CRAWLER_OBS, LEG_LAYOUT } from './crawler-layout.ts';

const CRUISE = 0.8; // action (share of the top spoke speed) at full drive
const TURN_GAIN = 1.2; // side speed change per radian of heading error
const FULL_SPEED = 1.0; // m/s asked for at which the drive is full
const PHASE_GAIN = 0.3; // action per radian a spoke is out of its place in the rhythm

export function crawlerGait(obs: Float32Array, at: number, vx: number, vz: number, actions: Float32Array, out: number): void {
  const hx = obs[at + CRAWLER_OBS.heading];
  const hz = obs[at + CRAWLER_OBS.heading + 1];
  const speed = Math.hypot(vx, vz);
  // Heading error: the yaw change that faces the wanted direction (negative turns toward +z).
  const error = speed > 1e-6 ? Math.atan2(hz * vx - hx * vz, hx * vx + hz * vz) : 0;
  const drive = Math.min(1, speed / FULL_SPEED) * Math.max(0, Math.cos(error));
  const turn = Math.max(-1, Math.min(1, TURN_GAIN * error));
  LEG_LAYOUT.forEach((leg, l) => {
    // Turning toward a side: that side's spokes slow down (or turn back), the other side's speed up.
    const side = CRUISE * Math.max(-1, Math.min(1, drive + leg.side * turn));
    // Each spoke keeps its place relative to the front +z spoke; across sides only when going
    // straight, since a turn needs the sides at different speeds.
    const reference = LEG_LAYOUT.findIndex((other) => other.side === leg.side);
    const lead = leg.side === LEG_LAYOUT[0].side ? 0 : reference === l ? 0 : reference;
    const gain = lead === 0 && leg.side !== LEG_LAYOUT[0].side ? PHASE_GAIN * (1 - Math.abs(turn)) : PHASE_GAIN;
    const behind = l === lead ? 0 : wrap(angleOf(obs, at, lead) - LEG_LAYOUT[lead].phase - (angleOf(obs, at, l) - leg.phase));
    actions[out + l] = clamp(side - gain * behind);
  });
}

function angleOf(obs: Float32Array, at: number, leg: number): number {
  return Math.atan2(obs[at + CRAWLER_OBS.angles + 2 * leg], obs[at + CRAWLER_OBS.angles + 2 * leg + 1]);
}

function wrap(x: number): number {
  return Math.atan2(Math.sin(x), Math.cos(x));
}

function clamp(x: number): number {
  return x > 1 ? 1 : Math.max(x, -1);
}
