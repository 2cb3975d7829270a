/**
 * Evaluation jobs on the Redis queue, and their results: plain JSON (what BullMQ stores), with
 * bulk float arrays as base64 of their little-endian bytes. A job is self-contained: the run's
 * resolved config and everything the arenas or matches need, so any worker on any machine can
 * play it. Every job is validated before it is used; a malformed one is refused with a message
 * naming the field. JSON numbers round-trip doubles exactly, so results are bit-identical to a
 * local run's.
 */
import { z } from 'zod';
import { ACTIVATIONS, type MlpShape } from '../../../agents/mlp.ts';
import { BODY_KINDS } from '../../../worlds/bodies/body.ts';
import type { RecordOptions } from '../evaluate-arenas.ts';
import type { ArenaResult, ArenaTask } from '../generation-plan.ts';
import type { MatchBatch, MatchResult, Team } from '../match-task.ts';
import type { ShardHealth } from '../shards/messages.ts';

export const JOB_VERSION = 1;

const b64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, 'must be base64');
const index = z.number().int().min(0);
const shapeSchema = z.strictObject({
  inputSize: z.number().int().min(1),
  hiddenSizes: z.array(z.number().int().min(1).max(4096)).max(8),
  outputSize: z.number().int().min(1),
  activation: z.enum(ACTIVATIONS),
  outputActivation: z.literal('tanh'),
});

const evaluateJob = z.strictObject({
  v: z.literal(JOB_VERSION),
  kind: z.literal('evaluate'),
  config: z.record(z.string(), z.unknown()),
  tasks: z
    .array(
      z.strictObject({
        index,
        seed: z
          .number()
          .int()
          .min(0)
          .max(2 ** 32 - 1),
        genomes: z.array(index),
      }),
    )
    .min(1),
  genomeLength: z.number().int().min(1),
  genomes: b64,
  record: z.strictObject({ every: z.number().int().min(0), expertLabels: z.boolean() }),
});

const teamSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('mlp'), shape: shapeSchema, genomeLength: z.number().int().min(1), genomes: b64 }),
  z.strictObject({ kind: z.literal('expert') }),
  z.strictObject({ kind: z.literal('random') }),
]);

const playJob = z.strictObject({
  v: z.literal(JOB_VERSION),
  kind: z.literal('play'),
  config: z.record(z.string(), z.unknown()),
  world: z.strictObject({ scenario: z.string(), worlds: z.record(z.string(), z.unknown()), bodies: z.array(z.enum(BODY_KINDS)) }),
  teams: z.array(teamSchema).min(1),
  tasks: z
    .array(
      z.strictObject({
        index,
        seed: z
          .number()
          .int()
          .min(0)
          .max(2 ** 32 - 1),
        seats: z.array(z.array(z.strictObject({ team: index, member: index }))),
      }),
    )
    .min(1),
});

export const jobSchema = z.discriminatedUnion('kind', [evaluateJob, playJob]);
export type JobData = z.infer<typeof jobSchema>;
export type EvaluateJob = z.infer<typeof evaluateJob>;
export type PlayJob = z.infer<typeof playJob>;

