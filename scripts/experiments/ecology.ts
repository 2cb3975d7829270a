/**
 * `npm run experiment -- ecology [--seeds 5]`: neighbour-imitation strategies against `none` in one
 * persistent world. Each run grows to the food's carrying capacity, then at MOVE_AT the world
 * changes, in one of three ways (CHANGES): every food patch moves somewhere new (the issue's
 * change), or moving starts to cost 8 or 4 times as much (a schedule), which makes old behaviour
 * wrong rather than old places empty. At 8 times the world can carry far fewer agents than
 * before, so no population can come back to its old size; at 4 times it can carry most of them.
 * The report gives, per change and strategy (median of seeds, with the range): the capacity
 * reached and how fast, mean energy and lifespan on the plateau, the trough, the simulated time
 * the population takes to come back to 80% and 95% of its size before the change and stay there,
 * and the share it keeps at the end. Runs already complete are kept, so an interrupted
 * experiment continues.
 */
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RunDir } from '../../server/run/run-dir.ts';
import { generationsToRecover } from '../../server/reports/recovery.ts';
import { lineChart, SERIES_COLOURS } from '../../server/reports/svg-plot.ts';
import type { ExperimentOptions } from '../experiment.ts';
import { inParallel, runCoevo } from '../lib/parallel.ts';
import { table, writeSection } from '../lib/report.ts';
import { CURRENT_DEFAULTS } from '../lib/measured-with.ts';
import { ECOLOGY_DEFAULTS } from '../../worlds/ecology/options.ts';

/**
 * The arms: a strategy (`worlds.ecology.strategy`), each with a random quarter of the agents
 * learning; the two named `-dissatisfied` have the worst-fed quarter learn instead
 * (`learnWhen: "dissatisfied"`, copy-if-dissatisfied), and the two named `-critical` keep a copy
 * only if the learner then feeds no worse (`keepCopy: "critical"`, critical social learning).
 */
const STRATEGIES = ['none', 'success', 'prestige', 'conformist', 'random', 'success-dissatisfied', 'prestige-dissatisfied', 'success-critical', 'prestige-critical'] as const;
/** An arm's name ends in one of these to set a key of `worlds.ecology` beside its strategy. */
const ARM_SUFFIXES: Record<string, Record<string, string>> = {
  '-dissatisfied': { learnWhen: 'dissatisfied' },
  '-critical': { keepCopy: 'critical' },
};

/** An arm's keys of `worlds.ecology`. */
function armSettings(arm: string): Record<string, string> {
  const suffix = Object.keys(ARM_SUFFIXES).find((s) => arm.endsWith(s));
  return suffix ? { strategy: arm.slice(0, -suffix.length), ...ARM_SUFFIXES[suffix] } : { strategy: arm };
}
const MOVE_AT = 300;
const RUN_SECONDS = 600;
const REPORT_SECONDS = 5;
/** The plateau before the change over which capacity, energy and lifespan are measured. */
const PLATEAU: [number, number] = [200, MOVE_AT];
const WORLD = { size: 160, foodPatches: 2, patchRadius: 8, pelletsPerPatch: 320, initialAgents: 600, reportSeconds: REPORT_SECONDS, runSeconds: RUN_SECONDS };
/** The default cost of moving, before a rise. */
const MOVE_COST = ECOLOGY_DEFAULTS.moveCost;
/** A recovery counts once the population stays back this long: a noisy population's brief return while still falling is not one. */
const HOLD_SECONDS = 50;
/** The latest recovery a run can show: one that starts later has no time left to hold. */
const LAST_VISIBLE_RECOVERY = RUN_SECONDS - MOVE_AT - HOLD_SECONDS;

interface Change {
  /** Where its runs go, under the experiment's folder; and its plot. */
  folder: string;
  plot: string;
  /** What the world gets on top of WORLD: moveFoodAt, or a schedule. */
  config: Record<string, unknown>;
  what: string;
  /** The plot's label at the change. */
  marker: string;
}

/** Moving costs `factor` times as much from MOVE_AT on, by a schedule. */
function costRise(folder: string, factor: number): Change {
  const after = Math.round(MOVE_COST * factor * 100) / 100;
  return {
    folder,
    plot: `results-${folder}.svg`,
    config: { schedule: [{ at: MOVE_AT, set: { worlds: { ecology: { moveCost: after } } } }] },
    what: `moving starts to cost ${factor} times as much (\`moveCost\` ${MOVE_COST} → ${after}, by the schedule \`{ at: ${MOVE_AT}, set: { worlds: { ecology: { moveCost: ${after} } } } }\`)`,
    marker: `moving costs ${factor}x`,
  };
}

