#pragma once
/// \file rate.hpp
/// Whole columns of measures: proportions, rates, ratios and quota completions computed row by
/// row over arrays, with a status per row (the single values, their kinds and statuses are in
/// measure.hpp, which this header includes).
///
///     // Eigen arrays, std::vector, zhibiao::Column or std::span; the Python binding passes
///     // NumPy buffers without copying:
///     auto batch = zhibiao::proportions(numerators, denominators);   // throws on bad rows
///     batch.values[0];                                               // a Column<double>
///     batch.status[0] == zhibiao::RowStatus::ok;                     // typed statuses
///
/// Each row follows the rules of its kind (measure.hpp): a zero denominator gives the status
/// RowStatus::undefined and NaN in the value column, never inf; a bad row gets its error status.
///
/// Thread safety: the functions keep no state between calls and may be called from any number of
/// threads at once. Large columns are split across the library's thread pool (threads.hpp).

#include "zhibiao/column.hpp"
#include "zhibiao/error.hpp"
#include "zhibiao/export.hpp"
#include "zhibiao/measure.hpp"
#include "zhibiao/unit.hpp"

#include "zhibiao/column_eigen.hpp"

#include <Eigen/Core>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace ZHIBIAO_API zhibiao {

struct BatchOptions {
  Unit unit = Unit::percent();
  OnBadRows on_bad_rows = OnBadRows::raise;
  /// When set, also fill `MeasureArray::rounded` with half-up values on the exact rationals.
  std::optional<int> decimals = std::nullopt;
};

/// A computed column, in storage the library owns (column.hpp; `.array()` gives Eigen views).
/// Rows whose status is not ok hold NaN in `values` and `rounded`; the status column says why, so
/// a NaN is never silent.
struct MeasureArray {
  MeasureKind kind = MeasureKind::proportion;
  Unit unit;
  Column<double> values;
  Column<RowStatus> status;
  Column<double> rounded; ///< empty unless decimals were asked
  std::size_t undefined_count = 0;
  std::vector<row_error> errors; ///< every bad row, in row order
};

/// The whole column: values, statuses and (optionally) rounded values. Throws
/// zhibiao::invalid_input when the two inputs differ in length, and zhibiao::invalid_rows with
/// every bad row when `on_bad_rows` is raise.
MeasureArray compute(MeasureKind kind, const Eigen::Ref<const Eigen::ArrayXd>& numerator,
                     const Eigen::Ref<const Eigen::ArrayXd>& denominator,
                     const BatchOptions& options);

MeasureArray proportions(const Eigen::Ref<const Eigen::ArrayXd>& numerator,
                         const Eigen::Ref<const Eigen::ArrayXd>& denominator,
                         BatchOptions options = {});
MeasureArray rates(const Eigen::Ref<const Eigen::ArrayXd>& events,
                   const Eigen::Ref<const Eigen::ArrayXd>& population,
                   BatchOptions options = {Unit::per_100k()});
MeasureArray ratios(const Eigen::Ref<const Eigen::ArrayXd>& numerator,
                    const Eigen::Ref<const Eigen::ArrayXd>& denominator,
                    BatchOptions options = {Unit::ratio()});
MeasureArray quota_completions(const Eigen::Ref<const Eigen::ArrayXd>& done,
                               const Eigen::Ref<const Eigen::ArrayXd>& quota,
                               BatchOptions options = {});

/// The same over any contiguous doubles: a std::vector<double>, a zhibiao::Column<double>, a
/// std::span. (An Eigen array argument takes the overloads above.)
MeasureArray compute(MeasureKind kind, std::span<const double> numerator,
                     std::span<const double> denominator, const BatchOptions& options);
MeasureArray proportions(std::span<const double> numerator, std::span<const double> denominator,
                         BatchOptions options = {});
MeasureArray rates(std::span<const double> events, std::span<const double> population,
                   BatchOptions options = {Unit::per_100k()});
MeasureArray ratios(std::span<const double> numerator, std::span<const double> denominator,
                    BatchOptions options = {Unit::ratio()});
MeasureArray quota_completions(std::span<const double> done, std::span<const double> quota,
                               BatchOptions options = {});

} // namespace zhibiao
