#include <zhibiao/evaluation.hpp>
#include <zhibiao/interval.hpp>
#include <zhibiao/threads.hpp>

#include <gmock/gmock.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

using namespace zhibiao;
using ::testing::HasSubstr;

namespace {

std::string numbered(const char* prefix, int i) {
  std::string s(prefix);
  s.append(std::to_string(i));
  return s;
}

std::string month_code(int year, int m) {
  std::string s = std::to_string(year);
  if (m < 10) s.append("0");
  s.append(std::to_string(m));
  return s;
}

// The invented 八公山区 of cube_test.cpp: four townships, one reporting health centre each.
OrgUnitTree district() {
  std::vector<OrgUnitRow> rows{{"D", "八公山区", ""}};
  for (int i = 1; i <= 4; ++i) {
    rows.push_back({numbered("T", i), numbered("镇", i), "D"});
    rows.push_back({numbered("F", i), numbered("卫生院", i), numbered("T", i)});
  }
  return OrgUnitTree::from_parent_table(rows, {"县/区", "乡镇/街道", "机构"});
}

// Seed 000: 签约人数59902 (33.65 %), 电子档案153672 (86.33 %), population 178,005 as both printed
// rates imply (docs/units-and-rounding.md §5.1); 出生801人 with 427 boys and 374 girls
// (性别比114.17), spread over 2019 and, a year earlier, 2018 figures for the 同期 modifier.
DataCube seed_cube() {
  DataCube cube(district(),
                {{"signed", "签约人数", "", AggregationType::last},
                 {"population", "常住人口", "", AggregationType::average_sum_org_unit},
                 {"files", "电子健康档案", "", AggregationType::last},
                 {"births", "出生人数", "", AggregationType::sum, {"male", "female"}},
                 {"doses", "接种剂次", "", AggregationType::sum},
                 {"dose_target", "全年接种任务", "", AggregationType::last}},
                Period::month(2018, 1), 24);
  const double population[4] = {60000, 50000, 40000, 28005};
  const double signed_[4] = {30000, 15000, 10000, 4902};
  const double files[4] = {54000, 42000, 36000, 21672};
  const double boys[4] = {150, 120, 100, 57}; // 427
  const double girls[4] = {130, 100, 90, 54}; // 374
  std::vector<DataValueRow> rows;
  for (int f = 0; f < 4; ++f) {
    const std::string unit = numbered("F", f + 1);
    for (int m = 1; m <= 12; ++m) {
      const std::string month = month_code(2019, m);
      rows.push_back({"population", unit, month, population[f]});
      rows.push_back({"signed", unit, month, std::round(signed_[f] * m / 12)});
      rows.push_back({"files", unit, month, std::round(files[f] * m / 12)});
      rows.push_back({"doses", unit, month, 100});
      rows.push_back({"dose_target", unit, month, 1650});
      rows.push_back({"population", unit, month_code(2018, m), population[f]});
      rows.push_back({"doses", unit, month_code(2018, m), 80});
    }
    // All births in December, so 2019 sums to the seed's 801.
    rows.push_back({"births.male", unit, "201912", boys[f]});
    rows.push_back({"births.female", unit, "201912", girls[f]});
  }
  cube.load(rows);
  return cube;
}

Indicator make(std::string id, std::string num, std::string den, Unit unit, int decimals,
               MeasureKind kind) {
  Indicator i;
  i.id = std::move(id);
  i.numerator = std::move(num);
  i.denominator = std::move(den);
  i.unit = unit;
  i.decimals = decimals;
  i.kind = kind;
  return i;
}

std::vector<Indicator> seed_indicators() {
  return {
      make("signing_rate", "#{signed}", "#{population}", Unit::percent(), 2,
           MeasureKind::proportion),
      make("records_rate", "#{files}", "#{population}", Unit::percent(), 2,
           MeasureKind::proportion),
      make("sex_ratio", "#{births.male}", "#{births.female}", Unit::per_100(), 2,
           MeasureKind::ratio),
      make("birth_rate", "#{births}", "#{population}", Unit::per_mille(), 2, MeasureKind::rate)};
}

} // namespace

TEST(Evaluate, DistrictFiguresOfSeed000) {
  const DataCube cube = seed_cube();
  const auto& tree = cube.tree();
  const auto t = evaluate(cube, seed_indicators(), {tree.index("D")}, {Period::year(2019)});
  ASSERT_EQ(t.size(), 4u);
  EXPECT_EQ(t.numerator[0], 59902);
  EXPECT_EQ(t.denominator[0], 178005);
  EXPECT_EQ(round_half_up(t.value[0], 2), 33.65);  // 签约率33.65%
  EXPECT_EQ(round_half_up(t.value[1], 2), 86.33);  // 电子建档率86.33%
  EXPECT_EQ(round_half_up(t.value[2], 2), 114.17); // 出生人口性别比114.17 = 427/374 × 100
  // 801 births in 178,005 residents = 4.4999‰: this district's population gives 4.50‰, not the
  // printed 4.86‰, whose own implied base is ~164,815 (docs/units-and-rounding.md §5.1 flags the
  // mismatch).
  EXPECT_EQ(round_half_up(t.value[3], 2), 4.50);
  EXPECT_EQ(t.status[0], EvaluationStatus::ok);
  EXPECT_EQ(t.status[1], EvaluationStatus::ok);
  // The seed puts the year's births in December (seed_cube): 1 of 12 months, none of the 4
  // health centres complete, so both birth indicators are partial, their values kept
  // (CoveragePolicy::flag_partial, docs/aggregation.md §5.1).
  for (std::size_t r : {2u, 3u}) {
    EXPECT_EQ(t.status[r], EvaluationStatus::partial) << r;
    EXPECT_EQ(t.coverage[r], CoverageStatus::partial) << r;
    EXPECT_EQ(t.months_reported[r], 1) << r;
    EXPECT_EQ(t.months_expected[r], 12) << r;
    EXPECT_EQ(t.units_complete[r], 0) << r;
    EXPECT_EQ(t.units_expected[r], 4) << r;
  }
  // Population and 签约人数 were reported every month by all four: complete, 12/12 and 4/4.
  EXPECT_EQ(t.coverage[0], CoverageStatus::complete);
  EXPECT_EQ(t.months_reported[0], 12);
  EXPECT_EQ(t.units_complete[0], 4);
  EXPECT_EQ(t.units_expected[0], 4);
}

