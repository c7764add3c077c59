#include "zhibiao/interval.hpp"
#include "zhibiao/detail/interval_kernels.hpp"
#include "zhibiao/detail/rows.hpp"
#include "zhibiao/detail/spans.hpp"

#include "exact_inverse.hpp"
#include "math_policy.hpp"
#include "zhibiao/detail/format.hpp"
#include "zhibiao/detail/names.hpp"
#include "zhibiao/detail/numeric.hpp"
#include "zhibiao/detail/options.hpp"
#include "zhibiao/detail/parallel.hpp"
#include "zhibiao/detail/streaming_stores.hpp"
#include "zhibiao/detail/vector_clones.hpp"

#include <boost/math/distributions/normal.hpp>
#include <boost/math/special_functions/beta.hpp>
#include <boost/math/special_functions/gamma.hpp>
#include <boost/math/tools/roots.hpp>

#include <algorithm>
#include <array>
#include <atomic>
#include <bit>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <span>
#include <sstream>
#include <string>
#include <tuple>
#include <unordered_map>
#include <utility>
#include <vector>

namespace zhibiao {

using detail::span_of;

namespace {

using detail::fast_policy;
using detail::full_precision_text;
using detail::nan;

constexpr std::uint8_t no_method = 255;

// Rows per thread below which a kernel stays on one thread. The closed-form limits cost a few
// nanoseconds a row, so a thread pays off only from tens of thousands of rows; a beta or gamma
// inverse costs about a microsecond, so a few hundred rows are enough.
constexpr std::size_t closed_form_chunk = std::size_t{1} << 16;
constexpr std::size_t special_function_chunk = 256;

constexpr std::array<std::string_view, 5> proportion_names{"wilson", "clopper_pearson", "jeffreys",
                                                           "agresti_coull", "wald"};
constexpr std::array<std::string_view, 4> count_names{"exact", "byar", "mid_p", "phe"};

std::string_view method_name(CountMethod method) noexcept {
  return detail::name_of(count_names, method);
}

bool is_x_status(IntervalStatus s) noexcept {
  return s == IntervalStatus::non_finite_x || s == IntervalStatus::negative_x ||
         s == IntervalStatus::x_exceeds_n;
}

std::string row_message(IntervalStatus s, double x, double n) {
  switch (s) {
  case IntervalStatus::non_finite_x:
    return "is not a finite number (" + full_precision_text(x) + ")";
  case IntervalStatus::negative_x: return "is negative (" + full_precision_text(x) + ")";
  case IntervalStatus::non_finite_n:
    return "is not a finite number (" + full_precision_text(n) + ")";
  case IntervalStatus::non_positive_n:
    return "must be greater than zero (" + full_precision_text(n) +
           "); an interval needs a denominator";
  case IntervalStatus::undefined:
    return "is zero; an interval needs a denominator (in a column the row is undefined)";
  case IntervalStatus::x_exceeds_n:
    return "exceeds n (" + full_precision_text(x) + " > " + full_precision_text(n) +
           "); a proportion counts part of n";
  case IntervalStatus::overflow:
    return "makes the result overflow (x = " + full_precision_text(x) +
           ", n = " + full_precision_text(n) +
           "): the value or a limit, times the multiplier, exceeds the largest double";
  default: return std::string(describe(s));
  }
}

void check_scalar_row(double x, double n, bool bounded) {
  const IntervalStatus s = classify_interval_row(x, n, bounded);
  if (s == IntervalStatus::ok) return;
  throw invalid_input(is_x_status(s) ? "x" : "n", row_message(s, x, n));
}

// A scalar result is finite or refused: the scalar form of IntervalStatus::overflow.
void check_finite_result(double value, double lower, double upper, double x, double n) {
  if (detail::finite(value) && detail::finite(lower) && detail::finite(upper)) return;
  throw invalid_input("n", row_message(IntervalStatus::overflow, x, n));
}

// --- Poisson limits of one count (no multiplier) -------------------------------------------

// z is Φ^-1(1 − α/2), computed once per call: the starting values of the dedicated inverses
// (src/exact_inverse.hpp) need the normal quantile of the target tail.
double exact_lower(double x, double alpha, double z) {
  // χ²(α/2; 2x)/2 is the α/2 quantile of Gamma(x, 1). For a count below the smallest normal
  // double (a denormal estimate such as 5e-324) that quantile is about (α/2 · Γ(1 + x))^(1/x),
  // which is 0 in double precision, while Boost.Math's Γ(x) = 1/x overflows on the way: 0.
  if (x < std::numeric_limits<double>::min()) return 0.0;
  return detail::gamma_quantile(x, alpha / 2, false, -z);
}

double exact_upper(double x, double alpha, double z) {
  // χ²(1 − α/2; 2x + 2)/2, through the complement for accuracy in the far tail.
  return detail::gamma_quantile(x + 1, alpha / 2, true, z);
}

// Byar's approximation to the exact Poisson limits (Breslow & Day 1987, as PHE's Fingertips
// guidance gives it): y (1 − 1/(9y) ∓ z/(3√y))³ at y = x for the lower limit (−z) and y = x + 1
// for the upper (+z). Written with r = 1/(3√y), so that 1/(9y) = r² and z/(3√y) = z r: one
// division where the textbook form takes two (the column kernel is bound by its divisions and
// square roots). The scalar limits and the column kernel share it. At y = 0, r = ∞ and the
// result is NaN (0 · ∞), which the lower limit's callers turn into 0.
inline double byar_cube(double y, double signed_z) {
  const double r = 1 / (3 * std::sqrt(y));
  const double c = 1 - r * r + signed_z * r;
  return y * c * c * c;
}

double byar_lower(double x, double z) {
  if (x == 0) return 0.0;
  return std::max(0.0, byar_cube(x, -z));
}

double byar_upper(double x, double z) { return byar_cube(x + 1, z); }

// Poisson(μ) probabilities through the regularised incomplete gamma function (valid for
// non-integer x by continuity): P(X ≤ x) = Q(x + 1, μ), P(X = x) = μ^x e^−μ / Γ(x + 1).
double pmf(double x, double mu) {
  return boost::math::gamma_p_derivative(x + 1, mu, fast_policy());
}

std::pair<double, double> mid_p_limits(double x, double alpha, double z) {
  // ½ e^−U = α/2 at x = 0. The limits are continuous in x, and below the smallest normal double
  // (a denormal estimate) they equal those of 0 to double precision, where toms748 cannot
  // bracket the lower root any more (it is 0).
  if (x < std::numeric_limits<double>::min()) return {0.0, std::log(1 / alpha)};
  const double lo = exact_lower(x, alpha, z), hi = exact_upper(x, alpha, z);
  // The mid-p limits lie inside the exact ones (the half weight on P(X = x) makes each tail
  // smaller), so [exact lower, exact upper] brackets both roots.
  const auto lower_eq = [&](double mu) {
    return boost::math::gamma_p(x + 1, mu, fast_policy()) + pmf(x, mu) / 2 - alpha / 2;
  };
  const auto upper_eq = [&](double mu) {
    return boost::math::gamma_q(x, mu, fast_policy()) + pmf(x, mu) / 2 - alpha / 2;
  };
  boost::math::tools::eps_tolerance<double> tol(50);
  std::uintmax_t iterations = 200;
  const auto l = boost::math::tools::toms748_solve(lower_eq, lo, hi, tol, iterations);
  iterations = 200;
  const auto u = boost::math::tools::toms748_solve(upper_eq, lo, hi, tol, iterations);
  return {(l.first + l.second) / 2, (u.first + u.second) / 2};
}

// Boost.Math's series for the incomplete gamma and beta functions give up (evaluation_error) at
// counts of about 10^11 and more, and from about 10^17 they may iterate for minutes before
// giving up or returning (5e29 of 1e30: 98 s; issue 14). A count above exact_count_limit (10^10,
// below which every count converges in microseconds: test_numerical_edges.py sweeps the decades)
// is therefore refused before any series runs: constant time whatever the count. `field` names
// the count that is too large ("x" for a Poisson count, "n" for a proportion's denominator).
void check_exact_count(double count, std::string_view field, std::string_view method,
                       std::string_view alternative) {
  if (count <= exact_count_limit) return;
  std::string message("is ");
  message.append(full_precision_text(count)).append(": too large for the ").append(method);
  message.append(" method, which takes counts up to 10^10 (Boost.Math's series do not converge "
                 "above); use ");
  message.append(alternative);
  throw invalid_input(std::string(field), message);
}

// Below the limit Boost.Math converges; any error it still raises (evaluation_error,
// domain_error, overflow_error) is reported as invalid input naming the count, never let out
// as a non-zhibiao exception. The try costs nothing on the normal path.
template <class F>
auto converged(F&& f, double x, std::string_view method) {
  try {
    return f();
  } catch (const std::exception& e) {
    std::string message("count ");
    message.append(full_precision_text(x)).append(" cannot be computed by the ").append(method);
    message.append(" method (Boost.Math: ").append(e.what()).append("); use wilson or byar");
    throw invalid_input("x", message);
  }
}

std::pair<double, double> count_limits_one(CountMethod method, double x, double alpha, double z) {
  if (method == CountMethod::exact || method == CountMethod::mid_p)
    check_exact_count(x, "x", method_name(method), "byar");
  switch (method) {
  case CountMethod::exact:
    return converged(
        [&] {
          return std::pair{exact_lower(x, alpha, z), exact_upper(x, alpha, z)};
        },
        x, "exact");
  case CountMethod::byar: return {byar_lower(x, z), byar_upper(x, z)};
  case CountMethod::mid_p: return converged([&] { return mid_p_limits(x, alpha, z); }, x, "mid_p");
  case CountMethod::phe: break;
  }
  return {nan, nan};
}

// PHE's rule: the exact method below 10 events, Byar's from 10 (Fingertips technical guidance;
// PHEindicatormethods calculate_rate, calculate_ISRatio).
CountMethod resolve(CountMethod method, double x) noexcept {
  if (method != CountMethod::phe) return method;
  return x < 10 ? CountMethod::exact : CountMethod::byar;
}

} // namespace

std::string_view to_string(ProportionMethod method) noexcept {
  return detail::name_of(proportion_names, method);
}

ProportionMethod parse_proportion_method(std::string_view text) {
  if (const auto found = detail::find_name<ProportionMethod>(proportion_names, text)) return *found;
  if (text == "exact") return ProportionMethod::clopper_pearson;
  throw invalid_input("method", "unknown proportion method '" + std::string(text) +
                                    "'; expected wilson, clopper_pearson (exact), jeffreys, "
                                    "agresti_coull or wald");
}

std::string_view to_string(CountMethod method) noexcept {
  return detail::name_of(count_names, method);
}

CountMethod parse_count_method(std::string_view text) {
  if (const auto found = detail::find_name<CountMethod>(count_names, text)) return *found;
  if (text == "byars") return CountMethod::byar;
  throw invalid_input("method", "unknown count method '" + std::string(text) +
                                    "'; expected phe, exact, byar or mid_p");
}

std::string_view describe(IntervalStatus status) noexcept {
  switch (status) {
  case IntervalStatus::ok: return "ok";
  case IntervalStatus::non_finite_x: return "x is not a finite number";
  case IntervalStatus::negative_x: return "x is negative";
  case IntervalStatus::non_finite_n: return "n is not a finite number";
  case IntervalStatus::non_positive_n: return "n is not greater than zero";
  case IntervalStatus::x_exceeds_n: return "x exceeds n";
  case IntervalStatus::undefined: return "undefined: n is zero";
  case IntervalStatus::overflow:
    return "overflow (溢出): the value or a limit exceeds the largest double";
  }
  return "unknown status";
}

IntervalStatus classify_interval_row(double x, double n, bool bounded) noexcept {
  if (!std::isfinite(x)) return IntervalStatus::non_finite_x;
  if (!std::isfinite(n)) return IntervalStatus::non_finite_n;
  if (x < 0) return IntervalStatus::negative_x;
  // n = 0 has no value (docs/bad-input.md §4, as RowStatus::undefined): 0 of 0, or a rate in no
  // population. x > 0 of nobody is still a bad proportion row (named by its n, as before).
  if (n == 0 && !(bounded && x > 0)) return IntervalStatus::undefined;
  if (n <= 0) return IntervalStatus::non_positive_n;
  if (bounded && x > n) return IntervalStatus::x_exceeds_n;
  return IntervalStatus::ok;
}

double z_value(double confidence) {
  // 0.95 or 95 (per cent); 1 (or 100) gives +inf, the z of a 100 % interval.
  confidence = detail::confidence_option(confidence, "confidence", 0, true);
  if (confidence == 1) return std::numeric_limits<double>::infinity();
  // R's qnorm(confidence + (1 − confidence)/2), as PHEindicatormethods writes it; the complement
  // form keeps full precision when confidence is close to 1.
  const boost::math::normal_distribution<double, fast_policy> normal;
  return boost::math::quantile(boost::math::complement(normal, (1 - confidence) / 2));
}

Interval proportion_interval(double x, double n, double confidence, ProportionMethod method,
                             double multiplier) {
  check_scalar_row(x, n, true);
  confidence = detail::confidence_option(confidence, "confidence", 0, true); // 1: (0, 1)
  detail::check_interval_options({confidence}, multiplier, false);
  const std::uint8_t ok = 0;
  Interval r{};
  detail::interval_values(&x, &n, &ok, 1, multiplier, &r.value);
  detail::proportion_limits(method, &x, &n, &ok, 1, confidence, multiplier, &r.lower, &r.upper);
  check_finite_result(r.value, r.lower, r.upper, x, n);
  return r;
}

CountInterval count_interval(double x, double confidence, CountMethod method) {
  check_scalar_row(x, 1, false);
  confidence = detail::confidence_option(confidence);
  const CountMethod used = resolve(method, x);
  const auto [lo, hi] = count_limits_one(used, x, 1 - confidence, z_value(confidence));
  return {lo, hi, used};
}

RateInterval rate_interval(double x, double n, double confidence, CountMethod method,
                           double multiplier) {
  check_scalar_row(x, n, false);
  confidence = detail::confidence_option(confidence);
  detail::check_interval_options({confidence}, multiplier, true);
  const CountInterval c = count_interval(x, confidence, method);
  const double scale = multiplier / n;
  // The value as the column kernels compute it (detail::scaled_ratio), so that a row gives the
  // same number alone and in a column.
  const RateInterval r{detail::scaled_ratio(x, multiplier, n), c.lower * scale, c.upper * scale,
                       c.method};
  check_finite_result(r.value, r.lower, r.upper, x, n);
  return r;
}

// --- column kernels ------------------------------------------------------------------------

namespace detail {

void check_interval_options(const std::vector<double>& confidence, double multiplier, bool counts) {
  // One reader for every level (fraction or per cent: issue 14, class 10); a 100 % interval
  // only for proportions, where it is (0, 1): a count's upper limit would be infinite.
  confidence_options(confidence, "confidence", 0, !counts);
  multiplier_option(multiplier);
}

IntervalOptions checked_interval_options(const IntervalOptions& options, bool counts) {
  IntervalOptions out = options;
  out.confidence = confidence_options(options.confidence, "confidence", 0, !counts);
  multiplier_option(options.multiplier);
  return out;
}

namespace {

// Free functions with restrict pointers and by-value constants, so that GCC vectorises them
// (inside a lambda the captured pointers and constants are reloaded through the closure, and
// it does not).
ZHIBIAO_VECTOR_CLONES
bool any_bad_row(const double* __restrict x, const double* __restrict n, std::size_t begin,
                 std::size_t end, bool bounded) {
  constexpr double max = std::numeric_limits<double>::max();
  unsigned bad = 0; // an integer, not a bool: GCC vectorises the |= reduction of integers only
  for (std::size_t i = begin; i < end; ++i) {
    const double xi = x[i], ni = n[i];
    bad |= !((xi >= 0) & (xi <= max) & (ni > 0) & (ni <= max) & (!bounded | (xi <= ni)));
  }
  return bad != 0;
}

ZHIBIAO_VECTOR_CLONES
void divide_rows(const double* __restrict x, const double* __restrict n, std::size_t begin,
                 std::size_t end, double multiplier, double* __restrict value) {
  for (std::size_t i = begin; i < end; ++i) value[i] = detail::scaled_ratio(x[i], multiplier, n[i]);
}

void value_rows(const double* __restrict x, const double* __restrict n,
                const std::uint8_t* __restrict status, std::size_t begin, std::size_t end,
                double multiplier, double* __restrict value) {
  // Every row first, in a loop over doubles only (vectorised), then the bad rows blanked.
  divide_rows(x, n, begin, end, multiplier, value);
  for (std::size_t i = begin; i < end; ++i)
    if (status[i] != 0) value[i] = nan;
}

// The statuses of rows [begin, end); returns how many are bad. For blocks the branch-free test
// (any_bad_row) found a bad row in.
std::size_t classify_rows(const double* x, const double* n, std::size_t begin, std::size_t end,
                          bool bounded, std::uint8_t* status) noexcept {
  std::size_t bad = 0;
  for (std::size_t i = begin; i < end; ++i) {
    const IntervalStatus s = classify_interval_row(x[i], n ? n[i] : 1.0, bounded);
    status[i] = static_cast<std::uint8_t>(s);
    bad += is_error(s);
  }
  return bad;
}

// Byar's limits of every row in [begin, end), times multiplier / n (times multiplier alone when
// n is null: counts).
ZHIBIAO_VECTOR_CLONES
void byar_limit_rows(const double* __restrict x, const double* __restrict n, std::size_t begin,
                     std::size_t end, double z, double multiplier, double* __restrict lower,
                     double* __restrict upper) {
  // The denominator test is hoisted out of the loop: a conditional load stops vectorisation.
  static const double one = 1;
  const double* __restrict d = n ? n : &one;
  const std::size_t step = n ? 1 : 0;
  for (std::size_t i = begin; i < end; ++i) {
    const double xi = x[i];
    const double scale = multiplier / d[i * step];
    // At x = 0 the lower formula is NaN (byar_cube), which fails `> 0`: the limit is 0 there,
    // as byar_lower returns, with a select instead of a branch.
    const double cube = byar_cube(xi, -z);
    const double lo = cube > 0 ? cube : 0.0;
    lower[i] = lo * scale;
    upper[i] = byar_cube(xi + 1, z) * scale;
  }
}

// PHE's rule's method code of rows [begin, end): exact below 10 events, else Byar (bad rows are
// among the exact ones: NaN fails `x >= 10`; they are blanked afterwards). A free function with
// restrict pointers: in the lambda the pointers were reloaded through the closure every row.
ZHIBIAO_VECTOR_CLONES
void phe_method_codes(const double* __restrict x, std::size_t begin, std::size_t end,
                      std::uint8_t* __restrict method_used) {
  constexpr auto exact = static_cast<std::uint8_t>(CountMethod::exact);
  constexpr auto byar = static_cast<std::uint8_t>(CountMethod::byar);
  for (std::size_t i = begin; i < end; ++i) method_used[i] = !(x[i] >= 10) ? exact : byar;
}

// PHE's rule on rows [begin, end) of one level, in one loop: Byar's limits (byar_limit_rows'
// arithmetic), then a whole count 0–9 replaced by the exact limits from the level's table
// (table_lo[x], table_hi[x]), both times multiplier / n, computed once. As two passes (Byar's,
// then the table's) each divided by n: 4 divisions a row, the kernel's bound, and the limits
// stored and reloaded. Ten compares and selects a row, with no branch and no gather, so that
// GCC vectorises it: a branch on `x < 10` is mispredicted on real data, where small and large
// counts alternate, and neither an indexed load nor floor() lets the loop vectorise. 64-bit
// counters, as wide as the doubles compared (mixed widths stop the vectoriser). Returns true
// when some count in [0, 10) is not whole (an estimate), which the caller computes exactly.
ZHIBIAO_VECTOR_CLONES
bool phe_limit_rows(const double* __restrict x, const double* __restrict n, std::size_t begin,
                    std::size_t end, double z, const double* __restrict table_lo,
                    const double* __restrict table_hi, double multiplier, double* __restrict lower,
                    double* __restrict upper) {
  constexpr int counts = 10;
  double low[counts], high[counts];
  for (int k = 0; k < counts; ++k) {
    low[k] = table_lo[k];
    high[k] = table_hi[k];
  }
  std::uint64_t whole = 0, small = 0;
  for (std::size_t i = begin; i < end; ++i) {
    const double xi = x[i];
    const double scale = multiplier / n[i];
    const double cube = byar_cube(xi, -z);
    double lo = (cube > 0 ? cube : 0.0) * scale;
    double hi = byar_cube(xi + 1, z) * scale;
    for (int k = 0; k < counts; ++k) {
      const bool hit = xi == static_cast<double>(k);
      lo = hit ? low[k] * scale : lo;
      hi = hit ? high[k] * scale : hi;
      whole += hit;
    }
    lower[i] = lo;
    upper[i] = hi;
    small += (xi < counts) & (xi >= 0); // NaN and negative counts are bad rows: not counted
  }
  return whole != small;
}

// Pass 1 of count_limits: Byar's limits and the method of every row (PHE's rule picks exact
// below 10 events); true when some row needs pass 2 (an exact row or a bad row).
bool byar_rows(const double* __restrict x, const double* __restrict n,
               const std::uint8_t* __restrict status, std::size_t begin, std::size_t end, double z,
               double multiplier, CountMethod method, std::uint8_t exact_code,
               double* __restrict lower, double* __restrict upper,
               std::uint8_t* __restrict method_used) {
  // Two loops: one over doubles only, which GCC vectorises (mixing uint8 and double stores in
  // one loop stops it), and one for the method codes.
  byar_limit_rows(x, n, begin, end, z, multiplier, lower, upper);
  const bool byar_only = method == CountMethod::byar;
  const bool phe = method == CountMethod::phe;
  unsigned special = 0;
  for (std::size_t i = begin; i < end; ++i) {
    const bool exact_row = !byar_only && (!phe || x[i] < 10);
    method_used[i] = exact_row ? exact_code : static_cast<std::uint8_t>(CountMethod::byar);
    special |= exact_row | (status[i] != 0);
  }
  return special != 0;
}

} // namespace

std::size_t classify_interval_rows(const double* x, const double* n, std::size_t len, bool bounded,
                                   std::uint8_t* status) noexcept {
  // Pass 1: one branch-free test per row; NaN fails every comparison and is caught with ±inf.
  std::atomic<bool> anomaly{false};
  detail::parallel_for(len, closed_form_chunk, [&](std::size_t begin, std::size_t end) {
    const bool bad = any_bad_row(x, n, begin, end, bounded);
    std::memset(status + begin, 0, end - begin);
    if (bad) anomaly.store(true, std::memory_order_relaxed);
  });
  if (!anomaly.load()) return 0;
  std::size_t bad = 0;
  for (std::size_t i = 0; i < len; ++i) {
    const IntervalStatus s = classify_interval_row(x[i], n[i], bounded);
    status[i] = static_cast<std::uint8_t>(s);
    bad += is_error(s);
  }
  return bad;
}

void interval_values(const double* x, const double* n, const std::uint8_t* status, std::size_t len,
                     double multiplier, double* value) noexcept {
  detail::parallel_for(len, closed_form_chunk, [&](std::size_t begin, std::size_t end) {
    value_rows(x, n, status, begin, end, multiplier, value);
  });
}

namespace {

// Blanks the limits of bad rows after a branch-free pass computed every row.
void blank_bad_rows(const std::uint8_t* status, std::size_t begin, std::size_t end, double* lower,
                    double* upper) {
  for (std::size_t i = begin; i < end; ++i)
    if (status[i] != 0) lower[i] = upper[i] = nan;
}

// The distinct (x, n) pairs of the good rows, and each row's pair: open-addressing hash tables
// on the bit patterns of x and n (−0 and +0 are kept apart; harmless, they give the same limits).
// Health data repeat small (x, n) pairs a lot; exact limits depend only on (x, n, confidence), so
// each distinct pair's beta inverses are computed once (issue 8).
struct DistinctPairs {
  std::vector<double> x, n;
  std::vector<std::uint32_t> row_pair; // index into x / n; unused for bad rows
};

// A multiplicative mix (splitmix64's finaliser constants) of both keys' bits.
inline std::uint64_t pair_hash(double x, double n) noexcept {
  std::uint64_t bx, bn;
  std::memcpy(&bx, &x, 8);
  std::memcpy(&bn, &n, 8);
  std::uint64_t h = (bx * 0x9e3779b97f4a7c15ull) ^ (bn + 0x632be59bd9b4e019ull);
  h ^= h >> 31;
  h *= 0xbf58476d1ce4e5b9ull;
  h ^= h >> 29;
  return h;
}

// One partition's table: the pairs whose hash's top bits select it, numbered from 0 in the order
// met, each pair's x and n side by side (one cache line). A slot holds a pair's number and,
// above it, the top 32 bits of its hash, so that a probe compares the tags and reads the pair
// (another cache line) only when they match. Sized for twice the pairs expected, it doubles
// when more than 5/8 full (so that a partition holding a few more than its share of distinct
// pairs does not grow).
struct PairTable {
  std::vector<std::array<double, 2>> pairs;
  std::vector<std::uint64_t> slots;
  static constexpr std::uint64_t empty = ~std::uint64_t{0};
  static constexpr std::uint64_t tag_bits = ~std::uint64_t{0xffffffff};

