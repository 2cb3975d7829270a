"""PyTorch yardstick for the bc_train rows (scripts/bench/train.ts): the same work on one thread.

`learners` networks of shape 24-32-32-2 (tanh hidden and output), each with its own 1,024
(observation, action) pairs, trained together for 50 Adam steps (lr 0.001) of `batch` pairs drawn
per learner, mean squared error; the learners are batched with `bmm`. Prints one JSON line per
(learners, batch): the median sample-gradients a second over interleaved repeats, with min and max.
Run by `npm run bench` when Debian's python3-torch is installed (/usr/bin/python3).
"""
import json
import statistics
import sys
import time

import torch

torch.set_num_threads(1)
torch.manual_seed(3)
STEPS, SAMPLES, SIZES = 50, 1024, [24, 32, 32, 2]


def make(learners):
    params = []
    for i, o in zip(SIZES[:-1], SIZES[1:]):
        limit = (6 / (i + o)) ** 0.5
        params.append((torch.empty(learners, i, o).uniform_(-limit, limit).requires_grad_(), torch.zeros(learners, 1, o, requires_grad=True)))
    x = torch.empty(learners, SAMPLES, SIZES[0]).uniform_(-1, 1)
    y = torch.empty(learners, SAMPLES, SIZES[-1]).uniform_(-1, 1)
    return params, x, y


def train(learners, batch, params, x, y):
    flat = [p for layer in params for p in layer]
    opt = torch.optim.Adam(flat, lr=0.001, foreach=True)
    rows = torch.arange(learners).unsqueeze(1)
    for _ in range(STEPS):
        idx = torch.randint(SAMPLES, (learners, batch))
        h, t = x[rows, idx], y[rows, idx]
        for w, b in params:
            h = torch.tanh(torch.baddbmm(b, h, w))
        loss = ((h - t) ** 2).mean(dim=(1, 2)).sum()
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
    return learners * batch * STEPS


def main():
    repeats = int(sys.argv[1]) if len(sys.argv) > 1 else 7
    variants = [(l, b) for l in (16, 64) for b in (64, 256)]
    data = {l: make(l) for l in (16, 64)}
    for l, b in variants:  # warm-up
        train(l, b, *data[l])
    rates = {v: [] for v in variants}
    for _ in range(repeats):
        for l, b in variants:
            start = time.perf_counter()
            n = 0
            while time.perf_counter() - start < 0.3:
                n += train(l, b, *data[l])
            rates[(l, b)].append(n / (time.perf_counter() - start))
    for (l, b), r in rates.items():
        print(json.dumps({"name": "bc_train_torch", "kernel": "pytorch", "backend": f"torch {torch.__version__} 1 thread", "learners": l, "batch": b,
                          "sampleGradsPerSec": round(statistics.median(r)), "min": round(min(r)), "max": round(max(r)), "repeats": len(r)}))


main()
