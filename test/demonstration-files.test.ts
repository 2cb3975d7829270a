import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readDemonstrations, writeDemonstrations } from '../agents/imitation/demo-file.ts';
import { tempDir } from './helpers.ts';

const BIN = join(import.meta.dirname, '..', 'bin', 'coevo.js');
const forage = { scenario: 'forage', role: 'forager', observationSize: 24, actionSize: 2 };

function demoFile(): string {
  const file = join(tempDir(), 'demos.msgpack');
  writeDemonstrations(file, {
    ...forage,
    expert: 'scripted',
    episodes: 1,
    observations: Float32Array.from({ length: 24 * 10 }, (_, i) => i / 10),
    actions: Float32Array.from({ length: 2 * 10 }, (_, i) => (i % 3) - 1),
  });
  return file;
}

describe('demonstration files', () => {
  it('round-trip their pairs', () => {
    const demos = readDemonstrations(demoFile(), forage);
    expect(demos.observations.length).toBe(240);
    expect(demos.observations[15]).toBeCloseTo(1.5);
    expect(Array.from(demos.actions.subarray(0, 3))).toEqual([-1, 0, 1]);
  });

  it('are refused when recorded for other sizes or another scenario', () => {
    expect(() => readDemonstrations(demoFile(), { ...forage, observationSize: 16 })).toThrow(/recorded with 24 observations and 2 actions; this world has 16 and 2/);
    expect(() => readDemonstrations(demoFile(), { ...forage, scenario: 'sumo' })).toThrow(/recorded in scenario "forage", not "sumo"/);
  });

  it('are refused when truncated, damaged or not demonstrations at all', () => {
    const file = demoFile();
    const bytes = readFileSync(file);
    writeFileSync(file, bytes.subarray(0, bytes.length - 100));
    expect(() => readDemonstrations(file, forage)).toThrow(/BAD_DEMONSTRATIONS|truncated|other lengths/);
    const damaged = Buffer.from(bytes);
    damaged[200] ^= 0xff;
    writeFileSync(file, damaged);
    expect(() => readDemonstrations(file, forage)).toThrow(/checksum mismatch/);
    writeFileSync(file, '{"not": "msgpack"}');
    expect(() => readDemonstrations(file, forage)).toThrow(/not a coevo demonstration file|truncated or corrupt/);
  });

  it('recorded by coevo record with other world settings stop a run before it starts', () => {
    const dir = tempDir();
    const config = join(dir, 'rays4.json');
    writeFileSync(config, JSON.stringify({ worlds: { forage: { rays: 4 } } }));
    const file = join(dir, 'rays4.msgpack');
    const recorded = spawnSync(process.execPath, [BIN, 'record', '--scenario', 'forage', '--expert', 'scripted', '--episodes', '1', '--out', file, '--config', config], { encoding: 'utf8' });
    expect(recorded.status).toBe(0);
    expect(recorded.stdout).toMatch(/recorded 3200 pairs from 1 episodes of scripted/);

    const runDir = join(dir, 'run');
    const run = spawnSync(process.execPath, [BIN, 'run', '--imitate', `dataset:${file}`, '--generations', '1', '--run-dir', runDir, '--workers', '0'], {
      encoding: 'utf8',
    });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/recorded with 16 observations and 2 actions; this world has 24 and 2 \[BAD_DEMONSTRATIONS\]/);
    expect(existsSync(runDir)).toBe(false);
  });

  it("are recorded for one role where roles meet, and feed that role's population", async () => {
    const dir = tempDir();
    const file = join(dir, 'red.msgpack');
    const cli = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });
    const noRole = cli('record', '--scenario', 'sumo', '--expert', 'scripted', '--episodes', '1', '--out', file);
    expect(noRole.status).toBe(2);
    expect(noRole.stderr).toMatch(/--role: sumo has roles "red", "blue"; name the one to record \[BAD_FLAG\]/);
    const recorded = cli('record', '--scenario', 'sumo', '--role', 'red', '--expert', 'scripted', '--episodes', '2', '--out', file);
    expect(recorded.status).toBe(0);
    expect(recorded.stdout).toMatch(/recorded \d+ pairs of red from 2 episodes of scripted/);
    const sumo = { scenario: 'sumo', observationSize: 10, actionSize: 2 };
    expect(readDemonstrations(file, { ...sumo, role: 'red' }).role).toBe('red');
    expect(() => readDemonstrations(file, { ...sumo, role: 'blue' })).toThrow(/recorded for role "red", not "blue"/);
    const config = join(dir, 'sumo.json');
    writeFileSync(
      config,
      JSON.stringify({
        workers: 0,
        evolution: { populationSize: 4, eliteCount: 1 },
        coevolution: { matchesPerMember: 1 },
        worlds: { sumo: { episodeSeconds: 2 } },
        populations: [
          { name: 'red', role: 'red', imitation: { experts: { dataset: 1 }, datasetFile: file, learnFraction: 0.5, steps: 5 } },
          { name: 'blue', role: 'blue' },
        ],
      }),
    );
    const run = cli('run', '--scenario', 'sumo', '--config', config, '--generations', '1', '--run-dir', join(dir, 'run'), '--quiet');
    expect(run.status).toBe(0);
    const row = JSON.parse(readFileSync(join(dir, 'run', 'metrics.jsonl'), 'utf8'));
    expect(row.populations.red.imitation).toMatchObject({ learners: 2, experts: { dataset: 2 } });
    expect(row.populations.blue.imitation).toBeUndefined();
  });
});
