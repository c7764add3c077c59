#include <zhibiao/assessment.hpp>
#include <zhibiao/error.hpp>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>

using namespace zhibiao;

namespace {
Date d(int y, int m, int day) {
  return Date(static_cast<unsigned short>(y), static_cast<unsigned short>(m),
              static_cast<unsigned short>(day));
}
} // namespace

// Seed 002 §7: 截止5月底，全区已累计完成接种67072剂次(全年接种任务为剂次：164318，7469人×22针次)，
// 完成全年任务的40.8%. By whole months 5 of 12 have passed: 41.67 %. 67072/164318 = 40.8184 % is
// 0.85 points behind.
TEST(AssessQuota, VaccinationIsBehindSchedule) {
  const Quota q = Quota::from_expression("7469 * 22", Period::year(2024));
  const auto a = assess_quota(67072, q, d(2024, 5, 31));
  EXPECT_NEAR(a.completion, 67072.0 / 164318 * 100, 1e-12);
  EXPECT_EQ(round_half_up(a.completion, 1), 40.8); // as the seed prints it
  EXPECT_NEAR(a.time_progress, 500.0 / 12, 1e-12);
  EXPECT_EQ(a.pace, Pace::behind);
  EXPECT_EQ(a.summary(), "完成全年任务的40.82%，序时进度41.67%，落后序时进度0.85个百分点");
  EXPECT_FALSE(a.reached);
  EXPECT_EQ(a.remaining, 164318 - 67072);
  EXPECT_EQ(a.months_left, 7);
  EXPECT_DOUBLE_EQ(a.monthly_pace_needed, (164318.0 - 67072) / 7);
  EXPECT_DOUBLE_EQ(a.projected_run_rate, 67072.0 / (5.0 / 12)); // 160972.8: short of the quota
  // By days (152 of 366 in 2024) it is behind too: 41.53 %.
  EXPECT_EQ(assess_quota(67072, q, d(2024, 5, 31), {.basis = ProgressBasis::days}).pace,
            Pace::behind);
  // With a 1-point tolerance the 0.85-point lag counts as on schedule.
  EXPECT_EQ(assess_quota(67072, q, d(2024, 5, 31), {.tolerance = 1.0}).pace, Pace::on_schedule);
}

// Seed 002 §9: 1-5月份免费婚检3448对 …(完成全年任务的50.71%): 3448 of a 6800 quota = 50.7059 %,
// ahead of 41.67 %.
TEST(AssessQuota, MarriageChecksAreAhead) {
  const auto a = assess_quota(3448, Quota{6800, Period::year(2024)}, d(2024, 5, 31));
  EXPECT_EQ(round_half_up(a.completion, 2), 50.71);
  EXPECT_EQ(a.pace, Pace::ahead);
  EXPECT_THAT(a.summary(), ::testing::HasSubstr("超过序时进度9.04个百分点"));
}

TEST(AssessQuota, SeasonalProjection) {
  // Last year: 100 a month except a December campaign of 900 (total 2000). The first 5 months
  // carried 500/2000 = 25 % of the year; 600 done by May projects to 600 / 0.25 = 2400.
  std::vector<double> profile(12, 100.0);
  profile[11] = 900;
  const auto a = assess_quota(600, Quota{2000, Period::year(2024)}, d(2024, 5, 31),
                              {.last_year_monthly = profile});
  ASSERT_TRUE(a.projected_seasonal.has_value());
  EXPECT_DOUBLE_EQ(*a.projected_seasonal, 2400.0);
  EXPECT_DOUBLE_EQ(a.projected_run_rate, 1440.0); // 600 / (5/12)
  EXPECT_THROW(assess_quota(600, Quota{2000, Period::year(2024)}, d(2024, 5, 31),
                            {.last_year_monthly = std::vector<double>(11, 1.0)}),
               invalid_input);
  EXPECT_THROW(assess_quota(-1, Quota{2000, Period::year(2024)}, d(2024, 5, 31)), invalid_input);
}

// A 'lower is better' and a 'higher is better' indicator side by side (issue 7): infant
// mortality must stay below 8 ‰, coverage must reach 90 %.
TEST(AssessThreshold, BothDirections) {
  const Threshold mortality = Threshold::parse("低于8‰"), coverage = Threshold::parse("≥90%");
  // 6 infant deaths in 801 live births = 7.49 ‰: reached. 9 in 801 = 11.24 ‰: missed by 3.24 ‰,
  // and 3 deaths fewer would have met it (6/801 < 8 ‰, 7/801 = 8.74 ‰ is not).
  EXPECT_TRUE(assess_threshold(6.0 / 801 * 1000, mortality, 6, 801).reached);
  const auto bad = assess_threshold(9.0 / 801 * 1000, mortality, 9, 801);
  EXPECT_FALSE(bad.reached);
  EXPECT_NEAR(bad.shortfall, 9.0 / 801 * 1000 - 8, 1e-12);
  EXPECT_EQ(bad.count_needed, 3.0);
  // Seed 000: 公共场所监督覆盖率 104/124 = 83.87 %, short of 90 % by 6.13 points; 8 more units
  // inspected reach 112/124 = 90.32 % (111/124 = 89.52 % does not).
  const auto cov = assess_threshold(104.0 / 124 * 100, coverage, 104, 124);
  EXPECT_FALSE(cov.reached);
  EXPECT_EQ(cov.count_needed, 8.0);
  EXPECT_EQ(cov.summary(coverage, 1), "83.9%，未达到目标≥90%，差6.1个百分点");
  EXPECT_EQ(assess_threshold(58.0 / 60 * 100, coverage, 58, 60).count_needed, 0.0);
}

