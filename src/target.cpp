#include "zhibiao/target.hpp"

#include "zhibiao/detail/figure_reader.hpp"
#include "zhibiao/detail/utf8.hpp"

#include "zhibiao/decimal.hpp"
#include "zhibiao/detail/format.hpp"
#include "zhibiao/detail/names.hpp"
#include "zhibiao/error.hpp"
#include "zhibiao/expression.hpp"
#include "zhibiao/figure.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdlib>
#include <numeric>

namespace zhibiao {

namespace {

constexpr std::array<std::string_view, 6> level_names{"unspecified", "national", "provincial",
                                                      "prefectural", "county",   "township"};

// Wording → comparison (docs/targets.md §2). A word before the number is a prefix (不低于90%), one
// after it a suffix (90%以上); at most one of each, and when both are written they must agree
// (达到90%以上, 控制在10%以内). At each position the longest word is taken, so that 不低于 is not
// read as 低于.
//   reach: the word says a level is to be reached (达到, 完成, 提高到, 下降到, 控制在); with a
//          suffix, the suffix decides the comparison (达到90%以上 is ≥, 提高到100% is = 100 %).
//   neutral: the word gives no direction of its own (保持在): it needs a suffix.
//   needs_number: a word that is one only right before a number (达90%; 完成1200例), and
//          otherwise prose (达标率, 完成率).
struct Wording {
  std::u32string_view word;
  Bound bound;
  bool suffix = false;
  bool reach = false;
  bool neutral = false;
  bool needs_number = false;
};
constexpr std::array<Wording, 61> wordings{{
    {U"不低于", Bound::at_least},
    {U"不少于", Bound::at_least},
    {U"不小于", Bound::at_least},
    {U"不超过", Bound::at_most},
    {U"不高于", Bound::at_most},
    {U"不大于", Bound::at_most},
    {U"不多于", Bound::at_most},
    {U"控制在", Bound::at_most, false, true},
    {U"保持在", Bound::at_least, false, true, true},
    {U"稳定在", Bound::at_least, false, true, true},
    {U"至少", Bound::at_least},
    {U"达到", Bound::at_least, false, true},
    {U"达", Bound::at_least, false, true, false, true},
    {U"完成", Bound::at_least, false, true, false, true},
    // A level to reach (孕产妇死亡率下降到12/10万: ≤ 12/10万), not a change on a baseline.
    {U"下降到", Bound::at_most, false, true},
    {U"下降至", Bound::at_most, false, true},
    {U"降低到", Bound::at_most, false, true},
    {U"降低至", Bound::at_most, false, true},
    {U"减少到", Bound::at_most, false, true},
    {U"减少至", Bound::at_most, false, true},
    {U"降到", Bound::at_most, false, true},
    {U"降至", Bound::at_most, false, true},
    {U"减至", Bound::at_most, false, true},
    {U"减到", Bound::at_most, false, true},
    {U"提高到", Bound::at_least, false, true},
    {U"提高至", Bound::at_least, false, true},
    {U"提升到", Bound::at_least, false, true},
    {U"提升至", Bound::at_least, false, true},
    {U"增加到", Bound::at_least, false, true},
    {U"增加至", Bound::at_least, false, true},
    {U"增长到", Bound::at_least, false, true},
    {U"增长至", Bound::at_least, false, true},
    {U"上升到", Bound::at_least, false, true},
    {U"上升至", Bound::at_least, false, true},
    {U"升至", Bound::at_least, false, true},
    {U"升到", Bound::at_least, false, true},
    {U"超过", Bound::more_than},
    {U"高于", Bound::more_than},
    {U"大于", Bound::more_than},
    {U"多于", Bound::more_than},
    {U"最多", Bound::at_most},
    {U"低于", Bound::less_than},
    {U"少于", Bound::less_than},
    {U"小于", Bound::less_than},
    // 不到, 不足: below, not reaching (不到90% is < 90 %), as the figure reader bounds 不到2万.
    {U"不到", Bound::less_than},
    {U"不足", Bound::less_than},
    {U">=", Bound::at_least},
    {U"<=", Bound::at_most},
    {U"≥", Bound::at_least},
    {U"≤", Bound::at_most},
    {U"≧", Bound::at_least},
    {U"≦", Bound::at_most},
    {U">", Bound::more_than},
    {U"<", Bound::less_than},
    {U"=", Bound::equal_to},
    {U"以上", Bound::at_least, true},
    {U"及以上", Bound::at_least, true},
    {U"以内", Bound::at_most, true},
    {U"以下", Bound::at_most, true},
    {U"及以下", Bound::at_most, true},
    {U"之内", Bound::at_most, true},
}};

bool is_digit(char32_t c) { return c >= U'0' && c <= U'9'; }
bool is_space(char32_t c) { return c == U' ' || c == U'\t' || c == U'\n' || c == U'\r'; }
bool is_sign(char32_t c) { return c == U'+' || c == U'-' || c == U'−'; } // − U+2212 MINUS SIGN

// Whether a number starts at s[i]: a digit, a point before a digit (.5), or a sign before either.
bool number_starts(const std::u32string& s, std::size_t i) {
  if (i < s.size() && is_sign(s[i])) ++i;
  if (i < s.size() && s[i] == U'.') ++i;
  return i < s.size() && is_digit(s[i]);
}

constexpr std::u32string_view range_separators[] = {U"-", U"~", U"至", U"到", U"—", U"–"};

const Wording* wording_at(const std::u32string& s, std::size_t i);

// The longest comparison word at s[i], or null. A needs_number word counts only right before a
// number (spaces allowed).
const Wording* wording_at(const std::u32string& s, std::size_t i) {
  const Wording* best = nullptr;
  for (const auto& w : wordings)
    if (s.compare(i, w.word.size(), w.word) == 0 && (!best || w.word.size() > best->word.size()))
      best = &w;
  if (best && best->needs_number) {
    std::size_t j = i + best->word.size();
    while (j < s.size() && is_space(s[j])) ++j;
    if (!number_starts(s, j)) return nullptr;
  }
  return best;
}

// The nouns a counted bound can carry (不少于1,000人, 完成1,200例以上, 不低于500剂次, 达到3家以上),
// longest first where one begins another (人次 before 人), and 岁 (人均预期寿命达到79岁). Not 年
// (a date), nor 天 or 小时 (durations).
constexpr std::array<std::u32string_view, 40> count_nouns{
    U"人次", U"剂次", U"针次", U"例次", U"场次", U"户次", U"台次", U"人", U"例", U"岁",
    U"剂",   U"针",   U"家",   U"所",   U"个",   U"次",   U"对",   U"份", U"本", U"间",
    U"张",   U"名",   U"户",   U"件",   U"场",   U"支",   U"瓶",   U"台", U"辆", U"床",
    U"处",   U"项",   U"种",   U"篇",   U"批",   U"块",   U"条",   U"座", U"元", U"起"};

// Wording that measures against a baseline (an Improvement, docs/targets.md), not a fixed bound:
// 较上年提高2个百分点, 不高于近5年平均水平, 不低于2023年水平. Read as a threshold, its figure (2,
// 5, 2023) would be a bound nobody set. (水平 only after 年 or 期: 上年水平, 同期水平; 健康素养水平
// is the name of an indicator.)
constexpr std::array<std::u32string_view, 24> baseline_words{
    U"较",   U"同比", U"环比", U"上年",   U"去年", U"同期", U"基线", U"基期",
    U"平均", U"均值", U"水平", U"百分点", U"提高", U"降低", U"下降", U"增长",
    U"增加", U"减少", U"上升", U"持续",   U"逐年", U"近",   U"提升", U"升高"};

constexpr std::u32string_view chinese_numerals = U"一二三四五六七八九十两";

struct Number {
  double value;
  std::size_t begin, end;   // code-point range of the number (with its magnitude)
  std::optional<Unit> unit; // the rate symbol after it, if any
  std::size_t unit_begin, unit_end;
  std::string noun; // the counted noun after it (人, 例, 家, 元), if any
  std::size_t noun_begin, noun_end;
  FigureUnitKind kind;  // what the figure reader made of the word after it
  std::size_t word_end; // the end of that word (个百分点 of an improvement's amount)
};

// Target wording reads every number through the figure reader (figure.hpp, in target mode:
// signs, thousands groups refused when malformed, .5, 1e3, 万 and 亿 applied exactly, the unit
// symbols and the measure words), so that a figure means the same here as in a report. What is
// left here is the wording's policy: which of those words a threshold may count (count_nouns).
class Reader {
public:
  Reader(const detail::DecodedText& d, const std::string& original)
      : d_(d), s_(d.code_points), original_(original) {}

