/**
 * The checks that span several keys of a config, run by the schema after each key is checked on
 * its own. Each issue names the key it is about. A key the user set that does not apply to the
 * chosen world, body or populations is refused, never ignored; a key left at its default is never
 * refused, so that every config.json written with every default filled in still validates.
 */
import type { z } from 'zod';
import { ROLES, isMatchScenario, type ScenarioName } from '../../worlds/registry.ts';
import { createScenario } from '../../worlds/registry.ts';
import { coevolutionMode, populationSettings, roleBodies, type PopulationSettings } from './populations.ts';
import { checkEcology } from './ecology-checks.ts';
import { checkCarryWorld, checkModes } from './carry-checks.ts';
import { checkSchedule } from './schedule-checks.ts';
import { CONFIG_DEFAULTS, isScoringMethod, type Config } from './schema.ts';

type Ctx = z.RefinementCtx;
type Path = (string | number)[];

export function checkConfig(config: Config, ctx: Ctx): void {
  const issue = (path: Path, message: string) => ctx.addIssue({ code: 'custom', path, message });
  checkSchedule(config, issue);
  for (const key of ['observations', 'actions'] as const) {
    if (config.transfer[key] !== null && config.init.from === null) issue(['transfer', key], 'maps a transfer source into this world: it applies only with init.from (`--init-from`)');
  }
  if (config.transfer.steer && config.init.from === null) issue(['transfer', 'steer'], 'transfers a source across bodies: it applies only with init.from (`--init-from`)');
  if (config.scenario === 'ecology') {
    checkEcology(config, CONFIG_DEFAULTS, issue);
    return;
  }
  if (!checkModes(config, CONFIG_DEFAULTS, issue)) return;
  if (config.scenario === 'carry') checkCarryWorld(config, issue);
  if (isMatchScenario(config.scenario)) {
    if (!checkPopulationList(config, issue)) return;
  } else if (config.populations && config.scenario !== 'carry') {
    issue(['populations'], `populations are for worlds where roles meet (sumo, pursuit); ${config.scenario} evolves one population`);
    return;
  }
  const populations = populationSettings(config);
  checkApplicable(config, populations, issue);
  for (const p of populations) {
    const at = (key: 'evolution' | 'imitation', ...rest: string[]): Path => (config.populations ? ['populations', p.index, key, ...rest] : [key, ...rest]);
    checkEvolution(config, p, at, issue);
    checkImitation(config, p, at, issue);
  }
  checkStrategySettings(config, populations, issue);
  if (config.worlds.forage.nearestFood > config.worlds.forage.foodCount) {
    issue(['worlds', 'forage', 'nearestFood'], 'must not exceed worlds.forage.foodCount');
  }
}

/** Roles exist, names are unique, every role is played, and the populations of a role share a body. */
function checkPopulationList(config: Config, issue: (path: Path, message: string) => void): boolean {
  const populations = config.populations;
  if (!populations) return true;
  const roles = ROLES[config.scenario as ScenarioName];
  const names = new Set<string>();
  const bodyOfRole = new Map<string, string>();
  let ok = true;
  populations.forEach((population, i) => {
    const at = ['populations', i];
    if (!roles.includes(population.role)) {
      issue([...at, 'role'], `must be one of ${roles.map((r) => `"${r}"`).join(', ')} in ${config.scenario} (got "${population.role}")`);
      ok = false;
    }
    if (names.has(population.name)) issue([...at, 'name'], `"${population.name}" is used by two populations`);
    names.add(population.name);
    const body = bodyOfRole.get(population.role);
    if (body && body !== population.body) {
      issue([...at, 'body'], `populations of role "${population.role}" must share one body (another has "${body}")`);
    }
    bodyOfRole.set(population.role, population.body);
  });
  for (const role of roles) {
    if (!bodyOfRole.has(role)) {
      issue(['populations'], `no population plays role "${role}" of ${config.scenario}`);
      ok = false;
    }
  }
  return ok;
}

