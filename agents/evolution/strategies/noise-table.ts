/**
 * The shared noise table (Salimans et al. 2017): one block of standard normal values, the same on
 * every thread of every machine (built from a fixed seed, never from a run's), so that a
 * perturbation is named by where it starts in the table. OpenAI-ES and PGPE draw their
 * perturbations as slices of it (`evolution.perturbations: "table"`), and a candidate c ± s ⊙ z
 * travels to a shard or a Redis worker as its centre, scale, offset and sign instead of its
 * values (seeded-genomes.ts). Built lazily, once per thread: 16 MB, about 0.1 s.
 */
import { Rng } from '../../rng.ts';
import type { PerturbationSource, SeededCandidates } from './strategy.ts';

/** Values in the table: 2²² float32 (16 MB). A perturbation of n values starts anywhere in [0, size − n]. */
export const NOISE_TABLE_SIZE = 1 << 22;
/** The table's seed, fixed forever: changing it changes every run that draws from the table. */
export const NOISE_TABLE_SEED = 0x5eed7ab1;

let table: Float32Array | null = null;

export function noiseTable(): Float32Array {
  if (!table) {
    const rng = new Rng(NOISE_TABLE_SEED);
    table = new Float32Array(NOISE_TABLE_SIZE);
    for (let i = 0; i < NOISE_TABLE_SIZE; i++) table[i] = rng.gaussian();
  }
  return table;
}

/** A random start for a perturbation of `length` values. */
export function noiseOffset(rng: Rng, length: number): number {
  if (length > NOISE_TABLE_SIZE) throw new Error(`noise table: a perturbation of ${length} values is longer than the table (${NOISE_TABLE_SIZE})`);
  return rng.int(NOISE_TABLE_SIZE - length + 1);
}

/**
 * Candidates c + s ⊙ z (sign +1) or c − s ⊙ z (sign −1), z the table's slice at each offset, as
 * float32 genomes: exactly the strategies' own arithmetic (in float64, rounded once), so a
 * rebuilt genome equals the one the strategy asked for, bit for bit. `scale` is one value (σ for
 * every parameter) or one per parameter.
 */
export function perturbed(centre: Float64Array, scale: Float64Array, offsets: ArrayLike<number>, signs: ArrayLike<number>): Float32Array[] {
  const z = noiseTable();
  const n = centre.length;
  return Array.from(offsets, (offset, k) => {
    const genome = new Float32Array(n);
    const plus = signs[k] > 0;
    for (let i = 0; i < n; i++) {
      const step = (scale.length === 1 ? scale[0] : scale[i]) * z[offset + i];
      genome[i] = plus ? centre[i] + step : centre[i] - step;
    }
    return genome;
  });
}

/**
 * One pair's standard normal noise for the antithetic strategies: a slice of the noise table
 * (its offset appended to `offsets`), or with `stream` n values drawn one by one.
 */
export function pairNoise(rng: Rng, n: number, source: PerturbationSource | undefined, offsets: number[]): Float64Array {
  if (source === 'stream') return Float64Array.from({ length: n }, () => rng.gaussian());
  const offset = noiseOffset(rng, n);
  offsets.push(offset);
  return Float64Array.from(noiseTable().subarray(offset, offset + n));
}

/** λ candidates in pairs side by side (2k adds pair k's noise, 2k + 1 subtracts it) as SeededCandidates. */
export function pairedSeeds(centre: Float64Array, scale: Float64Array, pairOffsets: number[]): SeededCandidates {
  const count = 2 * pairOffsets.length;
  return {
    centre: centre.slice(),
    scale,
    offsets: Int32Array.from({ length: count }, (_, j) => pairOffsets[j >> 1]),
    signs: Int8Array.from({ length: count }, (_, j) => (j % 2 ? -1 : 1)),
  };
}
