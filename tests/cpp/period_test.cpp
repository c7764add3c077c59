#include <zhibiao/error.hpp>
#include <zhibiao/period.hpp>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

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
  EXPECT_EQ(Period::iso_week(2019, 5).code(), "2019W05");
  EXPECT_EQ(Period::day(2019, 3, 5).code(), "20190305");
  EXPECT_EQ(Period::financial_year_starting(2019, 4).code(), "2019April");
  EXPECT_EQ(Period::financial_year_starting(2019, 7).code(), "2019July");
  EXPECT_EQ(Period::financial_half_year(2019, 11, 2).code(), "2019NovS2");
  expect_dates(Period::parse("2019NovS2"), d(2020, 5, 1), d(2020, 10, 31));
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
