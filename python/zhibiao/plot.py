"""Plots of zhibiao results on matplotlib: funnel, target bullet, trend, ranking, fund execution
and score charts.

    >>> import zhibiao.plot as zp
    >>> df = pd.DataFrame({"name": ["甲", "乙", "丙", "丁", "戊", "己"],
    ...                    "x": [45, 52, 38, 90, 47, 20], "n": [100, 100, 100, 120, 100, 80]})
    >>> ax = zp.funnel(df, "x", "n", labels="name", title="签约率")
    >>> sorted(t.get_text() for t in ax.texts)    # the units outside a control limit
    ['丁', '丙', '己']
    >>> import matplotlib.pyplot as plt; plt.close(ax.figure)

Importing this module imports matplotlib (``import zhibiao`` does not). When no backend has been
chosen the non-interactive Agg backend is used. Every function takes ``ax=`` (a new figure when
omitted) and returns the Axes. Chinese text needs a CJK font: :func:`cjk_font` finds one through
matplotlib's font manager and each plot sets it only inside its own rcParams context.
"""
from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any, Optional, Sequence, Union

import numpy as np

import sys

import matplotlib

# Agg only when nothing chose a backend: no MPLBACKEND and pyplot not yet imported (a server or
# CI run has no display; a notebook or a user's choice is left alone).
if "MPLBACKEND" not in os.environ and "matplotlib.pyplot" not in sys.modules:
    matplotlib.use("Agg")
import matplotlib.pyplot as plt
from matplotlib import font_manager

from ._core import InvalidInput
from ._status import OUTCOME_WORDS, TONE_COLOURS
from ._funnel import funnel_limits, funnel_significance

if TYPE_CHECKING:  # annotations only
    import numpy.typing as npt
    import pandas as pd
    from matplotlib.axes import Axes

__all__ = ["cjk_font", "funnel", "bullet", "trend", "ranking", "fund_execution", "scores",
           "STATUS_COLOURS"]

_NO_FORMULA = {
    "cjk_font": "a font lookup: it returns a family name and computes no number",
    "trend": "a plot of the values it is given: it computes no number of its own",
    "ranking": "a plot of the values it is given, sorted: it computes no number of its own",
}
_NO_REFERENCES = {
    "trend": "a plain line chart of the given values, with no method to cite",
}

# Simplified Chinese first; Debian's fonts-noto-cjk registers as "Noto Sans CJK JP", whose
# glyph set covers simplified characters too.
_PREFERRED = ("Noto Sans CJK SC", "Noto Sans CJK JP", "Noto Sans CJK TC", "Noto Serif CJK SC",
              "Noto Serif CJK JP", "Source Han Sans SC", "Source Han Sans CN", "WenQuanYi Zen Hei",
              "WenQuanYi Micro Hei", "SimHei", "Microsoft YaHei", "PingFang SC", "AR PL UMing CN")

#: Colour by status, from the one vocabulary (zhibiao._status, docs/vocabulary.md §4): reached,
#: ahead and on_schedule green, behind amber, not reached red, nothing to judge grey; the same
#: colours as the Jupyter display.
STATUS_COLOURS = {**{code: TONE_COLOURS[word.tone] for code, word in OUTCOME_WORDS.items()},
                  None: TONE_COLOURS["na"]}
_BULLET_STATUSES = ("reached", "ahead", "on_schedule", "behind", "not_reached")


def cjk_font() -> str:
    """The family name of an installed CJK font (preferring Noto Sans CJK SC, then JP).

    Takes nothing; returns one str, a family known to matplotlib's font manager. Raises
    InvalidInput naming the Debian package fonts-noto-cjk when none is installed.

    References
    ----------
    matplotlib's font_manager (fontManager.ttflist); Debian's fonts-noto-cjk, which registers
    as "Noto Sans CJK JP" and holds the simplified glyphs too; docs/plots.md.

    Examples
    --------
    >>> import zhibiao.plot as zp
    >>> from matplotlib import font_manager
    >>> zp.cjk_font() in {f.name for f in font_manager.fontManager.ttflist}
    True
    """
    names = {f.name for f in font_manager.fontManager.ttflist}
    for name in _PREFERRED:
        if name in names:
            return name
    others = sorted(n for n in names if "CJK" in n or "Han" in n)
    if others:
        return others[0]
    raise InvalidInput("zhibiao.plot: no CJK font found for Chinese labels; install one "
                       "(Debian: apt-get install fonts-noto-cjk) and clear matplotlib's font cache")


