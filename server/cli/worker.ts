/** `coevo worker`: take evaluation jobs from a Redis queue and play them on this machine's cores. */
import { availableParallelism } from 'node:os';
import { Command } from 'commander';
import { DEFAULT_QUEUE } from '../evaluation/distributed/redis-evaluator.ts';
import { startRemoteWorker } from '../evaluation/distributed/remote-worker.ts';
import { positiveInteger } from './parse.ts';

interface WorkerFlags {
  redis: string;
  queue: string;
  workers?: number;
  concurrency: number;
  quiet?: boolean;
}

export function workerCommand(): Command {
  return new Command('worker')
    .description('play evaluation jobs from a Redis queue (for coevo run --redis and coevo tournament --redis); stops on SIGINT/SIGTERM')
    .requiredOption('--redis <url>', 'redis://[user:password@]HOST:PORT[/db] (rediss:// for TLS); the password is never printed')
    .option('--queue <name>', "queue name, the same as the coordinator's", DEFAULT_QUEUE)
    .option('--workers <n>', 'shard threads on this machine (default: one per core)', positiveInteger)
    .option('--concurrency <n>', 'jobs played at once (more than 1 keeps the shards busy while results travel)', positiveInteger, 2)
    .option('--quiet', 'no line per job')
    .action(async (flags: WorkerFlags) => {
      const worker = await startRemoteWorker({
        redis: flags.redis,
        queue: flags.queue,
        workers: flags.workers ?? availableParallelism(),
        concurrency: flags.concurrency,
        log: flags.quiet ? () => {} : (line) => console.log(line),
      });
      await new Promise<void>((resolve) => {
        const stop = () => resolve();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      console.log('coevo worker: finishing the jobs in hand, then stopping');
      await worker.close();
    });
}
