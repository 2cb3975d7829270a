/**
 * Scenario names to constructors; the config schema lists the same names. Single-role worlds
 * (forage, locomotion) are Scenarios; worlds where roles meet (sumo, pursuit) are MatchScenarios.
 */
import type { BodyKindName } from './bodies/body.ts';
import { createForage } from './forage/index.ts';
import type { ForageOptions } from './forage/options.ts';
import { createLocomotion } from './locomotion/index.ts';
import type { LocomotionOptions } from './locomotion/options.ts';
import type { MatchScenario } from './match.ts';
import { createPursuit } from './pursuit/index.ts';
import { PURSUIT_ROLES, type PursuitOptions } from './pursuit/options.ts';
import type { Scenario } from './scenario.ts';
import { createSumo } from './sumo/index.ts';
import { SUMO_ROLES, type SumoOptions } from './sumo/options.ts';

export const SINGLE_ROLE_SCENARIOS = ['forage', 'locomotion'] as const;
export const MATCH_SCENARIOS = ['sumo', 'pursuit'] as const;
export const SCENARIOS = [...SINGLE_ROLE_SCENARIOS, ...MATCH_SCENARIOS] as const;
export type ScenarioName = (typeof SCENARIOS)[number];
export type MatchScenarioName = (typeof MATCH_SCENARIOS)[number];

/** The roles of each match world, in slot order. */
export const ROLES: Record<MatchScenarioName, readonly string[]> = { sumo: SUMO_ROLES, pursuit: PURSUIT_ROLES };

export interface WorldsConfig {
  forage: ForageOptions;
  locomotion: LocomotionOptions;
  sumo: SumoOptions;
  pursuit: PursuitOptions;
}

export function isMatchScenario(name: string): name is MatchScenarioName {
  return (MATCH_SCENARIOS as readonly string[]).includes(name);
}

export function createScenario(name: string, worlds: WorldsConfig): Scenario {
  switch (name) {
    case 'forage':
      return createForage(worlds.forage);
    case 'locomotion':
      return createLocomotion(worlds.locomotion);
    default:
      throw new Error(`"${name}" is not a single-role scenario (one of ${SINGLE_ROLE_SCENARIOS.join(', ')})`);
  }
}

/** A match world with a body for each role (in the order of ROLES[name]). */
export function createMatchScenario(name: string, worlds: WorldsConfig, bodies: BodyKindName[]): MatchScenario {
  const pair: [BodyKindName, BodyKindName] = [bodies[0] ?? 'ball', bodies[1] ?? 'ball'];
  switch (name) {
    case 'sumo':
      return createSumo(worlds.sumo, pair);
    case 'pursuit':
      return createPursuit(worlds.pursuit, pair);
    default:
      throw new Error(`"${name}" is not a match scenario (one of ${MATCH_SCENARIOS.join(', ')})`);
  }
}
