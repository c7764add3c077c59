"""Readable ``repr`` and Jupyter ``_repr_html_`` for the public objects (issue 19 item 4).

The compiled classes are plain pybind11 ``py::class_`` types, which accept attribute assignment
from Python, so the methods are attached here rather than in C++: the text stays next to its
HTML twin and the core needs no rebuild. Where the core already writes a Chinese sentence
(``summary()``, ``describe()``, ``chinese()``) it is reused, not rebuilt. Every user string goes
through ``html.escape``. Colours live in one small class set (``zb-ok``, ``zb-warn``, ``zb-bad``,
``zb-na``) inside each fragment: no external files, no JavaScript.
"""
from __future__ import annotations

import html
import math
from typing import TYPE_CHECKING

from . import _core
from ._core import InvalidInput
from ._status import OUTCOME_WORDS, TONE_COLOURS, tone

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["table_html", "plan_html"]
_NO_FORMULA = {
    "table_html": "It renders a table as HTML and computes no number of its own.",
}

# One colour per tone, from the one table of outcome words (zhibiao._status, docs/vocabulary.md §4).
_STYLE = ("<style>" + "".join(f".zb-{t}{{color:{c}}}" for t, c in TONE_COLOURS.items())
          + ".zb-t td,.zb-t th{padding:2px 6px;text-align:left}</style>")


def _e(value) -> str:
    return html.escape(str(value))


def _badge(text, css) -> str:
    return f'<span class="{css}">{_e(text)}</span>'


def _fragment(title, rows, status=None) -> str:
    """A titled two-column table; ``status`` is (text, css class) shown beside the title."""
    head = f"<b>{_e(title)}</b>"
    if status is not None:
        head += " " + _badge(*status)
    body = "".join(f"<tr><th>{_e(k)}</th><td>{_e(v)}</td></tr>" for k, v in rows)
    return f'<div>{_STYLE}{head}<table class="zb-t">{body}</table></div>'


def _word(code):
    """(Chinese word, css class) of an outcome code."""
    word = OUTCOME_WORDS[code]
    return word.zh, f"zb-{word.tone}"


def _reached(flag):
    return _word("reached" if flag else "not_reached")


def _num(x, d=2) -> str:
    return "—" if x is None else f"{x:.{d}f}"


# --- QuotaCompletion -------------------------------------------------------------------------
def _qc_repr(self):
    pct = self.format(2) if self.defined else "undefined"
    return f"QuotaCompletion(done={self.done:g}, quota={self.quota:g}, completion={pct})"


def _qc_html(self):
    status = ((("已完成", "zb-ok") if self.reached else ("未完成", "zb-bad"))
              if self.defined else ("无法计算", "zb-na"))
    return _fragment("任务完成率", [("任务数", f"{self.quota:g}"), ("已完成", f"{self.done:g}"),
                                 ("完成率", self.format(2) if self.defined else "—")], status)


# --- Quota and its assessment ----------------------------------------------------------------
def _quota_repr(self):
    return f"Quota(amount={self.amount:g}, period={self.period.code!r})"


def _quota_html(self):
    rows = [("任务数", f"{self.amount:g}"), ("期间", self.period.chinese())]
    if self.derivation:
        rows.append(("算式", self.derivation))
    return _fragment("任务", rows)


def _pace_status(self):
    if self.reached:
        return ("已完成", "zb-ok")
    if self.pace in OUTCOME_WORDS:
        return _word(self.pace)
    return (self.pace, "zb-na")


def _qa_repr(self):
    return (f"QuotaAssessment(done={self.done:g}, quota={self.quota:g}, pace={self.pace!r}: "
            f"{self.summary()})")


def _qa_html(self):
    return _fragment(self.summary(), [("任务数", f"{self.quota:g}"), ("已完成", f"{self.done:g}"),
                                      ("完成率", f"{self.completion:.2f}%"),
                                      ("序时进度", f"{self.time_progress:.2f}%")], _pace_status(self))


# --- thresholds, improvements and their assessments ------------------------------------------
def _threshold_html(self):
    return _fragment("阈值目标", [("目标", self.describe())])


def _improvement_html(self):
    return _fragment("改善目标", [("目标", self.describe())])


def _ta_repr(self):
    return (f"ThresholdAssessment(value={self.value:g}, reached={self.reached}, "
            f"shortfall={self.shortfall:g})")


def _ta_html(self):
    rows = [("数值", f"{self.value:g}"), ("差距", f"{self.shortfall:g}")]
    if self.count_needed is not None:
        rows.append(("尚需例数", f"{self.count_needed:g}"))
    return _fragment("阈值评估", rows, _reached(self.reached))


def _ia_repr(self):
    return (f"ImprovementAssessment(reached={self.reached}, change_points={self.change_points:.2f}, "
            f"change_relative={_num(self.change_relative)}, reference={_num(self.reference)})")


