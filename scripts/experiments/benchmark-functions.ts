/**
 * `npm run experiment -- benchmark-functions --seeds 11`: every strategy of `coevo optimize` on the
 * sphere, Rosenbrock and Rastrigin functions in 10 and 100 dimensions, from x₀ = 0 with σ₀ = 0.5 and
 * the default budget (10⁴ × dim evaluations), one `coevo optimize --json` per run, two at a time.
 * On Rastrigin, CMA-ES and sep-CMA-ES also run with IPOP restarts (`--restarts 9`).
 * Reports the runs that reach 1e-8, the median evaluations they took, and the median best value.
 * Results are kept in RUNS/benchmark-functions.json: a rerun reuses the runs it already has.
 *
 * Beside coevo's CMA-ES rows, where python3 can import it, Hansen's pycma runs the same problems
 * (pycma-reference.ts), with its default active update and with the classic one coevo implements;
 * its runs are kept in RUNS/benchmark-functions-pycma.json.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { OPTIMIZE_ALGORITHMS, RESTARTABLE, populationFor, type OptimizeAlgorithm, type OptimizeResult } from '../../agents/evolution/optimize.ts';
import { PROBLEMS, type ProblemName } from '../../agents/evolution/problems.ts';
import type { SepRates } from '../../agents/evolution/strategies/strategy.ts';
import { median } from '../../agents/stats.ts';
import type { ExperimentOptions } from '../experiment.ts';
import { coevoOutput, inParallel } from '../lib/parallel.ts';
import { table, writeSection } from '../lib/report.ts';
import { pycmaReference } from './pycma-reference.ts';

const DIMS = [10, 100];
/** Restarts at most for the IPOP rows (Rastrigin only; the budget usually ends them first). */
const RESTARTS = 9;

interface Job {
  dim: number;
  problem: ProblemName;
  algorithm: OptimizeAlgorithm;
  seed: number;
  restarts?: number;
  /** The active covariance update (`--active`): only beside pycma, not in the main tables. */
  active?: boolean;
  /** sep-CMA-ES's learning rates (`--sep-rates`): only beside pycma. */
  sepRates?: SepRates;
}

/** A table row's name for an algorithm, with its restarts where it has them. */
const label = (algorithm: string, restarts?: number) => (restarts === undefined ? algorithm : `${algorithm}, IPOP (≤ ${restarts} restarts)`);

