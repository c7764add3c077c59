"""Funnel plots from Python against PHEindicatormethods' published funnel test data.

The CSVs in tests/reference/phe_funnel are PHE's tests/testthat files (see the README there);
tests/cpp/funnel_test.cpp checks every row and column, these tests check the pandas layer.
"""
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import zhibiao as zb

DATA = Path(__file__).resolve().parents[1] / "reference" / "phe_funnel"


def read(name):
    return pd.read_csv(DATA / name)


def test_proportion_curve_matches_phe_outputs():
    # testFunnels.R "confidence limits calculate correctly for proportions":
    # testdata_funnel_prop_inputs.csv -> testdata_funnel_prop_outputs.csv (6 decimals).
    inputs, expected = read("prop_inputs.csv"), read("prop_outputs.csv")
    curve = zb.funnel_limits(inputs, "numerator", "denominator")
    assert list(curve.columns[:6]) == ["population", "lower_95", "upper_95", "lower_99.8",
                                       "upper_99.8", "baseline"]
    assert curve["population"].tolist() == expected["Population"].tolist()
    for ours, theirs in [("lower_95", "Lower2s0025limit"), ("upper_95", "Upper2s0025limit"),
                         ("lower_99.8", "Lower3s0001limit"), ("upper_99.8", "Upper3s0001limit"),
                         ("baseline", "Baseline")]:
        np.testing.assert_allclose(curve[ours], expected[theirs], rtol=0, atol=5.0001e-7)
    assert curve.attrs["average"] == pytest.approx(0.806424478571495, rel=1e-12)


def test_proportion_significance_matches_phe_labels_and_keeps_columns():
    # testFunnels.R "Significance for proportions": the significance column of the inputs.
    inputs = read("prop_inputs.csv").rename(columns={"significance": "phe"})
    inputs["area"] = [f"PCT {i}" for i in range(len(inputs))]
    out = zb.funnel_significance(inputs, "numerator", "denominator", polarity="higher_is_better")
    assert (out["significance"] == out["phe"]).all()
    assert list(out.columns[:4]) == ["numerator", "denominator", "phe", "area"]
    high = out["phe"].str.startswith("High")
    low = out["phe"].str.startswith("Low")
    assert (out.loc[high, "comparison"] == "better").all()
    assert (out.loc[low, "comparison"] == "worse").all()
    assert (out.loc[~high & ~low, "comparison"] == "similar").all()
    assert out["value"].iloc[0] == pytest.approx(100 * 35078.488 / 41980, rel=1e-12)


def test_ratio_curve_and_significance_match_phe():
    # testFunnels.R "ratios (isr)" and "Significance for ratios": testdata_funnel_ratio_inputs.csv
    # -> testdata_funnel_ratio_outputs.csv (10 significant digits) and its significance column.
    inputs, expected = read("ratio_inputs.csv"), read("ratio_outputs.csv")
    curve = zb.funnel_limits(inputs, "obs", "expected", statistic="ratio", ratio_type="isr")
    assert curve["observed_events"].tolist() == expected["Observed_events"].tolist()
    np.testing.assert_allclose(curve["lower_95"], expected["lower_2s_isr"], rtol=5e-9)
    np.testing.assert_allclose(curve["upper_99.8"], expected["upper_3s_isr"], rtol=5e-9)
    np.testing.assert_allclose(curve["lower_99.8_expected"], expected["lower_3s_exp_events"],
                               rtol=5e-9)
    out = zb.funnel_significance(inputs, "obs", "expected", statistic="ratio",
                                 polarity="lower_is_better")
    assert (out["significance"] == inputs["significance"]).all()
    assert out["value"].iloc[1] == pytest.approx(100 * 151 / 106.4429719, rel=1e-12)
    assert out["comparison"].iloc[1] == "worse"  # High (0.001) when lower is better


def test_dsr_rate_curve_and_significance_match_phe():
    # testFunnels.R "rates (dsr)": testdata_funnel_rate_input_funnels.csv (ev, rate), per
    # 100,000 over 3 years -> testdata_funnel_rate_outputs.csv; and "Significance for rates;
    # dsr per 100,000 with 0": testdata_funnel_rate_dsr_inputs.csv.
    inputs, expected = read("rate_input_funnels.csv"), read("rate_outputs.csv")
    curve = zb.funnel_limits(inputs, "ev", statistic="rate", rate="rate", rate_type="dsr",
                             multiplier=1e5, years_of_data=3)
    assert curve["events"].tolist() == expected["Events"].tolist()
    np.testing.assert_allclose(curve["upper_95"], expected["upper_2s_limit"], rtol=5e-9)
    np.testing.assert_allclose(curve["lower_99.8_population_per_year"],
                               expected["lower_3s_population_1_year"], rtol=5e-9)
    rates = read("rate_dsr_inputs.csv")
    out = zb.funnel_significance(rates, "count", "pop", statistic="rate", rate="rate_dsr",
                                 rate_type="dsr", multiplier=1e5)
    assert (out["significance"] == rates["dsr_per_100000_with_0"]).all()
    assert out["comparison"].iloc[-1] == "not applicable"
    crude = zb.funnel_significance(rates, "count", "pop", statistic="rate", multiplier=1e5)
    assert (crude["significance"] == rates["crude_per_100000_with_0"]).all()


