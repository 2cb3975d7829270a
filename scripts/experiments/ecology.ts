/**
 * The ecology experiments: neighbour-imitation strategies against `none` in one persistent world.
 * Each run grows to the food's carrying capacity, then at CHANGE_AT the world changes. The report
 * gives, per change and strategy (median of seeds, with the range): the capacity reached and how
 * fast, mean energy and lifespan on the plateau, the trough, the simulated time the population
 * takes to come back to 80% and 95% of its size before the change and stay there, and the share
 * it keeps at the end (scripts/experiments/ecology-measures.ts). Runs already complete are kept,
 * so an interrupted experiment continues.
 *
 * Three designs:
 * - `npm run experiment -- ecology [--seeds 5]`: food in 2 large patches; the food moves (the
 *   issue's change), or moving starts to cost 8 or 4 times as much (a schedule), which makes old
 *   behaviour wrong rather than old places empty. At 8 times the world can carry far fewer agents
 *   than before, so no population can come back to its old size; at 4 times it can carry most.
 * - `npm run experiment -- ecology-lean [--seeds 10]`: the same 2 patches and food move, with
 *   living 3 times as costly and pellets 3 times as rich, so that the move takes about half of
 *   the population; its tables add the recovery on the population averaged over 25 s.
 * - `npm run experiment -- ecology-reversal [--seeds 5]`: the ecology's default food, 24 small
 *   patches spread over the floor, so agents must steer from patch to patch; every push reverses
 *   (`forceTurn` 180), which makes the steering learned wrong while the food stays. Its runs are
 *   longer, so that a population that does not come back within 250 s is measured, not cut off.
 */
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { median } from '../../agents/stats.ts';
import { lineChart, SERIES_COLOURS } from '../../server/reports/svg-plot.ts';
import { ECOLOGY_DEFAULTS } from '../../worlds/ecology/options.ts';
import type { ExperimentOptions } from '../experiment.ts';
import { inParallel, runCoevo } from '../lib/parallel.ts';
import { table, writeSection } from '../lib/report.ts';
import { CURRENT_DEFAULTS } from '../lib/measured-with.ts';
import { CHANGE_AT, cellHeaders, cells, HOLD_SECONDS, lastVisibleRecovery, measure, PLATEAU, REPORT_SECONDS, type Row, rowsOf, SMOOTH_SECONDS, verdict } from './ecology-measures.ts';

/**
 * The arms: a strategy (`worlds.ecology.strategy`), each with a random quarter of the agents
 * learning; those named `-dissatisfied` have the worst-fed quarter learn instead
 * (`learnWhen: "dissatisfied"`, copy-if-dissatisfied), and those named `-critical` keep a copy
 * only if the learner then feeds no worse (`keepCopy: "critical"`, critical social learning).
 * `none` comes first: the verdict compares the others with it.
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

interface Change {
  /** Where its runs go, under the experiment's folder; and its plot. */
  folder: string;
  plot: string;
  /** What the world gets on top of the design's: moveFoodAt, or a schedule. */
  config: Record<string, unknown>;
  what: string;
  /** The plot's label at the change. */
  marker: string;
}

/** One experiment: a world, its arms and the changes each arm meets. */
interface Design {
  /** The experiment's name and its section in results.md. */
  name: string;
  /** The section's heading. */
  title: string;
  /** `worlds.ecology` of every run, before the arm's and the change's keys. */
  world: Record<string, number>;
  strategies: readonly string[];
  changes: Change[];
  /** Whether the tables add the recovery on the population averaged over SMOOTH_SECONDS (for a world whose population swings). */
  smoothed?: boolean;
  /** What every run is, for the section's opening (the command and the measures are added around it). */
  describe: string;
}

/** The default cost of moving, before a rise. */
const MOVE_COST = ECOLOGY_DEFAULTS.moveCost;

/** Moving costs `factor` times as much from CHANGE_AT on, by a schedule. */
function costRise(folder: string, factor: number): Change {
  const after = Math.round(MOVE_COST * factor * 100) / 100;
  return {
    folder,
    plot: `results-${folder}.svg`,
    config: { schedule: [{ at: CHANGE_AT, set: { worlds: { ecology: { moveCost: after } } } }] },
    what: `moving starts to cost ${factor} times as much (\`moveCost\` ${MOVE_COST} → ${after}, by the schedule \`{ at: ${CHANGE_AT}, set: { worlds: { ecology: { moveCost: ${after} } } } }\`)`,
    marker: `moving costs ${factor}x`,
  };
}

const LEARNING = `Strategies as \`worlds.ecology.strategy\` (a quarter of the agents, drawn at random, imitate a neighbour they see every 10 s, 20 BC steps on its last 64 pairs; Lamarckian)`;
const ARMS = `in the arms \`success-dissatisfied\` and \`prestige-dissatisfied\` the quarter that learns is the worst fed, by food gained per second since the last round (\`learnWhen: "dissatisfied"\`, copy-if-dissatisfied); in the arms \`success-critical\` and \`prestige-critical\` a learner keeps its copy only if over the next round it gains food at least as fast as before copying, and otherwise goes back to its old weights (\`keepCopy: "critical"\`, critical social learning)`;
const PATCHES = { size: 160, foodPatches: 2, patchRadius: 8, pelletsPerPatch: 320, initialAgents: 600, reportSeconds: REPORT_SECONDS, runSeconds: 600 };

