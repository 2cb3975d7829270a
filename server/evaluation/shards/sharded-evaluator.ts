/**
 * Spreads a batch of matches, and a generation's learners, over piscina worker threads (shards).
 * Each shard task is a contiguous block of `worldgen.arenasPerShard` matches; a task whose worker
 * throws, exits or hangs past the timeout is run again on a fresh worker (bounded retries). Match
 * results depend only on their seeds and a learner's training only on its own data and seed, so a
 * retry gives exactly what the first attempt would have.
 */
import { Piscina } from 'piscina';
import type { Config } from '../../config/schema.ts';
import { CoevoError } from '../../errors.ts';
import type { Evaluator, EvaluatorReport } from '../evaluator.ts';
import type { LearnerData, LearnerOutcome, TrainOptions } from '../../../agents/imitation/trainer.ts';
import type { MlpShape } from '../../../agents/mlp.ts';
import { decodeLearnResponse, encodeLearnRequest, encodePlayRequest, type LearnResponse, type PlayResponse, type RegionResponse, type ShardInit, type ShardRequest } from './messages.ts';
import type { RegionOutcome, RegionWindow } from '../../../worlds/ecology/region.ts';
import { regionBuffers } from '../../ecology/step-regions.ts';
import type { MatchBatch, MatchResult, MatchTask } from '../match-task.ts';
import { decodeResults } from '../wire.ts';
import { taskSize } from '../task-size.ts';

export class ShardedEvaluator implements Evaluator {
  /** The pool, exposed so that tests can kill a worker mid-generation. */
  readonly pool: Piscina<ShardRequest, LearnResponse | PlayResponse | RegionResponse>;
  /** What takeReport hands over; callers sharing the pool (coevo worker's jobs) pass their own. */
  private report: EvaluatorReport = { retries: 0, shards: [] };

  constructor(
    private readonly config: Config,
    private readonly log: (line: string) => void = () => {},
  ) {
    const init: ShardInit = { config };
    this.pool = new Piscina({
      filename: new URL('./worker-entry.js', import.meta.url).href,
      minThreads: config.workers,
      maxThreads: config.workers,
      idleTimeout: Number.MAX_SAFE_INTEGER,
      workerData: init,
    });
  }

  async play(batch: MatchBatch, report = this.report): Promise<MatchResult[]> {
    const size = taskSize(this.config.worldgen.arenasPerShard, batch.tasks.length, this.config.workers);
    const blocks: MatchTask[][] = [];
    for (let at = 0; at < batch.tasks.length; at += size) blocks.push(batch.tasks.slice(at, at + size));
    const results = await Promise.all(
      blocks.map(async (tasks) => {
        const response = await this.runWithRetries(`matches ${tasks[0].index}-${tasks[tasks.length - 1].index}`, report, () => encodePlayRequest({ ...batch, tasks }));
        return decodeResults((response as PlayResponse).results);
      }),
    );
    return results.flat();
  }

  async learn(shape: MlpShape, genomes: Float32Array[], data: LearnerData[], options: TrainOptions): Promise<LearnerOutcome[]> {
    const size = Math.ceil(genomes.length / this.config.workers);
    const starts = Array.from({ length: Math.ceil(genomes.length / size) }, (_, b) => b * size);
    const results = await Promise.all(
      starts.map(async (start) => {
        const end = Math.min(start + size, genomes.length);
        const response = await this.runWithRetries(`learners ${start}-${end - 1}`, this.report, () => encodeLearnRequest(shape, genomes.slice(start, end), data.slice(start, end), options));
        return decodeLearnResponse(response as LearnResponse);
      }),
    );
    return results.flat();
  }

  /**
   * One task per region, the most crowded first (piscina takes tasks in order, so the longest go
   * out first and the threads finish closer together). A retry sends a copy: the first attempt's
   * buffers went with it. Outcomes come back in the windows' order.
   */
  async stepRegions(windows: RegionWindow[]): Promise<RegionOutcome[]> {
    const order = windows.map((_, i) => i).sort((a, b) => windows[b].ids.length - windows[a].ids.length || a - b);
    const outcomes = new Array<RegionOutcome>(windows.length);
    await Promise.all(
      order.map(async (i) => {
        const window = windows[i];
        const response = await this.runWithRetries(`region ${window.region}`, this.report, () => {
          const copy = structuredClone(window);
          return { request: { kind: 'region', window: copy }, transfer: regionBuffers(copy) };
        });
        outcomes[i] = (response as RegionResponse).outcome;
      }),
    );
    return outcomes;
  }

  /** Runs one shard task; a worker that throws, exits or hangs costs a retry on a fresh worker. */
  private async runWithRetries(what: string, report: EvaluatorReport, encode: () => { request: ShardRequest; transfer: ArrayBuffer[] }) {
    const { maxRetries, taskTimeoutSeconds } = this.config.shards;
    for (let attempt = 0; ; attempt++) {
      const { request, transfer } = encode(); // anew each attempt: a failed attempt's buffers went with it
      try {
        const response = await this.pool.run(request, { transferList: transfer, signal: AbortSignal.timeout(taskTimeoutSeconds * 1000) });
        report.shards.push(response.health);
        return response;
      } catch (error) {
        const reason = isTimeout(error) ? `no answer within ${taskTimeoutSeconds} s` : (error as Error).message;
        if (attempt >= maxRetries) {
          throw new CoevoError('SHARD_FAILED', `shard task for ${what} failed ${attempt + 1} times (last: ${reason}); stopping the run`);
        }
        report.retries++;
        this.log(`shard task for ${what} failed (${reason}); retrying on a fresh worker (attempt ${attempt + 2} of ${maxRetries + 1})`);
      }
    }
  }

  takeReport(): EvaluatorReport {
    const report = this.report;
    this.report = { retries: 0, shards: [] };
    return report;
  }

  async close(): Promise<void> {
    await this.pool.destroy();
  }
}

function isTimeout(error: unknown): boolean {
  return error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError' || /abort/i.test(error.message));
}
