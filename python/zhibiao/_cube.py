"""Org units and the data cube with pandas: build a tree from a parent table, load a long table
of data values, aggregate to any level and period.

DataFrame text columns are factorised here (pandas.factorize), so each distinct element, org-unit
code and period text is resolved once in C++; values are converted with pandas.to_numeric and every
entry that is not a number is reported with its row, never turned into a silent NaN.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Iterable, List, Optional, Sequence, Union

import numpy as np

from ._errors import relabelled
from ._core import AggregationType, DataCube, DataElement, InvalidInput, InvalidRows, OrgUnitTree, Period
from ._frames import as_frame, column_label
from ._options import ON_BAD_ROWS, choice
from ._period import as_period

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["AggregationType", "DataCube", "DataElement", "LoadResult", "OrgUnitTree", "org_unit_tree"]

_NO_FORMULA = {
    "LoadResult": "a record of what a load stored and refused, it computes no figure",
}


def org_unit_tree(frame: "pd.DataFrame", code: str = "code", name: str = "name", parent: str = "parent",
                  level_names: Optional[Sequence[str]] = None) -> OrgUnitTree:
    """An OrgUnitTree from a parent table (a missing parent marks a root).

    Takes a pandas DataFrame with one row per org unit (columns code, name and parent, as
    examples/district/org_units.csv has them; other labels by `code=`, `name=`, `parent=`) and
    optional names of the levels (区, 街道, 村); returns the tree, whose units are numbered in the
    frame's row order and whose levels count from 1 at the roots. Every empty or repeated code,
    unknown parent and cycle is reported at once (InvalidRows); errors name the frame's index
    labels as well as positions.

    Formula
    -------
    level(root) = 1, level(u) = level(parent(u)) + 1; a unit's aggregates cover its whole
    subtree (itself and every unit below it).

    References
    ----------
    docs/aggregation.md §2 (the org-unit hierarchy); DHIS2 user manual 2.29, "Organisation
    units: the where dimension".

    Examples
    --------
    The example district's root and two of its 街道 (examples/district/org_units.csv):

    >>> units = pd.DataFrame({"code": ["340999", "340999001", "340999002"],
    ...                       "name": ["示例区", "东城街道", "西城街道"],
    ...                       "parent": [None, "340999", "340999"]})
    >>> tree = zb.org_unit_tree(units, level_names=["区", "街道"])
    >>> len(tree), tree.levels, tree.level_name(2)
    (3, [1, 2, 2], '街道')
    """
    frame = as_frame(frame, "frame", grouped=False)
    code = column_label(frame, code, "code")
    name = column_label(frame, name, "name")
    parent = column_label(frame, parent, "parent")
    levels = _level_names(level_names)
    try:
        # Columns of str (None / NaN where missing) are read in place; the tree then keeps those
        # str objects for the org_unit columns of result frames.
        if all(frame[c].dtype == object for c in (code, name, parent)):
            tree = OrgUnitTree._from_text_columns(frame[code].to_numpy(), frame[name].to_numpy(),
                                                  frame[parent].to_numpy(), levels)
            if tree is not None:
                return tree
        codes, names, parents = (_as_text(frame[c]) for c in (code, name, parent))
        return OrgUnitTree.from_parent_table(codes, names, parents, levels)
    except InvalidRows as exc:
        raise relabelled(exc, frame.index) from None


def _level_names(level_names) -> Optional[List[str]]:
    """level_names: None or a list of text, one name per level (区, 乡镇, 村)."""
    if level_names is None:
        return None
    if isinstance(level_names, str) or not isinstance(level_names, (list, tuple)):
        raise InvalidInput(f"level_names: expected a list of names, one per level, got "
                           f"{type(level_names).__name__} {level_names!r}"[:160])
    for k, n in enumerate(level_names):
        if not isinstance(n, str):
            raise InvalidInput(f"level_names: item {k} is {type(n).__name__} {n!r}, not text"[:160])
    return list(level_names) or None


def _as_text(series) -> List[str]:
    """A column as text, missing cells as "": numeric codes stay integers (a float column of
    codes with gaps would otherwise print 340405.0)."""
    import pandas as pd

    missing = series.isna().to_numpy()
    if pd.api.types.is_float_dtype(series) and np.all(np.mod(series.dropna(), 1) == 0):
        values = series.fillna(0).to_numpy().astype(np.int64).astype(str)
    else:
        values = series.to_numpy(dtype=object).astype(str)  # numpy's loop, not pandas' per-item one
    values[missing] = ""
    return values.tolist()




@dataclass(frozen=True)
class LoadResult:
    """What a load did: `loaded` values stored, `errors` (row, field, message) for every bad row.

    Returned by DataCube.load_frame (a pandas DataFrame in): counts of values and lists of rows,
    no figure of the data. `parent_conflicts`: every value of a unit whose ancestor also has a
    value for the same key and month, paired with its nearest such ancestor, as (key, period,
    ancestor, ancestor_row, descendant, descendant_row) with a row None for a value of an
    earlier load; settled by the load's `parent_values`. `removed`: with "keep_children",
    values of earlier loads removed.

    References
    ----------
    docs/aggregation.md §2.1 (a value beside values of its descendants) and docs/bad-input.md
    (row errors and on_bad_rows="mark"); DHIS2's analytics add such values (parent_values="add").

    Examples
    --------
    A township's 合计 row beside its village's row, with parent_values="keep_children":

    >>> tree = zb.OrgUnitTree.from_parent_table(["T", "V"], ["青山镇", "青山村"], ["", "T"])
    >>> cube = zb.DataCube(tree, [zb.DataElement("births")], zb.Period.month(2024, 1), 1)
    >>> result = cube.load_frame(pd.DataFrame({"element": "births", "org_unit": ["T", "V"],
    ...                                        "period": "202401", "value": [12, 12]}),
    ...                          parent_values="keep_children")
    >>> result.loaded, result.parent_conflicts
    (1, [('births', '202401', 'T', 0, 'V', 1)])
    """

    loaded: int
    errors: List[tuple]
    parent_conflicts: List[tuple] = field(default_factory=list)
    removed: int = 0


def _text_column(series):
    import pandas as pd

    if isinstance(series.dtype, pd.PeriodDtype):
        series = series.astype(str)
    elif pd.api.types.is_datetime64_any_dtype(series):
        series = series.dt.to_period("M").astype(str)
    if isinstance(series.dtype, pd.CategoricalDtype):
        # Already factorised: the categories are the uniques, the codes index them (-1 = missing).
        # Both go to C++ as they are (the categories' str objects, the int8 … int64 codes).
        categories = series.cat.categories
        uniques = categories.to_numpy() if categories.dtype == object else [str(c) for c in categories]
        return uniques, series.cat.codes.to_numpy()
    codes, uniques = pd.factorize(series)  # missing cells get the code -1
    uniques = np.asarray(uniques)
    return (uniques if uniques.dtype == object else [str(u) for u in uniques]), codes


def cells_as_numbers(series):
    """(float64 values, {row: text}) of a value column that may hold numbers written as text
    (a CSV or Excel column read as str: "12", "3.5"): numbers and numeric text as floats, missing
    cells as NaN, and every other cell — text that is not a number ("abc", full-width "１２"),
    True / False — listed by row with its text, never read as NaN or as 1 / 0. The loaders
    (load_frame, check_reported_rates) pass the list to the core, which reports each as a bad
    row under the call's on_bad_rows."""
    import pandas as pd

    if isinstance(series.dtype, np.dtype) and series.dtype.kind in "fiu":
        # NumPy numbers: nothing can be "not a number" but NaN, which is a missing value; a
        # float64 column is read in place.
        return series.to_numpy(dtype=np.float64), {}
    if pd.api.types.is_bool_dtype(series.dtype):
        cells = series.to_numpy(dtype=object)
        numbers = np.full(len(cells), np.nan)
        return numbers, {i: str(v) for i, v in enumerate(cells) if v is not pd.NA and v is not None}
    numbers = pd.to_numeric(series, errors="coerce").to_numpy(dtype=np.float64, na_value=np.nan)
    bad = np.isnan(numbers) & series.notna().to_numpy()
    if series.dtype == object:
        # pandas reads True as 1.0: a truth value is not a count.
        bad |= np.fromiter((isinstance(v, (bool, np.bool_)) for v in series.to_numpy()),
                           dtype=bool, count=len(series))
    rows = np.flatnonzero(bad)
    numbers[rows] = np.nan
    return numbers, {int(i): str(series.iloc[i]) for i in rows}


