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
    assert list(out.columns) == ["org_unit", "name", "level", "period", "value", "count",
                                 "months_reported", "months_expected", "units_complete",
                                 "units_expected", "coverage"]
    assert out.value.tolist() == [60000, 60000, 50000, 50000]
    assert out["count"].tolist() == [3, 6, 3, 6]
    # Units × periods in the order asked; the text columns Categoricals over what was asked
    # (as zb.evaluate's), the level that of the tree.
    assert out.org_unit.tolist() == ["T1", "T1", "T2", "T2"]
    assert out.period.tolist() == ["2019Q1", "2019S1", "2019Q1", "2019S1"]
    assert out.level.tolist() == [2, 2, 2, 2]
    for column in ("org_unit", "name", "period"):
        assert out[column].dtype == "category"
    assert list(out.org_unit.cat.categories) == ["T1", "T2"]
    assert out.name.tolist() == [cube.tree.name(cube.tree.index(c)) for c in ["T1", "T1", "T2", "T2"]]
    # Each township's one health centre reported every month: 3/3 and 6/6 months, 1/1 unit.
    assert out.months_reported.tolist() == [3, 6, 3, 6]
    assert out.months_expected.tolist() == [3, 6, 3, 6]
    assert out.units_complete.tolist() == [1, 1, 1, 1] == out.units_expected.tolist()
    assert out.coverage.tolist() == ["complete"] * 4
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


# --- issue 14 class 5: a parent value beside its descendants' values ------------------------------

def township_cube():
    """县 K → 山王镇 T1 (villages V1, V2) and 新庄孜街道 T2 (village V3); births summed."""
    tree = zb.org_unit_tree(pd.DataFrame({
        "code": ["K", "T1", "V1", "V2", "T2", "V3"],
        "name": ["县", "山王镇", "村1", "村2", "新庄孜街道", "村3"],
        "parent": [None, "K", "T1", "T1", "K", "T2"],
    }))
    return zb.DataCube(tree, [zb.DataElement("births", "出生人数")], zb.Period.month(2019, 1), 12)


def births(rows):
    return pd.DataFrame(rows, columns=["org_unit", "period", "value"]).assign(element="births")


def test_parent_value_beside_its_villages_is_an_error_naming_both_rows():
    # The example: 山王镇's 合计 7 beside its villages' 3 + 4. Added up the tree (as every
    # load did before) the township's total was 7 + 3 + 4 = 14. (Fails on main: it loaded.)
    frame = births([("T1", "2019-01", 7), ("V1", "2019-01", 3), ("V2", "2019-01", 4), ("V3", "2019-01", 5)])
    cube = township_cube()
    with pytest.raises(zb.InvalidRows) as info:
        cube.load_frame(frame)
    rows = info.value.rows
    assert [r[0] for r in rows] == [0, 1, 2]
    assert rows[0][1].startswith("org_unit")
    assert "below it also have values for births in 201901: V1 (row 1), V2 (row 2)" in rows[0][2]
    assert "its ancestor T1 (row 0) also has a value for births in 201901" in rows[1][2]
    assert "parent_values" in rows[2][2]
    assert cube.value_count == 0
    # Mark: the conflicting rows come back as errors, the others load.
    result = cube.load_frame(frame, on_bad_rows="mark")
    assert result.loaded == 1 and [e[0] for e in result.errors] == [0, 1, 2]
    assert result.parent_conflicts == [("births", "201901", "T1", 0, "V1", 1),
                                       ("births", "201901", "T1", 0, "V2", 2)]
    assert cube.aggregate("births", "K", "2019-01").value.tolist() == [5.0]
    # "add", asked for, is the old behaviour: 14.
    added = township_cube()
    assert added.load_frame(frame, parent_values="add").loaded == 4
    assert added.aggregate("births", "T1", "2019-01").value.tolist() == [14.0]


