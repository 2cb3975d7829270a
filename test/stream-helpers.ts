/** A served run for stream tests: a small forage run with its stream on a free port. */
import type { CoevoClient } from '../client-protocol/client.ts';
import type { FrameMessage } from '../client-protocol/protocol.ts';
import { runExperiment } from '../server/run/run.ts';
import type { ClientSession } from '../server/stream/client-session.ts';
import { STREAM_DEFAULTS, type StreamOptions, type StreamServer } from '../server/stream/stream-server.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { smallConfig } from './helpers.ts';

export const TOKEN = 'test-control-token';

/** A small sumo co-evolution for the stream tests of match worlds. */
export const SMALL_SUMO = {
  scenario: 'sumo',
  workers: 0,
  evolution: { populationSize: 8, eliteCount: 1 },
  coevolution: { matchesPerMember: 1, ciaoMaxGenerations: 2 },
  worlds: { sumo: { episodeSeconds: 4 } },
};

export interface ServedRun {
  url: string;
  /** The run directory (removed by stop()). */
  runDir: string;
  port: number;
  generations: () => number;
  /** The server's client sessions, for tests that play a stalled reader. */
  sessions: () => Set<ClientSession>;
  stop: () => Promise<void>;
}

export async function serveRun(stream: Partial<StreamOptions> = {}, config: Record<string, unknown> = {}): Promise<ServedRun> {
  // Not the per-test temporary folder: the run outlives single tests and is removed by stop().
  const runDir = mkdtempSync(join(tmpdir(), 'coevo-served-'));
  const abort = new AbortController();
  let generations = 0;
  let port = 0;
  let server: StreamServer | null = null;
  let done: Promise<unknown> = Promise.resolve();
  const serving = new Promise<void>((resolve) => {
    done = runExperiment({
      config: smallConfig({ generations: 10_000, checkpointEvery: 10_000, workers: 1, ...config }),
      runDir,
      resume: false,
      signal: abort.signal,
      serve: { ...STREAM_DEFAULTS, port: 0, controlToken: TOKEN, ...stream },
      onServing: (live) => {
        port = live.port;
        server = live.server;
        resolve();
      },
      onGeneration: () => generations++,
    });
  });
  await serving;
  const stop = async () => {
    abort.abort();
    await done;
    rmSync(runDir, { recursive: true, force: true });
  };
  const sessions = () => (server as unknown as { sessions: Set<ClientSession> }).sessions;
  return { url: `ws://127.0.0.1:${port}/ws`, runDir, port, generations: () => generations, sessions, stop };
}

/**
 * The first frame, after waiting `ms`, that shows another step than `first`: a loaded machine plays
 * the showcase slower than real time, so a fixed wait alone may see the same state again.
 */
export async function laterFrame(client: CoevoClient, first: FrameMessage, ms: number): Promise<FrameMessage> {
  await new Promise((resolve) => setTimeout(resolve, ms));
  for (;;) {
    const frame = await client.next('frame', 15_000);
    if (frame.tick !== first.tick || frame.episode !== first.episode) return frame;
  }
}