  explicit PairTable(std::size_t expected)
      : slots(std::bit_ceil(std::max<std::size_t>(2 * expected, 16)), empty) {}

  const std::uint64_t* slot_of(std::uint64_t h) const noexcept {
    return slots.data() + (static_cast<std::size_t>(h) & (slots.size() - 1));
  }

  // Where the probe for hash h will compare first, if its first slot is taken.
  void prefetch_pair(std::uint64_t h) const noexcept {
    const std::uint64_t s = *slot_of(h);
    if (s != empty && (s & tag_bits) == (h & tag_bits))
      __builtin_prefetch(pairs.data() + static_cast<std::uint32_t>(s));
  }

  std::uint32_t insert(double xi, double ni, std::uint64_t h) {
    const std::size_t mask = slots.size() - 1;
    const std::uint64_t tag = h & tag_bits;
    std::size_t slot = static_cast<std::size_t>(h) & mask;
    while (true) {
      const std::uint64_t s = slots[slot];
      if (s == empty) break;
      const auto id = static_cast<std::uint32_t>(s);
      if ((s & tag_bits) == tag && pairs[id][0] == xi && pairs[id][1] == ni) return id;
      slot = (slot + 1) & mask;
    }
    return add(xi, ni, tag, slot);
  }

  // A new pair: appended, and in the empty slot the probe ended on unless the table grows.
  [[gnu::noinline]] std::uint32_t add(double xi, double ni, std::uint64_t tag, std::size_t slot) {
    const auto id = static_cast<std::uint32_t>(pairs.size());
    pairs.push_back({xi, ni});
    if (8 * pairs.size() <= 5 * slots.size()) {
      slots[slot] = tag | id;
    } else {
      grow();
    }
    return id;
  }

