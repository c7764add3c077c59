// DHIS2 period identifiers (issue 15 item 3): each id with the start and end DHIS2 gives it, from
// DHIS2's own specification — the fixtures of dhis2/multi-calendar-dates (the date library of
// DHIS2's web apps) and the tests of dhis2/dhis2-core's period types (the server). Each group
// names its source; where the two DHIS2 sources disagree (the year a November-based period is
// named by) zhibiao follows the server, and docs/periods.md §7.2 says so.

#include <zhibiao/error.hpp>
#include <zhibiao/expression.hpp>
#include <zhibiao/period.hpp>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

using namespace zhibiao;
using ::testing::HasSubstr;

namespace {

Date d(int y, int m, int day) {
  return Date(static_cast<unsigned short>(y), static_cast<unsigned short>(m),
              static_cast<unsigned short>(day));
}

struct Case {
  const char* id;
  Date start;
  Date end;
  PeriodType type;
};

// Every id parses to its dates and type, and code() writes it back exactly (DHIS2's spelling).
void expect_cases(const std::vector<Case>& cases) {
  for (const Case& c : cases) {
    SCOPED_TRACE(c.id);
    const Period p = Period::parse(c.id);
    EXPECT_EQ(p.start(), c.start);
    EXPECT_EQ(p.end(), c.end);
    EXPECT_EQ(p.type(), c.type);
    EXPECT_EQ(p.code(), c.id);
  }
}

constexpr auto Y = PeriodType::year;
constexpr auto FY = PeriodType::financial_year;
constexpr auto M = PeriodType::month;
constexpr auto BM = PeriodType::bi_month;
constexpr auto Q = PeriodType::quarter;
constexpr auto FQ = PeriodType::financial_quarter;
constexpr auto FH = PeriodType::financial_half_year;
constexpr auto W = PeriodType::week;
constexpr auto BW = PeriodType::bi_week;
constexpr auto WED = PeriodType::week_wednesday;
constexpr auto THU = PeriodType::week_thursday;
constexpr auto FRI = PeriodType::week_friday;
constexpr auto SAT = PeriodType::week_saturday;
constexpr auto SUN = PeriodType::week_sunday;
constexpr auto DAY = PeriodType::day;

} // namespace

// dhis2/multi-calendar-dates, src/period-calculation/create-fixed-period-from-period-id/
// create-fixed-period-from-period-id.gregorian.spec.ts: id -> startDate, endDate (Gregorian).
TEST(PeriodDhis2, MultiCalendarDatesCreateFromPeriodId) {
  expect_cases({
      {"2023", d(2023, 1, 1), d(2023, 12, 31), Y},
      {"2023April", d(2023, 4, 1), d(2024, 3, 31), FY},
      {"2023July", d(2023, 7, 1), d(2024, 6, 30), FY},
      {"2023Oct", d(2023, 10, 1), d(2024, 9, 30), FY},
      {"202301", d(2023, 1, 1), d(2023, 1, 31), M},
      {"202302B", d(2023, 3, 1), d(2023, 4, 30), BM},
      {"2023Q1", d(2023, 1, 1), d(2023, 3, 31), Q},
      {"2023JulyQ1", d(2023, 7, 1), d(2023, 9, 30), FQ},
      {"2023JulyQ4", d(2024, 4, 1), d(2024, 6, 30), FQ},
      {"2023AprilS1", d(2023, 4, 1), d(2023, 9, 30), FH},
      {"2023AprilS2", d(2023, 10, 1), d(2024, 3, 31), FH},
      {"2023JulyS1", d(2023, 7, 1), d(2023, 12, 31), FH},
      {"2023JulyS2", d(2024, 1, 1), d(2024, 6, 30), FH},
      {"2023W1", d(2023, 1, 2), d(2023, 1, 8), W},
      {"2023BiW1", d(2023, 1, 2), d(2023, 1, 15), BW},
      {"2023WedW1", d(2023, 1, 4), d(2023, 1, 10), WED},
      {"2023ThuW1", d(2022, 12, 29), d(2023, 1, 4), THU},
      {"2023SatW1", d(2022, 12, 31), d(2023, 1, 6), SAT},
      {"2023SunW1", d(2023, 1, 1), d(2023, 1, 7), SUN},
      {"20230101", d(2023, 1, 1), d(2023, 1, 1), DAY},
  });
}

