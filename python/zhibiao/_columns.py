"""Whole columns of proportions, rates, ratios and quota completions, on NumPy and pandas.

The arithmetic is the C++ kernel's (zhibiao._core.compute_column): float64 contiguous inputs are
read in place, outputs are written straight into new NumPy arrays, and the GIL is released
meanwhile. This module only turns what users hand in (lists, Series, nullable or object columns)
into float64 arrays, reporting every row that is not a number instead of guessing.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, List, Optional, Tuple, Union

import numpy as np

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

#: Text of each status code, index = code: 0 "ok", 1 "undefined: denominator is zero", ...
MEASURE_STATUS_DESCRIPTIONS: Tuple[str, ...] = tuple(_core.STATUS_DESCRIPTIONS)

UnitLike = Union[Unit, str]


@dataclass(frozen=True)
class MeasureColumn:
    """A computed column.

    values   float64; NaN exactly where status is not 0, and the status says why.
    status   uint8 codes (see MEASURE_STATUS_DESCRIPTIONS): 0 ok, 1 undefined (zero denominator),
             2.. input errors (only present when on_bad_rows="mark").
    rounded  half-up values on the exact rationals, when decimals were given.
    errors   every bad row as (row, field, message).
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


def proportions(numerator, denominator, unit: UnitLike = "percent", *, decimals: Optional[int] = None,
                on_bad_rows: str = "raise") -> MeasureColumn:
    """Shares of a whole (签约率): 0 ≤ numerator ≤ denominator, per cent by default.

    on_bad_rows="raise" raises InvalidRows listing every bad row; "mark" computes every good row
    and marks the bad ones in .status and .errors.
    """
    return _compute("proportion", numerator, denominator, unit, on_bad_rows, decimals,
                    ("numerator", "denominator"))


def rates(events, population, unit: UnitLike = "per_100k", *, decimals: Optional[int] = None,
          on_bad_rows: str = "raise") -> MeasureColumn:
    """Events per population (发病率), per 100,000 by default; events may exceed population."""
    return _compute("rate", events, population, unit, on_bad_rows, decimals,
                    ("numerator", "denominator"))


def ratios(numerator, denominator, unit: UnitLike = "ratio", *, decimals: Optional[int] = None,
           on_bad_rows: str = "raise") -> MeasureColumn:
    """One count relative to another (性别比 with unit 'per_100', 千人口床位数 ...)."""
    return _compute("ratio", numerator, denominator, unit, on_bad_rows, decimals,
                    ("numerator", "denominator"))


def quota_completions(done, quota, *, decimals: Optional[int] = None,
                      on_bad_rows: str = "raise") -> MeasureColumn:
    """Work done against a task (任务完成率) in per cent; may exceed 100 %."""
    return _compute("quota_completion", done, quota, "percent", on_bad_rows, decimals,
                    ("done", "quota"))


def round_half_up(x, decimals: int):
    """Half-up rounding (四舍五入) on the shortest decimal of each value: 2.675 -> 2.68.

    Accepts a number or an array-like; returns the same kind.
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


def measure_frame(frame, kind: str, numerator: str, denominator: str, *,
                  unit: Optional[UnitLike] = None, decimals: Optional[int] = None,
                  on_bad_rows: str = "raise", language: str = "zh"):
    """A copy of `frame` with the measure of each row added as columns.

    Adds `value` (float), `status` (text), and with `decimals` also `rounded` (exact half up) and
    `display` ('94.13%'). Errors name the frame's index labels as well as positions.
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
