#pragma once
// Private to src/: reading JSON text with errors that follow the project's conventions.
// The rule for internal headers: they live in include/zhibiao/detail/ (detail/numeric.hpp), except
// a header that needs a private dependency. This one includes nlohmann-json, which the library
// links privately (it is not installed with zhibiao, so no installed header may include it), so it
// is kept in src/, as is math_policy.hpp (Boost.Math).

#include "zhibiao/error.hpp"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace zhibiao::detail {

/// Parses `text`; malformed JSON throws zhibiao::parse_error naming `field` and the character
/// (code point, not byte) where nlohmann-json stopped.
nlohmann::json parse_json(std::string_view text, const std::string& field);

/// The text of `object[key]` (a number is taken as its JSON text: "denominator": 1 is as good as
/// "1"); `fallback` when the key is absent or null, else invalid_input naming "<path>.<key>".
std::string json_text(const nlohmann::json& object, const std::string& path, const char* key,
                      std::optional<std::string> fallback = std::nullopt);

/// What a JSON value is, for an error message: "string \"2\"", "number 2.5", "boolean true",
/// "null", "an object", "a list" (text cut to 40 printable characters).
std::string json_kind(const nlohmann::json& v);

/// Runs `read`; an invalid_input that names a bare field ("unit") is re-thrown naming it under
/// `path` ("indicators[3].unit"), so that an error deep in a file says where it is.
template <class F>
auto at_path(const std::string& path, F read) {
  try {
    return read();
  } catch (const parse_error&) {
    throw;
  } catch (const invalid_input& e) {
    if (e.field().find('.') != std::string::npos || e.field().find('[') != std::string::npos) throw;
    const std::string what = e.what();
    throw invalid_input(path + "." + e.field(), what.substr(e.field().size() + 2));
  }
}

} // namespace zhibiao::detail
