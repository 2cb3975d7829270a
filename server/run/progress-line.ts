/** The per-generation progress line. */
import type { MetricsRow } from './run-dir.ts';

export function progressLine(row: MetricsRow & { agentStepsPerSec: number }, totalGenerations: number | null, secondsPerGeneration: number): string {
  const gen = totalGenerations === null ? `gen ${row.generation + 1}` : `gen ${row.generation + 1}/${totalGenerations}`;
  const parts = [
    gen.padEnd(12),
    `best ${row.fitness.best.toFixed(2)}`,
    `mean ${row.fitness.mean.toFixed(2)}`,
    `median ${row.fitness.median.toFixed(2)}`,
    `${formatRate(row.agentStepsPerSec)} agent-steps/s`,
  ];
  if (totalGenerations !== null) parts.push(`ETA ${formatDuration((totalGenerations - row.generation - 1) * secondsPerGeneration)}`);
  return parts.join('  ');
}

function formatRate(perSecond: number): string {
  return perSecond >= 1000 ? `${(perSecond / 1000).toFixed(1)}k` : perSecond.toFixed(0);
}

export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}
