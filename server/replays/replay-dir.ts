/**
 * A run's replays folder: `RUN/replays/gen-NNNNNN.replay`, one per `replays.every` generations,
 * pruned to `replays.keep` files (the newest, plus the run's first replay, so the start can always
 * be compared with now).
 */
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

export interface ReplayEntry {
  generation: number;
  file: string;
  bytes: number;
}

export function replaysDir(runDir: string): string {
  return join(runDir, 'replays');
}

export function replayPath(runDir: string, generation: number): string {
  return join(replaysDir(runDir), `gen-${String(generation).padStart(6, '0')}.replay`);
}

/** The run's replays, oldest first. */
export function listReplays(runDir: string): ReplayEntry[] {
  const dir = replaysDir(runDir);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .flatMap((file) => {
      const match = /^gen-(\d{6,})\.replay$/.exec(file);
      return match ? [{ generation: Number(match[1]), file, bytes: statSync(join(dir, file)).size }] : [];
    })
    .sort((a, b) => a.generation - b.generation);
}

/** Deletes all but the newest `keep` replays, of which the first is always one (when keep is 2 or more). */
export function pruneReplays(runDir: string, keep: number): void {
  const entries = listReplays(runDir);
  if (entries.length <= keep) return;
  const kept = new Set(keep >= 2 ? [entries[0], ...entries.slice(-(keep - 1))] : entries.slice(entries.length - keep));
  for (const entry of entries) if (!kept.has(entry)) rmSync(join(replaysDir(runDir), entry.file), { force: true });
}

export function ensureReplaysDir(runDir: string): void {
  mkdirSync(replaysDir(runDir), { recursive: true });
}
