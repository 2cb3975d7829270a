import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Rng } from '../agents/rng.ts';
import { findCheckpoint, listCheckpoints, writeCheckpointFolder } from '../server/run/checkpoint.ts';
import { encodeRunState, readRunState, type RunState } from '../server/run/state.ts';
import { tempDir } from './helpers.ts';

function state(generation: number, single = true): RunState {
  const rng = new Rng(generation);
  const algorithm = () => ({
    kind: 'ga',
    rng: rng.state(),
    step: generation,
    parents: Int32Array.from([3, 1, 0, 2]),
    population: Array.from({ length: 4 }, () => new Float32Array(7).map(() => rng.gaussian())),
  });
  if (single) return { generation, runSeed: 5, single, populations: [{ name: 'main', algorithm: algorithm(), hallOfFame: [] }] };
  const hallOfFame = [{ generation: 1, genome: Float32Array.of(1, 2, 3, 4, 5, 6, 7) }];
  return {
    generation,
    runSeed: 5,
    single,
    populations: [
      { name: 'red', algorithm: algorithm(), hallOfFame, imitation: Uint8Array.of(9, 8, 7) },
      { name: 'blue', algorithm: algorithm(), hallOfFame: [] },
    ],
  };
}

function writeCheckpoint(run: string, written: RunState, keep: number): string {
  return writeCheckpointFolder(run, written.generation, encodeRunState(written), {}, keep);
}

const readCheckpoint = readRunState;

describe('checkpoints', () => {
  it('round-trip the algorithm state exactly', () => {
    const run = tempDir();
    const written = state(10);
    const dir = writeCheckpoint(run, written, 3);
    expect(readCheckpoint(dir)).toEqual(written);
    expect(findCheckpoint(run)).toBe(dir);
  });

  it('round-trip several populations with their halls of fame and imitation state', () => {
    const run = tempDir();
    const written = state(4, false);
    expect(readCheckpoint(writeCheckpoint(run, written, 3))).toEqual(written);
  });

  it('keep only the newest few and leave no temporary folders', () => {
    const run = tempDir();
    for (const generation of [2, 4, 6, 8]) writeCheckpoint(run, state(generation), 2);
    expect(listCheckpoints(run)).toEqual(['gen-000008', 'gen-000006']);
    expect(readdirSync(join(run, 'checkpoints')).filter((name) => name.startsWith('.'))).toEqual([]);
  });

  it('refuse a truncated or altered state file with a clear error', () => {
    const run = tempDir();
    const dir = writeCheckpoint(run, state(3), 3);
    const file = join(dir, 'state.msgpack');
    const bytes = readFileSync(file);
    writeFileSync(file, bytes.subarray(0, bytes.length - 20));
    expect(() => readCheckpoint(dir)).toThrow(/truncated or corrupt|checksum/);
    const altered = Buffer.from(bytes);
    altered[altered.length - 5] ^= 0xff;
    writeFileSync(file, altered);
    expect(() => readCheckpoint(dir)).toThrow(/checksum mismatch/);
    expect(existsSync(file)).toBe(true); // nothing was deleted or rewritten
  });

  it('report a run without checkpoints', () => {
    expect(() => findCheckpoint(tempDir())).toThrow(/no checkpoint found/);
  });
});
