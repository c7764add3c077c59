#include <zhibiao/detail/time_aggregation_kernels.hpp>
#include <zhibiao/error.hpp>
#include <zhibiao/time_aggregation.hpp>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <span>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

using namespace zhibiao;

namespace {
// Two series over 24 months from January 2023: series 0 is 1, 2, …, 24; series 1 is 10 each
// month. Sums are hand arithmetic: Q1 2023 = 1+2+3 = 6; 2023 = 1+…+12 = 78; 2024 = 13+…+24 = 222.
SeriesMatrix two_years() {
  SeriesMatrix m(2, 24);
  for (int k = 0; k < 24; ++k) {
    m(0, k) = k + 1;
    m(1, k) = 10;
  }
  return m;
}
const Period jan2023 = Period::month(2023, 1);
} // namespace

TEST(AggregateMonths, SumsToQuartersAndYears) {
  const auto q =
      aggregate_months(two_years(), jan2023, {PeriodType::quarter, TimeAggregation::sum});
  ASSERT_EQ(q.periods.size(), 8u);
  EXPECT_EQ(q.periods.front().code(), "2023Q1");
  EXPECT_EQ(q.periods.back().code(), "2024Q4");
  EXPECT_EQ(q.values(0, 0), 6.0); // 1+2+3
  EXPECT_EQ(q.values(0, 7), 22.0 + 23.0 + 24.0);
  EXPECT_EQ(q.values(1, 3), 30.0);
  const auto y = aggregate_months(two_years(), jan2023, {PeriodType::year, TimeAggregation::sum});
  EXPECT_EQ(y.values(0, 0), 78.0);
  EXPECT_EQ(y.values(0, 1), 222.0);
  EXPECT_TRUE(y.complete[0] && y.complete[1]);
  EXPECT_EQ(y.missing_cells, 0u);
}

TEST(AggregateMonths, StatisticalYearsStartInOctober) {
  // From January 2023 to December 2024 the October years are: 2023统计年度 (Jan–Sep 2023 present:
  // 9 of 12 months), 2024统计年度 (Oct 2023 – Sep 2024, complete), 2025统计年度 (Oct–Dec 2024).
  const auto fy = aggregate_months(two_years(), jan2023,
                                   {PeriodType::financial_year, TimeAggregation::sum, 10});
  ASSERT_EQ(fy.periods.size(), 3u);
  EXPECT_EQ(fy.periods[0], Period::statistical_year(2023));
  EXPECT_EQ(fy.months_covered, (std::vector<int>{9, 12, 3}));
  EXPECT_EQ(fy.complete, (std::vector<bool>{false, true, false}));
  EXPECT_EQ(fy.values(0, 0), 45.0); // 1+…+9
  EXPECT_EQ(fy.values(0, 1), 10.0 + 11 + 12 + 13 + 14 + 15 + 16 + 17 + 18 + 19 + 20 + 21); // 186
  EXPECT_EQ(fy.values(0, 2), 22.0 + 23 + 24);
  const auto halves = aggregate_months(two_years(), jan2023,
                                       {PeriodType::financial_half_year, TimeAggregation::sum, 10});
  EXPECT_EQ(halves.periods[1].code(), "2022OctS2"); // April–September 2023
  EXPECT_EQ(halves.values(0, 1), 4.0 + 5 + 6 + 7 + 8 + 9);
}

TEST(AggregateMonths, AveragesLastMinMaxAndDayWeightedMean) {
  const auto h = two_years();
  auto run = [&](TimeAggregation how) {
    return aggregate_months(h, jan2023, {PeriodType::quarter, how}).values(0, 0);
  };
  EXPECT_DOUBLE_EQ(run(TimeAggregation::average), 2.0);
  EXPECT_EQ(run(TimeAggregation::last), 3.0);
  EXPECT_EQ(run(TimeAggregation::min), 1.0);
  EXPECT_EQ(run(TimeAggregation::max), 3.0);
  // Q1 2023: January 31 days, February 28, March 31 -> (1·31 + 2·28 + 3·31) / 90 = 180/90 = 2.
  EXPECT_DOUBLE_EQ(run(TimeAggregation::average_over_days), (31.0 + 56.0 + 93.0) / 90.0);
  // Q1 2024 (leap): (13·31 + 14·29 + 15·31) / 91.
  EXPECT_DOUBLE_EQ(
      aggregate_months(h, jan2023, {PeriodType::quarter, TimeAggregation::average_over_days})
          .values(0, 4),
      (13.0 * 31 + 14.0 * 29 + 15.0 * 31) / 91.0);
}

