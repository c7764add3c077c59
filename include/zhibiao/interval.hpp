#pragma once
/// \file interval.hpp
/// Confidence intervals over whole columns, at any number of confidence levels: proportions
/// (x of n) and counts and rates (x events in n person-years), a status per row. The methods,
/// the single intervals and the statuses are in confidence_interval.hpp, which this header
/// includes.
///
///     using namespace zhibiao;
///     // Eigen arrays, std::vector, zhibiao::Column or any std::span<const double>; the Python
///     // binding passes NumPy buffers without copying:
///     IntervalArray ci = proportion_intervals(x, n, ProportionMethod::wilson,
///                                             {.confidence = {0.95, 0.998}, .multiplier = 100});
///     ci.lower.col(1);                     // the 99.8 % lower limits, a std::span<const double>
///     ci.lower(3, 1);                      // row 3's
///     ci.status[3] == IntervalStatus::ok;  // typed statuses; ci.status.codes() as integers
///     ci.value.array().mean();             // Eigen arithmetic on a view of the result
///
/// Exact and mid-p limits depend only on (x, confidence): a column computes them once per distinct
/// count.
///
/// Thread safety: the functions keep no state between calls and may be called from any number of
/// threads at once; the results may be read by several threads at once (a value being assigned must
/// not be used by another thread). Large columns are split across the library's thread pool
/// (threads.hpp).

#include "zhibiao/column.hpp"
#include "zhibiao/confidence_interval.hpp"
#include "zhibiao/error.hpp"
#include "zhibiao/export.hpp"

#include "zhibiao/column_eigen.hpp"

#include <Eigen/Core>

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <utility>
#include <vector>

namespace ZHIBIAO_API zhibiao {

struct IntervalOptions {
  /// One or more levels, each in (0, 1] for proportions, (0, 1) for counts.
  std::vector<double> confidence{0.95};
  double multiplier = 1;
  OnBadRows on_bad_rows = OnBadRows::raise;
};

/// The CountMethod code of a bad row in IntervalArray::method (no method was used).
inline constexpr auto no_count_method = static_cast<CountMethod>(255);

/// A computed column, in storage the library owns (column.hpp: no Eigen array crosses the
/// library boundary; `.array()` gives Eigen views). `lower` and `upper` hold one column per
/// confidence level (rows × levels, column-major: each level is contiguous, `lower.col(k)`).
/// Rows whose status is not ok hold NaN everywhere and are listed in `errors`; a row of status
/// ok holds finite numbers only (overflow is a status).
struct IntervalArray {
  std::vector<double> confidence;
  double multiplier = 1;
  Column<double> value;
  Matrix<double> lower;
  Matrix<double> upper;
  Column<IntervalStatus> status;
  /// For counts and rates: the CountMethod used per row (no_count_method, code 255, for bad
  /// rows); empty for proportions, whose method is the same for every row.
  Column<CountMethod> method;
  std::vector<row_error> errors;
};

/// Throws zhibiao::invalid_input for mismatched lengths, bad confidence levels or multiplier, and
/// zhibiao::invalid_rows listing every bad row unless options.on_bad_rows is mark.
IntervalArray proportion_intervals(const Eigen::Ref<const Eigen::ArrayXd>& x,
                                   const Eigen::Ref<const Eigen::ArrayXd>& n,
                                   ProportionMethod method = ProportionMethod::wilson,
                                   IntervalOptions options = {});
/// The same over any contiguous doubles: a std::vector<double>, a zhibiao::Column<double>, a
/// std::span. (An Eigen array argument takes the overload above.)
IntervalArray proportion_intervals(std::span<const double> x, std::span<const double> n,
                                   ProportionMethod method = ProportionMethod::wilson,
                                   IntervalOptions options = {});

/// Rates x / n × multiplier (default per 100,000) with the count interval of each row.
IntervalArray rate_intervals(const Eigen::Ref<const Eigen::ArrayXd>& x,
                             const Eigen::Ref<const Eigen::ArrayXd>& n,
                             CountMethod method = CountMethod::phe,
                             IntervalOptions options = {{0.95}, 100000, OnBadRows::raise});
IntervalArray rate_intervals(std::span<const double> x, std::span<const double> n,
                             CountMethod method = CountMethod::phe,
                             IntervalOptions options = {{0.95}, 100000, OnBadRows::raise});

} // namespace zhibiao
