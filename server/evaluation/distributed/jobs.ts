/**
 * Evaluation jobs on the Redis queue, and their results: plain JSON (what BullMQ stores), with
 * bulk float arrays as base64 of their little-endian bytes. A job is self-contained: the run's
 * resolved config and everything its matches need, so any worker on any machine can play it.
 * Every job is validated before it is used; a malformed one is refused with a message naming the
 * field. JSON numbers round-trip doubles exactly, so results are bit-identical to a local run's.
 */
import { z } from 'zod';
import { ACTIVATIONS, type MlpShape } from '../../../agents/mlp.ts';
import { BODY_KINDS } from '../../../worlds/bodies/body.ts';
import { NO_RECORDING, type MatchBatch, type MatchRecording, type MatchResult, type Team } from '../match-task.ts';
import type { ShardHealth } from '../shards/messages.ts';

/** 2: every job plays matches (seats say whether they score) and may record pairs for imitation. */
export const JOB_VERSION = 2;

const b64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, 'must be base64');
const index = z.number().int().min(0);
const seed = z
  .number()
  .int()
  .min(0)
  .max(2 ** 32 - 1);
const shapeSchema = z.strictObject({
  inputSize: z.number().int().min(1),
  hiddenSizes: z.array(z.number().int().min(1).max(4096)).max(8),
  outputSize: z.number().int().min(1),
  activation: z.enum(ACTIVATIONS),
  outputActivation: z.literal('tanh'),
});

const teamSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('mlp'), shape: shapeSchema, genomeLength: z.number().int().min(1), genomes: b64 }),
  z.strictObject({ kind: z.literal('expert') }),
  z.strictObject({ kind: z.literal('random') }),
]);

export const jobSchema = z.strictObject({
  v: z.literal(JOB_VERSION),
  kind: z.literal('play'),
  config: z.record(z.string(), z.unknown()),
  world: z.strictObject({ scenario: z.string(), worlds: z.record(z.string(), z.unknown()), bodies: z.array(z.enum(BODY_KINDS)) }),
  teams: z.array(teamSchema).min(1),
  tasks: z.array(z.strictObject({ index, seed, seats: z.array(z.array(z.strictObject({ team: index, member: index, scores: z.boolean().optional() }))) })).min(1),
  record: z.strictObject({ every: z.number().int().min(0), expertLabels: z.boolean() }),
});
export type PlayJob = z.infer<typeof jobSchema>;

/** Validates a job's data; the message names each bad field. */
export function parseJob(data: unknown): { job: PlayJob } | { error: string } {
  const result = jobSchema.safeParse(data);
  if (!result.success) return { error: result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ') };
  const job = result.data;
  // Cross-field checks the schema cannot express: genome blocks and seats must agree.
  const members = job.teams.map((t) => (t.kind === 'mlp' ? byteLength(t.genomes) / 4 / t.genomeLength : Infinity));
  const wrong = members.findIndex((m) => m !== Infinity && !Number.isInteger(m));
  if (wrong >= 0) return { error: `teams.${wrong}.genomes: not a whole number of genomes` };
  for (const [t, task] of job.tasks.entries()) {
    for (const seat of task.seats.flat()) {
      if (seat.team >= job.teams.length || seat.member >= members[seat.team]) return { error: `tasks.${t}.seats: team ${seat.team} member ${seat.member} was not sent` };
    }
  }
  return { job };
}

export function encodeFloats(values: Float32Array): string {
  return Buffer.from(values.buffer, values.byteOffset, values.byteLength).toString('base64');
}

export function decodeFloats(text: string): Float32Array {
  const bytes = Buffer.from(text, 'base64');
  const out = new Float32Array(bytes.length / 4);
  new Uint8Array(out.buffer).set(bytes); // a copy: the Buffer may be unaligned
  return out;
}

function byteLength(b64text: string): number {
  return Buffer.byteLength(b64text, 'base64');
}

function splitGenomes(block: Float32Array, length: number): Float32Array[] {
  const out: Float32Array[] = [];
  for (let at = 0; at < block.length; at += length) out.push(block.subarray(at, at + length));
  return out;
}

/** Only the members the matches seat travel, renumbered in order of first use. */
export function playJobData(config: object, batch: MatchBatch): PlayJob {
  const local = batch.teams.map(() => new Map<number, number>());
  const tasks = batch.tasks.map((task) => ({
    index: task.index,
    seed: task.seed,
    seats: task.seats.map((role) =>
      role.map((seat) => {
        const map = local[seat.team];
        if (!map.has(seat.member)) map.set(seat.member, map.size);
        return { team: seat.team, member: map.get(seat.member)!, ...(seat.scores ? { scores: true } : {}) };
      }),
    ),
  }));
  const teams = batch.teams.map((team, i) => {
    if (team.kind !== 'mlp') return team;
    const genomeLength = team.genomes[0]?.length ?? 1;
    const block = new Float32Array(local[i].size * genomeLength);
    for (const [member, at] of local[i]) block.set(team.genomes[member], at * genomeLength);
    return { kind: 'mlp' as const, shape: team.shape, genomeLength, genomes: encodeFloats(block) };
  });
  const world = batch.world as unknown as PlayJob['world'];
  return { v: JOB_VERSION, kind: 'play', config: config as Record<string, unknown>, world, teams, tasks, record: batch.record ?? NO_RECORDING };
}

export function decodePlayJob(job: PlayJob): MatchBatch {
  const teams: Team[] = job.teams.map((team) => (team.kind === 'mlp' ? { kind: 'mlp', shape: team.shape as MlpShape, genomes: splitGenomes(decodeFloats(team.genomes), team.genomeLength) } : team));
  return { world: job.world as unknown as MatchBatch['world'], teams, tasks: job.tasks, record: job.record };
}

interface RecordingJson {
  samples: number;
  valid: number[];
  observations: string;
  actions: string;
  labels: string;
}

/** What a worker sends back: results as plain arrays, plus how many times the job was started. */
export interface JobResult {
  matches: {
    index: number;
    fitness: number[][];
    outcome: number[][];
    agentSteps: number;
    nonFiniteActions: number;
    nonFiniteObservations: number;
    recording?: RecordingJson;
  }[];
  health: ShardHealth[];
  /** Starts of this job before the one that finished it (stalled workers, failed attempts), plus shard tasks the worker replayed on its own threads. */
  restarts: number;
}

export function matchResultsToJson(results: MatchResult[]): JobResult['matches'] {
  return results.map(({ recording, ...r }) => ({
    ...r,
    fitness: r.fitness.map((f) => Array.from(f)),
    outcome: r.outcome.map((o) => Array.from(o)),
    ...(recording ? { recording: recordingToJson(recording) } : {}),
  }));
}

export function matchResultsFromJson(matches: JobResult['matches']): MatchResult[] {
  return matches.map(({ recording, ...m }) => ({
    ...m,
    fitness: m.fitness.map((f) => Float64Array.from(f)),
    outcome: m.outcome.map((o) => Float64Array.from(o)),
    ...(recording ? { recording: recordingFromJson(recording) } : {}),
  }));
}

function recordingToJson(r: MatchRecording): RecordingJson {
  return {
    samples: r.samples,
    valid: Array.from(r.valid),
    observations: encodeFloats(r.observations),
    actions: encodeFloats(r.actions),
    labels: encodeFloats(r.labels),
  };
}

function recordingFromJson(r: RecordingJson): MatchRecording {
  return {
    samples: r.samples,
    valid: Int32Array.from(r.valid),
    observations: decodeFloats(r.observations),
    actions: decodeFloats(r.actions),
    labels: decodeFloats(r.labels),
  };
}
