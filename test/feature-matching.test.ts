import { describe, expect, it } from 'vitest';
import { featureDistance, featureReference } from '../agents/imitation/feature-matching.ts';
import { Rng } from '../agents/rng.ts';

/** n samples of two features: x ~ N(mx, sx), y = 2x + noise. */
function samples(n: number, mx: number, sx: number, seed: number): Float32Array {
  const rng = new Rng(seed);
  const out = new Float32Array(2 * n);
  for (let i = 0; i < n; i++) {
    const x = mx + sx * rng.gaussian();
    out[2 * i] = x;
    out[2 * i + 1] = 2 * x + 0.1 * rng.gaussian();
  }
  return out;
}

describe('feature matching', () => {
  const demo = samples(2000, 3, 0.5, 1);
  const reference = featureReference(demo, 2, new Rng(7));

  for (const statistic of ['moments', 'mmd'] as const) {
    it(`scores behaviour like the demonstration's best, and worse the further it strays (${statistic})`, () => {
      const same = featureDistance(reference, samples(300, 3, 0.5, 2), statistic);
      const shifted = featureDistance(reference, samples(300, 3.5, 0.5, 3), statistic);
      const far = featureDistance(reference, samples(300, 6, 0.5, 4), statistic);
      const still = featureDistance(reference, samples(300, 3, 0.01, 5), statistic);
      expect(same).toBeLessThan(0.05);
      expect(shifted).toBeGreaterThan(same);
      expect(far).toBeGreaterThan(shifted);
      expect(still).toBeGreaterThan(same); // the right mean without the spread is not the same behaviour
    });
  }

  it('gives the demonstration itself a distance of about 0, and no distance without samples', () => {
    expect(featureDistance(reference, demo, 'moments')).toBeLessThan(1e-9);
    expect(featureDistance(reference, new Float32Array(0), 'moments')).toBeNaN();
  });
});
