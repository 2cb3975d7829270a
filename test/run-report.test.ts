import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../server/config/resolve.ts';
import { writeRunReport } from '../server/reports/run-report.ts';
import { runExperiment } from '../server/run/run.ts';
import { smallConfig, tempDir } from './helpers.ts';

const BIN = join(import.meta.dirname, '..', 'bin', 'coevo.js');

/**
 * A tiny ecology run directory with the population given per report: reports every 5 simulated
 * seconds, 1 wall second each; the change is first seen in report 6 (35 s).
 */
function ecologyRun(population: number[]): string {
  const runDir = tempDir();
  writeFileSync(join(runDir, 'config.json'), JSON.stringify(resolveConfig({ scenario: 'ecology', seed: 1 })));
  const rows = population.map((p, report) => ({
    report,
    simSeconds: 5 * (report + 1),
    population: p,
    timing: { seconds: 1 },
    ...(report === 6 ? { change: { worlds: { ecology: { moveCost: 1 } } } } : {}),
  }));
  writeFileSync(join(runDir, 'metrics.jsonl'), rows.map((r) => `${JSON.stringify(r)}\n`).join(''));
  return runDir;
}

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

  it("gives an ecology's recovery in reports, simulated seconds (as the ecology experiment counts them) and wall seconds", async () => {
    const runDir = ecologyRun([100, 100, 100, 100, 100, 100, 70, 60, 75, 85, 95, 100]);
    const out = join(tempDir(), 'report');
    await writeRunReport({ runDirs: [runDir], out, k: 5, expertEpisodes: 0 });
    const report = readFileSync(join(out, 'report.md'), 'utf8');
    expect(report).toContain('- report 6: `{"worlds":{"ecology":{"moveCost":1}}}`');
    // Below 80 from report 6, back in report 9 (ending at 50 s), 20 s after the change (30 s); at 100 in report 11.
    expect(report).toContain('| 6 | population | 100 | 70.000 | 30.000 | 3 (20 s simulated, 3.0 s wall) | 5 (30 s simulated, 5.0 s wall) | 115 |');
  });

  it('with --hold, counts a recovery only once the curve stays back, as the ecology experiment does', async () => {
    // The population crosses back above 80 for one report (85 in report 7) while it is still falling.
    const runDir = ecologyRun([100, 100, 100, 100, 100, 100, 70, 85, 60, 75, 85, 95, 100, 100]);
    const cells = async (hold?: number) => {
      const out = join(tempDir(), 'report');
      await writeRunReport({ runDirs: [runDir], out, k: 5, expertEpisodes: 0, ...(hold ? { hold } : {}) });
      return readFileSync(join(out, 'report.md'), 'utf8');
    };
    const once = await cells();
    expect(once).toContain('| 6 | population | 100 | 70.000 | 30.000 | 1 (10 s simulated, 1.0 s wall) |');
    expect(once).not.toContain('--hold');
    const held = await cells(3);
    // Back for good from report 10 (85, 95, 100): 4 reports after the change, ending at 55 s.
    expect(held).toContain('| 6 | population | 100 | 70.000 | 30.000 | 4 (25 s simulated, 4.0 s wall) |');
    expect(held).toContain('stays back at the level for 3 generations (reports) in a row (`--hold 3`)');
  });

  it('refuses a folder that holds no run, with exit 2 and the folder named', () => {
    const empty = tempDir();
    const result = spawnSync(process.execPath, [BIN, 'report', empty, '--out', join(empty, 'out')], { encoding: 'utf8' });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(`${empty} is not a run directory (no config.json)`);
  });
});
