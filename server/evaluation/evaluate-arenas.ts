/**
 * A shard's work: play a set of arena tasks in lockstep with each agent's own genome, and
 * report per-agent fitness. Runs the same on the main thread or in a worker. When asked, it also
 * records every `recordEvery`-th (observation, action) pair of every agent, and the scripted
 * expert's label for that observation, for imitation learning.
 */
import { parameterCount } from '../../agents/mlp.ts';
import { rollout } from '../../worlds/rollout.ts';
import type { ArenaResult, ArenaTask } from './generation-plan.ts';
import type { World } from './engine.ts';

export interface RecordOptions {
  /** Control steps between recorded pairs; 0 records nothing. */
  every: number;
  /** Also label each recorded observation with the scripted expert's action. */
  expertLabels: boolean;
}

/** Pairs recorded in one arena: agents x samples rows, agent by agent. */
export interface Recording {
  samples: number;
  observations: Float32Array;
  actions: Float32Array;
  /** The scripted expert's actions for the same observations (empty unless asked for). */
  labels: Float32Array;
}

export const NO_RECORDING: RecordOptions = { every: 0, expertLabels: false };

export function evaluateArenas(world: World, tasks: ArenaTask[], genomes: Float32Array[], record: RecordOptions = NO_RECORDING): ArenaResult[] {
  const { rapier, scenario } = world;
  const { spec } = scenario;
  const expected = parameterCount(world.shape);
  const wrong = genomes.findIndex((genome) => genome.length !== expected);
  if (wrong >= 0) throw new Error(`evaluateArenas: genome ${wrong} has ${genomes[wrong].length} values, the network needs ${expected}`);
  const arenas = tasks.map((task) => scenario.createArena(rapier, task.seed));
  const genomeOfAgent = tasks.flatMap((task) => Array.from(task.genomes, (g) => genomes[g]));
  const policy = world.policies(genomeOfAgent);
  const samples = record.every > 0 ? Math.ceil(spec.episodeSteps / record.every) : 0;
  const recordings = tasks.map((task): Recording => {
    const rows = task.genomes.length * samples;
    return {
      samples,
      observations: new Float32Array(rows * spec.observationSize),
      actions: new Float32Array(rows * spec.actionSize),
      labels: new Float32Array(record.expertLabels ? rows * spec.actionSize : 0),
    };
  });
  const labels = new Float32Array(genomeOfAgent.length * spec.actionSize);
  const afterStep = (step: number, observations: Float32Array, actions: Float32Array) => {
    if (step % record.every !== 0) return;
    const sample = step / record.every;
    if (record.expertLabels) scenario.expert(observations, genomeOfAgent.length, labels);
    let row = 0;
    tasks.forEach((task, i) => {
      for (let slot = 0; slot < task.genomes.length; slot++, row++) {
        const at = slot * samples + sample;
        const rec = recordings[i];
        rec.observations.set(observations.subarray(row * spec.observationSize, (row + 1) * spec.observationSize), at * spec.observationSize);
        rec.actions.set(actions.subarray(row * spec.actionSize, (row + 1) * spec.actionSize), at * spec.actionSize);
        if (record.expertLabels) rec.labels.set(labels.subarray(row * spec.actionSize, (row + 1) * spec.actionSize), at * spec.actionSize);
      }
    });
  };
  try {
    const stats = rollout(arenas, spec, policy.controller, samples > 0 ? { afterStep } : {});
    return tasks.map((task, i) => ({
      index: task.index,
      fitness: arenas[i].fitness.slice(),
      eaten: arenas[i].eaten.slice(),
      // Agent-steps are counted in physics steps, the unit the benchmarks compare with raw Rapier.
      agentSteps: stats[i].agentSteps * spec.actionRepeat,
      nonFiniteActions: stats[i].nonFiniteActions,
      nonFiniteObservations: stats[i].nonFiniteObservations,
      ...(samples > 0 ? { recording: recordings[i] } : {}),
    }));
  } finally {
    policy.dispose();
    for (const arena of arenas) arena.dispose();
  }
}
