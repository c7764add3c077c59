"""Whole-table operations (issue 19 item 1): quota completion against 序时进度, 同比/环比 with a
significance test, ranking with intervals, 统计年度 and Chinese period labels — each one call on
a DataFrame (or a pandas groupby, summed per group first) that keeps the caller's index and other
columns. docs/tables.md describes each function's scale and defaults.

Quotas and comparisons are one C++ call per table: _core._assess_quota_column and
_core._compare_column (assessment.hpp's assess_quota_column, comparison.hpp's compare_column) run
the per-row zb.assess_quota / zb.compare_proportions / zb.compare_rates on every row and write
NumPy columns, status codes and the Chinese sentences; this module only picks the columns, names
the statuses and raises for an invalid row naming its index. Period labels and 统计年度 still go
through Period.chinese / Period.start per code.
"""
from __future__ import annotations

import datetime as _dt
import math
from typing import TYPE_CHECKING, Optional, Sequence, Union

import numpy as np

from . import _core
from ._errors import InvalidInput, InvalidRows, relabelled
from ._frames import as_frame, column_label, column_labels, is_groupby, numeric_column
from ._options import choice, flag, whole_number
from ._groupby import groups, summed

if TYPE_CHECKING:  # annotations only (pandas is imported where it is used)
    import pandas as pd
    from pandas.core.groupby import DataFrameGroupBy

__all__ = ["assess_quota_frame", "compare_frame", "period_labels", "rank_frame", "statistical_year",
           "year_to_date_frame"]


def _table(data, columns: Sequence[str]):
    """The frame to work on: a DataFrame as given, or a groupby's per-group sums of `columns`
    (a missing count makes its group's sum missing, never a silent zero)."""
    data = as_frame(data, "data")
    if is_groupby(data):
        return summed(groups(data), columns)
    return data


def _period(value, field: str) -> "_core.Period":
    if isinstance(value, _core.Period):
        return value
    if isinstance(value, (int, np.integer)) and not isinstance(value, bool):
        return _core.Period.year(int(value))
    if isinstance(value, str):
        return _core.Period.parse(value)
    raise InvalidInput(f"{field}: expected a Period, a year or a period code, got {value!r}")


def _date(value, field: str) -> _dt.date:
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    if isinstance(value, str):
        try:
            return _dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise InvalidInput(f"{field}: expected a date (datetime.date or 'YYYY-MM-DD'), got {value!r}")


# Status texts of the kernels' row codes (_core._QUOTA_ROW_STATUS_NAMES and
# _COMPARISON_ROW_STATUS_NAMES, in code order), as object arrays to index by the code column.
_QUOTA_WORDS = {"reached": "reached", "ahead": "ahead", "on_schedule": "on_schedule",
                "behind": "behind", "missing": "undefined: a count is missing",
                "zero_quota": "undefined: the quota is zero",
                "invalid_done": "invalid: done", "invalid_quota": "invalid: quota"}
_QUOTA_CODE = {name: k for k, name in enumerate(_core._QUOTA_ROW_STATUS_NAMES)}
_QUOTA_TEXT = np.array([_QUOTA_WORDS[name] for name in _core._QUOTA_ROW_STATUS_NAMES],
                       dtype=object)
_COMPARISON_WORDS = {"ok": "ok", "missing": "undefined: a count is missing",
                     "zero_denominator": "undefined: a denominator is zero",
                     "zero_previous_count": "undefined: the previous count is zero",
                     "no_relative_change": "no_relative_change: the previous value is zero"}
_COMPARISON_TEXT = np.array([_COMPARISON_WORDS[name]
                             for name in _core._COMPARISON_ROW_STATUS_NAMES], dtype=object)
# Verdict codes to names, with a last entry "" for the kernel's 255 (not tested).
_VERDICT_TEXT = np.array(list(_core._VERDICT_NAMES) + [""], dtype=object)


