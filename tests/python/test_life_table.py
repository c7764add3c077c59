"""Life expectancy (PHE's Chiang II method) and SDG 3.4.1 from Python.

Reference values: PHEindicatormethods' tests/testthat/testLifeExpectancy.R (data frames df1, df3,
df_grouped_with_warnings and the expected answer1), repository ukhsa-collaboration/
PHEindicatormethods. SDG 3.4.1: WHO's formula written out below with NumPy, and a seeded Poisson
simulation for the interval.
"""
import math

import numpy as np
import pandas as pd
import pytest

import zhibiao as zb

AGES = [0, 1, 5, 10, 15, 20, 25, 30, 35, 40, 45, 50, 55, 60, 65, 70, 75, 80, 85, 90]
POPS = [7060, 35059, 46974, 48489, 43219, 38561, 46009, 57208, 61435, 55601, 50209, 56416,
        46411, 39820, 37978, 37039, 33288, 23306, 11936, 11936]
DEATHS = [17, 9, 4, 8, 20, 15, 24, 33, 50, 71, 100, 163, 263, 304, 536, 872, 1390, 1605, 1936,
          1937]
# answer1 of testLifeExpectancy.R
VALUE = [80.16960813, 79.36245674, 75.44193645, 70.47299936, 65.52909542, 60.67510088,
         55.78835987, 50.92752727, 46.06740425, 41.24505636, 36.49322717, 31.83343842,
         27.26027992, 22.9719144, 18.76856852, 14.95858336, 11.51684445, 8.618849241,
         6.163942934, 6.16210635]
LOWER = [79.88268548, 79.0898816, 75.17407307, 70.20675732, 65.26548673, 60.41876577,
         55.53801579, 50.68279939, 45.82666794, 41.00842831, 36.26223216, 31.60996318,
         27.04337271, 22.76653134, 18.57570352, 14.77985004, 11.34831778, 8.451134045,
         5.978358351, 5.887683386]
UPPER = [80.45653078, 79.63503188, 75.70979983, 70.7392414, 65.79270412, 60.931436,
         56.03870395, 51.17225516, 46.30814055, 41.48168441, 36.72422219, 32.05691365,
         27.47718713, 23.17729746, 18.96143352, 15.13731667, 11.68537112, 8.786564437,
         6.349527517, 6.436529314]


def df1():
    return pd.DataFrame({"startage": AGES, "pops": POPS, "deaths": DEATHS})


def test_phe_example_reproduces_its_test_values():
    out = zb.life_expectancy(df1(), "deaths", "pops", "startage")
    np.testing.assert_allclose(out["value"], VALUE, rtol=1e-9)
    # PHE's expected limits were computed with z = 1.96 (see tests/cpp/life_table_test.cpp).
    np.testing.assert_allclose(out["value"] - 1.96 * out["standard_error"], LOWER, rtol=1e-9)
    np.testing.assert_allclose(out["value"] + 1.96 * out["standard_error"], UPPER, rtol=1e-9)
    # With the exact quantile, as PHE's R code: PHE's own test compares at 4 decimals.
    np.testing.assert_allclose(out["lower"], LOWER, atol=5e-5)
    np.testing.assert_allclose(out["upper"], UPPER, atol=5e-5)
    assert (out["status"] == "ok").all() and (out["reason"] == "").all()
    assert list(out.columns[:3]) == ["startage", "pops", "deaths"]


def test_text_labels_in_any_order_as_phe_df3():
    labels = ["0", "1-4", "5-9"] + [f"{a} – {a + 4}" for a in range(10, 90, 5)] + ["90 +"]
    order = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 16, 17, 18, 19, 15]  # 70–74 last
    frame = pd.DataFrame({"startage": [labels[i] for i in order],
                          "pops": [POPS[i] for i in order], "deaths": [DEATHS[i] for i in order]})
    out = zb.life_expectancy(frame, "deaths", "pops", "startage")
    assert out["startage"].iloc[15] == "70 – 74"   # rows come back sorted by start age
    np.testing.assert_allclose(out["value"], VALUE, rtol=1e-9)


