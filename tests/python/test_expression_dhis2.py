"""DHIS2's expression dialect from Python: the options of zhibiao.Expression.

Expected values come from DHIS2's specification (docs/dhis2-expressions.md): the missing value
strategies of docs.dhis2.org "Validation rules", dhis2/expression-parser's LogTest, IfTest and
GreatestTest, and the grammar Expression.g4 (dhis2/dhis2-antlr-expression-parser).
"""
import numpy as np
import pytest

import zhibiao as zb

OK, MISSING, DIV0, DOMAIN = 0, 1, 2, 3


def test_missing_value_strategies_and_null_tests_before_substitution():
    a = np.array([3.0, np.nan, np.nan])
    b = np.array([4.0, 4.0, np.nan])
    data = {"a": a, "b": b}
    # Row 1: a missing, b = 4; row 2: both missing.
    any_ = zb.Expression("#{a} + #{b}", missing_values="SKIP_IF_ANY_VALUE_MISSING")
    all_ = zb.Expression("#{a} + #{b}", missing_values="skip_if_all_values_missing")
    never = zb.Expression("#{a} + #{b}", missing_values="never_skip")
    v, s = any_.evaluate(data)
    assert v[0] == 7 and np.isnan(v[1:]).all() and s.tolist() == [OK, MISSING, MISSING]
    v, s = all_.evaluate(data)
    assert v[:2].tolist() == [7.0, 4.0] and np.isnan(v[2]) and s.tolist() == [OK, OK, MISSING]
    v, s = never.evaluate(data)
    assert v.tolist() == [7.0, 4.0, 0.0] and s.tolist() == [OK, OK, OK]
    # isNull sees the value before 0 is substituted: 1 where a is missing.
    v, _ = zb.Expression("isNull(#{a}) * 10 + #{a}", missing_values="never_skip").evaluate(data)
    assert v.tolist() == [3.0, 10.0, 10.0]


def test_dhis2_semantics_option():
    # 1/0: zhibiao's default is undefined with a status; DHIS2 (BinaryOperator.divide) gives +inf,
    # still flagged as a division by zero.
    v, s = zb.Expression("#{a} / #{b}").evaluate({"a": [1.0], "b": [0.0]})
    assert np.isnan(v[0]) and s[0] == DIV0
    v, s = zb.Expression("#{a} / #{b}", dhis2_semantics=True).evaluate({"a": [1.0], "b": [0.0]})
    assert v[0] == np.inf and s[0] == DIV0
    # LogTest: log(0) = -inf; IfTest: if(null, true, false) is false; GreatestTest: nulls skipped.
    v, s = zb.Expression("log(0)", dhis2_semantics=True).evaluate({})
    assert v[0] == -np.inf and s[0] == DOMAIN
    v, _ = zb.Expression("if(null, 1, 2) + greatest(null, 4, 5.0)", dhis2_semantics=True).evaluate({})
    assert v[0] == 7.0


def test_constants_wildcards_and_refusals():
    e = zb.Expression("#{births.*.public} * C{Hz1a2b3c4d5} % 7", constants={"Hz1a2b3c4d5": 3})
    assert e.keys == ["births.*.public"] and e.references[0].attribute == "public"
    v, _ = e.evaluate({"births.*.public": [5.0]})
    assert v[0] == 1.0  # 5 * 3 = 15, 15 % 7 = 1
    with pytest.raises(zb.ParseError) as err:
        zb.Expression("#{births@periodOffset(-1)}")
    assert err.value.position == 8
    with pytest.raises(zb.ParseError):
        zb.Expression("C{Hz1a2b3c4d5}")  # no constants given
    with pytest.raises(zb.InvalidInput):
        zb.Expression("1", missing_values="sometimes")
    with pytest.raises(zb.InvalidInput):
        zb.Expression("C{k}", constants={"k": "2"})


