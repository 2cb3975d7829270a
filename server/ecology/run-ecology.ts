/**
 * An ecology run (`coevo run --scenario ecology`): one persistent world, window after window,
 * with no generations. Each window every region is stepped (main thread or shards), the outcomes
 * are applied on the main thread in region order (migration, food, death, birth), and every
 * `learnEvery` simulated seconds a round of neighbour imitation follows. A metrics row is written
 * every `reportSeconds`, a checkpoint every `checkpointEvery` rows and at a clean stop.
 */
import { initGenome, parameterCount } from '../../agents/mlp.ts';
import { deriveSeed, Rng } from '../../agents/rng.ts';
import { controlSeconds } from '../../worlds/ecology/options.ts';
import { baseWorld, changeBetween, merge, worldAt } from '../config/schedule.ts';
import { EcologyWorld, type WorldEvent } from '../../worlds/ecology/world.ts';
import type { Config } from '../config/schema.ts';
import { setupEngine } from '../evaluation/engine.ts';
import { createEvaluator, type EvaluatorFactory } from '../evaluation/evaluator.ts';
import { findCheckpoint, listCheckpoints, writeCheckpointFolder } from '../run/checkpoint.ts';
import { healthFields, stopOnSignals } from '../run/health.ts';
import { RunDir } from '../run/run-dir.ts';
import { CoevoError } from '../errors.ts';
import { SEED_STREAMS } from '../seed-streams.ts';
import { imitationRound } from './imitate.ts';
import { windowMotion } from '../stream/world-motion.ts';
import { ecologyLine, ecologyRow, emptyTiming } from './metrics.ts';
import { type EcologyProgress, openEcologyState, restoreEcology, sealEcologyState } from './state.ts';
import { ecologyShape } from './step-regions.ts';
import { type EcologyLive, startEcologyLive } from '../stream/live-ecology.ts';
import type { StreamOptions } from '../stream/stream-server.ts';
import type { Pick } from '../../worlds/ecology/neighbours.ts';

export interface EcologyRunOptions {
  config: Config;
  runDir: string;
  resume: boolean;
  log?: (line: string) => void;
  onReport?: (row: Record<string, unknown>) => void;
  /** Every window's events (ate, born, died) and imitations, for the live stream. */
  onWindow?: (world: EcologyWorld, events: WorldEvent[]) => void;
  signal?: AbortSignal;
  evaluator?: EvaluatorFactory;
  /** Serve the live world (coevo run --serve). */
  serve?: StreamOptions;
  onServing?: (live: EcologyLive) => void;
}

export interface EcologySummary {
  reports: number;
  simSeconds: number;
  stoppedEarly: boolean;
  lastCheckpoint: string | null;
}

/** A world as the config starts it (before restoring a checkpoint into it). */
export function createEcologyWorld(config: Config): EcologyWorld {
  const shape = ecologyShape(config);
  const init = new Rng(deriveSeed(config.seed, SEED_STREAMS.init));
  return new EcologyWorld(
    config.worlds.ecology,
    { rate: config.evolution.mutationRate, std: config.evolution.mutationStd },
    () => initGenome(shape, init),
    parameterCount(shape),
    new Rng(deriveSeed(config.seed, SEED_STREAMS.life)),
    new Rng(deriveSeed(config.seed, SEED_STREAMS.food)),
    new Rng(deriveSeed(config.seed, SEED_STREAMS.food, 1)),
  );
}