def test_groupby_gives_one_funnel_per_group_in_row_order():
    # Two indicators, each its own funnel: A around 0.5 (1500/3000), B around 0.1. Within A,
    # 600/1000 is above 0.5 + 3.090 × √(0.25/1000) = 0.5489; within B, 100/1000 is the average.
    df = pd.DataFrame({"ind": ["A", "B", "A", "B", "A"],
                       "x": [400, 100, 500, 100, 600],
                       "n": [1000, 1000, 1000, 1000, 1000]})
    out = zb.funnel_significance(df.groupby("ind"), "x", "n", polarity="neither")
    assert out["comparison"].tolist() == ["lower", "similar", "similar", "similar", "higher"]
    assert out.attrs["average"] == {"A": 0.5, "B": 0.1}
    curves = zb.funnel_limits(df.groupby("ind"), "x", "n")
    assert curves["ind"].unique().tolist() == ["A", "B"]
    assert curves.loc[curves["ind"] == "B", "baseline"].iloc[0] == pytest.approx(10)


def test_bad_rows_are_reported_or_marked():
    df = pd.DataFrame({"x": [10, -1, np.nan, 30], "n": [100, 100, 100, 20]}, index=list("abcd"))
    with pytest.raises(zb.InvalidRows) as err:
        zb.funnel_significance(df, "x", "n")
    assert [r for r, _, _ in err.value.rows] == [1, 2, 3]
    assert "index 'b'" in err.value.rows[0][1]
    out = zb.funnel_significance(df, "x", "n", on_bad_rows="mark")
    assert out["status"].tolist()[0] == "ok" and out["significance"].iloc[1] == ""
    assert math.isnan(out["value"].iloc[3])
    with pytest.raises(zb.InvalidInput):
        zb.funnel_significance(df, "x", "missing_column")
    with pytest.raises(zb.InvalidInput):
        zb.funnel_significance(df.iloc[:1], "x", "n", polarity="up")


def test_limits_at_chosen_points():
    # P = 0.8, N = 100: 80 ∓ 100 × 1.959963984540054 × 0.04 (see funnel_test.cpp).
    curve = zb.funnel_limits_at(0.8, [100])
    assert curve["lower_95"].iloc[0] == pytest.approx(72.16014406183978, rel=1e-12)
    exact = zb.funnel_limits_at(1, [1], statistic="ratio", poisson="exact")
    # exact upper Poisson limit of 1 event at 95 %: 5.571643390938899 -> 100/5.5716...
    assert exact["lower_95"].iloc[0] == pytest.approx(100 / 5.571643390938899, rel=1e-9)


# --- issue 14, classes 7 and 8: arguments read by the checked readers --------------------------

def test_funnel_functions_name_each_hostile_argument():
    df = pd.DataFrame({"x": [5.0, 20.0, 65.0], "n": [100.0, 200.0, 1000.0]})
    obj = np.array([1, "x"], dtype=object)
    cases = [("data", lambda: zb.funnel_limits(None, "x", "n")),  # main: AttributeError
             ("data", lambda: zb.funnel_significance(np.array([]), "x", "n")),
             ("x", lambda: zb.funnel_limits(df, None, "n")),  # main: KeyError: None
             ("n", lambda: zb.funnel_significance(df, "x", "pop")),
             ("rate", lambda: zb.funnel_limits(df, "x", statistic="rate", rate="r")),
             ("n", lambda: zb.funnel_limits(df, "x")),
             # main: ValueError: The truth value of an array ... is ambiguous.
             ("statistic", lambda: zb.funnel_limits(df, "x", "n", statistic=obj)),
             ("statistic", lambda: zb.funnel_significance(df, "x", "n", statistic=obj)),
             ("statistic", lambda: zb.funnel_limits_at(0.5, [100.0], statistic="Proportion")),
             ("polarity", lambda: zb.funnel_significance(df, "x", "n", polarity="up")),
             ("ratio_type", lambda: zb.funnel_limits(df, "x", "n", statistic="ratio", ratio_type=None)),
             ("rate_type", lambda: zb.funnel_significance(df, "x", "n", rate_type=1)),
             ("poisson", lambda: zb.funnel_limits(df, "x", "n", poisson=True)),
             ("on_bad_rows", lambda: zb.funnel_significance(df, "x", "n", on_bad_rows=obj)),
             ("years_of_data", lambda: zb.funnel_limits(df, "x", "n", years_of_data="1"))]
    for argument, call in cases:
        with pytest.raises(zb.InvalidInput) as info:
            call()
        assert str(info.value).startswith(f"{argument}: "), (argument, str(info.value))


def test_grouped_funnels_name_a_bad_row_by_its_row_in_the_frame():
    # Row 3 (index 'd') is B's second row; on main the error said row 1, its place in group B.
    df = pd.DataFrame({"ind": ["A", "B", "A", "B"], "x": [400, 100, 500, -1],
                       "n": [1000, 1000, 1000, 1000]}, index=list("abcd"))
    for call in (zb.funnel_significance, zb.funnel_limits):
        with pytest.raises(zb.InvalidRows) as info:
            call(df.groupby("ind"), "x", "n")
        assert [(r, f) for r, f, _ in info.value.rows] == [(3, "x (index 'd')")]
    text = df.assign(x=[400, 100, "五百", 90])
    with pytest.raises(zb.InvalidRows) as info:
        zb.funnel_significance(text.groupby("ind"), "x", "n")
    assert info.value.rows == [(2, "x (index 'c')", "is not a number ('五百')")]