// dhis2/multi-calendar-dates, features/fixed-periods.gregorian.feature: the periods generated for
// 2022 (periodValue and the dates of periodLabel).
TEST(PeriodDhis2, MultiCalendarDatesGenerated2022) {
  expect_cases({
      // "Generate Weekly Periods (no start day provided - means starting Monday)"
      {"2022W1", d(2022, 1, 3), d(2022, 1, 9), W},
      {"2022W2", d(2022, 1, 10), d(2022, 1, 16), W},
      {"2022W3", d(2022, 1, 17), d(2022, 1, 23), W},
      {"2022W51", d(2022, 12, 19), d(2022, 12, 25), W},
      {"2022W52", d(2022, 12, 26), d(2023, 1, 1), W},
      // "Generate Weekly Periods (Starting Wednesday)": 2022 has 53 Wednesday weeks.
      {"2022WedW1", d(2021, 12, 29), d(2022, 1, 4), WED},
      {"2022WedW2", d(2022, 1, 5), d(2022, 1, 11), WED},
      {"2022WedW3", d(2022, 1, 12), d(2022, 1, 18), WED},
      {"2022WedW51", d(2022, 12, 14), d(2022, 12, 20), WED},
      {"2022WedW52", d(2022, 12, 21), d(2022, 12, 27), WED},
      {"2022WedW53", d(2022, 12, 28), d(2023, 1, 3), WED},
      // "Generate Weekly Periods (Starting Thursday)"
      {"2022ThuW1", d(2021, 12, 30), d(2022, 1, 5), THU},
      {"2022ThuW2", d(2022, 1, 6), d(2022, 1, 12), THU},
      {"2022ThuW3", d(2022, 1, 13), d(2022, 1, 19), THU},
      {"2022ThuW50", d(2022, 12, 8), d(2022, 12, 14), THU},
      {"2022ThuW51", d(2022, 12, 15), d(2022, 12, 21), THU},
      {"2022ThuW52", d(2022, 12, 22), d(2022, 12, 28), THU},
      // "Generate Weekly Periods (Starting Saturday)"
      {"2022SatW1", d(2022, 1, 1), d(2022, 1, 7), SAT},
      {"2022SatW2", d(2022, 1, 8), d(2022, 1, 14), SAT},
      {"2022SatW3", d(2022, 1, 15), d(2022, 1, 21), SAT},
      {"2022SatW50", d(2022, 12, 10), d(2022, 12, 16), SAT},
      {"2022SatW51", d(2022, 12, 17), d(2022, 12, 23), SAT},
      {"2022SatW52", d(2022, 12, 24), d(2022, 12, 30), SAT},
      // "Generate Weekly Periods (Starting Sunday)"
      {"2022SunW1", d(2022, 1, 2), d(2022, 1, 8), SUN},
      {"2022SunW2", d(2022, 1, 9), d(2022, 1, 15), SUN},
      {"2022SunW3", d(2022, 1, 16), d(2022, 1, 22), SUN},
      {"2022SunW50", d(2022, 12, 11), d(2022, 12, 17), SUN},
      {"2022SunW51", d(2022, 12, 18), d(2022, 12, 24), SUN},
      {"2022SunW52", d(2022, 12, 25), d(2022, 12, 31), SUN},
      // "Generate Bi-Weekly Periods"
      {"2022BiW1", d(2022, 1, 3), d(2022, 1, 16), BW},
      {"2022BiW2", d(2022, 1, 17), d(2022, 1, 30), BW},
      {"2022BiW3", d(2022, 1, 31), d(2022, 2, 13), BW},
      {"2022BiW24", d(2022, 11, 21), d(2022, 12, 4), BW},
      {"2022BiW25", d(2022, 12, 5), d(2022, 12, 18), BW},
      {"2022BiW26", d(2022, 12, 19), d(2023, 1, 1), BW},
      // "Generate Bi-Monthly Periods"
      {"202201B", d(2022, 1, 1), d(2022, 2, 28), BM},
      {"202202B", d(2022, 3, 1), d(2022, 4, 30), BM},
      {"202203B", d(2022, 5, 1), d(2022, 6, 30), BM},
      {"202204B", d(2022, 7, 1), d(2022, 8, 31), BM},
      {"202205B", d(2022, 9, 1), d(2022, 10, 31), BM},
      {"202206B", d(2022, 11, 1), d(2022, 12, 31), BM},
      // "Generate Six-Monthly Periods (starting April)"
      {"2022AprilS1", d(2022, 4, 1), d(2022, 9, 30), FH},
      {"2022AprilS2", d(2022, 10, 1), d(2023, 3, 31), FH},
  });
}

