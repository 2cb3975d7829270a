/**
 * A strategy (strategies/) behind the trainer's seam (algorithm.ts): its candidates become the
 * population's float32 genomes, their fitness goes back to it. A genome the caller rewrote
 * (Lamarckian inheritance) is injected: a distribution (the ES, PGPE, CMA-ES) learns from it in
 * place of its sample, its step clipped; MAP-Elites archives the genomes as they played, learned
 * weights included, so learners become elites (docs/optimizers.md).
 *
 * Strategies have no parents: lineage maps each member to the previous generation's member at
 * the same index, so that imitation's `peer` is that member's best arena-mate or opponent-mate
 * (issue 18's definition) and DAgger's states are that member's.
 */
import type { AlgorithmSnapshot, EvolutionAlgorithm } from './algorithm.ts';
import { CmaEs } from './strategies/cma-es.ts';
import { EIGEN_THREAD_DIMENSION, eigenOnThread } from './strategies/eigen-thread.ts';
import { type ArchiveView, MapElites } from './strategies/map-elites.ts';
import { createStrategy, restoreStrategy } from './strategies/registry.ts';
import type { SeededCandidates, Strategy, StrategyName, StrategyOptions } from './strategies/strategy.ts';

export class StrategyAlgorithm implements EvolutionAlgorithm {
  private genomes: Float32Array[] | null = null;

  private constructor(
    private strategy: Strategy,
    /** Generations told so far. */
    private told: number,
    /** MAP-Elites: which two behaviour features are the descriptor. */
    private readonly descriptor: [number, number] | null,
    private readonly options: StrategyOptions,
  ) {}

  /** A strategy centred on `x0` (the population's first network). */
  static create(name: StrategyName, x0: Float32Array, options: StrategyOptions, descriptor: [number, number] | null = null): StrategyAlgorithm {
    return new StrategyAlgorithm(createStrategy(name, Float64Array.from(x0), options), 0, descriptor, options);
  }

  /**
   * Starts the search over from `x0` (a run started from another run's network, `init.from`):
   * the same strategy and settings, centred there. Only before the first generation is told.
   */
  recentre(x0: Float32Array): void {
    if (this.told > 0) throw new Error(`${this.name}: cannot recentre after ${this.told} generations`);
    this.strategy = createStrategy(this.name, Float64Array.from(x0), this.options);
    this.genomes = null;
  }

  static restore(snapshot: AlgorithmSnapshot, options: StrategyOptions, descriptor: [number, number] | null = null): StrategyAlgorithm {
    if (snapshot.kind !== 'strategy' || !snapshot.strategy) throw new Error(`strategy: cannot restore a "${snapshot.kind}" snapshot`);
    return new StrategyAlgorithm(restoreStrategy(snapshot.strategy, options), snapshot.step, descriptor, options);
  }

  /**
   * Work a strategy can do before ask() off the main thread: full CMA-ES's due eigendecomposition
   * of C, on a thread of its own for networks of `threadFrom` parameters and more.
   */
  async prepare(threadFrom = EIGEN_THREAD_DIMENSION): Promise<void> {
    if (!(this.strategy instanceof CmaEs) || this.genomes) return;
    const c = this.strategy.pendingDecomposition();
    if (!c) return;
    const n = Math.round(Math.sqrt(c.length));
    if (n >= threadFrom) this.strategy.applyDecomposition(await eigenOnThread(c, n));
  }

  get describes(): boolean {
    return this.descriptor !== null;
  }

  /** This generation's genomes as offsets into the noise table (OpenAI-ES and PGPE drawing from it; null otherwise). */
  seeded(): SeededCandidates | null {
    return this.strategy.seeded?.() ?? null;
  }

  /** A distribution's centre as a genome (the strategy's own estimate of the best network); null for MAP-Elites, whose best elite is a member. */
  centre(): Float32Array | null {
    return this.strategy instanceof MapElites ? null : Float32Array.from(this.strategy.mean());
  }

  /** MAP-Elites's archive (null for the other strategies). */
  archive(): ArchiveView | null {
    return this.strategy instanceof MapElites ? this.strategy.archive() : null;
  }

  get name(): StrategyName {
    return this.strategy.name;
  }

  ask(): Float32Array[] {
    this.genomes ??= this.strategy.ask().map((x) => Float32Array.from(x));
    return this.genomes;
  }

  tell(fitness: ArrayLike<number>, behaviour?: Float64Array[]): void {
    this.injectPlayed();
    const d = this.descriptor;
    if (d && !behaviour) throw new Error(`${this.name}: told fitness without behaviour`);
    this.strategy.tell(fitness, d && behaviour ? behaviour.map((b) => [b[d[0]] ?? Number.NaN, b[d[1]] ?? Number.NaN]) : undefined);
    this.genomes = null;
    this.told++;
  }

  /**
   * What played goes back to the strategy: MAP-Elites archives every float32 genome as it played;
   * a distribution is given the genomes Lamarckian inheritance rewrote (learners' weights) in place
   * of its samples, and no others, so that without learning it runs exactly as it always has.
   */
  private injectPlayed(): void {
    if (!this.genomes || !this.strategy.inject) return;
    const asked = this.strategy.ask();
    const everything = this.strategy instanceof MapElites;
    this.genomes.forEach((genome, k) => {
      if (everything || genome.some((v, i) => v !== Math.fround(asked[k][i]))) this.strategy.inject!(k, genome);
    });
  }

  lineage(): Int32Array | null {
    if (this.told === 0) return null;
    return Int32Array.from({ length: this.ask().length }, (_, i) => i);
  }

  snapshot(): AlgorithmSnapshot {
    // The state records the generator from before this generation's draws, so ask() here costs nothing on restore.
    const state = this.strategy.state();
    return { kind: 'strategy', population: this.ask().map((g) => g.slice()), rng: state.rng, step: state.generation, parents: null, strategy: state };
  }
}
