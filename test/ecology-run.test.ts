import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Config } from '../server/config/schema.ts';
import { runEcology } from '../server/ecology/run-ecology.ts';
import type { Evaluator } from '../server/evaluation/evaluator.ts';
import { ShardedEvaluator } from '../server/evaluation/shards/sharded-evaluator.ts';
import { RunDir } from '../server/run/run-dir.ts';
import { ecologyConfig } from './ecology-helpers.ts';
import { tempDir } from './helpers.ts';

const BIN = join(import.meta.dirname, '..', 'bin', 'coevo.js');

/** An ecology's metrics rows without their wall-clock `timing`. */
async function rowsOf(config: Config, evaluator?: (config: Config) => Evaluator) {
  const runDir = tempDir();
  await runEcology({ config, runDir, resume: false, ...(evaluator ? { evaluator } : {}) });
  return { runDir, rows: new RunDir(runDir).readMetrics().map(({ timing: _timing, ...rest }) => rest) };
}

describe('ecology runs', () => {
  it('gives the same world on 0, 1 and 2 workers', async () => {
    const config = ecologyConfig({ regionsX: 2, regionsZ: 2, borderMargin: 6 });
    const { rows } = await rowsOf(config);
    expect(rows).toHaveLength(3);
    expect(rows.map((r) => r.report)).toEqual([0, 1, 2]);
    expect(rows.some((r) => (r.births as number) > 0 && (r.eaten as number) > 0)).toBe(true);
    expect(rows.some((r) => (r.imitation as { events: number }).events > 0)).toBe(true);
    for (const workers of [1, 2]) expect((await rowsOf({ ...config, workers })).rows).toEqual(rows);
  });

  it("times the region tasks within the stepping: each row's taskSeconds lies inside regionSeconds on the main thread", async () => {
    const runDir = tempDir();
    await runEcology({ config: ecologyConfig({ regionsX: 2, regionsZ: 2, borderMargin: 6 }), runDir, resume: false });
    const timings = new RunDir(runDir).readMetrics().map((r) => r.timing as { seconds: number; regionSeconds: number; taskSeconds: number; physicsSeconds: number });
    for (const t of timings) {
      expect(t.taskSeconds).toBeGreaterThanOrEqual(t.physicsSeconds);
      expect(t.taskSeconds).toBeLessThanOrEqual(t.regionSeconds + 0.002); // rounding to ms
      expect(t.regionSeconds).toBeLessThanOrEqual(t.seconds + 0.002);
    }
    expect(timings.some((t) => t.taskSeconds > 0)).toBe(true);
  });

  it('conserves energy through food, costs, births, deaths and reseeding', async () => {
    // Lean food and a high floor: agents starve, die and are reseeded within the run.
    const config = ecologyConfig({ runSeconds: 8, foodPatches: 1, pelletsPerPatch: 5, livingCost: 3, initialAgents: 40, minAgents: 30, reproduceEnergy: 22, childEnergy: 10 });
    const { rows } = await rowsOf(config);
    let total = config.worlds.ecology.initialAgents * config.worlds.ecology.initialEnergy;
    for (const row of rows) {
      const flows = row.energyFlows as { food: number; spent: number; dead: number; seeded: number };
      const energy = row.energy as { total: number };
      expect(energy.total).toBeCloseTo(total + flows.food - flows.spent - flows.dead + flows.seeded, 2);
      total = energy.total;
    }
    const sum = (field: string) => rows.reduce((s, r) => s + (r[field] as number), 0);
    expect(sum('births')).toBeGreaterThan(0);
    expect(sum('deaths')).toBeGreaterThan(0);
    expect(sum('seeded')).toBeGreaterThan(0);
  });

  it('resumes exactly: a stopped and resumed world continues as an uninterrupted one', async () => {
    const config = ecologyConfig({ runSeconds: 8 });
    const { rows } = await rowsOf(config);
    const runDir = tempDir();
    const stop = new AbortController();
    // Stopped between two reports: the checkpoint holds the counters of the report under way.
    await runEcology({ config, runDir, resume: false, signal: stop.signal, onReport: (row) => row.report === 1 && setTimeout(() => stop.abort(), 0) });
    const partial = new RunDir(runDir).readMetrics();
    expect(partial.length).toBeGreaterThanOrEqual(2);
    expect(partial.length).toBeLessThan(rows.length);
    await runEcology({ config, runDir, resume: true });
    expect(new RunDir(runDir).readMetrics().map(({ timing: _timing, ...rest }) => rest)).toEqual(rows);
  });

  it('retries a region whose worker died mid-window, with the same result', async () => {
    const config = ecologyConfig({}, { workers: 2 });
    const { rows } = await rowsOf(config);
    let killed = false;
    const logged: string[] = [];
    const killing = (c: Config): Evaluator => {
      const inner = new ShardedEvaluator(c, (line) => logged.push(line));
      return {
        play: (batch) => inner.play(batch),
        learn: (...args) => inner.learn(...args),
        stepRegions: async (windows) => {
          const running = inner.stepRegions(windows);
          if (!killed) {
            killed = true;
            await inner.pool.threads[0]?.terminate();
          }
          return running;
        },
        takeReport: () => inner.takeReport(),
        close: () => inner.close(),
      };
    };
    const disturbed = await rowsOf(config, killing);
    expect(logged.some((line) => /shard task for region \d failed .*retrying on a fresh worker/.test(line))).toBe(true);
    expect(disturbed.rows).toEqual(rows);
  });
});

