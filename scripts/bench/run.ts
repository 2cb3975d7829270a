/**
 * `npm run bench`: measures the forage world (raw physics, raw inference, the whole pipeline on
 * 1 and N workers, every Rapier build and both sensor modes, the 1,024-agent scale), prints one
 * JSON object per line,
 * and rewrites docs/performance.md from this one run.
 * Options: --repeats R (timed rounds per figure, at least 7; the variants of a table take turns,
 * the median and the spread are reported), --out FILE, --from FILE (rewrite the report from a
 * run's saved output instead of measuring: from-output.ts). A calibration loop is timed at the start
 * and the end, and the machine's own two-thread scaling (ceiling.ts) at the start.
 */
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { resolveConfig } from '../../server/config/resolve.ts';
import { planRun } from '../../server/run/populations.ts';
import { RAPIER_BUILDS } from '../../worlds/rapier.ts';
import type { ArenasPerShard } from '../../server/evaluation/task-size.ts';
import { FORAGE_SENSORS } from '../../worlds/forage/options.ts';
import { partsCeiling, twoThreadCeiling } from './ceiling.ts';
import { benchInference } from './inference.ts';
import { benchTraining, torchTraining } from './train.ts';
import { measurePhases, type PhaseFigure } from './phases.ts';
import { measureScale } from './scale.ts';
import { SENSING_BODIES, sensingVariants } from './sensing.ts';
import { loadRapier } from '../../worlds/rapier.ts';
import { initTf } from '../../agents/tf.ts';
import { pipeline, rawInference, rawPhysics, type BenchVariant } from './pipeline.ts';
import { MIN_REPEATS, calibration, interleavedRates, pairedRatio, type RateStats } from './timing.ts';
import { writePerformanceReport, type BenchFigure } from './report.ts';
import { figuresFromOutput } from './from-output.ts';

