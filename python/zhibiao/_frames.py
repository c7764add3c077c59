"""The one checked reader of DataFrames and their columns in the Python layer (issue 14, class 8).

Every public function that takes a table (`data`, `frame`) and names columns in it (`x`, `n`,
`value`, `group_by` ...) reads them here, before any arithmetic, so that what a user can type
wrongly ends as zhibiao.InvalidInput naming the argument, never as pandas' KeyError, an
AttributeError of a float that was passed as `data`, or a ValueError of a text cell:

- as_frame: the table argument is a pandas DataFrame (or, where the function works per group, a
  DataFrameGroupBy); anything else is refused naming the argument and the type given.
- column_label / require_columns: a column argument is one label (a string, or an int for frames
  with integer columns) that the frame has; None, arrays, NaN and missing names are refused,
  listing the columns the frame does have.
- optional_column: column_label, or None when the argument was not given.
- flag_column: a column of True/False cells (assign_quantiles' invert=<column>); any other cell
  (text such as "no", 0/1, missing) is reported with its row, never read by its truthiness.
- float_column: a column's cells as float64. Numbers and missing cells (None, NaN, pd.NA) are
  kept; every other cell (text such as "abc" or full-width "１２", booleans) is reported with its
  row in one InvalidRows, never turned into NaN. Missing cells are left to the kernels, which
  report them per row (docs/bad-input.md).
"""
from __future__ import annotations

import numbers
from typing import Any, List, Optional, Sequence, Union

import numpy as np

from ._core import InvalidInput, InvalidRows
from ._errors import RowError, invalid_rows, relabelled

__all__: list = []  # internal helpers only


def _type_name(value: Any) -> str:
    return type(value).__name__


def _shown(value: Any) -> str:
    """repr(value), cut to 40 characters (a message names a value, it does not dump it)."""
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def is_scalar(x: Any) -> bool:
    """True for what cannot be a column of values: None, text, a number, a 0-d array, or any
    object without a length (a column argument given one value where it needs one per row)."""
    return (x is None or isinstance(x, (str, bytes)) or np.isscalar(x) or not hasattr(x, "__len__")
            or (isinstance(x, np.ndarray) and x.ndim == 0))


def is_groupby(data: Any) -> bool:
    """True for a pandas DataFrameGroupBy."""
    try:
        from pandas.core.groupby import DataFrameGroupBy
    except ImportError:  # pragma: no cover
        return False
    return isinstance(data, DataFrameGroupBy)


def is_frame(data: Any) -> bool:
    try:
        import pandas as pd
    except ImportError:  # pragma: no cover
        return False
    return isinstance(data, pd.DataFrame)


def as_frame(data: Any, field: str = "data", *, grouped: bool = True,
             why_not_grouped: Optional[str] = None):
    """`data` itself when it is a DataFrame (or a DataFrameGroupBy, if `grouped`); otherwise
    InvalidInput naming `field` and what was given (and, for a groupby where none is taken,
    `why_not_grouped`)."""
    if is_frame(data) or (grouped and is_groupby(data)):
        return data
    wanted = "a pandas DataFrame or DataFrameGroupBy" if grouped else "a pandas DataFrame"
    if not grouped and why_not_grouped and is_groupby(data):
        raise InvalidInput(f"{field}: expected {wanted}, got a DataFrameGroupBy; {why_not_grouped}")
    raise InvalidInput(f"{field}: expected {wanted}, got {_type_name(data)} {_shown(data)}")


def _is_label(name: Any) -> bool:
    """A column label a user can type: a string, or a (non-bool) integer."""
    if isinstance(name, (bool, np.bool_)):
        return False
    return isinstance(name, (str, numbers.Integral))


def column_label(frame, name: Any, field: Optional[str] = None):
    """`name` when it is one label of a column of `frame`; InvalidInput naming `field` (the
    argument; defaults to the name itself) otherwise."""
    field = field or (name if isinstance(name, str) else "column")
    if name is None:
        raise InvalidInput(f"{field}: a column name is required, got None")
    if not _is_label(name):
        raise InvalidInput(f"{field}: expected a column name (text), got {_type_name(name)} {name!r}")
    if name not in frame.columns:
        raise InvalidInput(f"{field}: no such column {name!r}; the frame has {list(frame.columns)}")
    return name


def optional_column(frame, name: Any, field: str):
    """None when `name` is None (an optional column not asked for), else column_label."""
    return None if name is None else column_label(frame, name, field)


