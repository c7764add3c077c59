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