def test_parent_values_keep_children_and_keep_parent():
    # T1's 合计 8 (3 + 4 from its villages and 1 from the township health centre, which has no
    # unit of its own) beside V1 = 3, V2 = 4; V3 = 5; February: V1 = 2.
    #   keep_children: T1 = 3 + 4 = 7 (January), 9 (Q1); K = 12, 14.
    #   keep_parent:   T1 = 8, 8 + 2 = 10; K = 8 + 5 = 13, 15; the villages keep 3 and 4.
    frame = births([("T1", "2019-01", 8), ("V1", "2019-01", 3), ("V2", "2019-01", 4),
                    ("V3", "2019-01", 5), ("V1", "2019-02", 2)])
    children = township_cube()
    result = children.load_frame(frame, parent_values="keep_children")
    assert result.loaded == 4 and result.errors == [] and len(result.parent_conflicts) == 2
    out = children.aggregate("births", ["T1", "K"], ["2019-01", "2019Q1"])
    assert out.value.tolist() == [7, 9, 12, 14]
    assert children.value("births", "T1", zb.Period.month(2019, 1)) is None
    parent = township_cube()
    assert parent.load_frame(frame, parent_values="keep_parent").loaded == 5
    out = parent.aggregate("births", ["T1", "K", "V1", "V2"], ["2019-01", "2019Q1"])
    assert out.value.tolist() == [8, 10, 13, 15, 3, 5, 4, 4]
    # evaluate reads the same totals: T1's births per 1000 of 1000 residents, 8 / 1000 × 1000 = 8.
    rate = zb.Indicator("b", "#{births}", "1000", unit="per_1000", kind="rate")
    assert zb.evaluate(parent, [rate], ["T1"], "2019-01", display=False).value.tolist() == [8.0]


def test_parent_values_across_loads_and_in_csv(tmp_path):
    cube = township_cube()
    cube.load_frame(births([("T1", "2019-01", 7)]))
    villages = births([("V1", "2019-01", 3), ("V2", "2019-01", 4)])
    with pytest.raises(zb.InvalidRows, match=r"its ancestor T1 \(from an earlier load\)"):
        cube.load_frame(villages)
    result = cube.load_frame(villages, parent_values="keep_children")
    assert (result.loaded, result.removed) == (2, 1)
    assert result.parent_conflicts[0][3] is None  # T1's value came from the earlier load
    assert cube.value_count == 2
    assert cube.aggregate("births", "T1", "2019-01").value.tolist() == [7.0]
    path = tmp_path / "values.csv"
    path.write_text("element,org_unit,period,value\nbirths,T2,201903,5\nbirths,V3,201903,5\n", encoding="utf-8")
    with pytest.raises(zb.InvalidRows, match="below it also have values"):
        cube.load_csv(str(path))
    assert cube.load_csv(str(path), parent_values="keep_parent") == (2, [])
    assert cube.aggregate("births", "K", "2019-03").value.tolist() == [5.0]


def test_parent_values_choice_is_checked():
    with pytest.raises(zb.InvalidInput, match="parent_values: expected one of .*got str .parents."):
        township_cube().load_frame(births([("V1", "2019-01", 3)]), parent_values="parents")
    with pytest.raises(zb.InvalidInput, match="parent_values"):
        township_cube().load_csv("/nonexistent.csv", parent_values="sum")


def test_duplicate_rows_are_errors_naming_each_other():
    # V1's January twice (5 and 6): which is right cannot be told, so with mark neither loads and
    # each row names the other. (Fails on main: row 0 was loaded and not reported.)
    cube = township_cube()
    result = cube.load_frame(births([("V1", "2019-01", 5), ("V2", "2019-01", 4), ("V1", "2019-01", 6)]),
                             on_bad_rows="mark")
    assert result.loaded == 1
    assert result.errors == [(0, "value", "is repeated by row 2 (same element, org unit and period)"),
                             (2, "value", "repeats row 0 (same element, org unit and period)")]
    assert cube.aggregate("births", "T1", "2019-01").value.tolist() == [4.0]


# --- issue 14, classes 7 and 8: tables, columns and org-unit selections through the checked
# readers; every refusal is InvalidInput naming the argument.

def test_org_unit_tree_and_load_frame_name_their_arguments():
    parents = pd.DataFrame({"code": ["D", "T1"], "name": ["区", "镇"], "parent": [None, "D"]})
    with pytest.raises(zb.InvalidInput, match="^frame: expected a pandas DataFrame, got dict"):
        zb.org_unit_tree({"code": ["D"]})
    with pytest.raises(zb.InvalidInput, match="^parent: no such column 'up'"):
        zb.org_unit_tree(parents, parent="up")
    with pytest.raises(zb.InvalidInput, match="^name: expected a column name"):
        zb.org_unit_tree(parents, name=np.array(["name"], dtype=object))
    with pytest.raises(zb.InvalidInput, match="^level_names: expected a list of names"):
        zb.org_unit_tree(parents, level_names="区")  # one string is not one name per level
    with pytest.raises(zb.InvalidInput, match="^level_names: item 1 is float"):
        zb.org_unit_tree(parents, level_names=["区", float("nan")])
    cube = seed_cube()
    with pytest.raises(zb.InvalidInput, match="^frame: expected a pandas DataFrame, got float"):
        cube.load_frame(float("nan"))
    rows = pd.DataFrame({"element": ["files"], "org_unit": ["F1"], "period": ["2019-01"], "value": [1]})
    with pytest.raises(zb.InvalidInput, match="^value: no such column 'count'"):
        cube.load_frame(rows, value="count")
    with pytest.raises(zb.InvalidInput, match="^on_bad_rows: expected one of 'raise', 'mark'"):
        cube.load_frame(rows, on_bad_rows=True)


