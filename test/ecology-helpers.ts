/** A small ecology (two regions, tens of agents) whose windows take milliseconds. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveConfig } from '../server/config/resolve.ts';
import type { Config } from '../server/config/schema.ts';
import { setupEngine } from '../server/evaluation/engine.ts';
import { createEcologyWorld, runEcology } from '../server/ecology/run-ecology.ts';
import { STREAM_DEFAULTS, type StreamOptions } from '../server/stream/stream-server.ts';
import type { Controller } from '../worlds/scenario.ts';
import { ecologyObservationSize } from '../worlds/ecology/options.ts';
import { stepRegion } from '../worlds/ecology/region.ts';
import type { EcologyWorld } from '../worlds/ecology/world.ts';

export const SMALL_ECOLOGY = {
  size: 40,
  regionsX: 2,
  regionsZ: 1,
  borderMargin: 6,
  sightRadius: 5,
  initialAgents: 60,
  minAgents: 20,
  maxAgents: 200,
  foodPatches: 4,
  patchRadius: 5,
  pelletsPerPatch: 20,
  regrowSeconds: 4,
  reportSeconds: 2,
  learnEvery: 2,
  learnSteps: 5,
  runSeconds: 6,
};

export function ecologyConfig(ecology: Record<string, unknown> = {}, overrides: Record<string, unknown> = {}): Config {
  return resolveConfig({ scenario: 'ecology', seed: 5, workers: 0, checkpointEvery: 1, policy: { hiddenSizes: [8] }, worlds: { ecology: { ...SMALL_ECOLOGY, ...ecology } }, ...overrides });
}

/** A small ecology running until stopped, served on a free port. */
export async function serveEcology(ecology: Record<string, unknown> = {}, stream: Partial<StreamOptions> = {}): Promise<{ port: number; stop: () => Promise<void> }> {
  const runDir = mkdtempSync(join(tmpdir(), 'coevo-ecology-served-'));
  const abort = new AbortController();
  let done: Promise<unknown> = Promise.resolve();
  const port = await new Promise<number>((resolve) => {
    done = runEcology({
      config: ecologyConfig({ runSeconds: null, initialAgents: 80, ...ecology }, { checkpointEvery: 1000 }),
      runDir,
      resume: false,
      signal: abort.signal,
      serve: { ...STREAM_DEFAULTS, port: 0, maxFps: 60, ...stream },
      onServing: (live) => resolve(live.port),
    });
  });
  const stop = async () => {
    abort.abort();
    await done;
    rmSync(runDir, { recursive: true, force: true });
  };
  return { port, stop };
}

/** A world of the given agents only (positions in x, z), no food in reach, nobody born or reseeded. */
export function worldOf(positions: [number, number][], ecology: Record<string, unknown> = {}) {
  const config = ecologyConfig({ initialAgents: positions.length, minAgents: 0, foodPatches: 1, pelletsPerPatch: 1, ...ecology });
  const world = createEcologyWorld(config);
  world.populate();
  world.food.regrowAt.fill(Number.POSITIVE_INFINITY); // no food anywhere
  world.agents.forEach((a, i) => {
    a.body[0] = positions[i][0];
    a.body[2] = positions[i][1];
  });
  return { config, world };
}

/** Steps every region with a controller of our own, on this thread, and applies the outcomes. */
export async function stepWindow(world: EcologyWorld, controller: Controller, seen: Float32Array[] = []) {
  const { rapier } = await setupEngine(ecologyConfig());
  const windows = world.windows();
  const outcomes = windows.map((w) =>
    stepRegion(
      rapier,
      () => ({
        controller: (obs, count, actions) => {
          seen[w.region] = obs.slice(0, count * ecologyObservationSize(world.o));
          controller(obs, count, actions);
        },
        dispose: () => {},
      }),
      w,
    ),
  );
  world.apply(windows, outcomes);
  return windows;
}

export const pushEast: Controller = (_obs, count, actions) => {
  for (let i = 0; i < count; i++) {
    actions[2 * i] = 1;
    actions[2 * i + 1] = 0;
  }
};
