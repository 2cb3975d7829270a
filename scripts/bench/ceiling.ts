/**
 * The machine's own two-thread scaling: what two worker threads doing the same fixed work at once
 * get, against one alone. It bounds every "2 workers over 1" figure a bench reports, so a reader
 * can tell the software's shortfall from the machine's. Two loads: `compute` (an integer loop that
 * stays in registers) and `memory` (a strided sweep over 8 MB, beyond the second-level cache, so
 * the cores share the last-level cache and memory bandwidth as Rapier's and the kernels' data
 * does). One round times one thread alone, two at once, then the other thread alone, for a fixed
 * wall time each; `MIN_REPEATS` rounds, median and range of the per-round ratios.
 *
 * `node --import tsx scripts/bench/ceiling.ts` prints one JSON object per load.
 */
import { Worker } from 'node:worker_threads';
import { MIN_REPEATS, median } from './timing.ts';

const LOADS = `
const { parentPort } = require('node:worker_threads');
const sweep = new Float32Array(1 << 21);
function compute(ms) {
  const end = performance.now() + ms;
  let n = 0, x = 1;
  while (performance.now() < end) { for (let i = 0; i < 1e5; i++) x = (Math.imul(x, 1664525) + 1013904223) | 0; n += 1e5; }
  return n + (x === 42 ? 1 : 0);
}
function memory(ms) {
  const end = performance.now() + ms;
  let n = 0, s = 0;
  while (performance.now() < end) { for (let i = 0; i < sweep.length; i += 16) { sweep[i] = sweep[i] * 0.5 + 1; s += sweep[i]; } n += sweep.length / 16; }
  return n + (s === 42 ? 1 : 0);
}
parentPort.on('message', ({ load, ms }) => parentPort.postMessage(load === 'compute' ? compute(ms) : memory(ms)));
`;

export interface Ceiling {
  load: 'compute' | 'memory';
  /** Two threads' work over one thread's, per round: median, min, max. */
  scaling: number;
  min: number;
  max: number;
}

export async function twoThreadCeiling(roundMs = 1000): Promise<Ceiling[]> {
  const workers = [0, 1].map(() => new Worker(LOADS, { eval: true }));
  const work = (w: Worker, load: string, ms: number) =>
    new Promise<number>((resolve) => {
      w.once('message', resolve);
      w.postMessage({ load, ms });
    });
  try {
    const out: Ceiling[] = [];
    for (const load of ['compute', 'memory'] as const) {
      // Warm-up: the loops reach their optimised code only after a few calls (measured: the third).
      for (let k = 0; k < 4; k++) for (const w of workers) await work(w, load, 200);
      const ratios: number[] = [];
      for (let round = 0; round < MIN_REPEATS; round++) {
        // One thread alone before and after the pair, each on its own worker: the VM switches
        // between two speeds every few seconds, and one alone run caught in the slow one gave
        // ratios above 2; their mean halves that error.
        const before = await work(workers[0], load, roundMs);
        const both = await Promise.all(workers.map((w) => work(w, load, roundMs)));
        const after = await work(workers[1], load, roundMs);
        ratios.push((both[0] + both[1]) / ((before + after) / 2));
      }
      out.push({ load, scaling: median(ratios), min: Math.min(...ratios), max: Math.max(...ratios) });
    }
    return out;
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}

/** "compute 1.99 (1.98–2.00), memory 1.90 (1.89–1.98)", for a report. */
export function describeCeiling(ceiling: Ceiling[]): string {
  return ceiling.map((c) => `${c.load} ${c.scaling.toFixed(2)} (${c.min.toFixed(2)}–${c.max.toFixed(2)})`).join(', ');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const c of await twoThreadCeiling()) console.log(JSON.stringify(c));
}
