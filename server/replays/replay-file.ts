/**
 * Replay files (`RUN/replays/gen-NNNNNN.replay`, docs/replays.md): one champion's episode (or
 * match) as a viewer draws it: the world's description, every moving body's position and the
 * turning bodies' orientations at each decision (20 a second by default), who sat where with their
 * results, and the moments a seat's outcome changed (a pellet eaten, a catch, the result).
 *
 * One MessagePack map. Positions are quantised to int16 in steps of `positionStep` metres (the
 * largest coordinate over 32767: 0.3 mm on a 20 m floor), orientations to int16 in steps of
 * 1/32767, both little-endian and deflated (zlib); a SHA-256 of the two compressed arrays guards
 * them. Read back, a position is within half a step of what was recorded.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { deflateSync, inflateSync } from 'node:zlib';
import { pack, unpack } from 'msgpackr';
import type { ReplayHeader, WorldMessage } from '../../client-protocol/protocol.ts';
import { writeFileAtomic } from '../atomic-file.ts';
import { CoevoError } from '../errors.ts';

export const REPLAY_FORMAT = 'coevo-replay';
export const REPLAY_VERSION = 1;
const INT16 = 32767;

export type { ReplaySeat } from '../../client-protocol/protocol.ts';

/** A replay with its poses as numbers: x, y, z per moving body (world.moving order) and x, y, z, w per rotating body, frame after frame. */
export interface Replay extends ReplayHeader {
  positions: Float32Array;
  rotations: Float32Array;
}

/** Metres per quantisation step for these positions. */
export function positionStep(positions: Float32Array): number {
  let largest = 0;
  for (const v of positions) largest = Math.max(largest, Math.abs(v));
  return Math.max(largest / INT16, 1e-6);
}

export function encodeReplay(replay: Replay): Uint8Array {
  const step = positionStep(replay.positions);
  const positions = deflateSync(int16Bytes(replay.positions, 1 / step));
  const rotations = deflateSync(int16Bytes(replay.rotations, INT16));
  const { positions: _p, rotations: _r, ...header } = replay;
  return pack({ format: REPLAY_FORMAT, version: REPLAY_VERSION, ...header, positionStep: step, positions, rotations, sha256: digest(positions, rotations) });
}

export function writeReplay(path: string, replay: Replay): number {
  const bytes = encodeReplay(replay);
  writeFileAtomic(path, bytes);
  return bytes.byteLength;
}

export function decodeReplay(bytes: Uint8Array, name = 'replay'): Replay {
  const fail = (why: string): never => {
    throw new CoevoError('BAD_REPLAY', `${name}: ${why}`);
  };
  let raw: Record<string, unknown>;
  try {
    raw = unpack(bytes);
  } catch {
    return fail('not a valid replay file (truncated or corrupt)');
  }
  if (!raw || raw.format !== REPLAY_FORMAT) fail('not a coevo replay file');
  if (raw.version !== REPLAY_VERSION) fail(`unsupported version ${raw.version} (this coevo reads ${REPLAY_VERSION})`);
  const positions = raw.positions;
  const rotations = raw.rotations;
  if (!(positions instanceof Uint8Array) || !(rotations instanceof Uint8Array)) return fail('missing positions or rotations');
  if (digest(positions, rotations) !== raw.sha256) fail('checksum mismatch: the file is damaged');
  const world = raw.world as WorldMessage;
  const frames = raw.frames as number;
  const replay = {
    ...(raw as unknown as Replay),
    positions: floatsOfInt16(inflateSync(positions), raw.positionStep as number),
    rotations: floatsOfInt16(inflateSync(rotations), 1 / INT16),
  };
  if (replay.positions.length !== frames * world.moving.length * 3 || replay.rotations.length !== frames * world.rotating.length * 4) fail(`holds ${frames} frames but its arrays have other lengths`);
  for (const key of ['format', 'version', 'positionStep', 'sha256']) delete (replay as Record<string, unknown>)[key];
  return replay;
}

export function readReplay(path: string): Replay {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw new CoevoError('BAD_REPLAY', `${path}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
  }
  return decodeReplay(bytes, path);
}

function int16Bytes(values: Float32Array, scale: number): Uint8Array {
  const out = Buffer.alloc(values.length * 2);
  for (let i = 0; i < values.length; i++) out.writeInt16LE(Math.max(-INT16, Math.min(INT16, Math.round(values[i] * scale))), i * 2);
  return out;
}

function floatsOfInt16(bytes: Uint8Array, step: number): Float32Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Float32Array(bytes.byteLength / 2);
  for (let i = 0; i < out.length; i++) out[i] = view.getInt16(i * 2, true) * step;
  return out;
}

function digest(...parts: Uint8Array[]): string {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return hash.digest('hex');
}
