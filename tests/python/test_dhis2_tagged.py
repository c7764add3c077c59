"""DHIS2's tagged items #{deGroup:uid}, #{de.co:uid}, #{de.coGroup:a&b} (issue 15 item 1).

DHIS2's analytics resolve them before evaluating (dhis2/dhis2-core, dhis-service-analytics,
org/hisp/dhis/analytics/resolver/DataElementGroupResolver.java, CategoryOptionResolver.java,
CategoryOptionGroupResolver.java): each item is rewritten as "(" + its members joined by "+" +
")" — a group's data elements, the combos holding a category option, the combos of the element
in every category option group named (retainAll). The metadata shapes are the Web API's
(docs.dhis2.org, Developer guide, "Metadata": dataElementGroups with dataElements,
categoryOptions, categoryOptionCombos with categoryOptions, categoryOptionGroups with
categoryOptions). Expected numbers are hand calculations beside each assertion, from the data
of test_dhis2_metadata.py.
"""
import numpy as np
import pytest

import zhibiao as zb

from test_dhis2_metadata import ANC, NOTE, OVER20, PREG, UNDER20, data_value_set, loaded_cube, metadata

LT20, GE20 = "CO_LT20001", "CO_GE20001"


def tagged_metadata():
    doc = metadata()
    doc["categoryOptions"] = [{"id": LT20, "name": "<20y"}, {"id": GE20, "name": "20y+"}]
    for coc in doc["categoryOptionCombos"]:
        if coc["id"] == UNDER20:
            coc["categoryOptions"] = [{"id": LT20}]
        elif coc["id"] == OVER20:
            coc["categoryOptions"] = [{"id": GE20}]
    doc["categoryOptionGroups"] = [
        {"id": "COG_ADULT1", "name": "Adults", "categoryOptions": [{"id": GE20}]},
        {"id": "COG_ALL001", "name": "All ages", "categoryOptions": [{"id": LT20}, {"id": GE20}]}]
    # NOTE is a TEXT element: left out of the cube, so left out of the group's sum.
    doc["dataElementGroups"] = [{"id": "DEG_MAT001", "name": "Maternal",
                                 "dataElements": [{"id": ANC}, {"id": PREG}, {"id": NOTE}]}]
    doc["indicators"] = [
        {"id": "IN_TEENCO1", "name": "ANC 1 under 20 (by option)",
         "numerator": "#{DE_ANC1001.co:CO_LT20001}", "denominator": "#{DE_ANC1001}",
         "indicatorType": {"id": "IT_PERCENT"}},
        {"id": "IN_ADULTCG", "name": "ANC 1 adults (by option groups)",
         "numerator": "#{DE_ANC1001.coGroup:COG_ADULT1&COG_ALL001}", "denominator": "#{DE_ANC1001}",
         "indicatorType": {"id": "IT_PERCENT"}},
        {"id": "IN_GROUP01", "name": "Maternal group total",
         "numerator": "#{deGroup:DEG_MAT001}", "denominator": "100",
         "indicatorType": {"id": "IT_PERCENT"}},
    ]
    doc["validationRules"] = []
    return doc


def test_item_groups_read_from_metadata():
    meta = zb.read_dhis2_metadata(tagged_metadata())
    groups = meta.item_groups
    assert groups["deGroup:DEG_MAT001"] == [ANC, PREG]
    assert groups["co:" + LT20] == [UNDER20] and groups["co:" + GE20] == [OVER20]
    assert groups["coGroup:COG_ALL001"] == [UNDER20, OVER20]
    assert groups[f"{ANC}.coGroup:COG_ADULT1"] == [OVER20]
    assert meta.names["DEG_MAT001"] == "Maternal"
    # The rewrite of dhis2-core's resolvers, in zhibiao's language.
    ind = meta.catalog.indicator
    assert ind("IN_TEENCO1").numerator == f"(#{{{ANC}.{UNDER20}}})"
    assert ind("IN_ADULTCG").numerator == f"(#{{{ANC}.{OVER20}}})"
    assert ind("IN_GROUP01").numerator == f"(#{{{ANC}}}+#{{{PREG}}})"


def test_tagged_indicators_hand_calculated():
    meta = zb.read_dhis2_metadata(tagged_metadata())
    cube = loaded_cube(meta, zb.read_data_value_set(data_value_set(), meta))
    out = zb.evaluate(cube, meta.catalog, org_units=1, periods="202401")
    got = {r.indicator: r.value for r in out.itertuples()}
    # January, district: under 20s 12 + 5 = 17 of 50 visits: 34 %.
    assert got["IN_TEENCO1"] == pytest.approx(34.0)
    # Adults: combos with an option in both COG_ADULT1 and COG_ALL001 = 20y+: 18 + 15 = 33 of 50.
    assert got["IN_ADULTCG"] == pytest.approx(66.0)
    # The group: ANC 50 + pregnancies 60 + 40 = 150 (the TEXT element adds nothing), × 100 / 100.
    assert got["IN_GROUP01"] == pytest.approx(150.0)


