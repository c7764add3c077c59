"""Evaluating indicators over a data cube, as a pandas long table."""
from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any, Iterable, List, Mapping, Optional, Sequence, Union

import numpy as np

from . import _core
from ._options import choice, confidence_levels, flag, language as _language
from ._core import (EVALUATION_STATUS_DESCRIPTIONS, Catalog, DataCube, Indicator, InvalidInput,
                    NationalTarget)
from ._cube import _periods, _units
from ._interval import level_label

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["Catalog", "EVALUATION_STATUS_DESCRIPTIONS", "Indicator", "NationalTarget", "builtin_catalog",
           "catalog_schema", "evaluate", "load_catalog"]

_NO_FORMULA = {
    "builtin_catalog": "returns the catalog of definitions, it computes no figure itself",
    "catalog_schema": "returns the text of a JSON Schema, no figure is computed",
    "load_catalog": "a file reader: it parses definitions and computes no figure",
}

#: The values of evaluate(coverage=...): docs/aggregation.md §5.1.
COVERAGE_POLICIES = ("flag_partial", "require_complete", "any_data")


def builtin_catalog() -> Catalog:
    """The built-in catalog compiled into the library (docs/catalog.md §5): a copy.

    Takes nothing; returns a Catalog of data elements and indicators (each indicator's value, from
    zhibiao.evaluate, is in its own unit: per cent, per mille, per 100,000 ...), with the national
    targets and the documents that set them.

    References
    ----------
    data/catalog.json and docs/catalog.md §5 (the built-in entries, each with its source
    document, e.g. 《健康儿童行动提升计划（2021—2025年）》 for 婴儿死亡率 ≤ 5.2‰ by 2025).

    Examples
    --------
    >>> imr = zb.builtin_catalog().indicator("infant_mortality_rate")
    >>> imr.numerator, imr.denominator, imr.unit
    ('#{infant_deaths}', '#{live_births}', Unit('per_mille'))
    """
    return Catalog.builtin()


def catalog_schema() -> str:
    """The JSON Schema (draft 2020-12) of the catalog format, as shipped in data/.

    Takes nothing; returns one text (JSON), for validating a catalog file with any JSON Schema
    tool before load_catalog reads it.

    References
    ----------
    JSON Schema draft 2020-12 (json-schema.org); data/catalog.schema.json and docs/catalog.md §2.

    Examples
    --------
    >>> import json
    >>> json.loads(zb.catalog_schema())["$schema"]
    'https://json-schema.org/draft/2020-12/schema'
    """
    return Catalog.schema_json()


def load_catalog(path: Union[str, "os.PathLike[str]"], encoding: str = "utf-8",
                 over_builtin: bool = False) -> Catalog:
    """A Catalog (data elements and indicators) from a JSON file.

    Takes one file path; returns a Catalog (definitions only: values come from evaluate, each in
    its indicator's unit).

    encoding: "utf-8" (the default; a byte order mark is accepted) or "gb18030" (also "gbk",
    what Chinese Windows saves). The bytes go to the core as they are, so that text that is not in
    the encoding is a ParseError with the character position and byte offset (naming GB18030 when
    a UTF-8 read meets GBK bytes), never a UnicodeDecodeError.

    over_builtin: lay the file over the built-in catalog (its entries replace the built-in ones
    with their ids, new ids are added, its "remove" lists take built-in ones out).

    References
    ----------
    docs/catalog.md §2 (the format) and §3 (laying a catalog over another).

    Examples
    --------
    >>> import pathlib, tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = pathlib.Path(folder) / "catalog.json"
    ...     _ = path.write_text('{"indicators": [{"id": "premarital_check_rate", '
    ...                         '"numerator": "#{premarital_checked}", '
    ...                         '"denominator": "#{marriage_registrations}"}]}', encoding="utf-8")
    ...     catalog = zb.load_catalog(path)
    >>> catalog.indicator("premarital_check_rate").unit
    Unit('percent')
    """
    user = Catalog.from_json(_core._read_file(path), encoding=encoding)
    return Catalog.builtin().merged(user) if flag(over_builtin, "over_builtin") else user


