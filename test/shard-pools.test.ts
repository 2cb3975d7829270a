import { describe, expect, it } from 'vitest';
import { initGenome } from '../agents/mlp.ts';
import { Rng } from '../agents/rng.ts';
import { ShardPools } from '../server/evaluation/distributed/shard-pools.ts';
import type { Config } from '../server/config/schema.ts';
import { planRun } from '../server/run/populations.ts';
import type { ShardedEvaluator } from '../server/evaluation/shards/sharded-evaluator.ts';
import { generationBatch, smallConfig } from './helpers.ts';

async function playOneArena(config: Config, pool: ShardedEvaluator) {
  const { shape } = planRun(config).populations[0];
  const rng = new Rng(1);
  const genomes = Array.from({ length: 8 }, () => initGenome(shape, rng));
  const report = { retries: 0, shards: [] };
  const results = await pool.play(generationBatch(config, genomes), report);
  return { results, report };
}

describe("a coevo worker's shard pools", () => {
  it('keep a dropped pool open until the job playing on it ends, and give each job its own report', async () => {
    const pools = new ShardPools(1, () => {});
    const a = smallConfig({ workers: 1 });
    const b = smallConfig({ workers: 1, seed: 4 });
    let first: ShardedEvaluator | null = null;
    try {
      await pools.with(a, async (poolA) => {
        first = poolA;
        // A second config past the bound drops pool A while this job still holds it.
        await pools.with(b, async (poolB) => {
          expect(poolB).not.toBe(poolA);
          const { report } = await playOneArena(b, poolB);
          expect(report.shards).toHaveLength(1);
        });
        const { results, report } = await playOneArena(a, poolA);
        expect(results).toHaveLength(1);
        expect(report.shards).toHaveLength(1);
        expect(poolA.pool.threads.length).toBe(1);
      });
      // Released: the dropped pool is closed now.
      expect(first!.pool.threads.length).toBe(0);
      // The same config again gets a fresh pool.
      await pools.with(a, async (again) => expect(again).not.toBe(first));
    } finally {
      await pools.close();
    }
  });
});
