/**
 * Where a run's work is done: batches of matches are played and learners are trained on the
 * calling thread (workers: 0), in the shard pool (server/evaluation/shards/), or over Redis
 * (server/evaluation/distributed/). All return the same results for the same work, because
 * everything random in a match comes from its seed and a learner's training from its own seed.
 */
import { trainWith, type LearnerData, type LearnerOutcome, type TrainOptions } from '../../agents/imitation/trainer.ts';
import type { MlpShape } from '../../agents/mlp.ts';
import type { Config } from '../config/schema.ts';
import type { Engine } from './engine.ts';
import type { MatchBatch, MatchResult } from './match-task.ts';
import { playMatches } from './play.ts';
import { measureHealth, type ShardHealth } from './shards/messages.ts';
import { ShardedEvaluator } from './shards/sharded-evaluator.ts';
import type { RegionOutcome, RegionWindow } from '../../worlds/ecology/region.ts';
import { regionStepper } from '../ecology/step-regions.ts';

export interface Evaluator {
  /** Plays a batch of matches (a generation, a CIAO report, tournament games); see play.ts. */
  play(batch: MatchBatch): Promise<MatchResult[]>;
  /** Behaviour cloning: each learner (a network of `shape`) trained on its own data (agents/imitation/trainer.ts). */
  learn(shape: MlpShape, genomes: Float32Array[], data: LearnerData[], options: TrainOptions): Promise<LearnerOutcome[]>;
  /** Steps ecology regions for a window each (worlds/ecology/region.ts); outcomes in the windows' order. */
  stepRegions(windows: RegionWindow[]): Promise<RegionOutcome[]>;
  /** What happened since the last report: shard retries, and each shard's memory gauges. */
  takeReport(): EvaluatorReport;
  close(): Promise<void>;
}

export interface EvaluatorReport {
  retries: number;
  shards: ShardHealth[];
}

export class LocalEvaluator implements Evaluator {
  private stepRegion: ((window: RegionWindow) => RegionOutcome) | null = null;

  constructor(
    private readonly engine: Engine,
    private readonly config?: Config,
  ) {}

  async stepRegions(windows: RegionWindow[]): Promise<RegionOutcome[]> {
    if (!this.config) throw new Error('LocalEvaluator: stepping ecology regions needs the run config');
    this.stepRegion ??= regionStepper(this.engine, this.config);
    return windows.map(this.stepRegion);
  }

  async play(batch: MatchBatch): Promise<MatchResult[]> {
    return playMatches(this.engine, batch);
  }

  async learn(shape: MlpShape, genomes: Float32Array[], data: LearnerData[], options: TrainOptions): Promise<LearnerOutcome[]> {
    return trainWith(this.engine.training, this.engine.tf, shape, genomes, data, options);
  }

  takeReport(): EvaluatorReport {
    return { retries: 0, shards: [measureHealth(this.engine.tf)] };
  }

  async close(): Promise<void> {}
}

export type EvaluatorFactory = (config: Config, engine: Engine, log: (line: string) => void) => Evaluator | Promise<Evaluator>;

/** Worker threads when config.workers > 0, else the calling thread. */
export function createEvaluator(config: Config, engine: Engine, log: (line: string) => void): Evaluator {
  return config.workers > 0 ? new ShardedEvaluator(config, log) : new LocalEvaluator(engine, config);
}
