"""Held-out check of zhibiao against DHIS2's own test cases (run by hand, not in CI).

Usage (paths are checkouts, `git archive` exports, or bare git directories, read at HEAD):

    .venv/bin/python tests/dhis2_heldout/measure.py \
        --expression-parser PATH/to/dhis2/expression-parser \
        --dhis2-core PATH/to/dhis2/dhis2-core [--verbose]

Nothing of DHIS2 is stored in this repository: the script reads DHIS2's test sources where the
caller keeps them and extracts the cases at run time:

- expressions: the Kotlin tests of dhis2/expression-parser whose `evaluate` helper is
  `Expression(expression).evaluate()` (the default mode, PREDICTOR_GENERATOR_EXPRESSION, the
  aggregate dialect) and MathExpressionTest; each `assertEquals(expected, evaluate("text"))`,
  `assertNull(evaluate("text"))` and `assertFailsWith(...) { evaluate("text") }` is one case;
- periods: dhis2-core's Gregorian period tests (dhis-api .../period/*Test.java and
  .../calendar/DateTimeUnitPeriodTypeParserTest.java): id -> start/end (`DateInterval(...)`,
  `createPeriod("id")` followed by start/end assertions), date -> id (`getIsoDate`), id -> period
  type (`PeriodTypeEnum.ofIsoPeriod`, `getPeriodTypeFromIsoString`) and ids refused
  (`assertNull(format.parse("id"))`).

Each case is run through zhibiao (`zb.Expression`, `zb.Period.parse`) and counted as pass, differ
(zhibiao gives another answer) or refused (zhibiao raises where DHIS2 answers). Expressions run
twice: with zhibiao's defaults and with `dhis2_semantics=True`. Every difference is printed with
the section of docs/dhis2-expressions.md or docs/periods.md that documents it, when the script
knows one (DOCUMENTED below); an undocumented difference is printed as such.
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from typing import Callable, Iterator, List, Optional, Tuple

import numpy as np

import zhibiao as zb


# --- reading a source tree --------------------------------------------------------------------


class Tree:
    """A directory tree or a git directory (read at HEAD)."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.git = not os.path.isdir(os.path.join(path, "src")) and not os.path.isdir(
            os.path.join(path, "dhis-2")
        )

    def files(self, under: str, suffix: str) -> List[str]:
        if self.git:
            out = subprocess.run(
                ["git", "--git-dir", self.path, "ls-tree", "-r", "--name-only", "HEAD", under],
                check=True, capture_output=True, text=True,
            ).stdout
            return sorted(p for p in out.splitlines() if p.endswith(suffix))
        root = os.path.join(self.path, under)
        found = []
        for d, _, names in os.walk(root):
            for n in names:
                if n.endswith(suffix):
                    found.append(os.path.relpath(os.path.join(d, n), self.path))
        return sorted(found)

    def read(self, rel: str) -> str:
        if self.git:
            return subprocess.run(
                ["git", "--git-dir", self.path, "show", f"HEAD:{rel}"],
                check=True, capture_output=True, text=True,
            ).stdout
        with open(os.path.join(self.path, rel), encoding="utf-8") as f:
            return f.read()


# --- tallies ----------------------------------------------------------------------------------


@dataclass
class Outcome:
    source: str
    case: str
    expected: str
    got: str
    verdict: str  # pass | differ | refused
    doc: str = ""


def tally(title: str, outcomes: List[Outcome], verbose: bool) -> None:
    n = len(outcomes)
    counts = {k: sum(o.verdict == k for o in outcomes) for k in ("pass", "differ", "refused")}
    rate = 100.0 * counts["pass"] / n if n else float("nan")
    print(f"\n== {title}: {n} cases: {counts['pass']} pass, {counts['differ']} differ, "
          f"{counts['refused']} refused ({rate:.1f} % pass)")
    answered = counts["pass"] + counts["differ"]
    if counts["refused"] and answered:
        print(f"   of the {answered} cases zhibiao answers: {100.0 * counts['pass'] / answered:.1f} % pass")
    undocumented = 0
    for o in outcomes:
        if o.verdict == "pass" and not verbose:
            continue
        if o.verdict != "pass" and not o.doc:
            undocumented += 1
        note = f"  [{o.doc}]" if o.doc else ("  [UNDOCUMENTED]" if o.verdict != "pass" else "")
        print(f"  {o.verdict:7s} {o.source}: {o.case!r}: DHIS2 {o.expected}, zhibiao {o.got}{note}")
    print(f"  undocumented differences: {undocumented}")