const { values } = parseArgs({
  options: {
    repeats: { type: 'string', default: String(MIN_REPEATS) },
    out: { type: 'string', default: 'docs/performance.md' },
    from: { type: 'string' },
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
const phases: PhaseFigure[] = [];
const report = (figure: BenchFigure) => {
  figures.push(figure);
  console.log(JSON.stringify(figure));
};
const config = (build: string, sensors: string, workers: number, arenasPerShard: ArenasPerShard = 'auto') =>
  resolveConfig({ physics: { rapier: build }, workers, worldgen: { arenasPerShard }, worlds: { forage: { sensors, episodeSeconds: EPISODE_SECONDS } } });
/** A rate row: the median of the repeats, with their spread. */
const rateRow = (stats: RateStats) => ({ agentStepsPerSec: Math.round(stats.median), min: Math.round(stats.min), max: Math.round(stats.max), repeats: stats.repeats });

/** Times a group of variants in turn (timing.ts), then frees them. */
async function timeGroup(variants: BenchVariant[]): Promise<Map<string, RateStats>> {
  try {
    return await interleavedRates(variants, repeats);
  } finally {
    for (const v of variants) await v.close();
  }
}

if (values.from) {
  writePerformanceReport(values.out!, figuresFromOutput(values.from, planRun(resolveConfig({})).populations[0].shape, POPULATION, EPISODE_SECONDS));
  process.exit(0);
}

const calibrationStart = calibration();
report({ name: 'calibration', when: 'start', value: Math.round(calibrationStart) });
// The machine's two-thread scaling, and that of the pipeline's own parts.
const ceiling = [...(await twoThreadCeiling()), ...(await partsCeiling(RAPIER_BUILDS, POPULATION))];
for (const c of ceiling) report({ name: 'ceiling', load: c.load, value: c.scaling, min: c.min, max: c.max });

const base = resolveConfig({});
const { shape } = planRun(base).populations[0];
for (const f of await benchInference(shape, [8, 64, 512], repeats)) report({ ...f, agents: f.batch });
for (const f of await benchTraining(await initTf('auto'), shape, [16, 64], [64, 256], repeats)) report(f);
for (const f of torchTraining(repeats)) report(f);

// Physics alone per build and inference alone, in turn.
const parts = await timeGroup([
  await rawInference(config('compat', 'rapier', 0), POPULATION, 'raw_inference'),
  ...(await Promise.all(RAPIER_BUILDS.map((build) => rawPhysics(config(build, 'rapier', 0), POPULATION / 8, `raw_physics/${build}`)))),
]);
report({ name: 'raw_inference', agents: POPULATION, ...rateRow(parts.get('raw_inference')!) });
for (const build of RAPIER_BUILDS) report({ name: 'raw_physics', build, agents: POPULATION, ...rateRow(parts.get(`raw_physics/${build}`)!) });

// Sensing alone, per body and sensor mode, in turn (compat build, as Rapier's casts are its own).
const sensed = await timeGroup(sensingVariants(await loadRapier('compat')));
for (const body of SENSING_BODIES) {
  for (const sensors of FORAGE_SENSORS) report({ name: 'raw_sensing', body, sensors, agents: 32, ...rateRow(sensed.get(`${body}/${sensors}`)!) });
}

// Every build and sensor mode on 1 and N workers, in turn.
const pipelines: BenchVariant[] = [];
for (const build of RAPIER_BUILDS) {
  for (const sensors of FORAGE_SENSORS) {
    for (const workers of [1, cores]) pipelines.push(await pipeline(config(build, sensors, workers), POPULATION, `${build}/${sensors}/${workers}`));
  }
}
const piped = await timeGroup(pipelines);
for (const build of RAPIER_BUILDS) {
  for (const sensors of FORAGE_SENSORS) {
    for (const [name, workers] of [
      ['pipeline_1w', 1],
      ['pipeline_Nw', cores],
    ] as const) {
      report({ name, build, sensors, agents: POPULATION, workers, ...rateRow(piped.get(`${build}/${sensors}/${workers}`)!) });
    }
  }
}
// Shard task size: the same pipeline cut into fixed blocks of 2 or 8 arenas or all of a worker's
// share ("auto", the default, is the pipeline rows' own figure: not measured twice).
const FIXED_SIZES = [2, 8, null];
const sized: BenchVariant[] = [];
for (const arenasPerShard of FIXED_SIZES) {
  for (const workers of [1, cores]) sized.push(await pipeline(config('simd', 'analytic', workers, arenasPerShard), POPULATION, `${arenasPerShard}/${workers}`));
}
const bySize = await timeGroup(sized);
for (const arenasPerShard of FIXED_SIZES) {
  for (const workers of [1, cores])
    report({ name: 'task_size', build: 'simd', sensors: 'analytic', workers, arenasPerShard, agents: POPULATION, ...rateRow(bySize.get(`${arenasPerShard}/${workers}`)!) });
}
const rate = (name: string, build?: string, sensors?: string) =>
  figures.find((f) => f.name === name && (build === undefined || f.build === build) && (sensors === undefined || f.sensors === sensors))!.agentStepsPerSec!;
const fastest = RAPIER_BUILDS.map((build) => ({ build, rate: rate('pipeline_Nw', build, 'analytic') })).sort((a, b) => b.rate - a.rate)[0].build;
const scaled = await timeGroup([await pipeline(config(fastest, 'analytic', cores), SCALE_POPULATION, 'scale')]);
report({ name: 'scale_1024', build: fastest, sensors: 'analytic', agents: SCALE_POPULATION, workers: cores, ...rateRow(scaled.get('scale')!) });
for (const build of RAPIER_BUILDS) {
  const ideal = 1 / (1 / rate('raw_physics', build) + 1 / rate('raw_inference'));
  for (const sensors of FORAGE_SENSORS) {
    report({ name: 'efficiency', build, sensors, value: rate('pipeline_1w', build, sensors) / ideal });
    // The ratio of the medians, with the range of the round-by-round ratios as its spread.
    report({ name: 'scaling', build, sensors, workers: cores, ...pairedRatio(piped.get(`${build}/${sensors}/${cores}`)!, piped.get(`${build}/${sensors}/1`)!) });
  }
}
// 10,000 agents on every core: throughput, a generation's wall time, memory per agent.
const scale10k = await measureScale(resolveConfig({ physics: { rapier: fastest }, workers: cores, worlds: { forage: { sensors: 'analytic', episodeSeconds: EPISODE_SECONDS } } }), 10_000, repeats);
console.log(JSON.stringify(scale10k));
// Where a generation's time goes, on 1 and N workers (the recommended settings).
for (const workers of [1, cores]) {
  // 15 generations at least: enough tasks for the spread of one task's time.
  // Tasks of 2 arenas on every worker count ("auto" on 2 workers), so that tasks are the same work.
  const figure = await measurePhases(config(fastest, 'analytic', workers, 2), POPULATION, Math.max(15, repeats));
  console.log(JSON.stringify(figure));
  phases.push(figure);
}
const calibrationEnd = calibration();
report({ name: 'calibration', when: 'end', value: Math.round(calibrationEnd) });
writePerformanceReport(values.out!, {
  shape,
  cores,
  population: POPULATION,
  episodeSeconds: EPISODE_SECONDS,
  figures,
  recommended: fastest,
  repeats: Math.max(MIN_REPEATS, repeats),
  phases,
  scale10k,
  ceiling,
});
