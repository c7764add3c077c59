"""The README's snippets are real code: its C++ block is examples/readme.cpp (built and run by
CTest), its Python block runs here, and its first block is the two commands CI relies on."""
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def block(language, index=0):
    return re.findall(rf"```{language}\n(.*?)```", README, re.S)[index]


def test_first_block_holds_exactly_the_two_commands():
    first = re.search(r"```\w*\n(.*?)```", README, re.S).group(1)
    commands = [line.split("#")[0].strip() for line in first.splitlines() if line.strip()]
    assert commands == ["bash .ci/dev report", "bash .ci/dev test"]
    assert "bash .ci/dev test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_cpp_block_is_the_built_example():
    assert block("cpp") == (ROOT / "examples" / "readme.cpp").read_text(encoding="utf-8")


def test_python_blocks_run():
    namespace = {}
    exec(compile(block("python", 0), "README.md", "exec"), namespace)
    exec(compile(block("python", 1), "README.md", "exec"), namespace)
    fy = namespace["zb"].aggregate_time(namespace["monthly"], "financial_year", year_start_month=10)
    assert fy.values.iloc[0].tolist() == [90.0, 120.0, 30.0]  # 9, 12 and 3 months of 10
    exec(compile(block("python", 2), "README.md", "exec"), namespace)
    # 59902 / 178005 = 33.65 % (seed 000); the townships' 30.00 % and 38.33 %.
    assert namespace["table"].display.tolist() == ["33.65%", "30.00%", "38.33%"]
    # December only, 1 of 12 months, yet complete: year-end stocks (`last`) and a population
    # (`average_sum_org_unit`) stand for the year (docs/aggregation.md §5.1).
    assert namespace["table"].months_reported.tolist() == [1, 1, 1]
    assert namespace["table"].units_complete.tolist() == [2, 1, 1]
    assert namespace["table"].units_expected.tolist() == [2, 1, 1]
    assert namespace["col"].rounded.tolist() == [83.9, 96.7]
    assert namespace["bad_rows"][0] == (1, "numerator", "is negative (-1)")
    assert [r[0] for r in namespace["bad_rows"]] == [1, 2]
