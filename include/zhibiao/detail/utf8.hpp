#pragma once
// Internal: the one UTF-8 reader of the text parsers (expression.cpp, period_text.cpp,
// target.cpp, json_text.cpp). Parsers work on code points so that an error's position counts
// characters as a person does; this header decodes, maps code-point positions to byte offsets and
// back, and holds the one full-width normalisation table and the one ASCII case folding.
//
// Where internal headers live: see detail/numeric.hpp.
//
// Parsers that compare whole words (Unit::parse) fold the text with folded_text instead.
//
// Validity follows Unicode's definition of well-formed UTF-8 (The Unicode Standard, §3.9, table
// 3-7): a lead byte, then the right number of continuation bytes 10xxxxxx; no overlong form
// (C0 80 for U+0000, E0 80 80 …), no surrogate (U+D800–U+DFFF, which UTF-8 must not encode) and
// nothing above U+10FFFF. Before this header the three parsers had decoders of their own; one did
// not check continuation bytes and none rejected overlong forms or surrogates.
//
// Full-width forms (fold_width). Chinese input methods type the ASCII characters in their
// full-width forms: （１２．５％） for (12.5%), the ideographic space U+3000 for a space. Every
// parser reads them as ASCII, by one table: U+FF01–U+FF5E (FULLWIDTH EXCLAMATION MARK …
// FULLWIDTH TILDE) map to U+0021–U+007E, their compatibility decompositions (NFKC), and U+3000
// maps to U+0020. Nothing else is folded here: the dashes a period reads as '-' (— – 〜) are
// other characters, not width variants, and stay the period parser's rule. Before, the
// expression parser folded only （ ） ，, the period parser only the digits, and the target parser
// nothing but ％ and ～ (listed in its tables); now each reads every full-width form, so text
// such as "２０１９Ｑ１", "ｍａｘ（#{a}，#{b}）" or "≥９０．５％" parses where it was an error.
// Names (a data element in #{…}) keep the characters as written: only the syntax around them is
// folded.

#include "zhibiao/error.hpp"

#include <algorithm>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace zhibiao::detail {

/// Decodes the code point starting at byte `b` of `text` into `c`; returns its length in bytes
/// (1–4), or 0 when the bytes there are not well-formed UTF-8 (see above). `b < text.size()`.
constexpr std::size_t decode_utf8_at(std::string_view text, std::size_t b, char32_t& c) noexcept {
  const auto c0 = static_cast<unsigned char>(text[b]);
  if (c0 < 0x80) {
    c = c0;
    return 1;
  }
  // The lead byte gives the length and the smallest value of that length (so that an overlong
  // form, a value that fits in fewer bytes, is refused).
  std::size_t len = 0;
  char32_t min = 0;
  if ((c0 >> 5) == 0x6) len = 2, min = 0x80, c = c0 & 0x1F;
  else if ((c0 >> 4) == 0xE) len = 3, min = 0x800, c = c0 & 0x0F;
  else if ((c0 >> 3) == 0x1E) len = 4, min = 0x10000, c = c0 & 0x07;
  else return 0; // a continuation byte, or F8–FF
  if (text.size() - b < len) return 0;
  for (std::size_t k = 1; k < len; ++k) {
    const auto ck = static_cast<unsigned char>(text[b + k]);
    if ((ck >> 6) != 0x2) return 0;
    c = (c << 6) | (ck & 0x3F);
  }
  if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) return 0;
  return len;
}

/// Appends the UTF-8 form of `c` (a valid scalar value) to `out`.
inline void append_utf8(std::string& out, char32_t c) {
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xC0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    out += static_cast<char>(0xE0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (c >> 18));
    out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  }
}

/// The UTF-8 form of code points (valid scalar values), for messages that quote a parser's words.
inline std::string utf8_of(std::u32string_view text) {
  std::string out;
  for (const char32_t c : text) append_utf8(out, c);
  return out;
}

/// The full-width normalisation table (see above): U+FF01–U+FF5E → U+0021–U+007E, U+3000 → ' ';
/// every other code point unchanged.
constexpr char32_t fold_width(char32_t c) noexcept {
  if (c >= 0xFF01 && c <= 0xFF5E) return c - 0xFEE0;
  if (c == 0x3000) return U' ';
  return c;
}

