#!/usr/bin/env python3
"""What including one public header costs a consumer: the compile time and peak memory of a
one-line translation unit `#include <zhibiao/<header>.hpp>` per public header (issue 21, item 7).

Each translation unit is compiled to an object file as a consumer would build it (g++ -std=c++20
-O2 -c, Eigen's include directory added), `--repeat` times; the table gives the fastest wall
time and the largest peak resident memory of the compiler, read with getrusage(RUSAGE_CHILDREN).
The fastest of several runs is the least disturbed by other work on the machine.

Usage: compile_time.py [--root DIR] [--repeat N] [--compiler g++] [--header NAME ...]
Standard library only. Prints a Markdown table, slowest header first.
"""
from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def compile_once(compiler: str, include: Path, header: str, workdir: Path) -> tuple[float, float]:
    """Wall seconds and the compiler's peak RSS in MiB for one translation unit."""
    source = workdir / f"{header}.cpp"
    source.write_text(f"#include <zhibiao/{header}.hpp>\n", encoding="utf-8")
    command = [compiler, "-std=c++20", "-O2", "-I", str(include), "-I", "/usr/include/eigen3",
               "-c", str(source), "-o", str(workdir / f"{header}.o")]
    # RUSAGE_CHILDREN's ru_maxrss is the largest of all waited-for children so far, so each
    # measurement runs in its own child process that waits for the compiler alone.
    probe = ("import resource, subprocess, sys, time; t = time.perf_counter(); "
             "subprocess.run(sys.argv[1:], check=True); w = time.perf_counter() - t; "
             "print(w, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    done = subprocess.run([sys.executable, "-c", probe, *command], check=True,
                          capture_output=True, text=True)
    wall, rss_kib = done.stdout.split()
    return float(wall), float(rss_kib) / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=Path(__file__).resolve().parent.parent)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--compiler", default=os.environ.get("CXX", "g++"))
    parser.add_argument("--header", action="append", help="only these headers (no .hpp)")
    args = parser.parse_args()
    include = args.root / "include"
    headers = args.header or sorted(p.stem for p in (include / "zhibiao").glob("*.hpp"))
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for header in headers:
            runs = [compile_once(args.compiler, include, header, Path(tmp))
                    for _ in range(args.repeat)]
            rows.append((header, min(w for w, _ in runs), max(m for _, m in runs)))
    rows.sort(key=lambda r: -r[1])
    print(f"| header | seconds (fastest of {args.repeat}) | peak MiB |")
    print("|---|---:|---:|")
    for header, wall, mib in rows:
        print(f"| {header}.hpp | {wall:.2f} | {mib:.0f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