// 18.5 % → 16.5 % is −2 points and −10.81 %: a 30 % relative fall (较2015年下降30%) is not
// reached; a 2-point fall is.
TEST(AssessImprovement, PointsAndRelativeChangeKeptApart) {
  const Improvement fall30{ImprovementKind::relative, 30, Direction::lower_is_better};
  const auto a = assess_improvement(16.5, fall30, 18.5);
  EXPECT_DOUBLE_EQ(a.change_points, -2.0);
  EXPECT_NEAR(*a.change_relative, -2.0 / 18.5 * 100, 1e-12);
  EXPECT_FALSE(a.reached);
  EXPECT_TRUE(
      assess_improvement(16.5, {ImprovementKind::points, 2, Direction::lower_is_better}, 18.5)
          .reached);
  EXPECT_TRUE(assess_improvement(12.9, fall30, 18.5).reached); // −30.27 %
  // 较上年提高: the last of the history is last year.
  EXPECT_TRUE(
      assess_improvement(33.65, {ImprovementKind::better}, std::nullopt, {30.1, 32.0}).reached);
  // 逐年下降 over 2021–2024: 9.1, 8.7, 8.2 then 8.4 breaks the trend.
  const Improvement trend{ImprovementKind::trend, 0, Direction::lower_is_better};
  EXPECT_TRUE(assess_improvement(7.9, trend, std::nullopt, {9.1, 8.7, 8.2}).reached);
  EXPECT_FALSE(assess_improvement(8.4, trend, std::nullopt, {9.1, 8.7, 8.2}).reached);
  // 不高于近5年平均水平: mean of 10, 12, 11, 9, 13 = 11.
  const Improvement average{ImprovementKind::not_worse_than_average, 0, Direction::lower_is_better,
                            5};
  const auto avg = assess_improvement(11.0, average, std::nullopt, {10, 12, 11, 9, 13});
  EXPECT_TRUE(avg.reached);
  EXPECT_DOUBLE_EQ(*avg.reference, 11.0);
  EXPECT_FALSE(assess_improvement(11.2, average, std::nullopt, {10, 12, 11, 9, 13}).reached);
  EXPECT_THROW(assess_improvement(11.0, average, std::nullopt, {10, 12}), invalid_input);
  EXPECT_THROW(assess_improvement(11.0, fall30, std::nullopt, {}), invalid_input);
}

// A staged schedule: 1/3 of the isolation rooms within 24 h, 2/3 within 48 h, all within 72 h.
TEST(AssessSchedule, HourMilestones) {
  const StagedSchedule s{
      {{24, std::nullopt, 1.0 / 3}, {48, std::nullopt, 2.0 / 3}, {72, std::nullopt, 1.0}}};
  const auto at30 = assess_schedule(40, 100, s, 30);
  EXPECT_DOUBLE_EQ(at30.required_share, 1.0 / 3);
  EXPECT_TRUE(at30.on_track);
  EXPECT_EQ(at30.next->elapsed, 48);
  const auto at50 = assess_schedule(60, 100, s, 50);
  EXPECT_FALSE(at50.on_track); // 60 % done, 66.7 % due by 48 h
  EXPECT_DOUBLE_EQ(assess_schedule(0, 100, s, 10).required_share, 0.0);
}

// Monthly milestones by date: 25 % of a quota by 31 March, 50 % by 30 June, all by 31 December.
TEST(AssessSchedule, DateMilestones) {
  const StagedSchedule s{
      {{0, d(2024, 3, 31), 0.25}, {0, d(2024, 6, 30), 0.5}, {0, d(2024, 12, 31), 1.0}}};
  const auto may = assess_schedule(300, 1000, s, 0, d(2024, 5, 31));
  EXPECT_DOUBLE_EQ(may.required_share, 0.25);
  EXPECT_TRUE(may.on_track);
  EXPECT_EQ(*may.next->date, d(2024, 6, 30));
  EXPECT_FALSE(assess_schedule(400, 1000, s, 0, d(2024, 7, 1)).on_track); // 40 % against 50 %
  EXPECT_THROW(assess_schedule(400, 1000, s, 0, std::nullopt), invalid_input);
}

TEST(Assess, EitherOrAndDispatch) {
  // 5.6‰或持续降低: either below 5.6 ‰ or lower every year.
  Target either{"infant_mortality",
                EitherTarget{{Target{"", Threshold::parse("低于5.6‰")},
                              Target{"", Improvement{ImprovementKind::trend, 0,
                                                     Direction::lower_is_better}}}},
                SettingLevel::provincial, "省卫健委 目标 5.6‰或持续降低"};
  AssessmentInput in;
  in.value = 5.9;
  in.history = {6.8, 6.3};
  const Assessment a = assess(either, in);
  EXPECT_TRUE(a.reached); // above 5.6 ‰ but falling every year
  EXPECT_EQ(a.options_reached, (std::vector<bool>{false, true}));
  in.history = {5.7, 5.8};
  EXPECT_FALSE(assess(either, in).reached);
  // A quota without an as-of date is an error naming it.
  try {
    assess(Target{"", Quota{100, Period::year(2024)}}, AssessmentInput{});
    FAIL();
  } catch (const invalid_input& e) {
    EXPECT_EQ(e.field(), "as_of");
  }
}

// The table form assesses each row exactly as assess_threshold() does one (issue 13): the same
// rows as AssessThreshold.BothDirections, hand-computed there, plus a row without a target
// (index −1), a row without a value (NaN) and a row without counts.
TEST(AssessThresholdColumn, MatchesTheScalarAssessmentRowByRow) {
  const std::vector<Threshold> targets{Threshold::parse("低于8‰"), Threshold::parse("≥90%")};
  const std::vector<double> value{
      6.0 / 801 * 1000, 9.0 / 801 * 1000, 104.0 / 124 * 100, 58.0 / 60 * 100, 50.0, NAN,
      104.0 / 124 * 100};
  const std::vector<std::int64_t> target{0, 0, 1, 1, -1, 1, 1};
  const std::vector<double> numerator{6, 9, 104, 58, 1, 2, 104},
      denominator{801, 801, 124, 60, 2, 3, 124};
  const std::vector<std::uint8_t> has_counts{1, 1, 1, 1, 1, 1, 0};
  std::vector<std::uint8_t> reached(7);
  std::vector<double> shortfall(7), needed(7);
  assess_threshold_column(value, target, targets, numerator, denominator, has_counts, reached,
                          shortfall, needed);
  EXPECT_EQ(reached, (std::vector<std::uint8_t>{1, 0, 0, 1, not_assessed, not_assessed, 0}));
  // 9/801 = 11.24 ‰ misses 8 ‰ by 3.24 ‰ and needs 3 deaths fewer; 104/124 = 83.87 % needs 8 more.
  EXPECT_EQ(needed[1], 3.0);
  EXPECT_EQ(needed[2], 8.0);
  EXPECT_EQ(needed[3], 0.0);
  EXPECT_TRUE(std::isnan(needed[4]) && std::isnan(shortfall[4]) && std::isnan(needed[5]));
  EXPECT_TRUE(std::isnan(needed[6])); // no counts for this row: no count gap
  for (std::size_t i : {0u, 1u, 2u, 3u}) {
    const auto a = assess_threshold(value[i], targets[static_cast<std::size_t>(target[i])],
                                    numerator[i], denominator[i]);
    EXPECT_EQ(shortfall[i], a.shortfall) << i;
    EXPECT_EQ(needed[i], *a.count_needed) << i;
  }
  EXPECT_EQ(shortfall[6], assess_threshold(value[6], targets[1]).shortfall);
  // Without count columns at all, no row has a count gap.
  assess_threshold_column(value, target, targets, {}, {}, {}, reached, shortfall, needed);
  EXPECT_TRUE(std::isnan(needed[1]) && std::isnan(needed[2]));
  EXPECT_EQ(reached[1], 0);
  const std::vector<std::int64_t> out_of_range{0, 0, 2, 1, -1, 1, 1};
  EXPECT_THROW(
      assess_threshold_column(value, out_of_range, targets, {}, {}, {}, reached, shortfall, needed),
      invalid_input);
  const std::vector<double> infinite{INFINITY, 1, 1, 1, 1, 1, 1};
  EXPECT_THROW(
      assess_threshold_column(infinite, target, targets, {}, {}, {}, reached, shortfall, needed),
      invalid_input);
}

