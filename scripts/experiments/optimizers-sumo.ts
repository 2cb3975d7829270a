/**
 * The sumo part of `npm run experiment -- optimizers`: red and blue populations that both evolve
 * by the strategy (and both imitate in the imitation arm). Red's champions of the first and last
 * generation of every run meet the scripted expert and random actions in one tournament, so that
 * every strategy's rating gain is on one scale.
 */
import { join } from 'node:path';
import { mean, median, stdDev } from '../../agents/stats.ts';
import { writeFileAtomic } from '../../server/atomic-file.ts';
import { SERIES_COLOURS, lineChart, type Series } from '../../server/reports/svg-plot.ts';
import { RunDir } from '../../server/run/run-dir.ts';
import type { ExperimentOptions } from '../experiment.ts';
import { championOf } from '../lib/coevolution-runs.ts';
import { table } from '../lib/report.ts';
import { CURRENT_DEFAULTS } from '../lib/measured-with.ts';
import { cachedRoundRobin, type Standing } from '../lib/tournament.ts';

export const SUMO_POPULATION = 32;
export const SUMO_MATCHES_PER_MEMBER = 3;

export interface SumoArm {
  strategy: string;
  arm: string;
  /** How the arm reads in the table's imitation column. */
  armLabel: string;
  label: string;
  /** Run directories, seed by seed. */
  dirs: string[];
}

export interface SumoOutcome {
  text: string;
  /** Arms with a last red champion rated above the expert beyond both 95% intervals, and in how many seeds. */
  aboveExpert: { arm: string; label: string; seeds: number }[];
  expert: Standing;
}

export async function sumoReport(root: string, arms: SumoArm[], options: ExperimentOptions): Promise<SumoOutcome> {
  const last = options.generations - 1;
  const players = arms.flatMap((a) => a.dirs.flatMap((dir) => [championOf(dir, 'red', 0), championOf(dir, 'red', last)]));
  const standings = await cachedRoundRobin(root, 'sumo-tournament', 'sumo', players, CURRENT_DEFAULTS);
  const ratingOf = (player: string) => standings.find((p) => p.player === player)!;
  const [expert, random] = [ratingOf('expert'), ratingOf('random')];
  const matches = 2 * SUMO_POPULATION * SUMO_MATCHES_PER_MEMBER;
  const byMatches: Series[] = [];
  const aboveExpert: SumoOutcome['aboveExpert'] = [];
  const f = (x: number) => x.toFixed(2);
  const rows = arms.map((a) => {
    const runs = a.dirs.map((dir) => new RunDir(dir).readMetrics().slice(0, options.generations));
    const red = runs.map((rows) => rows.map((row) => (row.populations as Record<string, { fitness: { mean: number } }>).red.fitness.mean));
    const strategyIndex = [...new Set(arms.map((x) => x.strategy))].indexOf(a.strategy);
    byMatches.push({
      label: a.arm === 'alone' ? a.strategy : a.arm === 'bc' ? `${a.strategy} + BC` : `${a.strategy}, ${a.arm}`,
      color: SERIES_COLOURS[strategyIndex % SERIES_COLOURS.length] as string,
      dashed: a.arm === 'bc',
      points: red[0].map((_, g) => [(g + 1) * matches, median(red.map((c) => c[g]))]),
    });
    const first = a.dirs.map((dir) => ratingOf(championOf(dir, 'red', 0)));
    const final = a.dirs.map((dir) => ratingOf(championOf(dir, 'red', last)));
    const gains = final.map((s, i) => s.rating - first[i].rating);
    const above = final.filter((s) => s.rating - s.interval95 > expert.rating + expert.interval95).length;
    if (above > 0) aboveExpert.push({ arm: a.arm, label: `${a.label} (${above} of ${final.length} seeds)`, seeds: above });
    return [
      a.strategy,
      a.armLabel,
      `${f(mean(red.map((c) => c[last])))} ± ${f(stdDev(red.map((c) => c[last])))}`,
      median(first.map((s) => s.rating)).toFixed(0),
      `${median(final.map((s) => s.rating)).toFixed(0)} (±${median(final.map((s) => s.interval95)).toFixed(0)})`,
      `${median(gains).toFixed(0)} [${Math.min(...gains).toFixed(0)}, ${Math.max(...gains).toFixed(0)}]`,
      `${above} / ${final.length}`,
    ];
  });
  const plot = 'results-optimizers-sumo-matches.svg';
  writeFileAtomic(
    join(options.out, plot),
    lineChart(byMatches, { title: "sumo: red's population mean fitness (median of seeds); dashed: with BC", xLabel: 'matches played', yLabel: "red's fitness", yFromData: true }),
  );
  const text = `### sumo (red and blue populations of ${SUMO_POPULATION} balls, both evolving by the strategy, ${SUMO_MATCHES_PER_MEMBER} matches a member): ratings of red's champions

One round robin (\`coevo tournament --format round-robin\`: every pair meets, 20 games a pairing, sides swapped) of every run's first and last red champion with the scripted expert (${expert.rating.toFixed(0)} ± ${expert.interval95.toFixed(0)}) and random actions (${random.rating.toFixed(0)} ± ${random.interval95.toFixed(0)}); Bradley-Terry ratings on the Elo scale, medians over seeds.

${table(
  [
    'strategy',
    'imitation',
    "red's final population mean fitness (± sd; against its own co-evolving rivals, so not comparable across rows)",
    'first champion',
    'last champion (±95%)',
    'gain [min, max]',
    'last champions above the expert beyond both 95% intervals',
  ],
  rows,
)}

![sumo: fitness against matches](${plot})`;
  return { text, aboveExpert, expert };
}
