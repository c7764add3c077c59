"""Assessment schemes from Python (zb.Scheme, zb.score_units): every rule kind on a hand-worked
example (arithmetic in the comment), the pooled roll-up, ranks with ties, interim scoring, the
smallest change to the next grade, and bad schemes naming the item."""
import json

import numpy as np
import pandas as pd
import pytest

import zhibiao as zb

COVER = "family_doctor_contract_rate"  # per cent, proportion, higher is better
MMR = "maternal_mortality_rate"  # per 100 000, lower is better


def scheme(items, **head):
    return zb.Scheme.from_json(json.dumps({"items": items, **head}, ensure_ascii=False))


def long(rows):
    return pd.DataFrame(rows, columns=["org_unit", "item", "numerator", "denominator"])


def test_proportional_both_directions():
    # Higher: 10 × 85/90 = 9.444…; lower (≤ 18/10万): 30 per 100 000 (3 / 10 000) earns
    # 10 × 18/30 = 6. Total 15.44.
    s = scheme([{"id": "a", "indicator": COVER, "points": 10, "rule": "proportional",
                 "target": "≥90%"},
                {"id": "m", "indicator": MMR, "points": 10, "rule": "proportional",
                 "target": "≤18/10万"}])
    card = zb.score_units(long([["甲", "a", 85, 100], ["甲", "m", 3, 10000]]), s)
    assert card.items["score"].tolist() == pytest.approx([10 * 85 / 90, 6.0])
    assert card.table.loc[0, "total"] == 15.44
    assert card.items.loc[0, "reason_zh"] == "未达到目标≥90%（实际85.00%），按比例得9.44分"
    assert "proportional credit 9.44 points" in card.items.loc[0, "reason_en"]
    assert card.table.loc[0, "lost"] == ["a", "m"]


def test_deduction_floor_bonus_cap_and_veto():
    # Deduction: 2 per point short of 95 %: 92 % → 10 − 6 = 4; bonus 3 (reached) capped at 2 by
    # bonus_cap; base 4 + 2 = 6. The veto (≤ 18/10万) is missed at 30/10万: zero → 0; cap at 5 → 5.
    items = [{"id": "d", "indicator": COVER, "points": 10, "rule": "deduction", "target": "≥95%",
              "per_unit": 2, "floor": 1},
             {"id": "b", "indicator": COVER, "points": 3, "rule": "bonus", "target": "≥50%"},
             {"id": "v", "indicator": MMR, "points": 0, "rule": "veto", "target": "≤18/10万",
              "veto": {"effect": "zero"}}]
    f = long([["甲", "d", 92, 100], ["甲", "b", 92, 100], ["甲", "v", 1, 10000],
              ["乙", "d", 92, 100], ["乙", "b", 92, 100], ["乙", "v", 3, 10000]])
    card = zb.score_units(f, scheme(items, bonus_cap=2))
    assert card.table["total"].tolist() == [6.0, 0.0]
    assert card.table["vetoed"].tolist() == [False, True]
    items[2]["veto"] = {"effect": "cap", "total": 5}
    assert zb.score_units(f, scheme(items, bonus_cap=2)).table["total"].tolist() == [6.0, 5.0]
    # At 80 % the deduction is 10 − 2 × 15 = −20, held at the floor 1; the bonus still 2.
    f.loc[0, "numerator"] = 80
    assert zb.score_units(f, scheme(items, bonus_cap=2)).table.loc[0, "total"] == 3.0


def test_ranks_with_ties_and_grades():
    # 100 × v/100 against ≥ 100 %: totals 90, 85, 85, 70 → ranks 1, 2, 2, 4; grades by the
    # default bounds 90 / 80 / 60.
    s = scheme([{"id": "a", "indicator": COVER, "points": 100, "rule": "proportional",
                 "target": "≥100%"}])
    f = long([[u, "a", n, 100] for u, n in zip("wxyz", [90, 85, 85, 70])])
    t = zb.score_units(f, s).table
    assert t["rank"].tolist() == [1, 2, 2, 4]
    assert t["grade"].tolist() == ["优秀", "良好", "良好", "合格"]


def test_roll_up_pools_counts_not_scores():
    # A 45/50 = 90 % scores 10; B 300/400 = 75 % scores 10 × 75/80 = 9.375; their mean 9.6875.
    # The district pools 345/450 = 76.67 %: 10 × 76.67/80 = 9.58.
    tree = zb.OrgUnitTree.from_parent_table(["D", "A", "B"], ["区", "甲", "乙"], ["", "D", "D"])
    s = scheme([{"id": "a", "indicator": COVER, "points": 10, "rule": "proportional",
                 "target": "≥80%"}])
    f = long([["A", "a", 45, 50], ["B", "a", 300, 400]])
    towns = zb.score_units(f, s).table
    district = zb.score_units(f, s, tree=tree).table
    assert towns["total"].mean() == pytest.approx(9.69, abs=0.005)
    assert district.loc[0, "unit"] == "D"
    assert district.loc[0, "total"] == 9.58


