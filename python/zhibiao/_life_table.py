"""Life expectancy (Chiang II abridged life table, as PHEindicatormethods' phe_life_expectancy)
and the WHO SDG 3.4.1 probability of dying between 30 and 70 from the four major NCDs
(重大慢性病过早死亡率), on NumPy arrays and pandas DataFrames.

The arithmetic is the C++ kernels' (zhibiao/life_table.hpp); this module turns columns into
float64 arrays, pandas groups into area codes, and the results back into DataFrames with the
reason of every suppressed value.
"""
from __future__ import annotations

import re
from collections.abc import Hashable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, List, Optional, Sequence, Tuple, Union

import numpy as np

from . import _core
from ._frames import column_label, float_column, is_scalar
from ._errors import invalid_rows, relabelled
from ._core import InvalidInput, InvalidRows
from ._groupby import first_row_keys, groups
from ._interval import level_label
from ._options import ON_BAD_ROWS, choice, confidence_levels, number

if TYPE_CHECKING:  # types for the annotations only: importing pandas here would slow the import
    import numpy.typing as npt
    import pandas as pd
    from pandas.core.groupby import DataFrameGroupBy

__all__ = [
    "BandedResult", "LIFE_TABLE_STATUS_DESCRIPTIONS", "LIFE_TABLE_STATUS_NAMES", "NCD_MORTALITY_BANDS",
    "STANDARD_LIFE_TABLE_BANDS", "life_expectancy", "life_tables", "premature_ncd_mortality",
    "premature_ncd_mortality_columns",
]
_RENAMED = {"LIFE_TABLE_STATUS_REASONS": "LIFE_TABLE_STATUS_DESCRIPTIONS"}


def _frame_and_codes(data, group_by):
    """(frame, area codes or None, group key columns) of a DataFrame or a DataFrameGroupBy;
    group_by columns keep the areas in order of appearance, missing keys included. `data` and
    `group_by` are read by the checked readers (_frames.as_frame, column_labels)."""
    g = groups(data, group_by, sort=False, dropna=False)
    return g.frame, g.codes, g.names


def _band_columns(frame, deaths, population, age_band) -> None:
    """The three column arguments of the DataFrame functions, each named in its error."""
    for name, field in ((deaths, "deaths"), (population, "population"), (age_band, "age_band")):
        column_label(frame, name, field)


#: Short name and description of each status code (index = code): 0 "ok", 1 "wide_interval", ...
LIFE_TABLE_STATUS_NAMES: Tuple[str, ...] = tuple(_core.LIFE_TABLE_STATUS_NAMES)
LIFE_TABLE_STATUS_DESCRIPTIONS: Tuple[str, ...] = tuple(_core.LIFE_TABLE_STATUS_REASONS)
#: 0, 1, 5, 10, ..., 85, 90: PHE's and ONS's abridged life table (the last band is 90+).
STANDARD_LIFE_TABLE_BANDS: Tuple[float, ...] = tuple(_core.STANDARD_LIFE_TABLE_BANDS)
#: 30, 35, ..., 65: the 5-year bands 30-34 ... 65-69 of SDG 3.4.1.
NCD_MORTALITY_BANDS: Tuple[float, ...] = tuple(_core.NCD_MORTALITY_BANDS)

RowError = Tuple[int, str, str]
Levels = Union[float, Sequence[float]]


