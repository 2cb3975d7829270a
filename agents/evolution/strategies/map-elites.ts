/**
 * MAP-Elites (Mouret and Clune 2015): an archive of cells over a 2-D behaviour descriptor, each
 * keeping the fittest vector seen whose descriptor fell in it. A generation's candidates are
 * elites drawn uniformly from the archive and varied by the Iso+LineDD operator (Vassiliades and
 * Mouret 2018): x = xᵢ + σ₁ N(0, I) + σ₂ (xⱼ − xᵢ) N(0, 1), with σ₁ the strategy's σ; while the
 * archive is empty they are the start plus σ₁ N(0, I). A candidate replaces its cell's elite only
 * when strictly fitter (so ties keep the elder). Descriptors outside the bounds count in the edge
 * cells. Without descriptors (benchmark functions) a candidate's first two coordinates are its
 * descriptor.
 */
import { Rng, type RngState } from '../../rng.ts';
import { type Strategy, type StrategyOptions, type StrategyState, checkFitness, toArrays } from './strategy.ts';

export interface ArchiveOptions {
  /** Cells along each axis of the descriptor. */
  cells: number;
  /** [low, high] of each descriptor value. */
  bounds: [[number, number], [number, number]];
  /** σ₂ of the line operator: how far along the line between two elites a child lands (Gaussian). */
  lineStd: number;
}

export type MapElitesOptions = StrategyOptions & { archive: ArchiveOptions };

export const MAP_ELITES_DEFAULTS: ArchiveOptions = {
  cells: 10,
  bounds: [
    [-5, 5],
    [-5, 5],
  ],
  lineStd: 0.2,
};

/** The archive as a picture or an opponent pool reads it: filled cells in ascending order. */
export interface ArchiveView {
  cells: number;
  bounds: ArchiveOptions['bounds'];
  /** Cell index (row-major: first descriptor value's cell times `cells`, plus the second's). */
  filled: number[];
  fitness: number[];
  descriptors: [number, number][];
  elites: Float64Array[];
}

export class MapElites implements Strategy {
  readonly name = 'map-elites';
  private candidates: Float64Array[] = [];
  private drawnFrom: RngState | null = null;

  private constructor(
    private readonly o: MapElitesOptions,
    private readonly start: Float64Array,
    /** Cell by cell, the elite's vector (zeros where empty). */
    private readonly elites: Float64Array,
    private readonly fitness: Float64Array,
    private readonly descriptors: Float64Array,
    private readonly filled: Uint8Array,
    private generation: number,
    private readonly rng: Rng,
  ) {
    const { cells, bounds } = o.archive;
    if (!Number.isInteger(cells) || cells < 1) throw new Error(`map-elites: cells must be a positive integer (got ${cells})`);
    bounds.forEach(([lo, hi], k) => {
      if (!(hi > lo)) throw new Error(`map-elites: bounds ${k} must have high above low (got [${lo}, ${hi}])`);
    });
  }

  static create(o: MapElitesOptions, x0: Float64Array): MapElites {
    const n = x0.length;
    const cells = o.archive.cells ** 2;
    return new MapElites(o, x0.slice(), new Float64Array(cells * n), new Float64Array(cells), new Float64Array(cells * 2), new Uint8Array(cells), 0, new Rng(o.seed));
  }

  static restore(o: MapElitesOptions, s: StrategyState): MapElites {
    const { start, elites, fitness, descriptors, filled } = s.arrays;
    return new MapElites(
      o,
      Float64Array.from(start),
      Float64Array.from(elites),
      Float64Array.from(fitness),
      Float64Array.from(descriptors),
      Uint8Array.from(filled),
      s.generation,
      Rng.fromState(s.rng),
    );
  }

