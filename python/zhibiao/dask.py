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


def _text(frame: pd.DataFrame, names) -> pd.DataFrame:
    # Codes as text on every partition so that the same key groups together whatever dtype a
    # partition's reader guessed ("202401" vs 202401).
    return frame.assign(**{n: frame[n].astype(str) for n in names})


def combine_cells(ddf: dd.DataFrame, element: str = "element", org_unit: str = "org_unit",
                  period: str = "period", value: str = "value") -> pd.DataFrame:
    """One row per (element, org_unit, period) with the value summed over every partition; a
    pandas DataFrame with the four columns element, org_unit, period, value.

    Takes a dask.dataframe of the long table; the values are counts in the data's own unit and
    the sums are in that same unit. Codes come back as text.

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
    e, u, p, v = _columns(ddf, element, org_unit, period, value)
    keys = [e, u, p]
    cells = ddf.map_partitions(_text, keys).groupby(keys)[v].sum().compute().reset_index()
    cells.columns = ["element", "org_unit", "period", "value"]
    return cells


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
    cells = combine_cells(ddf, element, org_unit, period, value)
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


def roll_up(ddf: dd.DataFrame, tree: "zb.OrgUnitTree", element: str = "element",
            org_unit: str = "org_unit", period: str = "period",
            value: str = "value") -> pd.DataFrame:
    """Each element summed from the rows' units to every ancestor (and the unit itself), per
    period, on the cluster: a pandas DataFrame element, org_unit, period, value. Only additive
    (aggregation "sum") elements roll up this way; "last" or averaged elements go through
    evaluate.

    Takes a dask.dataframe of the long table and a zhibiao.OrgUnitTree; the sums are in the
    values' own unit (counts).

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
    e, u, p, v = _columns(ddf, element, org_unit, period, value)
    links = ancestors_table(tree)
    known = set(links["org_unit"])

    def one(part: pd.DataFrame) -> pd.DataFrame:
        part = _text(part, [e, u, p])
        unknown = sorted(set(part[u]) - known)
        if unknown:
            raise InvalidInput(f"{org_unit}: unknown org unit {unknown[0]!r} (not in the tree)")
        # Sum inside the partition first so the join multiplies cells, not raw rows.
        cells = part.groupby([e, u, p], as_index=False)[v].sum()
        cells = cells.rename(columns={e: "element", u: "org_unit", p: "period", v: "value"})
        return cells.merge(links, on="org_unit")[["element", "ancestor", "period", "value"]]

    meta = pd.DataFrame({"element": pd.Series(dtype=object), "ancestor": pd.Series(dtype=object),
                         "period": pd.Series(dtype=object), "value": pd.Series(dtype=float)})
    out = (ddf.map_partitions(one, meta=meta).groupby(["element", "ancestor", "period"])["value"]
           .sum().compute().reset_index().rename(columns={"ancestor": "org_unit"}))
    return out.sort_values(["element", "org_unit", "period"], ignore_index=True)
