"""The binding's cache of freed large outputs (python/src/output_array.hpp, issue 16): a freed
output on huge pages is kept and handed to the next output of about its size, so that the
operating system does not zero fresh pages on every call. What must hold: a reused block never
shows its old contents, the cache stays within its bounds, and it can be emptied."""
from __future__ import annotations

import gc

import numpy as np

import zhibiao as zb
from zhibiao import _core

MIB = 1 << 20


def _columns(rows, seed):
    rng = np.random.default_rng(seed)
    n = rng.integers(1, 10_000, rows).astype(float)
    return np.floor(n * rng.uniform(0, 0.5, rows)), n


def test_a_reused_output_holds_only_the_new_result():
    # Two different columns of 10^6 rows (8 MB outputs, on huge pages): the second call gets the
    # first call's freed blocks; its limits equal those of the same call with the cache emptied.
    _core._release_output_cache()
    x1, n1 = _columns(10**6, 1)
    x2, n2 = _columns(10**6, 2)
    first = zb.proportion_intervals(x1, n1)
    del first
    gc.collect()
    kept = _core._output_cache_bytes()
    assert kept >= 3 * 8 * MIB  # value, lower and upper, each 8 MB rounded to 2 MiB pages
    second = zb.proportion_intervals(x2, n2)
    assert _core._output_cache_bytes() < kept  # taken from the cache
    _core._release_output_cache()
    assert _core._output_cache_bytes() == 0
    fresh = zb.proportion_intervals(x2, n2)
    np.testing.assert_array_equal(second.lower, fresh.lower)
    np.testing.assert_array_equal(second.upper, fresh.upper)
    np.testing.assert_array_equal(second.value, fresh.value)
    # Wilson, 81 of 263 at 95 % (Newcombe 1998, Table II: 0.2553-0.3662), still right after reuse
    x2[0], n2[0] = 81, 263
    again = zb.proportion_intervals(x2, n2)
    assert round(again.lower[0, 0], 4) == 0.2553 and round(again.upper[0, 0], 4) == 0.3662


def test_the_cache_stays_within_its_bounds():
    # Four calls, eight outputs of 80 MB freed together: at most 8 blocks and 256 MiB are kept.
    _core._release_output_cache()
    x, n = _columns(10**7, 3)
    outs = [zb.rate_intervals(x, n, 0.95, "byar", with_value=False) for _ in range(4)]
    del outs
    gc.collect()
    assert 0 < _core._output_cache_bytes() <= 256 * MIB
    _core._release_output_cache()
    assert _core._output_cache_bytes() == 0
