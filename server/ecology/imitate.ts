/**
 * A round of neighbour imitation: a seeded share of the agents look at the neighbours they see,
 * pick one by the run's strategy (worlds/ecology/neighbours.ts) and take bounded behaviour-cloning
 * steps on its recent pairs, batched in the shards like a generation's learners. Each learner's
 * minibatches come from its own seed, so the result is the same on any number of workers.
 */
import { deriveSeed, type Rng } from '../../agents/rng.ts';
import type { MlpShape } from '../../agents/mlp.ts';
import { pickModels, type Pick } from '../../worlds/ecology/neighbours.ts';
import type { EcologyWorld } from '../../worlds/ecology/world.ts';
import type { Evaluator } from '../evaluation/evaluator.ts';
import { SEED_STREAMS } from '../seed-streams.ts';

export async function imitationRound(world: EcologyWorld, shape: MlpShape, evaluator: Evaluator, rng: Rng, runSeed: number): Promise<Pick[]> {
  const o = world.o;
  if (o.strategy === 'none' || o.inheritance === 'darwinian' || o.learnFraction === 0) return [];
  const learners = world.agents.filter(() => rng.next() < o.learnFraction);
  const picks = pickModels(o, world.agents, learners, o.strategy, world.time, rng);
  if (!picks.length) return [];
  const data = picks.map(({ learner, model }) => ({ ...model.pairs.ordered(), seed: deriveSeed(runSeed, SEED_STREAMS.neighbours, world.step, learner.id) }));
  const outcomes = await evaluator.learn(
    shape,
    picks.map((p) => p.learner.weights),
    data,
    { steps: o.learnSteps, batchSize: o.learnBatchSize, learningRate: o.learningRate },
  );
  picks.forEach((p, k) => p.learner.weights.set(outcomes[k].genome)); // into the learner's slot: its genome stays as born
  for (const a of world.agents) a.recentGain = 0;
  return picks;
}
