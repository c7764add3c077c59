#include "zhibiao/period.hpp"

#include "zhibiao/detail/calendar.hpp"
#include "zhibiao/detail/names.hpp"
#include "zhibiao/detail/utf8.hpp"

#include "zhibiao/error.hpp"
#include <boost/date_time/gregorian/gregorian.hpp>

#include <algorithm>
#include <array>
#include <cstdio>
#include <optional>
#include <utility>

namespace zhibiao {

namespace detail {

namespace {

std::string date_text(int year, int month, int day) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
  return buf;
}

// Day numbers of the calendar's ends (Boost counts days from 4714 BC; only differences matter).
// Function-local statics: safe to use from any other translation unit's static initialisation.
long long first_number() {
  static const long long n = Date(first_year, 1, 1).day_number();
  return n;
}
long long final_number() {
  static const long long n = Date(last_year, 12, 31).day_number();
  return n;
}

int days_since_monday(Date d) { return (d.day_of_week().as_number() + 6) % 7; } // Sunday is 0

// Day number of the Monday of ISO week `week` of `iso_year` (a calendar year): week 1 is the week
// containing 4 January (ISO 8601).
long long iso_monday_number(int iso_year, int week) {
  const Date jan4(static_cast<unsigned short>(iso_year), 1, 4);
  return static_cast<long long>(jan4.day_number()) - days_since_monday(jan4) + 7LL * (week - 1);
}

} // namespace

Date first_day() noexcept { return Date(first_year, 1, 1); }
Date final_day() noexcept { return Date(last_year, 12, 31); }

bool in_calendar(Date d) noexcept {
  if (d.is_special()) return false;
  const long long n = d.day_number();
  return first_number() <= n && n <= final_number();
}

void check_year(int year, std::string_view field) {
  // Boost.Gregorian's range; also keeps codes at four digits.
  if (year < first_year || year > last_year)
    throw outside_calendar(std::string(field),
                           "must be between 1400 and 9999, got " + std::to_string(year));
}

void check_in(int value, int low, int high, std::string_view field) {
  if (value < low || value > high)
    throw invalid_input(std::string(field), "must be between " + std::to_string(low) + " and " +
                                                std::to_string(high) + ", got " +
                                                std::to_string(value));
}

bool is_leap_year(int year) noexcept {
  return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
}

int last_day(int year, int month) noexcept {
  static constexpr std::array<int, 12> days{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month == 2 && is_leap_year(year)) return 29;
  return days[static_cast<std::size_t>((month - 1) % 12)];
}

Date make_date(int year, int month, int day, std::string_view field) {
  if (year < first_year)
    throw outside_calendar(std::string(field),
                           date_text(year, month, day) +
                               " is before 1400-01-01, the calendar's first day");
  if (year > last_year)
    throw outside_calendar(std::string(field), date_text(year, month, day) +
                                                   " is after 9999-12-31, the calendar's last day");
  return Date(static_cast<unsigned short>(year), static_cast<unsigned short>(month),
              static_cast<unsigned short>(day));
}

Date month_start(int year, int month) { return make_date(year, month, 1); }

Date month_end(int year, int month) { return make_date(year, month, last_day(year, month)); }

Date add_days(Date d, long long n, std::string_view field) {
  if (!in_calendar(d)) throw outside_calendar(std::string(field), "is not a day of the calendar");
  // Compared before adding, so that no n (up to ±2^63) overflows.
  const long long from = d.day_number();
  if (n < first_number() - from)
    throw outside_calendar(std::string(field),
                           "would be before 1400-01-01, the calendar's first day");
  if (n > final_number() - from)
    throw outside_calendar(std::string(field),
                           "would be after 9999-12-31, the calendar's last day");
  return first_day() + boost::gregorian::days(static_cast<long>(from + n - first_number()));
}

YearMonth add_months(YearMonth ym, int k) noexcept {
  // Floor division, so that a month far before year 0 (previous() of a range spanning the
  // calendar) is still a month 1–12 of some year, which make_date then refuses.
  const int index = ym.year * 12 + (ym.month - 1) + k;
  const int year = index >= 0 ? index / 12 : -((-index + 11) / 12);
  return {year, index - year * 12 + 1};
}

bool is_month_end(Date d) noexcept { return day_of(d) == last_day(year_of(d), month_of(d)); }

Date shift_one_year_back(Date d, bool keep_month_end) {
  const int y = year_of(d) - 1, m = month_of(d);
  const int day =
      keep_month_end && is_month_end(d) ? last_day(y, m) : std::min<int>(day_of(d), last_day(y, m));
  return make_date(y, m, day);
}

int days_to_same_day_next_year(Date d) noexcept {
  // A year later is 366 days when a 29 February lies between: this year's for a day up to
  // 28 February, next year's for a day from 1 March. 29 February itself maps to 28 February.
  const int y = year_of(d), m = month_of(d);
  if (m == 2 && day_of(d) == 29) return 365;
  return is_leap_year(m <= 2 ? y : y + 1) ? 366 : 365;
}

IsoWeek iso_week_of(Date monday) {
  // The ISO year of a week is the year of its Thursday (ISO 8601, week 1 contains 4 January).
  const Date thursday = add_days(monday, 3, "week");
  return {year_of(thursday), thursday.week_number()};
}

Date iso_week_monday(int iso_year, int week) {
  const long long monday = iso_monday_number(iso_year, week);
  const std::string which = "ISO week " + std::to_string(week) + " of " + std::to_string(iso_year);
  if (monday < first_number())
    throw outside_calendar("week", which + " begins before 1400-01-01, the calendar's first day");
  if (monday + 6 > final_number())
    throw outside_calendar("week", which + " ends after 9999-12-31, the calendar's last day");
  return first_day() + boost::gregorian::days(static_cast<long>(monday - first_number()));
}

int first_week_in_calendar(int iso_year) {
  return iso_monday_number(iso_year, 1) < first_number() ? 2 : 1;
}

int last_week_in_calendar(int iso_year) {
  const int weeks = iso_weeks_in_year(iso_year);
  return iso_monday_number(iso_year, weeks) + 6 > final_number() ? weeks - 1 : weeks;
}

int week_start_weekday(PeriodType type) noexcept {
  switch (type) {
  case PeriodType::week: return 1;
  case PeriodType::week_wednesday: return 3;
  case PeriodType::week_thursday: return 4;
  case PeriodType::week_friday: return 5;
  case PeriodType::week_saturday: return 6;
  case PeriodType::week_sunday: return 0;
  default: return -1;
  }
}

namespace {

// Day number of 4 January of `year`, for years first_year … last_year + 1 (the year after the
// calendar's last is needed to count the weeks of 9999; 9999 has 365 days).
long long jan4_number(int year) noexcept {
  if (year > last_year) return Date(last_year, 1, 4).day_number() + 365LL * (year - last_year);
  return Date(static_cast<unsigned short>(year), 1, 4).day_number();
}

// Boost's weekday (Sunday 0) of a day number: day number 0 (24 November 4714 BC) was a Monday.
int weekday_of_number(long long n) noexcept { return static_cast<int>((n + 1) % 7); }

// Day number of the first day of week 1 of `week_year`: the week from the start day that
// contains 4 January (a week has at least four of its days in the year it is numbered in).
long long week_one_number(int start_weekday, int week_year) noexcept {
  const long long j4 = jan4_number(week_year);
  return j4 - (weekday_of_number(j4) - start_weekday + 7) % 7;
}

} // namespace

int weeks_in_week_year(PeriodType type, int week_year) noexcept {
  const int s = week_start_weekday(type);
  return static_cast<int>((week_one_number(s, week_year + 1) - week_one_number(s, week_year)) / 7);
}

IsoWeek week_of(PeriodType type, Date start) {
  const Date fourth = add_days(start, 3, "week");
  const int year = year_of(fourth);
  const long long first = week_one_number(week_start_weekday(type), year);
  return {year, static_cast<int>((static_cast<long long>(start.day_number()) - first) / 7 + 1)};
}

Date week_start_day(PeriodType type, int week_year, int week) {
  const long long n = week_one_number(week_start_weekday(type), week_year) + 7LL * (week - 1);
  const std::string which = std::string(to_string(type)) + " " + std::to_string(week) + " of " +
                            std::to_string(week_year);
  if (n < first_number())
    throw outside_calendar("week", which + " begins before 1400-01-01, the calendar's first day");
  if (n + 6 > final_number())
    throw outside_calendar("week", which + " ends after 9999-12-31, the calendar's last day");
  return first_day() + boost::gregorian::days(static_cast<long>(n - first_number()));
}

int first_weekly_in_calendar(PeriodType type, int week_year) noexcept {
  return week_one_number(week_start_weekday(type), week_year) < first_number() ? 2 : 1;
}

int last_weekly_in_calendar(PeriodType type, int week_year) noexcept {
  const int weeks = weeks_in_week_year(type, week_year);
  const long long last = week_one_number(week_start_weekday(type), week_year) + 7LL * (weeks - 1);
  return last + 6 > final_number() ? weeks - 1 : weeks;
}

int financial_code_year(int start_year, int start_month) noexcept {
  return start_month == 11 ? start_year + 1 : start_year;
}

int financial_start_year(int code_year, int start_month) noexcept {
  return start_month == 11 ? code_year - 1 : code_year;
}

} // namespace detail

