/**
 * A run's `schedule`: changes to its world while it runs ([adaptation.md](adaptation.md)). Each
 * entry starts at `at` (a generation, 0-based; in the ecology, simulated seconds) and is one of
 *   { at, set }              from `at` on, `set` holds;
 *   { at, every, cycle }     seasons: from `at`, cycle[0] holds for `every`, then cycle[1], … in turn;
 *   { at, over, drift }      numeric keys move linearly from their value at `at` to drift's, over `over`.
 * A change is a partial config in the config's own shape, limited to the run's world keys and
 * `physics.gravity` (schedule-checks.ts). The world at any time is a pure function of the config
 * and the time: later entries apply on top of earlier ones, so a run resumed mid-schedule, or
 * played on any number of workers, sees exactly the same worlds.
 */
import type { Config } from './schema.ts';
import { isIntegerKey } from './schema.ts';

/** What a schedule may change: the worlds' settings and gravity, in the config's shape. */
export interface WorldSettings {
  worlds: Config['worlds'];
  physics: { gravity: number };
}

type Tree = Record<string, unknown>;

export function baseWorld(config: Config): WorldSettings {
  return { worlds: config.worlds, physics: { gravity: config.physics.gravity } };
}

/** The world at time `t`: every entry that has started, applied in the schedule's order. */
export function worldAt(config: Config, t: number): WorldSettings {
  // Most runs have no schedule: no copy each generation (or each ecology window) then.
  if (!config.schedule.length) return baseWorld(config);
  return applyEntries(config, config.schedule.length, t);
}

/**
 * What differs between the worlds at `from` and `to`, as a partial config of the new values (the
 * `change` a metrics row records), or null if nothing does.
 */
export function changeBetween(before: WorldSettings, after: WorldSettings): Tree | null {
  return diff(before as unknown as Tree, after as unknown as Tree);
}

/** The first `count` entries applied at time `t`. */
function applyEntries(config: Config, count: number, t: number): WorldSettings {
  let state = clone(baseWorld(config) as unknown as Tree);
  config.schedule.slice(0, count).forEach((entry, i) => {
    if (t < entry.at) return;
    if (entry.set) state = merge(state, entry.set);
    else if (entry.cycle && entry.every) state = merge(state, entry.cycle[Math.floor((t - entry.at) / entry.every + 1e-9) % entry.cycle.length]);
    else if (entry.drift && entry.over) {
      // From each key's value when the drift began (what the entries before it made of it then).
      const start = applyEntries(config, i, entry.at) as unknown as Tree;
      const share = Math.min(1, (t - entry.at) / entry.over);
      state = merge(
        state,
        mapLeaves(entry.drift, (to, path) => {
          const from = valueAt(start, path) as number;
          const value = from + share * ((to as number) - from);
          return isIntegerKey(path) ? Math.round(value) : value;
        }),
      );
    }
  });
  return state as unknown as WorldSettings;
}

/** `over` on top of `base`, key by key (two changes in one: what a report row spanning both records). */
export function merge(base: Tree, over: Tree): Tree {
  const out: Tree = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const existing = out[key];
    out[key] = isTree(existing) && isTree(value) ? merge(existing, value) : value;
  }
  return out;
}

function diff(before: Tree, after: Tree): Tree | null {
  const out: Tree = {};
  for (const [key, value] of Object.entries(after)) {
    const old = before[key];
    if (isTree(value) && isTree(old)) {
      const inner = diff(old, value);
      if (inner) out[key] = inner;
    } else if (JSON.stringify(old) !== JSON.stringify(value)) {
      out[key] = value;
    }
  }
  return Object.keys(out).length ? out : null;
}

/** Every leaf of a partial config with its path, e.g. ['worlds', 'forage', 'foodCount']. */
export function leaves(tree: Tree, path: string[] = []): { path: string[]; value: unknown }[] {
  return Object.entries(tree).flatMap(([key, value]) => (isTree(value) ? leaves(value, [...path, key]) : [{ path: [...path, key], value }]));
}

function mapLeaves(tree: Tree, f: (value: unknown, path: string[]) => unknown, path: string[] = []): Tree {
  return Object.fromEntries(Object.entries(tree).map(([key, value]) => [key, isTree(value) ? mapLeaves(value, f, [...path, key]) : f(value, [...path, key])]));
}

function valueAt(tree: Tree, path: string[]): unknown {
  return path.reduce<unknown>((node, key) => (isTree(node) ? node[key] : undefined), tree);
}

function clone(tree: Tree): Tree {
  return structuredClone(tree);
}

function isTree(value: unknown): value is Tree {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
