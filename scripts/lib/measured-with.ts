/**
 * What an experiment's figures in docs/results.md were measured with, pinned in every config it
 * runs or evaluates so that `npm run experiment -- NAME` reruns its figures exactly.
 *
 * CURRENT_DEFAULTS: nothing pinned. Every experiment has been rerun under today's defaults (the
 * fused kernels, forage's closed-form sensors), and each section says when it was measured. An
 * experiment left behind by a future change of defaults pins here what it was measured with (as
 * the tfjs kernels were, `{ policy: { inference: 'tfjs', training: 'tfjs' } }`, until 2026-12-01).
 */
export const CURRENT_DEFAULTS = {} as const;

/** The settings an experiment pins: one of the above, or one of them with more. */
export type PinnedSettings = Readonly<Record<string, unknown>>;
