"""assess_quota_frame and compare_frame on big tables (python/zhibiao/_tables.py over the C++
column kernels assess_quota_column / compare_column): every column equals what the per-row
functions zb.assess_quota / zb.compare_proportions / zb.compare_rates give for the same row, and a
bad row is still named by the caller's index."""
from __future__ import annotations

import datetime
import math

import numpy as np
import pandas as pd
import pytest

import zhibiao as zb

N = 100_000
JUNE30 = datetime.date(2025, 6, 30)
YEAR = zb.Period.year(2025)


def _sample(n):
    # Every 997th row plus the edges: a spread of rows across the table.
    return sorted(set(range(0, n, 997)) | {n - 1})


def test_quota_frame_100k_rows_equal_the_per_row_assessment():
    rng = np.random.default_rng(19)
    quota = rng.integers(1, 2000, N).astype(float)
    done = np.floor(quota * rng.uniform(0, 1.3, N))
    done[::50] = np.nan  # a missing count every 50 rows
    quota[7::100] = 0  # a zero quota every 100 rows
    frame = pd.DataFrame({"done": done, "quota": quota}, index=np.arange(N) * 10 + 3)
    out = zb.assess_quota_frame(frame, as_of=JUNE30, year=2025, tolerance=2.5)
    assert list(out.index[:2]) == [3, 13] and len(out) == N
    for i in _sample(N):
        row = out.iloc[i]
        if math.isnan(done[i]):
            assert row["status"] == "undefined: a count is missing" and row["summary"] == ""
            assert math.isnan(row["completion"])
            continue
        if quota[i] == 0:
            assert row["status"] == "undefined: the quota is zero"
            continue
        a = zb.assess_quota(done[i], zb.Quota(quota[i], YEAR), JUNE30, "months", 2.5)
        assert row["completion"] == a.completion
        assert row["time_progress"] == a.time_progress == 50.0  # 6 of 12 months at 30 June
        assert row["gap"] == a.lead
        assert row["status"] == ("reached" if a.reached else a.pace)
        assert row["summary"] == a.summary()
    assert set(out["status"]) == {"reached", "ahead", "on_schedule", "behind",
                                  "undefined: a count is missing", "undefined: the quota is zero"}


@pytest.mark.parametrize("column, bad", [("done", -1.0), ("quota", -5.0), ("done", math.inf),
                                         ("quota", math.inf)])
def test_quota_frame_negative_or_infinite_count_names_its_row(column, bad):
    # Seed 000's 1506 of 1600 on every row but one, labelled "乙" in the caller's index.
    frame = pd.DataFrame({"done": [1506.0] * 3, "quota": [1600.0] * 3}, index=["甲", "乙", "丙"])
    frame.loc["乙", column] = bad
    with pytest.raises(zb.InvalidInput, match=f"{column} \\(index '乙'\\)"):
        zb.assess_quota_frame(frame, as_of=JUNE30, year=2025)


def test_quota_frame_a_bad_tolerance_is_refused_without_any_assessed_row():
    frame = pd.DataFrame({"done": [np.nan], "quota": [100.0]})
    with pytest.raises(zb.InvalidInput, match="tolerance"):
        zb.assess_quota_frame(frame, as_of=JUNE30, year=2025, tolerance=float("nan"))


@pytest.mark.parametrize("kind", ["proportion", "rate"])
def test_compare_frame_100k_rows_equal_the_per_row_comparison(kind):
    rng = np.random.default_rng(20)
    n1 = rng.integers(50, 5000, N).astype(float)
    n0 = rng.integers(50, 5000, N).astype(float)
    x1 = np.floor(n1 * rng.uniform(0, 1, N))
    x0 = np.floor(n0 * rng.uniform(0, 1, N))
    if kind == "proportion":  # a previous 0 %: tested, but no change in per cent
        x0[3::200] = 0
    else:  # a ratio of rates from 0 events does not exist (compare_rates refuses it)
        x0[x0 == 0] = 1
    n1[5::300] = 0  # a zero denominator
    x1[11::400] = np.nan
    frame = pd.DataFrame({"x1": x1, "n1": n1, "x0": x0, "n0": n0})
    out = zb.compare_frame(frame, current="x1", current_denominator="n1", previous="x0",
                           previous_denominator="n0", kind=kind, direction="higher_is_better")
    lo, hi = ("lower", "upper") if kind == "proportion" else ("ratio_lower", "ratio_upper")
    compare = zb.compare_proportions if kind == "proportion" else zb.compare_rates
    unit = "percent" if kind == "proportion" else "per_100k"
    for i in list(_sample(N)) + [3, 5, 11]:
        row = out.iloc[i]
        if math.isnan(x1[i]):
            assert row["status"] == "undefined: a count is missing"
            assert row["significant"] is None and row["verdict"] == "" and row["summary"] == ""
            continue
        if n1[i] == 0:
            assert row["status"] == "undefined: a denominator is zero"
            assert math.isnan(row["change"]) and math.isnan(row[lo])
            continue
        c = compare(x1[i], n1[i], x0[i], n0[i], unit, "higher_is_better", 0.95)
        assert row["current_value"] == c.current and row["previous_value"] == c.previous
        assert row["change"] == c.change
        assert row[lo] == c.lower and row[hi] == c.upper
        assert row["significant"] is bool(c.significant)
        assert row["verdict"] == c.verdict
        assert row["summary"] == c.summary()
        if c.relative_change is None:
            assert kind == "proportion"
            assert row["status"] == "no_relative_change: the previous value is zero"
            assert math.isnan(row["relative_change"])
        else:
            assert row["status"] == "ok" and row["relative_change"] == c.relative_change


def test_compare_frame_counts_100k_rows():
    # Counts: change x1 − x0 and (x1 − x0) / x0 × 100, e.g. 25 → 36 is +11 and 44 %.
    rng = np.random.default_rng(21)
    x1 = rng.integers(0, 1000, N).astype(float)
    x0 = rng.integers(0, 1000, N).astype(float)
    x1[0], x0[0] = 36, 25
    frame = pd.DataFrame({"now": x1, "before": x0})
    out = zb.compare_frame(frame, current="now", previous="before", kind="count")
    assert out.loc[0, "change"] == 11 and out.loc[0, "relative_change"] == pytest.approx(44.0)
    assert "lower" not in out and "significant" not in out
    zero = x0 == 0
    assert (out.loc[zero, "status"] == "undefined: the previous count is zero").all()
    assert (out.loc[~zero, "status"] == "ok").all()
    np.testing.assert_array_equal(out["change"].to_numpy(), x1 - x0)
    np.testing.assert_allclose(out.loc[~zero, "relative_change"].to_numpy(),
                               (x1[~zero] - x0[~zero]) / x0[~zero] * 100, rtol=1e-15)


def test_compare_frame_rates_from_zero_events_name_the_row():
    # compare_rates refuses a ratio from 0 previous events; the table says which row.
    frame = pd.DataFrame({"x1": [12.0, 3.0], "n1": [1e5, 1e5], "x0": [10.0, 0.0], "n0": [1e5, 1e5]})
    with pytest.raises(zb.InvalidInput, match="row 1"):
        zb.compare_frame(frame, current="x1", current_denominator="n1", previous="x0",
                         previous_denominator="n0", kind="rate")