def _ia_html(self):
    return _fragment("改善评估", [("变化（点）", _num(self.change_points)),
                                 ("相对变化", _num(self.change_relative)),
                                 ("参照值", _num(self.reference))], _reached(self.reached))


# --- Comparison ------------------------------------------------------------------------------


def _cmp_repr(self):
    return (f"Comparison(current={self.current:g}, previous={self.previous:g}, "
            f"verdict={self.verdict!r}: {self.summary()})")


def _cmp_html(self):
    return _fragment(self.summary(), [("本期", f"{self.current:g}"), ("上期", f"{self.previous:g}"),
                                      ("差值", f"{self.change:.2f}"),
                                      ("置信区间", f"{self.lower:.2f} – {self.upper:.2f}")],
                     (self.verdict, f"zb-{tone(self.verdict)}"))


# --- Indicator, Catalog, Period --------------------------------------------------------------
def _indicator_rows(ind):
    return [("编号", ind.id), ("名称", ind.name_zh or ind.name_en), ("分子", ind.numerator),
            ("分母", ind.denominator)]


def _indicator_html(self):
    return _fragment(self.name_zh or self.id, _indicator_rows(self))


def _catalog_repr(self):
    return (f"Catalog({len(self.indicators)} indicators, {len(self.data_elements)} data elements)")


def _catalog_html(self):
    head = "".join(f"<th>{h}</th>" for h in ("编号", "名称", "分子", "分母"))
    body = "".join("<tr>" + "".join(f"<td>{_e(v)}</td>" for _, v in _indicator_rows(i)) + "</tr>"
                   for i in self.indicators)
    return (f"<div>{_STYLE}<b>指标目录</b>：{len(self.indicators)}个指标，"
            f"{len(self.data_elements)}个数据元素<table class=\"zb-t\"><tr>{head}</tr>{body}</table></div>")


def _period_html(self):
    return f"<span>{_e(self.chinese())} <code>{_e(self.code)}</code></span>"


# --- OrgUnitTree, DataCube -------------------------------------------------------------------
def _level_counts(tree):
    counts = {}
    for level in tree.levels:
        counts[level] = counts.get(level, 0) + 1
    return [(tree.level_name(level) or f"level {level}", n) for level, n in sorted(counts.items())]


def _root(tree):
    roots = [u for u in range(len(tree)) if tree.parent(u) is None]
    return ", ".join(f"{tree.code(u)} {tree.name(u)}".strip() for u in roots)


def _tree_repr(self):
    levels = ", ".join(f"{name}: {n}" for name, n in _level_counts(self))
    return f"OrgUnitTree({len(self)} units; root {_root(self)}; {levels})"


def _tree_html(self):
    return _fragment(f"组织机构树：{len(self)}个单位", [("根", _root(self))] + _level_counts(self))


def _cube_span(cube):
    last = cube.first_month
    for _ in range(cube.months - 1):
        last = last.next()
    return cube.first_month.code, last.code


def _cube_repr(self):
    first, last = _cube_span(self)
    return (f"DataCube({len(self.tree)} units, {len(self.elements)} elements, {self.months} months "
            f"{first}–{last}, {self.value_count} values loaded)")


def _cube_html(self):
    first, last = _cube_span(self)
    names = "，".join(e.name_zh or e.id for e in self.elements)
    return _fragment("数据立方", [("单位", len(self.tree)), ("数据元素", f"{len(self.elements)}（{names}）"),
                              ("期间", f"{first}–{last}（{self.months}个月）"),
                              ("已载入数值", self.value_count)])


# --- MeasureColumn ---------------------------------------------------------------------------
def _column_html(self):
    n = len(self.values)
    shown = min(n, 20)
    rows = "".join(f"<tr><td>{i}</td><td>{_e(self.values[i])}</td>"
                   f"<td class=\"{'zb-na' if self.status[i] else ''}\">"
                   f"{'undefined' if self.status[i] else 'ok'}</td></tr>" for i in range(shown))
    more = f"<tr><td colspan=\"3\">… {n - shown} more</td></tr>" if n > shown else ""
    return (f"<div>{_STYLE}<b>{_e(self.kind)}</b> ({_e(self.unit)}): {n} values, "
            f"{self.undefined_count} undefined<table class=\"zb-t\">{rows}{more}</table></div>")


# --- funds (fund.hpp) and planned targets (planning.hpp) --------------------------------------
def _money_text(m) -> str:
    """An amount as the report page prints it: 亿元 from 1亿, else 万元 from 1万, else 元."""
    yuan = m.fen / 100
    if yuan >= 1e8:
        return f"{_half_up(yuan / 1e8)}亿元"
    if yuan >= 1e4:
        return f"{_half_up(yuan / 1e4)}万元"
    return m.yuan_text() + "元"


