"""zhibiao against the tools analysts use today, on the same seeded data, in one process.

    .venv/bin/python benchmarks/compare.py [--quick] [--case NAME ...]

For each case both sides compute the same thing from the same input; the script checks that the
results agree (relative 1e-9; an absolute 1e-12 floor only where a limit is 0 in exact arithmetic
and the peer's formula leaves rounding noise there, said at the comparison) and prints

    case, rows, peer, peer_seconds, zhibiao_seconds, speedup, goal, met

with the median of 5 timed runs after one warm-up (--quick: 1 run, smaller data). The script
exits with status 1 when a goal is missed (--quick checks agreement only: its exit status says
nothing about speed). Each peer is the fastest idiom a competent NumPy/pandas/SciPy user writes
for that input (a table for small counts, pd.factorize for repeated pairs, a reshape where the
layout allows it); where most users write a slower idiom it is kept as a second, labelled row.
Where zhibiao relies on a layout (sorted keys, complete months) it verifies it on every row,
inside the timed call, and takes unsorted input otherwise. What both sides do, case by case:
docs/benchmarks.md. The memory-bound cases are also set against the machine's memory-bandwidth
floor (measured first: NumPy copies of a large array, one and two threads). Peers come from
Debian packages: NumPy, pandas, SciPy, statsmodels. The R package PHEindicatormethods is not a
peer here: there is no CRAN on the benchmark machine (see the README).

Cases (each defined at its function):
  wilson     Wilson 95 % limits of 10^7 proportions: NumPy formula; statsmodels proportion_confint;
             the bandwidth floor of the bytes read and written (goal: within 1.5×)
  exact      Clopper–Pearson 95 % of 10^6 proportions, n ≤ 10^5: statsmodels method="beta"
             (repeated pairs: also deduplicated with pd.factorize)
  rates      rates per 100,000 with PHE's rule (exact < 10, Byar's ≥ 10), 10^6 rows: SciPy
             chi2.ppf for a 10-entry table + NumPy Byar; chi2.ppf on every small row
  dsr        DSR + Dobson limits, 10^5 areas × 19 bands: pandas groupby and a NumPy reshape on
             the sorted layout; pandas groupby on shuffled rows with text keys
  rollup     2×10^6 facility-months through a 4-level tree, rates at each level: pandas
  ytd        year-to-date running sums of 2×10^6 facility-months: NumPy reshape + cumsum and
             pandas groupby cumsum on sorted rows; pandas sort + groupby cumsum on shuffled rows
  overhead   Python call against the same kernel timed inside C++, 10^6 proportions
  dask       the rollup on a 2-worker dask LocalCluster (zhibiao.dask), ZHIBIAO_DASK_ROWS facility-months
             (default 2×10^7; --quick 2×10^5): against the single process and a hand dask groupby
  memory     peak memory of Wilson on 10^7 rows, NumPy formula against zhibiao (subprocesses)
  audit      zb.audit on the summaries (examples/audit, tests/data/audit, ../shared/seeds when
             present): the regex extractor benchmarks/audit_regex_peer.py; issue 17's 5 ms / 20 KB
The indicator pipeline from a CSV file (zhibiao, pandas, PostgreSQL) is benchmarks/pipeline.py.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
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
    goal: float  # the speed-up goal (peer / zhibiao); for overhead and memory, see there

    @property
    def speedup(self) -> float:
        return self.peer_seconds / self.zhibiao_seconds

    @property
    def met(self) -> bool:
        return self.speedup >= self.goal


def timed(fn: Callable[[], object], runs: int) -> Tuple[float, object]:
    out = fn()  # warm-up, and the result to compare
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), out


def assert_close(a, b, what: str, rtol: float = 1e-9, atol: float = 0.0) -> None:
    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    if a.shape != b.shape or not np.allclose(a, b, rtol=rtol, atol=atol, equal_nan=True):
        worst = np.nanmax(np.abs(a - b) / np.maximum(np.abs(b), 1e-300)) if a.shape == b.shape else "shape"
        raise AssertionError(f"{what}: zhibiao and the peer disagree (worst relative difference {worst})")


Z95 = 1.959963984540054  # Φ⁻¹(0.975)


_BANDWIDTH: Dict[bool, float] = {}


def memory_bandwidth(quick: bool) -> float:
    """Bytes per second of a large NumPy copy into already-mapped memory (read + write counted),
    the better of one thread and two threads copying halves (np.copyto releases the GIL): what
    this machine's memory moves at best, the floor under any pass that must read its inputs and
    write its outputs. Measured once per run."""
    if quick in _BANDWIDTH:
        return _BANDWIDTH[quick]
    from concurrent.futures import ThreadPoolExecutor

    size = 2**22 if quick else 2**25  # 32 MB / 256 MB per array: far beyond the caches
    src = np.ones(size)
    dst = np.zeros(size)  # touched: no page faults in the timed copies
    half = size // 2
    one, _ = timed(lambda: np.copyto(dst, src), 5)
    with ThreadPoolExecutor(2) as pool:
        def both():
            list(pool.map(lambda k: np.copyto(dst[k * half:(k + 1) * half], src[k * half:(k + 1) * half]),
                          (0, 1)))
        two, _ = timed(both, 5)
    best = 2 * src.nbytes / min(one, two)
    print(f"# memory bandwidth (NumPy copy, read + write): {2 * src.nbytes / one / 1e9:.1f} GB/s one "
          f"thread, {2 * src.nbytes / two / 1e9:.1f} GB/s two threads", flush=True)
    _BANDWIDTH[quick] = best
    return best


def floor_note(case: str, nbytes: float, z_time: float, quick: bool) -> float:
    """Print the bandwidth floor of a case (the bytes it must read and write) and zhibiao's ratio
    to it; return the floor in seconds."""
    floor = nbytes / memory_bandwidth(quick)
    print(f"# {case}: {nbytes / 1e6:.0f} MB read + written, bandwidth floor {floor:.4f} s; "
          f"zhibiao {z_time:.4f} s = {z_time / floor:.2f}× the floor", flush=True)
    return floor


# --- case: Wilson limits ----------------------------------------------------------------------

def proportion_data(rows: int, max_n: int, seed: int):
    rng = np.random.default_rng(seed)
    n = rng.integers(1, max_n + 1, rows).astype(np.float64)
    x = rng.binomial(n.astype(np.int64), rng.uniform(0, 0.5, rows)).astype(np.float64)
    return x, n


def wilson_numpy(x: np.ndarray, n: np.ndarray):
    """The hand-written formula, in PHEindicatormethods' form
    (2x + z² ± z √(z² + 4x(1 − x/n))) / (2(n + z²)), as an analyst writes it in NumPy."""
    z2 = Z95 * Z95
    root = Z95 * np.sqrt(z2 + 4 * x * (1 - x / n))
    scale = 2 * (n + z2)
    return (2 * x + z2 - root) / scale, (2 * x + z2 + root) / scale


def wilson_zhibiao(x: np.ndarray, n: np.ndarray):
    # The limits only, as both peers compute them (with_value=False: no x / n column).
    col = zb.proportion_intervals(x, n, 0.95, "wilson", with_value=False)
    return col.lower[0], col.upper[0]


def case_wilson(quick: bool, runs: int) -> List[Result]:
    rows = 10**5 if quick else 10**7
    x, n = proportion_data(rows, 10_000, 1)
    z_time, z = timed(lambda: wilson_zhibiao(x, n), runs)
    results = []
    p_time, p = timed(lambda: wilson_numpy(x, n), runs)
    # Same formula, same operations: agreement to rounding (the 1e-12 floor covers x = 0, where
    # the lower limit is 0 up to one rounding of z·√z² − z²).
    assert_close(z[0], p[0], "wilson lower vs NumPy", atol=1e-12)
    assert_close(z[1], p[1], "wilson upper vs NumPy")
    results.append(Result("Wilson 95%", rows, "NumPy formula", p_time, z_time, 6))
    # The floor: x and n read, lower and upper written, 8 bytes each (the outputs are fresh
    # memory, which the operating system also zeroes on first touch: not counted in the floor).
    floor = floor_note("Wilson 95%", 32.0 * rows, z_time, quick)
    results.append(Result("Wilson 95%", rows, "bandwidth floor, 32 B a row (goal: within 1.5x)",
                          floor, z_time, 1 / 1.5))
    try:
        from statsmodels.stats.proportion import proportion_confint
    except ImportError:
        print("# wilson: statsmodels not installed, that peer skipped", file=sys.stderr)
        return results
    s_time, s = timed(lambda: proportion_confint(x, n, alpha=0.05, method="wilson"), runs)
    # statsmodels writes the centre ± half-width form: its lower limit at x = 0 is rounding
    # noise around 0 (≈1e-17), hence the absolute floor.
    assert_close(z[0], s[0], "wilson lower vs statsmodels", atol=1e-12)
    assert_close(z[1], s[1], "wilson upper vs statsmodels")
    results.append(Result("Wilson 95%", rows, "statsmodels proportion_confint", s_time, z_time, 8))
    return results


# --- case: Clopper–Pearson ----------------------------------------------------------------------

def case_exact(quick: bool, runs: int) -> List[Result]:
    """Random n in 1..10^5 and x ~ Binomial(n, p), p uniform in (0, 0.5): almost every (x, n)
    pair is distinct, so the cache of distinct pairs does not help here; only the threads do."""
    peer = "statsmodels method=beta"
    try:
        from statsmodels.stats.proportion import proportion_confint
    except ImportError:  # statsmodels' method="beta" is these two SciPy calls (docs/exact-intervals.md §3)
        from scipy.stats import beta

        def proportion_confint(x, n, alpha, method):
            lower = np.where(x == 0, 0.0, beta.ppf(alpha / 2, x, n - x + 1))
            upper = np.where(x == n, 1.0, beta.isf(alpha / 2, x + 1, n - x))
            return lower, upper

        peer = "SciPy beta.ppf/isf (no statsmodels)"

    rows = 10**4 if quick else 10**6
    x, n = proportion_data(rows, 100_000, 2)

    def zhibiao_side():
        col = zb.proportion_intervals(x, n, 0.95, "clopper_pearson")
        return col.lower[0], col.upper[0]

    z_time, z = timed(zhibiao_side, runs)
    s_time, s = timed(lambda: proportion_confint(x, n, alpha=0.05, method="beta"), runs)
    assert_close(z[0], s[0], "Clopper-Pearson lower vs statsmodels")
    assert_close(z[1], s[1], "Clopper-Pearson upper vs statsmodels")
    results = [Result("Clopper-Pearson 95%", rows, peer, s_time, z_time, 10)]
    # An extra row, not in the table: the same call on data like a facility's monthly
    # indicators, n ≤ 500, where (x, n) pairs repeat and the distinct-pair table applies.
    x, n = proportion_data(rows, 500, 12)
    z_time, z = timed(zhibiao_side, runs)
    s_time, s = timed(lambda: proportion_confint(x, n, alpha=0.05, method="beta"), runs)
    assert_close(z[0], s[0], "Clopper-Pearson (repeated pairs) lower vs statsmodels")
    assert_close(z[1], s[1], "Clopper-Pearson (repeated pairs) upper vs statsmodels")
    results.append(Result("Clopper-Pearson 95%, n <= 500 (pairs repeat)", rows,
                          peer + ", every row", s_time, z_time, 10))
    # The fair peer for repeated pairs: one pd.factorize of the pairs, statsmodels on the
    # distinct ones, the limits gathered back by code (what zhibiao's distinct-pair table does).
    f_time, f = timed(lambda: beta_factorized(x, n), runs)
    assert_close(z[0], f[0], "Clopper-Pearson (repeated pairs) lower vs factorized statsmodels")
    assert_close(z[1], f[1], "Clopper-Pearson (repeated pairs) upper vs factorized statsmodels")
    results.append(Result("Clopper-Pearson 95%, n <= 500 (pairs repeat)", rows,
                          "pd.factorize + statsmodels on distinct pairs", f_time, z_time, 10))
    return results


def beta_factorized(x: np.ndarray, n: np.ndarray):
    from statsmodels.stats.proportion import proportion_confint

    xi, ni = x.astype(np.int64), n.astype(np.int64)
    base = int(ni.max()) + 1
    codes, pairs = pd.factorize(xi * base + ni)  # one int64 key per (x, n) pair
    lo, hi = proportion_confint(pairs // base, pairs % base, alpha=0.05, method="beta")
    return np.asarray(lo)[codes], np.asarray(hi)[codes]


# --- case: rates with PHE's rule ------------------------------------------------------------------

def rate_data(rows: int, seed: int):
    """Counts from a mix of small and large expected values (a third below 10 events), as rates
    of areas and causes are; populations 1,000–100,000."""
    rng = np.random.default_rng(seed)
    mean = np.exp(rng.uniform(np.log(0.5), np.log(500), rows))
    x = rng.poisson(mean).astype(np.float64)
    n = rng.integers(1_000, 100_001, rows).astype(np.float64)
    return x, n


def rates_peer(x: np.ndarray, n: np.ndarray, multiplier: float = 1e5):
    """PHE's rule as an analyst writes it: SciPy chi2.ppf for the exact limits of counts below 10
    (PHEindicatormethods: qchisq(α/2, 2x)/2 and qchisq(1 − α/2, 2x + 2)/2), Byar's formula in NumPy
    for the rest."""
    from scipy.stats import chi2

    lower = np.empty_like(x)
    upper = np.empty_like(x)
    small = x < 10
    xs = x[small]
    lo = chi2.ppf(0.025, 2 * xs) / 2
    lower[small] = np.where(xs == 0, 0.0, lo)
    upper[small] = chi2.ppf(0.975, 2 * xs + 2) / 2
    xb = x[~small]
    lower[~small] = xb * (1 - 1 / (9 * xb) - Z95 / (3 * np.sqrt(xb))) ** 3
    y = xb + 1
    upper[~small] = y * (1 - 1 / (9 * y) + Z95 / (3 * np.sqrt(y))) ** 3
    scale = multiplier / n
    return lower * scale, upper * scale


def rates_table_peer(x: np.ndarray, n: np.ndarray, multiplier: float = 1e5):
    """The fair peer: the exact limits of the counts 0–9 computed once with chi2.ppf (a 10-entry
    table, as zhibiao keeps), Byar's formula in NumPy on every row, the small rows' limits looked
    up by count. The counts are whole (Poisson draws), so the table covers every row below 10."""
    from scipy.stats import chi2

    k = np.arange(10.0)
    table_lo = np.r_[0.0, chi2.ppf(0.025, 2 * k[1:]) / 2]
    table_hi = chi2.ppf(0.975, 2 * k + 2) / 2
    with np.errstate(divide="ignore", invalid="ignore"):  # x = 0: overwritten from the table
        lower = x * (1 - 1 / (9 * x) - Z95 / (3 * np.sqrt(x))) ** 3
    y = x + 1
    upper = y * (1 - 1 / (9 * y) + Z95 / (3 * np.sqrt(y))) ** 3
    small = np.flatnonzero(x < 10)
    count = x[small].astype(np.intp)
    lower[small] = table_lo[count]
    upper[small] = table_hi[count]
    scale = multiplier / n
    lower *= scale
    upper *= scale
    return lower, upper


def case_rates(quick: bool, runs: int) -> List[Result]:
    rows = 10**4 if quick else 10**6
    x, n = rate_data(rows, 3)

    def zhibiao_side():
        # The limits only (with_value=False), as both peers compute them.
        col = zb.rate_intervals(x, n, 0.95, "phe", with_value=False)
        return col.lower[0], col.upper[0]

    z_time, z = timed(zhibiao_side, runs)
    t_time, t = timed(lambda: rates_table_peer(x, n), runs)
    assert_close(z[0], t[0], "rate lower vs SciPy table/NumPy")
    assert_close(z[1], t[1], "rate upper vs SciPy table/NumPy")
    p_time, p = timed(lambda: rates_peer(x, n), runs)
    assert_close(z[0], p[0], "rate lower vs SciPy/NumPy")
    assert_close(z[1], p[1], "rate upper vs SciPy/NumPy")
    # Read x, n; written lower, upper (8 B each), the status and method codes (1 B each).
    floor_note("rates, PHE rule", 34.0 * rows, z_time, quick)
    return [Result("rates, PHE rule", rows, "SciPy chi2.ppf table of 0-9 + NumPy Byar", t_time, z_time, 8),
            Result("rates, PHE rule", rows, "SciPy chi2.ppf on every small row + NumPy Byar (common idiom)",
                   p_time, z_time, 30)]


# --- case: directly standardised rates -------------------------------------------------------------

ESP2013 = np.array([5000, 5500, 5500, 5500, 6000, 6000, 6500, 7000, 7000, 7000, 7000, 6500, 6000,
                    5500, 5000, 4000, 2500, 1500, 1000], dtype=np.float64)  # Eurostat 2013


def dsr_data(areas: int, seed: int):
    rng = np.random.default_rng(seed)
    bands = len(ESP2013)
    n = rng.integers(500, 20_000, areas * bands).astype(np.float64)
    x = rng.poisson(n * np.tile(np.linspace(0.0005, 0.05, bands), areas)).astype(np.float64)
    # The bands' labels as a categorical (codes, no per-row strings): zhibiao matches the
    # standard's weights to the rows by label, never by position.
    labels = list(zb.standard_population("esp2013")["band"])
    band = pd.Categorical.from_codes(np.tile(np.arange(bands), areas), labels)
    return pd.DataFrame({"area": np.repeat(np.arange(areas), bands), "band": band, "x": x, "n": n})


def dsr_pandas(df: pd.DataFrame, multiplier: float = 1e5, by_label: bool = False) -> pd.DataFrame:
    """PHE's calculate_dsr as a pandas groupby: DSR = Σ w x/n / Σ w; Dobson limits
    DSR + √(Σ w² x/n² / (Σ w)² / O) (O_Byar − O), O the total count, Byar's limits of O.
    The weights by position (np.tile: the sorted layout, which this peer assumes unchecked) or,
    with by_label, by each row's band label through one categorical lookup (any order)."""
    if by_label:
        labels = list(zb.standard_population("esp2013")["band"])
        codes = pd.Categorical(df["band"], categories=labels).codes
        if (codes < 0).any():
            raise ValueError("a band outside the standard")
        w = ESP2013[codes]
    else:
        w = np.tile(ESP2013, len(df) // len(ESP2013))
    r = w / df["n"].to_numpy()
    parts = pd.DataFrame({"area": df["area"], "x": df["x"], "wr": df["x"] * r,
                          "wr2": df["x"] * r * r, "w": w})
    g = parts.groupby("area").sum()
    o = g["x"]
    value = g["wr"] / g["w"] * multiplier
    spread = np.sqrt(g["wr2"] / (g["w"] ** 2) / o) * multiplier
    lo = o * (1 - 1 / (9 * o) - Z95 / (3 * np.sqrt(o))) ** 3
    y = o + 1
    hi = y * (1 - 1 / (9 * y) + Z95 / (3 * np.sqrt(y))) ** 3
    keep = o >= 10
    return pd.DataFrame({"value": value.where(keep), "lower": (value + spread * (lo - o)).where(keep),
                         "upper": (value + spread * (hi - o)).where(keep)})


def dsr_numpy_reshape(df: pd.DataFrame, multiplier: float = 1e5) -> pd.DataFrame:
    """The same sums as a NumPy reshape: valid only because the rows are area by area with the
    19 bands in the standard's order, an assumption this peer does not check."""
    bands = len(ESP2013)
    x = df["x"].to_numpy().reshape(-1, bands)
    r = ESP2013 / df["n"].to_numpy().reshape(-1, bands)
    xr = x * r
    o = x.sum(axis=1)
    total_w = ESP2013.sum()
    value = xr.sum(axis=1) / total_w * multiplier
    spread = np.sqrt((xr * r).sum(axis=1) / (total_w * total_w) / o) * multiplier
    lo = o * (1 - 1 / (9 * o) - Z95 / (3 * np.sqrt(o))) ** 3
    y = o + 1
    hi = y * (1 - 1 / (9 * y) + Z95 / (3 * np.sqrt(y))) ** 3
    keep = o >= 10
    return pd.DataFrame({"value": np.where(keep, value, np.nan),
                         "lower": np.where(keep, value + spread * (lo - o), np.nan),
                         "upper": np.where(keep, value + spread * (hi - o), np.nan)})


def case_dsr(quick: bool, runs: int) -> List[Result]:
    """Sorted: integer area keys in order, bands a categorical in the standard's order: zhibiao's
    fast path, which checks that the int64 keys are sorted (one pass) and matches weights by
    label. Shuffled: the same rows in random order, area codes as text ("A00042"), bands as text:
    zhibiao's general path (pandas' factorisation of the groupby, labels matched per row)
    against a pandas groupby that maps the weights by label."""
    areas = 10**3 if quick else 10**5
    df = dsr_data(areas, 4)
    case = "DSR + Dobson, 19 bands"
    z_time, z = timed(lambda: zb.dsr(df.groupby("area"), "x", "n", ageband="band"), runs)
    results = []
    for name, peer, goal in (("pandas groupby", dsr_pandas, 15), ("NumPy reshape (layout unchecked)", dsr_numpy_reshape, 3)):
        p_time, p = timed(lambda: peer(df), runs)
        for col, zcol in (("value", "value"), ("lower", "lower_95"), ("upper", "upper_95")):
            assert_close(z[zcol].to_numpy(), p[col].to_numpy(), f"DSR {col} vs {name}")
        results.append(Result(case + ", sorted int keys", len(df), name, p_time, z_time, goal))
    rng = np.random.default_rng(14)
    shuffled = df.iloc[rng.permutation(len(df))].reset_index(drop=True)
    shuffled["area"] = np.char.add("A", np.char.zfill(shuffled["area"].to_numpy().astype(str), 6)).astype(object)
    shuffled["band"] = shuffled["band"].astype(str).astype(object)
    z_time, z = timed(lambda: zb.dsr(shuffled.groupby("area"), "x", "n", ageband="band"), runs)
    p_time, p = timed(lambda: dsr_pandas(shuffled, by_label=True), runs)
    for col, zcol in (("value", "value"), ("lower", "lower_95"), ("upper", "upper_95")):
        # both sides sort the text keys (groupby's default), so the areas line up
        assert_close(z[zcol].to_numpy(), p[col].to_numpy(), f"DSR {col} (shuffled, text keys) vs pandas")
    results.append(Result(case + ", shuffled text keys", len(df), "pandas groupby, weights by label",
                          p_time, z_time, 15))
    return results


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
    return cascade_rates(tree, per_fac)


def cascade_rates(tree: pd.DataFrame, per_fac: pd.DataFrame) -> pd.Series:
    """Facility events and populations summed one level at a time up the parent column, and the
    rate per 100,000 of every unit: the pandas side of the roll-up, shared by the dask case."""
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
    # Goals: ≥ 10× the cascade (issue 16), ≥ 5× the merge (issue 8).
    for name, peer, goal in [("pandas groupby cascade", rollup_pandas_cascade, 10),
                             ("pandas merge + groupby", rollup_pandas_merge, 5)]:
        p_time, p = timed(lambda: peer(tree, long), runs)
        assert_close(z.reindex(p.index).to_numpy(), p.to_numpy(), f"rollup vs {name}")
        if len(p) != len(z):
            raise AssertionError(f"rollup vs {name}: {len(p)} units against {len(z)}")
        results.append(Result("rollup 4-level tree, rates at every level", rows, name, p_time, z_time, goal))
    return results


# --- case: the roll-up on a dask cluster -----------------------------------------------------------

def case_dask(quick: bool, runs: int) -> List[Result]:
    """zhibiao.dask.evaluate (partial sums per cell on a 2-worker LocalCluster, then the cube) on the
    rollup data against the single-process zhibiao path and a hand-written dask.dataframe groupby
    (facility sums and means on the cluster, ancestors joined in pandas). No speed-up goal (goal 0):
    the figure to read is what the cluster costs or saves; the results must agree."""
    import logging

    import dask.dataframe as dd
    import distributed
    import zhibiao.dask as zbd

    # distributed warns on every full garbage collection of the pandas peer's object columns:
    # noise in the table, not a result (here, and in the workers: silence_logs below).
    logging.getLogger("distributed.utils_perf").setLevel(logging.ERROR)

    rows = int(os.environ.get("ZHIBIAO_DASK_ROWS", 200_000 if quick else 20_000_000))
    per_county = max(1, rows // (400 * 12))
    tree, long = rollup_data(per_county)
    rows = len(long) // 2
    t = zb.org_unit_tree(tree)
    elements = [zb.DataElement("events"), zb.DataElement("population", aggregation="average_sum_org_unit")]
    rate = zb.Indicator("rate", "#{events}", "#{population}", unit="per_100k", kind="rate")
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, host="127.0.0.1", dashboard_address=None,
                                     silence_logs=logging.ERROR)
    client = distributed.Client(cluster)
    try:
        ddf = client.persist(dd.from_pandas(long, npartitions=8))
        distributed.wait(ddf)

        def on_dask() -> pd.Series:
            out = zbd.evaluate(ddf, t, [rate], list(range(len(t))), "2024", catalog=elements,
                               first_month=zb.Period.month(2024, 1), months=12, display=False)
            return out.set_index("org_unit")["value"]

        def hand_dask() -> pd.Series:
            facility = ddf.groupby(["element", "org_unit"], observed=True)["value"]
            sums, means = dd.compute(facility.sum(), facility.mean())
            per_fac = pd.DataFrame({"events": sums.xs("events"), "population": means.xs("population")})
            return cascade_rates(tree, per_fac)

        d_time, d = timed(on_dask, runs)
        s_time, s = timed(lambda: rollup_zhibiao(tree, long), runs)
        h_time, h = timed(hand_dask, runs)
    finally:
        client.close()
        cluster.close()
    assert_close(d.reindex(s.index).to_numpy(), s.to_numpy(), "dask vs single process")
    assert_close(d.reindex(h.index).to_numpy(), h.to_numpy(), "dask vs hand dask groupby")
    case = "rollup on a 2-worker dask LocalCluster"
    return [Result(case, rows, "zhibiao single process", s_time, d_time, 0),
            Result(case, rows, "hand dask.dataframe groupby", h_time, d_time, 0)]


# --- case: year-to-date cumulation -----------------------------------------------------------------

def case_ytd(quick: bool, runs: int) -> List[Result]:
    """One long DataFrame (facility, year, month, value) over 24 months (two calendar years).

    Sorted: rows in the order systems export them, facility by facility, month by month.
    zhibiao: zb.year_to_date_columns on the four columns, which verifies that layout on every row
    (years, months, facility blocks, facilities increasing) before reading the value column in
    place as a facilities × months block; the check is inside the timed call. NumPy: the reshape
    (facilities, 2, 12).cumsum(axis=2), the same layout assumed and not checked. pandas:
    groupby (facility, year) cumsum, which is right in any facility order but relies on the
    months being in order within each group.
    Shuffled: the same rows in random order. zhibiao: the same call, which then places each row
    in its (facility, month) cell. pandas: sort by (year, month), groupby cumsum, and the result
    back in the input's row order."""
    facilities = 1_000 if quick else 83_334  # × 24 months ≈ 2,000,000 rows
    months = 24
    rng = np.random.default_rng(5)
    long = pd.DataFrame({
        "facility": np.repeat(np.arange(facilities), months),
        "year": np.tile(np.repeat([2023, 2024], 12), facilities),
        "month": np.tile(np.tile(np.arange(1, 13), 2), facilities),
        "value": rng.poisson(30, facilities * months).astype(np.float64),
    })

    def zhibiao_side(frame):
        return lambda: zb.year_to_date_columns(frame["value"].to_numpy(), frame["facility"].to_numpy(),
                                               frame["year"].to_numpy(), frame["month"].to_numpy())

    def numpy_reshape():
        return long["value"].to_numpy().reshape(facilities, 2, 12).cumsum(axis=2).reshape(-1)

    def pandas_sorted():
        return long.groupby(["facility", "year"], sort=False)["value"].cumsum().to_numpy()

    case = "year-to-date cumulation"
    z_time, z = timed(zhibiao_side(long), runs)
    results = []
    for name, peer, goal in (("NumPy reshape + cumsum (layout unchecked)", numpy_reshape, 2),
                             ("pandas groupby cumsum", pandas_sorted, 10)):
        p_time, p = timed(peer, runs)
        assert_close(z, p, f"year-to-date vs {name}")
        results.append(Result(case + ", sorted rows (zhibiao checks the layout)", len(long), name,
                              p_time, z_time, goal))
    # read: value, facility, year, month (8 B each); written: the year to date (8 B)
    floor_note(case + ", sorted rows", 40.0 * len(long), z_time, quick)

    shuffled = long.iloc[rng.permutation(len(long))].reset_index(drop=True)

    def pandas_shuffled():
        ordered = shuffled.sort_values(["year", "month"], kind="stable")
        return ordered.groupby(["facility", "year"], sort=False)["value"].cumsum().sort_index().to_numpy()

    z_time, z = timed(zhibiao_side(shuffled), runs)
    p_time, p = timed(pandas_shuffled, runs)
    assert_close(z, p, "year-to-date (shuffled rows) vs pandas")
    # the sorted reshape of the same rows, put back in shuffled order: a third, independent check
    back = numpy_reshape()[shuffled["facility"].to_numpy() * months
                           + (shuffled["year"].to_numpy() - 2023) * 12 + shuffled["month"].to_numpy() - 1]
    assert_close(z, back, "year-to-date (shuffled rows) vs the sorted reshape")
    results.append(Result(case + ", shuffled rows", len(long), "pandas sort + groupby cumsum",
                          p_time, z_time, 10))
    return results


# --- case: Python call overhead ---------------------------------------------------------------------

def case_overhead(quick: bool, runs: int) -> List[Result]:
    """zb.proportion_intervals (Wilson, 10^6 rows) from Python against the same kernel sequence
    (validation, values, limits, into freshly allocated outputs) timed inside C++ by
    zhibiao._core._time_proportion_intervals, which exists only for this comparison. The
    'speedup' column is C++ time / Python time: the goal ≤ 10 % slower is speedup ≥ 0.91."""
    rows = 10**4 if quick else 10**6
    x, n = proportion_data(rows, 10_000, 6)
    # The two sides alternate, one call each per round, so that both meet the same allocator and
    # page-cache state (a run of C++ calls back to back reuses the memory it just freed; Python
    # calls in between change that); the medians of 101 rounds are compared (fresh outputs make
    # single calls vary by ±20 %).
    zb.proportion_intervals(x, n)  # warm-up
    python_times, cpp_times = [], []
    for _ in range(101 if not quick else 5):
        t0 = time.perf_counter()
        zb.proportion_intervals(x, n)
        python_times.append(time.perf_counter() - t0)
        cpp_times.append(zb._core._time_proportion_intervals(x, n, 0.95, "wilson", 1))
    p_time, c_time = statistics.median(python_times), statistics.median(cpp_times)
    return [Result("Python call overhead, Wilson", rows, "same kernel from C++", c_time, p_time, 1 / 1.1)]


# --- case: peak memory --------------------------------------------------------------------------------

def _vm_hwm_bytes() -> int:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    raise RuntimeError("no VmHWM in /proc/self/status")


def _reset_peak() -> None:
    # Writing 5 to clear_refs resets VmHWM to the current resident size (Linux ≥ 4.0), so the
    # temporaries of the data generation do not hide the computation's own peak.
    with open("/proc/self/clear_refs", "w") as f:
        f.write("5")


def memory_child(side: str, rows: int) -> None:
    """Run in a fresh process: the data, then the peak resident size added by one computation."""
    x, n = proportion_data(rows, 10_000, 7)
    if side == "zhibiao":
        wilson_zhibiao(x[:10], n[:10])  # load the extension first; its code is not the work
        compute = wilson_zhibiao
    else:
        wilson_numpy(x[:10], n[:10])
        compute = wilson_numpy
    _reset_peak()
    base = _vm_hwm_bytes()
    result = compute(x, n)
    print(_vm_hwm_bytes() - base)
    del result


def case_memory(quick: bool, runs: int) -> List[Result]:
    """Peak resident memory added by computing Wilson limits of 10^7 rows (inputs excluded), each
    side in its own process (VmHWM of /proc/self/status). Columns: peer and zhibiao peak in MB in
    the seconds columns; 'speedup' = NumPy peak / zhibiao peak, goal ≥ 1."""
    rows = 10**5 if quick else 10**7
    peaks = {}
    for side in ("numpy", "zhibiao"):
        out = subprocess.run([sys.executable, os.path.abspath(__file__), "--memory-child", side, str(rows)],
                             check=True, capture_output=True, text=True)
        peaks[side] = int(out.stdout.strip().splitlines()[-1]) / 1e6
    # No warm-up on the full data in the child: a warm-up would set the high-water mark itself.
    return [Result("peak memory MB, Wilson", rows, "NumPy formula", peaks["numpy"], peaks["zhibiao"], 1)]


# --- case: the report auditor against a Python regex extractor ------------------------------------

def audit_corpus() -> List[str]:
    """The summaries: examples/audit/, the synthetic ones of tests/data/audit/ and, when present,
    the seed reports of ../shared/seeds/ beside the repository (not committed)."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    files = sorted((root / "examples" / "audit").glob("*.txt")) + sorted((root / "tests" / "data" / "audit").glob("*.txt"))
    seeds = root.parent / "shared" / "seeds"  # beside the repository, as the tests look for it
    if seeds.is_dir():
        files += sorted(seeds.glob("*.txt"))
    else:
        print(f"# audit: {seeds} absent, the corpus is the repository's own summaries", flush=True)
    return [f.read_text(encoding="utf-8") for f in files]


def case_audit(quick: bool, runs: int) -> List[Result]:
    """zb.audit (figures read, tied to quantities, counts and periods, checked; the findings)
    on each summary of the corpus, against benchmarks/audit_regex_peer.py's extract (one compiled
    re pattern, finditer: the numbers, units and bounds only, no checks: it flatters the peer).
    No speed goal against the peer (goal 0); the goal row is issue 17's budget, 5 ms per 20 KB
    of text (the 'peer' column there is the budget for the corpus's size). Agreement: share of the
    peer's mentions that the auditor also reads, same span (printed, not a goal)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "audit_regex_peer", os.path.join(os.path.dirname(os.path.abspath(__file__)), "audit_regex_peer.py"))
    peer = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(peer)
    docs = audit_corpus()
    if quick:
        docs = docs[:2]
    size = sum(len(d.encode("utf-8")) for d in docs)
    z_time, z = timed(lambda: [zb.audit(d) for d in docs], runs)
    p_time, p = timed(lambda: [peer.extract(d) for d in docs], runs)
    both = total = 0
    for a, mentions in zip(z, p):
        spans = set(zip(a.mentions["start"].tolist(), a.mentions["end"].tolist()))
        total += len(mentions)
        both += sum((m[0], m[1]) in spans for m in mentions)
    if total == 0 or both == 0:
        raise AssertionError("audit: no figure read in common by the auditor and the regex peer")
    print(f"# audit: {len(docs)} summaries, {size / 1024:.0f} KB; the auditor reads {both} of the regex "
          f"peer's {total} mentions at the same span", flush=True)
    case = f"auditor, {len(docs)} summaries"
    return [Result(case, size, "Python re extractor (figures only, no checks)", p_time, z_time, 0),
            Result(case, size, "issue 17 budget, 5 ms per 20 KB", 0.005 * size / (20 * 1024), z_time, 1)]


# --- case: assessment scheme scoring (scheme.hpp) -----------------------------------------------

SCORE_COVER, SCORE_LOWER = "family_doctor_contract_rate", "premature_ncd_mortality"  # both per cent


def score_scheme(items: int) -> Tuple["zb.Scheme", List[dict]]:
    """50 items in rotation: all or nothing, proportional (both ways), deduction with a floor,
    bonus (the sum capped at 5) and a veto that caps the total at 60."""
    spec = []
    for i in range(items):
        kind = i % 10
        if kind in (0, 1):
            it = {"rule": "all_or_nothing", "indicator": SCORE_COVER, "target": "≥90%"}
        elif kind in (2, 3, 4):
            it = {"rule": "proportional", "indicator": SCORE_COVER, "target": "≥85%"}
        elif kind == 5:
            it = {"rule": "proportional", "indicator": SCORE_LOWER, "target": "≤15%"}
        elif kind in (6, 7):
            it = {"rule": "deduction", "indicator": SCORE_COVER, "target": "≥95%", "per_unit": 0.5,
                  "floor": 0.5}
        elif kind == 8:
            it = {"rule": "bonus", "indicator": SCORE_COVER, "target": "≥98%"}
        else:
            it = {"rule": "veto", "indicator": SCORE_LOWER, "target": "≤30%",
                  "veto": {"effect": "cap", "total": 60}}
        it.update(id=f"i{i:02d}", points=0 if it["rule"] == "veto" else (1 if it["rule"] == "bonus" else 2.5))
        spec.append(it)
    import json
    return zb.Scheme.from_json(json.dumps({"items": spec, "bonus_cap": 5}, ensure_ascii=False)), spec


def score_pandas(long: pd.DataFrame, spec: List[dict]) -> pd.DataFrame:
    """The same rules written by a competent pandas user: pivot to units × items, then column
    vectors of targets and points broadcast over the matrix (no apply, no Python loop over rows)."""
    ids = [it["id"] for it in spec]
    num = long.pivot(index="org_unit", columns="item", values="numerator")[ids].to_numpy()
    den = long.pivot(index="org_unit", columns="item", values="denominator")[ids].to_numpy()
    v = num * 100.0 / den
    target = np.array([float(it["target"].strip("≥≤%")) for it in spec])
    lower = np.array([it["target"].startswith("≤") for it in spec])
    points = np.array([float(it["points"]) for it in spec])
    rule = np.array([it["rule"] for it in spec])
    per = np.array([float(it.get("per_unit", 0)) for it in spec])
    floor = np.array([float(it.get("floor", 0)) for it in spec])
    reached = np.where(lower, v <= target, v >= target)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.clip(np.where(lower, np.where(v > 0, target / v, 1.0), v / target), 0, 1)
    short = np.where(lower, v - target, target - v)
    score = np.select(
        [rule == "all_or_nothing", rule == "proportional", rule == "deduction", rule == "bonus"],
        [reached * points, np.where(reached, points, points * ratio),
         np.where(reached, points, np.maximum(points - per * short, floor)), reached * points], 0.0)
    base = score[:, rule != "bonus"].sum(axis=1)
    bonus = np.minimum(score[:, rule == "bonus"].sum(axis=1), 5.0)
    vetoed = (~reached[:, rule == "veto"]).any(axis=1)
    total = np.where(vetoed, np.minimum(base + bonus, 60.0), base + bonus)
    total = np.floor(total * 100 + 0.5) / 100  # half up to 2 decimals
    out = pd.DataFrame({"total": total}, index=long["org_unit"].unique())
    out["grade"] = pd.cut(out["total"], [-np.inf, 60, 80, 90, np.inf], right=False,
                          labels=["不合格", "合格", "良好", "优秀"]).astype(str)
    out["rank"] = out["total"].rank(method="min", ascending=False).astype(int)
    return out


def case_score(quick: bool, runs: int) -> List[Result]:
    """Scoring 10^4 units × 50 items (--quick: 500 units): zb.score_units (each item's points and
    bilingual reason, total, grade, competition rank, lost items and the smallest change to the
    next grade) against the same rules in vectorised pandas (totals, grades and ranks only)."""
    units, items = (500, 50) if quick else (10_000, 50)
    scheme, spec = score_scheme(items)
    rng = np.random.default_rng(20)
    den = rng.integers(200, 2000, size=units * items).astype(float)
    share = np.clip(rng.normal(0.9, 0.06, size=units * items), 0, 1)
    lower = np.tile([it["indicator"] == SCORE_LOWER for it in spec], units)
    share = np.where(lower, np.clip(rng.normal(0.15, 0.05, size=units * items), 0, 1), share)
    long = pd.DataFrame({"org_unit": np.repeat([f"U{u:05d}" for u in range(units)], items),
                         "item": np.tile([it["id"] for it in spec], units),
                         "numerator": np.round(share * den), "denominator": den})
    z_time, z = timed(lambda: zb.score_units(long, scheme), runs)
    p_time, p = timed(lambda: score_pandas(long, spec), runs)
    assert_close(z.table["total"].to_numpy(), p["total"].to_numpy(), "scheme totals", atol=0.0100001)
    same = z.table["total"].to_numpy() == p["total"].to_numpy()
    assert (z.table["grade"].to_numpy()[same] == p["grade"].to_numpy()[same]).all(), "grades"
    if same.all():
        assert (z.table["rank"].to_numpy() == p["rank"].to_numpy()).all(), "ranks"
    b_time, b = timed(lambda: zb.score_units(long, scheme, reasons=False), runs)
    assert_close(b.table["total"].to_numpy(), z.table["total"].to_numpy(), "totals without reasons")
    peer = "pandas pivot + NumPy broadcasting (totals, grades, ranks)"
    return [Result("scheme scoring, 50 items, with reasons", units * items, peer, p_time, z_time, 0.2),
            Result("scheme scoring, 50 items, reasons=False", units * items, peer, p_time, b_time, 0.5)]


CASES: Dict[str, Callable[[bool, int], List[Result]]] = {
    "wilson": case_wilson,
    "exact": case_exact,
    "rates": case_rates,
    "dsr": case_dsr,
    "rollup": case_rollup,
    "ytd": case_ytd,
    "overhead": case_overhead,
    "memory": case_memory,
    "dask": case_dask,
    "audit": case_audit,


    "score": case_score,
}


def main(argv: List[str]) -> int:
    if argv[:1] == ["--memory-child"]:
        memory_child(argv[1], int(argv[2]))
        return 0
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small data, one timed run")
    parser.add_argument("--case", action="append", choices=sorted(CASES), help="run only these cases")
    args = parser.parse_args(argv)
    runs = 1 if args.quick else 5
    start = time.perf_counter()
    print("case, rows, peer, peer_seconds, zhibiao_seconds, speedup, goal, met")
    missed = []
    for name in args.case or list(CASES):
        for r in CASES[name](args.quick, runs):
            print(f"{r.case}, {r.rows}, {r.peer}, {r.peer_seconds:.4f}, {r.zhibiao_seconds:.4f}, "
                  f"{r.speedup:.2f}x, {r.goal:.2f}x, {'yes' if r.met else 'NO'}", flush=True)
            if not r.met:
                missed.append(r.case + " vs " + r.peer)
    print(f"# all agreement checks passed; {time.perf_counter() - start:.0f} s in all")
    if missed:
        print("# goals not met: " + "; ".join(missed))
    if args.quick:
        return 0  # a smoke run on small data: agreement only, speed means nothing here
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
