"""Quantile assignment (PHE's deciles rule) and the slope / relative index of inequality, on
NumPy arrays and pandas DataFrames. The arithmetic and the seeded simulation are C++
(zhibiao/inequality.hpp)."""
from __future__ import annotations

from typing import TYPE_CHECKING, Optional, Sequence, Tuple, Union

import numpy as np

from . import _core
from ._options import ON_BAD_ROWS, choice, flag, number, whole_number
from ._frames import column_label, flag_column, float_column, numeric_column, optional_column
from ._errors import relabelled
from ._groupby import first_row_keys
from ._core import InvalidInput, InvalidRows
from ._interval import level_label
from ._life_table import _frame_and_codes, _levels

if TYPE_CHECKING:  # types for the annotations only: importing pandas here would slow the import
    import pandas as pd
    from pandas.core.groupby import DataFrameGroupBy

__all__ = ["INEQUALITY_STATUS_DESCRIPTIONS", "INEQUALITY_STATUS_NAMES", "assign_quantiles", "slope_index"]
_RENAMED = {"INEQUALITY_STATUS_REASONS": "INEQUALITY_STATUS_DESCRIPTIONS"}

INEQUALITY_STATUS_NAMES: Tuple[str, ...] = tuple(_core.INEQUALITY_STATUS_NAMES)
INEQUALITY_STATUS_DESCRIPTIONS: Tuple[str, ...] = tuple(_core.INEQUALITY_STATUS_REASONS)
_VALUE_TYPES = {"normal": 0, "rate": 1, "proportion": 2}


def assign_quantiles(data: "Union[pd.DataFrame, DataFrameGroupBy]", values: str,
                     group_by: Union[None, str, Sequence[str]] = None, *,
                     nquantiles: int = 10, invert: Union[bool, str] = True,
                     on_bad_rows: str = "raise") -> "pd.DataFrame":
    """A copy of `data` with `quantile` (1 ... nquantiles, PHE's phe_quantile rule), `status`
    and `reason` columns. `invert=True` (PHE's default) puts the highest values in quantile 1;
    `invert` may also name a boolean column holding one direction per group.

    Takes a pandas DataFrame of areas (or a groupby of one, or `group_by` columns: quantiles
    within each group) and returns a copy whose `quantile` is a rank class 1 ... nquantiles
    (float, NaN where a group has fewer areas than quantiles), not a value on the input's scale.

    Formula
    -------
    Within each group of N areas, rank r of each value (ties take the lowest rank; inverted:
    ranks of max − value), Q = nquantiles:
    quantile = floor((Q + 1) − ceil(((N + 1) − r) / (N / Q))), 0 becoming 1.

    References
    ----------
    PHEindicatormethods (UKHSA) phe_quantile / calculate_quantiles; OHID Technical Guide
    "Assigning deprivation categories".

    Examples
    --------
    Ten areas in quintiles (a hand calculation with the formula: the score 3 has rank 4 of
    10, floor(6 − ceil(7 / 2)) = 2; the two 1s share rank 1, quintile 1):

    >>> df = pd.DataFrame({"score": [3, 1, 4, 1, 5, 9, 2, 6, 5, 3]})
    >>> zb.assign_quantiles(df, "score", nquantiles=5, invert=False)["quantile"].tolist()
    [2.0, 1.0, 3.0, 1.0, 4.0, 5.0, 2.0, 5.0, 4.0, 2.0]
    >>> zb.assign_quantiles(df, "score", nquantiles=5)["quantile"].tolist()  # highest in 1
    [3.0, 5.0, 3.0, 5.0, 2.0, 1.0, 4.0, 1.0, 2.0, 3.0]
    """
    import pandas as pd

    frame, codes, _ = _frame_and_codes(data, group_by)
    v = numeric_column(frame, values, "values")
    on_bad_rows = choice(on_bad_rows, "on_bad_rows", ON_BAD_ROWS)
    nquantiles = whole_number(nquantiles, "nquantiles")
    if nquantiles < 1:
        raise InvalidInput(f"nquantiles: must be at least 1, got {nquantiles}")
    if not isinstance(invert, str):
        invert = flag(invert, "invert")  # True, False or a column's name; never 1, None, arrays
    ngroups = 1 if codes is None else int(codes.max()) + 1 if len(codes) else 0
    if isinstance(invert, str):
        flags = flag_column(frame, invert, "invert")
        per_group = [None] * ngroups
        for c, f in zip(codes if codes is not None else np.zeros(len(v), np.int64), flags):
            if per_group[c] is not None and per_group[c] != bool(f):
                raise InvalidInput(f"invert: the column {invert!r} must take one value per group")
            per_group[c] = bool(f)
        inv = [True if f is None else f for f in per_group]
    else:
        inv = [invert] * max(ngroups, 1)
    try:
        q, status, _ = _core.quantile_columns(v, codes, nquantiles, inv, on_bad_rows)
    except InvalidRows as exc:
        raise relabelled(exc, frame.index) from None
    out = frame.copy()
    out["quantile"] = q
    out["status"] = pd.Categorical(np.asarray(INEQUALITY_STATUS_NAMES, dtype=object)[status],
                                   categories=list(INEQUALITY_STATUS_NAMES))
    out["reason"] = np.asarray(INEQUALITY_STATUS_DESCRIPTIONS, dtype=object)[status]
    return out


