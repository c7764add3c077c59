"""Validation rules, consecutive-month rules and reported-rate checks from Python.

Sources: seed 002 (the 2024 half-year summary) item 11 for the reward recipients and funds, item 7
for the infectious-disease cases and the vaccination progress, item 9 (母婴健康工程) for the
caesarean rule; seed 000 for the quota completions; hand calculations written out below.
"""
import json

import numpy as np
import pandas as pd
import pytest

import zhibiao as zb

PARTS = ["basic", "extended", "special", "bankrupt", "honour", "sterilisation"]


def reward_cube(sterilisation=6910):
    # Seed 002 item 11: 22846 = 5401 + 8818 + 914 + 615 + 188 + 6910 (hand: 14219, 15133, 15748,
    # 15936, 22846). The total is reported by the district, the parts by two townships (an invented
    # split), all in June 2024; item 7: 1227例 = 乙类585 + 丙类642.
    tree = zb.org_unit_tree(pd.DataFrame({"code": ["D", "T1", "T2"], "name": ["区", "镇1", "镇2"],
                                          "parent": [None, "D", "D"]}))
    keys = ["reward_all"] + PARTS + ["cases_all", "class_b", "class_c"]
    cube = zb.DataCube(tree, [zb.DataElement(k, k) for k in keys], zb.Period.month(2024, 1), 6)
    rows = [("reward_all", "D", 22846), ("basic", "T1", 5401), ("extended", "T1", 8818), ("special", "T1", 914),
            ("bankrupt", "T2", 615), ("honour", "T2", 188), ("sterilisation", "T2", sterilisation),
            ("cases_all", "D", 1227), ("class_b", "T1", 585), ("class_c", "T2", 642)]
    cube.load_frame(pd.DataFrame(rows, columns=["element", "org_unit", "value"]).assign(period="2024-06"))
    return cube


def reward_rule():
    return zb.sum_of_parts_rule("reward_total", "reward_all", PARTS, "奖励扶助对象合计")


def test_reward_recipients_add_up_and_skipped_units_are_counted():
    v = zb.validate(reward_cube(), reward_rule(), ["D", "T1", "T2"], "2024年上半年")
    assert len(v) == 0
    s = v.attrs["summary"].iloc[0]
    # D passes; T1 and T2 report parts but no total: skipped (SKIP_IF_ALL_VALUES_MISSING), counted.
    assert (s.checked, s.passed, s.violated, s.skipped, s.errors) == (3, 1, 0, 2, 0)
    assert v.attrs["skipped"] == 2
    everything = zb.validate(reward_cube(), reward_rule(), ["D", "T1", "T2"], "2024年上半年", include="all")
    assert everything.outcome.tolist() == ["passed", "skipped", "skipped"]
    assert everything.message[0] == "22846 = 5401 + 8818 + 914 + 615 + 188 + 6910 = 22846 (rule 奖励扶助对象合计)"
    assert everything.period.tolist() == ["2024S1"] * 3


def test_an_altered_part_fails_with_the_rule_named():
    # 节育奖励 6910 → 6909: the parts sum to 22845 (hand: 22846 − 1).
    v = zb.validate(reward_cube(6909), reward_rule(), "D", "2024年上半年")
    assert len(v) == 1
    row = v.iloc[0]
    assert row.outcome == "violated" and row.rule == "reward_total" and row.org_unit == "D"
    assert (row.left, row.right) == (22846, 22845)
    assert row.message == "22846 ≠ 5401 + 8818 + 914 + 615 + 188 + 6909 = 22845 (rule 奖励扶助对象合计)"


