"""Targets, assessment and comparisons from Python (issue 7's acceptance figures from seed 002)."""
import datetime as dt

import numpy as np
import pandas as pd
import pytest

import zhibiao as zb


def test_vaccination_behind_and_marriage_checks_ahead():
    # Seed 002: 164318 doses (7469 × 22), 67072 by 31 May: 40.82 % against 41.67 % -> behind.
    quota = zb.Quota.from_expression("7469 * 22", zb.Period.year(2024))
    assert quota.amount == 164318
    a = zb.assess_quota(67072, quota, dt.date(2024, 5, 31))
    assert a.pace == "behind" and round(a.completion, 2) == 40.82 and round(a.time_progress, 2) == 41.67
    assert a.summary() == "完成全年任务的40.82%，序时进度41.67%，落后序时进度0.85个百分点"
    # 婚检 3448 pairs of a 6800 quota: 50.71 % -> ahead.
    b = zb.assess_quota(3448, zb.Quota(6800, zb.Period.year(2024)), "2024-05-31")
    assert b.pace == "ahead" and round(b.completion, 2) == 50.71


def test_quota_split_by_population_adds_up():
    parts = zb.split_quota(6800, [60000, 50000, 40000, 28005])
    assert sum(parts) == 6800 and all(isinstance(p, int) for p in parts)
    # Exact shares 2292.07, 1910.06, 1528.05, 1069.82: the unit left after the floors goes to the
    # largest remainder (0.82).
    assert parts == [2292, 1910, 1528, 1070]


def district_with_two_indicators():
    tree = zb.org_unit_tree(pd.DataFrame({"code": ["D", "T1", "T2", "T3"], "name": ["区", "镇1", "镇2", "镇3"],
                                          "parent": [None, "D", "D", "D"]}))
    cube = zb.DataCube(tree, [zb.DataElement("infant_deaths"), zb.DataElement("births"),
                              zb.DataElement("vaccinated"), zb.DataElement("eligible")], zb.Period.month(2024, 1), 12)
    # Invented township figures: deaths/births 2/800, 9/600, 4/700; vaccinated/eligible 780/800,
    # 500/600, 640/700.
    rows = []
    for unit, (d, b, v, e) in {"T1": (2, 800, 780, 800), "T2": (9, 600, 500, 600), "T3": (4, 700, 640, 700)}.items():
        rows += [("infant_deaths", unit, "2024-06", d), ("births", unit, "2024-06", b),
                 ("vaccinated", unit, "2024-06", v), ("eligible", unit, "2024-06", e)]
    cube.load_frame(pd.DataFrame(rows, columns=["element", "org_unit", "period", "value"]))
    indicators = [
        zb.Indicator("infant_mortality", "#{infant_deaths}", "#{births}", unit="‰", kind="rate",
                     direction="lower_is_better", name_zh="婴儿死亡率"),
        zb.Indicator("coverage", "#{vaccinated}", "#{eligible}", unit="%", kind="proportion",
                     direction="higher_is_better", name_zh="接种率"),
    ]
    return cube, indicators


def test_lower_and_higher_is_better_in_one_table():
    cube, indicators = district_with_two_indicators()
    table = zb.evaluate(cube, indicators, 2, "2024", confidence=0.95)
    assessed = zb.assess_thresholds(table, {"infant_mortality": "低于8‰", "coverage": "≥90%"})
    got = assessed.set_index(["indicator", "org_unit"])
    # 2/800 = 2.5 ‰ < 8 ‰; 9/600 = 15 ‰ misses by 7 ‰ and needs 5 deaths fewer (4/600 = 6.67 ‰).
    assert got.loc[("infant_mortality", "T1"), "reached"]
    assert not got.loc[("infant_mortality", "T2"), "reached"]
    assert got.loc[("infant_mortality", "T2"), "shortfall"] == pytest.approx(7.0)
    assert got.loc[("infant_mortality", "T2"), "count_needed"] == 5
    # 780/800 = 97.5 % ≥ 90 %; 500/600 = 83.33 % misses by 6.67 points, 40 more children needed.
    assert got.loc[("coverage", "T1"), "reached"]
    assert got.reached.notna().all()
    assert got.loc[("coverage", "T2"), "count_needed"] == 40
    assert got.loc[("coverage", "T2"), "target"] == "≥90%"
    # Benchmarked against invented province values, each in its direction: T2's 15 ‰, whose exact
    # Poisson limits for 9 deaths (Garwood: 4.115 and 17.085) give 6.86–28.47 ‰, lies above
    # 5.6 ‰ -> worse; T1's coverage 97.5 % [96.2, 98.4]
    # lies above 95 % -> better; T2's coverage 83.3 % lies below it -> worse.
    bench = zb.benchmark_frame(table, {"infant_mortality": 5.6, "coverage": 95.0}, indicators)
    verdict = bench.set_index(["indicator", "org_unit"])["benchmark"]
    assert verdict[("infant_mortality", "T2")] == "worse"
    assert verdict[("infant_mortality", "T1")] == "similar"
    assert verdict[("coverage", "T1")] == "better"
    assert verdict[("coverage", "T2")] == "worse"


