/**
 * Feature matching (apprenticeship learning in the sense of Abbeel and Ng, 2004): how far the
 * statistics of an agent's behaviour features over an episode are from a demonstration's. It
 * needs neither actions nor gradients, so evolution can select on it directly.
 *
 * Features are standardised by the demonstration's own mean and spread (their units differ:
 * metres, rad/s), then compared by their first two moments (`moments`: squared distance of the
 * means plus squared Frobenius distance of the covariances) or by a kernel two-sample statistic
 * (`mmd`: the squared maximum mean discrepancy with a Gaussian kernel). Both are 0 when the
 * agent's features are distributed as the demonstration's.
 */
import type { Rng } from '../rng.ts';

export const FEATURE_STATISTICS = ['moments', 'mmd'] as const;
export type FeatureStatistic = (typeof FEATURE_STATISTICS)[number];

/** What agents are compared with: a demonstration's features, summarised once. */
export interface FeatureReference {
  count: number;
  mean: Float64Array;
  scale: Float64Array;
  /** Covariance of the standardised demonstration features, count x count. */
  covariance: Float64Array;
  /** Up to maxSamples standardised demonstration samples, back to back, for mmd. */
  samples: Float64Array;
  /** The mean kernel value between demonstration samples (the constant term of mmd). */
  selfSimilarity: number;
}

/** Standard deviations below this (in the feature's units) are taken as this: a constant feature stays comparable. */
const MIN_SCALE = 1e-3;

export function featureReference(values: Float32Array, count: number, rng: Rng, maxSamples = 256): FeatureReference {
  const n = values.length / count;
  if (n === 0) throw new Error('featureReference: no demonstration samples');
  const mean = new Float64Array(count);
  const scale = new Float64Array(count);
  for (let i = 0; i < n; i++) for (let k = 0; k < count; k++) mean[k] += values[i * count + k] / n;
  for (let i = 0; i < n; i++) for (let k = 0; k < count; k++) scale[k] += (values[i * count + k] - mean[k]) ** 2 / n;
  for (let k = 0; k < count; k++) scale[k] = Math.max(Math.sqrt(scale[k]), MIN_SCALE);
  const standardised = standardise(values, count, mean, scale);
  const picks = n <= maxSamples ? Array.from({ length: n }, (_, i) => i) : rng.shuffle(Array.from({ length: n }, (_, i) => i)).slice(0, maxSamples);
  const samples = new Float64Array(picks.length * count);
  picks.forEach((i, j) => samples.set(standardised.subarray(i * count, (i + 1) * count), j * count));
  const reference = { count, mean, scale, covariance: moments(standardised, count).covariance, samples, selfSimilarity: 0 };
  reference.selfSimilarity = meanKernel(samples, samples, count);
  return reference;
}

/** How far an agent's features (`values`, raw units, `count` a row) are from the reference; NaN without samples. */
export function featureDistance(reference: FeatureReference, values: Float32Array, statistic: FeatureStatistic): number {
  const { count } = reference;
  if (values.length === 0) return Number.NaN;
  const z = standardise(values, count, reference.mean, reference.scale);
  if (statistic === 'mmd') return Math.max(0, meanKernel(z, z, count) + reference.selfSimilarity - 2 * meanKernel(z, reference.samples, count));
  const { mean, covariance } = moments(z, count);
  let distance = 0;
  for (let k = 0; k < count; k++) distance += mean[k] ** 2;
  for (let k = 0; k < count * count; k++) distance += (covariance[k] - reference.covariance[k]) ** 2;
  return distance / count;
}

function standardise(values: Float32Array, count: number, mean: Float64Array, scale: Float64Array): Float64Array {
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = (values[i] - mean[i % count]) / scale[i % count];
  return out;
}

function moments(z: Float64Array, count: number): { mean: Float64Array; covariance: Float64Array } {
  const n = z.length / count;
  const mean = new Float64Array(count);
  const covariance = new Float64Array(count * count);
  for (let i = 0; i < n; i++) for (let k = 0; k < count; k++) mean[k] += z[i * count + k] / n;
  for (let i = 0; i < n; i++) {
    for (let a = 0; a < count; a++) {
      const da = z[i * count + a] - mean[a];
      for (let b = 0; b < count; b++) covariance[a * count + b] += (da * (z[i * count + b] - mean[b])) / n;
    }
  }
  return { mean, covariance };
}

/** The mean Gaussian kernel value between two sets of standardised samples (bandwidth: the number of features). */
function meanKernel(x: Float64Array, y: Float64Array, count: number): number {
  const nx = x.length / count;
  const ny = y.length / count;
  let sum = 0;
  for (let i = 0; i < nx; i++) {
    for (let j = 0; j < ny; j++) {
      let d = 0;
      for (let k = 0; k < count; k++) d += (x[i * count + k] - y[j * count + k]) ** 2;
      sum += Math.exp(-d / (2 * count));
    }
  }
  return sum / (nx * ny);
}
