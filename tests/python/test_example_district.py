"""The embedded example district (examples/district/, README there): the generator reproduces the
checked-in files byte for byte, every id and target reads, and the district evaluates against the
built-in catalog with the figures a hand calculation over the CSV gives and the planted stories
visible.

The hand calculations below use plain pandas sums over data.csv, independently of the cube:
a `sum` element is the sum of its months, a `last` element the December value of each unit summed,
a population (`average_sum_org_unit`) the mean of each township's months summed
(docs/aggregation.md §3).
"""
from __future__ import annotations

import datetime
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import zhibiao as zb

DISTRICT_DIR = Path(__file__).resolve().parents[2] / "examples" / "district"
FILES = ("org_units.csv", "data.csv", "targets.csv", "hypertension_plan.csv")
DISTRICT = "340999"
BEHIND = "340999007"  # 石桥镇
GAP = "340999006002"  # 柳河镇杨庄村卫生室, no report for 2025-03
GAP_TOWNSHIP = "340999006"  # 柳河镇


def read_csv(name: str) -> pd.DataFrame:
    return pd.read_csv(DISTRICT_DIR / name, dtype=str, keep_default_na=False)


@pytest.fixture(scope="module")
def data() -> pd.DataFrame:
    frame = pd.read_csv(DISTRICT_DIR / "data.csv", dtype={"element": str, "org_unit": str, "period": str})
    frame["year"] = frame["period"].str[:4]
    frame["month"] = frame["period"].str[4:].astype(int)
    return frame


@pytest.fixture(scope="module")
def cube() -> zb.DataCube:
    tree = zb.org_unit_tree(read_csv("org_units.csv"))
    cube = zb.DataCube(tree, zb.builtin_catalog().data_elements, zb.Period.month(2024, 1), 24)
    frame = pd.read_csv(DISTRICT_DIR / "data.csv", dtype={"element": str, "org_unit": str, "period": str})
    result = cube.load_frame(frame)  # on_bad_rows="raise", parent_values="error"
    assert result.errors == [] and result.parent_conflicts == []
    assert result.loaded == len(frame)
    return cube


@pytest.fixture(scope="module")
def year_2025(cube) -> pd.DataFrame:
    tree = cube.tree
    units = [DISTRICT] + [c for c in tree.codes if len(c) == 9 and c.startswith("34099900")]
    return zb.evaluate(cube, zb.builtin_catalog(), units, "2025")


def row(table: pd.DataFrame, indicator: str, unit: str = DISTRICT) -> pd.Series:
    found = table[(table["indicator"] == indicator) & (table["org_unit"] == unit)]
    assert len(found) == 1, (indicator, unit)
    return found.iloc[0]


def test_the_generator_reproduces_the_checked_in_files_byte_for_byte(tmp_path):
    subprocess.run([sys.executable, str(DISTRICT_DIR / "generate.py"), str(tmp_path)], check=True)
    for name in FILES:
        assert (tmp_path / name).read_bytes() == (DISTRICT_DIR / name).read_bytes(), name
    assert sum((DISTRICT_DIR / n).stat().st_size for n in FILES) < 2_000_000


def test_every_element_and_indicator_id_is_in_the_builtin_catalog_and_every_target_reads():
    catalog = zb.builtin_catalog()
    elements = {e.id: e for e in catalog.data_elements}
    data = read_csv("data.csv")
    for key in data["element"].unique():
        base, _, part = key.partition(".")
        assert base in elements, key
        if part:
            assert part in elements[base].disaggregations, key
    assert list(data.columns) == ["element", "org_unit", "period", "value"]
    units = read_csv("org_units.csv")
    assert list(units.columns) == ["code", "name", "parent"]
    assert set(data["org_unit"]) <= set(units["code"])
    targets = read_csv("targets.csv")
    assert list(targets.columns) == ["indicator", "org_unit", "target"]
    indicators = {i.id: i for i in catalog.indicators}
    for _, t in targets.iterrows():
        assert t["indicator"] in indicators, t["indicator"]
        assert t["org_unit"] == "" or t["org_unit"] in set(units["code"])
        # Read in the indicator's own unit: '不低于4.5/千人' for a density, '不高于5.2‰' for a rate.
        threshold = zb.Threshold.parse(t["target"], unit=indicators[t["indicator"]].unit)
        assert isinstance(zb.parse_target(t["target"]), zb.Threshold)
        assert threshold.describe()