// evaluate() builds the columns of an indicator set's references side by side on the library's
// threads (CubeColumns::prepare): every unit of the tree (the bottom-up roll-up), a 同期 and a
// year-to-date reference among them, gives the same table with one thread as with four, and
// the district's row keeps the seed's figures (签约率 59902 / 178005 = 33.65 %).
TEST(Evaluate, ReferencesBuiltSideBySideGiveTheTableOfOneThread) {
  const DataCube cube = seed_cube();
  std::vector<Indicator> indicators = seed_indicators();
  indicators.push_back(make("doses_growth", "#{doses}", "#{doses}.periodOffset(-1)",
                            Unit::percent(), 2, MeasureKind::ratio));
  indicators.push_back(make("dose_progress", "#{doses}.yearToDate()", "#{dose_target}",
                            Unit::percent(), 2, MeasureKind::ratio));
  std::vector<std::size_t> units(cube.tree().size());
  for (std::size_t u = 0; u < units.size(); ++u) units[u] = u;
  const std::vector<Period> periods{Period::year(2019), Period::month(2019, 6)};
  const auto run = [&](unsigned threads) {
    set_thread_count(threads);
    auto t = evaluate(cube, indicators, units, periods);
    set_thread_count(0);
    return t;
  };
  const auto one = run(1), four = run(4);
  ASSERT_EQ(one.size(), indicators.size() * units.size() * periods.size());
  ASSERT_EQ(four.size(), one.size());
  for (std::size_t r = 0; r < one.size(); ++r) {
    EXPECT_EQ(std::isnan(four.value[r]), std::isnan(one.value[r])) << r;
    if (!std::isnan(one.value[r])) EXPECT_EQ(four.value[r], one.value[r]) << r;
    EXPECT_EQ(four.status[r], one.status[r]) << r;
    EXPECT_EQ(four.coverage[r], one.coverage[r]) << r;
    EXPECT_EQ(four.months_reported[r], one.months_reported[r]) << r;
    EXPECT_EQ(four.units_expected[r], one.units_expected[r]) << r;
  }
  const std::size_t district = cube.tree().index("D");
  const std::size_t row = district * periods.size(); // indicator 0, the year 2019
  EXPECT_EQ(four.numerator[row], 59902);
  EXPECT_EQ(four.denominator[row], 178005);
  EXPECT_EQ(round_half_up(four.value[row], 2), 33.65);
  // 2019's doses (100 a month at four centres) over the year before's (80): 125 %; June's year to
  // date (6 × 100 × 4 = 2400) over the year's target 4 × 1650 = 6600: 36.36 %.
  const std::size_t per_indicator = units.size() * periods.size();
  EXPECT_EQ(round_half_up(four.value[4 * per_indicator + row], 2), 125.00);
  EXPECT_EQ(round_half_up(four.value[5 * per_indicator + row + 1], 2), 36.36);
}

TEST(Evaluate, DistrictRateIsNotTheMeanOfTownshipRates) {
  const DataCube cube = seed_cube();
  const auto towns = cube.tree().units_at_level(2);
  const auto t = evaluate(cube, {seed_indicators()[0]}, towns, {Period::year(2019)});
  ASSERT_EQ(t.size(), 4u);
  // 30000/60000, 15000/50000, 10000/40000, 4902/28005.
  EXPECT_DOUBLE_EQ(t.value[0], 50.0);
  EXPECT_DOUBLE_EQ(t.value[3], 4902.0 / 28005 * 100);
  const double mean = t.value.array().mean();
  EXPECT_GT(std::abs(mean - 33.65), 3.0);
}

TEST(Evaluate, PeriodModifiersAndTimeVariables) {
  const DataCube cube = seed_cube();
  const std::size_t d = cube.tree().index("D");
  std::vector<Indicator> inds{
      // 同比: 2019 doses over 2018 doses (400 vs 320 a month across the district) -> 125 %.
      make("doses_vs_last_year", "#{doses}", "#{doses}.samePeriodLastYear()", Unit::percent(), 1,
           MeasureKind::ratio),
      // 环比: May over April, both 400 -> 100 %.
      make("doses_vs_previous", "#{doses}", "#{doses}.periodOffset(-1)", Unit::percent(), 1,
           MeasureKind::ratio),
      // Time progress of a yearly quota: 1-5月 done over 5/12 of the year's 4 × 1650 = 6600.
      make("paced", "#{doses}.yearToDate()", "#{dose_target} * [periodInYear] / [periodsPerYear]",
           Unit::percent(), 2, MeasureKind::quota_completion)};
  const auto t = evaluate(cube, inds, {d}, {Period::year(2019), Period::month(2019, 5)});
  // Rows: indicator-major, then unit, then period.
  EXPECT_DOUBLE_EQ(t.value[0], 125.0);                 // 4800 / 3840
  EXPECT_DOUBLE_EQ(t.value[1], 125.0);                 // May 400 / May 2018 320
  EXPECT_DOUBLE_EQ(t.value[3], 100.0);                 // May 2019 / April 2019
  EXPECT_DOUBLE_EQ(t.value[2], 125.0);                 // 2019 over the year before, 2018
  EXPECT_DOUBLE_EQ(t.numerator[5], 2000.0);            // Jan–May 2019: 5 × 400
  EXPECT_DOUBLE_EQ(t.denominator[5], 6600.0 * 5 / 12); // the paced quota
  EXPECT_NEAR(t.value[5], 2000.0 / 2750.0 * 100, 1e-12);
}