def test_cases_by_class_and_rules_from_a_catalog():
    # Seed 002 item 7: 传染病1227例 = 乙类585例 + 丙类642例 (hand: 1227); a monthly period type checks
    # January–June separately: only June has data (five months skipped).
    catalog = {"indicators": [], "validation_rules": [
        {"id": "cases", "name_zh": "传染病例数合计", "left": "#{cases_all}", "operator": "==",
         "right": "#{class_b} + #{class_c}", "importance": "high", "period_type": "month"}]}
    text = json.dumps(catalog, ensure_ascii=False)
    zb.Catalog.from_json(text)  # the catalog reader still accepts the file
    rules = zb.validation_rules_from_json(text)
    assert rules[0].importance == "high" and rules[0].period_type == "month"
    v = zb.validate(reward_cube(), rules, "D", "2024年上半年", include="all")
    assert v.outcome.tolist() == ["skipped"] * 5 + ["passed"]
    assert v.period.tolist()[-1] == "202406"
    assert v.message.iloc[-1] == "1227 = 585 + 642 = 1227 (rule 传染病例数合计)"
    again = zb.validation_rules_from_json(zb.validation_rules_to_json(rules))
    assert again[0].right == "#{class_b} + #{class_c}"


def test_missing_value_strategies_and_bad_rules():
    cube = reward_cube()
    # At T1, 5401 + missing: SKIP_IF_ALL reads the missing part as 0, SKIP_IF_ANY skips.
    r_all = zb.ValidationRule("r", "#{basic}", "==", "#{basic} + #{bankrupt}")
    assert zb.validate(cube, r_all, "T1", "2024年上半年").attrs["summary"].passed[0] == 1
    r_any = zb.ValidationRule("r", "#{basic}", "==", "#{basic} + #{bankrupt}", right_missing="SKIP_IF_ANY_VALUE_MISSING")
    assert zb.validate(cube, r_any, "T1", "2024年上半年").attrs["summary"].skipped[0] == 1
    with pytest.raises(zb.InvalidInput, match="operator"):
        zb.ValidationRule("r", "#{a}", "=>", "#{b}")
    with pytest.raises(zb.InvalidInput, match="tolerance"):
        zb.ValidationRule("r", "#{a}", "==", "#{b}", tolerance=-1)
    with pytest.raises(zb.InvalidInput) as info:
        zb.validate(cube, zb.ValidationRule("r", "#{basic}", "<=", "#{nothing}"), "D", "2024年上半年")
    assert info.value.field == "validation_rules[r].right"


def caesarean_cube():
    # Five hospitals, January–June 2024; 剖宫产率 = caesarean / deliveries × 100, by hand:
    #   H1: 11/20 = 55, 18/30 = 60, 13/25 = 52, 40, 30, 20   → three months running (Jan–Mar)
    #   H2: 55, 60, 40, 70, 80, 20                           → twice, drops, again twice: not flagged
    #   H3: 45, 51, 52, 53, 54, 49                           → four months running (Feb–May)
    #   H4: 50 every month                                   → never above 50 (大于: strict)
    #   H5: 60, 60, (deliveries not reported), 60, 60, 60   → the gap ends a run; Apr–Jun flagged
    tree = zb.org_unit_tree(pd.DataFrame({"code": ["D", "H1", "H2", "H3", "H4", "H5"],
                                          "name": ["区", "医院1", "医院2", "医院3", "医院4", "医院5"],
                                          "parent": [None, "D", "D", "D", "D", "D"]}))
    cube = zb.DataCube(tree, [zb.DataElement("caesarean", "剖宫产数"), zb.DataElement("deliveries", "分娩数")],
                       zb.Period.month(2024, 1), 6)
    c = {"H1": [11, 18, 13, 40, 30, 20], "H2": [55, 60, 40, 70, 80, 20], "H3": [45, 51, 52, 53, 54, 49],
         "H4": [50] * 6, "H5": [60] * 6}
    d = {"H1": [20, 30, 25, 100, 100, 100], "H2": [100] * 6, "H3": [100] * 6, "H4": [100] * 6,
         "H5": [100, 100, None, 100, 100, 100]}
    rows = []
    for h in c:
        for m in range(6):
            rows.append(("caesarean", h, f"2024-0{m + 1}", c[h][m]))
            if d[h][m] is not None:
                rows.append(("deliveries", h, f"2024-0{m + 1}", d[h][m]))
    cube.load_frame(pd.DataFrame(rows, columns=["element", "org_unit", "period", "value"]))
    return cube


