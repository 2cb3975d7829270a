import { describe, expect, it } from 'vitest';
import { STRATEGIES } from '../agents/evolution/strategies/strategy.ts';
import { resolveConfig } from '../server/config/resolve.ts';
import { join } from 'node:path';
import { loadPolicy } from '../agents/policy-file.ts';
import { evaluateController, setupEpisode } from '../server/evaluation/episodes.ts';
import { parameterCount } from '../agents/mlp.ts';
import { createAlgorithm } from '../server/run/algorithms.ts';
import { seedFromSource } from '../server/run/transfer.ts';
import { findCheckpoint } from '../server/run/checkpoint.ts';
import { readRunState } from '../server/run/state.ts';
import { planRun } from '../server/run/populations.ts';
import { runExperiment } from '../server/run/run.ts';
import { configRefusal, metricsEverywhere, tempDir } from './helpers.ts';

const FORAGE = { seed: 5, workers: 0, generations: 3, checkpointEvery: 100, worlds: { forage: { episodeSeconds: 2 } } };

describe('evolution.algorithm in runs', () => {
  it.each(STRATEGIES)('%s evolves a forage population with the same metrics on 0 and 2 workers and when resumed', async (algorithm) => {
    const { straight, sharded, resumed } = await metricsEverywhere({ ...FORAGE, evolution: { algorithm, populationSize: 16 } });
    expect(sharded).toEqual(straight);
    expect(resumed).toEqual(straight);
    // The distribution moves: the generations do not all play the same genomes.
    const means = straight.map((row) => (row.fitness as { mean: number }).mean);
    expect(new Set(means).size).toBeGreaterThan(1);
  });

  it('imitates with a strategy (Baldwinian: the learned weights play, the strategy is told their fitness; peers too), the same everywhere', async () => {
    const imitation = { experts: { scripted: 1, peer: 1 }, inheritance: 'baldwinian', steps: 10, samplesPerLearner: 128, demoEpisodes: 1 };
    const { straight, sharded, resumed } = await metricsEverywhere({ ...FORAGE, evolution: { algorithm: 'sep-cma-es', populationSize: 16 }, imitation });
    expect(sharded).toEqual(straight);
    expect(resumed).toEqual(straight);
    // From the second generation, peers teach: the best arena-mate of the previous member at the learner's index.
    const experts = straight.map((row) => (row.imitation as { experts: Record<string, number> }).experts);
    expect(experts[0].peer ?? 0).toBe(0);
    expect(experts[1].peer).toBeGreaterThan(0);
  });

  it('imitates with Lamarckian write-back into a distribution (learners injected in place of their samples), the same everywhere', async () => {
    const imitation = { experts: { scripted: 1 }, inheritance: 'lamarckian', steps: 10, samplesPerLearner: 128, demoEpisodes: 1 };
    const lamarckian = await metricsEverywhere({ ...FORAGE, evolution: { algorithm: 'openai-es', populationSize: 16 }, imitation });
    expect(lamarckian.sharded).toEqual(lamarckian.straight);
    expect(lamarckian.resumed).toEqual(lamarckian.straight);
    // Injection changes what the strategy learns from: the next generations differ from the Baldwinian run's.
    const baldwinian = await metricsEverywhere({ ...FORAGE, evolution: { algorithm: 'openai-es', populationSize: 16 }, imitation: { ...imitation, inheritance: 'baldwinian' } });
    expect(lamarckian.straight[0].fitness).toEqual(baldwinian.straight[0].fitness);
    expect(lamarckian.straight[2].fitness).not.toEqual(baldwinian.straight[2].fitness);
  });

  it("takes a strategy's own rates from the config, and refuses them for populations that do not use it", async () => {
    // One generation told the same fitness: Adam's step is 5 times larger with the larger rate.
    const step = (openaiEs: Record<string, number>) => {
      const population = planRun(resolveConfig({ ...FORAGE, evolution: { algorithm: 'openai-es', populationSize: 16, openaiEs } })).populations[0];
      const algorithm = createAlgorithm(population, 5, []);
      const before = algorithm.snapshot().strategy!.arrays.theta;
      algorithm.tell(algorithm.ask().map((_, k) => k));
      const after = algorithm.snapshot().strategy!.arrays.theta;
      return Math.max(...after.map((v, i) => Math.abs(v - before[i])));
    };
    expect(step({ learningRate: 0.05 }) / step({})).toBeCloseTo(5, 6);
    expect(configRefusal({ evolution: { pgpe: { maxSpeed: 0.3 } } })).toMatch(/evolution\.pgpe\.maxSpeed.*"pgpe", which no population uses/);
    expect(configRefusal({ evolution: { algorithm: 'pgpe', openaiEs: { learningRate: 0.1 } } })).toMatch(/evolution\.openaiEs\.learningRate/);
  });

  it("saves a distribution's centre beside the champion in every checkpoint, as a policy that plays", async () => {
    const dir = tempDir();
    await runExperiment({ config: resolveConfig({ ...FORAGE, evolution: { algorithm: 'sep-cma-es', populationSize: 16 } }), runDir: dir, resume: false });
    const checkpoint = findCheckpoint(dir);
    const centre = loadPolicy(join(checkpoint, 'centre'));
    const m = readRunState(checkpoint).populations[0].algorithm.strategy!.arrays.m;
    expect(Array.from(centre.genome)).toEqual(Array.from(Float32Array.from(m)));
    expect(centre.header.origin).toEqual({ runSeed: 5, generation: 3 });
    const played = evaluateController(
      await setupEpisode(resolveConfig({ ...FORAGE, evolution: { algorithm: 'sep-cma-es', populationSize: 16 } })),
      { kind: 'policy', path: join(checkpoint, 'centre') },
      1,
      9,
    );
    expect(Number.isFinite(played.mean)).toBe(true);
  });

  it("starts a strategy from another run's network (init.from): the distribution centred on the source's champion", () => {
    const config = resolveConfig({ ...FORAGE, evolution: { algorithm: 'sep-cma-es', populationSize: 16 }, init: { from: 'unused' } });
    const population = planRun(config).populations[0];
    const champion = Float32Array.from({ length: parameterCount(population.shape) }, (_, i) => Math.sin(i) / 2);
    const algorithm = createAlgorithm(population, 5, []);
    seedFromSource(config, population, algorithm, { name: 'test', shape: population.shape, champion, genomes: [champion] }, [], null as never);
    expect(Float32Array.from(algorithm.snapshot().strategy!.arrays.m)).toEqual(champion);
    // Its first candidates are samples around the champion (σ₀ = mutationStd 0.05).
    const distance = Math.max(...algorithm.ask()[0].map((v, i) => Math.abs(v - champion[i])));
    expect(distance).toBeGreaterThan(0);
    expect(distance).toBeLessThan(0.5);
  });

  it('lets each population choose where populations meet (sumo: pgpe against the GA), resuming exactly', async () => {
    const config = {
      scenario: 'sumo',
      seed: 6,
      workers: 0,
      generations: 3,
      checkpointEvery: 100,
      evolution: { populationSize: 6, eliteCount: 1 },
      coevolution: { matchesPerMember: 1 },
      worlds: { sumo: { episodeSeconds: 2 } },
      populations: [
        { name: 'red', role: 'red', evolution: { algorithm: 'pgpe', eliteCount: 2 } },
        { name: 'blue', role: 'blue' },
      ],
    };
    expect(configRefusal(config)).toMatch(/populations\.0\.evolution\.eliteCount.*GA/);
    // A run-wide GA setting is for the GA population, and stays allowed.
    const fixed = {
      ...config,
      populations: [
        { name: 'red', role: 'red', evolution: { algorithm: 'pgpe' } },
        { name: 'blue', role: 'blue' },
      ],
    };
    const { straight, sharded, resumed } = await metricsEverywhere(fixed);
    expect(sharded).toEqual(straight);
    expect(resumed).toEqual(straight);
  });

  it('refuses what a strategy cannot take, naming the key', async () => {
    expect(configRefusal({ evolution: { algorithm: 'cma-es', islands: { count: 2 } } })).toMatch(/evolution\.islands\.count.*one search distribution/);
    expect(configRefusal({ evolution: { algorithm: 'openai-es', mutationRate: 0.5 } })).toMatch(/evolution\.mutationRate.*setting of the GA/);
    expect(configRefusal({ scenario: 'sumo', evolution: { algorithm: 'openai-es', populationSize: 7 } })).toMatch(/evolution\.populationSize.*antithetic pairs/);
    // Full CMA-ES with a network above 2,000 parameters stops before the first generation.
    const config = resolveConfig({ ...FORAGE, evolution: { algorithm: 'cma-es', populationSize: 16 }, policy: { hiddenSizes: [64, 64] } });
    await expect(runExperiment({ config, runDir: tempDir(), resume: false })).rejects.toThrow(/sep-cma-es/);
  });
});
