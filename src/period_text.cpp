// Period text: DHIS2-style codes and Chinese expressions, both ways.
//
// Parsing works on Unicode code points so that an error's position counts characters as a
// person does ("2019年2月30日": the bad day is at character 7, not byte 11). Full-width forms
// (２０１９, Ｑ, －, ／: detail/utf8.hpp's one table) are read as their ASCII forms, and the
// dashes and tildes reports use between months (～ 〜 — ― –) as '-'; white space between tokens
// (also the ideographic space) is ignored.

#include "zhibiao/detail/calendar.hpp"
#include "zhibiao/detail/utf8.hpp"

#include "zhibiao/error.hpp"
#include "zhibiao/period.hpp"
#include <boost/date_time/gregorian/gregorian.hpp>

#include <array>
#include <cstdio>
#include <initializer_list>
#include <optional>

namespace zhibiao {

using namespace detail;

namespace {

// ---------------------------------------------------------------------------------------------
// Text cursor

class Cursor {
public:
  explicit Cursor(std::string_view text) : text_(text) { decode(); }

  bool at_end() const noexcept { return i_ >= s_.size(); }
  char32_t peek(std::size_t k = 0) const noexcept { return i_ + k < s_.size() ? s_[i_ + k] : 0; }
  std::size_t pos() const noexcept { return i_; }
  void rewind(std::size_t pos) noexcept { i_ = pos; }
  bool has_non_ascii() const noexcept {
    for (char32_t c : s_)
      if (c >= 0x80) return true;
    return false;
  }

  bool eat(std::u32string_view word) {
    if (s_.compare(i_, word.size(), word) != 0 || i_ + word.size() > s_.size()) return false;
    i_ += word.size();
    return true;
  }
  bool eat_any(std::initializer_list<std::u32string_view> words) {
    for (auto w : words)
      if (eat(w)) return true;
    return false;
  }

  /// Up to `max_digits` ASCII digits as a number; std::nullopt (nothing consumed) if none.
  std::optional<int> number(int max_digits) {
    int value = 0, n = 0;
    while (n < max_digits && peek() >= U'0' && peek() <= U'9') {
      value = value * 10 + static_cast<int>(peek() - U'0');
      ++i_;
      ++n;
    }
    if (n == 0) return std::nullopt;
    return value;
  }
  /// Exactly `digits` digits, or an error saying what was expected.
  int exact_number(int digits, const char* expected) {
    const std::size_t start = i_;
    const auto v = number(digits);
    if (!v || i_ - start != static_cast<std::size_t>(digits)) fail(expected, start);
    return *v;
  }
  int letters_count() const noexcept {
    int n = 0;
    while ((peek(n) >= U'a' && peek(n) <= U'z') || (peek(n) >= U'A' && peek(n) <= U'Z')) ++n;
    return n;
  }

  [[noreturn]] void fail(const std::string& expected,
                         std::optional<std::size_t> at = std::nullopt) const {
    const std::size_t p = at.value_or(i_);
    throw parse_error("period", std::string(text_), p < orig_.size() ? orig_[p] : length_,
                      expected);
  }
  void expect_end() const {
    if (!at_end()) fail("the end of the text");
  }

private:
  void decode() {
    // Code points with full-width forms folded (detail/utf8.hpp), white space dropped, each
    // remembering its index in the original text.
    const DecodedText d = decode_utf8(text_, "period", true);
    for (std::size_t index = 0; index < d.size(); ++index) {
      char32_t c = d.code_points[index];
      if (c == U' ' || c == U'\t' || c == U'\n' || c == U'\r') continue;
      // The dashes and tildes reports write between months: ～ (folded to ~), 〜, — ― and –.
      if (c == U'~' || c == 0x301C || c == 0x2014 || c == 0x2013 || c == 0x2015) c = U'-';
      s_.push_back(c);
      orig_.push_back(index);
    }
    length_ = d.size();
  }

