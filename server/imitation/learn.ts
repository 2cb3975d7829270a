/** One generation's learning step for a population, between breeding and playing. */
import type { LearnerOutcome } from '../../agents/imitation/trainer.ts';
import { mean } from '../../agents/stats.ts';
import type { Evaluator } from '../evaluation/evaluator.ts';
import type { MlpShape } from '../../agents/mlp.ts';
import type { ImitationContext } from './experts.ts';
import type { Imitation, LearnPlan } from './imitation.ts';

export interface Learning {
  plan: LearnPlan;
  outcomes: LearnerOutcome[];
  /** The networks that play this generation: learned ones for learners, innate for the rest. */
  phenotypes: Float32Array[];
  seconds: number;
  /** With the `critical` strategy: learners whose learned network scored worse and were reverted. */
  rejected?: number;
}

/** Trains this generation's learners, in the shards; the genomes themselves are left as they are. */
export async function learn(
  imitation: Imitation,
  shape: MlpShape,
  evaluator: Evaluator,
  generation: number,
  genomes: Float32Array[],
  lineage: Int32Array | null,
  context: ImitationContext,
): Promise<Learning> {
  const started = performance.now();
  const plan = imitation.plan(generation, genomes.length, lineage, context);
  const { steps, batchSize, learningRate } = imitation.settings;
  const outcomes = plan.learners.length
    ? await evaluator.learn(
        shape,
        plan.learners.map((g) => genomes[g]),
        plan.data,
        { steps, batchSize, learningRate },
      )
    : [];
  const phenotypes = genomes.slice();
  plan.learners.forEach((g, k) => (phenotypes[g] = outcomes[k].genome));
  return { plan, outcomes, phenotypes, seconds: (performance.now() - started) / 1000 };
}

/**
 * Lamarckian inheritance: the learned weights become the learners' genomes. Called once the
 * generation has been played, so that a generation that fails leaves the population untouched.
 * The algorithm breeds from the very arrays ask() returned: writing into them is inheritance.
 */
export function inherit(imitation: Imitation, learning: Learning, genomes: Float32Array[]): void {
  if (imitation.settings.inheritance !== 'lamarckian') return;
  learning.plan.learners.forEach((g, k) => genomes[g].set(learning.outcomes[k].genome));
}

export function imitationMetrics(learning: Learning, agreement: number): Record<string, unknown> {
  const { outcomes, plan } = learning;
  return {
    learners: plan.learners.length,
    experts: plan.experts,
    lossBefore: outcomes.length ? mean(outcomes.map((o) => o.lossBefore)) : null,
    loss: outcomes.length ? mean(outcomes.map((o) => o.lossAfter)) : null,
    agreement: Number.isFinite(agreement) ? agreement : null,
    ...(plan.human ? { humanPairs: plan.human.pairs, humanFiles: plan.human.files } : {}),
    ...(learning.rejected !== undefined ? { rejected: learning.rejected } : {}),
  };
}