// Issue 14, class 7: tolerance is checked once. 286 of a year's quota of 1200 at 31 May:
// completion 286/1200 = 23.83 %, time progress 5/12 = 41.67 %, lead −17.83 points. A NaN
// tolerance failed both comparisons and read 与序时进度持平 (on schedule); a negative one inverts
// the band. Both are refused naming "tolerance"; 0 says behind, 20 (≥ 17.83) on schedule.
TEST(AssessQuota, ToleranceMustBeFiniteAndNotNegative) {
  const Quota q = Quota::from_expression("1200", Period::year(2024));
  const Date may31 = d(2024, 5, 31);
  const auto field_of = [&](double tolerance) -> std::string {
    try {
      assess_quota(286, q, may31, {.tolerance = tolerance});
    } catch (const invalid_input& e) {
      return e.field();
    }
    return "no exception";
  };
  EXPECT_EQ(field_of(NAN), "tolerance");
  EXPECT_EQ(field_of(-1), "tolerance");
  EXPECT_EQ(field_of(INFINITY), "tolerance");
  const QuotaAssessment behind = assess_quota(286, q, may31);
  EXPECT_NEAR(behind.lead, 286.0 / 1200 * 100 - 500.0 / 12, 1e-12); // −17.8333…
  EXPECT_EQ(behind.pace, Pace::behind);
  EXPECT_EQ(assess_quota(286, q, may31, {.tolerance = 20}).pace, Pace::on_schedule);
}

// Issue 14, class 3: non-finite counts and values are refused, naming them; a count needed of
// finite counts is computed in the order that cannot overflow.
TEST(AssessThreshold, NonFiniteInputsAreRefusedAndHugeCountsDoNotOverflow) {
  const Threshold coverage = Threshold::parse("≥90%");
  EXPECT_THROW(assess_threshold(80, coverage, NAN, 100), invalid_input);
  EXPECT_THROW(assess_threshold(80, coverage, 80, INFINITY), invalid_input);
  EXPECT_THROW(coverage.shortfall(NAN), invalid_input);
  EXPECT_THROW(coverage.shortfall(-INFINITY), invalid_input);
  // 8e307 of 1e308 = 80 %: on the bound sit 90 % × 1e308 = 9e307 (90 × 1e308 overflowed to inf),
  // so 1e307 more are needed.
  const auto a = assess_threshold(80, coverage, 8e307, 1e308);
  ASSERT_TRUE(a.count_needed);
  EXPECT_NEAR(*a.count_needed, 1e307, 1e307 * 1e-12);
  EXPECT_THROW(assess_improvement(NAN, Improvement{ImprovementKind::points, 1}, 1.0),
               invalid_input);
  EXPECT_THROW(assess_improvement(1.0, Improvement{ImprovementKind::points, 1}, NAN),
               invalid_input);
  try {
    (void)Quota::of(NAN, Period::year(2024));
    FAIL();
  } catch (const invalid_input& e) {
    EXPECT_EQ(e.field(), "amount");
  }
  EXPECT_EQ(Quota::of(1600, Period::year(2024)).amount, 1600);
}

// --- whole tables (issue 21, item 6: the C++ table-level assessment Python's assess_thresholds
// gets) ------------------------------------------------------------------------------------------

namespace {
// Seed 000's 签约人数59902 of 常住人口178005 (33.65 %), in two townships: T1 40000 of 100000
// (40 %), T2 19902 of 78005. A threshold of ≥35% (a user's, not a national target).
struct SigningTable {
  std::vector<Indicator> indicators;
  EvaluationTable table;
};

SigningTable signing_table() {
  auto tree = OrgUnitTree::from_parent_table(
      {{"D", "八公山区", ""}, {"T1", "镇1", "D"}, {"T2", "镇2", "D"}});
  DataCube cube(std::move(tree),
                {{"signed", "签约人数", "", AggregationType::sum},
                 {"population", "常住人口", "", AggregationType::sum},
                 {"files", "电子健康档案", "", AggregationType::sum}},
                Period::month(2019, 12), 1);
  cube.load(std::vector<DataValueRow>{{"signed", "T1", "201912", 40000},
                                      {"signed", "T2", "201912", 19902},
                                      {"population", "T1", "201912", 100000},
                                      {"population", "T2", "201912", 78005},
                                      {"files", "T1", "201912", 90000}});
  Indicator signing;
  signing.id = "signing";
  signing.numerator = "#{signed}";
  signing.denominator = "#{population}";
  signing.kind = MeasureKind::proportion;
  Indicator files = signing;
  files.id = "files";
  files.numerator = "#{files}";
  std::vector<Indicator> indicators{signing, files};
  const auto& t = cube.tree();
  auto table = evaluate(cube, indicators, {t.index("D"), t.index("T1"), t.index("T2")},
                        {Period::month(2019, 12)});
  return {indicators, std::move(table)};
}
} // namespace

