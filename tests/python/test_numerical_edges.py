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


# --- issue 14, classes 3 and 4: overflow is a status, exact methods answer at every count -----

MAX = np.finfo(float).max
# Extreme finite inputs: zero, the smallest denormal, one, 1e308, 1.7e308, the largest double.
EXTREMES = [0.0, 5e-324, 1.0, 1e308, 1.7e308, MAX]
PROPORTION_METHODS = ["wilson", "clopper_pearson", "jeffreys", "agresti_coull", "wald"]
COUNT_METHODS = ["phe", "exact", "byar", "mid_p"]
OVERFLOW = 7  # IntervalStatus::overflow


def _pairs(bounded):
    pairs = [(x, n) for x in EXTREMES for n in EXTREMES if n > 0 and (not bounded or x <= n)]
    return np.array([p[0] for p in pairs]), np.array([p[1] for p in pairs])


def _assert_ok_rows_finite(col, what):
    ok = col.status == 0
    assert np.isfinite(col.value[ok]).all(), what
    assert np.isfinite(col.lower[:, ok]).all() and np.isfinite(col.upper[:, ok]).all(), what


def test_huge_counts_divide_before_multiplying():
    # Hand calculation: 1e308 / 1.7e308 = 1 / 1.7 = 0.5882352941176471; per 10^5:
    # 58823.529411764706. Today x × multiplier overflowed first: inf with status 0.
    r = zb.rates([1e308], [1.7e308])
    assert r.status[0] == 0 and r.values[0] == pytest.approx(58823.529411764706, rel=1e-12)
    p = zb.proportions([1e308], [1.7e308])
    assert p.status[0] == 0 and p.values[0] == pytest.approx(58.82352941176471, rel=1e-12)
    ri = zb.rate_intervals([1e308], [1.7e308], method="byar")
    assert ri.status[0] == 0 and ri.value[0] == pytest.approx(58823.529411764706, rel=1e-12)
    # Wilson's limits were NaN with status 0; the half-width (≈ 7e-155) is below one ulp of p.
    w = zb.proportion_intervals([1e308], [1.7e308], confidence=[0.95, 0.998])
    assert w.status[0] == 0
    assert w.lower[:, 0] == pytest.approx([1 / 1.7] * 2, rel=1e-12)
    assert w.upper[:, 0] == pytest.approx([1 / 1.7] * 2, rel=1e-12)


def test_a_value_beyond_the_largest_double_is_the_overflow_status():
    # 1e308 / 1e-10 = 1e318 > 1.8e308: no double holds it.
    with pytest.raises(zb.InvalidRows, match="overflow"):
        zb.ratios([1e308], [1e-10])
    m = zb.ratios([1e308, 3], [1e-10, 4], on_bad_rows="mark")
    assert list(m.status) == [7, 0] and math.isnan(m.values[0]) and m.values[1] == 0.75
    assert "溢出" in zb.MEASURE_STATUS_DESCRIPTIONS[7]
    # 1e10 events in 1e-300 person-years: 1e310 per person-year.
    with pytest.raises(zb.InvalidRows, match="overflow"):
        zb.rate_intervals([1e10], [1e-300], method="byar", multiplier=1)
    c = zb.rate_intervals([1e10, 7], [1e-300, 25000], method="byar", multiplier=1,
                          on_bad_rows="mark")
    assert list(c.status) == [OVERFLOW, 0] and np.isnan(c.value[0]) and np.isnan(c.lower[0, 0])
    assert "溢出" in zb.INTERVAL_STATUS_DESCRIPTIONS[OVERFLOW]


@pytest.mark.parametrize("method", PROPORTION_METHODS)
def test_status_ok_implies_finite_proportion_results(method):
    x, n = _pairs(bounded=True)
    for multiplier in (1, 100, 1e300):
        try:
            col = zb.proportion_intervals(x, n, confidence=[0.5, 0.95, 0.998], method=method,
                                          multiplier=multiplier, on_bad_rows="mark")
        except zb.InvalidInput as exc:  # the beta methods refuse n above 10^10 (class 4)
            assert method in EXACT_METHODS and "too large for the" in str(exc)
            continue
        _assert_ok_rows_finite(col, (method, multiplier))


