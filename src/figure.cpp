#include "zhibiao/figure.hpp"

#include "zhibiao/detail/figure_reader.hpp"

#include "zhibiao/detail/utf8.hpp"

#include "zhibiao/decimal.hpp"
#include "zhibiao/error.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

// The figure reader (docs/figures.md). One pass over the decoded code points (full-width forms
// folded, so ９０％ is 90% and １，０００ is 1,000): at each digit, sign or Chinese numeral it
// reads the number, then what follows it (magnitude, 余/多, unit, 左右) and what precedes it (约,
// 近, 超过, 不到; a rate name such as 千人口床位数), and either makes one Figure or skips the whole
// run. No regex and nothing allocated per character: the text is decoded once, the tables are
// constexpr, and strings are built only for the figures found.

namespace zhibiao {

namespace {

constexpr double no_bound = std::numeric_limits<double>::max(); // "no bound on that side"

bool is_digit(char32_t c) { return c >= U'0' && c <= U'9'; }
bool is_letter(char32_t c) { return (c >= U'a' && c <= U'z') || (c >= U'A' && c <= U'Z'); }
bool is_space(char32_t c) {
  return c == U' ' || c == U'\t' || c == U'\n' || c == U'\r' || c == 0xA0;
}
bool is_ideograph(char32_t c) {
  return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF);
}
bool is_dash(char32_t c) { return c == U'-' || c == U'—' || c == U'–' || c == U'~'; }

// Chinese numerals: the digits (〇 and 零 are 0, 两 is 2) and the units 十 百 千 万 亿.
int cn_digit(char32_t c) {
  switch (c) {
  case U'〇':
  case U'零': return 0;
  case U'一': return 1;
  case U'二':
  case U'两': return 2;
  case U'三': return 3;
  case U'四': return 4;
  case U'五': return 5;
  case U'六': return 6;
  case U'七': return 7;
  case U'八': return 8;
  case U'九': return 9;
  default: return -1;
  }
}
int cn_unit_place(char32_t c) { // power of ten, 0 if not a unit
  switch (c) {
  case U'十': return 1;
  case U'百': return 2;
  case U'千': return 3;
  case U'万': return 4;
  case U'亿': return 8;
  default: return 0;
  }
}
bool is_cn_numeral(char32_t c) { return cn_digit(c) >= 0 || cn_unit_place(c) > 0; }

std::int64_t pow10i(int k) {
  std::int64_t p = 1;
  while (k-- > 0) p *= 10;
  return p;
}

// What may follow a number. Longest match wins (人次 before 人, 个百分点 before 个).
enum Flags : std::uint8_t {
  arabic_only = 1,  // not after a Chinese numeral (一起 is "together", 一批 "a batch")
  no_magnitude = 2, // not after 万/亿 (1万% is not a figure)
};
struct UnitWord {
  std::u32string_view text;
  FigureUnitKind kind;
  std::string_view normal; // the unit text in the Figure
  std::optional<Unit> rate;
  std::uint8_t flags = 0;
};
using K = FigureUnitKind;
constexpr UnitWord unit_words[] = {
    // Rates (after the number; the unit's own symbol as the Unit prints it, except /万).
    {U"%", K::rate, "%", Unit::percent(), no_magnitude},
    {U"‰", K::rate, "‰", Unit::per_mille(), no_magnitude},
    {U"‱", K::rate, "‱", Unit::per_10k(), no_magnitude},
    {U"/10万人口", K::rate, "/10万", Unit::per_100k(), no_magnitude},
    {U"/10万人", K::rate, "/10万", Unit::per_100k(), no_magnitude},
    {U"/10万", K::rate, "/10万", Unit::per_100k(), no_magnitude},
    {U"/十万人口", K::rate, "/10万", Unit::per_100k(), no_magnitude},
    {U"/十万人", K::rate, "/10万", Unit::per_100k(), no_magnitude},
    {U"/十万", K::rate, "/10万", Unit::per_100k(), no_magnitude},
    {U"/100000", K::rate, "/10万", Unit::per_100k(), no_magnitude},
    {U"/万人口", K::rate, "/万", Unit::per_10k(), no_magnitude},
    {U"/万人", K::rate, "/万", Unit::per_10k(), no_magnitude},
    {U"/万", K::rate, "/万", Unit::per_10k(), no_magnitude},
    {U"/千人口", K::rate, "/千人", Unit::per_1000_population(), no_magnitude},
    {U"/千人", K::rate, "/千人", Unit::per_1000_population(), no_magnitude},
    {U"/千", K::rate, "‰", Unit::per_mille(), no_magnitude},
    {U"个百分点", K::percentage_points, "个百分点", std::nullopt, no_magnitude},
    {U"百分点", K::percentage_points, "个百分点", std::nullopt, no_magnitude},
    {U"个单位", K::units, "个单位", std::nullopt, no_magnitude},
    // Durations (年 after a number that is not a year: 5年, 近5年; 2019年 is a date).
    {U"个月", K::duration, "个月", std::nullopt, 0},
    {U"周岁", K::duration, "周岁", std::nullopt, 0},
    {U"岁", K::duration, "岁", std::nullopt, 0},
    {U"小时", K::duration, "小时", std::nullopt, 0},
    {U"分钟", K::duration, "分钟", std::nullopt, 0},
    {U"天", K::duration, "天", std::nullopt, 0},
    {U"周", K::duration, "周", std::nullopt, 0},
    {U"年", K::duration, "年", std::nullopt, 0},
    // Money: the value is in 元 (2400万元 is 24,000,000).
    {U"元", K::money, "元", std::nullopt, 0},
    // Counts and amounts.
    {U"人次", K::count, "人次", std::nullopt, 0},
    {U"人份", K::count, "人份", std::nullopt, 0},
    {U"人", K::count, "人", std::nullopt, 0},
    {U"例次", K::count, "例次", std::nullopt, 0},
    {U"例", K::count, "例", std::nullopt, 0},
    {U"剂次", K::count, "剂次", std::nullopt, 0},
    {U"剂", K::count, "剂", std::nullopt, 0},
    {U"针次", K::count, "针次", std::nullopt, 0},
    {U"针", K::count, "针", std::nullopt, 0},
    {U"家次", K::count, "家次", std::nullopt, 0},
    {U"家", K::count, "家", std::nullopt, 0},
    {U"所", K::count, "所", std::nullopt, 0},
    {U"个", K::count, "个", std::nullopt, 0},
    {U"次", K::count, "次", std::nullopt, 0},
    {U"场次", K::count, "场次", std::nullopt, 0},
    {U"场", K::count, "场", std::nullopt, 0},
    {U"对", K::count, "对", std::nullopt, 0},
    {U"份", K::count, "份", std::nullopt, 0},
    {U"本", K::count, "本", std::nullopt, 0},
    {U"间", K::count, "间", std::nullopt, 0},
    {U"张", K::count, "张", std::nullopt, 0},
    {U"名", K::count, "名", std::nullopt, 0},
    {U"户次", K::count, "户次", std::nullopt, 0},
    {U"户", K::count, "户", std::nullopt, 0},
    {U"项", K::count, "项", std::nullopt, 0},
    {U"支", K::count, "支", std::nullopt, 0},
    {U"篇", K::count, "篇", std::nullopt, 0},
    {U"期", K::count, "期", std::nullopt, 0},
    {U"台", K::count, "台", std::nullopt, 0},
    {U"辆", K::count, "辆", std::nullopt, 0},
    {U"件", K::count, "件", std::nullopt, 0},
    {U"起", K::count, "起", std::nullopt, arabic_only},
    {U"种", K::count, "种", std::nullopt, 0},
    {U"条", K::count, "条", std::nullopt, 0},
    {U"块", K::count, "块", std::nullopt, 0},
    {U"位", K::count, "位", std::nullopt, 0},
    {U"瓶", K::count, "瓶", std::nullopt, 0},
    {U"层", K::count, "层", std::nullopt, 0},
    {U"床", K::count, "床", std::nullopt, 0},
    {U"套", K::count, "套", std::nullopt, 0},
    {U"处", K::count, "处", std::nullopt, 0},
    {U"座", K::count, "座", std::nullopt, 0},
    {U"盒", K::count, "盒", std::nullopt, 0},
    {U"册", K::count, "册", std::nullopt, 0},
    {U"批", K::count, "批", std::nullopt, arabic_only},
    {U"轮", K::count, "轮", std::nullopt, 0},
    {U"组", K::count, "组", std::nullopt, 0},
    {U"队", K::count, "队", std::nullopt, 0},
    {U"只", K::count, "只", std::nullopt, arabic_only},
    {U"头", K::count, "头", std::nullopt, arabic_only},
    {U"株", K::count, "株", std::nullopt, 0},
    {U"片", K::count, "片", std::nullopt, arabic_only},
    {U"部", K::count, "部", std::nullopt, arabic_only},
    {U"枚", K::count, "枚", std::nullopt, 0},
    {U"袋", K::count, "袋", std::nullopt, 0},
    {U"箱", K::count, "箱", std::nullopt, 0},
    {U"平方公里", K::count, "平方公里", std::nullopt, 0},
    {U"平方米", K::count, "平方米", std::nullopt, 0},
    {U"平米", K::count, "平方米", std::nullopt, 0},
    {U"立方米", K::count, "立方米", std::nullopt, 0},
    {U"亩", K::count, "亩", std::nullopt, 0},
    {U"公里", K::count, "公里", std::nullopt, 0},
    {U"千米", K::count, "公里", std::nullopt, 0},
    {U"公斤", K::count, "公斤", std::nullopt, 0},
    {U"千克", K::count, "公斤", std::nullopt, 0},
    {U"吨", K::count, "吨", std::nullopt, 0},
};

// A unit word followed by these is another word: 一次性 (one-off), 一元化 (unified), 个性, 期间.
constexpr std::u32string_view not_units[] = {U"次性", U"元化", U"元素", U"个性", U"期间",
                                             U"所有", U"家庭", U"场所", U"人民"};

// Qualifiers before the number, longest first where one ends another.
struct Qualifier {
  std::u32string_view word;
  FigureBound bound;
};
constexpr Qualifier prefixes[] = {
    {U"大约", FigureBound::about},     {U"约为", FigureBound::about},
    {U"将近", FigureBound::nearly},    {U"接近", FigureBound::nearly},
    {U"超过", FigureBound::more_than}, {U"不到", FigureBound::less_than},
    {U"不足", FigureBound::less_than}, {U"约", FigureBound::about},
    {U"近", FigureBound::nearly},      {U"逾", FigureBound::more_than},
};
// 约 in these words is not "about": 签约 (sign up), 预约 (book), 节约, 合约, 制约 ...
constexpr std::u32string_view not_before_yue = U"签节合预契公条制邀相履违特赴失守爽婚解";
// 近 in these words is not "nearly": 附近 (nearby), 最近 (recent), 邻近, 靠近, 亲近, 贴近.
constexpr std::u32string_view not_before_jin = U"附最邻靠亲贴";

// The result of reading the number itself.
struct Number {
  std::size_t begin = 0, end = 0; // code points, the sign included
  std::int64_t coefficient = 0;   // signed
  int exponent = 0;               // -decimals for Arabic; the place of the last unit for Chinese
  int decimals = 0;
  int int_digits = 0;
  bool plain_integer = false; // Arabic digits only: no sign, separator or point
  bool chinese = false;
  bool chinese_digit_string = false; // 二〇一九: digits only, no unit characters
  bool exponent_written = false;     // 1e3 (target mode)
};

struct Refusal {
  bool set = false;
  std::size_t position = 0;
  std::string expected;
};

class Scanner {
public:
  Scanner(std::string_view original, const detail::DecodedText& d, Refusal* refusal,
          FigureReadMode mode = FigureReadMode::prose)
      : original_(original), s_(d.code_points), bytes_(d.byte_offsets), n_(s_.size()),
        refusal_(refusal), target_(mode == FigureReadMode::target) {}

