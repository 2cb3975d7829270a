/**
 * `coevo optimize`: a strategy (or the GA) on a benchmark function, from x₀ = 0 with σ₀ = 0.5,
 * until the best value reaches the target or the budget of evaluations is spent. Evaluations are
 * counted one by one, to the end of the generation in which the target is first reached.
 *
 * CMA-ES can restart (IPOP-CMA-ES, Auger and Hansen 2005): when a run stalls, a fresh one starts
 * from x₀ with σ₀ and twice the population, on the budget that is left.
 */
import { deriveSeed } from '../rng.ts';
import { GeneticAlgorithm } from './ga.ts';
import { PROBLEM_FUNCTIONS, type ProblemName } from './problems.ts';
import { createStrategy, defaultPopulationSize } from './strategies/registry.ts';
import type { SepRates, StrategyName } from './strategies/strategy.ts';

import { EVOLUTION_ALGORITHMS, type EvolutionAlgorithmName } from './algorithm.ts';

export const OPTIMIZE_ALGORITHMS = EVOLUTION_ALGORITHMS;
export type OptimizeAlgorithm = EvolutionAlgorithmName;

export interface OptimizeSettings {
  problem: ProblemName;
  dim: number;
  algorithm: OptimizeAlgorithm;
  seed: number;
  /** Evaluations at most (default 10⁴ × dim). */
  budget?: number;
  populationSize?: number;
  target?: number;
  /** Restarts at most, each with twice the last population (CMA-ES only; absent: none, and no `restarts` in the result). */
  restarts?: number;
  /** CMA-ES only: the active covariance update (pycma's default; absent: the classic one, and no `active` in the result). */
  active?: boolean;
  /** sep-CMA-ES only: whose diagonal learning rates (absent: Ros and Hansen's, and no `sepRates` in the result). */
  sepRates?: SepRates;
}

export interface OptimizeResult {
  problem: ProblemName;
  dim: number;
  algorithm: OptimizeAlgorithm;
  seed: number;
  evaluations: number;
  best: number;
  reached: boolean;
  /** Restarts made (only where restarts were asked for). */
  restarts?: number;
  /** Present, true, where the active covariance update was asked for. */
  active?: boolean;
  /** Present where sep-CMA-ES's learning rates were named. */
  sepRates?: SepRates;
}

/** The strategies that can tell when they have stalled, and so restart. */
export const RESTARTABLE: readonly OptimizeAlgorithm[] = ['cma-es', 'sep-cma-es'];

export const START_SIGMA = 0.5;
export const TARGET = 1e-8;

/** The GA's settings where the run config's defaults apply (evolution.*), with σ₀ as its start. */
const GA = { eliteCount: 4, tournamentSize: 3, crossoverRate: 0.25, mutationRate: 1, mutationStd: 0.05 };

/** λ: the one asked for, or Hansen's default (at least twice the GA's elites for the GA). */
export function populationFor(s: Pick<OptimizeSettings, 'dim' | 'algorithm' | 'populationSize'>): number {
  return s.populationSize ?? Math.max(defaultPopulationSize(s.dim), s.algorithm === 'ga' ? 2 * GA.eliteCount : 0);
}

export function optimize(s: OptimizeSettings): OptimizeResult {
  const f = PROBLEM_FUNCTIONS[s.problem];
  const budget = s.budget ?? 10_000 * s.dim;
  const target = s.target ?? TARGET;
  let lambda = populationFor(s);
  if (budget < lambda) throw new Error(`optimize: a budget of ${budget} evaluations does not cover one generation of ${lambda}`);
  if (s.restarts !== undefined && !RESTARTABLE.includes(s.algorithm)) throw new Error(`optimize: ${s.algorithm} does not restart (${RESTARTABLE.join(', ')} do)`);
  if (s.active && !RESTARTABLE.includes(s.algorithm)) throw new Error(`optimize: ${s.algorithm} has no covariance to update actively (${RESTARTABLE.join(', ')} do)`);
  if (s.sepRates !== undefined && s.algorithm !== 'sep-cma-es') throw new Error(`optimize: sepRates are sep-cma-es's learning rates, not ${s.algorithm}'s`);
  const maxRestarts = s.restarts ?? 0;
  let evaluations = 0;
  let best = Infinity;
  let restarts = 0;
  for (;;) {
    // The first run keeps the run's own seed, so a run without restarts is the run it always was.
    const { generation, converged } = generations({ ...s, seed: restarts ? deriveSeed(s.seed, restarts) : s.seed }, lambda);
    // Without restarts a run goes on until its distribution collapses; with them, it also stops on a flat history (stalled).
    const stall = s.restarts === undefined ? null : stagnation(s.dim, lambda);
    while (evaluations + lambda <= budget && !converged()) {
      const values = generation((x) => f(x));
      evaluations += lambda;
      for (const v of values) best = Math.min(best, v);
      if (best <= target || stall?.(values)) break;
    }
    if (best <= target || restarts >= maxRestarts || evaluations + 2 * lambda > budget) break;
    restarts++;
    lambda *= 2;
  }
  const result: OptimizeResult = { problem: s.problem, dim: s.dim, algorithm: s.algorithm, seed: s.seed, evaluations, best, reached: best <= target };
  return { ...result, ...(s.restarts === undefined ? {} : { restarts }), ...(s.active ? { active: true } : {}), ...(s.sepRates === undefined ? {} : { sepRates: s.sepRates }) };
}

/**
 * Hansen's TolFun and TolHistFun: true once the best values of the last 10 + ⌈30n/λ⌉ generations,
 * and every value of this one, lie within 1e-12 of each other (the run has settled in a minimum).
 */
function stagnation(n: number, lambda: number): (values: number[]) => boolean {
  const length = 10 + Math.ceil((30 * n) / lambda);
  const bests: number[] = [];
  return (values) => {
    bests.push(Math.min(...values));
    if (bests.length > length) bests.shift();
    if (bests.length < length) return false;
    const all = [...bests, ...values];
    return Math.max(...all) - Math.min(...all) < 1e-12;
  };
}

/** One generation at a time: evaluates its candidates with `f` (to minimise), tells, and returns their values. */
function generations(s: OptimizeSettings, lambda: number): { generation: (f: (x: ArrayLike<number>) => number) => number[]; converged: () => boolean } {
  if (s.algorithm === 'ga') {
    const ga = GeneticAlgorithm.create({ populationSize: lambda, ...GA }, s.seed, (rng) => Float32Array.from({ length: s.dim }, () => START_SIGMA * rng.gaussian()));
    const generation = (f: (x: ArrayLike<number>) => number) => {
      const values = ga.ask().map(f);
      ga.tell(values.map((v) => -v));
      return values;
    };
    return { generation, converged: () => false };
  }
  const strategy = createStrategy(s.algorithm as StrategyName, new Float64Array(s.dim), {
    populationSize: lambda,
    sigma: START_SIGMA,
    seed: s.seed,
    ...(s.active ? { active: true } : {}),
    ...(s.sepRates === undefined ? {} : { sepRates: s.sepRates }),
  });
  const generation = (f: (x: ArrayLike<number>) => number) => {
    const values = strategy.ask().map(f);
    strategy.tell(values.map((v) => -v));
    return values;
  };
  return { generation, converged: () => strategy.converged?.() ?? false };
}
