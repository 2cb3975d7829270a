/**
 * What does imitation buy? Runs forage under several conditions for several seeds and reports,
 * beside the scripted expert, how many generations and seconds each takes to reach 80% of the
 * expert's fitness, its final fitness, and the share of wall time spent learning.
 */
import { rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { mean, median, stdDev } from '../../agents/stats.ts';
import { resolveConfig } from '../../server/config/resolve.ts';
import { evaluateController, setupEpisode } from '../../server/evaluation/episodes.ts';
import { RunDir, type MetricsRow } from '../../server/run/run-dir.ts';

import { writeFileAtomic } from '../../server/atomic-file.ts';
import type { ExperimentOptions } from '../experiment.ts';
import { inParallel, runCoevo } from '../lib/parallel.ts';
import { table, writeSection } from '../lib/report.ts';
import { lineChart } from '../../server/reports/svg-plot.ts';
import { CURRENT_DEFAULTS } from '../lib/measured-with.ts';

interface Condition {
  name: string;
  label: string;
  color: string;
  imitation?: Record<string, unknown>;
}

const CONDITIONS: Condition[] = [
  { name: 'darwinian', label: 'evolution alone (darwinian)', color: '#7f7f7f' },
  { name: 'bc-scripted', label: 'BC from scripted', color: '#1f77b4', imitation: { experts: { scripted: 1 } } },
  { name: 'dagger-scripted', label: 'DAgger from scripted', color: '#d62728', imitation: { experts: { scripted: 1 }, method: 'dagger' } },
  { name: 'elite', label: 'elite imitation', color: '#2ca02c', imitation: { experts: { elite: 1 } } },
  { name: 'peer', label: 'peer imitation', color: '#9467bd', imitation: { experts: { peer: 1 } } },
  {
    name: 'bc-scripted-baldwinian',
    label: 'BC from scripted, baldwinian',
    color: '#17becf',
    imitation: { experts: { scripted: 1 }, inheritance: 'baldwinian' },
  },
];
const EVAL_EPISODES = 20;
const EVAL_SEED = 1000;
/** Rerun under today's defaults (closed-form sensors, fused kernels) on 2026-12-01. */
const PINNED = CURRENT_DEFAULTS;
const TARGET = 0.8;

export async function ablationExperiment(options: ExperimentOptions): Promise<void> {
  const seeds = Array.from({ length: options.seeds }, (_, i) => i + 1);
  const root = join(options.runs, 'ablation');
  mkdirSync(root, { recursive: true });
  const jobs = CONDITIONS.flatMap((condition) => seeds.map((seed) => ({ condition, seed, dir: join(root, condition.name, `seed-${seed}`) })));
  const started = performance.now();
  await inParallel(
    jobs.map(({ condition, seed, dir }) => async () => {
      rmSync(dir, { recursive: true, force: true });
      const configFile = join(root, `${condition.name}.json`);
      writeFileSync(configFile, JSON.stringify({ ...PINNED, ...(condition.imitation ? { imitation: condition.imitation } : {}) }));
      console.log(`ablation: ${condition.name}, seed ${seed}`);
      await runCoevo(['run', '--config', configFile, '--seed', String(seed), '--generations', String(options.generations), '--run-dir', dir, '--workers', '1', '--quiet']);
    }),
  );
  const wallSeconds = (performance.now() - started) / 1000;

  const world = await setupEpisode(resolveConfig(PINNED));
  const expert = evaluateController(world, { kind: 'expert' }, EVAL_EPISODES, EVAL_SEED);
  const target = TARGET * expert.mean;
  const f = (x: number) => x.toFixed(2);
  const summaries = CONDITIONS.map((condition) => {
    const runs = seeds.map((seed) => new RunDir(join(root, condition.name, `seed-${seed}`)).readMetrics());
    const curve = (pick: (row: MetricsRow) => number) => Array.from({ length: options.generations }, (_, g) => median(runs.map((rows) => pick(rows[g]))));
    const clock = Array.from({ length: options.generations }, (_, g) => median(runs.map((rows) => rows.slice(0, g + 1).reduce((s, r) => s + (r.seconds as number), 0))));
    const best = curve((row) => row.fitness.best);
    const meanCurve = curve((row) => row.fitness.mean);
    const reach = (values: number[]) => values.findIndex((v) => v >= target);
    const learnShare = median(runs.flatMap((rows) => rows.map((r) => ((r.learnSeconds as number | undefined) ?? 0) / (r.seconds as number))));
    return {
      condition,
      best,
      meanCurve,
      clock,
      learnShare,
      bestAt: reach(best),
      meanAt: reach(meanCurve),
      finalBest: runs.map((rows) => rows[rows.length - 1].fitness.best),
      finalMean: runs.map((rows) => rows[rows.length - 1].fitness.mean),
    };
  });
  const when = (at: number, clock: number[]) => (at < 0 ? `not in ${options.generations}` : `${at + 1} (${clock[at].toFixed(0)} s)`);

  writeFileAtomic(
    join(options.out, 'results-ablation-generations.svg'),
    lineChart(
      [
        ...summaries.map((s) => ({ label: s.condition.label, color: s.condition.color, points: s.meanCurve.map((y, g): [number, number] => [g + 1, y]) })),
        {
          label: 'scripted expert',
          color: '#000000',
          dashed: true,
          points: [
            [1, expert.mean],
            [options.generations, expert.mean],
          ],
        },
      ],
      { title: 'forage: population mean fitness by generation (median of seeds)', xLabel: 'generation', yLabel: 'food eaten per episode' },
    ),
  );
  writeFileAtomic(
    join(options.out, 'results-ablation-seconds.svg'),
    lineChart(
      [
        ...summaries.map((s) => ({ label: s.condition.label, color: s.condition.color, points: s.meanCurve.map((y, g): [number, number] => [s.clock[g], y]) })),
        {
          label: 'scripted expert',
          color: '#000000',
          dashed: true,
          points: [
            [0, expert.mean],
            [Math.max(...summaries.map((s) => s.clock[s.clock.length - 1])), expert.mean],
          ],
        },
      ],
      { title: 'forage: population mean fitness by wall-clock time (median of seeds)', xLabel: 'seconds (one worker)', yLabel: 'food eaten per episode' },
    ),
  );

  const darwinian = summaries[0];
  const scripted = summaries.filter((s) => s.condition.name.includes('scripted') && !s.condition.name.includes('baldwinian'));
  const speedup = (s: (typeof summaries)[number]) =>
    s.meanAt < 0 ? 'n/a' : darwinian.meanAt < 0 ? `> ${(options.generations / (s.meanAt + 1)).toFixed(1)}x` : `${((darwinian.meanAt + 1) / (s.meanAt + 1)).toFixed(1)}x`;
  writeSection(
    join(options.out, 'results.md'),
    'ablation',
    `
## What imitation buys (ablation)

Command: \`npm run experiment -- ablation --seeds ${seeds.length} --generations ${options.generations}\`: forage with the default config (population 64, 20-second episodes; today's closed-form sensors and fused kernels) under ${CONDITIONS.length} conditions × ${seeds.length} seeds, each run on one worker, two runs at a time; ${(wallSeconds / 60).toFixed(0)} minutes in all, measured ${new Date().toISOString().slice(0, 10)}. Imitation settings are the defaults (a quarter of the population learns each generation: 50 Adam steps of batch 64 on 2,048 pairs drawn from the expert mix, learning rate 0.01, Lamarckian unless marked). The scripted expert scores ${f(expert.mean)} ± ${f(expert.std)} (\`coevo eval --expert\`, ${EVAL_EPISODES} episodes); the target is 80% of it, ${f(target)}.

![mean fitness by generation](results-ablation-generations.svg)
![mean fitness by wall-clock time](results-ablation-seconds.svg)

${table(
  [
    'condition',
    'generation (and seconds) where the median population mean reaches 80%',
    'same for the median best',
    'final mean (± sd over seeds)',
    'final best (± sd)',
    'learning share of wall time',
  ],
  summaries.map((s) => [
    s.condition.label,
    when(s.meanAt, s.clock),
    when(s.bestAt, s.clock),
    `${f(mean(s.finalMean))} ± ${f(stdDev(s.finalMean))}`,
    `${f(mean(s.finalBest))} ± ${f(stdDev(s.finalBest))}`,
    `${(s.learnShare * 100).toFixed(0)}%`,
  ]),
)}

**Target:** imitation of the scripted expert reaches 80% of expert fitness in at most half the generations evolution alone needs, with learning taking at most half of a generation's wall time. **Measured** (population mean): ${scripted.map((s) => `${s.condition.label} ${when(s.meanAt, s.clock)}, ${speedup(s)} fewer generations than evolution alone (${when(darwinian.meanAt, darwinian.clock)}), learning ${(s.learnShare * 100).toFixed(0)}% of wall time`).join('; ')}.
`,
  );
  console.log(`ablation: done in ${(wallSeconds / 60).toFixed(1)} min`);
}