using namespace detail;

namespace {

Date checked_date(int year, int month, int day) {
  check_year(year, "year");
  check_in(month, 1, 12, "month");
  check_in(day, 1, last_day(year, month), "day");
  return make_date(year, month, day, "year");
}

// A date given to zhibiao: compared by day number, since Boost throws when asked the year of a
// day outside its calendar.
Date check_valid(Date d, std::string_view field) {
  if (d.is_special()) throw invalid_input(std::string(field), "is not a valid date");
  if (!in_calendar(d))
    throw outside_calendar(std::string(field),
                           "is outside the calendar " + std::string(calendar_span));
  return d;
}

// Runs a Period operation that derives another period (next(), same_period_last_year(), ...):
// when the result would leave the calendar, the error names the operation and the period, e.g.
// "period: next() of 99991231 leaves the calendar 1400-01-01 … 9999-12-31 (date: would be after
// 9999-12-31, the calendar's last day)".
template <class F>
auto within_calendar(const Period& p, std::string_view operation, F&& f) {
  try {
    return f();
  } catch (const outside_calendar& e) {
    throw invalid_input("period", std::string(operation) + " of " + p.code() +
                                      " leaves the calendar " + std::string(calendar_span) + " (" +
                                      e.field() + ": " + e.reason() + ")");
  }
}

// [first month, first month + count) as month-aligned dates.
std::pair<Date, Date> month_span(YearMonth first, int count) {
  const YearMonth last = add_months(first, count - 1);
  return {month_start(first.year, first.month), month_end(last.year, last.month)};
}

constexpr std::array<std::string_view, 17> period_type_names{"day",
                                                             "week",
                                                             "month",
                                                             "bi_month",
                                                             "quarter",
                                                             "half_year",
                                                             "year",
                                                             "financial_year",
                                                             "financial_half_year",
                                                             "range",
                                                             "week_wednesday",
                                                             "week_thursday",
                                                             "week_friday",
                                                             "week_saturday",
                                                             "week_sunday",
                                                             "bi_week",
                                                             "financial_quarter"};

} // namespace

