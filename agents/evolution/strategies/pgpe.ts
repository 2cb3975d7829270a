/**
 * PGPE (Sehnke et al. 2010) with the ClipUp optimiser (Toklu et al. 2020), as EvoTorch runs it: a
 * centre μ and a standard deviation per parameter σ; symmetric samples μ ± ε with ε ~ N(0, σ²);
 * fitness shaped by centred ranks; the centre moves by ClipUp (a heavy-ball step on the normalised
 * gradient, its speed clipped), and σ by its own gradient, each change bounded to ±20%.
 */
import { Rng } from '../../rng.ts';
import { AntitheticPairs } from './antithetic-pairs.ts';
import { type SeededCandidates, type Strategy, type StrategyOptions, type StrategyState, centredRanks, checkFitness, toArrays } from './strategy.ts';

export interface PgpeOptions extends StrategyOptions {
  /** ClipUp's largest step of the centre; its step size is half that (the ClipUp paper's advice). */
  maxSpeed: number;
  momentum: number;
  stdevLearningRate: number;
  /** The largest relative change of a σ in one generation. */
  stdevMaxChange: number;
}

export const PGPE_DEFAULTS = { maxSpeed: 0.15, momentum: 0.9, stdevLearningRate: 0.1, stdevMaxChange: 0.2 };

export class Pgpe implements Strategy {
  readonly name = 'pgpe';
  private readonly pairs: AntitheticPairs;

  private constructor(
    private readonly o: PgpeOptions,
    private readonly mu: Float64Array,
    private readonly sigma: Float64Array,
    private readonly velocity: Float64Array,
    private generation: number,
    private readonly rng: Rng,
  ) {
    if (o.populationSize < 2 || o.populationSize % 2) throw new Error(`pgpe: populationSize must be even and at least 2 (got ${o.populationSize})`);
    this.pairs = new AntitheticPairs(o.perturbations);
  }

  static create(o: PgpeOptions, x0: Float64Array): Pgpe {
    const n = x0.length;
    return new Pgpe(o, x0.slice(), new Float64Array(n).fill(o.sigma), new Float64Array(n), 0, new Rng(o.seed));
  }

  static restore(o: PgpeOptions, s: StrategyState): Pgpe {
    const { mu, sigma, velocity } = s.arrays;
    return new Pgpe(o, Float64Array.from(mu), Float64Array.from(sigma), Float64Array.from(velocity), s.generation, Rng.fromState(s.rng));
  }

  ask(): Float64Array[] {
    // Pairs side by side: μ + σ ⊙ z_k and μ − σ ⊙ z_k.
    return this.pairs.draw(this.rng, this.o.populationSize, this.mu, this.sigma);
  }

  tell(fitness: ArrayLike<number>): void {
    this.ask();
    checkFitness(this.name, fitness, this.pairs.candidates.length);
    const u = centredRanks(fitness);
    const n = this.mu.length;
    const pairs = this.pairs.noise.length;
    let baseline = 0;
    for (let i = 0; i < u.length; i++) baseline += u[i] / u.length;
    const gMu = new Float64Array(n);
    const gSigma = new Float64Array(n);
    // Perturbations in parameter units: ε = σ ⊙ z (σ as the candidates were drawn with; it changes below).
    const inUnits = (z: Float64Array | undefined) => z?.map((zi, i) => this.sigma[i] * zi);
    this.pairs.noise.forEach((z, k) => {
      const eps = inUnits(z)!;
      const [plus, minus] = [u[2 * k], u[2 * k + 1]];
      const [ePlus, eMinus] = [inUnits(this.pairs.injectedStep(2 * k)), inUnits(this.pairs.injectedStep(2 * k + 1))];
      if (ePlus || eMinus) {
        // A pair with an injected vector: each candidate weighs its own perturbation (the pair's ε and −ε otherwise).
        for (let i = 0; i < n; i++) {
          const [a, b, s2] = [ePlus ? ePlus[i] : eps[i], eMinus ? eMinus[i] : -eps[i], this.sigma[i] * this.sigma[i]];
          gMu[i] += (plus * a + minus * b) / 2 / pairs;
          gSigma[i] += ((plus - baseline) * (a * a - s2) + (minus - baseline) * (b * b - s2)) / 2 / this.sigma[i] / pairs;
        }
        return;
      }
      const diff = (plus - minus) / 2;
      const avg = (plus + minus) / 2 - baseline;
      for (let i = 0; i < n; i++) {
        gMu[i] += (diff * eps[i]) / pairs;
        gSigma[i] += (avg * (eps[i] * eps[i] - this.sigma[i] * this.sigma[i])) / this.sigma[i] / pairs;
      }
    });
    this.clipUp(gMu);
    const { stdevLearningRate: lr, stdevMaxChange: bound } = this.o;
    for (let i = 0; i < n; i++) {
      const s = this.sigma[i];
      this.sigma[i] = Math.min(s * (1 + bound), Math.max(s * (1 - bound), s + lr * gSigma[i]));
    }
    this.generation++;
    this.pairs.clear();
  }

  /** v ← m·v + α·g/‖g‖, ‖v‖ clipped to maxSpeed; μ ← μ + v (ascent). */
  private clipUp(g: Float64Array): void {
    const norm = length(g);
    const alpha = this.o.maxSpeed / 2;
    const v = this.velocity;
    for (let i = 0; i < v.length; i++) v[i] = this.o.momentum * v[i] + (norm > 0 ? (alpha * g[i]) / norm : 0);
    const speed = length(v);
    const clip = speed > this.o.maxSpeed ? this.o.maxSpeed / speed : 1;
    for (let i = 0; i < v.length; i++) {
      v[i] *= clip;
      this.mu[i] += v[i];
    }
  }

  inject(k: number, x: ArrayLike<number>): void {
    this.ask();
    this.pairs.inject(k, x, this.mu, this.sigma);
  }

  mean(): Float64Array {
    return this.mu.slice();
  }

  seeded(): SeededCandidates | null {
    this.ask();
    return this.pairs.seeded(this.mu, this.sigma.slice());
  }

  state(): StrategyState {
    return { name: this.name, generation: this.generation, rng: this.pairs.drawnFrom ?? this.rng.state(), arrays: toArrays({ mu: this.mu, sigma: this.sigma, velocity: this.velocity }), scalars: {} };
  }
}

function length(v: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < v.length; i++) sum += v[i] * v[i];
  return Math.sqrt(sum);
}
