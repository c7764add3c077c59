// detail/utf8.hpp: the one UTF-8 reader of the parsers, and its full-width table. Byte sequences
// are from The Unicode Standard, §3.9 (table 3-7, well-formed UTF-8 byte sequences).
#include <zhibiao/detail/utf8.hpp>
#include <zhibiao/error.hpp>
#include <zhibiao/expression.hpp>
#include <zhibiao/period.hpp>
#include <zhibiao/target.hpp>
#include <zhibiao/unit.hpp>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <string_view>

using namespace zhibiao;
using namespace zhibiao::detail;

namespace {

// The length decode_utf8_at returns at byte 0 (0: ill-formed), and the code point it read.
std::size_t length_of(std::string_view bytes, char32_t* out = nullptr) {
  char32_t c = 0;
  const std::size_t n = decode_utf8_at(bytes, 0, c);
  if (out) *out = c;
  return n;
}

std::size_t bad_position(std::string_view text) {
  try {
    decode_utf8(text, "text", false);
  } catch (const parse_error& e) {
    EXPECT_EQ(e.field(), "text");
    EXPECT_EQ(e.expected(), "valid UTF-8 text");
    return e.position();
  }
  ADD_FAILURE() << "decoded";
  return 0;
}

} // namespace

TEST(Utf8, DecodesEachLength) {
  char32_t c = 0;
  EXPECT_EQ(length_of("A", &c), 1u);
  EXPECT_EQ(c, U'A');
  EXPECT_EQ(length_of("\xC2\xA0", &c), 2u); // U+00A0
  EXPECT_EQ(c, 0xA0u);
  EXPECT_EQ(length_of("出", &c), 3u); // U+51FA: E5 87 BA
  EXPECT_EQ(c, 0x51FAu);
  EXPECT_EQ(length_of("\xF0\x9F\x98\x80", &c), 4u); // U+1F600
  EXPECT_EQ(c, 0x1F600u);
  EXPECT_EQ(length_of("\xF4\x8F\xBF\xBF", &c), 4u); // U+10FFFF, the last code point
  EXPECT_EQ(c, 0x10FFFFu);
}

TEST(Utf8, RefusesIllFormedSequences) {
  EXPECT_EQ(length_of("\x80"), 0u);             // a continuation byte without a lead
  EXPECT_EQ(length_of("\xFF"), 0u);             // never a UTF-8 byte
  EXPECT_EQ(length_of("\xE5\x87"), 0u);         // 出 cut short
  EXPECT_EQ(length_of("\xE5\x41\xBA"), 0u);     // 'A' where a continuation byte must be
  EXPECT_EQ(length_of("\xE5\x87\xFA"), 0u);     // 11xxxxxx where 10xxxxxx must be
  EXPECT_EQ(length_of("\xC0\x80"), 0u);         // overlong U+0000
  EXPECT_EQ(length_of("\xC1\xBF"), 0u);         // overlong U+007F
  EXPECT_EQ(length_of("\xE0\x80\xAF"), 0u);     // overlong '/'
  EXPECT_EQ(length_of("\xF0\x8F\xBF\xBF"), 0u); // overlong U+FFFF
  EXPECT_EQ(length_of("\xED\xA0\x80"), 0u);     // U+D800, a surrogate
  EXPECT_EQ(length_of("\xED\xBF\xBF"), 0u);     // U+DFFF
  EXPECT_EQ(length_of("\xF4\x90\x80\x80"), 0u); // U+110000, beyond Unicode
  EXPECT_EQ(length_of("\xED\x9F\xBF"), 3u);     // U+D7FF, just below the surrogates, is fine
}

TEST(Utf8, ErrorsCountCharactersBeforeTheBadOne) {
  EXPECT_EQ(bad_position("\x80"), 0u);
  EXPECT_EQ(bad_position("出生数\xE5\x41\xBA"), 3u); // bad continuation after three characters
  EXPECT_EQ(bad_position("#{出生} \xC0\x80"), 6u);   // overlong
  EXPECT_EQ(bad_position("ab\xED\xA0\x80"), 2u);     // surrogate
  EXPECT_EQ(bad_position("年\xE5\x87"), 1u);         // cut short at the end
}

