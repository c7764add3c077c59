"""DataCube.load_csv alone: rows a second and peak memory on a generated long CSV (issue 16 item 4).

    .venv/bin/python benchmarks/csv_load.py [--facilities N] [--runs R] [--folder DIR]

The CSV is benchmarks/pipeline.py's (same generator and seed): N facilities (default 20,000)
under a 5-level tree × 12 months × 20 data elements, so N × 240 rows (4,800,000 by default,
105 MB). Each run is a fresh child process that builds the tree and the cube (untimed), then
times cube.load_csv(path) only (wall clock and the process's CPU time: on a shared machine
the CPU time is the steadier of the two); its peak resident memory is ru_maxrss from os.wait4, and the
child also prints its resident memory before the load, so that the load's own share can be
told. The median of the runs is printed with `uptime`'s load average (the machine is shared).
--folder keeps the generated files there (reused when present) instead of a temporary folder.
docs/benchmarks.md §9 has the numbers.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from typing import List

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pipeline  # noqa: E402  (the same generator as the end-to-end benchmark)


def child(units: str, data: str) -> None:
    import pandas as pd
    import zhibiao as zb

    tree = zb.org_unit_tree(pd.read_csv(units, dtype=str))
    cube = zb.DataCube(tree, [zb.DataElement(e) for e in pipeline.ELEMENTS], zb.Period.month(2024, 1), 12)
    with open("/proc/self/status") as f:
        before = next(int(line.split()[1]) for line in f if line.startswith("VmRSS:"))
    t0, c0 = time.perf_counter(), time.process_time()
    loaded, errors = cube.load_csv(data)
    seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
    assert not errors and loaded == cube.value_count, (loaded, errors[:3])
    print(seconds, cpu, loaded, before)


def main(argv: List[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--facilities", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--folder", default=None, help="keep (and reuse) the generated files here")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(*args.child)
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.folder or tmp
        os.makedirs(folder, exist_ok=True)
        units, data = os.path.join(folder, "org_units.csv"), os.path.join(folder, "data.csv")
        if not (os.path.exists(units) and os.path.exists(data)):
            units, data = pipeline.generate(folder, args.facilities)
        size = os.path.getsize(data)
        times, cpus, peaks = [], [], []
        for _ in range(args.runs):
            proc = subprocess.Popen([sys.executable, os.path.abspath(__file__), "--child", units, data],
                                    stdout=subprocess.PIPE, text=True)
            out = proc.stdout.read() if proc.stdout else ""
            _, status, usage = os.wait4(proc.pid, 0)
            if status != 0:
                print("child failed", file=sys.stderr)
                return 1
            seconds, cpu, rows, before = out.split()
            times.append(float(seconds))
            cpus.append(float(cpu))
            peaks.append((usage.ru_maxrss / 1024, int(before) / 1024))
        t, c = statistics.median(times), statistics.median(cpus)
        rows = int(rows)
        peak, before = max(peaks)
        print(f"{rows:,} rows, {size / 1e6:.0f} MB: load_csv median {t:.3f} s of {args.runs} "
              f"({', '.join(f'{x:.3f}' for x in times)}), {rows / t / 1e6:.2f} M rows/s, "
              f"{t / rows * 1e9:.0f} ns a row; CPU time median {c:.3f} s ({c / rows * 1e9:.0f} ns a row); peak RSS {peak:,.0f} MB ({before:,.0f} MB before the load)")
        print("uptime:", subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