  // The one figure that starts at p, or none (the refusal says why). Reads as run() would at p,
  // except that in target mode the text before p is not looked at: the caller has read it.
  std::optional<Figure> at_position(std::size_t p) {
    std::vector<Figure> out;
    last_end_ = p;
    const char32_t c = at(p);
    const bool point = target_ && c == U'.' && is_digit(at(p + 1));
    const bool sign = is_sign_char(c) && (is_digit(at(p + 1)) ||
                                          (target_ && at(p + 1) == U'.' && is_digit(at(p + 2))));
    if (is_digit(c) || point || sign) arabic(p, out);
    else if (is_cn_numeral(c)) chinese(p, out);
    else refuse(p, "a number");
    if (out.size() == 1 && out[0].number_start == p) return std::move(out[0]);
    refuse(p, "a number");
    return std::nullopt;
  }

  std::vector<Figure> run() {
    std::vector<Figure> out;
    std::size_t i = 0;
    while (i < n_) {
      const char32_t c = s_[i];
      if (is_digit(c) || (is_sign_char(c) && is_digit(at(i + 1)) && sign_allowed(i))) {
        i = std::max(arabic(i, out), i + 1); // a skipped 负 before digits moves on too
      } else if (is_cn_numeral(c)) {
        i = std::max(chinese(i, out), i + 1);
      } else {
        ++i;
      }
    }
    return out;
  }

private:
  char32_t at(std::size_t i) const { return i < n_ ? s_[i] : 0; }
  char32_t before(std::size_t i) const { return i > 0 ? s_[i - 1] : 0; }
  bool starts(std::size_t i, std::u32string_view w) const {
    return i + w.size() <= n_ && std::equal(w.begin(), w.end(), s_.begin() + i);
  }
  static bool is_sign_char(char32_t c) { return c == U'+' || c == U'-' || c == U'−' || c == U'负'; }
  // A sign is a sign only where a number may start: not after a digit or letter (1-11月, 5-3,
  // COVID-19 are ranges and names), nor after a unit symbol (90%-95%).
  // A plus after a word or a closing bracket joins (团队+1名): not a sign.
  bool sign_allowed(std::size_t i) const {
    const char32_t p = before(i);
    if (s_[i] == U'+' && (is_ideograph(p) || p == U')' || p == U'”')) return false;
    // Right after a figure a dash joins a range (3.5万-4万, 3人-5人): not a minus sign.
    if (i == last_end_ && i > 0 && s_[i] != U'负') return false;
    return !(is_digit(p) || is_letter(p) || p == U'%' || p == U'‰' || p == U'‱' || p == U'.' ||
             p == U'_');
  }

