#!/usr/bin/env python3
"""numpy counterpart of BenchmarkSmallRun and BenchmarkSmallKernels
(scoring/bench_test.go): issue 15's small run, 300 units x 80 indicators.

The same steps on the same shape: 8 goals of 10 indicators, the tenth of
each goal a cost indicator, every value present (exponential, mean 100).
Cost columns are negated, then min-max to [0, 1]; entropy weights over all
80 indicators from the min-max values (p = z / sum z, e = -sum p ln p / ln n,
0 ln 0 = 0, w = (1 - e) / sum (1 - e)); each goal is the weighted sum of its
indicators with the entropy weights renormalised within the goal; TOPSIS over
the 8 goals with equal weights (vector normalisation, scale weighting,
Euclidean distances, closeness D- / (D+ + D-)); the index and each goal
ranked (ties share the best rank, as the Go sport ranks do), as
BenchmarkSmallRun ranks them. A second line ranks the index alone: on this
machine that comes to about the issue's 0.233 ms, so the issue's figure
likely ranked the index only.

It prints the best of five repeats and their median, per call, so that the
figure can be set beside `go test -bench BenchmarkSmall ./scoring` in the
same session: this machine's speed drifts over a day.

Each step allocates a fresh 190 KB array. glibc's malloc serves blocks that
size with mmap and unmaps them when freed, so every call faults its arrays
in again; on this VM a page fault costs about 12 us and numpy then takes
about 3 ms. The script re-executes itself once with MALLOC_MMAP_THRESHOLD_
and MALLOC_TRIM_THRESHOLD_ raised, so that numpy is measured at its best
(--default-malloc measures it as it comes).

Run: /usr/bin/python3 scoring/testdata/bench_numpy_small.py
"""
import os
import statistics
import sys
import timeit

import numpy as np

N, GOALS, PER = 300, 8, 10


def rank_min(x):
    """Descending sport ranks ("1224"): ties take the best rank."""
    order = np.argsort(-x, kind="stable")
    s = -x[order]
    first = np.r_[True, s[1:] != s[:-1]]
    r = np.empty(len(x), dtype=np.int64)
    r[order] = np.flatnonzero(first)[np.cumsum(first) - 1] + 1
    return r


def run(x, cost, goal_ranks=True):
    v = np.where(cost, -x, x)
    lo, hi = v.min(axis=0), v.max(axis=0)
    z = (v - lo) / (hi - lo)
    p = z / z.sum(axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        plnp = np.where(p > 0, p * np.log(p), 0.0)
    e = -plnp.sum(axis=0) / np.log(len(x))
    d = 1 - e
    w = d / d.sum()
    wg = w.reshape(GOALS, PER)
    wg = wg / wg.sum(axis=1, keepdims=True)
    goals = np.einsum("ugk,gk->ug", z.reshape(len(x), GOALS, PER), wg)
    gz = goals / np.sqrt((goals * goals).sum(axis=0))
    gv = gz / GOALS
    dp = np.sqrt(((gv - gv.max(axis=0)) ** 2).sum(axis=1))
    dm = np.sqrt(((gv - gv.min(axis=0)) ** 2).sum(axis=1))
    closeness = dm / (dp + dm)
    ranks = [rank_min(closeness)]
    if goal_ranks:
        ranks += [rank_min(goals[:, g]) for g in range(GOALS)]
    return closeness, goals, ranks


def tuned_malloc():
    """Re-execute with glibc's mmap threshold raised, unless asked not to."""
    if "--default-malloc" in sys.argv or os.environ.get("MALLOC_MMAP_THRESHOLD_"):
        return
    env = dict(os.environ, MALLOC_MMAP_THRESHOLD_="100000000", MALLOC_TRIM_THRESHOLD_="1000000000")
    os.execve(sys.executable, [sys.executable] + sys.argv, env)


def main():
    tuned_malloc()
    rng = np.random.default_rng(5)
    x = rng.exponential(100, size=(N, GOALS * PER))
    cost = np.array([k % PER == PER - 1 for k in range(GOALS * PER)])
    malloc = "mmap threshold " + os.environ["MALLOC_MMAP_THRESHOLD_"] if os.environ.get("MALLOC_MMAP_THRESHOLD_") else "default"
    print(f"numpy {np.__version__}, python {sys.version.split()[0]}, glibc malloc: {malloc}")
    for goal_ranks, ranked in ((True, "index and goals"), (False, "index")):
        t = timeit.Timer(lambda: run(x, cost, goal_ranks))
        loops, _ = t.autorange()
        times = [r / loops for r in t.repeat(repeat=5, number=loops)]
        print(f"units={N}/indicators={GOALS * PER}/ranked={ranked}: best {min(times) * 1e3:.3f} ms/op, "
              f"median {statistics.median(times) * 1e3:.3f} ms/op")


if __name__ == "__main__":
    main()
