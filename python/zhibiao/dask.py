"""Evaluate indicators on a dask.dataframe of data values (docs/dask.md).

`import zhibiao.dask` (plain `import zhibiao` never imports dask). The partitions may split the
long table (element, org_unit, period, value) by org unit, by period or anyhow: each partition's
rows are summed per (element, org_unit, period) and the partial sums are added across partitions
by dask (a sum of sums is the sum: never an average of rates). The combined cells -- one per key,
at most units × elements × months, small beside the raw rows -- come back to this process, are
loaded into a zhibiao.DataCube and evaluated by zhibiao.evaluate, so every value, status and
coverage column is the single-machine one (the same function on the same sums), and year-to-date
or same-period-last-year periods that span partitions are computed after the combine step.

roll_up sums each element from the rows' units to every ancestor in an OrgUnitTree on the
cluster (each row mapped to its ancestors, exploded, grouped and summed) for the additive part of
a roll-up that is too large to bring back at facility level.
"""
from __future__ import annotations

from typing import Any, List, Optional, Sequence, Union

import dask.dataframe as dd
import numpy as np
import pandas as pd

import zhibiao as zb
from ._core import InvalidInput
from ._errors import invalid_rows
from ._cube import cells_as_numbers
from ._frames import column_label

__all__ = ["combine_cells", "evaluate", "roll_up", "ancestors_table"]

_NO_FORMULA = {"ancestors_table": "a table of links between units: it computes no number"}


def _columns(ddf, element, org_unit, period, value):
    if not isinstance(ddf, dd.DataFrame):
        raise InvalidInput(f"data: expected a dask.dataframe.DataFrame, got {type(ddf).__name__}")
    # The frame's meta carries the columns: checked here, before any task runs on the cluster.
    return [column_label(ddf._meta, name, field)
            for name, field in ((element, "element"), (org_unit, "org_unit"), (period, "period"),
                                (value, "value"))]


# --- partial cells ---------------------------------------------------------------------------------
#
# A partition's rows become "partial cells": per key column the distinct codes as text (small) and
# one small integer code per cell, plus the summed values. Only those arrays cross the network, and
# the sums run on integer keys (one int64 per cell), never on Python str objects: grouping three
# object columns of millions of str, shipping them between processes and the garbage collector
# walking them was what made the first version slow (docs/dask.md, "what scales").

_KEYS = ("element", "org_unit", "period")


def _key_codes(series: pd.Series):
    """(codes int64, texts object array) of one key column: texts[codes] is the column as text,
    each distinct text once. Text is str(value) as `Series.astype(str)` writes it, so 202401 and
    "202401" meet in one code; only the distinct values are converted, not every row."""
    if isinstance(series.dtype, pd.CategoricalDtype):
        codes = series.cat.codes.to_numpy().astype(np.int64)
        uniques = pd.Series(series.cat.categories)
        if (codes < 0).any():  # a missing key: the text astype(str) gives it
            uniques = pd.concat([uniques, pd.Series([np.nan], dtype=object)], ignore_index=True)
            codes[codes < 0] = len(uniques) - 1
    else:
        codes, values = pd.factorize(series, use_na_sentinel=False)
        codes = codes.astype(np.int64)
        uniques = pd.Series(values)
    texts = uniques.astype(str).to_numpy(dtype=object)
    again, texts = pd.factorize(texts)  # two values with one text ("202401", 202401) merge
    return again.astype(np.int64)[codes], np.asarray(texts, dtype=object)


def _sum_by(codes, sizes, values):
    """Sum `values` per distinct tuple of codes (codes[k] in range(sizes[k])): (codes of each
    distinct tuple, their sums). One int64 key per cell; a dense bincount where the key space is
    small beside the cells, else a hash factorisation of the keys."""
    key = np.zeros(len(values), dtype=np.int64)
    for c, n in zip(codes, sizes):
        key = key * n + c
    space = int(np.prod([max(1, n) for n in sizes], dtype=object))
    if space <= 4 * len(values) + 4096:
        counts = np.bincount(key, minlength=space)
        sums = np.bincount(key, weights=values, minlength=space)
        present = np.flatnonzero(counts)
        key, total = present, sums[present]
    else:
        index, key = pd.factorize(key, sort=True)
        total = np.bincount(index, weights=values, minlength=len(key))
    out = []
    for n in reversed(sizes):
        key, c = np.divmod(key, n)
        out.append(c)
    return out[::-1], total


