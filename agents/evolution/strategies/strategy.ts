/**
 * Search distributions behind an ask/tell seam (evosax's and EvoJAX's): ask for λ candidate
 * vectors, tell their fitness (higher is better). A strategy never knows what a vector means.
 * Its whole state is plain data (numbers, arrays, the generator's state), so a checkpoint holds it
 * and `restoreStrategy` continues bit for bit.
 */
import type { RngState } from '../../rng.ts';
import type { ArchiveOptions } from './map-elites.ts';

export const STRATEGIES = ['openai-es', 'pgpe', 'cma-es', 'sep-cma-es', 'map-elites'] as const;
export type StrategyName = (typeof STRATEGIES)[number];

export interface Strategy {
  readonly name: StrategyName;
  /** The λ candidates of this generation (the same arrays until tell). */
  ask(): Float64Array[];
  /**
   * Their fitness, in ask()'s order; higher is better. `descriptors` (two values per candidate, its
   * behaviour) are read by MAP-Elites alone.
   */
  tell(fitness: ArrayLike<number>, descriptors?: ArrayLike<number>[]): void;
  /** The distribution's centre: the strategy's own estimate of the best vector. */
  mean(): Float64Array;
  /** Everything needed to continue exactly. */
  state(): StrategyState;
  /**
   * True once the distribution has collapsed so far that further generations cannot change it
   * (CMA-ES's TolX and ConditionCov criteria); absent where a strategy never stops by itself.
   */
  converged?(): boolean;
  /**
   * Makes candidate `k` the vector `x` that actually played (Lamarckian inheritance wrote a
   * learner's weights over it): tell then learns from x with candidate k's fitness. A distribution
   * takes x as a sample whose step from its centre is clipped to the length a sample of its own
   * might have (injectionClip).
   */
  inject?(k: number, x: ArrayLike<number>): void;
  /** This generation's candidates as offsets into the noise table, where they were drawn from it (null otherwise). */
  seeded?(): SeededCandidates | null;
}

export interface StrategyState {
  name: StrategyName;
  /** Generations told so far. */
  generation: number;
  rng: RngState;
  /** Named vectors (means, step sizes, moments, paths, a covariance row-major). */
  arrays: Record<string, number[]>;
  /** Named scalars (a global step size, counters). */
  scalars: Record<string, number>;
}

export interface StrategyOptions {
  /** λ, candidates per generation (even for the antithetic strategies). */
  populationSize: number;
  /** The initial step size σ₀ (a standard deviation per coordinate). */
  sigma: number;
  seed: number;
  /** MAP-Elites's archive (map-elites.ts's defaults where absent). */
  archive?: ArchiveOptions;
  /**
   * How OpenAI-ES and PGPE draw perturbations: slices of the shared noise table (the default), or
   * values drawn one by one from their generator (`stream`, how runs written before the table
   * drew them).
   */
  perturbations?: PerturbationSource;
  /** CMA-ES and sep-CMA-ES: active covariance update (cma-es.ts); off where absent, as every earlier run was. */
  active?: boolean;
  /** sep-CMA-ES: whose diagonal learning rates (cma-es.ts); Ros and Hansen's where absent, as every earlier run had. */
  sepRates?: SepRates;
}

export const PERTURBATION_SOURCES = ['table', 'stream'] as const;
export type PerturbationSource = (typeof PERTURBATION_SOURCES)[number];

/** sep-CMA-ES's learning rates: Ros and Hansen's (2008), or pycma's (cma-es.ts). */
export const SEP_RATES = ['ros-hansen', 'pycma'] as const;
export type SepRates = (typeof SEP_RATES)[number];

/**
 * This generation's candidates as the noise table names them: candidate k is
 * centre + signs[k] · scale ⊙ table[offsets[k] …] (noise-table.ts's `perturbed`), `scale` one σ
 * or one per parameter.
 */
export interface SeededCandidates {
  centre: Float64Array;
  scale: Float64Array;
  offsets: Int32Array;
  signs: Int8Array;
}

/**
 * Centred ranks (Salimans et al. 2017): the worst gets −0.5, the best +0.5, evenly between, ties
 * broken by position. Makes a strategy invariant to any increasing transformation of fitness.
 */
export function centredRanks(fitness: ArrayLike<number>): Float64Array {
  const n = fitness.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => fitness[a] - fitness[b] || a - b);
  const ranks = new Float64Array(n);
  order.forEach((i, r) => (ranks[i] = n > 1 ? r / (n - 1) - 0.5 : 0));
  return ranks;
}

/** Indices of `fitness` from best to worst (ties by position). */
export function bestFirst(fitness: ArrayLike<number>): number[] {
  return Array.from({ length: fitness.length }, (_, i) => i).sort((a, b) => fitness[b] - fitness[a] || a - b);
}

export const toArrays = (arrays: Record<string, Float64Array>): Record<string, number[]> => Object.fromEntries(Object.entries(arrays).map(([k, v]) => [k, Array.from(v)]));

export function checkFitness(name: string, fitness: ArrayLike<number>, expected: number): void {
  if (fitness.length !== expected) throw new Error(`${name}: ${fitness.length} fitness values for ${expected} candidates`);
  for (let i = 0; i < fitness.length; i++) if (Number.isNaN(fitness[i])) throw new Error(`${name}: fitness ${i} is NaN`);
}

/**
 * Scales a step given in the distribution's whitened coordinates (where its own samples are
 * N(0, I)) down to the norm √n + 2n / (n + 2) at most, the bound pycma puts on injected
 * solutions (Hansen 2011, "Injecting external solutions into CMA-ES"): a learned vector far from
 * the centre then moves the distribution no more than a sample of its own could. Returns the factor.
 */
export function injectionClip(whitened: Float64Array): number {
  const n = whitened.length;
  const bound = Math.sqrt(n) + (2 * n) / (n + 2);
  const norm = Math.sqrt(whitened.reduce((s, v) => s + v * v, 0));
  return norm > bound ? bound / norm : 1;
}
