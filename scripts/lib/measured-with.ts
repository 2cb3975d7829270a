/**
 * What an experiment's figures in docs/results.md were measured with, pinned in every config it
 * runs or evaluates so that `npm run experiment -- NAME` reruns its figures exactly.
 *
 * MEASURED_WITH: TensorFlow.js for inference and training, the defaults before the fused kernels
 * (`policy.inference`, `policy.training`; docs/performance.md), for what has not been rerun since
 * (the optimizers experiment's sumo round robin). CURRENT_DEFAULTS: nothing pinned, for the
 * experiments rerun under today's defaults (the fused kernels, forage's closed-form sensors); each
 * such section says when it was measured.
 */
export const MEASURED_WITH = { policy: { inference: 'tfjs', training: 'tfjs' } } as const;
export const CURRENT_DEFAULTS = {} as const;

/** The settings an experiment pins: one of the above, or one of them with more. */
export type PinnedSettings = Readonly<Record<string, unknown>>;
