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
///
/// Thread safety: concurrent const reads of one loaded DataCube are safe (aggregate, value,
/// evaluate, validate and every other const member, from any number of threads). Loading (load,
/// load_csv) must not overlap any other use of the same cube: no read during a load, no two loads
/// at once; load first, then share it as `const DataCube&`, or lock around every load and read.
/// Distinct cubes are independent.

#include "zhibiao/column.hpp"
#include "zhibiao/data_element.hpp"
#include "zhibiao/error.hpp"
#include "zhibiao/export.hpp"
#include "zhibiao/org_unit.hpp"
#include "zhibiao/period.hpp"

#include <cstdint>
#include <iosfwd>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace ZHIBIAO_API zhibiao {

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

/// A column of factorised codes read where it lies: pandas gives int8, int16, int32 or int64 codes
/// (by the number of categories), and copying 2×10^6 of them into a wider vector cost more than
/// the load itself. -1 (any negative code) marks a missing cell.
class CodeColumn {
public:
  CodeColumn() = default;
  CodeColumn(std::span<const std::int8_t> codes)
      : data_(codes.data()), size_(codes.size()), bytes_(1) {}
  CodeColumn(std::span<const std::int16_t> codes)
      : data_(codes.data()), size_(codes.size()), bytes_(2) {}
  CodeColumn(std::span<const std::int32_t> codes)
      : data_(codes.data()), size_(codes.size()), bytes_(4) {}
  CodeColumn(std::span<const std::int64_t> codes)
      : data_(codes.data()), size_(codes.size()), bytes_(8) {}

  std::size_t size() const noexcept { return size_; }
  int bytes() const noexcept { return bytes_; }
  std::int64_t operator[](std::size_t i) const noexcept {
    switch (bytes_) {
    case 1: return static_cast<const std::int8_t*>(data_)[i];
    case 2: return static_cast<const std::int16_t*>(data_)[i];
    case 4: return static_cast<const std::int32_t*>(data_)[i];
    default: return static_cast<const std::int64_t*>(data_)[i];
    }
  }
  /// Calls f(codes) with the codes as their own type (const std::int8_t* … const std::int64_t*),
  /// for loops compiled once per width.
  template <class F>
  void visit(F&& f) const {
    switch (bytes_) {
    case 1: f(static_cast<const std::int8_t*>(data_)); break;
    case 2: f(static_cast<const std::int16_t*>(data_)); break;
    case 4: f(static_cast<const std::int32_t*>(data_)); break;
    default: f(static_cast<const std::int64_t*>(data_)); break;
    }
  }

private:
  const void* data_ = nullptr;
  std::size_t size_ = 0;
  int bytes_ = 4;
};

/// A LongTable by reference: the same columns, owned by the caller and only read during
/// DataCube::load (a pandas frame's categorical codes and values, without copies).
struct LongTableView {
  std::span<const std::string_view> elements;
  CodeColumn element_codes;
  std::span<const std::string_view> org_units;
  CodeColumn org_unit_codes;
  std::span<const std::string_view> periods;
  CodeColumn period_codes;
  std::span<const double> values;
  /// As LongTable::non_numeric_values; may be null.
  const std::unordered_map<std::size_t, std::string>* non_numeric_values = nullptr;
  /// As LongTable::known_errors.
  std::span<const row_error> known_errors = {};

  std::size_t size() const noexcept { return values.size(); }
};

/// What a load does with the value of an org unit whose descendants also have values for the
/// same key and month (a township's 合计 row loaded beside its villages): rolled up, the township
/// would count its villages twice (7 + 7 = 14). docs/aggregation.md §2.1 and
/// docs/bad-input.md (class 5) define each choice; DHIS2's analytics add (ParentValues::add).
enum class ParentValues : std::uint8_t {
  error,         ///< each conflict is a bad row on both sides, naming the other (the default)
  keep_children, ///< the ancestor's value is dropped: its total is its descendants'
  keep_parent,   ///< the ancestor's value stands for its subtree in that month, at its own level
                 ///< and above; its descendants keep their values for their own totals
  add,           ///< both are kept and added (as every load did before this choice, and DHIS2 does)
};

/// "error", "keep_children", "keep_parent", "add".
std::string_view to_string(ParentValues choice) noexcept;
/// Inverse of to_string(ParentValues); throws zhibiao::invalid_input (field "parent_values").
ParentValues parse_parent_values(std::string_view text);

