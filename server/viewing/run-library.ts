/**
 * The run directories a viewer may read (docs/viewer.md): a served run's own (`coevo run --serve`),
 * those `coevo view RUN_DIR...` opens, or one replay file (`coevo replay FILE --serve`). It answers
 * the viewer's HTTP API (http-routes.ts) from the files as they are now, so a running run's charts
 * grow as its metrics do. Nothing here writes.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { pack } from 'msgpackr';
import { floatBytes } from '../../client-protocol/protocol.ts';
import { SERIES_COLOURS, lineChart } from '../reports/svg-plot.ts';
import { listReplays, replayPath, type ReplayEntry } from '../replays/replay-dir.ts';
import { readReplay } from '../replays/replay-file.ts';
import { RunDir } from '../run/run-dir.ts';

export interface LibraryEntry {
  name: string;
  /** The run directory (null: a lone replay file). */
  dir: string | null;
  /** A lone replay file (`coevo replay FILE --serve`). */
  replayFile?: string;
}

/** What `GET /api/runs` answers. */
export interface LibraryListing {
  mode: 'live' | 'view';
  runs: { index: number; name: string; scenario: string | null; rows: number; replays: ReplayEntry[]; progress: string[] }[];
}

/** A progress report's files (CIAO matrices, ratings) a viewer may fetch. */
const PROGRESS_FILE = /^(ciao-[\w-]+-vs-[\w-]+|champion-ratings)\.(svg|json)$/;

export class RunLibrary {
  constructor(
    readonly entries: LibraryEntry[],
    readonly mode: 'live' | 'view',
  ) {}

  listing(): LibraryListing {
    return {
      mode: this.mode,
      runs: this.entries.map((entry, index) => ({
        index,
        name: entry.name,
        scenario: this.scenarioOf(entry),
        rows: entry.dir ? new RunDir(entry.dir).readMetrics().length : 0,
        replays: this.replaysOf(entry),
        progress: entry.dir && existsSync(join(entry.dir, 'progress')) ? readdirSync(join(entry.dir, 'progress')).filter((f) => PROGRESS_FILE.test(f)) : [],
      })),
    };
  }

  entry(index: number): LibraryEntry | null {
    return Number.isInteger(index) && index >= 0 && index < this.entries.length ? this.entries[index] : null;
  }

  metrics(index: number): Record<string, unknown>[] {
    const dir = this.entry(index)?.dir;
    return dir ? new RunDir(dir).readMetrics() : [];
  }

  /** Every numeric field of any run's metrics rows, as dotted paths (`fitness.best`, `populations.red.fitness.mean`). */
  numericFields(): string[] {
    const fields = new Set<string>();
    this.entries.forEach((_, i) => {
      for (const row of this.metrics(i)) collectNumeric(row, '', fields);
    });
    fields.delete('generation');
    return [...fields].sort();
  }

  /** An SVG chart of `field` over generations (the ecology: simulated seconds), one line per run, with the schedule's changes marked. */
  chart(field: string): string | null {
    const series = this.entries.flatMap((entry, i) => {
      const rows = this.metrics(i);
      const points = rows.flatMap((row): [number, number][] => {
        const x = xOf(row);
        const y = valueAt(row, field);
        return x !== null && y !== null ? [[x, y]] : [];
      });
      return points.length ? [{ label: entry.name, color: SERIES_COLOURS[i % SERIES_COLOURS.length], points }] : [];
    });
    if (!series.length) return null;
    const markers = this.entries.flatMap((entry, i) =>
      this.metrics(i).flatMap((row) => {
        const x = xOf(row);
        return row.change && x !== null ? [{ x, label: `${this.entries.length > 1 ? `${entry.name}: ` : ''}changed` }] : [];
      }),
    );
    const ecology = this.entries.some((_, i) => this.metrics(i)[0]?.simSeconds !== undefined);
    return lineChart(series, { title: field, xLabel: ecology ? 'simulated seconds' : 'generation', yLabel: field, yFromData: true, markers, width: 640, height: 320 });
  }

  /** A replay as the viewer reads it: the replay's fields, with positions and rotations as float32 little-endian bins. */
  replay(index: number, generation: number): Uint8Array | null {
    const entry = this.entry(index);
    if (!entry) return null;
    const path = entry.replayFile ?? (entry.dir ? replayPath(entry.dir, generation) : null);
    if (!path || !existsSync(path)) return null;
    const replay = readReplay(path);
    if (entry.replayFile && replay.generation !== generation) return null;
    return pack({ ...replay, positions: floatBytes(replay.positions), rotations: floatBytes(replay.rotations) });
  }

  progressFile(index: number, file: string): string | null {
    const dir = this.entry(index)?.dir;
    if (!dir || !PROGRESS_FILE.test(file)) return null;
    const path = join(dir, 'progress', file);
    return existsSync(path) ? readFileSync(path, 'utf8') : null;
  }

  private replaysOf(entry: LibraryEntry): ReplayEntry[] {
    if (entry.replayFile) {
      const replay = readReplay(entry.replayFile);
      return [{ generation: replay.generation, file: basename(entry.replayFile), bytes: readFileSync(entry.replayFile).byteLength }];
    }
    return entry.dir ? listReplays(entry.dir) : [];
  }

  private scenarioOf(entry: LibraryEntry): string | null {
    if (entry.replayFile) return readReplay(entry.replayFile).scenario;
    if (!entry.dir || !existsSync(join(entry.dir, 'config.json'))) return null;
    const scenario = new RunDir(entry.dir).readConfig().scenario;
    return typeof scenario === 'string' ? scenario : null;
  }
}

/** A row's x: its generation, or the ecology's simulated seconds. */
function xOf(row: Record<string, unknown>): number | null {
  const x = row.generation ?? row.simSeconds;
  return typeof x === 'number' ? x : null;
}

function valueAt(row: Record<string, unknown>, field: string): number | null {
  let value: unknown = row;
  for (const key of field.split('.')) value = value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function collectNumeric(value: unknown, prefix: string, into: Set<string>): void {
  if (typeof value === 'number') into.add(prefix);
  else if (value && typeof value === 'object' && !Array.isArray(value)) {
    for (const [key, inner] of Object.entries(value)) collectNumeric(inner, prefix ? `${prefix}.${key}` : key, into);
  }
}
