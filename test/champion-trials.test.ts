import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../server/config/resolve.ts';
import type { Evaluator } from '../server/evaluation/evaluator.ts';
import type { MatchBatch, MatchResult } from '../server/evaluation/match-task.ts';
import { planChampionTrials, planGeneration, type PlanInput } from '../server/evaluation/planner.ts';
import { CHAMPION_CANDIDATES, bestMembers, trialChampions } from '../server/run/champion-trials.ts';
import { planRun } from '../server/run/populations.ts';

const { scenario, populations, ref } = planRun(resolveConfig({ scenario: 'sumo', evolution: { populationSize: 10, eliteCount: 1 } }));
const HALLS = 2; // teams 2 and 3: the halls of fame of red and blue

function input(hallOfFameSizes: number[]): PlanInput {
  return {
    runSeed: 4,
    generation: 7,
    spec: scenario.spec,
    populations: populations.map((p) => ({ index: p.index, role: p.role, size: 10, islands: 1 })),
    hallOfFameSizes,
    hallOfFameFraction: 0.3,
    matchesPerMember: 3,
    episodesPerGeneration: 1,
  };
}

/** An evaluator whose focal player scores `trial(team, member)` in every match, and nothing else. */
function scriptedEvaluator(trial: (team: number, member: number) => number): Evaluator & { played: MatchBatch[] } {
  const played: MatchBatch[] = [];
  const play = async (batch: MatchBatch): Promise<MatchResult[]> => {
    played.push(batch);
    return batch.tasks.map((task) => ({
      index: task.index,
      fitness: task.seats.map((seats) => Float64Array.from(seats, (s) => (s.scores ? trial(s.team, s.member) : 0))),
      outcome: task.seats.map((seats) => new Float64Array(seats.length)),
      agentSteps: 0,
      nonFiniteActions: 0,
      nonFiniteObservations: 0,
    }));
  };
  const unused = () => Promise.reject(new Error('not in this test'));
  return { played, play, learn: unused, stepRegions: unused, takeReport: () => ({ retries: 0, shards: [] }), close: async () => {} } as Evaluator & { played: MatchBatch[] };
}

describe('champion trials (coevolution.championTrials)', () => {
  it('seats only the best members as focal players, each the same number of times, against the halls of fame', () => {
    const candidates = [
      [3, 1, 4, 0],
      [9, 8, 2, 5],
    ];
    const tasks = planChampionTrials(input([5, 2]), candidates, 6);
    expect(tasks).toHaveLength(2 * CHAMPION_CANDIDATES * 6);
    const counts = new Map<string, number>();
    for (const task of tasks) {
      const focal = task.seats.flat().filter((s) => s.scores);
      expect(focal).toHaveLength(1);
      expect(candidates[focal[0].team]).toContain(focal[0].member);
      counts.set(`${focal[0].team}:${focal[0].member}`, (counts.get(`${focal[0].team}:${focal[0].member}`) ?? 0) + 1);
      const opponents = task.seats.flat().filter((s) => s.team !== focal[0].team);
      expect(opponents.every((s) => s.team >= HALLS)).toBe(true);
    }
    expect([...counts.values()]).toEqual(new Array(8).fill(6));
    // Their seeds are their own: not those of the generation's matches of the same index.
    const generation = planGeneration(input([5, 2]));
    expect(tasks.every((t) => t.seed !== generation[t.index]?.seed)).toBe(true);
    expect(new Set(tasks.map((t) => t.seed)).size).toBe(tasks.length);
  });

  it('names as champion the candidate that scores best in the trials, not the fittest', async () => {
    // Fitness ranks red 0 > 1 > 2 > 3 > 4; in the trials member 2 is best. Blue's trials agree with its fitness.
    const fitness = [Float64Array.of(9, 8, 7, 6, 5, 0, 0, 0, 0, 0), Float64Array.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9)];
    const evaluator = scriptedEvaluator((team, member) => (team === 0 ? (member === 2 ? 10 : 1) : member));
    const { champions } = await trialChampions({ evaluator, world: ref, plan: input([3, 3]), teams: [], fitness, trials: 2 });
    expect(champions).toEqual([2, 9]);
    expect(evaluator.played).toHaveLength(1);
    // Member 4 of red, fifth by fitness, is never tried even though it would score 1 like the others.
    const focal = evaluator.played[0].tasks.flatMap((t) =>
      t.seats
        .flat()
        .filter((s) => s.scores && s.team === 0)
        .map((s) => s.member),
    );
    expect(new Set(focal)).toEqual(new Set([0, 1, 2, 3]));
  });

  it('orders members by fitness, ties to the lower index', () => {
    expect(bestMembers([1, 5, 5, 2], 3)).toEqual([1, 2, 3]);
    expect(bestMembers([1], 4)).toEqual([0]);
  });
});
