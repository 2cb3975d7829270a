/**
 * The coordinator's side of distributed evaluation: a batch of matches (a generation's arenas,
 * CIAO games, tournament games) becomes BullMQ jobs of `worldgen.arenasPerShard` each on the Redis queue; `coevo worker`
 * processes anywhere take them, and the results come back through Redis. A job's end is noticed
 * from the queue's events and, as they can be missed (an event sent before the event reader
 * listens is gone), by looking at every pending job's state every `POLL_MS` too. Results
 * depend only on the jobs' contents (seeds, genomes, config), never on which worker played them,
 * so metrics match a local run. Learning (imitation) runs on the coordinator's own shards (its
 * --workers threads, started when a run first learns), or its main thread with --workers 0.
 *
 * Faults: a failing job is retried by BullMQ up to `shards.maxRetries` times; a worker that dies
 * mid-job leaves a stalled job that another worker picks up. If Redis stops answering for
 * `lostAfterSeconds`, every pending wait fails with REDIS_LOST: the run saves a checkpoint and
 * stops, to be resumed with --resume once Redis is back.
 */
import { randomUUID } from 'node:crypto';
import { Queue, QueueEvents } from 'bullmq';
import type { LearnerData, LearnerOutcome, TrainOptions } from '../../../agents/imitation/trainer.ts';
import type { Config } from '../../config/schema.ts';
import { CoevoError } from '../../errors.ts';
import { createEvaluator, type Evaluator, type EvaluatorFactory, type EvaluatorReport } from '../evaluator.ts';
import type { MlpShape } from '../../../agents/mlp.ts';
import type { MatchBatch, MatchResult } from '../match-task.ts';
import type { ShardHealth } from '../shards/messages.ts';
import type { RegionOutcome } from '../../../worlds/ecology/region.ts';
import { resultsFromJson, playJobData, type JobResult, type PlayJob } from './jobs.ts';
import { checkRedis, describe } from './redis-connection.ts';
import { connectionOptions, parseRedisUrl, type RedisTarget } from './redis-url.ts';
import { taskSize } from '../task-size.ts';

export const DEFAULT_QUEUE = 'coevo';
/** How often pending jobs' states are read, in case their events were missed. */
const POLL_MS = 2000;

export interface RedisEvaluatorOptions {
  redis: string;
  queue: string;
  /** Makes, when first needed, the evaluator that does what does not go over Redis (learning) on the coordinator. */
  local: () => Evaluator;
  log: (line: string) => void;
  /** Seconds without a working Redis connection before a run gives up (REDIS_LOST). */
  lostAfterSeconds?: number;
  /** Seconds jobs may wait with no worker listening before the coordinator says so (and again as often). */
  noWorkerWarningSeconds?: number;
}

/** An evaluator factory for runs and tournaments: jobs over Redis, learning on the coordinator's shards. */
export function redisEvaluatorFactory(redis: string, queue: string): EvaluatorFactory {
  return async (config, engine, log) => RedisEvaluator.connect(config, { redis, queue, local: () => createEvaluator(config, engine, log), log });
}

export class RedisEvaluator implements Evaluator {
  private readonly runId = randomUUID().slice(0, 8);
  private jobs = 0;
  private retries = 0;
  private health: ShardHealth[] = [];
  private readonly pending = new Set<(error: Error) => void>();
  /** Jobs this evaluator waits for, by id. */
  private readonly waiting = new Map<string, { resolve: (result: JobResult) => void; reject: (error: Error) => void }>();
  /** The coordinator's own evaluator for learning, made on first use. */
  private local: Evaluator | null = null;
  private downSince: number | null = null;
  private readonly watchdog: NodeJS.Timeout;
  private readonly poller: NodeJS.Timeout;
  private polling = false;
  /** When the coordinator last made sure some worker listens, while jobs wait. */
  private workersCheckedAt = Date.now();

  private constructor(
    private readonly config: Config,
    private readonly target: RedisTarget,
    private readonly queue: Queue,
    private readonly events: QueueEvents,
    private readonly o: RedisEvaluatorOptions,
  ) {
    const lostAfter = (o.lostAfterSeconds ?? 15) * 1000;
    this.watchdog = setInterval(() => void this.checkConnection(lostAfter), 1000);
    this.watchdog.unref();
    this.poller = setInterval(() => void this.pollAll(), POLL_MS);
    this.poller.unref();
    events.on('completed', ({ jobId }) => void this.check(jobId));
    events.on('failed', ({ jobId }) => void this.check(jobId));
  }

  /** Connects (REDIS_UNAVAILABLE if Redis does not answer) and says how many workers are listening. */
  static async connect(config: Config, o: RedisEvaluatorOptions): Promise<RedisEvaluator> {
    const target = parseRedisUrl(o.redis);
    await checkRedis(target);
    const connection = connectionOptions(target);
    const queue = new Queue(o.queue, { connection });
    const events = new QueueEvents(o.queue, { connection });
    // The watchdog reports a lost connection once; these would repeat it every reconnect attempt.
    queue.on('error', () => {});
    events.on('error', () => {});
    await Promise.all([queue.waitUntilReady(), events.waitUntilReady()]);
    const evaluator = new RedisEvaluator(config, target, queue, events, o);
    const workers = await queue.getWorkersCount();
    o.log(`redis: queue "${o.queue}" at ${target.display}; ${workers} worker process(es) listening${workers ? '' : ' (jobs wait until a coevo worker starts)'}`);
    return evaluator;
  }

