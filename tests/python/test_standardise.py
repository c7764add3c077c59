"""Standardised rates from Python: DSR on groupby, SMR / ISR, standard populations.

Reference values: tests/reference/derive_intervals.py (the Dobson formula and PHE's ISR rule
written out with the standard library only); the same data and numbers are in
tests/cpp/standardise_test.cpp.
"""
import numpy as np
import pandas as pd
import pytest

import zhibiao as zb

XA = [2, 1, 1, 2, 3, 4, 6, 9, 14, 20, 30, 42, 58, 80, 105, 130, 150, 128, 110]
NA = [5200, 5600, 5800, 5400, 6100, 6300, 6600, 7200, 7100, 6900, 7000, 6400, 5900, 5200, 4600,
      3500, 2100, 1200, 700]
XB = [0, 0, 0, 0, 1, 0, 1, 1, 2, 2, 3, 5, 6, 8, 10, 13, 15, 13, 11]
NB = [1200, 1300, 1250, 1100, 1400, 1500, 1450, 1600, 1550, 1500, 1450, 1300, 1200, 1050, 900,
      700, 450, 250, 150]
XC = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 1, 1, 1, 2, 1, 2, 0]
NC = [300, 320, 310, 300, 330, 340, 350, 360, 350, 340, 330, 300, 280, 250, 210, 160, 100, 60, 30]


def three_areas():
    # Totals 895, 91 and 9, as the three areas of PHEindicatormethods' DSR test workbook.
    return pd.DataFrame({"area": ["A"] * 19 + ["B"] * 19 + ["C"] * 19,
                         "band": list(range(19)) * 3, "deaths": XA + XB + XC, "pop": NA + NB + NC})


def test_standard_populations_are_the_published_tables():
    esp = zb.standard_population("esp2013")
    assert len(esp) == 19 and esp["weight"].sum() == 100000 and esp["band"].iloc[-1] == "90+"
    assert "Eurostat" in esp.attrs["source"]
    who = zb.standard_population("who2000")
    assert who["weight"].iloc[0] == 8860 and len(who) == 21   # Ahmad et al. 2001, Table 4
    with pytest.raises(zb.InvalidInput, match="unknown standard population"):
        zb.standard_population("china2000")


def test_dsr_of_three_areas_on_a_groupby():
    df = three_areas().sample(frac=1, random_state=3).sort_values(["area", "band"], kind="stable")
    out = zb.dsr(df.groupby("area"), "deaths", "pop", confidence=[0.95, 0.998])
    assert out["area"].tolist() == ["A", "B", "C"]
    assert out["total_count"].tolist() == [895, 91, 9]
    assert out["value"][0] == pytest.approx(1036.0734735751091, rel=1e-9)
    assert out["lower_95"][0] == pytest.approx(968.8768553370192, rel=1e-9)
    assert out["upper_99.8"][1] == pytest.approx(695.3522662643283, rel=1e-9)
    assert np.isnan(out["value"][2]) and out["status"][2] == "not computed: total count below 10"
    assert out["method"].tolist() == ["Dobson"] * 3


def test_dsr_with_a_stdpop_column_and_a_band_count_check():
    df = three_areas()
    df["esp"] = list(zb.standard_population()["weight"]) * 3
    out = zb.dsr(df[df.area == "B"], "deaths", "pop", stdpop="esp")
    assert out["value"][0] == pytest.approx(507.40452133764137, rel=1e-9)
    with pytest.raises(zb.InvalidInput, match="19 rows"):
        zb.dsr(df.iloc[:18], "deaths", "pop")


