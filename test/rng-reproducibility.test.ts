import { describe, expect, it } from 'vitest';
import { Rng, deriveSeed } from '../agents/rng.ts';

describe('Rng', () => {
  it('gives the same sequence for the same seed and a different one for another seed', () => {
    const a = new Rng(42);
    const b = new Rng(42);
    const c = new Rng(43);
    const seqA = Array.from({ length: 20 }, () => a.nextUint32());
    expect(Array.from({ length: 20 }, () => b.nextUint32())).toEqual(seqA);
    expect(Array.from({ length: 20 }, () => c.nextUint32())).not.toEqual(seqA);
  });

  it('continues the exact sequence from a saved state', () => {
    const rng = new Rng(7);
    for (let i = 0; i < 13; i++) rng.gaussian();
    const restored = Rng.fromState(rng.state());
    expect(Array.from({ length: 10 }, () => restored.gaussian())).toEqual(Array.from({ length: 10 }, () => rng.gaussian()));
  });

  it('draws uniform values in range and Gaussians with about unit variance', () => {
    const rng = new Rng(1);
    const uniforms = Array.from({ length: 10_000 }, () => rng.next());
    expect(Math.min(...uniforms)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...uniforms)).toBeLessThan(1);
    const gaussians = Array.from({ length: 10_000 }, () => rng.gaussian());
    const mean = gaussians.reduce((s, x) => s + x, 0) / gaussians.length;
    const variance = gaussians.reduce((s, x) => s + (x - mean) ** 2, 0) / gaussians.length;
    expect(Math.abs(mean)).toBeLessThan(0.05);
    expect(variance).toBeGreaterThan(0.9);
    expect(variance).toBeLessThan(1.1);
  });

  it('derives distinct seeds for distinct parts', () => {
    const seeds = new Set<number>();
    for (let g = 0; g < 50; g++) for (let a = 0; a < 50; a++) seeds.add(deriveSeed(1, g, a));
    expect(seeds.size).toBe(2500);
    expect(deriveSeed(1, 2, 3)).toBe(deriveSeed(1, 2, 3));
  });
});
