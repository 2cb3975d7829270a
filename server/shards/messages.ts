/**
 * Every message between the main thread and a shard worker. Bulk numbers travel as typed arrays
 * whose buffers are transferred, never copied object by object: genomes in, fitness out.
 */
import type { ConfigInput } from '../config-schema.ts';
import type { ArenaResult, ArenaTask } from '../generation-plan.ts';

/** Given to every shard when it starts (piscina workerData): the run's resolved config. */
export interface ShardInit {
  config: ConfigInput;
}

/** Main -> shard: play these arenas. Agent slots index into `genomes`, a local block. */
export interface EvaluateRequest {
  arenaIndex: Int32Array;
  arenaSeed: Uint32Array;
  /** arenas x agentsPerArena indices into the genome block. */
  slots: Int32Array;
  agentsPerArena: number;
  genomeLength: number;
  /** Genomes back to back, only those this shard's arenas use. */
  genomes: Float32Array;
}

/** Shard -> main: per-arena results, arena by arena in request order, plus the shard's health. */
export interface EvaluateResponse {
  arenaIndex: Int32Array;
  fitness: Float64Array;
  eaten: Int32Array;
  agentSteps: Float64Array;
  nonFiniteActions: Int32Array;
  nonFiniteObservations: Int32Array;
  health: ShardHealth;
}

/** Memory gauges of one shard, sampled after its work; they must not grow over a long run. */
export interface ShardHealth {
  heapUsedBytes: number;
  /** WebAssembly memories and buffers held by the shard's isolate (Rapier, tfjs wasm). */
  externalBytes: number;
  tensors: number;
}

export function encodeRequest(tasks: ArenaTask[], genomes: Float32Array[]): { request: EvaluateRequest; transfer: ArrayBuffer[] } {
  const agentsPerArena = tasks[0]?.genomes.length ?? 0;
  const genomeLength = genomes[0]?.length ?? 0;
  const local = new Map<number, number>();
  const slots = new Int32Array(tasks.length * agentsPerArena);
  tasks.forEach((task, t) => task.genomes.forEach((g, s) => {
    if (!local.has(g)) local.set(g, local.size);
    slots[t * agentsPerArena + s] = local.get(g)!;
  }));
  const block = new Float32Array(local.size * genomeLength);
  for (const [g, at] of local) block.set(genomes[g], at * genomeLength);
  const request: EvaluateRequest = {
    arenaIndex: Int32Array.from(tasks, (t) => t.index),
    arenaSeed: Uint32Array.from(tasks, (t) => t.seed),
    slots,
    agentsPerArena,
    genomeLength,
    genomes: block,
  };
  return { request, transfer: [request.arenaIndex.buffer, request.arenaSeed.buffer, slots.buffer, block.buffer] as ArrayBuffer[] };
}

export function decodeRequest(request: EvaluateRequest): { tasks: ArenaTask[]; genomes: Float32Array[] } {
  const { agentsPerArena, genomeLength } = request;
  const genomes: Float32Array[] = [];
  for (let at = 0; at < request.genomes.length; at += genomeLength) genomes.push(request.genomes.subarray(at, at + genomeLength));
  const tasks = Array.from(request.arenaIndex, (index, t) => ({
    index,
    seed: request.arenaSeed[t],
    genomes: request.slots.subarray(t * agentsPerArena, (t + 1) * agentsPerArena),
  }));
  return { tasks, genomes };
}

export function encodeResponse(results: ArenaResult[], health: ShardHealth): { response: EvaluateResponse; transfer: ArrayBuffer[] } {
  const agents = results[0]?.fitness.length ?? 0;
  const fitness = new Float64Array(results.length * agents);
  const eaten = new Int32Array(results.length * agents);
  results.forEach((r, i) => {
    fitness.set(r.fitness, i * agents);
    eaten.set(r.eaten, i * agents);
  });
  const response: EvaluateResponse = {
    arenaIndex: Int32Array.from(results, (r) => r.index),
    fitness,
    eaten,
    agentSteps: Float64Array.from(results, (r) => r.agentSteps),
    nonFiniteActions: Int32Array.from(results, (r) => r.nonFiniteActions),
    nonFiniteObservations: Int32Array.from(results, (r) => r.nonFiniteObservations),
    health,
  };
  const transfer = [response.arenaIndex, fitness, eaten, response.agentSteps, response.nonFiniteActions, response.nonFiniteObservations]
    .map((array) => array.buffer as ArrayBuffer);
  return { response, transfer };
}

export function decodeResponse(response: EvaluateResponse): ArenaResult[] {
  const arenas = response.arenaIndex.length;
  const agents = arenas ? response.fitness.length / arenas : 0;
  return Array.from(response.arenaIndex, (index, i) => ({
    index,
    fitness: response.fitness.subarray(i * agents, (i + 1) * agents),
    eaten: response.eaten.subarray(i * agents, (i + 1) * agents),
    agentSteps: response.agentSteps[i],
    nonFiniteActions: response.nonFiniteActions[i],
    nonFiniteObservations: response.nonFiniteObservations[i],
  }));
}
