"""zhibiao.plot.scores: the example district's score card (examples/district/scheme.json over
2025, worked out in examples/district/README.md "The assessment scheme"): 白云乡 100.83, 南湖街道
99.54, 西城街道 98.40, 北关街道 98.06, 东城街道 96.82, 柳河镇 92.67 (优秀); 石桥镇 79.26 (合格):
20 × 70.02/72 = 19.45, 15 − 2 × 0.52 = 13.97, 15 × 57.42/75 = 11.48, 0 (94.05 % < 95 %),
15 − 3 × 0.88 = 12.35, 20, bonus 2; 青山镇 90.02 before its veto (3 deaths of 328 births, 9.15‰ >
9‰) holds it at 60.00 (合格).
"""
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pandas as pd
import pytest
from matplotlib.colors import to_hex

import zhibiao as zb
import zhibiao.plot as zp
from zhibiao._status import TONE_COLOURS

DISTRICT_DIR = Path(__file__).resolve().parents[2] / "examples" / "district"
ORDER = ["白云乡", "南湖街道", "西城街道", "北关街道", "东城街道", "柳河镇", "石桥镇", "青山镇"]
TOTALS = [100.83, 99.54, 98.40, 98.06, 96.82, 92.67, 79.26, 60.00]


@pytest.fixture(scope="module")
def card() -> zb.ScoreCard:
    # The townships' 2025 numerators and denominators from the cube (as `zhibiao score` loads
    # them), one row per township and scheme item.
    units = pd.read_csv(DISTRICT_DIR / "org_units.csv", dtype=str, keep_default_na=False)
    tree = zb.org_unit_tree(units)
    cube = zb.DataCube(tree, zb.builtin_catalog().data_elements, zb.Period.month(2024, 1), 24)
    cube.load_frame(pd.read_csv(DISTRICT_DIR / "data.csv",
                                dtype={"element": str, "org_unit": str, "period": str}))
    scheme = zb.Scheme.from_json((DISTRICT_DIR / "scheme.json").read_text(encoding="utf-8"))
    item_of = {i["indicator"]: i["id"] for i in scheme.items}
    towns = [c for c in tree.codes if len(c) == 9 and c.startswith("34099900")]
    ev = zb.evaluate(cube, zb.builtin_catalog(), towns, "2025")
    ev = ev[ev["indicator"].isin(item_of)]
    long = pd.DataFrame({"org_unit": ev["org_unit_name"], "item": ev["indicator"].map(item_of),
                         "numerator": ev["numerator"], "denominator": ev["denominator"]})
    return zb.score_units(long, scheme)


def test_bars_in_rank_order_coloured_by_grade_with_the_veto_marked(card):
    ax = zp.scores(card, title="示例区2025年考核")
    assert [t.get_text() for t in ax.get_yticklabels()] == ORDER
    bars = ax.patches
    assert [p.get_width() for p in bars] == pytest.approx(TOTALS, abs=0.005)
    colours = [to_hex(p.get_facecolor()) for p in bars]
    assert colours[:6] == [TONE_COLOURS["ok"]] * 6  # 优秀: the top grade
    assert colours[6:] == [TONE_COLOURS["warn"]] * 2  # 合格: the lowest passing grade
    assert [p.get_hatch() for p in bars] == [None] * 7 + ["//"]  # only 青山镇 vetoed
    texts = [t.get_text() for t in ax.texts]
    assert "79.26" in texts and "100.83" in texts and "60.00 一票否决" in texts
    # The thresholds of scheme.json: 优秀 90, 良好 80, 合格 60, each a line and a name.
    assert sorted(line.get_xdata()[0] for line in ax.lines) == [60, 80, 90]
    assert {"优秀", "良好", "合格"} <= set(texts)
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == ["优秀", "良好", "合格", "不合格", "一票否决"]
    # 良好 lies between green and amber: a lighter green, distinct from 优秀.
    legend_box = ax.get_legend()
    handles = getattr(legend_box, "legend_handles", None) or legend_box.legendHandles  # mpl < 3.7
    assert to_hex(handles[1].get_facecolor()) not in (
        TONE_COLOURS["ok"], TONE_COLOURS["warn"])
    plt.close(ax.figure)


def test_stacked_by_item(card):
    ax = zp.scores(card, stacked=True)
    # Seven items with points (the veto item u5 carries none), eight units each.
    assert len(ax.patches) == 7 * 8
    shiqiao = ORDER.index("石桥镇")
    segments = [p.get_width() for p in ax.patches[shiqiao::8]]
    assert segments == pytest.approx([19.45, 13.97, 11.48, 0.0, 12.35, 20.0, 2.0], abs=0.005)
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend[0] == "总分" and legend[1:3] == ["高血压患者规范管理率", "2型糖尿病患者规范管理率"]
    # The total mark: 青山镇's sits at 60.00, inside its items' 90.02.
    marks = ax.collections[0].get_offsets()
    assert marks[ORDER.index("青山镇")][0] == pytest.approx(60.0)
    qingshan = sum(p.get_width() for p in ax.patches[ORDER.index("青山镇")::8])
    assert qingshan == pytest.approx(90.02, abs=0.005)
    plt.close(ax.figure)


def test_refuses_what_is_not_a_score_card(card):
    with pytest.raises(zb.InvalidInput, match="card: expected what zb.score_units returns"):
        zp.scores(card.table)
    with pytest.raises(zb.InvalidInput, match="stacked"):
        zp.scores(card, stacked="yes")