def test_expression_takes_the_groups():
    meta = zb.read_dhis2_metadata(tagged_metadata())
    e = zb.Expression(f"#{{{ANC}.co:{GE20}}} / #{{deGroup:DEG_MAT001}}", groups=meta.item_groups)
    assert [r.key for r in e.references] == [f"{ANC}.{OVER20}", ANC, PREG]
    # 33 / (50 + 100) = 0.22
    values, status = e.evaluate({f"{ANC}.{OVER20}": [33.0], ANC: [50.0], PREG: [100.0]})
    assert values[0] == pytest.approx(0.22) and status[0] == 0


def test_evaluate_takes_the_groups():
    # An indicator written with tagged items, evaluated over the cube with groups= (the
    # expression options' groups, as zb.Expression(groups=)): the same hand calculations as
    # test_tagged_indicators_hand_calculated, January, district.
    meta = zb.read_dhis2_metadata(tagged_metadata())
    cube = loaded_cube(meta, zb.read_data_value_set(data_value_set(), meta))
    inds = [zb.Indicator("teen", f"#{{{ANC}.co:{LT20}}}", f"#{{{ANC}}}"),   # 12 + 5 of 50
            zb.Indicator("group", "#{deGroup:DEG_MAT001}", "100")]          # 50 + 60 + 40
    out = zb.evaluate(cube, inds, org_units=1, periods="202401", groups=meta.item_groups)
    got = {r.indicator: (r.numerator, r.denominator) for r in out.itertuples()}
    assert got["teen"] == pytest.approx((17.0, 50.0)) and got["group"] == pytest.approx((150.0, 100.0))
    # Without the groups no uid is known: a ParseError naming the uid.
    with pytest.raises(zb.ParseError, match="DEG_MAT001"):
        zb.evaluate(cube, inds[1:], org_units=1, periods="202401")
    with pytest.raises(zb.InvalidInput, match="groups"):
        zb.evaluate(cube, inds[1:], org_units=1, periods="202401", groups=["deGroup:DEG_MAT001"])


def test_unknown_groups_name_the_uid_and_position():
    meta = zb.read_dhis2_metadata(tagged_metadata())
    with pytest.raises(zb.ParseError) as err:
        zb.Expression("1 + #{deGroup:DEG_NONE01}", groups=meta.item_groups)
    assert err.value.position == 6 and "DEG_NONE01" in str(err.value)
    bad = tagged_metadata()
    bad["indicators"][2]["numerator"] = "#{deGroup:DEG_NONE01}"
    with pytest.raises(zb.InvalidInput, match=r"indicators\[2\].numerator.*deGroup:DEG_NONE01"):
        zb.read_dhis2_metadata(bad)
    bad = tagged_metadata()
    bad["dataElementGroups"][0]["dataElements"].append({"id": "DE_NONE0001"})
    with pytest.raises(zb.InvalidInput, match=r"dataElementGroups\[0\].dataElements\[3\]: unknown"):
        zb.read_dhis2_metadata(bad)
    with pytest.raises(zb.InvalidInput, match="groups"):
        zb.Expression("#{a}", groups={"deGroup:G": "a"})


def test_query_modifiers_over_the_cube():
    # dhis2-core DefaultQueryPlanner.groupByQueryMods: the aggregation type replaced, the
    # query's dates narrowed to minDate / maxDate (docs/dhis2-expressions.md §6).
    doc = metadata()
    doc["indicators"] = [
        {"id": "IN_PREGSUM", "name": "Pregnancies summed over months",
         "numerator": "#{DE_PREG001}.aggregationType(SUM)", "denominator": "100",
         "indicatorType": {"id": "IT_PERCENT"}},
        {"id": "IN_ANCFEB1", "name": "ANC 1 from February",
         "numerator": "#{DE_ANC1001}.minDate(2024-02-01)", "denominator": "100",
         "indicatorType": {"id": "IT_PERCENT"}},
        {"id": "IN_ANCJAN1", "name": "ANC 1 to January, under 20",
         "numerator": "#{DE_ANC1001.COC_LT2001}.maxDate(2024-01-31)", "denominator": "100",
         "indicatorType": {"id": "IT_PERCENT"}},
    ]
    doc["validationRules"] = []
    meta = zb.read_dhis2_metadata(doc)
    cube = loaded_cube(meta, zb.read_data_value_set(data_value_set(), meta))
    out = zb.evaluate(cube, meta.catalog, org_units=1, periods="2024年1-2月")
    got = {r.indicator: r.numerator for r in out.itertuples()}
    # Pregnancies 60 + 40 = 100 in each month; AVERAGE_SUM_ORG_UNIT gives 100, SUM over the two
    # months 200.
    assert got["IN_PREGSUM"] == pytest.approx(200.0)
    # February's visits only: 8 + 12 + 5 + 5 = 30.
    assert got["IN_ANCFEB1"] == pytest.approx(30.0)
    # January's under 20s: 12 + 5 = 17.
    assert got["IN_ANCJAN1"] == pytest.approx(17.0)
    e = zb.Expression("#{a}.maxDate(2024-06-30).aggregationType(LAST)")
    r, = e.references
    assert (r.key, r.aggregation, r.max_date) == ("a@aggregationType(last)@maxDate(2024-06-30)",
                                                   "last", "2024-06-30")
    with pytest.raises(zb.ParseError) as err:
        zb.Expression("#{a}.aggregationType(STDDEV)")
    assert err.value.position == 21 and "STDDEV" in str(err.value)


