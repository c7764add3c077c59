#include "zhibiao/cube.hpp"

#include "zhibiao/detail/calendar.hpp"

#include <algorithm>
#include <cmath>
#include <istream>
#include <limits>
#include <numeric>
#include <sstream>

namespace zhibiao {

namespace {

constexpr double nan_value = std::numeric_limits<double>::quiet_NaN();

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& s : items) out += (out.empty() ? "" : ", ") + s;
  return out;
}

// Splits one CSV record (RFC 4180 quoting; no embedded newlines).
std::vector<std::string> csv_fields(const std::string& line) {
  std::vector<std::string> fields(1);
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        fields.back() += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        fields.back() += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      fields.emplace_back();
    } else if (c != '\r') {
      fields.back() += c;
    }
  }
  return fields;
}

std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t");
  if (b == std::string::npos) return "";
  return s.substr(b, s.find_last_not_of(" \t") - b + 1);
}

} // namespace

// --- construction -----------------------------------------------------------------------------

DataCube::DataCube(OrgUnitTree tree, std::vector<DataElement> elements, Period first_month, int months)
    : tree_(std::move(tree)), elements_(std::move(elements)), first_month_(first_month), months_(months) {
  if (first_month_.type() != PeriodType::month)
    throw invalid_input("first_month", "must be a month, got " + first_month_.code());
  if (months_ < 1) throw invalid_input("months", "must be at least 1, got " + std::to_string(months_));
  for (std::size_t e = 0; e < elements_.size(); ++e) {
    const auto& el = elements_[e];
    validate(el);
    if (slots_of_element_.count(el.id))
      throw invalid_input("elements", "data element '" + el.id + "' is defined twice");
    auto& slots = slots_of_element_[el.id];
    const auto add = [&](const std::string& key) {
      slot_by_key_[key] = slots_.size();
      slots.push_back(slots_.size());
      slots_.push_back({e, {}}); // storage is allocated when the key's first value arrives
    };
    if (el.disaggregations.empty()) add(el.id);
    for (const auto& d : el.disaggregations) add(el.id + "." + d);
  }
}

const DataElement& DataCube::element(std::string_view id) const {
  const auto it = slots_of_element_.find(id);
  if (it == slots_of_element_.end())
    throw invalid_input("element", "unknown data element '" + std::string(id) + "'");
  return elements_[slots_[it->second.front()].element];
}

Period DataCube::month(int k) const {
  const auto ym = detail::add_months({detail::year_of(first_month_.start()), detail::month_of(first_month_.start())}, k);
  return Period::month(ym.year, ym.month);
}

std::vector<std::string> DataCube::keys() const {
  std::vector<std::string> out;
  for (const auto& [key, slot] : slot_by_key_) out.push_back(key);
  return out;
}

bool DataCube::knows(std::string_view key) const noexcept {
  return slot_by_key_.count(key) > 0 || slots_of_element_.count(key) > 0;
}

std::optional<std::size_t> DataCube::slot_of(std::string_view key) const noexcept {
  const auto it = slot_by_key_.find(key);
  if (it == slot_by_key_.end()) return std::nullopt;
  return it->second;
}

// --- loading ------------------------------------------------------------------------------------

