"""Indicators evaluated over the cube, from Python (seed 000's district, see test_cube.py)."""
import json

import numpy as np
import pytest

import zhibiao as zb
from test_cube import seed_cube

CATALOG = {
    "indicators": [
        {"id": "signing_rate", "name_zh": "常住人口家庭医生签约率", "name_en": "Family doctor sign-up rate",
         "numerator": "#{signed}", "denominator": "#{population}", "unit": "%", "decimals": 2,
         "direction": "higher_is_better", "kind": "proportion", "source": "seed 000 一(一)2"},
        {"id": "records_rate", "name_zh": "居民电子健康档案建档率", "numerator": "#{files}",
         "denominator": "#{population}", "unit": "%", "decimals": 2, "kind": "proportion"},
    ]
}


def test_evaluate_reproduces_the_district_figures_and_keeps_the_township_rates_apart():
    cube = seed_cube()
    catalog = zb.Catalog.from_json(json.dumps(CATALOG))
    frame = zb.evaluate(cube, catalog, ["D"], "2019", confidence=[0.95, 0.998])
    assert frame.display.tolist() == ["33.65%", "86.33%"]   # seed 000: 签约率33.65%, 建档率86.33%
    assert frame.numerator.tolist() == [59902, 153672]
    assert frame.denominator.tolist() == [178005, 178005]
    assert list(frame.columns[-5:]) == ["lower_95", "upper_95", "lower_99_8", "upper_99_8", "limits_status"]
    assert (frame.lower_99_8 < frame.lower_95).all() and (frame.upper_95 < frame.upper_99_8).all()
    towns = zb.evaluate(cube, catalog, 2, "2019")
    signing = towns[towns.indicator == "signing_rate"]
    assert signing.value.round(3).tolist() == [50.0, 30.0, 25.0, round(4902 / 28005 * 100, 3)]
    assert abs(signing.value.mean() - 33.65) > 3   # the mean of township rates is not the district rate
    assert signing.org_unit_name.tolist()[0] == "山王镇"


def test_missing_data_and_bad_expressions():
    cube = seed_cube()
    ind = zb.Indicator("signing_rate", "#{signed}", "#{population}", kind="proportion")
    frame = zb.evaluate(cube, [ind], "D", ["2019", "2018"])
    assert frame.status.tolist() == ["ok", "missing: no data reported"]
    assert np.isnan(frame.value[1]) and frame.display[1] == "missing: no data reported"
    with pytest.raises(zb.ParseError) as info:
        zb.evaluate(cube, [zb.Indicator("x", "#{signed} *", "1")], "D", "2019")
    assert info.value.field == "indicators[x].numerator" and info.value.position == 11
    with pytest.raises(zb.InvalidInput, match="popluation"):
        zb.evaluate(cube, [zb.Indicator("y", "#{signed}", "#{popluation}")], "D", "2019")


def test_catalog_json_errors_name_the_field():
    with pytest.raises(zb.InvalidInput, match=r"indicators\[0\]\.numerator"):
        zb.Catalog.from_json('{"indicators": [{"id": "a"}]}')
    with pytest.raises(zb.ParseError) as info:
        zb.Catalog.from_json('{"indicators": [}')
    assert info.value.position == 16


# --- coverage (issue 21 item 2; docs/aggregation.md §5.1) ------------------------------------

def coverage_cube(first, months, skip_f2=()):
    """D → T1 → F1, F2, F3; every facility reports 2 cases of 10 visits each month from `first`,
    except F2 in the months `skip_f2`."""
    import pandas as pd
    tree = zb.org_unit_tree(pd.DataFrame({"code": ["D", "T1", "F1", "F2", "F3"], "name": "",
                                          "parent": [None, "D", "T1", "T1", "T1"]}))
    cube = zb.DataCube(tree, [zb.DataElement("cases", aggregation="sum"),
                              zb.DataElement("visits", aggregation="sum")], first, months)
    rows = []
    month_period = first
    for _ in range(months):
        month, month_period = month_period.code, month_period.next()
        for f in ["F1", "F2", "F3"]:
            if f == "F2" and month in skip_f2:
                continue
            rows += [("cases", f, month, 2), ("visits", f, month, 10)]
    cube.load_frame(pd.DataFrame(rows, columns=["element", "org_unit", "period", "value"]))
    return cube


SHARE = zb.Indicator("share", "#{cases}", "#{visits}", kind="proportion")
COVERAGE = ["months_reported", "months_expected", "units_complete", "units_expected"]