const CHANGES: Change[] = [
  {
    folder: 'ecology',
    plot: 'results-ecology.svg',
    config: { worlds: { ecology: { moveFoodAt: MOVE_AT } } },
    what: `every food patch moves somewhere new, out of food-sensing range of the old places (the old pellets vanish, the new ones grow in over 20 s)`,
    marker: 'food moves',
  },
  costRise('ecology-cost', 8),
  costRise('ecology-cost4', 4),
];

interface Row {
  simSeconds: number;
  population: number;
  deaths: number;
  meanAgeAtDeath: number | null;
  energy: { mean: number };
  /** `reverted` only under `keepCopy: "critical"`. */
  imitation: { events: number; reverted?: number };
  /** Wall-clock figures of the report's windows. */
  timing: { seconds: number };
}

export interface RunMeasures {
  capacity: number;
  timeToCapacity: number;
  meanEnergy: number;
  lifespan: number;
  before: number;
  /** Simulated seconds after the change until the population is back at 80% of `before`; Infinity if never; 0 if it never fell below. */
  recovery: number;
  /** The same, back to 95% of `before`: the recovery measure that still tells strategies apart when the fall is shallow. */
  recovery95: number;
  trough: number;
  /** Mean population over the last 100 s, as a share of `before`. */
  kept: number;
  imitations: number;
  /** Copies undone (`keepCopy: "critical"`). */
  reverted: number;
}

export async function ecologyExperiment(options: ExperimentOptions): Promise<void> {
  const seeds = Array.from({ length: options.seeds }, (_, i) => i + 1);
  const dir = (change: Change, strategy: string, seed: number) => join(options.runs, change.folder, strategy, `seed-${seed}`);
  const jobs = CHANGES.flatMap((change) => STRATEGIES.flatMap((strategy) => seeds.map((seed) => ({ change, strategy, seed }))));
  await inParallel(
    jobs.map((job) => async () => {
      const runDir = dir(job.change, job.strategy, job.seed);
      if (complete(runDir)) return;
      rmSync(runDir, { recursive: true, force: true }); // an interrupted run saved no checkpoint (checkpointEvery 1000): start it over
      const root = join(options.runs, job.change.folder);
      mkdirSync(root, { recursive: true });
      const file = join(root, `${job.strategy}.json`);
      const base = { ...CURRENT_DEFAULTS, scenario: 'ecology', physics: { rapier: 'simd' }, checkpointEvery: 1000, worlds: { ecology: { ...WORLD, ...armSettings(job.strategy) } } };
      const extra = job.change.config as { worlds?: { ecology: object }; schedule?: unknown[] };
      writeFileSync(file, JSON.stringify({ ...base, ...extra, worlds: { ecology: { ...base.worlds.ecology, ...extra.worlds?.ecology } } }));
      console.log(`ecology (${job.change.folder}): ${job.strategy}, seed ${job.seed}`);
      await runCoevo(['run', '--config', file, '--seed', String(job.seed), '--workers', '0', '--run-dir', runDir, '--quiet']);
    }),
  );
  // The runs' own wall time, so the figure is the same whether this call played them or found them done.
  const minutes = jobs.reduce((sum, job) => sum + rowsOf(dir(job.change, job.strategy, job.seed)).reduce((s, r) => s + r.timing.seconds, 0), 0) / 60;
  const parts = CHANGES.map((change) => {
    const measured = STRATEGIES.map((strategy) => ({ strategy, runs: seeds.map((seed) => measure(rowsOf(dir(change, strategy, seed)))) }));
    writeFileSync(
      join(options.out, change.plot),
      populationPlot(change, seeds, (strategy, seed) => rowsOf(dir(change, strategy, seed))),
    );
    return changeReport(change, measured);
  });
  writeSection(
    join(options.out, 'results.md'),
    'ecology',
    `
## The ecology: imitating the neighbours one sees

Command: \`npm run experiment -- ecology --seeds ${seeds.length}\`, ${minutes.toFixed(0)} minutes of simulation summed over the ${jobs.length} runs, played two at a time on this 2-core machine, measured ${new Date().toISOString().slice(0, 10)} under today's defaults (the fused kernels). Every run: the ecology's defaults on a ${WORLD.size} m floor with ${WORLD.foodPatches} food patches of ${WORLD.pelletsPerPatch} pellets (radius ${WORLD.patchRadius} m), ${WORLD.initialAgents} agents to start, ${RUN_SECONDS} simulated seconds on the main thread, a report every ${REPORT_SECONDS} s; at ${MOVE_AT} s the world changes. Strategies as \`worlds.ecology.strategy\` (a quarter of the agents, drawn at random, imitate a neighbour they see every 10 s, 20 BC steps on its last 64 pairs; Lamarckian); in the arms \`success-dissatisfied\` and \`prestige-dissatisfied\` the quarter that learns is the worst fed, by food gained per second since the last round (\`learnWhen: "dissatisfied"\`, copy-if-dissatisfied); in the arms \`success-critical\` and \`prestige-critical\` a learner keeps its copy only if over the next round it gains food at least as fast as before copying, and otherwise goes back to its old weights (\`keepCopy: "critical"\`, critical social learning). Figures: median of seeds [min–max]. Capacity, energy and lifespan are over ${PLATEAU[0]}–${PLATEAU[1]} s; "time to capacity" is when the population comes and stays within 10% of that capacity; "recovery" is the simulated time after the change until the population, once below 80% (95%) of its size over the 50 s before it, is back at that level and stays there for ${HOLD_SECONDS} s (0: it never fell that low); "kept" is the mean population over the last 100 s as a share of that size.
${parts.join('')}`,
  );
}

