/**
 * `npm run experiment -- sparring`: can sumo champions come to rate above the scripted expert?
 * Red and blue populations of 32 balls co-evolve by the GA, as in the optimizers experiment, in
 * eight arms: that experiment's setting (3 matches a member); 8 matches a member (a less noisy
 * fitness); 8 matches with half, or a quarter, of the opponents the rival's scripted expert
 * (sparring against the teacher, `coevolution.expertFraction`); those with imitation of the
 * population's elite or of peers, each learned network kept only if it plays no worse
 * (`strategy: "critical"`); and a quarter with feature matching of the expert (`method: "fm"`:
 * selection rewards behaving like it, and no weights are overwritten). Red's champions of the first and last generation of every run then
 * meet the expert and random actions in one round robin, so that every arm's ratings are on one
 * scale, and each last champion's record against the expert is read from the same games. Runs
 * already complete are kept.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { median } from '../../agents/stats.ts';
import { SERIES_COLOURS, lineChart, type Series } from '../../server/reports/svg-plot.ts';
import { RunDir } from '../../server/run/run-dir.ts';
import type { ExperimentOptions } from '../experiment.ts';
import { championOf } from '../lib/coevolution-runs.ts';
import { inParallel, runCoevo } from '../lib/parallel.ts';
import { table, writeSection } from '../lib/report.ts';
import { CURRENT_DEFAULTS } from '../lib/measured-with.ts';
import { runComplete } from '../lib/run-complete.ts';
import { cachedRoundRobin, type Standing } from '../lib/tournament.ts';

const POPULATION = 32;
const SUMO = { ...CURRENT_DEFAULTS, scenario: 'sumo', evolution: { populationSize: POPULATION } };
const SPARRING = { matchesPerMember: 8, expertFraction: 0.5 };
// A quarter of the opponents the expert: between specialists that beat it and generalists that rate well.
const SPARRING_QUARTER = { matchesPerMember: 8, expertFraction: 0.25 };
const ARMS = [
  { arm: 'baseline', label: 'GA, 3 matches a member (the optimizers experiment)', config: { ...SUMO, coevolution: { matchesPerMember: 3 } } },
  { arm: 'matches-8', label: 'GA, 8 matches a member', config: { ...SUMO, coevolution: { matchesPerMember: 8 } } },
  { arm: 'sparring', label: 'GA, 8 matches, half against the expert', config: { ...SUMO, coevolution: SPARRING } },
  {
    arm: 'sparring-elite',
    label: 'GA, 8 matches, half against the expert, imitating the elite (critical)',
    config: { ...SUMO, coevolution: SPARRING, imitation: { experts: { elite: 1 }, strategy: 'critical' } },
  },
  {
    arm: 'sparring-peer',
    label: 'GA, 8 matches, half against the expert, imitating peers (critical)',
    config: { ...SUMO, coevolution: SPARRING, imitation: { experts: { peer: 1 }, strategy: 'critical' } },
  },
  { arm: 'quarter', label: 'GA, 8 matches, a quarter against the expert', config: { ...SUMO, coevolution: SPARRING_QUARTER } },
  {
    arm: 'quarter-elite',
    label: 'GA, 8 matches, a quarter against the expert, imitating the elite (critical)',
    config: { ...SUMO, coevolution: SPARRING_QUARTER, imitation: { experts: { elite: 1 }, strategy: 'critical' } },
  },
  {
    arm: 'quarter-fm',
    label: 'GA, 8 matches, a quarter against the expert, feature matching of the expert',
    config: { ...SUMO, coevolution: SPARRING_QUARTER, imitation: { experts: { scripted: 1 }, method: 'fm' } },
  },
] as const;
type Arm = (typeof ARMS)[number];

export async function sparringExperiment(o: ExperimentOptions): Promise<void> {
  const root = join(o.runs, 'sparring');
  mkdirSync(root, { recursive: true });
  const seeds = Array.from({ length: o.seeds }, (_, i) => i + 1);
  const dirOf = (arm: Arm, seed: number) => join(root, arm.arm, `seed-${seed}`);
  const jobs = ARMS.flatMap((arm) => seeds.map((seed) => ({ arm, seed })));
  await inParallel(
    jobs
      .filter((job) => !runComplete(dirOf(job.arm, job.seed), o.generations))
      .map((job) => async () => {
        const file = join(root, `${job.arm.arm}.json`);
        writeFileSync(file, JSON.stringify(job.arm.config));
        console.log(`sparring: ${job.arm.arm}, seed ${job.seed}`);
        await runCoevo(['run', '--config', file, '--seed', String(job.seed), '--generations', String(o.generations), '--run-dir', dirOf(job.arm, job.seed), '--workers', '1', '--quiet']);
      }),
  );
  // From the runs' own rows, so that a rerun which keeps them still reports what they took.
  const minutes = jobs.reduce((sum, job) => sum + new RunDir(dirOf(job.arm, job.seed)).readMetrics().reduce((t, row) => t + (row.seconds as number), 0), 0) / 60;

  const generations = [0, o.generations - 1];
  const players = jobs.flatMap((job) => generations.map((g) => championOf(dirOf(job.arm, job.seed), 'red', g)));
  const standings = await cachedRoundRobin(root, 'sparring-tournament', 'sumo', players, CURRENT_DEFAULTS);
  const ratingOf = (player: string) => standings.find((p) => p.player === player)!;
  const [expert, random] = [ratingOf('expert'), ratingOf('random')];
  const headToHead = headToHeadWithExpert(join(root, 'sparring-tournament', 'matrix.json'));
  const last = (arm: Arm, seed: number) => championOf(dirOf(arm, seed), 'red', o.generations - 1);
  const above = (s: Standing) => s.rating - s.interval95 > expert.rating + expert.interval95;

  const aboveCount = (arm: Arm) => seeds.filter((seed) => above(ratingOf(last(arm, seed)))).length;
  const imitating = ARMS.filter((arm) => 'imitation' in arm.config);
  const rows = ARMS.map((arm) => {
    const finals = seeds.map((seed) => ratingOf(last(arm, seed)));
    const wdl = seeds.map((seed) => headToHead(last(arm, seed)));
    return [
      arm.arm,
      arm.label,
      finals.map((s) => s.rating.toFixed(0)).join(', '),
      median(finals.map((s) => s.rating)).toFixed(0),
      `${wdl.map((r) => r.join('-')).join(', ')} (in all ${[0, 1, 2].map((k) => wdl.reduce((t, r) => t + r[k], 0)).join('-')})`,
      `${finals.filter(above).length} / ${finals.length}`,
    ];
  });

  const series: Series[] = ARMS.map((arm, i) => ({
    label: arm.arm,
    color: SERIES_COLOURS[i % SERIES_COLOURS.length] as string,
    points: generations.map((g) => [g, median(seeds.map((seed) => ratingOf(championOf(dirOf(arm, seed), 'red', g)).rating))] as [number, number]),
  }));
  series.push({ label: 'scripted expert', color: '#000000', dashed: true, points: generations.map((g) => [g, expert.rating] as [number, number]) });
  const plot = 'results-sparring.svg';
  writeFileSync(join(o.out, plot), lineChart(series, { title: "sumo: rating of red's champions (median of seeds)", xLabel: 'generation', yLabel: 'Bradley-Terry rating', yFromData: true }));

  const configs = ARMS.map((a) => `- \`${a.arm}\`: \`${JSON.stringify({ coevolution: a.config.coevolution, ...('imitation' in a.config ? { imitation: a.config.imitation } : {}) })}\``).join('\n');
  writeSection(
    join(o.out, 'results.md'),
    'sparring',
    `### Sumo champions above the expert: more matches, and sparring against it

Command: \`npm run experiment -- sparring --seeds ${o.seeds} --generations ${o.generations}\` (${minutes.toFixed(0)} minutes of generations summed over the ${jobs.length} runs, played two at a time on this 2-core machine, then the round robin; measured ${new Date().toISOString().slice(0, 10)}). Sumo, red and blue populations of ${POPULATION} balls, both evolving by the GA and configured alike, ${o.generations} generations. The arms differ only in \`coevolution\` and \`imitation\`:

${configs}

One round robin (\`coevo tournament --format round-robin --games 20 --seed 1\`: every pair meets, sides swapped) of red's champions of generations ${generations.join(', ')} of every run, with the scripted expert (${expert.rating.toFixed(0)} ± ${expert.interval95.toFixed(0)}) and random actions (${random.rating.toFixed(0)} ± ${random.interval95.toFixed(0)}); Bradley-Terry ratings on the Elo scale. "Above the expert" means beyond both 95% intervals (the champion's lower bound above the expert's upper bound).

${table(['arm', 'setting', "last red champion's rating, seed by seed", 'median', 'head to head with the expert (W-D-L of 20), seed by seed', 'last champions above the expert'], rows)}

Target (issue 18): with imitation, champions rated above the expert beyond the 95% interval: ${imitating.map((arm) => `${arm.arm} ${aboveCount(arm)} of ${seeds.length} seeds`).join(', ')}; ${imitating.some((arm) => 2 * aboveCount(arm) > seeds.length) ? 'met by a majority of seeds in some arm' : 'not by a majority of seeds in any arm'}.

![sumo: ratings of red's champions by generation](${plot})
`,
  );
}

/** A player's wins, draws and losses against the expert, from the tournament's matrix (rows: the player's own record). */
function headToHeadWithExpert(matrixFile: string): (player: string) => number[] {
  const matrix = JSON.parse(readFileSync(matrixFile, 'utf8')) as { players: string[]; wdl: number[][][] };
  const expertAt = matrix.players.indexOf('expert');
  return (player) => matrix.wdl[matrix.players.indexOf(player)][expertAt];
}
