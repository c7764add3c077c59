"""Periods with pandas: conversion to and from pandas.Period, and aggregation over time of
many monthly series held in a DataFrame (rows = series, columns = months).

Period.to_pandas() and Period.from_pandas() are bound in C++ (register_period.cpp) and call
to_pandas / from_pandas here: the compiled class is never patched.

The arithmetic runs in the C++ kernel over the DataFrame's float64 block (read in place when it
is one C-contiguous block); this module only maps column labels to months and back.
"""
from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, List, Optional, Union

import numpy as np

from . import _core
from ._core import InvalidInput, Period, iso_weeks_in_year
from ._frames import float_column

if TYPE_CHECKING:
    import numpy.typing as npt
    import pandas as pd

__all__ = ["Period", "TimeAggregate", "aggregate_time", "as_period", "cumulate_year_to_date", "year_to_date_columns", "from_pandas",
           "iso_weeks_in_year", "to_pandas"]

_NO_FORMULA = {
    "as_period": "a conversion of a period's text or date, it computes no figure",
    "from_pandas": "a conversion between period types, it computes no figure",
    "to_pandas": "a conversion between period types, it computes no figure",
}

PeriodLike = Union[Period, str, Any]

# pandas names an annual period by the month it ends in (A-SEP: 1 Oct – 30 Sep, labelled by the
# year it ends in, which is also China's 统计年度 convention).
_MONTH_ABBR = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]
# DHIS2's weeks from Wednesday … Sunday (docs/periods.md §7) end on the day before their first.
_WEEK_ENDS = {"week_wednesday": "TUE", "week_thursday": "WED", "week_friday": "THU",
              "week_saturday": "FRI", "week_sunday": "SAT"}


def to_pandas(period: Union[Period, str]) -> "pd.Period":
    """The pandas.Period for day, week (W-SUN; DHIS2's weeks from another day W-TUE … W-SAT),
    month, quarter, year and financial year periods.

    Takes one Period (or its text); returns one pandas.Period covering the same days. A
    statistical year 1 Oct – 30 Sep is pandas' annual period ending in September (A-SEP), named
    by the year it ends in, as China names it.

    Raises InvalidInput for types pandas has no period for (two-month, half year, ranges), and
    for periods outside the days pandas' Timestamps hold (1677-09-22 .. 2262-04-10), whose
    pandas.Period would raise OutOfBoundsDatetime when its start_time or end_time is read.

    References
    ----------
    pandas' period frequencies (D, W-SUN, M, Q-DEC, A-DEC, A-SEP; pandas.Period); ISO 8601
    weeks, Monday to Sunday; docs/periods.md §3 (the statistical year).

    Examples
    --------
    >>> zb.to_pandas(zb.Period.statistical_year(2019))
    Period('2019', 'A-SEP')
    >>> zb.to_pandas("2024W1")
    Period('2024-01-01/2024-01-07', 'W-SUN')
    """
    import pandas as pd

    if not isinstance(period, Period):
        if isinstance(period, str):
            period = Period.parse(period)
        else:
            raise InvalidInput(f"period: expected a zhibiao.Period or its text, got "
                               f"{type(period).__name__} {period!r}"[:160])
    # A pandas.Period reaches far beyond pandas' nanosecond Timestamps (1677-09-21 .. 2262-04-11),
    # but its start_time / end_time / to_timestamp() then raise OutOfBoundsDatetime: a result that
    # fails when read. Such periods are refused here (docs/bad-input.md, class 1); their days are
    # period.start / period.end (datetime.date), which reach the whole calendar.
    if not (_TIMESTAMP_FIRST_DAY <= period.start and period.end <= _TIMESTAMP_LAST_DAY):
        raise InvalidInput(
            f"period: {period.code} lies outside the days pandas' Timestamps can hold "
            f"({_TIMESTAMP_FIRST_DAY} .. {_TIMESTAMP_LAST_DAY}); use .start and .end (datetime.date)")
    kind = period.type
    if kind == "day":
        return pd.Period(period.start, freq="D")
    if kind == "week":
        return pd.Period(period.start, freq="W-SUN")
    if kind in _WEEK_ENDS:  # DHIS2's weeks from another day: pandas names a week by its last day
        return pd.Period(period.start, freq="W-" + _WEEK_ENDS[kind])
    if kind == "month":
        return pd.Period(period.start, freq="M")
    if kind == "quarter":
        return pd.Period(period.start, freq="Q-DEC")
    if kind == "year":
        return pd.Period(period.start, freq="A-DEC")
    if kind == "financial_year":
        return pd.Period(period.end, freq="A-" + _MONTH_ABBR[period.end.month - 1])
    raise InvalidInput(
        f"period: pandas has no period type for {period.type} {period.code}; use .start and .end")


