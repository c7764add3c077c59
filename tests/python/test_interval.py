"""Confidence intervals from Python: scalars, NumPy columns, DataFrames and pandas groupby.

Reference values and their derivations are in tests/cpp/interval_test.cpp and
tests/reference/derive_intervals.py (standard library only); each is repeated where used.
"""
import math

import numpy as np
import pandas as pd
import pytest

import zhibiao as zb

# PHEindicatormethods testWilson.R inputs; limits derived by hand from PHE's Wilson formula
# (2x + z² ± z√(z² + 4x(1 − x/n))) / 2 / (n + z²) in tests/reference/derive_intervals.py.
WILSON_95 = [(65, 100, 0.5525444329688797, 0.7363575175690247),
             (1045, 5000, 0.19795549880013297, 0.22049130373189027),
             (0.445, 1, 0.04381744772058822, 0.9334621276979156)]
WILSON_998 = [(65, 100, 0.49549465740704474, 0.7783540614089685),
              (1045, 5000, 0.19179381799015258, 0.22731562902525795),
              (0.445, 1, 0.019347006132901353, 0.9702259947019535)]


def test_scalar_wilson_matches_phe_inputs():
    for x, n, lo, hi in WILSON_95:
        value, lower, upper = zb.proportion_interval(x, n)
        assert value == pytest.approx(x / n, rel=1e-12)
        assert lower == pytest.approx(lo, rel=1e-9) and upper == pytest.approx(hi, rel=1e-9)
    assert zb.proportion_interval(65, 100, 1) == (0.65, 0.0, 1.0)
    assert zb.z_value(0.95) == pytest.approx(1.9599639845400536, rel=1e-12)


def test_proportion_frame_has_a_column_pair_per_level_and_keeps_other_columns():
    df = pd.DataFrame({"area": ["A", "B", "C"], "x": [65, 1045, 0.445], "n": [100, 5000, 1],
                       "year": [2024, 2024, 2024]})
    out = zb.proportion(df, "x", "n", confidence=[0.95, 0.998], method="wilson", multiplier=100)
    assert list(out.columns) == ["area", "x", "n", "year", "value", "lower_95", "upper_95",
                                 "lower_99.8", "upper_99.8", "method"]
    np.testing.assert_allclose(out["lower_95"], [r[2] * 100 for r in WILSON_95], rtol=1e-9)
    np.testing.assert_allclose(out["upper_99.8"], [r[3] * 100 for r in WILSON_998], rtol=1e-9)
    assert out["value"].tolist() == pytest.approx([65, 20.9, 44.5], rel=1e-12)
    assert set(out["method"]) == {"wilson"}
    assert df.shape == (3, 4)  # input untouched


def test_grouped_proportion_sums_x_and_n_first():
    # PHE treats a grouped data frame by summing x and n per group: area A has 30 + 35 = 65 of
    # 40 + 60 = 100, which is the 65/100 of testWilson.R.
    df = pd.DataFrame({"area": ["A", "B", "A", "B"], "x": [30, 1000, 35, 45],
                       "n": [40, 4000, 60, 1000]})
    out = zb.proportion(df.groupby("area"), "x", "n", confidence=0.95)
    assert out["area"].tolist() == ["A", "B"]
    assert out["x"].tolist() == [65, 1045] and out["n"].tolist() == [100, 5000]
    assert out["lower_95"].tolist() == pytest.approx([WILSON_95[0][2], WILSON_95[1][2]], rel=1e-9)
    # Two keys.
    df["sex"] = ["m", "m", "m", "f"]
    out2 = zb.proportion(df.groupby(["area", "sex"]), "x", "n")
    assert list(out2.columns[:2]) == ["area", "sex"] and len(out2) == 3


def test_missing_value_in_a_group_is_reported_not_summed_as_zero():
    df = pd.DataFrame({"area": ["A", "A", "B"], "x": [3, np.nan, 4], "n": [10, 10, 10]})
    with pytest.raises(zb.InvalidRows) as info:
        zb.proportion(df.groupby("area"), "x", "n")
    assert len(info.value.rows) == 1 and info.value.rows[0][0] == 0
    assert "not a finite number" in info.value.rows[0][2]


