"""The rate model from Python: scalars, columns on NumPy and pandas, errors.

Reference figures: seed 000 (八公山区卫健委2019年工作总结), sections 一(一) and 一(二); the hand
calculations are in tests/cpp/rate_test.cpp and repeated where used.
"""
import math

import numpy as np
import pandas as pd
import pytest

import zhibiao as zb

# (kind, numerator, denominator, decimals, printed) from seed 000; 427/374 is the split of
# the 801 births behind the printed sex ratio 114.17.
SEED_000 = [
    ("quota_completion", 1506, 1600, 2, "94.13%"),   # 1506/1600 = 94.125 % (a tie: half up)
    ("quota_completion", 359, 371, 2, "96.77%"),     # 96.7654986 %
    ("proportion", 104, 124, 1, "83.9%"),            # 83.8709677 %
    ("proportion", 58, 60, 1, "96.7%"),              # 96.6666667 %
    ("quota_completion", 18101, 19800, 2, "91.42%"), # 91.4191919 %
    ("quota_completion", 195, 200, 1, "97.5%"),      # 97.5 %
    ("proportion", 5799, 34903, 1, "16.6%"),         # 16.6146177 %
]


@pytest.mark.parametrize("kind, num, den, decimals, printed", SEED_000)
def test_scalar_figures_of_seed_000(kind, num, den, decimals, printed):
    measure = zb.QuotaCompletion(num, den) if kind == "quota_completion" else zb.Proportion(num, den)
    assert measure.format(decimals) == printed
    assert str(measure.rounded(decimals)) + "%" == printed
    assert measure.kind == kind


def test_sex_ratio_of_seed_000():
    r = zb.sex_ratio(427, 374)  # 427 / 374 × 100 = 114.171122994...
    assert r.format(2) == "114.17"
    assert r.unit == zb.Unit("per_100")
    assert r.value() == pytest.approx(114.171122994652, rel=1e-12)


def test_column_of_seed_000_is_rounded_on_the_exact_rationals():
    num = np.array([1506, 359, 104, 58, 18101, 195, 5799], dtype=float)
    den = np.array([1600, 371, 124, 60, 19800, 200, 34903], dtype=float)
    col = zb.proportions(num, den, decimals=2)
    assert col.rounded.tolist() == [94.13, 96.77, 83.87, 96.67, 91.42, 97.5, 16.61]
    assert col.values[0] == 94.125
    np.testing.assert_allclose(col.values, num * 100 / den, rtol=1e-15)
    assert col.status.dtype == np.uint8 and not col.status.any()
    assert col.format()[0] == "94.13%"


def test_per_mille_and_per_100k_print_as_reports_do():
    # docs/units-and-rounding.md §5.1: 801 births at 4.86‰ imply ~164,815 people; seed 002
    # prints 153.895/10万.
    assert zb.Rate(801, 164815, "‰").format(2) == "4.86‰"
    assert zb.Rate(801, 164815, "‰").format(2, "en") == "4.86 per 1,000"
    assert zb.format_value(153.895, "/10万", 3) == "153.895/10万"
    # 1227 cases at 153.895/10万 imply 797,296.9 people (1227 / 153.895 × 10^5).
    assert zb.Rate(1227, 797297).unit == zb.Unit.per_100k()
    assert zb.Rate(1227, 797297).format(3) == "153.895/10万"


def test_quota_completion_may_pass_the_quota():
    q = zb.QuotaCompletion(2113, 2000)
    assert q.format(2) == "105.65%"
    assert q.reached and q.remaining == 0
    assert zb.QuotaCompletion(1506, 1600).remaining == 94


def test_zero_denominator_is_explicitly_undefined():
    p = zb.Proportion(0, 0)
    assert p.defined is False
    assert p.value() is None and p.rounded(2) is None
    assert p.format(2) == "—（分母为0）"
    col = zb.rates([3, 0], [0, 0])
    assert col.undefined_count == 2
    assert col.status.tolist() == [1, 1]
    assert list(col.status_text()) == ["undefined: denominator is zero"] * 2
    assert col.format(1, "en") == ["undefined (denominator is 0)"] * 2


