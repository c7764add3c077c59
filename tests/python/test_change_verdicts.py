"""Small-number verdicts on change targets (assess_improvements(confidence=); docs/targets.md §7).

Hand-worked cases:
- Newcombe (1998) Table II example (a): 56/70 − 48/80 = 80 % − 60 % = +20 points, method 10
  limits 5.24–33.39 points. 较上年提高2个百分点: 5.24 > 2, reached. 提高10个百分点: 20 ≥ 10 by
  the value, but 10 lies inside 5.24–33.39: not distinguishable. 提高40个百分点: 33.39 < 40,
  not reached.
- The example district's blood-pressure control (examples/district/README.md story 4):
  12869/23758 = 54.17 % → 14446/23771 = 60.77 %, +6.60 points, Newcombe 5.72–7.49.
- Rates, 3 maternal deaths in 25,000 live births against 5 in 25,000 the year before: 12 vs
  20 /10万, −40 %. Given 8 deaths, the current year's share is Binomial(8, π); Clopper–Pearson for
  3 of 8 is 0.085233–0.755137, so RR = π / (1 − π) × 25000/25000 lies in 0.093175–3.083913, a
  relative change of −90.68 % to +208.39 %. 较上年下降30%: −40 % is a fall of 30 % or more by the value,
  but −30 % lies inside the interval: not distinguishable. With 100× the counts (300 vs 500 of
  2,500,000) the same −40 % is decisive.
"""
import math

import numpy as np
import pandas as pd
import pytest

import zhibiao as zb


def frame(indicator, x1, n1, x0, n0, multiplier):
    return pd.DataFrame({"indicator": [indicator], "value": [x1 / n1 * multiplier],
                         "baseline": [x0 / n0 * multiplier], "numerator": [x1],
                         "denominator": [n1], "baseline_numerator": [x0],
                         "baseline_denominator": [n0]})


@pytest.mark.parametrize("target, reached, verdict", [
    ("较上年提高2个百分点", True, "reached"),
    ("较上年提高10个百分点", True, "not_distinguishable"),
    ("较上年提高40个百分点", False, "not_reached"),
])
def test_newcombe_example_against_points_targets(target, reached, verdict):
    f = frame("family_doctor_contract_rate", 56, 70, 48, 80, 100)
    out = zb.assess_improvements(f, {"family_doctor_contract_rate": target}, confidence=0.95)
    assert bool(out.loc[0, "reached"]) is reached
    assert out.loc[0, "verdict"] == verdict
    assert out.loc[0, "ci_lower"] == pytest.approx(5.24, abs=0.005)
    assert out.loc[0, "ci_upper"] == pytest.approx(33.39, abs=0.005)


def test_district_blood_pressure_control():
    f = frame("hypertension_bp_control_rate", 14446, 23771, 12869, 23758, 100)
    out = zb.assess_improvements(f, {"hypertension_bp_control_rate": "较上年提高7个百分点"},
                                 confidence=0.95)
    assert out.loc[0, "change_points"] == pytest.approx(6.60, abs=0.005)
    assert (out.loc[0, "reached"], out.loc[0, "verdict"]) == (False, "not_distinguishable")
    assert (round(out.loc[0, "ci_lower"], 2), round(out.loc[0, "ci_upper"], 2)) == (5.72, 7.49)
    # 不低于上年 (no worse than the baseline): 5.72 > 0, decisively reached.
    out = zb.assess_improvements(f, {"hypertension_bp_control_rate": "不低于上年"}, confidence=0.95)
    assert out.loc[0, "verdict"] == "reached"


def test_a_fall_in_a_rate_from_few_events():
    f = frame("maternal_mortality_rate", 3, 25000, 5, 25000, 100000)
    out = zb.assess_improvements(f, {"maternal_mortality_rate": "较上年下降30%"}, confidence=0.95)
    assert out.loc[0, "change_relative"] == pytest.approx(-40.0)
    assert (out.loc[0, "reached"], out.loc[0, "verdict"]) == (True, "not_distinguishable")
    assert out.loc[0, "ci_lower"] == pytest.approx(-90.68, abs=0.01)
    assert out.loc[0, "ci_upper"] == pytest.approx(208.39, abs=0.01)
    big = frame("maternal_mortality_rate", 300, 2_500_000, 500, 2_500_000, 100000)
    out = zb.assess_improvements(big, {"maternal_mortality_rate": "较上年下降30%"}, confidence=0.95)
    # RR 0.6: the upper limit of the relative change lies below −30 % at these counts.
    assert out.loc[0, "verdict"] == "reached" and out.loc[0, "ci_upper"] < -30


