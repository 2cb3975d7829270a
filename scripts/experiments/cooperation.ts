/**
 * Cooperation in carry (teams of 2): the homogeneous population (clones fill both slots) beside
 * cooperative co-evolution (a population per slot) with best and mean collaborator credit, and
 * with behaviour cloning and DAgger from the scripted expert team. Every arm plays 64 arenas a
 * generation. Every 5 generations the champion team (the clones of the champion, or each slot's
 * champion) plays 10 fresh episodes: its success rate and mean progress, as shares of the expert
 * team's, give the curves and the generations to 80% of the expert's progress. Runs already
 * complete are kept, so an interrupted experiment continues where it stopped.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { mean, median, stdDev } from '../../agents/stats.ts';
import { policyBatchFactory } from '../../agents/policy-batch.ts';
import { deriveSeed } from '../../agents/rng.ts';
import { writeFileAtomic } from '../../server/atomic-file.ts';
import { resolveConfig } from '../../server/config/resolve.ts';
import { evaluateController, loadCompatiblePolicy, setupEpisode, type EpisodeSetup } from '../../server/evaluation/episodes.ts';
import { SERIES_COLOURS, lineChart } from '../../server/reports/svg-plot.ts';
import { championPath } from '../../server/run/champions.ts';
import { RunDir } from '../../server/run/run-dir.ts';
import { SEED_STREAMS } from '../../server/seed-streams.ts';
import { rollout } from '../../worlds/rollout.ts';
import type { ExperimentOptions } from '../experiment.ts';
import { inParallel, runCoevo } from '../lib/parallel.ts';
import { table, writeSection } from '../lib/report.ts';
import { CURRENT_DEFAULTS } from '../lib/measured-with.ts';

const EVERY = 5;
const EPISODES = 10;
const TARGET = 0.8;
const WORLD = { ...CURRENT_DEFAULTS, scenario: 'carry', physics: { rapier: 'simd' }, checkpointEvery: EVERY, keepCheckpoints: 1000, replays: { keep: 2 } };
const COOPERATIVE = { coevolution: { mode: 'cooperative', randomCollaborators: 1 }, evolution: { populationSize: 16, eliteCount: 2 } };

/** Imitation with more to learn from and more learning: 40 demonstration episodes kept every step (the defaults: 4, every 4th), half of each population learning 200 Adam steps on 4,096 pairs. */
const MORE_LEARNING = { demoEpisodes: 40, recordEvery: 1, learnFraction: 0.5, steps: 200, samplesPerLearner: 4096 };

interface Arm {
  name: string;
  label: string;
  config: Record<string, unknown>;
  /** Arms without imitation run twice the generations, so that "at most half the generations" can be measured. */
  long?: boolean;
}

const ARMS: Arm[] = [
  { name: 'homogeneous', label: 'homogeneous (clones)', config: { evolution: { populationSize: 64, eliteCount: 4 } }, long: true },
  { name: 'ccea-best', label: 'cooperative, best credit', config: COOPERATIVE, long: true },
  { name: 'ccea-mean', label: 'cooperative, mean credit', config: { ...COOPERATIVE, coevolution: { ...COOPERATIVE.coevolution, credit: 'mean' } }, long: true },
  { name: 'ccea-bc', label: 'cooperative + BC from the expert team', config: { ...COOPERATIVE, imitation: { experts: { scripted: 1 } } } },
  { name: 'ccea-dagger', label: 'cooperative + DAgger from the expert team', config: { ...COOPERATIVE, imitation: { experts: { scripted: 1 }, method: 'dagger' } } },
  { name: 'ccea-bc-more', label: 'cooperative + BC, 40 demonstrations, 4x learning', config: { ...COOPERATIVE, imitation: { experts: { scripted: 1 }, ...MORE_LEARNING } } },
  { name: 'ccea-dagger-more', label: 'cooperative + DAgger, 40 demonstrations, 4x learning', config: { ...COOPERATIVE, imitation: { experts: { scripted: 1 }, method: 'dagger', ...MORE_LEARNING } } },
];

