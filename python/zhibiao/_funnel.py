"""Funnel plots on pandas DataFrames: control limits and the significance of each area.

The arithmetic is the C++ kernel's (funnel.hpp: PHEindicatormethods' calculate_funnel_limits and
assign_funnel_significance). This module picks the columns, derives rate denominators, runs one
funnel per group for pandas groupby objects, and names the output columns.

    >>> df = pd.DataFrame({"area": ["a", "b", "c"], "x": [400, 500, 600], "n": [1000] * 3})
    >>> len(zb.funnel_limits(df, "x", "n", statistic="proportion"))  # PHE's 100 plotting points
    100
    >>> zb.funnel_significance(df, "x", "n", polarity="higher_is_better")["comparison"].tolist()
    ['worse', 'similar', 'better']

Statistics: "proportion" (x of n), "ratio" (observed x / expected n; ratio_type "isr" → 100 O/E,
"count" → O/E − 1) and "rate" (x events in population n, or, with ``rate=``, a rate column from
which PHE derives the denominator multiplier × x / rate; rate_type "dsr" or "crude").
"""
from __future__ import annotations

from typing import TYPE_CHECKING, List, Optional, Sequence, Union

import numpy as np

from . import _core
from ._options import ON_BAD_ROWS, choice, number
from ._frames import as_frame, column_label, float_column, numeric_column, optional_column
from ._errors import invalid_rows, relabelled
from ._groupby import groups, is_groupby
from ._core import InvalidInput, InvalidRows

if TYPE_CHECKING:  # types for the annotations only: importing pandas here would slow the import
    import numpy.typing as npt
    import pandas as pd
    from pandas.core.groupby import DataFrameGroupBy

__all__ = ["FUNNEL_COMPARISON_NAMES", "FUNNEL_SIGNIFICANCE_DESCRIPTIONS", "funnel_limits", "funnel_limits_at",
           "funnel_significance"]
_RENAMED = {"FUNNEL_COMPARISON_LABELS": "FUNNEL_COMPARISON_NAMES",
            "FUNNEL_SIGNIFICANCE_LABELS": "FUNNEL_SIGNIFICANCE_DESCRIPTIONS"}

#: PHE's significance labels, index = code: "Not significant", "High (0.025)", "High (0.001)",
#: "Low (0.025)", "Low (0.001)", "Not applicable for events less than 10 for dsrs".
FUNNEL_SIGNIFICANCE_DESCRIPTIONS = tuple(_core.FUNNEL_SIGNIFICANCE_LABELS)
#: The comparison under the polarity: "similar", "better", "worse", "higher", "lower",
#: "not applicable".
FUNNEL_COMPARISON_NAMES = tuple(_core.FUNNEL_COMPARISON_LABELS)

_POINT_COLUMN = {"proportion": "population", "ratio": "observed_events", "rate": "events"}
# The names each text option accepts (the core's, with its polarity aliases).
_STATISTICS = tuple(_POINT_COLUMN)
_RATIO_TYPES = ("isr", "count")
_RATE_TYPES = ("crude", "dsr")
_POISSON = ("phe", "exact")
_POLARITIES = ("neither", "higher_is_better", "lower_is_better", "high", "low", "none")


def _text_options(statistic, ratio_type, rate_type):
    return (choice(statistic, "statistic", _STATISTICS), choice(ratio_type, "ratio_type", _RATIO_TYPES),
            choice(rate_type, "rate_type", _RATE_TYPES))


def _table(data, x, n, rate):
    """`data` (a DataFrame or a groupby of one) with its column arguments checked."""
    data = as_frame(data, "data")
    whole = data.obj if is_groupby(data) else data
    column_label(whole, x, "x")
    optional_column(whole, n, "n")
    optional_column(whole, rate, "rate")
    if is_groupby(data):
        # Read the cells once over the whole frame, so that a bad cell is named by its row in
        # the frame, not by its position inside its group.
        for name, field in ((x, "x"), (n, "n"), (rate, "rate")):
            if name is not None:
                numeric_column(whole, name, field)
    return data


def _in_frame(exc: InvalidRows, positions) -> InvalidRows:
    """The bad rows of one group's funnel, renumbered as rows of the whole frame (their fields
    already name each row's index label)."""
    return invalid_rows([(int(positions[r]), f, m) for r, f, m in exc.rows])


def _lookup(labels: Sequence[str]) -> np.ndarray:
    table = np.full(256, "", dtype=object)
    table[: len(labels)] = labels
    return table