TEST(Utf8, MapsPositionsToBytesAndBack) {
  const std::string text = "#{出生数} / #{人口}"; // 出 生 数 人 口: three bytes each
  const DecodedText d = decode_utf8(text, "text", false);
  ASSERT_EQ(d.size(), 14u);
  EXPECT_EQ(d.code_points[2], U'出');
  EXPECT_EQ(d.byte_offset(2), 2u);
  EXPECT_EQ(d.byte_offset(5), 11u); // '}'
  EXPECT_EQ(d.byte_offset(14), text.size());
  for (std::size_t i = 0; i <= d.size(); ++i) {
    EXPECT_EQ(byte_offset_of(text, i), d.byte_offset(i)) << i;
    EXPECT_EQ(code_points_before(text, d.byte_offset(i)), i) << i;
  }
  EXPECT_EQ(byte_offset_of(text, 99), text.size());
  EXPECT_EQ(code_points_before(text, 3), 3u); // inside 出: counts 出
}

TEST(Utf8, EncodesWhatItDecodes) {
  for (const char32_t c : {U'A', char32_t{0xA0}, U'出', char32_t{0xFF08}, char32_t{0x1F600}}) {
    std::string s;
    append_utf8(s, c);
    char32_t back = 0;
    EXPECT_EQ(decode_utf8_at(s, 0, back), s.size());
    EXPECT_EQ(back, c);
  }
}

TEST(Utf8, FoldsFullWidthFormsOnly) {
  EXPECT_EQ(fold_width(0xFF08), U'(');             // （
  EXPECT_EQ(fold_width(0xFF09), U')');             // ）
  EXPECT_EQ(fold_width(0xFF0B), U'+');             // ＋
  EXPECT_EQ(fold_width(0xFF0D), U'-');             // －
  EXPECT_EQ(fold_width(0xFF05), U'%');             // ％
  EXPECT_EQ(fold_width(0xFF0C), U',');             // ，
  EXPECT_EQ(fold_width(0xFF0E), U'.');             // ．
  EXPECT_EQ(fold_width(0xFF1A), U':');             // ：
  EXPECT_EQ(fold_width(0xFF10), U'0');             // ０
  EXPECT_EQ(fold_width(0xFF19), U'9');             // ９
  EXPECT_EQ(fold_width(0xFF21), U'A');             // Ａ
  EXPECT_EQ(fold_width(0xFF41), U'a');             // ａ
  EXPECT_EQ(fold_width(0xFF01), U'!');             // the first of the block
  EXPECT_EQ(fold_width(0xFF5E), U'~');             // the last: ～
  EXPECT_EQ(fold_width(0x3000), U' ');             // the ideographic space
  EXPECT_EQ(fold_width(0xFF5F), char32_t{0xFF5F}); // ｟ has no ASCII form
  EXPECT_EQ(fold_width(0xFF00), char32_t{0xFF00});
  EXPECT_EQ(fold_width(0x3001), char32_t{0x3001}); // 、
  EXPECT_EQ(fold_width(U'出'), U'出');
  const DecodedText d = decode_utf8("（１２．５％）", "text", true);
  EXPECT_EQ(d.code_points, U"(12.5%)");
  EXPECT_EQ(d.byte_offset(1), 3u); // positions do not move: each fold is one code point for one
}

