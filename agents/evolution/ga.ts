/**
 * A generational genetic algorithm: elitism, tournament selection, uniform crossover and
 * Gaussian mutation. Every choice draws from its own seeded Rng, whose state is checkpointed.
 */
import { Rng } from '../rng.ts';
import type { AlgorithmSnapshot, EvolutionAlgorithm } from './algorithm.ts';
import { gaussianMutate, rankByFitness, tournamentSelect, uniformCrossover } from './operators.ts';

export interface GaOptions {
  populationSize: number;
  eliteCount: number;
  tournamentSize: number;
  crossoverRate: number;
  mutationRate: number;
  mutationStd: number;
}

/** The next generation of `population` (same size): the elites, then bred children. */
export function breed(population: Float32Array[], fitness: ArrayLike<number>, options: GaOptions, rng: Rng): Float32Array[] {
  if (fitness.length !== population.length) throw new Error(`ga: ${fitness.length} fitness values for ${population.length} genomes`);
  const next: Float32Array[] = rankByFitness(fitness).slice(0, options.eliteCount).map((i) => population[i].slice());
  while (next.length < population.length) {
    const mother = population[tournamentSelect(fitness, options.tournamentSize, rng)];
    const child = rng.next() < options.crossoverRate
      ? uniformCrossover(mother, population[tournamentSelect(fitness, options.tournamentSize, rng)], rng)
      : mother.slice();
    next.push(gaussianMutate(child, options.mutationRate, options.mutationStd, rng));
  }
  return next;
}

export class GeneticAlgorithm implements EvolutionAlgorithm {
  private constructor(private readonly options: GaOptions, private population: Float32Array[], private readonly rng: Rng) {
    if (population.length !== options.populationSize) {
      throw new Error(`ga: population has ${population.length} genomes, expected ${options.populationSize}`);
    }
  }

  /** A fresh population made by `init`, which may draw from the algorithm's Rng. */
  static create(options: GaOptions, seed: number, init: (rng: Rng) => Float32Array): GeneticAlgorithm {
    const rng = new Rng(seed);
    const population = Array.from({ length: options.populationSize }, () => init(rng));
    return new GeneticAlgorithm(options, population, rng);
  }

  static restore(options: GaOptions, snapshot: AlgorithmSnapshot): GeneticAlgorithm {
    if (snapshot.kind !== 'ga') throw new Error(`ga: cannot restore a "${snapshot.kind}" snapshot`);
    return new GeneticAlgorithm(options, snapshot.population.map((g) => g.slice()), Rng.fromState(snapshot.rng));
  }

  ask(): Float32Array[] {
    return this.population;
  }

  tell(fitness: ArrayLike<number>): void {
    this.population = breed(this.population, fitness, this.options, this.rng);
  }

  snapshot(): AlgorithmSnapshot {
    return { kind: 'ga', population: this.population.map((g) => g.slice()), rng: this.rng.state(), step: 0 };
  }
}
