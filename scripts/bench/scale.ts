/**
 * Forage at scale (`scale_10000`): 10,000 agents (1,250 arenas of 8) on every core, whole
 * generations through the shard pool: agent-steps a second (median and range of the repeats), a
 * generation's wall time, and memory per agent on the main thread and in the shards (V8 heap, and
 * the shards' external memory: Rapier's and tfjs's WebAssembly, buffers), measured after the runs.
 */
import type { Config } from '../../server/config/schema.ts';
import { setupEngine } from '../../server/evaluation/engine.ts';
import { createEvaluator } from '../../server/evaluation/evaluator.ts';
import { onePopulationPlan, planGeneration } from '../../server/evaluation/planner.ts';
import { planRun } from '../../server/run/populations.ts';
import { randomGenomes } from './pipeline.ts';
import { MIN_REPEATS, rateStats } from './timing.ts';

export interface ScaleFigure {
  name: 'scale_10000';
  agents: number;
  workers: number;
  agentStepsPerSec: number;
  min: number;
  max: number;
  repeats: number;
  generationSeconds: number;
  /** Bytes per agent: the main thread's V8 heap; the shards' heaps and external memory, summed over the shards that answered last. */
  mainHeapBytesPerAgent: number;
  shardHeapBytesPerAgent: number;
  shardExternalBytesPerAgent: number;
}

export async function measureScale(config: Config, agents: number, repeats: number): Promise<ScaleFigure> {
  const world = planRun(config);
  const genomes = randomGenomes(world, agents);
  const evaluator = await createEvaluator(config, await setupEngine(config), () => {});
  const teams = [{ kind: 'mlp' as const, shape: world.populations[0].shape, genomes }];
  try {
    const rates: number[] = [];
    const seconds: number[] = [];
    for (let g = 0; g <= Math.max(MIN_REPEATS, repeats); g++) {
      const started = performance.now();
      const results = await evaluator.play({ world: world.ref, teams, tasks: planGeneration(onePopulationPlan(world.scenario.spec, config.seed, g, agents)) });
      const wall = (performance.now() - started) / 1000;
      if (g === 0) continue; // warm-up
      seconds.push(wall);
      rates.push(results.reduce((sum, r) => sum + r.agentSteps, 0) / wall);
    }
    // The shards' gauges from their last answers: one per task, so keep each worker's latest by taking the largest.
    const shards = evaluator.takeReport().shards;
    const stats = rateStats(rates);
    const workers = Math.max(1, config.workers);
    const top = (pick: (h: (typeof shards)[number]) => number) => Math.max(...shards.map(pick));
    return {
      name: 'scale_10000',
      agents,
      workers: config.workers,
      agentStepsPerSec: Math.round(stats.median),
      min: Math.round(stats.min),
      max: Math.round(stats.max),
      repeats: stats.repeats,
      generationSeconds: Math.round(1000 * rateStats(seconds).median) / 1000,
      mainHeapBytesPerAgent: Math.round(process.memoryUsage().heapUsed / agents),
      shardHeapBytesPerAgent: Math.round((workers * top((h) => h.heapUsedBytes)) / agents),
      shardExternalBytesPerAgent: Math.round((workers * top((h) => h.externalBytes)) / agents),
    };
  } finally {
    await evaluator.close();
  }
}