std::string_view to_string(PeriodType type) noexcept {
  return detail::name_of(period_type_names, type);
}

bool is_weekly(PeriodType type) noexcept { return week_start_weekday(type) >= 0; }

std::optional<PeriodType> find_period_type(std::string_view text) {
  const std::string t = lower_ascii(text);
  if (const auto found = detail::find_name<PeriodType>(period_type_names, t)) return found;
  // DHIS2's periodType names of the types that have one (its financial years carry their start
  // month in the name, FinancialApril, and are periods, not types, here).
  static constexpr std::array<std::pair<std::string_view, PeriodType>, 21> dhis2{{
      {"daily", PeriodType::day},
      {"weekly", PeriodType::week},
      {"weeklywednesday", PeriodType::week_wednesday},
      {"weeklythursday", PeriodType::week_thursday},
      {"weeklyfriday", PeriodType::week_friday},
      {"weeklysaturday", PeriodType::week_saturday},
      {"weeklysunday", PeriodType::week_sunday},
      {"biweekly", PeriodType::bi_week},
      {"monthly", PeriodType::month},
      {"bimonthly", PeriodType::bi_month},
      {"quarterly", PeriodType::quarter},
      {"sixmonthly", PeriodType::half_year},
      {"yearly", PeriodType::year},
      // The financial kinds name their start month, which is a separate setting here
      // (year_start_month): QuarterlyNov is a financial_quarter from November, and so on.
      {"quarterlynov", PeriodType::financial_quarter},
      {"sixmonthlyapril", PeriodType::financial_half_year},
      {"sixmonthlynov", PeriodType::financial_half_year},
      {"financialapril", PeriodType::financial_year},
      {"financialjuly", PeriodType::financial_year},
      {"financialoct", PeriodType::financial_year},
      {"financialnov", PeriodType::financial_year},
      {"financialsep", PeriodType::financial_year},
  }};
  for (const auto& [name, type] : dhis2)
    if (name == t) return type;
  return std::nullopt;
}