# --- expressions ------------------------------------------------------------------------------

KOTLIN_STRING = r'"((?:[^"\\]|\\.)*)"'


def kotlin_unescape(s: str) -> str:
    return re.sub(r"\\(.)", lambda m: {"n": "\n", "t": "\t"}.get(m.group(1), m.group(1)), s)


def expression_cases(tree: Tree) -> Iterator[Tuple[str, str, str]]:
    """(source, expression, expected) where expected is a Kotlin literal, 'null' or 'error'."""
    base = "src/commonTest/kotlin/org/hisp/dhis/lib/expression"
    for rel in tree.files(base, ".kt"):
        text = tree.read(rel)
        name = rel.rsplit("/", 1)[-1]
        default_mode = "Expression(expression).evaluate()" in text or (
            name == "MathExpressionTest.kt" and "Expression(expression)" in text
        )
        if not default_mode:
            continue
        # assertFailsWith(...) { evaluate("...") }
        for m in re.finditer(r"assertFailsWith\([^)]*\)\s*\{\s*evaluate\(" + KOTLIN_STRING + r"\)", text):
            yield name, kotlin_unescape(m.group(1)), "error"
        for m in re.finditer(r"assertNull\(\s*evaluate\(" + KOTLIN_STRING + r"\)\s*\)", text):
            yield name, kotlin_unescape(m.group(1)), "null"
        for m in re.finditer(r"assert(True|False)\(\s*evaluate\(" + KOTLIN_STRING + r"\)", text):
            yield name, kotlin_unescape(m.group(2)), m.group(1).lower()
        lit = r'(-?[0-9.]+(?:[eE][-+]?[0-9]+)?|Double\.\w+|true|false|' + KOTLIN_STRING + r")"
        for m in re.finditer(r"assertEquals\(\s*" + lit + r",\s*evaluate\(" + KOTLIN_STRING + r"\)\s*\)", text):
            expected = m.group(1)
            yield name, kotlin_unescape(m.group(3)), expected


STATUS = ["ok", "missing", "division_by_zero", "domain_error", "overflow"]

# Differences that docs/dhis2-expressions.md documents as deliberate, by a test the script can
# apply to the case (text, expected, zhibiao value, status name, dhis2_semantics on).
DOCUMENTED: List[Tuple[Callable[[str, str, float, str, bool], bool], str]] = [
    (lambda t, e, v, s, d: e.startswith("Double.") and "INFINITY" in e and not d
        and s in ("division_by_zero", "domain_error"),
     "dhis2-expressions.md §3: x/0 and log(0) are NaN unless dhis2_semantics"),
    (lambda t, e, v, s, d: e.startswith("Double.") and "INFINITY" in e and d and math.isinf(v)
        and s in ("division_by_zero", "domain_error"),
     "dhis2-expressions.md §3: ±∞ with a non-ok status"),
    (lambda t, e, v, s, d: t.replace(" ", "").startswith(("greatest(null", "least(null")) and not d,
     "dhis2-expressions.md §3: greatest/least skip missing only with dhis2_semantics"),
    (lambda t, e, v, s, d: t.replace(" ", "").startswith(("greatest(1%0", "least(1%0")),
     "dhis2-expressions.md §3: NaN and null are one missing value"),
    (lambda t, e, v, s, d: t.replace(" ", "").startswith("if(null") and not d,
     "dhis2-expressions.md §3: if(null, …) takes the false branch only with dhis2_semantics"),
    (lambda t, e, v, s, d: e == "error" and re.search(r"\d\.\d+\s*(and|&&|or|\|\|)", t) is not None,
     "dhis2-expressions.md §3: booleans and numbers are one type"),
    (lambda t, e, v, s, d: t.replace(" ", "") in ("greatest()", "least()", "firstNonNull()") and not d,
     "dhis2-expressions.md §2: greatest()/least()/firstNonNull() with no argument null only with dhis2_semantics"),
    (lambda t, e, v, s, d: "1%0" in t.replace(" ", "") and t.replace(" ", "").startswith(("isNull(", "isNotNull(", "if(")),
     "dhis2-expressions.md §3: NaN and null are one missing value"),
    (lambda t, e, v, s, d: not d and "/0" in t.replace(" ", "") and t.replace(" ", "").startswith(("isNull(", "isNotNull(")),
     "dhis2-expressions.md §3: 1/0 is NaN, hence missing, unless dhis2_semantics"),
    (lambda t, e, v, s, d: not d and "/0" in t.replace(" ", "") and "==" in t and s == "division_by_zero",
     "dhis2-expressions.md §3: comparisons with x/0 are missing unless dhis2_semantics"),
]


