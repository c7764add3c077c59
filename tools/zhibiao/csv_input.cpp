// The CSV readers of the tool (csv_input.hpp).

#include "csv_input.hpp"

#include "command.hpp"

#include "zhibiao/detail/csv.hpp"

namespace zhibiao::cli {
namespace {

std::vector<std::string> trimmed_fields(std::string_view line) {
  auto fields = detail::csv_fields(line);
  for (auto& f : fields) f = detail::csv_trim(f);
  return fields;
}

} // namespace

std::vector<std::string> scan_csv(const InputText& input,
                                  const std::function<void(CsvRow&&)>& each) {
  std::string_view text = input.text;
  std::size_t row = 0;
  std::vector<std::string> header;
  bool have_header = false;
  while (!text.empty()) {
    const auto end = text.find('\n');
    const std::string_view line = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
    ++row;
    if (!have_header) {
      header = trimmed_fields(line);
      have_header = true;
      continue;
    }
    if (detail::csv_trim(line).empty()) continue;
    each(CsvRow{row, trimmed_fields(line)});
  }
  if (!have_header || (header.size() == 1 && header[0].empty()))
    throw input_error(input.path + ": is empty: expected a header line");
  return header;
}

void throw_missing_column(const std::string& path, std::string_view name,
                          const std::vector<std::string>& header) {
  std::string list;
  std::vector<std::string_view> fields;
  for (const auto& h : header) {
    list += (list.empty() ? "" : ", ") + h;
    fields.push_back(h);
  }
  // The suggestion the other way round: which header field is a misspelling of `name`.
  std::string hint;
  for (std::string_view f : fields) {
    const std::string_view one[] = {name};
    if (!did_you_mean(f, one).empty()) {
      hint = "; is \"" + std::string(f) + "\" meant to be \"" + std::string(name) + "\"?";
      break;
    }
  }
  throw input_error(path + " row 1: the header has no '" + std::string(name) +
                    "' column (it has: " + list + ")" + hint);
}

CsvTable read_csv(const InputText& input) {
  CsvTable t;
  t.path = input.path;
  t.header = scan_csv(input, [&](CsvRow&& row) { t.rows.push_back(std::move(row)); });
  for (const auto& row : t.rows)
    if (row.fields.size() != t.header.size())
      throw input_error(input.path + " row " + std::to_string(row.row) + ": has " +
                        std::to_string(row.fields.size()) + " fields, the header has " +
                        std::to_string(t.header.size()));
  return t;
}

std::optional<std::size_t> CsvTable::find(std::string_view name) const {
  for (std::size_t i = 0; i < header.size(); ++i)
    if (header[i] == name) return i;
  return std::nullopt;
}

std::size_t CsvTable::column(std::string_view name) const {
  if (const auto i = find(name)) return *i;
  throw_missing_column(path, name, header);
}

std::string CsvTable::where(const CsvRow& row, std::string_view field) const {
  return path + " row " + std::to_string(row.row) + ", field " + std::string(field);
}

} // namespace zhibiao::cli
