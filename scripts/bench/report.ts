/** Writes docs/performance.md from one benchmark run's figures. */
import type { MlpShape } from '../../agents/mlp.ts';
import { writeFileAtomic } from '../../server/atomic-file.ts';
import { table } from '../lib/report.ts';
import type { InferenceFigure } from './inference.ts';

export interface BenchFigures {
  shape: MlpShape;
  inference: InferenceFigure[];
}

export function writePerformanceReport(path: string, figures: BenchFigures): void {
  const { shape } = figures;
  const batches = [...new Set(figures.inference.map((f) => f.batch))];
  const rate = (name: string, batch: number) => figures.inference.find((f) => f.name === name && f.batch === batch)!;
  const k = (x: number) => `${(x / 1000).toFixed(1)}k`;
  const net = [shape.inputSize, ...shape.hiddenSizes, shape.outputSize].join('-');
  const text = `# Performance

Measured by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${process.platform}/${process.arch}; every figure in this file comes from that one run. Rates are medians of 5 timed repeats after a warm-up.

## Policy inference: TensorFlow.js or plain JavaScript

Each agent has its own genome, so a batch is many different ${net} networks (${shape.activation} hidden, tanh output), not one network applied to many inputs. The tfjs path packs the batch's weights into one tensor per layer once per generation and runs one batched matMul per layer per step ([agents, 1, in] × [agents, in, out]); the JavaScript path loops over agents.

${table(['batch (agents)', 'plain JavaScript (agent-steps/s)', `tfjs ${rate('inference_tfjs', batches[0]).backend} batched matMul (agent-steps/s)`, 'tfjs / JavaScript'],
    batches.map((b) => [b, k(rate('inference_js', b).agentStepsPerSec), k(rate('inference_tfjs', b).agentStepsPerSec), (rate('inference_tfjs', b).agentStepsPerSec / rate('inference_js', b).agentStepsPerSec).toFixed(2)]))}

**Choice:** \`policy.inference: "tfjs"\` is the default, because a shard steps all its arenas in lockstep and so runs batches of 64 agents and more, where tfjs is the faster. Plain JavaScript stays available (\`"js"\`): it wins for a handful of agents and serves as the reference the tfjs path is tested against. The tfjs results do not depend on the batch size (checked bit for bit), so the choice of batching never changes a run's metrics.
`;
  writeFileAtomic(path, text);
}
