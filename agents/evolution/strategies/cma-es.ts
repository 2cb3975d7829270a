/**
 * CMA-ES (Hansen's tutorial, "The CMA Evolution Strategy", 2016), with the standard learning
 * rates: weighted recombination of the best half, cumulative step-size adaptation, rank-one and
 * rank-μ covariance updates. `full` keeps the whole covariance C = B D² Bᵀ and decomposes it
 * lazily, every 0.5 / (n (c₁ + c_μ)) generations (at least every one; the gap of Hansen's
 * purecma); `sep` (Ros and Hansen
 * 2008) keeps only its diagonal, for any size, with learning rates (n + 2) / 3 times larger or,
 * with `sepRates: 'pycma'`, pycma's diagonal rates (its `cc_sep`, `c1_sep`, `cmu_sep`): the
 * evolution path's c_c falls as 1/√n instead of 1/n, so the path remembers fewer generations
 * (pycma's diagonal update itself is multiplicative; this one stays additive).
 * With `active` (the tutorial's active CMA, Jastrebski and Arnold 2006; pycma's default) the
 * worse half also enters the covariance update, with negative weights scaled by n over each
 * step's squared Mahalanobis length, shrinking C along directions that did badly.
 */
import { Rng, type RngState } from '../../rng.ts';
import { symmetricEigen } from './eigen.ts';
import { type SepRates, type Strategy, type StrategyOptions, type StrategyState, bestFirst, checkFitness, injectionClip, toArrays } from './strategy.ts';

/** Above this many parameters full CMA-ES is refused (a decomposition would take seconds). */
export const CMA_MAX_DIMENSION = 2000;

interface Constants {
  mu: number;
  /** The best μ's weights (positive, summing to 1): the mean and the positive rank-μ update. */
  weights: Float64Array;
  /** Active CMA only: the worse λ − μ's weights, negative, best of them first (empty without active). */
  negative: Float64Array;
  muEff: number;
  cSigma: number;
  dSigma: number;
  cc: number;
  c1: number;
  cMu: number;
  chiN: number;
  eigenEvery: number;
}

/** sep-CMA-ES's c_c, c₁ and c_μ as pycma 4 sets them for its diagonal (`CMA_diagonal`; options_parameters.py, rank-μ offset 0.25). */
export function pycmaSepRates(n: number, muEff: number): { cc: number; c1: number; cMu: number } {
  const cc = (1 + 1 / n + muEff / n) / (Math.sqrt(n) + 1 / n + (2 * muEff) / n);
  const c1 = 1 / (n + 2 * Math.sqrt(n) + muEff / n);
  const cMu = Math.min(1 - c1, (0.25 + muEff + 1 / muEff - 2) / (n + 4 * Math.sqrt(n) + muEff / 2));
  return { cc, c1, cMu };
}

function constants(n: number, lambda: number, separable: boolean, active: boolean, sepRates: SepRates): Constants {
  const mu = Math.floor(lambda / 2);
  const raw = Array.from({ length: active ? lambda : mu }, (_, i) => Math.log(mu + 0.5) - Math.log(i + 1));
  const total = raw.slice(0, mu).reduce((a, b) => a + b, 0);
  const weights = Float64Array.from(raw.slice(0, mu), (w) => w / total);
  const muEff = 1 / weights.reduce((a, w) => a + w * w, 0);
  const cSigma = (muEff + 2) / (n + muEff + 5);
  const dSigma = 1 + 2 * Math.max(0, Math.sqrt((muEff - 1) / (n + 1)) - 1) + cSigma;
  let cc = (4 + muEff / n) / (n + 4 + (2 * muEff) / n);
  let c1 = 2 / ((n + 1.3) ** 2 + muEff);
  let cMu = Math.min(1 - c1, (2 * (muEff - 2 + 1 / muEff)) / ((n + 2) ** 2 + muEff));
  if (separable && sepRates === 'pycma') {
    ({ cc, c1, cMu } = pycmaSepRates(n, muEff));
  } else if (separable) {
    c1 *= (n + 2) / 3;
    cMu = Math.min(1 - c1, cMu * ((n + 2) / 3));
  }
  const chiN = Math.sqrt(n) * (1 - 1 / (4 * n) + 1 / (21 * n * n));
  const eigenEvery = Math.max(1, Math.floor(0.5 / (n * (c1 + cMu))));
  // The tutorial's (2016) negative weights: their sum is the least of α_μ⁻, α_μeff⁻ and α_posdef⁻.
  const worse = raw.slice(mu).filter((w) => w < 0);
  const worseTotal = -worse.reduce((a, b) => a + b, 0);
  const muEffMinus = worse.length ? worseTotal ** 2 / worse.reduce((a, w) => a + w * w, 0) : 0;
  const sum = Math.min(1 + c1 / cMu, 1 + (2 * muEffMinus) / (muEff + 2), (1 - c1 - cMu) / (n * cMu));
  const negative = Float64Array.from(worse, (w) => (w * sum) / worseTotal);
  return { mu, weights, negative, muEff, cSigma, dSigma, cc, c1, cMu, chiN, eigenEvery };
}

