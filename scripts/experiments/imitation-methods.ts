/**
 * The four imitation methods of the method, beside evolution alone, in forage, locomotion (the
 * crawler) and sumo (red imitates, blue evolves): behaviour cloning, DAgger, behaviour prediction,
 * feature matching (moments and MMD), adversarial imitation, and from states-only demonstrations
 * feature matching and GAIfO with no reward from the world (task weight 0). Every run has the same
 * budget; the report gives, per world and method, generations and seconds to 80% of the expert,
 * final and champion-against-equals fitness as shares of the expert's, the feature distance to the
 * expert and the learning share of wall time. Runs already complete are kept, so an interrupted
 * experiment continues where it stopped.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { mean, median, stdDev } from '../../agents/stats.ts';
import { writeFileAtomic } from '../../server/atomic-file.ts';
import { resolveConfig } from '../../server/config/resolve.ts';
import { CURRENT_DEFAULTS } from '../lib/measured-with.ts';
import { evaluateController } from '../../server/evaluation/episodes.ts';
import { SERIES_COLOURS, lineChart } from '../../server/reports/svg-plot.ts';
import { RunDir, type GenerationRow } from '../../server/run/run-dir.ts';
import type { ExperimentOptions } from '../experiment.ts';
import { featureDistanceOf, measuresFor, scoreAgainst } from '../lib/imitation-measures.ts';
import { inParallel, runCoevo } from '../lib/parallel.ts';
import { table, writeSection } from '../lib/report.ts';

/** Steps between recorded pairs, in the runs and in the states-only demonstrations alike. */
const EVERY = 2;
const EVAL_EPISODES = 10;
const TARGET = 0.8;

interface World {
  name: 'forage' | 'locomotion' | 'sumo';
  /** The run's config without imitation; `imitation` goes to the whole run, or to red in sumo. */
  config: Record<string, unknown>;
  what: string;
}

const WORLDS: World[] = [
  {
    name: 'forage',
    config: { ...CURRENT_DEFAULTS, physics: { rapier: 'simd' }, evolution: { populationSize: 320 }, worlds: { forage: { episodeSeconds: 25, sensors: 'analytic' } } },
    what: 'population 320 in arenas of 8, 25-second episodes',
  },
  {
    name: 'locomotion',
    config: { ...CURRENT_DEFAULTS, scenario: 'locomotion', physics: { rapier: 'simd' }, evolution: { populationSize: 320 }, worlds: { locomotion: { episodeSeconds: 12 } } },
    what: 'population 320 crawlers in lanes of 4, 12-second episodes',
  },
  {
    name: 'sumo',
    config: { ...CURRENT_DEFAULTS, scenario: 'sumo', physics: { rapier: 'simd' }, evolution: { populationSize: 96 }, coevolution: { matchesPerMember: 3 }, worlds: { sumo: { episodeSeconds: 10 } } },
    what: 'red and blue populations of 96 balls, 10-second bouts, 3 matches a member; red imitates, blue evolves',
  },
];

interface Method {
  name: string;
  label: string;
  /** The imitation settings; `states` names the states-only demonstration file instead of the scripted expert. */
  imitation?: Record<string, unknown>;
  states?: boolean;
}

const METHODS: Method[] = [
  { name: 'evolution', label: 'evolution alone' },
  { name: 'bc', label: 'BC', imitation: { experts: { scripted: 1 } } },
  { name: 'dagger', label: 'DAgger', imitation: { experts: { scripted: 1 }, method: 'dagger' } },
  { name: 'bp', label: 'behaviour prediction', imitation: { experts: { scripted: 1 }, method: 'bp' } },
  { name: 'fm-moments', label: 'feature matching (moments)', imitation: { experts: { scripted: 1 }, method: 'fm' } },
  { name: 'fm-mmd', label: 'feature matching (MMD)', imitation: { experts: { scripted: 1 }, method: 'fm', fm: { statistic: 'mmd' } } },
  { name: 'gail', label: 'GAIL', imitation: { experts: { scripted: 1 }, method: 'gail' } },
  { name: 'fm-states', label: 'states only: feature matching, task weight 0', states: true, imitation: { method: 'fm', taskWeight: 0 } },
  { name: 'gaifo-states', label: 'states only: GAIfO, task weight 0', states: true, imitation: { method: 'gaifo', taskWeight: 0 } },
];

