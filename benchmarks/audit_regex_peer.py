"""The peer of the report auditor's speed benchmark (issue 17): the figure extraction a competent
Python user would write with the standard `re` module.

    /usr/bin/python3 benchmarks/audit_regex_peer.py [--runs N] [--kb 20] [--json]

What it does. One compiled pattern, one pass with `finditer` over the text, pulls every mention a
report auditor starts from: the number (ASCII or full-width digits, `1,000` / `1，000`
separators, decimals, Chinese numerals before a counter such as `三家`), its magnitude (`万`,
`亿`), bounds (`约`, `近`, `不到`, `超过` before; `余`, `多` inside; `以上`, `左右`, `以内`, `以下`
after), its unit (`%`, `％`, `‰`, `‱`, `/10万`, `个百分点`, `个单位`, `剂次`, `所次`, `人`, `元`, `万元`, `亿元`, …)
and its start/end offsets in code points (Python `str` indices, end exclusive, the bound words
included: `约97%`, `近3000人次`, `90%以上`); dates (`2019年`,
`11月`, `5月31日`), document numbers (`〔2024〕66号`) and list numbers (`1、`) are skipped. Each
mention is a tuple (start, end, text, value, decimals, unit, magnitude, bound) with the value as
a float with its magnitude applied and the decimals as printed.

What it does not do, compared with the auditor: it does not tie a number to a quantity name
(`签约率`), to the counts in its clause or to its period; it does not read target wording, link
totals to their parts, recompute anything or make any check; no findings, no rounding intervals,
no messages. It is the first step of the auditor only, so the comparison flatters the peer.

The timed text is the synthetic summaries of tests/data/audit/ concatenated (in name order) and
cut at a line break to about `--kb` KB of UTF-8 (default 20). The script reports the best of
`--runs` runs (time.perf_counter), in ms per 20 KB, and, untimed, how many of the corpus's
expected numeric figures it finds at their exact offsets (its recall on the same mentions).
Standard library only.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "data" / "audit"

_FULL = str.maketrans("０１２３４５６７８９．，％", "0123456789.,%")
_CN_DIGIT = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
             "七": 7, "八": 8, "九": 9}
_CN_UNIT = {"十": 10, "百": 100, "千": 1000}
_MAG = {"万": 10_000, "亿": 100_000_000}

# Units longest first so that the alternation prefers 个百分点 to 个, 剂次 to 次, 平方米 to 米.
_UNITS = ["个百分点", "个单位", "所次", "人天", "/10万", "/万", "‰", "‱", "%", "剂次", "针次", "人次", "户次", "家次", "场次",
          "平方米", "万元", "亿元", "元", "人", "例", "对", "份", "家", "所", "个", "张", "种",
          "起", "件", "名", "位", "户", "场", "次", "瓶", "本", "条", "期", "项", "处", "轮",
          "块", "亩", "岁", "天", "层", "瓶"]
_UNIT_RE = "|".join(re.escape(u) for u in sorted(set(_UNITS), key=len, reverse=True))
_COUNTERS = "家个名位所人例对份户场次种项起件条处轮块"

PATTERN = re.compile(
    r"(?P<pre>(?<![签节制公合预条契履])约|近|不到|超过)?"  # 签约98765人 is not 约98765人
    r"(?:"
    r"(?P<num>[0-9０-９]+(?:[,，][0-9０-９]{3})*(?:[.．][0-9０-９]+)?)"
    r"|(?P<cn>[零〇一二两三四五六七八九十百千]+)(?=[余多]?[" + _COUNTERS + r"])"
    r")"
    r"(?![0-9０-９]|[年月日号时〕\]])"  # not a date, a time, a document number
    r"(?P<mag>[万亿](?!元)|(?=[万亿]元))?"
    r"(?P<more>余|多)?"
    r"(?:[ ]?(?P<unit>[%％]|" + _UNIT_RE + r"))?"
    r"(?P<post>以上|左右|以内|以下)?"
)


def _cn_value(s: str) -> int | None:
    total, digit = 0, None
    for ch in s:
        if ch in _CN_DIGIT:
            digit = _CN_DIGIT[ch]
        elif ch in _CN_UNIT:
            total += (1 if digit is None else digit) * _CN_UNIT[ch]
            digit = None
        else:
            return None
    return total + (digit or 0)


def extract(text: str) -> list[tuple]:
    """Every numeric mention of `text`, in order: (start, end, text, value, decimals, unit,
    magnitude, bound)."""
    out = []
    append = out.append
    for m in PATTERN.finditer(text):
        num, cn = m.group("num"), m.group("cn")
        start = m.start()
        if num is not None:
            if start and text[start - 1] in "〔[":
                continue
            end_num = m.end("num")
            if text[end_num:end_num + 1] == "、" and "." not in num:
                continue  # a list number: 1、
            plain = num.translate(_FULL).replace(",", "")
            point = plain.find(".")
            decimals = 0 if point < 0 else len(plain) - point - 1
            value = float(plain)
        else:
            v = _cn_value(cn)
            if v is None:
                continue
            value, decimals = float(v), 0
        unit = m.group("unit") or ""
        mag = m.group("mag")
        magnitude = 1
        if unit in ("万元", "亿元"):
            magnitude, unit = _MAG[unit[0]], "元"
        elif mag:
            magnitude = _MAG[mag]
        if unit == "％":
            unit = "%"
        pre, more, post = m.group("pre"), m.group("more"), m.group("post")
        if pre == "约" or post == "左右":
            bound = "about"
        elif pre == "近":
            bound = "nearly"
        elif pre == "不到":
            bound = "less_than"
        elif more or pre == "超过" or post == "以上":
            bound = "more_than"
        else:
            bound = "exact"
        # the span covers the bound words too (约97%, 近3000人次, 90%以上), as the corpus's figures do
        append((start, m.end(), m.group(), value * magnitude, decimals, unit, magnitude, bound))
    return out


def corpus_text(kb: float) -> str:
    parts = [p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt"))]
    if not parts:
        sys.exit("no synthetic summaries in %s" % CORPUS)
    text = "\n".join(parts)
    while len(text.encode("utf-8")) < kb * 1024:
        text += "\n" + text
    limit = int(kb * 1024)
    cut = text.encode("utf-8")[:limit].decode("utf-8", errors="ignore")
    return cut[:cut.rfind("\n") + 1] or cut


def recall() -> tuple[int, int]:
    """Expected numeric figures of the synthetic summaries found at their exact offsets."""
    found = total = 0
    for exp in sorted(CORPUS.glob("*.expected.json")):
        txt = exp.with_name(exp.name.replace(".expected.json", ".txt"))
        if not txt.exists():
            continue  # a seed: its text is not committed
        doc = json.loads(exp.read_text(encoding="utf-8"))
        got = {(m[0], m[1]) for m in extract(txt.read_text(encoding="utf-8"))}
        for f in doc["figures"]:
            if f["value"] is None:
                continue
            total += 1
            found += (f["start"], f["end"]) in got
    return found, total


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=50, help="timed runs, best reported (default 50)")
    ap.add_argument("--kb", type=float, default=20.0, help="size of the timed text in KB (default 20)")
    ap.add_argument("--json", action="store_true", help="print one JSON object")
    args = ap.parse_args(argv)

    text = corpus_text(args.kb)
    size = len(text.encode("utf-8"))
    mentions = extract(text)  # warm-up, and the count
    best = float("inf")
    for _ in range(max(1, args.runs)):
        t0 = time.perf_counter()
        extract(text)
        best = min(best, time.perf_counter() - t0)
    ms_per_20kb = best * 1000 * (20 * 1024) / size
    found, total = recall()
    result = {"peer": "python re (one compiled pattern, finditer)", "bytes": size,
              "code_points": len(text), "mentions": len(mentions), "runs": args.runs,
              "best_ms": round(best * 1000, 3), "ms_per_20kb": round(ms_per_20kb, 3),
              "recall_found": found, "recall_total": total}
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
    else:
        print("regex peer: %d mentions in %d bytes (%d code points); best of %d: %.3f ms = %.3f ms per 20 KB"
              % (len(mentions), size, len(text), args.runs, best * 1000, ms_per_20kb))
        print("recall on the corpus's expected figures (exact offsets): %d of %d" % (found, total))
    return 0


if __name__ == "__main__":
    sys.exit(main())
