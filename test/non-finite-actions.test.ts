import { describe, expect, it } from 'vitest';
import { parameterCount } from '../agents/mlp.ts';
import { setupEngine } from '../server/evaluation/engine.ts';
import { onePopulationPlan, planGeneration } from '../server/evaluation/planner.ts';
import { playMatches } from '../server/evaluation/play.ts';
import { planRun } from '../server/run/populations.ts';
import { smallConfig } from './helpers.ts';

describe('non-finite actions', () => {
  it.each(['tfjs', 'js', 'fused'] as const)('are zeroed and counted without crashing the episode (%s inference)', async (inference) => {
    const config = smallConfig({ policy: { inference } });
    const world = planRun(config);
    const { shape } = world.populations[0];
    const size = parameterCount(shape);
    const healthy = new Float32Array(size).fill(0.01);
    const broken = new Float32Array(size).fill(Number.NaN);
    const genomes = [broken, ...Array.from({ length: 7 }, () => healthy)];
    const { spec } = world.scenario;
    const [task] = planGeneration(onePopulationPlan(spec, 1, 0, 8));
    const [result] = playMatches(await setupEngine(config), { world: world.ref, teams: [{ kind: 'mlp', shape, genomes }], tasks: [task] });
    const steps = spec.episodeSteps;
    expect(result.nonFiniteActions).toBe(steps); // one broken agent, every control step
    expect(result.fitness[0].every(Number.isFinite)).toBe(true);
    expect(result.agentSteps).toBe(8 * steps * spec.actionRepeat);
  });
});