@pytest.mark.parametrize(
    "make, field, words",
    [
        (lambda: zb.Proportion(-1, 10), "numerator", "is negative (-1)"),
        (lambda: zb.Proportion(12, 10), "numerator", "exceeds the denominator (12 > 10)"),
        (lambda: zb.Proportion(5, -10), "denominator", "is negative"),
        (lambda: zb.Rate(float("nan"), 10), "numerator", "not a finite number"),
        (lambda: zb.Ratio(1, float("inf")), "denominator", "not a finite number"),
        (lambda: zb.QuotaCompletion(-5, 100), "done", "is negative"),
        (lambda: zb.QuotaCompletion(5, float("nan")), "quota", "not a finite number"),
        (lambda: zb.Proportion(1, 2, "percentish"), "unit", "unknown unit 'percentish'"),
        (lambda: zb.Proportion(1, 2).format(2, "fr"), "language", "expected 'zh' or 'en'"),
        (lambda: zb.Proportion(1, 2).rounded(16), "decimals", "between 0 and 15"),
    ],
)
def test_bad_scalar_input_names_the_field(make, field, words):
    with pytest.raises(zb.InvalidInput) as info:
        make()
    assert info.value.field == field
    assert words in str(info.value)
    assert isinstance(info.value, ValueError)


def test_batch_raises_with_every_bad_row():
    with pytest.raises(zb.InvalidRows) as info:
        zb.proportions([10, -1, 5, np.nan, 7, 3], [20, 10, 4, 10, 0, 9])
    rows = info.value.rows
    assert [r[0] for r in rows] == [1, 2, 3, 4]
    assert rows[0][1:] == ("numerator", "is negative (-1)")
    assert "exceeds the denominator (5 > 4)" in rows[1][2]
    assert "4 bad rows: row 1 numerator" in str(info.value)


def test_mark_mode_computes_every_good_row():
    col = zb.rates([10, -1, 0, 3], [20, 10, 0, 9], "‰", decimals=1, on_bad_rows="mark")
    assert col.values[0] == 500.0 and col.rounded[3] == 333.3
    assert math.isnan(col.values[1]) and col.status[1] == 2
    assert col.status[2] == 1  # undefined, not an error
    assert col.errors == [(1, "numerator", "is negative (-1)")]
    assert col.format(1) == ["500.0‰", "—（输入错误）", "—（分母为0）", "333.3‰"]


def test_length_mismatch_and_shape_are_errors():
    with pytest.raises(zb.InvalidInput, match="denominator: has 2 rows but numerator has 3"):
        zb.proportions([1, 2, 3], [4, 5])
    with pytest.raises(zb.InvalidInput, match="must be one-dimensional"):
        zb.proportions(np.ones((2, 2)), np.ones((2, 2)))
    with pytest.raises(zb.InvalidInput, match="got a scalar"):
        zb.proportions(3, [4])


def test_float64_arrays_reach_the_kernel_without_a_copy():
    a = np.arange(10, dtype=np.float64)
    assert zb._core._kernel_input_address(a) == a.ctypes.data
    s = pd.Series(a)
    assert zb._core._kernel_input_address(s.to_numpy()) == a.ctypes.data
    # A strided view cannot be read in place: it is converted, never misread.
    view = a[::2]
    assert zb._core._kernel_input_address(view) != view.ctypes.data
    assert zb.proportions(view, np.full(5, 10.0)).values.tolist() == [0, 20, 40, 60, 80]


def test_pandas_columns_including_nullable_and_object_ones():
    df = pd.DataFrame({"n": pd.array([1506, None, 3], dtype="Int64"), "d": [1600, 10, 9]})
    with pytest.raises(zb.InvalidRows) as info:
        zb.proportions(df["n"], df["d"])
    assert info.value.rows == [(1, "numerator", "is not a finite number (nan)")]
    mixed = pd.Series([5, "12", "n/a", 3.0], dtype=object)
    with pytest.raises(zb.InvalidRows) as info:
        zb.proportions(mixed, [10, 20, 30, 40])
    assert [r[0] for r in info.value.rows] == [1, 2]
    assert "is not a number ('n/a')" in info.value.rows[1][2]
    with pytest.raises(zb.InvalidInput, match="booleans are not counts"):
        zb.proportions([True, False], [1, 1])


