import { describe, expect, it } from 'vitest';
import { symmetricEigen } from '../agents/evolution/strategies/eigen.ts';
import { eigenOnThread } from '../agents/evolution/strategies/eigen-thread.ts';
import { StrategyAlgorithm } from '../agents/evolution/strategy-algorithm.ts';
import { Rng } from '../agents/rng.ts';

const bits = (values: Float64Array) => Array.from(new Uint32Array(values.buffer, values.byteOffset, values.length * 2));

describe("full CMA-ES's eigendecomposition on a thread of its own", () => {
  it('gives the same bits as on the main thread', async () => {
    const n = 40;
    const rng = new Rng(11);
    const a = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) a[i * n + j] = a[j * n + i] = rng.gaussian();
    const here = symmetricEigen(a, n);
    const there = await eigenOnThread(a.slice(), n);
    expect(bits(there.values)).toEqual(bits(here.values));
    expect(bits(there.vectors)).toEqual(bits(here.vectors));
  });

  it('leaves a run unchanged: decomposed ahead on a thread or when ask needs it, the same states', async () => {
    const options = { populationSize: 8, sigma: 0.3, seed: 2 };
    const x0 = Float32Array.from({ length: 30 }, (_, i) => Math.cos(i));
    const [threaded, inline] = [StrategyAlgorithm.create('cma-es', x0, options), StrategyAlgorithm.create('cma-es', x0, options)];
    const f = (g: Float32Array) => -g.reduce((s, v, i) => s + (i + 1) * (v - 0.5) ** 2, 0);
    for (let g = 0; g < 12; g++) {
      await threaded.prepare(0); // every due decomposition on a thread (30 parameters: every 4 generations)
      threaded.tell(threaded.ask().map(f));
      inline.tell(inline.ask().map(f));
    }
    const [a, b] = [threaded.snapshot().strategy!, inline.snapshot().strategy!];
    expect(a.scalars.decomposedAt).toBeGreaterThanOrEqual(8);
    expect(a).toEqual(b);
  });
});
