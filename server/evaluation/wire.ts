/**
 * A batch of matches, and its results, as a small plain header and a few flat typed arrays: the
 * one form in which matches leave the thread that planned them, to a shard (the arrays' buffers
 * transferred, server/evaluation/shards/messages.ts) or to a coevo worker over Redis (the arrays as
 * base64, server/evaluation/distributed/jobs.ts). Only the members a batch seats travel, renumbered
 * in order of first use.
 */
import { concatFloat32 } from '../../agents/arrays.ts';
import { perturbed } from '../../agents/evolution/strategies/noise-table.ts';
import type { SeededCandidates } from '../../agents/evolution/strategies/strategy.ts';
import type { MlpShape } from '../../agents/mlp.ts';
import { NO_RECORDING, type MatchBatch, type MatchRecording, type MatchResult, type RecordOptions, type ScenarioRef, type Team } from './match-task.ts';

/** A network team; `seeded`: its genomes travel as noise-table offsets (WireBatch.seeds), not values. */
export type WireTeam = { kind: 'mlp'; shape: MlpShape; genomeLength: number; sample?: boolean; seeded?: boolean } | { kind: 'expert' } | { kind: 'random' };

/** Each seeded team's centre and scale, and its seated members' offsets and signs (noise-table.ts's `perturbed`). */
export interface WireSeeds {
  team: number[];
  centre: Float64Array[];
  scale: Float64Array[];
  offsets: Int32Array[];
  signs: Int8Array[];
}

export interface EncodeOptions {
  /** Send a team's genomes as noise-table offsets where it has them (Team.seeded). */
  seeds?: boolean;
}

export interface WireBatch {
  world: ScenarioRef;
  teams: WireTeam[];
  /** Slots of each role, to cut the seat arrays. */
  slots: number[];
  record: RecordOptions;
  /** MatchBatch.describe (absent: false). */
  describe?: boolean;
  taskIndex: Int32Array;
  taskSeed: Uint32Array;
  /** Seats of each match, role by role, slot by slot: team, (renumbered) member, 1 where it scores. */
  seatTeam: Int32Array;
  seatMember: Int32Array;
  seatScores: Uint8Array;
  /** Each network team's seated genomes back to back (empty for the other teams, and for seeded ones). */
  genomes: Float32Array[];
  /** The seeded teams' genomes as offsets (absent: none). */
  seeds?: WireSeeds;
}

export function encodeBatch(batch: MatchBatch, options: EncodeOptions = {}): WireBatch {
  const slots = batch.tasks[0]?.seats.map((role) => role.length) ?? [];
  const seats = slots.reduce((a, b) => a + b, 0);
  const local = batch.teams.map(() => new Map<number, number>());
  const seatTeam = new Int32Array(batch.tasks.length * seats);
  const seatMember = new Int32Array(batch.tasks.length * seats);
  const seatScores = new Uint8Array(batch.tasks.length * seats);
  batch.tasks.forEach((task, t) =>
    task.seats.flat().forEach((seat, s) => {
      const map = local[seat.team];
      if (!map.has(seat.member)) map.set(seat.member, map.size);
      seatTeam[t * seats + s] = seat.team;
      seatMember[t * seats + s] = map.get(seat.member)!;
      seatScores[t * seats + s] = seat.scores ? 1 : 0;
    }),
  );
  const seeded = (team: Team): team is Extract<Team, { kind: 'mlp' }> & { seeded: SeededCandidates } => options.seeds === true && team.kind === 'mlp' && team.seeded !== undefined;
  const genomes = batch.teams.map((team, i) => {
    if (team.kind !== 'mlp' || seeded(team)) return new Float32Array(0);
    const length = team.genomes[0]?.length ?? 0;
    const block = new Float32Array(local[i].size * length);
    for (const [member, at] of local[i]) block.set(team.genomes[member], at * length);
    return block;
  });
  const teams = batch.teams.map((team): WireTeam => {
    if (team.kind !== 'mlp') return team;
    return { kind: 'mlp', shape: team.shape, genomeLength: team.genomes[0]?.length ?? 1, ...(team.sample ? { sample: true } : {}), ...(seeded(team) ? { seeded: true } : {}) };
  });
  const seedTeams = batch.teams.flatMap((team, i) => (seeded(team) ? [{ i, s: team.seeded }] : []));
  const seeds: WireSeeds | null = seedTeams.length
    ? {
        team: seedTeams.map(({ i }) => i),
        centre: seedTeams.map(({ s }) => s.centre),
        scale: seedTeams.map(({ s }) => s.scale),
        offsets: seedTeams.map(({ i, s }) => Int32Array.from(local[i].keys(), (member) => s.offsets[member])),
        signs: seedTeams.map(({ i, s }) => Int8Array.from(local[i].keys(), (member) => s.signs[member])),
      }
    : null;
  const taskIndex = Int32Array.from(batch.tasks, (t) => t.index);
  const taskSeed = Uint32Array.from(batch.tasks, (t) => t.seed);
  const describe = batch.describe ? { describe: true } : {};
  return { world: batch.world, teams, slots, record: batch.record ?? NO_RECORDING, ...describe, taskIndex, taskSeed, seatTeam, seatMember, seatScores, genomes, ...(seeds ? { seeds } : {}) };
}