TEST(AssessThresholds, EveryRowAgainstItsIndicatorsThreshold) {
  const auto [indicators, table] = signing_table();
  const auto a = assess_thresholds(table, indicators, {{"signing", Threshold::parse("≥35%")}});
  ASSERT_EQ(a.size(), 6u); // 2 indicators × 3 units, indicator first
  // District: 5990200/178005 = 33.651863… %, short by 1.3481362883… points; the numerator on
  // the bound is 0.35 × 178005 = 62301.75, so 2399.75 → 2400 more signings.
  EXPECT_EQ(a.outcome[0], ThresholdOutcome::missed);
  EXPECT_NEAR(a.shortfall[0], 1.3481362883065082, 1e-12);
  EXPECT_EQ(a.count_needed[0], 2400.0);
  // T1: 40 % reaches ≥35 %.
  EXPECT_EQ(a.outcome[1], ThresholdOutcome::reached);
  EXPECT_EQ(a.shortfall[1], 0.0);
  EXPECT_EQ(a.count_needed[1], 0.0);
  // T2: 19902/78005 = 25.5137… %; 0.35 × 78005 = 27301.75 → 7399.75 → 7400 more.
  EXPECT_EQ(a.outcome[2], ThresholdOutcome::missed);
  EXPECT_EQ(a.count_needed[2], 7400.0);
  // The files indicator has no threshold: not assessed, NaN gaps.
  for (std::size_t i = 3; i < 6; ++i) {
    EXPECT_EQ(a.outcome[i], ThresholdOutcome::not_assessed);
    EXPECT_TRUE(std::isnan(a.shortfall[i]));
    EXPECT_TRUE(std::isnan(a.count_needed[i]));
  }
}

TEST(AssessThresholds, RowsWithoutAValueAreNotAssessed) {
  const auto [indicators, table] = signing_table();
  // T2 reported no files: the row has no value, so even with a threshold it is not assessed.
  const auto a = assess_thresholds(table, indicators, {{"files", Threshold::parse("≥50%")}});
  EXPECT_EQ(a.outcome[4], ThresholdOutcome::reached); // T1: 90000/100000 = 90 %
  EXPECT_EQ(a.outcome[5], ThresholdOutcome::not_assessed);
  EXPECT_TRUE(std::isnan(a.shortfall[5]));
}

TEST(AssessThresholds, AnUnknownIndicatorIdIsNamed) {
  const auto [indicators, table] = signing_table();
  try {
    (void)assess_thresholds(table, indicators, {{"signin", Threshold::parse("≥35%")}});
    FAIL() << "an unknown id was accepted";
  } catch (const invalid_input& e) {
    EXPECT_EQ(e.field(), "thresholds");
    EXPECT_THAT(e.what(), ::testing::HasSubstr("signin"));
  }
}

// The quota table assesses each row exactly as assess_quota() does one (issue 19). At 30 June
// 2025 six of twelve months have passed: 序时进度 50 %. Seed 000: 任务数1600人，已为1506人, 1506 /
// 1600 = 94.125 %, 44.125 points ahead; the example district's 石桥镇 (examples/district story 1):
// 78 / 210 = 37.14 %, 12.86 points behind; 105 / 210 = 50 % exactly on schedule; 1600 of 1600
// reached. Then a missing count, a zero quota, a negative done and an infinite quota.
TEST(AssessQuotaColumn, MatchesTheScalarAssessmentRowByRow) {
  const std::vector<double> done{1506, 78, 105, 1600, NAN, 3, -1, 5};
  const std::vector<double> quota{1600, 210, 210, 1600, 100, 0, 100, INFINITY};
  const std::size_t n = done.size();
  std::vector<double> completion(n), progress(n), lead(n);
  std::vector<std::uint8_t> status(n);
  std::vector<std::string> summary(n);
  const Period year = Period::year(2025);
  const Date june30 = d(2025, 6, 30);
  const std::size_t invalid = assess_quota_column(done, quota, year, june30, {},
                                                  {completion, progress, lead, status, summary});
  const auto code = [](QuotaRowStatus s) { return static_cast<std::uint8_t>(s); };
  EXPECT_EQ(status, (std::vector<std::uint8_t>{
                        code(QuotaRowStatus::ahead), code(QuotaRowStatus::behind),
                        code(QuotaRowStatus::on_schedule), code(QuotaRowStatus::reached),
                        code(QuotaRowStatus::missing), code(QuotaRowStatus::zero_quota),
                        code(QuotaRowStatus::invalid_done), code(QuotaRowStatus::invalid_quota)}));
  EXPECT_EQ(invalid, 2u);
  EXPECT_NEAR(completion[0], 94.125, 1e-12);
  EXPECT_NEAR(progress[0], 50.0, 1e-12);
  EXPECT_NEAR(lead[0], 44.125, 1e-12);
  EXPECT_NEAR(completion[1], 78.0 / 210 * 100, 1e-12); // 37.142857…
  EXPECT_NEAR(lead[1], 78.0 / 210 * 100 - 50, 1e-12);  // −12.857…
  EXPECT_THAT(summary[0], ::testing::HasSubstr("94.13%"));
  EXPECT_THAT(summary[1], ::testing::HasSubstr("37.14%"));
  for (std::size_t i = 0; i < 4; ++i) {
    const QuotaAssessment a = assess_quota(done[i], Quota::of(quota[i], year), june30);
    EXPECT_EQ(completion[i], a.completion) << i;
    EXPECT_EQ(progress[i], a.time_progress) << i;
    EXPECT_EQ(lead[i], a.lead) << i;
    EXPECT_EQ(summary[i], a.summary()) << i;
  }
  for (std::size_t i = 4; i < n; ++i) {
    EXPECT_TRUE(std::isnan(completion[i]) && std::isnan(progress[i]) && std::isnan(lead[i])) << i;
    EXPECT_EQ(summary[i], "") << i;
  }
  // By days, 181 of 365 days have passed at 30 June 2025 (31+28+31+30+31+30): 49.589 %.
  assess_quota_column(done, quota, year, june30, {.basis = ProgressBasis::days},
                      {completion, progress, lead, status, {}});
  EXPECT_NEAR(progress[1], 181.0 / 365 * 100, 1e-12);
  // A tolerance of 13 points (≥ 12.86) puts 石桥镇 on schedule.
  assess_quota_column(done, quota, year, june30, {.tolerance = 13},
                      {completion, progress, lead, status, {}});
  EXPECT_EQ(status[1], code(QuotaRowStatus::on_schedule));
  EXPECT_EQ(to_string(QuotaRowStatus::zero_quota), "zero_quota");
}

TEST(AssessQuotaColumn, RefusesTheTablesOptionsAndNamesAnOverflowingRow) {
  const Period year = Period::year(2025);
  const Date june30 = d(2025, 6, 30);
  std::vector<double> c(2), p(2), l(2);
  std::vector<std::uint8_t> s(2);
  const std::vector<double> missing{NAN, NAN};
  // A NaN tolerance is refused even when no row is assessed.
  EXPECT_THROW(
      assess_quota_column(missing, missing, year, june30, {.tolerance = NAN}, {c, p, l, s, {}}),
      invalid_input);
  const std::vector<double> one{1};
  EXPECT_THROW(assess_quota_column(missing, one, year, june30, {}, {c, p, l, s, {}}),
               invalid_input);
  // 1e308 done of a quota of 1e-10 is a completion beyond the largest double: row 1 is named.
  const std::vector<double> done{1, 1e308}, quota{2, 1e-10};
  try {
    assess_quota_column(done, quota, year, june30, {}, {c, p, l, s, {}});
    FAIL() << "no exception";
  } catch (const invalid_rows& e) {
    ASSERT_EQ(e.rows().size(), 1u);
    EXPECT_EQ(e.rows()[0].row, 1u);
    EXPECT_EQ(e.rows()[0].field, "quota");
    EXPECT_THAT(e.rows()[0].message, ::testing::HasSubstr("overflow"));
  }
}

