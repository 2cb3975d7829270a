/**
 * Evaluation jobs on the Redis queue, and their results: a batch of matches in its wire form
 * (../wire.ts) as plain JSON, which is what BullMQ stores, with every typed array as base64 of its
 * little-endian bytes (doubles round-trip exactly, so results are bit-identical to a local run's).
 * A job is self-contained: the run's resolved config and everything its matches need, so any
 * worker on any machine can play it. Every job is validated before it is used; a malformed one is
 * refused with a message naming the field.
 */
import { z } from 'zod';
import { ACTIVATIONS } from '../../../agents/mlp.ts';
import { BODY_KINDS } from '../../../worlds/bodies/body.ts';
import type { MatchBatch, MatchResult } from '../match-task.ts';
import type { ShardHealth } from '../shards/messages.ts';
import { decodeBatch, decodeResults, encodeBatch, encodeResults, type WireBatch, type WireResults } from '../wire.ts';

/** 2: every job plays matches (seats say whether they score) and may record pairs for imitation. */
export const JOB_VERSION = 2;

const b64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, 'must be base64');
const count = z.number().int().min(0);

const teamSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('mlp'),
    shape: z.strictObject({
      inputSize: z.number().int().min(1),
      hiddenSizes: z.array(z.number().int().min(1).max(4096)).max(8),
      outputSize: z.number().int().min(1),
      activation: z.enum(ACTIVATIONS),
      outputActivation: z.literal('tanh'),
      stochastic: z.boolean().optional(),
    }),
    sample: z.boolean().optional(),
    genomeLength: z.number().int().min(1),
  }),
  z.strictObject({ kind: z.literal('expert') }),
  z.strictObject({ kind: z.literal('random') }),
]);

/** The typed arrays of a batch, and what each holds. */
const BATCH_ARRAYS = { taskIndex: Int32Array, taskSeed: Uint32Array, seatTeam: Int32Array, seatMember: Int32Array, seatScores: Uint8Array } as const;
const RESULT_ARRAYS = {
  taskIndex: Int32Array,
  fitness: Float64Array,
  outcome: Float64Array,
  agentSteps: Float64Array,
  nonFiniteActions: Int32Array,
  nonFiniteObservations: Int32Array,
  recordSeats: Int32Array,
  recordObservationLengths: Int32Array,
  recordActionLengths: Int32Array,
  recordValid: Int32Array,
  recordObservations: Float32Array,
  recordActions: Float32Array,
  recordLabels: Float32Array,
  recordFeatureLengths: Int32Array,
  recordFeatures: Float32Array,
  behaviour: Float64Array,
} as const;

export const jobSchema = z.strictObject({
  v: z.literal(JOB_VERSION),
  kind: z.literal('play'),
  config: z.record(z.string(), z.unknown()),
  world: z.strictObject({ scenario: z.string(), worlds: z.record(z.string(), z.unknown()), bodies: z.array(z.enum(BODY_KINDS)), gravity: z.number().min(0).max(100).optional() }),
  teams: z.array(teamSchema).min(1),
  slots: z.array(z.number().int().min(1)).min(1),
  record: z.strictObject({ every: count, expertLabels: z.boolean() }),
  describe: z.boolean().optional(),
  ...(Object.fromEntries(Object.keys(BATCH_ARRAYS).map((key) => [key, b64])) as Record<keyof typeof BATCH_ARRAYS, typeof b64>),
  genomes: z.array(b64),
});
export type PlayJob = z.infer<typeof jobSchema>;

