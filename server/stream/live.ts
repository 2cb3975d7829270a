/**
 * A run's live side: the showcase arena, the stream server and the run control, started with the
 * run when it is served (`coevo run --serve`) and fed after every generation. A run of one
 * population shows its elites (or its champion, or one elite by rank); where populations meet,
 * each role is played by the champion of its first population.
 */
import { basename, relative } from 'node:path';
import { rankByFitness } from '../../agents/evolution/operators.ts';
import type { Engine } from '../evaluation/engine.ts';
import type { PopulationOutcome } from '../run/generation.ts';
import type { RunPlan } from '../run/populations.ts';
import type { GenerationRow } from '../run/run-dir.ts';
import { RunControl } from '../run/control.ts';
import { RunDir } from '../run/run-dir.ts';
import { ShowcaseDrive } from './drive.ts';
import { Showcase, type RoleShow } from './showcase.ts';
import { SHOWCASE, StreamServer, type StreamOptions } from './stream-server.ts';

export interface Live {
  control: RunControl;
  server: StreamServer;
  port: number;
  /** The newest checkpoint, shown to viewers relative to the run directory. */
  setCheckpoint(path: string | null): void;
  afterGeneration(row: GenerationRow, populations: PopulationOutcome[]): void;
  /** A schedule changed the world from `generation` on: every client hears it. */
  worldChanged(generation: number, change: Record<string, unknown>): void;
  /** The plan now holds another world (a change, or a resume past one): the showcase replays it from its next episode. */
  showWorld(): void;
  close(): Promise<void>;
}

/** Starts the server and the showcase's clock. */
export async function startLive(engine: Engine, plan: RunPlan, options: StreamOptions, runDir: string, seed: number, firstGeneration: number): Promise<Live> {
  const { scenario, populations } = plan;
  const showcase = new Showcase(engine, scenario, seed);
  const control = new RunControl();
  let generation = firstGeneration;
  let lastCheckpoint: string | null = null;
  /** A run of one population: its networks ranked by fitness, best first. */
  let ranked: Float32Array[] = [];
  // A team world shows its champion's clones (or each slot's champion); others their elites.
  let showing: string | number = plan.meet || scenario.spec.team ? 'champion' : 'elites';
  const main = populations[0];
  const slots = scenario.spec.roles[0].slots;
  /** The genomes shown for `value`, with their ranks. */
  const pick = (value: string | number): RoleShow => {
    const ranks = value === 'elites' ? Array.from({ length: Math.min(slots, ranked.length) }, (_, i) => i) : value === 'champion' ? [0].slice(0, ranked.length) : [Number(value)];
    if (value === 'elites' || value === 'champion') return { shape: main.shape, genomes: ranks.map((r) => ranked[r]), ranks };
    const rank = Number(value);
    if (!Number.isInteger(rank) || rank < 0 || rank >= ranked.length) {
      throw new Error(`showcase: "${value}" is not "elites", "champion" or an elite rank from 0 to ${ranked.length - 1}`);
    }
    return { shape: main.shape, genomes: [ranked[rank]], ranks };
  };
  const setShowcase = (value: string | number): string => {
    if (plan.meet) {
      if (value !== 'champion' && value !== 'elites') throw new Error(`showcase: a co-evolution run shows its champions ("champion" or "elites"), not "${value}"`);
      return 'champion';
    }
    if (ranked.length) showcase.show([pick(value)]);
    else if (value !== 'elites') pick(value); // validates even before the first generation
    showing = value;
    return String(value);
  };
  const drive = new ShowcaseDrive(showcase, runDir);
  const server = new StreamServer(options, {
    runId: basename(runDir),
    runDir,
    scene: { describe: () => plan.scenario.describe(), populations: plan.meet ? scenario.spec.roles.map((r) => r.name) : ['main'] },
    control,
    showcase,
    status: () => ({ generation, paused: control.isPaused, lastCheckpoint, showcase: showing }),
    // A resumed run's rows before the generation it resumes at (later ones are cut on resume).
    history: new RunDir(runDir).readMetrics().filter((row) => row.generation < firstGeneration),
    setShowcase,
    drive,
  });
  showcase.onScenario = (changed) => server.setScene(changed.describe());
  const port = await server.listen();
  showcase.start();
  return {
    control,
    server,
    port,
    setCheckpoint: (path) => {
      lastCheckpoint = path === null ? null : relative(runDir, path);
    },
    worldChanged(at, change) {
      server.publishChange(SHOWCASE, at, change);
    },
    showWorld() {
      showcase.setScenario(plan.scenario);
    },
    afterGeneration(row, outcomes) {
      generation = row.generation + 1;
      if (plan.cooperative) {
        // A team of each slot's champion, in slot order.
        showcase.show([{ shape: populations[0].shape, genomes: populations.map((p) => outcomes[p.index].phenotypes[outcomes[p.index].best]) }]);
      } else if (plan.meet) {
        const shows = scenario.spec.roles.map((_, r): RoleShow | null => {
          const p = populations.find((q) => q.role === r);
          if (!p) return null;
          const o = outcomes[p.index];
          return { shape: p.shape, genomes: [o.phenotypes[o.best]] };
        });
        showcase.show(shows);
      } else {
        const [o] = outcomes;
        ranked = rankByFitness(o.fitness).map((i) => o.phenotypes[i]);
        showcase.show([pick(typeof showing === 'number' && showing >= ranked.length ? 'elites' : showing)]);
      }
      server.publishGeneration(row);
    },
    async close() {
      drive.end();
      showcase.stop();
      await server.close();
    },
  };
}
