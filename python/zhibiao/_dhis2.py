"""DHIS2's metadata and data as its Web API exports them, read into zhibiao's objects.

- read_dhis2_metadata: a /api/metadata export (organisationUnits with paths and levels,
  organisationUnitGroups, categoryOptionCombos, dataElements, indicatorTypes and indicators,
  constants, validationRules) into an OrgUnitTree, DataElements, a Catalog and ValidationRules;
- read_data_value_set: a dataValueSet (JSON or CSV, /api/dataValueSets) into the long table
  DataCube.load_frame takes, each value keyed as zhibiao's expressions name it ("de" or
  "de.coc");
- read_complete_registrations: completeDataSetRegistrations (/api/completeDataSetRegistrations)
  into the completeness counts R{ds.METRIC} reads (expected, actual and on-time reports);
- read_analytics: an analytics response ({"headers", "metaData", "rows"}) into a long table;
- to_analytics_json: evaluated indicators written back in that shape.

Shapes: docs.dhis2.org, Developer guide, Web API: "Metadata" (/api/metadata), "Data"
(dataValueSets, JSON and CSV) and "Analytics" (dhis2/dhis2-docs, src/developer/web-api/
metadata.md, data.md, analytics.md). See docs/dhis2_metadata.md.

Every bad object is an error naming it ("organisationUnits[17].parent: unknown id 'X'"), every
bad data value an InvalidRows row naming its index in dataValues; nothing is dropped silently
(deleted values and, with on_unknown="skip", values of unknown ids are counted in the frame's
attrs["dhis2_skipped"]).
"""
from __future__ import annotations

import json
import math
import os
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Collection, Dict, List, Optional, Tuple, Union

import numpy as np

from ._core import (Catalog, DataCube, DataElement, Expression, Indicator, InvalidInput, OrgUnitTree,
                    ParseError, Period, ValidationRule)
from ._errors import invalid_rows
from ._options import choice
from ._period import as_period

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["Dhis2Metadata", "read_dhis2_metadata", "read_data_value_set", "read_analytics",
           "to_analytics_json", "read_complete_registrations"]

_NO_FORMULA = {
    "Dhis2Metadata": "a record of the objects a metadata export holds; it computes no figure",
    "read_dhis2_metadata": "a file reader: it builds the tree, elements, catalog and rules",
    "read_analytics": "a file reader: it converts an analytics table to a long frame",
    "to_analytics_json": "a writer: it prints evaluated values in DHIS2's analytics shape",
}

# DHIS2 value types whose values are numbers (BOOLEAN and TRUE_ONLY are 1 / 0, as analytics
# counts them); the others (TEXT, DATE, FILE_RESOURCE ...) are not aggregate numbers.
_NUMERIC_TYPES = {"NUMBER", "INTEGER", "INTEGER_POSITIVE", "INTEGER_NEGATIVE",
                  "INTEGER_ZERO_OR_POSITIVE", "PERCENTAGE", "UNIT_INTERVAL"}
_BOOLEAN_TYPES = {"BOOLEAN", "TRUE_ONLY"}
_TRUE = {"true", "t", "1"}
_FALSE = {"false", "f", "0"}
# DHIS2 aggregation types zhibiao's cube computes the same way (data_element.hpp);
# LAST_IN_PERIOD is the last value within the period, which is what zhibiao's `last` takes.
_AGGREGATION = {"SUM": "sum", "AVERAGE": "average", "AVERAGE_SUM_ORG_UNIT": "average_sum_org_unit",
                "LAST": "last", "LAST_IN_PERIOD": "last", "COUNT": "count", "MIN": "min", "MAX": "max",
                "FIRST": "first", "LAST_AVERAGE_ORG_UNIT": "last_average_org_unit",
                "LAST_IN_PERIOD_AVERAGE_ORG_UNIT": "last_average_org_unit",
                "FIRST_AVERAGE_ORG_UNIT": "first_average_org_unit",
                "MIN_SUM_ORG_UNIT": "min_sum_org_unit", "MAX_SUM_ORG_UNIT": "max_sum_org_unit"}
# indicatorType.factor -> zhibiao's unit of that multiplier.
_FACTOR_UNITS = {1: "ratio", 100: "percent", 1000: "per_mille", 10000: "per_10k", 100000: "per_100k"}
# DHIS2's default category option combo has this uid in every database made by DHIS2 itself;
# it is also recognised by its name "default".
_DEFAULT_COC = "HllvX50cXC0"
_ITEM = re.compile(r"(#|[A-Za-z]+)\{([^{}]*)\}")
_ON_UNSUPPORTED = ("raise", "skip")
_ON_UNKNOWN = ("raise", "skip")
_AOC = ("sum", "error")
_PERIODS = ("as_given", "months")
_WEEKLY = {"week", "week_wednesday", "week_thursday", "week_friday", "week_saturday", "week_sunday"}
# Aggregation types whose value holds for each month of a longer period (a yearly population
# is the population of each of its months); a SUM or COUNT of a quarter cannot be split.
_HOLDS_EACH_MONTH = {"average", "average_sum_org_unit", "last", "min", "max", "first",
                     "last_average_org_unit", "first_average_org_unit", "min_sum_org_unit",
                     "max_sum_org_unit"}
# DHIS2's data set period types, each as the identifier of its first period in a year (str.format
# with the year): read_complete_registrations walks from there with Period.next().
_DATA_SET_PERIODS = {
    "Daily": "{}0101", "Weekly": "{}W1", "WeeklyWednesday": "{}WedW1", "WeeklyThursday": "{}ThuW1",
    "WeeklySaturday": "{}SatW1", "WeeklySunday": "{}SunW1", "BiWeekly": "{}BiW1", "Monthly": "{}01",
    "BiMonthly": "{}01B", "Quarterly": "{}Q1", "QuarterlyNov": "{}NovQ1", "SixMonthly": "{}S1",
    "SixMonthlyApril": "{}AprilS1", "SixMonthlyNov": "{}NovS1", "Yearly": "{}",
    "FinancialApril": "{}April", "FinancialJuly": "{}July", "FinancialOct": "{}Oct",
    "FinancialNov": "{}Nov"}
# R{ds.METRIC}: the cube holds a data set's counts as element "R:ds" with these parts
# (src/cube_columns.cpp, reporting_key; docs/dhis2-expressions.md §6).
_REPORT_COUNTS = ["ACTUAL_REPORTS", "ACTUAL_REPORTS_ON_TIME", "EXPECTED_REPORTS"]
_METRICS = ("REPORTING_RATE", "REPORTING_RATE_ON_TIME", "ACTUAL_REPORTS", "ACTUAL_REPORTS_ON_TIME",
            "EXPECTED_REPORTS")
# DHIS2's timelyDays when a data set does not give it (docs.dhis2.org, Data sets: "Days after
# period end to qualify for timely data submission", 15 by default).
_TIMELY_DAYS = 15


@dataclass(frozen=True, repr=False)
class Dhis2Metadata:
    """What read_dhis2_metadata read: the org-unit tree, the data elements, the catalog of
    indicators, the validation rules, and the tables that map DHIS2's ids.

    tree: an OrgUnitTree whose codes are the org units' uids (its groups: organisationUnitGroups
    by uid); data_elements: DataElements with the uids as ids and their category option combos'
    uids as disaggregations; catalog: a Catalog of the indicators (numerator, denominator, unit
    from indicatorType.factor, annualised); rules: ValidationRules; constants: uid -> value;
    groups: group uid -> name; category_option_combos: uid -> name; default_combos: the uids of
    the default category option combo(s); value_types: element uid -> valueType; names: uid ->
    name of every object read; skipped: (path, reason) of each object left out;
    left_out_elements: uid -> reason of the data elements left out (TEXT, TRACKER ...);
    item_groups: what DHIS2's tagged items stand for, from dataElementGroups, categoryOptions
    (and each categoryOptionCombo's categoryOptions) and categoryOptionGroups: "deGroup:uid" ->
    element uids, "co:uid" / "coGroup:uid" -> combo uids, "de.co:uid" / "de.coGroup:uid" -> de's
    own combos among them; the `groups=` of zb.Expression (docs/dhis2_metadata.md).
    data_sets: data set uid -> {"name", "period_type", "org_units" (uids), "timely_days"}, the
    dataSets whose completeness R{ds.METRIC} reads (read_complete_registrations).

    References
    ----------
    docs/dhis2_metadata.md; docs.dhis2.org, Developer guide, Web API, "Metadata" (/api/metadata).

    Examples
    --------
    >>> meta = zb.read_dhis2_metadata({"organisationUnits": [
    ...     {"id": "OU_ROOT0001", "name": "District", "path": "/OU_ROOT0001", "level": 1}]})
    >>> len(meta.tree), meta.names["OU_ROOT0001"]
    (1, 'District')
    """

    tree: OrgUnitTree
    data_elements: List[DataElement]
    catalog: Catalog
    rules: List[ValidationRule]
    constants: Dict[str, float] = field(default_factory=dict)
    groups: Dict[str, str] = field(default_factory=dict)
    category_option_combos: Dict[str, str] = field(default_factory=dict)
    default_combos: frozenset = frozenset()
    value_types: Dict[str, str] = field(default_factory=dict)
    names: Dict[str, str] = field(default_factory=dict)
    skipped: List[Tuple[str, str]] = field(default_factory=list)
    left_out_elements: Dict[str, str] = field(default_factory=dict)
    item_groups: Dict[str, List[str]] = field(default_factory=dict)
    data_sets: Dict[str, Dict[str, Any]] = field(default_factory=dict)

    def __repr__(self) -> str:
        # The tables hold 10^4 names for a district: the repr counts them.
        return (f"Dhis2Metadata({len(self.tree)} org units, {len(self.groups)} groups, "
                f"{len(self.data_elements)} data elements, {len(self.catalog.indicators)} indicators, "
                f"{len(self.rules)} validation rules, {len(self.constants)} constants, "
                f"{len(self.skipped)} left out)")

    def cube(self, first_month: Any, months: int) -> DataCube:
        """An empty DataCube over this tree and these data elements, `months` months from
        `first_month` (a Period-like: "202401", "2024-01", a Period).

        Formula
        -------
        None: a container of the data values.

        References
        ----------
        docs/aggregation.md (the cube); docs/dhis2_metadata.md.

        Examples
        --------
        >>> meta = zb.read_dhis2_metadata({"organisationUnits": [{"id": "OU_ROOT0001", "name": "D"}],
        ...                                "dataElements": [{"id": "DE_BIRTH01", "name": "Births",
        ...                                                  "valueType": "INTEGER"}]})
        >>> meta.cube("202401", 12).months
        12
        """
        if isinstance(months, bool) or not isinstance(months, (int, np.integer)) or not 1 <= months <= 1200:
            raise InvalidInput(f"months: expected a number of months 1 .. 1200, got {months!r}"[:160])
        # Each data set's completeness counts, element "R:ds" (docs/dhis2-expressions.md §6).
        counts = [DataElement(f"R:{ds}", name_zh=info["name"], name_en=info["name"],
                              disaggregations=list(_REPORT_COUNTS)) for ds, info in self.data_sets.items()]
        return DataCube(self.tree, list(self.data_elements) + counts, as_period(first_month), int(months))


