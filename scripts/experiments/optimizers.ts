/**
 * `npm run experiment -- optimizers`: the strategies of `evolution.algorithm` (ga, openai-es,
 * pgpe, sep-cma-es, map-elites) in forage, locomotion (the crawler) and sumo (optimizers-sumo.ts), each alone and with
 * behaviour cloning of the scripted expert (Lamarckian: learners written back, which for a
 * distribution means injection), and in forage the distributions also with Baldwinian imitation,
 * to measure what injection does. Every strategy plays the same arenas a generation (λ =
 * populationSize) from its defaults (σ₀ = mutationStd 0.05). Reports fitness against episodes
 * played and against wall seconds, and each run's last champion (and a distribution's centre) against equals as a share of the
 * expert's. Runs already complete are kept, so an interrupted experiment continues where it stopped.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { mean, median, stdDev } from '../../agents/stats.ts';
import { writeFileAtomic } from '../../server/atomic-file.ts';
import { resolveConfig } from '../../server/config/resolve.ts';
import { evaluateController, setupEpisode } from '../../server/evaluation/episodes.ts';
import { SERIES_COLOURS, lineChart, type Series } from '../../server/reports/svg-plot.ts';
import { savePolicy } from '../../agents/policy-file.ts';
import { championHeader } from '../../server/run/champions.ts';
import { findCheckpoint } from '../../server/run/checkpoint.ts';
import { planRun } from '../../server/run/populations.ts';
import { RunDir, type GenerationRow } from '../../server/run/run-dir.ts';
import { readRunState } from '../../server/run/state.ts';
import type { ExperimentOptions } from '../experiment.ts';
import { inParallel, runCoevo } from '../lib/parallel.ts';
import { table, writeSection } from '../lib/report.ts';
import { runComplete } from '../lib/run-complete.ts';
import { SUMO_MATCHES_PER_MEMBER, SUMO_POPULATION, sumoReport } from './optimizers-sumo.ts';

const EVAL_EPISODES = 10;
const EVAL_SEED = 1000;
const TARGET = 0.8;
const STRATEGIES = ['ga', 'openai-es', 'pgpe', 'sep-cma-es', 'map-elites'] as const;
const DISTRIBUTIONS = ['openai-es', 'pgpe', 'sep-cma-es'];

interface World {
  name: 'forage' | 'locomotion' | 'sumo';
  config: Record<string, unknown>;
  what: string;
  /** Arenas a generation plays (every strategy the same). */
  arenas: number;
  /** Whether the distributions also run with Baldwinian imitation here. */
  baldwinian: boolean;
}

const WORLDS: World[] = [
  { name: 'forage', config: { evolution: { populationSize: 64 } }, what: 'population 64 in 8 arenas of 8, 20-second episodes', arenas: 8, baldwinian: true },
  {
    name: 'locomotion',
    config: { scenario: 'locomotion', evolution: { populationSize: 64 }, worlds: { locomotion: { episodeSeconds: 12 } } },
    what: 'population 64 crawlers in 16 lanes of 4, 12-second episodes',
    arenas: 16,
    baldwinian: false,
  },
  {
    name: 'sumo',
    config: { scenario: 'sumo', evolution: { populationSize: SUMO_POPULATION }, coevolution: { matchesPerMember: SUMO_MATCHES_PER_MEMBER } },
    what: 'sumo',
    arenas: 2 * SUMO_POPULATION * SUMO_MATCHES_PER_MEMBER,
    baldwinian: false,
  },
];

interface Arm {
  name: string;
  label: string;
  imitation: Record<string, unknown> | null;
  coevolution?: Record<string, unknown>;
}

const ARMS: Arm[] = [
  { name: 'alone', label: 'alone', imitation: null },
  { name: 'bc', label: 'BC, Lamarckian', imitation: { experts: { scripted: 1 } } },
  { name: 'bc-baldwinian', label: 'BC, Baldwinian', imitation: { experts: { scripted: 1 }, inheritance: 'baldwinian' } },
  // Sumo's MAP-Elites populations also play opponents drawn from the rival's archive, for diversity.
  { name: 'archive', label: 'alone, opponents from the archive', imitation: null, coevolution: { opponents: 'archive' } },
];