def load_frame(cube: DataCube, frame: "pd.DataFrame", element: str = "element", org_unit: str = "org_unit",
               period: str = "period", value: str = "value", on_bad_rows: str = "raise",
               parent_values: str = "error") -> LoadResult:
    """Load a long table of data values (one row per element, org unit and month).

    on_bad_rows="raise" (default) raises InvalidRows listing every bad row and loads nothing;
    "mark" loads the good rows and returns the bad ones in LoadResult.errors. A key given twice
    is an error on each of its rows.

    parent_values: what to do with a value of an org unit whose descendants also have values for
    the same key and month (a township's 合计 row beside its villages' rows, which added up the
    tree would be counted twice): "error" (default) makes both rows of each conflict bad rows,
    each naming the other; "keep_children" drops the ancestor's value (its total is its
    descendants'); "keep_parent" keeps it as the total of its subtree at its level and above
    (the descendants keep their own values); "add" adds both (DHIS2's analytics). See
    docs/aggregation.md §2.1.
    """
    import pandas as pd

    frame = as_frame(frame, "frame", grouped=False)
    element = column_label(frame, element, "element")
    org_unit = column_label(frame, org_unit, "org_unit")
    period = column_label(frame, period, "period")
    value = column_label(frame, value, "value")
    on_bad_rows = choice(on_bad_rows, "on_bad_rows", ON_BAD_ROWS)
    parent_values = choice(parent_values, "parent_values", _PARENT_VALUES)
    elements, element_codes = _text_column(frame[element])
    units, unit_codes = _text_column(frame[org_unit])
    periods, period_codes = _text_column(frame[period])
    numbers, non_numeric = cells_as_numbers(frame[value])
    try:
        loaded, errors, conflicts, removed = cube._load_factorised(
            elements, element_codes, units, unit_codes, periods, period_codes, numbers, non_numeric,
            on_bad_rows, parent_values)
    except InvalidRows as exc:
        raise relabelled(exc, frame.index) from None
    return LoadResult(loaded, list(errors), list(conflicts), removed)


