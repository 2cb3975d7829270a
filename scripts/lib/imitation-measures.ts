/**
 * Measures of a trained population for the imitation-methods experiment: how its champion does
 * against equals, how far its behaviour features are from the expert's, and where roles meet, how
 * its champion scores against random and scripted rivals.
 */
import { featureDistance, featureReference, type FeatureReference } from '../../agents/imitation/feature-matching.ts';
import { loadPolicy } from '../../agents/policy-file.ts';
import { Rng, deriveSeed } from '../../agents/rng.ts';
import { mean } from '../../agents/stats.ts';
import type { Config } from '../../server/config/schema.ts';
import { makeController, setupEpisode, type EpisodeSetup } from '../../server/evaluation/episodes.ts';
import { playMatches } from '../../server/evaluation/play.ts';
import { planRun } from '../../server/run/populations.ts';
import { recordTrajectories } from '../../worlds/rollout.ts';
import type { Controller } from '../../worlds/scenario.ts';

const MEASURE_SEED = 4242;

export interface WorldMeasures {
  setup: EpisodeSetup;
  config: Config;
  /** The expert's behaviour features, summarised: what the champions' are compared with. */
  reference: FeatureReference;
}

export async function measuresFor(config: Config, episodes: number, every: number): Promise<WorldMeasures> {
  const setup = await setupEpisode(config);
  const expert = trajectoriesOf(setup, setup.scenario.experts[0], episodes, every, 1);
  return { setup, config, reference: featureReference(expert, setup.scenario.spec.roles[0].features.length, new Rng(MEASURE_SEED)) };
}

/** Role 0's behaviour features over `episodes` episodes with `controller` in role 0 (the other roles play their experts). */
export function trajectoriesOf(setup: EpisodeSetup, controller: Controller, episodes: number, every: number, seedOffset: number): Float32Array {
  const { scenario, engine } = setup;
  const arenas = Array.from({ length: episodes }, (_, i) => scenario.createArena(engine.rapier, deriveSeed(MEASURE_SEED, seedOffset, i)));
  try {
    const controllers = scenario.spec.roles.map((_, r) => (r === 0 ? controller : scenario.experts[r]));
    return recordTrajectories(arenas, scenario.spec, controllers, 0, every).features;
  } finally {
    for (const arena of arenas) arena.dispose();
  }
}

/** How far a saved policy's behaviour features (role 0) are from the expert's (the moments statistic). */
export function featureDistanceOf(measures: WorldMeasures, policy: string, episodes: number, every: number): number {
  const { setup } = measures;
  const slots = setup.scenario.spec.roles[0].slots;
  const controller = makeController({ kind: 'policy', path: policy }, setup, 1, episodes * slots);
  try {
    return featureDistance(measures.reference, trajectoriesOf(setup, controller.controller, episodes, every, 2), 'moments');
  } finally {
    controller.dispose();
  }
}

/** Role 0's mean score with a saved policy in its seats against `rival` (random or the expert) in every other seat, over `matches` matches. */
export function scoreAgainst(measures: WorldMeasures, policy: string, rival: 'random' | 'expert', matches: number): number {
  const { setup, config } = measures;
  const saved = loadPolicy(policy);
  const world = planRun(config).ref;
  const tasks = Array.from({ length: matches }, (_, index) => ({
    index,
    seed: deriveSeed(MEASURE_SEED, 3, index),
    seats: setup.scenario.spec.roles.map((role, r) => Array.from({ length: role.slots }, () => ({ team: r === 0 ? 0 : 1, member: 0 }))),
  }));
  const results = playMatches(setup.engine, { world, teams: [{ kind: 'mlp', shape: saved.shape, genomes: [saved.genome] }, { kind: rival }], tasks });
  return mean(results.map((r) => setup.scenario.score(r.outcome, 0, 0)));
}
