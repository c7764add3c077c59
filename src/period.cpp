#include "zhibiao/period.hpp"

#include "zhibiao/detail/calendar.hpp"
#include "zhibiao/detail/names.hpp"
#include "zhibiao/detail/utf8.hpp"

#include "zhibiao/error.hpp"
#include <boost/date_time/gregorian/gregorian.hpp>

#include <algorithm>
#include <array>
#include <optional>
#include <utility>

namespace zhibiao {

namespace detail {

void check_year(int year, std::string_view field) {
  // Boost.Gregorian's range; also keeps codes at four digits.
  if (year < 1400 || year > 9999)
    throw invalid_input(std::string(field),
                        "must be between 1400 and 9999, got " + std::to_string(year));
}

void check_in(int value, int low, int high, std::string_view field) {
  if (value < low || value > high)
    throw invalid_input(std::string(field), "must be between " + std::to_string(low) + " and " +
                                                std::to_string(high) + ", got " +
                                                std::to_string(value));
}

int last_day(int year, int month) noexcept {
  return boost::gregorian::gregorian_calendar::end_of_month_day(static_cast<unsigned short>(year),
                                                                static_cast<unsigned short>(month));
}

Date month_start(int year, int month) {
  return Date(static_cast<unsigned short>(year), static_cast<unsigned short>(month), 1);
}

Date month_end(int year, int month) {
  return Date(static_cast<unsigned short>(year), static_cast<unsigned short>(month),
              static_cast<unsigned short>(last_day(year, month)));
}

YearMonth add_months(YearMonth ym, int k) noexcept {
  const int index = ym.year * 12 + (ym.month - 1) + k;
  return {index / 12, index % 12 + 1};
}

bool is_month_end(Date d) noexcept { return day_of(d) == last_day(year_of(d), month_of(d)); }

Date shift_one_year_back(Date d, bool keep_month_end) {
  const int y = year_of(d) - 1, m = month_of(d);
  const int day =
      keep_month_end && is_month_end(d) ? last_day(y, m) : std::min<int>(day_of(d), last_day(y, m));
  return Date(static_cast<unsigned short>(y), static_cast<unsigned short>(m),
              static_cast<unsigned short>(day));
}

IsoWeek iso_week_of(Date monday) noexcept {
  // The ISO year of a week is the year of its Thursday (ISO 8601, week 1 contains 4 January).
  const Date thursday = monday + boost::gregorian::days(3);
  return {year_of(thursday), thursday.week_number()};
}

} // namespace detail

using namespace detail;

namespace {

Date checked_date(int year, int month, int day) {
  check_year(year, "year");
  check_in(month, 1, 12, "month");
  check_in(day, 1, last_day(year, month), "day");
  return Date(static_cast<unsigned short>(year), static_cast<unsigned short>(month),
              static_cast<unsigned short>(day));
}

Date check_valid(Date d, std::string_view field) {
  if (d.is_special()) throw invalid_input(std::string(field), "is not a valid date");
  check_year(year_of(d), field);
  return d;
}

// [first month, first month + count) as month-aligned dates.
std::pair<Date, Date> month_span(YearMonth first, int count) {
  const YearMonth last = add_months(first, count - 1);
  return {month_start(first.year, first.month), month_end(last.year, last.month)};
}

constexpr std::array<std::string_view, 10> period_type_names{
    "day",      "week",           "month",
    "bi_month", "quarter",        "half_year",
    "year",     "financial_year", "financial_half_year",
    "range"};

} // namespace

std::string_view to_string(PeriodType type) noexcept {
  return detail::name_of(period_type_names, type);
}

std::optional<PeriodType> find_period_type(std::string_view text) {
  const std::string t = lower_ascii(text);
  if (const auto found = detail::find_name<PeriodType>(period_type_names, t)) return found;
  // DHIS2's periodType names of the types that have one (its financial years carry their start
  // month in the name, FinancialApril, and are periods, not types, here).
  static constexpr std::array<std::pair<std::string_view, PeriodType>, 7> dhis2{{
      {"daily", PeriodType::day},
      {"weekly", PeriodType::week},
      {"monthly", PeriodType::month},
      {"bimonthly", PeriodType::bi_month},
      {"quarterly", PeriodType::quarter},
      {"sixmonthly", PeriodType::half_year},
      {"yearly", PeriodType::year},
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
                          "financial_year, financial_half_year or range (or DHIS2's Monthly, "
                          "Quarterly, …)");
}

int iso_weeks_in_year(int iso_year) {
  check_year(iso_year, "year");
  // 28 December always lies in the last ISO week of its year.
  return Date(static_cast<unsigned short>(iso_year), 12, 28).week_number();
}

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
  const Date jan4(static_cast<unsigned short>(iso_year), 1, 4);
  const int days_since_monday = (jan4.day_of_week().as_number() + 6) % 7; // Sunday is 0 in Boost
  const Date monday =
      jan4 - boost::gregorian::days(days_since_monday) + boost::gregorian::weeks(week - 1);
  return Period(PeriodType::week, monday, monday + boost::gregorian::days(6), 1);
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
  check_year(year, "last");
  return Period(PeriodType::range, month_start(year, start_month), last, start_month);
}

// --- observers ------------------------------------------------------------------------------

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
  for (Date d = start_; d <= end_; d += boost::gregorian::days(1)) out.push_back(Period::day(d));
  return out;
}

Period Period::same_period_last_year() const {
  switch (type_) {
  case PeriodType::day: return Period::day(shift_one_year_back(start_, false));
  case PeriodType::week: {
    const auto w = iso_week_of(start_);
    return Period::iso_week(w.year - 1, std::min(w.week, iso_weeks_in_year(w.year - 1)));
  }
  case PeriodType::range: {
    Period p = Period::range(shift_one_year_back(start_, false), shift_one_year_back(end_, true));
    p.year_start_month_ = year_start_month_;
    return p;
  }
  default: return moved_by_months(-12);
  }
}

Period Period::previous() const { return shifted(-1); }
Period Period::next() const { return shifted(+1); }

Period Period::shifted(int direction) const {
  switch (type_) {
  case PeriodType::day: return Period::day(start_ + boost::gregorian::days(direction));
  case PeriodType::week: return Period::day(start_ + boost::gregorian::weeks(direction)).as_week();
  case PeriodType::range:
    if (!month_aligned()) {
      const auto n = boost::gregorian::days(static_cast<long>(days()) * direction);
      Period p = Period::range(start_ + n, end_ + n);
      p.year_start_month_ = year_start_month_;
      return p;
    }
    [[fallthrough]];
  default: return moved_by_months(months() * direction);
  }
}

Period Period::as_week() const {
  const auto w = iso_week_of(start_);
  return Period::iso_week(w.year, w.week);
}

Period Period::moved_by_months(int delta) const {
  const YearMonth first = add_months({year_of(start_), month_of(start_)}, delta);
  const auto [s, e] = month_span(first, months());
  check_year(year_of(s), "year");
  check_year(year_of(e), "year");
  return Period(type_, s, e, year_start_month_);
}

Period Period::year_to_date() const { return Period::cumulative_to(end_, year_start_month_); }

Period Period::containing_year() const {
  const int end_year = month_of(end_) >= year_start_month_ && year_start_month_ != 1
                           ? year_of(end_) + 1
                           : year_of(end_);
  return Period::statistical_year(end_year, year_start_month_);
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

} // namespace zhibiao