export function decodeBatch(wire: WireBatch): MatchBatch {
  const seatsPerTask = wire.slots.reduce((a, b) => a + b, 0);
  const rebuilt = new Map((wire.seeds?.team ?? []).map((t, k) => [t, perturbed(wire.seeds!.centre[k], wire.seeds!.scale[k], wire.seeds!.offsets[k], wire.seeds!.signs[k])]));
  const teams = wire.teams.map((team, i): Team => {
    if (team.kind !== 'mlp') return team;
    return { kind: 'mlp', shape: team.shape, genomes: rebuilt.get(i) ?? split(wire.genomes[i], team.genomeLength), ...(team.sample ? { sample: true } : {}) };
  });
  const tasks = Array.from(wire.taskIndex, (index, t) => {
    let s = t * seatsPerTask;
    const seats = wire.slots.map((count) =>
      Array.from({ length: count }, () => {
        const seat = { team: wire.seatTeam[s], member: wire.seatMember[s], scores: wire.seatScores[s] === 1 };
        s++;
        return seat;
      }),
    );
    return { index, seed: wire.taskSeed[t], seats };
  });
  return { world: wire.world, teams, tasks, record: wire.record, ...(wire.describe ? { describe: true } : {}) };
}

/** Per match, per seat (role by role): fitness and outcome; and the recordings cut by their lengths. */
export interface WireResults {
  slots: number[];
  taskIndex: Int32Array;
  fitness: Float64Array;
  outcome: Float64Array;
  agentSteps: Float64Array;
  nonFiniteActions: Int32Array;
  nonFiniteObservations: Int32Array;
  /** Recorded pairs (MatchRecording), match after match; 0 samples: none recorded. */
  recordSamples: number;
  recordSeats: Int32Array;
  recordObservationLengths: Int32Array;
  recordActionLengths: Int32Array;
  recordValid: Int32Array;
  recordObservations: Float32Array;
  recordActions: Float32Array;
  recordLabels: Float32Array;
  recordFeatureLengths: Int32Array;
  recordFeatures: Float32Array;
  /** Each role's values of MatchResult.behaviour in one match (empty: not described), and those values, match after match. */
  behaviourLengths: number[];
  behaviour: Float64Array;
}