# ---- reading JSON ------------------------------------------------------------------------------

def _load_json(source: Any, what: str, hook=None) -> Any:
    """A parsed JSON document from a dict/list (used as it is), bytes or a path."""
    if isinstance(source, (dict, list)):
        return source
    if isinstance(source, (bytes, bytearray)):
        data, where = bytes(source), what
    elif isinstance(source, (str, os.PathLike)):
        where = os.path.basename(os.fspath(source)) or what
        try:
            with open(source, "rb") as f:
                data = f.read()
        except OSError as exc:
            raise InvalidInput(f"{what}: {where}: {exc.strerror}") from None
        except ValueError as exc:  # an embedded NUL in the path
            raise InvalidInput(f"{what}: {exc}") from None
    else:
        raise InvalidInput(f"{what}: expected a file path, JSON bytes or a parsed dict, got "
                           f"{type(source).__name__}"[:160])
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ParseError(f"{where}: not UTF-8 (byte {exc.start})") from None
    del data  # the text alone is kept while parsing (a 10^6-value set: 200 MB each)
    try:
        return json.loads(text, object_hook=hook) if hook else json.loads(text)
    except json.JSONDecodeError as exc:
        raise ParseError(f"{where}: not JSON: {exc.msg} at line {exc.lineno} column {exc.colno}") from None
    except RecursionError:
        raise ParseError(f"{where}: JSON nested too deeply") from None


def _objects(doc: dict, key: str) -> List[dict]:
    items = doc.get(key, [])
    if items is None:
        return []
    if not isinstance(items, list):
        raise InvalidInput(f"{key}: expected a list of objects, got {type(items).__name__}")
    for k, o in enumerate(items):
        if not isinstance(o, dict):
            raise InvalidInput(f"{key}[{k}]: expected an object, got {type(o).__name__}")
    return items


def _uid(o: dict, where: str) -> str:
    uid = o.get("id")
    if not isinstance(uid, str) or not uid.strip():
        raise InvalidInput(f"{where}.id: expected the object's uid (text), got {uid!r}"[:160])
    if any(c in uid for c in ".{}#") or any(c.isspace() for c in uid):
        raise InvalidInput(f"{where}.id: {uid!r} is not a uid (it holds '.', a brace, '#' or a space)"[:160])
    return uid


def _ref(o: dict, key: str, where: str) -> Optional[str]:
    """The uid of a reference {"id": ...} (None when absent)."""
    ref = o.get(key)
    if ref is None:
        return None
    if isinstance(ref, dict):
        ref = ref.get("id")
    if not isinstance(ref, str) or not ref:
        raise InvalidInput(f"{where}.{key}: expected a reference {{\"id\": uid}}, got {o.get(key)!r}"[:160])
    return ref


def _text(o: dict, key: str, default: str = "") -> str:
    v = o.get(key, default)
    return v if isinstance(v, str) else default


def _number_field(o: dict, key: str, where: str) -> float:
    v = o.get(key)
    if isinstance(v, str):
        try:
            v = float(v)
        except ValueError:
            pass
    if isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v):
        raise InvalidInput(f"{where}.{key}: expected a finite number, got {o.get(key)!r}"[:160])
    return float(v)


# ---- metadata ----------------------------------------------------------------------------------

def _read_tree(doc: dict, names: Dict[str, str]) -> Tuple[OrgUnitTree, Dict[str, str]]:
    units = _objects(doc, "organisationUnits")
    if not units:
        raise InvalidInput("organisationUnits: the metadata holds no organisation units")
    ids, parents, unit_names, where_of = [], [], [], {}
    for k, o in enumerate(units):
        where = f"organisationUnits[{k}]"
        uid = _uid(o, where)
        if uid in where_of:
            raise InvalidInput(f"{where}.id: {uid!r} also at {where_of[uid]}")
        where_of[uid] = where
        ids.append(uid)
        parents.append(_ref(o, "parent", where))
        unit_names.append(_text(o, "name") or _text(o, "shortName") or uid)
    for k, (uid, parent) in enumerate(zip(ids, parents)):
        if parent is not None and parent not in where_of:
            raise InvalidInput(f"organisationUnits[{k}].parent: unknown id {parent!r}"[:200])
    # path "/root/.../id" and level, where given, must agree with the parents.
    depth: Dict[str, int] = {}

    def level_of(uid: str) -> int:
        chain = []
        u: Optional[str] = uid
        while u is not None and u not in depth:
            chain.append(u)
            if len(chain) > len(ids):
                raise InvalidInput(f"{where_of[uid]}.parent: the parents form a cycle through {uid!r}")
            u = parents[index[u]]
        base = 0 if u is None else depth[u]
        for v in reversed(chain):
            base += 1
            depth[v] = base
        return depth[uid]

    index = {uid: k for k, uid in enumerate(ids)}
    for k, o in enumerate(units):
        lv = level_of(ids[k])
        path = o.get("path")
        if path is not None:
            parts = [p for p in path.split("/") if p] if isinstance(path, str) else None
            expected = []
            u: Optional[str] = ids[k]
            while u is not None:
                expected.append(u)
                u = parents[index[u]]
            if parts != expected[::-1]:
                raise InvalidInput(f"organisationUnits[{k}].path: {path!r} does not match the parents "
                                   f"('/{'/'.join(expected[::-1])}')"[:240])
        level = o.get("level")
        if level is not None and (isinstance(level, bool) or level != lv):
            raise InvalidInput(f"organisationUnits[{k}].level: {level!r}, but the unit is at level {lv} "
                               "of its parents")
    order = sorted(range(len(ids)), key=lambda k: depth[ids[k]])  # parents first
    level_names = None
    levels = _objects(doc, "organisationUnitLevels")
    if levels:
        by_level = {}
        for k, o in enumerate(levels):
            lv = o.get("level")
            if isinstance(lv, bool) or not isinstance(lv, int) or lv < 1:
                raise InvalidInput(f"organisationUnitLevels[{k}].level: expected a level 1, 2 ..., got {lv!r}"[:160])
            by_level[lv] = _text(o, "name") or f"Level {lv}"
        deepest = max(depth.values())
        level_names = [by_level.get(lv, f"Level {lv}") for lv in range(1, deepest + 1)]
    tree = OrgUnitTree.from_parent_table([ids[k] for k in order], [unit_names[k] for k in order],
                                         [parents[k] or "" for k in order], level_names)
    for uid, name in zip(ids, unit_names):
        names[uid] = name
    groups = {}
    for k, o in enumerate(_objects(doc, "organisationUnitGroups")):
        where = f"organisationUnitGroups[{k}]"
        gid = _uid(o, where)
        codes = _unit_references(o, where, where_of)
        tree.add_group(gid, codes)
        groups[gid] = names[gid] = _text(o, "name") or gid
    return tree, groups


def _read_combos(doc: dict, names: Dict[str, str]):
    """(coc uid -> name, combo uid -> [coc uids], default coc uids, default combo uids)."""
    combo_names = {}
    for k, o in enumerate(_objects(doc, "categoryCombos")):
        combo_names[_uid(o, f"categoryCombos[{k}]")] = _text(o, "name")
    cocs, by_combo, defaults = {}, {}, set()
    default_combos = {c for c, n in combo_names.items() if n == "default"}
    for k, o in enumerate(_objects(doc, "categoryOptionCombos")):
        where = f"categoryOptionCombos[{k}]"
        uid = _uid(o, where)
        if uid in cocs:
            raise InvalidInput(f"{where}.id: {uid!r} is given twice")
        combo = _ref(o, "categoryCombo", where)
        if combo_names and combo is not None and combo not in combo_names:
            raise InvalidInput(f"{where}.categoryCombo: unknown id {combo!r}"[:200])
        cocs[uid] = names[uid] = _text(o, "name") or uid
        if cocs[uid] == "default" or combo in default_combos:
            defaults.add(uid)
            if combo is not None:
                default_combos.add(combo)
        elif combo is not None:
            by_combo.setdefault(combo, []).append(uid)
    if not cocs:
        defaults.add(_DEFAULT_COC)
    return cocs, by_combo, defaults, default_combos, set(combo_names)


def _refs(o: dict, key: str, where: str) -> List[str]:
    """The uids of a list of references [{"id": ...}, ...] (empty when absent)."""
    items = o.get(key)
    if items is None:
        return []
    if not isinstance(items, list):
        raise InvalidInput(f"{where}.{key}: expected a list of references, got {items!r}"[:160])
    out = []
    for k, ref in enumerate(items):
        uid = ref.get("id") if isinstance(ref, dict) else ref
        if not isinstance(uid, str) or not uid:
            raise InvalidInput(f"{where}.{key}[{k}]: expected a reference {{\"id\": uid}}, got {ref!r}"[:160])
        out.append(uid)
    return out


