"""Targets: their wording (Threshold.parse, Improvement.parse, parse_target; docs/targets.md §2,
§6), and whole evaluated tables, each indicator's rows assessed against its threshold and
benchmarked against a reference value, in the indicator's direction."""
from __future__ import annotations

from typing import TYPE_CHECKING, Mapping, Optional, Sequence, Union

import numpy as np

from . import _core
from ._errors import relabelled
from ._frames import as_frame, column_label, float_column
from ._options import choice
from ._core import (
    Catalog,
    Comparison,
    Improvement,
    Indicator,
    InvalidInput,
    Quota,
    Threshold,
    assess_improvement,
    assess_quota,
    assess_threshold,
    benchmark,
    compare_proportions,
    compare_rates,
    parse_target,
    rank,
    split_quota,
)

if TYPE_CHECKING:  # annotations only: importing pandas here would slow `import zhibiao`
    import pandas as pd

__all__ = [
    "Comparison", "Improvement", "Quota", "Threshold", "assess_improvement", "assess_quota",
    "assess_improvements", "assess_threshold", "assess_thresholds", "benchmark", "benchmark_frame", "compare_proportions",
    "compare_rates", "parse_target", "rank", "split_quota",
]

ThresholdLike = Union[Threshold, str]
ImprovementLike = Union[Improvement, str]

# Why an assessment of values takes no groupby: rates do not add, and the mean of the rows' rates
# is not the group's rate (docs/tables.md); the group's value comes from its pooled counts.
_VALUES_DO_NOT_POOL = ("the values are rates, which a group cannot pool: evaluate the groups' "
                       "counts (zb.evaluate over the org-unit tree, or a groupby of the counts "
                       "with zb.proportion_frame) and assess that table")


def _threshold(t: ThresholdLike, key) -> Threshold:
    if isinstance(t, Threshold):
        return t
    if isinstance(t, str):
        return Threshold.parse(t)
    raise InvalidInput(f"targets: the target of {key!r} is {type(t).__name__} {t!r}; expected a "
                       "Threshold or its text ('不低于90%')"[:160])


def _column(frame, name: str) -> np.ndarray:
    """A numeric column as float64 (missing values, None and pd.NA as NaN); a text cell is an
    InvalidRows naming its row (never read as missing)."""
    return float_column(frame[name], str(name))


def _mapping(value, field: str) -> Mapping:
    if not isinstance(value, Mapping):
        raise InvalidInput(f"{field}: expected a dict of indicator id -> value, got "
                           f"{type(value).__name__} {value!r}"[:160])
    return value


def _has(frame, name, field: str) -> bool:
    """An optional column argument (numerator, denominator): used when the frame has it; None
    asks for none; anything but a column label (an array, NaN) is InvalidInput naming `field`."""
    if name is None:
        return False
    if not isinstance(name, str):
        column_label(frame, name, field)
    return name in frame.columns


def _present(frame, name: str) -> np.ndarray:
    """Rows where the cell is not None (a None count means "no count", a NaN is a missing one)."""
    cells = frame[name].to_numpy()
    if cells.dtype != object:
        return np.ones(len(cells), dtype=np.uint8)
    return (cells != None).astype(np.uint8)  # noqa: E711 - elementwise: which cells hold None


def _groups(frame, column: str, keys) -> np.ndarray:
    """Each row's position in `keys` (int64, -1 where its key is not among them)."""
    import pandas as pd

    return pd.Index(list(keys), dtype=object).get_indexer(frame[column]).astype(np.int64)


def _with_outcome(frame, targets, target: np.ndarray, reached: np.ndarray) -> "pd.DataFrame":
    """A copy of `frame` with each row's target wording and reached flag (the kernels' codes 0
    missed, 1 reached, _NOT_ASSESSED): bools, or Python bools and None where some row was not
    assessed, as a column built from the scalar results row by row."""
    descriptions = np.asarray([t.describe() for t in targets] + [None], dtype=object)
    out = frame.copy()
    out["target"] = list(descriptions[target])  # -1 (no target) picks the trailing None
    assessed = reached != _core._NOT_ASSESSED
    if len(frame) and assessed.all():
        out["reached"] = reached == 1
    else:
        out["reached"] = list(np.where(assessed, (reached == 1).astype(object), None))
    return out


