#include <zhibiao/error.hpp>
#include <zhibiao/expression.hpp>
#include <zhibiao/period.hpp>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <typeinfo>
#include <vector>

using namespace zhibiao;
using ::testing::HasSubstr;

namespace {
Date d(int y, int m, int day) {
  return Date(static_cast<unsigned short>(y), static_cast<unsigned short>(m),
              static_cast<unsigned short>(day));
}
PeriodTextOptions with_reference(Date ref) {
  PeriodTextOptions o;
  o.reference = ref;
  return o;
}
void expect_dates(const Period& p, Date first, Date last) {
  EXPECT_EQ(p.start(), first) << p.code();
  EXPECT_EQ(p.end(), last) << p.code();
}
} // namespace

// ---- acceptance figures of issue 5 ----------------------------------------------------------

// Calendar 2024 is a leap year: 1 Jan … 31 May is 31+29+31+30+31 = 152 days of 366;
// by whole months 5 of 12 are complete (docs/periods.md §6 gives 151/365 and 5/12 for a common
// year).
TEST(Period, TimeProgressAtEndOfMay) {
  const Period y2024 = Period::year(2024);
  EXPECT_DOUBLE_EQ(y2024.elapsed_share(d(2024, 5, 31)), 152.0 / 366.0);
  EXPECT_DOUBLE_EQ(y2024.elapsed_share(d(2024, 5, 31), ProgressBasis::months), 5.0 / 12.0);
  EXPECT_DOUBLE_EQ(Period::year(2019).elapsed_share(d(2019, 5, 31)), 151.0 / 365.0);
  // On 30 May the fifth month is not complete yet.
  EXPECT_DOUBLE_EQ(y2024.elapsed_share(d(2024, 5, 30), ProgressBasis::months), 4.0 / 12.0);
  // Clamped to [0, 1].
  EXPECT_EQ(y2024.elapsed_share(d(2023, 12, 31)), 0.0);
  EXPECT_EQ(y2024.elapsed_share(d(2025, 3, 1), ProgressBasis::months), 1.0);
}

TEST(Period, StatisticalYearEndsInItsName) {
  // docs/periods.md §3: the family-planning statistical year runs 1 Oct – 30 Sep, named by its
  // end.
  const Period p = Period::parse("2019统计年度");
  expect_dates(p, d(2018, 10, 1), d(2019, 9, 30));
  EXPECT_EQ(p.type(), PeriodType::financial_year);
  EXPECT_EQ(p, Period::statistical_year(2019, 10));
  // DHIS2 names the same year by its start: 2018Oct.
  EXPECT_EQ(p.code(), "2018Oct");
  EXPECT_EQ(Period::parse("2018Oct"), p);
  EXPECT_EQ(Period::financial_year_starting(2018, 10), p);
  EXPECT_EQ(p.chinese(), "2019统计年度");
  // The start month is a setting: a statistical year starting in July.
  PeriodTextOptions july;
  july.statistical_year_start_month = 7;
  expect_dates(Period::parse("2019统计年度", july), d(2018, 7, 1), d(2019, 6, 30));
}

TEST(Period, CumulativeMonthsOfAYear) {
  expect_dates(Period::parse("2019年1-11月"), d(2019, 1, 1), d(2019, 11, 30));
  EXPECT_EQ(Period::parse("2019年1月至11月"), Period::parse("2019年1-11月"));
  EXPECT_EQ(Period::parse("截至2019年11月底"), Period::parse("2019年1-11月"));
  EXPECT_EQ(Period::parse("2019年1-11月份"), Period::parse("2019年1-11月"));
  EXPECT_EQ(Period::parse("2019年1～11月"), Period::parse("2019年1-11月"));
  EXPECT_EQ(Period::cumulative_to(d(2019, 11, 30)), Period::parse("2019年1-11月"));
}

TEST(Period, SamePeriodLastYear) {
  expect_dates(Period::parse("2024年上半年").same_period_last_year(), d(2023, 1, 1),
               d(2023, 6, 30));
  EXPECT_EQ(Period::parse("2024年上半年").same_period_last_year().type(), PeriodType::half_year);
  // A range ending on 29 Feb ends on 28 Feb a year earlier, and a month end stays a month end.
  expect_dates(Period::range(d(2024, 1, 1), d(2024, 2, 29)).same_period_last_year(), d(2023, 1, 1),
               d(2023, 2, 28));
  expect_dates(Period::range(d(2025, 1, 1), d(2025, 2, 28)).same_period_last_year(), d(2024, 1, 1),
               d(2024, 2, 29));
  // A single day keeps its date (28 Feb 2025 → 28 Feb 2024, not the month end 29 Feb).
  expect_dates(Period::day(2025, 2, 28).same_period_last_year(), d(2024, 2, 28), d(2024, 2, 28));
  EXPECT_EQ(Period::parse("2019统计年度").same_period_last_year(), Period::statistical_year(2018));
  // ISO week 53 of 2020 maps to week 52 of 2019, which has no week 53.
  EXPECT_EQ(Period::iso_week(2020, 53).same_period_last_year(), Period::iso_week(2019, 52));
}

