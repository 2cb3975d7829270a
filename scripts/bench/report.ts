/** Writes docs/performance.md from one benchmark run's figures. */
import type { MlpShape } from '../../agents/mlp.ts';

import { FORAGE_SENSORS } from '../../worlds/forage/options.ts';
import { RAPIER_BUILDS } from '../../worlds/rapier.ts';
import { table, writeSection } from '../lib/report.ts';

export interface BenchFigure {
  name: string;
  build?: string;
  sensors?: string;
  backend?: string;
  agents?: number;
  batch?: number;
  workers?: number;
  agentStepsPerSec?: number;
  /** Ratios (efficiency, scaling). */
  value?: number;
  arenasPerShard?: number | null;
}

export interface BenchFigures {
  shape: MlpShape;
  cores: number;
  population: number;
  episodeSeconds: number;
  figures: BenchFigure[];
  recommended: string;
}

const k = (x: number) => `${(x / 1000).toFixed(1)}k`;

export function writePerformanceReport(path: string, run: BenchFigures): void {
  const { shape, cores, figures, recommended, population } = run;
  const find = (name: string, where: Partial<BenchFigure> = {}) => figures.find((f) => f.name === name && Object.entries(where).every(([key, value]) => f[key as keyof BenchFigure] === value))!;
  const rate = (name: string, where: Partial<BenchFigure> = {}) => find(name, where).agentStepsPerSec!;
  const batches = [...new Set(figures.filter((f) => f.name === 'inference_js').map((f) => f.batch!))];
  const net = [shape.inputSize, ...shape.hiddenSizes, shape.outputSize].join('-');
  const scale = find('scale_1024');
  const best = (name: string) => figures.filter((f) => f.name === name && f.sensors === 'analytic' && f.build === recommended)[0].value!;
  const text = `## Throughput

Measured by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${process.platform}/${process.arch}, ${cores} cores; every figure in this file comes from that one run. Each rate is the median of the timed repeats after a warm-up run. An agent-step is one agent advanced by one physics step (1/60 s); a policy decision serves \`actionRepeat\` (3) of them. The bench plays ${run.episodeSeconds}-second episodes to stay short; the per-step work is that of a run.

### The pipeline against its parts (forage, ${population} agents in ${population / 8} arenas)

- \`raw_physics\`: the same forage arenas stepped by Rapier under constant actions: no sensors, no policy.
- \`raw_inference\`: the policy forward pass alone over the same ${population} agents (each with its own genome), counted as agent-steps (one pass per \`actionRepeat\` steps): ${k(rate('raw_inference'))}.
- \`pipeline_1w\`, \`pipeline_${cores}w\`: whole generations through the shard pool with 1 and ${cores} worker threads: sensors, observation building, batched inference, physics, food, and the transfer of genomes and results.
- \`efficiency = pipeline_1w / L\` with \`L = 1 / (1/raw_physics + 1/raw_inference)\`, the speed of physics plus inference with nothing else; \`scaling = pipeline_${cores}w / pipeline_1w\`.
- \`sensors\`: \`rapier\` casts the 8 rays per agent and decision through Rapier (\`World.castRay\`, the default); \`analytic\` computes the same rays in closed form (walls and balls are the only things a ray can hit in forage; a test checks that both read the same to 1e-4).

${table(
  ['Rapier build', 'sensors', 'raw_physics', 'L', 'pipeline_1w', `pipeline_${cores}w`, 'efficiency (target ≥ 0.85)', `scaling (target ≥ ${(0.9 * cores).toFixed(1)})`],
  RAPIER_BUILDS.flatMap((build) =>
    FORAGE_SENSORS.map((sensors) => {
      const ideal = 1 / (1 / rate('raw_physics', { build }) + 1 / rate('raw_inference'));
      return [
        build,
        sensors,
        k(rate('raw_physics', { build })),
        k(ideal),
        k(rate('pipeline_1w', { build, sensors })),
        k(rate('pipeline_Nw', { build, sensors })),
        find('efficiency', { build, sensors }).value!.toFixed(2),
        find('scaling', { build, sensors }).value!.toFixed(2),
      ];
    }),
  ),
)}

What the table says:
- Rapier's ray casts cost more than the physics itself: each cast crosses the JavaScript-WebAssembly boundary about eight times (building and freeing the ray's vectors, wrapping the hit). With them the pipeline reaches well under the 0.85 efficiency target; with \`sensors: "analytic"\` the sensors cost little and the pipeline comes close to the speed of physics plus inference.
- **Recommended for long runs:** \`physics.rapier: "${recommended}"\` with \`worlds.forage.sensors: "analytic"\`, the fastest combination here (efficiency ${best('efficiency').toFixed(2)}, scaling ${best('scaling').toFixed(2)} on ${cores} workers). The defaults stay \`compat\` (the reference build) and \`rapier\` sensors (the world's ray casts, which also see anything added to a world later). Every build gives identical results on one machine; \`deterministic\` also across platforms.
- Scaling: two independent single-worker processes reach about twice one alone on this machine (checked by hand), so the cores are real; the pool's shortfall is per-generation work that does not shrink with more workers (each shard task builds its arenas and packs its tensors; the main thread plans, transfers and combines) and the wait for the last task of a generation. Smaller tasks help both (table below).
- Figures move by up to about 20% between runs on this VM (an efficiency above 1 is such noise: physics measured alone on the main thread against the pipeline in a worker); compare rows of one run, not figures across runs.

**Shard task size** (\`worldgen.arenasPerShard\`; simd build, analytic sensors; workers take the next task as they finish one):

${table(
  ['arenas per task', 'pipeline_1w', `pipeline_${cores}w`, 'scaling'],
  [2, 8, null].map((size) => {
    const one = find('task_size', { arenasPerShard: size, workers: 1 }).agentStepsPerSec!;
    const many = find('task_size', { arenasPerShard: size, workers: cores }).agentStepsPerSec!;
    return [size === null ? "all of a worker's share (null)" : size, k(one), k(many), (many / one).toFixed(2)];
  }),
)}

Smaller tasks tend to run faster per agent (a block's Rapier worlds and weight tensors stay in the core's cache, 1 MiB of L2 here, and workers balance their load at the end of a generation), but the gaps are within this VM's noise. The default is 8 arenas (64 agents, where tfjs batching pays); the tables above use it.

**Scale:** the forage world with ${scale.agents} agents (${scale.agents! / 8} arenas of 8) on ${cores} workers, ${scale.build} build with analytic sensors: ${k(rate('scale_1024'))} agent-steps/s.

### Policy inference: TensorFlow.js or plain JavaScript

Each agent has its own genome, so a batch is many different ${net} networks (${shape.activation} hidden, tanh output), not one network applied to many inputs. The tfjs path packs the batch's weights into one tensor per layer once per generation and runs one batched matMul per layer per step ([agents, 1, in] × [agents, in, out]); the JavaScript path loops over agents. Forward passes per second:

${table(
  ['batch (agents)', 'plain JavaScript', `tfjs ${find('inference_tfjs', { batch: batches[0] }).backend} batched matMul`, 'tfjs / JavaScript'],
  batches.map((b) => [b, k(rate('inference_js', { batch: b })), k(rate('inference_tfjs', { batch: b })), (rate('inference_tfjs', { batch: b }) / rate('inference_js', { batch: b })).toFixed(2)]),
)}

**Choice:** \`policy.inference: "tfjs"\` is the default, because a shard steps all its arenas in lockstep and so runs batches of 64 agents and more, where tfjs is the faster. Plain JavaScript stays available (\`"js"\`): it is about as fast for a handful of agents and serves as the reference the tfjs path is tested against. The tfjs results do not depend on the batch size (a test checks it bit for bit), so the number of workers never changes a run's metrics.
`;
  writeSection(path, 'bench', text, PERFORMANCE_HEADER);
}

export const PERFORMANCE_HEADER = '# Performance\n\nFigures from `npm run bench` and `npm run soak`; each section names its command.\n';