#: What confidence= weighs (SignificanceOption.kind): a quota completion has no interval.
FIGURE_KINDS = ("proportion", "rate", "ratio")
#: The interval methods of confidence= (EvidenceMethod; docs/targets.md §7).
EVIDENCE_METHODS = ("automatic", "wilson", "exact", "byar")


def _confidence(confidence) -> Optional[float]:
    """None (off) or a level strictly between 0 and 1; InvalidInput naming confidence else."""
    if confidence is None:
        return None
    from ._options import number

    level = number(confidence, "confidence")
    if not 0 < level < 1:
        raise InvalidInput(f"confidence: must be strictly between 0 and 1 (e.g. 0.95), got {confidence!r}"[:160])
    return level


def _kinds(kind, ids: Sequence[str]) -> list:
    """The figure kind of each indicator id: one kind for all, a dict id -> kind, or None for the
    built-in catalog's kind of each id (InvalidInput naming kind for an id it does not have)."""
    if kind is None:
        catalog = Catalog.builtin()
        out = []
        for k in ids:
            try:
                out.append(catalog.indicator(k).kind)
            except InvalidInput:
                raise InvalidInput(f"kind: {k!r} is not a built-in indicator; give kind= "
                                   "('proportion', 'rate', 'ratio') or a dict id -> kind"[:160]) from None
        kinds = out
    elif isinstance(kind, Mapping):
        missing = [k for k in ids if k not in kind]
        if missing:
            raise InvalidInput(f"kind: no kind for indicator(s) {sorted(missing)}"[:160])
        kinds = [kind[k] for k in ids]
    else:
        kinds = [kind] * len(ids)
    for k in kinds:
        # quota_completion is refused by the kernel with its reason (the work done is counted,
        # not sampled); anything else that is not a known kind (an array, a Series) by choice().
        if not (isinstance(k, str) and k == "quota_completion"):
            choice(k, "kind", FIGURE_KINDS)
    return [str(k) for k in kinds]


