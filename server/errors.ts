/**
 * Errors a user can act on: bad config, flags or files. Each carries a stable code (listed in
 * docs/errors.md); the CLI exits with status 2 for them and 1 for anything unexpected.
 */
export const ERROR_CODES = {
  BAD_CONFIG: 'BAD_CONFIG',
  BAD_FLAG: 'BAD_FLAG',
  RUN_DIR_IN_USE: 'RUN_DIR_IN_USE',
  NO_CHECKPOINT: 'NO_CHECKPOINT',
  BAD_CHECKPOINT: 'BAD_CHECKPOINT',
  BAD_POLICY: 'BAD_POLICY',
} as const;
export type ErrorCode = (typeof ERROR_CODES)[keyof typeof ERROR_CODES];

export class CoevoError extends Error {
  constructor(readonly code: ErrorCode, message: string) {
    super(message);
    this.name = 'CoevoError';
  }
}
