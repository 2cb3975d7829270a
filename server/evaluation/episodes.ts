/**
 * `coevo eval`: plays N episodes in which every agent of an arena uses the same controller
 * (a saved policy, a checkpoint's champion, the scripted expert or random actions), and
 * reports the mean and spread of the per-episode fitness (mean over the arena's agents).
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { policyBatchFactory } from '../../agents/policy-batch.ts';
import { loadPolicy, type Policy } from '../../agents/policy-file.ts';
import { Rng, deriveSeed } from '../../agents/rng.ts';
import { mean, stdDev } from '../../agents/stats.ts';
import { createScenario } from '../../worlds/registry.ts';
import { rollout } from '../../worlds/rollout.ts';
import type { Controller, DisposableController, Scenario } from '../../worlds/scenario.ts';
import { roleBodies } from '../config/populations.ts';
import type { Config } from '../config/schema.ts';
import { SEED_STREAMS } from '../seed-streams.ts';
import { findCheckpoint } from '../run/checkpoint.ts';
import { CoevoError } from '../errors.ts';
import { setupEngine, type Engine } from './engine.ts';

export type ControllerSource = { kind: 'policy'; path: string } | { kind: 'checkpoint'; path: string } | { kind: 'expert' } | { kind: 'random' };

export interface EvalResult {
  controller: string;
  episodes: number;
  scores: number[];
  mean: number;
  std: number;
  /** Team worlds (carry): the share of episodes in which the team delivered, and its mean progress (1: all the way). */
  team?: { successRate: number; meanProgress: number };
}

/** Episodes run in lockstep batches of this many arenas. */
const EVAL_BATCH = 32;

/** Resolves a checkpoint argument to its champion's policy folder. */
export function championPath(checkpointArg: string): string {
  const dir = join(findCheckpoint(checkpointArg), 'champion');
  if (!existsSync(dir)) throw new CoevoError('BAD_CHECKPOINT', `${checkpointArg}: the checkpoint has no champion policy`);
  return dir;
}

/** The run directory a checkpoint argument belongs to, if it is inside one. */
export function runDirOfCheckpoint(checkpointArg: string): string | null {
  const checkpoint = findCheckpoint(checkpointArg);
  const runDir = dirname(dirname(checkpoint));
  return existsSync(join(runDir, 'config.json')) ? runDir : null;
}

/** A config's world, with a body per role, and what it runs on (coevo eval, coevo record). */
export interface EpisodeSetup {
  engine: Engine;
  scenario: Scenario;
}

export async function setupEpisode(config: Config): Promise<EpisodeSetup> {
  return { engine: await setupEngine(config), scenario: createScenario(config.scenario, config.worlds, roleBodies(config), config.physics.gravity) };
}

export function loadCompatiblePolicy(path: string, scenario: Scenario, role = 0): Policy {
  const policy = loadPolicy(path);
  const spec = { ...scenario.spec.roles[role], name: scenario.spec.name };
  const { header } = policy;
  if (header.scenario !== spec.name) {
    throw new CoevoError('BAD_POLICY', `policy ${path} was trained for scenario "${header.scenario}", not "${spec.name}"`);
  }
  if (header.observationSize !== spec.observationSize || header.actionSize !== spec.actionSize) {
    throw new CoevoError(
      'BAD_POLICY',
      `policy ${path} takes ${header.observationSize} observations and gives ${header.actionSize} actions; ` +
        `this ${spec.name} world has ${spec.observationSize} and ${spec.actionSize} (check the world settings)`,
    );
  }
  return policy;
}

/** A controller for `agents` seats of role `role` at once; a policy runs on the engine's inference backend. */
export function makeController(source: ControllerSource, world: EpisodeSetup, seed: number, agents: number, role = 0): DisposableController {
  const { scenario, engine } = world;
  const { actionSize } = scenario.spec.roles[role];
  switch (source.kind) {
    case 'expert':
      return { controller: scenario.experts[role], dispose: () => {} };
    case 'random': {
      const rng = new Rng(deriveSeed(seed, SEED_STREAMS.randomActions));
      const controller: Controller = (_obs, count, actions) => {
        for (let i = 0; i < count * actionSize; i++) actions[i] = rng.uniform(-1, 1);
      };
      return { controller, dispose: () => {} };
    }
    case 'policy':
    case 'checkpoint': {
      const path = source.kind === 'policy' ? source.path : championPath(source.path);
      const policy = loadCompatiblePolicy(path, scenario, role);
      return policyBatchFactory(engine.inference, policy.shape, engine.tf)(new Array(agents).fill(policy.genome));
    }
  }
}

export function evaluateController(world: EpisodeSetup, source: ControllerSource, episodes: number, seed: number): EvalResult {
  const { scenario } = world;
  const { rapier } = world.engine;
  const { slots } = scenario.spec.roles[0];
  const scores: number[] = [];
  // A team world's outcome is the block's progress, plus 1 once delivered (worlds/carry/arena.ts).
  const outcomes: number[] = [];
  for (let start = 0; start < episodes; start += EVAL_BATCH) {
    const count = Math.min(EVAL_BATCH, episodes - start);
    const arenas = Array.from({ length: count }, (_, i) => scenario.createArena(rapier, deriveSeed(seed, SEED_STREAMS.evaluation, start + i)));
    // A fresh controller per batch: the tfjs one is built for an exact number of agents.
    const { controller, dispose } = makeController(source, world, deriveSeed(seed, start), count * slots);
    try {
      rollout(arenas, scenario.spec, [{ role: 0, controller, rows: Int32Array.from({ length: count * slots }, (_, k) => k) }]);
      for (const arena of arenas) {
        scores.push(mean(arena.fitness[0]));
        outcomes.push(arena.outcome[0][0]);
      }
    } finally {
      dispose();
      for (const arena of arenas) arena.dispose();
    }
  }
  const result: EvalResult = { controller: describe(source), episodes, scores, mean: mean(scores), std: stdDev(scores) };
  if (scenario.spec.team) {
    const delivered = outcomes.map((o) => o >= 2 - 1e-9);
    result.team = { successRate: mean(delivered.map(Number)), meanProgress: mean(outcomes.map((o, i) => (delivered[i] ? 1 : o))) };
  }
  return result;
}

function describe(source: ControllerSource): string {
  return source.kind === 'policy' || source.kind === 'checkpoint' ? `${source.kind} ${source.path}` : source.kind;
}

export function formatEval(result: EvalResult): string {
  const team = result.team ? `; delivered in ${(100 * result.team.successRate).toFixed(0)}% of episodes, mean progress ${result.team.meanProgress.toFixed(2)}` : '';
  return `mean ${result.mean.toFixed(2)} ± ${result.std.toFixed(2)} over ${result.episodes} episodes (${result.controller})${team}`;
}
