"""The checked readers of tables and their columns (python/zhibiao/_frames.py; issue 14, class 8).

Every DataFrame function reads its table (`data`), its column arguments (`x`, `n`, `deaths` ...)
and `group_by` through the same readers, so that what a user can type wrongly is InvalidInput
naming the argument, and a cell that is not a number is InvalidRows naming its row, never
AttributeError / KeyError / TypeError / ValueError, and never a cell coerced to NaN and skipped.
The readers are tested through the public functions that use them; summed() and flag_column()
also directly, since their wrong answers were silent.
"""
import math

import numpy as np
import pandas as pd
import pytest

import zhibiao as zb
from zhibiao import _frames
from zhibiao._groupby import groups, summed

RATES = pd.DataFrame({"x": [5.0, 20.0, 65.0], "n": [100.0, 200.0, 1000.0]})
TWO = pd.DataFrame({"x1": [30.0], "n1": [100.0], "x2": [20.0], "n2": [100.0]})
ISR = pd.DataFrame({"x": [12.0, 4.0], "n": [636.0, 558.0], "xr": [120.0, 40.0], "nr": [7632.0, 6696.0]})
LE = pd.DataFrame({"deaths": [17.0, 9.0], "pops": [7060.0, 35059.0], "startage": [0.0, 1.0]})
SII = pd.DataFrame({"decile": [1, 2], "population": [7291.0, 7997.0], "value": [75.9, 78.3],
                    "se": [1.64, 1.58]})

# (name, call with the table replaced by `data`): every DataFrame function of the statistics
# modules.
TABLE_FUNCTIONS = [
    ("proportion_frame", lambda d: zb.proportion_frame(d, "x", "n")),
    ("rate_frame", lambda d: zb.rate_frame(d, "x", "n")),
    ("proportion_difference", lambda d: zb.proportion_difference(d, "x1", "n1", "x2", "n2")),
    ("rate_ratio", lambda d: zb.rate_ratio(d, "x1", "n1", "x2", "n2")),
    ("sex_ratio_interval", lambda d: zb.sex_ratio_interval(d, "m", "f")),
    ("mean", lambda d: zb.mean(d, "v")),
    ("dsr", lambda d: zb.dsr(d, "x", "n", ageband="band")),
    ("smr", lambda d: zb.smr(d, "x", "n", "xr", "nr")),
    ("isr", lambda d: zb.isr(d, "x", "n", "xr", "nr")),
    ("life_expectancy", lambda d: zb.life_expectancy(d)),
    ("premature_ncd_mortality", lambda d: zb.premature_ncd_mortality(d)),
    ("assign_quantiles", lambda d: zb.assign_quantiles(d, "v")),
    ("slope_index", lambda d: zb.slope_index(d, "decile", "population", "value", se="se")),
    ("funnel_limits", lambda d: zb.funnel_limits(d, "x", "n")),
    ("funnel_significance", lambda d: zb.funnel_significance(d, "x", "n")),
]
NOT_TABLES = [("1e308", 1e308), ("None", None), ("abc", "abc"), ("empty-array", np.array([])),
              ("list", [[1, 2]]), ("Series", pd.Series([1.0]))]


@pytest.mark.parametrize("value", [v for _, v in NOT_TABLES], ids=[k for k, _ in NOT_TABLES])
@pytest.mark.parametrize("call", [c for _, c in TABLE_FUNCTIONS], ids=[k for k, _ in TABLE_FUNCTIONS])
def test_a_table_that_is_not_a_dataframe_is_refused_naming_data(call, value):
    # On main: AttributeError: 'float' object has no attribute 'columns' (smr: TypeError: object
    # of type 'float' has no len()).
    with pytest.raises(zb.InvalidInput, match=r"^data: expected a pandas DataFrame") as info:
        call(value)
    assert type(value).__name__ in str(info.value)


