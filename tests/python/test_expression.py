"""The expression language from Python: zhibiao.Expression and expression_frame.

Reference figures are hand calculations written next to each assertion; the seed figures come
from seed 000 (八公山区卫健委2019年工作总结) and seed 002 (a district's 2024 half-year summary).
"""
import math

import numpy as np
import pandas as pd
import pytest

import zhibiao as zb

OK, MISSING, DIV0, DOMAIN = 0, 1, 2, 3


def value(text):
    values, status = zb.Expression(text).evaluate({})
    return float(values[0])


@pytest.mark.parametrize("text, expected", [
    ("2 + 3 * 4", 14),          # 3*4 = 12, + 2
    ("(2 + 3) * 4", 20),
    ("10 - 4 - 3", 3),          # left-associative: (10 - 4) - 3
    ("8 / 4 / 2", 1),           # (8 / 4) / 2
    ("2 ^ 3 ^ 2", 512),         # right-associative: 2 ^ 9
    ("-2 ^ 2", -4),             # ^ before unary minus
    ("2 ^ -1", 0.5),
    ("1 + 2 < 4", 1),           # 3 < 4
    ("not 1 == 0", 1),          # not (1 == 0)
    ("1 or 0 and 0", 1),        # 1 or (0 and 0)
    ("1 || 0 && 0", 1),
    ("!0", 1),
    ("3 >= 4", 0),
    ("3 != 4", 1),
    ("if(0, 2, 3)", 3),
    ("min(3, 1, 2) + max(3, 1, 2)", 4),  # 1 + 3
    ("abs(-2.5)", 2.5),
    ("coalesce(4, 5)", 4),
    ("isNull(1) + isNotNull(1)", 1),
    ("1e3 + 0.5", 1000.5),
])
def test_operators_precedence_and_functions(text, expected):
    assert value(text) == expected


def test_sex_ratio_over_disaggregations_of_seed_000():
    # 801 births = 427 boys + 374 girls; 427 / 374 × 100 = 114.1711229946…, printed 114.17.
    e = zb.Expression("#{births.male} / #{births.female} * 100")
    assert e.keys == ["births.male", "births.female"]
    assert e.references[0].element == "births" and e.references[0].disaggregation == "male"
    values, status = e.evaluate({"births.male": np.array([427.0]), "births.female": [374]})
    assert values[0] == pytest.approx(114.171122994652, rel=1e-12)
    assert status.dtype == np.uint8 and status.tolist() == [OK]


def test_paced_target_of_seed_002():
    # 截止5月底 67072 doses of 164318 (7469 × 22) for the year: 40.8184… %, printed 40.8 %.
    # Against the pace 164318 × 5/12 = 68465.833…: 67072 / 68465.833 × 100 = 97.9642 %.
    e = zb.Expression("#{doses} / (#{task} * [periodInYear] / [periodsPerYear]) * 100")
    assert e.uses("periodInYear") and e.uses("periods_per_year") and not e.uses("days")
    values, status = e.evaluate({"doses": [67072], "task": [164318]},
                                period_in_year=5, periods_per_year=12)
    assert values[0] == pytest.approx(97.964191385, rel=1e-10)
    done, _ = zb.Expression("#{doses} / (#{children} * 22) * 100").evaluate(
        {"doses": [67072], "children": [7469]})
    assert done[0] == pytest.approx(40.8184130771, rel=1e-10)


def test_missing_values_and_division_by_zero_have_their_own_status():
    e = zb.Expression("#{a} / #{b}")
    values, status = e.evaluate({"a": [1, 0, np.nan, 4, np.nan], "b": [0, 0, 0, 2, 1]})
    assert np.isnan(values[[0, 1, 2, 4]]).all() and values[3] == 2
    assert status.tolist() == [DIV0, DIV0, DIV0, OK, MISSING]
    # The untaken branch's division by zero is not reported.
    values, status = zb.Expression("if(#{pop} > 0, #{a} / #{pop}, 0)").evaluate(
        {"pop": [0, 10], "a": [5, 5]})
    assert values.tolist() == [0, 0.5] and status.tolist() == [OK, OK]
    values, status = zb.Expression("coalesce(#{a}, #{b}, 0)").evaluate(
        {"a": [1, np.nan, np.nan], "b": [5, 2, np.nan]})
    assert values.tolist() == [1, 2, 0]
    _, status = zb.Expression("#{a} ^ 0.5").evaluate({"a": [-4.0, 4.0]})  # √-4
    assert status.tolist() == [DOMAIN, OK]
    assert zb.EXPRESSION_STATUS_DESCRIPTIONS[DIV0] == "division by zero"


