#include "zhibiao/indicator.hpp"

#include "zhibiao/detail/names.hpp"
#include "zhibiao/error.hpp"

#include "json_text.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cctype>
#include <set>

namespace zhibiao {

namespace {

using json = nlohmann::json;
using detail::at_path;

constexpr std::array<std::string_view, 3> direction_names{"higher_is_better", "lower_is_better",
                                                          "neither"};

// Typed access to an object's field, with errors that name the field's path.
class Fields {
public:
  Fields(const json& object, std::string path) : object_(object), path_(std::move(path)) {
    if (!object_.is_object()) throw invalid_input(path_, "must be a JSON object");
  }
  bool has(const char* key) const { return object_.contains(key) && !object_.at(key).is_null(); }
  std::string text(const char* key, std::optional<std::string> fallback = std::nullopt) const {
    return detail::json_text(object_, path_, key, std::move(fallback));
  }
  int integer(const char* key, int fallback) const {
    if (!has(key)) return fallback;
    const auto& v = object_.at(key);
    if (!v.is_number_integer())
      throw invalid_input(path(key), "must be an integer, got " + v.dump());
    return v.get<int>();
  }
  bool boolean(const char* key, bool fallback) const {
    if (!has(key)) return fallback;
    const auto& v = object_.at(key);
    if (!v.is_boolean()) throw invalid_input(path(key), "must be true or false, got " + v.dump());
    return v.get<bool>();
  }
  std::vector<std::string> texts(const char* key) const {
    if (!has(key)) return {};
    const auto& v = object_.at(key);
    if (!v.is_array()) throw invalid_input(path(key), "must be a list of strings");
    std::vector<std::string> out;
    for (std::size_t i = 0; i < v.size(); ++i) {
      if (!v[i].is_string())
        throw invalid_input(path(key) + "[" + std::to_string(i) + "]", "must be a string");
      out.push_back(v[i].get<std::string>());
    }
    return out;
  }
  std::string path(const char* key) const { return path_ + "." + key; }

private:
  const json& object_;
  std::string path_;
};

// Reads the catalog's list `key` (none when absent) into `out`: each item, at its path "key[i]",
// by `read`, then validated; an id that stands twice in the list is an error at the second.
template <class T, class Read>
void read_list(const json& doc, const char* key, std::vector<T>& out, Read read) {
  if (!doc.contains(key)) return;
  const auto& list = doc.at(key);
  if (!list.is_array()) throw invalid_input(key, "must be a list");
  std::set<std::string> ids;
  for (std::size_t i = 0; i < list.size(); ++i) {
    const std::string path = std::string(key) + "[" + std::to_string(i) + "]";
    const Fields f(list[i], path);
    T item = at_path(path, [&] {
      T d = read(f);
      validate(d);
      return d;
    });
    if (!ids.insert(item.id).second)
      throw invalid_input(path + ".id", "'" + item.id + "' is defined twice");
    out.push_back(std::move(item));
  }
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

void validate(const Indicator& indicator) {
  if (indicator.id.empty()) throw invalid_input("id", "is empty");
  for (char c : indicator.id)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-'))
      throw invalid_input("id",
                          "'" + indicator.id + "' may contain only letters, digits, '_' and '-'");
  if (indicator.numerator.empty()) throw invalid_input("numerator", "is empty");
  if (indicator.denominator.empty()) throw invalid_input("denominator", "is empty");
  if (indicator.decimals < 0 || indicator.decimals > 15)
    throw invalid_input("decimals",
                        "must be between 0 and 15, got " + std::to_string(indicator.decimals));
}

Catalog Catalog::from_json(std::string_view text) {
  const json doc = detail::parse_json(text, "catalog");
  if (!doc.is_object())
    throw invalid_input("catalog", "must be a JSON object with data_elements and indicators");
  Catalog c;
  read_list(doc, "data_elements", c.data_elements, [](const Fields& f) {
    return DataElement{f.text("id"), f.text("name_zh", ""), f.text("name_en", ""),
                       parse_aggregation_type(f.text("aggregation", "sum")),
                       f.texts("disaggregations")};
  });
  read_list(doc, "indicators", c.indicators, [](const Fields& f) {
    Indicator d;
    d.id = f.text("id");
    d.name_zh = f.text("name_zh", "");
    d.name_en = f.text("name_en", "");
    d.numerator = f.text("numerator");
    d.denominator = f.text("denominator", "1");
    d.unit = Unit::parse(f.text("unit", "percent"));
    d.decimals = f.integer("decimals", 2);
    d.direction = parse_direction(f.text("direction", "neither"));
    d.kind = parse_measure_kind(f.text("kind", "ratio"));
    d.annualised = f.boolean("annualised", false);
    d.source = f.text("source", "");
    return d;
  });
  return c;
}

std::string Catalog::to_json() const {
  json doc{{"data_elements", json::array()}, {"indicators", json::array()}};
  for (const auto& e : data_elements)
    doc["data_elements"].push_back({{"id", e.id},
                                    {"name_zh", e.name_zh},
                                    {"name_en", e.name_en},
                                    {"aggregation", std::string(to_string(e.aggregation))},
                                    {"disaggregations", e.disaggregations}});
  for (const auto& i : indicators)
    doc["indicators"].push_back({{"id", i.id},
                                 {"name_zh", i.name_zh},
                                 {"name_en", i.name_en},
                                 {"numerator", i.numerator},
                                 {"denominator", i.denominator},
                                 {"unit", std::string(i.unit.code())},
                                 {"decimals", i.decimals},
                                 {"direction", std::string(to_string(i.direction))},
                                 {"kind", std::string(to_string(i.kind))},
                                 {"annualised", i.annualised},
                                 {"source", i.source}});
  return doc.dump(2);
}

const Indicator& Catalog::indicator(std::string_view id) const {
  for (const auto& i : indicators)
    if (i.id == id) return i;
  throw invalid_input("indicator", "unknown indicator '" + std::string(id) + "'");
}

} // namespace zhibiao
