"""Targets over whole evaluated tables: each indicator's rows assessed against its threshold and
benchmarked against a reference value, in the indicator's direction."""
from __future__ import annotations

from typing import Mapping, Sequence, Union

import numpy as np

from . import _core
from ._core import Catalog, Indicator, InvalidInput, Threshold

ThresholdLike = Union[Threshold, str]


def _threshold(t: ThresholdLike) -> Threshold:
    return t if isinstance(t, Threshold) else Threshold.parse(t)


def assess_thresholds(frame, targets: Mapping[str, ThresholdLike], *, indicator: str = "indicator",
                      value: str = "value", numerator: str = "numerator", denominator: str = "denominator",
                      decimals: int = 2):
    """A copy of an evaluated table with, per row, its indicator's target and the outcome.

    targets maps indicator ids to thresholds ("低于8‰", "≥90%" or Threshold objects). Adds
    target ('≥90%'), reached (bool; missing where the row has no value), shortfall (in the value's
    unit, 0 when reached) and count_needed (numerator units still needed, where the row has a
    numerator and denominator). Rows of indicators without a target are kept, with empty cells.
    """
    parsed = {k: _threshold(t) for k, t in targets.items()}
    unknown = set(parsed) - set(frame[indicator].unique())
    if unknown:
        raise InvalidInput(f"targets: no rows for indicator(s) {sorted(unknown)}")
    out = frame.copy()
    target, reached, shortfall, needed = [], [], [], []
    has_counts = numerator in frame.columns and denominator in frame.columns
    for row in frame.itertuples(index=False):
        t = parsed.get(getattr(row, indicator))
        v = getattr(row, value)
        if t is None or v is None or np.isnan(v):
            target.append(t.describe() if t is not None else None)
            reached.append(None)
            shortfall.append(np.nan)
            needed.append(np.nan)
            continue
        a = _core.assess_threshold(float(v), t, getattr(row, numerator) if has_counts else None,
                                   getattr(row, denominator) if has_counts else None)
        target.append(t.describe())
        reached.append(a.reached)
        shortfall.append(a.shortfall)
        needed.append(np.nan if a.count_needed is None else a.count_needed)
    out["target"] = target
    out["reached"] = reached
    out["shortfall"] = shortfall
    out["count_needed"] = needed
    return out


def benchmark_frame(frame, references: Mapping[str, float], indicators: Union[Catalog, Sequence[Indicator]], *,
                    indicator: str = "indicator", value: str = "value", lower: str = "lower_95",
                    upper: str = "upper_95"):
    """A copy of an evaluated table (with interval columns) with `benchmark`: better / similar /
    worse than the reference value of its indicator (e.g. the province), in the indicator's
    direction; not_comparable for indicators whose direction is neither."""
    inds = list(indicators.indicators) if isinstance(indicators, Catalog) else list(indicators)
    direction = {i.id: i.direction for i in inds}
    for column in (lower, upper):
        if column not in frame.columns:
            raise InvalidInput(f"{column}: no such column; evaluate with confidence=0.95 first")
    out = frame.copy()
    verdicts = []
    for row in frame.itertuples(index=False):
        ind = getattr(row, indicator)
        v, lo, hi = getattr(row, value), getattr(row, lower), getattr(row, upper)
        if ind not in references or ind not in direction or np.isnan(v):
            verdicts.append(None)
            continue
        verdicts.append(_core.benchmark(float(v), float(lo), float(hi), float(references[ind]), direction[ind]))
    out["benchmark"] = verdicts
    return out
