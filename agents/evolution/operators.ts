/** Genetic operators on flat genomes; each one draws only from the Rng it is given. */
import type { Rng } from '../rng.ts';

/** Index of the fittest of `size` individuals drawn with replacement. */
export function tournamentSelect(fitness: ArrayLike<number>, size: number, rng: Rng): number {
  let best = rng.int(fitness.length);
  for (let i = 1; i < size; i++) {
    const challenger = rng.int(fitness.length);
    if (fitness[challenger] > fitness[best]) best = challenger;
  }
  return best;
}

/** Uniform crossover: each gene from either parent with equal chance. */
export function uniformCrossover(a: Float32Array, b: Float32Array, rng: Rng): Float32Array {
  if (a.length !== b.length) throw new Error(`crossover: parents differ in length (${a.length} vs ${b.length})`);
  const child = new Float32Array(a.length);
  for (let i = 0; i < a.length; i++) child[i] = rng.next() < 0.5 ? a[i] : b[i];
  return child;
}

/** Adds N(0, std) noise to each gene with probability `rate`, in place. */
export function gaussianMutate(genome: Float32Array, rate: number, std: number, rng: Rng): Float32Array {
  for (let i = 0; i < genome.length; i++) {
    if (rate >= 1 || rng.next() < rate) genome[i] += std * rng.gaussian();
  }
  return genome;
}

/** Indices sorted by fitness, best first; ties keep index order so ranking is deterministic. */
export function rankByFitness(fitness: ArrayLike<number>): number[] {
  return Array.from({ length: fitness.length }, (_, i) => i).sort((i, j) => fitness[j] - fitness[i] || i - j);
}
