#pragma once
// Internal: the machinery that evaluates expressions over a data cube for org units × periods,
// shared by evaluate() (indicators) and validate() (validation rules).
//
//     detail::CubeColumns columns(cube, units, periods);
//     Expression e = detail::compile_for_cube("#{a} + #{b}", "rules[x].left", cube);
//     std::vector<double> out(columns.size());
//     columns.evaluate(e, out.data(), status.data());   // row u × periods.size() + p
//
// Each distinct reference (element, disaggregation, period modifier) is aggregated once over
// the units' subtrees and the (shifted) periods, then cached: a sum of six parts reads six
// columns, however many rules or indicators use them.

#include "zhibiao/cube.hpp"
#include "zhibiao/expression.hpp"
#include "zhibiao/period.hpp"

#include <Eigen/Core>

#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace zhibiao::detail {

/// What the cube stores a reference under: "births" or "births.male".
std::string cube_key(const ExpressionReference& r);

/// Where the cube holds a data set's completeness counts, which R{ds.METRIC} reads: element
/// "R:ds" with the parts ACTUAL_REPORTS, ACTUAL_REPORTS_ON_TIME and EXPECTED_REPORTS (a ':'
/// cannot be written inside #{}, so no data element reference reads them by mistake;
/// docs/dhis2-expressions.md §6). "R:ds.EXPECTED_REPORTS" for count "EXPECTED_REPORTS".
std::string reporting_key(std::string_view data_set, std::string_view count);

/// The period a reference reads for the requested period `p` (同期, 环比, year to date, offsets).
Period shifted_period(const Period& p, const ExpressionReference& r);

/// Parses `text` and checks that the cube knows every reference. Errors are re-labelled with
/// `field` ("indicators[id].numerator"): a zhibiao::parse_error keeps the position in the
/// expression, an unknown element is a zhibiao::invalid_input.
Expression compile_for_cube(std::string_view text, const std::string& field, const DataCube& cube,
                            const ExpressionOptions& options = {});

/// Columns of aggregated values for units × periods (row u × periods + p), built on demand.
/// Not thread-safe (it caches); cheap to construct.
class CubeColumns {
public:
  /// Throws zhibiao::invalid_input (field "org_units") for a unit index out of range.
  CubeColumns(const DataCube& cube, std::vector<std::size_t> org_units,
              std::vector<Period> periods);

  std::size_t size() const noexcept { return units_.size() * periods_.size(); }
  const std::vector<std::size_t>& org_units() const noexcept { return units_; }
  const std::vector<Period>& periods() const noexcept { return periods_; }

  /// The aggregated values of a reference, NaN where nothing was reported.
  const Eigen::ArrayXd& column(const ExpressionReference& r);
  /// The same with missing values read as 0 (the column itself when nothing is missing).
  const Eigen::ArrayXd& column_or_zero(const ExpressionReference& r);
  /// Whether the column of `r` has a missing value anywhere.
  bool has_missing(const ExpressionReference& r);
  /// The coverage of a reference's aggregates, one entry per row (CubeAggregate's matrices).
  struct Coverage {
    std::vector<std::int32_t> months_reported, months_expected, units_complete, units_expected;
    std::vector<CoverageStatus> status;
  };
  const Coverage& coverage(const ExpressionReference& r);
  /// Pointers to the three time-variable columns ([days], [periodInYear], [periodsPerYear]).
  std::array<const double*, 3> time();

  /// Builds the columns of the data element references of `expressions` not built yet, side by
  /// side on the library's threads (zhibiao/threads.hpp); what evaluate() then reads of them is
  /// the same as without. Optional: a column not prepared is built when first read.
  void prepare(const std::vector<const Expression*>& expressions);

  /// Evaluates `e` for every row into out[size()] and status[size()] (ExpressionStatus codes);
  /// with `zero_for_missing`, missing values are read as 0 (DHIS2's NEVER_SKIP reading).
  void evaluate(const Expression& e, double* out, std::uint8_t* status,
                bool zero_for_missing = false);

private:
  const DataCube& cube_;
  std::vector<std::size_t> units_;
  std::vector<Period> periods_;
  struct Column {
    Eigen::ArrayXd values;
    bool missing = false;
    Eigen::ArrayXd zero_filled; // empty unless missing
    Coverage coverage;
  };
  std::map<std::string, Column> columns_;
  std::array<Eigen::ArrayXd, 3> time_;
  bool time_built_ = false;
  Column& entry(const ExpressionReference& r);
  // A data element reference's column: its aggregate over the units and (shifted) periods.
  Column data_value_column(const ExpressionReference& r) const;
  // OUG{uid} and R{ds.METRIC}, from the tree and the completeness counts.
  Column org_unit_group_column(const ExpressionReference& r) const;
  Column reporting_rate_column(const ExpressionReference& r);
};

} // namespace zhibiao::detail
