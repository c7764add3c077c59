#pragma once
/// \file period.hpp
/// Periods: the time window every figure belongs to, with DHIS2-style codes, the Chinese
/// expressions reports use, and the operations assessments need (同期, 环比, 序时进度).
///
///     using namespace zhibiao;
///     Period h1 = Period::parse("2024年上半年");             // 2024-01-01 … 2024-06-30
///     h1.same_period_last_year().chinese();                   // "2023年上半年"
///     Period ytd = Period::parse("2019年1-11月");             // 2019-01-01 … 2019-11-30
///     Period stat = Period::parse("2019统计年度");            // 2018-10-01 … 2019-09-30
///     stat.code();                                            // "2018Oct" (DHIS2 names the start)
///     Period::year(2024).elapsed_share(Date(2024, 5, 31));    // 152/366 (序时进度 by days)
///
/// Two conventions name a year that does not start in January, and both are explicit here:
/// - China's statistical year (统计年度, the family-planning year 1 Oct – 30 Sep) is named by the
///   calendar year in which it ENDS: 2019统计年度 = 2018-10-01 … 2019-09-30. Built with
///   Period::statistical_year(2019, 10); printed "2019统计年度"; `end_year()` is 2019.
/// - DHIS2's financial-year codes name the year in which it STARTS: "2018Oct" is the same
///   period. Built with Period::financial_year_starting(2018, 10); `start_year()` is 2018.
/// Both build the same Period value; only the names differ.
///
/// All periods are closed date intervals [start, end] of whole days (boost::gregorian::date),
/// inside Boost.Gregorian's calendar, 1400-01-01 … 9999-12-31. Anything that would make a period
/// leave it — a constructor (Period::iso_week(1400, 1) begins in 1399), or an operation
/// (Period::year(9999).next(), same_period_last_year() of a 1400 period) — throws
/// zhibiao::invalid_input naming the operation and the period; no Boost exception escapes.
///
/// Thread safety: Period is an immutable value: parse() and every member may be called from any
/// number of threads at once.

#include "zhibiao/export.hpp"