def test_measure_frame_adds_value_status_and_display():
    df = pd.DataFrame({"done": [1506, 0, 195], "quota": [1600, 0, 200]}, index=["婚检", "空", "叶酸"])
    out = zb.measure_frame(df, "quota_completion", "done", "quota", decimals=2)
    assert list(out.columns) == ["done", "quota", "value", "status", "rounded", "display"]
    assert out.loc["婚检", "display"] == "94.13%"
    assert out.loc["叶酸", "rounded"] == 97.5
    assert out.loc["空", "status"] == "undefined: denominator is zero"
    assert out.index.equals(df.index) and df.shape == (3, 2)  # input untouched


def test_measure_frame_errors_name_index_labels():
    df = pd.DataFrame({"n": [1, 12], "d": [2, 10]}, index=["东桥镇", "张店镇"])
    with pytest.raises(zb.InvalidRows) as info:
        zb.measure_frame(df, "proportion", "n", "d")
    assert "index '张店镇'" in str(info.value)
    with pytest.raises(zb.InvalidInput, match="no such column"):
        zb.measure_frame(df, "proportion", "missing", "d")
    with pytest.raises(zb.InvalidInput, match="kind: expected one of .*got str .share."):
        zb.measure_frame(df, "share", "n", "d")


# --- issue 14, classes 7 and 8: the measure functions read their arguments through the checked
# readers (_frames.py, _options.py); each refusal is InvalidInput naming the argument.

@pytest.mark.parametrize("bad", [True, -1, 1.5, 16, float("nan"), "2", None])
def test_decimals_must_be_a_whole_number_0_to_15(bad):
    frame = pd.DataFrame({"x": [1506], "n": [1600]})
    calls = [lambda: zb.proportions([1506], [1600], decimals=bad),
             lambda: zb.measure_frame(frame, "proportion", "x", "n", decimals=bad),
             lambda: zb.proportions([1506], [1600], decimals=2).format(decimals=bad)]
    for call in calls:
        if bad is None:  # None means "not given": allowed where the function has a default
            continue
        with pytest.raises(zb.InvalidInput, match="^decimals: "):
            call()
    with pytest.raises(zb.InvalidInput, match="^decimals: "):
        zb.round_half_up(2.675, bad)
    # 1506/1600 = 94.125 % exactly; half up at 2 decimals: 94.13 % (seed 000's 任务完成率 style)
    assert zb.proportions([1506], [1600], decimals=2.0).format() == ["94.13%"]


def test_measure_frame_table_and_column_arguments_are_named():
    frame = pd.DataFrame({"x": [1506, 359], "n": [1600, 371]})
    with pytest.raises(zb.InvalidInput, match="^frame: expected a pandas DataFrame, got Series"):
        zb.measure_frame(frame["x"], "proportion", "x", "n")
    with pytest.raises(zb.InvalidInput, match="^numerator: expected a column name"):
        zb.measure_frame(frame, "proportion", np.array([]), "n")
    with pytest.raises(zb.InvalidInput, match="^denominator: no such column 'pop'"):
        zb.measure_frame(frame, "proportion", "x", "pop")
    with pytest.raises(zb.InvalidInput, match="^language: expected one of 'zh', 'en'"):
        zb.measure_frame(frame, "proportion", "x", "n", decimals=2, language="fr")
    with pytest.raises(zb.InvalidInput, match="^language: "):
        zb.proportions([1], [2], decimals=1).format(language=None)
    # a text cell: InvalidRows naming its row and column, the other rows not silently dropped
    with pytest.raises(zb.InvalidRows, match="row 1 x .*is not a number \\('abc'\\)"):
        zb.measure_frame(frame.assign(x=[1506, "abc"]), "proportion", "x", "n")


def test_round_half_up_refuses_text_and_non_numbers():
    assert zb.round_half_up(2.675, 2) == 2.68  # the shortest decimal 2.675, half up
    for bad in ("2.675", None, {"x": 1}):
        with pytest.raises(zb.InvalidInput, match="^x: "):
            zb.round_half_up(bad, 2)
    with pytest.raises(zb.InvalidRows, match="row 1 x"):
        zb.round_half_up(np.array([1.005, "x"], dtype=object), 2)