TEST(AssessImprovementColumn, MatchesTheScalarAndSkipsRowsWithoutData) {
  // Hand calculations: 18.5 % → 16.5 % is −2 points and −10.81 % (较上年下降2个百分点: reached);
  // 18.5 → 17.9 is −0.6 (missed); a row without a baseline or without a target is not assessed;
  // 逐年下降 over 20, 19, 18.2 then 17 falls every year (reached).
  const std::vector<Improvement> imps{Improvement::parse("较上年下降2个百分点"),
                                      Improvement::parse("逐年下降")};
  const std::vector<double> value{16.5, 17.9, 15.0, 15.0, 17.0};
  const std::vector<std::int64_t> target{0, 0, 0, -1, 1};
  const double nan = std::nan("");
  const std::vector<double> baseline{18.5, 18.5, nan, 18.5, nan};
  // history: 3 years per row; rows 0–3 have none (NaN), row 4 has 20, 19, 18.2.
  const std::vector<double> history{nan, nan, nan, nan, nan, nan, nan, nan,
                                    nan, nan, nan, nan, 20,  19,  18.2};
  std::vector<std::uint8_t> reached(5);
  std::vector<double> points(5), relative(5), reference(5);
  assess_improvement_column(value, target, imps, baseline, history, 3, reached, points, relative,
                            reference);
  EXPECT_EQ(reached, (std::vector<std::uint8_t>{1, 0, not_assessed, not_assessed, 1}));
  EXPECT_DOUBLE_EQ(points[0], -2.0);
  EXPECT_NEAR(relative[0], -10.810810810810811, 1e-12);
  EXPECT_NEAR(points[1], -0.6, 1e-12);
  EXPECT_TRUE(std::isnan(points[2]) && std::isnan(points[3]));
  EXPECT_NEAR(points[4], 17.0 - 18.2, 1e-12);
  for (std::size_t i : {0u, 1u}) {
    const auto one = assess_improvement(value[i], imps[0], baseline[i]);
    EXPECT_EQ(one.reached, reached[i] == 1);
    EXPECT_EQ(one.change_points, points[i]);
  }
}

TEST(AssessImprovementColumn, RefusesMismatchedColumnsAndNamesAnInfiniteRow) {
  const std::vector<Improvement> imps{Improvement::parse("较上年提高2个百分点")};
  const std::vector<double> value{90.0, INFINITY};
  const std::vector<std::int64_t> target{0, 0};
  const std::vector<double> baseline{88.0, 88.0};
  std::vector<std::uint8_t> reached(2);
  std::vector<double> p(2), q(2), r(2);
  try {
    assess_improvement_column(value, target, imps, baseline, {}, 0, reached, p, q, r);
    FAIL() << "no exception";
  } catch (const invalid_rows& e) {
    ASSERT_EQ(e.rows().size(), 1u);
    EXPECT_EQ(e.rows()[0].row, 1u);
    EXPECT_EQ(e.rows()[0].field, "value");
  }
  const std::vector<double> one{88.0};
  EXPECT_THROW(assess_improvement_column(value, target, imps, one, {}, 0, reached, p, q, r),
               invalid_input);
  const std::vector<double> odd{1, 2, 3};
  EXPECT_THROW(assess_improvement_column(value, target, imps, baseline, odd, 2, reached, p, q, r),
               invalid_input);
  const std::vector<std::int64_t> out_of_range{0, 1};
  EXPECT_THROW(
      assess_improvement_column(value, out_of_range, imps, baseline, {}, 0, reached, p, q, r),
      invalid_input);
}

// --- small numbers: can the data tell? (issue 20 item 4) ---------------------------------------

// 出生人口性别比114.17 (the seeds' figure) from 801 births: 427 boys, 374 girls (427/374 × 100 =
// 114.17). By hand, Wilson's score interval (z = 1.959964) on π = 427/801:
//   centre (2·427 + z²) / (2(801 + z²)) = 857.8415 / 1609.683 = 0.532931,
//   half-width z √(z² + 4·427·374/801) / 1609.683 = 1.959964 × 28.3078 / 1609.683 = 0.034468,
// so π in (0.49846, 0.56739) and the ratio π/(1 − π) × 100 in (99.385, 131.157). (The issue's
// 0.5676 / 131.3 is a slip in the fourth digit; statsmodels' proportion_confint(427, 801,
// "wilson") gives 0.498458, 0.567394.) The normal range 103–107 lies inside: neither stable nor
// abnormal can be said, though the value itself is outside the range.
TEST(Significance, SexRatioFrom801BirthsCannotTell) {
  const Threshold normal = Threshold::parse("103-107", {.unit = Unit::per_100()});
  const SignificanceOption ratio{.kind = MeasureKind::ratio};
  const Interval ci = figure_interval(427, 374, 100, ratio);
  EXPECT_NEAR(ci.value, 114.171123, 1e-6);
  EXPECT_NEAR(ci.lower, 99.3850, 1e-3);
  EXPECT_NEAR(ci.upper, 131.1570, 1e-3);
  const auto a = assess_threshold(427.0 / 374 * 100, normal, 427, 374, ratio);
  EXPECT_FALSE(a.reached); // the value alone: outside 103–107
  EXPECT_EQ(a.verdict, TargetVerdict::not_distinguishable);
  ASSERT_TRUE(a.interval.has_value());
  EXPECT_NEAR(a.interval->upper, 131.1570, 1e-3);
  EXPECT_EQ(a.confidence, 0.95);
  // Exact (Clopper–Pearson) limits of π: (0.497841, 0.568081) (statsmodels "beta"): wider still.
  const Interval exact =
      figure_interval(427, 374, 100, {MeasureKind::ratio, 0.95, EvidenceMethod::exact});
  EXPECT_NEAR(exact.lower, 0.497841 / (1 - 0.497841) * 100, 1e-3);
  EXPECT_NEAR(exact.upper, 0.568081 / (1 - 0.568081) * 100, 1e-3);
  EXPECT_EQ(a.summary(normal), "114.17（95%置信区间99.39–131.16），与目标103–107差异无统计学意义");
}