def test_every_ratio_indicator_of_the_catalog_has_data():
    """The example covers every indicator a district's counts can give (not the two computed by a
    method, life expectancy and premature NCD mortality, which need deaths by age)."""
    catalog = zb.builtin_catalog()
    keys = set(read_csv("data.csv")["element"].str.partition(".")[0])
    for i in catalog.indicators:
        if i.method:
            continue
        for expression in (i.numerator, i.denominator):
            for ref in expression.split("#{")[1:]:
                assert ref.split("}")[0].split(".")[0] in keys, (i.id, ref)


def test_the_district_evaluates_with_ok_or_explained_statuses(year_2025):
    district = year_2025[year_2025["org_unit"] == DISTRICT]
    ratio_ids = [i.id for i in zb.builtin_catalog().indicators if not i.method]
    assert sorted(district["indicator"]) == sorted(ratio_ids)
    assert district["value"].notna().all()
    statuses = district.set_index("indicator")["status"].astype(str)
    partial = sorted(statuses[statuses != "ok"].index)
    # Only the outpatient cost is partial: its numerator and denominator are monthly flows the
    # clinic with the March gap reports; every other element of that clinic is a stock or a
    # year-to-date count, which its December report stands for (docs/aggregation.md §5.1).
    assert partial == ["cost_per_outpatient_visit"]
    assert statuses["cost_per_outpatient_visit"].startswith("partial")


def test_district_figures_agree_with_a_hand_calculation_over_the_csv(data, year_2025):
    y = data[data["year"] == "2025"]

    def total(element):  # a flow: every unit's months summed
        return y.loc[y["element"] == element, "value"].sum()

    def december(element):  # a stock or year-to-date count: each unit's December value, summed
        return y.loc[(y["element"] == element) & (y["month"] == 12), "value"].sum()

    population = y[y["element"] == "resident_population"].groupby("org_unit")["value"].mean().sum()
    births = y.loc[y["element"].str.startswith("live_births."), "value"].sum()

    # 出生率 = births / the year's mean population × 1000 (per mille).
    r = row(year_2025, "birth_rate")
    assert r["numerator"] == births == 2707
    assert r["denominator"] == pytest.approx(population, rel=1e-12)
    assert r["value"] == pytest.approx(births / population * 1000, rel=1e-12)
    assert r["value"] == pytest.approx(7.72, abs=0.005)

    # 出生人口性别比 = boys per 100 girls.
    r = row(year_2025, "sex_ratio_at_birth")
    boys, girls = total("live_births.male"), total("live_births.female")
    assert (r["numerator"], r["denominator"]) == (boys, girls) == (1385, 1322)
    assert r["value"] == pytest.approx(boys / girls * 100, rel=1e-12)

    # 高血压患者规范管理率: December's year-to-date counts of every centre, station and clinic.
    r = row(year_2025, "hypertension_standard_management_rate")
    standard, managed = december("hypertension_standard_managed"), december("hypertension_managed")
    assert (r["numerator"], r["denominator"]) == (standard, managed)
    assert r["value"] == pytest.approx(standard / managed * 100, rel=1e-12)
    assert 60 <= r["value"] <= 75

    # 次均门诊费用 over the months that were reported (the clinic's March is absent, not zero).
    r = row(year_2025, "cost_per_outpatient_visit")
    assert r["numerator"] == total("outpatient_cost")
    assert r["denominator"] == total("outpatient_visits")
    assert r["value"] == pytest.approx(total("outpatient_cost") / total("outpatient_visits"), rel=1e-12)

    # 婴儿死亡率 against the 2025 national target (≤ 5.2‰, 健康儿童行动提升计划).
    r = row(year_2025, "infant_mortality_rate")
    assert r["numerator"] == total("infant_deaths") == 9
    assert r["value"] == pytest.approx(9 / births * 1000, rel=1e-12)


def test_story_a_facility_missing_march_is_partial(cube, data):
    assert data[(data["org_unit"] == GAP) & (data["period"] == "202503")].empty
    assert not data[(data["org_unit"] == GAP) & (data["period"] == "202502")].empty
    cost = [i for i in zb.builtin_catalog().indicators if i.id == "cost_per_outpatient_visit"]
    table = zb.evaluate(cube, cost, [GAP, GAP_TOWNSHIP, DISTRICT, BEHIND], "2025")
    by_unit = table.set_index("org_unit")
    # The clinic: 11 of 12 months, not complete; its township: every month has some report, but
    # 5 of its 6 reporting units are complete (centre + 5 clinics); the district: 42 of the 43
    # units that report outpatient services (8 centres, 32 stations and clinics, 3 hospitals).
    assert by_unit.loc[GAP, "months_reported"] == 11
    assert (by_unit.loc[GAP, "units_complete"], by_unit.loc[GAP, "units_expected"]) == (0, 1)
    assert by_unit.loc[GAP_TOWNSHIP, "months_reported"] == 12
    assert (by_unit.loc[GAP_TOWNSHIP, "units_complete"], by_unit.loc[GAP_TOWNSHIP, "units_expected"]) == (5, 6)
    assert (by_unit.loc[DISTRICT, "units_complete"], by_unit.loc[DISTRICT, "units_expected"]) == (42, 43)
    for unit in (GAP, GAP_TOWNSHIP, DISTRICT):
        assert str(by_unit.loc[unit, "status"]).startswith("partial")
    assert str(by_unit.loc[BEHIND, "status"]) == "ok"
    # 2024 has no gap.
    assert str(zb.evaluate(cube, cost, GAP, "2024")["status"].iloc[0]) == "ok"


