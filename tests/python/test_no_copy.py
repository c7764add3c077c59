"""NumPy inputs are read in place (issue 19 acceptance: "a no-copy test for NumPy inputs"): a
C-contiguous float64 column goes to the C++ kernel as it is, while another dtype is converted
first. Measured with tracemalloc, which sees NumPy's allocations: for n rows, the float64 call
allocates only its outputs (about 1.1 × 8n bytes here: the values and a status byte per row),
and a float32 or int64 call also allocates the two converted float64 copies (2 × 8n more)."""
from __future__ import annotations

import tracemalloc

import numpy as np
import pytest

import zhibiao as zb

N = 10**6


def _peak(call) -> int:
    tracemalloc.start()
    tracemalloc.reset_peak()
    try:
        call()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize("other", [np.float32, np.int64])
def test_float64_columns_are_not_copied(other):
    x = np.arange(N, dtype=np.float64) % 50
    n = np.full(N, 100.0)
    in_place = _peak(lambda: zb.proportions(x, n))
    xo, no = x.astype(other), n.astype(other)
    converted = _peak(lambda: zb.proportions(xo, no))
    # The converted call holds both float64 copies at once; the float64 one holds neither.
    assert converted - in_place > 1.5 * 8 * N
    assert in_place < 2 * 8 * N  # outputs only (values, status): no copy of either input
    # And the values agree: the copy changes nothing but memory.
    np.testing.assert_array_equal(zb.proportions(x, n).values, zb.proportions(xo, no).values)
