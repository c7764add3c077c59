#pragma once
/// \file time_aggregation.hpp
/// Aggregation over time of many monthly series at once: months to quarters, half years, years
/// and statistical years, and year-to-date cumulation across any year start.
///
///     // 3 series × 24 months from January 2023, one row per series:
///     Eigen::MatrixXd monthly(3, 24);
///     auto q = zhibiao::aggregate_months(monthly, zhibiao::Period::month(2023, 1),
///                                        {zhibiao::PeriodType::quarter,
///                                        zhibiao::TimeAggregation::sum});
///     q.periods;   // 2023Q1 … 2024Q4;   q.values is 3 × 8, q.values(2, 7) the last cell
///     // October → September cumulation (DHIS2's year-to-date cannot start a year in October):
///     auto ytd = zhibiao::cumulate_year_to_date(monthly, zhibiao::Period::month(2023, 1), 10);
///     ytd.row(0);  // series 0's running sums, a std::span<const double>
///
/// Results are zhibiao::Matrix (column.hpp), row-major like the input, in storage the library
/// owns, with `.array()` Eigen views. Inputs are an Eigen row-major matrix (a NumPy array maps
/// without a copy) or a row-major buffer of doubles with its number of series.
///
/// Which aggregation fits a data element is the element's business (docs/aggregation.md §3):
/// counts of events are summed; stocks such as a population are averaged over time (or take the
/// last value); average_over_days weights each month by its days, the right mean for a
/// daily-average figure.
///
/// Missing values (NaN) propagate: a target cell with a missing month is NaN, and
/// `missing_months` says how many of its months were missing, so nothing turns into a zero or
/// disappears. A target period only partly covered by the input months is still returned, with
/// `complete[j] == false`, its value computed over the months present.
///
/// Thread safety: the functions keep no state between calls and may be called from any number of
/// threads at once; the results may be read by several threads at once (a value being assigned must
/// not be used by another thread). Large columns are split across the library's thread pool
/// (threads.hpp).

#include "zhibiao/column.hpp"
#include "zhibiao/export.hpp"
#include "zhibiao/period.hpp"

#include "zhibiao/column_eigen.hpp"

#include <Eigen/Core>

#include <concepts>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace ZHIBIAO_API zhibiao {

enum class TimeAggregation : std::uint8_t {
  sum = 0,
  average = 1, ///< mean of the months
  last = 2,    ///< the value of the last month of the period
  min = 3,
  max = 4,
  average_over_days = 5 ///< mean weighted by days in each month
};

/// "sum", "average", "last", "min", "max", "average_over_days".
std::string_view to_string(TimeAggregation how) noexcept;
/// Inverse of to_string(TimeAggregation); throws zhibiao::invalid_input (field "aggregation").
TimeAggregation parse_time_aggregation(std::string_view text);

struct TimeAggregationOptions {
  /// month, bi_month, quarter, half_year, year, financial_year or financial_half_year.
  PeriodType target = PeriodType::year;
  TimeAggregation how = TimeAggregation::sum;
  /// First month of the financial year for financial targets (10: the statistical year).
  int year_start_month = 10;
};

/// Row-major so that a NumPy (series × months) array maps without a copy (the input type).
using SeriesMatrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
/// Series × periods (or months) of results, row-major as SeriesMatrix, in library-owned storage.
using SeriesValues = Matrix<double, StorageOrder::row_major>;

struct AggregatedSeries {
  std::vector<Period> periods;     ///< target periods touched by the input months, in order
  std::vector<int> months_covered; ///< per target period: months of it present in the input
  std::vector<bool> complete;      ///< per target period: all of its months are in the input
  SeriesValues values;             ///< series × periods
  Matrix<std::uint8_t, StorageOrder::row_major>
      missing_months;            ///< series × periods: months that were NaN
  std::size_t missing_cells = 0; ///< target cells with at least one missing month
};

/// Which input months make up which target period: computed once per call, shared by
/// aggregate_months and the Python binding (which runs the kernel straight into NumPy arrays).
struct MonthGroups {
  std::vector<Period> periods; ///< target periods, in order
  std::vector<int> first;      ///< index of each period's first input month
  std::vector<int> count;      ///< input months in each period
  std::vector<int> month_days; ///< days of each input month
  std::vector<bool> complete;  ///< count == the period's months
};

/// Groups `months` consecutive months from `first_month` into target periods. Throws
/// zhibiao::invalid_input as aggregate_months does.
MonthGroups plan_month_groups(const Period& first_month, int months,
                              const TimeAggregationOptions& options);

/// Marks the input months that start a (financial) year: the first input month, and every
/// month equal to `year_start_month`.
std::vector<std::uint8_t> year_start_flags(const Period& first_month, int months,
                                           int year_start_month);

/// Aggregates consecutive monthly columns starting at `first_month` (a month period) into the
/// target periods. Throws zhibiao::invalid_input for a first_month that is not a month, a target
/// type that is not made of months, or an empty input.
AggregatedSeries aggregate_months(const Eigen::Ref<const SeriesMatrix>& monthly,
                                  const Period& first_month, const TimeAggregationOptions& options);
/// The same over a row-major buffer of `series` rows (monthly.size() / series months each; a
/// std::vector<double>, a span). Throws zhibiao::invalid_input naming "monthly" when its size is
/// not a multiple of `series`, or `series` is 0 and monthly is not empty.
AggregatedSeries aggregate_months(std::span<const double> monthly, std::size_t series,
                                  const Period& first_month, const TimeAggregationOptions& options);
/// The same over a result (a cumulate_year_to_date, say). A template so that an Eigen matrix,
/// which converts to SeriesValues too, still takes the Eigen overload without ambiguity.
template <class Values>
requires std::same_as<Values, SeriesValues>
    AggregatedSeries aggregate_months(const Values& monthly, const Period& first_month,
                                      const TimeAggregationOptions& options) {
  return aggregate_months(std::span<const double>(monthly.values()), monthly.rows(), first_month,
                          options);
}

/// Running sums within each (financial) year starting in `year_start_month`: column j holds the
/// sum of the months from the start of its year up to j. A missing month makes the rest of that
/// year's running sum missing for that series (the cumulative count is unknown from there on).
SeriesValues cumulate_year_to_date(const Eigen::Ref<const SeriesMatrix>& monthly,
                                   const Period& first_month, int year_start_month = 1);
/// The same over a row-major buffer of `series` rows; throws as aggregate_months' span form.
SeriesValues cumulate_year_to_date(std::span<const double> monthly, std::size_t series,
                                   const Period& first_month, int year_start_month = 1);
template <class Values>
requires std::same_as<Values, SeriesValues> SeriesValues
cumulate_year_to_date(const Values& monthly, const Period& first_month, int year_start_month = 1) {
  return cumulate_year_to_date(std::span<const double>(monthly.values()), monthly.rows(),
                               first_month, year_start_month);
}

} // namespace zhibiao
