/**
 * Every message between the main thread and a shard worker. Bulk numbers travel as typed arrays
 * whose buffers are transferred, never copied object by object: genomes in, fitness out.
 */
import { concatFloat32 } from '../../../agents/arrays.ts';
import type { LearnerData, LearnerOutcome, TrainOptions } from '../../../agents/imitation/trainer.ts';
import type { Tf } from '../../../agents/tf.ts';
import type { ConfigInput } from '../../config/schema.ts';
import type { RecordOptions, Recording } from '../evaluate-arenas.ts';
import type { ArenaResult, ArenaTask } from '../generation-plan.ts';
import type { MlpShape } from '../../../agents/mlp.ts';
import type { MatchBatch, MatchResult, MatchWorldRef, Team } from '../match-task.ts';

/** Given to every shard when it starts (piscina workerData): the run's resolved config. */
export interface ShardInit {
  config: ConfigInput;
}

/** Main -> shard: play these arenas. Agent slots index into `genomes`, a local block. */
export interface EvaluateRequest {
  kind: 'evaluate';
  arenaIndex: Int32Array;
  arenaSeed: Uint32Array;
  /** arenas x agentsPerArena indices into the genome block. */
  slots: Int32Array;
  agentsPerArena: number;
  genomeLength: number;
  /** Genomes back to back, only those this shard's arenas use. */
  genomes: Float32Array;
  record: RecordOptions;
}

/** Shard -> main: per-arena results, arena by arena in request order, plus the shard's health. */
export interface EvaluateResponse {
  arenaIndex: Int32Array;
  fitness: Float64Array;
  eaten: Int32Array;
  agentSteps: Float64Array;
  nonFiniteActions: Int32Array;
  nonFiniteObservations: Int32Array;
  /** Recorded pairs per agent (0 when nothing was recorded), then the arrays, arena after arena. */
  recordSamples: number;
  recordObservations: Float32Array;
  recordActions: Float32Array;
  recordLabels: Float32Array;
  health: ShardHealth;
}