def test_half_a_year_in_the_cube_is_a_partial_year():
    # January–June 2024 in the cube, 2024 asked for: 6 of 12 months, none of F1 (1 unit) or of
    # D's 3 units complete; the value over what was reported, 12 / 60 = 20 %, is kept.
    cube = coverage_cube(zb.Period.month(2024, 1), 6)
    frame = zb.evaluate(cube, [SHARE], ["F1", "D"], ["2024", zb.Period.half_year(2024, 1)])
    assert frame.status.tolist()[0].startswith("partial")
    assert frame.status.tolist()[3] == "ok"                          # D, first half: covered
    assert frame[COVERAGE].values.tolist() == [[6, 12, 0, 1], [6, 6, 1, 1], [6, 12, 0, 3], [6, 6, 3, 3]]
    assert frame.value.tolist() == [20.0, 20.0, 20.0, 20.0]
    assert frame.coverage.tolist()[0].startswith("partial")
    strict = zb.evaluate(cube, [SHARE], "F1", "2024", coverage="require_complete", confidence=0.95)
    assert strict.status[0].startswith("partial") and np.isnan(strict.value[0])
    assert np.isnan(strict.lower_95[0]) and strict.limits_status[0] == "no value"
    old = zb.evaluate(cube, [SHARE], "F1", "2024", coverage="any_data")
    assert old.status[0] == "ok" and old.value[0] == 20.0 and old.months_reported[0] == 6
    with pytest.raises(zb.InvalidInput, match="coverage"):
        zb.evaluate(cube, [SHARE], "F1", "2024", coverage="strict")


def test_a_facility_that_did_not_report_march():
    cube = coverage_cube(zb.Period.month(2024, 1), 12, skip_f2=("202403",))
    frame = zb.evaluate(cube, [SHARE], ["F2", "T1", "F1"], "2024")
    # F2: 11 of 12 months (22 / 110 = 20 %); T1: every month has values but 2 of 3 units are
    # complete ((24 + 22 + 24) / (120 + 110 + 120) = 20 %); F1: complete.
    assert frame[COVERAGE].values.tolist() == [[11, 12, 0, 1], [12, 12, 2, 3], [12, 12, 1, 1]]
    assert [s.split(":")[0] for s in frame.status] == ["partial", "partial", "ok"]
    assert frame.display.tolist()[2] == "20.00%"
    agg = cube.aggregate("cases", ["T1"], ["2024", "2025"])
    assert agg.units_complete.tolist() == [2, 0] and agg.units_expected.tolist() == [3, 3]
    assert agg.coverage[0].startswith("partial")
    # 2025 lies outside the cube: NaN, count 0, and said so.
    assert np.isnan(agg.value[1]) and agg["count"][1] == 0
    assert agg.coverage[1].startswith("outside the cube")



def test_coverage_of_every_unit_is_rolled_up_the_tree():
    # Every unit at once: their subtrees together (5 + 4 + 1 + 1 + 1 units) are larger than the
    # tree, so the core rolls coverage up the tree once instead of walking each subtree. The same
    # hand counts as above: F2 misses March (11 of 12 months, incomplete); T1 and D have a value
    # every month but 2 of their 3 reporting units complete; for the first quarter likewise; for
    # April alone all 3 complete.
    cube = coverage_cube(zb.Period.month(2024, 1), 12, skip_f2=("202403",))
    frame = zb.evaluate(cube, [SHARE], ["D", "T1", "F1", "F2", "F3"],
                        ["2024", zb.Period.quarter(2024, 1), zb.Period.month(2024, 4)])
    assert frame[COVERAGE].values.tolist() == [
        [12, 12, 2, 3], [3, 3, 2, 3], [1, 1, 3, 3],  # D
        [12, 12, 2, 3], [3, 3, 2, 3], [1, 1, 3, 3],  # T1
        [12, 12, 1, 1], [3, 3, 1, 1], [1, 1, 1, 1],  # F1
        [11, 12, 0, 1], [2, 3, 0, 1], [1, 1, 1, 1],  # F2
        [12, 12, 1, 1], [3, 3, 1, 1], [1, 1, 1, 1],  # F3
    ]
    assert [s.split(":")[0] for s in frame.status] == ["partial"] * 2 + ["ok"] + ["partial"] * 2 + ["ok"] + \
        ["ok"] * 3 + ["partial"] * 2 + ["ok"] + ["ok"] * 3
    # The text columns are Categoricals over the units asked for, in the tree's order.
    assert list(frame.org_unit.cat.categories) == ["D", "T1", "F1", "F2", "F3"]
    assert frame.org_unit.tolist()[::3] == ["D", "T1", "F1", "F2", "F3"]