/** Why `evolution.episodeSeeds` does not apply: it does only where each genome fills its own arenas. */
function episodeSeedsMisfit(config: Config): string | null {
  if (isMatchScenario(config.scenario)) return `in ${config.scenario} each member is the focal player of its matches, among teammates and opponents chosen by coevolution.*`;
  if (config.scenario === 'carry') return coevolutionMode(config) === 'homogeneous' ? null : 'carry in cooperative mode scores each member with collaborators from the other populations';
  if (config.evolution.arenaMates !== 'clones') return 'members share each arena (`evolution.arenaMates` "shuffled"), whose seed is then theirs already; it applies with "clones"';
  return null;
}

/** Keys set away from their defaults that the chosen world, its bodies or its kind of run never read. */
function checkApplicable(config: Config, populations: PopulationSettings[], issue: (path: Path, message: string) => void): void {
  const changed = (path: Path) => !isDefault(config, path);
  const refuse = (path: Path, why: string) => {
    if (changed(path)) issue(path, `does not apply: ${why}`);
  };
  for (const world of Object.keys(config.worlds)) {
    if (world === config.scenario) continue;
    for (const key of Object.keys(config.worlds[world as ScenarioName])) refuse(['worlds', world, key], `the scenario is ${config.scenario}, not ${world}`);
  }
  const bodies = roleBodies(config, populations);
  const ballsOnly = 'it is the force of ball bodies, and';
  if (config.scenario === 'forage' && bodies[0] === 'crawler') refuse(['worlds', 'forage', 'maxForce'], `${ballsOnly} the foragers are crawlers`);
  if (config.scenario === 'locomotion' && bodies[0] === 'crawler') refuse(['worlds', 'locomotion', 'maxForce'], `${ballsOnly} the walkers are crawlers`);
  if (config.scenario === 'sumo' && !bodies.includes('ball')) refuse(['worlds', 'sumo', 'maxForce'], `${ballsOnly} both wrestlers are crawlers`);
  if (config.scenario === 'pursuit') {
    if (bodies[0] === 'crawler') refuse(['worlds', 'pursuit', 'predatorForce'], `${ballsOnly} the predators are crawlers`);
    if (bodies[1] === 'crawler') refuse(['worlds', 'pursuit', 'preyForce'], `${ballsOnly} the prey are crawlers`);
  }
  if (isMatchScenario(config.scenario)) {
    refuse(['evolution', 'episodesPerGeneration'], `in ${config.scenario}, where roles meet, coevolution.matchesPerMember sets how many matches each member plays`);
    refuse(['evolution', 'arenaMates'], `in ${config.scenario} each member is the focal player of its matches, among teammates and opponents chosen by coevolution.*`);
  } else if (config.scenario === 'carry') {
    refuse(['evolution', 'arenaMates'], 'carry always plays a population among its clones (or, cooperative, with collaborators from the other populations)');
  }
  const misfit = episodeSeedsMisfit(config);
  if (misfit) refuse(['evolution', 'episodeSeeds'], misfit);
  if (!isMatchScenario(config.scenario) && config.scenario !== 'carry') {
    for (const key of Object.keys(config.coevolution)) refuse(['coevolution', key], `${config.scenario} evolves one population; there is no co-evolution`);
  }
}

function checkEvolution(config: Config, p: PopulationSettings, at: (key: 'evolution' | 'imitation', ...rest: string[]) => Path, issue: (path: Path, m: string) => void): void {
  const { populationSize, islands, eliteCount, algorithm } = p.evolution;
  const whose = config.populations ? `population "${p.name}"` : 'the population';
  if (algorithm !== 'ga') checkStrategy(config, p, at, issue);
  if (populationSize % islands.count !== 0) {
    issue(at('evolution', 'islands', 'count'), `${whose} of ${populationSize} does not split into ${islands.count} equal islands`);
    return;
  }
  if (config.scenario === 'forage' || config.scenario === 'locomotion') {
    const perArena = config.scenario === 'locomotion' ? config.worlds.locomotion.agentsPerArena : config.worlds.forage.agentsPerArena;
    if (populationSize % (perArena * islands.count) !== 0) {
      const what = islands.count > 1 ? ` times evolution.islands.count (${perArena} x ${islands.count})` : ` (${perArena})`;
      issue(at('evolution', 'populationSize'), `must be a multiple of worlds.${config.scenario}.agentsPerArena${what}`);
    }
  }
  if (islands.count > 1 && islands.migrants >= populationSize / islands.count) {
    issue(at('evolution', 'islands', 'migrants'), 'must be smaller than an island (populationSize / islands.count)');
  }
  if (eliteCount >= populationSize / islands.count) {
    const size = islands.count > 1 ? `each island (${populationSize / islands.count})` : `the population (${populationSize})`;
    issue(at('evolution', 'eliteCount'), `must be smaller than ${size}`);
  }
}

