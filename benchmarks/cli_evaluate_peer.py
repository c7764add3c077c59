"""`zhibiao evaluate` on a 10^6-row CSV against the same computation in pandas (issue 18).

    .venv/bin/python benchmarks/cli_evaluate_peer.py [--zhibiao build/cpp/tools/zhibiao/zhibiao]
                                                      [--facilities 9260] [--runs 3]

The data: one district, 40 townships and `--facilities` facilities (8,334 by default), each
reporting 10 data elements of the built-in catalog for the 12 months of 2024 (live births by sex,
as the catalog disaggregates them, and 8 counts over them): 10 × 12 × 8,334 = 1,000,080 rows of `element,org_unit,period,value` (seeded, written once to a temporary directory).
The 9 indicators of the catalog built only from those elements (early pregnancy registration,
postpartum and newborn visits, maternal systematic management, caesarean rate; infant, neonatal
and under-5 mortality, all over live births; the sex ratio at birth; elements aggregated by sum)
are evaluated for the year at every org unit: 8,375 units × 9 indicators = 75,375 rows as CSV.

Both sides do the same work, each in its own process (so peak memory is each one's own, from
os.wait4's ru_maxrss):
  zhibiao  `zhibiao evaluate data.csv --org-units org_units.csv --period 2024 --format csv
           --output out.csv`: read, load the cube (every row checked), roll up the tree,
           divide, round half up at the indicator's decimals, write.
  pandas   the idiom a competent pandas user writes: read_csv with categorical element and
           org_unit, groupby(org_unit, element).sum() unstacked to facility × element, the
           facility → township and township → district roll-ups by groupby(parent).sum(),
           numerator / denominator × multiplier per indicator, round(2), to_csv. It checks
           nothing (no unknown element, period or duplicate key), which is work zhibiao does
           and the peer is spared.

The script checks that both give the same numerators and denominators at every unit and values
within the printed rounding (the peer's round() is half-even on binary doubles, zhibiao's is half
up on the exact ratio: they may differ by one unit in the last printed place, and the script
counts where), then prints the median wall and CPU time and the peak memory of each side and the
ratios.
"""
from __future__ import annotations

import argparse
import csv
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ELEMENTS = ("live_births.male", "live_births.female", "early_pregnancy_registered", "postpartum_visited", "newborns_visited",
            "maternal_systematically_managed", "caesarean_live_births", "infant_deaths",
            "neonatal_deaths", "under5_deaths")
# indicator id: numerator, denominator, multiplier (the catalog's units: % 100, ‰ 1000)
INDICATORS = {
    "early_pregnancy_registration_rate": ("early_pregnancy_registered", "live_births", 100),
    "postpartum_visit_rate": ("postpartum_visited", "live_births", 100),
    "newborn_visit_rate": ("newborns_visited", "live_births", 100),
    "maternal_systematic_management_rate": ("maternal_systematically_managed", "live_births", 100),
    "caesarean_rate": ("caesarean_live_births", "live_births", 100),
    "infant_mortality_rate": ("infant_deaths", "live_births", 1000),
    "neonatal_mortality_rate": ("neonatal_deaths", "live_births", 1000),
    "under5_mortality_rate": ("under5_deaths", "live_births", 1000),
    "sex_ratio_at_birth": ("live_births.male", "live_births.female", 100),
}

PANDAS_PEER = r'''
import sys
import numpy as np
import pandas as pd
data, units, out = sys.argv[1:4]
indicators = eval(sys.argv[4])
tree = pd.read_csv(units, dtype=str, keep_default_na=False)
parent = tree.set_index("code")["parent"]
frame = pd.read_csv(data, dtype={"element": "category", "org_unit": "category", "period": "int32",
                                 "value": "float64"})
frame = frame[(frame["period"] >= 202401) & (frame["period"] <= 202412)]
facility = frame.groupby(["org_unit", "element"], observed=True)["value"].sum().unstack()
# live births are reported by sex (the catalog's disaggregation): the total is their sum
facility["live_births"] = facility["live_births.male"] + facility["live_births.female"]
township = facility.groupby(parent.reindex(facility.index).to_numpy()).sum()
district = township.groupby(parent.reindex(township.index).to_numpy()).sum()
levels = pd.concat([district, township, facility])
pieces = []
for ind, (num, den, mult) in indicators.items():
    n, d = levels[num], levels[den]
    pieces.append(pd.DataFrame({"org_unit": levels.index, "indicator": ind, "numerator": n.to_numpy(),
                                "denominator": d.to_numpy(), "value": (n / d * mult).round(2).to_numpy()}))
pd.concat(pieces).to_csv(out, index=False)
'''