@dataclass(frozen=True)
class BandedResult:
    """Result of a banded calculation on arrays (life_tables, premature_ncd_mortality_columns).

    Holds NumPy arrays: life expectancy in years (life_tables), or the SDG 3.4.1 probability
    times its multiplier (per cent by default; premature_ncd_mortality_columns); the standard
    error and limits are on the same scale as the value.

    value, standard_error   one per row (life tables) or per area (SDG 3.4.1); NaN where the
                            status says the value is suppressed
    lower, upper            shape (levels, len(value)): one row per confidence level
    status                  uint8 codes per row, see LIFE_TABLE_STATUS_NAMES / _REASONS
    area_status             uint8 codes per area
    errors                  every bad row as (row, field, message) (on_bad_rows="mark")

    Formula
    -------
    lower[k], upper[k] = the limits of each value at confidence[k]: e ∓ z √var e for life
    expectancy (Chiang II), the complementary log–log interval for SDG 3.4.1 (see life_tables
    and premature_ncd_mortality_columns).

    References
    ----------
    Chiang CL. Introduction to Stochastic Processes in Biostatistics. Wiley 1968, ch. 9; WHO
    SDG 3.4.1 indicator metadata; PHEindicatormethods (UKHSA) phe_life_expectancy.

    Examples
    --------
    A hand calculation with WHO's formula (exact fractions, tests/cpp/life_table_test.cpp):
    deaths 8 … 170 in populations 40,000 … 18,000 give S = 0.89173, 10.83 % (9.96 to 11.76).

    >>> res = zb.premature_ncd_mortality_columns([8, 12, 20, 35, 60, 90, 130, 170],
    ...     [40000, 38000, 36000, 34000, 30000, 26000, 22000, 18000], zb.NCD_MORTALITY_BANDS)
    >>> res.value.round(2), res.lower.round(2), res.upper.round(2)
    (array([10.83]), array([[9.96]]), array([[11.76]]))
    >>> res.status_names(res.area_status).tolist()
    ['ok']
    """

    confidence: Tuple[float, ...]
    value: np.ndarray
    standard_error: np.ndarray
    lower: np.ndarray
    upper: np.ndarray
    status: np.ndarray
    area_status: np.ndarray
    errors: List[RowError] = field(default_factory=list)

    def status_names(self, codes: Optional[np.ndarray] = None) -> np.ndarray:
        """The short name of each status code (default: the rows' status; pass area_status for
        the areas')."""
        return np.asarray(LIFE_TABLE_STATUS_NAMES, dtype=object)[self._codes(codes)]

    def reasons(self, codes: Optional[np.ndarray] = None) -> np.ndarray:
        """The reason of each status code ("" for ok; default: the rows' status)."""
        return np.asarray(LIFE_TABLE_STATUS_DESCRIPTIONS, dtype=object)[self._codes(codes)]

    def _codes(self, codes) -> np.ndarray:
        """`codes` as status codes (integers below the number of statuses); InvalidInput naming
        `codes` for text, floats, negative or unknown codes (not an IndexError)."""
        if codes is None:
            return self.status
        c = None if is_scalar(codes) and not isinstance(codes, (int, np.integer)) else np.asarray(codes)
        if c is None or c.dtype.kind not in "iu" or isinstance(codes, (bool, np.bool_)):
            raise InvalidInput(f"codes: expected status codes (integers), got {type(codes).__name__}")
        if c.size and (c.min() < 0 or c.max() >= len(LIFE_TABLE_STATUS_NAMES)):
            raise InvalidInput(f"codes: a status code is 0 ... {len(LIFE_TABLE_STATUS_NAMES) - 1}")
        return c


def _levels(confidence: Levels) -> List[float]:
    """Levels as fractions; like PHE, 95 means 0.95 (values above 1 are per cent)."""
    return confidence_levels(confidence)


def _start_ages(x: Any, name: str) -> np.ndarray:
    """Start ages as float64. Text labels ("5-9", "<1", "90 +", "85岁以上", "０-４") are read by
    the library's one age-band reader (zhibiao/age_band.hpp, the reader standardisation matches
    bands with) and give their band's lower age: "<1" starts at 0, not at 1. A label that is not
    an age band is reported with its row and where it stops making sense."""
    if is_scalar(x):
        raise InvalidInput(f"{name}: expected a column (list, array or Series), got "
                           f"{type(x).__name__} {x!r}")
    a = x.to_numpy() if hasattr(x, "to_numpy") else np.asarray(x, dtype=object)
    if a.ndim != 1:
        raise InvalidInput(f"{name}: must be one-dimensional, got shape {a.shape}")
    if a.dtype.kind in "iuf":
        return float_column(a, name)
    out = np.empty(len(a), dtype=np.float64)
    bad: List[RowError] = []
    text_rows: dict = {}
    for i, v in enumerate(a):
        if isinstance(v, (int, float, np.integer, np.floating)) and not isinstance(v, (bool, np.bool_)):
            try:
                out[i] = float(v)
            except OverflowError:  # an int beyond the doubles (10**400)
                bad.append((i, name, f"is beyond the range of a double ({v!r})"))
                out[i] = np.nan
        elif isinstance(v, str):
            text_rows.setdefault(v, []).append(i)
        else:
            bad.append((i, name, f"is not an age band ({v!r})"))
            out[i] = np.nan
    if text_rows:
        labels = list(text_rows)
        lower, _, problems = _core.parse_age_bands(labels, name)
        for label, value in zip(labels, lower):
            out[text_rows[label]] = value
        for k, message in problems:
            bad.extend((i, name, message) for i in text_rows[labels[k]])
    if bad:
        raise invalid_rows(sorted(bad))
    return out