PeriodType parse_period_type(std::string_view text, std::string_view field) {
  if (const auto t = find_period_type(text)) return *t;
  throw invalid_input(std::string(field),
                      "unknown period type '" + std::string(text) +
                          "'; expected day, week, month, bi_month, quarter, half_year, year, "
                          "financial_year, financial_half_year, range, week_wednesday, "
                          "week_thursday, week_friday, week_saturday, week_sunday, bi_week or "
                          "financial_quarter (or DHIS2's Monthly, Quarterly, WeeklyWednesday, "
                          "BiWeekly, …)");
}

int iso_weeks_in_year(int iso_year) {
  check_year(iso_year, "year");
  // 28 December always lies in the last ISO week of its year.
  return Date(static_cast<unsigned short>(iso_year), 12, 28).week_number();
}

int weeks_in_year(PeriodType type, int week_year) {
  if (!is_weekly(type))
    throw invalid_input("type", "must be a weekly period type (week, week_wednesday, "
                                "week_thursday, week_friday, week_saturday, week_sunday), got " +
                                    std::string(to_string(type)));
  check_year(week_year, "week_year");
  return weeks_in_week_year(type, week_year);
}

int bi_weeks_in_year(int iso_year) { return (iso_weeks_in_year(iso_year) + 1) / 2; }

// --- construction ---------------------------------------------------------------------------

Period Period::day(Date date) {
  check_valid(date, "date");
  return Period(PeriodType::day, date, date, 1);
}

Period Period::day(int year, int month, int day) {
  return Period::day(checked_date(year, month, day));
}

Period Period::iso_week(int iso_year, int week) {
  const int weeks = iso_weeks_in_year(iso_year);
  if (week < 1 || week > weeks)
    throw invalid_input("week", "must be between 1 and " + std::to_string(weeks) + " (ISO year " +
                                    std::to_string(iso_year) + " has " + std::to_string(weeks) +
                                    " weeks), got " + std::to_string(week));
  const Date monday = iso_week_monday(iso_year, week); // 1400W01 and 9999W52 leave the calendar
  return Period(PeriodType::week, monday, add_days(monday, 6, "week"), 1);
}

Period Period::weekly(PeriodType type, int week_year, int week) {
  const int weeks = weeks_in_year(type, week_year);
  if (type == PeriodType::week) return iso_week(week_year, week);
  if (week < 1 || week > weeks)
    throw invalid_input("week", "must be between 1 and " + std::to_string(weeks) + " (" +
                                    std::string(to_string(type)) + " year " +
                                    std::to_string(week_year) + " has " + std::to_string(weeks) +
                                    " weeks), got " + std::to_string(week));
  const Date first = week_start_day(type, week_year, week);
  return Period(type, first, add_days(first, 6, "week"), 1);
}

Period Period::bi_week(int iso_year, int index) {
  const int count = bi_weeks_in_year(iso_year);
  if (index < 1 || index > count)
    throw invalid_input("index", "must be between 1 and " + std::to_string(count) + " (ISO year " +
                                     std::to_string(iso_year) + " has " +
                                     std::to_string(iso_weeks_in_year(iso_year)) + " weeks), got " +
                                     std::to_string(index));
  const Date monday = iso_week_monday(iso_year, 2 * index - 1);
  return Period(PeriodType::bi_week, monday, add_days(monday, 13, "bi_week"), 1);
}

Period Period::month(int year, int month) {
  check_year(year, "year");
  check_in(month, 1, 12, "month");
  return Period(PeriodType::month, month_start(year, month), month_end(year, month), 1);
}

Period Period::bi_month(int year, int index) {
  check_year(year, "year");
  check_in(index, 1, 6, "bi_month");
  const auto [s, e] = month_span({year, 2 * index - 1}, 2);
  return Period(PeriodType::bi_month, s, e, 1);
}

