#include "zhibiao/target.hpp"

#include "zhibiao/detail/utf8.hpp"

#include "zhibiao/decimal.hpp"
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

// Wording → comparison (docs/targets.md §2). Longer words first, so that 不低于 is not read as
// 低于.
struct Wording {
  std::u32string_view word;
  Bound bound;
};
constexpr std::array<Wording, 27> wordings{{
    {U"不低于", Bound::at_least}, {U"不少于", Bound::at_least}, {U"不小于", Bound::at_least},
    {U"不超过", Bound::at_most},  {U"不高于", Bound::at_most},  {U"不大于", Bound::at_most},
    {U"控制在", Bound::at_most},  {U"以上", Bound::at_least},   {U"至少", Bound::at_least},
    {U"达到", Bound::at_least},   {U"超过", Bound::more_than},  {U"高于", Bound::more_than},
    {U"大于", Bound::more_than},  {U"多于", Bound::more_than},  {U"以内", Bound::at_most},
    {U"以下", Bound::at_most},    {U"最多", Bound::at_most},    {U"低于", Bound::less_than},
    {U"少于", Bound::less_than},  {U"小于", Bound::less_than},  {U">=", Bound::at_least},
    {U"<=", Bound::at_most},      {U"≥", Bound::at_least},      {U"≤", Bound::at_most},
    {U">", Bound::more_than},     {U"<", Bound::less_than},     {U"=", Bound::equal_to},
}};

struct Symbol {
  std::u32string_view text;
  Unit unit;
};
constexpr std::array<Symbol, 6> unit_symbols{{
    {U"/10万", Unit::per_100k()},
    {U"/千人", Unit::per_1000_population()},
    {U"/万", Unit::per_10k()},
    {U"%", Unit::percent()},
    {U"‰", Unit::per_mille()},
    {U"‱", Unit::per_10k()},
}};

struct Number {
  double value;
  std::size_t begin, end; // code-point range
  std::optional<Unit> unit;
  std::size_t unit_end;
};

std::vector<Number> numbers_in(const std::u32string& s, const std::string& original) {
  std::vector<Number> out;
  for (std::size_t i = 0; i < s.size();) {
    if (!(s[i] >= U'0' && s[i] <= U'9')) {
      ++i;
      continue;
    }
    std::string digits;
    const std::size_t begin = i;
    while (i < s.size() && ((s[i] >= U'0' && s[i] <= U'9') || s[i] == U'.'))
      digits += static_cast<char>(s[i++]);
    // strtod, not std::stod: a number too long for a double must be a parse error, not an
    // escaping std::out_of_range (found by the threshold fuzz target).
    const double value = std::strtod(digits.c_str(), nullptr);
    if (!std::isfinite(value))
      throw parse_error("target", original, begin, "a number within the range of a double");
    Number n{value, begin, i, std::nullopt, i};
    for (const auto& sym : unit_symbols)
      if (s.compare(i, sym.text.size(), sym.text) == 0) {
        n.unit = sym.unit;
        n.unit_end = i + sym.text.size();
        break;
      }
    out.push_back(n);
  }
  return out;
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
  // Code points with full-width forms folded (detail/utf8.hpp): ９０％, ＞＝ and ～ read as 90%, >=
  // and ~; positions in errors count characters.
  const std::u32string s = detail::decode_utf8(text, "target", true).code_points;
  const std::string original(text);
  const auto numbers = numbers_in(s, original);
  if (numbers.empty()) throw parse_error("target", original, s.size(), "a number such as 90%");
  // The bound is the first number written with a unit; years and counts around it are prose.
  std::size_t k = 0;
  while (k < numbers.size() && !numbers[k].unit) ++k;
  if (k == numbers.size()) k = numbers.size() - 1;
  Threshold t;
  t.value = numbers[k].value;
  t.unit = numbers[k].unit.value_or(Unit::ratio());

  // A range: "85%-95%", "85-95%", "在85%至95%之间".
  for (std::size_t j = 0; j + 1 < numbers.size(); ++j) {
    const auto& a = numbers[j];
    const auto& b = numbers[j + 1];
    const std::u32string between = s.substr(a.unit_end, b.begin - a.unit_end);
    if (between == U"-" || between == U"~" || between == U"至" || between == U"到" ||
        between == U"—" || between == U"–") {
      t.bound = Bound::within;
      t.value = a.value;
      t.upper = b.value;
      t.unit = b.unit.value_or(a.unit.value_or(Unit::ratio()));
      if (t.upper < t.value)
        throw parse_error("target", original, b.begin, "an upper end not below the lower end");
      return t;
    }
  }
  std::optional<Bound> bound;
  for (const auto& w : wordings)
    if (s.find(w.word) != std::u32string::npos) {
      bound = w.bound;
      break;
    }
  if (!bound)
    throw parse_error("target", original, 0,
                      "a comparison such as ≥, 以上, 不低于, 低于, 以内 or 不超过");
  t.bound = *bound;
  // docs/targets.md §2: 达到100% means = 100 % (nothing can exceed a whole).
  if (t.bound == Bound::at_least && s.find(U"达到") != std::u32string::npos &&
      t.unit == Unit::percent() && t.value == 100)
    t.bound = Bound::equal_to;
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

double Threshold::shortfall(double x) const noexcept {
  if (met_by(x)) return 0.0;
  switch (bound) {
  case Bound::at_least:
  case Bound::more_than: return value - x;
  case Bound::at_most:
  case Bound::less_than: return x - value;
  case Bound::equal_to: return std::abs(x - value);
  case Bound::within: return x < value ? value - x : x - upper;
  }
  return 0.0;
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