def _area_codes(area: Any) -> Optional[np.ndarray]:
    """Integer codes as given, or labels numbered in order of first appearance (any mix of
    texts and numbers; a missing label is an area of its own, as group_by keeps missing keys)."""
    import pandas as pd

    if area is None:
        return None
    a = None if is_scalar(area) else \
        area.to_numpy() if hasattr(area, "to_numpy") else np.asarray(area, dtype=object)
    if a is None or a.ndim != 1:
        raise InvalidInput(f"area: expected one label or code per row (a list, array or Series), "
                           f"got {type(area).__name__} {area!r}"[:200])
    if a.dtype.kind in "iu":
        return a.astype(np.int64, copy=False)
    try:
        codes, _ = pd.factorize(a, use_na_sentinel=False)
    except TypeError:  # an unhashable label, such as a list
        bad = next((v for v in a if not isinstance(v, Hashable)), None)
        raise InvalidInput(f"area: a label must be a text or a number, got {type(bad).__name__} "
                           f"{bad!r}"[:200]) from None
    return np.asarray(codes, dtype=np.int64)


def _column_names(deaths, population, age_band) -> dict:
    """The kernels' field names as the caller's columns, for relabelled()."""
    return {"deaths": str(deaths), "population": str(population), "start_age": str(age_band)}


def _bands(bands: Optional[Sequence[float]]) -> List[float]:
    if bands is None:
        return list(STANDARD_LIFE_TABLE_BANDS)
    return float_column(bands, "bands").astype(np.float64).tolist()


def life_tables(deaths: "npt.ArrayLike", population: "npt.ArrayLike", start_age: "npt.ArrayLike",
                area: "Optional[npt.ArrayLike]" = None, *, confidence: Levels = 0.95,
                bands: Optional[Sequence[float]] = None,
                on_bad_rows: str = "raise") -> BandedResult:
    """Life expectancy at the start age of every row's band (Chiang II; PHE's method).

    Takes NumPy arrays or sequences, one row per band of one area: (deaths, population, start
    age) of one band of one area; `area` gives the area of each row (integer codes or labels;
    None: a single area). Rows may come in any order. Returns a BandedResult whose value,
    standard error and limits are in years.

    Formula
    -------
    Chiang II abridged life table per area: M_i = D_i / P_i, a_i = 0.1 for the band at 0 and 0.5
    elsewhere, band width n_i; q_i = n_i M_i / (1 + (1 − a_i) n_i M_i), q = 1 in the open band;
    l_0 = 100000, l_{i+1} = l_i (1 − q_i), d_i = l_i − l_{i+1}; L_i = n_i (l_{i+1} + a_i d_i),
    L = l / M in the open band; e_i = Σ_{j≥i} L_j / l_i (years). Variance: var q_i =
    q_i² (1 − q_i) / D_i, var e_i = Σ_{j≥i} l_j² [(1 − a_j) n_j + e_{j+1}]² var q_j / l_i², the
    open band's term l² / (D M²) (Silcocks); limits e ∓ z_value(confidence) √var e.

    References
    ----------
    Chiang CL. Introduction to Stochastic Processes in Biostatistics. Wiley 1968, ch. 9.
    Silcocks PBS, Jenner DA, Reza R. Life expectancy as a summary of mortality in a population.
    J Epidemiol Community Health 2001;55:38–43. Eayres D, Williams ES. J Epidemiol Community
    Health 2004;58:243–249. PHEindicatormethods (UKHSA) phe_life_expectancy and the PHE Life
    Expectancy Calculator.

    Examples
    --------
    PHEindicatormethods' testLifeExpectancy.R, df1 and its answer1: e0 = 80.16960813
    (79.88268548 to 80.45653078), e65 = 18.76856852 (18.57570352 to 18.96143352).

    >>> deaths = [17, 9, 4, 8, 20, 15, 24, 33, 50, 71, 100, 163, 263, 304, 536, 872, 1390, 1605,
    ...           1936, 1937]
    >>> pops = [7060, 35059, 46974, 48489, 43219, 38561, 46009, 57208, 61435, 55601, 50209,
    ...         56416, 46411, 39820, 37978, 37039, 33288, 23306, 11936, 11936]
    >>> res = zb.life_tables(deaths, pops, zb.STANDARD_LIFE_TABLE_BANDS)
    >>> res.value[[0, 14]].round(4), res.lower[0, [0, 14]].round(4)
    (array([80.1696, 18.7686]), array([79.8827, 18.5757]))
    """
    on_bad_rows = choice(on_bad_rows, "on_bad_rows", ON_BAD_ROWS)
    levels = _levels(confidence)
    b = _bands(bands)
    d = float_column(deaths, "deaths")
    p = float_column(population, "population")
    s = _start_ages(start_age, "start_age")
    value, se, lower, upper, status, area_status, errors = _core.life_table_columns(
        d, p, s, _area_codes(area), levels, b, on_bad_rows)
    return BandedResult(tuple(levels), value, se, lower, upper, status, area_status, list(errors))


