import { describe, expect, it } from 'vitest';
import { parameterCount } from '../agents/mlp.ts';
import { evaluateArenas } from '../server/evaluation/evaluate-arenas.ts';
import { planGeneration } from '../server/evaluation/generation-plan.ts';
import { setupWorld } from '../server/evaluation/engine.ts';
import { smallConfig } from './helpers.ts';

describe('non-finite actions', () => {
  it.each(['tfjs', 'js'] as const)('are zeroed and counted without crashing the episode (%s inference)', async (inference) => {
    const world = await setupWorld(smallConfig({ policy: { inference } }));
    const size = parameterCount(world.shape);
    const healthy = new Float32Array(size).fill(0.01);
    const broken = new Float32Array(size).fill(NaN);
    const genomes = [broken, ...Array.from({ length: 7 }, () => healthy)];
    const [task] = planGeneration(1, 0, 8, 8, 1);
    const [result] = evaluateArenas(world, [task], genomes);
    const steps = world.scenario.spec.episodeSteps;
    expect(result.nonFiniteActions).toBe(steps); // one broken agent, every control step
    expect(result.fitness.every(Number.isFinite)).toBe(true);
    expect(result.agentSteps).toBe(8 * steps * world.scenario.spec.actionRepeat);
  });
});