# The whole days within pandas.Timestamp.min (1677-09-21 00:12:43.145...) and .max
# (2262-04-11 23:47:16.854...): a day period's end_time is 23:59:59.999999999 of that day.
_TIMESTAMP_FIRST_DAY = _dt.date(1677, 9, 22)
_TIMESTAMP_LAST_DAY = _dt.date(2262, 4, 10)


def from_pandas(value: Any) -> Period:
    """A Period from a pandas.Period (D, W-SUN, M, Q-DEC, A-/Y- any month), or a day from a
    pandas.Timestamp, datetime.date or numpy.datetime64.

    Takes one value; returns one Period of the same days. An annual pandas period ending in
    September is the statistical year (统计年度) ending then.

    References
    ----------
    pandas' period frequencies (pandas.Period); ISO 8601 weeks; docs/periods.md §1–§3.

    Examples
    --------
    >>> zb.from_pandas(pd.Period("2019", freq="A-SEP")).chinese()
    '2019统计年度'
    >>> zb.from_pandas(pd.Period("2024-01-01", freq="W-SUN"))
    Period('2024W1')
    """
    import pandas as pd

    if isinstance(value, Period):
        return value
    if isinstance(value, pd.Period):
        freq = value.freqstr.upper()
        base = freq.split("-")[0]
        # Days by asfreq, not start_time / end_time: those are nanosecond Timestamps, which end
        # in 2262 (OutOfBoundsDatetime), while a pandas.Period and a zhibiao Period reach 9999.
        first, last = value.asfreq("D", how="start"), value.asfreq("D", how="end")
        if base == "D":
            return Period.day(_calendar_date(first, value))
        if freq == "W-SUN":  # Monday to Sunday: an ISO week
            _calendar_date(last, value)
            return _week_of(_calendar_date(first, value))
        if base == "M":
            return Period.month(value.year, value.month)
        if freq in ("Q", "Q-DEC"):
            return Period.quarter(value.year, value.quarter)
        if base in ("A", "Y") and (freq in ("A", "Y") or "-" in freq):
            end_month = 12 if "-" not in freq else _MONTH_ABBR.index(freq.split("-")[1]) + 1
            return Period.statistical_year(last.year, end_month % 12 + 1)
        raise InvalidInput(f"period: no zhibiao period for pandas frequency {value.freqstr}")
    if isinstance(value, (_dt.date, np.datetime64)):
        return Period.day(value)
    raise InvalidInput(f"period: cannot make a period from {type(value).__name__} {value!r}")


def _calendar_date(day, value) -> _dt.date:
    """The datetime.date of a pandas day period, or InvalidInput when it lies outside zhibiao's
    calendar (pandas periods run from year 1 and past 9999)."""
    if not 1400 <= day.year <= 9999:
        raise InvalidInput(f"period: the pandas period {value} is outside the calendar "
                           "1400-01-01 … 9999-12-31")
    return _dt.date(day.year, day.month, day.day)


def _week_of(monday: _dt.date) -> Period:
    iso_year, week, _ = monday.isocalendar()
    return Period.iso_week(iso_year, week)


def as_period(value: PeriodLike, **parse_options: Any) -> Period:
    """A Period from a Period, a code or Chinese text, a pandas.Period or a date.

    Takes one value; returns one Period. Text is read by Period.parse (parse_options: reference,
    statistical_year_start_month, cumulative_start_month), anything else by from_pandas.

    References
    ----------
    DHIS2's period identifiers (2024S1, 2019Q1, 2018Oct) and the Chinese period expressions of
    the seed reports (2024年上半年, 今年1-5月), docs/periods.md §2 and §4.

    Examples
    --------
    >>> zb.as_period("2024年上半年")
    Period('2024S1')
    >>> import datetime
    >>> zb.as_period("今年1-5月", reference=datetime.date(2024, 6, 10)).chinese()
    '2024年1-5月'
    """
    if isinstance(value, Period):
        return value
    if isinstance(value, str):
        return Period.parse(value, **parse_options)
    return from_pandas(value)


