/**
 * The island model: the population is split into islands that breed apart (each a GA), and
 * every `migrationInterval` generations each island sends copies of its best `migrants` genomes
 * to the next island in a ring, where they replace the newest bred children. Islands are logical, not tied to
 * worker threads, so results never depend on how many workers ran them.
 */
import { Rng } from '../rng.ts';
import type { AlgorithmSnapshot, EvolutionAlgorithm } from './algorithm.ts';
import { breed, type GaOptions } from './ga.ts';
import { rankByFitness } from './operators.ts';

export interface IslandOptions {
  count: number;
  migrationInterval: number;
  migrants: number;
}

export class IslandModel implements EvolutionAlgorithm {
  private constructor(
    private readonly ga: GaOptions,
    private readonly islands: IslandOptions,
    private population: Float32Array[],
    private readonly rng: Rng,
    /** Generations told so far, to time migrations. */
    private step: number,
    private parents: Int32Array | null = null,
  ) {
    if (population.length !== ga.populationSize || ga.populationSize % islands.count !== 0) {
      throw new Error(`islands: ${population.length} genomes do not split into ${islands.count} islands of equal size`);
    }
  }

  static create(ga: GaOptions, islands: IslandOptions, seed: number, init: (rng: Rng) => Float32Array): IslandModel {
    const rng = new Rng(seed);
    return new IslandModel(
      ga,
      islands,
      Array.from({ length: ga.populationSize }, () => init(rng)),
      rng,
      0,
    );
  }

  static restore(ga: GaOptions, islands: IslandOptions, snapshot: AlgorithmSnapshot): IslandModel {
    if (snapshot.kind !== 'islands') throw new Error(`islands: cannot restore a "${snapshot.kind}" snapshot`);
    return new IslandModel(
      ga,
      islands,
      snapshot.population.map((g) => g.slice()),
      Rng.fromState(snapshot.rng),
      snapshot.step,
      snapshot.parents,
    );
  }

  /** Genomes per island; island i holds population[i * size, (i + 1) * size). */
  get islandSize(): number {
    return this.ga.populationSize / this.islands.count;
  }

  ask(): Float32Array[] {
    return this.population;
  }

  tell(fitness: ArrayLike<number>): void {
    const size = this.islandSize;
    const bred: Float32Array[][] = [];
    const emigrants: number[][] = [];
    const parents = new Int32Array(this.population.length);
    for (let i = 0; i < this.islands.count; i++) {
      const members = this.population.slice(i * size, (i + 1) * size);
      const scores = Array.from({ length: size }, (_, j) => fitness[i * size + j]);
      emigrants.push(
        rankByFitness(scores)
          .slice(0, this.islands.migrants)
          .map((j) => i * size + j),
      );
      const island = breed(members, scores, { ...this.ga, populationSize: size }, this.rng);
      island.parents.forEach((p, j) => (parents[i * size + j] = i * size + p));
      bred.push(island.genomes);
    }
    this.step++;
    if (this.islands.count > 1 && this.step % this.islands.migrationInterval === 0) {
      // Bred islands hold their elites first; immigrants replace the last (newest, untested) children.
      bred.forEach((island, i) => {
        const arrivals = emigrants[(i + this.islands.count - 1) % this.islands.count];
        arrivals.forEach((from, k) => {
          island[size - 1 - k] = this.population[from].slice();
          parents[i * size + size - 1 - k] = from;
        });
      });
    }
    this.population = bred.flat();
    this.parents = parents;
  }

  lineage(): Int32Array | null {
    return this.parents;
  }

  snapshot(): AlgorithmSnapshot {
    return { kind: 'islands', population: this.population.map((g) => g.slice()), rng: this.rng.state(), step: this.step, parents: this.parents };
  }
}
