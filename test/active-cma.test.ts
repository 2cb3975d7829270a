import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { optimize } from '../agents/evolution/optimize.ts';
import { resolveConfig } from '../server/config/resolve.ts';
import { createAlgorithm } from '../server/run/algorithms.ts';
import { planRun } from '../server/run/populations.ts';
import { configRefusal, metricsEverywhere } from './helpers.ts';

const FORAGE = { seed: 5, workers: 0, generations: 3, checkpointEvery: 100, worlds: { forage: { episodeSeconds: 2 } } };

describe('active CMA-ES (evolution.cmaEs.active, coevo optimize --active)', () => {
  it('needs fewer evaluations than the classic update on the 10-D Rosenbrock function, seed by seed, and leaves the classic runs as they were', () => {
    for (const seed of [1, 2, 3]) {
      const classic = optimize({ problem: 'rosenbrock', dim: 10, algorithm: 'cma-es', seed });
      const active = optimize({ problem: 'rosenbrock', dim: 10, algorithm: 'cma-es', seed, active: true });
      expect(active).toMatchObject({ reached: true, active: true });
      expect(classic.reached).toBe(true);
      expect(classic).not.toHaveProperty('active');
      expect(active.evaluations).toBeLessThan(classic.evaluations);
    }
    // The classic update's figure from before active CMA existed (docs/results.md, seed 1).
    expect(optimize({ problem: 'rosenbrock', dim: 10, algorithm: 'cma-es', seed: 1 }).evaluations).toBe(5320);
  });

  it('evolves a forage population with the same metrics on 0 and 2 workers and when resumed', async () => {
    const active = await metricsEverywhere({ ...FORAGE, evolution: { algorithm: 'sep-cma-es', populationSize: 16, cmaEs: { active: true } } });
    expect(active.sharded).toEqual(active.straight);
    expect(active.resumed).toEqual(active.straight);
  });

  it("takes evolution.cmaEs.active from the config: the same mean and step size after a generation, a covariance shrunk along the worst candidate's step", () => {
    const oneGeneration = (cmaEs: { active?: boolean }) => {
      const population = planRun(resolveConfig({ ...FORAGE, evolution: { algorithm: 'cma-es', populationSize: 16, cmaEs } })).populations[0];
      const algorithm = createAlgorithm(population, 5, []);
      const before = algorithm.snapshot().strategy!;
      const candidates = algorithm.ask();
      algorithm.tell(candidates.map((_, k) => k)); // candidate 0 the worst
      const worst = Array.from(candidates[0], (x, i) => (x - before.arrays.m[i]) / before.scalars.sigma);
      return { state: algorithm.snapshot().strategy!, worst };
    };
    const [active, classic] = [oneGeneration({ active: true }), oneGeneration({})];
    expect(active.worst).toEqual(classic.worst);
    expect(active.state.arrays.m).toEqual(classic.state.arrays.m);
    expect(active.state.scalars.sigma).toBe(classic.state.scalars.sigma);
    // yᵀ C y along the worst candidate's step y.
    const along = (c: number[], y: number[]) => y.reduce((sum, yi, i) => sum + yi * y.reduce((row, yj, j) => row + c[i * y.length + j] * yj, 0), 0);
    expect(along(active.state.arrays.c, active.worst)).toBeLessThan(along(classic.state.arrays.c, classic.worst));
  });

  it('is refused, naming the key or the flag, where no covariance is kept', () => {
    expect(configRefusal({ evolution: { cmaEs: { active: true } } })).toMatch(/evolution\.cmaEs\.active.*"cma-es" or "sep-cma-es", which no population uses/);
    const bin = join(import.meta.dirname, '..', 'bin', 'coevo.js');
    const refused = spawnSync(process.execPath, [bin, 'optimize', '--problem', 'sphere', '--dim', '5', '--algorithm', 'pgpe', '--active'], { encoding: 'utf8', timeout: 60_000 });
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/--active is a covariance update.*\[BAD_FLAG\]/);
  });
});
