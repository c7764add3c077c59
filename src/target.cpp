#include "zhibiao/target.hpp"

#include "zhibiao/detail/utf8.hpp"

#include "zhibiao/decimal.hpp"
#include "zhibiao/detail/format.hpp"
#include "zhibiao/detail/names.hpp"
#include "zhibiao/error.hpp"
#include "zhibiao/expression.hpp"

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
struct Wording {
  std::u32string_view word;
  Bound bound;
  bool suffix = false;
};
constexpr std::array<Wording, 31> wordings{{
    {U"不低于", Bound::at_least},
    {U"不少于", Bound::at_least},
    {U"不小于", Bound::at_least},
    {U"不超过", Bound::at_most},
    {U"不高于", Bound::at_most},
    {U"不大于", Bound::at_most},
    {U"控制在", Bound::at_most},
    {U"至少", Bound::at_least},
    {U"达到", Bound::at_least},
    {U"超过", Bound::more_than},
    {U"高于", Bound::more_than},
    {U"大于", Bound::more_than},
    {U"多于", Bound::more_than},
    {U"最多", Bound::at_most},
    {U"低于", Bound::less_than},
    {U"少于", Bound::less_than},
    {U"小于", Bound::less_than},
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
}};

// The longest comparison word at s[i], or null.
const Wording* wording_at(const std::u32string& s, std::size_t i) {
  const Wording* best = nullptr;
  for (const auto& w : wordings)
    if (s.compare(i, w.word.size(), w.word) == 0 && (!best || w.word.size() > best->word.size()))
      best = &w;
  return best;
}

struct Symbol {
  std::u32string_view text;
  Unit unit;
};
// Longest first where one begins another (/100000 before /10万, /千人口 before /千人).
constexpr std::array<Symbol, 8> unit_symbols{{
    {U"/100000", Unit::per_100k()},
    {U"/10万", Unit::per_100k()},
    {U"/千人口", Unit::per_1000_population()},
    {U"/千人", Unit::per_1000_population()},
    {U"/万", Unit::per_10k()},
    {U"%", Unit::percent()},
    {U"‰", Unit::per_mille()},
    {U"‱", Unit::per_10k()},
}};

// Wording that measures against a baseline (an Improvement, docs/targets.md), not a fixed bound:
// 较上年提高2个百分点, 不高于近5年平均水平, 不低于2023年水平. Read as a threshold, its figure (2,
// 5, 2023) would be a bound nobody set.
constexpr std::array<std::u32string_view, 22> baseline_words{
    U"较",   U"同比", U"环比", U"上年",   U"去年", U"同期", U"基线", U"基期",
    U"平均", U"均值", U"水平", U"百分点", U"提高", U"降低", U"下降", U"增长",
    U"增加", U"减少", U"上升", U"持续",   U"逐年", U"近"};

constexpr std::u32string_view range_separators[] = {U"-", U"~", U"至", U"到", U"—", U"–"};

bool is_digit(char32_t c) { return c >= U'0' && c <= U'9'; }
bool is_space(char32_t c) { return c == U' ' || c == U'\t' || c == U'\n' || c == U'\r'; }
bool is_sign(char32_t c) { return c == U'+' || c == U'-' || c == U'−'; } // − U+2212 MINUS SIGN

// Whether a number starts at s[i]: a digit, a point before a digit (.5), or a sign before either.
bool number_starts(const std::u32string& s, std::size_t i) {
  if (i < s.size() && is_sign(s[i])) ++i;
  if (i < s.size() && s[i] == U'.') ++i;
  return i < s.size() && is_digit(s[i]);
}

struct Number {
  double value;
  std::size_t begin, end;   // code-point range of the number
  std::optional<Unit> unit; // the symbol after it, if any
  std::size_t unit_begin, unit_end;
};

