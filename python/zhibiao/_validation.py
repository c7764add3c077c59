"""Validation rules over a data cube, rules over consecutive periods, and the check that reported
rates are what their reported numerators and denominators give — as pandas tables.

    >>> tree = zb.OrgUnitTree.from_parent_table(["D", "T"], ["示例区", "东城街道"], ["", "D"])
    >>> cube = zb.DataCube(tree, [zb.DataElement(e) for e in ("reward_all", "basic", "extended")],
    ...                    zb.Period.month(2024, 1), 6)
    >>> _ = cube.load_frame(pd.DataFrame({"element": ["reward_all", "basic", "extended"],
    ...                                   "org_unit": "T", "period": "202406", "value": [120, 100, 19]}))
    >>> rule = zb.sum_of_parts_rule("reward_total", "reward_all", ["basic", "extended"], "奖励扶助对象合计")
    >>> v = zb.validate(cube, [rule], ["D"], "2024年上半年")
    >>> v.message.tolist()          # violations only, by default
    ['120 ≠ 100 + 19 = 119 (rule 奖励扶助对象合计)']
    >>> v.attrs["summary"][["rule", "checked", "passed", "violated", "skipped", "errors"]]
               rule  checked  passed  violated  skipped  errors
    0  reward_total        1       0         1        0       0

The work is done by the C++ core (validation.hpp); this module resolves org units and periods,
and labels the results.
"""
from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any, Iterable, List, Optional, Sequence, Union

import numpy as np

from . import _core
from ._core import (
    ConsecutiveRule,
    DataCube,
    InvalidInput,
    ReportedRateCheck,
    Unit,
    ValidationRule,
    check_reported_rate,
    sum_of_parts_rule,
    validation_rules_from_json,
    validation_rules_to_json,
)
from ._cube import _periods, _units, cells_as_numbers
from ._frames import as_frame, column_label
from ._options import ON_BAD_ROWS, choice, decimals as _decimals, language as _language

if TYPE_CHECKING:
    import pandas as pd

_NO_FORMULA = {
    "load_validation_rules": "a file reader: it parses rule definitions and computes no figure",
    "validation_rules_from_json": "a reader of rule definitions from JSON text, it computes no figure",
    "validation_rules_to_json": "a writer of rule definitions as JSON text, it computes no figure",
}

#: Text of each outcome code: 0 passed, 1 violated, 2 skipped (missing values), 3 error.
RULE_OUTCOME_DESCRIPTIONS = tuple(_core.RULE_OUTCOME_DESCRIPTIONS)
#: Text of each reported-rate status code: 0 consistent, 1 inconsistent, 2 undefined, 3.. bad rows.
REPORTED_STATUS_DESCRIPTIONS = tuple(_core.REPORTED_STATUS_DESCRIPTIONS)

#: Short name of each outcome code (the categories of validate()'s outcome column).
RULE_OUTCOME_NAMES = tuple(_core.RULE_OUTCOME_NAMES)
#: Short name of each reported-rate status code (the categories of check_reported_rates' status).
REPORTED_STATUS_NAMES = tuple(_core.REPORTED_STATUS_NAMES)


def load_validation_rules(path: Union[str, "os.PathLike[str]"], encoding: str = "utf-8") -> List[ValidationRule]:
    """Rules from a JSON file: a list of rules, or a catalog with a "validation_rules" list.

    Takes one file path; returns a list of ValidationRules (definitions: validate applies them).
    encoding: "utf-8" (the default) or "gb18030" (also "gbk"); bytes not in it are a ParseError
    with the character position and byte offset (as load_catalog).

    References
    ----------
    The rule format of include/zhibiao/validation.hpp, after DHIS2's validation rules;
    docs/bad-input.md §6.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = pathlib.Path(folder) / "rules.json"
    ...     _ = path.write_text('[{"id": "r1", "left": "#{basic}", "operator": "<=", '
    ...                         '"right": "#{reward_all}"}]', encoding="utf-8")
    ...     rules = zb.load_validation_rules(path)
    >>> rules
    [ValidationRule('r1': #{basic} <= #{reward_all})]
    """
    return validation_rules_from_json(_core._read_file(path), encoding=encoding)


def _rule_list(rules, kind) -> list:
    """One rule of type `kind` or a list of them; InvalidInput naming `rules` otherwise."""
    if isinstance(rules, kind):
        return [rules]
    if not isinstance(rules, (list, tuple)):
        raise InvalidInput(f"rules: expected a {kind.__name__} or a list of them, got "
                           f"{type(rules).__name__} {rules!r}"[:160])
    rules = list(rules)
    for k, r in enumerate(rules):
        if not isinstance(r, kind):
            raise InvalidInput(f"rules: item {k} is {type(r).__name__} {r!r}, not a "
                               f"{kind.__name__}"[:160])
    if not rules:
        raise InvalidInput("rules: give at least one rule")
    return rules


