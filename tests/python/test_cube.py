"""Org units and the data cube from pandas.

The district figures are seed 000's (签约人数59902, 签约率33.65%; 电子档案153672, 建档率86.33%);
the population 178,005 is the denominator both printed rates imply (docs/units-and-rounding.md
§5.1), split over invented townships.
"""
import numpy as np
import pandas as pd
import pytest

import zhibiao as zb


def district_tree():
    frame = pd.DataFrame({
        "code": ["D", "T1", "T2", "T3", "T4", "F1", "F2", "F3", "F4"],
        "name": ["八公山区", "山王镇", "新庄孜街道", "毕家岗街道", "土坝孜街道", "卫生院1", "卫生院2", "卫生院3", "卫生院4"],
        "parent": [None, "D", "D", "D", "D", "T1", "T2", "T3", "T4"],
    })
    return zb.org_unit_tree(frame, level_names=["县/区", "乡镇/街道", "机构"])


def seed_cube():
    cube = zb.DataCube(district_tree(), [
        zb.DataElement("signed", "签约人数", aggregation="last"),
        zb.DataElement("population", "常住人口", aggregation="average_sum_org_unit"),
        zb.DataElement("files", "电子健康档案", aggregation="last"),
    ], zb.Period.month(2019, 1), 12)
    population = [60000, 50000, 40000, 28005]
    signed = [30000, 15000, 10000, 4902]
    files = [54000, 42000, 36000, 21672]
    rows = []
    for f in range(4):
        for m in range(1, 13):
            month = f"2019-{m:02d}"
            rows += [("population", f"F{f + 1}", month, population[f]),
                     ("signed", f"F{f + 1}", month, round(signed[f] * m / 12)),
                     ("files", f"F{f + 1}", month, round(files[f] * m / 12))]
    result = cube.load_frame(pd.DataFrame(rows, columns=["element", "org_unit", "period", "value"]))
    assert result.loaded == 144 and result.errors == []
    return cube


def test_district_roll_up_reproduces_seed_000():
    cube = seed_cube()
    s = cube.aggregate("signed", "D", "2019").value[0]
    p = cube.aggregate("population", "D", "2019").value[0]
    f = cube.aggregate("files", "D", "2019").value[0]
    assert (s, p, f) == (59902, 178005, 153672)
    assert zb.Proportion(s, p).format(2) == "33.65%"
    assert zb.Proportion(f, p).format(2) == "86.33%"
    towns_s = cube.aggregate("signed", 2, "2019")
    towns_p = cube.aggregate("population", 2, "2019")
    mean_of_rates = (towns_s.value / towns_p.value).mean() * 100
    # (50 + 30 + 25 + 17.504) / 4 = 30.63 %: the mean of township rates is not the district rate.
    assert mean_of_rates == pytest.approx((50 + 30 + 25 + 4902 / 28005 * 100) / 4)
    assert abs(mean_of_rates - 33.65) > 3


def test_aggregate_long_table_shape_and_counts():
    cube = seed_cube()
    out = cube.aggregate("population", ["T1", "T2"], ["2019Q1", "2019年上半年"])
    assert list(out.columns) == ["org_unit", "name", "level", "period", "value", "count"]
    assert out.value.tolist() == [60000, 60000, 50000, 50000]
    assert out["count"].tolist() == [3, 6, 3, 6]
    assert out.name.tolist()[0] == "山王镇"


def test_tree_errors_name_rows_and_labels():
    frame = pd.DataFrame({"code": ["D", "T1", "T1", "X"], "name": ["", "", "", ""],
                          "parent": [None, "D", "D", "NOPE"]}, index=list("abcd"))
    with pytest.raises(zb.InvalidRows) as info:
        zb.org_unit_tree(frame)
    assert [r[0] for r in info.value.rows] == [2, 3]
    assert "index 'c'" in info.value.rows[0][1]
    assert "orphan" in info.value.rows[1][2]


def test_load_frame_reports_every_bad_row_and_keeps_good_ones_in_mark_mode():
    cube = seed_cube()
    bad = pd.DataFrame({
        "element": ["population", "deaths", "population", "population", None],
        "org_unit": ["F1", "F1", "ZZ", "F2", "F3"],
        "period": [pd.Period("2020-01", "M"), "2019-01", "2019-01", "2019-01", "2019-01"],
        "value": [1, 2, 3, "n/a", 5],
    })
    with pytest.raises(zb.InvalidRows) as info:
        cube.load_frame(bad)
    rows = info.value.rows
    assert [r[0] for r in rows] == [0, 1, 2, 3, 4]
    assert "outside the cube" in rows[0][2]
    assert rows[1][2] == "unknown data element 'deaths'"
    assert "unknown org unit code 'ZZ'" in rows[2][2]
    assert rows[3][2] == "is not a number ('n/a')"   # a bad value is reported before duplicates
    assert rows[4][1].startswith("element") and rows[4][2] == "is missing"
    dup = pd.DataFrame({"element": ["population"], "org_unit": ["F2"], "period": ["2019-01"], "value": [1]})
    with pytest.raises(zb.InvalidRows, match="already in the cube from an earlier load"):
        cube.load_frame(dup)
    before = cube.value_count
    ok = pd.DataFrame({"element": ["population", "deaths"], "org_unit": ["F1", "F1"],
                       "period": ["2020-01", "2019-02"], "value": [1, 2]})
    result = cube.load_frame(ok, on_bad_rows="mark")
    assert result.loaded == 0 and len(result.errors) == 2 and cube.value_count == before


