"""Independent derivation of the reference values used by tests/cpp/interval_test.cpp and
tests/python/test_interval.py.

Standard library only (no zhibiao, no Boost, no SciPy): the normal quantile comes from
statistics.NormalDist (Wichura's AS 241, ~1e-16 relative), and every exact limit is found by
bisection on the defining tail sum of the Poisson or binomial distribution, so it checks the
chi-square / beta quantile identities used by the library instead of repeating them.
Run: /usr/bin/python3 tests/reference/derive_intervals.py
"""
from math import exp, lgamma, log, sqrt
from statistics import NormalDist


def z(conf):
    return NormalDist().inv_cdf(conf + (1 - conf) / 2)  # R: qnorm(conf + (1 - conf)/2)


def wilson(x, n, conf):
    # PHEindicatormethods wilson_lower / wilson_upper (Wilson 1927)
    zz = z(conf)
    root = zz * sqrt(zz * zz + 4 * x * (1 - x / n))
    return ((2 * x + zz * zz - root) / 2 / (n + zz * zz), (2 * x + zz * zz + root) / 2 / (n + zz * zz))


def byars(x, conf):
    # PHEindicatormethods byars_lower / byars_upper (Breslow & Day 1987)
    zz = z(conf)
    lo = x * (1 - 1 / (9 * x) - zz / (3 * sqrt(x))) ** 3
    hi = (x + 1) * (1 - 1 / (9 * (x + 1)) + zz / (3 * sqrt(x + 1))) ** 3
    return lo, hi


def pois_pmf(k, mu):
    return exp(-mu + k * log(mu) - lgamma(k + 1))


def pois_cdf(x, mu):  # P(X <= x), integer x
    return sum(pois_pmf(k, mu) for k in range(int(x) + 1))


def bisect(f, lo, hi, it=200):
    flo = f(lo)
    for _ in range(it):
        mid = (lo + hi) / 2
        fm = f(mid)
        if (fm > 0) == (flo > 0):
            lo, flo = mid, fm
        else:
            hi = mid
    return (lo + hi) / 2


def poisson_exact(x, conf):
    a = (1 - conf) / 2
    lo = 0.0 if x == 0 else bisect(lambda m: (1 - pois_cdf(x - 1, m)) - a, 1e-12, x + 1)
    hi = bisect(lambda m: pois_cdf(x, m) - a, 1e-12, 10 * x + 50)
    return lo, hi


def poisson_mid_p(x, conf):
    a = (1 - conf) / 2
    lo = 0.0 if x == 0 else bisect(
        lambda m: (1 - pois_cdf(x, m)) + pois_pmf(x, m) / 2 - a, 1e-12, x + 1)
    below = (lambda m: pois_cdf(x - 1, m)) if x > 0 else (lambda m: 0.0)
    hi = bisect(lambda m: below(m) + pois_pmf(x, m) / 2 - a, 1e-12, 10 * x + 50)
    return lo, hi


def binom_pmf(k, n, p):
    if p <= 0:
        return 1.0 if k == 0 else 0.0
    if p >= 1:
        return 1.0 if k == n else 0.0
    return exp(lgamma(n + 1) - lgamma(k + 1) - lgamma(n - k + 1) + k * log(p) + (n - k) * log(1 - p))


def binom_cdf(x, n, p):
    return sum(binom_pmf(k, n, p) for k in range(x + 1))


def clopper_pearson(x, n, conf):
    a = (1 - conf) / 2
    lo = 0.0 if x == 0 else bisect(lambda p: (1 - binom_cdf(x - 1, n, p)) - a, 0.0, 1.0)
    hi = 1.0 if x == n else bisect(lambda p: binom_cdf(x, n, p) - a, 0.0, 1.0)
    return lo, hi


def newcombe_hybrid(x1, n1, x2, n2, conf=0.95):
    # Newcombe 1998 (Stat Med 17:873-890), method 10: Wilson limits of each proportion.
    p1, p2 = x1 / n1, x2 / n2
    l1, u1 = wilson(x1, n1, conf)
    l2, u2 = wilson(x2, n2, conf)
    d = p1 - p2
    delta = sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2)
    eps = sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2)
    return d - delta, d + eps


if __name__ == "__main__":
    for conf in (0.95, 0.998):
        print("z", conf, repr(z(conf)))
        for x, n in ((65, 100), (1045, 5000), (0.445, 1)):
            print("wilson", x, n, conf, [repr(v) for v in wilson(x, n, conf)])
    for x in (65, 1045, 1):
        print("byars", x, 0.95, [repr(v) for v in byars(x, 0.95)])
    for x in (65, 1045, 10):
        print("byars", x, 0.998, [repr(v) for v in byars(x, 0.998)])
    for x in (0, 1, 5, 9):
        print("exact", x, [repr(v) for v in poisson_exact(x, 0.95)], "mid_p", [repr(v) for v in poisson_mid_p(x, 0.95)])
    for x, n in ((81, 263), (15, 148), (0, 20), (1, 29)):
        print("cp", x, n, [repr(v) for v in clopper_pearson(x, n, 0.95)], "wilson", wilson(x, n, 0.95))
    for a in ((56, 70, 48, 80), (9, 10, 3, 10), (6, 7, 2, 7), (5, 56, 0, 29), (0, 10, 0, 20), (10, 10, 0, 20)):
        print("newcombe", a, newcombe_hybrid(*a))


