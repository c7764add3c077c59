"""The HTML report (docs/report.md): one self-contained page of indicators against their targets,
written by the C++ writer (include/zhibiao/report.hpp).

    >>> import zhibiao as zb
    >>> html = zb.html_report(
    ...     [{"indicator": "q", "name": "婚前医学检查任务完成率", "unit": "%", "value": 94.125,
    ...       "numerator": 1506, "denominator": 1600, "multiplier": 100, "target": 90,
    ...       "target_text": "≥90%", "status": "met", "time_progress": 41.67}],
    ...     title="八公山区2024年1—5月", narrative=["任务完成率94.13%。"])
    >>> ">94.13%<" in html
    True
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Mapping, Optional, Sequence, Union

from . import _core
from ._core import InvalidInput

if TYPE_CHECKING:  # annotations only
    import pandas as pd

__all__ = ["html_report"]


def _records(rows, field):
    """A DataFrame as its records (one dict per row); a list or tuple as it is."""
    try:
        import pandas as pd
    except ImportError:  # pragma: no cover - pandas is a dependency
        pd = None
    if pd is not None and isinstance(rows, pd.DataFrame):
        return rows.to_dict("records")
    if isinstance(rows, (list, tuple)):
        return list(rows)
    raise InvalidInput(f"{field}: must be a list of dicts or a DataFrame")


def html_report(rows: "Union[Sequence[Mapping[str, Any]], pd.DataFrame]", *, title: str = "",
                period: str = "", as_of: str = "", subject: str = "",
                rankings: "Union[Sequence[Mapping[str, Any]], pd.DataFrame, None]" = None,
                narrative: Optional[Sequence[str]] = None, language: str = "zh") -> str:
    """The HTML page (a str) of `rows`, one per indicator: dicts, or a DataFrame with those
    columns: indicator, name, unit ('%', '‰', '/10万'), value, numerator, denominator,
    multiplier (with the counts the value prints exactly: 1506 / 1600 × 100 → 94.13), decimals,
    target, target_upper, target_text, status ('met', 'not_met', 'partial', 'no_data',
    'not_assessed'), time_progress (序时进度 in per cent), monthly, month_labels, axis_max.
    `rankings`: dicts of indicator, name, unit, decimals, multiplier, direction
    ('higher_is_better', 'lower_is_better', 'neither'), target, target_text and entries (dicts of
    code, name, value, numerator, denominator, status). `narrative`: the sentences, in order.

    Every text is HTML-escaped; a NaN or infinite value prints "—" with the status no data.
    A field of the wrong type, an unknown field, decimals outside 0–15 or a target that is not
    finite raise InvalidInput naming it (rows[1].decimals).

    Takes a list of dicts or a pandas DataFrame; each value is in its row's unit (per cent for
    '%') and time_progress in per cent; returns the whole page as one str.

    Formula
    -------
    printed value = numerator / denominator × multiplier rounded half up at `decimals` on the
    exact ratio when the counts are given (1506 / 1600 × 100 = 94.125 → 94.13), else the value
    rounded half up; a bar's width = the unrounded value / axis end × 100 (per cent of its
    axis, clamped to 0–100; the axis end is axis_max, else 100 for a per-cent value).

    References
    ----------
    docs/report.md (what the page shows and the data model of report.hpp) and
    docs/units-and-rounding.md §3 (half-up rounding on the exact rational).

    Examples
    --------
    >>> page = zb.html_report([{"indicator": "q", "name": "免费婚前医学检查任务完成率", "unit": "%",
    ...                         "value": 94.125, "numerator": 1506, "denominator": 1600,
    ...                         "multiplier": 100, "target": 100, "target_text": "≥100%",
    ...                         "status": "not_met"}], title="示例区2019年")
    >>> page.startswith("<!DOCTYPE html>"), ">94.13%<" in page, 'width="94.125"' in page
    (True, True, True)
    """
    if narrative is not None and not isinstance(narrative, (list, tuple)):
        raise InvalidInput("narrative: must be a list of sentences")
    document = {"title": title, "period": period, "as_of": as_of, "subject": subject,
                "rows": _records(rows, "rows"), "language": language,
                "rankings": None if rankings is None else _records(rankings, "rankings"),
                "narrative": None if narrative is None else list(narrative)}
    return _core._write_html_report(document)
