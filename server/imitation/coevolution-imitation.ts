/**
 * Behaviour cloning inside a co-evolution run. Demonstrations are recorded once: the scripted
 * experts of every role play `demoEpisodes` matches against each other and every other control
 * step of the population's role is kept. Each generation a seeded share of the population trains
 * on pairs drawn from them (agents/imitation/trainer.ts, batched on the main thread), and the
 * learned weights replace the genomes in place (Lamarckian: they play and they breed).
 */
import { concatFloat32 } from '../../agents/arrays.ts';
import { trainLearners, type LearnerData } from '../../agents/imitation/trainer.ts';
import { Rng, deriveSeed } from '../../agents/rng.ts';
import { mean } from '../../agents/stats.ts';
import { matchRollout } from '../../worlds/match-rollout.ts';
import type { MatchScenario } from '../../worlds/match.ts';
import type { Engine } from '../evaluation/engine.ts';
import type { Population } from '../run/populations.ts';

const DEMO_STREAM = 0x64656d6f;
const LEARN_STREAM = 0x6c726e;
const RECORD_EVERY = 2;

export interface Demonstrations {
  observations: Float32Array;
  actions: Float32Array;
  count: number;
}

export function recordDemonstrations(engine: Engine, scenario: MatchScenario, population: Population, runSeed: number): Demonstrations {
  const { spec } = scenario;
  const role = spec.roles[population.role];
  const episodes = population.imitation.demoEpisodes;
  const arenas = Array.from({ length: episodes }, (_, e) => scenario.createArena(engine.rapier, deriveSeed(runSeed, DEMO_STREAM, population.index, e)));
  const observations: Float32Array[] = [];
  const actions: Float32Array[] = [];
  try {
    const groups = spec.roles.map((r, index) => ({
      role: index,
      controller: scenario.experts[index],
      rows: Int32Array.from({ length: arenas.length * r.slots }, (_, k) => k),
    }));
    matchRollout(arenas, spec, groups, (step, obs, act) => {
      if (step % RECORD_EVERY !== 0) return;
      arenas.forEach((arena, i) => {
        if (arena.done) return;
        const at = i * role.slots;
        observations.push(obs[population.role].slice(at * role.observationSize, (at + role.slots) * role.observationSize));
        actions.push(act[population.role].slice(at * role.actionSize, (at + role.slots) * role.actionSize));
      });
    });
  } finally {
    for (const arena of arenas) arena.dispose();
  }
  const obs = concatFloat32(observations);
  return { observations: obs, actions: concatFloat32(actions), count: obs.length / role.observationSize };
}

export interface ImitationReport {
  learners: number;
  lossBefore: number;
  loss: number;
}

/** Trains a seeded share of `genomes` on the demonstrations and writes the results back into them. */
export function imitate(
  engine: Engine,
  population: Population,
  genomes: Float32Array[],
  demos: Demonstrations,
  runSeed: number,
  generation: number,
): ImitationReport {
  const { imitation, shape } = population;
  const rng = new Rng(deriveSeed(runSeed, LEARN_STREAM, population.index, generation));
  const learners = rng.shuffle(genomes.map((_, i) => i)).slice(0, Math.round(imitation.learnFraction * genomes.length));
  const samples = Math.min(imitation.samplesPerLearner, demos.count);
  const data: LearnerData[] = learners.map(() => {
    const observations = new Float32Array(samples * shape.inputSize);
    const actions = new Float32Array(samples * shape.outputSize);
    for (let k = 0; k < samples; k++) {
      const pick = rng.int(demos.count);
      observations.set(demos.observations.subarray(pick * shape.inputSize, (pick + 1) * shape.inputSize), k * shape.inputSize);
      actions.set(demos.actions.subarray(pick * shape.outputSize, (pick + 1) * shape.outputSize), k * shape.outputSize);
    }
    return { observations, actions, seed: rng.int(2 ** 31) };
  });
  const outcomes = trainLearners(
    engine.tf,
    shape,
    learners.map((i) => genomes[i]),
    data,
    imitation,
  );
  outcomes.forEach((outcome, k) => genomes[learners[k]].set(outcome.genome));
  return { learners: learners.length, lossBefore: mean(outcomes.map((o) => o.lossBefore)), loss: mean(outcomes.map((o) => o.lossAfter)) };
}