/** Validates a job and decodes its batch; the message names each bad field. */
export function parseJob(data: unknown): { batch: MatchBatch; config: Record<string, unknown>; matches: number } | { error: string } {
  const result = jobSchema.safeParse(data);
  if (!result.success) return { error: result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ') };
  const { v: _v, kind: _kind, config, ...json } = result.data;
  let wire: WireBatch;
  try {
    wire = { ...json, ...fromBase64(json, BATCH_ARRAYS), genomes: json.genomes.map((g) => typed(g, Float32Array)) } as unknown as WireBatch;
  } catch (error) {
    return { error: (error as Error).message };
  }
  const problem = wireProblem(wire);
  return problem ? { error: problem } : { batch: decodeBatch(wire), config, matches: wire.taskIndex.length };
}

/** Cross-field checks the schema cannot express: array lengths, and every seat's team and member were sent. */
function wireProblem(wire: WireBatch): string | null {
  const tasks = wire.taskIndex.length;
  const seats = tasks * wire.slots.reduce((a, b) => a + b, 0);
  if (tasks === 0) return 'taskIndex: no matches';
  if (wire.taskSeed.length !== tasks) return `taskSeed: ${wire.taskSeed.length} seeds for ${tasks} matches`;
  for (const key of ['seatTeam', 'seatMember', 'seatScores'] as const) {
    if (wire[key].length !== seats) return `${key}: ${wire[key].length} seats, the matches have ${seats}`;
  }
  if (wire.genomes.length !== wire.teams.length) return `genomes: ${wire.genomes.length} blocks for ${wire.teams.length} teams`;
  const members = wire.teams.map((team, t) => (team.kind === 'mlp' ? wire.genomes[t].length / team.genomeLength : Number.POSITIVE_INFINITY));
  const partial = members.findIndex((m) => !Number.isInteger(m) && m !== Number.POSITIVE_INFINITY);
  if (partial >= 0) return `genomes.${partial}: not a whole number of genomes`;
  for (let s = 0; s < seats; s++) {
    const team = wire.seatTeam[s];
    if (team >= wire.teams.length || wire.seatMember[s] >= members[team]) return `seatTeam: seat ${s} seats team ${team} member ${wire.seatMember[s]}, which was not sent`;
  }
  return null;
}

/** The job that plays `batch` (its seated genomes only). */
export function playJobData(config: object, batch: MatchBatch): PlayJob {
  const wire = encodeBatch(batch);
  return {
    v: JOB_VERSION,
    kind: 'play',
    config: config as Record<string, unknown>,
    world: wire.world as unknown as PlayJob['world'],
    teams: wire.teams,
    slots: wire.slots,
    record: wire.record,
    ...(wire.describe ? { describe: true } : {}),
    ...toBase64(wire, BATCH_ARRAYS),
    genomes: wire.genomes.map(base64),
  };
}

/** What a worker sends back: its results, plus how many times the job was started. */
export interface JobResult {
  results: Record<string, unknown>;
  health: ShardHealth[];
  /** Starts of this job before the one that finished it (stalled workers, failed attempts), plus shard tasks the worker replayed on its own threads. */
  restarts: number;
}

export function resultsToJson(results: MatchResult[], slots: number[]): JobResult['results'] {
  const wire = encodeResults(results, slots);
  return { slots: wire.slots, recordSamples: wire.recordSamples, behaviourLengths: wire.behaviourLengths, ...toBase64(wire, RESULT_ARRAYS) };
}

export function resultsFromJson(json: JobResult['results']): MatchResult[] {
  return decodeResults({ ...json, ...fromBase64(json as Record<string, string>, RESULT_ARRAYS) } as unknown as WireResults);
}

type ArrayTypes = Record<string, { new (buffer: ArrayBuffer): ArrayBufferView; BYTES_PER_ELEMENT: number }>;

function toBase64<K extends string>(wire: object, types: Record<K, unknown>): Record<K, string> {
  return Object.fromEntries(Object.keys(types).map((key) => [key, base64((wire as Record<string, ArrayBufferView>)[key])])) as Record<K, string>;
}

function fromBase64(json: Record<string, unknown>, types: ArrayTypes): Record<string, ArrayBufferView> {
  return Object.fromEntries(Object.entries(types).map(([key, type]) => [key, typed(json[key] as string, type, key)]));
}

function base64(values: ArrayBufferView): string {
  return Buffer.from(values.buffer, values.byteOffset, values.byteLength).toString('base64');
}

function typed<T extends ArrayBufferView>(text: string, type: { new (buffer: ArrayBuffer): T; BYTES_PER_ELEMENT: number }, field = 'genomes'): T {
  const bytes = Buffer.from(text, 'base64');
  if (bytes.length % type.BYTES_PER_ELEMENT !== 0) throw new Error(`${field}: ${bytes.length} bytes is not a whole number of values`);
  const copy = new Uint8Array(bytes.length); // a copy: the Buffer may be unaligned
  copy.set(bytes);
  return new type(copy.buffer);
}
