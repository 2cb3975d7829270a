/** Runs `coevo tournament` for an experiment and reads its standings. */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