export async function imitationMethodsExperiment(options: ExperimentOptions): Promise<void> {
  const seeds = Array.from({ length: options.seeds }, (_, i) => i + 1);
  const root = join(options.runs, 'imitation-methods');
  mkdirSync(root, { recursive: true });
  const started = performance.now();
  for (const world of WORLDS) await recordStates(root, world);
  const jobs = WORLDS.flatMap((world) => METHODS.flatMap((method) => seeds.map((seed) => ({ world, method, seed, dir: runDir(root, world, method, seed) }))));
  await inParallel(
    jobs.map((job) => async () => {
      const done = rowsOf(job.dir);
      if (done >= options.generations) return;
      // A run cut short (Ctrl-C, a stopped experiment) continues from its newest checkpoint.
      if (done > 0) {
        console.log(`imitation-methods: ${job.world.name}, ${job.method.name}, seed ${job.seed}, from generation ${done}`);
        return void (await runCoevo(['run', '--resume', job.dir, '--generations', String(options.generations), '--quiet']));
      }
      const file = join(root, `${job.world.name}-${job.method.name}.json`);
      writeFileSync(file, JSON.stringify(configOf(root, job.world, job.method)));
      console.log(`imitation-methods: ${job.world.name}, ${job.method.name}, seed ${job.seed}`);
      await runCoevo(['run', '--config', file, '--seed', String(job.seed), '--generations', String(options.generations), '--run-dir', job.dir, '--workers', '1', '--quiet']);
    }),
  );
  const wallMinutes = (performance.now() - started) / 60_000;
  const reports = [];
  for (const world of WORLDS) reports.push(await report(root, world, seeds, options));
  const sections = reports.map((r) => r.text);
  const [forage, locomotion, sumo] = reports.map((r) => r.numbers);
  writeSection(
    join(options.out, 'results.md'),
    'imitation-methods',
    `
## The four imitation methods

Command: \`npm run experiment -- imitation-methods --seeds ${seeds.length} --generations ${options.generations}\`, ${(wallMinutes).toFixed(0)} minutes on this 2-core machine (runs already complete were kept), measured ${new Date().toISOString().slice(0, 10)}. Every run: ${options.generations} generations on one worker, two runs at a time; imitation at its defaults unless named (a quarter of the population learns 50 Adam steps a generation for bc, dagger and bp; fm, gail and gaifo score every member and weigh the score 1:1 with the task, or alone with task weight 0), pairs and states recorded every ${EVERY} control steps. States-only demonstrations: \`coevo record --expert scripted --states-only --every ${EVERY}\`, 8 episodes (sumo: the red role). "Task" is what the world rewards (for fm, gail and gaifo its own part of the fitness).

${sections.join('\n\n')}

### Targets

${targets(forage, locomotion, sumo, options.generations)}
`,
  );
}

/** The issue's three targets, read off the measures: met or not, with the figures. */
function targets(forage: Numbers, locomotion: Numbers, sumo: Numbers, generations: number): string {
  const pct = (x: number) => `${(100 * x).toFixed(0)}%`;
  const statesOnly = ['fm-states', 'gaifo-states'].map((name) => ({ name, final: mean(locomotion.get(name)!.final), equals: mean(locomotion.get(name)!.equals) }));
  const walker = statesOnly.reduce((a, b) => (b.final > a.final ? b : a));
  const bc = forage.get('bc')!;
  const close = ['bp', 'fm-moments', 'fm-mmd', 'gail'].filter((name) => {
    const m = forage.get(name)!;
    return Math.abs(mean(m.final) - mean(bc.final)) <= Math.max(stdDev(m.final), stdDev(bc.final));
  });
  const alone = sumo.get('evolution')!.generations;
  const imitating = [...sumo.entries()].filter(([name]) => name !== 'evolution');
  const fastest = imitating.reduce((a, b) => (b[1].generations < a[1].generations ? b : a));
  const speedup = Number.isFinite(alone) && Number.isFinite(fastest[1].generations) ? alone / fastest[1].generations : Number.NaN;
  const gens = (g: number) => (Number.isFinite(g) ? `${g}` : `not in ${generations}`);
  return [
    `- Locomotion, states only with task weight 0, at least 80% of the gait's speed: the better of fm and GAIfO (${walker.name}) reaches ${pct(walker.final)} as a population mean and ${pct(walker.equals)} as a champion among equals: ${walker.final >= 0.8 || walker.equals >= 0.8 ? 'met' : 'not met'}.`,
    `- Forage, at least one of bp, fm or gail matching bc within the seeds' spread (bc ${pct(mean(bc.final))} ± ${pct(stdDev(bc.final))}): ${close.length ? `met by ${close.join(', ')}` : 'not met'}.`,
    `- Sumo, imitation at least halving the generations to beat random: evolution alone ${gens(alone)}, the fastest imitation (${fastest[0]}) ${gens(fastest[1].generations)}: ${speedup >= 2 ? `met (${speedup.toFixed(1)}x)` : Number.isFinite(speedup) ? `not met (${speedup.toFixed(1)}x)` : 'not measurable in this budget'}.`,
  ].join('\n');
}

