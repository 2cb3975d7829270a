/**
 * A shard's work: play a set of arena tasks in lockstep with each agent's own genome, and
 * report per-agent fitness. Runs the same on the main thread or in a worker.
 */
import { mlpController } from '../agents/mlp-controller.ts';
import type { MlpShape } from '../agents/mlp.ts';
import type { Rapier } from '../worlds/rapier.ts';
import { rollout } from '../worlds/rollout.ts';
import type { Scenario } from '../worlds/scenario.ts';
import type { ArenaResult, ArenaTask } from './generation-plan.ts';

export function evaluateArenas(
  rapier: Rapier, scenario: Scenario, shape: MlpShape, tasks: ArenaTask[], genomes: Float32Array[],
): ArenaResult[] {
  const arenas = tasks.map((task) => scenario.createArena(rapier, task.seed));
  try {
    const genomeOfAgent = tasks.flatMap((task) => Array.from(task.genomes, (g) => genomes[g]));
    const controller = mlpController(shape, genomeOfAgent);
    const stats = rollout(arenas, scenario.spec, controller);
    return tasks.map((task, i) => ({
      index: task.index,
      fitness: arenas[i].fitness.slice(),
      eaten: arenas[i].eaten.slice(),
      // Agent-steps are counted in physics steps, the unit the benchmarks compare with raw Rapier.
      agentSteps: stats[i].agentSteps * scenario.spec.actionRepeat,
      nonFiniteActions: stats[i].nonFiniteActions,
      nonFiniteObservations: stats[i].nonFiniteObservations,
    }));
  } finally {
    for (const arena of arenas) arena.dispose();
  }
}
