#pragma once
// The small CSV tables of the tool (--targets, --org-units) and the scan of DATA's rows, split
// by the library's CSV splitter (detail/csv.hpp) so that every file is read by one rule.
// Rows are numbered as a spreadsheet shows them: the header is row 1 (docs/cli.md §2).

#include "text_input.hpp"

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace zhibiao::cli {

struct CsvRow {
  std::size_t row; ///< the line in the file, the header being 1
  std::vector<std::string> fields;
};

/// Calls `each` for every line after the header that is not blank (the lines
/// DataCube::load_csv counts as data rows), with its fields trimmed; returns the header's
/// trimmed fields. input_error for a file without a header.
std::vector<std::string> scan_csv(const InputText& input,
                                  const std::function<void(CsvRow&&)>& each);

struct CsvTable {
  std::string path;
  std::vector<std::string> header;
  std::vector<CsvRow> rows;

  /// The index of column `name`; input_error naming the file, the column missing, the header and
  /// the closest header field (a misspelt `targt`).
  std::size_t column(std::string_view name) const;
  std::optional<std::size_t> find(std::string_view name) const;
  /// "targets.csv row 3, field target" for messages.
  std::string where(const CsvRow& row, std::string_view field) const;
};

/// The whole table; a row with another number of fields than the header is an input_error.
CsvTable read_csv(const InputText& input);

/// "FILE: the header has no 'NAME' column (it has: a, b); did you mean "x"?".
[[noreturn]] void throw_missing_column(const std::string& path, std::string_view name,
                                       const std::vector<std::string>& header);

} // namespace zhibiao::cli
