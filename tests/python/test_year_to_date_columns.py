"""zb.year_to_date_columns (issue 16): long columns in any order, the layout verified before the
units x months block is read in place. Every expected figure is a hand sum shown beside it."""
from __future__ import annotations

import numpy as np
import pytest

import zhibiao as zb
from zhibiao import _period

# Two facilities over November 2023 to February 2024 (invented counts), calendar years:
#   A: Nov 1, Dec 2 | Jan 3, Feb 4   -> ytd 1, 3 | 3, 7
#   B: Nov 10, Dec 20 | Jan 30, Feb 40 -> ytd 10, 30 | 30, 70
UNIT = ["A"] * 4 + ["B"] * 4
YEAR = [2023, 2023, 2024, 2024] * 2
MONTH = [11, 12, 1, 2] * 2
VALUE = [1.0, 2.0, 3.0, 4.0, 10.0, 20.0, 30.0, 40.0]
YTD = [1.0, 3.0, 3.0, 7.0, 10.0, 30.0, 30.0, 70.0]


def _spy(monkeypatch):
    """Record which kernel saw the rows: ("in place", rows, first month, span, done) for the
    sorted path's one-pass check-and-cumulate (done False when its check failed), ("scattered",
    rows, done) for the C++ path of integer columns in any order (done False when it hands the
    rows on), ((units, months), first month) for every block the general Python path hands to
    _cumulate_year_to_date."""
    calls = []
    core = _period._core

    class Core:
        def __getattr__(self, name):
            return getattr(core, name)

        @staticmethod
        def _cumulate_year_to_date(block, first, start):
            calls.append((block.shape, first.code))
            return core._cumulate_year_to_date(block, first, start)

        @staticmethod
        def _year_to_date_in_place(value, unit, year, month, y0, m0, span, start):
            out = core._year_to_date_in_place(value, unit, year, month, y0, m0, span, start)
            calls.append(("in place", len(value), f"{y0}{m0:02d}", span, out is not None))
            return out

        @staticmethod
        def _year_to_date_scattered(value, unit, year, month, start, max_cells):
            out = core._year_to_date_scattered(value, unit, year, month, start, max_cells)
            calls.append(("scattered", len(value), out is not None))
            return out

    monkeypatch.setattr(_period, "_core", Core())
    return calls


def test_sorted_complete_rows_are_read_in_place(monkeypatch):
    calls = _spy(monkeypatch)
    out = zb.year_to_date_columns(VALUE, UNIT, YEAR, MONTH)
    np.testing.assert_array_equal(out, YTD)
    # text units are coded 0, 1 in order of appearance, then read in place: 2 units x 4 months
    assert calls == [("in place", 8, "202311", 4, True)]


def test_rows_that_only_look_sorted_fail_the_in_place_check(monkeypatch):
    # B's Dec and Jan swapped (as below): the one-pass check refuses the block, and the C++
    # scattered path places every row in its cell instead.
    calls = _spy(monkeypatch)
    month = [11, 12, 1, 2, 11, 1, 12, 2]
    year = [2023, 2023, 2024, 2024, 2023, 2024, 2023, 2024]
    zb.year_to_date_columns([1.0] * 8, [0] * 4 + [1] * 4, year, month)
    assert calls == [("in place", 8, "202311", 4, False), ("scattered", 8, True)]


def _sorted_table(units, months=24, seed=16):
    rng = np.random.default_rng(seed)
    unit = np.repeat(np.arange(units) * 3 + 5, months)  # increasing, not consecutive
    index = np.tile(np.arange(months), units) + 2022 * 12 + 6  # from July 2022
    value = rng.poisson(30, units * months).astype(float)
    return value, unit, index // 12, index % 12 + 1


def test_in_place_path_gives_the_blocks_bits_on_both_cores():
    # 20,000 units x 24 months: enough blocks for the kernel to split them between threads.
    # Against _cumulate_year_to_date on the reshaped block (the kernel the general path uses),
    # with NaN months and a statistical year from April: the same bits, not just close.
    value, unit, year, month = _sorted_table(20_000)
    value[[5, 100_001, 479_999]] = np.nan
    value[7::97] *= 1.1  # fractions, so that the order of the additions shows in the bits
    for start in (1, 4):
        out = zb.year_to_date_columns(value, unit, year, month, year_start_month=start)
        block = zb._core._cumulate_year_to_date(value.reshape(20_000, 24), zb.Period.month(2022, 7),
                                                start)
        np.testing.assert_array_equal(out, block.reshape(-1))
    # July 2022 starts the table; with calendar years row 6 (January 2023) restarts the sum
    out = zb.year_to_date_columns(value, unit, year, month)
    assert out[6] == value[6] and out[7] == value[6] + value[7]