// DHIS2's query modifiers (dhis2-core DefaultQueryPlanner.groupByQueryMods: the aggregation
// type replaced, the query's start and end dates narrowed to minDate / maxDate), over the seed
// cube. Hand-worked from seed_cube(): doses 100 per health centre and month in 2019 (400 a
// month for the district), population 178,005 every month, 签约人数 rising to 30000 (F1, Dec).
TEST(Evaluate, Dhis2QueryModifiers) {
  const DataCube cube = seed_cube();
  const std::size_t d = cube.tree().index("D");
  const auto count = [](std::string id, std::string num) {
    return make(std::move(id), std::move(num), "1", Unit::parse("ratio"), 2, MeasureKind::ratio);
  };
  const std::vector<Indicator> inds{
      count("pop_sum", "#{population}.aggregationType(SUM)"),  // 178005 × 12 = 2,136,060
      count("pop", "#{population}"),                           // averaged over months: 178005
      count("dose_mean", "#{doses}.aggregationType(AVERAGE)"), // mean of 48 values of 100
      count("dose_count", "#{doses}.aggregationType(COUNT)"),  // 4 centres × 12 months = 48
      count("signed_max", "#{signed}.aggregationType(MAX)"),   // F1 in December: 30000
      count("from_march", "#{doses}.minDate(2019-03-01)"),     // Mar–Dec: 10 × 400 = 4000
      count("to_june", "#{doses}.maxDate(2019-06-30)"),        // Jan–Jun: 6 × 400 = 2400
      count("apr_jun", "#{doses}.minDate(2019-03-15).maxDate(2019-06-30)"), // Apr–Jun: 1200
      count("mixed", "#{doses} - #{doses}.maxDate(2019-06-30)"),            // 4800 - 2400 = 2400
      // After ')' the modifiers hold for every item inside that has none of its own
      // (docs/dhis2-expressions.md §6): 4800 + 178005 × 12 = 2,140,860;
      count("par_sum", "(#{doses} + #{population}).aggregationType(SUM)"),
      // population keeps its own type: 4800 + 178005 = 182,805;
      count("par_own", "(#{doses} + #{population}.aggregationType(AVERAGE_SUM_ORG_UNIT))"
                       ".aggregationType(SUM)"),
      // Mar–Jun 4 × 400 = 1600 plus Apr–Jun 3 × 400 = 1200.
      count("par_dates", "(#{doses} + #{doses}.minDate(2019-04-01)).minDate(2019-03-01)"
                         ".maxDate(2019-06-30)")};
  const auto t = evaluate(cube, inds, {d}, {Period::year(2019)});
  ASSERT_EQ(t.size(), inds.size());
  const double want[] = {178005.0 * 12, 178005, 100,  48,   30000,
                         4000,          2400,   1200, 2400, 4800 + 178005.0 * 12,
                         4800 + 178005, 2800};
  for (std::size_t r = 0; r < inds.size(); ++r)
    EXPECT_DOUBLE_EQ(t.numerator[r], want[r]) << inds[r].id;
  // The narrowed period is what the coverage counts: 10 months of 10 for from_march.
  EXPECT_EQ(t.months_expected[5], 10);
  EXPECT_EQ(t.status[5], EvaluationStatus::ok);
  // May 2019 holds no month starting on or after 2019-06-01: no value.
  const auto may = evaluate(cube, {count("late", "#{doses}.minDate(2019-06-01)")}, {d},
                            {Period::month(2019, 5)});
  EXPECT_TRUE(std::isnan(may.value[0]));
  EXPECT_EQ(may.status[0], EvaluationStatus::missing);
}

TEST(Evaluate, AnnualisedIndicators) {
  const DataCube cube = seed_cube();
  Indicator monthly_doses =
      make("doses_per_1000", "#{doses}", "#{population}", Unit::per_mille(), 2, MeasureKind::rate);
  monthly_doses.annualised = true;
  const auto t = evaluate(cube, {monthly_doses}, {cube.tree().index("D")},
                          {Period::quarter(2019, 1), Period::year(2019)});
  // Q1 2019: 1200 doses among 178,005 people, annualised by 365 days / 90 days.
  EXPECT_NEAR(t.value[0], 1200.0 / 178005 * 1000 * 365 / 90, 1e-9);
  // A whole year is its own annual figure.
  EXPECT_NEAR(t.value[1], 4800.0 / 178005 * 1000, 1e-9);
}

TEST(Evaluate, StatusesAndIntervals) {
  const DataCube cube = seed_cube();
  const std::size_t d = cube.tree().index("D");
  std::vector<Indicator> inds{
      seed_indicators()[0],
      make("no_data", "#{signed}", "#{population}", Unit::percent(), 2, MeasureKind::proportion),
      make("zero_den", "#{signed}", "#{population} - #{population}", Unit::per_100k(), 2,
           MeasureKind::rate),
      make("above_one", "#{population}", "#{signed}", Unit::percent(), 2, MeasureKind::proportion)};
  const auto t =
      evaluate(cube, inds, {d}, {Period::year(2019), Period::year(2017)}, {.confidence = {0.95}});
  EXPECT_EQ(t.status[0], EvaluationStatus::ok);
  EXPECT_EQ(t.status[1], EvaluationStatus::missing); // 2017: no data
  EXPECT_EQ(t.status[4], EvaluationStatus::undefined);
  EXPECT_EQ(t.status[6], EvaluationStatus::invalid);
  EXPECT_TRUE(std::isnan(t.value[6]));
  // Wilson score interval of 59902 / 178005 at 95 % (Wilson 1927; Newcombe 1998, method 3),
  // written out: centre (p + z²/2n) / (1 + z²/n), half-width z·√(p(1−p)/n + z²/4n²) / (1 + z²/n).
  const double z = 1.959963984540054, n = 178005, p = 59902 / n;
  const double centre = (p + z * z / (2 * n)) / (1 + z * z / n);
  const double half = z * std::sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n);
  EXPECT_NEAR(t.lower(0, 0), (centre - half) * 100, 1e-9);
  EXPECT_NEAR(t.upper(0, 0), (centre + half) * 100, 1e-9);
  EXPECT_LT(t.lower(0, 0), t.value[0]);
  EXPECT_GT(t.upper(0, 0), t.value[0]);
}

