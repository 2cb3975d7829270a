/**
 * A run, of one population or of several that meet: generations of learn -> play -> select ->
 * breed (generation.ts), with a metrics row per generation, checkpoints every `checkpointEvery`
 * generations and at a clean stop (SIGINT, SIGTERM, or a viewer's control), and where populations
 * meet, every `coevolution.ciaoEvery` generations a progress report (CIAO, champion ratings).
 *
 * Everything that can refuse (the config against a checkpoint, a folder in use, a demonstration
 * file) is checked before anything is written or any port is opened, and whatever was opened is
 * closed on any error.
 */
import { writeFileAtomic } from '../atomic-file.ts';
import { parameterCount } from '../../agents/mlp.ts';
import { savePolicy } from '../../agents/policy-file.ts';
import { isScoringMethod, type Config } from '../config/schema.ts';
import { setupEngine, type Engine } from '../evaluation/engine.ts';
import { saveReplay, type ChampionMatch } from '../replays/record-replay.ts';
import { basename, join } from 'node:path';
import { createEvaluator, type EvaluatorFactory } from '../evaluation/evaluator.ts';
import { Imitation } from '../imitation/imitation.ts';
import { measureProgress } from '../reports/ciao.ts';
import { writeProgress } from '../reports/progress-files.ts';
import { startLive, type Live } from '../stream/live.ts';
import type { StreamOptions } from '../stream/stream-server.ts';
import { archiveOf, centreOf, createAlgorithm, restoreAlgorithm } from './algorithms.ts';
import { archivePicture } from '../reports/archive-picture.ts';
import { findCheckpoint, listCheckpoints, writeCheckpointFolder, type Champion } from './checkpoint.ts';
import { championHeader, championPath, checkpointChampion, loadChampions } from './champions.ts';
import { CoevoError } from '../errors.ts';
import { playGeneration, type GenerationOutcome, type RunParts } from './generation.ts';
import { measureSpecialisation } from '../reports/specialisation.ts';
import { HallOfFame } from './hall-of-fame.ts';
import { stopOnSignals } from './health.ts';
import { metricsRow, progressLine } from './metrics.ts';
import { planRun, setWorld, type RunPlan } from './populations.ts';
import { baseWorld, changeBetween, worldAt } from '../config/schedule.ts';
import { RunDir, type GenerationRow } from './run-dir.ts';
import { encodeRunState, readRunState, type RunState } from './state.ts';
import { readTransferSource, seedFromSource } from './transfer.ts';

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
  onServing?: (live: Live) => void;
  /** Replaces the evaluator the config would choose: `coevo run --redis` gives a RedisEvaluator, tests wrap one to inject faults. */
  evaluator?: EvaluatorFactory;
}

export interface RunSummary {
  generationsCompleted: number;
  stoppedEarly: boolean;
  lastCheckpoint: string | null;
}

