/**
 * Chooses how a batch of agents' networks is run: TensorFlow.js batched matMul (default; about
 * twice the plain JavaScript speed at the batch sizes a shard sees, see docs/performance.md),
 * plain JavaScript loops (fastest for a handful of agents, and used as the reference), or the
 * fused WebAssembly SIMD kernels that training uses (fused-controller.ts).
 */
import { mlpController } from './mlp-controller.ts';
import type { MlpShape } from './mlp.ts';
import type { Tf } from './tf.ts';
import type { DisposableController } from '../worlds/scenario.ts';
import { tfjsMlpController } from './tfjs-controller.ts';
import { fusedMlpController } from './fused-controller.ts';

export const INFERENCE_KINDS = ['tfjs', 'js', 'fused'] as const;
export type InferenceKind = (typeof INFERENCE_KINDS)[number];

/** Makes a controller in which agent i acts with genomeOfAgent[i]; the caller disposes it. */
export type PolicyBatchFactory = (genomeOfAgent: Float32Array[]) => DisposableController;

export function policyBatchFactory(kind: InferenceKind, shape: MlpShape, tf: Tf): PolicyBatchFactory {
  if (kind === 'tfjs') return (genomes) => tfjsMlpController(tf, shape, genomes);
  if (kind === 'fused') return (genomes) => fusedMlpController(shape, genomes);
  return (genomes) => ({ controller: mlpController(shape, genomes), dispose: () => {} });
}