// ISO 8601: a year has 53 weeks when 1 January is a Thursday, or a Wednesday in a leap year.
// 1 Jan 2020 was a Wednesday (leap year): 53 weeks. 1 Jan 2021 was a Friday: 52 weeks.
TEST(Period, IsoWeek53) {
  EXPECT_EQ(iso_weeks_in_year(2020), 53);
  EXPECT_EQ(iso_weeks_in_year(2021), 52);
  const Period w = Period::parse("2020W53");
  expect_dates(w, d(2020, 12, 28), d(2021, 1, 3));
  EXPECT_THROW(Period::parse("2021W53"), parse_error);
  EXPECT_THROW(Period::iso_week(2021, 53), invalid_input);
  // Week 1 of 2019 started on Monday 31 December 2018.
  expect_dates(Period::parse("2019W01"), d(2018, 12, 31), d(2019, 1, 6));
  expect_dates(Period::parse("2019W5"), d(2019, 1, 28), d(2019, 2, 3));
}

// ---- every listed expression round-trips ------------------------------------------------------

class RoundTrip : public ::testing::TestWithParam<const char*> {};

TEST_P(RoundTrip, ParsePrintParse) {
  const auto options = with_reference(d(2024, 6, 10));
  const Period p = Period::parse(GetParam(), options);
  EXPECT_EQ(Period::parse(p.code(), options), p) << GetParam() << " -> " << p.code();
  const Period back = Period::parse(p.chinese(options), options);
  // Chinese has no two-month type (201901B prints as 2019年1-2月), and a financial period
  // whose start month is not the statistical year's prints as its months (2018年4月至9月):
  // both read back as ranges of the same dates.
  const bool typed_in_chinese =
      p.type() != PeriodType::bi_month &&
      !((p.type() == PeriodType::financial_year || p.type() == PeriodType::financial_half_year) &&
        p.year_start_month() != options.statistical_year_start_month);
  if (!typed_in_chinese) {
    EXPECT_EQ(back, Period::range(p.start(), p.end()));
  } else {
    EXPECT_EQ(back, p) << GetParam() << " -> " << p.chinese(options);
  }
}

INSTANTIATE_TEST_SUITE_P(
    Issue5Expressions, RoundTrip,
    ::testing::Values("2019", "2019Q1", "2019S1", "201911", "2019-11", "2019W05", "201901B",
                      "20190305", "2019-03-05", "2019Oct", "2018AprilS1", "2019-01-01/2019-11-30",
                      "2019年", "2019年1-11月", "2019年1月至11月", "2024年上半年", "2024年第一季度",
                      "截至2019年11月底", "截止2024年6月10日", "2019年10月1日至2020年5月31日",
                      "2019统计年度", "2019统计年度上半年", "今年1-5月", "截至目前", "2019年第5周",
                      "2019年3月5日", "2019年11月", "2024年四季度"),
    [](const auto& info) { return "expression" + std::to_string(info.index); });

TEST(Period, CodesAsDhis2WritesThem) {
  EXPECT_EQ(Period::quarter(2019, 1).code(), "2019Q1");
  EXPECT_EQ(Period::half_year(2019, 2).code(), "2019S2");
  EXPECT_EQ(Period::month(2019, 11).code(), "201911");
  EXPECT_EQ(Period::bi_month(2019, 1).code(), "201901B");
  EXPECT_EQ(Period::iso_week(2019, 5).code(), "2019W5"); // DHIS2 writes no leading zero
  EXPECT_EQ(Period::day(2019, 3, 5).code(), "20190305");
  EXPECT_EQ(Period::financial_year_starting(2019, 4).code(), "2019April");
  EXPECT_EQ(Period::financial_year_starting(2019, 7).code(), "2019July");
  // DHIS2's SixMonthlyNov names a half by the year its financial year ends in (2019NovS1 is
  // 2018-11-01 … 2019-04-30): the second half of the year from November 2019 is 2020NovS2.
  EXPECT_EQ(Period::financial_half_year(2019, 11, 2).code(), "2020NovS2");
  expect_dates(Period::parse("2019NovS2"), d(2019, 5, 1), d(2019, 10, 31));
  EXPECT_EQ(Period::parse("2019april"), Period::parse("2019Apr"));
  EXPECT_EQ(Period::parse("2019Jan"), Period::year(2019)); // a January start is the calendar year
}