def _context():
    return matplotlib.rc_context({"font.family": "sans-serif",
                                  "font.sans-serif": [cjk_font(), "DejaVu Sans"],
                                  "axes.unicode_minus": False})


def _fix_fonts(ax):
    """Name the CJK family on every text of the figure: a Text keeps the generic "sans-serif"
    and resolves it at draw time, when our rc_context is gone (savefig comes later)."""
    from matplotlib.text import Text

    family = [cjk_font(), "DejaVu Sans"]
    for text in ax.figure.findobj(Text):
        text.set_fontfamily(family)
    for axis in (ax.xaxis, ax.yaxis):
        axis.set_tick_params(labelfontfamily=family) if _TICK_FAMILY else None
    return ax


_TICK_FAMILY = tuple(int(v) for v in matplotlib.__version__.split(".")[:2]) >= (3, 8)


def _axes(ax):
    if ax is None:
        _, ax = plt.subplots(figsize=(8, 5))
    return ax


def _column(data, name, field):
    """A float array from a frame column (by name) or from an array given directly."""
    if isinstance(name, str):
        if data is None or name not in getattr(data, "columns", ()):
            raise InvalidInput(f"{field}: no column {name!r} in the data")
        return np.asarray(data[name], dtype=float)
    return np.asarray(name, dtype=float)


def _texts(data, labels, size, field="labels"):
    if labels is None:
        return [str(i) for i in (data.index if data is not None else range(size))]
    if isinstance(labels, str):
        if data is None or labels not in data.columns:
            raise InvalidInput(f"{field}: no column {labels!r} in the data")
        return [str(v) for v in data[labels]]
    out = [str(v) for v in labels]
    if len(out) != size:
        raise InvalidInput(f"{field}: {len(out)} labels for {size} rows")
    return out


def funnel(data: "Optional[pd.DataFrame]" = None, x: "Union[str, npt.ArrayLike]" = "x",
           n: "Union[str, npt.ArrayLike]" = "n", *,
           labels: "Union[str, Sequence[str], None]" = None,
           statistic: str = "proportion", multiplier: float = 100, polarity: str = "neither",
           target: Optional[float] = None, title: Optional[str] = None,
           xlabel: str = "分母", ylabel: Optional[str] = None, ax: "Optional[Axes]" = None,
           **funnel_options: Any) -> "Axes":
    """Funnel plot: each unit's value (x/n × multiplier) against its denominator, with the 95% and
    99.8% control limits from :func:`zhibiao.funnel_limits`, the average line and, when given, a
    target line. Points outside the 99.8% limits (or 95%) are coloured and labelled.

    ``data`` is a DataFrame with columns ``x`` and ``n``; or pass arrays as ``x`` and ``n``.
    The values are on the ``multiplier``'s scale (per cent by default); returns the Axes.

    Formula
    -------
    value = x / n × multiplier per unit; baseline = Σx / Σn × multiplier; the curves are
    zb.funnel_limits (the 95 % and 99.8 % limits of the baseline at each denominator) and the
    colours zb.funnel_significance (outside 99.8 %: red, outside 95 %: amber).

    References
    ----------
    Spiegelhalter D. J. Funnel plots for comparing institutional performance. Stat Med
    2005;24:1185–1202; PHEindicatormethods' calculate_funnel_limits (its 100 plotting points);
    docs/plots.md.

    Examples
    --------
    >>> import zhibiao.plot as zp
    >>> df = pd.DataFrame({"x": [45, 52, 38, 90, 47, 20], "n": [100, 100, 100, 120, 100, 80]})
    >>> ax = zp.funnel(df, "x", "n", labels=list("ABCDEF"), target=50)
    >>> len(ax.lines), sorted(t.get_text() for t in ax.texts)   # 4 limits, average, target
    (6, ['C', 'D', 'F'])
    >>> import matplotlib.pyplot as plt; plt.close(ax.figure)
    """
    import pandas as pd

    if data is None:
        xs, ns = np.asarray(x, dtype=float), np.asarray(n, dtype=float)
        frame = pd.DataFrame({"x": xs, "n": ns})
        text = _texts(None, labels, len(frame))
        x, n = "x", "n"
    else:
        frame = data
        text = _texts(frame, labels, len(frame))
    limits = funnel_limits(frame, x, n, statistic=statistic, multiplier=multiplier, **funnel_options)
    sig = funnel_significance(frame, x, n, statistic=statistic, multiplier=multiplier,
                              polarity=polarity)
    xcol = limits.columns[0]
    denominators = np.asarray(sig[n], dtype=float)
    with _context():
        ax = _axes(ax)
        ax.plot(limits[xcol], limits["upper_99.8"], color="#c62828", ls="--", lw=1, label="99.8% 控制限")
        ax.plot(limits[xcol], limits["lower_99.8"], color="#c62828", ls="--", lw=1, label="_nolegend_")
        ax.plot(limits[xcol], limits["upper_95"], color="#f9a825", ls="-", lw=1, label="95% 控制限")
        ax.plot(limits[xcol], limits["lower_95"], color="#f9a825", ls="-", lw=1, label="_nolegend_")
        ax.axhline(float(limits["baseline"].iloc[0]), color="#424242", lw=1, label="平均")
        if target is not None:
            ax.axhline(float(target), color="#1565c0", ls=":", lw=1.5, label="目标")
        values = np.asarray(sig["value"], dtype=float)
        s = sig["significance"].astype(str)
        outer = s.str.contains("0.001").to_numpy()
        inner = s.str.contains("0.025").to_numpy()
        colours = np.where(outer, "#c62828", np.where(inner, "#f9a825", "#424242"))
        ax.scatter(denominators, values, c=list(colours), zorder=3, s=25)
        for k in np.flatnonzero(outer | inner):
            ax.annotate(text[k], (denominators[k], values[k]), xytext=(4, 4),
                        textcoords="offset points", fontsize=8)
        ax.set_xlabel(xlabel)
        ax.set_ylabel(ylabel if ylabel is not None else ("率 (%)" if multiplier == 100 else "值"))
        if title:
            ax.set_title(title)
        ax.legend(loc="best", fontsize=8)
    return _fix_fonts(ax)