_PARENT_VALUES = ("error", "keep_children", "keep_parent", "add")


def _level(cube: DataCube, level: int, field: str) -> list:
    """The units of `level` (1 = the roots); a level the tree does not have is InvalidInput
    naming `field`, not an empty table."""
    deepest = int(cube.tree._level_array.max()) if len(cube.tree) else 0
    if not 1 <= level <= deepest:
        raise InvalidInput(f"{field}: the tree has levels 1 .. {deepest}, got level {level}")
    return cube.tree.units_at_level(level)


def _units(cube: DataCube, org_units, as_array: bool = False):
    """Indices of the org units asked for: a list, or with as_array an int64 array (for 10^5
    units, read in one C++ loop)."""
    if not isinstance(cube, DataCube):
        raise InvalidInput(f"cube: expected a zhibiao.DataCube, got {type(cube).__name__}")
    tree = cube.tree
    if org_units is None:
        return tree.units_at_level(1)
    # A list or tuple is never a scalar: np.ndim would convert all of its 10^5 items to an
    # array just to say so (issue 16).
    if isinstance(org_units, (bool, np.bool_)) or (
            not isinstance(org_units, (list, tuple, int, np.integer, str)) and np.ndim(org_units) == 0):
        raise InvalidInput(f"org_units: expected a level number, a code or a list of codes, got "
                           f"{type(org_units).__name__} {org_units!r}"[:160])
    if isinstance(org_units, np.integer):
        org_units = int(org_units)
    if isinstance(org_units, int):
        return _level(cube, org_units, "org_units")
    if isinstance(org_units, str):
        if org_units.startswith("level:"):
            text = org_units.split(":", 1)[1]
            if not text.isascii() or not text.isdigit():
                raise InvalidInput(f"org_units: 'level:' needs a level number, got {org_units!r}")
            return _level(cube, int(text), "org_units")
        return [tree.index(org_units)]
    if isinstance(org_units, np.ndarray) and org_units.dtype.kind in "iu":
        indices = org_units.astype(np.int64).ravel()
    else:
        if not isinstance(org_units, (list, tuple, np.ndarray)) and not hasattr(org_units, "__iter__"):
            raise InvalidInput(f"org_units: expected a level number, a code or a list of codes, "
                               f"got {type(org_units).__name__} {org_units!r}"[:160])
        # Codes (str) or indices; an item of another type (a bool, a float) is an InvalidInput
        # naming its position, from the loop that reads the items (OrgUnitTree._indices).
        items = org_units if isinstance(org_units, (list, tuple)) else list(org_units)
        indices = tree._indices(items)
    return indices if as_array else indices.tolist()


