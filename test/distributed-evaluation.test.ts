import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Job, Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../server/cli/program.ts';
import { resolveConfig } from '../server/config/resolve.ts';
import type { Config } from '../server/config/schema.ts';
import { RedisEvaluator, redisEvaluatorFactory } from '../server/evaluation/distributed/redis-evaluator.ts';
import { connectionOptions, parseRedisUrl } from '../server/evaluation/distributed/redis-url.ts';
import { LocalEvaluator, type EvaluatorFactory } from '../server/evaluation/evaluator.ts';
import { listCheckpoints } from '../server/run/checkpoint.ts';
import { RunDir } from '../server/run/run-dir.ts';
import { runExperiment } from '../server/run/run.ts';
import { setupEngine } from '../server/evaluation/engine.ts';
import { planRun } from '../server/run/populations.ts';
import { initGenome } from '../agents/mlp.ts';
import { Rng } from '../agents/rng.ts';
import { runTournament } from '../server/tournament/tournament.ts';
import { startRedis, startWorker, waitFor, type RedisProcess, type WorkerProcess } from '../scripts/lib/redis-processes.ts';
import { SUMO_IMITATION } from './fixtures-sumo-imitation.ts';
import { SMALL_CONFIG, generationBatch, tempDir, withoutVolatile } from './helpers.ts';

const PASSWORD = 'correct-horse-battery';
// One shard task (job) per arena, so both workers get some of every generation.
const CONFIG = { ...SMALL_CONFIG, generations: 3, worldgen: { arenasPerShard: 1 } };

let redis: RedisProcess;
let workers: WorkerProcess[] = [];
const queue = `test-${process.pid}`;

beforeAll(async () => {
  // .ci/run starts a password-protected Redis; elsewhere the tests start their own.
  const shared = process.env.COEVO_TEST_REDIS_URL;
  redis = shared ? { url: shared, port: Number(new URL(shared).port), kill: () => {} } : await startRedis(PASSWORD);
  workers = await Promise.all([startWorker(redis.url, queue), startWorker(redis.url, queue)]);
}, 60_000);

afterAll(() => {
  for (const w of workers) w.child.kill('SIGKILL');
  redis?.kill();
});

const metricsOf = (dir: string) => new RunDir(dir).readMetrics().map(withoutVolatile);

/** Plays `config` locally and over Redis (the coordinator with `remote`'s settings) and expects the same metrics. */
async function expectSameOverRedis(config: Config, remote: Config = config): Promise<void> {
  const local = join(tempDir(), 'local');
  await runExperiment({ config, runDir: local, resume: false });
  const over = join(tempDir(), 'remote');
  await runExperiment({ config: remote, runDir: over, resume: false, evaluator: redisEvaluatorFactory(redis.url, queue) });
  expect(metricsOf(over)).toEqual(metricsOf(local));
}

