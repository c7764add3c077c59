"""Numeric options and zero denominators (issue 14, classes 7, 9 and the per-cent part of 10).

Every numeric option is read once, at the boundary (python/zhibiao/_options.py over the
binding's number_option and the core's detail/options.hpp): text, None and truth values are
InvalidInput naming the option; confidence levels are fractions (0.95) or per cent (95). A zero
denominator in a batch is a row with no value and its status, never an error for the batch.
"""
import datetime as dt
import math

import numpy as np
import pandas as pd
import pytest

import zhibiao as zb

# --- class 7: options are checked at the boundary ----------------------------------------------

QUOTA = zb.Quota.from_expression("1200", zb.Period.year(2024))
MAY31 = dt.date(2024, 5, 31)


def test_assess_quota_refuses_a_nan_or_negative_tolerance():
    # 286 of 1200 at 31 May: completion 286/1200 = 23.83 %, time progress 5/12 = 41.67 %, lead
    # −17.83 points. A NaN tolerance failed both comparisons and read 与序时进度持平.
    assert zb.assess_quota(286, QUOTA, MAY31).lead == pytest.approx(286 / 1200 * 100 - 500 / 12)
    assert zb.assess_quota(286, QUOTA, MAY31).pace != zb.assess_quota(286, QUOTA, MAY31, tolerance=20).pace
    for bad in (float("nan"), -1, float("inf"), "abc", None, True):
        with pytest.raises(zb.InvalidInput) as info:
            zb.assess_quota(286, QUOTA, MAY31, tolerance=bad)
        assert info.value.field == "tolerance", bad


CONFIDENCE_TAKERS = {
    "z_value": lambda c: zb.z_value(c),
    "proportion_interval": lambda c: zb.proportion_interval(5, 10, c),
    "count_interval": lambda c: zb.count_interval(5, c),
    "rate_interval": lambda c: zb.rate_interval(5, 100, c),
    "proportion_intervals": lambda c: zb.proportion_intervals([5], [10], confidence=c),
    "rate_intervals": lambda c: zb.rate_intervals([5], [100], confidence=c),
    "proportion_frame": lambda c: zb.proportion_frame(pd.DataFrame({"x": [5], "n": [10]}), "x", "n", confidence=c),
    "rate_frame": lambda c: zb.rate_frame(pd.DataFrame({"x": [5], "n": [100]}), "x", "n", confidence=c),
    "proportion_difference": lambda c: zb.proportion_difference(
        pd.DataFrame({"a": [5], "b": [10], "c": [3], "d": [10]}), "a", "b", "c", "d", confidence=c),
    "rate_ratio": lambda c: zb.rate_ratio(
        pd.DataFrame({"a": [5], "b": [100], "c": [3], "d": [100]}), "a", "b", "c", "d", confidence=c),
    "sex_ratio_interval": lambda c: zb.sex_ratio_interval(
        pd.DataFrame({"m": [427], "f": [374]}), "m", "f", confidence=c),
    "compare_proportions": lambda c: zb.compare_proportions(50, 100, 40, 100, confidence=c),
    "compare_rates": lambda c: zb.compare_rates(50, 1000, 40, 1000, confidence=c),
}


@pytest.mark.parametrize("name", sorted(CONFIDENCE_TAKERS))
def test_confidence_refuses_text_none_and_truth_values_naming_it(name):
    # Before: "abc" and None gave a bare TypeError / ValueError, True silently meant 1.0.
    for bad in ("abc", None, True, np.bool_(True), float("nan"), 0, -5, 150):
        with pytest.raises(zb.InvalidInput) as info:
            CONFIDENCE_TAKERS[name](bad)
        assert info.value.field == "confidence", (name, bad)


@pytest.mark.parametrize("name", sorted(CONFIDENCE_TAKERS))
def test_confidence_accepts_per_cent_as_life_expectancy_does(name):
    # Class 10: 95 is 0.95 everywhere (PHEindicatormethods divides a level above 1 by 100);
    # before, proportions and rates refused 95 while life tables took it.
    fraction, per_cent = CONFIDENCE_TAKERS[name](0.95), CONFIDENCE_TAKERS[name](95)
    if isinstance(fraction, pd.DataFrame):
        pd.testing.assert_frame_equal(fraction, per_cent)
    elif isinstance(fraction, zb.IntervalColumn):
        assert per_cent.confidence == (0.95,)
        np.testing.assert_array_equal(fraction.upper, per_cent.upper)
    elif isinstance(fraction, zb.Comparison):
        assert fraction.verdict == per_cent.verdict and fraction.summary() == per_cent.summary()
    else:
        assert fraction == per_cent