def test_consecutive_months_flag_exactly_the_hospitals_with_three_in_a_row():
    # Seed 002: 对连续3个月剖宫产率大于50%的单位给与通报批评.
    rule = zb.ConsecutiveRule("caesarean_high", "#{caesarean} / #{deliveries} * 100", ">", 50, 3,
                              name_zh="剖宫产率连续3个月大于50%", importance="high")
    runs = zb.consecutive_violations(caesarean_cube(), rule, 2, "2024年1-6月")
    assert runs.org_unit.tolist() == ["H1", "H3", "H5"]
    assert runs["first"].tolist() == ["202401", "202402", "202404"]
    assert runs["last"].tolist() == ["202403", "202405", "202406"]
    assert runs.length.tolist() == [3, 4, 3]
    assert runs.periods[1] == ["202402", "202403", "202404", "202405"]
    assert runs["values"][0] == pytest.approx([55, 60, 52], abs=1e-9)
    s = runs.attrs["summary"].iloc[0]
    assert (s.units, s.periods, s.flagged_units, s.runs, s.missing) == (5, 6, 3, 3, 1)
    assert runs.message[0].endswith("(rule 剖宫产率连续3个月大于50%)")


def test_reported_rates_single():
    # Seed 000: 任务数1600人, 已为1506人, 任务完成率94.13%: 1506/1600 × 100 = 94.125 exactly → 94.13
    # half up; 94.12 (banker's rounding) is inconsistent.
    assert zb.check_reported_rate(1506, 1600, "94.13").consistent
    bad = zb.check_reported_rate(1506, 1600, "94.12")
    assert not bad and str(bad.expected) == "94.13"
    # Seed 002: 67072 of 164318 doses, 完成全年任务的40.8% (0.408184…); printed 40.80 it would be wrong.
    assert zb.check_reported_rate(67072, 164318, "40.8")
    assert not zb.check_reported_rate(67072, 164318, "40.80")


def test_reported_rates_batch_from_text_and_numbers():
    # Seed 000: 1506/1600 → 94.13%; 104/124 → 83.9% (0.838709…); 359/371 → 96.77% (0.967654…);
    # 18101/19800 → 91.42% (0.914191…). Seed 000's 801 births at 4.86‰ of 164,815
    # (docs/units-and-rounding.md §5.1: 801/164815 × 1000 = 4.85999…). One altered figure: 94.12%.
    df = pd.DataFrame({"item": ["婚检", "婚检(错)", "监督", "孕前", "接种", "出生率"],
                       "x": [1506, 1506, 104, 359, 18101, 801], "n": [1600, 1600, 124, 371, 19800, 164815],
                       "printed": ["94.13%", "94.12%", "83.9%", "96.77%", "91.42%", "4.86‰"]})
    with pytest.raises(zb.InvalidRows) as info:
        zb.check_reported_rates(df, "x", "n", "printed")   # one unit per call: ‰ disagrees with %
    assert [r for r, _, _ in info.value.rows] == [5]
    out = zb.check_reported_rates(df.iloc[:5], "x", "n", "printed")
    assert out.consistent.tolist() == [True, False, True, True, True]
    assert out.expected.tolist() == [94.13, 94.13, 83.9, 96.77, 91.42]
    assert out.item.tolist() == df.item.tolist()[:5]                  # other columns kept
    per_mille = zb.check_reported_rates(df.iloc[5:], "x", "n", "printed")   # unit read from the text
    assert per_mille.consistent.tolist() == [True]
    # Numbers with the decimals given; a missing numerator is a reported bad row, or marked.
    nums = pd.DataFrame({"x": [1506, np.nan], "n": [1600, 10], "r": [94.13, 50.0]})
    with pytest.raises(zb.InvalidRows) as info:
        zb.check_reported_rates(nums, "x", "n", "r", decimals=2)
    assert info.value.rows[0][:2] == (1, "x")
    marked = zb.check_reported_rates(nums, "x", "n", "r", decimals=2, on_bad_rows="mark")
    assert marked.status.tolist() == ["consistent", "invalid_numerator"]
    with pytest.raises(zb.InvalidRows, match="not a number"):
        zb.check_reported_rates(pd.DataFrame({"x": [1], "n": [2], "r": ["五十"]}), "x", "n", "r")