TEST(Period, ChineseForms) {
  EXPECT_EQ(Period::quarter(2024, 1).chinese(), "2024年第一季度");
  EXPECT_EQ(Period::half_year(2024, 1).chinese(), "2024年上半年");
  EXPECT_EQ(Period::parse("截止2024年6月10日").chinese(), "截至2024年6月10日");
  EXPECT_EQ(Period::parse("截至2019年11月底").chinese(), "2019年1-11月");
  EXPECT_EQ(Period::range(d(2019, 10, 1), d(2020, 5, 31)).chinese(), "2019年10月至2020年5月");
  expect_dates(Period::parse("2019年10月1日至2020年5月31日"), d(2019, 10, 1), d(2020, 5, 31));
  // The end without a year lies after the start: 10月1日至5月31日 crosses the new year.
  expect_dates(Period::parse("2019年10月1日至5月31日"), d(2019, 10, 1), d(2020, 5, 31));
  expect_dates(Period::parse("截止2024年6月10日"), d(2024, 1, 1), d(2024, 6, 10));
  expect_dates(Period::parse("2024年第一季度"), d(2024, 1, 1), d(2024, 3, 31));
  expect_dates(Period::parse("２０２４年一季度"), d(2024, 1, 1),
               d(2024, 3, 31)); // full-width digits
}

TEST(Period, CumulativeWindowsCanStartAStatisticalYear) {
  // 10月1日 至 5月31日 as part of the 考核年度 (docs/periods.md §3).
  PeriodTextOptions o;
  o.cumulative_start_month = 10;
  expect_dates(Period::parse("截至2020年5月31日", o), d(2019, 10, 1), d(2020, 5, 31));
  // Month-aligned, it prints as a month range that needs no setting to be read back.
  EXPECT_EQ(Period::parse("截至2020年5月31日", o).chinese(o), "2019年10月至2020年5月");
  EXPECT_EQ(Period::parse("截至2020年5月10日", o).chinese(o), "截至2020年5月10日");
  expect_dates(Period::parse("截至2020年5月10日", o), d(2019, 10, 1), d(2020, 5, 10));
  expect_dates(Period::cumulative_to(d(2020, 5, 31), 10), d(2019, 10, 1), d(2020, 5, 31));
}

TEST(Period, RelativeExpressionsNeedAReferenceDate) {
  const auto o = with_reference(d(2024, 6, 10));
  expect_dates(Period::parse("今年1-5月", o), d(2024, 1, 1), d(2024, 5, 31));
  expect_dates(Period::parse("截至目前", o), d(2024, 1, 1), d(2024, 6, 10));
  expect_dates(Period::parse("去年", o), d(2023, 1, 1), d(2023, 12, 31));
  expect_dates(Period::parse("1-5月", o), d(2024, 1, 1), d(2024, 5, 31));
  expect_dates(Period::parse("1月份至今", o), d(2024, 1, 1), d(2024, 6, 10));
  expect_dates(Period::parse("上月", o), d(2024, 5, 1), d(2024, 5, 31));
  expect_dates(Period::parse("截止11月份", with_reference(d(2019, 12, 13))), d(2019, 1, 1),
               d(2019, 11, 30)); // seed 000: 截止11月份, report dated 2019年12月13日
}

// ---- errors name the character position ---------------------------------------------------

struct BadText {
  const char* text;
  std::size_t position;
  const char* expected;
};

class InvalidText : public ::testing::TestWithParam<BadText> {};

TEST_P(InvalidText, SaysWhatAndWhere) {
  const auto& c = GetParam();
  try {
    Period::parse(c.text);
    FAIL() << c.text << " parsed";
  } catch (const parse_error& e) {
    EXPECT_EQ(e.position(), c.position) << c.text << ": " << e.what();
    EXPECT_THAT(e.what(), HasSubstr(c.expected)) << c.text;
    EXPECT_EQ(e.field(), "period");
  }
}

INSTANTIATE_TEST_SUITE_P(
    Issue5Errors, InvalidText,
    ::testing::Values(
        BadText{"2019年2月30日", 7, "a day between 1 and 28 (2019年2月 has 28 days)"},
        BadText{"2019年13月", 5, "a month between 1 and 12"},
        BadText{"1-5月", 0, "a reference date"}, BadText{"今年1-5月", 0, "a reference date"},
        BadText{"截至目前", 2, "a reference date"},
        BadText{"2021W53", 5, "a week between 1 and 52 (ISO year 2021 has 52 weeks)"},
        BadText{"2019Q5", 5, "a quarter 1 to 4"}, BadText{"2019S3", 5, "a half 1 or 2"},
        BadText{"201913", 4, "a month 01 to 12"},
        BadText{"201907B", 4, "a two-month period 01 to 06"},
        BadText{"2019-02-29", 8, "a day between 1 and 28"},
        BadText{"2019-11-30/2019-01-01", 11, "an end date not before the start date"},
        BadText{"2019Foo", 4, "a month name"}, BadText{"19Q1", 0, "a four-digit year"},
        BadText{"", 0, "a period such as"}, BadText{"2019年第五季度", 6, "a quarter 一 to 四"},
        BadText{"2019年1-11月abc", 10, "the end of the text"}, // 'a' is character 10
        BadText{"2019年11-3", 9, "'月'"},                      // the text ends at 9
        BadText{"2019年11月至3月5", 12, "'日' after the day"},
        BadText{"2019年上旬", 5, "a month, 上半年"},
        BadText{"2019统计年度第三季度", 8, "the end of the text"}),
    [](const auto& info) { return "text" + std::to_string(info.index); });

