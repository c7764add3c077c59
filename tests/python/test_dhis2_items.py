"""DHIS2's OUG{uid} (organisation unit group counts) and R{ds.METRIC} (reporting rates) through
the metadata reader, read_complete_registrations and evaluate (docs/dhis2-expressions.md §7,
docs/dhis2_metadata.md §6).

Sources of the expected values (each worked by hand in the comments):
- [oug] docs.dhis2.org, User guide, "Maintaining indicators": an indicator is made of data
  elements, constants, organisation unit group counts and operators; the count is the group's
  members under the evaluated org unit (dhis2-core OrgUnitAnalyticsManager.getOrgUnitData).
- [rr] docs.dhis2.org, Implementation guide, Data quality, "Assessing data quality",
  "Completeness and timeliness": expected reports from the data set's org unit assignment and
  period type; actual reports those marked complete; reporting rate = actual / expected × 100 %;
  on time: completed within the data set's "days after period end to qualify for timely data
  submission" (timelyDays, 15 by default).
- [api] docs.dhis2.org, Developer guide, Web API, "Data": completeDataSetRegistrations
  (dataSet, period, organisationUnit, attributeOptionCombo, date, completed).
"""
import math

import pandas as pd
import pytest

import zhibiao as zb


def _metadata(**extra):
    # D → T1 (F1, F2), T2 (F3); T2 is a township hospital, F1..F3 health centres.
    units = [{"id": "D", "name": "区", "path": "/D"},
             {"id": "T1", "name": "镇1", "parent": {"id": "D"}},
             {"id": "T2", "name": "镇2", "parent": {"id": "D"}},
             {"id": "F1", "name": "卫生室1", "parent": {"id": "T1"}},
             {"id": "F2", "name": "卫生室2", "parent": {"id": "T1"}},
             {"id": "F3", "name": "卫生室3", "parent": {"id": "T2"}}]
    doc = {
        "organisationUnits": units,
        "organisationUnitGroups": [
            {"id": "HC_GROUP", "name": "Health centres",
             "organisationUnits": [{"id": "F1"}, {"id": "F2"}, {"id": "F3"}]},
            {"id": "HOSP", "name": "Hospitals", "organisationUnits": [{"id": "T2"}]}],
        "dataElements": [{"id": "DE_ANC", "name": "ANC visits", "valueType": "INTEGER"}],
        "dataSets": [
            {"id": "DS_MON", "name": "Monthly form", "periodType": "Monthly", "timelyDays": 10,
             "organisationUnits": [{"id": "F1"}, {"id": "F2"}, {"id": "F3"}]},
            # timelyDays not given: DHIS2's default 15 days [rr]
            {"id": "DS_QTR", "name": "Quarterly form", "periodType": "Quarterly",
             "organisationUnits": [{"id": "F1"}, {"id": "F3"}]}],
        "indicatorTypes": [{"id": "IT_ONE", "name": "Number", "factor": 1}],
        "indicators": [
            {"id": "IN_PER_HC", "numerator": "#{DE_ANC}", "denominator": "OUG{HC_GROUP}",
             "indicatorType": {"id": "IT_ONE"}},
            {"id": "IN_HOSP", "numerator": "OUG{HOSP}", "denominator": "1",
             "indicatorType": {"id": "IT_ONE"}},
            {"id": "IN_RR", "numerator": "R{DS_MON.REPORTING_RATE}", "denominator": "1",
             "indicatorType": {"id": "IT_ONE"}},
            {"id": "IN_RR_OT", "numerator": "R{DS_MON.REPORTING_RATE_ON_TIME}", "denominator": "1",
             "indicatorType": {"id": "IT_ONE"}},
            {"id": "IN_ACT", "numerator": "R{DS_MON.ACTUAL_REPORTS}", "denominator": "1",
             "indicatorType": {"id": "IT_ONE"}},
            {"id": "IN_EXP", "numerator": "R{DS_MON.EXPECTED_REPORTS}", "denominator": "1",
             "indicatorType": {"id": "IT_ONE"}},
            {"id": "IN_QRR", "numerator": "R{DS_QTR.REPORTING_RATE}", "denominator": "1",
             "indicatorType": {"id": "IT_ONE"}},
            {"id": "IN_QRR_OT", "numerator": "R{DS_QTR.REPORTING_RATE_ON_TIME}", "denominator": "1",
             "indicatorType": {"id": "IT_ONE"}}]}
    doc.update(extra)
    return doc


