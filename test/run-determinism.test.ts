import { describe, expect, it } from 'vitest';
import { RunDir } from '../server/run/run-dir.ts';
import { runExperiment } from '../server/run/run.ts';
import { smallConfig, tempDir, withoutVolatile } from './helpers.ts';

async function metricsOf(overrides: Record<string, unknown> = {}) {
  const runDir = tempDir();
  await runExperiment({ config: smallConfig({ generations: 3, ...overrides }), runDir, resume: false });
  return new RunDir(runDir).readMetrics().map(withoutVolatile);
}

describe('reproducibility', () => {
  it('gives identical metrics for the same seed and config', async () => {
    const first = await metricsOf();
    const second = await metricsOf();
    expect(first).toHaveLength(3);
    expect(second).toEqual(first);
  });

  it('gives different metrics for a different seed', async () => {
    expect(await metricsOf({ seed: 99 })).not.toEqual(await metricsOf());
  });
});
