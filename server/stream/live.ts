/**
 * A run's live side: the showcase arena, the stream server and the run control, started with
 * the run when it is served (`coevo run --serve`) and fed after every generation. Single-role
 * runs show their elites; co-evolution runs show each population's champion in its role.
 */
import { rankByFitness } from '../../agents/evolution/operators.ts';
import type { MatchScenario } from '../../worlds/match.ts';
import type { Population } from '../run/populations.ts';
import type { GenerationRow, MetricsRow } from '../run/run-dir.ts';
import { RunControl } from '../run/control.ts';
import type { Engine, World } from '../evaluation/engine.ts';
import { MatchShowcase } from './match-showcase.ts';
import { Showcase } from './showcase.ts';
import { StreamServer, type SceneInfo, type ShowcaseFeed, type StreamOptions } from './stream-server.ts';

/** What every live run offers: control, the server and its port. */
export interface LiveBase {
  control: RunControl;
  server: StreamServer;
  port: number;
  setCheckpoint(path: string | null): void;
  close(): Promise<void>;
}

export interface Live extends LiveBase {
  afterGeneration(row: MetricsRow, phenotypes: Float32Array[], fitness: ArrayLike<number>): void;
}

export interface MatchLive extends LiveBase {
  /** `champions[p]`: the champion of population p this generation. */
  afterGeneration(row: GenerationRow, champions: Float32Array[]): void;
}

interface Served {
  base: LiveBase;
  setGeneration(generation: number): void;
}

/** Starts the server and the showcase's clock; `setShowcase` validates and applies a viewer's choice. */
async function serve(
  options: StreamOptions,
  runId: string,
  scene: SceneInfo,
  showcase: ShowcaseFeed & { start(): void; stop(): void },
  firstGeneration: number,
  showing: () => string | number,
  setShowcase: (value: string | number) => string,
): Promise<Served> {
  const control = new RunControl();
  let generation = firstGeneration;
  let lastCheckpoint: string | null = null;
  const server = new StreamServer(options, {
    runId,
    scene,
    control,
    showcase,
    status: () => ({ generation, paused: control.isPaused, lastCheckpoint, showcase: showing() }),
    setShowcase,
  });
  const port = await server.listen();
  showcase.start();
  return {
    setGeneration: (g) => (generation = g),
    base: {
      control,
      server,
      port,
      setCheckpoint: (path) => (lastCheckpoint = path),
      async close() {
        showcase.stop();
        await server.close();
      },
    },
  };
}

export async function startLive(world: World, options: StreamOptions, runId: string, seed: number, firstGeneration: number): Promise<Live> {
  const showcase = new Showcase(world, seed);
  let ranked: Float32Array[] = [];
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
  const scene = { describe: () => world.scenario.describe(), populations: ['main'] };
  const served = await serve(
    options,
    runId,
    scene,
    showcase,
    firstGeneration,
    () => showing,
    (value) => {
      if (ranked.length) showcase.show(pick(value));
      else if (value !== 'elites') pick(value); // validates even before the first generation
      showing = value;
      return String(value);
    },
  );
  return {
    ...served.base,
    afterGeneration(row, phenotypes, fitness) {
      ranked = rankByFitness(fitness).map((i) => phenotypes[i]);
      served.setGeneration(row.generation + 1);
      showcase.show(pick(typeof showing === 'number' && showing >= ranked.length ? 'elites' : showing));
      served.base.server.publishGeneration(row);
    },
  };
}

export async function startMatchLive(
  engine: Engine,
  scenario: MatchScenario,
  populations: Population[],
  options: StreamOptions,
  runId: string,
  seed: number,
  firstGeneration: number,
): Promise<MatchLive> {
  const showcase = new MatchShowcase(engine, scenario, populations, seed);
  const scene = { describe: () => scenario.describe(), populations: scenario.spec.roles.map((r) => r.name) };
  const served = await serve(
    options,
    runId,
    scene,
    showcase,
    firstGeneration,
    () => 'champion',
    (value) => {
      if (value !== 'champion' && value !== 'elites')
        throw new Error(`showcase: a co-evolution run shows its champions ("champion" or "elites"), not "${value}"`);
      return 'champion';
    },
  );
  return {
    ...served.base,
    afterGeneration(row, champions) {
      served.setGeneration(row.generation + 1);
      showcase.show(champions);
      served.base.server.publishGeneration(row);
    },
  };
}
