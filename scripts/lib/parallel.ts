/** Runs `coevo` child processes, at most `limit` at a time (one per core by default). */
import { spawn } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'coevo.js');

export async function runCoevo(args: string[]): Promise<void> {
  await spawnCoevo(args, false);
}

/** Runs `coevo` and resolves with what it printed on stdout. */
export function coevoOutput(args: string[]): Promise<string> {
  return spawnCoevo(args, true);
}

function spawnCoevo(args: string[], capture: boolean): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', capture ? 'pipe' : 'ignore', 'inherit'] });
    let out = '';
    child.stdout?.on('data', (chunk) => (out += chunk));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`coevo ${args.join(' ')} exited with ${code}`))));
  });
}

export async function inParallel<T>(jobs: (() => Promise<T>)[], limit = availableParallelism()): Promise<T[]> {
  const results: T[] = new Array(jobs.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, jobs.length) }, async () => {
    while (next < jobs.length) {
      const index = next++;
      results[index] = await jobs[index]();
    }
  });
  await Promise.all(lanes);
  return results;
}