TEST(Period, InvalidArgumentsNameTheField) {
  EXPECT_THROW(Period::month(2019, 13), invalid_input);
  EXPECT_THROW(Period::quarter(2019, 0), invalid_input);
  EXPECT_THROW(Period::range(d(2019, 2, 1), d(2019, 1, 1)), invalid_input);
  try {
    Period::day(2019, 2, 30);
    FAIL() << "30 February 2019 was accepted";
  } catch (const invalid_input& e) {
    EXPECT_EQ(e.field(), "day");
  }
}

// ---- operations -------------------------------------------------------------------------------

TEST(Period, ContainsOverlapsIntersect) {
  const Period q1 = Period::quarter(2024, 1), feb = Period::month(2024, 2);
  EXPECT_TRUE(q1.contains(feb));
  EXPECT_TRUE(q1.contains(d(2024, 3, 31)));
  EXPECT_FALSE(q1.contains(d(2024, 4, 1)));
  EXPECT_TRUE(q1.overlaps(Period::range(d(2024, 3, 15), d(2024, 4, 15))));
  EXPECT_FALSE(q1.overlaps(Period::quarter(2024, 2)));
  expect_dates(*q1.intersect(Period::range(d(2024, 3, 15), d(2024, 4, 15))), d(2024, 3, 15),
               d(2024, 3, 31));
  EXPECT_FALSE(q1.intersect(Period::quarter(2024, 3)).has_value());
}

TEST(Period, SplitsIntoMonthsAndDays) {
  const auto months = Period::parse("2019统计年度").split_months();
  ASSERT_EQ(months.size(), 12u);
  EXPECT_EQ(months.front(), Period::month(2018, 10));
  EXPECT_EQ(months.back(), Period::month(2019, 9));
  const auto partial = Period::range(d(2024, 1, 20), d(2024, 3, 10)).split_months();
  ASSERT_EQ(partial.size(), 3u);
  expect_dates(partial[0], d(2024, 1, 20), d(2024, 1, 31)); // clipped, never outside
  EXPECT_EQ(partial[1], Period::month(2024, 2));
  EXPECT_EQ(Period::month(2024, 2).split_days().size(), 29u);
}

TEST(Period, PreviousAndNext) {
  EXPECT_EQ(Period::month(2024, 1).previous(), Period::month(2023, 12));
  EXPECT_EQ(Period::quarter(2024, 1).previous(), Period::quarter(2023, 4));
  EXPECT_EQ(Period::iso_week(2021, 1).previous(), Period::iso_week(2020, 53));
  EXPECT_EQ(Period::day(2024, 3, 1).previous(), Period::day(2024, 2, 29));
  EXPECT_EQ(Period::parse("2019统计年度").next(), Period::statistical_year(2020));
  EXPECT_EQ(Period::parse("2019年1-11月").previous(),
            Period::range(d(2018, 2, 1), d(2018, 12, 31)));
  EXPECT_EQ(Period::range(d(2024, 6, 1), d(2024, 6, 10)).previous(),
            Period::range(d(2024, 5, 22), d(2024, 5, 31)));
  for (const char* code : {"2019Q1", "2019W05", "201911", "2018Oct", "2018AprilS2", "201905B"})
    EXPECT_EQ(Period::parse(code).next().previous(), Period::parse(code)) << code;
}

TEST(Period, YearToDateAcrossAnyYearStart) {
  EXPECT_EQ(Period::month(2019, 11).year_to_date(), Period::parse("2019年1-11月"));
  // October → September cumulation: May 2020 of the 2020 statistical year.
  const Period may = Period::parse("2020年5月");
  expect_dates(Period::cumulative_to(may.end(), 10), d(2019, 10, 1), d(2020, 5, 31));
  const Period h2 = Period::financial_half_year(2019, 10, 2); // 2020-04-01 … 2020-09-30
  expect_dates(h2.year_to_date(), d(2019, 10, 1), d(2020, 9, 30));
  EXPECT_EQ(h2.containing_year(), Period::statistical_year(2020, 10));
}

TEST(Period, DaysMonthsAndAnnualisation) {
  EXPECT_EQ(Period::year(2024).days(), 366);
  EXPECT_EQ(Period::parse("2019统计年度").days(), 365);
  EXPECT_EQ(Period::parse("2019年1-11月").months(), 11);
  EXPECT_THROW(Period::range(d(2024, 1, 1), d(2024, 6, 10)).months(), invalid_input);
  // 1-5月 of 2024: 152 of 366 days; by months 12/5.
  const Period jan_may = Period::parse("2024年1-5月");
  EXPECT_DOUBLE_EQ(jan_may.annualisation_factor(), 366.0 / 152.0);
  EXPECT_DOUBLE_EQ(jan_may.annualisation_factor(ProgressBasis::months), 12.0 / 5.0);
  EXPECT_DOUBLE_EQ(Period::month(2023, 2).annualisation_factor(), 365.0 / 28.0);
}

