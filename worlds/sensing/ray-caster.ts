/**
 * Ray casts in closed form against the primitive shapes a world holds (balls, cuboids, capsules,
 * cylinders, half-spaces), from poses read out of Rapier once per decision rather than a
 * JavaScript-WebAssembly round trip per ray. Results match Rapier's solid casts (a ray starting
 * inside a shape hits it at 0) to 1e-4 (test/ray-caster.test.ts).
 *
 * Shapes, poses and bounding radii live in flat arrays, and a cast allocates nothing. Each shape
 * is first tested against its bounding sphere, which rejects most. With many shapes, a uniform
 * grid over the ground plane (x, z) is the broad phase: a ray walks the cells it crosses, nearest
 * first, and stops once its best hit lies before the next cell (grid.ts).
 */
import { UniformGrid } from './grid.ts';
import { castBall, castCapsule, castCuboid, castCylinder, castHalfspace, MISS } from './shape-casts.ts';

export type Vec3 = readonly [number, number, number];

export type CastShape =
  | { kind: 'ball'; radius: number }
  | { kind: 'cuboid'; halfExtents: Vec3 }
  /** Capsules and cylinders stand along their local y axis, as Rapier's do. */
  | { kind: 'capsule'; halfHeight: number; radius: number }
  | { kind: 'cylinder'; halfHeight: number; radius: number }
  /** The solid side is where (p − position) · normal ≤ 0; the normal is in the shape's frame. */
  | { kind: 'halfspace'; normal: Vec3 };

/** Where a shape is: position, then rotation as a unit quaternion (x, y, z, w). */
export interface Pose {
  x: number;
  y: number;
  z: number;
  qx: number;
  qy: number;
  qz: number;
  qw: number;
}

export interface RayHit {
  /** Distance along the (unit) direction; 0 when the ray starts inside a shape. */
  distance: number;
  /** Index of the shape hit, in the order shapes were added. */
  shape: number;
}

/** No tag: `skipTag` for a ray that skips nothing. */
export const NO_TAG = -2;
const KINDS = ['ball', 'cuboid', 'capsule', 'cylinder', 'halfspace'] as const;
const POSE = 7;
/** Shapes whose bounding radius exceeds this many cells are tested by every ray rather than filed. */
const LARGE_CELLS = 4;

export class RayCaster {
  private shapeCount = 0;
  private kinds = new Int8Array(16);
  private params = new Float64Array(16 * 3);
  private poses = new Float64Array(16 * POSE);
  /** Per shape, the radius of a sphere about its position that holds it (Infinity: a half-space). */
  private reach = new Float64Array(16);
  private shapeTags = new Int32Array(16);
  private grid: UniformGrid | null = null;
  /** With a grid: the shapes every ray tests (half-spaces, and shapes too large to file in cells). */
  private always: number[] = [];
  /** The shape the last castRay hit. */
  hitShape = -1;
  // The ray being cast, for testShape.
  private ox = 0;
  private oy = 0;
  private oz = 0;
  private dx = 0;
  private dy = 0;
  private dz = 0;
  private best = 0;
  private skipTag = NO_TAG;

  get count(): number {
    return this.shapeCount;
  }

  /** The tag shape i was added with (its owner: an agent's index, or −1 for scenery). */
  tag(shape: number): number {
    return this.shapeTags[shape];
  }

  /** Adds a shape with its owner's tag, at the origin until setPose; returns its index. */
  add(shape: CastShape, tag: number): number {
    const i = this.shapeCount++;
    if (i === this.kinds.length) this.grow();
    this.kinds[i] = KINDS.indexOf(shape.kind);
    const p = [0, 0, 0];
    if (shape.kind === 'ball') p[0] = shape.radius;
    else if (shape.kind === 'cuboid' || shape.kind === 'halfspace') p.splice(0, 3, ...(shape.kind === 'cuboid' ? shape.halfExtents : shape.normal));
    else p.splice(0, 2, shape.halfHeight, shape.radius);
    this.params.set(p, 3 * i);
    this.reach[i] = boundingRadius(shape);
    this.shapeTags[i] = tag;
    this.setPose(i, { x: 0, y: 0, z: 0, qx: 0, qy: 0, qz: 0, qw: 1 });
    return i;
  }

  setPose(shape: number, pose: Pose): void {
    const at = shape * POSE;
    const p = this.poses;
    p[at] = pose.x;
    p[at + 1] = pose.y;
    p[at + 2] = pose.z;
    p[at + 3] = pose.qx;
    p[at + 4] = pose.qy;
    p[at + 5] = pose.qz;
    p[at + 6] = pose.qw;
  }

  /** Uses a grid of `cellSize`-metre cells for the broad phase from now on (filled by `index()`). */
  useGrid(cellSize: number): void {
    this.grid = new UniformGrid(cellSize);
  }

  /** Files the shapes into the grid at their current poses; call once the poses of a decision are set. */
  index(): void {
    const grid = this.grid;
    if (!grid) return;
    grid.clear();
    this.always = [];
    for (let i = 0; i < this.shapeCount; i++) {
      // A wall spanning the world would sit in every cell: it is cheaper to test it always.
      if (this.reach[i] > LARGE_CELLS * grid.size) this.always.push(i);
      else grid.insert(i, this.poses[i * POSE], this.poses[i * POSE + 2], this.reach[i]);
    }
  }