def _denominators(frame, x: str, n: Optional[str], statistic: str, rate: Optional[str],
                  rate_type: str, multiplier: float):
    """(x column, denominator column, denominator name) as float64 arrays."""
    xs = numeric_column(frame, x, "x")
    if statistic == "rate" and rate is not None:
        rs = numeric_column(frame, rate, "rate")
        pop = numeric_column(frame, n, "n") if n is not None else None
        try:
            den = _core.funnel_rate_denominators(xs, rs, pop, multiplier, rate_type)
        except InvalidRows as exc:
            names = {"x": str(x), "rate": str(rate), "n": str(n or "n")}
            raise relabelled(exc, frame.index, names) from None
        return xs, den, n or rate
    if n is None:
        raise InvalidInput("n: give the denominator column (or rate= for rates)")
    return xs, numeric_column(frame, n, "n"), n


def _limits_one(frame, x, n, statistic, multiplier, ratio_type, rate, rate_type, years_of_data,
                poisson, on_bad_rows):
    import pandas as pd

    xs, den, den_name = _denominators(frame, x, n, statistic, rate, rate_type, multiplier)
    try:
        d = _core.funnel_limits_column(statistic, xs, den, multiplier, ratio_type, rate_type,
                                       years_of_data, poisson, on_bad_rows, str(x), str(den_name))
    except InvalidRows as exc:
        raise relabelled(exc, frame.index) from None
    return _curve_frame(d, statistic)


def _curve_frame(d, statistic):
    import pandas as pd

    out = pd.DataFrame({_POINT_COLUMN[statistic]: d["points"]})
    for side in ("lower_95", "upper_95", "lower_99.8", "upper_99.8"):
        out[side] = d[side]
    out["baseline"] = d["baseline"]
    if "lower_95_denominator" in d:
        suffix = "expected" if statistic == "ratio" else "population_per_year"
        for side in ("lower_95", "upper_95", "lower_99.8", "upper_99.8"):
            out[f"{side}_{suffix}"] = d[f"{side}_denominator"]
    out.attrs["average"] = d["average"]
    out.attrs["statistic"] = statistic
    return out


def funnel_limits(data: "Union[pd.DataFrame, DataFrameGroupBy]", x: str,
                  n: Optional[str] = None, *, statistic: str = "proportion",
                  multiplier: float = 100, ratio_type: str = "isr",
                  rate: Optional[str] = None, rate_type: str = "crude", years_of_data: float = 1,
                  poisson: str = "phe", on_bad_rows: str = "raise") -> "pd.DataFrame":
    """The funnel's control limits at PHE's 100 plotting points (calculate_funnel_limits).

    Takes a pandas DataFrame of areas (or a groupby of one: one funnel per group) and returns
    a DataFrame of 100 points whose limits are on the scale of the statistic: proportions
    times `multiplier` (100: per cent, the default), ratios as 100 O/E ("isr") or O/E − 1
    ("count"), rates per `multiplier`.

    Columns: the x axis (``population`` for proportions, ``observed_events`` for ratios,
    ``events`` for rates), ``lower_95``, ``upper_95``, ``lower_99.8``, ``upper_99.8``,
    ``baseline``, and for ratios the expected events (``*_expected``), for rates the population
    per year of data (``*_population_per_year``) at which each limit lies. ``.attrs["average"]``
    holds Σx/Σn. A groupby gives one funnel per group, the keys as leading columns.
    poisson="phe" repeats PHE's bisection (its published figures); "exact" gives exact limits.

    Formula
    -------
    Baseline P = Σx / Σn; z = 1.959964 (95 %) and 3.090232 (99.8 %).
    Proportions: limits at population N = (P ± z √(P(1 − P) / N)) × multiplier, clipped to
    [0, multiplier] (the Wilson score test inverted).
    Ratios (observed O, expected E): lower = O / E_hi, upper = O / E_lo, E_lo and E_hi the
    exact Poisson limits of O (Garwood); × 100 for "isr", − 1 for "count".
    Rates: the baseline rate × the ratio limits, E the population at which the baseline gives O
    events (per year of data).

    References
    ----------
    Spiegelhalter DJ. Funnel plots for comparing institutional performance. Stat Med
    2005;24:1185–1202. PHE Fingertips technical guidance, "Funnel plots";
    PHEindicatormethods (UKHSA) calculate_funnel_limits and assign_funnel_significance.

    Examples
    --------
    Three areas of 1,000 around P = 1500/3000 = 0.5; at N = 1000 the 99.8 % limits are
    50 ∓ 100 × 3.090232 × √(0.25/1000) = 45.11 and 54.89 per cent (a hand calculation):

    >>> df = pd.DataFrame({"area": ["a", "b", "c"], "x": [400, 500, 600], "n": [1000] * 3})
    >>> curve = zb.funnel_limits(df, "x", "n")
    >>> len(curve), curve.attrs["average"]
    (100, 0.5)
    >>> curve[curve["population"] == 1000].round(2)
        population  lower_95  upper_95  lower_99.8  upper_99.8  baseline
    50      1000.0      46.9      53.1       45.11       54.89      50.0
    """
    data = _table(data, x, n, rate)
    statistic, ratio_type, rate_type = _text_options(statistic, ratio_type, rate_type)
    poisson = choice(poisson, "poisson", _POISSON)
    on_bad_rows = choice(on_bad_rows, "on_bad_rows", ON_BAD_ROWS)
    multiplier, years_of_data = number(multiplier, "multiplier"), number(years_of_data, "years_of_data")
    args = (statistic, multiplier, ratio_type, rate, rate_type, years_of_data, poisson,
            on_bad_rows)
    if is_groupby(data):
        import pandas as pd

        g = groups(data)
        parts = []
        for k, (key, group) in enumerate(g.grouped):  # ngroup numbers groups in this order
            try:
                part = _limits_one(group, x, n, *args)
            except InvalidRows as exc:
                raise _in_frame(exc, np.flatnonzero(g.codes == k)) from None
            key = key if isinstance(key, tuple) else (key,)
            for name, value in reversed(list(zip(g.names, key))):
                part.insert(0, name, value)
            parts.append(part)
        return pd.concat(parts, ignore_index=True)
    return _limits_one(data, x, n, *args)