export async function benchmarkFunctionsExperiment(options: ExperimentOptions): Promise<void> {
  const seeds = Array.from({ length: options.seeds }, (_, i) => i + 1);
  const rows = (problem: ProblemName): { algorithm: OptimizeAlgorithm; restarts?: number }[] => [
    ...OPTIMIZE_ALGORITHMS.map((algorithm) => ({ algorithm })),
    ...(problem === 'rastrigin' ? RESTARTABLE.map((algorithm) => ({ algorithm, restarts: RESTARTS })) : []),
  ];
  const jobs: Job[] = DIMS.flatMap((dim) => PROBLEMS.flatMap((problem) => rows(problem).flatMap((row) => seeds.map((seed) => ({ dim, problem, ...row, seed })))));
  // Active CMA everywhere but Rastrigin in 100 dimensions, whose runs (with and without IPOP) take minutes each and would double the experiment's time.
  const activeJobs: Job[] = jobs.filter((job) => RESTARTABLE.includes(job.algorithm) && (job.problem !== 'rastrigin' || job.dim < 100)).map((job) => ({ ...job, active: true }));
  // sep-CMA-ES with pycma's own diagonal rates, classic and active, where pycma's rows are compared.
  const sepRatesJobs: Job[] = [...jobs, ...activeJobs].filter((job) => job.algorithm === 'sep-cma-es' && job.problem !== 'rastrigin').map((job) => ({ ...job, sepRates: 'pycma' }));
  const besideJobs = [...activeJobs, ...sepRatesJobs];
  mkdirSync(options.runs, { recursive: true });
  const file = join(options.runs, 'benchmark-functions.json');
  // A result holds the restarts made, not those asked for: every run with restarts was asked for RESTARTS.
  const key = (r: Job | OptimizeResult) =>
    `${r.dim}/${r.problem}/${r.algorithm}/${r.seed}${r.restarts === undefined ? '' : `/restarts-${RESTARTS}`}${r.active ? '/active' : ''}${r.sepRates ? `/rates-${r.sepRates}` : ''}`;
  const cache: { minutes: number; runs: OptimizeResult[] } = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : { minutes: 0, runs: [] };
  const kept = new Map<string, OptimizeResult>(cache.runs.map((r) => [key(r), r]));
  const started = performance.now();
  const save = () => writeFileSync(file, JSON.stringify({ minutes: cache.minutes + (performance.now() - started) / 60_000, runs: [...kept.values()] }));
  let done = 0;
  const reference = pycmaReference(options.runs, seeds, DIMS, RESTARTS, (dim) => populationFor({ dim, algorithm: 'cma-es' }));
  const [all] = await Promise.all([
    inParallel(
      [...jobs, ...besideJobs].map((job) => async () => {
        const known = kept.get(key(job));
        if (known) return known;
        const restarts = job.restarts === undefined ? [] : ['--restarts', String(job.restarts)];
        const variant = [...(job.active ? ['--active'] : []), ...(job.sepRates ? ['--sep-rates', job.sepRates] : [])];
        const out = await coevoOutput(['optimize', '--problem', job.problem, '--dim', String(job.dim), '--algorithm', job.algorithm, '--seed', String(job.seed), ...restarts, ...variant, '--json']);
        if (++done % 20 === 0) console.log(`benchmark-functions: ${done} runs done`);
        const result = JSON.parse(out) as OptimizeResult;
        kept.set(key(job), result);
        save();
        return result;
      }),
    ),
    reference.run(),
  ]);
  const results = all.slice(0, jobs.length);
  const beside: Runs = { results: all, jobs: [...jobs, ...besideJobs] };
  // The wall time of every invocation that ran some of these runs, this one included.
  const minutes = cache.minutes + (done > 0 ? (performance.now() - started) / 60_000 : 0);
  const cell = (dim: number, problem: string, algorithm: string, restarts?: number) => {
    const runs = results.filter((r, i) => r.dim === dim && r.problem === problem && r.algorithm === algorithm && jobs[i].restarts === restarts);
    const reached = runs.filter((r) => r.reached);
    return [`${reached.length}/${runs.length}`, reached.length ? Math.round(median(reached.map((r) => r.evaluations))).toLocaleString('en-US') : '—', median(runs.map((r) => r.best)).toExponential(2)];
  };
  const sections = DIMS.map(
    (dim) => `**${dim} dimensions** (budget ${(10_000 * dim).toLocaleString('en-US')} evaluations; λ = ${populationFor({ dim, algorithm: 'cma-es' })}, doubling at each IPOP restart):

${table(
  ['problem', 'algorithm', 'reached 1e-8', 'median evaluations (runs that reached)', 'median best value'],
  PROBLEMS.flatMap((problem) => rows(problem).map(({ algorithm, restarts }) => [problem, label(algorithm, restarts), ...cell(dim, problem, algorithm, restarts)])),
)}`,
  );
  const evaluationsTo = (dim: number, problem: string, algorithm: string) => {
    const reached = results.filter((r, i) => r.dim === dim && r.problem === problem && r.algorithm === algorithm && jobs[i].restarts === undefined && r.reached);
    return reached.length ? median(reached.map((r) => r.evaluations)) : Number.NaN;
  };
  const perN = DIMS.map((dim) => (evaluationsTo(dim, 'sphere', 'cma-es') / dim).toFixed(0));
  const sepOnRosenbrock = DIMS.map((dim) => {
    const ratio = evaluationsTo(dim, 'rosenbrock', 'sep-cma-es') / evaluationsTo(dim, 'rosenbrock', 'cma-es');
    const reached = results.filter((r, i) => r.dim === dim && r.problem === 'rosenbrock' && r.algorithm === 'sep-cma-es' && jobs[i].restarts === undefined && r.reached).length;
    return `${Number.isFinite(ratio) ? `${ratio.toFixed(1)}x` : 'no'} CMA-ES's evaluations at ${dim} dimensions (${reached} of ${seeds.length} runs reaching 1e-8)`;
  });
  const bestOf = (dim: number, algorithm: string, restarts?: number) =>
    median(results.filter((r, i) => r.dim === dim && r.problem === 'rastrigin' && r.algorithm === algorithm && jobs[i].restarts === restarts).map((r) => r.best));
  const ipop = RESTARTABLE.flatMap((algorithm) =>
    DIMS.map((dim) => `for ${algorithm} at ${dim} dimensions from ${bestOf(dim, algorithm).toFixed(2)} to ${bestOf(dim, algorithm, RESTARTS).toFixed(2)}`),
  );
  const lastPopulation = (dim: number) =>
    populationFor({ dim, algorithm: 'cma-es' }) * 2 ** median(results.filter((r, i) => r.dim === dim && r.algorithm === 'cma-es' && jobs[i].restarts !== undefined).map((r) => r.restarts ?? 0));
  const ipopReached = results.filter((r, i) => jobs[i].restarts !== undefined && r.reached).length;
  writeSection(
    join(options.out, 'results.md'),
    'benchmark-functions',
    `
## Optimizers on benchmark functions

Command: \`npm run experiment -- benchmark-functions --seeds ${seeds.length}\` (each run \`coevo optimize --problem P --dim N --algorithm A --seed S --json\`), ${minutes.toFixed(0)} minutes of wall time on this 2-core machine (two runs at a time${reference.version ? ', with two pycma runs beside them' : ''}; runs already done are kept in RUNS/benchmark-functions.json), measured ${new Date().toISOString().slice(0, 10)}. Start x₀ = 0, σ₀ = 0.5; each function has its minimum 0 at (1, …, 1) (sphere and Rastrigin shifted there, docs/optimizers.md); a run stops at the end of the generation whose best value first reaches 1e-8, when the budget is spent, or when CMA-ES's distribution has collapsed (no restarts, except in the IPOP rows: \`--restarts ${RESTARTS}\`, docs/optimizers.md). Medians over ${seeds.length} seeds.

${sections.join('\n\n')}

${referenceTables(reference, beside)}

${referenceText(reference, beside, seeds.length)} On the sphere it takes ${perN.map((v, i) => `${v} n at n = ${DIMS[i]}`).join(' and ')}: the linear convergence CMA-ES is known for. sep-CMA-ES matches it on the separable sphere; on Rosenbrock, whose valley is not aligned with the axes, it needs ${sepOnRosenbrock.join(', and ')}: far slower in few dimensions, where full CMA-ES learns the valley's direction quickly, and comparable in 100, where full covariance learning is itself slow (its learning rates fall as 1/n²): the case for sep-CMA-ES in many dimensions (Ros and Hansen 2008). OpenAI-ES (σ fixed, Adam's step 0.01) and PGPE with ClipUp (steps of a fixed size, 0.075 to 0.15) stop at a floor their step sizes set, well above 1e-8: they are built for noisy, high-dimensional neural-network fitness, not for precision, which is also how evosax's and EvoTorch's examples use them (on neural networks, so they give no like-for-like figure). No strategy solves Rastrigin from this start without restarts; the GA, with mutation 0.05, crawls. With IPOP restarts the median best value on Rastrigin falls ${ipop.join('; ')}, and ${ipopReached} of ${2 * DIMS.length * seeds.length} IPOP runs reach 1e-8: each restart's larger population smooths over more of the local minima, but from x₀ = 0 with σ₀ = 0.5, half the minima's spacing, the search stays local, where Hansen and Kern's (2004) IPOP figures start with σ₀ covering the whole domain ([−5, 5]), and the budget of 10⁴ × dim ends the restarts at a median last population of ${DIMS.map((dim) => `${lastPopulation(dim)} at ${dim} dimensions`).join(' and ')} (CMA-ES). MAP-Elites (σ₁ 0.5, never adapted; the first two coordinates as its descriptor, over [−5, 5] in 10 × 10 cells) is a quality-diversity method, not an optimiser: it keeps the best vector of each cell, and its best value stays where its mutation's own spread puts it (each child of the best elite lands about n σ₁² = 2.5 above it in f on the 10-D sphere), as expected.
`,
  );
}