// dhis2/multi-calendar-dates, src/period-calculation/generate-fixed-periods/
// generate-fixed-periods.gregorian.spec.ts ("weekly periods") and get-adjacent-fixed-periods/
// get-adjacent-fixed-periods.gregorian.spec.ts ("period type: WEEKLY").
TEST(PeriodDhis2, MultiCalendarDatesWeeksAtYearEnds) {
  expect_cases({
      {"2014W27", d(2014, 6, 30), d(2014, 7, 6), W},
      {"2014W52", d(2014, 12, 22), d(2014, 12, 28), W},
      // "should start the year before if necessary": 2014 has 53 Sunday weeks.
      {"2014SunW1", d(2013, 12, 29), d(2014, 1, 4), SUN},
      {"2014SunW53", d(2014, 12, 28), d(2015, 1, 3), SUN},
      {"2023W2", d(2023, 1, 9), d(2023, 1, 15), W},
      {"2021W52", d(2021, 12, 27), d(2022, 1, 2), W},
  });
  // The same fixtures' counts ("Number of generated periods"): 52 weeks in 2022 and 2023, 53 in
  // 2015 and 2020; 26 two-week periods in 2022.
  EXPECT_EQ(iso_weeks_in_year(2022), 52);
  EXPECT_EQ(iso_weeks_in_year(2023), 52);
  EXPECT_EQ(iso_weeks_in_year(2015), 53);
  EXPECT_EQ(iso_weeks_in_year(2020), 53);
  EXPECT_EQ(bi_weeks_in_year(2022), 26);
  EXPECT_EQ(weeks_in_year(PeriodType::week_wednesday, 2022), 53); // 2022WedW53 above
  EXPECT_EQ(weeks_in_year(PeriodType::week_sunday, 2014), 53);    // 2014SunW53 above
  EXPECT_EQ(weeks_in_year(PeriodType::week_wednesday, 2023), 52); // 2024WedW1 is 2024-01-03
}