  void refuse(std::size_t at, const char* expected) {
    if (refusal_ && !refusal_->set) {
      refusal_->set = true;
      refusal_->position = at;
      refusal_->expected = expected;
    }
  }
  // The end of the run of characters a skipped Arabic number belongs to, so that no tail of it
  // (the 23 of 12345678901234567890123, the 9 of H7N9) is read on its own.
  std::size_t skip_run(std::size_t i) const {
    while (i < n_) {
      const char32_t c = s_[i];
      if (is_digit(c) || is_letter(c)) ++i;
      else if ((c == U'.' || c == U',' || c == U'-' || c == U'_') &&
               (is_digit(at(i + 1)) || is_letter(at(i + 1))))
        ++i;
      else break;
    }
    return i;
  }

  // --- Arabic numbers ---------------------------------------------------------------------

  // Reads sign, digits, thousands groups and fraction at p. Returns false (with a refusal) when
  // the run is not a number to read.
  bool read_arabic(std::size_t p, Number& num) {
    std::size_t i = p;
    bool negative = false;
    if (is_sign_char(s_[i])) negative = s_[i++] != U'+';
    std::uint64_t coefficient = 0;
    int significant = 0;
    bool too_long = false;
    const auto push = [&](int d) {
      if (significant > 0 || d != 0) ++significant;
      if (significant > 18) too_long = true;
      else coefficient = coefficient * 10 + static_cast<unsigned>(d);
    };
    // Zeros after the last non-zero digit wait here, so that target mode can take the zeros
    // that end a long integer as a power of ten (1 followed by 300 zeros, as Threshold::describe
    // prints 1e300) instead of refusing it.
    int zeros = 0;
    const auto flush = [&] {
      for (; zeros > 0; --zeros) push(0);
    };
    const auto digit = [&](char32_t c) {
      const int d = static_cast<int>(c - U'0');
      if (d == 0 && significant > 0) {
        ++zeros;
        return;
      }
      flush();
      push(d);
    };
    const std::size_t first = i;
    int exponent = 0;
    bool grouped = false;
    if (target_) {
      // Target wording: every comma after a digit is a thousands separator and must be one
      // (the first group of one to three digits, then groups of exactly three): 1,5 and 1,0000
      // are refused at the comma, never read as 1 and 5 (docs/figures.md §9).
      int group = 0;
      while (is_digit(at(i)) || (at(i) == U',' && i > first)) {
        if (s_[i] == U',') {
          if ((!grouped && group > 3) || (grouped && group != 3)) {
            refuse(i, "a thousands separator after one to three digits (1,000)");
            return false;
          }
          if (!(is_digit(at(i + 1)) && is_digit(at(i + 2)) && is_digit(at(i + 3)) &&
                !is_digit(at(i + 4)))) {
            refuse(i, "three digits after a thousands separator (1,000); a decimal comma is not "
                      "read");
            return false;
          }
          grouped = true;
          group = 0;
          ++i;
          continue;
        }
        digit(s_[i++]);
        ++group;
      }
      num.int_digits = static_cast<int>(i - first);
    } else {
      while (i < n_ && is_digit(s_[i])) digit(s_[i++]);
      num.int_digits = static_cast<int>(i - first);
      // Thousands separators: the first group of one to three digits, then ",ddd" groups of
      // exactly three; any other comma is punctuation (9199，有偿签约率 …; 1,5).
      while (at(i) == U',' && is_digit(at(i + 1)) && is_digit(at(i + 2)) && is_digit(at(i + 3)) &&
             !is_digit(at(i + 4)) && (grouped || num.int_digits <= 3)) {
        for (std::size_t k = 1; k <= 3; ++k) digit(s_[i + k]);
        i += 4;
        num.int_digits += 3;
        grouped = true;
      }
      if (grouped && at(i) == U',' && is_digit(at(i + 1)) && bytes_[i + 1] - bytes_[i] == 1) {
        refuse(i, "three digits after a thousands separator (1,000,000)");
        return false;
      }
    }
    const bool point = at(i) == U'.' && is_digit(at(i + 1));
    if (target_ && !point && zeros > 0 && significant + zeros > 18) {
      exponent = zeros; // the integer's trailing zeros: a power of ten, not 18 more digits
      zeros = 0;
    }
    flush();
    int fraction = 0;
    if (point) {
      ++i;
      while (i < n_ && is_digit(s_[i])) {
        digit(s_[i++]);
        ++fraction;
      }
      flush(); // the zeros a fraction ends with are printed precision (100.00)
      if (at(i) == U'.' && is_digit(at(i + 1))) {
        refuse(i, "the end of the number (1.2.3 is not a number)");
        return false;
      }
    } else if (target_ && at(i) == U'.') {
      refuse(i + 1, "a digit after the decimal point");
      return false;
    }
    if (target_) {
      // An exponent (1e3, 2.5E-1): target wording written by software.
      if ((at(i) == U'e' || at(i) == U'E') &&
          (is_digit(at(i + 1)) || ((at(i + 1) == U'+' || at(i + 1) == U'-' || at(i + 1) == U'−') &&
                                   is_digit(at(i + 2))))) {
        ++i;
        const bool minus = at(i) == U'-' || at(i) == U'−';
        if (!is_digit(at(i))) ++i;
        int e = 0;
        while (i < n_ && is_digit(s_[i])) {
          if (e < 100000) e = e * 10 + static_cast<int>(s_[i] - U'0');
          ++i;
        }
        exponent += minus ? -e : e;
        num.exponent_written = true;
      }
      if (at(i) == U'.' || at(i) == U',' || is_digit(at(i))) {
        refuse(i, "the end of the number");
        return false;
      }
    } else if (is_letter(at(i))) {
      refuse(p, "a figure, not part of a name or code (H7N9, 5G)");
      return false;
    }
    if (too_long) {
      // In target mode a number past a double's range says so (1 and 400 nines), as strtod did.
      if (target_ && num.int_digits + exponent > 309)
        refuse(p, "a number within the range of a double");
      else refuse(first, "a number of at most 18 significant digits");
      return false;
    }
    if (fraction > (target_ ? 400 : 300)) {
      refuse(first,
             target_ ? "a number of at most 400 decimals" : "a number of at most 300 decimals");
      return false;
    }
    // Beyond 10^±400 a double is infinite or zero: a target's bound is neither.
    if (target_ && (exponent - fraction > 400 || exponent - fraction < -400)) {
      refuse(p, "a number within the range of a double");
      return false;
    }
    num.begin = p;
    num.end = i;
    num.coefficient = static_cast<std::int64_t>(coefficient) * (negative ? -1 : 1);
    num.exponent = exponent - fraction;
    num.decimals = fraction;
    num.plain_integer = !negative && !grouped && fraction == 0 && p == first &&
                        !num.exponent_written && exponent == 0;
    return true;
  }

