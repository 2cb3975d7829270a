/** A private redis-server on a free port and `coevo worker` processes, for the distributed tests and bench. */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'coevo.js');

export interface RedisProcess {
  /** redis://[:password@]127.0.0.1:PORT */
  url: string;
  port: number;
  kill(): void;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/** Starts redis-server (Debian's package; .ci/run installs it) on 127.0.0.1 with an optional password. */
export async function startRedis(password?: string): Promise<RedisProcess> {
  const port = await freePort();
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', ...(password ? ['--requirepass', password] : [])];
  const child = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'inherit'] });
  await waitForLine(child, /Ready to accept connections/, 10_000);
  const auth = password ? `:${password}@` : '';
  return { url: `redis://${auth}127.0.0.1:${port}`, port, kill: () => child.kill('SIGKILL') };
}

export interface WorkerProcess {
  child: ChildProcess;
  /** Everything the worker printed so far. */
  output: () => string;
  jobsDone: () => number;
  jobsStarted: () => number;
}

export async function startWorker(url: string, queue: string, threads = 1, concurrency = 1): Promise<WorkerProcess> {
  const args = ['worker', '--redis', url, '--queue', queue, '--workers', String(threads), '--concurrency', String(concurrency)];
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  child.stdout!.on('data', (chunk) => (text += chunk));
  child.stderr!.on('data', (chunk) => (text += chunk));
  await waitForLine(child, /taking jobs/, 30_000);
  const count = (pattern: RegExp) => (text.match(pattern) ?? []).length;
  return { child, output: () => text, jobsDone: () => count(/^job .* in /gm), jobsStarted: () => count(/^job .*: started/gm) };
}

function waitForLine(child: ChildProcess, pattern: RegExp, ms: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`no "${pattern.source}" within ${ms} ms; got: ${seen.slice(-500)}`)), ms);
    child.stdout!.on('data', (chunk) => {
      seen += chunk;
      if (pattern.test(seen)) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code} before "${pattern.source}"; got: ${seen.slice(-500)}`));
    });
  });
}

export async function waitFor(test: () => boolean, ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (!test()) {
    if (Date.now() > until) throw new Error(`condition not met within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