  std::string_view text_;
  std::u32string s_;
  std::vector<std::size_t> orig_;
  std::size_t length_ = 0;
  std::size_t i_ = 0;
};

// ---------------------------------------------------------------------------------------------
// Shared pieces

struct MonthName {
  std::string_view code; // how DHIS2 writes the financial year starting in this month
  std::string_view full;
};

// DHIS2's financial-year codes: 2019April, 2019July, 2019Oct, 2019Nov, and (since 2.40) Feb,
// Aug, Sep; the remaining months follow the three-letter pattern.
constexpr std::array<MonthName, 12> month_names{{
    {"Jan", "january"},
    {"Feb", "february"},
    {"Mar", "march"},
    {"April", "april"},
    {"May", "may"},
    {"Jun", "june"},
    {"July", "july"},
    {"Aug", "august"},
    {"Sep", "september"},
    {"Oct", "october"},
    {"Nov", "november"},
    {"Dec", "december"},
}};

// The longest month name (full, "Sept" or three letters, any case) at the cursor, consumed.
std::optional<int> month_name_prefix(Cursor& c) {
  const int available = c.letters_count();
  std::string letters;
  for (int k = 0; k < available; ++k) {
    const auto ch = static_cast<char>(c.peek(static_cast<std::size_t>(k)));
    letters += static_cast<char>(ch >= 'A' && ch <= 'Z' ? ch + 32 : ch);
  }
  int best_month = 0;
  std::size_t best_length = 0;
  for (int m = 0; m < 12; ++m) {
    const auto full = month_names[static_cast<std::size_t>(m)].full;
    for (std::string_view form :
         {full, full.substr(0, 3), m == 8 ? std::string_view("sept") : std::string_view()})
      if (!form.empty() && letters.compare(0, form.size(), form) == 0 &&
          form.size() > best_length) {
        best_month = m + 1;
        best_length = form.size();
      }
  }
  if (best_month == 0) return std::nullopt;
  c.rewind(c.pos() + best_length);
  return best_month;
}

std::string two(int v) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%02d", v);
  return buf;
}

std::string iso(Date d) { return boost::gregorian::to_iso_extended_string(d); }

// Which half of which financial year (starting in year_start_month(), never January) a
// financial half year is, read off its own dates: the texts never build another period, so
// that they cannot fail (and an error message may always quote a period's code).
struct FinancialHalf {
  int year_start_year;
  bool first;
  int index; // 1-based: which half or quarter (by the period's months) of its financial year
};
FinancialHalf financial_half_of(const Period& p, int months = 6) {
  const int y = year_of(p.start()), m = month_of(p.start());
  const int start_year = m >= p.year_start_month() ? y : y - 1;
  const int offset = (y * 12 + m) - (start_year * 12 + p.year_start_month());
  return {start_year, m == p.year_start_month(), offset / months + 1};
}

// DHIS2's prefixes of the weekly types other than ISO's: 2019WedW5, …, 2019SunW5.
struct WeeklyPrefix {
  std::u32string_view text;
  std::string_view code;
  PeriodType type;
};
constexpr std::array<WeeklyPrefix, 5> weekly_prefixes{{
    {U"wedw", "WedW", PeriodType::week_wednesday},
    {U"thuw", "ThuW", PeriodType::week_thursday},
    {U"friw", "FriW", PeriodType::week_friday},
    {U"satw", "SatW", PeriodType::week_saturday},
    {U"sunw", "SunW", PeriodType::week_sunday},
}};

// A weekly prefix (any ASCII case) at the cursor, consumed; nothing consumed if none.
std::optional<PeriodType> weekly_prefix(Cursor& c) {
  for (const auto& w : weekly_prefixes) {
    bool match = true;
    for (std::size_t k = 0; k < w.text.size() && match; ++k) {
      char32_t ch = c.peek(k);
      if (ch >= U'A' && ch <= U'Z') ch += 32;
      match = ch == w.text[k];
    }
    if (match) {
      c.rewind(c.pos() + w.text.size());
      return w.type;
    }
  }
  return std::nullopt;
}

std::string month_name_zh(int year, int month) {
  return std::to_string(year) + "年" + std::to_string(month) + "月";
}

void check_day_in_month(Cursor& c, int year, int month, int day, std::size_t at) {
  const int last = last_day(year, month);
  if (day < 1 || day > last)
    c.fail("a day between 1 and " + std::to_string(last) + " (" + month_name_zh(year, month) +
               " has " + std::to_string(last) + " days)",
           at);
}

void check_year_at(Cursor& c, int year, std::size_t at) {
  if (year < first_year || year > last_year) c.fail("a year between 1400 and 9999", at);
}

// Week `n` of ISO year `year` at `at`: 1 … its weeks, except the two weeks the calendar cuts
// (1400W01 begins in 1399, 9999W52 ends in 10000).
void check_week_at(Cursor& c, int year, int n, std::size_t at) {
  const int weeks = iso_weeks_in_year(year);
  const int first = first_week_in_calendar(year), last = last_week_in_calendar(year);
  if (n >= first && n <= last) return;
  std::string why = "ISO year " + std::to_string(year) + " has " + std::to_string(weeks) + " weeks";
  if (first != 1) why += "; week 1 begins before 1400-01-01, the calendar's first day";
  if (last != weeks)
    why += "; week " + std::to_string(weeks) + " ends after 9999-12-31, the calendar's last day";
  c.fail("a week between " + std::to_string(first) + " and " + std::to_string(last) + " (" + why +
             ")",
         at);
}

// Week `n` of week-year `year` of weekly type `type` at `at`, as check_week_at does for ISO.
void check_weekly_at(Cursor& c, PeriodType type, int year, int n, std::size_t at) {
  const int weeks = weeks_in_week_year(type, year);
  const int first = first_weekly_in_calendar(type, year),
            last = last_weekly_in_calendar(type, year);
  if (n >= first && n <= last) return;
  std::string why = std::string(to_string(type)) + " year " + std::to_string(year) + " has " +
                    std::to_string(weeks) + " weeks";
  if (first != 1) why += "; week 1 begins before 1400-01-01, the calendar's first day";
  if (last != weeks)
    why += "; week " + std::to_string(weeks) + " ends after 9999-12-31, the calendar's last day";
  c.fail("a week between " + std::to_string(first) + " and " + std::to_string(last) + " (" + why +
             ")",
         at);
}

// Two-week period `n` of ISO year `year` at `at`: 1 … 26 (27 in a year of 53 ISO weeks), those
// lying wholly in the calendar.
void check_bi_week_at(Cursor& c, int year, int n, std::size_t at) {
  const int count = bi_weeks_in_year(year);
  const int first = first_week_in_calendar(year) == 1 ? 1 : 2;
  const int last =
      last_week_in_calendar(year) >= 2 * count - 1 + (count == 27 ? 0 : 1) ? count : count - 1;
  if (n < first || n > last)
    c.fail("a two-week period between " + std::to_string(first) + " and " + std::to_string(last) +
               " (ISO year " + std::to_string(year) + " has " +
               std::to_string(iso_weeks_in_year(year)) + " weeks)",
           at);
}

// The Chinese weekday a week of a weekly type other than ISO's starts on: 2019年第5周（周三起）.
struct WeekdayZh {
  std::u32string_view text;
  std::string_view utf8;
  PeriodType type;
};
constexpr std::array<WeekdayZh, 5> weekday_zh{{
    {U"三", "三", PeriodType::week_wednesday},
    {U"四", "四", PeriodType::week_thursday},
    {U"五", "五", PeriodType::week_friday},
    {U"六", "六", PeriodType::week_saturday},
    {U"日", "日", PeriodType::week_sunday},
}};

// ---------------------------------------------------------------------------------------------
// DHIS2-style codes

Date code_date_after_year(Cursor& c, int year, std::size_t year_pos, bool dashed) {
  const std::size_t mpos = c.pos();
  const int month = c.exact_number(2, "a two-digit month");
  if (month < 1 || month > 12) c.fail("a month 01 to 12", mpos);
  if (dashed && !c.eat(U"-")) c.fail("'-' before the day");
  const std::size_t dpos = c.pos();
  const int day = c.exact_number(2, "a two-digit day");
  check_day_in_month(c, year, month, day, dpos);
  check_year_at(c, year, year_pos);
  return make_date(year, month, day);
}

Date code_date(Cursor& c) {
  const std::size_t ypos = c.pos();
  const int year = c.exact_number(4, "a four-digit year");
  const bool dashed = c.eat(U"-");
  return code_date_after_year(c, year, ypos, dashed);
}

// After a code's first date: "/" and a second date make a range, the end of the text a day.
Period day_or_range(Cursor& c, Date first) {
  if (c.eat(U"/")) {
    const std::size_t at = c.pos();
    const Date last = code_date(c);
    if (last < first) c.fail("an end date not before the start date", at);
    c.expect_end();
    return Period::range(first, last);
  }
  c.expect_end();
  return Period::day(first);
}

Period parse_code(Cursor& c, NovemberNaming november) {
  const int year = c.exact_number(4, "a four-digit year");
  check_year_at(c, year, 0);
  if (c.at_end()) return Period::year(year);
  const std::size_t at = c.pos();
  const char32_t k = c.peek();
  Period p = Period::year(year);
  if (c.eat(U"BiW")) {
    // DHIS2's BiWeekly: 2019BiW3 (or BiW03), index 1 … 26, or 27 in an ISO year of 53 weeks.
    const std::size_t npos = c.pos();
    const auto n = c.number(2);
    if (!n) c.fail("a two-week period number", npos);
    check_bi_week_at(c, year, *n, npos);
    p = Period::bi_week(year, *n);
  } else if (const auto weekly = weekly_prefix(c)) {
    const std::size_t npos = c.pos();
    const auto n = c.number(2);
    if (!n) c.fail("a week number");
    check_weekly_at(c, *weekly, year, *n, npos);
    p = Period::weekly(*weekly, year, *n);
  } else if (k == U'Q' || k == U'W' ||
             // S is a half year (2019S1) unless a month name begins there (2019Sep, FinancialSep).
             (k == U'S' && !((c.peek(1) >= U'a' && c.peek(1) <= U'z') ||
                             (c.peek(1) >= U'A' && c.peek(1) <= U'Z')))) {
    c.eat(std::u32string(1, k));
    const std::size_t npos = c.pos();
    const auto n = c.number(2);
    if (!n) c.fail(k == U'Q' ? "a quarter 1 to 4" : k == U'S' ? "a half 1 or 2" : "a week number");
    if (k == U'Q') {
      if (*n < 1 || *n > 4) c.fail("a quarter 1 to 4", npos);
      p = Period::quarter(year, *n);
    } else if (k == U'S') {
      if (*n < 1 || *n > 2) c.fail("a half 1 or 2", npos);
      p = Period::half_year(year, *n);
    } else {
      check_week_at(c, year, *n, npos);
      p = Period::iso_week(year, *n);
    }
  } else if (k == U'-') {
    c.eat(U"-");
    const std::size_t mpos = c.pos();
    const int month = c.exact_number(2, "a two-digit month");
    if (month < 1 || month > 12) c.fail("a month 01 to 12", mpos);
    if (c.at_end()) return Period::month(year, month);
    c.rewind(mpos);
    return day_or_range(c, code_date_after_year(c, year, 0, true));
  } else if (k >= U'0' && k <= U'9') {
    const std::size_t mpos = c.pos();
    const int month = c.exact_number(2, "a two-digit month");
    if (c.eat(U"B")) {
      if (month < 1 || month > 6) c.fail("a two-month period 01 to 06", mpos);
      p = Period::bi_month(year, month);
    } else if (c.at_end()) {
      if (month < 1 || month > 12) c.fail("a month 01 to 12", mpos);
      return Period::month(year, month);
    } else {
      c.rewind(mpos);
      return day_or_range(c, code_date_after_year(c, year, 0, false));
    }
  } else if (c.letters_count() > 0) {
    const auto month = month_name_prefix(c);
    if (!month)
      c.fail("Q, S, W, BiW, WedW, ThuW, FriW, SatW, SunW, a month number or a month name such "
             "as Oct",
             at);
    // The year a financial code names is its start year, except for November (DHIS2 names
    // 2019Nov, 2019NovQ1 and 2019NovS1 after the year in which that financial year ends),
    // unless the caller reads multi-calendar-dates' ids (NovemberNaming::start_year).
    const int start_year =
        november == NovemberNaming::start_year ? year : financial_start_year(year, *month);
    if (c.eat(U"S")) {
      const std::size_t npos = c.pos();
      const auto half = c.number(1);
      if (!half || *half < 1 || *half > 2) c.fail("a half 1 or 2", npos);
      p = Period::financial_half_year(start_year, *month, *half);
    } else if (c.eat(U"Q")) {
      const std::size_t npos = c.pos();
      const auto quarter = c.number(1);
      if (!quarter || *quarter < 1 || *quarter > 4) c.fail("a quarter 1 to 4", npos);
      p = Period::financial_quarter(start_year, *month, *quarter);
    } else {
      p = Period::financial_year_starting(start_year, *month);
    }
  } else {
    c.fail("Q, S, W, BiW, WedW, ThuW, FriW, SatW, SunW, B, '-', a month or a month name such as "
           "Oct",
           at);
  }
  c.expect_end();
  return p;
}

// ---------------------------------------------------------------------------------------------
// Chinese expressions

Date require_reference(Cursor& c, const PeriodTextOptions& o, std::size_t at, const char* what) {
  if (!o.reference) c.fail(std::string("a reference date for the relative expression ") + what, at);
  return *o.reference;
}

struct Year {
  int year;
  std::size_t pos;
  bool statistical = false; // 2019统计年度 / 考核年度
};

// 2019年 / 2019统计年度 / 2019考核年度 / 2019年度 / 今年 / 去年 ...; nothing consumed if absent.
std::optional<Year> chinese_year(Cursor& c, const PeriodTextOptions& o) {
  const std::size_t at = c.pos();
  struct Relative {
    std::u32string_view word;
    int offset;
  };
  static constexpr std::array<Relative, 6> relative{
      {{U"今年", 0}, {U"本年", 0}, {U"去年", -1}, {U"上年", -1}, {U"前年", -2}, {U"明年", 1}}};
  for (const auto& r : relative)
    if (c.eat(r.word)) {
      const int year = require_reference(c, o, at, "今年/去年").year() + r.offset;
      check_year_at(c, year, at); // 明年 of a reference in 9999
      const bool statistical = c.eat_any({U"统计年度", U"考核年度"});
      return Year{year, at, statistical};
    }
  const auto y = c.number(4);
  if (!y || c.pos() - at != 4) {
    c.rewind(at);
    return std::nullopt;
  }
  check_year_at(c, *y, at);
  if (c.eat_any({U"统计年度", U"考核年度"})) return Year{*y, at, true};
  if (c.eat(U"年")) return Year{*y, at, false};
  c.rewind(at);
  return std::nullopt;
}

// 一 … 九, or ASCII digits; nothing consumed if neither.
std::optional<int> small_numeral(Cursor& c) {
  static constexpr std::u32string_view digits = U"一二三四五六七八九";
  const auto k = digits.find(c.peek());
  if (k != std::u32string_view::npos) {
    c.rewind(c.pos() + 1);
    return static_cast<int>(k) + 1;
  }
  return c.number(2);
}

struct Point {
  std::optional<int> year; // absent: inherit
  int month = 0;
  std::optional<int> day;
  bool month_char = false; // 月 was written
  bool month_end = false;  // 月底 / 月末
  std::size_t pos = 0;
  std::size_t month_pos = 0;
  std::size_t day_pos = 0;
};

// [year] M [月[份]] [底|末 | D 日|号]
std::optional<Point> chinese_point(Cursor& c, const PeriodTextOptions& o, bool allow_year) {
  Point p;
  p.pos = c.pos();
  if (allow_year) {
    if (auto y = chinese_year(c, o)) {
      if (y->statistical) c.fail("a calendar year (统计年度 cannot start a date)", y->pos);
      p.year = y->year;
    }
  }
  p.month_pos = c.pos();
  const auto m = c.number(2);
  if (!m) {
    c.rewind(p.pos);
    return std::nullopt;
  }
  if (*m < 1 || *m > 12) c.fail("a month between 1 and 12", p.month_pos);
  p.month = *m;
  if (c.eat(U"月")) {
    p.month_char = true;
    c.eat(U"份");
    if (c.eat_any({U"底", U"末"})) {
      p.month_end = true;
    } else {
      p.day_pos = c.pos();
      if (auto d = c.number(2)) {
        if (!c.eat_any({U"日", U"号"})) c.fail("'日' after the day");
        p.day = *d;
      }
    }
  }
  return p;
}

int resolve_year(Cursor& c, const Point& p, std::optional<int> inherited,
                 const PeriodTextOptions& o) {
  if (p.year) return *p.year;
  if (inherited) return *inherited;
  if (o.reference) return o.reference->year();
  c.fail("a year (such as 2019年) or a reference date for text without a year", 0);
}

Date point_start(Cursor& c, const Point& p, int year) {
  if (!p.day) return month_start(year, p.month);
  check_day_in_month(c, year, p.month, *p.day, p.day_pos);
  return make_date(year, p.month, *p.day);
}

Date point_end(Cursor& c, const Point& p, int year) {
  if (!p.day) return month_end(year, p.month);
  return point_start(c, p, year);
}

Period parse_chinese(Cursor& c, const PeriodTextOptions& o) {
  const bool cumulative = c.eat_any({U"截至到", U"截止到", U"截至", U"截止"});
  if (cumulative) {
    const std::size_t at = c.pos();
    if (c.eat_any({U"目前", U"今天", U"今日", U"现在", U"当前"})) {
      const Date ref = require_reference(c, o, at, "截至目前");
      c.expect_end();
      return Period::cumulative_to(ref, o.cumulative_start_month);
    }
  }
  if (!cumulative) {
    const std::size_t at = c.pos();
    const bool this_month = c.eat(U"本月");
    const bool last_month = !this_month && c.eat(U"上月");
    if (this_month || last_month) {
      const Date ref = require_reference(c, o, at, "本月/上月");
      c.expect_end();
      const YearMonth m = add_months({year_of(ref), month_of(ref)}, last_month ? -1 : 0);
      check_year_at(c, m.year, at); // 上月 of January 1400
      return Period::month(m.year, m.month);
    }
  }
  const std::optional<Year> year = chinese_year(c, o);
  if (year && year->statistical) {
    if (cumulative) c.fail("a date or month after 截至", year->pos);
    const Period fy = Period::statistical_year(year->year, o.statistical_year_start_month);
    Period p = fy;
    if (c.eat(U"上半年"))
      p = Period::financial_half_year(fy.start_year(), o.statistical_year_start_month, 1);
    else if (c.eat(U"下半年"))
      p = Period::financial_half_year(fy.start_year(), o.statistical_year_start_month, 2);
    c.expect_end();
    return p;
  }
  if (year && !cumulative) {
    c.eat_any({U"度", U"全年"});
    if (c.at_end()) return Period::year(year->year);
    if (c.eat(U"上半年")) {
      c.expect_end();
      return Period::half_year(year->year, 1);
    }
    if (c.eat(U"下半年")) {
      c.expect_end();
      return Period::half_year(year->year, 2);
    }
    const std::size_t at = c.pos();
    const bool ordinal = c.eat(U"第");
    const std::size_t npos = c.pos();
    if (auto n = small_numeral(c)) {
      if (c.eat(U"季度")) {
        if (*n < 1 || *n > 4) c.fail("a quarter 一 to 四", npos);
        c.expect_end();
        return Period::quarter(year->year, *n);
      }
      if (ordinal && c.eat(U"双周")) { // DHIS2's BiWeekly: 2019年第3双周
        check_bi_week_at(c, year->year, *n, npos);
        c.expect_end();
        return Period::bi_week(year->year, *n);
      }
      if (ordinal && c.eat(U"周")) {
        // A week from another day names its start day: 2019年第5周（周三起）.
        const std::size_t wpos = c.pos();
        if (c.eat_any({U"（周", U"(周"})) {
          const std::size_t dpos = c.pos();
          std::optional<PeriodType> type;
          for (const auto& w : weekday_zh)
            if (!type && c.eat(w.text)) type = w.type;
          if (!type) c.fail("a start day 三, 四, 五, 六 or 日", dpos);
          if (!c.eat(U"起") || !c.eat_any({U"）", U")"})) c.fail("起）", wpos);
          check_weekly_at(c, *type, year->year, *n, npos);
          c.expect_end();
          return Period::weekly(*type, year->year, *n);
        }
        check_week_at(c, year->year, *n, npos);
        c.expect_end();
        return Period::iso_week(year->year, *n);
      }
    }
    if (ordinal) c.fail("a quarter (第一季度) or a week (第5周)", npos);
    c.rewind(at);
  }
  if (year && cumulative && c.eat_any({U"底", U"末"})) {
    c.expect_end();
    return Period::cumulative_to(month_end(year->year, 12), o.cumulative_start_month);
  }

  const std::optional<int> inherited = year ? std::optional<int>(year->year) : std::nullopt;
  const auto first = chinese_point(c, o, false);
  if (!first)
    c.fail(year ? "a month, 上半年, 下半年 or a quarter" : "a year such as 2019年, or a month",
           c.pos());
  const int y1 = resolve_year(c, *first, inherited, o);

  if (cumulative) {
    if (!first->month_char) c.fail("'月'");
    c.expect_end();
    return Period::cumulative_to(point_end(c, *first, y1), o.cumulative_start_month);
  }
  if (first->month_end) c.fail("截至 before a month end (截至11月底)", first->pos);
  const Date start = point_start(c, *first, y1);

  const std::size_t since = c.pos();
  if (c.eat_any({U"至今", U"以来"})) {
    const Date ref = require_reference(c, o, since, "至今");
    if (ref < start) c.fail("a start not after the reference date", first->pos);
    c.expect_end();
    return Period::range(start, ref);
  }
  if (c.eat_any({U"-", U"至", U"到"})) {
    const auto second = chinese_point(c, o, true);
    if (!second) c.fail("a month or a date after the dash");
    if (!second->month_char) c.fail("'月'");
    if (second->month_end) c.fail("a month or a date (月底 only after 截至)", second->pos);
    int y2 = resolve_year(c, *second, y1, o);
    Date end = point_end(c, *second, y2);
    // "10月1日至5月31日" in a 考核年度: the end without a year lies after the start.
    if (end < start && !second->year) end = point_end(c, *second, ++y2);
    if (end < start) c.fail("an end not before the start", second->pos);
    c.expect_end();
    return Period::range(start, end);
  }
  if (!first->month_char) c.fail("'月'");
  c.expect_end();
  if (first->day) return Period::day(start);
  return Period::month(y1, first->month);
}

} // namespace

