/**
 * Every run is 1 to 16 populations. This resolves each one's settings from a validated config:
 * its role and body, its network, and its evolution and imitation settings (the run's, overridden
 * key by key by its own). A world of one role (forage, locomotion) has one population, `main`;
 * worlds where roles meet have `populations`, or the scenario's default pair.
 */
import type { BodyKindName } from '../../worlds/bodies/body.ts';
import { ROLES, isMatchScenario, isTeamScenario, type MatchScenarioName, type ScenarioName } from '../../worlds/registry.ts';
import type { CoevolutionMode, Config, EvolutionConfig, ImitationConfig, PopulationConfig } from './schema.ts';

export interface PopulationSettings {
  index: number;
  name: string;
  /** Index of its role in the world (ROLES[scenario]). */
  role: number;
  /** Cooperative co-evolution (carry): the team slot its members fill; absent: any seat of its role. */
  slot?: number;
  roleName: string;
  body: BodyKindName;
  policy: Pick<Config['policy'], 'hiddenSizes' | 'activation'>;
  evolution: EvolutionConfig;
  imitation: ImitationConfig;
}

/** The population of a world of one role. */
export const MAIN_POPULATION = 'main';

/** The populations `coevo run --scenario X` gets with no `populations`. */
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

/** How a run's populations meet: `coevolution.mode`, or the world's own when it is null. */
export function coevolutionMode(config: Config): CoevolutionMode {
  return config.coevolution.mode ?? (isTeamScenario(config.scenario) ? 'homogeneous' : 'competitive');
}

export function populationSettings(config: Config): PopulationSettings[] {
  const scenario = config.scenario as ScenarioName;
  const roles = ROLES[scenario];
  if (scenario === 'carry' && coevolutionMode(config) === 'cooperative') return slotPopulations(config);
  if (!isMatchScenario(scenario)) {
    const body = scenario === 'forage' ? config.worlds.forage.body : scenario === 'carry' ? config.worlds.carry.body : config.worlds.locomotion.body;
    const policy = { hiddenSizes: config.policy.hiddenSizes, activation: config.policy.activation };
    return [{ index: 0, name: MAIN_POPULATION, role: 0, roleName: roles[0], body, policy, evolution: config.evolution, imitation: config.imitation }];
  }
  const listed: PopulationConfig[] = config.populations ?? DEFAULT_POPULATIONS[scenario].map((p) => ({ ...p, body: 'ball', policy: {}, evolution: {}, imitation: {} }));
  return listed.map((p, index) => ({
    index,
    name: p.name,
    role: roles.indexOf(p.role),
    roleName: p.role,
    body: p.body,
    policy: { hiddenSizes: p.policy.hiddenSizes ?? config.policy.hiddenSizes, activation: p.policy.activation ?? config.policy.activation },
    evolution: populationEvolution(config.evolution, p.evolution),
    imitation: populationImitation(config.imitation, p.imitation),
  }));
}

/** Cooperative co-evolution in carry: a population per team slot, in slot order (`populations`, or `slot0`, `slot1`, …). */
function slotPopulations(config: Config): PopulationSettings[] {
  const { teamSize, body } = config.worlds.carry;
  const listed: PopulationConfig[] = config.populations ?? Array.from({ length: teamSize }, (_, k) => ({ name: `slot${k}`, role: 'carrier', body, policy: {}, evolution: {}, imitation: {} }));
  return listed.map((p, index) => ({
    index,
    name: p.name,
    role: 0,
    slot: index,
    roleName: 'carrier',
    body,
    policy: { hiddenSizes: p.policy.hiddenSizes ?? config.policy.hiddenSizes, activation: p.policy.activation ?? config.policy.activation },
    evolution: populationEvolution(config.evolution, p.evolution),
    imitation: populationImitation(config.imitation, p.imitation),
  }));
}

/**
 * The run's imitation settings overridden key by key by the population's. Before the one engine,
 * a population cloned its role's scripted expert whenever it set `learnFraction` above 0, with no
 * `experts` key; such configs still mean that.
 */
function populationImitation(run: ImitationConfig, own: PopulationConfig['imitation']): ImitationConfig {
  const merged: ImitationConfig = { ...run, ...defined(own) };
  if ((own.learnFraction ?? 0) > 0 && Object.keys(merged.experts).length === 0) merged.experts = { scripted: 1 };
  return merged;
}

/** The keys whose values are set. */
function defined<T extends object>(values: T): Partial<T> {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** The body of each role, in role order (the first population of a role decides; the schema makes them agree). */
export function roleBodies(config: Config, populations = populationSettings(config)): BodyKindName[] {
  return ROLES[config.scenario as ScenarioName].map((_, r) => populations.find((p) => p.role === r)?.body ?? 'ball');
}

/** The run's evolution settings, overridden key by key by a population's own (the nested sections key by key too). */
function populationEvolution(run: EvolutionConfig, own: PopulationConfig['evolution']): EvolutionConfig {
  return {
    ...run,
    ...defined(own),
    islands: { ...run.islands, ...defined(own.islands ?? {}) },
    mapElites: { ...run.mapElites, ...defined(own.mapElites ?? {}) },
    openaiEs: { ...run.openaiEs, ...defined(own.openaiEs ?? {}) },
    pgpe: { ...run.pgpe, ...defined(own.pgpe ?? {}) },
    cmaEs: { ...run.cmaEs, ...defined(own.cmaEs ?? {}) },
  };
}
