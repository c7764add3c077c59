"""Whole columns of proportions, rates, ratios and quota completions, on NumPy and pandas.

The arithmetic is the C++ kernel's (zhibiao._core.compute_column): float64 contiguous inputs are
read in place, outputs are written straight into new NumPy arrays, and the GIL is released
meanwhile. This module only turns what users hand in (lists, Series, nullable or object columns)
into float64 arrays, reporting every row that is not a number instead of guessing.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, List, Optional, Tuple, Union

import numpy as np

if TYPE_CHECKING:
    import numpy.typing as npt
    import pandas as pd

from . import _core
from ._core import (
    Decimal,
    InvalidInput,
    InvalidRows,
    Measure,
    Proportion,
    QuotaCompletion,
    Rate,
    Ratio,
    Unit,
    format_value,
    round_ratio_half_up,
    sex_ratio,
)
from ._errors import RowError, invalid_rows, relabelled
from ._frames import as_frame, column_label, float_column, is_scalar
from ._options import ON_BAD_ROWS, choice, number as _number, decimals as _decimals, language as _language

__all__ = [
    "Decimal", "MEASURE_STATUS_DESCRIPTIONS", "Measure", "MeasureColumn", "Proportion",
    "QuotaCompletion", "Rate", "Ratio", "Unit", "format_value", "measure_frame", "proportions",
    "quota_completions", "rates", "ratios", "round_half_up", "round_ratio_half_up", "sex_ratio",
]
_RENAMED = {"STATUS_DESCRIPTIONS": "MEASURE_STATUS_DESCRIPTIONS"}
_NO_FORMULA = {
    "Unit": "A unit is a multiplier and its printed forms; constructing one computes nothing.",
}

#: Text of each status code, index = code: 0 "ok", 1 "undefined: denominator is zero", ...
MEASURE_STATUS_DESCRIPTIONS: Tuple[str, ...] = tuple(_core.STATUS_DESCRIPTIONS)

UnitLike = Union[Unit, str]


@dataclass(frozen=True)
class MeasureColumn:
    """A computed column, as returned by `proportions`, `rates`, `ratios` and
    `quota_completions`: NumPy arrays, one element per input row, in the column's ``unit`` (its
    multiplier applied: per cent for a quota completion, per 100,000 for a default rate).

    values   float64; NaN exactly where status is not 0, and the status says why.
    status   uint8 codes (see MEASURE_STATUS_DESCRIPTIONS): 0 ok, 1 undefined (zero denominator),
             2.. input errors (only present when on_bad_rows="mark").
    rounded  half-up values on the exact rationals, when decimals were given.
    errors   every bad row as (row, field, message).

    Formula
    -------
    values[i] = numerator[i] / denominator[i] × unit.multiplier (NaN when denominator[i] = 0);
    rounded[i] = that exact rational rounded half up at ``decimals``.

    References
    ----------
    docs/units-and-rounding.md §1–§4 (kinds, units, half-up rounding, display).

    Examples
    --------
    Seed 000's quota completions, 1506 of 1600 and 359 of 371, and a task of 0:

    >>> c = zb.quota_completions([1506, 359, 5], [1600, 371, 0], decimals=2)
    >>> c.format()
    ['94.13%', '96.77%', '—（分母为0）']
    >>> c.defined.tolist(), c.undefined_count
    ([True, True, False], 1)
    """

    kind: str
    unit: Unit
    values: np.ndarray
    status: np.ndarray
    rounded: Optional[np.ndarray]
    decimals: Optional[int]
    undefined_count: int
    errors: List[RowError] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.values)

    @property
    def defined(self) -> np.ndarray:
        """True where a value exists."""
        return self.status == 0

    def status_text(self) -> np.ndarray:
        """The status of each row as text."""
        return np.asarray(MEASURE_STATUS_DESCRIPTIONS, dtype=object)[self.status]

    def format(self, decimals: Optional[int] = None, language: str = "zh") -> List[str]:
        """Each value as reports print it ('94.13%'); '—' where there is none."""
        d = self.decimals if decimals is None else _decimals(decimals)
        language = _language(language)
        if d is None:
            raise InvalidInput("decimals: give the number of decimals to print")
        exact = self.rounded is not None and d == self.decimals
        source = self.rounded if exact else self.values
        missing = _MISSING_TEXT[language]
        return [
            _core.format_value(float(v), self.unit, d, language) if s == 0
            else missing[0] if s == 1 else missing[1]
            for v, s in zip(source, self.status)
        ]


# How a row without a value prints: (undefined, input error), as Measure.format writes them.
_MISSING_TEXT = {
    "zh": ("—（分母为0）", "—（输入错误）"),
    "en": ("undefined (denominator is 0)", "invalid input"),
}


def _compute(kind: str, numerator, denominator, unit: UnitLike, on_bad_rows: str,
             decimals: Optional[int], names: Tuple[str, str]) -> MeasureColumn:
    decimals = _decimals(decimals)
    on_bad_rows = choice(on_bad_rows, "on_bad_rows", ON_BAD_ROWS)
    num = float_column(numerator, names[0])
    den = float_column(denominator, names[1])
    values, status, rounded, undefined, errors = _core.compute_column(
        kind, num, den, unit, on_bad_rows, decimals)
    unit = unit if isinstance(unit, Unit) else Unit(unit)
    return MeasureColumn(kind, unit, values, status, rounded, decimals, undefined, list(errors))


def proportions(numerator: "npt.ArrayLike", denominator: "npt.ArrayLike",
                unit: UnitLike = "percent", *, decimals: Optional[int] = None,
                on_bad_rows: str = "raise") -> MeasureColumn:
    """Shares of a whole (签约率) for two columns (NumPy arrays, lists or pandas Series):
    0 ≤ numerator ≤ denominator; values in the unit's multiplier, per cent by default.

    on_bad_rows="raise" raises InvalidRows listing every bad row; "mark" computes every good row
    and marks the bad ones in .status and .errors.

    Formula
    -------
    value = numerator / denominator × unit.multiplier (100 for per cent); rounded half up on the
    exact rational when ``decimals`` is given; undefined (NaN, status 1) when denominator = 0.

    References
    ----------
    PHEindicatormethods, phe_proportion (value = x / n × multiplier); docs/units-and-rounding.md
    §1–§3; the numerators and denominators of docs/catalog.md (国家卫生健康委 definitions).

    Examples
    --------
    Seed 000: 59902 residents signed of about 178,015 (the population its 33.65 % implies), and
    104 of 124 (83.87 % by hand):

    >>> zb.proportions([59902, 104], [178015, 124], decimals=2).format()
    ['33.65%', '83.87%']
    >>> zb.proportions([5], [4], on_bad_rows="mark").status_text().tolist()
    ['numerator exceeds denominator']
    """
    return _compute("proportion", numerator, denominator, unit, on_bad_rows, decimals,
                    ("numerator", "denominator"))


def rates(events: "npt.ArrayLike", population: "npt.ArrayLike", unit: UnitLike = "per_100k", *,
          decimals: Optional[int] = None, on_bad_rows: str = "raise") -> MeasureColumn:
    """Events per population (发病率) for two columns (NumPy arrays, lists or pandas Series);
    values in the unit's multiplier, per 100,000 by default; events may exceed population.

    Formula
    -------
    value = events / population × unit.multiplier (100,000 for /10万, 1,000 for ‰); rounded
    half up on the exact rational when ``decimals`` is given; undefined when population = 0.

    References
    ----------
    PHEindicatormethods, phe_rate (value = x / n × multiplier, default 100,000);
    docs/units-and-rounding.md §1–§2; docs/catalog.md (甲乙类传染病报告发病率 per 100,000).

    Examples
    --------
    Hand calculation: 12 cases in 80,000 residents are 15 per 100,000; 3 in 1,200 are 2.5 ‰.

    >>> zb.rates([12], [80000], decimals=1).format()
    ['15.0/10万']
    >>> zb.rates([3], [1200], "‰", decimals=2).format(language="en")
    ['2.50 per 1,000']
    """
    return _compute("rate", events, population, unit, on_bad_rows, decimals,
                    ("numerator", "denominator"))


def ratios(numerator: "npt.ArrayLike", denominator: "npt.ArrayLike", unit: UnitLike = "ratio", *,
           decimals: Optional[int] = None, on_bad_rows: str = "raise") -> MeasureColumn:
    """One count relative to another (性别比 with unit 'per_100', 千人口床位数 ...) for two
    columns (NumPy arrays, lists or pandas Series); values in the unit's multiplier, a plain
    ratio (× 1) by default.

    Formula
    -------
    value = numerator / denominator × unit.multiplier (1 for 'ratio', 100 for 'per_100');
    rounded half up on the exact rational when ``decimals`` is given.

    References
    ----------
    docs/units-and-rounding.md §1–§2; docs/catalog.md: 出生人口性别比 = 活产男婴数 / 活产女婴数
    × 100 (国家卫生健康委 definition).

    Examples
    --------
    Seed 000: 427 boys and 374 girls born, 出生人口总性别比114.17 (427 / 374 × 100 = 114.171…):

    >>> zb.ratios([427], [374], "per_100", decimals=2).format()
    ['114.17']
    """
    return _compute("ratio", numerator, denominator, unit, on_bad_rows, decimals,
                    ("numerator", "denominator"))


def quota_completions(done: "npt.ArrayLike", quota: "npt.ArrayLike", *,
                      decimals: Optional[int] = None, on_bad_rows: str = "raise") -> MeasureColumn:
    """Work done against a task (任务完成率) for two columns (NumPy arrays, lists or pandas
    Series), in per cent; may exceed 100 %. No time progress (序时进度) is involved: see
    ``assess_quota`` for the pace against the elapsed part of the period.

    Formula
    -------
    completion = done / quota × 100 (per cent), rounded half up on the exact rational when
    ``decimals`` is given; undefined when quota = 0.

    References
    ----------
    docs/units-and-rounding.md §1 and §3 (seed 000's 1506 of 1600 printed 94.13 %).

    Examples
    --------
    Seed 000: 1506 of a task of 1600 premarital checks, 94.13 %; 359 of 371 couples, 96.77 %:

    >>> c = zb.quota_completions([1506, 359], [1600, 371], decimals=2)
    >>> c.values.round(4).tolist(), c.format()
    ([94.125, 96.7655], ['94.13%', '96.77%'])
    """
    return _compute("quota_completion", done, quota, "percent", on_bad_rows, decimals,
                    ("done", "quota"))


def round_half_up(x: "Union[float, npt.ArrayLike]", decimals: int) -> "Union[float, np.ndarray]":
    """Half-up rounding (四舍五入) on the shortest decimal of each value: 2.675 -> 2.68.

    Accepts one number (returns a float) or an array-like (returns a float64 NumPy array, NaN
    kept as NaN); the result is in the same unit as the input.

    Formula
    -------
    y = sign(x) × ⌊|s| × 10^d + 1/2⌋ / 10^d, where s is the shortest decimal that reads back as
    the double x and d = ``decimals`` (0–15); ties go away from zero.

    References
    ----------
    docs/units-and-rounding.md §3; IEEE 754-2008 §4.3.1 roundTiesToAway (the tie rule), against
    Python's round and NumPy's around (roundTiesToEven).

    Examples
    --------
    The double nearest 2.675 is 2.67499999…; it prints as 2.675, and reports round that:

    >>> zb.round_half_up(2.675, 2), round(2.675, 2)
    (2.68, 2.67)
    >>> zb.round_half_up([94.125, -2.5, np.nan], 0).tolist()
    [94.0, -3.0, nan]
    """
    decimals = _decimals(decimals, optional=False)
    if is_scalar(x):  # a dict is "a scalar" too: number() names it
        return _core.round_half_up(_number(x, "x"), decimals)
    return _core.round_half_up_array(float_column(x, "x"), decimals)


_KINDS = {
    "proportion": proportions,
    "rate": rates,
    "ratio": ratios,
    "quota_completion": quota_completions,
}


def measure_frame(frame: "pd.DataFrame", kind: str, numerator: str, denominator: str, *,
                  unit: Optional[UnitLike] = None, decimals: Optional[int] = None,
                  on_bad_rows: str = "raise", language: str = "zh") -> "pd.DataFrame":
    """A copy of `frame` (a pandas DataFrame) with the measure of each row added as columns, in
    the unit's multiplier (the kind's default unit: per cent for 'proportion' and
    'quota_completion', per 100,000 for 'rate', × 1 for 'ratio').

    Adds `value` (float), `status` (text), and with `decimals` also `rounded` (exact half up) and
    `display` ('94.13%'). Errors name the frame's index labels as well as positions.

    Formula
    -------
    value = frame[numerator] / frame[denominator] × unit.multiplier, per row; rounded half up
    on the exact rational at ``decimals``.

    References
    ----------
    docs/units-and-rounding.md §1–§4; PHEindicatormethods, phe_proportion and phe_rate (the
    same per-row value, multiplier given).

    Examples
    --------
    Seed 000's two quota completions:

    >>> df = pd.DataFrame({"done": [1506, 359], "quota": [1600, 371]}, index=["婚检", "孕前优生"])
    >>> zb.measure_frame(df, "quota_completion", "done", "quota", decimals=2)["display"].tolist()
    ['94.13%', '96.77%']
    """
    import pandas as pd

    frame = as_frame(frame, "frame", grouped=False)
    kind = choice(kind, "kind", sorted(_KINDS))
    numerator = column_label(frame, numerator, "numerator")
    denominator = column_label(frame, denominator, "denominator")
    decimals = _decimals(decimals)
    language = _language(language)
    kwargs = {"decimals": decimals, "on_bad_rows": on_bad_rows}
    if unit is not None and kind != "quota_completion":
        kwargs["unit"] = unit
    try:
        # read here, so that a text cell is named by the frame's column ("x"), not "numerator"
        col = _KINDS[kind](float_column(frame[numerator], str(numerator)),
                           float_column(frame[denominator], str(denominator)), **kwargs)
    except InvalidRows as exc:
        raise relabelled(exc, frame.index) from None
    out = frame.copy()
    out["value"] = col.values
    out["status"] = pd.Categorical(col.status_text(), categories=list(MEASURE_STATUS_DESCRIPTIONS))
    if decimals is not None:
        out["rounded"] = col.rounded
        out["display"] = col.format(decimals, language)
    return out