  [[noreturn]] void fail(std::size_t at, const std::string& expected) const {
    throw parse_error("target", original_, at, expected);
  }

  void skip_space(std::size_t& i) const {
    while (i < s_.size() && is_space(s_[i])) ++i;
  }

  const std::u32string& text() const { return s_; }

  /// The figure at i, or where and why there is none.
  detail::FigureAt figure(std::size_t i) const {
    return detail::figure_at(original_, d_, i, FigureReadMode::target);
  }

  /// The figure at i when its number is written in digits alone (the 5 of 5岁以下, the 2015 of
  /// 较2015年): no sign, point, separator, exponent or magnitude.
  std::optional<Figure> integer(std::size_t i) const {
    if (i >= s_.size() || !is_digit(s_[i])) return std::nullopt;
    detail::FigureAt r = figure(i);
    if (!r.figure) return std::nullopt;
    for (std::size_t k = r.figure->number_start; k < r.figure->number_end; ++k)
      if (!is_digit(s_[k])) return std::nullopt;
    return std::move(r.figure);
  }

  /// The number at i and the unit symbol or counted noun after it, i past them (or past the
  /// spaces after the number when neither is written); refused where the figure reader refuses.
  /// A measure word a threshold does not count (100头, 5年, 2个百分点) is left at i for the
  /// caller: kind and word_end say what it is.
  Number number(std::size_t& i) const {
    const detail::FigureAt r = figure(i);
    if (!r.figure) fail(r.refused_at, r.expected);
    const Figure& f = *r.figure;
    std::size_t after = f.number_end;
    skip_space(after);
    if (f.unit_start < f.unit_end) after = f.unit_start;
    Number n{f.value, f.number_start, f.number_end, std::nullopt, after,     after,
             {},      after,          after,        f.unit_kind,  f.unit_end};
    i = after;
    if (f.unit_kind == FigureUnitKind::rate && f.rate_unit) {
      n.unit = f.rate_unit;
      n.unit_end = i = f.unit_end;
    } else if (f.unit_kind == FigureUnitKind::count || f.unit_kind == FigureUnitKind::money ||
               f.unit_kind == FigureUnitKind::duration) {
      const std::u32string_view word(s_.data() + f.unit_start, f.unit_end - f.unit_start);
      if (std::find(count_nouns.begin(), count_nouns.end(), word) != count_nouns.end()) {
        n.noun = detail::utf8_of(word);
        n.noun_end = i = f.unit_end;
      }
    }
    return n;
  }