function armsOf(world: World, strategy: string): Arm[] {
  return ARMS.filter((arm) => {
    if (arm.name === 'bc-baldwinian') return world.baldwinian && DISTRIBUTIONS.includes(strategy);
    if (arm.name === 'archive') return world.name === 'sumo' && strategy === 'map-elites';
    return true;
  });
}

export async function optimizersExperiment(options: ExperimentOptions): Promise<void> {
  const seeds = Array.from({ length: options.seeds }, (_, i) => i + 1);
  const root = join(options.runs, 'optimizers');
  mkdirSync(root, { recursive: true });
  const started = performance.now();
  const jobs = WORLDS.flatMap((world) => STRATEGIES.flatMap((strategy) => armsOf(world, strategy).flatMap((arm) => seeds.map((seed) => ({ world, strategy, arm, seed })))));
  let ran = 0;
  await inParallel(
    jobs.map((job) => async () => {
      const dir = runDir(root, job.world, job.strategy, job.arm, job.seed);
      if (runComplete(dir, options.generations)) return;
      const file = join(root, `${job.world.name}-${job.strategy}-${job.arm.name}.json`);
      const coevolution = job.arm.coevolution ? { coevolution: { ...(job.world.config.coevolution as object), ...job.arm.coevolution } } : {};
      const config = {
        ...job.world.config,
        evolution: { ...(job.world.config.evolution as object), algorithm: job.strategy },
        ...(job.arm.imitation ? { imitation: job.arm.imitation } : {}),
        ...coevolution,
      };
      writeFileSync(file, JSON.stringify(config));
      console.log(`optimizers: ${job.world.name}, ${job.strategy}, ${job.arm.name}, seed ${job.seed}`);
      await runCoevo(['run', '--config', file, '--seed', String(job.seed), '--generations', String(options.generations), '--run-dir', dir, '--workers', '1', '--quiet']);
      ran++;
    }),
  );
  // The runs' wall time over every invocation that played some of them (runs already complete are kept).
  const wallFile = join(root, 'wall.json');
  const wall: { minutes: number; runs: number } = existsSync(wallFile) ? JSON.parse(readFileSync(wallFile, 'utf8')) : { minutes: 0, runs: 0 };
  if (ran > 0) writeFileSync(wallFile, JSON.stringify({ minutes: wall.minutes + (performance.now() - started) / 60_000, runs: wall.runs + ran }));
  const { minutes, runs } = existsSync(wallFile) ? (JSON.parse(readFileSync(wallFile, 'utf8')) as typeof wall) : wall;
  const sections: string[] = [];
  const best: Record<string, { alone: Cell; imitating: Cell }> = {};
  let forageCells = new Map<string, Cell>();
  for (const world of WORLDS.filter((w) => w.name !== 'sumo')) {
    const { text, cells } = await report(root, world, seeds, options);
    sections.push(text);
    const pick = (arm: string) => [...cells.values()].filter((c) => c.arm === arm).reduce((a, b) => (mean(b.equals) > mean(a.equals) ? b : a));
    best[world.name] = { alone: pick('alone'), imitating: pick('bc') };
    if (world.name === 'forage') forageCells = cells;
  }
  const sumoWorld = WORLDS.find((w) => w.name === 'sumo')!;
  const sumo = await sumoReport(
    root,
    STRATEGIES.flatMap((strategy) =>
      armsOf(sumoWorld, strategy).map((arm) => ({
        strategy,
        arm: arm.name,
        armLabel: arm.label,
        label: `${strategy}, ${arm.label}`,
        dirs: seeds.map((seed) => runDir(root, sumoWorld, strategy, arm, seed)),
      })),
    ),
    options,
  );
  sections.push(sumo.text);
  const imitatingAbove = sumo.aboveExpert.filter((a) => a.arm.startsWith('bc'));
  const aloneAbove = sumo.aboveExpert.filter((a) => !a.arm.startsWith('bc'));
  const pct = (x: number) => `${(100 * x).toFixed(0)}%`;
  const forage = best.forage;
  const centreBest = [...forageCells.values()].filter((c) => c.arm === 'bc' && c.centres.length).reduce((a, b) => (mean(b.centres) > mean(a.centres) ? b : a));
  writeSection(
    join(options.out, 'results.md'),
    'optimizers',
    `
## Optimizers in the worlds

Command: \`npm run experiment -- optimizers --seeds ${seeds.length} --generations ${options.generations}\`, ${minutes.toFixed(0)} minutes on this 2-core machine for the ${runs} runs (over every invocation that played some; runs already complete are kept), then the sumo tournament, measured ${new Date().toISOString().slice(0, 10)}. Every run: ${options.generations} generations on one worker, two runs at a time, each strategy at its defaults (docs/optimizers.md; σ₀ = \`mutationStd\` 0.05, λ = \`populationSize\`), so every strategy plays the same arenas a generation. Imitation: behaviour cloning of the scripted expert at its defaults (a quarter of the population learns 50 Adam steps a generation); Lamarckian writes learners back (for the distributions: injection, clipped), Baldwinian lets them play and tells the strategy their fitness. "Champion" is each run's last saved champion (the best member of the last generation, for the distributions a sample), playing ${EVAL_EPISODES} fresh episodes as eight copies of itself (an arena of equals), as the expert is measured; the distributions' centres (their own estimate of the best network, saved as \`centre\` in each checkpoint) are played the same way.

${sections.join('\n\n')}

### Targets

- Evolution alone, with the best strategy, brings forage champions to at least 80% of the expert against equals: the best is ${forage.alone.strategy} at ${pct(mean(forage.alone.equals))} ± ${pct(stdDev(forage.alone.equals))}: ${mean(forage.alone.equals) >= TARGET ? 'met' : 'not met'}.
- With imitation, some strategy produces forage champions above 100% of the expert against equals: the best is ${forage.imitating.strategy} at ${pct(mean(forage.imitating.equals))} ± ${pct(stdDev(forage.imitating.equals))}, and the best distribution's centre ${centreBest.strategy}'s at ${pct(mean(centreBest.centres))} ± ${pct(stdDev(centreBest.centres))}: ${Math.max(mean(forage.imitating.equals), mean(centreBest.centres)) > 1 ? 'met' : 'not met'}.
- With imitation, some strategy produces sumo champions rated above the expert beyond the 95% interval: ${imitatingAbove.length ? `met by ${imitatingAbove.map((a) => a.label).join('; ')}` : 'not met by any strategy'}${aloneAbove.length ? `; without imitation: ${aloneAbove.map((a) => a.label).join('; ')}` : ''}.
`,
  );
}