@dataclass(frozen=True)
class TimeAggregate:
    """Monthly series aggregated to longer periods.

    Returned by aggregate_time (pandas DataFrames and Series in it); the values are in the same
    unit as the monthly input.

    values          DataFrame, rows = series (the input's index), columns = period codes
    periods         the target Periods, in column order
    complete        per period: all of its months were in the input
    months_covered  per period: how many of its months were in the input
    missing_months  DataFrame of the same shape: months that were missing (NaN) in each cell

    Formula
    -------
    values[s, P] = how(x[s, m] for the months m of P in the input); complete[P] = every month
    of P was in the input; months_covered[P] = how many were.

    References
    ----------
    docs/aggregation.md §4 (aggregation over time) and §5 (missing values: absent is not zero).

    Examples
    --------
    >>> monthly = pd.DataFrame({"2024-01": [30.0], "2024-02": [28.0], "2024-03": [25.0],
    ...                         "2024-04": [27.0]}, index=["births"])
    >>> result = zb.aggregate_time(monthly, "quarter")
    >>> result.values
            2024Q1  2024Q2
    births    83.0    27.0
    >>> result.complete.tolist(), result.months_covered.tolist()
    ([True, False], [3, 1])
    """

    values: Any
    periods: List[Period]
    complete: Any
    months_covered: Any
    missing_months: Any


def _monthly_block(frame, first_month: Optional[PeriodLike]):
    """(float64 2-D array, first month, index) from a DataFrame with month columns or an array."""
    import pandas as pd

    if isinstance(frame, pd.DataFrame):
        months = [as_period(label) for label in frame.columns]
        for k, (label, p) in enumerate(zip(frame.columns, months)):
            if p.type != "month":
                raise InvalidInput(f"columns: column {k} ({label!r}) is a {p.type}, not a month")
            if k and p != months[k - 1].next():
                raise InvalidInput(
                    f"columns: column {k} ({label!r}) does not follow {frame.columns[k - 1]!r}; "
                    "months must be consecutive")
        if not months:
            raise InvalidInput("columns: the frame has no month columns")
        if first_month is not None and as_period(first_month) != months[0]:
            raise InvalidInput("first_month: disagrees with the first column")
        if all(isinstance(t, np.dtype) and t.kind in "iuf" for t in frame.dtypes):
            values = frame.to_numpy(dtype=np.float64)
        else:  # object or nullable columns: a text cell is reported with its row and month
            values = np.column_stack([float_column(frame[c], str(c)) for c in frame.columns])
        return np.ascontiguousarray(values), months[0], frame.index
    if first_month is None:
        raise InvalidInput("first_month: needed when the data is not a DataFrame with month columns")
    try:
        raw = np.asarray(frame)
    except (TypeError, ValueError) as exc:  # ragged nested lists
        raise InvalidInput(f"monthly: not a table of numbers ({exc})") from None
    if raw.ndim == 1:
        raw = raw.reshape(1, -1)
    if raw.ndim != 2:
        raise InvalidInput(f"monthly: expected a DataFrame with month columns or a 2-D array "
                           f"(series × months), got {type(frame).__name__} of {raw.ndim} dimensions")
    if raw.dtype.kind in "iuf":
        values = raw.astype(np.float64, copy=False)
    else:  # each series (row) read as a column, so a bad cell is named by its series and month
        values = np.vstack([float_column(raw[i], f"monthly[{i}]") for i in range(raw.shape[0])]) \
            if raw.shape[0] else np.empty((0, raw.shape[1]))
    return values, as_period(first_month), None


