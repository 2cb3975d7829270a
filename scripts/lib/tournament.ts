/** Runs `coevo tournament` for an experiment and reads its standings. */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PinnedSettings } from './measured-with.ts';
import { runCoevo } from './parallel.ts';

export interface Standing {
  player: string;
  role?: string;
  rating: number;
  interval95: number;
  wins: number;
  draws: number;
  losses: number;
}

/** A tournament of `players` with the expert and random (of every role), 20 games a pairing, in RUNS/NAME (`format` as `coevo tournament --format`), played with `settings`. */
export async function tournament(runs: string, name: string, scenario: string, players: string[], settings: PinnedSettings, format: 'auto' | 'round-robin' | 'swiss' = 'auto'): Promise<Standing[]> {
  const out = join(runs, name);
  rmSync(out, { recursive: true, force: true });
  mkdirSync(runs, { recursive: true });
  const config = join(runs, `${name}.config.json`);
  writeFileSync(config, JSON.stringify(settings));
  await runCoevo([
    'tournament',
    '--config',
    config,
    '--scenario',
    scenario,
    '--players',
    'expert',
    'random',
    ...players,
    '--games',
    '20',
    '--seed',
    '1',
    '--format',
    format,
    '--workers',
    '2',
    '--out',
    out,
    '--quiet',
  ]);
  return JSON.parse(readFileSync(join(out, 'ratings.json'), 'utf8')).players as Standing[];
}

/**
 * A round robin of `players` in RUNS/NAME (as `tournament`), or the standings of the last one there
 * if it had exactly these players: a report rewritten from the same runs does not replay its games.
 */
export async function cachedRoundRobin(runs: string, name: string, scenario: string, players: string[], settings: PinnedSettings): Promise<Standing[]> {
  const file = join(runs, name, 'ratings.json');
  if (existsSync(file)) {
    const kept = JSON.parse(readFileSync(file, 'utf8')) as { format: string; players: Standing[] };
    const names = new Set(kept.players.map((p) => p.player));
    if (kept.format === 'round-robin' && names.size === players.length + 2 && players.every((p) => names.has(p))) return kept.players;
  }
  // Every pair meets, so a rating does not depend on whom a Swiss draw paired it with.
  return tournament(runs, name, scenario, players, settings, 'round-robin');
}