def _small(codes: np.ndarray, size: int) -> np.ndarray:
    # The narrowest integer for shipping (an element or month code fits a byte).
    return codes.astype(np.min_scalar_type(max(size - 1, 0)), copy=False)


def _partial(part: pd.DataFrame, number: int, columns, units=None, ancestors=None,
             unknown_units: str = "keep"):
    """The partial cells of one partition: {"codes": one array per key, "texts": one array per key,
    "base": one int per key, "values", "problems", "unknown"}. Code c of key k means texts[k][c -
    base[k]] for c >= base[k]; codes below base[k] are tree positions.

    `units`: a pandas Index of the tree's codes; given, org-unit codes are tree positions (the same
    on every partition, so no unit text is shipped) and only codes the tree does not know keep
    their text (unknown_units="keep": the cube names them) or are dropped and listed ("drop").
    `ancestors`: an int array, row i the tree positions unit i adds to (itself first, -1 past the
    root); given, each cell is added to every one of them (the roll-up's explode)."""
    e, u, p, v = columns
    numbers, non_numeric = cells_as_numbers(part[v])
    bad = np.isnan(numbers)
    problems = []
    if bad.any():
        # The messages the cube's load gives: a missing value or text that is not a number.
        labels = part.index
        for i in np.flatnonzero(bad)[:10_000]:  # the error lists ten; more only cost memory
            text = non_numeric.get(int(i))
            problems.append((number, int(i), labels[i], "is missing" if text is None else
                             f"{text!r} is not a number"))
    codes, texts = [], []
    for name in (e, u, p):
        c, t = _key_codes(part[name])
        codes.append(c)
        texts.append(t)
    base = [0, 0, 0]
    keep = ~bad
    unknown: list = []
    if units is not None:
        position = units.get_indexer(texts[1])
        missing = position < 0
        unknown = sorted(str(t) for t in texts[1][missing])
        if unknown_units == "drop":
            keep &= ~missing[codes[1]]
            position[missing] = 0
            texts[1] = texts[1][:0]
        else:
            position[missing] = len(units) + np.arange(int(missing.sum()))
            texts[1] = texts[1][missing]
        codes[1] = position[codes[1]]
        base[1] = len(units)
    if not keep.all():
        codes = [c[keep] for c in codes]
        numbers = numbers[keep]
    sizes = [b + len(t) for b, t in zip(base, texts)]
    codes, sums = _sum_by(codes, sizes, numbers)  # cells first: the explode multiplies cells, not rows
    if ancestors is not None:
        up = ancestors[codes[1]]
        reach = up >= 0
        counts = reach.sum(axis=1)
        codes = [np.repeat(codes[0], counts), up[reach].astype(np.int64), np.repeat(codes[2], counts)]
        codes, sums = _sum_by(codes, sizes, np.repeat(sums, counts))
    return {"codes": [_small(c, n) for c, n in zip(codes, sizes)], "texts": texts, "base": base,
            "values": sums, "problems": problems, "unknown": unknown[:1]}


def _merge(partials):
    """Partial cells of several partitions added into one: the distinct texts of each key column
    united, every partial's codes renumbered into the union, then one sum per cell."""
    partials = list(partials)
    codes, texts, sizes = [[] for _ in _KEYS], [], []
    base = partials[0]["base"]
    for k in range(len(_KEYS)):
        b = base[k]
        united, where = pd.factorize(np.concatenate([q["texts"][k] for q in partials]))
        united = united.astype(np.int64) + b
        offset = 0
        for q in partials:
            n = len(q["texts"][k])
            c = q["codes"][k].astype(np.int64)
            if n:
                # Below the base the codes are tree positions, the same in every partial.
                renumber = np.concatenate([np.arange(b, dtype=np.int64), united[offset:offset + n]])
                c = renumber[c] if b == 0 or (c >= b).any() else c
            codes[k].append(c)
            offset += n
        texts.append(np.asarray(where, dtype=object))
        sizes.append(b + len(where))
    values = np.concatenate([q["values"] for q in partials])
    merged, sums = _sum_by([np.concatenate(c) for c in codes], sizes, values)
    problems = [x for q in partials for x in q["problems"]]
    unknown = sorted(x for q in partials for x in q["unknown"])
    return {"codes": [_small(c, n) for c, n in zip(merged, sizes)], "texts": texts, "base": base,
            "values": sums, "problems": problems, "unknown": unknown[:1]}


