/**
 * Each population's evolution algorithm: a plain GA, or an island model when its
 * `evolution.islands.count` is above 1. Both start from genomes drawn from the population's own
 * seeded stream, and restore exactly from a checkpoint.
 */
import type { AlgorithmSnapshot, EvolutionAlgorithm } from '../../agents/evolution/algorithm.ts';
import { GeneticAlgorithm } from '../../agents/evolution/ga.ts';
import { IslandModel } from '../../agents/evolution/islands.ts';
import { initGenome } from '../../agents/mlp.ts';
import { deriveSeed } from '../../agents/rng.ts';
import { SEED_STREAMS } from '../seed-streams.ts';
import type { Population } from './populations.ts';

export function createAlgorithm(population: Population, runSeed: number, streamParts: number[]): EvolutionAlgorithm {
  const { islands, ...ga } = population.evolution;
  const seed = deriveSeed(runSeed, SEED_STREAMS.init, ...streamParts);
  const init = (rng: Parameters<Parameters<typeof GeneticAlgorithm.create>[2]>[0]) => initGenome(population.shape, rng);
  return islands.count > 1 ? IslandModel.create(ga, islands, seed, init) : GeneticAlgorithm.create(ga, seed, init);
}

export function restoreAlgorithm(population: Population, snapshot: AlgorithmSnapshot): EvolutionAlgorithm {
  const { islands, ...ga } = population.evolution;
  return islands.count > 1 ? IslandModel.restore(ga, islands, snapshot) : GeneticAlgorithm.restore(ga, snapshot);
}
