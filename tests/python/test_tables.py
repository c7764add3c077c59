"""Whole-table operations (python/zhibiao/_tables.py, docs/tables.md): the figures come from the
seed report (任务数1600人，已为1506人…94.13%), the example district (examples/district/README.md
stories 1 and 4) and hand calculations in the comments."""
from __future__ import annotations

import datetime
from pathlib import Path

import pandas as pd
import pytest

import zhibiao as zb

DISTRICT_DIR = Path(__file__).resolve().parents[2] / "examples" / "district"
DISTRICT = "340999"
BEHIND = "340999007"  # 石桥镇


def test_quota_frame_seed_figure_keeps_index_and_columns():
    # Seed 000: 1506 / 1600 × 100 = 94.125 % at the year's end, 序时进度 100 %, gap −5.875 points.
    frame = pd.DataFrame({"name": ["示例区", "零任务乡"], "done": [1506, 3], "quota": [1600, 0]},
                         index=["D", "Z"])
    out = zb.assess_quota_frame(frame, as_of=datetime.date(2025, 12, 31), year=2025)
    assert list(out.index) == ["D", "Z"] and list(out["name"]) == ["示例区", "零任务乡"]
    d = out.loc["D"]
    assert d["completion"] == pytest.approx(94.125)
    assert d["time_progress"] == pytest.approx(100.0)
    assert d["gap"] == pytest.approx(-5.875)
    assert d["status"] == "behind"
    assert "94.13%" in d["summary"]
    # A zero quota is a row with a status, never an exception or a NaN beside "ok".
    assert out.loc["Z", "status"].startswith("undefined")
    assert pd.isna(out.loc["Z", "completion"])


def test_quota_frame_basis_days_or_months():
    frame = pd.DataFrame({"done": [78], "quota": [210]})
    # months: 6 of 12 months elapsed at 30 June = 50 %; days: 181 of 365 days = 49.589 %.
    months = zb.assess_quota_frame(frame, as_of="2025-06-30", year=2025, basis="months")
    days = zb.assess_quota_frame(frame, as_of="2025-06-30", year=2025, basis="days")
    assert months["time_progress"].iloc[0] == pytest.approx(50.0)
    assert days["time_progress"].iloc[0] == pytest.approx(181 / 365 * 100)
    # 78 / 210 = 37.14 %, behind both.
    assert months["completion"].iloc[0] == pytest.approx(78 / 210 * 100)
    assert months["status"].iloc[0] == "behind"
    with pytest.raises(zb.InvalidInput, match="basis"):
        zb.assess_quota_frame(frame, as_of="2025-06-30", year=2025, basis="weeks")
    with pytest.raises(zb.InvalidInput, match="period"):
        zb.assess_quota_frame(frame, as_of="2025-06-30")


def test_quota_frame_example_district_shiqiao_behind():
    # examples/district README story 1: 石桥镇 at 37.1 % of its quota (210) by June, 序时进度 50 %.
    data = pd.read_csv(DISTRICT_DIR / "data.csv", dtype={"element": str, "org_unit": str, "period": str})
    towns = data[(data["org_unit"].str.len() == 9) & data["period"].between("202501", "202506")]
    done = towns[towns["element"] == "premarital_checked"].groupby("org_unit")["value"].sum()
    year = data[(data["org_unit"].str.len() == 9) & data["period"].str.startswith("2025")]
    quota = year[year["element"] == "premarital_check_quota"].groupby("org_unit")["value"].max()
    frame = pd.DataFrame({"done": done, "quota": quota})
    out = zb.assess_quota_frame(frame, as_of="2025-06-30", year=2025, basis="months")
    assert out.loc[BEHIND, "quota"] == 210
    assert round(out.loc[BEHIND, "completion"], 1) == 37.1
    assert list(out.index[out["status"] == "behind"]) == [BEHIND]


def test_quota_frame_groupby_sums_first():
    # Two villages of one township: (30 + 45) / (100 + 50) = 50 % at year end → not reached.
    frame = pd.DataFrame({"town": ["A", "A", "B"], "done": [30, 45, 60], "quota": [100, 50, 60]})
    out = zb.assess_quota_frame(frame.groupby("town"), as_of="2025-12-31", year=2025)
    by = out.set_index("town")
    assert by.loc["A", "completion"] == pytest.approx(50.0)
    assert by.loc["B", "status"] == "reached"


def test_compare_count_hand_calculation():
    # 增长44%: 25 → 36 is (36 − 25) / 25 × 100 = 44 %; a previous count of 0 gets a status.
    frame = pd.DataFrame({"town": ["甲", "乙"], "now": [36, 5], "before": [25, 0]}, index=[7, 9])
    out = zb.compare_frame(frame, current="now", previous="before", kind="count")
    assert list(out.index) == [7, 9] and list(out["town"]) == ["甲", "乙"]
    assert out.loc[7, "change"] == 11
    assert out.loc[7, "relative_change"] == pytest.approx(44.0)
    assert out.loc[7, "status"] == "ok"
    assert out.loc[9, "status"].startswith("undefined")