def _name(rule, language: str) -> str:
    if language == "en" and rule.name_en:
        return rule.name_en
    return rule.display_name


def validate(cube: DataCube, rules: Union[ValidationRule, Sequence[ValidationRule]],
             org_units: Union[None, int, str, Iterable] = None, periods: Any = None, *,
             include: str = "violations", language: str = "zh") -> "pd.DataFrame":
    """Run validation rules for org units (each over its whole subtree) × periods.

    Takes a DataCube and one ValidationRule or a list; returns a pandas DataFrame, one row per
    rule, org unit and period listed, whose left and right are in the unit of the rule's
    expressions (the same unit as the data for a sum of parts).

    org_units: a level number, a code or a list of codes (default: the roots). periods: a
    Period-like or a list (default: the cube's months as one range); a rule with a period type
    is checked for each period of that type inside them. include: "violations" (violations and
    errors), "all" (passed and skipped rows too) or "problems" (violations, errors and skipped).

    Returns a DataFrame with columns rule, rule_name, importance, operator, org_unit,
    org_unit_name, period, left, right, outcome, message; `attrs["summary"]` is a DataFrame with
    one row per rule (checked, passed, violated, skipped, errors): rows skipped under a
    missing-value strategy are counted there even when not listed.

    Formula
    -------
    For each rule, unit and period: left = the left expression over the unit's aggregates,
    right likewise; outcome = passed when `left operator right` holds (equality within the
    rule's tolerance), violated when not, skipped when a side is missing under its strategy,
    error when a side cannot be computed.

    References
    ----------
    DHIS2's validation rules (left side, operator, right side, importance, period type,
    MissingValueStrategy); docs/bad-input.md §6 (skipped is not passed).

    Examples
    --------
    A sum that a report's 合计 must equal (invented figures: 100 + 19 is not 120):

    >>> tree = zb.OrgUnitTree.from_parent_table(["D", "T"], ["示例区", "东城街道"], ["", "D"])
    >>> cube = zb.DataCube(tree, [zb.DataElement(e) for e in ("reward_all", "basic", "extended")],
    ...                    zb.Period.month(2024, 1), 6)
    >>> _ = cube.load_frame(pd.DataFrame({"element": ["reward_all", "basic", "extended"],
    ...                                   "org_unit": "T", "period": "202406", "value": [120, 100, 19]}))
    >>> rule = zb.sum_of_parts_rule("reward_total", "reward_all", ["basic", "extended"])
    >>> zb.validate(cube, rule, include="all")[["org_unit", "period", "left", "right", "outcome"]]
      org_unit                 period   left  right   outcome
    0        D  2024-01-01/2024-06-30  120.0  119.0  violated
    """
    import pandas as pd

    include = choice(include, "include", ("violations", "all", "problems"))
    language = _language(language)
    rules = _rule_list(rules, ValidationRule)
    units = _units(cube, org_units)
    periods = _periods(cube, periods)
    (rule, unit, unique_periods, period_index, _requested, left, right, outcome, message,
     summary) = _core._validate(cube, rules, units, periods, include == "all", include != "violations", language)
    rule = np.asarray(rule, dtype=np.int64)
    unit = np.asarray(unit, dtype=np.int64)
    tree = cube.tree
    ids = np.asarray([r.id for r in rules], dtype=object)
    names = np.asarray([_name(r, language) for r in rules], dtype=object)
    importance = np.asarray([r.importance for r in rules], dtype=object)
    operators = np.asarray([r.operator for r in rules], dtype=object)
    codes, unit_names = (np.asarray(a, dtype=object) for a in (tree.codes, tree.names))
    period_codes = np.asarray([p.code for p in unique_periods], dtype=object)
    frame = pd.DataFrame({
        "rule": ids[rule],
        "rule_name": names[rule],
        "importance": pd.Categorical(importance[rule], categories=["high", "medium", "low"]),
        "operator": operators[rule],
        "org_unit": codes[unit],
        "org_unit_name": unit_names[unit],
        "period": period_codes[np.asarray(period_index, dtype=np.int64)],
        "left": np.asarray(left, dtype=float),
        "right": np.asarray(right, dtype=float),
        "outcome": pd.Categorical.from_codes(np.asarray(outcome, dtype=np.int8),
                                             categories=list(RULE_OUTCOME_NAMES)),
        "message": list(message),
    })
    frame.attrs["summary"] = pd.DataFrame(
        [(r.id, _name(r, language), r.importance) + tuple(s) for r, s in zip(rules, summary)],
        columns=["rule", "rule_name", "importance", "checked", "passed", "violated", "skipped", "errors"])
    frame.attrs["skipped"] = int(sum(s[3] for s in summary))
    return frame