def _half_up(x, d=2) -> str:
    from decimal import ROUND_HALF_UP, Decimal
    return str(Decimal(repr(x)).quantize(Decimal(1).scaleb(-d), rounding=ROUND_HALF_UP))


def _pct(x) -> str:
    return "—" if x is None else _half_up(x) + "%"


def _fund_status(self):
    if self.lead is None:
        return _word("no_data")
    if self.within_band:
        return ("处于合理区间", "zb-ok")
    return ("支出进度偏慢", "zb-warn") if self.lead < 0 else ("支出进度偏快", "zb-warn")


def _progress_bar(value, time_progress, colour) -> str:
    """An inline SVG bar of `value` per cent on 0–100 with the time progress as a dashed mark
    (the report page's bar, report.hpp), so the fragment stays self-contained."""
    width = 0.0 if value is None else max(0.0, min(100.0, value))
    mark = max(0.0, min(100.0, time_progress))
    return ('<svg viewBox="0 0 100 12" width="200" height="14" preserveAspectRatio="none" '
            'role="img" aria-label="执行率对照序时进度">'
            '<rect x="0" y="2" width="100" height="8" fill="#e8ecef"/>'
            f'<rect class="value" x="0" y="2" width="{width:.3f}" height="8" fill="{colour}"/>'
            f'<line class="time-progress" x1="{mark:.3f}" x2="{mark:.3f}" y1="0" y2="12" '
            'stroke="#1b1b1b" stroke-dasharray="2 1.5" vector-effect="non-scaling-stroke"/></svg>')


def _fund_repr(self):
    return f"<FundExecution {self.summary()}>"


def _fund_html(self):
    text, css = _fund_status(self)
    colour = TONE_COLOURS[css[3:]]
    rows = [("应筹集", _money_text(self.total)),
            ("到位", f"{_money_text(self.arrived)}（{_pct(self.arrival_rate)}）")]
    if self.disbursed.fen > 0:  # none recorded: not tracked, not a 拨付率 of 0 %
        rows.append(("拨付", f"{_money_text(self.disbursed)}（{_pct(self.disbursement_rate)}）"))
    rows += [("支出", f"{_money_text(self.spent)}（执行率{_pct(self.execution_rate)}）"),
            ("序时进度", _pct(self.time_progress)),
            ("差距", "—" if self.lead is None else f"{_half_up(self.lead)}个百分点")]
    body = "".join(f"<tr><th>{_e(k)}</th><td>{_e(v)}</td></tr>" for k, v in rows)
    bar = _progress_bar(self.execution_rate, self.time_progress, colour)
    return (f'<div>{_STYLE}<b>资金执行</b> {_badge(text, css)}<table class="zb-t">{body}'
            f'<tr><th>对照序时进度</th><td>{bar}</td></tr></table>'
            f'<div>{_e(self.summary())}</div></div>')


def plan_html(plan: "pd.DataFrame") -> str:
    """The HTML (a str) of a plan_targets result: each unit's target count and rate, which bound
    holds it, what it needs a month (when planned with done= and months_left=), and the pooled
    line; the plan's own ``_repr_html_`` in a notebook.

    Formula
    -------
    pooled rate = total / Σ denominators × the unit's multiplier, at 2 decimals half up; the
    units' rates as plan_targets gives them.

    References
    ----------
    docs/planning.md (the plan); docs/display.md (the colour classes).

    Examples
    --------
    >>> f = pd.DataFrame({"org_unit": ["甲", "乙", "丙"], "denominator": [1000, 2000, 3000],
    ...                   "last_year": [950, 1500, 2550]})
    >>> page = zb.plan_html(zb.plan_targets(f, 90))
    >>> "合计需5400，计划5400，合并率90.00%" in page, page.count("不低于上年")
    (True, 1)
    """
    import pandas as pd
    needed = ("target_count", "target_rate", "at_floor", "at_cap")
    if not isinstance(plan, pd.DataFrame) or any(c not in plan.columns for c in needed) \
            or "required" not in plan.attrs:
        raise InvalidInput("plan: expected what zb.plan_targets returns (a DataFrame with "
                           "target_count, target_rate, at_floor, at_cap and attrs['required'])")
    per_month = "per_month" in plan.columns
    head = ("<tr><th></th><th>目标数</th><th>目标率</th><th>增加</th><th>约束</th>"
            + ("<th>每月需</th>" if per_month else "") + "</tr>")
    body = []
    for index, row in plan.iterrows():
        if "org_unit" in plan.columns:  # plan_targets' default id column names the row
            index = row["org_unit"]
        held = "不低于上年" if row["at_floor"] else ("100%封顶" if row["at_cap"] else "")
        cells = (f"<td>{int(row['target_count'])}</td><td>{_half_up(float(row['target_rate']))}</td>"
                 f"<td>{_cell(row.get('increase'))}</td><td class=\"zb-na\">{held}</td>")
        if per_month:
            cells += f"<td>{_cell(row['per_month'])}</td>"
        body.append(f"<tr><th>{_e(index)}</th>{cells}</tr>")
    a = plan.attrs
    line = (f"合计需{a['required']}，计划{a['total']}，合并率{_half_up(float(a['pooled_rate']))}%")
    css = "zb-ok" if a["total"] >= a["required"] else "zb-bad"
    return (f'<div>{_STYLE}<b>目标分解</b> {_badge(line, css)}<table class="zb-t">{head}'
            f'{"".join(body)}</table></div>')


