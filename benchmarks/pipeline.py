"""The indicator pipeline, end to end, from a CSV file on disk (issue 16 item 4).

    .venv/bin/python benchmarks/pipeline.py [--quick] [--facilities N] [--runs R] [--side NAME ...]

A seeded long CSV (element, org_unit, period, value: the layout DataCube.load_csv reads and DHIS2
exports) of N facilities (default 200,000) × 12 months × 20 data elements, and an org-unit table
(code, name, parent) of a 5-level tree, are written to a temporary directory. Each side then does
the same work, timed from reading the files to its result table in memory: roll every element up
to every org unit of every level, for each month and the year, and evaluate 10 indicators
(ratios of sums ×100 or ×1000, three with composite numerators or denominators).

  zhibiao     zb.org_unit_tree, DataCube.load_csv (the C++ CSV reader), zb.evaluate over every
              unit and the 12 months + the year (display=False): its long result table
  pandas      read_csv (engine="c": Debian has no pyarrow; dtype= with categories), the facility-
              month sums (groupby + unstack), merged with the org-unit structure (one ancestor
              column per level), one groupby per level, the indicators as columns
  postgresql  a cluster of its own (initdb in a temporary directory, Unix socket only, run as the
              unprivileged user postgres), COPY of both files, an _orgunitstructure table with
              uidlevel1..5 (recursive CTE) and an analytics table with those level columns, as
              DHIS2's analytics tables have, one GROUP BY GROUPING SETS query for all levels and
              both period kinds with the indicators computed in SQL, read back through psql
              COPY TO STDOUT (Debian has no python3-psycopg2). The server is started before and
              stopped after each run (untimed), so that its peak memory is that run's.

Every run is a fresh child process; its peak resident memory is the ru_maxrss of os.wait4 (for
PostgreSQL the largest of the server's processes, and the client process, each reported). The
results are put in one (indicator, unit, period) array each, untimed, and must agree to 1e-9.
Goals (issue 16): zhibiao ≥ 5× pandas, ≥ 10× PostgreSQL, peak memory ≤ pandas'. Exit status 1
on a missed goal; --quick (2,000 facilities, one run) checks agreement only. docs/benchmarks.md §9.
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from typing import Dict, List, Tuple

import numpy as np

PG_BIN = "/usr/lib/postgresql/15/bin"
ELEMENTS = [f"e{i:02d}" for i in range(1, 21)]
MONTHS = [f"2024{m:02d}" for m in range(1, 13)]
PERIODS = MONTHS + ["2024"]
# (id, numerator, denominator, multiplier): ratios of sums; three composite.
INDICATORS = [(f"i{k:02d}", [f"e{2 * k - 1:02d}"], [f"e{2 * k:02d}"], 100.0) for k in range(1, 7)] + [
    ("i07", ["e13", "e14"], ["e15"], 100.0),
    ("i08", ["e16", "e17"], ["e18"], 100.0),
    ("i09", ["e19", "e01"], ["e20"], 100.0),
    ("i10", ["e13", "e16", "e19"], ["e15", "e18"], 1000.0),
]
BRANCHING = (10, 10, 20)  # prefectures, counties per prefecture, townships per county: 2,000 townships


# --- data ------------------------------------------------------------------------------------------

def tree_codes(facilities: int) -> Tuple[List[str], List[str], List[int]]:
    """Codes, parents and levels of a 5-level tree: 1 province, 10 prefectures, 100 counties,
    2,000 townships, the facilities spread evenly over the townships."""
    codes, parents, levels = ["P"], [""], [1]
    prev = ["P"]
    for level, (name, n) in enumerate(zip("CKT", BRANCHING), start=2):
        cur = [f"{name}{i}" for i in range(len(prev) * n)]
        codes += cur
        parents += [prev[i // n] for i in range(len(cur))]
        levels += [level] * len(cur)
        prev = cur
    fac = [f"F{i}" for i in range(facilities)]
    codes += fac
    parents += [prev[i * len(prev) // facilities] for i in range(facilities)]
    levels += [5] * facilities
    return codes, parents, levels


def generate(folder: str, facilities: int, seed: int = 16) -> Tuple[str, str]:
    rng = np.random.default_rng(seed)
    codes, parents, _ = tree_codes(facilities)
    units = os.path.join(folder, "org_units.csv")
    with open(units, "w") as f:
        f.write("code,name,parent\n")
        f.writelines(f"{c},{c},{p}\n" for c, p in zip(codes, parents))
    data = os.path.join(folder, "data.csv")
    fac = codes[-facilities:]
    # Whole counts (sums exact in float64); the odd elements are numerators (mean 30), the even
    # ones denominators (mean 200, never 0), so that every ratio is defined.
    with open(data, "w") as f:
        f.write("element,org_unit,period,value\n")
        for p in MONTHS:
            for k, e in enumerate(ELEMENTS):
                vals = (rng.poisson(30, facilities) if k % 2 == 0 else rng.poisson(200, facilities) + 1).tolist()
                prefix = f"{e},"
                suffix = f",{p},"
                f.write("".join([f"{prefix}{c}{suffix}{v}\n" for c, v in zip(fac, vals)]))
    return units, data


def canonical(n_units: int) -> np.ndarray:
    return np.full((len(INDICATORS), n_units, len(PERIODS)), np.nan)


# --- the sides (each run in a child process) -------------------------------------------------------

def side_zhibiao(units: str, data: str, out: str) -> float:
    import pandas as pd
    import zhibiao as zb

    t0 = time.perf_counter()
    tree = zb.org_unit_tree(pd.read_csv(units, dtype=str))
    cube = zb.DataCube(tree, [zb.DataElement(e) for e in ELEMENTS], zb.Period.month(2024, 1), 12)
    cube.load_csv(data)
    unit = {100.0: "percent", 1000.0: "per_mille"}
    inds = [zb.Indicator(i, "+".join(f"#{{{e}}}" for e in num), "+".join(f"#{{{e}}}" for e in den), unit=unit[m])
            for i, num, den, m in INDICATORS]
    result = zb.evaluate(cube, inds, np.arange(len(tree)), PERIODS, display=False)
    seconds = time.perf_counter() - t0
    a = canonical(len(tree))
    ind = pd.Categorical(result["indicator"], categories=[i[0] for i in INDICATORS]).codes
    per = pd.Categorical(result["period"], categories=PERIODS).codes
    uix = pd.Categorical(result["org_unit"], categories=list(tree.codes)).codes
    a[ind, uix, per] = result["value"].to_numpy()
    np.save(out, a)
    return seconds


def indicator_columns(sums) -> Dict[str, object]:
    return {i: sum(sums[e] for e in num) / sum(sums[e] for e in den) * m for i, num, den, m in INDICATORS}


def side_pandas(units: str, data: str, out: str) -> float:
    import pandas as pd

    t0 = time.perf_counter()
    long = pd.read_csv(data, engine="c", dtype={"element": "category", "org_unit": "category",
                                                "period": "category", "value": "float64"})
    ou = pd.read_csv(units, dtype=str)
    # The org-unit structure: each unit's ancestor at every level above it (uidlevel1..5).
    parent = ou.set_index("code")["parent"]
    chain = [ou["code"]]
    while True:
        up = parent.reindex(chain[-1].to_numpy()).reset_index(drop=True)
        if up.isna().all():
            break
        chain.append(up)
    depth = pd.concat(chain, axis=1).notna().sum(axis=1).to_numpy()
    structure = pd.DataFrame({"code": ou["code"]})
    for level in range(1, len(chain) + 1):
        # the ancestor at `level` is chain[depth - level]
        col = np.full(len(ou), None, dtype=object)
        for k, c in enumerate(chain):
            take = depth - level == k
            col[take] = c.to_numpy()[take]
        structure[f"uidlevel{level}"] = col
    # Facility-month sums of each element (one row per facility and month, 20 columns).
    wide = long.groupby(["org_unit", "period", "element"], observed=True)["value"].sum().unstack("element")
    wide = wide.reset_index()
    wide["org_unit"] = wide["org_unit"].astype(str)
    wide["period"] = wide["period"].astype(str)
    merged = wide.merge(structure, left_on="org_unit", right_on="code", how="left")
    tables = []
    for level in range(1, len(chain) + 1):
        key = f"uidlevel{level}"
        monthly = merged.groupby([key, "period"], sort=False)[ELEMENTS].sum()
        yearly = merged.groupby(key, sort=False)[ELEMENTS].sum()
        yearly.index = pd.MultiIndex.from_arrays([yearly.index, np.full(len(yearly), "2024", dtype=object)],
                                                 names=[key, "period"])
        for part in (monthly, yearly):
            table = pd.DataFrame(indicator_columns(part), index=part.index)
            table.index.names = ["org_unit", "period"]
            tables.append(table)
    result = pd.concat(tables)
    seconds = time.perf_counter() - t0
    a = canonical(len(ou))
    uix = pd.Categorical(result.index.get_level_values(0), categories=ou["code"]).codes
    per = pd.Categorical(result.index.get_level_values(1), categories=PERIODS).codes
    for k, (i, *_rest) in enumerate(INDICATORS):
        a[k, uix, per] = result[i].to_numpy()
    np.save(out, a)
    return seconds


def pg_sql(units: str, data: str) -> Tuple[str, str]:
    """The load and the analytics table, then the roll-up query (read back with COPY TO STDOUT)."""
    levels = range(1, 6)
    load = f"""