@pytest.mark.parametrize("method", COUNT_METHODS)
def test_status_ok_implies_finite_rate_results(method):
    x, n = _pairs(bounded=False)
    small = [0.0, 5e-324, 1.0, 7.5, 1e10]  # counts the exact methods take, at every n
    xs = np.concatenate([x, np.repeat(small, len(EXTREMES) - 1)])
    ns = np.concatenate([n, np.tile([v for v in EXTREMES if v > 0], len(small))])
    for multiplier in (1, 100000, 1e300):
        for xx, nn in ((x, n), (xs[len(x):], ns[len(x):])):
            try:
                col = zb.rate_intervals(xx, nn, confidence=[0.5, 0.95, 0.998], method=method,
                                        multiplier=multiplier, on_bad_rows="mark")
            except zb.InvalidInput as exc:  # exact and mid-p refuse counts above 10^10
                assert method in EXACT_METHODS and "too large for the" in str(exc)
                assert xx.max() > 1e10
                continue
            _assert_ok_rows_finite(col, (method, multiplier))


def test_exact_methods_answer_at_every_decade():
    # Class 4: 5e29 of 1e30 took 98 s for one Clopper–Pearson row (Boost.Math's series). Every
    # decade 10^0 … 10^308, for each exact method and the shapes that stress each series, either
    # computes or refuses at once with InvalidInput; the sweep runs in well under a second here
    # (no time is asserted).
    for e in range(0, 309):
        c = 10.0 ** e
        for method in ("exact", "mid_p"):
            if c <= 1e10:
                col = zb.rate_intervals([c], [c], method=method, multiplier=1)
                assert col.lower[0, 0] <= 1 <= col.upper[0, 0]
            else:
                with pytest.raises(zb.InvalidInput, match="too large for the"):
                    zb.rate_intervals([c], [c], method=method)
        for method in ("clopper_pearson", "jeffreys"):
            xs = [math.floor(c / 2), min(5.0, c), max(0.0, c - 5)]
            if c <= 1e10:
                col = zb.proportion_intervals(xs, [c] * 3, method=method)
                assert np.isfinite(col.lower).all() and np.isfinite(col.upper).all()
            else:
                with pytest.raises(zb.InvalidInput, match="too large for the"):
                    zb.proportion_intervals(xs, [c] * 3, method=method)
    frame = pd.DataFrame({"x1": [5e29], "n1": [1e30], "x2": [5e29], "n2": [1e30]})
    out = zb.rate_ratio(frame, "x1", "n1", "x2", "n2", on_bad_rows="mark")
    assert out["status"].iloc[0] == "bad row"


def test_differences_keep_status_ok_finite():
    # Newcombe's difference of two Wilson intervals used its own copy of Wilson, NaN at 1e308.
    frame = pd.DataFrame({"x1": [1e308], "n1": [1.7e308], "x2": [1], "n2": [2]})
    out = zb.proportion_difference(frame, "x1", "n1", "x2", "n2", on_bad_rows="mark")
    assert out["status"].iloc[0] == "ok"
    # 1/1.7 − 1/2 = 0.08823529411764708
    assert out["value"].iloc[0] == pytest.approx(0.08823529411764708, rel=1e-12)
    assert np.isfinite(out[["lower_95", "upper_95"]].to_numpy()).all()
    # A mean of 1.7e308 with sd 1e308 over 2 values: ± t(0.975; 1) × 1e308 / √2 ≈ ± 9e308.
    value, lower, upper, status, errors = zb._core.difference_column(
        "mean", [np.array([1.7e308, 5.0]), np.array([1e308, 1.0]), np.array([2.0, 10.0])], 0.95)
    assert list(status) == [3, 0] and math.isnan(value[0]) and math.isnan(upper[0])
    assert errors[0][0] == 0 and "overflow" in errors[0][2]


