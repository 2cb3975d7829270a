/**
 * Evaluates a generation's arena tasks. The local evaluator plays them on the calling thread;
 * the sharded one (server/shards/) spreads them over worker threads. Both return the same
 * results for the same tasks, because everything random in an arena comes from its seed.
 */
import type { Config } from './config-schema.ts';
import { evaluateArenas } from './evaluate-arenas.ts';
import type { ArenaResult, ArenaTask } from './generation-plan.ts';
import type { World } from './setup.ts';
import type { ShardHealth } from './shards/messages.ts';
import { ShardedEvaluator } from './shards/sharded-evaluator.ts';

export interface Evaluator {
  evaluate(tasks: ArenaTask[], genomes: Float32Array[]): Promise<ArenaResult[]>;
  /** What happened since the last report: shard retries, and each shard's memory gauges. */
  takeReport(): EvaluatorReport;
  close(): Promise<void>;
}

export interface EvaluatorReport {
  retries: number;
  shards: ShardHealth[];
}

export class LocalEvaluator implements Evaluator {
  constructor(private readonly world: World) {}

  async evaluate(tasks: ArenaTask[], genomes: Float32Array[]): Promise<ArenaResult[]> {
    return evaluateArenas(this.world, tasks, genomes);
  }

  takeReport(): EvaluatorReport {
    const usage = process.memoryUsage();
    return { retries: 0, shards: [{ heapUsedBytes: usage.heapUsed, externalBytes: usage.external, tensors: this.world.tf.memory().numTensors }] };
  }

  async close(): Promise<void> {}
}

/** Worker threads when config.workers > 0, else the calling thread. */
export function createEvaluator(config: Config, world: World, log: (line: string) => void): Evaluator {
  return config.workers > 0 ? new ShardedEvaluator(config, log) : new LocalEvaluator(world);
}
