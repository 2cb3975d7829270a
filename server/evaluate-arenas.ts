/**
 * A shard's work: play a set of arena tasks in lockstep with each agent's own genome, and
 * report per-agent fitness. Runs the same on the main thread or in a worker.
 */
import { parameterCount } from '../agents/mlp.ts';
import { rollout } from '../worlds/rollout.ts';
import type { ArenaResult, ArenaTask } from './generation-plan.ts';
import type { World } from './setup.ts';

export function evaluateArenas(world: World, tasks: ArenaTask[], genomes: Float32Array[]): ArenaResult[] {
  const { rapier, scenario } = world;
  const expected = parameterCount(world.shape);
  const wrong = genomes.findIndex((genome) => genome.length !== expected);
  if (wrong >= 0) throw new Error(`evaluateArenas: genome ${wrong} has ${genomes[wrong].length} values, the network needs ${expected}`);
  const arenas = tasks.map((task) => scenario.createArena(rapier, task.seed));
  const genomeOfAgent = tasks.flatMap((task) => Array.from(task.genomes, (g) => genomes[g]));
  const policy = world.policies(genomeOfAgent);
  try {
    const stats = rollout(arenas, scenario.spec, policy.controller);
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
    policy.dispose();
    for (const arena of arenas) arena.dispose();
  }
}
