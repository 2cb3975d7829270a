/**
 * `coevo report RUN_DIR... --out DIR`: `report.md` and an SVG chart per run, of its metrics with
 * the schedule's changes marked, and for each change and each population the drop, the time to
 * recover 80% and 100% of the pre-change level and the area between the curves (recovery.ts).
 *
 * In forage and locomotion, where a scripted expert exists, fitness is also given relative to the
 * expert playing the same world (`expertEpisodes` episodes of each distinct world the run saw), so
 * that recovery is measured against what is possible in the changed world.
 */
import { existsSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { writeFileAtomic } from '../atomic-file.ts';
import { resolveConfig } from '../config/resolve.ts';
import { worldAt } from '../config/schedule.ts';
import type { Config } from '../config/schema.ts';
import { roleBodies } from '../config/populations.ts';
import { evaluateController } from '../evaluation/episodes.ts';
import { setupEngine } from '../evaluation/engine.ts';
import { CoevoError } from '../errors.ts';
import { makeOutputFolder } from '../output-folder.ts';
import { RunDir, type MetricsRow } from '../run/run-dir.ts';
import { createScenario, SINGLE_ROLE_SCENARIOS } from '../../worlds/registry.ts';
import { type Recovery, recovery } from './recovery.ts';
import { lineChart, SERIES_COLOURS } from './svg-plot.ts';
import { RunLibrary } from '../viewing/run-library.ts';

export interface ReportOptions {
  runDirs: string[];
  out: string;
  /** Generations before a change whose mean is the pre-change level. */
  k: number;
  /** Generations (reports) a curve must stay back at a level for its recovery to count; 1 when absent. */
  hold?: number;
  /** Episodes of the scripted expert per distinct world (0: no expert-relative figures). */
  expertEpisodes: number;
  /** Metrics fields to chart with every run overlaid (dotted paths); absent: fitness, score and imitation loss, as present. */
  fields?: string[];
}

/** The fields charted when none are named: fitness, score, imitation loss and the ecology's population. */
const DEFAULT_FIELDS = /^((populations\.[^.]+\.)?(fitness\.(best|mean)|eaten\.mean|score\.mean|imitation\.loss)|population|energy\.mean)$/;

/** One curve of a run: a population's mean fitness, or the ecology's population. */
interface Curve {
  name: string;
  values: number[];
}

interface RunFigures {
  dir: string;
  config: Config;
  rows: MetricsRow[];
  curves: Curve[];
  changes: { at: number; change: unknown }[];
  xLabel: string;
}

export async function writeRunReport(options: ReportOptions): Promise<string[]> {
  const runs = options.runDirs.map(readRun);
  makeOutputFolder(options.out, `--out ${options.out}`);
  const names = uniqueNames(runs.map((r) => basename(resolve(r.dir))));
  const sections: string[] = [];
  for (const [i, run] of runs.entries()) {
    const chart = `${names[i]}.svg`;
    const expert = options.expertEpisodes > 0 ? await expertLevels(run, options.expertEpisodes) : null;
    const curves = expert ? [...run.curves, ...run.curves.map((c) => ({ name: `${c.name} / expert`, values: c.values.map((v, g) => v / expert[g]) }))] : run.curves;
    writeFileAtomic(join(options.out, chart), chartOf(run, names[i]));
    sections.push(sectionOf(run, curves, chart, options.k, options.hold ?? 1));
  }
  const files = [join(options.out, 'report.md'), ...names.map((n) => join(options.out, `${n}.svg`))];
  sections.push(
    overlaidCharts(
      new RunLibrary(
        runs.map((r, i) => ({ name: names[i], dir: r.dir })),
        'view',
      ),
      options,
      files,
    ),
  );
  writeFileAtomic(
    files[0],
    `# Run report\n\nWritten by \`coevo report\` on ${new Date().toISOString().slice(0, 10)}. Pre-change level: mean of the last ${options.k} generations (in the ecology, reports) before a change. Times to recover: generations (reports), then the seconds they took: wall seconds, and in the ecology simulated seconds first.${holdNote(options.hold ?? 1)}\n${sections.join('')}`,
  );
  return files;
}

function readRun(dir: string): RunFigures {
  const runDir = new RunDir(dir);
  if (!existsSync(runDir.configPath)) throw new CoevoError('NO_CHECKPOINT', `${dir} is not a run directory (no config.json)`);
  const config = resolveConfig(runDir.readConfig(), {}, `${runDir.configPath}`);
  const rows = runDir.readMetrics();
  if (!rows.length) throw new CoevoError('BAD_CONFIG', `${dir} has no metrics yet (metrics.jsonl is empty or absent)`);
  const changes = rows.flatMap((row, at) => (row.change ? [{ at, change: row.change }] : []));
  if (config.scenario === 'ecology') {
    return { dir, config, rows, changes, curves: [{ name: 'population', values: rows.map((r) => r.population as number) }], xLabel: 'report' };
  }
  const populations = rows[0].populations as Record<string, unknown> | undefined;
  const curves = populations
    ? Object.keys(populations).map((name) => ({ name, values: rows.map((r) => (r.populations as Record<string, { fitness: { mean: number } }>)[name]?.fitness.mean ?? Number.NaN) }))
    : [{ name: 'fitness', values: rows.map((r) => (r.fitness as { mean: number }).mean) }];
  return { dir, config, rows, changes, curves, xLabel: 'generation' };
}

/** The scripted expert's mean fitness in the world of each generation (each distinct world played once). */
async function expertLevels(run: RunFigures, episodes: number): Promise<number[] | null> {
  const { config } = run;
  if (!(SINGLE_ROLE_SCENARIOS as readonly string[]).includes(config.scenario)) return null;
  const engine = await setupEngine({ ...config, workers: 0 });
  const cache = new Map<string, number>();
  return run.rows.map((_, g) => {
    const world = worldAt(config, g);
    const key = JSON.stringify(world);
    let level = cache.get(key);
    if (level === undefined) {
      const scenario = createScenario(config.scenario, world.worlds, roleBodies(config), world.physics.gravity);
      level = evaluateController({ engine, scenario }, { kind: 'expert' }, episodes, config.seed).mean;
      cache.set(key, level);
    }
    return level;
  });
}

function chartOf(run: RunFigures, name: string): string {
  const series = run.curves.map((c, i) => ({ label: c.name, color: SERIES_COLOURS[i % SERIES_COLOURS.length], points: c.values.map((y, x) => [x, y] as [number, number]) }));
  const yLabel = run.config.scenario === 'ecology' ? 'agents' : 'mean fitness';
  return lineChart(series, { title: `${name}: ${run.config.scenario}`, xLabel: run.xLabel, yLabel, yFromData: true, markers: run.changes.map((c) => ({ x: c.at, label: 'change' })) });
}

function sectionOf(run: RunFigures, curves: Curve[], chart: string, k: number, hold: number): string {
  const changes = run.changes.length ? run.changes.map((c) => `- ${run.xLabel} ${c.at}: \`${JSON.stringify(c.change)}\``).join('\n') : '- none: the world did not change in this run';
  const rows: string[] = [];
  run.changes.forEach((c, i) => {
    if (c.at < 1) return; // a change at the start has no "before"
    const until = run.changes[i + 1]?.at;
    for (const curve of curves) {
      const r = recovery(curve.values, c.at, { k, until, hold, seconds: run.rows.map((row) => (row.seconds as number) ?? (row.timing as { seconds: number } | undefined)?.seconds ?? 0) });
      rows.push(recoveryRow(c.at, curve.name, r, run.config.scenario === 'ecology' ? simulatedSince(run.rows, c.at) : null));
    }
  });
  const table = rows.length ? `| change at | curve | pre-change | first after | drop | to 80% | to 100% | area |\n| --- | --- | --- | --- | --- | --- | --- | --- |\n${rows.join('\n')}\n` : '';
  return `\n## ${run.dir}\n\n${run.config.scenario}, seed ${run.config.seed}, ${run.rows.length} ${run.xLabel}s.\n\nChanges:\n\n${changes}\n\n![${run.dir}](${chart})\n\n${table}`;
}

/**
 * In the ecology, the simulated seconds from a change (the end of the report before it) to the end
 * of the report `reports` after its first (0 for 0: it never fell that low), as the ecology
 * experiment counts it (results.md).
 */
function simulatedSince(rows: MetricsRow[], at: number): (reports: number) => number {
  const changed = rows[at - 1].simSeconds as number;
  return (reports) => (reports === 0 ? 0 : (rows[Math.min(rows.length - 1, at + reports)].simSeconds as number) - changed);
}

function recoveryRow(at: number, name: string, r: Recovery, simulated: ((reports: number) => number) | null): string {
  const seconds = (generations: number, wall: number | null) => {
    const parts = [...(simulated ? [`${simulated(generations).toFixed(0)} s simulated`] : []), ...(wall === null ? [] : [`${wall.toFixed(1)} s${simulated ? ' wall' : ''}`])];
    return parts.length ? ` (${parts.join(', ')})` : '';
  };
  const when = (generations: number | null, wall: number | null) => (generations === null ? 'not within the run' : `${generations}${seconds(generations, wall)}`);
  const f = (x: number) => (Math.abs(x) >= 100 ? x.toFixed(0) : x.toFixed(3));
  return `| ${at} | ${name} | ${f(r.pre)} | ${f(r.first)} | ${f(r.drop)} | ${when(r.generationsTo80, r.secondsTo80)} | ${when(r.generationsTo100, r.secondsTo100)} | ${f(r.area)} |`;
}

/**
 * The charts `coevo view` draws, as SVG files: each field with every run's curve overlaid and the
 * changes marked, and each co-evolution run's CIAO matrices and champion ratings.
 */
function overlaidCharts(library: RunLibrary, options: ReportOptions, files: string[]): string {
  const available = library.numericFields();
  const unknown = (options.fields ?? []).filter((f) => !available.includes(f));
  if (unknown.length) throw new CoevoError('BAD_FLAG', `--fields: no run has ${unknown.map((f) => `"${f}"`).join(', ')}; numeric fields: ${available.join(', ')}`);
  const fields = options.fields ?? available.filter((f) => DEFAULT_FIELDS.test(f));
  const lines = ['\n## Charts\n', `Every run's curve on one chart per field (${library.entries.map((e) => e.name).join(', ')}); dashed lines mark changes of world.\n`];
  for (const field of fields) {
    const file = `chart-${field.replace(/[^\w.-]+/g, '_')}.svg`;
    writeFileAtomic(join(options.out, file), library.chart(field)!);
    files.push(join(options.out, file));
    lines.push(`![${field}](${file})\n`);
  }
  library.listing().runs.forEach((run) => {
    for (const progress of run.progress.filter((f) => f.endsWith('.svg'))) {
      const file = `${run.name}-${progress}`;
      writeFileAtomic(join(options.out, file), library.progressFile(run.index, progress)!);
      files.push(join(options.out, file));
      lines.push(`![${run.name}: ${progress.replace('.svg', '')}](${file})\n`);
    }
  });
  return lines.join('\n');
}

function uniqueNames(names: string[]): string[] {
  return names.map((n, i) => (names.indexOf(n) === i ? n : `${n}-${i}`));
}

function holdNote(hold: number): string {
  return hold > 1 ? ` A recovery counts once the curve stays back at the level for ${hold} generations (reports) in a row (\`--hold ${hold}\`); the time is to the first of them.` : '';
}
