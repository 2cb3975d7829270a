/**
 * The narrow phase of the ray caster: a ray against one primitive shape in the shape's own frame
 * (centred at the origin, unrotated), origin (ox, oy, oz), unit direction (dx, dy, dz). Each
 * returns the distance along the direction to the first point of the solid shape, 0 when the ray
 * starts inside it, or MISS. Plain numbers in and out: these run for every ray and shape, and
 * allocate nothing.
 */

export const MISS = -1;
const PARALLEL = 1e-12;

export function castBall(ox: number, oy: number, oz: number, dx: number, dy: number, dz: number, r: number): number {
  const c = ox * ox + oy * oy + oz * oz - r * r;
  if (c <= 0) return 0;
  const b = ox * dx + oy * dy + oz * dz;
  if (b >= 0) return MISS; // outside and heading away
  const disc = b * b - c;
  return disc < 0 ? MISS : -b - Math.sqrt(disc);
}

/** One axis of the slab test: narrows [near, far] (held in `span`); false when the ray misses. */
function slab(o: number, d: number, h: number, span: Float64Array): boolean {
  if (Math.abs(d) < PARALLEL) return Math.abs(o) <= h;
  const a = (-h - o) / d;
  const b = (h - o) / d;
  if (a < b) {
    if (a > span[0]) span[0] = a;
    if (b < span[1]) span[1] = b;
  } else {
    if (b > span[0]) span[0] = b;
    if (a < span[1]) span[1] = a;
  }
  return true;
}

const span = new Float64Array(2);

export function castCuboid(ox: number, oy: number, oz: number, dx: number, dy: number, dz: number, hx: number, hy: number, hz: number): number {
  span[0] = -Infinity;
  span[1] = Infinity;
  if (!slab(ox, dx, hx, span) || !slab(oy, dy, hy, span) || !slab(oz, dz, hz, span)) return MISS;
  const near = Math.max(span[0], 0);
  return span[1] < near ? MISS : near;
}

/** Where the ray enters the infinite cylinder x² + z² = r², if |y| ≤ halfHeight there. */
function castSide(ox: number, oy: number, oz: number, dx: number, dy: number, dz: number, halfHeight: number, r: number): number {
  const a = dx * dx + dz * dz;
  if (a < PARALLEL) return MISS;
  const b = ox * dx + oz * dz;
  const c = ox * ox + oz * oz - r * r;
  const disc = b * b - a * c;
  if (disc < 0) return MISS;
  const t = (-b - Math.sqrt(disc)) / a;
  if (t < 0) return MISS;
  return Math.abs(oy + t * dy) <= halfHeight ? t : MISS;
}

const nearer = (a: number, b: number) => (a === MISS ? b : b === MISS ? a : Math.min(a, b));

export function castCapsule(ox: number, oy: number, oz: number, dx: number, dy: number, dz: number, halfHeight: number, r: number): number {
  const y = Math.max(-halfHeight, Math.min(halfHeight, oy));
  if (ox * ox + (oy - y) ** 2 + oz * oz <= r * r) return 0;
  const side = castSide(ox, oy, oz, dx, dy, dz, halfHeight, r);
  return nearer(side, nearer(castBall(ox, oy + halfHeight, oz, dx, dy, dz, r), castBall(ox, oy - halfHeight, oz, dx, dy, dz, r)));
}

export function castCylinder(ox: number, oy: number, oz: number, dx: number, dy: number, dz: number, halfHeight: number, r: number): number {
  if (Math.abs(oy) <= halfHeight && ox * ox + oz * oz <= r * r) return 0;
  let best = castSide(ox, oy, oz, dx, dy, dz, halfHeight, r);
  if (Math.abs(dy) >= PARALLEL) {
    for (let cap = -halfHeight; cap <= halfHeight; cap += 2 * halfHeight) {
      const t = (cap - oy) / dy;
      if (t < 0 || (best !== MISS && t >= best)) continue;
      const x = ox + t * dx;
      const z = oz + t * dz;
      if (x * x + z * z <= r * r) best = t;
      if (halfHeight === 0) break;
    }
  }
  return best;
}

/** The solid side is where p · n ≤ 0. */
export function castHalfspace(ox: number, oy: number, oz: number, dx: number, dy: number, dz: number, nx: number, ny: number, nz: number): number {
  const s = ox * nx + oy * ny + oz * nz;
  if (s <= 0) return 0;
  const dn = dx * nx + dy * ny + dz * nz;
  return dn < 0 ? -s / dn : MISS;
}