def test_validation_rule_isnull_sees_the_value_before_substitution():
    import pandas as pd

    # T1 reports a = 5 and no b. Under SKIP_IF_ALL_VALUES_MISSING (DHIS2's default, "Validation
    # rules") the right side is evaluated with b read as 0, but isNull(#{b}) is still 1 (true):
    # a + isNull(b) == a + 1 holds only if isNull saw b missing (it would see 0 after substitution).
    tree = zb.org_unit_tree(pd.DataFrame({"code": ["T1"], "name": ["镇1"], "parent": [None]}))
    cube = zb.DataCube(tree, [zb.DataElement(k, k) for k in ["a", "b"]], zb.Period.month(2024, 1), 1)
    cube.load_frame(pd.DataFrame([("a", "T1", 5.0)], columns=["element", "org_unit", "value"])
                    .assign(period="2024-01"))
    rule = zb.ValidationRule("r", "#{a} + isNull(#{b})", "==", "#{a} + 1")
    assert zb.validate(cube, rule, "T1", "2024-01").attrs["summary"].passed[0] == 1


def test_evaluate_takes_the_dhis2_options():
    # An indicator (#{a} + #{b}) × C{k} over one unit and month where b was never reported:
    # zhibiao's default makes the row missing; DHIS2's NEVER_SKIP counts b as 0 (docs.dhis2.org
    # "Validation rules", missing value strategy), so 5 × 2 = 10 with the constant k = 2.
    import pandas as pd

    tree = zb.OrgUnitTree.from_parent_table(["D"], ["示例区"], [""])
    cube = zb.DataCube(tree, [zb.DataElement("a"), zb.DataElement("b")], zb.Period.month(2024, 1), 1)
    cube.load_frame(pd.DataFrame({"element": ["a"], "org_unit": ["D"], "period": ["202401"],
                                  "value": [5.0]}))
    ind = zb.Indicator("x", "(#{a} + #{b}) * C{k}", "1", unit="ratio")
    with pytest.raises(zb.ParseError):          # C{k} without its value
        zb.evaluate(cube, [ind])
    default = zb.evaluate(cube, [ind], constants={"k": 2})
    assert np.isnan(default["value"][0]) and default["status"][0].startswith("missing")
    # (b never reported: the coverage rule would flag the row partial; any_data judges the value)
    never = zb.evaluate(cube, [ind], constants={"k": 2}, missing_values="never_skip",
                        coverage="any_data")
    assert never["value"][0] == 10.0 and never["status"][0] == "ok"
    with pytest.raises(zb.InvalidInput, match="missing_values"):
        zb.evaluate(cube, [ind], constants={"k": 2}, missing_values="sometimes")


def test_string_literals_compare_and_give_text():
    # dhis2/expression-parser CompareExpressionTest: '10' > '2' is false (strings compare as
    # strings), 10 > '2' true (a string beside a number is a number), false == '' true.
    v, s = zb.Expression("('10' > '2') + 10 * (10 > '2') + 100 * (false == '')").evaluate({})
    assert v.tolist() == [110.0] and s.tolist() == [OK]
    # StringExpressionTest: '' is ""; FirstNonNullTest: firstNonNull(null,null, "42", "23") is "42".
    e = zb.Expression("''")
    assert e.result_type == "text"
    values, status = e.evaluate({})
    assert values.dtype == object and values.tolist() == [""] and status.tolist() == [OK]
    assert zb.Expression('firstNonNull(null,null, "42", "23")').evaluate({})[0].tolist() == ["42"]
    assert zb.Expression("1 + 1").result_type == "number"
    # A string chosen by the data, row by row (a = 95, 80, missing; 90 is the bar).
    values, status = zb.Expression("if(#{a} >= 90, '达标', '未达标')").evaluate(
        {"a": np.array([95.0, 80.0, np.nan])})
    assert values.tolist() == ["达标", "未达标", None] and status.tolist() == [OK, OK, MISSING]


def test_strings_refused_where_a_number_is_needed():
    # Typed.kt toNumberTypeCoercion: 'abc'.toDouble() fails in DHIS2; here at the string's position.
    with pytest.raises(zb.ParseError) as err:
        zb.Expression("1 + 'abc'")
    assert err.value.position == 4
    # A text expression is no indicator: the cube refuses it by the indicator's field.
    tree = zb.OrgUnitTree.from_parent_table(["D"], ["示例区"], [""])
    cube = zb.DataCube(tree, [zb.DataElement("a")], zb.Period.month(2024, 6), 1)
    with pytest.raises(zb.InvalidInput, match="gives text"):
        zb.evaluate(cube, [zb.Indicator("x", "if(#{a} > 0, 'y', 'n')", "1")])