  /// A whole number of years (近5年, 近五年): 1 to 100, in digits or Chinese numerals; i past the
  /// number.
  std::optional<int> years(std::size_t& i) const {
    if (i >= s_.size() ||
        (!is_digit(s_[i]) && chinese_numerals.find(s_[i]) == std::u32string_view::npos))
      return std::nullopt;
    const detail::FigureAt r = figure(i);
    if (!r.figure) {
      if (is_digit(s_[i])) fail(r.refused_at, r.expected);
      return std::nullopt; // not a numeral (近几年)
    }
    const double v = r.figure->value;
    if (!(v >= 1 && v <= 100) || v != std::floor(v)) fail(i, "a number of years from 1 to 100");
    i = r.figure->number_end;
    return static_cast<int>(v);
  }

private:
  const detail::DecodedText& d_;
  const std::u32string& s_;
  const std::string& original_;
};

// A number that is part of the subject's name, not the target's figure: an age or age band
// (5岁以下儿童死亡率, 0-6岁儿童, 65岁及以上老年人, 0-36个月) or a type (2型糖尿病). Returns the
// end of the name's number and its word (and of 及以上/以下 after an age), or npos.
std::size_t name_number_end(const Reader& r, std::size_t i) {
  const std::u32string& s = r.text();
  const std::optional<Figure> age = r.integer(i);
  if (!age) return std::u32string::npos;
  std::size_t k = age->number_end;
  if (k < s.size() && (s[k] == U'-' || s[k] == U'~' || s[k] == U'至' || s[k] == U'—') &&
      k + 1 < s.size() && is_digit(s[k + 1])) {
    const std::optional<Figure> to = r.integer(k + 1);
    if (!to) return std::u32string::npos;
    k = to->number_end;
  }
  for (const std::u32string_view word : {U"周岁", U"岁", U"型", U"月龄", U"个月"})
    if (s.compare(k, word.size(), word) == 0) {
      k += word.size();
      for (const std::u32string_view after : {U"及以上", U"及以下", U"以上", U"以下"})
        if (word != U"型" && s.compare(k, after.size(), after) == 0) {
          k += after.size();
          break;
        }
      // A name goes on (儿童, 老年人, 糖尿病): at the end, before a range or a comparison the
      // number is the figure itself (65岁以上, 5岁–10岁, as describe() prints an age).
      if (k >= s.size() || is_space(s[k]) || is_digit(s[k]) || wording_at(s, k)) break;
      for (const auto sep : range_separators)
        if (s.compare(k, sep.size(), sep) == 0) return std::u32string::npos;
      return k;
    }
  return std::u32string::npos;
}

int direction_of(Bound b) {
  if (b == Bound::at_least || b == Bound::more_than) return 1;
  if (b == Bound::at_most || b == Bound::less_than) return -1;
  return 0;
}

std::string number_text(double x) { return Decimal::from_double(x).to_string(); }

} // namespace

std::string_view to_string(SettingLevel level) noexcept {
  return detail::name_of(level_names, level);
}

SettingLevel parse_setting_level(std::string_view text) {
  if (const auto found = detail::find_name<SettingLevel>(level_names, text)) return *found;
  const std::pair<std::string_view, SettingLevel> chinese[] = {
      {"国家", SettingLevel::national},  {"省", SettingLevel::provincial},
      {"市", SettingLevel::prefectural}, {"州", SettingLevel::prefectural},
      {"县", SettingLevel::county},      {"区", SettingLevel::county},
      {"乡", SettingLevel::township},    {"镇", SettingLevel::township}};
  for (const auto& [word, level] : chinese)
    if (text.find(word) != std::string_view::npos) return level;
  throw invalid_input("level",
                      "unknown setting level '" + std::string(text) +
                          "'; expected national, provincial, prefectural, county or township");
}

// --- Threshold ------------------------------------------------------------------------------

Threshold Threshold::parse(std::string_view text, const ThresholdOptions& options) {
  // Code points with full-width forms folded (detail/utf8.hpp): ９０％, ＞＝, １，０００ and ～
  // read as 90%, >=, 1,000 and ~; positions in errors count characters.
  const detail::DecodedText decoded = detail::decode_utf8(text, "target", true);
  const std::u32string& s = decoded.code_points;
  const std::string original(text);
  const Reader read(decoded, original);
  const auto refuse = [&](std::size_t at, const std::string& expected) { read.fail(at, expected); };

  // 1. Baseline-relative wording is an Improvement, never a threshold; nor is a year (2025年)
  //    part of one. Either is refused where it starts. A level to reach (提高到95%, 降至5‰) is a
  //    threshold: the change word inside it is not baseline wording.
  std::optional<std::size_t> baseline, year;
  std::size_t reach_end = 0; // the end of the last level-to-reach word seen
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (const Wording* w = wording_at(s, i); w && w->reach) reach_end = i + w->word.size();
    if (i >= reach_end)
      for (const auto w : baseline_words)
        if (!baseline && s.compare(i, w.size(), w) == 0 &&
            (w != U"近" ||
             (i + 1 < s.size() && (is_digit(s[i + 1]) || chinese_numerals.find(s[i + 1]) !=
                                                             std::u32string_view::npos))) &&
            (w != U"水平" || (i > 0 && (s[i - 1] == U'年' || s[i - 1] == U'期'))) &&
            s.compare(i + w.size(), 1, U"率") != 0) // 增长率, 下降率: the name of a rate
          baseline = i;
    if (!year && is_digit(s[i]) && (i == 0 || !is_digit(s[i - 1])))
      if (const auto f = read.integer(i);
          f && f->number_end < s.size() && s[f->number_end] == U'年')
        year = i;
  }
  if (baseline)
    refuse(year && *year < *baseline ? *year : *baseline,
           "a fixed bound such as 90%: baseline-relative targets (较上年提高, 近5年平均水平, "
           "2023年水平) are not thresholds but improvements on a baseline: read them with "
           "Improvement::parse");
  if (year) refuse(*year, "a threshold without a year: 2025年 is a date, not part of the bound");

  // 2. Prose, then at most one comparison word before the number.
  std::size_t i = 0;
  const Wording* prefix = nullptr;
  std::size_t prefix_at = 0;
  while (i < s.size()) {
    if (number_starts(s, i)) {
      const std::size_t name_end = name_number_end(read, i);
      if (name_end == std::u32string::npos) break;
      i = name_end; // 5岁以下儿童死亡率≤6.6‰: 5岁以下 names the children
      continue;
    }
    if (const Wording* w = wording_at(s, i)) {
      if (w->suffix) refuse(i, "a number before '" + detail::utf8_of(w->word) + "'");
      prefix = w;
      prefix_at = i;
      i += w->word.size();
      read.skip_space(i);
      if (i < s.size() && wording_at(s, i))
        refuse(i,
               "a number after '" + detail::utf8_of(w->word) + "', not a second comparison word");
      if (!number_starts(s, i)) {
        if (i == s.size()) break;
        refuse(i, "a number after '" + detail::utf8_of(w->word) + "'");
      }
      break;
    }
    ++i;
  }
  if (i == s.size()) refuse(s.size(), "a number such as 90%");

  // 3. The number, or a range of two.
  const Number a = read.number(i);
  std::optional<Number> b;
  {
    std::size_t j = i;
    read.skip_space(j);
    for (const auto sep : range_separators)
      if (s.compare(j, sep.size(), sep) == 0) {
        std::size_t k = j + sep.size();
        read.skip_space(k);
        if (number_starts(s, k)) {
          b = read.number(k);
          i = k;
        }
        break;
      }
  }

