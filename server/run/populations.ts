/**
 * The populations of a co-evolution run, each resolved to what the run needs: its role's index,
 * its network shape and its own evolution settings (the run's `evolution`, overridden by its own).
 */
import type { GaOptions } from '../../agents/evolution/ga.ts';
import type { MlpShape } from '../../agents/mlp.ts';
import type { BodyKindName } from '../../worlds/bodies/body.ts';
import type { MatchScenario } from '../../worlds/match.ts';
import { ROLES, createMatchScenario, type MatchScenarioName } from '../../worlds/registry.ts';
import type { Config } from '../config/schema.ts';
import { CoevoError } from '../errors.ts';
import type { MatchWorldRef } from '../evaluation/match-task.ts';
import { mlpShape } from '../evaluation/engine.ts';

type PopulationConfig = NonNullable<Config['populations']>[number];

export interface Population {
  index: number;
  name: string;
  role: number;
  body: BodyKindName;
  shape: MlpShape;
  ga: GaOptions;
  imitation: PopulationConfig['imitation'];
}

export interface CoevolutionPlan {
  world: MatchWorldRef;
  scenario: MatchScenario;
  populations: Population[];
}

const IMITATION_OFF: PopulationConfig['imitation'] = {
  learnFraction: 0,
  steps: 50,
  batchSize: 64,
  learningRate: 0.01,
  samplesPerLearner: 2048,
  demoEpisodes: 8,
};

/** The populations `coevo run --scenario X` gets with no config file. */
const DEFAULT_POPULATIONS: Record<MatchScenarioName, { name: string; role: string }[]> = {
  sumo: [
    { name: 'red', role: 'red' },
    { name: 'blue', role: 'blue' },
  ],
  pursuit: [
    { name: 'predators', role: 'predator' },
    { name: 'prey', role: 'prey' },
  ],
};

export function planCoevolution(config: Config): CoevolutionPlan {
  const name = config.scenario as MatchScenarioName;
  const roles = ROLES[name];
  const listed: PopulationConfig[] =
    config.populations ??
    DEFAULT_POPULATIONS[name].map((p) => ({
      ...p,
      body: 'ball',
      policy: {},
      evolution: {},
      imitation: IMITATION_OFF,
    }));
  const bodies = roles.map((role) => listed.find((p) => p.role === role)!.body);
  const world: MatchWorldRef = { scenario: name, worlds: config.worlds, bodies };
  const scenario = createMatchScenario(name, config.worlds, bodies);
  const populations = listed.map((p, index): Population => {
    const role = roles.indexOf(p.role);
    const spec = scenario.spec.roles[role];
    const own = Object.fromEntries(Object.entries(p.evolution).filter(([, v]) => v !== undefined));
    const ga: GaOptions = { ...config.evolution, ...own };
    if (ga.eliteCount >= ga.populationSize) {
      throw new CoevoError('BAD_CONFIG', `populations.${index}.evolution.eliteCount: must be smaller than the population (${ga.populationSize})`);
    }
    const policy = { hiddenSizes: p.policy.hiddenSizes ?? config.policy.hiddenSizes, activation: p.policy.activation ?? config.policy.activation };
    return { index, name: p.name, role, body: p.body, shape: mlpShape(spec.observationSize, spec.actionSize, policy), ga, imitation: p.imitation };
  });
  return { world, scenario, populations };
}
