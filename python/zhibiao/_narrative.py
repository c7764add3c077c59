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


def narrate(obj, *, name: str = "", noun: str = "", period=None, threshold=None,
            language: str = "zh", period_labels: str = "chinese", decimals: int = 2,
            myriad_from: float = 100000) -> str:
    """One sentence about a QuotaAssessment, a ThresholdAssessment (give its threshold: a
    Threshold or its text, "≥90%") or a Comparison.

    name: what the figure is ("免费婚前医学检查", "区内住院率"), in the sentence's language; noun: the
    noun of its counts ("人", "剂次", "元"); period: a Period (or its code) printed first, or None.
    language "zh" or "en"; period_labels "chinese" (2024年上半年) or "dhis2" (2024S1); decimals
    of rates and points (0–15); counts from myriad_from print in 万 (0: never). Bad arguments
    raise InvalidInput naming them; no sentence says nan or inf.
    """
    language = language_option(language)
    period_labels = choice(period_labels, "period_labels", PERIOD_LABELS)
    decimals = decimals_option(decimals, optional=False)
    return _core._narrate(obj, threshold, _text(name, "name"), _text(noun, "noun"), period,
                          language, period_labels, decimals, myriad_from)


def _row_texts(frame, columns, language):
    """The row names: the given columns' text joined (a space between them in English)."""
    parts = []
    for c in columns:
        if c is None:
            continue
        label = column_label(frame, c, "name")
        parts.append(["" if v is None or (isinstance(v, float) and v != v) else str(v)
                      for v in frame[label].tolist()])
    sep = " " if language == "en" else ""
    return [sep.join(p for p in row if p) for row in zip(*parts)] if parts else [""] * len(frame)


def narrate_frame(frame, *, value: str = "value", target: str = "target", period="period",
                  name=("org_unit_name", "indicator_name"), unit=None, language: str = "zh",
                  period_labels: str = "chinese", decimals: int = 2) -> pd.Series:
    """One sentence per row of an assessed table (assess_thresholds' result): a Series of str
    with the frame's index.

    target holds each row's threshold text ('≥90%'; empty for a row without one: its value
    alone), value the figure (NaN: "…无数据。"), period the row's period code or Period (None to
    leave it out), name the columns whose text names the row (those missing from the frame are
    skipped). unit: the unit of every row's value ("%", "per_100k"), needed for rows without a
    target to print theirs; None: each row's threshold's unit. Each row is assessed as
    assess_threshold assesses it.
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
    names = _row_texts(frame, [c for c in name if c is None or c in frame.columns], language)
    sentences = _core._narrate_rows(values, codes, thresholds, names, periods, unit, language,
                                    period_labels, decimals)
    return pd.Series(sentences, index=frame.index, dtype=object, name="narrative")
