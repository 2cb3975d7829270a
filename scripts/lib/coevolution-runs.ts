/** Co-evolution runs of one scenario over several seeds, for the experiments. */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PinnedSettings } from './measured-with.ts';
import { inParallel, runCoevo } from './parallel.ts';

export interface SeedRuns {
  seeds: number[];
  dirOf: (seed: number) => string;
  /** Wall time of all the runs. */
  seconds: number;
}

/** Runs `coevo run --scenario SCENARIO` with `settings` for seeds 1..count (one worker each, one run per core at a time) in RUNS/SCENARIO-sN. */
export async function runSeeds(runs: string, scenario: string, count: number, generations: number, population: number, settings: PinnedSettings): Promise<SeedRuns> {
  const seeds = Array.from({ length: count }, (_, i) => i + 1);
  const dirOf = (seed: number) => join(runs, `${scenario}-s${seed}`);
  for (const seed of seeds) rmSync(dirOf(seed), { recursive: true, force: true });
  mkdirSync(runs, { recursive: true });
  const config = join(runs, `${scenario}.config.json`);
  writeFileSync(config, JSON.stringify(settings));
  const started = performance.now();
  await inParallel(
    seeds.map(
      (seed) => () =>
        runCoevo([
          'run',
          '--config',
          config,
          '--scenario',
          scenario,
          '--generations',
          String(generations),
          '--population',
          String(population),
          '--seed',
          String(seed),
          '--workers',
          '1',
          '--run-dir',
          dirOf(seed),
          '--quiet',
        ]),
    ),
  );
  return { seeds, dirOf, seconds: (performance.now() - started) / 1000 };
}

/** The champion policy folder of `population` at `generation` in a co-evolution run. */
export function championOf(runDir: string, population: string, generation: number): string {
  return join(runDir, 'champions', population, `gen-${String(generation).padStart(6, '0')}`);
}
