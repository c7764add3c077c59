#include "zhibiao/difference.hpp"
#include "math_policy.hpp"
#include "zhibiao/detail/difference_kernels.hpp"
#include "zhibiao/detail/format.hpp"
#include "zhibiao/detail/interval_kernels.hpp"
#include "zhibiao/detail/numeric.hpp"
#include "zhibiao/detail/options.hpp"
#include "zhibiao/detail/rows.hpp"
#include "zhibiao/detail/spans.hpp"

#include <boost/math/distributions/students_t.hpp>
#include <boost/math/special_functions/beta.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <initializer_list>
#include <iterator>
#include <limits>
#include <span>
#include <sstream>
#include <string>
#include <tuple>
#include <unordered_map>

namespace zhibiao {

namespace {

using detail::fast_policy;
using detail::full_precision_text;
using detail::nan;

// The one confidence reader (0.95 or 95; detail/options.hpp), as a fraction.
double check_level(double confidence) { return detail::confidence_option(confidence); }

// proportion_interval with its fields renamed ("x" -> "x1", ...), so errors say which input.
Interval named_proportion(double x, double n, double confidence, const char* suffix) {
  try {
    return proportion_interval(x, n, confidence);
  } catch (const invalid_input& e) {
    const std::string what = e.what();
    throw invalid_input(e.field() + suffix, what.substr(e.field().size() + 2));
  }
}

// A scalar result is finite or refused (issue 14): the scalar form of the columns' status 2.
Interval finite_or_refused(const Interval& r, const char* field) {
  if (detail::finite(r.value) && detail::finite(r.lower) && detail::finite(r.upper)) return r;
  throw invalid_input(field, "makes the result overflow (溢出): the value or a limit exceeds the "
                             "largest double");
}

} // namespace

Interval proportion_difference(double x1, double n1, double x2, double n2, double confidence) {
  confidence = check_level(confidence);
  const Interval a = named_proportion(x1, n1, confidence, "1");
  const Interval b = named_proportion(x2, n2, confidence, "2");
  const double d = a.value - b.value;
  return {d, d - std::hypot(a.value - a.lower, b.upper - b.value),
          d + std::hypot(a.upper - a.value, b.value - b.lower)};
}

Interval rate_ratio(double x1, double n1, double x2, double n2, double confidence) {
  confidence = check_level(confidence);
  for (auto [v, name] : {std::pair{x1, "x1"}, {x2, "x2"}})
    if (!(std::isfinite(v) && v >= 0))
      throw invalid_input(name, "must be a finite count ≥ 0 (" + std::to_string(v) + ")");
  for (auto [v, name] : {std::pair{n1, "n1"}, {n2, "n2"}})
    if (!(std::isfinite(v) && v > 0))
      throw invalid_input(name,
                          "must be a finite number greater than zero (" + std::to_string(v) + ")");
  if (x2 == 0) throw invalid_input("x2", "is zero: the ratio of rates does not exist");
  // Conditional on x1 + x2 events, x1 ~ Binomial(x1 + x2, π): Clopper–Pearson limits of π.
  const Interval pi =
      proportion_interval(x1, x1 + x2, confidence, ProportionMethod::clopper_pearson);
  const auto to_ratio = [&](double p) { return p / (1 - p) * n2 / n1; };
  return finite_or_refused({x1 / n1 / (x2 / n2), to_ratio(pi.lower), to_ratio(pi.upper)}, "n1");
}

Interval mean_interval(double mean, double sd, double count, double confidence) {
  confidence = check_level(confidence);
  if (!std::isfinite(mean)) throw invalid_input("mean", "is not a finite number");
  if (!(std::isfinite(sd) && sd >= 0)) throw invalid_input("sd", "must be a finite number ≥ 0");
  if (!(std::isfinite(count) && count >= 2))
    throw invalid_input("count", "must be at least 2 for a standard deviation");
  const boost::math::students_t_distribution<double> t(count - 1);
  const double half = boost::math::quantile(boost::math::complement(t, (1 - confidence) / 2)) * sd /
                      std::sqrt(count);
  return finite_or_refused({mean, mean - half, mean + half}, "mean");
}

Interval sex_ratio_interval(double males, double females, double confidence) {
  confidence = check_level(confidence);
  if (!(std::isfinite(males) && males >= 0))
    throw invalid_input("males", "must be a finite count ≥ 0");
  if (!(std::isfinite(females) && females > 0))
    throw invalid_input("females", "must be a finite count greater than zero");
  const Interval p = proportion_interval(males, males + females, confidence);
  const auto to_ratio = [](double q) { return 100 * q / (1 - q); };
  return finite_or_refused({100 * males / females, to_ratio(p.lower), to_ratio(p.upper)}, "males");
}

// --- columns ---------------------------------------------------------------------------------

namespace {

// The first problem of a count (finite, ≥ 0) or a denominator (finite, > 0), or "".
std::string count_problem(double v) {
  if (!std::isfinite(v)) return "is not a finite number (" + full_precision_text(v) + ")";
  if (v < 0) return "is negative (" + full_precision_text(v) + ")";
  return "";
}
std::string positive_problem(double v) {
  if (!std::isfinite(v)) return "is not a finite number (" + full_precision_text(v) + ")";
  if (v <= 0) return "must be greater than zero (" + full_precision_text(v) + ")";
  return "";
}

// Marks row i bad: NaN outputs, status 1, and its error.
void mark_bad(std::vector<row_error>& errors, std::size_t i, const char* field, std::string message,
              std::uint8_t* status, double* value, double* lower, double* upper) {
  status[i] = 1;
  value[i] = lower[i] = upper[i] = nan;
  errors.push_back({i, field, std::move(message)});
}

// Marks row i undefined: a zero denominator (n1 or n2 = 0, no births) has no value and is not
// an error (docs/bad-input.md §4, issue 14 class 9): NaN outputs, status 2, no error listed.
void mark_undefined(std::size_t i, std::uint8_t* status, double* value, double* lower,
                    double* upper) {
  status[i] = 2;
  value[i] = lower[i] = upper[i] = nan;
}

// True when a, m, b, k are valid counts and denominators except that m or k is zero.
bool zero_denominator(double a, double m, double b, double k, bool bounded) {
  const bool valid = std::isfinite(a) && std::isfinite(m) && std::isfinite(b) && std::isfinite(k) &&
                     a >= 0 && b >= 0 && m >= 0 && k >= 0 && (!bounded || (a <= m && b <= k));
  return valid && (m == 0 || k == 0);
}

// Wilson limits of x of n: interval.cpp's, which stays finite for any finite x ≤ n (issue 14).
inline void wilson(double x, double n, double z, double, double& lo, double& hi) {
  std::tie(lo, hi) = detail::wilson_limits(x, n, z);
}

DifferenceColumns make_columns(std::size_t len) {
  DifferenceColumns c;
  c.value.resize(len);
  c.lower.resize(len);
  c.upper.resize(len);
  c.status.resize(len);
  return c;
}

} // namespace

namespace detail {

std::vector<row_error> proportion_differences(const double* x1, const double* n1, const double* x2,
                                              const double* n2, std::size_t len, double confidence,
                                              std::uint8_t* status, double* value, double* lower,
                                              double* upper) {
  const double z = z_value(confidence), z2 = z * z;
  std::vector<row_error> errors;
  for (std::size_t i = 0; i < len; ++i) {
    const double a = x1[i], m = n1[i], b = x2[i], k = n2[i];
    // Validation: one fused test for the common case, details only for a bad row.
    if (!((a >= 0) & (b >= 0) & (m > 0) & (k > 0) & (a <= m) & (b <= k) & std::isfinite(m) &
          std::isfinite(k))) {
      if (zero_denominator(a, m, b, k, true)) {
        mark_undefined(i, status, value, lower, upper);
        continue;
      }
      const std::pair<const char*, std::string> checks[] = {
          {"x1", count_problem(a)},
          {"n1", positive_problem(m)},
          {"x2", count_problem(b)},
          {"n2", positive_problem(k)},
          {"x1",
           a > m ? "exceeds n1 (" + full_precision_text(a) + " > " + full_precision_text(m) + ")"
                 : ""},
          {"x2",
           b > k ? "exceeds n2 (" + full_precision_text(b) + " > " + full_precision_text(k) + ")"
                 : ""}};
      const char* field = "x1";
      std::string message = "is not a valid count";
      for (const auto& check : checks)
        if (!check.second.empty()) {
          field = check.first;
          message = check.second;
          break;
        }
      mark_bad(errors, i, field, message, status, value, lower, upper);
      continue;
    }
    double l1, u1, l2, u2;
    wilson(a, m, z, z2, l1, u1);
    wilson(b, k, z, z2, l2, u2);
    const double p1 = a / m, p2 = b / k, d = p1 - p2;
    // Newcombe (1998) method 10.
    status[i] = 0;
    value[i] = d;
    // The limits lie in [−1, 1] in exact arithmetic; rounding in the Wilson limits put them a
    // few ulps outside at 2^53 of 2^53 against 0 of 2^53 (issue 9, test_numerical_edges.py).
    lower[i] = std::max(-1.0, d - std::sqrt((p1 - l1) * (p1 - l1) + (u2 - p2) * (u2 - p2)));
    upper[i] = std::min(1.0, d + std::sqrt((u1 - p1) * (u1 - p1) + (p2 - l2) * (p2 - l2)));
  }
  return errors;
}

std::vector<row_error> rate_ratios(const double* x1, const double* n1, const double* x2,
                                   const double* n2, std::size_t len, double confidence,
                                   std::uint8_t* status, double* value, double* lower,
                                   double* upper) {
  const double half_alpha = (1 - confidence) / 2;
  std::vector<row_error> errors;
  for (std::size_t i = 0; i < len; ++i) {
    const double a = x1[i], m = n1[i], b = x2[i], k = n2[i];
    if (zero_denominator(a, m, b, k, false)) {
      mark_undefined(i, status, value, lower, upper);
      continue;
    }
    const std::pair<const char*, std::string> checks[] = {
        {"x1", count_problem(a)},
        {"n1", positive_problem(m)},
        {"x2", count_problem(b)},
        {"n2", positive_problem(k)},
        {"x2", b == 0 ? "is zero: the ratio of rates does not exist" : ""}};
    bool bad = false;
    for (const auto& [field, message] : checks)
      if (!message.empty()) {
        mark_bad(errors, i, field, message, status, value, lower, upper);
        bad = true;
        break;
      }
    if (bad) continue;
    // The conditional method is Clopper–Pearson's on a + b events: refused above the exact
    // methods' range (interval.hpp exact_count_limit; Boost.Math's series iterate for minutes at
    // 1e30 events, issue 14), and any error Boost.Math still raises is this row's error.
    if (a + b > exact_count_limit) {
      mark_bad(errors, i, "x1",
               "x1 + x2 = " + full_precision_text(a + b) +
                   " is too large for the exact conditional method, which takes up to 10^10 "
                   "events (Boost.Math's series do not converge above)",
               status, value, lower, upper);
      continue;
    }
    // Given a + b events, a ~ Binomial(a + b, π), π = R m/(R m + k): Clopper–Pearson limits of π.
    // Shapes below the smallest normal double (denormal estimates) put the quantile at 0 or 1.
    constexpr double tiny = std::numeric_limits<double>::min();
    double pl = 0, pu = 1;
    try {
      pl = a < tiny ? 0.0 : boost::math::ibeta_inv(a, b + 1, half_alpha, fast_policy());
      pu = b < tiny ? 1.0 : boost::math::ibetac_inv(a + 1, b, half_alpha, fast_policy());
    } catch (const std::exception& e) {
      mark_bad(errors, i, "x1",
               std::string("cannot be computed by the exact conditional method (Boost.Math: ") +
                   e.what() + ")",
               status, value, lower, upper);
      continue;
    }
    const double scale = k / m;
    status[i] = 0;
    value[i] = a / m / (b / k);
    lower[i] = pl / (1 - pl) * scale;
    upper[i] = pu / (1 - pu) * scale;
  }
  return errors;
}

std::vector<row_error> mean_intervals(const double* mean, const double* sd, const double* count,
                                      std::size_t len, double confidence, std::uint8_t* status,
                                      double* value, double* lower, double* upper) {
  const double half_alpha = (1 - confidence) / 2;
  std::unordered_map<double, double> t_cache; // count → t(1 − α/2; count − 1)
  std::vector<row_error> errors;
  for (std::size_t i = 0; i < len; ++i) {
    const double mu = mean[i], s = sd[i], c = count[i];
    if (!std::isfinite(mu)) {
      mark_bad(errors, i, "mean", "is not a finite number (" + full_precision_text(mu) + ")",
               status, value, lower, upper);
      continue;
    }
    if (!(std::isfinite(s) && s >= 0)) {
      mark_bad(errors, i, "sd", "must be a finite number ≥ 0 (" + full_precision_text(s) + ")",
               status, value, lower, upper);
      continue;
    }
    if (!(std::isfinite(c) && c >= 2)) {
      mark_bad(errors, i, "count",
               "must be at least 2 for a standard deviation (" + full_precision_text(c) + ")",
               status, value, lower, upper);
      continue;
    }
    auto it = t_cache.find(c);
    if (it == t_cache.end()) {
      const boost::math::students_t_distribution<double> t(c - 1);
      it = t_cache.emplace(c, boost::math::quantile(boost::math::complement(t, half_alpha))).first;
    }
    const double half = it->second * s / std::sqrt(c);
    status[i] = 0;
    value[i] = mu;
    lower[i] = mu - half;
    upper[i] = mu + half;
  }
  return errors;
}

std::vector<row_error> sex_ratio_intervals(const double* males, const double* females,
                                           std::size_t len, double confidence, std::uint8_t* status,
                                           double* value, double* lower, double* upper) {
  const double z = z_value(confidence), z2 = z * z;
  std::vector<row_error> errors;
  for (std::size_t i = 0; i < len; ++i) {
    const double m = males[i], f = females[i];
    if (!(std::isfinite(m) && m >= 0)) {
      mark_bad(errors, i, "males", count_problem(m), status, value, lower, upper);
      continue;
    }
    if (f == 0 && m == 0) { // no births: undefined, not an error (5 boys to 0 girls stays bad)
      mark_undefined(i, status, value, lower, upper);
      continue;
    }
    if (!(std::isfinite(f) && f > 0)) {
      mark_bad(errors, i, "females", positive_problem(f), status, value, lower, upper);
      continue;
    }
    double lo, hi;
    wilson(m, m + f, z, z2, lo, hi);
    status[i] = 0;
    value[i] = 100 * m / f;
    lower[i] = 100 * lo / (1 - lo);
    upper[i] = 100 * hi / (1 - hi);
  }
  return errors;
}

namespace {

constexpr std::array<std::string_view, 4> kind_names{"proportion_difference", "rate_ratio", "mean",
                                                     "sex_ratio"};
constexpr std::array<std::size_t, 4> kind_inputs{4, 4, 3, 2};
// The inputs' names, by kind, as the kernels name them in errors.
constexpr std::array<std::array<const char*, 4>, 4> input_names{{{"x1", "n1", "x2", "n2"},
                                                                 {"x1", "n1", "x2", "n2"},
                                                                 {"mean", "sd", "count"},
                                                                 {"males", "females"}}};

} // namespace

namespace {

// The overflow guard (issue 14, class 3): a row of status 0 whose value or a limit is not finite
// (a ratio of 1e308 to 1e-10, a mean of 1.7e308 ± its half-width) gets status 3, NaN and its
// error, merged into `errors` in row order: no column holds ±inf or NaN beside status 0.
void flag_overflow(std::size_t len, const char* field, std::uint8_t* status, double* value,
                   double* lower, double* upper, std::vector<row_error>& errors) {
  std::vector<row_error> overflowed;
  for (std::size_t i = 0; i < len; ++i) {
    if (status[i] != 0 ||
        (detail::finite(value[i]) && detail::finite(lower[i]) && detail::finite(upper[i])))
      continue;
    status[i] = 3;
    value[i] = lower[i] = upper[i] = nan;
    overflowed.push_back({i, field,
                          "makes the result overflow (溢出): the value or a limit exceeds the "
                          "largest double"});
  }
  if (overflowed.empty()) return;
  std::vector<row_error> merged;
  merged.reserve(errors.size() + overflowed.size());
  std::merge(errors.begin(), errors.end(), overflowed.begin(), overflowed.end(),
             std::back_inserter(merged),
             [](const row_error& a, const row_error& b) { return a.row < b.row; });
  errors = std::move(merged);
}

} // namespace

DifferenceKind parse_difference_kind(std::string_view text, std::size_t inputs) {
  for (std::size_t k = 0; k < kind_names.size(); ++k)
    if (kind_names[k] == text && kind_inputs[k] == inputs) return static_cast<DifferenceKind>(k);
  throw invalid_input("kind", "unknown kind '" + std::string(text) + "' or wrong number of inputs");
}

std::vector<row_error> difference_column(DifferenceKind kind,
                                         std::span<const std::span<const double>> in,
                                         double confidence, OnBadRows on_bad_rows,
                                         const DifferenceBuffers& out) {
  const auto k = static_cast<std::size_t>(kind);
  if (in.size() != kind_inputs[k])
    throw invalid_input("kind", "unknown kind '" + std::string(kind_names[k]) +
                                    "' or wrong number of inputs");
  const std::size_t len = in[0].size();
  for (std::size_t i = 1; i < in.size(); ++i)
    detail::require_rows(in[i].size(), input_names[k][i], len, input_names[k][0]);
  confidence = check_level(confidence);
  double* v = out.value.data();
  double* lo = out.lower.data();
  double* hi = out.upper.data();
  std::uint8_t* st = out.status.data();
  std::vector<row_error> errors;
  switch (kind) {
  case DifferenceKind::proportion_difference:
    errors = proportion_differences(in[0].data(), in[1].data(), in[2].data(), in[3].data(), len,
                                    confidence, st, v, lo, hi);
    break;
  case DifferenceKind::rate_ratio:
    errors = rate_ratios(in[0].data(), in[1].data(), in[2].data(), in[3].data(), len, confidence,
                         st, v, lo, hi);
    break;
  case DifferenceKind::mean:
    errors =
        mean_intervals(in[0].data(), in[1].data(), in[2].data(), len, confidence, st, v, lo, hi);
    break;
  case DifferenceKind::sex_ratio:
    errors = sex_ratio_intervals(in[0].data(), in[1].data(), len, confidence, st, v, lo, hi);
    break;
  }
  flag_overflow(len, input_names[k][0], st, v, lo, hi, errors);
  if (!errors.empty() && on_bad_rows == OnBadRows::raise) throw invalid_rows(std::move(errors));
  return errors;
}

} // namespace detail

namespace {

// The columns of the public functions, through the one column function above.
DifferenceColumns run(detail::DifferenceKind kind,
                      std::initializer_list<std::span<const double>> in, double confidence,
                      OnBadRows on_bad_rows) {
  DifferenceColumns c = make_columns(in.begin()->size());
  c.errors = detail::difference_column(
      kind, std::span(in.begin(), in.size()), confidence, on_bad_rows,
      {c.value.span(), c.lower.span(), c.upper.span(), detail::code_span(c.status)});
  return c;
}

using Input = const Eigen::Ref<const Eigen::ArrayXd>&;
using detail::span_of;

} // namespace

std::string_view describe(DifferenceStatus status) noexcept {
  switch (status) {
  case DifferenceStatus::ok: return "ok";
  case DifferenceStatus::bad_row: return "bad row";
  case DifferenceStatus::undefined: return "undefined: a denominator is zero";
  case DifferenceStatus::overflow: return "overflow: beyond the largest double";
  }
  return "unknown status";
}

DifferenceColumns proportion_differences(Input x1, Input n1, Input x2, Input n2, double confidence,
                                         OnBadRows on_bad_rows) {
  return proportion_differences(span_of(x1), span_of(n1), span_of(x2), span_of(n2), confidence,
                                on_bad_rows);
}

DifferenceColumns rate_ratios(Input x1, Input n1, Input x2, Input n2, double confidence,
                              OnBadRows on_bad_rows) {
  return rate_ratios(span_of(x1), span_of(n1), span_of(x2), span_of(n2), confidence, on_bad_rows);
}

DifferenceColumns mean_intervals(Input mean, Input sd, Input count, double confidence,
                                 OnBadRows on_bad_rows) {
  return mean_intervals(span_of(mean), span_of(sd), span_of(count), confidence, on_bad_rows);
}

DifferenceColumns sex_ratio_intervals(Input males, Input females, double confidence,
                                      OnBadRows on_bad_rows) {
  return sex_ratio_intervals(span_of(males), span_of(females), confidence, on_bad_rows);
}

DifferenceColumns proportion_differences(std::span<const double> x1, std::span<const double> n1,
                                         std::span<const double> x2, std::span<const double> n2,
                                         double confidence, OnBadRows on_bad_rows) {
  return run(detail::DifferenceKind::proportion_difference, {x1, n1, x2, n2}, confidence,
             on_bad_rows);
}

DifferenceColumns rate_ratios(std::span<const double> x1, std::span<const double> n1,
                              std::span<const double> x2, std::span<const double> n2,
                              double confidence, OnBadRows on_bad_rows) {
  return run(detail::DifferenceKind::rate_ratio, {x1, n1, x2, n2}, confidence, on_bad_rows);
}

DifferenceColumns mean_intervals(std::span<const double> mean, std::span<const double> sd,
                                 std::span<const double> count, double confidence,
                                 OnBadRows on_bad_rows) {
  return run(detail::DifferenceKind::mean, {mean, sd, count}, confidence, on_bad_rows);
}

DifferenceColumns sex_ratio_intervals(std::span<const double> males,
                                      std::span<const double> females, double confidence,
                                      OnBadRows on_bad_rows) {
  return run(detail::DifferenceKind::sex_ratio, {males, females}, confidence, on_bad_rows);
}

} // namespace zhibiao
