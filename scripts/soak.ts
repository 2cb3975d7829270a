/**
 * `npm run soak`: a long run of short generations on worker threads, to show that memory stays
 * flat. Every generation's metrics row carries the main heap and each shard's heap, external
 * (WebAssembly) memory and live tensor count; this script compares the warmed-up start with the
 * end and writes the figures to docs/performance.md.
 * Options: --generations N (default 400), --workers N (default: cores), --out FILE.
 */
import { availableParallelism } from 'node:os';
import { rmSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { median } from '../agents/stats.ts';
import { resolveConfig } from '../server/config.ts';
import { RunDir } from '../server/run-dir.ts';
import { runExperiment } from '../server/run.ts';
import { PERFORMANCE_HEADER } from './bench/report.ts';
import { table, writeSection } from './lib/report.ts';

const { values } = parseArgs({
  options: {
    generations: { type: 'string', default: '400' },
    workers: { type: 'string', default: String(availableParallelism()) },
    out: { type: 'string', default: 'docs/performance.md' },
    'run-dir': { type: 'string', default: 'runs/soak' },
  },
});
const generations = Number(values.generations);
const runDir = values['run-dir']!;
rmSync(runDir, { recursive: true, force: true });
const config = resolveConfig({
  generations,
  workers: Number(values.workers),
  checkpointEvery: 50,
  evolution: { populationSize: 64 },
  worlds: { forage: { episodeSeconds: 1 } },
});
const started = performance.now();
await runExperiment({ config, runDir, resume: false });
const seconds = (performance.now() - started) / 1000;

type Memory = { mainHeapUsedBytes: number; shardHeapUsedBytes: number; shardExternalBytes: number; shardTensors: number };
const rows = new RunDir(runDir).readMetrics().map((row) => row.memory as Memory);
const warm = rows.slice(Math.floor(generations * 0.1), Math.floor(generations * 0.2));
const end = rows.slice(-Math.floor(generations * 0.1));
const gauges: [keyof Memory, string][] = [
  ['mainHeapUsedBytes', 'main thread V8 heap (MB)'],
  ['shardHeapUsedBytes', 'shard V8 heap, largest (MB)'],
  ['shardExternalBytes', 'shard external memory: WebAssembly + buffers, largest (MB)'],
  ['shardTensors', 'live tfjs tensors per shard'],
];
const summary = gauges.map(([key, label]) => {
  const before = median(warm.map((r) => r[key]));
  const after = median(end.map((r) => r[key]));
  const peak = Math.max(...rows.map((r) => r[key]));
  return { key, label, before, after, peak, growth: before ? after / before - 1 : 0 };
});
for (const s of summary) console.log(JSON.stringify({ name: 'soak', gauge: s.key, warm: s.before, end: s.after, peak: s.peak, growth: s.growth }));

const show = (key: string, x: number) => (key === 'shardTensors' ? String(Math.round(x)) : (x / 1e6).toFixed(1));
writeSection(values.out!, 'soak', `
## Long runs stay healthy

Command: \`npm run soak -- --generations ${generations}\` on ${config.workers} workers (population 64, 1-second episodes, a checkpoint every 50 generations), ${seconds.toFixed(0)} s, measured ${new Date().toISOString().slice(0, 10)}. Every generation's metrics row carries the memory gauges; "warmed up" is the median over generations ${warm.length ? Math.floor(generations * 0.1) + 1 : 0}-${Math.floor(generations * 0.2)}, "end" over the last ${end.length}.

${table(['gauge', 'warmed up', 'end', 'peak', 'change'], summary.map((s) => [s.label, show(s.key, s.before), show(s.key, s.after), show(s.key, s.peak), `${(s.growth * 100).toFixed(1)}%`]))}

Live tensors between tasks are the tfjs backend's own (0 in the shard after each task: every weight tensor is disposed with its controller, and each step's tensors are freed by \`tf.tidy\`); every Rapier world is freed when its arena's episode ends.
`, PERFORMANCE_HEADER);
