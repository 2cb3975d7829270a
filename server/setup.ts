/** What a config turns into before anything runs: the Rapier build, the scenario, the network. */
import type { MlpShape } from '../agents/mlp.ts';
import { loadRapier, type Rapier } from '../worlds/rapier.ts';
import { createScenario } from '../worlds/registry.ts';
import type { Scenario } from '../worlds/scenario.ts';
import type { Config } from './config-schema.ts';

export interface World {
  rapier: Rapier;
  scenario: Scenario;
  shape: MlpShape;
}

export async function setupWorld(config: Config): Promise<World> {
  const rapier = await loadRapier(config.physics.rapier);
  const scenario = createScenario(config.scenario, config.worlds);
  return { rapier, scenario, shape: policyShapeFor(config, scenario) };
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