def funnel_limits_at(average: float, points: "npt.ArrayLike", *, statistic: str = "proportion",
                     multiplier: float = 100, ratio_type: str = "isr", rate_type: str = "crude",
                     years_of_data: float = 1, poisson: str = "phe") -> "pd.DataFrame":
    """The limits at chosen points (populations, or observed events for ratios and rates) around
    a given average per unit (ignored for ratios, whose funnel is centred on O = E).

    Takes one average (a fraction 0–1 for proportions, per unit for rates) and a NumPy array or
    sequence of points, and returns a DataFrame with one row per point, the limits on the
    scale of funnel_limits (proportions × `multiplier`: per cent by default).

    Formula
    -------
    Baseline P = Σx / Σn; z = 1.959964 (95 %) and 3.090232 (99.8 %).
    Proportions: limits at population N = (P ± z √(P(1 − P) / N)) × multiplier, clipped to
    [0, multiplier] (the Wilson score test inverted).
    Ratios (observed O, expected E): lower = O / E_hi, upper = O / E_lo, E_lo and E_hi the
    exact Poisson limits of O (Garwood); × 100 for "isr", − 1 for "count".
    Rates: the baseline rate × the ratio limits, E the population at which the baseline gives O
    events (per year of data).

    References
    ----------
    Spiegelhalter DJ. Funnel plots for comparing institutional performance. Stat Med
    2005;24:1185–1202. PHE Fingertips technical guidance, "Funnel plots";
    PHEindicatormethods (UKHSA) calculate_funnel_limits and assign_funnel_significance.

    Examples
    --------
    P = 0.8 at N = 100 (a hand calculation): 80 ∓ 100 × 1.959964 × √(0.8 × 0.2/100) = 72.16,
    87.84; at 99.8 %, 80 ∓ 100 × 3.090232 × 0.04 = 67.64, 92.36.

    >>> zb.funnel_limits_at(0.8, [100, 400]).round(2)
       population  lower_95  upper_95  lower_99.8  upper_99.8  baseline
    0       100.0     72.16     87.84       67.64       92.36      80.0
    1       400.0     76.08     83.92       73.82       86.18      80.0
    """
    statistic, ratio_type, rate_type = _text_options(statistic, ratio_type, rate_type)
    poisson = choice(poisson, "poisson", _POISSON)
    ps = float_column(points, "points")
    d = _core.funnel_limits_at(number(average, "average"), ps, statistic, number(multiplier, "multiplier"), ratio_type,
                               rate_type, number(years_of_data, "years_of_data"), poisson)
    return _curve_frame(d, statistic)


def _significance_one(frame, x, n, statistic, multiplier, ratio_type, rate, rate_type, polarity,
                      on_bad_rows):
    xs, den, den_name = _denominators(frame, x, n, statistic, rate, rate_type, multiplier)
    try:
        average, value, sig, cmp, status, errors = _core.funnel_significance_column(
            statistic, xs, den, multiplier, ratio_type, rate_type, polarity, on_bad_rows,
            str(x), str(den_name))
    except InvalidRows as exc:
        raise relabelled(exc, frame.index) from None
    return average, value, sig, cmp, status


