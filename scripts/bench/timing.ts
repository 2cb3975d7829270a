/**
 * Timing every bench shares (docs/performance.md, "How the figures are taken"): each variant is
 * run to warm up (JIT, wasm tier-up, worker start; WARM_UP), then the variants take turns, A B C A B
 * C …, for at least MIN_REPEATS timed rounds, so that the machine's drift hits all of them alike.
 * A figure is the median of its repeats, with their min and max. A fixed CPU-bound loop timed at
 * the start and the end of a bench shows how much the machine itself moved meanwhile.
 */

/** The fewest timed repeats behind any figure. */
export const MIN_REPEATS = 7;

export interface RateStats {
  /** Median of the repeats (the mean of the two middle ones for an even count). */
  median: number;
  min: number;
  max: number;
  repeats: number;
  /** The repeats in round order: variants timed in the same rounds pair up (pairedRatio). */
  rates: number[];
}

/** The median: the middle value, or the mean of the two middle values for an even count. */
export function median(values: readonly number[]): number {
  if (!values.length) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export function rateStats(rates: readonly number[]): RateStats {
  return { median: median(rates), min: Math.min(...rates), max: Math.max(...rates), repeats: rates.length, rates: [...rates] };
}

/**
 * `a` over `b`, two variants timed in the same rounds (a scaling, a speed-up): the ratio of their
 * medians, and the range of the round-by-round ratios. The two runs of a round are seconds apart,
 * so the range shows how far one comparison moves with the machine's drift.
 */
export function pairedRatio(a: RateStats, b: RateStats): { value: number; min: number; max: number } {
  const ratios = a.rates.map((rate, i) => rate / b.rates[i]);
  return { value: a.median / b.median, min: Math.min(...ratios), max: Math.max(...ratios) };
}

/** One thing to time: `run` does a unit of work and returns how much (agent-steps, samples …). */
export interface Variant {
  key: string;
  run: () => Promise<number> | number;
}

/**
 * Each variant's warm-up: at least this many runs and this much wall time. A worker thread tiers
 * its code up on its own, so a pool of two gets half the tasks per thread of a pool of one in the
 * same number of runs; one warm-up run left the 2-thread variants still tiering up in the first
 * timed rounds (sumo's 5-ms match tasks took 155 ms a batch on 2 threads in the second batch, 130
 * from the fifth on).
 */
export const WARM_UP = { runs: 3, seconds: 2 };

/** Times the variants in turn for `repeats` rounds (at least MIN_REPEATS) after each has warmed up (WARM_UP); rates are work per second. */
export async function interleavedRates(variants: Variant[], repeats: number): Promise<Map<string, RateStats>> {
  const rounds = Math.max(MIN_REPEATS, repeats);
  for (const variant of variants) {
    const started = performance.now();
    for (let run = 0; run < WARM_UP.runs || performance.now() - started < WARM_UP.seconds * 1000; run++) await variant.run();
  }
  const rates = new Map(variants.map((v) => [v.key, [] as number[]]));
  for (let round = 0; round < rounds; round++) {
    for (const variant of variants) {
      const start = performance.now();
      const work = await variant.run();
      rates.get(variant.key)!.push(work / ((performance.now() - start) / 1000));
    }
  }
  return new Map([...rates].map(([key, values]) => [key, rateStats(values)]));
}

/** One variant alone (benches whose variants cannot live side by side): warm-up, then at least MIN_REPEATS timed runs. */
export async function timedRates(run: () => Promise<number> | number, repeats: number): Promise<RateStats> {
  return (await interleavedRates([{ key: 'only', run }], repeats)).get('only')!;
}

/**
 * Millions of iterations a second of a fixed integer loop on one core: printed at a bench's start
 * and end, it shows how fast the machine itself ran (this machine moves by up to 30%).
 */
export function calibration(): number {
  const iterations = 20_000_000;
  const start = performance.now();
  let x = 1;
  for (let i = 0; i < iterations; i++) x = (Math.imul(x, 1664525) + 1013904223) | 0;
  const seconds = (performance.now() - start) / 1000;
  if (x === 42) console.log(''); // keeps the loop from being optimised away
  return iterations / seconds / 1e6;
}
