import { describe, expect, it } from 'vitest';
import { createStrategy } from '../agents/evolution/strategies/registry.ts';
import { injectionClip } from '../agents/evolution/strategies/strategy.ts';
import { StrategyAlgorithm } from '../agents/evolution/strategy-algorithm.ts';

const DISTRIBUTIONS = ['openai-es', 'pgpe', 'cma-es', 'sep-cma-es'] as const;
const options = { populationSize: 8, sigma: 0.1, seed: 7 };
const n = 6;

describe('Lamarckian write-back into a distribution (injection)', () => {
  it.each(DISTRIBUTIONS)('%s: a rewritten genome that scores best pulls the centre its way, by no more than a clipped step', (name) => {
    const fitness = [8, 1, 2, 3, 4, 5, 6, 7]; // candidate 0 is the best
    const plain = createStrategy(name, new Float64Array(n), options);
    plain.ask();
    plain.tell(fitness);
    const injected = createStrategy(name, new Float64Array(n), options);
    injected.ask();
    // A learner far along +x₀ (100 σ away): its step is clipped to what a sample of the distribution might be.
    const far = Float64Array.from({ length: n }, (_, i) => (i === 0 ? 10 : 0));
    injected.inject!(0, far);
    expect(injected.ask()[0][0]).toBeGreaterThan(0.1);
    expect(injected.ask()[0][0]).toBeLessThan(10 * options.sigma);
    injected.tell(fitness);
    expect(injected.mean()[0]).toBeGreaterThan(plain.mean()[0]);
    expect(Math.abs(injected.mean()[0])).toBeLessThan(1);
  });

  it('clips a whitened step to √n + 2n/(n + 2) and leaves shorter ones alone', () => {
    expect(injectionClip(Float64Array.of(0.5, 0.5))).toBe(1);
    const long = Float64Array.from({ length: 4 }, () => 100);
    expect(injectionClip(long) * 200).toBeCloseTo(2 + 8 / 6, 12);
  });

  it.each(DISTRIBUTIONS)('%s behind the trainer seam: genomes nobody rewrote are not injected, so the run is the strategy alone, bit for bit', (name) => {
    const alone = createStrategy(name, new Float64Array(n), options);
    const seam = StrategyAlgorithm.create(name, new Float32Array(n), options);
    for (let g = 0; g < 4; g++) {
      const xs = alone.ask();
      const genomes = seam.ask();
      const f = xs.map((x) => -x.reduce((s, v) => s + (v - 1) ** 2, 0));
      alone.tell(f);
      seam.tell(f);
      expect(genomes.length).toBe(xs.length);
    }
    expect(Array.from(seam.snapshot().strategy!.arrays[name === 'openai-es' ? 'theta' : name === 'pgpe' ? 'mu' : 'm'])).toEqual(Array.from(alone.mean()));
  });
});