def test_compare_proportion_zero_denominator_and_points():
    # 65/100 = 65 % against 50/100 = 50 %: +15 points; Newcombe's interval excludes 0 here
    # (difference 0.15, n = 100 each, SE ≈ 0.069), so it is significant.
    frame = pd.DataFrame({"x1": [65, 1], "n1": [100, 0], "x0": [50, 1], "n0": [100, 5]})
    out = zb.compare_frame(frame, current="x1", current_denominator="n1", previous="x0",
                           previous_denominator="n0", kind="proportion")
    assert out.loc[0, "change"] == pytest.approx(15.0)
    assert out.loc[0, "significant"] is True
    assert out.loc[0, "lower"] > 0
    assert out.loc[1, "status"] == "undefined: a denominator is zero"
    assert pd.isna(out.loc[1, "change"])


def test_compare_example_district_blood_pressure():
    # examples/district README story 4: 54.17 % (2024) → 60.77 % (2025), +6.60 points.
    tree = zb.org_unit_tree(pd.read_csv(DISTRICT_DIR / "org_units.csv", dtype=str, keep_default_na=False))
    cube = zb.DataCube(tree, zb.builtin_catalog().data_elements, zb.Period.month(2024, 1), 24)
    cube.load_frame(pd.read_csv(DISTRICT_DIR / "data.csv",
                                dtype={"element": str, "org_unit": str, "period": str}))
    control = [zb.builtin_catalog().indicator("hypertension_bp_control_rate")]
    both = zb.evaluate(cube, control, DISTRICT, ["2024", "2025"]).set_index("period")
    frame = pd.DataFrame({"x1": [both.loc["2025", "numerator"]], "n1": [both.loc["2025", "denominator"]],
                          "x0": [both.loc["2024", "numerator"]], "n0": [both.loc["2024", "denominator"]]})
    out = zb.compare_frame(frame, current="x1", current_denominator="n1", previous="x0",
                           previous_denominator="n0")
    assert round(out.loc[0, "current_value"], 2) == 60.77
    assert round(out.loc[0, "previous_value"], 2) == 54.17
    assert round(out.loc[0, "change"], 2) == 6.60
    assert out.loc[0, "summary"].startswith("较去年同期增加6.60个百分点")


def test_rank_frame_ties_min_and_benchmark():
    # Values 80, 90, 80, 70 ranked highest first: 90 → 1, the two 80s share 2, 70 → 4.
    frame = pd.DataFrame({"name": list("abcd"), "value": [80, 90, 80, 70],
                          "lo": [75, 88, 70, 60], "hi": [85, 92, 90, 72]}, index=list("wxyz"))
    out = zb.rank_frame(frame, lower="lo", upper="hi", reference=78)
    assert list(out["rank"]) == [2, 1, 2, 4]
    assert list(out["name"]) == list("abcd") and list(out.index) == list("wxyz")
    # Interval wholly above 78 → better; straddling → similar; wholly below → worse.
    assert list(out["benchmark"]) == ["similar", "better", "similar", "worse"]
    asc = zb.rank_frame(frame, ascending=True)
    assert list(asc["rank"]) == [2, 4, 2, 1]


def test_period_labels_and_statistical_year():
    assert zb.period_labels(["202503", "2025S1", "2025Q1"]) == ["2025年3月", "2025年上半年", "2025年第一季度"]
    # 统计年度 runs 1 October – 30 September and is named by the year it ends in.
    assert zb.statistical_year(["202509", "202510", "202601"]) == [2025, 2026, 2026]


def test_compare_long_table_by_period_column():
    # 同比 within one long table: 2025-03 against 2024-03 per unit. Unit a: 61/100 − 54/100 = +7
    # points; unit b's 2024-03 denominator is 0 (a status); 2024 rows have no 2023 row.
    g = pd.DataFrame({"u": ["a", "a", "b", "b"], "period": ["202403", "202503", "202403", "202503"],
                      "x": [54, 61, 1, 2], "n": [100, 100, 0, 3], "note": list("wxyz")})
    out = zb.compare_frame(g, current="x", current_denominator="n", period="period", by="u")
    assert list(out["note"]) == list("wxyz")
    assert out.loc[1, "change"] == pytest.approx(7.0)
    assert out.loc[1, "previous_period"] == "202403"
    assert out.loc[3, "status"] == "undefined: a denominator is zero"
    assert out.loc[0, "status"] == "undefined: no row for the previous period"
    # 环比 of counts: 202503 against 202502, absent here.
    prev = zb.compare_frame(g, current="x", period="period", by="u", kind="count", against="previous")
    assert set(prev["status"]) == {"undefined: no row for the previous period"}
    with pytest.raises(zb.InvalidInput, match="against"):
        zb.compare_frame(g, current="x", period="period", by="u", kind="count", against="month")


