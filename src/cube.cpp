#include "zhibiao/cube.hpp"

#include "zhibiao/column_eigen.hpp"

#include "zhibiao/detail/calendar.hpp"
#include "zhibiao/detail/numeric.hpp"
#include "zhibiao/detail/parallel.hpp"
#include "zhibiao/detail/utf8.hpp"
#include "zhibiao/sparse.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <functional>
#include <limits>
#include <numeric>
#include <sstream>
#include <type_traits>

#ifdef __linux__
#include <sys/mman.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#endif

namespace zhibiao {

namespace {

using detail::nan;

// Asks the kernel to back [data, data + bytes) with 2 MB pages where it can (Linux, transparent
// huge pages in "madvise" mode): a load's first write to each 4 kB page of a fresh 16 MB slot
// was a page fault, a quarter of the load's time.
void advise_huge_pages(void* data, std::size_t bytes) noexcept {
#ifdef __linux__
  constexpr std::uintptr_t huge = std::uintptr_t{1} << 21;
  const auto begin = (reinterpret_cast<std::uintptr_t>(data) + huge - 1) & ~(huge - 1);
  const auto end = (reinterpret_cast<std::uintptr_t>(data) + bytes) & ~(huge - 1);
  if (end > begin) madvise(reinterpret_cast<void*>(begin), end - begin, MADV_HUGEPAGE);
#else
  (void)data;
  (void)bytes;
#endif
}

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& s : items) out += (out.empty() ? "" : ", ") + s;
  return out;
}

} // namespace

std::string_view to_string(ParentValues choice) noexcept {
  switch (choice) {
  case ParentValues::error: return "error";
  case ParentValues::keep_children: return "keep_children";
  case ParentValues::keep_parent: return "keep_parent";
  case ParentValues::add: return "add";
  }
  return "error";
}

ParentValues parse_parent_values(std::string_view text) {
  for (const auto choice : {ParentValues::error, ParentValues::keep_children,
                            ParentValues::keep_parent, ParentValues::add})
    if (text == to_string(choice)) return choice;
  throw invalid_input("parent_values", "unknown choice '" + std::string(text) +
                                           "'; expected 'error', 'keep_children', "
                                           "'keep_parent' or 'add'");
}

// --- construction -----------------------------------------------------------------------------

DataCube::DataCube(OrgUnitTree tree, std::vector<DataElement> elements, Period first_month,
                   int months)
    : DataCube(std::make_shared<const OrgUnitTree>(std::move(tree)), std::move(elements),
               first_month, months) {}

DataCube::~DataCube() = default;
DataCube::DataCube(const DataCube&) = default;
DataCube::DataCube(DataCube&&) noexcept = default;
DataCube& DataCube::operator=(const DataCube&) = default;
DataCube& DataCube::operator=(DataCube&&) noexcept = default;

