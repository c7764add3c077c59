#include "zhibiao/difference.hpp"

#include <boost/math/distributions/students_t.hpp>

#include <cmath>
#include <string>

namespace zhibiao {

namespace {

void check_level(double confidence) {
  if (!(confidence > 0 && confidence < 1))
    throw invalid_input("confidence", "must be greater than 0 and less than 1 (" +
                                          std::to_string(confidence) + ")");
}

// proportion_interval with its fields renamed ("x" -> "x1", ...), so errors say which input.
Interval named_proportion(double x, double n, double confidence, const char* suffix) {
  try {
    return proportion_interval(x, n, confidence);
  } catch (const invalid_input& e) {
    const std::string what = e.what();
    throw invalid_input(e.field() + suffix, what.substr(e.field().size() + 2));
  }
}

} // namespace

Interval proportion_difference(double x1, double n1, double x2, double n2, double confidence) {
  check_level(confidence);
  const Interval a = named_proportion(x1, n1, confidence, "1");
  const Interval b = named_proportion(x2, n2, confidence, "2");
  const double d = a.value - b.value;
  return {d, d - std::hypot(a.value - a.lower, b.upper - b.value),
          d + std::hypot(a.upper - a.value, b.value - b.lower)};
}

Interval rate_ratio(double x1, double n1, double x2, double n2, double confidence) {
  check_level(confidence);
  for (auto [v, name] : {std::pair{x1, "x1"}, {x2, "x2"}})
    if (!(std::isfinite(v) && v >= 0))
      throw invalid_input(name, "must be a finite count ≥ 0 (" + std::to_string(v) + ")");
  for (auto [v, name] : {std::pair{n1, "n1"}, {n2, "n2"}})
    if (!(std::isfinite(v) && v > 0))
      throw invalid_input(name, "must be a finite number greater than zero (" + std::to_string(v) + ")");
  if (x2 == 0) throw invalid_input("x2", "is zero: the ratio of rates does not exist");
  // Conditional on x1 + x2 events, x1 ~ Binomial(x1 + x2, π): Clopper–Pearson limits of π.
  const Interval pi = proportion_interval(x1, x1 + x2, confidence, ProportionMethod::clopper_pearson);
  const auto to_ratio = [&](double p) { return p / (1 - p) * n2 / n1; };
  return {x1 / n1 / (x2 / n2), to_ratio(pi.lower), to_ratio(pi.upper)};
}

Interval mean_interval(double mean, double sd, double count, double confidence) {
  check_level(confidence);
  if (!std::isfinite(mean)) throw invalid_input("mean", "is not a finite number");
  if (!(std::isfinite(sd) && sd >= 0)) throw invalid_input("sd", "must be a finite number ≥ 0");
  if (!(std::isfinite(count) && count >= 2))
    throw invalid_input("count", "must be at least 2 for a standard deviation");
  const boost::math::students_t_distribution<double> t(count - 1);
  const double half = boost::math::quantile(boost::math::complement(t, (1 - confidence) / 2)) *
                      sd / std::sqrt(count);
  return {mean, mean - half, mean + half};
}

Interval sex_ratio_interval(double males, double females, double confidence) {
  check_level(confidence);
  if (!(std::isfinite(males) && males >= 0))
    throw invalid_input("males", "must be a finite count ≥ 0");
  if (!(std::isfinite(females) && females > 0))
    throw invalid_input("females", "must be a finite count greater than zero");
  const Interval p = proportion_interval(males, males + females, confidence);
  const auto to_ratio = [](double q) { return 100 * q / (1 - q); };
  return {100 * males / females, to_ratio(p.lower), to_ratio(p.upper)};
}

} // namespace zhibiao