/// A value of a unit beside a value of one of its ancestors for the same key and month, and the
/// rows they came from (none: stored by an earlier load). One per descendant value, paired with
/// its nearest such ancestor.
struct ParentConflict {
  std::string key; ///< "births" or "births.male"
  Period month;
  std::size_t ancestor;   ///< the ancestor's unit index in the tree
  std::size_t descendant; ///< the descendant's
  std::optional<std::size_t> ancestor_row, descendant_row;
};

struct LoadReport {
  std::size_t loaded = 0;
  std::vector<row_error> errors; ///< every bad row (only non-empty with OnBadRows::mark)
  /// Every parent value this load met and settled by its ParentValues (with error, its rows are
  /// also in `errors`).
  std::vector<ParentConflict> parent_conflicts = {};
  /// keep_children: values of earlier loads removed as ancestors of values of this one.
  std::size_t removed = 0;
};

/// Aggregates of one key: targets × periods.
/// How much of what was expected an aggregate covers (docs/aggregation.md §5.1). Codes are
/// stable. A unit is *expected* to report a key when it holds a value of that key in some month
/// of the cube; the aggregate of a target is complete when every expected unit of the target
/// (its subtree, or a group's members) reported every month of the period.
enum class CoverageStatus : std::uint8_t {
  complete = 0,     ///< every expected unit reported every month of the period
  partial = 1,      ///< some values, but a month or a unit is missing (or outside the cube)
  missing = 2,      ///< no value in the period
  outside_cube = 3, ///< no month of the period lies in the cube: nothing could be reported
};
inline constexpr std::size_t coverage_status_count = 4;
/// "complete", "partial: ...", "missing: ...", "outside the cube: ...".
std::string_view describe(CoverageStatus status) noexcept;

/// Targets × periods, column-major (library-owned storage: column.hpp).
struct CubeAggregate {
  Matrix<double> values;       ///< NaN where no value was reported
  Matrix<std::int64_t> counts; ///< values used
  /// Coverage (docs/aggregation.md §5.1): months of the period with a value from some unit of
  /// the target, against the months of the period (also those outside the cube); expected units
  /// of the target that reported every month of the period, against the expected units.
  Matrix<std::int32_t> months_reported = {};
  Matrix<std::int32_t> months_expected = {};
  Matrix<std::int32_t> units_complete = {};
  Matrix<std::int32_t> units_expected = {};
  Matrix<CoverageStatus> coverage = {};
};

class DataCube {
public:
  /// A cube over the units of `tree` and `months` consecutive months from `first_month`.
  /// Throws zhibiao::invalid_input for a repeated or invalid element, a first_month that is not
  /// a month, or months < 1.
  DataCube(OrgUnitTree tree, std::vector<DataElement> elements, Period first_month, int months);
  /// The same over a tree shared with its other users (no copy of 10^5 codes and names); a
  /// group added to the tree later is seen by the cube.
  DataCube(std::shared_ptr<const OrgUnitTree> tree, std::vector<DataElement> elements,
           Period first_month, int months);
  /// Defined in the library, not inline: the cube keeps its values in Eigen storage, which must
  /// be freed with the allocation scheme of the flags it was allocated with (the library's; a
  /// consumer built with -march=native uses another: issue 21, item 1).
  ~DataCube();
  DataCube(const DataCube&);
  DataCube(DataCube&&) noexcept;
  DataCube& operator=(const DataCube&);
  DataCube& operator=(DataCube&&) noexcept;