/** Main -> shard: train these learners by behaviour cloning, each on its own data. */
export interface LearnRequest {
  kind: 'learn';
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

/** Main -> shard: play these matches (sumo, pursuit, tournaments). */
export interface PlayRequest {
  kind: 'play';
  world: MatchWorldRef;
  /** Network teams carry only the members these matches seat, back to back. */
  teams: WireTeam[];
  taskIndex: Int32Array;
  taskSeed: Uint32Array;
  /** Seats of each match, role by role, slot by slot: team and (local) member. */
  seatTeam: Int32Array;
  seatMember: Int32Array;
  /** Slots of each role, to cut the seat arrays. */
  slots: number[];
}

export type WireTeam = { kind: 'mlp'; shape: MlpShape; genomes: Float32Array; genomeLength: number } | { kind: 'expert' } | { kind: 'random' };

/** Shard -> main: per match, per seat (role by role): fitness and outcome. */
export interface PlayResponse {
  taskIndex: Int32Array;
  fitness: Float64Array;
  outcome: Float64Array;
  agentSteps: Float64Array;
  nonFiniteActions: Int32Array;
  nonFiniteObservations: Int32Array;
  slots: number[];
  health: ShardHealth;
}

export type ShardRequest = EvaluateRequest | LearnRequest | PlayRequest;

/** Memory gauges of one shard, sampled after its work; they must not grow over a long run. */
export interface ShardHealth {
  heapUsedBytes: number;
  /** WebAssembly memories and buffers held by the shard's isolate (Rapier, tfjs wasm). */
  externalBytes: number;
  tensors: number;
}

/** This thread's gauges: its V8 heap, its external (WebAssembly and buffer) memory, live tensors. */
export function measureHealth(tf: Tf): ShardHealth {
  const usage = process.memoryUsage();
  return { heapUsedBytes: usage.heapUsed, externalBytes: usage.external, tensors: tf.memory().numTensors };
}

export function encodeRequest(tasks: ArenaTask[], genomes: Float32Array[], record: RecordOptions): { request: EvaluateRequest; transfer: ArrayBuffer[] } {
  const agentsPerArena = tasks[0]?.genomes.length ?? 0;
  const genomeLength = genomes[0]?.length ?? 0;
  const local = new Map<number, number>();
  const slots = new Int32Array(tasks.length * agentsPerArena);
  tasks.forEach((task, t) =>
    task.genomes.forEach((g, s) => {
      if (!local.has(g)) local.set(g, local.size);
      slots[t * agentsPerArena + s] = local.get(g)!;
    }),
  );
  const block = new Float32Array(local.size * genomeLength);
  for (const [g, at] of local) block.set(genomes[g], at * genomeLength);
  const request: EvaluateRequest = {
    kind: 'evaluate',
    record,
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
  const recordings = results.map((r) => r.recording).filter((r) => r !== undefined);
  const concat = (pick: (r: Recording) => Float32Array) => concatFloat32(recordings.map(pick));
  const response: EvaluateResponse = {
    arenaIndex: Int32Array.from(results, (r) => r.index),
    fitness,
    eaten,
    agentSteps: Float64Array.from(results, (r) => r.agentSteps),
    nonFiniteActions: Int32Array.from(results, (r) => r.nonFiniteActions),
    nonFiniteObservations: Int32Array.from(results, (r) => r.nonFiniteObservations),
    recordSamples: recordings[0]?.samples ?? 0,
    recordObservations: concat((r) => r.observations),
    recordActions: concat((r) => r.actions),
    recordLabels: concat((r) => r.labels),
    health,
  };
  const transfer = [
    response.arenaIndex,
    fitness,
    eaten,
    response.agentSteps,
    response.nonFiniteActions,
    response.nonFiniteObservations,
    response.recordObservations,
    response.recordActions,
    response.recordLabels,
  ].map((array) => array.buffer as ArrayBuffer);
  return { response, transfer };
}

export function decodeResponse(response: EvaluateResponse): ArenaResult[] {
  const arenas = response.arenaIndex.length;
  const agents = arenas ? response.fitness.length / arenas : 0;
  const samples = response.recordSamples;
  const slice = (array: Float32Array, i: number) => {
    const per = array.length / arenas;
    return array.subarray(i * per, (i + 1) * per);
  };
  return Array.from(response.arenaIndex, (index, i) => ({
    index,
    fitness: response.fitness.subarray(i * agents, (i + 1) * agents),
    eaten: response.eaten.subarray(i * agents, (i + 1) * agents),
    agentSteps: response.agentSteps[i],
    nonFiniteActions: response.nonFiniteActions[i],
    nonFiniteObservations: response.nonFiniteObservations[i],
    ...(samples > 0
      ? {
          recording: {
            samples,
            observations: slice(response.recordObservations, i),
            actions: slice(response.recordActions, i),
            labels: slice(response.recordLabels, i),
          },
        }
      : {}),
  }));
}

export function encodeLearnRequest(
  genomes: Float32Array[],
  data: LearnerData[],
  options: TrainOptions,
  observationSize: number,
): { request: LearnRequest; transfer: ArrayBuffer[] } {
  const genomeLength = genomes[0]?.length ?? 0;
  const block = new Float32Array(genomes.length * genomeLength);
  genomes.forEach((g, i) => block.set(g, i * genomeLength));
  const offsets = new Int32Array(data.length + 1);
  data.forEach((d, l) => (offsets[l + 1] = offsets[l] + d.observations.length / observationSize));
  const observations = concatFloat32(data.map((d) => d.observations));
  const actions = concatFloat32(data.map((d) => d.actions));
  const request: LearnRequest = {
    kind: 'learn',
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

export function decodeLearnRequest(request: LearnRequest, observationSize: number, actionSize: number): { genomes: Float32Array[]; data: LearnerData[] } {
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
  const slots = batch.tasks[0]?.seats.map((role) => role.length) ?? [];
  const seatsPerTask = slots.reduce((a, b) => a + b, 0);
  // Each network team sends only the members seated here, renumbered in order of first use.
  const local = batch.teams.map(() => new Map<number, number>());
  const seatTeam = new Int32Array(batch.tasks.length * seatsPerTask);
  const seatMember = new Int32Array(batch.tasks.length * seatsPerTask);
  batch.tasks.forEach((task, t) =>
    task.seats.flat().forEach((seat, s) => {
      const map = local[seat.team];
      if (!map.has(seat.member)) map.set(seat.member, map.size);
      seatTeam[t * seatsPerTask + s] = seat.team;
      seatMember[t * seatsPerTask + s] = map.get(seat.member)!;
    }),
  );
  const teams: WireTeam[] = batch.teams.map((team, i) => {
    if (team.kind !== 'mlp') return team;
    const genomeLength = team.genomes[0]?.length ?? 0;
    const block = new Float32Array(local[i].size * genomeLength);
    for (const [member, at] of local[i]) block.set(team.genomes[member], at * genomeLength);
    return { kind: 'mlp', shape: team.shape, genomes: block, genomeLength };
  });
  const request: PlayRequest = {
    kind: 'play',
    world: batch.world,
    teams,
    taskIndex: Int32Array.from(batch.tasks, (t) => t.index),
    taskSeed: Uint32Array.from(batch.tasks, (t) => t.seed),
    seatTeam,
    seatMember,
    slots,
  };
  const genomeBuffers = teams.flatMap((team) => (team.kind === 'mlp' ? [team.genomes.buffer as ArrayBuffer] : []));
  return { request, transfer: [request.taskIndex.buffer, request.taskSeed.buffer, seatTeam.buffer, seatMember.buffer, ...genomeBuffers] as ArrayBuffer[] };
}

export function decodePlayRequest(request: PlayRequest): MatchBatch {
  const seatsPerTask = request.slots.reduce((a, b) => a + b, 0);
  const teams: Team[] = request.teams.map((team) => {
    if (team.kind !== 'mlp') return team;
    const genomes: Float32Array[] = [];
    for (let at = 0; at < team.genomes.length; at += team.genomeLength) genomes.push(team.genomes.subarray(at, at + team.genomeLength));
    return { kind: 'mlp', shape: team.shape, genomes };
  });
  const tasks = Array.from(request.taskIndex, (index, t) => {
    let s = t * seatsPerTask;
    const seats = request.slots.map((count) =>
      Array.from({ length: count }, () => {
        const seat = { team: request.seatTeam[s], member: request.seatMember[s] };
        s++;
        return seat;
      }),
    );
    return { index, seed: request.taskSeed[t], seats };
  });
  return { world: request.world, teams, tasks };
}

export function encodePlayResponse(results: MatchResult[], slots: number[], health: ShardHealth): { response: PlayResponse; transfer: ArrayBuffer[] } {
  const flat = (pick: (r: MatchResult) => Float64Array[]) => Float64Array.from(results.flatMap((r) => pick(r).flatMap((role) => Array.from(role))));
  const response: PlayResponse = {
    taskIndex: Int32Array.from(results, (r) => r.index),
    fitness: flat((r) => r.fitness),
    outcome: flat((r) => r.outcome),
    agentSteps: Float64Array.from(results, (r) => r.agentSteps),
    nonFiniteActions: Int32Array.from(results, (r) => r.nonFiniteActions),
    nonFiniteObservations: Int32Array.from(results, (r) => r.nonFiniteObservations),
    slots,
    health,
  };
  const transfer = [response.taskIndex, response.fitness, response.outcome, response.agentSteps, response.nonFiniteActions, response.nonFiniteObservations].map(
    (array) => array.buffer as ArrayBuffer,
  );
  return { response, transfer };
}

export function decodePlayResponse(response: PlayResponse): MatchResult[] {
  const seats = response.slots.reduce((a, b) => a + b, 0);
  const cut = (values: Float64Array, t: number) => {
    let at = t * seats;
    return response.slots.map((count) => {
      const role = values.slice(at, at + count);
      at += count;
      return role;
    });
  };
  return Array.from(response.taskIndex, (index, t) => ({
    index,
    fitness: cut(response.fitness, t),
    outcome: cut(response.outcome, t),
    agentSteps: response.agentSteps[t],
    nonFiniteActions: response.nonFiniteActions[t],
    nonFiniteObservations: response.nonFiniteObservations[t],
  }));
}
