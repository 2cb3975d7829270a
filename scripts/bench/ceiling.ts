/**
 * The machine's own two-thread scaling: what two worker threads doing the same fixed work at once
 * get, against one alone. It bounds every "2 workers over 1" figure a bench reports, so a reader
 * can tell the software's shortfall from the machine's. Two synthetic loads: `compute` (an integer
 * loop that stays in registers) and `memory` (a strided sweep over 8 MB, beyond the second-level
 * cache, so the cores share the last-level cache and memory bandwidth). And the pipeline's own
 * parts (`partsCeiling`): Rapier stepping forage arenas, and the policy forward pass, each alone in
 * two threads at once, which is the most a pipeline made of them could scale on this machine.
 * One round times one thread alone, two at once, then the other thread alone, for a fixed wall
 * time each; `MIN_REPEATS` rounds, median and range of the per-round ratios.
 *
 * `node --import tsx scripts/bench/ceiling.ts` prints one JSON object per load.
 */
import { Worker } from 'node:worker_threads';
import { MIN_REPEATS, median } from './timing.ts';

/** Answers `{ ms }` with its load's rate over that wall time. */
const SYNTHETIC = `
const { parentPort, workerData } = require('node:worker_threads');
const sweep = new Float32Array(1 << 21);
function compute(ms) {
  const start = performance.now();
  let n = 0, x = 1;
  while (performance.now() - start < ms) { for (let i = 0; i < 1e5; i++) x = (Math.imul(x, 1664525) + 1013904223) | 0; n += 1e5; }
  return (n + (x === 42 ? 1 : 0)) / (performance.now() - start);
}
function memory(ms) {
  const start = performance.now();
  let n = 0, s = 0;
  while (performance.now() - start < ms) { for (let i = 0; i < sweep.length; i += 16) { sweep[i] = sweep[i] * 0.5 + 1; s += sweep[i]; } n += sweep.length / 16; }
  return (n + (s === 42 ? 1 : 0)) / (performance.now() - start);
}
parentPort.on('message', ({ ms }) => parentPort.postMessage(workerData.load === 'compute' ? compute(ms) : memory(ms)));
parentPort.postMessage('ready');
`;

export interface Ceiling {
  /** `compute`, `memory`, or a part of the pipeline: `physics/<build>`, `inference`. */
  load: string;
  /** Two threads' work over one thread's, per round: median, min, max. */
  scaling: number;
  min: number;
  max: number;
}

/** Two threads started by `spawn`, each answering `{ ms }` with its rate; ratios of `MIN_REPEATS` rounds. */
async function pairedScaling(load: string, spawn: () => Worker, roundMs: number): Promise<Ceiling> {
  const workers = [spawn(), spawn()];
  // A thread that fails (a load that cannot start) fails the measurement instead of hanging it.
  const failed = new Promise<never>((_, reject) => {
    for (const w of workers) w.once('error', reject);
  });
  failed.catch(() => {});
  const answer = (w: Worker) => Promise.race([new Promise<number>((resolve) => w.once('message', resolve)), failed]);
  const work = (w: Worker, ms: number) => {
    const answered = answer(w);
    w.postMessage({ ms });
    return answered;
  };
  try {
    await Promise.all(workers.map(answer));
    // Warm-up: the loops reach their optimised code only after a few calls (measured: the third).
    for (let k = 0; k < 4; k++) for (const w of workers) await work(w, 200);
    const ratios: number[] = [];
    for (let round = 0; round < MIN_REPEATS; round++) {
      // One thread alone before and after the pair, each on its own worker: the VM switches
      // between two speeds every few seconds, and one alone run caught in the slow one gave
      // ratios above 2; their mean halves that error.
      const before = await work(workers[0], roundMs);
      const both = await Promise.all(workers.map((w) => work(w, roundMs)));
      const after = await work(workers[1], roundMs);
      ratios.push((both[0] + both[1]) / ((before + after) / 2));
    }
    return { load, scaling: median(ratios), min: Math.min(...ratios), max: Math.max(...ratios) };
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}

/** The synthetic loads: what the cores allow. */
export async function twoThreadCeiling(roundMs = 1000): Promise<Ceiling[]> {
  const out: Ceiling[] = [];
  for (const load of ['compute', 'memory']) out.push(await pairedScaling(load, () => new Worker(SYNTHETIC, { eval: true, workerData: { load } }), roundMs));
  return out;
}

/** The pipeline's parts on `agents` forage agents: Rapier stepping on each build, and inference. */
export async function partsCeiling(builds: readonly string[], agents: number, roundMs = 1000): Promise<Ceiling[]> {
  const spawn = (part: string, build: string) => () => new Worker(new URL('./parts-thread.js', import.meta.url), { workerData: { part, build, agents } });
  const out: Ceiling[] = [];
  for (const build of builds) out.push(await pairedScaling(`physics/${build}`, spawn('physics', build), roundMs));
  out.push(await pairedScaling('inference', spawn('inference', 'compat'), roundMs));
  return out;
}

/** "compute 1.99 (1.98–2.00), memory 1.90 (1.89–1.98)", for a report. */
export function describeCeiling(ceiling: Ceiling[]): string {
  return ceiling.map((c) => `${c.load} ${c.scaling.toFixed(2)} (${c.min.toFixed(2)}–${c.max.toFixed(2)})`).join(', ');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const c of await twoThreadCeiling()) console.log(JSON.stringify(c));
  for (const c of await partsCeiling(['compat', 'simd'], 256)) console.log(JSON.stringify(c));
}
