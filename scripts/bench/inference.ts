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
import { medianRate } from './timing.ts';

export interface InferenceFigure {
  name: string;
  backend: string;
  batch: number;
  /** Forward passes per second, one per agent. */
  agentStepsPerSec: number;
}

/** Forward passes per second of `controller` over `batch` agents (about 0.4 s per timed run). */
function timeController(controller: Controller, shape: MlpShape, batch: number, repeats: number): Promise<number> {
  const rng = new Rng(9);
  const obs = new Float32Array(batch * shape.inputSize).map(() => rng.uniform(-1, 1));
  const actions = new Float32Array(batch * shape.outputSize);
  const calls = Math.max(20, Math.round(20_000 / batch));
  return medianRate(() => {
    for (let i = 0; i < calls; i++) controller(obs, batch, actions);
    return calls * batch;
  }, repeats);
}

export async function benchInference(shape: MlpShape, batches: number[], repeats: number): Promise<InferenceFigure[]> {
  const tf = await initTf('auto');
  const rng = new Rng(1);
  const figures: InferenceFigure[] = [];
  for (const batch of batches) {
    const genomes = Array.from({ length: batch }, () => initGenome(shape, rng));
    figures.push({ name: 'inference_js', backend: 'js', batch, agentStepsPerSec: await timeController(mlpController(shape, genomes), shape, batch, repeats) });
    const tfjs = tfjsMlpController(tf, shape, genomes);
    figures.push({ name: 'inference_tfjs', backend: tf.getBackend(), batch, agentStepsPerSec: await timeController(tfjs.controller, shape, batch, repeats) });
    tfjs.dispose();
  }
  return figures;
}