def test_band_labels_are_read_by_the_one_age_band_reader():
    # Issue 14 item 6: start ages come from zhibiao's age-band reader (age_band.hpp). "<1" is the
    # band [0, 1), so it starts at 0 (main's regex took its first number, 1, and refused the
    # table as two bands starting at 1); "不满1岁", "1至4岁", "９０岁及以上" read as PHE's bands.
    labels = ["<1", "1至4岁", "5-9岁"] + [f"{a}–{a + 4}" for a in range(10, 90, 5)] + ["９０岁及以上"]
    frame = pd.DataFrame({"startage": labels, "pops": POPS, "deaths": DEATHS})
    out = zb.life_expectancy(frame, "deaths", "pops", "startage")
    np.testing.assert_allclose(out["value"], VALUE, rtol=1e-9)
    frame.loc[3, "startage"] = "10 to 14 years"
    with pytest.raises(zb.InvalidRows, match=r"startage \(index 3\).*'10 to 14 years'"):
        zb.life_expectancy(frame, "deaths", "pops", "startage")


def test_le_age_and_several_levels():
    out = zb.life_expectancy(df1(), "deaths", "pops", "startage", confidence=[95, 99.8],
                             le_age=[5, 25])
    assert out["startage"].tolist() == [5, 25]
    np.testing.assert_allclose(out["value"], [VALUE[2], VALUE[6]], rtol=1e-9)
    assert {"lower_95", "upper_95", "lower_99_8", "upper_99_8"} <= set(out.columns)
    z998 = 3.090232306167813  # Φ⁻¹(0.999), normal tables
    np.testing.assert_allclose(out["lower_99_8"], out["value"] - z998 * out["standard_error"],
                               rtol=1e-15)


def grouped_with_warnings():
    """PHE's df_grouped_with_warnings (testLifeExpectancy.R), by area."""
    areas = {
        "Good data": (POPS, DEATHS, AGES),
        "Negative deaths": (POPS, DEATHS[:2] + [-2] + DEATHS[3:], AGES),
        "Negative pops": (POPS[:3] + [-10] + POPS[4:], DEATHS, AGES),
        "Deaths more than pops": (POPS, DEATHS[:5] + [50000] + DEATHS[6:], AGES),
        "Low pops": ([100] * 20, DEATHS[:10] + [80] * 10, AGES),
        "Missing age band": (POPS[:19], DEATHS[:19], AGES[:19]),
    }
    rows = []
    for name, (p, d, a) in areas.items():
        rows += [{"area": name, "age": x, "pop": y, "deaths": z} for x, y, z in zip(a, p, d)]
    frame = pd.DataFrame(rows)
    # PHE's good area has 43219 people aged 20–24 (not 38561 as in df1).
    frame.loc[(frame["area"] == "Good data") & (frame["age"] == 20), "pop"] = 43219
    return frame


def test_grouped_rules_raise_on_negative_counts_naming_index_labels():
    frame = grouped_with_warnings()
    with pytest.raises(zb.InvalidRows) as info:
        zb.life_expectancy(frame, "deaths", "pop", "age", group_by="area")
    rows = info.value.rows
    # Fields are the caller's columns ("pop", the population argument), with the index label.
    assert [(r, f) for r, f, _ in rows] == [(22, "deaths (index 22)"), (43, "pop (index 43)")]


def test_grouped_rules_mark_every_area_with_its_reason():
    frame = grouped_with_warnings()
    out = zb.life_expectancy(frame.groupby("area", sort=False), "deaths", "pop", "age",
                             on_bad_rows="mark")
    assert len(out) == len(frame)  # PHE: one output row per input row
    status = out.groupby("area", sort=False)["status"].agg(lambda s: sorted(set(s)))
    assert status["Good data"] == ["ok"]
    assert status["Negative deaths"] == ["bad_row_in_area", "negative_deaths"]
    assert status["Negative pops"] == ["bad_row_in_area", "negative_population"]
    assert status["Deaths more than pops"] == ["deaths_exceed_population"]
    assert status["Low pops"] == ["small_population"]
    assert status["Missing age band"] == ["missing_band"]
    assert out.loc[out["area"] != "Good data", "value"].isna().all()
    assert out.loc[out["area"] == "Low pops", "reason"].iloc[0] == \
        "suppressed: the area's total population is 5,000 or less"


def test_two_areas_by_group_columns_match_phe():
    frame = pd.concat([df1().assign(sex="m"), df1().iloc[::-1].assign(sex="f")])
    out = zb.life_expectancy(frame, "deaths", "pops", "startage", group_by=["sex"])
    assert out["sex"].tolist() == ["m"] * 20 + ["f"] * 20
    np.testing.assert_allclose(out["value"], VALUE * 2, rtol=1e-9)