def consecutive_violations(cube: DataCube, rules: Union[ConsecutiveRule, Sequence[ConsecutiveRule]],
                           org_units: Union[None, int, str, Iterable] = None, window: Any = None, *,
                           language: str = "zh") -> "pd.DataFrame":
    """Units whose value breaks a bound in at least `run_length` consecutive periods.

    Takes a DataCube and one ConsecutiveRule or a list; returns a pandas DataFrame, one row per
    run, whose values are in the unit of the rule's expression (a per cent for × 100).

    window: the Period-like to look in (default: the cube's months). One row per maximal run:
    rule, rule_name, importance, org_unit, org_unit_name, first, last, length, periods (the codes
    of the run's periods), values, message. `attrs["summary"]`: per rule, units, periods,
    flagged_units, runs, breaches and missing (unit-periods without a value, which end a run).

    Formula
    -------
    For each unit, the maximal runs of consecutive periods p with value(p) flag_when bound;
    a run is listed when its length ≥ run_length.

    References
    ----------
    Seed report 002 (剖宫产率 above 50 % three months running); docs/bad-input.md §6.

    Examples
    --------
    Caesareans of 20 deliveries a month: 11, 12, 13 (55 %, 60 %, 65 %), then 8 (40 %):

    >>> tree = zb.OrgUnitTree.from_parent_table(["D", "T"], ["示例区", "东城街道"], ["", "D"])
    >>> cube = zb.DataCube(tree, [zb.DataElement("caesarean"), zb.DataElement("deliveries")],
    ...                    zb.Period.month(2024, 1), 4)
    >>> _ = cube.load_frame(pd.DataFrame({"element": ["caesarean"] * 4 + ["deliveries"] * 4, "org_unit": "T",
    ...                                   "period": ["202401", "202402", "202403", "202404"] * 2,
    ...                                   "value": [11, 12, 13, 8] + [20] * 4}))
    >>> rule = zb.ConsecutiveRule("cs_high", "#{caesarean} / #{deliveries} * 100", ">", 50, run_length=3)
    >>> zb.consecutive_violations(cube, rule, 2)[["org_unit", "first", "last", "length"]]
      org_unit   first    last  length
    0        T  202401  202403       3
    """
    import pandas as pd

    language = _language(language)
    rules = _rule_list(rules, ConsecutiveRule)
    units = _units(cube, org_units)
    if window is not None and not isinstance(window, str) and np.ndim(window) != 0:
        raise InvalidInput(f"window: expected one period (a Period or its text), got "
                           f"{type(window).__name__} {window!r}"[:160])
    (window_period,) = _periods(cube, window)
    rule, unit, first, last, length, values, message, summary = _core._consecutive_violations(
        cube, rules, units, window_period, language)
    tree = cube.tree
    rows = []
    for k, u, a, b, n, vs, msg in zip(rule, unit, first, last, length, values, message):
        r = rules[k]
        run = [a]
        while len(run) < n:
            run.append(run[-1].next())
        rows.append((r.id, _name(r, language), r.importance, tree.codes[u], tree.names[u], a.code, b.code, n,
                     [p.code for p in run], list(vs), msg))
    frame = pd.DataFrame(rows, columns=["rule", "rule_name", "importance", "org_unit", "org_unit_name", "first",
                                        "last", "length", "periods", "values", "message"])
    frame["length"] = frame["length"].astype(np.int64)
    frame.attrs["summary"] = pd.DataFrame(
        [(r.id, _name(r, language)) + tuple(s) for r, s in zip(rules, summary)],
        columns=["rule", "rule_name", "units", "periods", "flagged_units", "runs", "breaches", "missing"])
    return frame


def _reported_column(series):
    """(float values, texts): a numeric column as it is, else per row the number or the text to
    read (None where the cell is missing or a number). C++ reads the texts."""
    import pandas as pd

    if pd.api.types.is_numeric_dtype(series.dtype) and not pd.api.types.is_bool_dtype(series.dtype):
        return series.to_numpy(dtype=float, na_value=np.nan), []
    items = series.tolist()
    values = np.full(len(items), np.nan)
    texts: List[Optional[str]] = [None] * len(items)
    for i, item in enumerate(items):
        if item is None or (isinstance(item, float) and np.isnan(item)) or item is pd.NA:
            continue  # missing: the check reports it
        if isinstance(item, (int, float, np.integer, np.floating)) and not isinstance(item, bool):
            values[i] = float(item)
        else:
            texts[i] = str(item)
    return values, texts


