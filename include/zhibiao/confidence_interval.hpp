#pragma once
/// \file confidence_interval.hpp
/// One confidence interval: of a proportion (x of n), of a count, and of a rate (x events in n
/// person-years), with the methods, row statuses and limits the column functions (interval.hpp)
/// share.
///
///     using namespace zhibiao;
///     Interval p = proportion_interval(65, 100);     // Wilson, 95 %: 0.65 [0.5525, 0.7364]
///     proportion_interval(65, 100, 0.998, ProportionMethod::clopper_pearson, 100); // in per cent
///     RateInterval r = rate_interval(7, 25000);       // PHE's rule: exact below 10 events
///     r.method;                                       // CountMethod::exact
///
/// Methods (z = Φ⁻¹(1 − α/2), α = 1 − confidence):
/// - Wilson score (Wilson 1927, JASA 22:209–212; Newcombe & Altman in Altman et al. 2000,
///   "Statistics with confidence", pp. 46–48), the method of PHEindicatormethods:
///   (2x + z² ± z √(z² + 4x(1 − x/n))) / (2(n + z²)).
/// - Clopper–Pearson exact (1934): lower = B⁻¹(α/2; x, n − x + 1),
///   upper = B⁻¹(1 − α/2; x + 1, n − x), with 0 for x = 0 and 1 for x = n.
/// - Jeffreys (Brown, Cai & DasGupta 2001, Stat Sci 16:101–133, §4.1.2): the equal-tailed
///   Beta(x + ½, n − x + ½) interval, with lower 0 for x = 0 and upper 1 for x = n.
/// - Agresti–Coull (1998, Am Stat 52:119–126): ñ = n + z², p̃ = (x + z²/2)/ñ, p̃ ± z √(p̃(1 − p̃)/ñ),
///   clipped to [0, 1].
/// - Wald: p ± z √(p(1 − p)/n), clipped to [0, 1] (shown for comparison; it is poor for small n).
/// A confidence of 1 gives (0, 1) with every proportion method.
///
/// Counts (Poisson):
/// - exact (Garwood 1936): lower = χ²(α/2; 2x)/2 (0 for x = 0), upper = χ²(1 − α/2; 2x + 2)/2.
/// - Byar's approximation (Breslow & Day 1987, vol. II, eq. 2.10):
///   lower = x (1 − 1/(9x) − z/(3√x))³, upper = (x + 1)(1 − 1/(9(x + 1)) + z/(3√(x + 1)))³;
///   lower is 0 for x = 0 and is clamped at 0 where the cube goes negative (tiny x, high
///   confidence).
/// - mid-p exact (Lancaster 1961): L solves P(X > x) + ½P(X = x) = α/2 and U solves
///   P(X < x) + ½P(X = x) = α/2 under Poisson(L), Poisson(U); lower 0 for x = 0.
/// - phe (the default): exact below 10 events, Byar's from 10 (PHEindicatormethods'
///   calculate_rate and the Fingertips technical guidance); the method used is reported per row.
///
/// This header needs only the standard library (no Eigen), so a header that names an Interval
/// (comparison.hpp) stays cheap to include. It is compiled in src/interval.cpp, beside the
/// columns, because both run the same kernels (detail/interval_kernels.hpp).
///
/// Thread safety: the functions keep no state between calls and may be called from any number of
/// threads at once; the results may be read by several threads at once (a value being assigned
/// must not be used by another thread).

#include "zhibiao/error.hpp"
#include "zhibiao/export.hpp"

#include <cstdint>
#include <string_view>