describe('distributed evaluation over Redis (BullMQ)', () => {
  it('plays a run on two coevo worker processes with the same metrics as a local run', async () => {
    const local = join(tempDir(), 'local');
    await runExperiment({ config: resolveConfig(CONFIG), runDir: local, resume: false });
    const remote = join(tempDir(), 'remote');
    await runExperiment({ config: resolveConfig(CONFIG), runDir: remote, resume: false, evaluator: redisEvaluatorFactory(redis.url, queue) });
    expect(metricsOf(remote)).toEqual(metricsOf(local));
    expect(workers.every((w) => w.jobsDone() > 0)).toBe(true);
    // The password never shows in what the workers print.
    const { password } = new URL(redis.url);
    expect(password.length).toBeGreaterThan(0);
    expect(workers.map((w) => w.output()).join('')).not.toContain(password);
  }, 120_000);

  it('evolves by a strategy (CMA-ES) over Redis with the same metrics as locally', async () => {
    await expectSameOverRedis(resolveConfig({ ...CONFIG, evolution: { algorithm: 'cma-es', populationSize: 16 } }));
  }, 120_000);

  it('evolves by OpenAI-ES over Redis, its genomes sent as noise-table offsets, with the same metrics as locally', async () => {
    await expectSameOverRedis(resolveConfig({ ...CONFIG, evolution: { algorithm: 'openai-es', populationSize: 16 } }));
  }, 120_000);

  it('evolves by MAP-Elites over Redis (behaviour carried back with the results) with the same metrics as locally', async () => {
    await expectSameOverRedis(resolveConfig({ ...CONFIG, evolution: { algorithm: 'map-elites', populationSize: 16 } }));
  }, 120_000);

  it('plays cooperative co-evolution in carry (a population per slot, DAgger from the expert team) with the same metrics as locally', async () => {
    const config = resolveConfig({
      scenario: 'carry',
      seed: 6,
      generations: 2,
      workers: 0,
      worldgen: { arenasPerShard: 4 },
      evolution: { populationSize: 6, eliteCount: 1 },
      coevolution: { mode: 'cooperative' },
      imitation: { experts: { scripted: 1 }, method: 'dagger', steps: 5, samplesPerLearner: 64, demoEpisodes: 1 },
      worlds: { carry: { episodeSeconds: 4 } },
    });
    await expectSameOverRedis(config);
  }, 120_000);

  it('plays co-evolving populations that imitate one another (islands, DAgger) with the same metrics as locally', async () => {
    const config = resolveConfig({ ...SUMO_IMITATION, worldgen: { arenasPerShard: 3 } });
    // The coordinator trains its learners on a shard thread of its own.
    await expectSameOverRedis(config, { ...config, workers: 1 });
  }, 120_000);

  it('plays a tournament over Redis with the same ratings as locally', async () => {
    const config = resolveConfig({ scenario: 'sumo', seed: 2, workers: 0, worldgen: { arenasPerShard: 4 }, worlds: { sumo: { episodeSeconds: 4 } } });
    const options = { config, players: ['expert', 'random'], body: 'ball' as const, games: 8, format: 'auto' as const, rounds: null };
    const local = await runTournament({ ...options, out: join(tempDir(), 'l'), evaluator: async (c) => new LocalEvaluator(await setupEngine(c)) });
    const remote = await runTournament({
      ...options,
      out: join(tempDir(), 'r'),
      evaluator: async (c) => redisEvaluatorFactory(redis.url, queue)(c, await setupEngine(c), () => {}),
    });
    expect(remote).toEqual(local);
  }, 60_000);

  it('retries the job of a worker killed mid-job on the other worker, and the run ends the same', async () => {
    // 8 jobs a generation, each a few seconds long.
    const config = { ...CONFIG, generations: 2, evolution: { populationSize: 64, eliteCount: 2 }, worlds: { forage: { episodeSeconds: 12 } } };
    const local = join(tempDir(), 'local');
    await runExperiment({ config: resolveConfig(config), runDir: local, resume: false });
    const victim = await startWorker(redis.url, queue);
    const remote = join(tempDir(), 'remote');
    const run = runExperiment({ config: resolveConfig(config), runDir: remote, resume: false, evaluator: redisEvaluatorFactory(redis.url, queue) });
    // Kill it as soon as it has started a job: that job's lock expires and another worker replays it.
    await waitFor(() => victim.jobsStarted() > 0, 60_000);
    victim.child.kill('SIGKILL');
    await run;
    expect(metricsOf(remote)).toEqual(metricsOf(local));
    const retries = new RunDir(remote).readMetrics().reduce((n, r) => n + (r.shardRetries as number), 0);
    expect(retries).toBeGreaterThan(0);
  }, 120_000);

  it('fails a malformed job with a clear error without running it, and the workers carry on', async () => {
    const q = new Queue(queue, { connection: connectionOptions(parseRedisUrl(redis.url)) });
    // Read the job's end from its state: an event sent before a reader listens is lost.
    const failure = async (job: Job) => {
      let state = await job.getState();
      for (const until = Date.now() + 30_000; state !== 'failed' && state !== 'completed' && Date.now() < until; state = await job.getState()) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(state).toBe('failed');
      return (await Job.fromId(q, job.id!))!;
    };
    try {
      const header = { v: 2, kind: 'play', config: {}, world: { scenario: 'forage', worlds: {}, bodies: ['ball'] }, slots: [1], record: { every: 0, expertLabels: false } };
      const shape = { inputSize: 1, hiddenSizes: [], outputSize: 1, activation: 'tanh', outputActivation: 'tanh' };
      const one = (array: ArrayBufferView) => Buffer.from(array.buffer).toString('base64');
      const seats = { taskIndex: one(Int32Array.of(0)), taskSeed: one(Uint32Array.of(1)), seatTeam: one(Int32Array.of(3)), seatMember: one(Int32Array.of(0)), seatScores: one(Uint8Array.of(1)) };
      const job = await q.add('play', { ...header, ...seats, teams: [{ kind: 'mlp', shape, genomeLength: 2 }], genomes: ['not base64!'] });
      expect((await failure(job)).failedReason).toMatch(/malformed job .*genomes\.0: must be base64/);
      const bad = await q.add('play', { ...header, ...seats, teams: [{ kind: 'expert' }], genomes: [''] });
      const failed = await failure(bad);
      expect(failed.failedReason).toMatch(/seatTeam: seat 0 seats team 3 member 0, which was not sent/);
      expect(failed.attemptsMade ?? 0).toBeLessThanOrEqual(1);
    } finally {
      await q.close();
    }
    const dir = join(tempDir(), 'after');
    await runExperiment({
      config: resolveConfig({ ...CONFIG, generations: 1 }),
      runDir: dir,
      resume: false,
      evaluator: redisEvaluatorFactory(redis.url, queue),
    });
    expect(metricsOf(dir)).toHaveLength(1);
  }, 60_000);

  it('says so while jobs wait and no worker listens on their queue', async () => {
    const config = resolveConfig(CONFIG);
    const engine = await setupEngine(config);
    const { shape } = planRun(config).populations[0];
    const logged: string[] = [];
    const evaluator = await RedisEvaluator.connect(config, {
      redis: redis.url,
      queue: `${queue}-nobody`,
      local: () => new LocalEvaluator(engine),
      log: (line) => logged.push(line),
      noWorkerWarningSeconds: 1,
    });
    try {
      const rng = new Rng(1);
      const genomes = Array.from({ length: 8 }, () => initGenome(shape, rng));
      void evaluator.play(generationBatch(config, genomes)).catch(() => {}); // never played: nobody takes it
      await waitFor(() => logged.some((line) => /no worker is listening/.test(line)), 15_000);
      const warning = logged.find((line) => /no worker is listening/.test(line))!;
      expect(warning).toContain(`1 job(s) waiting on queue "${queue}-nobody"`);
      expect(warning).toContain(`coevo worker --redis redis://`);
      expect(warning).not.toContain(new URL(redis.url).password || 'no password here');
    } finally {
      await evaluator.close();
    }
  });

  it('stops with a clear error, leaving nothing behind, when Redis cannot be reached; never printing the password', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    const logs = vi.spyOn(console, 'log').mockImplementation(() => {});
    try {
      const dir = join(tempDir(), 'never');
      const code = await main(['run', '--redis', `redis://user:${PASSWORD}@127.0.0.1:1`, '--run-dir', dir, '--generations', '1', '--quiet']);
      expect(code).toBe(1);
      const printed = [...errors.mock.calls, ...logs.mock.calls].flat().join('\n');
      expect(printed).toContain('cannot reach Redis at redis://user:***@127.0.0.1:1');
      expect(printed).toContain('[REDIS_UNAVAILABLE]');
      expect(printed).not.toContain(PASSWORD);
      expect(existsSync(dir)).toBe(false);
    } finally {
      errors.mockRestore();
      logs.mockRestore();
    }
  });

  it('saves a checkpoint and stops with REDIS_LOST when Redis goes away mid-run', async () => {
    const own = await startRedis();
    const worker = await startWorker(own.url, 'lost');
    try {
      const dir = join(tempDir(), 'lost');
      const factory: EvaluatorFactory = async (config, world, log) =>
        RedisEvaluator.connect(config, { redis: own.url, queue: 'lost', local: () => new LocalEvaluator(world), log, lostAfterSeconds: 2 });
      const run = runExperiment({
        config: resolveConfig({ ...CONFIG, generations: 50 }),
        runDir: dir,
        resume: false,
        evaluator: factory,
        onGeneration: (row) => {
          if (row.generation === 1) own.kill();
        },
      });
      await expect(run).rejects.toMatchObject({ code: 'REDIS_LOST' });
      expect(listCheckpoints(dir).length).toBeGreaterThan(0);
      expect(new RunDir(dir).readMetrics().length).toBeGreaterThanOrEqual(2);
    } finally {
      worker.child.kill('SIGKILL');
      own.kill();
    }
  }, 60_000);
});
