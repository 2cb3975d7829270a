import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Config } from '../server/config/schema.ts';
import type { Evaluator } from '../server/evaluation/evaluator.ts';
import { RunDir } from '../server/run/run-dir.ts';
import { runExperiment } from '../server/run/run.ts';
import { ShardedEvaluator } from '../server/evaluation/shards/sharded-evaluator.ts';
import { generationBatch, smallConfig, tempDir, withoutVolatile } from './helpers.ts';

const disturbedConfig = smallConfig({ generations: 3, workers: 2, worldgen: { arenasPerShard: 1 }, worlds: { forage: { episodeSeconds: 6 } } });

/**
 * A sharded evaluator that terminates a worker while generation `killAt` is being played. A
 * worker between tasks holds nothing to replay, so it terminates the generation's workers one
 * every few milliseconds until a task has failed and been retried. Only workers that were ready
 * when the generation began: piscina stops replacing workers once one dies while starting.
 */
function killingEvaluator(killAt: number) {
  return (config: Config, _world: unknown, log: (line: string) => void): Evaluator => {
    let retried = false;
    const inner = new ShardedEvaluator(config, (line) => {
      if (/retrying/.test(line)) retried = true;
      log(line);
    });
    let generation = 0;
    return {
      play: async (batch) => {
        let settled = false;
        const running = inner.play(batch).finally(() => {
          settled = true;
        });
        if (generation++ === killAt) {
          const ready = [...inner.pool.threads];
          while (!settled && !retried && ready.length > 0) {
            await new Promise((resolve) => setTimeout(resolve, 25));
            if (!settled && !retried) await ready.shift()!.terminate();
          }
        }
        return running;
      },
      learn: (...args) => inner.learn(...args),
      stepRegions: (windows) => inner.stepRegions(windows),
      takeReport: () => inner.takeReport(),
      close: () => inner.close(),
    };
  };
}

describe('shard faults', () => {
  it('replays the arenas of a worker killed mid-generation and ends with the same metrics', async () => {
    const undisturbed = tempDir();
    await runExperiment({ config: disturbedConfig, runDir: undisturbed, resume: false });
    const disturbed = tempDir();
    const logged: string[] = [];
    await runExperiment({ config: disturbedConfig, runDir: disturbed, resume: false, evaluator: killingEvaluator(1), log: (line) => logged.push(line) });

    const rows = new RunDir(disturbed).readMetrics();
    expect(rows[1].shardRetries).toBeGreaterThanOrEqual(1);
    expect(logged.some((line) => /shard task for matches \d+-\d+ failed .*retrying on a fresh worker/.test(line))).toBe(true);
    expect(rows.map(withoutVolatile)).toEqual(new RunDir(undisturbed).readMetrics().map(withoutVolatile));
  });

  it('stops the run with SHARD_FAILED after bounded retries of a hung task, saving a checkpoint first', async () => {
    const runDir = tempDir();
    const hanging = smallConfig({ generations: 3, workers: 1, shards: { taskTimeoutSeconds: 0.01, maxRetries: 1 } });
    await expect(runExperiment({ config: hanging, runDir, resume: false })).rejects.toMatchObject({
      code: 'SHARD_FAILED',
      message: expect.stringMatching(/failed 2 times \(last: no answer within 0\.01 s\)/),
    });
    expect(existsSync(join(runDir, 'checkpoints', 'gen-000000', 'state.msgpack'))).toBe(true);
  });

  it('retries a task that throws in the worker, then reports it', async () => {
    const evaluator = new ShardedEvaluator(smallConfig({ workers: 1, shards: { maxRetries: 2 } }));
    try {
      const tooShort = Array.from({ length: 8 }, () => new Float32Array(3)); // not the network's size: the shard throws
      await expect(evaluator.play(generationBatch(smallConfig(), tooShort))).rejects.toMatchObject({
        code: 'SHARD_FAILED',
        message: expect.stringMatching(/matches 0-0 failed 3 times/),
      });
      expect(evaluator.takeReport().retries).toBe(2);
    } finally {
      await evaluator.close();
    }
  });
});
