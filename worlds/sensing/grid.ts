/**
 * The ray caster's broad phase: square cells on the ground plane (x, z), each listing the shapes
 * whose bounding circle overlaps it. A ray visits the cells it crosses in order (Amanatides and
 * Woo's walk) and stops once its nearest hit lies before the next cell: a shape it has not tested
 * yet lies only in cells further on, so it cannot be hit nearer.
 */

/** What the walk asks of the caster: test a shape against the current ray, and the best hit so far. */
export interface CellVisitor {
  testShape(shape: number): void;
  readonly bestDistance: number;
}

/** Cells within ±2^20 of the origin: far beyond any world's size in cells. */
const OFFSET = 1_048_576;
const SPAN = 2_097_152;

export class UniformGrid {
  private readonly cells = new Map<number, number[]>();
  /** The walk in which a shape was last tested, so a shape in several cells is tested once a ray. */
  private stamps = new Int32Array(64);
  private walkCount = 0;
  private minX = Infinity;
  private maxX = -Infinity;
  private minZ = Infinity;
  private maxZ = -Infinity;

  constructor(readonly size: number) {}

  clear(): void {
    for (const list of this.cells.values()) list.length = 0;
    this.minX = this.minZ = Infinity;
    this.maxX = this.maxZ = -Infinity;
  }

  insert(shape: number, x: number, z: number, reach: number): void {
    if (this.stamps.length <= shape) {
      const grown = new Int32Array(2 * (shape + 1));
      grown.set(this.stamps);
      this.stamps = grown;
    }
    const x0 = this.cell(x - reach);
    const x1 = this.cell(x + reach);
    const z0 = this.cell(z - reach);
    const z1 = this.cell(z + reach);
    for (let cx = x0; cx <= x1; cx++) {
      for (let cz = z0; cz <= z1; cz++) {
        const key = (cx + OFFSET) * SPAN + (cz + OFFSET);
        const list = this.cells.get(key);
        if (list) list.push(shape);
        else this.cells.set(key, [shape]);
      }
    }
    this.minX = Math.min(this.minX, x0);
    this.maxX = Math.max(this.maxX, x1);
    this.minZ = Math.min(this.minZ, z0);
    this.maxZ = Math.max(this.maxZ, z1);
  }

  /** Tests the shapes of each cell the ray from (ox, ·, oz) along (dx, ·, dz) crosses within `maxDistance`, nearest cell first. */
  walk(visitor: CellVisitor, ox: number, oz: number, dx: number, dz: number, maxDistance: number): void {
    if (this.minX > this.maxX) return;
    const pass = ++this.walkCount;
    let cx = this.cell(ox);
    let cz = this.cell(oz);
    const stepX = dx > 0 ? 1 : -1;
    const stepZ = dz > 0 ? 1 : -1;
    // Distance along the ray between cell boundaries, and to the next one, in x and in z.
    const deltaX = dx !== 0 ? this.size / Math.abs(dx) : Infinity;
    const deltaZ = dz !== 0 ? this.size / Math.abs(dz) : Infinity;
    let nextX = dx !== 0 ? ((dx > 0 ? cx + 1 : cx) * this.size - ox) / dx : Infinity;
    let nextZ = dz !== 0 ? ((dz > 0 ? cz + 1 : cz) * this.size - oz) / dz : Infinity;
    for (;;) {
      const list = this.cells.get((cx + OFFSET) * SPAN + (cz + OFFSET));
      if (list) {
        for (let k = 0; k < list.length; k++) {
          const shape = list[k];
          if (this.stamps[shape] === pass) continue;
          this.stamps[shape] = pass;
          visitor.testShape(shape);
        }
      }
      const leave = Math.min(nextX, nextZ);
      if (leave > maxDistance || visitor.bestDistance <= leave) return;
      if (nextX < nextZ) {
        cx += stepX;
        nextX += deltaX;
        // Past the last filled column in the direction of travel, nothing more can be hit.
        if (stepX > 0 ? cx > this.maxX : cx < this.minX) return;
      } else {
        cz += stepZ;
        nextZ += deltaZ;
        if (stepZ > 0 ? cz > this.maxZ : cz < this.minZ) return;
      }
    }
  }

  private cell(v: number): number {
    return Math.floor(v / this.size);
  }
}