# --- standardisation (tests/cpp/standardise_test.cpp, tests/python/test_standardise.py) ---------
ESP2013 = [5000, 5500, 5500, 5500, 6000, 6000, 6500, 7000, 7000, 7000, 7000, 6500, 6000, 5500,
           5000, 4000, 2500, 1500, 1000]
# Three areas over the 19 ESP 2013 bands with total counts 895, 91 and 9, the totals of the three
# areas of PHEindicatormethods' DSR test workbook (whose band-level data is not published as text).
DSR_AREAS = {
    "A": ([2, 1, 1, 2, 3, 4, 6, 9, 14, 20, 30, 42, 58, 80, 105, 130, 150, 128, 110],
          [5200, 5600, 5800, 5400, 6100, 6300, 6600, 7200, 7100, 6900, 7000, 6400, 5900, 5200,
           4600, 3500, 2100, 1200, 700]),
    "B": ([0, 0, 0, 0, 1, 0, 1, 1, 2, 2, 3, 5, 6, 8, 10, 13, 15, 13, 11],
          [1200, 1300, 1250, 1100, 1400, 1500, 1450, 1600, 1550, 1500, 1450, 1300, 1200, 1050,
           900, 700, 450, 250, 150]),
    "C": ([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 1, 1, 1, 2, 1, 2, 0],
          [300, 320, 310, 300, 330, 340, 350, 360, 350, 340, 330, 300, 280, 250, 210, 160, 100, 60,
           30]),
}


def dsr(x, n, w, conf, multiplier=100000):
    # Dobson et al. 1991 with Byar's limits of the total count (PHE calculate_dsr).
    X = sum(x)
    value = sum(xi * wi / ni for xi, ni, wi in zip(x, n, w)) / sum(w) * multiplier
    var = sum(xi * (wi / ni) ** 2 for xi, ni, wi in zip(x, n, w)) / sum(w) ** 2
    lo, hi = byars(X, conf)
    return X, value, value + sqrt(var / X) * (lo - X) * multiplier, value + sqrt(var / X) * (hi - X) * multiplier


def print_standardisation():
    for area, (x, n) in DSR_AREAS.items():
        print("area", area, "total", sum(x), "pop", sum(n))
        if sum(x) >= 10:
            for conf in (0.95, 0.998):
                print("  dsr", conf, [repr(v) for v in dsr(x, n, ESP2013, conf)])
    # Non-independent events: area A's counts split into persons with 1 event and persons with
    # 2 events (events = persons1 + 2 persons2).
    x, n = DSR_AREAS["A"]
    p2 = [v // 4 for v in x]
    p1 = [v - 2 * q for v, q in zip(x, p2)]
    S = sum(ESP2013)
    var = sum(f * f * sum(p * (w / m) ** 2 for p, w, m in zip(ps, ESP2013, n)) / S ** 2
              for f, ps in ((1, p1), (2, p2)))
    X = sum(x)
    value = sum(xi * wi / ni for xi, ni, wi in zip(x, n, ESP2013)) / S * 100000
    lo, hi = byars(X, 0.95)
    print("nonindependent p1", p1, "p2", p2)
    print("  value", repr(value), "lower", repr(value + sqrt(var / X) * (lo - X) * 100000),
          "upper", repr(value + sqrt(var / X) * (hi - X) * 100000))
    # Indirect standardisation of areas B and C against area A as the reference.
    xr, nr = DSR_AREAS["A"]
    for area in ("B", "C"):
        x, n = DSR_AREAS[area]
        O = sum(x)
        E = sum(ni * a / b for ni, a, b in zip(n, xr, nr))
        if O < 10:
            lo, hi = poisson_exact(O, 0.95)
        else:
            lo, hi = byars(O, 0.95)
        rr = sum(xr) / sum(nr)
        print("isr", area, "O", O, "E", repr(E), "ratio", repr(O / E), repr(lo / E), repr(hi / E),
              "rate", repr(O / E * rr * 1e5), repr(lo / E * rr * 1e5), repr(hi / E * rr * 1e5))


if __name__ == "__main__":
    print_standardisation()


def print_differences():
    # Sex ratio at birth, seed 000: 427 boys, 374 girls; Wilson limits of p = 427/801 mapped
    # through 100 p / (1 - p).
    lo, hi = wilson(427, 801, 0.95)
    print("sex ratio", repr(100 * 427 / 374), repr(100 * lo / (1 - lo)), repr(100 * hi / (1 - hi)))
    # Rate ratio 30/10000 vs 15/12000: Clopper-Pearson limits of pi for 30 of 45.
    lo, hi = clopper_pearson(30, 45, 0.95)
    print("rate ratio", repr(30 / 10000 / (15 / 12000)), repr(lo / (1 - lo) * 12000 / 10000),
          repr(hi / (1 - hi) * 12000 / 10000))


if __name__ == "__main__":
    print_differences()
