"""Small-number verdicts (issue 20 item 4; docs/targets.md §7): an assessment with confidence=
says when the interval of its figure holds the target, so the data cannot tell.

Sources, hand-worked:
- 出生人口性别比114.17 from 801 births (427 boys, 374 girls; the figure and size of the seeds'
  county summaries). Wilson on p = 427/801 = 0.533084 with z = 1.959964:
  centre (2x + z²) / (2(n + z²)) = 857.8415 / 1609.6829 = 0.532925, half-width
  z √(z² + 4x(1 − x/n)) / (2(n + z²)) = 55.4824 / 1609.6829 = 0.034468, so π in
  (0.49846, 0.56739); the ratio π/(1 − π) × 100 is (99.385, 131.157). statsmodels'
  proportion_confint(427, 801, method="wilson") gives the same (0.498458, 0.567394).
- 5 deaths per 25,000 (20 per 100,000) against 低于30/10万: Garwood's exact Poisson limits
  for 5 events are χ²(0.025; 10)/2 = 3.2470/2 = 1.6235 and χ²(0.975; 12)/2 = 23.3367/2 =
  11.6683 events (tables of the chi-square distribution), × 4 = 6.49–46.67 per 100,000.
"""
import math

import pandas as pd
import pytest

import zhibiao as zb

NORMAL = zb.Threshold.parse("103-107", unit="per_100")


def test_sex_ratio_from_801_births_cannot_tell():
    a = zb.assess_threshold(427 / 374 * 100, NORMAL, 427, 374, confidence=0.95, kind="ratio")
    assert not a.reached  # the value alone is outside 103–107
    assert a.verdict == "not_distinguishable"
    assert a.lower == pytest.approx(99.385, abs=5e-3)
    assert a.upper == pytest.approx(131.157, abs=5e-3)


def test_sex_ratio_from_21417_births_is_decisive():
    # 11,417 boys, 10,000 girls: p = 0.533081, half-width 1.96 √(p(1−p)/21417) ≈ 0.00668, so the
    # ratio's interval is about (111.2, 117.3), wholly above 107.
    a = zb.assess_threshold(114.17, NORMAL, 11417, 10000, confidence=0.95, kind="ratio")
    assert a.verdict == "not_reached"
    assert 111.0 < a.lower < 111.3 and 117.1 < a.upper < 117.4


def test_five_deaths_against_a_rate_target_use_exact_limits():
    t = zb.Threshold.parse("低于30/10万")
    a = zb.assess_threshold(20.0, t, 5, 25000, confidence=0.95, kind="rate")
    assert a.reached  # 20 < 30 by the value alone
    assert a.verdict == "not_distinguishable"
    assert a.lower == pytest.approx(6.494, abs=2e-3)
    assert a.upper == pytest.approx(46.67, abs=1e-2)


def test_without_confidence_nothing_changes():
    a = zb.assess_threshold(427 / 374 * 100, NORMAL, 427, 374)
    assert not a.reached
    assert a.verdict == "not_reached"


def test_table_verdicts_and_quota_refused():
    g = pd.DataFrame({"indicator": ["sex_ratio_at_birth"] * 2, "value": [427 / 374 * 100, 114.17],
                      "numerator": [427, 11417], "denominator": [374, 10000]})
    out = zb.assess_thresholds(g, {"sex_ratio_at_birth": NORMAL}, confidence=0.95)
    assert list(out["verdict"]) == ["not_distinguishable", "not_reached"]
    assert out["ci_lower"].iloc[0] == pytest.approx(99.385, abs=5e-3)
    with pytest.raises(zb.InvalidInput, match="confidence"):
        zb.assess_thresholds(g, {"sex_ratio_at_birth": NORMAL}, confidence=1.0)
    with pytest.raises(zb.InvalidInput, match="method"):
        zb.assess_threshold(20.0, zb.Threshold.parse("低于30/10万"), 5, 25000, confidence=0.95,
                            kind="rate", method="wilson")
    assert all(math.isfinite(v) for v in out[["ci_lower", "ci_upper"]].to_numpy().ravel())
