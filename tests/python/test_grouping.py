"""The C++ group-key helpers behind the grouped DSR/ISR path (issue 16): a column of str
factorized by one hash table, and the stable order that puts each group's rows together. The
reference is pandas (an independent implementation: its StringHashTable and sort)."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import zhibiao as zb

_core = zb._core


def _texts(rows: int, distinct: int, seed: int) -> np.ndarray:
    # codes of 7 ASCII bytes, a few longer than 8 bytes (compared in full), some non-ASCII
    # (2- and 4-byte PEP 393 kinds) and a prefix of another ("A1" and "A10")
    rng = np.random.default_rng(seed)
    pool = [f"A{i:06d}" for i in range(distinct)] + ["district-北京-0001", "district-北京-0002",
                                                     "𝔘nit", "A1", "A10", "", "a\x00"]
    return np.array(pool, dtype=object)[rng.integers(0, len(pool), rows)]


@pytest.mark.parametrize("sort", [False, True])
def test_factorize_text_gives_pandas_codes_and_uniques(sort):
    # 400,000 rows: large enough to be split between the cores and merged
    values = _texts(400_000, 50_000, 3)
    codes, uniques = _core._factorize_text(values, sort)
    expected_codes, expected_uniques = pd.factorize(values, sort=sort)
    np.testing.assert_array_equal(codes, expected_codes)
    assert list(uniques) == list(expected_uniques)
    assert uniques.dtype == object and len(uniques) == len(set(values.tolist()))


def test_factorize_text_declines_what_is_not_a_str():
    # None (missing), a number, a str subclass: pandas' path decides those
    class Code(str):
        pass

    for odd in (None, 5, Code("A")):
        assert _core._factorize_text(np.array(["A", odd], dtype=object), False) is None
    assert _core._factorize_text(np.array(["A", "B"]), False) is None  # a '<U1' array, not objects


def test_group_order_is_a_stable_argsort():
    codes = np.random.default_rng(4).integers(0, 1000, 300_000)
    positions, counts = _core._group_order(codes, 1000)
    np.testing.assert_array_equal(positions, np.argsort(codes, kind="stable"))
    np.testing.assert_array_equal(counts, np.bincount(codes, minlength=1000))
    with pytest.raises(zb.InvalidInput, match="codes"):
        _core._group_order(np.array([0, 3]), 3)


def test_group_order_with_minor_codes_is_a_lexsort():
    # The DSR's order of a group's rows by band (issue 16): by group, then by minor code, then
    # as the rows came, which is exactly np.lexsort((minor, codes)).
    rng = np.random.default_rng(5)
    codes, minor = rng.integers(0, 1000, 300_000), rng.integers(0, 20, 300_000)
    positions, counts = _core._group_order(codes, 1000, minor, 20)
    np.testing.assert_array_equal(positions, np.lexsort((minor, codes)))
    np.testing.assert_array_equal(counts, np.bincount(codes, minlength=1000))
    with pytest.raises(zb.InvalidInput, match="minor"):
        _core._group_order(codes, 1000, minor, 19)  # a minor code 19 is outside [0, 19)
    with pytest.raises(zb.InvalidInput, match="minor"):
        _core._group_order(codes, 1000, minor[:10], 20)


def test_dsr_of_shuffled_labelled_rows_gives_phes_figures_and_names_a_repeated_band():
    # PHEindicatormethods' testdata_DSR_ISR.xlsx small area (APHO's tool, sheet Direct
    # Standardisation: 91 deaths, DSR 1103.212025300104, 95 % limits 877.45576753670912 and
    # 1367.0882227251795), as rows in random order with text keys and band labels: the rows
    # reach the kernel band by band (sorted by the bands' lower ages), which it verifies.
    from test_standardise import PHE_POP, PHE_SMALL

    bands = list(zb.standard_population("esp2013")["band"])
    df = pd.DataFrame({"area": ["S1"] * 19 + ["S2"] * 19, "band": bands * 2,
                       "x": PHE_SMALL * 2, "n": PHE_POP * 2})
    rng = np.random.default_rng(3)
    shuffled = df.iloc[rng.permutation(len(df))].reset_index(drop=True)
    out = zb.dsr(shuffled.groupby("area"), "x", "n", ageband="band")
    assert out["total_count"].tolist() == [91, 91]
    assert out["value"].tolist() == pytest.approx([1103.212025300104] * 2, rel=1e-12)
    assert out["lower_95"].tolist() == pytest.approx([877.45576753670912] * 2, rel=1e-12)
    assert out["upper_95"].tolist() == pytest.approx([1367.0882227251795] * 2, rel=1e-12)
    # S2's row of band 0-4 relabelled 5-9: 5-9 twice and no 0-4, found on the reordered rows
    # and named by the caller's row.
    row = int(np.flatnonzero((shuffled["area"] == "S2") & (shuffled["band"] == "0-4"))[0])
    shuffled.loc[row, "band"] = "5-9"
    with pytest.raises(zb.InvalidRows, match="5-9' appears twice") as caught:
        zb.dsr(shuffled.groupby("area"), "x", "n", ageband="band")
    assert "0-4" in str(caught.value)


def test_dsr_with_shuffled_text_keys_matches_sorted_integer_keys():
    # The same 300 areas x 19 bands two ways: sorted int keys (the sorted fast path) and shuffled
    # rows with text keys (the C++ factorize path). The groups sum the same rows in the same
    # order, so the bits agree; "A00007" sorts as area 7 does.
    bands = list(zb.standard_population("esp2013")["band"])
    rng = np.random.default_rng(9)
    areas = 300
    n = rng.integers(500, 20_000, areas * 19).astype(float)
    df = pd.DataFrame({"area": np.repeat(np.arange(areas), 19), "band": np.tile(bands, areas),
                       "x": rng.poisson(n * 0.01).astype(float), "n": n})
    sorted_result = zb.dsr(df.groupby("area"), "x", "n", ageband="band")
    shuffled = df.iloc[rng.permutation(len(df))].reset_index(drop=True)
    shuffled["area"] = np.array([f"A{a:05d}" for a in shuffled["area"]], dtype=object)
    text_result = zb.dsr(shuffled.groupby("area"), "x", "n", ageband="band")
    assert list(text_result["area"]) == [f"A{a:05d}" for a in range(areas)]
    for column in ("total_count", "total_pop", "value", "lower_95", "upper_95"):
        np.testing.assert_array_equal(text_result[column].to_numpy(), sorted_result[column].to_numpy())


@pytest.mark.parametrize("rows", [0, 1, 2, 5, 2**19 + 3, 2**20 + 7])
def test_sorted_run_offsets_are_the_run_starts_then_the_length(rows):
    # The run starts of sorted int64 keys and each run's key, against NumPy's comparison of
    # neighbours: runs of one row, of one key throughout, of random lengths; at 2^19 rows and
    # more the column is cut into one part per thread, so runs cross the parts' boundaries (and
    # a part holds no start).
    rng = np.random.default_rng(rows)
    for keys in (np.arange(rows, dtype=np.int64), np.zeros(rows, dtype=np.int64),
                 np.sort(rng.integers(-5, max(rows // 40, 1), rows)).astype(np.int64),
                 np.repeat(np.arange(2, dtype=np.int64), (rows + 1) // 2)[:rows]):
        starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]]) if rows else np.array([], int)
        offsets, run_keys = _core.sorted_run_offsets(keys)
        assert offsets.dtype == np.uint64 and run_keys.dtype == np.int64
        np.testing.assert_array_equal(offsets, np.r_[starts, rows])
        np.testing.assert_array_equal(run_keys, keys[starts])
    if rows >= 2:
        # one key smaller than the one before it, at the end (the scalar tail of the column's
        # last part) or inside a part (the AVX-512 loop's 8-row blocks, where the CPU has it):
        # None
        for at in sorted({rows - 1, max(rows // 3, 1), max(rows // 2 + 5, 1) % rows or 1}):
            keys = np.arange(rows, dtype=np.int64)
            keys[at] = keys[at - 1] - 1
            assert _core.sorted_run_offsets(keys) is None, at


def test_dsr_of_a_categorical_band_reads_its_int8_codes():
    # The same 300 areas × 19 bands with the bands as a categorical (int8 codes, read at that
    # width by the kernel) and as text (int64 codes from the C++ factorizer): the same bits; a
    # missing band (code -1) is named by its row.
    bands = list(zb.standard_population("esp2013")["band"])
    rng = np.random.default_rng(12)
    areas = 300
    n = rng.integers(500, 20_000, areas * 19).astype(float)
    df = pd.DataFrame({"area": np.repeat(np.arange(areas), 19),
                       "band": pd.Categorical(np.tile(bands, areas), categories=bands),
                       "x": rng.poisson(n * 0.01).astype(float), "n": n})
    assert df["band"].cat.codes.dtype == np.int8
    text = df.assign(band=df["band"].astype(str).astype(object))
    by_codes = zb.dsr(df.groupby("area"), "x", "n", ageband="band")
    by_text = zb.dsr(text.groupby("area"), "x", "n", ageband="band")
    for column in ("total_count", "total_pop", "value", "lower_95", "upper_95"):
        np.testing.assert_array_equal(by_codes[column].to_numpy(), by_text[column].to_numpy())
    df.loc[40, "band"] = np.nan
    with pytest.raises(zb.InvalidRows, match="row 40") as caught:
        zb.dsr(df.groupby("area"), "x", "n", ageband="band")
    assert "missing" in str(caught.value)