def test_dsr_non_independent_events():
    # Area A: persons with 2 events p2 = x // 4, with 1 event p1 = x - 2 p2 (derive_intervals.py).
    rows = []
    for i, (x, n) in enumerate(zip(XA, NA)):
        rows.append({"band": i, "freq": 1, "persons": x - 2 * (x // 4), "pop": n})
        rows.append({"band": i, "freq": 2, "persons": x // 4, "pop": n})
    out = zb.dsr(pd.DataFrame(rows), "persons", "pop", eventfreq="freq", ageband="band")
    assert out["total_count"][0] == 895
    assert out["value"][0] == pytest.approx(1036.0734735751091, rel=1e-9)
    assert out["lower_95"][0] == pytest.approx(954.1183470399999, rel=1e-9)
    assert out["upper_95"][0] == pytest.approx(1122.1869774145475, rel=1e-9)
    assert out["method"][0] == "Dobson, non-independent events"


def test_smr_and_isr_against_area_a_rates():
    df = three_areas()
    df["ref_deaths"] = XA * 3
    df["ref_pop"] = NA * 3
    g = df[df.area != "A"].groupby("area")
    s = zb.smr(g, "deaths", "pop", "ref_deaths", "ref_pop")
    assert s["observed"].tolist() == [91, 9]
    assert s["expected"][0] == pytest.approx(185.30028012276563, rel=1e-9)
    assert s["value"][0] == pytest.approx(0.49109477837653803, rel=1e-9)
    assert s["lower_95"][1] == pytest.approx(0.09767276493897953, rel=1e-9)  # exact, O = 9
    assert s["method"].tolist() == ["byar", "exact"]
    r = zb.isr(g, "deaths", "pop", "ref_deaths", "ref_pop")
    assert r["value"][0] == pytest.approx(444.86824559413117, rel=1e-9)
    assert r["upper_95"][1] == pytest.approx(367.316422137567, rel=1e-9)


def test_bad_rows_name_the_index():
    df = three_areas()
    df.loc[5, "pop"] = 0
    with pytest.raises(zb.InvalidRows, match="index 5"):
        zb.dsr(df.groupby("area"), "deaths", "pop")
    out = zb.dsr(df.groupby("area"), "deaths", "pop", on_bad_rows="mark")
    assert out["status"].tolist()[0] == "invalid input rows"


# Dobson's interval against published worked examples computed by others (issue 14, class 11).
# PHEindicatormethods tests/testthat/testdata_DSR_ISR.xlsx: inputs in sheet testdata_multiarea
# (areas testdata_big, testdata_small; count and pop per ESP 2013 band), expected in sheet
# testresults_DSR rows 6-7 (dsr per 100000: value, lower95_0cl, upper95_0cl, lower99_8cl,
# upper99_8cl). The small area is the worked example of APHO's Excel tool "Commonly used public
# health statistics and their confidence intervals" (with APHO Technical Briefing 3, Eayres 2008;
# updated 2014), sheet Direct Standardisation: DSR (B32) 1103.212025300104, 95 % limits (C32, D32)
# 877.45576753670912, 1367.0882227251795, ESP 2013 weights in its column E; kept as
# tests/testthat/"APHO Tool for common PH Stats and CIs_adapted.xlsx" (commit 51714e0).
APHO_ESP2013 = [5000, 5500, 5500, 5500, 6000, 6000, 6500, 7000, 7000, 7000, 7000, 6500, 6000,
                5500, 5000, 4000, 2500, 1500, 1000]
PHE_POP = [636, 558, 609, 543, 384, 594, 669, 843, 660, 576, 606, 522, 426, 273, 300, 288, 153,
           123, 207]
PHE_BIG = [127, 25, 18, 21, 12, 27, 48, 27, 29, 32, 32, 34, 45, 65, 38, 68, 74, 82, 91]
PHE_SMALL = [12, 4, 3, 2, 3, 4, 8, 2, 2, 3, 4, 5, 6, 8, 5, 6, 5, 5, 4]


def test_dsr_matches_phe_test_workbook_and_apho_tool():
    assert zb.standard_population("esp2013")["weight"].tolist() == APHO_ESP2013
    df = pd.DataFrame({"area": ["big"] * 19 + ["small"] * 19, "count": PHE_BIG + PHE_SMALL,
                       "pop": PHE_POP * 2, "refpop": APHO_ESP2013 * 2})
    out = zb.dsr(df.groupby("area"), "count", "pop", stdpop="refpop", confidence=[0.95, 0.998])
    assert out["total_count"].tolist() == [895, 91]
    assert out["value"].tolist() == pytest.approx([10430.247991469423, 1103.212025300104], rel=1e-9)
    assert out["lower_95"].tolist() == pytest.approx([9717.709067985681, 877.45576753670912],
                                                     rel=1e-9)
    assert out["upper_95"].tolist() == pytest.approx([11178.94091547925, 1367.0882227251795],
                                                     rel=1e-9)
    assert out["lower_99.8"].tolist() == pytest.approx([9323.2878802199029, 763.64203579398793],
                                                       rel=1e-9)
    assert out["upper_99.8"].tolist() == pytest.approx([11620.595999522058, 1530.0328948244762],
                                                       rel=1e-9)


# SMR and ISR against PHE's published test data (not derive_intervals.py again): the same
# workbook, sheet testdata_multiarea_isr, expected in sheet testresults_ISR rows 2-4 (rate per
# 100000) and 8-10 (ratio x 1). The tiny area's 10-14 band is blank in the workbook; its
# reference count is 0, so its population cannot enter E: given as 0 events.
PHE_REFCOUNT = [10303, 2824, 0, 3615, 3641, 3490, 3789, 3213, 3031, 2771, 3089, 3490, 3595, 4745,
                5514, 7125, 5694, 6210, 5757]
PHE_REFPOP = [50520, 57173, 60213, 54659, 44345, 50128, 62163, 67423, 62899, 55463, 60479, 49974,
              44140, 40888, 37239, 30819, 18136, 15325, 13918]
PHE_TINY = [0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1, 0, 0, 1, 1, 2, 3]


def test_smr_and_isr_match_phe_test_workbook():
    df = pd.DataFrame({"area": ["big"] * 19 + ["small"] * 19 + ["tiny"] * 19,
                       "count": PHE_BIG + PHE_SMALL + PHE_TINY, "pop": PHE_POP * 3,
                       "refcount": PHE_REFCOUNT * 3, "refpop": PHE_REFPOP * 3})
    g = df.groupby("area")
    s = zb.smr(g, "count", "pop", "refcount", "refpop", confidence=[0.95, 0.998])
    assert s["expected"].tolist() == pytest.approx([835.88356123117433] * 3, rel=1e-9)
    assert s["value"].tolist() == pytest.approx(
        [1.0707232939020275, 0.10886683770400503, 1.0767049882813684e-2], rel=1e-9)
    assert s["lower_95"].tolist() == pytest.approx(
        [1.0017147712553987, 8.765040101829405e-2, 4.9233808250957762e-3], rel=1e-9)
    assert s["upper_99.8"].tolist() == pytest.approx(
        [1.1860070415876287, 0.14897920510466744, 2.7105896514690211e-2], rel=1e-9)
    assert s["method"].tolist() == ["byar", "byar", "exact"]
    r = zb.isr(g, "count", "pop", "refcount", "refpop", confidence=[0.95, 0.998])
    assert r["value"].tolist() == pytest.approx(
        [10011.137622091057, 1017.8922051511577, 100.6706576523123], rel=1e-9)
    assert r["upper_95"].tolist() == pytest.approx(
        [10689.097582910616, 1249.7592601383201, 191.10426659054028], rel=1e-9)
    assert r["lower_99.8"].tolist() == pytest.approx(
        [9008.7578618655007, 719.51329035282447, 27.431908625542341], rel=1e-9)
