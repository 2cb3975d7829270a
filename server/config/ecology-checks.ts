/**
 * The checks of an ecology config that span keys: bounds that must hold together, and keys of
 * generation-based runs that the ecology never reads (refused when set, as checks.ts does for
 * other worlds).
 */
import type { Config } from './schema.ts';
import { isDefault } from './checks.ts';

type Path = (string | number)[];

/** Evolution keys the ecology reads: a child's mutation. */
const ECOLOGY_EVOLUTION_KEYS = ['mutationRate', 'mutationStd'];

export function checkEcology(config: Config, defaults: Config, issue: (path: Path, message: string) => void): void {
  const e = config.worlds.ecology;
  const at = (key: keyof typeof e): Path => ['worlds', 'ecology', key];
  const changed = (section: 'evolution' | 'imitation' | 'coevolution' | 'worlds', key: string) =>
    JSON.stringify((config[section] as Record<string, unknown>)[key]) !== JSON.stringify((defaults[section] as Record<string, unknown>)[key]);
  if (config.init.from !== null) issue(['init', 'from'], 'the ecology cannot start from another run yet: its agents start from random genomes');
  if (config.generations !== null) {
    issue(['generations'], 'the ecology has no generations: it runs worlds.ecology.runSeconds simulated seconds (`--seconds`), or until stopped');
  }
  if (config.populations) issue(['populations'], 'the ecology has one open population; populations are for sumo and pursuit');
  for (const key of Object.keys(config.evolution)) {
    if (!ECOLOGY_EVOLUTION_KEYS.includes(key) && changed('evolution', key))
      issue(['evolution', key], 'does not apply: the ecology has no generations (its population is set by the food, between worlds.ecology.minAgents and maxAgents)');
  }
  for (const key of Object.keys(config.imitation)) {
    if (changed('imitation', key)) issue(['imitation', key], 'does not apply: in the ecology agents imitate the neighbours they see (worlds.ecology.strategy and the learn* keys)');
  }
  for (const key of Object.keys(config.coevolution)) {
    if (changed('coevolution', key)) issue(['coevolution', key], 'does not apply: the ecology has no matches');
  }
  if (JSON.stringify(config.replays) !== JSON.stringify(defaults.replays)) issue(['replays'], 'does not apply: the ecology has no generations to replay');
  for (const world of Object.keys(config.worlds)) {
    if (world === 'ecology') continue;
    // Key by key, against today's defaults or a former one (a run's config.json holds those of its day).
    const keys = Object.keys((config.worlds as Record<string, Record<string, unknown>>)[world]);
    if (keys.some((key) => !isDefault(config, ['worlds', world, key]))) issue(['worlds', world], `does not apply: the scenario is ecology, not ${world}`);
  }
  if (e.keepCopy !== 'critical' && e.trialRounds !== defaults.worlds.ecology.trialRounds) {
    issue(at('trialRounds'), 'does not apply: a copy is on trial only under worlds.ecology.keepCopy "critical"');
  }
  if (e.minAgents > e.maxAgents) issue(at('minAgents'), `the population floor (${e.minAgents}) is above its ceiling, worlds.ecology.maxAgents (${e.maxAgents})`);
  if (e.initialAgents < e.minAgents || e.initialAgents > e.maxAgents) issue(at('initialAgents'), `must lie between worlds.ecology.minAgents (${e.minAgents}) and maxAgents (${e.maxAgents})`);
  if (e.childEnergy >= e.reproduceEnergy) issue(at('childEnergy'), `must be below worlds.ecology.reproduceEnergy (${e.reproduceEnergy}), or a parent would die of its child`);
  else if (e.childEnergy + e.birthCost >= e.reproduceEnergy) {
    issue(at('birthCost'), `with worlds.ecology.childEnergy (${e.childEnergy}) must stay below worlds.ecology.reproduceEnergy (${e.reproduceEnergy}), or a parent would die of its child`);
  }
  const width = e.size / e.regionsX;
  const depth = e.size / e.regionsZ;
  if (width < e.borderMargin) issue(at('regionsX'), `regions ${round(width)} m wide are narrower than worlds.ecology.borderMargin (${e.borderMargin} m)`);
  if (depth < e.borderMargin) issue(at('regionsZ'), `regions ${round(depth)} m deep are narrower than worlds.ecology.borderMargin (${e.borderMargin} m)`);
  if (e.patchRadius > e.size / 2 - 2) issue(at('patchRadius'), `must leave room on the ${e.size} m floor: at most ${e.size / 2 - 2} m`);
  if (e.sightRadius > e.borderMargin) issue(at('sightRadius'), `must not exceed worlds.ecology.borderMargin (${e.borderMargin} m), or agents would miss neighbours across a border`);
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}