TEST(AggregateMonths, MissingMonthsPropagateAndAreCounted) {
  auto h = two_years();
  h(1, 4) = NAN; // May 2023 of series 1
  for (auto how :
       {TimeAggregation::sum, TimeAggregation::average, TimeAggregation::min, TimeAggregation::max,
        TimeAggregation::last, TimeAggregation::average_over_days}) {
    const auto q = aggregate_months(h, jan2023, {PeriodType::quarter, how});
    if (how == TimeAggregation::last) {
      EXPECT_EQ(q.values(1, 1), 10.0); // June is present
    } else {
      EXPECT_TRUE(std::isnan(q.values(1, 1))) << to_string(how);
    }
    EXPECT_EQ(q.missing_months(1, 1), 1);
    EXPECT_EQ(q.missing_cells, 1u);
    EXPECT_EQ(q.missing_months(0, 1), 0); // series 0 is complete
    if (how == TimeAggregation::sum) {
      EXPECT_EQ(q.values(0, 1), 15.0); // 4+5+6
    }
  }
}

TEST(AggregateMonths, PartialPeriodsAreMarked) {
  SeriesMatrix m(1, 5); // February … June 2024
  m << 1, 2, 3, 4, 5;
  const auto q =
      aggregate_months(m, Period::month(2024, 2), {PeriodType::quarter, TimeAggregation::sum});
  ASSERT_EQ(q.periods.size(), 2u);
  EXPECT_EQ(q.complete, (std::vector<bool>{false, true}));
  EXPECT_EQ(q.months_covered, (std::vector<int>{2, 3}));
  EXPECT_EQ(q.values(0, 0), 3.0);
}

TEST(AggregateMonths, BadArguments) {
  EXPECT_THROW(aggregate_months(two_years(), Period::quarter(2023, 1), {}), invalid_input);
  EXPECT_THROW(aggregate_months(two_years(), jan2023, {PeriodType::week}), invalid_input);
  EXPECT_THROW(aggregate_months(SeriesMatrix(2, 0), jan2023, {}), invalid_input);
  EXPECT_THROW(parse_time_aggregation("median"), invalid_input);
  EXPECT_EQ(parse_time_aggregation("average_over_days"), TimeAggregation::average_over_days);
}

TEST(CumulateYearToDate, CalendarAndOctoberYears) {
  const auto h = two_years();
  const auto cal = cumulate_year_to_date(h, jan2023, 1);
  EXPECT_EQ(cal(0, 10), 66.0);  // 1+…+11: 2023年1-11月
  EXPECT_EQ(cal(0, 12), 13.0);  // January 2024 restarts
  EXPECT_EQ(cal(1, 23), 120.0); // 12 × 10
  // October start: Oct 2023 (month 10) restarts; May 2024 = Oct…May = 10+…+17 = 108.
  const auto oct = cumulate_year_to_date(h, jan2023, 10);
  EXPECT_EQ(oct(0, 8), 45.0); // Jan–Sep 2023 (the input starts mid-year)
  EXPECT_EQ(oct(0, 9), 10.0);
  EXPECT_EQ(oct(0, 16), 10.0 + 11 + 12 + 13 + 14 + 15 + 16 + 17);
  auto gap = h;
  gap(0, 13) = NAN; // February 2024
  const auto g = cumulate_year_to_date(gap, jan2023, 1);
  EXPECT_EQ(g(0, 12), 13.0);
  EXPECT_TRUE(std::isnan(g(0, 13)) && std::isnan(g(0, 23)));
}