LoadReport DataCube::load(const LongTable& t, OnBadRows on_bad_rows) {
  const std::size_t n = t.values.size();
  if (t.element_codes.size() != n || t.org_unit_codes.size() != n || t.period_codes.size() != n)
    throw invalid_input("table", "columns differ in length: element " + std::to_string(t.element_codes.size()) +
                                     ", org_unit " + std::to_string(t.org_unit_codes.size()) + ", period " +
                                     std::to_string(t.period_codes.size()) + ", value " + std::to_string(n));

  // Resolve each distinct text once; an empty optional carries the error message instead.
  struct Resolved {
    std::size_t index = 0;
    std::string error;
  };
  std::vector<Resolved> element_slot(t.elements.size()), unit(t.org_units.size()), month(t.periods.size());
  for (std::size_t i = 0; i < t.elements.size(); ++i) {
    const std::string& key = t.elements[i];
    if (const auto s = slot_of(key)) {
      element_slot[i].index = *s;
      continue;
    }
    const auto dot = key.find('.');
    const std::string id = key.substr(0, dot);
    const auto el = slots_of_element_.find(id);
    if (el == slots_of_element_.end()) {
      element_slot[i].error = "unknown data element '" + key + "'";
    } else {
      const auto& d = elements_[slots_[el->second.front()].element].disaggregations;
      element_slot[i].error = dot == std::string::npos
                                  ? "'" + key + "' is reported by disaggregation: give one of " + id + "." + join(d)
                                  : "unknown disaggregation '" + key + "'" +
                                        (d.empty() ? "; " + id + " has none" : "; " + id + " has " + join(d));
    }
  }
  for (std::size_t i = 0; i < t.org_units.size(); ++i) {
    const std::size_t u = tree_.find(t.org_units[i]);
    if (u == OrgUnitTree::npos) unit[i].error = "unknown org unit code '" + t.org_units[i] + "'";
    else unit[i].index = u;
  }
  const Date cube_start = first_month_.start();
  for (std::size_t i = 0; i < t.periods.size(); ++i) {
    try {
      const Period p = Period::parse(t.periods[i]);
      if (p.type() != PeriodType::month) {
        month[i].error = "'" + t.periods[i] + "' is a " + std::string(to_string(p.type())) +
                         "; data values are monthly";
        continue;
      }
      const int k = (detail::year_of(p.start()) - detail::year_of(cube_start)) * 12 +
                    detail::month_of(p.start()) - detail::month_of(cube_start);
      if (k < 0 || k >= months_)
        month[i].error = "'" + t.periods[i] + "' is outside the cube's months " + first_month_.code() +
                         " … " + this->month(months_ - 1).code();
      else
        month[i].index = static_cast<std::size_t>(k);
    } catch (const parse_error& e) {
      month[i].error = e.what();
    }
  }

  std::vector<row_error> errors = t.known_errors;
  // 0: good; 1: bad (an error above); 2: repeats an earlier row of this table.
  std::vector<std::uint8_t> state(n, 0);
  for (const auto& e : t.known_errors)
    if (e.row < n) state[e.row] = 1;
  const auto units = static_cast<std::uint64_t>(tree_.size());
  const auto months = static_cast<std::uint64_t>(months_);
  const auto cell_of = [&](std::size_t r) {
    const auto slot = element_slot[static_cast<std::size_t>(t.element_codes[r])].index;
    const auto u = unit[static_cast<std::size_t>(t.org_unit_codes[r])].index;
    const auto k = month[static_cast<std::size_t>(t.period_codes[r])].index;
    return (slot * units + u) * months + k;
  };
  // Cells seen in this table: one bit per (key, unit, month) of the cube.
  std::vector<std::uint64_t> seen((slots_.size() * units * months + 63) / 64, 0);
  std::vector<std::uint64_t> repeated_cells;
  for (std::size_t r = 0; r < n; ++r) {
    if (state[r]) continue;
    const std::size_t before = errors.size();
    const auto check = [&](std::int32_t code, const std::vector<Resolved>& resolved, const char* field) {
      if (code < 0 || static_cast<std::size_t>(code) >= resolved.size())
        errors.push_back({r, field, "is missing"});
      else if (!resolved[static_cast<std::size_t>(code)].error.empty())
        errors.push_back({r, field, resolved[static_cast<std::size_t>(code)].error});
    };
    check(t.element_codes[r], element_slot, "element");
    check(t.org_unit_codes[r], unit, "org_unit");
    check(t.period_codes[r], month, "period");
    const double v = t.values[r];
    if (std::isnan(v)) {
      const auto text = t.non_numeric_values.find(r);
      errors.push_back({r, "value", text == t.non_numeric_values.end()
                                        ? std::string("is missing")
                                        : "is not a number ('" + text->second + "')"});
    } else if (!std::isfinite(v)) {
      errors.push_back({r, "value", "is not a finite number"});
    } else if (v < 0) {
      std::ostringstream s;
      s << "is negative (" << v << ")";
      errors.push_back({r, "value", s.str()});
    }
    if (errors.size() != before) {
      state[r] = 1;
      continue;
    }
    const std::uint64_t cell = cell_of(r);
    const std::size_t slot = cell / months / units;
    const auto u = static_cast<Eigen::Index>((cell / months) % units), k = static_cast<Eigen::Index>(cell % months);
    if (slots_[slot].values.size() != 0 && !std::isnan(slots_[slot].values(u, k))) {
      errors.push_back({r, "value", "a value for " + t.elements[static_cast<std::size_t>(t.element_codes[r])] + ", " +
                                        tree_.code(static_cast<std::size_t>(u)) + ", " +
                                        this->month(static_cast<int>(k)).code() +
                                        " is already in the cube from an earlier load"});
      state[r] = 1;
      continue;
    }
    std::uint64_t& word = seen[cell / 64];
    const std::uint64_t bit = std::uint64_t{1} << (cell % 64);
    if (word & bit) {
      state[r] = 2;
      repeated_cells.push_back(cell);
    }
    word |= bit;
  }
  if (!repeated_cells.empty()) {
    // Name the first row of each repeated cell: one more pass, only when there are repeats.
    std::sort(repeated_cells.begin(), repeated_cells.end());
    std::unordered_map<std::uint64_t, std::size_t> first_row;
    for (std::size_t r = 0; r < n; ++r) {
      if (state[r] == 1) continue;
      const std::uint64_t cell = cell_of(r);
      if (!std::binary_search(repeated_cells.begin(), repeated_cells.end(), cell)) continue;
      const auto [it, inserted] = first_row.emplace(cell, r);
      if (!inserted)
        errors.push_back({r, "value", "repeats row " + std::to_string(it->second) +
                                          " (same element, org unit and period)"});
    }
  }
  std::stable_sort(errors.begin(), errors.end(), [](const row_error& a, const row_error& b) { return a.row < b.row; });
  if (!errors.empty() && on_bad_rows == OnBadRows::raise) throw invalid_rows(std::move(errors));

  LoadReport report;
  for (std::size_t r = 0; r < n; ++r) {
    if (state[r]) continue;
    const std::uint64_t cell = cell_of(r);
    auto& m = slots_[cell / months / units].values;
    if (m.size() == 0) m = Eigen::MatrixXd::Constant(static_cast<Eigen::Index>(units), months_, nan_value);
    m(static_cast<Eigen::Index>((cell / months) % units), static_cast<Eigen::Index>(cell % months)) = t.values[r];
    ++report.loaded;
  }
  value_count_ += report.loaded;
  report.errors = std::move(errors);
  return report;
}

