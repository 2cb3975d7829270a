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
    const straight = join(tempDir(), 'a');
    await runExperiment({ config: resolveConfig(SUMO), runDir: straight, resume: false });
    const sharded = join(tempDir(), 'b');
    await runExperiment({ config: resolveConfig({ ...SUMO, workers: 2, worldgen: { arenasPerShard: 2 } }), runDir: sharded, resume: false });
    const resumed = join(tempDir(), 'c');
    await runExperiment({ config: resolveConfig({ ...SUMO, generations: 2 }), runDir: resumed, resume: false });
    await runExperiment({ config: resolveConfig(SUMO), runDir: resumed, resume: true });
    const metrics = (dir: string) => new RunDir(dir).readMetrics().map(withoutVolatile);
    expect(metrics(sharded)).toEqual(metrics(straight));
    expect(metrics(resumed)).toEqual(metrics(straight));
  });

  it('spars against the scripted experts (coevolution.expertFraction), with the same metrics on worker threads', async () => {
    const SPAR = { ...SUMO, generations: 2, coevolution: { matchesPerMember: 1, expertFraction: 0.5 } };
    const straight = join(tempDir(), 'a');
    await runExperiment({ config: resolveConfig(SPAR), runDir: straight, resume: false });
    const sharded = join(tempDir(), 'b');
    await runExperiment({ config: resolveConfig({ ...SPAR, workers: 2, worldgen: { arenasPerShard: 2 } }), runDir: sharded, resume: false });
    const plain = join(tempDir(), 'c');
    await runExperiment({ config: resolveConfig({ ...SUMO, generations: 2 }), runDir: plain, resume: false });
    const metrics = (dir: string) => new RunDir(dir).readMetrics().map(withoutVolatile);
    expect(metrics(sharded)).toEqual(metrics(straight));
    // The same seeds against other opponents: the fitness differs from a run without experts.
    const fitness = (dir: string) => metrics(dir).map((r) => (r.populations as Record<string, { fitness: unknown }>).red.fitness);
    expect(fitness(straight)).not.toEqual(fitness(plain));
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
