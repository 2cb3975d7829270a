/**
 * `npm run bench:distributed`: forage generations played through Redis by 1 and by 2 `coevo
 * worker` processes (one shard thread each), against the same generations on one local shard
 * thread. Starts its own redis-server (Debian's package) on a free port. The three take turns
 * (timing.ts), at least 7 rounds after a warm-up; writes the "distributed" sections of docs/performance.md and
 * docs/distributed.md.
 */
import { parseArgs } from 'node:util';
import { join } from 'node:path';
import { resolveConfig } from '../../server/config/resolve.ts';
import { RedisEvaluator } from '../../server/evaluation/distributed/redis-evaluator.ts';
import { createEvaluator } from '../../server/evaluation/evaluator.ts';
import { setupEngine } from '../../server/evaluation/engine.ts';
import { planRun } from '../../server/run/populations.ts';
import { startRedis, startWorker, type WorkerProcess } from '../lib/redis-processes.ts';
import { table, writeSection } from '../lib/report.ts';
import { generationVariant, randomGenomes } from './pipeline.ts';
import { MIN_REPEATS, interleavedRates, type RateStats } from './timing.ts';
import { PERFORMANCE_HEADER } from './report.ts';

const { values } = parseArgs({ options: { repeats: { type: 'string', default: '7' }, population: { type: 'string', default: '256' } } });
const repeats = Number(values.repeats);
const population = Number(values.population);
const config = resolveConfig({
  workers: 1,
  physics: { rapier: 'simd' },
  evolution: { populationSize: population },
  worlds: { forage: { sensors: 'analytic' } },
});

const world = planRun(config);
const engine = await setupEngine(config);
const genomes = randomGenomes(world, population);

const redis = await startRedis();
// One queue served by 1 worker process, another by 2: all three set-ups stay up and take turns.
const workers: WorkerProcess[] = [];
let rows: (string | number)[][];
try {
  workers.push(await startWorker(redis.url, 'bench-1', 1, 2));
  for (let i = 0; i < 2; i++) workers.push(await startWorker(redis.url, 'bench-2', 1, 2));
  const remote = (queue: string) => RedisEvaluator.connect(config, { redis: redis.url, queue, local: () => createEvaluator({ ...config, workers: 0 }, engine, () => {}), log: () => {} });
  const variants = [
    await generationVariant(
      createEvaluator(config, engine, () => {}),
      config,
      world,
      genomes,
      'local',
    ),
    await generationVariant(remote('bench-1'), config, world, genomes, 'redis-1'),
    await generationVariant(remote('bench-2'), config, world, genomes, 'redis-2'),
  ];
  let rates: Map<string, RateStats>;
  try {
    rates = await interleavedRates(variants, repeats);
  } finally {
    for (const v of variants) await v.close();
  }
  const local = rates.get('local')!;
  const row = (label: string, stats: RateStats) => [label, Math.round(stats.median), `${Math.round(stats.min)}–${Math.round(stats.max)}`, (stats.median / local.median).toFixed(2)];
  rows = [
    row('local, 1 shard thread (no Redis)', local),
    row('Redis, 1 coevo worker process (1 shard thread)', rates.get('redis-1')!),
    row('Redis, 2 coevo worker processes (1 shard thread each)', rates.get('redis-2')!),
  ];
  for (const [key, stats] of rates)
    console.log(JSON.stringify({ name: 'distributed', variant: key, agentStepsPerSec: Math.round(stats.median), min: Math.round(stats.min), max: Math.round(stats.max), repeats: stats.repeats }));
} finally {
  for (const w of workers) w.child.kill('SIGKILL');
  redis.kill();
}

const body = `## Distributed evaluation (Redis, BullMQ)

Command: \`npm run bench:distributed -- --repeats ${repeats}\`. Forage, ${population} agents (${population / 8} arenas, jobs of 8), SIMD Rapier, analytic sensors; the three set-ups take turns, generation by generation, for ${Math.max(MIN_REPEATS, repeats)} rounds after a warm-up; median and range. The coordinator, Redis and the worker processes share this 2-core machine, so this measures the overhead of the queue and the scaling from 1 to 2 processes, not what separate machines would reach.

${table(['evaluation', 'agent-steps/s (median)', 'range', 'vs local'], rows)}
`;
writeSection(join('docs', 'performance.md'), 'distributed', body, PERFORMANCE_HEADER);
writeSection(join('docs', 'distributed.md'), 'distributed-bench', body.replace('## Distributed evaluation (Redis, BullMQ)', '## Throughput measured here'), '# Distributed evaluation\n');
console.log(body);