def indicator_list(indicators, field: str = "indicators") -> List[Indicator]:
    """A Catalog's indicators, one Indicator, or a list of them; InvalidInput naming `field`
    for anything else (an item that is not an Indicator is named by its position)."""
    if isinstance(indicators, Catalog):
        # An indicator computed by a method (人均预期寿命: a life table) is not a ratio of the
        # cube's counts: a catalog's are left out, as a list naming one is refused by the core.
        inds = [i for i in indicators.indicators if not i.method]
    elif isinstance(indicators, Indicator):
        inds = [indicators]
    elif isinstance(indicators, (list, tuple)):
        inds = list(indicators)
        for k, i in enumerate(inds):
            if not isinstance(i, Indicator):
                raise InvalidInput(f"{field}: item {k} is {type(i).__name__} {i!r}, not an "
                                   "Indicator"[:160])
    else:
        raise InvalidInput(f"{field}: expected a Catalog or a list of Indicators, got "
                           f"{type(indicators).__name__} {indicators!r}"[:160])
    if not inds:
        raise InvalidInput(f"{field}: give at least one indicator")
    for i in inds:
        if i.method:
            raise InvalidInput(f"{field}: '{i.id}' is computed by {i.method}, not as a ratio of the "
                               "cube's counts (docs/catalog.md §5)"[:200])
    return inds


def _factor(lookup: Sequence[Any], distinct: bool = False) -> Any:
    """(codes, categories) of a lookup: categories its distinct items in order of first
    appearance, codes None when the items are already distinct (the lookup's positions are the
    codes). A Categorical's categories must be distinct; two units (or indicators) may share a
    name. distinct=True: the caller knows the items are distinct (a tree's codes), and they are
    not hashed to find out."""
    import pandas as pd

    items = np.asarray(lookup, dtype=object)
    if distinct:
        codes, uniques = None, items
    else:
        codes, uniques = pd.factorize(items, use_na_sentinel=False)
        codes = None if len(uniques) == len(lookup) else codes
    return codes, _distinct_index(uniques)


def _distinct_index(texts: np.ndarray) -> Any:
    """An Index of texts known to be distinct and not missing, that knows it. Every Categorical
    over it (and the CategoricalIndex of a set_index on one) checks its categories are distinct
    and not NaN, and pandas learns that by hashing every item once per Index (Index.is_unique,
    35 ms for the 1.7 × 10^5 units of the roll-up benchmark, and again for their names): the
    answers are put in the Index's cache of computed properties (Index._cache, where pandas
    1.5 and 2.x keep is_unique and hasnans), so the hash is never built for a fact already
    known. tests/python/test_evaluation.py checks that a result's Categoricals equal those of
    pandas' own validating constructors."""
    import pandas as pd

    index = pd.Index(texts, dtype=object, tupleize_cols=False)
    cache = getattr(index, "_cache", None)
    if isinstance(cache, dict):
        cache["is_unique"] = True
        cache["hasnans"] = False
    return index


def _unit_texts(tree: Any) -> Any:
    """The tree's codes and names as object arrays: the str objects a tree read from text columns
    keeps (OrgUnitTree._from_text_columns: its own copy of the frame's, `_codes`, `_names`), else
    made from the tree's text (167,221 units: about 10 ms for each)."""
    codes, names = getattr(tree, "_codes", None), getattr(tree, "_names", None)
    return (np.asarray(tree.codes, dtype=object) if codes is None else codes,
            np.asarray(tree.names, dtype=object) if names is None else names)


def _unit_factors(tree: Any, units: np.ndarray) -> Any:
    """The factors (_factor) of the codes and names of the units evaluated, over the tree's
    indices: the categories are those units only (in the tree's order), so that a groupby of the
    result has no empty group for a unit not asked for. For every unit of the tree (the common
    case of 10^5 units), the tree's own factors, kept on it: no Index of them is built again."""
    full = getattr(tree, "_factors", None)
    # The distinct units in the tree's order from a mark per unit: O(units), where np.unique
    # sorted them (2 ms of a roll-up's 10^5 units). The indices come checked from the core.
    marked = np.zeros(len(tree), dtype=bool)
    marked[units] = True
    present = np.flatnonzero(marked)
    if len(present) == len(tree):
        if full is None:
            codes, names = _unit_texts(tree)
            code_factor = _factor(codes, distinct=True)
            # A tree read without names names each unit by its code: one factor serves both.
            same = len(codes) > 0 and bool((codes == names).all())
            full = tree._factors = (code_factor, code_factor if same else _factor(names))
        return full
    codes, names = _unit_texts(tree)
    position = np.full(len(tree), -1, dtype=np.int64)
    position[present] = np.arange(len(present))
    name_codes, name_categories = _factor(names[present])
    return ((position, _factor(codes[present], distinct=True)[1]),
            (position if name_codes is None else np.where(position >= 0, name_codes[position], -1),
             name_categories))


