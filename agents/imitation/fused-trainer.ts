/**
 * Behaviour cloning on the fused WebAssembly SIMD kernels (agents/kernels/): the same work as the
 * tfjs trainer (trainer.ts), the same losses, minibatch draws and Adam, with a few kernel calls
 * per layer and step instead of tfjs's dozens of ops. Learners are trained one after another,
 * each with its parameters, moments and data resident in the kernel's memory: a learner never
 * depends on another, so the result is the same whichever batch or thread trains it.
 */
import { activationCode, mlpKernel, type MlpKernel } from '../kernels/mlp-kernel.ts';
import { LOG_STD_BOUNDS, layers, type LayerView, networkParameterCount, parameterCount, type MlpShape } from '../mlp.ts';
import { Rng } from '../rng.ts';
import type { LearnerData, LearnerOutcome, TrainOptions } from './trainer.ts';

// tf.train.adam's defaults, and the epsilon of tfjs's float32 backends.
const BETA1 = 0.9;
const BETA2 = 0.999;
const EPSILON = 1e-7;
/** Loss is measured on up to this many of each learner's pairs, as the tfjs trainer does. */
const EVAL_PAIRS = 512;

export function trainLearnersFused(shape: MlpShape, genomes: Float32Array[], data: LearnerData[], options: TrainOptions): LearnerOutcome[] {
  if (genomes.length === 0) return [];
  const kernel = mlpKernel();
  kernel.reset();
  const net = new KernelNetwork(kernel, shape, Math.max(options.batchSize, EVAL_PAIRS), Math.max(...data.map((d) => d.observations.length / shape.inputSize)));
  const evalPairs = Math.min(EVAL_PAIRS, ...data.map((d) => d.observations.length / shape.inputSize));
  return genomes.map((genome, l) => {
    net.load(genome, data[l]);
    const lossBefore = net.loss(evalPairs);
    const rng = new Rng(data[l].seed);
    const count = data[l].observations.length / shape.inputSize;
    for (let step = 1; step <= options.steps; step++) {
      net.drawBatch(rng, count, options.batchSize);
      net.trainStep(options.batchSize, options.learningRate, step);
    }
    return { genome: net.parameters(), lossBefore, lossAfter: net.loss(evalPairs) };
  });
}

/** One learner's network, moments, data and scratch in the kernel's memory. */
class KernelNetwork {
  private readonly views: LayerView[];
  /** Each layer's activation as the kernels number it. */
  private readonly codes: number[];
  private readonly size: number;
  private readonly logStdAt: number;
  private readonly p: number;
  private readonly g: number;
  private readonly m: number;
  private readonly v: number;
  private readonly obs: number;
  private readonly act: number;
  private readonly index: number;
  private readonly x: number;
  private readonly t: number;
  /** Each layer's outputs, [rows][outputs]. */
  private readonly outs: number[];
  private readonly grads: [number, number];

  constructor(
    private readonly kernel: MlpKernel,
    private readonly shape: MlpShape,
    rows: number,
    maxPairs: number,
  ) {
    this.views = layers(shape);
    this.codes = this.views.map((layer) => activationCode(layer.activation));
    this.size = parameterCount(shape);
    this.logStdAt = networkParameterCount(shape);
    const widest = Math.max(shape.inputSize, ...this.views.map((layer) => layer.outputs));
    [this.p, this.g, this.m, this.v] = [0, 0, 0, 0].map(() => kernel.alloc(this.size));
    this.obs = kernel.alloc(maxPairs * shape.inputSize);
    this.act = kernel.alloc(maxPairs * shape.outputSize);
    this.index = kernel.alloc(rows);
    this.x = kernel.alloc(rows * shape.inputSize);
    this.t = kernel.alloc(rows * shape.outputSize);
    this.outs = this.views.map((layer) => kernel.alloc(rows * layer.outputs));
    this.grads = [kernel.alloc(rows * widest), kernel.alloc(rows * widest)];
  }

  load(genome: Float32Array, data: LearnerData): void {
    const k = this.kernel;
    k.f32(this.p, this.size).set(genome.subarray(0, this.size));
    k.f32(this.m, this.size).fill(0);
    k.f32(this.v, this.size).fill(0);
    k.f32(this.obs, data.observations.length).set(data.observations);
    k.f32(this.act, data.actions.length).set(data.actions);
  }

