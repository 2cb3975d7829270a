/**
 * A run's live side: the showcase arena, the stream server and the run control, started with
 * the run when it is served (`coevo run --serve`) and fed after every generation.
 */
import { rankByFitness } from '../../agents/evolution/operators.ts';
import type { MetricsRow } from '../run-dir.ts';
import { RunControl } from '../run-control.ts';
import type { World } from '../setup.ts';
import { Showcase } from './showcase.ts';
import { StreamServer, type StreamOptions } from './stream-server.ts';

export interface Live {
  control: RunControl;
  server: StreamServer;
  port: number;
  afterGeneration(row: MetricsRow, phenotypes: Float32Array[], fitness: ArrayLike<number>): void;
  setCheckpoint(path: string | null): void;
  close(): Promise<void>;
}

export async function startLive(world: World, options: StreamOptions, runId: string, seed: number, firstGeneration: number): Promise<Live> {
  const control = new RunControl();
  const showcase = new Showcase(world, seed);
  let ranked: Float32Array[] = [];
  let generation = firstGeneration;
  let lastCheckpoint: string | null = null;
  let showing: string | number = 'elites';
  const agents = world.scenario.spec.agentsPerArena;
  const pick = (value: string | number): Float32Array[] => {
    if (value === 'elites') return ranked.slice(0, agents);
    if (value === 'champion') return ranked.slice(0, 1);
    const rank = Number(value);
    if (!Number.isInteger(rank) || rank < 0 || rank >= ranked.length) {
      throw new Error(`showcase: "${value}" is not "elites", "champion" or an elite rank from 0 to ${ranked.length - 1}`);
    }
    return [ranked[rank]];
  };
  const server = new StreamServer(options, {
    runId,
    world,
    control,
    showcase,
    status: () => ({ generation, paused: control.isPaused, lastCheckpoint, showcase: showing }),
    setShowcase: (value) => {
      if (ranked.length) showcase.show(pick(value));
      else if (value !== 'elites') pick(value); // validates even before the first generation
      showing = value;
      return String(value);
    },
  });
  const port = await server.listen();
  showcase.start();
  return {
    control,
    server,
    port,
    afterGeneration(row, phenotypes, fitness) {
      ranked = rankByFitness(fitness).map((i) => phenotypes[i]);
      generation = row.generation + 1;
      showcase.show(pick(typeof showing === 'number' && showing >= ranked.length ? 'elites' : showing));
      server.publishGeneration(row);
    },
    setCheckpoint(path) {
      lastCheckpoint = path;
    },
    async close() {
      showcase.stop();
      await server.close();
    },
  };
}
