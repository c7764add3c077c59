"""Directly and indirectly standardised rates on pandas DataFrames and groupby objects.

The arithmetic is the C++ core's (standardise.hpp: Dobson DSR, SMR, indirectly standardised
rate). A DataFrame is one group; a groupby gives one output row per group, the group keys as
columns, as PHEindicatormethods does with grouped data frames. Rows inside a group are used in
their order: with a built-in standard (stdpop="esp2013"), each group must list its bands in the
standard's order.

Output columns: the group keys, total_count, total_pop (DSR) or observed, expected (SMR, ISR),
value, lower_<level> / upper_<level> per level (0.95 -> lower_95), status (why a value is
missing: "not computed: total count below 10", ...) and method.
"""
from __future__ import annotations

import functools
from typing import Optional, Tuple

import numpy as np

from . import _core
from ._options import number
from ._columns import _as_float_column
from ._errors import relabelled
from ._core import InvalidInput, InvalidRows
from ._groupby import contiguous as _grouped_rows
from ._interval import Confidence, _levels, level_name

__all__ = ["GROUP_STATUS_DESCRIPTIONS", "STANDARD_POPULATIONS", "dsr", "isr", "smr", "standard_population"]

GROUP_STATUS_DESCRIPTIONS: Tuple[str, ...] = tuple(_core.GROUP_STATUS_DESCRIPTIONS)
STANDARD_POPULATIONS: Tuple[str, ...] = tuple(_core.STANDARD_POPULATIONS)


def standard_population(name: str = "esp2013"):
    """A built-in standard as a DataFrame (band, lower_age, weight); .attrs['source'] cites it.

    'esp2013' (European Standard Population 2013, 19 bands), 'who2000' (WHO World Standard
    2000-2025, 21 bands to 100+), 'who2000_85' (the same with 85+ as one band).
    """
    import pandas as pd

    bands, ages, weights, source = _core.standard_population(name)
    frame = pd.DataFrame({"band": bands, "lower_age": ages, "weight": weights})
    frame.attrs["source"] = source
    return frame


def _result(keys, first: Tuple[str, str], res, levels, method_codes, method_names):
    """One output frame, built in one go from columns (a frame grown column by column costs more
    than the standardisation itself at 10^5 groups). status and method are categoricals: a
    handful of distinct texts, stored as codes."""
    import pandas as pd

    total, pop, value, lower, upper, status, used, errors = res
    columns = {c: keys[c].array for c in keys.columns}
    columns[first[0]] = total
    columns[first[1]] = pop
    columns["value"] = value
    for k, c in enumerate(levels):
        columns[f"lower_{level_name(c)}"] = lower[k]
        columns[f"upper_{level_name(c)}"] = upper[k]
    columns["status"] = pd.Categorical.from_codes(status.astype(np.int8),
                                                  dtype=_categories(GROUP_STATUS_DESCRIPTIONS))
    columns["method"] = pd.Categorical.from_codes(method_codes(used),
                                                  dtype=_categories(tuple(method_names)))
    return pd.DataFrame(columns)


@functools.lru_cache(maxsize=None)
def _categories(names: Tuple[str, ...]):
    """A CategoricalDtype per list of names, made once: validating the categories costs more
    than the codes of 10^5 groups."""
    import pandas as pd

    return pd.CategoricalDtype(list(names))


