// The expression language (expression.hpp): lexer, one-pass compiler to a register program, and
// the block evaluator.
//
// Parsing works on Unicode code points so that an error's position counts characters as a
// person does (in "#{出生数} +" the missing operand is at character 8, not byte 14). The parser
// emits single-assignment instructions as it goes, folding constants on the way; dead code is
// then dropped and registers are reused by a linear scan, so that a long expression needs few
// block buffers. Nothing recurses over the program, so a 10^5-term sum compiles in linear time
// with a flat stack; nesting depth is limited instead (kMaxDepth).
//
// Evaluation runs each instruction as one loop over a block of kBlock rows: the block's
// temporaries (registers × 4 KiB) stay in L1/L2 cache, and each loop is a branch-free
// element-wise operation the compiler vectorises. Statuses cost nothing on clean blocks: only a
// block whose results contain NaN is evaluated a second time with per-row flags that say whether
// a division by zero or a domain error, rather than missing input, produced the NaN.

#include "zhibiao/detail/calendar.hpp"
#include "zhibiao/detail/expression_program.hpp"

#include "zhibiao/detail/numeric.hpp"
#include "zhibiao/detail/utf8.hpp"
#include "zhibiao/error.hpp"
#include "zhibiao/expression.hpp"
#include "zhibiao/period.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <initializer_list>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>

namespace zhibiao {

using detail::ExpressionProgram;
using detail::ExprOp;
using detail::ExprSource;
using detail::ExprStep;

namespace {

using detail::nan;

constexpr std::size_t kBlock = 512;
constexpr int kMaxDepth = 100;
constexpr int kMaxOffset = 10000;
constexpr int kMaxRereads = 256;
// Items one tagged item (#{deGroup:g.co:o}) may stand for: a group of 50 elements by 20 combos
// is 1000; the bound keeps a hostile group map from growing one item into millions.
constexpr std::size_t kMaxTaggedItems = 100000;

std::string trim_copy(std::string_view s) {
  const auto space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  while (!s.empty() && space(s.front())) s.remove_prefix(1);
  while (!s.empty() && space(s.back())) s.remove_suffix(1);
  return std::string(s);
}

constexpr const char* kOperand = "an operand: a number, #{element}, [variable], a function or '('";
constexpr const char* kOperator = "an operator or the end of the expression";
constexpr const char* kFunctions = "a known function: if, min, max, abs, coalesce, isNull, "
                                   "isNotNull, greatest, least, firstNonNull, log, log10, "
                                   "removeZeros, normDistCum, normDistDen";
constexpr const char* kModifiers =
    "a period modifier: periodOffset(n), samePeriodLastYear() or yearToDate()";
constexpr const char* kVariables =
    "a time variable: [days], [periodInYear], [periodsPerYear] or [yearlyPeriodCount]";

// ---------------------------------------------------------------------------------------------
// Text

// The text decoded once (detail/utf8.hpp): code points with full-width forms folded, so that
// （ ） ， ＋ １ typed with a Chinese input method read as ( ) , + 1; names and error texts are
// taken from the original bytes.
struct Text {
  std::string_view utf8;
  detail::DecodedText decoded;

  explicit Text(std::string_view text)
      : utf8(text), decoded(detail::decode_utf8(text, "expression", true)) {}

  std::size_t size() const noexcept { return decoded.size(); }
  char32_t at(std::size_t i) const noexcept {
    return i < decoded.size() ? decoded.code_points[i] : 0;
  }
  std::size_t byte(std::size_t i) const noexcept { return decoded.byte_offset(i); }
  /// The original text of code points [from, to).
  std::string slice(std::size_t from, std::size_t to) const {
    return std::string(utf8.substr(byte(from), byte(to) - byte(from)));
  }
  /// The folded text of code points [from, to): what the syntax reads.
  std::string folded(std::size_t from, std::size_t to) const {
    std::string out;
    for (std::size_t i = from; i < to; ++i) detail::append_utf8(out, decoded.code_points[i]);
    return out;
  }
  [[noreturn]] void fail(std::size_t pos, const std::string& expected) const {
    throw parse_error("expression", std::string(utf8), pos, expected);
  }
};

bool is_space(char32_t c) noexcept {
  // U+3000, the ideographic space, is folded to ' ' by the text; U+00A0 is a no-break space.
  return c == U' ' || c == U'\t' || c == U'\n' || c == U'\r' || c == 0xA0;
}
bool is_digit(char32_t c) noexcept { return c >= U'0' && c <= U'9'; }
bool is_ident_start(char32_t c) noexcept {
  return (c >= U'a' && c <= U'z') || (c >= U'A' && c <= U'Z') || c == U'_' ||
         (c >= 0x80 && !is_space(c));
}
bool is_ident_char(char32_t c) noexcept { return is_ident_start(c) || is_digit(c); }

// ---------------------------------------------------------------------------------------------
// Lexer

enum class Tok : std::uint8_t {
  end,
  invalid,
  number,
  reference,
  variable,
  identifier,
  lparen,
  rparen,
  comma,
  dot,
  plus,
  minus,
  star,
  slash,
  caret,
  lt,
  le,
  gt,
  ge,
  eq,
  ne,
  and_,
  or_,
  not_,
  percent,
  literal,  // true, false, null (number: 1, 0, NaN)
  constant, // C{uid} (name: the uid)
  string,   // 'text' or "text" (name: the text, escapes decoded)
};

struct Token {
  Tok kind = Tok::end;
  std::size_t pos = 0; // first character
  std::size_t end = 0; // one past the last character
  double number = 0;
  bool integer = false;                // a number written with digits only
  std::string name;                    // identifier, or a reference's element
  std::string disaggregation;          // a reference's
  std::string attribute;               // a reference's third part
  std::size_t part_pos[3] = {0, 0, 0}; // where a reference's parts start (tagged items' errors)
  ReferenceKind item = ReferenceKind::data_value; // a reference's kind: #{}, OUG{} or R{}
  TimeVariable variable = TimeVariable::days;
};

class Lexer {
public:
  explicit Lexer(const Text& t, std::size_t start = 0) : t_(t), i_(start) {}

  Token next() {
    Token tok = scan();
    tok.end = i_;
    return tok;
  }
  // Reads on from `at` (the argument of a query modifier is read as raw text: 2024-01-31).
  void seek(std::size_t at) noexcept { i_ = at; }

private:
  Token scan() {
    skip_space_and_comments();
    Token tok;
    tok.pos = i_;
    if (i_ >= t_.size()) return tok;
    const char32_t c = t_.at(i_);
    const char32_t d = t_.at(i_ + 1);
    auto single = [&](Tok k) {
      ++i_;
      tok.kind = k;
      return tok;
    };
    auto two = [&](Tok k) {
      i_ += 2;
      tok.kind = k;
      return tok;
    };
    if (is_digit(c) || (c == U'.' && is_digit(d))) return number(tok); // .2 as DHIS2 writes it
    if (c == U'#') return reference(tok);
    // Strings are delimited by ASCII quotes only: a full-width ＇ or ＂ typed inside one is text.
    if ((c == U'\'' || c == U'"') && t_.slice(i_, i_ + 1).size() == 1) return string(tok);
    if (c == U'[') return variable(tok);
    if (is_ident_start(c)) return identifier(tok);
    switch (c) {
    case U'(': return single(Tok::lparen);
    case U')': return single(Tok::rparen);
    case U',': return single(Tok::comma);
    case U'.': return single(Tok::dot);
    case U'+': return single(Tok::plus);
    case U'-': return single(Tok::minus);
    case U'*': return single(Tok::star);
    case U'/': return single(Tok::slash);
    case U'^': return single(Tok::caret);
    case U'%': return single(Tok::percent);
    case U'<': return d == U'=' ? two(Tok::le) : single(Tok::lt);
    case U'>': return d == U'=' ? two(Tok::ge) : single(Tok::gt);
    case U'=':
      if (d == U'=') return two(Tok::eq);
      t_.fail(i_, "'==' to compare for equality (a single '=' is not an operator)");
    case U'!': return d == U'=' ? two(Tok::ne) : single(Tok::not_);
    case U'&':
      if (d == U'&') return two(Tok::and_);
      t_.fail(i_, "'&&' or 'and' (a single '&' is not an operator)");
    case U'|':
      if (d == U'|') return two(Tok::or_);
      t_.fail(i_, "'||' or 'or' (a single '|' is not an operator)");
    default: return single(Tok::invalid);
    }
  }

  Token number(Token tok) {
    const std::size_t start = i_;
    while (is_digit(t_.at(i_))) ++i_;
    tok.integer = true;
    // DHIS2's NUMERIC_LITERAL (Expression.g4): 2, 2., .2, 2.5, each with an exponent (2.E0).
    if (t_.at(i_) == U'.') {
      ++i_;
      while (is_digit(t_.at(i_))) ++i_;
      tok.integer = false;
    }
    if (t_.at(i_) == U'e' || t_.at(i_) == U'E') {
      ++i_;
      if (t_.at(i_) == U'+' || t_.at(i_) == U'-') ++i_;
      if (!is_digit(t_.at(i_))) t_.fail(i_, "a digit in the exponent");
      while (is_digit(t_.at(i_))) ++i_;
      tok.integer = false;
    }
    std::string digits = t_.folded(start, i_); // ASCII digits after folding
    if (digits.front() == '.') digits.insert(digits.begin(), '0');
    if (const auto dot = digits.find('.');
        dot != std::string::npos &&
        (dot + 1 == digits.size() || !std::isdigit(static_cast<unsigned char>(digits[dot + 1]))))
      digits.insert(dot + 1, "0"); // "2." and "2.E0": from_chars wants a digit after the point
    const auto [end, ec] =
        std::from_chars(digits.data(), digits.data() + digits.size(), tok.number);
    if (ec != std::errc() || end != digits.data() + digits.size() || !std::isfinite(tok.number))
      t_.fail(start, "a number within the range of a double");
    tok.kind = Tok::number;
    return tok;
  }

  // DHIS2's string literal (expression-parser syntax/Literals.kt parseString, ast/Nodes.kt
  // Utf8StringNode.decode): 'text' or "text"; \uXXXX (four hex digits; a surrogate pair is one
  // character), \ooo (three octal digits), \b \t \n \f \r, and \ before any other character
  // stands for that character (\' \" \\). The characters between the quotes are kept as written
  // (not width-folded). DHIS2 ends a string at a line break; zhibiao refuses the line break, so
  // that a forgotten quote is not read as a string that stops at the end of the line.
  Token string(Token tok) {
    const std::size_t open = i_;
    const char32_t quote = t_.at(i_);
    ++i_;
    std::string text;
    auto hex = [&](std::size_t at) -> char32_t {
      char32_t v = 0;
      for (std::size_t k = 0; k < 4; ++k) {
        const char32_t h = t_.at(at + k);
        const int d = is_digit(h)                ? static_cast<int>(h - U'0')
                      : (h >= U'a' && h <= U'f') ? static_cast<int>(h - U'a' + 10)
                      : (h >= U'A' && h <= U'F') ? static_cast<int>(h - U'A' + 10)
                                                 : -1;
        if (d < 0) t_.fail(at + k, "four hexadecimal digits after \\u");
        v = v * 16 + static_cast<char32_t>(d);
      }
      return v;
    };
    for (;;) {
      if (i_ >= t_.size())
        t_.fail(i_, std::string("the closing ") + static_cast<char>(quote) + " of the string at " +
                        std::to_string(open));
      const char32_t c = t_.at(i_);
      const bool ascii = t_.slice(i_, i_ + 1).size() == 1;
      if (ascii && c == quote) break;
      if (c == U'\n' || c == U'\r')
        t_.fail(i_, std::string("the closing ") + static_cast<char>(quote) + " of the string at " +
                        std::to_string(open) + " before the end of the line");
      if (!(ascii && c == U'\\')) {
        text += t_.slice(i_, i_ + 1);
        ++i_;
        continue;
      }
      const std::size_t escape = i_++;
      const char32_t e = t_.at(i_);
      if (i_ >= t_.size()) continue; // unclosed: reported above
      if (e == U'u') {
        char32_t cp = hex(i_ + 1);
        i_ += 5;
        if (cp >= 0xD800 && cp <= 0xDBFF && t_.at(i_) == U'\\' && t_.at(i_ + 1) == U'u') {
          const char32_t low = hex(i_ + 2);
          if (low >= 0xDC00 && low <= 0xDFFF) {
            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
            i_ += 6;
          }
        }
        if (cp >= 0xD800 && cp <= 0xDFFF)
          t_.fail(escape, "a character: \\u" + t_.folded(escape + 2, escape + 6) +
                              " is half of a surrogate pair without its other half");
        detail::append_utf8(text, cp);
      } else if (is_digit(e)) {
        char32_t v = 0;
        for (std::size_t k = 0; k < 3; ++k) {
          const char32_t o = t_.at(i_ + k);
          if (o < U'0' || o > U'7') t_.fail(i_ + k, "three octal digits after \\");
          v = v * 8 + (o - U'0');
        }
        i_ += 3;
        detail::append_utf8(text, v);
      } else {
        switch (e) {
        case U'b': text += '\b'; break;
        case U't': text += '\t'; break;
        case U'n': text += '\n'; break;
        case U'f': text += '\f'; break;
        case U'r': text += '\r'; break;
        default: text += t_.slice(i_, i_ + 1); // the escaped character itself
        }
        ++i_;
      }
    }
    ++i_; // the closing quote
    tok.kind = Tok::string;
    tok.name = std::move(text);
    return tok;
  }

