"""The HTML report (include/zhibiao/report.hpp, docs/report.md) in a real browser.

tests/cpp/report_sample.cpp writes a sample page with the C++ writer; headless Chromium (Debian's
`chromium`) renders it to a DOM dump and to a PNG. The checks: the rendered text holds the
Chinese indicator names and the figures as the writer printed them (1506 of 1600 = 94.125 %,
printed 94.13 half up; docs/units-and-rounding.md §3), the hostile unit name stays text, and the
screenshot is a picture, not a blank page: it has many colours, among them the status colours of
the bars (report_svg.cpp: met #009E73, not met #D55E00).

The sample program is found through ZHIBIAO_REPORT_SAMPLE (CTest sets it: test report.browser) or
in build/cpp/tests/ of this tree; without it, or without chromium, the tests skip and say why.
"""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _sample_program():
    named = os.environ.get("ZHIBIAO_REPORT_SAMPLE")
    if named:
        return Path(named)
    built = ROOT / "build" / "cpp" / "tests" / "zhibiao_report_sample"
    return built if built.exists() else None


def _browser_env():
    """The environment without the sanitizer settings of .ci/dev sanitize: its Python tests run
    with libasan in LD_PRELOAD, which Chromium inherits and under which it hangs."""
    drop = ("LD_PRELOAD", "ASAN_OPTIONS", "UBSAN_OPTIONS", "LSAN_OPTIONS")
    return {k: v for k, v in os.environ.items() if k not in drop}


def _chromium():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    program = _sample_program()
    if program is None or not program.exists():
        pytest.skip("the sample report program zhibiao_report_sample is not built "
                    "(build the C++ tree, or set ZHIBIAO_REPORT_SAMPLE)")
    browser = _chromium()
    if browser is None:
        pytest.skip("chromium is not installed (Debian package chromium; .ci/dev installs it)")
    out = tmp_path_factory.mktemp("report")
    html = out / "report.html"
    subprocess.run([str(program), str(html)], check=True, timeout=60)
    # --no-sandbox: Chromium refuses to run as root with its sandbox (CI containers run as root).
    flags = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
             f"--user-data-dir={out / 'profile'}"]
    dom = subprocess.run(flags + ["--dump-dom", html.as_uri()], capture_output=True,
                         timeout=120, check=True, env=_browser_env()).stdout.decode("utf-8")
    png = out / "report.png"
    subprocess.run(flags + [f"--screenshot={png}", "--window-size=1200,1600", html.as_uri()],
                   capture_output=True, timeout=120, check=True, env=_browser_env())
    return {"html": html.read_text(encoding="utf-8"), "dom": dom, "png": png}


def test_the_page_has_no_network_reference(page):
    for forbidden in ("http://", "https://", "<script", "<link", "url("):
        assert forbidden not in page["html"], forbidden


def test_the_browser_shows_the_names_and_figures(page):
    dom = page["dom"]
    for name in ("婚前医学检查任务完成率", "产后访视率", "婴儿死亡率", "高血压患者规范管理率",
                 "山王镇", "新庄孜街道"):
        assert name in dom, name
    # The figures as printed: 94.13 (1506 / 1600 × 100 = 94.125, half up), 序时进度 5/12 =
    # 41.67 %, 86.4 % at one decimal, the missing value as a dash with its status in words.
    assert ">94.13%<" in dom
    assert "序时进度 41.67%" in dom
    assert ">86.4%<" in dom
    assert ">—<" in dom and "无数据" in dom
    for status in ("达标", "未达标", "数据不全"):
        assert f">{status}</span>" in dom, status
    # Lower is better: 新庄孜街道 (2.10‰) ranks first, 山王镇 (4.52‰) second, the hostile unit
    # (6.35‰) third, 毕家岗街道 (no value) unranked.
    order = [dom.index(n) for n in ("新庄孜街道</td>", "山王镇</td>", "卫生院 &amp; 分院", "毕家岗街道")]
    assert order == sorted(order)
    # The hostile name is text in the document: no script element came of it.
    assert "&lt;script&gt;alert(1)&lt;/script&gt;卫生院 &amp; 分院" in dom
    assert "<script" not in dom
    # The narrative, beside the figures.
    assert "高于序时进度41.67%。" in dom


def test_the_screenshot_is_a_rendered_page(page):
    image = pytest.importorskip("matplotlib.image", reason="matplotlib decodes the PNG")
    import numpy as np

    pixels = image.imread(str(page["png"]))  # float RGB(A) in 0–1
    assert pixels.shape[0] == 1600 and pixels.shape[1] == 1200
    rgb = np.rint(pixels[:, :, :3] * 255).astype(np.uint8).reshape(-1, 3)
    colours = {tuple(c) for c in np.unique(rgb, axis=0)}
    assert len(colours) > 50  # text anti-aliasing alone gives hundreds of greys
    # The bars' status colours are drawn: met (94.13 % ≥ 90 %) and not met (86.4 % < 90 %).
    assert (0x00, 0x9E, 0x73) in colours
    assert (0xD5, 0x5E, 0x00) in colours


# ---- the Python binding (zhibiao.html_report, python/zhibiao/_report.py) ------------------------

