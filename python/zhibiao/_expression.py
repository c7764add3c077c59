"""Indicator expressions on pandas DataFrames.

zhibiao.Expression (compiled C++) evaluates over NumPy columns; expression_frame applies one to a
DataFrame whose columns are named by the reference keys, keeping every other column.

    >>> import pandas as pd, zhibiao as zb
    >>> df = pd.DataFrame({"doses": [67072], "task": [164318]}, index=["八公山区"])
    >>> out = zb.expression_frame(df, "#{doses} / (#{task} * [periodInYear] / [periodsPerYear]) * 100",
    ...                           period_in_year=5, periods_per_year=12)
    >>> round(float(out["value"].iloc[0]), 2)
    97.96
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Optional, Tuple, Union

import numpy as np

from . import _core
from ._frames import as_frame, column_label, float_column
from ._core import Expression, ExpressionReference, InvalidInput, time_variable
from ._options import number as _number

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["EXPRESSION_STATUS_DESCRIPTIONS", "Expression", "ExpressionReference", "expression_frame",
           "time_variable"]

#: Text of each expression status code, index = code: 0 "ok", 1 missing, 2 division by zero, 3 domain.
EXPRESSION_STATUS_DESCRIPTIONS: Tuple[str, ...] = tuple(_core.EXPRESSION_STATUS_DESCRIPTIONS)

ExpressionLike = Union[Expression, str]


def _time_input(frame, value: Any, name: str):
    """A time variable given as a column name, a number or an array."""
    if value is None:
        return value
    if isinstance(value, str):
        return float_column(frame[column_label(frame, value, name)], name)
    if np.isscalar(value):
        return _number(value, name)
    return float_column(value, name)


def expression_frame(frame: "pd.DataFrame", expression: ExpressionLike, *, days: Any = None,
                     period_in_year: Any = None, periods_per_year: Any = None,
                     name: str = "value") -> "pd.DataFrame":
    """A copy of `frame` with the expression's value of each row in column `name` and its status
    (text: ok, missing, division by zero, ...) in `name + "_status"`.

    Takes a pandas DataFrame and an Expression (or its text); the values are in whatever unit
    the expression's arithmetic gives (× 100 in the text: a per cent).

    Each reference key ("births", "births.male", "births@periodOffset(-1)") must be a column.
    Time variables are column names, numbers (the same for every row) or arrays. Object columns
    holding something other than numbers or missing values raise InvalidRows listing every one.

    Formula
    -------
    value[row] = the expression over that row's columns, with [days], [periodInYear] and
    [periodsPerYear] from the time variables given; NaN with its status where an input is
    missing or a division is by zero.

    References
    ----------
    DHIS2's indicator expressions and time variables ([days], [periodInYear],
    [periodsPerYear]); seed report 002: 67072 doses of a year's task of 164318 by the end of
    May, 40.82 % of the year and 97.96 % of the task due by then (5 / 12 of it).

    Examples
    --------
    >>> df = pd.DataFrame({"doses": [67072], "task": [164318]}, index=["八公山区"])
    >>> out = zb.expression_frame(df, "#{doses} / #{task} * 100")
    >>> round(float(out["value"].iloc[0]), 2), str(out["value_status"].iloc[0])
    (40.82, 'ok')
    """
    import pandas as pd

    frame = as_frame(frame, "frame", grouped=False)
    if not isinstance(name, str) or not name:
        raise InvalidInput(f"name: expected the name of the value column (text), got "
                           f"{type(name).__name__} {name!r}"[:160])
    if isinstance(expression, Expression):
        expr = expression
    elif isinstance(expression, str):
        expr = Expression(expression)
    else:
        raise InvalidInput(f"expression: expected an Expression or its text, got "
                           f"{type(expression).__name__} {expression!r}"[:160])
    values = {}
    for key in expr.keys:
        if key not in frame.columns:
            raise InvalidInput(f"values: no column {key!r} for the reference in {expr.text!r}; "
                               f"the frame has {list(frame.columns)}")
        values[key] = float_column(frame[key], key)
    out_values, status = expr.evaluate(
        values,
        days=_time_input(frame, days, "days"),
        period_in_year=_time_input(frame, period_in_year, "period_in_year"),
        periods_per_year=_time_input(frame, periods_per_year, "periods_per_year"),
    )
    if len(frame) != len(out_values):  # no column to size the result: one value for every row
        out_values, status = np.resize(out_values, len(frame)), np.resize(status, len(frame))
    out = frame.copy()
    out[name] = out_values
    out[name + "_status"] = pd.Categorical(
        np.asarray(EXPRESSION_STATUS_DESCRIPTIONS, dtype=object)[status],
        categories=list(EXPRESSION_STATUS_DESCRIPTIONS))
    return out
