/**
 * `npm run bench:perturbations`: what one forage generation of OpenAI-ES or PGPE sends to its
 * evaluators, with genomes as values and as noise-table offsets (seeded perturbations): bytes
 * over Redis (the jobs' JSON) and in shard messages (typed-array bytes), split as the evaluators
 * split a generation (`worldgen.arenasPerShard`), and the time to encode, copy (as
 * postMessage's structured clone does) and decode a shard's batch, median of interleaved repeats
 * with the noise table already built. Writes the "perturbation-bytes" section of docs/optimizers.md.
 */
import { parseArgs } from 'node:util';
import { resolveConfig } from '../../server/config/resolve.ts';
import { playJobData } from '../../server/evaluation/distributed/jobs.ts';
import type { MatchBatch, Team } from '../../server/evaluation/match-task.ts';
import { planGeneration } from '../../server/evaluation/planner.ts';
import { decodeBatch, encodeBatch } from '../../server/evaluation/wire.ts';
import { createAlgorithm, seededOf } from '../../server/run/algorithms.ts';
import { planRun } from '../../server/run/populations.ts';
import { noiseTable } from '../../agents/evolution/strategies/noise-table.ts';
import { table, writeSection } from '../lib/report.ts';
import { median } from './timing.ts';
import { type ArenasPerShard, taskSize } from '../../server/evaluation/task-size.ts';

const { values } = parseArgs({ options: { repeats: { type: 'string', default: '21' } } });
const repeats = Number(values.repeats);

/** Tasks a job or shard task takes, as the evaluators split a generation (task-size.ts; `workers` null for Redis jobs). */
const split = (batch: MatchBatch, arenasPerShard: ArenasPerShard, workers: number | null) => {
  const size = taskSize(arenasPerShard, batch.tasks.length, workers);
  return Array.from({ length: Math.ceil(batch.tasks.length / size) }, (_, k) => ({ ...batch, tasks: batch.tasks.slice(k * size, (k + 1) * size) }));
};

/** Typed-array bytes of a wire batch, the seeds' arrays included. */
function wireBytes(wire: ReturnType<typeof encodeBatch>): number {
  const arrays: ArrayBufferView[] = [wire.taskIndex, wire.taskSeed, wire.seatTeam, wire.seatMember, wire.seatScores, ...wire.genomes];
  if (wire.seeds) arrays.push(...wire.seeds.centre, ...wire.seeds.scale, ...wire.seeds.offsets, ...wire.seeds.signs);
  return arrays.reduce((n, a) => n + a.byteLength, 0);
}

/** Milliseconds to encode a shard's batch, clone it as postMessage would, and decode it (the genomes rebuilt where seeded). */
function roundTrip(batch: MatchBatch, seeds: boolean): number {
  const start = performance.now();
  decodeBatch(structuredClone(encodeBatch(batch, { seeds })));
  return performance.now() - start;
}

noiseTable();
const rows: (string | number)[][] = [];
for (const algorithm of ['openai-es', 'pgpe'] as const) {
  for (const populationSize of [64, 256]) {
    // Tasks and jobs of 8 arenas, the size this report describes (Redis's `"auto"` size).
    const config = resolveConfig({ evolution: { algorithm, populationSize }, worldgen: { arenasPerShard: 8 } });
    const plan = planRun(config);
    const population = plan.populations[0];
    const strategy = createAlgorithm(population, config.seed, []);
    const genomes = strategy.ask();
    const seeded = seededOf(strategy)!;
    const tasks = planGeneration({
      runSeed: config.seed,
      generation: 0,
      spec: plan.scenario.spec,
      populations: [{ index: 0, role: 0, size: populationSize, islands: 1 }],
      hallOfFameSizes: [0],
      hallOfFameFraction: 0,
      matchesPerMember: 1,
      episodesPerGeneration: 1,
    });
    const team: Team = { kind: 'mlp', shape: population.shape, genomes, seeded };
    const batch: MatchBatch = { world: plan.ref, teams: [team], tasks };
    const plain: MatchBatch = { ...batch, teams: [{ kind: 'mlp', shape: population.shape, genomes }] };
    const perShard = config.worldgen.arenasPerShard;
    const redisBytes = (b: MatchBatch) => split(b, perShard, null).reduce((n, job) => n + JSON.stringify(playJobData(config, job)).length, 0);
    const shardBytes = (seeds: boolean) => split(batch, perShard, 2).reduce((n, sub) => n + wireBytes(encodeBatch(sub, { seeds })), 0);
    const shard = split(batch, perShard, 2)[0];
    const times = { values: [] as number[], seeds: [] as number[] };
    for (let r = 0; r < repeats; r++) {
      times.values.push(roundTrip(shard, false));
      times.seeds.push(roundTrip(shard, true));
    }
    const kb = (bytes: number) => (bytes / 1024).toFixed(1);
    const ms = (list: number[]) => `${median(list).toFixed(2)} (${Math.min(...list).toFixed(2)}–${Math.max(...list).toFixed(2)})`;
    rows.push([algorithm, populationSize, kb(redisBytes(plain)), kb(redisBytes(batch)), kb(shardBytes(false)), kb(shardBytes(true)), ms(times.values), ms(times.seeds)]);
  }
}
const body = [
  '`npm run bench:perturbations` (forage, the default network of 1,922 parameters; one generation):',
  '',
  table(['strategy', 'λ', 'Redis KB, values', 'Redis KB, seeds', 'shard KB, values', 'shard KB, seeds', "ms a shard's batch, values", "ms a shard's batch, seeds"], rows),
  '',
  "Redis: the jobs' JSON (one a `worldgen.arenasPerShard` of 8 arenas, 64 agents; each carries the run's config). Shards: the typed arrays of the shard tasks' messages (the same 8 arenas each). ms: encode, structuredClone and decode of one shard task's batch, median (min–max) of " +
    `${repeats} interleaved repeats.`,
].join('\n');
console.log(body);
writeSection('docs/optimizers.md', 'perturbation-bytes', body);