// dhis2/dhis2-core, dhis-2/dhis-api/src/test/java/org/hisp/dhis/period/: the server's tests give
// the dates of a period (createPeriod, getNextPeriod, getPreviousPeriod, createPeriod(iso));
// its id is what the period type's getIsoDate writes for those dates.
TEST(PeriodDhis2, CoreNovemberPeriodTypes) {
  expect_cases({
      // FinancialNovemberPeriodTypeTest; FinancialNovemberPeriodType.getIsoDate writes the start
      // year + 1, so a November year is named by the year it ends.
      {"2009Nov", d(2008, 11, 1), d(2009, 10, 31), FY},
      {"2010Nov", d(2009, 11, 1), d(2010, 10, 31), FY},
      {"2008Nov", d(2007, 11, 1), d(2008, 10, 31), FY},
      // QuarterlyNovemberPeriodTypeTest; QuarterlyNovemberPeriodType.getIsoDate: a quarter from
      // November is Q1 of the next year, from February Q2, from May Q3, from August Q4.
      {"2009NovQ2", d(2009, 2, 1), d(2009, 4, 30), FQ},
      {"2009NovQ4", d(2009, 8, 1), d(2009, 10, 31), FQ},
      {"2015NovQ1", d(2014, 11, 1), d(2015, 1, 31), FQ},
      {"2009NovQ3", d(2009, 5, 1), d(2009, 7, 31), FQ},
      {"2009NovQ1", d(2008, 11, 1), d(2009, 1, 31), FQ},
      {"2010NovQ1", d(2009, 11, 1), d(2010, 1, 31), FQ},
      // SixMonthlyNovemberPeriodTest (testCreatePeriodFromIsoDate: "2015NovS1", "2015NovS2"; and
      // testCreatePeriod / testGetNextPeriod / testGetPreviousPeriod).
      {"2015NovS1", d(2014, 11, 1), d(2015, 4, 30), FH},
      {"2015NovS2", d(2015, 5, 1), d(2015, 10, 31), FH},
      {"2009NovS2", d(2009, 5, 1), d(2009, 10, 31), FH},
      {"2010NovS1", d(2009, 11, 1), d(2010, 4, 30), FH},
      {"2014NovS1", d(2013, 11, 1), d(2014, 4, 30), FH},
      {"2010NovS2", d(2010, 5, 1), d(2010, 10, 31), FH},
      {"2009NovS1", d(2008, 11, 1), d(2009, 4, 30), FH},
  });
  // getNextPeriod / getPreviousPeriod of the same tests.
  EXPECT_EQ(Period::parse("2009Nov").previous().code(), "2008Nov");
  EXPECT_EQ(Period::parse("2009Nov").next().code(), "2010Nov");
  EXPECT_EQ(Period::parse("2009NovQ2").next().code(), "2009NovQ3");
  EXPECT_EQ(Period::parse("2009NovQ2").previous().code(), "2009NovQ1");
  EXPECT_EQ(Period::parse("2009NovQ2").next().next().next().code(), "2010NovQ1");
  EXPECT_EQ(Period::parse("2009NovS2").next().code(), "2010NovS1");
  EXPECT_EQ(Period::parse("2010NovS1").next().code(), "2010NovS2");
  EXPECT_EQ(Period::parse("2009NovS2").previous().code(), "2009NovS1");
  EXPECT_EQ(Period::parse("2010NovS1").previous().code(), "2009NovS2");
  // The constructors take the start year: the financial year from November 2018 is 2019Nov.
  EXPECT_EQ(Period::financial_year_starting(2018, 11).code(), "2019Nov");
  EXPECT_EQ(Period::financial_quarter(2018, 11, 1).code(), "2019NovQ1");
  EXPECT_EQ(Period::financial_half_year(2018, 11, 1).code(), "2019NovS1");
}

// The November naming option (docs/periods.md §7.2). dhis2/multi-calendar-dates names November
// periods by their start year: create-fixed-period-from-period-id.gregorian.spec.ts ("FYNOV":
// 2023Nov is 2023-11-01 … 2024-10-31) and features/fixed-periods.gregorian.feature
// (QUARTERLYNOV for 2022: 2022NovemberQ1 "November 2022 - January 2023" … 2022NovemberQ4
// "August - October 2023"; SIXMONTHLYNOV: 2022NovemberS1 "November 2022 - April 2023",
// 2022NovemberS2 "May - October 2023"; FYNOV: 2022Nov "November 2022 - October 2023").
TEST(PeriodDhis2, NovemberNamingByStartYear) {
  PeriodTextOptions web;
  web.november_naming = NovemberNaming::start_year;
  const std::vector<Case> cases{
      {"2023Nov", d(2023, 11, 1), d(2024, 10, 31), FY},
      {"2022Nov", d(2022, 11, 1), d(2023, 10, 31), FY},
      {"2022NovemberQ1", d(2022, 11, 1), d(2023, 1, 31), FQ},
      {"2022NovemberQ2", d(2023, 2, 1), d(2023, 4, 30), FQ},
      {"2022NovemberQ3", d(2023, 5, 1), d(2023, 7, 31), FQ},
      {"2022NovemberQ4", d(2023, 8, 1), d(2023, 10, 31), FQ},
      {"2022NovemberS1", d(2022, 11, 1), d(2023, 4, 30), FH},
      {"2022NovemberS2", d(2023, 5, 1), d(2023, 10, 31), FH},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.id);
    const Period p = Period::parse(c.id, web);
    EXPECT_EQ(p.start(), c.start);
    EXPECT_EQ(p.end(), c.end);
    EXPECT_EQ(p.type(), c.type);
    EXPECT_EQ(p.code(NovemberNaming::start_year), c.id);
    // The same days under the server's naming: the year the financial year ends (dhis2-core).
    EXPECT_EQ(Period::parse(p.code()).start(), c.start);
    EXPECT_EQ(p.code(NovemberNaming::end_year), p.code());
  }
  // One id, two periods: 2022Nov is 2021-11 … 2022-10 for the server, 2022-11 … 2023-10 for
  // the web library (the difference §7.2 documents).
  EXPECT_EQ(Period::parse("2022Nov").start(), d(2021, 11, 1));
  EXPECT_EQ(Period::parse("2022Nov", web).start(), d(2022, 11, 1));
  EXPECT_EQ(Period::parse("2023NovS1", web).code(), "2024NovS1");
  // The option changes nothing but November: 2022AprilS2 is October 2022 - March 2023 in both
  // (fixed-periods.gregorian.feature, SIXMONTHLYAPR), 2023Oct starts 2023-10-01.
  EXPECT_EQ(Period::parse("2022AprilS2", web).start(), d(2022, 10, 1));
  EXPECT_EQ(Period::parse("2022AprilS2", web).code(NovemberNaming::start_year), "2022AprilS2");
  EXPECT_EQ(Period::parse("2023Oct", web).start(), d(2023, 10, 1));
  EXPECT_EQ(Period::parse("2023Q1").code(NovemberNaming::start_year), "2023Q1");
}

