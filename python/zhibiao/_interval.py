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
from typing import TYPE_CHECKING, List, Optional, Sequence, Tuple, Union

import numpy as np

from . import _core
from ._frames import as_frame, column_label, float_column
from ._errors import relabelled
from ._groupby import groups, is_groupby, summed
from ._options import ON_BAD_ROWS, choice, confidence_level, confidence_levels, flag, number
from ._core import InvalidInput, InvalidRows, count_interval, proportion_interval, rate_interval, z_value

if TYPE_CHECKING:  # types for the annotations only: importing pandas here would slow the import
    import numpy.typing as npt
    import pandas as pd
    from pandas.core.groupby import DataFrameGroupBy

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
    """Values with limits at one or more confidence levels, as NumPy arrays (the result of
    proportion_intervals and rate_intervals).

    Holds one value per row, on the scale of the call: a fraction 0–1 times `multiplier` for
    proportions (multiplier 1: fraction; 100: per cent), per `multiplier` (100,000 by default)
    for rates; the limits are on the same scale.

    value    float64, x / n × multiplier; NaN exactly where status is not 0. None when the
             call asked for the limits only (with_value=False).
    lower    float64, shape (levels, rows): lower[k] holds the limits at confidence[k].
    upper    the same for upper limits.
    status   uint8 codes (INTERVAL_STATUS_DESCRIPTIONS); non-zero only with on_bad_rows="mark".
    method   per row: the method used (rates: 'exact' / 'byar' / 'mid_p'; '' for bad rows),
             a property built from method_codes (uint8) and method_names.
    errors   every bad row as (row, field, message).

    Formula
    -------
    value = x / n × multiplier; lower[k], upper[k] = the interval of the row's method at
    confidence[k] (Wilson, Clopper–Pearson, ... for proportions; the Poisson limits of x over
    n for rates), times multiplier.

    References
    ----------
    PHEindicatormethods (UKHSA), phe_proportion and phe_rate: one value and its limits per
    row, at 95 % and 99.8 %. Newcombe RG. Stat Med 1998;17:857–872 (the proportion methods).

    Examples
    --------
    PHEindicatormethods' testWilson.R inputs 65 of 100 and 1045 of 5000 (Wilson limits by
    hand: (2x + z² ∓ z√(z² + 4x(1 − x/n))) / (2(n + z²)), 0.5525–0.7364 for 65 of 100):

    >>> col = zb.proportion_intervals([65, 1045], [100, 5000], confidence=[0.95, 0.998])
    >>> col.lower.round(4)          # one row per level: 95 %, then 99.8 %
    array([[0.5525, 0.198 ],
           [0.4955, 0.1918]])
    >>> [a.round(4).tolist() for a in col.limits(95)]
    [[0.5525, 0.198], [0.7364, 0.2205]]
    >>> len(col), col.method.tolist()
    (2, ['wilson', 'wilson'])
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
        """Per row, the text of its status code (INTERVAL_STATUS_DESCRIPTIONS)."""
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


def proportion_intervals(x: "npt.ArrayLike", n: "npt.ArrayLike", confidence: Confidence = 0.95,
                         method: str = "wilson", multiplier: float = 1, *,
                         on_bad_rows: str = "raise", with_value: bool = True) -> IntervalColumn:
    """x of n with limits at each confidence level (Wilson by default).

    Takes NumPy arrays or sequences x and n (one row each) and returns an IntervalColumn of
    fractions 0–1 times `multiplier` (1: fraction, 100: per cent), limits on the same scale.

    method: 'wilson', 'clopper_pearson' (or 'exact'), 'jeffreys', 'agresti_coull', 'wald'.
    confidence: 0.95 or 95 (per cent), one level or several; a confidence of 1 (or 100) gives
    (0, multiplier). A row with n = 0 (0 of 0) has no value: NaN with the status
    ``undefined``, never an error. Bad rows (x < 0, n < 0, x > n, missing) raise
    InvalidRows listing every one, or with on_bad_rows="mark" get NaN and a status.
    with_value=False computes the limits only (value is None): on 10^7 rows that saves writing
    an 80 MB column when x / n is at hand already.

    Formula
    -------
    value = x / n × multiplier. Wilson score interval, z = z_value(confidence):
    lower, upper = (2x + z² ∓ z √(z² + 4x(1 − x/n))) / (2(n + z²)) × multiplier;
    "clopper_pearson": the binomial tail limits; "jeffreys": Beta(x + ½, n − x + ½) quantiles;
    "agresti_coull" and "wald": p̃ ∓ z √(p̃(1 − p̃)/ñ) (Agresti–Coull with x + z²/2 of n + z²).

    References
    ----------
    Wilson EB. J Am Stat Assoc 1927;22:209–212. Newcombe RG. Two-sided confidence intervals
    for the single proportion: comparison of seven methods. Stat Med 1998;17:857–872.
    PHEindicatormethods phe_proportion; Eayres D, APHO Technical Briefing 3, 2008.

    Examples
    --------
    Newcombe (1998) Table II, 81 of 263, 95 %: Wilson 0.2553–0.3662, Wald 0.2522–0.3638.

    >>> col = zb.proportion_intervals([81], [263])
    >>> round(col.lower[0, 0], 4), round(col.upper[0, 0], 4)
    (0.2553, 0.3662)
    >>> round(zb.proportion_intervals([81], [263], method="wald").lower[0, 0], 4)
    0.2522
    """
    return _column("proportion", x, n, confidence, method, multiplier, on_bad_rows,
                   with_value=with_value)


def rate_intervals(x: "npt.ArrayLike", n: "npt.ArrayLike", confidence: Confidence = 0.95,
                   method: str = "phe", multiplier: float = 100000, *, on_bad_rows: str = "raise",
                   with_value: bool = True) -> IntervalColumn:
    """x events in population n, per `multiplier` (100,000), with Poisson limits of the count.

    Takes NumPy arrays or sequences x (events) and n (population or person-years) and returns
    an IntervalColumn of rates per `multiplier` (per 100,000 by default), limits on the same
    scale; its `method` says per row which method was used.

    method: 'phe' (exact below 10 events, Byar's from 10; the default), 'exact', 'byar', 'mid_p'.
    Confidence levels (0.95 or 95) must be below 100 %. A row with n = 0 (no population) has no
    value: NaN with the status ``undefined``, never an error. with_value=False: limits only, as
    in proportion_intervals.

    Formula
    -------
    value = x / n × multiplier; lower, upper = Poisson limits of x / n × multiplier.
    Exact: χ²(α/2; 2x)/2 and χ²(1 − α/2; 2x + 2)/2. Byar's: x(1 − 1/(9x) − z/(3√x))³ and
    (x + 1)(1 − 1/(9(x + 1)) + z/(3√(x + 1)))³. "phe": exact below 10 events, Byar's from 10.

    References
    ----------
    Eayres D. Commonly used public health statistics and their confidence intervals. APHO
    Technical Briefing 3, 2008. Breslow NE, Day NE. Statistical Methods in Cancer Research
    vol. II, IARC 1987 (Byar's). Garwood F. Biometrika 1936;28:437–442 (exact).
    PHEindicatormethods phe_rate.

    Examples
    --------
    9 events in 25,000 (exact limits 4.1154, 17.0848 events: 16.46, 68.34 per 100,000) and
    APHO's worked example, 65 events in 100,000 (Byar's, 50.16 to 82.85):

    >>> col = zb.rate_intervals([9, 65], [25000, 100000])
    >>> col.value, col.lower.round(2), col.upper.round(2)
    (array([36., 65.]), array([[16.46, 50.16]]), array([[68.34, 82.85]]))
    >>> col.method.tolist()
    ['exact', 'byar']
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


def proportion_frame(data: "Union[pd.DataFrame, DataFrameGroupBy]", x: str, n: str,
                     confidence: Confidence = 0.95, method: str = "wilson",
                     multiplier: float = 1, *, on_bad_rows: str = "raise") -> "pd.DataFrame":
    """A DataFrame with each row's proportion and its limits (PHE's calculate_proportion).

    Takes a pandas DataFrame (every column kept, one output row per input row) or a pandas
    groupby of one (x and n summed per group first, the group keys becoming columns) and
    returns a DataFrame whose value and limits are fractions 0–1 times `multiplier` (1 by
    default; 100 for per cent).
    Adds value, lower_<level>, upper_<level> for every level (0.95 -> lower_95, 0.998 ->
    upper_99.8) and method; `status` too with on_bad_rows="mark".

    Formula
    -------
    value = x / n × multiplier; Wilson (default), z = z_value(confidence):
    lower, upper = (2x + z² ∓ z √(z² + 4x(1 − x/n))) / (2(n + z²)) × multiplier.
    Other methods as proportion_intervals.

    References
    ----------
    PHEindicatormethods (UKHSA) calculate_proportion / phe_proportion. Wilson EB. J Am Stat
    Assoc 1927;22:209–212. Newcombe RG. Stat Med 1998;17:857–872.

    Examples
    --------
    PHEindicatormethods' testWilson.R inputs, per cent (65 of 100: Wilson 95 % limits
    55.25 % and 73.64 % by the formula above):

    >>> df = pd.DataFrame({"area": ["A", "B"], "x": [65, 1045], "n": [100, 5000]})
    >>> zb.proportion_frame(df, "x", "n", confidence=[0.95, 0.998], multiplier=100).round(2)
      area     x     n  value  lower_95  upper_95  lower_99.8  upper_99.8  method
    0    A    65   100   65.0     55.25     73.64       49.55       77.84  wilson
    1    B  1045  5000   20.9     19.80     22.05       19.18       22.73  wilson
    """
    return _frame("proportion", data, x, n, confidence, method, multiplier, on_bad_rows)


def rate_frame(data: "Union[pd.DataFrame, DataFrameGroupBy]", x: str, n: str,
               confidence: Confidence = 0.95, method: str = "phe", multiplier: float = 100000, *,
               on_bad_rows: str = "raise") -> "pd.DataFrame":
    """A DataFrame with each row's rate per `multiplier` and its limits (PHE's calculate_rate).

    Takes a pandas DataFrame or a groupby of one (x and n summed per group) and returns a
    DataFrame of rates per `multiplier` (per 100,000 by default), limits on the same scale.
    Same shape as proportion_frame(); the method column tells, per row, whether the exact or Byar's
    method was used under PHE's rule.

    Formula
    -------
    value = x / n × multiplier; limits = the Poisson limits of x (exact below 10 events,
    Byar's from 10, as count_interval) / n × multiplier.

    References
    ----------
    PHEindicatormethods (UKHSA) calculate_rate / phe_rate. Eayres D. Commonly used public
    health statistics and their confidence intervals. APHO Technical Briefing 3, 2008.

    Examples
    --------
    9 events in 25,000 (exact) and APHO's worked example, 65 in 100,000 (Byar's 50.16–82.85):

    >>> df = pd.DataFrame({"x": [9, 65], "n": [25000, 100000]})
    >>> zb.rate_frame(df, "x", "n").round(2)
        x       n  value  lower_95  upper_95 method
    0   9   25000   36.0     16.46     68.34  exact
    1  65  100000   65.0     50.16     82.85   byar
    """
    return _frame("rate", data, x, n, confidence, method, multiplier, on_bad_rows)
