/**
 * How far a ghost ends from the agent it stands for: a ghost moves on at its velocity from the
 * window's start (stopping at the walls), the agent as it is pushed and collides. Steps the default
 * world of 1,000 agents for 120 simulated seconds and prints the errors at each window's end, after
 * 20 s of warm-up. Usage: node --import tsx scripts/bench/ghost-error.ts [exchangeSteps]
 */
import { resolveConfig } from '../../server/config/resolve.ts';
import { createEcologyWorld } from '../../server/ecology/run-ecology.ts';
import { setupEngine } from '../../server/evaluation/engine.ts';
import { regionStepper } from '../../server/ecology/step-regions.ts';
import { controlSeconds } from '../../worlds/ecology/options.ts';
const config = resolveConfig({ scenario: 'ecology', workers: 0, physics: { rapier: 'simd' }, seed: 2, worlds: { ecology: { initialAgents: 1000, exchangeSteps: Number(process.argv[2] ?? 15) } } });
const world = createEcologyWorld(config);
world.populate();
const step = regionStepper(await setupEngine(config), config);
const T = config.worlds.ecology.exchangeSteps * controlSeconds(config.worlds.ecology);
const clamp = (v: number) => Math.max(-79.5, Math.min(79.5, v));
const errors: number[] = [];
const speeds: number[] = [];
const windowsPerSecond = 15 / config.worlds.ecology.exchangeSteps;
for (let w = 0; w < 120 * windowsPerSecond; w++) {
  const windows = world.windows();
  const predicted = new Map<number, [number, number]>();
  for (const win of windows)
    win.ghostIds.forEach((id, g) => predicted.set(id, [clamp(win.ghostBodies[6 * g] + win.ghostBodies[6 * g + 3] * T), clamp(win.ghostBodies[6 * g + 2] + win.ghostBodies[6 * g + 5] * T)]));
  world.apply(windows, windows.map(step));
  if (w < 20 * windowsPerSecond) continue; // warm-up: evolution has not begun
  for (const a of world.agents) {
    const p = predicted.get(a.id);
    if (p) errors.push(Math.hypot(a.body[0] - p[0], a.body[2] - p[1]));
    speeds.push(Math.hypot(a.body[3], a.body[5]));
  }
}
errors.sort((a, b) => a - b);
speeds.sort((a, b) => a - b);
const q = (xs: number[], f: number) => xs[Math.floor(f * (xs.length - 1))].toFixed(3);
console.log(
  JSON.stringify({
    windowSeconds: T,
    ghosts: errors.length,
    meanError: (errors.reduce((s, x) => s + x, 0) / errors.length).toFixed(3),
    median: q(errors, 0.5),
    p95: q(errors, 0.95),
    max: q(errors, 1),
    speedMedian: q(speeds, 0.5),
    speedP95: q(speeds, 0.95),
  }),
);