def _zhibiao():
    return pytest.importorskip("zhibiao", reason="the zhibiao package is not installed")


QUOTA = {"indicator": "q", "name": "婚前医学检查任务完成率", "unit": "%", "value": 94.125,
         "numerator": 1506, "denominator": 1600, "multiplier": 100, "target": 90,
         "target_text": "≥90%", "status": "met", "time_progress": 41.67}


def test_binding_writes_the_page():
    zb = _zhibiao()
    html = zb.html_report([QUOTA], title="A&B", narrative=["一句<b>。"])
    # 1506 / 1600 × 100 = 94.125, half up: 94.13; the bar 94.13 % of the 0–100 axis is drawn
    # from the value 94.125: width 94.125.
    assert ">94.13%<" in html
    assert 'class="value" x="0" y="6" width="94.125"' in html
    assert "<title>A&amp;B</title>" in html and "一句&lt;b&gt;。" in html


def test_binding_takes_a_dataframe_and_ranks_lower_is_better_ascending():
    zb = _zhibiao()
    import pandas as pd

    rows = pd.DataFrame([QUOTA, dict(QUOTA, indicator="r", value=float("nan"), status="met")])
    ranking = {"indicator": "m", "name": "婴儿死亡率", "unit": "‰", "direction": "lower_is_better",
               "entries": [{"code": "T1", "name": "<script>x</script> & 镇", "value": 4.5},
                           {"code": "T2", "name": "街道", "value": 2.1}]}
    html = zb.html_report(rows, rankings=[ranking])
    assert html.index('data-unit="T2"') < html.index('data-unit="T1"')
    assert "&lt;script&gt;x&lt;/script&gt; &amp; 镇" in html and "<script" not in html
    assert ">—<" in html and "nan" not in html.lower().replace("nano", "")


@pytest.mark.parametrize("rows, field", [
    ([dict(QUOTA, decimals=16)], "rows[0].decimals"),
    ([dict(QUOTA, decimals=10**30)], "rows[0].decimals"),
    ([dict(QUOTA, value="94")], "rows[0].value"),
    ([dict(QUOTA, target=float("inf"))], "rows[0].target"),
    ([dict(QUOTA, status="ok")], "rows[0].status"),
    ([dict(QUOTA, colour="red")], "rows[0].colour"),
    ("abc", "rows"),
])
def test_binding_names_the_bad_field(rows, field):
    zb = _zhibiao()
    with pytest.raises(zb.InvalidInput, match=field.replace("[", r"\[").replace("]", r"\]")):
        zb.html_report(rows)


# ---- the main job's page: `zhibiao report` on the example district ------------------------------

def _zhibiao_program():
    """The compiled command-line tool: ZHIBIAO_CLI, this tree's build, or the package's copy."""
    named = os.environ.get("ZHIBIAO_CLI")
    if named and named != "python":
        return Path(named)
    built = ROOT / "build" / "cpp" / "tools" / "zhibiao" / "zhibiao"
    if built.exists():
        return built
    try:
        import zhibiao
    except ImportError:
        return None
    packaged = Path(zhibiao.__file__).parent / "bin" / "zhibiao"
    return packaged if packaged.exists() else None


def test_the_district_report_renders_in_the_browser(tmp_path):
    """`zhibiao report` without DIR (examples/district, README there: the planted stories) as
    Chromium shows it: the district's name, the indicator that misses its target with its figures
    (3.89 childcare places per 1,000 against 4.5), the 同比 sentence of blood-pressure control
    (54.17 % → 60.77 %, 6.60 points), and a screenshot that is a page, not a blank."""
    program = _zhibiao_program()
    if program is None:
        pytest.skip("the zhibiao program is not built (build the C++ tree, or set ZHIBIAO_CLI)")
    browser = _chromium()
    if browser is None:
        pytest.skip("chromium is not installed (Debian package chromium; .ci/dev installs it)")
    html = tmp_path / "district.html"
    done = subprocess.run([str(program), "report", "--output", str(html)], capture_output=True,
                          timeout=120)
    assert done.returncode == 1, done.stderr  # a missed target and an incomplete row: planted
    flags = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
             f"--user-data-dir={tmp_path / 'profile'}"]
    dom = subprocess.run(flags + ["--dump-dom", html.as_uri()], capture_output=True,
                         timeout=120, check=True, env=_browser_env()).stdout.decode("utf-8")
    for text in ("示例区", "每千人口3岁以下婴幼儿托位数", "未达标", "石桥镇",
                 "管理人群血压控制率60.77%，达到不低于60%的目标，较去年同期增加6.60个百分点。"):
        assert text in dom, text
    assert "3.89" in dom and "4.5" in dom
    png = tmp_path / "district.png"
    subprocess.run(flags + [f"--screenshot={png}", "--window-size=1200,1600", html.as_uri()],
                   capture_output=True, timeout=120, check=True, env=_browser_env())
    image = pytest.importorskip("matplotlib.image", reason="matplotlib decodes the PNG")
    import numpy as np

    rgb = np.rint(image.imread(str(png))[:, :, :3] * 255).astype(np.uint8).reshape(-1, 3)
    assert len(np.unique(rgb, axis=0)) > 50