def _read_item_groups(doc: dict, names: Dict[str, str], elements: Dict[str, DataElement],
                      cocs: Dict[str, str]) -> Dict[str, List[str]]:
    """What DHIS2's tagged items stand for (ExpressionOptions::groups, docs/dhis2_metadata.md):
    "deGroup:uid" -> the group's data elements read; "co:uid" -> the category option combos
    holding the option; "coGroup:uid" -> those holding an option of the group; and, for every
    element reported by combos, "de.co:uid" / "de.coGroup:uid" -> its own combos among them
    (dhis2-core's CategoryOptionGroupResolver asks for the element's combos)."""
    groups: Dict[str, List[str]] = {}
    for k, o in enumerate(_objects(doc, "dataElementGroups")):
        where = f"dataElementGroups[{k}]"
        uid = _uid(o, where)
        names[uid] = _text(o, "name") or uid
        members = _refs(o, "dataElements", where)
        for m, de in enumerate(members):
            if de not in elements and de not in names:
                raise InvalidInput(f"{where}.dataElements[{m}]: unknown data element {de!r}"[:200])
        # A member left out (TEXT, TRACKER) holds no number to add.
        groups["deGroup:" + uid] = [de for de in members if de in elements]
    options_of: Dict[str, set] = {}  # coc -> its category options
    for k, o in enumerate(_objects(doc, "categoryOptionCombos")):
        options_of[_uid(o, f"categoryOptionCombos[{k}]")] = set(
            _refs(o, "categoryOptions", f"categoryOptionCombos[{k}]"))
    options: Dict[str, List[str]] = {}
    for k, o in enumerate(_objects(doc, "categoryOptions")):
        where = f"categoryOptions[{k}]"
        uid = _uid(o, where)
        names[uid] = _text(o, "name") or uid
        options[uid] = []
        for m, coc in enumerate(_refs(o, "categoryOptionCombos", where)):
            if coc not in cocs:
                raise InvalidInput(f"{where}.categoryOptionCombos[{m}]: unknown id {coc!r}"[:200])
            options_of.setdefault(coc, set()).add(uid)
    for coc in cocs:  # in the export's order of the combos
        for co in sorted(options_of.get(coc, ())):
            options.setdefault(co, [])
            if coc not in options[co]:
                options[co].append(coc)
    for co, combos in options.items():
        groups["co:" + co] = combos
    for k, o in enumerate(_objects(doc, "categoryOptionGroups")):
        where = f"categoryOptionGroups[{k}]"
        uid = _uid(o, where)
        names[uid] = _text(o, "name") or uid
        members = set(_refs(o, "categoryOptions", where))
        groups["coGroup:" + uid] = [c for c in cocs if options_of.get(c, set()) & members]
    for e in elements.values():
        if not e.disaggregations:
            continue
        own = set(e.disaggregations)
        for key in [g for g in groups if not g.startswith("deGroup:")]:
            mine = [c for c in groups[key] if c in own]
            if mine:
                groups[f"{e.id}.{key}"] = mine
    return groups


def _resolve_tagged(body: str, where: str, text: str, item_groups: Dict[str, List[str]]) -> List[str]:
    """The plain item bodies a tagged one (deGroup:g, de.co:o, de.coGroup:a&b) stands for, as
    dhis2-core's analytics resolvers rewrite them (docs/dhis2-expressions.md §6)."""
    parts = [p.strip() for p in body.split(".")]

    def tag_of(part: str) -> Tuple[str, List[str]]:
        if ":" not in part:
            return "", [part]
        tag, rest = part.split(":", 1)
        return tag.strip(), [u.strip() for u in rest.split("&")]

    def members(key: str, element: str) -> List[str]:
        if element and f"{element}.{key}" in item_groups:
            return item_groups[f"{element}.{key}"]
        if key not in item_groups:
            raise InvalidInput(f"{where}: #{{{body}}} names {key!r}, not in the metadata read "
                               f"(dataElementGroups, categoryOptions, categoryOptionGroups) in {text!r}"[:240])
        return item_groups[key]

    de_tag, des = tag_of(parts[0])
    if de_tag not in ("", "deGroup") or (de_tag == "deGroup" and len(des) != 1):
        raise InvalidInput(f"{where}: #{{{body}}}: the first part is a data element or deGroup:uid"[:240])
    elements = members("deGroup:" + des[0], "") if de_tag else des
    out = []
    for e in elements:
        combos: List[List[str]] = []
        for part in parts[1:]:
            tag, uids = tag_of(part)
            if tag not in ("", "co", "coGroup") or (tag == "co" and len(uids) != 1) or "" in uids:
                raise InvalidInput(f"{where}: #{{{body}}}: {part!r} is not a combo, co:uid or "
                                   f"coGroup:uid&uid"[:240])
            if not tag:
                combos.append(uids)
                continue
            have = list(members(f"{tag}:{uids[0]}", e if len(combos) == 0 else ""))
            for u in uids[1:]:  # coGroup:a&b: the combos in every group (retainAll)
                other = members(f"{tag}:{u}", e if len(combos) == 0 else "")
                have = [c for c in have if c in other]
            combos.append(have)
        bodies = [e]
        for options in combos:
            bodies = [f"{b}.{c}" for b in bodies for c in options]
        out.extend(bodies)
    if not out:
        raise InvalidInput(f"{where}: #{{{body}}} stands for no data element or combo in {text!r}"[:240])
    return out


class _Unsupported(Exception):
    """An object zhibiao cannot represent (reported, or skipped with on_unsupported="skip")."""


def _org_unit_item(kind: str, body: str, where: str, text: str, groups: Dict[str, str],
                   data_sets: Dict[str, Dict[str, Any]]) -> str:
    """OUG{uid} and R{ds.METRIC}, kept as written once their uids are known."""
    if kind == "OUG":
        if body.strip() not in groups:
            raise InvalidInput(f"{where}: unknown organisation unit group {body.strip()!r} in {text!r}"[:240])
        return f"OUG{{{body.strip()}}}"
    ds, _, metric = (p.strip() for p in body.partition("."))
    if ds not in data_sets:
        raise InvalidInput(f"{where}: unknown data set {ds!r} in {text!r}"[:240])
    if metric not in _METRICS:
        raise InvalidInput(f"{where}: R{{{body}}}: expected a metric {', '.join(_METRICS)}, got "
                           f"{metric!r}"[:240])
    return f"R{{{ds}.{metric}}}"


def _translate(text: Any, where: str, elements: Dict[str, DataElement], constants: Dict[str, float],
               defaults: set, skipped_elements: Dict[str, str],
               item_groups: Optional[Dict[str, List[str]]] = None,
               side_items: Tuple[Dict[str, str], Dict[str, Dict[str, Any]]] = ({}, {})) -> str:
    """A DHIS2 expression in zhibiao's language: #{de}, #{de.coc} (with '*' for every combo and
    a third, attribute part '*' only), C{uid} replaced by the constant's value."""
    if not isinstance(text, str) or not text.strip():
        raise InvalidInput(f"{where}: expected an expression (text), got {text!r}"[:160])

    def item(m: "re.Match[str]") -> str:
        kind, body = m.group(1), m.group(2)
        parts = [p.strip() for p in body.split(".")]
        if kind == "C":
            # The expression language of this branch has no C{}: the constant's value is written
            # in its place (the branch dhis2_expr adds C{} to the language itself).
            if body.strip() not in constants:
                raise InvalidInput(f"{where}: unknown constant {body.strip()!r} in {text!r}"[:240])
            return f"({constants[body.strip()]!r})"
        if kind in ("OUG", "R"):
            return _org_unit_item(kind, body, where, text, *side_items)
        if kind != "#":
            raise _Unsupported(f"{kind}{{{body}}} is not read by zhibiao (only #{{}}, C{{}}, OUG{{}} "
                               "and R{{}})")
        if ":" in body:
            # DHIS2's analytics rewrite the item as the parenthesised sum of its members.
            bodies = _resolve_tagged(body, where, text, item_groups or {})
            return "(" + "+".join(plain(b) for b in bodies) + ")"
        return plain(body)

    def plain(body: str) -> str:
        parts = [p.strip() for p in body.split(".")]
        de = parts[0]
        if de in skipped_elements:
            raise _Unsupported(f"refers to data element {de!r}, left out ({skipped_elements[de]})")
        if de not in elements:
            raise InvalidInput(f"{where}: unknown data element {de!r} in {text!r}"[:240])
        if len(parts) == 3:
            if parts[2] != "*":
                raise _Unsupported(f"#{{{body}}} names an attribute option combo; values are summed "
                                   "over them when read")
            parts = parts[:2]
        if len(parts) > 3:
            raise InvalidInput(f"{where}: #{{{body}}} has more than three parts"[:240])
        if len(parts) == 1 or parts[1] == "*":
            return f"#{{{de}}}"
        coc = parts[1]
        if coc in defaults and not elements[de].disaggregations:
            return f"#{{{de}}}"
        if coc not in elements[de].disaggregations:
            raise InvalidInput(f"{where}: category option combo {coc!r} is not one of data element "
                               f"{de!r}'s in {text!r}"[:240])
        return f"#{{{de}.{coc}}}"

    out = _ITEM.sub(item, text)
    try:
        Expression(out)
    except ParseError as exc:
        raise _Unsupported(f"the expression language cannot read {text!r}: {exc}") from None
    return out


