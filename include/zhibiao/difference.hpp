#pragma once
/// \file difference.hpp
/// Comparisons and small summaries with intervals: the difference of two proportions, the ratio
/// of two rates, a mean, and the sex ratio at birth.
///
///     using namespace zhibiao;
///     proportion_difference(56, 70, 48, 80);   // 0.2 [0.0524, 0.3339] (Newcombe 1998, method 10)
///     rate_ratio(30, 10000, 15, 12000);         // 2.4 with the exact conditional interval
///     mean_interval(5.5, 3.0277, 10);           // Student's t
///     sex_ratio_interval(427, 374);             // 114.17 boys per 100 girls, with limits
///
///     // Columns (Eigen arrays, std::vector, zhibiao::Column or std::span; the Python binding
///     // passes NumPy buffers without copying):
///     DifferenceColumns d = proportion_differences(x1, n1, x2, n2, 0.95);
///     d.lower;                                  // every row's lower limit; bad rows listed
///     d.status[2] == DifferenceStatus::ok;      // typed statuses
///
/// - Difference of proportions p₁ − p₂: Newcombe's hybrid score interval (Newcombe 1998, Stat Med
///   17:873–890, method 10) from the Wilson limits (l₁, u₁), (l₂, u₂):
///   lower = d − √((p₁ − l₁)² + (u₂ − p₂)²), upper = d + √((u₁ − p₁)² + (p₂ − l₂)²).
/// - Ratio of two rates (x₁/n₁)/(x₂/n₂): exact conditional interval (Breslow & Day 1987, §2.9):
///   given x₁ + x₂, x₁ is binomial with π = R n₁ / (R n₁ + n₂); the Clopper–Pearson limits of π
///   give R = π/(1 − π) × n₂/n₁. Year-on-year comparisons of rates use it.
/// - Mean (PHEindicatormethods calculate_mean): mean ± t(1 − α/2; count − 1) × sd / √count.
/// - Sex ratio at birth (males per 100 females): the Wilson interval of the share of boys
///   p = m/(m + f), mapped through 100 p/(1 − p). The map is monotone, so the limits keep the
///   score interval's coverage and, unlike a Wald interval on the ratio, never go below zero
///   and stay sensible for the small birth counts of a township.
///
/// Thread safety: the functions keep no state between calls and may be called from any number of
/// threads at once; the results may be read by several threads at once (a value being assigned must
/// not be used by another thread). Large columns are split across the library's thread pool
/// (threads.hpp).

#include "zhibiao/column.hpp"
#include "zhibiao/export.hpp"
#include "zhibiao/interval.hpp"

#include <cstdint>
#include <span>
#include <string_view>