  // 4. At most one comparison word after it, 之间 after a range, and nothing else.
  read.skip_space(i);
  const Wording* suffix = nullptr;
  std::size_t suffix_at = i;
  if (i < s.size())
    if (const Wording* w = wording_at(s, i)) {
      if (!w->suffix ||
          (prefix && !prefix->neutral && direction_of(prefix->bound) != 0 &&
           direction_of(prefix->bound) != direction_of(w->bound)) ||
          (prefix && direction_of(prefix->bound) == 0))
        refuse(i, prefix ? "the end of the target: '" + detail::utf8_of(prefix->word) + "' and '" +
                               detail::utf8_of(w->word) + "' do not agree"
                         : "the end of the target, not a comparison word after the number");
      suffix = w;
      i += w->word.size();
    }
  if (b && s.compare(i, 2, U"之间") == 0) i += 2;
  read.skip_space(i);
  if (i < s.size() && s[i] == U'。') ++i;
  read.skip_space(i);
  if (i < s.size()) {
    const Number& last = b ? *b : a;
    if (!last.unit && last.noun.empty() && last.unit_end == i && !number_starts(s, i) &&
        s[i] >= 0x2E80)
      refuse(i, "a unit a threshold can have after the number: %, ‰, ‱, /10万, /千人, a counted "
                "noun (人, 人次, 例, 剂次, 家, 所, 个, 元, ...; docs/targets.md §2) or none");
    refuse(i, "the end of the target (one number or one range, with its unit)");
  }

  Threshold t;
  if (b) {
    if (prefix && prefix->word != U"控制在" && !prefix->neutral)
      refuse(prefix_at, "a range without a comparison word ('" + detail::utf8_of(prefix->word) +
                            "' and a range do not go together)");
    if (suffix) refuse(suffix_at, "the end of the range");
    if (a.unit && b->unit && !(*a.unit == *b->unit))
      refuse(b->unit_begin, "the unit of the lower end");
    if ((a.unit && !b->noun.empty()) || (b->unit && !a.noun.empty()))
      refuse(b->unit ? b->unit_begin : b->noun_begin, "the unit of the lower end");
    if (!a.noun.empty() && !b->noun.empty() && a.noun != b->noun)
      refuse(b->noun_begin, "the counted noun of the lower end ('" + a.noun + "')");
    t.bound = Bound::within;
    t.value = a.value;
    t.upper = b->value;
    t.unit = b->unit.value_or(a.unit.value_or(Unit::ratio()));
    t.count_unit = b->noun.empty() ? a.noun : b->noun;
    if (t.upper < t.value) refuse(b->begin, "an upper end not below the lower end");
  } else {
    if (!prefix && !suffix) refuse(0, "a comparison such as ≥, 以上, 不低于, 低于, 以内 or 不超过");
    if (prefix && prefix->neutral && !suffix)
      refuse(a.unit           ? a.unit_end
             : a.noun.empty() ? a.end
                              : a.noun_end,
             "a comparison after the number ('" + detail::utf8_of(prefix->word) +
                 "' says neither ≥ nor ≤: 保持在90%以上)");
    t.value = a.value;
    t.unit = a.unit.value_or(Unit::ratio());
    t.count_unit = a.noun;
    // With a word on both sides the suffix decides, unless the prefix is a strict one (超过90%以上
    // is > 90 %); 达到, 控制在 and the other level-to-reach words only say a target is to be
    // reached.
    t.bound = !suffix || (prefix && !prefix->reach) ? prefix->bound : suffix->bound;
    // docs/targets.md §2: 达到100% (提高到100%) means = 100 % (nothing can exceed a whole).
    if (prefix && prefix->reach && !prefix->neutral && prefix->bound == Bound::at_least &&
        !suffix && t.unit == Unit::percent() && t.value == 100)
      t.bound = Bound::equal_to;
  }
  // The unit the caller expects (the indicator's): a different one is refused, not converted; a
  // bare number takes it only when that unit prints bare too. A counted noun is a ratio's.
  if (options.unit) {
    const Number& last = b ? *b : a;
    const bool counted = !t.count_unit.empty();
    if (t.unit == *options.unit) {
    } else if (!counted && !a.unit && !(b && b->unit) &&
               options.unit->suffix(Language::zh).empty()) {
      t.unit = *options.unit;
    } else {
      const std::string_view want = options.unit->suffix(Language::zh).empty()
                                        ? options.unit->code()
                                        : options.unit->suffix(Language::zh);
      const bool written = a.unit || (b && b->unit);
      refuse(last.unit ? last.unit_begin
             : counted ? (last.noun.empty() ? a.noun_begin : last.noun_begin)
                       : last.end,
             "the unit " + std::string(want) + " (the indicator's); the text gives " +
                 (written   ? std::string(t.unit.suffix(Language::zh))
                  : counted ? "a count of " + t.count_unit
                            : std::string("no unit")));
    }
  }
  if (options.strict) {
    if (*options.strict && t.bound == Bound::at_least) t.bound = Bound::more_than;
    else if (*options.strict && t.bound == Bound::at_most) t.bound = Bound::less_than;
    else if (!*options.strict && t.bound == Bound::more_than) t.bound = Bound::at_least;
    else if (!*options.strict && t.bound == Bound::less_than) t.bound = Bound::at_most;
  }
  return t;
}

bool Threshold::met_by(double x) const noexcept {
  switch (bound) {
  case Bound::at_least: return x >= value;
  case Bound::more_than: return x > value;
  case Bound::at_most: return x <= value;
  case Bound::less_than: return x < value;
  case Bound::equal_to: return x == value;
  case Bound::within: return x >= value && x <= upper;
  }
  return false;
}

double Threshold::shortfall(double x) const {
  // A NaN met no bound and came out as a NaN shortfall; -inf as an infinite one (issue 14).
  if (!std::isfinite(x))
    throw invalid_input("value", "must be a finite number, got " + detail::full_precision_text(x));
  if (met_by(x)) return 0.0;
  double d = 0.0;
  switch (bound) {
  case Bound::at_least:
  case Bound::more_than: d = value - x; break;
  case Bound::at_most:
  case Bound::less_than: d = x - value; break;
  case Bound::equal_to: d = std::abs(x - value); break;
  case Bound::within: d = x < value ? value - x : x - upper; break;
  }
  if (!std::isfinite(d))
    throw invalid_input("value",
                        "makes the shortfall overflow (溢出): " + detail::full_precision_text(x) +
                            " is beyond the largest double from the bound");
  return d;
}

std::optional<bool> Threshold::higher_is_better() const noexcept {
  if (bound == Bound::at_least || bound == Bound::more_than) return true;
  if (bound == Bound::at_most || bound == Bound::less_than) return false;
  return std::nullopt;
}

