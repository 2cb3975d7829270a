import { beforeAll, describe, expect, it } from 'vitest';
import { trainLearners } from '../agents/imitation/trainer.ts';
import { mlpController } from '../agents/mlp-controller.ts';
import { actionStd, initGenome, parameterCount } from '../agents/mlp.ts';
import { Rng } from '../agents/rng.ts';
import { rollout, wholeRoleGroups } from '../worlds/rollout.ts';
import { setupTestScenario, smallConfig, type TestSetup as World } from './helpers.ts';

/** The scripted expert's pairs from two short episodes. */
function expertPairs(world: World) {
  const { scenario } = world;
  const arenas = [0, 1].map((i) => scenario.createArena(world.engine.rapier, 50 + i));
  const obs: number[] = [];
  const act: number[] = [];
  rollout(arenas, scenario.spec, wholeRoleGroups(scenario.spec, arenas.length, scenario.experts), (_s, o, a) => {
    obs.push(...o[0]);
    act.push(...a[0]);
  });
  arenas.forEach((a) => a.dispose());
  return { observations: Float32Array.from(obs), actions: Float32Array.from(act) };
}

function meanSquaredGap(world: World, genome: Float32Array, pairs: { observations: Float32Array; actions: Float32Array }): number {
  const n = pairs.actions.length / 2;
  const out = new Float32Array(n * 2);
  mlpController(world.shape, new Array(n).fill(genome))(pairs.observations, n, out);
  return out.reduce((s, x, i) => s + (x - pairs.actions[i]) ** 2, 0) / out.length;
}

describe('behaviour cloning', () => {
  let world: World;
  beforeAll(async () => {
    world = await setupTestScenario(smallConfig());
  });

  it('drives the loss down and the learners actions toward the expert', () => {
    const pairs = expertPairs(world);
    const rng = new Rng(4);
    const genomes = [initGenome(world.shape, rng), initGenome(world.shape, rng)];
    const before = genomes.map((g) => meanSquaredGap(world, g, pairs));
    const outcomes = trainLearners(
      world.engine.tf,
      world.shape,
      genomes,
      genomes.map((_, l) => ({ ...pairs, seed: l })),
      { steps: 150, batchSize: 64, learningRate: 0.01 },
    );
    outcomes.forEach((o, l) => {
      expect(o.lossAfter).toBeLessThan(o.lossBefore / 2);
      expect(meanSquaredGap(world, o.genome, pairs)).toBeLessThan(before[l] / 2);
    });
    expect(world.engine.tf.memory().numTensors).toBe(0); // every variable, optimizer slot and batch freed
  });

  it('predicts behaviour (bp): the Gaussian NLL falls and the learned standard deviation shrinks on deterministic expert data', () => {
    const pairs = expertPairs(world);
    const shape = { ...world.shape, stochastic: true };
    const genomes = [initGenome(shape, new Rng(6))];
    const std = (genome: Float32Array) => Array.from({ length: shape.outputSize }, (_, k) => actionStd(shape, genome, k));
    const [outcome] = trainLearners(world.engine.tf, shape, genomes, [{ ...pairs, seed: 1 }], { steps: 600, batchSize: 64, learningRate: 0.01 });
    expect(outcome.genome.length).toBe(parameterCount(shape));
    expect(outcome.lossAfter).toBeLessThan(outcome.lossBefore);
    std(outcome.genome).forEach((after, k) => expect(after).toBeLessThan(std(genomes[0])[k]));
    expect(world.engine.tf.memory().numTensors).toBe(0);
  });

  it('trains each learner the same whether alone or in a batch', () => {
    const pairs = expertPairs(world);
    const rng = new Rng(5);
    const genomes = [initGenome(world.shape, rng), initGenome(world.shape, rng), initGenome(world.shape, rng)];
    const data = genomes.map((_, l) => ({ ...pairs, seed: 10 + l }));
    const options = { steps: 10, batchSize: 32, learningRate: 0.01 };
    const together = trainLearners(world.engine.tf, world.shape, genomes, data, options);
    const alone = trainLearners(world.engine.tf, world.shape, [genomes[1]], [data[1]], options);
    expect(alone[0].genome).toEqual(together[1].genome);
  });
});
