/**
 * Evaluates a generation's arena tasks and trains its learners. The local evaluator works on the calling thread;
 * the sharded one (server/shards/) spreads them over worker threads. Both return the same
 * results for the same tasks, because everything random in an arena comes from its seed.
 */
import type { Config } from '../config/schema.ts';
import { trainLearners, type LearnerData, type LearnerOutcome, type TrainOptions } from '../../agents/imitation/trainer.ts';
import { evaluateArenas, type RecordOptions } from './evaluate-arenas.ts';
import type { ArenaResult, ArenaTask } from './generation-plan.ts';
import type { Engine, World } from './engine.ts';
import type { MatchBatch, MatchResult } from './match-task.ts';
import { playMatches } from './play.ts';
import { measureHealth, type ShardHealth } from './shards/messages.ts';
import { ShardedEvaluator } from './shards/sharded-evaluator.ts';

export interface Evaluator {
  evaluate(tasks: ArenaTask[], genomes: Float32Array[], record?: RecordOptions): Promise<ArenaResult[]>;
  /** Plays matches of a match world (sumo, pursuit); see server/matches/. */
  play(batch: MatchBatch): Promise<MatchResult[]>;
  /** Behaviour cloning: each learner trained on its own data (see agents/imitation/trainer.ts). */
  learn(genomes: Float32Array[], data: LearnerData[], options: TrainOptions, observationSize: number): Promise<LearnerOutcome[]>;
  /** What happened since the last report: shard retries, and each shard's memory gauges. */
  takeReport(): EvaluatorReport;
  close(): Promise<void>;
}

export interface EvaluatorReport {
  retries: number;
  shards: ShardHealth[];
}

export class LocalEvaluator implements Evaluator {
  /** A World for single-role work, or just an Engine for matches. */
  constructor(private readonly world: World | Engine) {}

  async evaluate(tasks: ArenaTask[], genomes: Float32Array[], record?: RecordOptions): Promise<ArenaResult[]> {
    return evaluateArenas(this.singleRole(), tasks, genomes, record);
  }

  async play(batch: MatchBatch): Promise<MatchResult[]> {
    return playMatches(this.world, batch);
  }

  async learn(genomes: Float32Array[], data: LearnerData[], options: TrainOptions): Promise<LearnerOutcome[]> {
    const world = this.singleRole();
    return trainLearners(world.tf, world.shape, genomes, data, options);
  }

  takeReport(): EvaluatorReport {
    return { retries: 0, shards: [measureHealth(this.world.tf)] };
  }

  private singleRole(): World {
    if (!('scenario' in this.world)) throw new Error('LocalEvaluator: this evaluator plays matches only');
    return this.world;
  }

  async close(): Promise<void> {}
}

export type EvaluatorFactory = (config: Config, world: World | Engine, log: (line: string) => void) => Evaluator | Promise<Evaluator>;

/** Worker threads when config.workers > 0, else the calling thread. */
export function createEvaluator(config: Config, world: World | Engine, log: (line: string) => void): Evaluator {
  return config.workers > 0 ? new ShardedEvaluator(config, log) : new LocalEvaluator(world);
}
