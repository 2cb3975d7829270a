import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RunDir } from '../server/run/run-dir.ts';
import { runExperiment } from '../server/run/run.ts';
import { smallConfig, tempDir, withoutVolatile } from './helpers.ts';

describe('resume', () => {
  it('continues a stopped run exactly as an uninterrupted run would have gone', async () => {
    const config = smallConfig({ generations: 5, checkpointEvery: 2 });
    const whole = tempDir();
    await runExperiment({ config, runDir: whole, resume: false });

    const split = tempDir();
    const stop = new AbortController();
    const first = await runExperiment({
      config,
      runDir: split,
      resume: false,
      signal: stop.signal,
      onGeneration: (row) => row.generation === 2 && stop.abort(),
    });
    expect(first).toMatchObject({ generationsCompleted: 3, stoppedEarly: true });
    expect(existsSync(join(split, 'checkpoints', 'gen-000003'))).toBe(true); // saved at the clean stop
    await runExperiment({ config, runDir: split, resume: true });

    expect(new RunDir(split).readMetrics().map(withoutVolatile)).toEqual(new RunDir(whole).readMetrics().map(withoutVolatile));
  });

  it('refuses to start a new run in a folder that holds one', async () => {
    const runDir = tempDir();
    const config = smallConfig({ generations: 1 });
    await runExperiment({ config, runDir, resume: false });
    await expect(runExperiment({ config, runDir, resume: false })).rejects.toThrow(/already holds a run; continue it with --resume/);
    expect(new RunDir(runDir).readMetrics()).toHaveLength(1);
  });
});
