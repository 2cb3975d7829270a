/**
 * Sumo co-evolution (red against blue, hall-of-fame matchmaking) over several seeds, then two
 * tournaments: seed 1's champions of several generations, and every seed's first and last red
 * champions, each time with the scripted expert and a random policy beside them. Ratings within a
 * run are relative to that run's champions; the tournaments put all seeds on one scale.
 * Writes the "coevolution" section of docs/results.md, the CIAO picture and the rating plot.
 */
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ExperimentOptions } from '../experiment.ts';
import { SERIES_COLOURS, lineChart } from '../../server/reports/svg-plot.ts';
import { championOf, runSeeds } from '../lib/coevolution-runs.ts';
import { CURRENT_DEFAULTS } from '../lib/measured-with.ts';
import { table, writeSection } from '../lib/report.ts';
import { tournament } from '../lib/tournament.ts';

const POPULATION = 32;

export async function coevolutionExperiment(o: ExperimentOptions): Promise<void> {
  const { seeds, dirOf, seconds: runSeconds } = await runSeeds(o.runs, 'sumo', o.seeds, o.generations, POPULATION, CURRENT_DEFAULTS);
  copyFileSync(join(dirOf(1), 'progress', 'ciao-red-vs-blue.svg'), join(o.out, 'results-sumo-ciao.svg'));
  copyFileSync(join(dirOf(1), 'progress', 'champion-ratings.svg'), join(o.out, 'results-sumo-ratings.svg'));

  // Champion ratings (from each run's own CIAO games) at a few generations, per seed.
  const last = o.generations - 1;
  const marks = [0, Math.round(last / 4), Math.round(last / 2), Math.round((3 * last) / 4), last];
  // A report rates at most 30 generations: take the rated generation nearest each mark.
  const ratingRows = seeds.map((seed) => {
    const ratings = (
      JSON.parse(readFileSync(join(dirOf(seed), 'progress', 'champion-ratings.json'), 'utf8')).ratings as {
        population: string;
        generation: number;
        rating: number;
      }[]
    ).filter((r) => r.population === 'red');
    const at = (generation: number) => ratings.reduce((best, r) => (Math.abs(r.generation - generation) < Math.abs(best.generation - generation) ? r : best));
    return [seed, ...marks.map((g) => `${at(g).rating.toFixed(0)} (gen ${at(g).generation})`)];
  });

  const champion = (seed: number, population: string, generation: number) => championOf(dirOf(seed), population, generation);
  // Seed 1's red champions from five generations, its last blue champion, the expert and random.
  const standings = await tournament(o.runs, 'sumo-tournament', 'sumo', [...marks.map((g) => champion(1, 'red', g)), champion(1, 'blue', last)], CURRENT_DEFAULTS);
  const label = (player: string) => player.replace(`${dirOf(1)}/champions/`, '').replace(/gen-0*(\d)/, 'gen $1');
  // Every seed's first and last red champions on one scale.
  const across = await tournament(
    o.runs,
    'sumo-tournament-seeds',
    'sumo',
    seeds.flatMap((seed) => [champion(seed, 'red', 0), champion(seed, 'red', last)]),
    CURRENT_DEFAULTS,
  );
  const ratingOf = (player: string) => across.find((p) => p.player === player)!;
  const acrossRows = seeds.map((seed) => {
    const [first, final] = [ratingOf(champion(seed, 'red', 0)), ratingOf(champion(seed, 'red', last))];
    return [seed, `${first.rating.toFixed(0)} ± ${first.interval95.toFixed(0)}`, `${final.rating.toFixed(0)} ± ${final.interval95.toFixed(0)}`, `${final.wins}-${final.draws}-${final.losses}`];
  });
  const gains = seeds.map((seed) => ratingOf(champion(seed, 'red', last)).rating - ratingOf(champion(seed, 'red', 0)).rating).sort((a, b) => a - b);
  const median = (gains[(gains.length - 1) >> 1] + gains[gains.length >> 1]) / 2;
  const [expert, random] = [ratingOf('expert'), ratingOf('random')];
  const level = (label: string, rating: number, color: string) => ({
    label,
    color,
    dashed: true,
    points: [
      [0, rating],
      [last, rating],
    ] as [number, number][],
  });
  writeFileSync(
    join(o.out, 'results-sumo-seeds.svg'),
    lineChart(
      [
        ...seeds.map((seed, i) => ({
          label: `seed ${seed}`,
          color: SERIES_COLOURS[i % SERIES_COLOURS.length],
          points: [
            [0, ratingOf(champion(seed, 'red', 0)).rating],
            [last, ratingOf(champion(seed, 'red', last)).rating],
          ] as [number, number][],
        })),
        level('expert', expert.rating, '#2e3440'),
        level('random', random.rating, '#999999'),
      ],
      { title: `Red champions of generation 0 and ${last}, every seed, in one tournament`, xLabel: 'generation', yLabel: 'rating', yFromData: true },
    ),
  );
  const beatRandom = seeds.filter((seed) => ratingOf(champion(seed, 'red', last)).rating > random.rating + random.interval95).length;

  writeSection(
    join(o.out, 'results.md'),
    'coevolution',
    `## Sumo co-evolution and a tournament

Command: \`npm run experiment -- coevolution --seeds ${o.seeds} --generations ${o.generations}\` (${runSeconds.toFixed(0)} s for the runs on this 2-core machine, measured ${new Date().toISOString().slice(0, 10)} under today's defaults: the fused WebAssembly kernels).
Two populations (red, blue) of ${POPULATION} ball wrestlers co-evolve in \`sumo\` with the default matchmaking (3 matches per member and generation, 30% of opponents from the rival's hall of fame of 20 champions).
Each run writes \`progress/\` (docs/coevolution.md): the CIAO matrix of red's champion of every generation against blue's, and Bradley-Terry ratings of all champions fitted to those games.

Red champion's rating (Elo scale, fitted within each run to its CIAO games; 1500 is the mean of that run's champions), at the rated generation nearest ${marks.join(', ')}:

${table(['seed', ...marks.map((g) => `gen ${g}`)], ratingRows)}

Seed 1: CIAO (red's score against blue's champion of each generation; blue = red wins) and champion ratings over generations:

![CIAO matrix, seed 1](results-sumo-ciao.svg)

![Champion ratings, seed 1](results-sumo-ratings.svg)

Tournament (\`coevo tournament\`, Swiss or round robin by size, 20 games per pairing, sides swapped; seed 1's champions):

${table(
  ['#', 'player', 'rating', '±95%', 'W-D-L'],
  standings.map((s, i) => [i + 1, label(s.player), s.rating.toFixed(0), s.interval95.toFixed(0), `${s.wins}-${s.draws}-${s.losses}`]),
)}

Across seeds (\`coevo tournament\` among every seed's red champions of generation 0 and ${last}, the expert and random; 20 games per pairing, one rating scale):

${table(['seed', 'red gen 0', `red gen ${last}`, `gen ${last} W-D-L`], acrossRows)}

Scripted expert ${expert.rating.toFixed(0)} ± ${expert.interval95.toFixed(0)}, random ${random.rating.toFixed(0)} ± ${random.interval95.toFixed(0)}. Median gain from generation 0 to ${last}: ${median.toFixed(0)} rating points; ${beatRandom} of ${seeds.length} last champions are rated above random beyond its 95% interval.

![First and last red champions of every seed, with the expert and random (dashed)](results-sumo-seeds.svg)
`,
  );
}