def aggregate_time(monthly: Union["pd.DataFrame", "npt.ArrayLike"], to: str = "year", how: str = "sum", *,
                   year_start_month: int = 10, first_month: Optional[PeriodLike] = None) -> TimeAggregate:
    """Aggregate monthly series to quarters, half years, years or statistical years.

    Takes a pandas DataFrame (rows = series, columns = months) or a 2-D NumPy array; returns a
    TimeAggregate whose values are in the same unit as the input.

    monthly: a DataFrame whose columns are consecutive months (pandas Periods, '2023-01',
    '202301', '2023年1月', ...) and whose rows are series, or a 2-D array with `first_month`.
    to: month, bi_month, quarter, half_year, year, financial_year, financial_half_year.
    how: sum, average, last, min, max, average_over_days.
    year_start_month: first month of financial years (10: the 统计年度 1 Oct – 30 Sep).

    Formula
    -------
    sum: Σ x[m]; average: Σ x[m] / months; average_over_days: Σ x[m] × days(m) / Σ days(m);
    last / min / max: the last, smallest, largest x[m]; over the months m of each target period
    (a financial year: year_start_month of year Y − 1 … the month before it in year Y).

    References
    ----------
    docs/aggregation.md §4; docs/periods.md §3 (the statistical year 1 Oct – 30 Sep, named by
    the year it ends in; DHIS2 names it by its start, 2023Oct).

    Examples
    --------
    One dose a month from October 2023 to September 2024 is the 2024统计年度's 12 doses:

    >>> zb.aggregate_time(np.ones((1, 12)), "financial_year", first_month="2023-10").values
       2023Oct
    0     12.0
    """
    import pandas as pd

    values, first, index = _monthly_block(monthly, first_month)
    out, missing, periods, covered, complete = _core._aggregate_months(
        values, first, to, how, year_start_month)
    codes = [p.code for p in periods]
    index = index if index is not None else pd.RangeIndex(values.shape[0])
    return TimeAggregate(
        values=pd.DataFrame(out, index=index, columns=codes),
        periods=list(periods),
        complete=pd.Series(complete, index=codes, dtype=bool),
        months_covered=pd.Series(covered, index=codes),
        missing_months=pd.DataFrame(missing, index=index, columns=codes),
    )


def cumulate_year_to_date(monthly: Union["pd.DataFrame", "npt.ArrayLike"], *, year_start_month: int = 1,
                          first_month: Optional[PeriodLike] = None) -> Union["pd.DataFrame", "np.ndarray"]:
    """Running sums within each year starting in `year_start_month` (1: calendar, 10: 统计年度).

    Takes a pandas DataFrame (rows = series, columns = months) or a 2-D NumPy array with
    `first_month`; the sums are in the same unit as the input.

    Returns the same shape as the input (a DataFrame for a DataFrame). A missing month makes the
    rest of that year's running sum missing for that series.

    Formula
    -------
    ytd[s, m] = Σ x[s, k] over the months k from the start of m's year (its year_start_month)
    to m; NaN from a missing month to the end of that year.

    References
    ----------
    docs/aggregation.md §4 and docs/periods.md §5 (year to date, 累计: 2019年11月 → 2019年1-11月;
    with start month 10 the year restarts in October, which DHIS2's year-to-date cannot do).

    Examples
    --------
    Births of September to November 2024 (invented): the 统计年度 restarts in October.

    >>> zb.cumulate_year_to_date(pd.DataFrame({"2024-09": [5.0], "2024-10": [7.0], "2024-11": [4.0]},
    ...                                       index=["births"]), year_start_month=10)
            2024-09  2024-10  2024-11
    births      5.0      7.0     11.0
    """
    import pandas as pd

    values, first, index = _monthly_block(monthly, first_month)
    out = _core._cumulate_year_to_date(values, first, year_start_month)
    if index is None:
        return out
    return pd.DataFrame(out, index=index, columns=monthly.columns)


