"""zhibiao.plot on the example district (examples/district/, evaluated for 2025 as in
test_example_district.py): each chart saves a non-blank PNG, Chinese text renders with a CJK font
and no missing-glyph warning, and the funnel's drawn limits are zhibiao's funnel_limits."""
from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import zhibiao as zb

matplotlib = pytest.importorskip("matplotlib", reason="matplotlib is not installed: zhibiao.plot needs it")
import matplotlib.image as mpimg  # noqa: E402

import zhibiao.plot as zp  # noqa: E402

DISTRICT_DIR = Path(__file__).resolve().parents[2] / "examples" / "district"


@pytest.fixture(scope="module")
def year_2025() -> pd.DataFrame:
    read = lambda name: pd.read_csv(DISTRICT_DIR / name, dtype=str, keep_default_na=False)  # noqa: E731
    tree = zb.org_unit_tree(read("org_units.csv"))
    cube = zb.DataCube(tree, zb.builtin_catalog().data_elements, zb.Period.month(2024, 1), 24)
    frame = pd.read_csv(DISTRICT_DIR / "data.csv", dtype={"element": str, "org_unit": str, "period": str})
    cube.load_frame(frame)
    units = [c for c in tree.codes if len(c) == 9 and c.startswith("34099900")]
    return zb.evaluate(cube, zb.builtin_catalog(), units, "2025")


def saved(ax, tmp_path, name) -> np.ndarray:
    """Draw and save the figure with warnings captured; no glyph may be missing."""
    path = tmp_path / f"{name}.png"
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        ax.figure.savefig(path, dpi=80)
    missing = [str(w.message) for w in caught if "missing from" in str(w.message)]
    assert missing == []
    # An empty 640×400 Axes saves to about 6 kB (checked); a drawn chart with text is over 10 kB.
    assert path.stat().st_size > 10_000
    image = mpimg.imread(path)
    non_white = (image[..., :3] < 0.95).any(axis=-1).mean()
    assert 0.01 < non_white < 0.9 and image[..., :3].std() > 0.05
    matplotlib.pyplot.close(ax.figure)
    return image


def test_cjk_font_is_found():
    name = zp.cjk_font()
    assert "CJK" in name or "Han" in name or "Hei" in name
    # Debian's fonts-noto-cjk is seen as "Noto Sans CJK JP" (no SC family registered).
    names = {f.name for f in matplotlib.font_manager.fontManager.ttflist}
    if "Noto Sans CJK SC" not in names and "Noto Sans CJK JP" in names:
        assert name == "Noto Sans CJK JP"


def test_font_is_set_only_inside_plots():
    before = list(matplotlib.rcParams["font.sans-serif"])
    ax = zp.bullet(["签约率"], [40.0], [45.0], progress=[37.5])
    assert matplotlib.rcParams["font.sans-serif"] == before
    assert ax.get_yticklabels()[0].get_fontname() == zp.cjk_font()
    matplotlib.pyplot.close(ax.figure)


def test_no_font_names_the_debian_package(monkeypatch):
    monkeypatch.setattr(zp.font_manager.fontManager, "ttflist", [])
    with pytest.raises(zb.InvalidInput, match="fonts-noto-cjk"):
        zp.cjk_font()


def test_funnel_of_district_health_records(year_2025, tmp_path):
    rows = year_2025[year_2025["indicator"] == "health_record_rate"].reset_index(drop=True)
    assert len(rows) >= 5
    ax = zp.funnel(rows, "numerator", "denominator", labels="org_unit_name", title="健康档案建档率 漏斗图")
    limits = zb.funnel_limits(rows, "numerator", "denominator")
    lines = {line.get_label(): line for line in ax.get_lines()}
    upper95 = lines["95% 控制限"]
    # The curve drawn is zhibiao's, at a few of its plotting points.
    xs, ys = upper95.get_data()
    for k in (0, 40, 99):
        assert xs[k] == limits["population"].iloc[k] and ys[k] == pytest.approx(limits["upper_95"].iloc[k])
    # Average line at Σx/Σn of the district's townships (a plain pandas sum).
    average = 100 * rows["numerator"].sum() / rows["denominator"].sum()
    assert lines["平均"].get_ydata()[0] == pytest.approx(average)
    saved(ax, tmp_path, "funnel")