  // #{element}, #{element.disaggregation} or DHIS2's #{element.coc.aoc}, where a part may be
  // the wildcard * (#{de.*}, #{de.coc.*}, #{de.*.aoc}: as if that part were not written). Names
  // are any characters but '}' and '.', trimmed of surrounding white space, and none of those
  // DHIS2 reserves for other syntax (kReserved): "#{births@periodOffset(-1)}" is an error, not
  // an element named "births@periodOffset(-1)".
  Token reference(Token tok) {
    const std::size_t open = i_;
    if (t_.at(i_ + 1) != U'{') t_.fail(i_ + 1, "'{' after '#': a data element is written #{name}");
    i_ += 2;
    const std::string close = "'}' to close '#{' at " + std::to_string(open);
    std::string parts[3];
    std::size_t starts[3] = {0, 0, 0};
    std::size_t count = 0;
    for (;;) {
      const std::size_t start = i_;
      while (i_ < t_.size() && t_.at(i_) != U'}' && t_.at(i_) != U'.') {
        check_name_char(i_, start);
        ++i_;
      }
      if (i_ >= t_.size()) t_.fail(i_, close);
      if (count == 3) t_.fail(start - 1, close + " (a reference has at most three parts)");
      starts[count] = start;
      parts[count++] = trimmed(start, i_);
      if (parts[count - 1].empty())
        t_.fail(start, count == 1 ? "a data element name" : "a disaggregation name or * after '.'");
      if (t_.at(i_) == U'}') break;
      ++i_; // '.'
    }
    ++i_; // '}'
    if (parts[0] == "*")
      t_.fail(starts[0], "a data element name (* stands only for a disaggregation)");
    // DHIS2 writes #{de.*} and #{de.coc.*} and #{de.*.aoc}, never #{de.*.*}.
    if (count == 3 && parts[1] == "*" && parts[2] == "*")
      t_.fail(starts[2], "an attribute option combo after '.*.' (#{de.*.*} is #{de})");
    for (std::size_t k = 0; k < count; ++k) tok.part_pos[k] = starts[k];
    tok.name = parts[0];
    if (count > 1 && parts[1] != "*") tok.disaggregation = parts[1];
    if (count > 2 && parts[2] != "*") tok.attribute = parts[2];
    tok.kind = Tok::reference;
    return tok;
  }

  // Characters DHIS2 gives other meanings (modifiers, groups, items, operators) cannot be part
  // of a name; '*' only as a whole part.
  // Only characters typed as ASCII: a full-width （ or ： in a Chinese name (孕产妇（早孕）建册数)
  // stays part of it.
  void check_name_char(std::size_t at, std::size_t part_start) const {
    if (t_.slice(at, at + 1).size() != 1) return;
    const char32_t c = t_.at(at);
    // DHIS2's tags (deGroup:, co:, coGroup:) and the '&' between a tag's uids: kept in the
    // part, resolved by the parser (Parser::parse_tagged_reference).
    if (c == U':' && is_item_tag(trimmed(part_start, at))) return;
    if (c == U'&' && tagged(trimmed(part_start, at))) return;
    if (c == U'*') {
      std::size_t j = at + 1;
      while (is_space(t_.at(j))) ++j;
      const bool alone = trimmed(part_start, at).empty() && (t_.at(j) == U'.' || t_.at(j) == U'}');
      if (alone) return;
    }
    if (c == U'@' || c == U':' || c == U'#' || c == U'{' || c == U'[' || c == U']' || c == U'*' ||
        c == U'(' || c == U')' || c == U',' || c == U'\'' || c == U'"' || c == U'&' || c == U'|' ||
        c < 0x20)
      t_.fail(at, "a name character: '" + t_.slice(at, at + 1) +
                      "' cannot be part of a name (a period modifier follows the '}': "
                      "#{births}.periodOffset(-1))");
  }

  static bool is_item_tag(std::string_view s) {
    return s == "deGroup" || s == "coGroup" || s == "co";
  }
  static bool tagged(std::string_view part) {
    const std::size_t colon = part.find(':');
    return colon != std::string_view::npos && is_item_tag(part.substr(0, colon));
  }

  Token variable(Token tok) {
    const std::size_t open = i_++;
    while (is_space(t_.at(i_))) ++i_;
    const std::size_t name_start = i_;
    while (i_ < t_.size() && t_.at(i_) != U']') ++i_;
    if (i_ >= t_.size()) t_.fail(i_, "']' to close '[' at " + std::to_string(open));
    const std::string name = trimmed(name_start, i_);
    ++i_;
    if (name == "days") tok.variable = TimeVariable::days;
    else if (name == "periodInYear") tok.variable = TimeVariable::period_in_year;
    else if (name == "periodsPerYear" || name == "yearlyPeriodCount")
      tok.variable = TimeVariable::periods_per_year;
    else t_.fail(name_start, kVariables);
    tok.kind = Tok::variable;
    return tok;
  }

  Token identifier(Token tok) {
    const std::size_t start = i_;
    while (is_ident_char(t_.at(i_))) ++i_;
    tok.name = t_.folded(start, i_); // ｉｆ is if
    if (t_.at(i_) == U'{') return item(tok, start);
    if (tok.name == "true" || tok.name == "false" || tok.name == "null") {
      tok.kind = Tok::literal;
      tok.number = tok.name == "true" ? 1.0 : tok.name == "false" ? 0.0 : nan;
      return tok;
    }
    tok.kind = tok.name == "and"   ? Tok::and_
               : tok.name == "or"  ? Tok::or_
               : tok.name == "not" ? Tok::not_
                                   : Tok::identifier;
    return tok;
  }

  // DHIS2's items other than #{}: C{uid} (a constant) is read; the others need data a cube of
  // data elements does not hold, and are refused by name.
  Token item(Token tok, std::size_t start) {
    const std::size_t open = i_;
    ++i_;
    const std::size_t name_start = i_;
    while (i_ < t_.size() && t_.at(i_) != U'}') ++i_;
    if (i_ >= t_.size()) t_.fail(i_, "'}' to close '" + tok.name + "{' at " + std::to_string(open));
    const std::string uid = trimmed(name_start, i_);
    ++i_;
    if (tok.name == "C") {
      if (uid.empty()) t_.fail(name_start, "a constant's uid");
      tok.kind = Tok::constant;
      tok.name = uid;
      return tok;
    }
    if (tok.name == "OUG") return org_unit_group_item(tok, name_start, uid);
    if (tok.name == "R") return reporting_rate_item(tok, name_start, uid);
    static constexpr std::pair<const char*, const char*> refused[] = {
        {"A", "A{...} (tracked entity attributes)"}, {"D", "D{...} (program data elements)"},
        {"I", "I{...} (program indicators)"},        {"N", "N{...} (indicators)"},
        {"V", "V{...} (program variables)"},         {"X", "X{...} (expression items)"}};
    for (const auto& [name, what] : refused)
      if (tok.name == name)
        t_.fail(start, std::string("an operand: ") + what +
                           " is not supported (docs/dhis2-expressions.md)");
    t_.fail(start, "an operand: " + tok.name + "{...} is not an item of the expression language");
  }

  // OUG{uid}: DHIS2's organisation unit group count. The uid is checked against the tree's
  // groups when the expression meets a cube (detail::compile_for_cube).
  Token org_unit_group_item(Token tok, std::size_t name_start, const std::string& uid) {
    if (uid.empty()) t_.fail(name_start, "an organisation unit group's uid");
    check_item_uid(name_start, i_ - 1);
    tok.kind = Tok::reference;
    tok.item = ReferenceKind::org_unit_group;
    tok.name = uid;
    return tok;
  }

  // R{ds.METRIC}: one of DHIS2's reporting rate metrics of a data set (i_ is past the '}').
  Token reporting_rate_item(Token tok, std::size_t name_start, const std::string& inside) {
    const std::size_t close = i_ - 1;
    std::size_t dot = name_start;
    while (dot < close && t_.at(dot) != U'.') ++dot;
    const std::string ds = trimmed(name_start, dot);
    if (ds.empty()) t_.fail(name_start, "a data set's uid");
    if (dot == close) t_.fail(close, "'.' and a metric after the data set's uid");
    check_item_uid(name_start, dot);
    std::size_t metric_at = dot + 1;
    while (metric_at < close && is_space(t_.at(metric_at))) ++metric_at;
    const std::string metric = trimmed(dot + 1, close);
    bool known = false;
    for (const std::string_view m : reporting_metrics) known |= metric == m;
    if (!known)
      t_.fail(metric_at, "a reporting metric (REPORTING_RATE, REPORTING_RATE_ON_TIME, "
                         "ACTUAL_REPORTS, ACTUAL_REPORTS_ON_TIME or EXPECTED_REPORTS), not '" +
                             metric + "' in '" + inside + "'");
    tok.kind = Tok::reference;
    tok.item = ReferenceKind::reporting_rate;
    tok.name = ds;
    tok.disaggregation = metric;
    return tok;
  }

  // The uid of an item, characters [from, to): name characters only (no '.', nor what
  // check_name_char refuses).
  void check_item_uid(std::size_t from, std::size_t to) const {
    for (std::size_t i = from; i < to; ++i) {
      if (t_.at(i) == U'.') t_.fail(i, "a uid character: '.' cannot be part of a uid");
      check_name_char(i, from);
    }
  }

  void skip_space_and_comments() {
    for (;;) {
      while (is_space(t_.at(i_))) ++i_;
      // DHIS2's comments: /* ... */ (expression-parser CommentExpressionTest).
      if (t_.at(i_) != U'/' || t_.at(i_ + 1) != U'*') return;
      const std::size_t open = i_;
      i_ += 2;
      while (i_ < t_.size() && !(t_.at(i_) == U'*' && t_.at(i_ + 1) == U'/')) ++i_;
      if (i_ >= t_.size()) t_.fail(i_, "'*/' to close the comment at " + std::to_string(open));
      i_ += 2;
    }
  }

  std::string trimmed(std::size_t from, std::size_t to) const {
    while (from < to && is_space(t_.at(from))) ++from;
    while (to > from && is_space(t_.at(to - 1))) --to;
    return t_.slice(from, to);
  }

