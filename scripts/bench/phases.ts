/**
 * Where a generation's wall time goes (docs/performance.md, "Phases"): the main thread's planning
 * and its wait for the shards, and inside the shards (summed over their tasks, from the phase
 * clocks they report with each task: worlds/phase-clock.ts) building arenas and policies, sensing,
 * inference, physics with scoring, and packing results. What the workers' time does not account
 * for (workers x the wait, minus their phases) is transfer, (de)serialisation and idle waiting for
 * the last task; the idle part is each worker's wait from its own last task's end to the end of the
 * last task of all (the shards stamp when they finish), and the rest is transfer.
 */
import type { Config } from '../../server/config/schema.ts';
import { setupEngine } from '../../server/evaluation/engine.ts';
import { createEvaluator } from '../../server/evaluation/evaluator.ts';
import { onePopulationPlan, planGeneration } from '../../server/evaluation/planner.ts';
import { planRun } from '../../server/run/populations.ts';
import { PHASES, zeroPhases, type PhaseTimes } from '../../worlds/phase-clock.ts';
import { randomGenomes } from './pipeline.ts';
import { median } from './timing.ts';

export interface PhaseFigure {
  name: 'phases';
  workers: number;
  generations: number;
  /** Milliseconds a generation, on average: the main thread's planning and wait, and the shards' phases (summed over shards). */
  planMs: number;
  waitMs: number;
  shards: PhaseTimes;
  /** workers x wait, minus the shards' phases: transfer, (de)serialisation, idle. */
  otherMs: number;
  /** The idle part of otherMs: summed over workers, the time from a worker's last task's end to the end of the generation's last task (absent in outputs from before 2026-12-03). */
  idleMs?: number;
  /** Arenas in every task (a fixed `worldgen.arenasPerShard`, so that tasks on 1 and N workers are the same work). */
  arenasPerTask: number;
  /** One task's busy time (its phases summed; every task is the same work): median, 90th percentile and largest, and how many tasks. */
  taskMs: { median: number; p90: number; max: number; tasks: number };
}

export async function measurePhases(config: Config, population: number, generations: number): Promise<PhaseFigure> {
  const arenasPerTask = config.worldgen.arenasPerShard;
  if (typeof arenasPerTask !== 'number') throw new Error('measurePhases: give worldgen.arenasPerShard a number, so that every task is the same work');
  const world = planRun(config);
  const genomes = randomGenomes(world, population);
  const evaluator = await createEvaluator(config, await setupEngine(config), () => {});
  const teams = [{ kind: 'mlp' as const, shape: world.populations[0].shape, genomes }];
  const play = (generation: number) => evaluator.play({ world: world.ref, teams, tasks: planGeneration(onePopulationPlan(world.scenario.spec, config.seed, generation, genomes.length)) });
  try {
    await play(0); // warm-up
    evaluator.takeReport();
    let planMs = 0;
    let waitMs = 0;
    let idleMs = 0;
    const shards = zeroPhases();
    const taskBusy: number[] = [];
    for (let g = 1; g <= generations; g++) {
      const started = performance.now();
      const tasks = planGeneration(onePopulationPlan(world.scenario.spec, config.seed, g, genomes.length));
      const planned = performance.now();
      await evaluator.play({ world: world.ref, teams, tasks });
      const done = performance.now();
      planMs += planned - started;
      waitMs += done - planned;
      const reports = evaluator.takeReport().shards;
      for (const health of reports) {
        for (const phase of PHASES) shards[phase] += health.phases?.[phase] ?? 0;
        taskBusy.push(PHASES.reduce((sum, phase) => sum + (health.phases?.[phase] ?? 0), 0));
      }
      idleMs += idleTail(reports, config.workers);
    }
    const per = (x: number) => x / generations;
    const perShards = Object.fromEntries(PHASES.map((p) => [p, per(shards[p])])) as unknown as PhaseTimes;
    const busy = PHASES.reduce((s, p) => s + perShards[p], 0);
    const threads = Math.max(1, config.workers);
    const sorted = taskBusy.sort((a, b) => a - b);
    const taskMs = { median: median(sorted), p90: sorted[Math.min(sorted.length - 1, Math.floor(0.9 * sorted.length))], max: sorted[sorted.length - 1], tasks: sorted.length };
    return {
      name: 'phases',
      workers: config.workers,
      generations,
      planMs: per(planMs),
      waitMs: per(waitMs),
      shards: perShards,
      otherMs: threads * per(waitMs) - busy,
      idleMs: per(idleMs),
      arenasPerTask,
      taskMs,
    };
  } finally {
    await evaluator.close();
  }
}

/**
 * Milliseconds the workers sat idle at the end of a generation, summed: for each, from the end of
 * its own last task to the end of the last task of all. A worker that did no task counts nothing
 * (its whole wait then shows as transfer), so the figure is a lower bound where tasks are few.
 */
export function idleTail(reports: { thread?: number; finishedAt?: number }[], workers: number): number {
  const last = new Map<number, number>();
  for (const r of reports) if (r.thread !== undefined && r.finishedAt !== undefined) last.set(r.thread, Math.max(last.get(r.thread) ?? 0, r.finishedAt));
  if (last.size < 2 || workers < 2) return 0;
  const end = Math.max(...last.values());
  return [...last.values()].reduce((sum, t) => sum + (end - t), 0);
}