// The same ratio from 21,417 births (11,417 boys, 10,000 girls): π = 0.533081, Wilson
// half-width 1.959964 × √(0.533081 × 0.466919 / 21417) ≈ 0.00668, the ratio in (111.15, 117.28)
// (statsmodels: π in (0.526378, 0.539772)): wholly above 107, abnormal is shown.
TEST(Significance, LargeCountsDecide) {
  const Threshold normal = Threshold::parse("103-107", {.unit = Unit::per_100()});
  const auto a = assess_threshold(114.17, normal, 11417, 10000, {.kind = MeasureKind::ratio});
  EXPECT_EQ(a.verdict, TargetVerdict::not_reached);
  EXPECT_NEAR(a.interval->lower, 111.146, 1e-2);
  EXPECT_NEAR(a.interval->upper, 117.276, 1e-2);
  // examples/district story 4: 14446 of 23771 hypertensive patients controlled, 60.77 % against
  // ≥ 60 %. Wilson: (60.149 %, 61.390 %) (statsmodels), wholly above 60: reached, decisively.
  const Threshold sixty = Threshold::parse("≥60%");
  const auto b = assess_threshold(14446.0 / 23771 * 100, sixty, 14446, 23771, {});
  EXPECT_EQ(b.verdict, TargetVerdict::reached);
  EXPECT_NEAR(b.interval->lower, 60.1491, 1e-3);
  EXPECT_NEAR(b.interval->upper, 61.3904, 1e-3);
}

// 5 maternal deaths in 25,000 live births: 20/10万 against 低于30/10万. PHE's rule takes exact
// Poisson limits below 10 events: Garwood (1936) by the chi-square relation, lower =
// χ²(0.025; 10)/2 = 1.623486, upper = χ²(0.975; 12)/2 = 11.668332 (tables; scipy.stats.chi2.ppf),
// per 25,000 × 100,000: (6.494, 46.673)/10万. 30 lies inside: not distinguishable, though 20 < 30.
TEST(Significance, FiveEventsAgainstARateTarget) {
  const Threshold below = Threshold::parse("低于30/10万");
  const auto a = assess_threshold(20, below, 5, 25000, {.kind = MeasureKind::rate});
  EXPECT_TRUE(a.reached);
  EXPECT_EQ(a.verdict, TargetVerdict::not_distinguishable);
  EXPECT_NEAR(a.interval->lower, 1.623486 / 25000 * 1e5, 1e-3);
  EXPECT_NEAR(a.interval->upper, 11.668332 / 25000 * 1e5, 1e-3);
  // Byar's approximation asked for explicitly: upper = 6 (1 − 1/54 + z/(3√6))³ = 11.6643.
  const auto byar = figure_interval(5, 25000, 1e5, {MeasureKind::rate, 0.95, EvidenceMethod::byar});
  EXPECT_NEAR(byar.upper,
              6 * std::pow(1 - 1.0 / 54 + 1.959964 / (3 * std::sqrt(6.0)), 3) / 25000 * 1e5, 1e-3);
  // The same 20/10万 from 500 events in 2.5 million: Byar's limits (18.27, 21.84) exclude 30.
  const auto big = assess_threshold(20, below, 500, 2.5e6, {.kind = MeasureKind::rate});
  EXPECT_EQ(big.verdict, TargetVerdict::reached);
  EXPECT_LT(big.interval->upper, 30);
}

// Edge counts. 0 of 20 against ≤5 %: Wilson's upper limit for x = 0 is z²/(n + z²) = 3.8415 /
// 23.8415 = 16.11 %, which holds 5 %. 20 of 20 against ≥90 %: the lower limit n/(n + z²) =
// 20/23.8415 = 83.89 % holds 90 %. Neither count says anything decisive about the target.
// 0 events: the exact upper limit is −ln(0.025) = 3.6889 events: in 2,000 births 184.4/10万
// (holds 30), in 100,000 3.69/10万 (below 30: reached).
TEST(Significance, EdgeCountsZeroAndAll) {
  const auto none = assess_threshold(0, Threshold::parse("≤5%"), 0, 20, {});
  EXPECT_TRUE(none.reached);
  EXPECT_EQ(none.verdict, TargetVerdict::not_distinguishable);
  EXPECT_EQ(none.interval->lower, 0);
  EXPECT_NEAR(none.interval->upper, 3.841459 / 23.841459 * 100, 1e-4);
  const auto all = assess_threshold(100, Threshold::parse("≥90%"), 20, 20, {});
  EXPECT_EQ(all.verdict, TargetVerdict::not_distinguishable);
  EXPECT_NEAR(all.interval->lower, 20 / 23.841459 * 100, 1e-4);
  EXPECT_EQ(all.interval->upper, 100);
  const Threshold below = Threshold::parse("低于30/10万");
  const auto few = assess_threshold(0, below, 0, 2000, {.kind = MeasureKind::rate});
  EXPECT_EQ(few.verdict, TargetVerdict::not_distinguishable);
  EXPECT_NEAR(few.interval->upper, 3.688879 / 2000 * 1e5, 1e-3);
  const auto many = assess_threshold(0, below, 0, 1e5, {.kind = MeasureKind::rate});
  EXPECT_EQ(many.verdict, TargetVerdict::reached);
  // A ratio of 0 boys has a finite upper limit; of 0 girls no ratio at all.
  EXPECT_EQ(figure_interval(0, 10, 100, {.kind = MeasureKind::ratio}).lower, 0);
  EXPECT_THROW(figure_interval(10, 0, 100, {.kind = MeasureKind::ratio}), invalid_input);
}