def read_dhis2_metadata(source: Union[str, "os.PathLike[str]", bytes, dict], *,
                        on_unsupported: str = "raise") -> Dhis2Metadata:
    """Read a DHIS2 metadata export (the JSON of /api/metadata) into zhibiao's objects.

    Takes a file path, the JSON bytes or the parsed dict; returns a Dhis2Metadata with the
    org-unit tree (codes = uids, levels from the parents and checked against each unit's path
    and level, organisationUnitLevels' names, organisationUnitGroups as the tree's groups), the
    data elements (uid as id, aggregationType, the category option combos of their
    categoryCombo as disaggregations), a Catalog of the indicators (numerator and denominator
    with #{de.coc} kept, C{uid} replaced by the constant's value; unit from
    indicatorType.factor: 1 ratio, 100 percent, 1000 per_mille, 10000 per_10k, 100000
    per_100k; annualized; decimals), the validationRules, the constants and the name of every
    object. dataElementGroups, categoryOptions (with categoryOptionCombos' categoryOptions) and
    categoryOptionGroups give `item_groups`, from which DHIS2's tagged items (#{deGroup:uid},
    #{de.co:uid}, #{de.coGroup:a&b}) are rewritten as the parenthesised sum of their members,
    as dhis2-core's analytics resolvers rewrite them (docs/dhis2-expressions.md §6).

    Data elements whose valueType is not a number (TEXT, DATE ...) or whose domainType is
    TRACKER are left out and listed in `skipped`, as is everything that refers to them.
    OUG{uid} and R{ds.METRIC} are kept for the groups and dataSets of the file (an unknown uid
    is an error); dataSets are read into `data_sets` (period type, assigned units, timelyDays).
    on_unsupported: what to do with an indicator or rule zhibiao cannot compute (I{}, D{}
    items, a factor with no unit, an aggregationType such as STDDEV, a function the
    expression language lacks): "raise" (default) raises InvalidInput naming it, "skip" leaves
    it out and lists it in `skipped` with the reason. An unknown id or a malformed object is
    always an error naming it: "organisationUnits[17].parent: unknown id 'X'".

    References
    ----------
    docs/dhis2_metadata.md; docs.dhis2.org, Developer guide, Web API, "Metadata" and
    "Indicators" (indicator types and their factors) — dhis2/dhis2-docs,
    src/developer/web-api/metadata.md.

    Examples
    --------
    >>> meta = zb.read_dhis2_metadata({
    ...     "organisationUnits": [{"id": "OU_ROOT0001", "name": "District", "path": "/OU_ROOT0001"}],
    ...     "dataElements": [{"id": "DE_ANC10001", "name": "ANC 1st visit", "valueType": "INTEGER"},
    ...                      {"id": "DE_PREG0001", "name": "Expected pregnancies",
    ...                       "valueType": "NUMBER", "aggregationType": "AVERAGE_SUM_ORG_UNIT"}],
    ...     "indicatorTypes": [{"id": "IT_PERCENT1", "name": "Per cent", "factor": 100}],
    ...     "indicators": [{"id": "IN_ANC1COV1", "name": "ANC 1 coverage",
    ...                     "numerator": "#{DE_ANC10001}", "denominator": "#{DE_PREG0001}",
    ...                     "indicatorType": {"id": "IT_PERCENT1"}}]})
    >>> ind = meta.catalog.indicator("IN_ANC1COV1")
    >>> ind.numerator, ind.unit.code, meta.data_elements[1].aggregation
    ('#{DE_ANC10001}', 'percent', 'average_sum_org_unit')
    """
    on_unsupported = choice(on_unsupported, "on_unsupported", _ON_UNSUPPORTED)
    doc = _load_json(source, "source")
    if not isinstance(doc, dict):
        raise InvalidInput(f"source: expected a metadata object {{\"organisationUnits\": [...], ...}}, "
                           f"got a JSON {type(doc).__name__}")
    names: Dict[str, str] = {}
    skipped: List[Tuple[str, str]] = []

    def unsupported(where: str, reason: str) -> None:
        if on_unsupported == "raise":
            raise InvalidInput(f"{where}: {reason} (on_unsupported='skip' leaves it out)"[:300])
        skipped.append((where, reason))

    tree, groups = _read_tree(doc, names)
    cocs, by_combo, defaults, default_combos, known_combos = _read_combos(doc, names)
    constants = {}
    for k, o in enumerate(_objects(doc, "constants")):
        where = f"constants[{k}]"
        uid = _uid(o, where)
        constants[uid] = _number_field(o, "value", where)
        names[uid] = _text(o, "name") or uid
    elements: Dict[str, DataElement] = {}
    value_types: Dict[str, str] = {}
    skipped_elements: Dict[str, str] = {}
    for k, o in enumerate(_objects(doc, "dataElements")):
        where = f"dataElements[{k}]"
        uid = _uid(o, where)
        if uid in elements or uid in skipped_elements:
            raise InvalidInput(f"{where}.id: {uid!r} is given twice")
        names[uid] = _text(o, "name") or uid
        value_type = _text(o, "valueType", "NUMBER").upper()
        if _text(o, "domainType", "AGGREGATE").upper() == "TRACKER":
            skipped_elements[uid] = "domainType TRACKER: event data, not aggregate values"
        elif value_type not in _NUMERIC_TYPES | _BOOLEAN_TYPES:
            skipped_elements[uid] = f"valueType {value_type}: not a number"
        if uid in skipped_elements:
            skipped.append((where, skipped_elements[uid]))
            continue
        aggregation = _text(o, "aggregationType", "SUM").upper()
        if aggregation not in _AGGREGATION:
            skipped_elements[uid] = f"aggregationType {aggregation} is not computed by zhibiao"
            unsupported(where, skipped_elements[uid])
            continue
        combo = _ref(o, "categoryCombo", where)
        disaggregations: List[str] = []
        if combo is not None and combo not in default_combos:
            if combo not in by_combo and known_combos and combo not in known_combos:
                raise InvalidInput(f"{where}.categoryCombo: unknown id {combo!r}"[:200])
            disaggregations = list(by_combo.get(combo, []))
        # DHIS2 has one name per object (translations aside): it is both names here.
        elements[uid] = DataElement(uid, name_zh=names[uid], name_en=names[uid], aggregation=_AGGREGATION[aggregation],
                                    disaggregations=disaggregations,
                                    description=_text(o, "description"))
        value_types[uid] = value_type
    item_groups = _read_item_groups(doc, names, elements, cocs)
    data_sets = _read_data_sets(doc, names, tree)
    types = {}
    for k, o in enumerate(_objects(doc, "indicatorTypes")):
        where = f"indicatorTypes[{k}]"
        uid = _uid(o, where)
        factor = _number_field(o, "factor", where)
        types[uid] = (factor, where)
        names[uid] = _text(o, "name") or uid
    indicators = []
    for k, o in enumerate(_objects(doc, "indicators")):
        where = f"indicators[{k}]"
        uid = _uid(o, where)
        names[uid] = _text(o, "name") or uid
        type_uid = _ref(o, "indicatorType", where)
        if type_uid is None:
            raise InvalidInput(f"{where}.indicatorType: missing")
        if type_uid not in types:
            raise InvalidInput(f"{where}.indicatorType: unknown id {type_uid!r}"[:200])
        factor, type_where = types[type_uid]
        unit = _FACTOR_UNITS.get(int(factor)) if factor == int(factor) else None
        if unit is None:
            unsupported(where, f"indicatorType {type_uid!r} has factor {factor:g}; zhibiao's units "
                               "have 1, 100, 1000, 10000 or 100000")
            continue
        try:
            numerator = _translate(o.get("numerator"), where + ".numerator", elements, constants,
                                   defaults, skipped_elements, item_groups, (groups, data_sets))
            denominator = _translate(o.get("denominator", "1"), where + ".denominator", elements,
                                     constants, defaults, skipped_elements, item_groups,
                                     (groups, data_sets))
        except _Unsupported as exc:
            unsupported(where, str(exc))
            continue
        decimals = o.get("decimals")
        if decimals is None:
            decimals = 2
        if isinstance(decimals, bool) or not isinstance(decimals, int) or not 0 <= decimals <= 15:
            raise InvalidInput(f"{where}.decimals: expected 0 .. 15, got {decimals!r}"[:160])
        annualized = o.get("annualized", False)
        if not isinstance(annualized, bool):
            raise InvalidInput(f"{where}.annualized: expected true or false, got {annualized!r}"[:160])
        indicators.append(Indicator(uid, numerator, denominator, unit=unit, decimals=decimals,
                                    name_zh=names[uid], name_en=names[uid], annualised=annualized,
                                    source=f"DHIS2 indicator {uid}"))
    rules = []
    for k, o in enumerate(_objects(doc, "validationRules")):
        where = f"validationRules[{k}]"
        uid = _uid(o, where)
        names[uid] = _text(o, "name") or uid
        sides = {}
        try:
            for side in ("leftSide", "rightSide"):
                s = o.get(side)
                if not isinstance(s, dict):
                    raise InvalidInput(f"{where}.{side}: expected {{\"expression\": ...}}, got {s!r}"[:160])
                sides[side] = (_translate(s.get("expression"), f"{where}.{side}.expression", elements,
                                          constants, defaults, skipped_elements, item_groups,
                                          (groups, data_sets)),
                               _text(s, "missingValueStrategy", "SKIP_IF_ALL_VALUES_MISSING"))
        except _Unsupported as exc:
            unsupported(where, str(exc))
            continue
        period_type = o.get("periodType")
        try:
            rules.append(ValidationRule(
                uid, sides["leftSide"][0], _text(o, "operator", "equal_to"), sides["rightSide"][0],
                name_zh=names[uid], name_en=names[uid], left_missing=sides["leftSide"][1],
                right_missing=sides["rightSide"][1], importance=_text(o, "importance", "MEDIUM"),
                period_type=period_type if isinstance(period_type, str) else None,
                source=f"DHIS2 validation rule {uid}"))
        except InvalidInput as exc:
            raise InvalidInput(f"{where}: {exc}"[:300]) from None
    catalog = Catalog(indicators=indicators, data_elements=list(elements.values()))
    return Dhis2Metadata(tree, list(elements.values()), catalog, rules, constants, groups, cocs,
                         frozenset(defaults), value_types, names, skipped, skipped_elements,
                         item_groups, data_sets)


def _unit_references(o: dict, where: str, known: Collection[str]) -> List[str]:
    """An object's organisationUnits ([{"id": uid}] or [uid]) as uids, each one of `known`;
    InvalidInput naming the reference otherwise."""
    members = o.get("organisationUnits", [])
    if not isinstance(members, list):
        raise InvalidInput(f"{where}.organisationUnits: expected a list of references")
    out = []
    for j, m in enumerate(members):
        ref = m.get("id") if isinstance(m, dict) else m
        if not isinstance(ref, str) or ref not in known:
            raise InvalidInput(f"{where}.organisationUnits[{j}]: unknown id {ref!r}"[:200])
        out.append(ref)
    return out


def _read_data_sets(doc: dict, names: Dict[str, str], tree: OrgUnitTree) -> Dict[str, Dict[str, Any]]:
    """dataSets: uid -> {"name", "period_type", "org_units", "timely_days"} (docs.dhis2.org,
    Web API "Metadata"; the data set's periodType, organisationUnits and timelyDays)."""
    codes = set(tree.codes)
    out: Dict[str, Dict[str, Any]] = {}
    for k, o in enumerate(_objects(doc, "dataSets")):
        where = f"dataSets[{k}]"
        uid = _uid(o, where)
        if uid in out:
            raise InvalidInput(f"{where}.id: {uid!r} is given twice")
        names[uid] = _text(o, "name") or uid
        period_type = _text(o, "periodType", "Monthly")
        if period_type not in _DATA_SET_PERIODS:
            raise InvalidInput(f"{where}.periodType: expected one of {', '.join(_DATA_SET_PERIODS)}, "
                               f"got {period_type!r}"[:300])
        timely = o.get("timelyDays", _TIMELY_DAYS)
        if timely is None:
            timely = _TIMELY_DAYS
        if isinstance(timely, bool) or not isinstance(timely, (int, float)) or not 0 <= timely <= 10000:
            raise InvalidInput(f"{where}.timelyDays: expected a number of days 0 .. 10000, got {timely!r}"[:160])
        units = _unit_references(o, where, codes)
        out[uid] = {"name": names[uid], "period_type": period_type,
                    "org_units": tuple(dict.fromkeys(units)), "timely_days": float(timely)}
    return out


