/**
 * A run: generations of evaluate -> select -> breed, with a metrics row per generation and
 * checkpoints every `checkpointEvery` generations and at a clean stop (SIGINT, SIGTERM).
 */
import type { EvolutionAlgorithm } from '../../agents/evolution/algorithm.ts';
import { basename } from 'node:path';
import { GeneticAlgorithm } from '../../agents/evolution/ga.ts';
import { IslandModel } from '../../agents/evolution/islands.ts';
import { initGenome } from '../../agents/mlp.ts';
import { POLICY_FORMAT, POLICY_VERSION } from '../../agents/policy-file.ts';
import { deriveSeed, type Rng } from '../../agents/rng.ts';
import { argmax, max, mean, median } from '../../agents/stats.ts';
import { readCheckpoint, findCheckpoint, writeCheckpoint, type Champion, type CheckpointState } from './checkpoint.ts';
import type { Config } from '../config/schema.ts';
import { createEvaluator, type EvaluatorFactory, type EvaluatorReport } from '../evaluation/evaluator.ts';
import { recordGeneration } from '../imitation/generation-record.ts';
import { Imitation } from '../imitation/imitation.ts';
import { imitationMetrics, inherit, learn, recordOptions, type Learning } from '../imitation/learn.ts';
import { combineResults, planGeneration, type ArenaResult, type GenerationOutcome } from '../evaluation/generation-plan.ts';
import { progressLine } from './progress-line.ts';
import { healthFields, round, stopOnSignals } from './health.ts';
import { RunDir, type GenerationRow, type MetricsRow } from './run-dir.ts';
import { setupWorld, type World } from '../evaluation/engine.ts';
import { startLive, type LiveBase } from '../stream/live.ts';
import { runCoevolution } from './run-coevolution.ts';
import { CoevoError } from '../errors.ts';
import { isMatchScenario } from '../../worlds/registry.ts';
import type { StreamOptions } from '../stream/stream-server.ts';

export interface RunOptions {
  config: Config;
  runDir: string;
  /** Continue from the run directory's newest checkpoint instead of starting fresh. */
  resume: boolean;
  log?: (line: string) => void;
  /** Called with each generation's metrics row after it is written. */
  onGeneration?: (row: GenerationRow) => void;
  /** Aborting asks the run to stop after the current generation, like SIGINT. */
  signal?: AbortSignal;
  /** Serve the live view and the stream (coevo run --serve). */
  serve?: StreamOptions;
  /** Called once the server listens. */
  onServing?: (live: LiveBase) => void;
  /**
   * Replaces the evaluator the config would choose: `coevo run --redis` gives a RedisEvaluator,
   * tests wrap one to inject faults. Gets a World in single-role worlds, an Engine in match worlds.
   */
  evaluator?: EvaluatorFactory;
}

export interface RunSummary {
  generationsCompleted: number;
  stoppedEarly: boolean;
  lastCheckpoint: string | null;
}

/** Salt for the stream that creates the first population. */
const INIT_STREAM = 0x696e6974;