def test_numpy_level_api():
    res = zb.life_tables(DEATHS * 2, POPS * 2, AGES * 2, ["a"] * 20 + ["b"] * 20)
    assert res.value.shape == (40,) and res.lower.shape == (1, 40)
    np.testing.assert_allclose(res.value, VALUE * 2, rtol=1e-9)
    assert res.area_status.tolist() == [0, 0]
    with pytest.raises(zb.InvalidInput, match="confidence"):
        zb.life_tables(DEATHS, POPS, AGES, confidence=0.8)


# ---- SDG 3.4.1 ------------------------------------------------------------------------------

NCD_POP = np.array([40000, 38000, 36000, 34000, 30000, 26000, 22000, 18000], dtype=float)
NCD_DEATHS = np.array([8, 12, 20, 35, 60, 90, 130, 170], dtype=float)
NCD_AGES = np.arange(30, 70, 5, dtype=float)


def who_probability(deaths, pops):
    """WHO's SDG 3.4.1 formula, written out: 5q = 5M/(1 + 2.5M), 1 − Π(1 − 5q)."""
    m = deaths / pops
    q = 5 * m / (1 + 2.5 * m)
    return 1 - np.prod(1 - q, axis=-1)


def test_sdg_341_matches_whos_formula():
    frame = pd.DataFrame({"district": ["甲"] * 8 + ["乙"] * 8,
                          "startage": [f"{a}-{a + 4}岁" for a in range(30, 70, 5)] * 2,
                          "deaths": np.r_[NCD_DEATHS, NCD_DEATHS * 2],
                          "pops": np.r_[NCD_POP, NCD_POP]})
    out = zb.premature_ncd_mortality(frame, group_by="district")
    assert out["district"].tolist() == ["甲", "乙"]
    expected = [100 * who_probability(NCD_DEATHS, NCD_POP),
                100 * who_probability(2 * NCD_DEATHS, NCD_POP)]
    np.testing.assert_allclose(out["value"], expected, rtol=1e-13)
    assert (out["lower"] < out["value"]).all() and (out["value"] < out["upper"]).all()
    assert (out["status"] == "ok").all()


def test_sdg_341_interval_against_a_seeded_simulation():
    # Independent check of the delta-method SE and the interval: Poisson deaths around the
    # expected counts above (numpy PCG64, seed 20240601, 20,000 replicate areas computed in one
    # call). The spread of the simulated values must match the SE, and the 95 % intervals must
    # cover the true probability about 95 % of the time.
    rng = np.random.default_rng(20240601)
    reps = 20000
    sims = rng.poisson(NCD_DEATHS, size=(reps, 8)).astype(float)
    truth = 100 * who_probability(NCD_DEATHS, NCD_POP)
    res = zb.premature_ncd_mortality_columns(sims.ravel(), np.tile(NCD_POP, reps),
                                             np.tile(NCD_AGES, reps), np.repeat(np.arange(reps), 8))
    np.testing.assert_allclose(res.value, 100 * who_probability(sims, NCD_POP), rtol=1e-12)
    central = zb.premature_ncd_mortality_columns(NCD_DEATHS, NCD_POP, NCD_AGES)
    assert np.std(res.value) == pytest.approx(central.standard_error[0], rel=0.03)
    covered = np.mean((res.lower[0] <= truth) & (truth <= res.upper[0]))
    assert 0.94 <= covered <= 0.96


def test_sdg_341_bad_rows_and_reasons():
    ages = np.r_[NCD_AGES[:-1], 70.0]  # 70-74 is not a band of SDG 3.4.1
    with pytest.raises(zb.InvalidRows) as info:
        zb.premature_ncd_mortality_columns(NCD_DEATHS, NCD_POP, ages)
    assert info.value.rows[0][:2] == (7, "start_age")
    res = zb.premature_ncd_mortality_columns(NCD_DEATHS, NCD_POP, ages, on_bad_rows="mark")
    assert res.status_names(res.area_status).tolist() == ["bad_row_in_area"]
    assert math.isnan(res.value[0])
    res = zb.premature_ncd_mortality_columns(np.zeros(8), NCD_POP, NCD_AGES)
    assert res.value[0] == 0 and res.reasons(res.area_status)[0].startswith("no deaths")


# --- issue 14, classes 7 and 8: arguments read by the checked readers --------------------------

