/** What every kind of work needs before it plays anything: physics, tensors and the inference backend. */
import type { MlpShape } from '../../agents/mlp.ts';
import type { InferenceKind } from '../../agents/policy-batch.ts';
import type { TrainingKernel } from '../../agents/imitation/trainer.ts';
import { initTf, type Tf } from '../../agents/tf.ts';
import { loadRapier, type Rapier } from '../../worlds/rapier.ts';
import type { Config } from '../config/schema.ts';

export interface Engine {
  rapier: Rapier;
  tf: Tf;
  inference: InferenceKind;
  training: TrainingKernel;
}

export async function setupEngine(config: Config): Promise<Engine> {
  const [rapier, tf] = await Promise.all([loadRapier(config.physics.rapier), initTf(config.tf.backend)]);
  return { rapier, tf, inference: config.policy.inference, training: config.policy.training };
}

export function mlpShape(inputSize: number, outputSize: number, policy: Pick<MlpShape, 'hiddenSizes' | 'activation'>, stochastic = false): MlpShape {
  return { inputSize, hiddenSizes: policy.hiddenSizes, outputSize, activation: policy.activation, outputActivation: 'tanh', ...(stochastic ? { stochastic } : {}) };
}