/** What a strategy cannot take: the GA's own settings, islands, odd pairs. */
function checkStrategy(config: Config, p: PopulationSettings, at: (key: 'evolution' | 'imitation', ...rest: string[]) => Path, issue: (path: Path, m: string) => void): void {
  const { algorithm, populationSize, islands } = p.evolution;
  // Set for this population itself (a run-wide GA setting may be meant for the other populations).
  const set = (key: string) => (config.populations ? (config.populations[p.index]?.evolution as Record<string, unknown> | undefined)?.[key] !== undefined : !isDefault(config, ['evolution', key]));
  for (const key of ['eliteCount', 'tournamentSize', 'crossoverRate', 'mutationRate']) {
    if (set(key)) issue(at('evolution', key), `is a setting of the GA; evolution.algorithm "${algorithm}" does not use it`);
  }
  if (islands.count > 1) issue(at('evolution', 'islands', 'count'), `splits a GA into islands; evolution.algorithm "${algorithm}" is one search distribution`);
  if ((algorithm === 'openai-es' || algorithm === 'pgpe') && populationSize % 2) {
    issue(at('evolution', 'populationSize'), `must be even: ${algorithm} samples in antithetic pairs`);
  }
}

/** The sections of `evolution` that only their strategies read. */
const STRATEGY_SECTIONS = { mapElites: ['map-elites'], openaiEs: ['openai-es'], pgpe: ['pgpe'], cmaEs: ['cma-es', 'sep-cma-es'] } as const;
/** Keys of those sections that fewer of the section's strategies read. */
const NARROWER_KEYS: Record<string, readonly string[]> = { 'cmaEs.sepRates': ['sep-cma-es'] };

/** `evolution.mapElites`, `openaiEs`, `pgpe` and `cmaEs` are read by their strategies' populations alone; `coevolution.opponents: "archive"` needs every rival to keep an archive. */
function checkStrategySettings(config: Config, populations: PopulationSettings[], issue: (path: Path, m: string) => void): void {
  for (const [section, sectionAlgorithms] of Object.entries(STRATEGY_SECTIONS) as [keyof typeof STRATEGY_SECTIONS, readonly string[]][]) {
    for (const key of Object.keys(config.evolution[section])) {
      const algorithms = NARROWER_KEYS[`${section}.${key}`] ?? sectionAlgorithms;
      const uses = (p: PopulationSettings) => algorithms.includes(p.evolution.algorithm);
      const unread = `is a setting of evolution.algorithm ${algorithms.map((a) => `"${a}"`).join(' or ')}`;
      if (!populations.some(uses) && !isDefault(config, ['evolution', section, key])) issue(['evolution', section, key], `${unread}, which no population uses`);
      for (const p of populations) {
        const own: Record<string, unknown> = config.populations?.[p.index]?.evolution[section] ?? {};
        if (!uses(p) && key in own) issue(['populations', p.index, 'evolution', section, key], `${unread}; population "${p.name}" evolves by "${p.evolution.algorithm}"`);
      }
    }
  }
  const mapElites = (p: PopulationSettings) => p.evolution.algorithm === 'map-elites';
  if (config.coevolution.opponents !== 'archive') return;
  if (!isMatchScenario(config.scenario)) {
    issue(['coevolution', 'opponents'], `"archive" draws opponents from rival populations' archives: only where roles meet (sumo, pursuit), not in ${config.scenario}`);
    return;
  }
  for (const p of populations.filter((q) => !mapElites(q))) {
    const path: Path = config.populations ? ['populations', p.index, 'evolution', 'algorithm'] : ['evolution', 'algorithm'];
    issue(path, `is "${p.evolution.algorithm}" for population "${p.name}", but coevolution.opponents "archive" draws its rivals' opponents from its MAP-Elites archive: use "map-elites"`);
  }
}

