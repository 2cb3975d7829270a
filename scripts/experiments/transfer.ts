/**
 * `npm run experiment -- transfer [--seeds 5] [--generations 20]`: what starting from another
 * world's policy buys (`--init-from`), in three pairs: forage balls into forage crawlers (through
 * the crawler's steering, `transfer.steer`), forage balls into pursuit prey (an index mapping),
 * and sumo balls into sumo crawlers (steering). Each pair trains one source run, then plays three
 * arms over the seeds: from scratch, transferred (half of each target population from the
 * source), and transferred plus DAgger on the target world's scripted expert. The report gives
 * Taylor and Stone's (2009) measures on each run's mean fitness (median of seeds, range): the
 * jumpstart (generation 0 against scratch), the time to a threshold, the asymptote (the last 5
 * generations) and the total area. Runs already complete are kept.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { median } from '../../agents/stats.ts';
import { resolveConfig } from '../../server/config/resolve.ts';
import { evaluateController, setupEpisode } from '../../server/evaluation/episodes.ts';
import { RunDir } from '../../server/run/run-dir.ts';
import { CRAWLER_OBS } from '../../worlds/bodies/crawler-layout.ts';
import type { ExperimentOptions } from '../experiment.ts';
import { inParallel, runCoevo } from '../lib/parallel.ts';
import { table, writeSection } from '../lib/report.ts';
import { CURRENT_DEFAULTS } from '../lib/measured-with.ts';
import { runComplete } from '../lib/run-complete.ts';

const SOURCE_GENERATIONS = 30;
const FAST = { ...CURRENT_DEFAULTS, physics: { rapier: 'simd' }, checkpointEvery: 1000 };
const SMALL_MATCHES = { evolution: { populationSize: 16 }, coevolution: { matchesPerMember: 2, ciaoEvery: 1000 } };
/** The crawler's own 19 values, in target order: only its ground velocity has a counterpart in a ball's (at `velocityAt`). */
const crawlerProprio = (velocityAt: number) => Array.from({ length: 19 }, (_, i) => (i === CRAWLER_OBS.velocity ? velocityAt : i === CRAWLER_OBS.velocity + 1 ? velocityAt + 1 : null));

interface Pair {
  name: string;
  source: Record<string, unknown>;
  target: Record<string, unknown>;
  transfer: Record<string, unknown>;
  /** The curve measured: a run of one population's fitness, or one population's where several meet. */
  population: string | null;
  /** Threshold of "time to threshold": 80% of the scripted expert in the target world where it can be played alone (forage), else of the best arm. */
  expertThreshold: boolean;
}

const PAIRS: Pair[] = [
  {
    name: 'forage balls → forage crawlers',
    source: { worlds: { forage: { sensors: 'analytic' } } },
    target: { worlds: { forage: { sensors: 'analytic', body: 'crawler' } } },
    transfer: { steer: true, observations: [0, 1, 2, 3, 4, 5, ...crawlerProprio(6), ...Array.from({ length: 16 }, (_, r) => 8 + r)] },
    population: null,
    expertThreshold: true,
  },
  {
    name: 'forage balls → pursuit prey',
    source: { worlds: { forage: { sensors: 'analytic' } } },
    target: { scenario: 'pursuit', ...SMALL_MATCHES },
    // The prey's nearest predator where the forager saw its nearest food, and its own velocity.
    transfer: { observations: [0, 1, null, null, null, null, null, null, null, null, null, null, null, null, null, 6, 7] },
    population: 'prey',
    expertThreshold: false,
  },
  {
    name: 'sumo balls → sumo crawlers',
    source: { scenario: 'sumo', ...SMALL_MATCHES },
    target: {
      scenario: 'sumo',
      ...SMALL_MATCHES,
      populations: [
        { name: 'red', role: 'red', body: 'crawler' },
        { name: 'blue', role: 'blue', body: 'crawler' },
      ],
    },
    transfer: { steer: true, observations: [0, 1, 2, 3, 4, 5, 6, 7, ...crawlerProprio(8)] },
    population: 'red',
    expertThreshold: false,
  },
];
const ARMS = ['scratch', 'transfer', 'transfer + DAgger'] as const;