std::string Threshold::describe(Language language) const {
  // A counted noun prints after the number as written (≥1000人); parse reads it back.
  const std::string suffix = count_unit.empty() ? std::string(unit.suffix(language)) : count_unit;
  const std::string v = number_text(value) + suffix;
  if (language == Language::zh) {
    switch (bound) {
    case Bound::at_least: return "≥" + v;
    case Bound::more_than: return ">" + v;
    case Bound::at_most: return "≤" + v;
    case Bound::less_than: return "<" + v;
    case Bound::equal_to: return "=" + v;
    case Bound::within: return number_text(value) + suffix + "–" + number_text(upper) + suffix;
    }
  }
  switch (bound) {
  case Bound::at_least: return "at least " + v;
  case Bound::more_than: return "more than " + v;
  case Bound::at_most: return "at most " + v;
  case Bound::less_than: return "less than " + v;
  case Bound::equal_to: return "equal to " + v;
  case Bound::within: return "between " + v + " and " + number_text(upper) + suffix;
  }
  return v;
}

// --- Improvement ------------------------------------------------------------------------------

namespace {

constexpr std::array<std::string_view, 6> improvement_kind_names{
    "points", "relative", "better", "trend", "not_worse_than_average", "not_worse_than_baseline"};

// The words of an improvement (docs/targets.md §6). A change verb gives the better direction.
struct Change {
  std::u32string_view word;
  Direction direction;
};
constexpr std::array<Change, 13> change_verbs{{
    {U"提高", Direction::higher_is_better},
    {U"提升", Direction::higher_is_better},
    {U"增加", Direction::higher_is_better},
    {U"增长", Direction::higher_is_better},
    {U"上升", Direction::higher_is_better},
    {U"升高", Direction::higher_is_better},
    {U"增高", Direction::higher_is_better},
    {U"下降", Direction::lower_is_better},
    {U"降低", Direction::lower_is_better},
    {U"减少", Direction::lower_is_better},
    {U"减低", Direction::lower_is_better},
    {U"回落", Direction::lower_is_better},
    {U"减小", Direction::lower_is_better},
}};

// An adverb before the verb: a trend (every year better than the one before) or simply better.
struct Adverb {
  std::u32string_view word;
  ImprovementKind kind;
};
constexpr std::array<Adverb, 9> adverbs{{
    {U"有所", ImprovementKind::better},
    {U"进一步", ImprovementKind::better},
    {U"逐步", ImprovementKind::better},
    {U"稳步", ImprovementKind::better},
    {U"逐年", ImprovementKind::trend},
    {U"持续", ImprovementKind::trend},
    {U"不断", ImprovementKind::trend},
    {U"连续", ImprovementKind::trend},
    {U"继续", ImprovementKind::trend},
}};

// A baseline the caller gives the value of: the previous year (上年, 去年), the same period last
// year (同期), the previous period (上期) or a base year set elsewhere (基线). Longest first.
constexpr std::array<std::u32string_view, 13> relative_baselines{
    U"上年同期", U"去年同期", U"上一年度", U"上年度", U"上一年", U"前一年", U"上年",
    U"去年",     U"同期",     U"上期",     U"基线",   U"基期",   U"基准年"};

// Words before a number of years (近5年平均水平).
constexpr std::array<std::u32string_view, 4> recent{U"近", U"前", U"过去", U"最近"};
constexpr std::array<std::u32string_view, 5> averages{U"平均水平", U"平均值", U"平均数", U"均值",
                                                      U"平均"};

constexpr const char* threshold_hint =
    "an improvement on a baseline (较上年提高2个百分点, 下降10%, 逐年下降, 不低于上年水平): a "
    "level to reach or a fixed bound (提高到95%, 降至5‰, 不低于90%) is a threshold: read it with "
    "Threshold::parse";

template <class T, std::size_t N>
const T* longest_at(const std::array<T, N>& table, const std::u32string& s, std::size_t i,
                    std::u32string_view T::*word) {
  const T* best = nullptr;
  for (const auto& e : table)
    if (s.compare(i, (e.*word).size(), e.*word) == 0 &&
        (!best || (e.*word).size() > (best->*word).size()))
      best = &e;
  return best;
}

class ImprovementReader {
public:
  ImprovementReader(const detail::DecodedText& d, const std::string& original)
      : s_(d.code_points), read_(d, original) {}

  [[noreturn]] void fail(std::size_t at, const std::string& expected) const {
    read_.fail(at, expected);
  }
  bool at(std::size_t i, std::u32string_view w) const { return s_.compare(i, w.size(), w) == 0; }

  // A change verb at i, not the name of a rate (增长率, 降低率).
  const Change* verb(std::size_t i) const {
    const Change* c = longest_at(change_verbs, s_, i, &Change::word);
    return c && !at(i + c->word.size(), U"率") ? c : nullptr;
  }
  const Adverb* adverb(std::size_t i) const {
    const Adverb* a = longest_at(adverbs, s_, i, &Adverb::word);
    // 持续 names no trend before a noun (持续时间); an adverb is followed by its verb.
    return a && verb(i + a->word.size()) ? a : nullptr;
  }
  // A comparison with a level (不低于上年水平): a comparison word with a direction.
  const Wording* comparison(std::size_t i) const {
    const Wording* w = wording_at(s_, i);
    return w && !w->suffix && !w->reach && direction_of(w->bound) != 0 ? w : nullptr;
  }
  const Wording* reach(std::size_t i) const {
    const Wording* w = wording_at(s_, i);
    return w && w->reach ? w : nullptr;
  }

  // A baseline at i (上年, 去年同期, 2015年, 2015年度): true and `end` past it, `period` the year
  // when it names one. A year outside the calendar (1400–9999) is refused.
  bool baseline(std::size_t i, std::size_t& end, std::optional<Period>& period) const {
    for (const auto w : relative_baselines)
      if (at(i, w)) {
        end = i + w.size();
        period = std::nullopt;
        return true;
      }
    const std::optional<Figure> year = read_.integer(i);
    if (!year) return false;
    const std::size_t j = year->number_end;
    if (j >= s_.size() || s_[j] != U'年') return false;
    if (j - i != 4 || year->value < 1400) fail(i, "a year from 1400 to 9999 (较2015年)");
    end = j + 1;
    if (at(end, U"度")) ++end;
    period = Period::year(static_cast<int>(year->value));
    return true;
  }

