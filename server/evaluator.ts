/**
 * Evaluates a generation's arena tasks. The local evaluator runs them on the calling thread;
 * the sharded one (server/shards/) spreads them over worker threads. Both return the same
 * results for the same tasks, because everything random in an arena comes from its seed.
 */
import type { MlpShape } from '../agents/mlp.ts';
import type { Rapier } from '../worlds/rapier.ts';
import type { Scenario } from '../worlds/scenario.ts';
import { evaluateArenas } from './evaluate-arenas.ts';
import type { ArenaResult, ArenaTask } from './generation-plan.ts';

export interface Evaluator {
  evaluate(tasks: ArenaTask[], genomes: Float32Array[]): Promise<ArenaResult[]>;
  close(): Promise<void>;
}

export class LocalEvaluator implements Evaluator {
  constructor(private readonly rapier: Rapier, private readonly scenario: Scenario, private readonly shape: MlpShape) {}

  async evaluate(tasks: ArenaTask[], genomes: Float32Array[]): Promise<ArenaResult[]> {
    return evaluateArenas(this.rapier, this.scenario, this.shape, tasks, genomes);
  }

  async close(): Promise<void> {}
}
