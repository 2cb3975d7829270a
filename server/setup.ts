/** What a config turns into before anything runs: the Rapier build, the scenario, the network. */
import type { MlpShape } from '../agents/mlp.ts';
import { policyBatchFactory, type InferenceKind, type PolicyBatchFactory } from '../agents/policy-batch.ts';
import { initTf, type Tf } from '../agents/tf.ts';
import { loadRapier, type Rapier } from '../worlds/rapier.ts';
import { createScenario } from '../worlds/registry.ts';
import type { Scenario } from '../worlds/scenario.ts';
import type { Config } from './config-schema.ts';

export interface World {
  rapier: Rapier;
  tf: Tf;
  scenario: Scenario;
  shape: MlpShape;
  inference: InferenceKind;
  /** Runs a batch of agents' networks (of `shape`) with the configured inference backend. */
  policies: PolicyBatchFactory;
}

export async function setupWorld(config: Config): Promise<World> {
  const [rapier, tf] = await Promise.all([loadRapier(config.physics.rapier), initTf(config.tf.backend)]);
  const scenario = createScenario(config.scenario, config.worlds);
  const shape = policyShapeFor(config, scenario);
  const inference = config.policy.inference;
  return { rapier, tf, scenario, shape, inference, policies: policyBatchFactory(inference, shape, tf) };
}

export function policyShapeFor(config: Config, scenario: Scenario): MlpShape {
  return {
    inputSize: scenario.spec.observationSize,
    hiddenSizes: config.policy.hiddenSizes,
    outputSize: scenario.spec.actionSize,
    activation: config.policy.activation,
    outputActivation: 'tanh',
  };
}