def test_thresholds_improvements_and_comparisons():
    t = zb.Threshold.parse("控制在10%以内")
    assert (t.bound, t.value) == ("at_most", 10) and t.met_by(10) and not t.met_by(10.01)
    with pytest.raises(zb.ParseError):
        zb.Threshold.parse("越高越好")
    fall = zb.Improvement("relative", 30, "lower_is_better")
    a = zb.assess_improvement(16.5, fall, 18.5)
    assert a.change_points == -2.0 and round(a.change_relative, 2) == -10.81 and not a.reached
    c = zb.compare_proportions(56, 70, 48, 80, direction="higher_is_better")
    assert c.verdict == "better" and round(c.lower, 2) == 5.24 and round(c.upper, 2) == 33.39
    assert zb.rank([83.9, 96.7, 96.7, 100], "higher_is_better") == [4, 2, 2, 1]


def _row_by_row_assessment(frame, targets):
    """What assess_thresholds computed before issue 13: one assess_threshold call per row."""
    out = []
    for row in frame.itertuples(index=False):
        t = targets.get(row.indicator)
        if t is None or np.isnan(row.value):
            out.append((t.describe() if t else None, None, np.nan, np.nan))
            continue
        a = zb.assess_threshold(float(row.value), t, row.numerator, row.denominator)
        out.append((t.describe(), a.reached, a.shortfall, np.nan if a.count_needed is None else a.count_needed))
    return out


def test_table_assessment_is_the_scalar_assessment_of_every_row():
    # The invented townships above plus an indicator without a target and a row without a value:
    # T2's 9/600 = 15 ‰ misses 低于8‰ by 7 ‰ and needs 5 deaths fewer (4/600 = 6.67 ‰); its
    # 500/600 = 83.33 % needs 40 more children for 90 % (540/600).
    cube, indicators = district_with_two_indicators()
    table = zb.evaluate(cube, indicators, 2, "2024", confidence=0.95)
    extra = pd.DataFrame({"indicator": ["other", "coverage"], "org_unit": ["T1", "T9"], "value": [1.0, np.nan],
                          "numerator": [1.0, np.nan], "denominator": [2.0, np.nan]})
    table = pd.concat([table, extra], ignore_index=True)
    targets = {"infant_mortality": zb.Threshold.parse("低于8‰"), "coverage": zb.Threshold.parse("≥90%")}
    got = zb.assess_thresholds(table, targets)
    expected = _row_by_row_assessment(table, targets)
    assert got.target.tolist() == [e[0] for e in expected]
    assert got.reached.tolist() == [e[1] for e in expected]
    np.testing.assert_array_equal(got.shortfall.to_numpy(), [e[2] for e in expected])
    np.testing.assert_array_equal(got.count_needed.to_numpy(), [e[3] for e in expected])
    row = got[(got.indicator == "coverage") & (got.org_unit == "T2")].iloc[0]
    assert row.count_needed == 40 and row.reached is False
    # Every row assessed: a plain bool column.
    assessed = zb.assess_thresholds(table.iloc[:-2], targets)
    assert assessed.reached.dtype == bool


def test_table_benchmark_is_the_scalar_benchmark_of_every_row():
    # Against the invented province values 5.6 ‰ and 95 %, as test_lower_and_higher_is_better_in_one_table.
    cube, indicators = district_with_two_indicators()
    table = zb.evaluate(cube, indicators, 2, "2024", confidence=0.95)
    references = {"infant_mortality": 5.6, "coverage": 95.0}
    got = zb.benchmark_frame(table, references, indicators)
    direction = {i.id: i.direction for i in indicators}
    for row, verdict in zip(table.itertuples(index=False), got.benchmark):
        assert verdict == zb.benchmark(row.value, row.lower_95, row.upper_95, references[row.indicator],
                                       direction[row.indicator])
    # An indicator without a reference is not benchmarked.
    assert zb.benchmark_frame(table, {"coverage": 95.0}, indicators).benchmark.isna().sum() == 3


# --- Issue 14, class 2: the whole number or a ParseError with the character, never a misreading.
# Each shape once, by name; before, each came out as the number in the comment (or parsed at all).

def _refused(text, **options):
    with pytest.raises(zb.ParseError) as info:
        zb.Threshold.parse(text, **options)
    assert info.value.field == "target"
    return info.value


