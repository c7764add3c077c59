"""DHIS2's metadata and data as the Web API exports them (issue 15 item 4).

The files are written here in the shapes of DHIS2's documentation: docs.dhis2.org, Developer
guide, Web API — "Metadata" (/api/metadata: organisationUnits with path, level and parent,
categoryOptionCombos with their categoryCombo, dataElements, indicatorTypes with factor,
indicators, constants, validationRules with leftSide / rightSide), "Data values"
(/api/dataValueSets: JSON {"dataValues": [{"dataElement", "period", "orgUnit",
"categoryOptionCombo", "attributeOptionCombo", "value"}]} and the CSV with columns dataelement,
period, orgunit, categoryoptioncombo, attributeoptioncombo, value, ...) and "Analytics"
({"headers", "metaData", "rows"}); dhis2/dhis2-docs src/developer/web-api/metadata.md, data.md,
analytics.md.

Expected numbers are hand calculations written beside each assertion.
"""
import json

import numpy as np
import pandas as pd
import pytest

import zhibiao as zb

# A district (OU_DISTR01) with two facilities; ANC 1st visits by age (<20, 20+), expected
# pregnancies (a population: averaged over months, summed over units).
DEFAULT_CC, AGE_CC = "bjDvmb4bfuf", "CC_AGE0001"
DEFAULT_COC, UNDER20, OVER20 = "HllvX50cXC0", "COC_LT2001", "COC_GE2001"
ANC, PREG, NOTE = "DE_ANC1001", "DE_PREG001", "DE_NOTE001"


def metadata():
    return {
        "system": {"version": "2.40.2"},
        "organisationUnitLevels": [{"id": "OUL_DISTR1", "level": 1, "name": "District"},
                                   {"id": "OUL_FACIL1", "level": 2, "name": "Facility"}],
        "organisationUnits": [
            {"id": "OU_FACIL01", "name": "Facility A", "path": "/OU_DISTR01/OU_FACIL01", "level": 2,
             "parent": {"id": "OU_DISTR01"}},
            {"id": "OU_DISTR01", "name": "District", "path": "/OU_DISTR01", "level": 1},
            {"id": "OU_FACIL02", "name": "Facility B", "path": "/OU_DISTR01/OU_FACIL02", "level": 2,
             "parent": {"id": "OU_DISTR01"}},
        ],
        "organisationUnitGroups": [{"id": "OUG_PUBLIC", "name": "Public",
                                    "organisationUnits": [{"id": "OU_FACIL02"}]}],
        "categoryCombos": [{"id": DEFAULT_CC, "name": "default"}, {"id": AGE_CC, "name": "Age"}],
        "categoryOptionCombos": [
            {"id": DEFAULT_COC, "name": "default", "categoryCombo": {"id": DEFAULT_CC}},
            {"id": UNDER20, "name": "<20y", "categoryCombo": {"id": AGE_CC}},
            {"id": OVER20, "name": "20y+", "categoryCombo": {"id": AGE_CC}},
        ],
        "dataElements": [
            {"id": ANC, "name": "ANC 1st visit", "valueType": "INTEGER_ZERO_OR_POSITIVE",
             "aggregationType": "SUM", "domainType": "AGGREGATE", "categoryCombo": {"id": AGE_CC}},
            {"id": PREG, "name": "Expected pregnancies", "valueType": "NUMBER",
             "aggregationType": "AVERAGE_SUM_ORG_UNIT", "domainType": "AGGREGATE",
             "categoryCombo": {"id": DEFAULT_CC}},
            {"id": NOTE, "name": "Supervisor note", "valueType": "TEXT", "aggregationType": "NONE",
             "domainType": "AGGREGATE", "categoryCombo": {"id": DEFAULT_CC}},
        ],
        "constants": [{"id": "C_HALF0001", "name": "One half", "value": 0.5}],
        "indicatorTypes": [{"id": "IT_PERCENT", "name": "Per cent", "factor": 100, "number": False},
                           {"id": "IT_PERMILL", "name": "Per thousand", "factor": 1000}],
        "indicators": [
            {"id": "IN_ANC1COV", "name": "ANC 1 coverage", "numerator": "#{DE_ANC1001}",
             "denominator": "#{DE_PREG001}", "indicatorType": {"id": "IT_PERCENT"},
             "annualized": False, "decimals": 1},
            {"id": "IN_ANCTEEN", "name": "ANC 1 visits under 20",
             "numerator": "#{DE_ANC1001.COC_LT2001}", "denominator": "#{DE_ANC1001.*}",
             "indicatorType": {"id": "IT_PERCENT"}},
            {"id": "IN_ANCHALF", "name": "ANC 1 per half pregnancy",
             "numerator": "#{DE_ANC1001}", "denominator": "#{DE_PREG001} * C{C_HALF0001}",
             "indicatorType": {"id": "IT_PERMILL"}},
        ],
        "validationRules": [
            {"id": "VR_ANCPREG", "name": "ANC 1 not above pregnancies", "importance": "HIGH",
             "operator": "less_than_or_equal_to", "periodType": "Monthly",
             "leftSide": {"expression": "#{DE_ANC1001}", "missingValueStrategy": "NEVER_SKIP"},
             "rightSide": {"expression": "#{DE_PREG001}",
                           "missingValueStrategy": "SKIP_IF_ALL_VALUES_MISSING"}},
        ],
    }


