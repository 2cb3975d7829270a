/**
 * A shard: a piscina worker thread that sets up its own Rapier and TensorFlow.js once, then plays
 * the arenas or matches it is sent, stepping them in lockstep with batched inference, with no
 * round trip to the main thread per step, and trains the learners it is sent by batched
 * behaviour cloning. The single-role world (forage, locomotion) is built on first use, so a
 * shard of a co-evolution run or a tournament never builds one.
 */
import { move, transferableSymbol, valueSymbol, workerData } from 'piscina';
import { resolveConfig } from '../../config/resolve.ts';
import { evaluateArenas } from '../evaluate-arenas.ts';
import { playMatches } from '../play.ts';
import { setupEngine, setupWorld, type Engine, type World } from '../engine.ts';
import { trainLearners } from '../../../agents/imitation/trainer.ts';
import {
  decodeLearnRequest,
  decodePlayRequest,
  decodeRequest,
  encodeLearnResponse,
  encodePlayResponse,
  encodeResponse,
  measureHealth,
  type EvaluateRequest,
  type LearnRequest,
  type PlayRequest,
  type ShardInit,
  type ShardRequest,
} from './messages.ts';

const init = workerData as ShardInit;
const config = resolveConfig(init.config);
const engine: Promise<Engine> = setupEngine(config);
let world: Promise<World> | null = null;

export default async function handle(request: ShardRequest) {
  const e = await engine;
  const { response, transfer } =
    request.kind === 'play'
      ? play(e, request)
      : request.kind === 'learn'
        ? learn(await singleRoleWorld(e), request)
        : evaluate(await singleRoleWorld(e), request);
  return move({ [transferableSymbol]: transfer, [valueSymbol]: response } as never);
}

function singleRoleWorld(e: Engine): Promise<World> {
  world ??= setupWorld(config, e);
  return world;
}

function evaluate(w: World, request: EvaluateRequest) {
  const { tasks, genomes } = decodeRequest(request);
  return encodeResponse(evaluateArenas(w, tasks, genomes, request.record), measureHealth(w.tf));
}

function learn(w: World, request: LearnRequest) {
  const { spec } = w.scenario;
  const { genomes, data } = decodeLearnRequest(request, spec.observationSize, spec.actionSize);
  return encodeLearnResponse(trainLearners(w.tf, w.shape, genomes, data, request.options), measureHealth(w.tf));
}

function play(e: Engine, request: PlayRequest) {
  return encodePlayResponse(playMatches(e, decodePlayRequest(request)), request.slots, measureHealth(e.tf));
}
