/**
 * A co-evolution run (sumo, pursuit): several populations, each with its own genetic algorithm,
 * evaluated together each generation in matches planned by matchmaking.ts; their champions enter
 * each population's hall of fame and are saved under RUN/champions/; every `ciaoEvery`
 * generations, and at the end, a progress report (CIAO matrices, champion ratings) is written.
 */
import { existsSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { GeneticAlgorithm } from '../../agents/evolution/ga.ts';
import { initGenome } from '../../agents/mlp.ts';
import { POLICY_FORMAT, POLICY_VERSION, loadPolicy, savePolicy, type PolicyHeader } from '../../agents/policy-file.ts';
import { deriveSeed } from '../../agents/rng.ts';
import { argmax, max, mean, median } from '../../agents/stats.ts';
import { checkpointName, findCheckpoint, writeCheckpointFolder, type Champion } from './checkpoint.ts';
import type { Config } from '../config/schema.ts';
import { createEvaluator } from '../evaluation/evaluator.ts';
import type { MatchResult, Team } from '../evaluation/match-task.ts';
import { RunDir, type GenerationRow } from './run-dir.ts';
import { healthFields, round, stopOnSignals } from './health.ts';
import type { RunOptions, RunSummary } from './run.ts';
import { setupEngine } from '../evaluation/engine.ts';
import { measureProgress } from '../reports/ciao.ts';
import { HallOfFame, type HallOfFameEntry } from './hall-of-fame.ts';
import { planMatches } from '../evaluation/matchmaking.ts';
import { planCoevolution, type Population } from './populations.ts';
import { writeProgress } from '../reports/progress-files.ts';
import { startMatchLive } from '../stream/live.ts';
import { encodeCoevolutionState, readCoevolutionState } from './coevolution-state.ts';
import { imitate, recordDemonstrations } from '../imitation/coevolution-imitation.ts';

/** Salt of the stream that creates each first population. */
const INIT_STREAM = 0x696e6974;

export async function runCoevolution(options: RunOptions): Promise<RunSummary> {
  const { config } = options;
  const log = options.log ?? (() => {});
  const runDir = new RunDir(options.runDir);
  const { world, scenario, populations } = planCoevolution(config);
  const engine = await setupEngine(config);
  const resumed = options.resume ? readCoevolutionState(findCheckpoint(runDir.path)) : null;
  let generation = resumed?.generation ?? 0;
  const algorithms = populations.map((p) => {
    const saved = resumed?.populations.find((s) => s.name === p.name);
    if (resumed && !saved) throw new Error(`checkpoint has no population "${p.name}"`);
    if (saved) return GeneticAlgorithm.restore(p.ga, saved.algorithm);
    return GeneticAlgorithm.create(p.ga, deriveSeed(config.seed, INIT_STREAM, p.index), (rng) => initGenome(p.shape, rng));
  });
  const { hallOfFameSize, hallOfFameFraction } = config.coevolution;
  const halls = populations.map((p) => new HallOfFame(hallOfFameSize, resumed?.populations.find((s) => s.name === p.name)?.hallOfFame));
  // Started before anything is written, so a port in use refuses the run and leaves the folder as it was.
  const live = options.serve ? await startMatchLive(engine, scenario, populations, options.serve, basename(runDir.path), config.seed, generation) : null;
  if (resumed) {
    runDir.truncateMetrics(generation);
    log(`resuming ${runDir.path} at generation ${generation}`);
  } else {
    runDir.create(config);
  }
  const champions = populations.map((p) => loadChampions(runDir.path, p.name, generation));
  const demos = populations.map((p) => (p.imitation.learnFraction > 0 ? recordDemonstrations(engine, scenario, p, config.seed) : null));
  const evaluator = await Promise.resolve()
    .then(() => (options.evaluator ?? createEvaluator)(config, engine, log))
    .catch(async (error: unknown) => {
      await live?.close();
      throw error;
    });
  const stop = stopOnSignals(options.signal);
  if (live) {
    live.control.stopRequested = stop.requested;
    options.onServing?.(live);
  }
  let lastCheckpoint: string | null = null;
  let checkpointedAt = generation;
  let reportedAt = generation;
  const save = () => {
    const state = encodeCoevolutionState({
      generation,
      runSeed: config.seed,
      populations: populations.map((p, i) => ({ name: p.name, algorithm: algorithms[i].snapshot(), hallOfFame: [...halls[i].entries] })),
    });
    const latest: Record<string, Champion> = {};
    populations.forEach((p) => {
      const last = champions[p.index].at(-1);
      if (last)
        latest[`champion-${p.name}`] = { header: championHeader(config, p, scenario.spec.roles[p.role].name, last.generation, NaN), genome: last.genome };
    });
    lastCheckpoint = writeCheckpointFolder(runDir.path, generation, state, latest, config.keepCheckpoints);
    checkpointedAt = generation;
    live?.setCheckpoint(lastCheckpoint);
    return lastCheckpoint;
  };
  const report = async () => {
    const progress = await measureProgress({
      evaluator,
      world,
      scenario,
      populations,
      champions,
      runSeed: config.seed,
      episodes: config.coevolution.ciaoEpisodes,
      maxGenerations: config.coevolution.ciaoMaxGenerations,
    });
    const dir = writeProgress(runDir.path, generation, progress);
    reportedAt = generation;
    log(`progress report (CIAO, champion ratings) in ${dir}`);
  };
  try {
    while (config.generations === null || generation < config.generations) {
      if (live) await live.control.beforeGeneration(save);
      if (stop.requested()) break;
      const started = performance.now();
      const genomes = algorithms.map((a) => a.ask());
      const learnStarted = performance.now();
      const imitation = populations.map((p) => {
        const d = demos[p.index];
        return d && p.imitation.learnFraction > 0 ? imitate(engine, p, genomes[p.index], d, config.seed, generation) : null;
      });
      const learnSeconds = (performance.now() - learnStarted) / 1000;
      const plan = planMatches(
        config.seed,
        generation,
        scenario.spec,
        populations,
        halls.map((h) => h.entries.length),
        hallOfFameFraction,
        config.coevolution.matchesPerMember,
      );
      const teams: Team[] = [
        ...populations.map((p): Team => ({ kind: 'mlp', shape: p.shape, genomes: genomes[p.index] })),
        ...populations.map((p): Team => ({ kind: 'mlp', shape: p.shape, genomes: halls[p.index].entries.map((e) => e.genome) })),
      ];
      let results: MatchResult[];
      try {
        results = await evaluator.play({ world, teams, tasks: plan.tasks });
      } catch (error) {
        save(); // the populations are as they were when this generation began
        throw error;
      }
      const fitness = populations.map((p) => new Float64Array(p.ga.populationSize));
      const score = populations.map((p) => new Float64Array(p.ga.populationSize));
      const totals = { agentSteps: 0, nonFiniteActions: 0, nonFiniteObservations: 0 };
      for (const result of results) {
        const { population, member } = plan.focal[result.index];
        const role = populations[population].role;
        const episodes = config.coevolution.matchesPerMember;
        fitness[population][member] += result.fitness[role][0] / episodes;
        score[population][member] += scenario.score(result.outcome, role) / episodes;
        totals.agentSteps += result.agentSteps;
        totals.nonFiniteActions += result.nonFiniteActions;
        totals.nonFiniteObservations += result.nonFiniteObservations;
      }
      const rowPopulations: Record<string, unknown> = {};
      populations.forEach((p) => {
        const best = argmax(fitness[p.index]);
        const entry = { generation, genome: genomes[p.index][best].slice() };
        champions[p.index].push(entry);
        savePolicy(
          championPath(runDir.path, p.name, generation),
          championHeader(config, p, scenario.spec.roles[p.role].name, generation, fitness[p.index][best]),
          entry.genome,
        );
        halls[p.index].add(entry);
        rowPopulations[p.name] = {
          fitness: { best: max(fitness[p.index]), mean: mean(fitness[p.index]), median: median(fitness[p.index]) },
          score: { best: max(score[p.index]), mean: mean(score[p.index]) },
          hallOfFame: halls[p.index].entries.length,
          ...(imitation[p.index] ? { imitation: imitation[p.index] } : {}),
        };
      });
      algorithms.forEach((a, i) => a.tell(fitness[i]));
      const seconds = (performance.now() - started) / 1000;
      const row: GenerationRow = {
        generation,
        populations: rowPopulations,
        matches: plan.tasks.length,
        ...totals,
        seconds: round(seconds, 4),
        agentStepsPerSec: Math.round(totals.agentSteps / seconds),
        ...(demos.some((d) => d) ? { learnSeconds: round(learnSeconds, 4) } : {}),
        ...healthFields(evaluator.takeReport()),
      };
      runDir.appendMetrics(row);
      log(progressLine(row, config.generations, seconds));
      options.onGeneration?.(row);
      live?.afterGeneration(
        row,
        populations.map((p) => champions[p.index].at(-1)!.genome),
      );
      generation++;
      if (generation % config.checkpointEvery === 0) save();
      if (generation % config.coevolution.ciaoEvery === 0) await report();
      await new Promise((resolve) => setImmediate(resolve));
    }
    if (checkpointedAt !== generation) save();
    if (reportedAt !== generation && generation > 0) await report();
  } finally {
    stop.dispose();
    await live?.close();
    await evaluator.close();
  }
  return { generationsCompleted: generation, stoppedEarly: stop.requested(), lastCheckpoint };
}

function progressLine(row: GenerationRow, total: number | null, seconds: number): string {
  const gen = total === null ? `gen ${row.generation + 1}` : `gen ${row.generation + 1}/${total}`;
  const parts = Object.entries(row.populations as Record<string, { fitness: { best: number; mean: number }; score: { mean: number } }>).map(
    ([name, p]) => `${name}: best ${p.fitness.best.toFixed(2)} mean ${p.fitness.mean.toFixed(2)} score ${p.score.mean.toFixed(2)}`,
  );
  return [gen.padEnd(12), ...parts, `${seconds.toFixed(1)} s`].join('  ');
}

export function championPath(runDir: string, population: string, generation: number): string {
  return join(runDir, 'champions', population, checkpointName(generation));
}

function championHeader(config: Config, p: Population, roleName: string, generation: number, fitness: number): PolicyHeader {
  return {
    format: POLICY_FORMAT,
    version: POLICY_VERSION,
    scenario: config.scenario,
    role: roleName,
    observationSize: p.shape.inputSize,
    actionSize: p.shape.outputSize,
    hiddenSizes: p.shape.hiddenSizes,
    activation: p.shape.activation,
    origin: { runSeed: config.seed, generation, ...(Number.isFinite(fitness) ? { fitness } : {}) },
  };
}

/** Champions saved by earlier generations of a resumed run. */
function loadChampions(runDir: string, population: string, before: number): HallOfFameEntry[] {
  const dir = join(runDir, 'champions', population);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .map((name) => /^gen-(\d+)$/.exec(name))
    .filter((m): m is RegExpExecArray => m !== null && Number(m[1]) < before)
    .map((m) => ({ generation: Number(m[1]), genome: loadPolicy(join(dir, m[0])).genome }))
    .sort((a, b) => a.generation - b.generation);
}
