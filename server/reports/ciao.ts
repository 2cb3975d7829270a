/**
 * Progress measures of a co-evolution run. The CIAO matrix (Cliff and Miller's "current
 * individual versus ancestral opponents"): the champion of population A from generation i plays
 * the champion of population B from generation j; cell (i, j) is A's score. Rows that get bluer
 * to the right of older columns show progress; stripes show cycling. The same games give every
 * champion a Bradley-Terry rating on one scale, so a champion's rating over generations shows
 * progress, stagnation or cycling at a glance.
 */
import { fitBradleyTerry, type GameResult, type Rating } from '../../agents/ratings/bradley-terry.ts';
import { deriveSeed } from '../../agents/rng.ts';
import type { Scenario } from '../../worlds/scenario.ts';
import type { Evaluator } from '../evaluation/evaluator.ts';
import type { MatchTask, ScenarioRef, Team } from '../evaluation/match-task.ts';
import type { HallOfFameEntry } from '../run/hall-of-fame.ts';
import type { Population } from '../run/populations.ts';
import { SEED_STREAMS } from '../seed-streams.ts';

export interface CiaoMatrix {
  /** The population whose champions are the rows, and whose score the cells hold. */
  rows: string;
  columns: string;
  rowGenerations: number[];
  columnGenerations: number[];
  /** scores[i][j]: mean score of rows' champion i against columns' champion j. */
  scores: number[][];
}

export interface ChampionRating extends Rating {
  population: string;
  generation: number;
}

export interface ProgressReport {
  matrices: CiaoMatrix[];
  ratings: ChampionRating[];
  agentSteps: number;
}

export interface ProgressInput {
  evaluator: Evaluator;
  world: ScenarioRef;
  scenario: Scenario;
  populations: Population[];
  /** The champions to rate, per population, in generation order (a bounded sample: see loadChampions). */
  champions: HallOfFameEntry[][];
  runSeed: number;
  episodes: number;
}

/** Plays every pair of populations of different roles, champion against champion. */
export async function measureProgress(input: ProgressInput): Promise<ProgressReport> {
  const { populations, scenario } = input;
  const players: { population: number; entry: HallOfFameEntry }[] = [];
  const playerOf = input.champions.map((list, p) => list.map((entry) => players.push({ population: p, entry }) - 1));
  const games: GameResult[] = [];
  const matrices: CiaoMatrix[] = [];
  let agentSteps = 0;
  for (const a of populations) {
    for (const b of populations) {
      if (b.index <= a.index || b.role === a.role) continue;
      const rows = input.champions[a.index];
      const cols = input.champions[b.index];
      if (rows.length === 0 || cols.length === 0) continue;
      const teams: Team[] = [{ kind: 'mlp', shape: a.shape, genomes: rows.map((e) => e.genome) }, { kind: 'mlp', shape: b.shape, genomes: cols.map((e) => e.genome) }, { kind: 'expert' }];
      const tasks: MatchTask[] = [];
      const cellOf: [number, number][] = [];
      rows.forEach((row, i) =>
        cols.forEach((col, j) => {
          for (let e = 0; e < input.episodes; e++) {
            const seats = scenario.spec.roles.map((role, r) =>
              Array.from({ length: role.slots }, () => (r === a.role ? { team: 0, member: i } : r === b.role ? { team: 1, member: j } : { team: 2, member: 0 })),
            );
            tasks.push({ index: tasks.length, seed: deriveSeed(input.runSeed, SEED_STREAMS.ciao, row.generation, col.generation, e), seats });
            cellOf.push([i, j]);
          }
        }),
      );
      const results = await input.evaluator.play({ world: input.world, teams, tasks });
      const scores = rows.map(() => cols.map(() => 0));
      for (const result of results) {
        const [i, j] = cellOf[result.index];
        const score = scenario.score(result.outcome, a.role, 0);
        scores[i][j] += score / input.episodes;
        games.push({ a: playerOf[a.index][i], b: playerOf[b.index][j], score });
        agentSteps += result.agentSteps;
      }
      matrices.push({
        rows: a.name,
        columns: b.name,
        rowGenerations: rows.map((e) => e.generation),
        columnGenerations: cols.map((e) => e.generation),
        scores,
      });
    }
  }
  const fitted = players.length > 1 ? fitBradleyTerry(players.length, games) : [];
  const ratings = fitted.map((rating, k) => ({ population: populations[players[k].population].name, generation: players[k].entry.generation, ...rating }));
  return { matrices, ratings, agentSteps };
}
