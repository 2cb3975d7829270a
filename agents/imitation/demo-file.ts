/**
 * Demonstration files (`coevo record`, `--imitate dataset:FILE`): versioned MessagePack holding an
 * expert's trajectories with the scenario, role and sizes they were recorded for and a SHA-256 of
 * the data; docs/demonstrations.md documents the layout. Version 2 (written now) keeps each
 * (agent, episode) trajectory whole: every kept step's observation, the world's behaviour features
 * and, unless recorded as states only, the action. Version 1 files (pairs without trajectories or
 * features) stay readable.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { pack, unpack } from 'msgpackr';
import { writeFileAtomic } from '../../server/atomic-file.ts';
import { CoevoError } from '../../server/errors.ts';

export const DEMO_FORMAT = 'coevo-demonstrations';
export const DEMO_VERSION = 2;

export interface Demonstrations {
  scenario: string;
  /** The role whose seats were recorded (files written before roles were recorded hold the world's first role). */
  role: string;
  observationSize: number;
  actionSize: number;
  /** Who acted: "scripted" or "policy:PATH". */
  expert: string;
  episodes: number;
  /** Every kept step's observation, trajectory after trajectory. */
  observations: Float32Array;
  /** The expert's action at each kept step; null for states only (`coevo record --states-only`). */
  actions: Float32Array | null;
  /** Version 2: the steps of each trajectory, and how many control steps apart kept steps are; in team worlds (carry) each trajectory's slot. */
  trajectories?: { lengths: Int32Array; every: number; slots?: Int32Array };
  /** Version 2: the world's behaviour features at each kept step (RoleSpec.features). */
  features?: { names: string[]; values: Float32Array };
}

export function demoCount(demos: Demonstrations): number {
  return demos.observations.length / demos.observationSize;
}

/** Writes a version 2 file: `demos` must carry its trajectories and features. */
export function writeDemonstrations(path: string, demos: Demonstrations): void {
  if (!demos.trajectories || !demos.features) throw new Error('writeDemonstrations: trajectories and features are required');
  const arrays = {
    lengths: bytesOf(demos.trajectories.lengths),
    observations: bytesOf(demos.observations),
    featureValues: bytesOf(demos.features.values),
    actions: bytesOf(demos.actions ?? new Float32Array(0)),
    // Team demonstrations keep each trajectory's slot (files without it read as before).
    ...(demos.trajectories.slots ? { slots: bytesOf(demos.trajectories.slots) } : {}),
  };
  writeFileAtomic(
    path,
    pack({
      format: DEMO_FORMAT,
      version: DEMO_VERSION,
      scenario: demos.scenario,
      role: demos.role,
      observationSize: demos.observationSize,
      actionSize: demos.actionSize,
      features: demos.features.names,
      expert: demos.expert,
      episodes: demos.episodes,
      every: demos.trajectories.every,
      statesOnly: demos.actions === null,
      samples: demoCount(demos),
      ...arrays,
      sha256: digest(...Object.values(arrays)),
    }),
  );
}

/** Reads and checks a demonstration file; `expected` is the scenario and role it must fit. */
export function readDemonstrations(path: string, expected: { scenario: string; role: string; observationSize: number; actionSize: number }): Demonstrations {
  const fail = (why: string): never => {
    throw new CoevoError('BAD_DEMONSTRATIONS', `demonstrations ${path}: ${why}`);
  };
  let raw: Record<string, unknown>;
  try {
    raw = unpack(readFileSync(path));
  } catch (error) {
    return fail((error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : 'not a valid demonstration file (truncated or corrupt)');
  }
  if (raw?.format !== DEMO_FORMAT) fail('not a coevo demonstration file');
  if (raw.version !== 1 && raw.version !== 2) fail(`unsupported version ${raw.version} (this coevo reads 1 and 2)`);
  if (raw.scenario !== expected.scenario) fail(`recorded in scenario "${raw.scenario}", not "${expected.scenario}"`);
  if (raw.role !== undefined && raw.role !== expected.role) fail(`recorded for role "${raw.role}", not "${expected.role}"`);
  if (raw.observationSize !== expected.observationSize || raw.actionSize !== expected.actionSize) {
    fail(`recorded with ${raw.observationSize} observations and ${raw.actionSize} actions; this world has ${expected.observationSize} and ${expected.actionSize}`);
  }
  const samples = raw.samples as number;
  const bin = (key: string, perSample: number, optional = false): Uint8Array => {
    const bytes = raw[key];
    if (!(bytes instanceof Uint8Array)) return fail(`missing ${key}`);
    if (bytes.length !== samples * perSample * 4 && !(optional && bytes.length === 0)) fail(`holds ${samples} samples but its ${key} have another length (truncated?)`);
    return bytes;
  };
  const demos = {
    scenario: expected.scenario,
    role: expected.role,
    observationSize: expected.observationSize,
    actionSize: expected.actionSize,
    expert: String(raw.expert),
    episodes: Number(raw.episodes),
  };
  if (raw.version === 1) {
    const observations = bin('observations', expected.observationSize);
    const actions = bin('actions', expected.actionSize);
    if (digest(observations, actions) !== raw.sha256) fail('checksum mismatch: the file is damaged');
    return { ...demos, observations: floatsOf(observations), actions: floatsOf(actions) };
  }
  const names = raw.features;
  if (!Array.isArray(names) || !names.every((n) => typeof n === 'string')) return fail('missing the names of its features');
  const lengths = raw.lengths instanceof Uint8Array ? raw.lengths : fail('missing lengths');
  const slots = raw.slots instanceof Uint8Array ? raw.slots : null;
  const arrays = {
    lengths,
    observations: bin('observations', expected.observationSize),
    featureValues: bin('featureValues', names.length),
    actions: bin('actions', expected.actionSize, raw.statesOnly === true),
    ...(slots ? { slots } : {}),
  };
  if (digest(...Object.values(arrays)) !== raw.sha256) fail('checksum mismatch: the file is damaged');
  const trajectoryLengths = new Int32Array(new Uint8Array(lengths).buffer);
  if (slots && slots.byteLength !== lengths.byteLength) fail('holds another number of slots than of trajectories');
  if (trajectoryLengths.reduce((a, b) => a + b, 0) !== samples) fail(`its trajectories hold other than ${samples} samples`);
  return {
    ...demos,
    observations: floatsOf(arrays.observations),
    actions: raw.statesOnly === true ? null : floatsOf(arrays.actions),
    trajectories: { lengths: trajectoryLengths, every: Number(raw.every), ...(slots ? { slots: new Int32Array(new Uint8Array(slots).buffer) } : {}) },
    features: { names, values: floatsOf(arrays.featureValues) },
  };
}

function bytesOf(values: ArrayBufferView): Uint8Array {
  return new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
}

function floatsOf(bytes: Uint8Array): Float32Array {
  return new Float32Array(new Uint8Array(bytes).buffer); // copy: the decoded view may be unaligned
}

function digest(...parts: Uint8Array[]): string {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return hash.digest('hex');
}