def test_year_to_date_frame_statistical_year():
    # 统计年度 from October: unit a's 202510 starts a new year (3), 202511 adds 4 → 7; the
    # September before closes 统计年度 2025 (1 + 2 = 3). Unit b lacks 202508, so its 2025 running
    # sum is missing, but its 2026 year is whole: 20 (Oct) then 20 + 30 = 50 (Nov).
    f = pd.DataFrame({"u": ["a"] * 4 + ["b"] * 3,
                      "period": ["202508", "202509", "202510", "202511", "202509", "202511", "202510"],
                      "value": [1, 2, 3, 4, 10, 30, 20], "extra": range(7)}, index=list("pqrstuv"))
    out = zb.year_to_date_frame(f, by="u", year_start_month=10)
    assert list(out.index) == list("pqrstuv") and list(out["extra"]) == list(range(7))
    assert list(out.loc[["p", "q", "r", "s"], "ytd"]) == [1, 3, 3, 7]
    assert pd.isna(out.loc["t", "ytd"])
    assert list(out.loc[["v", "u"], "ytd"]) == [20, 50]
    assert list(out["year"]) == [2025, 2025, 2026, 2026, 2025, 2026, 2026]
    # Calendar years: 1 + 2 + 3 + 4 = 10 by November.
    cal = zb.year_to_date_frame(f[f["u"] == "a"])
    assert list(cal["ytd"]) == [1, 3, 6, 10] and set(cal["year"]) == {2025}
    with pytest.raises(zb.InvalidInput, match="not a month"):
        zb.year_to_date_frame(pd.DataFrame({"period": ["2025Q1"], "value": [1]}))


def test_quota_frame_default_is_months_and_bad_rows_named():
    # Default 序时进度 by whole months (docs/targets.md §4): seed 002, 31 May is 5/12 = 41.67 %,
    # 67072 / 164318 = 40.82 %, 0.85 points behind.
    frame = pd.DataFrame({"done": [67072], "quota": [164318]})
    out = zb.assess_quota_frame(frame, as_of=datetime.date(2025, 5, 31), year=2025)
    assert out["time_progress"].iloc[0] == pytest.approx(5 / 12 * 100)
    assert out["summary"].iloc[0] == "完成全年任务的40.82%，序时进度41.67%，落后序时进度0.85个百分点"
    bad = pd.DataFrame({"done": [1, -3], "quota": [10, 10]}, index=["ok", "neg"])
    with pytest.raises(zb.InvalidInput, match="'neg'"):
        zb.assess_quota_frame(bad, as_of="2025-05-31", year=2025)


def test_rank_frame_within_groups():
    # Ranked within each indicator: x has 5, 9 → ranks 2, 1; y has 3, 3, 1 → 1, 1, 3 (ties 'min').
    frame = pd.DataFrame({"indicator": ["x", "y", "x", "y", "y"], "value": [5, 3, 9, 3, 1]},
                         index=[10, 11, 12, 13, 14])
    out = zb.rank_frame(frame.groupby("indicator"))
    assert list(out.index) == [10, 11, 12, 13, 14]
    assert list(out["rank"]) == [2, 1, 1, 1, 3]


def test_period_labels_series_keeps_index():
    frame = pd.DataFrame({"period": ["2025", "2025S2", "202512"]}, index=["a", "b", "c"])
    frame["label"] = zb.period_labels(frame["period"])
    assert list(frame["label"]) == ["2025年", "2025年下半年", "2025年12月"]


def test_compare_rates_per_100k():
    # 30 cases per 100,000 against 15: +15 per 10万, +100 %. The exact test conditions on the 45
    # cases splitting 30 : 15 between equal populations, P(X ≥ 30 | Bin(45, ½)) ≈ 0.018 one-sided,
    # so the ratio's 95 % interval lies above 1.
    frame = pd.DataFrame({"x1": [30], "n1": [100_000], "x0": [15], "n0": [100_000]})
    out = zb.compare_frame(frame, current="x1", current_denominator="n1", previous="x0",
                           previous_denominator="n0", kind="rate")
    assert out.loc[0, "current_value"] == pytest.approx(30.0)
    assert out.loc[0, "change"] == pytest.approx(15.0)
    assert out.loc[0, "relative_change"] == pytest.approx(100.0)
    assert out.loc[0, "ratio_lower"] > 1 and out.loc[0, "ratio_upper"] > 2
    assert out.loc[0, "significant"] is True
    assert "lower" not in out.columns