// ---- the end of the calendar (issue 14, class 1) --------------------------------------------
// Months after 9999-12 do not exist in zhibiao's calendar (Boost.Gregorian, 1400 … 9999): two
// months from December 9999 used to abort (the days of the month 10000-01 were asked of Boost
// inside a noexcept function); the financial year containing October 9999 ends in 10000.
TEST(AggregateMonths, MonthsPastTheCalendarAreRefused) {
  const SeriesMatrix two = SeriesMatrix::Constant(1, 2, 1.0);
  try {
    (void)aggregate_months(two, Period::month(9999, 12), {PeriodType::year, TimeAggregation::sum});
    FAIL() << "two months from 999912 were accepted";
  } catch (const invalid_input& e) {
    EXPECT_EQ(e.field(), "monthly");
    EXPECT_STREQ(e.what(),
                 "monthly: 2 months from 999912 run past 9999-12-31, the calendar's last day");
  }
  EXPECT_THROW((void)cumulate_year_to_date(two, Period::month(9999, 12), 10), invalid_input);
  // The last three months of the calendar: a year (9999) and a quarter are there, sum 3.
  const SeriesMatrix three = SeriesMatrix::Constant(1, 3, 1.0);
  const auto y = aggregate_months(three, Period::month(9999, 10), {PeriodType::year});
  ASSERT_EQ(y.periods.size(), 1u);
  EXPECT_EQ(y.periods[0], Period::year(9999));
  EXPECT_EQ(y.values(0, 0), 3.0);
  EXPECT_FALSE(y.complete[0]);
  const auto q = aggregate_months(three, Period::month(9999, 10), {PeriodType::quarter});
  EXPECT_EQ(q.periods[0].code(), "9999Q4");
  EXPECT_TRUE(q.complete[0]);
  // The statistical year from October 9999 would end on 10000-09-30.
  try {
    (void)aggregate_months(three, Period::month(9999, 10), {PeriodType::financial_year});
    FAIL() << "the financial year 9999Oct was built";
  } catch (const invalid_input& e) {
    EXPECT_EQ(e.field(), "to");
    EXPECT_THAT(std::string(e.what()),
                ::testing::HasSubstr("the financial_year containing 9999-10 leaves the calendar"));
  }
  // Year-to-date running sums over the last months: 1, 2, 3 (the calendar year restarts at 1).
  const auto ytd = cumulate_year_to_date(three, Period::month(9999, 10), 1);
  EXPECT_EQ(ytd(0, 2), 3.0);
  // The first months of the calendar: September 1400 is in the statistical year from 1399-10,
  // outside the calendar.
  EXPECT_THROW((void)aggregate_months(three, Period::month(1400, 7), {PeriodType::financial_year}),
               invalid_input);
  const auto first = aggregate_months(three, Period::month(1400, 1), {PeriodType::half_year});
  EXPECT_EQ(first.periods[0].code(), "1400S1");
}

// An infinite month, or months whose running sum exceeds the largest double, is refused naming the
// series and the month (issue 14, class 3): the running sum was inf with no status.
TEST(CumulateYearToDate, InfiniteMonthOrOverflowIsInvalidInput) {
  auto h = two_years();
  h(1, 3) = INFINITY;
  try {
    cumulate_year_to_date(h, jan2023, 1);
    FAIL();
  } catch (const invalid_input& e) {
    EXPECT_EQ(e.field(), "monthly");
    EXPECT_THAT(e.what(), ::testing::HasSubstr("series 1, month 3: is not a finite number (inf)"));
  }
  auto big = two_years();
  big(0, 0) = big(0, 1) = 1e308; // 2e308 > 1.797e308
  EXPECT_THAT([&] { cumulate_year_to_date(big, jan2023, 1); },
              ::testing::ThrowsMessage<invalid_input>(
                  ::testing::HasSubstr("series 0, month 1: the running sum exceeds")));
}

