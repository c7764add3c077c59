"""zb.plan_targets / zb.plan_milestones (planning.hpp, docs/planning.md; issue 20 item 3). The
numbers are hand calculations, shown in each comment (and in tests/cpp/planning_test.cpp)."""
import numpy as np
import pandas as pd
import pytest

import zhibiao as zb

TOWNS = pd.DataFrame({"org_unit": ["甲", "乙", "丙"], "denominator": [1000, 2000, 3000],
                      "last_year": [950, 1500, 2550], "note": ["a", "b", "c"]},
                     index=["t1", "t2", "t3"])


def test_three_methods_meet_the_pooled_target_in_whole_persons():
    # 90 % of 6000 = 5400 needed; last year 5000.
    # population: 甲 kept at 950 (its 90 % share, 900, is below last year); 乙, 丙 at 89 %.
    # equal_uplift: 甲 capped at 1000; 乙, 丙 +7 points: 1640, 2760.
    # close_gaps: gaps 0, 300, 150; 400 of 450 closed (8/9): 1766.67 → 1767, 2683.33 → 2683.
    expected = {"population": [950, 1780, 2670], "equal_uplift": [1000, 1640, 2760],
                "close_gaps": [950, 1767, 2683]}
    for method, counts in expected.items():
        out = zb.plan_targets(TOWNS, 90, method=method)
        assert out["target_count"].tolist() == counts, method
        assert out["target_count"].sum() == 5400 == out.attrs["required"]
        assert out["target_count"].sum() / TOWNS["denominator"].sum() >= 0.9
        assert list(out.index) == ["t1", "t2", "t3"] and out["note"].tolist() == ["a", "b", "c"]
        # every unit at least last year and at most its denominator
        assert (out["target_count"] >= TOWNS["last_year"]).all()
        assert (out["target_count"] <= TOWNS["denominator"]).all()


def test_per_month_what_each_unit_still_needs():
    # 6 months left; 甲 needs 950 − 400 = 550 → ⌈91.67⌉ = 92 a month; 乙 (1780 − 800) / 6 =
    # 163.3 → 164; 丙 (2670 − 2700 done) needs nothing more: 0.
    out = zb.plan_targets(TOWNS.assign(done=[400, 800, 2700]), 90, done="done", months_left=6)
    assert out["per_month"].tolist() == [92, 164, 0]


def test_bad_plans_name_the_row_and_the_column():
    with pytest.raises(zb.InvalidRows, match=r"last_year \(index 't2'\).*above its denominator"):
        zb.plan_targets(TOWNS.assign(last_year=[950, 2500, 1]), 90)
    with pytest.raises(zb.InvalidRows, match=r"denominator \(index 't3'\)"):
        zb.plan_targets(TOWNS.assign(denominator=[1000, 2000, 0]), 90)
    with pytest.raises(zb.InvalidInput, match="target: cannot be met"):
        zb.plan_targets(TOWNS, 100.5)
    with pytest.raises(zb.InvalidInput, match="method"):
        zb.plan_targets(TOWNS, 90, method="mean")
    with pytest.raises(zb.InvalidInput, match="months_left"):
        zb.plan_targets(TOWNS.assign(done=0), 90, done="done")
    with pytest.raises(zb.InvalidRows, match="id"):
        zb.plan_targets(TOWNS.assign(org_unit=["甲", "甲", "丙"]), 90)


def test_milestones():
    # 三年内达到80%以上 from 62 %: 68, 74, 80; a year in months from 8.5‰ to 8‰ ends at 8.
    assert zb.plan_milestones(62, 80, 3) == [68.0, 74.0, 80.0]
    months = zb.plan_milestones(8.5, 8, 12, decimals=3)
    assert months[0] == 8.458 and months[-1] == 8.0 and len(months) == 12
    assert all(a >= b for a, b in zip(months, months[1:]))
    with pytest.raises(zb.InvalidInput, match="steps"):
        zb.plan_milestones(62, 80, 0)
    with pytest.raises(zb.InvalidInput, match="target"):
        zb.plan_milestones(62, np.nan, 3)
