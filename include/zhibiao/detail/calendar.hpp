#pragma once
// Internal calendar helpers shared by the period sources (period.cpp, period_text.cpp,
// time_aggregation.cpp, cube.cpp). Each check_* throws zhibiao::invalid_input naming `field`.
//
// The calendar is Boost.Gregorian's: the days 1400-01-01 … 9999-12-31. Boost lets date
// arithmetic run past either end, but the result is a date whose year(), month(), week_number()
// and text throw boost::gregorian::bad_year (a std::out_of_range, an IndexError in Python, and
// std::terminate inside a noexcept function). So every date zhibiao makes from numbers or by
// arithmetic is made here, checked, and a Period never holds a day outside the calendar:
// leaving it is a zhibiao::invalid_input (outside_calendar), never a Boost exception.

#include "zhibiao/error.hpp"
#include "zhibiao/period.hpp"

#include <string>
#include <string_view>

namespace zhibiao::detail {

/// The calendar's first and last year (Boost.Gregorian's greg_year range, [1400, 9999]).
inline constexpr int first_year = 1400;
inline constexpr int last_year = 9999;
/// "1400-01-01 … 9999-12-31", for messages.
inline constexpr std::string_view calendar_span = "1400-01-01 … 9999-12-31";

/// A date, year or period outside the calendar. `reason()` is the message without the field;
/// the Period operations catch it and say which operation of which period left the calendar.
class outside_calendar : public invalid_input {
public:
  outside_calendar(std::string field, const std::string& reason)
      : invalid_input(std::move(field), reason), reason_(reason) {}
  const std::string& reason() const noexcept { return reason_; }

private:
  std::string reason_;
};

struct YearMonth {
  int year;
  int month; // 1–12
};

struct IsoWeek {
  int year;
  int week;
};

/// The calendar's first and last day.
Date first_day() noexcept;
Date final_day() noexcept;
/// True for an ordinary date (not a special value such as not_a_date_time) in the calendar.
bool in_calendar(Date d) noexcept;

// Boost's year/month/day types convert to int implicitly, but not inside ?: or templates.
// `d` must be in the calendar (every Period's dates are); Boost throws otherwise.
inline int year_of(Date d) noexcept { return static_cast<int>(d.year()); }
inline int month_of(Date d) noexcept { return static_cast<int>(d.month()); }
inline int day_of(Date d) noexcept { return static_cast<int>(d.day()); }

/// outside_calendar (field `field`) unless first_year <= year <= last_year.
void check_year(int year, std::string_view field);
void check_in(int value, int low, int high, std::string_view field);
/// Gregorian leap years (divisible by 4, centuries only when divisible by 400), for any year:
/// computed here because Boost's is_leap_year and end_of_month_day throw outside 1400–9999.
bool is_leap_year(int year) noexcept;
/// Days in month `month` (1–12) of `year`, for any year.
int last_day(int year, int month) noexcept;
/// The date year-month-day; outside_calendar (field `field`) when the year is outside the
/// calendar. `month` and `day` must be valid for that month.
Date make_date(int year, int month, int day, std::string_view field = "date");
Date month_start(int year, int month);
Date month_end(int year, int month);
/// `d` (in the calendar) moved by `n` days, computed on day numbers so that no intermediate
/// date leaves the calendar; outside_calendar (field `field`) when the result does.
Date add_days(Date d, long long n, std::string_view field = "date");
/// ym moved by k months (k may be negative).
YearMonth add_months(YearMonth ym, int k) noexcept;
bool is_month_end(Date d) noexcept;
/// The same calendar day one year earlier; 29 Feb becomes 28 Feb, and with keep_month_end a
/// month's last day stays its last day. outside_calendar for a day of 1400.
Date shift_one_year_back(Date d, bool keep_month_end);
/// Days from `d` to the same calendar day a year later (29 Feb: to 28 Feb), 365 or 366, without
/// making the later date (which may lie after 9999-12-31).
int days_to_same_day_next_year(Date d) noexcept;
/// ISO year and week of the week starting on `monday` (a Monday whose week is in the calendar;
/// outside_calendar otherwise).
IsoWeek iso_week_of(Date monday);
/// The Monday of ISO week `week` of `iso_year` (both valid); outside_calendar (field "week") when
/// the week does not lie wholly in the calendar (1400W01 begins in 1399, 9999W52 ends in 10000).
Date iso_week_monday(int iso_year, int week);
/// The first and last week numbers of ISO year `iso_year` (in the calendar's years) lying wholly
/// in the calendar: 1 and iso_weeks_in_year(iso_year), except 2 for 1400 and 51 for 9999.
int first_week_in_calendar(int iso_year);
int last_week_in_calendar(int iso_year);

/// The weekday (Boost's numbering, Sunday 0 … Saturday 6) the weeks of weekly type `type` start
/// on: Monday for week, Wednesday for week_wednesday, …; -1 for a type that is not weekly.
int week_start_weekday(PeriodType type) noexcept;
/// Weeks in week-year `week_year` (first_year … last_year) of weekly type `type`: 52 or 53.
int weeks_in_week_year(PeriodType type, int week_year) noexcept;
/// Week-year and week number of the week of weekly type `type` starting on `start` (a day the
/// type's weeks start on, whose week lies in the calendar): the year of its fourth day.
IsoWeek week_of(PeriodType type, Date start);
/// The first day of week `week` (valid) of `week_year` of weekly type `type`; outside_calendar
/// (field "week") when the week does not lie wholly in the calendar.
Date week_start_day(PeriodType type, int week_year, int week);
/// The first and last week numbers of `week_year` lying wholly in the calendar.
int first_weekly_in_calendar(PeriodType type, int week_year) noexcept;
int last_weekly_in_calendar(PeriodType type, int week_year) noexcept;
/// The year a financial year starting in `start_month` of `start_year` is named by in codes:
/// DHIS2 names a year from November by the year it ends (FinancialNov "2019Nov" is
/// 2018-11-01 … 2019-10-31), every other by the year it starts.
int financial_code_year(int start_year, int start_month) noexcept;
/// The inverse: the start year of the financial year whose code names `code_year`.
int financial_start_year(int code_year, int start_month) noexcept;

} // namespace zhibiao::detail
