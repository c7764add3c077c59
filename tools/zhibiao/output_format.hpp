#pragma once
// The tool's tables printed as aligned text (a CJK character is two columns wide), CSV, JSON or
// Markdown (docs/cli.md §3).

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace zhibiao::cli {

enum class Format { table, csv, json, markdown };
/// "table", "csv", "json", "markdown"; input_error naming --format for anything else.
Format parse_format(std::string_view text);

struct Cell {
  std::string text;            ///< as the text, CSV and Markdown outputs print it
  nlohmann::ordered_json json; ///< as JSON prints it (a number, a string, true/false, null)
  bool numeric = false;        ///< right-aligned in the text table
};

/// Columns: `keys` name them in CSV and JSON (stable, English), `headers` in the text table
/// and Markdown (in the language asked for).
struct Table {
  std::vector<std::string> keys;
  std::vector<std::string> headers;
  std::vector<std::vector<Cell>> rows;
};

Cell text_cell(std::string text);
/// A number printed as `text` (already rounded), JSON `value` (null for NaN).
Cell number_cell(std::string text, double value);

/// Columns a terminal gives `text`: 2 for East Asian wide and full-width characters (Unicode
/// UAX #11, W and F), 0 for combining marks, 1 otherwise.
std::size_t display_width(std::string_view text);

std::string render(const Table& table, Format format);

} // namespace zhibiao::cli
