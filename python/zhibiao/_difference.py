"""Differences, ratios, means and sex ratios with intervals, on pandas DataFrames.

The arithmetic is the C++ kernel's (difference.hpp): Newcombe's hybrid score difference of two
proportions, the exact conditional ratio of two rates, Student's t interval of a mean (grouped
like PHE's calculate_mean) and the sex ratio at birth from the Wilson interval of the share of
boys. Every output keeps the input's other columns; bad rows raise InvalidRows naming each one,
or with on_bad_rows="mark" get NaN and a ``status`` column.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Optional, Sequence, Union

import numpy as np

if TYPE_CHECKING:
    import pandas as pd

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


def proportion_difference(data: "pd.DataFrame", x1: str, n1: str, x2: str, n2: str,
                          confidence: float = 0.95, *, on_bad_rows: str = "raise"
                          ) -> "pd.DataFrame":
    """x1/n1 − x2/n2 per row of a pandas DataFrame with Newcombe's hybrid score interval (1998,
    method 10); the difference and its limits are fractions (0–1 scale, not per cent), added as
    columns ``value``, ``lower_95``, ``upper_95`` (named after the confidence level).

    Formula
    -------
    d = p1 − p2 with p = x / n; with (l1, u1), (l2, u2) the Wilson score intervals of p1, p2:
    lower = d − √((p1 − l1)² + (u2 − p2)²), upper = d + √((u1 − p1)² + (p2 − l2)²).

    References
    ----------
    Newcombe RG (1998), "Interval estimation for the difference between independent
    proportions: comparison of eleven methods", Statistics in Medicine 17:873–890, method 10;
    docs/units-and-rounding.md §6 (when a change is significant).

    Examples
    --------
    Newcombe's Table II example (a), 56/70 − 48/80: 0.2 with method 10 limits 0.0524, 0.3339.

    >>> t = pd.DataFrame({"x1": [56], "n1": [70], "x2": [48], "n2": [80]})
    >>> zb.proportion_difference(t, "x1", "n1", "x2", "n2").round(4)
       x1  n1  x2  n2  value  lower_95  upper_95
    0  56  70  48  80    0.2    0.0524    0.3339
    """
    return _run("proportion_difference", data, [x1, n1, x2, n2], confidence, on_bad_rows)


def rate_ratio(data: "pd.DataFrame", x1: str, n1: str, x2: str, n2: str,
               confidence: float = 0.95, *, on_bad_rows: str = "raise") -> "pd.DataFrame":
    """(x1/n1)/(x2/n2) per row of a pandas DataFrame with the exact conditional interval
    (Breslow & Day 1987); the ratio and its limits are plain ratios (× 1, no unit: the rates'
    common multiplier cancels), added as columns ``value``, ``lower_95``, ``upper_95``.

    Formula
    -------
    RR = (x1 / n1) / (x2 / n2). Given x1 + x2 events, x1 is binomial with
    π = n1·RR / (n1·RR + n2); with (πL, πU) the Clopper–Pearson interval of x1 of x1 + x2,
    lower = πL / (1 − πL) × n2 / n1 and upper = πU / (1 − πU) × n2 / n1.

    References
    ----------
    Breslow NE, Day NE (1987), Statistical Methods in Cancer Research II, IARC, §2.9 (the
    conditional binomial interval of a rate ratio); Clopper CJ, Pearson ES (1934), Biometrika 26.

    Examples
    --------
    30 events in 10,000 person-years against 15 in 12,000: RR = 0.003 / 0.00125 = 2.4; the
    limits 1.2515, 4.7998 are the Clopper–Pearson limits of 30 of 45 (checked with scipy).

    >>> t = pd.DataFrame({"x1": [30], "n1": [10000], "x2": [15], "n2": [12000]})
    >>> zb.rate_ratio(t, "x1", "n1", "x2", "n2")[["value", "lower_95", "upper_95"]].round(4)
       value  lower_95  upper_95
    0    2.4    1.2515    4.7998
    """
    return _run("rate_ratio", data, [x1, n1, x2, n2], confidence, on_bad_rows)


def sex_ratio_interval(data: "pd.DataFrame", males: str, females: str, confidence: float = 0.95,
                       *, on_bad_rows: str = "raise") -> "pd.DataFrame":
    """Males per 100 females per row of a pandas DataFrame (the ×100 scale of 出生人口性别比),
    limits from the Wilson interval of the share of boys, added as columns ``value``,
    ``lower_95``, ``upper_95``.

    Formula
    -------
    SR = males / females × 100; with (l, u) the Wilson score interval of p = males / (males +
    females): lower = l / (1 − l) × 100, upper = u / (1 − u) × 100.

    References
    ----------
    Wilson EB (1927), "Probable inference, the law of succession, and statistical inference",
    JASA 22:209–212; docs/catalog.md, sex_ratio_at_birth (活产男婴数 / 活产女婴数 × 100).

    Examples
    --------
    Seed 000: 427 boys and 374 girls, 出生人口总性别比114.17; the limits recomputed by hand
    from Wilson's interval of 427 of 801 are 99.385 and 131.157.

    >>> b = pd.DataFrame({"boys": [427], "girls": [374]})
    >>> zb.sex_ratio_interval(b, "boys", "girls").round(2)
       boys  girls   value  lower_95  upper_95
    0   427    374  114.17     99.39    131.16
    """
    return _run("sex_ratio", data, [males, females], confidence, on_bad_rows)


def mean(data: "pd.DataFrame", value: str, group_by: Optional[Union[str, Sequence[str]]] = None,
         confidence: float = 0.95) -> "pd.DataFrame":
    """PHE's calculate_mean on a pandas DataFrame: per group (or for the whole frame) the mean,
    sd, count and Student's t interval, in the same unit as the input column.

    A missing value is a reported bad row (InvalidRows), never skipped; a group needs two values.

    Formula
    -------
    mean = Σx / n; sd = √(Σ(x − mean)² / (n − 1));
    limits = mean ∓ t(1 − α/2; n − 1) × sd / √n.

    References
    ----------
    PHEindicatormethods, calculate_mean: Student's t interval of a mean (mean ± t × sd / √n).

    Examples
    --------
    Hand calculation: 1..10 has mean 5.5, sd √(82.5/9) = 3.0277, t(0.975; 9) = 2.26216, so the
    limits are 5.5 ∓ 2.26216 × 3.0277 / √10 = 3.3341, 7.6659.

    >>> zb.mean(pd.DataFrame({"v": range(1, 11)}), "v").round(4)
       mean      sd  count  lower_95  upper_95
    0   5.5  3.0277   10.0    3.3341    7.6659
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
