/** `coevo replay` and `coevo view` from the command line: a replay's summary, serving files read-only, and clear errors. */
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeReplayData, floatsOf } from '../client-protocol/protocol.ts';
import { replayPath } from '../server/replays/replay-dir.ts';
import { readReplay } from '../server/replays/replay-file.ts';
import { runExperiment } from '../server/run/run.ts';
import { smallConfig, tempDir } from './helpers.ts';

const BIN = join(import.meta.dirname, '..', 'bin', 'coevo.js');

function coevo(args: string[]) {
  const result = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 120_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Starts a serving command; resolves with its base URL once it says where it serves, and a way to stop it. */
async function serving(args: string[]): Promise<{ base: string; stop: () => Promise<number | null> }> {
  const child = spawn(process.execPath, [BIN, ...args, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const base = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk) => {
      output += chunk;
      const match = /at (http:\/\/[\d.]+:\d+)\//.exec(output);
      if (match) resolve(match[1]);
    });
    child.on('exit', (code) => reject(new Error(`exited ${code}: ${output}`)));
  });
  const stop = () =>
    new Promise<number | null>((resolve) => {
      child.on('exit', resolve);
      child.kill('SIGINT');
    });
  return { base, stop };
}

describe('coevo replay and coevo view', () => {
  it('summarise a replay, serve it, and serve run directories read-only', async () => {
    const runDir = tempDir();
    await runExperiment({ config: smallConfig({ generations: 2 }), runDir, resume: false });
    const file = replayPath(runDir, 1);
    const summary = coevo(['replay', file]);
    expect(summary.status).toBe(0);
    expect(summary.stdout).toMatch(/forage, run .*, generation 1, 61 frames \(3\.0 s at 20 Hz\)/);
    expect(summary.stdout).toMatch(/champion: main member \d+ in seat \d/);

    const played = await serving(['replay', file, '--serve']);
    try {
      const listing = await (await fetch(`${played.base}/api/runs`)).json();
      expect(listing).toMatchObject({ mode: 'view', runs: [{ name: 'gen-000001.replay', scenario: 'forage', replays: [{ generation: 1 }] }] });
      const data = decodeReplayData(new Uint8Array(await (await fetch(`${played.base}/api/runs/0/replays/1`)).arrayBuffer()));
      expect(floatsOf(data.positions)).toEqual(readReplay(file).positions);
      expect((await fetch(`${played.base}/`)).status).toBe(200);
    } finally {
      expect(await played.stop()).toBe(0);
    }

    const viewed = await serving(['view', runDir]);
    try {
      const rows = await (await fetch(`${viewed.base}/api/runs/0/metrics`)).json();
      expect(rows).toHaveLength(2);
      expect((await fetch(`${viewed.base}/api/runs/1/metrics`)).status).toBe(404);
      expect((await fetch(`${viewed.base}/api/runs/0/progress/..%2Fconfig.json`)).status).toBe(404);
      expect((await fetch(`${viewed.base}/ws`)).status).toBe(404); // no stream: read-only
    } finally {
      await viewed.stop();
    }
  });

  it('refuse what is not a run directory or a replay, with a stable code', () => {
    const empty = tempDir();
    const view = coevo(['view', empty]);
    expect(view.status).toBe(2);
    expect(view.stderr).toMatch(/is not a run directory .*\[NO_CHECKPOINT\]/);
    const replay = coevo(['replay', join(empty, 'gen-000001.replay')]);
    expect(replay.status).toBe(2);
    expect(replay.stderr).toMatch(/no such file \[BAD_REPLAY\]/);
  });
});
