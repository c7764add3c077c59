#include "zhibiao/comparison.hpp"
#include "zhibiao/detail/decimal_digits.hpp"
#include "zhibiao/detail/narrative_wording.hpp"
#include "zhibiao/detail/numeric.hpp"
#include "zhibiao/detail/options.hpp"
#include "zhibiao/detail/rows.hpp"

#include "zhibiao/decimal.hpp"
#include "zhibiao/difference.hpp"
#include "zhibiao/error.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <numeric>
#include <string>
#include <utility>

namespace zhibiao {

namespace {

Verdict judged(bool higher, Direction direction) {
  if (direction == Direction::neither) return Verdict::not_comparable;
  return higher == (direction == Direction::higher_is_better) ? Verdict::better : Verdict::worse;
}

// What both comparisons share: the two figures in the unit, their change and the change as a
// percentage of the previous figure (none where that is 0). The interval is each one's own.
Comparison compared_figures(double x1, double n1, double x0, double n0, Unit unit,
                            bool proportion) {
  const double m = unit.multiplier();
  Comparison c;
  c.unit = unit;
  c.proportion = proportion;
  c.current = x1 / n1 * m;
  c.previous = x0 / n0 * m;
  c.change = c.current - c.previous;
  if (c.previous != 0) c.relative_change = c.change / c.previous * 100;
  return c;
}

// Significant where the interval `test` excludes `no_change` (0 for a difference, 1 for a ratio);
// the verdict then follows the indicator's direction.
void judge(Comparison& c, const Interval& test, double no_change, Direction direction) {
  c.significant = test.lower > no_change || test.upper < no_change;
  c.verdict = c.significant ? judged(test.lower > no_change, direction) : Verdict::similar;
  if (direction == Direction::neither && c.significant) c.verdict = Verdict::not_comparable;
}

} // namespace

std::string_view to_string(Verdict verdict) noexcept {
  static constexpr std::array<std::string_view, 4> names{"better", "similar", "worse",
                                                         "not_comparable"};
  return names[static_cast<std::size_t>(verdict)];
}

Comparison compare_proportions(double x1, double n1, double x0, double n0, Unit unit,
                               Direction direction, double confidence) {
  const double m = unit.multiplier();
  const Interval d =
      proportion_difference(x1, n1, x0, n0, confidence); // p1 − p0 with Newcombe limits
  Comparison c = compared_figures(x1, n1, x0, n0, unit, true);
  c.interval = {d.value * m, d.lower * m, d.upper * m};
  judge(c, d, 0, direction);
  return c;
}

Comparison compare_rates(double x1, double n1, double x0, double n0, Unit unit, Direction direction,
                         double confidence) {
  const Interval r = rate_ratio(x1, n1, x0, n0, confidence); // (x1/n1)/(x0/n0), exact conditional
  Comparison c = compared_figures(x1, n1, x0, n0, unit, false);
  c.interval = r;
  judge(c, r, 1, direction);
  return c;
}

std::string Comparison::summary(int decimals) const {
  return detail::comparison_summary(*this, decimals);
}

Verdict benchmark(const Interval& value, double reference, Direction direction) noexcept {
  if (value.lower > reference)
    return direction == Direction::neither ? Verdict::not_comparable : judged(true, direction);
  if (value.upper < reference)
    return direction == Direction::neither ? Verdict::not_comparable : judged(false, direction);
  return Verdict::similar;
}

std::vector<int> rank(const std::vector<double>& values, Direction direction) {
  if (direction == Direction::neither)
    throw invalid_input("direction", "ranking needs higher_is_better or lower_is_better");
  std::vector<std::size_t> order(values.size());
  std::iota(order.begin(), order.end(), 0);
  const bool high = direction == Direction::higher_is_better;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    if (std::isnan(values[a]) || std::isnan(values[b]))
      return !std::isnan(values[a]) && std::isnan(values[b]);
    return high ? values[a] > values[b] : values[a] < values[b];
  });
  std::vector<int> ranks(values.size(), 0);
  for (std::size_t k = 0; k < order.size(); ++k) {
    const std::size_t i = order[k];
    if (std::isnan(values[i])) break;
    ranks[i] =
        k > 0 && values[order[k - 1]] == values[i] ? ranks[order[k - 1]] : static_cast<int>(k) + 1;
  }
  return ranks;
}

