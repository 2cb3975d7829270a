/**
 * A shard: a piscina worker thread that sets up its own Rapier and TensorFlow.js once, then plays
 * the arenas it is sent, stepping them in lockstep with batched inference, with no round trip to
 * the main thread per step, and trains the learners it is sent by batched behaviour cloning.
 */
import { move, transferableSymbol, valueSymbol, workerData } from 'piscina';
import { resolveConfig } from '../config.ts';
import { evaluateArenas } from '../evaluate-arenas.ts';
import { setupWorld, type World } from '../setup.ts';
import { trainLearners } from '../../agents/imitation/trainer.ts';
import {
  decodeLearnRequest, decodeRequest, encodeLearnResponse, encodeResponse, measureHealth,
  type EvaluateRequest, type LearnRequest, type ShardInit, type ShardRequest,
} from './messages.ts';

const init = workerData as ShardInit;
const world: Promise<World> = setupWorld(resolveConfig(init.config));

export default async function handle(request: ShardRequest) {
  const w = await world;
  const { response, transfer } = request.kind === 'learn' ? learn(w, request) : evaluate(w, request);
  return move({ [transferableSymbol]: transfer, [valueSymbol]: response } as never);
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