def test_a_break_late_in_the_table_sends_it_the_general_way(monkeypatch):
    # The last unit's code is not above the one before: the in-place check fails in the second
    # thread's half, and the general path still gives every row its own sum.
    value, unit, year, month = _sorted_table(20_000)
    unit[-24:] = 1  # a unit code below all others, in the last block
    calls = _spy(monkeypatch)
    out = zb.year_to_date_columns(value, unit, year, month)
    # codes 1, 5, 8, ..., 59,999: a block of 60,000 x 24 cells for 480,000 rows is too sparse
    # for the scattered path (over 2 cells a row), so the codes are factorized first
    assert calls[0][-1] is False and calls[1] == ("scattered", 480_000, False)
    assert calls[2] == ((20_000, 24), "202207")
    expected = zb._core._cumulate_year_to_date(value.reshape(20_000, 24), zb.Period.month(2022, 7), 1)
    np.testing.assert_array_equal(out, expected.reshape(-1))


def test_infinite_month_is_refused_on_the_in_place_path():
    value, unit, year, month = _sorted_table(20_000)
    value[300_000] = np.inf  # unit 12,500, month 0
    with pytest.raises(zb.InvalidInput, match=r"series 12500, month 0: is not a finite number"):
        zb.year_to_date_columns(value, unit, year, month)


def test_scattered_path_gives_the_general_paths_bits_on_both_cores(monkeypatch):
    # 20,000 dense units x 24 months, shuffled, with NaN months, fractions and a missing row: the
    # C++ scattered path against the general Python path on the same rows (the scattered call
    # disabled), bit for bit, with calendar years and a statistical year from October.
    value, unit, year, month = _sorted_table(20_000)
    unit = (unit - 5) // 3  # dense codes 0..19,999
    value[[5, 100_001, 479_999]] = np.nan
    value[7::97] *= 1.1
    order = np.random.default_rng(3).permutation(len(value))[:-1]  # shuffled, one row dropped
    columns = [c[order] for c in (value, unit, year, month)]
    for start in (1, 10):
        out = zb.year_to_date_columns(*columns, year_start_month=start)
        with monkeypatch.context() as patch:
            calls = _spy(patch)
            patch.setattr(type(_period._core), "_year_to_date_scattered",
                          staticmethod(lambda *args: None))
            general = zb.year_to_date_columns(*columns, year_start_month=start)
            assert calls[-1] == ((20_000, 24), "202207")
        np.testing.assert_array_equal(out, general)


def test_infinite_month_is_refused_on_the_scattered_path():
    value, unit, year, month = _sorted_table(2_000)
    unit = (unit - 5) // 3
    value[30_000] = np.inf  # unit 1,250, month 0
    order = np.random.default_rng(4).permutation(len(value))
    with pytest.raises(zb.InvalidInput, match=r"series 1250, month 0: is not a finite number"):
        zb.year_to_date_columns(*(c[order] for c in (value, unit, year, month)))


def test_shuffled_rows_give_each_row_its_own_year_to_date():
    order = [5, 2, 7, 0, 3, 6, 1, 4]  # a fixed shuffle: row k of the input is original row order[k]
    take = lambda seq: [seq[i] for i in order]  # noqa: E731
    out = zb.year_to_date_columns(take(VALUE), take(UNIT), take(YEAR), take(MONTH))
    np.testing.assert_array_equal(out, take(YTD))  # 30, 3, 70, 1, 7, 30, 3, 10


def test_rows_that_only_look_sorted_are_not_reshaped():
    # Same length, first and last rows as a sorted table, but B's Dec and Jan rows swapped: a
    # blind reshape would give B 10, 40, 20, 60. The layout check sends it the general way.
    month = [11, 12, 1, 2, 11, 1, 12, 2]
    year = [2023, 2023, 2024, 2024, 2023, 2024, 2023, 2024]
    value = [1.0, 2.0, 3.0, 4.0, 10.0, 30.0, 20.0, 40.0]
    out = zb.year_to_date_columns(value, UNIT, year, month)
    # B: Nov 10, Jan 30 (new year), Dec 10 + 20 = 30, Feb 30 + 40 = 70
    np.testing.assert_array_equal(out, [1.0, 3.0, 3.0, 7.0, 10.0, 30.0, 30.0, 70.0])