def value(de, pe, ou, v, coc=DEFAULT_COC):
    return {"dataElement": de, "period": pe, "orgUnit": ou, "categoryOptionCombo": coc,
            "attributeOptionCombo": DEFAULT_COC, "value": v, "storedBy": "admin",
            "lastUpdated": "2024-02-03T10:00:00.000", "followup": False}


# January: facility A 12 + 18 visits, B 5 + 15; February: A 8 + 12, B 5 + 5.
# Pregnancies 60 (A) and 40 (B) in both months.
VALUES = [
    value(ANC, "202401", "OU_FACIL01", "12", UNDER20), value(ANC, "202401", "OU_FACIL01", "18", OVER20),
    value(ANC, "202401", "OU_FACIL02", "5", UNDER20), value(ANC, "202401", "OU_FACIL02", "15", OVER20),
    value(ANC, "202402", "OU_FACIL01", "8", UNDER20), value(ANC, "202402", "OU_FACIL01", "12", OVER20),
    value(ANC, "202402", "OU_FACIL02", "5", UNDER20), value(ANC, "202402", "OU_FACIL02", "5", OVER20),
    value(PREG, "202401", "OU_FACIL01", "60"), value(PREG, "202401", "OU_FACIL02", "40"),
    value(PREG, "202402", "OU_FACIL01", "60"), value(PREG, "202402", "OU_FACIL02", "40"),
]


def data_value_set():
    return {"dataSet": "DS_ANC0001", "completeDate": "2024-02-05", "dataValues": [dict(v) for v in VALUES]}


def csv_text(rows):
    lines = ["dataelement,period,orgunit,categoryoptioncombo,attributeoptioncombo,value,storedby,"
             "lastupdated,comment,followup"]
    for v in rows:
        lines.append(f'{v["dataElement"]},{v["period"]},{v["orgUnit"]},{v["categoryOptionCombo"]},'
                     f'{v["attributeOptionCombo"]},{v["value"]},admin,2024-02-03,"a, comment",false')
    return "\n".join(lines) + "\n"


@pytest.fixture
def meta(tmp_path):
    path = tmp_path / "metadata.json"
    path.write_text(json.dumps(metadata()), encoding="utf-8")
    return zb.read_dhis2_metadata(path)


def loaded_cube(meta, frame):
    cube = meta.cube("202401", 12)
    assert cube.load_frame(frame).loaded == len(frame)
    return cube


def test_metadata_objects(meta):
    tree = meta.tree
    assert sorted(tree.codes) == ["OU_DISTR01", "OU_FACIL01", "OU_FACIL02"]
    assert tree.level(tree.index("OU_FACIL02")) == 2 and tree.level_name(2) == "Facility"
    assert tree.name(tree.index("OU_FACIL01")) == "Facility A"
    assert [tree.code(u) for u in tree.group("OUG_PUBLIC")] == ["OU_FACIL02"]
    # The TEXT element is not a number: left out and listed.
    assert [e.id for e in meta.data_elements] == [ANC, PREG]
    assert ("dataElements[2]", "valueType TEXT: not a number") in meta.skipped
    anc, preg = meta.data_elements
    assert anc.disaggregations == [UNDER20, OVER20] and preg.disaggregations == []
    assert preg.aggregation == "average_sum_org_unit"
    cov = meta.catalog.indicator("IN_ANC1COV")
    assert (cov.unit.code, cov.decimals, cov.annualised) == ("percent", 1, False)
    # #{de.*} is the element's total; C{uid} is replaced by the constant's value.
    assert meta.catalog.indicator("IN_ANCTEEN").denominator == "#{DE_ANC1001}"
    assert meta.catalog.indicator("IN_ANCHALF").denominator == "#{DE_PREG001} * (0.5)"
    assert meta.catalog.indicator("IN_ANCHALF").unit.code == "per_mille"
    rule, = meta.rules
    assert (rule.operator, rule.importance, rule.left_missing, rule.period_type) == \
        ("<=", "high", "never_skip", "month")
    assert meta.constants == {"C_HALF0001": 0.5} and meta.names["OU_FACIL02"] == "Facility B"


