/**
 * `npm run bench:ecology`: the ecology's speed at 1,000, 2,000 and 4,000 agents on the main thread
 * and on 1 and 2 shard threads. Each measurement is a fresh run (`runEcology`) of 2 × `--window`
 * simulated seconds whose first half is a warm-up; the second half's row gives the figures (so an
 * imitation round, every 10 s by default, is inside it). Rounds are interleaved across settings
 * and each figure is the median of `--repeats` rounds (at least MIN_REPEATS, 7), with its range;
 * 2-thread figures against 1 thread are ratios taken within each round (`paired`).
 * Prints the machine's two-thread ceiling (ceiling.ts), then one JSON object per setting, then
 * writes the "ecology" section of docs/performance.md (not with `--dry`).
 *
 * `--regions XxZ` measures another grid of regions (printed only: the report is the default's).
 *
 * The population is held at its size (floor = ceiling = the starting agents), so every setting
 * steps the same number of agents throughout.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { resolveConfig } from '../../server/config/resolve.ts';
import { runEcology } from '../../server/ecology/run-ecology.ts';
import { RunDir } from '../../server/run/run-dir.ts';
import { table, writeSection } from '../lib/report.ts';
import { describeCeiling, twoThreadCeiling } from './ceiling.ts';
import { PERFORMANCE_HEADER } from './report.ts';
import { MIN_REPEATS, median } from './timing.ts';

const { values } = parseArgs({
  options: {
    repeats: { type: 'string', default: String(MIN_REPEATS) },
    agents: { type: 'string', default: '1000,2000,4000' },
    workers: { type: 'string', default: '0,1,2' },
    window: { type: 'string', default: '10' },
    regions: { type: 'string', default: '4x1' },
    dry: { type: 'boolean', default: false },
  },
});
const repeats = Math.max(MIN_REPEATS, Number(values.repeats));
const agentCounts = values.agents!.split(',').map(Number);
const workerCounts = values.workers!.split(',').map(Number);
const windowSeconds = Number(values.window);
const [regionsX, regionsZ] = values.regions!.split('x').map(Number);
if (!Number.isInteger(regionsX) || !Number.isInteger(regionsZ)) throw new Error(`--regions: expected XxZ, such as 4x1 or 4x2 (got "${values.regions}")`);
/** The default world's regions write the report; another grid only prints (and says so). */
const defaultRegions = values.regions === '4x1';

interface Measure {
  agentStepsPerSec: number;
  realTimeFactor: number;
  exchangeShare: number;
  outsideShare: number;
  /** Share of wall time in the imitation round (training the learners, in the shards). */
  learnShare: number;
  /** The region tasks' own seconds per agent-step: the same work, so a rise on 2 threads is the tasks running slower side by side. */
  taskSecondsPerStep: number;
  /** While the regions step: the share of the threads' time inside region tasks (the rest is waiting for the last region, and messages). */
  steppingBusy: number;
}

async function measure(agents: number, workers: number, seed: number): Promise<Measure> {
  const config = resolveConfig({
    scenario: 'ecology',
    seed,
    workers,
    physics: { rapier: 'simd' },
    checkpointEvery: 1000,
    worlds: { ecology: { initialAgents: agents, minAgents: agents, maxAgents: agents, reportSeconds: windowSeconds, runSeconds: 2 * windowSeconds, regionsX, regionsZ } },
  });
  const runDir = mkdtempSync(join(tmpdir(), 'coevo-bench-ecology-'));
  try {
    await runEcology({ config, runDir, resume: false });
    const row = new RunDir(runDir).readMetrics()[1] as unknown as {
      timing: { seconds: number; agentStepsPerSec: number; realTimeFactor: number; exchangeSeconds: number; learnSeconds: number; outsideShare: number; regionSeconds: number; taskSeconds: number };
    };
    const t = row.timing;
    return {
      agentStepsPerSec: t.agentStepsPerSec,
      realTimeFactor: t.realTimeFactor,
      exchangeShare: t.exchangeSeconds / t.seconds,
      outsideShare: t.outsideShare,
      learnShare: t.learnSeconds / t.seconds,
      taskSecondsPerStep: t.taskSeconds / (t.agentStepsPerSec * t.seconds),
      steppingBusy: t.taskSeconds / (t.regionSeconds * Math.max(1, Math.min(workers, regionsX * regionsZ))),
    };
  } finally {
    rmSync(runDir, { recursive: true, force: true });
  }
}

const ceiling = await twoThreadCeiling();
for (const c of ceiling) console.log(JSON.stringify({ ceiling: c.load, scaling: Number(c.scaling.toFixed(3)), min: Number(c.min.toFixed(3)), max: Number(c.max.toFixed(3)) }));

const settings = agentCounts.flatMap((agents) => workerCounts.map((workers) => ({ agents, workers, measures: [] as Measure[] })));
for (let round = 0; round < repeats; round++) {
  for (const s of settings) s.measures.push(await measure(s.agents, s.workers, round + 1));
}

/**
 * 2 threads over 1, round by round: the two runs of a round are neighbours in time, so the host's
 * drifts between its fast and slow spells (this VM's rates moved by up to half between rounds) fall
 * mostly on both; the median and range of those ratios.
 */