// dhis2/dhis2-core BiWeeklyPeriodTypeTest: createPeriod(2018-01-08) is 2018-01-01 … 2018-01-14,
// createPeriod(2017-12-29) is 2017-12-18 … 2017-12-31, its next 2018-01-15 … 2018-01-28;
// testToIsoDate names the first and last of generateRollingPeriods (26 two-week periods back
// from 1 January, the first starting 350 days before the last): 2017BiW2, 2018BiW1, 2018BiW2,
// 2019BiW1, 2009BiW2, 2009BiW27 (2009 has 53 ISO weeks), 2019BiW2, 2020BiW1.
TEST(PeriodDhis2, CoreBiWeekly) {
  expect_cases({
      {"2018BiW1", d(2018, 1, 1), d(2018, 1, 14), BW},
      {"2017BiW26", d(2017, 12, 18), d(2017, 12, 31), BW},
      {"2018BiW2", d(2018, 1, 15), d(2018, 1, 28), BW},
      {"2017BiW2", d(2017, 1, 16), d(2017, 1, 29), BW},
      {"2019BiW1", d(2018, 12, 31), d(2019, 1, 13), BW},
      {"2009BiW2", d(2009, 1, 12), d(2009, 1, 25), BW},
      {"2009BiW27", d(2009, 12, 28), d(2010, 1, 10), BW},
      {"2019BiW2", d(2019, 1, 14), d(2019, 1, 27), BW},
      {"2020BiW1", d(2019, 12, 30), d(2020, 1, 12), BW},
  });
  EXPECT_EQ(Period::parse("2018BiW1").next().code(), "2018BiW2");
  EXPECT_EQ(Period::parse("2018BiW1").previous().code(), "2017BiW26");
  // In a year of 53 ISO weeks the 27th runs into the next ISO year's week 1 (2009BiW27 above):
  // next() goes on to the next year's first, previous() of that first comes back to the 27th
  // (DHIS2's getPreviousPeriod, two weeks back, lands on the 26th: docs/periods.md §7.4).
  EXPECT_EQ(Period::parse("2009BiW26").next().code(), "2009BiW27");
  EXPECT_EQ(Period::parse("2009BiW27").next().code(), "2010BiW1");
  EXPECT_EQ(Period::parse("2010BiW1").previous().code(), "2009BiW27");
  EXPECT_EQ(bi_weeks_in_year(2009), 27);
}

// DHIS2's newer FinancialSep (yyyySep, dhis2-core FinancialSeptemberPeriodType), which code()
// has always written, reads back; so do zhibiao's quarters and halves of a year from September.
TEST(PeriodDhis2, SeptemberIsAMonthNotAHalf) {
  expect_cases({
      {"2019Sep", d(2019, 9, 1), d(2020, 8, 31), FY},
      {"2019SepQ1", d(2019, 9, 1), d(2019, 11, 30), FQ},
      {"2019SepS2", d(2020, 3, 1), d(2020, 8, 31), FH},
  });
  EXPECT_EQ(Period::parse("2019S2"), Period::half_year(2019, 2));
}

