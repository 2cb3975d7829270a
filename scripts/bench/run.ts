/**
 * `npm run bench`: measures the forage world (raw physics, raw inference, the whole pipeline on
 * 1 and N workers, every Rapier build and both sensor modes, the 1,024-agent scale), prints one
 * JSON object per line,
 * and rewrites docs/performance.md from this one run.
 * Options: --repeats R (timed runs per figure, median reported), --out FILE.
 */
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { resolveConfig } from '../../server/config/resolve.ts';
import { planRun } from '../../server/run/populations.ts';
import { RAPIER_BUILDS } from '../../worlds/rapier.ts';
import { FORAGE_SENSORS } from '../../worlds/forage/options.ts';
import { benchInference } from './inference.ts';
import { pipeline, rawInference, rawPhysics } from './pipeline.ts';
import { writePerformanceReport, type BenchFigure } from './report.ts';

const { values } = parseArgs({
  options: {
    repeats: { type: 'string', default: '5' },
    out: { type: 'string', default: 'docs/performance.md' },
  },
});
const repeats = Number(values.repeats);
const cores = availableParallelism();
/** Agents in the pipeline measurements: 32 arenas of 8. */
const POPULATION = 256;
const SCALE_POPULATION = 1024;
/** Shorter episodes than a run's default keep the bench short; the per-step work is the same. */
const EPISODE_SECONDS = 5;

const figures: BenchFigure[] = [];
const report = (figure: BenchFigure) => {
  figures.push(figure);
  console.log(JSON.stringify(figure));
};
const config = (build: string, sensors: string, workers: number) => resolveConfig({ physics: { rapier: build }, workers, worlds: { forage: { sensors, episodeSeconds: EPISODE_SECONDS } } });

const base = resolveConfig({});
const { shape } = planRun(base).populations[0];
for (const f of await benchInference(shape, [8, 64, 512], repeats)) report({ ...f, agents: f.batch });
report({ name: 'raw_inference', agents: POPULATION, agentStepsPerSec: await rawInference(config('compat', 'rapier', 0), POPULATION, repeats) });

for (const build of RAPIER_BUILDS) {
  report({ name: 'raw_physics', build, agents: POPULATION, agentStepsPerSec: await rawPhysics(config(build, 'rapier', 0), POPULATION / 8, repeats) });
  for (const sensors of FORAGE_SENSORS) {
    for (const [name, workers] of [
      ['pipeline_1w', 1],
      ['pipeline_Nw', cores],
    ] as const) {
      const agentStepsPerSec = await pipeline(config(build, sensors, workers), POPULATION, repeats);
      report({ name, build, sensors, agents: POPULATION, workers, agentStepsPerSec });
    }
  }
}
// Shard task size: the same pipeline cut into blocks of 2, 8 or all of a worker's arenas.
for (const arenasPerShard of [2, 8, null]) {
  for (const workers of [1, cores]) {
    const sized = resolveConfig({
      physics: { rapier: 'simd' },
      workers,
      worldgen: { arenasPerShard },
      worlds: { forage: { sensors: 'analytic', episodeSeconds: EPISODE_SECONDS } },
    });
    report({
      name: 'task_size',
      build: 'simd',
      sensors: 'analytic',
      workers,
      arenasPerShard,
      agents: POPULATION,
      agentStepsPerSec: await pipeline(sized, POPULATION, repeats),
    });
  }
}
const rate = (name: string, build?: string, sensors?: string) =>
  figures.find((f) => f.name === name && (build === undefined || f.build === build) && (sensors === undefined || f.sensors === sensors))!.agentStepsPerSec!;
const fastest = RAPIER_BUILDS.map((build) => ({ build, rate: rate('pipeline_Nw', build, 'analytic') })).sort((a, b) => b.rate - a.rate)[0].build;
report({
  name: 'scale_1024',
  build: fastest,
  sensors: 'analytic',
  agents: SCALE_POPULATION,
  workers: cores,
  agentStepsPerSec: await pipeline(config(fastest, 'analytic', cores), SCALE_POPULATION, Math.max(1, Math.floor(repeats / 2))),
});
for (const build of RAPIER_BUILDS) {
  const ideal = 1 / (1 / rate('raw_physics', build) + 1 / rate('raw_inference'));
  for (const sensors of FORAGE_SENSORS) {
    report({ name: 'efficiency', build, sensors, value: rate('pipeline_1w', build, sensors) / ideal });
    report({ name: 'scaling', build, sensors, workers: cores, value: rate('pipeline_Nw', build, sensors) / rate('pipeline_1w', build, sensors) });
  }
}
writePerformanceReport(values.out!, { shape, cores, population: POPULATION, episodeSeconds: EPISODE_SECONDS, figures, recommended: fastest });