const ECOLOGY: Design = {
  name: 'ecology',
  title: 'The ecology: imitating the neighbours one sees',
  world: PATCHES,
  strategies: STRATEGIES,
  changes: [
    {
      folder: 'ecology',
      plot: 'results-ecology.svg',
      config: { worlds: { ecology: { moveFoodAt: CHANGE_AT } } },
      what: `every food patch moves somewhere new, out of food-sensing range of the old places (the old pellets vanish, the new ones grow in over 20 s)`,
      marker: 'food moves',
    },
    costRise('ecology-cost', 8),
    costRise('ecology-cost4', 4),
  ],
  describe: `Every run: the ecology's defaults on a ${PATCHES.size} m floor with ${PATCHES.foodPatches} food patches of ${PATCHES.pelletsPerPatch} pellets (radius ${PATCHES.patchRadius} m), ${PATCHES.initialAgents} agents to start, ${PATCHES.runSeconds} simulated seconds on the main thread, a report every ${REPORT_SECONDS} s; at ${CHANGE_AT} s the world changes. ${LEARNING}; ${ARMS}.`,
};

/**
 * The 2-patch world where the food's move bites: living costs 3 times the default and each pellet
 * is 3 times as rich, so a reserve lasts about 17 s instead of 50 and a population that has lost
 * its food falls to about half before it finds the new patches (in `ecology` it keeps 80%).
 */
const LEAN = { ...PATCHES, livingCost: 0.9, foodEnergy: 24 };

const ECOLOGY_LEAN: Design = {
  name: 'ecology-lean',
  title: "The ecology in a leaner world, where the food's move bites: imitating the neighbours one sees",
  world: LEAN,
  strategies: STRATEGIES,
  smoothed: true,
  changes: [{ ...ECOLOGY.changes[0], folder: 'ecology-lean', plot: 'results-ecology-lean.svg' }],
  describe: `Every run: the \`ecology\` experiment's world (${LEAN.foodPatches} food patches of ${LEAN.pelletsPerPatch} pellets, radius ${LEAN.patchRadius} m, on a ${LEAN.size} m floor, ${LEAN.initialAgents} agents to start, ${LEAN.runSeconds} simulated seconds on the main thread, a report every ${REPORT_SECONDS} s), made leaner: living costs ${LEAN.livingCost} energy per second instead of ${ECOLOGY_DEFAULTS.livingCost} and a pellet gives ${LEAN.foodEnergy} instead of ${ECOLOGY_DEFAULTS.foodEnergy} (\`worlds.ecology.livingCost\`, \`foodEnergy\`), so an agent's reserve lasts about a third as long and a population that loses its food falls far before it finds more. At ${CHANGE_AT} s the food moves. ${LEARNING}; ${ARMS}.`,
};

const SPREAD = { size: 160, initialAgents: 600, reportSeconds: REPORT_SECONDS, runSeconds: 1000 };

const ECOLOGY_REVERSAL: Design = {
  name: 'ecology-reversal',
  title: 'The ecology when every push reverses: imitating the neighbours one sees',
  world: SPREAD,
  strategies: STRATEGIES,
  changes: [
    {
      folder: 'ecology-reversal',
      plot: 'results-ecology-reversal.svg',
      config: { schedule: [{ at: CHANGE_AT, set: { worlds: { ecology: { forceTurn: 180 } } } }] },
      what: 'every push reverses (`forceTurn` 0 → 180, by the schedule `{ at: 300, set: { worlds: { ecology: { forceTurn: 180 } } } }`): the steering the agents learned now takes them away from what they sense, while the food stays where it was',
      marker: 'pushes reverse',
    },
  ],
  describe: `Every run: the ecology's defaults, food included (${ECOLOGY_DEFAULTS.foodPatches} patches of ${ECOLOGY_DEFAULTS.pelletsPerPatch} pellets, radius ${ECOLOGY_DEFAULTS.patchRadius} m, spread over the floor, so that agents steer from patch to patch), on a ${SPREAD.size} m floor, ${SPREAD.initialAgents} agents to start, ${SPREAD.runSeconds} simulated seconds on the main thread (longer than the \`ecology\` experiment's 600, so that a population that is not back within 250 s of the change is still measured), a report every ${REPORT_SECONDS} s; at ${CHANGE_AT} s the world changes. ${LEARNING}; ${ARMS}.`,
};

export const ecologyExperiment = (options: ExperimentOptions) => runDesign(ECOLOGY, options);
export const ecologyLeanExperiment = (options: ExperimentOptions) => runDesign(ECOLOGY_LEAN, options);
export const ecologyReversalExperiment = (options: ExperimentOptions) => runDesign(ECOLOGY_REVERSAL, options);