@pytest.mark.parametrize("bad", [float("nan"), True, 1e308, {"D": 1}, [None], [1.5]])
def test_org_unit_selections_that_are_not_levels_codes_or_indices_are_refused(bad):
    cube = seed_cube()
    with pytest.raises(zb.InvalidInput, match="^org_units: "):
        cube.aggregate("signed", bad, "2019")
    # the three accepted forms agree: level 1, the code "D", index 0 (D's 59902 signed in 2019)
    assert [cube.aggregate("signed", u, "2019").value[0] for u in (1, "D", [0])] == [59902] * 3


def test_file_readers_name_the_path_for_a_directory_a_missing_file_and_a_non_path(tmp_path):
    # One reader of files (_core._read_file, register_error.cpp) for load_csv, load_catalog and
    # load_validation_rules: a directory was a bare RuntimeError (basic_filebuf::underflow), a
    # missing catalog a FileNotFoundError; a pathlib.Path is a path like a str.
    cube = seed_cube()
    with pytest.raises(zb.InvalidInput, match="^path: .* is a directory, not a file"):
        cube.load_csv(str(tmp_path))
    for load in (cube.load_csv, zb.load_catalog, zb.load_validation_rules):
        with pytest.raises(zb.InvalidInput, match="^path: cannot open .*No such file or directory"):
            load(tmp_path / "missing")
        with pytest.raises(zb.InvalidInput, match="^path: expected a file path"):
            load(3.0)
    path = tmp_path / "values.csv"
    path.write_text("element,org_unit,period,value\nfiles,F1,2019-02,7\n", encoding="utf-8")
    with pytest.raises(zb.InvalidRows, match="already in the cube"):  # seed_cube has 201902
        cube.load_csv(path)


def test_a_truth_value_is_not_a_count_and_a_missing_level_is_not_an_empty_table():
    cube = zb.DataCube(district_tree(), [zb.DataElement("files", "档案")], zb.Period.month(2019, 1), 1)
    rows = pd.DataFrame({"element": ["files", "files"], "org_unit": ["F1", "F2"],
                         "period": ["2019-01"] * 2, "value": [True, 5]}, dtype=object)
    # pandas reads True as 1.0; as a count it is a bad row, and "mark" keeps the other one
    loaded = cube.load_frame(rows, on_bad_rows="mark")
    assert loaded.loaded == 1 and [e[0] for e in loaded.errors] == [0]
    assert cube.aggregate("files", "D", "2019-01").value[0] == 5.0
    # district_tree() has levels 1 (区) .. 3 (机构): level 4 was an empty table, silently
    with pytest.raises(zb.InvalidInput, match="^org_units: the tree has levels 1 .. 3, got level 4"):
        cube.aggregate("files", 4, "2019-01")
    with pytest.raises(zb.InvalidInput, match="^org_units: 'level:' needs a level number"):
        cube.aggregate("files", "level:x", "2019-01")
    facilities = cube.aggregate("files", "level:3", "2019-01")
    assert facilities["count"].tolist() == [0, 1, 0, 0]  # F1's True was not loaded as 1


def test_aggregation_matrix_is_scipy_csr_over_the_subtrees():
    # Issue 21: the matrix is library-owned CSR; Python gets SciPy's csr_matrix of the same arrays.
    # District D with townships T1 (facility F1) and T2: T1's row sums T1 and F1.
    import scipy.sparse
    tree = zb.OrgUnitTree.from_parent_table(["D", "T1", "F1", "T2"], ["区", "镇1", "院1", "镇2"],
                                            ["", "D", "T1", "D"])
    a = tree.aggregation_matrix([tree.index("T1"), tree.index("D")])
    assert scipy.sparse.isspmatrix_csr(a)
    assert a.shape == (2, 4)
    assert (a @ np.array([1.0, 10.0, 100.0, 1000.0])).tolist() == [110.0, 1111.0]
