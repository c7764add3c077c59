"""Confidence intervals for proportions and rates, on NumPy arrays and pandas DataFrames.

The arithmetic is the C++ kernel's (zhibiao._core.interval_column, see interval.hpp for the
methods and their papers). This module turns user input into float64 columns, aggregates pandas
groupby objects the way PHEindicatormethods treats grouped data frames (sum x and n per group,
then compute), and names the output columns.

Column names: ``value``, then ``lower_<level>`` / ``upper_<level>`` for each confidence level,
the level written in per cent without trailing zeros (0.95 -> ``lower_95``, 0.998 ->
``upper_99.8``, 0.9 -> ``lower_90``), then ``method`` (for rates: the method each row used,
``exact`` or ``byar`` under PHE's rule). With on_bad_rows="mark" a ``status`` column says why a
row has no value.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import List, Optional, Sequence, Tuple, Union

import numpy as np

from . import _core
from ._frames import as_frame, column_label, float_column
from ._errors import relabelled
from ._groupby import groups, is_groupby, summed
from ._options import ON_BAD_ROWS, choice, confidence_level, confidence_levels, flag, number
from ._core import InvalidInput, InvalidRows, count_interval, proportion_interval, rate_interval, z_value

__all__ = [
    "INTERVAL_STATUS_DESCRIPTIONS", "IntervalColumn", "count_interval", "proportion_frame", "proportion_interval",
    "proportion_intervals", "rate_frame", "rate_interval", "rate_intervals", "z_value",
]
_RENAMED = {"proportion": "proportion_frame", "rate": "rate_frame"}

#: Text of each interval status code (index = code).
INTERVAL_STATUS_DESCRIPTIONS: Tuple[str, ...] = tuple(_core.INTERVAL_STATUS_DESCRIPTIONS)
_COUNT_METHODS: Tuple[str, ...] = tuple(_core.COUNT_METHODS)
#: The `method` names each kind accepts (the core's, with its aliases "exact" and "byars").
PROPORTION_METHODS: Tuple[str, ...] = ("wilson", "clopper_pearson", "exact", "jeffreys",
                                       "agresti_coull", "wald")
COUNT_METHODS: Tuple[str, ...] = _COUNT_METHODS + ("byars",)
_METHODS = {"proportion": PROPORTION_METHODS, "rate": COUNT_METHODS}

Confidence = Union[float, Sequence[float]]


def level_name(confidence: float) -> str:
    """'95' for 0.95, '99.8' for 0.998: the suffix of the lower_/upper_ columns."""
    text = f"{round(confidence * 100, 10):.10f}".rstrip("0").rstrip(".")
    return text


def level_label(confidence: float) -> str:
    """'95' for 0.95, '99_8' for 0.998: the suffix of evaluate()'s and the life tables' limit
    columns (lower_99_8), which keep identifier-safe names."""
    return f"{confidence * 100:g}".replace(".", "_")


@dataclass(frozen=True)
class IntervalColumn:
    """Values with limits at one or more confidence levels.

    value    float64, x / n × multiplier; NaN exactly where status is not 0. None when the
             call asked for the limits only (with_value=False).
    lower    float64, shape (levels, rows): lower[k] holds the limits at confidence[k].
    upper    the same for upper limits.
    status   uint8 codes (INTERVAL_STATUS_DESCRIPTIONS); non-zero only with on_bad_rows="mark".
    method   per row: the method used (rates: 'exact' / 'byar' / 'mid_p'; '' for bad rows),
             a property built from method_codes (uint8) and method_names.
    errors   every bad row as (row, field, message).
    """

    kind: str
    confidence: Tuple[float, ...]
    multiplier: float
    value: Optional[np.ndarray]
    lower: np.ndarray
    upper: np.ndarray
    status: np.ndarray
    method_codes: np.ndarray
    method_names: Tuple[str, ...]
    errors: List[Tuple[int, str, str]] = field(default_factory=list)

    @property
    def method(self) -> np.ndarray:
        """Per row, the method's name ('' for bad rows). Built on request from uint8 codes: an
        object array of 10^7 strings would cost more time and memory than the limits."""
        lookup = np.asarray(list(self.method_names) + [""] * (256 - len(self.method_names)),
                            dtype=object)
        return lookup[self.method_codes]

    def __len__(self) -> int:
        return len(self.status)

    def limits(self, confidence: float) -> Tuple[np.ndarray, np.ndarray]:
        """(lower, upper) at one of the computed levels (0.95 or 95, read as every confidence
        option is; InvalidInput naming `confidence` for text, None, arrays, or a level not
        computed)."""
        confidence = confidence_level(confidence)
        for k, c in enumerate(self.confidence):
            if abs(c - confidence) < 1e-12:
                return self.lower[k], self.upper[k]
        raise InvalidInput(f"confidence: {confidence} was not computed; have {list(self.confidence)}")

    def status_text(self) -> np.ndarray:
        return np.asarray(INTERVAL_STATUS_DESCRIPTIONS, dtype=object)[self.status]


def _levels(confidence: Confidence) -> List[float]:
    """Levels as fractions through the one reader (0.95 or 95; _options.confidence_levels)."""
    levels = confidence_levels(confidence)
    names = [level_name(c) for c in levels]
    if len(set(names)) != len(names):
        raise InvalidInput(f"confidence: levels repeat ({levels})")
    return levels


def _column(kind: str, x, n, confidence: Confidence, method: str, multiplier: float,
            on_bad_rows: str, names: Tuple[str, str] = ("x", "n"),
            with_value: bool = True) -> IntervalColumn:
    method = choice(method, "method", _METHODS[kind])
    on_bad_rows = choice(on_bad_rows, "on_bad_rows", ON_BAD_ROWS)
    with_value = flag(with_value, "with_value")
    levels = _levels(confidence)
    multiplier = number(multiplier, "multiplier")
    xs = float_column(x, names[0])
    ns = float_column(n, names[1])
    value, lower, upper, status, used, errors = _core.interval_column(
        kind, method, xs, ns, levels, float(multiplier), on_bad_rows, names[0], names[1],
        with_value)
    if used is None:
        # Proportions: one method for every good row. The status codes serve as method codes
        # (0 = ok -> the method, any other -> ''): no per-row array is built for them.
        codes, names = status, (method if method != "exact" else "clopper_pearson",)
    else:
        codes, names = used, _COUNT_METHODS
    return IntervalColumn(kind, tuple(levels), float(multiplier), value, lower, upper, status,
                          codes, names, list(errors))


def proportion_intervals(x, n, confidence: Confidence = 0.95, method: str = "wilson",
                         multiplier: float = 1, *, on_bad_rows: str = "raise",
                         with_value: bool = True) -> IntervalColumn:
    """x of n with limits at each confidence level (Wilson by default).

    method: 'wilson', 'clopper_pearson' (or 'exact'), 'jeffreys', 'agresti_coull', 'wald'.
    confidence: 0.95 or 95 (per cent), one level or several; a confidence of 1 (or 100) gives
    (0, multiplier). A row with n = 0 (0 of 0) has no value: NaN with the status
    ``undefined``, never an error. Bad rows (x < 0, n < 0, x > n, missing) raise
    InvalidRows listing every one, or with on_bad_rows="mark" get NaN and a status.
    with_value=False computes the limits only (value is None): on 10^7 rows that saves writing
    an 80 MB column when x / n is at hand already.
    """
    return _column("proportion", x, n, confidence, method, multiplier, on_bad_rows,
                   with_value=with_value)


def rate_intervals(x, n, confidence: Confidence = 0.95, method: str = "phe",
                   multiplier: float = 100000, *, on_bad_rows: str = "raise",
                   with_value: bool = True) -> IntervalColumn:
    """x events in population n, per `multiplier` (100,000), with Poisson limits of the count.

    method: 'phe' (exact below 10 events, Byar's from 10; the default), 'exact', 'byar', 'mid_p'.
    Confidence levels (0.95 or 95) must be below 100 %. A row with n = 0 (no population) has no
    value: NaN with the status ``undefined``, never an error. with_value=False: limits only, as
    in proportion_intervals.
    """
    return _column("rate", x, n, confidence, method, multiplier, on_bad_rows,
                   with_value=with_value)


def _frame(kind: str, data, x: str, n: str, confidence: Confidence, method: str,
           multiplier: float, on_bad_rows: str):
    data = as_frame(data, "data")
    whole = data.obj if is_groupby(data) else data
    column_label(whole, x, "x")
    column_label(whole, n, "n")
    method = choice(method, "method", _METHODS[kind])
    on_bad_rows = choice(on_bad_rows, "on_bad_rows", ON_BAD_ROWS)
    frame = summed(groups(data), [x, n]) if is_groupby(data) else data
    levels = _levels(confidence)
    try:
        col = _column(kind, frame[x], frame[n], levels, method, multiplier, on_bad_rows, (x, n))
    except InvalidRows as exc:
        raise relabelled(exc, frame.index) from None
    out = frame.copy()
    out["value"] = col.value
    for k, c in enumerate(levels):
        out[f"lower_{level_name(c)}"] = col.lower[k]
        out[f"upper_{level_name(c)}"] = col.upper[k]
    out["method"] = col.method
    # A row with n = 0 has no value (status "undefined: n is zero", not an error): the status
    # column says so whenever such a row is there, and always with on_bad_rows="mark".
    if on_bad_rows == "mark" or col.status.any():
        out["status"] = col.status_text()
    return out


def proportion_frame(data, x: str, n: str, confidence: Confidence = 0.95, method: str = "wilson",
               multiplier: float = 1, *, on_bad_rows: str = "raise"):
    """A DataFrame with each row's proportion and its limits (PHE's calculate_proportion).

    `data` is a DataFrame (every column kept, one output row per input row) or a pandas
    groupby of one (x and n summed per group first, the group keys becoming columns).
    Adds value, lower_<level>, upper_<level> for every level (0.95 -> lower_95, 0.998 ->
    upper_99.8) and method; `status` too with on_bad_rows="mark".

        >>> zb.proportion_frame(df, "x", "n", confidence=[0.95, 0.998], multiplier=100)
    """
    return _frame("proportion", data, x, n, confidence, method, multiplier, on_bad_rows)


def rate_frame(data, x: str, n: str, confidence: Confidence = 0.95, method: str = "phe",
         multiplier: float = 100000, *, on_bad_rows: str = "raise"):
    """A DataFrame with each row's rate per `multiplier` and its limits (PHE's calculate_rate).

    Same shape as proportion_frame(); the method column tells, per row, whether the exact or Byar's
    method was used under PHE's rule.
    """
    return _frame("rate", data, x, n, confidence, method, multiplier, on_bad_rows)
