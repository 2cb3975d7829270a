/**
 * Each population's evolution algorithm: a plain GA, an island model when its
 * `evolution.islands.count` is above 1, or a strategy (`evolution.algorithm`) centred on one
 * network. All start from genomes drawn from the population's own seeded stream, and restore
 * exactly from a checkpoint.
 */
import type { AlgorithmSnapshot, EvolutionAlgorithm } from '../../agents/evolution/algorithm.ts';
import { GeneticAlgorithm } from '../../agents/evolution/ga.ts';
import { IslandModel } from '../../agents/evolution/islands.ts';
import { CMA_MAX_DIMENSION } from '../../agents/evolution/strategies/cma-es.ts';
import { StrategyAlgorithm } from '../../agents/evolution/strategy-algorithm.ts';
import type { ArchiveView } from '../../agents/evolution/strategies/map-elites.ts';
import type { SeededCandidates, StrategyOptions } from '../../agents/evolution/strategies/strategy.ts';
import { Rng } from '../../agents/rng.ts';
import { CoevoError } from '../errors.ts';
import { initGenome, parameterCount } from '../../agents/mlp.ts';
import { deriveSeed } from '../../agents/rng.ts';
import { SEED_STREAMS } from '../seed-streams.ts';
import type { Population } from './populations.ts';

export function createAlgorithm(population: Population, runSeed: number, streamParts: number[]): EvolutionAlgorithm {
  const { islands, algorithm, mapElites: _m, perturbations: _p, openaiEs: _o, pgpe: _g, cmaEs: _c, ...ga } = population.evolution;
  const seed = deriveSeed(runSeed, SEED_STREAMS.init, ...streamParts);
  if (algorithm !== 'ga') return StrategyAlgorithm.create(algorithm, initGenome(population.shape, new Rng(seed)), strategyOptions(population, deriveSeed(seed, 1)), population.descriptor?.indices);
  const init = (rng: Parameters<Parameters<typeof GeneticAlgorithm.create>[2]>[0]) => initGenome(population.shape, rng);
  return islands.count > 1 ? IslandModel.create(ga, islands, seed, init) : GeneticAlgorithm.create(ga, seed, init);
}

export function restoreAlgorithm(population: Population, snapshot: AlgorithmSnapshot): EvolutionAlgorithm {
  const { islands, algorithm, mapElites: _m, perturbations: _p, openaiEs: _o, pgpe: _g, cmaEs: _c, ...ga } = population.evolution;
  if (algorithm !== 'ga') return StrategyAlgorithm.restore(snapshot, strategyOptions(population, 0), population.descriptor?.indices);
  return islands.count > 1 ? IslandModel.restore(ga, islands, snapshot) : GeneticAlgorithm.restore(ga, snapshot);
}

/** The strategy's settings from the population's: λ its size, σ₀ its mutationStd. Full CMA-ES is refused above its size limit. */
function strategyOptions(population: Population, seed: number): StrategyOptions {
  const { algorithm, populationSize, mutationStd, mapElites, perturbations, openaiEs, pgpe, cmaEs } = population.evolution;
  const size = parameterCount(population.shape);
  if (algorithm === 'cma-es' && size > CMA_MAX_DIMENSION) {
    throw new CoevoError('BAD_CONFIG', `evolution.algorithm "cma-es" keeps a full covariance, for networks of up to ${CMA_MAX_DIMENSION} parameters; this one has ${size}: use "sep-cma-es"`);
  }
  const archive = population.descriptor ? { archive: { cells: mapElites.cells, bounds: population.descriptor.bounds, lineStd: mapElites.lineStd } } : {};
  // A strategy's own rates (createStrategy fills in the rest from its defaults).
  // CMA-ES's options only where asked for, so that options (and runs) without them are as they always were.
  const cma = { ...(cmaEs.active ? { active: true } : {}), ...(algorithm === 'sep-cma-es' && cmaEs.sepRates !== 'ros-hansen' ? { sepRates: cmaEs.sepRates } : {}) };
  const rates = algorithm === 'openai-es' ? openaiEs : algorithm === 'pgpe' ? pgpe : algorithm === 'cma-es' || algorithm === 'sep-cma-es' ? cma : {};
  return { populationSize, sigma: mutationStd, seed, perturbations, ...archive, ...rates };
}

/** A population's MAP-Elites archive (null for other algorithms). */
export function archiveOf(algorithm: EvolutionAlgorithm): ArchiveView | null {
  return algorithm instanceof StrategyAlgorithm ? algorithm.archive() : null;
}

/** A population's genomes as noise-table offsets, where its strategy draws them so (null otherwise). */
export function seededOf(algorithm: EvolutionAlgorithm): SeededCandidates | null {
  return algorithm instanceof StrategyAlgorithm ? algorithm.seeded() : null;
}

/** A distribution strategy's centre (null for the GA and MAP-Elites). */
export function centreOf(algorithm: EvolutionAlgorithm): Float32Array | null {
  return algorithm instanceof StrategyAlgorithm ? algorithm.centre() : null;
}