// The reader of one threshold figure. It reads the whole number or refuses, naming the
// character: sign (+, -, −), digits with optional thousands separators (1,000: groups of exactly
// three, the first of one to three), a fraction (.5, 0.5; not "5."), an exponent (1e3), then an
// optional unit symbol. Anything else right after the digits is refused rather than dropped
// (1.2.3, 1,5, 1000人).
class Reader {
public:
  Reader(const std::u32string& s, const std::string& original) : s_(s), original_(original) {}

  [[noreturn]] void fail(std::size_t at, const std::string& expected) const {
    throw parse_error("target", original_, at, expected);
  }

  void skip_space(std::size_t& i) const {
    while (i < s_.size() && is_space(s_[i])) ++i;
  }

  Number number(std::size_t& i) const {
    Number n{0, i, i, std::nullopt, i, i};
    std::string digits;
    if (is_sign(s_[i])) digits += s_[i++] == U'+' ? '+' : '-';
    std::size_t group = 0; // digits in the current group
    bool grouped = false;
    while (i < s_.size() && (is_digit(s_[i]) || s_[i] == U',')) {
      if (s_[i] == U',') {
        if ((!grouped && (group == 0 || group > 3)) || (grouped && group != 3))
          fail(i, "a thousands separator after one to three digits (1,000)");
        if (!(i + 3 < s_.size() + 0 && is_digit(s_[i + 1]) && is_digit(s_[i + 2]) &&
              is_digit(s_[i + 3]) && (i + 4 >= s_.size() || !is_digit(s_[i + 4]))))
          fail(i, "three digits after a thousands separator (1,000); a decimal comma is not read");
        grouped = true;
        group = 0;
        ++i;
        continue;
      }
      digits += static_cast<char>(s_[i++]);
      ++group;
    }
    if (i < s_.size() && s_[i] == U'.') {
      digits += '.';
      ++i;
      if (i >= s_.size() || !is_digit(s_[i])) fail(i, "a digit after the decimal point");
      while (i < s_.size() && is_digit(s_[i])) digits += static_cast<char>(s_[i++]);
    }
    if (i + 1 < s_.size() && (s_[i] == U'e' || s_[i] == U'E') &&
        (is_digit(s_[i + 1]) || (is_sign(s_[i + 1]) && i + 2 < s_.size() && is_digit(s_[i + 2])))) {
      digits += 'e';
      ++i;
      if (is_sign(s_[i])) digits += s_[i++] == U'+' ? '+' : '-';
      while (i < s_.size() && is_digit(s_[i])) digits += static_cast<char>(s_[i++]);
    }
    if (i < s_.size() && (s_[i] == U'.' || s_[i] == U',' || is_digit(s_[i])))
      fail(i, "the end of the number");
    // strtod, not std::stod: a number too long for a double must be a parse error, not an
    // escaping std::out_of_range (found by the threshold fuzz target).
    n.value = std::strtod(digits.c_str(), nullptr);
    if (!std::isfinite(n.value)) fail(n.begin, "a number within the range of a double");
    n.end = i;
    skip_space(i);
    n.unit_begin = n.unit_end = i;
    for (const auto& sym : unit_symbols)
      if (s_.compare(i, sym.text.size(), sym.text) == 0) {
        n.unit = sym.unit;
        i += sym.text.size();
        n.unit_end = i;
        break;
      }
    if (!n.unit && i < s_.size() && s_[i] == U'/')
      fail(i, "a unit symbol such as %, ‰, ‱, /10万 or /千人");
    return n;
  }

private:
  const std::u32string& s_;
  const std::string& original_;
};

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
  const std::u32string s = detail::decode_utf8(text, "target", true).code_points;
  const std::string original(text);
  const Reader read(s, original);
  const auto refuse = [&](std::size_t at, const std::string& expected) { read.fail(at, expected); };

  // 1. Baseline-relative wording is an Improvement, never a threshold; nor is a year (2025年)
  //    part of one. Either is refused where it starts.
  std::optional<std::size_t> baseline, year;
  for (std::size_t i = 0; i < s.size(); ++i) {
    for (const auto w : baseline_words)
      if (!baseline && s.compare(i, w.size(), w) == 0 &&
          (w != U"近" || (i + 1 < s.size() && is_digit(s[i + 1]))) &&
          s.compare(i + w.size(), 1, U"率") != 0) // 增长率, 下降率: the name of a rate
        baseline = i;
    if (!year && is_digit(s[i]) && (i == 0 || !is_digit(s[i - 1]))) {
      std::size_t j = i;
      while (j < s.size() && is_digit(s[j])) ++j;
      if (j < s.size() && s[j] == U'年') year = i;
    }
  }
  if (baseline)
    refuse(year && *year < *baseline ? *year : *baseline,
           "a fixed bound such as 90%: baseline-relative targets (较上年提高, 近5年平均水平, "
           "2023年水平) are not thresholds but improvements on a baseline (zhibiao::Improvement)");
  if (year) refuse(*year, "a threshold without a year: 2025年 is a date, not part of the bound");

  // 2. Prose, then at most one comparison word before the number.
  std::size_t i = 0;
  const Wording* prefix = nullptr;
  std::size_t prefix_at = 0;
  while (i < s.size() && !number_starts(s, i)) {
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
          (prefix && !prefix->suffix && direction_of(prefix->bound) != 0 &&
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
    if (!b && !a.unit && a.unit_end == i && !number_starts(s, i) && s[i] >= 0x2E80)
      refuse(i, "a unit a threshold can have (%, ‰, ‱, /10万, /千人 or none) after the number; "
                "a count such as 1000人 is a quota (zhibiao::Quota), not a threshold");
    refuse(i, "the end of the target (one number or one range, with its unit)");
  }

  Threshold t;
  if (b) {
    if (prefix && prefix->word != U"控制在")
      refuse(prefix_at, "a range without a comparison word ('" + detail::utf8_of(prefix->word) +
                            "' and a range do not go together)");
    if (suffix) refuse(suffix_at, "the end of the range");
    if (a.unit && b->unit && !(*a.unit == *b->unit))
      refuse(b->unit_begin, "the unit of the lower end");
    t.bound = Bound::within;
    t.value = a.value;
    t.upper = b->value;
    t.unit = b->unit.value_or(a.unit.value_or(Unit::ratio()));
    if (t.upper < t.value) refuse(b->begin, "an upper end not below the lower end");
  } else {
    if (!prefix && !suffix) refuse(0, "a comparison such as ≥, 以上, 不低于, 低于, 以内 or 不超过");
    t.value = a.value;
    t.unit = a.unit.value_or(Unit::ratio());
    // With a word on both sides the suffix decides, unless the prefix is a strict one (超过90%以上
    // is > 90 %); 达到 and 控制在 only say a target is to be reached.
    t.bound = !suffix                                                          ? prefix->bound
              : prefix && prefix->word != U"达到" && prefix->word != U"控制在" ? prefix->bound
                                                                               : suffix->bound;
    // docs/targets.md §2: 达到100% means = 100 % (nothing can exceed a whole).
    if (prefix && prefix->word == U"达到" && !suffix && t.unit == Unit::percent() && t.value == 100)
      t.bound = Bound::equal_to;
  }
  // The unit the caller expects (the indicator's): a different one is refused, not converted; a
  // bare number takes it only when that unit prints bare too.
  if (options.unit) {
    const Number& last = b ? *b : a;
    if (t.unit == *options.unit) {
    } else if (!a.unit && !(b && b->unit) && options.unit->suffix(Language::zh).empty()) {
      t.unit = *options.unit;
    } else {
      const std::string_view want = options.unit->suffix(Language::zh).empty()
                                        ? options.unit->code()
                                        : options.unit->suffix(Language::zh);
      const bool written = a.unit || (b && b->unit);
      refuse(last.unit ? last.unit_begin : last.end,
             "the unit " + std::string(want) + " (the indicator's); the text gives " +
                 (written ? std::string(t.unit.suffix(Language::zh)) : std::string("no unit")));
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
  const std::string suffix(unit.suffix(language));
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