def judge_expression(text: str, expected: str, semantics: bool) -> Tuple[str, str, float, str]:
    """(verdict, what zhibiao gave, value, status name)."""
    try:
        e = zb.Expression(text, dhis2_semantics=semantics)
    except zb.InvalidInput as err:
        return ("pass" if expected == "error" else "refused"), f"refused ({err})".split("\n")[0][:90], math.nan, "refused"
    if e.references:
        return "refused", "needs data", math.nan, "refused"
    values, status = e.evaluate({})
    if e.result_type == "text":  # an object array: str, None where null
        t, s = values[0], STATUS[int(status[0])]
        got = f"{t!r} ({s})"
        if expected.startswith('"'):
            return ("pass" if t == kotlin_unescape(expected[1:-1]) else "differ"), got, math.nan, s
        if expected == "null":
            return ("pass" if t is None else "differ"), got, math.nan, s
        return "differ", got, math.nan, s
    v, s = float(values[0]), STATUS[int(status[0])]
    got = f"{v!r} ({s})"
    if expected == "error":
        return ("pass" if s != "ok" else "differ"), got, v, s
    if expected == "null":
        return ("pass" if s == "missing" else "differ"), got, v, s
    if expected in ("true", "false"):
        want = 1.0 if expected == "true" else 0.0
        return ("pass" if s == "ok" and v == want else "differ"), got, v, s
    if expected.startswith('"'):
        return "differ", got, v, s  # DHIS2 gives a string, zhibiao a number
    if expected == "Double.NaN":
        ok = math.isnan(v) and s in ("division_by_zero", "domain_error")
        return ("pass" if ok else "differ"), got, v, s
    if expected in ("Double.POSITIVE_INFINITY", "Double.NEGATIVE_INFINITY"):
        want = math.inf if "POSITIVE" in expected else -math.inf
        # DHIS2's ±∞ with zhibiao's status that says it is no figure (§3).
        ok = v == want and s in ("division_by_zero", "domain_error", "overflow")
        return ("pass" if ok else "differ"), got, v, s
    want = float(expected)
    ok = s == "ok" and abs(v - want) <= 1e-6 * max(1.0, abs(want))
    return ("pass" if ok else "differ"), got, v, s


def measure_expressions(tree: Tree, semantics: bool) -> List[Outcome]:
    seen = set()
    outcomes = []
    for source, text, expected in expression_cases(tree):
        if (source, text, expected) in seen:
            continue
        seen.add((source, text, expected))
        verdict, got, v, s = judge_expression(text, expected, semantics)
        doc = ""
        if verdict != "pass":
            for test, where in DOCUMENTED:
                if test(text, expected, v, s, semantics):
                    doc = where
                    break
        outcomes.append(Outcome(source, text, expected, got, verdict, doc))
    return outcomes


