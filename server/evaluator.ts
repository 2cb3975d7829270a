/**
 * Evaluates a generation's arena tasks. The local evaluator runs them on the calling thread;
 * the sharded one (server/shards/) spreads them over worker threads. Both return the same
 * results for the same tasks, because everything random in an arena comes from its seed.
 */
import { evaluateArenas } from './evaluate-arenas.ts';
import type { ArenaResult, ArenaTask } from './generation-plan.ts';
import type { World } from './setup.ts';

export interface Evaluator {
  evaluate(tasks: ArenaTask[], genomes: Float32Array[]): Promise<ArenaResult[]>;
  close(): Promise<void>;
}

export class LocalEvaluator implements Evaluator {
  constructor(private readonly world: World) {}

  async evaluate(tasks: ArenaTask[], genomes: Float32Array[]): Promise<ArenaResult[]> {
    return evaluateArenas(this.world, tasks, genomes);
  }

  async close(): Promise<void> {}
}