export async function runExperiment(options: RunOptions): Promise<RunSummary> {
  const { config } = options;
  const log = options.log ?? (() => {});
  const runDir = new RunDir(options.runDir);
  const plan = planRun(config);
  const streamParts = (p: number) => (plan.meet ? [p] : []);
  // A run killed before its first checkpoint has nothing to continue from: --resume starts it over
  // from generation 0 with its own config.json, which gives exactly what the first start would have.
  const resumed = options.resume && listCheckpoints(runDir.path).length > 0 ? readRunState(findCheckpoint(runDir.path)) : null;
  if (resumed) checkResumable(resumed, config, plan, runDir.path);
  if (!options.resume) runDir.ensureFree();
  const engine = await setupEngine(config);
  // A population imitates when it has experts and learns (bc, dagger) or scores behaviour (fm, gail, gaifo).
  const anyImitates = plan.populations.some((p) => Object.keys(p.imitation.experts).length > 0 && (p.imitation.learnFraction > 0 || isScoringMethod(p.imitation.method)));
  // Built before anything is written, so a bad demonstration file stops the run at once.
  const imitations = plan.populations.map((p) =>
    anyImitates ? new Imitation({ engine, scenario: plan.scenario, population: p, runSeed: config.seed, streamParts: streamParts(p.index), runDir: runDir.path }) : null,
  );
  let generation = resumed?.generation ?? 0;
  const saved = (p: number) => resumed?.populations.find((s) => s.name === (plan.meet ? plan.populations[p].name : 'main'));
  plan.populations.forEach((p) => {
    const bytes = saved(p.index)?.imitation;
    if (bytes) imitations[p.index]?.restore(bytes);
  });
  const algorithms = plan.populations.map((p) => {
    const state = saved(p.index);
    return state ? restoreAlgorithm(p, state.algorithm) : createAlgorithm(p, config.seed, streamParts(p.index));
  });
  // Transfer: a new run's first generation partly from another run's genomes (read before anything is written).
  if (!resumed && config.init.from) {
    for (const p of plan.populations) seedFromSource(config, p, algorithms[p.index], readTransferSource(config.init.from, p.name), streamParts(p.index), { engine, scenario: plan.scenario });
  }
  const halls = plan.populations.map((p) => new HallOfFame(config.coevolution.hallOfFameSize, saved(p.index)?.hallOfFame));
  /** Each population's latest champion (the live view and the `rival` expert show it). */
  const champions = plan.populations.map((p) => (plan.meet ? loadChampions(runDir.path, p.name, generation).slice(-1) : []));
  /** A run of one population: its latest champion as a policy (kept from the checkpoint on resume). */
  let champion: Champion | null = resumed && !plan.meet ? checkpointChampion(findCheckpoint(runDir.path)) : null;

  const closers: (() => Promise<void>)[] = [];
  const stop = stopOnSignals(options.signal);
  let lastCheckpoint: string | null = null;
  try {
    const live = options.serve ? await startLive(engine, plan, options.serve, runDir.path, config.seed, generation) : null;
    if (live) closers.push(() => live.close());
    if (options.resume) {
      runDir.truncateMetrics(generation);
      log(resumed ? `resuming ${runDir.path} at generation ${generation}` : `no checkpoint in ${runDir.path} yet: starting the run over from generation 0`);
    } else {
      runDir.create(config);
    }
    const evaluator = await (options.evaluator ?? createEvaluator)(config, engine, log);
    closers.push(() => evaluator.close());
    if (live) {
      live.control.stopRequested = stop.requested;
      options.onServing?.(live);
    }
    const run: RunParts = { config, plan, evaluator, algorithms, halls, imitations, champions };
    let checkpointedAt = resumed ? generation : -1;
    let reportedAt = generation;
    const save = () => {
      lastCheckpoint = saveCheckpoint(run, runDir.path, generation, champion);
      checkpointedAt = generation;
      live?.setCheckpoint(lastCheckpoint);
      return lastCheckpoint;
    };
    const report = async () => {
      const progress = await measureProgress({
        evaluator,
        world: plan.ref,
        scenario: plan.scenario,
        populations: plan.populations,
        champions: plan.populations.map((p) => loadChampions(runDir.path, p.name, generation, config.coevolution.ciaoMaxGenerations)),
        runSeed: config.seed,
        episodes: config.coevolution.ciaoEpisodes,
      });
      const dir = writeProgress(runDir.path, generation, progress);
      reportedAt = generation;
      log(`progress report (CIAO, champion ratings) in ${dir}`);
    };
    let world = baseWorld(config);
    while (config.generations === null || generation < config.generations) {
      if (live) await live.control.beforeGeneration(save);
      if (stop.requested()) break;
      const started = performance.now();
      // The schedule's world for this generation; `change` is what differs from the one before.
      const next = worldAt(config, generation);
      const change = changeBetween(generation === 0 ? baseWorld(config) : worldAt(config, generation - 1), next);
      if (changeBetween(world, next)) {
        setWorld(plan, next);
        world = next;
        live?.showWorld();
      }
      if (change) live?.worldChanged(generation, change);
      const outcome = await playGeneration(run, generation, save);
      for (const p of plan.populations) {
        const o = outcome.populations[p.index];
        const entry = { generation, genome: o.phenotypes[o.best].slice() };
        champions[p.index] = [entry];
        if (!plan.meet) {
          champion = { header: championHeader(config.scenario, p, false, entry.genome, config.seed, generation, o.fitness[o.best]), genome: entry.genome };
          continue;
        }
        savePolicy(championPath(runDir.path, p.name, generation), championHeader(config.scenario, p, true, entry.genome, config.seed, generation, o.fitness[o.best]), entry.genome);
        halls[p.index].add(entry);
      }
      // Team worlds: how differently the champion team's slots behave (server/reports/specialisation.ts).
      const specialisation = plan.scenario.spec.team ? await teamSpecialisation(run, outcome, generation) : null;
      const seconds = (performance.now() - started) / 1000;
      const row = metricsRow(run, generation, outcome, seconds, evaluator.takeReport());
      if (specialisation !== null) row.specialisation = specialisation;
      if (change) row.change = change;
      runDir.appendMetrics(row);
      if (outcome.championMatch) keepReplay(engine, outcome.championMatch, run, runDir.path, generation, log);
      log(progressLine(row, config.generations, seconds));
      options.onGeneration?.(row);
      live?.afterGeneration(row, outcome.populations);
      generation++;
      if (generation % config.checkpointEvery === 0) save();
      if (plan.meet && !plan.cooperative && generation % config.coevolution.ciaoEvery === 0) await report();
      // Yield so that signal handlers run between generations.
      await new Promise((resolve) => setImmediate(resolve));
    }
    if (checkpointedAt !== generation) save();
    if (plan.meet && !plan.cooperative && reportedAt !== generation && generation > 0) await report();
  } finally {
    stop.dispose();
    for (const close of closers.reverse()) await close();
  }
  return { generationsCompleted: generation, stoppedEarly: stop.requested(), lastCheckpoint };
}

/** Episodes of the champion team that measure its slots' specialisation each generation. */
const SPECIALISATION_EPISODES = 4;