def test_end_to_end_hand_calculated(meta):
    frame = zb.read_data_value_set(data_value_set(), meta)
    assert len(frame) == 12 and frame.attrs["dhis2_skipped"] == {}
    assert set(frame["element"]) == {f"{ANC}.{UNDER20}", f"{ANC}.{OVER20}", PREG}
    cube = loaded_cube(meta, frame)
    out = zb.evaluate(cube, meta.catalog, org_units=1, periods=["202401", "202402", "2024年1-2月"])
    got = {(r.indicator, r.period): (r.numerator, r.denominator, r.value) for r in out.itertuples()}
    # January: ANC 12 + 18 + 5 + 15 = 50 over 60 + 40 = 100 pregnancies: 50.0 %.
    assert got["IN_ANC1COV", "202401"] == (50.0, 100.0, pytest.approx(50.0))
    # February: 8 + 12 + 5 + 5 = 30 of 100: 30.0 %.
    assert got["IN_ANC1COV", "202402"] == (30.0, 100.0, pytest.approx(30.0))
    # January–February: 80 visits; the pregnancies are averaged over months (100), not summed
    # (AVERAGE_SUM_ORG_UNIT): 80 %.
    jan_feb = [k for k in got if k[0] == "IN_ANC1COV" and k[1] not in ("202401", "202402")][0]
    assert got[jan_feb] == (80.0, 100.0, pytest.approx(80.0))
    # Under 20s: January (12 + 5) / 50 = 34 %.
    assert got["IN_ANCTEEN", "202401"][2] == pytest.approx(34.0)
    # With C{half} = 0.5: 50 / (100 × 0.5) × 1000 = 1000 ‰.
    assert got["IN_ANCHALF", "202401"][2] == pytest.approx(1000.0)
    # Facility B alone in January: 20 / 40 = 50 %; the group "OUG_PUBLIC" is B.
    b = zb.evaluate(cube, meta.catalog.indicator("IN_ANC1COV"), org_units=["OU_FACIL02"], periods="202401")
    assert b["value"].iloc[0] == pytest.approx(50.0)


def test_annualized_indicator():
    doc = metadata()
    doc["indicators"][0]["annualized"] = True
    meta = zb.read_dhis2_metadata(doc)
    cube = loaded_cube(meta, zb.read_data_value_set(data_value_set(), meta))
    out = zb.evaluate(cube, meta.catalog.indicator("IN_ANC1COV"), org_units=1, periods=["202401", "2024Q1"])
    # annualized: × the period's annualisation factor (days of the year / days of the period,
    # docs/catalog.md): January 2024, 50 % × 366 / 31 = 590.32 %; Q1, 80 % × 366 / 91 = 321.76 %.
    assert out["value"].tolist() == [pytest.approx(50 * 366 / 31), pytest.approx(80 * 366 / 91)]


def test_validation_rule_from_metadata(meta):
    rows = data_value_set()
    rows["dataValues"][0]["value"] = "70"  # facility A, January: 70 + 18 = 88 visits > 60
    cube = loaded_cube(meta, zb.read_data_value_set(rows, meta))
    out = zb.validate(cube, meta.rules, org_units=2, periods="202401")
    assert list(zip(out["org_unit"], out["left"], out["right"])) == [("OU_FACIL01", 88.0, 60.0)]


def test_csv_reads_as_json(meta, tmp_path):
    path = tmp_path / "values.csv"
    path.write_text(csv_text(VALUES), encoding="utf-8")
    from_csv = zb.read_data_value_set(path, meta)
    from_json = zb.read_data_value_set(data_value_set(), meta)
    pd.testing.assert_frame_equal(from_csv.astype(str), from_json.astype(str))
    # Without a header line: the documented column order.
    path.write_text(csv_text(VALUES).split("\n", 1)[1], encoding="utf-8")
    assert zb.read_data_value_set(path, meta)["value"].sum() == from_json["value"].sum() == 280.0
    # Every cell quoted, as the documentation's example writes them (its header names the combo
    # columns categoryoptioncombo / attributeoptioncombo; the older catoptcombo / attroptcombo
    # are read too).
    quoted = ['"dataelement","period","orgunit","catoptcombo","attroptcombo","value","strby","lstupd","cmt"']
    quoted += [",".join(f'"{c}"' for c in (v["dataElement"], v["period"], v["orgUnit"], v["categoryOptionCombo"],
                                          v["attributeOptionCombo"], v["value"], "admin", "2024-02-03", ""))
               for v in VALUES]
    path.write_text("\n".join(quoted) + "\n", encoding="utf-8")
    pd.testing.assert_frame_equal(zb.read_data_value_set(path, meta).astype(str), from_json.astype(str))  # 80 visits + 4 × pregnancies (60 + 40 + 60 + 40)


