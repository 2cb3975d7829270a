import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readRunState } from '../server/run/state.ts';
import { RunDir } from '../server/run/run-dir.ts';
import { SMALL_CONFIG, tempDir, withoutVolatile } from './helpers.ts';

const BIN = join(import.meta.dirname, '..', 'bin', 'coevo.js');

function coevo(args: string[]) {
  const result = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 120_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function smallConfigFile(extra: Record<string, unknown> = {}): string {
  const file = join(tempDir(), 'config.json');
  writeFileSync(file, JSON.stringify({ ...SMALL_CONFIG, ...extra }));
  return file;
}

async function waitFor(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe('coevo command line', () => {
  it('lists its commands in --help', () => {
    const { status, stdout } = coevo(['--help']);
    expect(status).toBe(0);
    expect(stdout).toMatch(/run \[options\]/);
    expect(stdout).toMatch(/eval \[options\]/);
  });

  it('lets every population of a world where roles meet imitate with --imitate', () => {
    const config = join(tempDir(), 'sumo.json');
    writeFileSync(config, JSON.stringify({ workers: 0, evolution: { populationSize: 4, eliteCount: 1 }, coevolution: { matchesPerMember: 1 }, worlds: { sumo: { episodeSeconds: 2 } } }));
    const dir = join(tempDir(), 'run');
    const { status, stderr } = coevo(['run', '--scenario', 'sumo', '--imitate', 'scripted', '--config', config, '--generations', '1', '--run-dir', dir, '--quiet']);
    expect(stderr).toBe('');
    expect(status).toBe(0);
    const [row] = new RunDir(dir).readMetrics();
    const populations = row.populations as Record<string, { imitation?: { learners: number } }>;
    expect([populations.red.imitation?.learners, populations.blue.imitation?.learners]).toEqual([1, 1]);
  });

  it('exits with status 2 and names the problem for bad flags and config', () => {
    const unknownScenario = coevo(['run', '--scenario', 'chess']);
    expect(unknownScenario.status).toBe(2);
    expect(unknownScenario.stderr).toMatch(/--scenario.*chess.*forage/s);

    const badNumber = coevo(['run', '--population', 'many']);
    expect(badNumber.status).toBe(2);
    expect(badNumber.stderr).toMatch(/^coevo: .*--population.*expected an integer.* \[BAD_FLAG\]$/m);

    const badKey = coevo(['run', '--config', smallConfigFile({ mutation: 1 })]);
    expect(badKey.status).toBe(2);
    expect(badKey.stderr).toMatch(/mutation/);

    const unknownFlag = coevo(['run', '--popsize', '8']);
    expect(unknownFlag.status).toBe(2);
    expect(unknownFlag.stderr).toMatch(/^coevo: unknown option '--popsize' \[BAD_FLAG\]$/m);

    const missing = coevo(['optimize', '--dim', '3']);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/^coevo: required option '--problem <name>' not specified \[BAD_FLAG\]$/m);
  });

  it('evaluates the scripted expert and prints mean ± spread', () => {
    const { status, stdout } = coevo(['eval', '--expert', '--scenario', 'forage', '--episodes', '2', '--config', smallConfigFile()]);
    expect(status).toBe(0);
    expect(stdout).toMatch(/^mean \d+\.\d+ ± \d+\.\d+ over 2 episodes \(expert\)$/m);
  });

  it('refuses a missing policy without touching anything', () => {
    const { status, stderr } = coevo(['eval', '--policy', join(tempDir(), 'nope'), '--episodes', '1']);
    expect(status).toBe(2);
    expect(stderr).toMatch(/policy .*nope: no such file or folder \[BAD_POLICY\]/);
  });

  it('loses at most the generations since the last checkpoint when killed, and resumes to the same metrics', async () => {
    const config = smallConfigFile({ generations: 6, checkpointEvery: 2 });
    const reference = join(tempDir(), 'whole');
    expect(coevo(['run', '--config', config, '--run-dir', reference, '--quiet']).status).toBe(0);

    const killed = join(tempDir(), 'killed');
    const child = spawn(process.execPath, [BIN, 'run', '--config', config, '--run-dir', killed, '--quiet'], { stdio: 'ignore' });
    const exited = new Promise((resolve) => child.on('exit', resolve));
    await waitFor(() => new RunDir(killed).readMetrics().length >= 3, 60_000);
    child.kill('SIGKILL');
    await exited;

    // Every checkpoint on disk is complete and readable; no temporary folder is mistaken for one.
    const checkpoints = readdirSync(join(killed, 'checkpoints')).filter((name) => name.startsWith('gen-'));
    expect(checkpoints.length).toBeGreaterThan(0);
    for (const name of checkpoints) expect(() => readRunState(join(killed, 'checkpoints', name))).not.toThrow();

    const resumed = coevo(['run', '--resume', killed, '--quiet']);
    expect(resumed.status).toBe(0);
    expect(new RunDir(killed).readMetrics().map(withoutVolatile)).toEqual(new RunDir(reference).readMetrics().map(withoutVolatile));
  });

  it('saves a checkpoint and exits cleanly on SIGINT', async () => {
    const runDir = join(tempDir(), 'interrupted');
    const child = spawn(process.execPath, [BIN, 'run', '--config', smallConfigFile({ generations: 50, checkpointEvery: 100 }), '--run-dir', runDir, '--quiet'], { stdio: 'ignore' });
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    await waitFor(() => new RunDir(runDir).readMetrics().length >= 1, 60_000);
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    const rows = new RunDir(runDir).readMetrics().length;
    expect(rows).toBeLessThan(50);
    expect(existsSync(join(runDir, 'checkpoints', `gen-${String(rows).padStart(6, '0')}`))).toBe(true);
  });
});