def test_expression_overflow_is_a_status():
    # 10 × 1e308 = 1e309 overflows; 1 × 1e308 does not.
    values, status = zb.Expression("#{a} * 1e308").evaluate({"a": [10.0, 1.0]})
    assert list(status) == [4, 0] and values[1] == 1e308
    assert "溢出" in zb.EXPRESSION_STATUS_DESCRIPTIONS[4]
    assert "溢出" in zb.EVALUATION_STATUS_DESCRIPTIONS[6]


def test_assessments_refuse_an_overflowing_completion():
    # 1e300 done of a quota of 1e-10: a completion of 1e312 %, beyond the largest double; it was
    # inf and 超额完成 ("ahead").
    with pytest.raises(zb.InvalidInput, match="overflow"):
        zb.assess_quota(1e300, zb.Quota(1e-10, zb.Period.year(2024)), "2024-05-31")
    ok = zb.assess_quota(3448, zb.Quota(6800, zb.Period.year(2024)), "2024-05-31")
    assert math.isfinite(ok.completion)


def test_standardised_rates_and_life_tables_keep_status_ok_finite():
    # Every pair of extreme values in every band: a DSR (19 bands, weights 1) and a life table
    # (PHE's 20 bands) either compute finite numbers with status ok or say why not. Found by this
    # sweep: 1 event in 5e-324 person-years gave a DSR of inf (status ok), and 5e-324 deaths
    # among 1e308 people an infinite life expectancy (the open band's 1/M overflows).
    ages = [0, 1] + list(range(5, 95, 5))
    for xv in EXTREMES:
        for nv in EXTREMES:
            if nv <= 0:
                continue
            frame = pd.DataFrame({"g": ["a"] * 19, "x": [xv] * 19, "n": [nv] * 19, "w": [1.0] * 19})
            try:
                out = zb.dsr(frame.groupby("g"), "x", "n", stdpop="w", on_bad_rows="mark")
            except zb.InvalidInput:
                pass
            else:
                row = out.iloc[0]
                if row["status"] == "ok":
                    assert np.isfinite([row["value"], row["lower_95"], row["upper_95"]]).all(), \
                        (xv, nv)
            if xv > nv:
                continue
            r = zb.life_tables([xv] * len(ages), [nv] * len(ages), ages, on_bad_rows="mark")
            ok = np.asarray(r.status) == 0
            assert np.isfinite(np.asarray(r.value)[ok]).all(), (xv, nv)
    assert "溢出" in zb.GROUP_STATUS_DESCRIPTIONS[4]


# ---- issue 14, class 3: beyond the 18 digits of a Decimal; non-finite input; kinds without limits

def test_exact_rounding_beyond_eighteen_digits_is_invalid_input_or_computed():
    # A Decimal holds 18 significant digits: 1e308 / 1 × 1 at 2 decimals needs 311, so the
    # scalar is InvalidInput naming the numerator (it was Python's OverflowError); so are 10**30
    # and 2**64, which Python passes as the doubles 1e30 and 1.8446744073709552e19.
    for big in (1e308, 10**30, 2**64):
        with pytest.raises(zb.InvalidInput, match=r"^numerator: .*more than 18 significant digits"):
            zb.round_ratio_half_up(big, 1, 1, 2)
        with pytest.raises(zb.InvalidInput, match="^numerator: "):
            zb.check_reported_rate(big, 1, "1")
    # 10^16 at 2 decimals is the coefficient 10^18 < 2^63: it fits.
    assert str(zb.round_ratio_half_up(10**16, 1, 1, 2)) == "10000000000000000.00"
    # 1e308 × 100 per cent is beyond the largest double itself: overflow (溢出).
    with pytest.raises(zb.InvalidInput, match="^numerator: .*溢出"):
        zb.round_ratio_half_up(1e308, 1, 100, 2)
    # Text has no limit: 1e308 is "1" and 308 zeros, then ".00"; 2^64's shortest decimal is
    # 1.8446744073709552e19, so at 1 decimal "18446744073709552000.0".
    assert zb.format_value(1e308, "percent", 2) == "1" + "0" * 308 + ".00%"
    assert zb.format_value(2**64, "ratio", 1) == "18446744073709552000.0"
    assert zb.format_value(10**30, "ratio", 0) == "1" + "0" * 30


