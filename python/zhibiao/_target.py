"""Targets: their wording (Threshold.parse, Improvement.parse, parse_target; docs/targets.md §2,
§6), and whole evaluated tables, each indicator's rows assessed against its threshold and
benchmarked against a reference value, in the indicator's direction."""
from __future__ import annotations

from typing import Mapping, Sequence, Union

import numpy as np

from . import _core
from ._frames import as_frame, column_label, float_column
from ._core import (
    Catalog,
    Comparison,
    Improvement,
    Indicator,
    InvalidInput,
    Quota,
    Threshold,
    assess_improvement,
    assess_quota,
    assess_threshold,
    benchmark,
    compare_proportions,
    compare_rates,
    parse_target,
    rank,
    split_quota,
)

__all__ = [
    "Comparison", "Improvement", "Quota", "Threshold", "assess_improvement", "assess_quota",
    "assess_threshold", "assess_thresholds", "benchmark", "benchmark_frame", "compare_proportions",
    "compare_rates", "parse_target", "rank", "split_quota",
]

ThresholdLike = Union[Threshold, str]


def _threshold(t: ThresholdLike, key) -> Threshold:
    if isinstance(t, Threshold):
        return t
    if isinstance(t, str):
        return Threshold.parse(t)
    raise InvalidInput(f"targets: the target of {key!r} is {type(t).__name__} {t!r}; expected a "
                       "Threshold or its text ('不低于90%')"[:160])


def _column(frame, name: str) -> np.ndarray:
    """A numeric column as float64 (missing values, None and pd.NA as NaN); a text cell is an
    InvalidRows naming its row (never read as missing)."""
    return float_column(frame[name], str(name))


def _mapping(value, field: str) -> Mapping:
    if not isinstance(value, Mapping):
        raise InvalidInput(f"{field}: expected a dict of indicator id -> value, got "
                           f"{type(value).__name__} {value!r}"[:160])
    return value


def _has(frame, name, field: str) -> bool:
    """An optional column argument (numerator, denominator): used when the frame has it; None
    asks for none; anything but a column label (an array, NaN) is InvalidInput naming `field`."""
    if name is None:
        return False
    if not isinstance(name, str):
        column_label(frame, name, field)
    return name in frame.columns


def _present(frame, name: str) -> np.ndarray:
    """Rows where the cell is not None (a None count means "no count", a NaN is a missing one)."""
    cells = frame[name].to_numpy()
    if cells.dtype != object:
        return np.ones(len(cells), dtype=np.uint8)
    return (cells != None).astype(np.uint8)  # noqa: E711 - elementwise: which cells hold None


def _groups(frame, column: str, keys) -> np.ndarray:
    """Each row's position in `keys` (int64, -1 where its key is not among them)."""
    import pandas as pd

    return pd.Index(list(keys), dtype=object).get_indexer(frame[column]).astype(np.int64)


def assess_thresholds(frame, targets: Mapping[str, ThresholdLike], *, indicator: str = "indicator",
                      value: str = "value", numerator: str = "numerator", denominator: str = "denominator"):
    """A copy of an evaluated table with, per row, its indicator's target and the outcome.

    targets maps indicator ids to thresholds ("低于8‰", "≥90%" or Threshold objects). Adds
    target ('≥90%'), reached (bool; missing where the row has no value), shortfall (in the value's
    unit, 0 when reached) and count_needed (numerator units still needed, where the row has a
    numerator and denominator). Rows of indicators without a target are kept, with empty cells.
    Every row is assessed in one C++ call (assess_threshold_column), as assess_threshold does one.
    """
    frame = as_frame(frame, "frame", grouped=False)
    indicator = column_label(frame, indicator, "indicator")
    value = column_label(frame, value, "value")
    parsed = {k: _threshold(t, k) for k, t in _mapping(targets, "targets").items()}
    unknown = set(parsed) - set(frame[indicator].unique())
    if unknown:
        raise InvalidInput(f"targets: no rows for indicator(s) {sorted(unknown)}")
    thresholds = list(parsed.values())
    target = _groups(frame, indicator, parsed)
    counts = {}
    if _has(frame, numerator, "numerator") and _has(frame, denominator, "denominator"):
        counts = {"numerator": _column(frame, numerator), "denominator": _column(frame, denominator),
                  "has_counts": _present(frame, numerator) & _present(frame, denominator)}
    reached, shortfall, needed = _core._assess_threshold_column(_column(frame, value), target, thresholds,
                                                                **counts)
    descriptions = np.asarray([t.describe() for t in thresholds] + [None], dtype=object)
    out = frame.copy()
    out["target"] = list(descriptions[target])  # -1 (no target) picks the trailing None
    assessed = reached != _core._NOT_ASSESSED
    if len(frame) and assessed.all():
        out["reached"] = reached == 1
    else:
        # Python bools and None, as a column built from assess_threshold's results row by row.
        out["reached"] = list(np.where(assessed, (reached == 1).astype(object), None))
    out["shortfall"] = shortfall
    out["count_needed"] = needed
    return out


def benchmark_frame(frame, references: Mapping[str, float], indicators: Union[Catalog, Sequence[Indicator]], *,
                    indicator: str = "indicator", value: str = "value", lower: str = "lower_95",
                    upper: str = "upper_95"):
    """A copy of an evaluated table (with interval columns) with `benchmark`: better / similar /
    worse than the reference value of its indicator (e.g. the province), in the indicator's
    direction; not_comparable for indicators whose direction is neither. One C++ call
    (benchmark_column) judges every row as benchmark judges one."""
    from ._evaluation import indicator_list
    from ._options import number

    frame = as_frame(frame, "frame", grouped=False)
    inds = indicator_list(indicators)
    direction = {i.id: i.direction for i in inds}
    indicator = column_label(frame, indicator, "indicator")
    value = column_label(frame, value, "value")
    for field, column in (("lower", lower), ("upper", upper)):
        if isinstance(column, str) and column not in frame.columns:
            raise InvalidInput(f"{field}: no such column {column!r}; evaluate with confidence=0.95 first")
        column_label(frame, column, field)
    references = {k: number(v, f"references[{k!r}]") for k, v in _mapping(references, "references").items()}
    keys = [k for k in references if k in direction]
    verdict = _core._benchmark_column(_column(frame, value), _column(frame, lower), _column(frame, upper),
                                      _groups(frame, indicator, keys), [references[k] for k in keys],
                                      [direction[k] for k in keys])
    names = np.asarray(list(_core._VERDICT_NAMES) + [None] * (256 - len(_core._VERDICT_NAMES)), dtype=object)
    out = frame.copy()
    out["benchmark"] = list(names[verdict])
    return out