  const Text& t_;
  std::size_t i_ = 0;
};

// ---------------------------------------------------------------------------------------------
// Scalar semantics: one definition, used by constant folding and by the vector loops.

inline bool is_nan(double x) noexcept { return x != x; }

template <ExprOp op>
inline double apply(double a, double b, double c) noexcept {
  (void)b;
  (void)c;
  // Bitwise | on bools keeps the selects branch-free, so the loops vectorise.
  if constexpr (op == ExprOp::add) return a + b;
  else if constexpr (op == ExprOp::sub) return a - b;
  else if constexpr (op == ExprOp::mul) return a * b;
  else if constexpr (op == ExprOp::div) return b == 0 ? nan : a / b;
  // std::pow(NaN, 0) and pow(1, NaN) are 1 by IEEE 754; a missing value must stay missing.
  // 0^-k is 1/0^k: a division by zero, not infinity.
  else if constexpr (op == ExprOp::pow)
    return (is_nan(a) | is_nan(b) | ((a == 0) & (b < 0))) ? nan : std::pow(a, b);
  // fmod keeps the dividend's sign, as DHIS2's % does (7 % -5 = 2, -7 % 5 = -2).
  else if constexpr (op == ExprOp::mod)
    return (is_nan(a) | is_nan(b) | (b == 0)) ? nan : std::fmod(a, b);
  else if constexpr (op == ExprOp::div_ieee) return a / b;
  else if constexpr (op == ExprOp::log) return (is_nan(a) | (a <= 0)) ? nan : std::log(a);
  else if constexpr (op == ExprOp::log10) return (is_nan(a) | (a <= 0)) ? nan : std::log10(a);
  else if constexpr (op == ExprOp::log_base)
    return (is_nan(a) | is_nan(b) | (a <= 0) | (b <= 0) | (b == 1)) ? nan
                                                                    : std::log(a) / std::log(b);
  else if constexpr (op == ExprOp::log_ieee) return std::log(a);
  else if constexpr (op == ExprOp::log10_ieee) return std::log10(a);
  else if constexpr (op == ExprOp::log_base_ieee) return std::log(a) / std::log(b);
  else if constexpr (op == ExprOp::lt) return (is_nan(a) | is_nan(b)) ? nan : a < b ? 1.0 : 0.0;
  else if constexpr (op == ExprOp::le) return (is_nan(a) | is_nan(b)) ? nan : a <= b ? 1.0 : 0.0;
  else if constexpr (op == ExprOp::gt) return (is_nan(a) | is_nan(b)) ? nan : a > b ? 1.0 : 0.0;
  else if constexpr (op == ExprOp::ge) return (is_nan(a) | is_nan(b)) ? nan : a >= b ? 1.0 : 0.0;
  else if constexpr (op == ExprOp::eq) return (is_nan(a) | is_nan(b)) ? nan : a == b ? 1.0 : 0.0;
  else if constexpr (op == ExprOp::ne) return (is_nan(a) | is_nan(b)) ? nan : a != b ? 1.0 : 0.0;
  // Kleene logic: a false operand decides `and`, a true one decides `or`, even beside a missing.
  else if constexpr (op == ExprOp::logical_and)
    return ((a == 0) | (b == 0)) ? 0.0 : (is_nan(a) | is_nan(b)) ? nan : 1.0;
  else if constexpr (op == ExprOp::logical_or)
    return (((a != 0) & !is_nan(a)) | ((b != 0) & !is_nan(b))) ? 1.0
           : (is_nan(a) | is_nan(b))                           ? nan
                                                               : 0.0;
  else if constexpr (op == ExprOp::logical_not) return is_nan(a) ? nan : a == 0 ? 1.0 : 0.0;
  else if constexpr (op == ExprOp::neg) return -a;
  else if constexpr (op == ExprOp::abs) return std::fabs(a);
  else if constexpr (op == ExprOp::is_null) return is_nan(a) ? 1.0 : 0.0;
  else if constexpr (op == ExprOp::is_not_null) return is_nan(a) ? 0.0 : 1.0;
  else if constexpr (op == ExprOp::min) return (is_nan(a) | is_nan(b)) ? nan : a < b ? a : b;
  else if constexpr (op == ExprOp::max) return (is_nan(a) | is_nan(b)) ? nan : a > b ? a : b;
  else if constexpr (op == ExprOp::coalesce) return is_nan(a) ? b : a;
  else if constexpr (op == ExprOp::greatest_skip)
    return is_nan(a) ? b : is_nan(b) ? a : a > b ? a : b;
  else if constexpr (op == ExprOp::least_skip) return is_nan(a) ? b : is_nan(b) ? a : a < b ? a : b;
  else if constexpr (op == ExprOp::remove_zeros) return a == 0 ? nan : a;
  else if constexpr (op == ExprOp::select) return is_nan(a) ? nan : a != 0 ? b : c;
  else if constexpr (op == ExprOp::select_dhis2) return (!is_nan(a) & (a != 0)) ? b : c;
  // The normal distribution N(b, c) at a (dhis2-core FunctionNormDistAbstract: a standard
  // deviation <= 0 gives NaN). Φ(z) = erfc(-z / √2) / 2 keeps its precision in the lower tail.
  else if constexpr (op == ExprOp::norm_dist_cum)
    return (is_nan(a) | is_nan(b) | is_nan(c) | !(c > 0))
               ? nan
               : 0.5 * std::erfc(-(a - b) / (c * 1.4142135623730950488));
  else if constexpr (op == ExprOp::norm_dist_den)
    return (is_nan(a) | is_nan(b) | is_nan(c) | !(c > 0))
               ? nan
               : std::exp(-0.5 * ((a - b) / c) * ((a - b) / c)) / (c * 2.5066282746310005024);
  else static_assert(op == ExprOp::select, "every operation needs a definition");
}

// Operations that can turn numbers into NaN (or, for DHIS2's logarithm, -inf).
constexpr bool is_log(ExprOp op) noexcept {
  return op == ExprOp::log || op == ExprOp::log_base || op == ExprOp::log10 ||
         op == ExprOp::log_ieee || op == ExprOp::log_base_ieee || op == ExprOp::log10_ieee;
}
constexpr bool can_fail(ExprOp op) noexcept {
  return op == ExprOp::add || op == ExprOp::sub || op == ExprOp::mul || op == ExprOp::div ||
         op == ExprOp::pow || op == ExprOp::mod || op == ExprOp::div_ieee || is_log(op) ||
         op == ExprOp::norm_dist_cum || op == ExprOp::norm_dist_den;
}

// Why a NaN is there (bits, OR-ed along the way): only read where the result is NaN.
constexpr std::uint8_t kDivisionByZero = 1;
constexpr std::uint8_t kDomain = 2;

template <ExprOp op>
inline std::uint8_t flag(double a, double b, double c, double r, std::uint8_t fa, std::uint8_t fb,
                         std::uint8_t fc) noexcept {
  (void)b;
  (void)c;
  (void)r;
  if constexpr (op == ExprOp::select) return is_nan(a) ? fa : a != 0 ? fb : fc;
  else if constexpr (op == ExprOp::select_dhis2) return (!is_nan(a) && a != 0) ? fb : fc;
  else if constexpr (op == ExprOp::is_null || op == ExprOp::is_not_null) return 0;
  else if constexpr (op == ExprOp::norm_dist_cum || op == ExprOp::norm_dist_den) {
    // A standard deviation that is no positive number is outside the function's domain.
    const std::uint8_t f = fa | fb | fc;
    return (!is_nan(a) && !is_nan(b) && !is_nan(c) && !(c > 0)) ? f | kDomain : f;
  } else {
    std::uint8_t f = fa | fb | fc;
    if constexpr (op == ExprOp::div || op == ExprOp::div_ieee || op == ExprOp::mod)
      if (b == 0) return f | kDivisionByZero;
    if constexpr (op == ExprOp::pow)
      if (a == 0 && b < 0) return f | kDivisionByZero;
    if constexpr (can_fail(op))
      if (!detail::finite(r) && !is_nan(a) && !is_nan(b) &&
          (is_nan(r) || (detail::finite(a) && detail::finite(b) && is_log(op))))
        f |= kDomain;
    return f;
  }
}

// The vector loops. `a`, `b`, `c` always point at m values (unused operands at a block of
// zeros), so each operation is a single loop without special cases for constants.
using RunFn = void (*)(const double*, const double*, const double*, double*, std::size_t);
using FlagFn = void (*)(const double*, const double*, const double*, const std::uint8_t*,
                        const std::uint8_t*, const std::uint8_t*, double*, std::uint8_t*,
                        std::size_t);
using ScalarFn = double (*)(double, double, double);

template <ExprOp op>
void run(const double* a, const double* b, const double* c, double* d, std::size_t m) {
  for (std::size_t i = 0; i < m; ++i) d[i] = apply<op>(a[i], b[i], c[i]);
}

template <ExprOp op>
void run_flags(const double* a, const double* b, const double* c, const std::uint8_t* fa,
               const std::uint8_t* fb, const std::uint8_t* fc, double* d, std::uint8_t* fd,
               std::size_t m) {
  for (std::size_t i = 0; i < m; ++i) {
    const double r = apply<op>(a[i], b[i], c[i]);
    fd[i] = flag<op>(a[i], b[i], c[i], r, fa[i], fb[i], fc[i]);
    d[i] = r;
  }
}

template <ExprOp op>
double scalar(double a, double b, double c) {
  return apply<op>(a, b, c);
}

constexpr std::size_t op_count = static_cast<std::size_t>(ExprOp::count_);

template <std::size_t... I>
constexpr auto make_tables(std::index_sequence<I...>) {
  struct Tables {
    std::array<RunFn, op_count> run;
    std::array<FlagFn, op_count> flags;
    std::array<ScalarFn, op_count> scalar;
  };
  return Tables{{&run<static_cast<ExprOp>(I)>...},
                {&run_flags<static_cast<ExprOp>(I)>...},
                {&scalar<static_cast<ExprOp>(I)>...}};
}
constexpr auto tables = make_tables(std::make_index_sequence<op_count>{});

// ---------------------------------------------------------------------------------------------
// Compiler: single-assignment code, emitted while parsing.

// The type of a value as the parser knows it. Numbers and truth values share one run-time form
// (1 and 0); the parser keeps them apart only because DHIS2 compares a string with a truth value
// as a truth value ('true' == true) and with a number as a number ('2' == 2). A text value runs as
// the index of its string in the program's table of strings (NaN: null), so the vector loops
// never see a string and numeric evaluation is unchanged; `null` has no type of its own.
enum class VType : std::uint8_t { number, boolean, text, null };

struct Operand {
  enum class Kind : std::uint8_t { none, value, input, time, constant };
  Kind kind = Kind::none;
  std::uint32_t index = 0; // value id, reference, TimeVariable
  double constant = 0;
  // A reference with 0 substituted for missing (a missing value strategy): the reference
  // itself, for isNull, isNotNull and firstNonNull, which see the value before substitution.
  std::uint32_t raw = kNoRaw;
  VType type = VType::number;
  std::size_t pos = 0; // where a text value is written (for the error that refuses it)
  static constexpr std::uint32_t kNoRaw = 0xffffffffu;

  static Operand of(double x, VType t = VType::number) {
    return {Kind::constant, 0, x, kNoRaw, t, 0};
  }
  Operand unsubstituted() const noexcept {
    if (raw == kNoRaw) return *this;
    Operand o{Kind::input, raw, 0, kNoRaw};
    o.type = type;
    return o;
  }
  Operand typed(VType t) const noexcept {
    Operand o = *this;
    o.type = t;
    return o;
  }
  bool is_constant() const noexcept { return kind == Kind::constant; }
};

struct Instruction {
  ExprOp op;
  Operand a, b, c;
};

class Builder {
public:
  std::vector<Instruction> code;
  std::vector<ExpressionReference> references;
  std::vector<ExpressionSpan> spans;
  std::array<bool, 3> uses{};
  std::unordered_map<std::string, std::uint32_t> reference_index; // fields → index in references
  bool substitute_missing = false; // a missing value strategy: 0 for a missing reference
  int rereads = 0;                 // parenthesised expressions read again (Parser)
  // Strings the text writes, each once: equal strings have one index, so == and != between text
  // values compare indices.
  std::vector<std::string> texts;
  std::unordered_map<std::string, std::uint32_t> text_index;

  Operand text(std::string s, std::size_t pos) {
    const auto [it, added] = text_index.try_emplace(s, static_cast<std::uint32_t>(texts.size()));
    if (added) texts.push_back(std::move(s));
    Operand o = Operand::of(static_cast<double>(it->second), VType::text);
    o.pos = pos;
    return o;
  }
  /// The string of a text constant that is not null.
  const std::string& text_of(const Operand& o) const {
    return texts[static_cast<std::size_t>(o.constant)];
  }