function runDir(root: string, world: World, method: Method, seed: number): string {
  return join(root, world.name, method.name, `seed-${seed}`);
}

/** Metrics rows a run has written (0: none yet). */
function rowsOf(dir: string): number {
  return existsSync(join(dir, 'metrics.jsonl')) ? new RunDir(dir).readMetrics().length : 0;
}

/** The expert's states-only demonstrations of the world (sumo: red), recorded once. */
async function recordStates(root: string, world: World): Promise<void> {
  const file = join(root, `${world.name}-states.msgpack`);
  if (existsSync(file)) return;
  const config = join(root, `${world.name}-world.json`);
  writeFileSync(config, JSON.stringify(world.config));
  const role = world.name === 'sumo' ? ['--role', 'red'] : [];
  await runCoevo(['record', '--config', config, ...role, '--expert', 'scripted', '--states-only', '--episodes', '8', '--every', String(EVERY), '--out', file]);
}

function configOf(root: string, world: World, method: Method): Record<string, unknown> {
  if (!method.imitation) return world.config;
  const imitation = {
    recordEvery: EVERY,
    ...method.imitation,
    ...(method.states ? { experts: { dataset: 1 }, datasetFile: join(root, `${world.name}-states.msgpack`) } : {}),
  };
  if (world.name !== 'sumo') return { ...world.config, imitation };
  return {
    ...world.config,
    populations: [
      { name: 'red', role: 'red', imitation: { learnFraction: 0.25, ...imitation } },
      { name: 'blue', role: 'blue' },
    ],
  };
}

/** Population mean of what the world rewards, per generation (red's in sumo). */
function taskCurve(rows: GenerationRow[]): number[] {
  return rows.map((row) => {
    type Stats = { taskFitness?: { mean: number }; fitness: { mean: number } };
    const stats = (row.populations ? (row.populations as Record<string, Stats>).red : row) as unknown as Stats;
    return (stats.taskFitness ?? stats.fitness).mean;
  });
}

/** What the targets read, per method: final population mean and champion among equals as shares of the expert, generations to the goal. */
type Numbers = Map<string, { final: number[]; equals: number[]; generations: number }>;

