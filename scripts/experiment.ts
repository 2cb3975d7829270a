/**
 * Experiments whose results go into docs/results.md. Usage:
 *   npm run experiment -- learning|ablation|coevolution|pursuit|imitation-methods|ecology|ecology-lean|ecology-reversal|adaptation|transfer|cooperation|benchmark-functions|optimizers|plateau|sparring [--seeds 5] [--generations 40] [--out docs]
 * (the ecology has no generations: its runs' length is fixed in experiments/ecology.ts, per design)
 */
import { existsSync, statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { ablationExperiment } from './experiments/ablation.ts';
import { adaptationExperiment } from './experiments/adaptation.ts';
import { transferExperiment } from './experiments/transfer.ts';
import { ecologyExperiment, ecologyLeanExperiment, ecologyReversalExperiment } from './experiments/ecology.ts';
import { coevolutionExperiment } from './experiments/coevolution.ts';
import { learningExperiment } from './experiments/learning.ts';
import { imitationMethodsExperiment } from './experiments/imitation-methods.ts';
import { pursuitExperiment } from './experiments/pursuit.ts';
import { cooperationExperiment } from './experiments/cooperation.ts';
import { benchmarkFunctionsExperiment } from './experiments/benchmark-functions.ts';
import { optimizersExperiment } from './experiments/optimizers.ts';
import { plateauExperiment } from './experiments/plateau.ts';
import { sparringExperiment } from './experiments/sparring.ts';

const EXPERIMENTS: Record<string, (options: ExperimentOptions) => Promise<void>> = {
  learning: learningExperiment,
  ablation: ablationExperiment,
  coevolution: coevolutionExperiment,
  pursuit: pursuitExperiment,
  'imitation-methods': imitationMethodsExperiment,
  ecology: ecologyExperiment,
  'ecology-lean': ecologyLeanExperiment,
  'ecology-reversal': ecologyReversalExperiment,
  adaptation: adaptationExperiment,
  transfer: transferExperiment,
  cooperation: cooperationExperiment,
  'benchmark-functions': benchmarkFunctionsExperiment,
  optimizers: optimizersExperiment,
  plateau: plateauExperiment,
  sparring: sparringExperiment,
};

export interface ExperimentOptions {
  seeds: number;
  generations: number;
  /** Where the report and plots go. */
  out: string;
  /** Where the runs' directories go. */
  runs: string;
}

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    seeds: { type: 'string', default: '5' },
    generations: { type: 'string', default: '40' },
    out: { type: 'string', default: 'docs' },
    runs: { type: 'string', default: 'runs/experiments' },
  },
});
const name = positionals[0];
const experiment = EXPERIMENTS[name];
if (!experiment) {
  console.error(`usage: npm run experiment -- <${Object.keys(EXPERIMENTS).join('|')}> [--seeds N] [--generations N] [--out DIR]`);
  process.exit(2);
}
const seeds = Number(values.seeds);
const generations = Number(values.generations);
const refuse = (message: string): never => {
  console.error(`experiment: ${message}`);
  process.exit(2);
};
if (!Number.isInteger(seeds) || seeds < 1) refuse(`--seeds must be a positive integer, not "${values.seeds}"`);
if (!Number.isInteger(generations) || generations < 1) refuse(`--generations must be a positive integer, not "${values.generations}"`);
// Checked before any run starts, so a typo costs nothing.
if (!existsSync(values.out!) || !statSync(values.out!).isDirectory()) refuse(`--out ${values.out}: no such folder (create it, or choose another)`);
await experiment({ seeds, generations, out: values.out!, runs: values.runs! });