def test_per_cent_levels_name_the_columns_as_fractions_do():
    # 1045/5000 at 99.8 %: Wilson upper 0.22731562902525795 (test_interval, PHE's test input).
    df = pd.DataFrame({"x": [1045], "n": [5000]})
    out = zb.proportion_frame(df, "x", "n", confidence=[95, 99.8])
    assert list(out.columns) == ["x", "n", "value", "lower_95", "upper_95", "lower_99.8", "upper_99.8",
                                 "method"]
    assert out["upper_99.8"][0] == pytest.approx(0.22731562902525795, rel=1e-12)
    with pytest.raises(zb.InvalidInput, match="levels repeat"):
        zb.proportion_frame(df, "x", "n", confidence=[95, 0.95])
    # 100 % only where the interval is finite: a proportion's is (0, 1), a rate's is unbounded.
    assert zb.proportion_interval(65, 100, 100) == (0.65, 0.0, 1.0)
    with pytest.raises(zb.InvalidInput, match="confidence"):
        zb.rate_intervals([1], [2], confidence=100)


def test_life_tables_and_dsr_read_levels_through_the_same_reader():
    with pytest.raises(zb.InvalidInput) as info:
        zb.life_tables([1] * 3, [100] * 3, [0, 1, 5], confidence="95", bands=[0, 1, 5])
    assert info.value.field == "confidence"
    with pytest.raises(zb.InvalidInput) as info:  # 1 (100 %) gave ±inf beside status ok
        zb.life_tables([1] * 3, [100] * 3, [0, 1, 5], confidence=1, bands=[0, 1, 5])
    assert info.value.field == "confidence"
    df = pd.DataFrame({"x": [10, 20], "n": [1000, 2000], "s": [0.4, 0.6]})
    assert zb.dsr(df, "x", "n", stdpop="s", confidence=95).equals(
        zb.dsr(df, "x", "n", stdpop="s", confidence=0.95))
    with pytest.raises(zb.InvalidInput) as info:
        zb.dsr(df, "x", "n", stdpop="s", confidence=None)
    assert info.value.field == "confidence"


@pytest.mark.parametrize("call, field", [
    (lambda: zb.proportion_intervals([5], [10], multiplier="abc"), "multiplier"),
    (lambda: zb.rate_intervals([5], [10], multiplier=None), "multiplier"),
    (lambda: zb.proportion_interval(5, 10, 0.95, "wilson", True), "multiplier"),
    (lambda: zb.rate_interval(5, 10, 0.95, "phe", float("nan")), "multiplier"),
    (lambda: zb.funnel_limits(pd.DataFrame({"x": [5], "n": [10]}), "x", "n", multiplier="100"), "multiplier"),
    (lambda: zb.funnel_limits(pd.DataFrame({"x": [5], "n": [10]}), "x", "n", years_of_data=None),
     "years_of_data"),
    (lambda: zb.dsr(pd.DataFrame({"x": [1], "n": [10], "s": [1.0]}), "x", "n", stdpop="s", multiplier=-1),
     "multiplier"),
])
def test_other_numeric_options_are_invalid_input_naming_them(call, field):
    with pytest.raises(zb.InvalidInput) as info:
        call()
    assert info.value.field == field


# --- class 9: zero denominators are undefined, not errors ---------------------------------------

# Three townships, the middle one with no population (and so no events): 5/100 and 7/50.
TOWNS = pd.DataFrame({"town": ["东桥镇", "张店镇", "西湖乡"], "x": [5.0, 0.0, 7.0], "n": [100.0, 0.0, 50.0]})


