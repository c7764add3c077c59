"""The installed package: importable from a plain script and from a Jupyter kernel of the project
venv, and the README's main job prints seed 000's figures."""
import subprocess
import sys
from pathlib import Path

import pytest

import zhibiao as zb

ROOT = Path(__file__).resolve().parents[2]


def test_version_matches_pyproject():
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert f'version = "{zb.__version__}"' in text


def test_imported_from_the_install_not_the_source_tree():
    # Tests must exercise what pip installed (the compiled _core lives only there).
    assert Path(zb.__file__).resolve().parent != ROOT / "python" / "zhibiao"
    assert Path(zb._core.__file__).name.startswith("_core.cpython-")


def test_plain_script_in_another_directory(tmp_path):
    script = tmp_path / "use_zhibiao.py"
    script.write_text(
        "import zhibiao\nprint(zhibiao.QuotaCompletion(1506, 1600).format(2))\n", encoding="utf-8")
    out = subprocess.run([sys.executable, str(script)], cwd=tmp_path, capture_output=True,
                         text=True, check=True)
    assert out.stdout.strip() == "94.13%"


def test_jupyter_kernel_of_the_venv_imports_zhibiao():
    from jupyter_client.kernelspec import KernelSpecManager
    from jupyter_client.manager import start_new_kernel

    # `.ci/dev` registers the kernel "zhibiao" inside the venv (ipykernel install --sys-prefix).
    spec = KernelSpecManager().get_kernel_spec("zhibiao")
    assert Path(spec.argv[0]) == Path(sys.executable)
    km, kc = start_new_kernel(kernel_name="zhibiao", startup_timeout=120)
    outputs = []

    def keep(msg):
        if msg["msg_type"] == "stream":
            outputs.append(msg["content"]["text"])
        elif msg["msg_type"] == "error":
            outputs.append("\n".join(msg["content"]["traceback"]))

    try:
        reply = kc.execute_interactive(
            "import sys, zhibiao\nprint(sys.prefix)\nprint(zhibiao.sex_ratio(427, 374).format(2))",
            output_hook=keep, timeout=120)
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    assert reply["content"]["status"] == "ok", outputs
    lines = "".join(outputs).split()
    assert lines == [sys.prefix, "114.17"]


def test_main_job_prints_the_seed_figures():
    out = subprocess.run([sys.executable, str(ROOT / "examples" / "district_report.py")],
                         capture_output=True, text=True, check=True)
    table = out.stdout
    # Seed 000 §一(一)–一(二): each figure with its Chinese name, printed with its unit.
    for name, figure in [
        ("免费婚前医学检查任务完成率", "94.13%"),
        ("免费孕前优生任务完成率", "96.77%"),
        ("公共场所卫生监督覆盖率", "83.9%"),
        ("医疗机构卫生监督覆盖率", "96.7%"),
        ("全年接种任务完成率", "91.42%"),
        ("农村孕产妇叶酸增补任务完成率", "97.5%"),
        ("“银龄安康行动”覆盖率", "16.6%"),
        ("出生人口总性别比", "114.17"),
        ("“双随机”抽查完成率", "100%"),
    ]:
        line = next(l for l in table.splitlines() if name in l)
        cells = line.split()
        assert cells.count(figure) == 2, line  # computed and reported
        # 427/374 and 20/20 were solved from the printed 114.17 and 100 %: they cannot disagree,
        # so they say 推算 (derived), never 一致 (issue 14, class 11).
        derived = name in ("出生人口总性别比", "“双随机”抽查完成率")
        assert cells[-1] == ("推算" if derived else "一致"), line
    assert ("复算 9 项：7 项与报告一致，2 项为推算（分母由报告值反推，不可能不一致），0 项不一致。"
            in table)
    # The three quotas not printed were solved from 50.71 %, 55.77 % and 50 %.
    for programme in ("免费婚检", "住院分娩补助", "发放叶酸"):
        line = next(l for l in table.splitlines() if l.startswith(programme))
        assert line.split()[-1] == "推算", line
    assert ("核对 4 项：1 项与报告一致，3 项为推算（任务数由报告值反推，不可能不一致），0 项不一致。"
            in table)
    # Seed 002: 67072 of 164318 doses by 31 May = 40.82 % against 41.67 % (5/12): behind; the
    # printed 40.8 % agrees at one decimal. 婚检 3448 of 6800 = 50.71 %: ahead.
    vaccination = next(l for l in table.splitlines() if l.startswith("全年接种任务"))
    assert vaccination.split()[1:] == ["67072", "164318", "40.82%", "41.67%", "落后", "40.8%", "一致"]
    marriage = next(l for l in table.splitlines() if l.startswith("免费婚检"))
    assert marriage.split()[3:6] == ["50.71%", "41.67%", "超前"]
    assert "落后序时进度0.85个百分点" in table


def test_main_job_flags_a_wrong_reported_figure(tmp_path):
    data = (ROOT / "examples" / "data" / "seed000_2019_sections_1_2.csv").read_text(encoding="utf-8")
    wrong = tmp_path / "wrong.csv"
    wrong.write_text(data.replace(",2,94.13,", ",2,94.12,"), encoding="utf-8")  # banker's rounding
    out = subprocess.run([sys.executable, str(ROOT / "examples" / "district_report.py"), str(wrong)],
                         capture_output=True, text=True)
    assert out.returncode == 1
    assert "1 项不一致" in out.stdout


def test_main_job_in_english_counts_derived_rows_apart():
    out = subprocess.run([sys.executable, str(ROOT / "examples" / "district_report.py"),
                          "--language", "en"], capture_output=True, text=True, check=True)
    assert ("9 figures recomputed: 7 agree, 2 derived (denominator solved from the printed "
            "figure, cannot disagree), 0 differ.") in out.stdout
    assert ("4 quotas checked: 1 agree, 3 derived (quota solved from the printed figure, cannot "
            "disagree), 0 differ.") in out.stdout
