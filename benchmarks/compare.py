"""zhibiao against the tools analysts use today, on the same seeded data, in one process.

    .venv/bin/python benchmarks/compare.py [--quick] [--case NAME ...]

For each case both sides compute the same thing from the same input; the script checks that the
results agree (relative 1e-9) and prints

    case, rows, peer, peer_seconds, zhibiao_seconds, speedup

with the median of 5 timed runs after one warm-up (--quick: 1 run, smaller data). Peers come from
Debian packages (NumPy, pandas; SciPy and statsmodels where a case needs them and they are
installed). A case whose peer is not installed is reported as skipped, never silently dropped.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from dataclasses import dataclass
from typing import Callable, Dict, List, Tuple

import numpy as np
import pandas as pd

import zhibiao as zb


@dataclass
class Result:
    case: str
    rows: int
    peer: str
    peer_seconds: float
    zhibiao_seconds: float

    @property
    def speedup(self) -> float:
        return self.peer_seconds / self.zhibiao_seconds


def timed(fn: Callable[[], object], runs: int) -> Tuple[float, object]:
    out = fn()  # warm-up, and the result to compare
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), out


def assert_close(a, b, what: str, rtol: float = 1e-9) -> None:
    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    if a.shape != b.shape or not np.allclose(a, b, rtol=rtol, atol=0, equal_nan=True):
        worst = np.nanmax(np.abs(a - b) / np.maximum(np.abs(b), 1e-300)) if a.shape == b.shape else "shape"
        raise AssertionError(f"{what}: zhibiao and the peer disagree (worst relative difference {worst})")


# --- case: roll-up through an org-unit tree -------------------------------------------------------

def rollup_data(facilities_per_county: int, seed: int = 20240610):
    """A 4-level tree (1 province, 20 prefectures, 400 counties, facilities) and a long table of
    facility-month values for two elements: events (summed) and population (averaged over months,
    summed over units)."""
    rng = np.random.default_rng(seed)
    counties = 400
    n_fac = counties * facilities_per_county
    codes = ["P"] + [f"C{i}" for i in range(20)] + [f"K{i}" for i in range(counties)] + [f"F{i}" for i in range(n_fac)]
    parents = [None] + ["P"] * 20 + [f"C{i // 20}" for i in range(counties)] + [f"K{i // facilities_per_county}" for i in range(n_fac)]
    tree = pd.DataFrame({"code": codes, "name": codes, "parent": parents})
    months = [f"2024-{m:02d}" for m in range(1, 13)]
    fac = np.repeat(np.arange(n_fac), 12)
    month = np.tile(np.arange(12), n_fac)
    events = rng.poisson(20, n_fac * 12).astype(float)
    population = np.repeat(rng.poisson(3000, n_fac).astype(float), 12)
    fac_codes = pd.Categorical.from_codes(fac, [f"F{i}" for i in range(n_fac)])
    month_codes = pd.Categorical.from_codes(month, months)
    long = pd.DataFrame({
        "element": pd.Categorical.from_codes(np.r_[np.zeros(fac.size, int), np.ones(fac.size, int)], ["events", "population"]),
        "org_unit": pd.Categorical.from_codes(np.r_[fac, fac], fac_codes.categories),
        "period": pd.Categorical.from_codes(np.r_[month, month], month_codes.categories),
        "value": np.r_[events, population],
    })
    return tree, long


def rollup_zhibiao(tree: pd.DataFrame, long: pd.DataFrame) -> pd.DataFrame:
    t = zb.org_unit_tree(tree)
    cube = zb.DataCube(t, [zb.DataElement("events"), zb.DataElement("population", aggregation="average_sum_org_unit")],
                       zb.Period.month(2024, 1), 12)
    cube.load_frame(long)
    rate = zb.Indicator("rate", "#{events}", "#{population}", unit="per_100k", kind="rate")
    out = zb.evaluate(cube, [rate], list(range(len(t))), "2024", display=False)
    return out.set_index("org_unit")["value"]


def rollup_pandas_cascade(tree: pd.DataFrame, long: pd.DataFrame) -> pd.Series:
    """Facility totals, then one groupby per level up the parent column."""
    per_fac = pd.DataFrame({
        "events": long[long.element == "events"].groupby("org_unit", observed=True)["value"].sum(),
        "population": long[long.element == "population"].groupby("org_unit", observed=True)["value"].mean(),
    })
    parent = tree.set_index("code")["parent"]
    levels = [per_fac]
    current = per_fac
    while True:
        up = parent.reindex(current.index)
        if up.isna().all():
            break
        current = current.groupby(up.values).sum()
        levels.append(current)
    everything = pd.concat(levels)
    return everything["events"] / everything["population"] * 1e5


def rollup_pandas_merge(tree: pd.DataFrame, long: pd.DataFrame) -> pd.Series:
    """Facility totals merged with each facility's ancestors, then a groupby per ancestor column."""
    per_fac = pd.DataFrame({
        "events": long[long.element == "events"].groupby("org_unit", observed=True)["value"].sum(),
        "population": long[long.element == "population"].groupby("org_unit", observed=True)["value"].mean(),
    })
    parent = tree.set_index("code")["parent"]
    anc = pd.DataFrame(index=per_fac.index)
    col = pd.Series(per_fac.index, index=per_fac.index)
    k = 0
    while True:
        col = parent.reindex(col.values).set_axis(per_fac.index)
        if col.isna().all():
            break
        anc[f"a{k}"] = col.values
        k += 1
    merged = per_fac.join(anc)
    parts = [per_fac] + [merged.groupby(c)[["events", "population"]].sum() for c in anc.columns]
    everything = pd.concat(parts)
    return everything["events"] / everything["population"] * 1e5


def case_rollup(quick: bool, runs: int) -> List[Result]:
    per_county = 25 if quick else 417  # 417 × 400 counties × 12 months ≈ 2,000,000 facility-months
    tree, long = rollup_data(per_county)
    rows = len(long) // 2
    z_time, z = timed(lambda: rollup_zhibiao(tree, long), runs)
    results = []
    for name, peer in [("pandas groupby cascade", rollup_pandas_cascade), ("pandas merge + groupby", rollup_pandas_merge)]:
        p_time, p = timed(lambda: peer(tree, long), runs)
        assert_close(z.reindex(p.index).to_numpy(), p.to_numpy(), f"rollup vs {name}")
        if len(p) != len(z):
            raise AssertionError(f"rollup vs {name}: {len(p)} units against {len(z)}")
        results.append(Result("rollup 4-level tree, rates at every level", rows, name, p_time, z_time))
    return results


CASES: Dict[str, Callable[[bool, int], List[Result]]] = {
    "rollup": case_rollup,
}


def main(argv: List[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small data, one timed run")
    parser.add_argument("--case", action="append", choices=sorted(CASES), help="run only these cases")
    args = parser.parse_args(argv)
    runs = 1 if args.quick else 5
    print("case, rows, peer, peer_seconds, zhibiao_seconds, speedup")
    for name in args.case or list(CASES):
        for r in CASES[name](args.quick, runs):
            print(f"{r.case}, {r.rows}, {r.peer}, {r.peer_seconds:.4f}, {r.zhibiao_seconds:.4f}, {r.speedup:.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