def assess_thresholds(frame: "pd.DataFrame", targets: Mapping[str, ThresholdLike], *,
                      indicator: str = "indicator", value: str = "value",
                      numerator: str = "numerator",
                      denominator: str = "denominator",
                      confidence: Optional[float] = None,
                      kind: Union[str, Mapping[str, str], None] = None,
                      method: str = "automatic") -> "pd.DataFrame":
    """A copy of an evaluated table with, per row, its indicator's target and the outcome.

    Takes a pandas DataFrame (zb.evaluate's table, or any with indicator and value columns) and
    a dict mapping indicator ids to thresholds ("低于8‰", "≥90%" or Threshold objects), each in the
    unit of that indicator's values. Adds target ('≥90%'), reached (bool; missing where the row
    has no value), shortfall (same unit as the value: percentage points for a per-cent
    indicator, 0 when reached) and count_needed (numerator units still needed, where the row has
    a numerator and denominator). Rows of indicators without a target are kept, with empty
    cells. Every row is assessed in one C++ call (assess_threshold_column), as assess_threshold
    does one.

    confidence= (e.g. 0.95; None, the default, changes nothing) weighs each row's sampling
    error, as zb.assess_threshold(..., confidence=) does: kind is "proportion", "rate" or
    "ratio" for every row, a dict indicator id -> kind, or None for each indicator's kind in
    the built-in catalog; method as zb.assess_threshold's. Adds verdict ('reached',
    'not_reached', 'not_distinguishable' -- 差异无统计学意义, the interval holds the bound; None
    where not assessed) and ci_lower, ci_upper (the interval in the value's unit; NaN for a row
    without counts, whose verdict is its value's, or of a quota completion).

    Formula
    -------
    Per row, as zb.assess_threshold: reached = threshold.met_by(value); shortfall =
    threshold.shortfall(value); count_needed = ⌈bound × denominator / multiplier − numerator⌉
    for ≥ (and the mirror for ≤), 0 when reached. With confidence: verdict = reached when the
    interval lies on the bound's good side, not_reached on its bad side, else
    not_distinguishable.

    References
    ----------
    docs/targets.md §4–§5 (assessing a whole evaluated table) and §7 (small numbers);
    examples/district/README.md story 3 (1364 childcare places, 3.89 per 1,000 against 不低于4.5)
    and story 4 (blood-pressure control 60.77 % in 2025 against its 60 % target).

    Examples
    --------
    >>> f = pd.DataFrame({"indicator": ["childcare_places_per_1000", "hypertension_bp_control_rate"],
    ...                   "value": [1364 / 350533.75 * 1000, 14446 / 23771 * 100],
    ...                   "numerator": [1364, 14446], "denominator": [350533.75, 23771]})
    >>> out = zb.assess_thresholds(f, {"childcare_places_per_1000": "不低于4.5/千人",
    ...                                "hypertension_bp_control_rate": "≥60%"})
    >>> out[["target", "reached", "shortfall", "count_needed"]].round(2)
        target  reached  shortfall  count_needed
    0  ≥4.5/千人    False       0.61         214.0
    1     ≥60%     True       0.00           0.0

    801 births, 427 boys (出生人口性别比114.17), against the normal range 103–107: the data
    cannot tell; 21,417 births at the same ratio can.

    >>> g = pd.DataFrame({"indicator": ["sex_ratio_at_birth"] * 2, "value": [427 / 374 * 100, 114.17],
    ...                   "numerator": [427, 11417], "denominator": [374, 10000]})
    >>> out = zb.assess_thresholds(g, {"sex_ratio_at_birth": zb.Threshold.parse("103-107", unit="per_100")},
    ...                            confidence=0.95)
    >>> out[["reached", "verdict", "ci_lower", "ci_upper"]].round(2)
       reached              verdict  ci_lower  ci_upper
    0    False  not_distinguishable     99.39    131.16
    1    False          not_reached    111.15    117.28
    """
    frame = as_frame(frame, "frame", grouped=False, why_not_grouped=_VALUES_DO_NOT_POOL)
    indicator = column_label(frame, indicator, "indicator")
    value = column_label(frame, value, "value")
    parsed = {k: _threshold(t, k) for k, t in _mapping(targets, "targets").items()}
    unknown = set(parsed) - set(frame[indicator].unique())
    if unknown:
        raise InvalidInput(f"targets: no rows for indicator(s) {sorted(unknown)}")
    thresholds = list(parsed.values())
    target = _groups(frame, indicator, parsed)
    counts = {}
    if _has(frame, numerator, "numerator") and _has(frame, denominator, "denominator"):
        counts = {"numerator": _column(frame, numerator), "denominator": _column(frame, denominator),
                  "has_counts": _present(frame, numerator) & _present(frame, denominator)}
    level = _confidence(confidence)
    if level is None:
        reached, shortfall, needed = _core._assess_threshold_column(_column(frame, value), target,
                                                                    thresholds, **counts)
    else:
        method = choice(method, "method", EVIDENCE_METHODS)
        if not counts:
            raise InvalidInput(f"confidence: weighing the sampling error needs the counts; the frame "
                               f"has no column {numerator!r} and {denominator!r}"[:160])
        try:
            reached, shortfall, needed, verdict, lower, upper = _core._assess_threshold_column(
                _column(frame, value), target, thresholds, **counts, confidence=level,
                kinds=_kinds(kind, list(parsed)), method=method)
        except _core.InvalidRows as exc:  # named by the caller's index and columns
            raise relabelled(exc, frame.index, {"numerator": str(numerator),
                                                "denominator": str(denominator)}) from None
    out = _with_outcome(frame, thresholds, target, reached)
    out["shortfall"] = shortfall
    out["count_needed"] = needed
    if level is not None:
        names = np.asarray(list(_core._TARGET_VERDICT_NAMES), dtype=object)
        out["verdict"] = list(np.where(reached == _core._NOT_ASSESSED, None, names[verdict]))
        out["ci_lower"] = lower
        out["ci_upper"] = upper
        # How the verdicts were reached, for zb.narrate_frame's sentences (差异无统计学意义).
        out.attrs[SIGNIFICANCE_ATTR] = {
            "confidence": level, "method": method, "indicator": str(indicator),
            "numerator": str(numerator), "denominator": str(denominator),
            "kinds": dict(zip(parsed, _kinds(kind, list(parsed))))}
    return out


