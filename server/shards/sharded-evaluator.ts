/**
 * Spreads a generation's arenas over piscina worker threads (shards). Each shard task is a
 * contiguous block of arenas; a task whose worker throws, exits or hangs past the timeout is run
 * again on a fresh worker (bounded retries). Arena results depend only on their seeds, so a retry
 * gives exactly what the first attempt would have.
 */
import { Piscina } from 'piscina';
import type { Config } from '../config-schema.ts';
import { CoevoError } from '../errors.ts';
import type { Evaluator, EvaluatorReport } from '../evaluator.ts';
import type { ArenaResult, ArenaTask } from '../generation-plan.ts';
import { decodeResponse, encodeRequest, type EvaluateRequest, type EvaluateResponse, type ShardHealth, type ShardInit } from './messages.ts';

export class ShardedEvaluator implements Evaluator {
  /** The pool, exposed so that tests can kill a worker mid-generation. */
  readonly pool: Piscina<EvaluateRequest, EvaluateResponse>;
  private retries = 0;
  private health: ShardHealth[] = [];

  constructor(private readonly config: Config, private readonly log: (line: string) => void = () => {}) {
    const init: ShardInit = { config };
    this.pool = new Piscina({
      filename: new URL('./worker-entry.js', import.meta.url).href,
      minThreads: config.workers,
      maxThreads: config.workers,
      idleTimeout: Number.MAX_SAFE_INTEGER,
      workerData: init,
    });
  }

  async evaluate(tasks: ArenaTask[], genomes: Float32Array[]): Promise<ArenaResult[]> {
    const blocks = splitIntoBlocks(tasks, this.config.worldgen.arenasPerShard ?? Math.ceil(tasks.length / this.config.workers));
    const results = await Promise.all(blocks.map((block) => this.runBlock(block, genomes)));
    return results.flat();
  }

  private async runBlock(block: ArenaTask[], genomes: Float32Array[]): Promise<ArenaResult[]> {
    const { maxRetries, taskTimeoutSeconds } = this.config.shards;
    const arenas = `arenas ${block[0].index}-${block[block.length - 1].index}`;
    for (let attempt = 0; ; attempt++) {
      const { request, transfer } = encodeRequest(block, genomes);
      try {
        const response = await this.pool.run(request, { transferList: transfer, signal: AbortSignal.timeout(taskTimeoutSeconds * 1000) });
        this.health.push(response.health);
        return decodeResponse(response);
      } catch (error) {
        const reason = isTimeout(error) ? `no answer within ${taskTimeoutSeconds} s` : (error as Error).message;
        if (attempt >= maxRetries) {
          throw new CoevoError('SHARD_FAILED', `shard task for ${arenas} failed ${attempt + 1} times (last: ${reason}); stopping the run`);
        }
        this.retries++;
        this.log(`shard task for ${arenas} failed (${reason}); retrying on a fresh worker (attempt ${attempt + 2} of ${maxRetries + 1})`);
      }
    }
  }

  takeReport(): EvaluatorReport {
    const report = { retries: this.retries, shards: this.health };
    this.retries = 0;
    this.health = [];
    return report;
  }

  async close(): Promise<void> {
    await this.pool.destroy();
  }
}

function splitIntoBlocks(tasks: ArenaTask[], size: number): ArenaTask[][] {
  const blocks: ArenaTask[][] = [];
  for (let at = 0; at < tasks.length; at += size) blocks.push(tasks.slice(at, at + size));
  return blocks;
}

function isTimeout(error: unknown): boolean {
  return error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError' || /abort/i.test(error.message));
}
