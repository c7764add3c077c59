"""zhibiao.read_table / read_sql: files and queries as users have them, read into the long layout.

The expected frames are the cells written into each small file, hand-copied: the test fails if a
value, a period code or a name is changed on the way (an encoding misread, a month shifted, a
number rounded)."""
import sqlite3

import numpy as np
import pandas as pd
import pytest

import zhibiao as zb

ELEMENT = "高血压患者规范管理数"


def expect(rows):
    frame = pd.DataFrame(rows, columns=["element", "org_unit", "period", "value"])
    frame["value"] = frame["value"].astype(np.float64)
    return frame


def same(got, want):
    pd.testing.assert_frame_equal(got.reset_index(drop=True), want, check_dtype=False)
    assert got["value"].dtype == np.float64


LONG_TEXT = ("element,org_unit,period,value\n"
             f"{ELEMENT},石桥镇,202501,94.13\n"
             f"{ELEMENT},石桥镇,2025-02,120\n"
             f"{ELEMENT},河口乡,202501,\n")
LONG_WANT = [(ELEMENT, "石桥镇", "202501", 94.13), (ELEMENT, "石桥镇", "202502", 120.0),
             (ELEMENT, "河口乡", "202501", np.nan)]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_long_csv_each_encoding_detected(tmp_path, encoding):
    path = tmp_path / "long.csv"
    path.write_bytes(LONG_TEXT.encode(encoding))
    got = zb.read_table(path)
    same(got, expect(LONG_WANT))
    # 94.13 is the double float("94.13") gives, the one pandas.to_numeric (load_frame) gives
    assert got["value"][0] == float("94.13") == pd.to_numeric(pd.Series(["94.13"]))[0]


def test_explicit_encoding_overrides_detection(tmp_path):
    path = tmp_path / "long.csv"
    path.write_bytes(LONG_TEXT.encode("gb18030"))
    with pytest.raises(zb.InvalidInput, match=r"long\.csv: cannot be read as utf-8"):
        zb.read_table(path, encoding="utf-8")
    same(zb.read_table(path, encoding="gb18030"), expect(LONG_WANT))


def test_long_columns_renamed(tmp_path):
    path = tmp_path / "cn.csv"
    path.write_text("指标,机构,月份,数值\n" f"{ELEMENT},石桥镇,202503,7\n", encoding="gb18030")
    got = zb.read_table(path, columns={"指标": "element", "机构": "org_unit", "月份": "period",
                                       "数值": "value"})
    same(got, expect([(ELEMENT, "石桥镇", "202503", 7.0)]))


def test_wide_by_month_with_year(tmp_path):
    path = tmp_path / "form.csv"
    path.write_text("org_unit,1月,2月,3月\n石桥镇,10,11.5,\n河口乡,3,0,4\n", encoding="gb18030")
    got = zb.read_table(path, wide="period", element=ELEMENT, year=2025)
    same(got, expect([(ELEMENT, "石桥镇", "202501", 10), (ELEMENT, "石桥镇", "202502", 11.5),
                      (ELEMENT, "石桥镇", "202503", np.nan), (ELEMENT, "河口乡", "202501", 3),
                      (ELEMENT, "河口乡", "202502", 0), (ELEMENT, "河口乡", "202503", 4)]))


def test_wide_month_headers_need_year(tmp_path):
    path = tmp_path / "form.csv"
    path.write_text("org_unit,1月\n石桥镇,10\n", encoding="utf-8")
    with pytest.raises(zb.InvalidInput, match=r"form\.csv: column '1月'.*year="):
        zb.read_table(path, wide="period", element=ELEMENT)


