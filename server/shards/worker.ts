/**
 * A shard: a piscina worker thread that sets up its own Rapier and TensorFlow.js once, then plays
 * the arenas it is sent, stepping them in lockstep with batched inference, with no round trip to
 * the main thread per step.
 */
import { move, transferableSymbol, valueSymbol, workerData } from 'piscina';
import { resolveConfig } from '../config.ts';
import { evaluateArenas } from '../evaluate-arenas.ts';
import { setupWorld, type World } from '../setup.ts';
import { decodeRequest, encodeResponse, type EvaluateRequest, type ShardHealth, type ShardInit } from './messages.ts';

const init = workerData as ShardInit;
const world: Promise<World> = setupWorld(resolveConfig(init.config));

export default async function evaluate(request: EvaluateRequest) {
  const { tasks, genomes } = decodeRequest(request);
  const results = evaluateArenas(await world, tasks, genomes);
  const { response, transfer } = encodeResponse(results, health(await world));
  return move({ [transferableSymbol]: transfer, [valueSymbol]: response } as never);
}

function health(w: World): ShardHealth {
  const usage = process.memoryUsage();
  return { heapUsedBytes: usage.heapUsed, externalBytes: usage.external, tensors: w.tf.memory().numTensors };
}
