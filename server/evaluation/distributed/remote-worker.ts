/**
 * `coevo worker`: a process that takes evaluation jobs from the Redis queue (BullMQ) and plays
 * them on its own shards (piscina worker threads), so the event loop stays free to renew job
 * locks. Shard pools are kept per distinct run config (shard-pools.ts). A job is validated before anything runs;
 * a malformed one fails at once (BullMQ's UnrecoverableError: no retries) with a message naming
 * the field, and the worker carries on. If this process dies mid-job, the job's lock expires and
 * another worker's stalled-job check puts it back on the queue.
 */
import { UnrecoverableError, Worker, type Job } from 'bullmq';
import { resolveConfig } from '../../config/resolve.ts';
import type { Config } from '../../config/schema.ts';
import { CoevoError } from '../../errors.ts';
import type { EvaluatorReport } from '../evaluator.ts';
import { ShardPools } from './shard-pools.ts';
import { parseJob, resultsToJson, type JobResult } from './jobs.ts';
import { checkRedis, describe } from './redis-connection.ts';
import { connectionOptions, parseRedisUrl } from './redis-url.ts';

/** How long a job's lock lasts without renewal, and how often workers look for stalled jobs. */
export const LOCK_MS = 10_000;
export const STALLED_CHECK_MS = 5_000;
/** Times a job may stall (its worker died) before it fails for good. */
export const MAX_STALLED = 3;
/** Distinct run configs a worker keeps shard pools for. */
const POOLS = 2;

export interface RemoteWorkerOptions {
  redis: string;
  queue: string;
  /** Shard threads of this process. */
  workers: number;
  /** Jobs this process plays at once. */
  concurrency: number;
  log: (line: string) => void;
}

export interface RemoteWorker {
  close(): Promise<void>;
}

export async function startRemoteWorker(o: RemoteWorkerOptions): Promise<RemoteWorker> {
  const target = parseRedisUrl(o.redis);
  await checkRedis(target);
  const pools = new ShardPools(POOLS, o.log);
  const handleJob = async (job: Job): Promise<JobResult> => {
    const parsed = parseJob(job.data);
    if ('error' in parsed) throw new UnrecoverableError(`malformed job ${job.id}: ${parsed.error}`);
    let config: Config;
    try {
      config = resolveConfig(parsed.config, { workers: o.workers }, `job ${job.id} config`);
    } catch (error) {
      throw new UnrecoverableError(`malformed job ${job.id}: ${error instanceof CoevoError ? error.message : describe(error)}`);
    }
    const { batch } = parsed;
    const what = `${parsed.matches} matches`;
    const started = performance.now();
    const restarts = Math.max(0, job.attemptsStarted - 1);
    o.log(`job ${job.id}: started (${what})`);
    // This job's own report: other jobs may play on the same pool at the same time.
    const report: EvaluatorReport = { retries: 0, shards: [] };
    const results = await pools.with(config, async (pool) =>
      resultsToJson(
        await pool.play(batch, report),
        batch.tasks[0].seats.map((role) => role.length),
      ),
    );
    const result: JobResult = { results, health: report.shards, restarts: restarts + report.retries };
    o.log(`job ${job.id}: ${what} in ${((performance.now() - started) / 1000).toFixed(2)} s${restarts ? ` (restart ${restarts})` : ''}`);
    return result;
  };
  const worker = new Worker(o.queue, handleJob, {
    connection: connectionOptions(target),
    concurrency: o.concurrency,
    lockDuration: LOCK_MS,
    stalledInterval: STALLED_CHECK_MS,
    maxStalledCount: MAX_STALLED,
  });
  worker.on('failed', (job, error) => o.log(`job ${job?.id ?? '?'} failed: ${describe(error)}`));
  worker.on('error', (error) => o.log(`redis: ${describe(error)}`));
  await worker.waitUntilReady();
  o.log(`coevo worker: taking jobs from queue "${o.queue}" at ${target.display} with ${o.workers} shard threads, ${o.concurrency} job(s) at a time`);
  return {
    async close() {
      await worker.close();
      await pools.close();
    },
  };
}