// Weekly from Friday, which both DHIS2 sources list (WeeklyFridayPeriodType; WEEKLYFRI) without
// a date fixture: by the rule the fixtures above follow — week 1 is the seven days from the start
// day that hold 4 January — 4 January 2023 is a Wednesday, the Friday before is 30 December 2022
// (hand calculation).
TEST(PeriodDhis2, WeeklyFridayByTheSameRule) {
  expect_cases({
      {"2023FriW1", d(2022, 12, 30), d(2023, 1, 5), FRI},
      {"2023FriW2", d(2023, 1, 6), d(2023, 1, 12), FRI},
  });
}

// DHIS2 writes week numbers without a leading zero (multi-calendar-dates' regexes and fixtures:
// 2023W1; dhis2-core PeriodTypeTest reads "2011W1" and "2011W32") and reads both: dhis2-core
// PeriodTypeEnum.ofIsoPeriod takes "~~~~W~" or "~~~~W~~", "~~~~WedW~" or "~~~~WedW~~",
// "~~~~BiW~" or "~~~~BiW~~". zhibiao reads the zero-padded form it used to write, too.
TEST(PeriodDhis2, ReadsBothSpellingsWritesDhis2s) {
  EXPECT_EQ(Period::parse("2023W01"), Period::parse("2023W1"));
  EXPECT_EQ(Period::parse("2023W01").code(), "2023W1");
  EXPECT_EQ(Period::parse("2019WedW05"), Period::weekly(PeriodType::week_wednesday, 2019, 5));
  EXPECT_EQ(Period::parse("2019WedW05").code(), "2019WedW5");
  EXPECT_EQ(Period::parse("2019BiW03").code(), "2019BiW3");
  EXPECT_EQ(Period::weekly(PeriodType::week, 2019, 5), Period::iso_week(2019, 5));
}

// Invalid ids are refused with a parse_error at the offending character. dhis2-core
// PeriodTypeTest.testGetPeriodTypeFromIsoString refuses "201", "20111", "201W2", "2011Q12",
// "2011W234", "201er2345566", "2011Q10"; the others have no period in DHIS2 (a week or two-week
// period past the year's count, by the counts above; a quarter 5; a half 3; DHIS2 has no weeks
// from Tuesday or Monday-prefixed ids in its server).
TEST(PeriodDhis2, InvalidIdsAreRefused) {
  struct Bad {
    const char* id;
    std::size_t position;
  };
  const std::vector<Bad> bad{
      {"2022WedW54", 8}, // 2022 has 53 Wednesday weeks
      {"2023WedW53", 8}, // 2023 has 52
      {"2022SunW53", 8}, // 2022 has 52 Sunday weeks (2023SunW1 is 2023-01-01)
      {"2022BiW27", 7},  // 2022 has 52 ISO weeks, so 26 two-week periods
      {"2022BiW0", 7},   {"2022W53", 5}, {"2023NovQ5", 8}, {"2023NovS3", 8},
      {"2023TueW1", 4},  {"2011Q12", 5}, {"2011Q10", 5},   {"2011W234", 7},
  };
  for (const Bad& b : bad) {
    SCOPED_TRACE(b.id);
    try {
      (void)Period::parse(b.id);
      ADD_FAILURE() << b.id << " was accepted";
    } catch (const parse_error& e) {
      EXPECT_EQ(e.position(), b.position);
    }
  }
  for (const char* id : {"201", "20111", "201W2", "201er2345566", "2022WedW", "2022BiW"})
    EXPECT_THROW((void)Period::parse(id), parse_error) << id;
  EXPECT_THROW((void)Period::weekly(PeriodType::week_wednesday, 2023, 53), invalid_input);
  EXPECT_THROW((void)Period::bi_week(2022, 27), invalid_input);
  EXPECT_THROW((void)Period::weekly(PeriodType::month, 2023, 1), invalid_input);
  EXPECT_THROW((void)Period::financial_quarter(2023, 11, 5), invalid_input);
}