def _periods(cube: DataCube, periods) -> list:
    """The Periods asked for: a Period-like or a list of them; by default the cube's months as
    one range (the default of aggregate, evaluate and validate)."""
    if periods is None:
        last = cube.first_month
        for _ in range(cube.months - 1):
            last = last.next()
        return [Period.range(cube.first_month.start, last.end)]
    if isinstance(periods, str) or not isinstance(periods, Iterable):
        periods = [periods]
    return [as_period(p) for p in periods]


def aggregate(cube: DataCube, key: str, org_units: Union[None, int, str, Iterable] = None,
              periods: Union[Any, Iterable[Any]] = None):
    """`key` aggregated to org units × periods as a long DataFrame.

    org_units: a level number (2 = every unit of level 2), a code, a list of codes, or
    "group:NAME" for an org-unit group (the group's own members, not their subtrees); default
    the roots. periods: a Period-like or a list of them (codes, Chinese text, pandas Periods);
    default the cube's months as one range. Columns: org_unit, name, level, period, value, count,
    and the coverage (docs/aggregation.md §5.1): months_reported, months_expected, units_complete,
    units_expected and coverage ("complete", "partial: ...", "missing: ...", "outside the cube:
    ..." for a period with no month in the cube). org_unit, name and period are Categoricals
    over the units and periods asked for, as in zb.evaluate's result.
    """
    import pandas as pd

    group = org_units[len("group:"):] if isinstance(org_units, str) and org_units.startswith("group:") else None
    units = [] if group is not None else _units(cube, org_units)
    periods = _periods(cube, periods)
    tree = cube.tree
    from ._core import COVERAGE_STATUS_DESCRIPTIONS

    coverage_names = ["months_reported", "months_expected", "units_complete", "units_expected"]

    def with_coverage(frame, result):
        for name, column in zip(coverage_names, result[2:6]):
            frame[name] = column.reshape(-1).astype(int)
        frame["coverage"] = pd.Categorical.from_codes(result[6].reshape(-1),
                                                      categories=list(COVERAGE_STATUS_DESCRIPTIONS))
        return frame

    if group is not None:
        result = cube._aggregate_group(key, group, periods)
        values, counts = result[:2]
        return with_coverage(pd.DataFrame({"org_unit": f"group:{group}", "name": group, "level": 0,
                                           "period": [p.code for p in periods], "value": values[0],
                                           "count": counts[0].astype(int)}), result)
    result = cube._aggregate(key, units, periods)
    values, counts = (np.ascontiguousarray(m) for m in result[:2])
    # Row i × len(periods) + j: the matrices in C order (units × periods). The text columns are
    # Categoricals over the units and periods asked for, as zb.evaluate's (one small code a row,
    # built without a Python loop over the rows).
    from ._evaluation import _categorical, _unit_factors

    unit_rows = np.repeat(np.asarray(units, dtype=np.int64), len(periods))
    period_rows = np.tile(np.arange(len(periods), dtype=np.int64), len(units))
    code_factor, name_factor = _unit_factors(tree, unit_rows)
    frame = pd.DataFrame({
        "org_unit": _categorical(unit_rows, code_factor),
        "name": _categorical(unit_rows, name_factor),
        "level": tree._level_array[unit_rows],
        "period": _categorical(period_rows, [p.code for p in periods]),
        "value": values.reshape(-1),
        "count": counts.reshape(-1).astype(int),
    })
    c_order = (np.ascontiguousarray(m) for m in result[2:])
    return with_coverage(frame, (None, None, *c_order))

