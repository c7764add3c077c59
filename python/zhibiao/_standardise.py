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
from typing import TYPE_CHECKING, Dict, Optional, Tuple, Union

import numpy as np

from . import _core
from ._options import ON_BAD_ROWS, choice, number, positive_number
from ._frames import as_frame, column_label, float_column, is_groupby, is_scalar, optional_column
from ._errors import invalid_rows
from ._core import InvalidInput, InvalidRows
from ._groupby import contiguous as _grouped_rows
from ._interval import COUNT_METHODS, Confidence, _levels, level_name

if TYPE_CHECKING:  # types for the annotations only: importing pandas here would slow the import
    import pandas as pd
    from pandas.core.groupby import DataFrameGroupBy

    Standard = Union[str, Dict[str, float], pd.Series, pd.DataFrame]
    Totals = Union[None, float, Dict[object, float], pd.Series, pd.DataFrame]

__all__ = ["GROUP_STATUS_DESCRIPTIONS", "STANDARD_POPULATIONS", "dsr", "isr", "smr", "standard_population"]
# Names whose docstring has no Formula section, and why (tests/python/test_docstrings.py).
_NO_FORMULA = {"standard_population": "returns a published table of band weights as printed; "
                                      "it computes nothing"}

GROUP_STATUS_DESCRIPTIONS: Tuple[str, ...] = tuple(_core.GROUP_STATUS_DESCRIPTIONS)
STANDARD_POPULATIONS: Tuple[str, ...] = tuple(_core.STANDARD_POPULATIONS)
_MISSING_COUNTS = ("error", "zero")


def standard_population(name: str = "esp2013") -> "pd.DataFrame":
    """A built-in standard as a DataFrame (band, lower_age, weight); .attrs['source'] cites it.

    Takes one name and returns a pandas DataFrame, one row per age band; the weights are
    persons of the standard (ESP 2013 sums to 100,000; WHO 2000 to 100,000 as well).
    'esp2013' (European Standard Population 2013, 19 bands), 'who2000' (WHO World Standard
    2000-2025, 21 bands to 100+), 'who2000_85' (the same with 85+ as one band).

    References
    ----------
    Eurostat. Revision of the European Standard Population, report of Eurostat's task force,
    2013 (KS-RA-13-028). Ahmad OB, Boschi-Pinto C, Lopez AD, Murray CJL, Lozano R, Inoue M.
    Age standardization of rates: a new WHO standard. GPE Discussion Paper 31, WHO 2001,
    Table 4.

    Examples
    --------
    >>> esp = zb.standard_population("esp2013")
    >>> len(esp), esp["weight"].sum(), esp["band"].iloc[-1]
    (19, 100000.0, '90+')
    >>> zb.standard_population("who2000")["weight"].iloc[0]   # Ahmad et al. 2001, 0-4 years
    8860.0
    """
    import pandas as pd

    name = choice(name, "name", STANDARD_POPULATIONS)
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


def _label_codes(column):
    """(labels, integer codes) of an age-band column: each distinct label once (pandas'
    factorize or a categorical's categories), -1 for a missing label. A categorical's codes
    keep their width (int8 up to 127 labels): the kernel reads any signed width, and widening
    1.9 million codes to int64 cost a tenth of a DSR of 10^5 areas (issue 16)."""
    import pandas as pd

    if isinstance(column.dtype, pd.CategoricalDtype):
        codes = column.cat.codes.to_numpy()
        uniques = list(column.cat.categories)
    else:
        # A column of str is factorized in C++ (one hash a row, the same codes as pandas');
        # anything else (missing labels, numbers) by pandas.
        found = _core._factorize_text(column.to_numpy(), False) if column.dtype == object else None
        if found is not None:
            codes, uniques = found
        else:
            codes, uniques = pd.factorize(column, use_na_sentinel=True)
            codes = np.asarray(codes, dtype=np.int64)
        uniques = list(uniques)

    def text(v):
        # Whole numbers stored as floats (a column with NaN) read as their integer: 5.0 -> "5".
        if isinstance(v, (float, np.floating)) and float(v).is_integer():
            return str(int(v))
        return str(v)

    return [text(u) for u in uniques], np.ascontiguousarray(codes)