// The same for aggregates (issue 14, class 3): an infinite month is refused naming it; a sum of
// finite months beyond the largest double is refused naming its period; a mean of such months
// divides first and is finite: (1e308 + 1e308 + 1e308) / 3 = 1e308.
TEST(AggregateMonths, InfiniteMonthOrOverflowingSumIsInvalidInputAndMeansStayFinite) {
  auto h = two_years();
  h(0, 4) = -INFINITY;
  EXPECT_THAT([&] { aggregate_months(h, jan2023, {PeriodType::quarter}); },
              ::testing::ThrowsMessage<invalid_input>(
                  ::testing::HasSubstr("series 0, month 4: is not a finite number (-inf)")));
  auto big = two_years();
  big(1, 0) = big(1, 1) = big(1, 2) = 1e308;
  EXPECT_THAT([&] { aggregate_months(big, jan2023, {PeriodType::quarter}); },
              ::testing::ThrowsMessage<invalid_input>(::testing::HasSubstr("series 1, 2023Q1")));
  const auto mean = aggregate_months(big, jan2023, {PeriodType::quarter, TimeAggregation::average});
  EXPECT_DOUBLE_EQ(mean.values(1, 0), 1e308);
  const auto by_days =
      aggregate_months(big, jan2023, {PeriodType::quarter, TimeAggregation::average_over_days});
  EXPECT_DOUBLE_EQ(by_days.values(1, 0), 1e308);
  EXPECT_EQ(mean.values(0, 0), 2.0); // (1 + 2 + 3) / 3, the ordinary path unchanged
}

// ---- result storage (issue 21, item 1) ----------------------------------------------------

static_assert(
    std::is_same_v<decltype(AggregatedSeries::values), Matrix<double, StorageOrder::row_major>>);
static_assert(std::is_same_v<decltype(AggregatedSeries::missing_months),
                             Matrix<std::uint8_t, StorageOrder::row_major>>);
static_assert(std::is_same_v<decltype(cumulate_year_to_date(SeriesMatrix(), jan2023, 1)),
                             Matrix<double, StorageOrder::row_major>>);

// The same two series as an Eigen matrix, a row-major std::vector of 2 series, and a result
// Matrix: the same bits (SumsToQuartersAndYears: Q1 2023 = 6; CalendarAndOctoberYears: 1+…+11 =
// 66 to November 2023), a missing month included.
TEST(AggregateMonths, EigenVectorAndMatrixInputsGiveTheSameNumbers) {
  SeriesMatrix m = two_years();
  m(1, 4) = NAN;                                              // May 2023 of series 1
  const std::vector<double> v(m.data(), m.data() + m.size()); // row-major: series after series
  SeriesValues r(2, 24);
  for (std::size_t s = 0; s < 2; ++s)
    for (std::size_t k = 0; k < 24; ++k)
      r(s, k) = m(static_cast<Eigen::Index>(s), static_cast<Eigen::Index>(k));
  const TimeAggregationOptions q{PeriodType::quarter, TimeAggregation::sum};
  const AggregatedSeries e = aggregate_months(m, jan2023, q);
  EXPECT_EQ(e.values(0, 0), 6.0);
  EXPECT_TRUE(std::isnan(e.values(1, 1)));
  EXPECT_EQ(e.missing_months(1, 1), 1);
  EXPECT_EQ(e.missing_cells, 1u);
  const auto bits = [](const SeriesValues& a) {
    std::vector<std::uint64_t> b(a.size());
    if (a.size() != 0) std::memcpy(b.data(), a.data(), a.size() * sizeof(double));
    return b;
  };
  for (const AggregatedSeries& other : {aggregate_months(std::span<const double>(v), 2, jan2023, q),
                                        aggregate_months(r, jan2023, q)}) {
    EXPECT_EQ(bits(other.values), bits(e.values));
    EXPECT_EQ(other.missing_months, e.missing_months);
    EXPECT_EQ(other.missing_cells, e.missing_cells);
    EXPECT_EQ(other.periods, e.periods);
  }
  const SeriesValues ytd = cumulate_year_to_date(m, jan2023, 1);
  EXPECT_EQ(ytd(0, 10), 66.0);
  EXPECT_EQ(ytd.row(0)[10], 66.0); // a row as a contiguous span
  EXPECT_EQ(bits(cumulate_year_to_date(v, 2, jan2023, 1)), bits(ytd));
  EXPECT_EQ(bits(cumulate_year_to_date(r, jan2023, 1)), bits(ytd));
  // The buffer form checks that the values are whole series.
  EXPECT_THROW(aggregate_months(std::span<const double>(v).first(47), 2, jan2023, q),
               invalid_input);
  EXPECT_THROW(cumulate_year_to_date(v, 0, jan2023, 1), invalid_input);
}

