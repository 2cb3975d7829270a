/**
 * `npm run experiment -- plateau`: why evolution alone stalls at about half the forage expert.
 * A linear policy (no hidden layer: action = tanh(W·observation + b)) is evolved by the GA alone
 * and, beside it, cloned from the scripted expert (BC), for the same seeds and generations. A
 * linear policy's weights can be read directly, and the straight lines from the evolved champion
 * to the clone, and from the all-zero network to the clone, show what lies between them: a valley
 * (a local optimum), or a slope too gentle for selection to see. Two ways out are tried beside
 * them: full CMA-ES with large adaptive steps, and the GA scoring genomes among their own clones.
 * Runs already complete are kept.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { median } from '../../agents/stats.ts';
import { loadPolicy, savePolicy, type Policy } from '../../agents/policy-file.ts';
import { resolveConfig } from '../../server/config/resolve.ts';
import { evaluateController, setupEpisode, type EpisodeSetup } from '../../server/evaluation/episodes.ts';
import { SERIES_COLOURS, lineChart } from '../../server/reports/svg-plot.ts';
import { findCheckpoint } from '../../server/run/checkpoint.ts';
import { RunDir } from '../../server/run/run-dir.ts';
import type { ExperimentOptions } from '../experiment.ts';
import { inParallel, runCoevo } from '../lib/parallel.ts';
import { table, writeSection } from '../lib/report.ts';
import { CURRENT_DEFAULTS } from '../lib/measured-with.ts';
import { runComplete } from '../lib/run-complete.ts';

const EVAL_EPISODES = 10;
const EVAL_SEED = 1000;
const ALPHAS = [0, 0.25, 0.5, 0.75, 1];
const LINEAR = { hiddenSizes: [] };
const ARMS = {
  evolved: { ...CURRENT_DEFAULTS, policy: LINEAR },
  cloned: { ...CURRENT_DEFAULTS, policy: LINEAR, imitation: { experts: { scripted: 1 } } },
  // Two ways out that were tried: steps large enough for the clone's gains, adapted by CMA-ES, and
  // scoring each genome among its own clones (the company the target judges it in).
  cmaes: { ...CURRENT_DEFAULTS, policy: LINEAR, evolution: { algorithm: 'cma-es', mutationStd: 0.5 } },
  clones: { ...CURRENT_DEFAULTS, policy: LINEAR, evolution: { arenaMates: 'clones' } },
} as const;
type Arm = keyof typeof ARMS;

export async function plateauExperiment(o: ExperimentOptions): Promise<void> {
  const root = join(o.runs, 'plateau');
  mkdirSync(root, { recursive: true });
  const seeds = Array.from({ length: o.seeds }, (_, i) => i + 1);
  const dirOf = (arm: Arm, seed: number) => join(root, arm, `seed-${seed}`);
  const jobs = (Object.keys(ARMS) as Arm[]).flatMap((arm) => seeds.map((seed) => ({ arm, seed })));
  await inParallel(
    jobs
      .filter((job) => !runComplete(dirOf(job.arm, job.seed), o.generations))
      .map((job) => async () => {
        const file = join(root, `${job.arm}.json`);
        writeFileSync(file, JSON.stringify(ARMS[job.arm]));
        console.log(`plateau: ${job.arm}, seed ${job.seed}`);
        const dir = dirOf(job.arm, job.seed);
        await runCoevo(['run', '--config', file, '--seed', String(job.seed), '--generations', String(o.generations), '--run-dir', dir, '--workers', '1', '--quiet']);
      }),
  );
  // From the runs' own rows, so that a rerun which keeps them still reports what they took.
  const minutes = jobs.reduce((sum, job) => sum + new RunDir(dirOf(job.arm, job.seed)).readMetrics().reduce((t, row) => t + (row.seconds as number), 0), 0) / 60;

  // Every policy plays among equals in the default forage world, as the expert is measured.
  const setup = await setupEpisode(resolveConfig({ workers: 0 }));
  const expert = evaluateController(setup, { kind: 'expert' }, EVAL_EPISODES, EVAL_SEED).mean;
  const champion = (arm: Arm, seed: number) => loadPolicy(join(findCheckpoint(dirOf(arm, seed)), 'champion'));

  const rows = seeds.map((seed) => {
    const evolved = champion('evolved', seed);
    const cloned = champion('cloned', seed);
    const zero = { ...cloned, genome: new Float32Array(cloned.genome.length) };
    const line = (from: Policy, name: string) => ALPHAS.map((a) => lineScore(setup, expert, root, `${name}-seed-${seed}-${a}`, from, cloned, a));
    // The other ways out, scored and read the same way (a line of one point: the policy itself).
    const others = OTHER_ARMS.map(({ arm, label }) => {
      const policy = champion(arm, seed);
      return { label, score: lineScore(setup, expert, root, `${arm}-seed-${seed}`, policy, policy, 0), weights: weightsOf(policy) };
    });
    const centre = loadPolicy(join(findCheckpoint(dirOf('cmaes', seed)), 'centre'));
    others.push({ label: 'CMA-ES centre', score: lineScore(setup, expert, root, `cmaes-centre-seed-${seed}`, centre, centre, 0), weights: weightsOf(centre) });
    return { seed, evolved: weightsOf(evolved), cloned: weightsOf(cloned), fromEvolved: line(evolved, 'evolved'), fromZero: line(zero, 'zero'), others };
  });

  writeFileSync(
    join(o.out, 'results-plateau.svg'),
    lineChart(
      rows.flatMap((r, i) => [
        { label: `evolved → clone, seed ${r.seed}`, color: SERIES_COLOURS[i % SERIES_COLOURS.length], points: ALPHAS.map((a, j) => [a, r.fromEvolved[j]] as [number, number]) },
        { label: `zero → clone, seed ${r.seed}`, color: SERIES_COLOURS[i % SERIES_COLOURS.length], dashed: true, points: ALPHAS.map((a, j) => [a, r.fromZero[j]] as [number, number]) },
      ]),
      { title: 'Forage score along straight lines in weight space (linear policies)', xLabel: 'fraction of the way to the clone', yLabel: 'score among equals / expert' },
    ),
  );

  const pct = (x: number) => x.toFixed(2);
  const cells = (line: number[]) => line.map(pct).join(', ');
  writeSection(
    join(o.out, 'results.md'),
    'plateau',
    `### Why evolution alone stalls: linear policies

Command: \`npm run experiment -- plateau --seeds ${o.seeds} --generations ${o.generations}\` (${minutes.toFixed(0)} minutes of generations summed over the ${jobs.length} runs, played two at a time on this 2-core machine, measured ${new Date().toISOString().slice(0, 10)}). Forage at its defaults, but with a linear policy (\`{"policy": {"hiddenSizes": []}}\`: action = tanh(W·observation + b), 50 parameters), evolved by the GA alone, and beside it cloned from the scripted expert (BC at its defaults), ${o.generations} generations each. Every policy plays ${EVAL_EPISODES} episodes among equals (seed ${EVAL_SEED}); the expert scores ${expert.toFixed(2)}. The weights read straight off W: the gain from the nearest pellet's offset to the push along the same axis (mean of x→x and z→z), the cross terms (mean size of x→z and z→x), the gain from the agent's own velocity (negative: braking), and the largest weight on a ray.

${table(
  ['seed', 'policy', 'score among equals / expert', 'nearest-pellet gain', 'cross terms', 'velocity gain', 'largest ray weight'],
  rows.flatMap((r) => [
    [r.seed, 'evolved (GA alone)', pct(r.fromEvolved[0]), ...weightCells(r.evolved)],
    [r.seed, 'cloned (BC)', pct(r.fromEvolved[ALPHAS.length - 1]), ...weightCells(r.cloned)],
  ]),
)}

Two ways out, tried on the same seeds and generations: full CMA-ES with σ₀ = 0.5 (\`{"evolution": {"algorithm": "cma-es", "mutationStd": 0.5}}\`: steps ten times the GA's, adapted, large enough for the clone's gains), whose champion and centre both play; and the GA scoring each genome among its own clones (\`{"evolution": {"arenaMates": "clones"}}\`, the company the target judges a champion in, at 8 times the arenas a generation):

${table(
  ['seed', 'policy', 'score among equals / expert', 'nearest-pellet gain', 'cross terms', 'velocity gain', 'largest ray weight'],
  rows.flatMap((r) => r.others.map((o) => [r.seed, o.label, pct(o.score), ...weightCells(o.weights)])),
)}

Medians over seeds: ${OTHER_LABELS.map((label) => `${label} ${pct(median(rows.map((r) => r.others.find((o) => o.label === label)!.score)))}`).join(', ')}.

Along the straight line from each seed's evolved champion to its clone, and from the all-zero network to the clone (fractions ${ALPHAS.join(', ')} of the way), the score among equals as a share of the expert's:

${table(
  ['seed', 'evolved → clone', 'zero → clone'],
  rows.map((r) => [r.seed, cells(r.fromEvolved), cells(r.fromZero)]),
)}

Medians over seeds: evolved ${pct(median(rows.map((r) => r.fromEvolved[0])))}, cloned ${pct(median(rows.map((r) => r.fromEvolved[ALPHAS.length - 1])))}; halfway from the evolved champion to the clone ${pct(median(rows.map((r) => r.fromEvolved[2])))}.

![Score along straight lines in weight space](results-plateau.svg)
`,
  );
}

const OTHER_ARMS: { arm: Arm; label: string }[] = [
  { arm: 'cmaes', label: 'CMA-ES champion' },
  { arm: 'clones', label: 'GA among clones' },
];
const OTHER_LABELS = [...OTHER_ARMS.map((a) => a.label), 'CMA-ES centre'];

/** Scores the policy (1 − a)·from + a·to among equals, as a share of the expert's score. */
function lineScore(setup: EpisodeSetup, expert: number, root: string, name: string, from: Policy, to: Policy, a: number): number {
  const genome = from.genome.map((w, i) => (1 - a) * w + a * to.genome[i]);
  const dir = join(root, 'lines', name);
  savePolicy(dir, to.header, genome);
  return evaluateController(setup, { kind: 'policy', path: dir }, EVAL_EPISODES, EVAL_SEED).mean / expert;
}

