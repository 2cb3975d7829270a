/**
 * What a run plays with: the world, built once with a body for each role, and its populations,
 * each resolved (server/config/populations.ts) and given the network its role needs.
 */
import type { MlpShape } from '../../agents/mlp.ts';
import { createScenario } from '../../worlds/registry.ts';
import type { Scenario } from '../../worlds/scenario.ts';
import { populationSettings, roleBodies, type PopulationSettings } from '../config/populations.ts';
import type { Config } from '../config/schema.ts';
import type { WorldSettings } from '../config/schedule.ts';
import { mlpShape } from '../evaluation/engine.ts';
import type { ScenarioRef } from '../evaluation/match-task.ts';

export interface Population extends PopulationSettings {
  shape: MlpShape;
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
    return { ...p, shape: mlpShape(role.observationSize, role.actionSize, p.policy, p.imitation.method === 'bp') };
  });
  const cooperative = scenario.spec.team === true && populations.length > 1;
  return { ref, scenario, populations, meet: scenario.spec.roles.length > 1 || cooperative, cooperative };
}