def test_threshold_thousands_separators_read_the_whole_number():
    assert zb.Threshold.parse("不低于1,000").value == 1000   # was ≥0
    assert zb.Threshold.parse("不低于1，000").value == 1000  # full-width comma; was ≥0
    assert _refused("不低于1,5%").position == 4              # a decimal comma; was ≥5%


def test_threshold_count_keeps_its_noun_not_dropped():
    t = zb.Threshold.parse("不少于1,000人")                  # was ≥0, then refused
    assert (t.value, t.count_unit, t.describe()) == (1000, "人", "≥1000人")
    e = _refused("不少于100头")                              # a noun it does not know
    assert e.position == 6 and "counted noun" in str(e)


def test_threshold_signs_are_read():
    assert zb.Threshold.parse("不低于-5%").value == -5       # was ≥5%
    assert zb.Threshold.parse("不低于+5%").value == 5
    assert "a comparison such as" in str(_refused("+5%"))


def test_threshold_leading_point_is_a_fraction():
    assert zb.Threshold.parse("≥.5%").value == 0.5           # was ≥5%


def test_threshold_exponent_is_read():
    assert zb.Threshold.parse("≥1e3").value == 1000          # was ≥3


def test_threshold_other_unit_is_read_or_refused():
    assert zb.Threshold.parse("不低于5‰").unit == zb.Unit("‰")
    e = _refused("不低于5‰", unit="%")                       # the indicator's unit is per cent
    assert e.position == 4 and "the unit %" in str(e)
    assert _refused("低于10/10万", unit="percent").position == 4
    assert zb.Threshold.parse("低于10/10万", unit="/10万").value == 10


def test_threshold_two_comparison_words_are_refused_at_the_second():
    assert _refused("高于低于5%").position == 2              # was >5%
    assert _refused("不低于不高于90%").position == 3         # was ≥90%


def test_threshold_baseline_relative_wording_is_not_a_threshold():
    for text, at in [("不高于近5年平均水平", 3), ("不低于2023年水平", 3), ("较上年提高2个百分点", 0)]:
        e = _refused(text)                                    # were ≤5, ≥2023 and (refused) —
        assert e.position == at and "baseline-relative targets" in str(e)


def test_threshold_trailing_text_is_refused():
    assert _refused("≥90%abc").position == 4                 # was ≥90%
    assert _refused("≥1.2.3%").position == 4                 # was ≥1.2%


# --- issue 14, classes 7 and 8: whole-table assessment names its bad arguments ----------------

def test_assess_thresholds_and_benchmark_frame_name_their_arguments():
    cube, indicators = district_with_two_indicators()
    table = zb.evaluate(cube, indicators, 2, "2024", confidence=0.95)
    targets = {"infant_mortality": "低于8‰"}
    with pytest.raises(zb.InvalidInput, match="^frame: expected a pandas DataFrame, got list"):
        zb.assess_thresholds(["a", "b"], targets)
    with pytest.raises(zb.InvalidInput, match="^targets: expected a dict"):
        zb.assess_thresholds(table, float("nan"))
    with pytest.raises(zb.InvalidInput, match="^targets: the target of 'infant_mortality' is float"):
        zb.assess_thresholds(table, {"infant_mortality": 8.0})
    with pytest.raises(zb.InvalidInput, match="^value: no such column 'rate'"):
        zb.assess_thresholds(table, targets, value="rate")
    with pytest.raises(zb.InvalidInput, match="^numerator: expected a column name"):
        zb.assess_thresholds(table, targets, numerator=np.array([1.0]))
    # a text value: InvalidRows naming the row, never read as a missing value
    text = table.astype({"value": object})
    text.loc[0, "value"] = "abc"
    with pytest.raises(zb.InvalidRows, match="row 0 value"):
        zb.assess_thresholds(text, targets)
    with pytest.raises(zb.InvalidInput, match="^indicators: expected a Catalog or a list"):
        zb.benchmark_frame(table, {"coverage": 90.0}, float("nan"))
    with pytest.raises(zb.InvalidInput, match="^indicators: item 0 is str"):
        zb.benchmark_frame(table, {"coverage": 90.0}, ["coverage"])
    with pytest.raises(zb.InvalidInput, match="^references\\['coverage'\\]: "):
        zb.benchmark_frame(table, {"coverage": "90"}, indicators)
    with pytest.raises(zb.InvalidInput, match="^lower: no such column 'lower_99'"):
        zb.benchmark_frame(table, {"coverage": 90.0}, indicators, lower="lower_99")


# --- assess_improvements: a whole table against improvement targets (issue 19 item 1) -----------