namespace {

// Factorises text columns the way pandas.factorize does; empty text becomes the missing code -1.
struct Factoriser {
  std::map<std::string, std::int32_t, std::less<>> seen;
  std::int32_t operator()(std::vector<std::string>& uniques, const std::string& text) {
    if (text.empty()) return -1;
    const auto [it, inserted] = seen.emplace(text, static_cast<std::int32_t>(uniques.size()));
    if (inserted) uniques.push_back(text);
    return it->second;
  }
};

} // namespace

LoadReport DataCube::load(const std::vector<DataValueRow>& rows, OnBadRows on_bad_rows) {
  LongTable t;
  Factoriser e, u, p;
  for (const auto& row : rows) {
    t.element_codes.push_back(e(t.elements, row.element));
    t.org_unit_codes.push_back(u(t.org_units, row.org_unit));
    t.period_codes.push_back(p(t.periods, row.period));
    t.values.push_back(row.value);
  }
  return load(t, on_bad_rows);
}

LoadReport DataCube::load_csv(std::istream& csv, OnBadRows on_bad_rows) {
  std::string line;
  if (!std::getline(csv, line)) throw invalid_input("csv", "is empty: expected a header line");
  if (line.rfind("\xEF\xBB\xBF", 0) == 0) line.erase(0, 3); // a UTF-8 byte order mark
  const auto header = csv_fields(line);
  const auto column = [&](const char* name) {
    for (std::size_t i = 0; i < header.size(); ++i)
      if (trim(header[i]) == name) return i;
    throw invalid_input("csv", std::string("the header has no '") + name + "' column (it has: " + join(header) + ")");
  };
  const std::size_t ce = column("element"), cu = column("org_unit"), cp = column("period"), cv = column("value");
  LongTable t;
  Factoriser e, u, p;
  while (std::getline(csv, line)) {
    if (trim(line).empty()) continue;
    const auto f = csv_fields(line);
    const std::size_t r = t.values.size();
    if (f.size() != header.size()) {
      t.known_errors.push_back({r, "csv", "has " + std::to_string(f.size()) + " fields, the header has " +
                                              std::to_string(header.size())});
      t.element_codes.push_back(-1);
      t.org_unit_codes.push_back(-1);
      t.period_codes.push_back(-1);
      t.values.push_back(nan_value);
      continue;
    }
    const std::string text = trim(f[cv]);
    char* end = nullptr;
    double v = std::strtod(text.c_str(), &end);
    if (text.empty() || end != text.c_str() + text.size()) {
      if (!text.empty()) t.non_numeric_values[r] = text;
      v = nan_value;
    }
    t.element_codes.push_back(e(t.elements, trim(f[ce])));
    t.org_unit_codes.push_back(u(t.org_units, trim(f[cu])));
    t.period_codes.push_back(p(t.periods, trim(f[cp])));
    t.values.push_back(v);
  }
  return load(t, on_bad_rows);
}