def test_rows_without_an_interval_keep_their_value_verdict():
    # A relative target on a proportion: the library has no interval of a ratio of two
    # proportions, so the row is judged by its value, with NaN limits.
    f = frame("family_doctor_contract_rate", 56, 70, 48, 80, 100)
    out = zb.assess_improvements(f, {"family_doctor_contract_rate": "较上年提高20%"}, confidence=0.95)
    # (80 − 60) / 60 = 33.3 % ≥ 20 %: reached by the value.
    assert out.loc[0, "verdict"] == "reached" and math.isnan(out.loc[0, "ci_lower"])
    # Without confidence= nothing changes: no verdict columns.
    plain = zb.assess_improvements(f, {"family_doctor_contract_rate": "较上年提高10个百分点"})
    assert "verdict" not in plain.columns


def test_confidence_needs_both_years_counts():
    f = frame("family_doctor_contract_rate", 56, 70, 48, 80, 100).drop(columns="baseline_numerator")
    with pytest.raises(zb.InvalidInput, match="confidence: .* no column baseline_numerator"):
        zb.assess_improvements(f, {"family_doctor_contract_rate": "较上年提高2个百分点"},
                               confidence=0.95)
    with pytest.raises(zb.InvalidInput, match="confidence"):
        zb.assess_improvements(frame("family_doctor_contract_rate", 56, 70, 48, 80, 100),
                               {"family_doctor_contract_rate": "较上年提高2个百分点"}, confidence=1.5)


def test_one_value_weighs_its_change_as_the_table_does():
    # Newcombe's example (a) against 提高10个百分点: +20 points by the value, 5.24–33.39 holds 10.
    a = zb.assess_improvement(80, zb.Improvement.parse("较上年提高10个百分点"), 60, numerator=56,
                              denominator=70, baseline_numerator=48, baseline_denominator=80,
                              confidence=0.95)
    assert (a.reached, a.verdict) == (True, "not_distinguishable")
    assert (round(a.lower, 2), round(a.upper, 2), a.confidence) == (5.24, 33.39, 0.95)
    # 3 against 5 maternal deaths: −90.68 % to +208.39 % holds −30 %.
    r = zb.assess_improvement(12, zb.Improvement.parse("较上年下降30%"), 20, numerator=3,
                              denominator=25000, baseline_numerator=5, baseline_denominator=25000,
                              confidence=0.95, kind="rate")
    assert r.verdict == "not_distinguishable"
    assert (round(r.lower, 2), round(r.upper, 2)) == (-90.68, 208.39)
    # Without confidence: no interval, the value's verdict.
    plain = zb.assess_improvement(80, zb.Improvement.parse("较上年提高10个百分点"), 60)
    assert (plain.verdict, plain.lower, plain.confidence) == ("reached", None, None)
    with pytest.raises(zb.InvalidInput, match="baseline_numerator"):
        zb.assess_improvement(80, zb.Improvement.parse("较上年提高10个百分点"), 60, numerator=56,
                              denominator=70, baseline_denominator=80, confidence=0.95)


def test_a_rise_without_an_amount_is_judged_against_no_change():
    # 较上年有所提高: the bound is 0; Newcombe's 5.24–33.39 lies above it, reached. The district's
    # blood-pressure control (+6.60, 5.72–7.49) likewise.
    f = frame("family_doctor_contract_rate", 56, 70, 48, 80, 100)
    out = zb.assess_improvements(f, {"family_doctor_contract_rate": "较上年有所提高"}, confidence=0.95)
    assert out.loc[0, "verdict"] == "reached"
    assert out.loc[0, "ci_lower"] == pytest.approx(5.24, abs=0.005)


def test_counts_the_interval_refuses_are_named_with_their_row():
    # 90 contracts of 70 residents: no proportion; the error names the row's label and column.
    f = pd.concat([frame("family_doctor_contract_rate", 56, 70, 48, 80, 100),
                   frame("family_doctor_contract_rate", 90, 70, 48, 80, 100)], ignore_index=True)
    f.index = ["东城街道", "石桥镇"]
    with pytest.raises(zb.InvalidRows, match="numerator \\(index '石桥镇'\\)"):
        zb.assess_improvements(f, {"family_doctor_contract_rate": "较上年提高2个百分点"},
                               confidence=0.95)