def write_inputs(directory: Path, facilities: int) -> int:
    rng = random.Random(20261202)
    townships = 40
    with open(directory / "org_units.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["code", "name", "parent"])
        w.writerow(["D", "示例区", ""])
        for t in range(townships):
            w.writerow([f"T{t:02d}", f"乡镇{t}", "D"])
        for i in range(facilities):
            w.writerow([f"F{i:05d}", f"机构{i}", f"T{i % townships:02d}"])
    rows = 0
    with open(directory / "data.csv", "w", newline="", encoding="utf-8") as f:
        f.write("element,org_unit,period,value\n")
        for i in range(facilities):
            unit = f"F{i:05d}"
            for month in range(1, 13):
                boys, girls = rng.randint(10, 32), rng.randint(10, 30)
                births = boys + girls
                counts = {
                    "live_births.male": boys,
                    "live_births.female": girls,
                    "early_pregnancy_registered": births - rng.randint(0, 6),
                    "postpartum_visited": births - rng.randint(0, 4),
                    "newborns_visited": births - rng.randint(0, 4),
                    "maternal_systematically_managed": births - rng.randint(0, 8),
                    "caesarean_live_births": rng.randint(births // 4, births // 2),
                    "infant_deaths": int(rng.random() < 0.15),
                    "neonatal_deaths": int(rng.random() < 0.08),
                    "under5_deaths": int(rng.random() < 0.2),
                }
                period = f"2024{month:02d}"
                f.writelines(f"{e},{unit},{period},{counts[e]}\n" for e in ELEMENTS)
                rows += len(ELEMENTS)
    return rows


def timed(command: list) -> tuple:
    """Wall seconds, CPU seconds (user + system) and peak resident set (MiB) of one child
    process; the CPU time is the figure to compare on a loaded machine."""
    start = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - start
    stderr = child.stderr.read().decode("utf-8", "replace")
    child.stderr.close()
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):  # 1: a row not ok (valid data, a check failed) is still a result
        sys.exit(f"{command[0]} failed with status {code}: {stderr}")
    return seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def compare(zhibiao_csv: Path, pandas_csv: Path) -> tuple:
    def rows(path, value_key):
        with open(path, encoding="utf-8") as f:
            return {(r["org_unit"], r["indicator"]): (float(r["numerator"]), float(r["denominator"]),
                                                      float(r[value_key])) for r in csv.DictReader(f)}
    ours, peers = rows(zhibiao_csv, "value"), rows(pandas_csv, "value")
    if ours.keys() != peers.keys():
        sys.exit(f"the two sides give different rows: {len(ours)} against {len(peers)}")
    last_place = 0
    for key, (n, d, v) in ours.items():
        pn, pd_, pv = peers[key]
        if (n, d) != (pn, pd_):
            sys.exit(f"{key}: numerator/denominator {n}/{d} against the peer's {pn}/{pd_}")
        if abs(v - pv) > 0.010000001:
            sys.exit(f"{key}: value {v} against the peer's {pv}")
        last_place += v != pv
    return len(ours), last_place


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--zhibiao", default=str(ROOT / "build" / "cpp" / "tools" / "zhibiao" / "zhibiao"))
    parser.add_argument("--facilities", type=int, default=8334)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    tool = shutil.which(args.zhibiao) or args.zhibiao
    if not os.access(tool, os.X_OK):
        sys.exit(f"no zhibiao executable at {tool}: build it (cmake --build build/cpp) or pass --zhibiao")
    with tempfile.TemporaryDirectory() as tmp:
        d = Path(tmp)
        rows = write_inputs(d, args.facilities)
        ours = [tool, "evaluate", str(d / "data.csv"), "--org-units", str(d / "org_units.csv"),
                "--period", "2024", "--indicators", ",".join(INDICATORS), "--format", "csv",
                "--output", str(d / "zhibiao.csv")]
        peer = [sys.executable, "-c", PANDAS_PEER, str(d / "data.csv"), str(d / "org_units.csv"),
                str(d / "pandas.csv"), repr(INDICATORS)]
        results = {"zhibiao": [], "pandas": []}
        for _ in range(args.runs):
            results["zhibiao"].append(timed(ours))
            results["pandas"].append(timed(peer))
        checked, last_place = compare(d / "zhibiao.csv", d / "pandas.csv")
    print(f"input rows: {rows}; result rows compared: {checked} "
          f"(numerators and denominators equal; {last_place} values differ in the last printed "
          "place by the rounding rule)")
    print("side, median_wall_seconds, median_cpu_seconds, peak_MiB")
    for side, runs in results.items():
        print(f"{side}, {statistics.median(w for w, _, _ in runs):.3f}, "
              f"{statistics.median(c for _, c, _ in runs):.3f}, {max(m for _, _, m in runs):.0f}")
    for i, what in ((0, "wall"), (1, "cpu")):
        z = statistics.median(r[i] for r in results["zhibiao"])
        p = statistics.median(r[i] for r in results["pandas"])
        print(f"pandas / zhibiao {what} time: {p / z:.2f}")


if __name__ == "__main__":
    main()
