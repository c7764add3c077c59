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


ESP = ["0-4", "5-9", "10-14", "15-19", "20-24", "25-29", "30-34", "35-39", "40-44", "45-49",
       "50-54", "55-59", "60-64", "65-69", "70-74", "75-79", "80-84", "85-89", "90+"]


def three_areas():
    # Totals 895, 91 and 9, as the three areas of PHEindicatormethods' DSR test workbook.
    return pd.DataFrame({"area": ["A"] * 19 + ["B"] * 19 + ["C"] * 19,
                         "band": ESP * 3, "deaths": XA + XB + XC, "pop": NA + NB + NC})


def test_standard_populations_are_the_published_tables():
    esp = zb.standard_population("esp2013")
    assert len(esp) == 19 and esp["weight"].sum() == 100000 and esp["band"].iloc[-1] == "90+"
    assert "Eurostat" in esp.attrs["source"]
    who = zb.standard_population("who2000")
    assert who["weight"].iloc[0] == 8860 and len(who) == 21   # Ahmad et al. 2001, Table 4
    with pytest.raises(zb.InvalidInput, match="name: expected one of .esp2013."):
        zb.standard_population("china2000")


def test_dsr_of_three_areas_on_a_groupby():
    # Sorted by band label as text ("0-4", "10-14", ..., "5-9", ...): on main the weights were
    # matched by position, so this order gave a wrong DSR; by label it gives the right one.
    df = three_areas().sample(frac=1, random_state=3).sort_values(["area", "band"], kind="stable")
    out = zb.dsr(df.groupby("area"), "deaths", "pop", confidence=[0.95, 0.998], ageband="band")
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
    with pytest.raises(zb.InvalidRows, match="no row for band 90"):
        zb.dsr(df.iloc[:18], "deaths", "pop", ageband="band")


