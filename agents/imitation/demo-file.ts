/**
 * Demonstration files (`coevo record`, `--imitate dataset:FILE`): versioned MessagePack holding
 * an expert's (observation, action) pairs as little-endian float32 `bin` fields, with the
 * scenario and sizes they were recorded for and a SHA-256 of the data. docs/demonstrations.md
 * documents the layout.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { pack, unpack } from 'msgpackr';
import { writeFileAtomic } from '../../server/atomic-file.ts';
import { CoevoError } from '../../server/errors.ts';

export const DEMO_FORMAT = 'coevo-demonstrations';
export const DEMO_VERSION = 1;

export interface Demonstrations {
  scenario: string;
  /** The role whose seats were recorded (files written before roles were recorded hold the world's first role). */
  role: string;
  observationSize: number;
  actionSize: number;
  /** Who acted: "scripted" or "policy:PATH". */
  expert: string;
  episodes: number;
  observations: Float32Array;
  actions: Float32Array;
}

export function demoCount(demos: Demonstrations): number {
  return demos.observations.length / demos.observationSize;
}

export function writeDemonstrations(path: string, demos: Demonstrations): void {
  const observations = bytesOf(demos.observations);
  const actions = bytesOf(demos.actions);
  writeFileAtomic(
    path,
    pack({
      format: DEMO_FORMAT,
      version: DEMO_VERSION,
      scenario: demos.scenario,
      role: demos.role,
      observationSize: demos.observationSize,
      actionSize: demos.actionSize,
      expert: demos.expert,
      episodes: demos.episodes,
      samples: demoCount(demos),
      observations,
      actions,
      sha256: digest(observations, actions),
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
  if (raw.version !== DEMO_VERSION) fail(`unsupported version ${raw.version} (this coevo reads ${DEMO_VERSION})`);
  if (raw.scenario !== expected.scenario) fail(`recorded in scenario "${raw.scenario}", not "${expected.scenario}"`);
  if (raw.role !== undefined && raw.role !== expected.role) fail(`recorded for role "${raw.role}", not "${expected.role}"`);
  if (raw.observationSize !== expected.observationSize || raw.actionSize !== expected.actionSize) {
    fail(`recorded with ${raw.observationSize} observations and ${raw.actionSize} actions; this world has ${expected.observationSize} and ${expected.actionSize}`);
  }
  const observations = raw.observations;
  const actions = raw.actions;
  if (!(observations instanceof Uint8Array) || !(actions instanceof Uint8Array)) return fail('missing observations or actions');
  const samples = raw.samples as number;
  if (observations.length !== samples * expected.observationSize * 4 || actions.length !== samples * expected.actionSize * 4) {
    fail(`holds ${samples} samples but its arrays have other lengths (truncated?)`);
  }
  if (digest(observations, actions) !== raw.sha256) fail('checksum mismatch: the file is damaged');
  return {
    scenario: expected.scenario,
    role: expected.role,
    observationSize: expected.observationSize,
    actionSize: expected.actionSize,
    expert: String(raw.expert),
    episodes: Number(raw.episodes),
    observations: floatsOf(observations),
    actions: floatsOf(actions),
  };
}

function bytesOf(values: Float32Array): Uint8Array {
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
