/**
 * The policy network: a multilayer perceptron whose parameters live in one flat genome.
 * Layout, layer by layer: the weight matrix [inputs][outputs] row-major, then the biases,
 * exactly the order and shapes of TensorFlow.js Dense layers' kernel and bias.
 */
import type { Rng } from './rng.ts';

export const ACTIVATIONS = ['tanh', 'relu', 'elu', 'sigmoid', 'linear'] as const;
export type Activation = (typeof ACTIVATIONS)[number];

export interface MlpShape {
  inputSize: number;
  hiddenSizes: number[];
  outputSize: number;
  activation: Activation;
  /** Bounded so that actions land in [-1, 1]. */
  outputActivation: 'tanh';
  /**
   * A stochastic policy (behaviour prediction): the network gives the mean action, and a learned
   * log standard deviation per action follows the network's parameters in the genome.
   */
  stochastic?: boolean;
}

/** The log standard deviations of a stochastic policy are used within these bounds. */
export const LOG_STD_BOUNDS = [-4, 0.5] as const;
/** Where a stochastic policy's log standard deviations start: a standard deviation of 0.3. */
const INITIAL_LOG_STD = Math.log(0.3);

export interface LayerView {
  inputs: number;
  outputs: number;
  /** Offset of the kernel in the genome; the bias follows it. */
  offset: number;
  activation: Activation | 'tanh';
}

export function layers(shape: MlpShape): LayerView[] {
  const sizes = [shape.inputSize, ...shape.hiddenSizes, shape.outputSize];
  const views: LayerView[] = [];
  let offset = 0;
  for (let l = 0; l + 1 < sizes.length; l++) {
    const last = l + 2 === sizes.length;
    views.push({ inputs: sizes[l], outputs: sizes[l + 1], offset, activation: last ? shape.outputActivation : shape.activation });
    offset += sizes[l] * sizes[l + 1] + sizes[l + 1];
  }
  return views;
}

/** The network's parameters (the mean of a stochastic policy), without its log standard deviations. */
export function networkParameterCount(shape: MlpShape): number {
  const all = layers(shape);
  const last = all[all.length - 1];
  return last.offset + last.inputs * last.outputs + last.outputs;
}

export function parameterCount(shape: MlpShape): number {
  return networkParameterCount(shape) + (shape.stochastic ? shape.outputSize : 0);
}

/** The standard deviation of action k of a stochastic policy's genome (bounded). */
export function actionStd(shape: MlpShape, genome: Float32Array, k: number): number {
  const logStd = genome[networkParameterCount(shape) + k];
  return Math.exp(Math.min(LOG_STD_BOUNDS[1], Math.max(LOG_STD_BOUNDS[0], logStd)));
}

/** Glorot-uniform kernels and zero biases, as Keras initialises Dense layers. */
export function initGenome(shape: MlpShape, rng: Rng): Float32Array {
  const genome = new Float32Array(parameterCount(shape));
  for (const layer of layers(shape)) {
    const limit = Math.sqrt(6 / (layer.inputs + layer.outputs));
    for (let i = 0; i < layer.inputs * layer.outputs; i++) genome[layer.offset + i] = rng.uniform(-limit, limit);
  }
  if (shape.stochastic) genome.fill(INITIAL_LOG_STD, networkParameterCount(shape));
  return genome;
}

const ACTIVATION_FUNCTIONS: Record<Activation, (x: number) => number> = {
  tanh: Math.tanh,
  relu: (x) => Math.max(x, 0),
  elu: (x) => (x > 0 ? x : Math.exp(x) - 1),
  sigmoid: (x) => 1 / (1 + Math.exp(-x)),
  linear: (x) => x,
};

export function activationFunction(kind: Activation): (x: number) => number {
  return ACTIVATION_FUNCTIONS[kind];
}
