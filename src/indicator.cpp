#include "zhibiao/indicator.hpp"

#include "zhibiao/detail/names.hpp"
#include "zhibiao/detail/utf8.hpp"
#include "zhibiao/error.hpp"

#include "json_text.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <set>
#include <span>

namespace zhibiao {

namespace detail {
// The built-in catalog and the format's JSON Schema: data/catalog.json and
// data/catalog.schema.json, compiled into the library by CMake (generated
// builtin_catalog_data.cpp).
extern const char builtin_catalog_json[];
extern const char catalog_schema_json[];
} // namespace detail

namespace {

using json = nlohmann::json;
using detail::at_path;
using detail::json_kind;
using Keys = std::span<const std::string_view>;

constexpr std::array<std::string_view, 3> direction_names{"higher_is_better", "lower_is_better",
                                                          "neither"};
constexpr std::array<std::string_view, 4> verification_names{"unstated", "V", "P", "U"};
constexpr std::array<std::string_view, 6> comparison_names{
    "at_least", "more_than", "at_most", "less_than", "equal_to", "relative_decrease"};

// The keys of each object of the format (docs/catalog.md §2; data/catalog.schema.json lists the
// same, which tests/python/test_catalog_format.py checks).
// "validation_rules": the validation rules a catalog file may hold, read by
// validation_rules_from_json (validation.hpp); from_json checks only that it is a list.
constexpr std::string_view catalog_keys[] = {"$schema", "data_elements", "indicators", "remove",
                                             "validation_rules"};
constexpr std::string_view remove_keys[] = {"data_elements", "indicators"};
constexpr std::string_view element_keys[] = {"id",          "name_zh",         "name_en",
                                             "aggregation", "disaggregations", "description"};
constexpr std::string_view indicator_keys[] = {"id",           "name_zh", "name_en",    "numerator",
                                               "denominator",  "method",  "unit",       "decimals",
                                               "direction",    "kind",    "annualised", "source",
                                               "verification", "note",    "targets"};
constexpr std::string_view target_keys[] = {"value",        "comparison",    "year", "document",
                                            "verification", "baseline_year", "note"};

// The enumerated values the strict format accepts (the parse_* functions accept more spellings;
// a catalog is written once and read by many, so it keeps to one). Aggregation types: the names
// of data_element.cpp's one list (aggregation_type_names).
constexpr std::string_view kind_values[] = {"proportion", "rate", "ratio", "quota_completion"};
constexpr std::string_view verification_values[] = {"V", "P", "U"};
constexpr std::string_view direction_values[] = {"higher_is_better", "lower_is_better", "neither"};
// Units: each unit's code and its Chinese symbol where it has one.
constexpr std::string_view unit_values[] = {
    "percent", "per_mille", "per_10k", "per_100k", "per_1000_population",
    "per_100", "ratio",     "yuan",    "years",    "%",
    "‰",       "‱",         "/10万",   "/千人",    "元",
    "岁"};

// `did you mean "x"?` for the closest of `known` when it is close (detail::closest_name), else
// `expected one of "a", "b", ...`.
std::string suggestion(std::string_view found, Keys known) {
  if (const auto best = detail::closest_name(found, known))
    return "did you mean \"" + std::string(*best) + "\"?";
  std::string list;
  for (std::string_view k : known) list += (list.empty() ? "\"" : ", \"") + std::string(k) + "\"";
  return "expected one of " + list;
}

// Typed access to an object's fields, with errors that name the field's path. Constructing it
// checks the object's keys against `known`: an unknown key is an error naming the closest.
class Fields {
public:
  Fields(const json& object, std::string path, Keys known)
      : object_(object), path_(std::move(path)) {
    if (!object_.is_object())
      throw invalid_input(path_, "must be an object, got " + json_kind(object_));
    for (const auto& [key, value] : object_.items()) {
      if (std::find(known.begin(), known.end(), std::string_view(key)) != known.end()) continue;
      throw invalid_input(this->path(detail::printable_utf8(key, 60)),
                          "unknown field; " + suggestion(key, known));
    }
  }
  bool has(const char* key) const { return object_.contains(key); }
  const json& at(const char* key) const { return object_.at(key); }
  std::string path(std::string_view key) const {
    return path_.empty() ? std::string(key) : path_ + "." + std::string(key);
  }
  const std::string& path() const { return path_; }