# (argument, call with that column argument replaced by `name`)
COLUMN_ARGUMENTS = [
    ("x", lambda name: zb.proportion_frame(RATES, name, "n")),
    ("n", lambda name: zb.rate_frame(RATES, "x", name)),
    ("n", lambda name: zb.proportion_frame(RATES.assign(g=["a", "a", "b"]).groupby("g"), "x", name)),
    ("n2", lambda name: zb.proportion_difference(TWO, "x1", "n1", "x2", name)),
    ("x1", lambda name: zb.rate_ratio(TWO, name, "n1", "x2", "n2")),
    ("females", lambda name: zb.sex_ratio_interval(pd.DataFrame({"m": [427], "f": [374]}), "m", name)),
    ("value", lambda name: zb.mean(pd.DataFrame({"v": [1.0, 2.0]}), name)),
    ("x", lambda name: zb.smr(ISR, name, "n", "xr", "nr")),
    ("x_ref", lambda name: zb.smr(ISR, "x", "n", name, "nr")),
    ("n_ref", lambda name: zb.isr(ISR, "x", "n", "xr", name)),
    ("deaths", lambda name: zb.life_expectancy(LE, name, "pops", "startage")),
    ("age_band", lambda name: zb.premature_ncd_mortality(LE, "deaths", "pops", name)),
    ("values", lambda name: zb.assign_quantiles(SII, name)),
    ("quantile", lambda name: zb.slope_index(SII, name, "population", "value", se="se")),
    ("se", lambda name: zb.slope_index(SII, "decile", "population", "value", se=name)),
    ("x", lambda name: zb.funnel_limits(RATES, name, "n")),
    ("n", lambda name: zb.funnel_significance(RATES, "x", name)),
]
NOT_LABELS = [("empty-array", np.array([])), ("object-array", np.array([1, "x"], dtype=object)),
              ("None", None), ("nan", float("nan")), ("True", True), ("list", ["x"])]


@pytest.mark.parametrize("name", [v for _, v in NOT_LABELS], ids=[k for k, _ in NOT_LABELS])
@pytest.mark.parametrize("argument,call", COLUMN_ARGUMENTS,
                         ids=[f"{a}-{i}" for i, (a, _) in enumerate(COLUMN_ARGUMENTS)])
def test_a_column_argument_that_is_not_a_column_name_is_refused_naming_it(argument, call, name):
    # On main: TypeError: unhashable type: 'numpy.ndarray', or KeyError: None.
    with pytest.raises(zb.InvalidInput) as info:
        call(name)
    assert str(info.value).startswith(f"{argument}: ")
    assert not isinstance(info.value, zb.InvalidRows)


def test_a_missing_column_is_named_with_the_columns_the_frame_has():
    with pytest.raises(zb.InvalidInput) as info:
        zb.life_expectancy(LE, "deaths", "population")  # the column is "pops"
    assert str(info.value) == ("population: no such column 'population'; the frame has "
                               "['deaths', 'pops', 'startage']")


@pytest.mark.parametrize("group_by", [float("nan"), np.array(["g"]), [], ["g", "g"], 3.5, True],
                         ids=["nan", "array", "empty-list", "repeated", "float", "True"])
def test_group_by_that_is_not_column_names_is_refused_naming_group_by(group_by):
    df = pd.DataFrame({"v": [1.0, 2.0, 4.0, 7.0], "g": ["a", "a", "b", "b"]})
    for call in (lambda: zb.mean(df, "v", group_by=group_by),
                 lambda: zb.assign_quantiles(df, "v", group_by, nquantiles=2),
                 lambda: zb.life_expectancy(LE.assign(g="a"), group_by=group_by)):
        with pytest.raises(zb.InvalidInput, match="^group_by: "):
            call()


def test_group_by_of_grouped_data_is_refused():
    df = pd.DataFrame({"v": [1.0, 2.0], "g": ["a", "b"]})
    with pytest.raises(zb.InvalidInput, match="^group_by: the data are grouped already"):
        zb.assign_quantiles(df.groupby("g"), "v", "g")


def test_a_text_cell_in_a_numeric_column_is_invalid_rows_naming_its_row():
    # On main (pd.to_numeric / np.asarray): ValueError: could not convert string to float.
    df = pd.DataFrame({"x": [5, "abc", 7, "１２"], "n": [10, 20, 30, 40]},
                      index=["东桥镇", "张店镇", "西城区", "北镇"])
    with pytest.raises(zb.InvalidRows) as info:
        zb.proportion_frame(df, "x", "n")
    assert info.value.rows == [(1, "x (index '张店镇')", "is not a number ('abc')"),
                               (3, "x (index '北镇')", "is not a number ('１２')")]
    for call in (lambda: zb.funnel_significance(df, "x", "n"),
                 lambda: zb.mean(df, "x"),
                 lambda: zb.assign_quantiles(df, "x", nquantiles=2)):
        with pytest.raises(zb.InvalidRows) as info:
            call()
        assert [r for r, _, _ in info.value.rows] == [1, 3]
        assert "张店镇" in info.value.rows[0][1]