export function encodeResults(results: MatchResult[], slots: number[]): WireResults {
  const flat = (pick: (r: MatchResult) => Float64Array[]) => Float64Array.from(results.flatMap((r) => pick(r).flatMap((role) => Array.from(role))));
  const recordings = results.flatMap((r) => (r.recording ? [r.recording] : []));
  return {
    slots,
    taskIndex: Int32Array.from(results, (r) => r.index),
    fitness: flat((r) => r.fitness),
    outcome: flat((r) => r.outcome),
    agentSteps: Float64Array.from(results, (r) => r.agentSteps),
    nonFiniteActions: Int32Array.from(results, (r) => r.nonFiniteActions),
    nonFiniteObservations: Int32Array.from(results, (r) => r.nonFiniteObservations),
    recordSamples: recordings.length === results.length && recordings.length > 0 ? recordings[0].samples : 0,
    recordSeats: Int32Array.from(recordings, (r) => r.valid.length),
    recordObservationLengths: Int32Array.from(recordings, (r) => r.observations.length),
    recordActionLengths: Int32Array.from(recordings, (r) => r.actions.length),
    recordValid: Int32Array.from(recordings.flatMap((r) => Array.from(r.valid))),
    recordObservations: concatFloat32(recordings.map((r) => r.observations)),
    recordActions: concatFloat32(recordings.map((r) => r.actions)),
    recordLabels: concatFloat32(recordings.map((r) => r.labels)),
    recordFeatureLengths: Int32Array.from(recordings, (r) => r.features.length),
    recordFeatures: concatFloat32(recordings.map((r) => r.features)),
    behaviourLengths: results[0]?.behaviour?.map((role) => role.length) ?? [],
    behaviour: Float64Array.from(results.flatMap((r) => (r.behaviour ?? []).flatMap((role) => Array.from(role)))),
  };
}

export function decodeResults(wire: WireResults): MatchResult[] {
  const seats = wire.slots.reduce((a, b) => a + b, 0);
  const cut = (values: Float64Array, t: number) => {
    let at = t * seats;
    return wire.slots.map((count) => {
      const role = values.slice(at, at + count);
      at += count;
      return role;
    });
  };
  const recordings = decodeRecordings(wire);
  return Array.from(wire.taskIndex, (index, t) => ({
    index,
    fitness: cut(wire.fitness, t),
    outcome: cut(wire.outcome, t),
    agentSteps: wire.agentSteps[t],
    nonFiniteActions: wire.nonFiniteActions[t],
    nonFiniteObservations: wire.nonFiniteObservations[t],
    ...(recordings ? { recording: recordings[t] } : {}),
    ...(wire.behaviourLengths.length ? { behaviour: cutBehaviour(wire, t) } : {}),
  }));
}

function cutBehaviour(wire: WireResults, t: number): Float64Array[] {
  let at = t * wire.behaviourLengths.reduce((a, b) => a + b, 0);
  return wire.behaviourLengths.map((length) => {
    const role = wire.behaviour.slice(at, at + length);
    at += length;
    return role;
  });
}

function decodeRecordings(wire: WireResults): MatchRecording[] | null {
  if (wire.recordSamples === 0) return null;
  const at = { seats: 0, obs: 0, act: 0, labels: 0, features: 0 };
  return Array.from(wire.recordSeats, (count, t) => {
    const o = wire.recordObservationLengths[t];
    const a = wire.recordActionLengths[t];
    const l = wire.recordLabels.length ? a : 0;
    const recording: MatchRecording = {
      samples: wire.recordSamples,
      valid: wire.recordValid.subarray(at.seats, at.seats + count),
      observations: wire.recordObservations.subarray(at.obs, at.obs + o),
      actions: wire.recordActions.subarray(at.act, at.act + a),
      labels: wire.recordLabels.subarray(at.labels, at.labels + l),
      features: wire.recordFeatures.subarray(at.features, at.features + wire.recordFeatureLengths[t]),
    };
    at.seats += count;
    at.obs += o;
    at.act += a;
    at.labels += l;
    at.features += wire.recordFeatureLengths[t];
    return recording;
  });
}

/** The buffers of every typed array in `wire` (top level, and in arrays of them), for a transfer list. */
export function buffersOf(wire: object): ArrayBuffer[] {
  return Object.values(wire).flatMap((value) => {
    if (ArrayBuffer.isView(value)) return [value.buffer as ArrayBuffer];
    if (Array.isArray(value)) return value.filter((v) => ArrayBuffer.isView(v)).map((v) => (v as Float32Array).buffer as ArrayBuffer);
    return [];
  });
}

function split(block: Float32Array, length: number): Float32Array[] {
  const out: Float32Array[] = [];
  for (let at = 0; at < block.length; at += length) out.push(block.subarray(at, at + length));
  return out;
}