// ---------------------------------------------------------------------------------------------
// Period members

Period Period::parse(std::string_view text, const PeriodTextOptions& options) {
  check_in(options.statistical_year_start_month, 1, 12, "statistical_year_start_month");
  check_in(options.cumulative_start_month, 1, 12, "cumulative_start_month");
  if (options.reference && !in_calendar(*options.reference))
    throw invalid_input("reference", "is not a day of the calendar " + std::string(calendar_span));
  Cursor c(text);
  if (c.at_end()) c.fail("a period such as 2019, 2019Q1, 2019年1-11月 or 2024年上半年");
  try {
    return c.has_non_ascii() ? parse_chinese(c, options) : parse_code(c, options.november_naming);
  } catch (const outside_calendar& e) {
    // Text that reads well but names a period the calendar cuts: "9999Oct" ends in 10000,
    // "截至1400年3月底" with a year starting in October begins in 1399. The parser checks years
    // and weeks where it reads them; these are only found when the period is built.
    throw parse_error("period", std::string(text), 0,
                      "a period inside the calendar " + std::string(calendar_span) + " (" +
                          e.field() + " " + e.reason() + ")");
  }
}

std::string Period::code() const { return code(NovemberNaming::end_year); }

std::string Period::code(NovemberNaming naming) const {
  // multi-calendar-dates names a November period by its start year and spells the halves and
  // quarters out (2023NovemberS1); its financial year keeps the short form (2022Nov).
  const bool by_start = naming == NovemberNaming::start_year && year_start_month_ == 11;
  const auto code_year = [&](int start_year) {
    return by_start ? start_year : financial_code_year(start_year, year_start_month_);
  };
  const std::string y = std::to_string(year_of(start_));
  switch (type_) {
  case PeriodType::day: return boost::gregorian::to_iso_string(start_);
  case PeriodType::week: {
    // DHIS2 writes week numbers without a leading zero (2023W1); 2023W01 is still read.
    const auto w = iso_week_of(start_);
    return std::to_string(w.year) + "W" + std::to_string(w.week);
  }
  case PeriodType::week_wednesday:
  case PeriodType::week_thursday:
  case PeriodType::week_friday:
  case PeriodType::week_saturday:
  case PeriodType::week_sunday: {
    const auto w = week_of(type_, start_);
    std::string_view prefix;
    for (const auto& wp : weekly_prefixes)
      if (wp.type == type_) prefix = wp.code;
    return std::to_string(w.year) + std::string(prefix) + std::to_string(w.week);
  }
  case PeriodType::bi_week: {
    const auto w = iso_week_of(start_);
    return std::to_string(w.year) + "BiW" + std::to_string((w.week + 1) / 2);
  }
  case PeriodType::month: return y + two(month_of(start_));
  case PeriodType::bi_month: return y + two((month_of(start_) + 1) / 2) + "B";
  case PeriodType::quarter: return y + "Q" + std::to_string((month_of(start_) + 2) / 3);
  case PeriodType::half_year: return y + "S" + std::to_string(month_of(start_) <= 6 ? 1 : 2);
  case PeriodType::year: return y;
  case PeriodType::financial_year:
    return std::to_string(code_year(year_of(start_))) +
           std::string(month_names[static_cast<std::size_t>(year_start_month_ - 1)].code);
  case PeriodType::financial_half_year:
  case PeriodType::financial_quarter: {
    const bool half = type_ == PeriodType::financial_half_year;
    const FinancialHalf h = financial_half_of(*this, half ? 6 : 3);
    return std::to_string(code_year(h.year_start_year)) +
           (by_start
                ? std::string("November")
                : std::string(month_names[static_cast<std::size_t>(year_start_month_ - 1)].code)) +
           (half ? "S" : "Q") + std::to_string(h.index);
  }
  case PeriodType::range: return iso(start_) + "/" + iso(end_);
  }
  return iso(start_) + "/" + iso(end_);
}