def _registrations():
    r = lambda ds, pe, ou, date, **kw: dict({"dataSet": ds, "period": pe, "organisationUnit": ou,
                                             "attributeOptionCombo": "HllvX50cXC0", "date": date,
                                             "completed": True}, **kw)
    return {"completeDataSetRegistrations": [
        r("DS_MON", "202401", "F1", "2024-02-05T08:00:00.000"),  # Jan 31 + 10 = Feb 10: on time
        r("DS_MON", "202402", "F1", "2024-03-15T08:00:00.000"),  # Feb 29 + 10 = Mar 10: late
        r("DS_MON", "202401", "F2", "2024-02-10T23:00:00.000"),  # on the last day: on time
        # F2's January again, another attribute option combo: one report [docs §6]
        r("DS_MON", "202401", "F2", "2024-01-31", attributeOptionCombo="AOC_OTHER"),
        r("DS_MON", "202402", "F3", "2024-03-01"),               # on time
        r("DS_MON", "202403", "F3", "2024-04-01", completed=False),  # not completed: left out
        r("DS_QTR", "2024Q1", "F1", "2024-04-15"),               # Mar 31 + 15 = Apr 15: on time
    ]}


@pytest.fixture(scope="module")
def evaluated():
    meta = zb.read_dhis2_metadata(_metadata())
    cube = meta.cube("202401", 3)
    anc = [(u, m, v) for u, v in (("F1", 10), ("F2", 20), ("F3", 30))
           for m in ("202401", "202402", "202403")]
    cube.load_frame(pd.DataFrame(anc, columns=["org_unit", "period", "value"]).assign(element="DE_ANC"))
    frame = zb.read_complete_registrations(_registrations(), meta, "202401", 3)
    cube.load_frame(frame)
    out = zb.evaluate(cube, meta.catalog, org_units=["D", "T1", "T2"],
                      periods=["2024Q1", "202401", "202403"])
    return frame, out.set_index(["indicator", "org_unit", "period"])["value"]


def _value(table, indicator, unit, period):
    return float(table.loc[(indicator, unit, period)])


def test_org_unit_group_counts_members_in_the_subtree(evaluated):
    # [oug] HC_GROUP = {F1, F2, F3}: D holds 3, T1 2, T2 1. ANC in 2024Q1: F1 30, F2 60, F3 90.
    # ANC per health centre: D 180 / 3 = 60; T1 90 / 2 = 45; T2 90 / 1 = 90.
    _, t = evaluated
    assert _value(t, "IN_PER_HC", "D", "2024Q1") == pytest.approx(60)
    assert _value(t, "IN_PER_HC", "T1", "2024Q1") == pytest.approx(45)
    assert _value(t, "IN_PER_HC", "T2", "2024Q1") == pytest.approx(90)
    # HOSP = {T2}: the unit itself counts (D 1, T1 0, T2 1), in every period.
    for period in ("2024Q1", "202401"):
        assert [_value(t, "IN_HOSP", u, period) for u in ("D", "T1", "T2")] == [1, 0, 1]


def test_reporting_rates_of_a_monthly_data_set(evaluated):
    # [rr] DS_MON, assigned F1, F2, F3; 2024Q1 at D: expected 3 units × 3 months = 9; actual
    # F1 Jan, F1 Feb, F2 Jan (once), F3 Feb = 4 (F3's March is not completed); on time F1 Jan,
    # F2 Jan, F3 Feb = 3. Rate 100 × 4 / 9 = 44.44 %, on time 100 × 3 / 9 = 33.33 %.
    _, t = evaluated
    assert _value(t, "IN_EXP", "D", "2024Q1") == 9
    assert _value(t, "IN_ACT", "D", "2024Q1") == 4
    assert _value(t, "IN_RR", "D", "2024Q1") == pytest.approx(400 / 9)
    assert _value(t, "IN_RR_OT", "D", "2024Q1") == pytest.approx(300 / 9)
    # T1 (F1, F2): expected 6, actual 3 → 50 %; on time 2 → 33.33 %. T2 (F3): 1 of 3.
    assert _value(t, "IN_RR", "T1", "2024Q1") == pytest.approx(50)
    assert _value(t, "IN_RR_OT", "T1", "2024Q1") == pytest.approx(200 / 6)
    assert _value(t, "IN_RR", "T2", "2024Q1") == pytest.approx(100 / 3)
    # January at D: 2 of 3 (F1, F2); March: 0 of 3 — expected and none came is 0, not missing.
    assert _value(t, "IN_RR", "D", "202401") == pytest.approx(200 / 3)
    assert _value(t, "IN_RR", "D", "202403") == 0
    assert _value(t, "IN_ACT", "D", "202403") == 0