namespace ZHIBIAO_API zhibiao {

enum class ProportionMethod : std::uint8_t {
  wilson = 0,
  clopper_pearson = 1,
  jeffreys = 2,
  agresti_coull = 3,
  wald = 4,
};

/// Methods for a count. `phe` is a rule, not a method: rows computed under it report `exact` or
/// `byar`. Codes are stable (they are the method column seen from Python).
enum class CountMethod : std::uint8_t { exact = 0, byar = 1, mid_p = 2, phe = 3 };

/// "wilson", "clopper_pearson", "jeffreys", "agresti_coull", "wald".
std::string_view to_string(ProportionMethod method) noexcept;
/// Inverse of to_string; also accepts "exact" for Clopper–Pearson. Throws zhibiao::invalid_input
/// (field "method") for anything else.
ProportionMethod parse_proportion_method(std::string_view text);
/// "exact", "byar", "mid_p", "phe".
std::string_view to_string(CountMethod method) noexcept;
/// Inverse of to_string; also accepts "byars". Throws zhibiao::invalid_input (field "method").
CountMethod parse_count_method(std::string_view text);

/// Outcome of one row of an interval column. Codes are stable.
enum class IntervalStatus : std::uint8_t {
  ok = 0,
  non_finite_x = 1, ///< NaN (missing) or ±inf
  negative_x = 2,
  non_finite_n = 3,
  non_positive_n = 4, ///< n < 0, or x > 0 of n = 0 for a proportion
  x_exceeds_n = 5,    ///< only for proportions
  /// n = 0 (0 of 0, or events in no population): the value does not exist. Not an error (docs/
  /// bad-input.md §4): the row is NaN with this status and the rest is computed.
  undefined = 6,
  /// 溢出: finite x and n whose value or limits exceed the largest double (a rate of 1e308 events
  /// in 1e-300 person-years). Where the true result is finite it is computed in an order that
  /// cannot overflow (the value as x / n × multiplier, Wilson's terms divided by n), so this
  /// status means the number itself is beyond a double.
  overflow = 7,
};
/// The number of IntervalStatus codes (for tables of their descriptions).
inline constexpr int interval_status_count = 8;

/// The largest count (x, and n for Clopper–Pearson and Jeffreys) the exact methods accept:
/// 10^10. Boost.Math's incomplete gamma and beta inverses converge below it in microseconds;
/// above it they give up (10^11 already) or iterate for minutes (5e29 of 1e30 took 98 s), so a
/// larger count is refused before any series runs, in constant time (issue 14). No count of
/// people reaches it; Wilson and Byar's methods take any count.
inline constexpr double exact_count_limit = 1e10;
constexpr bool is_error(IntervalStatus s) noexcept {
  return s != IntervalStatus::ok && s != IntervalStatus::undefined;
}
/// "ok", "x is not a finite number", "x is negative", ...
std::string_view describe(IntervalStatus status) noexcept;
/// The status of one row: the first of non-finite x, non-finite n, negative x, n ≤ 0,
/// x > n (when `bounded`, i.e. for proportions), else ok.
IntervalStatus classify_interval_row(double x, double n, bool bounded) noexcept;

/// Φ⁻¹((1 + confidence)/2): 1.959963984540054 for 0.95; +inf for 1.
/// Throws zhibiao::invalid_input (field "confidence") unless 0 < confidence ≤ 1.
double z_value(double confidence);

/// A value with its limits, all multiplied by the multiplier.
struct Interval {
  double value;
  double lower;
  double upper;
};

/// x of n with the interval of `method` at `confidence`, times `multiplier`.
/// Throws zhibiao::invalid_input naming "x" (negative, non-finite, above n), "n" (≤ 0,
/// non-finite), "confidence" (outside (0, 1]) or "multiplier" (≤ 0 or non-finite); also "n"
/// when Clopper–Pearson or Jeffreys are asked for n above exact_count_limit (Wilson takes any n),
/// and "n" when the value or a limit would exceed the largest double (IntervalStatus::overflow).
Interval proportion_interval(double x, double n, double confidence = 0.95,
                             ProportionMethod method = ProportionMethod::wilson,
                             double multiplier = 1);

/// Limits of a Poisson count x (no multiplier) and the method actually used.
struct CountInterval {
  double lower;
  double upper;
  CountMethod method;
};

/// Throws zhibiao::invalid_input naming "x" (negative or non-finite) or "confidence" (outside
/// (0, 1): a confidence of 1 would make the upper limit infinite), and "x" when the exact or
/// mid-p method is asked for a count above exact_count_limit (Byar's takes any count).
CountInterval count_interval(double x, double confidence = 0.95,
                             CountMethod method = CountMethod::phe);

struct RateInterval {
  double value;
  double lower;
  double upper;
  CountMethod method; ///< exact, byar or mid_p: what was used for this count
};

/// x events in population n, times `multiplier` (per 100,000 by default), with the count's
/// interval divided by n. Throws as count_interval, and names "n" when n ≤ 0 or non-finite or
/// when the rate or a limit would exceed the largest double (IntervalStatus::overflow).
RateInterval rate_interval(double x, double n, double confidence = 0.95,
                           CountMethod method = CountMethod::phe, double multiplier = 100000);

} // namespace zhibiao
