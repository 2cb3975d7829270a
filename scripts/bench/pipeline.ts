/**
 * The forage world measured three ways on the same arenas: Rapier stepping alone, the policy
 * forward pass alone, and the whole pipeline (sensors, batched inference, physics, rewards)
 * through the shard pool with a given number of workers.
 */
import { initGenome, parameterCount } from '../../agents/mlp.ts';
import { Rng } from '../../agents/rng.ts';
import type { Config } from '../../server/config/schema.ts';
import { createEvaluator, type Evaluator } from '../../server/evaluation/evaluator.ts';
import { planGeneration } from '../../server/evaluation/generation-plan.ts';
import { setupWorld, type World } from '../../server/evaluation/engine.ts';
import { medianRate } from './timing.ts';

export function randomGenomes(world: World, count: number, seed = 1): Float32Array[] {
  const rng = new Rng(seed);
  return Array.from({ length: count }, () => initGenome(world.shape, rng));
}

/** Physics agent-steps/s of `arenas` forage arenas under constant actions: no sensors, no policy. */
export async function rawPhysics(config: Config, arenas: number, repeats: number): Promise<number> {
  const world = await setupWorld(config);
  const { spec } = world.scenario;
  const actions = new Float32Array(spec.agentsPerArena * spec.actionSize).map((_, i) => (i % 2 ? 0.3 : -0.5));
  return medianRate(() => {
    const batch = Array.from({ length: arenas }, (_, i) => world.scenario.createArena(world.rapier, 100 + i));
    let steps = 0;
    for (const arena of batch) arena.applyActions(actions);
    while (!batch[0].done) {
      for (const arena of batch) arena.step();
      steps += arenas * spec.agentsPerArena * spec.actionRepeat;
    }
    for (const arena of batch) arena.dispose();
    return steps;
  }, repeats);
}

/** The policy forward pass alone on `agents` agents, in agent-steps/s (one pass serves actionRepeat steps). */
export async function rawInference(config: Config, agents: number, repeats: number): Promise<number> {
  const world = await setupWorld(config);
  const { spec } = world.scenario;
  const policy = world.policies(randomGenomes(world, agents));
  const rng = new Rng(5);
  const obs = new Float32Array(agents * spec.observationSize).map(() => rng.uniform(-1, 1));
  const actions = new Float32Array(agents * spec.actionSize);
  const rate = await medianRate(() => {
    for (let i = 0; i < spec.episodeSteps; i++) policy.controller(obs, agents, actions);
    return spec.episodeSteps * agents * spec.actionRepeat;
  }, repeats);
  policy.dispose();
  return rate;
}

/** The full pipeline: whole generations of `population` agents through the evaluator. */
export async function pipeline(config: Config, population: number, repeats: number): Promise<number> {
  const world = await setupWorld(config);
  const genomes = randomGenomes(world, population);
  if (genomes[0].length !== parameterCount(world.shape)) throw new Error('bench: genome size mismatch');
  return generationRate(
    createEvaluator(config, world, () => {}),
    config,
    world,
    genomes,
    repeats,
  );
}

/** Median agent-steps/s of whole generations of `genomes` through `evaluator`, which it closes. */
export async function generationRate(evaluator: Evaluator, config: Config, world: World, genomes: Float32Array[], repeats: number): Promise<number> {
  let generation = 0;
  try {
    return await medianRate(async () => {
      const tasks = planGeneration(config.seed, generation++, genomes.length, world.scenario.spec.agentsPerArena, 1);
      const results = await evaluator.evaluate(tasks, genomes);
      return results.reduce((sum, r) => sum + r.agentSteps, 0);
    }, repeats);
  } finally {
    await evaluator.close();
  }
}
