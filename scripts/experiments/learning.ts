/**
 * Does evolution learn forage? Runs the default config for several seeds, then reports the
 * per-generation best and mean fitness (median over seeds) beside the scripted expert and a
 * random policy, and re-evaluates each seed's final champion on fresh episodes.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { mean, median, stdDev } from '../../agents/stats.ts';
import { resolveConfig } from '../../server/config/resolve.ts';
import { evaluateController, setupEpisode } from '../../server/evaluation/episodes.ts';
import { RunDir } from '../../server/run/run-dir.ts';

import type { ExperimentOptions } from '../experiment.ts';
import { inParallel, runCoevo } from '../lib/parallel.ts';
import { table, writeSection } from '../lib/report.ts';
import { lineChart } from '../../server/reports/svg-plot.ts';
import { writeFileAtomic } from '../../server/atomic-file.ts';
import { CURRENT_DEFAULTS } from '../lib/measured-with.ts';

const EVAL_EPISODES = 20;
const EVAL_SEED = 1000;
/** Rerun under today's defaults (closed-form sensors, fused kernels) on 2026-12-01. */
const PINNED = CURRENT_DEFAULTS;

export async function learningExperiment(options: ExperimentOptions): Promise<void> {
  const seeds = Array.from({ length: options.seeds }, (_, i) => i + 1);
  const runDirs = seeds.map((seed) => join(options.runs, 'learning', `seed-${seed}`));
  const started = performance.now();
  await inParallel(
    seeds.map((seed, i) => async () => {
      rmSync(runDirs[i], { recursive: true, force: true });
      console.log(`learning: seed ${seed}: ${options.generations} generations`);
      // One worker per run: the runs themselves already fill the cores, one seed per core.
      const config = join(options.runs, 'learning', 'config.json');
      mkdirSync(dirname(config), { recursive: true });
      writeFileSync(config, JSON.stringify(PINNED));
      await runCoevo(['run', '--config', config, '--seed', String(seed), '--generations', String(options.generations), '--run-dir', runDirs[i], '--workers', '1', '--quiet']);
    }),
  );
  const wallSeconds = (performance.now() - started) / 1000;

  const metrics = runDirs.map((dir) => new RunDir(dir).readMetrics());
  const generations = options.generations;
  const medianBest = Array.from({ length: generations }, (_, g) => median(metrics.map((rows) => rows[g].fitness.best)));
  const medianMean = Array.from({ length: generations }, (_, g) => median(metrics.map((rows) => rows[g].fitness.mean)));
  const runSeconds = metrics.map((rows) => rows.reduce((s, row) => s + (row.seconds as number), 0));
  const stepsPerSec = metrics.map((rows) => median(rows.map((row) => row.agentStepsPerSec as number)));

  const world = await setupEpisode(resolveConfig(PINNED));
  const expert = evaluateController(world, { kind: 'expert' }, EVAL_EPISODES, EVAL_SEED);
  const random = evaluateController(world, { kind: 'random' }, EVAL_EPISODES, EVAL_SEED);
  const champions = runDirs.map((dir) => evaluateController(world, { kind: 'checkpoint', path: dir }, EVAL_EPISODES, EVAL_SEED));

  const finalBest = medianBest[generations - 1];
  const ratio = finalBest / expert.mean;
  const marks = [0, 4, 9, 19, 29, 39, 59, 79, 99].filter((g) => g < generations);
  if (!marks.includes(generations - 1)) marks.push(generations - 1);

  writeFileAtomic(
    join(options.out, 'results-learning.svg'),
    lineChart(
      [
        { label: 'best (median of seeds)', color: '#1f77b4', points: medianBest.map((y, g) => [g + 1, y]) },
        { label: 'mean (median of seeds)', color: '#2ca02c', points: medianMean.map((y, g) => [g + 1, y]) },
        {
          label: 'scripted expert',
          color: '#d62728',
          dashed: true,
          points: [
            [1, expert.mean],
            [generations, expert.mean],
          ],
        },
        {
          label: 'random policy',
          color: '#7f7f7f',
          dashed: true,
          points: [
            [1, random.mean],
            [generations, random.mean],
          ],
        },
      ],
      { title: `forage: fitness over generations (${seeds.length} seeds)`, xLabel: 'generation', yLabel: 'food eaten per episode' },
    ),
  );

  const f = (x: number) => x.toFixed(2);
  writeSection(
    join(options.out, 'results.md'),
    'learning',
    `
## Evolution learns forage

Command: \`npm run experiment -- learning --seeds ${seeds.length} --generations ${generations}\` (default config: population 64 in arenas of 8, 20-second episodes, MLP 24-32-32-2, GA with tournament selection, elitism 4, crossover 0.25, Gaussian mutation σ 0.05; today's defaults: closed-form sensors and the fused WebAssembly kernels). Measured ${new Date().toISOString().slice(0, 10)} on the 2-core development machine; ${wallSeconds.toFixed(0)} s wall time for all seeds (two at a time).

Fitness is food eaten per agent per 20-second episode (no shaping). "best" and "mean" are over the population of one generation, each genome playing one episode among 7 arena-mates; the table gives the median over seeds.

![fitness over generations](results-learning.svg)

${table(
  ['generation', 'best (median of seeds)', 'mean (median of seeds)'],
  marks.map((g) => [g + 1, f(medianBest[g]), f(medianMean[g])]),
)}

Beside them, on ${EVAL_EPISODES} fresh episodes (seed ${EVAL_SEED}), every agent of the arena driven by the same controller (\`coevo eval\`):

${table(
  ['controller', 'fitness (mean ± sd over episodes)'],
  [
    ['scripted expert (`coevo eval --expert`)', `${f(expert.mean)} ± ${f(expert.std)}`],
    ['random actions (`coevo eval --random`)', `${f(random.mean)} ± ${f(random.std)}`],
    ...champions.map((c, i) => [`seed ${seeds[i]} champion after ${generations} generations (\`coevo eval --checkpoint\`)`, `${f(c.mean)} ± ${f(c.std)}`]),
    ['champions, mean over seeds', `${f(mean(champions.map((c) => c.mean)))} ± ${f(stdDev(champions.map((c) => c.mean)))}`],
  ],
)}

**Target:** the median best fitness at generation ${generations} reaches at least 60% of the expert's mean. **Measured:** ${f(finalBest)} against ${f(expert.mean)}, ${(ratio * 100).toFixed(0)}% of the expert (${ratio >= 0.6 ? 'met' : 'not met'}).

Read with care: a generation's best is the luckiest of 64 single episodes among weaker arena-mates, so it overstates what a champion does against equals. The champions' own scores above (eight copies competing in one arena, as the expert is measured) are the fairer comparison: ${f(mean(champions.map((c) => c.mean)))} against the expert's ${f(expert.mean)}, ${((mean(champions.map((c) => c.mean)) / expert.mean) * 100).toFixed(0)}%.

Throughput: median ${Math.round(median(stepsPerSec))} agent-steps/s per run (one worker each, two runs sharing the 2 cores); ${f(median(runSeconds))} s per ${generations}-generation run (median).
`,
  );
  console.log(`learning: median best at generation ${generations}: ${f(finalBest)} (${(ratio * 100).toFixed(0)}% of expert ${f(expert.mean)}); random ${f(random.mean)}`);
}
