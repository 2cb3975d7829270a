/**
 * `npm run experiment -- adaptation [--seeds 5] [--generations 60]`: how fast populations adapt
 * when the world changes. Forage with food in drifting patches; at generation CHANGE_AT poison
 * pellets appear (their channel is in the observation from the start). Arms: evolution alone,
 * peer imitation under each social strategy, and DAgger on the scripted expert (which avoids
 * poison: a teacher who knows the new world). For each run the recovery figures of
 * server/reports/recovery.ts on its mean fitness; the report gives their median over seeds with
 * the range, beside the scripted expert and random actions in both worlds. Runs already complete
 * are kept, so an interrupted experiment continues.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { median } from '../../agents/stats.ts';
import { resolveConfig } from '../../server/config/resolve.ts';
import { evaluateController, setupEpisode } from '../../server/evaluation/episodes.ts';
import { type Recovery, recovery } from '../../server/reports/recovery.ts';
import { lineChart, SERIES_COLOURS } from '../../server/reports/svg-plot.ts';
import { RunDir } from '../../server/run/run-dir.ts';
import type { ExperimentOptions } from '../experiment.ts';
import { inParallel, runCoevo } from '../lib/parallel.ts';
import { table, writeSection } from '../lib/report.ts';
import { CURRENT_DEFAULTS } from '../lib/measured-with.ts';
import { runComplete } from '../lib/run-complete.ts';

const CHANGE_AT = 30;
const POISON = { count: 12, penalty: 2 };
const FORAGE = { sensors: 'analytic', patches: 3, patchRadius: 3, patchSpeed: 0.5, poison: { count: 0, penalty: POISON.penalty } };
const BASE = {
  ...CURRENT_DEFAULTS,
  physics: { rapier: 'simd' },
  evolution: { populationSize: 64 },
  checkpointEvery: 1000,
  worlds: { forage: FORAGE },
  schedule: [{ at: CHANGE_AT, set: { worlds: { forage: { poison: POISON } } } }],
};
const IMITATE = { learnFraction: 0.25, steps: 50 };
const ARMS: { name: string; imitation?: Record<string, unknown> }[] = [
  { name: 'evolution' },
  ...(['success', 'prestige', 'conformist', 'whenUncertain', 'critical'] as const).map((strategy) => ({ name: `peer ${strategy}`, imitation: { experts: { peer: 1 }, strategy, ...IMITATE } })),
  { name: 'scripted (dagger)', imitation: { experts: { scripted: 1 }, method: 'dagger', ...IMITATE } },
];
const K = 5;
const EVAL_EPISODES = 20;

export async function adaptationExperiment(options: ExperimentOptions): Promise<void> {
  const generations = options.generations;
  if (generations < CHANGE_AT + 10) throw new Error(`adaptation: the poison appears at generation ${CHANGE_AT}; run at least ${CHANGE_AT + 10} generations (--generations 60)`);
  const seeds = Array.from({ length: options.seeds }, (_, i) => i + 1);
  const root = join(options.runs, 'adaptation');
  mkdirSync(root, { recursive: true });
  const dir = (arm: number, seed: number) => join(root, slug(ARMS[arm].name), `seed-${seed}`);
  const started = performance.now();
  await inParallel(
    ARMS.flatMap((arm, a) =>
      seeds.map((seed) => async () => {
        if (runComplete(dir(a, seed), generations)) return;
        const file = join(root, `${slug(arm.name)}.json`);
        writeFileSync(file, JSON.stringify({ ...BASE, ...(arm.imitation ? { imitation: arm.imitation } : {}) }));
        console.log(`adaptation: ${arm.name}, seed ${seed}`);
        await runCoevo(['run', '--config', file, '--seed', String(seed), '--generations', String(generations), '--workers', '1', '--run-dir', dir(a, seed), '--quiet']);
      }),
    ),
  );
  const minutes = (performance.now() - started) / 60_000;

  const curves = ARMS.map((_, a) => seeds.map((seed) => new RunDir(dir(a, seed)).readMetrics().map((row) => (row.fitness as { mean: number }).mean)));
  const recoveries = curves.map((runs) => runs.map((curve) => recovery(curve, CHANGE_AT, { k: K })));
  const yardsticks = await baselines();

  const rows = ARMS.map((arm, a) => {
    const of = (key: keyof Recovery) => recoveries[a].map((r) => r[key] as number | null);
    const final = curves[a].map((c) => c.slice(-K).reduce((s, y) => s + y, 0) / K);
    return [
      arm.name,
      spread(of('pre')),
      spread(of('first')),
      spread(of('drop')),
      generationsText(of('generationsTo80')),
      generationsText(of('generationsTo100')),
      spread(of('area'), 1),
      spread(final),
    ];
  });
  const evolution80 = median(recoveries[0].map((r) => r.generationsTo80 ?? Number.POSITIVE_INFINITY));
  const social = ARMS.map((arm, a) => ({ arm: arm.name, to80: median(recoveries[a].map((r) => r.generationsTo80 ?? Number.POSITIVE_INFINITY)) })).filter((s) => s.arm.startsWith('peer'));
  const fastest = social.reduce((b, s) => (s.to80 < b.to80 ? s : b));
  const areaOf = (a: number) => median(recoveries[a].map((r) => r.area));
  const finalOf = (a: number) => median(curves[a].map((c) => c.slice(-K).reduce((s, y) => s + y, 0) / K));
  const peerIndex = ARMS.findIndex((arm) => arm.name === 'peer success');
  // Where evolution alone never gets back within the run, it needs more than the generations left: half of that is the bar.
  const after = generations - CHANGE_AT;
  const evolutionNeeds = Number.isFinite(evolution80) ? evolution80 : after;
  const halfMet = Number.isFinite(fastest.to80) && fastest.to80 <= evolutionNeeds / 2;
  const peerBeats = finalOf(peerIndex) > finalOf(0) && areaOf(peerIndex) < areaOf(0);

  writeFileSync(
    join(options.out, 'results-adaptation.svg'),
    lineChart(
      ARMS.map((arm, a) => ({
        label: arm.name,
        color: SERIES_COLOURS[a % SERIES_COLOURS.length],
        dashed: a === 0,
        points: Array.from({ length: generations }, (_, g) => [g, median(curves[a].map((c) => c[g]))] as [number, number]),
      })),
      {
        title: `forage: mean fitness (median of ${seeds.length} seeds); poison appears at generation ${CHANGE_AT}`,
        xLabel: 'generation',
        yLabel: 'mean fitness',
        yFromData: true,
        markers: [{ x: CHANGE_AT, label: 'poison' }],
      },
    ),
  );
  writeSection(
    join(options.out, 'results.md'),
    'adaptation',
    `
## Adaptation: poison appears mid-run

Command: \`npm run experiment -- adaptation --seeds ${seeds.length} --generations ${generations}\`, ${minutes.toFixed(0)} minutes on this 2-core machine (runs already complete were kept), measured ${new Date().toISOString().slice(0, 10)} under today's defaults (the fused kernels). Forage, populations of 64 (8 arenas of 8), food in ${FORAGE.patches} patches of ${FORAGE.patchRadius} m drifting at ${FORAGE.patchSpeed} m/s; from generation ${CHANGE_AT}, ${POISON.count} poison pellets costing ${POISON.penalty} each (the schedule \`{ at: ${CHANGE_AT}, set: { worlds: { forage: { poison: { count: ${POISON.count} } } } } }\`; the poison channel is in the observation from generation 0). Imitating arms: a quarter of the population learns each generation (50 BC steps); peer imitation under each \`imitation.strategy\`, and DAgger on the scripted expert, which avoids poison. Figures (server/reports/recovery.ts, on each run's mean fitness): the pre-change level is the mean of the ${K} generations before the change; recovery counts generations after it until the mean fitness is back at 80% (100%) of that level; the area is the fitness lost until then. Median of seeds [min–max]; "final" is the mean of the last ${K} generations.

Yardsticks (${EVAL_EPISODES} episodes each): the scripted expert scores ${yardsticks.expertBefore.toFixed(2)} before the change and ${yardsticks.expertAfter.toFixed(2)} after it; random actions ${yardsticks.randomBefore.toFixed(2)} and ${yardsticks.randomAfter.toFixed(2)}.

${table(['arm', 'pre-change', 'first after', 'drop', 'generations to 80%', 'generations to 100%', 'area', 'final'], rows)}

![adaptation](results-adaptation.svg)

Targets: some social strategy recovers 80% in at most half the generations evolution alone needs: evolution alone ${Number.isFinite(evolution80) ? generationsOne(evolution80) : `not within the ${after} generations after the change (so more than ${after}: the bar is ${after / 2})`}, the fastest social strategy (\`${fastest.arm}\`) ${generationsOne(fastest.to80)}: **${halfMet ? 'met' : 'not met'}**. Peer imitation (\`success\`) beats evolution alone in this changing world (a higher final fitness and a smaller area): final ${finalOf(peerIndex).toFixed(2)} against ${finalOf(0).toFixed(2)}, area ${areaOf(peerIndex).toFixed(1)} against ${areaOf(0).toFixed(1)}: **${peerBeats ? 'met' : 'not met'}**.
`,
  );
}

/** The scripted expert and random actions, before and after the change. */
async function baselines() {
  const world = async (poison: { count: number; penalty: number }) => setupEpisode(resolveConfig({ ...BASE, schedule: [], workers: 0, worlds: { forage: { ...FORAGE, poison } } }));
  const before = await world(FORAGE.poison);
  const after = await world(POISON);
  const score = (w: Awaited<ReturnType<typeof world>>, kind: 'expert' | 'random') => evaluateController(w, { kind }, EVAL_EPISODES, 1000).mean;
  return { expertBefore: score(before, 'expert'), expertAfter: score(after, 'expert'), randomBefore: score(before, 'random'), randomAfter: score(after, 'random') };
}

function slug(name: string): string {
  return name.replace(/[^a-zA-Z0-9]+/g, '-').replace(/-$/, '');
}

function spread(xs: (number | null)[], digits = 2): string {
  const values = xs.filter((x): x is number => x !== null);
  if (!values.length) return 'never';
  return `${median(values).toFixed(digits)} [${Math.min(...values).toFixed(digits)}–${Math.max(...values).toFixed(digits)}]`;
}

function generationsText(xs: (number | null)[]): string {
  const m = median(xs.map((x) => x ?? Number.POSITIVE_INFINITY));
  return `${generationsOne(m)} [${xs.map((x) => (x === null ? '∞' : x)).join(', ')}]`;
}

function generationsOne(x: number): string {
  return Number.isFinite(x) ? `${x}` : 'not within the run';
}