std::string Period::chinese(const PeriodTextOptions& options) const {
  check_in(options.statistical_year_start_month, 1, 12, "statistical_year_start_month");
  check_in(options.cumulative_start_month, 1, 12, "cumulative_start_month");
  static constexpr std::array<std::string_view, 4> quarters{"一", "二", "三", "四"};
  const int y = year_of(start_);
  const auto date_zh = [](Date d) {
    return std::to_string(year_of(d)) + "年" + std::to_string(month_of(d)) + "月" +
           std::to_string(day_of(d)) + "日";
  };
  switch (type_) {
  case PeriodType::day: return date_zh(start_);
  case PeriodType::week: {
    const auto w = iso_week_of(start_);
    return std::to_string(w.year) + "年第" + std::to_string(w.week) + "周";
  }
  case PeriodType::week_wednesday:
  case PeriodType::week_thursday:
  case PeriodType::week_friday:
  case PeriodType::week_saturday:
  case PeriodType::week_sunday: {
    // The week number in its week-year and the day it starts on: 2019年第5周（周三起）.
    const auto w = week_of(type_, start_);
    std::string_view day;
    for (const auto& wd : weekday_zh)
      if (wd.type == type_) day = wd.utf8;
    return std::to_string(w.year) + "年第" + std::to_string(w.week) + "周（周" + std::string(day) +
           "起）";
  }
  case PeriodType::bi_week: {
    const auto w = iso_week_of(start_);
    return std::to_string(w.year) + "年第" + std::to_string((w.week + 1) / 2) + "双周";
  }
  case PeriodType::month: return month_name_zh(y, month_of(start_));
  case PeriodType::quarter:
    return std::to_string(y) + "年第" +
           std::string(quarters[static_cast<std::size_t>((month_of(start_) - 1) / 3)]) + "季度";
  case PeriodType::half_year:
    return std::to_string(y) + (month_of(start_) == 1 ? "年上半年" : "年下半年");
  case PeriodType::year: return std::to_string(y) + "年";
  case PeriodType::financial_year:
    if (year_start_month_ == options.statistical_year_start_month)
      return std::to_string(year_of(end_)) + "统计年度";
    break;
  case PeriodType::financial_half_year:
    if (year_start_month_ == options.statistical_year_start_month) {
      const FinancialHalf h = financial_half_of(*this);
      return std::to_string(h.year_start_year + 1) + "统计年度" + (h.first ? "上半年" : "下半年");
    }
    break;
  case PeriodType::bi_month:
  case PeriodType::financial_quarter:
  case PeriodType::range: break;
  }
  // Ranges, two-month periods, financial quarters and financial years of another start month:
  // as date ranges.
  if (month_aligned()) {
    if (year_of(start_) == year_of(end_) && month_of(start_) < month_of(end_))
      return std::to_string(y) + "年" + std::to_string(month_of(start_)) + "-" +
             std::to_string(month_of(end_)) + "月";
    if (year_of(start_) != year_of(end_))
      return month_name_zh(y, month_of(start_)) + "至" +
             month_name_zh(year_of(end_), month_of(end_));
  }
  // A cumulative window (截至…) starts on the first of the cumulative start month; that first
  // may lie before the calendar (1400-03-05 with a year from October), then it is no window.
  const int csm = options.cumulative_start_month;
  const int window_year = month_of(end_) >= csm ? year_of(end_) : year_of(end_) - 1;
  if (window_year >= first_year && day_of(start_) == 1 && month_of(start_) == csm &&
      year_of(start_) == window_year && start_ != end_)
    return "截至" + date_zh(end_);
  return date_zh(start_) + "至" + date_zh(end_);
}

} // namespace zhibiao