def test_period_modifiers_are_references_of_their_own():
    e = zb.Expression("(#{x} - #{x}.samePeriodLastYear()) / #{x}.samePeriodLastYear() * 100"
                      " + 0 * #{x}.periodOffset(-1) + 0 * #{x}.yearToDate()")
    assert e.keys == ["x", "x@samePeriodLastYear()", "x@periodOffset(-1)", "x@yearToDate()"]
    assert [r.modifier for r in e.references] == [
        "none", "same_period_last_year", "period_offset", "year_to_date"]
    assert e.references[2].offset == -1
    # 同比: (1227 − 1000) / 1000 × 100 = 22.7
    values, _ = e.evaluate({"x": [1227], "x@samePeriodLastYear()": [1000],
                            "x@periodOffset(-1)": [3], "x@yearToDate()": [4]})
    assert values[0] == pytest.approx(22.7, rel=1e-14)


@pytest.mark.parametrize("text, position, expected", [
    ("(1 + 2", 6, "')' to close '(' at 0"),
    ("1 +", 3, "an operand: a number, #{element}, [variable], a function or '('"),
    ("#{births", 8, "'}' to close '#{' at 0"),
    ("foo(1)", 0, "a known function: if, min, max, abs, coalesce, isNull, isNotNull, greatest, "
                  "least, firstNonNull, log, log10, removeZeros, normDistCum, normDistDen"),
    ("if(1, 2)", 0, "3 arguments for if(condition, value if true, value if false), not 2"),
    ("[month]", 1, "a time variable: [days], [periodInYear], [periodsPerYear] or "
                   "[yearlyPeriodCount]"),
    # DHIS2's comparisons chain (docs/dhis2-expressions.md §2); a name cannot hold '@'.
    ("#{births@periodOffset(-1)}", 8, "a name character: '@' cannot be part of a name (a period "
                                      "modifier follows the '}': #{births}.periodOffset(-1))"),
    ("#{a}.lastYear()", 5,
     "a period modifier: periodOffset(n), samePeriodLastYear() or yearToDate()"),
    ("1 = 2", 2, "'==' to compare for equality (a single '=' is not an operator)"),
    ("1 2", 2, "an operator or the end of the expression"),
    # 出生数 are characters 2–4: the missing operand is at character 9 (byte 15).
    ("#{出生数} / ", 9, "an operand: a number, #{element}, [variable], a function or '('"),
])
def test_syntax_errors_give_the_character_position(text, position, expected):
    with pytest.raises(zb.ParseError) as info:
        zb.Expression(text)
    assert info.value.position == position
    assert info.value.expected == expected
    assert info.value.field == "expression"
    assert isinstance(info.value, ValueError)


def test_a_missing_input_key_is_named():
    e = zb.Expression("#{births} / #{pop}")
    with pytest.raises(zb.InvalidInput, match="no column 'pop'"):
        e.evaluate({"births": [1.0]})
    with pytest.raises(zb.InvalidInput, match=r"\[days\]"):
        zb.Expression("[days]").evaluate({})
    with pytest.raises(zb.InvalidInput, match="has 3 rows but 'births' has 2"):
        e.evaluate({"births": [1, 2], "pop": [1, 2, 3]})


def test_check_references_names_the_unknown_one():
    e = zb.Expression("#{birth} / #{pop}")
    with pytest.raises(zb.InvalidInput, match="unknown data element 'birth' in '#{birth} / #{pop}'"):
        e.check_references({"births", "pop"})
    e.check_references({"birth", "pop"})
    e.check_references(lambda r: True)


def test_float64_columns_are_read_in_place_and_scalars_broadcast():
    a = np.arange(1000, dtype=float)
    values, status = zb.Expression("#{a} * [days]").evaluate({"a": a}, days=2)
    np.testing.assert_array_equal(values, a * 2)
    assert not status.any()
    # Integer columns are converted once; a pandas Series works as a column.
    values, _ = zb.Expression("#{a} + 1").evaluate({"a": pd.Series([1, 2], dtype="int64")})
    assert values.tolist() == [2.0, 3.0]


