#include "zhibiao/org_unit.hpp"

#include "zhibiao/detail/parallel.hpp"
#include "zhibiao/error.hpp"

#include <algorithm>
#include <cmath>
#include <string>

namespace zhibiao {

std::vector<std::string> OrgUnitTree::default_level_names() {
  return {"省", "市/州", "县/区", "乡镇/街道", "村/社区"};
}

OrgUnitTree OrgUnitTree::from_parent_table(const std::vector<OrgUnitRow>& rows,
                                           std::vector<std::string> level_names) {
  std::vector<std::string_view> codes, names, parents;
  codes.reserve(rows.size());
  names.reserve(rows.size());
  parents.reserve(rows.size());
  for (const auto& r : rows) {
    codes.emplace_back(r.code);
    names.emplace_back(r.name);
    parents.emplace_back(r.parent_code);
  }
  return from_parent_columns(codes, names, parents, std::move(level_names));
}

namespace {

// The steps of OrgUnitTree::from_parent_columns after copying the texts: index the codes, link
// each unit to its parent, walk the tree depth first, and (only when the walk missed units)
// find the cycles.

// Rows per task of the steps split across threads.
constexpr std::size_t chunk = 1 << 14;
constexpr std::size_t npos = OrgUnitTree::npos;

// Codes: empty and duplicate ones are errors; the first occurrence keeps the code. `stored` are
// the tree's copies of the codes, `hashes` their hashes.
void index_codes(std::span<const std::string_view> codes, const std::vector<std::uint64_t>& hashes,
                 const std::vector<std::string>& stored, detail::TextIndex& by_code,
                 std::vector<row_error>& errors) {
  const std::size_t n = codes.size();
  const auto code_at = [&stored](std::size_t i) { return std::string_view(stored[i]); };
  by_code.reserve(n);
  constexpr std::size_t ahead = 16; // slots requested this many codes before they are filled
  for (std::size_t i = 0; i < n; ++i) {
    if (i + ahead < n) by_code.prefetch(hashes[i + ahead]);
    const std::string_view code = codes[i];
    if (code.empty()) {
      errors.push_back({i, "code", "is empty"});
      continue;
    }
    const std::size_t first = by_code.insert(code, hashes[i], i, code_at);
    if (first != i)
      errors.push_back(
          {i, "code",
           "'" + std::string(code) + "' repeats the code of row " + std::to_string(first)});
  }
}

// Parents: every non-empty parent code must be a unit of the table. Tables list siblings
// together, so a parent code usually repeats the previous row's and is not looked up again.
// The index is complete, so the rows can be looked up on several threads; orphans are
// reported afterwards in row order.
void link_parents(std::span<const std::string_view> codes,
                  std::span<const std::string_view> parent_codes,
                  const std::vector<std::string>& stored, const detail::TextIndex& by_code,
                  std::vector<std::size_t>& parent_of, std::vector<row_error>& errors) {
  const std::size_t n = codes.size();
  const auto code_at = [&stored](std::size_t i) { return std::string_view(stored[i]); };
  parent_of.assign(n, npos);
  detail::parallel_for(n, chunk, [&](std::size_t begin, std::size_t end) {
    std::string_view previous_code;
    std::size_t previous_parent = npos;
    for (std::size_t i = begin; i < end; ++i) {
      const std::string_view parent = parent_codes[i];
      if (parent.empty()) continue;
      if (previous_parent == npos || !detail::same_text(parent, previous_code)) {
        previous_parent = by_code.find(parent, code_at);
        previous_code = parent;
      }
      parent_of[i] = previous_parent;
    }
  });
  for (std::size_t i = 0; i < n; ++i)
    if (parent_of[i] == npos && !parent_codes[i].empty())
      errors.push_back({i, "parent_code",
                        "'" + std::string(parent_codes[i]) +
                            "' is not a code in the table (orphan '" + std::string(codes[i]) +
                            "')"});
}

// Depth-first order (iterative: trees can be deep and wide), levels and subtree sizes.
void walk_depth_first(const std::vector<std::size_t>& roots,
                      const std::vector<std::vector<std::size_t>>& children,
                      std::vector<int>& level, std::vector<std::size_t>& first_in_order,
                      std::vector<std::size_t>& subtree_size, std::vector<std::size_t>& order) {
  const std::size_t n = children.size();
  level.assign(n, 0);
  first_in_order.assign(n, 0);
  subtree_size.assign(n, 1);
  order.reserve(n);
  std::vector<std::pair<std::size_t, std::size_t>> stack; // (unit, next child)
  for (std::size_t root : roots) {
    level[root] = 1;
    first_in_order[root] = order.size();
    order.push_back(root);
    stack.push_back({root, 0});
    while (!stack.empty()) {
      auto& [u, next] = stack.back();
      if (next < children[u].size()) {
        const std::size_t c = children[u][next++];
        level[c] = level[u] + 1;
        first_in_order[c] = order.size();
        order.push_back(c);
        stack.push_back({c, 0});
      } else {
        subtree_size[u] = order.size() - first_in_order[u];
        stack.pop_back();
      }
    }
  }
}

// Cycles: follows parents from each unit; meeting a unit of the current walk closes a cycle.
void report_cycles(std::span<const std::string_view> codes,
                   const std::vector<std::size_t>& parent_of, std::vector<row_error>& errors) {
  const std::size_t n = codes.size();
  enum : std::uint8_t { unvisited, walking, finished };
  std::vector<std::uint8_t> state(n, unvisited);
  std::vector<std::size_t> walk;
  for (std::size_t start = 0; start < n; ++start) {
    walk.clear();
    std::size_t u = start;
    while (u != npos && state[u] == unvisited) {
      state[u] = walking;
      walk.push_back(u);
      u = parent_of[u];
    }
    if (u != npos && state[u] == walking) {
      const auto begin = std::find(walk.begin(), walk.end(), u);
      std::string loop;
      for (auto it = begin; it != walk.end(); ++it) loop += std::string(codes[*it]) + " → ";
      loop += codes[u];
      for (auto it = begin; it != walk.end(); ++it)
        errors.push_back({*it, "parent_code", "is on a cycle: " + loop});
    }
    for (std::size_t w : walk) state[w] = finished;
  }
}

} // namespace

OrgUnitTree OrgUnitTree::from_parent_columns(std::span<const std::string_view> codes,
                                             std::span<const std::string_view> names,
                                             std::span<const std::string_view> parent_codes,
                                             std::vector<std::string> level_names) {
  if (names.size() != codes.size() || parent_codes.size() != codes.size())
    throw invalid_input("names", "codes, names and parent codes differ in length");
  OrgUnitTree t;
  t.level_names_ = std::move(level_names);
  std::vector<row_error> errors;
  const std::size_t n = codes.size();
  // Copying the texts and hashing the codes touch every row once, independently: split across
  // threads (each string is its own object, so filling different ones at once is safe).
  t.code_.resize(n);
  t.name_.resize(n);
  std::vector<std::uint64_t> hashes(n);
  detail::parallel_for(n, chunk, [&](std::size_t begin, std::size_t end) {
    for (std::size_t i = begin; i < end; ++i) {
      t.code_[i].assign(codes[i]);
      t.name_[i].assign(names[i]);
      hashes[i] = detail::hash_text(codes[i]);
    }
  });
  index_codes(codes, hashes, t.code_, t.by_code_, errors);
  link_parents(codes, parent_codes, t.code_, t.by_code_, t.parent_, errors);

  t.children_.assign(n, {});
  for (std::size_t i = 0; i < n; ++i) {
    if (t.parent_[i] == npos) t.roots_.push_back(i);
    else t.children_[t.parent_[i]].push_back(i);
  }
  walk_depth_first(t.roots_, t.children_, t.level_, t.first_, t.subtree_size_, t.order_);
  // The walk from the roots reaches every unit unless some units are on a cycle (or below one),
  // so only then look for cycles.
  if (t.order_.size() < n) report_cycles(codes, t.parent_, errors);
  if (!errors.empty()) {
    std::stable_sort(errors.begin(), errors.end(),
                     [](const row_error& a, const row_error& b) { return a.row < b.row; });
    throw invalid_rows(std::move(errors));
  }

  t.depth_ = n == 0 ? 0 : *std::max_element(t.level_.begin(), t.level_.end());
  return t;
}

std::size_t OrgUnitTree::find(std::string_view code) const noexcept {
  return by_code_.find(code, [this](std::size_t i) { return std::string_view(code_[i]); });
}

std::size_t OrgUnitTree::index(std::string_view code) const {
  const std::size_t i = find(code);
  if (i == npos)
    throw invalid_input("org_unit", "unknown org unit code '" + std::string(code) + "'");
  return i;
}

std::string OrgUnitTree::level_name(int level) const {
  if (level >= 1 && static_cast<std::size_t>(level) <= level_names_.size())
    return level_names_[static_cast<std::size_t>(level - 1)];
  return "level " + std::to_string(level);
}

std::vector<std::size_t> OrgUnitTree::path_to_root(std::size_t unit) const {
  std::vector<std::size_t> path;
  for (std::size_t u = unit; u != npos; u = parent_.at(u)) path.push_back(u);
  return path;
}

std::size_t OrgUnitTree::ancestor_at_level(std::size_t unit, int level) const {
  std::size_t u = unit;
  while (u != npos && level_.at(u) > level) u = parent_[u];
  return u != npos && level_[u] == level ? u : npos;
}

std::vector<std::size_t> OrgUnitTree::subtree(std::size_t unit) const {
  const std::size_t f = first_.at(unit);
  return {order_.begin() + static_cast<std::ptrdiff_t>(f),
          order_.begin() + static_cast<std::ptrdiff_t>(f + subtree_size_[unit])};
}

std::vector<std::size_t> OrgUnitTree::units_at_level(int level) const {
  std::vector<std::size_t> out;
  for (std::size_t u : order_)
    if (level_[u] == level) out.push_back(u);
  return out;
}

void OrgUnitTree::add_group(const std::string& group, const std::vector<std::string>& codes) {
  if (group.empty()) throw invalid_input("group", "a group needs a name");
  std::vector<std::size_t> members;
  std::vector<row_error> errors;
  for (std::size_t i = 0; i < codes.size(); ++i) {
    const std::size_t u = find(codes[i]);
    if (u == npos) errors.push_back({i, "org_unit", "unknown org unit code '" + codes[i] + "'"});
    else members.push_back(u);
  }
  if (!errors.empty()) throw invalid_rows(std::move(errors));
  std::sort(members.begin(), members.end());
  members.erase(std::unique(members.begin(), members.end()), members.end());
  groups_[group] = std::move(members);
}

const std::vector<std::size_t>& OrgUnitTree::group(const std::string& group) const {
  const auto it = groups_.find(group);
  if (it == groups_.end()) throw invalid_input("group", "no org unit group named '" + group + "'");
  return it->second;
}

std::vector<std::string> OrgUnitTree::group_names() const {
  std::vector<std::string> names;
  for (const auto& [name, members] : groups_) names.push_back(name);
  return names;
}

AggregationMatrix::AggregationMatrix(std::size_t rows, std::size_t cols,
                                     std::vector<std::int64_t> row_start,
                                     std::vector<std::int64_t> units, std::vector<double> weights)
    : cols_(cols), row_start_(std::move(row_start)), units_(std::move(units)),
      weights_(std::move(weights)) {
  const auto entry = [](const char* what, std::size_t k) {
    return std::string(what) + "[" + std::to_string(k) + "]";
  };
  if (row_start_.size() != rows + 1)
    throw invalid_input("row_start", "has " + std::to_string(row_start_.size()) + " entries; " +
                                         std::to_string(rows) +
                                         " rows need rows + 1 = " + std::to_string(rows + 1));
  if (weights_.size() != units_.size())
    throw invalid_input("weights", "has " + std::to_string(weights_.size()) +
                                       " entries; units has " + std::to_string(units_.size()));
  if (row_start_[0] != 0) throw invalid_input("row_start", "must start at 0");
  for (std::size_t r = 0; r < rows; ++r)
    if (row_start_[r + 1] < row_start_[r])
      throw invalid_input(entry("row_start", r + 1), "decreases");
  if (static_cast<std::size_t>(row_start_[rows]) != units_.size())
    throw invalid_input(entry("row_start", rows),
                        "must be the number of entries, " + std::to_string(units_.size()));
  for (std::size_t k = 0; k < units_.size(); ++k) {
    if (units_[k] < 0 || static_cast<std::size_t>(units_[k]) >= cols_)
      throw invalid_input(entry("units", k),
                          std::to_string(units_[k]) + " is not a unit of " + std::to_string(cols_));
    if (!std::isfinite(weights_[k])) throw invalid_input(entry("weights", k), "is not finite");
  }
}

AggregationMatrix OrgUnitTree::aggregation_matrix(const std::vector<std::size_t>& targets) const {
  std::vector<std::int64_t> row_start{0}, units;
  std::size_t nnz = 0;
  for (std::size_t t : targets) nnz += subtree_size_.at(t);
  units.reserve(nnz);
  for (const std::size_t t : targets) {
    const std::size_t f = first_[t];
    const std::size_t before = units.size();
    for (std::size_t k = f; k < f + subtree_size_[t]; ++k)
      units.push_back(static_cast<std::int64_t>(order_[k]));
    // Sorted within the row, as Eigen's and SciPy's canonical CSR have them.
    std::sort(units.begin() + static_cast<std::ptrdiff_t>(before), units.end());
    row_start.push_back(static_cast<std::int64_t>(units.size()));
  }
  std::vector<double> weights(units.size(), 1.0);
  return AggregationMatrix(targets.size(), size(), std::move(row_start), std::move(units),
                           std::move(weights));
}

AggregationMatrix OrgUnitTree::group_matrix(const std::string& name) const {
  std::vector<std::int64_t> units;
  for (std::size_t u : group(name)) units.push_back(static_cast<std::int64_t>(u));
  std::sort(units.begin(), units.end());
  const auto n = static_cast<std::int64_t>(units.size());
  std::vector<double> weights(units.size(), 1.0);
  return AggregationMatrix(1, size(), {0, n}, std::move(units), std::move(weights));
}

} // namespace zhibiao