  // 较/比/与/在 open a baseline clause only before a baseline (性别比较上年: the 比 of 性别比 is
  // not one); 同比 and 环比 are one by themselves.
  bool clause(std::size_t i) const {
    if (at(i, U"同比") || at(i, U"环比")) return true;
    if (!(at(i, U"较") || at(i, U"比") || at(i, U"与") || at(i, U"在"))) return false;
    std::size_t end = 0;
    std::optional<Period> p;
    return baseline(i + 1, end, p);
  }

  void skip_space(std::size_t& i) const { read_.skip_space(i); }
  std::size_t size() const { return s_.size(); }
  char32_t operator[](std::size_t i) const { return s_[i]; }
  const Reader& numbers() const { return read_; }

private:
  const std::u32string& s_;
  Reader read_;
};

std::string baseline_text(const std::optional<Period>& baseline) {
  return baseline ? baseline->chinese() : std::string("上年");
}

} // namespace

std::string_view to_string(ImprovementKind kind) noexcept {
  return detail::name_of(improvement_kind_names, kind);
}

ImprovementKind parse_improvement_kind(std::string_view text) {
  if (const auto found = detail::find_name<ImprovementKind>(improvement_kind_names, text))
    return *found;
  throw invalid_input("kind", "unknown improvement kind '" + std::string(text) +
                                  "'; expected points, relative, better, trend, "
                                  "not_worse_than_average or not_worse_than_baseline");
}

Improvement Improvement::parse(std::string_view text) {
  const detail::DecodedText decoded = detail::decode_utf8(text, "target", true);
  const std::u32string& s = decoded.code_points;
  const std::string original(text);
  const ImprovementReader r(decoded, original);

  // 1. The subject (孕产妇死亡率…) up to the first word of the target: skipped, but a figure with
  //    a unit (5.6‰或持续降低 is two targets), a year (2030年: when, not a baseline) or 或 in it
  //    is refused rather than dropped.
  std::size_t i = 0;
  for (; i < s.size(); ++i) {
    if (r.clause(i) || r.comparison(i) || r.reach(i) || r.verb(i) || r.adverb(i)) break;
    if (s[i] == U'或')
      r.fail(i, "one target: an either-or target (5.6‰或持续降低) is read by parse_target");
    if (is_digit(s[i]) && (i == 0 || !(is_digit(s[i - 1]) || s[i - 1] == U'.'))) {
      const detail::FigureAt figure = r.numbers().figure(i);
      const std::size_t j = figure.figure ? figure.figure->number_end : figure.refused_at;
      if (j < s.size() && s[j] == U'年')
        r.fail(i, "a target without a date: 2030年 says when it is due, not what it compares "
                  "with (give the period apart; a baseline follows 较: 较2015年)");
      if ((figure.figure &&
           (figure.figure->unit_kind == FigureUnitKind::rate || figure.figure->magnitude != 0)) ||
          (j < s.size() && s[j] == U'/'))
        r.fail(i, "the words of the target before any figure: a figure with a unit here is a "
                  "threshold (Threshold::parse, or parse_target for 5.6‰或持续降低)");
    }
  }
  if (i == s.size())
    r.fail(i, "an improvement such as 较上年提高2个百分点, 下降10%, 逐年下降 or 不低于上年水平");
  Improvement imp;

  const auto finish = [&](std::size_t k) {
    r.skip_space(k);
    if (k < s.size() && s[k] == U'。') ++k;
    r.skip_space(k);
    if (k < s.size()) r.fail(k, "the end of the target");
  };

  if (r.reach(i)) r.fail(i, threshold_hint);

  // 2. A comparison with a level: 不低于2023年水平, 不高于上年水平, 不高于近5年平均水平.
  if (const Wording* w = r.comparison(i)) {
    const std::size_t cmp_at = i;
    const bool strict = w->bound == Bound::more_than || w->bound == Bound::less_than;
    imp.direction =
        direction_of(w->bound) > 0 ? Direction::higher_is_better : Direction::lower_is_better;
    i += w->word.size();
    r.skip_space(i);
    if (i < s.size() && wording_at(s, i))
      r.fail(i,
             "a baseline after '" + detail::utf8_of(w->word) + "', not a second comparison word");
    std::size_t end = 0;
    std::optional<Period> period;
    if (r.baseline(i, end, period)) {
      std::size_t k = end;
      if (r.at(k, U"的")) ++k;
      if (r.at(k, U"水平")) k += 2;
      // 低于上年水平: strictly better; 不高于上年水平: no worse.
      imp.kind = strict ? ImprovementKind::better : ImprovementKind::not_worse_than_baseline;
      imp.baseline = period;
      finish(k);
      return imp;
    }
    const std::u32string_view* near = nullptr;
    for (const auto& w2 : recent)
      if (r.at(i, w2) && (!near || w2.size() > near->size())) near = &w2;
    if (near) {
      std::size_t k = i + near->size();
      const auto years = r.numbers().years(k);
      if (!years) r.fail(k, "a number of years (近5年, 近三年)");
      if (k >= s.size() || s[k] != U'年') r.fail(k, "年 after the number of years");
      ++k;
      if (r.at(k, U"的")) ++k;
      const std::u32string_view* avg = nullptr;
      for (const auto& a : averages)
        if (r.at(k, a)) {
          avg = &a;
          break;
        }
      if (!avg) r.fail(k, "平均水平 after the years (近5年平均水平)");
      if (strict)
        r.fail(cmp_at, "不高于 or 不低于 before an average (no worse than it): a strict "
                       "comparison with an average is not a kind of improvement zhibiao has");
      imp.kind = ImprovementKind::not_worse_than_average;
      imp.years = *years;
      finish(k + avg->size());
      return imp;
    }
    if (number_starts(s, i)) r.fail(i, threshold_hint);
    r.fail(i, "a baseline such as 上年水平, 2023年水平 or 近5年平均水平 after '" +
                  detail::utf8_of(w->word) + "'");
  }

  // 3. A baseline clause: 较上年, 比2015年, 同比, 与2015年相比, 在2015年基础上.
  bool has_clause = false;
  if (r.clause(i)) {
    has_clause = true;
    if (r.at(i, U"同比") || r.at(i, U"环比")) {
      i += 2;
    } else {
      const char32_t marker = s[i];
      std::size_t end = 0;
      std::optional<Period> period;
      r.baseline(i + 1, end, period);
      imp.baseline = period;
      i = end;
      if (r.at(i, U"的")) ++i;
      if (r.at(i, U"水平")) i += 2;
      if (marker == U'与') {
        if (!r.at(i, U"相比")) r.fail(i, "相比 after the baseline (与2015年相比)");
        i += 2;
      } else if (marker == U'在') {
        if (!r.at(i, U"基础上")) r.fail(i, "基础上 after the baseline (在2015年基础上)");
        i += 3;
      }
    }
    r.skip_space(i);
    if (i < s.size() && (s[i] == U'，' || s[i] == U',')) ++i;
    r.skip_space(i);
  }
  if (r.at(i, U"至少")) {
    i += 2;
    r.skip_space(i);
  }

  // 4. An adverb, the verb and an amount with its unit.
  const Adverb* adverb = r.adverb(i);
  if (adverb) {
    if (adverb->kind == ImprovementKind::trend && has_clause)
      r.fail(i, "a change on the baseline, not '" + detail::utf8_of(adverb->word) +
                    "': a trend compares every year with the one before");
    i += adverb->word.size();
  }
  if (r.reach(i)) r.fail(i, threshold_hint);
  const Change* verb = r.verb(i);
  if (!verb) {
    if (i < s.size() && wording_at(s, i))
      r.fail(i, "a change such as 提高, 增加, 下降 or 降低, not a second comparison word");
    r.fail(i, "a change such as 提高, 增加, 下降 or 降低");
  }
  const std::size_t verb_at = i;
  i += verb->word.size();
  imp.direction = verb->direction;
  if (i < s.size() && (s[i] == U'到' || s[i] == U'至' || s[i] == U'为'))
    r.fail(verb_at, threshold_hint);
  if (r.at(i, U"了")) ++i;
  r.skip_space(i);
  if (const Change* second = r.verb(i))
    r.fail(i, "one change: '" + detail::utf8_of(verb->word) + "' and '" +
                  detail::utf8_of(second->word) + "' do not go together");
  if (i < s.size() && wording_at(s, i))
    r.fail(i, "an amount after the change (下降3个百分点), not a comparison word: a bound on a "
              "change other than its least amount is not a kind of improvement zhibiao has");
  if (i < s.size() && number_starts(s, i)) {
    if (adverb)
      r.fail(i, "no amount after '" + detail::utf8_of(adverb->word) +
                    "' (有所提高, 逐年下降), or an amount without it (提高2个百分点)");
    if (is_sign(s[i])) r.fail(i, "an amount without a sign: the verb gives the direction");
    const Number n = r.numbers().number(i);
    if (n.unit == Unit::percent()) {
      imp.kind = ImprovementKind::relative;
    } else if (n.unit) {
      r.fail(n.unit_begin, "a change in 个百分点 (percentage points) or % (a relative change)");
    } else if (n.kind == FigureUnitKind::percentage_points || n.kind == FigureUnitKind::units) {
      imp.kind = ImprovementKind::points; // 2个百分点, 百分点, 4个单位
      i = n.word_end;
    } else if (!n.noun.empty()) {
      r.fail(n.noun_begin, "个百分点 (percentage points), 个单位 or % after the amount");
    } else {
      r.fail(n.end, "个百分点 (percentage points), 个单位 or % after the amount");
    }
    imp.amount = n.value;
    r.skip_space(i);
    // 以上: the amount is already the least change that reaches the target.
    if (const Wording* w = wording_at(s, i); w && w->suffix) {
      if (w->bound != Bound::at_least)
        r.fail(i, "以上 or the end of the target: a change of at most an amount is not a kind of "
                  "improvement zhibiao has");
      i += w->word.size();
    }
  } else {
    imp.kind = adverb ? adverb->kind : ImprovementKind::better;
  }
  finish(i);
  return imp;
}

