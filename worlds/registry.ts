/** Scenario names to constructors; the config schema lists the same names. */
import { createForage } from './forage/index.ts';
import type { ForageOptions } from './forage/options.ts';
import type { Scenario } from './scenario.ts';

export interface WorldsConfig {
  forage: ForageOptions;
}

export function createScenario(name: string, worlds: WorldsConfig): Scenario {
  switch (name) {
    case 'forage':
      return createForage(worlds.forage);
    default:
      throw new Error(`unknown scenario "${name}"`);
  }
}
