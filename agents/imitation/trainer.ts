/**
 * Behaviour cloning for many learners at once: every learner's MLP is a slice of one batched set
 * of tfjs variables ([learners, in, out] per layer), trained with Adam on mean squared error
 * against its own (observation, action) data. One batched step trains all learners of a shard,
 * which is what makes tfjs worth calling: its cost per call is high, its cost per sample low.
 * Learners never interact: each one's loss term depends only on its own slice, and Adam works
 * element by element, so a learner ends the same whichever batch it was trained in.
 */
import type { Scalar, Tensor, Variable } from '@tensorflow/tfjs';
import { LOG_STD_BOUNDS, layers, networkParameterCount, type MlpShape } from '../mlp.ts';
import { Rng } from '../rng.ts';
import type { Tf } from '../tf.ts';
import { trainLearnersFused } from './fused-trainer.ts';

/**
 * How learners are trained: `fused`, the WebAssembly SIMD kernels (fused-trainer.ts), or `tfjs`,
 * the portable reference below. Both do the same work and agree to 1e-4 after 50 Adam steps
 * (test/fused-kernels.test.ts); they are not bit-identical, so a run keeps its choice.
 */
export const TRAINING_KERNELS = ['fused', 'tfjs'] as const;
export type TrainingKernel = (typeof TRAINING_KERNELS)[number];

/** Trains with the chosen kernels. */
export function trainWith(kernel: TrainingKernel, tf: Tf, shape: MlpShape, genomes: Float32Array[], data: LearnerData[], options: TrainOptions): LearnerOutcome[] {
  return kernel === 'fused' ? trainLearnersFused(shape, genomes, data, options) : trainLearners(tf, shape, genomes, data, options);
}

export interface TrainOptions {
  steps: number;
  batchSize: number;
  learningRate: number;
}

/** One learner's data: `count` pairs back to back, and the seed of its minibatch draws. */
export interface LearnerData {
  observations: Float32Array;
  actions: Float32Array;
  seed: number;
}

export interface LearnerOutcome {
  genome: Float32Array;
  /** Mean squared error on the learner's data before and after training. */
  lossBefore: number;
  lossAfter: number;
}

