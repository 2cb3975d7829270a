import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RunDir } from '../server/run/run-dir.ts';
import { runExperiment } from '../server/run/run.ts';
import { smallConfig, tempDir, withoutVolatile } from './helpers.ts';

const imitating = (method: 'bc' | 'dagger', extra: Record<string, unknown> = {}) => ({
  generations: 4,
  imitation: { experts: { scripted: 1, elite: 1, peer: 1 }, method, steps: 5, samplesPerLearner: 256, demoEpisodes: 1, hallOfFame: 1 },
  ...extra,
});

async function run(overrides: Record<string, unknown>, runDir = tempDir()) {
  await runExperiment({ config: smallConfig(overrides), runDir, resume: false });
  return new RunDir(runDir).readMetrics();
}

describe('imitation inside the evolutionary loop', () => {
  it('reports loss, agreement, experts and learning time per generation', async () => {
    const rows = await run(imitating('bc'));
    expect(rows[0].imitation).toMatchObject({ learners: 4, experts: { scripted: 4 } }); // no elites or peers before generation 1
    expect(rows[1].imitation).toMatchObject({ learners: 4, experts: { scripted: 4, elite: 4, peer: 4 } });
    for (const row of rows) {
      const stats = row.imitation as { loss: number; lossBefore: number; agreement: number };
      expect(stats.loss).toBeLessThan(stats.lossBefore);
      expect(stats.agreement).toBeGreaterThanOrEqual(0);
      expect(row.learnSeconds).toBeGreaterThan(0);
    }
  });

  it('gives the same metrics on the main thread and on 2 workers', async () => {
    const local = await run(imitating('dagger', { workers: 0 }));
    const sharded = await run(imitating('dagger', { workers: 2 }));
    expect(sharded.map(withoutVolatile)).toEqual(local.map(withoutVolatile));
  });

  it('resumes with its buffers and continues exactly', async () => {
    const config = imitating('dagger', { checkpointEvery: 2 });
    const whole = await run(config);
    const split = tempDir();
    await runExperiment({ config: smallConfig({ ...config, generations: 2 }), runDir: split, resume: false });
    expect(existsSync(join(split, 'checkpoints', 'gen-000002'))).toBe(true);
    await runExperiment({ config: smallConfig(config), runDir: split, resume: true });
    expect(new RunDir(split).readMetrics().map(withoutVolatile)).toEqual(whole.map(withoutVolatile));
  });
});