def check_reported_rates(frame: "pd.DataFrame", numerator: str, denominator: str, reported: str, *,
                         unit: Union[None, str, Unit] = None, decimals: Union[None, int, str] = None,
                         on_bad_rows: str = "raise") -> "pd.DataFrame":
    """Check reported rates against their reported numerators and denominators
    (docs/units-and-rounding.md §5).

    Takes a pandas DataFrame with one reported rate per row; expected and difference are in the
    rate's unit (per cent by default, per mille for "4.86‰", the unit's multiplier).

    A row is consistent when numerator / denominator × unit, rounded half up (exactly) to the
    decimals the rate was printed with, equals the reported value: 1506 / 1600 reported as
    "94.13%" passes, "94.12%" fails. reported: a text column ("94.13%", "4.86‰", "83.9") whose
    printed decimals are used, or a numeric column (then give `decimals`, an int or a column name;
    without it each number's shortest repr decides, which loses trailing zeros: 94.10 reads as 94.1).
    unit: default the one printed in the text when all rows agree, else per cent.

    Returns a copy of the frame with columns expected (the correctly rounded value), difference
    (reported − expected), consistent (bool) and status. Bad rows (missing or negative inputs,
    text that is not a number, a unit that disagrees) raise InvalidRows listing every one, unless
    on_bad_rows="mark". The texts are read, the unit agreed and every status decided in C++
    (validation.hpp: check_reported_rate_table); this function only converts the columns.

    Formula
    -------
    expected = round_half_up(numerator / denominator × multiplier, d), computed exactly, with d
    the printed decimals of the reported value; consistent when reported == expected;
    difference = reported − expected.

    References
    ----------
    docs/units-and-rounding.md §3 and §5; seed report 000: 1506 / 1600 printed as 94.13 %, and
    its 出生人口性别比 114.17 (427 / 374 × 100 = 114.171; 114.18 cannot be).

    Examples
    --------
    >>> printed = pd.DataFrame({"done": [1506, 427], "base": [1600, 374], "rate": ["94.13%", "114.18"]})
    >>> zb.check_reported_rates(printed, "done", "base", "rate")[["expected", "consistent", "status"]]
       expected  consistent        status
    0     94.13        True    consistent
    1    114.17       False  inconsistent
    """
    import pandas as pd

    frame = as_frame(frame, "frame", grouped=False)
    on_bad_rows = choice(on_bad_rows, "on_bad_rows", ON_BAD_ROWS)
    numerator = column_label(frame, numerator, "numerator")
    denominator = column_label(frame, denominator, "denominator")
    reported = column_label(frame, reported, "reported")
    errors = []
    values, texts = _reported_column(frame[reported])
    row_decimals = None
    if isinstance(decimals, str):
        decimals = column_label(frame, decimals, "decimals")
        # Each row's decimals: a whole number (2, "2", 2.0), else a bad row; out of 0 .. 15 the
        # core gives the row the status invalid_decimals. Never truncated (2.5 is not 2).
        given, _ = cells_as_numbers(frame[decimals])
        with np.errstate(invalid="ignore"):
            bad = ~(np.isfinite(given) & (given == np.floor(given)))
        row_decimals = np.where(bad, -1, np.clip(np.nan_to_num(given), -1, 99)).astype(np.int32)
        errors += [(int(i), str(decimals), "is missing or not a whole number")
                   for i in np.flatnonzero(bad)]
    elif decimals is not None:
        row_decimals = np.full(len(frame), _decimals(decimals, optional=False), dtype=np.int32)
    columns = {}
    for name in (numerator, denominator):
        columns[name], texts_of_bad = cells_as_numbers(frame[name])  # True is not 1
        errors += [(i, str(name), f"is not a number: {text!r}") for i, text in texts_of_bad.items()]
    expected, difference, status, errors = _core._check_reported_rate_table(
        columns[numerator], columns[denominator], values, texts, row_decimals, unit, sorted(errors),
        numerator, denominator, reported, decimals if isinstance(decimals, str) else "decimals",
        on_bad_rows)
    out = frame.copy()
    out["expected"] = expected
    out["difference"] = difference
    out["consistent"] = status == 0
    out["status"] = pd.Categorical.from_codes(status.astype(np.int8), categories=list(REPORTED_STATUS_NAMES))
    out.attrs["errors"] = list(errors)
    return out


__all__ = [
    "ConsecutiveRule",
    "REPORTED_STATUS_DESCRIPTIONS",
    "REPORTED_STATUS_NAMES",
    "RULE_OUTCOME_DESCRIPTIONS",
    "RULE_OUTCOME_NAMES",
    "ReportedRateCheck",
    "ValidationRule",
    "check_reported_rate",
    "check_reported_rates",
    "consecutive_violations",
    "load_validation_rules",
    "sum_of_parts_rule",
    "validate",
    "validation_rules_from_json",
    "validation_rules_to_json",
]
