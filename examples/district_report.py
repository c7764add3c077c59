"""The main job: recompute the quota and rate figures of a district's work summaries.

1. Reads examples/data/seed000_2019_sections_1_2.csv (the figures of sections 一(一) and 一(二) of
   八公山区卫健委's 2019 summary, ../shared/seeds/000), recomputes every figure whose numerator and
   denominator the summary prints, compares it with the printed value at the printed decimals, and
   lists the figures printed without a denominator (they need the auditor's implied denominators).
   A row whose denominator the summary does not print but which was solved backwards from the
   printed figure (column denominator_origin = derived: the sex ratio's 427/374 split of 801
   births, 双随机's 20 of 20) cannot disagree with that figure: it is labelled 推算 / derived and
   counted apart from the rows that really check (一致 / agrees).
2. Reads examples/data/seed002_2024_quotas.csv (the yearly tasks of a 2024 half-year summary,
   ../shared/seeds/002) and assesses each against the time elapsed by 31 May (序时进度), checking
   the completion rate the summary printed. Quotas the summary does not print were solved from
   the printed completion (quota_origin = derived: 50.71 %, 55.77 %, 50 %): labelled derived too.

    python examples/district_report.py [--language en] [data.csv] [--quotas quotas.csv]
"""
from __future__ import annotations

import argparse
import sys
import unicodedata
from pathlib import Path

import pandas as pd

import zhibiao as zb

DEFAULT_DATA = Path(__file__).resolve().parent / "data" / "seed000_2019_sections_1_2.csv"
DEFAULT_QUOTAS = Path(__file__).resolve().parent / "data" / "seed002_2024_quotas.csv"

HEADINGS = {
    "zh": ("节", "指标", "分子", "分母", "计算值", "报告值", "核对"),
    "en": ("section", "indicator", "numerator", "denominator", "computed", "reported", "check"),
}
VERDICT = {"zh": ("一致", "不一致"), "en": ("agrees", "DIFFERS")}
# A figure whose denominator was solved from the printed figure itself agrees by construction:
# it is no check, and saying 一致 would claim one (issue 14, class 11).
DERIVED = {"zh": "推算", "en": "derived"}
# The solved quantity: a figure's denominator, or a yearly task's quota.
SOLVED = {"zh": {"figure": "分母", "quota": "任务数"}, "en": {"figure": "denominator", "quota": "quota"}}
TITLE = {
    "zh": "八公山区卫健委2019年工作总结 一(一)、一(二)：任务完成率与各项率的复算",
    "en": "Bagongshan district 2019 summary, sections 1(1)-1(2): quota and rate figures recomputed",
}
QUOTA_TITLE = {
    "zh": "2024年上半年卫生计生工作总结：全年任务截至5月底的完成情况与序时进度（按整月，5/12）",
    "en": "2024 half-year summary: yearly tasks at 31 May against the time elapsed (whole months, 5/12)",
}
UNCHECKED = {
    "zh": "报告中未给出分母、暂无法复算的指标（报告值）：",
    "en": "Figures printed without a denominator (not recomputable yet), as reported:",
}


