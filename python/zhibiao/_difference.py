"""Differences, ratios, means and sex ratios with intervals, on pandas DataFrames.

The arithmetic is the C++ kernel's (difference.hpp): Newcombe's hybrid score difference of two
proportions, the exact conditional ratio of two rates, Student's t interval of a mean (grouped
like PHE's calculate_mean) and the sex ratio at birth from the Wilson interval of the share of
boys. Every output keeps the input's other columns; bad rows raise InvalidRows naming each one,
or with on_bad_rows="mark" get NaN and a ``status`` column.
"""
from __future__ import annotations

from typing import Optional, Sequence, Union

import numpy as np

from . import _core
from ._frames import as_frame, column_label, numeric_column
from ._errors import relabelled
from ._groupby import groups
from ._interval import level_name
from ._options import ON_BAD_ROWS, choice, confidence_level

__all__ = ["mean", "proportion_difference", "rate_ratio", "sex_ratio_interval"]


_FIELDS = {4: ("x1", "n1", "x2", "n2"), 3: ("mean", "sd", "count"), 2: ("males", "females")}


def _run(kind: str, frame, columns: Sequence[str], confidence: float, on_bad_rows: str):
    frame = as_frame(frame, "data", grouped=False)
    fields = _FIELDS[len(columns)]
    for c, f in zip(columns, fields):
        column_label(frame, c, f)
    on_bad_rows = choice(on_bad_rows, "on_bad_rows", ON_BAD_ROWS)
    confidence = confidence_level(confidence)  # 0.95 or 95, InvalidInput for "abc" / None / True
    arrays = [numeric_column(frame, c, f) for c, f in zip(columns, fields)]
    value, lower, upper, status, errors = _core.difference_column(kind, arrays, confidence)
    if errors and on_bad_rows == "raise":
        raise relabelled(errors, frame.index, dict(zip(fields, columns)))
    out = frame.copy()
    level = level_name(confidence)
    out["value"] = value
    out[f"lower_{level}"] = lower
    out[f"upper_{level}"] = upper
    if on_bad_rows == "mark":
        out["status"] = np.select([status == 0, status == 2, status == 3],
                                  ["ok", "undefined: a denominator is zero", "overflow"], "bad row")
    elif status.any():  # zero denominators: NaN with their status, the rest computed (class 9)
        out["status"] = np.where(status == 0, "ok", "undefined: a denominator is zero")
    return out


def proportion_difference(data, x1: str, n1: str, x2: str, n2: str, confidence: float = 0.95,
                          *, on_bad_rows: str = "raise"):
    """x1/n1 − x2/n2 per row with Newcombe's hybrid score interval (1998, method 10)."""
    return _run("proportion_difference", data, [x1, n1, x2, n2], confidence, on_bad_rows)


def rate_ratio(data, x1: str, n1: str, x2: str, n2: str, confidence: float = 0.95,
               *, on_bad_rows: str = "raise"):
    """(x1/n1)/(x2/n2) per row with the exact conditional interval (Breslow & Day 1987)."""
    return _run("rate_ratio", data, [x1, n1, x2, n2], confidence, on_bad_rows)


def sex_ratio_interval(data, males: str, females: str, confidence: float = 0.95,
                       *, on_bad_rows: str = "raise"):
    """Males per 100 females per row, limits from the Wilson interval of the share of boys."""
    return _run("sex_ratio", data, [males, females], confidence, on_bad_rows)


def mean(data, value: str, group_by: Optional[Union[str, Sequence[str]]] = None,
         confidence: float = 0.95):
    """PHE's calculate_mean: per group the mean, sd, count and Student's t interval.

    A missing value is a reported bad row (InvalidRows), never skipped; a group needs two values.
    """
    import pandas as pd

    data = as_frame(data, "data", grouped=False)
    column_label(data, value, "value")
    confidence_level(confidence)  # refused before any work, as every option
    col = numeric_column(data, value, "value")
    bad = np.flatnonzero(~np.isfinite(col))
    if bad.size:
        raise relabelled([(int(r), str(value), "is missing or not finite") for r in bad], data.index)
    values = pd.Series(col, index=data.index)
    if group_by is None:
        stats = pd.DataFrame({"mean": [values.mean()], "sd": [values.std(ddof=1)],
                              "count": [float(len(values))]})
    else:
        g = groups(data, group_by)
        keep = g.codes >= 0  # rows with a missing key belong to no group, as in pandas
        grouped = values[keep].groupby(g.codes[keep])
        stats = pd.concat([g.keys(), pd.DataFrame({
            "mean": grouped.mean(), "sd": grouped.std(ddof=1),
            "count": grouped.size().astype(float)}).reset_index(drop=True)], axis=1)
    # A one-value group has no sd (NaN): pass 0 so that the kernel names its count (< 2).
    out = _run("mean", stats.assign(sd=stats["sd"].fillna(0.0)), ["mean", "sd", "count"],
               confidence, "raise")
    return out.drop(columns=["value"])
