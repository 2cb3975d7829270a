import { describe, expect, it } from 'vitest';
import { fitBradleyTerry, type GameResult } from '../agents/ratings/bradley-terry.ts';
import { Rng } from '../agents/rng.ts';

/** Round-robin games between players of known Elo strength. */
function simulate(strengths: number[], gamesPerPair: number, seed: number): GameResult[] {
  const rng = new Rng(seed);
  const games: GameResult[] = [];
  for (let a = 0; a < strengths.length; a++) {
    for (let b = a + 1; b < strengths.length; b++) {
      for (let g = 0; g < gamesPerPair; g++) {
        const p = 1 / (1 + 10 ** ((strengths[b] - strengths[a]) / 400));
        games.push({ a, b, score: rng.next() < p ? 1 : 0 });
      }
    }
  }
  return games;
}

describe('Bradley-Terry ratings', () => {
  it('recover the order and the gaps of known strengths, within their intervals', () => {
    const strengths = [1200, 1400, 1500, 1600, 1800];
    const ratings = fitBradleyTerry(5, simulate(strengths, 200, 1));
    const order = ratings
      .map((r, i) => [r.rating, i])
      .sort((x, y) => x[0] - y[0])
      .map(([, i]) => i);
    expect(order).toEqual([0, 1, 2, 3, 4]);
    const mean = strengths.reduce((s, x) => s + x, 0) / strengths.length;
    ratings.forEach((r, i) => {
      expect(Math.abs(r.rating - (1500 + strengths[i] - mean))).toBeLessThan((2.5 * r.interval95) / 1.96 + 5);
      expect(r.interval95).toBeGreaterThan(0);
    });
  });

  it('narrow their intervals as games accumulate', () => {
    const few = fitBradleyTerry(3, simulate([1400, 1500, 1600], 10, 2));
    const many = fitBradleyTerry(3, simulate([1400, 1500, 1600], 400, 2));
    many.forEach((r, i) => expect(r.interval95).toBeLessThan(few[i].interval95 / 3));
  });

  it('keep an unbeaten player finite and rate equal players equally when all games are drawn', () => {
    const unbeaten = fitBradleyTerry(
      2,
      Array.from({ length: 20 }, () => ({ a: 0, b: 1, score: 1 })),
    );
    expect(Number.isFinite(unbeaten[0].rating)).toBe(true);
    expect(unbeaten[0].rating).toBeGreaterThan(unbeaten[1].rating + 200);
    const draws = fitBradleyTerry(3, [
      { a: 0, b: 1, score: 0.5 },
      { a: 1, b: 2, score: 0.5 },
      { a: 2, b: 0, score: 0.5 },
    ]);
    draws.forEach((r) => expect(r.rating).toBeCloseTo(1500, 6));
  });

  it('refuses impossible games', () => {
    expect(() => fitBradleyTerry(2, [{ a: 0, b: 0, score: 1 }])).toThrow(/bad pairing/);
    expect(() => fitBradleyTerry(2, [{ a: 0, b: 1, score: 2 }])).toThrow(/not in \[0, 1\]/);
  });
});