  // A reference written at code points [begin, end) of the text. Distinct references are found
  // through a hash map on their fields, so that compiling R references costs O(R); a linear
  // search of `references` made 10^5 distinct references take 10.7 s (issue 14,
  // benchmarks/expression_benchmark.cpp BM_CompileDistinctReferences).
  Operand reference(ExpressionReference r, const Text& t, std::size_t begin, std::size_t end) {
    std::string id = r.element;
    id.push_back('\0');
    id.append(r.disaggregation).push_back('\0');
    id.append(r.attribute).push_back('\0');
    id.push_back(static_cast<char>(r.modifier));
    id.push_back(static_cast<char>('0' + static_cast<int>(r.kind)));
    id.append(std::to_string(r.offset)).push_back('\0');
    id.append(r.aggregation).push_back('\0');
    id.append(r.min_date).push_back('\0');
    id.append(r.max_date);
    const auto [it, added] =
        reference_index.try_emplace(std::move(id), static_cast<std::uint32_t>(references.size()));
    if (added) references.push_back(std::move(r));
    const std::uint32_t k = it->second;
    spans.push_back({k, begin, end, t.byte(begin), t.byte(end)});
    const Operand in{Operand::Kind::input, k, 0, Operand::kNoRaw};
    if (substitute_missing) {
      Operand v = emit(ExprOp::coalesce, in, Operand::of(0));
      v.raw = k;
      return v;
    }
    return in;
  }

  // What a parenthesised expression added, so that it can be read again with a period modifier
  // applied to its references: (#{a} + #{b}).periodOffset(-1).
  struct Mark {
    std::size_t references, spans;
  };
  Mark mark() const noexcept { return {references.size(), spans.size()}; }
  void rollback(const Mark& m) {
    for (auto it = reference_index.begin(); it != reference_index.end();)
      it = it->second >= m.references ? reference_index.erase(it) : std::next(it);
    references.resize(m.references);
    spans.resize(m.spans);
  }

  Operand variable(TimeVariable v) {
    uses[static_cast<std::size_t>(v)] = true;
    return {Operand::Kind::time, static_cast<std::uint32_t>(v), 0};
  }

  Operand emit(ExprOp op, Operand a, Operand b = {}, Operand c = {}) {
    const bool all_constant = a.is_constant() &&
                              (b.kind == Operand::Kind::none || b.is_constant()) &&
                              (c.kind == Operand::Kind::none || c.is_constant());
    if (all_constant) {
      // Folded only when the result is a finite number: a NaN (1/0, (-1)^0.5) or DHIS2's ±inf
      // (1/0 under dhis2_semantics) stays an instruction so that its status is reported row by
      // row like any other.
      const double r =
          tables.scalar[static_cast<std::size_t>(op)](a.constant, b.constant, c.constant);
      if (detail::finite(r)) return Operand::of(r);
    }
    if (op == ExprOp::select && a.is_constant() && !is_nan(a.constant))
      return a.constant != 0 ? b : c;
    if (op == ExprOp::select_dhis2 && a.is_constant())
      return !is_nan(a.constant) && a.constant != 0 ? b : c;
    if (op == ExprOp::coalesce && a.is_constant()) return is_nan(a.constant) ? b : a;
    if ((op == ExprOp::greatest_skip || op == ExprOp::least_skip) && a.is_constant() &&
        is_nan(a.constant))
      return b;
    if ((op == ExprOp::greatest_skip || op == ExprOp::least_skip) && b.is_constant() &&
        is_nan(b.constant))
      return a;
    if (op == ExprOp::pow && b.is_constant() && b.constant == 2) return emit(ExprOp::mul, a, a);
    code.push_back({op, a, b, c});
    return {Operand::Kind::value, static_cast<std::uint32_t>(code.size() - 1), 0};
  }
};

// ---------------------------------------------------------------------------------------------
// Parser (grammar in expression.hpp)

// Modifiers written after a parenthesised expression, applied to every reference in it:
// offsets add up, yearToDate holds for all; a query modifier (aggregationType, minDate,
// maxDate) holds for every reference that does not write its own (the innermost wins).
struct Outer {
  int offset = 0;
  bool year_to_date = false;
  std::string aggregation, min_date, max_date;
};

class Parser {
public:
  Parser(const Text& text, Builder& builder, const ExpressionOptions& options,
         std::size_t start = 0, Outer outer = Outer{})
      : t_(text), lex_(text, start), b_(builder), options_(options), outer_(outer) {
    advance();
  }

  Operand parse() {
    const Operand r = parse_or();
    if (tok_.kind != Tok::end) t_.fail(tok_.pos, kOperator);
    return r;
  }

  // The inside of a parenthesised expression, read again from just after its '(' (whose
  // position is given) up to its ')'.
  Operand parse_inside() { return parse_or(); }

private:
  void advance() {
    consumed_end_ = tok_.end;
    tok_ = lex_.next();
  }

  // Recursion happens only through nesting the text spells out; each level is counted.
  struct Nest {
    Parser& p;
    Nest(Parser& parser, std::size_t pos) : p(parser) {
      if (++p.depth_ > kMaxDepth)
        p.t_.fail(pos, "at most " + std::to_string(kMaxDepth) + " levels of nesting");
    }
    ~Nest() { --p.depth_; }
    Nest(const Nest&) = delete;
    Nest& operator=(const Nest&) = delete;
  };

  // One left-associative level, `next (op next)*` for the operators `ops` lists: a - b - c is
  // (a - b) - c.
  using Level = std::initializer_list<std::pair<Tok, ExprOp>>;
  Operand parse_left_level(Level ops, Operand (Parser::*next)()) {
    Operand left = (this->*next)();
    for (;;) {
      const auto op =
          std::find_if(ops.begin(), ops.end(), [&](const auto& o) { return o.first == tok_.kind; });
      if (op == ops.end()) return left;
      const std::size_t at = tok_.pos;
      advance();
      left = binary(op->second, left, (this->*next)(), at);
    }
  }

  // --- types: DHIS2's coercions (expression-parser ast/Typed.kt, ast/BinaryOperator.kt) ------

  static bool is_text(const Operand& o) noexcept { return o.type == VType::text; }
  static bool is_null_constant(const Operand& o) noexcept {
    return o.is_constant() && is_nan(o.constant);
  }
  static bool is_comparison(ExprOp op) noexcept {
    return op == ExprOp::lt || op == ExprOp::le || op == ExprOp::gt || op == ExprOp::ge ||
           op == ExprOp::eq || op == ExprOp::ne;
  }

  // A string as DHIS2's toNumberTypeCoercion reads it (String.toDouble): a decimal number,
  // white space around it allowed. Nothing else: 'abc', '' and 'NaN' are no numbers.
  static std::optional<double> number_in(const std::string& s) {
    std::size_t b = 0, e = s.size();
    while (b < e && static_cast<unsigned char>(s[b]) <= ' ') ++b;
    while (e > b && static_cast<unsigned char>(s[e - 1]) <= ' ') --e;
    if (b < e && s[b] == '+') ++b;
    const std::size_t digits = b < e && s[b] == '-' ? b + 1 : b;
    if (digits >= e || !(std::isdigit(static_cast<unsigned char>(s[digits])) || s[digits] == '.'))
      return std::nullopt;
    double x = 0;
    const auto [end, ec] = std::from_chars(s.data() + b, s.data() + e, x);
    if (ec != std::errc() || end != s.data() + e || !std::isfinite(x)) return std::nullopt;
    return x;
  }

  // Kotlin's String.toBoolean(), DHIS2's toBooleanTypeCoercion of a string: "true" in any case.
  static bool truth_in(const std::string& s) {
    if (s.size() != 4) return false;
    std::string l;
    for (char c : s) l.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    return l == "true";
  }

  [[noreturn]] void refuse_text(const Operand& o, const char* needed) const {
    t_.fail(o.pos, std::string(needed) +
                       ": this string is text that depends on the data (if() or firstNonNull() "
                       "over strings), which zhibiao cannot use as one");
  }

  // A value where arithmetic needs a number: a string constant that reads as one ('2' + 1 is 3,
  // as in DHIS2); any other string is an error at its first character, as DHIS2 refuses it.
  Operand number_of(const Operand& o) const {
    if (!is_text(o)) return o.typed(VType::number);
    if (is_null_constant(o)) return Operand::of(nan);
    if (!o.is_constant()) refuse_text(o, "a number");
    const auto x = number_in(b_.text_of(o));
    if (!x)
      t_.fail(o.pos, "a number: the string '" + b_.text_of(o) +
                         "' does not read as one (a string where a number is needed)");
    return Operand::of(*x);
  }

  // A value where a truth value is needed (if's condition, and, or, not): 'true' and 'false' in
  // any case. DHIS2 reads every other string as false; zhibiao refuses it unless
  // dhis2_semantics, since if('yes', …) being false is surely not what was meant.
  Operand truth_of(const Operand& o) const {
    if (!is_text(o)) return o;
    if (is_null_constant(o)) return Operand::of(nan);
    if (!o.is_constant()) refuse_text(o, "a truth value");
    const std::string& s = b_.text_of(o);
    if (!truth_in(s)) {
      std::string l;
      for (char c : s) l.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
      if (l != "false" && !options_.dhis2_semantics)
        t_.fail(o.pos, "a truth value: the string '" + s +
                           "' is neither 'true' nor 'false' (DHIS2 reads it as false; "
                           "dhis2_semantics does too)");
    }
    return Operand::of(truth_in(s) ? 1.0 : 0.0, VType::boolean);
  }

  // Kotlin's String.compareTo: UTF-16 code units in order (a character beyond U+FFFF, as a
  // surrogate pair, sorts before U+E000–U+FFFF, unlike in UTF-8 byte order).
  static int compare_utf16(const std::string& a, const std::string& b) {
    auto units = [](const std::string& s) {
      std::u16string u;
      for (std::size_t k = 0; k < s.size();) {
        char32_t c = 0;
        const std::size_t len = detail::decode_utf8_at(s, k, c);
        k += len == 0 ? 1 : len;
        if (c >= 0x10000) {
          u.push_back(static_cast<char16_t>(0xD800 + ((c - 0x10000) >> 10)));
          u.push_back(static_cast<char16_t>(0xDC00 + ((c - 0x10000) & 0x3FF)));
        } else {
          u.push_back(static_cast<char16_t>(c));
        }
      }
      return u;
    };
    const std::u16string ua = units(a), ub = units(b);
    return ua < ub ? -1 : ub < ua ? 1 : 0;
  }

  // A comparison as DHIS2's BinaryOperator makes it: two strings compare as strings (== by
  // content, < > by code units); a string and a truth value compare as truth values under == and
  // != ('true' == true); a string and a number compare as numbers, where == with a string that is
  // no number is false ('2' == 2 is true, 2 == 'abc' false) and < > refuse such a string.
  Operand compare(ExprOp op, Operand l, Operand r, std::size_t at) {
    const bool equality = op == ExprOp::eq || op == ExprOp::ne;
    if (is_text(l) && is_null_constant(l)) l = Operand::of(nan);
    if (is_text(r) && is_null_constant(r)) r = Operand::of(nan);
    if (!is_text(l) && !is_text(r)) return b_.emit(op, l, r).typed(VType::boolean);
    if (is_text(l) && is_text(r)) {
      if (l.is_constant() && r.is_constant()) {
        const int c = compare_utf16(b_.text_of(l), b_.text_of(r));
        const bool v = op == ExprOp::eq   ? c == 0
                       : op == ExprOp::ne ? c != 0
                       : op == ExprOp::lt ? c < 0
                       : op == ExprOp::le ? c <= 0
                       : op == ExprOp::gt ? c > 0
                                          : c >= 0;
        return Operand::of(v ? 1.0 : 0.0, VType::boolean);
      }
      if (!equality)
        t_.fail(at, "an operator zhibiao can apply: < <= > >= order strings only when both are "
                    "written as strings ('abc' < 'abd'), not text from if() or firstNonNull()");
      return b_.emit(op, l, r).typed(VType::boolean); // one index per distinct string
    }
    Operand& text = is_text(l) ? l : r;
    const Operand& other = is_text(l) ? r : l;
    if (!text.is_constant()) refuse_text(text, "a value to compare");
    if (equality && other.type == VType::boolean) {
      text = Operand::of(truth_in(b_.text_of(text)) ? 1.0 : 0.0, VType::boolean);
    } else if (equality) {
      const auto x = number_in(b_.text_of(text));
      if (!x) return Operand::of(op == ExprOp::eq ? 0.0 : 1.0, VType::boolean);
      text = Operand::of(*x);
    } else {
      text = number_of(text);
    }
    return b_.emit(op, l, r).typed(VType::boolean);
  }

