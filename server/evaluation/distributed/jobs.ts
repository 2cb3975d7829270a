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
import { NOISE_TABLE_SIZE } from '../../../agents/evolution/strategies/noise-table.ts';
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
    seeded: z.boolean().optional(),
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
  /** Seeded teams' genomes as noise-table offsets (wire.ts's WireSeeds), each array as base64. */
  seeds: z.strictObject({ team: z.array(count), centre: z.array(b64), scale: z.array(b64), offsets: z.array(b64), signs: z.array(b64) }).optional(),
});
export type PlayJob = z.infer<typeof jobSchema>;

/** Validates a job and decodes its batch; the message names each bad field. */
export function parseJob(data: unknown): { batch: MatchBatch; config: Record<string, unknown>; matches: number } | { error: string } {
  const result = jobSchema.safeParse(data);
  if (!result.success) return { error: result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ') };
  const { v: _v, kind: _kind, config, ...json } = result.data;
  let wire: WireBatch;
  try {
    const seeds = json.seeds && {
      team: json.seeds.team,
      centre: json.seeds.centre.map((v) => typed(v, Float64Array, 'seeds.centre')),
      scale: json.seeds.scale.map((v) => typed(v, Float64Array, 'seeds.scale')),
      offsets: json.seeds.offsets.map((v) => typed(v, Int32Array, 'seeds.offsets')),
      signs: json.seeds.signs.map((v) => typed(v, Int8Array, 'seeds.signs')),
    };
    wire = { ...json, ...fromBase64(json, BATCH_ARRAYS), genomes: json.genomes.map((g) => typed(g, Float32Array)), ...(seeds ? { seeds } : {}) } as unknown as WireBatch;
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
  const seedsProblem = wire.seeds ? seedProblem(wire) : null;
  if (seedsProblem) return seedsProblem;
  const seededMembers = new Map((wire.seeds?.team ?? []).map((t, k) => [t, wire.seeds!.offsets[k].length]));
  const members = wire.teams.map((team, t) => (team.kind === 'mlp' ? (seededMembers.get(t) ?? wire.genomes[t].length / team.genomeLength) : Number.POSITIVE_INFINITY));
  const partial = members.findIndex((m) => !Number.isInteger(m) && m !== Number.POSITIVE_INFINITY);
  if (partial >= 0) return `genomes.${partial}: not a whole number of genomes`;
  for (let s = 0; s < seats; s++) {
    const team = wire.seatTeam[s];
    if (team >= wire.teams.length || wire.seatMember[s] >= members[team]) return `seatTeam: seat ${s} seats team ${team} member ${wire.seatMember[s]}, which was not sent`;
  }
  return null;
}

/** Seeded teams: network teams marked seeded, one centre of the genome's length, a scale of 1 or that length, offsets inside the noise table, signs ±1. */
function seedProblem(wire: WireBatch): string | null {
  const seeds = wire.seeds!;
  const lists = [seeds.centre, seeds.scale, seeds.offsets, seeds.signs];
  if (lists.some((list) => list.length !== seeds.team.length)) return `seeds: ${seeds.team.length} teams, but lists of ${lists.map((l) => l.length).join(', ')}`;
  for (const [k, t] of seeds.team.entries()) {
    const team = wire.teams[t];
    if (team?.kind !== 'mlp' || !team.seeded) return `seeds.team.${k}: team ${t} is not a seeded network team`;
    const n = team.genomeLength;
    if (seeds.centre[k].length !== n) return `seeds.centre.${k}: ${seeds.centre[k].length} values for genomes of ${n}`;
    if (seeds.scale[k].length !== 1 && seeds.scale[k].length !== n) return `seeds.scale.${k}: ${seeds.scale[k].length} values, not 1 or ${n}`;
    if (seeds.signs[k].length !== seeds.offsets[k].length) return `seeds.signs.${k}: ${seeds.signs[k].length} signs for ${seeds.offsets[k].length} offsets`;
    if (seeds.offsets[k].some((o) => o < 0 || o > NOISE_TABLE_SIZE - n)) return `seeds.offsets.${k}: an offset outside the noise table (0 … ${NOISE_TABLE_SIZE - n})`;
    if (seeds.signs[k].some((s) => s !== 1 && s !== -1)) return `seeds.signs.${k}: signs must be 1 or -1`;
  }
  const unseeded = wire.teams.findIndex((team, t) => team.kind === 'mlp' && team.seeded === true && !seeds.team.includes(t));
  return unseeded >= 0 ? `teams.${unseeded}: marked seeded, but seeds has nothing for it` : null;
}

/** The job that plays `batch` (its seated genomes only; a strategy's noise-table genomes as offsets). */
export function playJobData(config: object, batch: MatchBatch): PlayJob {
  const wire = encodeBatch(batch, { seeds: true });
  const seeds = wire.seeds && {
    team: wire.seeds.team,
    centre: wire.seeds.centre.map(base64),
    scale: wire.seeds.scale.map(base64),
    offsets: wire.seeds.offsets.map(base64),
    signs: wire.seeds.signs.map(base64),
  };
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
    ...(seeds ? { seeds } : {}),
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