  /**
   * The distance to the nearest hit within `maxDistance` of the ray from (ox, oy, oz) along the
   * unit vector (dx, dy, dz), ignoring shapes tagged `skipTag`; MISS (−1) when nothing is hit.
   * The shape hit is left in `hitShape`.
   */
  castRay(ox: number, oy: number, oz: number, dx: number, dy: number, dz: number, maxDistance: number, skipTag = NO_TAG): number {
    this.ox = ox;
    this.oy = oy;
    this.oz = oz;
    this.dx = dx;
    this.dy = dy;
    this.dz = dz;
    this.best = maxDistance;
    this.skipTag = skipTag;
    this.hitShape = -1;
    if (!this.grid) {
      for (let i = 0; i < this.shapeCount; i++) this.testShape(i);
    } else {
      for (const i of this.always) this.testShape(i);
      this.grid.walk(this, ox, oz, dx, dz, maxDistance);
    }
    return this.hitShape < 0 ? MISS : this.best;
  }

  /** castRay with arrays in and a hit object out (for tests and callers off the hot path). */
  cast(origin: Vec3, dir: Vec3, maxDistance: number, skipTag = NO_TAG): RayHit | null {
    const distance = this.castRay(origin[0], origin[1], origin[2], dir[0], dir[1], dir[2], maxDistance, skipTag);
    return distance === MISS ? null : { distance, shape: this.hitShape };
  }

  /** The ray being cast against shape i; keeps the nearer hit. Called by the grid walk too. */
  testShape(i: number): void {
    if (this.shapeTags[i] === this.skipTag) return;
    const p = this.poses;
    const at = i * POSE;
    // From the shape's position to the ray's origin.
    const cx = this.ox - p[at];
    const cy = this.oy - p[at + 1];
    const cz = this.oz - p[at + 2];
    const { dx, dy, dz } = this;
    const reach = this.reach[i];
    if (reach !== Infinity) {
      // The bounding sphere first: most shapes are rejected here.
      const b = cx * dx + cy * dy + cz * dz;
      const c = cx * cx + cy * cy + cz * cz - reach * reach;
      if (c > 0 && (b >= 0 || b * b < c || -b - Math.sqrt(b * b - c) > this.best)) return;
    }
    // Into the shape's frame: v' = v + w t + u × t with t = 2 (u × v), u = −(qx, qy, qz).
    const ux = -p[at + 3];
    const uy = -p[at + 4];
    const uz = -p[at + 5];
    const w = p[at + 6];
    let tx = 2 * (uy * cz - uz * cy);
    let ty = 2 * (uz * cx - ux * cz);
    let tz = 2 * (ux * cy - uy * cx);
    const lox = cx + w * tx + (uy * tz - uz * ty);
    const loy = cy + w * ty + (uz * tx - ux * tz);
    const loz = cz + w * tz + (ux * ty - uy * tx);
    tx = 2 * (uy * dz - uz * dy);
    ty = 2 * (uz * dx - ux * dz);
    tz = 2 * (ux * dy - uy * dx);
    const ldx = dx + w * tx + (uy * tz - uz * ty);
    const ldy = dy + w * ty + (uz * tx - ux * tz);
    const ldz = dz + w * tz + (ux * ty - uy * tx);
    const q = this.params;
    const k = 3 * i;
    let t: number;
    switch (this.kinds[i]) {
      case 0:
        t = castBall(lox, loy, loz, ldx, ldy, ldz, q[k]);
        break;
      case 1:
        t = castCuboid(lox, loy, loz, ldx, ldy, ldz, q[k], q[k + 1], q[k + 2]);
        break;
      case 2:
        t = castCapsule(lox, loy, loz, ldx, ldy, ldz, q[k], q[k + 1]);
        break;
      case 3:
        t = castCylinder(lox, loy, loz, ldx, ldy, ldz, q[k], q[k + 1]);
        break;
      default:
        t = castHalfspace(lox, loy, loz, ldx, ldy, ldz, q[k], q[k + 1], q[k + 2]);
    }
    if (t === MISS || t > this.best) return;
    // Equal distances go to the shape added first, whatever order the grid visits them in.
    if (t === this.best && this.hitShape >= 0 && this.hitShape < i) return;
    this.best = t;
    this.hitShape = i;
  }

  /** The nearest hit so far (the ray's length when none): the grid walk stops at cells beyond it. */
  get bestDistance(): number {
    return this.best;
  }

  private grow(): void {
    const n = 2 * this.kinds.length;
    const grown = <T extends Int8Array | Int32Array | Float64Array>(a: T, per: number): T => {
      const b = new (a.constructor as new (n: number) => T)(n * per);
      b.set(a);
      return b;
    };
    this.kinds = grown(this.kinds, 1);
    this.params = grown(this.params, 3);
    this.poses = grown(this.poses, POSE);
    this.reach = grown(this.reach, 1);
    this.shapeTags = grown(this.shapeTags, 1);
  }
}

/** The radius of a sphere about the shape's position that holds it (Infinity for a half-space). */
export function boundingRadius(shape: CastShape): number {
  switch (shape.kind) {
    case 'ball':
      return shape.radius;
    case 'cuboid':
      return Math.hypot(...shape.halfExtents);
    case 'capsule':
      return shape.halfHeight + shape.radius;
    case 'cylinder':
      return Math.hypot(shape.halfHeight, shape.radius);
    case 'halfspace':
      return Infinity;
  }
}
