"""Numerical edge cases and interval invariants of every statistical method (issue 9, part 3).

Property-based (Debian's python3-hypothesis), deterministic (derandomize=True: the same examples
every run, so CI is stable), 500 examples per method. The invariants hold by definition of a
confidence interval, so no reference value is needed for them:
- the interval contains the point estimate;
- a proportion's limits lie in [0, multiplier]; counts and rates are never negative;
- limits are monotone in the confidence level (0.5 ⊂ 0.95 ⊂ 0.998 ⊂ 0.9999);
- edge rows (0 events, events = population, population 1, counts up to 2^53) give finite values.
The few reference values (tiny rates) are hand calculations written out next to them.
"""
import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import zhibiao as zb
from zhibiao._interval import level_name

LEVELS = [0.5, 0.95, 0.998, 0.9999]
BIG = 2 ** 53
SETTINGS = settings(max_examples=500, derandomize=True, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.too_slow])
EPS = 1e-9  # relative slack for limits equal to the estimate (0 events, x = n)
# Boost.Math's incomplete gamma / beta series give up at counts of about 10^10; the exact methods
# then raise InvalidInput naming the count (never a RuntimeError or a wrong number). Below 10^9
# they must always compute.
EXACT_LIMIT = 10 ** 9
EXACT_METHODS = {"clopper_pearson", "jeffreys", "exact", "mid_p"}


def computed_or_too_large(compute, method, size):
    """compute(), or None when an exact method refuses a count above EXACT_LIMIT as documented."""
    try:
        return compute()
    except zb.InvalidInput as exc:
        assert method in EXACT_METHODS and size > EXACT_LIMIT, exc
        assert "too large for the" in str(exc)
        return None


def counts(max_n=BIG):
    """(x, n) with 0 ≤ x ≤ n, 1 ≤ n ≤ max_n, biased towards the edges by hypothesis."""
    return st.integers(1, max_n).flatmap(
        lambda n: st.tuples(st.integers(0, n), st.just(n)))


def assert_nested(lower, upper, value, *, floor=None, ceiling=None):
    """lower[k] ≤ value ≤ upper[k]; the intervals widen with k; optional bounds."""
    lower, upper = np.asarray(lower, float), np.asarray(upper, float)
    assert np.isfinite(value)
    assert np.all(np.isfinite(lower)) and not np.any(np.isnan(upper))
    tol = EPS * max(abs(value), 1e-300)
    assert np.all(lower <= value + tol), (lower, value)
    assert np.all(upper >= value - tol), (upper, value)
    assert np.all(np.diff(lower) <= tol), lower   # a higher level never raises the lower limit
    assert np.all(np.diff(upper) >= -tol), upper  # ... nor lowers the upper one
    if floor is not None:
        assert np.all(lower >= floor)
    if ceiling is not None:
        assert np.all(upper <= ceiling)


# --- proportions ----------------------------------------------------------------------------

@pytest.mark.parametrize("method", ["wilson", "clopper_pearson", "jeffreys", "agresti_coull", "wald"])
@SETTINGS
@given(xn=counts())
@example(xn=(0, 1)).via("population 1, no event")
@example(xn=(1, 1)).via("population 1, events = population")
@example(xn=(0, BIG)).via("0 of 2^53")
@example(xn=(BIG, BIG)).via("2^53 of 2^53")
@example(xn=(1, 10 ** 9)).via("1 in 10^9")
def test_proportion_intervals_contain_the_value_lie_in_0_1_and_nest(method, xn):
    x, n = xn
    col = computed_or_too_large(lambda: zb.proportion_intervals(
        [x], [n], confidence=LEVELS, method=method, multiplier=100), method, n)
    if col is None:
        return
    if method in ("clopper_pearson", "jeffreys") and n > 10 ** 12:
        # Boost.Math's inverse incomplete beta is accurate to about 1e-9 relative there, more
        # than the interval's half-width (see the report): only finiteness and bounds hold.
        assert np.all(col.lower >= 0) and np.all(col.upper <= 100)
        return
    assert col.value[0] == pytest.approx(100 * x / n, rel=1e-15)
    assert_nested(col.lower[:, 0], col.upper[:, 0], col.value[0], floor=0.0, ceiling=100.0)


