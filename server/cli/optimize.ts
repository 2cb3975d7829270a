/** `coevo optimize`: a strategy on a classic benchmark function, with no world (docs/optimizers.md). */
import { Command, Option } from 'commander';
import { OPTIMIZE_ALGORITHMS, RESTARTABLE, optimize, populationFor, type OptimizeAlgorithm } from '../../agents/evolution/optimize.ts';
import { PROBLEMS, type ProblemName } from '../../agents/evolution/problems.ts';
import { CMA_MAX_DIMENSION } from '../../agents/evolution/strategies/cma-es.ts';
import { SEP_RATES, type SepRates } from '../../agents/evolution/strategies/strategy.ts';
import { CoevoError } from '../errors.ts';
import { integer, nonNegativeInteger, positiveInteger } from './parse.ts';

interface OptimizeFlags {
  problem: ProblemName;
  dim: number;
  algorithm: OptimizeAlgorithm;
  seed: number;
  budget?: number;
  population?: number;
  restarts?: number;
  active?: boolean;
  sepRates?: SepRates;
  json?: boolean;
}

export function optimizeCommand(): Command {
  return new Command('optimize')
    .description('run an evolution strategy on a benchmark function from x0 = 0 with sigma0 = 0.5, until the best value reaches 1e-8 or the budget is spent')
    .addOption(new Option('--problem <name>', 'the function to minimise (each has its minimum 0 at (1, ..., 1))').choices(PROBLEMS).makeOptionMandatory())
    .requiredOption('--dim <n>', 'dimensions', positiveInteger)
    .addOption(new Option('--algorithm <name>', 'the strategy').choices(OPTIMIZE_ALGORITHMS).default('cma-es'))
    .option('--seed <n>', 'random seed', integer, 1)
    .option('--budget <evaluations>', 'evaluations at most (default 10000 x dim)', positiveInteger)
    .option('--population <n>', 'candidates a generation (default 4 + 3 ln(dim), made even)', positiveInteger)
    .option('--restarts <n>', 'cma-es and sep-cma-es: restart a stalled run up to n times, each with twice the population (IPOP); --json then adds restarts, the number made', nonNegativeInteger)
    .option('--active', "cma-es and sep-cma-es: the active covariance update (pycma's default; without it, the classic update); --json then adds active: true")
    .addOption(new Option('--sep-rates <name>', "sep-cma-es: the diagonal's learning rates, Ros and Hansen's (2008; the default) or pycma's; --json then adds sepRates").choices(SEP_RATES))
    .option('--json', 'print {problem, dim, algorithm, seed, evaluations, best, reached} as one JSON line')
    .action((flags: OptimizeFlags) => {
      if (flags.algorithm === 'cma-es' && flags.dim > CMA_MAX_DIMENSION) {
        throw new CoevoError('BAD_FLAG', `--algorithm cma-es keeps a full covariance, up to ${CMA_MAX_DIMENSION} dimensions; for --dim ${flags.dim} use --algorithm sep-cma-es`);
      }
      if (flags.population !== undefined && flags.population < 2) throw new CoevoError('BAD_FLAG', '--population must be at least 2');
      if (flags.population !== undefined && flags.population % 2 && (flags.algorithm === 'openai-es' || flags.algorithm === 'pgpe')) {
        throw new CoevoError('BAD_FLAG', `--algorithm ${flags.algorithm} samples in antithetic pairs: --population must be even (got ${flags.population})`);
      }
      if (flags.restarts !== undefined && !RESTARTABLE.includes(flags.algorithm)) {
        throw new CoevoError('BAD_FLAG', `--restarts applies to ${RESTARTABLE.join(' and ')}, which can tell when a run has stalled; --algorithm ${flags.algorithm} cannot`);
      }
      if (flags.active && !RESTARTABLE.includes(flags.algorithm)) {
        throw new CoevoError('BAD_FLAG', `--active is a covariance update of ${RESTARTABLE.join(' and ')}; --algorithm ${flags.algorithm} keeps no covariance`);
      }
      if (flags.sepRates !== undefined && flags.algorithm !== 'sep-cma-es') {
        throw new CoevoError('BAD_FLAG', `--sep-rates sets sep-cma-es's diagonal learning rates; --algorithm ${flags.algorithm} has none`);
      }
      if (flags.population !== undefined && flags.algorithm === 'ga' && flags.population <= 4) throw new CoevoError('BAD_FLAG', '--algorithm ga keeps 4 elites: --population must be above 4');
      const lambda = populationFor({ dim: flags.dim, algorithm: flags.algorithm, ...(flags.population !== undefined ? { populationSize: flags.population } : {}) });
      if (flags.budget !== undefined && flags.budget < lambda) throw new CoevoError('BAD_FLAG', `--budget ${flags.budget} does not cover one generation of ${lambda} evaluations`);
      const result = optimize({
        problem: flags.problem,
        dim: flags.dim,
        algorithm: flags.algorithm,
        seed: flags.seed,
        ...(flags.budget !== undefined ? { budget: flags.budget } : {}),
        ...(flags.population !== undefined ? { populationSize: flags.population } : {}),
        ...(flags.restarts !== undefined ? { restarts: flags.restarts } : {}),
        ...(flags.active ? { active: true } : {}),
        ...(flags.sepRates !== undefined ? { sepRates: flags.sepRates } : {}),
      });
      if (flags.json) console.log(JSON.stringify(result));
      else
        console.log(
          `${result.algorithm} on ${result.problem} (${result.dim}-D, seed ${result.seed}): best ${result.best.toExponential(3)} after ${result.evaluations} evaluations${result.restarts !== undefined ? ` and ${result.restarts} restarts` : ''}${result.active ? ' (active CMA)' : ''}${result.sepRates ? ` (${result.sepRates}'s rates)` : ''}; target 1e-8 ${result.reached ? 'reached' : 'not reached'}`,
        );
    });
}
