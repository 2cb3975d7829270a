/**
 * The forage world measured three ways on the same arenas: Rapier stepping alone, the policy
 * forward pass alone, and the whole pipeline (sensors, batched inference, physics, rewards)
 * through the shard pool with a given number of workers. Each is a variant (timing.ts), set up
 * once, so that variants can be timed in turn.
 */
import { initGenome, parameterCount } from '../../agents/mlp.ts';
import { policyBatchFactory } from '../../agents/policy-batch.ts';
import { Rng } from '../../agents/rng.ts';
import type { Config } from '../../server/config/schema.ts';
import { setupEngine } from '../../server/evaluation/engine.ts';
import { createEvaluator, type Evaluator } from '../../server/evaluation/evaluator.ts';
import { onePopulationPlan, planGeneration } from '../../server/evaluation/planner.ts';
import { planRun, type RunPlan } from '../../server/run/populations.ts';
import type { Variant } from './timing.ts';

export function randomGenomes(world: RunPlan, count: number, seed = 1): Float32Array[] {
  const rng = new Rng(seed);
  return Array.from({ length: count }, () => initGenome(world.populations[0].shape, rng));
}

/** A variant and what frees it (worker pools, tensors). */
export interface BenchVariant extends Variant {
  close(): Promise<void> | void;
}

/** Physics agent-steps of `arenas` forage arenas under constant actions: no sensors, no policy. */
export async function rawPhysics(config: Config, arenas: number, key: string): Promise<BenchVariant> {
  const world = planRun(config);
  const { rapier } = await setupEngine(config);
  const { spec } = world.scenario;
  const { slots, actionSize } = spec.roles[0];
  const actions = new Float32Array(slots * actionSize).map((_, i) => (i % 2 ? 0.3 : -0.5));
  const run = () => {
    const batch = Array.from({ length: arenas }, (_, i) => world.scenario.createArena(rapier, 100 + i));
    let steps = 0;
    for (const arena of batch) arena.applyActions(0, actions);
    while (!batch[0].done) {
      for (const arena of batch) arena.step();
      steps += arenas * slots * spec.actionRepeat;
    }
    for (const arena of batch) arena.dispose();
    return steps;
  };
  return { key, run, close: () => {} };
}

/** The policy forward pass alone on `agents` agents, in agent-steps (one pass serves actionRepeat steps). */
export async function rawInference(config: Config, agents: number, key: string): Promise<BenchVariant> {
  const world = planRun(config);
  const engine = await setupEngine(config);
  const { spec } = world.scenario;
  const { observationSize, actionSize } = spec.roles[0];
  const policy = policyBatchFactory(engine.inference, world.populations[0].shape, engine.tf)(randomGenomes(world, agents));
  const rng = new Rng(5);
  const obs = new Float32Array(agents * observationSize).map(() => rng.uniform(-1, 1));
  const actions = new Float32Array(agents * actionSize);
  const run = () => {
    for (let i = 0; i < spec.episodeSteps; i++) policy.controller(obs, agents, actions);
    return spec.episodeSteps * agents * spec.actionRepeat;
  };
  return { key, run, close: () => policy.dispose() };
}

/** The full pipeline: whole generations of `population` agents through the evaluator (its pool stays up between repeats). */
export async function pipeline(config: Config, population: number, key: string): Promise<BenchVariant> {
  const world = planRun(config);
  const genomes = randomGenomes(world, population);
  if (genomes[0].length !== parameterCount(world.populations[0].shape)) throw new Error('bench: genome size mismatch');
  return generationVariant(
    createEvaluator(config, await setupEngine(config), () => {}),
    config,
    world,
    genomes,
    key,
  );
}

/** Whole generations of `genomes` through `evaluator` (closed with the variant), in agent-steps. */
export async function generationVariant(evaluating: Evaluator | Promise<Evaluator>, config: Config, world: RunPlan, genomes: Float32Array[], key: string): Promise<BenchVariant> {
  const evaluator = await evaluating;
  let generation = 0;
  const teams = [{ kind: 'mlp' as const, shape: world.populations[0].shape, genomes }];
  const run = async () => {
    const tasks = planGeneration(onePopulationPlan(world.scenario.spec, config.seed, generation++, genomes.length));
    const results = await evaluator.play({ world: world.ref, teams, tasks });
    return results.reduce((sum, r) => sum + r.agentSteps, 0);
  };
  return { key, run, close: () => evaluator.close() };
}
