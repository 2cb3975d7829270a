/**
 * How a population took a change of its world: the drop, the time to recover, and the area
 * between the curves. Shared by `coevo report` and the experiment scripts.
 *
 * For a curve y (one value per generation) and a change first played at generation `at`:
 * - `pre`: the mean of the last k generations before `at`;
 * - `first`: y[at], the first generation played in the changed world; `drop` = pre - first;
 * - recovery to a share q of the pre-change level: once y has fallen below pre - (1 - q)|pre|,
 *   the generations after `at` until it is back at that level (0 if it never falls below; null
 *   if it never comes back), and the wall seconds those generations took (the recovering
 *   generation itself not counted). A fall that comes late (an ecology's population dwindling
 *   over several reports) counts as much as an immediate one;
 * - `area`: the sum of max(0, pre - y[g]) from `at` up to the generation that recovers 100% (or the
 *   curve's end), in the curve's units times generations: the fitness the change cost.
 */

export interface RecoveryOptions {
  /** Generations before the change whose mean is the pre-change level. */
  k?: number;
  /** Wall seconds per generation, to give recovery in seconds too. */
  seconds?: number[];
  /** Where the curve ends: the next change, so that one change's recovery is not another's. */
  until?: number;
  /**
   * Generations the curve must stay back at a level for its return to count (1, the default: the
   * first generation back counts). A noisy curve crosses back briefly while it is still falling.
   */
  hold?: number;
}

export interface Recovery {
  at: number;
  pre: number;
  first: number;
  drop: number;
  /** Generations after `at` to reach 80% and 100% of `pre` (null: not within the curve). */
  generationsTo80: number | null;
  generationsTo100: number | null;
  secondsTo80: number | null;
  secondsTo100: number | null;
  area: number;
}

export function recovery(curve: number[], at: number, options: RecoveryOptions = {}): Recovery {
  const k = options.k ?? 5;
  const end = Math.min(curve.length, options.until ?? curve.length);
  if (at < 1 || at >= end) throw new Error(`recovery: the change at generation ${at} needs generations before and after it (the curve has ${curve.length})`);
  const before = curve.slice(Math.max(0, at - k), at);
  const pre = before.reduce((s, y) => s + y, 0) / before.length;
  const reach = (share: number) => generationsToRecover(curve, at, recoveryLevel(pre, share), end, options.hold ?? 1);
  const seconds = (generations: number | null) => (generations === null || !options.seconds ? null : options.seconds.slice(at, at + generations).reduce((s, x) => s + x, 0));
  const to80 = reach(0.8);
  const to100 = reach(1);
  let area = 0;
  for (let g = at; g < (to100 === null ? end : at + to100); g++) area += Math.max(0, pre - curve[g]);
  return { at, pre, first: curve[at], drop: pre - curve[at], generationsTo80: to80, generationsTo100: to100, secondsTo80: seconds(to80), secondsTo100: seconds(to100), area };
}

/** `share` of a pre-change level: for a negative level, (1 - share) of its size below it. */
export function recoveryLevel(pre: number, share: number): number {
  return pre - (1 - share) * Math.abs(pre);
}

/**
 * Points after `at` until the curve, once below `level`, is back at it: 0 if it never falls below
 * before `end`, null if it never comes back. With `hold` > 1 it must stay at the level for that
 * many points (all before `end`), so a noisy curve's brief return while it is still falling is not
 * a recovery.
 */
export function generationsToRecover(curve: ArrayLike<number>, at: number, level: number, end = curve.length, hold = 1): number | null {
  let g = at;
  while (g < end && curve[g] >= level) g++;
  if (g === end) return 0;
  let run = 0;
  for (; g < end; g++) {
    run = curve[g] >= level ? run + 1 : 0;
    if (run === hold) return g - hold + 1 - at;
  }
  return null;
}
