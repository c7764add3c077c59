"""Thread safety (issue 9, part 5): the compiled core called from 8 Python threads at once.

Every task is first run on one thread; then 8 threads run all tasks many times, interleaved, and
every result must equal the single-threaded one exactly (same bits, same status). The long
calls release the GIL (README, "Threads"), so the threads really run the C++ code at the same
time. No timing is measured: a wall-clock overlap test would be flaky on a shared 2-core machine;
a data race shows up here as a wrong result, and under the sanitized run (.ci/dev sanitize) as a
report.
"""
import json
import os
import threading

import numpy as np
import pandas as pd
import pytest

import zhibiao as zb
from test_cube import seed_cube
from test_evaluation import CATALOG

THREADS = 8
ROUNDS = 20
RNG = np.random.default_rng(20240609)
N = RNG.integers(1, 10 ** 6, size=20000).astype(np.float64)
X = np.floor(N * RNG.random(20000))
PERIOD_TEXTS = ["2019", "2019Q1", "201911", "2019W05", "2019年1-11月", "2024年上半年",
                "截至2019年11月底", "2019统计年度", "2024年第一季度", "2018AprilS1"]
CUBE = seed_cube()
CAT = zb.Catalog.from_json(json.dumps(CATALOG))
EXPR = zb.Expression("if(#{b} > 0, (#{a} + 1) / #{b} * 1000, 0)")


def proportions():
    col = zb.proportions(X, N, decimals=2)
    return col.values, col.rounded, col.status


def intervals():
    col = zb.proportion_intervals(X, N, confidence=[0.95, 0.998], method="wilson")
    rates = zb.rate_intervals(X[:2000], N[:2000], method="phe")
    return col.value, col.lower, col.upper, rates.lower, rates.upper


def periods():
    return [(p.code, p.chinese()) for p in (zb.as_period(t) for t in PERIOD_TEXTS * 20)]


def expressions():
    values, status = EXPR.evaluate({"a": X, "b": N - X})
    return values, status


def cube():
    return zb.evaluate(CUBE, CAT, ["D"], "2019", confidence=[0.95, 0.998])


TASKS = [proportions, intervals, periods, expressions, cube]


def same(a, b):
    if isinstance(a, pd.DataFrame):
        pd.testing.assert_frame_equal(a, b)
    elif isinstance(a, np.ndarray):
        np.testing.assert_array_equal(a, b)   # NaN equals NaN here, bits otherwise
    elif isinstance(a, (tuple, list)) and a and isinstance(a[0], np.ndarray):
        assert len(a) == len(b)
        for u, v in zip(a, b):
            same(u, v)
    else:
        assert a == b


def test_eight_threads_get_the_single_threaded_results():
    expected = {task.__name__: task() for task in TASKS}
    errors = []
    start = threading.Barrier(THREADS)

    def worker(k):
        try:
            start.wait()   # all threads enter the C++ code together
            for r in range(ROUNDS):
                task = TASKS[(k + r) % len(TASKS)]
                same(task(), expected[task.__name__])
        except BaseException as exc:   # noqa: BLE001 - reported to the main thread below
            errors.append((k, repr(exc)))

    threads = [threading.Thread(target=worker, args=(k,)) for k in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=600)
    assert not any(t.is_alive() for t in threads), "a thread hung"
    assert errors == []


def test_bad_rows_from_threads_are_reported_to_their_own_caller():
    # An exception raised in C++ while other threads run must reach the thread that caused it.
    errors = []

    def worker(k):
        try:
            zb.proportions([1, 5, 3 + k], [2, 3, 2])
            errors.append((k, "no exception"))
        except zb.InvalidRows as exc:
            if "row 1" not in str(exc) or "row 2" not in str(exc):
                errors.append((k, str(exc)))
        except BaseException as exc:   # noqa: BLE001
            errors.append((k, repr(exc)))

    threads = [threading.Thread(target=worker, args=(k,)) for k in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert errors == []


# ---- thread count (zhibiao/threads.hpp: set_threads, threads, thread_limit) --------------------

BIG_N = np.arange(300000, dtype=np.float64) % 991 + 10  # over 2 x 2^16 rows: split when allowed
BIG_X = np.arange(300000, dtype=np.float64) % 10


def test_set_threads_and_threads():
    try:
        zb.set_threads(3)
        assert zb.threads() == 3
        zb.set_threads(1)
        assert zb.threads() == 1
        zb.set_threads(0)
        assert zb.threads() == max(1, os.cpu_count() or 1)  # std::thread::hardware_concurrency
    finally:
        zb.set_threads(0)


def test_thread_limit_is_per_thread_and_nests():
    seen = {}
    inside = threading.Event()
    looked = threading.Event()

    def limited():
        with zb.thread_limit(1):
            seen["limited"] = zb.threads()
            with zb.thread_limit(2):
                seen["nested"] = zb.threads()
            seen["after nested"] = zb.threads()
            inside.set()
            looked.wait(10)
        seen["after"] = zb.threads()

    def other():
        inside.wait(10)
        seen["other"] = zb.threads()
        looked.set()

    try:
        zb.set_threads(3)
        threads = [threading.Thread(target=limited), threading.Thread(target=other)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        zb.set_threads(0)
    assert seen == {"limited": 1, "nested": 2, "after nested": 1, "other": 3, "after": 3}


def test_results_do_not_depend_on_the_thread_count():
    try:
        zb.set_threads(1)
        one = zb.proportion_intervals(BIG_X, BIG_N, confidence=[0.95, 0.998], method="wilson")
        zb.set_threads(3)
        three = zb.proportion_intervals(BIG_X, BIG_N, confidence=[0.95, 0.998], method="wilson")
        with zb.thread_limit(2):
            two = zb.proportion_intervals(BIG_X, BIG_N, confidence=[0.95, 0.998], method="wilson")
    finally:
        zb.set_threads(0)
    for other in (two, three):
        assert np.array_equal(one.lower, other.lower) and np.array_equal(one.upper, other.upper)


def test_thread_counts_are_checked():
    for bad in (-1, 1.5, True, None, "2", 1025, 2 ** 64):
        with pytest.raises(zb.InvalidInput):
            zb.set_threads(bad)
        with pytest.raises(zb.InvalidInput):
            zb.thread_limit(bad)
    limit = zb.thread_limit(1)
    with limit:
        with pytest.raises(zb.InvalidInput):  # one object, entered twice
            limit.__enter__()