export async function cooperationExperiment(options: ExperimentOptions): Promise<void> {
  const seeds = Array.from({ length: options.seeds }, (_, i) => i + 1);
  const root = join(options.runs, 'cooperation');
  mkdirSync(root, { recursive: true });
  const started = performance.now();
  const jobs = ARMS.flatMap((arm) => seeds.map((seed) => ({ arm, seed, dir: join(root, arm.name, `seed-${seed}`) })));
  const generationsOf = (arm: Arm) => (arm.long ? 2 : 1) * options.generations;
  await inParallel(
    jobs.map((job) => async () => {
      const generations = generationsOf(job.arm);
      const done = rowsOf(job.dir);
      if (done >= generations) return;
      console.log(`cooperation: ${job.arm.name}, seed ${job.seed}${done ? `, from generation ${done}` : ''}`);
      // A run cut short, or one to lengthen, continues from its newest checkpoint.
      if (done > 0) return runCoevo(['run', '--resume', job.dir, '--generations', String(generations), '--quiet']);
      const file = join(root, `${job.arm.name}.json`);
      writeFileSync(file, JSON.stringify({ ...WORLD, ...job.arm.config }));
      await runCoevo(['run', '--config', file, '--seed', String(job.seed), '--generations', String(generations), '--run-dir', job.dir, '--workers', '1', '--quiet']);
    }),
  );
  const wallMinutes = (performance.now() - started) / 60_000;
  const setup = await setupEpisode(resolveConfig({ ...CURRENT_DEFAULTS, scenario: 'carry', workers: 0 }));
  const expert = evaluateController(setup, { kind: 'expert' }, 40, 1000).team!;
  const rows: string[][] = [];
  const curves: { label: string; points: [number, number][] }[] = [];
  const reached = new Map<string, number>();
  for (const arm of ARMS) {
    const checkpoints = Array.from({ length: Math.floor(generationsOf(arm) / EVERY) }, (_, i) => (i + 1) * EVERY);
    const dirs = seeds.map((seed) => join(root, arm.name, `seed-${seed}`));
    // Per seed, per checkpoint: the champion team on fresh episodes.
    const measured = dirs.map((dir) => checkpoints.map((g) => evaluateTeam(setup, championsAt(dir, arm, g), EPISODES, 2000 + g)));
    const progress = measured.map((m) => m.map((r) => r.meanProgress / expert.meanProgress));
    const success = measured.map((m) => m.map((r) => r.successRate / Math.max(expert.successRate, 1e-9)));
    curves.push({ label: arm.label, points: checkpoints.map((g, i) => [g, median(progress.map((p) => p[i]))]) });
    const to80 = progress.map((p) => {
      const at = p.findIndex((v) => v >= TARGET);
      return at < 0 ? Number.POSITIVE_INFINITY : checkpoints[at];
    });
    const gens = median(to80);
    reached.set(arm.name, gens);
    const last = (values: number[][]) => values.map((v) => v[v.length - 1]);
    const specialisation = dirs.map((dir) => {
      const metrics = new RunDir(dir).readMetrics();
      return mean(metrics.slice(-5).map((row) => row.specialisation as number));
    });
    // A mean that rounds to zero prints as 0.00, never -0.00.
    const f = (x: number) => (Math.abs(x) < 0.005 ? 0 : x).toFixed(2);
    const spread = (values: number[]) => `${f(mean(values))} ± ${f(stdDev(values))}`;
    rows.push([
      arm.label,
      spread(last(success)),
      spread(last(progress)),
      Number.isFinite(gens) ? String(gens) : `not in ${generationsOf(arm)}`,
      `${to80.filter(Number.isFinite).length} of ${seeds.length}`,
      spread(specialisation),
    ]);
  }
  const plot = 'results-cooperation.svg';
  writeFileAtomic(
    join(options.out, plot),
    lineChart(
      [
        ...curves.map((c, i) => ({ ...c, color: SERIES_COLOURS[i % SERIES_COLOURS.length] as string })),
        {
          label: `${TARGET * 100}% of the expert team`,
          color: '#000000',
          dashed: true,
          points: [
            [EVERY, TARGET],
            [2 * options.generations, TARGET],
          ],
        },
      ],
      { title: "carry: the champion team's mean progress / the expert team's (median of seeds)", xLabel: 'generation', yLabel: 'progress / expert' },
    ),
  );
  const alone = reached.get('ccea-best')!;
  const imitating = Math.min(...['ccea-bc', 'ccea-dagger', 'ccea-bc-more', 'ccea-dagger-more'].map((name) => reached.get(name)!));
  const longest = 2 * options.generations;
  const verdict =
    Number.isFinite(alone) && Number.isFinite(imitating)
      ? `${imitating <= alone / 2 ? 'met' : 'not met'}: ${imitating} generations with imitation against ${alone} without (${(alone / imitating).toFixed(1)}x)`
      : Number.isFinite(imitating)
        ? `${longest / imitating >= 2 ? 'met' : 'not shown'}: ${imitating} generations with imitation; without, not within ${longest}, so at least ${(longest / imitating).toFixed(1)}x as many`
        : `not measurable: ${Number.isFinite(alone) ? `without imitation ${alone}` : 'neither reached it'} within the budget`;
  writeSection(
    join(options.out, 'results.md'),
    'cooperation',
    `
## Cooperation: carry with teams of 2

Command: \`npm run experiment -- cooperation --seeds ${seeds.length} --generations ${options.generations}\`, ${wallMinutes.toFixed(0)} minutes on this 2-core machine (runs already complete were kept), measured ${new Date().toISOString().slice(0, 10)} under today's defaults (the fused kernels). Arms with imitation run ${options.generations} generations, those without ${2 * options.generations} (so that "half the generations" can be seen). Every arm plays 64 arenas (20-second episodes) a generation on one worker, two runs at a time: the homogeneous population of 64 (each member's clones fill both slots), or two slot populations of 16 whose members each play 2 trials (the other slot's latest champion, one random member). Imitation at its defaults in the BC and DAgger arms (the expert team plays 4 demonstration episodes kept every 4th step; a quarter of each slot population learns 50 Adam steps a generation from its own slot's part), and with more in the last two (40 demonstration episodes kept every step, half of each population learning 200 Adam steps on 4,096 pairs). Every ${EVERY} generations the champion team (the champion's clones, or each slot's champion) plays ${EPISODES} fresh episodes. The scripted expert team delivers in ${(100 * expert.successRate).toFixed(0)}% of 40 episodes with mean progress ${expert.meanProgress.toFixed(2)}; a random team delivers none.

${table(
  [
    'arm',
    'final success rate / expert (± sd)',
    'final mean progress / expert (± sd)',
    `generation where the champion team first reaches ${TARGET * 100}% of the expert's progress (median of seeds)`,
    'seeds that reach it',
    'role specialisation, last 5 generations (± sd)',
  ],
  rows,
)}

