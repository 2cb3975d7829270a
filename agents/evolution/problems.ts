/**
 * Classic benchmark functions (to minimise) on which `coevo optimize` checks the strategies with
 * no world. Each has its minimum 0 at x* = (1, …, 1): Rosenbrock's own, and sphere and Rastrigin
 * shifted there, so that the start x₀ = 0 is not already the optimum.
 */
export const PROBLEMS = ['sphere', 'rosenbrock', 'rastrigin'] as const;
export type ProblemName = (typeof PROBLEMS)[number];

export const PROBLEM_FUNCTIONS: Record<ProblemName, (x: ArrayLike<number>) => number> = {
  sphere: (x) => {
    let f = 0;
    for (let i = 0; i < x.length; i++) f += (x[i] - 1) ** 2;
    return f;
  },
  rosenbrock: (x) => {
    let f = 0;
    for (let i = 0; i + 1 < x.length; i++) f += 100 * (x[i + 1] - x[i] * x[i]) ** 2 + (1 - x[i]) ** 2;
    return f;
  },
  rastrigin: (x) => {
    let f = 10 * x.length;
    for (let i = 0; i < x.length; i++) f += (x[i] - 1) ** 2 - 10 * Math.cos(2 * Math.PI * (x[i] - 1));
    return f;
  },
};