def test_life_table_functions_name_each_hostile_argument():
    df = df1()
    cases = [("data", lambda: zb.life_expectancy(1e308)),  # main: AttributeError
             ("deaths", lambda: zb.life_expectancy(df, None)),  # main: KeyError: None
             ("age_band", lambda: zb.premature_ncd_mortality(df, age_band=np.array([]))),
             ("population", lambda: zb.premature_ncd_mortality(df, population="population")),
             ("group_by", lambda: zb.life_expectancy(df, group_by=float("nan"))),
             ("on_bad_rows", lambda: zb.life_expectancy(df, on_bad_rows="Mark")),
             ("le_age", lambda: zb.life_expectancy(df, le_age=[0, "sixty-five"])),
             ("bands", lambda: zb.life_expectancy(df, bands="abc")),
             # main: TypeError: len() of unsized object
             ("start_age", lambda: zb.life_tables(DEATHS, POPS, "abc")),
             ("start_age", lambda: zb.premature_ncd_mortality_columns(NCD_DEATHS, NCD_POP, None)),
             ("area", lambda: zb.life_tables(DEATHS, POPS, AGES, area=7)),
             ("multiplier", lambda: zb.premature_ncd_mortality_columns(NCD_DEATHS, NCD_POP, NCD_AGES,
                                                                       multiplier="100"))]
    for argument, call in cases:
        with pytest.raises(zb.InvalidInput) as info:
            call()
        if isinstance(info.value, zb.InvalidRows):  # a bad entry of a list: named by its row
            assert info.value.rows[0][1] == argument, (argument, info.value.rows)
        else:
            assert str(info.value).startswith(f"{argument}: "), (argument, str(info.value))
    # le_age may be one age: the 65 row of PHE's example (VALUE[14]).
    one = zb.life_expectancy(df, le_age=65)
    assert one["value"].tolist() == [pytest.approx(VALUE[14], abs=1e-6)]


def test_area_labels_of_any_types_are_areas_in_order_of_appearance():
    # On main np.unique sorted the labels: a mix of 1 and "x" raised TypeError ('<' between int
    # and str). Two copies of PHE's example area give its values twice.
    deaths, pops, ages = DEATHS * 2, POPS * 2, AGES * 2
    codes = zb.life_tables(deaths, pops, ages, area=[0] * 20 + [1] * 20)
    mixed = zb.life_tables(deaths, pops, ages, area=np.array([1] * 20 + ["x"] * 20, dtype=object))
    np.testing.assert_array_equal(mixed.value, codes.value)
    np.testing.assert_allclose(mixed.value[:20], VALUE, atol=1e-6)
    ncd = zb.premature_ncd_mortality_columns(np.r_[NCD_DEATHS, NCD_DEATHS], np.r_[NCD_POP, NCD_POP],
                                             np.r_[NCD_AGES, NCD_AGES], area=["b"] * 8 + [None] * 8)
    assert len(ncd.value) == 2 and ncd.value[0] == ncd.value[1]


def test_ragged_or_unhashable_entries_are_named_not_a_numpy_error():
    # np.ndim / np.unique of a ragged list raise ValueError / TypeError: the readers name them.
    with pytest.raises(zb.InvalidRows) as info:
        zb.life_tables([1.0, 2.0], [10.0, 20.0], [[1], [1, 2]])
    assert [(r, f) for r, f, _ in info.value.rows] == [(0, "start_age"), (1, "start_age")]
    with pytest.raises(zb.InvalidInput, match=r"^area: a label must be a text or a number, got list"):
        zb.life_tables([1.0, 2.0], [10.0, 20.0], [0.0, 1.0], area=[[1], [1, 2]])
    with pytest.raises(zb.InvalidInput, match="^le_age: "):
        zb.life_expectancy(df1(), le_age=[[1], [1, 2]])


def test_banded_result_status_lookups_name_bad_codes():
    res = zb.premature_ncd_mortality_columns(NCD_DEATHS, NCD_POP, NCD_AGES)
    assert res.status_names().tolist() == ["ok"] * 8
    assert res.status_names(res.area_status).tolist() == ["ok"]
    assert res.reasons(np.array([0], dtype=np.uint8)).tolist() == [zb.LIFE_TABLE_STATUS_DESCRIPTIONS[0]]
    # On main: IndexError (code 99) or IndexError/TypeError for text and floats.
    for bad in (np.array([99]), [-1], "ok", np.array([0.5]), True):
        with pytest.raises(zb.InvalidInput, match="^codes: "):
            res.status_names(bad)