def display_width(text: str) -> int:
    """Terminal columns: CJK characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def pad(text: str, width: int, right: bool = False) -> str:
    fill = " " * max(0, width - display_width(text))
    return fill + text if right else text + fill


def print_table(rows: list[tuple[str, ...]], right_aligned: set[int]) -> None:
    widths = [max(display_width(r[i]) for r in rows) for i in range(len(rows[0]))]
    for n, row in enumerate(rows):
        print("  ".join(pad(cell, widths[i], i in right_aligned) for i, cell in enumerate(row)).rstrip())
        if n == 0:
            print("  ".join("-" * w for w in widths))


def verdict(agrees: bool, derived: bool, language: str) -> str:
    """一致 only for a real check; a derived row that somehow disagrees is still 不一致."""
    if not agrees:
        return VERDICT[language][1]
    return DERIVED[language] if derived else VERDICT[language][0]


def derived_note(what: str, language: str) -> str:
    solved = SOLVED[language][what]
    if language == "zh":
        return f"推算：报告未印出{solved}，{solved}由报告值反推，不可能不一致，不计为核对一致。"
    return f"derived: {solved} solved from the printed figure, cannot disagree; not counted as agreeing."


def summary(total: int, derived: int, disagreements: int, what: str, language: str) -> str:
    """The count line: real agreements, derived rows and disagreements kept apart."""
    agree = total - derived - disagreements
    solved = SOLVED[language][what]
    if language == "zh":
        verb = "复算" if what == "figure" else "核对"
        return (f"{verb} {total} 项：{agree} 项与报告一致，{derived} 项为推算（{solved}由报告值反推，"
                f"不可能不一致），{disagreements} 项不一致。")
    noun = "figures recomputed" if what == "figure" else "quotas checked"
    return (f"{total} {noun}: {agree} agree, {derived} derived ({solved} solved from the printed "
            f"figure, cannot disagree), {disagreements} differ.")


def is_derived(origin) -> bool:
    if isinstance(origin, str) and origin.strip() in ("derived", "printed"):
        return origin.strip() == "derived"
    raise ValueError(f"denominator/quota origin must be 'printed' or 'derived', not {origin!r}")


def recompute(data: pd.DataFrame, language: str) -> tuple[list[tuple[str, ...]], int, int]:
    """One table row per figure; returns the rows, the number of disagreements and of rows whose
    denominator was derived from the printed figure (agreeing rows only)."""
    rows = [HEADINGS[language]]
    disagreements = 0
    derived_rows = 0
    for (kind, unit, decimals), group in data.groupby(["kind", "unit", "decimals"], sort=False):
        figures = zb.measure_frame(group, kind, "numerator", "denominator", unit=unit,
                                   decimals=int(decimals), language=language)
        for _, f in figures.iterrows():
            reported = zb.Decimal.parse(f["reported"])
            computed = zb.Decimal.parse(f"{f['rounded']:.{int(decimals)}f}")
            agrees = computed == reported
            derived = is_derived(f["denominator_origin"])
            disagreements += not agrees
            derived_rows += agrees and derived
            suffix = zb.Unit(unit).suffix(language)
            rows.append((
                f["section"], f["indicator"],
                f"{f['numerator_name']} {f['numerator']:.0f}" if language == "zh" else f"{f['numerator']:.0f}",
                f"{f['denominator_name']} {f['denominator']:.0f}" if language == "zh" else f"{f['denominator']:.0f}",
                f["display"], f"{reported}{suffix}", verdict(agrees, derived, language),
            ))
    return rows, disagreements, derived_rows


QUOTA_HEADINGS = {
    "zh": ("项目", "已完成", "任务数", "完成率", "序时进度", "进度", "报告值", "核对"),
    "en": ("programme", "done", "quota", "completion", "time elapsed", "pace", "reported", "check"),
}
PACE = {"zh": {"ahead": "超前", "on_schedule": "持平", "behind": "落后"},
        "en": {"ahead": "ahead", "on_schedule": "on schedule", "behind": "behind"}}


def assess_quotas(quotas: pd.DataFrame,
                  language: str) -> tuple[list[tuple[str, ...]], int, int, list[str]]:
    """One row per yearly task: completion against 序时进度 by whole months (as reports count it)."""
    rows = [QUOTA_HEADINGS[language]]
    disagreements = 0
    derived_rows = 0
    notes = []
    for _, q in quotas.iterrows():
        as_of = zb.Period.parse(q["as_of"]).start
        quota = zb.Quota.from_expression(str(q["quota"]), zb.Period.year(as_of.year))
        a = zb.assess_quota(float(q["done"]), quota, as_of)
        reported = zb.Decimal.parse(str(q["reported"]))
        computed = zb.round_ratio_half_up(float(q["done"]), quota.amount, 100, reported.decimals)
        agrees = computed == reported
        derived = is_derived(q["quota_origin"])
        disagreements += not agrees
        derived_rows += agrees and derived
        # Exact half-up rounding, as reports print (never Python's binary round-half-even).
        completion = zb.round_ratio_half_up(float(q["done"]), quota.amount, 100, 2)
        rows.append((q["programme"], f"{q['done']:.0f}", f"{quota.amount:.0f}", f"{completion}%",
                     zb.format_value(a.time_progress, "percent", 2), PACE[language][a.pace], f"{reported}%",
                     verdict(agrees, derived, language)))
        notes.append(f"  {q['programme']}: {a.summary(language)}")
        notes.append(f"      {'任务数' if language == 'zh' else 'quota'}: {q['quota_source']}")
    return rows, disagreements, derived_rows, notes


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", nargs="?", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--language", choices=("zh", "en"), default="zh")
    parser.add_argument("--quotas", type=Path, default=DEFAULT_QUOTAS)
    args = parser.parse_args(argv)

    data = pd.read_csv(args.data, dtype={"reported": str})
    complete = data.dropna(subset=["numerator", "denominator"])
    rows, disagreements, derived_rows = recompute(complete, args.language)
    # Keep the order of the data file, not of the groups.
    order = {name: i for i, name in enumerate(complete["indicator"])}
    rows = [rows[0]] + sorted(rows[1:], key=lambda r: order[r[1]])

    print(TITLE[args.language])
    print()
    print_table(rows, right_aligned={4, 5})
    print()
    incomplete = data[data["numerator"].isna() | data["denominator"].isna()]
    print(UNCHECKED[args.language])
    for _, f in incomplete.iterrows():
        print(f"  {f['section']}  {f['indicator']} {f['reported']}{zb.Unit(f['unit']).suffix(args.language)}")
    print()
    print(derived_note("figure", args.language))
    print(summary(len(rows) - 1, derived_rows, disagreements, "figure", args.language))

    quotas = pd.read_csv(args.quotas, dtype={"reported": str, "quota": str})
    quota_rows, quota_disagreements, quota_derived, notes = assess_quotas(quotas, args.language)
    print()
    print(QUOTA_TITLE[args.language])
    print()
    print_table(quota_rows, right_aligned={1, 2, 3, 4, 6})
    print()
    print("\n".join(notes))
    print()
    print(derived_note("quota", args.language))
    print(summary(len(quota_rows) - 1, quota_derived, quota_disagreements, "quota", args.language))
    return 1 if disagreements or quota_disagreements else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