def require_columns(frame, columns: Sequence[Any], fields: Optional[Sequence[str]] = None) -> None:
    """column_label for each of `columns` (None entries skipped: optional columns not asked for)."""
    for i, column in enumerate(columns):
        if column is not None:
            column_label(frame, column, fields[i] if fields else None)


def column_labels(frame, names: Union[None, str, Sequence[Any]], field: str) -> List[Any]:
    """A `group_by`-like argument (None, one label or a list of them) as a list of labels of
    `frame`; InvalidInput naming `field` for anything else (numbers, NaN, arrays, repeats)."""
    if names is None:
        return []
    if _is_label(names):
        names = [names]
    elif isinstance(names, (list, tuple)):
        names = list(names)
    else:
        raise InvalidInput(
            f"{field}: expected a column name or a list of them, got {_type_name(names)} {names!r}")
    if not names:
        raise InvalidInput(f"{field}: an empty list names no column; pass None for no grouping")
    for name in names:
        column_label(frame, name, field)
    if len(set(names)) != len(names):
        raise InvalidInput(f"{field}: a column is named twice ({names})")
    return names


def float_column(x: Any, name: str) -> np.ndarray:
    """x as a 1-D float64 array, without a copy when it already is one.

    Object and string columns are accepted only where every entry is a number or missing; every
    other entry is reported with its row, never turned into NaN.
    """
    if x is None:
        raise InvalidInput(f"{name}: expected a column (list, array or Series), got None")
    if is_scalar(x):
        raise InvalidInput(
            f"{name}: expected a column (list, array or Series), got a scalar {_shown(x)}")
    dtype = getattr(x, "dtype", None)
    if dtype is not None and not isinstance(x, np.ndarray) and hasattr(x, "to_numpy"):
        if not isinstance(dtype, np.dtype) and getattr(dtype, "kind", "O") in "iuf":
            # pandas nullable Int64 / Float64: pd.NA becomes NaN, which the kernel then reports
            # as a non-finite input of that row (never dropped).
            return x.to_numpy(dtype=np.float64, na_value=np.nan)
        x = x.to_numpy()  # NumPy-backed columns: a view, no copy
    try:
        a = np.asarray(x)
    except (TypeError, ValueError) as exc:  # ragged nested lists
        raise InvalidInput(f"{name}: not a column of numbers ({exc})") from None
    if a.ndim != 1:
        raise InvalidInput(f"{name}: must be one-dimensional, got shape {a.shape}")
    if a.dtype.kind in "iuf":
        return a
    if a.dtype.kind == "b":
        raise InvalidInput(f"{name}: booleans are not counts; convert them explicitly")
    # Object / string columns: keep numbers and missing values, report everything else.
    import pandas as pd

    out = np.empty(a.shape[0], dtype=np.float64)
    bad: List[RowError] = []
    for i, v in enumerate(a):
        if v is None or v is pd.NA or (isinstance(v, float) and np.isnan(v)):
            out[i] = np.nan
        elif isinstance(v, (int, float, np.integer, np.floating)) and not isinstance(v, (bool, np.bool_)):
            try:
                out[i] = float(v)
            except OverflowError:  # an int beyond the doubles (10**400)
                bad.append((i, name, f"is beyond the range of a double ({v!r})"))
                out[i] = np.nan
        else:
            bad.append((i, name, f"is not a number ({v!r})"))
            out[i] = np.nan
    if bad:
        raise invalid_rows(bad)
    return out


def numeric_column(frame, name: Any, field: Optional[str] = None) -> np.ndarray:
    """The column `name` of `frame` as float64 (column_label, then float_column); a bad cell's
    row is named by its position and its index label: "deaths (index 'E02')"."""
    label = column_label(frame, name, field)
    try:
        return float_column(frame[label], str(label))
    except InvalidRows as exc:
        raise relabelled(exc, frame.index) from None


def flag_column(frame, name: Any, field: str) -> np.ndarray:
    """The column `name` of `frame` as a bool array: every cell True or False (NumPy or pandas
    booleans); any other cell ("no", 1, None) is reported with its row in one InvalidRows."""
    label = column_label(frame, name, field)
    column = frame[label]
    a = column.to_numpy()
    if a.dtype.kind == "b":
        return a
    bad: List[RowError] = []
    out = np.zeros(len(a), dtype=bool)
    for i, v in enumerate(a):
        if isinstance(v, (bool, np.bool_)):
            out[i] = bool(v)
        else:
            bad.append((i, f"{label} (index {column.index[i]!r})", f"is not True or False ({v!r})"))
    if bad:
        raise invalid_rows(bad)
    return out