def assess_quota_frame(data: "Union[pd.DataFrame, DataFrameGroupBy]", *, done: str = "done",
                       quota: str = "quota", as_of: "Union[_dt.date, str]",
                       period: "Union[_core.Period, int, str, None]" = None,
                       year: Optional[int] = None, basis: str = "months",
                       tolerance: float = 0.0, language: str = "zh") -> "pd.DataFrame":
    """Each row's completion of its quota (任务数) against 序时进度 at `as_of`.

    Takes a pandas DataFrame with a count done and a quota per row (or a groupby, whose counts
    are summed per group first: villages to townships) and the quota's period (period= a Period
    or code, or year=). Returns a copy that adds completion (per cent of the quota),
    time_progress (per cent of the period elapsed), gap (completion − time_progress, percentage
    points), status (reached / ahead / on_schedule / behind, or "undefined: ..." for a row that
    cannot be assessed) and summary (the Chinese sentence). basis="months" (the default, as
    reports count 序时进度 and as zb.assess_quota's basis does: 6 of 12 months at 30 June is
    50 %) counts whole months completed; "days" counts elapsed days (181/365 at 30 June 2025).
    tolerance (points) widens on_schedule. A negative or infinite count is an InvalidInput
    naming its row.

    Formula
    -------
    completion = done / quota × 100; time_progress = elapsed share of the period × 100;
    gap = completion − time_progress; per row, as zb.assess_quota.

    References
    ----------
    docs/tables.md §1, docs/targets.md §4–§5 and docs/periods.md §6; the seed summaries'
    wording (任务完成率, 序时进度); examples/district/README.md story 1 (石桥镇, 78 of 210 by June).

    Examples
    --------
    >>> f = pd.DataFrame({"done": [203, 78], "quota": [360, 210]}, index=["东城街道", "石桥镇"])
    >>> out = zb.assess_quota_frame(f, as_of="2025-06-30", year=2025)
    >>> out[["completion", "time_progress", "gap", "status"]].round(2)
          completion  time_progress    gap  status
    东城街道       56.39           50.0   6.39   ahead
    石桥镇        37.14           50.0 -12.86  behind
    >>> out.loc["石桥镇", "summary"]
    '完成全年任务的37.14%，序时进度50.00%，落后序时进度12.86个百分点'
    """
    basis = choice(basis, "basis", ("days", "months"))
    if (period is None) == (year is None):
        raise InvalidInput("period: give exactly one of period= or year=")
    quota_period = _period(period if period is not None else year, "period")
    day = _date(as_of, "as_of")
    frame = _table(data, [done, quota])
    column_label(frame, done, "done")
    column_label(frame, quota, "quota")
    d = numeric_column(frame, done, "done")
    q = numeric_column(frame, quota, "quota")
    try:
        completion, time_progress, gap, codes, summary, invalid = _core._assess_quota_column(
            d, q, quota_period, day, basis, tolerance, language)
    except InvalidRows as exc:  # a completion that overflows: the row by the caller's index
        raise relabelled(exc, frame.index, {"done": done, "quota": quota}) from None
    if invalid:
        # The first negative or infinite count, named by the caller's index (a row is invalid_done
        # before invalid_quota, as the kernel checks done first).
        i = int(np.flatnonzero(codes >= _QUOTA_CODE["invalid_done"])[0])
        name, x = (done, d[i]) if codes[i] == _QUOTA_CODE["invalid_done"] else (quota, q[i])
        raise InvalidInput(f"{name} (index {frame.index[i]!r}): must be a finite number ≥ 0, "
                           f"got {x}")
    out = frame.copy()
    out["completion"] = completion
    out["time_progress"] = time_progress
    out["gap"] = gap
    out["status"] = _QUOTA_TEXT[codes]
    out["summary"] = np.array(summary, dtype=object)
    return out


_KINDS = ("proportion", "rate", "count")


