/**
 * OpenAI-ES (Salimans et al. 2017): antithetic Gaussian perturbations of a mean (θ ± σε), fitness
 * shaped by centred ranks, the gradient estimate Σ (u⁺ − u⁻) ε / (λσ) followed by Adam (with L2
 * weight decay on θ, as the paper's code does). σ stays fixed.
 */
import { Rng } from '../../rng.ts';
import { AntitheticPairs } from './antithetic-pairs.ts';
import { type SeededCandidates, type Strategy, type StrategyOptions, type StrategyState, centredRanks, checkFitness, toArrays } from './strategy.ts';

export interface OpenAiEsOptions extends StrategyOptions {
  learningRate: number;
  weightDecay: number;
}

/** The paper's code decays its networks' weights by 0.005; on functions whose optimum is away from 0 any decay biases the mean, so it is off unless asked for. */
export const OPENAI_ES_DEFAULTS = { learningRate: 0.01, weightDecay: 0 };
const BETA1 = 0.9;
const BETA2 = 0.999;
const EPSILON = 1e-8;

export class OpenAiEs implements Strategy {
  readonly name = 'openai-es';
  private readonly pairs: AntitheticPairs;

  private constructor(
    private readonly o: OpenAiEsOptions,
    private readonly theta: Float64Array,
    private readonly m: Float64Array,
    private readonly v: Float64Array,
    private generation: number,
    private readonly rng: Rng,
  ) {
    if (o.populationSize < 2 || o.populationSize % 2) throw new Error(`openai-es: populationSize must be even and at least 2 (got ${o.populationSize})`);
    this.pairs = new AntitheticPairs(o.perturbations);
  }

  static create(o: OpenAiEsOptions, x0: Float64Array): OpenAiEs {
    const n = x0.length;
    return new OpenAiEs(o, x0.slice(), new Float64Array(n), new Float64Array(n), 0, new Rng(o.seed));
  }

  static restore(o: OpenAiEsOptions, s: StrategyState): OpenAiEs {
    const { theta, m, v } = s.arrays;
    return new OpenAiEs(o, Float64Array.from(theta), Float64Array.from(m), Float64Array.from(v), s.generation, Rng.fromState(s.rng));
  }

  ask(): Float64Array[] {
    // Pairs side by side: candidate 2k is θ + σε_k, candidate 2k + 1 is θ − σε_k.
    return this.pairs.draw(this.rng, this.o.populationSize, this.theta, Float64Array.of(this.o.sigma));
  }

  tell(fitness: ArrayLike<number>): void {
    this.ask();
    checkFitness(this.name, fitness, this.pairs.candidates.length);
    const u = centredRanks(fitness);
    const n = this.theta.length;
    const g = new Float64Array(n);
    this.pairs.noise.forEach((eps, k) => {
      const [plus, minus] = [this.pairs.injectedStep(2 * k), this.pairs.injectedStep(2 * k + 1)];
      if (!plus && !minus) {
        const w = u[2 * k] - u[2 * k + 1];
        for (let i = 0; i < n; i++) g[i] += w * eps[i];
        return;
      }
      // A pair with an injected vector: each candidate weighs its own noise (the pair's ε and −ε otherwise).
      for (let i = 0; i < n; i++) g[i] += u[2 * k] * (plus ? plus[i] : eps[i]) + u[2 * k + 1] * (minus ? minus[i] : -eps[i]);
    });
    const scale = 1 / (this.o.populationSize * this.o.sigma);
    this.generation++;
    const t = this.generation;
    const lr = (this.o.learningRate * Math.sqrt(1 - BETA2 ** t)) / (1 - BETA1 ** t);
    for (let i = 0; i < n; i++) {
      // Ascent on fitness, with the L2 penalty's gradient.
      const gi = g[i] * scale - this.o.weightDecay * this.theta[i];
      this.m[i] = BETA1 * this.m[i] + (1 - BETA1) * gi;
      this.v[i] = BETA2 * this.v[i] + (1 - BETA2) * gi * gi;
      this.theta[i] += (lr * this.m[i]) / (Math.sqrt(this.v[i]) + EPSILON);
    }
    this.pairs.clear();
  }

  inject(k: number, x: ArrayLike<number>): void {
    this.ask();
    this.pairs.inject(k, x, this.theta, Float64Array.of(this.o.sigma));
  }

  mean(): Float64Array {
    return this.theta.slice();
  }

  seeded(): SeededCandidates | null {
    this.ask();
    return this.pairs.seeded(this.theta, Float64Array.of(this.o.sigma));
  }

  state(): StrategyState {
    return { name: this.name, generation: this.generation, rng: this.pairs.drawnFrom ?? this.rng.state(), arrays: toArrays({ theta: this.theta, m: this.m, v: this.v }), scalars: {} };
  }
}