![cooperation](${plot})

Target: with imitation of the expert team, cooperative co-evolution reaches ${TARGET * 100}% of the expert team's progress in at most half the generations it needs without (best credit): ${verdict}.
`,
  );
}

/** Metrics rows a run has written (0: none yet). */
function rowsOf(dir: string): number {
  return existsSync(join(dir, 'metrics.jsonl')) ? new RunDir(dir).readMetrics().length : 0;
}

/** The champion team after `generation` generations: the homogeneous champion in both slots, or each slot's latest champion. */
function championsAt(dir: string, arm: Arm, generation: number): string[] {
  if (arm.name === 'homogeneous') {
    const champion = join(dir, 'checkpoints', `gen-${String(generation).padStart(6, '0')}`, 'champion');
    return [champion, champion];
  }
  return ['slot0', 'slot1'].map((slot) => championPath(dir, slot, generation - 1));
}

/** A team of saved policies, one per slot, on fresh episodes: success rate and mean progress (progress + 1 when delivered, as carry scores it). */
function evaluateTeam(setup: EpisodeSetup, policies: string[], episodes: number, seed: number): { successRate: number; meanProgress: number } {
  const { scenario, engine } = setup;
  const arenas = Array.from({ length: episodes }, (_, e) => scenario.createArena(engine.rapier, deriveSeed(seed, SEED_STREAMS.evaluation, e)));
  const slots = policies.length;
  const controllers = policies.map((path) => {
    const policy = loadCompatiblePolicy(path, scenario);
    return policyBatchFactory(engine.inference, policy.shape, engine.tf)(new Array(episodes).fill(policy.genome));
  });
  try {
    rollout(
      arenas,
      scenario.spec,
      controllers.map((c, slot) => ({ role: 0, controller: c.controller, rows: Int32Array.from({ length: episodes }, (_, e) => e * slots + slot) })),
    );
    const outcomes = arenas.map((a) => a.outcome[0][0]);
    const delivered = outcomes.map((o) => o >= 2 - 1e-9);
    return { successRate: mean(delivered.map(Number)), meanProgress: mean(outcomes.map((o, i) => (delivered[i] ? 1 : o))) };
  } finally {
    for (const c of controllers) c.dispose();
    for (const arena of arenas) arena.dispose();
  }
}
