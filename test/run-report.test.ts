import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeRunReport } from '../server/reports/run-report.ts';
import { runExperiment } from '../server/run/run.ts';
import { smallConfig, tempDir } from './helpers.ts';

const BIN = join(import.meta.dirname, '..', 'bin', 'coevo.js');

describe('coevo report', () => {
  it("writes report.md and a chart marking the schedule's change, with the recovery from it, also against the expert", async () => {
    const runDir = tempDir();
    await runExperiment({ config: smallConfig({ generations: 5, schedule: [{ at: 3, set: { worlds: { forage: { foodCount: 3 } } } }] }), runDir, resume: false });
    const out = join(tempDir(), 'report');
    const files = await writeRunReport({ runDirs: [runDir], out, k: 2, expertEpisodes: 2 });
    expect(files.every(existsSync)).toBe(true);
    const report = readFileSync(join(out, 'report.md'), 'utf8');
    expect(report).toContain('- generation 3: `{"worlds":{"forage":{"foodCount":3}}}`');
    expect(report).toMatch(/\| 3 \| fitness \| [\d.]+ \| [\d.]+ \| -?[\d.]+ \|/);
    expect(report).toMatch(/\| 3 \| fitness \/ expert \|/);
    expect(readFileSync(files[1], 'utf8')).toContain('stroke-dasharray="3 3"'); // the change's marker
  });

  it("writes coevo view's charts too: each field with the runs overlaid, and a sumo run's CIAO matrix and ratings", async () => {
    const forage = tempDir();
    const sumo = tempDir();
    await runExperiment({ config: smallConfig({ generations: 3, imitation: { experts: { scripted: 1 }, steps: 5, samplesPerLearner: 64 } }), runDir: forage, resume: false });
    await runExperiment({
      config: smallConfig({
        scenario: 'sumo',
        workers: 0,
        generations: 2,
        evolution: { populationSize: 8, eliteCount: 1 },
        coevolution: { matchesPerMember: 1, ciaoEvery: 2, ciaoMaxGenerations: 2 },
        worlds: { sumo: { episodeSeconds: 4 } },
      }),
      runDir: sumo,
      resume: false,
    });
    const out = join(tempDir(), 'report');
    const files = await writeRunReport({ runDirs: [forage, sumo], out, k: 2, expertEpisodes: 0 });
    const report = readFileSync(join(out, 'report.md'), 'utf8');
    for (const chart of ['chart-fitness.best.svg', 'chart-imitation.loss.svg', 'chart-populations.red.fitness.mean.svg']) {
      expect(report).toContain(`](${chart})`);
      expect(files).toContain(join(out, chart));
    }
    expect(report).toMatch(/\]\([^)]*-ciao-red-vs-blue\.svg\)/);
    expect(report).toMatch(/\]\([^)]*-champion-ratings\.svg\)/);
    expect(files.every(existsSync)).toBe(true);
    await expect(writeRunReport({ runDirs: [forage], out, k: 2, expertEpisodes: 0, fields: ['nope'] })).rejects.toThrow(/--fields: no run has "nope"/);
  });

  it('refuses a folder that holds no run, with exit 2 and the folder named', () => {
    const empty = tempDir();
    const result = spawnSync(process.execPath, [BIN, 'report', empty, '--out', join(empty, 'out')], { encoding: 'utf8' });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(`${empty} is not a run directory (no config.json)`);
  });
});
