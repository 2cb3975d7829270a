/**
 * The run directory: config.json (the resolved config), metrics.jsonl (one row per generation)
 * and checkpoints/. Metrics rows are appended with one write each; on resume the file is cut
 * back, atomically, to the rows the checkpoint covers, so a crash never leaves a broken row.
 */
import { appendFileSync, existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../config/schema.ts';
import { writeFileAtomic } from '../atomic-file.ts';
import { CoevoError } from '../errors.ts';
import { makeOutputFolder } from '../output-folder.ts';
import { withKeysItPredates } from '../config/stored.ts';

/** A row of metrics.jsonl: co-evolution rows carry `populations.NAME.fitness` instead of `fitness`. */
export interface GenerationRow {
  generation: number;
  [field: string]: unknown;
}

/** A row of a single-population run. */
export interface MetricsRow extends GenerationRow {
  fitness: { best: number; mean: number; median: number };
}

/**
 * Fields that describe how a run ran rather than what it computed (timing, retries, memory);
 * they differ between otherwise identical runs.
 */
export const VOLATILE_FIELDS = ['time', 'seconds', 'agentStepsPerSec', 'learnSeconds', 'shardRetries', 'memory', 'phases'] as const;

export class RunDir {
  constructor(readonly path: string) {}

  get configPath(): string {
    return join(this.path, 'config.json');
  }

  get metricsPath(): string {
    return join(this.path, 'metrics.jsonl');
  }

  /** Prepares a new run; refuses a folder that already holds one, so nothing is overwritten. */
  create(config: Config): void {
    this.ensureFree();
    makeOutputFolder(this.path, `run directory ${this.path}`);
    writeFileAtomic(this.configPath, `${JSON.stringify(config, null, 2)}\n`);
  }

  /** Throws RUN_DIR_IN_USE unless the folder is absent or empty (but for human demonstrations, `demos/`, brought to teach the new run). */
  ensureFree(): void {
    if (existsSync(this.configPath) || existsSync(this.metricsPath)) {
      throw new CoevoError('RUN_DIR_IN_USE', `run directory ${this.path} already holds a run; continue it with --resume ${this.path} or choose another --run-dir`);
    }
    if (existsSync(this.path) && readdirSync(this.path).some((entry) => entry !== 'demos')) {
      throw new CoevoError('RUN_DIR_IN_USE', `run directory ${this.path} is not empty; choose an empty or new folder`);
    }
  }

  /** The stored config, with the keys it predates filled in as it ran (config/stored.ts). */
  readConfig(): Record<string, unknown> {
    if (!existsSync(this.configPath)) {
      throw new CoevoError('NO_CHECKPOINT', `${this.path} is not a run directory (no config.json)`);
    }
    try {
      const stored = JSON.parse(readFileSync(this.configPath, 'utf8'));
      return typeof stored === 'object' && stored !== null && !Array.isArray(stored) ? withKeysItPredates(stored) : stored;
    } catch {
      throw new CoevoError('BAD_CONFIG', `${this.configPath} is not valid JSON`);
    }
  }

  appendMetrics(row: GenerationRow): void {
    appendFileSync(this.metricsPath, `${JSON.stringify(row)}\n`);
  }

  readMetrics(): MetricsRow[] {
    if (!existsSync(this.metricsPath)) return [];
    const rows: MetricsRow[] = [];
    for (const line of readFileSync(this.metricsPath, 'utf8').split('\n')) {
      if (!line.trim()) continue;
      try {
        rows.push(JSON.parse(line));
      } catch {
        break; // a row cut short by a crash ends the readable history
      }
    }
    return rows;
  }

  /** Keeps only the rows before `index` (of `field`: generations, or an ecology's reports), replacing the file atomically. */
  truncateMetrics(index: number, field: 'generation' | 'report' = 'generation'): void {
    const kept = this.readMetrics().filter((row) => (row[field] as number) < index);
    writeFileAtomic(this.metricsPath, kept.map((row) => `${JSON.stringify(row)}\n`).join(''));
  }
}
