"""Hansen's pycma, the reference CMA-ES, on coevo's benchmark functions (`coevo optimize`).

The same problems as agents/evolution/problems.ts (minimum 0 at (1, ..., 1)), the same start
(x0 = 0, sigma0 = 0.5), the same population (coevo's lambda, given with --popsize), the same
budget rule (a generation runs only if it fits in the budget) and the same target (stop at the
end of the generation whose best value first reaches 1e-8). Everything else is pycma's own: its
learning rates, its diagonal variant for sep-CMA-ES (`CMA_diagonal`), and its termination
criteria (tolfun, tolx, conditioncov, ...). pycma runs active CMA-ES by default (negative
weights for the worst samples in the covariance update, Jastrebski and Arnold 2006); --no-active
turns it off, which leaves the classic update of Hansen's tutorial that coevo implements. With --restarts R, IPOP: up to R restarts from x0,
each doubling the population, on the budget left, as `coevo optimize --restarts R` does.

Prints one JSON object per run, the fields of `coevo optimize --json` plus `implementation` and
`stops` (pycma's reasons for ending each run).

    PYTHONPATH=/path/to/pycma python3 scripts/reference/pycma_functions.py \
        --problem rosenbrock --dim 10 --algorithm cma-es --popsize 10 --seed 1
"""

import argparse
import json
import math
import warnings

import numpy as np

warnings.filterwarnings("ignore")  # pycma warns when matplotlib is missing
import cma  # noqa: E402

TARGET = 1e-8
SIGMA0 = 0.5


def sphere(x):
    return float(np.sum((x - 1) ** 2))


def rosenbrock(x):
    return float(np.sum(100 * (x[1:] - x[:-1] ** 2) ** 2 + (1 - x[:-1]) ** 2))


def rastrigin(x):
    y = x - 1
    return float(10 * len(x) + np.sum(y**2 - 10 * np.cos(2 * math.pi * y)))


PROBLEMS = {"sphere": sphere, "rosenbrock": rosenbrock, "rastrigin": rastrigin}


def run(problem, dim, algorithm, seed, popsize, budget, restarts, active):
    f = PROBLEMS[problem]
    evaluations, best, made, stops = 0, math.inf, 0, []
    lam = popsize
    while True:
        options = {
            # pycma treats seed 0 as "from the clock"; restarts draw from seeds of their own.
            "seed": seed * 1000 + made,
            "popsize": lam,
            "CMA_diagonal": algorithm == "sep-cma-es",
            "CMA_active": active,
            "verbose": -9,
            "ftarget": TARGET,
            "maxfevals": math.inf,
        }
        es = cma.CMAEvolutionStrategy(np.zeros(dim), SIGMA0, options)
        while evaluations + lam <= budget and not es.stop():
            xs = es.ask()
            values = [f(np.asarray(x)) for x in xs]
            es.tell(xs, values)
            evaluations += lam
            best = min(best, min(values))
            if best <= TARGET:
                break
        stops.append(sorted(es.stop().keys()) or ["budget"])
        if best <= TARGET or made >= restarts or evaluations + 2 * lam > budget:
            break
        made += 1
        lam *= 2
    result = {
        "problem": problem,
        "dim": dim,
        "algorithm": algorithm,
        "seed": seed,
        "evaluations": evaluations,
        "best": best,
        "reached": best <= TARGET,
        "implementation": f"pycma {cma.__version__}" + ("" if active else ", no active"),
        "stops": stops,
    }
    if restarts:
        result["restarts"] = made
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--problem", choices=sorted(PROBLEMS), required=True)
    parser.add_argument("--dim", type=int, required=True)
    parser.add_argument("--algorithm", choices=["cma-es", "sep-cma-es"], required=True)
    parser.add_argument("--seed", type=int, required=True)
    parser.add_argument("--popsize", type=int, required=True)
    parser.add_argument("--budget", type=int, default=None)
    parser.add_argument("--restarts", type=int, default=0)
    parser.add_argument("--no-active", action="store_true", help="the classic covariance update, without active CMA")
    a = parser.parse_args()
    budget = a.budget if a.budget is not None else 10_000 * a.dim
    print(json.dumps(run(a.problem, a.dim, a.algorithm, a.seed, a.popsize, budget, a.restarts, not a.no_active)))


if __name__ == "__main__":
    main()