def test_json_file_and_set_level_defaults(meta, tmp_path):
    # The set's own period and orgUnit apply to its values (the documentation's first example).
    doc = {"dataSet": "DS_ANC0001", "period": "202401", "orgUnit": "OU_FACIL01",
           "dataValues": [{"dataElement": PREG, "value": "60"},
                          {"dataElement": ANC, "categoryOptionCombo": UNDER20, "value": "12"},
                          {"dataElement": ANC, "categoryOptionCombo": OVER20, "value": "3",
                           "deleted": True}]}
    path = tmp_path / "set.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    frame = zb.read_data_value_set(path, meta)
    assert frame["period"].astype(str).tolist() == ["202401", "202401"]
    assert frame["value"].tolist() == [60.0, 12.0]
    assert frame.attrs["dhis2_skipped"] == {"deleted": 1}
    # A TEXT element's value (the data set's comment field) is not a number: left out, counted.
    doc["dataValues"].append({"dataElement": NOTE, "value": "stock-out in March"})
    frame = zb.read_data_value_set(doc, meta)
    assert len(frame) == 2 and frame.attrs["dhis2_skipped"] == {
        "deleted": 1, "data element left out of the metadata": 1}


def test_bad_values_name_their_index(meta):
    doc = data_value_set()
    doc["dataValues"][3]["value"] = "12a"
    doc["dataValues"][5]["orgUnit"] = "OU_NOWHERE"
    doc["dataValues"][7]["categoryOptionCombo"] = DEFAULT_COC  # ANC is disaggregated by age
    doc["dataValues"][9]["period"] = 202401  # a number, not the period's text
    for source in (doc, json.dumps(doc).encode()):
        with pytest.raises(zb.InvalidRows) as info:
            zb.read_data_value_set(source, meta)
        rows = {(r, f) for r, f, _ in info.value.rows}
        assert rows == {(3, "dataValues[3].value"), (5, "dataValues[5].orgUnit"),
                        (7, "dataValues[7].categoryOptionCombo"), (9, "dataValues[9].period")}
    assert "not a number: '12a'" in str(info.value) and "'OU_NOWHERE'" in str(info.value)


def test_unknown_ids_skipped_on_request_and_counted(meta):
    doc = data_value_set()
    doc["dataValues"][5]["orgUnit"] = "OU_NOWHERE"
    doc["dataValues"][6]["dataElement"] = "DE_UNKNOWN"
    frame = zb.read_data_value_set(doc, meta, on_unknown="skip")
    assert len(frame) == 10 and 5 not in frame.index and 6 not in frame.index
    assert frame.attrs["dhis2_skipped"] == {"unknown org unit": 1, "unknown data element": 1}
    # What is left loads: 10 values (the skipped ones' ids are not passed on).
    assert meta.cube("202401", 12).load_frame(frame).loaded == 10


def test_attribute_option_combos_are_summed(meta):
    doc = data_value_set()
    extra = dict(doc["dataValues"][8], attributeOptionCombo="AOC_DONOR1", value="7")
    doc["dataValues"].append(extra)  # facility A's January pregnancies: 60 + 7 from a donor
    frame = zb.read_data_value_set(doc, meta)
    row = frame[(frame["element"] == PREG) & (frame["org_unit"] == "OU_FACIL01") & (frame["period"] == "202401")]
    assert row["value"].tolist() == [67.0] and row.index.tolist() == [8]  # the first value's index
    cube = meta.cube("202401", 12)
    with pytest.raises(zb.InvalidRows, match="repeat"):
        cube.load_frame(zb.read_data_value_set(doc, meta, attribute_option_combos="error"))


def test_boolean_values_are_one_and_zero():
    doc = metadata()
    doc["dataElements"].append({"id": "DE_STOCKOUT", "name": "Stock-out", "valueType": "BOOLEAN"})
    meta = zb.read_dhis2_metadata(doc)
    frame = zb.read_data_value_set({"dataValues": [value("DE_STOCKOUT", "202401", "OU_FACIL01", "true"),
                                                   value("DE_STOCKOUT", "202401", "OU_FACIL02", "false")]},
                                   meta)
    assert frame["value"].tolist() == [1.0, 0.0]
    # JSON true for a count is not 1 birth.
    with pytest.raises(zb.InvalidRows, match=r"dataValues\[0\].value: not a number: True"):
        zb.read_data_value_set({"dataValues": [value(PREG, "202401", "OU_FACIL01", True)]}, meta)


