/**
 * Batched MLP inference in TensorFlow.js, each agent with its own weights: one batched matMul
 * per layer ([agents, 1, in] x [agents, in, out]). Measured against the plain JavaScript
 * controller in docs/performance.md; config `policy.inference` picks one.
 */
import type { Controller, DisposableController } from '../worlds/scenario.ts';
import { layers, type MlpShape } from './mlp.ts';
import type { Tf } from './tf.ts';

export function tfjsMlpController(tf: Tf, shape: MlpShape, genomeOfAgent: Float32Array[]): DisposableController {
  const agents = genomeOfAgent.length;
  const weights = layers(shape).map((layer) => {
    const kernel = new Float32Array(agents * layer.inputs * layer.outputs);
    const bias = new Float32Array(agents * layer.outputs);
    const kernelSize = layer.inputs * layer.outputs;
    genomeOfAgent.forEach((genome, a) => {
      kernel.set(genome.subarray(layer.offset, layer.offset + kernelSize), a * kernelSize);
      bias.set(genome.subarray(layer.offset + kernelSize, layer.offset + kernelSize + layer.outputs), a * layer.outputs);
    });
    return {
      activation: layer.activation,
      kernel: tf.tensor3d(kernel, [agents, layer.inputs, layer.outputs]),
      bias: tf.tensor3d(bias, [agents, 1, layer.outputs]),
    };
  });
  const controller: Controller = (observations, count, actions) => {
    if (count !== agents) throw new Error(`tfjs controller: built for ${agents} agents, called with ${count}`);
    const out = tf.tidy(() => {
      let h: import('@tensorflow/tfjs').Tensor = tf.tensor3d(observations.subarray(0, count * shape.inputSize), [count, 1, shape.inputSize]);
      for (const layer of weights) {
        const z = tf.add(tf.matMul(h, layer.kernel), layer.bias);
        h = layer.activation === 'linear' ? z : tf[layer.activation](z);
      }
      return h;
    });
    actions.set(out.dataSync() as Float32Array);
    out.dispose();
  };
  return {
    controller,
    dispose: () => weights.forEach((w) => tf.dispose([w.kernel, w.bias])),
  };
}