def test_load_csv(tmp_path):
    cube = zb.DataCube(district_tree(), [zb.DataElement("births")], zb.Period.month(2019, 1), 12)
    path = tmp_path / "values.csv"
    path.write_text("element,org_unit,period,value\nbirths,F1,201901,3\nbirths,F2,2019年2月,4\n",
                    encoding="utf-8")
    assert cube.load_csv(str(path)) == (2, [])
    assert cube.aggregate("births", "D", "2019Q1").value[0] == 7


def test_group_aggregation():
    cube = seed_cube()
    cube.tree.add_group("街道卫生院", ["F2", "F3"])
    out = cube.aggregate("population", "group:街道卫生院", "2019")
    assert out.value.tolist() == [50000 + 40000]
    assert out.org_unit.tolist() == ["group:街道卫生院"]


def test_tree_from_object_columns_keeps_its_texts_apart_from_the_frame():
    # A missing name (None) is "" in the tree; codes and names in result frames are the tree's,
    # not the frame's: changing the frame afterwards changes neither.
    frame = pd.DataFrame({"code": ["D", "T1", "F1"], "name": ["区", None, "卫生院"], "parent": [None, "D", "T1"]})
    tree = zb.org_unit_tree(frame)
    assert tree.name(1) == ""
    frame.loc[0, "code"] = "X"
    frame.loc[2, "name"] = "改名"
    cube = zb.DataCube(tree, [zb.DataElement("births"), zb.DataElement("population", aggregation="average_sum_org_unit")],
                       zb.Period.month(2024, 1), 12)
    assert cube.tree is tree  # shared, not copied
    long = pd.DataFrame({"element": pd.Categorical(["births", "population"]),
                         "org_unit": pd.Categorical(["F1", "F1"]),
                         "period": pd.Categorical(["2024-01", "2024-01"]), "value": [3.0, 1000.0]})
    assert cube.load_frame(long).loaded == 2
    out = zb.evaluate(cube, [zb.Indicator("r", "#{births}", "#{population}", unit="per_1000", kind="rate")],
                      ["D", "T1", "F1"], "2024-01", display=False)
    assert out.org_unit.tolist() == ["D", "T1", "F1"]
    assert out.org_unit_name.tolist() == ["区", "", "卫生院"]
    assert out.level.tolist() == [1, 2, 3]
    assert out.value.tolist() == [3.0, 3.0, 3.0]  # 3 births per 1000 residents, 3 / 1000 × 1000


def test_load_frame_reads_categorical_codes_of_any_width_and_non_text_categories():
    # 300 org units make pandas use int16 codes; org-unit categories that are numbers are read as
    # their text (as str() gives it), like factorised plain columns.
    codes = [str(100 + i) for i in range(300)]
    tree = zb.org_unit_tree(pd.DataFrame({"code": ["1"] + codes, "name": "", "parent": [None] + ["1"] * 300}))
    cube = zb.DataCube(tree, [zb.DataElement("x")], zb.Period.month(2024, 1), 1)
    units = pd.Categorical([100 + i for i in range(300)])
    assert units.codes.dtype == np.int16
    long = pd.DataFrame({"element": pd.Categorical(["x"] * 300), "org_unit": units,
                         "period": pd.Categorical(["202401"] * 300), "value": np.arange(300, dtype=np.int32)})
    assert cube.load_frame(long).loaded == 300
    assert cube.value("x", "299", zb.Period.month(2024, 1)) == 199
    # 0 + 1 + … + 299 = 44,850 at the root.
    assert cube.aggregate("x", "1", "2024-01").value.tolist() == [44850.0]


def test_org_units_as_indices_and_codes():
    cube = seed_cube()
    by_code = zb.evaluate(cube, [zb.Indicator("r", "#{signed}", "#{population}")], ["F1", "T2"], "2019", display=False)
    by_index = zb.evaluate(cube, [zb.Indicator("r", "#{signed}", "#{population}")],
                           [cube.tree.index("F1"), np.int64(cube.tree.index("T2"))], "2019", display=False)
    assert by_code.value.tolist() == by_index.value.tolist()
    with pytest.raises(zb.InvalidInput, match="org_units: org unit index -1 is out of range"):
        zb.evaluate(cube, [zb.Indicator("r", "#{signed}", "#{population}")], [-1], "2019")
    with pytest.raises(zb.InvalidInput, match="unknown org unit code 'X'"):
        zb.evaluate(cube, [zb.Indicator("r", "#{signed}", "#{population}")], ["X"], "2019")
