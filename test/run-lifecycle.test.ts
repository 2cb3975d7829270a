import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../server/config/resolve.ts';
import type { Config } from '../server/config/schema.ts';
import { CoevoError } from '../server/errors.ts';
import { championPath } from '../server/evaluation/episodes.ts';
import { createEvaluator, type Evaluator } from '../server/evaluation/evaluator.ts';
import type { Engine } from '../server/evaluation/engine.ts';
import { RunDir } from '../server/run/run-dir.ts';
import { runExperiment } from '../server/run/run.ts';
import { STREAM_DEFAULTS } from '../server/stream/stream-server.ts';
import { SUMO_IMITATION } from './fixtures-sumo-imitation.ts';
import { smallConfig, tempDir, withoutVolatile } from './helpers.ts';

const BIN = join(import.meta.dirname, '..', 'bin', 'coevo.js');
const metricsOf = (dir: string) => new RunDir(dir).readMetrics().map(withoutVolatile);

/** An evaluator whose `failAt`-th play fails (after that generation's learners have trained). */
function failingAt(failAt: number) {
  return (config: Config, engine: Engine, log: (line: string) => void): Evaluator => {
    const inner = createEvaluator(config, engine, log);
    let plays = 0;
    return {
      play: async (batch) => {
        if (plays++ === failAt) throw new CoevoError('SHARD_FAILED', 'injected failure');
        return inner.play(batch);
      },
      learn: (...args) => inner.learn(...args),
      stepRegions: (windows) => inner.stepRegions(windows),
      takeReport: () => inner.takeReport(),
      close: () => inner.close(),
    };
  };
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** True when nothing listens on the port any more. */
async function portIsFree(port: number): Promise<boolean> {
  const server = createServer();
  const free = await new Promise<boolean>((resolve) => {
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => resolve(true));
  });
  server.close();
  return free;
}

describe('a run that fails, stops or is resumed', () => {
  it('saves the populations as they were when a generation began, even after its learners trained, so resume gives the same run', async () => {
    const config = resolveConfig(SUMO_IMITATION);
    const straight = join(tempDir(), 'straight');
    await runExperiment({ config, runDir: straight, resume: false });
    const failed = join(tempDir(), 'failed');
    // The second generation's play fails: its learners (in both populations) have trained by then.
    await expect(runExperiment({ config, runDir: failed, resume: false, evaluator: failingAt(1) })).rejects.toMatchObject({ code: 'SHARD_FAILED' });
    await runExperiment({ config, runDir: failed, resume: true });
    expect(metricsOf(failed)).toEqual(metricsOf(straight));
  });

  it('keeps the champion in the checkpoint it rewrites when the first generation after a resume fails', async () => {
    const dir = join(tempDir(), 'run');
    await runExperiment({ config: smallConfig({ generations: 2, checkpointEvery: 2 }), runDir: dir, resume: false });
    await expect(runExperiment({ config: smallConfig({ generations: 4 }), runDir: dir, resume: true, evaluator: failingAt(0) })).rejects.toMatchObject({
      code: 'SHARD_FAILED',
    });
    expect(existsSync(championPath(dir))).toBe(true);
    expect(championPath(dir)).toContain('gen-000002');
  });

  it('starts a run killed before its first checkpoint over on --resume, and ends as if it had never stopped', async () => {
    const config = smallConfig({ generations: 3, checkpointEvery: 10 });
    const straight = join(tempDir(), 'straight');
    await runExperiment({ config, runDir: straight, resume: false });
    const killed = join(tempDir(), 'killed');
    await runExperiment({ config: smallConfig({ generations: 1, checkpointEvery: 10 }), runDir: killed, resume: false });
    rmSync(join(killed, 'checkpoints'), { recursive: true }); // as if killed before the first checkpoint
    const logged: string[] = [];
    await runExperiment({ config, runDir: killed, resume: true, log: (line) => logged.push(line) });
    expect(logged.some((line) => /no checkpoint .* yet: starting the run over from generation 0/.test(line))).toBe(true);
    expect(metricsOf(killed)).toEqual(metricsOf(straight));
  });

  it('refuses a checkpoint that does not match the config with BAD_CHECKPOINT, naming what differs, and exit status 2', () => {
    const dir = join(tempDir(), 'run');
    const config = join(tempDir(), 'config.json');
    writeFileSync(config, JSON.stringify({ workers: 0, evolution: { populationSize: 16, eliteCount: 2 }, worlds: { forage: { episodeSeconds: 2 } } }));
    const started = spawnSync(process.execPath, [BIN, 'run', '--config', config, '--generations', '1', '--run-dir', dir, '--quiet'], { encoding: 'utf8' });
    expect(started.status).toBe(0);
    const stored = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8'));
    writeFileSync(join(dir, 'config.json'), JSON.stringify({ ...stored, seed: 9, evolution: { ...stored.evolution, populationSize: 24 } }));
    const resumed = spawnSync(process.execPath, [BIN, 'run', '--resume', dir, '--generations', '2', '--quiet'], { encoding: 'utf8' });
    expect(resumed.status).toBe(2);
    expect(resumed.stderr).toMatch(/does not match its config: its run seed is 1, the config's seed is 9; the population has 16 genomes, the config's population size is 24 \[BAD_CHECKPOINT\]/);
    expect(resumed.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('closes its server when it refuses a run directory in use, so the process can exit', async () => {
    const dir = join(tempDir(), 'run');
    const config = resolveConfig({ ...SUMO_IMITATION, generations: 1 });
    await runExperiment({ config, runDir: dir, resume: false });
    const port = await freePort();
    await expect(runExperiment({ config, runDir: dir, resume: false, serve: { ...STREAM_DEFAULTS, port } })).rejects.toMatchObject({ code: 'RUN_DIR_IN_USE' });
    expect(await portIsFree(port)).toBe(true);
    // And when something fails once the server listens, it is closed too.
    const other = join(tempDir(), 'other');
    const broken = () => {
      throw new CoevoError('REDIS_UNAVAILABLE', 'injected');
    };
    await expect(runExperiment({ config, runDir: other, resume: false, serve: { ...STREAM_DEFAULTS, port }, evaluator: broken })).rejects.toMatchObject({
      code: 'REDIS_UNAVAILABLE',
    });
    expect(await portIsFree(port)).toBe(true);
  });
});
