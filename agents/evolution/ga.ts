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

export interface Bred {
  genomes: Float32Array[];
  /** Index in the old population of each new genome's (first) parent; an elite's is itself. */
  parents: Int32Array;
}

/** The next generation of `population` (same size): the elites, then bred children. */
export function breed(population: Float32Array[], fitness: ArrayLike<number>, options: GaOptions, rng: Rng): Bred {
  if (fitness.length !== population.length) throw new Error(`ga: ${fitness.length} fitness values for ${population.length} genomes`);
  const parents = new Int32Array(population.length);
  const elites = rankByFitness(fitness).slice(0, options.eliteCount);
  const genomes: Float32Array[] = elites.map((i, k) => {
    parents[k] = i;
    return population[i].slice();
  });
  while (genomes.length < population.length) {
    const mother = tournamentSelect(fitness, options.tournamentSize, rng);
    const child = rng.next() < options.crossoverRate ? uniformCrossover(population[mother], population[tournamentSelect(fitness, options.tournamentSize, rng)], rng) : population[mother].slice();
    parents[genomes.length] = mother;
    genomes.push(gaussianMutate(child, options.mutationRate, options.mutationStd, rng));
  }
  return { genomes, parents };
}

export class GeneticAlgorithm implements EvolutionAlgorithm {
  private parents: Int32Array | null = null;

  private constructor(
    private readonly options: GaOptions,
    private population: Float32Array[],
    private readonly rng: Rng,
  ) {
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
    const ga = new GeneticAlgorithm(
      options,
      snapshot.population.map((g) => g.slice()),
      Rng.fromState(snapshot.rng),
    );
    ga.parents = snapshot.parents;
    return ga;
  }

  ask(): Float32Array[] {
    return this.population;
  }

  tell(fitness: ArrayLike<number>): void {
    const bred = breed(this.population, fitness, this.options, this.rng);
    this.population = bred.genomes;
    this.parents = bred.parents;
  }

  lineage(): Int32Array | null {
    return this.parents;
  }

  snapshot(): AlgorithmSnapshot {
    return { kind: 'ga', population: this.population.map((g) => g.slice()), rng: this.rng.state(), step: 0, parents: this.parents };
  }
}
