"""Figures in report text: every number a work summary prints, with its printed decimals, the
interval it stands for, its unit and its place in the text (docs/figures.md).

    >>> import zhibiao as zb
    >>> df = zb.read_figures("任务数为1600人，已完成1506人，任务完成率94.13%")
    >>> df[["text", "value", "decimals", "unit_kind", "unit"]].values.tolist()[2]
    ['94.13%', 94.13, 2, 'rate', '%']
    >>> zb.read_figure("1.45万人").value
    14500.0
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Union

from ._core import Figure, read_figure, read_figure_at
from . import _core

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["Figure", "read_figure", "read_figure_at", "read_figures"]

COLUMNS = ["start", "end", "text", "printed", "value", "decimals", "lower", "upper", "bound",
           "unit_kind", "unit", "rate_unit", "chinese_numerals", "number_start", "number_end",
           "unit_start", "unit_end", "density"]


def read_figures(text: Union[str, bytes]) -> "pd.DataFrame":
    """Every figure of `text` (a str, or UTF-8 bytes) as a pandas DataFrame, one row per figure in
    order, each value in the figure's own unit (94.13% is 94.13, per cent; magnitudes applied): start and end (code points, end exclusive: ``text[start:end]`` is the figure's text),
    text, printed (the number as printed, magnitude applied, e.g. '94.13', '14500'), value,
    decimals (as printed), lower and upper (what the figure stands for), bound ('exact', 'about',
    'more_than', 'nearly', 'less_than'), unit_kind ('none', 'rate', 'percentage_points', 'count',
    'money', 'date', 'duration', 'units'), unit ('%', '/10万', '万元', '人次', ...), rate_unit (a
    Unit code such as 'percent' for rates, else None), chinese_numerals, the spans of the number
    alone and of the unit word (number_start, number_end, unit_start, unit_end: 约1.45万人 has the
    number 1.45万 at [1, 6) and the unit 人 at [6, 7)), and density (the population base of a
    density named before its number, 千人口床位数6.99张: 'per_1000_population'; else None).

    Text that is not a figure (一是, 第三, H7N9, 1.2.3) is skipped; only text that is not
    well-formed UTF-8 raises ParseError, naming the position.

    Formula
    -------
    value = printed number × magnitude (万 = 10^4, 亿 = 10^8); [lower, upper) = the rounding
    range value ∓ u/2, u one unit of the last printed digit; 约 widens it to value ∓ max(u, 5 %
    of value), 近 to [value − max(u, 5 % of value), value].

    References
    ----------
    docs/figures.md (the grammar of a figure, §4 the ranges of its qualifiers).

    Examples
    --------
    Seed 000's sentence on premarital checks:

    >>> df = zb.read_figures("任务数为1600人，已完成1506人，任务完成率94.13%")
    >>> df[["text", "value", "unit_kind"]].values.tolist()
    [['1600人', 1600.0, 'count'], ['1506人', 1506.0, 'count'], ['94.13%', 94.13, 'rate']]
    >>> df["lower"].tolist()[2], df["upper"].tolist()[2]
    (94.125, 94.135)
    """
    import pandas as pd

    columns = _core._read_figure_columns(text)
    frame = pd.DataFrame({name: columns[name] for name in COLUMNS})
    return frame.astype({"start": "int64", "end": "int64", "number_start": "int64",
                         "number_end": "int64", "unit_start": "int64", "unit_end": "int64",
                         "value": "float64",
                         "decimals": "int64", "lower": "float64", "upper": "float64",
                         "chinese_numerals": "bool"})