def test_other_methods_newcombe_1998_table_ii():
    # Newcombe 1998, Stat Med 17:857-872, Table II, 95 %: 81/263 Wilson (0.2553, 0.3662),
    # Clopper-Pearson (0.2527, 0.3676), Wald (0.2522, 0.3638).
    col = zb.proportion_intervals([81], [263], method="clopper_pearson")
    assert col.lower[0, 0] == pytest.approx(0.25273674558533077, rel=1e-9)  # binomial-tail bisection
    assert col.upper[0, 0] == pytest.approx(0.3676, abs=5e-5)
    assert zb.proportion_intervals([81], [263], method="wald").lower[0, 0] == pytest.approx(0.2522, abs=5e-5)
    assert zb.proportion_intervals([81], [263]).upper[0, 0] == pytest.approx(0.3662, abs=5e-5)
    jeffreys = zb.proportion_intervals([0], [20], method="jeffreys")
    assert jeffreys.lower[0, 0] == 0.0
    with pytest.raises(zb.InvalidInput, match="method: expected one of .wilson."):
        zb.proportion_intervals([1], [2], method="score")


def test_bad_rows_are_all_listed_or_marked():
    with pytest.raises(zb.InvalidRows) as info:
        zb.proportion_intervals([10, -1, 5, np.nan, 7], [20, 10, 4, 10, 0])
    assert [r[0] for r in info.value.rows] == [1, 2, 3, 4]
    assert info.value.rows[3][1] == "n"
    df = pd.DataFrame({"x": [10, 12], "n": [20, 10]}, index=["东桥镇", "张店镇"])
    with pytest.raises(zb.InvalidRows, match="index '张店镇'"):
        zb.proportion(df, "x", "n")
    out = zb.proportion(df, "x", "n", on_bad_rows="mark")
    assert math.isnan(out.loc["张店镇", "value"]) and out.loc["张店镇", "status"] == "x exceeds n"
    assert out.loc["东桥镇", "status"] == "ok"
    with pytest.raises(zb.InvalidInput, match="confidence"):
        # 150, not 1.5: 1.5 is 1.5 per cent since per-cent levels are read (issue 14, class 10).
        zb.proportion_intervals([1], [2], confidence=150)
    with pytest.raises(zb.InvalidInput, match="levels repeat"):
        zb.proportion_intervals([1], [2], confidence=[0.95, 0.95])


def test_rates_follow_phe_rule_and_report_the_method():
    # Exact limits of 9 events: 4.115373097378328, 17.08480345141917 (bisection on Poisson sums);
    # Byar's limits of 65 events: 50.163187710459454, 82.84913854593984 (PHE's formula by hand).
    df = pd.DataFrame({"x": [9, 65], "n": [25000, 100000]})
    out = zb.rate(df, "x", "n", confidence=[0.95, 0.998])
    assert out["method"].tolist() == ["exact", "byar"]
    assert out["value"].tolist() == pytest.approx([36, 65], rel=1e-12)
    assert out["lower_95"][0] == pytest.approx(4.115373097378328 / 25000 * 1e5, rel=1e-9)
    assert out["upper_95"][1] == pytest.approx(82.84913854593984, rel=1e-9)
    assert zb.rate_interval(9, 25000)[3] == "exact"
    assert zb.count_interval(0, 0.95, "exact")[1] == pytest.approx(-math.log(0.025), rel=1e-12)
    mid = zb.rate_intervals([0], [1], method="mid_p", multiplier=1)
    assert mid.upper[0, 0] == pytest.approx(math.log(20), rel=1e-12)  # ½e^−U = α/2
    with pytest.raises(zb.InvalidInput, match="confidence"):
        zb.rate_intervals([1], [2], confidence=1.0)


def test_float64_columns_are_read_in_place():
    x = np.arange(5, dtype=np.float64)
    assert zb._core._kernel_input_address(x) == x.ctypes.data
    col = zb.proportion_intervals(x, np.full(5, 10.0), confidence=[0.9, 0.95, 0.99])
    assert col.lower.shape == (3, 5) and col.lower.flags.c_contiguous
    lo90, hi90 = col.limits(0.9)
    assert (lo90 >= col.lower[2]).all() and (hi90 <= col.upper[2]).all()


# Byar's limits against worked examples computed by others (issue 14, class 11), not by this
# formula typed again. PHEindicatormethods tests/testthat/testdata_Rate.xlsx, sheet
# testdata_Rate: PHE's expected rates per 100,000, each an Excel formula (CHIINV below 10 events,
# Byar's with NORMSINV from 10), columns lower95_0cl, upper95_0cl, lower99_8cl, upper99_8cl of
# rows Area3, Area5-Area8, Area12 (sheet rows 12, 14-17, 21). And APHO's Excel tool "Commonly used
# public health statistics and their confidence intervals" (with APHO Technical Briefing 3,
# Eayres 2008; updated 2014), sheet Rates: O = 65, n = 100, Formula 4a(ii)/4b(ii) (cells H50,
# H53) 50.163187710459454, 82.849138545939837; kept as tests/testthat/"APHO Tool for common PH
# Stats and CIs_adapted.xlsx" in PHEindicatormethods' history (commit 51714e0).
PHE_RATE_WORKBOOK = [  # x, n, lower95, upper95, lower99.8, upper99.8 (per 100,000)
    (20, 100, 12211.428834875936, 30889.880369197064, 8922.8023651441927, 38085.035625041914),
    (9856, 12345, 78269.490589767578, 81430.016542721409, 77375.905432710526, 82354.472770954308),
    (7776456, 7564336677, 102.73196005302074, 102.87648334092832, 102.690317308454,
     102.91817639509068),
    (222, 3215, 6026.5748776526743, 7875.7293708718507, 5560.7376952598534, 8461.0466817334109),
    (999, 3456, 27141.304936090521, 30755.833237378414, 26162.147596445768, 31845.604819822653),
    (250, 220, 99984.947385328764, 128631.14487455782, 92710.005544389525, 137651.23772147458),
]