export class CmaEs implements Strategy {
  readonly name: 'cma-es' | 'sep-cma-es';
  private readonly n: number;
  private readonly k: Constants;
  /** Steps y = B D z of this generation's candidates, and the candidates m + σy. */
  private steps: Float64Array[] = [];
  private candidates: Float64Array[] = [];
  private drawnFrom: RngState | null = null;

  private constructor(
    private readonly o: StrategyOptions,
    private readonly separable: boolean,
    private readonly m: Float64Array,
    private sigma: number,
    /** Full: C row-major, n × n. Separable: the diagonal of C. */
    private readonly c: Float64Array,
    private readonly pSigma: Float64Array,
    private readonly pc: Float64Array,
    /** D: the square roots of C's eigenvalues (separable: of its diagonal); B: eigenvectors as rows (full only). */
    private d: Float64Array,
    private b: Float64Array,
    private generation: number,
    private decomposedAt: number,
    private readonly rng: Rng,
  ) {
    this.name = separable ? 'sep-cma-es' : 'cma-es';
    this.n = m.length;
    if (!separable && this.n > CMA_MAX_DIMENSION) {
      throw new Error(`cma-es: ${this.n} parameters is above the ${CMA_MAX_DIMENSION} that full covariance handles; use sep-cma-es`);
    }
    if (o.populationSize < 2) throw new Error(`${this.name}: populationSize must be at least 2 (got ${o.populationSize})`);
    this.k = constants(this.n, o.populationSize, separable, o.active ?? false, o.sepRates ?? 'ros-hansen');
  }

  static create(o: StrategyOptions, x0: Float64Array, separable: boolean): CmaEs {
    const n = x0.length;
    const c = separable ? new Float64Array(n).fill(1) : identity(n);
    const b = separable ? new Float64Array(0) : identity(n);
    return new CmaEs(o, separable, x0.slice(), o.sigma, c, new Float64Array(n), new Float64Array(n), new Float64Array(n).fill(1), b, 0, 0, new Rng(o.seed));
  }

  static restore(o: StrategyOptions, s: StrategyState): CmaEs {
    const a = s.arrays;
    const f = (name: string) => Float64Array.from(a[name]);
    return new CmaEs(o, s.name === 'sep-cma-es', f('m'), s.scalars.sigma, f('c'), f('pSigma'), f('pc'), f('d'), f('b'), s.generation, s.scalars.decomposedAt, Rng.fromState(s.rng));
  }

  ask(): Float64Array[] {
    if (this.candidates.length) return this.candidates;
    this.settle();
    const { n } = this;
    this.drawnFrom = this.rng.state();
    for (let k = 0; k < this.o.populationSize; k++) {
      const z = new Float64Array(n);
      for (let i = 0; i < n; i++) z[i] = this.d[i] * this.rng.gaussian();
      const y = this.separable ? z : this.fromEigenbasis(z);
      this.steps.push(y);
      this.candidates.push(this.m.map((mi, i) => mi + this.sigma * y[i]));
    }
    return this.candidates;
  }

  tell(fitness: ArrayLike<number>): void {
    this.ask();
    checkFitness(this.name, fitness, this.candidates.length);
    const { n, k } = this;
    const ranked = bestFirst(fitness);
    const order = ranked.slice(0, k.mu);
    const yw = new Float64Array(n);
    order.forEach((idx, r) => {
      const y = this.steps[idx];
      for (let i = 0; i < n; i++) yw[i] += k.weights[r] * y[i];
    });
    for (let i = 0; i < n; i++) this.m[i] += this.sigma * yw[i];
    // Step-size path, in the isotropic coordinates C^(-1/2) yw.
    const white = this.whiten(yw);
    const a = Math.sqrt(k.cSigma * (2 - k.cSigma) * k.muEff);
    for (let i = 0; i < n; i++) this.pSigma[i] = (1 - k.cSigma) * this.pSigma[i] + a * white[i];
    const psNorm = Math.sqrt(this.pSigma.reduce((s, v) => s + v * v, 0));
    this.generation++;
    const hSigma = psNorm / Math.sqrt(1 - (1 - k.cSigma) ** (2 * this.generation)) < (1.4 + 2 / (n + 1)) * k.chiN ? 1 : 0;
    const ac = hSigma * Math.sqrt(k.cc * (2 - k.cc) * k.muEff);
    for (let i = 0; i < n; i++) this.pc[i] = (1 - k.cc) * this.pc[i] + ac * yw[i];
    // The rank-μ terms: the best μ with their weights; with active CMA also the worst, their
    // negative weights scaled by n / |C^(−1/2) y|² so that long bad steps cannot make C indefinite.
    const ys = order.map((idx) => this.steps[idx]);
    const ws = Array.from(k.weights);
    k.negative.forEach((w, r) => {
      const y = this.steps[ranked[ranked.length - k.negative.length + r]];
      const mahalanobis = this.whiten(y).reduce((s, v) => s + v * v, 0);
      ys.push(y);
      ws.push((w * n) / Math.max(mahalanobis, 1e-300));
    });
    const weightSum = 1 + k.negative.reduce((a, w) => a + w, 0);
    const decay = 1 - k.c1 - k.cMu * weightSum + (1 - hSigma) * k.c1 * k.cc * (2 - k.cc);
    if (this.separable) {
      for (let i = 0; i < n; i++) {
        let rankMu = 0;
        ys.forEach((y, r) => (rankMu += ws[r] * y[i] * y[i]));
        this.c[i] = decay * this.c[i] + k.c1 * this.pc[i] * this.pc[i] + k.cMu * rankMu;
        this.d[i] = Math.sqrt(this.c[i]);
      }
    } else {
      this.updateCovariance(decay, ys, ws);
      // C is decomposed when it is next needed (ask), or beforehand off the main thread (eigen-thread.ts).
    }
    this.sigma *= Math.exp((k.cSigma / k.dSigma) * (psNorm / k.chiN - 1));
    this.steps = [];
    this.candidates = [];
    this.drawnFrom = null;
  }

