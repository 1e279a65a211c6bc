#!/usr/bin/env python3
"""numpy counterpart of BenchmarkTOPSIS (scoring/topsis_test.go).

The same workload: n units x 60 children of uniform [0, 1) values,
vector-normalised outside the timed region, weights (1 + j % 3)/120, scale
weighting (V = w*z, Euclidean distances), closeness D-/(D+ + D-).
"complete" uses plain vectorised numpy; "missing=0.02" blanks 2% of the
cells and uses the NaN-aware reductions (nanmax, nanmin, nansum), which is
what the Go kernel does on every call.

Run: python3 scoring/testdata/bench_numpy_topsis.py
"""
import sys
import timeit

import numpy as np

M = 60


def topsis(z, w):
    v = z * w
    pis, nis = v.max(axis=0), v.min(axis=0)
    dp = np.sqrt(((v - pis) ** 2).sum(axis=1))
    dm = np.sqrt(((v - nis) ** 2).sum(axis=1))
    s = dp + dm
    return np.where(s > 0, dm / np.where(s > 0, s, 1), 0.5), dp, dm


def topsis_nan(z, w):
    v = z * w
    pis, nis = np.nanmax(v, axis=0), np.nanmin(v, axis=0)
    dp = np.sqrt(np.nansum((v - pis) ** 2, axis=1))
    dm = np.sqrt(np.nansum((v - nis) ** 2, axis=1))
    s = dp + dm
    return np.where(s > 0, dm / np.where(s > 0, s, 1), 0.5), dp, dm


def main():
    rng = np.random.default_rng(7)
    w = np.array([(1 + j % 3) / 120 for j in range(M)])
    print(f"numpy {np.__version__}, python {sys.version.split()[0]}")
    for n in (300, 10_000, 100_000):
        for missing in (0.0, 0.02):
            z = rng.random((n, M))
            if missing:
                z[rng.random((n, M)) < missing] = np.nan
            z = z / np.sqrt(np.nansum(z * z, axis=0))
            f = topsis_nan if missing else topsis
            t = timeit.Timer(lambda: f(z, w))
            loops, _ = t.autorange()
            best = min(t.repeat(repeat=5, number=loops)) / loops
            print(f"units={n}/children={M}/missing={missing:g}: {best * 1e3:.3f} ms/op")


if __name__ == "__main__":
    main()
