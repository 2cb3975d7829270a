/**
 * `npm run soak`: a long run of short generations on worker threads, to show that memory stays
 * flat. Every generation's metrics row carries the main heap and each shard's heap, external
 * (WebAssembly) memory and live tensor count; this script compares the warmed-up start with the
 * end and writes the figures to docs/performance.md.
 * Options: --generations N (default 400), --workers N (default: cores), --out FILE, --scenario
 * forage|sumo|ecology (the ecology: --seconds N simulated seconds, see soak-ecology.ts). The forage run imitates (DAgger from the scripted expert and elite imitation), so
 * training, its tensors and its buffers are soaked too. The sumo run co-evolves two populations of
 * crawlers (articulated bodies: impulse joints and motors), each on two islands, imitating by
 * DAgger their expert, the rival's champion, their peers and the halls of fame, with matches and
 * training on the shards and a CIAO report every 50 generations.
 */
import { availableParallelism } from 'node:os';
import { rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { resolveConfig } from '../server/config/resolve.ts';
import { listCheckpoints } from '../server/run/checkpoint.ts';
import { RunDir } from '../server/run/run-dir.ts';
import { runExperiment } from '../server/run/run.ts';
import { PERFORMANCE_HEADER } from './bench/report.ts';
import { table, writeSection } from './lib/report.ts';
import { soakEcology } from './soak-ecology.ts';
import { type Memory, memoryFloors, showGauge } from './lib/memory-floors.ts';

const { values } = parseArgs({
  options: {
    generations: { type: 'string', default: '400' },
    workers: { type: 'string', default: String(availableParallelism()) },
    out: { type: 'string', default: 'docs/performance.md' },
    'run-dir': { type: 'string', default: 'runs/soak' },
    scenario: { type: 'string', default: 'forage' },
    seconds: { type: 'string', default: '7200' },
  },
});
if (values.scenario === 'ecology') {
  await soakEcology({ seconds: Number(values.seconds), workers: Number(values.workers), runDir: values['run-dir']!, out: values.out! });
  process.exit(0);
}
const generations = Number(values.generations);
const runDir = values['run-dir']!;
rmSync(runDir, { recursive: true, force: true });
const common = { generations, workers: Number(values.workers), checkpointEvery: 50 };
const SOAKS = {
  forage: {
    section: 'soak',
    checkpoint: 'population, random state and imitation buffers',
    what: 'population 64, 1-second episodes, DAgger from the scripted expert and elite imitation with a 5,000-pair buffer, a checkpoint every 50 generations',
    config: {
      ...common,
      evolution: { populationSize: 64 },
      worlds: { forage: { episodeSeconds: 1 } },
      imitation: { experts: { scripted: 1, elite: 1 }, method: 'dagger', steps: 10, bufferCapacity: 5000 },
    },
  },
  sumo: {
    section: 'soak-sumo',
    checkpoint: "every population's genomes, random state and hall of fame",
    what: "two populations of 32 crawlers on two islands each, 2-second matches, 3 matches a member, a quarter of each population learning each generation by DAgger from the scripted expert, the rival's champion, its peers and the halls of fame (20 champions), a CIAO report every 50 generations, a checkpoint every 50",
    config: {
      ...common,
      scenario: 'sumo',
      evolution: { populationSize: 32, islands: { count: 2, migrants: 1 } },
      imitation: { experts: { scripted: 1, rival: 1, peer: 1, champions: 1 }, method: 'dagger', steps: 10, demoEpisodes: 2, samplesPerLearner: 512 },
      populations: ['red', 'blue'].map((name) => ({ name, role: name, body: 'crawler' })),
      worlds: { sumo: { episodeSeconds: 2 } },
    },
  },
} as const;
const soak = SOAKS[values.scenario as keyof typeof SOAKS];
if (!soak) {
  console.error(`--scenario: one of ${Object.keys(SOAKS).join(', ')}, not ${values.scenario}`);
  process.exit(2);
}
const config = resolveConfig(soak.config);
const started = performance.now();
await runExperiment({ config, runDir, resume: false });
const seconds = (performance.now() - started) / 1000;

const summary = memoryFloors(new RunDir(runDir).readMetrics().map((row) => row.memory as Memory));
for (const s of summary) console.log(JSON.stringify({ name: 'soak', gauge: s.key, floors: s.floors, peak: s.peak, growth: s.growth }));

const checkpointSizes = listCheckpoints(runDir)
  .reverse()
  .map((name) => ({ name, kb: statSync(join(runDir, 'checkpoints', name, 'state.msgpack')).size / 1024 }));
console.log(JSON.stringify({ name: 'soak_checkpoints', checkpointSizes }));
writeSection(
  values.out!,
  soak.section,
  `
## Long runs stay healthy${values.scenario === 'forage' ? '' : `: ${values.scenario}`}

Command: \`npm run soak -- --generations ${generations}${values.scenario === 'forage' ? '' : ` --scenario ${values.scenario}`}\` on ${config.workers} workers (${soak.what}), ${seconds.toFixed(0)} s, measured ${new Date().toISOString().slice(0, 10)}. Every generation's metrics row carries the memory gauges. V8 heaps grow in a sawtooth between garbage collections, so each tenth of the run is summarised by its floor (its lowest reading, just after a collection): a leak would raise the floors. The first tenth is warm-up.

${table(
  ['gauge', 'floor per tenth of the run', 'floor, 2nd tenth', 'floor, last tenth', 'change', 'peak'],
  summary.map((s) => [s.label, s.floors.map((f) => showGauge(s.key, f)).join(' '), showGauge(s.key, s.before), showGauge(s.key, s.after), `${(s.growth * 100).toFixed(1)}%`, showGauge(s.key, s.peak)]),
)}

Checkpoint state files (${soak.checkpoint}): ${checkpointSizes.map((c) => `${c.name} ${c.kb.toFixed(0)} KiB`).join(', ')}.

Every shard reports its gauges after each task. Live tensors stay at ${showGauge('shardTensors', summary[3].after)}: inference tensors are disposed with their controller and freed step by step by \`tf.tidy\`, training variables and the optimiser's slots are disposed after each learning task; every Rapier world is freed when its arena's episode ends; the imitation buffers are bounded and the checkpoints carry them at a fixed size.
`,
  PERFORMANCE_HEADER,
);
