import { copyFileSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { planRun } from '../server/run/populations.ts';
import { resolveConfig } from '../server/config/resolve.ts';
import { figuresFromOutput } from '../scripts/bench/from-output.ts';
import { writePerformanceReport } from '../scripts/bench/report.ts';
import { tempDir } from './helpers.ts';

// The output of one `npm run bench` (2026-12-03), as its JSON lines.
const FIXTURE = join(import.meta.dirname, 'fixtures', 'bench-output.jsonl');
const shape = () => planRun(resolveConfig({})).populations[0].shape;

describe('npm run bench -- --from FILE', () => {
  it("rebuilds the report from a run's saved output, with that run's figures and day", () => {
    const dir = tempDir();
    const output = join(dir, 'bench.jsonl');
    copyFileSync(FIXTURE, output);
    utimesSync(output, new Date('2026-12-03T07:00:00Z'), new Date('2026-12-03T07:00:00Z'));
    const run = figuresFromOutput(output, shape(), 256, 5);
    const lines = readFileSync(FIXTURE, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const fastest = lines.filter((l) => l.name === 'pipeline_Nw' && l.sensors === 'analytic').sort((a, b) => b.agentStepsPerSec - a.agentStepsPerSec)[0];
    expect(run.recommended).toBe(fastest.build);
    expect(run.cores).toBe(2);
    expect(run.phases.map((p) => p.workers)).toEqual([1, 2]);
    const report = join(dir, 'performance.md');
    writePerformanceReport(report, run);
    const text = readFileSync(report, 'utf8');
    expect(text).toContain('Measured by `npm run bench` on 2026-12-03');
    const efficiency = lines.find((l) => l.name === 'efficiency' && l.build === 'compat' && l.sensors === 'analytic').value;
    expect(text).toMatch(new RegExp(`\\| compat +\\| analytic +\\|.*\\| ${efficiency.toFixed(2)} +\\|`));
    expect(text).toContain('**Ways to scale, weighed by this table**');
  });

  it('refuses a partial output, naming the file', () => {
    const output = join(tempDir(), 'partial.jsonl');
    writeFileSync(output, readFileSync(FIXTURE, 'utf8').split('\n').slice(0, 10).join('\n'));
    expect(() => figuresFromOutput(output, shape(), 256, 5)).toThrow(/--from .*partial\.jsonl: not the whole output/);
  });
});
