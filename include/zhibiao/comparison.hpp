#pragma once
/// \file comparison.hpp
/// Comparisons: year on year (同比) and period on period (环比) changes with a test of whether the
/// change is significant, benchmarking against a reference (e.g. the province) and ranks among
/// peers — each respecting which way is better for the indicator.
///
///     // 区内住院率较去年同期增加3.56个百分点: a change in percentage points, tested by Newcombe.
///     auto c = zhibiao::compare_proportions(23660, 37466, 21000, 36000, zhibiao::Unit::percent(),
///                                           zhibiao::Direction::higher_is_better);
///     c.change;          // percentage points
///     c.verdict;         // Verdict::better / similar / worse
///
/// Kinds of change (docs/units-and-rounding.md §6): counts change in per cent (增长44%),
/// proportions in percentage points (增加3.56个百分点), ratios in units (性别比上升4个单位).
/// Significance: a difference of proportions with Newcombe's hybrid score interval (1998, method
/// 10); a ratio of rates with the exact conditional interval; a change is significant when its
/// interval excludes no change.
///
/// Thread safety: the comparison functions keep no state between calls and may be called from any
/// number of threads at once; their results are plain values.

#include "zhibiao/confidence_interval.hpp"
#include "zhibiao/export.hpp"
#include "zhibiao/indicator.hpp"

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace ZHIBIAO_API zhibiao {

/// Better / similar / worse in the indicator's direction; `not_comparable` when the direction is
/// neither (the change is then only `higher` or `lower`, see Comparison::significant).
enum class Verdict : std::uint8_t { better = 0, similar = 1, worse = 2, not_comparable = 3 };
std::string_view to_string(Verdict verdict) noexcept;

struct Comparison {
  double current = 0;
  double previous = 0;
  /// current − previous, in the value's unit: percentage points for per cent, ‰ for per mille,
  /// units for ratios.
  double change = 0;
  /// (current − previous) / previous × 100; none when previous is 0.
  std::optional<double> relative_change = std::nullopt;
  /// The interval of the change (difference in the value's unit for proportions; the ratio
  /// current / previous for rates and counts).
  Interval interval{0, 0, 0};
  bool significant = false;
  Verdict verdict = Verdict::similar;
  /// "较去年同期增加3.56个百分点（差异有统计学意义）", "较去年同期增长44%…", "与去年同期持平…" when
  /// the change prints as 0: narrative.hpp's change_clause() and the significance.
  std::string summary(int decimals = 2) const;
  Unit unit = Unit::percent();
  bool proportion = true; ///< a change in points (proportions) or in per cent (rates and counts)
};

/// Two proportions x1/n1 (current) and x0/n0 (previous or reference) in `unit`; the change is in
/// points of that unit, tested with Newcombe's interval. Throws zhibiao::invalid_input as
/// proportion_difference does.
Comparison compare_proportions(double x1, double n1, double x0, double n0, Unit unit,
                               Direction direction, double confidence = 0.95);
/// Two rates x1/n1 and x0/n0 (events per population) in `unit`; tested with the exact conditional
/// interval of the rate ratio. Counts (e.g. 门急诊人次 增长44%) are rates with n1 = n0 = 1.
Comparison compare_rates(double x1, double n1, double x0, double n0, Unit unit, Direction direction,
                         double confidence = 0.95);

/// A value with its interval against a reference value (the province, the country): better /
/// similar / worse when the interval lies wholly on one side, as PHE's benchmarking does.
Verdict benchmark(const Interval& value, double reference, Direction direction) noexcept;

/// Ranks of `values` among peers, 1 = best in `direction` (higher_is_better: the largest value);
/// ties share the best rank of their group (1, 2, 2, 4). NaN values rank last, unranked as 0.
/// Throws zhibiao::invalid_input for Direction::neither.
std::vector<int> rank(const std::vector<double>& values, Direction direction);

/// verdict[i] of benchmark_column for a row that was not benchmarked.
inline constexpr std::uint8_t no_verdict = 255;

/// Every row of a table benchmarked as benchmark() does one value: row i against the reference
/// and direction of its group `group[i]` (an indicator), or not at all (no_verdict) when the
/// group is −1 or the value is NaN. Writes Verdict codes into the caller's `verdict` of
/// value.size() rows. Throws zhibiao::invalid_input for columns of different lengths or a group
/// out of range.
///
///     // 2 districts against the province's 90 % (higher is better): [88, 93] similar, [91, 95]
///     better. benchmark_column(values, lowers, uppers, {0, 0}, {90.0},
///     {Direction::higher_is_better}, verdict);
void benchmark_column(std::span<const double> value, std::span<const double> lower,
                      std::span<const double> upper, std::span<const std::int64_t> group,
                      std::span<const double> reference, std::span<const Direction> direction,
                      std::span<std::uint8_t> verdict);

/// What compare_column compares: two proportions (compare_proportions), two rates
/// (compare_rates), or two counts (current − previous and its per cent, untested).
enum class ComparisonKind : std::uint8_t { proportion = 0, rate = 1, count = 2 };

/// Why a row of compare_column has the figures it has.
enum class ComparisonRowStatus : std::uint8_t {
  ok = 0,
  missing = 1,             ///< a count or denominator is NaN or infinite: no figures
  zero_denominator = 2,    ///< a denominator ≤ 0: no figures
  zero_previous_count = 3, ///< count kind, previous 0: the change but no relative change
  /// proportion or rate from a previous value of 0: tested, with the change in the value's unit,
  /// but no change in per cent
  no_relative_change = 4,
};
std::string_view to_string(ComparisonRowStatus status) noexcept;

/// significant[i] of compare_column for a row that was not tested (a count, or no figures).
inline constexpr std::uint8_t not_tested = 255;

/// The caller's buffers compare_column writes, each of the table's rows. lower and upper may be
/// empty for the count kind; summary may be empty (no sentences are made).
struct ComparisonColumns {
  std::span<double> current;           ///< the current figure in the unit (the count itself)
  std::span<double> previous;          ///< the previous figure likewise
  std::span<double> change;            ///< current − previous in the unit (points for per cent)
  std::span<double> relative_change;   ///< change / previous × 100; NaN where previous is 0
  std::span<double> lower;             ///< Comparison::interval.lower (a rate's: of the ratio)
  std::span<double> upper;             ///< Comparison::interval.upper
  std::span<std::uint8_t> significant; ///< 0, 1 or not_tested
  std::span<std::uint8_t> verdict;     ///< Verdict codes, no_verdict where not tested
  std::span<std::uint8_t> status;      ///< ComparisonRowStatus codes
  std::span<std::string> summary;      ///< Comparison::summary(); "" where not tested
};

/// Every row of a table of 同比/环比 pairs compared as compare_proportions() / compare_rates()
/// compare one (same unit, direction and confidence for every row): x1/n1 now against x0/n0
/// before. The count kind reads x1 and x0 only (n1 and n0 may be empty) and gives change
/// x1 − x0 and relative change (x1 − x0) / x0 × 100 (25 → 36: +11, 44 %), with no test. A row
/// with a NaN or infinite input is `missing`, one with a denominator ≤ 0 `zero_denominator`
/// (NaN figures, not tested); NaN marks every figure a row does not have. Throws
/// zhibiao::invalid_input for columns of different lengths, a confidence level
/// confidence_option() refuses, and zhibiao::invalid_rows naming the row and the scalar's field
/// (x1, n1, x2, n2) for what the scalar comparison refuses of it (a numerator above its
/// proportion's denominator, a negative count, a ratio of rates from 0 previous events).
///
///     // Newcombe 1998 example (a): 56/70 against 48/80 is +20 points, [5.24, 33.39] by method
///     // 10: significant, better when higher is better.
///     compare_column(ComparisonKind::proportion, x1, n1, x0, n0, Unit::percent(),
///                    Direction::higher_is_better, 0.95, out);
void compare_column(ComparisonKind kind, std::span<const double> x1, std::span<const double> n1,
                    std::span<const double> x0, std::span<const double> n0, Unit unit,
                    Direction direction, double confidence, const ComparisonColumns& out);

} // namespace zhibiao