def _whole_column(values: "npt.ArrayLike", field: str, low: int, high: int) -> np.ndarray:
    """A 1-D int64 array of whole numbers in [low, high], or InvalidInput naming the first bad row."""
    raw = np.asarray(values)
    if raw.ndim != 1:
        raise InvalidInput(f"{field}: expected a 1-D column, got {raw.ndim} dimensions")
    if raw.dtype.kind in "iu":
        col = raw.astype(np.int64, copy=False)
        if len(col) == 0 or (low <= col.min() and col.max() <= high):  # two reductions, no temporaries
            return col
        bad = (col < low) | (col > high)
    else:
        try:
            as_float = raw.astype(np.float64)
        except (TypeError, ValueError):
            as_float = np.array([_float_or_nan(v) for v in raw.tolist()], dtype=np.float64)
        with np.errstate(invalid="ignore"):
            bad = ~((as_float >= low) & (as_float <= high) & (as_float == np.floor(as_float)))
        col = np.where(bad, low, as_float).astype(np.int64)
    if bad.any():
        row = int(np.argmax(bad))
        raise InvalidInput(f"{field} (row {row}): {raw[row]!r} is not a whole number from {low} to {high}")
    return col


def _float_or_nan(v: Any) -> float:
    try:
        return float(v)
    except (TypeError, ValueError):
        return float("nan")


def _in_place_block(v: np.ndarray, u: np.ndarray, year: "npt.ArrayLike", month: "npt.ArrayLike",
                    start: int) -> Optional[np.ndarray]:
    """The year to date read in place, when the rows are unit by unit, month by month: every
    block of `span` rows one unit, the same consecutive months in every block, the units'
    integer codes increasing. Verified on every row (comparisons, no sort); None when any of it
    fails or the columns are not integers, and the caller takes the general path. Only the first
    and last rows' year and month are range-checked: when the layout holds, every other row
    equals a month between them."""
    y, m = np.asarray(year), np.asarray(month)
    rows = len(v)
    if not (y.ndim == m.ndim == 1 and len(y) == len(m) == len(u) == rows
            and y.dtype.kind in "iu" and m.dtype.kind in "iu" and u.dtype.kind in "iu"):
        return None
    if np.dtype(np.uint64) in (y.dtype, m.dtype, u.dtype):
        return None  # codes past 2**63 would not keep their order as int64: the general path
    y0, m0, y1, m1 = int(y[0]), int(m[0]), int(y[-1]), int(m[-1])
    if not (1 <= y0 <= 9998 and 1 <= y1 <= 9998 and 1 <= m0 <= 12 and 1 <= m1 <= 12):
        return None
    span = (y1 - y0) * 12 + (m1 - m0) + 1  # the block width the first and last rows imply
    if not (0 < span <= rows and rows % span == 0):
        return None
    # One pass in C++ over the four columns (both cores): every row's year, month and unit
    # checked while the running sums are written; None when any row breaks the layout.
    as_int = [c.astype(np.int64, copy=False) for c in (u, y, m)]
    return _core._year_to_date_in_place(np.ascontiguousarray(v), *as_int, y0, m0, span, start)


