/**
 * A generation's metrics row (one line of metrics.jsonl) and its progress line. A run of one
 * population writes `fitness`, `eaten` (a team world: `score`) and `imitation` at the top level, as it always has; where
 * populations meet, each population's figures sit under `populations.NAME`.
 */

import type { EvaluatorReport } from '../evaluation/evaluator.ts';
import type { GenerationOutcome, MainPhases } from './generation.ts';
import { PHASES, zeroPhases } from '../../worlds/phase-clock.ts';
import { populationStats } from './generation.ts';
import { archiveOf } from './algorithms.ts';
import { healthFields, round } from './health.ts';
import { formatDuration } from './progress-line.ts';
import type { GenerationRow } from './run-dir.ts';
import type { RunParts } from './generation.ts';

/**
 * A generation's phases in milliseconds (timing): the main thread's, and the shards' summed over
 * their tasks (worlds/phase-clock.ts; on the main thread when there are no workers).
 */
function phasesOf(main: MainPhases, report: EvaluatorReport): Record<string, Record<string, number>> {
  const shards = zeroPhases();
  for (const health of report.shards) for (const phase of PHASES) shards[phase] += health.phases?.[phase] ?? 0;
  const ms = (values: object) => Object.fromEntries(Object.entries(values).map(([k, v]) => [k, round(v as number, 1)]));
  return { main: ms(main), shards: ms(shards) };
}

export function metricsRow(run: RunParts, generation: number, outcome: GenerationOutcome, seconds: number, report: EvaluatorReport): GenerationRow {
  const { populations, meet } = run.plan;
  const counts = { agentSteps: outcome.agentSteps, nonFiniteActions: outcome.nonFiniteActions, nonFiniteObservations: outcome.nonFiniteObservations };
  const timing = { seconds: round(seconds, 4), agentStepsPerSec: Math.round(outcome.agentSteps / seconds) };
  const learnSeconds = outcome.learnSeconds !== undefined ? { learnSeconds: round(outcome.learnSeconds, 4) } : {};
  const phased = outcome.phases ? { phases: phasesOf(outcome.phases, report) } : {};
  if (!meet) {
    const [p] = outcome.populations;
    const { score, ...fitness } = populationStats(p); // fitness, and with fm taskFitness and imitationScore
    const imitation = p.imitation ? { imitation: p.imitation } : {};
    const archive = archiveStats(run, 0);
    // A team world's unshaped score is the team's (carry: progress, plus 1 for delivering); forage's is food eaten, as it always was.
    const scored = run.plan.scenario.spec.team ? { score } : { eaten: score };
    return { generation, ...fitness, ...scored, ...archive, ...counts, ...timing, ...healthFields(report), ...phased, ...imitation, ...learnSeconds };
  }
  const rows: Record<string, unknown> = {};
  for (const p of populations) {
    const o = outcome.populations[p.index];
    rows[p.name] = { ...populationStats(o), ...archiveStats(run, p.index), hallOfFame: run.halls[p.index].entries.length, ...(o.imitation ? { imitation: o.imitation } : {}) };
  }
  return { generation, populations: rows, matches: outcome.matches, ...counts, ...timing, ...learnSeconds, ...healthFields(report), ...phased };
}

/**
 * A MAP-Elites population's archive after this generation: cells filled, their share (coverage),
 * the QD-score (the sum of the elites' fitness) and the best elite's fitness. Empty otherwise.
 */
function archiveStats(run: RunParts, population: number) {
  const archive = archiveOf(run.algorithms[population]);
  if (!archive) return {};
  const { filled, fitness, cells } = archive;
  const qdScore = fitness.reduce((a, b) => a + b, 0);
  return { archive: { filled: filled.length, coverage: round(filled.length / cells ** 2, 4), qdScore: round(qdScore, 4), best: fitness.length ? Math.max(...fitness) : null } };
}

type Stats = { fitness: { best: number; mean: number; median: number }; score: { mean: number } };

/** `gen 3/40  best 4.00  mean 1.20 ...` for one population; a part per population where several meet. */
export function progressLine(row: GenerationRow, totalGenerations: number | null, secondsPerGeneration: number): string {
  const gen = totalGenerations === null ? `gen ${row.generation + 1}` : `gen ${row.generation + 1}/${totalGenerations}`;
  const parts = [gen.padEnd(12)];
  if (row.populations) {
    for (const [name, p] of Object.entries(row.populations as Record<string, Stats>)) {
      parts.push(`${name}: best ${p.fitness.best.toFixed(2)} mean ${p.fitness.mean.toFixed(2)} score ${p.score.mean.toFixed(2)}`);
    }
    parts.push(`${secondsPerGeneration.toFixed(1)} s`);
    return parts.join('  ');
  }
  const fitness = row.fitness as Stats['fitness'];
  parts.push(`best ${fitness.best.toFixed(2)}`, `mean ${fitness.mean.toFixed(2)}`, `median ${fitness.median.toFixed(2)}`);
  parts.push(`${formatRate(row.agentStepsPerSec as number)} agent-steps/s`);
  if (totalGenerations !== null) parts.push(`ETA ${formatDuration((totalGenerations - row.generation - 1) * secondsPerGeneration)}`);
  return parts.join('  ');
}

function formatRate(perSecond: number): string {
  return perSecond >= 1000 ? `${(perSecond / 1000).toFixed(1)}k` : perSecond.toFixed(0);
}