def _categorical(index: np.ndarray, lookup: Any) -> Any:
    """lookup[index] as a Categorical; lookup is a sequence or a _factor."""
    import pandas as pd

    codes, categories = lookup if isinstance(lookup, tuple) else _factor(lookup)
    if codes is not None:
        index = codes[index]
    dtype = pd.CategoricalDtype(categories)
    # The codes' width pandas keeps (int8, int16, int32 by the number of categories): from the
    # core they have it already, and then the Categorical holds them without a copy.
    width = pd.Categorical.from_codes(np.zeros(0, dtype=np.int8), dtype=dtype).codes.dtype
    return pd.Categorical.from_codes(index.astype(width, copy=False), dtype=dtype)


def evaluate(cube: DataCube, indicators: Union[Catalog, Sequence[Indicator]],
             org_units: Union[None, int, str, Iterable] = None, periods: Any = None, *,
             confidence: Union[None, float, Sequence[float]] = None, language: str = "zh",
             display: bool = True, coverage: str = "flag_partial",
             constants: Optional[Mapping[str, float]] = None, missing_values: str = "propagate",
             dhis2_semantics: bool = False,
             groups: Optional[Mapping[str, Sequence[str]]] = None) -> "pd.DataFrame":
    """Evaluate indicators for org units × periods; a DataFrame with one row per indicator,
    org unit and period.

    Takes a DataCube and a Catalog or a list of Indicators; returns a long pandas DataFrame
    whose `value` is in each indicator's unit (its multiplier: per cent, per mille, per 100,
    per 100,000 ...) and whose `display` is that value printed as reports print it.

    org_units: a level number, a code or a list of codes (default: the roots).
    periods: a Period-like or a list (codes, Chinese text, pandas Periods); default the cube's year
    of months as one range. confidence: e.g. 0.95 or [0.95, 0.998] adds lower_95 / upper_95 ...
    (Wilson for proportions, exact/Byar for rates); ratios and quota completions have no interval
    method: their limits are NaN and the column limits_status (added with confidence) says
    "no interval method for this kind" ("no value" for a row without a value, else "ok").
    Columns: indicator, indicator_name, org_unit, org_unit_name, level, period, numerator,
    denominator, value, display ('33.65%', unless display=False), status, then the coverage of
    each row (docs/aggregation.md §5.1): months_reported, months_expected (months of the period),
    units_complete (expected units that reported every month), units_expected (units of the
    subtree that report the element) and coverage ("complete", "partial: ...", ...).
    indicator, indicator_name, org_unit, org_unit_name and period are Categoricals over the
    indicators, units and periods asked for (status and coverage over their descriptions): a
    result of 10^7 rows holds a small code per row, not a text object (`.astype(object)` before
    writing a new text into one of them).
    coverage: what a row whose data do not cover the period gets: "flag_partial" (the default:
    status "partial: ...", the value over what was reported kept), "require_complete" (status
    partial, value NaN) or "any_data" (status ok whenever a value can be computed).
    DHIS2 compatibility (docs/dhis2-expressions.md): constants gives C{uid} its value (a dict
    uid -> number); missing_values is "propagate" (zhibiao's default: a missing value makes the
    row missing) or DHIS2's "skip_if_any_value_missing", "skip_if_all_values_missing",
    "never_skip" (missing counts as 0 where the row is computed); dhis2_semantics=True gives
    DHIS2's results where zhibiao is stricter (x / 0 is ±inf, with the status still
    "undefined: denominator is zero"); groups says what DHIS2's tagged items #{deGroup:uid},
    #{de.co:uid}, #{de.coGroup:uid} stand for (a dict "deGroup:uid" / "co:uid" / "coGroup:uid"
    -> list of ids, as zb.Expression(groups=) and Dhis2Metadata.item_groups give it).

    Formula
    -------
    value = Σ numerator / Σ denominator × multiplier: each data element aggregated over the
    unit's subtree and the period's months by its own type first, the expressions evaluated on
    the aggregates, the division last (never a mean of the units' rates).

    References
    ----------
    docs/aggregation.md §1 (sum the parts, then divide) and §5.1 (coverage, after DHIS2's
    reporting rate and MissingValueStrategy); docs/catalog.md; seed report 000: 427 boys and
    374 girls give 出生人口性别比 114.17.

    Examples
    --------
    >>> tree = zb.OrgUnitTree.from_parent_table(["D", "T"], ["示例区", "东城街道"], ["", "D"])
    >>> cube = zb.DataCube(tree, [zb.DataElement("live_births", disaggregations=["male", "female"])],
    ...                    zb.Period.month(2024, 6), 1)
    >>> _ = cube.load_frame(pd.DataFrame({"element": ["live_births.male", "live_births.female"],
    ...                                   "org_unit": "T", "period": "202406", "value": [427, 374]}))
    >>> out = zb.evaluate(cube, [zb.builtin_catalog().indicator("sex_ratio_at_birth")])
    >>> out.loc[0, ["org_unit", "numerator", "denominator", "display", "status"]].tolist()
    ['D', 427.0, 374.0, '114.17', 'ok']
    """
    import pandas as pd

    inds = indicator_list(indicators)
    language = _language(language)
    display = flag(display, "display")
    units = _units(cube, org_units, as_array=True)
    periods = _periods(cube, periods)
    # None: no intervals; otherwise one level or several, 0.95 or 95 (the one reader, _options).
    levels = [] if confidence is None else confidence_levels(confidence)
    coverage = choice(coverage, "coverage", COVERAGE_POLICIES)
    (ind, unit, period, num, den, value, status, lower, upper, limits_status, months_reported,
     months_expected, units_complete, units_expected, coverage_status) = _core._evaluate(
        cube, inds, units, periods, levels, coverage, constants, missing_values, dhis2_semantics,
        groups)
    tree = cube.tree
    descriptions = list(_core.EVALUATION_STATUS_DESCRIPTIONS)
    # The text columns are Categoricals over small lookups (the indicators, the tree's units, the
    # periods), taking the core's codes (already of the width pandas wants) as they are: no
    # object column of one reference per row (5 × 8 bytes a row, 1 GB at 26 million rows) and no
    # per-row Python. The frame is built from one dict with copy=False, so that pandas keeps each
    # column as the array it is given instead of stacking the numbers into a new block.
    ids = [i.id for i in inds]
    names = [(i.name_zh if language == "zh" else i.name_en) or i.id for i in inds]
    code_factor, name_factor = _unit_factors(tree, units)
    levels_of = tree._level_array
    columns = {
        "indicator": _categorical(ind, ids),
        "indicator_name": _categorical(ind, names),
        "org_unit": _categorical(unit, code_factor),
        "org_unit_name": _categorical(unit, name_factor),
        "level": levels_of[unit],
        "period": _categorical(period, [p.code for p in periods]),
        "numerator": num,
        "denominator": den,
        "value": value,
    }
    if display:
        columns["display"] = np.asarray(
            _core.format_values(value, ind.astype(np.int64), [i.unit for i in inds], [i.decimals for i in inds],
                                status, descriptions, language), dtype=object)
    columns["status"] = pd.Categorical.from_codes(status, categories=descriptions)
    columns["months_reported"] = months_reported
    columns["months_expected"] = months_expected
    columns["units_complete"] = units_complete
    columns["units_expected"] = units_expected
    columns["coverage"] = pd.Categorical.from_codes(
        coverage_status, categories=list(_core.COVERAGE_STATUS_DESCRIPTIONS))
    for k, c in enumerate(levels):  # lower / upper: rows × levels, each level contiguous
        columns[f"lower_{level_label(c)}"] = lower[:, k]
        columns[f"upper_{level_label(c)}"] = upper[:, k]
    if levels:
        # Why a row's limits are NaN: a ratio or quota completion has no interval method, a row
        # without a value has no limits (issue 14 class 3: never NaN beside an unexplained ok).
        columns["limits_status"] = pd.Categorical.from_codes(
            limits_status, categories=list(_core.LIMITS_STATUS_DESCRIPTIONS))
    frame = pd.DataFrame(columns, copy=False)
    return frame