std::string Improvement::describe(Language language) const {
  const bool lower = direction == Direction::lower_is_better;
  const std::string amount_text = number_text(amount);
  if (language == Language::zh) {
    const std::string verb = lower ? "下降" : "提高";
    const std::string base = baseline_text(baseline);
    switch (kind) {
    case ImprovementKind::points: return "较" + base + verb + amount_text + "个百分点";
    case ImprovementKind::relative: return "较" + base + verb + amount_text + "%";
    case ImprovementKind::better: return "较" + base + "有所" + verb;
    case ImprovementKind::trend: return "逐年" + verb;
    case ImprovementKind::not_worse_than_average:
      return std::string(lower ? "不高于" : "不低于") + "近" + std::to_string(years) + "年平均水平";
    case ImprovementKind::not_worse_than_baseline:
      return std::string(lower ? "不高于" : "不低于") + base + "水平";
    }
    return {};
  }
  const std::string base = baseline ? baseline->code() : std::string("last year");
  const std::string way = lower ? "below" : "above";
  switch (kind) {
  case ImprovementKind::points:
    return "at least " + amount_text + " percentage points " + way + " " + base;
  case ImprovementKind::relative: return "at least " + amount_text + "% " + way + " " + base;
  case ImprovementKind::better: return std::string(lower ? "lower" : "higher") + " than " + base;
  case ImprovementKind::trend: return lower ? "falling every year" : "rising every year";
  case ImprovementKind::not_worse_than_average:
    return std::string(lower ? "no higher" : "no lower") + " than the mean of the last " +
           std::to_string(years) + " years";
  case ImprovementKind::not_worse_than_baseline:
    return std::string(lower ? "no higher" : "no lower") + " than " + base;
  }
  return {};
}

// --- any target -------------------------------------------------------------------------------

namespace {

bool mentions(const parse_error& e, std::string_view what) {
  return e.expected().find(what) != std::string::npos;
}

// One part of a target: a threshold or an improvement, or the error that explains best why it is
// neither (each parser's refusal says when the text is the other's).
struct PartReading {
  std::optional<Threshold> threshold;
  std::optional<Improvement> improvement;
  std::optional<parse_error> error;
  bool bare_figure = false; // a figure without a comparison word (5.6‰)
};

PartReading read_part(const std::string& part, const ThresholdOptions& options) {
  PartReading r;
  std::optional<parse_error> as_threshold, as_improvement;
  try {
    r.threshold = Threshold::parse(part, options);
    return r;
  } catch (const parse_error& e) {
    as_threshold = e;
  }
  try {
    r.improvement = Improvement::parse(part);
    return r;
  } catch (const parse_error& e) {
    as_improvement = e;
  }
  r.bare_figure = as_threshold->position() == 0 && mentions(*as_threshold, "a comparison such as");
  if (mentions(*as_threshold, "Improvement::parse")) r.error = as_improvement;
  else if (mentions(*as_improvement, "Threshold::parse")) r.error = as_threshold;
  else
    r.error =
        as_threshold->position() >= as_improvement->position() ? as_threshold : as_improvement;
  return r;
}

[[noreturn]] void rethrow_at(const parse_error& e, const std::string& text, std::size_t offset) {
  throw parse_error("target", text, offset + e.position(), e.expected(), e.note());
}

} // namespace

