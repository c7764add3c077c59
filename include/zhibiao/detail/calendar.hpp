#pragma once
// Internal calendar helpers shared by the period sources (period.cpp, period_text.cpp,
// time_series.cpp). Each check_* throws zhibiao::invalid_input naming `field`.

#include "zhibiao/period.hpp"

#include <string_view>

namespace zhibiao::detail {

struct YearMonth {
  int year;
  int month; // 1–12
};

struct IsoWeek {
  int year;
  int week;
};

// Boost's year/month/day types convert to int implicitly, but not inside ?: or templates.
inline int year_of(Date d) noexcept { return static_cast<int>(d.year()); }
inline int month_of(Date d) noexcept { return static_cast<int>(d.month()); }
inline int day_of(Date d) noexcept { return static_cast<int>(d.day()); }

void check_year(int year, std::string_view field);
void check_in(int value, int low, int high, std::string_view field);
int last_day(int year, int month) noexcept;
Date month_start(int year, int month);
Date month_end(int year, int month);
/// ym moved by k months (k may be negative).
YearMonth add_months(YearMonth ym, int k) noexcept;
bool is_month_end(Date d) noexcept;
/// The same calendar day one year earlier; 29 Feb becomes 28 Feb, and with keep_month_end a
/// month's last day stays its last day.
Date shift_one_year_back(Date d, bool keep_month_end);
/// ISO year and week of the week starting on `monday`.
IsoWeek iso_week_of(Date monday) noexcept;

} // namespace zhibiao::detail
