/**
 * Every message between the main thread and a shard worker. Bulk numbers travel as typed arrays
 * whose buffers are transferred, never copied object by object: genomes in, fitness out.
 */
import { concatFloat32 } from '../../../agents/arrays.ts';
import type { LearnerData, LearnerOutcome, TrainOptions } from '../../../agents/imitation/trainer.ts';
import type { Tf } from '../../../agents/tf.ts';
import type { ConfigInput } from '../../config/schema.ts';
import type { MlpShape } from '../../../agents/mlp.ts';
import { NO_RECORDING, type MatchBatch, type MatchRecording, type MatchResult, type RecordOptions, type ScenarioRef, type Team } from '../match-task.ts';

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
  world: ScenarioRef;
  /** Network teams carry only the members these matches seat, back to back. */
  teams: WireTeam[];
  taskIndex: Int32Array;
  taskSeed: Uint32Array;
  /** Seats of each match, role by role, slot by slot: team and (local) member. */
  seatTeam: Int32Array;
  seatMember: Int32Array;
  /** 1 where the seat scores (and is recorded), else 0. */
  seatScores: Uint8Array;
  /** Slots of each role, to cut the seat arrays. */
  slots: number[];
  record: RecordOptions;
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
  /** Recorded pairs (see MatchRecording), match after match: sample count, then per match its scoring seats and array lengths. */
  recordSamples: number;
  recordSeats: Int32Array;
  recordObservationLengths: Int32Array;
  recordActionLengths: Int32Array;
  recordValid: Int32Array;
  recordObservations: Float32Array;
  recordActions: Float32Array;
  recordLabels: Float32Array;
  health: ShardHealth;
}

export type ShardRequest = LearnRequest | PlayRequest;

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
  const slots = batch.tasks[0]?.seats.map((role) => role.length) ?? [];
  const seatsPerTask = slots.reduce((a, b) => a + b, 0);
  // Each network team sends only the members seated here, renumbered in order of first use.
  const local = batch.teams.map(() => new Map<number, number>());
  const seatTeam = new Int32Array(batch.tasks.length * seatsPerTask);
  const seatMember = new Int32Array(batch.tasks.length * seatsPerTask);
  const seatScores = new Uint8Array(batch.tasks.length * seatsPerTask);
  batch.tasks.forEach((task, t) =>
    task.seats.flat().forEach((seat, s) => {
      const map = local[seat.team];
      if (!map.has(seat.member)) map.set(seat.member, map.size);
      seatTeam[t * seatsPerTask + s] = seat.team;
      seatMember[t * seatsPerTask + s] = map.get(seat.member)!;
      seatScores[t * seatsPerTask + s] = seat.scores ? 1 : 0;
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
    seatScores,
    slots,
    record: batch.record ?? NO_RECORDING,
  };
  const genomeBuffers = teams.flatMap((team) => (team.kind === 'mlp' ? [team.genomes.buffer as ArrayBuffer] : []));
  const seatBuffers = [request.taskIndex.buffer, request.taskSeed.buffer, seatTeam.buffer, seatMember.buffer, seatScores.buffer];
  return { request, transfer: [...seatBuffers, ...genomeBuffers] as ArrayBuffer[] };
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
        const seat = { team: request.seatTeam[s], member: request.seatMember[s], scores: request.seatScores[s] === 1 };
        s++;
        return seat;
      }),
    );
    return { index, seed: request.taskSeed[t], seats };
  });
  return { world: request.world, teams, tasks, record: request.record };
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
    ...encodeRecordings(results.map((r) => r.recording)),
    health,
  };
  const transfer = [
    response.taskIndex,
    response.fitness,
    response.outcome,
    response.agentSteps,
    response.nonFiniteActions,
    response.nonFiniteObservations,
    response.recordSeats,
    response.recordObservationLengths,
    response.recordActionLengths,
    response.recordValid,
    response.recordObservations,
    response.recordActions,
    response.recordLabels,
  ].map((array) => array.buffer as ArrayBuffer);
  return { response, transfer };
}

export function decodePlayResponse(response: PlayResponse): MatchResult[] {
  const recordings = decodeRecordings(response);
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
    ...(recordings ? { recording: recordings[t] } : {}),
  }));
}

type RecordFields = Pick<PlayResponse, 'recordSamples' | 'recordSeats' | 'recordObservationLengths' | 'recordActionLengths' | 'recordValid' | 'recordObservations' | 'recordActions' | 'recordLabels'>;

/** Every match's recording back to back, with the lengths that cut them apart again. */
function encodeRecordings(recordings: (MatchRecording | undefined)[]): RecordFields {
  const present = recordings.filter((r) => r !== undefined);
  return {
    recordSamples: present.length === recordings.length && present.length > 0 ? present[0].samples : 0,
    recordSeats: Int32Array.from(present, (r) => r.valid.length),
    recordObservationLengths: Int32Array.from(present, (r) => r.observations.length),
    recordActionLengths: Int32Array.from(present, (r) => r.actions.length),
    recordValid: Int32Array.from(present.flatMap((r) => Array.from(r.valid))),
    recordObservations: concatFloat32(present.map((r) => r.observations)),
    recordActions: concatFloat32(present.map((r) => r.actions)),
    recordLabels: concatFloat32(present.map((r) => r.labels)),
  };
}

function decodeRecordings(response: RecordFields): MatchRecording[] | null {
  if (response.recordSamples === 0) return null;
  let seats = 0;
  let obs = 0;
  let act = 0;
  let labels = 0;
  return Array.from(response.recordSeats, (count, t) => {
    const o = response.recordObservationLengths[t];
    const a = response.recordActionLengths[t];
    const l = response.recordLabels.length ? a : 0;
    const recording: MatchRecording = {
      samples: response.recordSamples,
      valid: response.recordValid.subarray(seats, seats + count),
      observations: response.recordObservations.subarray(obs, obs + o),
      actions: response.recordActions.subarray(act, act + a),
      labels: response.recordLabels.subarray(labels, labels + l),
    };
    seats += count;
    obs += o;
    act += a;
    labels += l;
    return recording;
  });
}