# --- periods ----------------------------------------------------------------------------------

# dhis2-core PeriodType class (and enum / type name) -> zhibiao's Period.type and start month.
PERIOD_TYPES = {
    "Daily": ("day", 1), "Weekly": ("week", 1), "WeeklyWednesday": ("week_wednesday", 1),
    "WeeklyThursday": ("week_thursday", 1), "WeeklyFriday": ("week_friday", 1),
    "WeeklySaturday": ("week_saturday", 1), "WeeklySunday": ("week_sunday", 1),
    "BiWeekly": ("bi_week", 1), "Monthly": ("month", 1), "BiMonthly": ("bi_month", 1),
    "Quarterly": ("quarter", 1), "QuarterlyNovember": ("financial_quarter", 11),
    "QuarterlyNov": ("financial_quarter", 11), "SixMonthly": ("half_year", 1),
    "SixMonthlyApril": ("financial_half_year", 4), "SixMonthlyNovember": ("financial_half_year", 11),
    "SixMonthlyNov": ("financial_half_year", 11), "Yearly": ("year", 1),
    "FinancialApril": ("financial_year", 4), "FinancialJuly": ("financial_year", 7),
    "FinancialSep": ("financial_year", 9), "FinancialSeptember": ("financial_year", 9),
    "FinancialOct": ("financial_year", 10), "FinancialOctober": ("financial_year", 10),
    "FinancialNov": ("financial_year", 11), "FinancialNovember": ("financial_year", 11),
    "FinancialFeb": ("financial_year", 2), "FinancialAug": ("financial_year", 8),
}
ENUM_TYPES = {
    "YEARLY": "Yearly", "MONTHLY": "Monthly", "WEEKLY": "Weekly", "BI_WEEKLY": "BiWeekly",
    "DAILY": "Daily", "QUARTERLY": "Quarterly", "QUARTERLY_NOV": "QuarterlyNov",
    "BI_MONTHLY": "BiMonthly", "SIX_MONTHLY": "SixMonthly", "SIX_MONTHLY_APRIL": "SixMonthlyApril",
    "SIX_MONTHLY_NOV": "SixMonthlyNov", "FINANCIAL_APRIL": "FinancialApril",
    "FINANCIAL_JULY": "FinancialJuly", "FINANCIAL_SEP": "FinancialSep",
    "FINANCIAL_OCT": "FinancialOct", "FINANCIAL_NOV": "FinancialNov",
    "FINANCIAL_FEB": "FinancialFeb", "FINANCIAL_AUG": "FinancialAug",
    "WEEKLY_WEDNESDAY": "WeeklyWednesday", "WEEKLY_THURSDAY": "WeeklyThursday",
    "WEEKLY_FRIDAY": "WeeklyFriday", "WEEKLY_SATURDAY": "WeeklySaturday",
    "WEEKLY_SUNDAY": "WeeklySunday",
}

PERIOD_DOCUMENTED: List[Tuple[Callable[[str], bool], str]] = [
    (lambda i: re.fullmatch(r"\d{4}(TwoYearly|Decade)?", i) is None and "OnChange" in i,
     "periods.md §7: OnChange refused"),
]


def parse_period(pid: str) -> Tuple[Optional["zb.Period"], str]:
    try:
        return zb.Period.parse(pid), ""
    except zb.InvalidInput as err:
        return None, str(err).split("\n")[0][:100]


def date_of(m: re.Match, first: int = 1) -> dt.date:
    return dt.date(int(m.group(first)), int(m.group(first + 1)), int(m.group(first + 2)))


def java_methods(text: str) -> Iterator[Tuple[str, str]]:
    """(name, body) of each `void name() {` in a JUnit class, split at the next @Test."""
    parts = re.split(r"\n\s*@Test\b", text)
    for part in parts[1:]:
        m = re.search(r"void\s+(\w+)\s*\(", part)
        yield (m.group(1) if m else "?"), part