SET client_min_messages = warning;
DROP TABLE IF EXISTS datavalue, organisationunit, _orgunitstructure, analytics;
CREATE UNLOGGED TABLE datavalue (element text, org_unit text, period text, value double precision);
COPY datavalue FROM '{data}' WITH (FORMAT csv, HEADER true);
CREATE UNLOGGED TABLE organisationunit (code text PRIMARY KEY, name text, parent text);
COPY organisationunit FROM '{units}' WITH (FORMAT csv, HEADER true);
CREATE UNLOGGED TABLE _orgunitstructure AS
WITH RECURSIVE s(code, level, path) AS (
  SELECT code, 1, ARRAY[code] FROM organisationunit WHERE parent IS NULL
  UNION ALL
  SELECT o.code, s.level + 1, s.path || o.code FROM organisationunit o JOIN s ON o.parent = s.code)
SELECT code, level, {", ".join(f"path[{k}] AS uidlevel{k}" for k in levels)} FROM s;
CREATE UNLOGGED TABLE analytics AS
SELECT d.element AS dx, {", ".join(f"s.uidlevel{k}" for k in levels)},
       d.period AS monthly, left(d.period, 4) AS yearly, d.value
FROM datavalue d JOIN _orgunitstructure s ON s.code = d.org_unit;
"""
    sums = ", ".join(f"sum(value) FILTER (WHERE dx = '{e}') AS {e}" for e in ELEMENTS)
    sets = ", ".join(f"(uidlevel{k}, monthly), (uidlevel{k}, yearly)" for k in levels)
    unit = "COALESCE(" + ", ".join(f"uidlevel{k}" for k in reversed(levels)) + ")"
    inds = ", ".join(f"({' + '.join(num)}) / ({' + '.join(den)}) * {m} AS {i}" for i, num, den, m in INDICATORS)
    # uidlevelK is never NULL at level ≥ K for a facility, so the unit of a grouping set is its
    # one non-NULL level column; the period is the grouped one.
    query = (f"COPY (SELECT {unit} AS org_unit, COALESCE(monthly, yearly) AS period, {inds} FROM "
             f"(SELECT {', '.join(f'uidlevel{k}' for k in levels)}, monthly, yearly, {sums} FROM analytics "
             f"GROUP BY GROUPING SETS ({sets})) g) TO STDOUT WITH (FORMAT csv)")
    return load, query


def side_postgresql(units: str, data: str, out: str, socket_dir: str) -> float:
    import pandas as pd

    load, query = pg_sql(units, data)
    psql = ["runuser", "-u", "postgres", "--", f"{PG_BIN}/psql", "-X", "-q", "-v", "ON_ERROR_STOP=1",
            "-h", socket_dir, "-d", "postgres"]
    t0 = time.perf_counter()
    subprocess.run(psql + ["-c", load], check=True)
    reader = subprocess.Popen(psql + ["-c", query], stdout=subprocess.PIPE)
    result = pd.read_csv(reader.stdout, header=None, names=["org_unit", "period"] + [i[0] for i in INDICATORS],
                         dtype={"org_unit": str, "period": str}, engine="c")
    if reader.wait() != 0:
        raise RuntimeError("psql: the roll-up query failed")
    seconds = time.perf_counter() - t0
    codes, _, _ = tree_codes(int(os.environ["PIPELINE_FACILITIES"]))
    a = canonical(len(codes))
    uix = pd.Categorical(result["org_unit"], categories=codes).codes
    per = pd.Categorical(result["period"], categories=PERIODS).codes
    for k, (i, *_rest) in enumerate(INDICATORS):
        a[k, uix, per] = result[i].to_numpy()
    np.save(out, a)
    return seconds


# --- the PostgreSQL cluster ------------------------------------------------------------------------

class Cluster:
    """initdb in a temporary directory owned by postgres; the server listens on a Unix socket in
    that directory only (listen_addresses = ''). Settings for a bulk analytics job, favouring
    PostgreSQL: no fsync or WAL durability (the tables are UNLOGGED anyway), 1 GB shared buffers,
    256 MB work_mem (DHIS2's documentation advises raising both for analytics)."""

    def __init__(self, root: str):
        self.dir = os.path.join(root, "pg")
        os.makedirs(self.dir)
        shutil.chown(self.dir, "postgres", "postgres")
        self.data = os.path.join(self.dir, "data")
        self.server = None
        self.run(f"{PG_BIN}/initdb", "-D", self.data, "-A", "trust", "-U", "postgres", "--no-sync",
                 stdout=subprocess.DEVNULL)

    def run(self, *cmd, **kw):
        return subprocess.run(["runuser", "-u", "postgres", "--", *cmd], check=True, **kw)

    def start(self) -> None:
        self.server = subprocess.Popen(
            ["runuser", "-u", "postgres", "--", f"{PG_BIN}/postgres", "-D", self.data, "-k", self.dir,
             "-c", "listen_addresses=", "-c", "fsync=off", "-c", "synchronous_commit=off",
             "-c", "full_page_writes=off", "-c", "shared_buffers=1GB", "-c", "work_mem=256MB",
             "-c", "maintenance_work_mem=512MB", "-c", "max_wal_size=4GB"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(300):
            if subprocess.run(["runuser", "-u", "postgres", "--", f"{PG_BIN}/pg_isready", "-q", "-h", self.dir]).returncode == 0:
                return
            if self.server.poll() is not None:
                raise RuntimeError("postgres did not start")
            time.sleep(0.1)
        raise RuntimeError("postgres did not accept connections in 30 s")

    def stop(self) -> int:
        """Stop the server (fast shutdown); the peak resident bytes of its largest process."""
        if self.server is None:
            return 0
        self.server.terminate()  # runuser passes SIGTERM on: postgres' smart shutdown
        _, _, usage = os.wait4(self.server.pid, 0)
        self.server.returncode = 0
        self.server = None
        return usage.ru_maxrss * 1024


# --- driver ----------------------------------------------------------------------------------------

def run_child(side: str, folder: str, out: str, extra: List[str]) -> Tuple[float, int]:
    child = subprocess.Popen([sys.executable, os.path.abspath(__file__), "--child", side, folder, out, *extra],
                             stdout=subprocess.PIPE, text=True)
    stdout = child.stdout.read()
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = 0
    if status != 0:
        raise RuntimeError(f"the {side} side failed (status {status})")
    return float(stdout.strip().splitlines()[-1]), usage.ru_maxrss * 1024


def main(argv: List[str]) -> int:
    if argv[:1] == ["--child"]:
        side, folder, out, *extra = argv[1:]
        units, data = os.path.join(folder, "org_units.csv"), os.path.join(folder, "data.csv")
        if side == "zhibiao":
            print(side_zhibiao(units, data, out))
        elif side == "pandas":
            print(side_pandas(units, data, out))
        else:
            print(side_postgresql(units, data, out, extra[0]))
        return 0
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="2,000 facilities, one run, agreement only")
    parser.add_argument("--facilities", type=int, default=None)
    parser.add_argument("--runs", type=int, default=None, help="timed runs per side (default 3; --quick 1)")
    parser.add_argument("--side", action="append", choices=["zhibiao", "pandas", "postgresql"])
    args = parser.parse_args(argv)
    facilities = args.facilities or (2_000 if args.quick else 200_000)
    runs = args.runs or (1 if args.quick else 3)
    sides = args.side or ["zhibiao", "pandas", "postgresql"]
    if "postgresql" in sides and (os.geteuid() != 0 or not os.path.exists(f"{PG_BIN}/initdb")):
        print("# postgresql: needs root (to run the server as postgres) and PostgreSQL 15; skipped",
              file=sys.stderr)
        sides.remove("postgresql")
    os.environ["PIPELINE_FACILITIES"] = str(facilities)
    root = tempfile.mkdtemp(prefix="zhibiao-pipeline-")
    cluster = None
    try:
        os.chmod(root, 0o755)  # the postgres server reads the CSV files itself (COPY FROM file)
        t0 = time.perf_counter()
        generate(root, facilities)
        size = os.path.getsize(os.path.join(root, "data.csv"))
        rows = facilities * 12 * len(ELEMENTS)
        print(f"# {facilities} facilities, {rows} rows, {size / 1e6:.0f} MB CSV, written in "
              f"{time.perf_counter() - t0:.0f} s; load {os.getloadavg()[0]:.2f}", flush=True)
        if "postgresql" in sides:
            cluster = Cluster(root)
        times: Dict[str, List[float]] = {s: [] for s in sides}
        peaks: Dict[str, List[int]] = {s: [] for s in sides}
        server_peaks: List[int] = []
        results = {}
        for r in range(runs):
            for side in sides:
                out = os.path.join(root, f"{side}.npy")
                extra = []
                if side == "postgresql":
                    cluster.start()
                    extra = [cluster.dir]
                try:
                    seconds, peak = run_child(side, root, out, extra)
                finally:
                    if side == "postgresql":
                        server_peaks.append(cluster.stop())
                times[side].append(seconds)
                peaks[side].append(peak)
                print(f"# run {r + 1} {side}: {seconds:.2f} s, peak {peak / 1e6:.0f} MB"
                      + (f" (server {server_peaks[-1] / 1e6:.0f} MB)" if side == "postgresql" else "")
                      + f"; load {os.getloadavg()[0]:.2f}", flush=True)
                if r == 0:
                    results[side] = np.load(out)
        base = results.get("zhibiao")
        for side, a in results.items():
            if side != "zhibiao" and base is not None:
                if not np.allclose(base, a, rtol=1e-9, atol=0, equal_nan=True) or np.isnan(a).any():
                    raise AssertionError(f"pipeline: zhibiao and {side} disagree")
        print(f"# all {len(results)} sides agree ({base.size if base is not None else 0} values)")
        print("case, rows, peer, peer_seconds, zhibiao_seconds, speedup, goal, met")
        missed = []
        med = {s: statistics.median(v) for s, v in times.items()}
        peak = {s: max(v) for s, v in peaks.items()}
        if "postgresql" in peak:
            peak["postgresql"] = max(peak["postgresql"], max(server_peaks))
        if "zhibiao" in med:
            for side, goal in (("pandas", 5), ("postgresql", 10)):
                if side in med:
                    speedup = med[side] / med["zhibiao"]
                    ok = speedup >= goal
                    print(f"indicator pipeline from CSV, {rows}, {side}, {med[side]:.2f}, {med['zhibiao']:.2f}, "
                          f"{speedup:.2f}x, {goal:.2f}x, {'yes' if ok else 'NO'}")
                    if not ok:
                        missed.append(side)
                    # The memory goal is against pandas only (issue 16: peak ≤ pandas'); the
                    # server's peak is printed for information, with no goal.
                    verdict = ("1.00x, " + ("yes" if peak[side] >= peak["zhibiao"] else "NO")
                               if side == "pandas" else "none, -")
                    print(f"peak memory MB, pipeline, {rows}, {side}, {peak[side] / 1e6:.0f}, "
                          f"{peak['zhibiao'] / 1e6:.0f}, {peak[side] / peak['zhibiao']:.2f}x, {verdict}")
                    if side == "pandas" and peak[side] < peak["zhibiao"]:
                        missed.append("memory vs pandas")
        if missed:
            print("# goals not met: " + ", ".join(missed))
        return 0 if args.quick or not missed else 1
    finally:
        if cluster is not None and cluster.server is not None:
            cluster.stop()
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