def test_measure_columns_round_huge_values_and_flag_overflow():
    # 10^30 events in 3 person-years per 10^5 = 3.33…e34 (finite): ok, rounded on the exact
    # rational (no 18-digit limit) to the double nearest 10^35 / 3.
    r = zb.rates([10**30, 1506], [3, 1600], decimals=2)
    assert list(r.status) == [0, 0]
    assert r.rounded[0] == pytest.approx(1e35 / 3, rel=1e-15)
    assert r.rounded[1] == 94125.0  # 1506 / 1600 × 10^5 exactly
    # 1e308 of 1e-10 is beyond the largest double: the overflow status (RowStatus 7), NaN.
    m = zb.ratios([1e308, 3], [1e-10, 4], decimals=2, on_bad_rows="mark")
    assert list(m.status) == [7, 0] and np.isnan(m.rounded[0]) and m.rounded[1] == 0.75  # 3 / 4
    assert "溢出" in zb.MEASURE_STATUS_DESCRIPTIONS[7]
    q = zb.quota_completions([1e308, 1506], [1.7e308, 1600], decimals=2)
    # 1e308 / 1.7e308 × 100 = 58.8235294…% (divide first); 1506 / 1600 = 94.125 → 94.13.
    assert list(q.status) == [0, 0] and list(q.rounded) == [58.82, 94.13]
    assert q.format() == ["58.82%", "94.13%"]


def test_reported_rates_of_huge_counts_compare_exactly_or_overflow():
    # 10^30 of 1 in per cent is 10^32 exactly: consistent. 1e308 of 1e-10 overflows: status
    # "overflow" (ReportedStatus 7), an error row naming the numerator column.
    frame = pd.DataFrame({"x": [1e30, 1e308], "n": [1.0, 1e-10], "rep": [1e32, 1.0]})
    out = zb.check_reported_rates(frame, "x", "n", "rep", unit="percent", decimals=0,
                                  on_bad_rows="mark")
    assert list(out.status.astype(str)) == ["consistent", "overflow"]
    assert out.expected[0] == 1e32 and np.isnan(out.expected[1])
    assert "溢出" in zb.REPORTED_STATUS_DESCRIPTIONS[7]
    with pytest.raises(zb.InvalidRows) as info:
        zb.check_reported_rates(frame, "x", "n", "rep", unit="percent", decimals=0)
    assert [e[0] for e in info.value.rows] == [1] and info.value.rows[0][1] == "x"


def test_non_finite_input_is_refused_not_passed_through():
    for bad in (math.nan, math.inf, -math.inf):
        with pytest.raises(zb.InvalidInput, match="^x: is not a finite number"):
            zb.round_half_up(bad, 2)
        with pytest.raises(zb.InvalidInput, match="^amount: must be a finite number"):
            zb.Quota(bad, zb.Period.year(2024))
    # An array keeps its missing values (NaN in, NaN out): 2.675 → 2.68 on its shortest decimal.
    out = zb.round_half_up(np.array([2.675, np.nan]), 2)
    assert out[0] == 2.68 and np.isnan(out[1])
    t = zb.Threshold.parse("≥90%")
    for bad in (math.nan, -math.inf):
        with pytest.raises(zb.InvalidInput, match="^value: must be a finite number"):
            t.shortfall(bad)
    assert t.shortfall(83.87) == pytest.approx(6.13)
    with pytest.raises(zb.InvalidInput, match="^numerator: must be a finite number"):
        zb.assess_threshold(80, t, numerator=math.nan, denominator=100)
    with pytest.raises(zb.InvalidInput, match="^denominator: must be a finite number"):
        zb.assess_threshold(80, t, numerator=80, denominator=math.inf)
    imp = zb.Improvement("points", 1.0)
    with pytest.raises(zb.InvalidInput, match="^value: "):
        zb.assess_improvement(math.nan, imp, baseline=1.0)
    with pytest.raises(zb.InvalidInput, match="^baseline: "):
        zb.assess_improvement(1.0, imp, baseline=math.nan)
    # A threshold table names the row of an infinite count.
    frame = pd.DataFrame({"indicator": ["c", "c"], "value": [80.0, 95.0],
                          "numerator": [80.0, -math.inf], "denominator": [100.0, 100.0]})
    with pytest.raises(zb.InvalidInput, match="^numerator: row 1: must be a finite number"):
        zb.assess_thresholds(frame, {"c": "≥90%"})