@pytest.mark.parametrize("headers", [("2025-01", "2025-02"), ("202501", "202502")])
def test_wide_by_period_codes_with_element_column(tmp_path, headers):
    path = tmp_path / "w.csv"
    path.write_text(f"element,org_unit,{headers[0]},{headers[1]}\n"
                    f"{ELEMENT},石桥镇,1,2\nhbp_registered,石桥镇,5,6\n", encoding="utf-8-sig")
    got = zb.read_table(path, wide="period")
    same(got, expect([(ELEMENT, "石桥镇", "202501", 1), (ELEMENT, "石桥镇", "202502", 2),
                      ("hbp_registered", "石桥镇", "202501", 5),
                      ("hbp_registered", "石桥镇", "202502", 6)]))


def test_wide_by_element(tmp_path):
    path = tmp_path / "e.csv"
    path.write_text(f"org_unit,period,{ELEMENT},hbp_registered\n石桥镇,2025-01,94.13,120\n",
                    encoding="utf-8")
    got = zb.read_table(path, wide="element")
    same(got, expect([(ELEMENT, "石桥镇", "202501", 94.13), ("hbp_registered", "石桥镇", "202501", 120)]))


def test_xlsx_wide_by_month(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["org_unit", "1月", "2月"])
    sheet.append(["石桥镇", 94.13, "12"])   # a number cell and a number typed as text
    sheet.append([340999001, 7, None])      # a numeric org unit code, an empty cell
    path = tmp_path / "form.xlsx"
    book.save(path)
    got = zb.read_table(path, wide="period", element=ELEMENT, year=2024)
    same(got, expect([(ELEMENT, "石桥镇", "202401", 94.13), (ELEMENT, "石桥镇", "202402", 12),
                      (ELEMENT, "340999001", "202401", 7), (ELEMENT, "340999001", "202402", np.nan)]))


def test_sqlite_query_and_read_sql():
    conn = sqlite3.connect(":memory:")
    conn.execute("create table v (element text, org_unit text, period text, value real)")
    conn.executemany("insert into v values (?,?,?,?)",
                     [(ELEMENT, "石桥镇", "202501", 94.13), (ELEMENT, "河口乡", "2025-01", None),
                      ("other", "石桥镇", "202501", 1)])
    want = expect([(ELEMENT, "石桥镇", "202501", 94.13), (ELEMENT, "河口乡", "202501", np.nan)])
    query = "select element, org_unit, period, value from v where element = ? order by rowid"
    same(zb.read_table(conn, query=query, params=(ELEMENT,)), want)
    same(zb.read_sql(conn, query, (ELEMENT,)), want)


def test_sqlite_error_names_result_row():
    conn = sqlite3.connect(":memory:")
    conn.execute("create table v (element text, org_unit text, period text, value text)")
    conn.executemany("insert into v values (?,?,?,?)", [("a", "u", "202501", "1"), ("a", "u", "202502", "x")])
    with pytest.raises(zb.InvalidRows, match=r"row 2 query column 'value': not a number: 'x'"):
        zb.read_sql(conn, "select * from v order by rowid")


def test_non_numeric_cell_names_file_row_column(tmp_path):
    path = tmp_path / "bad.csv"
    # the header is spreadsheet row 1, so the fourth data line is row 5
    path.write_text("org_unit,1月,2月,3月\nA,1,2,3\nB,1,2,3\nC,1,2,3\nD,1,2,12a\n", encoding="utf-8")
    with pytest.raises(zb.InvalidRows) as info:
        zb.read_table(path, wide="period", element="e", year=2025)
    assert info.value.rows == [(5, "bad.csv column '3月'", "not a number: '12a'")]
    assert "bad.csv" in str(info.value) and "row 5" in str(info.value)


@pytest.mark.parametrize("text", ["NA", "-", "nan", "inf", "1_000", "１２"])
def test_text_that_is_not_a_plain_number_is_an_error_not_nan(tmp_path, text):
    path = tmp_path / "t.csv"
    path.write_text(f"element,org_unit,period,value\ne,u,202501,{text}\n", encoding="utf-8")
    with pytest.raises(zb.InvalidRows, match=r"row 2 t\.csv column 'value': not a number"):
        zb.read_table(path)


