"""The README's bad-input table (issue 9, part 4): at least 15 kinds of bad input, and every test
it names exists (a C++ GoogleTest `Suite.Name` in tests/cpp, a pytest function in tests/python)."""
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def table_rows():
    section = README.split("## Bad input", 1)[1].split("\n## ", 1)[0]
    return [line for line in section.splitlines()
            if line.startswith("| ") and not line.startswith("| bad input")]


def test_the_table_has_at_least_15_kinds_of_bad_input_each_backed_by_a_test():
    rows = table_rows()
    assert len(rows) >= 15
    for row in rows:
        assert re.search(r"`tests/(cpp|python)/[^`]+::[^`]+`", row), row


def test_every_test_named_in_the_table_exists():
    named = re.findall(r"`(tests/(?:cpp|python)/[^`:]+)::([^`]+)`", "\n".join(table_rows()))
    assert len(named) >= 15
    missing = []
    for path, name in named:
        text = (ROOT / path).read_text(encoding="utf-8")
        if path.endswith(".cpp"):
            suite, test = name.split(".")
            found = re.search(rf"\bTEST(_F)?\(\s*{suite}\s*,\s*{test}\s*\)", text)
        else:
            found = re.search(rf"^def {re.escape(name)}\(", text, re.M)
        if not found:
            missing.append(f"{path}::{name}")
    assert missing == []
