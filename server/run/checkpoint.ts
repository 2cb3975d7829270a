/**
 * Checkpoints: RUN/checkpoints/gen-NNNNNN/ holds state.msgpack (every population's algorithm state
 * after NNNNNN generations; see state.ts) and the last generation's champions as policy folders
 * (champion/ for a run of one population, champion-NAME/ where several meet).
 * A checkpoint folder is built under a temporary name and renamed into place, so it is either
 * complete or absent; state.msgpack carries a SHA-256 of its body to catch damage on disk.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pack, unpack } from 'msgpackr';
import type { AlgorithmSnapshot } from '../../agents/evolution/algorithm.ts';
import type { StrategyState } from '../../agents/evolution/strategies/strategy.ts';
import { savePolicy, type PolicyHeader } from '../../agents/policy-file.ts';
import type { RngState } from '../../agents/rng.ts';
import { syncDirectory, temporaryPath, writeFileAtomic } from '../atomic-file.ts';
import { CoevoError } from '../errors.ts';

export const CHECKPOINT_FORMAT = 'coevo-checkpoint';
export const CHECKPOINT_VERSION = 1;
const NAME = /^gen-(\d{6,})$/;

export interface Champion {
  header: PolicyHeader;
  genome: Float32Array;
}

export function checkpointName(generation: number): string {
  return `gen-${String(generation).padStart(6, '0')}`;
}

/**
 * Writes checkpoints/gen-NNNNNN/ with `state` (an encoded body, see sealState) and a policy
 * folder per entry of `policies`, then deletes all but the newest `keep` checkpoints.
 */
export function writeCheckpointFolder(runDir: string, generation: number, state: Uint8Array, policies: Record<string, Champion>, keep: number): string {
  const root = join(runDir, 'checkpoints');
  mkdirSync(root, { recursive: true });
  const final = join(root, checkpointName(generation));
  const staging = temporaryPath(final);
  mkdirSync(staging);
  try {
    writeFileAtomic(join(staging, 'state.msgpack'), state);
    for (const [folder, policy] of Object.entries(policies)) savePolicy(join(staging, folder), policy.header, policy.genome);
    if (existsSync(final)) rmSync(final, { recursive: true });
    renameSync(staging, final);
    syncDirectory(root);
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw error;
  }
  for (const old of listCheckpoints(runDir).slice(keep)) rmSync(join(root, old), { recursive: true, force: true });
  return final;
}

/** Checkpoint folder names, newest first. */
export function listCheckpoints(runDir: string): string[] {
  const root = join(runDir, 'checkpoints');
  if (!existsSync(root)) return [];
  return readdirSync(root)
    .filter((name) => NAME.test(name))
    .sort((a, b) => Number(NAME.exec(b)![1]) - Number(NAME.exec(a)![1]));
}

/** The newest checkpoint folder of a run, or the folder itself if it is a checkpoint. */
export function findCheckpoint(path: string): string {
  if (existsSync(join(path, 'state.msgpack'))) return path;
  const newest = listCheckpoints(path)[0];
  if (!newest) throw new CoevoError('NO_CHECKPOINT', `${path}: no checkpoint found (expected ${join(path, 'checkpoints', 'gen-NNNNNN')})`);
  return join(path, 'checkpoints', newest);
}

/** Checks a checkpoint's envelope and checksum and returns its body (msgpack bytes). */
export function openState(checkpointDir: string): Uint8Array {
  const file = join(checkpointDir, 'state.msgpack');
  const fail = (why: string): never => {
    throw new CoevoError('BAD_CHECKPOINT', `checkpoint ${file}: ${why}`);
  };
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch {
    return fail('cannot read it');
  }
  let envelope: { format?: unknown; version?: unknown; sha256?: unknown; body?: unknown };
  try {
    envelope = unpack(bytes);
  } catch {
    return fail('not a valid checkpoint file (truncated or corrupt)');
  }
  if (envelope?.format !== CHECKPOINT_FORMAT) fail('not a coevo checkpoint');
  if (envelope.version !== CHECKPOINT_VERSION) fail(`unsupported version ${envelope.version}`);
  if (!(envelope.body instanceof Uint8Array)) fail('missing body');
  const body = envelope.body as Uint8Array;
  if (sha256(body) !== envelope.sha256) fail('checksum mismatch: the file is damaged');
  return body;
}

export interface StoredAlgorithm {
  kind: string;
  rng: RngState;
  step: number;
  parents: Uint8Array | null;
  genomeLength: number;
  population: Uint8Array;
  /** A strategy's state, its vectors as raw float64 bytes (a covariance is n² of them). */
  strategy?: Omit<StrategyState, 'arrays'> & { arrays: Record<string, Uint8Array> };
}

/** Wraps a state object in the envelope (format, version, SHA-256 of the body). */
export function sealState(stored: object): Uint8Array {
  const body = pack(stored);
  return pack({ format: CHECKPOINT_FORMAT, version: CHECKPOINT_VERSION, sha256: sha256(body), body });
}

export function packAlgorithm(algorithm: AlgorithmSnapshot): StoredAlgorithm {
  const { population } = algorithm;
  return {
    kind: algorithm.kind,
    rng: algorithm.rng,
    step: algorithm.step,
    parents: algorithm.parents && new Uint8Array(algorithm.parents.buffer, algorithm.parents.byteOffset, algorithm.parents.byteLength),
    genomeLength: population[0]?.length ?? 0,
    population: packGenomes(population),
    ...(algorithm.strategy
      ? { strategy: { ...algorithm.strategy, arrays: Object.fromEntries(Object.entries(algorithm.strategy.arrays).map(([k, v]) => [k, new Uint8Array(Float64Array.from(v).buffer)])) } }
      : {}),
  };
}

export function unpackAlgorithm(stored: StoredAlgorithm): AlgorithmSnapshot {
  return {
    kind: stored.kind,
    rng: stored.rng,
    step: stored.step,
    parents: stored.parents ? new Int32Array(new Uint8Array(stored.parents).buffer) : null,
    population: splitGenomes(stored.population, stored.genomeLength),
    ...(stored.strategy
      ? { strategy: { ...stored.strategy, arrays: Object.fromEntries(Object.entries(stored.strategy.arrays).map(([k, v]) => [k, Array.from(new Float64Array(new Uint8Array(v).buffer))])) } }
      : {}),
  };
}

/** Genomes as raw little-endian float32 bytes (msgpack bin), readable by any msgpack decoder. */
export function packGenomes(genomes: readonly Float32Array[]): Uint8Array {
  const length = genomes[0]?.length ?? 0;
  const flat = new Float32Array(genomes.length * length);
  genomes.forEach((genome, i) => flat.set(genome, i * length));
  return new Uint8Array(flat.buffer);
}

export function splitGenomes(bytes: Uint8Array, genomeLength: number): Float32Array[] {
  const copy = new Float32Array(new Uint8Array(bytes).buffer); // copy: the decoded view may be unaligned
  const genomes: Float32Array[] = [];
  for (let at = 0; at < copy.length; at += genomeLength) genomes.push(copy.slice(at, at + genomeLength));
  return genomes;
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