// A ratio has no interval method: its limits were NaN beside status ok (issue 14, class 3); the
// confidence is refused naming the indicator, and the same call without confidence evaluates it.
// A catalog evaluated with confidence holds ratios too (性别比, 千人口床位数): their rows keep
// their value and get NaN limits with LimitsStatus::no_method, never NaN limits beside a bare
// ok (issue 14, class 3). Seed 000: 59902 signed of 178005 residents = 33.6518 %; Wilson 95 %
// of 59902/178005 is computed beside it (limits around 33.65 %, within ±0.23 points).
// The limits are computed per column (issue 21 item 3) with the kernels behind the scalar
// entry points: each row's limits are those of proportion_interval / rate_interval for its
// numerator and denominator, to the bit (times the annualisation factor, 365/31 for January).
// Counts 0–39 take PHE's rule through both of its branches (exact below 10, Byar's from 10).
TEST(Evaluate, ColumnLimitsAreTheScalarFunctionsBits) {
  std::vector<OrgUnitRow> units{{"D", "", ""}};
  for (int f = 0; f < 40; ++f) units.push_back({numbered("F", f), "", "D"});
  DataCube cube(
      OrgUnitTree::from_parent_table(units),
      {{"events", "", "", AggregationType::sum}, {"people", "", "", AggregationType::sum}},
      Period::month(2019, 1), 12);
  std::vector<DataValueRow> rows;
  for (int f = 0; f < 40; ++f) {
    rows.push_back({"events", numbered("F", f), "201901", static_cast<double>(f)});
    rows.push_back({"people", numbered("F", f), "201901", 40.0 + 997 * f});
  }
  cube.load(rows);
  Indicator rate = make("rate", "#{events}", "#{people}", Unit::per_100k(), 2, MeasureKind::rate);
  rate.annualised = true;
  const Indicator share =
      make("share", "#{events}", "#{people}", Unit::percent(), 2, MeasureKind::proportion);
  std::vector<std::size_t> all(41);
  for (std::size_t u = 0; u < all.size(); ++u) all[u] = u;
  const std::vector<double> levels{0.95, 0.998};
  const auto t =
      evaluate(cube, {rate, share}, all, {Period::month(2019, 1)}, {.confidence = levels});
  ASSERT_EQ(t.size(), 82u);
  const double january = 365.0 / 31;
  for (std::size_t r = 0; r < t.size(); ++r) {
    ASSERT_EQ(t.status[r], EvaluationStatus::ok) << r;
    for (std::size_t c = 0; c < levels.size(); ++c) {
      const double x = t.numerator[r], n = t.denominator[r];
      if (r < 41) {
        const RateInterval one = rate_interval(x, n, levels[c], CountMethod::phe, 100000);
        EXPECT_EQ(t.lower(r, c), one.lower * january) << r << " level " << c;
        EXPECT_EQ(t.upper(r, c), one.upper * january) << r << " level " << c;
      } else {
        const Interval one = proportion_interval(x, n, levels[c], ProportionMethod::wilson, 100);
        EXPECT_EQ(t.lower(r, c), one.lower) << r << " level " << c;
        EXPECT_EQ(t.upper(r, c), one.upper) << r << " level " << c;
      }
    }
  }
}

TEST(Evaluate, KindsWithoutIntervalMethodSayWhyTheirLimitsAreNaN) {
  const DataCube cube = seed_cube();
  const std::size_t d = cube.tree().index("D");
  const Indicator share =
      make("share", "#{signed}", "#{population}", Unit::percent(), 2, MeasureKind::proportion);
  const Indicator ratio =
      make("per_head", "#{signed}", "#{population}", Unit::percent(), 2, MeasureKind::ratio);
  const auto t = evaluate(cube, {share, ratio}, {d}, {Period::year(2019)}, {.confidence = {0.95}});
  ASSERT_EQ(t.size(), 2u);
  ASSERT_EQ(t.limits_status.size(), 2u);
  EXPECT_EQ(t.limits_status[0], LimitsStatus::ok);
  EXPECT_EQ(t.limits_status[1], LimitsStatus::no_method);
  EXPECT_EQ(t.status[1], EvaluationStatus::ok);
  EXPECT_NEAR(t.value[1], 59902.0 / 178005 * 100, 1e-12);
  EXPECT_TRUE(std::isnan(t.lower(1, 0)) && std::isnan(t.upper(1, 0)));
  EXPECT_LT(t.lower(0, 0), t.value[0]);
  EXPECT_GT(t.upper(0, 0), t.value[0]);
  EXPECT_NEAR(t.upper(0, 0) - t.lower(0, 0),
              2 * 1.959964 * std::sqrt(0.336518 * 0.663482 / 178005) * 100, 1e-3);
  EXPECT_EQ(describe(LimitsStatus::no_method), "no interval method for this kind");
  // Without confidence there is no limits_status at all.
  EXPECT_TRUE(evaluate(cube, {ratio}, {d}, {Period::year(2019)}).limits_status.empty());
}

TEST(Evaluate, BadDefinitionsNameTheIndicator) {
  const DataCube cube = seed_cube();
  const std::size_t d = cube.tree().index("D");
  try {
    evaluate(cube, {make("x", "#{signed} +", "1", Unit::percent(), 2, MeasureKind::ratio)}, {d},
             {Period::year(2019)});
    FAIL();
  } catch (const parse_error& e) {
    EXPECT_EQ(e.field(), "indicators[x].numerator");
    EXPECT_EQ(e.position(), 11u);
  }
  try {
    evaluate(cube,
             {make("y", "#{signed}", "#{popluation}", Unit::percent(), 2, MeasureKind::ratio)}, {d},
             {Period::year(2019)});
    FAIL();
  } catch (const invalid_input& e) {
    EXPECT_EQ(e.field(), "indicators[y].denominator");
    EXPECT_THAT(e.what(), HasSubstr("popluation"));
  }
}