# ---- data value sets ---------------------------------------------------------------------------

_FIELDS = ("dataElement", "period", "orgUnit", "categoryOptionCombo", "attributeOptionCombo", "value",
           "deleted")
# The CSV columns, in DHIS2's order, under both header spellings the documentation shows.
_CSV = {"dataelement": 0, "period": 1, "orgunit": 2, "categoryoptioncombo": 3, "catoptcombo": 3,
        "attributeoptioncombo": 4, "attroptcombo": 4, "value": 5, "deleted": 6}


def _json_columns(source: Any):
    """The dataValues of a JSON dataValueSet as columns (lists), read while parsing: each data
    value object becomes one entry per column and None in the parsed list, so that 10^6 values
    never exist as 10^6 dicts."""
    cols: List[list] = [[] for _ in _FIELDS]
    a0, a1, a2, a3, a4, a5, a6 = (c.append for c in cols)

    # One str object per distinct id (memo): 10^6 values hold 5 × 10^6 ids but a few
    # thousand distinct ones (a 10^6-value set's peak: 388 MB instead of 596 MB, no slower).
    memo: Dict[Any, Any] = {}
    same = memo.setdefault

    def add(d):
        g = d.get
        a0(same(x := g("dataElement"), x)); a1(same(x := g("period"), x))  # noqa: E702
        a2(same(x := g("orgUnit"), x)); a3(same(x := g("categoryOptionCombo"), x))  # noqa: E702
        a4(same(x := g("attributeOptionCombo"), x)); a5(g("value")); a6(g("deleted"))  # noqa: E702

    def hook(d):
        # object_hook gets each object as a dict built in C, and the appends are unrolled: this
        # runs once per value (1.8 s for 10^6 values, against 4.8 s for a loop over _FIELDS).
        return d if "dataValues" in d else add(d)

    if isinstance(source, dict):
        doc = source
        values = doc.get("dataValues")
        if isinstance(values, list):
            for k, o in enumerate(values):
                if not isinstance(o, dict):
                    raise InvalidInput(f"dataValues[{k}]: expected an object, got {type(o).__name__}")
                try:
                    add(o)
                except TypeError:
                    raise InvalidInput(f"dataValues[{k}]: an id is a list or an object, not text") from None
    else:
        try:
            doc = _load_json(source, "source", hook)
        except TypeError:  # an id that is a list or an object cannot be looked up
            raise InvalidInput("dataValues: a data value's dataElement, period, orgUnit or "
                               "option combo is a list or an object, not an id") from None
        if not isinstance(doc, dict):
            raise InvalidInput("source: expected a dataValueSet {\"dataValues\": [...]}")
        values = doc.get("dataValues")
        if isinstance(values, list):
            if len(values) != len(cols[0]) or any(v is not None for v in values):
                raise InvalidInput("dataValues: expected a list of data value objects (flat, as "
                                   "/api/dataValueSets writes them)")
    if not isinstance(values, list):
        raise InvalidInput("dataValues: missing, or not a list")
    # The set's own period, orgUnit and attributeOptionCombo apply to values without one.
    for k, name in ((1, "period"), (2, "orgUnit"), (4, "attributeOptionCombo")):
        default = doc.get(name)
        if isinstance(default, str) and default:
            cols[k] = [default if v is None else v for v in cols[k]]
    return cols


def _csv_columns(source: Any):
    import io

    import pandas as pd

    if isinstance(source, (bytes, bytearray)):
        data = bytes(source)
    elif isinstance(source, (str, os.PathLike)):
        try:
            with open(source, "rb") as f:
                data = f.read()
        except OSError as exc:
            raise InvalidInput(f"source: {os.path.basename(os.fspath(source))}: {exc.strerror}") from None
    else:
        raise InvalidInput(f"source: expected a CSV file path or bytes, got {type(source).__name__}")
    first_line = data[:4096].split(b"\n", 1)[0].decode("utf-8-sig", "replace")
    first = first_line.strip().strip('"').split('"', 1)[0].split(",", 1)[0].strip().lower()
    header = first == "dataelement"
    # Only the columns read are kept (storedby, lastupdated, comment ... are not): pandas reads
    # the bytes itself, so no decoded copy of the file exists beside them.
    usecols = None
    if header:
        names = [c.strip().strip('"').strip().lower() for c in first_line.split(",")]
        usecols = [j for j, c in enumerate(names) if c in _CSV]
    try:
        frame = pd.read_csv(io.BytesIO(data), dtype=str, keep_default_na=False, na_values=[],
                            header=0 if header else None, encoding="utf-8-sig", usecols=usecols)
    except UnicodeDecodeError as exc:
        raise ParseError(f"source: not UTF-8 (byte {exc.start})") from None
    except (pd.errors.ParserError, ValueError) as exc:
        raise ParseError(f"source: not CSV: {exc}"[:300]) from None
    del data
    cols: List[list] = [[None] * len(frame) for _ in _FIELDS]
    if header:
        for j, name in enumerate(frame.columns):
            k = _CSV.get(str(name).strip().lower())
            if k is not None:
                cols[k] = frame.iloc[:, j].tolist()
        for name, k in (("dataelement", 0), ("period", 1), ("orgunit", 2), ("value", 5)):
            if not any(_CSV.get(str(c).strip().lower()) == k for c in frame.columns):
                raise InvalidInput(f"source: the CSV header has no column {name!r}")
    else:
        if frame.shape[1] < 6:
            raise InvalidInput(f"source: a CSV data value has 6 or more columns (dataelement, period, "
                               f"orgunit, categoryoptioncombo, attributeoptioncombo, value), got "
                               f"{frame.shape[1]}")
        for k in range(6):
            cols[k] = frame.iloc[:, k].tolist()
    for k in range(5):
        cols[k] = [v if v else None for v in cols[k]]
    return cols