def test_a_boolean_column_is_not_read_as_counts():
    df = pd.DataFrame({"x": [True, False], "n": [1.0, 1.0]})
    with pytest.raises(zb.InvalidInput, match="^x: booleans are not counts"):
        zb.proportion_frame(df, "x", "n")


def test_summed_reports_a_text_cell_instead_of_a_silently_smaller_sum():
    # Area A has x = 5 and x = "7" (text from a spreadsheet). On main pd.to_numeric(errors=
    # "coerce") made "7" NaN, the missing-value mask looked at the original cells (text is not
    # NA), and the sum skipped it: A's x was 5 of n = 30, a proportion of 0.1667 instead of
    # 12/30 = 0.4, with no error.
    df = pd.DataFrame({"area": ["A", "A", "B"], "x": [5, "7", 3], "n": [10, 20, 30]},
                      index=["r1", "r2", "r3"])
    with pytest.raises(zb.InvalidRows) as info:
        zb.proportion_frame(df.groupby("area"), "x", "n")
    assert info.value.rows == [(1, "x (index 'r2')", "is not a number ('7')")]
    with pytest.raises(zb.InvalidRows):
        summed(groups(df.groupby("area")), ["x", "n"])
    # With the cell a number the sums are the hand-computed ones: A 5 + 7 = 12 of 10 + 20 = 30.
    good = df.assign(x=[5, 7, 3])
    sums = summed(groups(good.groupby("area")), ["x", "n"])
    assert sums.to_dict("list") == {"area": ["A", "B"], "x": [12.0, 3.0], "n": [30.0, 30.0]}
    out = zb.proportion_frame(good.groupby("area"), "x", "n")
    assert out["value"].tolist() == [pytest.approx(12 / 30), pytest.approx(3 / 30)]


def test_summed_keeps_a_missing_cell_missing_and_does_not_wrap_around():
    df = pd.DataFrame({"g": ["a", "a", "b"], "x": [1.0, None, 2.0],
                       "big": [2**62, 2**62, 1]})
    sums = summed(groups(df.groupby("g")), ["x", "big"])
    # A missing count makes its group's sum missing (reported by the kernel), never 1 + 0.
    assert math.isnan(sums["x"][0]) and sums["x"][1] == 2.0
    # 2**62 + 2**62 = 2**63: an int64 sum wraps to -2**63; the float64 sum is right.
    assert sums["big"][0] == 2.0**63


def test_flag_column_reads_true_false_and_names_every_other_cell():
    df = pd.DataFrame({"inv": [True, np.bool_(False), "no", 1, None]}, index=list("abcde"))
    with pytest.raises(zb.InvalidRows) as info:
        _frames.flag_column(df, "inv", "invert")
    assert info.value.rows == [(2, "inv (index 'c')", "is not True or False ('no')"),
                               (3, "inv (index 'd')", "is not True or False (1)"),
                               (4, "inv (index 'e')", "is not True or False (None)")]
    assert _frames.flag_column(df.iloc[:2], "inv", "invert").tolist() == [True, False]
    with pytest.raises(zb.InvalidInput, match="^invert: no such column 'flag'"):
        _frames.flag_column(df, "flag", "invert")


def test_a_scalar_or_none_for_a_column_of_values_is_named():
    with pytest.raises(zb.InvalidInput, match=r"^x: expected a column .*got a scalar 3$"):
        zb.proportion_intervals(3, [4])
    with pytest.raises(zb.InvalidInput, match=r"^start_age: expected a column"):
        zb.life_tables([1.0], [10.0], "abc")
    with pytest.raises(zb.InvalidInput, match=r"^deaths: expected a column .*got None$"):
        zb.premature_ncd_mortality_columns(None, [1.0], [30.0])