function paired(s: (typeof settings)[number], key: keyof Measure) {
  const one = settings.find((q) => q.agents === s.agents && q.workers === 1);
  if (s.workers !== 2 || !one) return null;
  const ratios = s.measures.map((m, r) => m[key] / one.measures[r][key]);
  return { median: median(ratios), min: Math.min(...ratios), max: Math.max(...ratios) };
}

const results = settings.map((s) => {
  const of = (key: keyof Measure) => s.measures.map((m) => m[key]);
  const scaling = paired(s, 'agentStepsPerSec');
  const tasksSlower = paired(s, 'taskSecondsPerStep');
  const result = {
    agents: s.agents,
    workers: s.workers,
    agentStepsPerSec: Math.round(median(of('agentStepsPerSec'))),
    min: Math.round(Math.min(...of('agentStepsPerSec'))),
    max: Math.round(Math.max(...of('agentStepsPerSec'))),
    realTimeFactor: Number(median(of('realTimeFactor')).toFixed(2)),
    exchangeShare: Number(median(of('exchangeShare')).toFixed(3)),
    outsideShare: Number(median(of('outsideShare')).toFixed(3)),
    learnShare: Number(median(of('learnShare')).toFixed(3)),
    taskSecondsPerStep: median(of('taskSecondsPerStep')),
    steppingBusy: Number(median(of('steppingBusy')).toFixed(3)),
    realTimeFactorRange: [Math.min(...of('realTimeFactor')), Math.max(...of('realTimeFactor'))].map((x) => Number(x.toFixed(2))),
    ...(scaling && tasksSlower
      ? {
          scaling: [scaling.median, scaling.min, scaling.max].map((x) => Number(x.toFixed(3))),
          tasksSlower: [tasksSlower.median, tasksSlower.min, tasksSlower.max].map((x) => Number((x - 1).toFixed(3))),
        }
      : {}),
  };
  console.log(JSON.stringify(result));
  return result;
});

const rows = results.map((r) => {
  const percent = (x: number) => `${(100 * x).toFixed(0)}%`;
  const scaling = r.scaling ? `${r.scaling[0].toFixed(2)} (${r.scaling[1].toFixed(2)}–${r.scaling[2].toFixed(2)})` : '';
  const slower = r.tasksSlower ? `${percent(r.tasksSlower[0])} (${percent(r.tasksSlower[1])} to ${percent(r.tasksSlower[2])})` : '';
  return [
    r.agents,
    r.workers === 0 ? 'main thread' : `${r.workers} shard thread${r.workers > 1 ? 's' : ''}`,
    `${r.agentStepsPerSec} (${r.min}–${r.max})`,
    `${r.realTimeFactor} (${r.realTimeFactorRange[0]}–${r.realTimeFactorRange[1]})`,
    `${(100 * r.exchangeShare).toFixed(1)}%`,
    `${(100 * r.outsideShare).toFixed(0)}%`,
    `${(100 * r.learnShare).toFixed(0)}%`,
    `${(100 * r.steppingBusy).toFixed(0)}%`,
    slower,
    scaling,
  ];
});
const body = `## The ecology

Command: \`npm run bench:ecology\`, measured ${new Date().toISOString().slice(0, 10)} on this 2-core machine. The default world (160 m, 4 × 1 regions, 60 physics steps and 15 decisions per simulated second, [32, 32] tanh networks run and trained by the default fused WebAssembly SIMD kernels, SIMD Rapier), its population held at the size given. Each figure: a fresh run of ${2 * windowSeconds} simulated seconds whose second half is measured${windowSeconds % 10 === 0 ? ' (with the imitation round at its end)' : ''}, median of ${repeats} interleaved rounds (range in brackets). "Real-time factor" is simulated seconds per wall second; "exchange" is the main thread's share of wall time spent cutting windows and applying outcomes (migration, ghosts, food, birth and death); "outside Rapier and inference" is the share of the threads' time spent on anything else (sensing, exchange, messages, learning, waiting); "imitation round" is the share of wall time spent training the learners (every 10 simulated seconds); "threads busy while stepping" is the region tasks' own time over the threads' time from sending the windows to having every outcome (the rest is waiting for the last region, and messages); "region tasks slower than on 1" is how much more time the same region tasks took per agent-step, summed over both threads, than on one thread alone. Scaling 1 → 2 is agent-steps/s on 2 threads over 1. These two columns are ratios taken round by round, each 2-thread run against the 1-thread run just before it, so that the host's drifts between rounds fall mostly on both; median (range) of the rounds' ratios. The machine's own two-thread scaling (scripts/bench/ceiling.ts: two threads doing fixed work at once over one alone; median and range of ${MIN_REPEATS} rounds), measured at the start of this run: ${describeCeiling(ceiling)}.

${table(['agents', 'where', 'agent-steps/s', 'real-time factor', 'exchange', 'outside Rapier and inference', 'imitation round', 'threads busy while stepping', 'region tasks slower than on 1', 'scaling 1 → 2'], rows)}
`;
if (!values.dry && defaultRegions) writeSection(join('docs', 'performance.md'), 'ecology', body, PERFORMANCE_HEADER);
console.log(body);