export function rowsOf(runDir: string): Row[] {
  return new RunDir(runDir).readMetrics() as unknown as Row[];
}

function changeReport(change: Change, measured: { strategy: string; runs: RunMeasures[] }[]): string {
  const rows = measured.map(({ strategy, runs }) => {
    const of = (key: keyof RunMeasures) => runs.map((r) => r[key]);
    return [
      strategy,
      spread(of('capacity'), 0),
      spread(of('timeToCapacity'), 0, ' s'),
      spread(of('meanEnergy'), 1),
      spread(of('lifespan'), 0, ' s'),
      spread(of('trough'), 0),
      recoveries(of('recovery')),
      recoveries(of('recovery95')),
      spread(of('kept'), 2),
      spread(of('imitations'), 0),
      spread(of('reverted'), 0),
    ];
  });
  const none = median(measured[0].runs.map((r) => r.recovery));
  const best = measured
    .slice(1)
    .map(({ strategy, runs }) => ({ strategy, recovery: median(runs.map((r) => r.recovery)) }))
    .reduce((a, b) => (b.recovery < a.recovery ? b : a));
  const none95 = median(measured[0].runs.map((r) => r.recovery95));
  const best95 = measured
    .slice(1)
    .map(({ strategy, runs }) => ({ strategy, recovery: median(runs.map((r) => r.recovery95)) }))
    .reduce((a, b) => (b.recovery < a.recovery ? b : a));
  return `
### At ${MOVE_AT} s, ${change.what}

${table(['strategy', 'carrying capacity (agents)', 'time to capacity', 'mean energy', 'lifespan', 'trough after the change', 'recovery to 80%', 'recovery to 95%', 'kept', 'imitation events', 'copies undone'], rows)}

![ecology, ${change.folder}](${change.plot})

Target: some social strategy recovers at least 2x faster than \`none\`. Median recovery to 80% of \`none\`: ${fmt(none)}; the fastest social strategy, \`${best.strategy}\`: ${fmt(best.recovery)}, ${ratioText(none, best.recovery)}: **${speedup(none, best.recovery) >= 2 ? 'met' : 'not met'}**. To 95%: \`none\` ${fmt(none95)}, the fastest social strategy (\`${best95.strategy}\`) ${fmt(best95.recovery)}, ${ratioText(none95, best95.recovery)}.
`;
}

function populationPlot(change: Change, seeds: number[], rows: (strategy: string, seed: number) => Row[]): string {
  return lineChart(
    STRATEGIES.map((strategy, k) => {
      const series = seeds.map((seed) => rows(strategy, seed));
      return {
        label: strategy,
        color: SERIES_COLOURS[k % SERIES_COLOURS.length],
        dashed: strategy === 'none',
        points: series[0].map((row, i) => [row.simSeconds, median(series.map((s) => s[i]?.population ?? 0))] as [number, number]),
      };
    }),
    {
      title: `ecology: population (median of ${seeds.length} seeds); the world changes at ${MOVE_AT} s`,
      xLabel: 'simulated seconds',
      yLabel: 'agents',
      markers: [{ x: MOVE_AT, label: change.marker }],
    },
  );
}

