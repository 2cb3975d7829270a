import { beforeAll, describe, expect, it } from 'vitest';
import { Discriminator, imitationReward } from '../agents/imitation/discriminator.ts';
import { Rng } from '../agents/rng.ts';
import { initTf, type Tf } from '../agents/tf.ts';

let tf: Tf;
beforeAll(async () => {
  tf = await initTf('wasm');
});

function gaussianRows(n: number, d: number, shift: number, seed: number): Float32Array {
  const rng = new Rng(seed);
  return Float32Array.from({ length: n * d }, () => shift + rng.gaussian());
}

const options = { hiddenSizes: [16, 16], steps: 200, batchSize: 128, learningRate: 0.01, labelSmoothing: 0.1 };

describe('the discriminator', () => {
  it('separates two separable data sets, and rewards expert-like inputs more', () => {
    const expert = gaussianRows(1000, 4, 2, 1);
    const agent = gaussianRows(1000, 4, -2, 2);
    const d = new Discriminator(4, options.hiddenSizes, expert, new Rng(3));
    const report = d.train(tf, expert, agent, options, new Rng(4));
    expect(report.accuracy).toBeGreaterThan(0.95);
    const reward = (x: Float32Array) => Array.from(d.logits(x)).reduce((s, z) => s + imitationReward(z), 0) / (x.length / 4);
    expect(reward(gaussianRows(100, 4, 2, 5))).toBeGreaterThan(reward(gaussianRows(100, 4, -2, 6)));
    expect(tf.memory().numTensors).toBe(0);
  });

  it('is near chance on identical data sets', () => {
    const expert = gaussianRows(1000, 4, 0, 7);
    const agent = gaussianRows(1000, 4, 0, 8);
    const report = new Discriminator(4, options.hiddenSizes, expert, new Rng(3)).train(tf, expert, agent, { ...options, steps: 100 }, new Rng(4));
    expect(report.accuracy).toBeGreaterThan(0.35);
    expect(report.accuracy).toBeLessThan(0.65);
  });

  it('computes the reward -log(1 - sigmoid(z)) without overflow', () => {
    expect(imitationReward(0)).toBeCloseTo(Math.log(2), 12);
    expect(imitationReward(800)).toBeCloseTo(800, 6);
    expect(imitationReward(-800)).toBeCloseTo(0, 12);
  });
});