/** The champion team: in cooperative mode each slot's population's best, in homogeneous mode the best's clones. */
async function teamSpecialisation(run: RunParts, outcome: GenerationOutcome, generation: number): Promise<number> {
  const { plan, config, evaluator } = run;
  const slots = Array.from({ length: plan.scenario.spec.roles[0].slots }, (_, slot) => {
    const p = plan.populations[plan.cooperative ? slot : 0];
    const o = outcome.populations[p.index];
    return { shape: p.shape, genome: o.phenotypes[o.best] };
  });
  const measured = await measureSpecialisation({ evaluator, world: plan.ref, spec: plan.scenario.spec, slots, runSeed: config.seed, generation, episodes: SPECIALISATION_EPISODES });
  return Math.round(measured.value * 1e6) / 1e6;
}

/** The generation's replay (record-replay.ts); a replay that cannot be written is reported, and the run goes on. */
function keepReplay(engine: Engine, match: ChampionMatch, run: RunParts, runDir: string, generation: number, log: (line: string) => void): void {
  const names = run.plan.populations.map((p) => p.name);
  try {
    saveReplay(engine, match, runDir, { runId: basename(runDir), generation, teamNames: [...names, ...names.map((n) => `${n} (hall of fame)`)], currentTeams: names.length }, run.config.replays.keep);
  } catch (error) {
    log(`warning: the replay of generation ${generation} was not saved: ${(error as Error).message}`);
  }
}

function saveCheckpoint(run: RunParts, runDir: string, generation: number, champion: Champion | null): string {
  const { config, plan } = run;
  const state: RunState = {
    generation,
    runSeed: config.seed,
    single: !plan.meet,
    populations: plan.populations.map((p) => {
      const imitation = run.imitations[p.index];
      return {
        name: p.name,
        algorithm: run.algorithms[p.index].snapshot(),
        hallOfFame: [...run.halls[p.index].entries],
        ...(imitation ? { imitation: imitation.snapshot() } : {}),
      };
    }),
  };
  const policies: Record<string, Champion> = {};
  if (!plan.meet && champion) policies.champion = champion;
  if (plan.meet) {
    for (const p of plan.populations) {
      const last = run.champions[p.index].at(-1);
      if (last) policies[`champion-${p.name}`] = { header: championHeader(config.scenario, p, true, last.genome, config.seed, last.generation, Number.NaN), genome: last.genome };
    }
  }
  // A distribution's centre is its own estimate of the best network: saved beside the champion so that it can be played and rated.
  for (const p of plan.populations) {
    const centre = centreOf(run.algorithms[p.index]);
    if (centre) policies[plan.meet ? `centre-${p.name}` : 'centre'] = { header: championHeader(config.scenario, p, plan.meet, centre, config.seed, generation, Number.NaN), genome: centre };
  }
  const folder = writeCheckpointFolder(runDir, generation, encodeRunState(state), policies, config.keepCheckpoints);
  for (const p of plan.populations) {
    const archive = archiveOf(run.algorithms[p.index]);
    if (archive && p.descriptor) writeFileAtomic(join(runDir, `archive-${p.name}.svg`), archivePicture(archive, p.descriptor.features, `${p.name}, generation ${generation}`));
  }
  return folder;
}

/** A checkpoint must belong to this config: the same seed, kind of run, populations, sizes and algorithms. */
function checkResumable(state: RunState, config: Config, plan: RunPlan, runDir: string): void {
  const differences: string[] = [];
  if (state.runSeed !== config.seed) differences.push(`its run seed is ${state.runSeed}, the config's seed is ${config.seed}`);
  if (state.single === plan.meet) {
    differences.push(state.single ? 'it holds a run of one population, the config has populations that meet' : 'it holds populations that meet, the config a run of one population');
  } else {
    for (const p of plan.populations) {
      const saved = state.single ? state.populations[0] : state.populations.find((s) => s.name === p.name);
      const who = plan.meet ? `population "${p.name}"` : 'the population';
      if (!saved) {
        differences.push(`it has no population "${p.name}"`);
        continue;
      }
      const { population, kind } = saved.algorithm;
      if (population.length !== p.evolution.populationSize) differences.push(`${who} has ${population.length} genomes, the config's population size is ${p.evolution.populationSize}`);
      const length = population[0]?.length ?? 0;
      if (length !== parameterCount(p.shape)) differences.push(`${who}'s genomes have ${length} values, the config's network needs ${parameterCount(p.shape)}`);
      const { algorithm } = p.evolution;
      const expected = algorithm !== 'ga' ? algorithm : p.evolution.islands.count > 1 ? 'islands' : 'ga';
      const evolvedBy = kind === 'strategy' ? (saved.algorithm.strategy?.name ?? kind) : kind;
      if (evolvedBy !== expected) differences.push(`${who} was evolved by "${evolvedBy}", the config asks for "${expected}" (evolution.algorithm, evolution.islands.count)`);
    }
  }
  if (differences.length) {
    throw new CoevoError('BAD_CHECKPOINT', `the newest checkpoint of ${runDir} does not match its config: ${differences.join('; ')}`);
  }
}
