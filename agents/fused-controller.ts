/**
 * Batched MLP inference on the fused WebAssembly SIMD kernels (agents/kernels/), each agent with
 * its own genome: per agent, one kernel call per layer (a matrix-vector product and its
 * activation). The controller owns a kernel instance of its own, holding the agents' genomes for
 * its lifetime, so training or other controllers on the same thread never touch them; disposing
 * the controller hands the instance back to the thread's pool for the next one.
 */
import type { DisposableController } from '../worlds/scenario.ts';
import { acquireMlpKernel, activationCode, releaseMlpKernel } from './kernels/mlp-kernel.ts';
import { layers, networkParameterCount, type MlpShape } from './mlp.ts';

export function fusedMlpController(shape: MlpShape, genomeOfAgent: Float32Array[]): DisposableController {
  const agents = genomeOfAgent.length;
  const views = layers(shape).map((layer) => ({ ...layer, code: activationCode(layer.activation) }));
  const size = networkParameterCount(shape);
  // Each genome starts 16-byte aligned, as the kernels' vector loads prefer.
  const stride = Math.ceil(size / 4) * 4;
  const widest = Math.max(...views.map((layer) => layer.outputs));
  const kernel = acquireMlpKernel();
  const genomes = kernel.alloc(agents * stride);
  const obs = kernel.alloc(agents * shape.inputSize);
  const out = kernel.alloc(agents * shape.outputSize);
  const scratch = [kernel.alloc(widest), kernel.alloc(widest)];
  genomeOfAgent.forEach((genome, a) => kernel.f32(genomes + a * stride * 4, size).set(genome.subarray(0, size)));
  const k = kernel.k;
  const last = views.length - 1;
  return {
    controller: (observations, count, actions) => {
      if (count > agents) throw new Error(`fused controller: built for ${agents} agents, called with ${count}`);
      kernel.f32(obs, count * shape.inputSize).set(observations.subarray(0, count * shape.inputSize));
      for (let a = 0; a < count; a++) {
        const genome = genomes + a * stride * 4;
        let input = obs + a * shape.inputSize * 4;
        for (let l = 0; l <= last; l++) {
          const layer = views[l];
          const output = l === last ? out + a * shape.outputSize * 4 : scratch[l & 1];
          k.denseForward(input, genome + layer.offset * 4, output, 1, layer.inputs, layer.outputs, layer.code);
          input = output;
        }
      }
      actions.set(kernel.f32(out, count * shape.outputSize));
    },
    dispose: () => releaseMlpKernel(kernel),
  };
}
