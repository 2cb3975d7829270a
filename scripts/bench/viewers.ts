/**
 * `npm run bench:viewers`: simulation throughput with 32 connected viewers against none, and the
 * bytes a frame costs per body. The viewers run in another process, as real ones would.
 * Options: --repeats R (rounds, at least 7). A round is one served run without viewers and one
 * with them, in turn (timing.ts's rule: variants interleaved, so the machine's drift hits both);
 * one untimed round warms up first.
 */
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { setPriority, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { encode, floatBytes } from '../../client-protocol/protocol.ts';
import { median } from '../../agents/stats.ts';
import { resolveConfig } from '../../server/config/resolve.ts';
import { runExperiment } from '../../server/run/run.ts';
import { STREAM_DEFAULTS } from '../../server/stream/stream-server.ts';
import { table, writeSection } from '../lib/report.ts';
import { PERFORMANCE_HEADER } from './report.ts';
import { MIN_REPEATS, pairedRatio, rateStats, type RateStats } from './timing.ts';

const VIEWERS = 32;
const GENERATIONS = 8;
/** The share of its throughput the simulation must keep with VIEWERS viewers. */
const TARGET = 0.95;
const { values } = parseArgs({ options: { repeats: { type: 'string', default: String(MIN_REPEATS) } } });
const rounds = Math.max(MIN_REPEATS, Number(values.repeats));

async function throughput(viewers: number): Promise<{ agentStepsPerSec: number; framesPerSec: number }> {
  const runDir = mkdtempSync(join(tmpdir(), 'coevo-bench-viewers-'));
  const rates: number[] = [];
  let frames = 0;
  let clients: ReturnType<typeof fork> | null = null;
  let clientsReady: Promise<void> = Promise.resolve();
  const started = { at: 0, frames: 0 };
  await runExperiment({
    config: resolveConfig({ generations: GENERATIONS, checkpointEvery: 1000 }),
    runDir,
    resume: false,
    serve: { ...STREAM_DEFAULTS, port: 0 },
    onServing: (live) => {
      if (!viewers) return;
      clients = fork(join(import.meta.dirname, 'viewer-clients.ts'), [`ws://127.0.0.1:${live.port}/ws`, String(viewers)], { execArgv: ['--import', 'tsx'] });
      // The viewers stand in for people on other machines: on this 2-core box they run at the
      // lowest priority, so that what is measured is the server's cost, not the harness's.
      setPriority(clients.pid!, 19);
      clientsReady = new Promise((resolve) =>
        clients!.on('message', (m: { ready?: boolean; frames?: number }) => {
          if (m.ready) resolve();
          if (m.frames !== undefined) frames = m.frames;
        }),
      );
    },
    onGeneration: (row) => {
      if (row.generation === 1) Object.assign(started, { at: performance.now(), frames });
      if (row.generation >= 2) rates.push(row.agentStepsPerSec as number); // after warm-up
    },
  });
  await clientsReady;
  const seconds = (performance.now() - started.at) / 1000;
  (clients as ReturnType<typeof fork> | null)?.kill();
  rmSync(runDir, { recursive: true, force: true });
  return { agentStepsPerSec: median(rates), framesPerSec: (frames - started.frames) / seconds };
}

await throughput(0); // warm-up round: file caches, the first worker threads' start
await throughput(VIEWERS);
const runs = { none: [] as number[], many: [] as number[], frames: [] as number[] };
for (let round = 0; round < rounds; round++) {
  runs.none.push((await throughput(0)).agentStepsPerSec);
  const many = await throughput(VIEWERS);
  runs.many.push(many.agentStepsPerSec);
  runs.frames.push(many.framesPerSec);
}
const none: RateStats = rateStats(runs.none);
const many: RateStats = rateStats(runs.many);
const frames: RateStats = rateStats(runs.frames);
const ratio = pairedRatio(many, none);
const fmt = (stats: RateStats) => `${Math.round(stats.median)} (${Math.round(stats.min)}–${Math.round(stats.max)})`;
const moving = 8 + 16;
const frameBytes = encode({
  type: 'frame',
  arena: 'showcase',
  tick: 123456,
  episode: 12,
  dropped: 0,
  positions: floatBytes(new Float32Array(moving * 3)),
}).length;
for (const figure of [
  { name: 'viewers_0', agentStepsPerSec: Math.round(none.median), min: Math.round(none.min), max: Math.round(none.max), repeats: none.repeats },
  { name: `viewers_${VIEWERS}`, agentStepsPerSec: Math.round(many.median), min: Math.round(many.min), max: Math.round(many.max), repeats: many.repeats, framesPerSec: Math.round(frames.median) },
  { name: 'viewer_throughput_ratio', ...ratio },
  { name: 'frame_bytes_per_body', value: frameBytes / moving, frameBytes, bodies: moving },
])
  console.log(JSON.stringify(figure));

writeSection(
  'docs/performance.md',
  'viewers',
  `
## What viewers cost the simulation

Command: \`npm run bench:viewers -- --repeats ${rounds}\`, measured ${new Date().toISOString().slice(0, 10)}: a served default forage run (population 64, workers = cores) for ${GENERATIONS} generations, without viewers and with ${VIEWERS} viewers in another process (at the lowest CPU priority: they stand in for people on other machines, and on this 2-core box would otherwise take CPU from the simulation themselves), each subscribed to the showcase at 30 frames/s (the showcase makes 20 new states a second). A run's throughput is the median agent-steps/s of its generations 3-${GENERATIONS}; the two kinds of run take turns for ${rounds} rounds after a warm-up round, and each figure is the median of its ${rounds} runs with their range.

${table(
  ['viewers', 'agent-steps/s: median (range)', 'frames/s received by all viewers'],
  [
    [0, fmt(none), '-'],
    [VIEWERS, fmt(many), fmt(frames)],
  ],
)}

With ${VIEWERS} viewers the simulation keeps ${(ratio.value * 100).toFixed(1)}% of its throughput (the ratio of the medians; round by round ${(ratio.min * 100).toFixed(1)}–${(ratio.max * 100).toFixed(1)}%): the target (≥ ${TARGET * 100}%) is ${ratio.value >= TARGET ? 'met' : 'not met'}. A frame of the forage showcase (${moving} moving bodies: 8 agents and 16 pellets) is ${frameBytes} bytes: ${(frameBytes / moving).toFixed(1)} bytes per body per frame (target ≤ 16), of which 12 are the float32 position.
`,
  PERFORMANCE_HEADER,
);