def test_more_aggregation_types_and_modifiers_after_a_bracket():
    # DHIS2's aggregation types (dhis2-core dhis-api analytics/AggregationType.java; the analytics
    # docs: FIRST / LAST the first / last value in time summed over org units, *_AVERAGE_ORG_UNIT
    # averaged over them, MIN_SUM / MAX_SUM_ORG_UNIT the extreme in time summed) and modifiers
    # after ')' reaching every item inside (expression-parser Nodes.propagateModifiers,
    # docs/dhis2-expressions.md §6). ANC 1 per facility (both combos): A 30 in January, 20 in
    # February; B 20, 10. Pregnancies 60 and 40 each month.
    doc = metadata()
    doc["validationRules"] = []
    meta = zb.read_dhis2_metadata(doc)
    cube = loaded_cube(meta, zb.read_data_value_set(data_value_set(), meta))
    inds = [zb.Indicator("first", f"#{{{ANC}}}.aggregationType(FIRST)", "1"),        # 30 + 20
            zb.Indicator("last_avg", f"#{{{ANC}}}.aggregationType(LAST_AVERAGE_ORG_UNIT)", "1"),
            zb.Indicator("first_avg", f"#{{{ANC}}}.aggregationType(first_avg_org_unit)", "1"),
            zb.Indicator("min_sum", f"#{{{ANC}}}.aggregationType(MIN_SUM_ORG_UNIT)", "1"),
            zb.Indicator("bracket", f"(#{{{ANC}}} + #{{{PREG}}}).aggregationType(FIRST)", "1"),
            zb.Indicator("own_wins", f"(#{{{ANC}}} + #{{{PREG}}}.aggregationType(SUM))"
                                     ".aggregationType(LAST_AVERAGE_ORG_UNIT)", "1"),
            zb.Indicator("dates", f"(#{{{ANC}}} + #{{{PREG}}}).minDate(2024-02-01)", "1")]
    out = zb.evaluate(cube, inds, org_units=1, periods="2024年1-2月")
    got = {r.indicator: r.numerator for r in out.itertuples()}
    assert got["first"] == pytest.approx(50.0)
    assert got["last_avg"] == pytest.approx((20 + 10) / 2)
    assert got["first_avg"] == pytest.approx((30 + 20) / 2)
    assert got["min_sum"] == pytest.approx(20 + 10)
    # ANC first 50 + pregnancies first 60 + 40.
    assert got["bracket"] == pytest.approx(150.0)
    # ANC's last averaged 15 + pregnancies summed over both months 200.
    assert got["own_wins"] == pytest.approx(215.0)
    # February only: ANC 30 + pregnancies 100 (their average over February alone).
    assert got["dates"] == pytest.approx(130.0)
    # A data element's own aggregationType FIRST is read from the metadata.
    doc = metadata()
    doc["validationRules"] = []
    for o in doc["dataElements"]:
        if o["id"] == ANC:
            o["aggregationType"] = "FIRST"
    read = zb.read_dhis2_metadata(doc)
    assert [e.aggregation for e in read.data_elements if e.id == ANC] == ["first"]
    # STDDEV and NONE are refused with the reason, at the type.
    with pytest.raises(zb.ParseError, match="standard deviation") as err:
        zb.Expression("(#{a}).aggregationType(STDDEV)")
    assert err.value.position == 23
    with pytest.raises(zb.ParseError, match="only for text"):
        zb.Expression("#{a}.aggregationType(NONE)")


def test_norm_dist_with_mean_and_stddev():
    # dhis2-core PredictionServiceTest, "arguments that override the mean and standard
    # deviation", against Excel: NORM.DIST(7,5,22,TRUE) = 0.5362, NORM.DIST(7,11,22,FALSE) =
    # 0.01784 (4 significant digits).
    values, status = zb.Expression("normDistCum(#{x}, 5, 22)").evaluate({"x": [7.0]})
    assert values[0] == pytest.approx(0.5362, abs=5e-5) and status[0] == 0
    values, status = zb.Expression("normDistDen(#{x}, 11, 22)").evaluate({"x": [7.0]})
    assert values[0] == pytest.approx(0.01784, abs=5e-6) and status[0] == 0
    # Without the stddev DHIS2 takes it from the periods a predictor samples: refused here.
    with pytest.raises(zb.ParseError, match="predictor samples") as err:
        zb.Expression("2 * normDistCum(#{x}, 5)")
    assert err.value.position == 4
