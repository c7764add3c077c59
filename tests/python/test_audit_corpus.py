"""The report auditor's test corpus (issue 17): tests/data/audit/*.expected.json checked against
the texts they describe, and every expected finding re-derived from the printed figures.

No zhibiao import: this checks the corpus itself, so that an auditor test built on it compares
against expectations that are right. A planted error must really be an error and a correct figure
really correct: each finding's arithmetic is recomputed here from its figures' printed values
(exact fractions; rounding half up with decimal.ROUND_HALF_UP at the printed decimals; the
interval a printed value stands for, as tests/data/audit/README.md defines it) and must agree
with the verdict written by hand.

The seed texts (seeds 000 and 002, real district summaries) are not in the repository: their
tests skip, saying so, when neither /work/shared/seeds nor ../shared/seeds (beside the checkout)
holds them. Set ZHIBIAO_SEEDS to another directory to use that.

    /usr/bin/python3 -m pytest tests/python/test_audit_corpus.py -q
"""
from __future__ import annotations

import datetime as dt
import decimal
import hashlib
import json
import os
from fractions import Fraction
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data" / "audit"

CHECKS = {"rate_counts", "quota_completion", "progress", "parts_total", "product",
          "implied_denominator", "exceeds_existing", "composition_change", "ranked_list", "claim"}
VERDICTS = {"consistent", "inconsistent", "cannot_check"}
SEVERITIES = {"error", "warning", "info"}
BOUNDS = {"exact", "about", "more_than", "nearly", "less_than"}
UNIT_KINDS = {"none", "rate", "percentage_points", "count", "money", "date", "duration", "units"}
FIGURE_FIELDS = {"text", "start", "end", "quantity", "value", "decimals", "unit", "unit_kind",
                 "magnitude", "bound"}
FINDING_FIELDS = {"id", "check", "verdict", "severity", "figures", "calc", "recomputed", "why"}


def _load(path: Path) -> dict:
    with open(path, encoding="utf-8") as fh:
        return json.load(fh, parse_float=decimal.Decimal)


EXPECTED = sorted(DATA.glob("*.expected.json"))
SEEDS = [p for p in EXPECTED if p.name.startswith("seed_")]
SYNTHETIC = [p for p in EXPECTED if not p.name.startswith("seed_")]


def _seed_dir() -> Path | None:
    candidates = []
    if os.environ.get("ZHIBIAO_SEEDS"):
        candidates.append(Path(os.environ["ZHIBIAO_SEEDS"]))
    candidates += [Path("/work/shared/seeds"), ROOT.parent / "shared" / "seeds",
                   Path.cwd().parent / "shared" / "seeds"]
    for c in candidates:
        if c.is_dir():
            return c
    return None


def _text(path: Path, doc: dict) -> str:
    if "seed_file" in doc:
        d = _seed_dir()
        if d is None or not (d / doc["seed_file"]).is_file():
            pytest.skip("seed text %s not found (in %s; searched $ZHIBIAO_SEEDS, /work/shared/seeds, "
                        "../shared/seeds): seed texts are not committed" % (doc["seed_file"], d))
        return (d / doc["seed_file"]).read_text(encoding="utf-8")
    return path.with_name(path.name.replace(".expected.json", ".txt")).read_text(encoding="utf-8")


def _ids(paths):
    return [p.name.replace(".expected.json", "") for p in paths]


# --- intervals ----------------------------------------------------------------------------------

class Iv:
    """A closed interval [lo, hi] of exact fractions (every figure here is non-negative)."""

    def __init__(self, lo, hi=None):
        self.lo = Fraction(lo)
        self.hi = Fraction(lo if hi is None else hi)
        assert self.lo <= self.hi

    @property
    def point(self):
        return self.lo == self.hi

    def __add__(self, o):
        return Iv(self.lo + o.lo, self.hi + o.hi)

    def __mul__(self, o):
        assert self.lo >= 0 and o.lo >= 0
        return Iv(self.lo * o.lo, self.hi * o.hi)

    def __truediv__(self, o):
        assert self.lo >= 0 and o.lo > 0
        return Iv(self.lo / o.hi, self.hi / o.lo)

    def scale(self, k):
        return Iv(self.lo * k, self.hi * k)

    def meets(self, o):
        return self.lo <= o.hi and o.lo <= self.hi

    def __and__(self, o):
        return Iv(max(self.lo, o.lo), min(self.hi, o.hi)) if self.meets(o) else None

    def __repr__(self):
        return "[%s, %s]" % (float(self.lo), float(self.hi))