def bullet(names: Sequence[str], values: "npt.ArrayLike", targets: "npt.ArrayLike", *,
           progress: "Optional[npt.ArrayLike]" = None, statuses: Optional[Sequence[str]] = None,
           title: Optional[str] = None, xlabel: str = "值", ax: "Optional[Axes]" = None) -> "Axes":
    """Target bullet chart: one bar per indicator (its value), a black marker at the target and,
    when given, a grey marker at the time progress (序时进度, the share of the target due by now).

    ``statuses`` ("reached", "ahead", "on_schedule", "behind", "not_reached") colour the bars; when omitted a
    bar is green at or above the target (or progress), amber below progress, red otherwise.
    Values, targets and progress share one scale (per cent for completion and 序时进度); one
    number or one per name for progress. Returns the Axes.

    Formula
    -------
    status = reached if value ≥ target, else ahead if value ≥ progress, behind if value <
    progress, not_reached when no progress is given; colour = STATUS_COLOURS[status].

    References
    ----------
    Few S. Bullet Graph Design Specification (Perceptual Edge, 2006; updated 2013);
    docs/plots.md and docs/targets.md §5 (超序时进度 / 落后序时进度).

    Examples
    --------
    >>> import zhibiao.plot as zp
    >>> ax = zp.bullet(["东城街道", "石桥镇"], [56.39, 37.14], [100, 100], progress=50)
    >>> len(ax.patches)        # per name a target track and a value bar
    4
    >>> from matplotlib.colors import to_hex   # 石桥镇 below 50 %: behind (examples/district story 1)
    >>> bars = [to_hex(p.get_facecolor()) for p in ax.patches[2:]]
    >>> bars == [zp.STATUS_COLOURS["ahead"], zp.STATUS_COLOURS["behind"]]
    True
    >>> import matplotlib.pyplot as plt; plt.close(ax.figure)
    """
    names = [str(v) for v in names]
    values, targets = np.asarray(values, dtype=float), np.asarray(targets, dtype=float)
    size = len(names)
    if len(values) != size or len(targets) != size:
        raise InvalidInput(f"values/targets: {len(values)}/{len(targets)} entries for {size} names")
    prog = None if progress is None else np.broadcast_to(np.asarray(progress, dtype=float), (size,))
    if statuses is None:
        statuses = []
        for k in range(size):
            if values[k] >= targets[k]:
                statuses.append("reached")
            elif prog is not None and values[k] >= prog[k]:
                statuses.append("ahead")
            elif prog is not None:
                statuses.append("behind")
            else:
                statuses.append("not_reached")
    statuses = list(statuses)
    for k, st in enumerate(statuses):
        if st not in _BULLET_STATUSES:
            raise InvalidInput(f"statuses[{k}]: {st!r} is not one of {', '.join(_BULLET_STATUSES)}")
    with _context():
        ax = _axes(ax)
        y = np.arange(size)
        ax.barh(y, targets, height=0.7, color="#eeeeee", zorder=1)
        ax.barh(y, values, height=0.35, color=[STATUS_COLOURS[s] for s in statuses], zorder=2)
        ax.scatter(targets, y, marker="|", s=400, color="black", zorder=3, label="目标")
        if prog is not None:
            ax.scatter(prog, y, marker="|", s=250, color="#616161", zorder=3, label="序时进度")
        ax.set_yticks(y)
        ax.set_yticklabels(names)
        ax.invert_yaxis()
        ax.set_xlabel(xlabel)
        if title:
            ax.set_title(title)
        ax.legend(loc="lower right", fontsize=8)
    return _fix_fonts(ax)


