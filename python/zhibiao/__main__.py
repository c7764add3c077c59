"""``python -m zhibiao``: the command-line tool (docs/cli.md).

The compiled tool ``zhibiao`` (tools/zhibiao, installed to bin/ with the C++ library) is run when
it is found: in ``zhibiao/bin/`` beside this package or on PATH (``ZHIBIAO_CLI`` names another
executable; ``ZHIBIAO_CLI=python`` never runs one). Otherwise, and always for Excel input, which
the compiled tool leaves to Python, the same verbs run here on the Python API, with the same
options, columns, messages and exit statuses: 0 success, 1 a check failed (a target not met, a
row whose status is not ok), 2 bad input with a one-line message naming the file, row and field.
"""
from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

# Nothing public: the package's __init__ re-exports each submodule's __all__.
__all__: list = []

_OPTIONS = {
    "catalog": ("--catalog", "--format", "--lang", "--output"),
    "evaluate": ("--catalog", "--targets", "--org-units", "--levels", "--period", "--as-of",
                 "--indicators", "--format", "--lang", "--output"),
    "report": ("--catalog", "--period", "--as-of", "--levels", "--lang", "--output", "--funds", "--plan",
               "--plan-target", "--plan-unit", "--plan-method", "--plan-floor", "--plan-cap",
               "--plan-name", "--plan-milestones", "--plan-baseline", "--plan-goal",
               "--plan-first-year", "--plan-months-left", "--scheme"),
    "audit": ("--format", "--lang", "--as-of", "--output"),
    # Written by the C++ tool only (tools/zhibiao/funds_command.cpp, plan_command.cpp), as report.
    "funds": ("--as-of", "--format", "--lang", "--output"),
    "plan": ("--target", "--unit", "--method", "--floor", "--cap", "--name", "--milestones",
             "--baseline", "--goal", "--first-year", "--months-left", "--period", "--as-of", "--format",
             "--lang", "--output"),
    # tools/zhibiao/score_command.cpp; in Python: zb.score_units.
    "score": ("--catalog", "--org-units", "--levels", "--period", "--as-of", "--units", "--format",
              "--lang", "--output"),
}
_USAGE = {
    "catalog": "zhibiao catalog list|show ID|schema [--catalog FILE] [--format table|csv|json|markdown] "
               "[--lang zh|en] [--output FILE]",
    "evaluate": "zhibiao evaluate DATA [--catalog FILE] [--targets FILE] [--org-units FILE] [--levels 区,乡镇/街道,机构] "
                "[--period P] [--as-of DATE] [--indicators id,id] [--format table|csv|json|markdown] "
                "[--lang zh|en] [--output FILE]",
    "report": "zhibiao report [DIR] [--catalog FILE] [--period P] [--as-of DATE] [--lang zh|en] "
              "[--output FILE.html] [--funds FUNDS.json] [--plan UNITS.csv --plan-target T ...]",
    "audit": "zhibiao audit FILE... [--format table|json|markdown] [--lang zh|en] [--as-of DATE] "
             "[--output FILE]",
    "funds": "zhibiao funds FUNDS.json [--as-of DATE] [--format table|csv|json|markdown] "
             "[--lang zh|en] [--output FILE]",
    "plan": "zhibiao plan UNITS.csv --target T [--unit %] [--method population|equal_uplift|close_gaps] "
            "[--floor yes|no] [--cap yes|no] [--milestones N [--baseline B] [--goal G] [--first-year Y]] "
            "[--months-left N | --period P --as-of DATE] [--format ...] [--lang zh|en] [--output FILE]",
    "score": "zhibiao score SCHEME.json DATA.csv --org-units ORG.csv [--catalog FILE] [--period P] "
             "[--as-of DATE] [--units code,code] [--format table|csv|json|markdown] [--lang zh|en] "
             "[--output FILE]",
}
_EXCEL = (".xlsx", ".xlsm")
# Status names as a Chinese report writes them (codes of EvaluationStatus), as the C++ tool.
_STATUS_ZH = ("正常", "分母为零", "缺数据", "除以零", "超出定义域", "数据矛盾", "溢出", "数据不全")


