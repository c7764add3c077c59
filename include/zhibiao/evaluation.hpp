#pragma once
/// \file evaluation.hpp
/// Evaluating indicators over a data cube: many indicators × org units × periods in one call,
/// into a long table (indicator, org unit, period, numerator, denominator, value, status and,
/// where asked, the confidence interval).
///
///     auto table = zhibiao::evaluate(cube, catalog.indicators, tree.units_at_level(2),
///                                    {zhibiao::Period::year(2019)}, {.confidence = {0.95}});
///     table.value[0];     // the first indicator for the first township in 2019
///     table.lower(0, 0);  // its lower 95 % limit (rows × levels)
///     std::span<const double> v = table.value;        // views, no copy
///     table.status.codes();                           // the statuses as uint8 codes
///     table.months_reported[0];  // of table.months_expected[0]: what the value covers; status
///                                // partial when not every expected unit reported every month
///
/// The numerator and the denominator are aggregated first (each data element by its own
/// aggregation type, over the unit's whole subtree), and only then divided: a district's rate is
/// never the mean of its townships' rates (docs/aggregation.md §1).
///
/// Thread safety: evaluate() only reads its cube, indicators and options: several threads may
/// evaluate one loaded DataCube at once (cube.hpp: no load may overlap). Each call returns its own
/// table.

#include "zhibiao/column.hpp"
#include "zhibiao/cube.hpp"
#include "zhibiao/export.hpp"
#include "zhibiao/expression.hpp"
#include "zhibiao/indicator.hpp"
#include "zhibiao/period.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ZHIBIAO_API zhibiao {

/// Outcome of one row. Values are stable (the codes seen from Python).
enum class EvaluationStatus : std::uint8_t {
  ok = 0,
  undefined = 1,        ///< the denominator is zero: no value
  missing = 2,          ///< a data value the expressions need was not reported
  division_by_zero = 3, ///< inside the numerator or denominator expression
  domain_error = 4,     ///< an operation outside its domain inside an expression
  invalid = 5,          ///< a negative numerator or denominator, or a proportion above 1
  /// 溢出: the numerator, the denominator, the value or a limit exceeds the largest double
  /// (values summed to ±inf, #{a} * 1e308); the value is NaN, never ±inf beside ok.
  overflow = 6,
  /// Coverage (docs/aggregation.md §5.1): a reference of the row is not complete (a month of
  /// the period or an expected unit did not report, or the period runs outside the cube). With
  /// CoveragePolicy::flag_partial the value (and its limits) over what was reported is kept;
  /// with require_complete it is NaN.
  partial = 7,
};
/// The number of EvaluationStatus codes (for tables of their descriptions).
inline constexpr int evaluation_status_count = 8;

/// What evaluate() makes of a value whose data do not cover the period (docs/aggregation.md
/// §5.1), after DHIS2's choice between skipping and computing values with missing data.
enum class CoveragePolicy : std::uint8_t {
  flag_partial = 0,     ///< the value over what was reported, with status partial (the default)
  require_complete = 1, ///< no value (NaN) unless every expected unit reported every month
  any_data = 2,         ///< ok whenever any data give a value (the behaviour before coverage)
};
/// "flag_partial", "require_complete", "any_data".
std::string_view to_string(CoveragePolicy policy) noexcept;
/// Inverse of to_string(CoveragePolicy); throws zhibiao::invalid_input (field "coverage").
CoveragePolicy parse_coverage_policy(std::string_view text);

/// "ok", "undefined: denominator is zero", "missing: no data reported", ...
std::string_view describe(EvaluationStatus status) noexcept;

struct EvaluationOptions {
  /// Confidence levels of the intervals to add (e.g. {0.95, 0.998}); none when empty.
  /// Proportions get Wilson's interval (PHE's method), rates the exact/Byar interval on the
  /// numerator count (PHE's rule); ratios and quota completions get none: NaN limits with
  /// LimitsStatus::no_method in EvaluationTable::limits_status.
  std::vector<double> confidence = {};
  /// Rows whose data do not cover the period: status partial, value kept (the default), or
  /// withheld, or ok as before (CoveragePolicy).
  CoveragePolicy coverage = CoveragePolicy::flag_partial;
  /// How numerators and denominators are compiled: DHIS2's C{uid} constants, a missing value
  /// strategy, DHIS2's division by zero (docs/dhis2-expressions.md §1).
  ExpressionOptions expression = {};
};

/// Why a row of an evaluated table has, or has not, confidence limits (issue 14, class 3: NaN
/// limits never stand beside an "ok" without saying why).
enum class LimitsStatus : std::uint8_t {
  ok = 0,        ///< limits computed (Wilson for proportions, exact / Byar for rates)
  no_method = 1, ///< a ratio or quota completion: no interval method, the limits are NaN
  no_value = 2,  ///< the row has no value (its status is not ok), so no limits either
};
inline constexpr std::size_t limits_status_count = 3;
/// "ok", "no interval method for this kind", "no value".
std::string_view describe(LimitsStatus status) noexcept;

/// The long table; every column has one entry per row, rows ordered by indicator, then org
/// unit, then period (as requested).
struct EvaluationTable {
  Column<std::size_t> indicator; ///< index into the indicators evaluated
  Column<std::size_t> org_unit;  ///< index into the tree
  Column<std::size_t> period;    ///< index into the periods requested
  Column<double> numerator;
  Column<double> denominator;
  Column<double> value;            ///< numerator × multiplier / denominator (× annualisation)
  Column<EvaluationStatus> status; ///< value is NaN unless ok (or partial, when kept)
  std::vector<double> confidence;  ///< the levels of lower / upper
  Matrix<double> lower;            ///< rows × levels: lower.col(k) holds level k's limits
  Matrix<double> upper;
  /// One per row; empty when no confidence level was asked for.
  Column<LimitsStatus> limits_status;
  /// The row's coverage (docs/aggregation.md §5.1): that of its least covered reference in the
  /// numerator or denominator (the worst CoverageStatus, then the smallest share of complete
  /// units, then of months reported), for that reference's (shifted) period. All zero and
  /// complete for a row whose expressions reference no data element.
  Column<std::int32_t> months_reported; ///< months of the period with a value from some unit
  Column<std::int32_t> months_expected; ///< months of the period
  Column<std::int32_t> units_complete;  ///< expected units that reported every month
  Column<std::int32_t> units_expected;  ///< units of the subtree that report the element
  Column<CoverageStatus> coverage;

  std::size_t size() const noexcept { return status.size(); }
};

/// Evaluates every indicator for every org unit (its whole subtree) and period. Throws
/// zhibiao::parse_error for an expression that does not parse (field "indicators[id].numerator"
/// style, with the position in the expression) and zhibiao::invalid_input for a reference to a
/// data element the cube does not know, a unit index out of range or a period that is not made
/// of whole months.
EvaluationTable evaluate(const DataCube& cube, const std::vector<Indicator>& indicators,
                         const std::vector<std::size_t>& org_units,
                         const std::vector<Period>& periods, const EvaluationOptions& options = {});

} // namespace zhibiao
