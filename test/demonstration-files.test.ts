import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { demoCount, readDemonstrations, writeDemonstrations } from '../agents/imitation/demo-file.ts';
import { tempDir } from './helpers.ts';
import { createHash } from 'node:crypto';
import { pack } from 'msgpackr';

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
    trajectories: { lengths: Int32Array.of(4, 6), every: 1 },
    features: { names: ['speed', 'turnRate', 'nearestFood', 'wallDistance'], values: Float32Array.from({ length: 4 * 10 }, (_, i) => i) },
  });
  return file;
}

/** A file as version 1 wrote it: pairs, no trajectories, no features. */
function versionOneFile(): string {
  const file = join(tempDir(), 'v1.msgpack');
  const observations = new Uint8Array(Float32Array.from({ length: 24 * 3 }, (_, i) => i).buffer);
  const actions = new Uint8Array(Float32Array.from({ length: 2 * 3 }, () => 0.5).buffer);
  const sha256 = createHash('sha256').update(observations).update(actions).digest('hex');
  const fields = { format: 'coevo-demonstrations', version: 1, scenario: 'forage', observationSize: 24, actionSize: 2, expert: 'scripted', episodes: 1, samples: 3 };
  writeFileSync(file, pack({ ...fields, observations, actions, sha256 }));
  return file;
}

describe('demonstration files', () => {
  it('round-trip their trajectories: observations, behaviour features and actions', () => {
    const demos = readDemonstrations(demoFile(), forage);
    expect(demos.observations.length).toBe(240);
    expect(demos.observations[15]).toBeCloseTo(1.5);
    expect(Array.from(demos.actions!.subarray(0, 3))).toEqual([-1, 0, 1]);
    expect(Array.from(demos.trajectories!.lengths)).toEqual([4, 6]);
    expect(demos.features!.names).toEqual(['speed', 'turnRate', 'nearestFood', 'wallDistance']);
    expect(demos.features!.values[39]).toBe(39);
  });

  it('written as version 1 (pairs only) stay readable', () => {
    const demos = readDemonstrations(versionOneFile(), forage);
    expect(demos.observations.length).toBe(72);
    expect(Array.from(demos.actions!)).toEqual([0.5, 0.5, 0.5, 0.5, 0.5, 0.5]);
    expect(demos.trajectories).toBeUndefined();
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
    damaged[damaged.length - 100] ^= 0xff; // inside the actions, just before the checksum
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

  it('are written where --out says, its folder made if absent; a folder as --out, or a file in its path, is refused before anything plays', () => {
    const dir = tempDir();
    const cli = (...args: string[]) => spawnSync(process.execPath, [BIN, 'record', '--scenario', 'forage', '--expert', 'scripted', '--episodes', '1', ...args], { encoding: 'utf8' });
    const nested = join(dir, 'new', 'deeper', 'demos.msgpack');
    expect(cli('--out', nested).status).toBe(0);
    expect(demoCount(readDemonstrations(nested, forage))).toBe(3200);
    const intoFolder = cli('--out', dir);
    expect(intoFolder.status).toBe(2);
    expect(intoFolder.stderr).toMatch(/--out .*: is a folder; name the demonstration file to write.* \[BAD_FLAG\]/);
    const blocked = cli('--out', join(nested, 'x.msgpack'));
    expect(blocked.status).toBe(2);
    expect(blocked.stderr).toMatch(/--out .*x\.msgpack: cannot make the folder .*demos\.msgpack \(a file stands where a folder of its path should be\) \[BAD_FLAG\]/);
    expect(blocked.stderr).not.toMatch(/at .*\.ts:\d+/); // a message, not a stack
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

  it('can hold states only, as a video of the expert would: a run that clones actions refuses them, naming the file and the method', () => {
    const dir = tempDir();
    const file = join(dir, 'gait.msgpack');
    const cli = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });
    const recorded = cli('record', '--scenario', 'locomotion', '--expert', 'scripted', '--states-only', '--episodes', '1', '--every', '2', '--out', file);
    expect(recorded.status).toBe(0);
    expect(recorded.stdout).toMatch(/recorded \d+ states \(no actions\) from 1 episodes of scripted to .* \(4 trajectories\)/);
    const demos = readDemonstrations(file, { scenario: 'locomotion', role: 'walker', observationSize: 21, actionSize: 4 });
    expect(demos.actions).toBeNull();
    expect(demos.features!.names).toContain('joint0.sin');
    expect(demos.features!.values.length).toBe(demoCount(demos) * demos.features!.names.length);
    expect(demos.trajectories!.every).toBe(2);
    const config = join(dir, 'config.json');
    writeFileSync(config, JSON.stringify({ workers: 0, evolution: { populationSize: 4, eliteCount: 1 }, worlds: { locomotion: { episodeSeconds: 2, agentsPerArena: 2 } } }));
    const run = cli('run', '--scenario', 'locomotion', '--config', config, '--imitate', `dataset:${file}`, '--generations', '1', '--run-dir', join(dir, 'run'));
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/demonstrations .*gait\.msgpack: holds states only \(coevo record --states-only\), and imitation\.method "bc" learns from the expert's actions.*\[BAD_DEMONSTRATIONS\]/);
    expect(existsSync(join(dir, 'run'))).toBe(false);
  });
});