describe('ecology configs and flags', () => {
  const coevo = (args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 120_000 });

  it('refuses bounds that cannot hold before anything runs, naming the key (exit 2)', () => {
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ minAgents: 500, maxAgents: 100, initialAgents: 100 }, /worlds\.ecology\.minAgents: the population floor \(500\) is above its ceiling/],
      [{ size: 40, regionsX: 8, borderMargin: 8, sightRadius: 4 }, /worlds\.ecology\.regionsX: regions 5 m wide are narrower than worlds\.ecology\.borderMargin/],
      [{ sightRadius: 10, borderMargin: 6 }, /worlds\.ecology\.sightRadius: must not exceed worlds\.ecology\.borderMargin/],
      [{ size: 40, patchRadius: 30, regionsX: 2, borderMargin: 6, sightRadius: 5 }, /worlds\.ecology\.patchRadius: must leave room on the 40 m floor/],
    ];
    for (const [ecology, message] of cases) {
      const dir = tempDir();
      const file = join(dir, 'config.json');
      writeFileSync(file, JSON.stringify({ scenario: 'ecology', worlds: { ecology } }));
      const runDir = join(dir, 'run');
      const result = coevo(['run', '--config', file, '--run-dir', runDir]);
      expect(result.status).toBe(2);
      expect(result.stderr).toMatch(message);
      expect(result.stderr).toMatch(/\[BAD_CONFIG\]/);
      expect(existsSync(runDir)).toBe(false);
    }
  });

  it('refuses --generations and --redis in the ecology, and eval of it, and runs --seconds', () => {
    const dir = tempDir();
    const generations = coevo(['run', '--scenario', 'ecology', '--generations', '3', '--run-dir', join(dir, 'a')]);
    expect(generations.status).toBe(2);
    expect(generations.stderr).toMatch(/generations: the ecology has no generations/);
    const redis = coevo(['run', '--scenario', 'ecology', '--redis', 'redis://127.0.0.1:1', '--run-dir', join(dir, 'b')]);
    expect(redis.status).toBe(2);
    expect(redis.stderr).toMatch(/--redis: the ecology does not run over Redis yet.*\[BAD_FLAG\]/);
    expect(readdirSync(dir)).toEqual([]);
    const ecologyFile = join(dir, 'ecology.json');
    writeFileSync(ecologyFile, JSON.stringify({ scenario: 'ecology' }));
    const evaluation = coevo(['eval', '--config', ecologyFile, '--random']);
    expect(evaluation.status).toBe(2);
    expect(evaluation.stderr).toMatch(/coevo eval plays episodes of forage.*the ecology is one persistent world.*\[BAD_CONFIG\]/);
    const file = join(dir, 'small.json');
    writeFileSync(file, JSON.stringify(ecologyConfig({ runSeconds: null }, { workers: undefined })));
    const run = coevo(['run', '--config', file, '--seconds', '4', '--workers', '0', '--run-dir', join(dir, 'c'), '--quiet']);
    expect(run.status).toBe(0);
    expect(new RunDir(join(dir, 'c')).readMetrics().map((r) => r.simSeconds)).toEqual([2, 4]);
  });
});
