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

export class GeneticAlgorithm implements EvolutionAlgorithm {
  private population: Float32Array[];

  private constructor(private readonly options: GaOptions, population: Float32Array[], private readonly rng: Rng) {
    if (population.length !== options.populationSize) {
      throw new Error(`ga: population has ${population.length} genomes, expected ${options.populationSize}`);
    }
    this.population = population;
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
    const { options, rng, population } = this;
    if (fitness.length !== population.length) throw new Error(`ga: ${fitness.length} fitness values for ${population.length} genomes`);
    const ranked = rankByFitness(fitness);
    const next: Float32Array[] = ranked.slice(0, options.eliteCount).map((i) => population[i].slice());
    while (next.length < options.populationSize) {
      const mother = population[tournamentSelect(fitness, options.tournamentSize, rng)];
      const child = rng.next() < options.crossoverRate
        ? uniformCrossover(mother, population[tournamentSelect(fitness, options.tournamentSize, rng)], rng)
        : mother.slice();
      next.push(gaussianMutate(child, options.mutationRate, options.mutationStd, rng));
    }
    this.population = next;
  }

  snapshot(): AlgorithmSnapshot {
    return { kind: 'ga', population: this.population.map((g) => g.slice()), rng: this.rng.state() };
  }
}