// The one period-type reader: to_string's names and DHIS2's periodType names, any ASCII case.
TEST(PeriodType, ParsesEveryNameAndDhis2s) {
  for (int k = 0; k <= static_cast<int>(PeriodType::range); ++k) {
    const auto t = static_cast<PeriodType>(k);
    EXPECT_EQ(parse_period_type(to_string(t)), t);
  }
  EXPECT_EQ(parse_period_type("Monthly"), PeriodType::month);
  EXPECT_EQ(parse_period_type("BiMonthly"), PeriodType::bi_month);
  EXPECT_EQ(parse_period_type("QUARTERLY"), PeriodType::quarter);
  EXPECT_EQ(parse_period_type("SixMonthly"), PeriodType::half_year);
  EXPECT_EQ(parse_period_type("Yearly"), PeriodType::year);
  EXPECT_EQ(parse_period_type("Weekly"), PeriodType::week);
  EXPECT_EQ(parse_period_type("Half_Year"), PeriodType::half_year);
  EXPECT_FALSE(find_period_type("fortnight").has_value());
  EXPECT_FALSE(find_period_type("").has_value());
  try {
    parse_period_type("fortnight", "to");
    FAIL();
  } catch (const invalid_input& e) {
    EXPECT_EQ(e.field(), "to");
    EXPECT_THAT(e.what(), ::testing::HasSubstr("unknown period type 'fortnight'"));
  }
}

// ---- the ends of the calendar (issue 14, class 1) -------------------------------------------
// Every Period lies in Boost.Gregorian's calendar, 1400-01-01 … 9999-12-31. Before issue 14 an
// operation that stepped past either end made a Boost date whose year() throws bad_year: an
// abort (std::terminate) inside a noexcept helper, std::out_of_range elsewhere. Each test below
// aborted the test binary or failed on that code.
//
// Weekdays by the proleptic Gregorian calendar of ISO 8601 (Python's datetime agrees:
// date(1400, 1, 1).isocalendar() == (1400, 1, 3)): 1400-01-01 is a Wednesday, so ISO week 1 of
// 1400 is 1399-12-30 … 1400-01-05 and the first week in the calendar is 1400W02 (1400-01-06 …
// 12); 9999-12-31 is a Friday, so 9999W52 is 9999-12-27 … 10000-01-02 and the last week in the
// calendar is 9999W51 (9999-12-20 … 26). 1400 is not a leap year (a century not divisible by
// 400), 10000 is.