def _period_label(p) -> str:
    from ._core import Period

    if isinstance(p, Period):
        return p.chinese()
    text = str(p)
    try:
        return Period.parse(text).chinese()
    except Exception:
        return text  # a label given by the caller is shown as is


def trend(data: "pd.DataFrame", period: str = "period", value: str = "value", *,
          lower: Optional[str] = None, upper: Optional[str] = None,
          target: "Union[float, str, None]" = None, title: Optional[str] = None,
          ylabel: str = "值", ax: "Optional[Axes]" = None) -> "Axes":
    """Value over periods: ``period`` holds zb.Period objects or codes (shown as 2025年3月) or
    labels; ``lower``/``upper`` columns draw the interval band; ``target`` a number (a line) or a
    column (a step line).

    Takes a pandas DataFrame; values, interval and target are drawn in their own unit, as given.
    Returns the Axes.

    Examples
    --------
    >>> import zhibiao.plot as zp   # examples/district story 4: 54.17 % → 60.77 %, target 60 %
    >>> d = pd.DataFrame({"period": ["2024", "2025"], "value": [54.17, 60.77]})
    >>> ax = zp.trend(d, target=60)
    >>> [t.get_text() for t in ax.get_xticklabels()], len(ax.lines)
    (['2024年', '2025年'], 2)
    >>> import matplotlib.pyplot as plt; plt.close(ax.figure)
    """
    labels = [_period_label(p) for p in data[period]]
    values = _column(data, value, "value")
    xs = np.arange(len(labels))
    with _context():
        ax = _axes(ax)
        if lower is not None and upper is not None:
            ax.fill_between(xs, _column(data, lower, "lower"), _column(data, upper, "upper"),
                            color="#90caf9", alpha=0.5, label="区间")
        ax.plot(xs, values, marker="o", color="#1565c0", label="值")
        if target is not None:
            if isinstance(target, str):
                ax.step(xs, _column(data, target, "target"), where="mid", color="#c62828", ls="--", label="目标")
            else:
                ax.axhline(float(target), color="#c62828", ls="--", label="目标")
        ax.set_xticks(xs)
        ax.set_xticklabels(labels, rotation=45 if len(labels) > 6 else 0, ha="right" if len(labels) > 6 else "center")
        ax.set_ylabel(ylabel)
        if title:
            ax.set_title(title)
        ax.legend(loc="best", fontsize=8)
    return _fix_fonts(ax)


