import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { fusedMlpController } from '../agents/fused-controller.ts';
import { trainLearnersFused } from '../agents/imitation/fused-trainer.ts';
import { trainLearners, type LearnerData } from '../agents/imitation/trainer.ts';
import { newMlpKernel } from '../agents/kernels/mlp-kernel.ts';
import { mlpController } from '../agents/mlp-controller.ts';
import { ACTIVATIONS, initGenome, type MlpShape } from '../agents/mlp.ts';
import { Rng } from '../agents/rng.ts';
import { initTf, type Tf } from '../agents/tf.ts';
import { tempDir } from './helpers.ts';

const DEFAULT: MlpShape = { inputSize: 24, hiddenSizes: [32, 32], outputSize: 2, activation: 'tanh', outputActivation: 'tanh' };

function learnersOf(shape: MlpShape, count: number, seed: number): { genomes: Float32Array[]; data: LearnerData[] } {
  const rng = new Rng(seed);
  const genomes = Array.from({ length: count }, () => initGenome(shape, rng));
  const data = genomes.map((_, i) => ({
    observations: Float32Array.from({ length: 700 * shape.inputSize }, () => rng.uniform(-1, 1)),
    actions: Float32Array.from({ length: 700 * shape.outputSize }, () => rng.uniform(-1, 1)),
    seed: 10 + i,
  }));
  return { genomes, data };
}

const maxGap = (a: ArrayLike<number>, b: ArrayLike<number>) => Array.from(a).reduce((m, x, i) => Math.max(m, Math.abs(x - b[i])), 0);

describe('fused kernels', () => {
  let tf: Tf;
  beforeAll(async () => {
    tf = await initTf('wasm');
  });

  it('approximate tanh within 3e-7 of Math.tanh, saturating and tiny inputs included', () => {
    const kernel = newMlpKernel();
    const xs = Float32Array.from({ length: 4001 }, (_, i) => (i - 2000) / 100);
    xs.set([1e-5, -3e-4, 4e-4, 9, -40, 0], 0);
    const at = kernel.alloc(xs.length);
    kernel.f32(at, xs.length).set(xs);
    kernel.k.tanhInPlace(at, xs.length);
    expect(maxGap(kernel.f32(at, xs.length), Array.from(xs, Math.tanh))).toBeLessThan(3e-7);
  });

  it.each(ACTIVATIONS)('run a forward pass within 1e-5 of the plain-JavaScript reference (%s hidden layers, widths that are not multiples of 4)', (activation) => {
    const shape: MlpShape = { inputSize: 13, hiddenSizes: [37, 20, 5], outputSize: 3, activation, outputActivation: 'tanh' };
    const rng = new Rng(2);
    const genomes = Array.from({ length: 9 }, () => initGenome(shape, rng).map((w) => w * 2 + rng.uniform(-0.1, 0.1)));
    const obs = Float32Array.from({ length: 9 * 13 }, () => rng.uniform(-2, 2));
    const [fused, reference] = [new Float32Array(27), new Float32Array(27)];
    fusedMlpController(shape, genomes).controller(obs, 9, fused);
    mlpController(shape, genomes)(obs, 9, reference);
    expect(maxGap(fused, reference)).toBeLessThan(1e-5);
  });

  it("reuse a disposed controller's memory for the next one, and never share it between live ones", () => {
    const rng = new Rng(4);
    const genomes = (count: number) => Array.from({ length: count }, () => initGenome(DEFAULT, rng));
    const act = (controller: (o: Float32Array, n: number, a: Float32Array) => void, obs: Float32Array, n: number) => {
      const out = new Float32Array(2 * n);
      controller(obs, n, out);
      return out;
    };
    const obs = Float32Array.from({ length: 24 * 40 }, () => rng.uniform(-1, 1));
    const [a, b, c] = [genomes(40), genomes(8), genomes(20)];
    const first = fusedMlpController(DEFAULT, a);
    const second = fusedMlpController(DEFAULT, b);
    expect(maxGap(act(first.controller, obs, 40), act(mlpController(DEFAULT, a), obs, 40))).toBeLessThan(1e-5);
    first.dispose();
    // The third takes the first's instance from the pool; the second, still live, is untouched.
    const third = fusedMlpController(DEFAULT, c);
    expect(maxGap(act(third.controller, obs, 20), act(mlpController(DEFAULT, c), obs, 20))).toBeLessThan(1e-5);
    expect(maxGap(act(second.controller, obs, 8), act(mlpController(DEFAULT, b), obs, 8))).toBeLessThan(1e-5);
    second.dispose();
    third.dispose();
  });

  it.each([false, true])('train within 1e-4 of the tfjs trainer after 50 Adam steps (stochastic policy: %s)', (stochastic) => {
    const shape = { ...DEFAULT, stochastic };
    const { genomes, data } = learnersOf(shape, 4, 7);
    const options = { steps: 50, batchSize: 64, learningRate: 0.003 };
    const reference = trainLearners(tf, shape, genomes, data, options);
    const fused = trainLearnersFused(shape, genomes, data, options);
    fused.forEach((outcome, l) => {
      expect(maxGap(outcome.genome, reference[l].genome)).toBeLessThan(1e-4);
      expect(outcome.lossAfter).toBeCloseTo(reference[l].lossAfter, 4);
      expect(outcome.lossAfter).toBeLessThan(outcome.lossBefore);
      // The weights did move, so the agreement above is not that of untouched genomes.
      expect(maxGap(outcome.genome, genomes[l])).toBeGreaterThan(1e-2);
    });
  });

  it('train each learner the same whichever learners share its call', () => {
    const { genomes, data } = learnersOf(DEFAULT, 3, 8);
    const options = { steps: 20, batchSize: 32, learningRate: 0.01 };
    const together = trainLearnersFused(DEFAULT, genomes, data, options);
    const alone = trainLearnersFused(DEFAULT, [genomes[2]], [data[2]], options);
    expect(alone[0].genome).toEqual(together[2].genome);
  });

  it('are the committed mlp.wasm, built from agents/kernels/assembly/mlp.ts by `npm run build:kernels`', () => {
    const out = join(tempDir(), 'mlp.wasm');
    const script = JSON.parse(readFileSync('package.json', 'utf8')).scripts['build:kernels'] as string;
    const args = script.split(' ').slice(1);
    args[args.indexOf('-o') + 1] = out;
    execFileSync(join('node_modules', '.bin', 'asc'), args, { stdio: 'pipe' });
    expect(Buffer.compare(readFileSync(out), readFileSync('agents/kernels/mlp.wasm'))).toBe(0);
  }, 60_000);
});