  // A plain integer of one to four digits at i (a month, day or year in a date), or a Chinese
  // numeral up to 9999; sets v and the end.
  bool small_integer(std::size_t i, int& v, std::size_t& end) const {
    if (is_digit(at(i))) {
      std::size_t k = i;
      int x = 0;
      while (k < n_ && is_digit(s_[k]) && k - i < 4) x = x * 10 + static_cast<int>(s_[k++] - U'0');
      if (is_digit(at(k)) || at(k) == U'.' || at(k) == U',') return false;
      v = x;
      end = k;
      return true;
    }
    if (cn_digit(at(i)) > 0 || at(i) == U'十') {
      std::size_t k = i;
      while (k < n_ && is_cn_numeral(s_[k])) ++k;
      Number num;
      if (k - i > 6 || !parse_chinese(i, k, num)) return false;
      const std::int64_t value = num.coefficient * pow10i(num.exponent);
      if (value > 9999) return false;
      v = static_cast<int>(value);
      end = k;
      return true;
    }
    return false;
  }

  // After a year (年 read), a month and a day; or after a month, a day. Extends `end`.
  void date_tail(std::size_t& end, FigureDate& d, std::string& unit, bool after_year) {
    std::size_t j = end;
    int a = 0, b = 0;
    std::size_t e = 0, e2 = 0;
    if (after_year) {
      if (!small_integer(j, a, e)) return;
      if (is_dash(at(e)) && small_integer(e + 1, b, e2) && at(e2) == U'月' && a >= 1 && b <= 12 &&
          a < b) {
        d.month = a;
        d.end_month = b;
        j = e2 + 1;
      } else if (at(e) == U'月' && a >= 1 && a <= 12) {
        d.month = a;
        j = e + 1;
      } else {
        return;
      }
      if (at(j) == U'份') ++j;
      unit += "月";
      end = j;
    }
    if (d.end_month) return; // no day after a range of months
    if (!small_integer(j, a, e)) return;
    if ((at(e) == U'日' || at(e) == U'号') && a >= 1 && a <= 31) {
      d.day = a;
      unit += "日";
      end = e + 1;
    }
  }

