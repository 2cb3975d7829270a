import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../server/config/resolve.ts';
import { CoevoError } from '../server/errors.ts';
import { AUTO_MAX_ARENAS, taskSize } from '../server/evaluation/task-size.ts';

describe('shard task size (worldgen.arenasPerShard)', () => {
  it('is "auto" by default, and gives the default forage run (8 arenas) a task for every worker and more', () => {
    const config = resolveConfig({ workers: 2 });
    expect(config.worldgen.arenasPerShard).toBe('auto');
    const arenas = config.evolution.populationSize / config.worlds.forage.agentsPerArena;
    const size = taskSize(config.worldgen.arenasPerShard, arenas, config.workers);
    expect(Math.ceil(arenas / size)).toBeGreaterThanOrEqual(2 * config.workers);
  });

  it('"auto" gives each worker 8 tasks until tasks reach 8 arenas, and Redis jobs 8 arenas', () => {
    expect(taskSize('auto', 32, 2)).toBe(2);
    expect(taskSize('auto', 32, 1)).toBe(4);
    expect(taskSize('auto', 3, 2)).toBe(1);
    expect(taskSize('auto', 1250, 2)).toBe(AUTO_MAX_ARENAS);
    expect(taskSize('auto', 1250, null)).toBe(AUTO_MAX_ARENAS);
  });

  it('takes a number as it is, and splits evenly for null', () => {
    expect(taskSize(8, 8, 2)).toBe(8);
    expect(taskSize(null, 32, 2)).toBe(16);
    expect(taskSize(null, 32, null)).toBe(8);
  });

  it('refuses anything else, naming the key', () => {
    for (const bad of ['big', 0, 1.5]) {
      let error: unknown;
      try {
        resolveConfig({ worldgen: { arenasPerShard: bad } });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(CoevoError);
      expect((error as CoevoError).code).toBe('BAD_CONFIG');
      expect((error as CoevoError).message).toMatch(/worldgen\.arenasPerShard/);
    }
  });
});