def _reduce(ddf, columns, units=None, ancestors=None, unknown_units: str = "keep",
            split_every: int = 8):
    """All partitions' partial cells added on the cluster (a tree of merges, `split_every` at a
    time); the one result comes back (None for a frame of no partitions)."""
    import dask

    parts = ddf.to_delayed()
    partial = dask.delayed(_partial, pure=False)
    merge = dask.delayed(_merge, pure=False)
    if units is not None:
        # One key each in the graph, shipped once to a worker rather than inside every task, and
        # not hashed (pure=False): hashing 10^6 unit codes on every call costs more than it saves.
        units = dask.delayed(units, pure=False)
        ancestors = dask.delayed(ancestors, pure=False)
    level = [partial(piece, i, columns, units, ancestors, unknown_units)
             for i, piece in enumerate(parts)]
    while len(level) > 1:
        level = [merge(level[i:i + split_every]) for i in range(0, len(level), split_every)]
    if not level:
        return None
    (out,) = dask.compute(level[0])
    return out


def _raise_problems(result, value: str) -> None:
    # Rows are numbered within their partition; the field names the partition and index label.
    rows = [(i, f"{value} (partition {n}, index {label!r})", message)
            for n, i, label, message in result["problems"]]
    if rows:
        raise invalid_rows(rows)


def _frame(result, unit_texts=None, sort: bool = True) -> pd.DataFrame:
    """The combined cells as a pandas DataFrame: the key columns categorical (the distinct texts as
    categories, the tree's codes first where org units were coded by tree position), sorted as
    text when `sort`."""
    columns = {}
    codes = list(result["codes"])
    for k, name in enumerate(_KEYS):
        texts = result["texts"][k]
        if result["base"][k]:
            texts = np.concatenate([unit_texts[:result["base"][k]], texts])
        c = codes[k]
        if sort:
            order = np.argsort(texts.astype(str), kind="stable")
            rank = np.empty(len(order), dtype=np.int64)
            rank[order] = np.arange(len(order))
            c, texts = rank[c], texts[order]
            codes[k] = c
        columns[name] = pd.Categorical.from_codes(c, pd.Index(texts, dtype=object))
    values = result["values"]
    if sort and len(values):
        order = np.lexsort(codes[::-1])
        columns = {n: col[order] for n, col in columns.items()}
        values = values[order]
    columns["value"] = values
    return pd.DataFrame(columns)


def _no_cells() -> pd.DataFrame:
    return pd.DataFrame({"element": pd.Categorical([]), "org_unit": pd.Categorical([]),
                         "period": pd.Categorical([]), "value": np.zeros(0)})


def _cells(ddf, element, org_unit, period, value, tree=None, sort: bool = True) -> pd.DataFrame:
    columns = _columns(ddf, element, org_unit, period, value)
    codes = None if tree is None else np.array(tree.codes, dtype=object)
    result = _reduce(ddf, columns, None if tree is None else pd.Index(codes))
    if result is None:
        return _no_cells()
    _raise_problems(result, value)
    return _frame(result, unit_texts=codes, sort=sort)


def combine_cells(ddf: dd.DataFrame, element: str = "element", org_unit: str = "org_unit",
                  period: str = "period", value: str = "value") -> pd.DataFrame:
    """One row per (element, org_unit, period) with the value summed over every partition; a
    pandas DataFrame with the four columns element, org_unit, period, value.

    Takes a dask.dataframe of the long table; the values are counts in the data's own unit and
    the sums are in that same unit. The three keys come back as categorical columns of text,
    rows in key order. A missing or non-numeric value is an InvalidRows naming its partition and
    index label (the cube would reject it too).

    Formula
    -------
    value(e, u, p) = Σ over partitions Σ over the partition's rows with key (e, u, p) of value
    (a sum of sums is the sum).

    References
    ----------
    docs/dask.md (combine, bring back, evaluate) and the dask.dataframe groupby-sum
    (https://docs.dask.org/en/stable/dataframe-groupby.html).

    Examples
    --------
    >>> import dask.dataframe as dd, zhibiao.dask as zbd
    >>> rows = pd.DataFrame({"element": ["premarital_checked"] * 4, "org_unit": ["A", "B", "A", "B"],
    ...                      "period": ["202501"] * 4, "value": [25.0, 70.0, 15.0, 0.0]})
    >>> cells = zbd.combine_cells(dd.from_pandas(rows, npartitions=2))   # A: 25 + 15 across partitions
    >>> cells.sort_values("org_unit")[["org_unit", "value"]].to_numpy().tolist()
    [['A', 40.0], ['B', 70.0]]
    """
    return _cells(ddf, element, org_unit, period, value)