def period_cases(tree: Tree) -> Iterator[Tuple[str, str, str, object]]:
    """(source, kind, id, expectation): kind 'range' (start, end), 'start', 'end' (a date),
    'contains' ((type name, date)), 'type' (type name), 'invalid', 'valid'."""
    api = "dhis-2/dhis-api/src/test/java/org/hisp/dhis"
    files = tree.files(f"{api}/period", ".java") + tree.files(
        f"{api}/calendar/DateTimeUnitPeriodTypeParserTest.java", ".java")
    dtu = r"new\s+DateTimeUnit\(\s*(\d+),\s*(\d+),\s*(\d+)[^)]*\)"
    for rel in files:
        text = tree.read(rel)
        src = rel.rsplit("/", 1)[-1]
        if "/comparator/" in rel or "RelativePeriods" in rel:
            continue
        for m in re.finditer(r"new\s+DateInterval\(\s*" + dtu + r",\s*" + dtu + r"\)\s*,\s*format\.parse\(\"([^\"]+)\"\)", text):
            yield src, "range", m.group(7), (date_of(m, 1), date_of(m, 4))
        for m in re.finditer(r"assert(Null|NotNull)\(\s*format\.parse\(\"([^\"]+)\"\)\s*\)", text):
            yield src, ("invalid" if m.group(1) == "Null" else "valid"), m.group(2), None
        for m in re.finditer(r"PeriodTypeEnum\.(\w+),\s*PeriodTypeEnum\.ofIsoPeriod\(\"([^\"]+)\"\)", text):
            if m.group(1) in ENUM_TYPES:
                yield src, "type", m.group(2), ENUM_TYPES[m.group(1)]
        for m in re.finditer(r"getPeriodTypeFromIsoString\(\"([^\"]+)\"\)\.getName\(\),\s*\"(\w+)\"", text):
            yield src, "type", m.group(1), m.group(2)
        for m in re.finditer(r"assertThrows\w*\(\s*[\w.]+,\s*\(\)\s*->\s*PeriodType\.getPeriodTypeFromIsoString\(\"([^\"]+)\"\)", text):
            yield src, "invalid", m.group(1), None
        # Statement order inside each test method: variables assigned, then asserted.
        cls = re.search(r"new\s+(\w+)PeriodType\(\)", text)
        for name, body in java_methods(text):
            ptype = cls.group(1) if cls else None
            dates: dict = {}
            periods: dict = {}
            events = re.finditer(
                r"(?P<newtype>(?:periodType|\w+)\s*=\s*new\s+(?P<tname>\w+)PeriodType\(\))"
                r"|(?P<dvar>\w+)\s*=\s*new\s+DateTime\(\s*(?P<y>\d+),\s*(?P<mo>\d+),\s*(?P<d>\d+)"
                r"|(?P<pvar>\w+)\s*=\s*(?:\w+\.)?createPeriod\(\"(?P<pid>[^\"]+)\"\)"
                r"|(?P<pvar2>\w+)\s*=\s*(?:\w+\.)?createPeriod\((?P<fromdate>\w+)\.toDate\(\)\)"
                r"|assertEquals\(\s*(?P<cdate>\w+)\.toDate\(\),\s*(?P<cp>\w+)\.get(?P<se>Start|End)Date\(\)\)"
                r"|assertEquals\(\s*\"(?P<iso>[^\"]+)\",\s*(?P<ip>\w+)\.getIsoDate\(\)\)"
                r"|assertEquals\(\s*\"(?P<iso2>[^\"]+)\",\s*periodType\.getIsoDate\(\s*new\s+Period\(\s*periodType,\s*(?P<idate>\w+)\.toDate\(\)",
                body)
            for ev in events:
                if ev.group("newtype"):
                    ptype = ev.group("tname")
                elif ev.group("dvar"):
                    dates[ev.group("dvar")] = dt.date(int(ev.group("y")), int(ev.group("mo")), int(ev.group("d")))
                elif ev.group("pvar"):
                    periods[ev.group("pvar")] = ("id", ev.group("pid"))
                elif ev.group("pvar2"):
                    if ev.group("fromdate") in dates:
                        periods[ev.group("pvar2")] = ("date", dates[ev.group("fromdate")])
                elif ev.group("cdate"):
                    p = periods.get(ev.group("cp"))
                    d = dates.get(ev.group("cdate"))
                    if p and d and p[0] == "id":
                        yield src, ev.group("se").lower(), p[1], d
                elif ev.group("iso"):
                    p = periods.get(ev.group("ip"))
                    if p and p[0] == "date" and ptype:
                        yield src, "contains", ev.group("iso"), (ptype, p[1])
                elif ev.group("iso2"):
                    d = dates.get(ev.group("idate"))
                    if d and ptype:
                        yield src, "contains", ev.group("iso2"), (ptype, d)


