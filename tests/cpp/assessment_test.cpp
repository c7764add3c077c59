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