  Operand binary(ExprOp op, const Operand& l, const Operand& r, std::size_t at) {
    if (is_comparison(op)) return compare(op, l, r, at);
    if (op == ExprOp::logical_and || op == ExprOp::logical_or)
      return b_.emit(op, truth_of(l), truth_of(r)).typed(VType::boolean);
    return b_.emit(op, number_of(l), number_of(r));
  }

  // The type of if()'s and firstNonNull()'s result: that of its values, null aside. Numbers and
  // truth values mix (one run-time form); a string beside a number is refused at the function,
  // since zhibiao's result column holds one type.
  VType unify(const std::vector<const Operand*>& values, std::size_t at,
              const std::string& name) const {
    VType t = VType::null;
    for (const Operand* o : values) {
      VType u = o->type;
      if (is_null_constant(*o)) u = VType::null;
      if (u == VType::null) continue;
      if (t == VType::null || t == u) t = u;
      else if (u == VType::text || t == VType::text)
        t_.fail(at,
                "values of one type for " + name + "(): a string beside a number or a truth value");
      else t = VType::number;
    }
    return t == VType::null ? VType::number : t;
  }

  // Levels as DHIS2's Expression.g4 orders them: || or, && and, == !=, < > <= >=, + -, * / %,
  // unary + - ! not, ^. Comparisons chain left to right on truth values 1 and 0, as there:
  // 1 < 2 < 3 is (1 < 2) < 3.
  Operand parse_or() {
    Nest nest(*this, tok_.pos);
    return parse_left_level({{Tok::or_, ExprOp::logical_or}}, &Parser::parse_and);
  }

  Operand parse_and() {
    return parse_left_level({{Tok::and_, ExprOp::logical_and}}, &Parser::parse_equality);
  }

  Operand parse_equality() {
    return parse_left_level({{Tok::eq, ExprOp::eq}, {Tok::ne, ExprOp::ne}},
                            &Parser::parse_relational);
  }

  Operand parse_relational() {
    return parse_left_level({{Tok::lt, ExprOp::lt},
                             {Tok::le, ExprOp::le},
                             {Tok::gt, ExprOp::gt},
                             {Tok::ge, ExprOp::ge}},
                            &Parser::parse_additive);
  }

  Operand parse_additive() {
    return parse_left_level({{Tok::plus, ExprOp::add}, {Tok::minus, ExprOp::sub}},
                            &Parser::parse_term);
  }

  Operand parse_term() {
    return parse_left_level(
        {{Tok::star, ExprOp::mul},
         {Tok::slash, options_.dhis2_semantics ? ExprOp::div_ieee : ExprOp::div},
         {Tok::percent, ExprOp::mod}},
        &Parser::parse_unary);
  }

  Operand parse_unary() {
    if (tok_.kind != Tok::minus && tok_.kind != Tok::plus && tok_.kind != Tok::not_)
      return parse_power();
    Nest nest(*this, tok_.pos);
    const Tok k = tok_.kind;
    advance();
    const Operand x = parse_unary();
    if (k == Tok::not_) return b_.emit(ExprOp::logical_not, truth_of(x)).typed(VType::boolean);
    return k == Tok::minus ? b_.emit(ExprOp::neg, number_of(x)) : number_of(x);
  }

  Operand parse_power() {
    const Operand base = parse_primary();
    if (tok_.kind != Tok::caret) return base;
    Nest nest(*this, tok_.pos);
    advance();
    const Operand exponent = parse_unary(); // right-associative through unary
    return b_.emit(ExprOp::pow, number_of(base), number_of(exponent));
  }

  Operand parse_primary() {
    switch (tok_.kind) {
    case Tok::number:
    case Tok::literal: {
      const double x = tok_.number;
      const VType t = tok_.kind == Tok::number ? VType::number
                      : is_nan(x)              ? VType::null
                                               : VType::boolean;
      advance();
      return Operand::of(x, t);
    }
    case Tok::string: {
      const std::size_t at = tok_.pos;
      std::string text = std::move(tok_.name);
      advance();
      return b_.text(std::move(text), at);
    }
    case Tok::constant: {
      const auto it = options_.constants.find(tok_.name);
      if (it == options_.constants.end())
        t_.fail(tok_.pos, "a known constant: C{" + tok_.name +
                              "} is not among the constants the options define");
      advance();
      return Operand::of(it->second);
    }
    case Tok::reference: return parse_reference();
    case Tok::variable: {
      const TimeVariable v = tok_.variable;
      advance();
      return b_.variable(v);
    }
    case Tok::lparen: return parse_parenthesised();
    case Tok::identifier: return parse_function();
    default: t_.fail(tok_.pos, kOperand);
    }
  }

  Operand parse_parenthesised() {
    const std::size_t open = tok_.pos;
    const std::size_t inside = tok_.end;
    const Builder::Mark mark = b_.mark();
    advance();
    Operand inner = parse_or();
    if (tok_.kind != Tok::rparen) t_.fail(tok_.pos, "')' to close '(' at " + std::to_string(open));
    advance();
    if (tok_.kind != Tok::dot) return inner;
    // (#{a} + #{b}).periodOffset(-1): DHIS2 applies the modifiers to every item inside. The
    // inside is read again with them; what the first reading emitted is dead code.
    ExpressionReference mods;
    parse_modifiers(mods);
    Outer outer = outer_;
    outer.offset += mods.offset;
    // (#{a} + #{b}).aggregationType(MAX): the query modifiers distribute over the items inside
    // as the period modifiers do (expression-parser Nodes.propagateModifiers attaches them to
    // every data item below; dhis2-core FunctionAggregationType / FunctionMinDate visit the
    // inside with them in the visitor's query modifiers). Both apply the outer modifiers first
    // and an item's own after them, so an item's own aggregationType or date wins.
    if (!mods.aggregation.empty()) outer.aggregation = mods.aggregation;
    if (!mods.min_date.empty()) outer.min_date = mods.min_date;
    if (!mods.max_date.empty()) outer.max_date = mods.max_date;
    outer.year_to_date |= mods.modifier == PeriodModifier::year_to_date;
    if (mods.modifier == PeriodModifier::same_period_last_year)
      t_.fail(open, "periodOffset(n) or yearToDate() after ')' (samePeriodLastYear() applies to "
                    "one reference)");
    b_.rollback(mark);
    // Each reading again reads what it holds again: nesting (((...).m()).m()).m() doubles the
    // work per level, so the number of such readings is bounded.
    if (++b_.rereads > kMaxRereads)
      t_.fail(open, "at most " + std::to_string(kMaxRereads) +
                        " parenthesised expressions with period modifiers");
    Parser again(t_, b_, options_, inside, outer);
    again.depth_ = depth_;
    inner = again.parse_inside();
    return inner;
  }

  // .periodOffset(n), .yearToDate() and .samePeriodLastYear(), chained as DHIS2 chains them:
  // offsets add up (.periodOffset(-1).periodOffset(-1) is periodOffset(-2)) and yearToDate
  // applies to the shifted period in either order. samePeriodLastYear() is zhibiao's own and
  // stands alone. DHIS2's other modifiers are refused by name.
  // DHIS2's query modifiers after a reference (expression-parser DataItemModifier.kt;
  // dhis2-core DefaultQueryPlanner.groupByQueryMods applies them): .aggregationType(TYPE) the
  // aggregation the cube can honour, .minDate(d) / .maxDate(d) a yyyy-mm-dd date. The argument
  // is read as raw text up to ')'; `tok_` is the name on entry and the token after ')' on exit.
  void parse_query_modifier(const std::string& name, std::size_t name_pos, ExpressionReference& r) {
    advance();
    if (tok_.kind != Tok::lparen) t_.fail(tok_.pos, "'(' after " + name);
    const std::size_t open = tok_.pos;
    std::size_t close = tok_.end;
    while (close < t_.size() && t_.at(close) != U')') ++close;
    if (close >= t_.size())
      t_.fail(close, "')' to close '" + name + "(' at " + std::to_string(open));
    std::size_t from = tok_.end;
    while (from < close && is_space(t_.at(from))) ++from;
    const std::string arg = trim_copy(t_.slice(from, close));
    const auto repeated = [&](const std::string& field) {
      if (!field.empty()) t_.fail(name_pos, "one " + name + "() per reference");
    };
    if (name == "aggregationType") {
      repeated(r.aggregation);
      // The types the cube computes, by dhis2-core's names (dhis-api AggregationType.java) and by
      // expression-parser's (spi/AggregationType.kt: sum, avg, avg_sum_org_unit ...).
      static constexpr std::pair<const char*, const char*> honoured[] = {
          {"SUM", "sum"},
          {"sum", "sum"},
          {"AVERAGE", "average"},
          {"avg", "average"},
          {"AVERAGE_SUM_ORG_UNIT", "average_sum_org_unit"},
          {"avg_sum_org_unit", "average_sum_org_unit"},
          {"LAST", "last"},
          {"last", "last"},
          {"MIN", "min"},
          {"min", "min"},
          {"MAX", "max"},
          {"max", "max"},
          {"COUNT", "count"},
          {"count", "count"},
          {"FIRST", "first"},
          {"first", "first"},
          {"LAST_IN_PERIOD", "last"},
          {"last_analytics_period", "last"},
          {"LAST_AVERAGE_ORG_UNIT", "last_average_org_unit"},
          {"last_avg_org_unit", "last_average_org_unit"},
          {"LAST_IN_PERIOD_AVERAGE_ORG_UNIT", "last_average_org_unit"},
          {"last_analytics_period_avg_org_unit", "last_average_org_unit"},
          {"FIRST_AVERAGE_ORG_UNIT", "first_average_org_unit"},
          {"first_avg_org_unit", "first_average_org_unit"},
          {"MIN_SUM_ORG_UNIT", "min_sum_org_unit"},
          {"MAX_SUM_ORG_UNIT", "max_sum_org_unit"}};
      for (const auto& [dhis2, ours] : honoured)
        if (arg == dhis2) r.aggregation = ours;
      // DHIS2's other types, refused with the reason (docs/dhis2-expressions.md §6).
      static constexpr std::pair<const char*, const char*> refused[] = {
          {"STDDEV", "a standard deviation over the raw values is not one of the cube's "
                     "aggregations"},
          {"stddev", "a standard deviation over the raw values is not one of the cube's "
                     "aggregations"},
          {"VARIANCE", "a variance over the raw values is not one of the cube's aggregations"},
          {"variance", "a variance over the raw values is not one of the cube's aggregations"},
          {"NONE", "DHIS2 aggregates NONE only for text; the cube aggregates every number"},
          {"none", "DHIS2 aggregates NONE only for text; the cube aggregates every number"},
          {"LAST_LAST_ORG_UNIT", "the last unit's value needs an order of units the tree has not"},
          {"FIRST_FIRST_ORG_UNIT", "the first unit's value needs an order of units the tree has "
                                   "not"},
          {"CUSTOM", "CUSTOM names no aggregation"},
          {"custom", "CUSTOM names no aggregation"},
          {"DEFAULT", "DEFAULT names no aggregation: leave the modifier out"}};
      if (r.aggregation.empty())
        for (const auto& [dhis2, why] : refused)
          if (arg == dhis2)
            t_.fail(from, "an aggregation type the cube honours: " + arg + " is not (" + why +
                              "; docs/dhis2-expressions.md §6)");
      if (r.aggregation.empty())
        t_.fail(from, "an aggregation type the cube honours (SUM, AVERAGE, AVERAGE_SUM_ORG_UNIT, "
                      "LAST, LAST_IN_PERIOD, LAST_AVERAGE_ORG_UNIT, FIRST, "
                      "FIRST_AVERAGE_ORG_UNIT, MIN, MAX, MIN_SUM_ORG_UNIT, MAX_SUM_ORG_UNIT, "
                      "COUNT, or expression-parser's sum, avg, ...): '" +
                          arg + "' is not one (docs/dhis2-expressions.md §6)");
    } else {
      std::string& field = name == "minDate" ? r.min_date : r.max_date;
      repeated(field);
      // yyyy-mm-dd as DHIS2's date literal (expression-parser Literals.kt parseDate), read
      // as a real calendar day.
      std::optional<Date> day;
      int y = 0, m = 0, d = 0;
      if (arg.size() == 10 && arg[4] == '-' && arg[7] == '-' &&
          std::sscanf(arg.c_str(), "%4d-%2d-%2d", &y, &m, &d) == 3 && y >= 1900 && y <= 9999 &&
          std::all_of(arg.begin(), arg.end(),
                      [](char c) { return c == '-' || (c >= '0' && c <= '9'); })) {
        try {
          day = Date(static_cast<unsigned short>(y), static_cast<unsigned short>(m),
                     static_cast<unsigned short>(d));
        } catch (const std::exception&) {
          day.reset();
        }
      }
      if (!day) t_.fail(from, "a date yyyy-mm-dd for " + name + "(): '" + arg + "' is not one");
      field = arg;
    }
    if (!r.min_date.empty() && !r.max_date.empty() && r.max_date < r.min_date)
      t_.fail(name_pos, "a maxDate() on or after minDate(" + r.min_date + ")");
    lex_.seek(close);
    advance(); // ')'
    advance();
  }