def test_tiny_proportion_keeps_its_precision():
    # Clopper–Pearson for x = 1: the lower limit p solves P(X ≥ 1) = 1 − (1 − p)^n = α/2, so
    # p = 1 − (1 − α/2)^(1/n) = −expm1(log1p(−α/2) / n) (hand calculation; written with
    # expm1/log1p so that the reference itself loses nothing at n = 10^9).
    col = zb.proportion_intervals([1], [10 ** 9], confidence=0.95, method="clopper_pearson")
    assert col.value[0] == 1e-9
    assert col.lower[0, 0] == pytest.approx(-math.expm1(math.log1p(-0.025) / 1e9), rel=1e-9)
    # the upper limit solves P(X ≤ 1) = (1 − p)^n + n p (1 − p)^(n−1) = α/2; for large n this is
    # the Poisson limit 5.571643390938899 / n (chi-square(0.975, 4) / 2, Garwood 1936) to 1e-8.
    assert col.upper[0, 0] == pytest.approx(5.571643390938899e-9, rel=1e-8)


# --- rates (Poisson counts) ------------------------------------------------------------------

@pytest.mark.parametrize("method", ["phe", "exact", "byar", "mid_p"])
@SETTINGS
@given(x=st.integers(0, BIG), n=st.integers(1, BIG))
@example(x=0, n=1).via("0 events, population 1")
@example(x=1, n=1).via("events = population = 1")
@example(x=BIG, n=BIG).via("2^53 events and population")
@example(x=1, n=10 ** 9).via("1 in 10^9")
def test_rate_intervals_contain_the_value_are_non_negative_and_nest(method, x, n):
    col = computed_or_too_large(lambda: zb.rate_intervals(
        [x], [n], confidence=LEVELS, method=method, multiplier=100000), method, x)
    if col is None:
        return
    assert col.value[0] == pytest.approx(1e5 * x / n, rel=1e-15)
    assert_nested(col.lower[:, 0], col.upper[:, 0], col.value[0], floor=0.0)


def test_tiny_rate_keeps_its_precision():
    # 1 event in 10^9 per 100,000 = 1e-4. Exact Poisson limits of one event (Garwood 1936):
    # lower μ with P(X ≥ 1 | μ) = 0.025: μ = −ln(0.975) = 0.025317807984289786; upper μ with
    # P(X ≤ 1 | μ) = 0.025: chi-square(0.975, 4)/2 = 5.571643390938899. Rates: μ / 10^9 × 10^5.
    col = zb.rate_intervals([1], [10 ** 9], confidence=0.95, method="exact")
    assert col.value[0] == pytest.approx(1e-4, rel=1e-15)
    assert col.lower[0, 0] == pytest.approx(-math.log(0.975) * 1e-4, rel=1e-12)
    assert col.upper[0, 0] == pytest.approx(5.571643390938899e-4, rel=1e-12)


# --- directly standardised rates (Dobson) ----------------------------------------------------

ESP_BANDS = 19  # the 2013 European standard population's 5-year bands (PHE's esp2013)
ESP_LABELS = list(zb.standard_population("esp2013")["band"])  # matched by label (issue 14)


@SETTINGS
@given(rows=st.lists(st.tuples(st.integers(0, 10 ** 6), st.integers(1, 10 ** 9)),
                     min_size=ESP_BANDS, max_size=ESP_BANDS))
def test_dsr_contains_its_value_and_nests(rows):
    frame = pd.DataFrame(rows, columns=["x", "n"]).assign(band=ESP_LABELS)
    out = zb.dsr(frame, "x", "n", confidence=LEVELS, on_bad_rows="mark", ageband="band")
    row = out.iloc[0]
    if frame["x"].sum() < 10:   # PHE's rule: fewer than 10 events give no DSR, with a status
        assert math.isnan(row["value"]) and row["status"] != "ok"
        return
    assert row["status"] == "ok"
    lower = [row[f"lower_{level_name(c)}"] for c in LEVELS]
    upper = [row[f"upper_{level_name(c)}"] for c in LEVELS]
    assert_nested(lower, upper, row["value"], floor=0.0)