def read_data_value_set(source: Union[str, "os.PathLike[str]", bytes, dict], metadata: Dhis2Metadata, *,
                        format: Optional[str] = None, on_unknown: str = "raise",
                        attribute_option_combos: str = "sum", periods: str = "as_given") -> "pd.DataFrame":
    """Read a DHIS2 dataValueSet (JSON or CSV) into the long table DataCube.load_frame takes.

    Takes a file path, bytes or the parsed dict, and the Dhis2Metadata of the same database;
    returns a pandas DataFrame with columns element, org_unit, period and value (float64, the
    number the value's text gives), indexed by each value's position in dataValues (the data row
    of a CSV). element is the key zhibiao's expressions read: the data element's uid for the
    default category option combo, "uid.cocUid" for another (#{uid.cocUid}; #{uid} then reads the
    sum of its combos). Values of BOOLEAN and TRUE_ONLY elements read true as 1 and false as 0.

    format: "json" or "csv" (default: from the file's suffix; a dict is JSON). The set's own
    period, orgUnit and attributeOptionCombo apply to values that have none. Values marked
    "deleted": true are left out. attribute_option_combos: "sum" (default) adds values that
    differ only in their attribute option combo, as DHIS2's analytics total them; "error" leaves
    them to load_frame, which reports each key given twice. A value whose data element, org unit
    or category option combo the metadata does not know, or whose text is not a number, is an
    InvalidRows row naming dataValues[k]; with on_unknown="skip" values of unknown ids are left
    out. Values of data elements the metadata left out (TEXT, DATE ..., listed in its
    left_out_elements) are left out too. Rows left out are counted in attrs["dhis2_skipped"]
    ({"deleted": n, ...}).

    periods: "as_given" (default) keeps each value's period, so that load_frame refuses those
    that are not months; "months" turns values of other DHIS2 period types into the months of
    the cube (docs/dhis2_metadata.md §3.1): a day, a week or a two-week period goes to one month
    (a week to the month of its fourth day, as dhis2-core's getPeriodByPeriodType places it),
    and the values falling in one month are combined by the element's aggregation type (sum,
    mean, last, min, max); a value of a longer period (two months, a quarter, a half year, a
    year, a financial year) of an AVERAGE, LAST, MIN or MAX element holds for each of its months,
    and one of a SUM or COUNT element is an InvalidRows row (a quarter's count cannot be split).
    attrs["dhis2_periods"] counts the values turned into months by period type.

    Formula
    -------
    With periods="months", for a SUM element the month's value is the sum of the values of the
    weeks w whose fourth day lies in the month: x_m = Σ_{w: start_w + 3 days ∈ m} x_w.

    References
    ----------
    docs/dhis2_metadata.md; docs.dhis2.org, Developer guide, Web API, "Data values" (sending
    data values, JSON and CSV) — dhis2/dhis2-docs, src/developer/web-api/data.md; dhis2-core,
    IdentifiableObjectUtils.getPeriodByPeriodType (a week belongs to the period holding its
    start date plus 3 days).

    Examples
    --------
    >>> meta = zb.read_dhis2_metadata({"organisationUnits": [{"id": "OU_ROOT0001", "name": "D"}],
    ...                                "dataElements": [{"id": "DE_BIRTH01", "name": "Births"}]})
    >>> frame = zb.read_data_value_set({"period": "202401", "orgUnit": "OU_ROOT0001",
    ...                                 "dataValues": [{"dataElement": "DE_BIRTH01", "value": "12"}]},
    ...                                meta)
    >>> frame.loc[0, ["element", "org_unit", "period", "value"]].tolist()
    ['DE_BIRTH01', 'OU_ROOT0001', '202401', 12.0]
    """
    import pandas as pd

    if not isinstance(metadata, Dhis2Metadata):
        raise InvalidInput(f"metadata: expected the Dhis2Metadata of read_dhis2_metadata, got "
                           f"{type(metadata).__name__}"[:160])
    on_unknown = choice(on_unknown, "on_unknown", _ON_UNKNOWN)
    attribute_option_combos = choice(attribute_option_combos, "attribute_option_combos", _AOC)
    periods = choice(periods, "periods", _PERIODS)
    if format is None:
        is_csv = isinstance(source, (str, os.PathLike)) and os.fspath(source).lower().endswith(".csv")
        format = "csv" if is_csv else "json"
    format = choice(format, "format", ("json", "csv"))
    if format == "csv" and isinstance(source, dict):
        raise InvalidInput("format: 'csv' needs a file path or bytes, not a parsed dict")
    cols = _json_columns(source) if format == "json" else _csv_columns(source)
    n = len(cols[0])
    errors: List[Tuple[int, str, str]] = []
    skipped: Dict[str, int] = {}
    keep = np.ones(n, dtype=bool)
    deleted = cols[6]
    if any(d is not None for d in deleted):
        for k, d in enumerate(deleted):
            if d is True or (isinstance(d, str) and d.strip().lower() == "true"):
                keep[k] = False
        if (~keep).any():
            skipped["deleted"] = int((~keep).sum())

    elements = {e.id: e for e in metadata.data_elements}
    de_codes, de_uniques = pd.factorize(pd.Series(cols[0], dtype=object))
    ou_codes, ou_uniques = pd.factorize(pd.Series(cols[2], dtype=object))
    coc_codes, coc_uniques = pd.factorize(pd.Series(cols[3], dtype=object))
    pe_codes, pe_uniques = pd.factorize(pd.Series(cols[1], dtype=object))
    known_units = set(metadata.tree.codes)

    def check(codes, uniques, known, field, what, skip_name):
        bad = [j for j, u in enumerate(uniques) if not (isinstance(u, str) and u in known)]
        rows = np.flatnonzero(np.isin(codes, bad) | (codes < 0)) if bad or (codes < 0).any() else []
        rows = [r for r in rows if keep[r]]
        if not rows:
            return
        if on_unknown == "skip":
            keep[rows] = False
            skipped[skip_name] = skipped.get(skip_name, 0) + len(rows)
            return
        for r in rows:
            c = codes[r]
            errors.append((int(r), f"dataValues[{r}].{field}",
                           "missing" if c < 0 else f"unknown {what} {uniques[c]!r}"))

    # Values of elements the metadata left out (a TEXT comment field of the same data set) are
    # not numbers to load: left out and counted, whatever on_unknown says.
    left_out = [j for j, u in enumerate(de_uniques) if u in metadata.left_out_elements]
    if left_out:
        rows = np.isin(de_codes, left_out) & keep
        if rows.any():
            keep[rows] = False
            skipped["data element left out of the metadata"] = int(rows.sum())
    check(de_codes, de_uniques, elements, "dataElement", "data element", "unknown data element")
    check(ou_codes, ou_uniques, known_units, "orgUnit", "org unit", "unknown org unit")
    for r in np.flatnonzero((pe_codes < 0) & keep):
        errors.append((int(r), f"dataValues[{r}].period", "missing"))
    not_text = [j for j, u in enumerate(pe_uniques) if not isinstance(u, str)]
    if not_text:
        for r in np.flatnonzero(np.isin(pe_codes, not_text) & keep):
            errors.append((int(r), f"dataValues[{r}].period",
                           f"expected a period's text (\"202401\"), got {pe_uniques[pe_codes[r]]!r}"[:120]))
    # The element key of each distinct (element, combo) pair.
    n_coc = len(coc_uniques) + 1
    pair = de_codes.astype(np.int64) * n_coc + (coc_codes.astype(np.int64) + 1)
    pair_codes, pair_uniques = pd.factorize(pair)
    keys = []
    bad_pairs = []
    for j, p in enumerate(pair_uniques):
        d, c = divmod(int(p), n_coc)
        de = de_uniques[d] if d >= 0 else None
        coc = coc_uniques[c - 1] if c > 0 else None
        element = elements.get(de) if isinstance(de, str) else None
        if element is None:
            keys.append("")  # reported above
        elif coc is None or (coc in metadata.default_combos and not element.disaggregations):
            keys.append(de)
        elif coc in element.disaggregations:
            keys.append(f"{de}.{coc}")
        else:
            keys.append("")
            bad_pairs.append((j, de, coc))
    if bad_pairs:
        bad_rows = np.flatnonzero(np.isin(pair_codes, [j for j, _, _ in bad_pairs]) & keep)
        if on_unknown == "skip":
            keep[bad_rows] = False
            skipped["unknown category option combo"] = len(bad_rows)
        else:
            why = {j: (de, coc) for j, de, coc in bad_pairs}
            for r in bad_rows:
                de, coc = why[pair_codes[r]]
                errors.append((int(r), f"dataValues[{r}].categoryOptionCombo",
                               f"{coc!r} is not a category option combo of data element {de!r}"))
    # Values: the text's number; booleans of BOOLEAN / TRUE_ONLY elements as 1 / 0.
    texts = cols[5]
    # pandas' parser reads the numbers' text (as cells_as_numbers does for load_frame); what it
    # cannot read, or reads as NaN / ±inf, is looked at one by one below.
    values = pd.to_numeric(pd.Series(texts, dtype=object), errors="coerce").to_numpy(
        dtype=np.float64, na_value=np.nan)
    not_number = ~np.isfinite(values)
    # JSON true / false would read as 1 / 0: only a BOOLEAN element's value may be one.
    # (pandas reads them as 1.0 and 0.0: only the values 0 and 1 need looking at.)
    for k in np.flatnonzero((values == 0.0) | (values == 1.0)).tolist():
        if type(texts[k]) is bool:
            not_number[k] = True
    bad_values = np.flatnonzero(not_number).tolist()
    boolean = {uid for uid, t in metadata.value_types.items() if t in _BOOLEAN_TYPES}
    for k in bad_values:
        if not keep[k]:
            continue
        t = texts[k]
        de = cols[0][k]
        if de in boolean and isinstance(t, str) and t.strip().lower() in _TRUE | _FALSE:
            values[k] = 1.0 if t.strip().lower() in _TRUE else 0.0
            continue
        if isinstance(t, bool) and de in boolean:
            values[k] = float(t)
            continue
        errors.append((k, f"dataValues[{k}].value",
                       "missing" if t is None or t == "" else f"not a number: {t!r}"[:120]))
    if errors:
        errors.sort(key=lambda e: e[0])
        raise invalid_rows(errors)
    index = np.flatnonzero(keep)
    key_uniques = np.asarray(keys, dtype=object)
    if len(set(keys)) == len(keys):
        element = pd.Categorical.from_codes(pair_codes[index], categories=key_uniques)
    else:  # two pairs with one key ("de" with no combo and with the default one) or skipped ones
        element = pd.Categorical(key_uniques[pair_codes[index]])
    org_unit = pd.Categorical.from_codes(ou_codes[index], categories=ou_uniques)
    period = pd.Categorical.from_codes(pe_codes[index], categories=pe_uniques)
    if len(index) < n:
        # Categories of values left out (an unknown org unit) are not passed on to load_frame.
        element, org_unit, period = (c.remove_unused_categories() for c in (element, org_unit, period))
    frame = pd.DataFrame({"element": element, "org_unit": org_unit, "period": period,
                          "value": values[index]}, index=index)
    aocs = cols[4]
    if attribute_option_combos == "sum" and len({a for a in aocs if a is not None} - set(metadata.default_combos)) > 0:
        # Values that differ only in their attribute option combo: DHIS2's analytics total them.
        # Each sum is kept at its first value's row, so that the index still names dataValues.
        key = ["element", "org_unit", "period"]
        summed = frame.groupby(key, observed=True, sort=False)["value"].transform("sum")
        first = ~frame.duplicated(key).to_numpy()
        frame = frame[first].assign(value=summed.to_numpy()[first])
    converted: Dict[str, int] = {}
    if periods == "months":
        frame, converted = _to_months(frame, elements)
    frame.attrs["dhis2_skipped"] = skipped
    if periods == "months":
        frame.attrs["dhis2_periods"] = converted
    return frame


def _to_months(frame: "pd.DataFrame", elements: Dict[str, DataElement]) -> Tuple["pd.DataFrame", Dict[str, int]]:
    """The values of `frame` in months (read_data_value_set's periods="months")."""
    import pandas as pd

    texts = list(frame["period"].cat.categories)
    # Per distinct period text: (type, [month codes], start day) or an error message.
    parsed: Dict[Any, Any] = {}
    for t in texts:
        try:
            p = Period.parse(t)
        except InvalidInput as exc:
            parsed[t] = str(exc).split("\n")[0][:120]
            continue
        kind = p.type
        if kind == "month":
            months = [p.code]
        elif kind in _WEEKLY:
            # dhis2-core's getPeriodByPeriodType: a week is placed by its start date + 3 days.
            import datetime as _dt
            d = p.start + _dt.timedelta(days=3)
            months = [Period.month(d.year, d.month).code]
        elif kind in ("day", "bi_week"):
            months = [Period.month(p.start.year, p.start.month).code]
        elif p.month_aligned:
            months = [m.code for m in p.split_months()]
        else:
            parsed[t] = f"{t!r} is a {kind.replace('_', ' ')} that is not whole months"
            continue
        parsed[t] = (kind, months, p.start)
    codes = frame["period"].cat.codes.to_numpy()
    keys = frame["element"].astype(str).to_numpy()
    errors: List[Tuple[int, str, str]] = []
    rows: List[int] = []
    month_of: List[str] = []
    start_of: List[Any] = []
    converted: Dict[str, int] = {}
    aggregation = {}
    for k in range(len(frame)):
        t = texts[codes[k]]
        info = parsed[t]
        label = int(frame.index[k])
        if isinstance(info, str):
            errors.append((label, f"dataValues[{label}].period", info))
            continue
        kind, months, start = info
        uid = keys[k].split(".", 1)[0]
        agg = aggregation.get(uid)
        if agg is None:
            agg = aggregation[uid] = elements[uid].aggregation if uid in elements else "sum"
        if len(months) > 1 and agg not in _HOLDS_EACH_MONTH:
            errors.append((label, f"dataValues[{label}].period",
                           f"{t!r} is a {kind.replace('_', ' ')} of {uid!r}, whose aggregation is "
                           f"{agg}: its value cannot be split into months"))
            continue
        if kind != "month":
            converted[kind] = converted.get(kind, 0) + 1
        for m in months:
            rows.append(k)
            month_of.append(m)
            start_of.append(start)
    if errors:
        raise invalid_rows(errors)
    if not converted:
        return frame, converted
    take = np.asarray(rows, dtype=np.int64)
    out = pd.DataFrame({"element": frame["element"].to_numpy()[take].astype(object),
                        "org_unit": frame["org_unit"].to_numpy()[take].astype(object),
                        "period": month_of, "value": frame["value"].to_numpy()[take],
                        "_start": start_of, "_row": np.asarray(frame.index)[take]})
    # Values that land in one month combine as the element aggregates over time.
    out = out.sort_values(["_start", "_row"], kind="stable")
    key = ["element", "org_unit", "period"]
    how = {"sum": "sum", "count": "sum", "average": "mean", "average_sum_org_unit": "mean",
           "last": "last", "min": "min", "max": "max", "first": "first",
           "last_average_org_unit": "last", "first_average_org_unit": "first",
           "min_sum_org_unit": "min", "max_sum_org_unit": "max"}
    uids = out["element"].str.split(".", n=1).str[0]
    parts = []
    for agg, part in out.groupby(uids.map(lambda u: how.get(aggregation.get(u, "sum"), "sum")), sort=False):
        g = part.groupby(key, sort=False)
        combined = g["value"].agg(agg).reset_index()
        combined["_row"] = g["_row"].min().to_numpy()
        parts.append(combined)
    result = pd.concat(parts).sort_values("_row", kind="stable")
    result = result.set_index("_row")
    result.index.name = None
    for c in ("element", "org_unit", "period"):
        result[c] = pd.Categorical(result[c])
    return result[["element", "org_unit", "period", "value"]], converted



