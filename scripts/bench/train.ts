/**
 * Behaviour cloning's speed (`bc_train` rows): `learners` networks of the default shape, each
 * with its own data, trained by each training kernel (agents/imitation/trainer.ts: `fused`, the
 * WebAssembly SIMD kernels, and `tfjs`, the batched reference) for 50 Adam steps of `batch`
 * samples, counted in sample-gradients a second. The variants take turns (timing.ts). The yardstick is PyTorch 1.13 on one thread doing the same work (the
 * learners batched with bmm): about 1.05M sample-gradients/s at batch 64 and 1.6M at batch 256 on
 * this machine, as issue 17 measured it; when Debian's python3-torch is installed, torchTraining
 * measures it again here (scripts/bench/torch_bc.py).
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { initGenome, type MlpShape } from '../../agents/mlp.ts';
import { TRAINING_KERNELS, trainWith, type TrainingKernel } from '../../agents/imitation/trainer.ts';
import { Rng } from '../../agents/rng.ts';
import type { Tf } from '../../agents/tf.ts';
import { interleavedRates, type Variant } from './timing.ts';

const STEPS = 50;
const SAMPLES = 1024;

export interface TrainFigure {
  name: 'bc_train' | 'bc_train_torch';
  kernel: TrainingKernel | 'pytorch';
  backend: string;
  learners: number;
  batch: number;
  sampleGradsPerSec: number;
  min: number;
  max: number;
  repeats: number;
}

/** PyTorch 1.13, one thread, the same work (issue 17's measurement), by batch size. */
export const TORCH_SAMPLE_GRADS_PER_SEC: Record<number, number> = { 64: 1_050_000, 256: 1_600_000 };

export async function benchTraining(tf: Tf, shape: MlpShape, learnerCounts: number[], batches: number[], repeats: number): Promise<TrainFigure[]> {
  const rng = new Rng(3);
  const variants: Variant[] = [];
  for (const learners of learnerCounts) {
    const genomes = Array.from({ length: learners }, () => initGenome(shape, rng));
    const data = genomes.map((_, i) => ({
      observations: Float32Array.from({ length: SAMPLES * shape.inputSize }, () => rng.uniform(-1, 1)),
      actions: Float32Array.from({ length: SAMPLES * shape.outputSize }, () => rng.uniform(-1, 1)),
      seed: i + 1,
    }));
    for (const batch of batches) {
      for (const kernel of TRAINING_KERNELS) {
        variants.push({
          key: `${kernel}/${learners}/${batch}`,
          run: () => {
            trainWith(kernel, tf, shape, genomes, data, { steps: STEPS, batchSize: batch, learningRate: 0.001 });
            return learners * batch * STEPS;
          },
        });
      }
    }
  }
  const rates = await interleavedRates(variants, repeats);
  return TRAINING_KERNELS.flatMap((kernel) =>
    learnerCounts.flatMap((learners) =>
      batches.map((batch): TrainFigure => {
        const stats = rates.get(`${kernel}/${learners}/${batch}`)!;
        return {
          name: 'bc_train',
          kernel,
          backend: kernel === 'fused' ? 'wasm-simd' : tf.getBackend(),
          learners,
          batch,
          sampleGradsPerSec: Math.round(stats.median),
          min: Math.round(stats.min),
          max: Math.round(stats.max),
          repeats: stats.repeats,
        };
      }),
    ),
  );
}

/** PyTorch's rows for the same work (bc_train_torch), when /usr/bin/python3 has torch; none otherwise. */
export function torchTraining(repeats: number): TrainFigure[] {
  const script = fileURLToPath(new URL('./torch_bc.py', import.meta.url));
  const run = spawnSync('/usr/bin/python3', [script, String(repeats)], { encoding: 'utf8' });
  if (run.status !== 0) return [];
  return run.stdout
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as TrainFigure);
}