def test_reported_rate_texts_are_read_in_cpp_like_the_scalar_check():
    # Seed 000's figures as printed in the report's tables, with the spacing tables use (a space,
    # an ideographic space U+3000 before the unit): 1506/1600 → 94.13 %, 104/124 → 83.9 %.
    df = pd.DataFrame({"x": [1506, 104, 1506], "n": [1600, 124, 1600],
                       "printed": ["94.13 %", "83.9\u3000%", "94.12%"]})
    out = zb.check_reported_rates(df, "x", "n", "printed")
    for row, ok in zip(df.itertuples(index=False), out.consistent):
        assert ok == zb.check_reported_rate(row.x, row.n, row.printed.replace("%", "").strip()).consistent
    assert out.status.tolist() == ["consistent", "consistent", "inconsistent"]
    assert list(out.status.cat.categories) == list(zb.REPORTED_STATUS_NAMES)
    # Every bad row named with the frame's column, sorted by row; marked as invalid_reported.
    bad = pd.DataFrame({"x": [1, 1, "a"], "n": [2, 2, 2], "printed": ["50%", "五十", "5‰"]})
    with pytest.raises(zb.InvalidRows) as info:
        zb.check_reported_rates(bad, "x", "n", "printed")
    assert info.value.rows == [(1, "printed", "is not a number: '五十'"), (2, "printed", "is printed in ‰ but the unit is %"),
                               (2, "x", "is not a number: 'a'")]
    assert str(info.value) == ("rows: 3 bad rows: row 1 printed: is not a number: '五十'; row 2 printed: is printed "
                               "in ‰ but the unit is %; row 2 x: is not a number: 'a'")
    marked = zb.check_reported_rates(bad, "x", "n", "printed", on_bad_rows="mark")
    assert marked.status.tolist() == ["consistent", "invalid_reported", "invalid_numerator"]
    assert marked.attrs["errors"] == info.value.rows


def test_reported_rate_texts_in_full_width_forms_are_read():
    # Figures typed on a Chinese input method come in full-width forms (U+FF10–U+FF19 digits,
    # ％ U+FF05, ． U+FF0E); they are the same figures: 1506 / 1600 = 94.125 % prints 94.13 %
    # (half up), 2 / 3 = 66.67 %. detail/utf8.hpp folds them before the figure is read.
    df = pd.DataFrame({"x": [1506, 1506, 2], "n": [1600, 1600, 3],
                       "printed": ["９４．１３％", "９４.１２%", "６６．６７％"]})
    out = zb.check_reported_rates(df, "x", "n", "printed")
    assert out["consistent"].tolist() == [True, False, True]
    assert out["expected"].tolist() == [94.13, 94.13, 66.67]


# --- issue 14, classes 7 and 8: rules, cubes, windows and reported-rate tables named ------------