def test_expression_frame_keeps_other_columns():
    df = pd.DataFrame({"township": ["甲", "乙", "丙"], "a": [10, 20, 30], "pop": [1000, 0, 500]},
                      index=[7, 8, 9])
    out = zb.expression_frame(df, "#{a} / #{pop} * 1000", name="rate")
    # 10/1000×1000 = 10; 20/0 undefined; 30/500×1000 = 60
    assert out["rate"].iloc[0] == 10 and math.isnan(out["rate"].iloc[1]) and out["rate"].iloc[2] == 60
    assert out["rate_status"].tolist() == ["ok", "division by zero", "ok"]
    assert out["township"].tolist() == ["甲", "乙", "丙"] and list(out.index) == [7, 8, 9]
    paced = zb.expression_frame(df.assign(m=[1, 6, 12]), "#{a} * [periodInYear] / [periodsPerYear]",
                                period_in_year="m", periods_per_year=12)
    assert paced["value"].tolist() == [10 * 1 / 12, 20 * 6 / 12, 30.0]  # 0.8333…, 10, 30
    with pytest.raises(zb.InvalidInput, match="no column 'b'"):
        zb.expression_frame(df, "#{b}")
    with pytest.raises(zb.InvalidRows):
        zb.expression_frame(df.assign(a=["x", 1, 2]), "#{a}")


def test_time_variables_of_periods():
    # May: 31 days, month 5 of 12; 2024Q2: April–June = 30 + 31 + 30 = 91 days, quarter 2 of 4.
    may = zb.Period.parse("2024-05")
    assert [zb.time_variable(may, v) for v in ("days", "periodInYear", "periodsPerYear")] == [31, 5, 12]
    q2 = zb.Period.parse("2024Q2")
    assert [zb.time_variable(q2, v) for v in ("days", "period_in_year", "periods_per_year")] == [91, 2, 4]
    # 2024年1-5月: a cumulative window of 5 months of 12.
    assert zb.time_variable(zb.Period.parse("2024年1-5月"), "periodInYear") == 5
    with pytest.raises(zb.InvalidInput):
        zb.time_variable(may, "weeks")


def test_reference_spans_locate_each_occurrence_in_characters():
    text = "#{出生} / #{人口}.periodOffset(-1) + #{出生}"
    e = zb.Expression(text)
    spans = e.reference_spans
    assert [i for i, _, _ in spans] == [0, 1, 0]
    assert [text[b:end] for _, b, end in spans] == ["#{出生}", "#{人口}.periodOffset(-1)", "#{出生}"]


# --- issue 14, classes 7 and 8 ------------------------------------------------------------------

def test_expression_frame_and_check_references_name_their_arguments():
    import pandas as pd

    df = pd.DataFrame({"doses": [67072.0], "task": [164318.0]})
    with pytest.raises(zb.InvalidInput, match="^frame: expected a pandas DataFrame, got Series"):
        zb.expression_frame(df["doses"], "#{doses} / #{task}")
    with pytest.raises(zb.InvalidInput, match="^name: expected the name of the value column"):
        zb.expression_frame(df, "#{doses} / #{task}", name=float("nan"))
    with pytest.raises(zb.InvalidInput, match="^expression: expected an Expression or its text"):
        zb.expression_frame(df, 3.0)
    with pytest.raises(zb.InvalidInput, match="^days: no such column 'd'"):
        zb.expression_frame(df, "#{doses} / [days]", days="d")
    with pytest.raises(zb.InvalidRows, match="row 0 doses"):
        zb.expression_frame(df.astype(object).assign(doses=["x"]), "#{doses} / #{task}")
    e = zb.Expression("#{doses} / #{task}")
    for bad in (float("nan"), None, "doses"):
        with pytest.raises(zb.InvalidInput, match="^known: "):
            e.check_references(bad)
    with pytest.raises(zb.InvalidInput, match="^known: the callable must return True or False"):
        e.check_references(lambda r: "yes")
    e.check_references({"doses", "task"})  # both known: no error
    # 67072 / 164318 = 0.408184...; half up at 4 decimals 0.4082
    assert round(float(zb.expression_frame(df, e)["value"].iloc[0]), 4) == 0.4082
