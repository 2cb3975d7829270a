/**
 * A uniform bucket grid over points in the x-z plane, rebuilt in one pass (a counting sort), so
 * that "what is within r of here" costs the few cells around a point instead of every point. Items
 * in a cell stay in index order, so every query visits candidates in the same order everywhere.
 */
export class PointGrid {
  private cellStart = new Int32Array(0);
  private order = new Int32Array(0);
  private cols = 1;
  private rows = 1;

  constructor(
    private readonly x0: number,
    private readonly z0: number,
    x1: number,
    z1: number,
    private readonly cell: number,
  ) {
    this.cols = Math.max(1, Math.ceil((x1 - x0) / cell));
    this.rows = Math.max(1, Math.ceil((z1 - z0) / cell));
    this.cellStart = new Int32Array(this.cols * this.rows + 1);
  }

  /** Files `count` points, point i at (xz[2i], xz[2i + 1]); those where `skip(i)` holds are left out. */
  build(xz: ArrayLike<number>, count: number, skip?: (i: number) => boolean): void {
    const cells = this.cols * this.rows;
    const cellOf = new Int32Array(count);
    this.cellStart.fill(0);
    for (let i = 0; i < count; i++) {
      const c = skip?.(i) ? -1 : this.cellAt(xz[2 * i], xz[2 * i + 1]);
      cellOf[i] = c;
      if (c >= 0) this.cellStart[c + 1]++;
    }
    for (let c = 0; c < cells; c++) this.cellStart[c + 1] += this.cellStart[c];
    if (this.order.length < count) this.order = new Int32Array(count);
    const fill = this.cellStart.slice(0, cells);
    for (let i = 0; i < count; i++) if (cellOf[i] >= 0) this.order[fill[cellOf[i]]++] = i;
  }

  /** Calls `visit(i)` for every filed point in the cells that a disc of radius r around (x, z) touches. */
  near(x: number, z: number, r: number, visit: (i: number) => void): void {
    const c0 = this.clampCol(Math.floor((x - r - this.x0) / this.cell));
    const c1 = this.clampCol(Math.floor((x + r - this.x0) / this.cell));
    const r0 = this.clampRow(Math.floor((z - r - this.z0) / this.cell));
    const r1 = this.clampRow(Math.floor((z + r - this.z0) / this.cell));
    for (let row = r0; row <= r1; row++) {
      for (let col = c0; col <= c1; col++) {
        const c = row * this.cols + col;
        for (let k = this.cellStart[c]; k < this.cellStart[c + 1]; k++) visit(this.order[k]);
      }
    }
  }

  private cellAt(x: number, z: number): number {
    return this.clampRow(Math.floor((z - this.z0) / this.cell)) * this.cols + this.clampCol(Math.floor((x - this.x0) / this.cell));
  }

  private clampCol(c: number): number {
    return c < 0 ? 0 : c >= this.cols ? this.cols - 1 : c;
  }

  private clampRow(r: number): number {
    return r < 0 ? 0 : r >= this.rows ? this.rows - 1 : r;
  }
}