  async play(batch: MatchBatch): Promise<MatchResult[]> {
    const size = taskSize(this.config.worldgen.arenasPerShard, batch.tasks.length, null);
    const jobs: PlayJob[] = [];
    for (let at = 0; at < batch.tasks.length; at += size) {
      jobs.push(playJobData(this.config, { ...batch, tasks: batch.tasks.slice(at, at + size) }));
    }
    const results = await this.runJobs(jobs);
    return results.flatMap((r) => resultsFromJson(r.results));
  }

  learn(shape: MlpShape, genomes: Float32Array[], data: LearnerData[], options: TrainOptions): Promise<LearnerOutcome[]> {
    this.local ??= this.o.local();
    return this.local.learn(shape, genomes, data, options);
  }

  stepRegions(): Promise<RegionOutcome[]> {
    throw new CoevoError('BAD_FLAG', 'the ecology does not run over Redis yet: drop --redis (its regions run in worker threads, --workers N)');
  }

  private async runJobs(jobs: PlayJob[]): Promise<JobResult[]> {
    if (this.waiting.size === 0) this.workersCheckedAt = Date.now();
    const added = await this.guard(
      this.queue.addBulk(
        jobs.map((data) => ({
          name: data.kind,
          data,
          opts: {
            jobId: `${this.runId}-${++this.jobs}`,
            attempts: this.config.shards.maxRetries + 1,
            removeOnComplete: { age: 600 },
            removeOnFail: { age: 24 * 3600 },
          },
        })),
      ),
    );
    const results = (await Promise.all(
      added.map((job) =>
        this.guard(this.finished(job.id!)).catch((error: unknown) => {
          if (error instanceof CoevoError) throw error;
          throw new CoevoError('SHARD_FAILED', `remote job ${job.id} failed (${describe(error)}); stopping the run`);
        }),
      ),
    ).finally(() => {
      // One failed job fails the batch: stop watching the others.
      for (const job of added) this.waiting.delete(job.id!);
    })) as JobResult[];
    for (const r of results) {
      this.retries += r.restarts;
      this.health.push(...r.health);
    }
    return results;
  }

  /** Settles when job `id` has completed (its result) or failed for good (its reason). */
  private finished(id: string): Promise<JobResult> {
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      void this.check(id);
    });
  }

  /** Reads job `id`'s state from Redis and settles its wait if it has ended. */
  private async check(id: string): Promise<void> {
    if (!this.waiting.has(id)) return;
    try {
      const state = await this.queue.getJobState(id);
      if (state !== 'completed' && state !== 'failed' && state !== 'unknown') return;
      const job = state === 'unknown' ? undefined : await this.queue.getJob(id);
      const waiter = this.waiting.get(id);
      if (!waiter) return; // another check settled it meanwhile
      this.waiting.delete(id);
      if (state === 'completed' && job) waiter.resolve(job.returnvalue as JobResult);
      else waiter.reject(new Error(job?.failedReason || `job ${id} is no longer on the queue (removed by someone else?)`));
    } catch {
      // Redis did not answer: the next poll asks again, and the watchdog reports a lost connection.
    }
  }

  private async pollAll(): Promise<void> {
    if (this.polling) return;
    this.polling = true;
    try {
      for (const id of [...this.waiting.keys()]) await this.check(id);
      await this.warnIfNoWorker();
    } finally {
      this.polling = false;
    }
  }

  /** Jobs wait for a worker as long as it takes; a coordinator that waits for none says so. */
  private async warnIfNoWorker(): Promise<void> {
    const every = (this.o.noWorkerWarningSeconds ?? 30) * 1000;
    if (this.waiting.size === 0 || Date.now() - this.workersCheckedAt < every) return;
    this.workersCheckedAt = Date.now();
    const workers = await this.queue.getWorkersCount().catch(() => null);
    if (workers === 0) {
      this.o.log(
        `redis: ${this.waiting.size} job(s) waiting on queue "${this.o.queue}" and no worker is listening; start one with: coevo worker --redis ${this.target.display} --queue ${this.o.queue}`,
      );
    }
  }

  /** Races a Redis operation against the loss of the connection. */
  private guard<T>(operation: Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.pending.add(reject);
      operation.then(resolve, reject).finally(() => this.pending.delete(reject));
    });
  }

  private async checkConnection(lostAfter: number): Promise<void> {
    const client = await this.queue.client;
    if (client.status === 'ready') {
      this.downSince = null;
      return;
    }
    this.downSince ??= Date.now();
    if (Date.now() - this.downSince < lostAfter || this.pending.size === 0) return;
    const error = new CoevoError('REDIS_LOST', `lost the connection to Redis at ${this.target.display} (no answer for ${lostAfter / 1000} s); resume with --resume once Redis is back`);
    for (const reject of [...this.pending]) reject(error);
    this.pending.clear();
    this.waiting.clear();
  }

  takeReport(): EvaluatorReport {
    const local = this.local?.takeReport() ?? { retries: 0, shards: [] };
    const report = { retries: this.retries + local.retries, shards: [...this.health, ...local.shards] };
    this.retries = 0;
    this.health = [];
    return report;
  }

  async close(): Promise<void> {
    clearInterval(this.watchdog);
    clearInterval(this.poller);
    // Closing must not hang on a Redis that is gone.
    const quit = Promise.allSettled([this.queue.close(), this.events.close()]);
    await Promise.race([quit, new Promise((resolve) => setTimeout(resolve, 2000).unref())]);
    await this.local?.close();
  }
}
