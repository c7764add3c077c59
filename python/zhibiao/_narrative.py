"""Sentences about figures, as a work summary prints them (narrative.hpp; docs/narrative.md).

    >>> import zhibiao as zb
    >>> a = zb.assess_quota(1506, zb.Quota(1600, zb.Period.year(2019)), "2019-12-31")
    >>> zb.narrate(a, name="免费婚前医学检查", noun="人")
    '免费婚前医学检查任务数1600人，已完成1506人，任务完成率94.13%。'
    >>> zb.narrate(a, name="Premarital check", language="en")
    'Premarital check: quota 1,600, 1,506 done, completion 94.13%.'

Every sentence is built in C++ (src/narrative.cpp); this module checks the arguments and, for
narrate_frame, reads the columns of an assessed table.
"""
from __future__ import annotations

from typing import Optional, Sequence, Union

import numpy as np
import pandas as pd

from . import _core
from ._core import InvalidInput, Threshold
from ._frames import as_frame, column_label, float_column
from ._options import choice, decimals as decimals_option, language as language_option

__all__ = ["narrate", "narrate_frame"]

PERIOD_LABELS = ("chinese", "dhis2")


def _text(value, field: str) -> str:
    if not isinstance(value, str):
        raise InvalidInput(f"{field}: expected text, got {type(value).__name__} {value!r}"[:160])
    return str(value)


def narrate(obj: "Union[_core.QuotaAssessment, _core.ThresholdAssessment, _core.Comparison]", *,
            name: str = "", noun: str = "", period: "Union[_core.Period, str, None]" = None,
            threshold: "Union[Threshold, str, None]" = None,
            language: str = "zh", period_labels: str = "chinese", decimals: int = 2,
            myriad_from: float = 100000) -> str:
    """One sentence about a QuotaAssessment, a ThresholdAssessment (give its threshold: a
    Threshold or its text, "≥90%") or a Comparison.

    name: what the figure is ("免费婚前医学检查", "区内住院率"), in the sentence's language; noun: the
    noun of its counts ("人", "剂次", "元"); period: a Period (or its code) printed first, or None.
    language "zh" or "en"; period_labels "chinese" (2024年上半年) or "dhis2" (2024S1); decimals
    of rates and points (0–15); counts from myriad_from print in 万 (0: never). Bad arguments
    raise InvalidInput naming them; no sentence says nan or inf.

    Takes one result object and returns one str; its figures are the object's, in their own
    scale (per cent, percentage points, the threshold's unit), printed as described below.

    Formula
    -------
    Rates and points print rounded half up at `decimals` on the exact value (1506 / 1600 × 100
    = 94.125 → 94.13); a count c ≥ myriad_from prints as c / 10000 万.

    References
    ----------
    docs/narrative.md §1–§2 (sentence shapes, numbers); the wording of the seed work summaries
    (任务数1600人，已完成1506人，任务完成率94.13%).

    Examples
    --------
    >>> a = zb.assess_quota(1506, zb.Quota(1600, zb.Period.year(2019)), "2019-12-31")
    >>> zb.narrate(a, name="免费婚前医学检查", noun="人", period=zb.Period.year(2019))
    '2019年，免费婚前医学检查任务数1600人，已完成1506人，任务完成率94.13%。'
    >>> c = zb.compare_proportions(14446, 23771, 12869, 23758, direction="higher_is_better")
    >>> zb.narrate(c, name="高血压患者血压控制率")     # examples/district story 4
    '高血压患者血压控制率60.77%，较去年同期增加6.60个百分点。'
    """
    language = language_option(language)
    period_labels = choice(period_labels, "period_labels", PERIOD_LABELS)
    decimals = decimals_option(decimals, optional=False)
    return _core._narrate(obj, threshold, _text(name, "name"), _text(noun, "noun"), period,
                          language, period_labels, decimals, myriad_from)


