// audit_json (audit.hpp): the JSON of issue 17 item 5. nlohmann-json stays inside src/.
#include "zhibiao/audit.hpp"

#include "zhibiao/detail/format.hpp"
#include "zhibiao/detail/utf8.hpp"
#include "zhibiao/error.hpp"

#include <nlohmann/json.hpp>

#include <cmath>
#include <set>
#include <string>

namespace zhibiao {

namespace {

using json = nlohmann::ordered_json;

// Text as JSON may hold it: well-formed UTF-8 (nlohmann would throw its own type_error on a
// stray byte), refused naming the field otherwise.
const std::string& text(const std::string& s, const std::string& field) {
  detail::check_utf8(s, field);
  return s;
}

json period_json(const std::optional<Period>& p) { return p ? json(p->code()) : json(nullptr); }

} // namespace

std::string audit_json(std::span<const Mention> mentions, std::span<const Finding> findings,
                       std::span<const Claim> claims) {
  std::set<std::string> ids;
  const auto add_id = [&](const std::string& id, const std::string& field) {
    if (id.empty()) throw invalid_input(field, "is empty; every mention needs an id");
    if (!ids.insert(text(id, field)).second)
      throw invalid_input(field, "'" + detail::printable_utf8(id) + "' is used twice");
  };
  json out = json::object();
  json& ms = out["mentions"] = json::array();
  for (std::size_t i = 0; i < mentions.size(); ++i) {
    const Mention& m = mentions[i];
    const std::string at = "mentions[" + std::to_string(i) + "]";
    add_id(m.id, at + ".id");
    const Figure& f = m.figure;
    if (!std::isfinite(f.value))
      throw invalid_input(m.id + ".value",
                          "must be a finite number, got " + detail::full_precision_text(f.value));
    if (f.end < f.start)
      throw invalid_input(m.id + ".end", "is before its start (" + std::to_string(f.end) + " < " +
                                             std::to_string(f.start) + ")");
    json j = json::object();
    j["id"] = m.id;
    j["start"] = f.start;
    j["end"] = f.end;
    j["text"] = text(f.text, m.id + ".text");
    j["quantity"] = text(m.quantity, m.id + ".quantity");
    j["value"] = f.value;
    j["decimals"] = f.decimals;
    j["unit"] = text(f.unit, m.id + ".unit");
    j["period"] = period_json(m.period);
    ms.push_back(std::move(j));
  }
  for (std::size_t i = 0; i < claims.size(); ++i) {
    const Claim& c = claims[i];
    add_id(c.id, "claims[" + std::to_string(i) + "].id");
    if (c.end < c.start)
      throw invalid_input(c.id + ".end", "is before its start (" + std::to_string(c.end) + " < " +
                                             std::to_string(c.start) + ")");
    json j = json::object();
    j["id"] = c.id;
    j["start"] = c.start;
    j["end"] = c.end;
    j["text"] = text(c.text, c.id + ".text");
    j["quantity"] = text(c.quantity, c.id + ".quantity");
    j["value"] = nullptr;
    j["decimals"] = nullptr;
    j["unit"] = "";
    j["period"] = period_json(c.period);
    ms.push_back(std::move(j));
  }
  json& fs = out["findings"] = json::array();
  for (std::size_t i = 0; i < findings.size(); ++i) {
    const Finding& f = findings[i];
    const std::string at = "findings[" + std::to_string(i) + "]";
    json j = json::object();
    j["id"] = text(f.id, at + ".id");
    j["check"] = to_string(f.check);
    j["verdict"] = to_string(f.verdict);
    j["severity"] = to_string(f.severity);
    json refs = json::array();
    for (std::size_t k = 0; k < f.mentions.size(); ++k) {
      const std::string field = at + ".mentions[" + std::to_string(k) + "]";
      if (!ids.count(f.mentions[k]))
        throw invalid_input(field, "names '" + detail::printable_utf8(f.mentions[k]) +
                                       "', which is not among the mentions");
      refs.push_back(f.mentions[k]);
    }
    j["mentions"] = std::move(refs);
    if (f.recomputed && !std::isfinite(*f.recomputed))
      throw invalid_input(at + ".recomputed", "must be a finite number or none, got " +
                                                  detail::full_precision_text(*f.recomputed));
    j["recomputed"] = f.recomputed ? json(*f.recomputed) : json(nullptr);
    j["message_zh"] = text(f.message_zh, at + ".message_zh");
    j["message_en"] = text(f.message_en, at + ".message_en");
    fs.push_back(std::move(j));
  }
  return out.dump();
}

} // namespace zhibiao