/** Validates a job's data; the message names each bad field. */
export function parseJob(data: unknown): { job: JobData } | { error: string } {
  const result = jobSchema.safeParse(data);
  if (!result.success) return { error: result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ') };
  const job = result.data;
  // Cross-field checks the schema cannot express: genome blocks and indexes must agree.
  if (job.kind === 'evaluate') {
    const count = byteLength(job.genomes) / 4 / job.genomeLength;
    if (!Number.isInteger(count)) return { error: `genomes: ${byteLength(job.genomes)} bytes is not a whole number of ${job.genomeLength}-value genomes` };
    const bad = job.tasks.findIndex((t) => t.genomes.some((g) => g >= count));
    if (bad >= 0) return { error: `tasks.${bad}.genomes: index past the ${count} genomes sent` };
  } else {
    const members = job.teams.map((t) => (t.kind === 'mlp' ? byteLength(t.genomes) / 4 / t.genomeLength : Infinity));
    const wrong = members.findIndex((m) => m !== Infinity && !Number.isInteger(m));
    if (wrong >= 0) return { error: `teams.${wrong}.genomes: not a whole number of genomes` };
    for (const [t, task] of job.tasks.entries()) {
      for (const seat of task.seats.flat()) {
        if (seat.team >= job.teams.length || seat.member >= members[seat.team])
          return { error: `tasks.${t}.seats: team ${seat.team} member ${seat.member} was not sent` };
      }
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

/** Only the genomes the tasks use travel, renumbered in order of first use. */
export function evaluateJobData(config: object, tasks: ArenaTask[], genomes: Float32Array[], record: RecordOptions): EvaluateJob {
  const local = new Map<number, number>();
  const jobTasks = tasks.map((task) => ({
    index: task.index,
    seed: task.seed,
    genomes: Array.from(task.genomes, (g) => {
      if (!local.has(g)) local.set(g, local.size);
      return local.get(g)!;
    }),
  }));
  const genomeLength = genomes[0]?.length ?? 1;
  const block = new Float32Array(local.size * genomeLength);
  for (const [g, at] of local) block.set(genomes[g], at * genomeLength);
  return { v: JOB_VERSION, kind: 'evaluate', config: config as Record<string, unknown>, tasks: jobTasks, genomeLength, genomes: encodeFloats(block), record };
}

export function decodeEvaluateJob(job: EvaluateJob): { tasks: ArenaTask[]; genomes: Float32Array[]; record: RecordOptions } {
  return {
    tasks: job.tasks.map((t) => ({ index: t.index, seed: t.seed, genomes: Int32Array.from(t.genomes) })),
    genomes: splitGenomes(decodeFloats(job.genomes), job.genomeLength),
    record: job.record,
  };
}

export function playJobData(config: object, batch: MatchBatch): PlayJob {
  const local = batch.teams.map(() => new Map<number, number>());
  const tasks = batch.tasks.map((task) => ({
    index: task.index,
    seed: task.seed,
    seats: task.seats.map((role) =>
      role.map((seat) => {
        const map = local[seat.team];
        if (!map.has(seat.member)) map.set(seat.member, map.size);
        return { team: seat.team, member: map.get(seat.member)! };
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
  return { v: JOB_VERSION, kind: 'play', config: config as Record<string, unknown>, world: batch.world as unknown as PlayJob['world'], teams, tasks };
}

export function decodePlayJob(job: PlayJob): MatchBatch {
  const teams: Team[] = job.teams.map((team) =>
    team.kind === 'mlp' ? { kind: 'mlp', shape: team.shape as MlpShape, genomes: splitGenomes(decodeFloats(team.genomes), team.genomeLength) } : team,
  );
  return { world: job.world as unknown as MatchBatch['world'], teams, tasks: job.tasks };
}

/** What a worker sends back: results as plain arrays, plus how many times the job was started. */
export interface JobResult {
  arenas?: {
    index: number;
    fitness: number[];
    eaten: number[];
    agentSteps: number;
    nonFiniteActions: number;
    nonFiniteObservations: number;
    recording?: { samples: number; observations: string; actions: string; labels: string };
  }[];
  matches?: { index: number; fitness: number[][]; outcome: number[][]; agentSteps: number; nonFiniteActions: number; nonFiniteObservations: number }[];
  health: ShardHealth[];
  /** Starts of this job before the one that finished it (stalled workers, failed attempts), plus shard tasks the worker replayed on its own threads. */
  restarts: number;
}

export function arenaResultsToJson(results: ArenaResult[]): NonNullable<JobResult['arenas']> {
  return results.map((r) => ({
    index: r.index,
    fitness: Array.from(r.fitness),
    eaten: Array.from(r.eaten),
    agentSteps: r.agentSteps,
    nonFiniteActions: r.nonFiniteActions,
    nonFiniteObservations: r.nonFiniteObservations,
    ...(r.recording
      ? {
          recording: {
            samples: r.recording.samples,
            observations: encodeFloats(r.recording.observations),
            actions: encodeFloats(r.recording.actions),
            labels: encodeFloats(r.recording.labels),
          },
        }
      : {}),
  }));
}

export function arenaResultsFromJson(arenas: NonNullable<JobResult['arenas']>): ArenaResult[] {
  return arenas.map((a) => ({
    index: a.index,
    fitness: Float64Array.from(a.fitness),
    eaten: Int32Array.from(a.eaten),
    agentSteps: a.agentSteps,
    nonFiniteActions: a.nonFiniteActions,
    nonFiniteObservations: a.nonFiniteObservations,
    ...(a.recording
      ? {
          recording: {
            samples: a.recording.samples,
            observations: decodeFloats(a.recording.observations),
            actions: decodeFloats(a.recording.actions),
            labels: decodeFloats(a.recording.labels),
          },
        }
      : {}),
  }));
}

export function matchResultsToJson(results: MatchResult[]): NonNullable<JobResult['matches']> {
  return results.map((r) => ({ ...r, fitness: r.fitness.map((f) => Array.from(f)), outcome: r.outcome.map((o) => Array.from(o)) }));
}

export function matchResultsFromJson(matches: NonNullable<JobResult['matches']>): MatchResult[] {
  return matches.map((m) => ({ ...m, fitness: m.fitness.map((f) => Float64Array.from(f)), outcome: m.outcome.map((o) => Float64Array.from(o)) }));
}
