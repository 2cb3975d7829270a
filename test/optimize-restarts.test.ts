import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { optimize, populationFor } from '../agents/evolution/optimize.ts';

describe('coevo optimize --restarts (IPOP-CMA-ES)', () => {
  it('leaves a local minimum of Rastrigin that a single run stalls in, and a run without restarts as it was', () => {
    const settings = { problem: 'rastrigin', dim: 2, algorithm: 'cma-es', seed: 4 } as const;
    const single = optimize(settings);
    // One run settles in the local minimum next to the optimum (f = 0.995 there) and stops.
    expect(single.reached).toBe(false);
    expect(single.best).toBeCloseTo(0.995, 2);
    expect(single).not.toHaveProperty('restarts');
    const restarted = optimize({ ...settings, restarts: 9 });
    expect(restarted.reached).toBe(true);
    expect(restarted.restarts).toBeGreaterThan(0);
    expect(restarted.evaluations).toBeLessThanOrEqual(10_000 * 2);
    // Population λ, 2λ, 4λ … : the evaluations cover at least every finished run's first generation.
    const lambda = populationFor(settings);
    expect(restarted.evaluations).toBeGreaterThanOrEqual(lambda * (2 ** (restarted.restarts ?? 0) - 1));
    expect(optimize({ ...settings, restarts: 9 })).toEqual(restarted);
  });

  it('restarts sep-CMA-ES too, and never beyond the budget or the number asked for', () => {
    const result = optimize({ problem: 'rastrigin', dim: 5, algorithm: 'sep-cma-es', seed: 2, budget: 5000, restarts: 2 });
    expect(result.restarts).toBeLessThanOrEqual(2);
    expect(result.evaluations).toBeLessThanOrEqual(5000);
    const none = optimize({ problem: 'rastrigin', dim: 5, algorithm: 'sep-cma-es', seed: 2, budget: 5000, restarts: 0 });
    expect(none.restarts).toBe(0);
    expect(result.best).toBeLessThanOrEqual(none.best);
  });

  it('is refused for strategies that cannot tell a stalled run, naming the flag', () => {
    const bin = join(import.meta.dirname, '..', 'bin', 'coevo.js');
    const run = spawnSync(process.execPath, [bin, 'optimize', '--problem', 'sphere', '--dim', '3', '--algorithm', 'pgpe', '--restarts', '2'], { encoding: 'utf8', timeout: 60_000 });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/--restarts applies to cma-es and sep-cma-es.*--algorithm pgpe.*\[BAD_FLAG\]/);
    const json = spawnSync(process.execPath, [bin, 'optimize', '--problem', 'rastrigin', '--dim', '2', '--seed', '4', '--restarts', '9', '--json'], { encoding: 'utf8', timeout: 60_000 });
    expect(json.status).toBe(0);
    expect(Object.keys(JSON.parse(json.stdout))).toEqual(['problem', 'dim', 'algorithm', 'seed', 'evaluations', 'best', 'reached', 'restarts']);
  });
});