TEST(Significance, IsOffUnlessAskedAndRefusesWhatItCannotDo) {
  // Without the option nothing moves: the verdict is the value's, no interval.
  const auto a = assess_threshold(20, Threshold::parse("低于30/10万"), 5, 25000);
  EXPECT_EQ(a.verdict, TargetVerdict::reached);
  EXPECT_FALSE(a.interval.has_value());
  EXPECT_EQ(a.summary(Threshold::parse("低于30/10万")), "20.00/10万，达到目标<30/10万");
  const Threshold t = Threshold::parse("≥90%");
  EXPECT_THROW(assess_threshold(90, t, std::nullopt, 100, SignificanceOption{}), invalid_input);
  EXPECT_THROW(assess_threshold(90, t, 90, 100, {.kind = MeasureKind::quota_completion}),
               invalid_input);
  EXPECT_THROW(assess_threshold(90, t, 90, 100, {.method = EvidenceMethod::byar}), invalid_input);
  EXPECT_THROW(assess_threshold(90, t, 90, 100, {.confidence = 1.0}), invalid_input);
  EXPECT_THROW(assess_threshold(90, t, 90, 100, {.confidence = std::nan("")}), invalid_input);
  EXPECT_THROW(figure_interval(5, 100, 1, {MeasureKind::rate, 0.95, EvidenceMethod::wilson}),
               invalid_input);
  EXPECT_EQ(parse_evidence_method("exact"), EvidenceMethod::exact);
  EXPECT_THROW(parse_evidence_method("wald"), invalid_input);
  EXPECT_EQ(to_string(TargetVerdict::not_distinguishable), "not_distinguishable");
}

TEST(Significance, ColumnsAndGenericAssess) {
  // Row 0: the 801-birth ratio (undecided); row 1: 21,417 births (not reached); row 2: no
  // counts (the value's verdict, no interval); row 3: no target.
  const std::vector<double> value{114.17, 114.17, 105, 1};
  const std::vector<std::int64_t> target{0, 0, 0, -1};
  const std::vector<double> x{427, 11417, std::nan(""), 1}, n{374, 10000, std::nan(""), 1};
  const std::vector<std::uint8_t> has{1, 1, 0, 1};
  const std::vector<MeasureKind> kinds{MeasureKind::ratio};
  std::vector<std::uint8_t> reached(4), verdict(4);
  std::vector<double> shortfall(4), needed(4), lower(4), upper(4);
  assess_threshold_column(value, target, {Threshold::parse("103-107", {.unit = Unit::per_100()})},
                          x, n, has, kinds, {},
                          {reached, shortfall, needed, verdict, lower, upper});
  EXPECT_EQ(std::vector<int>(verdict.begin(), verdict.end()), (std::vector<int>{2, 0, 1, 2}));
  EXPECT_EQ(std::vector<int>(reached.begin(), reached.end()), (std::vector<int>{0, 0, 1, 2}));
  EXPECT_NEAR(upper[0], 131.157, 1e-3);
  EXPECT_TRUE(std::isnan(lower[2]) && std::isnan(lower[3]));
  EXPECT_THROW(assess_threshold_column(value, target, {Threshold::parse("≥1")}, x, n, has, {}, {},
                                       {reached, shortfall, needed, verdict, lower, upper}),
               invalid_input);
  // assess(): the option rides on the input.
  Target sr{"sex_ratio", Threshold::parse("103-107", {.unit = Unit::per_100()})};
  AssessmentInput in{.value = 114.17, .numerator = 427, .denominator = 374};
  EXPECT_EQ(assess(sr, in).verdict, TargetVerdict::not_reached);
  in.significance = SignificanceOption{.kind = MeasureKind::ratio};
  EXPECT_EQ(assess(sr, in).verdict, TargetVerdict::not_distinguishable);
}

// --- small numbers on change targets: the interval of the change (issue 20 item 4) ------------

// Newcombe RG (1998), "Interval estimation for the difference between independent proportions:
// comparison of eleven methods", Stat Med 17:873–890, Table II example (a): 56/70 − 48/80 =
// 0.80 − 0.60 = +20 points; method 10 (hybrid score, from Wilson's limits of each) gives
// 0.0524–0.3339, i.e. 5.24–33.39 points at multiplier 100.
TEST(ChangeSignificance, NewcombeIntervalJudgesPointsTargets) {
  const ChangeCounts c{56, 70, 48, 80};
  const auto ci = change_interval(Improvement::parse("较上年提高2个百分点"), c, 100, {});
  ASSERT_TRUE(ci.has_value());
  EXPECT_NEAR(ci->value, 20.0, 1e-12);
  EXPECT_NEAR(ci->lower, 5.24, 0.005);
  EXPECT_NEAR(ci->upper, 33.39, 0.005);
  // 2 points: 5.24 > 2, reached; 10 points lies inside (the value's 20 ≥ 10 would claim it);
  // 40 points: 33.39 < 40, not reached.
  const auto verdict = [&](const char* text) {
    return assess_improvement(80, Improvement::parse(text), 60, {}, c, {}).verdict;
  };
  EXPECT_EQ(verdict("较上年提高2个百分点"), TargetVerdict::reached);
  EXPECT_EQ(verdict("较上年提高10个百分点"), TargetVerdict::not_distinguishable);
  EXPECT_EQ(verdict("较上年提高40个百分点"), TargetVerdict::not_reached);
  // 较上年有所提高 and 不低于上年: the bound is 0, below 5.24: reached.
  EXPECT_EQ(verdict("较上年有所提高"), TargetVerdict::reached);
  EXPECT_EQ(verdict("不低于上年水平"), TargetVerdict::reached);
  // A fall of 5 points was asked for; the interval lies wholly above −5: not reached.
  EXPECT_EQ(verdict("较上年下降5个百分点"), TargetVerdict::not_reached);
  const ImprovementAssessment a =
      assess_improvement(80, Improvement::parse("较上年提高10个百分点"), 60, {}, c, {});
  EXPECT_TRUE(a.reached); // the value's outcome is kept beside the verdict
  EXPECT_DOUBLE_EQ(a.confidence, 0.95);
}

// 3 maternal deaths in 25,000 live births against 5 in 25,000 the year before: 12 against 20
// /10万, −40 %. Conditional on the 8 deaths, the current year's share is Binomial(8, π);
// Clopper–Pearson for 3 of 8 is 0.085233–0.755137 (beta quantiles B(0.025; 3, 6) and
// B(0.975; 4, 5)), so RR = π / (1 − π) × 25000/25000 lies in 0.093175–3.083913: a relative
// change of −90.68 % to +208.39 %. 较上年下降30% (bound −30 %) lies inside. With 100× the counts
// (300 against 500 in 2,500,000) RR = 0.6 and the upper limit falls below 0.7: decided.
TEST(ChangeSignificance, ExactRateRatioJudgesRelativeTargets) {
  const SignificanceOption rate{.kind = MeasureKind::rate};
  const Improvement fall = Improvement::parse("较上年下降30%");
  const auto ci = change_interval(fall, {3, 25000, 5, 25000}, 100, rate);
  ASSERT_TRUE(ci.has_value());
  EXPECT_NEAR(ci->value, -40.0, 1e-9);
  EXPECT_NEAR(ci->lower, -90.6825, 0.001);
  EXPECT_NEAR(ci->upper, 208.3913, 0.001);
  const auto a = assess_improvement(12, fall, 20, {}, {3, 25000, 5, 25000}, rate);
  EXPECT_TRUE(a.reached);
  EXPECT_EQ(a.verdict, TargetVerdict::not_distinguishable);
  const auto big = assess_improvement(12, fall, 20, {}, {300, 2500000, 500, 2500000}, rate);
  EXPECT_EQ(big.verdict, TargetVerdict::reached);
  EXPECT_LT(big.interval->upper, -30);
  // No baseline events: the ratio does not exist, the value decides (no interval).
  const auto none = assess_improvement(12, fall, 0, {}, {3, 25000, 0, 25000}, rate);
  EXPECT_FALSE(none.interval.has_value());
  EXPECT_EQ(none.verdict, TargetVerdict::not_reached);
  EXPECT_DOUBLE_EQ(none.confidence, 0);
}