@pytest.mark.parametrize("change, message", [
    (lambda d: d["organisationUnits"][0].update(parent={"id": "X"}, path="/X/OU_FACIL01"),
     "organisationUnits[0].parent: unknown id 'X'"),
    (lambda d: d["organisationUnits"][2].update(path="/OU_FACIL01/OU_FACIL02"),
     "organisationUnits[2].path"),
    (lambda d: d["organisationUnits"][2].update(level=3), "organisationUnits[2].level"),
    (lambda d: d["organisationUnits"][2].update(id="OU_FACIL01"), "organisationUnits[2].id"),
    (lambda d: d["organisationUnitGroups"][0]["organisationUnits"].append({"id": "OU_GONE"}),
     "organisationUnitGroups[0].organisationUnits[1]: unknown id 'OU_GONE'"),
    (lambda d: d["indicators"][0].update(numerator="#{DE_MISSING}"),
     "indicators[0].numerator: unknown data element 'DE_MISSING'"),
    (lambda d: d["indicators"][0].update(indicatorType={"id": "IT_NONE"}),
     "indicators[0].indicatorType: unknown id 'IT_NONE'"),
    (lambda d: d["indicators"][1].update(numerator="#{DE_ANC1001.COC_NONE01}"),
     "indicators[1].numerator: category option combo 'COC_NONE01'"),
    (lambda d: d["indicators"][2].update(denominator="#{DE_PREG001} * C{C_NONE}"),
     "indicators[2].denominator: unknown constant 'C_NONE'"),
    (lambda d: d["constants"][0].update(value="half"), "constants[0].value"),
    # R{} of a data set the file does not hold (R{} is read: test_dhis2_items.py)
    (lambda d: d["indicators"][0].update(numerator="R{DS_ANC0001.REPORTING_RATE}"),
     "indicators[0].numerator: unknown data set 'DS_ANC0001'"),
    (lambda d: d["indicators"][0].update(numerator="I{PI_0000001}"),
     "indicators[0]: I{PI_0000001} is not read"),
    (lambda d: d["indicators"][0].update(numerator="#{DE_NOTE001}"), "indicators[0]: refers to data element"),
    (lambda d: d["indicatorTypes"][0].update(factor=7), "has factor 7"),
])
def test_bad_metadata_names_the_object(change, message):
    doc = metadata()
    change(doc)
    with pytest.raises(zb.InvalidInput) as info:
        zb.read_dhis2_metadata(doc)
    assert message in str(info.value)


def test_unsupported_skipped_on_request():
    doc = metadata()
    doc["indicators"][0]["numerator"] = "I{PI_0000001}"  # a program indicator: not aggregate
    doc["validationRules"][0]["leftSide"]["expression"] = "#{DE_NOTE001}"
    meta = zb.read_dhis2_metadata(doc, on_unsupported="skip")
    assert [i.id for i in meta.catalog.indicators] == ["IN_ANCTEEN", "IN_ANCHALF"]
    assert meta.rules == []
    assert [p for p, _ in meta.skipped] == ["dataElements[2]", "indicators[0]", "validationRules[0]"]