  void grow() {
    std::vector<std::uint64_t>(2 * slots.size(), empty).swap(slots);
    const std::size_t mask = slots.size() - 1;
    for (std::uint32_t id = 0; id < pairs.size(); ++id) {
      const std::uint64_t h = pair_hash(pairs[id][0], pairs[id][1]);
      std::size_t slot = static_cast<std::size_t>(h) & mask;
      while (slots[slot] != empty) slot = (slot + 1) & mask;
      slots[slot] = (h & tag_bits) | id;
    }
  }
};

// What a strided sample of the rows says about their pairs. Sampling s rows of a column whose
// pairs have frequencies q_i meets about (s² / 2) Σ q_i² repeated pairs (the birthday problem),
// so for D equally frequent pairs D ≈ s² / (2 × repeats): for monthly facility data (10^6 rows,
// about 69,000 distinct pairs) the tables are sized at a few hundred KiB that stay in cache,
// instead of for 10^6 distinct pairs (8 MiB a core). Skewed data, which the estimate
// underestimates, make a table grow. The whole column of len rows holds about (len² / 2) Σ q_i²
// repeats, a fraction len × repeats / s² of its rows: below 1/16 (a sample of
// √(32 len) rows with at most one or two repeats), deduplicating would save less than it costs
// (the hashing, the tables and the gather are about a ninth of a distinct pair's time), and
// the rows are computed as they are (docs/exact-intervals.md §7).
struct PairSample {
  std::size_t estimate; // distinct pairs, at most len
  bool rows_distinct;   // too few repeats to be worth the tables
};

PairSample sample_pairs(const double* x, const double* n, const std::uint8_t* status,
                        std::size_t len) {
  constexpr std::size_t min_sample = 4096, max_sample = 65536;
  if (len <= 16 * min_sample) return {len, false};
  const auto root = static_cast<std::size_t>(std::sqrt(32.0 * static_cast<double>(len)));
  const std::size_t sample = std::clamp(std::bit_ceil(root), min_sample, max_sample);
  PairTable seen(sample);
  std::size_t good = 0;
  const std::size_t stride = len / sample;
  for (std::size_t k = 0; k < sample; ++k) {
    const std::size_t i = k * stride;
    if (status[i] != 0) continue;
    ++good;
    seen.insert(x[i], n[i], pair_hash(x[i], n[i]));
  }
  const std::size_t repeats = good - seen.pairs.size();
  const bool rows_distinct = 16 * static_cast<double>(len) * static_cast<double>(repeats) <
                             static_cast<double>(sample) * static_cast<double>(sample);
  if (repeats == 0) return {len, rows_distinct};
  return {std::min(len, std::max<std::size_t>(good * good / (2 * repeats), min_sample)),
          rows_distinct};
}

// The rows are split between the cores by their pair's hash, not by position: each partition
// scans every row and keeps those whose hash selects it, so that a pair lives in one table and
// no merge is needed. Partition p starts its scan at row p·len/parts (and wraps around), so the
// cores write row_pair far apart instead of sharing its cache lines. The pairs' order, and so
// their ids, depends on the number of partitions; the limits do not (each pair's are computed by
// the same code).
DistinctPairs distinct_pairs(const double* x, const double* n, const std::uint8_t* status,
                             std::size_t len, std::size_t estimate) {
  constexpr std::size_t min_rows_per_part = std::size_t{1} << 16;
  // Partition ids ride in row_pair's low bits until the ids are known: 3 bits, so at most 8
  // partitions and 2^29 rows (larger calls run in one partition).
  constexpr unsigned max_parts = 8;
  unsigned parts = static_cast<unsigned>(
      std::min<std::size_t>({detail::max_threads(), max_parts, len / min_rows_per_part}));
  if (parts < 2 || len >= (std::size_t{1} << 29)) parts = 1;
  DistinctPairs d;
  d.row_pair.resize(len);
  std::vector<PairTable> tables;
  tables.reserve(parts);
  const std::size_t expected = estimate / parts;
  for (unsigned p = 0; p < parts; ++p) tables.emplace_back(expected);
  detail::parallel_for(parts, 1, [&](std::size_t begin, std::size_t end) {
    for (std::size_t p = begin; p < end; ++p) {
      PairTable& table = tables[p];
      // Rows a block at a time: the hashes of the block's rows first, each one's slot
      // prefetched, then the inserts, so that the block's cache misses overlap.
      constexpr std::size_t block = 32;
      const auto scan = [&](std::size_t from, std::size_t to) {
        std::size_t rows[block];
        std::uint64_t hashes[block];
        for (std::size_t b = from; b < to; b += block) {
          const std::size_t stop = std::min(to, b + block);
          // Compacted without a branch: which partition a row falls in is a coin toss that
          // the branch predictor would miss every other row.
          int mine = 0;
          for (std::size_t i = b; i < stop; ++i) {
            const std::uint64_t h = pair_hash(x[i], n[i]);
            // The top 32 bits pick the partition (the slot uses the low bits).
            rows[mine] = i;
            hashes[mine] = h;
            mine += status[i] == 0 && (h >> 32) * parts >> 32 == p;
          }
          for (int k = 0; k < mine; ++k) __builtin_prefetch(table.slot_of(hashes[k]));
          for (int k = 0; k < mine; ++k) table.prefetch_pair(hashes[k]);
          for (int k = 0; k < mine; ++k) {
            const std::size_t i = rows[k];
            const std::uint32_t id = table.insert(x[i], n[i], hashes[k]);
            d.row_pair[i] = parts > 1 ? id << 3 | static_cast<std::uint32_t>(p) : id;
          }
        }
      };
      const std::size_t start = p * (len / parts);
      scan(start, len);
      scan(0, start);
    }
  });
  std::array<std::uint32_t, max_parts> offset{};
  std::size_t total = 0;
  for (unsigned p = 0; p < parts; ++p) {
    offset[p] = static_cast<std::uint32_t>(total);
    total += tables[p].pairs.size();
  }
  d.x.resize(total);
  d.n.resize(total);
  for (unsigned p = 0; p < parts; ++p)
    for (std::size_t k = 0; k < tables[p].pairs.size(); ++k) {
      d.x[offset[p] + k] = tables[p].pairs[k][0];
      d.n[offset[p] + k] = tables[p].pairs[k][1];
    }
  if (parts == 1) return d;
  detail::parallel_for(len, closed_form_chunk, [&](std::size_t begin, std::size_t end) {
    for (std::size_t i = begin; i < end; ++i) {
      const std::uint32_t r = d.row_pair[i];
      d.row_pair[i] = status[i] != 0 ? 0 : offset[r & 7] + (r >> 3);
    }
  });
  return d;
}

// Clopper–Pearson uses Beta(x, n − x + 1) and Beta(x + 1, n − x), Jeffreys Beta(x + ½, n − x + ½)
// for both limits; the boundary cases are fixed at 0 and 1.
void beta_limits_rowwise(bool cp, const double* x, const double* n, std::size_t begin,
                         std::size_t end, double alpha, double z, double multiplier, double* lower,
                         double* upper) {
  for (std::size_t i = begin; i < end; ++i) {
    const double xi = x[i], ni = n[i];
    const double a_lo = cp ? xi : xi + 0.5, b_lo = cp ? ni - xi + 1 : ni - xi + 0.5;
    const double a_hi = cp ? xi + 1 : xi + 0.5, b_hi = cp ? ni - xi : ni - xi + 0.5;
    converged(
        [&] {
          // A shape parameter below the smallest normal double (Clopper–Pearson's x or n − x
          // of a denormal estimate) puts the quantile at 0 or 1 to double precision, as at
          // x = 0 or x = n, while Boost.Math's B(a, b) overflows on the way.
          constexpr double tiny = std::numeric_limits<double>::min();
          lower[i] = xi == 0 || a_lo < tiny
                         ? 0.0
                         : detail::beta_quantile(a_lo, b_lo, alpha / 2, false, -z) * multiplier;
          upper[i] = xi == ni || b_hi < tiny
                         ? multiplier
                         : detail::beta_quantile(a_hi, b_hi, alpha / 2, true, z) * multiplier;
        },
        xi, cp ? "clopper_pearson" : "jeffreys");
  }
}

// The same limits, detail::beta_lanes of them at a time through detail::beta_quantile_batch
// (its continued fractions run in lock step). If Boost.Math's fallback throws inside a group,
// the group is redone row by row so that the error names its row's count.
void beta_limits(bool cp, const double* x, const double* n, std::size_t begin, std::size_t end,
                 double alpha, double z, double multiplier, double* lower, double* upper) {
  constexpr std::size_t group = detail::beta_lanes / 2;
  constexpr double tiny = std::numeric_limits<double>::min();
  for (std::size_t g = begin; g < end; g += group) {
    const std::size_t stop = std::min(end, g + group);
    detail::BetaTarget t[detail::beta_lanes];
    double* dest[detail::beta_lanes];
    int count = 0;
    for (std::size_t i = g; i < stop; ++i) {
      const double xi = x[i], ni = n[i];
      const double a_lo = cp ? xi : xi + 0.5, b_lo = cp ? ni - xi + 1 : ni - xi + 0.5;
      const double a_hi = cp ? xi + 1 : xi + 0.5, b_hi = cp ? ni - xi : ni - xi + 0.5;
      if (xi == 0 || a_lo < tiny) {
        lower[i] = 0.0;
      } else {
        t[count] = {a_lo, b_lo, alpha / 2, -z, false, 0.0};
        dest[count++] = lower + i;
      }
      if (xi == ni || b_hi < tiny) {
        upper[i] = multiplier;
      } else {
        t[count] = {a_hi, b_hi, alpha / 2, z, true, 0.0};
        dest[count++] = upper + i;
      }
    }
    try {
      detail::beta_quantile_batch(t, count);
    } catch (const std::exception&) {
      beta_limits_rowwise(cp, x, n, g, stop, alpha, z, multiplier, lower, upper);
      continue;
    }
    for (int j = 0; j < count; ++j) *dest[j] = t[j].result * multiplier;
  }
}

// Wilson's limits times `multiplier` with one division and one square root a row: the divider
// (which also takes the square roots) bounds the column kernel, and PHEindicatormethods' form,
//   (2x + z² ± z √(z² + 4x(1 − x/n))) / (2(n + z²)),
// takes two divisions and a root. Multiplying through by n (√(C/n) = √(nC)/n):
//   (n(2x + z²) ± z √(nC)) / (2n(n + z²)),   C = z²n + 4x(n − x),
// the same limits (algebra above; n − x is exact for x ≥ n/2, where 1 − x/n was rounded), each
// operation correctly rounded, so the result does not depend on the vector width. nC grows as n³
// and 2n(n + z²) as n²: outside 2^-256 ≤ n ≤ 2^256 either may leave the range of doubles
// (1e-200 gave a root of 0, finite and wrong), so such rows get NaN here and are recomputed by
// wilson_fractions, as are those whose scale overflowed (a multiplier beyond 2n(n + z²) times
// the largest double) or whose limits did. Wilson's limits lie in [0, 1]: the clamps keep
// rounding from putting them a few ulps outside (x = n − 1 of n ≈ 2^53 gave 1 + 2^-52; they
// let NaN through, and a finite scale keeps an overflow from being clamped into range). Against
// 40-digit arithmetic the lower limits of 1–3 events in up to 10^6 (z = 3.09, the most
// cancellation) are within 2.3e-14 relative, the old form's within 1.2e-14. Inline: the column
// kernel and the scalar wilson_limits share it.
inline std::pair<double, double> wilson_one_division(double x, double n, double z, double z2,
                                                     double multiplier) noexcept {
  constexpr double smallest_n = 0x1p-256, largest_n = 0x1p256;
  const double c = z2 * n + 4 * x * (n - x);
  const double root = z * std::sqrt(n * c);
  const double centre = n * (2 * x + z2);
  const double scale = multiplier / (2 * n * (n + z2));
  const bool in_range =
      (n >= smallest_n) & (n <= largest_n) & (scale <= std::numeric_limits<double>::max());
  const double lo = std::max((centre - root) * scale, 0.0);        // NaN stays NaN
  const double hi = std::min((centre + root) * scale, multiplier); // (std::min returns its first)
  return {in_range ? lo : nan, in_range ? hi : nan};
}

// The closed-form limits over rows [begin, end): free functions with restrict pointers and
// by-value constants, so that GCC sees no aliasing and vectorises them (inside a lambda the
// captured pointers and constants are reloaded through the closure, and it does not).
ZHIBIAO_VECTOR_CLONES
void wilson_rows(const double* __restrict x, const double* __restrict n, std::size_t begin,
                 std::size_t end, double z, double multiplier, double* __restrict lower,
                 double* __restrict upper) {
  const double z2 = z * z;
  for (std::size_t i = begin; i < end; ++i) {
    const double xi = x[i], ni = n[i];
    const auto [lo, hi] = wilson_one_division(xi, ni, z, z2, multiplier);
    // The exact limits at x = 0 and x = n are 0 and the multiplier; the selects, which keep the
    // loop vectorised, pin them (rounding leaves them near, not at, those values).
    lower[i] = xi == 0 ? 0.0 : lo;
    upper[i] = xi == ni ? multiplier : hi;
  }
}

// True when every row of [begin, end) is a valid proportion (any_bad_row's test) and its limits
// are finite: the fused pass's validation and overflow tests in one vector loop over the block
// (still in cache), instead of four passes (validation, Wilson's overflow test, and the overflow
// guard's over lower and over upper). Folded into wilson_rows' own loop, the test stops GCC from
// vectorising it ("control flow in loop"), hence the separate loop.
ZHIBIAO_VECTOR_CLONES
bool clean_limit_rows(const double* __restrict x, const double* __restrict n,
                      const double* __restrict lower, const double* __restrict upper,
                      std::size_t begin, std::size_t end, bool bounded) {
  constexpr double max = std::numeric_limits<double>::max();
  unsigned bad = 0; // an integer: GCC vectorises the |= reduction of integers only
  for (std::size_t i = begin; i < end; ++i) {
    const double xi = x[i], ni = n[i], lo = lower[i], hi = upper[i];
    bad |= !((xi >= 0) & (xi <= max) & (ni > 0) & (ni <= max) & (!bounded | (xi <= ni)) &
             (std::fabs(lo) <= max) & (std::fabs(hi) <= max));
  }
  return bad == 0;
}

// Wilson's limits of rows [begin, end) written with non-temporal (streaming) stores, and the
// clean_limit_rows test of the same rows, in one AVX-512 loop: the same operations as
// wilson_rows and clean_limit_rows, in the same order (so the same bits), for columns too large
// to stay in cache. An ordinary store first reads the output's cache line from memory (the
// read for ownership) and writes it back later: 48 bytes of traffic a row where the data are 32
// (x and n read, lower and upper written). Streaming stores skip that read; measured on the
// benchmark machine (2 threads, 10^7 rows, Wilson's arithmetic), 19.5 ms with ordinary stores
// against 10.9 ms with streaming ones, and 13.4 ms for a plain memcpy of the same bytes.
// Computing a block into a buffer in L1 and streaming the buffer out was slower than ordinary
// stores (22–24 ms): the divisions and the stores then run in turns instead of overlapping, so
// the stores have to be in the loop that computes, hence intrinsics (GCC has no portable
// non-temporal store). The caller checks that the CPU has AVX-512 and that lower and upper sit
// at the same offset in a 64-byte line (streaming stores of a vector need aligned addresses; the
// rows before the first aligned one take the scalar path, the same arithmetic). Returns true
// when every row is valid and both limits finite.
#if ZHIBIAO_STREAMING_STORES
// GCC 12 warns that the intrinsics' own _mm512_undefined_pd() "may be used uninitialized" (its
// bug 105593, fixed in GCC 13): the placeholder operand of an unmasked operation.
#if !defined(__clang__) // Clang has no such warning (and would warn of the unknown group)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
__attribute__((target("avx512f"))) bool
wilson_rows_streamed(const double* __restrict x, const double* __restrict n, std::size_t begin,
                     std::size_t end, double z, double multiplier, double* __restrict lower,
                     double* __restrict upper) {
  constexpr double max = std::numeric_limits<double>::max();
  const double z2 = z * z;
  bool clean = true;
  const auto scalar_row = [&](std::size_t i) {
    const double xi = x[i], ni = n[i];
    const auto [lo, hi] = wilson_one_division(xi, ni, z, z2, multiplier);
    const double l = xi == 0 ? 0.0 : lo, u = xi == ni ? multiplier : hi;
    lower[i] = l;
    upper[i] = u;
    clean &= (xi >= 0) & (xi <= max) & (ni > 0) & (ni <= max) & (xi <= ni) & (std::fabs(l) <= max) &
             (std::fabs(u) <= max);
  };
  std::size_t i = begin;
  for (; i < end && reinterpret_cast<std::uintptr_t>(lower + i) % 64 != 0; ++i) scalar_row(i);
  const __m512d vz = _mm512_set1_pd(z), vz2 = _mm512_set1_pd(z2), four = _mm512_set1_pd(4),
                two = _mm512_set1_pd(2), zero = _mm512_setzero_pd(),
                vmul = _mm512_set1_pd(multiplier), vmax = _mm512_set1_pd(max),
                vnan = _mm512_set1_pd(nan), smallest_n = _mm512_set1_pd(0x1p-256),
                largest_n = _mm512_set1_pd(0x1p256);
  __mmask8 bad = 0;
  for (; i + 8 <= end; i += 8) {
    const __m512d xi = _mm512_loadu_pd(x + i), ni = _mm512_loadu_pd(n + i);
    // wilson_one_division, operation for operation
    const __m512d c = _mm512_add_pd(_mm512_mul_pd(vz2, ni),
                                    _mm512_mul_pd(_mm512_mul_pd(four, xi), _mm512_sub_pd(ni, xi)));
    const __m512d root = _mm512_mul_pd(vz, _mm512_sqrt_pd(_mm512_mul_pd(ni, c)));
    const __m512d centre = _mm512_mul_pd(ni, _mm512_add_pd(_mm512_mul_pd(two, xi), vz2));
    const __m512d scale =
        _mm512_div_pd(vmul, _mm512_mul_pd(_mm512_mul_pd(two, ni), _mm512_add_pd(ni, vz2)));
    __mmask8 in_range = _mm512_cmp_pd_mask(ni, smallest_n, _CMP_GE_OQ);
    in_range = _mm512_mask_cmp_pd_mask(in_range, ni, largest_n, _CMP_LE_OQ);
    in_range = _mm512_mask_cmp_pd_mask(in_range, scale, vmax, _CMP_LE_OQ);
    // max(zero, v) and min(m, v) return v when v is NaN or equal: std::max(v, 0.0) and
    // std::min(v, m) exactly.
    __m512d lo = _mm512_max_pd(zero, _mm512_mul_pd(_mm512_sub_pd(centre, root), scale));
    __m512d hi = _mm512_min_pd(vmul, _mm512_mul_pd(_mm512_add_pd(centre, root), scale));
    lo = _mm512_mask_mov_pd(vnan, in_range, lo);
    hi = _mm512_mask_mov_pd(vnan, in_range, hi);
    lo = _mm512_mask_mov_pd(lo, _mm512_cmp_pd_mask(xi, zero, _CMP_EQ_OQ), zero);
    hi = _mm512_mask_mov_pd(hi, _mm512_cmp_pd_mask(xi, ni, _CMP_EQ_OQ), vmul);
    _mm512_stream_pd(lower + i, lo);
    _mm512_stream_pd(upper + i, hi);
    // clean_limit_rows' test; |v| as the sign bit cleared
    const __m512d abs_lo = _mm512_castsi512_pd(
        _mm512_and_epi64(_mm512_castpd_si512(lo), _mm512_set1_epi64(0x7fffffffffffffff)));
    const __m512d abs_hi = _mm512_castsi512_pd(
        _mm512_and_epi64(_mm512_castpd_si512(hi), _mm512_set1_epi64(0x7fffffffffffffff)));
    __mmask8 ok = _mm512_cmp_pd_mask(xi, zero, _CMP_GE_OQ);
    ok = _mm512_mask_cmp_pd_mask(ok, xi, vmax, _CMP_LE_OQ);
    ok = _mm512_mask_cmp_pd_mask(ok, ni, zero, _CMP_GT_OQ);
    ok = _mm512_mask_cmp_pd_mask(ok, ni, vmax, _CMP_LE_OQ);
    ok = _mm512_mask_cmp_pd_mask(ok, xi, ni, _CMP_LE_OQ);
    ok = _mm512_mask_cmp_pd_mask(ok, abs_lo, vmax, _CMP_LE_OQ);
    ok = _mm512_mask_cmp_pd_mask(ok, abs_hi, vmax, _CMP_LE_OQ);
    bad |= static_cast<__mmask8>(~ok);
  }
  for (; i < end; ++i) scalar_row(i);
  // Streaming stores are weakly ordered: the fence makes them visible before the thread
  // reports its block done (and before this thread's rare re-reads in wilson_overflow_rows).
  _mm_sfence();
  return clean && bad == 0;
}
#if !defined(__clang__)
#pragma GCC diagnostic pop
#endif
#endif

// Wilson's limits as fractions of 1 in a form whose terms cannot overflow: for n ≥ 1 every term
// of PHEindicatormethods' form divided by n (p = x/n, t = z²/n):
//   (2p + t ± z √((t + 4p(1 − p))/n)) / (2(1 + t)),
// and for n < 1 the form itself divided by 2(n + z²) before the multiplier is applied. Used only
// for the rows where the direct form overflowed (x near the largest double, where 4x(1 − x/n) and
// 2x + z² are infinite: 1e308 of 1.7e308 gave NaN; or a multiplier beyond 1 / (2(n + z²))).
std::pair<double, double> wilson_fractions(double x, double n, double z) noexcept {
  const double z2 = z * z;
  if (n >= 1) {
    const double p = x / n, t = z2 / n;
    const double half = z * std::sqrt((t + 4 * p * (1 - p)) / n);
    const double d = 2 * (1 + t);
    return {(2 * p + t - half) / d, (2 * p + t + half) / d};
  }
  const double root = z * std::sqrt(z2 + 4 * x * (1 - x / n));
  const double d = 2 * (n + z2);
  return {(2 * x + z2 - root) / d, (2 * x + z2 + root) / d};
}

// Rows [begin, end) of wilson_rows whose limits are not finite, recomputed with
// wilson_fractions: a reduction the compiler vectorises, then nothing for ordinary data.
void wilson_overflow_rows(const double* x, const double* n, std::size_t begin, std::size_t end,
                          double z, double multiplier, double* lower, double* upper) {
  unsigned overflowed = 0;
  for (std::size_t i = begin; i < end; ++i)
    overflowed |= !(detail::finite(lower[i]) & detail::finite(upper[i]));
  if (overflowed == 0) return;
  for (std::size_t i = begin; i < end; ++i) {
    if (detail::finite(lower[i]) && detail::finite(upper[i])) continue;
    const double xi = x[i], ni = n[i];
    const auto [lo, hi] = wilson_fractions(xi, ni, z);
    lower[i] = xi == 0 ? 0.0 : lo * multiplier;
    upper[i] = xi == ni ? multiplier : hi * multiplier;
  }
}

ZHIBIAO_VECTOR_CLONES
void agresti_coull_rows(const double* __restrict x, const double* __restrict n, std::size_t begin,
                        std::size_t end, double z, double multiplier, double* __restrict lower,
                        double* __restrict upper) {
  const double z2 = z * z;
  for (std::size_t i = begin; i < end; ++i) {
    const double nt = n[i] + z2;
    const double pt = (x[i] + z2 / 2) / nt;
    const double half = z * std::sqrt(pt * (1 - pt) / nt);
    lower[i] = std::max(0.0, pt - half) * multiplier;
    upper[i] = std::min(1.0, pt + half) * multiplier;
  }
}

ZHIBIAO_VECTOR_CLONES
void wald_rows(const double* __restrict x, const double* __restrict n, std::size_t begin,
               std::size_t end, double z, double multiplier, double* __restrict lower,
               double* __restrict upper) {
  for (std::size_t i = begin; i < end; ++i) {
    const double p = x[i] / n[i];
    const double half = z * std::sqrt(p * (1 - p) / n[i]);
    lower[i] = std::max(0.0, p - half) * multiplier;
    upper[i] = std::min(1.0, p + half) * multiplier;
  }
}

} // namespace

void proportion_limits(ProportionMethod method, const double* x, const double* n,
                       const std::uint8_t* status, std::size_t len, double confidence,
                       double multiplier, double* lower, double* upper) {
  if (confidence == 1) {
    // Every method gives the whole range: nothing is excluded at 100 % confidence.
    for (std::size_t i = 0; i < len; ++i) {
      lower[i] = status[i] == 0 ? 0.0 : nan;
      upper[i] = status[i] == 0 ? multiplier : nan;
    }
    return;
  }
  // Everything that depends only on the level is computed once, outside the loops.
  const double z = z_value(confidence);
  const double alpha = 1 - confidence;
  if (method == ProportionMethod::clopper_pearson || method == ProportionMethod::jeffreys) {
    const bool cp = method == ProportionMethod::clopper_pearson;
    const PairSample sample = sample_pairs(x, n, status, len);
    if (sample.rows_distinct &&
        std::all_of(status, status + len, [](std::uint8_t s) { return s == 0; })) {
      for (std::size_t i = 0; i < len; ++i)
        check_exact_count(n[i], "n", cp ? "clopper_pearson" : "jeffreys", "wilson");
      detail::parallel_for(len, special_function_chunk, [&](std::size_t begin, std::size_t end) {
        beta_limits(cp, x, n, begin, end, alpha, z, multiplier, lower, upper);
      });
      return;
    }
    const DistinctPairs d = distinct_pairs(x, n, status, len, sample.estimate);
    const std::size_t m = d.x.size();
    // n bounds x and n − x, the two shape parameters: one check covers every count range.
    for (std::size_t i = 0; i < m; ++i)
      check_exact_count(d.n[i], "n", cp ? "clopper_pearson" : "jeffreys", "wilson");
    std::vector<double> lo(m), hi(m);
    detail::parallel_for(m, special_function_chunk, [&](std::size_t begin, std::size_t end) {
      beta_limits(cp, d.x.data(), d.n.data(), begin, end, alpha, z, multiplier, lo.data(),
                  hi.data());
    });
    detail::parallel_for(len, closed_form_chunk, [&](std::size_t begin, std::size_t end) {
      for (std::size_t i = begin; i < end; ++i) {
        const bool good = status[i] == 0;
        lower[i] = good ? lo[d.row_pair[i]] : nan;
        upper[i] = good ? hi[d.row_pair[i]] : nan;
      }
    });
    return;
  }
  // The closed forms: branch-free loops the compiler vectorises, split across cores.
  detail::parallel_for(len, closed_form_chunk, [&](std::size_t begin, std::size_t end) {
    switch (method) {
    case ProportionMethod::wilson:
      wilson_rows(x, n, begin, end, z, multiplier, lower, upper);
      wilson_overflow_rows(x, n, begin, end, z, multiplier, lower, upper);
      break;
    case ProportionMethod::agresti_coull:
      agresti_coull_rows(x, n, begin, end, z, multiplier, lower, upper);
      break;
    case ProportionMethod::wald: wald_rows(x, n, begin, end, z, multiplier, lower, upper); break;
    default: break;
    }
    blank_bad_rows(status, begin, end, lower, upper);
  });
}

std::pair<double, double> wilson_limits(double x, double n, double z) noexcept {
  const auto [lo, hi] = wilson_one_division(x, n, z, z * z, 1.0);
  if (detail::finite(lo) && detail::finite(hi)) return {x == 0 ? 0.0 : lo, x == n ? 1.0 : hi};
  return wilson_fractions(x, n, z);
}

std::pair<double, double> byar_limits(double x, double z) noexcept {
  return {byar_lower(x, z), byar_upper(x, z)};
}

void byar_count_limits(const double* x, std::size_t len, double z, double* lower,
                       double* upper) noexcept {
  byar_limit_rows(x, nullptr, 0, len, z, 1.0, lower, upper);
}

void count_limits(CountMethod method, const double* x, const double* n, const std::uint8_t* status,
                  std::size_t len, double confidence, double multiplier, double* lower,
                  double* upper, std::uint8_t* method_used) {
  const double z = z_value(confidence);
  const double alpha = 1 - confidence;
  // Exact and mid-p limits of one count are the same in every row with that count (issue 8):
  // a batch of a million rows usually holds a few thousand distinct counts, most of them small.
  // Integer counts below table_size are looked up by index; other counts go through a hash map.
  // Each thread keeps its own table (a count seen by both threads is computed twice; the values
  // are the same, the function being deterministic).
  constexpr std::size_t table_size = 4096;
  const bool byar_only = method == CountMethod::byar;
  const auto exact_code =
      static_cast<std::uint8_t>(method == CountMethod::phe ? CountMethod::exact : method);
  const std::size_t chunk =
      byar_only || method == CountMethod::phe ? closed_form_chunk : special_function_chunk;
  // Counts beyond the exact methods' range are refused before any series runs (PHE's rule uses
  // the exact method below 10 events only).
  if (method == CountMethod::exact || method == CountMethod::mid_p)
    for (std::size_t i = 0; i < len; ++i)
      if (status[i] == 0) check_exact_count(x[i], "x", method_name(method), "byar");
  detail::parallel_for(len, chunk, [&](std::size_t begin, std::size_t end) {
    // Pass 1, branch-free so that it vectorises: Byar's limits and the method of every row
    // (PHE's rule picks exact below 10 events). Rows that need the exact method are
    // overwritten in pass 2; bad rows are blanked there too.
    const bool any_special = byar_rows(x, n, status, begin, end, z, multiplier, method, exact_code,
                                       lower, upper, method_used);
    if (!any_special) return;
    // Pass 2: exact / mid-p limits from the per-count table, and bad rows.
    std::vector<std::pair<double, double>> table;
    std::vector<bool> filled;
    std::unordered_map<double, std::pair<double, double>> cache;
    for (std::size_t i = begin; i < end; ++i) {
      if (status[i] != 0) {
        lower[i] = upper[i] = nan;
        method_used[i] = no_method;
        continue;
      }
      if (method_used[i] == static_cast<std::uint8_t>(CountMethod::byar)) continue;
      const double xi = x[i];
      const auto used = static_cast<CountMethod>(method_used[i]);
      std::pair<double, double> lim;
      if (xi < static_cast<double>(table_size) && xi == std::floor(xi)) {
        if (table.empty()) {
          table.resize(table_size);
          filled.resize(table_size);
        }
        const auto k = static_cast<std::size_t>(xi);
        if (!filled[k]) {
          table[k] = count_limits_one(used, xi, alpha, z);
          filled[k] = true;
        }
        lim = table[k];
      } else {
        auto it = cache.find(xi);
        if (it == cache.end()) it = cache.emplace(xi, count_limits_one(used, xi, alpha, z)).first;
        lim = it->second;
      }
      const double scale = n ? multiplier / n[i] : multiplier;
      lower[i] = lim.first * scale;
      upper[i] = lim.second * scale;
    }
  });
}

namespace {

// Whether the limits of a column are worth streaming past the caches (wilson_rows_streamed):
// from 2^20 rows, when lower and upper (16 MiB together, a third of this machine's L3) would
// mostly be evicted before the caller reads them anyway, on a CPU with AVX-512, and when both
// columns sit at the same offset in a 64-byte line (as two large allocations do: malloc's
// mmap-backed blocks, NumPy's among them, begin 16 bytes into a page), so that one scalar
// head aligns both.
[[maybe_unused]] bool streaming_pays(std::size_t len, const double* lower,
                                     const double* upper) noexcept {
#if ZHIBIAO_STREAMING_STORES
  return len >= detail::streaming_rows && detail::streaming_stores_available() &&
         (reinterpret_cast<std::uintptr_t>(lower) - reinterpret_cast<std::uintptr_t>(upper)) % 64 ==
             0;
#else
  (void)len, (void)lower, (void)upper;
  return false;
#endif
}

// Rows per block of the fused closed-form pass: 8192 rows of x and n (128 KiB) with their
// outputs stay in L2 from the validation to the last limit, instead of each step streaming the
// whole columns through memory.
constexpr std::size_t fused_block = 8192;

// What each confidence level needs, computed once per call: z, and under PHE's rule the exact
// limits of the counts 0–9, so that the small counts of every block are looked up.
struct LevelConstants {
  double z = 0, alpha = 0;
  bool whole_range = false; // confidence 1 (proportions only): the limits are 0 and 1
  std::array<double, 10> small_lower{}, small_upper{}; // the exact limits of the counts 0–9
};

std::vector<LevelConstants> level_constants(const std::vector<double>& confidence, bool phe) {
  std::vector<LevelConstants> levels(confidence.size());
  for (std::size_t k = 0; k < confidence.size(); ++k) {
    LevelConstants& c = levels[k];
    c.whole_range = confidence[k] == 1;
    if (c.whole_range) continue;
    c.z = z_value(confidence[k]);
    c.alpha = 1 - confidence[k];
    if (phe)
      for (std::size_t x = 0; x < c.small_lower.size(); ++x)
        std::tie(c.small_lower[x], c.small_upper[x]) =
            count_limits_one(CountMethod::exact, static_cast<double>(x), c.alpha, c.z);
  }
  return levels;
}

// Bad rows of a block get NaN everywhere (and no method code).
void blank_block(const std::uint8_t* status, std::size_t begin, std::size_t end, std::size_t len,
                 std::size_t levels, double* value, double* lower, double* upper,
                 std::uint8_t* method_used) {
  for (std::size_t i = begin; i < end; ++i) {
    if (status[i] == 0) continue;
    if (value) value[i] = nan;
    for (std::size_t k = 0; k < levels; ++k) lower[k * len + i] = upper[k * len + i] = nan;
    if (method_used) method_used[i] = no_method;
  }
}

} // namespace

namespace {

ZHIBIAO_VECTOR_CLONES
bool any_non_finite(const double* __restrict v, std::size_t begin, std::size_t end) {
  unsigned bad = 0; // an integer: GCC vectorises the |= reduction of integers only
  for (std::size_t i = begin; i < end; ++i) bad |= !detail::finite(v[i]);
  return bad != 0;
}

// The overflow guard (issue 14, class 3): every row of status ok whose value or a limit is not
// finite gets status overflow and NaN everywhere, so that no column holds ±inf or NaN beside
// ok. A branch-free reduction over the outputs of rows [begin, end) (still in cache after the
// limits), then a row loop only where it finds something (a bad row's NaN included). `value` and
// `method_used` may be null. Returns the rows flagged.
std::size_t flag_overflow_rows(std::size_t begin, std::size_t end, std::size_t len,
                               std::size_t levels, double* value, double* lower, double* upper,
                               std::uint8_t* status, std::uint8_t* method_used) {
  bool any = value != nullptr && any_non_finite(value, begin, end);
  for (std::size_t k = 0; k < levels && !any; ++k)
    any =
        any_non_finite(lower + k * len, begin, end) || any_non_finite(upper + k * len, begin, end);
  if (!any) return 0;
  std::size_t flagged = 0;
  for (std::size_t i = begin; i < end; ++i) {
    if (status[i] != 0) continue;
    bool ok = value == nullptr || detail::finite(value[i]);
    for (std::size_t k = 0; k < levels; ++k)
      ok = ok && detail::finite(lower[k * len + i]) && detail::finite(upper[k * len + i]);
    if (ok) continue;
    status[i] = static_cast<std::uint8_t>(IntervalStatus::overflow);
    if (value) value[i] = nan;
    for (std::size_t k = 0; k < levels; ++k) lower[k * len + i] = upper[k * len + i] = nan;
    if (method_used) method_used[i] = no_method;
    ++flagged;
  }
  return flagged;
}

// The fused pass shared by proportions and rates: `limits(begin, end)` writes every level's
// limits of a block and returns true if it checked that every row is valid and every limit
// finite (clean_limit_rows; false: not checked, or not so); bad rows are classified (in blocks that
// have one) and blanked after, and rows whose result overflowed are flagged (flag_overflow_rows).
template <class Limits>
std::size_t fused_pass(const double* x, const double* n, std::size_t len, bool bounded,
                       std::size_t levels, double multiplier, double* value, double* lower,
                       double* upper, std::uint8_t* status, std::uint8_t* method_used,
                       Limits&& limits) {
  std::atomic<std::size_t> bad_rows{0};
  detail::parallel_for(len, closed_form_chunk, [&](std::size_t begin, std::size_t end) {
    std::size_t bad = 0;
    for (std::size_t s = begin; s < end; s += fused_block) {
      const std::size_t e = std::min(end, s + fused_block);
      // `limits` returns true when it found every row valid and every limit finite
      // (clean_limit_rows); then the block needs neither the classification nor the
      // limits' overflow test. The statuses are written after the limits, which do not read
      // them.
      const bool clean = limits(s, e);
      const bool any_bad = !clean && any_bad_row(x, n, s, e, bounded);
      if (any_bad) bad += classify_rows(x, n, s, e, bounded, status);
      if (value) divide_rows(x, n, s, e, multiplier, value);
      if (any_bad) blank_block(status, s, e, len, levels, value, lower, upper, method_used);
      if (!clean || (value && any_non_finite(value, s, e)))
        bad += flag_overflow_rows(s, e, len, levels, value, lower, upper, status, method_used);
    }
    bad_rows.fetch_add(bad, std::memory_order_relaxed);
  });
  return bad_rows.load();
}

} // namespace

bool is_closed_form(ProportionMethod method) noexcept {
  return method == ProportionMethod::wilson || method == ProportionMethod::agresti_coull ||
         method == ProportionMethod::wald;
}

bool is_closed_form(CountMethod method) noexcept {
  return method == CountMethod::phe || method == CountMethod::byar;
}

std::size_t closed_form_proportion_intervals(ProportionMethod method, const double* x,
                                             const double* n, std::size_t len,
                                             const std::vector<double>& confidence,
                                             double multiplier, double* value, double* lower,
                                             double* upper, std::uint8_t* status) {
  if (!is_closed_form(method))
    throw invalid_input("method", std::string(to_string(method)) + " has no closed form");
  const std::vector<LevelConstants> levels = level_constants(confidence, false);
  const bool stream = streaming_pays(len, lower, upper);
  return fused_pass(x, n, len, true, levels.size(), multiplier, value, lower, upper, status,
                    nullptr, [&](std::size_t s, std::size_t e) {
                      bool clean = true; // every row valid, every limit finite (checked)
                      for (std::size_t k = 0; k < levels.size(); ++k) {
                        double* lo = lower + k * len;
                        double* hi = upper + k * len;
                        const LevelConstants& c = levels[k];
                        if (c.whole_range) {
                          std::fill(lo + s, lo + e, 0.0);
                          std::fill(hi + s, hi + e, multiplier);
                          clean = false; // rows not validated
                          continue;
                        }
                        switch (method) {
                        case ProportionMethod::wilson:
#if ZHIBIAO_STREAMING_STORES
                          if (stream) {
                            if (!wilson_rows_streamed(x, n, s, e, c.z, multiplier, lo, hi)) {
                              wilson_overflow_rows(x, n, s, e, c.z, multiplier, lo, hi);
                              clean = false;
                            }
                            break;
                          }
#endif
                          wilson_rows(x, n, s, e, c.z, multiplier, lo, hi);
                          if (!clean_limit_rows(x, n, lo, hi, s, e, true)) {
                            wilson_overflow_rows(x, n, s, e, c.z, multiplier, lo, hi);
                            clean = false;
                          }
                          break;
                        case ProportionMethod::agresti_coull:
                          agresti_coull_rows(x, n, s, e, c.z, multiplier, lo, hi);
                          clean = false;
                          break;
                        case ProportionMethod::wald:
                          wald_rows(x, n, s, e, c.z, multiplier, lo, hi);
                          clean = false;
                          break;
                        default: break;
                        }
                      }
                      return clean;
                    });
}

std::size_t closed_form_rate_intervals(CountMethod method, const double* x, const double* n,
                                       std::size_t len, const std::vector<double>& confidence,
                                       double multiplier, double* value, double* lower,
                                       double* upper, std::uint8_t* status,
                                       std::uint8_t* method_used) {
  if (!is_closed_form(method))
    throw invalid_input("method", std::string(to_string(method)) + " has no closed form");
  const bool phe = method == CountMethod::phe;
  const std::vector<LevelConstants> levels = level_constants(confidence, phe);
  constexpr auto byar_code = static_cast<std::uint8_t>(CountMethod::byar);
  return fused_pass(
      x, n, len, false, levels.size(), multiplier, value, lower, upper, status, method_used,
      [&](std::size_t s, std::size_t e) {
        if (!phe)
          for (std::size_t k = 0; k < levels.size(); ++k)
            byar_limit_rows(x, n, s, e, levels[k].z, multiplier, lower + k * len, upper + k * len);
        // Every row valid and every limit finite (checked): the block needs neither the
        // classification nor the overflow guard.
        const auto clean = [&] {
          bool ok = true;
          for (std::size_t k = 0; k < levels.size() && ok; ++k)
            ok = clean_limit_rows(x, n, lower + k * len, upper + k * len, s, e, false);
          return ok;
        };
        if (!phe) {
          std::memset(method_used + s, byar_code, e - s);
          return clean();
        }
        // PHE's rule: the exact method below 10 events. The codes first (phe_method_codes), then
        // each level's Byar limits and table in one loop (phe_limit_rows).
        phe_method_codes(x, s, e, method_used);
        bool fractional = false;
        for (std::size_t k = 0; k < levels.size(); ++k)
          fractional |= phe_limit_rows(x, n, s, e, levels[k].z, levels[k].small_lower.data(),
                                       levels[k].small_upper.data(), multiplier, lower + k * len,
                                       upper + k * len);
        if (fractional)
          // A fractional count below 10 (an estimate): its exact limits computed, not looked up.
          for (std::size_t i = s; i < e; ++i) {
            const double xi = x[i];
            if (!(xi >= 0 && xi < 10) || xi == std::floor(xi) || !(n[i] > 0)) continue;
            const double scale = multiplier / n[i];
            for (std::size_t k = 0; k < levels.size(); ++k) {
              const LevelConstants& c = levels[k];
              const auto [lo, hi] = count_limits_one(CountMethod::exact, xi, c.alpha, c.z);
              lower[k * len + i] = lo * scale;
              upper[k * len + i] = hi * scale;
            }
          }
        return clean();
      });
}

std::vector<row_error> describe_interval_rows(const double* x, const double* n,
                                              const std::uint8_t* status, std::size_t len,
                                              std::string_view x_field, std::string_view n_field) {
  std::vector<row_error> errors;
  for (std::size_t i = 0; i < len; ++i) {
    const auto s = static_cast<IntervalStatus>(status[i]);
    if (!is_error(s)) continue; // undefined rows (n = 0) are NaN with their status, not errors
    errors.push_back(
        {i, std::string(is_x_status(s) ? x_field : n_field), row_message(s, x[i], n ? n[i] : 1.0)});
  }
  return errors;
}

namespace {

// The steps shared by proportions and rates. `fused()` runs the closed-form pass and returns the
// number of bad rows; `limits(confidence, lower, upper)` writes one level's limits once the rows
// are classified.
template <class Fused, class Limits>
std::vector<row_error> interval_column(std::span<const double> x, std::span<const double> n,
                                       bool counts, bool closed_form,
                                       const IntervalOptions& options, const IntervalBuffers& out,
                                       IntervalFields fields, Fused&& fused, Limits&& limits) {
  detail::require_rows(n.size(), fields.n, x.size(), fields.x);
  check_interval_options(options.confidence, options.multiplier, counts);
  const std::size_t len = x.size();
  std::uint8_t* status = out.status.data();
  const auto report = [&](std::size_t bad) {
    std::vector<row_error> errors;
    if (bad == 0) return errors;
    errors = describe_interval_rows(x.data(), n.data(), status, len, fields.x, fields.n);
    if (options.on_bad_rows == OnBadRows::raise) throw invalid_rows(std::move(errors));
    return errors;
  };
  // Closed forms: the fused pass validates as it goes; bad rows are raised only after the work,
  // so clean input, the common case, pays for no separate pass.
  if (closed_form) return report(fused());
  // Beta / gamma inverses: every row is validated first, raising before the expensive part.
  std::vector<row_error> errors =
      report(classify_interval_rows(x.data(), n.data(), len, !counts, status));
  if (!out.value.empty())
    interval_values(x.data(), n.data(), status, len, options.multiplier, out.value.data());
  for (std::size_t k = 0; k < options.confidence.size(); ++k)
    limits(options.confidence[k], out.lower.data() + k * len, out.upper.data() + k * len);
  // The overflow guard over the whole column (these methods cost microseconds a row: one more
  // pass is nothing); the overflowed rows are reported with the bad ones.
  const std::size_t overflowed = flag_overflow_rows(
      0, len, len, options.confidence.size(), out.value.empty() ? nullptr : out.value.data(),
      out.lower.data(), out.upper.data(), status, out.method.empty() ? nullptr : out.method.data());
  if (overflowed == 0) return errors;
  errors = describe_interval_rows(x.data(), n.data(), status, len, fields.x, fields.n);
  if (options.on_bad_rows == OnBadRows::raise) throw invalid_rows(std::move(errors));
  return errors;
}

// The value buffer, or null for limits only (the kernels' convention).
double* value_or_null(const IntervalBuffers& out) {
  return out.value.empty() ? nullptr : out.value.data();
}

} // namespace

std::vector<row_error>
proportion_interval_column(ProportionMethod method, std::span<const double> x,
                           std::span<const double> n, const IntervalOptions& given,
                           const IntervalBuffers& out, IntervalFields fields) {
  const std::size_t len = x.size();
  const IntervalOptions options = checked_interval_options(given, false); // levels as fractions
  return interval_column(
      x, n, false, is_closed_form(method), options, out, fields,
      [&] {
        return closed_form_proportion_intervals(
            method, x.data(), n.data(), len, options.confidence, options.multiplier,
            value_or_null(out), out.lower.data(), out.upper.data(), out.status.data());
      },
      [&](double confidence, double* lower, double* upper) {
        proportion_limits(method, x.data(), n.data(), out.status.data(), len, confidence,
                          options.multiplier, lower, upper);
      });
}

std::vector<row_error> rate_interval_column(CountMethod method, std::span<const double> x,
                                            std::span<const double> n, const IntervalOptions& given,
                                            const IntervalBuffers& out, IntervalFields fields) {
  const std::size_t len = x.size();
  const IntervalOptions options = checked_interval_options(given, true); // levels as fractions
  return interval_column(
      x, n, true, is_closed_form(method), options, out, fields,
      [&] {
        return closed_form_rate_intervals(method, x.data(), n.data(), len, options.confidence,
                                          options.multiplier, value_or_null(out), out.lower.data(),
                                          out.upper.data(), out.status.data(), out.method.data());
      },
      [&](double confidence, double* lower, double* upper) {
        count_limits(method, x.data(), n.data(), out.status.data(), len, confidence,
                     options.multiplier, lower, upper, out.method.data());
      });
}

} // namespace detail

namespace {

// Library-owned storage for a column of `rows` rows (statuses zeroed, as the column function
// wants them) and the buffers that point into it.
IntervalArray allocate_intervals(std::size_t rows, bool counts, const IntervalOptions& options) {
  const std::size_t levels = options.confidence.size();
  IntervalArray out;
  out.confidence = options.confidence;
  out.multiplier = options.multiplier;
  out.value.resize(rows);
  out.lower.resize(rows, levels);
  out.upper.resize(rows, levels);
  out.status.resize(rows, IntervalStatus::ok);
  if (counts) out.method.resize(rows);
  return out;
}

detail::IntervalBuffers buffers_of(IntervalArray& a) {
  return {span_of(a.value), span_of(a.lower), span_of(a.upper), detail::code_span(a.status),
          detail::code_span(a.method)};
}

IntervalArray proportion_interval_array(std::span<const double> x, std::span<const double> n,
                                        ProportionMethod method, IntervalOptions options) {
  options = detail::checked_interval_options(options, false);
  IntervalArray out = allocate_intervals(x.size(), false, options);
  out.errors = detail::proportion_interval_column(method, x, n, options, buffers_of(out));
  return out;
}

IntervalArray rate_interval_array(std::span<const double> x, std::span<const double> n,
                                  CountMethod method, IntervalOptions options) {
  options = detail::checked_interval_options(options, true);
  IntervalArray out = allocate_intervals(x.size(), true, options);
  out.errors = detail::rate_interval_column(method, x, n, options, buffers_of(out));
  return out;
}

} // namespace

IntervalArray proportion_intervals(const Eigen::Ref<const Eigen::ArrayXd>& x,
                                   const Eigen::Ref<const Eigen::ArrayXd>& n,
                                   ProportionMethod method, IntervalOptions options) {
  return proportion_interval_array(span_of(x), span_of(n), method, std::move(options));
}

IntervalArray proportion_intervals(std::span<const double> x, std::span<const double> n,
                                   ProportionMethod method, IntervalOptions options) {
  return proportion_interval_array(x, n, method, std::move(options));
}

IntervalArray rate_intervals(const Eigen::Ref<const Eigen::ArrayXd>& x,
                             const Eigen::Ref<const Eigen::ArrayXd>& n, CountMethod method,
                             IntervalOptions options) {
  return rate_interval_array(span_of(x), span_of(n), method, std::move(options));
}

IntervalArray rate_intervals(std::span<const double> x, std::span<const double> n,
                             CountMethod method, IntervalOptions options) {
  return rate_interval_array(x, n, method, std::move(options));
}

} // namespace zhibiao