async function runDesign(design: Design, options: ExperimentOptions): Promise<void> {
  const seeds = Array.from({ length: options.seeds }, (_, i) => i + 1);
  const runSeconds = design.world.runSeconds;
  const lastVisible = lastVisibleRecovery(runSeconds);
  const dir = (change: Change, strategy: string, seed: number) => join(options.runs, change.folder, strategy, `seed-${seed}`);
  const jobs = design.changes.flatMap((change) => design.strategies.flatMap((strategy) => seeds.map((seed) => ({ change, strategy, seed }))));
  await inParallel(
    jobs.map((job) => async () => {
      const runDir = dir(job.change, job.strategy, job.seed);
      if (complete(runDir, runSeconds)) return;
      rmSync(runDir, { recursive: true, force: true }); // an interrupted run saved no checkpoint (checkpointEvery 1000): start it over
      const root = join(options.runs, job.change.folder);
      mkdirSync(root, { recursive: true });
      const file = join(root, `${job.strategy}.json`);
      const base = { ...CURRENT_DEFAULTS, scenario: 'ecology', physics: { rapier: 'simd' }, checkpointEvery: 1000, worlds: { ecology: { ...design.world, ...armSettings(job.strategy) } } };
      const extra = job.change.config as { worlds?: { ecology: object }; schedule?: unknown[] };
      writeFileSync(file, JSON.stringify({ ...base, ...extra, worlds: { ecology: { ...base.worlds.ecology, ...extra.worlds?.ecology } } }));
      console.log(`${design.name} (${job.change.folder}): ${job.strategy}, seed ${job.seed}`);
      await runCoevo(['run', '--config', file, '--seed', String(job.seed), '--workers', '0', '--run-dir', runDir, '--quiet']);
    }),
  );
  // The runs' own wall time, so the figure is the same whether this call played them or found them done.
  const minutes = jobs.reduce((sum, job) => sum + rowsOf(dir(job.change, job.strategy, job.seed)).reduce((s, r) => s + r.timing.seconds, 0), 0) / 60;
  const parts = design.changes.map((change) => {
    const measured = design.strategies.map((strategy) => ({ strategy, runs: seeds.map((seed) => measure(rowsOf(dir(change, strategy, seed)))) }));
    writeFileSync(
      join(options.out, change.plot),
      populationPlot(design, change, seeds, (strategy, seed) => rowsOf(dir(change, strategy, seed))),
    );
    return `
### At ${CHANGE_AT} s, ${change.what}

${table(
  cellHeaders(design.smoothed),
  measured.map(({ strategy, runs }) => cells(strategy, runs, lastVisible, design.smoothed)),
)}

![ecology, ${change.folder}](${change.plot})

${verdict(measured, lastVisible, design.smoothed)}
`;
  });
  writeSection(
    join(options.out, 'results.md'),
    design.name,
    `
## ${design.title}

Command: \`npm run experiment -- ${design.name} --seeds ${seeds.length}\`, ${minutes.toFixed(0)} minutes of simulation summed over the ${jobs.length} runs, played two at a time on this 2-core machine, measured ${new Date().toISOString().slice(0, 10)} under today's defaults (the fused kernels). ${design.describe} Figures: median of seeds [min–max]. Capacity, energy and lifespan are over ${PLATEAU[0]}–${PLATEAU[1]} s; "time to capacity" is when the population comes and stays within 10% of that capacity; "recovery" is the simulated time after the change until the population, once below 80% (95%) of its size over the 50 s before it, is back at that level and stays there for ${HOLD_SECONDS} s (0: it never fell that low); "kept" is the mean population over the last 100 s as a share of that size.${design.smoothed ? ` "Averaged over ${SMOOTH_SECONDS} s" is the recovery to 80% on the population averaged over the ${SMOOTH_SECONDS} s centred on each report, about one of its boom-and-bust cycles, so that a recovery is judged on the population's level and not on where in its swing a report falls (on a clean step the centred mean shows the return up to 10 s early).` : ''}
${parts.join('')}`,
  );
}

function populationPlot(design: Design, change: Change, seeds: number[], rows: (strategy: string, seed: number) => Row[]): string {
  return lineChart(
    design.strategies.map((strategy, k) => {
      const series = seeds.map((seed) => rows(strategy, seed));
      return {
        label: strategy,
        color: SERIES_COLOURS[k % SERIES_COLOURS.length],
        dashed: strategy === 'none',
        points: series[0].map((row, i) => [row.simSeconds, median(series.map((s) => s[i]?.population ?? 0))] as [number, number]),
      };
    }),
    {
      title: `ecology: population (median of ${seeds.length} seeds); the world changes at ${CHANGE_AT} s`,
      xLabel: 'simulated seconds',
      yLabel: 'agents',
      markers: [{ x: CHANGE_AT, label: change.marker }],
    },
  );
}

function complete(dir: string, runSeconds: number): boolean {
  if (!existsSync(join(dir, 'metrics.jsonl'))) return false;
  return rowsOf(dir).at(-1)?.simSeconds === runSeconds;
}
