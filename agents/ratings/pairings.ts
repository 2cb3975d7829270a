/**
 * Who plays whom in a tournament: a full round robin for a few players, Swiss rounds for many.
 * Sides alternate so that every player plays each side equally often against each opponent.
 */
import type { Rng } from '../rng.ts';

export interface Pairing {
  /** The player on side 0. */
  a: number;
  b: number;
}

/** Every pair of players `gamesPerPair` times, swapping sides each time. */
export function roundRobin(players: number, gamesPerPair: number): Pairing[] {
  const games: Pairing[] = [];
  for (let i = 0; i < players; i++) {
    for (let j = i + 1; j < players; j++) {
      for (let g = 0; g < gamesPerPair; g++) games.push(g % 2 === 0 ? { a: i, b: j } : { a: j, b: i });
    }
  }
  return games;
}

/** Every player of side 0 against every player of side 1, `gamesPerPair` times (a game of two roles: no swaps). */
export function crossPairs(side0: readonly number[], side1: readonly number[], gamesPerPair: number): Pairing[] {
  return side0.flatMap((a) => side1.flatMap((b) => Array.from({ length: gamesPerPair }, () => ({ a, b }))));
}

export interface SwissRound {
  pairs: Pairing[];
  /** The player left without an opponent when the count is odd (the lowest-ranked without a bye). */
  bye: number | null;
}

/**
 * One Swiss round: players sorted by score (ties broken by the seeded Rng), each paired with the
 * nearest-ranked player it has not met yet, or the nearest one if it has met them all.
 */
export function swissRound(scores: ArrayLike<number>, met: (a: number, b: number) => boolean, hadBye: ReadonlySet<number>, rng: Rng): SwissRound {
  const order = rng.shuffle(Array.from({ length: scores.length }, (_, i) => i)).sort((x, y) => scores[y] - scores[x]);
  let bye: number | null = null;
  if (order.length % 2 === 1) {
    const index = findLastIndex(order, (p) => !hadBye.has(p));
    bye = order.splice(index >= 0 ? index : order.length - 1, 1)[0];
  }
  const pairs: Pairing[] = [];
  while (order.length) {
    const first = order.shift()!;
    const fresh = order.findIndex((p) => !met(first, p));
    const second = order.splice(Math.max(fresh, 0), 1)[0];
    // Alternate sides from pair to pair, so that the higher-ranked player is not always side 0.
    pairs.push(pairs.length % 2 === 0 ? { a: first, b: second } : { a: second, b: first });
  }
  return { pairs, bye };
}

function findLastIndex<T>(items: T[], test: (item: T) => boolean): number {
  for (let i = items.length - 1; i >= 0; i--) if (test(items[i])) return i;
  return -1;
}