function runDir(root: string, world: World, strategy: string, arm: Arm, seed: number): string {
  return join(root, world.name, strategy, arm.name, `seed-${seed}`);
}

interface Cell {
  strategy: string;
  arm: string;
  final: number[];
  equals: number[];
  /** A distribution's centre among equals / expert (empty for the GA and MAP-Elites). */
  centres: number[];
}

/** Population mean of what the world rewards, per generation. */
function meanCurve(rows: GenerationRow[]): number[] {
  return rows.map((row) => ((row.taskFitness as { mean: number } | undefined) ?? (row.fitness as { mean: number })).mean);
}

async function report(root: string, world: World, seeds: number[], options: ExperimentOptions): Promise<{ text: string; cells: Map<string, Cell> }> {
  const setup = await setupEpisode(resolveConfig({ ...world.config, workers: 0 }));
  const expert = evaluateController(setup, { kind: 'expert' }, EVAL_EPISODES, EVAL_SEED).mean;
  const random = evaluateController(setup, { kind: 'random' }, EVAL_EPISODES, EVAL_SEED).mean;
  const last = options.generations - 1;
  const f = (x: number) => x.toFixed(2);
  const spread = (values: number[]) => `${f(mean(values))} ± ${f(stdDev(values))}`;
  const cells = new Map<string, Cell>();
  const byEpisodes: Series[] = [];
  const bySeconds: Series[] = [];
  const rows: string[][] = [];
  STRATEGIES.forEach((strategy, s) => {
    for (const arm of armsOf(world, strategy)) {
      const dirs = seeds.map((seed) => runDir(root, world, strategy, arm, seed));
      const runs = dirs.map((dir) => new RunDir(dir).readMetrics().slice(0, options.generations));
      const curves = runs.map(meanCurve);
      const seconds = runs.map((r) => cumulative(r.map((row) => row.seconds as number)));
      const median1 = (g: number) => median(curves.map((c) => c[g]));
      const label = `${strategy}, ${arm.label}`;
      if (arm.name !== 'bc-baldwinian') {
        const style = { color: SERIES_COLOURS[s % SERIES_COLOURS.length] as string, dashed: arm.name === 'bc' };
        const short = arm.name === 'bc' ? `${strategy} + BC` : strategy;
        byEpisodes.push({ label: short, ...style, points: curves[0].map((_, g) => [(g + 1) * world.arenas, median1(g)]) });
        bySeconds.push({ label: short, ...style, points: curves[0].map((_, g) => [median(seconds.map((t) => t[g])), median1(g)]) });
      }
      const equals = dirs.map((dir) => evaluateController(setup, { kind: 'checkpoint', path: dir }, EVAL_EPISODES, EVAL_SEED).mean / expert);
      const final = curves.map((c) => c[last] / expert);
      const reach = curves.map((c) => c.findIndex((v) => v >= TARGET * expert));
      const gens = median(reach.map((at) => (at < 0 ? Number.POSITIVE_INFINITY : at + 1)));
      // A distribution's centre (saved beside the champion; derived from the checkpoint's state for runs made before it was).
      const centres = DISTRIBUTIONS.includes(strategy) ? dirs.map((dir) => evaluateController(setup, { kind: 'policy', path: centreOf(dir, world) }, EVAL_EPISODES, EVAL_SEED).mean / expert) : [];
      cells.set(label, { strategy, arm: arm.name, final, equals, centres });
      const centre = centres.length ? spread(centres) : '—';
      rows.push([strategy, arm.label, Number.isFinite(gens) ? String(gens) : `not in ${options.generations}`, spread(final), spread(equals), centre, f(median(seconds.map((t) => t[last])))]);
    }
  });
  const expertLine = (points: [number, number][]): Series => ({ label: 'scripted expert', color: '#000000', dashed: true, points });
  const episodes = options.generations * world.arenas;
  const maxSeconds = Math.max(...bySeconds.flatMap((series) => series.points.map(([x]) => x)));
  const plots = [
    {
      file: `results-optimizers-${world.name}-episodes.svg`,
      series: [
        ...byEpisodes,
        expertLine([
          [world.arenas, expert],
          [episodes, expert],
        ]),
      ],
      x: 'arena-episodes played',
    },
    {
      file: `results-optimizers-${world.name}-seconds.svg`,
      series: [
        ...bySeconds,
        expertLine([
          [0, expert],
          [maxSeconds, expert],
        ]),
      ],
      x: 'wall seconds (one worker, median of seeds)',
    },
  ];
  for (const plot of plots) {
    writeFileAtomic(join(options.out, plot.file), lineChart(plot.series, { title: `${world.name}: population mean fitness (median of seeds); dashed: with BC`, xLabel: plot.x, yLabel: 'fitness' }));
  }
  const text = `### ${world.name} (${world.what}): the scripted expert scores ${f(expert)}, random actions ${f(random)}

${table(
  [
    'strategy',
    'imitation',
    `generation where the population mean reaches ${TARGET * 100}% of the expert (median)`,
    'final population mean / expert (± sd)',
    'champion among equals / expert (± sd)',
    "the distribution's centre among equals / expert (± sd)",
    'wall seconds a run (median)',
  ],
  rows,
)}

![${world.name}: fitness against episodes](${plots[0].file})
![${world.name}: fitness against wall seconds](${plots[1].file})`;
  return { text, cells };
}

/** The newest checkpoint's `centre` policy of a distribution's run, written from the checkpoint's state if the run predates it. */
function centreOf(dir: string, world: World): string {
  const checkpoint = findCheckpoint(dir);
  const path = join(checkpoint, 'centre');
  if (existsSync(path)) return path;
  const config = resolveConfig(JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8')));
  const population = planRun(config).populations[0];
  const state = readRunState(checkpoint);
  const { arrays, generation } = state.populations[0].algorithm.strategy!;
  const centre = Float32Array.from(arrays.theta ?? arrays.mu ?? arrays.m);
  savePolicy(path, championHeader(world.name, population, false, centre, config.seed, generation, Number.NaN), centre);
  return path;
}

function cumulative(values: number[]): number[] {
  let sum = 0;
  return values.map((v) => (sum += v));
}