class _InputError(Exception):
    """Bad input: one line, exit status 2."""


class _UsageError(_InputError):
    def __init__(self, verb, message):
        super().__init__(message)
        self.verb = verb


def _executable():
    chosen = os.environ.get("ZHIBIAO_CLI")
    if chosen == "python":
        return None
    if chosen:
        return chosen
    for candidate in (Path(__file__).parent / "bin" / "zhibiao", shutil.which("zhibiao")):
        if candidate and os.access(candidate, os.X_OK):
            # Only a compiled program: a script named zhibiao could be this module again.
            with open(candidate, "rb") as f:
                if f.read(4) == b"\x7fELF":
                    return str(candidate)
    return None


def main(argv=None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    exe = _executable()
    if exe and not any(a.lower().endswith(_EXCEL) for a in argv):
        return subprocess.run([exe, *argv]).returncode
    import zhibiao as zb

    try:
        return _run(argv)
    except _UsageError as e:
        print(f"zhibiao: {e}", file=sys.stderr)
        print("usage: " + _USAGE.get(e.verb, "zhibiao catalog|evaluate|report|audit|funds|plan|score ..."), file=sys.stderr)
    except _InputError as e:
        print(f"zhibiao: {e}", file=sys.stderr)
    except zb.InvalidInput as e:
        print(f"zhibiao: {str(e).splitlines()[0]}", file=sys.stderr)
    except Exception as e:  # never a traceback: one line and status 2, as the C++ tool
        print(f"zhibiao: internal error: {type(e).__name__}: {e}".splitlines()[0], file=sys.stderr)
    return 2


def _run(argv) -> int:
    if not argv:
        raise _UsageError("", "give a verb: catalog, evaluate, report, audit, funds, plan or score")
    verb, args = argv[0], argv[1:]
    if verb not in _OPTIONS:
        raise _UsageError("", f"unknown verb '{verb}'{_did_you_mean(verb, _OPTIONS)}")
    positional, options = _parse(verb, args)
    if verb in ("report", "funds", "plan", "score"):
        # The report (narrative, HTML page), the funds file and the plan's CSV are read by the C++
        # tool only: the package carries it in zhibiao/bin/ (setup.py), so this path is reached
        # only when it was not built. In Python: zb.execute_fund, zb.plan_targets, zb.score_units.
        raise _InputError(f"{verb} needs the compiled zhibiao program (not found beside the package "
                          "or on PATH; ZHIBIAO_CLI=/path/to/zhibiao names one)")
    if verb == "audit":
        return _audit_verb(positional, options)
    return (_catalog_verb if verb == "catalog" else _evaluate_verb)(positional, options)


def _parse(verb, args):
    positional, options = [], {}
    i = 0
    while i < len(args):
        a = args[i]
        if not a.startswith("--") or a == "--":
            positional.append(a)
        else:
            name, eq, value = a.partition("=")
            if name not in _OPTIONS[verb]:
                raise _UsageError(verb, f"unknown option '{name}'{_did_you_mean(name, _OPTIONS[verb])}")
            if not eq:
                if i + 1 >= len(args):
                    raise _UsageError(verb, f"option '{name}' needs a value")
                i += 1
                value = args[i]
            if name in options:
                raise _UsageError(verb, f"option '{name}' is given twice")
            options[name] = value
        i += 1
    return positional, options


def _did_you_mean(found, known):
    import difflib

    close = difflib.get_close_matches(found, list(known), n=1, cutoff=0.75)
    return f'; did you mean "{close[0]}"?' if close else ""


# --- input ---------------------------------------------------------------------------------------

def _read_text(path) -> str:
    """A text file as str: UTF-8 (a byte order mark dropped), else GB18030 (said on stderr)."""
    if path.lower().endswith(_EXCEL):
        raise _InputError(f"{path}: an Excel workbook here is read as a table only (DATA, --targets, --org-units)")
    try:
        data = Path(path).read_bytes()
    except OSError as e:
        raise _InputError(f"{path}: cannot be read ({e.strerror})") from None
    if data.startswith(b"\xef\xbb\xbf"):
        return _decode(path, data[3:], "utf-8", 3)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        bad = e.start
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError as e:
        raise _InputError(f"{path}: {_byte(data, bad)} is not UTF-8, and "
                          f"{'it' if e.start == bad else _byte(data, e.start)} is not GB18030 either: "
                          "save the file as UTF-8") from None
    print(f"zhibiao: {path}: not UTF-8; read as GB18030", file=sys.stderr)
    return text


def _decode(path, data, encoding, offset):
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as e:
        raise _InputError(f"{path}: {_byte(data, e.start, offset)} is not UTF-8, though the file starts "
                          "with a UTF-8 byte order mark") from None


def _byte(data, offset, shift=0):
    line = data[:offset].count(b"\n") + 1
    return f"byte {offset + shift} (0x{data[offset]:02X}, line {line})"


def _cell(v):
    """An Excel cell as the text a CSV would hold (202401, not 202401.0; a date as its month)."""
    import datetime

    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    if isinstance(v, (datetime.datetime, datetime.date)):
        return f"{v.year}{v.month:02d}" if getattr(v, "day", 1) == 1 else v.strftime("%Y-%m-%d")
    return str(v).strip()


def _read_table(path):
    """(header, rows, row numbers): a CSV or the first sheet of an .xlsx; the header is row 1."""
    if path.lower().endswith(_EXCEL):
        try:
            import openpyxl
        except ImportError:
            raise _InputError(f"{path}: reading Excel needs openpyxl (Debian: python3-openpyxl)") from None
        try:
            sheet = openpyxl.load_workbook(path, read_only=True, data_only=True).worksheets[0]
        except FileNotFoundError:
            raise _InputError(f"{path}: cannot be read (No such file or directory)") from None
        except Exception as e:
            raise _InputError(f"{path}: not an Excel workbook openpyxl can read ({e})".splitlines()[0]) from None
        records = [(k, [_cell(v) for v in row]) for k, row in enumerate(sheet.iter_rows(values_only=True), 1)]
    else:
        lines = _read_text(path).split("\n")
        records = [(k, next(csv.reader([line]), [""])) for k, line in enumerate(lines, 1)]
        records = [(k, [f.strip().rstrip("\r").strip() for f in r]) for k, r in records]
    records = [(k, r) for k, r in records if any(f != "" for f in r)] if records else []
    if not records:
        raise _InputError(f"{path}: is empty: expected a header line")
    (_, header), body = records[0], records[1:]
    for k, r in body:
        r.extend([""] * (len(header) - len(r)))  # a sheet's trailing empty cells
        if len(r) != len(header):
            raise _InputError(f"{path} row {k}: has {len(r)} fields, the header has {len(header)}")
    return header, [r for _, r in body], [k for k, _ in body]


def _column(path, header, name):
    if name in header:
        return header.index(name)
    hint = next((f'; is "{h}" meant to be "{name}"?' for h in header if _did_you_mean(h, [name])), "")
    raise _InputError(f"{path} row 1: the header has no '{name}' column (it has: {', '.join(header)}){hint}")


def _catalog(path):
    import zhibiao as zb

    if path is None:
        return zb.Catalog.builtin()
    try:
        return zb.Catalog.builtin().merged(zb.Catalog.from_json(_read_text(path)))
    except zb.InvalidInput as e:
        raise _InputError(f"{path}: {str(e).splitlines()[0]}") from None


def _language(options):
    lang = options.get("--lang", "zh")
    if lang not in ("zh", "en"):
        raise _InputError(f"--lang: unknown language '{lang}' (zh or en)")
    return lang


def _format(options):
    f = options.get("--format", "table")
    f = "markdown" if f == "md" else f
    if f == "html":
        # The report page is written by the C++ tool (report.hpp), as `report` is.
        raise _InputError("--format html needs the compiled zhibiao program (not found beside the "
                          "package or on PATH; ZHIBIAO_CLI=/path/to/zhibiao names one)")
    if f not in ("table", "csv", "json", "markdown"):
        raise _InputError(f"--format: unknown format '{f}' (table, csv, json or markdown)")
    return f


def _option_error(name, e):
    """'--period: cannot parse ...': the zhibiao message without its own field prefix (the
    C++ tool's message_of)."""
    return _InputError(f"{name}: {re.sub(r'^[a-z_]+: ', '', str(e).splitlines()[0])}")


# --- output --------------------------------------------------------------------------------------

def _width(text):
    return sum(0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF" else 1
               for c in text)


def _render(keys, headers, rows, fmt):
    """rows: lists of (text, json value, numeric) as the C++ tool's cells."""
    if fmt == "json":
        return json.dumps([{k: c[1] for k, c in zip(keys, r)} for r in rows], ensure_ascii=False, indent=2) + "\n"
    if fmt == "csv":
        out = io.StringIO()
        w = csv.writer(out, lineterminator="\n")
        w.writerow(keys)
        w.writerows([["" if (c[2] and c[1] is None) else c[0] for c in r] for r in rows])
        return out.getvalue()
    right = [bool(rows) and rows[0][j][2] for j in range(len(keys))]
    if fmt == "markdown":
        def line(cells):
            return "| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |\n"
        return (line(headers) + "|" + "".join(" ---: |" if r else " --- |" for r in right) + "\n"
                + "".join(line([c[0] for c in r]) for r in rows))
    widths = [max([_width(h)] + [_width(r[j][0]) for r in rows]) for j, h in enumerate(headers)]

    def line(cells):
        parts = [" " * (w - _width(c)) + c if r else c + " " * (w - _width(c))
                 for c, w, r in zip(cells, widths, right)]
        return "  ".join(parts).rstrip() + "\n"
    return line(headers) + line(["-" * w for w in widths]) + "".join(line([c[0] for c in r]) for r in rows)


def _write(options, text):
    path = options.get("--output")
    if path is None:
        sys.stdout.write(text)
        return
    try:
        Path(path).write_text(text, encoding="utf-8")
    except OSError as e:
        raise _InputError(f"{path}: cannot be written ({e.strerror})") from None


def _text(s):
    return (s, s, False)


def _number(text, value):
    import math

    return (text, None if value is None or not math.isfinite(value) else float(value), True)


def _rounded_text(x):
    """As the C++ tool's counts: up to 6 decimals, half up, trailing zeros dropped; — for none."""
    import math
    import zhibiao as zb

    if x is None or not math.isfinite(x):
        return "—"
    return str(zb.Decimal.from_float(zb.round_half_up(x, 6))) if x != int(x) else str(int(x))


# --- verbs ---------------------------------------------------------------------------------------

def _unit_text(unit, lang):
    return unit.suffix(lang) or unit.name(lang)


def _catalog_verb(positional, options) -> int:
    import zhibiao as zb

    if not positional:
        raise _UsageError("catalog", "catalog needs list, show ID or schema")
    what = positional[0]
    if what == "schema":
        _write(options, zb.Catalog.schema_json())
        return 0
    if what not in ("list", "show"):
        raise _UsageError("catalog", f"unknown catalog command '{what}'{_did_you_mean(what, ['list', 'show', 'schema'])}")
    catalog, fmt, lang = _catalog(options.get("--catalog")), _format(options), _language(options)
    zh = lang == "zh"
    if what == "list":
        rows = [[_text(i.id), _text(i.name_zh if zh or not i.name_en else i.name_en),
                 _text(_unit_text(i.unit, lang)), _text(i.direction), _text(i.verification)]
                for i in catalog.indicators]
        _write(options, _render(["id", "name", "unit", "direction", "verification"],
                                ["指标", "名称", "单位", "方向", "核实"] if zh
                                else ["id", "name", "unit", "direction", "verification"], rows, fmt))
        return 0
    if len(positional) != 2:
        raise _UsageError("catalog", "catalog show needs one indicator id")
    ids = [i.id for i in catalog.indicators]
    if positional[1] not in ids:
        raise _InputError(f"catalog show: unknown indicator '{positional[1]}'{_did_you_mean(positional[1], ids)}")
    entry = json.loads(zb.Catalog(indicators=[catalog.indicators[ids.index(positional[1])]]).to_json())["indicators"][0]
    if fmt == "json":
        _write(options, json.dumps(entry, ensure_ascii=False, indent=2) + "\n")
        return 0
    rows = [[_text(k), _text(v if isinstance(v, str) else json.dumps(v, ensure_ascii=False))]
            for k, v in entry.items()]
    _write(options, _render(["field", "value"], ["字段", "内容"] if zh else ["field", "value"], rows, fmt))
    return 0


def _period_option(text):
    import zhibiao as zb

    code = text[:4] + "S" + text[5:] if len(text) == 6 and text[4] in "Hh" else text
    try:
        p = zb.Period.parse(code)
    except zb.InvalidInput as e:
        a, dash, b = text.partition("-")
        try:
            first, last = zb.Period.parse(a), zb.Period.parse(b)
        except zb.InvalidInput:
            raise _option_error("--period", e) from None
        if not dash or "-" in b or first.type != "month" or last.type != "month":
            raise _option_error("--period", e) from None
        if last < first:
            raise _InputError(f"--period: '{text}' ends before it starts")
        p = zb.Period.range(first.start, last.end)
    if not p.month_aligned:
        raise _InputError(f"--period: '{text}' is not made of whole months (data are monthly)")
    return p


def _as_of(options):
    """--as-of as a datetime.date (one day as Period.parse reads it), or None."""
    import zhibiao as zb

    if "--as-of" not in options:
        return None
    try:
        day = zb.Period.parse(options["--as-of"])
    except zb.InvalidInput as e:
        raise _option_error("--as-of", e) from None
    if day.type != "day":
        raise _InputError(f"--as-of: '{options['--as-of']}' is not a date (write 2024-05-31)")
    return day.start


def _evaluate_verb(positional, options) -> int:
    import zhibiao as zb

    if len(positional) != 1:
        raise _UsageError("evaluate", "evaluate needs a DATA file (CSV or .xlsx: element,org_unit,period,value)"
                          if not positional else f"evaluate takes one DATA file, not {len(positional)}")
    path = positional[0]
    fmt, lang = _format(options), _language(options)
    zh = lang == "zh"
    if "--levels" in options and "--org-units" not in options:
        raise _UsageError("evaluate", "--levels names the levels of --org-units: give both")
    catalog = _catalog(options.get("--catalog"))
    header, rows, numbers = _read_table(path)
    ce, cu, cp, cv = (_column(path, header, c) for c in ("element", "org_unit", "period", "value"))
    if not rows:
        raise _InputError(f"{path}: has a header but no data rows")
    elements = {r[ce].split(".")[0] for r in rows}
    months = []
    for text in {r[cp] for r in rows}:
        try:
            p = zb.Period.parse(text)
        except zb.InvalidInput:
            continue  # the load names the row
        if p.type == "month":
            months.append(p)

    # Org units: the parent table, or every unit of DATA as a root.
    if "--org-units" in options:
        oh, orows, onumbers = _read_table(options["--org-units"])
        cols = [_column(options["--org-units"], oh, c) for c in ("code", "name", "parent")]
        levels = [s.strip() for s in options["--levels"].split(",")] if "--levels" in options else None
        try:
            tree = zb.OrgUnitTree.from_parent_table(*([r[c] for r in orows] for c in cols),
                                                    *([levels] if levels else []))
        except zb.InvalidRows as e:
            r, field, message = e.rows[0]
            raise _InputError(f"{options['--org-units']} row {onumbers[r]}, field {field}: {message}") from None
    else:
        units = list(dict.fromkeys(r[cu] for r in rows if r[cu]))
        tree = zb.OrgUnitTree.from_parent_table(units, units, [""] * len(units))

    if "--period" in options:
        period = _period_option(options["--period"])
    elif not months:
        raise _InputError("no row of the data has a month as its period (202401 or 2024-01)")
    else:
        a, b = min(months), max(months)
        period = (a if a == b else zb.Period.year(a.start_year)
                  if a.start_year == b.start_year and a.start.month == 1 and b.start.month == 12
                  else zb.Period.range(a.start, b.end))
    as_of = _as_of(options)

    # Indicators: those named, or every ratio indicator whose data elements DATA reports.
    by_id = {i.id: i for i in catalog.indicators}
    if "--indicators" in options:
        inds = []
        for name in (s.strip() for s in options["--indicators"].split(",")):
            if name not in by_id:
                raise _InputError(f"--indicators: unknown indicator '{name}'{_did_you_mean(name, by_id)}")
            if by_id[name].method:
                raise _InputError(f"--indicators: '{name}' is computed by {by_id[name].method}, not as a "
                                  "ratio of counts: it cannot be evaluated over DATA")
            inds.append(by_id[name])
    else:
        inds = [i for i in catalog.indicators if not i.method and all(
            r.element in elements for e in (i.numerator, i.denominator) for r in zb.Expression(e).references)]
        if not inds:
            raise _InputError(f"{path}: no indicator of the catalog can be computed from its elements "
                              f"({', '.join(sorted(elements))}); name them with --indicators")

    targets = _targets(options.get("--targets"), inds, by_id, tree)

    # The cube spans DATA's months and the period asked for.
    first = min(months + [zb.Period.month(period.start_year, period.start.month)])
    last = max(months + [zb.Period.month(period.end_year, period.end.month)])
    span = (last.start_year - first.start_year) * 12 + last.start.month - first.start.month + 1
    cube = zb.DataCube(tree, catalog.data_elements, first, span)
    import pandas as pd

    frame = pd.DataFrame({"element": [r[ce] for r in rows], "org_unit": [r[cu] for r in rows],
                          "period": [r[cp] for r in rows], "value": [r[cv] for r in rows]})
    try:
        cube.load_frame(frame)
    except zb.InvalidRows as e:
        r, field, message = e.rows[0]
        more = f" (and {len(e.rows) - 1} more bad rows)" if len(e.rows) > 1 else ""
        field = re.sub(r" \(index .*\)$", "", field)
        raise _InputError(f"{path} row {numbers[r]}, field {field}: {message}{more}") from None

    roots = [u for u in range(len(tree)) if tree.parent(u) is None]
    order = [tree.code(u) for root in roots for u in tree.subtree(root)]
    table = zb.evaluate(cube, inds, org_units=order, periods=[period], language=lang, display=False)
    descriptions = list(zb.EVALUATION_STATUS_DESCRIPTIONS)
    keys = ["org_unit", "org_unit_name", "indicator", "indicator_name", "period", "numerator", "denominator",
            "value", "unit", "status"]
    headers = (["机构代码", "机构", "指标代码", "指标", "期间", "分子", "分母", "值", "单位", "状态"] if zh else
               ["org unit", "name", "indicator", "indicator name", "period", "numerator", "denominator", "value",
                "unit", "status"])
    if as_of is not None:
        keys.append("time_progress")
        headers.append("序时进度" if zh else "time progress")
        progress = period.elapsed_share(as_of, "months") * 100
    if targets is not None:
        keys += ["target", "met", "shortfall", "count_needed"]
        headers += ["目标", "达标", "差距", "尚需"] if zh else ["target", "met", "shortfall", "count needed"]
    out, failed = [], False
    for r in table.itertuples(index=False):
        ind = by_id[r.indicator]
        code = descriptions.index(r.status)
        failed = failed or code != 0
        value = _value_text(r.numerator, r.denominator, r.value, ind)
        row = [_text(r.org_unit), _text(r.org_unit_name), _text(r.indicator), _text(r.indicator_name),
               _text(period.code), _number(_rounded_text(r.numerator), r.numerator),
               _number(_rounded_text(r.denominator), r.denominator),
               _number(value, None if value == "—" else float(value)), _text(_unit_text(ind.unit, lang)),
               _text(_STATUS_ZH[code] if zh else r.status)]
        if as_of is not None:
            row.append(_number(str(zb.Decimal.from_float(progress).round_half_up(2)) + "%", progress))
        if targets is not None:
            threshold = targets.get((r.indicator, r.org_unit), targets.get((r.indicator, "")))
            if threshold is None:
                row += [_text(""), ("", None, False), _number("", None), _number("", None)]
            elif code != 0:
                row += [_text(threshold.describe(lang)), ("未评估" if zh else "not assessed", None, False),
                        _number("", None), _number("", None)]
            else:
                a = zb.assess_threshold(r.value, threshold, r.numerator, r.denominator)
                failed = failed or not a.reached
                row += [_text(threshold.describe(lang)),
                        (("达标" if zh else "met") if a.reached else ("未达标" if zh else "not met"), a.reached, False),
                        _number(str(zb.Decimal.from_float(a.shortfall).round_half_up(ind.decimals)), a.shortfall),
                        _number("" if a.count_needed is None else _rounded_text(a.count_needed), a.count_needed)]
        out.append(row)
    _write(options, _render(keys, headers, out, fmt))
    return 1 if failed else 0


def _value_text(numerator, denominator, value, ind):
    """The value at the indicator's decimals, half up on the exact ratio of the counts (as the
    C++ tool: 1506 / 1600 prints 94.13)."""
    import math
    import zhibiao as zb

    if not math.isfinite(value):
        return "—"
    if not ind.annualised and math.isfinite(numerator) and math.isfinite(denominator) and denominator != 0:
        try:
            return str(zb.round_ratio_half_up(numerator, denominator, ind.unit.multiplier, ind.decimals))
        except zb.InvalidInput:
            pass
    return str(zb.Decimal.from_float(value).round_half_up(ind.decimals))


def _targets(path, inds, by_id, tree):
    """{(indicator, org unit or ""): Threshold} from --targets (indicator,org_unit,target)."""
    import zhibiao as zb

    if path is None:
        return None
    header, rows, numbers = _read_table(path)
    ci, cu, ct = (_column(path, header, c) for c in ("indicator", "org_unit", "target"))
    evaluated = {i.id: i for i in inds}
    codes = set(tree.codes)
    out, seen = {}, {}
    for r, k in zip(rows, numbers):
        where = f"{path} row {k}, field"
        if r[ci] not in evaluated:
            raise _InputError(f"{where} indicator: " + (
                f"'{r[ci]}' is not evaluated (its data elements are not all in DATA, or --indicators leaves it out)"
                if r[ci] in by_id else f"unknown indicator '{r[ci]}'{_did_you_mean(r[ci], by_id)}"))
        if r[cu] and r[cu] not in codes:
            raise _InputError(f"{where} org_unit: unknown org unit '{r[cu]}'")
        try:
            target = zb.parse_target(r[ct], unit=evaluated[r[ci]].unit)
        except zb.InvalidInput as e:
            raise _option_error(f"{where} target", e) from None
        if not isinstance(target, zb.Threshold):
            raise _InputError(f"{where} target: '{r[ct]}' is not a bound on the value (不低于90%, 低于8‰, "
                              "控制在10%以内): the command line assesses bounds, not changes against a baseline")
        key = (r[ci], r[cu])
        if key in seen:
            raise _InputError(f"{where} target: a second target for {r[ci]}"
                              f"{' at ' + r[cu] if r[cu] else ''} (row {seen[key]} has one)")
        seen[key] = k
        out[key] = target
    return out


# --- audit ---------------------------------------------------------------------------------------

def _audit_verb(positional, options) -> int:
    """zhibiao audit FILE... (docs/cli.md §8), as tools/zhibiao/audit_command.cpp: the JSON of
    zb.audit(text).to_json() (one object keyed by path for several files), or per file the
    findings that need attention as a table or Markdown and a one-line summary."""
    import zhibiao as zb

    if not positional:
        raise _UsageError("audit", "audit needs a FILE: a report's text (UTF-8 or GB18030)")
    fmt, lang = _format(options), _language(options)
    if fmt == "csv":
        raise _InputError("--format: audit prints table, json or markdown, not csv")
    as_of = _as_of(options)
    for k, path in enumerate(positional):
        if path in positional[:k]:
            raise _UsageError("audit", f"audit: '{path}' is given twice")
    texts = [_read_text(path) for path in positional]  # every file read before any is audited
    audits = []
    for path, text in zip(positional, texts):
        try:
            audits.append(zb.audit(text, as_of))
        except zb.InvalidInput as e:
            raise _InputError(f"{path}: {str(e).splitlines()[0]}") from None
    data = [json.loads(a.to_json()) for a in audits]
    if fmt == "json":
        if len(audits) == 1:
            out = audits[0].to_json() + "\n"
        else:
            out = "{" + ",".join(json.dumps(p, ensure_ascii=False) + ":" + a.to_json()
                                 for p, a in zip(positional, audits)) + "}\n"
    else:
        parts = []
        for path, d in zip(positional, data):
            table = _audit_table(d, lang, fmt)
            if fmt == "markdown":
                none = "未发现不一致的数字。\n" if lang == "zh" else "No inconsistent figures found.\n"
                part = f"## {path}\n\n" + (table or none) + "\n"
            else:
                part = table
            parts.append(part + _audit_summary(path, d, lang) + "\n")
        out = "\n".join(parts)
    _write(options, out)
    return 1 if any(f["verdict"] == "inconsistent" for d in data for f in d["findings"]) else 0


def _audit_table(d, lang, fmt):
    """The findings that need attention (Audit.to_markdown()'s rows) with their figures' texts
    and the recomputed value; "" when there are none."""
    zh = lang == "zh"
    text = {m["id"]: m["text"] for m in d["mentions"]}
    rows = []
    for f in d["findings"]:
        if f["verdict"] == "consistent" and f["severity"] == "info":
            continue
        r = f["recomputed"]
        rows.append([_text(f["id"]), _text(f["check"]), _text(f["verdict"]), _text(f["severity"]),
                     _text(" ".join(text.get(i, i) for i in f["mentions"])),
                     _number("" if r is None else _rounded_text(r), r),
                     _text(f["message_zh"] if zh else f["message_en"])])
    if not rows:
        return ""
    keys = ["id", "check", "verdict", "severity", "figures", "recomputed", "message"]
    headers = ["编号", "检查", "结论", "严重程度", "数字", "重算", "说明"] if zh else keys
    return _render(keys, headers, rows, fmt)


def _audit_summary(path, d, lang):
    """'x.txt: 95 figures, 31 findings: 6 inconsistent (6 errors), 18 consistent, 7 cannot be
    checked' (figures count the claims, as "mentions" does)."""
    zh = lang == "zh"
    counts = {v: [0, 0, 0] for v in ("inconsistent", "consistent", "cannot_check")}
    for f in d["findings"]:
        c = counts[f["verdict"]]
        c[0] += 1
        c[1] += f["severity"] == "error"
        c[2] += f["severity"] == "warning"

    def n(k, one, many):
        return f"{k} {one if k == 1 else many}"

    def severities(v):
        _, e, w = counts[v]
        if zh:
            s = "、".join(p for p in (f"错误{e}项" if e else "", f"警告{w}项" if w else "") if p)
            return f"（{s}）" if s else ""
        s = ", ".join(p for p in (n(e, "error", "errors") if e else "",
                                  n(w, "warning", "warnings") if w else "") if p)
        return f" ({s})" if s else ""

    figures, findings = len(d["mentions"]), len(d["findings"])
    i, c, k = (counts[v][0] for v in ("inconsistent", "consistent", "cannot_check"))
    if zh:
        return (f"{path}：数字{figures}个，检查结果{findings}项：不一致{i}项{severities('inconsistent')}，"
                f"一致{c}项{severities('consistent')}，无法核对{k}项{severities('cannot_check')}")
    return (f"{path}: {n(figures, 'figure', 'figures')}, {n(findings, 'finding', 'findings')}: "
            f"{i} inconsistent{severities('inconsistent')}, {c} consistent{severities('consistent')}, "
            f"{k} cannot be checked{severities('cannot_check')}")


if __name__ == "__main__":
    sys.exit(main())