def premature_ncd_mortality_columns(deaths: "npt.ArrayLike", population: "npt.ArrayLike",
                                    start_age: "npt.ArrayLike",
                                    area: "Optional[npt.ArrayLike]" = None, *,
                                    confidence: Levels = 0.95, multiplier: float = 100,
                                    on_bad_rows: str = "raise") -> BandedResult:
    """SDG 3.4.1 per area from rows of (NCD deaths, population, start age 30 ... 65).

    Takes NumPy arrays or sequences (one row per band of one area; `area` as in life_tables)
    and returns a BandedResult with one value per area: the probability of dying between 30
    and 70 times `multiplier` (100: per cent, the default), limits on the same scale.

    Formula
    -------
    WHO SDG 3.4.1, per area: M_x = D_x / P_x in each band 30–34 … 65–69,
    5q_x = 5 M_x / (1 + 2.5 M_x), value = (1 − Π_x (1 − 5q_x)) × multiplier.
    Interval: delta method on θ = log(−log S), S = Π(1 − 5q_x), deaths Poisson:
    var S = S² Σ_x [5 / ((1 + 2.5M_x)(1 − 2.5M_x))]² D_x / P_x², se θ = √var S / (S |log S|),
    S limits exp(−exp(θ ± z se θ)).

    References
    ----------
    WHO Global Health Observatory, indicator metadata "Mortality from CVD, cancer, diabetes or
    CRD between exact ages 30 and 70" (SDG 3.4.1). Kalbfleisch JD, Prentice RL. The Statistical
    Analysis of Failure Time Data. Wiley 1980, §1.3 (the log–log transform).

    Examples
    --------
    A hand calculation with WHO's formula (exact fractions, tests/cpp/life_table_test.cpp):
    deaths 8 … 170 in populations 40,000 … 18,000 give S = 0.89173, 10.83 % (9.96 to 11.76).

    >>> res = zb.premature_ncd_mortality_columns([8, 12, 20, 35, 60, 90, 130, 170],
    ...     [40000, 38000, 36000, 34000, 30000, 26000, 22000, 18000], zb.NCD_MORTALITY_BANDS)
    >>> round(res.value[0], 4), round(res.standard_error[0], 4)
    (10.8269, 0.4575)
    """
    on_bad_rows = choice(on_bad_rows, "on_bad_rows", ON_BAD_ROWS)
    levels = _levels(confidence)
    multiplier = number(multiplier, "multiplier")
    d = float_column(deaths, "deaths")
    p = float_column(population, "population")
    s = _start_ages(start_age, "start_age")
    value, se, lower, upper, status, area_status, errors = _core.ncd_mortality_columns(
        d, p, s, _area_codes(area), levels, multiplier, on_bad_rows)
    return BandedResult(tuple(levels), value, se, lower, upper, status, area_status, list(errors))


def _limit_columns(levels: Sequence[float]) -> List[Tuple[str, str]]:
    if len(levels) == 1:
        return [("lower", "upper")]
    return [(f"lower_{level_label(c)}", f"upper_{level_label(c)}") for c in levels]