void benchmark_column(std::span<const double> value, std::span<const double> lower,
                      std::span<const double> upper, std::span<const std::int64_t> group,
                      std::span<const double> reference, std::span<const Direction> direction,
                      std::span<std::uint8_t> verdict) {
  const std::size_t n = value.size();
  for (const auto& [size, field] : {std::pair<std::size_t, const char*>{lower.size(), "lower"},
                                    {upper.size(), "upper"},
                                    {group.size(), "group"},
                                    {verdict.size(), "verdict"}})
    detail::require_rows(size, field, n, "value");
  if (direction.size() != reference.size())
    throw invalid_input("direction", "has " + std::to_string(direction.size()) +
                                         " groups but reference has " +
                                         std::to_string(reference.size()));
  for (std::size_t i = 0; i < n; ++i) {
    const std::int64_t g = group[i];
    if (g < -1 || g >= static_cast<std::int64_t>(reference.size()))
      throw invalid_input("group", "row " + std::to_string(i) + " names group " +
                                       std::to_string(g) + " of " +
                                       std::to_string(reference.size()));
    if (g < 0 || std::isnan(value[i])) {
      verdict[i] = no_verdict;
      continue;
    }
    const auto k = static_cast<std::size_t>(g);
    verdict[i] = static_cast<std::uint8_t>(
        benchmark({value[i], lower[i], upper[i]}, reference[k], direction[k]));
  }
}

std::string_view to_string(ComparisonRowStatus status) noexcept {
  static constexpr std::array<std::string_view, 5> names{
      "ok", "missing", "zero_denominator", "zero_previous_count", "no_relative_change"};
  return names[static_cast<std::size_t>(status)];
}

void compare_column(ComparisonKind kind, std::span<const double> x1, std::span<const double> n1,
                    std::span<const double> x0, std::span<const double> n0, Unit unit,
                    Direction direction, double confidence, const ComparisonColumns& out) {
  const std::size_t n = x1.size();
  const bool counts = kind == ComparisonKind::count;
  const bool tested = !counts;
  std::vector<std::pair<std::size_t, const char*>> sizes{
      {x0.size(), "x0"},
      {out.current.size(), "current"},
      {out.previous.size(), "previous"},
      {out.change.size(), "change"},
      {out.relative_change.size(), "relative_change"},
      {out.significant.size(), "significant"},
      {out.verdict.size(), "verdict"},
      {out.status.size(), "status"}};
  if (!counts) {
    sizes.insert(sizes.end(), {{n1.size(), "n1"},
                               {n0.size(), "n0"},
                               {out.lower.size(), "lower"},
                               {out.upper.size(), "upper"}});
  } else if (!out.lower.empty() || !out.upper.empty()) {
    sizes.insert(sizes.end(), {{out.lower.size(), "lower"}, {out.upper.size(), "upper"}});
  }
  if (!out.summary.empty()) sizes.emplace_back(out.summary.size(), "summary");
  for (const auto& [size, field] : sizes) detail::require_rows(size, field, n, "x1");
  // The level is the table's: refused before any row, even when no row is tested.
  if (tested) detail::confidence_option(confidence);
  constexpr double none = detail::nan;
  const bool bounds = !out.lower.empty();
  for (std::size_t i = 0; i < n; ++i) {
    const auto finite = [i](std::span<const double> c) { return std::isfinite(c[i]); };
    auto code = ComparisonRowStatus::ok;
    Comparison c;
    if (!finite(x1) || !finite(x0) || (!counts && (!finite(n1) || !finite(n0)))) {
      code = ComparisonRowStatus::missing;
    } else if (counts) {
      // Two counts: the figures both comparisons share, in units of one, and no test.
      c = compared_figures(x1[i], 1, x0[i], 1, Unit::ratio(), false);
      if (!c.relative_change) code = ComparisonRowStatus::zero_previous_count;
    } else if (!(n1[i] > 0) || !(n0[i] > 0)) {
      code = ComparisonRowStatus::zero_denominator;
    } else {
      // One row is exactly what the scalar comparison gives: the algorithm stays in one place.
      try {
        c = kind == ComparisonKind::proportion
                ? compare_proportions(x1[i], n1[i], x0[i], n0[i], unit, direction, confidence)
                : compare_rates(x1[i], n1[i], x0[i], n0[i], unit, direction, confidence);
      } catch (const invalid_input& e) {
        detail::refuse_row(e, i);
      }
      // From a previous value of 0 the change in the unit stands, a change in per cent does not.
      if (!c.relative_change) code = ComparisonRowStatus::no_relative_change;
    }
    out.status[i] = static_cast<std::uint8_t>(code);
    const bool figures =
        code != ComparisonRowStatus::missing && code != ComparisonRowStatus::zero_denominator;
    out.current[i] = figures ? c.current : none;
    out.previous[i] = figures ? c.previous : none;
    out.change[i] = figures ? c.change : none;
    out.relative_change[i] = figures && c.relative_change ? *c.relative_change : none;
    const bool test = figures && tested;
    if (bounds) {
      out.lower[i] = test ? c.interval.lower : none;
      out.upper[i] = test ? c.interval.upper : none;
    }
    out.significant[i] = test ? static_cast<std::uint8_t>(c.significant ? 1 : 0) : not_tested;
    out.verdict[i] = test ? static_cast<std::uint8_t>(c.verdict) : no_verdict;
    if (!out.summary.empty()) out.summary[i] = test ? c.summary() : std::string();
  }
}

} // namespace zhibiao
