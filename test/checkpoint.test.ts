import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Rng } from '../agents/rng.ts';
import { findCheckpoint, listCheckpoints, readCheckpoint, writeCheckpoint, type CheckpointState } from '../server/run/checkpoint.ts';
import { tempDir } from './helpers.ts';

function state(generation: number): CheckpointState {
  const rng = new Rng(generation);
  return {
    generation,
    runSeed: 5,
    algorithm: {
      kind: 'ga',
      rng: rng.state(),
      step: generation,
      parents: Int32Array.from([3, 1, 0, 2]),
      population: Array.from({ length: 4 }, () => new Float32Array(7).map(() => rng.gaussian())),
    },
  };
}

describe('checkpoints', () => {
  it('round-trip the algorithm state exactly', () => {
    const run = tempDir();
    const written = state(10);
    const dir = writeCheckpoint(run, written, null, 3);
    expect(readCheckpoint(dir)).toEqual(written);
    expect(findCheckpoint(run)).toBe(dir);
  });

  it('keep only the newest few and leave no temporary folders', () => {
    const run = tempDir();
    for (const generation of [2, 4, 6, 8]) writeCheckpoint(run, state(generation), null, 2);
    expect(listCheckpoints(run)).toEqual(['gen-000008', 'gen-000006']);
    expect(readdirSync(join(run, 'checkpoints')).filter((name) => name.startsWith('.'))).toEqual([]);
  });

  it('refuse a truncated or altered state file with a clear error', () => {
    const run = tempDir();
    const dir = writeCheckpoint(run, state(3), null, 3);
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
