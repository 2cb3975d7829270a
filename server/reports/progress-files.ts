/**
 * Writes a progress report into RUN/progress/: per pair of populations the CIAO matrix as JSON
 * and as an SVG heat map, and every champion's rating as JSON, CSV and an SVG line chart. Each
 * file is written atomically, so a reader never sees half a report.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../atomic-file.ts';
import { SERIES_COLOURS, heatmap, lineChart } from './svg-plot.ts';
import type { ProgressReport } from './ciao.ts';

export function writeProgress(runDir: string, generation: number, report: ProgressReport): string {
  const dir = join(runDir, 'progress');
  mkdirSync(dir, { recursive: true });
  for (const m of report.matrices) {
    const name = `ciao-${m.rows}-vs-${m.columns}`;
    writeFileAtomic(join(dir, `${name}.json`), `${JSON.stringify({ generation, ...m }, null, 1)}\n`);
    writeFileAtomic(
      join(dir, `${name}.svg`),
      heatmap(m.scores, {
        title: `CIAO after ${generation} generations: ${m.rows}'s score against ${m.columns}`,
        xLabel: `${m.columns} champion of generation`,
        yLabel: `${m.rows} champion of generation`,
        xTicks: m.columnGenerations.map(String),
        yTicks: m.rowGenerations.map(String),
        min: 0,
        max: 1,
      }),
    );
  }
  const rows = report.ratings.map((r) => ({ population: r.population, generation: r.generation, rating: round(r.rating), interval95: round(r.interval95) }));
  writeFileAtomic(join(dir, 'champion-ratings.json'), `${JSON.stringify({ generation, ratings: rows }, null, 1)}\n`);
  writeFileAtomic(join(dir, 'champion-ratings.csv'), `${['population,generation,rating,interval95', ...rows.map((r) => `${r.population},${r.generation},${r.rating},${r.interval95}`)].join('\n')}\n`);
  const populations = [...new Set(rows.map((r) => r.population))];
  if (rows.length > 1) {
    writeFileAtomic(
      join(dir, 'champion-ratings.svg'),
      lineChart(
        populations.map((population, i) => ({
          label: population,
          color: SERIES_COLOURS[i % SERIES_COLOURS.length],
          points: rows.filter((r) => r.population === population).map((r) => [r.generation, r.rating] as [number, number]),
        })),
        { title: `Champion ratings (Bradley-Terry, Elo scale) after ${generation} generations`, xLabel: 'generation', yLabel: 'rating', yFromData: true },
      ),
    );
  }
  return dir;
}

function round(x: number): number {
  return Math.round(x * 10) / 10;
}
