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
    if (len == 0) throw parse_error(field, std::string(text), d.size(), "valid UTF-8 text");
    d.code_points.push_back(fold ? fold_width(c) : c);
    d.byte_offsets.push_back(b);
    b += len;
  }
  d.byte_offsets.push_back(text.size());
  return d;
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

/// `text` with the ASCII letters A–Z in lower case and every other byte unchanged, whatever the
/// locale: for names read in any case ("Monthly", "HIGH", "Sum").
inline std::string lower_ascii(std::string_view text) {
  std::string s(text);
  for (char& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return s;
}

} // namespace zhibiao::detail