type Reference = ReturnType<typeof pycmaReference>;
/** Runs with the jobs that asked for them, index by index. */
type Runs = { results: OptimizeResult[]; jobs: Job[] };

/** A row's runs in a cell: how many reached 1e-8 and their median evaluations [range], else the median best value [range]. */
function summary(runs: OptimizeResult[]): string {
  if (!runs.length) return '—';
  const reached = runs.filter((r) => r.reached);
  const n = (x: number) => Math.round(x).toLocaleString('en-US');
  const e = (x: number) => x.toExponential(2);
  const spread = (xs: number[], f: (x: number) => string) => `${f(median(xs))} [${f(Math.min(...xs))}–${f(Math.max(...xs))}]`;
  return reached.length
    ? `${reached.length}/${runs.length}: ${spread(
        reached.map((r) => r.evaluations),
        n,
      )}`
    : `0/${runs.length}: best ${spread(
        runs.map((r) => r.best),
        e,
      )}`;
}

/** coevo's runs of one row and variant: the classic or active update, with Ros and Hansen's rates or pycma's (sep-CMA-ES). */
function coevoRuns(runs: Runs, dim: number, problem: string, algorithm: string, restarts: number | undefined, active: boolean, sepRates?: SepRates): OptimizeResult[] {
  return runs.results.filter((r, i) => {
    const job = runs.jobs[i];
    return r.dim === dim && r.problem === problem && r.algorithm === algorithm && job.restarts === restarts && !!job.active === active && job.sepRates === sepRates;
  });
}