def test_count_needed_of_huge_denominators_is_finite():
    # 8e307 of 1e308 = 80 %: 90 % of 1e308 = 9e307 sit on the bound (90 × 1e308 overflowed to
    # inf), so 1e307 more are needed.
    a = zb.assess_threshold(80, zb.Threshold.parse("≥90%"), numerator=8e307, denominator=1e308)
    assert a.count_needed == pytest.approx(1e307, rel=1e-12)


def test_cumulate_year_to_date_refuses_an_infinite_month():
    monthly = pd.DataFrame([[1.0, math.inf, 3.0]], columns=["2024-01", "2024-02", "2024-03"])
    with pytest.raises(zb.InvalidInput, match=r"^monthly: series 0, month 1: is not a finite number"):
        zb.cumulate_year_to_date(monthly)
    ok = zb.cumulate_year_to_date(pd.DataFrame([[1.0, 2.0, 3.0]], columns=["2024-01", "2024-02", "2024-03"]))
    assert ok.iloc[0].tolist() == [1.0, 3.0, 6.0]


def test_indirect_standardisation_divides_before_multiplying():
    # Expected = Σ n × x_ref / n_ref = 1e308 × 5 / 1000 + 1000 × 8 / 1000 = 5e305 + 8 (1e308 × 5
    # overflowed to inf: expected inf and an SMR of 0 beside status ok). SMR = 30 / 5e305.
    frame = pd.DataFrame({"g": ["a", "a"], "x": [10.0, 20.0], "n": [1e308, 1000.0],
                          "xr": [5.0, 8.0], "nr": [1000.0, 1000.0]})
    out = zb.smr(frame.groupby("g"), "x", "n", "xr", "nr")
    row = out.iloc[0]
    assert str(row["status"]) == "ok"
    assert row["value"] == pytest.approx(30 / 5e305, rel=1e-12)
    # Expected beyond the largest double (1e308 × 1000 / 1, twice): the overflow status.
    huge = pd.DataFrame({"g": ["a", "a"], "x": [10.0, 20.0], "n": [1e308, 1e308],
                         "xr": [1000.0, 1000.0], "nr": [1.0, 1.0]})
    bad = zb.isr(huge.groupby("g"), "x", "n", "xr", "nr").iloc[0]
    assert "溢出" in str(bad["status"]) or str(bad["status"]) == "overflow"
    assert np.isnan(bad["value"])


def test_slope_index_that_overflows_is_a_status():
    frame = pd.DataFrame({"decile": list(range(1, 11)),
                          "population": [7291, 7997, 6105, 7666, 5790, 6934, 5918, 5974, 7147, 7534],
                          "value": [75.9, 78.3, 83.8, 83.6, 80.5, 81.1, 81.7, 84.2, 80.6, 86.3],
                          "se": [1.64, 1.58, 1.51, 1.78, 1.7, 1.56, 1.37, 1.4, 2.43, 1.57]})
    ok = zb.slope_index(frame, "decile", "population", "value", se="se", repetitions=1000)
    assert str(ok["status"].iloc[0]) == "ok" and np.isfinite(ok["sii"].iloc[0])
    # The SII × 1e308 exceeds the largest double: status overflow (InequalityStatus 7), NaN.
    out = zb.slope_index(frame, "decile", "population", "value", se="se", repetitions=1000,
                         multiplier=1e308)
    assert str(out["status"].iloc[0]) == "overflow" and np.isnan(out["sii"].iloc[0])
    assert "溢出" in out["reason"].iloc[0]
    assert zb.INEQUALITY_STATUS_NAMES[7] == "overflow"


