import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from './helpers.ts';

const BIN = join(import.meta.dirname, '..', 'bin', 'coevo.js');
const cli = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });

describe('output folders a user names', () => {
  it('are made with their parents; a file in the way is refused with BAD_FLAG and a message naming the flag, not a stack', () => {
    const dir = tempDir();
    const file = join(dir, 'a-file');
    writeFileSync(file, 'not a folder');
    const blocked = [
      { run: cli('run', '--run-dir', join(file, 'run'), '--generations', '1', '--workers', '0', '--quiet'), label: /run directory .*a-file\/run/ },
      { run: cli('tournament', '--players', 'expert', 'random', '--scenario', 'sumo', '--games', '2', '--out', join(file, 't')), label: /--out .*a-file\/t/ },
    ];
    for (const { run, label } of blocked) {
      expect(run.status).toBe(2);
      expect(run.stderr).toMatch(label);
      expect(run.stderr).toMatch(/cannot make the folder .* \(a file stands where a folder of its path should be\) \[BAD_FLAG\]/);
      expect(run.stderr).not.toMatch(/\n\s+at /);
    }
    const nested = join(dir, 'new', 'deeper', 'tournament');
    expect(cli('tournament', '--players', 'expert', 'random', '--scenario', 'sumo', '--games', '2', '--out', nested).status).toBe(0);
    expect(existsSync(join(nested, 'ratings.json'))).toBe(true);
  });
});
