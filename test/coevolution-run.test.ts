import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../server/config/resolve.ts';
import { RunDir } from '../server/run/run-dir.ts';
import { runExperiment } from '../server/run/run.ts';
import { tempDir, withoutVolatile } from './helpers.ts';

const SUMO = {
  scenario: 'sumo',
  seed: 5,
  workers: 0,
  generations: 3,
  checkpointEvery: 1,
  evolution: { populationSize: 6, eliteCount: 1 },
  coevolution: { matchesPerMember: 1 },
  worlds: { sumo: { episodeSeconds: 3 } },
};

/** Runs `config` on the main thread, on 2 workers, and stopped after 2 generations then resumed; expects the same metrics, and returns the first run's directory. */
async function sameEverywhere(config: Record<string, unknown>): Promise<string> {
  const straight = join(tempDir(), 'a');
  await runExperiment({ config: resolveConfig(config), runDir: straight, resume: false });
  const sharded = join(tempDir(), 'b');
  await runExperiment({ config: resolveConfig({ ...config, workers: 2, worldgen: { arenasPerShard: 2 } }), runDir: sharded, resume: false });
  const resumed = join(tempDir(), 'c');
  await runExperiment({ config: resolveConfig({ ...config, generations: 2 }), runDir: resumed, resume: false });
  await runExperiment({ config: resolveConfig(config), runDir: resumed, resume: true });
  const metrics = (dir: string) => new RunDir(dir).readMetrics().map(withoutVolatile);
  expect(metrics(sharded)).toEqual(metrics(straight));
  expect(metrics(resumed)).toEqual(metrics(straight));
  return straight;
}

describe('co-evolution of two populations', () => {
  it('evolves red and blue, saves their champions and writes a CIAO matrix and champion ratings', async () => {
    const dir = join(tempDir(), 'run');
    const summary = await runExperiment({ config: resolveConfig(SUMO), runDir: dir, resume: false });
    expect(summary.generationsCompleted).toBe(3);
    const rows = new RunDir(dir).readMetrics();
    expect(rows.map((r) => Object.keys(r.populations as object))).toEqual([
      ['red', 'blue'],
      ['red', 'blue'],
      ['red', 'blue'],
    ]);
    // Every member plays one match as the focal player: 6 + 6 per generation.
    expect(rows.every((r) => r.matches === 12)).toBe(true);
    for (const name of ['red', 'blue']) expect(existsSync(join(dir, 'champions', name, 'gen-000002', 'model.json'))).toBe(true);
    const ciao = JSON.parse(readFileSync(join(dir, 'progress', 'ciao-red-vs-blue.json'), 'utf8'));
    expect(ciao.rowGenerations).toEqual([0, 1, 2]);
    expect(ciao.scores).toHaveLength(3);
    expect(ciao.scores.every((row: number[]) => row.length === 3 && row.every((s) => s >= 0 && s <= 1))).toBe(true);
    const ratings = JSON.parse(readFileSync(join(dir, 'progress', 'champion-ratings.json'), 'utf8')).ratings;
    expect(ratings).toHaveLength(6);
    expect(readFileSync(join(dir, 'progress', 'ciao-red-vs-blue.svg'), 'utf8')).toContain('<svg');
  });

  it('gives the same metrics with the same seed, on worker threads, and when resumed', async () => {
    await sameEverywhere(SUMO);
  });

  it('spars against the scripted experts (coevolution.expertFraction), the same on worker threads and resumed', async () => {
    const straight = await sameEverywhere({ ...SUMO, coevolution: { matchesPerMember: 1, expertFraction: 0.5 } });
    const plain = join(tempDir(), 'd');
    await runExperiment({ config: resolveConfig(SUMO), runDir: plain, resume: false });
    // The same seeds against other opponents: the fitness differs from a run without experts.
    const fitness = (dir: string) => new RunDir(dir).readMetrics().map((r) => (r.populations as Record<string, { fitness: unknown }>).red.fitness);
    expect(fitness(straight)).not.toEqual(fitness(plain));
  });

  it('picks champions by trials against the halls of fame (coevolution.championTrials), the same on worker threads and resumed', async () => {
    const straight = await sameEverywhere({ ...SUMO, coevolution: { matchesPerMember: 1, championTrials: 2 } });
    // The trials' steps count among the steps played: 4 candidates x 2 trials per population.
    const plain = join(tempDir(), 'd');
    await runExperiment({ config: resolveConfig({ ...SUMO, generations: 1 }), runDir: plain, resume: false });
    const steps = (dir: string) => new RunDir(dir).readMetrics()[0].agentSteps as number;
    expect(steps(straight)).toBeGreaterThan(steps(plain));
    expect(existsSync(join(straight, 'champions', 'red', 'gen-000002', 'model.json'))).toBe(true);
  });

  it('runs pursuit with predators and prey', async () => {
    const dir = join(tempDir(), 'run');
    const config = resolveConfig({ ...SUMO, scenario: 'pursuit', generations: 1, worlds: { pursuit: { episodeSeconds: 3 } } });
    await runExperiment({ config, runDir: dir, resume: false });
    const [row] = new RunDir(dir).readMetrics();
    expect(Object.keys(row.populations as object)).toEqual(['predators', 'prey']);
  });

  it('refuses populations whose roles do not fit the world, naming the field', () => {
    expect(() =>
      resolveConfig({
        scenario: 'sumo',
        populations: [
          { name: 'a', role: 'predator' },
          { name: 'b', role: 'blue' },
        ],
      }),
    ).toThrow(/populations\.0\.role: must be one of "red", "blue" in sumo/);
    expect(() => resolveConfig({ scenario: 'pursuit', populations: [{ name: 'a', role: 'predator' }] })).toThrow(/no population plays role "prey"/);
  });
});
