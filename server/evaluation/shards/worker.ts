/**
 * A shard: a piscina worker thread that sets up its own Rapier and TensorFlow.js once, then plays
 * the matches it is sent, stepping them in lockstep with batched inference, with no round trip
 * to the main thread per step, and trains the learners it is sent by batched behaviour cloning.
 */
import { move, transferableSymbol, valueSymbol, workerData } from 'piscina';
import { trainWith } from '../../../agents/imitation/trainer.ts';
import { resolveConfig } from '../../config/resolve.ts';
import { setupEngine, type Engine } from '../engine.ts';
import { playMatches } from '../play.ts';
import { decodeBatch } from '../wire.ts';
import { regionBuffers, regionStepper } from '../../ecology/step-regions.ts';
import type { RegionOutcome, RegionWindow } from '../../../worlds/ecology/region.ts';
import { decodeLearnRequest, encodeLearnResponse, encodePlayResponse, measureHealth, type LearnRequest, type PlayRequest, type ShardInit, type ShardRequest } from './messages.ts';

const init = workerData as ShardInit;
const config = resolveConfig(init.config);
const engine: Promise<Engine> = setupEngine(config);
let stepRegion: ((window: RegionWindow) => RegionOutcome) | null = null;

export default async function handle(request: ShardRequest) {
  const e = await engine;
  const { response, transfer } = request.kind === 'play' ? play(e, request) : request.kind === 'learn' ? learn(e, request) : region(e, request.window);
  return move({ [transferableSymbol]: transfer, [valueSymbol]: response } as never);
}

function learn(e: Engine, request: LearnRequest) {
  const { genomes, data } = decodeLearnRequest(request);
  return encodeLearnResponse(trainWith(e.training, e.tf, request.shape, genomes, data, request.options), measureHealth(e.tf));
}

function play(e: Engine, request: PlayRequest) {
  return encodePlayResponse(playMatches(e, decodeBatch(request.batch)), request.batch.slots, measureHealth(e.tf));
}

function region(e: Engine, window: RegionWindow) {
  stepRegion ??= regionStepper(e, config);
  const outcome = stepRegion(window);
  return { response: { outcome, health: measureHealth(e.tf) }, transfer: regionBuffers(outcome) };
}
