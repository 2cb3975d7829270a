/**
 * Policy forward pass alone: plain JavaScript, TensorFlow.js (its best backend here) and the fused
 * WebAssembly SIMD kernels, each agent with its own genome, at the batch sizes a shard sees.
 */
import { fusedMlpController } from '../../agents/fused-controller.ts';
import { mlpController } from '../../agents/mlp-controller.ts';
import { initGenome, type MlpShape } from '../../agents/mlp.ts';
import { Rng } from '../../agents/rng.ts';
import { initTf } from '../../agents/tf.ts';
import { tfjsMlpController } from '../../agents/tfjs-controller.ts';
import type { Controller } from '../../worlds/scenario.ts';
import { interleavedRates, type Variant } from './timing.ts';

export interface InferenceFigure {
  name: string;
  backend: string;
  batch: number;
  /** Forward passes per second, one per agent: the median of the repeats, and their spread. */
  agentStepsPerSec: number;
  min: number;
  max: number;
  repeats: number;
}

/** A variant timing `controller` over `batch` agents (about 0.4 s a repeat). */
function controllerVariant(key: string, controller: Controller, shape: MlpShape, batch: number): Variant {
  const rng = new Rng(9);
  const obs = new Float32Array(batch * shape.inputSize).map(() => rng.uniform(-1, 1));
  const actions = new Float32Array(batch * shape.outputSize);
  const calls = Math.max(20, Math.round(20_000 / batch));
  return {
    key,
    run: () => {
      for (let i = 0; i < calls; i++) controller(obs, batch, actions);
      return calls * batch;
    },
  };
}

/** Plain JavaScript, tfjs and the fused kernels at each batch size, taking turns. */
export async function benchInference(shape: MlpShape, batches: number[], repeats: number): Promise<InferenceFigure[]> {
  const tf = await initTf('auto');
  const rng = new Rng(1);
  const figures: InferenceFigure[] = [];
  for (const batch of batches) {
    const genomes = Array.from({ length: batch }, () => initGenome(shape, rng));
    const tfjs = tfjsMlpController(tf, shape, genomes);
    try {
      const fused = fusedMlpController(shape, genomes).controller;
      const rates = await interleavedRates(
        [controllerVariant('js', mlpController(shape, genomes), shape, batch), controllerVariant('tfjs', tfjs.controller, shape, batch), controllerVariant('fused', fused, shape, batch)],
        repeats,
      );
      const row = (name: string, backend: string, key: string) => {
        const stats = rates.get(key)!;
        return { name, backend, batch, agentStepsPerSec: Math.round(stats.median), min: Math.round(stats.min), max: Math.round(stats.max), repeats: stats.repeats };
      };
      figures.push(row('inference_js', 'js', 'js'), row('inference_tfjs', tf.getBackend(), 'tfjs'), row('inference_fused', 'wasm-simd', 'fused'));
    } finally {
      tfjs.dispose();
    }
  }
  return figures;
}
