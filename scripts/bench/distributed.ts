/**
 * `npm run bench:distributed`: forage generations played through Redis by 1 and by 2 `coevo
 * worker` processes (one shard thread each), against the same generations on one local shard
 * thread. Starts its own redis-server (Debian's package) on a free port. Median of --repeats
 * generations after a warm-up; writes the "distributed" sections of docs/performance.md and
 * docs/distributed.md.
 */
import { parseArgs } from 'node:util';
import { join } from 'node:path';
import { resolveConfig } from '../../server/config/resolve.ts';
import { RedisEvaluator } from '../../server/evaluation/distributed/redis-evaluator.ts';
import { createEvaluator, type Evaluator } from '../../server/evaluation/evaluator.ts';
import { setupEngine } from '../../server/evaluation/engine.ts';
import { planRun } from '../../server/run/populations.ts';
import { startRedis, startWorker, type WorkerProcess } from '../lib/redis-processes.ts';
import { table, writeSection } from '../lib/report.ts';
import { generationRate, randomGenomes } from './pipeline.ts';
import { PERFORMANCE_HEADER } from './report.ts';

const { values } = parseArgs({ options: { repeats: { type: 'string', default: '5' }, population: { type: 'string', default: '256' } } });
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

const measure = (evaluator: Evaluator) => generationRate(evaluator, config, world, genomes, repeats);

const local = await measure(createEvaluator(config, engine, () => {}));
const redis = await startRedis();
const rows: (string | number)[][] = [['local, 1 shard thread (no Redis)', Math.round(local), '1.00']];
const workers: WorkerProcess[] = [];
try {
  for (const count of [1, 2]) {
    while (workers.length < count) workers.push(await startWorker(redis.url, 'bench', 1, 2));
    const rate = await measure(
      await RedisEvaluator.connect(config, {
        redis: redis.url,
        queue: 'bench',
        local: () => createEvaluator({ ...config, workers: 0 }, engine, () => {}),
        log: () => {},
      }),
    );
    rows.push([`Redis, ${count} coevo worker process${count > 1 ? 'es' : ''} (1 shard thread each)`, Math.round(rate), (rate / local).toFixed(2)]);
  }
} finally {
  for (const w of workers) w.child.kill('SIGKILL');
  redis.kill();
}

const body = `## Distributed evaluation (Redis, BullMQ)

Command: \`npm run bench:distributed -- --repeats ${repeats}\`. Forage, ${population} agents (${population / 8} arenas, jobs of 8), SIMD Rapier, analytic sensors; median of ${repeats} generations after a warm-up. The coordinator, Redis and the worker processes share this 2-core machine, so this measures the overhead of the queue and the scaling from 1 to 2 processes, not what separate machines would reach.

${table(['evaluation', 'agent-steps/s', 'vs local'], rows)}
`;
writeSection(join('docs', 'performance.md'), 'distributed', body, PERFORMANCE_HEADER);
writeSection(join('docs', 'distributed.md'), 'distributed-bench', body.replace('## Distributed evaluation (Redis, BullMQ)', '## Throughput measured here'), '# Distributed evaluation\n');
console.log(body);