def life_expectancy(data: "Union[pd.DataFrame, DataFrameGroupBy]", deaths: str = "deaths",
                    population: str = "pops", age_band: str = "startage",
                    group_by: Union[None, str, Sequence[str]] = None, *,
                    confidence: Levels = 0.95, le_age: Optional[Sequence[float]] = None,
                    bands: Optional[Sequence[float]] = None,
                    on_bad_rows: str = "raise") -> "pd.DataFrame":
    """Life expectancy of every area at every band's start age, as PHE's phe_life_expectancy.

    Takes a pandas DataFrame (or a groupby of one) and returns a DataFrame whose value,
    standard error and limits are in years.

    `data` holds one row per area and age band (0, 1-4, 5-9, ..., 85-89, 90+; numbers or labels
    such as "5-9"); `group_by` names the columns that identify an area (or pass a pandas
    DataFrameGroupBy). Returns the rows sorted by area and start age, other columns kept, with
    `value` (years), `standard_error`, `lower`/`upper` (or `lower_95`, `upper_99_8`, ... for
    several levels), `status` and `reason` ("" when the value is there). `le_age` keeps only the
    rows of those start ages.

    Formula
    -------
    Chiang II abridged life table per area: M_i = D_i / P_i, a_i = 0.1 for the band at 0 and 0.5
    elsewhere, band width n_i; q_i = n_i M_i / (1 + (1 − a_i) n_i M_i), q = 1 in the open band;
    l_0 = 100000, l_{i+1} = l_i (1 − q_i), d_i = l_i − l_{i+1}; L_i = n_i (l_{i+1} + a_i d_i),
    L = l / M in the open band; e_i = Σ_{j≥i} L_j / l_i (years). Variance: var q_i =
    q_i² (1 − q_i) / D_i, var e_i = Σ_{j≥i} l_j² [(1 − a_j) n_j + e_{j+1}]² var q_j / l_i², the
    open band's term l² / (D M²) (Silcocks); limits e ∓ z_value(confidence) √var e.

    References
    ----------
    Chiang CL. Introduction to Stochastic Processes in Biostatistics. Wiley 1968, ch. 9.
    Silcocks PBS, Jenner DA, Reza R. Life expectancy as a summary of mortality in a population.
    J Epidemiol Community Health 2001;55:38–43. Eayres D, Williams ES. J Epidemiol Community
    Health 2004;58:243–249. PHEindicatormethods (UKHSA) phe_life_expectancy and the PHE Life
    Expectancy Calculator.

    Examples
    --------
    PHEindicatormethods' testLifeExpectancy.R, df1 and its answer1: e0 = 80.16960813
    (79.88268548 to 80.45653078), e65 = 18.76856852 (18.57570352 to 18.96143352).

    >>> df = pd.DataFrame({"startage": zb.STANDARD_LIFE_TABLE_BANDS,
    ...     "pops": [7060, 35059, 46974, 48489, 43219, 38561, 46009, 57208, 61435, 55601, 50209,
    ...              56416, 46411, 39820, 37978, 37039, 33288, 23306, 11936, 11936],
    ...     "deaths": [17, 9, 4, 8, 20, 15, 24, 33, 50, 71, 100, 163, 263, 304, 536, 872, 1390,
    ...                1605, 1936, 1937]})
    >>> zb.life_expectancy(df, le_age=[0, 65])[["startage", "value", "lower", "upper"]].round(4)
        startage    value    lower    upper
    0        0.0  80.1696  79.8827  80.4565
    14      65.0  18.7686  18.5757  18.9614
    """
    import pandas as pd

    frame, codes, _ = _frame_and_codes(data, group_by)
    _band_columns(frame, deaths, population, age_band)
    on_bad_rows = choice(on_bad_rows, "on_bad_rows", ON_BAD_ROWS)
    levels = _levels(confidence)
    b = _bands(bands)
    if le_age is not None:
        one_age = is_scalar(le_age) and not isinstance(le_age, (str, bytes))
        le_age = float_column([le_age] if one_age else le_age, "le_age")
    try:
        ages = _start_ages(frame[age_band], str(age_band))
        res = life_tables(frame[deaths], frame[population], ages, codes, confidence=levels,
                          bands=b, on_bad_rows=on_bad_rows)
    except InvalidRows as exc:
        raise relabelled(exc, frame.index, _column_names(deaths, population, age_band)) from None
    out = frame.copy()
    out["value"] = res.value
    out["standard_error"] = res.standard_error
    for j, (lo, up) in enumerate(_limit_columns(res.confidence)):
        out[lo] = res.lower[j]
        out[up] = res.upper[j]
    out["status"] = pd.Categorical(res.status_names(), categories=list(LIFE_TABLE_STATUS_NAMES))
    out["reason"] = res.reasons()
    order = np.lexsort((ages, codes if codes is not None else np.zeros(len(ages), np.int64)))
    out = out.iloc[order]
    if le_age is not None:
        out = out[np.isin(ages[order], le_age)]
    return out