def evaluate(ddf: dd.DataFrame, tree: "zb.OrgUnitTree",
             indicators: "Union[zb.Catalog, Sequence[zb.Indicator]]",
             org_units: "Union[str, Sequence[str], None]" = None,
             periods: "Union[str, zb.Period, Sequence[Union[str, zb.Period]], None]" = None, *,
             catalog: "Union[zb.Catalog, Sequence[zb.DataElement], None]" = None,
             first_month: "Union[zb.Period, str, None]" = None, months: Optional[int] = None,
             element: str = "element",
             org_unit: str = "org_unit", period: str = "period", value: str = "value",
             parent_values: str = "error", **options: Any) -> pd.DataFrame:
    """zhibiao.evaluate over a dask.dataframe: the table the single-machine path gives.

    tree: a zhibiao.OrgUnitTree; indicators: a Catalog or a list of Indicators; catalog: the
    Catalog whose data_elements the cube holds, or a list of DataElements (default `indicators` when it is a Catalog, else
    the built-in one). first_month / months: the cube's months (default: the January of the
    earliest year in the data through the December of the latest). Other options go to
    zhibiao.evaluate (confidence, coverage, language, display).

    Takes a dask.dataframe of the long table; returns the pandas DataFrame of zhibiao.evaluate,
    each value on its indicator's scale (per cent, per mille, per 100,000: the indicator's
    multiplier).

    Formula
    -------
    value = Σ numerator / Σ denominator × the indicator's multiplier per unit and period, on the
    combined cells (combine_cells), as zhibiao.evaluate computes it on one machine.

    References
    ----------
    docs/dask.md and docs/aggregation.md (sums of counts, never means of rates); DHIS2's
    indicator definition (numerator / denominator × factor).

    Examples
    --------
    >>> import dask.dataframe as dd, zhibiao.dask as zbd
    >>> tree = zb.org_unit_tree(pd.DataFrame({"code": ["D", "A", "B"], "name": ["示例区", "甲镇", "乙镇"],
    ...                                       "parent": ["", "D", "D"]}))
    >>> rows = pd.DataFrame({"element": ["premarital_checked"] * 2 + ["premarital_check_quota"] * 2,
    ...                      "org_unit": ["A", "B", "A", "B"], "period": ["202501"] * 4,
    ...                      "value": [40.0, 70.0, 300.0, 500.0]})
    >>> ind = [zb.builtin_catalog().indicator("premarital_check_quota_completion")]
    >>> out = zbd.evaluate(dd.from_pandas(rows, npartitions=2), tree, ind, ["D", "A", "B"], ["202501"])
    >>> out[["org_unit", "numerator", "denominator", "value"]]   # D: (40 + 70) / (300 + 500)
      org_unit  numerator  denominator      value
    0        D      110.0        800.0  13.750000
    1        A       40.0        300.0  13.333333
    2        B       70.0        500.0  14.000000
    """
    # Org units coded by tree position on the workers; the cube needs no order.
    cells = _cells(ddf, element, org_unit, period, value, tree, sort=False)
    if catalog is None:
        catalog = indicators if isinstance(indicators, zb.Catalog) else zb.builtin_catalog()
    if first_month is None or months is None:
        if cells.empty:
            raise InvalidInput("data: no rows; give first_month and months")
        years = sorted({int(str(p)[:4]) for p in cells["period"].unique()})  # period codes start with the year
        if first_month is None:
            first_month = zb.Period.month(years[0], 1)
        if months is None:
            months = 12 * (years[-1] - int(str(zb.as_period(first_month))[:4]) + 1)
    elements = catalog.data_elements if isinstance(catalog, zb.Catalog) else list(catalog)
    cube = zb.DataCube(tree, elements, zb.as_period(first_month), months)
    cube.load_frame(cells, parent_values=parent_values)
    return zb.evaluate(cube, indicators, org_units, periods, **options)