  std::size_t arabic(std::size_t p, std::vector<Figure>& out) {
    const bool signed_ = !is_digit(s_[p]);
    const char32_t prev = target_ ? 0 : before(p); // target mode: the caller read what precedes
    if (!signed_ && !target_) {
      if (is_letter(prev) || ((prev == U'-' || prev == U'_') && is_letter(before(p - 1)))) {
        refuse(p, "a figure, not part of a name or code (H7N9, COVID-19)");
        return skip_run(p);
      }
      if (prev == U'.') {
        refuse(p, "a digit before the decimal point (0.5, not .5)");
        return skip_run(p);
      }
      if (prev == U'第') {
        refuse(p, "a figure, not an ordinal (第17个)");
        return skip_run(p);
      }
      if (prev == U'/' || prev == U'每') {
        refuse(p, "a figure, not the base of a unit (/10万, 每10万人口)");
        return skip_run(p);
      }
    }
    Number num;
    if (!read_arabic(p, num)) return skip_run(p);
    std::size_t j = num.end;
    const char32_t next = at(j);

    if (num.plain_integer) {
      // List markers: 1、 1. 1) at the start of a line, and (1) 〔2024〕 anywhere.
      std::size_t k = p;
      const bool open = prev == U'(' || prev == U'〔' || prev == U'[' || prev == U'【';
      if (open) --k;
      while (k > 0 && (s_[k - 1] == U' ' || s_[k - 1] == U'\t' || s_[k - 1] == 0xA0)) --k;
      const bool line_start = !target_ && (k == 0 || s_[k - 1] == U'\n' || s_[k - 1] == U'\r');
      if ((line_start && (next == U'、' || next == U'.' || next == U')')) ||
          (open && (next == U')' || next == U'〕' || next == U']' || next == U'】'))) {
        refuse(p, "a figure, not a list marker (1、, (1))");
        return j;
      }
      if (next == U'号' && !target_) {
        refuse(p, "a figure, not a designation (66号)");
        return j + 1;
      }
      // Dates: 2019年, 2019年度, 2019年1-11月份, 10月28日, 1-11月, 28日, 2019-2020年.
      FigureDate d;
      std::string unit;
      std::size_t end = 0;
      const int v = num.int_digits <= 4 ? static_cast<int>(num.coefficient) : -1;
      const bool year = num.int_digits == 4 && v >= 1000 && v <= 2999;
      int b = 0;
      std::size_t e2 = 0;
      if (v >= 0 && is_dash(next) && small_integer(j + 1, b, e2) && is_digit(at(j + 1))) {
        const char32_t u = at(e2);
        if (u == U'年' && year && e2 - j - 1 == 4 && b > v) {
          d.year = v, d.end_year = b, unit = "年", end = e2 + 1;
        } else if (u == U'月' && v >= 1 && b <= 12 && v < b) {
          d.month = v, d.end_month = b, unit = "月", end = e2 + 1;
          if (at(end) == U'份') ++end;
        } else if (u == U'日' && v >= 1 && b <= 31 && v < b) {
          d.day = v, d.end_day = b, unit = "日", end = e2 + 1;
        }
      } else if (next == U'年' && year) {
        d.year = v, unit = "年", end = j + 1;
        if (at(end) == U'度') {
          unit = "年度";
          ++end;
        } else {
          date_tail(end, d, unit, true);
        }
      } else if (next == U'月' && v >= 1 && v <= 12) {
        d.month = v, unit = "月", end = j + 1;
        if (at(end) == U'份') ++end;
        date_tail(end, d, unit, false);
      } else if (next == U'日' && v >= 1 && v <= 31) {
        d.day = v, unit = "日", end = j + 1;
      }
      if (end) {
        number_end_ = j;
        emit_date(p, end, v, d, std::move(unit), false, out);
        return end;
      }
    }
    // “5.29” (29 May, 世界人口日 “7.11”): a month.day between quotation marks is a date.
    if (!signed_ && !target_ && num.int_digits <= 2 && (num.decimals == 1 || num.decimals == 2)) {
      const bool open = (prev == U'“' || prev == U'"') && p > last_end_; // not the last one's
      const bool close = next == U'”' || next == U'"';
      const std::int64_t scale = num.decimals == 2 ? 100 : 10;
      const int month = static_cast<int>(num.coefficient / scale);
      const int day = static_cast<int>(num.coefficient % scale);
      if ((open || close) && month >= 1 && month <= 12 && day >= 1 && day <= 31) {
        FigureDate d;
        d.month = month;
        d.day = day;
        const std::size_t begin = open ? p - 1 : p;
        const std::size_t end = close ? j + 1 : j;
        number_end_ = j;
        emit_date(begin, end, month, d, "月日", false, out);
        out.back().number_start = p; // inside the quotation marks
        return end;
      }
    }

    // Magnitude, 余/多, unit.
    int magnitude = 0;
    const auto read_magnitude = [&] {
      if (at(j) == U'万' && at(j + 1) == U'亿') magnitude = 12, j += 2;
      else if (at(j) == U'万') magnitude = 4, ++j;
      else if (at(j) == U'亿') magnitude = 8, ++j;
    };
    if (num.exponent_written && (at(j) == U'万' || at(j) == U'亿')) {
      refuse(j, "a number with either an exponent or a magnitude (万, 亿), not both");
      return j;
    }
    read_magnitude();
    const std::size_t number_end = j;
    bool yu = false;
    // 余, 多 and 个多月 qualify report figures; target wording bounds with its own words.
    if (!target_ && (at(j) == U'余' || at(j) == U'多') &&
        (unit_at(j + 1, false, magnitude != 0) || at(j + 1) == U'万' || at(j + 1) == U'亿' ||
         !is_ideograph(at(j + 1)))) {
      yu = true;
      ++j;
      if (!magnitude) read_magnitude();
    }
    std::size_t k = j;
    while (k < n_ && k - j < 3 && is_space(s_[k])) ++k;
    const UnitWord* unit = nullptr;
    std::size_t unit_start = j;
    if (!yu && !target_ && more_months(k)) { // 3个多月: more than three months
      unit = months_word();
      yu = true;
      unit_start = k;
      j = k + 3;
    } else if ((unit = unit_at(k, false, magnitude != 0))) {
      unit_start = k;
      j = k + unit->text.size();
    } else if (target_ && at(k) == U'/') {
      refuse(k, "a unit symbol such as %, ‰, ‱, /10万 or /千人");
      return k;
    }
    number_end_ = number_end;
    unit_start_ = unit_start;
    unit_end_ = j;
    std::string magnitude_word = magnitude == 4    ? "万"
                                 : magnitude == 8  ? "亿"
                                 : magnitude == 12 ? "万亿"
                                                   : "";
    Number scaled = num;
    scaled.exponent += magnitude;
    return finish(num.begin, j, scaled, magnitude, yu, unit, std::move(magnitude_word), out);
  }

  // 人口 inside [from, to): the population of 每万常住人口全科医生数.
  bool people_between(std::size_t from, std::size_t to) const {
    for (std::size_t m = from; m + 1 < to; ++m)
      if (s_[m] == U'人' && s_[m + 1] == U'口') return true;
    return false;
  }

  // 个多月 / 个余月 at i (the 余 inside the unit: 3个多月, 三个余月).
  bool more_months(std::size_t i) const { return starts(i, U"个多月") || starts(i, U"个余月"); }
  static const UnitWord* months_word() {
    for (const auto& w : unit_words)
      if (w.text == U"个月") return &w;
    return nullptr;
  }

  // The unit word at i, or null.
  const UnitWord* unit_at(std::size_t i, bool chinese, bool after_magnitude) const {
    if (i >= n_) return nullptr;
    const UnitWord* best = nullptr;
    for (const auto& w : unit_words) {
      if ((chinese && (w.flags & arabic_only)) || (after_magnitude && (w.flags & no_magnitude)))
        continue;
      if (w.text[0] == s_[i] && starts(i, w.text) && (!best || w.text.size() > best->text.size()))
        best = &w;
    }
    if (best && best->text.size() == 1)
      for (const auto nw : not_units)
        if (starts(i, nw)) return nullptr;
    return best;
  }