/** A run's figures as the tables give them; exported for probes that measure runs of other configs the same way. */
export function measure(rows: Row[]): RunMeasures {
  const inPlateau = rows.filter((r) => r.simSeconds > PLATEAU[0] && r.simSeconds <= PLATEAU[1]);
  const capacity = mean(inPlateau.map((r) => r.population));
  let timeToCapacity = Number.POSITIVE_INFINITY;
  const preChange = rows.filter((r) => r.simSeconds <= MOVE_AT);
  for (let i = preChange.length - 1; i >= 0 && Math.abs(preChange[i].population / capacity - 1) <= 0.1; i--) timeToCapacity = preChange[i].simSeconds;
  const deaths = inPlateau.reduce((s, r) => s + r.deaths, 0);
  const lifespan = inPlateau.reduce((s, r) => s + (r.meanAgeAtDeath ?? 0) * r.deaths, 0) / Math.max(1, deaths);
  const before = mean(rows.filter((r) => r.simSeconds > MOVE_AT - 50 && r.simSeconds <= MOVE_AT).map((r) => r.population));
  const after = rows.filter((r) => r.simSeconds > MOVE_AT);
  const trough = Math.min(...after.map((r) => r.population));
  return {
    capacity,
    timeToCapacity,
    meanEnergy: mean(inPlateau.map((r) => r.energy.mean)),
    lifespan,
    before,
    recovery: recoverySeconds(rows, 0.8 * before),
    recovery95: recoverySeconds(rows, 0.95 * before),
    trough,
    kept: mean(rows.filter((r) => r.simSeconds > RUN_SECONDS - 100).map((r) => r.population)) / before,
    imitations: rows.reduce((s, r) => s + r.imitation.events, 0),
    reverted: rows.reduce((s, r) => s + (r.imitation.reverted ?? 0), 0),
  };
}

/**
 * Simulated seconds after the change until the population, once below `level`, is back at it (to
 * the end of the report that shows it back) and stays there for HOLD_SECONDS; 0 if it never fell
 * below, Infinity if it never came back for that long within the run. `coevo report`'s measure
 * (server/reports/recovery.ts) with a hold, counted in reports.
 */
function recoverySeconds(rows: Row[], level: number): number {
  const at = rows.findIndex((r) => r.simSeconds > MOVE_AT);
  const reports = generationsToRecover(
    rows.map((r) => r.population),
    at,
    level,
    rows.length,
    HOLD_SECONDS / REPORT_SECONDS,
  );
  if (reports === null) return Number.POSITIVE_INFINITY;
  return reports === 0 ? 0 : rows[at + reports].simSeconds - MOVE_AT;
}

function complete(dir: string): boolean {
  if (!existsSync(join(dir, 'metrics.jsonl'))) return false;
  const rows = new RunDir(dir).readMetrics() as unknown as Row[];
  return rows.at(-1)?.simSeconds === RUN_SECONDS;
}

function mean(xs: number[]): number {
  return xs.length ? xs.reduce((s, x) => s + x, 0) / xs.length : Number.NaN;
}

function median(xs: number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * How many times faster a recovery of `fast` seconds is than one of `slow` (Infinity: not within
 * the run; 0: never fell that low). Where `slow` never came back, the latest recovery the run could
 * show (one that still has HOLD_SECONDS to stay) bounds it from below, so the figure is a lower
 * bound; NaN where there is nothing to compare.
 */
export function speedup(slow: number, fast: number): number {
  if (slow === 0 || !Number.isFinite(fast)) return Number.NaN;
  const bound = Number.isFinite(slow) ? slow : LAST_VISIBLE_RECOVERY;
  return fast === 0 ? Number.POSITIVE_INFINITY : bound / fast;
}

export function ratioText(slow: number, fast: number): string {
  if (slow === 0) return 'not comparable (the population of `none` never fell that low)';
  if (!Number.isFinite(slow) && !Number.isFinite(fast)) return 'not comparable (neither came back)';
  if (!Number.isFinite(fast)) return 'slower (it did not come back)';
  if (fast === 0) return 'faster still (it never fell that low)';
  const times = speedup(slow, fast).toFixed(2);
  return Number.isFinite(slow) ? `${times}x` : `at least ${times}x (\`none\` did not come back within ${LAST_VISIBLE_RECOVERY} s)`;
}

function fmt(seconds: number): string {
  return Number.isFinite(seconds) ? `${seconds.toFixed(0)} s` : `not within ${LAST_VISIBLE_RECOVERY} s`;
}

function spread(xs: number[], digits: number, unit = ''): string {
  const finite = xs.filter(Number.isFinite);
  if (!finite.length) return 'never';
  const tail = finite.length < xs.length ? ` (${xs.length - finite.length} never)` : '';
  return `${median(xs).toFixed(digits)}${unit} [${Math.min(...finite).toFixed(digits)}–${Math.max(...finite).toFixed(digits)}]${tail}`;
}

function recoveries(xs: number[]): string {
  const m = median(xs);
  return `${fmt(m)} [${xs.map((x) => (Number.isFinite(x) ? x.toFixed(0) : '∞')).join(', ')}]`;
}