def test_reporting_rates_of_a_quarterly_data_set(evaluated):
    # [rr] DS_QTR, assigned F1 and F3, default timelyDays 15: 2024Q1 at D expects 2 reports and
    # has 1 (F1, on 2024-04-15 = Mar 31 + 15 days: on time) → 50 % and 50 % on time. The quarter
    # counts in its last month (docs §6): March 50 %, January nothing expected → missing.
    _, t = evaluated
    assert _value(t, "IN_QRR", "D", "2024Q1") == pytest.approx(50)
    assert _value(t, "IN_QRR_OT", "D", "2024Q1") == pytest.approx(50)
    assert _value(t, "IN_QRR", "D", "202403") == pytest.approx(50)
    assert math.isnan(_value(t, "IN_QRR", "D", "202401"))


def test_registrations_frame_and_what_it_left_out(evaluated):
    frame, _ = evaluated
    # 3 counts per (data set, assigned unit, month with a period ending in it):
    # DS_MON 3 units × 3 months + DS_QTR 2 units × 1 month = 11 cells, 33 rows.
    assert len(frame) == 33
    assert frame.attrs["dhis2_skipped"] == {"not completed": 1}
    row = frame[(frame.element == "R:DS_MON.ACTUAL_REPORTS_ON_TIME") & (frame.org_unit == "F1")]
    assert dict(zip(row.period, row.value)) == {"202401": 1.0, "202402": 0.0, "202403": 0.0}


def test_bad_registrations_name_their_row_and_field():
    meta = zb.read_dhis2_metadata(_metadata())
    regs = {"completeDataSetRegistrations": [
        {"dataSet": "DS_NONE", "period": "202401", "organisationUnit": "F1", "date": "2024-02-01"},
        {"dataSet": "DS_MON", "period": "202401", "organisationUnit": "T1", "date": "2024-02-01"},
        {"dataSet": "DS_MON", "period": "2024Q1", "organisationUnit": "F1", "date": "2024-02-01"},
        {"dataSet": "DS_MON", "period": "202401", "organisationUnit": "F1", "date": "soon"}]}
    with pytest.raises(zb.InvalidRows) as info:
        zb.read_complete_registrations(regs, meta, "202401", 3)
    fields = [f for _, f, _ in info.value.rows]
    assert fields == ["completeDataSetRegistrations[0].dataSet",
                      "completeDataSetRegistrations[1].organisationUnit",
                      "completeDataSetRegistrations[2].period",
                      "completeDataSetRegistrations[3].date"]
    assert "DS_NONE" in str(info.value) and "not assigned" in str(info.value)
    # on_unknown="skip": the unknown data set and the unassigned unit are counted, not loaded;
    # the wrong period type and the bad date stay errors.
    first_two = regs["completeDataSetRegistrations"][:2]  # the list alone is read too
    frame = zb.read_complete_registrations(first_two, meta, "202401", 3, on_unknown="skip")
    assert frame.attrs["dhis2_skipped"] == {"unknown data set": 1, "org unit not assigned": 1}


def test_unknown_group_data_set_or_metric_in_metadata_is_an_error_naming_it():
    for numerator, named in (("OUG{NOPE}", "NOPE"), ("R{DS_NONE.REPORTING_RATE}", "DS_NONE"),
                             ("R{DS_MON.REPORTING_RATES}", "REPORTING_RATES")):
        doc = _metadata()
        doc["indicators"] = [{"id": "IN_X", "numerator": numerator, "denominator": "1",
                              "indicatorType": {"id": "IT_ONE"}}]
        with pytest.raises(zb.InvalidInput, match=named):
            zb.read_dhis2_metadata(doc)