/// `text` with its full-width forms folded (fold_width), as UTF-8 again, for parsers that compare
/// whole words rather than read code points (Unit::parse: ％ is %). Ill-formed bytes are kept
/// as they are, for the caller's own error.
inline std::string folded_text(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t b = 0; b < text.size();) {
    char32_t c = 0;
    const std::size_t len = decode_utf8_at(text, b, c);
    if (len == 0) {
      out += text[b++];
      continue;
    }
    if (fold_width(c) == c) out.append(text.substr(b, len));
    else append_utf8(out, fold_width(c));
    b += len;
  }
  return out;
}

/// Code points that start in text[0, bytes): a byte offset as a character position (a byte
/// inside a sequence counts with its sequence; ill-formed bytes count one each).
constexpr std::size_t code_points_before(std::string_view text, std::size_t bytes) noexcept {
  std::size_t n = 0;
  for (std::size_t i = 0; i < bytes && i < text.size(); ++i)
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++n;
  return n;
}

/// Byte offset where code point `position` starts (text.size() at or past the end): a
/// character position as a byte offset, the inverse of code_points_before on well-formed text.
constexpr std::size_t byte_offset_of(std::string_view text, std::size_t position) noexcept {
  std::size_t n = 0;
  for (std::size_t i = 0; i < text.size(); ++i)
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80 && n++ == position) return i;
  return text.size();
}

// --- The one validator of every reader ------------------------------------------------------
// Every text zhibiao reads (expressions, periods, targets, catalog and rule JSON, the cube's CSV)
// is checked here first, so that bytes that are not UTF-8 are a parse_error naming the character
// position and the byte offset, never an exception of another type (Python's
// UnicodeDecodeError when a message carried the bytes) and never text read wrongly.
//
// GB18030 (GB 18030-2005; GBK is its two-byte part) is what Chinese Windows saves text in. Its
// two-byte characters are a lead byte 0x81–0xFE and a trail byte 0x40–0x7E or 0x80–0xFE; its
// four-byte ones [81–FE][30–39][81–FE][30–39]. Text that is not UTF-8 but whose every byte
// above 0x7F falls into such sequences is named as probably GB18030 in the error, with how to
// read it: a heuristic (a Latin-1 file can pass it too), which is why it only advises.

/// The byte offset where `text` stops being well-formed UTF-8, or std::string_view::npos.
constexpr std::size_t first_invalid_utf8(std::string_view text) noexcept {
  for (std::size_t b = 0; b < text.size();) {
    if (static_cast<unsigned char>(text[b]) < 0x80) { // ASCII: the common case, one compare
      ++b;
      continue;
    }
    char32_t c = 0;
    const std::size_t len = decode_utf8_at(text, b, c);
    if (len == 0) return b;
    b += len;
  }
  return std::string_view::npos;
}

/// True when `text` has bytes above 0x7F and every one of them belongs to a well-formed GB18030
/// two- or four-byte sequence (see above).
constexpr bool looks_like_gb18030(std::string_view text) noexcept {
  bool any = false;
  const auto at = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  for (std::size_t b = 0; b < text.size();) {
    const unsigned char c0 = at(b);
    if (c0 < 0x80) {
      ++b;
      continue;
    }
    if (c0 == 0x80 || c0 == 0xFF || b + 1 >= text.size()) return false;
    const unsigned char c1 = at(b + 1);
    if ((c1 >= 0x40 && c1 <= 0x7E) || (c1 >= 0x80 && c1 <= 0xFE)) {
      b += 2;
    } else if (c1 >= 0x30 && c1 <= 0x39 && b + 3 < text.size() && at(b + 2) >= 0x81 &&
               at(b + 2) <= 0xFE && at(b + 3) >= 0x30 && at(b + 3) <= 0x39) {
      b += 4;
    } else {
      return false;
    }
    any = true;
  }
  return any;
}

