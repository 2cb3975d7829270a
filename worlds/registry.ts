/**
 * Scenario names to constructors; the config schema lists the same names. Every world is built
 * the same way: its settings and a body for each of its roles.
 */
import type { BodyKindName } from './bodies/body.ts';
import { DEFAULT_GRAVITY } from './physical.ts';
import { createForage } from './forage/index.ts';
import { FORAGE_ROLES, type ForageOptions } from './forage/options.ts';
import { createLocomotion } from './locomotion/index.ts';
import { LOCOMOTION_ROLES, type LocomotionOptions } from './locomotion/options.ts';
import { createPursuit } from './pursuit/index.ts';
import { PURSUIT_ROLES, type PursuitOptions } from './pursuit/options.ts';
import type { Scenario } from './scenario.ts';
import { createCarry } from './carry/index.ts';
import { CARRY_ROLES, type CarryOptions } from './carry/options.ts';
import { createSumo } from './sumo/index.ts';
import { SUMO_ROLES, type SumoOptions } from './sumo/options.ts';

/** Worlds of one role whose seats all score (a run evolves one population in them). */
export const SINGLE_ROLE_SCENARIOS = ['forage', 'locomotion'] as const;
/** Worlds where roles meet (a run co-evolves a population or more per role). */
export const MATCH_SCENARIOS = ['sumo', 'pursuit'] as const;
/** Worlds whose seats are one team sharing a score (a run evolves one population of clones, or a population per slot). */
export const TEAM_SCENARIOS = ['carry'] as const;
export const SCENARIOS = [...SINGLE_ROLE_SCENARIOS, ...MATCH_SCENARIOS, ...TEAM_SCENARIOS] as const;
export type ScenarioName = (typeof SCENARIOS)[number];
export type MatchScenarioName = (typeof MATCH_SCENARIOS)[number];

/** The roles of each world, in slot order. */
export const ROLES: Record<ScenarioName, readonly string[]> = {
  forage: FORAGE_ROLES,
  locomotion: LOCOMOTION_ROLES,
  sumo: SUMO_ROLES,
  pursuit: PURSUIT_ROLES,
  carry: CARRY_ROLES,
};

export interface WorldsConfig {
  forage: ForageOptions;
  locomotion: LocomotionOptions;
  sumo: SumoOptions;
  pursuit: PursuitOptions;
  carry: CarryOptions;
}

export function isMatchScenario(name: string): name is MatchScenarioName {
  return (MATCH_SCENARIOS as readonly string[]).includes(name);
}

export function isTeamScenario(name: string): boolean {
  return (TEAM_SCENARIOS as readonly string[]).includes(name);
}

/**
 * A world with a body for each role (in the order of ROLES[name]). Single-role worlds take their
 * body from their own settings (`worlds.forage.body`); match worlds from `bodies` (balls if absent).
 */
export function createScenario(name: string, worlds: WorldsConfig, bodies: readonly BodyKindName[] = [], gravity = DEFAULT_GRAVITY): Scenario {
  const pair: [BodyKindName, BodyKindName] = [bodies[0] ?? 'ball', bodies[1] ?? 'ball'];
  switch (name) {
    case 'forage':
      return createForage(worlds.forage, gravity);
    case 'locomotion':
      return createLocomotion(worlds.locomotion, gravity);
    case 'sumo':
      return createSumo(worlds.sumo, pair, gravity);
    case 'pursuit':
      return createPursuit(worlds.pursuit, pair, gravity);
    case 'carry':
      return createCarry(worlds.carry, gravity);
    default:
      throw new Error(`"${name}" is not a scenario (one of ${SCENARIOS.join(', ')})`);
  }
}
