import { describe, expect, it } from 'vitest';
import { RunDir } from '../server/run/run-dir.ts';
import { runExperiment } from '../server/run/run.ts';
import { smallConfig, tempDir, withoutVolatile } from './helpers.ts';

async function metricsWith(overrides: Record<string, unknown>) {
  const runDir = tempDir();
  await runExperiment({ config: smallConfig({ generations: 3, ...overrides }), runDir, resume: false });
  return new RunDir(runDir).readMetrics();
}

describe('sharding across worker threads', () => {
  it('gives the same metrics with 1 and 2 workers, and on the main thread', async () => {
    const mainThread = await metricsWith({ workers: 0 });
    const oneWorker = await metricsWith({ workers: 1 });
    const twoWorkers = await metricsWith({ workers: 2, worldgen: { arenasPerShard: 1 } });
    expect(oneWorker.map(withoutVolatile)).toEqual(mainThread.map(withoutVolatile));
    expect(twoWorkers.map(withoutVolatile)).toEqual(mainThread.map(withoutVolatile));
    expect(twoWorkers.every((row) => row.shardRetries === 0)).toBe(true);
  });

  it('gives the same metrics with the island model at any worker count', async () => {
    const islands = { evolution: { populationSize: 32, islands: { count: 2, migrationInterval: 1, migrants: 1 } } };
    const local = await metricsWith({ ...islands, workers: 0 });
    const sharded = await metricsWith({ ...islands, workers: 2 });
    expect(sharded.map(withoutVolatile)).toEqual(local.map(withoutVolatile));
  });
});
