/**
 * `npm run soak -- --scenario ecology [--seconds N]`: the default ecology (1,000 agents, 4 regions)
 * for N simulated seconds (default 7,200: two hours) on worker threads. Every report row carries
 * the memory gauges (under `timing`); this compares the warmed-up start with the end, checks that
 * the population never reached 0, and writes the "soak-ecology" section of docs/performance.md.
 */
import { rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { resolveConfig } from '../server/config/resolve.ts';
import { runEcology } from '../server/ecology/run-ecology.ts';
import { listCheckpoints } from '../server/run/checkpoint.ts';
import { RunDir } from '../server/run/run-dir.ts';
import { PERFORMANCE_HEADER } from './bench/report.ts';
import { type Memory, memoryFloors, showGauge } from './lib/memory-floors.ts';
import { table, writeSection } from './lib/report.ts';

export async function soakEcology(options: { seconds: number; workers: number; runDir: string; out: string }): Promise<void> {
  rmSync(options.runDir, { recursive: true, force: true });
  const config = resolveConfig({
    scenario: 'ecology',
    workers: options.workers,
    physics: { rapier: 'simd' },
    checkpointEvery: 60,
    worlds: { ecology: { runSeconds: options.seconds, reportSeconds: 20 } },
  });
  const started = performance.now();
  // A clean stop (Ctrl-C) ends the run early: the report gives the simulated time reached.
  const { simSeconds } = await runEcology({ config, runDir: options.runDir, resume: false, log: (line) => console.log(line) });
  const wall = (performance.now() - started) / 1000;
  const rows = new RunDir(options.runDir).readMetrics() as unknown as { population: number; timing: { memory: Memory } }[];
  const summary = memoryFloors(rows.map((r) => r.timing.memory)).map((g) => {
    console.log(JSON.stringify({ name: 'soak-ecology', gauge: g.key, floors: g.floors, peak: g.peak, growth: g.growth }));
    return [g.label, g.floors.map((f) => showGauge(g.key, f)).join(' '), showGauge(g.key, g.before), showGauge(g.key, g.after), `${(g.growth * 100).toFixed(1)}%`, showGauge(g.key, g.peak)];
  });
  const populations = rows.map((r) => r.population);
  const sizes = listCheckpoints(options.runDir)
    .reverse()
    .map((name) => `${name} ${(statSync(join(options.runDir, 'checkpoints', name, 'state.msgpack')).size / 1024 / 1024).toFixed(1)} MiB`);
  writeSection(
    options.out,
    'soak-ecology',
    `
## Long runs stay healthy: the ecology

Command: \`npm run soak -- --scenario ecology --seconds ${options.seconds}\` on ${config.workers} workers: the default world (1,000 agents to start, 4 regions, neighbour imitation by \`success\` every 10 s), ${simSeconds.toFixed(0)} simulated seconds${simSeconds < options.seconds ? ` (stopped early, of ${options.seconds})` : ''} in ${wall.toFixed(0)} wall seconds, measured ${new Date().toISOString().slice(0, 10)}. A row every 20 simulated seconds carries the memory gauges; each tenth of the run is summarised by its floor (a leak would raise the floors); the first tenth is warm-up. Each window builds its regions' Rapier worlds and frees them before it returns, so the shards' WebAssembly memory is the gauge of leaked worlds.

${table(['gauge', 'floor per tenth of the run', 'floor, 2nd tenth', 'floor, last tenth', 'change', 'peak'], summary)}

Population: never below ${Math.min(...populations)} (start ${config.worlds.ecology.initialAgents}, end ${populations.at(-1)}, floor ${config.worlds.ecology.minAgents}, ceiling ${config.worlds.ecology.maxAgents}). Checkpoints: ${sizes.join(', ')}.
`,
    PERFORMANCE_HEADER,
  );
}