  parameters(): Float32Array {
    return this.kernel.f32(this.p, this.size).slice();
  }

  drawBatch(rng: Rng, count: number, rows: number): void {
    const index = this.kernel.i32(this.index, rows);
    for (let b = 0; b < rows; b++) index[b] = rng.int(count);
    this.kernel.k.gatherRows(this.obs, this.index, this.x, rows, this.shape.inputSize);
    this.kernel.k.gatherRows(this.act, this.index, this.t, rows, this.shape.outputSize);
  }

  /** Mean loss on the first `rows` pairs of the learner's data. */
  loss(rows: number): number {
    this.forward(this.obs, rows);
    const y = this.kernel.f32(this.outs[this.outs.length - 1], rows * this.shape.outputSize);
    const t = this.kernel.f32(this.act, rows * this.shape.outputSize);
    const logStds = this.logStds();
    const K = this.shape.outputSize;
    let sum = 0;
    for (let i = 0; i < y.length; i++) {
      const e = (y[i] - t[i]) ** 2;
      sum += logStds ? 0.5 * e * Math.exp(-2 * logStds[i % K]) + logStds[i % K] : e;
    }
    return sum / y.length;
  }

  trainStep(rows: number, learningRate: number, step: number): void {
    const k = this.kernel.k;
    this.forward(this.x, rows);
    const last = this.views.length - 1;
    const n = rows * this.shape.outputSize;
    let [dz, dNext] = this.grads;
    if (this.shape.stochastic) this.likelihoodGradient(rows, dz);
    else k.squaredErrorGradient(this.outs[last], this.t, dz, n, 2 / n);
    for (let l = last; l >= 0; l--) {
      const layer = this.views[l];
      k.activationBackward(this.outs[l], dz, rows * layer.outputs, this.codes[l]);
      const input = l === 0 ? this.x : this.outs[l - 1];
      k.denseBackward(input, this.p + layer.offset * 4, dz, this.g + layer.offset * 4, l === 0 ? 0 : dNext, rows, layer.inputs, layer.outputs);
      [dz, dNext] = [dNext, dz];
    }
    k.adam(this.p, this.g, this.m, this.v, this.size, learningRate, BETA1, BETA2, EPSILON, 1 - BETA1 ** step, 1 - BETA2 ** step);
  }

  private forward(x: number, rows: number): void {
    let input = x;
    this.views.forEach((layer, l) => {
      this.kernel.k.denseForward(input, this.p + layer.offset * 4, this.outs[l], rows, layer.inputs, layer.outputs, this.codes[l]);
      input = this.outs[l];
    });
  }

  /** The clipped log standard deviations of a stochastic policy, or null. */
  private logStds(): Float64Array | null {
    if (!this.shape.stochastic) return null;
    const raw = this.kernel.f32(this.p + this.logStdAt * 4, this.shape.outputSize);
    return Float64Array.from(raw, (s) => Math.min(LOG_STD_BOUNDS[1], Math.max(LOG_STD_BOUNDS[0], s)));
  }

  /**
   * The Gaussian negative log-likelihood's gradients, mean over the batch and actions of
   * ½(y−t)²e^(−2s) + s: at the outputs into dz, and at the log standard deviations into the
   * gradient's tail (zero where the clip holds s at a bound, as clipByValue's gradient is).
   */
  private likelihoodGradient(rows: number, dz: number): void {
    const K = this.shape.outputSize;
    const n = rows * K;
    const y = this.kernel.f32(this.outs[this.views.length - 1], n);
    const t = this.kernel.f32(this.t, n);
    const d = this.kernel.f32(dz, n);
    const raw = this.kernel.f32(this.p + this.logStdAt * 4, K);
    const gs = this.kernel.f32(this.g + this.logStdAt * 4, K);
    const s = this.logStds()!;
    const sums = new Float64Array(K);
    for (let i = 0; i < n; i++) {
      const k = i % K;
      const diff = y[i] - t[i];
      const w = Math.exp(-2 * s[k]);
      d[i] = (diff * w) / n;
      sums[k] += 1 - diff * diff * w;
    }
    for (let k = 0; k < K; k++) gs[k] = raw[k] >= LOG_STD_BOUNDS[0] && raw[k] <= LOG_STD_BOUNDS[1] ? sums[k] / n : 0;
  }
}