def _row_texts(frame, columns, language, units):
    """The row names: the last given column names what is measured, the ones before it the
    place (示例区); _core._row_subject joins them as the sentence's subject (a space between them
    in English; 每千人口 after the place for a per-1,000-population figure)."""
    parts = []
    for c in columns:
        if c is None:
            continue
        label = column_label(frame, c, "name")
        parts.append(["" if v is None or (isinstance(v, float) and v != v) else str(v)
                      for v in frame[label].tolist()])
    if not parts:
        return [""] * len(frame)
    sep = " " if language == "en" else ""
    return [_core._row_subject(sep.join(p for p in row[:-1] if p), row[-1], u, language)
            for row, u in zip(zip(*parts), units)]


def narrate_frame(frame: pd.DataFrame, *, value: str = "value", target: str = "target",
                  period: Optional[str] = "period",
                  name: Union[str, Sequence[str], None] = ("org_unit_name", "indicator_name"),
                  unit: Union[str, _core.Unit, None] = None, language: str = "zh",
                  period_labels: str = "chinese", decimals: int = 2,
                  verdict: Optional[str] = "verdict") -> pd.Series:
    """One sentence per row of an assessed table (assess_thresholds' result): a Series of str
    with the frame's index.

    target holds each row's threshold text ('≥90%'; empty for a row without one: its value
    alone), value the figure (NaN: "…无数据。"), period the row's period code or Period (None to
    leave it out), name the columns whose text names the row (those missing from the frame are
    skipped). unit: the unit of every row's value ("%", "per_100k"), needed for rows without a
    target to print theirs; None: each row's threshold's unit. Each row is assessed as
    assess_threshold assesses it.

    Takes a pandas DataFrame; each value is in its row's unit (per cent for ≥60%, per 1,000
    population for ≥4.5/千人) and so are the printed shortfalls.

    A table assessed with ``zb.assess_thresholds(..., confidence=)`` has a ``verdict`` column
    (and its options in ``frame.attrs``): each row with a verdict is told with its interval, and
    a row whose interval holds the bound says 差异无统计学意义 (not distinguishable) instead of
    met or missed (docs/narrative.md §6). The sentence is C++'s for the row's
    zb.assess_threshold with the recorded counts, kind, method and level; a verdict that those
    do not give (an edited table) raises InvalidInput naming the row. ``verdict=None`` ignores
    the column; a verdict column without the recorded options is refused.

    Formula
    -------
    Per row: reached = threshold.met_by(value), shortfall = threshold.shortfall(value)
    (差…), printed rounded half up at `decimals`.

    References
    ----------
    docs/narrative.md §1 (sentence shapes) and docs/targets.md §4; examples/district/README.md
    story 4 (blood-pressure control 60.77 % in 2025 against 60 %).

    Examples
    --------
    >>> f = pd.DataFrame({"org_unit_name": ["示例区"], "indicator_name": ["高血压患者血压控制率"],
    ...                   "period": ["2025"], "value": [14446 / 23771 * 100], "target": ["≥60%"]})
    >>> zb.narrate_frame(f).tolist()
    ['2025年，示例区高血压患者血压控制率60.77%，达到不低于60%的目标。']

    5 maternal deaths in 25,000 live births (docs/targets.md §7): 20/10万, whose exact interval
    6.49–46.67/10万 holds the target's 30.

    >>> g = pd.DataFrame({"indicator": ["maternal_mortality_rate"], "indicator_name": ["孕产妇死亡率"],
    ...                   "period": ["2025"], "value": [5 / 25000 * 100000],
    ...                   "numerator": [5], "denominator": [25000]})
    >>> a = zb.assess_thresholds(g, {"maternal_mortality_rate": "低于30/10万"}, confidence=0.95)
    >>> zb.narrate_frame(a).tolist()
    ['2025年，孕产妇死亡率20.00/10万（95%置信区间6.49–46.67），与低于30/10万的目标差异无统计学意义。']
    """
    frame = as_frame(frame, "frame", grouped=False)
    language = language_option(language)
    period_labels = choice(period_labels, "period_labels", PERIOD_LABELS)
    decimals = decimals_option(decimals, optional=False)
    values = float_column(frame[column_label(frame, value, "value")], str(value))
    texts = frame[column_label(frame, target, "target")].tolist()
    thresholds, index, codes = [], {}, np.full(len(frame), -1, dtype=np.int64)
    for row, t in enumerate(texts):
        if t is None or (isinstance(t, float) and t != t):
            continue
        if isinstance(t, Threshold):
            t = t.describe()
        if not isinstance(t, str):
            raise InvalidInput(f"target: row {row} is {type(t).__name__} {t!r}, not a threshold"[:160])
        if t not in index:
            index[t] = len(thresholds)
            thresholds.append(Threshold.parse(t))
        codes[row] = index[t]
    if period is None:
        periods = [None] * len(frame)
    else:
        periods = [None if p is None or (isinstance(p, float) and p != p) else p
                   for p in frame[column_label(frame, period, "period")].tolist()]
    if isinstance(name, str) or name is None:
        name = [name]
    elif not isinstance(name, (list, tuple)):
        raise InvalidInput(f"name: expected a column name or a list of them, got {type(name).__name__}")
    # Each row's unit, as _narrate_rows takes it: the given one, else its threshold's.
    units = [unit if unit is not None else (thresholds[k].unit if k >= 0 else None) for k in codes]
    names = _row_texts(frame, [c for c in name if c is None or c in frame.columns], language, units)
    sentences = _core._narrate_rows(values, codes, thresholds, names, periods, unit, language,
                                    period_labels, decimals)
    if verdict is not None and verdict in frame.columns:
        _weigh_verdicts(frame, frame[verdict].tolist(), values, codes, thresholds, names,
                        periods, language, period_labels, decimals, sentences)
    return pd.Series(sentences, index=frame.index, dtype=object, name="narrative")