def premature_ncd_mortality(data: "Union[pd.DataFrame, DataFrameGroupBy]",
                            deaths: str = "deaths", population: str = "pops",
                            age_band: str = "startage",
                            group_by: Union[None, str, Sequence[str]] = None, *,
                            confidence: Levels = 0.95, multiplier: float = 100,
                            on_bad_rows: str = "raise") -> "pd.DataFrame":
    """重大慢性病过早死亡率 (SDG 3.4.1) of every area: one row per area with its group keys,
    `value` (per cent by default), `standard_error`, `lower`/`upper`, `status` and `reason`.

    `data` holds one row per area and band 30-34 ... 65-69, with the deaths from cardiovascular
    disease, cancer, diabetes and chronic respiratory disease (ICD-10 I00-I99, C00-C97,
    E10-E14, J30-J98) and the population. Takes a pandas DataFrame (or a groupby of one);
    the value is the probability times `multiplier` (100: per cent, the default).

    Formula
    -------
    WHO SDG 3.4.1, per area: M_x = D_x / P_x in each band 30–34 … 65–69,
    5q_x = 5 M_x / (1 + 2.5 M_x), value = (1 − Π_x (1 − 5q_x)) × multiplier.
    Interval: delta method on θ = log(−log S), S = Π(1 − 5q_x), deaths Poisson:
    var S = S² Σ_x [5 / ((1 + 2.5M_x)(1 − 2.5M_x))]² D_x / P_x², se θ = √var S / (S |log S|),
    S limits exp(−exp(θ ± z se θ)).

    References
    ----------
    WHO Global Health Observatory, indicator metadata "Mortality from CVD, cancer, diabetes or
    CRD between exact ages 30 and 70" (SDG 3.4.1). Kalbfleisch JD, Prentice RL. The Statistical
    Analysis of Failure Time Data. Wiley 1980, §1.3 (the log–log transform).

    Examples
    --------
    A hand calculation with WHO's formula (exact fractions, tests/cpp/life_table_test.cpp):
    deaths 8 … 170 in populations 40,000 … 18,000 give S = 0.89173, 10.83 % (9.96 to 11.76).

    >>> df = pd.DataFrame({"startage": zb.NCD_MORTALITY_BANDS,
    ...                    "deaths": [8, 12, 20, 35, 60, 90, 130, 170],
    ...                    "pops": [40000, 38000, 36000, 34000, 30000, 26000, 22000, 18000]})
    >>> zb.premature_ncd_mortality(df).round(2)
       value  standard_error  lower  upper status reason
    0  10.83            0.46   9.96  11.76     ok
    """
    import pandas as pd

    frame, codes, keys = _frame_and_codes(data, group_by)
    _band_columns(frame, deaths, population, age_band)
    try:
        res = premature_ncd_mortality_columns(frame[deaths], frame[population], frame[age_band],
                                              codes, confidence=confidence,
                                              multiplier=multiplier, on_bad_rows=on_bad_rows)
    except InvalidRows as exc:
        raise relabelled(exc, frame.index, _column_names(deaths, population, age_band)) from None
    out = first_row_keys(frame, codes, keys, len(res.value))
    out["value"] = res.value
    out["standard_error"] = res.standard_error
    for j, (lo, up) in enumerate(_limit_columns(res.confidence)):
        out[lo] = res.lower[j]
        out[up] = res.upper[j]
    out["status"] = pd.Categorical(res.status_names(res.area_status),
                                   categories=list(LIFE_TABLE_STATUS_NAMES))
    out["reason"] = res.reasons(res.area_status)
    return out
