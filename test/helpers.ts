/** Shared fixtures: a small, fast config and temporary folders. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { resolveConfig } from '../server/config/resolve.ts';
import type { Config } from '../server/config/schema.ts';
import { VOLATILE_FIELDS, type GenerationRow } from '../server/run/run-dir.ts';

/** A config whose generations take well under a second. */
export const SMALL_CONFIG = {
  seed: 3,
  workers: 0,
  generations: 4,
  checkpointEvery: 2,
  evolution: { populationSize: 16, eliteCount: 2 },
  worlds: { forage: { episodeSeconds: 3 } },
};

export function smallConfig(overrides: Record<string, unknown> = {}): Config {
  return resolveConfig(SMALL_CONFIG, overrides);
}

const made: string[] = [];
afterEach(() => {
  while (made.length) rmSync(made.pop()!, { recursive: true, force: true });
});

/** A temporary folder removed after the test. */
export function tempDir(prefix = 'coevo-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** A metrics row without the fields that describe how the run ran (timing, retries, memory). */
export function withoutVolatile(row: GenerationRow): Record<string, unknown> {
  const copy: Record<string, unknown> = { ...row };
  for (const field of VOLATILE_FIELDS) delete copy[field];
  return copy;
}
