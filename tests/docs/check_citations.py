#!/usr/bin/env python3
"""Every citation of a domain note in the code points at a file and section that exist.

Comments and docstrings cite the notes as `docs/<file>.md §n` (also §n.m, §n–m, §n, §m); each
cited section must be a heading numbered n (`## n. …`, `### n.m …`) in that file. Scans C++,
Python and CMake files under include/, src/, python/, tests/ (but tests/docs/, whose test cites
fake documents), benchmarks/ and examples/.
A citation of DESIGN.md, a design file that was never part of this repository (the domain notes
it held are restated in docs/), fails too.
Usage: check_citations.py [--root DIR]; exit status 1 on a broken citation. Standard library only.
"""
from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

FOLDERS = ("include", "src", "python", "tests", "benchmarks", "examples")
SUFFIXES = {".hpp", ".cpp", ".h", ".py", ".pyi", ".txt", ".cmake"}
# e.g. docs/periods.md §3, docs/units-and-rounding.md §1–2, docs/aggregation.md §1, §3
CITATION = re.compile(r"docs/([A-Za-z0-9_-]+\.md)((?:,?\s*(?:\n\s*(?://+|#)?\s*)?§\d+(?:\.\d+)?(?:[–-]\d+)?)*)")
SECTION = re.compile(r"§(\d+(?:\.\d+)?)(?:[–-](\d+))?")
# Things that must not be cited any more.
FORBIDDEN = [re.compile(r"DESIGN\.md")]


def sections(doc: Path) -> set[str]:
    found = set()
    for line in doc.read_text(encoding="utf-8").splitlines():
        m = re.match(r"^#{2,4}\s+(\d+(?:\.\d+)?)\.?\s", line)
        if m:
            found.add(m.group(1))
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--root", type=Path, default=Path(__file__).resolve().parents[2])
    args = parser.parse_args(argv)
    root = args.root
    errors, count, cache = [], 0, {}
    for folder in FOLDERS:
        for path in sorted((root / folder).rglob("*")):
            if not path.is_file() or (path.suffix not in SUFFIXES and path.name != "CMakeLists.txt"):
                continue
            if "fuzz" in path.parts and path.suffix == "":
                continue
            rel = path.relative_to(root).as_posix()
            if rel.startswith("tests/docs/"):
                continue  # this checker and its test cite fake documents on purpose
            text = path.read_text(encoding="utf-8", errors="replace")
            for pattern in FORBIDDEN:
                for m in pattern.finditer(text):
                    line = text.count("\n", 0, m.start()) + 1
                    errors.append(f"{rel}:{line}: cites {m.group(0)}, which is not in this "
                                  "repository: cite docs/<topic>.md §n")
            for m in CITATION.finditer(text):
                line = text.count("\n", 0, m.start()) + 1
                doc = root / "docs" / m.group(1)
                if not doc.is_file():
                    errors.append(f"{rel}:{line}: cites docs/{m.group(1)}, which does not exist")
                    continue
                known = cache.setdefault(doc, sections(doc))
                for s in SECTION.finditer(m.group(2)):
                    count += 1
                    first, last = s.group(1), s.group(2)
                    wanted = [first] if last is None else [str(n) for n in
                                                           range(int(first), int(last) + 1)]
                    for w in wanted:
                        if w not in known:
                            errors.append(f"{rel}:{line}: cites docs/{m.group(1)} §{w}, which "
                                          "has no such section")
    for error in errors:
        print(error, file=sys.stderr)
    if errors:
        return 1
    print(f"doc citations: {count} sections cited, all found")
    return 0


if __name__ == "__main__":
    sys.exit(main())