/** Behaviour cloning in TensorFlow.js, all learners in one batched set of variables. */
export function trainLearners(tf: Tf, shape: MlpShape, genomes: Float32Array[], data: LearnerData[], options: TrainOptions): LearnerOutcome[] {
  const count = genomes.length;
  if (count === 0) return [];
  const views = layers(shape);
  const variables = views.map((layer) => {
    const kernelSize = layer.inputs * layer.outputs;
    const kernel = new Float32Array(count * kernelSize);
    const bias = new Float32Array(count * layer.outputs);
    genomes.forEach((genome, l) => {
      kernel.set(genome.subarray(layer.offset, layer.offset + kernelSize), l * kernelSize);
      bias.set(genome.subarray(layer.offset + kernelSize, layer.offset + kernelSize + layer.outputs), l * layer.outputs);
    });
    return {
      activation: layer.activation,
      // tidy frees the initial tensors; the variables it returns are kept.
      kernel: tf.tidy(() => tf.variable(tf.tensor3d(kernel, [count, layer.inputs, layer.outputs]))),
      bias: tf.tidy(() => tf.variable(tf.tensor3d(bias, [count, 1, layer.outputs]))),
    };
  });
  const forward = (x: Tensor): Tensor => {
    let h = x;
    for (const layer of variables) {
      const z = tf.add(tf.matMul(h, layer.kernel), layer.bias);
      h = layer.activation === 'linear' ? z : tf[layer.activation](z);
    }
    return h;
  };
  // A stochastic policy (behaviour prediction) also learns a log standard deviation per action, and
  // is trained to maximise the likelihood of the expert's actions (Gaussian NLL, without its constant).
  const logStd = shape.stochastic ? tf.tidy(() => tf.variable(tf.tensor3d(logStdsOf(shape, genomes), [count, 1, shape.outputSize]))) : null;
  /** Per-learner loss, shape [count]: mean squared error, or with a stochastic policy the Gaussian NLL. */
  const lossPerLearner = (x: Tensor, y: Tensor): Tensor => {
    if (!logStd) return tf.mean(tf.squaredDifference(forward(x), y), [1, 2]);
    const s = tf.clipByValue(logStd, LOG_STD_BOUNDS[0], LOG_STD_BOUNDS[1]);
    return tf.mean(tf.add(tf.mul(0.5, tf.mul(tf.squaredDifference(forward(x), y), tf.exp(tf.mul(-2, s)))), s), [1, 2]);
  };

  const rngs = data.map((d) => new Rng(d.seed));
  const B = options.batchSize;
  const xBatch = new Float32Array(count * B * shape.inputSize);
  const yBatch = new Float32Array(count * B * shape.outputSize);
  const drawBatch = () => {
    data.forEach((d, l) => {
      const n = d.observations.length / shape.inputSize;
      for (let b = 0; b < B; b++) {
        const i = rngs[l].int(n);
        xBatch.set(d.observations.subarray(i * shape.inputSize, (i + 1) * shape.inputSize), (l * B + b) * shape.inputSize);
        yBatch.set(d.actions.subarray(i * shape.outputSize, (i + 1) * shape.outputSize), (l * B + b) * shape.outputSize);
      }
    });
    return { x: tf.tensor3d(xBatch, [count, B, shape.inputSize]), y: tf.tensor3d(yBatch, [count, B, shape.outputSize]) };
  };

  const optimizer = tf.train.adam(options.learningRate);
  const lossBefore = evaluateLoss(tf, data, shape, lossPerLearner);
  for (let step = 0; step < options.steps; step++) {
    const { x, y } = drawBatch();
    // Summing the learners' losses gives each learner's slice exactly its own gradient.
    const cost = optimizer.minimize(() => tf.sum(lossPerLearner(x, y)) as Scalar, false);
    tf.dispose([x, y, cost ?? []]);
  }
  const lossAfter = evaluateLoss(tf, data, shape, lossPerLearner);

  const learned = genomes.map((g) => new Float32Array(g.length));
  views.forEach((layer, i) => {
    const kernelSize = layer.inputs * layer.outputs;
    const kernel = variables[i].kernel.dataSync();
    const bias = variables[i].bias.dataSync();
    learned.forEach((genome, l) => {
      genome.set(kernel.subarray(l * kernelSize, (l + 1) * kernelSize), layer.offset);
      genome.set(bias.subarray(l * layer.outputs, (l + 1) * layer.outputs), layer.offset + kernelSize);
    });
  });
  if (logStd) {
    const learnedStd = logStd.dataSync();
    const at = networkParameterCount(shape);
    learned.forEach((genome, l) => genome.set(learnedStd.subarray(l * shape.outputSize, (l + 1) * shape.outputSize), at));
  }
  optimizer.dispose();
  tf.dispose([...variables.flatMap((v): Variable[] => [v.kernel, v.bias]), ...(logStd ? [logStd] : [])]);
  return learned.map((genome, l) => ({ genome, lossBefore: lossBefore[l], lossAfter: lossAfter[l] }));
}

/** Mean squared error of each learner on (up to 512 of) its own pairs. */
function evaluateLoss(tf: Tf, data: LearnerData[], shape: MlpShape, lossPerLearner: (x: Tensor, y: Tensor) => Tensor): number[] {
  const n = Math.min(512, ...data.map((d) => d.observations.length / shape.inputSize));
  const x = new Float32Array(data.length * n * shape.inputSize);
  const y = new Float32Array(data.length * n * shape.outputSize);
  data.forEach((d, l) => {
    x.set(d.observations.subarray(0, n * shape.inputSize), l * n * shape.inputSize);
    y.set(d.actions.subarray(0, n * shape.outputSize), l * n * shape.outputSize);
  });
  const losses = tf.tidy(() => lossPerLearner(tf.tensor3d(x, [data.length, n, shape.inputSize]), tf.tensor3d(y, [data.length, n, shape.outputSize])));
  const values = Array.from(losses.dataSync());
  losses.dispose();
  return values;
}

/** The learners' log standard deviations back to back (a stochastic policy's genome tail). */
function logStdsOf(shape: MlpShape, genomes: Float32Array[]): Float32Array {
  const at = networkParameterCount(shape);
  const out = new Float32Array(genomes.length * shape.outputSize);
  genomes.forEach((genome, l) => out.set(genome.subarray(at, at + shape.outputSize), l * shape.outputSize));
  return out;
}