#: The frame.attrs key where assess_thresholds(confidence=) records its options.
SIGNIFICANCE_ATTR = "zhibiao_significance"


def _improvement(t: ImprovementLike, key) -> Improvement:
    if isinstance(t, Improvement):
        return t
    if isinstance(t, str):
        return Improvement.parse(t)
    raise InvalidInput(f"targets: the target of {key!r} is {type(t).__name__} {t!r}; expected an "
                       "Improvement or its text ('较上年提高2个百分点')"[:160])


def assess_improvements(frame: "pd.DataFrame", targets: Mapping[str, ImprovementLike], *,
                        indicator: str = "indicator", value: str = "value",
                        baseline: Optional[str] = "baseline",
                        history: Optional[Sequence[str]] = None,
                        confidence: Optional[float] = None,
                        kind: Union[str, Mapping[str, str], None] = None,
                        numerator: str = "numerator", denominator: str = "denominator",
                        baseline_numerator: str = "baseline_numerator",
                        baseline_denominator: str = "baseline_denominator") -> "pd.DataFrame":
    """A copy of a table with, per row, its indicator's improvement target and the outcome.

    Takes a pandas DataFrame with indicator and value columns and a baseline column (last year's
    or the baseline year's value of the same unit, in the value's unit), or `history`: the
    columns of earlier years' values, oldest first (needed by 逐年下降 and 不高于近5年平均水平; its
    last column stands in for a missing baseline column). `targets` maps indicator ids to
    improvements ("较上年提高2个百分点", "较2015年下降30%" or Improvement objects). Adds target
    (the canonical wording), reached (bool; None where the row cannot be assessed: no target,
    or a missing value, baseline or history year), change_points (value − baseline, percentage
    points for a per-cent value), change_relative (per cent of the baseline; NaN from a
    baseline of 0) and reference (the baseline or the average compared with, for those kinds).
    Every row is assessed in one C++ call (assess_improvement_column), as zb.assess_improvement
    assesses one.

    confidence= (e.g. 0.95; None, the default, changes nothing) weighs the sampling error of the
    change from both years' counts (columns numerator, denominator, baseline_numerator,
    baseline_denominator), as zb.compare_frame tests a 同比 change: for a proportion the
    interval of the change in points is Newcombe's (zb.compare_proportions), which judges
    提高/下降…个百分点, 较上年有所提高 and 不低于上年; for a rate the exact interval of the rate
    ratio RR (zb.compare_rates), as a relative change (RR − 1) × 100, which judges 提高/下降…%,
    有所下降 and 不低于上年 (C++ change_interval and improvement_verdict, one call per table). kind as zb.assess_thresholds' ("proportion", "rate", "ratio", a dict, or None for
    the built-in catalog's). Adds verdict ('reached', 'not_reached', 'not_distinguishable' --
    差异无统计学意义, the interval holds the target's change; None where not assessed) and
    ci_lower, ci_upper (the interval of the change in the target's terms: points, or per cent of
    the baseline). A row with no such interval (a points target on a rate, a relative target on
    a proportion, a ratio, 逐年下降 or 不高于近5年平均水平, a rate without baseline events, or a
    row without counts) keeps its value's verdict, with NaN limits; counts the intervals refuse
    (a numerator above its denominator ...) raise InvalidRows naming the row and column.

    Formula
    -------
    Per row, as zb.assess_improvement: change_points = value − baseline; change_relative =
    (value − baseline) / baseline × 100; sign = −1 for lower_is_better (下降), +1 otherwise;
    points: reached when sign × change_points ≥ amount; relative: when sign × change_relative ≥
    amount; trend: every year better than the one before; average / baseline kinds: no worse.
    With confidence, the bound b = ±amount (0 for better and not_worse_than_baseline) and the
    interval
    (L, U) of the change: for a rise, reached when L > b, not reached when U < b; for a fall,
    reached when U < −amount, not reached when L > −amount; else not_distinguishable.

    References
    ----------
    docs/targets.md §6 (the wording of improvement targets); the wording of 《"健康中国2030"规划纲要》
    (较2015年降低30%). The examples are hand calculations: 18.5 % → 16.5 % is −2 points and
    (16.5 − 18.5) / 18.5 × 100 = −10.81 %.

    Examples
    --------
    >>> f = pd.DataFrame({"indicator": ["smoking_rate", "smoking_rate"],
    ...                   "value": [16.5, 17.9], "baseline": [18.5, 18.5]},
    ...                  index=["东城街道", "石桥镇"])
    >>> out = zb.assess_improvements(f, {"smoking_rate": "较上年下降2个百分点"})
    >>> out[["target", "reached", "change_points", "change_relative"]].round(2)
                  target  reached  change_points  change_relative
    东城街道  较上年下降2个百分点     True           -2.0           -10.81
    石桥镇   较上年下降2个百分点    False           -0.6            -3.24

    Blood-pressure control in the example district (README story 4): 12869/23758 = 54.17 % in
    2024, 14446/23771 = 60.77 % in 2025, +6.60 points with Newcombe's interval 5.72–7.49. A rise
    of 5 points is shown; one of 7 is missed by the value but the data cannot tell.

    >>> g = pd.DataFrame({"indicator": ["hypertension_bp_control_rate"] * 2,
    ...                   "value": [14446 / 23771 * 100] * 2, "baseline": [12869 / 23758 * 100] * 2,
    ...                   "numerator": [14446] * 2, "denominator": [23771] * 2,
    ...                   "baseline_numerator": [12869] * 2, "baseline_denominator": [23758] * 2,
    ...                   "target": ["较上年提高5个百分点", "较上年提高7个百分点"]})
    >>> out = pd.concat([zb.assess_improvements(g.iloc[[k]], {"hypertension_bp_control_rate": t},
    ...                                         confidence=0.95) for k, t in enumerate(g["target"])])
    >>> out[["reached", "verdict", "ci_lower", "ci_upper"]].round(2)
       reached              verdict  ci_lower  ci_upper
    0     True              reached      5.72      7.49
    1    False  not_distinguishable      5.72      7.49
    """
    frame = as_frame(frame, "frame", grouped=False, why_not_grouped=_VALUES_DO_NOT_POOL)
    indicator = column_label(frame, indicator, "indicator")
    value = column_label(frame, value, "value")
    parsed = {k: _improvement(t, k) for k, t in _mapping(targets, "targets").items()}
    unknown = set(parsed) - set(frame[indicator].unique())
    if unknown:
        raise InvalidInput(f"targets: no rows for indicator(s) {sorted(unknown)}")
    base = _column(frame, baseline) if _has(frame, baseline, "baseline") else None
    years = None
    if history is not None:
        if isinstance(history, str) or not isinstance(history, Sequence):
            raise InvalidInput(f"history: expected a list of column names (oldest first), got "
                               f"{history!r}"[:160])
        for c in history:
            column_label(frame, c, "history")
        years = (np.column_stack([_column(frame, c) for c in history]) if history
                 else np.empty((len(frame), 0)))
    if base is None and years is None:
        raise InvalidInput(f"baseline: the frame has no column {baseline!r}; give baseline= a "
                           "column of baseline values or history= earlier years' columns")
    improvements = list(parsed.values())
    target = _groups(frame, indicator, parsed)
    level = _confidence(confidence)
    evidence = {}
    if level is not None:
        counts = (numerator, denominator, baseline_numerator, baseline_denominator)
        absent = [str(c) for c in counts if not _has(frame, c, "counts")]
        if absent:
            raise InvalidInput("confidence: weighing the sampling error of a change needs both "
                               f"years' counts; the frame has no column {', '.join(absent)}"[:160])
        # The intervals and the rule against the target's change are assess_improvement_column's
        # (change_interval, improvement_verdict): one C++ call, no second copy of the rule here.
        evidence = {name: _column(frame, c) for name, c in zip(
            ("numerator", "denominator", "baseline_numerator", "baseline_denominator"), counts)}
        evidence.update(confidence=level, kinds=_kinds(kind, list(parsed)))
    try:
        result = _core._assess_improvement_column(_column(frame, value), target, improvements,
                                                  base, years, **evidence)
    except _core.InvalidRows as exc:  # named by the caller's index and columns
        raise relabelled(exc, frame.index, {
            "value": str(value), "baseline": str(baseline), "history": "history",
            "numerator": str(numerator), "denominator": str(denominator),
            "baseline_numerator": str(baseline_numerator),
            "baseline_denominator": str(baseline_denominator)}) from None
    reached, points, relative, reference = result[:4]
    out = _with_outcome(frame, improvements, target, reached)
    out["change_points"] = points
    out["change_relative"] = relative
    out["reference"] = reference
    if level is not None:
        verdict, lower, upper = result[4:]
        names = np.asarray(list(_core._TARGET_VERDICT_NAMES), dtype=object)
        out["verdict"] = list(np.where(reached == _core._NOT_ASSESSED, None, names[verdict]))
        out["ci_lower"] = lower
        out["ci_upper"] = upper
    return out


