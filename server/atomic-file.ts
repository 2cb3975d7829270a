/**
 * Atomic writes: data goes to a temporary file in the same folder, is flushed to disk, then
 * renamed over the target, so a crash leaves either the old file or the new one, never half.
 */
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  const temporary = temporaryPath(path);
  try {
    const fd = openSync(temporary, 'w');
    try {
      writeSync(fd, typeof data === 'string' ? Buffer.from(data) : data);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, path);
    syncDirectory(dirname(path));
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

/** A sibling name that no other writer uses and that readers skip (it starts with a dot). */
export function temporaryPath(path: string): string {
  return join(dirname(path), `.coevo-tmp-${process.pid}-${temporaryCount++}-${basename(path)}`);
}

let temporaryCount = 0;

/** Makes a rename inside `dir` durable. */
export function syncDirectory(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