  std::string text(const char* key, const char* why_required = nullptr) const {
    if (!has(key))
      throw invalid_input(path(key), why_required ? std::string("is required ") + why_required
                                                  : std::string("is required"));
    return string_at(key);
  }
  std::string text_or(const char* key, std::string fallback) const {
    return has(key) ? string_at(key) : fallback;
  }
  // A string that must be one of `values`.
  std::string choice(const char* key, Keys values, std::string fallback) const {
    if (!has(key)) return fallback;
    std::string v = string_at(key);
    if (std::find(values.begin(), values.end(), v) == values.end())
      throw invalid_input(path(key), "unknown value \"" + detail::printable_utf8(v, 40) + "\"; " +
                                         suggestion(v, values));
    return v;
  }
  int integer(const char* key, int fallback, int low, int high) const {
    if (!has(key)) return fallback;
    const auto& v = object_.at(key);
    if (!v.is_number_integer())
      throw invalid_input(path(key), "must be an integer, got " + json_kind(v));
    if (v.is_number_unsigned() ? v.get<std::uint64_t>() > static_cast<std::uint64_t>(high)
                               : (v.get<std::int64_t>() < low || v.get<std::int64_t>() > high))
      throw invalid_input(path(key), "must be between " + std::to_string(low) + " and " +
                                         std::to_string(high) + ", got " + v.dump());
    return static_cast<int>(v.get<std::int64_t>());
  }
  double number(const char* key) const {
    if (!has(key)) throw invalid_input(path(key), "is required");
    const auto& v = object_.at(key);
    if (!v.is_number()) throw invalid_input(path(key), "must be a number, got " + json_kind(v));
    return v.get<double>();
  }
  bool boolean(const char* key, bool fallback) const {
    if (!has(key)) return fallback;
    const auto& v = object_.at(key);
    if (!v.is_boolean())
      throw invalid_input(path(key), "must be true or false, got " + json_kind(v));
    return v.get<bool>();
  }
  std::vector<std::string> texts(const char* key) const {
    if (!has(key)) return {};
    const auto& v = object_.at(key);
    if (!v.is_array())
      throw invalid_input(path(key), "must be a list of strings, got " + json_kind(v));
    std::vector<std::string> out;
    for (std::size_t i = 0; i < v.size(); ++i) {
      if (!v[i].is_string())
        throw invalid_input(path(key) + "[" + std::to_string(i) + "]",
                            "must be a string, got " + json_kind(v[i]));
      out.push_back(v[i].get<std::string>());
    }
    return out;
  }

private:
  std::string string_at(const char* key) const {
    const auto& v = object_.at(key);
    if (!v.is_string()) throw invalid_input(path(key), "must be a string, got " + json_kind(v));
    return v.get<std::string>();
  }

