import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { optimize } from '../agents/evolution/optimize.ts';
import { pycmaSepRates } from '../agents/evolution/strategies/cma-es.ts';
import { resolveConfig } from '../server/config/resolve.ts';
import { createAlgorithm } from '../server/run/algorithms.ts';
import { planRun } from '../server/run/populations.ts';
import { configRefusal, metricsEverywhere } from './helpers.ts';

const FORAGE = { seed: 5, workers: 0, generations: 3, checkpointEvery: 100, worlds: { forage: { episodeSeconds: 2 } } };

describe("sep-CMA-ES's learning rates (evolution.cmaEs.sepRates, coevo optimize --sep-rates)", () => {
  it("gives pycma's own diagonal rates", () => {
    // Printed by pycma 4.4.0: CMAEvolutionStrategy(zeros(n), 0.5, {CMA_diagonal: True, popsize: λ}).sp's cc_sep, c1_sep, cmu_sep and weights.mueff.
    const printed = [
      { n: 10, muEff: 3.1672992814107017, cc: 0.3636615460252773, c1: 0.0600915124684537, cMu: 0.07151581831113847 },
      { n: 100, muEff: 5.391323677359871, cc: 0.10515235061158372, c1: 0.008329591039883663, cMu: 0.026817962326267798 },
    ];
    for (const { n, muEff, ...rates } of printed) {
      const ours = pycmaSepRates(n, muEff);
      for (const key of ['cc', 'c1', 'cMu'] as const) expect(ours[key]).toBeCloseTo(rates[key], 14);
    }
  });

  it("reaches 1e-8 on the 100-D Rosenbrock function in under 0.9x the evaluations of Ros and Hansen's rates, which stay the default", () => {
    const defaults = optimize({ problem: 'rosenbrock', dim: 100, algorithm: 'sep-cma-es', seed: 3 });
    const pycma = optimize({ problem: 'rosenbrock', dim: 100, algorithm: 'sep-cma-es', seed: 3, sepRates: 'pycma' });
    // The figure from before the rates could be chosen (RUNS/benchmark-functions.json of 2026-12-02, seed 3).
    expect(defaults).toEqual(expect.objectContaining({ evaluations: 414_774, reached: true }));
    expect(defaults).not.toHaveProperty('sepRates');
    expect(pycma).toMatchObject({ reached: true, sepRates: 'pycma' });
    expect(pycma.evaluations).toBeLessThan(0.9 * defaults.evaluations);
  });

  it("takes the rates from the config: after one generation, the same mean and a larger covariance's rank-one share", () => {
    const oneGeneration = (sepRates?: 'pycma') => {
      const cmaEs = sepRates ? { sepRates } : {};
      const population = planRun(resolveConfig({ ...FORAGE, evolution: { algorithm: 'sep-cma-es', populationSize: 16, cmaEs } })).populations[0];
      const algorithm = createAlgorithm(population, 5, []);
      const candidates = algorithm.ask();
      algorithm.tell(candidates.map((_, k) => k));
      return algorithm.snapshot().strategy!;
    };
    const [pycma, defaults] = [oneGeneration('pycma'), oneGeneration()];
    expect(pycma.arrays.m).toEqual(defaults.arrays.m);
    // pycma's c_c (1/√n) is far larger than the tutorial's (4/n) at the default network's size, so the first path is longer.
    const norm = (v: number[]) => Math.hypot(...v);
    expect(norm(pycma.arrays.pc)).toBeGreaterThan(2 * norm(defaults.arrays.pc));
  });

  it('evolves a forage population with the same metrics on 0 and 2 workers and when resumed', async () => {
    const runs = await metricsEverywhere({ ...FORAGE, evolution: { algorithm: 'sep-cma-es', populationSize: 16, cmaEs: { sepRates: 'pycma' } } });
    expect(runs.sharded).toEqual(runs.straight);
    expect(runs.resumed).toEqual(runs.straight);
  });

  it('is refused, naming the key or the flag, where no population uses sep-cma-es', () => {
    expect(configRefusal({ evolution: { algorithm: 'cma-es', cmaEs: { sepRates: 'pycma' } } })).toMatch(/evolution\.cmaEs\.sepRates.*"sep-cma-es", which no population uses/);
    expect(configRefusal({ evolution: { algorithm: 'sep-cma-es', cmaEs: { sepRates: 'fast' } } })).toMatch(/evolution\.cmaEs\.sepRates/);
    // Per population: the rates of a population that keeps a full covariance are refused, naming that population.
    const sumo = (blue: Record<string, unknown>) => ({
      scenario: 'sumo',
      populations: [
        { name: 'red', role: 'red', evolution: { algorithm: 'sep-cma-es', cmaEs: { sepRates: 'pycma' } } },
        { name: 'blue', role: 'blue', evolution: blue },
      ],
    });
    expect(configRefusal(sumo({ algorithm: 'cma-es', populationSize: 16, cmaEs: { sepRates: 'pycma' } }))).toMatch(
      /populations\.1\.evolution\.cmaEs\.sepRates.*"sep-cma-es"; population "blue" evolves by "cma-es"/,
    );
    expect(() => resolveConfig(sumo({ algorithm: 'cma-es', populationSize: 16, cmaEs: { active: true } }))).not.toThrow();
    const bin = join(import.meta.dirname, '..', 'bin', 'coevo.js');
    const refused = spawnSync(process.execPath, [bin, 'optimize', '--problem', 'sphere', '--dim', '5', '--algorithm', 'cma-es', '--sep-rates', 'pycma'], { encoding: 'utf8', timeout: 60_000 });
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/--sep-rates sets sep-cma-es's diagonal learning rates.*\[BAD_FLAG\]/);
  });
});