def year_to_date_columns(value: "npt.ArrayLike", unit: "npt.ArrayLike", year: "npt.ArrayLike",
                         month: "npt.ArrayLike", *, year_start_month: int = 1) -> np.ndarray:
    """Running sums within each year of a long table given as columns (one row per unit and
    month, in any order): the year to date of every row, aligned with the input rows.

    Takes four 1-D columns of one length: the monthly values (a count), the unit (any hashable
    codes: integers, text), the calendar year and the month (1–12). The rows need not be sorted
    or complete. When they are laid out unit by unit, month by month, every unit with the same
    consecutive months and the units' integer codes (or first appearances) increasing, the value
    column is read in place as a units × months block; that layout is verified on every row
    first, and any other input is placed into the block by its (unit, month) cell instead. A
    month absent from the rows, or NaN, makes the rest of that unit's year missing, as in
    zb.cumulate_year_to_date.

    Returns a float64 array of the input's length, in the value's unit.

    Formula
    -------
    ytd(u, m) = Σ value(u, k) over the months k from the start of m's year (its
    year_start_month) to m; NaN from a missing month to the end of that year.

    References
    ----------
    docs/aggregation.md §4 and docs/periods.md §5 (year to date, 累计); docs/benchmarks.md
    (the layout check and its cost).

    Examples
    --------
    Two facilities, rows shuffled (invented counts): B's February is 3 + 4.

    >>> zb.year_to_date_columns([4.0, 1.0, 3.0, 2.0], ["B", "A", "B", "A"],
    ...                         [2024, 2024, 2024, 2024], [2, 1, 1, 2])
    array([7., 1., 3., 3.])
    """
    import pandas as pd

    from ._options import whole_number

    start = whole_number(year_start_month, "year_start_month")
    if not 1 <= start <= 12:
        raise InvalidInput(f"year_start_month: {start} is not a month from 1 to 12")
    v = np.asarray(float_column(value, "value"), dtype=np.float64)
    if v.ndim != 1:
        raise InvalidInput(f"value: expected a 1-D column, got {v.ndim} dimensions")
    rows = len(v)
    if rows == 0:
        raise InvalidInput("value: has no rows; a year to date needs at least one month")
    u = np.asarray(unit) if not isinstance(unit, pd.Series) else unit.to_numpy()
    if u.ndim != 1:
        raise InvalidInput(f"unit: expected a 1-D column, got {u.ndim} dimensions")
    fast = _in_place_block(v, u, year, month, start)
    if fast is not None:
        return fast
    y, m = np.asarray(year), np.asarray(month)
    if u.dtype.kind not in "iu":
        if len(u) == rows:
            codes, _ = pd.factorize(u)  # hash codes in order of first appearance; missing is -1
            if (codes < 0).any():
                row = int(np.argmax(codes < 0))
                raise InvalidInput(f"unit (row {row}): {u[row]!r} is missing")
            u = codes
            fast = _in_place_block(v, u, y, m, start)
            if fast is not None:
                return fast
    # Integer columns of one length: every row into its (unit, month) cell and back in one C++
    # call (both cores), which returns None for anything the general path below must name or
    # handle (a bad year or month, sparse codes, two rows in one cell, an infinite sum).
    if (y.ndim == m.ndim == u.ndim == 1 and len(y) == len(m) == len(u) == rows
            and all(c.dtype.kind in "iu" and c.dtype != np.uint64 for c in (u, y, m))):
        fast = _core._year_to_date_scattered(
            v, *(c.astype(np.int64, copy=False) for c in (u, y, m)), start, max(16 * rows, 1 << 22))
        if fast is not None:
            return fast
    y = _whole_column(year, "year", 1, 9998)
    m = _whole_column(month, "month", 1, 12)
    for field, col in (("unit", u), ("year", y), ("month", m)):
        if len(col) != rows:
            raise InvalidInput(f"{field}: {len(col)} rows, but value has {rows}")
    if u.dtype.kind not in "iu":
        codes, _ = pd.factorize(u)  # hash codes in order of first appearance; missing is -1
        if (codes < 0).any():
            row = int(np.argmax(codes < 0))
            raise InvalidInput(f"unit (row {row}): {u[row]!r} is missing")
        u = codes
    # General path: every row into its (unit, month) cell of a dense block, NaN where no row is.
    index = y * 12  # months since year 0, in place: no temporaries on large tables
    index += m
    index -= 1
    lo = int(index.min())
    width = int(index.max()) - lo + 1
    if not (u.min() >= 0 and (int(u.max()) + 1) * width <= 2 * rows):
        u, _ = pd.factorize(u)  # sparse or negative codes: hash them to 0..units-1
    series = int(u.max()) + 1
    cells = series * width
    if cells > max(16 * rows, 1 << 22):
        raise InvalidInput(f"year: the rows span {width} months for {series} units, a block of "
                           f"{cells} cells for {rows} rows; give the rows of fewer years at a time")
    cell = u.astype(np.int64)  # a fresh array, then in place: cell = unit × width + month − lo
    cell *= width
    index -= lo
    cell += index
    # Duplicates: every row marks its cell; fewer marked cells than rows means two rows share one
    # (a byte per cell, so the marks stay in cache where the values would not).
    seen = np.zeros(cells, dtype=np.uint8)
    seen[cell] = 1
    if np.count_nonzero(seen) != rows:
        hits = np.bincount(cell, minlength=cells)
        row = int(np.argmax(hits[cell] > 1))
        raise InvalidInput(f"unit (row {row}): more than one row for unit {np.asarray(unit)[row]!r} "
                           f"in {int(y[row])}-{int(m[row]):02d}")
    block = np.full(cells, np.nan)
    block[cell] = v
    first = Period.month(lo // 12, lo % 12 + 1)
    out = _core._cumulate_year_to_date(block.reshape(series, width), first, start)
    return np.take(out.reshape(-1), cell)