TEST(ChangeSignificance, PairsWithoutAnIntervalKeepTheValuesVerdict) {
  // A relative target on a proportion (no interval of a ratio of proportions), a points target
  // on a rate, a trend: judged by the value. (80 − 60) / 60 = 33.3 % ≥ 20 %: reached.
  const ChangeCounts c{56, 70, 48, 80};
  const auto rel = assess_improvement(80, Improvement::parse("较上年提高20%"), 60, {}, c, {});
  EXPECT_FALSE(rel.interval.has_value());
  EXPECT_EQ(rel.verdict, TargetVerdict::reached);
  EXPECT_FALSE(change_interval(Improvement::parse("较上年下降2个百分点"), c, 100,
                               {.kind = MeasureKind::rate})
                   .has_value());
  EXPECT_FALSE(change_interval(Improvement::parse("逐年下降"), c, 100, {}).has_value());
  EXPECT_FALSE(change_interval(Improvement::parse("较上年提高2个百分点"), c, 100,
                               {.kind = MeasureKind::ratio})
                   .has_value());
}

TEST(ChangeSignificance, RefusesCountsMethodsAndKindsByName) {
  const Improvement points = Improvement::parse("较上年提高2个百分点");
  const auto field = [&](ChangeCounts c, SignificanceOption o) -> std::string {
    try {
      (void)change_interval(points, c, 100, o);
    } catch (const invalid_input& e) {
      return e.field();
    }
    return "";
  };
  EXPECT_EQ(field({71, 70, 48, 80}, {}), "numerator"); // 71 of 70
  EXPECT_EQ(field({56, 0, 48, 80}, {}), "denominator");
  EXPECT_EQ(field({56, 70, -1, 80}, {}), "baseline_numerator");
  EXPECT_EQ(field({56, 70, 48, NAN}, {}), "baseline_denominator");
  EXPECT_EQ(field({56, 70, 81, 80}, {}), "baseline_numerator");
  EXPECT_EQ(field({56, 70, 48, 80}, {.confidence = 1}), "confidence");
  EXPECT_EQ(field({56, 70, 48, 80}, {.method = EvidenceMethod::exact}), "method");
  EXPECT_EQ(field({5, 70, 4, 80}, {.kind = MeasureKind::rate, .method = EvidenceMethod::byar}),
            "method");
  EXPECT_EQ(field({56, 70, 48, 80}, {.kind = MeasureKind::quota_completion}), "kind");
}

TEST(ChangeSignificance, ColumnsAndGenericAssess) {
  // Row 0: Newcombe's example against 提高10个百分点 (undecided); row 1: the same against 2 points
  // (reached); row 2: no counts (the value's verdict, NaN limits); row 3: no target.
  const std::vector<Improvement> imps{Improvement::parse("较上年提高10个百分点"),
                                      Improvement::parse("较上年提高2个百分点")};
  const std::vector<double> value{80, 80, 80, 80}, baseline{60, 60, 60, 60};
  const std::vector<std::int64_t> target{0, 1, 1, -1};
  const std::vector<double> x1{56, 56, NAN, 56}, n1{70, 70, 70, 70}, x0{48, 48, 48, 48},
      n0{80, 80, 80, 80};
  const std::vector<MeasureKind> kinds{MeasureKind::proportion, MeasureKind::proportion};
  std::vector<std::uint8_t> reached(4), verdict(4);
  std::vector<double> p(4), q(4), r(4), lower(4), upper(4);
  const ImprovementEvidenceColumns out{reached, p, q, r, verdict, lower, upper};
  assess_improvement_column(value, target, imps, baseline, {}, 0, {x1, n1, x0, n0}, kinds, {}, out);
  EXPECT_EQ(std::vector<int>(verdict.begin(), verdict.end()), (std::vector<int>{2, 1, 1, 2}));
  EXPECT_EQ(std::vector<int>(reached.begin(), reached.end()), (std::vector<int>{1, 1, 1, 2}));
  EXPECT_NEAR(lower[0], 5.24, 0.005);
  EXPECT_NEAR(upper[1], 33.39, 0.005);
  EXPECT_TRUE(std::isnan(lower[2]) && std::isnan(upper[3]));
  // A count the interval refuses is named with its row.
  const std::vector<double> bad{56, 90, 56, 56};
  try {
    assess_improvement_column(value, target, imps, baseline, {}, 0, {bad, n1, x0, n0}, kinds, {},
                              out);
    FAIL() << "no exception";
  } catch (const invalid_rows& e) {
    ASSERT_EQ(e.rows().size(), 1u);
    EXPECT_EQ(e.rows()[0].row, 1u);
    EXPECT_EQ(e.rows()[0].field, "numerator");
  }
  EXPECT_THROW(assess_improvement_column(value, target, imps, baseline, {}, 0, {x1, n1, x0, n0}, {},
                                         {}, out),
               invalid_input); // kinds
  // assess(): the option and the baseline's counts ride on the input.
  Target t{"contract_rate", Improvement::parse("较上年提高10个百分点")};
  AssessmentInput in{.value = 80, .numerator = 56, .denominator = 70, .baseline = 60};
  in.significance = SignificanceOption{};
  EXPECT_EQ(assess(t, in).verdict, TargetVerdict::reached); // no baseline counts: the value's
  in.baseline_numerator = 48;
  in.baseline_denominator = 80;
  const Assessment a = assess(t, in);
  EXPECT_EQ(a.verdict, TargetVerdict::not_distinguishable);
  EXPECT_TRUE(a.reached);
  EXPECT_EQ(a.summary, "变化20.00（33.33%）（95%置信区间5.24–33.39），与改进目标差异无统计学意义");
}
