/** A small ecology (two regions, tens of agents) whose windows take milliseconds. */
import { resolveConfig } from '../server/config/resolve.ts';
import type { Config } from '../server/config/schema.ts';

export const SMALL_ECOLOGY = {
  size: 40,
  regionsX: 2,
  regionsZ: 1,
  borderMargin: 6,
  sightRadius: 5,
  initialAgents: 60,
  minAgents: 20,
  maxAgents: 200,
  foodPatches: 4,
  patchRadius: 5,
  pelletsPerPatch: 20,
  regrowSeconds: 4,
  reportSeconds: 2,
  learnEvery: 2,
  learnSteps: 5,
  runSeconds: 6,
};

export function ecologyConfig(ecology: Record<string, unknown> = {}, overrides: Record<string, unknown> = {}): Config {
  return resolveConfig({ scenario: 'ecology', seed: 5, workers: 0, checkpointEvery: 1, policy: { hiddenSizes: [8] }, worlds: { ecology: { ...SMALL_ECOLOGY, ...ecology } }, ...overrides });
}