def funnel_significance(data: "Union[pd.DataFrame, DataFrameGroupBy]", x: str,
                        n: Optional[str] = None, *, statistic: str = "proportion",
                        polarity: str = "neither", multiplier: float = 100,
                        ratio_type: str = "isr",
                        rate: Optional[str] = None, rate_type: str = "crude",
                        on_bad_rows: str = "raise") -> "pd.DataFrame":
    """Each area against the funnel of all areas (assign_funnel_significance).

    Takes a pandas DataFrame of areas (or a groupby of one: each group its own funnel) and
    returns a copy with the area's value on the scale of the statistic (proportions ×
    `multiplier`, per cent by default; ratios 100 O/E or O/E − 1; rates per `multiplier`).

    Returns a copy of the frame (all columns and rows kept) with ``value`` (x/n × multiplier;
    for ratios 100 O/E or O/E − 1), ``significance`` (PHE's labels: "High (0.001)", ...,
    "Not significant") and ``comparison`` ("better" / "similar" / "worse" under
    polarity="higher_is_better" or "lower_is_better"; "higher" / "similar" / "lower" under
    "neither"); ``status`` too with on_bad_rows="mark". ``.attrs["average"]`` holds Σx/Σn (a dict
    by group for a groupby, where every group is its own funnel).

    Formula
    -------
    Baseline P = Σx / Σn. Proportions: an area is "High"/"Low (0.025)" when x/n lies outside
    P ± 1.959964 √(P(1 − P)/n), "(0.001)" when outside P ± 3.090232 √(P(1 − P)/n).
    Ratios: significant when 1 lies outside the Poisson interval of O (exact below 10 events,
    Byar's from 10) divided by E. Rates: when P lies outside that interval of x divided by n;
    DSRs of fewer than 10 events are not assessed.

    References
    ----------
    Spiegelhalter DJ. Funnel plots for comparing institutional performance. Stat Med
    2005;24:1185–1202. PHE Fingertips technical guidance, "Funnel plots";
    PHEindicatormethods (UKHSA) calculate_funnel_limits and assign_funnel_significance.

    Examples
    --------
    Around P = 0.5, the 99.8 % limits at n = 1000 are 45.11 and 54.89 per cent (see
    funnel_limits): 40 % is low and 60 % high at the 0.001 level.

    >>> df = pd.DataFrame({"area": ["a", "b", "c"], "x": [400, 500, 600], "n": [1000] * 3})
    >>> zb.funnel_significance(df, "x", "n")
      area    x     n  value     significance comparison
    0    a  400  1000   40.0      Low (0.001)      lower
    1    b  500  1000   50.0  Not significant    similar
    2    c  600  1000   60.0     High (0.001)     higher
    """
    import pandas as pd

    data = _table(data, x, n, rate)
    statistic, ratio_type, rate_type = _text_options(statistic, ratio_type, rate_type)
    polarity = choice(polarity, "polarity", _POLARITIES)
    on_bad_rows = choice(on_bad_rows, "on_bad_rows", ON_BAD_ROWS)
    multiplier = number(multiplier, "multiplier")
    sig_text, cmp_text = _lookup(FUNNEL_SIGNIFICANCE_DESCRIPTIONS), _lookup(FUNNEL_COMPARISON_NAMES)
    args = (statistic, multiplier, ratio_type, rate, rate_type, polarity, on_bad_rows)
    if is_groupby(data):
        g = groups(data)
        frame = g.frame
        size = len(frame)
        value = np.full(size, np.nan)
        sig = np.full(size, 255, dtype=np.uint8)
        cmp = np.full(size, 255, dtype=np.uint8)
        status = np.zeros(size, dtype=np.uint8)
        averages = {}
        for key, positions in g.grouped.indices.items():
            group = frame.iloc[positions]
            try:
                averages[key], value[positions], sig[positions], cmp[positions], status[positions] = \
                    _significance_one(group, x, n, *args)
            except InvalidRows as exc:
                raise _in_frame(exc, positions) from None
    else:
        frame = data
        average, value, sig, cmp, status = _significance_one(frame, x, n, *args)
        averages = average
    out = frame.copy()
    out["value"] = value
    out["significance"] = sig_text[sig]
    out["comparison"] = cmp_text[cmp]
    if on_bad_rows == "mark":
        from ._interval import INTERVAL_STATUS_DESCRIPTIONS

        out["status"] = np.asarray(INTERVAL_STATUS_DESCRIPTIONS, dtype=object)[status]
    out.attrs["average"] = averages
    return out