Period Period::quarter(int year, int quarter) {
  check_year(year, "year");
  check_in(quarter, 1, 4, "quarter");
  const auto [s, e] = month_span({year, 3 * quarter - 2}, 3);
  return Period(PeriodType::quarter, s, e, 1);
}

Period Period::half_year(int year, int half) {
  check_year(year, "year");
  check_in(half, 1, 2, "half");
  const auto [s, e] = month_span({year, 6 * half - 5}, 6);
  return Period(PeriodType::half_year, s, e, 1);
}

Period Period::year(int year) {
  check_year(year, "year");
  return Period(PeriodType::year, month_start(year, 1), month_end(year, 12), 1);
}

Period Period::statistical_year(int end_year, int start_month) {
  check_in(start_month, 1, 12, "start_month");
  if (start_month == 1) return Period::year(end_year);
  check_year(end_year - 1, "end_year");
  check_year(end_year, "end_year");
  const auto [s, e] = month_span({end_year - 1, start_month}, 12);
  return Period(PeriodType::financial_year, s, e, start_month);
}

Period Period::financial_year_starting(int start_year, int start_month) {
  check_in(start_month, 1, 12, "start_month");
  return start_month == 1 ? Period::year(start_year)
                          : Period::statistical_year(start_year + 1, start_month);
}

Period Period::financial_half_year(int start_year, int start_month, int half) {
  check_in(start_month, 1, 12, "start_month");
  check_in(half, 1, 2, "half");
  if (start_month == 1) return Period::half_year(start_year, half);
  const Period fy = financial_year_starting(start_year, start_month);
  const auto [s, e] = month_span(add_months({start_year, start_month}, 6 * (half - 1)), 6);
  return Period(PeriodType::financial_half_year, s, e, fy.year_start_month());
}

Period Period::financial_quarter(int start_year, int start_month, int quarter) {
  check_in(start_month, 1, 12, "start_month");
  check_in(quarter, 1, 4, "quarter");
  if (start_month == 1) return Period::quarter(start_year, quarter);
  const Period fy = financial_year_starting(start_year, start_month);
  const auto [s, e] = month_span(add_months({start_year, start_month}, 3 * (quarter - 1)), 3);
  return Period(PeriodType::financial_quarter, s, e, fy.year_start_month());
}

Period Period::range(Date first, Date last) {
  check_valid(first, "first");
  check_valid(last, "last");
  if (last < first)
    throw invalid_input("last", "is before first (" +
                                    boost::gregorian::to_iso_extended_string(last) + " < " +
                                    boost::gregorian::to_iso_extended_string(first) + ")");
  return Period(PeriodType::range, first, last, 1);
}

Period Period::cumulative_to(Date last, int start_month) {
  check_valid(last, "last");
  check_in(start_month, 1, 12, "start_month");
  const int year = month_of(last) >= start_month ? year_of(last) : year_of(last) - 1;
  if (year < first_year) // 1400-03-05 counted from October: the window would start in 1399
    throw outside_calendar("last", "its window from month " + std::to_string(start_month) + " of " +
                                       std::to_string(year) +
                                       " begins before 1400-01-01, the calendar's first day");
  return Period(PeriodType::range, month_start(year, start_month), last, start_month);
}

// --- observers ------------------------------------------------------------------------------

Period::Period(PeriodType type, Date start, Date end, int year_start_month)
    : type_(type), start_(start), end_(end), year_start_month_(year_start_month) {
  // Every path above checks its dates already; this keeps the invariant that every Period's
  // dates are in the calendar (so that year_of() and the texts cannot throw) in one place.
  if (!in_calendar(start) || !in_calendar(end))
    throw outside_calendar("period", "runs outside the calendar " + std::string(calendar_span));
  // A financial half year or quarter is named by its financial year, which must be in the calendar
  // too (the half 1400-04 … 1400-09 of the year from October 1399 has no code).
  if (type == PeriodType::financial_half_year || type == PeriodType::financial_quarter) {
    const int y = year_of(start), m = month_of(start);
    const int first = m >= year_start_month ? y : y - 1;
    if (first < first_year || add_months({first, year_start_month}, 11).year > last_year)
      throw outside_calendar("period", "its financial year, from month " +
                                           std::to_string(year_start_month) + " of " +
                                           std::to_string(first) + ", is not all in the calendar");
  }
}

