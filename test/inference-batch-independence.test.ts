import { describe, expect, it } from 'vitest';
import { initGenome, type MlpShape } from '../agents/mlp.ts';
import { Rng } from '../agents/rng.ts';
import { initTf } from '../agents/tf.ts';
import { tfjsMlpController } from '../agents/tfjs-controller.ts';

const shape: MlpShape = { inputSize: 24, hiddenSizes: [32, 32], outputSize: 2, activation: 'tanh', outputActivation: 'tanh' };

describe('tfjs batched inference', () => {
  it('gives each agent bit-identical actions whatever batch it runs in', async () => {
    const tf = await initTf('auto');
    const rng = new Rng(1);
    const genomes = Array.from({ length: 96 }, () => initGenome(shape, rng));
    const obs = new Float32Array(96 * 24).map(() => rng.uniform(-1, 1));
    const whole = new Float32Array(96 * 2);
    const all = tfjsMlpController(tf, shape, genomes);
    all.controller(obs, 96, whole);
    all.dispose();
    for (const [start, count] of [
      [0, 8],
      [8, 40],
      [48, 48],
    ]) {
      const part = new Float32Array(count * 2);
      const some = tfjsMlpController(tf, shape, genomes.slice(start, start + count));
      some.controller(obs.subarray(start * 24, (start + count) * 24), count, part);
      some.dispose();
      expect(part).toEqual(whole.subarray(start * 2, (start + count) * 2));
    }
  });
});