def _printed(fig) -> tuple[Fraction, int, Fraction]:
    return Fraction(fig["value"]), int(fig["decimals"]), Fraction(fig["magnitude"])


def _unit_of_last_digit(fig) -> Fraction:
    v, d, m = _printed(fig)
    if d > 0:
        return Fraction(1, 10 ** d) * m
    n = int(v / m)
    tz = 0
    while n and n % 10 == 0:
        n //= 10
        tz += 1
    return Fraction(10 ** tz) * m


def figure_range(fig) -> Iv:
    """The values a printed figure stands for (README.md, 'What a figure stands for')."""
    v, d, m = _printed(fig)
    step = Fraction(1, 10 ** d) * m  # one unit of the last printed digit
    rounded = fig["unit_kind"] in ("rate", "percentage_points", "none") or m > 1 or d > 0
    bound = fig["bound"]
    if bound == "exact":
        return Iv(v - step / 2, v + step / 2) if rounded else Iv(v)
    if bound == "about":
        return Iv(v - step, v + step)
    u = _unit_of_last_digit(fig)
    if bound == "more_than":
        return Iv(v, v + u)
    return Iv(max(Fraction(0), v - u), v)  # nearly, less_than


def half_up(x: Fraction, decimals: int) -> decimal.Decimal:
    ctx = decimal.Context(prec=80)
    q = ctx.divide(decimal.Decimal(x.numerator), decimal.Decimal(x.denominator))
    return q.quantize(decimal.Decimal(1).scaleb(-decimals), rounding=decimal.ROUND_HALF_UP)


