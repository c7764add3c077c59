#pragma once
/// \file org_unit.hpp
/// The org-unit hierarchy (省 → 市/州 → 县/区 → 乡镇/街道 → 村/社区, with facilities hanging from
/// any level) and the sparse matrices that roll data up it.
///
///     std::vector<zhibiao::OrgUnitRow> rows = {
///         {"340405", "八公山区", ""},            // a root: no parent
///         {"340405001", "新庄孜街道", "340405"},
///         {"340405101", "山王镇", "340405"},
///         {"340405101001", "山王镇卫生院", "340405101"}};
///     auto tree = zhibiao::OrgUnitTree::from_parent_table(rows);
///     tree.level(tree.index("340405101001"));          // 3 (roots are level 1)
///     auto A = tree.aggregation_matrix(tree.units_at_level(2));   // 2 × 4, sparse
///     A.units_of(0);                                  // the first township's subtree
///     // with Eigen (zhibiao/sparse.hpp): zhibiao::as_eigen(A) * values, one row per unit
///
/// A unit's aggregate covers its whole subtree including itself: data reported by a township
/// health centre and by the villages below it all count for the township (docs/aggregation.md
/// §1–2: numerators and denominators are summed, then divided — never averaged as rates).
///
/// Thread safety: concurrent const reads of one OrgUnitTree are safe (the cube and every evaluation
/// read it so); add_group must not overlap any other use of the tree. Building a tree may happen on
/// any thread.

