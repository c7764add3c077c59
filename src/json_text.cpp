#include "json_text.hpp"

#include "zhibiao/detail/utf8.hpp"
#include "zhibiao/error.hpp"

#include <algorithm>

namespace zhibiao::detail {

namespace {

// Punctuation a Chinese input method types in place of JSON's ASCII syntax: named in the error,
// since "invalid literal" alone does not tell a reader that ， is not ,.
struct FullWidth {
  char32_t c;
  const char* name;
};
constexpr FullWidth full_width_punctuation[] = {
    {U'，', "a full-width comma ， (JSON needs the ASCII comma ,)"},
    {U'：', "a full-width colon ： (JSON needs the ASCII colon :)"},
    {U'“', "a full-width quotation mark “ (JSON needs the ASCII quote \")"},
    {U'”', "a full-width quotation mark ” (JSON needs the ASCII quote \")"},
    {U'‘', "a full-width quotation mark ‘ (JSON needs the ASCII quote \")"},
    {U'’', "a full-width quotation mark ’ (JSON needs the ASCII quote \")"},
    {U'、', "an enumeration comma 、 (JSON needs the ASCII comma ,)"},
    {U'［', "a full-width bracket ［ (JSON needs [)"},
    {U'］', "a full-width bracket ］ (JSON needs ])"},
    {U'｛', "a full-width brace ｛ (JSON needs {)"},
    {U'｝', "a full-width brace ｝ (JSON needs })"},
    {U'\u3000', "an ideographic space (JSON needs an ASCII space)"},
};

} // namespace

nlohmann::json parse_json(std::string_view text, const std::string& field) {
  // Bytes first (detail/utf8.hpp): nlohmann would stop at them with a message quoting half a
  // character, which Python could not even decode.
  check_utf8(text, field);
  try {
    return nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    // nlohmann reports the 1-based byte of the offending character (on a character of several
    // bytes, one of them); its message ends with what was wrong after the last ": ".
    std::size_t byte = std::min(e.byte > 0 ? e.byte - 1 : 0, text.size());
    while (byte > 0 && byte < text.size() &&
           (static_cast<unsigned char>(text[byte]) & 0xC0) == 0x80)
      --byte; // back to the character's first byte
    const std::size_t at = code_points_before(text, byte);
    const std::string message = e.what();
    const auto colon = message.rfind(": ");
    std::string note;
    char32_t c = 0;
    if (byte < text.size() && decode_utf8_at(text, byte, c) > 0)
      for (const auto& p : full_width_punctuation)
        if (p.c == c) note = "found " + std::string(p.name);
    throw parse_error(
        field, printable_utf8(text, std::clamp<std::size_t>(at + 20, 60, 400)), at,
        "valid JSON (" +
            printable_utf8(colon == std::string::npos ? message : message.substr(colon + 2), 200) +
            ")",
        std::move(note));
  } catch (const nlohmann::json::exception& e) {
    // Not a syntax error but a value nlohmann cannot hold, e.g. a number beyond the range of a
    // double ("number overflow parsing '8888…e8888'"): found by the catalog fuzz target.
    const std::string message = e.what();
    const auto bracket = message.find("] ");
    throw invalid_input(
        field, "holds a value that cannot be read: " +
                   printable_utf8(
                       bracket == std::string::npos ? message : message.substr(bracket + 2), 200));
  }
}

std::string json_kind(const nlohmann::json& v) {
  using json = nlohmann::json;
  switch (v.type()) {
  case json::value_t::object: return "an object";
  case json::value_t::array: return "a list";
  case json::value_t::null: return "null";
  case json::value_t::string: return "string " + printable_utf8(v.dump(), 40);
  case json::value_t::boolean: return "boolean " + v.dump();
  default: return "number " + printable_utf8(v.dump(), 40);
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
