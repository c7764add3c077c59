#include "json_text.hpp"

#include "zhibiao/detail/utf8.hpp"
#include "zhibiao/error.hpp"

#include <algorithm>

namespace zhibiao::detail {

nlohmann::json parse_json(std::string_view text, const std::string& field) {
  try {
    return nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    // nlohmann reports the 1-based byte of the offending character; its message ends with what
    // was wrong after the last ": ".
    const std::size_t at = code_points_before(text, e.byte > 0 ? e.byte - 1 : 0);
    const std::string message = e.what();
    const auto colon = message.rfind(": ");
    throw parse_error(
        field, std::string(text.substr(0, std::min<std::size_t>(text.size(), 60))), at,
        "valid JSON (" + (colon == std::string::npos ? message : message.substr(colon + 2)) + ")");
  } catch (const nlohmann::json::exception& e) {
    // Not a syntax error but a value nlohmann cannot hold, e.g. a number beyond the range of a
    // double ("number overflow parsing '8888…e8888'"): found by the catalog fuzz target.
    const std::string message = e.what();
    const auto bracket = message.find("] ");
    throw invalid_input(field,
                        "holds a value that cannot be read: " +
                            (bracket == std::string::npos ? message : message.substr(bracket + 2)));
  }
}

std::string json_text(const nlohmann::json& object, const std::string& path, const char* key,
                      std::optional<std::string> fallback) {
  if (!object.contains(key) || object.at(key).is_null()) {
    if (fallback) return *fallback;
    throw invalid_input(path + "." + key, "is required");
  }
  const auto& v = object.at(key);
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number()) return v.dump();
  throw invalid_input(path + "." + key, "must be a string, got " + std::string(v.type_name()));
}

} // namespace zhibiao::detail
