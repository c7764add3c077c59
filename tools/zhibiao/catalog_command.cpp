// zhibiao catalog list | show ID | schema (docs/cli.md §1): the built-in catalog
// (Catalog::builtin(), data/catalog.json), or a user's catalog laid over it with --catalog.

#include "command.hpp"
#include "output_format.hpp"
#include "text_input.hpp"

#include "zhibiao/detail/format.hpp"
#include "zhibiao/error.hpp"

#include <iostream>
#include <nlohmann/json.hpp>

namespace zhibiao::cli {
namespace {

constexpr std::string_view catalog_options[] = {"--catalog", "--format", "--lang", "--output"};

std::string unit_text(const Unit& unit, Language language) {
  const std::string_view suffix = unit.suffix(language);
  return std::string(suffix.empty() ? unit.name(language) : suffix);
}

std::string_view comparison_symbol(TargetComparison c) {
  switch (c) {
  case TargetComparison::at_least: return "≥";
  case TargetComparison::more_than: return ">";
  case TargetComparison::at_most: return "≤";
  case TargetComparison::less_than: return "<";
  case TargetComparison::equal_to: return "=";
  case TargetComparison::relative_decrease: return "↓";
  }
  return "?";
}

// "≤5.2‰ by 2025 (健康儿童行动提升计划) [V]"; a relative decrease: "↓30% of 2015 by 2030 (...)".
std::string target_text(const NationalTarget& t, const Indicator& indicator) {
  std::string s(comparison_symbol(t.comparison));
  s += detail::rounded_text(t.value);
  if (t.comparison == TargetComparison::relative_decrease)
    s += "% of " + std::to_string(t.baseline_year);
  else s += unit_text(indicator.unit, Language::zh);
  s += " by " + std::to_string(t.year);
  if (!t.document.empty()) s += " (" + t.document + ")";
  if (t.verification != Verification::unstated)
    s += " [" + std::string(to_string(t.verification)) + "]";
  return s;
}

std::vector<std::string_view> indicator_ids(const Catalog& catalog) {
  std::vector<std::string_view> ids;
  for (const auto& i : catalog.indicators) ids.push_back(i.id);
  return ids;
}

int list(const Arguments& a, std::ostream& out) {
  const Catalog catalog = read_catalog(a.get("--catalog"));
  const Format format = parse_format(a.get("--format").value_or("table"));
  const Language language = parse_language(a.get("--lang"));
  const bool zh = language == Language::zh;
  Table t{{"id", "name", "unit", "direction", "verification"},
          {zh ? "指标" : "id", zh ? "名称" : "name", zh ? "单位" : "unit",
           zh ? "方向" : "direction", zh ? "核实" : "verification"},
          {}};
  for (const auto& i : catalog.indicators)
    t.rows.push_back({text_cell(i.id), text_cell(zh || i.name_en.empty() ? i.name_zh : i.name_en),
                      text_cell(unit_text(i.unit, language)),
                      text_cell(std::string(to_string(i.direction))),
                      text_cell(std::string(to_string(i.verification)))});
  write_output(a, out, render(t, format));
  return success;
}

int show(const Arguments& a, std::ostream& out) {
  if (a.positional.size() != 2) throw usage_error("catalog", "catalog show needs one indicator id");
  const Catalog catalog = read_catalog(a.get("--catalog"));
  const Format format = parse_format(a.get("--format").value_or("table"));
  const Language language = parse_language(a.get("--lang"));
  const std::string& id = a.positional[1];
  const Indicator* found = nullptr;
  for (const auto& i : catalog.indicators)
    if (i.id == id) found = &i;
  if (!found)
    throw input_error("catalog show: unknown indicator '" + id + "'" +
                      did_you_mean(id, indicator_ids(catalog)));
  const Indicator& i = *found;
  if (format == Format::json) {
    // The entry as the catalog format writes it (what --catalog reads back).
    const Catalog one{{}, {i}};
    const auto json = nlohmann::json::parse(one.to_json());
    write_output(a, out, json["indicators"][0].dump(2, ' ', false) + "\n");
    return success;
  }
  Table t{
      {"field", "value"},
      {language == Language::zh ? "字段" : "field", language == Language::zh ? "内容" : "value"},
      {}};
  const auto add = [&](std::string field, std::string value) {
    t.rows.push_back({text_cell(std::move(field)), text_cell(std::move(value))});
  };
  add("id", i.id);
  add("name_zh", i.name_zh);
  add("name_en", i.name_en);
  if (i.method.empty()) {
    add("numerator", i.numerator);
    add("denominator", i.denominator);
  } else {
    add("method", i.method);
  }
  add("unit", unit_text(i.unit, language) + " (" + std::string(i.unit.code()) + ")");
  add("decimals", std::to_string(i.decimals));
  add("direction", std::string(to_string(i.direction)));
  add("kind", std::string(to_string(i.kind)));
  add("annualised", i.annualised ? "yes" : "no");
  add("source", i.source);
  add("verification", std::string(to_string(i.verification)));
  if (!i.note.empty()) add("note", i.note);
  for (std::size_t k = 0; k < i.targets.size(); ++k)
    add("targets[" + std::to_string(k) + "]", target_text(i.targets[k], i));
  write_output(a, out, render(t, format));
  return success;
}

} // namespace

Catalog read_catalog(const std::optional<std::string>& path) {
  if (!path) return Catalog::builtin();
  const InputText input = read_input_file(*path, std::cerr);
  try {
    return Catalog::builtin().merged(Catalog::from_json(input.text));
  } catch (const invalid_input& e) {
    throw input_error(*path + ": " + e.what());
  }
}

int run_catalog(std::span<const std::string> args, std::ostream& out) {
  const Arguments a = parse_arguments("catalog", args, catalog_options);
  if (a.positional.empty()) throw usage_error("catalog", "catalog needs list, show ID or schema");
  const std::string& what = a.positional[0];
  if (what == "list") {
    if (a.positional.size() != 1) throw usage_error("catalog", "catalog list takes no argument");
    return list(a, out);
  }
  if (what == "show") return show(a, out);
  if (what == "schema") {
    write_output(a, out, std::string(Catalog::schema_json()));
    return success;
  }
  static constexpr std::string_view subverbs[] = {"list", "show", "schema"};
  throw usage_error("catalog",
                    "unknown catalog command '" + what + "'" + did_you_mean(what, subverbs));
}

} // namespace zhibiao::cli