  void parse_modifiers(ExpressionReference& r) {
    bool ytd = r.modifier == PeriodModifier::year_to_date;
    bool splY = r.modifier == PeriodModifier::same_period_last_year;
    int offset = r.offset;
    int count = 0;
    while (tok_.kind == Tok::dot) {
      const std::size_t dot = tok_.pos;
      advance();
      if (tok_.kind != Tok::identifier) t_.fail(tok_.pos, kModifiers);
      const std::string name = tok_.name;
      const std::size_t name_pos = tok_.pos;
      if (name == "stageOffset")
        t_.fail(name_pos, std::string(kModifiers) + ": " + name +
                              "() is not supported (docs/dhis2-expressions.md)");
      if (name == "aggregationType" || name == "maxDate" || name == "minDate") {
        parse_query_modifier(name, name_pos, r);
        ++count;
        continue;
      }
      const bool is_offset = name == "periodOffset";
      if (name == "samePeriodLastYear") {
        if (count > 0 || ytd || offset != 0)
          t_.fail(dot, "an operator (samePeriodLastYear() does not chain with other modifiers)");
        splY = true;
      } else if (name == "yearToDate") {
        if (splY) t_.fail(dot, "an operator (samePeriodLastYear() does not chain)");
        ytd = true;
      } else if (is_offset) {
        if (splY) t_.fail(dot, "an operator (samePeriodLastYear() does not chain)");
      } else {
        t_.fail(name_pos, kModifiers);
      }
      advance();
      if (tok_.kind != Tok::lparen) t_.fail(tok_.pos, "'(' after " + name);
      const std::size_t open = tok_.pos;
      advance();
      if (is_offset) {
        bool negative = false;
        if (tok_.kind == Tok::minus || tok_.kind == Tok::plus) {
          negative = tok_.kind == Tok::minus;
          advance();
        }
        if (tok_.kind != Tok::number || !tok_.integer)
          t_.fail(tok_.pos, "a whole number of periods, e.g. -1 or -12");
        if (tok_.number > kMaxOffset)
          t_.fail(tok_.pos, "an offset between -" + std::to_string(kMaxOffset) + " and " +
                                std::to_string(kMaxOffset));
        offset += static_cast<int>(negative ? -tok_.number : tok_.number);
        if (offset > kMaxOffset || offset < -kMaxOffset)
          t_.fail(tok_.pos, "offsets adding up to between -" + std::to_string(kMaxOffset) +
                                " and " + std::to_string(kMaxOffset));
        advance();
      }
      if (tok_.kind != Tok::rparen)
        t_.fail(tok_.pos, "')' to close '" + name + "(' at " + std::to_string(open));
      advance();
      ++count;
      if (splY && tok_.kind == Tok::dot)
        t_.fail(tok_.pos, "an operator (samePeriodLastYear() does not chain with other modifiers)");
    }
    r.offset = offset;
    // periodOffset(0) is the period itself: the same reference as no modifier at all.
    r.modifier = splY          ? PeriodModifier::same_period_last_year
                 : ytd         ? PeriodModifier::year_to_date
                 : offset != 0 ? PeriodModifier::period_offset
                               : PeriodModifier::none;
  }

  Operand parse_reference() {
    const std::size_t begin = tok_.pos;
    const std::array<std::size_t, 3> part_pos = {tok_.part_pos[0], tok_.part_pos[1],
                                                 tok_.part_pos[2]};
    ExpressionReference r;
    r.element = std::move(tok_.name);
    r.disaggregation = std::move(tok_.disaggregation);
    r.attribute = std::move(tok_.attribute);
    r.kind = tok_.item;
    advance();
    parse_modifiers(r);
    // OUG{uid} counts units, whatever the period: its modifiers change nothing.
    if (r.kind == ReferenceKind::org_unit_group) return org_unit_group(std::move(r), begin);
    if (r.aggregation.empty()) r.aggregation = outer_.aggregation;
    if (r.min_date.empty()) r.min_date = outer_.min_date;
    if (r.max_date.empty()) r.max_date = outer_.max_date;
    if (!r.min_date.empty() && !r.max_date.empty() && r.max_date < r.min_date)
      t_.fail(begin, "a reference whose maxDate(" + r.max_date + ") is on or after its minDate(" +
                         r.min_date + ") (one of them written after ')')");
    if (outer_.offset != 0 || outer_.year_to_date) {
      if (r.modifier == PeriodModifier::same_period_last_year)
        t_.fail(begin, "a reference without samePeriodLastYear() inside (...).periodOffset(n)");
      r.offset += outer_.offset;
      if (r.offset > kMaxOffset || r.offset < -kMaxOffset)
        t_.fail(begin, "offsets adding up to between -" + std::to_string(kMaxOffset) + " and " +
                           std::to_string(kMaxOffset));
      r.modifier = (outer_.year_to_date || r.modifier == PeriodModifier::year_to_date)
                       ? PeriodModifier::year_to_date
                   : r.offset != 0 ? PeriodModifier::period_offset
                                   : PeriodModifier::none;
    }
    if (r.element.find(':') != std::string::npos ||
        r.disaggregation.find(':') != std::string::npos ||
        r.attribute.find(':') != std::string::npos)
      return parse_tagged_reference(r, begin, part_pos);
    return b_.reference(std::move(r), t_, begin, consumed_end_);
  }

  // DHIS2's tagged items, #{deGroup:g}, #{de.co:o}, #{de.coGroup:a&b} and their combinations
  // (expression-parser Tag.kt: deGroup in the element's place, co and coGroup in a combo's),
  // resolved as dhis2-core's analytics resolvers (DataElementGroupResolver,
  // CategoryOptionResolver, CategoryOptionGroupResolver) do: the item becomes the parenthesised
  // sum of the plain items it stands for, each with the item's modifiers. `r` holds the parts as
  // written ("deGroup:g", "co:o") and the modifiers already parsed.
  Operand parse_tagged_reference(const ExpressionReference& r, std::size_t begin,
                                 const std::array<std::size_t, 3>& part_pos) {
    struct Tagged {
      std::string tag;               // "", "deGroup", "co", "coGroup"
      std::vector<std::string> uids; // the uids after the tag, split at '&' (or the plain name)
    };
    const auto split = [&](const std::string& part, std::size_t at) {
      Tagged t;
      const std::size_t colon = part.find(':');
      if (colon == std::string::npos) {
        t.uids.push_back(part);
        return t;
      }
      t.tag = trim_copy(part.substr(0, colon));
      std::string rest = part.substr(colon + 1);
      for (std::size_t from = 0;;) {
        const std::size_t amp = rest.find('&', from);
        std::string uid = trim_copy(rest.substr(from, amp == std::string::npos ? amp : amp - from));
        if (uid.empty()) t_.fail(at, "a uid after '" + t.tag + ":' (and after each '&')");
        t.uids.push_back(std::move(uid));
        if (amp == std::string::npos) break;
        from = amp + 1;
      }
      return t;
    };
    const Tagged de = split(r.element, part_pos[0]);
    const Tagged coc = split(r.disaggregation, part_pos[1]);
    const Tagged aoc = split(r.attribute, part_pos[2]);
    if (!de.tag.empty() && de.tag != "deGroup")
      t_.fail(part_pos[0], "a data element or deGroup:uid before the first '.' (" + de.tag +
                               ": names category options, after it)");
    for (const auto* part : {&coc, &aoc})
      if (part->tag == "deGroup")
        t_.fail(part_pos[part == &coc ? 1 : 2],
                "a category option combo, co:uid or coGroup:uid after '.' (deGroup: stands "
                "first)");
    if (de.tag == "deGroup" && de.uids.size() > 1)
      t_.fail(part_pos[0], "one data element group after 'deGroup:' ('&' joins category option "
                           "groups)");
    if (coc.tag == "co" && coc.uids.size() > 1)
      t_.fail(part_pos[1], "one category option after 'co:' ('&' joins coGroup:a&b)");
    if (aoc.tag == "co" && aoc.uids.size() > 1)
      t_.fail(part_pos[2], "one category option after 'co:' ('&' joins coGroup:a&b)");
    const auto members = [&](const std::string& key, const std::string& element,
                             std::size_t at) -> const std::vector<std::string>& {
      if (!element.empty())
        if (auto it = options_.groups.find(element + "." + key); it != options_.groups.end())
          return it->second;
      const auto it = options_.groups.find(key);
      if (it == options_.groups.end())
        t_.fail(at, "a " + key.substr(0, key.find(':')) +
                        " uid known to the expression's groups: '" + key.substr(key.find(':') + 1) +
                        "' is not there (DHIS2 metadata: read_dhis2_metadata's item_groups)");
      return it->second;
    };
    // The combos one tagged part stands for: the intersection of its groups' (DHIS2 retains the
    // combos common to every coGroup:a&b), in the order of the first group.
    const auto combos = [&](const Tagged& part, const std::string& element, std::size_t at) {
      if (part.tag.empty()) return part.uids;
      std::vector<std::string> out = members(part.tag + ":" + part.uids[0], element, at);
      for (std::size_t g = 1; g < part.uids.size(); ++g) {
        const auto& next = members(part.tag + ":" + part.uids[g], element, at);
        std::erase_if(out, [&](const std::string& c) {
          return std::find(next.begin(), next.end(), c) == next.end();
        });
      }
      return out;
    };
    const std::vector<std::string> elements =
        de.tag.empty() ? de.uids : members("deGroup:" + de.uids[0], "", part_pos[0]);
    std::vector<ExpressionReference> items;
    for (const std::string& e : elements) {
      const std::vector<std::string> cs = combos(coc, e, part_pos[1]);
      const std::vector<std::string> as = combos(aoc, "", part_pos[2]);
      for (const std::string& c : cs)
        for (const std::string& a : as) {
          ExpressionReference item = r;
          item.element = e;
          item.disaggregation = c == "*" ? std::string() : c;
          item.attribute = a == "*" ? std::string() : a;
          items.push_back(std::move(item));
        }
    }
    if (items.empty())
      t_.fail(begin, "an item that stands for some data: '" + t_.slice(begin, consumed_end_) +
                         "' has no member (an empty group, or groups with no combo in common)");
    if (items.size() > kMaxTaggedItems)
      t_.fail(begin,
              "at most " + std::to_string(kMaxTaggedItems) + " items behind one tagged item");
    Operand sum = b_.reference(std::move(items[0]), t_, begin, consumed_end_);
    for (std::size_t k = 1; k < items.size(); ++k)
      sum = binary(ExprOp::add, sum, b_.reference(std::move(items[k]), t_, begin, consumed_end_),
                   begin);
    return sum;
  }

  Operand org_unit_group(ExpressionReference r, std::size_t begin) {
    r.modifier = PeriodModifier::none;
    r.offset = 0;
    // Nor do the query modifiers: a count of units has no aggregation type nor dates.
    r.aggregation.clear();
    r.min_date.clear();
    r.max_date.clear();
    return b_.reference(std::move(r), t_, begin, consumed_end_);
  }