int Period::days() const noexcept { return static_cast<int>((end_ - start_).days()) + 1; }

bool Period::month_aligned() const noexcept { return day_of(start_) == 1 && is_month_end(end_); }

int Period::months() const {
  if (!month_aligned()) throw invalid_input("period", code() + " does not consist of whole months");
  return (year_of(end_) * 12 + month_of(end_)) - (year_of(start_) * 12 + month_of(start_)) + 1;
}

std::strong_ordering operator<=>(const Period& a, const Period& b) noexcept {
  if (a.start_ != b.start_)
    return a.start_ < b.start_ ? std::strong_ordering::less : std::strong_ordering::greater;
  if (a.end_ != b.end_)
    return a.end_ < b.end_ ? std::strong_ordering::less : std::strong_ordering::greater;
  return a.type_ <=> b.type_;
}

// --- relations and derived periods ------------------------------------------------------------

std::optional<Period> Period::intersect(const Period& other) const {
  if (!overlaps(other)) return std::nullopt;
  Period p = Period::range(std::max(start_, other.start_), std::min(end_, other.end_));
  p.year_start_month_ = year_start_month_;
  return p;
}

std::vector<Period> Period::split_months() const {
  std::vector<Period> out;
  for (YearMonth ym{year_of(start_), month_of(start_)};
       ym.year * 12 + ym.month <= year_of(end_) * 12 + month_of(end_); ym = add_months(ym, 1)) {
    const Date s = std::max(start_, month_start(ym.year, ym.month));
    const Date e = std::min(end_, month_end(ym.year, ym.month));
    out.push_back(day_of(s) == 1 && is_month_end(e) ? Period::month(ym.year, ym.month)
                                                    : Period::range(s, e));
  }
  return out;
}

std::vector<Period> Period::split_days() const {
  std::vector<Period> out;
  out.reserve(static_cast<std::size_t>(days()));
  // Stops at end_ before stepping past it: end_ may be the calendar's last day.
  for (Date d = start_;; d += boost::gregorian::days(1)) {
    out.push_back(Period::day(d));
    if (d == end_) break;
  }
  return out;
}

Period Period::same_period_last_year() const {
  return within_calendar(*this, "same_period_last_year()", [&] { return one_year_back(); });
}

Period Period::one_year_back() const {
  switch (type_) {
  case PeriodType::day: return Period::day(shift_one_year_back(start_, false));
  case PeriodType::week: {
    const auto w = iso_week_of(start_);
    check_year(w.year - 1, "year");
    return Period::iso_week(w.year - 1, std::min(w.week, iso_weeks_in_year(w.year - 1)));
  }
  case PeriodType::week_wednesday:
  case PeriodType::week_thursday:
  case PeriodType::week_friday:
  case PeriodType::week_saturday:
  case PeriodType::week_sunday: {
    // Week n of the year before; week 53 becomes 52 where that year has no week 53.
    const auto w = week_of(type_, start_);
    check_year(w.year - 1, "year");
    return Period::weekly(type_, w.year - 1,
                          std::min(w.week, weeks_in_week_year(type_, w.year - 1)));
  }
  case PeriodType::bi_week: {
    const auto w = iso_week_of(start_);
    check_year(w.year - 1, "year");
    return Period::bi_week(w.year - 1, std::min((w.week + 1) / 2, bi_weeks_in_year(w.year - 1)));
  }
  case PeriodType::range: {
    Period p = Period::range(shift_one_year_back(start_, false), shift_one_year_back(end_, true));
    p.year_start_month_ = year_start_month_;
    return p;
  }
  case PeriodType::month:
  case PeriodType::bi_month:
  case PeriodType::quarter:
  case PeriodType::half_year:
  case PeriodType::year:
  case PeriodType::financial_year:
  case PeriodType::financial_half_year:
  case PeriodType::financial_quarter: return moved_by_months(-12);
  }
  return moved_by_months(-12);
}

Period Period::previous() const {
  return within_calendar(*this, "previous()", [&] { return shifted(-1); });
}
Period Period::next() const {
  return within_calendar(*this, "next()", [&] { return shifted(+1); });
}