# --- evaluated / assessed tables (pandas DataFrames) -----------------------------------------
def _row_class(row) -> str:
    """The status colour of one row of an evaluate / assess_* table."""
    status = row.get("status", "ok")
    if isinstance(status, str) and status != "ok":
        # undefined / partial / no_relative_change, or an assess_quota_frame outcome
        return f"zb-{tone(status)}"
    pace = row.get("pace")
    if isinstance(pace, str):
        return f"zb-{tone(pace)}"
    reached = row.get("reached")
    if reached is True or reached is False or type(reached).__name__ == "bool_":
        return f"zb-{tone(bool(reached))}"
    return ""


def _cell(value) -> str:
    # A missing or non-finite number is shown as a dash: "nan" / "inf" is not a figure to read.
    if value is None:
        return ""
    if isinstance(value, float) and not math.isfinite(value):
        return "—"
    try:
        if value != value:  # pandas NA / NaT
            return "—"
    except (TypeError, ValueError):
        pass
    return _e(value)


def table_html(frame: "pd.DataFrame", max_rows: int = 200) -> str:
    """An HTML table (a str) of a pandas DataFrame such as ``evaluate`` / ``assess_thresholds``
    return, each row coloured by its status (reached/ahead green, behind amber, not reached red,
    undefined grey); numbers are shown as they are, in the frame's own units. The frame itself
    stays a plain pandas DataFrame; use ``IPython.display.HTML(zb.table_html(t))`` in a notebook.

    References
    ----------
    docs/display.md (the colour classes and what each status shows).

    Examples
    --------
    >>> t = pd.DataFrame({"value": [94.13, float("nan")], "reached": [True, False]})
    >>> page = zb.table_html(t)
    >>> page.count('class="zb-ok"'), page.count('class="zb-bad"'), page.count("<td>—</td>")
    (1, 1, 1)
    """
    import pandas as pd
    if not isinstance(frame, pd.DataFrame):
        raise InvalidInput(f"frame: expected a pandas DataFrame (what evaluate returns), got "
                           f"{type(frame).__name__}"[:160])
    if isinstance(max_rows, bool) or not isinstance(max_rows, int) or max_rows < 0:
        raise InvalidInput(f"max_rows: expected a whole number >= 0, got {max_rows!r}"[:160])
    columns = [str(c) for c in frame.columns]
    head = "<tr><th></th>" + "".join(f"<th>{_e(c)}</th>" for c in columns) + "</tr>"
    body = []
    for index, row in frame.head(max_rows).iterrows():
        css = _row_class(row)
        cells = "".join(f"<td>{_cell(v)}</td>" for v in row.tolist())
        body.append(f'<tr class="{css}"><th>{_e(index)}</th>{cells}</tr>')
    more = ""
    if len(frame) > max_rows:
        more = f'<tr><td colspan="{len(columns) + 1}">… {len(frame) - max_rows} more rows</td></tr>'
    return f'<div>{_STYLE}<table class="zb-t">{head}{"".join(body)}{more}</table></div>'


def _attach():
    from ._columns import MeasureColumn
    table = [
        (_core.QuotaCompletion, _qc_repr, _qc_html),
        (_core.Quota, _quota_repr, _quota_html),
        (_core.QuotaAssessment, _qa_repr, _qa_html),
        (_core.Threshold, None, _threshold_html),
        (_core.Improvement, None, _improvement_html),
        (_core.ThresholdAssessment, _ta_repr, _ta_html),
        (_core.ImprovementAssessment, _ia_repr, _ia_html),
        (_core.Comparison, _cmp_repr, _cmp_html),
        (_core.FundExecution, _fund_repr, _fund_html),
        (_core.Indicator, None, _indicator_html),
        (_core.Catalog, _catalog_repr, _catalog_html),
        (_core.Period, None, _period_html),
        (_core.OrgUnitTree, _tree_repr, _tree_html),
        (_core.DataCube, _cube_repr, _cube_html),
        (MeasureColumn, None, _column_html),
    ]
    for cls, text, page in table:
        if text is not None:
            cls.__repr__ = text
        cls._repr_html_ = page


_attach()
