/**
 * Batched MLP inference in plain JavaScript, each agent with its own genome. Evolution gives
 * every agent different weights, so a batch is many small matrix-vector products rather than
 * one large matrix product; docs/performance.md compares this with the tfjs backend.
 */
import type { Controller } from '../worlds/scenario.ts';
import { activationFunction, layers, type MlpShape } from './mlp.ts';

/** A controller whose agent i acts with genomeOfAgent[i]. */
export function mlpController(shape: MlpShape, genomeOfAgent: Float32Array[]): Controller {
  const views = layers(shape).map((layer) => ({ ...layer, fn: activationFunction(layer.activation) }));
  const widest = Math.max(shape.inputSize, ...shape.hiddenSizes, shape.outputSize);
  let input = new Float64Array(widest);
  let output = new Float64Array(widest);
  return (observations, count, actions) => {
    if (count > genomeOfAgent.length) throw new Error(`mlpController: ${count} agents but ${genomeOfAgent.length} genomes`);
    for (let a = 0; a < count; a++) {
      const genome = genomeOfAgent[a];
      const obsBase = a * shape.inputSize;
      for (let i = 0; i < shape.inputSize; i++) input[i] = observations[obsBase + i];
      for (const layer of views) {
        const biasAt = layer.offset + layer.inputs * layer.outputs;
        for (let o = 0; o < layer.outputs; o++) output[o] = genome[biasAt + o];
        for (let i = 0; i < layer.inputs; i++) {
          const x = input[i];
          if (x === 0) continue;
          const row = layer.offset + i * layer.outputs;
          for (let o = 0; o < layer.outputs; o++) output[o] += x * genome[row + o];
        }
        const fn = layer.fn;
        for (let o = 0; o < layer.outputs; o++) output[o] = fn(output[o]);
        const swap = input;
        input = output;
        output = swap;
      }
      const actBase = a * shape.outputSize;
      for (let o = 0; o < shape.outputSize; o++) actions[actBase + o] = input[o];
    }
  };
}