def test_funnel_from_arrays_matches_hand_limits(tmp_path):
    # x/n with average exactly 0.5: the 95% limits at n = 100 are 40.2002 and 59.7998
    # (zb.funnel_limits_at(0.5, [100]), PHE's Wilson limits at p = 0.5, z = 1.96).
    ax = zp.funnel(None, [30, 70, 50, 150], [100, 100, 100, 300], labels=["甲", "乙", "丙", "丁"],
                   title="签约率")
    line = next(l for l in ax.get_lines() if l.get_label() == "95% 控制限")
    xs, ys = line.get_data()
    at = zb.funnel_limits_at(0.5, [100.0])
    assert np.interp(100.0, xs, ys) == pytest.approx(at["upper_95"].iloc[0], abs=0.05)
    assert at["upper_95"].iloc[0] == pytest.approx(59.7998, abs=1e-3)
    # 30/100 and 70/100 lie outside the 99.8% limits (34.5 and 65.5 at n = 100): labelled.
    texts = sorted(t.get_text() for t in ax.texts)
    assert texts == ["乙", "甲"]
    saved(ax, tmp_path, "funnel_arrays")


def test_bullet_colours_by_status(tmp_path):
    # Seed-style 签约率 figures against target 45%, time progress 9/12 of it = 33.75%.
    ax = zp.bullet(["东城街道", "西城街道", "石桥镇"], [46.0, 35.0, 20.0], [45.0] * 3, progress=33.75,
                   title="家庭医生签约率 目标进度")
    bars = [p for p in ax.patches if p.get_height() == pytest.approx(0.35)]
    colours = [matplotlib.colors.to_hex(b.get_facecolor()) for b in bars]
    assert colours == [zp.STATUS_COLOURS["reached"], zp.STATUS_COLOURS["ahead"], zp.STATUS_COLOURS["behind"]]
    saved(ax, tmp_path, "bullet")
    with pytest.raises(zb.InvalidInput, match="statuses"):
        zp.bullet(["a"], [1.0], [2.0], statuses=["late"])


def test_trend_has_chinese_month_labels(tmp_path):
    frame = pd.DataFrame({"period": [zb.Period.month(2025, m) for m in range(1, 7)],
                          "value": [30.1, 32.4, 35.0, 36.2, 38.9, 40.3]})
    frame["lower"], frame["upper"] = frame["value"] - 2, frame["value"] + 2
    ax = zp.trend(frame, lower="lower", upper="upper", target=45, title="签约率趋势")
    ax.figure.canvas.draw()
    assert [t.get_text() for t in ax.get_xticklabels()][2] == "2025年3月"
    saved(ax, tmp_path, "trend")


def test_ranking_of_townships(year_2025, tmp_path):
    rows = year_2025[year_2025["indicator"] == "health_record_rate"].reset_index(drop=True)
    p = rows["numerator"] / rows["denominator"]
    rows["lower"] = 100 * (p - 1.96 * np.sqrt(p * (1 - p) / rows["denominator"]))
    rows["upper"] = 100 * (p + 1.96 * np.sqrt(p * (1 - p) / rows["denominator"]))
    ax = zp.ranking(rows, "org_unit_name", lower="lower", upper="upper", target=90, title="建档率排名")
    top = rows.loc[rows["value"].idxmax(), "org_unit_name"]
    assert ax.get_yticklabels()[0].get_text() == top
    saved(ax, tmp_path, "ranking")


def test_import_zhibiao_does_not_import_matplotlib():
    import subprocess
    import sys

    code = "import sys, zhibiao; print('matplotlib' in sys.modules)"
    # The zhibiao this interpreter imports (the installed package, as in the rest of the suite).
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