def test_blank_line_does_not_shift_row_numbers(tmp_path):
    path = tmp_path / "b.csv"
    path.write_text("element,org_unit,period,value\ne,u,202501,1\n\ne,u,202502,x\n", encoding="utf-8")
    with pytest.raises(zb.InvalidRows, match=r"row 4 b\.csv column 'value'"):
        zb.read_table(path)


def test_unknown_month_header(tmp_path):
    path = tmp_path / "m.csv"
    path.write_text("org_unit,1月,13月\nA,1,2\n", encoding="utf-8")
    with pytest.raises(zb.InvalidInput, match=r"m\.csv: column '13月': no month 13"):
        zb.read_table(path, wide="period", element="e", year=2025)
    path.write_text("org_unit,合计\nA,1\n", encoding="utf-8")
    with pytest.raises(zb.InvalidInput, match=r"m\.csv: column '合计' is not a period"):
        zb.read_table(path, wide="period", element="e", year=2025)


def test_duplicate_key_names_both_rows(tmp_path):
    path = tmp_path / "d.csv"
    # 2025-01 and 202501 are the same month
    path.write_text("element,org_unit,period,value\ne,u,202501,1\ne,v,202501,1\ne,u,2025-01,2\n",
                    encoding="utf-8")
    with pytest.raises(zb.InvalidRows) as info:
        zb.read_table(path)
    assert info.value.rows == [(4, "d.csv column 'value'", "e / u / 202501 given twice (also row 2 column 'value')")]


def test_bad_period_and_empty_id(tmp_path):
    path = tmp_path / "p.csv"
    path.write_text("element,org_unit,period,value\ne,u,2025x,1\ne,,202501,1\n", encoding="utf-8")
    with pytest.raises(zb.InvalidRows) as info:
        zb.read_table(path)
    rows = info.value.rows
    assert [(r, f) for r, f, _ in rows] == [(2, "p.csv column 'period'"), (3, "p.csv column 'org_unit'")]
    assert rows[1][2] == "empty"


