/** One generation's learning step, between breeding and evaluation. */
import type { LearnerOutcome } from '../../agents/imitation/trainer.ts';
import { mean } from '../../agents/stats.ts';
import type { Config } from '../config/schema.ts';
import type { RecordOptions } from '../evaluation/evaluate-arenas.ts';
import type { Evaluator } from '../evaluation/evaluator.ts';
import type { World } from '../evaluation/engine.ts';
import type { Imitation, LearnPlan } from './imitation.ts';

export interface Learning {
  plan: LearnPlan;
  outcomes: LearnerOutcome[];
  /** The networks that play this generation: learned ones for learners, innate for the rest. */
  phenotypes: Float32Array[];
  seconds: number;
}

/** Trains this generation's learners; the genomes themselves are left as they are. */
export async function learn(
  config: Config,
  world: World,
  imitation: Imitation,
  evaluator: Evaluator,
  generation: number,
  genomes: Float32Array[],
  lineage: Int32Array | null,
): Promise<Learning> {
  const started = performance.now();
  const plan = imitation.plan(generation, genomes.length, lineage);
  const { steps, batchSize, learningRate } = config.imitation;
  const outcomes = plan.learners.length
    ? await evaluator.learn(
        plan.learners.map((g) => genomes[g]),
        plan.data,
        { steps, batchSize, learningRate },
        world.scenario.spec.observationSize,
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
export function inherit(config: Config, learning: Learning, genomes: Float32Array[]): void {
  if (config.imitation.inheritance !== 'lamarckian') return;
  learning.plan.learners.forEach((g, k) => genomes[g].set(learning.outcomes[k].genome));
}

export function recordOptions(config: Config): RecordOptions {
  return { every: config.imitation.recordEvery, expertLabels: true };
}

export function imitationMetrics(learning: Learning, agreement: number): Record<string, unknown> {
  const { outcomes, plan } = learning;
  return {
    learners: plan.learners.length,
    experts: plan.experts,
    lossBefore: outcomes.length ? mean(outcomes.map((o) => o.lossBefore)) : null,
    loss: outcomes.length ? mean(outcomes.map((o) => o.lossAfter)) : null,
    agreement: Number.isFinite(agreement) ? agreement : null,
  };
}