def _previous_rows(frame, current, current_denominator, period, against, by):
    """A long table (one row per unit and period) with previous_<col> columns: each row's counts
    of the same period last year (against="year", 同比) or of the period before ("previous", 环比),
    matched on the `by` columns; NaN where the table has no such row."""
    import pandas as pd

    if against not in ("year", "previous"):
        raise InvalidInput(f"against: expected 'year' (同比) or 'previous' (环比), got {against!r}")
    column_label(frame, period, "period")
    keys = column_labels(frame, by, "by")
    own = [_period(str(c), f"period (index {i!r})") for i, c in zip(frame.index, frame[period])]
    back = [p.same_period_last_year() if against == "year" else p.previous() for p in own]
    values = [current] + ([current_denominator] if current_denominator else [])
    lookup = pd.DataFrame({**{k: frame[k].to_numpy() for k in keys},
                           "_code": [p.code for p in own],
                           **{v: numeric_column(frame, v, "current") for v in values}})
    if lookup.duplicated(keys + ["_code"]).any():
        raise InvalidInput(f"period: more than one row for a period within {keys or 'the table'}; "
                           "give by= the unit columns")
    wanted = pd.DataFrame({**{k: frame[k].to_numpy() for k in keys}, "_code": [p.code for p in back]})
    matched = wanted.merge(lookup, on=keys + ["_code"], how="left", indicator=True)
    out = frame.copy()
    out["previous_period"] = [p.code for p in back]
    for v in values:
        out[f"previous_{v}"] = matched[v].to_numpy()
    return out, (matched["_merge"] == "left_only").to_numpy()


