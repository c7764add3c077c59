#pragma once
// Internal: the one CSV record splitter (RFC 4180 quoting, no embedded newlines), shared by
// DataCube::load_csv and the command-line tool's readers of target and org-unit tables.
// Where internal headers live: see detail/numeric.hpp.

#include <string>
#include <string_view>
#include <vector>

namespace zhibiao::detail {

/// The fields of one CSV line: `,` separates, `"…"` quotes (`""` is a quote inside), a `\r`
/// outside quotes is dropped (CRLF files).
inline std::vector<std::string> csv_fields(std::string_view line) {
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

/// `text` without leading and trailing blanks and tabs (a field as the CSV readers compare it).
inline std::string csv_trim(std::string_view text) {
  const auto b = text.find_first_not_of(" \t");
  if (b == std::string_view::npos) return "";
  return std::string(text.substr(b, text.find_last_not_of(" \t") - b + 1));
}

} // namespace zhibiao::detail
