/**
 * Policy forward pass alone: plain JavaScript against TensorFlow.js (its best backend here),
 * each agent with its own genome, at the batch sizes a shard sees.
 */
import { mlpController } from '../../agents/mlp-controller.ts';
import { initGenome, type MlpShape } from '../../agents/mlp.ts';
import { Rng } from '../../agents/rng.ts';
import { initTf } from '../../agents/tf.ts';
import { tfjsMlpController } from '../../agents/tfjs-controller.ts';
import type { Controller } from '../../worlds/scenario.ts';

export interface InferenceFigure {
  name: string;
  backend: string;
  batch: number;
  agentStepsPerSec: number;
}

/** Forward passes per second of `controller` over `batch` agents, median of `repeats` timed runs. */
export function timeController(controller: Controller, shape: MlpShape, batch: number, seconds: number, repeats = 5): number {
  const rng = new Rng(9);
  const obs = new Float32Array(batch * shape.inputSize).map(() => rng.uniform(-1, 1));
  const actions = new Float32Array(batch * shape.outputSize);
  const rates: number[] = [];
  for (let r = -1; r < repeats; r++) {
    let calls = 0;
    const start = performance.now();
    while (performance.now() - start < (seconds * 1000) / repeats) {
      controller(obs, batch, actions);
      calls++;
    }
    const elapsed = (performance.now() - start) / 1000;
    if (r >= 0) rates.push((calls * batch) / elapsed); // r = -1 is warm-up
  }
  rates.sort((a, b) => a - b);
  return rates[rates.length >> 1];
}

export async function benchInference(shape: MlpShape, batches: number[], seconds: number): Promise<InferenceFigure[]> {
  const tf = await initTf('auto');
  const rng = new Rng(1);
  const figures: InferenceFigure[] = [];
  for (const batch of batches) {
    const genomes = Array.from({ length: batch }, () => initGenome(shape, rng));
    figures.push({ name: 'inference_js', backend: 'js', batch, agentStepsPerSec: timeController(mlpController(shape, genomes), shape, batch, seconds) });
    const tfjs = tfjsMlpController(tf, shape, genomes);
    figures.push({ name: 'inference_tfjs', backend: tf.getBackend(), batch, agentStepsPerSec: timeController(tfjs.controller, shape, batch, seconds) });
    tfjs.dispose();
  }
  return figures;
}