@pytest.mark.parametrize("frame_function, value_0", [(zb.proportion_frame, 0.05), (zb.rate_frame, 5000.0)])
def test_frames_give_a_zero_denominator_row_no_value_and_its_status(frame_function, value_0):
    # Before: InvalidRows "n: must be greater than zero (0)" for the whole frame.
    out = frame_function(TOWNS, "x", "n")
    assert out["value"][0] == pytest.approx(value_0)  # 5/100, or 5/100 × 100,000
    assert math.isnan(out["value"][1]) and math.isnan(out["lower_95"][1])
    assert out["status"].tolist() == ["ok", "undefined: n is zero", "ok"]
    alone = frame_function(TOWNS.iloc[[2]], "x", "n")
    assert out["upper_95"][2] == alone["upper_95"].iloc[0]  # the rest computed as alone
    assert frame_function(TOWNS, "x", "n", on_bad_rows="mark")["status"][1] == "undefined: n is zero"


def test_interval_columns_and_the_old_names_give_undefined_rows():
    for column in (zb.proportion_intervals(TOWNS.x, TOWNS.n), zb.rate_intervals(TOWNS.x, TOWNS.n)):
        assert column.errors == [] and column.status.tolist() == [0, 6, 0]
        assert zb.INTERVAL_STATUS_DESCRIPTIONS[6] == "undefined: n is zero"
    with pytest.warns(DeprecationWarning):
        assert math.isnan(zb.rate(TOWNS, "x", "n")["value"][1])
    # 3 of nobody is still a bad proportion row (x > n); 3 events in no population is undefined.
    with pytest.raises(zb.InvalidRows):
        zb.proportion_intervals([3], [0])
    assert zb.rate_intervals([3], [0]).status.tolist() == [6]


def test_difference_frames_give_a_zero_denominator_row_no_value():
    # Row 0 is Newcombe (1998) Table II (a): 56/70 − 48/80 = 0.2, limits 0.0524, 0.3339.
    df = pd.DataFrame({"x1": [56, 0], "n1": [70, 0], "x2": [48, 3], "n2": [80, 40]})
    out = zb.proportion_difference(df, "x1", "n1", "x2", "n2")
    assert out["value"][0] == pytest.approx(0.2) and out["lower_95"][0] == pytest.approx(0.0524, abs=5e-5)
    assert math.isnan(out["value"][1]) and out["status"][1] == "undefined: a denominator is zero"
    assert math.isnan(zb.rate_ratio(df, "x1", "n1", "x2", "n2")["value"][1])
    births = pd.DataFrame({"m": [427, 0], "f": [374, 0]})  # 427 boys, 374 girls: 114.17
    sr = zb.sex_ratio_interval(births, "m", "f")
    assert sr["value"][0] == pytest.approx(100 * 427 / 374) and math.isnan(sr["value"][1])


def test_funnels_leave_a_zero_denominator_row_unassessed():
    # Average P = (5 + 7)/(100 + 50) = 0.08 over the rows with a denominator.
    limits = zb.funnel_limits(TOWNS, "x", "n")
    assert limits is not None
    sig = zb.funnel_significance(TOWNS, "x", "n")
    assert len(sig) == 3
    assert math.isnan(sig["value"][1])


# --- class 7: text and boolean options (_options.choice / flag) --------------------------------

def test_choice_accepts_only_the_listed_names_and_lists_them():
    from zhibiao._options import choice

    assert choice("mark", "on_bad_rows", ("raise", "mark")) == "mark"
    assert type(choice(np.str_("raise"), "on_bad_rows", ("raise", "mark"))) is str
    for bad in ("Mark", "", None, float("nan"), 1, np.array([1, "x"], dtype=object), ["raise"]):
        with pytest.raises(zb.InvalidInput) as info:
            choice(bad, "on_bad_rows", ("raise", "mark"))
        assert str(info.value).startswith("on_bad_rows: expected one of 'raise', 'mark'; got ")


def test_flag_accepts_only_true_and_false():
    from zhibiao._options import flag

    assert flag(True, "with_value") is True and flag(np.bool_(False), "with_value") is False
    for bad in (1, 0, "True", None, float("nan"), np.array([True])):
        with pytest.raises(zb.InvalidInput, match="^with_value: expected True or False, got "):
            flag(bad, "with_value")


def test_positive_number_names_the_callers_argument():
    from zhibiao._options import positive_number

    assert positive_number(100, "refvalue") == 100.0
    for bad in (0, -1, float("nan"), float("inf"), "abc", True, None):
        with pytest.raises(zb.InvalidInput, match="^refvalue: "):
            positive_number(bad, "refvalue")


