/**
 * What a run plays with: the world, built once with a body for each role, and its populations,
 * each resolved (server/config/populations.ts) and given the network its role needs.
 */
import type { MlpShape } from '../../agents/mlp.ts';
import { type DescriptorBounds, defaultDescriptor } from '../../worlds/descriptors.ts';
import { createScenario } from '../../worlds/registry.ts';
import { CoevoError } from '../errors.ts';
import type { Scenario } from '../../worlds/scenario.ts';
import { populationSettings, roleBodies, type PopulationSettings } from '../config/populations.ts';
import type { Config } from '../config/schema.ts';
import type { WorldSettings } from '../config/schedule.ts';
import { mlpShape } from '../evaluation/engine.ts';
import type { ScenarioRef } from '../evaluation/match-task.ts';

export interface Population extends PopulationSettings {
  shape: MlpShape;
  /** MAP-Elites's descriptor: which of the role's behaviour features, over which bounds (null for other algorithms). */
  descriptor: ResolvedDescriptor | null;
}

export interface ResolvedDescriptor {
  features: [string, string];
  /** Their indices in the role's RoleSpec.features. */
  indices: [number, number];
  bounds: DescriptorBounds;
}

export interface RunPlan {
  ref: ScenarioRef;
  scenario: Scenario;
  populations: Population[];
  /** True when several populations meet (sumo, pursuit, carry's cooperative mode): halls of fame, champions per population. */
  meet: boolean;
  /** True when the populations are a team's slots (carry, cooperative): no CIAO, but team scores and role specialisation. */
  cooperative: boolean;
}

/**
 * Points the plan at the world a schedule made (server/config/schedule.ts): other settings and
 * physics, the same roles, observations and actions (the schedule's checks keep those fixed).
 */
export function setWorld(plan: RunPlan, world: WorldSettings): void {
  plan.ref = { ...plan.ref, worlds: world.worlds, gravity: world.physics.gravity };
  plan.scenario = createScenario(plan.ref.scenario, world.worlds, plan.ref.bodies, world.physics.gravity);
}

export function planRun(config: Config): RunPlan {
  const settings = populationSettings(config);
  const bodies = roleBodies(config, settings);
  const ref: ScenarioRef = { scenario: config.scenario, worlds: config.worlds, bodies, gravity: config.physics.gravity };
  const scenario = createScenario(config.scenario, config.worlds, bodies, config.physics.gravity);
  const populations = settings.map((p): Population => {
    const role = scenario.spec.roles[p.role];
    // Behaviour prediction learns a stochastic policy: a log standard deviation per action joins the genome.
    const shape = mlpShape(role.observationSize, role.actionSize, p.policy, p.imitation.method === 'bp');
    return { ...p, shape, descriptor: p.evolution.algorithm === 'map-elites' ? resolveDescriptor(config, p, role.features) : null };
  });
  const cooperative = scenario.spec.team === true && populations.length > 1;
  return { ref, scenario, populations, meet: scenario.spec.roles.length > 1 || cooperative, cooperative };
}

/** `evolution.mapElites.descriptor` and `bounds`, or the world's defaults (worlds/descriptors.ts); names the key at fault. */
function resolveDescriptor(config: Config, p: PopulationSettings, features: readonly string[]): ResolvedDescriptor {
  const at = config.populations ? `populations.${p.index}.evolution.mapElites` : 'evolution.mapElites';
  const { descriptor, bounds } = p.evolution.mapElites;
  const fallback = defaultDescriptor(config.scenario, p.body);
  const names = descriptor ?? fallback?.features;
  if (!names) throw new CoevoError('BAD_CONFIG', `${at}.descriptor: ${config.scenario} has no default; name two of ${features.join(', ')}`);
  const indices = names.map((name) => {
    const index = features.indexOf(name);
    if (index < 0) throw new CoevoError('BAD_CONFIG', `${at}.descriptor: "${name}" is not a behaviour feature of ${p.roleName}; it has ${features.join(', ')}`);
    return index;
  }) as [number, number];
  const isDefault = fallback !== null && names[0] === fallback.features[0] && names[1] === fallback.features[1];
  const resolved = bounds ?? (isDefault ? fallback.bounds : null);
  if (!resolved) throw new CoevoError('BAD_CONFIG', `${at}.bounds: give [low, high] for ${names.join(' and ')} (only the default descriptor has default bounds)`);
  resolved.forEach(([lo, hi], k) => {
    if (!(hi > lo)) throw new CoevoError('BAD_CONFIG', `${at}.bounds.${k}: high must be above low (got [${lo}, ${hi}])`);
  });
  return { features: [names[0], names[1]], indices, bounds: resolved };
}