  const OrgUnitTree& tree() const noexcept { return *tree_; }
  const std::shared_ptr<const OrgUnitTree>& shared_tree() const noexcept { return tree_; }
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
  /// month or lies outside the cube, a value that is negative, missing or not a number, a key
  /// already present (from an earlier load), every row of a key given more than once in this
  /// table (each naming the other rows), and — with ParentValues::error, the default — both rows
  /// of a value beside a value of an ancestor for the same key and month (each naming the other).
  /// With OnBadRows::raise (the default) any bad row throws zhibiao::invalid_rows listing all of
  /// them and nothing is loaded; with mark, the good rows are loaded and the bad ones returned.
  LoadReport load(const LongTable& table, OnBadRows on_bad_rows = OnBadRows::raise,
                  ParentValues parent_values = ParentValues::error);
  LoadReport load(const LongTableView& table, OnBadRows on_bad_rows = OnBadRows::raise,
                  ParentValues parent_values = ParentValues::error);
  LoadReport load(const std::vector<DataValueRow>& rows, OnBadRows on_bad_rows = OnBadRows::raise,
                  ParentValues parent_values = ParentValues::error);
  /// CSV with a header naming the columns element, org_unit, period, value (any order, other
  /// columns ignored); fields may be quoted. Row numbers in errors count data rows from 0.
  LoadReport load_csv(std::istream& csv, OnBadRows on_bad_rows = OnBadRows::raise,
                      ParentValues parent_values = ParentValues::error);

  /// The stored value, if any; for a disaggregated element's id, the sum of its disaggregations
  /// stored for that unit and month (none stored: no value).
  std::optional<double> value(std::string_view key, std::string_view org_unit,
                              const Period& month) const;
  /// Number of stored values.
  std::size_t value_count() const noexcept { return value_count_; }

  /// `key` aggregated to each of `units` (their whole subtrees) and each of `periods` (month-
  /// aligned; months outside the cube contribute nothing) by the element's aggregation type.
  /// A value kept by ParentValues::keep_parent stands for its subtree in that month: below it
  /// the descendants' values are left out of every target that includes it.
  /// Throws zhibiao::invalid_input for an unknown key, unit index or non-month-aligned period.
  CubeAggregate aggregate(std::string_view key, const std::vector<std::size_t>& units,
                          const std::vector<Period>& periods) const;
  /// The same by `how` instead of the element's aggregation type: DHIS2's
  /// `.aggregationType(TYPE)` query modifier (docs/dhis2-expressions.md §6).
  CubeAggregate aggregate(std::string_view key, const std::vector<std::size_t>& units,
                          const std::vector<Period>& periods, AggregationType how) const;
  /// The same with a prebuilt targets × units matrix (OrgUnitTree::aggregation_matrix or
  /// group_matrix), for callers aggregating many keys to the same targets. A target that has a
  /// unit with a kept parent value (keep_parent) among its members leaves out the members below
  /// it in that month, and counts each member once (weights are read as 1).
  CubeAggregate aggregate(std::string_view key, const AggregationMatrix& targets,
                          const std::vector<Period>& periods) const;

private:
  // units × months, a unit's months side by side: a long table lists a unit's months together,
  // so loading writes (and rolling up reads) memory in order. NaN = absent.
  using SlotValues = Matrix<double, StorageOrder::row_major>;
  struct Slot {
    std::size_t element;
    std::string key;   // "births" or "births.male"
    SlotValues values; // empty until the key's first value arrives
    // ParentValues::keep_parent: the cells (unit · months + month) whose value stands for the
    // unit's subtree, sorted. Empty for nearly every key, and then aggregation is unchanged.
    std::vector<std::uint64_t> kept_parent = {};
  };
  // Values of a key: one slot, or for an element with disaggregations the sum of its slots.
  SlotValues key_values(std::string_view key) const;
  // The slots whose values make up a key (one, or an element's disaggregations).
  std::vector<std::size_t> slots_of_key(std::string_view key) const;
  std::optional<std::size_t> slot_of(std::string_view key) const noexcept;
  std::vector<std::pair<int, int>> month_spans(const std::vector<Period>& periods) const;
  // The coverage matrices of `out` (sized targets × periods); members(t, f) calls f(u) for
  // every member unit u of target t.
  template <class Members>
  void fill_coverage(std::string_view key, AggregationType type, const std::vector<Period>& periods,
                     const std::vector<std::pair<int, int>>& spans, std::size_t targets,
                     const Members& members, CubeAggregate& out,
                     std::vector<std::uint64_t> unit_bits = {}) const;

  std::shared_ptr<const OrgUnitTree> tree_;
  std::vector<DataElement> elements_;
  Period first_month_;
  int months_;
  std::vector<Slot> slots_;
  std::map<std::string, std::size_t, std::less<>> slot_by_key_;
  std::map<std::string, std::vector<std::size_t>, std::less<>> slots_of_element_;
  std::size_t value_count_ = 0;
};

} // namespace zhibiao
