import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { mlpController } from '../agents/mlp-controller.ts';
import { initGenome, type MlpShape } from '../agents/mlp.ts';
import { loadPolicy, savePolicy, type PolicyHeader } from '../agents/policy-file.ts';
import { Rng } from '../agents/rng.ts';
import { initTf } from '../agents/tf.ts';
import { tfjsMlpController } from '../agents/tfjs-controller.ts';
import { tempDir } from './helpers.ts';

const header: PolicyHeader = {
  format: 'coevo-policy',
  version: 1,
  scenario: 'forage',
  observationSize: 24,
  actionSize: 2,
  hiddenSizes: [16, 8],
  activation: 'relu',
};
const shape: MlpShape = { inputSize: 24, hiddenSizes: [16, 8], outputSize: 2, activation: 'relu', outputActivation: 'tanh' };

function randomGenome(seed: number): Float32Array {
  const rng = new Rng(seed);
  return initGenome(shape, rng).map((w) => w + 0.1 * rng.gaussian());
}

function observations(count: number): Float32Array {
  const rng = new Rng(77);
  return new Float32Array(count * shape.inputSize).map(() => rng.uniform(-1, 1));
}

/** Loads a saved policy the way a user without coevo would: model.json and weights.bin in plain TensorFlow.js. */
async function loadInPlainTf(dir: string): Promise<tf.LayersModel> {
  const modelJson = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8'));
  const weights = readFileSync(join(dir, 'weights.bin'));
  return tf.loadLayersModel(
    tf.io.fromMemory({
      modelTopology: modelJson.modelTopology,
      weightSpecs: modelJson.weightsManifest[0].weights,
      weightData: weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.length),
    }),
  );
}

describe('saved policies', () => {
  it('round-trip the header and genome exactly', () => {
    const dir = join(tempDir(), 'policy');
    const genome = randomGenome(1);
    savePolicy(dir, header, genome);
    const loaded = loadPolicy(dir);
    expect(loaded.header).toEqual(header);
    expect(loaded.genome).toEqual(genome);
    expect(loadPolicy(join(dir, 'model.json')).genome).toEqual(genome);
  });

  it('load in plain TensorFlow.js and give the same actions as coevo', async () => {
    const dir = join(tempDir(), 'policy');
    const genome = randomGenome(2);
    savePolicy(dir, header, genome);
    const model = await loadInPlainTf(dir);
    const obs = observations(6);
    const expected = new Float32Array(12);
    mlpController(shape, new Array(6).fill(genome))(obs, 6, expected);
    const output = model.predict(tf.tensor2d(obs, [6, 24])) as tf.Tensor;
    const actual = Array.from(output.dataSync());
    actual.forEach((value, i) => expect(value).toBeCloseTo(expected[i], 5));
    model.dispose();
    output.dispose();
  });

  it("record a stochastic policy's standard deviations (bp) in coevo.json, and stay loadable by plain TensorFlow.js", async () => {
    const dir = join(tempDir(), 'stochastic');
    const stochastic = { ...shape, stochastic: true };
    const genome = initGenome(stochastic, new Rng(8));
    genome.set([-1.5, -0.5], genome.length - 2);
    savePolicy(dir, { ...header, logStd: [-1.5, -0.5] }, genome);
    const loaded = loadPolicy(dir);
    expect(loaded.shape.stochastic).toBe(true);
    expect(loaded.genome).toEqual(genome);
    expect(JSON.parse(readFileSync(join(dir, 'coevo.json'), 'utf8')).logStd).toEqual([-1.5, -0.5]);
    const model = await loadInPlainTf(dir);
    const obs = observations(3);
    const expected = new Float32Array(6);
    mlpController(stochastic, new Array(3).fill(genome))(obs, 3, expected); // the mean action
    const output = model.predict(tf.tensor2d(obs, [3, 24])) as tf.Tensor;
    Array.from(output.dataSync()).forEach((value, i) => expect(value).toBeCloseTo(expected[i], 5));
    model.dispose();
    output.dispose();
  });

  it('give the same actions through the tfjs batched controller and the JavaScript one', async () => {
    const tfjs = await initTf('auto');
    const genomes = [randomGenome(3), randomGenome(4), randomGenome(5)];
    const obs = observations(3);
    const viaJs = new Float32Array(6);
    const viaTf = new Float32Array(6);
    mlpController(shape, genomes)(obs, 3, viaJs);
    const batched = tfjsMlpController(tfjs, shape, genomes);
    const tensorsBefore = tfjs.memory().numTensors;
    batched.controller(obs, 3, viaTf);
    expect(tfjs.memory().numTensors).toBe(tensorsBefore); // no tensor leaks per step
    batched.dispose();
    viaTf.forEach((value, i) => expect(value).toBeCloseTo(viaJs[i], 5));
  });

  it('refuse a damaged or mismatched folder with a clear error', () => {
    const dir = join(tempDir(), 'policy');
    savePolicy(dir, header, randomGenome(6));
    const weights = readFileSync(join(dir, 'weights.bin'));
    writeFileSync(join(dir, 'weights.bin'), weights.subarray(0, 100));
    expect(() => loadPolicy(dir)).toThrow(/weights\.bin holds 100 bytes, the network needs/);
    writeFileSync(join(dir, 'coevo.json'), '{"format": "coevo-policy", ');
    expect(() => loadPolicy(dir)).toThrow(/coevo\.json is not valid JSON/);
    expect(() => loadPolicy(join(tempDir(), 'nothing-here'))).toThrow(/no such file or folder/);
  });
});