// DHIS2's periodType names (dhis2-core PeriodTypeEnum's names; WeeklyFriday from
// WeeklyFridayPeriodType).
TEST(PeriodDhis2, PeriodTypeNames) {
  EXPECT_EQ(parse_period_type("WeeklyWednesday"), PeriodType::week_wednesday);
  EXPECT_EQ(parse_period_type("WeeklyThursday"), PeriodType::week_thursday);
  EXPECT_EQ(parse_period_type("WeeklyFriday"), PeriodType::week_friday);
  EXPECT_EQ(parse_period_type("WeeklySaturday"), PeriodType::week_saturday);
  EXPECT_EQ(parse_period_type("WeeklySunday"), PeriodType::week_sunday);
  EXPECT_EQ(parse_period_type("BiWeekly"), PeriodType::bi_week);
  EXPECT_EQ(parse_period_type("QuarterlyNov"), PeriodType::financial_quarter);
  EXPECT_EQ(parse_period_type("SixMonthlyApril"), PeriodType::financial_half_year);
  EXPECT_EQ(parse_period_type("SixMonthlyNov"), PeriodType::financial_half_year);
  for (const char* name :
       {"FinancialApril", "FinancialJuly", "FinancialOct", "FinancialNov", "FinancialSep"})
    EXPECT_EQ(parse_period_type(name), PeriodType::financial_year) << name;
  EXPECT_EQ(parse_period_type("week_sunday"), PeriodType::week_sunday);
  EXPECT_EQ(to_string(PeriodType::bi_week), "bi_week");
  EXPECT_THAT(
      [] {
        try {
          (void)parse_period_type("WeeklyTuesday");
        } catch (const invalid_input& e) {
          return std::string(e.what());
        }
        return std::string();
      }(),
      HasSubstr("unknown period type 'WeeklyTuesday'"));
}

// 同期, 环比 and the relations on the new types.
TEST(PeriodDhis2, OperationsOnTheNewTypes) {
  // Week n of the year before; 2022WedW53 has no week 53 in 2021 (2022WedW1 began on
  // 2021-12-29, 52 weeks after 2021WedW1 = 2020-12-30), so it maps to week 52.
  EXPECT_EQ(Period::parse("2023WedW5").same_period_last_year().code(), "2022WedW5");
  EXPECT_EQ(Period::parse("2022WedW53").same_period_last_year().code(), "2021WedW52");
  EXPECT_EQ(Period::parse("2022WedW53").next().code(), "2023WedW1");
  EXPECT_EQ(Period::parse("2023WedW1").previous().code(), "2022WedW53");
  EXPECT_EQ(Period::parse("2014SunW53").next().code(), "2015SunW1");
  EXPECT_EQ(Period::parse("2010BiW1").same_period_last_year().code(), "2009BiW1");
  EXPECT_EQ(Period::parse("2009BiW27").same_period_last_year().code(), "2008BiW26");
  EXPECT_EQ(Period::parse("2019NovQ1").same_period_last_year().code(), "2018NovQ1");
  EXPECT_EQ(Period::parse("2019NovS1").same_period_last_year().code(), "2018NovS1");
  // A week from Saturday holds its Saturday and the Friday after, nothing else.
  const Period sat = Period::parse("2022SatW1");
  EXPECT_TRUE(sat.contains(d(2022, 1, 7)));
  EXPECT_FALSE(sat.contains(d(2022, 1, 8)));
  EXPECT_EQ(sat.days(), 7);
  EXPECT_EQ(Period::parse("2022BiW1").days(), 14);
  // Time progress by days: 3 of 7 days of 2023WedW1 (4–6 January) are over at the end of the 6th.
  EXPECT_DOUBLE_EQ(Period::parse("2023WedW1").elapsed_share(d(2023, 1, 6)), 3.0 / 7.0);
  // The year a financial quarter is counted in is its financial year: 2019NovQ2 (Feb–Apr 2019)
  // is in 2018-11-01 … 2019-10-31, and its year to date starts in November 2018.
  EXPECT_EQ(Period::parse("2019NovQ2").containing_year(), Period::parse("2019Nov"));
  EXPECT_EQ(Period::parse("2019NovQ2").year_to_date(),
            Period::range(d(2018, 11, 1), d(2019, 4, 30)));
  EXPECT_TRUE(Period::parse("2019Nov").contains(Period::parse("2019NovS2")));
}

