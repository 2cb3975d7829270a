/** What a config turns into before anything runs: the Rapier build, TensorFlow.js, the scenario, the network. */
import type { MlpShape } from '../../agents/mlp.ts';
import { policyBatchFactory, type InferenceKind, type PolicyBatchFactory } from '../../agents/policy-batch.ts';
import { initTf, type Tf } from '../../agents/tf.ts';
import { loadRapier, type Rapier } from '../../worlds/rapier.ts';
import { createScenario } from '../../worlds/registry.ts';
import type { Scenario } from '../../worlds/scenario.ts';
import type { Config } from '../config/schema.ts';

/** What every kind of work needs: physics, tensors, and the configured inference backend. */
export interface Engine {
  rapier: Rapier;
  tf: Tf;
  inference: InferenceKind;
}

/** An engine with a single-role scenario (forage, locomotion) and its network. */
export interface World extends Engine {
  scenario: Scenario;
  shape: MlpShape;
  /** Runs a batch of agents' networks (of `shape`) with the configured inference backend. */
  policies: PolicyBatchFactory;
}

export async function setupEngine(config: Config): Promise<Engine> {
  const [rapier, tf] = await Promise.all([loadRapier(config.physics.rapier), initTf(config.tf.backend)]);
  return { rapier, tf, inference: config.policy.inference };
}

export async function setupWorld(config: Config, engine?: Engine): Promise<World> {
  const { rapier, tf, inference } = engine ?? (await setupEngine(config));
  const scenario = createScenario(config.scenario, config.worlds);
  const shape = policyShapeFor(config, scenario);
  return { rapier, tf, inference, scenario, shape, policies: policyBatchFactory(inference, shape, tf) };
}

export function policyShapeFor(config: Config, scenario: Scenario): MlpShape {
  return mlpShape(scenario.spec.observationSize, scenario.spec.actionSize, config.policy);
}

export function mlpShape(inputSize: number, outputSize: number, policy: Pick<MlpShape, 'hiddenSizes' | 'activation'>): MlpShape {
  return { inputSize, hiddenSizes: policy.hiddenSizes, outputSize, activation: policy.activation, outputActivation: 'tanh' };
}
