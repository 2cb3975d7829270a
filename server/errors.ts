/**
 * Errors a user can act on. Each carries a stable code (listed in docs/errors.md). The CLI exits
 * with status 2 for bad input (config, flags, files), 1 for a run that failed, and 1 with a stack
 * trace for anything unexpected.
 */
export const ERROR_CODES = {
  BAD_CONFIG: 'BAD_CONFIG',
  BAD_FLAG: 'BAD_FLAG',
  RUN_DIR_IN_USE: 'RUN_DIR_IN_USE',
  NO_CHECKPOINT: 'NO_CHECKPOINT',
  BAD_CHECKPOINT: 'BAD_CHECKPOINT',
  BAD_POLICY: 'BAD_POLICY',
  BAD_DEMONSTRATIONS: 'BAD_DEMONSTRATIONS',
  BAD_REPLAY: 'BAD_REPLAY',
  SHARD_FAILED: 'SHARD_FAILED',
  REDIS_UNAVAILABLE: 'REDIS_UNAVAILABLE',
  REDIS_LOST: 'REDIS_LOST',
} as const;
export type ErrorCode = (typeof ERROR_CODES)[keyof typeof ERROR_CODES];

/** Failures of a run itself rather than of what the user gave it. */
const RUN_FAILURES: ReadonlySet<ErrorCode> = new Set(['SHARD_FAILED', 'REDIS_UNAVAILABLE', 'REDIS_LOST']);

export class CoevoError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'CoevoError';
  }

  get exitCode(): number {
    return RUN_FAILURES.has(this.code) ? 1 : 2;
  }
}
