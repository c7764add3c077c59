"""The words of an outcome, once (issue 19 item 2; docs/vocabulary.md §4).

Every outcome code a table or an object carries -- against a target (reached, not_reached, and
with a significance test not_distinguishable), against
序时进度 (ahead, on_schedule, behind), against a reference value (better, similar, worse,
not_comparable) -- and the data statuses that withhold one (undefined, partial, no_data,
no_target) have one Chinese word, one English word and one tone here. The Jupyter display
(zhibiao._display), the plots (zhibiao.plot) and the tables (zhibiao._tables) read this table, so
"on_schedule" cannot show grey in one place and green in another. The Chinese words are the ones
the command line and the HTML report print (达标 / 未达标, src/report_html.cpp) and the pace words
of the narrative (超过 / 符合 / 落后序时进度, docs/narrative.md).

A tone is what a reader should feel: ``ok`` (green), ``warn`` (amber: behind schedule, or data
that do not cover the period), ``bad`` (red: a target missed, worse than the reference) and ``na``
(grey: nothing to judge).
"""
from __future__ import annotations

from typing import Dict, NamedTuple, Optional

__all__ = ["OUTCOME_WORDS", "TONE_COLOURS"]


class OutcomeWord(NamedTuple):
    zh: str
    en: str
    tone: str


#: Outcome code -> its words and tone. A status text "undefined: the quota is zero" is looked up by
#: its code, the part before the colon.
OUTCOME_WORDS: Dict[str, OutcomeWord] = {
    # against a threshold or a quota's amount
    "reached": OutcomeWord("达标", "met", "ok"),
    "not_reached": OutcomeWord("未达标", "not met", "bad"),
    # with confidence=: the figure's interval holds the target, the data cannot tell (issue 20
    # item 4; docs/targets.md §7). Grey: neither met nor missed may be shown.
    "not_distinguishable": OutcomeWord("差异无统计学意义", "not distinguishable", "na"),
    # against 序时进度 (zb.assess_quota's pace)
    "ahead": OutcomeWord("超过序时进度", "ahead of schedule", "ok"),
    "on_schedule": OutcomeWord("符合序时进度", "on schedule", "ok"),
    "behind": OutcomeWord("落后序时进度", "behind schedule", "warn"),
    # against a reference value or last year (zb.benchmark, Comparison.verdict)
    "better": OutcomeWord("优于参照", "better", "ok"),
    "similar": OutcomeWord("与参照相当", "similar", "na"),
    "worse": OutcomeWord("劣于参照", "worse", "bad"),
    "not_comparable": OutcomeWord("无好坏方向", "not comparable", "na"),
    # a funnel plot's comparison with the mean when the indicator has no direction
    "higher": OutcomeWord("高于平均", "higher", "na"),
    "lower": OutcomeWord("低于平均", "lower", "na"),
    # data statuses that withhold a verdict
    "ok": OutcomeWord("正常", "ok", "ok"),
    "undefined": OutcomeWord("无法计算", "undefined", "na"),
    "no_relative_change": OutcomeWord("无相对变化", "no relative change", "na"),
    "partial": OutcomeWord("数据不全", "partial data", "warn"),
    "no_data": OutcomeWord("无数据", "no data", "na"),
    "no_target": OutcomeWord("未设目标", "no target", "na"),
}

#: Tone -> colour (the HTML classes zb-ok / zb-warn / zb-bad / zb-na and the plots use these).
TONE_COLOURS: Dict[str, str] = {"ok": "#1a7f37", "warn": "#b26b00", "bad": "#c62828", "na": "#777777"}


def outcome(status: object) -> Optional[OutcomeWord]:
    """The words of an outcome code or status text ("undefined: ..." by its code); None for
    anything else (a NaN cell, a number)."""
    if isinstance(status, bool):
        return OUTCOME_WORDS["reached" if status else "not_reached"]
    if not isinstance(status, str):
        return None
    return OUTCOME_WORDS.get(status.split(":", 1)[0].strip())


def tone(status: object) -> str:
    """The tone of an outcome ("na" when there is none to show)."""
    word = outcome(status)
    return word.tone if word is not None else "na"