export async function runExperiment(options: RunOptions): Promise<RunSummary> {
  const { config } = options;
  if (isMatchScenario(config.scenario)) {
    if (Object.keys(config.imitation.experts).length > 0) {
      throw new CoevoError(
        'BAD_CONFIG',
        `imitation.experts: in co-evolution worlds (${config.scenario}) each population imitates its role's expert through populations.N.imitation (docs/coevolution.md)`,
      );
    }
    return runCoevolution(options);
  }
  const log = options.log ?? (() => {});
  const runDir = new RunDir(options.runDir);
  const world = await setupWorld(config);
  // Built before anything is written, so a bad demonstration file stops the run at once.
  const imitation = new Imitation(config, world);
  let algorithm: EvolutionAlgorithm;
  let generation = 0;
  // Everything that can refuse (a bad checkpoint, a folder in use, a port in use) runs before
  // anything is written, so a refused run leaves the folder as it was.
  const resumed = options.resume ? readCheckpoint(findCheckpoint(runDir.path)) : null;
  if (resumed) {
    algorithm = restoreAlgorithm(config, resumed);
    if (resumed.imitation) imitation.restore(resumed.imitation);
    generation = resumed.generation;
  } else {
    runDir.ensureFree();
    algorithm = createAlgorithm(config, world);
  }
  const live = options.serve ? await startLive(world, options.serve, basename(runDir.path), config.seed, generation) : null;
  if (resumed) {
    runDir.truncateMetrics(generation);
    log(`resuming ${runDir.path} at generation ${generation}`);
  } else {
    runDir.create(config);
  }

  const evaluator = await Promise.resolve()
    .then(() => (options.evaluator ?? createEvaluator)(config, world, log))
    .catch(async (error: unknown) => {
      await live?.close();
      throw error;
    });
  const stop = stopOnSignals(options.signal);
  if (live) {
    live.control.stopRequested = stop.requested;
    options.onServing?.(live);
  }
  let champion: Champion | null = null;
  let lastCheckpoint: string | null = null;
  let checkpointedAt = generation;
  const save = () => {
    const state = { generation, runSeed: config.seed, algorithm: algorithm.snapshot(), ...(imitation.active ? { imitation: imitation.snapshot() } : {}) };
    const path = writeCheckpoint(runDir.path, state, champion, config.keepCheckpoints);
    lastCheckpoint = path;
    checkpointedAt = generation;
    live?.setCheckpoint(path);
    return path;
  };
  try {
    while (config.generations === null || generation < config.generations) {
      if (live) await live.control.beforeGeneration(save);
      if (stop.requested()) break;
      const started = performance.now();
      const genomes = algorithm.ask();
      const { episodesPerGeneration, islands } = config.evolution;
      const tasks = planGeneration(config.seed, generation, genomes.length, world.scenario.spec.agentsPerArena, episodesPerGeneration, islands.count);
      let learning: Learning | null = null;
      let results: ArenaResult[];
      try {
        learning = imitation.active ? await learn(config, world, imitation, evaluator, generation, genomes, algorithm.lineage()) : null;
        results = await evaluator.evaluate(tasks, learning?.phenotypes ?? genomes, imitation.active ? recordOptions(config) : undefined);
      } catch (error) {
        // The population is as it was when this generation began: save it so nothing is lost.
        save();
        throw error;
      }
      const outcome = combineResults(tasks, results, genomes.length);
      const phenotypes = learning?.phenotypes ?? genomes;
      champion = championOf(world, config, generation, phenotypes, outcome);
      let imitationRow: Record<string, unknown> | undefined;
      if (learning) {
        const { spec } = world.scenario;
        const record = recordGeneration(tasks, results, outcome.fitness, spec.observationSize, spec.actionSize);
        imitation.ingest(generation, record, phenotypes, learning.plan.learners);
        imitationRow = imitationMetrics(learning, imitation.agreement(record, learning.plan.learners));
        inherit(config, learning, genomes);
      }
      algorithm.tell(outcome.fitness);
      const seconds = (performance.now() - started) / 1000;
      const row = metricsRow(generation, outcome, seconds, evaluator.takeReport());
      if (learning && imitationRow) Object.assign(row, { imitation: imitationRow, learnSeconds: round(learning.seconds, 4) });
      runDir.appendMetrics(row);
      log(progressLine(row, config.generations, seconds));
      options.onGeneration?.(row);
      live?.afterGeneration(row, phenotypes, outcome.fitness);
      generation++;
      if (generation % config.checkpointEvery === 0) save();
      // Yield so that signal handlers run between generations.
      await new Promise((resolve) => setImmediate(resolve));
    }
    if (checkpointedAt !== generation) save();
  } finally {
    stop.dispose();
    await live?.close();
    await evaluator.close();
  }
  return { generationsCompleted: generation, stoppedEarly: stop.requested(), lastCheckpoint };
}

function createAlgorithm(config: Config, world: World): EvolutionAlgorithm {
  const { islands } = config.evolution;
  const seed = deriveSeed(config.seed, INIT_STREAM);
  const init = (rng: Rng) => initGenome(world.shape, rng);
  return islands.count > 1 ? IslandModel.create(config.evolution, islands, seed, init) : GeneticAlgorithm.create(config.evolution, seed, init);
}

function restoreAlgorithm(config: Config, state: CheckpointState): EvolutionAlgorithm {
  const { islands } = config.evolution;
  return islands.count > 1 ? IslandModel.restore(config.evolution, islands, state.algorithm) : GeneticAlgorithm.restore(config.evolution, state.algorithm);
}

function championOf(world: World, config: Config, generation: number, genomes: Float32Array[], outcome: GenerationOutcome): Champion {
  const best = argmax(outcome.fitness);
  return {
    genome: genomes[best].slice(),
    header: {
      format: POLICY_FORMAT,
      version: POLICY_VERSION,
      scenario: world.scenario.spec.name,
      observationSize: world.shape.inputSize,
      actionSize: world.shape.outputSize,
      hiddenSizes: world.shape.hiddenSizes,
      activation: world.shape.activation,
      origin: { runSeed: config.seed, generation, fitness: outcome.fitness[best] },
    },
  };
}

function metricsRow(generation: number, outcome: GenerationOutcome, seconds: number, report: EvaluatorReport): MetricsRow & { agentStepsPerSec: number } {
  return {
    generation,
    fitness: { best: max(outcome.fitness), mean: mean(outcome.fitness), median: median(outcome.fitness) },
    eaten: { best: max(outcome.eaten), mean: mean(outcome.eaten) },
    agentSteps: outcome.agentSteps,
    nonFiniteActions: outcome.nonFiniteActions,
    nonFiniteObservations: outcome.nonFiniteObservations,
    seconds: round(seconds, 4),
    agentStepsPerSec: Math.round(outcome.agentSteps / seconds),
    ...healthFields(report),
  };
}
