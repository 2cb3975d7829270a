/**
 * The ecology's live side (`coevo run --scenario ecology --serve`): the stream server over the
 * world feed, and the run control (pause, resume, step a window, checkpoint now). Simulation and
 * broadcast keep their own clocks: the run hands the world over after each window, and the
 * server samples the newest snapshot at each client's rate.
 */
import { basename, relative } from 'node:path';
import type { EcologyOptions } from '../../worlds/ecology/options.ts';
import type { Pick } from '../../worlds/ecology/neighbours.ts';
import type { EcologyWorld, WorldEvent } from '../../worlds/ecology/world.ts';
import { RunControl } from '../run/control.ts';
import { StreamServer, type StreamOptions } from './stream-server.ts';
import { WorldFeed } from './world-feed.ts';
import type { WindowMotion } from './world-motion.ts';

export interface EcologyLive {
  control: RunControl;
  server: StreamServer;
  port: number;
  setCheckpoint(path: string | null): void;
  afterWindow(world: EcologyWorld, events: WorldEvent[], picks: Pick[], motion: WindowMotion | null): void;
  afterReport(row: Record<string, unknown>): void;
  close(): Promise<void>;
}

export async function startEcologyLive(o: EcologyOptions, obstacles: Float32Array, options: StreamOptions, runDir: string): Promise<EcologyLive> {
  const feed = new WorldFeed(o, obstacles);
  const control = new RunControl();
  let lastCheckpoint: string | null = null;
  const server = new StreamServer(options, {
    runId: basename(runDir),
    runDir,
    control,
    world: feed,
    status: () => ({ generation: 0, paused: control.isPaused, lastCheckpoint, simSeconds: feed.state.simSeconds }),
  });
  const port = await server.listen();
  return {
    control,
    server,
    port,
    setCheckpoint: (path) => {
      lastCheckpoint = path === null ? null : relative(runDir, path);
    },
    afterWindow: (world, events, picks, motion) => feed.update(world, events, picks, motion),
    afterReport: (row) => server.publishGeneration(row),
    close: () => server.close(),
  };
}
