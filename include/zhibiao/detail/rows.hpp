#pragma once
// Internal: the one length check of every column entry point, so that a column of the wrong
// length is named the same way everywhere ("population: has 3 rows but deaths has 4").

#include "zhibiao/error.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace zhibiao::detail {

/// Throws invalid_input naming `field` unless it has `expected` rows, the length of `other`.
inline void require_rows(std::size_t rows, std::string_view field, std::size_t expected,
                         std::string_view other) {
  if (rows != expected)
    throw invalid_input(std::string(field), "has " + std::to_string(rows) + " rows but " +
                                                std::string(other) + " has " +
                                                std::to_string(expected));
}

/// Throws invalid_input naming `field` unless row `row`'s index into a table of `count` entries
/// (the thresholds of index_thresholds) is one of them or -1 (no entry).
inline void require_index(std::int64_t index, std::size_t row, std::size_t count,
                          std::string_view field = "target") {
  if (index < -1 || index >= static_cast<std::int64_t>(count))
    throw invalid_input(std::string(field), "row " + std::to_string(row) + " names threshold " +
                                                std::to_string(index) + " of " +
                                                std::to_string(count));
}

/// Rethrows what a scalar function refused of row `row` of a column as invalid_rows listing that
/// row, with the scalar's field and reason (the "field: " prefix taken off): the Python layer
/// relabels it with the frame's index and column names.
[[noreturn]] inline void refuse_row(const invalid_input& e, std::size_t row) {
  std::string what = e.what();
  const std::string prefix = e.field() + ": ";
  if (what.rfind(prefix, 0) == 0) what.erase(0, prefix.size());
  throw invalid_rows({row_error{row, e.field(), what}});
}

} // namespace zhibiao::detail
