/**
 * The sampling OpenAI-ES and PGPE share: λ/2 pairs of standard normal noise z (slices of the
 * noise table, or drawn one by one), candidates c + s ⊙ z and c − s ⊙ z side by side, `s` one σ
 * or one per parameter; vectors injected in a candidate's place (Lamarckian write-back), kept as
 * their own clipped whitened step; and the pairs as noise-table offsets for the wire. Each
 * strategy keeps only its update.
 */
import type { Rng, RngState } from '../../rng.ts';
import { pairNoise, pairedSeeds } from './noise-table.ts';
import { type PerturbationSource, type SeededCandidates, injectionClip } from './strategy.ts';

export class AntitheticPairs {
  /** Each pair's standard normal noise. */
  noise: Float64Array[] = [];
  candidates: Float64Array[] = [];
  /** The generator's state before this generation's draws: a checkpoint taken between ask and tell redraws them. */
  drawnFrom: RngState | null = null;
  /** Candidates' own whitened steps where a vector was injected in their place. */
  private readonly injected = new Map<number, Float64Array>();
  /** Where each pair's noise starts in the noise table (with `perturbations: "table"`). */
  private offsets: number[] = [];

  constructor(private readonly source: PerturbationSource | undefined) {}

  /** Draws λ / 2 pairs around `centre` (once a generation; later calls return the same candidates). */
  draw(rng: Rng, populationSize: number, centre: Float64Array, scale: Float64Array): Float64Array[] {
    if (this.candidates.length) return this.candidates;
    this.drawnFrom = rng.state();
    const at = (i: number) => (scale.length === 1 ? scale[0] : scale[i]);
    for (let k = 0; k < populationSize / 2; k++) {
      const z = pairNoise(rng, centre.length, this.source, this.offsets);
      this.noise.push(z);
      this.candidates.push(
        centre.map((c, i) => c + at(i) * z[i]),
        centre.map((c, i) => c - at(i) * z[i]),
      );
    }
    return this.candidates;
  }

  /** Candidate `j` becomes x: its whitened step (x − c) / s, clipped (injectionClip), and the candidate moved to match. */
  inject(j: number, x: ArrayLike<number>, centre: Float64Array, scale: Float64Array): void {
    const at = (i: number) => (scale.length === 1 ? scale[0] : scale[i]);
    const z = centre.map((c, i) => (x[i] - c) / at(i));
    const clip = injectionClip(z);
    const candidate = this.candidates[j];
    for (let i = 0; i < z.length; i++) {
      z[i] *= clip;
      candidate[i] = centre[i] + at(i) * z[i];
    }
    this.injected.set(j, z);
  }

  /** Candidate j's own whitened step where a vector was injected in its place. */
  injectedStep(j: number): Float64Array | undefined {
    return this.injected.get(j);
  }

  seeded(centre: Float64Array, scale: Float64Array): SeededCandidates | null {
    return this.source === 'stream' ? null : pairedSeeds(centre, scale, this.offsets);
  }

  /** Forgets this generation's pairs (after tell). */
  clear(): void {
    this.noise = [];
    this.candidates = [];
    this.drawnFrom = null;
    this.injected.clear();
    this.offsets = [];
  }
}