/// `text` as it may go into a message: each ill-formed byte replaced by U+FFFD (so that the
/// message is UTF-8 and Python can show it), cut after `max_chars` characters with "…".
inline std::string printable_utf8(std::string_view text, std::size_t max_chars = 60) {
  std::string out;
  std::size_t n = 0;
  for (std::size_t b = 0; b < text.size(); ++n) {
    if (n == max_chars) {
      out += "…";
      break;
    }
    char32_t c = 0;
    const std::size_t len = decode_utf8_at(text, b, c);
    if (len == 0) {
      out += "\xEF\xBF\xBD";
      ++b;
      continue;
    }
    out.append(text.substr(b, len));
    b += len;
  }
  return out;
}

/// `text` without a leading UTF-8 byte order mark (EF BB BF, which Windows Notepad writes).
constexpr std::string_view without_bom(std::string_view text) noexcept {
  return text.substr(0, 3) == "\xEF\xBB\xBF" ? text.substr(3) : text;
}

/// Throws the parse_error of ill-formed UTF-8 at byte `byte` of `text`: position = the characters
/// before it, expected "valid UTF-8 text", the note giving the byte offset and value and, when
/// the text looks like GB18030, saying so and how to read it. `text` in the error is printable.
/// `where` (e.g. "line 3, ") starts the note, for a reader that checks a file line by line.
[[noreturn]] inline void throw_invalid_utf8(std::string_view text, std::size_t byte,
                                            const std::string& field,
                                            const std::string& where = {}) {
  static constexpr char hex[] = "0123456789ABCDEF";
  const auto v = static_cast<unsigned char>(text[byte]);
  std::string note = where + "byte " + std::to_string(byte) + " (0x" + hex[v >> 4] + hex[v & 0xF] +
                     ") does not start a well-formed UTF-8 character";
  if (looks_like_gb18030(text))
    note += "; the bytes look like GB18030/GBK (the encoding Chinese Windows saves text in): "
            "save the file as UTF-8, or read it with encoding=\"gb18030\" (Python: "
            "load_catalog, load_validation_rules, DataCube.load_csv)";
  const std::size_t at = code_points_before(text, byte);
  throw parse_error(field, printable_utf8(text, std::clamp<std::size_t>(at + 20, 60, 400)), at,
                    "valid UTF-8 text", std::move(note));
}

/// The validator of every reader: throws (throw_invalid_utf8) unless `text` is well-formed UTF-8.
inline void check_utf8(std::string_view text, const std::string& field) {
  const std::size_t bad = first_invalid_utf8(text);
  if (bad != std::string_view::npos) throw_invalid_utf8(text, bad, field);
}

/// Text decoded once: its code points and where each starts in the bytes.
struct DecodedText {
  std::u32string code_points;
  std::vector<std::size_t> byte_offsets; ///< one per code point, plus the text's size at the end

  std::size_t size() const noexcept { return code_points.size(); }
  /// Byte offset of code point `i` (the text's size for i == size()).
  std::size_t byte_offset(std::size_t i) const noexcept { return byte_offsets[i]; }
};

/// Decodes `text`, folding full-width forms when `fold` is true (positions do not move: each
/// fold maps one code point to one). Ill-formed UTF-8 throws zhibiao::parse_error naming `field`
/// at the position (in code points) of the first bad sequence, expecting "valid UTF-8 text".
inline DecodedText decode_utf8(std::string_view text, const char* field, bool fold) {
  DecodedText d;
  d.code_points.reserve(text.size());
  d.byte_offsets.reserve(text.size() + 1);
  for (std::size_t b = 0; b < text.size();) {
    char32_t c = 0;
    const std::size_t len = decode_utf8_at(text, b, c);
    if (len == 0) throw_invalid_utf8(text, b, field);
    d.code_points.push_back(fold ? fold_width(c) : c);
    d.byte_offsets.push_back(b);
    b += len;
  }
  d.byte_offsets.push_back(text.size());
  return d;
}

/// `text` with the ASCII letters A–Z in lower case and every other byte unchanged, whatever the
/// locale: for names read in any case ("Monthly", "HIGH", "Sum").
inline std::string lower_ascii(std::string_view text) {
  std::string s(text);
  for (char& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return s;
}

} // namespace zhibiao::detail
