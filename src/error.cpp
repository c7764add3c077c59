#include "zhibiao/error.hpp"

#include <sstream>

namespace zhibiao {

invalid_input::invalid_input(std::string field, const std::string& message)
    : std::invalid_argument(field + ": " + message), field_(std::move(field)) {}

namespace {

// Shows the first rows only: a batch of a million bad rows must not build a gigabyte message.
// The full list stays available through invalid_rows::rows().
std::string summarise(const std::vector<row_error>& rows) {
  constexpr std::size_t shown = 10;
  std::ostringstream out;
  out << rows.size() << (rows.size() == 1 ? " bad row" : " bad rows");
  for (std::size_t i = 0; i < rows.size() && i < shown; ++i)
    out << (i == 0 ? ": " : "; ") << "row " << rows[i].row << ' ' << rows[i].field << ": "
        << rows[i].message;
  if (rows.size() > shown) out << "; ... and " << rows.size() - shown << " more";
  return out.str();
}

} // namespace

invalid_rows::invalid_rows(std::vector<row_error> rows)
    : invalid_input("rows", summarise(rows)), rows_(std::move(rows)) {}

parse_error::parse_error(std::string field, std::string text, std::size_t position,
                         std::string expected, std::string note)
    : invalid_input(std::move(field), "cannot parse '" + text + "' at character " +
                                          std::to_string(position) + ": expected " + expected +
                                          (note.empty() ? "" : "; " + note)),
      text_(std::move(text)), position_(position), expected_(std::move(expected)),
      note_(std::move(note)) {}

} // namespace zhibiao
