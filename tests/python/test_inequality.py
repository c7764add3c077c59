"""Quantiles (PHE's rule) and SII/RII from Python. Expected values are hand calculations written
out in tests/cpp/inequality_test.cpp (repeated here) and PHE's ?phe_sii example data."""
import numpy as np
import pandas as pd
import pytest

import zhibiao as zb


def test_quintiles_with_ties_inverted_and_not():
    # Hand calculation: see tests/cpp/inequality_test.cpp (N = 10, Q = 5).
    frame = pd.DataFrame({"area": list("abcdefghij"), "score": [3, 1, 4, 1, 5, 9, 2, 6, 5, 3]})
    up = zb.assign_quantiles(frame, "score", nquantiles=5, invert=False)
    assert up["quantile"].tolist() == [2, 1, 3, 1, 4, 5, 2, 5, 4, 2]
    down = zb.assign_quantiles(frame, "score", nquantiles=5)
    assert down["quantile"].tolist() == [3, 5, 3, 5, 2, 1, 4, 1, 2, 3]
    assert list(down.columns[:2]) == ["area", "score"]


def test_quantiles_by_group_with_per_group_direction():
    frame = pd.DataFrame({"region": ["r1"] * 10 + ["r2"] * 3,
                          "score": [3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 7, 8, 9],
                          "inv": [False] * 10 + [True] * 3})
    out = zb.assign_quantiles(frame, "score", "region", nquantiles=5, invert="inv")
    assert out["quantile"].iloc[:10].tolist() == [2, 1, 3, 1, 4, 5, 2, 5, 4, 2]
    assert out["quantile"].iloc[10:].isna().all()
    assert (out["status"].iloc[10:] == "incomplete").all()
    frame.loc[2, "score"] = np.nan
    with pytest.raises(zb.InvalidRows):
        zb.assign_quantiles(frame, "score", "region", nquantiles=5)


PHE_SII = pd.DataFrame({
    # ?phe_sii example, Area1 and Area2
    "area": ["Area1"] * 10 + ["Area2"] * 10,
    "decile": list(range(1, 11)) * 2,
    "population": [7291, 7997, 6105, 7666, 5790, 6934, 5918, 5974, 7147, 7534, 21675, 20065,
                   19750, 24713, 20112, 19618, 22408, 19752, 18939, 19312],
    "value": [75.9, 78.3, 83.8, 83.6, 80.5, 81.1, 81.7, 84.2, 80.6, 86.3, 70.5, 71.6, 72.5, 73.5,
              73.1, 76.2, 78.7, 80.6, 80.9, 80],
    "se": [1.64, 1.58, 1.51, 1.78, 1.7, 1.56, 1.37, 1.4, 2.43, 1.57, 0.23, 0.26, 0.3, 0.16, 0.79,
           0.78, 0.4, 0.28, 0.23, 0.35],
})


def test_sii_point_estimate_matches_hand_calculation():
    out = zb.slope_index(PHE_SII, "decile", "population", "value", se="se", group_by="area",
                         repetitions=10_000, seed=5)
    # Area1: hand calculation in tests/cpp/inequality_test.cpp; Area2 written out here with
    # weighted least squares (NumPy lstsq on [√a, b√a], y = √a·value).
    g = PHE_SII[PHE_SII["area"] == "Area2"]
    a = g["population"].to_numpy() / g["population"].sum()
    b = np.cumsum(a) - a / 2
    coef = np.linalg.lstsq(np.c_[np.sqrt(a), b * np.sqrt(a)], np.sqrt(a) * g["value"], rcond=None)[0]
    np.testing.assert_allclose(out["sii"], [7.000234760079886, coef[1]], rtol=1e-12)
    np.testing.assert_allclose(out["rii"], [1.0897097049119413, (coef[0] + coef[1]) / coef[0]],
                               rtol=1e-12)
    assert (out["sii_lower"] < out["sii"]).all() and (out["sii"] < out["sii_upper"]).all()
    again = zb.slope_index(PHE_SII, "decile", "population", "value", se="se", group_by="area",
                           repetitions=10_000, seed=5)
    pd.testing.assert_frame_equal(out, again)


# --- issue 14, classes 7 and 8: arguments read by the checked readers --------------------------