def test_confidence_for_a_ratio_indicator_gives_nan_limits_that_say_why():
    from test_cube import seed_cube

    cube = seed_cube()
    ratio = zb.Indicator("per_head", "#{signed}", "#{population}", kind="ratio")
    share = zb.Indicator("share", "#{signed}", "#{population}", kind="proportion", unit="%")
    frame = zb.evaluate(cube, [share, ratio], ["D"], "2019", confidence=0.95)
    # Seed 000: 59902 signed of 178005 people = 33.65 %; the ratio keeps its value, its limits
    # are NaN and limits_status says why; the proportion gets Wilson limits around its value.
    assert frame["limits_status"].tolist() == ["ok", "no interval method for this kind"]
    assert frame["status"].tolist() == ["ok", "ok"]
    assert frame["lower_95"].isna().tolist() == [False, True]
    assert frame.value[1] == pytest.approx(59902 / 178005 * 100, rel=1e-12)  # the default unit: %
    assert frame.lower_95[0] < frame.value[0] < frame.upper_95[0]
    assert "limits_status" not in zb.evaluate(cube, [ratio], ["D"], "2019").columns


@pytest.mark.parametrize("bad", [True, -1, 2.5, "2", None])
def test_decimals_bound_in_cpp_are_read_by_one_checker(bad):
    # pybind11's int caster took True as 1, and -1 (an internal "not given") was accepted.
    calls = [
        lambda: zb.Decimal.parse("94.125").round_half_up(bad),
        lambda: zb.Proportion(1506, 1600).rounded(bad),
        lambda: zb.Proportion(1506, 1600).format(bad),
        lambda: zb.format_value(94.125, "percent", bad),
        lambda: zb.round_half_up(2.675, bad),
        lambda: zb.round_ratio_half_up(1506, 1600, 100, bad),
        lambda: zb.proportions([1506], [1600], decimals=bad) if bad is not None else
        zb.round_half_up(1.0, bad),
    ]
    for call in calls:
        with pytest.raises(zb.InvalidInput, match="^decimals: "):
            call()
    with pytest.raises(zb.InvalidInput, match="^multiplier: "):
        zb.round_ratio_half_up(1506, 1600, True if bad is True else 2.5, 2)
    # The valid spellings still work: 2, 2.0 and a NumPy integer.
    assert str(zb.round_ratio_half_up(1506, 1600, 100, np.int64(2))) == "94.13"
    assert zb.format_value(94.125, "percent", 2.0) == "94.13%"


def test_aggregate_time_refuses_an_infinite_month_and_averages_without_overflow():
    cols = ["2024-01", "2024-02", "2024-03"]
    with pytest.raises(zb.InvalidInput, match=r"^monthly: series 0, month 1: is not a finite number"):
        zb.aggregate_time(pd.DataFrame([[1.0, math.inf, 3.0]], columns=cols), "quarter")
    big = pd.DataFrame([[1e308, 1e308, 1e308]], columns=cols)
    with pytest.raises(zb.InvalidInput, match=r"^monthly: series 0, 2024Q1: the aggregate exceeds"):
        zb.aggregate_time(big, "quarter")
    # The mean of three months of 1e308 is 1e308 (dividing first; the sum overflowed to inf).
    mean = zb.aggregate_time(big, "quarter", how="average")
    assert mean.values.iloc[0, 0] == pytest.approx(1e308, rel=1e-15)