function checkImitation(config: Config, p: PopulationSettings, at: (key: 'imitation', ...rest: string[]) => Path, issue: (path: Path, m: string) => void): void {
  const { imitation } = p;
  const experts = Object.keys(imitation.experts);
  if (experts.includes('dataset') && !imitation.datasetFile) {
    issue(at('imitation', 'datasetFile'), 'is required when imitation.experts includes "dataset"');
  }
  if (isScoringMethod(imitation.method)) {
    for (const expert of experts.filter((e) => e !== 'scripted' && e !== 'dataset')) {
      issue(at('imitation', 'experts', expert), `with imitation.method "${imitation.method}", behaviour is matched to demonstrations: the experts are "scripted" and "dataset"`);
    }
  } else if (experts.length > 0 && imitation.inheritance === 'darwinian') {
    issue(at('imitation', 'inheritance'), '"darwinian" means no learning; remove imitation.experts or choose "baldwinian" or "lamarckian"');
  }
  if ((imitation.strategy === 'prestige' || imitation.strategy === 'conformist') && !experts.includes('peer') && !experts.includes('elite')) {
    issue(at('imitation', 'strategy'), `"${imitation.strategy}" chooses among the peer and elite experts' teachers: add "peer" or "elite" to imitation.experts`);
  }
  if (experts.includes('peer') && config.evolution.arenaMates === 'clones') {
    issue(at('imitation', 'experts', 'peer'), 'is the best member a learner\'s parent met in its arena, and with evolution.arenaMates "clones" it met only copies of itself');
  }
  const meet = isMatchScenario(config.scenario);
  for (const expert of ['rival', 'champions'] as const) {
    if (experts.includes(expert) && !meet) {
      issue(at('imitation', 'experts', expert), `learns from other populations, and ${config.scenario} evolves one population (use sumo or pursuit)`);
    }
  }
  if (experts.includes('teammate') && !(config.scenario === 'carry' && coevolutionMode(config) === 'cooperative')) {
    const why = config.scenario === 'carry' ? 'in homogeneous mode every teammate is a clone of the learner itself' : `${config.scenario} has no team of populations`;
    issue(at('imitation', 'experts', 'teammate'), `learns from the other slots of a team: it applies in carry with coevolution.mode "cooperative"; ${why}`);
  }
  if (experts.includes('rival') && meet) {
    const spec = createScenario(config.scenario, config.worlds, roleBodies(config)).spec;
    if (!spec.symmetric) {
      const why = config.scenario === 'sumo' ? 'red and blue have different bodies, so they see and act in different sizes' : `${spec.roles.map((r) => r.name).join(' and ')} play different games`;
      issue(at('imitation', 'experts', 'rival'), `imitating the rival needs both roles to see and act alike, as in sumo with one body; here ${why}`);
    }
  }
}

/**
 * Defaults a key had before, by path: a run's config.json holds every default of its day, so a
 * value that used to be the default is not "set" (an old sumo run names forage's old sensors).
 */
const FORMER_DEFAULTS: Record<string, unknown[]> = {
  'worlds.forage.sensors': ['rapier'],
  'worlds.forage.agentShapes': ['circles'],
};

/** True when the key at `path` holds its default, today's or a former one. */
export function isDefault(config: Config, path: Path): boolean {
  const value = JSON.stringify(valueAt(config, path));
  if (value === JSON.stringify(valueAt(CONFIG_DEFAULTS, path))) return true;
  return (FORMER_DEFAULTS[path.join('.')] ?? []).some((former) => JSON.stringify(former) === value);
}

function valueAt(root: unknown, path: Path): unknown {
  let value = root;
  for (const key of path) value = (value as Record<string | number, unknown> | undefined)?.[key];
  return value;
}