  // --- Chinese numerals -------------------------------------------------------------------

  // Parses [i, e) as a Chinese numeral: 三, 十二, 一百二十三, 两千, 三万五千, 一百零五, 三万五 (=
  // 35000), 十万, 一亿二千万; or a digit string 二〇一九. Sets coefficient/exponent (exponent = the
  // place of the last character written, so 两千 is 2×10^3 and 四十 4×10^1).
  static bool parse_chinese_at(const std::u32string& s, std::size_t i, std::size_t e, Number& num) {
    // A digit string (二〇一九, 一二): only as a year, which the caller checks.
    bool digits_only = true;
    for (std::size_t k = i; k < e; ++k)
      if (cn_digit(s[k]) < 0) digits_only = false;
    if (digits_only && e - i > 1) {
      std::int64_t v = 0;
      for (std::size_t k = i; k < e; ++k) v = v * 10 + cn_digit(s[k]);
      num.coefficient = v;
      num.exponent = 0;
      num.chinese_digit_string = true;
      return e - i <= 4;
    }
    std::int64_t yi = 0, wan = 0, section = 0;
    int digit = -1;          // a digit waiting for its unit
    int last_small = 10;     // the last of 十百千 in this section (place), 10 = none yet
    int last_place = 0;      // place of the last unit written (for 三万五 = 35000)
    bool zero_since = false; // 零 after the last unit (一百零五 = 105)
    bool any = false;
    for (std::size_t k = i; k < e; ++k) {
      const char32_t c = s[k];
      const int d = cn_digit(c);
      if (d == 0) {
        if (digit > 0) return false; // 三零
        zero_since = true;
        continue;
      }
      if (d > 0) {
        if (digit > 0) return false; // 一二 (not a numeral but two)
        digit = d;
        any = true;
        continue;
      }
      const int place = cn_unit_place(c);
      if (place <= 3) {
        if (digit < 0) {
          if (place == 1 && section == 0 && k == i) digit = 1; // 十二 = 12
          else return false;                                   // 百, 零百
        }
        if (place >= last_small) return false; // 十百, 三百五百
        section += digit * pow10i(place);
        last_small = place;
      } else if (place == 4) {
        const std::int64_t block = section + (digit > 0 ? digit : 0);
        if (block == 0 || wan != 0) return false;
        wan = block * 10000;
        section = 0;
        last_small = 10;
      } else { // 亿
        const std::int64_t block = wan + section + (digit > 0 ? digit : 0);
        if (block == 0 || yi != 0) return false;
        yi = block * 100000000;
        wan = 0;
        section = 0;
        last_small = 10;
      }
      last_place = place;
      digit = -1;
      zero_since = false;
      any = true;
    }
    if (!any) return false;
    int exponent = 0;
    std::int64_t tail = 0;
    if (digit > 0) {
      // A digit after a unit with no 零 between stands one place below it: 三万五 = 35000,
      // 一百五 = 150; after 零 or with no unit it is the units digit.
      exponent = (zero_since || last_place == 0) ? 0 : last_place - 1;
      if (last_place == 1) exponent = 0;
      tail = digit * pow10i(exponent);
    } else {
      exponent = last_place;
      if (zero_since) return false; // 一百零
    }
    const std::int64_t value = yi + wan + section + tail;
    if (value <= 0) return false;
    const std::int64_t scale = pow10i(exponent);
    if (value % scale != 0) exponent = 0; // cannot happen for a well-formed numeral
    num.coefficient = value / pow10i(exponent);
    num.exponent = exponent;
    return true;
  }
  bool parse_chinese(std::size_t i, std::size_t e, Number& num) const {
    return parse_chinese_at(s_, i, e, num);
  }

  std::size_t chinese(std::size_t p, std::vector<Figure>& out) {
    std::size_t e = p;
    while (e < n_ && is_cn_numeral(s_[e])) ++e;
    const char32_t prev = before(p);
    constexpr std::u32string_view ordinal_before = U"第初周期拜";
    if (cn_unit_place(s_[p]) > 1 || (e - p == 1 && s_[p] == U'零')) {
      refuse(p, "a figure (百, 千 and 万 alone are not numbers)");
      return e;
    }
    if (!target_ && ordinal_before.find(prev) != std::u32string_view::npos) {
      refuse(p, "a figure, not an ordinal (第三, 周一, 初二)");
      return e;
    }
    if (e - p > 24) {
      refuse(p, "a Chinese numeral of at most 24 characters");
      return e;
    }
    Number num;
    if (!parse_chinese(p, e, num)) {
      refuse(p, "a well-formed Chinese numeral (三, 十二, 一百二十三, 两千, 三万五千)");
      return e;
    }
    num.begin = p;
    num.end = e;
    num.chinese = true;
    std::size_t j = e;
    const std::int64_t value = num.coefficient * pow10i(num.exponent);
    // Dates: 二〇一九年, 十一月, 二十日.
    FigureDate d;
    std::string unit;
    std::size_t end = 0;
    if (num.chinese_digit_string) {
      if (at(j) == U'年' && e - p == 4 && value >= 1000) {
        d.year = static_cast<int>(value), unit = "年", end = j + 1;
        if (at(end) == U'度') {
          unit = "年度";
          ++end;
        } else {
          date_tail(end, d, unit, true);
        }
        number_end_ = e;
        emit_date(p, end, d.year, d, std::move(unit), true, out);
        return end;
      }
      refuse(p, "a Chinese numeral such as 十二 (a string of digits such as 二〇一九 is read only "
                "as a year, before 年)");
      return e;
    }
    if (at(j) == U'月' && value >= 1 && value <= 12) {
      d.month = static_cast<int>(value), unit = "月", end = j + 1;
      if (at(end) == U'份') ++end;
      date_tail(end, d, unit, false);
    } else if (at(j) == U'日' && value >= 1 && value <= 31) {
      d.day = static_cast<int>(value), unit = "日", end = j + 1;
    }
    if (end) {
      number_end_ = e;
      emit_date(p, end, static_cast<int>(value), d, std::move(unit), true, out);
      return end;
    }
    // A Chinese numeral counts something when a measure word follows (三家, 五项, 两千人, 五百余
    // 位), or when it ends with 千, 万 or 亿 (两千, 三万五千); otherwise it is a list marker or
    // part of a word (一是, 二、, 一类苗, 一胎, 两卡制, 十三五) and is skipped.
    bool yu = false;
    const UnitWord* word = nullptr;
    std::size_t word_at = j;
    if (!target_ && more_months(j)) { // 三个多月
      word = months_word();
      yu = true;
      j += 3 - 2; // the 个月 word's two characters are added below
    } else {
      if (!target_ && (at(j) == U'余' || at(j) == U'多') && unit_at(j + 1, true, false)) {
        yu = true;
        ++j;
      }
      word_at = j;
      word = unit_at(j, true, false);
    }
    if (word && (word->kind == K::rate)) word = nullptr; // 三%: not how reports write it
    if (!word && (yu || num.exponent < 3)) {
      refuse(p, "a Chinese numeral followed by a measure word (三家, 五项工作, 两千人); 一是, "
                "二、, 一类, 一胎 are list markers and names, not figures");
      return e;
    }
    number_end_ = e;
    unit_start_ = word ? word_at : e;
    if (word) j += word->text.size();
    unit_end_ = word ? j : e;
    return finish(p, j, num, 0, yu, word, "", out);
  }

