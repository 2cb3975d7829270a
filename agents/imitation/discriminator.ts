/**
 * The discriminator of adversarial imitation (GAIL, Ho and Ermon 2016; GAIfO, Torabi et al. 2018):
 * a small MLP D(x) that tells an expert's inputs (a state and action, or two consecutive states)
 * from the population's. It is trained with Adam on binary cross-entropy with smoothed labels, so
 * that it does not saturate, on minibatches drawn half from each side. An agent's imitation
 * reward for an input is -log(1 - D(x)) = softplus(logit): high where it looks like the expert.
 * Inputs are standardised by the expert data's own means and spreads. Its weights are one flat
 * array (tfjs Dense order), so it checkpoints as a few bytes and its forward pass runs in plain
 * JavaScript.
 */
import type { Scalar, Tensor } from '@tensorflow/tfjs';
import { initGenome, layers, type MlpShape } from '../mlp.ts';
import type { Rng } from '../rng.ts';
import type { Tf } from '../tf.ts';

export interface DiscriminatorOptions {
  hiddenSizes: number[];
  steps: number;
  batchSize: number;
  learningRate: number;
  /** Labels are 1 - smoothing for the expert and smoothing for agents. */
  labelSmoothing: number;
}

export interface TrainingReport {
  /** Share of the inputs it was trained on (both sides, as many of each) that it classifies right. */
  accuracy: number;
  loss: number;
}

const MIN_SCALE = 1e-3;

export class Discriminator {
  private readonly shape: MlpShape;
  private readonly mean: Float64Array;
  private readonly scale: Float64Array;

  /** `expert`: the expert's inputs, `inputSize` a row; they fix the standardisation. */
  constructor(
    readonly inputSize: number,
    hiddenSizes: number[],
    expert: Float32Array,
    rng: Rng,
    public weights: Float32Array = new Float32Array(0),
  ) {
    // The output unit is linear (a logit); 'tanh' only types the shape, and is not applied.
    this.shape = { inputSize, hiddenSizes, outputSize: 1, activation: 'tanh', outputActivation: 'tanh' };
    if (weights.length === 0) this.weights = initGenome(this.shape, rng);
    const n = expert.length / inputSize;
    this.mean = new Float64Array(inputSize);
    this.scale = new Float64Array(inputSize);
    for (let i = 0; i < n; i++) for (let k = 0; k < inputSize; k++) this.mean[k] += expert[i * inputSize + k] / n;
    for (let i = 0; i < n; i++) for (let k = 0; k < inputSize; k++) this.scale[k] += (expert[i * inputSize + k] - this.mean[k]) ** 2 / n;
    for (let k = 0; k < inputSize; k++) this.scale[k] = Math.max(Math.sqrt(this.scale[k]), MIN_SCALE);
  }

  /** Trains on minibatches drawn half from `expert`, half from `agent`; returns its accuracy on what it saw. */
  train(tf: Tf, expert: Float32Array, agent: Float32Array, options: DiscriminatorOptions, rng: Rng): TrainingReport {
    const d = this.inputSize;
    const views = layers(this.shape);
    const kernelOf = (layer: (typeof views)[number]) => this.weights.subarray(layer.offset, layer.offset + layer.inputs * layer.outputs);
    const biasOf = (layer: (typeof views)[number]) => this.weights.subarray(layer.offset + layer.inputs * layer.outputs, layer.offset + layer.inputs * layer.outputs + layer.outputs);
    // tidy frees the initial tensors; the variables it returns are kept.
    const variables = views.map((layer) => ({
      kernel: tf.tidy(() => tf.variable(tf.tensor2d(kernelOf(layer), [layer.inputs, layer.outputs]))),
      bias: tf.tidy(() => tf.variable(tf.tensor1d(biasOf(layer)))),
    }));
    const logits = (x: Tensor): Tensor =>
      variables.reduce((h, v, i) => {
        const z = tf.add(tf.matMul(h, v.kernel), v.bias);
        return i + 1 < variables.length ? tf.tanh(z) : z;
      }, x);
    const half = Math.max(1, Math.floor(options.batchSize / 2));
    const x = new Float32Array(2 * half * d);
    const labels = new Float32Array(2 * half).fill(0, half);
    labels.fill(1, 0, half);
    const draw = (source: Float32Array, into: number) => {
      const n = source.length / d;
      for (let b = 0; b < half; b++) this.standardiseInto(source, rng.int(n), x, into + b);
    };
    const optimizer = tf.train.adam(options.learningRate);
    let loss = 0;
    for (let step = 0; step < options.steps; step++) {
      draw(expert, 0);
      draw(agent, half);
      const xs = tf.tensor2d(x, [2 * half, d]);
      const ys = tf.tensor2d(labels, [2 * half, 1]);
      const cost = optimizer.minimize(() => tf.losses.sigmoidCrossEntropy(ys, logits(xs), undefined, options.labelSmoothing) as Scalar, true);
      if (step === options.steps - 1 && cost) loss = cost.dataSync()[0];
      tf.dispose([xs, ys, cost ?? []]);
    }
    views.forEach((layer, i) => {
      this.weights.set(variables[i].kernel.dataSync(), layer.offset);
      this.weights.set(variables[i].bias.dataSync(), layer.offset + layer.inputs * layer.outputs);
    });
    optimizer.dispose();
    tf.dispose(variables.flatMap((v) => [v.kernel, v.bias]));
    const agentRows = Math.min(agent.length / d, 1024);
    const expertRows = Math.min(expert.length / d, agentRows);
    const right = this.logits(expert.subarray(0, expertRows * d)).filter((z) => z > 0).length + this.logits(agent.subarray(0, agentRows * d)).filter((z) => z <= 0).length;
    return { accuracy: right / (expertRows + agentRows), loss };
  }

  /** The logit of D for each row of `x` (raw inputs), in plain JavaScript. */
  logits(x: Float32Array): Float64Array {
    const d = this.inputSize;
    const n = x.length / d;
    const out = new Float64Array(n);
    const views = layers(this.shape);
    const row = new Float32Array(d);
    for (let i = 0; i < n; i++) {
      this.standardiseInto(x, i, row, 0);
      let h: Float64Array = Float64Array.from(row);
      views.forEach((layer, l) => {
        const next = new Float64Array(layer.outputs);
        const bias = layer.offset + layer.inputs * layer.outputs;
        for (let o = 0; o < layer.outputs; o++) next[o] = this.weights[bias + o];
        for (let k = 0; k < layer.inputs; k++) for (let o = 0; o < layer.outputs; o++) next[o] += h[k] * this.weights[layer.offset + k * layer.outputs + o];
        h = l + 1 < views.length ? next.map(Math.tanh) : next;
      });
      out[i] = h[0];
    }
    return out;
  }

  private standardiseInto(source: Float32Array, row: number, into: Float32Array, at: number): void {
    const d = this.inputSize;
    for (let k = 0; k < d; k++) into[at * d + k] = (source[row * d + k] - this.mean[k]) / this.scale[k];
  }
}

/** The imitation reward of one input: -log(1 - D) = softplus(logit), computed stably. */
export function imitationReward(logit: number): number {
  return logit > 0 ? logit + Math.log1p(Math.exp(-logit)) : Math.log1p(Math.exp(logit));
}