def test_assign_quantiles_names_each_hostile_argument():
    df = pd.DataFrame({"v": [float(i) for i in range(10)], "g": ["a"] * 5 + ["b"] * 5,
                       "up": [True] * 5 + [False] * 5})
    cases = [("data", lambda: zb.assign_quantiles(None, "v")),
             ("values", lambda: zb.assign_quantiles(df, None)),  # on main: KeyError: None
             ("group_by", lambda: zb.assign_quantiles(df, "v", float("nan"))),
             # On main: ValueError: The truth value of an array ... is ambiguous.
             ("invert", lambda: zb.assign_quantiles(df, "v", invert=np.array([1, "x"], dtype=object))),
             ("invert", lambda: zb.assign_quantiles(df, "v", invert=1)),
             ("invert", lambda: zb.assign_quantiles(df, "v", invert="down")),
             ("invert", lambda: zb.assign_quantiles(df, "v", invert="up")),  # not one per group
             ("nquantiles", lambda: zb.assign_quantiles(df, "v", nquantiles=0)),
             ("on_bad_rows", lambda: zb.assign_quantiles(df, "v", on_bad_rows="skip"))]
    for argument, call in cases:
        with pytest.raises(zb.InvalidInput) as info:
            call()
        assert str(info.value).startswith(f"{argument}: "), (argument, str(info.value))
    # A text cell in the direction column was read by its truthiness on main ("no" -> True).
    with pytest.raises(zb.InvalidRows) as info:
        zb.assign_quantiles(df.assign(up=["no"] * 5 + [False] * 5), "v", "g", nquantiles=5, invert="up")
    assert info.value.rows[0] == (0, "up (index 0)", "is not True or False ('no')")
    # Per group: a ascending values 0..4 inverted (highest in quantile 1), b not.
    out = zb.assign_quantiles(df, "v", "g", nquantiles=5, invert="up")
    assert out["quantile"].tolist() == [5, 4, 3, 2, 1, 1, 2, 3, 4, 5]


def test_slope_index_names_each_hostile_argument_and_the_callers_columns():
    cases = [("data", lambda: zb.slope_index(1e308, "decile", "population", "value", se="se")),
             ("quantile", lambda: zb.slope_index(PHE_SII, None, "population", "value", se="se")),
             ("value", lambda: zb.slope_index(PHE_SII, "decile", "population", "val", se="se")),
             ("se", lambda: zb.slope_index(PHE_SII, "decile", "population", "value", se=np.array([]))),
             ("lower", lambda: zb.slope_index(PHE_SII, "decile", "population", "value",
                                              lower="lo", upper="value")),
             ("value_type", lambda: zb.slope_index(PHE_SII, "decile", "population", "value", se="se",
                                                   value_type=["rate"])),
             ("group_by", lambda: zb.slope_index(PHE_SII, "decile", "population", "value", se="se",
                                                 group_by=np.array(["area"]))),
             ("repetitions", lambda: zb.slope_index(PHE_SII, "decile", "population", "value",
                                                    se="se", repetitions="1000"))]
    for argument, call in cases:
        with pytest.raises(zb.InvalidInput) as info:
            call()
        assert str(info.value).startswith(f"{argument}: "), (argument, str(info.value))
    # A bad row names the caller's column ("decile"), not the kernel's field ("quantile").
    bad = PHE_SII.assign(decile=[1] * 2 + list(range(2, 10)) + list(range(1, 11)))
    with pytest.raises(zb.InvalidRows) as info:
        zb.slope_index(bad, "decile", "population", "value", se="se", group_by="area")
    assert info.value.rows[0][1].startswith("decile (index ")


def test_a_negative_slope_index_multiplier_reverses_the_direction_as_phe():
    # PHEindicatormethods' phe_sii: a negative multiplier flips the SII's sign and takes the
    # inverse of the RII. So -1 is a valid option (the hostile sweep lists it as silently
    # accepted), and the results are exactly -SII and 1/RII of multiplier 1.
    one = zb.slope_index(PHE_SII, "decile", "population", "value", se="se", group_by="area",
                         repetitions=1000)
    neg = zb.slope_index(PHE_SII, "decile", "population", "value", se="se", group_by="area",
                         repetitions=1000, multiplier=-1)
    np.testing.assert_allclose(neg["sii"], -one["sii"], rtol=1e-15)
    np.testing.assert_allclose(neg["rii"], 1 / one["rii"], rtol=1e-15)
    assert neg["sii"][0] == pytest.approx(-7.000234760079886, rel=1e-12)  # as the test above
