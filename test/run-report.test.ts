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

  it('refuses a folder that holds no run, with exit 2 and the folder named', () => {
    const empty = tempDir();
    const result = spawnSync(process.execPath, [BIN, 'report', empty, '--out', join(empty, 'out')], { encoding: 'utf8' });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(`${empty} is not a run directory (no config.json)`);
  });
});