namespace {

// The error of `f`, which must throw zhibiao::invalid_input (anything else fails the test).
template <class F>
std::string invalid_input_of(F&& f) {
  try {
    f();
  } catch (const invalid_input& e) {
    return e.what();
  } catch (const std::exception& e) {
    ADD_FAILURE() << "threw " << typeid(e).name() << " (" << e.what() << "), not invalid_input";
    return {};
  }
  ADD_FAILURE() << "did not throw";
  return {};
}

// `operation` of `code` leaves the calendar: invalid_input naming both.
void expect_leaves_calendar(const std::function<Period()>& f, const std::string& operation,
                            const std::string& code) {
  const std::string what = invalid_input_of(f);
  EXPECT_THAT(what, HasSubstr("period: " + operation + " of " + code + " leaves the calendar"))
      << operation << " of " << code;
}

// `f` either returns or throws zhibiao::invalid_input; any other exception fails the test.
void expect_answer_or_invalid_input(const std::function<void()>& f, const std::string& what) {
  try {
    f();
  } catch (const invalid_input&) {
  } catch (const std::exception& e) {
    ADD_FAILURE() << what << " threw " << typeid(e).name() << ": " << e.what();
  }
}

struct Edge {
  const char* code;
  Date start, end;
};

struct TypeEdges {
  PeriodType type;
  Edge first, last;
};

// The first and the last period of every type that the calendar holds.
const std::vector<TypeEdges>& calendar_edges() {
  static const std::vector<TypeEdges> edges{
      {PeriodType::day,
       {"14000101", d(1400, 1, 1), d(1400, 1, 1)},
       {"99991231", d(9999, 12, 31), d(9999, 12, 31)}},
      {PeriodType::week,
       {"1400W2", d(1400, 1, 6), d(1400, 1, 12)},
       {"9999W51", d(9999, 12, 20), d(9999, 12, 26)}},
      {PeriodType::month,
       {"140001", d(1400, 1, 1), d(1400, 1, 31)},
       {"999912", d(9999, 12, 1), d(9999, 12, 31)}},
      {PeriodType::bi_month,
       {"140001B", d(1400, 1, 1), d(1400, 2, 28)},
       {"999906B", d(9999, 11, 1), d(9999, 12, 31)}},
      {PeriodType::quarter,
       {"1400Q1", d(1400, 1, 1), d(1400, 3, 31)},
       {"9999Q4", d(9999, 10, 1), d(9999, 12, 31)}},
      {PeriodType::half_year,
       {"1400S1", d(1400, 1, 1), d(1400, 6, 30)},
       {"9999S2", d(9999, 7, 1), d(9999, 12, 31)}},
      {PeriodType::year,
       {"1400", d(1400, 1, 1), d(1400, 12, 31)},
       {"9999", d(9999, 1, 1), d(9999, 12, 31)}},
      // The statistical year from October (1401统计年度 … 9999统计年度).
      {PeriodType::financial_year,
       {"1400Oct", d(1400, 10, 1), d(1401, 9, 30)},
       {"9998Oct", d(9998, 10, 1), d(9999, 9, 30)}},
      {PeriodType::financial_half_year,
       {"1400OctS1", d(1400, 10, 1), d(1401, 3, 31)},
       {"9998OctS2", d(9999, 4, 1), d(9999, 9, 30)}},
      {PeriodType::range,
       {"1400-01-01/1400-01-05", d(1400, 1, 1), d(1400, 1, 5)},
       {"9999-12-27/9999-12-31", d(9999, 12, 27), d(9999, 12, 31)}},
  };
  return edges;
}

// Every operation of a Period; each must answer or throw invalid_input, nothing else.
void call_every_operation(const Period& p) {
  const std::string c = p.code();
  const auto check = [&](const char* what, const std::function<void()>& f) {
    expect_answer_or_invalid_input(f, c + " " + what);
  };
  PeriodTextOptions october;
  october.statistical_year_start_month = 1;
  october.cumulative_start_month = 10;
  check("code", [&] { EXPECT_EQ(Period::parse(p.code()), p); });
  check("chinese", [&] { EXPECT_EQ(Period::parse(p.chinese()).start(), p.start()); });
  check("chinese(10)",
        [&] { EXPECT_EQ(Period::parse(p.chinese(october), october).end(), p.end()); });
  check("observers", [&] {
    (void)p.days();
    (void)p.start_year();
    (void)p.end_year();
    if (p.month_aligned()) (void)p.months();
  });
  check("relations", [&] {
    EXPECT_TRUE(p.contains(p.start()) && p.contains(p.end()) && p.contains(p) && p.overlaps(p));
    EXPECT_EQ(p.intersect(p)->start(), p.start());
  });
  check("split_months", [&] { (void)p.split_months(); });
  check("split_days", [&] { EXPECT_EQ(static_cast<int>(p.split_days().size()), p.days()); });
  check("same_period_last_year", [&] { (void)p.same_period_last_year().code(); });
  check("previous", [&] { (void)p.previous().code(); });
  check("next", [&] { (void)p.next().code(); });
  check("previous x3", [&] { (void)p.previous().previous().previous().chinese(); });
  check("next x3", [&] { (void)p.next().next().next().chinese(); });
  check("year_to_date", [&] { (void)p.year_to_date().code(); });
  check("containing_year", [&] { (void)p.containing_year().code(); });
  check("elapsed_share", [&] {
    EXPECT_GT(p.elapsed_share(p.end()), 0.0);
    if (p.month_aligned()) (void)p.elapsed_share(p.start(), ProgressBasis::months);
  });
  check("annualisation_factor", [&] {
    (void)p.annualisation_factor();
    if (p.month_aligned()) (void)p.annualisation_factor(ProgressBasis::months);
  });
  check("cumulative_to", [&] {
    (void)Period::cumulative_to(p.end()).code();
    (void)Period::cumulative_to(p.end(), 10).chinese();
  });
  check("time variables", [&] {
    for (auto v :
         {TimeVariable::days, TimeVariable::period_in_year, TimeVariable::periods_per_year})
      (void)time_variable(p, v);
  });
}

} // namespace

// Systematic: for every type, its first and last period in the calendar parse to the right dates,
// every operation answers or throws invalid_input, one step inward works, and one step outward
// (previous() of the first, next() of the last) throws invalid_input naming the operation.
TEST(PeriodCalendarEdges, EveryOperationOnTheFirstAndLastPeriodOfEachType) {
  for (const auto& t : calendar_edges()) {
    for (const Edge* e : {&t.first, &t.last}) {
      const Period p = Period::parse(e->code);
      EXPECT_EQ(p.type(), t.type) << e->code;
      expect_dates(p, e->start, e->end);
      EXPECT_EQ(p.code(), e->code);
      call_every_operation(p);
    }
    const Period first = Period::parse(t.first.code), last = Period::parse(t.last.code);
    expect_leaves_calendar([&] { return first.previous(); }, "previous()", t.first.code);
    expect_leaves_calendar([&] { return last.next(); }, "next()", t.last.code);
    EXPECT_EQ(first.next().previous(), first) << t.first.code;
    EXPECT_EQ(last.previous().next(), last) << t.last.code;
    EXPECT_EQ(first.next().type(), t.type);
  }
}

