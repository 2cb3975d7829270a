/**
 * Forage's ray sensors computed in closed form instead of through Rapier's ray casts: the only
 * things a horizontal ray from an agent's centre can hit are the four walls' inner faces and the
 * other agents' balls, so the first hit is a few lines of arithmetic. This gives the same
 * readings as the Rapier casts (a test compares them) at a fraction of the cost, because each
 * Rapier cast crosses the JavaScript-WebAssembly boundary about eight times.
 */
import { AGENT_RADIUS } from './options.ts';

/**
 * Writes (wall proximity, agent proximity) for each of `rays` directions of agent `self`.
 * `positions` holds x, y, z per agent; `half` is half the arena's inner side.
 */
export function analyticRays(self: number, positions: Float64Array, agents: number, half: number, rays: number, rayLength: number, out: Float32Array, offset: number): void {
  const ox = positions[3 * self];
  const oy = positions[3 * self + 1];
  const oz = positions[3 * self + 2];
  const r2 = AGENT_RADIUS * AGENT_RADIUS;
  for (let r = 0; r < rays; r++) {
    const angle = (2 * Math.PI * r) / rays;
    const dx = Math.cos(angle);
    const dz = Math.sin(angle);
    let wall = Infinity;
    if (dx > 1e-12) wall = Math.min(wall, (half - ox) / dx);
    else if (dx < -1e-12) wall = Math.min(wall, (-half - ox) / dx);
    if (dz > 1e-12) wall = Math.min(wall, (half - oz) / dz);
    else if (dz < -1e-12) wall = Math.min(wall, (-half - oz) / dz);
    wall = Math.max(0, wall);
    let other = Infinity;
    for (let a = 0; a < agents; a++) {
      if (a === self) continue;
      const mx = ox - positions[3 * a];
      const my = oy - positions[3 * a + 1];
      const mz = oz - positions[3 * a + 2];
      const b = mx * dx + mz * dz;
      const c = mx * mx + my * my + mz * mz - r2;
      if (c <= 0) {
        other = 0; // starts inside another ball (solid cast)
        break;
      }
      if (b > 0) continue; // pointing away
      const disc = b * b - c;
      if (disc < 0) continue;
      other = Math.min(other, -b - Math.sqrt(disc));
    }
    const hit = Math.min(wall, other);
    const proximity = hit <= rayLength ? 1 - hit / rayLength : 0;
    out[offset + 2 * r] = wall <= other ? proximity : 0;
    out[offset + 2 * r + 1] = other < wall ? proximity : 0;
  }
}
