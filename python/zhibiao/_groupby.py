"""Grouped input, read one way by every DataFrame function of the package.

A function that works per group accepts a DataFrame (one group, or grouped by its ``group_by=``
columns) or a pandas ``DataFrameGroupBy``, as PHEindicatormethods accepts grouped data frames.
All of them reduce their input to a Groups: the frame, each row's group code (pandas' ngroup,
-1 for a row pandas leaves out, such as a missing key under dropna) and the key columns. The
per-group work is the C++ kernels' (they take the codes or per-group row offsets); this module
only asks pandas for the groups.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, List, Optional, Sequence, Tuple, Union

import numpy as np

from ._core import InvalidInput, InvalidRows
from ._errors import relabelled
from ._frames import as_frame, column_labels, float_column, is_groupby, require_columns  # noqa: F401 - re-exported

__all__: list = []  # internal helpers only


@dataclass(frozen=True)
class Groups:
    """frame: the rows; codes: int64 group code per row (None when ungrouped); names: the key
    columns; grouped: the pandas groupby (None when ungrouped)."""

    frame: Any
    codes: Optional[np.ndarray]
    names: List[str]
    grouped: Any

    @property
    def ngroups(self) -> int:
        return 1 if self.grouped is None else int(self.grouped.ngroups)

    def keys(self):
        """The key values of each group, in code order, as a DataFrame with the key columns."""
        import pandas as pd

        if self.grouped is None:
            return pd.DataFrame(index=[0])
        return self.grouped.size().index.to_frame(index=False)


def groups(data, group_by: Union[None, str, Sequence[str]] = None, *, sort: bool = True,
           dropna: bool = True) -> Groups:
    """The Groups of a DataFrame (grouped by `group_by` columns, if given, with pandas' `sort`
    and `dropna`) or of a DataFrameGroupBy (as grouped already); InvalidInput naming `data` for
    anything else."""
    data = as_frame(data, "data")
    if is_groupby(data):
        if group_by is not None:
            raise InvalidInput("group_by: the data are grouped already")
        names = data.keys if isinstance(data.keys, list) else [data.keys]
        return Groups(data.obj, data.ngroup().to_numpy(np.int64), list(names), data)
    if group_by is None:
        return Groups(data, None, [], None)
    names = column_labels(data, group_by, "group_by")
    grouped = data.groupby(names, sort=sort, dropna=dropna)
    return Groups(data, grouped.ngroup().to_numpy(np.int64), names, grouped)


def summed(g: Groups, columns: Sequence[str]):
    """Per-group sums of `columns`, NaN for a group where any input is missing (a missing count
    is reported, never added as zero). Group keys become ordinary columns.

    Cells are read by float_column: a cell that is not a number ("abc", "１２", True) is an
    InvalidRows naming its row and column, never coerced to NaN and skipped by the sum (which
    made a group's total silently smaller than its rows)."""
    import pandas as pd

    frame = g.frame
    require_columns(frame, columns)
    keep = g.codes >= 0  # rows whose key is NaN belong to no group (pandas' dropna), as in pandas
    values = {}
    for c in columns:
        try:
            col = float_column(frame[c], str(c))
        except InvalidRows as exc:
            raise relabelled(exc, frame.index) from None
        # float64 before summing: an int64 sum wraps around silently past 2**63.
        values[c] = np.asarray(col, dtype=np.float64)[keep]
    sub = pd.DataFrame(values)
    by = g.codes[keep]
    sums = sub.groupby(by).sum()
    sums = sums.mask(sub.isna().groupby(by).any())
    out = sums.reset_index(drop=True)
    return pd.concat([g.keys(), out], axis=1)


def _grouping_column(grouped):
    """The one column label a sorted groupby groups by (by=["k"] or by="k"), else None: the fast
    paths take only that grouping, the rest stays pandas'."""
    key = getattr(grouped, "keys", None)
    if isinstance(key, list) and len(key) == 1:
        key = key[0]
    if not isinstance(key, str) or key not in grouped.obj.columns:
        return None
    if not getattr(grouped, "sort", True) or getattr(grouped, "level", None) is not None:
        return None
    return key


def _sorted_single_key(grouped):
    """(group offsets, keys frame) when `grouped` is a groupby on one numeric column whose
    values are already in ascending order with no missing key, else None: group k is rows
    offsets[k]:offsets[k + 1] (uint64, the bounds the per-group kernels read).

    Then the groups are runs of equal keys: their boundaries come from one vectorised
    comparison, with no factorisation, sort or reordered copy of the frame (issue 8). Any other
    grouping takes the general path, which gives the same groups in the same order.
    """
    import pandas as pd

    from . import _core

    key = _grouping_column(grouped)
    if key is None:
        return None
    frame = grouped.obj
    values = frame[key].to_numpy()
    if values.dtype.kind not in "iu" or len(values) == 0:
        return None  # floats may hold NaN keys, which pandas drops; leave them to pandas
    # In C++, in one read of the keys: the start of every run of equal keys and the end, and
    # each run's key; or None when a key decreases.
    found = _core.sorted_run_offsets(values.astype(np.int64, copy=False))
    if found is None:
        return None
    offsets, run_keys = found
    return offsets, pd.DataFrame({key: run_keys.astype(values.dtype, copy=False)})


def _text_single_key(grouped):
    """(codes, keys frame) when `grouped` is a sorted groupby on one column of Python str (object
    dtype, no missing key), factorized in C++ (one hash per row; the distinct keys sorted once),
    else None. The codes and keys are what pandas' ngroup and group keys give for that grouping
    (groups numbered in the keys' sorted order); any other grouping takes pandas' path."""
    import pandas as pd

    from . import _core

    key = _grouping_column(grouped)
    if key is None:
        return None
    frame = grouped.obj
    column = frame[key]
    if column.dtype != object:
        return None
    found = _core._factorize_text(column.to_numpy(), True)
    if found is None:
        return None
    codes, uniques = found
    return codes, pd.DataFrame({key: uniques})


def contiguous(data, columns: Sequence[str],
               minor: Optional[Callable[[], Tuple[np.ndarray, int]]] = None):
    """(frame with each group's rows together, offsets, keys frame, rows per group, positions) of
    a DataFrame (one group) or a groupby: group k is rows offsets[k]:offsets[k + 1], the layout
    the per-group kernels (standardisation) read. positions[i] is the row of the caller's frame
    that row i of the returned frame is (None when the frame is the caller's, unreordered), so
    that an error names the row the caller knows. A reordered frame is a dict of the requested
    columns as Series with a plain RangeIndex (frame[c] reads as on a DataFrame). `minor`, called
    only when the rows are reordered, gives (an int64 code in [0, minor_groups) per row of the
    caller's frame, minor_groups): the rows of a group then come by minor code, then as they
    came; a frame used as it is keeps its order."""
    import pandas as pd

    data = as_frame(data, "data")
    positions = None
    if is_groupby(data):
        fast = _sorted_single_key(data)
        if fast is not None:
            frame = data.obj
            offsets, keys = fast
            counts = np.diff(offsets.view(np.int64))
            require_columns(frame, columns)
            return frame, offsets, keys, counts, None
        from . import _core

        text = _text_single_key(data)
        if text is not None:
            codes, keys = text
            within, within_groups = (None, 0) if minor is None else minor()
            positions, counts = _core._group_order(codes, len(keys), within, within_groups)
            source = data.obj
        else:
            g = groups(data)
            keep = np.flatnonzero(g.codes >= 0)
            codes = g.codes[keep]
            # stable, as argsort(kind="stable") (lexsort by minor, codes with minor)
            within, within_groups = (None, 0) if minor is None else minor()
            order, counts = _core._group_order(
                codes, g.ngroups, None if within is None else within[keep], within_groups)
            positions = keep[order]
            source = g.frame
            keys = g.keys()
        # Only the columns the kernels read are reordered: a copy of the whole frame (text
        # columns above all) cost more than the standardisation itself (issue 16).
        require_columns(source, columns)
        # Each column's values taken by position, under a plain RangeIndex: taking the caller's
        # index as well was a third gather of every row, read only to label a bad row, which
        # positions map back to the caller's frame instead.
        # A dict of Series, not a DataFrame: a DataFrame stacks the float columns into one
        # block, a fourth copy of every row (issue 16); the kernels read each column alone.
        frame = {c: pd.Series(source[c].array.take(positions), copy=False)
                 for c in dict.fromkeys(columns)}
    else:
        frame = data
        counts = np.array([len(frame)])
        keys = pd.DataFrame(index=[0])
        require_columns(frame, columns)
    offsets = np.concatenate([[0], np.cumsum(counts)]).astype(np.uint64)
    return frame, offsets, keys.reset_index(drop=True), counts, positions


def first_row_keys(frame, codes: Optional[np.ndarray], keys: Sequence[str], n: int):
    """One row per group, in code order: the `keys` columns of each group's first row, or, with
    no keys, a frame of `n` rows with a plain index (the columns of a per-group result are then
    added to it)."""
    import pandas as pd

    if keys:
        _, first = np.unique(codes, return_index=True)
        return frame[list(keys)].iloc[first].reset_index(drop=True)
    return pd.DataFrame(index=range(n))
