/**
 * Pursuit co-evolution (predators against prey, hall-of-fame matchmaking) over several seeds,
 * then one tournament in which every seed's first and last champions of both populations meet
 * the other role's players, beside the scripted experts and random actions of each role.
 * Writes the "pursuit" section of docs/results.md and its picture.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SERIES_COLOURS, lineChart } from '../../server/reports/svg-plot.ts';
import type { ExperimentOptions } from '../experiment.ts';
import { championOf, runSeeds } from '../lib/coevolution-runs.ts';
import { CURRENT_DEFAULTS } from '../lib/measured-with.ts';
import { table, writeSection } from '../lib/report.ts';
import { tournament, type Standing } from '../lib/tournament.ts';

const POPULATION = 32;
const POPULATIONS = [
  { name: 'predators', role: 'predator' },
  { name: 'prey', role: 'prey' },
] as const;

export async function pursuitExperiment(o: ExperimentOptions): Promise<void> {
  const { seeds, dirOf, seconds: runSeconds } = await runSeeds(o.runs, 'pursuit', o.seeds, o.generations, POPULATION, CURRENT_DEFAULTS);

  const last = o.generations - 1;
  const champions = seeds.flatMap((seed) => POPULATIONS.flatMap((p) => [championOf(dirOf(seed), p.name, 0), championOf(dirOf(seed), p.name, last)]));
  const standings = await tournament(o.runs, 'pursuit-tournament', 'pursuit', champions, CURRENT_DEFAULTS);
  const of = (player: string): Standing => standings.find((s) => s.player === player)!;
  const cell = (s: Standing) => `${s.rating.toFixed(0)} ± ${s.interval95.toFixed(0)}`;
  const rows = seeds.map((seed) => [seed, ...POPULATIONS.flatMap((p) => [cell(of(championOf(dirOf(seed), p.name, 0))), cell(of(championOf(dirOf(seed), p.name, last)))])]);
  const builtIns = POPULATIONS.map((p) => ({ role: p.role, expert: of(`expert:${p.role}`), random: of(`random:${p.role}`) }));
  // How many last champions beat their role's random actions beyond its 95% interval.
  const beatRandom = POPULATIONS.map((p, r) => seeds.filter((seed) => of(championOf(dirOf(seed), p.name, last)).rating > builtIns[r].random.rating + builtIns[r].random.interval95).length);

  writeFileSync(
    join(o.out, 'results-pursuit.svg'),
    lineChart(
      [
        ...POPULATIONS.flatMap((p, r) =>
          seeds.map((seed, i) => ({
            label: `${p.name}, seed ${seed}`,
            color: SERIES_COLOURS[(r * 3 + i) % SERIES_COLOURS.length],
            dashed: r === 1,
            points: [
              [0, of(championOf(dirOf(seed), p.name, 0)).rating],
              [last, of(championOf(dirOf(seed), p.name, last)).rating],
            ] as [number, number][],
          })),
        ),
      ],
      { title: `Champions of generation 0 and ${last}, every seed, in one tournament (prey dashed)`, xLabel: 'generation', yLabel: 'rating', yFromData: true },
    ),
  );

  writeSection(
    join(o.out, 'results.md'),
    'pursuit',
    `## Pursuit co-evolution: predators and prey

Command: \`npm run experiment -- pursuit --seeds ${o.seeds} --generations ${o.generations}\` (${runSeconds.toFixed(0)} s for the runs on this 2-core machine, measured ${new Date().toISOString().slice(0, 10)} under today's defaults: the fused WebAssembly kernels).
Two populations of ${POPULATION} balls co-evolve in \`pursuit\` (2 predators against 2 prey, docs/pursuit.md) with the default matchmaking (3 matches per member and generation, 30% of opponents from the other population's hall of fame).
Then one \`coevo tournament --scenario pursuit\`: every predator player meets every prey player, 20 games a pairing; a game's score is the share of prey caught (the predators') or left free (the prey's), and the Bradley-Terry ratings put all players on one scale: a predator rated higher catches more of the same prey, a prey rated higher escapes the same predators more.

| seed | predators gen 0 | predators gen ${last} | prey gen 0 | prey gen ${last} |
| --- | --- | --- | --- | --- |
${rows.map((r) => `| ${r.join(' | ')} |`).join('\n')}

${table(
  ['role', 'scripted expert', 'random actions', `last champions above random (beyond its 95% interval)`],
  builtIns.map((b, r) => [b.role, cell(b.expert), cell(b.random), `${beatRandom[r]} of ${seeds.length}`]),
)}

![First and last champions of every seed (prey dashed)](results-pursuit.svg)
`,
  );
}
