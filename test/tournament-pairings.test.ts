import { describe, expect, it } from 'vitest';
import { crossPairs, roundRobin, swissRound } from '../agents/ratings/pairings.ts';
import { Rng } from '../agents/rng.ts';

describe('tournament pairings', () => {
  it('round robin plays every pair the asked number of times, sides balanced', () => {
    const games = roundRobin(4, 4);
    expect(games).toHaveLength(6 * 4);
    for (let i = 0; i < 4; i++) {
      for (let j = i + 1; j < 4; j++) {
        const between = games.filter((g) => (g.a === i && g.b === j) || (g.a === j && g.b === i));
        expect(between).toHaveLength(4);
        expect(between.filter((g) => g.a === i)).toHaveLength(2);
      }
    }
  });

  it('a cross table plays every player of one side against every player of the other, sides kept', () => {
    const games = crossPairs([0, 3], [1, 2, 4], 3);
    expect(games).toHaveLength(2 * 3 * 3);
    for (const a of [0, 3]) for (const b of [1, 2, 4]) expect(games.filter((g) => g.a === a && g.b === b)).toHaveLength(3);
    expect(games.every((g) => [0, 3].includes(g.a) && [1, 2, 4].includes(g.b))).toBe(true);
  });

  it('Swiss rounds pair players of close score, avoid rematches, and give byes in turn', () => {
    const rng = new Rng(3);
    const players = 7;
    const scores = new Float64Array(players);
    const met = new Set<string>();
    const hadBye = new Set<number>();
    const key = (a: number, b: number) => (a < b ? `${a}-${b}` : `${b}-${a}`);
    for (let round = 0; round < 5; round++) {
      const { pairs, bye } = swissRound(scores, (a, b) => met.has(key(a, b)), hadBye, rng);
      expect(pairs).toHaveLength(3);
      expect(bye).not.toBeNull();
      expect(hadBye.has(bye!)).toBe(false);
      hadBye.add(bye!);
      const seen = new Set([bye!, ...pairs.flatMap((p) => [p.a, p.b])]);
      expect(seen.size).toBe(players); // everyone plays once or has the bye
      for (const { a, b } of pairs) {
        expect(met.has(key(a, b))).toBe(false);
        met.add(key(a, b));
        scores[Math.min(a, b)] += 1; // the lower index always wins: a clear ranking emerges
      }
    }
  });

  it('Swiss rounds are reproducible from the seed', () => {
    const scores = [3, 1, 2, 2, 0, 1];
    const never = () => false;
    const one = swissRound(scores, never, new Set(), new Rng(9));
    const two = swissRound(scores, never, new Set(), new Rng(9));
    expect(two).toEqual(one);
    expect(one.pairs[0]).toMatchObject({ a: 0 }); // the leader meets the next in rank
  });
});
