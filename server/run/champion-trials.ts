/**
 * Where roles meet, the champion a generation saves (and adds to its hall of fame) is by default
 * its best member by fitness over `matchesPerMember` matches: a noisy verdict, which makes saved
 * champions swing by hundreds of rating points between generations. With
 * `coevolution.championTrials` N > 0, each population's CHAMPION_CANDIDATES best members play N
 * more matches each against the rival's hall of fame, and the one with the best mean there is the
 * champion. Fitness, and so selection, is unchanged; only which member is called the champion.
 */
import type { Evaluator } from '../evaluation/evaluator.ts';
import { scoringSeats, type MatchResult, type ScenarioRef, type Team } from '../evaluation/match-task.ts';
import { planChampionTrials, type PlanInput } from '../evaluation/planner.ts';

/** How many of each population's best members (by this generation's fitness) are tried. */
export const CHAMPION_CANDIDATES = 4;

export interface ChampionTrialsInput {
  evaluator: Evaluator;
  world: ScenarioRef;
  /** The generation's plan input (populations, halls of fame, seed), as its matches were planned. */
  plan: PlanInput;
  /** The generation's teams: populations first, then their halls of fame. */
  teams: Team[];
  /** Each population's fitness this generation. */
  fitness: ArrayLike<number>[];
  trials: number;
}

/** Each population's champion: the member, among its best few, that scores best in the trials (and the trials' results, for the generation's totals). */
export async function trialChampions(input: ChampionTrialsInput): Promise<{ champions: number[]; results: MatchResult[] }> {
  const candidates = input.fitness.map((f) => bestMembers(f, CHAMPION_CANDIDATES));
  const tasks = planChampionTrials(input.plan, candidates, input.trials);
  const results = await input.evaluator.play({ world: input.world, teams: input.teams, tasks });
  const byIndex = new Map(results.map((r) => [r.index, r]));
  const totals = input.fitness.map((f) => new Float64Array(f.length));
  for (const task of tasks) {
    const result = byIndex.get(task.index);
    if (!result) throw new Error(`champion trials: no result for match ${task.index}`);
    for (const { role, slot, seat } of scoringSeats(task)) totals[seat.team][seat.member] += result.fitness[role][slot];
  }
  // Every candidate plays the same number of trials, so totals compare as means do; ties go to the fitter.
  const champions = candidates.map((members, p) => members.reduce((best, m) => (totals[p][m] > totals[p][best] ? m : best), members[0]));
  return { champions, results };
}

/** The indices of the `count` largest values, largest first (ties: lower index first). */
export function bestMembers(values: ArrayLike<number>, count: number): number[] {
  const order = Array.from({ length: values.length }, (_, i) => i).sort((a, b) => values[b] - values[a] || a - b);
  return order.slice(0, Math.min(count, order.length));
}