  // --- Figures ----------------------------------------------------------------------------

  void emit_date(std::size_t begin, std::size_t end, int value, const FigureDate& d,
                 std::string unit, bool chinese, std::vector<Figure>& out) {
    Figure f;
    f.start = begin;
    f.end = end;
    f.text = span(begin, end);
    f.printed = Decimal(value, 0);
    f.value = f.lower = f.upper = value;
    f.unit_kind = FigureUnitKind::date;
    f.unit = std::move(unit);
    f.chinese_numerals = chinese;
    f.date = d;
    f.number_start = begin;
    f.number_end = number_end_;
    f.unit_start = number_end_; // the date's words and later numbers: 年, 月份, -11月
    f.unit_end = end;
    out.push_back(std::move(f));
    last_end_ = end;
  }

  std::string span(std::size_t begin, std::size_t end) const {
    return std::string(original_.substr(bytes_[begin], bytes_[end] - bytes_[begin]));
  }

  // Prefix qualifiers and rate names before the number; bounds; the Figure.
  std::size_t finish(std::size_t begin, std::size_t end, const Number& num, int magnitude, bool yu,
                     const UnitWord* unit, std::string magnitude_word, std::vector<Figure>& out) {
    const std::size_t lo = last_end_;
    Figure f;
    f.printed = Decimal(num.coefficient, num.exponent);
    f.value = f.printed.to_double();
    if (!std::isfinite(f.value)) {
      refuse(begin, "a number within the range of a double");
      return end;
    }
    f.decimals = num.decimals;
    f.magnitude = magnitude;
    f.chinese_numerals = num.chinese;
    if (unit) {
      f.unit_kind = unit->kind;
      f.rate_unit = unit->rate;
      f.unit =
          (unit->kind == K::rate || unit->kind == K::percentage_points || unit->kind == K::units)
              ? std::string(unit->normal)
              : magnitude_word + std::string(unit->normal);
    } else {
      f.unit = std::move(magnitude_word);
    }
    f.number_start = num.begin;
    f.number_end = number_end_;
    f.unit_start = unit_start_;
    f.unit_end = unit_end_;
    // 左右 / 上下 after the figure (not in target mode: the caller reads what follows).
    FigureBound suffix_bound = yu ? FigureBound::more_than : FigureBound::exact;
    if (!target_ && (starts(end, U"左右") || starts(end, U"上下"))) {
      if (!yu) {
        suffix_bound = FigureBound::about;
        end += 2;
      }
    }
    // A rate named before the number: 千人口床位数6.5, 每千人口执业医师数2.5, 每万常住人口50间.
    std::size_t start = begin;
    if (!target_ && (!unit || f.unit_kind == K::count)) {
      std::size_t k = begin;
      while (k > lo && (s_[k - 1] == U'为' || s_[k - 1] == U'达' || s_[k - 1] == U'到' ||
                        s_[k - 1] == U'是' || s_[k - 1] == U':' || s_[k - 1] == U' '))
        --k;
      std::size_t name = k;
      std::optional<Unit> rate;
      const char* normal = nullptr;
      for (std::size_t m = k; m > lo && k - m <= 12; --m) {
        const std::size_t at_m = m - 1;
        if (!is_ideograph(s_[at_m])) break;
        if (starts(at_m, U"千人")) {
          const bool every = at_m > lo && s_[at_m - 1] == U'每';
          if (every || (at(at_m + 2) == U'口' && s_[k - 1] == U'数')) {
            name = every ? at_m - 1 : at_m;
            rate = Unit::per_1000_population();
            normal = "/千人";
          }
          break;
        }
        // 每万(常住)人口 right before the number (每万常住人口50间), or opening an indicator's
        // name that ends in 数 (每万常住人口全科医生数3.6人).
        if (starts(at_m, U"每万") && ((k >= at_m + 4 && s_[k - 2] == U'人' && s_[k - 1] == U'口') ||
                                      (s_[k - 1] == U'数' && people_between(at_m + 2, k - 1)))) {
          name = at_m;
          rate = Unit::per_10k();
          normal = "/万";
          break;
        }
      }
      if (rate) {
        f.density = rate;
        if (unit && s_[k - 1] == U'数') {
          // An indicator's name (千人口床位数, 每万常住人口全科医生数) before a number with its own
          // measure word (6.99张): a density, so a rate in the name's unit, but the name is not
          // part of the figure and the unit printed is the measure word.
          f.unit_kind = K::rate;
          f.rate_unit = rate;
        } else {
          start = name;
          f.unit_kind = K::rate;
          f.rate_unit = rate;
          f.unit = normal;
        }
      }
    }
    // Qualifiers before the number.
    FigureBound prefix_bound = FigureBound::exact;
    if (start == begin && !target_) {
      for (const auto& q : prefixes) {
        const std::size_t w = q.word.size();
        if (begin < lo + w || !starts(begin - w, q.word)) continue;
        const char32_t p = begin - w > 0 ? s_[begin - w - 1] : 0;
        if ((q.word == U"约" || q.word == U"约为") &&
            not_before_yue.find(p) != std::u32string_view::npos)
          break;
        if (q.word == U"近" &&
            (not_before_jin.find(p) != std::u32string_view::npos || f.unit_kind == K::duration))
          break;                                    // 近5年: the last five years
        if (q.word == U"超过" && p == U'不') break; // 不超过: a target's "at most"
        prefix_bound = q.bound;
        start = begin - w;
        break;
      }
    }
    if (prefix_bound != FigureBound::exact && suffix_bound != FigureBound::exact &&
        prefix_bound != suffix_bound) {
      start = begin; // 不到100余人: the words disagree; the nearer one counts
      prefix_bound = FigureBound::exact;
    }
    f.bound = prefix_bound != FigureBound::exact ? prefix_bound : suffix_bound;
    bounds(f, yu, prefix_bound == FigureBound::more_than);
    f.start = start;
    f.end = end;
    f.text = span(start, end);
    out.push_back(std::move(f));
    last_end_ = end;
    return end;
  }