@pytest.mark.parametrize("method", ["byar", "phe"])
def test_byar_matches_phe_rate_workbook_and_apho_tool(method):
    x, n, *expected = zip(*PHE_RATE_WORKBOOK)
    out = zb.rate_intervals(list(x), list(n), confidence=[0.95, 0.998], method=method)
    assert out.lower[0] == pytest.approx(expected[0], rel=1e-9)   # levels × rows
    assert out.upper[0] == pytest.approx(expected[1], rel=1e-9)
    assert out.lower[1] == pytest.approx(expected[2], rel=1e-9)
    assert out.upper[1] == pytest.approx(expected[3], rel=1e-9)
    lower, upper, used = zb.count_interval(65, 0.95, method)
    assert (lower, upper) == pytest.approx((50.163187710459454, 82.849138545939837), rel=1e-9)
    assert used == "byar"


# --- issue 14, classes 7 and 8: arguments read by the checked readers --------------------------

def test_interval_column_limits_reads_confidence_like_every_option():
    # Wilson 65 of 100 (Newcombe 1998 method 3): 95 % limits 0.5525, 0.7364.
    col = zb.proportion_intervals([65], [100], [0.95, 0.998])
    lower, upper = col.limits(0.95)
    assert lower[0] == pytest.approx(0.5525, abs=5e-5) and upper[0] == pytest.approx(0.7364, abs=5e-5)
    assert col.limits(95)[0][0] == lower[0]  # per cent, as every confidence option
    # On main: TypeError: unsupported operand type(s) for -: 'float' and 'str'.
    for bad in ("abc", None, "9999", np.array([1, "x"], dtype=object), [0.95, 0.998]):
        with pytest.raises(zb.InvalidInput, match="^confidence: "):
            col.limits(bad)
    with pytest.raises(zb.InvalidInput, match=r"^confidence: 0.9 was not computed"):
        col.limits(0.9)


def test_interval_frames_name_each_hostile_argument():
    df = pd.DataFrame({"x": [5.0, 20.0], "n": [100.0, 200.0]})
    cases = [("data", lambda: zb.proportion_frame(1e308, "x", "n")),
             ("x", lambda: zb.proportion_frame(df, np.array([]), "n")),
             ("n", lambda: zb.rate_frame(df, "x", None)),
             ("n", lambda: zb.rate_frame(df, "x", "pop")),
             ("method", lambda: zb.rate_frame(df, "x", "n", method="wilson")),  # a proportion method
             ("on_bad_rows", lambda: zb.proportion_frame(df, "x", "n", on_bad_rows="ignore")),
             ("confidence", lambda: zb.proportion_frame(df, "x", "n", confidence="95%")),
             ("with_value", lambda: zb.rate_intervals([1], [2], with_value=1))]
    for argument, call in cases:
        with pytest.raises(zb.InvalidInput) as info:
            call()
        assert str(info.value).startswith(f"{argument}: "), (argument, str(info.value))


def test_grouped_interval_frames_name_a_text_cell_by_its_row():
    # On main the text cell became NaN and pandas' sum skipped it: area A was 5/30 silently.
    df = pd.DataFrame({"area": ["A", "B", "A"], "x": [5, 3, "7"], "n": [10, 30, 20]},
                      index=["r1", "r2", "r3"])
    for call in (zb.proportion_frame, zb.rate_frame):
        with pytest.raises(zb.InvalidRows) as info:
            call(df.groupby("area"), "x", "n")
        assert info.value.rows == [(2, "x (index 'r3')", "is not a number ('7')")]
    # Corrected, A is 12 of 30 (hand sum 5 + 7, 10 + 20).
    out = zb.proportion_frame(df.assign(x=[5, 3, 7]).groupby("area"), "x", "n")
    assert out["x"].tolist() == [12.0, 3.0] and out["value"][0] == pytest.approx(0.4)
