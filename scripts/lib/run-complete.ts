/** Whether an experiment's run has played its generations, so that a rerun keeps it. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { RunDir } from '../../server/run/run-dir.ts';

export function runComplete(dir: string, generations: number): boolean {
  return existsSync(join(dir, 'metrics.jsonl')) && new RunDir(dir).readMetrics().length >= generations;
}