  // lower/upper (docs/figures.md §4): the rounding range, widened or cut by the qualifier.
  static void bounds(Figure& f, bool yu, bool open_above) {
    const DecimalRange r = rounding_range(f.printed);
    const double v = f.value;
    // One unit of the last digit printed, and of the lowest non-zero digit.
    const double unit = std::pow(10.0, f.printed.exponent());
    std::int64_t c = f.printed.coefficient();
    int k = f.printed.exponent();
    while (c != 0 && c % 10 == 0) c /= 10, ++k;
    const double step = std::pow(10.0, k);
    const double vague = std::max(unit, 0.05 * std::abs(v));
    switch (f.bound) {
    case FigureBound::exact:
      f.lower = r.lower;
      f.upper = r.upper;
      break;
    case FigureBound::about:
      f.lower = std::min(v - vague, r.lower);
      f.upper = std::max(v + vague, r.upper);
      break;
    case FigureBound::nearly:
      f.lower = v - vague;
      f.upper = v;
      break;
    case FigureBound::more_than:
      f.lower = v;
      f.upper = yu && !open_above ? v + step : no_bound;
      break;
    case FigureBound::less_than:
      f.lower = v >= 0 ? 0 : -no_bound;
      f.upper = v;
      break;
    }
    if (!std::isfinite(f.lower) || !std::isfinite(f.upper)) f.lower = f.upper = v;
  }

  std::string_view original_;
  const std::u32string& s_;
  const std::vector<std::size_t>& bytes_;
  std::size_t n_;
  Refusal* refusal_;
  bool target_ = false;
  std::size_t last_end_ = 0;
  // The spans of the figure being made (Figure::number_end, unit_start, unit_end), set by
  // arabic() and chinese() before finish() or emit_date().
  std::size_t number_end_ = 0, unit_start_ = 0, unit_end_ = 0;
};

std::vector<Figure> scan(std::string_view text, const char* field, Refusal* refusal) {
  const detail::DecodedText d = detail::decode_utf8(text, field, true);
  return Scanner(text, d, refusal).run();
}

bool is_space_cp(char32_t c) { return is_space(c) || c == 0x3000; }

} // namespace

std::vector<Figure> read_figures(std::string_view utf8_text) {
  return scan(utf8_text, "text", nullptr);
}

Figure read_figure(std::string_view text, std::string_view field) {
  const std::string f(field);
  Refusal refusal;
  std::vector<Figure> figures = scan(text, f.c_str(), &refusal);
  // Code points of the text without the spaces around it.
  std::size_t n = 0, first = std::string_view::npos, last = 0;
  for (std::size_t b = 0; b < text.size(); ++n) {
    char32_t c = 0;
    b += detail::decode_utf8_at(text, b, c); // well-formed: scan checked it
    if (!is_space_cp(c)) {
      if (first == std::string_view::npos) first = n;
      last = n + 1;
    }
  }
  const std::string shown = detail::printable_utf8(text, 200);
  const char* example = "a figure such as 94.13%, 1,600人, 1.45万元, 3.56个百分点 or 三家";
  if (first == std::string_view::npos) throw parse_error(f, shown, n, example);
  if (figures.size() == 1 && figures[0].start == first && figures[0].end == last)
    return std::move(figures[0]);
  if (figures.empty() || figures[0].start > first) {
    const std::size_t until = figures.empty() ? n : figures[0].start;
    if (refusal.set && refusal.position < until)
      throw parse_error(f, shown, refusal.position, refusal.expected);
    throw parse_error(f, shown, first, example);
  }
  const Figure& a = figures[0];
  if (refusal.set && refusal.position >= a.end)
    throw parse_error(f, shown, refusal.position, refusal.expected);
  throw parse_error(f, shown, a.end,
                    "the end of the figure '" + a.text +
                        "' (one figure: number, magnitude, unit "
                        "and qualifier)");
}

namespace detail {

FigureAt figure_at(std::string_view original, const DecodedText& text, std::size_t position,
                   FigureReadMode mode) {
  FigureAt r;
  Refusal refusal;
  if (position < text.size())
    r.figure = Scanner(original, text, &refusal, mode).at_position(position);
  else refusal = {true, text.size(), "a number"};
  if (!r.figure) {
    r.refused_at = refusal.set ? refusal.position : position;
    r.expected = refusal.set ? refusal.expected : "a number";
  }
  return r;
}

} // namespace detail

Figure read_figure_at(std::string_view text, std::size_t position, FigureReadMode mode,
                      std::string_view field) {
  const std::string f(field);
  const detail::DecodedText d = detail::decode_utf8(text, f.c_str(), true);
  detail::FigureAt r = detail::figure_at(text, d, position, mode);
  if (!r.figure) throw parse_error(f, detail::printable_utf8(text, 200), r.refused_at, r.expected);
  return std::move(*r.figure);
}

std::string_view to_string(FigureBound bound) noexcept {
  switch (bound) {
  case FigureBound::exact: return "exact";
  case FigureBound::about: return "about";
  case FigureBound::more_than: return "more_than";
  case FigureBound::nearly: return "nearly";
  case FigureBound::less_than: return "less_than";
  }
  return "exact";
}

std::string_view to_string(FigureUnitKind kind) noexcept {
  switch (kind) {
  case FigureUnitKind::none: return "none";
  case FigureUnitKind::rate: return "rate";
  case FigureUnitKind::percentage_points: return "percentage_points";
  case FigureUnitKind::count: return "count";
  case FigureUnitKind::money: return "money";
  case FigureUnitKind::date: return "date";
  case FigureUnitKind::duration: return "duration";
  case FigureUnitKind::units: return "units";
  }
  return "none";
}

} // namespace zhibiao
