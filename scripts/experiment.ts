/**
 * Experiments whose results go into docs/results.md. Usage:
 *   npm run experiment -- learning|ablation|coevolution|pursuit [--seeds 5] [--generations 40] [--out docs]
 */
import { parseArgs } from 'node:util';
import { ablationExperiment } from './experiments/ablation.ts';
import { coevolutionExperiment } from './experiments/coevolution.ts';
import { learningExperiment } from './experiments/learning.ts';
import { pursuitExperiment } from './experiments/pursuit.ts';

const EXPERIMENTS: Record<string, (options: ExperimentOptions) => Promise<void>> = {
  learning: learningExperiment,
  ablation: ablationExperiment,
  coevolution: coevolutionExperiment,
  pursuit: pursuitExperiment,
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
await experiment({ seeds: Number(values.seeds), generations: Number(values.generations), out: values.out!, runs: values.runs! });
