#pragma once
// The CSV loader as it was before the block reader (src/cube_csv.cpp): std::getline per line,
// detail::csv_fields per line, std::map factorisation, strtod. Kept, for tests only, as the
// reference the rewrite must agree with on every input: the fuzz target csv_fuzz.cpp and
// tests/cpp/cube_test.cpp compare the two outcomes (the report, or the exception's type and text).
#include <zhibiao/cube.hpp>
#include <zhibiao/detail/csv.hpp>
#include <zhibiao/detail/utf8.hpp>
#include <zhibiao/error.hpp>

#include <cstdint>
#include <cstdlib>
#include <istream>
#include <limits>
#include <map>
#include <string>
#include <vector>

namespace zhibiao_test {

inline zhibiao::LongTable reference_csv_table(std::istream& csv) {
  using namespace zhibiao;
  using detail::csv_fields;
  const auto trim = [](const std::string& s) { return detail::csv_trim(s); };
  const auto join = [](const std::vector<std::string>& items) {
    std::string out;
    for (const auto& s : items) out += (out.empty() ? "" : ", ") + s;
    return out;
  };
  struct Factoriser {
    std::map<std::string, std::int32_t, std::less<>> seen;
    std::int32_t operator()(std::vector<std::string>& uniques, const std::string& text) {
      if (text.empty()) return -1;
      const auto [it, inserted] = seen.emplace(text, static_cast<std::int32_t>(uniques.size()));
      if (inserted) uniques.push_back(text);
      return it->second;
    }
  };
  const double nan = std::numeric_limits<double>::quiet_NaN();
  std::string line;
  if (!std::getline(csv, line)) throw invalid_input("csv", "is empty: expected a header line");
  const bool bom = line.rfind("\xEF\xBB\xBF", 0) == 0;
  if (bom) line.erase(0, 3);
  std::size_t line_number = 1, file_offset = bom ? 3 : 0;
  const auto check_line = [&](const std::string& l) {
    if (const std::size_t bad = detail::first_invalid_utf8(l); bad != std::string::npos)
      detail::throw_invalid_utf8(l, bad, "csv",
                                 "line " + std::to_string(line_number) + ", byte " +
                                     std::to_string(file_offset + bad) + " of the file: ");
    file_offset += l.size() + 1;
    ++line_number;
  };
  check_line(line);
  const auto header = csv_fields(line);
  const auto column = [&](const char* name) {
    for (std::size_t i = 0; i < header.size(); ++i)
      if (trim(header[i]) == name) return i;
    throw invalid_input("csv", std::string("the header has no '") + name +
                                   "' column (it has: " + join(header) + ")");
  };
  const std::size_t ce = column("element"), cu = column("org_unit"), cp = column("period"),
                    cv = column("value");
  LongTable t;
  Factoriser e, u, p;
  while (std::getline(csv, line)) {
    check_line(line);
    if (trim(line).empty()) continue;
    const auto f = csv_fields(line);
    const std::size_t r = t.values.size();
    if (f.size() != header.size()) {
      t.known_errors.push_back({r, "csv",
                                "has " + std::to_string(f.size()) + " fields, the header has " +
                                    std::to_string(header.size())});
      t.element_codes.push_back(-1);
      t.org_unit_codes.push_back(-1);
      t.period_codes.push_back(-1);
      t.values.push_back(nan);
      continue;
    }
    const std::string text = trim(f[cv]);
    char* end = nullptr;
    const bool decimal = text.find_first_not_of("0123456789+-.eE") == std::string::npos;
    double v = decimal ? std::strtod(text.c_str(), &end) : 0.0;
    if (text.empty() || !decimal || end != text.c_str() + text.size()) {
      if (!text.empty()) t.non_numeric_values[r] = text;
      v = nan;
    }
    t.element_codes.push_back(e(t.elements, trim(f[ce])));
    t.org_unit_codes.push_back(u(t.org_units, trim(f[cu])));
    t.period_codes.push_back(p(t.periods, trim(f[cp])));
    t.values.push_back(v);
  }
  return t;
}

/// What a load did, as text: the exception's kind and message, or the count loaded, every row
/// error (row, field, message), the conflicts and the values removed.
template <class Load>
std::string load_outcome(Load&& load) {
  try {
    const zhibiao::LoadReport r = load();
    std::string s = "loaded " + std::to_string(r.loaded) + ", removed " +
                    std::to_string(r.removed) + ", conflicts " +
                    std::to_string(r.parent_conflicts.size()) + "\n";
    for (const auto& e : r.errors)
      s += std::to_string(e.row) + " " + e.field + ": " + e.message + "\n";
    return s;
  } catch (const zhibiao::invalid_rows& e) {
    std::string s = std::string("invalid_rows ") + e.what() + "\n";
    for (const auto& r : e.rows())
      s += std::to_string(r.row) + " " + r.field + ": " + r.message + "\n";
    return s;
  } catch (const zhibiao::parse_error& e) {
    return std::string("parse_error ") + e.what() + " at " + std::to_string(e.position());
  } catch (const zhibiao::invalid_input& e) {
    return std::string("invalid_input ") + e.what();
  }
}

} // namespace zhibiao_test