  Operand parse_function() {
    const std::string name = tok_.name;
    const std::size_t at = tok_.pos;
    const std::string written = t_.slice(tok_.pos, tok_.end); // name before folding
    const bool dhis2 = options_.dhis2_semantics;
    struct Known {
      const char* name;
      ExprOp op;
      int arity; // -1: one or more, folded left to right; -2: one or two
      const char* signature;
    };
    const Known known[] = {
        {"if", dhis2 ? ExprOp::select_dhis2 : ExprOp::select, 3,
         "if(condition, value if true, value if false)"},
        {"min", ExprOp::min, -1, "min(a, b, ...)"},
        {"max", ExprOp::max, -1, "max(a, b, ...)"},
        {"abs", ExprOp::abs, 1, "abs(x)"},
        {"coalesce", ExprOp::coalesce, -1, "coalesce(a, b, ...)"},
        {"isNull", ExprOp::is_null, 1, "isNull(x)"},
        {"isNotNull", ExprOp::is_not_null, 1, "isNotNull(x)"},
        {"greatest", dhis2 ? ExprOp::greatest_skip : ExprOp::max, -1, "greatest(a, b, ...)"},
        {"least", dhis2 ? ExprOp::least_skip : ExprOp::min, -1, "least(a, b, ...)"},
        {"firstNonNull", ExprOp::coalesce, -1, "firstNonNull(a, b, ...)"},
        {"log", dhis2 ? ExprOp::log_ieee : ExprOp::log, -2, "log(x) or log(x, base)"},
        {"log10", dhis2 ? ExprOp::log10_ieee : ExprOp::log10, 1, "log10(x)"},
        {"removeZeros", ExprOp::remove_zeros, 1, "removeZeros(x)"},
        {"normDistCum", ExprOp::norm_dist_cum, 3, "normDistCum(x, mean, stddev)"},
        {"normDistDen", ExprOp::norm_dist_den, 3, "normDistDen(x, mean, stddev)"},
    };
    const Known* f = nullptr;
    for (const auto& k : known)
      if (name == k.name) f = &k;
    advance();
    if (tok_.kind != Tok::lparen) {
      if (f) t_.fail(tok_.pos, "'(' after " + name);
      t_.fail(at, std::string(kOperand) + "; a data element is written #{" + written + "}");
    }
    // DHIS2's functions over the periods a predictor samples, and those of other expression
    // kinds: named, so that their refusal says why.
    static constexpr const char* unsupported[] = {
        "avg", "count",    "median",   "percentileCont", "stddev",        "stddevPop", "stddevSamp",
        "sum", "variance", "contains", "containsItems",  "subExpression", "orgUnit"};
    if (!f)
      for (const char* u : unsupported)
        if (name == u)
          t_.fail(at, std::string(kFunctions) + ": " + name +
                          "() is not supported (docs/dhis2-expressions.md)");
    if (!f) t_.fail(at, kFunctions);
    Nest nest(*this, tok_.pos);
    const std::size_t open = tok_.pos;
    advance();
    std::vector<Operand> args;
    if (tok_.kind != Tok::rparen) {
      for (;;) {
        args.push_back(parse_or());
        if (tok_.kind == Tok::comma) {
          advance();
          continue;
        }
        if (tok_.kind == Tok::rparen) break;
        t_.fail(tok_.pos, "',' or ')' to close '" + name + "(' at " + std::to_string(open));
      }
    }
    advance(); // ')'
    const auto n = static_cast<int>(args.size());
    // normDistCum(x) and normDistDen(x, mean) take the missing mean and standard deviation from
    // the values of x a predictor samples (dhis2-core FunctionNormDistAbstract: the average and
    // sample standard deviation of the first argument). An indicator or validation rule samples
    // nothing, so the defaults cannot be honoured: refused at the call.
    if (f->op == ExprOp::norm_dist_cum || f->op == ExprOp::norm_dist_den) {
      if (n == 1 || n == 2)
        t_.fail(at, std::string("3 arguments for ") + f->signature + ": without " +
                        (n == 1 ? "mean and stddev" : "stddev") +
                        " DHIS2 takes them from the periods a predictor samples, which zhibiao "
                        "does not (docs/dhis2-expressions.md §2)");
    }
    if (f->arity >= 0 && n != f->arity)
      t_.fail(at, std::to_string(f->arity) + (f->arity == 1 ? " argument" : " arguments") +
                      " for " + f->signature + ", not " + std::to_string(n));
    // DHIS2's greatest(), least() and firstNonNull() over no value are null
    // ([ep:function/GreatestTest] testGreatest_NoArguments and its kin): so under dhis2_semantics;
    // zhibiao's default refuses the empty call as a slip.
    if (n == 0 && dhis2 && (name == "greatest" || name == "least" || name == "firstNonNull"))
      return Operand::of(nan, VType::null);
    if (f->arity == -1 && n < 1)
      t_.fail(at, std::string("at least 1 argument for ") + f->signature);
    if (f->arity == -2 && (n < 1 || n > 2))
      t_.fail(at,
              std::string("1 or 2 arguments for ") + f->signature + ", not " + std::to_string(n));
    // isNull, isNotNull and firstNonNull see a reference before a missing value strategy
    // substitutes 0 for it.
    if (f->op == ExprOp::is_null || f->op == ExprOp::is_not_null || f->op == ExprOp::coalesce)
      for (auto& a : args) a = a.unsubstituted();
    // Types (DHIS2's Calculator.evalFunction): if() takes a truth value and gives its branches'
    // type; firstNonNull/coalesce give their values' type; isNull/isNotNull take anything (a
    // string is not null); every other function takes numbers ('2' reads as 2).
    if (f->op == ExprOp::select || f->op == ExprOp::select_dhis2) {
      const VType t = unify({&args[1], &args[2]}, at, name);
      Operand r = b_.emit(f->op, truth_of(args[0]), args[1], args[2]).typed(t);
      r.pos = at;
      return r;
    }
    if (f->op == ExprOp::coalesce) {
      std::vector<const Operand*> values;
      for (const auto& a : args) values.push_back(&a);
      const VType t = unify(values, at, name);
      Operand r = args[0];
      for (int k = 1; k < n; ++k) r = b_.emit(f->op, r, args[static_cast<std::size_t>(k)]);
      r = r.typed(t);
      r.pos = at;
      return r;
    }
    if (f->op == ExprOp::is_null || f->op == ExprOp::is_not_null)
      return b_.emit(f->op, args[0]).typed(VType::boolean);
    for (auto& a : args) a = number_of(a);
    if (f->arity == 3) return b_.emit(f->op, args[0], args[1], args[2]);
    if (f->arity == 1) return b_.emit(f->op, args[0]);
    if (f->arity == -2) {
      if (n == 1) return b_.emit(f->op, args[0]);
      return b_.emit(dhis2 ? ExprOp::log_base_ieee : ExprOp::log_base, args[0], args[1]);
    }
    Operand r = args[0];
    for (int k = 1; k < n; ++k) r = b_.emit(f->op, r, args[static_cast<std::size_t>(k)]);
    return r;
  }

