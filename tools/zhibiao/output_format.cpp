// Printing tables (output_format.hpp).

#include "output_format.hpp"

#include "command.hpp"

#include "zhibiao/detail/utf8.hpp"

#include <cmath>
#include <sstream>

namespace zhibiao::cli {
namespace {

// East Asian Width W and F (UAX #11), the blocks a Chinese table uses and their neighbours.
bool wide(char32_t c) {
  return (c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0x303E) ||
         (c >= 0x3041 && c <= 0x33FF) || (c >= 0x3400 && c <= 0x4DBF) ||
         (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xA000 && c <= 0xA4CF) ||
         (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF) ||
         (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFF60) ||
         (c >= 0xFFE0 && c <= 0xFFE6) || (c >= 0x20000 && c <= 0x3FFFD);
}

bool combining(char32_t c) {
  return (c >= 0x0300 && c <= 0x036F) || (c >= 0xFE00 && c <= 0xFE0F) || c == 0x200B;
}

void pad(std::string& out, std::size_t n) { out.append(n, ' '); }

std::string csv_field(const std::string& text) {
  if (text.find_first_of(",\"\n\r") == std::string::npos) return text;
  std::string out = "\"";
  for (char c : text) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

std::string markdown_field(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '|') out += '\\';
    out += c == '\n' ? ' ' : c;
  }
  return out;
}

} // namespace

Format parse_format(std::string_view text) {
  if (text == "table") return Format::table;
  if (text == "csv") return Format::csv;
  if (text == "json") return Format::json;
  if (text == "markdown" || text == "md") return Format::markdown;
  static constexpr std::string_view names[] = {"table", "csv", "json", "markdown"};
  throw input_error("--format: unknown format '" + std::string(text) +
                    "' (table, csv, json or markdown)" + did_you_mean(text, names));
}

Cell text_cell(std::string text) {
  Cell c{text, text, false};
  return c;
}

Cell number_cell(std::string text, double value) {
  Cell c{std::move(text), nullptr, true};
  if (std::isfinite(value)) c.json = value;
  return c;
}

std::size_t display_width(std::string_view text) {
  std::size_t width = 0;
  for (std::size_t b = 0; b < text.size();) {
    char32_t c = 0;
    const std::size_t n = detail::decode_utf8_at(text, b, c);
    b += n == 0 ? 1 : n;
    width += n == 0 ? 1 : combining(c) ? 0 : wide(c) ? 2 : 1;
  }
  return width;
}

std::string render(const Table& table, Format format) {
  std::string out;
  const std::size_t columns = table.keys.size();
  switch (format) {
  case Format::csv: {
    for (std::size_t j = 0; j < columns; ++j) {
      if (j) out += ',';
      out += csv_field(table.keys[j]);
    }
    out += "\n";
    for (const auto& row : table.rows) {
      // A missing number is an empty field (what spreadsheets and pandas read as missing).
      for (std::size_t j = 0; j < columns; ++j) {
        if (j) out += ',';
        if (!(row[j].numeric && row[j].json.is_null())) out += csv_field(row[j].text);
      }
      out += "\n";
    }
    return out;
  }
  case Format::json: {
    nlohmann::ordered_json rows = nlohmann::ordered_json::array();
    for (const auto& row : table.rows) {
      nlohmann::ordered_json object = nlohmann::ordered_json::object();
      for (std::size_t j = 0; j < columns; ++j) object[table.keys[j]] = row[j].json;
      rows.push_back(std::move(object));
    }
    // ensure_ascii off: Chinese names stay readable; invalid UTF-8 cannot occur (inputs are
    // decoded and checked on reading) but is replaced rather than thrown.
    return rows.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
  }
  case Format::markdown: {
    out += "|";
    for (std::size_t j = 0; j < columns; ++j) {
      out += ' ';
      out += markdown_field(table.headers[j]);
      out += " |";
    }
    out += "\n|";
    for (std::size_t j = 0; j < columns; ++j) {
      const bool numeric = !table.rows.empty() && table.rows[0][j].numeric;
      out += numeric ? " ---: |" : " --- |";
    }
    out += "\n";
    for (const auto& row : table.rows) {
      out += "|";
      for (std::size_t j = 0; j < columns; ++j) {
        out += ' ';
        out += markdown_field(row[j].text);
        out += " |";
      }
      out += "\n";
    }
    return out;
  }
  case Format::table: {
    std::vector<std::size_t> width(columns, 0);
    for (std::size_t j = 0; j < columns; ++j) width[j] = display_width(table.headers[j]);
    for (const auto& row : table.rows)
      for (std::size_t j = 0; j < columns; ++j)
        width[j] = std::max(width[j], display_width(row[j].text));
    const auto line = [&](const std::vector<std::string>& texts, const std::vector<bool>& right) {
      std::string l;
      for (std::size_t j = 0; j < columns; ++j) {
        const std::size_t fill = width[j] - display_width(texts[j]);
        if (j) l += "  ";
        if (right[j]) pad(l, fill);
        l += texts[j];
        if (!right[j] && j + 1 < columns) pad(l, fill);
      }
      while (!l.empty() && l.back() == ' ') l.pop_back();
      return l + "\n";
    };
    std::vector<bool> right(columns, false);
    for (std::size_t j = 0; j < columns; ++j)
      right[j] = !table.rows.empty() && table.rows[0][j].numeric;
    out += line(table.headers, right);
    std::vector<std::string> rule(columns);
    for (std::size_t j = 0; j < columns; ++j) rule[j] = std::string(width[j], '-');
    out += line(rule, right);
    for (const auto& row : table.rows) {
      std::vector<std::string> texts(columns);
      for (std::size_t j = 0; j < columns; ++j) texts[j] = row[j].text;
      out += line(texts, right);
    }
    return out;
  }
  }
  return out;
}

} // namespace zhibiao::cli
