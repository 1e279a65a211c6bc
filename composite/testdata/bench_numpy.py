"""numpy counterparts of BenchmarkEntropyWeights and BenchmarkAHP, for comparison.

Run with a python that has numpy (e.g. /usr/bin/python3 with python3-numpy):

    /usr/bin/python3 scoring/testdata/bench_numpy.py

Entropy: 100 000 × 60 random matrix, min-max per column (cost columns, every
sixth, as (max − x)/(max − min)), p = z/Σz, e = −Σ p ln p / ln n with
0·ln 0 = 0, w = d/Σd; the same convention as scoring.EntropyWeights with
FlipCost and no shift (no missing values here: numpy has no cheap NaN skip).
AHP: principal eigenvector of a 15×15 (and 5×5, 9×9) reciprocal matrix with
numpy.linalg.eig, normalised to sum 1, plus λmax, CI and CR (Saaty RI).
Times are the best of several repeats, per call.
"""

import timeit

import numpy as np

SAATY_RI = [0, 0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49, 1.51, 1.48, 1.56, 1.57, 1.59]


def entropy_weights(x, cost):
    mn, mx = x.min(axis=0), x.max(axis=0)
    r = mx - mn
    z = (x - mn) / r
    z[:, cost] = (mx[cost] - x[:, cost]) / r[cost]
    p = z / z.sum(axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        plogp = np.where(p > 0, p * np.log(p), 0.0)
    e = -plogp.sum(axis=0) / np.log(x.shape[0])
    d = 1 - e
    return d / d.sum()


def random_reciprocal(n, rng):
    a = np.ones((n, n))
    for i in range(n):
        for j in range(i + 1, n):
            v = float(rng.integers(1, 10))
            if rng.integers(2) == 0:
                v = 1 / v
            a[i, j], a[j, i] = v, 1 / v
    return a


def ahp_eigenvector(a):
    vals, vecs = np.linalg.eig(a)
    k = np.argmax(vals.real)
    w = np.abs(vecs[:, k].real)
    w /= w.sum()
    n = a.shape[0]
    lam = vals[k].real
    ci = (lam - n) / (n - 1)
    return w, lam, ci, ci / SAATY_RI[n - 1]


def best(fn, number, repeat=7):
    return min(timeit.repeat(fn, number=number, repeat=repeat)) / number


def main():
    rng = np.random.default_rng(1)
    print(f"numpy {np.__version__}")
    for n in (300, 10_000, 100_000):
        x = rng.exponential(100, size=(n, 60))
        cost = np.array([j % 6 == 5 for j in range(60)])
        w = entropy_weights(x, cost)
        assert abs(w.sum() - 1) < 1e-12
        number = max(1, 30_000 // n)
        t = best(lambda: entropy_weights(x, cost), number, repeat=5)
        print(f"entropy minmax {n:>7} x 60: {t * 1e3:9.3f} ms")
    for n in (5, 9, 15):
        a = random_reciprocal(n, rng)
        t = best(lambda: ahp_eigenvector(a), 2000)
        print(f"ahp eigenvector n={n:<2}: {t * 1e6:9.1f} µs")


if __name__ == "__main__":
    main()