// Every parser reads the same table and reports bad UTF-8 the same way.
TEST(Utf8, EveryParserUsesTheOneTable) {
  EXPECT_EQ(Period::parse("２０１９Ｑ１"), Period::quarter(2019, 1));
  EXPECT_EQ(Period::parse("２０１９－０３"), Period::month(2019, 3));
  EXPECT_EQ(Period::parse("2019年　1－3月"), Period::parse("2019年1-3月"));

  const Expression e = Expression::parse("ｍａｘ（#{a}，#{b}）＋１．５");
  ASSERT_EQ(e.references().size(), 2u);
  double a = 1, b = 2, out = 0;
  const double* in[] = {&a, &b};
  e.evaluate(in, {}, 1, &out);
  EXPECT_EQ(out, 3.5);

  const Threshold t = Threshold::parse("≥９０．５％");
  EXPECT_EQ(t.value, 90.5);
  EXPECT_EQ(t.unit, Unit::percent());
  EXPECT_EQ(Threshold::parse("８５％－９５％").bound, Bound::within);
  EXPECT_EQ(Unit::parse("％"), Unit::percent());
  EXPECT_EQ(Unit::parse("　／10万 "), Unit::per_100k());
  EXPECT_EQ(folded_text("a\xFF（"), "a\xFF("); // ill-formed bytes stay for the caller's error

  for (const auto& [field, parse] :
       {std::pair<std::string, void (*)(std::string_view)>{
            "period", [](std::string_view s) { (void)Period::parse(s); }},
        {"expression", [](std::string_view s) { (void)Expression::parse(s); }},
        {"target", [](std::string_view s) { (void)Threshold::parse(s); }}}) {
    try {
      parse("9０\xE5\x41\xBA");
      ADD_FAILURE() << field;
    } catch (const parse_error& e) {
      EXPECT_EQ(e.field(), field);
      EXPECT_EQ(e.position(), 2u) << field;
      EXPECT_EQ(e.expected(), "valid UTF-8 text") << field;
    }
  }
}

// --- Issue 14, class 8: the one validator of every reader -----------------------------------

namespace {
parse_error utf8_refusal(std::string_view text) {
  try {
    check_utf8(text, "file");
    ADD_FAILURE() << "accepted";
  } catch (const parse_error& e) {
    EXPECT_EQ(e.field(), "file");
    EXPECT_EQ(e.expected(), "valid UTF-8 text");
    // The error itself is UTF-8, whatever the bytes were (Python must be able to show it).
    EXPECT_EQ(first_invalid_utf8(e.what()), std::string_view::npos);
    EXPECT_EQ(first_invalid_utf8(e.text()), std::string_view::npos);
    return e;
  }
  return parse_error("none", "", 0, "");
}
} // namespace

// Before: decode_utf8's error gave the character position only, and quoted the bad bytes.
TEST(Utf8Validator, InvalidBytesGiveByteAndCharacterPosition) {
  const parse_error e = utf8_refusal("出生\xFF人数"); // 出生 is six bytes, two characters
  EXPECT_EQ(e.position(), 2u);
  EXPECT_THAT(e.note(), ::testing::HasSubstr("byte 6 (0xFF)"));
  EXPECT_THAT(e.what(), ::testing::HasSubstr("at character 2"));
  EXPECT_THAT(e.what(), ::testing::HasSubstr("byte 6"));
  EXPECT_NO_THROW(check_utf8("出生人数 ok", "file"));
}

// 出生人数 in GBK (GB 18030 two-byte codes B3F6 C9FA C8CB CAFD).
TEST(Utf8Validator, GbkBytesAreNamedWithHowToReadThem) {
  const std::string gbk = "id,\xB3\xF6\xC9\xFA\xC8\xCB\xCA\xFD\n";
  EXPECT_TRUE(looks_like_gb18030(gbk));
  const parse_error e = utf8_refusal(gbk);
  EXPECT_EQ(e.position(), 3u);
  EXPECT_THAT(e.note(), ::testing::HasSubstr("byte 3 (0xB3)"));
  EXPECT_THAT(e.note(), ::testing::HasSubstr("GB18030/GBK"));
  EXPECT_THAT(e.note(), ::testing::HasSubstr("encoding=\"gb18030\""));
  // Latin-1 "café " is not a GB18030 sequence (E9 before a space), nor is plain ASCII.
  EXPECT_FALSE(looks_like_gb18030("caf\xE9 au lait"));
  EXPECT_FALSE(looks_like_gb18030("ascii"));
  EXPECT_THAT(utf8_refusal("caf\xE9 au lait").note(), ::testing::Not(::testing::HasSubstr("GB")));
  // A four-byte GB18030 code (81 30 81 30 is U+0080) counts too.
  EXPECT_TRUE(looks_like_gb18030("a\x81\x30\x81\x30"));
}

TEST(Utf8Validator, ByteOrderMarkIsDropped) {
  EXPECT_EQ(without_bom("\xEF\xBB\xBF{}"), "{}");
  EXPECT_EQ(without_bom("{}"), "{}");
}