def compare_frame(data: "Union[pd.DataFrame, DataFrameGroupBy]", *, current: str,
                  previous: Optional[str] = None,
                  current_denominator: Optional[str] = None,
                  previous_denominator: Optional[str] = None, kind: str = "proportion",
                  period: Optional[str] = None, against: str = "year",
                  by: "Union[str, Sequence[str], None]" = None,
                  unit: "Union[str, _core.Unit, None]" = None, direction: str = "neither",
                  confidence: float = 0.95) -> "pd.DataFrame":
    """同比/环比 per row: the current period's figure against the previous one (the same period
    last year for 同比, the period before for 环比 — whichever the caller put in `previous`).

    Takes a pandas DataFrame (or a groupby, summed per group) of counts side by side, or a long
    table with period= and by=. Returns a copy adding current_value and previous_value (per cent
    for proportions, per 100,000 for rates, or `unit`; the counts themselves for kind="count"),
    change (percentage points for proportions, the rate's unit for rates, a count difference),
    relative_change (per cent of the previous figure), the interval, significant, verdict,
    summary and status.

    proportion / rate: `current` and `previous` are counts (numerators) over their denominators;
    change is in percentage points (proportion, unit per cent by default) or in the rate's unit
    (rate, per 100,000 by default), tested with zb.compare_proportions (lower/upper: Newcombe's
    interval of the difference, in points) / zb.compare_rates (ratio_lower/ratio_upper: the exact
    interval of the rate ratio).
    count: change is current − previous and relative_change is per cent of previous; no test.
    A zero or missing denominator gives that row a status, never stops the table.

    Long tables: give period= (a period-code column) instead of previous=, and by= the unit
    columns; each row is compared with its unit's row of the same period last year (against=
    "year", 同比) or of the period before (against="previous", 环比), found in the same table.

    Formula
    -------
    change = current_value − previous_value; relative_change = change / previous_value × 100;
    proportions: lower/upper = Newcombe's hybrid score interval of p1 − p0 (points);
    rates: ratio_lower/ratio_upper = the exact conditional interval of r1 / r0; significant
    when the interval excludes no change (0, or a ratio of 1).

    References
    ----------
    Newcombe R. G. Interval estimation for the difference between independent proportions:
    comparison of eleven methods. Stat Med 1998;17:873–890 (method 10); docs/tables.md §2;
    examples/district/README.md story 4 (blood-pressure control 54.17 % → 60.77 %).

    Examples
    --------
    >>> f = pd.DataFrame({"x1": [14446], "n1": [23771], "x0": [12869], "n0": [23758]})
    >>> out = zb.compare_frame(f, current="x1", current_denominator="n1", previous="x0",
    ...                        previous_denominator="n0", direction="higher_is_better")
    >>> out[["change", "lower", "upper", "significant", "verdict"]].round(2)
       change  lower  upper significant verdict
    0     6.6   5.72   7.49        True  better
    >>> out.loc[0, "summary"]
    '较去年同期增加6.60个百分点（差异有统计学意义）'
    >>> counts = pd.DataFrame({"now": [36], "before": [25]})   # 25 → 36 is +44 %
    >>> zb.compare_frame(counts, current="now", previous="before", kind="count")[
    ...     ["change", "relative_change", "status"]]
       change  relative_change status
    0    11.0             44.0     ok
    """
    kind = choice(kind, "kind", _KINDS)
    if (previous is None) == (period is None):
        raise InvalidInput("previous: give previous= (wide table) or period= (long table), not both")
    if period is not None:
        frame = as_frame(data, "data", grouped=False)
        frame, absent = _previous_rows(frame, current,
                                       current_denominator if kind != "count" else None,
                                       period, against, by)
        out = compare_frame(frame, current=current, previous=f"previous_{current}",
                             current_denominator=current_denominator,
                             previous_denominator=(f"previous_{current_denominator}"
                                                   if kind != "count" else None),
                             kind=kind, unit=unit, direction=direction, confidence=confidence)
        out.loc[absent, "status"] = "undefined: no row for the previous period"
        return out
    needed = [current, previous]
    if kind != "count":
        if current_denominator is None or previous_denominator is None:
            raise InvalidInput(f"current_denominator: kind={kind!r} needs current_denominator "
                               "and previous_denominator")
        needed += [current_denominator, previous_denominator]
    frame = _table(data, needed)
    arrays = [numeric_column(frame, c, f) for c, f in
              zip(needed, ["current", "previous", "current_denominator", "previous_denominator"])]
    x1, x0 = arrays[0], arrays[1]
    n1, n0 = (arrays[2], arrays[3]) if kind != "count" else (None, None)
    try:
        (current_value, previous_value, change, relative_change, lower, upper, significant,
         verdict, codes, summary) = _core._compare_column(kind, x1, n1, x0, n0, unit or None,
                                                          direction, confidence)
    except InvalidRows as exc:  # what the scalar comparison refuses of a row, by the caller's names
        raise relabelled(exc, frame.index, dict(zip(("x1", "x0", "n1", "n0"), needed))) from None
    cols = {"current_value": current_value, "previous_value": previous_value, "change": change,
            "relative_change": relative_change, "lower": lower, "upper": upper}
    out = frame.copy()
    for k, v in cols.items():
        if kind == "count" and k in ("lower", "upper"):
            continue
        # A rate's interval is of the rate ratio (exact conditional; no change is 1), not of the
        # difference, so its columns say so.
        out[f"ratio_{k}" if kind == "rate" and k in ("lower", "upper") else k] = v
    if kind != "count":
        # significant: True / False, None where the row was not tested (code 255).
        tested = np.array([None, True, False], dtype=object)
        out["significant"] = tested[np.where(significant == _core._NOT_TESTED, 0,
                                             np.where(significant == 1, 1, 2))]
        out["verdict"] = _VERDICT_TEXT[np.minimum(verdict, len(_VERDICT_TEXT) - 1)]
        out["summary"] = np.array(summary, dtype=object)
    out["status"] = _COMPARISON_TEXT[codes]
    return out