  mean(): Float64Array {
    return this.m.slice();
  }

  /** Candidate k becomes x: its step y = (x − m) / σ, clipped in C^(−1/2) coordinates (Hansen's injection). */
  inject(k: number, x: ArrayLike<number>): void {
    this.ask();
    const y = this.m.map((mi, i) => (x[i] - mi) / this.sigma);
    const clip = injectionClip(this.whiten(y));
    for (let i = 0; i < y.length; i++) y[i] *= clip;
    this.steps[k] = y;
    this.candidates[k] = this.m.map((mi, i) => mi + this.sigma * y[i]);
  }

  /** Every step below 1e-12 of σ₀, or C's condition number above 1e14 (Hansen's TolX and ConditionCov). */
  converged(): boolean {
    this.settle();
    let [min, max] = [Infinity, 0];
    for (const v of this.d) [min, max] = [Math.min(min, v), Math.max(max, v)];
    return !Number.isFinite(this.sigma) || this.sigma * max < 1e-12 * this.o.sigma || (max / min) ** 2 > 1e14;
  }

  /** The global step size σ (for tests and metrics). */
  get stepSize(): number {
    return this.sigma;
  }

  state(): StrategyState {
    return {
      name: this.name,
      generation: this.generation,
      rng: this.drawnFrom ?? this.rng.state(),
      arrays: toArrays({ m: this.m, c: this.c, pSigma: this.pSigma, pc: this.pc, d: this.d, b: this.b }),
      scalars: { sigma: this.sigma, decomposedAt: this.decomposedAt },
    };
  }

  /** B z: a vector given in the eigenbasis (row j of b is eigenvector j). */
  private fromEigenbasis(z: Float64Array): Float64Array {
    const { n, b } = this;
    const y = new Float64Array(n);
    for (let j = 0; j < n; j++) {
      const zj = z[j];
      if (zj === 0) continue;
      const row = j * n;
      for (let i = 0; i < n; i++) y[i] += zj * b[row + i];
    }
    return y;
  }

  /** C^(−1/2) y = B D⁻¹ Bᵀ y. */
  private whiten(y: Float64Array): Float64Array {
    const { n, b, d } = this;
    if (this.separable) return y.map((v, i) => v / d[i]);
    const z = new Float64Array(n);
    for (let j = 0; j < n; j++) {
      let dot = 0;
      const row = j * n;
      for (let i = 0; i < n; i++) dot += b[row + i] * y[i];
      z[j] = dot / d[j];
    }
    return this.fromEigenbasis(z);
  }

  /** C ← decay·C + c₁ pc pcᵀ + c_μ Σ wᵢ yᵢ yᵢᵀ (the lower triangle, mirrored). */
  private updateCovariance(decay: number, ys: Float64Array[], ws: number[]): void {
    const { n, c, pc, k } = this;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j <= i; j++) {
        let rankMu = 0;
        for (let r = 0; r < ys.length; r++) rankMu += ws[r] * ys[r][i] * ys[r][j];
        const value = decay * c[i * n + j] + k.c1 * pc[i] * pc[j] + k.cMu * rankMu;
        c[i * n + j] = value;
        c[j * n + i] = value;
      }
    }
  }

  /** A copy of C when its lazy decomposition is due (full CMA-ES, every eigenEvery generations), else null. */
  pendingDecomposition(): Float64Array | null {
    return this.due() ? this.c.slice() : null;
  }

  private due(): boolean {
    return !this.separable && this.generation - this.decomposedAt >= this.k.eigenEvery;
  }

  /** Takes C's decomposition, computed wherever (symmetricEigen of pendingDecomposition()). */
  applyDecomposition({ values, vectors }: { values: Float64Array; vectors: Float64Array }): void {
    // Rounding can leave a tiny negative eigenvalue; C stays positive definite in exact arithmetic.
    this.d = values.map((v) => Math.sqrt(Math.max(v, 1e-300)));
    this.b = vectors;
    this.decomposedAt = this.generation;
  }

  /** Decomposes C here if it is due and nobody did it beforehand. */
  private settle(): void {
    if (!this.due()) return;
    this.applyDecomposition(symmetricEigen(this.c, this.n));
  }
}

function identity(n: number): Float64Array {
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) a[i * n + i] = 1;
  return a;
}