// Issue 14, class 3: huge values summed by the cube, or an expression that overflows, came back
// as inf with status ok. Township T1 has one facility; its events are 1e308 and its people
// 1.7e308; the district sums four facilities' 1e308 events (4e308 > the largest double, 1.8e308).
// Hand calculation: 1e308 / 1.7e308 × 1000 = 588.2352941176471‰ (finite once divided first).
TEST(EvaluateOverflow, HugeValuesAreComputedOrOverflowNeverInfBesideOk) {
  DataCube cube(
      district(),
      {{"events", "事件", "", AggregationType::sum}, {"people", "人口", "", AggregationType::sum}},
      Period::month(2019, 1), 12);
  std::vector<DataValueRow> rows;
  for (int f = 1; f <= 4; ++f) {
    rows.push_back({"events", numbered("F", f), "201901", 1e308});
    rows.push_back({"people", numbered("F", f), "201901", 1.7e308});
  }
  cube.load(rows);
  const auto& tree = cube.tree();
  const std::vector<Indicator> indicators{
      make("rate", "#{events}", "#{people}", Unit::per_mille(), 2, MeasureKind::rate),
      make("scaled", "#{events} * 1e308", "#{people}", Unit::per_mille(), 2, MeasureKind::rate)};
  const auto t = evaluate(cube, indicators, {tree.index("T1"), tree.index("D")},
                          {Period::month(2019, 1)}, {.confidence = {0.95}});
  ASSERT_EQ(t.size(), 4u);
  // rate at T1: finite, ok, with finite limits (Byar's, within 1e-150 of the value).
  EXPECT_EQ(t.status[0], EvaluationStatus::ok);
  EXPECT_NEAR(t.value[0], 588.2352941176471, 1e-9);
  EXPECT_TRUE(std::isfinite(t.lower(0, 0)) && std::isfinite(t.upper(0, 0)));
  // rate at D: the sums overflow (4e308, 6.8e308): overflow, NaN.
  EXPECT_EQ(t.status[1], EvaluationStatus::overflow);
  EXPECT_TRUE(std::isnan(t.value[1]) && std::isnan(t.lower(1, 0)));
  // #{events} * 1e308 overflows at both.
  EXPECT_EQ(t.status[2], EvaluationStatus::overflow);
  EXPECT_EQ(t.status[3], EvaluationStatus::overflow);
  for (std::size_t r = 0; r < t.size(); ++r)
    if (t.status[r] == EvaluationStatus::ok) {
      EXPECT_TRUE(std::isfinite(t.value[r])) << r;
    }
  EXPECT_THAT(std::string(describe(EvaluationStatus::overflow)), HasSubstr("溢出"));
}

// --- coverage (issue 21 item 2; docs/aggregation.md §5.1) ---------------------------------------

namespace {

// D → T1 → F1, F2, F3. Every facility reports 2 cases of 10 visits each month of `months` from
// `first`, except the months in `skip` for F2.
DataCube coverage_cube(Period first, int months, std::vector<Period> skip = {}) {
  DataCube cube(
      OrgUnitTree::from_parent_table(
          {{"D", "", ""}, {"T1", "", "D"}, {"F1", "", "T1"}, {"F2", "", "T1"}, {"F3", "", "T1"}}),
      {{"cases", "", "", AggregationType::sum}, {"visits", "", "", AggregationType::sum}}, first,
      months);
  std::vector<DataValueRow> rows;
  for (int k = 0; k < months; ++k) {
    const Period m = cube.month(k);
    for (const char* f : {"F1", "F2", "F3"}) {
      if (std::string(f) == "F2" && std::find(skip.begin(), skip.end(), m) != skip.end()) continue;
      rows.push_back({"cases", f, m.code(), 2});
      rows.push_back({"visits", f, m.code(), 10});
    }
  }
  cube.load(rows);
  return cube;
}

Indicator share() {
  return make("share", "#{cases}", "#{visits}", Unit::percent(), 1, MeasureKind::proportion);
}

} // namespace

TEST(Coverage, HalfAYearInTheCubeIsAPartialYear) {
  // The cube holds January–June 2024 only; 2024 asked for. Every unit reported its 6 months:
  // 6 of 12 months, no unit complete for the year. Value over what was reported: 12 / 60 = 20 %.
  const DataCube cube = coverage_cube(Period::month(2024, 1), 6);
  const auto& tree = cube.tree();
  const std::vector<std::size_t> units{tree.index("F1"), tree.index("D")};
  const auto t = evaluate(cube, {share()}, units, {Period::year(2024), Period::half_year(2024, 1)});
  ASSERT_EQ(t.size(), 4u); // F1 × (2024, H1), D × (2024, H1)
  EXPECT_EQ(t.status[0], EvaluationStatus::partial);
  EXPECT_EQ(t.coverage[0], CoverageStatus::partial);
  EXPECT_DOUBLE_EQ(t.value[0], 20.0);
  EXPECT_EQ(t.months_reported[0], 6);
  EXPECT_EQ(t.months_expected[0], 12);
  EXPECT_EQ(t.units_complete[0], 0);
  EXPECT_EQ(t.units_expected[0], 1);
  EXPECT_EQ(t.status[2], EvaluationStatus::partial); // D: 6/12 months, 0 of 3 units complete
  EXPECT_EQ(t.months_reported[2], 6);
  EXPECT_EQ(t.units_complete[2], 0);
  EXPECT_EQ(t.units_expected[2], 3);
  // The first half year is covered: ok, 6/6 months, 3/3 units at D.
  EXPECT_EQ(t.status[3], EvaluationStatus::ok);
  EXPECT_EQ(t.months_reported[3], 6);
  EXPECT_EQ(t.months_expected[3], 6);
  EXPECT_EQ(t.units_complete[3], 3);
  EXPECT_DOUBLE_EQ(t.value[3], 20.0); // 36 / 180
  // require_complete withholds the value; any_data reports it as ok (the old behaviour).
  const auto strict =
      evaluate(cube, {share()}, units, {Period::year(2024)},
               {.confidence = {0.95}, .coverage = CoveragePolicy::require_complete});
  EXPECT_EQ(strict.status[0], EvaluationStatus::partial);
  EXPECT_TRUE(std::isnan(strict.value[0]) && std::isnan(strict.lower(0, 0)));
  EXPECT_EQ(strict.limits_status[0], LimitsStatus::no_value);
  EXPECT_EQ(strict.months_reported[0], 6);
  const auto any = evaluate(cube, {share()}, units, {Period::year(2024)},
                            {.coverage = CoveragePolicy::any_data});
  EXPECT_EQ(any.status[0], EvaluationStatus::ok);
  EXPECT_DOUBLE_EQ(any.value[0], 20.0);
  EXPECT_EQ(any.coverage[0], CoverageStatus::partial); // still said
  EXPECT_EQ(any.months_reported[0], 6);
}