def test_integer_units_out_of_order_and_a_missing_month():
    # Unit 9 lacks 2023-12: its November stands, January restarts the year; unit 4 complete.
    value = [5.0, 1.0, 2.0, 3.0, 6.0]
    unit = [9, 4, 4, 4, 9]
    year = [2023, 2023, 2023, 2024, 2024]
    month = [11, 11, 12, 1, 1]
    out = zb.year_to_date_columns(value, unit, year, month)
    np.testing.assert_array_equal(out, [5.0, 1.0, 3.0, 3.0, 6.0])


def test_missing_month_blanks_the_rest_of_that_year_only():
    # A's December absent: A's January 2024 is still 3; nothing after a gap within 2023 exists.
    value, unit = [1.0, 4.0, 3.0], ["A", "A", "A"]
    out = zb.year_to_date_columns(value, unit, [2023, 2023, 2024], [10, 12, 1])
    assert out[0] == 1.0 and np.isnan(out[1]) and out[2] == 3.0


def test_statistical_year_restarts_in_october():
    # year_start_month=10: Sep 5 | Oct 7, Nov 7 + 4 = 11 (as cumulate_year_to_date's example)
    out = zb.year_to_date_columns([4.0, 5.0, 7.0], ["b"] * 3, [2024] * 3, [11, 9, 10],
                                  year_start_month=10)
    np.testing.assert_array_equal(out, [11.0, 5.0, 7.0])


def test_large_shuffled_table_matches_a_sorted_cumsum():
    # 300 units x 24 months: the reshape cumsum of the sorted table (valid there by
    # construction) against the shuffled rows through the general path.
    rng = np.random.default_rng(16)
    units, months = 300, 24
    unit = np.repeat(np.arange(units), months)
    year = np.tile(np.repeat([2023, 2024], 12), units)
    month = np.tile(np.tile(np.arange(1, 13), 2), units)
    value = rng.poisson(30, units * months).astype(float)
    expected = value.reshape(units, 2, 12).cumsum(axis=2).reshape(-1)
    perm = rng.permutation(len(value))
    out = zb.year_to_date_columns(value[perm], unit[perm], year[perm], month[perm])
    np.testing.assert_array_equal(out, expected[perm])
    np.testing.assert_array_equal(zb.year_to_date_columns(value, unit, year, month), expected)


@pytest.mark.parametrize("field, args, message", [
    ("duplicate", ([1.0, 2.0], ["A", "A"], [2024, 2024], [1, 1]), "more than one row"),
    ("month 13", ([1.0], ["A"], [2024], [13]), "month (row 0)"),
    ("fractional year", ([1.0], ["A"], [2024.5], [1]), "year (row 0)"),
    ("missing unit", ([1.0, 2.0], ["A", None], [2024, 2024], [1, 2]), "unit (row 1)"),
    ("short", ([1.0, 2.0], ["A"], [2024, 2024], [1, 2]), "unit: 1 rows"),
    ("text value", (["x"], ["A"], [2024], [1]), "value"),
])
def test_bad_columns_are_refused_by_name(field, args, message):
    with pytest.raises(zb.InvalidInput, match=message.replace("(", r"\(").replace(")", r"\)")):
        zb.year_to_date_columns(*args)


def test_units_in_blocks_but_descending_or_as_text():
    # Unit 9 then unit 7, each Nov 2023 to Jan 2024: 1, 1+2, 3 (new year) and 4, 4+5, 6. Integer
    # codes decreasing fail the in-place check and take the general path; text codes are
    # factorised in order of appearance and read in place. Same answer either way.
    value, year, month = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0], [2023, 2023, 2024] * 2, [11, 12, 1] * 2
    for unit in ([9, 9, 9, 7, 7, 7], ["x", "x", "x", "y", "y", "y"]):
        np.testing.assert_array_equal(zb.year_to_date_columns(value, unit, year, month),
                                      [1.0, 3.0, 3.0, 4.0, 9.0, 6.0])


def test_scattered_path_hands_duplicates_and_bad_months_to_the_named_errors():
    # 2,000 dense units x 24 months, shuffled (both cores): a row repeated at the end, then a
    # month 13; the C++ path declines both and the general path names the row.
    value, unit, year, month = _sorted_table(2_000)
    unit = (unit - 5) // 3
    order = np.random.default_rng(5).permutation(len(value))
    value, unit, year, month = (c[order] for c in (value, unit, year, month))
    dup = [np.append(c, c[100]) for c in (value, unit, year, month)]
    with pytest.raises(zb.InvalidInput, match=rf"unit \(row 100\): more than one row for unit {unit[100]}"):
        zb.year_to_date_columns(*dup)
    month = month.copy()
    month[40_000] = 13
    with pytest.raises(zb.InvalidInput, match=r"month \(row 40000\): 13 is not a whole number"):
        zb.year_to_date_columns(value, unit, year, month)