std::optional<double> DataCube::value(std::string_view key, std::string_view org_unit, const Period& m) const {
  const auto s = slot_of(key);
  if (!s) throw invalid_input("element", "unknown key '" + std::string(key) + "'");
  const std::size_t u = tree_.index(org_unit);
  if (m.type() != PeriodType::month) throw invalid_input("period", m.code() + " is not a month");
  const int k = (detail::year_of(m.start()) - detail::year_of(first_month_.start())) * 12 +
                detail::month_of(m.start()) - detail::month_of(first_month_.start());
  if (k < 0 || k >= months_ || slots_[*s].values.size() == 0) return std::nullopt;
  const double v = slots_[*s].values(static_cast<Eigen::Index>(u), k);
  if (std::isnan(v)) return std::nullopt;
  return v;
}

// --- aggregation --------------------------------------------------------------------------------

Eigen::MatrixXd DataCube::key_values(std::string_view key) const {
  const auto units = static_cast<Eigen::Index>(tree_.size());
  std::vector<std::size_t> slots;
  if (const auto s = slot_of(key)) slots.push_back(*s);
  else if (const auto it = slots_of_element_.find(key); it != slots_of_element_.end()) slots = it->second;
  else throw invalid_input("element", "unknown data element or key '" + std::string(key) + "'");
  // The total of a disaggregated element: per unit and month, the sum of the disaggregations
  // reported (absent where none was).
  Eigen::MatrixXd total = Eigen::MatrixXd::Constant(units, months_, nan_value);
  for (std::size_t s : slots) {
    const auto& m = slots_[s].values;
    if (m.size() == 0) continue;
    total = total.binaryExpr(m, [](double a, double b) {
      return std::isnan(a) ? b : std::isnan(b) ? a : a + b;
    });
  }
  return total;
}

CubeAggregate DataCube::aggregate(std::string_view key, const std::vector<std::size_t>& units,
                                  const std::vector<Period>& periods) const {
  for (std::size_t u : units)
    if (u >= tree_.size()) throw invalid_input("units", "org unit index " + std::to_string(u) + " is out of range");
  return aggregate(key, tree_.aggregation_matrix(units), periods);
}

