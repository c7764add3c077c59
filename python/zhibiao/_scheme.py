"""Assessment schemes (scheme.hpp; docs/schemes.md): a city scores its districts, a county its
townships and hospitals, item by item with points and a rule, then grades and ranks them.

The scheme is held as its canonical JSON (what the core writes back), so that every call hands
the core one checked description; the scoring itself is C++ (zhibiao::score)."""
from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, Dict, List, Optional, Sequence

import numpy as np

from . import _core
from ._errors import InvalidInput, relabelled
from ._frames import as_frame, column_label, numeric_column
from ._options import choice, flag
from ._status import TONE_COLOURS

if TYPE_CHECKING:  # annotations only: importing pandas here would slow `import zhibiao`
    import pandas as pd

__all__ = ["Scheme", "ScoreCard", "score_units"]

_NO_FORMULA = {
    "Scheme": "It holds a scheme's description; score_units computes the scores.",
}

_ROW_COLUMNS = ("id", "indicator", "name", "points", "rule", "target", "quota", "per_unit",
                "floor", "weight", "veto", "cap")


def _cell(value: Any) -> str:
    """A table cell as the text the core reads: empty for NaN/None, 5.0 as "5"."""
    if value is None:
        return ""
    if isinstance(value, float):
        if value != value:
            return ""
        return repr(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, (np.integer, np.floating)):
        return _cell(float(value))
    return str(value).strip()


