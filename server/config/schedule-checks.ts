/**
 * The checks of a run's `schedule` (schedule.ts): each entry has one form, changes only the run's
 * own world keys and `physics.gravity`, never a key that would change a network's shape or who
 * plays where, drifts only numbers, and leaves a valid config at every change.
 */
import type { Config } from './schema.ts';
import { configSchema } from './schema.ts';
import { leaves, worldAt } from './schedule.ts';

type Path = (string | number)[];

/** Keys a run cannot change while it runs: they size observations, actions, arenas or the ecology's layout. */
const FIXED_KEYS: Record<string, readonly string[]> = {
  forage: ['body', 'agentsPerArena', 'nearestFood', 'rays'],
  locomotion: ['body', 'agentsPerArena'],
  sumo: [],
  pursuit: ['predators', 'prey'],
  ecology: [
    'size',
    'regionsX',
    'regionsZ',
    'borderMargin',
    'exchangeSteps',
    'actionRepeat',
    'initialAgents',
    'archiveSize',
    'foodPatches',
    'patchRadius',
    'pelletsPerPatch',
    'foodSectors',
    'neighbours',
    'pairBuffer',
    'recordEvery',
    'learnEvery',
    'reportSeconds',
    'runSeconds',
    'moveFoodAt',
    'obstacles',
    'obstacleSize',
  ],
};

export function checkSchedule(config: Config, issue: (path: Path, message: string) => void): void {
  const generations = config.scenario !== 'ecology';
  let sound = true;
  const refuse = (path: Path, message: string) => {
    issue(path, message);
    sound = false;
  };
  config.schedule.forEach((entry, i) => {
    const at: Path = ['schedule', i];
    const forms = [entry.set, entry.cycle, entry.drift].filter((x) => x !== undefined).length;
    if (forms !== 1) return refuse(at, 'needs exactly one of `set`, `cycle` (with `every`) or `drift` (with `over`)');
    if (entry.cycle && entry.every === undefined) refuse([...at, 'every'], 'a `cycle` needs `every`: how long each of its settings holds');
    if (entry.drift && entry.over === undefined) refuse([...at, 'over'], 'a `drift` needs `over`: how long the move takes');
    if (entry.every !== undefined && !entry.cycle) refuse([...at, 'every'], 'only a `cycle` takes `every`');
    if (entry.over !== undefined && !entry.drift) refuse([...at, 'over'], 'only a `drift` takes `over`');
    if (generations) {
      for (const key of ['at', 'every', 'over'] as const) {
        const value = entry[key];
        if (value !== undefined && !Number.isInteger(value)) refuse([...at, key], `counts generations in ${config.scenario}: must be a whole number (got ${value})`);
      }
    }
    const changes = entry.set
      ? [{ path: [...at, 'set'], tree: entry.set }]
      : entry.cycle
        ? entry.cycle.map((tree, k) => ({ path: [...at, 'cycle', k], tree }))
        : [{ path: [...at, 'drift'], tree: entry.drift ?? {} }];
    for (const change of changes) {
      const found = leaves(change.tree);
      if (!found.length) refuse(change.path, 'changes nothing: give the keys to change, e.g. { "worlds": { "forage": { "foodCount": 4 } } }');
      for (const { path, value } of found) {
        const reason = refusal(config, path);
        if (reason) refuse([...change.path, ...path], reason);
        else if (entry.drift && typeof value !== 'number') refuse([...change.path, ...path], `a drift moves numbers only (got ${JSON.stringify(value)})`);
      }
    }
  });
  if (!sound) return;
  // Every world the schedule makes must be a valid config: check it where each change takes effect.
  config.schedule.forEach((entry, i) => {
    const times = entry.cycle && entry.every ? entry.cycle.map((_, k) => entry.at + k * entry.every!) : entry.drift && entry.over ? [entry.at, entry.at + entry.over] : [entry.at];
    for (const t of times) {
      const world = worldAt(config, t);
      const result = configSchema.safeParse({ ...config, schedule: [], worlds: world.worlds, physics: { ...config.physics, ...world.physics } });
      if (result.success) continue;
      for (const problem of result.error.issues)
        issue(['schedule', i], `leaves an invalid config at ${generations ? 'generation' : 'simulated second'} ${t}: ${problem.path.join('.')}: ${problem.message}`);
      return;
    }
  });
}

/** Why the key at `path` may not change during a run of `config`, or null if it may. */
function refusal(config: Config, path: string[]): string | null {
  const { scenario } = config;
  const key = path.join('.');
  if (scenario === 'forage' && path[1] === 'forage' && path[2] === 'poison') {
    // The poison channel is part of the observation: it must be there from the start, and stay.
    if (config.worlds.forage.poison === null)
      return `${key}: configure worlds.forage.poison from the start (with count 0 until the poison should appear), so that the observation has its channel throughout`;
    if (path.length !== 4) return 'worlds.forage.poison cannot be removed during a run: set its count to 0';
    return null;
  }
  if (key === 'physics.gravity') return null;
  if (path[0] === 'physics') return `${key} cannot change during a run (only physics.gravity can)`;
  if (path[0] !== 'worlds') return `only world and physics keys may change during a run (worlds.${scenario}.*, physics.gravity), not ${key}`;
  if (path[1] !== scenario) return `the scenario is ${scenario}: only worlds.${scenario}.* may change, not ${key}`;
  if (path.length !== 3) return `${key} is not a key of worlds.${scenario}`;
  if (FIXED_KEYS[scenario]?.includes(path[2])) return `${key} sizes the networks, the arenas or the world's layout, so it cannot change during a run`;
  return null;
}