CubeAggregate DataCube::aggregate(std::string_view key, const AggregationMatrix& a,
                                  const std::vector<Period>& periods) const {
  if (a.cols() != static_cast<std::int64_t>(tree_.size()))
    throw invalid_input("targets", "the aggregation matrix has " + std::to_string(a.cols()) +
                                       " columns; the tree has " + std::to_string(tree_.size()) + " units");
  const Date start = first_month_.start();
  std::vector<std::pair<int, int>> spans; // [first month, last month] within the cube, may be empty
  for (const auto& p : periods) {
    if (!p.month_aligned())
      throw invalid_input("periods", p.code() + " does not consist of whole months; data values are monthly");
    const int a = (detail::year_of(p.start()) - detail::year_of(start)) * 12 + detail::month_of(p.start()) - detail::month_of(start);
    const int b = a + p.months() - 1;
    spans.emplace_back(std::max(a, 0), std::min(b, months_ - 1));
  }
  const AggregationType type = element(key.substr(0, key.find('.'))).aggregation;
  const Eigen::MatrixXd m = key_values(key); // units × months, NaN = absent
  const auto targets = static_cast<Eigen::Index>(a.rows());
  const auto np = static_cast<Eigen::Index>(periods.size());
  CubeAggregate out{Eigen::MatrixXd::Constant(targets, np, nan_value),
                    Eigen::Matrix<std::int64_t, Eigen::Dynamic, Eigen::Dynamic>::Zero(targets, np)};
  const Eigen::MatrixXd present = m.unaryExpr([](double v) { return std::isnan(v) ? 0.0 : 1.0; });

  if (type == AggregationType::sum || type == AggregationType::average || type == AggregationType::count) {
    // Linear in the values: roll every month up the tree once, then add the months of each period.
    const Eigen::MatrixXd sums = a * m.unaryExpr([](double v) { return std::isnan(v) ? 0.0 : v; });
    const Eigen::MatrixXd counts = a * present;
    for (Eigen::Index p = 0; p < np; ++p) {
      const auto [k0, k1] = spans[static_cast<std::size_t>(p)];
      if (k1 < k0) continue;
      const Eigen::VectorXd s = sums.middleCols(k0, k1 - k0 + 1).rowwise().sum();
      const Eigen::VectorXd c = counts.middleCols(k0, k1 - k0 + 1).rowwise().sum();
      for (Eigen::Index t = 0; t < targets; ++t) {
        out.counts(t, p) = static_cast<std::int64_t>(c[t]);
        if (type == AggregationType::count) out.values(t, p) = c[t];
        else if (c[t] > 0) out.values(t, p) = type == AggregationType::sum ? s[t] : s[t] / c[t];
      }
    }
    return out;
  }

  if (type == AggregationType::average_sum_org_unit || type == AggregationType::last) {
    // Per unit first (mean of its months, or its last reported month), then summed over units.
    for (Eigen::Index p = 0; p < np; ++p) {
      const auto [k0, k1] = spans[static_cast<std::size_t>(p)];
      if (k1 < k0) continue;
      Eigen::VectorXd per_unit = Eigen::VectorXd::Zero(m.rows());
      Eigen::VectorXd used = Eigen::VectorXd::Zero(m.rows());
      Eigen::VectorXd reporting = Eigen::VectorXd::Zero(m.rows());
      for (Eigen::Index u = 0; u < m.rows(); ++u) {
        double sum = 0;
        int n = 0;
        double last = nan_value;
        for (int k = k0; k <= k1; ++k) {
          const double v = m(u, k);
          if (std::isnan(v)) continue;
          sum += v;
          ++n;
          last = v;
        }
        if (n == 0) continue;
        per_unit[u] = type == AggregationType::last ? last : sum / n;
        used[u] = type == AggregationType::last ? 1 : n;
        reporting[u] = 1;
      }
      const Eigen::VectorXd s = a * per_unit, c = a * used, r = a * reporting;
      for (Eigen::Index t = 0; t < targets; ++t) {
        out.counts(t, p) = static_cast<std::int64_t>(c[t]);
        if (r[t] > 0) out.values(t, p) = s[t];
      }
    }
    return out;
  }

  // min / max: not linear; walk each target's members.
  const bool is_min = type == AggregationType::min;
  for (Eigen::Index t = 0; t < targets; ++t) {
    for (Eigen::Index p = 0; p < np; ++p) {
      const auto [k0, k1] = spans[static_cast<std::size_t>(p)];
      double best = nan_value;
      std::int64_t n = 0;
      for (AggregationMatrix::InnerIterator it(a, t); it; ++it)
        for (int k = k0; k <= k1; ++k) {
          const double v = m(it.col(), k);
          if (std::isnan(v)) continue;
          ++n;
          if (std::isnan(best) || (is_min ? v < best : v > best)) best = v;
        }
      out.values(t, p) = best;
      out.counts(t, p) = n;
    }
  }
  return out;
}

} // namespace zhibiao
