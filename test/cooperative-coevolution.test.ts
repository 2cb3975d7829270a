/** Cooperative co-evolution in carry: each slot's population, its members scored with named collaborators; and the homogeneous mode. */
import { describe, expect, it } from 'vitest';
import { planGeneration } from '../server/evaluation/planner.ts';
import type { MatchResult } from '../server/evaluation/match-task.ts';
import { memberScores } from '../server/run/generation.ts';
import { createCarry } from '../worlds/carry/index.ts';
import { CARRY_DEFAULTS } from '../worlds/carry/options.ts';
import { metricsEverywhere } from './helpers.ts';

const carry = createCarry(CARRY_DEFAULTS);

describe('cooperative co-evolution', () => {
  it('scores each member in its own slot with the other slot’s latest champion, then with random members', () => {
    const tasks = planGeneration({
      runSeed: 5,
      generation: 3,
      spec: carry.spec,
      populations: [
        { index: 0, role: 0, slot: 0, size: 3, islands: 1 },
        { index: 1, role: 0, slot: 1, size: 3, islands: 1 },
      ],
      hallOfFameSizes: [4, 2],
      hallOfFameFraction: 0,
      matchesPerMember: 1,
      episodesPerGeneration: 1,
      randomCollaborators: 2,
    });
    // 2 populations x 3 members x (1 + 2) trials.
    expect(tasks).toHaveLength(18);
    const ofMember = (team: number, member: number) => tasks.filter((t) => t.seats[0].some((s) => s.team === team && s.member === member && s.scores));
    for (const [team, other] of [
      [0, 1],
      [1, 0],
    ]) {
      for (let member = 0; member < 3; member++) {
        const trials = ofMember(team, member);
        expect(trials).toHaveLength(3);
        for (const trial of trials) {
          // Its own slot is its population's; the other slot is the collaborator's; only its own seat scores.
          expect(trial.seats[0][team]).toEqual({ team, member, scores: true });
          expect(trial.seats[0][other].scores).toBeUndefined();
        }
        // First the other population's latest champion (team 2 + other, the newest of its hall of fame) ...
        expect(trials[0].seats[0][other]).toEqual({ team: 2 + other, member: [4, 2][other] - 1 });
        // ... then random current members of it.
        for (const trial of trials.slice(1)) {
          expect(trial.seats[0][other].team).toBe(other);
          expect(trial.seats[0][other].member).toBeLessThan(3);
        }
      }
    }
  });

  it("credits a member with its best trial's team score, or their mean", () => {
    const tasks = [0, 1, 2].map((index) => ({
      index,
      seed: index,
      seats: [
        [
          { team: 0, member: 0, scores: true },
          { team: 1, member: index },
        ],
      ],
    }));
    const team = [1, 7, 4];
    const results: MatchResult[] = team.map((f, index) => ({
      index,
      fitness: [Float64Array.from([f, f])],
      outcome: [Float64Array.from([f / 10, f / 10])],
      agentSteps: 0,
      nonFiniteActions: 0,
      nonFiniteObservations: 0,
    }));
    const best = memberScores(carry, tasks, results, [1, 3], true);
    expect(best[0].fitness[0]).toBe(7);
    expect(best[0].score[0]).toBeCloseTo(0.7, 12);
    const mean = memberScores(carry, tasks, results, [1, 3], false);
    expect(mean[0].fitness[0]).toBeCloseTo(4, 12);
  });

  it('gives the same metrics on the main thread, on 2 workers and resumed, with team scores and specialisation', async () => {
    const config = {
      scenario: 'carry',
      seed: 2,
      workers: 0,
      generations: 3,
      checkpointEvery: 100,
      evolution: { populationSize: 6, eliteCount: 1 },
      coevolution: { mode: 'cooperative', randomCollaborators: 1 },
      worlds: { carry: { episodeSeconds: 4 } },
    };
    const { straight, sharded, resumed } = await metricsEverywhere(config);
    expect(sharded).toEqual(straight);
    expect(resumed).toEqual(straight);
    const row = straight[2] as { populations: Record<string, { fitness: { best: number }; score: { best: number } }>; specialisation: number };
    expect(Object.keys(row.populations)).toEqual(['slot0', 'slot1']);
    expect(row.specialisation).toBeGreaterThanOrEqual(0);
    expect(row).not.toHaveProperty('ciao');
  });
});

describe('the homogeneous mode', () => {
  it("fills every slot with one member's clones, and gives the same metrics everywhere", async () => {
    const config = { scenario: 'carry', seed: 4, workers: 0, generations: 3, checkpointEvery: 100, evolution: { populationSize: 6, eliteCount: 1 }, worlds: { carry: { episodeSeconds: 4 } } };
    const { straight, sharded, resumed } = await metricsEverywhere(config);
    expect(sharded).toEqual(straight);
    expect(resumed).toEqual(straight);
    expect(straight[0]).toHaveProperty('score');
    expect(straight[0]).toHaveProperty('specialisation');
    const tasks = planGeneration({
      runSeed: 1,
      generation: 0,
      spec: carry.spec,
      populations: [{ index: 0, role: 0, size: 4, islands: 1 }],
      hallOfFameSizes: [0],
      hallOfFameFraction: 0,
      matchesPerMember: 1,
      episodesPerGeneration: 2,
    });
    expect(tasks).toHaveLength(8);
    for (const task of tasks) expect(new Set(task.seats[0].map((s) => s.member)).size).toBe(1);
  });
});
