/**
 * Folders a user names for output (`--run-dir`, `--out`): made with their parents where absent.
 * What stops that (a file where a folder of the path should be, no permission) is the user's to
 * fix, so it is a coded error naming the flag, not Node's error and stack.
 */
import { mkdirSync } from 'node:fs';
import { CoevoError } from './errors.ts';

/** Makes `folder` (and its parents); `label` says which flag asked for it, as the message begins. */
export function makeOutputFolder(folder: string, label: string): void {
  try {
    mkdirSync(folder, { recursive: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'EEXIST' || code === 'ENOTDIR' ? 'a file stands where a folder of its path should be' : `${code ?? (error as Error).message}`;
    throw new CoevoError('BAD_FLAG', `${label}: cannot make the folder ${folder} (${why})`);
  }
}