def _weigh_verdicts(frame, verdicts, values, codes, thresholds, names, periods, language,
                    period_labels, decimals, sentences) -> None:
    """The rows with a verdict told with their interval: each row's assessment is C++'s
    assess_threshold with the options assess_thresholds recorded (one implementation of the
    interval and of the sentence); its verdict must be the column's."""
    from ._target import SIGNIFICANCE_ATTR

    options = frame.attrs.get(SIGNIFICANCE_ATTR)
    rows = [i for i, v in enumerate(verdicts)
            if isinstance(v, str) and codes[i] >= 0 and np.isfinite(values[i])]
    if not rows:
        return
    if not isinstance(options, dict):
        raise InvalidInput("verdict: the frame has verdicts but not how they were reached (made "
                           "by zb.assess_thresholds(..., confidence=), frame.attrs["
                           f"{SIGNIFICANCE_ATTR!r}]); pass verdict=None to leave them out")
    ids = frame[options["indicator"]].tolist()
    num = float_column(frame[options["numerator"]], options["numerator"])
    den = float_column(frame[options["denominator"]], options["denominator"])
    for i in rows:
        if not (np.isfinite(num[i]) and np.isfinite(den[i])):
            continue  # no counts: its verdict is its value's, told as such
        th = thresholds[codes[i]]
        a = _core.assess_threshold(float(values[i]), th, float(num[i]), float(den[i]),
                                   confidence=options["confidence"],
                                   kind=options["kinds"][ids[i]], method=options["method"])
        if a.verdict != verdicts[i]:
            raise InvalidInput(f"verdict: row {frame.index[i]!r} says {verdicts[i]!r}, but its "
                               f"counts and target give {a.verdict!r}"[:160])
        sentences[i] = _core._narrate(a, th, names[i], "", periods[i], language, period_labels,
                                      decimals, 100000)