def test_improvement_table_is_the_scalar_row_by_row():
    # Hand calculations: 18.5 % → 16.5 % is −2 points, −10.81 % (reached 较上年下降2个百分点);
    # 18.5 → 17.9 is −0.6 points (missed). 89.6 → 92.1 % is +2.5 points (较上年提高2个百分点: reached).
    f = pd.DataFrame({"indicator": ["smoking", "smoking", "mgmt", "other"],
                      "value": [16.5, 17.9, 92.1, 5.0], "baseline": [18.5, 18.5, 89.6, 4.0],
                      "township": ["东城街道", "石桥镇", "东城街道", "石桥镇"]},
                     index=[10, 11, 12, 13])
    targets = {"smoking": "较上年下降2个百分点", "mgmt": "较上年提高2个百分点"}
    out = zb.assess_improvements(f, targets)
    assert list(out.index) == [10, 11, 12, 13] and list(out["township"]) == list(f["township"])
    assert list(out["reached"]) == [True, False, True, None]   # "other" has no target
    assert out["change_points"].iloc[:3].round(10).tolist() == [-2.0, -0.6, 2.5]
    assert out["change_relative"].iloc[0] == pytest.approx(-2 / 18.5 * 100)
    assert out["target"].tolist() == ["较上年下降2个百分点", "较上年下降2个百分点",
                                      "较上年提高2个百分点", None]
    for i in range(3):
        one = zb.assess_improvement(f["value"].iloc[i], zb.Improvement.parse(targets[f["indicator"].iloc[i]]),
                                    f["baseline"].iloc[i])
        assert one.reached == out["reached"].iloc[i]
        assert one.change_points == out["change_points"].iloc[i]


def test_improvement_table_history_trend_average_and_missing_years():
    # 逐年下降: 20 → 19 → 18.2 → 17 falls every year (reached); 20 → 18 → 18.5 → 17 does not.
    # 不高于近3年平均水平: mean(10, 12, 14) = 12, value 11.5 ≤ 12 reached (lower is better).
    f = pd.DataFrame({"indicator": ["t", "t", "avg", "t"],
                      "y1": [20.0, 20.0, 10.0, np.nan], "y2": [19.0, 18.0, 12.0, 19.0],
                      "y3": [18.2, 18.5, 14.0, 18.0], "value": [17.0, 17.0, 11.5, 17.5]})
    out = zb.assess_improvements(f, {"t": "逐年下降", "avg": "不高于近3年平均水平"}, baseline=None,
                                 history=["y1", "y2", "y3"])
    assert list(out["reached"]) == [True, False, True, True]   # row 3: the two years it has
    assert out["reference"].iloc[2] == pytest.approx(12.0)
    # A missing latest year leaves nothing to compare with: not assessed, the table goes on.
    g = f.assign(y3=[18.2, np.nan, 14.0, 18.0])
    assert zb.assess_improvements(g, {"t": "逐年下降", "avg": "不高于近3年平均水平"}, baseline=None,
                                  history=["y1", "y2", "y3"])["reached"].iloc[1] is None


def test_improvement_table_zero_baseline_missing_values_and_bad_rows():
    f = pd.DataFrame({"indicator": ["r", "r", "r"], "value": [1.0, np.nan, 3.0],
                      "baseline": [0.0, 1.0, np.nan]}, index=["a", "b", "c"])
    out = zb.assess_improvements(f, {"r": "较上年提高10%"})
    # From a baseline of 0 there is no relative change: not reached, the change in points stands.
    assert out["reached"].tolist() == [False, None, None]
    assert out["change_points"].iloc[0] == 1.0 and np.isnan(out["change_relative"].iloc[0])
    bad = f.assign(value=[1.0, np.inf, 3.0])
    with pytest.raises(zb.InvalidRows, match=r"value \(index 'b'\)"):
        zb.assess_improvements(bad, {"r": "较上年提高10%"})
    with pytest.raises(zb.InvalidInput, match="baseline"):
        zb.assess_improvements(f.drop(columns="baseline"), {"r": "较上年提高10%"})
    with pytest.raises(zb.InvalidInput, match="targets"):
        zb.assess_improvements(f, {"nope": "较上年提高10%"})


def test_value_assessments_refuse_a_groupby_and_say_why():
    # A group's rate is Σ numerators / Σ denominators, not a mean of its rows' rates (docs/tables.md).
    f = pd.DataFrame({"indicator": ["r", "r"], "value": [80.0, 40.0], "baseline": [70.0, 50.0],
                      "township": ["甲", "甲"]})
    for call in (lambda g: zb.assess_improvements(g, {"r": "较上年提高2个百分点"}),
                 lambda g: zb.assess_thresholds(g, {"r": "≥60%"})):
        with pytest.raises(zb.InvalidInput, match="cannot pool"):
            call(f.groupby("township"))