DataCube::DataCube(std::shared_ptr<const OrgUnitTree> tree, std::vector<DataElement> elements,
                   Period first_month, int months)
    : tree_(std::move(tree)), elements_(std::move(elements)), first_month_(first_month),
      months_(months) {
  if (!tree_) throw invalid_input("tree", "is null");
  if (first_month_.type() != PeriodType::month)
    throw invalid_input("first_month", "must be a month, got " + first_month_.code());
  if (months_ < 1)
    throw invalid_input("months", "must be at least 1, got " + std::to_string(months_));
  // Every month of the cube is a Period (lookups, aggregation, time aggregation), so the last
  // one must lie in the calendar, which ends in 9999-12 (issue 14 class 1): checked on month
  // numbers, since the Period of a month past the end cannot be made.
  const auto start = first_month_.start();
  const long long first = static_cast<long long>(start.year()) * 12 + (start.month() - 1);
  const long long last_in_calendar = static_cast<long long>(detail::last_year) * 12 + 11;
  if (first + months_ - 1 > last_in_calendar)
    throw invalid_input("months", std::to_string(months_) + " months from " + first_month_.code() +
                                      " run past 999912, the last month of the calendar (at most " +
                                      std::to_string(last_in_calendar - first + 1) + ")");
  for (std::size_t e = 0; e < elements_.size(); ++e) {
    const auto& el = elements_[e];
    validate(el);
    if (slots_of_element_.count(el.id))
      throw invalid_input("elements", "data element '" + el.id + "' is defined twice");
    auto& slots = slots_of_element_[el.id];
    const auto add = [&](const std::string& key) {
      slot_by_key_[key] = slots_.size();
      slots.push_back(slots_.size());
      slots_.push_back({e, key, {}}); // storage is allocated when the key's first value arrives
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
  const auto ym = detail::add_months(
      {detail::year_of(first_month_.start()), detail::month_of(first_month_.start())}, k);
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

LoadReport DataCube::load(const LongTable& t, OnBadRows on_bad_rows, ParentValues parent_values) {
  const auto views = [](const std::vector<std::string>& texts) {
    return std::vector<std::string_view>(texts.begin(), texts.end());
  };
  const auto elements = views(t.elements), units = views(t.org_units), periods = views(t.periods);
  const LongTableView view{elements,      std::span<const std::int32_t>(t.element_codes),
                           units,         std::span<const std::int32_t>(t.org_unit_codes),
                           periods,       std::span<const std::int32_t>(t.period_codes),
                           t.values,      &t.non_numeric_values,
                           t.known_errors};
  return load(view, on_bad_rows, parent_values);
}

namespace {

// The steps of DataCube::load: resolve each distinct text of the table once, write the rows'
// values (the hot loop, on up to four threads), check what the parts found (repeats, errors),
// and commit.

// --- resolve: each distinct text once -----------------------------------------------------------

// One column's distinct texts resolved: index[i] ≥ 0, or -1 with the reason in error[i].
struct Resolved {
  std::vector<std::int64_t> index;
  std::unordered_map<std::size_t, std::string> error;
  void fail(std::size_t i, std::string why) {
    index[i] = -1;
    error.emplace(i, std::move(why));
  }
};

// The table's text columns resolved: element keys to slots, org unit codes to the tree's units,
// period texts to the cube's months.
struct ResolvedColumns {
  Resolved element_slot, unit, month;
};

// Element keys: slot_of(key) is the key's slot, if it has one; disaggregations_of(id) the
// disaggregations of the element `id`, or null when there is no such element.
template <class SlotOf, class DisaggregationsOf>
Resolved resolve_element_keys(std::span<const std::string_view> keys, const SlotOf& slot_of,
                              const DisaggregationsOf& disaggregations_of) {
  Resolved element_slot{std::vector<std::int64_t>(keys.size(), -1), {}};
  for (std::size_t i = 0; i < keys.size(); ++i) {
    const std::string_view key = keys[i];
    if (const auto s = slot_of(key)) {
      element_slot.index[i] = static_cast<std::int64_t>(*s);
      continue;
    }
    const auto dot = key.find('.');
    const std::string id(key.substr(0, dot));
    const std::vector<std::string>* const disaggregations = disaggregations_of(id);
    if (!disaggregations) {
      element_slot.fail(i, "unknown data element '" + std::string(key) + "'");
    } else {
      const auto& d = *disaggregations;
      element_slot.fail(
          i, dot == std::string_view::npos
                 ? "'" + std::string(key) + "' is reported by disaggregation: give one of " + id +
                       "." + join(d)
                 : "unknown disaggregation '" + std::string(key) + "'" +
                       (d.empty() ? "; " + id + " has none" : "; " + id + " has " + join(d)));
    }
  }
  return element_slot;
}

// Org units: often as many as the tree's (10^5), so split across threads; and as a long table
// usually lists them in the tree's order, the unit after the previous one is tried before
// the hash.
Resolved resolve_units(std::span<const std::string_view> codes, const OrgUnitTree& tree) {
  Resolved unit{std::vector<std::int64_t>(codes.size(), -1), {}};
  detail::parallel_for(codes.size(), 1 << 14, [&](std::size_t begin, std::size_t end) {
    std::size_t previous = OrgUnitTree::npos;
    for (std::size_t i = begin; i < end; ++i) {
      const std::string_view code = codes[i];
      std::size_t u = previous + 1; // npos + 1 == 0
      if (u >= tree.size() || !detail::same_text(tree.code(u), code)) u = tree.find(code);
      unit.index[i] = u == OrgUnitTree::npos ? -1 : static_cast<std::int64_t>(u);
      previous = u;
    }
  });
  for (std::size_t i = 0; i < codes.size(); ++i)
    if (unit.index[i] < 0) unit.fail(i, "unknown org unit code '" + std::string(codes[i]) + "'");
  return unit;
}

// Period texts: months of the cube.
Resolved resolve_months(std::span<const std::string_view> texts, const DataCube& cube) {
  Resolved month{std::vector<std::int64_t>(texts.size(), -1), {}};
  const Date cube_start = cube.first_month().start();
  for (std::size_t i = 0; i < texts.size(); ++i) {
    const std::string text(texts[i]);
    try {
      const Period p = Period::parse(text);
      if (p.type() != PeriodType::month) {
        month.fail(i, "'" + text + "' is a " + std::string(to_string(p.type())) +
                          "; data values are monthly");
        continue;
      }
      const int k = (detail::year_of(p.start()) - detail::year_of(cube_start)) * 12 +
                    detail::month_of(p.start()) - detail::month_of(cube_start);
      if (k < 0 || k >= cube.months())
        month.fail(i, "'" + text + "' is outside the cube's months " + cube.first_month().code() +
                          " … " + cube.month(cube.months() - 1).code());
      else month.index[i] = k;
    } catch (const parse_error& e) {
      month.fail(i, e.what());
    }
  }
  return month;
}

// What a row's code resolves to, -1 when the code is missing or its text bad.
std::int64_t resolved_index(const Resolved& resolved, std::int64_t code) {
  return code >= 0 && static_cast<std::size_t>(code) < resolved.index.size()
             ? resolved.index[static_cast<std::size_t>(code)]
             : -1;
}

// Why a row is bad, field by field (only called for a row that is).
void report_bad_row(const LongTableView& t, const ResolvedColumns& resolved, std::size_t r,
                    std::int64_t ce, std::int64_t cu, std::int64_t cp,
                    std::vector<row_error>& out) {
  const auto check = [&](std::int64_t code, const Resolved& column, const char* field) {
    if (code < 0 || static_cast<std::size_t>(code) >= column.index.size())
      out.push_back({r, field, "is missing"});
    else if (column.index[static_cast<std::size_t>(code)] < 0)
      out.push_back({r, field, column.error.at(static_cast<std::size_t>(code))});
  };
  check(ce, resolved.element_slot, "element");
  check(cu, resolved.unit, "org_unit");
  check(cp, resolved.month, "period");
  const double v = t.values[r];
  if (std::isnan(v)) {
    const auto* texts = t.non_numeric_values;
    const auto text = texts ? texts->find(r) : decltype(texts->find(r)){};
    out.push_back({r, "value",
                   !texts || text == texts->end() ? std::string("is missing")
                                                  : "is not a number ('" + text->second + "')"});
  } else if (!std::isfinite(v)) {
    out.push_back({r, "value", "is not a finite number"});
  } else if (v < 0) {
    std::ostringstream s;
    s << "is negative (" << v << ")";
    out.push_back({r, "value", s.str()});
  }
}

// --- write: the rows' values into the slots' storage --------------------------------------------

constexpr std::uint64_t no_cell = ~std::uint64_t{0};

// The table, resolved, and where its values go: cell (slot · units + unit) · months + month of
// the slots' storage laid end to end, per_slot = units · months cells each. fresh[s]: slot s's
// storage was allocated by this load and holds uninitialised cells until the commit.
struct LoadRows {
  const LongTableView& t;
  const ResolvedColumns& resolved;
  std::uint64_t units, months, per_slot;
  const std::vector<std::uint8_t>& fresh;
  const std::vector<double*>& storage;
  const std::vector<std::size_t>& known_rows; // rows of t.known_errors, sorted

  // The row's cell, or no_cell when the row is bad; values already in the cube are errors.
  std::uint64_t cell_of(std::int64_t ce, std::int64_t cu, std::int64_t cp, double v) const {
    const std::int64_t s = resolved_index(resolved.element_slot, ce),
                       u = resolved_index(resolved.unit, cu),
                       k = resolved_index(resolved.month, cp);
    if (s < 0 || u < 0 || k < 0 || !(v >= 0 && v <= std::numeric_limits<double>::max()))
      return no_cell;
    return (static_cast<std::uint64_t>(s) * units + static_cast<std::uint64_t>(u)) * months +
           static_cast<std::uint64_t>(k);
  }
  bool already_stored(std::uint64_t cell) const {
    const std::size_t s = cell / per_slot;
    return !fresh[s] && !std::isnan(storage[s][cell % per_slot]);
  }
};

// What one part of the rows found. Each part marks the cells it filled in its own bitmap (no
// atomics in the loop); a cell marked by two parts is a repeat too.
struct Part {
  std::vector<row_error> errors;
  std::vector<std::uint64_t> seen;     // one bit per cell filled by this part
  std::vector<std::uint64_t> repeated; // cells this part filled twice
  std::vector<std::size_t> deferred;   // good rows for keys that already had values
  std::size_t good = 0;
};

// Reports a row that is not stored (rare: kept out of the row loop, which is compiled once per
// code width of each column, so kept small).
using RowReport = std::function<void(std::size_t, std::int64_t, std::int64_t, std::int64_t,
                                     std::vector<row_error>&)>;

// Rows [begin, end) into `out`, with `words` words of bitmap: values of fresh keys go straight
// into their storage, those of keys that already had values are deferred to the commit.
void write_part(const LoadRows& in, const RowReport& bad_row, const RowReport& stored_row,
                std::uint64_t words, Part& out, std::size_t begin, std::size_t end) {
  const LongTableView& t = in.t;
  out.seen.assign(words, 0);
  // Everything the loop reads, as locals: through references the compiler had to reload each
  // after every store to the bitmap (a uint64_t, as units and months are).
  const std::int64_t* const slot_index = in.resolved.element_slot.index.data();
  const std::int64_t* const unit_index = in.resolved.unit.index.data();
  const std::int64_t* const month_index = in.resolved.month.index.data();
  const auto n_elements = static_cast<std::int64_t>(in.resolved.element_slot.index.size());
  const auto n_units = static_cast<std::int64_t>(in.resolved.unit.index.size());
  const auto n_months = static_cast<std::int64_t>(in.resolved.month.index.size());
  const double* const values = t.values.data();
  double* const* const slot_storage = in.storage.data();
  const std::uint8_t* const slot_fresh = in.fresh.data();
  std::uint64_t* const seen = out.seen.data();
  const std::uint64_t m_months = in.months, m_per_slot = in.per_slot;
  constexpr double largest = std::numeric_limits<double>::max();
  const auto first_known = std::lower_bound(in.known_rows.begin(), in.known_rows.end(), begin);
  const auto last_known = in.known_rows.end();
  const auto* const bad = &bad_row;
  const auto* const stored_before = &stored_row;
  // Captures by value: what the loop reads must be its own locals, or the compiler reloads them
  // after every store to the bitmap.
  const auto rows = [=, &out](const auto* element_codes, const auto* unit_codes,
                              const auto* period_codes) {
    std::size_t good = 0;
    auto known = first_known;
    std::size_t next_known = known == last_known ? end : *known;
    for (std::size_t r = begin; r < end; ++r) {
      if (r == next_known) { // a row already reported before the table was built
        while (known != last_known && *known == r) ++known;
        next_known = known == last_known ? end : *known;
        continue;
      }
      const double v = values[r];
      const std::int64_t ce = element_codes[r], cu = unit_codes[r], cp = period_codes[r];
      const std::int64_t s = ce >= 0 && ce < n_elements ? slot_index[ce] : -1;
      const std::int64_t u = cu >= 0 && cu < n_units ? unit_index[cu] : -1;
      const std::int64_t k = cp >= 0 && cp < n_months ? month_index[cp] : -1;
      if ((s | u | k) < 0 || !(v >= 0 && v <= largest)) {
        (*bad)(r, ce, cu, cp, out.errors);
        continue;
      }
      // No division here: at 2×10^6 rows a 64-bit divide per row cost a third of the loop.
      const std::uint64_t offset =
          static_cast<std::uint64_t>(u) * m_months + static_cast<std::uint64_t>(k);
      const std::uint64_t cell = static_cast<std::uint64_t>(s) * m_per_slot + offset;
      double* const stored = slot_storage[s] + offset;
      if (slot_fresh[s]) {
        *stored = v;
      } else if (!std::isnan(*stored)) {
        (*stored_before)(r, ce, u, k, out.errors);
        continue;
      } else {
        out.deferred.push_back(r);
      }
      const std::uint64_t bit = std::uint64_t{1} << (cell % 64);
      if (seen[cell / 64] & bit) out.repeated.push_back(cell);
      seen[cell / 64] |= bit;
      ++good;
    }
    out.good = good;
  };
  t.element_codes.visit([&](const auto* e) {
    t.org_unit_codes.visit(
        [&](const auto* u) { t.period_codes.visit([&](const auto* p) { rows(e, u, p); }); });
  });
}

// The written rows: their parts, and the words of bitmap each part has.
struct Written {
  std::vector<Part> part;
  std::uint64_t words;
};

// The rows, in up to four parts on their own threads.
Written write_rows(const LoadRows& in, const DataCube& cube, std::size_t slots) {
  const LongTableView& t = in.t;
  const std::size_t n = t.values.size();
  const std::uint64_t words = (slots * in.per_slot + 63) / 64;
  std::size_t parts = std::min<std::size_t>({detail::max_threads(), 4, n / (1 << 16)});
  if (parts < 1 || words > (std::uint64_t{1} << 24))
    parts = 1; // above 128 MB a bitmap each is too much
  std::vector<Part> part(parts);
  const RowReport bad_row = [&](std::size_t r, std::int64_t ce, std::int64_t cu, std::int64_t cp,
                                std::vector<row_error>& out) {
    report_bad_row(t, in.resolved, r, ce, cu, cp, out);
  };
  const RowReport stored_row = [&](std::size_t r, std::int64_t ce, std::int64_t u, std::int64_t k,
                                   std::vector<row_error>& out) {
    out.push_back({r, "value",
                   "a value for " + std::string(t.elements[static_cast<std::size_t>(ce)]) + ", " +
                       cube.tree().code(static_cast<std::size_t>(u)) + ", " +
                       cube.month(static_cast<int>(k)).code() +
                       " is already in the cube from an earlier load"});
  };
  detail::parallel_for(parts, 1, [&](std::size_t begin, std::size_t end) {
    for (std::size_t p = begin; p < end; ++p)
      write_part(in, bad_row, stored_row, words, part[p], n * p / parts, n * (p + 1) / parts);
  });
  return {std::move(part), words};
}

// --- check: the parts' findings together ---------------------------------------------------------

// The rows' errors (the table's known ones first), the cells filled more than once and the good
// rows; part[0].seen becomes the union of the parts' bitmaps.
struct Checked {
  std::vector<row_error> errors;
  std::vector<std::uint64_t> repeated;
  std::size_t good = 0;
};

Checked merge_parts(const LongTableView& t, Written& written) {
  std::vector<Part>& part = written.part;
  const std::uint64_t words = written.words;
  Checked out{std::vector<row_error>(t.known_errors.begin(), t.known_errors.end()), {}, 0};
  std::vector<row_error>& errors = out.errors;
  std::vector<std::uint64_t>& repeated = out.repeated;
  std::size_t& good = out.good;
  for (auto& p : part) {
    errors.insert(errors.end(), std::make_move_iterator(p.errors.begin()),
                  std::make_move_iterator(p.errors.end()));
    repeated.insert(repeated.end(), p.repeated.begin(), p.repeated.end());
    good += p.good;
  }
  std::vector<std::uint64_t>& filled = part[0].seen; // becomes the union of the parts' bitmaps
  for (std::size_t p = 1; p < part.size(); ++p)
    for (std::uint64_t w = 0; w < words; ++w) {
      std::uint64_t twice = filled[w] & part[p].seen[w];
      filled[w] |= part[p].seen[w];
      for (; twice; twice &= twice - 1)
        repeated.push_back(w * 64 + static_cast<std::uint64_t>(std::countr_zero(twice)));
    }
  return out;
}

// "row 3", "rows 3, 8" or "rows 3, 8, 9 and 4 more": the rows a message names.
std::string rows_text(const std::vector<std::size_t>& rows) {
  constexpr std::size_t shown = 3;
  std::string out = rows.size() == 1 ? "row " : "rows ";
  for (std::size_t i = 0; i < rows.size() && i < shown; ++i)
    out += (i ? ", " : "") + std::to_string(rows[i]);
  if (rows.size() > shown) out += " and " + std::to_string(rows.size() - shown) + " more";
  return out;
}

// Every row of each repeated cell, in row order: none is loaded, since which of the values is
// right cannot be told (the same rule as for a parent value beside its descendants'), and each
// names the others: the cell's first row "is repeated by row …", each later one "repeats row
// …". One more pass over the rows, only when there are repeats. Returns the rows, sorted.
std::vector<std::size_t> drop_repeats(const LoadRows& in, Checked& checked) {
  const LongTableView& t = in.t;
  std::vector<std::uint64_t>& repeated = checked.repeated;
  std::vector<std::size_t> dropped;
  if (repeated.empty()) return dropped;
  std::sort(repeated.begin(), repeated.end());
  repeated.erase(std::unique(repeated.begin(), repeated.end()), repeated.end());
  std::unordered_map<std::uint64_t, std::vector<std::size_t>> rows_of;
  for (std::size_t r = 0; r < t.values.size(); ++r) {
    if (std::binary_search(in.known_rows.begin(), in.known_rows.end(), r)) continue;
    const std::uint64_t cell =
        in.cell_of(t.element_codes[r], t.org_unit_codes[r], t.period_codes[r], t.values[r]);
    if (cell == no_cell || in.already_stored(cell) ||
        !std::binary_search(repeated.begin(), repeated.end(), cell))
      continue;
    rows_of[cell].push_back(r);
  }
  constexpr const char* same = " (same element, org unit and period)";
  for (const auto& [cell, rows] : rows_of) {
    checked.errors.push_back(
        {rows[0], "value",
         "is repeated by " + rows_text(std::vector<std::size_t>(rows.begin() + 1, rows.end())) +
             same});
    for (std::size_t i = 1; i < rows.size(); ++i)
      checked.errors.push_back({rows[i], "value", "repeats row " + std::to_string(rows[0]) + same});
    dropped.insert(dropped.end(), rows.begin(), rows.end());
  }
  std::sort(dropped.begin(), dropped.end());
  return dropped;
}

// --- parent values: a unit's value beside values of its descendants ----------------------------

// Bits [pos, pos + len) of a bitmap as the low bits of a word, 1 ≤ len ≤ 64.
std::uint64_t bits_at(const std::uint64_t* bitmap, std::uint64_t pos, std::uint64_t len) {
  const std::uint64_t word = pos / 64, shift = pos % 64;
  std::uint64_t bits = bitmap[word] >> shift;
  if (shift != 0 && shift + len > 64) bits |= bitmap[word + 1] << (64 - shift);
  return len == 64 ? bits : bits & ((std::uint64_t{1} << len) - 1);
}

// The values of one slot that sit beside values of their ancestors (same key, same month), each
// conflict involving at least one value of this load (two values of earlier loads were settled
// then). Cells are offsets unit · months + month within the slot.
struct SlotConflicts {
  std::size_t slot;
  std::vector<std::uint64_t> ancestors; // cells with a value below them, sorted
  // Each cell with a value above it, and its nearest such ancestor's cell.
  std::vector<std::pair<std::uint64_t, std::uint64_t>> pairs;
};

// Which units have values in each month is read from the load's bitmap of filled cells (one
// bit per cell) and, for a key that had values, from its storage. One walk up the tree
// (the depth-first order backwards) ORs each unit's months into its parent's "below" mask: a
// unit with a value in a month its mask has is an ancestor in conflict. Only when there is one,
// a walk down finds the descendants' side and pairs each with its nearest ancestor.
// O(units · ⌈months / 64⌉) words per key loaded.
std::vector<SlotConflicts> find_parent_values(const LoadRows& in,
                                              const std::vector<std::uint64_t>& filled,
                                              const OrgUnitTree& tree) {
  const auto units = static_cast<std::size_t>(in.units);
  const std::uint64_t months = in.months, words = (months + 63) / 64;
  std::vector<std::uint8_t> touched(in.fresh.size(), 0);
  for (const std::int64_t s : in.resolved.element_slot.index)
    if (s >= 0) touched[static_cast<std::size_t>(s)] = 1;
  const auto& order = tree.depth_first_order();
  const std::vector<std::size_t>& parent = tree.parents();
  std::vector<SlotConflicts> out;
  std::vector<std::uint64_t> below_all, below_new;
  for (std::size_t s = 0; s < touched.size(); ++s) {
    if (!touched[s]) continue;
    const std::uint64_t* const bitmap = filled.data();
    const std::uint64_t base = s * in.per_slot;
    const double* const stored = in.fresh[s] ? nullptr : in.storage[s];
    const auto fresh_bits = [&](std::size_t u, std::uint64_t j) {
      return bits_at(bitmap, base + u * months + 64 * j,
                     std::min<std::uint64_t>(64, months - 64 * j));
    };
    const auto stored_bits = [&](std::size_t u, std::uint64_t j) {
      std::uint64_t bits = 0;
      if (!stored) return bits;
      const std::uint64_t k1 = std::min(months, 64 * j + 64);
      for (std::uint64_t k = 64 * j; k < k1; ++k)
        if (!std::isnan(stored[u * months + k])) bits |= std::uint64_t{1} << (k - 64 * j);
      return bits;
    };
    SlotConflicts found{s, {}, {}};
    below_all.assign(units * words, 0);
    if (stored) below_new.assign(units * words, 0);
    if (!stored && words == 1) {
      // The common case, a fresh key of at most 64 months: the walk up with each unit's months
      // in one word, everything in registers (the general loop below spilled them). Siblings
      // come in runs: their months are ORed in `run` and into the parent once per run, as in
      // aggregate(), so that a step does not wait for the previous one's store.
      const std::uint64_t all = months == 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << months) - 1;
      std::uint64_t* const below = below_all.data();
      const std::size_t* const up = parent.data();
      std::uint64_t run = 0;
      std::size_t run_parent = OrgUnitTree::npos;
      for (std::size_t i = order.size(); i-- > 0;) {
        const std::size_t u = order[i], p = up[u];
        if (p != run_parent) { // may complete u itself, whose children were the run
          if (run_parent != OrgUnitTree::npos) below[run_parent] |= run;
          run_parent = p;
          run = 0;
        }
        const std::uint64_t at = base + u * months, word = at / 64, shift = at % 64;
        std::uint64_t mine = bitmap[word] >> shift;
        if (shift + months > 64) mine |= bitmap[word + 1] << (64 - shift);
        mine &= all;
        const std::uint64_t below_u = below[u];
        if (mine & below_u) [[unlikely]]
          for (std::uint64_t c = mine & below_u; c; c &= c - 1)
            found.ancestors.push_back(u * months + static_cast<std::uint64_t>(std::countr_zero(c)));
        run |= mine | below_u;
      }
      if (run_parent != OrgUnitTree::npos) below[run_parent] |= run;
    } else
      // The walk up. For a fresh key nothing was stored, so "new" is "all".
      for (std::size_t i = order.size(); i-- > 0;) {
        const std::size_t u = order[i], p = parent[u];
        for (std::uint64_t j = 0; j < words; ++j) {
          const std::uint64_t mine = fresh_bits(u, j), below = below_all[u * words + j];
          std::uint64_t conflict = mine & below;
          std::uint64_t theirs = 0;
          if (stored) {
            theirs = stored_bits(u, j);
            conflict |= theirs & below_new[u * words + j];
            if (p != OrgUnitTree::npos) below_new[p * words + j] |= mine | below_new[u * words + j];
          }
          if (p != OrgUnitTree::npos) below_all[p * words + j] |= mine | theirs | below;
          for (; conflict; conflict &= conflict - 1)
            found.ancestors.push_back(u * months + 64 * j +
                                      static_cast<std::uint64_t>(std::countr_zero(conflict)));
        }
      }
    if (found.ancestors.empty()) continue;
    std::sort(found.ancestors.begin(), found.ancestors.end());
    // The walk down: above_all / above_new, the months in which some ancestor has a value (of
    // this load); a unit's value in such a month is the descendant's side.
    const auto has = [&](std::size_t u, std::uint64_t k, bool new_only) {
      const std::uint64_t cell = base + u * months + k;
      if ((bitmap[cell / 64] >> (cell % 64)) & 1) return true;
      return !new_only && stored && !std::isnan(stored[u * months + k]);
    };
    std::vector<std::uint64_t> above_all(units * words, 0), above_new(units * words, 0);
    for (const std::size_t u : order) {
      const std::size_t p = parent[u];
      for (std::uint64_t j = 0; j < words; ++j) {
        const std::uint64_t mine = fresh_bits(u, j), theirs = stored_bits(u, j);
        if (p != OrgUnitTree::npos) {
          above_all[u * words + j] =
              above_all[p * words + j] | fresh_bits(p, j) | stored_bits(p, j);
          above_new[u * words + j] = above_new[p * words + j] | fresh_bits(p, j);
        }
        std::uint64_t side =
            (mine & above_all[u * words + j]) | ((mine | theirs) & above_new[u * words + j]);
        for (; side; side &= side - 1) {
          const std::uint64_t k = 64 * j + static_cast<std::uint64_t>(std::countr_zero(side));
          const bool mine_new = has(u, k, true);
          for (std::size_t a = p; a != OrgUnitTree::npos; a = parent[a])
            if (has(a, k, false) && (mine_new || has(a, k, true))) {
              found.pairs.emplace_back(u * months + k, a * months + k);
              break;
            }
        }
      }
    }
    out.push_back(std::move(found));
  }
  return out;
}

// What a load's ParentValues makes of the conflicts found: bad rows (error), rows of this load
// not stored (error in mark mode, keep_children), values of earlier loads removed
// (keep_children), cells whose value stands for its subtree (keep_parent), and the report.
struct Settled {
  std::vector<row_error> errors;
  std::vector<std::size_t> dropped;                           // rows, sorted
  std::vector<std::uint64_t> dropped_cells;                   // cells of those rows
  std::vector<std::pair<std::size_t, std::uint64_t>> removed; // (slot, cell in the slot)
  std::vector<std::pair<std::size_t, std::uint64_t>> kept;    // (slot, cell in the slot)
  std::vector<ParentConflict> conflicts;
};

Settled settle_parent_values(const LoadRows& in, const std::vector<SlotConflicts>& found,
                             ParentValues choice, const DataCube& cube,
                             const std::vector<const std::string*>& key_of_slot) {
  Settled out;
  if (found.empty()) return out;
  const LongTableView& t = in.t;
  const OrgUnitTree& tree = cube.tree();
  const std::uint64_t months = in.months;
  // The rows of every cell in a conflict (a cell of an earlier load has none).
  std::unordered_map<std::uint64_t, std::vector<std::size_t>> rows_of;
  for (const auto& f : found) {
    for (const std::uint64_t c : f.ancestors) rows_of[f.slot * in.per_slot + c];
    for (const auto& [d, a] : f.pairs) rows_of[f.slot * in.per_slot + d];
  }
  for (std::size_t r = 0; r < t.values.size(); ++r) {
    if (std::binary_search(in.known_rows.begin(), in.known_rows.end(), r)) continue;
    const std::uint64_t cell =
        in.cell_of(t.element_codes[r], t.org_unit_codes[r], t.period_codes[r], t.values[r]);
    if (cell == no_cell || in.already_stored(cell)) continue;
    if (const auto it = rows_of.find(cell); it != rows_of.end()) it->second.push_back(r);
  }
  const auto rows = [&](std::size_t slot, std::uint64_t c) -> const std::vector<std::size_t>& {
    return rows_of.at(slot * in.per_slot + c);
  };
  const auto where = [&](std::size_t slot, std::uint64_t c) {
    const auto& r = rows(slot, c);
    return tree.code(static_cast<std::size_t>(c / months)) + " (" +
           (r.empty() ? std::string("from an earlier load") : rows_text(r)) + ")";
  };
  const auto drop = [&](std::size_t slot, std::uint64_t c) {
    const auto& r = rows(slot, c);
    if (r.empty()) return false;
    out.dropped.insert(out.dropped.end(), r.begin(), r.end());
    out.dropped_cells.push_back(slot * in.per_slot + c);
    return true;
  };
  constexpr const char* choose =
      "; added up the tree, the same figures would be counted twice (choose parent_values: "
      "keep_children, keep_parent or add)";
  for (const auto& f : found) {
    const std::string& key = *key_of_slot[f.slot];
    for (const auto& [d, a] : f.pairs) {
      const auto& dr = rows(f.slot, d);
      const auto& ar = rows(f.slot, a);
      out.conflicts.push_back({key, cube.month(static_cast<int>(d % months)),
                               static_cast<std::size_t>(a / months),
                               static_cast<std::size_t>(d / months),
                               ar.empty() ? std::nullopt : std::optional<std::size_t>(ar.front()),
                               dr.empty() ? std::nullopt : std::optional<std::size_t>(dr.front())});
      if (choice != ParentValues::error) continue;
      const std::string month = cube.month(static_cast<int>(d % months)).code();
      for (const std::size_t r : dr)
        out.errors.push_back({r, "org_unit",
                              "its ancestor " + where(f.slot, a) + " also has a value for " + key +
                                  " in " + month + choose});
      drop(f.slot, d);
    }
    if (choice == ParentValues::error) {
      // Each ancestor's row names the values right below it (those it is the nearest of).
      std::map<std::uint64_t, std::vector<std::uint64_t>> below;
      for (const auto& [d, a] : f.pairs) below[a].push_back(d);
      for (const std::uint64_t a : f.ancestors) {
        const auto& ar = rows(f.slot, a);
        if (ar.empty()) continue;
        std::string units;
        const auto& ds = below[a];
        for (std::size_t i = 0; i < ds.size() && i < 3; ++i)
          units += (i ? ", " : "") + where(f.slot, ds[i]);
        if (ds.size() > 3) units += " and " + std::to_string(ds.size() - 3) + " more";
        const std::string month = cube.month(static_cast<int>(a % months)).code();
        for (const std::size_t r : ar)
          out.errors.push_back({r, "org_unit",
                                "org units below it also have values for " + key + " in " + month +
                                    ": " + units + choose});
        drop(f.slot, a);
      }
    } else if (choice == ParentValues::keep_children) {
      for (const std::uint64_t a : f.ancestors)
        if (!drop(f.slot, a)) out.removed.emplace_back(f.slot, a);
    } else if (choice == ParentValues::keep_parent) {
      for (const std::uint64_t a : f.ancestors) out.kept.emplace_back(f.slot, a);
    }
  }
  std::sort(out.dropped.begin(), out.dropped.end());
  out.dropped.erase(std::unique(out.dropped.begin(), out.dropped.end()), out.dropped.end());
  const auto row_or_end = [](const std::optional<std::size_t>& r) {
    return r.value_or(static_cast<std::size_t>(-1));
  };
  std::stable_sort(out.conflicts.begin(), out.conflicts.end(),
                   [&](const ParentConflict& x, const ParentConflict& y) {
                     return std::pair(row_or_end(x.descendant_row), row_or_end(x.ancestor_row)) <
                            std::pair(row_or_end(y.descendant_row), row_or_end(y.ancestor_row));
                   });
  return out;
}

// --- commit: once the table is known good --------------------------------------------------------

// Fresh keys: every cell no row filled is absent.
void fill_absent(const LoadRows& in, const std::vector<std::uint64_t>& filled) {
  const std::uint64_t per_slot = in.per_slot;
  for (std::size_t s = 0; s < in.fresh.size(); ++s) {
    if (!in.fresh[s]) continue;
    double* dst = in.storage[s];
    const std::uint64_t lo = s * per_slot, hi = lo + per_slot;
    for (std::uint64_t c = lo; c < hi;) {
      const std::uint64_t w = filled[c / 64];
      if (c % 64 == 0 && hi - c >= 64 && w == ~std::uint64_t{0}) {
        c += 64;
        continue;
      }
      if (!((w >> (c % 64)) & 1)) dst[c - lo] = nan;
      ++c;
    }
  }
}

// Keys that had values: the good rows now.
void write_deferred(const LoadRows& in, const std::vector<Part>& part,
                    const std::vector<std::size_t>& dropped) {
  const LongTableView& t = in.t;
  for (const auto& p : part)
    for (std::size_t r : p.deferred) {
      if (!dropped.empty() && std::binary_search(dropped.begin(), dropped.end(), r)) continue;
      const std::uint64_t cell =
          in.cell_of(t.element_codes[r], t.org_unit_codes[r], t.period_codes[r], t.values[r]);
      in.storage[cell / in.per_slot][cell % in.per_slot] = t.values[r];
    }
}

} // namespace

LoadReport DataCube::load(const LongTableView& t, OnBadRows on_bad_rows,
                          ParentValues parent_values) {
  const std::size_t n = t.values.size();
  if (t.element_codes.size() != n || t.org_unit_codes.size() != n || t.period_codes.size() != n)
    throw invalid_input(
        "table", "columns differ in length: element " + std::to_string(t.element_codes.size()) +
                     ", org_unit " + std::to_string(t.org_unit_codes.size()) + ", period " +
                     std::to_string(t.period_codes.size()) + ", value " + std::to_string(n));
  const OrgUnitTree& tree = *tree_;

  // Resolve each distinct text once.
  const ResolvedColumns resolved{
      resolve_element_keys(
          t.elements, [this](std::string_view key) { return slot_of(key); },
          [this](const std::string& id) -> const std::vector<std::string>* {
            const auto el = slots_of_element_.find(id);
            if (el == slots_of_element_.end()) return nullptr;
            return &elements_[slots_[el->second.front()].element].disaggregations;
          }),
      resolve_units(t.org_units, tree), resolve_months(t.periods, *this)};

  const auto units = static_cast<std::uint64_t>(tree.size());
  const auto months = static_cast<std::uint64_t>(months_);
  const std::uint64_t per_slot = units * months;
  // Storage for keys that had no values yet is allocated now, uninitialised: the rows' values
  // go straight into it, cells no row filled become NaN at the end, and if the load raises it
  // is dropped. Keys already holding values get theirs only once the table is known good.
  std::vector<std::uint8_t> fresh(slots_.size(), 0);
  for (const std::int64_t s : resolved.element_slot.index)
    if (s >= 0 && slots_[static_cast<std::size_t>(s)].values.size() == 0)
      fresh[static_cast<std::size_t>(s)] = 1;
  // Until the load is done, the fresh storage holds uninitialised cells: dropped on any way out
  // (the table's errors in raise mode, or an exception such as bad_alloc).
  struct DropFresh {
    std::vector<Slot>& slots;
    const std::vector<std::uint8_t>& fresh;
    bool done = false;
    ~DropFresh() {
      if (done) return;
      for (std::size_t s = 0; s < slots.size(); ++s)
        if (fresh[s]) slots[s].values = SlotValues();
    }
  } drop_fresh{slots_, fresh};
  std::vector<double*> storage(slots_.size(), nullptr);
  for (std::size_t s = 0; s < slots_.size(); ++s) {
    if (fresh[s]) {
      slots_[s].values.resize(units, static_cast<std::size_t>(months_), nan);
      advise_huge_pages(slots_[s].values.data(),
                        static_cast<std::size_t>(slots_[s].values.size()) * sizeof(double));
    }
    storage[s] = slots_[s].values.data();
  }

  std::vector<std::size_t> known_rows;
  for (const auto& e : t.known_errors) known_rows.push_back(e.row);
  std::sort(known_rows.begin(), known_rows.end());
  const LoadRows rows{t, resolved, units, months, per_slot, fresh, storage, known_rows};

  // Write the rows, then check them: errors, the repeats of a cell, and values beside values of
  // their ancestors.
  Written written = write_rows(rows, *this, slots_.size());
  Checked checked = merge_parts(t, written);
  std::vector<std::uint64_t>& filled = written.part[0].seen;
  std::vector<std::size_t> dropped = drop_repeats(rows, checked);
  const auto unfill = [&](std::uint64_t cell) {
    filled[cell / 64] &= ~(std::uint64_t{1} << (cell % 64));
  };
  // A repeated cell is not stored. With ParentValues::error its rows still count as values for
  // the parent check (every bad row is reported); the other choices settle only what is stored.
  if (parent_values != ParentValues::error)
    for (const std::uint64_t cell : checked.repeated) unfill(cell);
  std::vector<const std::string*> key_of_slot;
  for (const auto& slot : slots_) key_of_slot.push_back(&slot.key);
  Settled settled = settle_parent_values(rows, find_parent_values(rows, filled, tree),
                                         parent_values, *this, key_of_slot);
  for (const std::uint64_t cell : checked.repeated) unfill(cell);
  std::vector<row_error>& errors = checked.errors;
  errors.insert(errors.end(), std::make_move_iterator(settled.errors.begin()),
                std::make_move_iterator(settled.errors.end()));
  std::stable_sort(errors.begin(), errors.end(),
                   [](const row_error& a, const row_error& b) { return a.row < b.row; });
  if (!errors.empty() && on_bad_rows == OnBadRows::raise) throw invalid_rows(std::move(errors));

  // Commit.
  if (!settled.dropped.empty()) {
    for (const std::uint64_t cell : settled.dropped_cells) unfill(cell);
    std::vector<std::size_t> all;
    std::set_union(dropped.begin(), dropped.end(), settled.dropped.begin(), settled.dropped.end(),
                   std::back_inserter(all));
    dropped = std::move(all);
  }
  fill_absent(rows, filled);
  drop_fresh.done = true;
  write_deferred(rows, written.part, dropped);
  for (const auto& [s, cell] : settled.removed) {
    slots_[s].values.data()[cell] = nan;
    auto& kept = slots_[s].kept_parent;
    if (const auto it = std::lower_bound(kept.begin(), kept.end(), cell);
        it != kept.end() && *it == cell)
      kept.erase(it);
  }
  for (const auto& [s, cell] : settled.kept) slots_[s].kept_parent.push_back(cell);
  if (!settled.kept.empty())
    for (auto& slot : slots_) {
      auto& kept = slot.kept_parent;
      std::sort(kept.begin(), kept.end());
      kept.erase(std::unique(kept.begin(), kept.end()), kept.end());
    }

  LoadReport report;
  report.loaded = checked.good - dropped.size();
  report.removed = settled.removed.size();
  value_count_ += report.loaded;
  value_count_ -= report.removed;
  report.errors = std::move(errors);
  report.parent_conflicts = std::move(settled.conflicts);
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

LoadReport DataCube::load(const std::vector<DataValueRow>& rows, OnBadRows on_bad_rows,
                          ParentValues parent_values) {
  LongTable t;
  Factoriser e, u, p;
  for (const auto& row : rows) {
    t.element_codes.push_back(e(t.elements, row.element));
    t.org_unit_codes.push_back(u(t.org_units, row.org_unit));
    t.period_codes.push_back(p(t.periods, row.period));
    t.values.push_back(row.value);
  }
  return load(t, on_bad_rows, parent_values);
}

// DataCube::load_csv: src/cube_csv.cpp.

std::optional<double> DataCube::value(std::string_view key, std::string_view org_unit,
                                      const Period& m) const {
  // A disaggregated element's own id stands for its total, as knows() and aggregate() read it:
  // the sum of the disaggregations stored for the unit and month (absent when none is).
  const std::vector<std::size_t> slots = slots_of_key(key);
  const std::size_t u = tree_->index(org_unit);
  if (m.type() != PeriodType::month) throw invalid_input("period", m.code() + " is not a month");
  const int k = (detail::year_of(m.start()) - detail::year_of(first_month_.start())) * 12 +
                detail::month_of(m.start()) - detail::month_of(first_month_.start());
  if (k < 0 || k >= months_) return std::nullopt;
  std::optional<double> total;
  for (const std::size_t s : slots) {
    if (slots_[s].values.size() == 0) continue;
    const double v = slots_[s].values(static_cast<Eigen::Index>(u), k);
    if (!std::isnan(v)) total = total.value_or(0.0) + v;
  }
  return total;
}

// --- aggregation --------------------------------------------------------------------------------

std::vector<std::size_t> DataCube::slots_of_key(std::string_view key) const {
  if (const auto s = slot_of(key)) return {*s};
  if (const auto it = slots_of_element_.find(key); it != slots_of_element_.end()) return it->second;
  throw invalid_input("element", "unknown data element or key '" + std::string(key) + "'");
}

DataCube::SlotValues DataCube::key_values(std::string_view key) const {
  const std::vector<std::size_t> slots = slots_of_key(key);
  // The total of a disaggregated element: per unit and month, the sum of the disaggregations
  // reported (absent where none was).
  SlotValues total(tree_->size(), static_cast<std::size_t>(months_), nan);
  for (std::size_t s : slots) {
    const auto& m = slots_[s].values;
    if (m.size() == 0) continue;
    double* const sum = total.data();
    const double* const part = m.data();
    for (std::size_t c = 0; c < total.size(); ++c)
      sum[c] = std::isnan(sum[c]) ? part[c] : std::isnan(part[c]) ? sum[c] : sum[c] + part[c];
  }
  return total;
}

std::vector<std::pair<int, int>> DataCube::month_spans(const std::vector<Period>& periods) const {
  const Date start = first_month_.start();
  std::vector<std::pair<int, int>> spans; // [first month, last month] within the cube, may be empty
  for (const auto& p : periods) {
    if (!p.month_aligned())
      throw invalid_input("periods",
                          p.code() + " does not consist of whole months; data values are monthly");
    const int a = (detail::year_of(p.start()) - detail::year_of(start)) * 12 +
                  detail::month_of(p.start()) - detail::month_of(start);
    const int b = a + p.months() - 1;
    spans.emplace_back(std::max(a, 0), std::min(b, months_ - 1));
  }
  return spans;
}

namespace {

bool is_extreme(AggregationType type) {
  return type == AggregationType::min || type == AggregationType::max;
}

// What one unit contributes to an aggregate over a span of months, and how contributions
// combine up the tree: `value` adds (min / max: keeps the smaller / larger), `count` adds.
//   sum, average, count: value = the sum of the months, count = the values reported;
//   average_sum_org_unit: value = the mean of the unit's months, count = the values reported;
//   last: value = the last reported month, count = 1 if any;
//   min, max: value = the extreme of the months (NaN if none), count = the values reported;
//   first: value = the first reported month, count = 1 if any;
//   last_average_org_unit, first_average_org_unit: as last, first (the mean is taken at the end);
//   min_sum_org_unit, max_sum_org_unit: value = the unit's extreme (0 if none), which adds up
//   over units, count = the values reported.
// A unit or subtree counts as reporting exactly when count > 0.
struct Partial {
  double value;
  double count;
};

// One loop per aggregation type: a single loop tracking sum, last and extreme at once spent
// half of a roll-up of 167,000 units on branches the sum never needed.
template <AggregationType type, class ValueAt>
Partial unit_partial(int k0, int k1, const ValueAt& value_at) {
  if constexpr (type == AggregationType::min || type == AggregationType::max) {
    double best = nan, n = 0;
    for (int k = k0; k <= k1; ++k) {
      const double v = value_at(k);
      if (std::isnan(v)) continue;
      n += 1;
      if (std::isnan(best) || (type == AggregationType::min ? v < best : v > best)) best = v;
    }
    return {best, n};
  } else if constexpr (type == AggregationType::min_sum_org_unit ||
                       type == AggregationType::max_sum_org_unit) {
    double best = nan, n = 0;
    for (int k = k0; k <= k1; ++k) {
      const double v = value_at(k);
      if (std::isnan(v)) continue;
      n += 1;
      if (std::isnan(best) || (type == AggregationType::min_sum_org_unit ? v < best : v > best))
        best = v;
    }
    return std::isnan(best) ? Partial{0.0, 0.0} : Partial{best, n};
  } else if constexpr (type == AggregationType::last) {
    double last = nan;
    for (int k = k0; k <= k1; ++k) {
      const double v = value_at(k);
      if (!std::isnan(v)) last = v;
    }
    return std::isnan(last) ? Partial{0.0, 0.0} : Partial{last, 1.0};
  } else if constexpr (type == AggregationType::first) {
    for (int k = k0; k <= k1; ++k) {
      const double v = value_at(k);
      if (!std::isnan(v)) return Partial{v, 1.0};
    }
    return Partial{0.0, 0.0};
  } else {
    double sum = 0, n = 0;
    for (int k = k0; k <= k1; ++k) {
      const double v = value_at(k);
      const bool reported = !std::isnan(v);
      sum += reported ? v : 0.0;
      n += reported ? 1.0 : 0.0;
    }
    if constexpr (type == AggregationType::average_sum_org_unit) return {n > 0 ? sum / n : 0.0, n};
    else return {sum, n};
  }
}

// Calls f with std::integral_constant<AggregationType, t>, t the loop of unit_partial that
// `type` takes: the type's dispatch once for a whole loop over units rather than once a unit.
template <class F>
decltype(auto) with_partial_kind(AggregationType type, const F& f) {
  using T = AggregationType;
  switch (type) {
  case T::average_sum_org_unit: return f(std::integral_constant<T, T::average_sum_org_unit>{});
  case T::last:
  case T::last_average_org_unit: return f(std::integral_constant<T, T::last>{});
  case T::first:
  case T::first_average_org_unit: return f(std::integral_constant<T, T::first>{});
  case T::min_sum_org_unit: return f(std::integral_constant<T, T::min_sum_org_unit>{});
  case T::max_sum_org_unit: return f(std::integral_constant<T, T::max_sum_org_unit>{});
  case T::min: return f(std::integral_constant<T, T::min>{});
  case T::max: return f(std::integral_constant<T, T::max>{});
  default: return f(std::integral_constant<T, T::sum>{}); // sum, average, count
  }
}

template <class ValueAt>
Partial unit_partial(AggregationType type, int k0, int k1, const ValueAt& value_at) {
  return with_partial_kind(
      type, [&](auto kind) { return unit_partial<decltype(kind)::value>(k0, k1, value_at); });
}

void combine(AggregationType type, Partial& into, const Partial& from) {
  into.count += from.count;
  if (!is_extreme(type)) {
    into.value += from.value;
  } else if (!std::isnan(from.value) &&
             (std::isnan(into.value) ||
              (type == AggregationType::min ? from.value < into.value : from.value > into.value))) {
    into.value = from.value;
  }
}

// The aggregate's value from a target's combined contributions.
double finish(AggregationType type, const Partial& p) {
  switch (type) {
  case AggregationType::count: return p.count;
  case AggregationType::average:
  case AggregationType::last_average_org_unit:
  case AggregationType::first_average_org_unit: return p.count > 0 ? p.value / p.count : nan;
  case AggregationType::min:
  case AggregationType::max: return p.value;
  default: return p.count > 0 ? p.value : nan;
  }
}

// --- keep_parent: values that stand for their subtree -------------------------------------------

// The cells of a key's slots kept by ParentValues::keep_parent, as bits: bit k % 64 of word
// u · words + k / 64 of kept[s] is set when unit u's value of month k (slot s) stands for u's
// subtree. `under` has the same bits of every kept cell at the unit and each of its ancestors:
// a target whose subtree has none in a period is aggregated exactly as before.
struct KeptMonths {
  std::size_t words = 0;
  std::vector<std::vector<std::uint64_t>> kept; // per slot; empty for a slot with none
  std::vector<std::uint64_t> under;
  bool any = false;
};

KeptMonths kept_months(const OrgUnitTree& tree, int months,
                       const std::vector<const std::vector<std::uint64_t>*>& cells) {
  KeptMonths out;
  out.words = static_cast<std::size_t>(months + 63) / 64;
  for (const auto* c : cells) out.any |= !c->empty();
  if (!out.any) return out;
  const std::size_t n = tree.size(), words = out.words;
  out.under.assign(n * words, 0);
  for (const auto* c : cells) {
    auto& kept = out.kept.emplace_back(c->empty() ? 0 : n * words, 0);
    for (const std::uint64_t cell : *c) {
      const auto u = static_cast<std::size_t>(cell / static_cast<std::uint64_t>(months));
      const auto k = static_cast<std::size_t>(cell % static_cast<std::uint64_t>(months));
      const std::uint64_t bit = std::uint64_t{1} << (k % 64);
      kept[u * words + k / 64] |= bit;
      for (std::size_t x = u; x != OrgUnitTree::npos; x = tree.parent(x))
        out.under[x * words + k / 64] |= bit;
    }
  }
  return out;
}

bool any_month(const std::uint64_t* bits, int k0, int k1) {
  for (int k = k0; k <= k1; ++k)
    if ((bits[k / 64] >> (k % 64)) & 1) return true;
  return false;
}

// One target's total when kept values lie in it: a member's value of month k (slot s) is left
// out when a member above it keeps its own value of that month, which stands for it. `members`
// are the target's units, is_member(a) says whether a is one; each member counts once.
template <class Values, class Members, class IsMember>
Partial kept_total(AggregationType type, const OrgUnitTree& tree,
                   const std::vector<const Values*>& slots, const KeptMonths& kept,
                   const Members& members, const IsMember& is_member, int k0, int k1) {
  Partial total{is_extreme(type) ? nan : 0.0, 0.0};
  const std::size_t words = kept.words;
  std::vector<std::uint64_t> left_out(slots.size() * words);
  for (const std::size_t d : members) {
    std::fill(left_out.begin(), left_out.end(), 0);
    for (std::size_t a = tree.parent(d); a != OrgUnitTree::npos; a = tree.parent(a)) {
      if (!is_member(a)) continue;
      for (std::size_t s = 0; s < slots.size(); ++s)
        if (!kept.kept[s].empty())
          for (std::size_t j = 0; j < words; ++j)
            left_out[s * words + j] |= kept.kept[s][a * words + j];
    }
    const auto row = static_cast<Eigen::Index>(d);
    combine(type, total, unit_partial(type, k0, k1, [&](int k) {
              const auto word = static_cast<std::size_t>(k / 64);
              double v = nan;
              for (std::size_t s = 0; s < slots.size(); ++s) {
                if ((left_out[s * words + word] >> (k % 64)) & 1) continue;
                const double x = (*slots[s])(row, k);
                if (!std::isnan(x)) v = std::isnan(v) ? x : v + x;
              }
              return v;
            }));
  }
  return total;
}

} // namespace

std::string_view describe(CoverageStatus status) noexcept {
  switch (status) {
  case CoverageStatus::complete: return "complete";
  case CoverageStatus::partial:
    return "partial: not every expected unit reported every month of the period";
  case CoverageStatus::missing: return "missing: no value reported in the period";
  case CoverageStatus::outside_cube: return "outside the cube: no month of the period lies in it";
  }
  return "unknown";
}

namespace {
// Bit k of the result: whether v[k] is a value (not NaN), for k < count ≤ 64. Two months a
// step with SSE2 (part of every x86-64) where available: month by month, this and the loop of
// unit_partial were each a fifth of a whole-tree roll-up (issue 16).
std::uint64_t reported_bits(const double* v, int count) {
  std::uint64_t word = 0;
  int k = 0;
#if defined(__SSE2__)
  for (; k + 2 <= count; k += 2) {
    const __m128d x = _mm_loadu_pd(v + k);
    word |= static_cast<std::uint64_t>(_mm_movemask_pd(_mm_cmpord_pd(x, x))) << k;
  }
#endif
  for (; k < count; ++k) word |= static_cast<std::uint64_t>(v[k] == v[k]) << k;
  return word;
}

// std::popcount without POPCNT in the baseline instruction set is a call into libgcc; the
// portable bit-parallel count (Warren, Hacker's Delight, 2nd ed., §5-1) is a few operations.
int bit_count(std::uint64_t x) {
  x = x - ((x >> 1) & 0x5555555555555555u);
  x = (x & 0x3333333333333333u) + ((x >> 2) & 0x3333333333333333u);
  x = (x + (x >> 4)) & 0x0f0f0f0f0f0f0f0fu;
  return static_cast<int>((x * 0x0101010101010101u) >> 56);
}

// A target's coverage of a period (docs/aggregation.md §5.1).
CoverageStatus coverage_status(bool inside_cube, std::int32_t months_reported,
                               std::int32_t units_complete, std::int32_t units_expected) {
  return !inside_cube                                             ? CoverageStatus::outside_cube
         : months_reported == 0                                   ? CoverageStatus::missing
         : units_expected > 0 && units_complete == units_expected ? CoverageStatus::complete
                                                                  : CoverageStatus::partial;
}

// The members of each target of aggregate(key, units, periods): its subtree. With bottom_up
// (the targets' subtrees together larger than the tree: every unit of a level or of the tree),
// fill_coverage rolls the units' coverage up the tree once instead of walking each subtree once
// per period (a facility was visited once per ancestor and period).
struct SubtreeMembers {
  const OrgUnitTree& tree;
  const std::vector<std::size_t>& roots;
  bool bottom_up;
  template <class F>
  void operator()(std::size_t t, const F& f) const {
    for (std::size_t u : tree.subtree_view(roots[t])) f(u);
  }
};
} // namespace

// Coverage (docs/aggregation.md §5.1). Per unit, a bit per month of the cube: whether the unit
// has a value of the key that month (for a disaggregated element: of any part). A unit with a
// bit set anywhere is expected to report the key; it is complete for a period when every month
// of the period lies in the cube and has its bit set.
template <class Members>
void DataCube::fill_coverage(std::string_view key, AggregationType type,
                             const std::vector<Period>& periods,
                             const std::vector<std::pair<int, int>>& spans, std::size_t targets,
                             const Members& members, CubeAggregate& out,
                             std::vector<std::uint64_t> unit_bits) const {
  const std::size_t np = periods.size(), n = tree_->size();
  const std::size_t words = static_cast<std::size_t>(months_ + 63) / 64;
  // The bits, unless the caller's pass over the values computed them (unit_bits: n × words).
  const bool given = unit_bits.size() == n * words && n != 0;
  std::vector<std::uint64_t> bits =
      given ? std::move(unit_bits) : std::vector<std::uint64_t>(n * words, 0);
  std::vector<std::uint8_t> expected(n, 0);
  for (std::size_t s : given ? std::vector<std::size_t>{} : slots_of_key(key)) {
    const SlotValues& m = slots_[s].values;
    if (m.size() == 0) continue;
    // Branch-free, a word of up to 64 months at a time, the units split across cores: with a
    // branch per month this loop was a fifth of a whole-tree evaluation (issue 16, roll-up).
    const int months = months_;
    detail::parallel_for(n, 8192, [&](std::size_t begin, std::size_t end) {
      for (std::size_t u = begin; u < end; ++u) {
        const double* row = m.row(static_cast<Eigen::Index>(u)).data();
        std::uint64_t* b = &bits[u * words];
        for (int k0 = 0; k0 < months; k0 += 64)
          b[k0 / 64] |= reported_bits(row + k0, std::min(months, k0 + 64) - k0);
      }
    });
  }
  for (std::size_t u = 0; u < n; ++u)
    for (std::size_t w = 0; w < words; ++w) expected[u] |= bits[u * words + w] != 0;
  out.months_reported.resize(targets, np, 0);
  out.months_expected.resize(targets, np, 0);
  out.units_complete.resize(targets, np, 0);
  out.units_expected.resize(targets, np, 0);
  out.coverage.resize(targets, np, CoverageStatus::missing);
  // Per period: its months, whether all of them lie in the cube, and its span as bit masks.
  std::vector<int> months(np);
  std::vector<std::uint8_t> whole(np);
  std::vector<std::uint64_t> masks(np * words, 0);
  for (std::size_t p = 0; p < np; ++p) {
    const auto [k0, k1] = spans[p];
    months[p] = periods[p].months();
    whole[p] = k1 - k0 + 1 == months[p];
    for (int k = k0; k <= k1; ++k)
      masks[p * words + static_cast<std::size_t>(k / 64)] |= std::uint64_t{1} << (k % 64);
  }
  // What makes a unit complete depends on how the key aggregates over time (§5.1): a flow (sum,
  // count, average) needs every month of the period; a stock or cumulative figure aggregated by
  // `last` stands for the period by its report of the period's last month; a stock averaged
  // over the period (average_sum_org_unit: a population) by any report within the period.
  // `first` (and the first / last averaged over units) likewise by the period's first / last
  // month.
  std::vector<std::uint64_t> required = masks;
  const bool by_last =
      type == AggregationType::last || type == AggregationType::last_average_org_unit;
  const bool by_first =
      type == AggregationType::first || type == AggregationType::first_average_org_unit;
  if (by_last || by_first)
    for (std::size_t p = 0; p < np; ++p) {
      const auto [k0, k1] = spans[p];
      std::fill_n(required.begin() + static_cast<std::ptrdiff_t>(p * words), words, 0);
      const int k = by_last ? k1 : k0;
      if (k0 <= k1)
        required[p * words + static_cast<std::size_t>(k / 64)] |= std::uint64_t{1} << (k % 64);
    }
  const bool any_month_will_do = type == AggregationType::average_sum_org_unit;
  // Whether unit u (expected) counts as complete for period p, and the months of p it reported.
  const auto unit_cover = [&](std::size_t u, std::size_t p, std::uint64_t* any) {
    const std::uint64_t* b = &bits[u * words];
    const std::uint64_t* mask = &masks[p * words];
    const std::uint64_t* need = &required[p * words];
    bool all = whole[p] != 0, some = false;
    for (std::size_t w = 0; w < words; ++w) {
      const std::uint64_t has = b[w] & mask[w];
      all = all && (b[w] & need[w]) == need[w];
      some = some || has != 0;
      any[w] |= has;
    }
    return static_cast<std::int32_t>(any_month_will_do ? whole[p] != 0 && some : all);
  };
  const auto store = [&](std::size_t t, std::size_t p, std::int32_t units_expected,
                         std::int32_t complete, const std::uint64_t* any) {
    const auto [k0, k1] = spans[p];
    std::int32_t reported = 0;
    for (std::size_t w = 0; w < words; ++w) reported += bit_count(any[w]);
    out.months_reported(t, p) = reported;
    out.months_expected(t, p) = months[p];
    out.units_complete(t, p) = complete;
    out.units_expected(t, p) = units_expected;
    out.coverage(t, p) = coverage_status(k0 <= k1, reported, complete, units_expected);
  };
  std::vector<std::uint64_t> any(words);
  if constexpr (requires { members.bottom_up; }) {
    if (members.bottom_up) {
      // Each unit's own figures, then, walking the depth-first order backwards (every unit after
      // all its descendants), each subtree's added into its parent: the same sums and unions
      // as the walk over each target's subtree below.
      const OrgUnitTree& tree = *tree_;
      std::vector<std::int32_t> sub_expected(expected.begin(), expected.end());
      std::vector<std::int32_t> sub_complete(n * np, 0);
      std::vector<std::uint64_t> sub_any(n * np * words, 0);
      // Each unit writes only its own entries: the units split across cores.
      detail::parallel_for(n, 8192, [&](std::size_t begin, std::size_t end) {
        for (std::size_t u = begin; u < end; ++u) {
          if (!expected[u]) continue;
          for (std::size_t p = 0; p < np; ++p)
            if (spans[p].first <= spans[p].second)
              sub_complete[u * np + p] = unit_cover(u, p, &sub_any[(u * np + p) * words]);
        }
      });
      const auto& order = tree.depth_first_order();
      for (std::size_t i = order.size(); i-- > 0;) {
        const std::size_t u = order[i], parent = tree.parent(u);
        if (parent == OrgUnitTree::npos) continue;
        sub_expected[parent] += sub_expected[u];
        for (std::size_t j = 0; j < np; ++j)
          sub_complete[parent * np + j] += sub_complete[u * np + j];
        for (std::size_t j = 0; j < np * words; ++j)
          sub_any[parent * np * words + j] |= sub_any[u * np * words + j];
      }
      // Each target's entries straight from its root's sums: no copy of the months through
      // `any` (with store() this loop took as long as the whole bottom-up walk and more).
      for (std::size_t t = 0; t < targets; ++t) {
        const std::size_t r = members.roots[t];
        const std::int32_t units_expected = sub_expected[r];
        for (std::size_t p = 0; p < np; ++p) {
          const bool inside = spans[p].first <= spans[p].second;
          const bool counted = inside && units_expected > 0;
          const std::int32_t complete = counted ? sub_complete[r * np + p] : 0;
          std::int32_t reported = 0;
          if (counted)
            for (std::size_t w = 0; w < words; ++w)
              reported += bit_count(sub_any[(r * np + p) * words + w]);
          out.months_reported(t, p) = reported;
          out.months_expected(t, p) = months[p];
          out.units_complete(t, p) = complete;
          out.units_expected(t, p) = units_expected;
          out.coverage(t, p) = coverage_status(inside, reported, complete, units_expected);
        }
      }
      return;
    }
  }
  for (std::size_t t = 0; t < targets; ++t) {
    std::int32_t units_expected = 0;
    members(t, [&](std::size_t u) { units_expected += expected[u]; });
    for (std::size_t p = 0; p < np; ++p) {
      const auto [k0, k1] = spans[p];
      std::int32_t complete = 0;
      std::fill(any.begin(), any.end(), 0);
      if (k0 <= k1 && units_expected > 0)
        members(t, [&](std::size_t u) {
          if (expected[u]) complete += unit_cover(u, p, any.data());
        });
      store(t, p, units_expected, complete, any.data());
    }
  }
}

CubeAggregate DataCube::aggregate(std::string_view key, const std::vector<std::size_t>& units,
                                  const std::vector<Period>& periods) const {
  return aggregate(key, units, periods, element(key.substr(0, key.find('.'))).aggregation);
}

CubeAggregate DataCube::aggregate(std::string_view key, const std::vector<std::size_t>& units,
                                  const std::vector<Period>& periods, AggregationType type) const {
  const OrgUnitTree& tree = *tree_;
  for (std::size_t u : units)
    if (u >= tree.size())
      throw invalid_input("units", "org unit index " + std::to_string(u) + " is out of range");
  const auto spans = month_spans(periods);
  (void)element(key.substr(0, key.find('.'))); // an unknown key is refused as before
  std::vector<const SlotValues*> slots;
  std::vector<const std::vector<std::uint64_t>*> kept_cells;
  for (std::size_t s : slots_of_key(key))
    if (slots_[s].values.size() != 0) {
      slots.push_back(&slots_[s].values);
      kept_cells.push_back(&slots_[s].kept_parent);
    }

  const std::size_t np = periods.size(), n = tree.size();
  // Value of unit u in month k: for a disaggregated element the sum of the parts reported.
  const auto partial = [&](std::size_t u, std::size_t p) -> Partial {
    const auto [k0, k1] = spans[p];
    const auto row = static_cast<Eigen::Index>(u);
    if (slots.empty()) return unit_partial(type, k0, k1, [](int) { return nan; });
    if (slots.size() == 1) {
      const double* values = slots[0]->row(row).data();
      return unit_partial(type, k0, k1, [values](int k) { return values[k]; });
    }
    return unit_partial(type, k0, k1, [&](int k) {
      double total = nan;
      for (const SlotValues* m : slots) {
        const double v = (*m)(row, k);
        if (!std::isnan(v)) total = std::isnan(total) ? v : total + v;
      }
      return total;
    });
  };

  // Each target's subtree, contributions combined. When the targets' subtrees together are
  // smaller than the tree, walk them; otherwise (every unit of a level, or of the tree) take
  // every unit's contribution once and add each subtree into its parent, bottom-up: O(units)
  // where the walk would visit a facility once per ancestor.
  std::vector<Partial> totals(units.size() * np);
  const std::size_t words = static_cast<std::size_t>(months_ + 63) / 64;
  std::vector<std::uint64_t> unit_bits; // filled by the whole-tree pass over one slot
  std::size_t visits = 0;
  for (std::size_t u : units) visits += tree.subtree_view(u).size();
  if (visits <= n) {
    for (std::size_t t = 0; t < units.size(); ++t)
      for (std::size_t p = 0; p < np; ++p) {
        Partial total{is_extreme(type) ? nan : 0.0, 0.0};
        for (std::size_t u : tree.subtree_view(units[t])) combine(type, total, partial(u, p));
        totals[t * np + p] = total;
      }
  } else {
    // Not value-initialised: every entry is written by the threads below.
    const std::unique_ptr<Partial[]> subtree(new Partial[n * np]);
    if (slots.size() == 1) {
      // The common case (one slot: an element without parts), its type's loop inlined; the
      // months each unit reported (fill_coverage's bits) taken in the same pass, while the row
      // is in cache: a second pass over the values was a sixth of the roll-up.
      const SlotValues& m = *slots[0];
      const int months = months_;
      unit_bits.resize(n * words);
      with_partial_kind(type, [&](auto kind) {
        detail::parallel_for(n, 1 << 13, [&](std::size_t begin, std::size_t end) {
          for (std::size_t u = begin; u < end; ++u) {
            const double* values = m.row(static_cast<Eigen::Index>(u)).data();
            for (std::size_t p = 0; p < np; ++p)
              subtree[u * np + p] = unit_partial<decltype(kind)::value>(
                  spans[p].first, spans[p].second, [values](int k) { return values[k]; });
            for (int k0 = 0; k0 < months; k0 += 64)
              unit_bits[u * words + static_cast<std::size_t>(k0 / 64)] =
                  reported_bits(values + k0, std::min(months, k0 + 64) - k0);
          }
        });
      });
    } else {
      detail::parallel_for(n, 1 << 13, [&](std::size_t begin, std::size_t end) {
        for (std::size_t u = begin; u < end; ++u)
          for (std::size_t p = 0; p < np; ++p) subtree[u * np + p] = partial(u, p);
      });
    }
    // Bottom-up: walking the depth-first order backwards meets every unit after all its
    // descendants. Siblings come in runs, so their sum is kept in `run` (a local, so in
    // registers) and added to the parent once per run: adding each child to the parent in memory
    // made every step wait for the previous one's store. One walk per period keeps it local.
    const auto& order = tree.depth_first_order();
    const Partial none{is_extreme(type) ? nan : 0.0, 0.0};
    for (std::size_t p = 0; p < np; ++p) {
      Partial run = none;
      std::size_t run_parent = OrgUnitTree::npos;
      for (std::size_t i = order.size(); i-- > 0;) {
        const std::size_t u = order[i], parent = tree.parent(u);
        if (parent != run_parent) {
          // may complete u itself, whose children were the run
          if (run_parent != OrgUnitTree::npos) combine(type, subtree[run_parent * np + p], run);
          run_parent = parent;
          run = none;
        }
        if (parent != OrgUnitTree::npos) combine(type, run, subtree[u * np + p]);
      }
      if (run_parent != OrgUnitTree::npos) combine(type, subtree[run_parent * np + p], run);
    }
    for (std::size_t t = 0; t < units.size(); ++t)
      for (std::size_t p = 0; p < np; ++p) totals[t * np + p] = subtree[units[t] * np + p];
  }

  // Kept parent values (keep_parent): the targets with one in their subtree, again, leaving out
  // what the kept values stand for. Nothing to do (and no cost) for nearly every key.
  if (const KeptMonths kept = kept_months(tree, months_, kept_cells); kept.any) {
    for (std::size_t t = 0; t < units.size(); ++t)
      for (std::size_t p = 0; p < np; ++p) {
        const auto [k0, k1] = spans[p];
        if (!any_month(&kept.under[units[t] * kept.words], k0, k1)) continue;
        const auto members = tree.subtree_view(units[t]);
        const std::size_t* const first = members.data();
        const std::size_t* const last = first + members.size();
        totals[t * np + p] = kept_total(
            type, tree, slots, kept, members,
            [&](std::size_t a) {
              const std::size_t* const at = tree.subtree_view(a).data(); // a's place in the order
              return at >= first && at < last;
            },
            k0, k1);
      }
  }

  CubeAggregate out{Matrix<double>(units.size(), np, nan),
                    Matrix<std::int64_t>(units.size(), np, 0)};
  for (std::size_t p = 0; p < np; ++p) {
    if (spans[p].second < spans[p].first) continue; // no month of the period lies in the cube
    for (std::size_t t = 0; t < units.size(); ++t) {
      const Partial& total = totals[t * np + p];
      out.counts(t, p) = static_cast<std::int64_t>(total.count);
      out.values(t, p) = finish(type, total);
    }
  }
  fill_coverage(key, type, periods, spans, units.size(), SubtreeMembers{tree, units, visits > n},
                out, std::move(unit_bits));
  return out;
}

CubeAggregate DataCube::aggregate(std::string_view key, const AggregationMatrix& targets_matrix,
                                  const std::vector<Period>& periods) const {
  // Eigen's view of the library-owned CSR arrays (zhibiao/sparse.hpp): products and iteration.
  const auto a = as_eigen(targets_matrix);
  using AggregationMatrixView = std::remove_const_t<decltype(a)>;
  if (a.cols() != static_cast<std::int64_t>(tree_->size()))
    throw invalid_input("targets", "the aggregation matrix has " + std::to_string(a.cols()) +
                                       " columns; the tree has " + std::to_string(tree_->size()) +
                                       " units");
  const auto spans = month_spans(periods);
  const AggregationType type = element(key.substr(0, key.find('.'))).aggregation;
  const SlotValues m = key_values(key); // units × months, NaN = absent
  const auto targets = static_cast<Eigen::Index>(a.rows());
  const auto np = static_cast<Eigen::Index>(periods.size());
  CubeAggregate out{Matrix<double>(static_cast<std::size_t>(targets), periods.size(), nan),
                    Matrix<std::int64_t>(static_cast<std::size_t>(targets), periods.size(), 0)};
  fill_coverage(
      key, type, periods, spans, static_cast<std::size_t>(targets),
      [&](std::size_t t, const auto& f) {
        for (AggregationMatrixView::InnerIterator it(a, static_cast<Eigen::Index>(t)); it; ++it)
          f(static_cast<std::size_t>(it.col()));
      },
      out);
  const Eigen::MatrixXd present =
      m.array().matrix().unaryExpr([](double v) { return std::isnan(v) ? 0.0 : 1.0; });
  // Kept parent values (keep_parent): the targets that have one among their members' subtrees,
  // again, leaving out what the kept values stand for (after the matrix products below).
  std::vector<const SlotValues*> slots;
  std::vector<const std::vector<std::uint64_t>*> kept_cells;
  for (std::size_t s : slots_of_key(key))
    if (slots_[s].values.size() != 0) {
      slots.push_back(&slots_[s].values);
      kept_cells.push_back(&slots_[s].kept_parent);
    }
  const KeptMonths kept = kept_months(*tree_, months_, kept_cells);
  const auto with_kept = [&](CubeAggregate& result) {
    if (!kept.any) return;
    std::vector<std::uint8_t> member(tree_->size(), 0);
    std::vector<std::size_t> members;
    for (Eigen::Index t = 0; t < targets; ++t) {
      members.clear();
      for (AggregationMatrixView::InnerIterator it(a, t); it; ++it)
        members.push_back(static_cast<std::size_t>(it.col()));
      for (const std::size_t u : members) member[u] = 1;
      for (Eigen::Index p = 0; p < np; ++p) {
        const auto [k0, k1] = spans[static_cast<std::size_t>(p)];
        bool touched = false;
        for (const std::size_t u : members)
          touched = touched || any_month(&kept.under[u * kept.words], k0, k1);
        if (!touched) continue;
        const Partial total = kept_total(
            type, *tree_, slots, kept, members, [&](std::size_t u) { return member[u] != 0; }, k0,
            k1);
        result.counts(t, p) = static_cast<std::int64_t>(total.count);
        result.values(t, p) = finish(type, total);
      }
      for (const std::size_t u : members) member[u] = 0;
    }
  };

  if (type == AggregationType::sum || type == AggregationType::average ||
      type == AggregationType::count) {
    // Linear in the values: roll every month up the tree once, then add the months of each period.
    const Eigen::MatrixXd sums =
        a * m.array().matrix().unaryExpr([](double v) { return std::isnan(v) ? 0.0 : v; });
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
    with_kept(out);
    return out;
  }

  if (type == AggregationType::average_sum_org_unit || type == AggregationType::last) {
    // Per unit first (mean of its months, or its last reported month), then summed over units.
    for (Eigen::Index p = 0; p < np; ++p) {
      const auto [k0, k1] = spans[static_cast<std::size_t>(p)];
      if (k1 < k0) continue;
      const auto units = static_cast<Eigen::Index>(m.rows());
      Eigen::VectorXd per_unit = Eigen::VectorXd::Zero(units);
      Eigen::VectorXd used = Eigen::VectorXd::Zero(units);
      Eigen::VectorXd reporting = Eigen::VectorXd::Zero(units);
      for (Eigen::Index u = 0; u < units; ++u) {
        double sum = 0;
        int n = 0;
        double last = nan;
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
    with_kept(out);
    return out;
  }

  if (type != AggregationType::min && type != AggregationType::max) {
    // first, the first / last averaged over units, min / max summed over units: each member's
    // contribution, combined as the tree walk of aggregate(key, units, periods, how) does.
    for (Eigen::Index t = 0; t < targets; ++t)
      for (Eigen::Index p = 0; p < np; ++p) {
        const auto [k0, k1] = spans[static_cast<std::size_t>(p)];
        if (k1 < k0) continue;
        Partial total{0.0, 0.0};
        for (AggregationMatrixView::InnerIterator it(a, t); it; ++it) {
          const auto u = static_cast<Eigen::Index>(it.col());
          combine(type, total, unit_partial(type, k0, k1, [&](int k) { return m(u, k); }));
        }
        out.counts(t, p) = static_cast<std::int64_t>(total.count);
        out.values(t, p) = finish(type, total);
      }
    with_kept(out);
    return out;
  }

  // min / max: not linear; walk each target's members.
  const bool is_min = type == AggregationType::min;
  for (Eigen::Index t = 0; t < targets; ++t) {
    for (Eigen::Index p = 0; p < np; ++p) {
      const auto [k0, k1] = spans[static_cast<std::size_t>(p)];
      double best = nan;
      std::int64_t n = 0;
      for (AggregationMatrixView::InnerIterator it(a, t); it; ++it)
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
  with_kept(out);
  return out;
}

} // namespace zhibiao