TEST(Coverage, AFacilityThatDidNotReportMarch) {
  const DataCube cube = coverage_cube(Period::month(2024, 1), 12, {Period::month(2024, 3)});
  const auto& tree = cube.tree();
  const auto t = evaluate(cube, {share()}, {tree.index("F2"), tree.index("T1"), tree.index("F1")},
                          {Period::year(2024), Period::quarter(2024, 2)}, {.confidence = {0.95}});
  ASSERT_EQ(t.size(), 6u);
  // F2, 2024: 11 of 12 months, not complete; value 22 / 110 = 20 % kept, with its limits.
  EXPECT_EQ(t.status[0], EvaluationStatus::partial);
  EXPECT_EQ(t.months_reported[0], 11);
  EXPECT_EQ(t.months_expected[0], 12);
  EXPECT_EQ(t.units_complete[0], 0);
  EXPECT_EQ(t.units_expected[0], 1);
  EXPECT_DOUBLE_EQ(t.value[0], 20.0);
  EXPECT_EQ(t.limits_status[0], LimitsStatus::ok);
  EXPECT_EQ(t.lower(0, 0), proportion_interval(22, 110, 0.95, ProportionMethod::wilson, 100).lower);
  // F2, Q2 2024: April–June all reported: ok.
  EXPECT_EQ(t.status[1], EvaluationStatus::ok);
  EXPECT_EQ(t.months_reported[1], 3);
  EXPECT_EQ(t.units_complete[1], 1);
  // T1, 2024: every month has values (F1, F3 reported March), but 2 of 3 units are complete.
  EXPECT_EQ(t.status[2], EvaluationStatus::partial);
  EXPECT_EQ(t.months_reported[2], 12);
  EXPECT_EQ(t.units_complete[2], 2);
  EXPECT_EQ(t.units_expected[2], 3);
  EXPECT_DOUBLE_EQ(t.value[2], 70.0 / 350 * 100); // (24 + 22 + 24) / (120 + 110 + 120)
  // F1, 2024: complete.
  EXPECT_EQ(t.status[4], EvaluationStatus::ok);
  EXPECT_EQ(t.coverage[4], CoverageStatus::complete);
  EXPECT_EQ(t.units_complete[4], 1);
}

TEST(Coverage, AnOctoberToSeptemberCubeIsNotACalendarYear) {
  // October 2023 – September 2024, every month reported: the calendar year 2024 has 9 of its
  // months in the cube, 2023 has 3; the statistical year ending September 2024 is complete.
  const DataCube cube = coverage_cube(Period::month(2023, 10), 12);
  const std::size_t t1 = cube.tree().index("T1");
  const auto t = evaluate(cube, {share()}, {t1},
                          {Period::year(2024), Period::year(2023), Period::statistical_year(2024)});
  ASSERT_EQ(t.size(), 3u);
  EXPECT_EQ(t.status[0], EvaluationStatus::partial);
  EXPECT_EQ(t.months_reported[0], 9);
  EXPECT_EQ(t.months_expected[0], 12);
  EXPECT_EQ(t.units_complete[0], 0);
  EXPECT_EQ(t.units_expected[0], 3);
  EXPECT_DOUBLE_EQ(t.value[0], 20.0); // 54 / 270
  EXPECT_EQ(t.status[1], EvaluationStatus::partial);
  EXPECT_EQ(t.months_reported[1], 3);
  EXPECT_EQ(t.status[2], EvaluationStatus::ok);
  EXPECT_EQ(t.months_reported[2], 12);
  EXPECT_EQ(t.units_complete[2], 3);
}

TEST(Coverage, StocksStandForThePeriodByTheirLastOrAnyReport) {
  // Seed 000's year-end figures: 签约人数 (a cumulative stock, aggregated by `last`) reported for
  // December only, 常住人口 (average_sum_org_unit) entered once, in January. Over 2019 each
  // stands for the year: the signing rate 59902 / 178005 = 33.65 % is complete, 1 of 12 months
  // reported. The stock reported for June only is stale for the year: partial.
  DataCube cube(OrgUnitTree::from_parent_table({{"D", "", ""}, {"F1", "", "D"}, {"F2", "", "D"}}),
                {{"signed", "", "", AggregationType::last},
                 {"population", "", "", AggregationType::average_sum_org_unit},
                 {"signed_june", "", "", AggregationType::last}},
                Period::month(2019, 1), 12);
  cube.load(std::vector<DataValueRow>{{"signed", "F1", "201912", 30000},
                                      {"signed", "F2", "201912", 29902},
                                      {"population", "F1", "201901", 100000},
                                      {"population", "F2", "201901", 78005},
                                      {"signed_june", "F1", "201906", 15000},
                                      {"signed_june", "F2", "201906", 14000}});
  const Indicator signing =
      make("signing", "#{signed}", "#{population}", Unit::percent(), 2, MeasureKind::proportion);
  const Indicator stale =
      make("stale", "#{signed_june}", "#{population}", Unit::percent(), 2, MeasureKind::proportion);
  const auto t = evaluate(cube, {signing, stale}, {cube.tree().index("D")}, {Period::year(2019)});
  EXPECT_EQ(t.status[0], EvaluationStatus::ok);
  EXPECT_EQ(t.coverage[0], CoverageStatus::complete);
  EXPECT_EQ(Proportion(t.numerator[0], t.denominator[0]).format(2), "33.65%");
  EXPECT_EQ(t.months_reported[0], 1); // still counted as reported
  EXPECT_EQ(t.units_complete[0], 2);
  EXPECT_EQ(t.status[1], EvaluationStatus::partial); // June's stock is not the year's
  EXPECT_EQ(t.units_complete[1], 0);
  // The first half year ends in June: there the June stock is complete.
  const auto h1 = evaluate(cube, {stale}, {cube.tree().index("D")}, {Period::half_year(2019, 1)});
  EXPECT_EQ(h1.status[0], EvaluationStatus::ok);
}

