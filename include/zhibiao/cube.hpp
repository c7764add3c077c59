#pragma once
/// \file cube.hpp
/// The data cube: values keyed by (data element, org unit, month), loaded from a long table with
/// every bad row reported, and aggregated to any org units and periods by each element's
/// aggregation type.
///
///     zhibiao::DataCube cube(tree, {births, population}, zhibiao::Period::month(2019, 1), 12);
///     cube.load({{"births.male", "F1", "201901", 12}, {"population", "F1", "2019-01", 5400}});
///     auto towns = cube.aggregate("births", tree.units_at_level(2),
///                                 {zhibiao::Period::parse("2019年1-11月")});
///     towns.values(0, 0);   // births of the first township, January–November
///
/// Data values are monthly. Absent values are absent, not zeros: an aggregate over units and
/// months that reported nothing is NaN with count 0, and `counts` says how many values every
/// aggregate used, so a reader can see coverage.

#include "zhibiao/data_element.hpp"
#include "zhibiao/error.hpp"
#include "zhibiao/org_unit.hpp"
#include "zhibiao/period.hpp"
#include "zhibiao/rate.hpp" // OnBadRows

#include <Eigen/Core>

#include <cstdint>
#include <iosfwd>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace zhibiao {

/// One data value: element key ("births" or "births.male"), org unit code, period text (a month:
/// "201901", "2019-01", "2019年1月") and the value.
struct DataValueRow {
  std::string element;
  std::string org_unit;
  std::string period;
  double value;
};

/// A long table with factorised text columns (codes into the unique values, as
/// pandas.factorize gives them; -1 marks a missing cell). Each unique text is resolved once.
struct LongTable {
  std::vector<std::string> elements;
  std::vector<std::int32_t> element_codes;
  std::vector<std::string> org_units;
  std::vector<std::int32_t> org_unit_codes;
  std::vector<std::string> periods;
  std::vector<std::int32_t> period_codes;
  std::vector<double> values;
  /// The original text of values that were not numbers (row → text), for the error message.
  std::unordered_map<std::size_t, std::string> non_numeric_values = {};
  /// Problems found before the table was built (e.g. a CSV line with the wrong number of
  /// fields): reported as they are, and those rows are not checked further.
  std::vector<row_error> known_errors = {};

  std::size_t size() const noexcept { return values.size(); }
};

struct LoadReport {
  std::size_t loaded = 0;
  std::vector<row_error> errors; ///< every bad row (only non-empty with OnBadRows::mark)
};

/// Aggregates of one key: targets × periods.
struct CubeAggregate {
  Eigen::MatrixXd values;              ///< NaN where no value was reported
  Eigen::Matrix<std::int64_t, Eigen::Dynamic, Eigen::Dynamic> counts; ///< values used
};

class DataCube {
public:
  /// A cube over the units of `tree` and `months` consecutive months from `first_month`.
  /// Throws zhibiao::invalid_input for a repeated or invalid element, a first_month that is not
  /// a month, or months < 1.
  DataCube(OrgUnitTree tree, std::vector<DataElement> elements, Period first_month, int months);

  const OrgUnitTree& tree() const noexcept { return tree_; }
  const std::vector<DataElement>& elements() const noexcept { return elements_; }
  const DataElement& element(std::string_view id) const;
  Period first_month() const noexcept { return first_month_; }
  int months() const noexcept { return months_; }
  /// The cube's k-th month.
  Period month(int k) const;
  /// All keys values can be stored under: element ids without disaggregations, and
  /// "id.disaggregation" for the others.
  std::vector<std::string> keys() const;
  /// Whether `key` ("births", "births.male") can be aggregated.
  bool knows(std::string_view key) const noexcept;

  /// Loads the rows. Bad rows: unknown element or disaggregation, a total for an element reported
  /// by disaggregation, unknown org unit, period text that does not parse, a period that is not a
  /// month or lies outside the cube, a value that is negative, missing or not a number, and a
  /// key already present (earlier in this table, naming that row, or from an earlier load).
  /// With OnBadRows::raise (the default) any bad row throws zhibiao::invalid_rows listing all of
  /// them and nothing is loaded; with mark, the good rows are loaded and the bad ones returned.
  LoadReport load(const LongTable& table, OnBadRows on_bad_rows = OnBadRows::raise);
  LoadReport load(const std::vector<DataValueRow>& rows, OnBadRows on_bad_rows = OnBadRows::raise);
  /// CSV with a header naming the columns element, org_unit, period, value (any order, other
  /// columns ignored); fields may be quoted. Row numbers in errors count data rows from 0.
  LoadReport load_csv(std::istream& csv, OnBadRows on_bad_rows = OnBadRows::raise);

  /// The stored value, if any.
  std::optional<double> value(std::string_view key, std::string_view org_unit, const Period& month) const;
  /// Number of stored values.
  std::size_t value_count() const noexcept { return value_count_; }

  /// `key` aggregated to each of `units` (their whole subtrees) and each of `periods` (month-
  /// aligned; months outside the cube contribute nothing) by the element's aggregation type.
  /// Throws zhibiao::invalid_input for an unknown key, unit index or non-month-aligned period.
  CubeAggregate aggregate(std::string_view key, const std::vector<std::size_t>& units,
                          const std::vector<Period>& periods) const;
  /// The same with a prebuilt targets × units matrix (OrgUnitTree::aggregation_matrix or
  /// group_matrix), for callers aggregating many keys to the same targets.
  CubeAggregate aggregate(std::string_view key, const AggregationMatrix& targets,
                          const std::vector<Period>& periods) const;

private:
  struct Slot {
    std::size_t element;
    Eigen::MatrixXd values; // units × months, NaN = absent
  };
  // Values of a key: one slot, or for an element with disaggregations the sum of its slots.
  Eigen::MatrixXd key_values(std::string_view key) const;
  std::optional<std::size_t> slot_of(std::string_view key) const noexcept;

  OrgUnitTree tree_;
  std::vector<DataElement> elements_;
  Period first_month_;
  int months_;
  std::vector<Slot> slots_;
  std::map<std::string, std::size_t, std::less<>> slot_by_key_;
  std::map<std::string, std::vector<std::size_t>, std::less<>> slots_of_element_;
  std::size_t value_count_ = 0;
};

} // namespace zhibiao