// The issue's examples: each aborted the process or leaked std::out_of_range (IndexError).
TEST(PeriodCalendarEdges, TheIssueExamplesRaiseInvalidInput) {
  try {
    (void)Period::parse("1400W01");
    FAIL() << "1400W01 (1399-12-30 … 1400-01-05) was accepted";
  } catch (const parse_error& e) {
    EXPECT_EQ(e.position(), 5u); // the week number
    EXPECT_THAT(e.expected(), HasSubstr("a week between 2 and 52"));
  }
  expect_leaves_calendar([] { return Period::parse("99991231").next(); }, "next()", "99991231");
  expect_leaves_calendar([] { return Period::parse("9998Oct").next(); }, "next()", "9998Oct");
  expect_leaves_calendar([] { return Period::year(9999).next(); }, "next()", "9999");
  EXPECT_THAT(invalid_input_of([] { return Period::year(9999).next(); }),
              HasSubstr("(date: 10000-01-01 is after 9999-12-31"));
}

TEST(PeriodCalendarEdges, WeeksTheCalendarCuts) {
  EXPECT_THAT(invalid_input_of([] { return Period::iso_week(1400, 1); }),
              HasSubstr("week: ISO week 1 of 1400 begins before 1400-01-01"));
  EXPECT_THAT(invalid_input_of([] { return Period::iso_week(9999, 52); }),
              HasSubstr("week: ISO week 52 of 9999 ends after 9999-12-31"));
  for (const char* text : {"9999W52", "1400年第1周", "9999年第52周"})
    EXPECT_THROW((void)Period::parse(text), parse_error) << text;
  EXPECT_EQ(Period::parse("1400年第2周"), Period::iso_week(1400, 2));
  EXPECT_EQ(Period::iso_week(1400, 3).previous(), Period::iso_week(1400, 2));
  // 同期 of 1401W01 would be 1400W01, of 1400W30 a week of 1399.
  expect_leaves_calendar([] { return Period::iso_week(1401, 1).same_period_last_year(); },
                         "same_period_last_year()", "1401W1");
  expect_leaves_calendar([] { return Period::iso_week(1400, 30).same_period_last_year(); },
                         "same_period_last_year()", "1400W30");
  EXPECT_EQ(Period::iso_week(1401, 2).same_period_last_year(), Period::iso_week(1400, 2));
  // Year to date of the last week: 9999-01-01 … 9999-12-26.
  expect_dates(Period::iso_week(9999, 51).year_to_date(), d(9999, 1, 1), d(9999, 12, 26));
}

// 同期 of the first year's periods leaves the calendar; of the second year's it is the first.
TEST(PeriodCalendarEdges, SamePeriodLastYearOfTheFirstYear) {
  for (const char* code : {"14000101", "140012", "140006B", "1400Q4", "1400S2", "1400", "1400Oct",
                           "1400OctS2", "1400-12-01/1400-12-05", "1400-01-01/1400-02-28"})
    expect_leaves_calendar([&] { return Period::parse(code).same_period_last_year(); },
                           "same_period_last_year()", code);
  EXPECT_EQ(Period::parse("14010228").same_period_last_year(), Period::day(1400, 2, 28));
  EXPECT_EQ(Period::parse("1401Oct").same_period_last_year(), Period::parse("1400Oct"));
  EXPECT_EQ(Period::parse("1401OctS1").same_period_last_year(), Period::parse("1400OctS1"));
  expect_dates(Period::parse("1401-01-01/1401-02-28").same_period_last_year(), d(1400, 1, 1),
               d(1400, 2, 28));
}

// A financial half year is named by its financial year, which must be in the calendar too.
TEST(PeriodCalendarEdges, FinancialHalfYearsNeedTheirYear) {
  // previous() of 1400OctS1 would be 1400-04-01 … 1400-09-30, half of the year from 1399-10.
  expect_leaves_calendar([] { return Period::parse("1400OctS1").previous(); }, "previous()",
                         "1400OctS1");
  // 9999AprilS1 (9999-04-01 … 9999-09-30) is half of the year ending 10000-03-31.
  EXPECT_THROW((void)Period::parse("9999AprilS1"), parse_error);
  EXPECT_THROW((void)Period::financial_half_year(9999, 4, 1), invalid_input);
  EXPECT_EQ(Period::parse("9998OctS2").containing_year(), Period::parse("9998Oct"));
  EXPECT_EQ(Period::parse("9998OctS2").chinese(), "9999统计年度下半年");
  EXPECT_EQ(Period::parse("1400OctS1").chinese(), "1401统计年度上半年");
}