def dsr(data, x: str, n: str, stdpop="esp2013", confidence: Confidence = 0.95,
        multiplier: float = 100000, *, eventfreq: Optional[str] = None,
        ageband: Optional[str] = None, on_bad_rows: str = "raise"):
    """Directly standardised rate of each group with the Dobson interval (PHE's calculate_dsr).

    stdpop: a column name, or a built-in standard ('esp2013', 'who2000', 'who2000_85') whose
    weights are matched to each group's rows by position. A group of fewer than 10 events gets
    no value (status "not computed: total count below 10"). eventfreq / ageband: columns for
    non-independent events (x then counts persons with that many events).
    """
    columns = [x, n] + [c for c in (eventfreq, ageband) if c is not None]
    named_column = isinstance(stdpop, str) and stdpop not in STANDARD_POPULATIONS
    if named_column:
        columns.append(stdpop)
    frame, offsets, keys, counts = _grouped_rows(data, columns)
    if (eventfreq is None) != (ageband is None):
        raise InvalidInput("eventfreq: give both eventfreq and ageband for non-independent events")
    if named_column:
        weights = _as_float_column(frame[stdpop], "stdpop")
    else:
        table = np.asarray(stdpop if not isinstance(stdpop, str)
                           else _core.standard_population(stdpop)[2], dtype=np.float64)
        if eventfreq is None:
            if (counts != len(table)).any():
                raise InvalidInput(f"stdpop: every group must have {len(table)} rows, one per band "
                                   f"of the standard; group sizes are {sorted(set(counts.tolist()))}")
            weights = table  # matched to each group's rows by position in the kernel
        else:
            band = _as_float_column(frame[ageband], ageband).astype(np.int64)
            if (band < 0).any() or (band >= len(table)).any():
                raise InvalidInput(f"{ageband}: band positions must be 0..{len(table) - 1}")
            weights = table[band]
    levels = _levels(confidence)
    freq = None if eventfreq is None else _as_float_column(frame[eventfreq], eventfreq)
    band_codes = None
    if ageband is not None:
        band_codes = _as_float_column(frame[ageband], ageband) if frame[ageband].dtype.kind in "iuf" \
            else frame[ageband].astype("category").cat.codes.to_numpy(np.float64)
    try:
        res = _core.dsr_column(_as_float_column(frame[x], x), _as_float_column(frame[n], n),
                               np.ascontiguousarray(weights, dtype=np.float64), offsets, levels,
                               number(multiplier, "multiplier"), on_bad_rows, freq, band_codes)
    except InvalidRows as exc:
        raise relabelled(exc, frame.index) from None
    name = "Dobson" if eventfreq is None else "Dobson, non-independent events"
    return _result(keys, ("total_count", "total_pop"), res, levels,
                   lambda used: np.zeros(len(keys), dtype=np.int8), [name])


def _indirect(kind, data, x, n, x_ref, n_ref, confidence, scale, method, on_bad_rows):
    frame, offsets, keys, _ = _grouped_rows(data, [x, n, x_ref, n_ref])
    levels = _levels(confidence)
    try:
        res = _core.indirect_column(kind, *(_as_float_column(frame[c], c) for c in (x, n, x_ref, n_ref)),
                                    offsets, levels, number(scale, "scale"), on_bad_rows, method)
    except InvalidRows as exc:
        raise relabelled(exc, frame.index) from None
    # Method codes are CountMethod values; 255 (a group with no method: bad input, no expected
    # count) is the category "".
    names = list(_core.COUNT_METHODS) + [""]
    return _result(keys, ("observed", "expected"), res, levels,
                   lambda used: np.minimum(used, len(names) - 1).astype(np.int8), names)


def smr(data, x: str, n: str, x_ref: str, n_ref: str, confidence: Confidence = 0.95,
        refvalue: float = 1, *, method: str = "phe", on_bad_rows: str = "raise"):
    """Indirectly standardised ratio (SMR) of each group: observed / expected × refvalue
    (PHE's calculate_ISRatio); expected = Σ n × x_ref / n_ref. Limits: exact below 10 observed,
    Byar's from 10 (method='phe'), or 'exact', 'byar', 'mid_p'."""
    return _indirect("ratio", data, x, n, x_ref, n_ref, confidence, refvalue, method, on_bad_rows)


def isr(data, x: str, n: str, x_ref: str, n_ref: str, confidence: Confidence = 0.95,
        multiplier: float = 100000, *, method: str = "phe", on_bad_rows: str = "raise"):
    """Indirectly standardised rate of each group: observed / expected × (Σ x_ref / Σ n_ref) ×
    multiplier (PHE's calculate_ISRate), with the SMR's limits scaled the same way."""
    return _indirect("rate", data, x, n, x_ref, n_ref, confidence, multiplier, method, on_bad_rows)