class Eval:
    def __init__(self, doc):
        self.figs = {int(f["start"]): f for f in doc["figures"]}

    def fig(self, start):
        return self.figs[int(start)]

    def iv(self, op) -> Iv:
        if isinstance(op, dict):
            if "const" in op:
                return Iv(Fraction(str(op["const"])))
            if "sum" in op:
                out = Iv(0)
                for x in op["sum"]:
                    out = out + self.iv(x)
                return out
            if "product" in op:
                out = Iv(1)
                for x in op["product"]:
                    out = out * self.iv(x)
                return out
            raise AssertionError("unknown operand %r" % op)
        return figure_range(self.fig(op))

    def is_exact(self, op) -> bool:
        if isinstance(op, dict):
            if "const" in op:
                return True
            return all(self.is_exact(x) for x in op.get("sum", op.get("product", [])))
        return self.iv(op).point

    # each returns (verdict, note)
    def ratio(self, c):
        num, den, rep = c["numerator"], c["denominator"], self.fig(c["reported"])
        mult = Fraction(str(c["multiplier"]))
        if self.is_exact(num) and self.is_exact(den) and rep["bound"] == "exact":
            x = self.iv(num).lo / self.iv(den).lo * mult
            got = half_up(x, int(rep["decimals"]))
            ok = got == decimal.Decimal(rep["value"]).quantize(got)
            return ("consistent" if ok else "inconsistent"), "%s -> %s" % (float(x), got)
        r = (self.iv(num) / self.iv(den)).scale(mult)
        return ("consistent" if r.meets(figure_range(rep)) else "inconsistent"), repr(r)

    def sum(self, c):
        s = Iv(0)
        for p in c["parts"]:
            s = s + self.iv(p)
        t = self.iv(c["total"])
        return ("consistent" if s.meets(t) else "inconsistent"), "%r vs %r" % (s, t)

    def product(self, c):
        p = Iv(1)
        for f in c["factors"]:
            p = p * self.iv(f)
        r = self.iv(c["result"])
        return ("consistent" if p.meets(r) else "inconsistent"), "%r vs %r" % (p, r)

    def _implied(self, e) -> Iv:
        if "population" in e:  # a printed population figure joins the pool as it stands
            return self.iv(e["population"])
        n = self.iv(e["count"])
        r = figure_range(self.fig(e["rate"]))
        return (n / r).scale(Fraction(str(e["multiplier"])))

    @staticmethod
    def _has_integer(iv: Iv) -> bool:
        return -((-iv.lo.numerator) // iv.lo.denominator) <= iv.hi.numerator // iv.hi.denominator

    def implied_denominator(self, c):
        pool = None
        for e in c["pool"]:
            d = self._implied(e)
            pool = d if pool is None else (pool & d if pool else None)
            assert pool is not None and self._has_integer(pool), "the pool itself disagrees"
        both = pool
        for e in c["tested"]:
            d = self._implied(e)
            both = both & d if both else None
        ok = both is not None and self._has_integer(both)
        return ("consistent" if ok else "inconsistent"), "pool %r, tested %s" % (
            pool, [self._implied(e) for e in c["tested"]])

    def progress(self, c):
        s = figure_range(self.fig(c["share"])) if not isinstance(c["share"], dict) else self.iv(c["share"])
        a, b, t = (dt.date.fromisoformat(c[k]) for k in ("period_start", "period_end", "as_of"))
        by_days = Fraction((t - a).days + 1, (b - a).days + 1) * 100
        months_total = (b.year - a.year) * 12 + b.month - a.month + 1
        month_end = (t + dt.timedelta(days=1)).day == 1
        months = (t.year - a.year) * 12 + t.month - a.month + (1 if month_end else 0)
        by_months = Fraction(months, months_total) * 100
        behind = s.hi < min(by_days, by_months)
        self.behind = behind
        # A share and a date cannot contradict each other: behind schedule is consistent figures
        # (severity warning); only a printed claim of keeping pace (超过/达到序时进度) can be false.
        verdict = "inconsistent" if behind and c["claim"] else "consistent"
        return verdict, "share %r, elapsed %.2f %% by days, %.2f %% by months" % (
            s, float(by_days), float(by_months))

    def change(self, c):
        new, old, rep = self.iv(c["new"]), self.iv(c["old"]), figure_range(self.fig(c["reported"]))
        if c["kind"] == "relative":  # 增长8.2%: (new / old - 1) x 100
            r = (new / old).scale(100)
            r = Iv(max(Fraction(0), r.lo - 100), r.hi - 100) if r.hi >= 100 else None
            if r is None:
                return "inconsistent", "new below old but a rise is printed"
        elif c["kind"] == "relative_fall":  # 下降36.0%: (1 - new / old) x 100
            r = (new / old).scale(100)
            r = Iv(max(Fraction(0), 100 - r.hi), 100 - r.lo) if r.lo <= 100 else None
            if r is None:
                return "inconsistent", "new above old but a fall is printed"
        else:  # points, 提高2.4个百分点: new - old
            if new.hi < old.lo:
                return "inconsistent", "new below old but a rise is printed"
            r = Iv(max(Fraction(0), new.lo - old.hi), new.hi - old.lo)
        return ("consistent" if r.meets(rep) else "inconsistent"), "%r vs %r" % (r, rep)

    def le(self, c):
        p, w = self.iv(c["part"]), self.iv(c["whole"])
        return ("consistent" if p.lo <= w.hi else "inconsistent"), "%r <= %r" % (p, w)

    def net_zero(self, c):
        lo = hi = Fraction(0)
        for ch in c["changes"]:
            r = self.iv(ch["value"])
            if int(ch["sign"]) > 0:
                lo, hi = lo + r.lo, hi + r.hi
            else:
                lo, hi = lo - r.hi, hi - r.lo
        return ("consistent" if lo <= 0 <= hi else "inconsistent"), "net [%s, %s]" % (float(lo), float(hi))

    def ranked(self, c):
        items = [self.iv(x) for x in c["items"]]
        ordered = all(items[i].hi >= items[i + 1].lo for i in range(len(items) - 1))
        within = True
        if c.get("total") is not None:
            s = Iv(0)
            for x in items:
                s = s + x
            within = s.lo <= self.iv(c["total"]).hi
        return ("consistent" if ordered and within else "inconsistent"), "ordered %s, within total %s" % (ordered, within)

    def claim(self, c):
        if "share" in c:
            s = self.iv(c["share"])
            return ("consistent" if s.hi >= 100 else "inconsistent"), "share %r" % s
        d, e = self.iv(c["done"]), self.iv(c["eligible"])
        return ("consistent" if d.hi >= e.lo else "inconsistent"), "%r of %r" % (d, e)

    def split_ratio(self, c):
        total = int(self.iv(c["total"]).lo)
        rep = self.fig(c["reported"])
        mult = Fraction(str(c["multiplier"]))
        want = decimal.Decimal(rep["value"])
        for g in range(1, total):
            got = half_up(Fraction(total - g, g) * mult, int(rep["decimals"]))
            if got == want.quantize(got):
                return "consistent", "%d/%d" % (total - g, g)
        return "inconsistent", "no integer split of %d" % total

    def share_of(self, c):
        total = int(self.iv(c["total"]).lo)
        rep = self.fig(c["reported"])
        want = decimal.Decimal(rep["value"])
        for k in range(total + 1):
            got = half_up(Fraction(k, total) * Fraction(str(c["multiplier"])), int(rep["decimals"]))
            if got == want.quantize(got):
                return "consistent", "%d/%d" % (k, total)
        return "inconsistent", "no integer count of %d" % total

    def count_items(self, c, text):
        t = self.fig(c["total"])
        window = text[max(0, int(t["start"]) - 80):int(t["start"])]
        assert all(n in window for n in c["names"]), "named items not just before the total"
        ok = len(c["names"]) == int(self.iv(c["total"]).lo)
        return ("consistent" if ok else "inconsistent"), "%d named" % len(c["names"])


OPS = {"ratio", "change", "sum", "product", "implied_denominator", "progress", "le", "net_zero", "ranked",
       "claim", "split_ratio", "share_of", "count_items"}


def rederive(doc, finding, text):
    c = finding["calc"]
    e = Eval(doc)
    if c["op"] == "count_items":
        return e.count_items(c, text)
    return getattr(e, c["op"])(c)


# --- tests on every expected file ----------------------------------------------------------------

@pytest.mark.parametrize("path", EXPECTED, ids=_ids(EXPECTED))
def test_file_parses_and_uses_the_vocabulary(path):
    doc = _load(path)
    assert doc["figures"] and doc["findings"]
    for f in doc["figures"]:
        assert FIGURE_FIELDS <= set(f), f
        assert f["bound"] in BOUNDS and f["unit_kind"] in UNIT_KINDS, f
        assert f["end"] - f["start"] == len(f["text"]), f
        if f["value"] is not None:
            assert f["magnitude"] in (1, 10000, 100000000), f
            assert f["decimals"] >= 0
    starts = [f["start"] for f in doc["figures"]]
    assert len(starts) == len(set(starts)), "two figures at one offset"
    ids = [k["id"] for k in doc["findings"]]
    assert len(ids) == len(set(ids))
    for k in doc["findings"]:
        assert FINDING_FIELDS <= set(k), k
        assert k["check"] in CHECKS and k["verdict"] in VERDICTS and k["severity"] in SEVERITIES, k
        assert k["why"].strip(), k
        assert set(k["figures"]) <= set(starts), k["id"]
        if k["verdict"] == "inconsistent":
            assert k["severity"] in ("error", "warning"), k["id"]
        elif k["check"] == "progress" and k["verdict"] == "consistent":
            assert k["severity"] in ("info", "warning"), k["id"]  # warning: behind schedule
        else:
            assert k["severity"] == "info", k["id"]
        if k["verdict"] == "cannot_check":
            assert k["calc"] is None, k["id"]
        else:
            assert k["calc"]["op"] in OPS, k["id"]
            assert _calc_refs(k["calc"]) <= set(k["figures"]), "%s: calc uses figures not listed" % k["id"]


_LITERAL_KEYS = {"op", "multiplier", "const", "period_start", "period_end", "as_of", "claim", "sign",
                 "order", "names", "kind"}


def _calc_refs(x) -> set:
    """The figure offsets a calc refers to."""
    if isinstance(x, int) and not isinstance(x, bool):
        return {x}
    if isinstance(x, list):
        return set().union(*(_calc_refs(v) for v in x)) if x else set()
    if isinstance(x, dict):
        return set().union(*(_calc_refs(v) for k, v in x.items() if k not in _LITERAL_KEYS)) if x else set()
    return set()


@pytest.mark.parametrize("path", EXPECTED, ids=_ids(EXPECTED))
def test_every_figure_is_at_its_offset(path):
    doc = _load(path)
    text = _text(path, doc)
    assert len(text) == doc["chars"]
    assert hashlib.sha256(text.encode("utf-8")).hexdigest() == doc["sha256"], "text changed: offsets stale"
    for f in doc["figures"]:
        s = int(f["start"])
        assert text[s:s + len(f["text"])] == f["text"], (f["text"], s, text[s:s + 12])


def _text_or_none(path: Path, doc: dict):
    try:
        return _text(path, doc)
    except pytest.skip.Exception:
        return None


@pytest.mark.parametrize("path", EXPECTED, ids=_ids(EXPECTED))
def test_every_finding_rederives_to_its_verdict(path):
    # The arithmetic needs only the printed values in the expected file, so it runs on the seeds'
    # findings even without the seed texts (only count_items reads the text around a total).
    doc = _load(path)
    text = _text_or_none(path, doc)
    wrong = []
    for k in doc["findings"]:
        if k["calc"] is None or (text is None and k["calc"]["op"] == "count_items"):
            continue
        got, note = rederive(doc, k, text)
        if got != k["verdict"]:
            wrong.append("%s %s: expected %s, recomputed %s (%s)" % (k["id"], k["check"], k["verdict"], got, note))
        c = k["calc"]
        if c["op"] == "progress":
            # behind schedule is an error against a printed claim of keeping pace, else a warning
            e = Eval(doc)
            e.progress(c)
            expected = ("error" if c["claim"] else "warning") if e.behind else "info"
            assert k["severity"] == expected, k["id"]
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("path", EXPECTED, ids=_ids(EXPECTED))
def test_rederivation_notices_a_changed_figure(path):
    # The re-derivation is not vacuous: where every operand is an exact count or amount, moving the
    # reported figure of a consistent ratio, sum or product by 5 units of its last printed digit
    # (94.13 % -> 94.18 %, 22846 -> 22851, 74.6万 -> 75.1万) must make it inconsistent. (Sums of
    # rounded parts, 323.172万元's seven amounts, have intervals wider than that, rightly.)
    doc = _load(path)
    e = Eval(doc)
    checked = 0
    for k in doc["findings"]:
        c = k["calc"]
        if k["verdict"] != "consistent" or c is None or c["op"] not in ("ratio", "sum", "product"):
            continue
        key = {"ratio": "reported", "sum": "total", "product": "result"}[c["op"]]
        operands = {"ratio": lambda: [c["numerator"], c["denominator"]], "sum": lambda: c["parts"],
                    "product": lambda: c["factors"]}[c["op"]]()
        if isinstance(c[key], dict) or not all(e.is_exact(x) for x in operands):
            continue
        mutated = json.loads(json.dumps(doc, default=str), parse_float=decimal.Decimal)
        for f in mutated["figures"]:
            if f["start"] == c[key]:
                if f["bound"] != "exact":
                    break
                v = decimal.Decimal(str(f["value"]))
                f["value"] = v + 5 * decimal.Decimal(1).scaleb(-int(f["decimals"])) * int(f["magnitude"])
                got, note = rederive(mutated, k, None)
                assert got == "inconsistent", "%s still %s after moving %s: %s" % (k["id"], got, f["text"], note)
                checked += 1
    assert checked >= 5


def test_figure_ranges_follow_the_readme():
    # The rules README.md states, on printed forms from the seeds and the synthetic summaries.
    def r(value, decimals, unit_kind, magnitude=1, bound="exact"):
        iv = figure_range({"value": decimal.Decimal(value), "decimals": decimals, "unit_kind": unit_kind,
                           "magnitude": magnitude, "bound": bound})
        return (iv.lo, iv.hi)
    F = Fraction
    assert r("94.13", 2, "rate") == (F("94.125"), F("94.135"))           # seed 000 任务完成率94.13%
    assert r("14500", 2, "count", 10000) == (F(14450), F(14550))          # 1.45万
    assert r("1506", 0, "count") == (F(1506), F(1506))                    # an exact count
    assert r("540000", 0, "count", 10000, "nearly") == (F(530000), F(540000))   # seed 002 近54万
    assert r("360000000", 1, "money", 100000000, "more_than") == (F(360000000), F(370000000))  # 3.6亿余
    assert r("13000", 0, "count", 1, "more_than") == (F(13000), F(14000))  # seed 000 13000余人
    assert r("97", 0, "rate", 1, "about") == (F(96), F(98))                # seed 002 97%左右
    assert half_up(Fraction(1506, 1600) * 100, 2) == decimal.Decimal("94.13")  # not 94.12


# --- the seeds: Acceptance of issue 17 ----------------------------------------------------------

def _find(doc, check, texts):
    by_start = {f["start"]: f["text"] for f in doc["figures"]}
    for k in doc["findings"]:
        if k["check"] == check and all(t in [by_start[s] for s in k["figures"]] for t in texts):
            return k
    raise AssertionError("no %s finding with %s" % (check, texts))


@pytest.mark.parametrize("path", SEEDS, ids=_ids(SEEDS))
def test_seed_has_forty_checkable_figures(path):
    doc = _load(path)
    _text(path, doc)  # skips when the seed is absent
    numeric = [f for f in doc["figures"] if f["value"] is not None]
    assert len(numeric) >= 40
    in_findings = {s for k in doc["findings"] for s in k["figures"]}
    assert len(in_findings) >= 40, "figures used by some finding"


def test_seed_000_acceptance():
    path = DATA / "seed_000.expected.json"
    doc = _load(path)
    text = _text(path, doc)
    k = _find(doc, "quota_completion", ["1600人", "1506人", "94.13%"])
    assert k["verdict"] == "consistent"
    k = _find(doc, "implied_denominator", ["4084", "2.2%", "59902人", "33.65%"])
    assert (k["verdict"], k["severity"]) == ("inconsistent", "error")
    assert rederive(doc, k, text)[0] == "inconsistent"
    k = _find(doc, "implied_denominator", ["801人", "4.86‰", "59902人"])
    assert (k["verdict"], k["severity"]) == ("inconsistent", "warning")
    k = _find(doc, "parts_total", ["323.172万元"])
    assert k["verdict"] == "consistent"


def test_seed_002_acceptance():
    path = DATA / "seed_002.expected.json"
    doc = _load(path)
    text = _text(path, doc)
    k = _find(doc, "quota_completion", ["67072剂次", "164318", "40.8%"])
    assert k["verdict"] == "consistent"
    k = _find(doc, "product", ["7469人", "22针次", "164318"])
    assert k["verdict"] == "consistent"
    k = _find(doc, "parts_total", ["22846人", "5401人", "8818人", "914人", "615人", "188人", "6910人"])
    assert k["verdict"] == "consistent"
    k = _find(doc, "parts_total", ["2024万", "200万"])
    assert (k["verdict"], k["severity"]) == ("inconsistent", "error")
    zj = [f for f in doc["figures"] if f["start"] in k["figures"]]
    assert [f["text"] for f in zj] == ["2400万元", "2024万", "200万", "200万"]
    assert text[zj[0]["start"] - 6:zj[0]["start"]] == "实际到位资金"  # not the 药品带量采购2400万元


# --- the synthetic summaries ----------------------------------------------------------------------

@pytest.mark.parametrize("path", SYNTHETIC, ids=_ids(SYNTHETIC))
def test_synthetic_summary_shape(path):
    doc = _load(path)
    text = _text(path, doc)
    size = len(text.encode("utf-8"))
    assert 5 * 1024 <= size <= 12 * 1024, size
    dt.date.fromisoformat(doc["as_of"])
    assert all(isinstance(k.get("planted"), bool) for k in doc["findings"])
    for k in doc["findings"]:
        if k["planted"]:  # a planted error, or a planted lag behind time progress (a warning)
            assert k["verdict"] == "inconsistent" or k["severity"] == "warning", k["id"]
    correct = [k for k in doc["findings"] if k["verdict"] == "consistent"]
    assert len(correct) >= 8, "correct figures that must not be flagged"
    assert len([f for f in doc["figures"] if f["value"] is not None]) >= 30


def test_synthetic_set_plants_every_check_kind():
    assert len(SYNTHETIC) >= 5
    planted = {}
    for p in SYNTHETIC:
        for k in _load(p)["findings"]:
            if k["planted"]:
                planted.setdefault(k["check"], set()).add(k["severity"])
    assert set(planted) == CHECKS, sorted(CHECKS - set(planted))
    assert {"error", "warning"} <= planted["implied_denominator"]
    examples = [p.name for p in SYNTHETIC if _load(p).get("example")]
    assert len(examples) == 1, examples


def test_synthetic_set_has_the_tricky_forms():
    texts = "".join(_text(p, _load(p)) for p in SYNTHETIC)
    for form in ["１", "，000", "万余人", "近", "约", "左右", "个百分点", "/10万", "千人口床位数",
                 "每万常住人口", "亿元", "人均补助", "前五位", "全覆盖", "三家", "十二个", "两千余",
                 "不到", "‱", "％", "个单位", "按实际支出的"]:
        assert form in texts, form
    periods = "".join(_load(p).get("period", "") for p in SYNTHETIC)
    for period in ["1-11月", "上半年", "截至5月底", "统计年度", "前三季度"]:
        assert period in periods, period