def _band_order(labels: "list", codes: np.ndarray) -> Tuple[np.ndarray, int]:
    """(int64 rank per row, ranks) ordering the rows of a group by their band's lower age: a
    group reordered so (grouped by text or unsorted keys) reaches the kernel in the standard's
    order, which the kernel verifies and then reads as it is; rows in any other order it
    first reorders band by band, the larger part of a DSR on shuffled rows (issue 16). Labels
    that are no band, and missing ones, rank last: the kernel reports them."""
    lower = np.asarray(_core.parse_age_bands(labels, "ageband")[0], dtype=np.float64)
    rank = np.empty(len(labels) + 1, dtype=np.int64)
    rank[np.argsort(lower, kind="stable")] = np.arange(len(labels))  # NaN (no band) last
    rank[-1] = len(labels)  # code -1: a missing label
    return rank.take(codes), len(labels) + 1


def _labelled_standard(stdpop):
    """(bands, weights) of a standard given with its band labels: a DataFrame with columns band
    and weight (as standard_population returns), a Series indexed by band, or a dict."""
    import pandas as pd

    if isinstance(stdpop, pd.DataFrame):
        if not {"band", "weight"} <= set(stdpop.columns):
            raise InvalidInput("stdpop: a standard given as a DataFrame needs the columns band "
                               f"and weight; it has {list(stdpop.columns)}")
        bands, weights = stdpop["band"], stdpop["weight"]
    elif isinstance(stdpop, pd.Series):
        bands, weights = stdpop.index, stdpop
    elif isinstance(stdpop, dict):
        bands, weights = list(stdpop.keys()), list(stdpop.values())
    else:
        raise InvalidInput(
            "stdpop: weights without band labels would be matched to the rows by position "
            "(a frame sorted another way would get other bands' weights); give a built-in "
            f"standard's name {list(STANDARD_POPULATIONS)}, a column name, or the weights with "
            "their bands: a dict {'0-4': 5000, ...}, a Series indexed by band, or a DataFrame "
            "with columns band and weight")
    return [str(b) for b in bands], float_column(np.asarray(weights, dtype=object), "stdpop")


def _frame_rows(exc: InvalidRows, frame, positions, keys=None) -> InvalidRows:
    """The bad rows of a standardisation as rows of the caller's frame (`frame`): the position it
    knows (positions maps the grouped frame's rows back) and that row's index label; a row of
    observed_totals is a group, named by its keys."""
    rows = []
    for r, f, m in exc.rows:
        if f == "observed_totals" and keys is not None:
            rows.append((r, f"{f} (group {keys.iloc[r].tolist()})", m))
        else:
            row = r if positions is None else int(positions[r])
            rows.append((row, f"{f} (index {frame.index[row]!r})", m))
    return invalid_rows(rows)