export async function runEcology(options: EcologyRunOptions): Promise<EcologySummary> {
  const { config } = options;
  const o = config.worlds.ecology;
  const log = options.log ?? (() => {});
  const runDir = new RunDir(options.runDir);
  const stored = options.resume && listCheckpoints(runDir.path).length > 0 ? openEcologyState(findCheckpoint(runDir.path)) : null;
  if (stored && stored.progress.runSeed !== config.seed) {
    throw new CoevoError('BAD_CHECKPOINT', `the newest checkpoint of ${runDir.path} does not match its config: its run seed is ${stored.progress.runSeed}, the config's seed is ${config.seed}`);
  }
  if (!options.resume) runDir.ensureFree();
  const engine = await setupEngine(config);
  const world = createEcologyWorld(config);
  let progress: EcologyProgress = { report: 0, learnRound: 0, learnRng: new Rng(deriveSeed(config.seed, SEED_STREAMS.neighbours)).state(), imitations: 0, imitationDistance: 0, runSeed: config.seed };
  if (stored) progress = restoreEcology(world, stored);
  else world.populate();
  const learnRng = Rng.fromState(progress.learnRng);
  const shape = ecologyShape(config);
  const stop = stopOnSignals(options.signal);
  const evaluator = await (options.evaluator ?? createEvaluator)(config, engine, log);
  let lastCheckpoint: string | null = null;
  let savedAtStep = stored ? world.step : -1;
  let live: EcologyLive | null = null;
  const save = (): string => {
    progress.learnRng = learnRng.state();
    const path = writeCheckpointFolder(runDir.path, progress.report, sealEcologyState(world, progress), {}, config.keepCheckpoints);
    lastCheckpoint = path;
    savedAtStep = world.step;
    live?.setCheckpoint(path);
    return path;
  };
  try {
    if (options.serve) {
      live = await startEcologyLive(o, world.obstacles, options.serve, runDir.path);
      live.control.stopRequested = stop.requested;
      live.afterWindow(world, [], [], null);
      options.onServing?.(live);
    }
    if (options.resume) {
      runDir.truncateMetrics(progress.report, 'report');
      log(stored ? `resuming ${runDir.path} at ${world.time.toFixed(1)} simulated seconds (report ${progress.report})` : `no checkpoint in ${runDir.path} yet: starting the world over`);
    } else {
      runDir.create(config);
    }
    const windowSeconds = o.exchangeSteps * controlSeconds(o);
    const threads = Math.max(1, Math.min(config.workers, world.regionCount));
    let timing = emptyTiming();
    // The schedule's world as the previous window saw it (on resume too), so a change is recorded once, where it takes effect.
    let settings = worldAt(config, Math.max(0, world.time - windowSeconds) + 1e-9);
    if (world.time === 0) settings = baseWorld(config);
    world.setSettings(settings.worlds.ecology, settings.physics.gravity);
    let pendingChange: Record<string, unknown> | null = null;
    const done = () => o.runSeconds !== null && world.time >= o.runSeconds - 1e-9;
    while (!done()) {
      if (live) await live.control.beforeGeneration(save);
      if (stop.requested()) break;
      const started = performance.now();
      const next = worldAt(config, world.time + 1e-9);
      const change = changeBetween(settings, next);
      if (change) {
        world.setSettings(next.worlds.ecology, next.physics.gravity);
        settings = next;
        pendingChange = merge(pendingChange ?? {}, change);
        live?.server.publishChange('world', world.step * o.actionRepeat, change);
      }
      const windows = world.windows(live !== null); // viewers get the paths through the window
      const agentSteps = world.agents.length * o.exchangeSteps * o.actionRepeat;
      const planned = performance.now();
      // A window that fails (SHARD_FAILED) has changed nothing: save the world as it is, then stop.
      const outcomes = await evaluator.stepRegions(windows).catch((error) => {
        save();
        throw error;
      });
      const stepped = performance.now();
      const events = world.apply(windows, outcomes);
      timing.exchangeSeconds += (planned - started + performance.now() - stepped) / 1000;
      timing.regionSeconds += (stepped - planned) / 1000;
      for (const out of outcomes) {
        timing.physicsSeconds += out.physicsSeconds;
        timing.inferenceSeconds += out.inferenceSeconds;
        timing.taskSeconds += out.taskSeconds;
      }
      timing.agentSteps += agentSteps;
      timing.simSeconds += windowSeconds;
      let picks: Pick[] = [];
      if (world.time + 1e-9 >= (progress.learnRound + 1) * o.learnEvery) {
        const learnStarted = performance.now();
        const round = await imitationRound(world, shape, evaluator, learnRng, config.seed);
        picks = round.picks;
        progress.reverted = (progress.reverted ?? 0) + round.reverted;
        progress.learnRound = Math.floor(world.time / o.learnEvery + 1e-9);
        progress.imitations += picks.length;
        progress.imitationDistance += picks.reduce((s, p) => s + p.distance, 0);
        timing.learnSeconds += (performance.now() - learnStarted) / 1000;
      }
      timing.seconds += (performance.now() - started) / 1000;
      options.onWindow?.(world, events);
      live?.afterWindow(world, events, picks, windowMotion(windows, outcomes));
      if (world.time + 1e-9 >= (progress.report + 1) * o.reportSeconds) {
        const row = ecologyRow({
          report: progress.report,
          world,
          counters: world.takeCounters(),
          ledger: world.ledger,
          imitations: progress.imitations,
          imitationDistance: progress.imitationDistance,
          reverted: o.keepCopy === 'critical' ? (progress.reverted ?? 0) : null,
          timing,
          threads,
          health: healthFields(evaluator.takeReport()),
        });
        if (pendingChange) row.change = pendingChange;
        pendingChange = null;
        world.ledger = { food: 0, spent: 0, dead: 0, seeded: 0 };
        progress.imitations = 0;
        progress.imitationDistance = 0;
        progress.reverted = 0;
        timing = emptyTiming();
        runDir.appendMetrics(row as never);
        log(ecologyLine(row));
        options.onReport?.(row);
        live?.afterReport(row);
        progress.report++;
        if (progress.report % config.checkpointEvery === 0) save();
      }
      await new Promise((resolve) => setImmediate(resolve)); // let signal handlers run
    }
    if (savedAtStep !== world.step) save();
  } finally {
    stop.dispose();
    await evaluator.close();
    await live?.close();
  }
  return { reports: progress.report, simSeconds: world.time, stoppedEarly: stop.requested(), lastCheckpoint };
}