def test_dsr_non_independent_events():
    # Area A: persons with 2 events p2 = x // 4, with 1 event p1 = x - 2 p2 (derive_intervals.py).
    rows = []
    for i, (x, n) in enumerate(zip(XA, NA)):
        rows.append({"band": ESP[i], "freq": 1, "persons": x - 2 * (x // 4), "pop": n})
        rows.append({"band": ESP[i], "freq": 2, "persons": x // 4, "pop": n})
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
        zb.dsr(df.groupby("area"), "deaths", "pop", ageband="band")
    out = zb.dsr(df.groupby("area"), "deaths", "pop", ageband="band", on_bad_rows="mark")
    assert out["status"].tolist()[0] == "invalid input rows"


# --- issue 14 class 6: standards matched by band label, never by row position -------------------

from hypothesis import given, settings, strategies as st  # noqa: E402


def _dsr_columns(out):
    return {c: out[c].to_numpy() for c in out.columns if c not in ("area", "status", "method")}


@settings(max_examples=60, deadline=None)
@given(order=st.permutations(range(57)),
       counts=st.lists(st.integers(0, 500), min_size=57, max_size=57),
       pops=st.lists(st.integers(1, 10 ** 6), min_size=57, max_size=57))
def test_any_row_permutation_gives_bit_identical_dsrs(order, counts, pops):
    # Rows of three areas in any order (areas interleaved, bands shuffled): the same bits as the
    # rows in band order, for every column, because each group's rows are summed in the
    # standard's band order whatever order they came in.
    df = three_areas().assign(deaths=counts, pop=pops)
    ref = zb.dsr(df.groupby("area"), "deaths", "pop", ageband="band", confidence=[0.95, 0.998])
    out = zb.dsr(df.iloc[list(order)].groupby("area"), "deaths", "pop", ageband="band",
                 confidence=[0.95, 0.998])
    assert out["status"].tolist() == ref["status"].tolist()
    for column, values in _dsr_columns(ref).items():
        np.testing.assert_array_equal(_dsr_columns(out)[column], values, err_msg=column)


def test_labels_are_read_in_their_common_spellings():
    # en dash, 岁, 至, full-width digits, 90岁及以上: the ESP 2013 bands, so the DSR of area A
    # (derive_intervals.py) is unchanged.
    spelled = ["0–4", "5-9岁", "10至14岁", "１５-１９", "20~24"] + ESP[5:18] + ["90岁及以上"]
    df = three_areas()
    df["band"] = spelled * 3
    out = zb.dsr(df[df.area == "A"], "deaths", "pop", ageband="band")
    assert out["value"][0] == pytest.approx(1036.0734735751091, rel=1e-12)
    cat = three_areas().astype({"band": "category"})
    out = zb.dsr(cat.groupby("area"), "deaths", "pop", ageband="band")
    assert out["value"][0] == pytest.approx(1036.0734735751091, rel=1e-12)


def test_unknown_missing_repeated_and_coarser_bands_are_named():
    df = three_areas()
    df.loc[2, "band"] = "合计"
    with pytest.raises(zb.InvalidRows, match=r"band \(index 2\).*'合计' is not an age band"):
        zb.dsr(df.groupby("area"), "deaths", "pop", ageband="band")
    # 85+ in an 18-band frame against esp2013's 85-89 and 90+: coarser, and 90+ missing.
    coarse = three_areas()
    coarse = coarse[coarse.band != "90+"].copy()
    coarse.loc[coarse.band == "85-89", "band"] = "85+"
    with pytest.raises(zb.InvalidRows, match=r"coarser.*85-89, 90\+"):
        zb.dsr(coarse.groupby("area"), "deaths", "pop", ageband="band")
    # The same frame against who2000_85, whose last band is 85+: computed.
    out = zb.dsr(coarse.groupby("area"), "deaths", "pop", stdpop="who2000_85", ageband="band")
    assert out["status"].tolist()[:2] == ["ok", "ok"]
    dup = three_areas()
    dup.loc[0, "band"] = "5-9"
    with pytest.raises(zb.InvalidRows, match="'5-9' appears twice") as info:
        zb.dsr(dup.groupby("area"), "deaths", "pop", ageband="band")
    assert "no row for band 0-4" in str(info.value)
    gap = three_areas()
    gap.loc[40, "band"] = None
    out = zb.dsr(gap.groupby("area"), "deaths", "pop", ageband="band", on_bad_rows="mark")
    assert out["status"].tolist() == ["ok", "ok", "invalid input rows"]
    with pytest.raises(zb.InvalidInput, match="ageband: give the column of age-band labels"):
        zb.dsr(three_areas(), "deaths", "pop")


def test_a_column_named_like_a_builtin_standard_is_refused_as_ambiguous():
    # On main the column was silently ignored and the built-in weights used by position.
    df = three_areas()
    df["esp2013"] = 1.0
    with pytest.raises(zb.InvalidInput, match="names both a built-in standard"):
        zb.dsr(df.groupby("area"), "deaths", "pop", stdpop="esp2013", ageband="band")
    # Either choice, said explicitly, works: the built-in standard as a labelled frame, or the
    # column under another name (equal weights: the DSR is the mean of the band rates).
    out = zb.dsr(df.groupby("area"), "deaths", "pop", stdpop=zb.standard_population("esp2013"),
                 ageband="band")
    assert out["value"][0] == pytest.approx(1036.0734735751091, rel=1e-12)
    flat = zb.dsr(df.rename(columns={"esp2013": "w"}).groupby("area"), "deaths", "pop", stdpop="w")
    mean_rate = np.mean(np.array(XA) / np.array(NA)) * 1e5
    assert flat["value"][0] == pytest.approx(mean_rate, rel=1e-12)


def test_own_standards_carry_their_labels_and_unlabelled_weights_are_refused():
    esp = zb.standard_population("esp2013")
    weights = dict(zip(esp["band"], esp["weight"]))
    df = three_areas().iloc[::-1]
    for stdpop in (weights, pd.Series(weights), esp):
        out = zb.dsr(df.groupby("area"), "deaths", "pop", stdpop=stdpop, ageband="band")
        assert out["value"][0] == pytest.approx(1036.0734735751091, rel=1e-12)
    with pytest.raises(zb.InvalidInput, match="matched to the rows by position"):
        zb.dsr(df, "deaths", "pop", stdpop=list(esp["weight"]), ageband="band")


def test_a_standard_of_zeros_is_an_error_not_nan_with_status_ok():
    # On main: NaN value with status "ok".
    zeros = {band: 0.0 for band in ESP}
    with pytest.raises(zb.InvalidInput, match="sum to 0"):
        zb.dsr(three_areas(), "deaths", "pop", stdpop=zeros, ageband="band")
    for bad in (-1.0, float("nan")):
        with pytest.raises(zb.InvalidInput, match="stdpop"):
            zb.dsr(three_areas(), "deaths", "pop", stdpop={**zeros, "0-4": 1.0, "90+": bad},
                   ageband="band")
    df = three_areas().assign(w=0.0)
    with pytest.raises(zb.InvalidRows, match="sum to 0"):
        zb.dsr(df.groupby("area"), "deaths", "pop", stdpop="w")


# --- issue 14 class 10: PHEindicatormethods' missing counts and observed totals ------------------

def test_missing_counts_zero_gives_phes_numbers():
    # PHE's calculate_dsr counts a missing count as 0 (na.zero). Hand calculation: area A with
    # its 0-4 count (2) missing loses 2 × 5000 / 5200 from Σ x w / n: 1036.0734735751091 −
    # 1.9230769230769231 per 100,000, total count 893.
    df = three_areas()
    df.loc[0, "deaths"] = np.nan
    with pytest.raises(zb.InvalidRows, match="index 0"):
        zb.dsr(df.groupby("area"), "deaths", "pop", ageband="band")
    out = zb.dsr(df.groupby("area"), "deaths", "pop", ageband="band", missing_counts="zero")
    assert out["total_count"][0] == 893
    assert out["value"][0] == pytest.approx(1036.0734735751091 - 2 * 5000 / 5200, rel=1e-12)
    with pytest.raises(zb.InvalidInput, match="missing_counts"):
        zb.dsr(df, "deaths", "pop", ageband="band", missing_counts="skip")


def _reference_frame():
    df = three_areas()
    df["ref_deaths"] = XA * 3
    df["ref_pop"] = NA * 3
    return df[df.area != "A"]


def test_observed_totals_instead_of_band_counts():
    # PHE's calculate_ISRatio(observed_totals = ...): areas B and C's totals 91 and 9 give the
    # SMRs of their band counts (test_smr_and_isr_against_area_a_rates, derive_intervals.py).
    df = _reference_frame().drop(columns="deaths")
    totals = pd.DataFrame({"area": ["C", "B", "Z"], "observed": [9, 91, 5]})  # Z: not in the data
    s = zb.smr(df.groupby("area"), "observed", "pop", "ref_deaths", "ref_pop",
               observed_totals=totals)
    assert s["observed"].tolist() == [91, 9]
    assert s["value"][0] == pytest.approx(0.49109477837653803, rel=1e-12)
    assert s["lower_95"][1] == pytest.approx(0.09767276493897953, rel=1e-12)
    r = zb.isr(df.groupby("area"), "observed", "pop", "ref_deaths", "ref_pop",
               observed_totals={"B": 91, "C": 9})
    assert r["value"][0] == pytest.approx(444.86824559413117, rel=1e-12)
    one = zb.smr(df[df.area == "B"], "observed", "pop", "ref_deaths", "ref_pop", observed_totals=91)
    assert one["value"][0] == pytest.approx(0.49109477837653803, rel=1e-12)
    with pytest.raises(zb.InvalidInput, match=r"no total for the group\(s\) \['C'\]"):
        zb.smr(df.groupby("area"), "observed", "pop", "ref_deaths", "ref_pop",
               observed_totals={"B": 91})
    with pytest.raises(zb.InvalidRows, match=r"observed_totals \(group \['C'\]\)"):
        zb.smr(df.groupby("area"), "observed", "pop", "ref_deaths", "ref_pop",
               observed_totals={"B": 91, "C": -1})


def test_missing_reference_counts_zero_in_indirect_standardisation():
    # PHE's calculate_ISRatio: na.zero(x_ref). Hand calculation: area B against area A's rates
    # with the 0-4 reference count missing loses 1200 × 2 / 5200 expected deaths.
    df = _reference_frame()
    df.loc[df.band == "0-4", "ref_deaths"] = np.nan
    with pytest.raises(zb.InvalidRows, match="x_ref"):
        zb.smr(df.groupby("area"), "deaths", "pop", "ref_deaths", "ref_pop")
    s = zb.smr(df.groupby("area"), "deaths", "pop", "ref_deaths", "ref_pop", missing_counts="zero")
    assert s["expected"][0] == pytest.approx(185.30028012276563 - 1200 * 2 / 5200, rel=1e-12)

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


# --- issue 14, classes 7 and 8: arguments read by the checked readers --------------------------

def test_standardisation_functions_name_each_hostile_argument():
    df = _reference_frame()
    args = ("deaths", "pop", "ref_deaths", "ref_pop")
    cases = [("data", lambda: zb.smr(1e308, *args)),  # on main: TypeError: ... has no len()
             ("data", lambda: zb.dsr("abc", "deaths", "pop", ageband="band")),
             ("x", lambda: zb.smr(df, None, "pop", "ref_deaths", "ref_pop")),  # main: KeyError
             ("n_ref", lambda: zb.isr(df.groupby("area"), "deaths", "pop", "ref_deaths", "refpop")),
             ("ageband", lambda: zb.dsr(df, "deaths", "pop", ageband="age")),
             ("eventfreq", lambda: zb.dsr(df, "deaths", "pop", ageband="band", eventfreq=np.array([]))),
             ("stdpop", lambda: zb.dsr(df, "deaths", "pop", stdpop="esp2031", ageband="band")),
             ("stdpop", lambda: zb.dsr(df, "deaths", "pop", stdpop=np.array([1.0, 2.0]))),
             ("method", lambda: zb.smr(df, *args, method="wilson")),
             ("missing_counts", lambda: zb.isr(df, *args, missing_counts=None)),
             ("on_bad_rows", lambda: zb.dsr(df, "deaths", "pop", ageband="band", on_bad_rows=True)),
             # The caller's argument, not the kernel's "multiplier".
             ("refvalue", lambda: zb.smr(df, *args, refvalue=-1)),
             ("refvalue", lambda: zb.smr(df, *args, refvalue=float("nan"))),
             ("multiplier", lambda: zb.isr(df, *args, multiplier=0)),
             ("name", lambda: zb.standard_population(None)),
             # np.ndim of a ragged list raised ValueError on main.
             ("observed_totals", lambda: zb.smr(df, *args, observed_totals=[[1], [2, 3]])),
             ("observed_totals", lambda: zb.smr(df, *args, observed_totals="91"))]
    for argument, call in cases:
        with pytest.raises(zb.InvalidInput) as info:
            call()
        assert str(info.value).startswith(f"{argument}: "), (argument, str(info.value))
    # "byars" is the core's alias of "byar": the same SMRs (O = 91 takes Byar's limits).
    g = df.groupby("area")
    assert zb.smr(g, *args, method="byars")["lower_95"][0] == zb.smr(g, *args, method="byar")["lower_95"][0]


def test_grouped_standardisation_names_the_row_of_the_callers_frame():
    # Area C's rows first, then B's: the groupby regroups them (B before C), so the kernel sees
    # C's first band at row 19 of its copy. The error names row 0 and index 0 of the frame given,
    # as the user sees it (on main: "row 19 ... (index 0)").
    df = _reference_frame()
    df = pd.concat([df[df.area == "C"], df[df.area == "B"]]).reset_index(drop=True)
    df.loc[0, "deaths"] = -3
    with pytest.raises(zb.InvalidRows) as info:
        zb.smr(df.groupby("area"), "deaths", "pop", "ref_deaths", "ref_pop")
    assert [(r, f) for r, f, _ in info.value.rows] == [(0, "x (index 0)")]
    df["deaths"] = df["deaths"].astype(object)
    df.loc[0, "deaths"] = "三"
    with pytest.raises(zb.InvalidRows) as info:
        zb.dsr(df.groupby("area"), "deaths", "pop", ageband="band")
    assert info.value.rows == [(0, "deaths (index 0)", "is not a number ('三')")]