def test_story_a_township_behind_schedule(cube, data):
    quota_completion = [zb.builtin_catalog().indicator("premarital_check_quota_completion")]
    half = zb.evaluate(cube, quota_completion, 2, "2025年1-6月")  # level 2: the townships
    half = half[half["org_unit"].str.len() == 9].set_index("org_unit")
    as_of = datetime.date(2025, 6, 30)
    paces = {}
    for unit, r in half.iterrows():
        if not unit.startswith("34099900"):
            continue
        assessment = zb.assess_quota(r["numerator"], zb.Quota(r["denominator"], zb.Period.year(2025)), as_of)
        assert assessment.time_progress == pytest.approx(50.0)
        paces[unit] = assessment.pace
    assert [u for u, p in paces.items() if p == "behind"] == [BEHIND]
    # Hand calculation: 石桥镇's checks of January-June over its year's quota of 210.
    y = data[(data["org_unit"] == BEHIND) & (data["year"] == "2025")]
    done = y.loc[(y["element"] == "premarital_checked") & (y["month"] <= 6), "value"].sum()
    assert half.loc[BEHIND, "value"] == pytest.approx(done / 210 * 100, rel=1e-12)
    assert half.loc[BEHIND, "value"] < 40
    # At the year's end it is still the one township below its quota.
    year = zb.evaluate(cube, quota_completion, 2, "2025")
    below = year[(year["value"] < 100) & year["org_unit"].str.startswith("34099900")]
    assert list(below["org_unit"]) == [BEHIND]


def test_story_an_indicator_below_its_target_and_one_improving(cube, year_2025):
    targets = read_csv("targets.csv")
    generic = {t["indicator"]: t["target"] for _, t in targets.iterrows() if t["org_unit"] == ""}
    district = year_2025[year_2025["org_unit"] == DISTRICT]
    assessed = zb.assess_thresholds(district, {k: v for k, v in generic.items()
                                               if k in set(district["indicator"])})
    missed = sorted(assessed.loc[assessed["reached"] == False, "indicator"])  # noqa: E712
    assert missed == ["childcare_places_per_1000"]
    places = row(year_2025, "childcare_places_per_1000")
    assert places["value"] == pytest.approx(3.89, abs=0.005)  # 1364 places / 350,533.75 × 1000
    # 同比: blood-pressure control rises from 2024 to 2025 and crosses its target of 60 %.
    control = [zb.builtin_catalog().indicator("hypertension_bp_control_rate")]
    both = zb.evaluate(cube, control, DISTRICT, ["2024", "2025"]).set_index("period")
    assert both.loc["2024", "value"] < 60 < both.loc["2025", "value"]
    assert both.loc["2025", "value"] - both.loc["2024", "value"] > 5


def test_townships_evaluate_ok_except_what_they_do_not_hold(year_2025):
    """Every township row is ok except: the two supervision indicators (the 执法大队 reports for the
    whole district, under the district), the cost per admission of the four 街道 (their centres
    have no wards) and 柳河镇's outpatient cost (its clinic's March gap)."""
    townships = year_2025[year_2025["org_unit"] != DISTRICT]
    assert townships["org_unit"].nunique() == 8
    statuses = townships["status"].astype(str)
    not_ok = townships[statuses != "ok"]
    missing = not_ok[not_ok["status"].astype(str).str.startswith("missing")]
    assert sorted(set(missing["indicator"])) == ["cost_per_admission", "random_inspection_completion",
                                                 "supervision_coverage"]
    assert sorted(missing.loc[missing["indicator"] == "cost_per_admission", "org_unit"]) == [
        "340999001", "340999002", "340999003", "340999004"]
    assert missing["value"].isna().all()
    partial = not_ok[~not_ok.index.isin(missing.index)]
    assert list(zip(partial["indicator"], partial["org_unit"])) == [("cost_per_outpatient_visit", GAP_TOWNSHIP)]
    ok = townships[statuses == "ok"]
    assert ok["value"].notna().all() and ok["value"].map(lambda v: v == v and abs(v) < 1e12).all()