  const json& object_;
  std::string path_;
};

// Reads the list `key` of `f` (none when absent) into `out`: each item, at its path "key[i]",
// by `read`, then validated; an id that stands twice in the list is an error at the second.
template <class T, class Read>
void read_list(const Fields& f, const char* key, Keys known, std::vector<T>& out, Read read) {
  if (!f.has(key)) return;
  const auto& list = f.at(key);
  const std::string list_path = f.path(key);
  if (!list.is_array()) throw invalid_input(list_path, "must be a list, got " + json_kind(list));
  std::set<std::string> ids;
  for (std::size_t i = 0; i < list.size(); ++i) {
    const std::string path = list_path + "[" + std::to_string(i) + "]";
    const Fields item_fields(list[i], path, known);
    T item = at_path(path, [&] {
      T d = read(item_fields);
      validate(d);
      return d;
    });
    if (!ids.insert(item.id).second)
      throw invalid_input(path + ".id", "'" + item.id + "' is defined twice");
    out.push_back(std::move(item));
  }
}

NationalTarget read_target(const Fields& f) {
  NationalTarget t;
  t.value = f.number("value");
  t.comparison = parse_target_comparison(f.text("comparison"));
  if (!f.has("year")) throw invalid_input(f.path("year"), "is required");
  t.year = f.integer("year", 0, 1, 9999);
  t.document = f.text("document");
  if (f.has("verification"))
    t.verification = parse_verification(f.choice("verification", verification_values, ""));
  t.baseline_year = f.integer("baseline_year", 0, 1, 9999);
  if (t.comparison == TargetComparison::relative_decrease && t.baseline_year == 0)
    throw invalid_input(f.path("baseline_year"), "is required for a relative_decrease");
  if (t.comparison != TargetComparison::relative_decrease && t.baseline_year != 0)
    throw invalid_input(f.path("baseline_year"), "is only for a relative_decrease");
  t.note = f.text_or("note", "");
  return t;
}

Indicator read_indicator(const Fields& f) {
  Indicator d;
  d.id = f.text("id");
  d.name_zh = f.text_or("name_zh", "");
  d.name_en = f.text_or("name_en", "");
  d.method = f.text_or("method", "");
  if (d.method.empty()) {
    d.numerator = f.text("numerator", "(or a \"method\")");
    d.denominator = f.text("denominator", "(write \"1\" for a count)");
  } else {
    for (const char* side : {"numerator", "denominator"})
      if (f.has(side))
        throw invalid_input(f.path(side), "must not be given with \"method\" (the method "
                                          "computes the value)");
    d.denominator.clear();
  }
  d.unit = Unit::parse(f.choice("unit", unit_values, "percent"));
  d.decimals = f.integer("decimals", 2, 0, 15);
  d.direction = parse_direction(f.choice("direction", direction_values, "neither"));
  d.kind = parse_measure_kind(f.choice("kind", kind_values, "ratio"));
  d.annualised = f.boolean("annualised", false);
  d.source = f.text_or("source", "");
  if (f.has("verification"))
    d.verification = parse_verification(f.choice("verification", verification_values, ""));
  d.note = f.text_or("note", "");
  if (f.has("targets")) {
    const auto& list = f.at("targets");
    if (!list.is_array())
      throw invalid_input(f.path("targets"), "must be a list, got " + json_kind(list));
    for (std::size_t i = 0; i < list.size(); ++i) {
      const std::string path = f.path("targets") + "[" + std::to_string(i) + "]";
      const Fields tf(list[i], path, target_keys);
      d.targets.push_back(at_path(path, [&] { return read_target(tf); }));
    }
  }
  return d;
}

// Removes the entry `id` of `list`; an id the list lacks is an error at `path`.
template <class T>
void remove_entry(std::vector<T>& list, const std::string& id, const std::string& path) {
  const auto it =
      std::find_if(list.begin(), list.end(), [&](const T& item) { return item.id == id; });
  if (it == list.end())
    throw invalid_input(path, "'" + id + "' is not in the catalog this one is merged over");
  list.erase(it);
}

// Replaces the entry with `item`'s id in place, or appends it.
template <class T>
void replace_or_add(std::vector<T>& list, const T& item) {
  const auto it =
      std::find_if(list.begin(), list.end(), [&](const T& x) { return x.id == item.id; });
  if (it == list.end()) list.push_back(item);
  else *it = item;
}

} // namespace

std::string_view to_string(Direction direction) noexcept {
  return detail::name_of(direction_names, direction);
}

Direction parse_direction(std::string_view text) {
  if (const auto found = detail::find_name<Direction>(direction_names, text)) return *found;
  if (text == "higher" || text == "up") return Direction::higher_is_better;
  if (text == "lower" || text == "down") return Direction::lower_is_better;
  throw invalid_input("direction", "unknown direction '" + std::string(text) +
                                       "'; expected higher_is_better, lower_is_better or neither");
}

std::string_view to_string(Verification verification) noexcept {
  return detail::name_of(verification_names, verification);
}

Verification parse_verification(std::string_view text) {
  if (text == "V") return Verification::verified;
  if (text == "P") return Verification::probable;
  if (text == "U") return Verification::unverified;
  throw invalid_input("verification", "unknown verification status '" +
                                          detail::printable_utf8(text, 40) +
                                          "'; expected V, P or U");
}

std::string_view to_string(TargetComparison comparison) noexcept {
  return detail::name_of(comparison_names, comparison);
}

TargetComparison parse_target_comparison(std::string_view text) {
  if (const auto found = detail::find_name<TargetComparison>(comparison_names, text)) return *found;
  throw invalid_input("comparison", "unknown value \"" + detail::printable_utf8(text, 40) + "\"; " +
                                        suggestion(text, comparison_names));
}

void validate(const Indicator& indicator) {
  if (indicator.id.empty()) throw invalid_input("id", "is empty");
  for (char c : indicator.id)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-'))
      throw invalid_input("id",
                          "'" + indicator.id + "' may contain only letters, digits, '_' and '-'");
  if (indicator.method.empty()) {
    if (indicator.numerator.empty()) throw invalid_input("numerator", "is empty");
    if (indicator.denominator.empty()) throw invalid_input("denominator", "is empty");
  } else if (!indicator.numerator.empty()) {
    throw invalid_input("numerator", "must be empty when a method computes the indicator");
  }
  if (indicator.decimals < 0 || indicator.decimals > 15)
    throw invalid_input("decimals",
                        "must be between 0 and 15, got " + std::to_string(indicator.decimals));
  for (std::size_t i = 0; i < indicator.targets.size(); ++i) {
    const NationalTarget& t = indicator.targets[i];
    const std::string path = "targets[" + std::to_string(i) + "]";
    if ((t.comparison == TargetComparison::relative_decrease) != (t.baseline_year != 0))
      throw invalid_input(path + ".baseline_year",
                          "is required for a relative_decrease and only for it");
    if (t.document.empty()) throw invalid_input(path + ".document", "is empty");
    if (!std::isfinite(t.value))
      throw invalid_input(path + ".value",
                          "must be a finite number, got " + std::to_string(t.value));
    if (t.year < 1 || t.year > 9999 || t.baseline_year < 0 || t.baseline_year > 9999)
      throw invalid_input(path + ".year", "years must be between 1 and 9999");
  }
}

Catalog Catalog::from_json(std::string_view text) {
  const json doc = detail::parse_json(text, "catalog");
  if (!doc.is_object())
    throw invalid_input("catalog", "must be a JSON object with data_elements and indicators");
  const Fields top(doc, "", catalog_keys);
  Catalog c;
  read_list(top, "data_elements", element_keys, c.data_elements, [](const Fields& f) {
    DataElement e{f.text("id"), f.text_or("name_zh", ""), f.text_or("name_en", ""),
                  parse_aggregation_type(f.choice("aggregation", aggregation_type_names(), "sum")),
                  f.texts("disaggregations")};
    e.description = f.text_or("description", "");
    return e;
  });
  read_list(top, "indicators", indicator_keys, c.indicators, read_indicator);
  if (top.has("validation_rules") && !doc.at("validation_rules").is_array())
    throw invalid_input("validation_rules",
                        "must be a list, got " + json_kind(doc.at("validation_rules")));
  if (top.has("remove")) {
    const Fields r(doc.at("remove"), "remove", remove_keys);
    c.removed_data_elements = r.texts("data_elements");
    c.removed_indicators = r.texts("indicators");
  }
  return c;
}

std::string Catalog::to_json() const {
  json doc{{"data_elements", json::array()}, {"indicators", json::array()}};
  for (const auto& e : data_elements) {
    json item{{"id", e.id},
              {"name_zh", e.name_zh},
              {"name_en", e.name_en},
              {"aggregation", std::string(to_string(e.aggregation))},
              {"disaggregations", e.disaggregations}};
    if (!e.description.empty()) item["description"] = e.description;
    doc["data_elements"].push_back(std::move(item));
  }
  for (const auto& i : indicators) {
    json item{{"id", i.id}, {"name_zh", i.name_zh}, {"name_en", i.name_en}};
    if (i.method.empty()) {
      item["numerator"] = i.numerator;
      item["denominator"] = i.denominator;
    } else {
      item["method"] = i.method;
    }
    item["unit"] = std::string(i.unit.code());
    item["decimals"] = i.decimals;
    item["direction"] = std::string(to_string(i.direction));
    item["kind"] = std::string(to_string(i.kind));
    item["annualised"] = i.annualised;
    item["source"] = i.source;
    if (i.verification != Verification::unstated)
      item["verification"] = std::string(to_string(i.verification));
    if (!i.note.empty()) item["note"] = i.note;
    if (!i.targets.empty()) {
      item["targets"] = json::array();
      for (const auto& t : i.targets) {
        json target{{"value", t.value},
                    {"comparison", std::string(to_string(t.comparison))},
                    {"year", t.year},
                    {"document", t.document}};
        if (t.verification != Verification::unstated)
          target["verification"] = std::string(to_string(t.verification));
        if (t.baseline_year != 0) target["baseline_year"] = t.baseline_year;
        if (!t.note.empty()) target["note"] = t.note;
        item["targets"].push_back(std::move(target));
      }
    }
    doc["indicators"].push_back(std::move(item));
  }
  if (!removed_data_elements.empty() || !removed_indicators.empty()) {
    doc["remove"] = json::object();
    if (!removed_data_elements.empty()) doc["remove"]["data_elements"] = removed_data_elements;
    if (!removed_indicators.empty()) doc["remove"]["indicators"] = removed_indicators;
  }
  return doc.dump(2);
}

std::string_view Catalog::builtin_json() noexcept { return detail::builtin_catalog_json; }
std::string_view Catalog::schema_json() noexcept { return detail::catalog_schema_json; }

const Catalog& Catalog::builtin() {
  static const Catalog catalog = from_json(builtin_json());
  return catalog;
}

Catalog Catalog::merged(const Catalog& user) const {
  Catalog out{data_elements, indicators};
  for (std::size_t i = 0; i < user.removed_data_elements.size(); ++i)
    remove_entry(out.data_elements, user.removed_data_elements[i],
                 "remove.data_elements[" + std::to_string(i) + "]");
  for (std::size_t i = 0; i < user.removed_indicators.size(); ++i)
    remove_entry(out.indicators, user.removed_indicators[i],
                 "remove.indicators[" + std::to_string(i) + "]");
  for (const auto& e : user.data_elements) replace_or_add(out.data_elements, e);
  for (const auto& i : user.indicators) replace_or_add(out.indicators, i);
  return out;
}

const Indicator& Catalog::indicator(std::string_view id) const {
  for (const auto& i : indicators)
    if (i.id == id) return i;
  throw invalid_input("indicator", "unknown indicator '" + std::string(id) + "'");
}

const DataElement& Catalog::data_element(std::string_view id) const {
  for (const auto& e : data_elements)
    if (e.id == id) return e;
  throw invalid_input("data_element", "unknown data element '" + std::string(id) + "'");
}

} // namespace zhibiao