async function report(root: string, world: World, seeds: number[], options: ExperimentOptions): Promise<{ text: string; numbers: Numbers }> {
  const numbers: Numbers = new Map();
  const config = resolveConfig({ ...world.config, workers: 0 });
  const measures = await measuresFor(config, 4, EVERY);
  const sumo = world.name === 'sumo';
  const expert = sumo ? null : evaluateController(measures.setup, { kind: 'expert' }, EVAL_EPISODES, 1000).mean;
  const f = (x: number) => x.toFixed(2);
  const spread = (values: number[]) => `${f(mean(values))} ± ${f(stdDev(values))}`;
  const curves: { label: string; points: [number, number][] }[] = [];
  const rows = METHODS.map((method) => {
    const dirs = seeds.map((seed) => runDir(root, world, method, seed));
    const runs = dirs.map((dir) => new RunDir(dir).readMetrics());
    const curvesOf = runs.map(taskCurve);
    curves.push({ label: method.label, points: Array.from({ length: options.generations }, (_, g) => [g + 1, median(curvesOf.map((c) => c[g]))]) });
    const learnShare = median(runs.flatMap((r) => r.map((row) => ((row.learnSeconds as number | undefined) ?? 0) / (row.seconds as number))));
    const last = options.generations - 1;
    const champion = (dir: string) =>
      sumo ? join(dir, 'champions', 'red', `gen-${String(last).padStart(6, '0')}`) : join(dir, 'checkpoints', `gen-${String(options.generations).padStart(6, '0')}`, 'champion');
    const distance = median(dirs.map((dir) => featureDistanceOf(measures, champion(dir), 4, EVERY)));
    if (sumo) {
      const beats = dirs.map((dir) => {
        for (let g = 0; g < options.generations; g += 2) {
          if (scoreAgainst(measures, join(dir, 'champions', 'red', `gen-${String(g).padStart(6, '0')}`), 'random', 10) >= 0.6) return g + 1;
        }
        return Number.POSITIVE_INFINITY;
      });
      const gens = median(beats);
      numbers.set(method.name, { final: [], equals: [], generations: gens });
      return [
        method.label,
        Number.isFinite(gens) ? String(gens) : `not in ${options.generations}`,
        spread(dirs.map((d) => scoreAgainst(measures, champion(d), 'random', 20))),
        spread(dirs.map((d) => scoreAgainst(measures, champion(d), 'expert', 20))),
        f(distance),
        `${(learnShare * 100).toFixed(0)}%`,
      ];
    }
    const reach = curvesOf.map((c) => c.findIndex((v) => v >= TARGET * expert!));
    const seconds = runs.map((r, i) => (reach[i] < 0 ? Number.POSITIVE_INFINITY : r.slice(0, reach[i] + 1).reduce((s, row) => s + (row.seconds as number), 0)));
    const gens = median(reach.map((at) => (at < 0 ? Number.POSITIVE_INFINITY : at + 1)));
    const equals = dirs.map((dir) => evaluateController(measures.setup, { kind: 'checkpoint', path: dir }, EVAL_EPISODES, 1000).mean / expert!);
    numbers.set(method.name, { final: curvesOf.map((c) => c[last] / expert!), equals, generations: gens });
    return [
      method.label,
      Number.isFinite(gens) ? `${gens} (${median(seconds).toFixed(0)} s)` : `not in ${options.generations}`,
      spread(curvesOf.map((c) => c[last] / expert!)),
      spread(equals),
      f(distance),
      `${(learnShare * 100).toFixed(0)}%`,
    ];
  });
  const plot = `results-imitation-${world.name}.svg`;
  const series = curves.map((c, i) => ({ ...c, color: SERIES_COLOURS[i % SERIES_COLOURS.length] as string, dashed: i >= SERIES_COLOURS.length }));
  if (expert !== null)
    series.push({
      label: 'scripted expert',
      color: '#000000',
      dashed: true,
      points: [
        [1, expert],
        [options.generations, expert],
      ],
    });
  writeFileAtomic(
    join(options.out, plot),
    lineChart(series, { title: `${world.name}: population mean task fitness (median of seeds)`, xLabel: 'generation', yLabel: sumo ? "red's fitness" : 'task fitness', yFromData: sumo }),
  );
  const headers = sumo
    ? [
        'method',
        "median generation where red's champion first scores 0.6 against random blue (every 2nd generation)",
        'last champion vs random (score ± sd)',
        'last champion vs the expert',
        'feature distance to the expert (median)',
        'learning share',
      ]
    : [
        'method',
        `generation (seconds) where the population mean reaches ${TARGET * 100}% of the expert (median of seeds)`,
        'final mean / expert (± sd)',
        'champion among equals / expert (± sd)',
        'feature distance to the expert (median)',
        'learning share',
      ];
  const title = `### ${world.name} (${world.what})${expert !== null ? `: the scripted expert scores ${f(expert)}` : ''}`;
  return { text: `${title}\n\n${table(headers, rows)}\n\n![${world.name}](${plot})`, numbers };
}
