/**
 * A round of neighbour imitation: a share of the agents (drawn from the seed, or the worst fed:
 * `learnWhen`) look at the neighbours they see,
 * pick one by the run's strategy (worlds/ecology/neighbours.ts) and take bounded behaviour-cloning
 * steps on its recent pairs, batched in the shards like a generation's learners. Each learner's
 * minibatches come from its own seed, so the result is the same on any number of workers.
 * Under `keepCopy: "critical"` a round first judges the last round's copies: a learner that has
 * since fed more slowly than before it copied goes back to the weights it had.
 */
import { deriveSeed, type Rng } from '../../agents/rng.ts';
import type { MlpShape } from '../../agents/mlp.ts';
import { pickModels, type Pick } from '../../worlds/ecology/neighbours.ts';
import type { Agent } from '../../worlds/ecology/agents.ts';
import type { EcologyOptions } from '../../worlds/ecology/options.ts';
import type { EcologyWorld } from '../../worlds/ecology/world.ts';
import type { Evaluator } from '../evaluation/evaluator.ts';
import { SEED_STREAMS } from '../seed-streams.ts';

export interface RoundResult {
  picks: Pick[];
  /** Copies of the round before that were undone (`keepCopy: "critical"`). */
  reverted: number;
}

export async function imitationRound(world: EcologyWorld, shape: MlpShape, evaluator: Evaluator, rng: Rng, runSeed: number): Promise<RoundResult> {
  const o = world.o;
  const reverted = judgeCopies(world.agents, world.time, o.trialRounds);
  if (o.strategy === 'none' || o.inheritance === 'darwinian' || o.learnFraction === 0) return { picks: [], reverted };
  const drawn = o.learnWhen === 'dissatisfied' ? worstFed(world.agents, o, world.time) : world.agents.filter(() => rng.next() < o.learnFraction);
  // A copy still on trial (`trialRounds` above 1) is not overwritten by another; drawn all the same, so the draws stay as they were.
  const learners = drawn.filter((a) => !a.trial);
  const picks = pickModels(o, world.agents, learners, o.strategy, world.time, rng);
  if (!picks.length) return { picks, reverted };
  const data = picks.map(({ learner, model }) => ({ ...model.pairs.ordered(), seed: deriveSeed(runSeed, SEED_STREAMS.neighbours, world.step, learner.id) }));
  const outcomes = await evaluator.learn(
    shape,
    picks.map((p) => p.learner.weights),
    data,
    { steps: o.learnSteps, batchSize: o.learnBatchSize, learningRate: o.learningRate },
  );
  picks.forEach(({ learner }, k) => {
    if (o.keepCopy === 'critical') learner.trial = { weights: learner.weights.slice(), rate: feedRate(learner, o, world.time), since: world.time, gained: 0, rounds: 0 };
    learner.weights.set(outcomes[k].genome); // into the learner's slot: its genome stays as born
  });
  for (const a of world.agents) a.recentGain = 0;
  return { picks, reverted };
}

/** Food gained per second since the last round; an agent born since then, over its own life. */
function feedRate(a: Agent, o: EcologyOptions, now: number): number {
  return a.recentGain / Math.max(1e-9, Math.min(o.learnEvery, now - a.bornAt));
}

/**
 * Critical social learning: a copy on trial adds each round's food (`recentGain`) to its tally, and
 * after `trialRounds` rounds is judged by the food its learner has gained per second since copying
 * against its rate before. A slower learner goes back to the weights it had; either way the trial
 * ends. Returns how many went back.
 */
export function judgeCopies(agents: Agent[], now: number, trialRounds = 1): number {
  let reverted = 0;
  for (const a of agents) {
    if (!a.trial) continue;
    a.trial.gained += a.recentGain;
    a.trial.rounds++;
    if (a.trial.rounds < trialRounds) continue;
    if (a.trial.gained / Math.max(1e-9, now - a.trial.since) < a.trial.rate) {
      a.weights.set(a.trial.weights);
      reverted++;
    }
    a.trial = null;
  }
  return reverted;
}

/**
 * Copy-if-dissatisfied: the `learnFraction` of the agents that gained the least food per second
 * since the last round (an agent born since then over its own life), the lowest first, ties by id.
 */
export function worstFed(agents: Agent[], o: EcologyOptions, now: number): Agent[] {
  const count = Math.round(o.learnFraction * agents.length);
  return agents
    .map((agent) => ({ agent, rate: feedRate(agent, o, now) }))
    .sort((a, b) => a.rate - b.rate || a.agent.id - b.agent.id)
    .slice(0, count)
    .map((r) => r.agent);
}
