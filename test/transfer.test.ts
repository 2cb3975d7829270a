import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mlpController } from '../agents/mlp-controller.ts';
import { initGenome, type MlpShape } from '../agents/mlp.ts';
import { loadPolicy } from '../agents/policy-file.ts';
import { Rng } from '../agents/rng.ts';
import { createAlgorithm } from '../server/run/algorithms.ts';
import { findCheckpoint } from '../server/run/checkpoint.ts';
import { planRun } from '../server/run/populations.ts';
import { runExperiment } from '../server/run/run.ts';
import { mapGenome, readTransferSource, seedFromSource } from '../server/run/transfer.ts';
import { smallConfig, tempDir } from './helpers.ts';

const BIN = join(import.meta.dirname, '..', 'bin', 'coevo.js');

async function sourceRun(): Promise<string> {
  const runDir = tempDir();
  await runExperiment({ config: smallConfig({ generations: 2 }), runDir, resume: false });
  return runDir;
}

describe('--init-from', () => {
  it("puts the source's champion, bit for bit, into generation 0; mutated copies fill the fraction; the rest start random", async () => {
    const source = await sourceRun();
    const config = smallConfig({ seed: 11, init: { from: source, fraction: 0.5 } });
    const [population] = planRun(config).populations;
    const algorithm = createAlgorithm(population, config.seed, []);
    const untouched = createAlgorithm(population, config.seed, []).ask();
    seedFromSource(config, population, algorithm, readTransferSource(source), []);
    const genomes = algorithm.ask();
    const champion = loadPolicy(join(findCheckpoint(source), 'champion')).genome;
    expect(genomes[0]).toEqual(champion);
    const half = genomes.length / 2;
    for (let i = 1; i < half; i++) expect(genomes[i]).not.toEqual(untouched[i]);
    for (let i = half; i < genomes.length; i++) expect(genomes[i]).toEqual(untouched[i]);
  });

  it('refuses a source whose sizes do not fit without a mapping, naming it, before anything is written (exit 2)', async () => {
    const source = await sourceRun();
    const runDir = join(tempDir(), 'never');
    const result = spawnSync(process.execPath, [BIN, 'run', '--scenario', 'locomotion', '--init-from', source, '--generations', '1', '--workers', '0', '--run-dir', runDir, '--quiet'], {
      encoding: 'utf8',
    });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/set transfer\.observations to say which of the source's each of this world's takes/);
    expect(existsSync(runDir)).toBe(false);
  });

  it('maps inputs and outputs as declared: a new input starts at zero weights, so the network acts as the source did', () => {
    const from: MlpShape = { inputSize: 3, hiddenSizes: [4], outputSize: 2, activation: 'tanh', outputActivation: 'tanh' };
    const to: MlpShape = { ...from, inputSize: 5, outputSize: 3 };
    const genome = initGenome(from, new Rng(2));
    const mapped = mapGenome({ name: 'test', shape: from, champion: genome, genomes: [genome] }, genome, to, { observations: [2, null, 0, 1, null], actions: [1, null, 0] });
    const x = Float32Array.from([0.3, -0.7, 0.9]);
    const seen = Float32Array.from([x[2], 5, x[0], x[1], -5]); // the new inputs (1 and 4) hold anything
    const [a, b] = [new Float32Array(2), new Float32Array(3)];
    mlpController(from, [genome])(x, 1, a);
    mlpController(to, [mapped])(seen, 1, b);
    expect(b[0]).toBeCloseTo(a[1], 6);
    expect(b[2]).toBeCloseTo(a[0], 6);
    expect(b[1]).toBeCloseTo(0, 6); // a new output: zero weights and bias, tanh(0)
  });
});