TEST(Coverage, AggregatesSayWhatTheyCoverAndWhenAPeriodIsOutsideTheCube) {
  const DataCube cube = coverage_cube(Period::month(2024, 1), 12, {Period::month(2024, 3)});
  const std::size_t t1 = cube.tree().index("T1");
  const auto a = cube.aggregate(
      "cases", {t1},
      {Period::year(2024), Period::year(2025), Period::month(2024, 3), Period::month(2024, 4)});
  EXPECT_EQ(a.coverage(0, 0), CoverageStatus::partial);
  EXPECT_EQ(a.units_complete(0, 0), 2);
  EXPECT_EQ(a.units_expected(0, 0), 3);
  // 2025 lies outside the cube: NaN, count 0, and said so.
  EXPECT_TRUE(std::isnan(a.values(0, 1)));
  EXPECT_EQ(a.counts(0, 1), 0);
  EXPECT_EQ(a.coverage(0, 1), CoverageStatus::outside_cube);
  EXPECT_EQ(a.months_reported(0, 1), 0);
  EXPECT_EQ(a.months_expected(0, 1), 12);
  // March: F1 and F3 reported (4 cases); April: all three.
  EXPECT_EQ(a.values(0, 2), 4);
  EXPECT_EQ(a.coverage(0, 2), CoverageStatus::partial);
  EXPECT_EQ(a.coverage(0, 3), CoverageStatus::complete);
  // The matrix overload agrees.
  const auto m = cube.aggregate("cases", cube.tree().aggregation_matrix({t1}),
                                {Period::year(2024), Period::year(2025)});
  EXPECT_EQ(m.units_complete(0, 0), 2);
  EXPECT_EQ(m.coverage(0, 1), CoverageStatus::outside_cube);
  // F2 in March, alone: nothing reported.
  const auto f2 = cube.aggregate("cases", {cube.tree().index("F2")}, {Period::month(2024, 3)});
  EXPECT_EQ(f2.coverage(0, 0), CoverageStatus::missing);
  EXPECT_EQ(f2.units_expected(0, 0), 1);
  EXPECT_THAT(std::string(describe(CoverageStatus::outside_cube)), HasSubstr("outside"));
  EXPECT_EQ(parse_coverage_policy("require_complete"), CoveragePolicy::require_complete);
  EXPECT_THROW(parse_coverage_policy("strict"), invalid_input);
}

// The built-in catalog's 人均预期寿命 is computed by a method (an abridged life table), not as a
// ratio of two aggregates (docs/catalog.md §5): evaluate() names it instead of failing to parse
// its empty numerator.
TEST(Evaluate, AMethodIndicatorIsRefusedByName) {
  const DataCube cube = seed_cube();
  const Indicator& e0 = Catalog::builtin().indicator("life_expectancy");
  ASSERT_FALSE(e0.method.empty());
  try {
    evaluate(cube, {e0}, {0}, {Period::year(2019)});
    ADD_FAILURE() << "evaluate() accepted a method indicator";
  } catch (const invalid_input& e) {
    EXPECT_EQ(e.field(), "indicators[life_expectancy].method");
    EXPECT_THAT(e.what(), ::testing::HasSubstr("not as a ratio of the cube's counts"));
  }
}

// DHIS2's OUG{uid} and R{ds.METRIC} over the cube (docs/dhis2-expressions.md §6).
namespace {

// The district of district() with the group hc = {F1, F2, T3}: a member below T1, below T2 and
// T3 itself (a group may hold units at any level).
DataCube grouped_cube() {
  OrgUnitTree tree = district();
  tree.add_group("hc", {"F1", "F2", "T3"});
  DataCube cube(std::move(tree), {{"doses", "接种剂次", "", AggregationType::sum}},
                Period::month(2019, 1), 12);
  std::vector<DataValueRow> rows;
  for (int f = 1; f <= 4; ++f)
    for (int m = 1; m <= 12; ++m)
      rows.push_back({"doses", numbered("F", f), month_code(2019, m), 100});
  cube.load(rows);
  return cube;
}

} // namespace

// DHIS2's organisation unit group count: the members of the group in the evaluated unit's
// subtree, the unit itself included (docs.dhis2.org, Indicators: "organisation unit group
// counts"; dhis2-core OrgUnitAnalyticsManager.getOrgUnitData). By hand, doses per member in
// 2019 (100 a month from each of F1..F4, 1200 a year each):
//   D: 4 facilities, 4800 doses; members F1, F2, T3 → OUG 3, 4800 / 3 = 1600
//   T1: F1 is a member → 1, 1200 / 1 = 1200;  T3: T3 itself → 1, 1200
//   T4: none → 0: the ratio is undefined.
TEST(EvaluateDhis2Items, OrgUnitGroupCountsMembersInTheSubtree) {
  const DataCube cube = grouped_cube();
  const auto& tree = cube.tree();
  const std::vector<std::size_t> units = {tree.index("D"), tree.index("T1"), tree.index("T3"),
                                          tree.index("T4")};
  const auto t =
      evaluate(cube,
               {make("per_member", "#{doses}", "OUG{hc}", Unit::ratio(), 1, MeasureKind::ratio),
                make("count", "OUG{hc}", "1", Unit::ratio(), 0, MeasureKind::ratio)},
               units, {Period::year(2019), Period::month(2019, 3)});
  ASSERT_EQ(t.size(), 16u);
  // Row (indicator i, unit u, period p) is i × 8 + u × 2 + p.
  EXPECT_DOUBLE_EQ(t.value[0], 1600);
  EXPECT_DOUBLE_EQ(t.value[2], 1200);
  EXPECT_DOUBLE_EQ(t.value[4], 1200);
  EXPECT_EQ(t.status[6], EvaluationStatus::undefined);
  // The count itself, the same in the year and in March (it does not depend on the period).
  const double counts[4] = {3, 1, 1, 0};
  for (int u = 0; u < 4; ++u)
    for (int p = 0; p < 2; ++p) {
      EXPECT_DOUBLE_EQ(t.value[8 + u * 2 + p], counts[u]) << u << "," << p;
      EXPECT_EQ(t.status[8 + u * 2 + p], EvaluationStatus::ok);
    }
  // The count is no data element: the row's coverage is that of doses alone (complete).
  EXPECT_EQ(t.coverage[0], CoverageStatus::complete);
  EXPECT_EQ(t.units_expected[0], 4);
}