def test_dsr_of_tiny_rates_keeps_its_precision():
    # 1 event in 10^9 in each band: every band's rate is 10^-9, so the standardised rate is
    # 10^-9 × 10^5 = 10^-4 whatever the weights (hand calculation: Σ w r / Σ w = r).
    frame = pd.DataFrame({"x": [1] * ESP_BANDS, "n": [10 ** 9] * ESP_BANDS, "band": ESP_LABELS})
    out = zb.dsr(frame, "x", "n", ageband="band")
    assert out["value"].iloc[0] == pytest.approx(1e-4, rel=1e-13)


# --- indirectly standardised ratios and rates ------------------------------------------------

@pytest.mark.parametrize("fn", [zb.smr, zb.isr], ids=["smr", "isr"])
@SETTINGS
@given(rows=st.lists(st.tuples(st.integers(0, 10 ** 6), st.integers(1, 10 ** 9),
                               st.integers(1, 10 ** 6)).flatmap(
                                   lambda t: st.tuples(st.just(t[0]), st.just(t[1]),
                                                       st.integers(0, 10 ** 6), st.just(t[2]))),
                     min_size=1, max_size=6))
def test_indirect_standardisation_contains_its_value_and_nests(fn, rows):
    frame = pd.DataFrame(rows, columns=["x", "n", "x_ref", "n_ref"])
    out = fn(frame, "x", "n", "x_ref", "n_ref", confidence=LEVELS, on_bad_rows="mark")
    row = out.iloc[0]
    if row["status"] != "ok":   # e.g. no expected events: reported, never a silent NaN
        assert math.isnan(row["value"])
        return
    lower = [row[f"lower_{level_name(c)}"] for c in LEVELS]
    upper = [row[f"upper_{level_name(c)}"] for c in LEVELS]
    assert_nested(lower, upper, row["value"], floor=0.0)


# --- life tables and SDG 3.4.1 ---------------------------------------------------------------

# PHE's life table method accepts levels from 0.9 only (zb.life_expectancy raises below).
LIFE_LEVELS = [0.9, 0.95, 0.998, 0.9999]
AGES = [0, 1, 5, 10, 15, 20, 25, 30, 35, 40, 45, 50, 55, 60, 65, 70, 75, 80, 85, 90]