def rank_frame(data: "Union[pd.DataFrame, DataFrameGroupBy]", *, value: str = "value",
               lower: Optional[str] = None,
               upper: Optional[str] = None, ascending: bool = False,
               reference: Optional[float] = None,
               direction: Optional[str] = None) -> "pd.DataFrame":
    """Rank rows by `value` (ties share the lowest rank, pandas' 'min' method; missing values get
    no rank). ascending=False ranks the highest first; a pandas groupby ranks within each group. With lower/upper interval columns and a
    `reference`, adds benchmark (better / similar / worse via zb.benchmark) per row.

    Takes a pandas DataFrame or a groupby (ranked within each group, not summed). Returns a copy
    adding rank (nullable Int64, 1 = first) and, with a reference in the value's unit,
    benchmark (text; "not assessed" where a figure is missing).

    Formula
    -------
    rank_i = 1 + the number of values ranked before value_i (standard competition ranking,
    "1224"); benchmark as zb.benchmark: better if the interval lies wholly on the better side of
    the reference, worse if wholly on the worse side, else similar.

    References
    ----------
    pandas' Series.rank(method="min"); Public Health England's Fingertips benchmarking;
    docs/tables.md §3.

    Examples
    --------
    >>> f = pd.DataFrame({"value": [80, 90, 80, 70], "lo": [75, 88, 70, 60],
    ...                   "hi": [85, 92, 90, 72]}, index=list("abcd"))
    >>> zb.rank_frame(f, lower="lo", upper="hi", reference=78)   # the two 80s share rank 2
       value  lo  hi  rank benchmark
    a     80  75  85     2   similar
    b     90  88  92     1    better
    c     80  70  90     2   similar
    d     70  60  72     4     worse
    """
    import pandas as pd

    ascending = flag(ascending, "ascending")
    g = groups(data)  # a groupby ranks within each group (townships within each indicator)
    frame = g.frame
    v = numeric_column(frame, value, "value")
    series = pd.Series(v)
    ranked = series.groupby(g.codes) if g.codes is not None else series
    ranks = ranked.rank(method="min", ascending=ascending).to_numpy()
    out = frame.copy()
    out["rank"] = pd.array([None if math.isnan(r) else int(r) for r in ranks], dtype="Int64")
    if reference is not None:
        if lower is None or upper is None:
            raise InvalidInput("lower: a benchmark needs lower= and upper= interval columns")
        lo = numeric_column(frame, lower, "lower")
        hi = numeric_column(frame, upper, "upper")
        way = direction or ("lower_is_better" if ascending else "higher_is_better")
        out["benchmark"] = [
            _core.benchmark(float(v[i]), float(lo[i]), float(hi[i]), float(reference), way)
            if all(math.isfinite(x) for x in (v[i], lo[i], hi[i])) else "not assessed"
            for i in range(len(frame))]
    return out


def _periods(codes):
    # A list, tuple, NumPy array or pandas Series of codes; one code or a number is not a list.
    if isinstance(codes, (str, bytes, dict)) or not hasattr(codes, "__iter__"):
        raise InvalidInput(f"codes: expected a list of period codes, got {type(codes).__name__} "
                           f"{codes!r:.40}")
    out = []
    for c in codes:
        if isinstance(c, _core.Period):
            out.append(c)
        else:
            out.append(_core.Period.parse(str(c)))
    return out


def period_labels(codes: "Union[Sequence[Union[str, _core.Period]], pd.Series]"
                  ) -> "Union[list[str], pd.Series]":
    """Chinese labels (2025年3月, 2025年上半年, 2025年第一季度) for period codes, via the C++
    Period.chinese. A pandas Series gives a Series on the same index (to put next to the codes
    column); anything else a list.

    Formula
    -------
    label = Period.parse(code).chinese() for each code.

    References
    ----------
    docs/periods.md (period codes) and docs/tables.md §4; the labels of the seed work
    summaries (2025年上半年).

    Examples
    --------
    >>> zb.period_labels(["202503", "2025S1", "2025Q1", "2025"])
    ['2025年3月', '2025年上半年', '2025年第一季度', '2025年']
    >>> zb.period_labels(pd.Series(["202503", "2025"], index=[3, 4]))
    3    2025年3月
    4      2025年
    Name: period_label, dtype: object
    """
    labels = [p.chinese() for p in _periods(codes)]
    if hasattr(codes, "index") and hasattr(codes, "to_numpy"):
        import pandas as pd

        return pd.Series(labels, index=codes.index, name="period_label")
    return labels


