import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mlpController } from '../agents/mlp-controller.ts';
import { initGenome, type MlpShape } from '../agents/mlp.ts';
import { loadPolicy } from '../agents/policy-file.ts';
import { Rng } from '../agents/rng.ts';
import { setupEngine } from '../server/evaluation/engine.ts';
import { createAlgorithm } from '../server/run/algorithms.ts';
import { findCheckpoint } from '../server/run/checkpoint.ts';
import { planRun } from '../server/run/populations.ts';
import { runExperiment } from '../server/run/run.ts';
import { mapGenome, readTransferSource, seedFromSource } from '../server/run/transfer.ts';
import { STEER_SPEED } from '../server/run/transfer-steer.ts';
import { bodyKind } from '../worlds/bodies/index.ts';
import { CRAWLER_OBS } from '../worlds/bodies/crawler-layout.ts';
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
    const plan = planRun(config);
    const [population] = plan.populations;
    const algorithm = createAlgorithm(population, config.seed, []);
    const untouched = createAlgorithm(population, config.seed, []).ask();
    seedFromSource(config, population, algorithm, readTransferSource(source), [], { engine: await setupEngine(config), scenario: plan.scenario });
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
    const mapped = mapGenome({ name: 'test', shape: from, champion: genome, genomes: [genome] }, genome, to, { observations: [2, null, 0, 1, null], actions: [1, null, 0], steer: false, steps: 1 });
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

describe('transfer through the steering layer', () => {
  it('clones a ball forager, its actions read as a desired velocity, into crawler foragers that act like that composite', async () => {
    const source = await sourceRun();
    // Crawler forage sees food (6), its own 19 values, rays (16); the ball forager food (6), velocity (2), rays (16).
    const observations = [
      ...[0, 1, 2, 3, 4, 5],
      ...Array.from({ length: 19 }, (_, i) => (i === CRAWLER_OBS.velocity ? 6 : i === CRAWLER_OBS.velocity + 1 ? 7 : null)),
      ...Array.from({ length: 16 }, (_, r) => 8 + r),
    ];
    const config = smallConfig({
      seed: 4,
      worlds: { forage: { body: 'crawler', episodeSeconds: 3 } },
      init: { from: source, fraction: 0.25 },
      transfer: { observations, steer: true, steps: 300 },
      imitation: { demoEpisodes: 2 },
    });
    const plan = planRun(config);
    const [population] = plan.populations;
    const engine = await setupEngine(config);
    const algorithm = createAlgorithm(population, config.seed, []);
    const random = createAlgorithm(population, config.seed, []).ask()[0].slice();
    const transferred = readTransferSource(source);
    seedFromSource(config, population, algorithm, transferred, [], { engine, scenario: plan.scenario });
    const distilled = algorithm.ask()[0];
    // The composite the networks were cloned from, on fresh crawler states.
    const arena = plan.scenario.createArena(engine.rapier, 77);
    const shape = population.shape;
    const states = new Float32Array(8 * shape.inputSize);
    arena.observe(0, states);
    arena.dispose();
    const teacher = new Float32Array(8 * shape.outputSize);
    const ball = mlpController(transferred.shape, [transferred.champion]);
    const crawler = bodyKind('crawler');
    for (let a = 0; a < 8; a++) {
      const seen = new Float32Array(transferred.shape.inputSize);
      observations.forEach((j, k) => {
        if (j !== null) seen[j] = states[a * shape.inputSize + k];
      });
      const wanted = new Float32Array(2);
      ball(seen, 1, wanted);
      crawler.steer(states, a * shape.inputSize + 6, wanted[0] * STEER_SPEED, wanted[1] * STEER_SPEED, teacher, a * shape.outputSize);
    }
    const error = (genome: Float32Array) => {
      const out = new Float32Array(8 * shape.outputSize);
      mlpController(shape, new Array(8).fill(genome))(states, 8, out);
      return out.reduce((s, x, i) => s + (x - teacher[i]) ** 2, 0) / out.length;
    };
    expect(error(distilled)).toBeLessThan(error(random) / 2);
  });
});