def slope_index(data: "Union[pd.DataFrame, DataFrameGroupBy]", quantile: str, population: str,
                value: str, *, se: Optional[str] = None,
                lower: Optional[str] = None, upper: Optional[str] = None,
                group_by: Union[None, str, Sequence[str]] = None, value_type: str = "normal",
                multiplier: float = 1, repetitions: int = 100_000,
                confidence: Union[float, Sequence[float]] = 0.95, seed: int = 1,
                on_bad_rows: str = "raise") -> "pd.DataFrame":
    """SII and RII of every group (PHE's phe_sii): one row per group with its keys, `sii`,
    `rii`, `intercept`, their simulated limits (`sii_lower`, ... or `sii_lower_95`, ... for
    several levels), `status` and `reason`.

    Give the standard error column `se` (on the log scale for rates, logit for proportions), or
    the 95 % limits `lower` and `upper`. The simulation uses `repetitions` draws from
    std::mt19937_64 seeded with (seed, group), so a seed always gives the same limits.

    Takes a pandas DataFrame (one row per quantile of each group; a groupby or `group_by`
    columns for several groups) and returns one row per group: `sii` in the unit of `value`
    times `multiplier` (1 by default: same unit as the input), `rii` a ratio (no unit).

    Formula
    -------
    a = each quantile's share of the group's population, b = the midpoint of its cumulative
    share; weighted least squares without intercept of y√a on (√a, b√a): y = α + β b.
    SII = multiplier × β, RII = (α + β) / α, intercept α. Limits: the order statistics at
    round(R(1 − c')) and round(R c'), c' = c + (1 − c)/2, of R refits with each value drawn
    from N(value, se) (log scale for rates, logit for proportions).

    References
    ----------
    Low A, Low A. Measuring the gap: quantifying and comparing local health inequalities. J
    Public Health 2004;26:388–395. PHEindicatormethods (UKHSA) phe_sii and its ?phe_sii
    example data.

    Examples
    --------
    PHEindicatormethods' ?phe_sii example, Area1 (life expectancy by decile): SII 7.0002
    years, RII 1.0897 (the weighted fit by hand, tests/cpp/inequality_test.cpp).

    >>> df = pd.DataFrame({"decile": range(1, 11),
    ...     "population": [7291, 7997, 6105, 7666, 5790, 6934, 5918, 5974, 7147, 7534],
    ...     "value": [75.9, 78.3, 83.8, 83.6, 80.5, 81.1, 81.7, 84.2, 80.6, 86.3],
    ...     "se": [1.64, 1.58, 1.51, 1.78, 1.7, 1.56, 1.37, 1.4, 2.43, 1.57]})
    >>> out = zb.slope_index(df, "decile", "population", "value", se="se", repetitions=1000)
    >>> round(out["sii"][0], 4), round(out["rii"][0], 4), out["status"][0]
    (7.0002, 1.0897, 'ok')
    """
    import pandas as pd

    value_type = choice(value_type, "value_type", tuple(_VALUE_TYPES))
    frame, codes, keys = _frame_and_codes(data, group_by)
    for name, field in ((quantile, "quantile"), (population, "population"), (value, "value")):
        column_label(frame, name, field)
    for name, field in ((se, "se"), (lower, "lower"), (upper, "upper")):
        optional_column(frame, name, field)
    on_bad_rows = choice(on_bad_rows, "on_bad_rows", ON_BAD_ROWS)
    multiplier = number(multiplier, "multiplier")
    repetitions = whole_number(repetitions, "repetitions")
    seed = whole_number(seed, "seed")
    vt = _VALUE_TYPES[value_type]
    if se is not None:
        err = numeric_column(frame, se, "se")
    elif lower is not None and upper is not None:
        err = _core.standard_error_from_limits(numeric_column(frame, lower, "lower"),
                                               numeric_column(frame, upper, "upper"), vt)
    else:
        raise InvalidInput("se: give the standard error column, or both lower and upper")
    levels = _levels(confidence)
    try:
        r = _core.sii_columns(float_column(frame[quantile], str(quantile)),
                              float_column(frame[population], str(population)),
                              float_column(frame[value], str(value)), err, codes, vt,
                              multiplier, repetitions, levels, seed, on_bad_rows)
    except InvalidRows as exc:
        # The kernel's fields as the caller's columns ("quantile" -> "decile").
        names = {"quantile": str(quantile), "population": str(population), "value": str(value),
                 "standard_error": str(se) if se is not None else f"{lower}/{upper}"}
        raise relabelled(exc, frame.index, names) from None
    out = first_row_keys(frame, codes, keys, len(r["sii"]))
    out["sii"] = r["sii"]
    out["rii"] = r["rii"]
    out["intercept"] = r["intercept"]
    for j, c in enumerate(levels):
        suffix = "" if len(levels) == 1 else f"_{level_label(c)}"
        for name in ("sii_lower", "sii_upper", "rii_lower", "rii_upper"):
            out[name + suffix] = r[name][j]
    out["status"] = pd.Categorical(np.asarray(INEQUALITY_STATUS_NAMES, dtype=object)[r["status"]],
                                   categories=list(INEQUALITY_STATUS_NAMES))
    out["reason"] = np.asarray(INEQUALITY_STATUS_DESCRIPTIONS, dtype=object)[r["status"]]
    return out