def ancestors_table(tree: "zb.OrgUnitTree") -> pd.DataFrame:
    """org_unit → every unit it adds to (itself and each ancestor): columns org_unit, ancestor.

    Takes a zhibiao.OrgUnitTree; returns a pandas DataFrame of codes, one row per unit and
    each unit it adds to.

    References
    ----------
    docs/dask.md (the unit → ancestor table roll_up joins, the "explode") and
    docs/aggregation.md (the org-unit hierarchy).

    Examples
    --------
    >>> import zhibiao.dask as zbd
    >>> tree = zb.org_unit_tree(pd.DataFrame({"code": ["D", "A", "B"], "name": ["示例区", "甲镇", "乙镇"],
    ...                                       "parent": ["", "D", "D"]}))
    >>> zbd.ancestors_table(tree).sort_values(["org_unit", "ancestor"]).to_numpy().tolist()
    [['A', 'A'], ['A', 'D'], ['B', 'B'], ['B', 'D'], ['D', 'D']]
    """
    rows: List[tuple] = []
    for i, code in enumerate(tree.codes):
        j: Optional[int] = i
        while j is not None:
            rows.append((code, tree.code(j)))
            j = tree.parent(j)
    return pd.DataFrame(rows, columns=["org_unit", "ancestor"])


def _ancestor_positions(tree) -> np.ndarray:
    """Row i: unit i's tree position, then its parent's, up to the root; -1 past the root."""
    parent = np.array([-1 if q is None else q for q in (tree.parent(i) for i in range(len(tree)))],
                      dtype=np.int64)
    columns = [np.arange(len(tree), dtype=np.int64)]
    while len(tree) and (columns[-1] >= 0).any():
        last = columns[-1]
        columns.append(np.where(last >= 0, parent[np.maximum(last, 0)], -1))
    return np.stack(columns[:-1] or columns, axis=1).astype(np.int32)


def roll_up(ddf: dd.DataFrame, tree: "zb.OrgUnitTree", element: str = "element",
            org_unit: str = "org_unit", period: str = "period",
            value: str = "value") -> pd.DataFrame:
    """Each element summed from the rows' units to every ancestor (and the unit itself), per
    period, on the cluster: a pandas DataFrame element, org_unit, period, value. Only additive
    (aggregation "sum") elements roll up this way; "last" or averaged elements go through
    evaluate.

    Takes a dask.dataframe of the long table and a zhibiao.OrgUnitTree; the sums are in the
    values' own unit (counts); keys categorical, rows in key order. A unit the tree does not
    know is an InvalidInput.

    Formula
    -------
    value(e, a, p) = Σ over the units u with a = u or a an ancestor of u of cell(e, u, p).

    References
    ----------
    docs/dask.md (roll_up) and docs/aggregation.md (summing counts up the org-unit tree).

    Examples
    --------
    >>> import dask.dataframe as dd, zhibiao.dask as zbd
    >>> tree = zb.org_unit_tree(pd.DataFrame({"code": ["D", "A", "B"], "name": ["示例区", "甲镇", "乙镇"],
    ...                                       "parent": ["", "D", "D"]}))
    >>> rows = pd.DataFrame({"element": ["premarital_checked"] * 3, "org_unit": ["A", "B", "A"],
    ...                      "period": ["202501"] * 3, "value": [25.0, 70.0, 15.0]})
    >>> out = zbd.roll_up(dd.from_pandas(rows, npartitions=2), tree)
    >>> out.sort_values("org_unit")[["org_unit", "value"]].to_numpy().tolist()   # D = 40 + 70
    [['A', 40.0], ['B', 70.0], ['D', 110.0]]
    """
    columns = _columns(ddf, element, org_unit, period, value)
    codes = np.array(tree.codes, dtype=object)
    result = _reduce(ddf, columns, pd.Index(codes), _ancestor_positions(tree), unknown_units="drop")
    if result is None:
        return _no_cells()
    if result["unknown"]:
        raise InvalidInput(f"{org_unit}: unknown org unit {result['unknown'][0]!r} (not in the tree)")
    _raise_problems(result, value)
    return _frame(result, unit_texts=codes)