namespace ZHIBIAO_API zhibiao {

/// Throws zhibiao::invalid_input naming "x1", "n1", "x2", "n2" (as proportion_interval does) or
/// "confidence" (outside (0, 1)).
Interval proportion_difference(double x1, double n1, double x2, double n2,
                               double confidence = 0.95);

/// value = (x1/n1)/(x2/n2). Throws zhibiao::invalid_input for negative or non-finite counts,
/// n ≤ 0, x2 = 0 (the ratio does not exist) or a confidence outside (0, 1). When x1 = 0 the
/// lower limit is 0.
Interval rate_ratio(double x1, double n1, double x2, double n2, double confidence = 0.95);

/// Throws zhibiao::invalid_input for count < 2, a negative or non-finite sd or mean, or a
/// confidence outside (0, 1).
Interval mean_interval(double mean, double sd, double count, double confidence = 0.95);

/// Males per 100 females with limits. Throws zhibiao::invalid_input naming "males" or "females"
/// (negative, non-finite, or females = 0).
Interval sex_ratio_interval(double males, double females, double confidence = 0.95);

// ---------------------------------------------------------------------------------------------
// Columns: the same methods over whole columns, every row validated. A bad row (the scalar
// function would throw for it) is listed in `errors` with its field; it raises
// zhibiao::invalid_rows unless OnBadRows::mark, which leaves NaN and status 1 in that row.

/// Outcome of one row of a difference column. Codes are stable (the status column seen from
/// Python).
enum class DifferenceStatus : std::uint8_t {
  ok = 0,
  bad_row = 1, ///< the scalar function would throw for it; listed in `errors`
  /// A zero denominator (n1 or n2 = 0, no births): the value does not exist. Not an error.
  undefined = 2,
  /// 溢出: finite inputs whose value or a limit exceeds the largest double; listed in `errors`
  /// and raised like a bad row.
  overflow = 3,
};
/// The number of DifferenceStatus codes.
inline constexpr int difference_status_count = 4;
constexpr bool is_error(DifferenceStatus s) noexcept {
  return s == DifferenceStatus::bad_row || s == DifferenceStatus::overflow;
}
/// "ok", "bad row", "undefined: a denominator is zero", "overflow: beyond the largest double".
std::string_view describe(DifferenceStatus status) noexcept;

/// The columns, in storage the library owns (column.hpp; `.array()` gives Eigen views).
struct DifferenceColumns {
  Column<double> value, lower, upper;
  Column<DifferenceStatus> status;
  std::vector<row_error> errors;
};

/// Throw zhibiao::invalid_input for mismatched lengths or a confidence outside (0, 1).
DifferenceColumns proportion_differences(const Eigen::Ref<const Eigen::ArrayXd>& x1,
                                         const Eigen::Ref<const Eigen::ArrayXd>& n1,
                                         const Eigen::Ref<const Eigen::ArrayXd>& x2,
                                         const Eigen::Ref<const Eigen::ArrayXd>& n2,
                                         double confidence = 0.95,
                                         OnBadRows on_bad_rows = OnBadRows::raise);
DifferenceColumns rate_ratios(const Eigen::Ref<const Eigen::ArrayXd>& x1,
                              const Eigen::Ref<const Eigen::ArrayXd>& n1,
                              const Eigen::Ref<const Eigen::ArrayXd>& x2,
                              const Eigen::Ref<const Eigen::ArrayXd>& n2, double confidence = 0.95,
                              OnBadRows on_bad_rows = OnBadRows::raise);
DifferenceColumns mean_intervals(const Eigen::Ref<const Eigen::ArrayXd>& mean,
                                 const Eigen::Ref<const Eigen::ArrayXd>& sd,
                                 const Eigen::Ref<const Eigen::ArrayXd>& count,
                                 double confidence = 0.95,
                                 OnBadRows on_bad_rows = OnBadRows::raise);
DifferenceColumns sex_ratio_intervals(const Eigen::Ref<const Eigen::ArrayXd>& males,
                                      const Eigen::Ref<const Eigen::ArrayXd>& females,
                                      double confidence = 0.95,
                                      OnBadRows on_bad_rows = OnBadRows::raise);

/// The same over any contiguous doubles: a std::vector<double>, a zhibiao::Column<double>, a
/// std::span. (An Eigen array argument takes the overloads above.)
DifferenceColumns proportion_differences(std::span<const double> x1, std::span<const double> n1,
                                         std::span<const double> x2, std::span<const double> n2,
                                         double confidence = 0.95,
                                         OnBadRows on_bad_rows = OnBadRows::raise);
DifferenceColumns rate_ratios(std::span<const double> x1, std::span<const double> n1,
                              std::span<const double> x2, std::span<const double> n2,
                              double confidence = 0.95, OnBadRows on_bad_rows = OnBadRows::raise);
DifferenceColumns mean_intervals(std::span<const double> mean, std::span<const double> sd,
                                 std::span<const double> count, double confidence = 0.95,
                                 OnBadRows on_bad_rows = OnBadRows::raise);
DifferenceColumns sex_ratio_intervals(std::span<const double> males,
                                      std::span<const double> females, double confidence = 0.95,
                                      OnBadRows on_bad_rows = OnBadRows::raise);

} // namespace zhibiao
