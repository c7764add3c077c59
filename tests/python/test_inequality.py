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
