/**
 * `npm run bench:matches`: match worlds (sumo, pursuit, ball and crawler bodies) played through
 * the evaluator on the main thread and on 1 and 2 shard threads, as co-evolution and tournaments
 * play them: random networks in every seat, 384 matches a batch (a default sumo generation). The three take turns for at
 * least 7 rounds after a warm-up (timing.ts); writes the "matches" section of docs/performance.md.
 */
import { parseArgs } from 'node:util';
import { join } from 'node:path';
import { initGenome } from '../../agents/mlp.ts';
import { Rng } from '../../agents/rng.ts';
import { resolveConfig } from '../../server/config/resolve.ts';
import { planRun } from '../../server/run/populations.ts';
import { createEvaluator } from '../../server/evaluation/evaluator.ts';
import type { MatchTask, Team } from '../../server/evaluation/match-task.ts';
import { setupEngine } from '../../server/evaluation/engine.ts';
import { table, writeSection } from '../lib/report.ts';
import { PERFORMANCE_HEADER } from './report.ts';
import { MIN_REPEATS, interleavedRates, pairedRatio, type RateStats, type Variant } from './timing.ts';

const { values } = parseArgs({ options: { repeats: { type: 'string', default: '7' } } });
const repeats = Number(values.repeats);
/** A default sumo generation plays 384 matches (64 members x 2 populations x 3 matches); smaller batches understate the shards (their per-task setup weighs more). */
const MATCHES = 384;

const CASES = [
  { label: 'sumo, ball', scenario: 'sumo', body: 'ball' },
  { label: 'sumo, crawler', scenario: 'sumo', body: 'crawler' },
  { label: 'pursuit 2 v 2, ball', scenario: 'pursuit', body: 'ball' },
] as const;

const rows: (string | number)[][] = [];
for (const c of CASES) {
  // The main thread, 1 and 2 shard threads, each with its evaluator up, taking turns.
  const variants: (Variant & { close: () => Promise<void> })[] = [];
  for (const workers of [0, 1, 2]) {
    const config = resolveConfig({
      scenario: c.scenario,
      workers,
      physics: { rapier: 'simd' },
      populations: planDefaults(c.scenario).map((p) => ({ ...p, body: c.body })),
    });
    const { ref: world, scenario, populations } = planRun(config);
    const rng = new Rng(1);
    const teams: Team[] = populations.map((p) => ({ kind: 'mlp', shape: p.shape, genomes: Array.from({ length: 16 }, () => initGenome(p.shape, rng)) }));
    const evaluator = await createEvaluator(config, await setupEngine(config), () => {});
    let batch = 0;
    variants.push({
      key: String(workers),
      run: async () => {
        const tasks: MatchTask[] = Array.from({ length: MATCHES }, (_, index) => ({
          index,
          seed: 1000 * batch + index,
          // Population r plays role r (the default populations), every seat a different member.
          seats: scenario.spec.roles.map((role, r) => Array.from({ length: role.slots }, (_, s) => ({ team: r, member: (index + s) % 16 }))),
        }));
        batch++;
        const results = await evaluator.play({ world, teams, tasks });
        return results.reduce((n, r) => n + r.agentSteps, 0);
      },
      close: () => evaluator.close(),
    });
  }
  let rates: Map<string, RateStats>;
  try {
    rates = await interleavedRates(variants, repeats);
  } finally {
    for (const v of variants) await v.close();
  }
  const stats = ['0', '1', '2'].map((k) => rates.get(k)!);
  for (const [workers, s] of stats.entries())
    console.log(JSON.stringify({ name: 'matches', world: c.label, workers, agentStepsPerSec: Math.round(s.median), min: Math.round(s.min), max: Math.round(s.max), repeats: s.repeats }));
  const cell = (s: RateStats) => `${Math.round(s.median)} (${Math.round(s.min)}–${Math.round(s.max)})`;
  const ratio = (r: { value: number; min: number; max: number }) => `${r.value.toFixed(2)} (${r.min.toFixed(2)}–${r.max.toFixed(2)})`;
  rows.push([c.label, ...stats.map(cell), ratio(pairedRatio(stats[2], stats[1])), ratio(pairedRatio(stats[2], stats[0]))]);
}

function planDefaults(scenario: string) {
  return scenario === 'sumo'
    ? [
        { name: 'red', role: 'red' },
        { name: 'blue', role: 'blue' },
      ]
    : [
        { name: 'predators', role: 'predator' },
        { name: 'prey', role: 'prey' },
      ];
}

const body = `## Matches (co-evolution and tournaments)

Command: \`npm run bench:matches -- --repeats ${repeats}\`. ${MATCHES} matches a batch, random networks ([32, 32] tanh) in every seat, SIMD Rapier; agent-steps/s (physics steps times agents): the main thread, 1 and 2 shard threads take turns, batch by batch, for ${Math.max(MIN_REPEATS, repeats)} rounds after a warm-up; median (min–max). A ratio is that of the medians, with the range of the round-by-round ratios (the two batches of a round are seconds apart) in brackets.

${table(['world', 'main thread', '1 shard thread', '2 shard threads', 'scaling 1 → 2', '2 threads / main thread'], rows)}
`;
writeSection(join('docs', 'performance.md'), 'matches', body, PERFORMANCE_HEADER);
console.log(body);