TEST(PeriodCalendarEdges, YearsThatLeaveTheCalendar) {
  // 截至9999年11月30日 counted from October: its statistical year ends in 10000.
  const Period window = Period::cumulative_to(d(9999, 11, 30), 10);
  expect_dates(window, d(9999, 10, 1), d(9999, 11, 30));
  EXPECT_EQ(window.year_to_date(), window);
  expect_leaves_calendar([&] { return window.containing_year(); }, "containing_year()",
                         window.code());
  EXPECT_THROW((void)window.annualisation_factor(), invalid_input);
  EXPECT_DOUBLE_EQ(window.annualisation_factor(ProgressBasis::months), 12.0 / 2.0);
  // The whole calendar: 8600 years, 103200 months; it has no period before or after it.
  const Period all = Period::range(d(1400, 1, 1), d(9999, 12, 31));
  EXPECT_EQ(all.months(), 103200);
  EXPECT_EQ(all.split_months().size(), 103200u);
  expect_leaves_calendar([&] { return all.next(); }, "next()", "1400-01-01/9999-12-31");
  // 103199 months back from February 1400: March of the year -7200 (months counted by floor
  // division: 1400 × 12 + 1 − 103199 = −86398 = −7200 × 12 + 2), refused as a year.
  const Period from_february = Period::range(d(1400, 2, 1), d(9999, 12, 31));
  expect_leaves_calendar([&] { return from_february.previous(); }, "previous()",
                         "1400-02-01/9999-12-31");
  expect_leaves_calendar([&] { return all.same_period_last_year(); }, "same_period_last_year()",
                         "1400-01-01/9999-12-31");
}

// Text of periods at the ends: formatting never fails, and text naming a period the calendar
// cuts is a parse_error.
TEST(PeriodCalendarEdges, TextAtTheEnds) {
  PeriodTextOptions october;
  october.cumulative_start_month = 10;
  // 1400-01-01 … 1400-03-05 is no cumulative window from October (that would start in 1399):
  // chinese() used to build it and threw.
  const Period early = Period::range(d(1400, 1, 1), d(1400, 3, 5));
  EXPECT_EQ(early.chinese(october), "1400年1月1日至1400年3月5日");
  EXPECT_EQ(Period::parse(early.chinese(october), october), early);
  EXPECT_EQ(Period::cumulative_to(d(9999, 12, 30)).chinese(), "截至9999年12月30日");
  for (const char* text : {"9999Oct", "9999AprilS2", "截至1400年3月底"})
    EXPECT_THROW((void)Period::parse(text, october), parse_error) << text;
  // Relative text whose reference sits at an end of the calendar.
  PeriodTextOptions last_day = with_reference(d(9999, 6, 1)),
                    first_day = with_reference(d(1400, 1, 15));
  EXPECT_THROW((void)Period::parse("明年1-5月", last_day), parse_error);
  EXPECT_THROW((void)Period::parse("上月", first_day), parse_error);
  EXPECT_THROW((void)Period::parse("去年", first_day), parse_error);
  EXPECT_EQ(Period::parse("本月", first_day), Period::month(1400, 1));
  EXPECT_EQ(Period::parse("今年1-5月", last_day).code(), "9999-01-01/9999-05-31");
}

// Dates from a caller's own Boost arithmetic may lie outside the calendar: refused by day number
// (asking Boost for their year threw inside a noexcept function).
TEST(PeriodCalendarEdges, DatesOutsideTheCalendarAreRefused) {
  const Date after = d(9999, 12, 31) + boost::gregorian::days(1);
  const Date before = d(1400, 1, 1) - boost::gregorian::days(1);
  EXPECT_THAT(invalid_input_of([&] { return Period::day(after); }),
              HasSubstr("date: is outside the calendar 1400-01-01 … 9999-12-31"));
  EXPECT_THROW((void)Period::day(before), invalid_input);
  EXPECT_THROW((void)Period::range(before, d(1400, 1, 5)), invalid_input);
  EXPECT_THROW((void)Period::cumulative_to(after), invalid_input);
  EXPECT_THROW((void)Period::year(2024).elapsed_share(after), invalid_input);
  EXPECT_THROW((void)Period::parse("本月", with_reference(after)), invalid_input);
  EXPECT_THROW((void)Period::day(Date(boost::gregorian::not_a_date_time)), invalid_input);
}

// Time variables of a period at the end of the calendar: the days in the twelve months from
// 9999-03-05 run through 10000-02-29 (10000 is a leap year): 366; from 1400-01-01, 365.
TEST(PeriodCalendarEdges, TimeVariablesIn9999) {
  const Period late = Period::range(d(9999, 3, 5), d(9999, 3, 10));
  EXPECT_DOUBLE_EQ(time_variable(late, TimeVariable::periods_per_year), 366.0);
  EXPECT_DOUBLE_EQ(time_variable(late, TimeVariable::period_in_year), 6.0);
  const Period early = Period::range(d(1400, 1, 1), d(1400, 1, 5));
  EXPECT_DOUBLE_EQ(time_variable(early, TimeVariable::periods_per_year), 365.0);
  // The same rule mid-calendar: 2023-03-01 → 2024-03-01 spans 2024-02-29: 366 days;
  // 2024-02-29 → 2025-02-28: 365.
  EXPECT_DOUBLE_EQ(
      time_variable(Period::range(d(2023, 3, 1), d(2023, 3, 2)), TimeVariable::periods_per_year),
      366.0);
  EXPECT_DOUBLE_EQ(
      time_variable(Period::range(d(2024, 2, 29), d(2024, 3, 2)), TimeVariable::periods_per_year),
      365.0);
}