Target parse_target(std::string_view text, const ThresholdOptions& options) {
  const detail::DecodedText decoded = detail::decode_utf8(text, "target", true);
  const std::u32string& s = decoded.code_points;
  const std::string original(text);
  // The parts between 或, with their code-point offsets.
  std::vector<std::pair<std::size_t, std::u32string>> parts;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= s.size(); ++i)
    if (i == s.size() || s[i] == U'或') {
      std::u32string part = s.substr(start, i - start);
      if (part.find_first_not_of(U" \t\r\n") == std::u32string::npos)
        throw parse_error("target", original, i,
                          i == s.size() && !parts.empty() ? "a target after 或"
                                                          : "a target before the end or 或");
      parts.emplace_back(start, std::move(part));
      start = i + 1;
    }
  std::vector<PartReading> readings;
  for (const auto& [offset, part] : parts)
    readings.push_back(read_part(detail::utf8_of(part), options));
  // A bare figure beside a change is a bound in the change's direction (5.6‰或持续降低: ≤ 5.6‰).
  std::optional<Direction> direction;
  for (const auto& r : readings)
    if (r.improvement) direction = r.improvement->direction;
  for (std::size_t k = 0; k < readings.size(); ++k) {
    auto& r = readings[k];
    if (!r.error) continue;
    if (!(r.bare_figure && direction && parts.size() > 1))
      rethrow_at(*r.error, original, parts[k].first);
    // The bound goes before the figure, after the subject (婴儿死亡率≤5.6‰).
    const std::u32string& part = parts[k].second;
    const std::string part_text = detail::utf8_of(part);
    const detail::DecodedText part_decoded = detail::decode_utf8(part_text, "target", true);
    const Reader read(part_decoded, part_text);
    std::size_t at = 0;
    while (at < part.size() &&
           !(number_starts(part, at) && name_number_end(read, at) == std::u32string::npos))
      at = number_starts(part, at) ? name_number_end(read, at) : at + 1;
    const std::u32string bound = *direction == Direction::lower_is_better ? U"≤" : U"≥";
    try {
      r.threshold =
          Threshold::parse(detail::utf8_of(part.substr(0, at) + bound + part.substr(at)), options);
      r.error.reset();
    } catch (const parse_error& e) {
      // Positions after the inserted bound count one character more than the text has.
      throw parse_error("target", original,
                        parts[k].first + (e.position() > at ? e.position() - 1 : e.position()),
                        e.expected(), e.note());
    }
  }
  const auto rule_of = [](const PartReading& r) -> Target {
    if (r.threshold) return Target{"", *r.threshold};
    return Target{"", *r.improvement};
  };
  Target out = readings.size() == 1 ? rule_of(readings.front()) : Target{"", EitherTarget{}};
  if (readings.size() > 1) {
    EitherTarget either;
    for (const auto& r : readings) either.options.push_back(rule_of(r));
    out.rule = std::move(either);
  }
  out.source = original;
  return out;
}

// --- Quota ----------------------------------------------------------------------------------

Quota Quota::of(double amount, Period period) {
  if (!std::isfinite(amount) || amount < 0)
    throw invalid_input("amount",
                        "must be a finite number ≥ 0, got " + detail::full_precision_text(amount));
  return Quota{amount, std::move(period), ""};
}

Quota Quota::from_expression(std::string_view expression, Period period) {
  const Expression e = Expression::parse(expression);
  if (!e.references().empty())
    throw invalid_input("quota", "'" + std::string(expression) + "' reads data element '" +
                                     e.references().front().key() +
                                     "'; a quota must be a constant");
  // Time variables are allowed (a paced quota): they take the period's values.
  const double days = period.days(), in_year = time_variable(period, TimeVariable::period_in_year),
               per_year = time_variable(period, TimeVariable::periods_per_year);
  const std::array<const double*, 3> time{&days, &in_year, &per_year};
  double value = 0;
  e.evaluate({}, time, 1, &value);
  if (!std::isfinite(value))
    throw invalid_input("quota", "'" + std::string(expression) + "' is not a finite number");
  if (value < 0) throw invalid_input("quota", "'" + std::string(expression) + "' is negative");
  return Quota{value, period, std::string(expression)};
}

std::vector<std::int64_t> split_quota(std::int64_t total, const std::vector<double>& weights) {
  if (total < 0) throw invalid_input("total", "must not be negative, got " + std::to_string(total));
  double sum = 0;
  for (std::size_t i = 0; i < weights.size(); ++i) {
    if (!std::isfinite(weights[i]) || weights[i] < 0)
      throw invalid_input("weights",
                          "weight " + std::to_string(i) + " must be finite and not negative");
    sum += weights[i];
  }
  if (!(sum > 0)) throw invalid_input("weights", "need at least one positive weight");
  // Largest remainder (Hamilton): floor of each exact share, then one more unit to each of the
  // largest fractional parts until the total is reached. Exact shares use long double so that
  // quotas up to 2^53 split without losing units.
  std::vector<std::int64_t> parts(weights.size());
  std::vector<std::pair<long double, std::size_t>> remainders;
  std::int64_t given = 0;
  for (std::size_t i = 0; i < weights.size(); ++i) {
    const long double exact = static_cast<long double>(total) * weights[i] / sum;
    parts[i] = static_cast<std::int64_t>(std::floor(exact));
    given += parts[i];
    remainders.emplace_back(exact - std::floor(exact), i);
  }
  std::stable_sort(remainders.begin(), remainders.end(),
                   [](const auto& a, const auto& b) { return a.first > b.first; });
  for (std::size_t k = 0; given < total; ++k, ++given)
    ++parts[remainders[k % remainders.size()].second];
  return parts;
}

} // namespace zhibiao