class Scheme:
    """An assessment scheme (考核细则): items with an indicator, points and a rule, grades by
    thresholds on the total.

    Made with ``Scheme.from_json`` (data/scheme.schema.json) or ``Scheme.from_frame`` (one row
    per item). Rules: ``all_or_nothing``, ``proportional``, ``deduction`` (``per_unit`` points
    off per percentage point or case short, not below ``floor``), ``bonus`` (extra points,
    capped by the item's points and the scheme's ``bonus_cap``) and ``veto`` (一票否决: a missed
    veto caps the total or zeroes it). A ``quota`` item is scored against 序时进度 at an as-of
    date. ``score_units`` scores units with it.

    References
    ----------
    docs/schemes.md (rules, formulas, the JSON and table formats); data/scheme.schema.json.

    Examples
    --------
    >>> s = zb.Scheme.from_json('''{"total": 10, "items": [
    ...   {"id": "签约", "indicator": "family_doctor_contract_rate", "points": 10,
    ...    "rule": "proportional", "target": "≥35%"}]}''')
    >>> [i["id"] for i in s.items], s.total
    (['签约'], 10.0)
    """

    def __init__(self, text: str) -> None:
        self._json = _core._scheme_canonical(text)
        self._data = json.loads(self._json)

    @classmethod
    def from_json(cls, text: Any) -> "Scheme":
        """A scheme from its JSON text (str, or bytes in UTF-8).

        Unknown keys are refused with their path ("items[1].pionts: unknown field; did you mean
        "points"?"), as are mistyped values and unreadable target wording.

        Formula
        -------
        No formula: the text is read and checked; points add up (when ``total`` is declared) at
        ``validate`` and ``score_units``.

        References
        ----------
        data/scheme.schema.json; docs/schemes.md §7.

        Examples
        --------
        >>> zb.Scheme.from_json('{"items": [{"id": "a", "indicator": "x", "pionts": 5}]}')
        Traceback (most recent call last):
        ...
        zhibiao.InvalidInput: items[0].pionts: unknown field; did you mean "points"?
        """
        return cls(text)

    @classmethod
    def from_frame(cls, frame: "pd.DataFrame", *, total: Optional[float] = None,
                   bonus_cap: Optional[float] = None,
                   grades: Optional[Sequence[Sequence[Any]]] = None,
                   fail_grade: str = "不合格", decimals: int = 2) -> "Scheme":
        """A scheme from a table with one row per item (a DataFrame, e.g. read from CSV).

        Columns: id, indicator, points (required), and name, rule, target (threshold wording
        such as "≥90%"), quota ("1600@2025": amount and period), per_unit, floor, weight, veto
        ("cap" or "zero"), cap (a total or a grade name); an unknown column is refused. Empty
        cells are absent. `grades` is a list of (name, min_total), highest first.

        Formula
        -------
        No formula: each row becomes an item as in the JSON format.

        References
        ----------
        docs/schemes.md §7 (the table format).

        Examples
        --------
        >>> f = pd.DataFrame({"id": ["签约", "否决"],
        ...                   "indicator": ["family_doctor_contract_rate", "maternal_mortality_rate"],
        ...                   "points": [10, 0], "rule": ["proportional", "veto"],
        ...                   "target": ["≥35%", "≤18/10万"], "veto": [None, "zero"]})
        >>> [i["rule"] for i in zb.Scheme.from_frame(f).items]
        ['proportional', 'veto']
        """
        frame = as_frame(frame, "frame", grouped=False)
        unknown = [c for c in frame.columns if str(c) not in _ROW_COLUMNS]
        if unknown:
            raise InvalidInput(f"frame: unknown column {unknown[0]!r}; expected some of "
                               + ", ".join(_ROW_COLUMNS))
        for need in ("id", "indicator", "points"):
            if need not in frame.columns:
                raise InvalidInput(f"frame: the column {need!r} is required")
        cols = {c: frame[c].tolist() if c in frame.columns else [None] * len(frame)
                for c in _ROW_COLUMNS}
        rows = [[_cell(cols[c][i]) for c in _ROW_COLUMNS] for i in range(len(frame))]
        head: Dict[str, Any] = {"items": [], "fail_grade": fail_grade, "decimals": decimals}
        if total is not None:
            head["total"] = total
        if bonus_cap is not None:
            head["bonus_cap"] = bonus_cap
        if grades is not None:
            if not isinstance(grades, (list, tuple)):
                raise InvalidInput("grades: expected a list of (name, min_total)")
            head["grades"] = []
            for k, g in enumerate(grades):
                if not isinstance(g, (list, tuple)) or len(g) != 2:
                    raise InvalidInput(f"grades[{k}]: expected (name, min_total), got {g!r}")
                head["grades"].append({"name": g[0], "min_total": g[1]})
        try:
            defaults = json.dumps(head, ensure_ascii=False, allow_nan=False)
        except (TypeError, ValueError) as exc:
            raise InvalidInput(f"frame: the scheme's options cannot be written ({exc})") from None
        return cls(_core._scheme_from_rows(rows, defaults))

    def to_json(self) -> str:
        """The scheme as JSON: what ``from_json`` reads back to the same scheme.

        Formula
        -------
        No formula.

        References
        ----------
        data/scheme.schema.json.

        Examples
        --------
        >>> s = zb.Scheme.from_json('{"items": []}')
        >>> zb.Scheme.from_json(s.to_json()).to_json() == s.to_json()
        True
        """
        return self._json

    @property
    def items(self) -> List[Dict[str, Any]]:
        """The items, as the JSON format writes them."""
        return [dict(i) for i in self._data["items"]]

    @property
    def grades(self) -> List[tuple]:
        """(name, min_total) pairs, highest first."""
        return [(g["name"], g["min_total"]) for g in self._data["grades"]]

    @property
    def total(self) -> Optional[float]:
        """The declared full marks, or None."""
        t = self._data.get("total")
        return None if t is None else float(t)

    def validate(self, catalog: Optional[_core.Catalog] = None) -> None:
        """Checks the scheme against a catalog (the built-in one by default).

        Raises InvalidInput naming the item ("items[2] (mmr).indicator") for an unknown
        indicator, negative points, a duplicate id, a veto without an effect, a target a rule
        cannot use; "grades" for bounds not strictly decreasing; "total" for points that do not
        add up to the declared total.

        Formula
        -------
        Σ weight × points over the items that are neither bonus nor veto = total.

        References
        ----------
        docs/schemes.md §8.

        Examples
        --------
        >>> zb.Scheme.from_json('{"total": 100, "items": [{"id": "a", "points": 90, '
        ...     '"indicator": "family_doctor_contract_rate", "target": "≥35%"}]}').validate()
        Traceback (most recent call last):
        ...
        zhibiao.InvalidInput: total: the items' points add up to 90, not the declared 100
        """
        _core._scheme_validate(self._json, _catalog(catalog))

    def __repr__(self) -> str:
        name = self._data.get("name", "")
        return f"<Scheme {name!r}: {len(self._data['items'])} items>"

    def _repr_html_(self) -> str:
        import html
        rows = "".join(
            "<tr>" + "".join(f"<td>{html.escape(str(i.get(k, '')))}</td>"
                             for k in ("id", "indicator", "points", "rule", "target")) + "</tr>"
            for i in self._data["items"])
        head = "".join(f"<th>{k}</th>" for k in ("id", "indicator", "points", "rule", "target"))
        return (f"<div><b>{html.escape(self._data.get('name', '') or '考核方案')}</b>"
                f"<table><tr>{head}</tr>{rows}</table></div>")


def _catalog(catalog: Optional[_core.Catalog]) -> _core.Catalog:
    if catalog is None:
        return _core.Catalog.builtin()
    if not isinstance(catalog, _core.Catalog):
        raise InvalidInput(f"catalog: expected a zb.Catalog, got {type(catalog).__name__}")
    return catalog


