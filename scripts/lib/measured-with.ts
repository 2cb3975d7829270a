/**
 * The policy kernels that the figures in docs/results.md were measured with: TensorFlow.js for
 * inference and training, the defaults of the time. Each experiment pins them in every config it
 * runs or evaluates, so that `npm run experiment -- NAME` reruns its figures exactly although the
 * defaults are now the fused kernels (`policy.inference`, `policy.training`; docs/performance.md).
 */
export const MEASURED_WITH = { policy: { inference: 'tfjs', training: 'tfjs' } } as const;
