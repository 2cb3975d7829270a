/**
 * Hansen's pycma, the reference CMA-ES, run on the same benchmark functions as `coevo optimize`
 * (scripts/reference/pycma_functions.py: same problems, start, population, budget rule and target).
 * pycma is not a dependency: the benchmark-functions experiment uses it where `python3` can import
 * `cma` (`pip install cma`, or PYTHONPATH pointing at a checkout of github.com/CMA-ES/pycma), and
 * says so in its report where it cannot.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RESTARTABLE, type OptimizeResult } from '../../agents/evolution/optimize.ts';
import { PROBLEMS } from '../../agents/evolution/problems.ts';
import { inParallel } from '../lib/parallel.ts';

const SCRIPT = join(import.meta.dirname, '..', 'reference', 'pycma_functions.py');

/** The two ways pycma is run: its default (active CMA), and the classic update coevo implements. */
export const PYCMA_VARIANTS = ['active', 'classic'] as const;
export type PycmaVariant = (typeof PYCMA_VARIANTS)[number];

export interface PycmaJob {
  problem: OptimizeResult['problem'];
  dim: number;
  /** cma-es or sep-cma-es (the strategies that keep a covariance). */
  algorithm: OptimizeResult['algorithm'];
  seed: number;
  /** coevo's λ for this dimension, so that both run the same population. */
  popsize: number;
  restarts?: number;
  variant: PycmaVariant;
}

export type PycmaResult = OptimizeResult & { implementation: string; stops: string[][] };

/** pycma's version where python3 can import it, else null. */
export function pycmaVersion(): string | null {
  const probe = spawnSync('python3', ['-c', 'import warnings; warnings.filterwarnings("ignore"); import cma; print(cma.__version__)'], { encoding: 'utf8' });
  return probe.status === 0 ? probe.stdout.trim() : null;
}

/** One pycma run on one thread (BLAS held to one, as coevo runs), resolving with its JSON line. */
export function runPycma(job: PycmaJob): Promise<PycmaResult> {
  const args = [SCRIPT, '--problem', job.problem, '--dim', String(job.dim), '--algorithm', job.algorithm, '--seed', String(job.seed), '--popsize', String(job.popsize)];
  if (job.restarts !== undefined) args.push('--restarts', String(job.restarts));
  if (job.variant === 'classic') args.push('--no-active');
  const env = { ...process.env, OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1', MKL_NUM_THREADS: '1' };
  return new Promise((resolve, reject) => {
    const child = spawn('python3', args, { stdio: ['ignore', 'pipe', 'inherit'], env });
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out) as PycmaResult) : reject(new Error(`python3 ${args.join(' ')} exited with ${code}`))));
  });
}

/**
 * Every pycma run the benchmark-functions experiment compares with coevo's CMA-ES rows: both
 * strategies on every problem and dimension, IPOP on Rastrigin, in both variants, over `seeds`.
 * Runs already in RUNS/benchmark-functions-pycma.json are kept; with no pycma, `run` does nothing.
 */
export function pycmaReference(runs: string, seeds: number[], dims: number[], restarts: number, popsize: (dim: number) => number) {
  const version = pycmaVersion();
  const file = join(runs, 'benchmark-functions-pycma.json');
  const key = (r: { dim: number; problem: string; algorithm: string; seed: number; restarts?: number; variant: PycmaVariant }) =>
    `${r.variant}/${r.dim}/${r.problem}/${r.algorithm}/${r.seed}${r.restarts === undefined ? '' : `/restarts-${r.restarts}`}`;
  const kept = new Map<string, PycmaResult & { variant: PycmaVariant; asked?: number }>();
  if (existsSync(file)) for (const r of JSON.parse(readFileSync(file, 'utf8')) as (PycmaResult & { variant: PycmaVariant; asked?: number })[]) kept.set(key({ ...r, restarts: r.asked }), r);
  const jobs: PycmaJob[] = dims.flatMap((dim) =>
    PROBLEMS.flatMap((problem) =>
      RESTARTABLE.flatMap((algorithm) =>
        (problem === 'rastrigin' ? [undefined, restarts] : [undefined]).flatMap((r) =>
          PYCMA_VARIANTS.flatMap((variant) => seeds.map((seed) => ({ problem, dim, algorithm, seed, popsize: popsize(dim), restarts: r, variant }))),
        ),
      ),
    ),
  );
  return {
    version,
    async run(): Promise<void> {
      if (!version) return;
      await inParallel(
        jobs.map((job) => async () => {
          if (kept.has(key(job))) return;
          kept.set(key(job), { ...(await runPycma(job)), variant: job.variant, asked: job.restarts });
          writeFileSync(file, JSON.stringify([...kept.values()]));
        }),
      );
    },
    /** The kept runs of one row: a strategy on a problem in a dimension, in one variant, with or without restarts. */
    row(dim: number, problem: string, algorithm: string, variant: PycmaVariant, restarts?: number) {
      return [...kept.values()].filter((r) => r.dim === dim && r.problem === problem && r.algorithm === algorithm && r.variant === variant && r.asked === restarts && seeds.includes(r.seed));
    },
  };
}