@settings(max_examples=500, derandomize=True, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(rows=st.lists(st.integers(1, 10 ** 7).flatmap(
    lambda n: st.tuples(st.integers(0, n), st.just(n))), min_size=20, max_size=20))
def test_life_expectancy_contains_its_value_and_nests(rows):
    frame = pd.DataFrame({"startage": AGES, "deaths": [d for d, _ in rows],
                          "pops": [p for _, p in rows]})
    out = zb.life_expectancy(frame, "deaths", "pops", "startage", confidence=LIFE_LEVELS,
                             on_bad_rows="mark")
    for _, row in out.iterrows():
        lower = [row[f"lower_{c * 100:g}".replace(".", "_")] for c in LIFE_LEVELS]
        if math.isnan(row["value"]) or np.isnan(lower).any():
            # never a silent NaN: a status and a reason come with it
            assert row["status"] != "ok" and row["reason"]
            continue
        lower = [row[f"lower_{c * 100:g}".replace(".", "_")] for c in LIFE_LEVELS]
        upper = [row[f"upper_{c * 100:g}".replace(".", "_")] for c in LIFE_LEVELS]
        # No floor: Chiang II's normal limits (PHE's method) go below 0 for tiny populations,
        # which PHE flags with a warning status but does not truncate (see the report).
        assert_nested(lower, upper, row["value"])


@SETTINGS
@given(rows=st.lists(st.integers(1, 10 ** 9).flatmap(
    lambda n: st.tuples(st.integers(0, n), st.just(n))), min_size=8, max_size=8))
@example(rows=[(0, 1)] * 8).via("no deaths, population 1")
@example(rows=[(1, 1)] * 8).via("deaths = population")
@example(rows=[(1, 10 ** 9)] * 8).via("1 in 10^9")
def test_sdg_341_lies_in_0_100_contains_its_value_and_nests(rows):
    frame = pd.DataFrame({"startage": [f"{a}-{a + 4}" for a in range(30, 70, 5)],
                          "deaths": [d for d, _ in rows], "pops": [p for _, p in rows]})
    out = zb.premature_ncd_mortality(frame, confidence=LIFE_LEVELS, on_bad_rows="mark")
    row = out.iloc[0]
    if math.isnan(row["value"]) or math.isnan(row[f"lower_{LIFE_LEVELS[0] * 100:g}"]):
        assert row["status"] != "ok" and row["reason"]
        return
    lower = [row[f"lower_{c * 100:g}".replace(".", "_")] for c in LIFE_LEVELS]
    upper = [row[f"upper_{c * 100:g}".replace(".", "_")] for c in LIFE_LEVELS]
    assert_nested(lower, upper, row["value"], floor=0.0, ceiling=100.0)


def test_sdg_341_of_a_tiny_rate_keeps_its_precision():
    # WHO's formula with M = 10^-9 in each of 8 bands: 5q = 5M/(1 + 2.5M), P = 1 − (1 − 5q)^8.
    # For small M, P = 8 × 5q − 28 × (5q)^2 + … = 4e-8 − 2.5e-16·8·… : to 1e-7 relative, P = 4e-8,
    # i.e. 4e-6 %.
    frame = pd.DataFrame({"startage": [f"{a}-{a + 4}" for a in range(30, 70, 5)],
                          "deaths": [1] * 8, "pops": [10 ** 9] * 8})
    out = zb.premature_ncd_mortality(frame)
    assert out["value"].iloc[0] == pytest.approx(4e-6, rel=1e-7)


# --- means, differences, sex ratios ----------------------------------------------------------

@SETTINGS
@given(values=st.lists(st.floats(-1e9, 1e9, allow_nan=False), min_size=2, max_size=30))
def test_mean_interval_contains_the_mean_and_nests(values):
    frame = pd.DataFrame({"v": values})
    outs = [zb.mean(frame, "v", confidence=c).iloc[0] for c in LEVELS]
    value = outs[0]["mean"]
    lower = [o[f"lower_{level_name(c)}"] for o, c in zip(outs, LEVELS)]
    upper = [o[f"upper_{level_name(c)}"] for o, c in zip(outs, LEVELS)]
    assert_nested(lower, upper, value)


def _difference_limits(fn, frame, *columns):
    outs = [fn(frame, *columns, confidence=c, on_bad_rows="mark") for c in LEVELS]
    lower = np.array([o[f"lower_{level_name(c)}"].to_numpy() for o, c in zip(outs, LEVELS)])
    upper = np.array([o[f"upper_{level_name(c)}"].to_numpy() for o, c in zip(outs, LEVELS)])
    return outs[0], lower, upper


@SETTINGS
@given(a=counts(10 ** 12), b=counts(10 ** 12))
@example(a=(0, 1), b=(1, 1)).via("0 of 1 against 1 of 1")
@example(a=(BIG, BIG), b=(0, BIG)).via("2^53")
def test_proportion_difference_lies_in_minus_1_1_and_nests(a, b):
    frame = pd.DataFrame({"x1": [a[0]], "n1": [a[1]], "x2": [b[0]], "n2": [b[1]]})
    out, lower, upper = _difference_limits(zb.proportion_difference, frame, "x1", "n1", "x2", "n2")
    assert_nested(lower[:, 0], upper[:, 0], out["value"].iloc[0], floor=-1.0, ceiling=1.0)


@SETTINGS
@given(x1=st.integers(1, 10 ** 7), n1=st.integers(1, 10 ** 9), x2=st.integers(1, 10 ** 7),
       n2=st.integers(1, 10 ** 9))
def test_rate_ratio_contains_the_ratio_and_nests(x1, n1, x2, n2):
    frame = pd.DataFrame({"x1": [x1], "n1": [n1], "x2": [x2], "n2": [n2]})
    out, lower, upper = _difference_limits(zb.rate_ratio, frame, "x1", "n1", "x2", "n2")
    assert_nested(lower[:, 0], upper[:, 0], out["value"].iloc[0], floor=0.0)


@SETTINGS
@given(m=st.integers(0, 10 ** 9), f=st.integers(1, 10 ** 9))
@example(m=0, f=1).via("no boys")
@example(m=1, f=1).via("one of each")
def test_sex_ratio_interval_contains_the_ratio_and_nests(m, f):
    frame = pd.DataFrame({"m": [m], "f": [f]})
    out, lower, upper = _difference_limits(zb.sex_ratio_interval, frame, "m", "f")
    assert out["value"].iloc[0] == pytest.approx(100 * m / f, rel=1e-14)
    assert_nested(lower[:, 0], upper[:, 0], out["value"].iloc[0], floor=0.0)


# --- funnel plots ----------------------------------------------------------------------------

@SETTINGS
@given(p=st.floats(0.0, 1.0), n=st.integers(1, BIG))
@example(p=0.0, n=1).via("average 0, population 1")
@example(p=1.0, n=BIG).via("average 1, 2^53")
def test_proportion_funnel_limits_lie_in_0_100_and_nest(p, n):
    curve = zb.funnel_limits_at(p, [n]).iloc[0]
    lower = [curve["lower_95"], curve["lower_99.8"]]
    upper = [curve["upper_95"], curve["upper_99.8"]]
    assert_nested(lower, upper, 100 * p, floor=0.0, ceiling=100.0)


# --- regressions of what these tests found ----------------------------------------------------

def test_wilson_limits_stay_within_0_and_the_multiplier():
    # Found above: x = n = 2 gave an upper Wilson limit of 100.00000000000001 %. At x = n the
    # exact upper limit is 1 (hand calculation: with x = n, √(z² + 4x(1 − x/n)) = z, so the upper
    # limit is (2n + 2z²) / (2(n + z²)) = 1); at x = 0 the lower one is 0.
    col = zb.proportion_intervals([2, 0], [2, 2], confidence=LEVELS, multiplier=100)
    assert (col.upper[:, 0] <= 100).all() and (col.lower[:, 1] >= 0).all()
    assert col.upper[:, 0] == pytest.approx([100] * 4, rel=1e-15)


def test_newcombe_limits_stay_within_minus_1_and_1():
    # Found above: 2^53 of 2^53 against 0 of 2^53 gave an upper limit above 1.
    frame = pd.DataFrame({"x1": [BIG], "n1": [BIG], "x2": [0], "n2": [BIG]})
    for c in LEVELS:
        out = zb.proportion_difference(frame, "x1", "n1", "x2", "n2", confidence=c)
        assert out[f"upper_{level_name(c)}"].iloc[0] <= 1.0
        assert out["value"].iloc[0] == 1.0


def test_exact_methods_refuse_counts_they_cannot_compute():
    # Found above: Boost.Math's incomplete gamma series gave up at 2^53 events and escaped as a
    # RuntimeError (and the inverse incomplete beta at 2.5e10 of 1.2e11, confidence 0.5). It is
    # now InvalidInput naming the count; Byar's method computes it.
    with pytest.raises(zb.InvalidInput, match="too large for the exact method"):
        zb.rate_intervals([BIG], [BIG], method="exact")
    with pytest.raises(zb.InvalidInput, match="too large for the mid_p method"):
        zb.rate_intervals([BIG], [BIG], method="mid_p")
    with pytest.raises(zb.InvalidInput, match="too large for the clopper_pearson method"):
        zb.proportion_intervals([24946499948], [124732499745], confidence=0.5,
                                method="clopper_pearson")
    byar = zb.rate_intervals([BIG], [BIG], method="byar", multiplier=1)
    assert byar.lower[0, 0] < 1 < byar.upper[0, 0]