def test_validate_and_consecutive_violations_name_their_arguments():
    from test_cube import seed_cube

    cube = seed_cube()
    rule = zb.ValidationRule("r", "#{signed}", "<=", "#{population}")
    with pytest.raises(zb.InvalidInput, match="^cube: expected a zhibiao.DataCube, got float"):
        zb.validate(float("nan"), rule)
    with pytest.raises(zb.InvalidInput, match="^rules: expected a ValidationRule or a list"):
        zb.validate(cube, "r")
    with pytest.raises(zb.InvalidInput, match="^rules: item 1 is int"):
        zb.validate(cube, [rule, 3])
    with pytest.raises(zb.InvalidInput, match="^include: expected one of 'violations', 'all', 'problems'"):
        zb.validate(cube, rule, include=np.array([1, "x"], dtype=object))
    with pytest.raises(zb.InvalidInput, match="^language: "):
        zb.validate(cube, rule, language="fr")
    with pytest.raises(zb.InvalidInput, match="^org_units: "):
        zb.validate(cube, rule, org_units=float("inf"))
    run = zb.ConsecutiveRule("c", "#{signed} / #{population} * 100", ">", 20, 1)
    with pytest.raises(zb.InvalidInput, match="^rules: expected a ConsecutiveRule"):
        zb.consecutive_violations(cube, rule)  # a ValidationRule is not a run rule
    with pytest.raises(zb.InvalidInput, match="^window: expected one period"):
        zb.consecutive_violations(cube, run, window=np.array([], dtype=float))
    # every rule passes: signed ≤ population in each of the district's units
    assert len(zb.validate(cube, rule, org_units=["D"], periods="2019")) == 0


def test_check_reported_rates_names_its_columns_and_decimals():
    frame = pd.DataFrame({"x": [1506.0, 359.0], "n": [1600.0, 371.0], "r": ["94.13", "96.77"]})
    with pytest.raises(zb.InvalidInput, match="^frame: expected a pandas DataFrame, got float"):
        zb.check_reported_rates(1e308, "x", "n", "r")
    with pytest.raises(zb.InvalidInput, match="^reported: no such column 'rate'"):
        zb.check_reported_rates(frame, "x", "n", "rate")
    with pytest.raises(zb.InvalidInput, match="^decimals: no such column 'abc'"):
        zb.check_reported_rates(frame, "x", "n", "r", decimals="abc")  # text names a column
    for bad in (True, 1e308, -1, 2.5):
        with pytest.raises(zb.InvalidInput, match="^decimals: "):
            zb.check_reported_rates(frame, "x", "n", "r", decimals=bad)
    with pytest.raises(zb.InvalidInput, match="^on_bad_rows: "):
        zb.check_reported_rates(frame, "x", "n", "r", on_bad_rows="ignore")
    # 1506/1600 = 94.125 → 94.13 half up; 359/371 = 96.765… → 96.77: both consistent
    assert zb.check_reported_rates(frame, "x", "n", "r")["consistent"].tolist() == [True, True]


def test_per_row_decimals_must_be_whole_numbers_not_truncated():
    # 1506/1600 = 94.125 %: at 2 decimals 94.13 (consistent); a decimals cell of 2.5 was read as 2
    frame = pd.DataFrame({"x": [1506.0, 1506.0], "n": [1600.0, 1600.0], "r": [94.13, 94.13],
                          "d": [2, 2.5]})
    out = zb.check_reported_rates(frame, "x", "n", "r", decimals="d", on_bad_rows="mark")
    assert out["consistent"].tolist() == [True, False]
    assert [(row, field) for row, field, _ in out.attrs["errors"]] == [(1, "d")]
    with pytest.raises(zb.InvalidRows, match="row 0 x"):  # True is not a count
        zb.check_reported_rates(frame.astype(object).assign(x=[True, 1506.0]), "x", "n", "r")


def test_a_non_finite_reported_rate_is_named_as_reported():
    # 1506/1600 = 94.125 → 94.13; a NaN or infinite printed figure cannot be checked
    for bad in (float("nan"), float("inf")):
        with pytest.raises(zb.InvalidInput, match="^reported: must be a finite number"):
            zb.check_reported_rate(1506, 1600, bad)
    assert zb.check_reported_rate(1506, 1600, 94.13).consistent