  ask(): Float64Array[] {
    if (this.candidates.length) return this.candidates;
    const n = this.start.length;
    const sigma = this.o.sigma;
    const occupied = this.occupied();
    this.drawnFrom = this.rng.state();
    for (let k = 0; k < this.o.populationSize; k++) {
      if (occupied.length === 0) {
        this.candidates.push(this.start.map((x) => x + sigma * this.rng.gaussian()));
        continue;
      }
      const xi = this.elite(occupied[this.rng.int(occupied.length)]);
      const xj = this.elite(occupied[this.rng.int(occupied.length)]);
      const line = this.o.archive.lineStd * this.rng.gaussian();
      const child = new Float64Array(n);
      for (let i = 0; i < n; i++) child[i] = xi[i] + sigma * this.rng.gaussian() + line * (xj[i] - xi[i]);
      this.candidates.push(child);
    }
    return this.candidates;
  }

  /** Makes candidate `k` the vector `x` (what actually played: the float32 genome, learned weights with Lamarckian inheritance). */
  inject(k: number, x: ArrayLike<number>): void {
    this.ask()[k].set(x);
  }

  /**
   * Places each candidate, in order, in the cell of its descriptor (`descriptors[k]`, two values;
   * without them its first two coordinates) if that cell is empty or its elite less fit.
   */
  tell(fitness: ArrayLike<number>, descriptors?: ArrayLike<number>[]): void {
    this.ask();
    checkFitness(this.name, fitness, this.candidates.length);
    if (descriptors && descriptors.length !== this.candidates.length) throw new Error(`map-elites: ${descriptors.length} descriptors for ${this.candidates.length} candidates`);
    const n = this.start.length;
    this.candidates.forEach((x, k) => {
      const d = descriptors?.[k] ?? [x[0] ?? 0, x[1] ?? 0];
      if (!Number.isFinite(d[0]) || !Number.isFinite(d[1])) return; // an agent that left the world has no place
      const cell = this.cellOf(d[0], d[1]);
      if (this.filled[cell] && !(fitness[k] > this.fitness[cell])) return;
      this.filled[cell] = 1;
      this.fitness[cell] = fitness[k];
      this.descriptors[2 * cell] = d[0];
      this.descriptors[2 * cell + 1] = d[1];
      this.elites.set(x, cell * n);
    });
    this.generation++;
    this.candidates = [];
    this.drawnFrom = null;
  }

  /** The fittest elite (the start while the archive is empty). */
  mean(): Float64Array {
    const occupied = this.occupied();
    if (occupied.length === 0) return this.start.slice();
    const best = occupied.reduce((b, c) => (this.fitness[c] > this.fitness[b] ? c : b));
    return this.elite(best).slice();
  }

  archive(): ArchiveView {
    const filled = this.occupied();
    return {
      cells: this.o.archive.cells,
      bounds: this.o.archive.bounds,
      filled,
      fitness: filled.map((c) => this.fitness[c]),
      descriptors: filled.map((c) => [this.descriptors[2 * c], this.descriptors[2 * c + 1]]),
      elites: filled.map((c) => this.elite(c).slice()),
    };
  }

  state(): StrategyState {
    const arrays = toArrays({ start: this.start, elites: this.elites, fitness: this.fitness, descriptors: this.descriptors });
    return { name: this.name, generation: this.generation, rng: this.drawnFrom ?? this.rng.state(), arrays: { ...arrays, filled: Array.from(this.filled) }, scalars: {} };
  }

  /** Row-major cell of a descriptor, values beyond the bounds in the edge cells. */
  cellOf(a: number, b: number): number {
    const { cells, bounds } = this.o.archive;
    const bin = (v: number, [lo, hi]: [number, number]) => Math.min(cells - 1, Math.max(0, Math.floor(((v - lo) / (hi - lo)) * cells)));
    return bin(a, bounds[0]) * cells + bin(b, bounds[1]);
  }

  private occupied(): number[] {
    const out: number[] = [];
    this.filled.forEach((f, c) => f && out.push(c));
    return out;
  }

  private elite(cell: number): Float64Array {
    const n = this.start.length;
    return this.elites.subarray(cell * n, (cell + 1) * n);
  }
}