// The year to date of a long table laid out unit by unit, month by month, read in place
// (zb.year_to_date_columns' sorted path): the layout is verified on every row, the sums are
// cumulate's. Hand arithmetic: unit 0 has 1, 2, …, 24 from January 2023, so its year to date in
// June 2023 is 1+…+6 = 21 and in March 2024 13+14+15 = 42.
TEST(YearToDateLaidOut, ReadsSortedRowsAndRefusesEveryBrokenRow) {
  constexpr std::size_t units = 20'000, months = 24, rows = units * months; // 2 × 8192 blocks
  std::vector<double> value(rows), out(rows);
  std::vector<std::int64_t> unit(rows), year(rows), month(rows), year_of(months), month_of(months);
  std::vector<std::uint8_t> starts(months);
  for (std::size_t k = 0; k < months; ++k) {
    year_of[k] = 2023 + static_cast<std::int64_t>(k / 12);
    month_of[k] = static_cast<std::int64_t>(k % 12 + 1);
    starts[k] = k % 12 == 0;
  }
  for (std::size_t r = 0; r < rows; ++r) {
    const std::size_t u = r / months, k = r % months;
    unit[r] = static_cast<std::int64_t>(3 * u + 7); // increasing, not consecutive
    year[r] = year_of[k];
    month[r] = month_of[k];
    value[r] = u == 0 ? static_cast<double>(k + 1) : static_cast<double>((r * 7919) % 101);
  }
  const auto run = [&] {
    std::size_t bad = 0;
    const bool laid_out = detail::year_to_date_laid_out(
        value.data(), unit.data(), year.data(), month.data(), units, months, year_of.data(),
        month_of.data(), starts.data(), out.data(), bad);
    return std::pair{laid_out, bad};
  };
  auto [laid_out, bad] = run();
  ASSERT_TRUE(laid_out);
  EXPECT_EQ(bad, rows);
  EXPECT_EQ(out[5], 21.0);
  EXPECT_EQ(out[14], 42.0);
  std::vector<double> expected(rows);
  EXPECT_EQ(detail::cumulate(value.data(), units, months, starts.data(), expected.data()), rows);
  for (std::size_t r = 0; r < rows; ++r) ASSERT_EQ(out[r], expected[r]) << "row " << r;
  // Each kind of break, in either half of the blocks, is found.
  const std::size_t late = rows - 5; // a row of the second range's last block
  for (std::size_t r : {std::size_t{30}, late}) {
    for (auto* column : {&year, &month, &unit}) {
      const std::int64_t kept = (*column)[r];
      (*column)[r] += 1;
      EXPECT_FALSE(run().first) << "row " << r;
      (*column)[r] = kept;
    }
  }
  // A unit whose code does not increase: block 9000 takes block 8999's code.
  for (std::size_t k = 0; k < months; ++k) unit[9000 * months + k] = unit[8999 * months];
  EXPECT_FALSE(run().first);
  for (std::size_t k = 0; k < months; ++k) unit[9000 * months + k] = 3 * 9000 + 7;
  // A running sum past the largest double is reported at its row.
  value[late - 1] = 1.7e308, value[late] = 1.7e308;
  std::tie(laid_out, bad) = run();
  EXPECT_TRUE(laid_out);
  EXPECT_EQ(bad, late);
}
