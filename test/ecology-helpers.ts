/** A small ecology (two regions, tens of agents) whose windows take milliseconds. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveConfig } from '../server/config/resolve.ts';
import type { Config } from '../server/config/schema.ts';
import { runEcology } from '../server/ecology/run-ecology.ts';
import { STREAM_DEFAULTS, type StreamOptions } from '../server/stream/stream-server.ts';

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