def ranking(data: "pd.DataFrame", name: "Union[str, Sequence[str]]" = "name",
            value: "Union[str, npt.ArrayLike]" = "value", *,
            lower: "Union[str, npt.ArrayLike, None]" = None,
            upper: "Union[str, npt.ArrayLike, None]" = None, target: Optional[float] = None,
            descending: bool = True, title: Optional[str] = None, xlabel: str = "值",
            ax: "Optional[Axes]" = None) -> "Axes":
    """Org units ranked by value (highest first unless descending=False), with interval error bars
    from ``lower``/``upper`` and an optional target line. Rows with no value are left out.

    Takes a pandas DataFrame (or arrays for value, lower, upper); values are drawn in their own
    unit. Returns the Axes.

    References
    ----------
    Goldstein H., Spiegelhalter D. J. League tables and their limitations: statistical issues in
    comparisons of institutional performance. J R Stat Soc A 1996;159:385–443 (intervals beside
    ranks); docs/plots.md.

    Examples
    --------
    >>> import zhibiao.plot as zp
    >>> r = pd.DataFrame({"name": ["甲", "乙", "丙"], "value": [80, 90, np.nan]})
    >>> ax = zp.ranking(r)
    >>> [t.get_text() for t in ax.get_yticklabels()]   # highest first, 丙 (no value) left out
    ['乙', '甲']
    >>> import matplotlib.pyplot as plt; plt.close(ax.figure)
    """
    values = _column(data, value, "value")
    names = np.asarray(_texts(data, name, len(values), "name"), dtype=object)
    lo = None if lower is None else _column(data, lower, "lower")
    hi = None if upper is None else _column(data, upper, "upper")
    keep = np.isfinite(values)
    order = np.argsort(-values[keep] if descending else values[keep], kind="stable")
    idx = np.flatnonzero(keep)[order]
    with _context():
        ax = _axes(ax)
        y = np.arange(len(idx))
        err = None
        if lo is not None and hi is not None:
            err = np.vstack([values[idx] - lo[idx], hi[idx] - values[idx]])
        ax.errorbar(values[idx], y, xerr=err, fmt="o", color="#1565c0", ecolor="#90caf9", capsize=3)
        if target is not None:
            ax.axvline(float(target), color="#c62828", ls="--", label="目标")
            ax.legend(loc="best", fontsize=8)
        ax.set_yticks(y)
        ax.set_yticklabels(list(names[idx]))
        ax.invert_yaxis()
        ax.set_xlabel(xlabel)
        if title:
            ax.set_title(title)
    return _fix_fonts(ax)


def fund_execution(fund: Any, flows: "pd.DataFrame", *, period: Any, as_of: Any = None,
                   below: float = 10.0, above: float = 10.0, basis: str = "months",
                   title: Optional[str] = None, ax: "Optional[Axes]" = None) -> "Axes":
    """A fund's money over its period: arrival (到位), disbursement (拨付) and spending (支出) as
    cumulative per cent of the total at the end of each month, against the time-elapsed
    diagonal (序时进度) and the 合理区间 band around it.

    Takes what zb.execute_fund takes (a zb.Fund, a DataFrame of dated flows, the period, the
    band in points and the basis) and ``as_of`` (by default the period's end: the months after it
    are not drawn). Every point is zb.execute_fund at that month's end, so the lines are the
    rates it reports. Returns the Axes; the last point of each line is labelled with its rate.

    Formula
    -------
    y(m) = Σ flows of the stage dated ≤ end of month m / total × 100; diagonal = time progress
    at the end of month m (by months: m / months × 100); band = diagonal − below … + above.

    References
    ----------
    docs/funds.md §3 (execution against time elapsed); seed 002 (基金支出进度处于合理区间); the
    example is a hand calculation: 1.3亿元 of 360,711,360 元 by 31 May = 36.04 %, 5 / 12 of
    the year = 41.67 %.

    Examples
    --------
    >>> import zhibiao.plot as zp
    >>> f = zb.Fund("540元", 667984, {"个人": "120元", "中央": "240元", "省": "135元", "区": "45元"})
    >>> flows = pd.DataFrame({"date": ["2010-01-10", "2010-05-31"], "stage": ["到位", "支出"],
    ...                       "amount": [f.total, "1.3亿元"]})
    >>> ax = zp.fund_execution(f, flows, period=2010, as_of="2010-05-31")
    >>> spent = [l for l in ax.lines if l.get_label() == "支出"][0]
    >>> [round(float(y), 2) for y in spent.get_ydata()]
    [0.0, 0.0, 0.0, 0.0, 36.04]
    >>> import matplotlib.pyplot as plt; plt.close(ax.figure)
    """
    import zhibiao as zb
    from ._tables import _date, _period

    p = _period(period, "period")
    last = p.end if as_of is None else min(_date(as_of, "as_of"), p.end)
    months = [m for m in p.split_months() if m.end <= last]
    if not months or months[-1].end < last:
        months.append(None)  # the part month up to as_of
    xs, series = [], {"到位": [], "拨付": [], "支出": [], "time": []}
    for k, m in enumerate(months):
        day = last if m is None else m.end
        e = zb.execute_fund(fund, flows, period=p, as_of=day, below=below, above=above,
                            basis=basis)
        xs.append(k + 1)
        total = e.total.fen
        for name, money in (("到位", e.arrived), ("拨付", e.disbursed), ("支出", e.spent)):
            series[name].append(money.fen / total * 100 if total > 0 else float("nan"))
        series["time"].append(e.time_progress)
    time = np.asarray(series["time"])
    colours = {"到位": "#1565c0", "拨付": "#6a1b9a", "支出": "#2e7d32"}
    with _context():
        ax = _axes(ax)
        ax.fill_between(xs, np.clip(time - float(below), 0, None), time + float(above),
                        color="#bdbdbd", alpha=0.4, label="合理区间")
        ax.plot(xs, time, color="#1b1b1b", ls="--", label="序时进度")
        for name in ("到位", "拨付", "支出"):
            ys = np.asarray(series[name])
            if name == "拨付" and not np.any(ys > 0):
                continue  # no disbursement recorded: not tracked, not a line at 0 %
            ax.plot(xs, ys, marker="o", color=colours[name], label=name)
            ax.annotate(f"{ys[-1]:.2f}%", (xs[-1], ys[-1]), textcoords="offset points",
                        xytext=(4, 0), fontsize=8, color=colours[name])
        ax.set_xticks(xs)
        ax.set_xticklabels([f"{m.start.month}月" if m is not None else
                            f"{last.month}月{last.day}日" for m in months])
        ax.set_ylim(0, max(105.0, float(np.nanmax(np.r_[time + float(above), 0]))))
        ax.set_ylabel("占应筹集资金 %")
        if title:
            ax.set_title(title)
        ax.legend(loc="upper left", fontsize=8)
    return _fix_fonts(ax)