def dsr(data: "Union[pd.DataFrame, DataFrameGroupBy]", x: str, n: str,
        stdpop: "Standard" = "esp2013", confidence: Confidence = 0.95,
        multiplier: float = 100000, *, ageband: Optional[str] = None,
        eventfreq: Optional[str] = None, on_bad_rows: str = "raise",
        missing_counts: str = "error") -> "pd.DataFrame":
    """Directly standardised rate of each group with the Dobson interval (PHE's calculate_dsr).

    Takes a pandas DataFrame (one group) or a groupby of one (one output row per group) and
    returns a DataFrame of rates per `multiplier` (per 100,000 by default), limits on the
    same scale.

    stdpop: a built-in standard ('esp2013', 'who2000', 'who2000_85'), a standard of your own
    with its band labels (a dict {'0-4': 5000, ...}, a Series indexed by band, or a DataFrame
    with columns band and weight, as standard_population returns), or the name of a column of
    per-row weights. A standard is matched to the rows by the age-band labels of the `ageband`
    column ("0-4", "0–4", "0至4岁", "<1", "85+", "85岁以上", ... read by one parser), in any row
    order; unknown, missing, repeated and coarser bands are errors naming the row. A name that
    is both a built-in standard and a column of the data is refused as ambiguous.
    A group of fewer than 10 events gets no value (status "not computed: total count below 10").
    eventfreq: column for non-independent events (x then counts persons with that many events;
    ageband says which rows share a band). missing_counts: "error" (default: a NaN count is a bad
    row) or "zero" (PHEindicatormethods' rule: a NaN count is 0).

    Formula
    -------
    With w_i the standard population of band i, X = Σ x_i:
    DSR = Σ (x_i w_i / n_i) / Σ w_i × multiplier,  var = Σ x_i (w_i / n_i)² / (Σ w_i)²,
    limit = DSR + √(var / X) (Y − X) × multiplier, Y Byar's lower or upper limit of X
    (count_interval). No value below X = 10 events.

    References
    ----------
    Dobson AJ, Kuulasmaa K, Eberle E, Scherer J. Confidence intervals for weighted sums of
    Poisson parameters. Stat Med 1991;10:457–462. Eayres D. APHO Technical Briefing 3, 2008.
    PHEindicatormethods (UKHSA) calculate_dsr / phe_dsr.

    Examples
    --------
    APHO's tool ("Commonly used public health statistics and their confidence intervals"),
    sheet Direct Standardisation: 91 deaths, ESP 2013, DSR 1103.21 per 100,000 (877.46 to
    1367.09), the small area of PHEindicatormethods' testdata_DSR_ISR.xlsx.

    >>> df = pd.DataFrame({"band": zb.standard_population("esp2013")["band"],
    ...     "deaths": [12, 4, 3, 2, 3, 4, 8, 2, 2, 3, 4, 5, 6, 8, 5, 6, 5, 5, 4],
    ...     "pop": [636, 558, 609, 543, 384, 594, 669, 843, 660, 576, 606, 522, 426, 273, 300,
    ...             288, 153, 123, 207]})
    >>> zb.dsr(df, "deaths", "pop", ageband="band").round(2)
       total_count  total_pop    value  lower_95  upper_95 status  method
    0         91.0     8970.0  1103.21    877.46   1367.09     ok  Dobson
    """
    import pandas as pd

    data = as_frame(data, "data")
    whole = data.obj if is_groupby(data) else data
    column_label(whole, x, "x")
    column_label(whole, n, "n")
    optional_column(whole, ageband, "ageband")
    optional_column(whole, eventfreq, "eventfreq")
    on_bad_rows = choice(on_bad_rows, "on_bad_rows", ON_BAD_ROWS)
    missing_counts = choice(missing_counts, "missing_counts", _MISSING_COUNTS)
    multiplier = number(multiplier, "multiplier")
    if not isinstance(stdpop, (str, pd.DataFrame, pd.Series, dict)):
        _labelled_standard(stdpop)  # raises, saying what a standard can be
    builtin = isinstance(stdpop, str) and stdpop in STANDARD_POPULATIONS
    if builtin and stdpop in whole.columns:
        raise InvalidInput(
            f"stdpop: '{stdpop}' names both a built-in standard population and a column of the "
            "data; say which: rename the column and pass its new name for per-row weights, or "
            f"pass stdpop=zb.standard_population('{stdpop}') for the built-in standard")
    named_column = isinstance(stdpop, str) and not builtin
    if named_column and stdpop not in whole.columns:
        raise InvalidInput(
            f"stdpop: {stdpop!r} is neither a built-in standard population "
            f"{list(STANDARD_POPULATIONS)} nor a column of the data {list(whole.columns)}")
    labelled = not named_column
    columns = [x, n] + [c for c in (eventfreq, ageband) if c is not None]
    if named_column:
        columns.append(stdpop)
    if labelled and ageband is None:
        name = stdpop if builtin else "given"
        raise InvalidInput(
            "ageband: give the column of age-band labels ('0-4', '5-9', ..., '90+'); the "
            f"weights of the standard {name} are matched to the rows by band label, not by "
            "their position")
    if not labelled and eventfreq is not None and ageband is None:
        raise InvalidInput("eventfreq: give both eventfreq and ageband for non-independent events")
    levels = _levels(confidence)
    bands, weights = (None, None) if builtin or not labelled else _labelled_standard(stdpop)
    # Band labels are coded on the caller's rows, before any reordering: the grouped path then
    # moves int64 codes, not a column of text (issue 16: that copy cost more than the DSR).
    by_label = labelled and ageband not in (x, n, eventfreq)
    minor = None
    if by_label:
        labels, codes = _label_codes(whole[ageband])
        if eventfreq is None:  # made only for rows that are reordered
            minor = functools.partial(_band_order, labels, codes)
    frame, offsets, keys, counts, positions = _grouped_rows(
        data, [c for c in columns if not (by_label and c == ageband)], minor)
    try:
        freq = None if eventfreq is None else float_column(frame[eventfreq], str(eventfreq))
        xs, ns = float_column(frame[x], str(x)), float_column(frame[n], str(n))
        if labelled:
            if by_label:
                if positions is not None:
                    codes = codes.take(positions)
            else:
                labels, codes = _label_codes(frame[ageband])
            res = _core.dsr_labelled_column(xs, ns, stdpop if builtin else "given", bands, weights,
                                            labels, codes, offsets, levels, multiplier,
                                            on_bad_rows, freq, str(ageband), missing_counts)
        else:
            band_codes = None
            if ageband is not None and eventfreq is not None:
                band_codes = float_column(frame[ageband], str(ageband)) \
                    if frame[ageband].dtype.kind in "iuf" \
                    else frame[ageband].astype("category").cat.codes.to_numpy(np.float64)
            res = _core.dsr_column(xs, ns, float_column(frame[stdpop], "stdpop"), offsets,
                                   levels, multiplier, on_bad_rows, freq, band_codes,
                                   missing_counts)
    except InvalidRows as exc:
        raise _frame_rows(exc, whole, positions) from None
    name = "Dobson" if eventfreq is None else "Dobson, non-independent events"
    return _result(keys, ("total_count", "total_pop"), res, levels,
                   lambda used: np.zeros(len(keys), dtype=np.int8), [name])