# ---- complete data set registrations ---------------------------------------------------------

def _data_set_periods(period_type: str, first: Period, last: Period) -> List[Period]:
    """The data set's periods that end in the months first .. last (each counted in the month of
    its end)."""
    start, end = first.start, last.end
    p = Period.parse(_DATA_SET_PERIODS[period_type].format(start.year - 2))
    out = []
    while p.start <= end:
        if start <= p.end <= end:
            out.append(p)
        p = p.next()
    return out


def _registration_date(value: Any) -> Optional["datetime.date"]:
    import datetime
    if not isinstance(value, str) or len(value) < 10:
        return None
    try:
        return datetime.date.fromisoformat(value[:10])
    except ValueError:
        return None


def read_complete_registrations(source: Union[str, "os.PathLike[str]", bytes, dict, list],
                                metadata: Dhis2Metadata, first_month: Any, months: int, *,
                                on_unknown: str = "raise") -> "pd.DataFrame":
    """Read DHIS2's complete data set registrations into the completeness counts that
    R{ds.METRIC} reads, as a long table for DataCube.load_frame.

    `source` is the JSON of /api/completeDataSetRegistrations ({"completeDataSetRegistrations":
    [{"dataSet", "period", "organisationUnit", "attributeOptionCombo", "date", "completed"}]}),
    as a path, bytes, the parsed dict or its list. For every data set of `metadata.data_sets`
    and every month of the cube (`months` from `first_month`, as in metadata.cube) it gives the
    rows of element "R:ds" (docs/dhis2-expressions.md §6): EXPECTED_REPORTS, 1 for each assigned
    org unit and each of the data set's periods, in the month where that period ends;
    ACTUAL_REPORTS, 1 where the unit registered the period as complete, else 0;
    ACTUAL_REPORTS_ON_TIME, 1 where it did so no later than timelyDays after the period's last
    day. A (data set, period, unit) registered for several attribute option combos counts once,
    on time when its earliest registration is. Registrations with "completed": false are left
    out, as are those of periods outside the months; both are counted in
    attrs["dhis2_skipped"].

    Bad registrations are rows of one InvalidRows naming completeDataSetRegistrations[k].field:
    an unknown data set or org unit, a unit the data set is not assigned to, a period that does
    not parse or is not of the data set's period type, a date that is not one.
    on_unknown="skip" leaves out (and counts) those of unknown ids and unassigned units instead.

    Formula
    -------
    For a data set d, org unit u and data set period q ending in month m:
    EXPECTED(u, m) = Σ_q [u assigned to d], ACTUAL(u, m) = Σ_q [q registered by u],
    ON_TIME(u, m) = Σ_q [date(q, u) ≤ end(q) + timelyDays(d)]; the cube sums them over a subtree
    and months, and R{d.REPORTING_RATE} = 100 × ACTUAL / EXPECTED,
    R{d.REPORTING_RATE_ON_TIME} = 100 × ON_TIME / EXPECTED.

    References
    ----------
    docs/dhis2_metadata.md §6; docs.dhis2.org, Developer guide, Web API, "Data" (complete data
    set registrations); Implementation guide, Data quality, "Completeness and timeliness"
    (reporting rate = actual / expected reports × 100 %, on time within the data set's "days
    after period end to qualify for timely data submission").

    Examples
    --------
    >>> meta = zb.read_dhis2_metadata({
    ...     "organisationUnits": [{"id": "OU_ROOT0001", "name": "D"}],
    ...     "dataSets": [{"id": "DS_MONTHLY1", "name": "Monthly", "periodType": "Monthly",
    ...                   "timelyDays": 10, "organisationUnits": [{"id": "OU_ROOT0001"}]}],
    ...     "indicatorTypes": [{"id": "IT_NUMBER1", "factor": 1}],
    ...     "indicators": [{"id": "IN_RATE001", "numerator": "R{DS_MONTHLY1.REPORTING_RATE}",
    ...                     "denominator": "1", "indicatorType": {"id": "IT_NUMBER1"}}]})
    >>> frame = zb.read_complete_registrations({"completeDataSetRegistrations": [
    ...     {"dataSet": "DS_MONTHLY1", "period": "202401", "organisationUnit": "OU_ROOT0001",
    ...      "date": "2024-02-15T09:00:00.000", "completed": True}]}, meta, "202401", 2)
    >>> frame.value.tolist()  # January: actual 1, on time 0 (after Jan 31 + 10 days), expected 1
    [1.0, 0.0, 1.0, 0.0, 0.0, 1.0]
    >>> cube = meta.cube("202401", 2)
    >>> _ = cube.load_frame(frame)
    >>> zb.evaluate(cube, meta.catalog, periods=["202401", "202402", "2024年1-2月"]).value.tolist()
    [100.0, 0.0, 50.0]
    """
    import pandas as pd

    on_unknown = choice(on_unknown, "on_unknown", _ON_UNKNOWN)
    if not isinstance(metadata, Dhis2Metadata):
        raise InvalidInput(f"metadata: expected a Dhis2Metadata (read_dhis2_metadata), got "
                           f"{type(metadata).__name__}")
    first = as_period(first_month)
    if first.type != "month":
        raise InvalidInput(f"first_month: expected a month, got {first.code!r}")
    if isinstance(months, bool) or not isinstance(months, (int, np.integer)) or not 1 <= months <= 1200:
        raise InvalidInput(f"months: expected a number of months 1 .. 1200, got {months!r}"[:160])
    last = first
    for _ in range(int(months) - 1):
        last = last.next()
    doc = source if isinstance(source, (dict, list)) else _load_json(source, "source")
    regs = doc.get("completeDataSetRegistrations") if isinstance(doc, dict) else doc
    if not isinstance(regs, list):
        raise InvalidInput("source: expected {\"completeDataSetRegistrations\": [...]} or its list")
    month_code = {}
    m = first
    for _ in range(int(months)):
        month_code[(m.start.year, m.start.month)] = m.code
        m = m.next()
    sets = metadata.data_sets
    periods = {ds: _data_set_periods(info["period_type"], first, last) for ds, info in sets.items()}
    assigned = {ds: set(info["org_units"]) for ds, info in sets.items()}
    codes = set(metadata.tree.codes)
    errors: List[Tuple[int, str, str]] = []
    skipped: Dict[str, int] = {}
    earliest: Dict[Tuple[str, str, str], "datetime.date"] = {}
    by_code: Dict[Tuple[str, str], Period] = {}
    for k, r in enumerate(regs):
        where = f"completeDataSetRegistrations[{k}]"
        if not isinstance(r, dict):
            errors.append((k, where, f"expected an object, got {type(r).__name__}"))
            continue
        ds, ou, pe = r.get("dataSet"), r.get("organisationUnit", r.get("orgUnit")), r.get("period")
        if isinstance(ds, dict):
            ds = ds.get("id")
        if isinstance(ou, dict):
            ou = ou.get("id")
        unknown = None
        if not isinstance(ds, str) or ds not in sets:
            unknown = ("dataSet", f"unknown data set {ds!r}", "unknown data set")
        elif not isinstance(ou, str) or ou not in codes:
            unknown = ("organisationUnit", f"unknown org unit {ou!r}", "unknown org unit")
        elif ou not in assigned[ds]:
            unknown = ("organisationUnit", f"{ou!r} is not assigned to data set {ds!r}",
                       "org unit not assigned")
        if unknown is not None:
            if on_unknown == "skip":
                skipped[unknown[2]] = skipped.get(unknown[2], 0) + 1
            else:
                errors.append((k, f"{where}.{unknown[0]}", unknown[1][:160]))
            continue
        if r.get("completed", True) is False:
            skipped["not completed"] = skipped.get("not completed", 0) + 1
            continue
        if not isinstance(pe, str):
            errors.append((k, f"{where}.period", f"expected a DHIS2 period (text), got {pe!r}"[:160]))
            continue
        try:
            period = by_code[(ds, pe)] if (ds, pe) in by_code else Period.parse(pe)
        except InvalidInput:
            errors.append((k, f"{where}.period", f"{pe!r} is not a DHIS2 period"[:160]))
            continue
        expected_type = Period.parse(_DATA_SET_PERIODS[sets[ds]["period_type"]].format(2000)).type
        if period.type != expected_type:
            errors.append((k, f"{where}.period", f"{pe!r} is a {period.type}; data set {ds!r} is "
                                                 f"{sets[ds]['period_type']}"[:160]))
            continue
        by_code[(ds, pe)] = period
        date = _registration_date(r.get("date"))
        if date is None:
            errors.append((k, f"{where}.date", f"expected a date (2024-02-15...), got {r.get('date')!r}"[:160]))
            continue
        if (period.end.year, period.end.month) not in month_code:
            skipped["outside the months"] = skipped.get("outside the months", 0) + 1
            continue
        key = (ds, ou, period.code)
        if key not in earliest or date < earliest[key]:
            earliest[key] = date
    if errors:
        raise invalid_rows(errors)
    import datetime
    counts: Dict[Tuple[str, str, str], List[int]] = {}
    for ds, info in sets.items():
        late = datetime.timedelta(days=info["timely_days"])
        for q in periods[ds]:
            month = month_code[(q.end.year, q.end.month)]
            for ou in info["org_units"]:
                c = counts.setdefault((ds, ou, month), [0, 0, 0])
                c[2] += 1
                date = earliest.get((ds, ou, q.code))
                if date is not None:
                    c[0] += 1
                    c[1] += date <= q.end + late
    rows = [(f"R:{ds}.{name}", ou, month, float(c[i]))
            for (ds, ou, month), c in counts.items() for i, name in enumerate(_REPORT_COUNTS)]
    frame = pd.DataFrame(rows, columns=["element", "org_unit", "period", "value"])
    frame.attrs["dhis2_skipped"] = skipped
    return frame