def statistical_year(codes: "Union[Sequence[Union[str, _core.Period]], pd.Series]",
                     year_start_month: int = 10) -> "list[int]":
    """The 统计年度 (1 Oct – 30 Sep by default) each period code falls in, labelled by the year it
    ends in: 202510 → 2026, 202509 → 2025.

    Takes a sequence of period codes (or Periods); returns a list of years (int), by each
    period's first day. year_start_month=1 gives the calendar year.

    Formula
    -------
    year = y + 1 if the period starts in month m ≥ year_start_month (and year_start_month ≠ 1),
    else y, where y is the year of the period's first day.

    References
    ----------
    docs/periods.md §3 (the 统计年度 of the health statistics reports, 1 October to
    30 September) and docs/tables.md §4.

    Examples
    --------
    >>> zb.statistical_year(["202509", "202510"])
    [2025, 2026]
    >>> zb.statistical_year(["202510"], year_start_month=1)
    [2025]
    """
    year_start_month = whole_number(year_start_month, "year_start_month")
    if not 1 <= year_start_month <= 12:
        raise InvalidInput("year_start_month: must be a month from 1 to 12, "
                           f"got {year_start_month}")
    out = []
    for p in _periods(codes):
        s = p.start
        out.append(s.year + 1 if s.month >= year_start_month and year_start_month != 1 else s.year)
    return out


def year_to_date_frame(data: "pd.DataFrame", *, value: str = "value", period: str = "period",
                       by: "Union[str, Sequence[str], None]" = None,
                       year_start_month: int = 1) -> "pd.DataFrame":
    """A long monthly table (one row per unit and month) with `ytd` (the running sum within each
    year, via zb.cumulate_year_to_date; a missing month leaves the rest of its year missing) and
    `year` (the calendar year, or the 统计年度 named by the year it ends in when year_start_month
    is 10).

    Takes a long pandas DataFrame of monthly values; ytd is in the same unit as the value (a
    sum of counts); a year that begins before the table's first month is summed from that month.

    Formula
    -------
    ytd(m) = Σ value(k) over the months k of m's year up to and including m.

    References
    ----------
    docs/tables.md §4 and docs/periods.md §3 (累计 figures of the monthly reports, 统计年度).

    Examples
    --------
    >>> m = pd.DataFrame({"period": ["202509", "202510", "202511"], "value": [5, 7, 9]})
    >>> zb.year_to_date_frame(m, year_start_month=10)   # October opens 统计年度 2026
       period  value   ytd  year
    0  202509      5   5.0  2025
    1  202510      7   7.0  2026
    2  202511      9  16.0  2026
    """
    import pandas as pd

    from ._period import cumulate_year_to_date

    frame = as_frame(data, "data", grouped=False)
    column_label(frame, value, "value")
    column_label(frame, period, "period")
    keys = column_labels(frame, by, "by")
    if len(frame) == 0:
        raise InvalidInput("data: has no rows; a year to date needs at least one month")
    months = [_period(str(c), f"period (index {i!r})") for i, c in zip(frame.index, frame[period])]
    for i, p in zip(frame.index, months):
        if p.type != "month":
            raise InvalidInput(f"period (index {i!r}): {p.code} is a {p.type}, not a month")
    codes = [p.code for p in months]
    work = pd.DataFrame({**{k: frame[k].to_numpy() for k in keys}, "_code": codes,
                         "_value": numeric_column(frame, value, "value")})
    if work.duplicated(keys + ["_code"]).any():
        raise InvalidInput(f"period: more than one row for a month within {keys or 'the table'}; "
                           "give by= the unit columns")
    first, last = min(months, key=lambda p: p.code), max(months, key=lambda p: p.code)
    all_codes = [first.code]  # every month from the first to the last, so a gap is a gap
    while all_codes[-1] != last.code:
        all_codes.append(_core.Period.parse(all_codes[-1]).next().code)
    if keys:
        wide = work.pivot(index=keys, columns="_code", values="_value")
    else:
        wide = work.set_index("_code")[["_value"]].T
    wide = wide.reindex(columns=all_codes)
    ytd = cumulate_year_to_date(wide, year_start_month=year_start_month)
    long = ytd.stack(dropna=False).rename("ytd").reset_index() if keys else \
        pd.DataFrame({"_code": all_codes, "ytd": ytd.iloc[0].to_numpy()})
    long = long.rename(columns={long.columns[len(keys)]: "_code"}) if keys else long
    matched = pd.DataFrame({**{k: frame[k].to_numpy() for k in keys}, "_code": codes}).merge(
        long, on=keys + ["_code"], how="left")
    out = frame.copy()
    out["ytd"] = matched["ytd"].to_numpy()
    out["year"] = statistical_year(codes, year_start_month)
    return out