/** coevo's CMA-ES rows beside pycma's, per dimension (nothing where pycma was not found). */
function referenceTables(reference: Reference, runs: Runs): string {
  if (!reference.version) return '';
  const rows = (problem: ProblemName) => [
    ...RESTARTABLE.flatMap((algorithm) => (problem === 'rastrigin' ? [undefined, RESTARTS] : [undefined]).map((restarts) => ({ algorithm, restarts, sepRates: undefined }))),
    ...(problem === 'rastrigin' ? [] : [{ algorithm: 'sep-cma-es' as const, restarts: undefined, sepRates: 'pycma' as const }]),
  ];
  return DIMS.map(
    (
      dim,
    ) => `**Beside pycma ${reference.version}, ${dim} dimensions** (each cell: runs that reached 1e-8, and their median evaluations [range]; or, where none did, the median best value [range]; coevo's active update was not run on Rastrigin in 100 dimensions; the row "pycma's rates" is coevo's sep-CMA-ES with \`--sep-rates pycma\`, beside the same pycma runs as the row above it):

${table(
  ['problem', 'algorithm', 'coevo, classic update', 'pycma, classic update', 'coevo, active (`--active`)', 'pycma, active (its default)'],
  PROBLEMS.flatMap((problem) =>
    rows(problem).map(({ algorithm, restarts, sepRates }) => [
      problem,
      sepRates ? `${algorithm}, pycma's rates` : label(algorithm, restarts),
      summary(coevoRuns(runs, dim, problem, algorithm, restarts, false, sepRates)),
      summary(reference.row(dim, problem, algorithm, 'classic', restarts)),
      summary(coevoRuns(runs, dim, problem, algorithm, restarts, true, sepRates)),
      summary(reference.row(dim, problem, algorithm, 'active', restarts)),
    ]),
  ),
)}`,
  ).join('\n\n');
}

/** What the reference says about coevo's CMA-ES and sep-CMA-ES on Rosenbrock, the function that tests covariance learning. */
function referenceText(reference: Reference, runs: Runs, seeds: number): string {
  if (!reference.version) {
    return "Against the reference implementation: pycma, Hansen's CMA-ES, was not found by python3 when this section was written (`pip install cma`, or PYTHONPATH pointing at a checkout of github.com/CMA-ES/pycma; run the experiment again and the runs above are kept).";
  }
  const evaluations = (results: OptimizeResult[]) => median(results.filter((r) => r.reached).map((r) => r.evaluations));
  const coevo = (dim: number, algorithm: OptimizeAlgorithm, active: boolean, sepRates?: SepRates) => evaluations(coevoRuns(runs, dim, 'rosenbrock', algorithm, undefined, active, sepRates));
  const py = (dim: number, algorithm: OptimizeAlgorithm, variant: 'classic' | 'active') => evaluations(reference.row(dim, 'rosenbrock', algorithm, variant));
  // A median of no runs is NaN: where none reached 1e-8, say so.
  const n = (x: number) => (Number.isFinite(x) ? Math.round(x).toLocaleString('en-US') : 'none reaching 1e-8');
  const ratio = (a: number, b: number) => (Number.isFinite(a / b) ? (a / b).toFixed(2) : '—');
  const per = DIMS.map((dim) => {
    const [classic, reference, activeCoevo, activeReference] = [coevo(dim, 'cma-es', false), py(dim, 'cma-es', 'classic'), coevo(dim, 'cma-es', true), py(dim, 'cma-es', 'active')];
    return `${dim} dimensions: classic, coevo ${n(classic)} and pycma ${n(reference)} (coevo/pycma ${(classic / reference).toFixed(2)}); active, coevo ${n(activeCoevo)} and pycma ${n(activeReference)} (${(activeCoevo / activeReference).toFixed(2)}; active/classic ${(activeCoevo / classic).toFixed(2)} in coevo, ${(activeReference / reference).toFixed(2)} in pycma)`;
  });
  const sep = DIMS.map((dim) => {
    const [reference, activeReference] = [py(dim, 'sep-cma-es', 'classic'), py(dim, 'sep-cma-es', 'active')];
    const ratios = (sepRates?: SepRates) => {
      const [classic, active] = [coevo(dim, 'sep-cma-es', false, sepRates), coevo(dim, 'sep-cma-es', true, sepRates)];
      return `classic ${n(classic)} (${ratio(classic, reference)}), active ${n(active)} (${ratio(active, activeReference)})`;
    };
    return `${dim} dimensions, pycma classic ${n(reference)} and active ${n(activeReference)}; coevo with Ros and Hansen's rates ${ratios()}; with pycma's ${ratios('pycma')}`;
  });
  return `Against the reference implementation: pycma ${reference.version}, Hansen's CMA-ES in Python, ran the CMA-ES rows here (the tables beside pycma; scripts/reference/pycma_functions.py, one thread each, ${seeds} seeds): the same functions, start, population, budget rule and target, with pycma's own learning rates and termination criteria, once with the classic covariance update of Hansen's tutorial and once with pycma's default, which adds active CMA (Jastrebski and Arnold 2006: the worst samples shrink the covariance along their directions; coevo's \`evolution.cmaEs.active\`, \`coevo optimize --active\`). Median evaluations to 1e-8 on Rosenbrock (runs that reached): ${per.join('; ')}. sep-CMA-ES on Rosenbrock, the same (coevo/pycma in brackets): ${sep.join('; ')}.`;
}