def _blend(colour: str, share: float) -> str:
    """`colour` mixed with white: share 0 is the colour, 1 is white."""
    from matplotlib.colors import to_hex, to_rgb

    return to_hex(tuple(c + (1 - c) * share for c in to_rgb(colour)))


def _grade_colours(scheme: Any) -> dict:
    """One colour per grade, from the tones of the score card's HTML (_scheme._grade_tone): the
    top grade green, the grades between it and the lowest passing one lighter greens, the lowest
    passing grade amber, the fail grade (and any other) red."""
    names = [g for g, _ in scheme.grades]
    out = {}
    for k, name in enumerate(names):
        if k == 0 or k < len(names) - 1:
            out[name] = _blend(TONE_COLOURS["ok"], 0.45 * k / max(len(names) - 2, 1))
        else:
            out[name] = TONE_COLOURS["warn"]
    return out


def scores(card: Any, *, stacked: bool = False, title: Optional[str] = None,
           xlabel: str = "总分", ax: "Optional[Axes]" = None) -> "Axes":
    """A score card (zb.score_units) as horizontal bars: one per unit, in the order of rank (first
    at the top), its length the unit's total, coloured by grade, with the grade thresholds as
    dotted vertical lines and each total written at the bar's end. A unit held down by a veto
    (一票否决) gets a hatched bar and the words 一票否决 beside its total.

    ``stacked=True`` splits each bar into its items' scores (one colour per item, the legend names
    them; veto items carry no points and are left out), with a black mark at the total: where a
    veto or the bonus cap holds the total below the items' sum, the mark sits inside the bar.
    Takes the ScoreCard itself (its scheme gives the grades); returns the Axes.

    Formula
    -------
    bar length = the card's total (no arithmetic here: the scores are zb.score_units'); stacked
    segment of item i = the unit's score on item i; threshold lines at each grade's min_total.

    References
    ----------
    docs/schemes.md §5 and §10 (grades, the score card); examples/district/README.md (the example
    district's scores: 白云乡 100.83 first, 石桥镇 79.26 合格, 青山镇 held at 60.00 by its veto).

    Examples
    --------
    >>> import zhibiao.plot as zp
    >>> s = zb.Scheme.from_json('{"items": [{"id": "a", "points": 100, "rule": "proportional", '
    ...     '"indicator": "family_doctor_contract_rate", "target": "≥40%"}]}')
    >>> f = pd.DataFrame({"org_unit": ["甲", "乙"], "item": ["a", "a"],
    ...                   "numerator": [38, 20], "denominator": [100, 100]})
    >>> ax = zp.scores(zb.score_units(f, s))    # 38/40 × 100 = 95, 20/40 × 100 = 50
    >>> [t.get_text() for t in ax.get_yticklabels()], [p.get_width() for p in ax.patches]
    (['甲', '乙'], [95.0, 50.0])
    >>> import matplotlib.pyplot as plt; plt.close(ax.figure)
    """
    from ._options import flag
    from ._scheme import ScoreCard

    if not isinstance(card, ScoreCard):
        raise InvalidInput(f"card: expected what zb.score_units returns (a zb.ScoreCard), got "
                           f"{type(card).__name__}")
    stacked = flag(stacked, "stacked")
    for name, text in (("title", title), ("xlabel", xlabel)):
        if text is not None and not isinstance(text, str):
            raise InvalidInput(f"{name}: expected text, got {type(text).__name__}")
    scheme, table = card.scheme, card.table
    colours = _grade_colours(scheme)
    fail = TONE_COLOURS["bad"]
    decimals = int(scheme._data.get("decimals", 2))
    # Rank order, ties (equal ranks) in the card's order.
    order = np.argsort(np.asarray(table["rank"], dtype=float), kind="stable")
    rows = table.iloc[order]
    totals = np.asarray(rows["total"], dtype=float)
    vetoed = np.asarray(rows["vetoed"], dtype=bool)
    grade_colour = [colours.get(g, fail) for g in rows["grade"]]
    y = np.arange(len(rows))
    items = [i for i in scheme.items if i.get("rule") != "veto"]
    with _context():
        ax = _axes(ax)
        ends = totals.copy()
        if stacked:
            from matplotlib import colormaps

            palette = colormaps["tab20" if len(items) > 10 else "tab10"]
            left = np.zeros(len(rows))
            for k, item in enumerate(items):
                width = np.asarray(rows[item["id"]], dtype=float)
                ax.barh(y, width, left=left, height=0.6, color=palette(k % palette.N),
                        label=_item_label(item))
                left += width
            ends = np.maximum(ends, left)
            ax.scatter(totals, y, marker="|", s=500, color="black", zorder=3, label="总分")
        else:
            bars = ax.barh(y, totals, height=0.6, color=grade_colour)
            for bar, v in zip(bars, vetoed):
                if v:
                    bar.set_hatch("//")
                    bar.set_edgecolor(fail)
            from matplotlib.patches import Patch

            handles = [Patch(color=c, label=g) for g, c in colours.items()]
            handles.append(Patch(color=fail, label=scheme._data.get("fail_grade", "不合格")))
            if vetoed.any():
                handles.append(Patch(facecolor="white", edgecolor=fail, hatch="//",
                                     label="一票否决"))
        for k in range(len(rows)):
            text = f"{totals[k]:.{decimals}f}" + (" 一票否决" if vetoed[k] else "")
            ax.annotate(text, (ends[k], y[k]), xytext=(4, 0), textcoords="offset points",
                        va="center", fontsize=8, color=grade_colour[k])
        top = max([float(np.nanmax(ends)) if len(ends) else 0.0, scheme.total or 0.0]
                  + [float(t) for _, t in scheme.grades])
        for name, bound in scheme.grades:
            ax.axvline(float(bound), color="#616161", ls=":", lw=1)
            ax.annotate(name, (float(bound), 1.0), xycoords=("data", "axes fraction"),
                        xytext=(2, -10), textcoords="offset points", fontsize=8, color="#616161")
        ax.set_xlim(0, top * 1.15 if top > 0 else 1.0)
        ax.set_yticks(y)
        ax.set_yticklabels([str(u) for u in rows["unit"]])
        ax.invert_yaxis()
        ax.set_xlabel(xlabel)
        if title:
            ax.set_title(title)
        if stacked:
            ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=7)  # beside the bars
        else:
            ax.legend(handles=handles, loc="lower right", fontsize=8)
    return _fix_fonts(ax)


def _item_label(item: dict) -> str:
    """The item's name, else its indicator's Chinese name in the built-in catalog, else its id."""
    if item.get("name"):
        return str(item["name"])
    from ._core import Catalog

    try:
        return Catalog.builtin().indicator(item["indicator"]).name_zh or item["id"]
    except Exception:
        return str(item["id"])  # an indicator of the user's own catalog: its id