#include <boost/date_time/gregorian/gregorian_types.hpp>

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ZHIBIAO_API zhibiao {

using Date = boost::gregorian::date;

enum class PeriodType : std::uint8_t {
  day = 0,
  week = 1, ///< ISO 8601 week, Monday to Sunday, numbered within its ISO year
  month = 2,
  bi_month = 3, ///< January–February, …, November–December
  quarter = 4,
  half_year = 5,
  year = 6,                ///< calendar year
  financial_year = 7,      ///< twelve months from the first of any start month (统计年度)
  financial_half_year = 8, ///< the first or second six months of a financial year
  range = 9,               ///< any closed date interval, e.g. a cumulative window 1-11月
  // DHIS2's other weekly period types (docs/periods.md §7). Week 1 of a week-year is the week
  // (from the start day) containing 4 January, as ISO's week 1 is the Monday-week containing it;
  // a week belongs to the year of its fourth day.
  week_wednesday = 10,    ///< Wednesday to Tuesday (DHIS2 WeeklyWednesday, 2019WedW5)
  week_thursday = 11,     ///< Thursday to Wednesday (DHIS2 WeeklyThursday, 2019ThuW5)
  week_friday = 12,       ///< Friday to Thursday (DHIS2 WeeklyFriday, 2019FriW5)
  week_saturday = 13,     ///< Saturday to Friday (DHIS2 WeeklySaturday, 2019SatW5)
  week_sunday = 14,       ///< Sunday to Saturday (DHIS2 WeeklySunday, 2019SunW5)
  bi_week = 15,           ///< ISO weeks 2n−1 and 2n of an ISO year (DHIS2 BiWeekly, 2019BiW3)
  financial_quarter = 16, ///< a quarter of a financial year (DHIS2 QuarterlyNov, 2019NovQ1)
};

/// "day", "week", "month", "bi_month", "quarter", "half_year", "year", "financial_year",
/// "financial_half_year", "range", "week_wednesday", "week_thursday", "week_friday",
/// "week_saturday", "week_sunday", "bi_week", "financial_quarter".
std::string_view to_string(PeriodType type) noexcept;

/// True for the seven-day types: week (ISO, from Monday) and week_wednesday … week_sunday.
bool is_weekly(PeriodType type) noexcept;

/// The period type a name stands for: a name to_string gives ("month", "half_year", …) or a
/// DHIS2 periodType ("Daily", "Weekly", "WeeklyWednesday", "WeeklyThursday", "WeeklyFriday",
/// "WeeklySaturday", "WeeklySunday", "BiWeekly", "Monthly", "BiMonthly", "Quarterly",
/// "SixMonthly", "Yearly", and the financial "QuarterlyNov", "SixMonthlyApril", "SixMonthlyNov",
/// "FinancialApril", "FinancialJuly", "FinancialOct", "FinancialNov", which give the kind only:
/// their start month is a separate setting, year_start_month), in any ASCII case; std::nullopt
/// for any other text.
std::optional<PeriodType> find_period_type(std::string_view text);

/// find_period_type, or zhibiao::invalid_input naming `field` ("unknown period type 'x';
/// expected …") for text that names no period type.
PeriodType parse_period_type(std::string_view text, std::string_view field = "period_type");

/// How time progress counts: by days elapsed, or by whole months completed.
enum class ProgressBasis : std::uint8_t { days = 0, months = 1 };

/// How a figure for a period is made yearly (docs/periods.md §7.3).
enum class Annualisation : std::uint8_t {
  /// zhibiao's: days in the year the period is counted in (365 or 366) over the period's days,
  /// so that a whole year, leap or not, has factor 1.
  day_exact = 0,
  /// DHIS2's annualised indicators: 365 over the period's days, whatever the year (2024 as a
  /// whole gets 365/366).
  dhis2 = 1,
};

/// The year a November-based DHIS2 id names (docs/periods.md §7.2). The DHIS2 server
/// (dhis2-core: FinancialNovemberPeriodType, SixMonthlyNovemberPeriodType,
/// QuarterlyNovemberPeriodType) names them by the year their financial year ENDS: 2019Nov is
/// 2018-11-01 … 2019-10-31. The web apps' library (multi-calendar-dates) names them by the
/// year they START and spells the halves and quarters out: 2022Nov is 2022-11-01 … 2023-10-31,
/// 2023NovemberS1 2023-11-01 … 2024-04-30, 2023NovemberQ1 2023-11-01 … 2024-01-31.
enum class NovemberNaming : std::uint8_t {
  end_year = 0,   ///< dhis2-core's ids, zhibiao's default
  start_year = 1, ///< multi-calendar-dates' ids
};

/// Settings for reading and writing period text.
struct PeriodTextOptions {
  /// The date relative expressions (今年, 去年, 截至目前, 1-5月 without a year) refer to.
  std::optional<Date> reference = std::nullopt;
  /// First month of the statistical year named by 统计年度 / 考核年度 (10: 1 Oct – 30 Sep).
  int statistical_year_start_month = 10;
  /// Where a cumulative window (截至…, 至今) starts: the first day of the calendar year (1) or of
  /// the statistical year containing its end (e.g. 10).
  int cumulative_start_month = 1;
  /// How parse() reads the year of a November-based id (2019Nov, 2019NovS1, 2019NovQ1, also
  /// spelled 2019November…): by dhis2-core's naming (the default) or multi-calendar-dates'.
  NovemberNaming november_naming = NovemberNaming::end_year;
};

class Period {
public:
  // --- construction (each throws zhibiao::invalid_input naming the bad field) --------------
  static Period day(Date date);
  static Period day(int year, int month, int day);
  /// ISO week `week` (1–52 or 53) of ISO year `iso_year`; week 53 only where that year has it.
  /// 1400W01 (it begins in 1399) and 9999W52 (it ends in 10000) are outside the calendar.
  static Period iso_week(int iso_year, int week);
  /// Week `week` of week-year `week_year` of a weekly type (week, week_wednesday …
  /// week_sunday): week 1 is the seven days from the start day that contain 4 January, and a
  /// year has 52 or 53 such weeks. weekly(PeriodType::week, y, w) is iso_week(y, w).
  static Period weekly(PeriodType type, int week_year, int week);
  /// Two-week period `index` of ISO year `iso_year`: ISO weeks 2·index−1 and 2·index, index 1 …
  /// 26, or 27 in a year of 53 ISO weeks (whose 27th runs into the next ISO year's week 1, as
  /// DHIS2's BiWeekly does).
  static Period bi_week(int iso_year, int index);
  static Period month(int year, int month);
  /// Two-month period `index` (1 = Jan–Feb … 6 = Nov–Dec).
  static Period bi_month(int year, int index);
  static Period quarter(int year, int quarter);
  static Period half_year(int year, int half);
  static Period year(int year);
  /// China's naming: the statistical/financial year that ENDS in `end_year`, starting on the
  /// first of `start_month` (2..12) of the previous year. statistical_year(2019, 10) is
  /// 2018-10-01 … 2019-09-30. A start month of 1 gives the calendar year.
  static Period statistical_year(int end_year, int start_month = 10);
  /// DHIS2's naming: the financial year that STARTS on the first of `start_month` of
  /// `start_year`. financial_year_starting(2018, 10) == statistical_year(2019, 10).
  static Period financial_year_starting(int start_year, int start_month);
  /// Half `half` (1 or 2) of the financial year that starts in `start_month` of `start_year`.
  static Period financial_half_year(int start_year, int start_month, int half);
  /// Quarter `quarter` (1–4) of the financial year that starts in `start_month` of
  /// `start_year`; a start month of 1 gives the calendar quarter.
  static Period financial_quarter(int start_year, int start_month, int quarter);
  /// Any closed interval; throws if last < first.
  static Period range(Date first, Date last);
  /// The cumulative window from the start of the (financial) year containing `last` up to
  /// `last`: cumulative_to(2019-11-30) is 2019年1-11月; with start month 10 and 2020-05-31 it is
  /// 2019-10-01 … 2020-05-31.
  static Period cumulative_to(Date last, int start_month = 1);

  /// Reads a DHIS2-style code ("2019", "2019Q1", "2019S1", "201911", "2019-11", "2019W5" or
  /// "2019W05", "2019WedW5", "2019ThuW5", "2019FriW5", "2019SatW5", "2019SunW5", "2019BiW3",
  /// "201901B", "20190305", "2019-03-05", "2018Oct", "2018AprilS1", "2019NovQ1", "2019Nov",
  /// "2019-01-01/2019-11-30")
  /// or a Chinese expression ("2019年1-11月", "2024年上半年", "截至2019年11月底", "2019统计年度",
  /// "今年1-5月" with a reference date, ...). Throws zhibiao::parse_error (field "period") with the
  /// character position (in Unicode characters) and what was expected there.
  static Period parse(std::string_view text, const PeriodTextOptions& options = {});

  // --- observers ----------------------------------------------------------------------------
  PeriodType type() const noexcept { return type_; }
  Date start() const noexcept { return start_; }
  Date end() const noexcept { return end_; }
  /// First month of the year this period is counted in: 1 for calendar periods, the financial
  /// year's start month for financial ones.
  int year_start_month() const noexcept { return year_start_month_; }
  /// Calendar year of the first / last day.
  int start_year() const noexcept { return start_.year(); }
  int end_year() const noexcept { return end_.year(); }
  /// Number of days, both ends included.
  int days() const noexcept;
  /// True when the period starts on a month's first day and ends on a month's last day.
  bool month_aligned() const noexcept;
  /// Number of calendar months; throws zhibiao::invalid_input unless month_aligned().
  int months() const;

  /// The DHIS2-style code (see parse), in DHIS2's spelling: week numbers without a leading
  /// zero ("2023W1"); a financial year from November named by the year it ends ("2019Nov" is
  /// 2018-11-01 … 2019-10-31, as DHIS2 names it), every other by the year it starts. Ranges
  /// print as "2019-01-01/2019-11-30".
  std::string code() const;
  /// code() with the year of a November-based id as `naming` asks: end_year is code();
  /// start_year writes multi-calendar-dates' ids (2022Nov, 2023NovemberS1, 2023NovemberQ1), which
  /// parse() reads back with PeriodTextOptions::november_naming = start_year. Other ids are
  /// code()'s.
  std::string code(NovemberNaming naming) const;
  /// The canonical Chinese expression: "2019年11月", "2024年第一季度", "2024年上半年",
  /// "2019统计年度" (when the start month matches `options`), "2019年1-11月",
  /// "截至2024年6月10日", "2019年10月1日至2020年5月31日", ... Parsing it with the same options
  /// gives this period back.
  std::string chinese(const PeriodTextOptions& options = {}) const;

  // --- relations ----------------------------------------------------------------------------
  bool contains(Date date) const noexcept { return start_ <= date && date <= end_; }
  bool contains(const Period& other) const noexcept {
    return start_ <= other.start_ && other.end_ <= end_;
  }
  bool overlaps(const Period& other) const noexcept {
    return start_ <= other.end_ && other.start_ <= end_;
  }
  /// The common part as a range, or std::nullopt when the two do not overlap.
  std::optional<Period> intersect(const Period& other) const;

  // --- derived periods ----------------------------------------------------------------------
  // same_period_last_year, previous, next, year_to_date and containing_year throw
  // zhibiao::invalid_input (field "period", naming the operation and this period) when the
  // period they give would leave the calendar (Period::year(9999).next()).
  /// The calendar months this period touches, as month periods; partial months at either end
  /// come back as ranges clipped to this period (nothing outside it is ever included).
  std::vector<Period> split_months() const;
  /// Every day, as day periods.
  std::vector<Period> split_days() const;
  /// 同期: the same window one year earlier. Typed periods keep their type (ISO week 53 maps
  /// to week 52 when the earlier ISO year has no week 53); a range ending on a month's last day
  /// still ends on that month's last day (2024-02-29 → 2023-02-28).
  Period same_period_last_year() const;
  /// 环比: the period just before, of the same type and length. A month-aligned range moves by
  /// its number of months, another range by its number of days.
  Period previous() const;
  /// The period just after (the inverse of previous()).
  Period next() const;
  /// The cumulative window from the start of the year this period is counted in (calendar, or
  /// financial with year_start_month()) up to this period's end: 2019年11月 → 2019年1-11月.
  Period year_to_date() const;
  /// The year this period is counted in: the calendar year, or the financial year starting in
  /// year_start_month(), that contains its end.
  Period containing_year() const;

  // --- time progress ------------------------------------------------------------------------
  /// 序时进度: the share of the period elapsed at the end of day `as_of`, clamped to [0, 1].
  /// By days: days from start to as_of inclusive over days() (calendar 2024 at 31 May: 152/366).
  /// By months: whole months completed by as_of over months() (31 May: 5/12); by months the
  /// period must be month_aligned().
  double elapsed_share(Date as_of, ProgressBasis basis = ProgressBasis::days) const;
  /// The factor that turns a figure for this period into a yearly one: days in the year the
  /// period is counted in over days() (by days), or 12 over months() (by months).
  double annualisation_factor(ProgressBasis basis = ProgressBasis::days) const;
  /// The annualisation factor by `method`: Annualisation::day_exact is
  /// annualisation_factor(ProgressBasis::days); Annualisation::dhis2 is 365 / days(), DHIS2's
  /// factor for an annualised indicator (its DateUtils.DAYS_IN_YEAR over the days in the
  /// period).
  double annualisation_factor(Annualisation method) const;

  /// Periods are equal when type and dates agree (a financial period's start month is its start
  /// date's month; a range's year_start_month() is a setting, not part of its identity).
  /// Ordered by start, then end, then type.
  friend bool operator==(const Period& a, const Period& b) noexcept {
    return a.type_ == b.type_ && a.start_ == b.start_ && a.end_ == b.end_;
  }
  friend std::strong_ordering operator<=>(const Period& a, const Period& b) noexcept;

private:
  Period shifted(int direction) const;     // previous() / next()
  Period one_year_back() const;            // same_period_last_year()
  Period moved_by_months(int delta) const; // same type and length, `delta` months later
  Period as_week() const;                  // the ISO week starting on start()
  Period week_starting(Date start) const;  // the week of this weekly type starting on `start`

  // Throws zhibiao::invalid_input when a date lies outside the calendar.
  Period(PeriodType type, Date start, Date end, int year_start_month);

  PeriodType type_ = PeriodType::day;
  Date start_;
  Date end_;
  int year_start_month_ = 1;
};

// Redeclared at namespace scope: a friend declared only inside its class does not take the
// namespace's visibility attribute under GCC, so libzhibiao.so would not export it and a shared
// consumer comparing two Periods would not link (tests/cmake/main.cpp compares them).
std::strong_ordering operator<=>(const Period& a, const Period& b) noexcept;

/// Number of ISO weeks (52 or 53) in ISO year `iso_year`.
int iso_weeks_in_year(int iso_year);

/// Number of weeks (52 or 53) in week-year `week_year` of weekly type `type` (see
/// Period::weekly); invalid_input for a type that is not weekly.
int weeks_in_year(PeriodType type, int week_year);

/// Number of two-week periods (26, or 27 in an ISO year of 53 weeks) in ISO year `iso_year`.
int bi_weeks_in_year(int iso_year);

} // namespace zhibiao