def _observed_totals(totals, x: str, keys):
    """One observed count per group, in the groups' order, from `totals`: a DataFrame with the
    group key columns and the column x (PHEindicatormethods' observed_totals), a Series or dict
    keyed by the group (one key column), or a number for ungrouped data."""
    import pandas as pd

    names = list(keys.columns)
    if isinstance(totals, pd.DataFrame):
        missing = [c for c in names + [x] if c not in totals.columns]
        if missing:
            raise InvalidInput(f"observed_totals: no column {missing[0]!r}; it needs the group "
                               f"columns {names} and the count column {x!r}")
        if not names:
            if len(totals) != 1:
                raise InvalidInput("observed_totals: the data are one group; give one row, "
                                   f"not {len(totals)}")
            return float_column(totals[x], "observed_totals")
        dup = totals.duplicated(names, keep=False)
        if dup.any():
            first = totals.loc[dup, names].iloc[0].tolist()
            raise InvalidInput(f"observed_totals: group {first} has more than one total")
        table = totals.set_index(names)[x]
    elif isinstance(totals, (pd.Series, dict)):
        if len(names) != 1:
            raise InvalidInput("observed_totals: with several group columns give a DataFrame with "
                               f"the columns {names} and {x!r}")
        table = pd.Series(totals)
    elif is_scalar(totals) and not isinstance(totals, (str, bytes)) and not names:
        return float_column(np.array([totals], dtype=object), "observed_totals")
    else:
        raise InvalidInput("observed_totals: give a DataFrame with the group columns and "
                           f"{x!r}, a Series or dict keyed by group, or a number for one group")
    index = pd.MultiIndex.from_frame(keys) if len(names) > 1 else pd.Index(keys[names[0]])
    absent = ~index.isin(table.index)
    if absent.any():
        raise InvalidInput(f"observed_totals: no total for the group(s) "
                           f"{list(index[absent][:5])} of the data")
    return float_column(table.reindex(index).to_numpy(dtype=object), "observed_totals")


