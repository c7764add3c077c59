"""The report auditor over a work summary's text (docs/audit.md §15): every figure tied to what it
counts, the checks that tie them together, and which cannot all be true.

    >>> import zhibiao as zb
    >>> a = zb.audit("任务数为1600人，已为1506人进行了免费婚检，任务完成率94.12%。")
    >>> a.findings[["check", "verdict", "severity"]].values.tolist()
    [['quota_completion', 'inconsistent', 'error']]
"""
from __future__ import annotations

import datetime
import html
import json
from typing import Optional, Union

from . import _core

__all__ = ["audit", "Audit"]

MENTION_COLUMNS = ["id", "start", "end", "text", "quantity", "value", "decimals", "unit", "period"]
FINDING_COLUMNS = ["id", "check", "verdict", "severity", "mentions", "recomputed", "message_zh",
                   "message_en"]


class Audit:
    """What zhibiao.audit found in one text: ``mentions`` and ``findings`` (pandas DataFrames with
    the columns of the issue-17 JSON), ``to_json()``, ``to_markdown()`` and, in a notebook, the
    text with the figures of inconsistent findings highlighted. ``findings.recomputed`` is in the
    unit of the figure checked (per cent for a quota completion).

    Formula
    -------
    A printed rate r with d decimals is consistent when round_half_up(numerator / denominator ×
    multiplier, d) = r, rounded on the exact rational (docs/units-and-rounding.md §5).

    References
    ----------
    docs/audit.md §13 (the JSON) and §15 (the Python object).

    Examples
    --------
    Seed 000's sentence with its 94.13 % misprinted as 94.12 % (1506 ÷ 1600 × 100 = 94.125):

    >>> a = zb.audit("任务数为1600人，已为1506人进行了免费婚检，任务完成率94.12%。")
    >>> a
    Audit(3 mentions, 1 findings: {'inconsistent': 1})
    >>> a.findings[["check", "verdict", "recomputed"]].values.tolist()
    [['quota_completion', 'inconsistent', 94.125]]
    """

    def __init__(self, text: str, json_text: str):
        self._text = text
        self._json = json_text
        self._data = json.loads(json_text)

    @property
    def mentions(self):
        import pandas as pd

        rows = self._data["mentions"]
        return pd.DataFrame({c: [r[c] for r in rows] for c in MENTION_COLUMNS})

    @property
    def findings(self):
        import pandas as pd

        rows = self._data["findings"]
        return pd.DataFrame({c: [r[c] for r in rows] for c in FINDING_COLUMNS})

    def to_json(self) -> str:
        """The JSON of issue 17: {"mentions": [...], "findings": [...]}, offsets in code points."""
        return self._json

    def to_markdown(self) -> str:
        """The findings that are not consistent as a Markdown table (check, verdict, severity,
        message), or a line saying there are none."""
        rows = [f for f in self._data["findings"] if f["verdict"] != "consistent"
                or f["severity"] != "info"]
        if not rows:
            return "No inconsistent figures found."
        lines = ["| check | verdict | severity | message |", "|---|---|---|---|"]
        for f in rows:
            message = f["message_zh"].replace("|", "\\|").replace("\n", " ")
            lines.append(f"| {f['check']} | {f['verdict']} | {f['severity']} | {message} |")
        return "\n".join(lines)

    def _flagged(self):
        by_id = {m["id"]: m for m in self._data["mentions"]}
        spans = {}
        for f in self._data["findings"]:
            if f["verdict"] != "inconsistent" and f["severity"] == "info":
                continue
            for i in f["mentions"]:
                m = by_id[i]
                level = 2 if f["verdict"] == "inconsistent" else 1
                spans[(m["start"], m["end"])] = max(level, spans.get((m["start"], m["end"]), 0))
        return sorted(spans.items())

    def _repr_html_(self) -> str:
        """The text, HTML-escaped, with the figures of inconsistent findings marked red and of
        warnings marked yellow."""
        out, at = [], 0
        for (start, end), level in self._flagged():
            if start < at:
                continue
            colour = "#f8c0c0" if level == 2 else "#fff0a0"
            out.append(html.escape(self._text[at:start]))
            out.append(f'<mark style="background:{colour}">{html.escape(self._text[start:end])}'
                       "</mark>")
            at = end
        out.append(html.escape(self._text[at:]))
        return '<div style="white-space:pre-wrap">' + "".join(out) + "</div>"

    def __repr__(self) -> str:
        counts = {}
        for f in self._data["findings"]:
            counts[f["verdict"]] = counts.get(f["verdict"], 0) + 1
        return (f"Audit({len(self._data['mentions'])} mentions, {len(self._data['findings'])} "
                f"findings: {counts})")


def audit(text: Union[str, bytes], as_of: Optional[datetime.date] = None) -> Audit:
    """Audit a report's text (a str, or UTF-8 bytes): read its figures, link them and check them
    (docs/audit.md). ``as_of`` (a datetime.date) is the date the report speaks at; by default its
    last full date. Text that is not well-formed UTF-8 raises ParseError naming the position.
    Recomputed values are in the unit of the figure checked (per cent for 任务完成率). A share
    of a period's task is compared with 序时进度 both by days and by whole months elapsed; its
    ``recomputed`` is the time progress in per cent by whole months ("months", as reports count
    it), by days when the period is not whole months (docs/audit.md §4).

    Formula
    -------
    Each check recomputes a printed figure from the figures it is tied to, e.g. a quota
    completion done / quota × 100, and calls it consistent when that value rounded half up
    (exactly) at the printed decimals equals the printed figure.

    References
    ----------
    docs/audit.md (the checks, §15 the Python API); docs/units-and-rounding.md §5 (checking a
    printed figure).

    Examples
    --------
    Seed 000's sentence as printed: 1506 ÷ 1600 × 100 = 94.125, printed 94.13 %, consistent.

    >>> a = zb.audit("任务数为1600人，已为1506人进行了免费婚检，任务完成率94.13%。")
    >>> a.findings[["check", "verdict", "severity"]].values.tolist()
    [['quota_completion', 'consistent', 'info']]
    >>> a.mentions["quantity"].tolist()
    ['任务数', '已', '任务完成率']

    Seed 002's vaccinations, 40.8 % of the year's task at 31 May 2024: time progress is 5/12 =
    41.67 % by months (the recomputed value) and 152/366 = 41.53 % by days, so behind on both:

    >>> import datetime
    >>> a = zb.audit("2024年1-5月，全区已完成全年接种任务的40.8%。", as_of=datetime.date(2024, 5, 31))
    >>> f = a.findings.iloc[0]
    >>> f["check"], f["verdict"], f["severity"], round(f["recomputed"], 2)
    ('progress', 'consistent', 'warning', 41.67)
    """
    json_text = _core._audit_json(text, as_of)
    if isinstance(text, (bytes, bytearray, memoryview)):
        text = bytes(text).decode("utf-8")
    return Audit(text, json_text)