def _grade_tone(scheme: Scheme, grade: str) -> str:
    """ok for the grades above the lowest passing one, warn for that one, bad for a fail."""
    names = [g for g, _ in scheme.grades]
    if grade not in names:
        return "bad"
    return "warn" if len(names) > 1 and grade == names[-1] else "ok"


class ScoreCard:
    """The scores of units under a scheme (made by ``score_units``).

    ``table``: one row per unit: unit, total, grade, rank, vetoed, lost (the ids of the items
    below full marks), next_grade, points_needed, next_item, next_cases, next_step (the
    sentence), then one column per item with its score. ``items``: one row per unit and item:
    value, target, score, full, reached, missing, reason_zh, reason_en. In Jupyter a score card
    coloured by grade.

    Formula
    -------
    total = min(Σ item scores + min(Σ bonus, bonus_cap), veto ceiling), rounded half up.

    References
    ----------
    docs/schemes.md.

    Examples
    --------
    >>> s = zb.Scheme.from_json('{"items": [{"id": "a", "points": 100, "rule": "proportional", '
    ...     '"indicator": "family_doctor_contract_rate", "target": "≥40%"}]}')
    >>> f = pd.DataFrame({"org_unit": ["甲", "乙"], "item": ["a", "a"],
    ...                   "numerator": [38, 41], "denominator": [100, 100]})
    >>> card = zb.score_units(f, s)
    >>> card.table[["unit", "total", "grade", "rank"]]
      unit  total grade  rank
    0    甲   95.0    优秀     2
    1    乙  100.0    优秀     1
    """

    def __init__(self, scheme: Scheme, table: "pd.DataFrame", items: "pd.DataFrame") -> None:
        self.scheme, self.table, self.items = scheme, table, items

    def __repr__(self) -> str:
        return f"<ScoreCard: {len(self.table)} units>\n{self.table.iloc[:, :5].to_string()}"

    def _repr_html_(self) -> str:
        import html
        style = ("<style>" + "".join(f".zb-{t}{{color:{c}}}" for t, c in TONE_COLOURS.items())
                 + ".zb-t td,.zb-t th{padding:2px 6px;text-align:left}</style>")
        head = "<tr><th>单位</th><th>总分</th><th>等级</th><th>名次</th><th>失分项</th><th>距下一等级</th></tr>"
        body = []
        for _, r in self.table.iterrows():
            css = f"zb-{_grade_tone(self.scheme, r['grade'])}"
            body.append(
                f"<tr><td>{html.escape(str(r['unit']))}</td><td>{r['total']:.2f}</td>"
                f"<td class=\"{css}\">{html.escape(r['grade'])}</td><td>{r['rank']}</td>"
                f"<td>{html.escape('、'.join(r['lost']))}</td>"
                f"<td>{html.escape(r['next_step'] or '')}</td></tr>")
        return f'<div>{style}<table class="zb-t">{head}{"".join(body)}</table></div>'


