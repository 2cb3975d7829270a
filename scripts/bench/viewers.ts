/**
 * `npm run bench:viewers`: simulation throughput with 32 connected viewers against none, and the
 * bytes a frame costs per body. The viewers run in another process, as real ones would.
 */
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { setPriority, tmpdir } from 'node:os';
import { join } from 'node:path';
import { encode, floatBytes } from '../../client-protocol/protocol.ts';
import { median } from '../../agents/stats.ts';
import { resolveConfig } from '../../server/config/resolve.ts';
import { runExperiment } from '../../server/run/run.ts';
import { STREAM_DEFAULTS } from '../../server/stream/stream-server.ts';
import { table, writeSection } from '../lib/report.ts';
import { PERFORMANCE_HEADER } from './report.ts';

const VIEWERS = 32;
const GENERATIONS = 8;

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

const none = await throughput(0);
const many = await throughput(VIEWERS);
const ratio = many.agentStepsPerSec / none.agentStepsPerSec;
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
  { name: 'viewers_0', ...none },
  { name: `viewers_${VIEWERS}`, ...many },
  { name: 'viewer_throughput_ratio', value: ratio },
  { name: 'frame_bytes_per_body', value: frameBytes / moving, frameBytes, bodies: moving },
])
  console.log(JSON.stringify(figure));

writeSection(
  'docs/performance.md',
  'viewers',
  `
## Viewers do not slow the simulation

Command: \`npm run bench:viewers\`, measured ${new Date().toISOString().slice(0, 10)}: a served default forage run (population 64, workers = cores) for ${GENERATIONS} generations, once with no viewer and once with ${VIEWERS} viewers in another process (at the lowest CPU priority: they stand in for people on other machines, and on this 2-core box would otherwise take CPU from the simulation themselves), each subscribed to the showcase at 30 frames/s (the showcase makes 20 new states a second). Throughput is the median agent-steps/s of generations 3-${GENERATIONS}.

${table(
  ['viewers', 'agent-steps/s', 'frames/s received by all viewers'],
  [
    [0, Math.round(none.agentStepsPerSec), '-'],
    [VIEWERS, Math.round(many.agentStepsPerSec), Math.round(many.framesPerSec)],
  ],
)}

With ${VIEWERS} viewers the simulation keeps ${(ratio * 100).toFixed(1)}% of its throughput (target ≥ 95%). A frame of the forage showcase (${moving} moving bodies: 8 agents and 16 pellets) is ${frameBytes} bytes: ${(frameBytes / moving).toFixed(1)} bytes per body per frame (target ≤ 16), of which 12 are the float32 position.
`,
  PERFORMANCE_HEADER,
);