// Annualisation. DHIS2 multiplies an annualised indicator by 365 over the days of the period
// (docs/periods.md §7.3 cites it); zhibiao's day-exact factor uses the days of the year the period
// is counted in. Hand calculations: 2024Q1 has 31 + 29 + 31 = 91 days of 366; 2023WedW1 7 days.
TEST(PeriodDhis2, AnnualisationAsDhis2AndDayExact) {
  const Period q = Period::quarter(2024, 1);
  EXPECT_DOUBLE_EQ(q.annualisation_factor(Annualisation::dhis2), 365.0 / 91.0);
  EXPECT_DOUBLE_EQ(q.annualisation_factor(Annualisation::day_exact), 366.0 / 91.0);
  EXPECT_DOUBLE_EQ(q.annualisation_factor(), 366.0 / 91.0); // the default is unchanged
  EXPECT_DOUBLE_EQ(Period::year(2024).annualisation_factor(Annualisation::dhis2), 365.0 / 366.0);
  EXPECT_DOUBLE_EQ(Period::year(2023).annualisation_factor(Annualisation::dhis2), 1.0);
  EXPECT_DOUBLE_EQ(Period::parse("2023WedW1").annualisation_factor(Annualisation::dhis2),
                   365.0 / 7.0);
}

// The time variables of an expression (period_in_year, periods_in_year) of the new types: a
// week or two-week period counts in its week-year, a financial quarter in its financial year.
TEST(PeriodDhis2, TimeVariables) {
  EXPECT_EQ(time_variable(Period::parse("2022WedW53"), TimeVariable::period_in_year), 53);
  EXPECT_EQ(time_variable(Period::parse("2022WedW53"), TimeVariable::periods_per_year), 53);
  EXPECT_EQ(time_variable(Period::parse("2009BiW27"), TimeVariable::period_in_year), 27);
  EXPECT_EQ(time_variable(Period::parse("2009BiW27"), TimeVariable::periods_per_year), 27);
  EXPECT_EQ(time_variable(Period::parse("2019NovQ2"), TimeVariable::period_in_year), 2);
  EXPECT_EQ(time_variable(Period::parse("2019NovQ2"), TimeVariable::periods_per_year), 4);
}

// Chinese for the new types: the week number with the day the week starts on, a two-week period
// as 双周; parsing the text gives the period back (docs/periods.md §7.4).
TEST(PeriodDhis2, ChineseForms) {
  EXPECT_EQ(Period::parse("2019WedW5").chinese(), "2019年第5周（周三起）");
  EXPECT_EQ(Period::parse("2014SunW53").chinese(), "2014年第53周（周日起）");
  EXPECT_EQ(Period::parse("2019BiW3").chinese(), "2019年第3双周");
  for (const char* id : {"2019WedW5", "2022ThuW52", "2023FriW1", "2022SatW1", "2014SunW53",
                         "2009BiW27", "2022BiW1"}) {
    const Period p = Period::parse(id);
    EXPECT_EQ(Period::parse(p.chinese()), p) << id << " " << p.chinese();
  }
  // A financial quarter, like a two-month period, is written as its months: the text reads back
  // as a range of the same days.
  EXPECT_EQ(Period::parse("2019NovQ1").chinese(), "2018年11月至2019年1月");
  EXPECT_EQ(Period::parse("2023JulyQ4").chinese(), "2024年4-6月");
  const Period back = Period::parse(Period::parse("2019NovQ1").chinese());
  EXPECT_EQ(back.type(), PeriodType::range);
  EXPECT_EQ(back.start(), d(2018, 11, 1));
  EXPECT_EQ(back.end(), d(2019, 1, 31));
  EXPECT_EQ(Period::parse("2019年第5周(周三起)"), Period::parse("2019WedW5"));
  EXPECT_THROW((void)Period::parse("2023年第53周（周三起）"), parse_error); // 52 Wednesday weeks
  EXPECT_THROW((void)Period::parse("2019年第5周（周二起）"), parse_error);  // no Tuesday weeks
  EXPECT_THROW((void)Period::parse("2022年第27双周"), parse_error);
}
