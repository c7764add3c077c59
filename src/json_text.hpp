#pragma once
// Private to src/: reading JSON text with errors that follow the project's conventions. Kept out
// of include/ so that installed headers do not depend on nlohmann-json.

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

namespace zhibiao::detail {

/// Parses `text`; malformed JSON throws zhibiao::parse_error naming `field` and the character
/// (code point, not byte) where nlohmann-json stopped.
nlohmann::json parse_json(std::string_view text, const std::string& field);

} // namespace zhibiao::detail