def _indirect(kind, data, x, n, x_ref, n_ref, confidence, scale, scale_field, method, on_bad_rows,
              missing_counts="error", observed_totals=None):
    data = as_frame(data, "data")
    whole = data.obj if is_groupby(data) else data
    per_band = observed_totals is None
    if per_band:
        column_label(whole, x, "x")
    for name, field in ((n, "n"), (x_ref, "x_ref"), (n_ref, "n_ref")):
        column_label(whole, name, field)
    method = choice(method, "method", COUNT_METHODS)
    on_bad_rows = choice(on_bad_rows, "on_bad_rows", ON_BAD_ROWS)
    missing_counts = choice(missing_counts, "missing_counts", _MISSING_COUNTS)
    scale = positive_number(scale, scale_field)
    frame, offsets, keys, _, positions = _grouped_rows(
        data, ([x] if per_band else []) + [n, x_ref, n_ref])
    levels = _levels(confidence)
    totals = None if per_band else _observed_totals(observed_totals, x, keys)
    try:
        xs = float_column(frame[x], str(x)) if per_band else None
        res = _core.indirect_column(kind, xs, *(float_column(frame[c], str(c)) for c in (n, x_ref, n_ref)),
                                    offsets, levels, scale, on_bad_rows, method,
                                    missing_counts, totals)
    except InvalidRows as exc:
        raise _frame_rows(exc, whole, positions, keys) from None
    # Method codes are CountMethod values; 255 (a group with no method: bad input, no expected
    # count) is the category "".
    names = list(_core.COUNT_METHODS) + [""]
    return _result(keys, ("observed", "expected"), res, levels,
                   lambda used: np.minimum(used, len(names) - 1).astype(np.int8), names)


def smr(data: "Union[pd.DataFrame, DataFrameGroupBy]", x: str, n: str, x_ref: str, n_ref: str,
        confidence: Confidence = 0.95, refvalue: float = 1, *, method: str = "phe",
        on_bad_rows: str = "raise", missing_counts: str = "error",
        observed_totals: "Totals" = None) -> "pd.DataFrame":
    """Indirectly standardised ratio (SMR) of each group: observed / expected × refvalue
    (PHE's calculate_ISRatio); expected = Σ n × x_ref / n_ref. Limits: exact below 10 observed,
    Byar's from 10 (method='phe'), or 'exact', 'byar', 'mid_p'.

    Takes a pandas DataFrame (one group) or a groupby of one (one row per group) and returns a
    DataFrame whose value and limits are ratios times `refvalue` (1: the reference is 1; 100
    prints the reference as 100).

    missing_counts: "error" (default) or "zero" (PHE's rule: a NaN in x or x_ref counts 0).
    observed_totals: observed counts known only per group (PHE's observed_totals): a DataFrame
    with the group columns and the column x, a Series or dict keyed by group, or a number for
    ungrouped data; x then names the totals' column and the data need no per-band counts.

    Formula
    -------
    E = Σ n_i x_ref_i / n_ref_i, O = Σ x_i; SMR = O / E × refvalue; limits = the Poisson
    limits of O (exact below 10, Byar's from 10; count_interval) / E × refvalue.

    References
    ----------
    Breslow NE, Day NE. Statistical Methods in Cancer Research, vol. II. IARC 1987 (indirect
    standardisation; Byar's approximation). Eayres D. Commonly used public health statistics
    and their confidence intervals. APHO Technical Briefing 3, 2008. PHEindicatormethods
    (UKHSA) calculate_ISRatio / calculate_ISRate.

    Examples
    --------
    A hand calculation with two bands: E = 1000 × 200/100000 + 2000 × 900/100000 = 2 + 18 = 20
    expected deaths against O = 40 observed; Byar's 95 % limits of 40 events are 28.573 and
    54.470 (count_interval(40)). SMR 40/20 = 2, limits 28.573/20, 54.470/20:

    >>> df = pd.DataFrame({"band": ["0-64", "65+"], "x": [10, 30], "n": [1000, 2000],
    ...                    "x_ref": [200, 900], "n_ref": [100000, 100000]})
    >>> zb.smr(df, "x", "n", "x_ref", "n_ref").round(4)
       observed  expected  value  lower_95  upper_95 status method
    0      40.0      20.0    2.0    1.4287    2.7235     ok   byar
    """
    return _indirect("ratio", data, x, n, x_ref, n_ref, confidence, refvalue, "refvalue", method,
                     on_bad_rows,
                     missing_counts, observed_totals)


