"""Differences, rate ratios, means and sex ratios from Python. References as in
tests/cpp/difference_test.cpp (Newcombe 1998 Table II; hand-worked t interval; seed 000)."""
import math

import numpy as np
import pandas as pd
import pytest

import zhibiao as zb


def test_proportion_difference_reproduces_newcombe_and_keeps_columns():
    # Newcombe (1998) Table II method 10: (a) 56/70 − 48/80: 0.0524, 0.3339.
    df = pd.DataFrame({"area": ["a", "b"], "x1": [56, 9], "n1": [70, 10], "x2": [48, 3],
                       "n2": [80, 10]})
    out = zb.proportion_difference(df, "x1", "n1", "x2", "n2")
    assert list(out.columns) == ["area", "x1", "n1", "x2", "n2", "value", "lower_95", "upper_95"]
    assert out["lower_95"].iloc[0] == pytest.approx(0.0524314724023649, rel=1e-9)
    assert out["upper_95"].iloc[1] == pytest.approx(0.8090, abs=5e-5)  # Table II (b)


def test_bad_rows_are_named_or_marked():
    df = pd.DataFrame({"x1": [5, 56], "n1": [4, 70], "x2": [1, 48], "n2": [2, 80]},
                      index=["bad", "good"])
    with pytest.raises(zb.InvalidRows) as err:
        zb.proportion_difference(df, "x1", "n1", "x2", "n2")
    assert err.value.rows[0][0] == 0 and "index 'bad'" in err.value.rows[0][1]
    out = zb.proportion_difference(df, "x1", "n1", "x2", "n2", on_bad_rows="mark")
    assert out["status"].tolist() == ["bad row", "ok"] and math.isnan(out["value"].iloc[0])


def test_rate_ratio_exact_conditional():
    # 30/10,000 vs 15/12,000 = 2.4 [1.2514628844234106, 4.79982936453203] (difference_test.cpp).
    df = pd.DataFrame({"a": [30], "pa": [10000], "b": [15], "pb": [12000]})
    out = zb.rate_ratio(df, "a", "pa", "b", "pb")
    assert out["value"].iloc[0] == pytest.approx(2.4, rel=1e-12)
    assert out["lower_95"].iloc[0] == pytest.approx(1.2514628844234106, rel=1e-9)
    assert out["upper_95"].iloc[0] == pytest.approx(4.79982936453203, rel=1e-9)


def test_grouped_mean_with_t_interval():
    # 1..10: mean 5.5, sd √(82.5/9), t(0.975; 9) = 2.2621571627 → (3.334149410, 7.665850590).
    df = pd.DataFrame({"g": ["A"] * 10 + ["B"] * 2, "v": list(range(1, 11)) + [2.0, 4.0]})
    out = zb.mean(df, "v", group_by="g")
    a = out.set_index("g").loc["A"]
    assert a["mean"] == 5.5 and a["count"] == 10
    assert a["sd"] == pytest.approx(math.sqrt(82.5 / 9), rel=1e-12)
    assert a["lower_95"] == pytest.approx(3.334149410, abs=1e-8)
    assert a["upper_95"] == pytest.approx(7.665850590, abs=1e-8)
    with pytest.raises(zb.InvalidRows):
        zb.mean(df.assign(v=df["v"].where(df.index != 3)), "v", group_by="g")


def test_sex_ratio_interval_seed_000():
    # 427 boys, 374 girls: 114.17 [99.3850363332203, 131.15702128593955] (difference_test.cpp).
    out = zb.sex_ratio_interval(pd.DataFrame({"m": [427], "f": [374]}), "m", "f")
    assert out["value"].iloc[0] == pytest.approx(114.1711229946524, rel=1e-12)
    assert out["lower_95"].iloc[0] == pytest.approx(99.3850363332203, rel=1e-9)
    assert out["upper_95"].iloc[0] == pytest.approx(131.15702128593955, rel=1e-9)


# --- issue 14, classes 7 and 8: arguments read by the checked readers --------------------------

TWO = pd.DataFrame({"x1": [56.0], "n1": [70.0], "x2": [48.0], "n2": [80.0]})


def test_difference_functions_name_each_hostile_argument():
    births = pd.DataFrame({"m": [427], "f": [374]})
    cases = [("data", lambda: zb.proportion_difference(1e308, "x1", "n1", "x2", "n2")),
             ("data", lambda: zb.rate_ratio(TWO.groupby("x1"), "x1", "n1", "x2", "n2")),
             ("x2", lambda: zb.proportion_difference(TWO, "x1", "n1", np.array([]), "n2")),
             ("n1", lambda: zb.rate_ratio(TWO, "x1", "deaths", "x2", "n2")),
             ("males", lambda: zb.sex_ratio_interval(births, None, "f")),
             # On main: ValueError: The truth value of an array ... is ambiguous.
             ("on_bad_rows", lambda: zb.proportion_difference(
                 TWO, "x1", "n1", "x2", "n2", on_bad_rows=np.array([1, "x"], dtype=object))),
             ("on_bad_rows", lambda: zb.sex_ratio_interval(births, "m", "f", on_bad_rows=None)),
             ("confidence", lambda: zb.rate_ratio(TWO, "x1", "n1", "x2", "n2", confidence="abc"))]
    for argument, call in cases:
        with pytest.raises(zb.InvalidInput) as info:
            call()
        assert str(info.value).startswith(f"{argument}: "), (argument, str(info.value))
    # The valid call still gives Newcombe's Table II (a): 56/70 - 48/80 = 0.2.
    assert zb.proportion_difference(TWO, "x1", "n1", "x2", "n2")["value"][0] == pytest.approx(0.2)


def test_mean_reads_value_group_by_and_cells_through_the_readers():
    df = pd.DataFrame({"v": [1.0, 2.0, 4.0, 7.0], "g": ["a", "a", "b", "b"]})
    # On main: AttributeError of a float passed as data; TypeError: unhashable type for an
    # array as value; group_by=nan reached pandas' groupby as a KeyError.
    for argument, call in (("data", lambda: zb.mean(float("nan"), "v")),
                           ("value", lambda: zb.mean(df, np.array([1, "x"], dtype=object))),
                           ("value", lambda: zb.mean(df, "w")),
                           ("group_by", lambda: zb.mean(df, "v", group_by=float("nan"))),
                           ("group_by", lambda: zb.mean(df, "v", group_by=["g", "h"])),
                           ("confidence", lambda: zb.mean(df, "v", confidence=None))):
        with pytest.raises(zb.InvalidInput) as info:
            call()
        assert str(info.value).startswith(f"{argument}: "), (argument, str(info.value))
    with pytest.raises(zb.InvalidRows) as info:
        zb.mean(df.assign(v=[1.0, "2", 4.0, 7.0]), "v", "g")
    assert info.value.rows == [(1, "v (index 1)", "is not a number ('2')")]
    # Group a: mean of 1 and 2 = 1.5, sd = √0.5; group b: 5.5, sd = √4.5.
    out = zb.mean(df, "v", "g")
    assert out["mean"].tolist() == [1.5, 5.5]
    assert out["sd"].tolist() == [pytest.approx(0.5 ** 0.5), pytest.approx(4.5 ** 0.5)]
