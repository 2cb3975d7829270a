/**
 * Sumo co-evolution (red against blue, hall-of-fame matchmaking) over several seeds, then a
 * tournament among the scripted expert, a random policy and champions of several generations.
 * Writes the "coevolution" section of docs/results.md, the CIAO picture and the rating plot.
 */
import { copyFileSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { ExperimentOptions } from '../experiment.ts';
import { inParallel, runCoevo } from '../lib/parallel.ts';
import { table, writeSection } from '../lib/report.ts';

const POPULATION = 32;

export async function coevolutionExperiment(o: ExperimentOptions): Promise<void> {
  const seeds = Array.from({ length: o.seeds }, (_, i) => i + 1);
  const dirOf = (seed: number) => join(o.runs, `sumo-s${seed}`);
  for (const seed of seeds) rmSync(dirOf(seed), { recursive: true, force: true });
  const started = performance.now();
  await inParallel(seeds.map((seed) => () => runCoevo([
    'run', '--scenario', 'sumo', '--generations', String(o.generations), '--population', String(POPULATION),
    '--seed', String(seed), '--workers', '1', '--run-dir', dirOf(seed), '--quiet',
  ])));
  const runSeconds = (performance.now() - started) / 1000;
  copyFileSync(join(dirOf(1), 'progress', 'ciao-red-vs-blue.svg'), join(o.out, 'results-sumo-ciao.svg'));
  copyFileSync(join(dirOf(1), 'progress', 'champion-ratings.svg'), join(o.out, 'results-sumo-ratings.svg'));

  // Champion ratings (from each run's own CIAO games) at a few generations, per seed.
  const last = o.generations - 1;
  const marks = [0, Math.round(last / 4), Math.round(last / 2), Math.round((3 * last) / 4), last];
  // A report rates at most 30 generations: take the rated generation nearest each mark.
  const ratingRows = seeds.map((seed) => {
    const ratings = (JSON.parse(readFileSync(join(dirOf(seed), 'progress', 'champion-ratings.json'), 'utf8')).ratings as { population: string; generation: number; rating: number }[])
      .filter((r) => r.population === 'red');
    const at = (generation: number) => ratings.reduce((best, r) => (Math.abs(r.generation - generation) < Math.abs(best.generation - generation) ? r : best));
    return [seed, ...marks.map((g) => `${at(g).rating.toFixed(0)} (gen ${at(g).generation})`)];
  });

  // A tournament of seed 1's red champions from five generations, its last blue champion, the expert and random.
  const out = join(o.runs, 'sumo-tournament');
  rmSync(out, { recursive: true, force: true });
  const champions = marks.map((g) => join(dirOf(1), 'champions', 'red', `gen-${String(g).padStart(6, '0')}`));
  const blue = join(dirOf(1), 'champions', 'blue', `gen-${String(last).padStart(6, '0')}`);
  await runCoevo(['tournament', '--players', 'expert', 'random', ...champions, blue, '--games', '20', '--seed', '1', '--workers', '2', '--out', out, '--quiet']);
  const standings = JSON.parse(readFileSync(join(out, 'ratings.json'), 'utf8')).players as { player: string; rating: number; interval95: number; wins: number; draws: number; losses: number }[];
  const label = (player: string) => player.replace(dirOf(1) + '/champions/', '').replace(/gen-0*(\d)/, 'gen $1');

  writeSection(join(o.out, 'results.md'), 'coevolution', `## Sumo co-evolution and a tournament

Command: \`npm run experiment -- coevolution --seeds ${o.seeds} --generations ${o.generations}\` (${runSeconds.toFixed(0)} s for the runs on this 2-core machine).
Two populations (red, blue) of ${POPULATION} ball wrestlers co-evolve in \`sumo\` with the default matchmaking (3 matches per member and generation, 30% of opponents from the rival's hall of fame of 20 champions).
Each run writes \`progress/\` (docs/coevolution.md): the CIAO matrix of red's champion of every generation against blue's, and Bradley-Terry ratings of all champions fitted to those games.

Red champion's rating (Elo scale, fitted within each run to its CIAO games; 1500 is the mean of that run's champions), at the rated generation nearest ${marks.join(', ')}:

${table(['seed', ...marks.map((g) => `gen ${g}`)], ratingRows)}

Seed 1: CIAO (red's score against blue's champion of each generation; blue = red wins) and champion ratings over generations:

![CIAO matrix, seed 1](results-sumo-ciao.svg)

![Champion ratings, seed 1](results-sumo-ratings.svg)

Tournament (\`coevo tournament\`, Swiss or round robin by size, 20 games per pairing, sides swapped; seed 1's champions):

${table(['#', 'player', 'rating', '±95%', 'W-D-L'], standings.map((s, i) => [i + 1, label(s.player), s.rating.toFixed(0), s.interval95.toFixed(0), `${s.wins}-${s.draws}-${s.losses}`]))}
`);
}
