/**
 * Every message between the main thread and a shard worker. Bulk numbers travel as typed arrays
 * whose buffers are transferred, never copied object by object: genomes in, fitness out. Matches
 * travel in their wire form (../wire.ts), the same as over Redis.
 */
import { threadId } from 'node:worker_threads';
import { concatFloat32 } from '../../../agents/arrays.ts';
import type { LearnerData, LearnerOutcome, TrainOptions } from '../../../agents/imitation/trainer.ts';
import type { Tf } from '../../../agents/tf.ts';
import { takePhases, type PhaseTimes } from '../../../worlds/phase-clock.ts';
import type { ConfigInput } from '../../config/schema.ts';
import type { MlpShape } from '../../../agents/mlp.ts';
import type { MatchBatch, MatchResult } from '../match-task.ts';
import type { RegionOutcome, RegionWindow } from '../../../worlds/ecology/region.ts';
import { buffersOf, encodeBatch, encodeResults, type WireBatch, type WireResults } from '../wire.ts';

/** Given to every shard when it starts (piscina workerData): the run's resolved config. */
export interface ShardInit {
  config: ConfigInput;
}

/** Main -> shard: train these learners by behaviour cloning, each on its own data. */
export interface LearnRequest {
  kind: 'learn';
  /** The learners' network. */
  shape: MlpShape;
  genomeLength: number;
  /** Learners' genomes back to back. */
  genomes: Float32Array;
  /** All learners' pairs back to back; learner l owns pairs offsets[l] .. offsets[l + 1]. */
  observations: Float32Array;
  actions: Float32Array;
  offsets: Int32Array;
  seeds: Uint32Array;
  options: TrainOptions;
}

export interface LearnResponse {
  genomes: Float32Array;
  lossBefore: Float64Array;
  lossAfter: Float64Array;
  health: ShardHealth;
}

/** Main -> shard: play these matches (a generation's arenas, CIAO games, tournament games). */
export interface PlayRequest {
  kind: 'play';
  batch: WireBatch;
}

/** Shard -> main: per match, per seat: fitness and outcome, and what was recorded. */
export interface PlayResponse {
  results: WireResults;
  health: ShardHealth;
}

/** Main -> shard: step one ecology region for a window (worlds/ecology/region.ts); its typed arrays are transferred. */
export interface RegionRequest {
  kind: 'region';
  window: RegionWindow;
}

export interface RegionResponse {
  outcome: RegionOutcome;
  health: ShardHealth;
}

export type ShardRequest = LearnRequest | PlayRequest | RegionRequest;

/** Memory gauges of one shard, sampled after its work; they must not grow over a long run. */
export interface ShardHealth {
  heapUsedBytes: number;
  /** WebAssembly memories and buffers held by the shard's isolate (Rapier, tfjs wasm). */
  externalBytes: number;
  tensors: number;
  /** Milliseconds of each phase of play since the thread's last report (worlds/phase-clock.ts). */
  phases?: PhaseTimes;
  /** The worker thread that did the task, and when it finished it (milliseconds since the epoch, comparable across threads): the phase bench's idle tail. */
  thread?: number;
  finishedAt?: number;
}

/** This thread's gauges: its V8 heap, its external (WebAssembly and buffer) memory, live tensors; and where its time went since the last report. */
export function measureHealth(tf: Tf): ShardHealth {
  const usage = process.memoryUsage();
  return {
    heapUsedBytes: usage.heapUsed,
    externalBytes: usage.external,
    tensors: tf.memory().numTensors,
    phases: takePhases(),
    thread: threadId,
    finishedAt: performance.timeOrigin + performance.now(),
  };
}

export function encodeLearnRequest(shape: MlpShape, genomes: Float32Array[], data: LearnerData[], options: TrainOptions): { request: LearnRequest; transfer: ArrayBuffer[] } {
  const observationSize = shape.inputSize;
  const genomeLength = genomes[0]?.length ?? 0;
  const block = new Float32Array(genomes.length * genomeLength);
  genomes.forEach((g, i) => block.set(g, i * genomeLength));
  const offsets = new Int32Array(data.length + 1);
  data.forEach((d, l) => (offsets[l + 1] = offsets[l] + d.observations.length / observationSize));
  const observations = concatFloat32(data.map((d) => d.observations));
  const actions = concatFloat32(data.map((d) => d.actions));
  const request: LearnRequest = {
    kind: 'learn',
    shape,
    genomeLength,
    genomes: block,
    observations,
    actions,
    offsets,
    seeds: Uint32Array.from(data, (d) => d.seed),
    options,
  };
  return { request, transfer: [block, observations, actions, offsets, request.seeds].map((x) => x.buffer as ArrayBuffer) };
}

export function decodeLearnRequest(request: LearnRequest): { genomes: Float32Array[]; data: LearnerData[] } {
  const { inputSize: observationSize, outputSize: actionSize } = request.shape;
  const count = request.offsets.length - 1;
  const genomes = Array.from({ length: count }, (_, l) => request.genomes.subarray(l * request.genomeLength, (l + 1) * request.genomeLength));
  const data = Array.from({ length: count }, (_, l) => ({
    observations: request.observations.subarray(request.offsets[l] * observationSize, request.offsets[l + 1] * observationSize),
    actions: request.actions.subarray(request.offsets[l] * actionSize, request.offsets[l + 1] * actionSize),
    seed: request.seeds[l],
  }));
  return { genomes, data };
}

export function encodeLearnResponse(outcomes: LearnerOutcome[], health: ShardHealth): { response: LearnResponse; transfer: ArrayBuffer[] } {
  const genomeLength = outcomes[0]?.genome.length ?? 0;
  const genomes = new Float32Array(outcomes.length * genomeLength);
  outcomes.forEach((o, i) => genomes.set(o.genome, i * genomeLength));
  const response: LearnResponse = {
    genomes,
    lossBefore: Float64Array.from(outcomes, (o) => o.lossBefore),
    lossAfter: Float64Array.from(outcomes, (o) => o.lossAfter),
    health,
  };
  return { response, transfer: [genomes, response.lossBefore, response.lossAfter].map((x) => x.buffer as ArrayBuffer) };
}

export function decodeLearnResponse(response: LearnResponse): LearnerOutcome[] {
  const count = response.lossBefore.length;
  const length = count ? response.genomes.length / count : 0;
  return Array.from({ length: count }, (_, l) => ({
    genome: response.genomes.subarray(l * length, (l + 1) * length),
    lossBefore: response.lossBefore[l],
    lossAfter: response.lossAfter[l],
  }));
}

export function encodePlayRequest(batch: MatchBatch): { request: PlayRequest; transfer: ArrayBuffer[] } {
  const wire = encodeBatch(batch);
  return { request: { kind: 'play', batch: wire }, transfer: buffersOf(wire) };
}

export function encodePlayResponse(results: MatchResult[], slots: number[], health: ShardHealth): { response: PlayResponse; transfer: ArrayBuffer[] } {
  const wire = encodeResults(results, slots);
  return { response: { results: wire, health }, transfer: buffersOf(wire) };
}
