"""PHE's rate rule (exact below 10 events, Byar's from 10) on long columns where the small counts
are scattered among the large ones (issue 16: the table is read without a branch per row).
Exact limits from closed forms: for x = 0 the upper limit is −ln(α/2); for x = 1 the lower limit
is −ln(1 − α/2) (chi-square with 2 degrees of freedom is exponential); the upper for x = 1 is
chi-square(0.975, 4)/2 = 5.571643390938899 (Garwood 1936, as tests/python/test_numerical_edges.py)."""
from __future__ import annotations

import math

import numpy as np

import zhibiao as zb


def _mixed(rows: int = 4099):  # not a multiple of any vector width or block
    rng = np.random.default_rng(16)
    x = rng.choice(np.array([0.0, 1.0, 25.0, 1.5, 40.0, 9.0, 10.0]), rows)
    return x, np.full(rows, 1000.0)


def test_whole_small_counts_get_the_exact_limits_wherever_they_fall():
    x, n = _mixed()
    col = zb.rate_intervals(x, n, [0.95, 0.99], "phe", with_value=False)
    per = 1e5 / 1000
    zero, one = x == 0, x == 1
    assert zero.sum() > 100 and one.sum() > 100
    np.testing.assert_array_equal(col.lower[0][zero], 0.0)
    np.testing.assert_allclose(col.upper[0][zero], -math.log(0.025) * per, rtol=1e-12)
    np.testing.assert_allclose(col.upper[1][zero], -math.log(0.005) * per, rtol=1e-12)
    np.testing.assert_allclose(col.lower[0][one], -math.log(0.975) * per, rtol=1e-12)
    np.testing.assert_allclose(col.lower[1][one], -math.log(0.995) * per, rtol=1e-12)
    np.testing.assert_allclose(col.upper[0][one], 5.571643390938899 * per, rtol=1e-12)


def test_large_and_fractional_counts_keep_their_own_methods():
    x, n = _mixed()
    phe = zb.rate_intervals(x, n, [0.95, 0.99], "phe")
    byar = zb.rate_intervals(x, n, [0.95, 0.99], "byar")
    exact = zb.rate_intervals(x, n, [0.95, 0.99], "exact")
    large, small = x >= 10, x < 10
    for k in range(2):
        np.testing.assert_array_equal(phe.lower[k][large], byar.lower[k][large])
        np.testing.assert_array_equal(phe.upper[k][large], byar.upper[k][large])
        # 1.5 (an estimate) is computed; 0, 1 and 9 come from the table: the same limits.
        np.testing.assert_allclose(phe.lower[k][small], exact.lower[k][small], rtol=1e-12)
        np.testing.assert_allclose(phe.upper[k][small], exact.upper[k][small], rtol=1e-12)
    assert set(np.asarray(phe.method)[small]) == {"exact"}
    assert set(np.asarray(phe.method)[large]) == {"byar"}