def judge_period(kind: str, pid: str, want: object) -> Tuple[str, str, str]:
    p, err = parse_period(pid)
    if kind == "invalid":
        return ("pass" if p is None else "differ"), "refused" if p is None else f"{p.start}..{p.end}", "refused"
    if p is None:
        return "refused", f"refused ({err})", str(want)
    got = f"{p.type} {p.start}..{p.end}"
    if kind == "valid":
        return "pass", got, "valid"
    if kind == "range":
        start, end = want  # type: ignore[misc]
        return ("pass" if (p.start, p.end) == (start, end) else "differ"), got, f"{start}..{end}"
    if kind == "start":
        return ("pass" if p.start == want else "differ"), got, f"start {want}"
    if kind == "end":
        return ("pass" if p.end == want else "differ"), got, f"end {want}"
    if kind == "type":
        zt, month = PERIOD_TYPES.get(str(want), ("?", 0))
        ok = p.type == zt and (p.year_start_month == month or zt in ("day", "week", "month", "bi_month", "quarter", "half_year", "year", "bi_week") or zt.startswith("week_"))
        return ("pass" if ok else "differ"), f"{p.type} (start month {p.year_start_month})", str(want)
    if kind == "contains":
        tname, date = want  # type: ignore[misc]
        zt, month = PERIOD_TYPES.get(tname, ("?", 0))
        ok = p.type == zt and p.start <= date <= p.end
        return ("pass" if ok else "differ"), got, f"{tname} period holding {date}"
    raise AssertionError(kind)


def measure_periods(tree: Tree) -> List[Outcome]:
    seen = set()
    outcomes = []
    for src, kind, pid, want in period_cases(tree):
        key = (src, kind, pid, str(want))
        if key in seen:
            continue
        seen.add(key)
        verdict, got, expected = judge_period(kind, pid, want)
        doc = ""
        if verdict != "pass":
            for test, where in PERIOD_DOCUMENTED:
                if test(pid):
                    doc = where
        outcomes.append(Outcome(f"{src} [{kind}]", pid, expected, got, verdict, doc))
    return outcomes


def main(argv: Optional[List[str]] = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--expression-parser", help="dhis2/expression-parser checkout or git dir")
    ap.add_argument("--dhis2-core", help="dhis2/dhis2-core checkout or git dir")
    ap.add_argument("--verbose", action="store_true", help="print passing cases too")
    args = ap.parse_args(argv)
    if not args.expression_parser and not args.dhis2_core:
        ap.error("give --expression-parser and/or --dhis2-core")
    if args.expression_parser:
        tree = Tree(args.expression_parser)
        tally("expressions, zhibiao defaults", measure_expressions(tree, False), args.verbose)
        tally("expressions, dhis2_semantics=True", measure_expressions(tree, True), args.verbose)
    if args.dhis2_core:
        tally("periods (Gregorian)", measure_periods(Tree(args.dhis2_core)), args.verbose)
    return 0


if __name__ == "__main__":
    sys.exit(main())