def test_bad_files(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text('{"organisationUnits": [', encoding="utf-8")
    with pytest.raises(zb.ParseError, match="bad.json: not JSON"):
        zb.read_dhis2_metadata(path)
    with pytest.raises(zb.InvalidInput, match="no such file|No such file"):
        zb.read_dhis2_metadata(tmp_path / "absent.json")
    meta = zb.read_dhis2_metadata(metadata())
    with pytest.raises(zb.InvalidInput, match="dataValues"):
        zb.read_data_value_set({"dataValues": "none"}, meta)
    with pytest.raises(zb.InvalidInput, match="a list or an object"):
        zb.read_data_value_set(b'{"dataValues": [{"dataElement": ["DE_PREG001"], "value": "1"}]}', meta)
    with pytest.raises(zb.InvalidInput, match="flat"):
        zb.read_data_value_set(b'{"dataValues": [{"dataElement": "DE_PREG001", "x": {"y": 1}}]}', meta)


def test_analytics_round_trip(meta):
    cube = loaded_cube(meta, zb.read_data_value_set(data_value_set(), meta))
    out = zb.evaluate(cube, meta.catalog, org_units=[0, 1, 2], periods=["202401", "202402"])
    doc = json.loads(zb.to_analytics_json(out))
    assert [h["name"] for h in doc["headers"]] == ["dx", "ou", "pe", "value", "numerator", "denominator"]
    assert doc["height"] == len(doc["rows"]) == len(out) == 18
    assert doc["metaData"]["items"]["IN_ANC1COV"]["name"] == "ANC 1 coverage"
    back = zb.read_analytics(json.dumps(doc).encode())
    assert back.columns.tolist() == ["dx", "org_unit", "period", "value", "numerator", "denominator"]
    np.testing.assert_array_equal(back["value"].to_numpy(), out["value"].to_numpy())
    assert back["dx"].tolist() == out["indicator"].tolist()
    assert back.attrs["names"]["OU_FACIL01"] == "Facility A"


def test_analytics_data_elements_load_into_the_cube(meta):
    # An analytics table of data element values by category option combo (dx, co, ou, pe):
    response = {"headers": [{"name": "dx", "column": "Data"}, {"name": "co", "column": "Category option combo"},
                            {"name": "ou"}, {"name": "pe"}, {"name": "value", "valueType": "NUMBER"}],
                "metaData": {"items": {ANC: {"name": "ANC 1st visit"}}},
                "rows": [[ANC, UNDER20, "OU_FACIL01", "202401", "12"], [ANC, OVER20, "OU_FACIL01", "202401", "18"],
                         [PREG, DEFAULT_COC, "OU_FACIL01", "202401", "60.0"]]}
    frame = zb.read_analytics(response)
    assert frame["dx"].tolist() == [f"{ANC}.{UNDER20}", f"{ANC}.{OVER20}", PREG]
    cube = meta.cube("202401", 1)
    cube.load_frame(frame, element="dx")
    out = zb.evaluate(cube, meta.catalog.indicator("IN_ANC1COV"), org_units=["OU_FACIL01"])
    assert out["value"].iloc[0] == pytest.approx(50.0)  # (12 + 18) / 60 × 100
    with pytest.raises(zb.InvalidRows, match=r"rows\[0\]\[4\]"):
        zb.read_analytics(dict(response, rows=[[ANC, "", "OU_FACIL01", "202401", "many"]]))


# ---- a district's size: 10^4 org units, 10^6 values -------------------------------------------

def district(n_facilities=10_417, months=12):
    """Metadata of a 4-level district (1 + 10 + 100 + n_facilities units) with 6 data elements,
    two of them by sex (8 keys per facility and month), and 50 indicators; and the JSON text of
    its dataValueSet, the first 10^6 values (facility × month × key)."""
    units = [{"id": "OU00000000", "name": "District", "path": "/OU00000000", "level": 1}]
    for a in range(10):
        units.append({"id": f"OUA{a:08d}", "name": f"Chiefdom {a}", "parent": {"id": "OU00000000"}})
    for b in range(100):
        units.append({"id": f"OUB{b:08d}", "name": f"Zone {b}", "parent": {"id": f"OUA{b % 10:08d}"}})
    facilities = [f"OUF{f:08d}" for f in range(n_facilities)]
    for f, uid in enumerate(facilities):
        units.append({"id": uid, "name": f"Facility {f}", "parent": {"id": f"OUB{f % 100:08d}"}})
    cocs = [{"id": DEFAULT_COC, "name": "default", "categoryCombo": {"id": DEFAULT_CC}},
            {"id": "COCMALE0001", "name": "Male", "categoryCombo": {"id": "CCSEX000001"}},
            {"id": "COCFEMALE01", "name": "Female", "categoryCombo": {"id": "CCSEX000001"}}]
    des = [{"id": f"DE{k:09d}", "name": f"Element {k}", "valueType": "INTEGER",
            "aggregationType": "AVERAGE_SUM_ORG_UNIT" if k == 5 else "SUM",
            "categoryCombo": {"id": "CCSEX000001" if k < 2 else DEFAULT_CC}} for k in range(6)]
    keys = [("DE000000000", "COCMALE0001"), ("DE000000000", "COCFEMALE01"),
            ("DE000000001", "COCMALE0001"), ("DE000000001", "COCFEMALE01"),
            ("DE000000002", DEFAULT_COC), ("DE000000003", DEFAULT_COC),
            ("DE000000004", DEFAULT_COC), ("DE000000005", DEFAULT_COC)]
    types = [{"id": "ITPERCENT01", "factor": 100}, {"id": "ITPERMILLE1", "factor": 1000},
             {"id": "ITPER100K01", "factor": 100000}]
    indicators = []
    for k in range(50):
        a, b = k % 5, (k // 5) % 5
        num = f"#{{DE{a:09d}}}" if k % 3 else f"#{{DE00000000{k % 2}.COCFEMALE01}}"
        indicators.append({"id": f"IN{k:09d}", "name": f"Indicator {k}", "numerator": num,
                           "denominator": f"#{{DE000000005}} + #{{DE{b:09d}}}",
                           "indicatorType": {"id": types[k % 3]["id"]}})
    meta = {"organisationUnits": units, "categoryCombos": [{"id": DEFAULT_CC, "name": "default"},
                                                           {"id": "CCSEX000001", "name": "Sex"}],
            "categoryOptionCombos": cocs, "dataElements": des, "indicatorTypes": types,
            "indicators": indicators}
    parts = []
    count = 0
    for f, uid in enumerate(facilities):
        for m in range(months):
            pe = f"2024{m + 1:02d}"
            for j, (de, coc) in enumerate(keys):
                v = 1000 + f % 7 if de == "DE000000005" else (f + m + j) % 13
                parts.append(f'{{"dataElement":"{de}","period":"{pe}","orgUnit":"{uid}",'
                             f'"categoryOptionCombo":"{coc}","attributeOptionCombo":"{DEFAULT_COC}",'
                             f'"value":"{v}"}}')
                count += 1
                if count == 1_000_000:
                    break
            if count == 1_000_000:
                break
        if count == 1_000_000:
            break
    return meta, '{"dataValues":[' + ",".join(parts) + "]}"


def test_district_size_10k_units_1m_values():
    """SIZE: 10,528 org units, 10^6 data values, 50 indicators. Its speed is measured in
    benchmarks/ (not asserted here: a timed unit test fails on a loaded machine)."""
    meta_doc, text = district()
    meta = zb.read_dhis2_metadata(meta_doc)
    assert len(meta.tree) == 10_528 and len(meta.catalog.indicators) == 50
    frame = zb.read_data_value_set(text.encode(), meta)
    assert len(frame) == 1_000_000
    cube = meta.cube("202401", 12)
    assert cube.load_frame(frame).loaded == 1_000_000
    out = zb.evaluate(cube, meta.catalog, org_units=list(range(len(meta.tree))), periods="2024")
    assert len(out) == 50 * 10_528
    # Facility 0 (OUF00000000), element 0 by sex, year 2024: value (f + m + j) % 13 with f = 0,
    # j = 0 (male) and 1 (female): Σ_m (m % 13) + Σ_m ((m + 1) % 13) = 66 + 78 = 144. Its
    # population DE5 is 1000 every month (averaged: 1000), DE0's total 144: indicator 5
    # (#{DE0} / (#{DE5} + #{DE1}) × 1000, type 5 % 3 = 2 → per 100,000 ... see below).
    row = out[(out["indicator"] == "IN000000005") & (out["org_unit"] == "OUF00000000")].iloc[0]
    # IN5: a = 0, b = 1: numerator #{DE0} = 144; denominator DE5 (1000) + DE1 (j = 2, 3:
    # Σ_m (m + 2) % 13 + Σ_m (m + 3) % 13 = 77 + 76 = 153) = 1153; factor 100,000 (5 % 3 = 2).
    assert (row["numerator"], row["denominator"]) == (144.0, 1153.0)
    assert row["value"] == pytest.approx(144 / 1153 * 100_000)


@pytest.mark.parametrize("csv", [False, True])
def test_benchmark_script_runs(csv):
    """benchmarks/dhis2_load.py at a small size: its steps run and it prints the figures."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    # The child imports zhibiao as this process does (the install, or PYTHONPATH's tree).
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in sys.path if p))
    run = subprocess.run([sys.executable, str(root / "benchmarks" / "dhis2_load.py"), "--values", "2000",
                          "--facilities", "30"] + (["--csv"] if csv else []),
                         capture_output=True, text=True, env=env, timeout=300)
    assert run.returncode == 0, run.stderr
    # 1 + 10 + 100 + 30 units; 2000 of the 30 × 12 × 8 = 2880 values; 50 × 141 rows.
    assert "org units 141, indicators 50, values loaded 2000, evaluated rows 7050" in run.stdout
    assert "peak resident size" in run.stdout


def test_the_documentations_example():
    """The data value set of DHIS2's "Sending data values" example (Developer guide, Web API,
    Data): Ngelehun CHC (DiszpKrYNg8), January 2014, 12 measles (f7n9E0hX8qk), 14 dysentery
    (Ix2HsbDMLea) and 16 cholera (eY5ehpbEsB7) cases, period and org unit given on the set.
    The tree above the facility (chiefdom, district) is made up here."""
    meta = zb.read_dhis2_metadata({
        "organisationUnits": [
            {"id": "DISTRICT001", "name": "Bo", "path": "/DISTRICT001", "level": 1},
            {"id": "CHIEFDOM001", "name": "Badjia", "path": "/DISTRICT001/CHIEFDOM001", "level": 2,
             "parent": {"id": "DISTRICT001"}},
            {"id": "DiszpKrYNg8", "name": "Ngelehun CHC", "level": 3, "parent": {"id": "CHIEFDOM001"},
             "path": "/DISTRICT001/CHIEFDOM001/DiszpKrYNg8"}],
        "dataElements": [{"id": uid, "name": name, "valueType": "INTEGER_ZERO_OR_POSITIVE"}
                         for uid, name in (("f7n9E0hX8qk", "Measles"), ("Ix2HsbDMLea", "Dysentery"),
                                           ("eY5ehpbEsB7", "Cholera"))],
        "indicatorTypes": [{"id": "ITNUMBER001", "name": "Number", "factor": 1, "number": True}],
        "indicators": [{"id": "INCASES0001", "name": "Notifiable cases",
                        "numerator": "#{f7n9E0hX8qk} + #{Ix2HsbDMLea} + #{eY5ehpbEsB7}",
                        "denominator": "1", "indicatorType": {"id": "ITNUMBER001"}}]})
    values = zb.read_data_value_set({
        "dataSet": "pBOMPrpg1QX", "completeDate": "2014-02-03", "period": "201401",
        "orgUnit": "DiszpKrYNg8",
        "dataValues": [{"dataElement": "f7n9E0hX8qk", "value": "12"},
                       {"dataElement": "Ix2HsbDMLea", "value": "14"},
                       {"dataElement": "eY5ehpbEsB7", "value": "16"}]}, meta)
    cube = meta.cube("201401", 1)
    cube.load_frame(values)
    out = zb.evaluate(cube, meta.catalog, org_units=1)
    # 12 + 14 + 16 = 42 cases in the district (factor 1: a plain number).
    assert out.loc[0, ["org_unit", "value"]].tolist() == ["DISTRICT001", 42.0]


# --- non-monthly data values (periods="months", docs/dhis2_metadata.md §3.1) ---------------------

def weekly_and_yearly_values():
    # ISO weeks of 2024 (ISO 8601: week 1 holds 4 January; 2024-01-01 is a Monday): W4 is
    # 22–28 Jan, W5 29 Jan – 4 Feb (its fourth day, 1 Feb, is in February: dhis2-core's
    # getPeriodByPeriodType places a week by its start + 3 days), W9 26 Feb – 3 Mar (4th day
    # 29 Feb). A Wednesday week, 2024WedW5 = 31 Jan – 6 Feb (week 1 of 2024 from Wednesday holds
    # 4 January: 3–9 Jan), 4th day 3 Feb.
    return {"dataValues": [
        value(ANC, "2024W4", "OU_FACIL01", "7", UNDER20), value(ANC, "2024W5", "OU_FACIL01", "9", UNDER20),
        value(ANC, "2024W9", "OU_FACIL01", "4", UNDER20), value(ANC, "2024WedW5", "OU_FACIL02", "6", UNDER20),
        value(ANC, "20240215", "OU_FACIL02", "2", UNDER20),
        # Expected pregnancies (AVERAGE_SUM_ORG_UNIT): a yearly 240 holds for every month.
        value(PREG, "2024", "OU_FACIL01", "240"),
        value(PREG, "2024Q1", "OU_FACIL02", "90"),
    ]}


def test_weekly_daily_yearly_values_become_months(meta):
    with pytest.raises(zb.InvalidRows, match="data values are monthly|is a week"):
        meta.cube("202401", 12).load_frame(zb.read_data_value_set(weekly_and_yearly_values(), meta))
    frame = zb.read_data_value_set(weekly_and_yearly_values(), meta, periods="months")
    got = {(r.element, r.org_unit, r.period): r.value for r in frame.itertuples()}
    teen = f"{ANC}.{UNDER20}"
    # A: W4 → January 7; W5 (4th day 1 Feb) and W9 (4th day 29 Feb) → February 9 + 4 = 13.
    assert got[teen, "OU_FACIL01", "202401"] == 7.0
    assert got[teen, "OU_FACIL01", "202402"] == 13.0
    # B: WedW5 (4th day 3 Feb) 6 + the day 15 Feb 2 = 8 in February, nothing in January.
    assert got[teen, "OU_FACIL02", "202402"] == 8.0
    assert (teen, "OU_FACIL02", "202401") not in got
    # The yearly 240 in each of the 12 months of 2024; the quarter's 90 in January–March only.
    assert [got[PREG, "OU_FACIL01", f"2024{m:02d}"] for m in range(1, 13)] == [240.0] * 12
    assert [got.get((PREG, "OU_FACIL02", f"2024{m:02d}")) for m in (1, 3, 4)] == [90.0, 90.0, None]
    assert frame.attrs["dhis2_periods"] == {"week": 3, "week_wednesday": 1, "day": 1, "year": 1, "quarter": 1}
    # Loaded and evaluated: February coverage = (13 + 8) / (240 + 90) × 100 ≈ 6.3636 %.
    cube = meta.cube("202401", 12)
    assert cube.load_frame(frame).loaded == len(frame)
    out = zb.evaluate(cube, meta.catalog.indicator("IN_ANC1COV"), org_units=1, periods="202402")
    assert out["value"].iloc[0] == pytest.approx(21 / 330 * 100)


def test_a_summed_quarter_cannot_be_split(meta):
    values = {"dataValues": [value(ANC, "2024Q1", "OU_FACIL01", "30", UNDER20),
                             value(ANC, "2024W5", "OU_FACIL01", "3", UNDER20),
                             value(ANC, "2024Nov", "OU_FACIL01", "3", UNDER20)]}
    with pytest.raises(zb.InvalidRows) as info:
        zb.read_data_value_set(values, meta, periods="months")
    text = str(info.value)
    assert "dataValues[0].period" in text and "cannot be split into months" in text
    assert "dataValues[2].period" in text and "dataValues[1]" not in text
    with pytest.raises(zb.InvalidInput, match="periods"):
        zb.read_data_value_set(values, meta, periods="weeks")