def score_units(frame: "pd.DataFrame", scheme: Scheme, *,
                catalog: Optional[_core.Catalog] = None, tree: Optional[_core.OrgUnitTree] = None,
                units: Optional[Sequence[str]] = None, unit: str = "org_unit", item: str = "item",
                numerator: str = "numerator", denominator: Optional[str] = "denominator",
                as_of: Any = None, basis: str = "months", reasons: bool = True) -> ScoreCard:
    """Scores units under `scheme`: each item's points and reason, the total, grade and rank,
    the items that lost points, and the smallest change that reaches the next grade.

    Takes a long DataFrame: one row per unit and item (the item's id in the scheme) with the
    item's numerator and denominator (a count item: denominator 1, or `denominator=None`). With
    a `tree` (zb.OrgUnitTree) the frame's units are reporting units and `units` (default: the
    tree's roots) are scored on their subtrees' pooled counts: Σ numerators / Σ denominators,
    never the mean of sub-units' scores. `as_of` (a date) scores quota items against 序时进度.
    ``reasons=False`` leaves the sentences (reason_zh, reason_en, next_step) empty: bulk scoring
    spends most of its time writing them.

    Formula
    -------
    value = Σ numerator × multiplier / Σ denominator; all or nothing: P if reached; proportional:
    P × min(v / t, 1) (lower is better: P × min(t / v, 1), full at v = 0); deduction:
    max(P − k × shortfall, floor); bonus: P when reached, or min(P, k × (v − t)); a missed veto
    caps the total (or zeroes it). Ranks are competition ranks (1, 2, 2, 4) on the totals rounded
    to the scheme's decimals; the next grade's smallest change is the fewest numerator cases of
    one item.

    References
    ----------
    docs/schemes.md; docs/aggregation.md §1 (pooled roll-ups). The example is worked by hand:
    38/100 against ≥ 40 % earns 100 × 38/40 = 95.

    Examples
    --------
    >>> s = zb.Scheme.from_json('{"grades": [{"name": "合格", "min_total": 97}], "items": [{"id": '
    ...     '"a", "points": 100, "rule": "proportional", "indicator": "family_doctor_contract_rate", '
    ...     '"target": "≥40%"}]}')
    >>> f = pd.DataFrame({"org_unit": ["甲"], "item": ["a"], "numerator": [38], "denominator": [100]})
    >>> card = zb.score_units(f, s)
    >>> card.items.loc[0, "reason_zh"]
    '未达到目标≥40%（实际38.00%），按比例得95分'
    >>> card.table.loc[0, "next_step"]
    '距合格差2分：家庭医生签约率分子增加1例即可达到'
    """
    if not isinstance(scheme, Scheme):
        raise InvalidInput(f"scheme: expected a zb.Scheme, got {type(scheme).__name__}")
    import pandas as pd
    frame = as_frame(frame, "frame", grouped=False)
    basis = choice(basis, "basis", ("months", "days"))
    reasons = flag(reasons, "reasons")
    cat = _catalog(catalog)
    if tree is not None and not isinstance(tree, _core.OrgUnitTree):
        raise InvalidInput(f"tree: expected a zb.OrgUnitTree, got {type(tree).__name__}")
    ulabel, ilabel = column_label(frame, unit, "unit"), column_label(frame, item, "item")
    num = numeric_column(frame, numerator, "numerator")
    den = (np.ones(len(frame)) if denominator is None
           else numeric_column(frame, denominator, "denominator"))
    bad = [(i, str(numerator), "must be a finite count ≥ 0")
           for i in np.flatnonzero(np.isinf(num) | (num < 0))]
    if denominator is not None:
        bad += [(i, str(denominator), "must be a finite count ≥ 0")
                for i in np.flatnonzero(np.isinf(den) | (den < 0))]
    ids = [i["id"] for i in scheme.items]
    position = {k: j for j, k in enumerate(ids)}
    # Cells are compared as text (str of each cell); factorize codes them once, so a long table
    # of 10^4 units × 50 items costs two hash passes, not a Python loop per row. Units keep the
    # order of their first row (factorize's order, as dict.fromkeys would give).
    item_codes, item_names = pd.factorize(frame[ilabel].astype(str).to_numpy(dtype=object))
    unit_codes, unit_names = pd.factorize(frame[ulabel].astype(str).to_numpy(dtype=object))
    item_position = np.array([position.get(k, -1) for k in item_names], dtype=np.int64)[item_codes]
    for r in np.flatnonzero(item_position < 0):
        bad.append((int(r), str(item), f"no item {item_names[item_codes[r]]!r} in the scheme"))
    if bad:
        raise relabelled(sorted(bad), frame.index)
    order = [str(u) for u in unit_names]
    n_items = len(ids)
    flat = unit_codes.astype(np.int64) * n_items + item_position
    if len(np.unique(flat)) != len(flat):
        seen: Dict[int, int] = {}
        dup = []
        for r, k in enumerate(flat):
            if int(k) in seen:
                dup.append((r, str(item), f"repeats row {seen[int(k)]} (unit and item)"))
            seen.setdefault(int(k), r)
        raise relabelled(dup, frame.index)
    numer = np.full(len(order) * n_items, np.nan)
    denom = np.full(len(order) * n_items, np.nan)
    numer[flat], denom[flat] = num, den
    targets = None
    if tree is not None:
        targets = ([str(u) for u in units] if units is not None
                   else [tree.code(r) for r in tree.units_at_level(1)])
    elif units is not None:
        raise InvalidInput("units: give units= with a tree= to roll up to")
    out = _core._score_scheme(scheme.to_json(), cat, order, numer, denom, as_of, basis, tree,
                              targets, reasons)
    table = pd.DataFrame({k: out[k] for k in ("unit", "total", "grade", "rank", "vetoed", "lost",
                                               "next_grade", "points_needed", "next_item",
                                               "next_cases")})
    table["next_step"] = out["next_zh"]
    score = np.asarray(out["score"]).reshape(len(table), n_items)
    for j, k in enumerate(ids):
        table[k] = score[:, j]
    items = pd.DataFrame({
        "unit": np.repeat(np.asarray(out["unit"], dtype=object), n_items),
        "item": np.tile(np.asarray(ids, dtype=object), len(table)),
        "indicator": np.tile(np.asarray([i["indicator"] for i in scheme.items], dtype=object),
                             len(table)),
        "value": out["value"], "target": out["target"], "score": out["score"],
        "full": out["full"], "reached": out["reached"], "missing": out["missing"],
        "reason_zh": out["reason_zh"], "reason_en": out["reason_en"]})
    return ScoreCard(scheme, table, items)