def test_missing_column_and_bad_arguments(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("element,org_unit,value\ne,u,1\n", encoding="utf-8")
    with pytest.raises(zb.InvalidInput, match=r"x\.csv: no column 'period'"):
        zb.read_table(path)
    with pytest.raises(zb.InvalidInput, match="wide: expected"):
        zb.read_table(path, wide="month")
    with pytest.raises(zb.InvalidInput, match="needs query="):
        zb.read_table(sqlite3.connect(":memory:"))
    with pytest.raises(zb.InvalidInput, match=r"nope\.csv"):
        zb.read_table(tmp_path / "nope.csv")


def test_district_sample_round_trips_through_wide_xlsx(tmp_path):
    pytest.importorskip("openpyxl")
    from pathlib import Path
    source = Path(__file__).resolve().parents[2] / "examples" / "district" / "data.csv"
    original = zb.read_table(source)
    sample = original[original["org_unit"].isin(sorted(set(original["org_unit"]))[:5])
                      & original["period"].str.startswith("2024")]
    assert len(sample) > 100
    wide = sample.pivot(index=["element", "org_unit"], columns="period", values="value").reset_index()
    path = tmp_path / "district_wide.xlsx"
    wide.to_excel(path, index=False, engine="openpyxl")
    back = zb.read_table(path, wide="period")
    # a cell the pivot left empty (a month a unit did not report) comes back as NaN: drop those
    back = back.dropna(subset=["value"])
    key = ["element", "org_unit", "period"]
    pd.testing.assert_frame_equal(back.sort_values(key).reset_index(drop=True),
                                  sample.sort_values(key).reset_index(drop=True))
    # and the frame loads as the CSV does
    assert len(back) == len(sample)


def test_wide_gb18030_form_loads_as_the_long_csv_does(tmp_path):
    # The core's cube.load_csv reads a long UTF-8 CSV; the same values kept as a GB18030 monthly
    # form go through read_table + load_frame and must give the same cube: 3 + 4 = 7 in Q1.
    tree = zb.org_unit_tree(pd.DataFrame({"code": ["D", "石桥镇", "河口乡"], "name": ["区", "石桥镇", "河口乡"],
                                          "parent": [None, "D", "D"]}))

    def cube():
        return zb.DataCube(tree, [zb.DataElement("births")], zb.Period.month(2019, 1), 12)

    long_path = tmp_path / "long.csv"
    long_path.write_text("element,org_unit,period,value\nbirths,石桥镇,201901,3\nbirths,河口乡,201902,4\n",
                         encoding="utf-8")
    from_csv = cube()
    assert from_csv.load_csv(str(long_path)) == (2, [])
    form = tmp_path / "出生.csv"
    form.write_text("org_unit,1月,2月\n石桥镇,3,\n河口乡,,4\n", encoding="gb18030")
    frame = zb.read_table(form, wide="period", element="births", year=2019)
    from_form = cube()
    # the empty cells are NaN rows: load_frame takes them as not reported
    assert from_form.load_frame(frame.dropna(subset=["value"])).loaded == 2
    assert zb.read_table(form, wide="period", element="births", year=2019, missing="drop").equals(
        frame.dropna(subset=["value"]).reset_index(drop=True))
    for c in (from_csv, from_form):
        assert c.aggregate("births", "D", "2019Q1").value[0] == 7


def test_missing_cells_keep_drop_or_error(tmp_path):
    path = tmp_path / "gaps.csv"
    path.write_text("org_unit,1月,2月\n石桥镇,3,\n", encoding="utf-8")
    args = dict(wide="period", element="births", year=2019)
    same(zb.read_table(path, **args),
         expect([("births", "石桥镇", "201901", 3), ("births", "石桥镇", "201902", np.nan)]))
    same(zb.read_table(path, missing="drop", **args), expect([("births", "石桥镇", "201901", 3)]))
    with pytest.raises(zb.InvalidRows) as info:
        zb.read_table(path, missing="error", **args)
    assert info.value.rows == [(2, "gaps.csv column '2月'", "empty")]
    with pytest.raises(zb.InvalidInput, match="missing: expected"):
        zb.read_table(path, missing="zero", **args)


def test_xlsx_date_headers_and_error_row_after_blank_row(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    import datetime as dt
    book = openpyxl.Workbook()
    sheet = book.active
    # Excel turns a typed "2025-01" into a date cell: its month is the period
    sheet.append(["org_unit", dt.datetime(2025, 1, 1), dt.datetime(2025, 2, 1)])
    sheet.append(["石桥镇", 1, 2])
    sheet.append([None, None, None])          # an empty spreadsheet row 3
    sheet.append(["河口乡", 3, "四"])           # row 4: 四 is not a number
    path = tmp_path / "dates.xlsx"
    book.save(path)
    with pytest.raises(zb.InvalidRows) as info:
        zb.read_table(path, wide="period", element="e")
    assert info.value.rows == [(4, "dates.xlsx column '202502'", "not a number: '四'")]
    sheet.cell(row=4, column=3, value=4)
    book.save(path)
    same(zb.read_table(path, wide="period", element="e"),
         expect([("e", "石桥镇", "202501", 1), ("e", "石桥镇", "202502", 2),
                 ("e", "河口乡", "202501", 3), ("e", "河口乡", "202502", 4)]))


def test_driver_errors_are_zhibiao_errors():
    conn = sqlite3.connect(":memory:")
    with pytest.raises(zb.InvalidInput, match=r"query: the database refused it \(OperationalError: no such table: v\)"):
        zb.read_sql(conn, "select * from v")
    with pytest.raises(zb.InvalidInput, match="source: query= needs a DB-API connection"):
        zb.read_sql("not a connection", "select 1")
