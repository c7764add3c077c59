"""Builder for tests/data/audit/*.expected.json (see ../README.md, "How the files were made").

Each <document>.py beside this file lists a document's figures by hand (printed text, quantity,
value, decimals, unit, magnitude, bound) and its findings (check, verdict, severity, the
arithmetic to redo, recomputed, why). This module only locates each figure's printed text in the
document (at or after an anchor phrase), asserts it is not part of a longer number, records its
code-point offsets and writes the JSON. Nothing here computes a verdict or a range:
tests/python/test_audit_corpus.py re-derives them from the printed values.

    python3 tests/data/audit/build/<document>.py      # rewrites ../<document>.expected.json
Seeds are read from $ZHIBIAO_SEEDS or /work/shared/seeds.
"""
import hashlib
import json
import os

DATA = os.path.dirname(os.path.dirname(os.path.abspath(__file__))) + os.sep
SEEDS = (os.environ.get("ZHIBIAO_SEEDS") or "/work/shared/seeds").rstrip("/") + os.sep

DIGITS = set("0123456789０１２３４５６７８９.．,，")


class Doc:
    def __init__(self, text_path, out_path, meta):
        self.text = open(text_path, encoding="utf-8").read()
        self.out_path = out_path
        self.meta = meta
        self.figs = {}
        self.order = []
        self.findings = []
        self.cursor = 0

    def fig(self, key, text, quantity, value, decimals, unit, unit_kind, after=None,
            magnitude=1, bound="exact", period=None, nth=0):
        """Locate `text` at the first occurrence at or after `after` (an anchor that must occur
        once in the text) or, without an anchor, after the previous figure."""
        assert key not in self.figs, key
        if after is not None:
            n = self.text.count(after)
            assert n == 1, (key, after, n)
            pos = self.text.index(after)
        else:
            pos = self.cursor
        for _ in range(nth + 1):
            start = self.text.find(text, pos)
            assert start >= 0, (key, text, after)
            pos = start + 1
        end = start + len(text)
        if text[0] in DIGITS:
            prv = self.text[max(0, start - 2):start]
            assert not prv or not (prv[-1].isdigit() or (prv[-1] in ".．" and prv[:-1].isdigit())), (key, text)
        if text[-1] in DIGITS:
            nxt = self.text[end:end + 5]
            sep_group = (len(nxt) >= 4 and nxt[0] in ",，" and nxt[1:4].isdigit()
                         and not nxt[4:5].isdigit())
            assert not nxt or not (nxt[0].isdigit() or (nxt[0] in ".．" and nxt[1:2].isdigit())
                                   or sep_group), (key, text)
        self.cursor = end
        f = {"text": text, "start": start, "end": end, "quantity": quantity,
             "value": value, "decimals": decimals, "unit": unit, "unit_kind": unit_kind,
             "magnitude": magnitude, "bound": bound}
        if period:
            f["period"] = period
        self.figs[key] = f
        self.order.append(key)
        return key

    def _ref(self, x):
        if isinstance(x, str):
            return self.figs[x]["start"]
        if isinstance(x, list):
            return [self._ref(v) for v in x]
        if isinstance(x, dict):
            return {k: (v if k in ("op", "multiplier", "const", "period_start", "period_end",
                                    "as_of", "claim", "sign", "order", "names", "kind") else self._ref(v))
                    for k, v in x.items()}
        return x

    def find(self, check, verdict, severity, keys, calc, recomputed, why, planted=None):
        for k in keys:
            assert k in self.figs, k
        d = {"check": check, "verdict": verdict, "severity": severity,
             "figures": sorted(self.figs[k]["start"] for k in keys),
             "calc": self._ref(calc) if calc else None,
             "recomputed": recomputed, "why": why}
        if planted is not None:
            d["planted"] = planted
        self.findings.append(d)

    def write(self):
        figs = sorted((self.figs[k] for k in self.order), key=lambda f: f["start"])
        for i, d in enumerate(self.findings, 1):
            d["id"] = "k%d" % i
        out = dict(self.meta)
        out["chars"] = len(self.text)
        out["sha256"] = hashlib.sha256(self.text.encode("utf-8")).hexdigest()
        out["figures"] = figs
        out["findings"] = [{"id": d.pop("id"), **d} for d in self.findings]
        with open(self.out_path, "w", encoding="utf-8") as fh:
            json.dump(out, fh, ensure_ascii=False, indent=1)
            fh.write("\n")
        print(os.path.basename(self.out_path), len(figs), "figures", len(self.findings), "findings")


def ratio(num, den, mult, reported):
    return {"op": "ratio", "numerator": num, "denominator": den, "multiplier": mult,
            "reported": reported}


def total(parts, tot):
    return {"op": "sum", "parts": parts, "total": tot}


def product(factors, result):
    return {"op": "product", "factors": factors, "result": result}
