/**
 * `npm run bench -- --from FILE`: the report of a bench run rebuilt from the JSON lines it printed
 * (its standard output, saved), without measuring again. A change to the report's wording can then
 * be applied to the figures of the run already in docs/performance.md, instead of a new run on a
 * machine that moves by 30% between runs.
 */
import { readFileSync, statSync } from 'node:fs';
import type { MlpShape } from '../../agents/mlp.ts';
import type { Ceiling } from './ceiling.ts';
import type { PhaseFigure } from './phases.ts';
import type { BenchFigure, BenchFigures } from './report.ts';
import type { ScaleFigure } from './scale.ts';

/** Parses a bench run's output; `shape` and `population` are the bench's own constants (run.ts). */
export function figuresFromOutput(file: string, shape: MlpShape, population: number, episodeSeconds: number): BenchFigures {
  const lines = readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as BenchFigure & Record<string, unknown>);
  const named = (name: string) => lines.filter((l) => l.name === name);
  const scale10k = named('scale_10000')[0] as unknown as ScaleFigure | undefined;
  const phases = named('phases') as unknown as PhaseFigure[];
  const parallel = named('pipeline_Nw')[0];
  if (!scale10k || phases.length < 1 || !parallel) throw new Error(`--from ${file}: not the whole output of one \`npm run bench\` run (no scale_10000, phases or pipeline_Nw line)`);
  const figures = lines.filter((l) => l.name !== 'scale_10000' && l.name !== 'phases');
  const ceiling: Ceiling[] = named('ceiling').map((c) => ({ load: c.load!, scaling: c.value!, min: c.min!, max: c.max! }));
  const rate = (build: string) => figures.find((f) => f.name === 'pipeline_Nw' && f.build === build && f.sensors === 'analytic')?.agentStepsPerSec ?? 0;
  const builds = [...new Set(figures.filter((f) => f.name === 'pipeline_Nw').map((f) => f.build!))];
  return {
    shape,
    cores: parallel.workers!,
    population,
    episodeSeconds,
    figures,
    // As run.ts chooses it: the build whose analytic pipeline on every core was fastest.
    recommended: builds.sort((a, b) => rate(b) - rate(a))[0],
    repeats: Math.min(...figures.filter((f) => f.repeats !== undefined).map((f) => f.repeats!)),
    phases,
    scale10k,
    ceiling,
    measuredOn: statSync(file).mtime.toISOString().slice(0, 10),
  };
}
