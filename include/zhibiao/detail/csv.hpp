#pragma once
// Internal: the one CSV record splitter (RFC 4180 quoting, no embedded newlines), shared by
// DataCube::load_csv (src/cube_csv.cpp, for its lines with quotes) and the command-line tool's
// readers of target and org-unit tables; the loader's in-place trim and number reader.
// Where internal headers live: see detail/numeric.hpp.

#include <charconv>
#include <cstdint>
#include <cstdlib>
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

/// As csv_trim (blanks and tabs at both ends), without a copy.
inline std::string_view csv_trim_view(std::string_view s) noexcept {
  std::size_t b = 0, e = s.size();
  while (b < e && (s[b] == ' ' || s[b] == '\t')) ++b;
  while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t')) --e;
  return s.substr(b, e - b);
}

/// A value as DataCube::load_csv has always read it: decimal notation only (digits, sign, point,
/// exponent; strtod alone would also take "0x1A", "inf" and "nan", which a data file means as
/// text), the whole text consumed, as strtod would convert it. std::from_chars converts the same
/// pattern to the same correctly rounded double, except that it refuses a leading '+' (skipped
/// here when a digit or point follows, as strtod reads it) and reports an out-of-range exponent
/// instead of returning ±HUGE_VAL or the underflowed value: that rare case goes to strtod itself.
inline bool csv_value(std::string_view text, double& v) {
  const std::size_t n = text.size();
  if (n == 0) return false;
  if (n <= 15) { // whole counts, the usual value: exact below 10^15 < 2^53
    std::uint64_t x = 0;
    std::size_t i = 0;
    for (; i < n; ++i) {
      const unsigned d = static_cast<unsigned char>(text[i]) - unsigned{'0'};
      if (d > 9) break;
      x = x * 10 + d;
    }
    if (i == n) {
      v = static_cast<double>(x);
      return true;
    }
  }
  for (const char c : text)
    if (!((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.' || c == 'e' || c == 'E'))
      return false;
  const char* b = text.data();
  const char* const e = b + n;
  if (*b == '+' && n > 1 && b[1] != '+' && b[1] != '-') ++b;
  const auto [end, ec] = std::from_chars(b, e, v);
  if (ec == std::errc::result_out_of_range) {
    const std::string copy(text);
    char* stop = nullptr;
    v = std::strtod(copy.c_str(), &stop);
    return stop == copy.c_str() + copy.size();
  }
  return ec == std::errc() && end == e;
}

} // namespace zhibiao::detail
