// Reading and writing assessment schemes: JSON (data/scheme.schema.json) and a table of items
// (one row per item, every cell text). Strict like the catalog reader: an unknown key is refused
// with its path, so that a misspelt "pionts" is not silently worth nothing.
#include "zhibiao/scheme.hpp"

#include "json_text.hpp"
#include "zhibiao/detail/names.hpp"
#include "zhibiao/detail/utf8.hpp"
#include "zhibiao/error.hpp"

#include <algorithm>
#include <cmath>
#include <initializer_list>
#include <span>
#include <string>

namespace zhibiao {

namespace {

using json = nlohmann::json;
using detail::json_kind;
using Keys = std::initializer_list<std::string_view>;

void check_keys(const json& object, const std::string& path, Keys known) {
  if (!object.is_object())
    throw invalid_input(path.empty() ? "scheme" : path,
                        "must be an object, got " + json_kind(object));
  for (const auto& [key, value] : object.items()) {
    if (std::find(known.begin(), known.end(), std::string_view(key)) != known.end()) continue;
    std::string hint;
    if (const auto best = detail::closest_name(
            key, std::span<const std::string_view>(known.begin(), known.size())))
      hint = "; did you mean \"" + std::string(*best) + "\"?";
    throw invalid_input((path.empty() ? "" : path + ".") + detail::printable_utf8(key, 60),
                        "unknown field" + hint);
  }
}

std::string sub(const std::string& path, const char* key) {
  return path.empty() ? std::string(key) : path + "." + key;
}

double number(const json& o, const std::string& path, const char* key) {
  const json& v = o.at(key);
  if (!v.is_number()) throw invalid_input(sub(path, key), "must be a number, got " + json_kind(v));
  const double x = v.get<double>();
  if (!std::isfinite(x)) throw invalid_input(sub(path, key), "must be finite");
  return x;
}
std::string text(const json& o, const std::string& path, const char* key) {
  const json& v = o.at(key);
  if (!v.is_string()) throw invalid_input(sub(path, key), "must be a string, got " + json_kind(v));
  return v.get<std::string>();
}

// Threshold wording ("≥90%", "不少于1,000人"); a parse error keeps its position, under the path.
Threshold read_threshold(const std::string& wording, const std::string& field) {
  try {
    return Threshold::parse(wording);
  } catch (const parse_error& e) {
    throw parse_error(field, e.text(), e.position(), e.expected(), e.note());
  } catch (const invalid_input& e) {
    throw invalid_input(field, e.what());
  }
}
Quota read_quota(double amount, const std::string& period, const std::string& field) {
  try {
    return Quota::of(amount, Period::parse(period));
  } catch (const parse_error& e) {
    throw parse_error(field + ".period", e.text(), e.position(), e.expected(), e.note());
  } catch (const invalid_input& e) {
    throw invalid_input(field, e.what());
  }
}

SchemeItem read_item(const json& o, const std::string& path) {
  check_keys(o, path,
             {"id", "indicator", "name", "points", "rule", "target", "quota", "per_unit", "floor",
              "weight", "veto"});
  SchemeItem it;
  for (const char* k : {"id", "indicator", "points"})
    if (!o.contains(k)) throw invalid_input(sub(path, k), "is required");
  it.id = text(o, path, "id");
  it.indicator = text(o, path, "indicator");
  if (o.contains("name")) it.name = text(o, path, "name");
  it.points = number(o, path, "points");
  if (o.contains("rule")) {
    const std::string r = text(o, path, "rule");
    try {
      it.rule = parse_score_rule(r);
    } catch (const invalid_input& e) {
      throw invalid_input(sub(path, "rule"), std::string(e.what()).substr(6));
    }
  }
  if (o.contains("target"))
    it.target = read_threshold(text(o, path, "target"), sub(path, "target"));
  if (o.contains("quota")) {
    const std::string qp = sub(path, "quota");
    const json& q = o.at("quota");
    check_keys(q, qp, {"amount", "period"});
    for (const char* k : {"amount", "period"})
      if (!q.contains(k)) throw invalid_input(sub(qp, k), "is required");
    it.quota = read_quota(number(q, qp, "amount"), text(q, qp, "period"), qp);
  }
  if (o.contains("per_unit")) it.per_unit = number(o, path, "per_unit");
  if (o.contains("floor")) it.floor = number(o, path, "floor");
  if (o.contains("weight")) it.weight = number(o, path, "weight");
  if (o.contains("veto")) {
    const std::string vp = sub(path, "veto");
    const json& v = o.at("veto");
    check_keys(v, vp, {"effect", "total", "grade"});
    if (!v.contains("effect")) throw invalid_input(sub(vp, "effect"), "is required");
    const std::string e = text(v, vp, "effect");
    if (e == "cap") it.veto = VetoEffect::cap;
    else if (e == "zero") it.veto = VetoEffect::zero;
    else throw invalid_input(sub(vp, "effect"), "must be \"cap\" or \"zero\"");
    if (v.contains("total")) it.cap_total = number(v, vp, "total");
    if (v.contains("grade")) it.cap_grade = text(v, vp, "grade");
  }
  return it;
}

} // namespace

Scheme scheme_from_json(std::string_view text_in) {
  const json root = detail::parse_json(text_in, "scheme");
  check_keys(
      root, "",
      {"$schema", "name", "items", "grades", "fail_grade", "total", "bonus_cap", "decimals"});
  Scheme s;
  if (root.contains("name")) s.name = text(root, "", "name");
  if (!root.contains("items")) throw invalid_input("items", "is required");
  const json& items = root.at("items");
  if (!items.is_array()) throw invalid_input("items", "must be a list, got " + json_kind(items));
  for (std::size_t i = 0; i < items.size(); ++i)
    s.items.push_back(read_item(items[i], "items[" + std::to_string(i) + "]"));
  if (root.contains("grades")) {
    const json& g = root.at("grades");
    if (!g.is_array()) throw invalid_input("grades", "must be a list, got " + json_kind(g));
    s.grades.clear();
    for (std::size_t i = 0; i < g.size(); ++i) {
      const std::string gp = "grades[" + std::to_string(i) + "]";
      check_keys(g[i], gp, {"name", "min_total"});
      for (const char* k : {"name", "min_total"})
        if (!g[i].contains(k)) throw invalid_input(sub(gp, k), "is required");
      s.grades.push_back({text(g[i], gp, "name"), number(g[i], gp, "min_total")});
    }
  }
  if (root.contains("fail_grade")) s.fail_grade = text(root, "", "fail_grade");
  if (root.contains("total")) s.total = number(root, "", "total");
  if (root.contains("bonus_cap")) s.bonus_cap = number(root, "", "bonus_cap");
  if (root.contains("decimals")) {
    const json& d = root.at("decimals");
    if (!d.is_number_integer() || d.get<std::int64_t>() < 0 || d.get<std::int64_t>() > 6)
      throw invalid_input("decimals", "must be an integer from 0 to 6, got " + json_kind(d));
    s.decimals = static_cast<int>(d.get<std::int64_t>());
  }
  return s;
}

std::string scheme_to_json(const Scheme& s) {
  json root = json::object();
  if (!s.name.empty()) root["name"] = s.name;
  if (s.total) root["total"] = *s.total;
  if (s.bonus_cap) root["bonus_cap"] = *s.bonus_cap;
  root["decimals"] = s.decimals;
  root["fail_grade"] = s.fail_grade;
  root["grades"] = json::array();
  for (const auto& g : s.grades)
    root["grades"].push_back({{"name", g.name}, {"min_total", g.min_total}});
  root["items"] = json::array();
  for (const auto& it : s.items) {
    json o = {{"id", it.id},
              {"indicator", it.indicator},
              {"points", it.points},
              {"rule", std::string(to_string(it.rule))}};
    if (!it.name.empty()) o["name"] = it.name;
    if (it.target) o["target"] = it.target->describe(Language::zh);
    if (it.quota) o["quota"] = {{"amount", it.quota->amount}, {"period", it.quota->period.code()}};
    if (it.per_unit != 0) o["per_unit"] = it.per_unit;
    if (it.floor != 0) o["floor"] = it.floor;
    if (it.weight != 1) o["weight"] = it.weight;
    if (it.veto != VetoEffect::none) {
      json v = {{"effect", std::string(to_string(it.veto))}};
      if (it.cap_total) v["total"] = *it.cap_total;
      if (!it.cap_grade.empty()) v["grade"] = it.cap_grade;
      o["veto"] = v;
    }
    root["items"].push_back(o);
  }
  return root.dump(2);
}

namespace {
double cell_number(const std::string& cell, const std::string& field) {
  std::size_t used = 0;
  double x = 0;
  try {
    x = std::stod(cell, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  while (used < cell.size() && cell[used] == ' ') ++used;
  if (used != cell.size() || cell.empty() || !std::isfinite(x))
    throw invalid_input(field,
                        "must be a number, got \"" + detail::printable_utf8(cell, 40) + "\"");
  return x;
}
} // namespace

Scheme scheme_from_rows(const std::vector<SchemeRow>& rows, Scheme defaults) {
  defaults.items.clear();
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const SchemeRow& r = rows[i];
    const std::string at =
        "rows[" + std::to_string(i) + "] (" + detail::printable_utf8(r.id, 40) + ")";
    auto f = [&](const char* name) { return at + "." + name; };
    SchemeItem it;
    if (r.id.empty()) throw invalid_input(f("id"), "is required");
    if (r.indicator.empty()) throw invalid_input(f("indicator"), "is required");
    it.id = r.id;
    it.indicator = r.indicator;
    it.name = r.name;
    if (r.points.empty()) throw invalid_input(f("points"), "is required");
    it.points = cell_number(r.points, f("points"));
    if (!r.rule.empty()) {
      try {
        it.rule = parse_score_rule(r.rule);
      } catch (const invalid_input& e) {
        throw invalid_input(f("rule"), std::string(e.what()).substr(6));
      }
    }
    if (!r.target.empty()) it.target = read_threshold(r.target, f("target"));
    if (!r.quota.empty()) {
      const auto atsign = r.quota.find('@');
      if (atsign == std::string::npos)
        throw invalid_input(f("quota"), "must read amount@period, e.g. 1600@2025");
      it.quota = read_quota(cell_number(r.quota.substr(0, atsign), f("quota")),
                            r.quota.substr(atsign + 1), f("quota"));
    }
    if (!r.per_unit.empty()) it.per_unit = cell_number(r.per_unit, f("per_unit"));
    if (!r.floor.empty()) it.floor = cell_number(r.floor, f("floor"));
    if (!r.weight.empty()) it.weight = cell_number(r.weight, f("weight"));
    if (!r.veto.empty()) {
      if (r.veto == "cap") it.veto = VetoEffect::cap;
      else if (r.veto == "zero") it.veto = VetoEffect::zero;
      else throw invalid_input(f("veto"), "must be cap or zero");
    }
    if (!r.cap.empty()) {
      if (it.veto != VetoEffect::cap) throw invalid_input(f("cap"), "is for a veto that caps");
      char* end = nullptr;
      const double x = std::strtod(r.cap.c_str(), &end);
      if (end && *end == '\0' && std::isfinite(x)) it.cap_total = x;
      else it.cap_grade = r.cap; // a grade name
    }
    defaults.items.push_back(std::move(it));
  }
  return defaults;
}

} // namespace zhibiao