Period Period::shifted(int direction) const {
  switch (type_) {
  case PeriodType::day: return Period::day(add_days(start_, direction));
  case PeriodType::week: return Period::day(add_days(start_, 7LL * direction)).as_week();
  case PeriodType::week_wednesday:
  case PeriodType::week_thursday:
  case PeriodType::week_friday:
  case PeriodType::week_saturday:
  case PeriodType::week_sunday: return week_starting(add_days(start_, 7LL * direction));
  case PeriodType::bi_week: {
    // The next or previous index, across the ISO year's end: 2020BiW27 (ISO week 53 and
    // 2021W01) is followed by 2021BiW1, and preceded by 2020BiW26; 2021BiW1 is preceded by
    // 2020BiW27 (DHIS2 goes back to 2020BiW26 there: docs/periods.md §7.4).
    const auto w = iso_week_of(start_);
    const int index = (w.week + 1) / 2;
    if (direction > 0) {
      if (index < bi_weeks_in_year(w.year)) return Period::bi_week(w.year, index + 1);
      check_year(w.year + 1, "year");
      return Period::bi_week(w.year + 1, 1);
    }
    if (index > 1) return Period::bi_week(w.year, index - 1);
    check_year(w.year - 1, "year");
    return Period::bi_week(w.year - 1, bi_weeks_in_year(w.year - 1));
  }
  case PeriodType::range:
    if (!month_aligned()) {
      const long long n = static_cast<long long>(days()) * direction;
      Period p = Period::range(add_days(start_, n), add_days(end_, n));
      p.year_start_month_ = year_start_month_;
      return p;
    }
    return moved_by_months(months() * direction);
  case PeriodType::month:
  case PeriodType::bi_month:
  case PeriodType::quarter:
  case PeriodType::half_year:
  case PeriodType::year:
  case PeriodType::financial_year:
  case PeriodType::financial_half_year:
  case PeriodType::financial_quarter: return moved_by_months(months() * direction);
  }
  return moved_by_months(months() * direction);
}

Period Period::as_week() const {
  const auto w = iso_week_of(start_);
  return Period::iso_week(w.year, w.week);
}

Period Period::week_starting(Date start) const {
  const auto w = week_of(type_, start);
  return Period::weekly(type_, w.year, w.week);
}

Period Period::moved_by_months(int delta) const {
  const YearMonth first = add_months({year_of(start_), month_of(start_)}, delta);
  const auto [s, e] = month_span(first, months()); // checked: month_start / month_end
  return Period(type_, s, e, year_start_month_);
}

Period Period::year_to_date() const {
  return within_calendar(*this, "year_to_date()",
                         [&] { return Period::cumulative_to(end_, year_start_month_); });
}

Period Period::containing_year() const {
  const int end_year = month_of(end_) >= year_start_month_ && year_start_month_ != 1
                           ? year_of(end_) + 1
                           : year_of(end_);
  return within_calendar(*this, "containing_year()",
                         [&] { return Period::statistical_year(end_year, year_start_month_); });
}

// --- time progress --------------------------------------------------------------------------

double Period::elapsed_share(Date as_of, ProgressBasis basis) const {
  check_valid(as_of, "as_of");
  if (basis == ProgressBasis::months) {
    const int total = months();
    if (as_of < start_) return 0.0;
    if (as_of >= end_) return 1.0;
    // Whole months completed: up to as_of's month if as_of is its last day, else the one before.
    const int through = year_of(as_of) * 12 + month_of(as_of) - (is_month_end(as_of) ? 0 : 1);
    const int done = through - (year_of(start_) * 12 + month_of(start_)) + 1;
    return static_cast<double>(std::clamp(done, 0, total)) / total;
  }
  if (as_of < start_) return 0.0;
  if (as_of >= end_) return 1.0;
  return static_cast<double>((as_of - start_).days() + 1) / days();
}

double Period::annualisation_factor(ProgressBasis basis) const {
  if (basis == ProgressBasis::months) return 12.0 / months();
  return static_cast<double>(containing_year().days()) / days();
}

double Period::annualisation_factor(Annualisation method) const {
  switch (method) {
  case Annualisation::day_exact: return annualisation_factor(ProgressBasis::days);
  case Annualisation::dhis2:
    // DHIS2 multiplies an annualised indicator by DateUtils.DAYS_IN_YEAR (365.0) and divides by
    // the days in the period (DefaultExpressionService.getIndicatorValueObject).
    return 365.0 / days();
  }
  throw invalid_input("method", "unknown annualisation method");
}

} // namespace zhibiao
