/** Runs a golden config and returns its metrics rows without timing and operational fields. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveConfig } from '../server/config/resolve.ts';
import { RunDir } from '../server/run/run-dir.ts';
import { runExperiment } from '../server/run/run.ts';
import { VOLATILE_FIELDS } from '../server/run/run-dir.ts';

export async function goldenMetrics(config: Record<string, unknown>): Promise<Record<string, unknown>[]> {
  const dir = mkdtempSync(join(tmpdir(), 'coevo-golden-'));
  try {
    await runExperiment({ config: resolveConfig(config), runDir: join(dir, 'run'), resume: false });
    return new RunDir(join(dir, 'run')).readMetrics().map((row) => {
      const copy: Record<string, unknown> = { ...row };
      for (const field of VOLATILE_FIELDS) delete copy[field];
      return copy;
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
