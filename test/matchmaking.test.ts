import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../server/config/resolve.ts';
import { planGeneration, type PlanInput } from '../server/evaluation/planner.ts';
import { scoringSeats } from '../server/evaluation/match-task.ts';
import { HallOfFame } from '../server/run/hall-of-fame.ts';
import { planRun } from '../server/run/populations.ts';

const { scenario, populations } = planRun(resolveConfig({ scenario: 'pursuit', evolution: { populationSize: 20, eliteCount: 1 } }));
const HALL = 2; // teams 2 and 3 are the halls of fame of populations 0 and 1

function plan(generation: number, hallOfFameSizes: number[], hallOfFameFraction: number, matchesPerMember: number, runSeed = 9, extra: Partial<PlanInput> = {}) {
  const input: PlanInput = {
    ...extra,
    runSeed,
    generation,
    spec: scenario.spec,
    populations: populations.map((p) => ({ index: p.index, role: p.role, size: 20, islands: 1 })),
    hallOfFameSizes,
    hallOfFameFraction,
    matchesPerMember,
    episodesPerGeneration: 1,
  };
  return planGeneration(input);
}

/** The population whose member scores in a match (its focal player). */
function focalOf(task: ReturnType<typeof plan>[number]) {
  const [focal] = scoringSeats(task);
  return { population: populations[focal.seat.team], ...focal };
}

function opponentSeats(fraction: number, hallSizes = [5, 5]) {
  return plan(4, hallSizes, fraction, 3).flatMap((task) => {
    const focal = focalOf(task);
    return task.seats.filter((_, role) => role !== focal.population.role).flat();
  });
}

describe('matchmaking where roles meet', () => {
  it('puts every member of every population in the focal seat of its role, matchesPerMember times, and only that seat scores', () => {
    const tasks = plan(4, [0, 0], 0.3, 3);
    expect(tasks).toHaveLength((20 + 20) * 3);
    const counts = populations.map(() => new Array(20).fill(0));
    for (const task of tasks) {
      const scoring = scoringSeats(task);
      expect(scoring).toHaveLength(1);
      const { population, role, slot, seat } = focalOf(task);
      expect(role).toBe(population.role);
      expect(slot).toBe(0);
      counts[seat.team][seat.member]++;
    }
    expect(counts.flat().every((c) => c === 3)).toBe(true);
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

  it('draws the scripted experts as opponents at coevolution.expertFraction, before the hall of fame', () => {
    const EXPERTS = 4;
    const seats = (fraction: number) =>
      plan(4, [5, 5], 1, 3, 9, { expertOpponents: { team: EXPERTS, fraction } }).flatMap((task) => {
        const focal = focalOf(task);
        return task.seats.filter((_, role) => role !== focal.population.role).flat();
      });
    const share = (fraction: number) => seats(fraction).filter((s) => s.team === EXPERTS).length / seats(fraction).length;
    expect(share(0)).toBe(0);
    expect(share(1)).toBe(1);
    expect(share(0.25)).toBeGreaterThan(0.15);
    expect(share(0.25)).toBeLessThan(0.35);
    // The rest still come from the hall of fame (hallOfFameFraction 1 here), never a current member.
    expect(seats(0.25).every((s) => s.team === EXPERTS || s.team >= HALL)).toBe(true);
    // Focal seats are untouched: every member still plays matchesPerMember matches.
    expect(plan(4, [5, 5], 1, 3, 9, { expertOpponents: { team: EXPERTS, fraction: 0.5 } })).toHaveLength(40 * 3);
  });

  it('never draws from an empty hall of fame', () => {
    expect(opponentSeats(1, [0, 0]).every((s) => s.team < HALL)).toBe(true);
  });

  it('plans the same matches for the same seed and generation, others for another', () => {
    const a = plan(4, [5, 5], 0.3, 2);
    expect(plan(4, [5, 5], 0.3, 2)).toEqual(a);
    expect(plan(5, [5, 5], 0.3, 2)).not.toEqual(a);
  });
});

describe('arenas of a world of one role', () => {
  const forage = planRun(resolveConfig({ evolution: { populationSize: 32, islands: { count: 2 } } }));
  const input = (episodes: number): PlanInput => ({
    runSeed: 3,
    generation: 1,
    spec: forage.scenario.spec,
    populations: [{ index: 0, role: 0, size: 32, islands: 2 }],
    hallOfFameSizes: [0],
    hallOfFameFraction: 0,
    matchesPerMember: 1,
    episodesPerGeneration: episodes,
  });

  it('seats every member once per episode, every seat scoring, and never mixes islands in an arena', () => {
    const tasks = planGeneration(input(2));
    expect(tasks).toHaveLength(8);
    const seen = new Array(32).fill(0);
    for (const task of tasks) {
      const members = task.seats[0].map((s) => s.member);
      expect(task.seats[0].every((s) => s.scores && s.team === 0)).toBe(true);
      expect(new Set(members.map((m) => Math.floor(m / 16))).size).toBe(1);
      for (const m of members) seen[m]++;
    }
    expect(seen.every((c) => c === 2)).toBe(true);
  });

  it('with arenaMates "clones", fills each member\'s own arenas with its clones, every seat scoring', () => {
    const tasks = planGeneration({ ...input(2), arenaMates: 'clones' });
    expect(tasks).toHaveLength(32 * 2);
    const arenas = new Array(32).fill(0);
    for (const task of tasks) {
      const seats = task.seats[0];
      expect(seats).toHaveLength(forage.scenario.spec.roles[0].slots);
      expect(seats.every((s) => s.scores && s.team === 0 && s.member === seats[0].member)).toBe(true);
      arenas[seats[0].member]++;
    }
    expect(arenas.every((c) => c === 2)).toBe(true);
    expect(new Set(tasks.map((t) => t.seed)).size).toBe(tasks.length);
  });

  it('with episodeSeeds "shared", plays episode e of every member on one seed, member 0\'s', () => {
    const perArena = planGeneration({ ...input(3), arenaMates: 'clones' });
    const shared = planGeneration({ ...input(3), arenaMates: 'clones', episodeSeeds: 'shared' });
    expect(shared.map((t) => t.seats)).toEqual(perArena.map((t) => t.seats));
    const seedsOf = (member: number) => shared.filter((t) => t.seats[0][0].member === member).map((t) => t.seed);
    expect(new Set(seedsOf(0)).size).toBe(3);
    expect(seedsOf(0)).toEqual(perArena.slice(0, 3).map((t) => t.seed));
    for (let member = 1; member < 32; member++) expect(seedsOf(member)).toEqual(seedsOf(0));
    const nextGeneration = planGeneration({ ...input(3), generation: 8, arenaMates: 'clones', episodeSeeds: 'shared' });
    expect(nextGeneration.slice(0, 3).map((t) => t.seed)).not.toEqual(seedsOf(0));
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