// An OUG{} naming no group of the tree is an error at its character, naming the uid.
TEST(EvaluateDhis2Items, UnknownGroupIsAnErrorAtItsPosition) {
  const DataCube cube = grouped_cube();
  try {
    (void)evaluate(cube,
                   {make("x", "#{doses}", "1 + OUG{nope}", Unit::ratio(), 0, MeasureKind::ratio)},
                   {0}, {Period::year(2019)});
    FAIL();
  } catch (const parse_error& e) {
    EXPECT_EQ(e.field(), "indicators[x].denominator");
    EXPECT_EQ(e.position(), 4u);
    EXPECT_THAT(e.what(), HasSubstr("'nope'"));
  }
}

namespace {

// A monthly data set "ds" assigned to F1..F4 in 2019-01..03, as the DHIS2 reader lays out its
// completeness counts (element R:ds, docs/dhis2_metadata.md §6): 1 expected report per unit and
// month; registrations F1 Jan Feb Mar, F2 Jan Mar; on time F1 Jan Feb, F2 Jan. F2's missing
// February is an explicit 0 (as the reader writes it); F3 and F4 have no actual rows at all.
DataCube reporting_cube() {
  DataCube cube(district(),
                {{"R:ds",
                  "",
                  "",
                  AggregationType::sum,
                  {"ACTUAL_REPORTS", "ACTUAL_REPORTS_ON_TIME", "EXPECTED_REPORTS"}}},
                Period::month(2019, 1), 12);
  std::vector<DataValueRow> rows;
  for (int f = 1; f <= 4; ++f)
    for (int m = 1; m <= 3; ++m)
      rows.push_back({"R:ds.EXPECTED_REPORTS", numbered("F", f), month_code(2019, m), 1});
  for (const char* m : {"201901", "201902", "201903"})
    rows.push_back({"R:ds.ACTUAL_REPORTS", "F1", m, 1});
  rows.push_back({"R:ds.ACTUAL_REPORTS", "F2", "201901", 1});
  rows.push_back({"R:ds.ACTUAL_REPORTS", "F2", "201902", 0});
  rows.push_back({"R:ds.ACTUAL_REPORTS", "F2", "201903", 1});
  rows.push_back({"R:ds.ACTUAL_REPORTS_ON_TIME", "F1", "201901", 1});
  rows.push_back({"R:ds.ACTUAL_REPORTS_ON_TIME", "F1", "201902", 1});
  rows.push_back({"R:ds.ACTUAL_REPORTS_ON_TIME", "F2", "201901", 1});
  cube.load(rows);
  return cube;
}

} // namespace

// DHIS2's reporting rate metrics (docs.dhis2.org, Implementation guide → Data quality →
// "Completeness and timeliness": reporting rate = actual reports / expected reports × 100 %, on
// time likewise with the reports completed within the data set's timely days). By hand, 2019Q1:
//   D:  expected 4 units × 3 months = 12, actual 3 + 2 = 5, on time 3
//       REPORTING_RATE 100 × 5 / 12 = 41.666…, ON_TIME 100 × 3 / 12 = 25
//   T1: expected 3, actual 3 → 100; on time 2 → 66.666…
//   T3: expected 3, actual none → 0 (expected and not sent is 0, not missing)
//   April (nothing expected): missing.
TEST(EvaluateDhis2Items, ReportingRatesFromTheCompletenessCounts) {
  const DataCube cube = reporting_cube();
  const auto& tree = cube.tree();
  const std::vector<std::size_t> units = {tree.index("D"), tree.index("T1"), tree.index("T3")};
  const auto ind = [](const char* id, const std::string& metric) {
    return make(id, "R{ds." + metric + "}", "1", Unit::ratio(), 2, MeasureKind::ratio);
  };
  const auto t =
      evaluate(cube,
               {ind("rr", "REPORTING_RATE"), ind("rr_on_time", "REPORTING_RATE_ON_TIME"),
                ind("actual", "ACTUAL_REPORTS"), ind("actual_on_time", "ACTUAL_REPORTS_ON_TIME"),
                ind("expected", "EXPECTED_REPORTS")},
               units, {Period::quarter(2019, 1), Period::month(2019, 4)});
  ASSERT_EQ(t.size(), 30u);
  // Row (indicator i, unit u, period p): i × 6 + u × 2 + p.
  const auto at = [&](int i, int u, int p) { return t.value[i * 6 + u * 2 + p]; };
  EXPECT_DOUBLE_EQ(at(0, 0, 0), 100.0 * 5 / 12);
  EXPECT_DOUBLE_EQ(at(1, 0, 0), 25.0);
  EXPECT_DOUBLE_EQ(at(2, 0, 0), 5);
  EXPECT_DOUBLE_EQ(at(3, 0, 0), 3);
  EXPECT_DOUBLE_EQ(at(4, 0, 0), 12);
  EXPECT_DOUBLE_EQ(at(0, 1, 0), 100);
  EXPECT_DOUBLE_EQ(at(1, 1, 0), 100.0 * 2 / 3);
  EXPECT_DOUBLE_EQ(at(0, 2, 0), 0);
  EXPECT_DOUBLE_EQ(at(2, 2, 0), 0);
  EXPECT_EQ(t.status[0 * 6 + 2 * 2 + 0], EvaluationStatus::ok);
  for (int i = 0; i < 5; ++i) EXPECT_EQ(t.status[i * 6 + 1], EvaluationStatus::missing) << i;

  // The rate of the previous quarter, through the modifier: 2019Q2's previous is Q1.
  const auto shifted = evaluate(cube,
                                {make("rr_prev", "R{ds.REPORTING_RATE}.periodOffset(-1)", "1",
                                      Unit::ratio(), 2, MeasureKind::ratio)},
                                {tree.index("D")}, {Period::quarter(2019, 2)});
  EXPECT_DOUBLE_EQ(shifted.value[0], 100.0 * 5 / 12);
}

// An R{} for a data set whose counts the cube does not hold: an error at the item.
TEST(EvaluateDhis2Items, UnknownDataSetIsAnErrorAtItsPosition) {
  const DataCube cube = reporting_cube();
  try {
    (void)evaluate(
        cube, {make("x", "R{other.REPORTING_RATE}", "1", Unit::ratio(), 0, MeasureKind::ratio)},
        {0}, {Period::year(2019)});
    FAIL();
  } catch (const parse_error& e) {
    EXPECT_EQ(e.position(), 0u);
    EXPECT_THAT(e.what(), HasSubstr("'other'"));
  }
}