def isr(data: "Union[pd.DataFrame, DataFrameGroupBy]", x: str, n: str, x_ref: str, n_ref: str,
        confidence: Confidence = 0.95, multiplier: float = 100000, *, method: str = "phe",
        on_bad_rows: str = "raise", missing_counts: str = "error",
        observed_totals: "Totals" = None) -> "pd.DataFrame":
    """Indirectly standardised rate of each group: observed / expected × (Σ x_ref / Σ n_ref) ×
    multiplier (PHE's calculate_ISRate), with the SMR's limits scaled the same way.
    missing_counts and observed_totals as smr.

    Takes a pandas DataFrame (one group) or a groupby of one and returns a DataFrame of rates
    per `multiplier` (per 100,000 by default), limits on the same scale.

    Formula
    -------
    E = Σ n_i x_ref_i / n_ref_i, O = Σ x_i;
    ISR = O / E × (Σ x_ref / Σ n_ref) × multiplier; limits = the Poisson limits of O (exact
    below 10, Byar's from 10) / E × (Σ x_ref / Σ n_ref) × multiplier.

    References
    ----------
    Breslow NE, Day NE. Statistical Methods in Cancer Research, vol. II. IARC 1987 (indirect
    standardisation; Byar's approximation). Eayres D. Commonly used public health statistics
    and their confidence intervals. APHO Technical Briefing 3, 2008. PHEindicatormethods
    (UKHSA) calculate_ISRatio / calculate_ISRate.

    Examples
    --------
    A hand calculation with two bands: E = 1000 × 200/100000 + 2000 × 900/100000 = 2 + 18 = 20
    expected deaths against O = 40 observed; Byar's 95 % limits of 40 events are 28.573 and
    54.470 (count_interval(40)). The reference rate is 1100/200000 = 550 per 100,000, so
    ISR = 2 × 550 = 1100, limits 1.4287 × 550 and 2.7235 × 550:

    >>> df = pd.DataFrame({"band": ["0-64", "65+"], "x": [10, 30], "n": [1000, 2000],
    ...                    "x_ref": [200, 900], "n_ref": [100000, 100000]})
    >>> zb.isr(df, "x", "n", "x_ref", "n_ref").round(2)
       observed  expected   value  lower_95  upper_95 status method
    0      40.0      20.0  1100.0    785.77   1497.93     ok   byar
    """
    return _indirect("rate", data, x, n, x_ref, n_ref, confidence, multiplier, "multiplier", method,
                     on_bad_rows,
                     missing_counts, observed_totals)