OBJECT_ARRAY = np.array([1, "x"], dtype=object)

# (option, call with that option replaced by `v`): every text and boolean option of the
# statistics modules. On main an object array gave ValueError: "The truth value of an array ...
# is ambiguous"; other wrong values a KeyError, or a silent default (with_value=1).
TEXT_OPTIONS = [
    ("method", lambda v: zb.proportion_intervals([1], [2], method=v)),
    ("method", lambda v: zb.rate_frame(pd.DataFrame({"x": [5], "n": [100]}), "x", "n", method=v)),
    ("on_bad_rows", lambda v: zb.rate_intervals([1], [2], on_bad_rows=v)),
    ("with_value", lambda v: zb.proportion_intervals([1], [2], with_value=v)),
    ("on_bad_rows", lambda v: zb.proportion_difference(
        pd.DataFrame({"a": [1], "b": [2], "c": [1], "d": [2]}), "a", "b", "c", "d", on_bad_rows=v)),
    ("statistic", lambda v: zb.funnel_limits(pd.DataFrame({"x": [5], "n": [100]}), "x", "n", statistic=v)),
    ("polarity", lambda v: zb.funnel_significance(pd.DataFrame({"x": [5], "n": [100]}), "x", "n", polarity=v)),
    ("poisson", lambda v: zb.funnel_limits_at(0.5, [100.0], poisson=v)),
    ("ratio_type", lambda v: zb.funnel_limits_at(0.5, [100.0], statistic="ratio", ratio_type=v)),
    ("rate_type", lambda v: zb.funnel_limits(pd.DataFrame({"x": [5], "n": [100]}), "x", "n", rate_type=v)),
    ("invert", lambda v: zb.assign_quantiles(pd.DataFrame({"v": [1.0, 2.0]}), "v", nquantiles=2, invert=v)),
    ("value_type", lambda v: zb.slope_index(pd.DataFrame({"q": [1, 2], "p": [1.0, 1.0], "v": [1.0, 2.0],
                                                          "se": [0.1, 0.1]}), "q", "p", "v", se="se",
                                            value_type=v)),
    ("missing_counts", lambda v: zb.smr(pd.DataFrame({"x": [1.0], "n": [2.0], "xr": [1.0], "nr": [3.0]}),
                                        "x", "n", "xr", "nr", missing_counts=v)),
    ("name", lambda v: zb.standard_population(v)),
    ("on_bad_rows", lambda v: zb.life_tables([1.0], [10.0], [0.0], on_bad_rows=v)),
]


@pytest.mark.parametrize("value", [OBJECT_ARRAY, None, float("nan"), "Raise", 1],
                         ids=["object-array", "None", "nan", "misspelt", "1"])
@pytest.mark.parametrize("option,call", TEXT_OPTIONS,
                         ids=[f"{o}-{i}" for i, (o, _) in enumerate(TEXT_OPTIONS)])
def test_text_and_boolean_options_are_refused_naming_the_option(option, call, value):
    with pytest.raises(zb.InvalidInput) as info:
        call(value)
    assert str(info.value).startswith(f"{option}: ")


def test_the_listed_names_are_the_cores():
    # Each name the Python layer lists is one the kernels accept (no drift between the lists).
    for method in zb._interval.PROPORTION_METHODS:
        assert zb.proportion_intervals([1], [2], method=method).value[0] == 0.5
    for method in zb._interval.COUNT_METHODS:
        assert zb.rate_intervals([1], [2], method=method, multiplier=1).value[0] == 0.5
    for polarity in ("neither", "higher_is_better", "lower_is_better", "high", "low", "none"):
        zb.funnel_significance(pd.DataFrame({"x": [5, 7], "n": [100, 90]}), "x", "n", polarity=polarity)
    for statistic, ratio_type, rate_type, poisson in (("proportion", "isr", "crude", "phe"),
                                                      ("ratio", "count", "dsr", "exact"),
                                                      ("rate", "isr", "dsr", "phe")):
        zb.funnel_limits_at(0.5, [100.0], statistic=statistic, ratio_type=ratio_type,
                            rate_type=rate_type, poisson=poisson)