def test_an_october_to_september_cube_is_not_a_calendar_year():
    cube = coverage_cube(zb.Period.month(2023, 10), 12)
    frame = zb.evaluate(cube, [SHARE], "T1", ["2024", "2023"])
    # 9 of 2024's months lie in the cube (January–September), 3 of 2023's: partial both.
    assert frame[COVERAGE].values.tolist() == [[9, 12, 0, 3], [3, 12, 0, 3]]
    assert all(s.startswith("partial") for s in frame.status)
    assert frame.value.tolist() == [20.0, 20.0]   # 54 / 270 and 18 / 90


@pytest.mark.parametrize("names", [["示例区", "同名镇", "同名镇", "村"], None,
                                   ["示例区", "同名镇", "同名镇", None]])
def test_unit_columns_equal_pandas_validating_categoricals(names):
    # The unit columns' categories are marked as known distinct (_evaluation._distinct_index: no
    # hash of 10^5 codes to learn what the tree guarantees). The result must be what pandas' own
    # validating constructors give: two towns sharing a name are one category of
    # org_unit_name, codes stay distinct, and a tree whose units are named by their codes (as a
    # DHIS2 export of uids only is read) shares one factor for both columns. The tree keeps the
    # frame's str objects for them (_unit_texts), except names with a missing one (the tree has
    # "" there), which come from the tree's own text. Hand-built tree: D with towns T1, T2 (the
    # same name), village V under T1.
    import pandas as pd

    codes = ["D", "T1", "T2", "V"]
    tree = zb.org_unit_tree(pd.DataFrame({"code": codes, "name": names or codes,
                                          "parent": [None, "D", "D", "T1"]}))
    cube = zb.DataCube(tree, [zb.DataElement("a"), zb.DataElement("b")], zb.Period.month(2024, 1), 1)
    cube.load_frame(pd.DataFrame({"element": ["a", "b", "a", "b"], "org_unit": ["V", "V", "T2", "T2"],
                                  "period": "202401", "value": [1.0, 4.0, 1.0, 2.0]}))
    ind = zb.Indicator("share", "#{a}", "#{b}", kind="proportion")
    frame = zb.evaluate(cube, [ind], list(range(4)), "202401", display=False)
    expected_names = [n or "" for n in names] if names else codes
    for column, values in [("org_unit", codes), ("org_unit_name", expected_names)]:
        checked = pd.Categorical(values, categories=pd.unique(np.asarray(values, dtype=object)))
        assert frame[column].tolist() == values
        assert list(frame[column].cat.categories) == list(checked.categories)
        assert frame[column].cat.codes.tolist() == checked.codes.tolist()
        # what the cache says is what pandas finds on a fresh Index of the same items
        categories = frame[column].cat.categories
        assert categories.is_unique and not categories.hasnans
        assert pd.Index(list(categories), dtype=object).is_unique
    # 2 / 6 for D (V's 1 / 4 and T2's 1 / 2), 1 / 4 for T1, 1 / 2 for T2 and V's 1 / 4
    by_unit = frame.set_index("org_unit")["value"]
    assert by_unit.loc[["D", "T1", "T2", "V"]].tolist() == pytest.approx([100 / 3, 25.0, 50.0, 25.0])
    sums = [2.0, 2.0, 1.0] if names else [2.0, 1.0, 1.0, 1.0]  # the two towns together: 1 + 1
    assert frame.groupby("org_unit_name", observed=True)["numerator"].sum().to_dict() == dict(
        zip(pd.unique(np.asarray(expected_names, dtype=object)), sums))


def test_org_units_items_are_codes_or_indices_checked_by_position():
    # The items are read and type-checked in one loop (OrgUnitTree._indices): codes, Python and
    # numpy integers are units; a bool, numpy bool_, float or None is refused at its position,
    # and an integer beyond int64 is out of range (an InvalidInput, not an OverflowError).
    cube = seed_cube()
    rate = zb.Indicator("signing", "#{signed}", "#{population}", unit="percent", kind="proportion")
    out = zb.evaluate(cube, [rate], ["D", np.int64(0), 0], "2019", display=False)
    assert out["value"].round(2).tolist() == [33.65] * 3  # 59902 / 178005, seed report 000
    for items, said in [([0, True], "item 1 is bool True"), ([np.True_], "item 0 is bool_ True"),
                        (("D", 1.0), "item 1 is float 1.0"), ([0, 0, None], "item 2 is NoneType"),
                        ([2 ** 70], "item 0: org unit index out of range"),
                        ([np.uint64(2 ** 64 - 1)], "item 0: org unit index out of range")]:
        with pytest.raises(zb.InvalidInput, match="^org_units: " + said):
            zb.evaluate(cube, [rate], items, "2019", display=False)