def test_expression_items_are_references_with_their_position_in_errors():
    e = zb.Expression("OUG{HC_GROUP} * R{DS_MON.ACTUAL_REPORTS}.periodOffset(-1)")
    assert [r.kind for r in e.references] == ["org_unit_group", "reporting_rate"]
    assert e.keys == ["OUG{HC_GROUP}", "R{DS_MON.ACTUAL_REPORTS}@periodOffset(-1)"]
    # Evaluated with given columns, as any reference: 3 × 4 = 12.
    values, status = e.evaluate({"OUG{HC_GROUP}": [3.0],
                                 "R{DS_MON.ACTUAL_REPORTS}@periodOffset(-1)": [4.0]})
    assert values[0] == 12 and status[0] == 0
    with pytest.raises(zb.ParseError) as info:
        zb.Expression("1 + R{DS.RATE}")
    assert info.value.position == 9


def test_unknown_group_over_a_cube_is_an_error_at_its_character():
    meta = zb.read_dhis2_metadata(_metadata())
    cube = meta.cube("202401", 3)
    catalog = zb.Catalog(indicators=[zb.Indicator("IN_X", "#{DE_ANC}", "2 * OUG{GONE}", unit="ratio")],
                         data_elements=list(meta.data_elements))
    with pytest.raises(zb.ParseError) as info:
        zb.evaluate(cube, catalog, org_units=["D"], periods=["2024Q1"])
    assert info.value.position == 4 and "GONE" in str(info.value)


def test_hostile_registration_fields_are_rows_not_crashes():
    # A period that is no text, a registration that is no object: rows of the one InvalidRows.
    meta = zb.read_dhis2_metadata(_metadata())
    regs = [{"dataSet": "DS_MON", "period": ["202401"], "organisationUnit": "F1", "date": "2024-02-01"},
            "F1", {"dataSet": "DS_MON", "period": "202401", "organisationUnit": "F1", "date": None}]
    with pytest.raises(zb.InvalidRows) as info:
        zb.read_complete_registrations(regs, meta, "202401", 3)
    assert [f for _, f, _ in info.value.rows] == ["completeDataSetRegistrations[0].period",
                                                  "completeDataSetRegistrations[1]",
                                                  "completeDataSetRegistrations[2].date"]


def test_a_validation_rule_over_reporting_rates():
    # A rule "reporting rate at least 50 %" over the registrations of _registrations(): 2024Q1
    # at T1 is 50 % (holds), at T2 33.33 % (violated) — the values of
    # test_reporting_rates_of_a_monthly_data_set.
    doc = _metadata(validationRules=[{
        "id": "VR_RATE", "name": "rate ≥ 50", "operator": "greater_than_or_equal_to",
        "leftSide": {"expression": "R{DS_MON.REPORTING_RATE}"}, "rightSide": {"expression": "50"}}])
    meta = zb.read_dhis2_metadata(doc)
    cube = meta.cube("202401", 3)
    cube.load_frame(zb.read_complete_registrations(_registrations(), meta, "202401", 3))
    out = zb.validate(cube, meta.rules, org_units=["T1", "T2"], periods=["2024Q1"], include="all")
    assert dict(zip(out.org_unit, out.outcome)) == {"T1": "passed", "T2": "violated"}
    assert out.left.tolist() == pytest.approx([50, 100 / 3])


def test_data_sets_are_read_with_their_period_type_units_and_timely_days():
    meta = zb.read_dhis2_metadata(_metadata())
    assert meta.data_sets["DS_MON"] == {"name": "Monthly form", "period_type": "Monthly",
                                        "org_units": ("F1", "F2", "F3"), "timely_days": 10.0}
    assert meta.data_sets["DS_QTR"]["timely_days"] == 15.0  # DHIS2's default [rr]
    # The cube declares each data set's counts: element R:ds with three parts.
    assert "R:DS_MON.EXPECTED_REPORTS" in meta.cube("202401", 3).keys
    for change, message in (
            (dict(periodType="Fortnightly"), "dataSets[0].periodType"),
            (dict(timelyDays=-1), "dataSets[0].timelyDays"),
            (dict(organisationUnits=[{"id": "F9"}]), "dataSets[0].organisationUnits[0]: unknown id 'F9'")):
        doc = _metadata()
        doc["dataSets"][0].update(change)
        with pytest.raises(zb.InvalidInput, match=message.replace("[", r"\[").replace("]", r"\]")):
            zb.read_dhis2_metadata(doc)
