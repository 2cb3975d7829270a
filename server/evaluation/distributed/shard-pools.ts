/**
 * The shard pools of a `coevo worker`, one per distinct run config, the least recently used
 * dropped past a bound. A job holds its pool until it ends: with `--concurrency` above 1, a pool
 * dropped while another job still plays on it is closed only when that job lets it go.
 */
import type { Config } from '../../config/schema.ts';
import { ShardedEvaluator } from '../shards/sharded-evaluator.ts';

interface Entry {
  pool: ShardedEvaluator;
  users: number;
  dropped: boolean;
}

export class ShardPools {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly max: number,
    private readonly log: (line: string) => void,
  ) {}

  /** Runs `use` on the pool for `config`, creating it if needed. */
  async with<T>(config: Config, use: (pool: ShardedEvaluator) => Promise<T>): Promise<T> {
    const key = JSON.stringify(config);
    let entry = this.entries.get(key);
    if (entry) {
      this.entries.delete(key); // re-inserted below: Map order is the recency order
    } else {
      entry = { pool: new ShardedEvaluator(config, this.log), users: 0, dropped: false };
    }
    this.entries.set(key, entry);
    entry.users++;
    const closing: Promise<void>[] = [];
    for (const [oldKey, old] of this.entries) {
      if (this.entries.size <= this.max) break;
      this.entries.delete(oldKey);
      old.dropped = true;
      if (old.users === 0) closing.push(old.pool.close());
    }
    await Promise.all(closing);
    try {
      return await use(entry.pool);
    } finally {
      entry.users--;
      if (entry.dropped && entry.users === 0) await entry.pool.close();
    }
  }

  async close(): Promise<void> {
    await Promise.all([...this.entries.values()].map((e) => e.pool.close()));
    this.entries.clear();
  }
}