def test_interim_against_time_progress():
    # Seed 000's 1600-person quota for 2025: at 30 June 6/12 of the year → target 800; 760
    # done earns 10 × 760/800 = 9.5. Without as_of: 10 × 760/1600 = 4.75.
    s = scheme([{"id": "q", "indicator": "premarital_check_quota_completion", "points": 10,
                 "rule": "proportional", "quota": {"amount": 1600, "period": "2025"}}])
    f = pd.DataFrame({"org_unit": ["甲"], "item": ["q"], "numerator": [760]})
    assert zb.score_units(f, s, denominator=None, as_of="2025-06-30").table.loc[0, "total"] == 9.5
    assert zb.score_units(f, s, denominator=None).table.loc[0, "total"] == 4.75


def test_smallest_change_to_next_grade():
    # 60 points proportional at 80/100 against ≥ 90 % (53.33) and 40 points all-or-nothing at
    # 90/100 against ≥ 95 % (0): 53.33. To 合格 (60): the first needs 10 more cases, the second 5.
    s = scheme([{"id": "a", "indicator": COVER, "points": 60, "rule": "proportional",
                 "target": "≥90%"},
                {"id": "b", "indicator": COVER, "points": 40, "target": "≥95%"}])
    t = zb.score_units(long([["甲", "a", 80, 100], ["甲", "b", 90, 100]]), s).table
    assert t.loc[0, "total"] == 53.33
    assert (t.loc[0, "next_grade"], t.loc[0, "next_item"], t.loc[0, "next_cases"]) == ("合格", "b", 5)
    assert t.loc[0, "points_needed"] == pytest.approx(6.67)


def test_from_frame_matches_from_json():
    f = pd.DataFrame({"id": ["a", "v"], "indicator": [COVER, MMR], "points": [10, 0],
                      "rule": ["proportional", "veto"], "target": ["≥90%", "≤18/10万"],
                      "veto": [np.nan, "cap"], "cap": [np.nan, "合格"]})
    s = zb.Scheme.from_frame(f, total=10)
    assert s.items[1]["veto"] == {"effect": "cap", "grade": "合格"}
    s.validate()


@pytest.mark.parametrize("items, head, field", [
    ([{"id": "a", "indicator": "nope", "points": 5, "target": "≥90%"}], {}, "items[0] (a).indicator"),
    ([{"id": "a", "indicator": COVER, "points": -5, "target": "≥90%"}], {}, "items[0] (a).points"),
    ([{"id": "a", "indicator": COVER, "points": 5, "target": "≥90%"},
      {"id": "a", "indicator": COVER, "points": 5, "target": "≥90%"}], {}, "items[1] (a).id"),
    ([{"id": "v", "indicator": COVER, "points": 0, "rule": "veto", "target": "≥90%"}], {},
     "items[0] (v).veto"),
    ([{"id": "a", "indicator": COVER, "points": 5, "target": "≥90%"}], {"total": 100}, "total"),
    ([{"id": "a", "indicator": COVER, "points": 5, "target": "≥90%"}],
     {"grades": [{"name": "优", "min_total": 60}, {"name": "良", "min_total": 80}]}, "grades"),
])
def test_bad_schemes_name_the_item(items, head, field):
    with pytest.raises(zb.InvalidInput, match=rf"^{__import__('re').escape(field)}: "):
        scheme(items, **head).validate()


def test_bad_json_and_rows():
    with pytest.raises(zb.InvalidInput, match=r"items\[0\]\.pionts: unknown field"):
        zb.Scheme.from_json('{"items": [{"id": "a", "indicator": "x", "pionts": 5}]}')
    s = scheme([{"id": "a", "indicator": COVER, "points": 5, "target": "≥90%"}])
    with pytest.raises(zb.InvalidRows, match="no item 'zz'"):
        zb.score_units(long([["甲", "zz", 1, 2]]), s)
    with pytest.raises(zb.InvalidRows, match="repeats row 0"):
        zb.score_units(long([["甲", "a", 1, 2], ["甲", "a", 1, 2]]), s)


def test_score_card_html_colours_by_grade():
    s = scheme([{"id": "a", "indicator": COVER, "points": 100, "rule": "proportional",
                 "target": "≥100%"}])
    html = zb.score_units(long([["w", "a", 95, 100], ["z", "a", 50, 100]]), s)._repr_html_()
    assert 'class="zb-ok">优秀' in html and 'class="zb-bad">不合格' in html