interface Weights {
  pelletGain: number;
  crossTerms: number;
  velocityGain: number;
  largestRay: number;
}

/**
 * A linear forage policy's weights: W is stored row by row, one row per observation input with
 * one column per action (x, z), then the bias. Inputs: the nearest pellets' offsets (x, z each),
 * the ball's velocity (x, z), then two readings (wall, agent) per ray.
 */
function weightsOf(policy: Policy): Weights {
  const { observationSize, actionSize, hiddenSizes } = policy.header;
  if (hiddenSizes.length !== 0 || actionSize !== 2) throw new Error('plateau: expected a linear policy with two actions');
  const w = (input: number, action: number) => policy.genome[input * actionSize + action];
  const nearestFood = resolveConfig({}).worlds.forage.nearestFood;
  const velocityAt = 2 * nearestFood;
  let largestRay = 0;
  for (let i = velocityAt + 2; i < observationSize; i++) largestRay = Math.max(largestRay, Math.abs(w(i, 0)), Math.abs(w(i, 1)));
  return {
    pelletGain: (w(0, 0) + w(1, 1)) / 2,
    crossTerms: (Math.abs(w(0, 1)) + Math.abs(w(1, 0))) / 2,
    velocityGain: (w(velocityAt, 0) + w(velocityAt + 1, 1)) / 2,
    largestRay,
  };
}

function weightCells(w: Weights): string[] {
  return [w.pelletGain, w.crossTerms, w.velocityGain, w.largestRay].map((x) => x.toFixed(2));
}