export async function transferExperiment(options: ExperimentOptions): Promise<void> {
  const generations = options.generations;
  const seeds = Array.from({ length: options.seeds }, (_, i) => i + 1);
  const root = join(options.runs, 'transfer');
  mkdirSync(root, { recursive: true });
  const started = performance.now();
  const sourceDir = (p: number) => join(root, `pair-${p}`, 'source');
  await inParallel(
    PAIRS.map((pair, p) => async () => {
      if (runComplete(sourceDir(p), SOURCE_GENERATIONS)) return;
      console.log(`transfer: source of ${pair.name}`);
      await runCoevo([
        'run',
        '--config',
        writeConfig(root, `source-${p}`, { ...FAST, ...pair.source }),
        '--seed',
        '100',
        '--generations',
        String(SOURCE_GENERATIONS),
        '--workers',
        '1',
        '--run-dir',
        sourceDir(p),
        '--quiet',
      ]);
    }),
  );
  const runDir = (p: number, arm: number, seed: number) => join(root, `pair-${p}`, slug(ARMS[arm]), `seed-${seed}`);
  await inParallel(
    PAIRS.flatMap((pair, p) =>
      ARMS.flatMap((arm, a) =>
        seeds.map((seed) => async () => {
          if (runComplete(runDir(p, a, seed), generations)) return;
          const transfer = a === 0 ? {} : { init: { from: sourceDir(p), fraction: 0.5 }, transfer: pair.transfer };
          const imitation = a === 2 ? { imitation: { experts: { scripted: 1 }, method: 'dagger' } } : {};
          const file = writeConfig(root, `pair-${p}-${slug(arm)}`, { ...FAST, ...pair.target, ...transfer, ...imitation });
          console.log(`transfer: ${pair.name}, ${arm}, seed ${seed}`);
          await runCoevo(['run', '--config', file, '--seed', String(seed), '--generations', String(generations), '--workers', '1', '--run-dir', runDir(p, a, seed), '--quiet']);
        }),
      ),
    ),
  );
  const minutes = (performance.now() - started) / 60_000;

  const sections: string[] = [];
  let pairsMet = 0;
  for (const [p, pair] of PAIRS.entries()) {
    const curves = ARMS.map((_, a) => seeds.map((seed) => curveOf(runDir(p, a, seed), pair.population)));
    const expert = pair.expertThreshold ? await expertFitness(pair.target) : null;
    const best = Math.max(...curves.flatMap((runs) => Array.from({ length: generations }, (_, g) => median(runs.map((c) => c[g])))));
    const threshold = 0.8 * (expert ?? best);
    const scratchStart = median(curves[0].map((c) => c[0]));
    const rows = ARMS.map((arm, a) => {
      const runs = curves[a];
      const toThreshold = runs.map((c) => {
        const g = c.findIndex((y) => y >= threshold);
        return g < 0 ? null : g;
      });
      return [
        arm,
        spread(runs.map((c) => c[0] - scratchStart)),
        thresholdText(toThreshold),
        spread(runs.map((c) => c.slice(-5).reduce((s, y) => s + y, 0) / 5)),
        spread(
          runs.map((c) => c.reduce((s, y) => s + y, 0)),
          1,
        ),
      ];
    });
    const gain = (a: number) => median(curves[a].map((c) => c[0])) - scratchStart;
    const time = (a: number) => median(curves[a].map((c) => (c.findIndex((y) => y >= threshold) + 1 || Number.POSITIVE_INFINITY) - 1));
    const met = gain(1) > 0 && time(1) < time(0);
    if (met) pairsMet++;
    sections.push(`
### ${pair.name}

Threshold: ${expert !== null ? `80% of the scripted expert in the target world (${expert.toFixed(2)})` : '80% of the best median fitness any arm reached (no scripted expert plays this role alone against equals)'}, ${threshold.toFixed(2)}. Jumpstart: generation 0's mean fitness less scratch's median (${scratchStart.toFixed(2)}).

${table(['arm', 'jumpstart', 'generations to threshold', 'asymptote (last 5)', 'total area'], rows)}

Positive jumpstart and a shorter time to threshold (transfer against scratch): ${gain(1).toFixed(2)}, ${fmtTime(time(1))} against ${fmtTime(time(0))}: **${met ? 'yes' : 'no'}**.
`);
  }
  writeSection(
    join(options.out, 'results.md'),
    'transfer',
    `
## Transfer: starting from another world's policy

Command: \`npm run experiment -- transfer --seeds ${seeds.length} --generations ${generations}\`, ${minutes.toFixed(0)} minutes on this 2-core machine (runs already complete were kept), measured ${new Date().toISOString().slice(0, 10)} under today's defaults (the fused kernels). Each pair: one source run (seed 100, ${SOURCE_GENERATIONS} generations), then per seed three arms of ${generations} generations: from scratch; half of each target population from the source (\`--init-from\`, its champion and mutated copies, through \`transfer.steer\` or an index mapping, docs/adaptation.md); and the same with DAgger on the target world's scripted expert. Forage: populations of 64; pursuit and sumo: 16 a side, 2 matches per member. Measures (Taylor and Stone 2009) on each run's mean fitness (where populations meet, the target population's): median of seeds [min–max].
${sections.join('')}
Target: a positive jumpstart and a shorter time to threshold in at least two of the three pairs: ${pairsMet} of ${PAIRS.length}: **${pairsMet >= 2 ? 'met' : 'not met'}**.
`,
  );
}

function curveOf(dir: string, population: string | null): number[] {
  return new RunDir(dir).readMetrics().map((row) => {
    if (population === null) return (row.fitness as { mean: number }).mean;
    return (row.populations as Record<string, { fitness: { mean: number } }>)[population].fitness.mean;
  });
}

async function expertFitness(target: Record<string, unknown>): Promise<number> {
  const world = await setupEpisode(resolveConfig({ ...FAST, ...target, workers: 0 }));
  return evaluateController(world, { kind: 'expert' }, 20, 1000).mean;
}

function writeConfig(root: string, name: string, config: Record<string, unknown>): string {
  const file = join(root, `${name}.json`);
  writeFileSync(file, JSON.stringify(config));
  return file;
}

function slug(name: string): string {
  return name.replace(/[^a-zA-Z0-9]+/g, '-').replace(/-$/, '');
}

function spread(xs: number[], digits = 2): string {
  return `${median(xs).toFixed(digits)} [${Math.min(...xs).toFixed(digits)}–${Math.max(...xs).toFixed(digits)}]`;
}

function thresholdText(xs: (number | null)[]): string {
  return `${fmtTime(median(xs.map((x) => x ?? Number.POSITIVE_INFINITY)))} [${xs.map((x) => (x === null ? '∞' : x)).join(', ')}]`;
}

function fmtTime(x: number): string {
  return Number.isFinite(x) ? `${x}` : 'not within the run';
}
