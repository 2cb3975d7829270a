/**
 * The seam between the trainer and a search algorithm (evojax's NEAlgorithm): ask for genomes,
 * tell their fitness. A genome is a flat Float32Array; the algorithm never knows the network.
 */
import type { RngState } from '../rng.ts';
import { STRATEGIES, type StrategyState } from './strategies/strategy.ts';

/** `evolution.algorithm`: the genetic algorithm (islands when their count is above 1), or a strategy. */
export const EVOLUTION_ALGORITHMS = ['ga', ...STRATEGIES] as const;
export type EvolutionAlgorithmName = (typeof EVOLUTION_ALGORITHMS)[number];

export interface EvolutionAlgorithm {
  /** The genomes to evaluate this generation. */
  ask(): Float32Array[];
  /**
   * Their fitness, in the order ask() returned them; higher is better. The algorithm breeds from
   * the genomes ask() returned, including any the caller rewrote (Lamarckian inheritance).
   * `behaviour`, each genome's mean behaviour features, is given when `describes` is true.
   */
  tell(fitness: ArrayLike<number>, behaviour?: Float64Array[]): void;
  /** Work to do before ask(), off the main thread where it is long (full CMA-ES's eigendecomposition). */
  prepare?(): Promise<void>;
  /** True when tell needs each genome's behaviour (MAP-Elites). */
  readonly describes?: boolean;
  /** For each genome of ask(), the index of its parent in the previous population (null at first). */
  lineage(): Int32Array | null;
  /** Everything needed to continue exactly where the algorithm is now. */
  snapshot(): AlgorithmSnapshot;
}

export interface AlgorithmSnapshot {
  kind: string;
  population: Float32Array[];
  rng: RngState;
  /** Generations told so far, for algorithms that act on a schedule (0 where unused). */
  step: number;
  parents: Int32Array | null;
  /** A strategy's whole state (strategy-algorithm.ts); absent for the GA and islands. */
  strategy?: StrategyState;
}