#include "zhibiao/detail/text_index.hpp"
#include "zhibiao/export.hpp"

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace ZHIBIAO_API zhibiao {

/// One row of a parent table. `parent_code` is empty for a root.
struct OrgUnitRow {
  std::string code;
  std::string name;
  std::string parent_code;
};

/// A targets × units roll-up matrix in compressed sparse rows (CSR, as SciPy's csr_matrix and
/// Eigen's row-major SparseMatrix store it): row t lists the units that add up to target t, with
/// their weights. Row-major so that each target's members are contiguous.
///
/// Library-owned storage (std::vector), not an Eigen SparseMatrix: Eigen allocates its index
/// arrays by a scheme that depends on the consumer's compiler flags, so a matrix built inside
/// libzhibiao could not be safely destroyed by a consumer built with -march=native (issue 21,
/// item 1), and Eigen's SparseCore cost every includer of this header 1.2 s of compile time
/// (item 7). zhibiao/sparse.hpp gives an Eigen view for matrix products, without a copy.
///
/// There is no default constructor and none from a brace list of numbers, so a call such as
/// `cube.aggregate("births", {0, 1}, periods)` names units, never a matrix (item 6).
class AggregationMatrix {
public:
  /// From CSR arrays: `row_start` has rows + 1 entries, starting at 0 and not decreasing, its last
  /// the number of entries; `units[k]` < cols is the unit of entry k, `weights[k]` its finite
  /// weight. Throws zhibiao::invalid_input naming the array and the entry that breaks a rule.
  AggregationMatrix(std::size_t rows, std::size_t cols, std::vector<std::int64_t> row_start,
                    std::vector<std::int64_t> units, std::vector<double> weights);

  std::size_t rows() const noexcept { return row_start_.size() - 1; }
  std::size_t cols() const noexcept { return cols_; }
  /// Stored entries (Eigen's nonZeros()).
  std::size_t entries() const noexcept { return units_.size(); }
  /// The CSR arrays (SciPy's indptr, indices and data).
  std::span<const std::int64_t> row_start() const noexcept { return row_start_; }
  std::span<const std::int64_t> units() const noexcept { return units_; }
  std::span<const double> weights() const noexcept { return weights_; }
  /// The units of target `row`, and their weights (unchecked, like operator[]).
  std::span<const std::int64_t> units_of(std::size_t row) const noexcept {
    return units().subspan(begin(row), end(row) - begin(row));
  }
  std::span<const double> weights_of(std::size_t row) const noexcept {
    return weights().subspan(begin(row), end(row) - begin(row));
  }

  friend bool operator==(const AggregationMatrix&, const AggregationMatrix&) = default;

private:
  std::size_t begin(std::size_t row) const noexcept {
    return static_cast<std::size_t>(row_start_[row]);
  }
  std::size_t end(std::size_t row) const noexcept {
    return static_cast<std::size_t>(row_start_[row + 1]);
  }

  std::size_t cols_;
  std::vector<std::int64_t> row_start_;
  std::vector<std::int64_t> units_;
  std::vector<double> weights_;
};

class OrgUnitTree {
public:
  static constexpr std::size_t npos = static_cast<std::size_t>(-1);

  /// The default level names, from the root down: 省, 市/州, 县/区, 乡镇/街道, 村/社区.
  static std::vector<std::string> default_level_names();

  /// Builds the tree. Every problem is reported, not only the first: throws
  /// zhibiao::invalid_rows listing each empty code, duplicate code (naming the row it repeats),
  /// orphan (a parent code that is not in the table) and each unit on a cycle.
  static OrgUnitTree
  from_parent_table(const std::vector<OrgUnitRow>& rows,
                    std::vector<std::string> level_names = default_level_names());
  /// The same from three columns of text (row i: codes[i], names[i], parent_codes[i]), which
  /// need to live only during the call: for callers whose table is already columnar (pandas,
  /// Arrow) and would otherwise copy every text into an OrgUnitRow. Throws
  /// zhibiao::invalid_input (field "names") when the columns differ in length.
  static OrgUnitTree
  from_parent_columns(std::span<const std::string_view> codes,
                      std::span<const std::string_view> names,
                      std::span<const std::string_view> parent_codes,
                      std::vector<std::string> level_names = default_level_names());

  std::size_t size() const noexcept { return code_.size(); }
  /// Index of a code, or npos.
  std::size_t find(std::string_view code) const noexcept;
  /// Index of a code; throws zhibiao::invalid_input (field "org_unit") for an unknown code.
  std::size_t index(std::string_view code) const;

  const std::string& code(std::size_t unit) const { return code_.at(unit); }
  const std::string& name(std::size_t unit) const { return name_.at(unit); }
  /// Parent's index, or npos for a root.
  std::size_t parent(std::size_t unit) const { return parent_.at(unit); }
  /// Every unit's parent (npos for a root), indexed by unit: for walks over the whole tree.
  const std::vector<std::size_t>& parents() const noexcept { return parent_; }
  /// 1 for roots, 2 for their children, ...
  int level(std::size_t unit) const { return level_.at(unit); }
  int depth() const noexcept { return depth_; }
  /// The name of a level (1-based); "level N" beyond the configured names.
  std::string level_name(int level) const;
  const std::vector<std::size_t>& children(std::size_t unit) const { return children_.at(unit); }
  const std::vector<std::size_t>& roots() const noexcept { return roots_; }
  /// The unit and its ancestors up to the root, nearest first.
  std::vector<std::size_t> path_to_root(std::size_t unit) const;
  /// The ancestor at `level` (the unit itself at its own level), or npos above the unit.
  std::size_t ancestor_at_level(std::size_t unit, int level) const;
  /// The unit and everything below it, in depth-first order.
  std::vector<std::size_t> subtree(std::size_t unit) const;
  std::vector<std::size_t> units_at_level(int level) const;
  /// subtree(unit) without the copy: a view into depth_first_order().
  std::span<const std::size_t> subtree_view(std::size_t unit) const {
    return std::span<const std::size_t>(order_).subspan(first_.at(unit), subtree_size_[unit]);
  }
  /// Every unit, each before its descendants: walked backwards, children come before their
  /// parent, which is what a bottom-up roll-up needs.
  const std::vector<std::size_t>& depth_first_order() const noexcept { return order_; }

  /// A named set of units (e.g. every 乡镇卫生院). Unknown codes are an invalid_rows error naming
  /// each; a unit listed twice counts once.
  void add_group(const std::string& group, const std::vector<std::string>& codes);
  /// Members of a group; throws zhibiao::invalid_input (field "group") if there is no such group.
  const std::vector<std::size_t>& group(const std::string& group) const;
  std::vector<std::string> group_names() const;

  /// targets × units: row t has a 1 for every unit in the subtree of targets[t]. Multiplying a
  /// (units × columns) matrix of values by it gives each target's total.
  AggregationMatrix aggregation_matrix(const std::vector<std::size_t>& targets) const;
  /// 1 × units: a 1 for each member of the group itself (a group is a set of reporting units,
  /// not of subtrees).
  AggregationMatrix group_matrix(const std::string& group) const;

private:
  std::vector<std::string> code_, name_;
  std::vector<std::size_t> parent_;
  std::vector<int> level_;
  std::vector<std::vector<std::size_t>> children_;
  std::vector<std::size_t> roots_;
  // Depth-first order: subtree of u = order_[first_[u] .. first_[u] + size_[u]).
  std::vector<std::size_t> order_, first_, subtree_size_;
  detail::TextIndex by_code_; // code → unit, over code_
  std::map<std::string, std::vector<std::size_t>, std::less<>> groups_;
  std::vector<std::string> level_names_;
  int depth_ = 0;
};

} // namespace zhibiao