  const Text& t_;
  Lexer lex_;
  Builder& b_;
  const ExpressionOptions& options_;
  Outer outer_;
  Token tok_;
  std::size_t consumed_end_ = 0; // one past the last character of the last token advanced over
  int depth_ = 0;
};

// ---------------------------------------------------------------------------------------------
// Dead code, registers

std::shared_ptr<ExpressionProgram> link(std::string text, Builder& b, Operand root) {
  auto p = std::make_shared<ExpressionProgram>();
  p->text = std::move(text);
  p->references = std::move(b.references);
  p->spans = std::move(b.spans);
  p->uses = b.uses;

  auto source_of = [&](const Operand& o, const std::vector<std::uint32_t>& reg_of) {
    switch (o.kind) {
    case Operand::Kind::none: return ExprSource{};
    case Operand::Kind::value: return ExprSource{ExprSource::Kind::reg, reg_of[o.index]};
    case Operand::Kind::input: return ExprSource{ExprSource::Kind::input, o.index};
    case Operand::Kind::time: return ExprSource{ExprSource::Kind::time, o.index};
    case Operand::Kind::constant: break;
    }
    p->constants.push_back(o.constant);
    return ExprSource{ExprSource::Kind::constant,
                      static_cast<std::uint32_t>(p->constants.size() - 1)};
  };

  if (root.kind != Operand::Kind::value) {
    p->result = source_of(root, {});
    return p;
  }
  // Live instructions: those the root needs. Every operand precedes its user, so one backward
  // sweep finds them, and the root is the last live one.
  const std::size_t count = root.index + 1;
  std::vector<char> live(count, 0);
  live[root.index] = 1;
  for (std::size_t i = count; i-- > 0;) {
    if (!live[i]) continue;
    for (const Operand* o : {&b.code[i].a, &b.code[i].b, &b.code[i].c})
      if (o->kind == Operand::Kind::value) live[o->index] = 1;
  }
  std::vector<std::size_t> last_use(count, 0);
  for (std::size_t i = 0; i < count; ++i)
    if (live[i])
      for (const Operand* o : {&b.code[i].a, &b.code[i].b, &b.code[i].c})
        if (o->kind == Operand::Kind::value) last_use[o->index] = i;
  // Linear scan. The destination is taken before the operands' registers are released, so a
  // step never writes a register it reads: no aliasing inside the loops.
  std::vector<std::uint32_t> reg_of(count, 0), free_regs;
  for (std::size_t i = 0; i < count; ++i) {
    if (!live[i]) continue;
    const Instruction& in = b.code[i];
    ExprStep step{in.op, source_of(in.a, reg_of), source_of(in.b, reg_of), source_of(in.c, reg_of),
                  0};
    if (i != root.index) {
      if (free_regs.empty()) free_regs.push_back(p->registers++);
      reg_of[i] = free_regs.back();
      free_regs.pop_back();
      step.dst = reg_of[i];
    }
    for (const Operand* o : {&in.a, &in.b, &in.c}) {
      if (o->kind != Operand::Kind::value || last_use[o->index] != i) continue;
      if (std::find(free_regs.begin(), free_regs.end(), reg_of[o->index]) == free_regs.end())
        free_regs.push_back(reg_of[o->index]);
    }
    if (can_fail(in.op)) p->may_fail = true;
    p->steps.push_back(step);
  }
  return p;
}

std::string query_suffix(const ExpressionReference& r) {
  std::string s;
  if (!r.aggregation.empty()) s += "@aggregationType(" + r.aggregation + ")";
  if (!r.min_date.empty()) s += "@minDate(" + r.min_date + ")";
  if (!r.max_date.empty()) s += "@maxDate(" + r.max_date + ")";
  return s;
}

std::string modifier_suffix(const ExpressionReference& r) {
  switch (r.modifier) {
  case PeriodModifier::none: return "";
  case PeriodModifier::period_offset: return "@periodOffset(" + std::to_string(r.offset) + ")";
  case PeriodModifier::same_period_last_year: return "@samePeriodLastYear()";
  case PeriodModifier::year_to_date:
    return (r.offset != 0 ? "@periodOffset(" + std::to_string(r.offset) + ")" : std::string()) +
           "@yearToDate()";
  }
  return "";
}

std::uint8_t status_of(double v, std::uint8_t f) noexcept {
  if (detail::finite(v)) return static_cast<std::uint8_t>(ExpressionStatus::ok);
  // ±inf is DHIS2's x / 0 or log(0) (ExpressionOptions::dhis2_semantics) when a flag says so,
  // else an overflow.
  if (!is_nan(v) && !(f & (kDivisionByZero | kDomain)))
    return static_cast<std::uint8_t>(ExpressionStatus::overflow);
  if (f & kDivisionByZero) return static_cast<std::uint8_t>(ExpressionStatus::division_by_zero);
  if (f & kDomain) return static_cast<std::uint8_t>(ExpressionStatus::domain_error);
  return static_cast<std::uint8_t>(ExpressionStatus::missing);
}

void run_program(const ExpressionProgram& p, std::span<const double* const> inputs,
                 std::span<const double* const> time, std::size_t n, double* out,
                 std::uint8_t* status);

} // namespace

// ---------------------------------------------------------------------------------------------
// Public API

std::string ExpressionReference::key() const {
  // DHIS2's own text for its other items: names cannot contain '{', so no #{} key is the same.
  if (kind == ReferenceKind::org_unit_group) return "OUG{" + element + "}";
  if (kind == ReferenceKind::reporting_rate)
    return "R{" + element + "." + disaggregation + "}" + modifier_suffix(*this);
  std::string k = element;
  if (!disaggregation.empty() || !attribute.empty())
    k += "." + (disaggregation.empty() ? std::string("*") : disaggregation);
  if (!attribute.empty()) k += "." + attribute;
  return k + modifier_suffix(*this) + query_suffix(*this);
}

std::string_view to_string(TimeVariable v) noexcept {
  switch (v) {
  case TimeVariable::days: return "days";
  case TimeVariable::period_in_year: return "periodInYear";
  case TimeVariable::periods_per_year: return "periodsPerYear";
  }
  return "unknown";
}

std::string_view describe(ExpressionStatus status) noexcept {
  switch (status) {
  case ExpressionStatus::ok: return "ok";
  case ExpressionStatus::missing: return "missing: an input is missing";
  case ExpressionStatus::division_by_zero: return "division by zero";
  case ExpressionStatus::domain_error: return "outside the domain of an operation";
  case ExpressionStatus::overflow: return "overflow (溢出): the result exceeds the largest double";
  }
  return "unknown status";
}

Expression::Expression(std::shared_ptr<const ExpressionProgram> program) noexcept
    : program_(std::move(program)) {}

Expression Expression::parse(std::string_view text) { return parse(text, ExpressionOptions{}); }

Expression Expression::parse(std::string_view text, const ExpressionOptions& options) {
  const Text t(text);
  Builder builder;
  builder.substitute_missing = options.missing_values != MissingValues::propagate;
  Parser parser(t, builder, options);
  Operand root = parser.parse();
  const bool text_result = root.type == VType::text;
  const auto strategy = options.missing_values;
  const std::size_t nrefs = builder.references.size();
  if ((strategy == MissingValues::skip_if_any_value_missing ||
       strategy == MissingValues::skip_if_all_values_missing) &&
      nrefs > 0) {
    // The number of references missing in the row, then the row is missing when any (or all)
    // of them are, whatever the expression made of the substituted zeros.
    Operand missing = Operand::of(0);
    for (std::size_t k = 0; k < nrefs; ++k)
      missing = builder.emit(
          ExprOp::add, missing,
          builder.emit(ExprOp::is_null, Operand{Operand::Kind::input, static_cast<std::uint32_t>(k),
                                                0, Operand::kNoRaw}));
    const Operand skip =
        strategy == MissingValues::skip_if_any_value_missing
            ? builder.emit(ExprOp::gt, missing, Operand::of(0))
            : builder.emit(ExprOp::eq, missing, Operand::of(static_cast<double>(nrefs)));
    root = builder.emit(ExprOp::select, skip, Operand::of(nan), root);
  }
  auto program = link(std::string(text), builder, root);
  program->text_result = text_result;
  if (text_result) program->texts = std::move(builder.texts);
  return Expression(std::move(program));
}

const std::string& Expression::text() const noexcept { return program_->text; }

const std::vector<ExpressionReference>& Expression::references() const noexcept {
  return program_->references;
}

const std::vector<ExpressionSpan>& Expression::reference_spans() const noexcept {
  return program_->spans;
}

bool Expression::uses(TimeVariable v) const noexcept {
  return program_->uses[static_cast<std::size_t>(v)];
}

std::size_t Expression::instruction_count() const noexcept { return program_->steps.size(); }

void Expression::check_references(
    const std::function<bool(const ExpressionReference&)>& known) const {
  for (const auto& r : program_->references)
    if (!known(r))
      throw invalid_input(
          "expression",
          std::string(r.kind == ReferenceKind::org_unit_group ? "unknown organisation unit group '"
                      : r.kind == ReferenceKind::reporting_rate ? "unknown data set '"
                                                                : "unknown data element '") +
              (r.kind == ReferenceKind::data_value ? r.key() : r.element) + "' in '" +
              program_->text + "'");
}

ExpressionType Expression::result_type() const noexcept {
  return program_->text_result ? ExpressionType::text : ExpressionType::number;
}

const std::vector<std::string>& Expression::texts() const noexcept { return program_->texts; }

void Expression::evaluate(std::span<const double* const> inputs,
                          std::span<const double* const> time, std::size_t n, double* out,
                          std::uint8_t* status) const {
  if (program_->text_result)
    throw invalid_input("expression", "'" + program_->text +
                                          "' gives text (a string), not a number; "
                                          "evaluate_text() evaluates it");
  run_program(*program_, inputs, time, n, out, status);
}

void Expression::evaluate_text(std::span<const double* const> inputs,
                               std::span<const double* const> time, std::size_t n,
                               std::int32_t* out, std::uint8_t* status) const {
  if (!program_->text_result)
    throw invalid_input("expression", "'" + program_->text +
                                          "' gives a number, not text; evaluate() evaluates it");
  if (out == nullptr) throw invalid_input("out", "is null");
  // The program computes each row's string index; a block at a time, so that the scratch stays
  // small whatever n is.
  std::vector<double> index(std::min(n, kBlock));
  std::vector<const double*> in(inputs.begin(), inputs.end());
  std::vector<const double*> tv(time.begin(), time.end());
  for (std::size_t start = 0; start < n; start += kBlock) {
    const std::size_t m = std::min(kBlock, n - start);
    std::vector<const double*> in_block(in.size()), tv_block(tv.size());
    for (std::size_t k = 0; k < in.size(); ++k) in_block[k] = in[k] ? in[k] + start : nullptr;
    for (std::size_t k = 0; k < tv.size(); ++k) tv_block[k] = tv[k] ? tv[k] + start : nullptr;
    run_program(*program_, in_block, tv_block, m, index.data(), nullptr);
    for (std::size_t i = 0; i < m; ++i) {
      const bool null = is_nan(index[i]);
      out[start + i] = null ? -1 : static_cast<std::int32_t>(index[i]);
      if (status)
        status[start + i] =
            static_cast<std::uint8_t>(null ? ExpressionStatus::missing : ExpressionStatus::ok);
    }
  }
}

namespace {

void run_program(const ExpressionProgram& p, std::span<const double* const> inputs,
                 std::span<const double* const> time, std::size_t n, double* out,
                 std::uint8_t* status) {
  if (inputs.size() < p.references.size())
    throw invalid_input("inputs", "has " + std::to_string(inputs.size()) +
                                      " columns; the expression reads " +
                                      std::to_string(p.references.size()));
  if (n == 0) return;
  for (std::size_t k = 0; k < p.references.size(); ++k)
    if (inputs[k] == nullptr)
      throw invalid_input("inputs", "no values for '" + p.references[k].key() + "' (inputs[" +
                                        std::to_string(k) + "] is null)");
  for (std::size_t v = 0; v < p.uses.size(); ++v)
    if (p.uses[v] && (time.size() <= v || time[v] == nullptr))
      throw invalid_input("time", "the expression uses [" +
                                      std::string(to_string(static_cast<TimeVariable>(v))) +
                                      "] but no values were given for it");
  if (out == nullptr) throw invalid_input("out", "is null");

  // Scratch per call, so that concurrent calls share nothing but the immutable program.
  const std::size_t nreg = p.registers, nconst = p.constants.size();
  std::vector<double> scratch((nreg + nconst + 1) * kBlock, 0.0);
  double* regs = scratch.data();
  double* consts = regs + nreg * kBlock;
  const double* zeros = consts + nconst * kBlock;
  for (std::size_t k = 0; k < nconst; ++k) std::fill_n(consts + k * kBlock, kBlock, p.constants[k]);
  std::vector<std::uint8_t> flag_scratch; // the second pass's, allocated when first needed

  auto values = [&](const ExprSource& s, std::size_t start) -> const double* {
    switch (s.kind) {
    case ExprSource::Kind::reg: return regs + s.index * kBlock;
    case ExprSource::Kind::input: return inputs[s.index] + start;
    case ExprSource::Kind::time: return time[s.index] + start;
    case ExprSource::Kind::constant: return consts + s.index * kBlock;
    case ExprSource::Kind::none: break;
    }
    return zeros;
  };

  for (std::size_t start = 0; start < n; start += kBlock) {
    const std::size_t m = std::min(kBlock, n - start);
    double* o = out + start;
    if (p.steps.empty()) {
      std::copy_n(values(p.result, start), m, o);
    } else {
      for (std::size_t s = 0; s < p.steps.size(); ++s) {
        const ExprStep& st = p.steps[s];
        double* d = s + 1 == p.steps.size() ? o : regs + st.dst * kBlock;
        tables.run[static_cast<std::size_t>(st.op)](values(st.a, start), values(st.b, start),
                                                    values(st.c, start), d, m);
      }
    }
    if (status == nullptr) continue;
    std::uint8_t* so = status + start;
    // One comparison per row finds NaN and ±inf alike: an overflowed result (#{a} * 1e308) is
    // not ok (issue 14).
    bool any_nan = false;
    for (std::size_t i = 0; i < m; ++i) any_nan |= !detail::finite(o[i]);
    if (!any_nan) {
      std::memset(so, 0, m);
      continue;
    }
    if (!p.may_fail) {
      for (std::size_t i = 0; i < m; ++i) so[i] = status_of(o[i], 0);
      continue;
    }
    // Second pass over this block only, tracking why each NaN arose.
    if (flag_scratch.empty()) flag_scratch.assign((nreg + 2) * kBlock, 0);
    std::uint8_t* fregs = flag_scratch.data();
    const std::uint8_t* fzero = fregs + nreg * kBlock;
    std::uint8_t* fout = fregs + (nreg + 1) * kBlock;
    auto flags = [&](const ExprSource& s) -> const std::uint8_t* {
      return s.kind == ExprSource::Kind::reg ? fregs + s.index * kBlock : fzero;
    };
    for (std::size_t s = 0; s < p.steps.size(); ++s) {
      const ExprStep& st = p.steps[s];
      const bool last = s + 1 == p.steps.size();
      tables.flags[static_cast<std::size_t>(st.op)](
          values(st.a, start), values(st.b, start), values(st.c, start), flags(st.a), flags(st.b),
          flags(st.c), last ? o : regs + st.dst * kBlock, last ? fout : fregs + st.dst * kBlock, m);
    }
    for (std::size_t i = 0; i < m; ++i) so[i] = status_of(o[i], fout[i]);
  }
}

} // namespace

// ---------------------------------------------------------------------------------------------
// Time variables of a period

double time_variable(const Period& period, TimeVariable v) {
  if (v == TimeVariable::days) return period.days();
  const Date start = period.start();
  const int month = static_cast<int>(start.month());
  auto days_from = [](Date d) { // days in the twelve months from d (also from a day of 9999)
    return static_cast<double>(detail::days_to_same_day_next_year(d));
  };
  double position = 1, per_year = 1;
  switch (period.type()) {
  case PeriodType::day:
    position = start.day_of_year();
    per_year = boost::gregorian::gregorian_calendar::is_leap_year(start.year()) ? 366 : 365;
    break;
  case PeriodType::week: {
    // The ISO year is the year of the week's Thursday.
    const Date thursday = start + boost::gregorian::days(3);
    position = start.week_number();
    per_year = iso_weeks_in_year(static_cast<int>(thursday.year()));
    break;
  }
  case PeriodType::week_wednesday:
  case PeriodType::week_thursday:
  case PeriodType::week_friday:
  case PeriodType::week_saturday:
  case PeriodType::week_sunday: {
    // Numbered in the week-year of the week's fourth day, as DHIS2 numbers them (2019WedW5).
    const auto w = detail::week_of(period.type(), start);
    position = w.week;
    per_year = detail::weeks_in_week_year(period.type(), w.year);
    break;
  }
  case PeriodType::bi_week: {
    // ISO weeks 2n-1 and 2n of the ISO year of the first Thursday: 26 or 27 a year.
    const Date thursday = start + boost::gregorian::days(3);
    position = (start.week_number() + 1) / 2;
    per_year = bi_weeks_in_year(static_cast<int>(thursday.year()));
    break;
  }
  case PeriodType::financial_quarter:
    position = ((month - period.year_start_month() + 12) % 12) / 3 + 1, per_year = 4;
    break;
  case PeriodType::month: position = month, per_year = 12; break;
  case PeriodType::bi_month: position = (month + 1) / 2, per_year = 6; break;
  case PeriodType::quarter: position = (month + 2) / 3, per_year = 4; break;
  case PeriodType::half_year: position = (month + 5) / 6, per_year = 2; break;
  case PeriodType::year:
  case PeriodType::financial_year: position = 1, per_year = 1; break;
  case PeriodType::financial_half_year:
    position = ((month - period.year_start_month() + 12) % 12) / 6 + 1, per_year = 2;
    break;
  case PeriodType::range:
    if (period.month_aligned()) position = period.months(), per_year = 12;
    else position = period.days(), per_year = days_from(start);
    break;
  }
  return v == TimeVariable::period_in_year ? position : per_year;
}

} // namespace zhibiao