def benchmark_frame(frame: "pd.DataFrame", references: Mapping[str, float],
                    indicators: Union[Catalog, Sequence[Indicator]], *,
                    indicator: str = "indicator", value: str = "value", lower: str = "lower_95",
                    upper: str = "upper_95") -> "pd.DataFrame":
    """A copy of an evaluated table (with interval columns) with `benchmark`: better / similar /
    worse than the reference value of its indicator (e.g. the province), in the indicator's
    direction; not_comparable for indicators whose direction is neither.

    Takes a pandas DataFrame (zb.evaluate's table with confidence=0.95, or any with indicator,
    value, lower_95 and upper_95 columns), a dict of indicator id -> reference value (same unit as
    that indicator's values) and the Catalog or Indicators giving each one's direction. Adds one
    text column; rows of indicators without a reference, or without a value, get None. One C++
    call (benchmark_column) judges every row as zb.benchmark judges one.

    Formula
    -------
    Per row, as zb.benchmark: higher_is_better: better if lower > reference, worse if upper <
    reference, else similar; lower_is_better the other way round; neither: not_comparable
    when the interval lies wholly on one side, else similar.

    References
    ----------
    Public Health England's Fingertips benchmarking (a value's confidence interval against the
    England value: better / similar / worse); docs/tables.md §3.

    Examples
    --------
    >>> f = pd.DataFrame({"indicator": ["hypertension_bp_control_rate"] * 2, "org_unit": ["甲", "乙"],
    ...                   "value": [91.0, 93.0], "lower_95": [88.0, 91.0], "upper_95": [93.0, 95.0]})
    >>> out = zb.benchmark_frame(f, {"hypertension_bp_control_rate": 90.0}, zb.builtin_catalog())
    >>> list(out["benchmark"])   # [88, 93] straddles 90; [91, 95] lies wholly above it
    ['similar', 'better']
    """
    from ._evaluation import indicator_list
    from ._options import number

    frame = as_frame(frame, "frame", grouped=False, why_not_grouped=_VALUES_DO_NOT_POOL)
    inds = indicator_list(indicators)
    direction = {i.id: i.direction for i in inds}
    indicator = column_label(frame, indicator, "indicator")
    value = column_label(frame, value, "value")
    for field, column in (("lower", lower), ("upper", upper)):
        if isinstance(column, str) and column not in frame.columns:
            raise InvalidInput(f"{field}: no such column {column!r}; evaluate with confidence=0.95 first")
        column_label(frame, column, field)
    references = {k: number(v, f"references[{k!r}]") for k, v in _mapping(references, "references").items()}
    keys = [k for k in references if k in direction]
    verdict = _core._benchmark_column(_column(frame, value), _column(frame, lower), _column(frame, upper),
                                      _groups(frame, indicator, keys), [references[k] for k in keys],
                                      [direction[k] for k in keys])
    names = np.asarray(list(_core._VERDICT_NAMES) + [None] * (256 - len(_core._VERDICT_NAMES)), dtype=object)
    out = frame.copy()
    out["benchmark"] = list(names[verdict])
    return out
