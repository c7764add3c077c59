#include "zhibiao/org_unit.hpp"

#include "zhibiao/error.hpp"

#include <algorithm>

namespace zhibiao {

std::vector<std::string> OrgUnitTree::default_level_names() {
  return {"省", "市/州", "县/区", "乡镇/街道", "村/社区"};
}

OrgUnitTree OrgUnitTree::from_parent_table(const std::vector<OrgUnitRow>& rows,
                                           std::vector<std::string> level_names) {
  OrgUnitTree t;
  t.level_names_ = std::move(level_names);
  std::vector<row_error> errors;
  const std::size_t n = rows.size();

  // Codes: empty and duplicate ones are errors; the first occurrence keeps the code.
  for (std::size_t i = 0; i < n; ++i) {
    const auto& code = rows[i].code;
    if (code.empty()) {
      errors.push_back({i, "code", "is empty"});
      continue;
    }
    const auto [it, inserted] = t.by_code_.emplace(code, i);
    if (!inserted)
      errors.push_back({i, "code", "'" + code + "' repeats the code of row " + std::to_string(it->second)});
  }

  // Parents: every non-empty parent code must be a unit of the table.
  t.parent_.assign(n, npos);
  for (std::size_t i = 0; i < n; ++i) {
    const auto& parent = rows[i].parent_code;
    if (parent.empty()) continue;
    const auto it = t.by_code_.find(parent);
    if (it == t.by_code_.end())
      errors.push_back({i, "parent_code", "'" + parent + "' is not a code in the table (orphan '" +
                                              rows[i].code + "')"});
    else
      t.parent_[i] = it->second;
  }

  // Cycles: follow parents from each unit; meeting a unit of the current walk closes a cycle.
  enum : std::uint8_t { unvisited, walking, finished };
  std::vector<std::uint8_t> state(n, unvisited);
  std::vector<bool> on_cycle(n, false);
  for (std::size_t start = 0; start < n; ++start) {
    std::vector<std::size_t> walk;
    std::size_t u = start;
    while (u != npos && state[u] == unvisited) {
      state[u] = walking;
      walk.push_back(u);
      u = t.parent_[u];
    }
    if (u != npos && state[u] == walking) {
      const auto begin = std::find(walk.begin(), walk.end(), u);
      std::string loop;
      for (auto it = begin; it != walk.end(); ++it) loop += rows[*it].code + " → ";
      loop += rows[u].code;
      for (auto it = begin; it != walk.end(); ++it) {
        on_cycle[*it] = true;
        errors.push_back({*it, "parent_code", "is on a cycle: " + loop});
      }
    }
    for (std::size_t w : walk) state[w] = finished;
  }
  if (!errors.empty()) {
    std::stable_sort(errors.begin(), errors.end(),
                     [](const row_error& a, const row_error& b) { return a.row < b.row; });
    throw invalid_rows(std::move(errors));
  }

  t.code_.reserve(n);
  t.name_.reserve(n);
  for (const auto& r : rows) {
    t.code_.push_back(r.code);
    t.name_.push_back(r.name);
  }
  t.children_.assign(n, {});
  for (std::size_t i = 0; i < n; ++i) {
    if (t.parent_[i] == npos) t.roots_.push_back(i);
    else t.children_[t.parent_[i]].push_back(i);
  }

  // Depth-first order (iterative: trees can be deep and wide), levels and subtree sizes.
  t.level_.assign(n, 0);
  t.first_.assign(n, 0);
  t.subtree_size_.assign(n, 1);
  t.order_.reserve(n);
  std::vector<std::pair<std::size_t, std::size_t>> stack; // (unit, next child)
  for (std::size_t root : t.roots_) {
    t.level_[root] = 1;
    t.first_[root] = t.order_.size();
    t.order_.push_back(root);
    stack.push_back({root, 0});
    while (!stack.empty()) {
      auto& [u, next] = stack.back();
      if (next < t.children_[u].size()) {
        const std::size_t c = t.children_[u][next++];
        t.level_[c] = t.level_[u] + 1;
        t.first_[c] = t.order_.size();
        t.order_.push_back(c);
        stack.push_back({c, 0});
      } else {
        t.subtree_size_[u] = t.order_.size() - t.first_[u];
        stack.pop_back();
      }
    }
  }
  t.depth_ = n == 0 ? 0 : *std::max_element(t.level_.begin(), t.level_.end());
  return t;
}

std::size_t OrgUnitTree::find(std::string_view code) const noexcept {
  const auto it = by_code_.find(code);
  return it == by_code_.end() ? npos : it->second;
}

std::size_t OrgUnitTree::index(std::string_view code) const {
  const std::size_t i = find(code);
  if (i == npos) throw invalid_input("org_unit", "unknown org unit code '" + std::string(code) + "'");
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

AggregationMatrix OrgUnitTree::aggregation_matrix(const std::vector<std::size_t>& targets) const {
  std::vector<Eigen::Triplet<double, std::int64_t>> entries;
  std::size_t nnz = 0;
  for (std::size_t t : targets) nnz += subtree_size_.at(t);
  entries.reserve(nnz);
  for (std::size_t r = 0; r < targets.size(); ++r) {
    const std::size_t f = first_[targets[r]];
    for (std::size_t k = f; k < f + subtree_size_[targets[r]]; ++k)
      entries.emplace_back(static_cast<std::int64_t>(r), static_cast<std::int64_t>(order_[k]), 1.0);
  }
  AggregationMatrix a(static_cast<std::int64_t>(targets.size()), static_cast<std::int64_t>(size()));
  a.setFromTriplets(entries.begin(), entries.end());
  return a;
}

AggregationMatrix OrgUnitTree::group_matrix(const std::string& name) const {
  const auto& members = group(name);
  std::vector<Eigen::Triplet<double, std::int64_t>> entries;
  entries.reserve(members.size());
  for (std::size_t u : members) entries.emplace_back(0, static_cast<std::int64_t>(u), 1.0);
  AggregationMatrix a(1, static_cast<std::int64_t>(size()));
  a.setFromTriplets(entries.begin(), entries.end());
  return a;
}

} // namespace zhibiao