# ---- analytics ---------------------------------------------------------------------------------

def read_analytics(source: Union[str, "os.PathLike[str]", bytes, dict]) -> "pd.DataFrame":
    """Read a DHIS2 analytics response ({"headers": [...], "metaData": {...}, "rows": [[...]]})
    into a long DataFrame.

    Takes a file path, the JSON bytes or the parsed dict; returns one row per row of the
    response, one column per header: dx (the data item: data element, "de.coc" when a co column
    names a combo other than the default HllvX50cXC0, or indicator), org_unit (ou), period (pe), value (float64) and any other header
    under its own name (numerator, denominator ... as float64 when their valueType is NUMBER).
    attrs["names"] holds metaData.items' names (uid -> name). cube.load_frame(frame,
    element="dx") loads data element values.

    References
    ----------
    docs/dhis2_metadata.md; docs.dhis2.org, Developer guide, Web API, "Analytics" (the response
    format) — dhis2/dhis2-docs, src/developer/web-api/analytics.md.

    Examples
    --------
    >>> frame = zb.read_analytics({"headers": [{"name": "dx"}, {"name": "ou"}, {"name": "pe"},
    ...                                        {"name": "value", "valueType": "NUMBER"}],
    ...                            "rows": [["DE_BIRTH01", "OU_ROOT0001", "202401", "12.0"]]})
    >>> frame.loc[0].tolist()
    ['DE_BIRTH01', 'OU_ROOT0001', '202401', 12.0]
    """
    import pandas as pd

    doc = _load_json(source, "source")
    if not isinstance(doc, dict):
        raise InvalidInput("source: expected an analytics response {\"headers\": [...], \"rows\": [...]}")
    headers = doc.get("headers")
    rows = doc.get("rows")
    if not isinstance(headers, list) or not headers:
        raise InvalidInput("headers: missing, or not a list of {\"name\": ...}")
    if not isinstance(rows, list):
        raise InvalidInput("rows: missing, or not a list")
    names, numeric = [], []
    for j, h in enumerate(headers):
        if not isinstance(h, dict) or not isinstance(h.get("name"), str) or not h["name"]:
            raise InvalidInput(f"headers[{j}]: expected {{\"name\": ...}}, got {h!r}"[:160])
        names.append(h["name"])
        numeric.append(h["name"] == "value" or h.get("valueType") in ("NUMBER", "INTEGER")
                       or h.get("type") in ("java.lang.Double", "NUMBER"))
    if len(set(names)) != len(names):
        raise InvalidInput(f"headers: a name appears twice ({names})")
    width = len(names)
    errors = []
    for k, r in enumerate(rows):
        if not isinstance(r, list) or len(r) != width:
            errors.append((k, f"rows[{k}]", f"expected a list of {width} cells"))
    if errors:
        raise invalid_rows(errors)
    columns = {}
    for j, name in enumerate(names):
        cells = [r[j] for r in rows]
        if numeric[j]:
            out = np.empty(len(cells))
            for k, c in enumerate(cells):
                try:
                    if isinstance(c, bool) or c is None:
                        raise TypeError
                    out[k] = float(c)
                    if not math.isfinite(out[k]):
                        raise ValueError
                except (TypeError, ValueError):
                    if (c is None or c == "") and name != "value":
                        out[k] = np.nan  # e.g. a data element's numerator / denominator cell
                    elif c is None or c == "":
                        errors.append((k, f"rows[{k}][{j}] (value)", "missing"))
                    else:
                        errors.append((k, f"rows[{k}][{j}] ({name})", f"not a number: {c!r}"[:120]))
            columns[name] = out
        else:
            columns[name] = pd.Series(["" if c is None else str(c) for c in cells], dtype=object)
    if errors:
        raise invalid_rows(errors)
    if "co" in columns and "dx" in columns:
        co = columns.pop("co")
        # The default combo (HllvX50cXC0, DHIS2's own uid for it) is the element's total: "de".
        columns["dx"] = pd.Series([d if not c or c == _DEFAULT_COC else f"{d}.{c}"
                                   for d, c in zip(columns["dx"], co)], dtype=object)
    frame = pd.DataFrame(columns)
    frame = frame.rename(columns={"ou": "org_unit", "pe": "period"})
    meta = doc.get("metaData")
    items = meta.get("items") if isinstance(meta, dict) else None
    names_of: Dict[str, str] = {}
    if isinstance(items, dict):
        names_of = {k: str(v.get("name", k)) for k, v in items.items() if isinstance(v, dict)}
    elif isinstance(meta, dict) and isinstance(meta.get("names"), dict):
        # Responses of older versions: metaData.names, uid -> name.
        names_of = {k: str(v) for k, v in meta["names"].items()}
    frame.attrs["names"] = names_of
    return frame


def _number_text(x: float) -> str:
    """A value as DHIS2's rows write them: text; whole numbers without '.0' lost (12.0)."""
    return repr(float(x))


def to_analytics_json(frame: "pd.DataFrame", *, indent: Optional[int] = None) -> str:
    """Evaluated indicators (the frame zb.evaluate returns) as a DHIS2 analytics response.

    Takes the long frame of evaluate (columns indicator, org_unit, period, value, and
    numerator, denominator, indicator_name, org_unit_name when present); returns the JSON text
    of {"headers": [dx, ou, pe, value, numerator, denominator], "metaData": {"items": names,
    "dimensions": {"dx", "ou", "pe"}}, "rows": [[...]], "height", "width", "headerWidth"}, the
    cells as text as DHIS2 writes them, values unrounded (as with skipRounding=true). Rows without
    a value (NaN: no data, a division by zero) are left out, as DHIS2's analytics leave out
    cells without data; the frame keeps them with their status.

    References
    ----------
    docs/dhis2_metadata.md; docs.dhis2.org, Developer guide, Web API, "Analytics" (response
    format, includeNumDen) — dhis2/dhis2-docs, src/developer/web-api/analytics.md.

    Examples
    --------
    >>> out = pd.DataFrame({"indicator": ["IN_ANC1COV1"], "org_unit": ["OU_ROOT0001"],
    ...                     "period": ["2024"], "value": [50.0], "numerator": [30.0],
    ...                     "denominator": [60.0]})
    >>> import json
    >>> doc = json.loads(zb.to_analytics_json(out))
    >>> doc["rows"], doc["height"]
    ([['IN_ANC1COV1', 'OU_ROOT0001', '2024', '50.0', '30.0', '60.0']], 1)
    """
    import pandas as pd

    if not isinstance(frame, pd.DataFrame):
        raise InvalidInput(f"frame: expected the DataFrame of zb.evaluate, got {type(frame).__name__}"[:160])
    for c in ("indicator", "org_unit", "period", "value"):
        if c not in frame.columns:
            raise InvalidInput(f"frame: no column {c!r} (the columns of zb.evaluate are needed)")
    if indent is not None and (isinstance(indent, bool) or not isinstance(indent, int) or not 0 <= indent <= 16):
        raise InvalidInput(f"indent: expected None or 0 .. 16, got {indent!r}"[:160])
    extra = [c for c in ("numerator", "denominator") if c in frame.columns]
    numbers = {}
    for c in ["value"] + extra:
        col = frame[c]
        if not pd.api.types.is_numeric_dtype(col) or pd.api.types.is_bool_dtype(col):
            raise InvalidInput(f"frame: column {c!r} is not numeric ({col.dtype})")
        numbers[c] = col.to_numpy(dtype=np.float64)
    keep = np.isfinite(numbers["value"])
    text = {c: frame[c].astype(str).to_numpy(dtype=object)[keep] for c in ("indicator", "org_unit", "period")}
    rows = []
    vals = {c: numbers[c][keep] for c in numbers}
    for k in range(int(keep.sum())):
        row = [text["indicator"][k], text["org_unit"][k], text["period"][k], _number_text(vals["value"][k])]
        for c in extra:
            x = vals[c][k]
            row.append(_number_text(x) if math.isfinite(x) else "")
        rows.append(row)

    def header(name, column, numeric):
        return {"name": name, "column": column, "valueType": "NUMBER" if numeric else "TEXT",
                "type": "java.lang.Double" if numeric else "java.lang.String", "hidden": False,
                "meta": not numeric}

    headers = [header("dx", "Data", False), header("ou", "Organisation unit", False),
               header("pe", "Period", False), header("value", "Value", True)]
    headers += [header(c, c.capitalize(), True) for c in extra]
    items: Dict[str, Dict[str, str]] = {}
    for code_col, name_col in (("indicator", "indicator_name"), ("org_unit", "org_unit_name")):
        if name_col in frame.columns:
            for code, name in zip(frame[code_col].astype(str), frame[name_col].astype(str)):
                items.setdefault(code, {"name": name})
    dims = {d: list(dict.fromkeys(text[c].tolist()))
            for d, c in (("dx", "indicator"), ("ou", "org_unit"), ("pe", "period"))}
    doc = {"headers": headers, "metaData": {"items": items, "dimensions": dims}, "rows": rows,
           "height": len(rows), "width": len(headers), "headerWidth": len(headers)}
    return json.dumps(doc, ensure_ascii=False, indent=indent)
