import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../server/config/resolve.ts';
import { HallOfFame } from '../server/run/hall-of-fame.ts';
import { planMatches } from '../server/evaluation/matchmaking.ts';
import { planCoevolution } from '../server/run/populations.ts';

const { scenario, populations } = planCoevolution(resolveConfig({ scenario: 'pursuit', evolution: { populationSize: 20, eliteCount: 1 } }));
const HALL = 2; // teams 2 and 3 are the halls of fame of populations 0 and 1

function opponentSeats(fraction: number, hallSizes = [5, 5]) {
  const plan = planMatches(9, 4, scenario.spec, populations, hallSizes, fraction, 3);
  return plan.tasks.flatMap((task, i) => {
    const focal = populations[plan.focal[i].population];
    return task.seats.filter((_, role) => role !== focal.role).flat();
  });
}

describe('matchmaking', () => {
  it('puts every member of every population in the focal seat of its role, episodes times', () => {
    const plan = planMatches(9, 4, scenario.spec, populations, [0, 0], 0.3, 3);
    expect(plan.tasks).toHaveLength((20 + 20) * 3);
    plan.tasks.forEach((task, i) => {
      const { population, member } = plan.focal[i];
      expect(task.seats[populations[population].role][0]).toEqual({ team: population, member });
    });
  });

  it('draws opponents from the hall of fame at the configured rate', () => {
    const share = (seats: { team: number }[]) => seats.filter((s) => s.team >= HALL).length / seats.length;
    expect(share(opponentSeats(0))).toBe(0);
    expect(share(opponentSeats(1))).toBe(1);
    const some = share(opponentSeats(0.3));
    expect(some).toBeGreaterThan(0.2);
    expect(some).toBeLessThan(0.4);
    // Hall-of-fame seats point at existing champions.
    expect(opponentSeats(1, [3, 4]).every((s) => s.member < (s.team === 2 ? 3 : 4))).toBe(true);
  });

  it('never draws from an empty hall of fame', () => {
    expect(opponentSeats(1, [0, 0]).every((s) => s.team < HALL)).toBe(true);
  });

  it('plans the same matches for the same seed and generation, others for another', () => {
    const a = planMatches(9, 4, scenario.spec, populations, [5, 5], 0.3, 2);
    expect(planMatches(9, 4, scenario.spec, populations, [5, 5], 0.3, 2)).toEqual(a);
    expect(planMatches(9, 5, scenario.spec, populations, [5, 5], 0.3, 2).tasks).not.toEqual(a.tasks);
  });
});

describe('hall of fame', () => {
  it('keeps the first and the newest champion and spreads the rest when full', () => {
    const hall = new HallOfFame(4);
    for (let g = 0; g < 20; g++) hall.add({ generation: g, genome: Float32Array.of(g) });
    const generations = hall.entries.map((e) => e.generation);
    expect(generations).toHaveLength(4);
    expect(generations[0]).toBe(0);
    expect(generations[3]).toBe(19);
    expect(Math.max(...generations.slice(1).map((g, i) => g - generations[i]))).toBeLessThan(12);
  });
});
