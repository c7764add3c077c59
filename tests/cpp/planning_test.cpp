#include <zhibiao/error.hpp>
#include <zhibiao/planning.hpp>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>

using namespace zhibiao;

namespace {

std::vector<std::int64_t> counts(const TargetPlan& p) {
  std::vector<std::int64_t> out;
  for (const auto& u : p.units) out.push_back(u.count);
  return out;
}

// Three townships, the district target 90 %: Σ denominators 6000, so the district needs
// ⌈0.9 × 6000⌉ = 5400. Last year 甲 950 of 1000 (95 %), 乙 1500 of 2000 (75 %), 丙 2550 of 3000
// (85 %): Σ 5000, 400 short.
const std::vector<PlanUnit> towns{{"甲", 1000, 950}, {"乙", 2000, 1500}, {"丙", 3000, 2550}};

} // namespace

TEST(PlanTargets, PopulationGivesEveryUnitTheSameRateAboveItsFloor) {
  // Hand calculation: 90 % of each would give 甲 900, below its 950 of last year, so 甲 stays at
  // 950 (the floor); the other 4450 are shared by 乙 and 丙 at one rate, 4450 / 5000 = 89 %:
  // 乙 1780, 丙 2670. 950 + 1780 + 2670 = 5400.
  const auto p = plan_targets(towns, 90, Unit::percent(), {SplitMethod::population});
  EXPECT_EQ(p.required, 5400);
  EXPECT_EQ(p.total, 5400);
  EXPECT_EQ(counts(p), (std::vector<std::int64_t>{950, 1780, 2670}));
  EXPECT_TRUE(p.units[0].at_floor);
  EXPECT_FALSE(p.units[1].at_floor);
  EXPECT_DOUBLE_EQ(p.pooled_rate, 90.0);
  EXPECT_DOUBLE_EQ(p.units[1].rate, 89.0);
  EXPECT_DOUBLE_EQ(p.units[1].uplift, 14.0); // 75 % → 89 %
  EXPECT_EQ(p.units[1].increase, 280);
}

TEST(PlanTargets, EqualUpliftStopsAtTheCapAndSharesTheRest) {
  // Hand calculation: 5000 + s × 6000 = 5400 would give s = 1/15 and 甲 950 + 66.67 = 1016.67,
  // above its 1000: 甲 is held at 1000 (100 %), and 乙 and 丙 share the other 4400 by one uplift:
  // 1500 + 2550 + s × 5000 = 4400, s = 7 points: 乙 1640, 丙 2760.
  const auto p = plan_targets(towns, 90, Unit::percent(), {SplitMethod::equal_uplift});
  EXPECT_EQ(counts(p), (std::vector<std::int64_t>{1000, 1640, 2760}));
  EXPECT_TRUE(p.units[0].at_cap);
  EXPECT_NEAR(p.units[1].uplift, 7.0, 1e-12);
  EXPECT_NEAR(p.units[2].uplift, 7.0, 1e-12);
  EXPECT_EQ(p.total, 5400);
}

TEST(PlanTargets, EqualUpliftRoundsByLargestRemainders) {
  // Hand calculation: 60 % of 7 + 13 + 29 = 49 is 29.4, so 30 are needed; last year 3 + 5 + 20 =
  // 28, and 28 + s × 49 = 30 gives s = 2/49: a 3 + 0.286, b 5 + 0.531, c 20 + 1.184. Whole counts
  // 3 + 5 + 21 = 29; the one person left goes to the largest fraction (b, .531): 3, 6, 21.
  const auto p = plan_targets({{"a", 7, 3}, {"b", 13, 5}, {"c", 29, 20}}, 60, Unit::percent(),
                              {SplitMethod::equal_uplift});
  EXPECT_EQ(p.required, 30);
  EXPECT_EQ(counts(p), (std::vector<std::int64_t>{3, 6, 21}));
}

TEST(PlanTargets, CloseGapsClosesTheSameShareOfEveryGap) {
  // Hand calculation: gaps to 90 %: 甲 none (950 ≥ 900), 乙 1800 − 1500 = 300, 丙 2700 − 2550 =
  // 150; 400 of the 450 must close, s = 8/9: 乙 1500 + 266.67, 丙 2550 + 133.33. Whole counts
  // 950 + 1766 + 2683 = 5399, the last person to 乙 (.67): 950, 1767, 2683.
  const auto p = plan_targets(towns, 90, Unit::percent(), {SplitMethod::close_gaps});
  EXPECT_EQ(counts(p), (std::vector<std::int64_t>{950, 1767, 2683}));
  EXPECT_EQ(p.total, 5400);
}

TEST(PlanTargets, ThePooledRateMeetsTheTargetExactlyNotTheMeanOfRates) {
  // 95.5 % of 7 + 13 + 29 = 49 persons is 46.795: the district needs 47 (⌈46.795⌉), and
  // 47 / 49 = 95.92 % ≥ 95.5 %, while 46 would give 93.88 %. Rounding each unit's 95.5 % share
  // separately (6.685 → 7, 12.415 → 12, 27.695 → 28) happens to give 47 here, but no floor
  // guarantees it in general: the plan's total is the exact one.
  const std::vector<PlanUnit> small{{"a", 7, 0}, {"b", 13, 0}, {"c", 29, 0}};
  const auto p = plan_targets(small, 95.5, Unit::percent(), {SplitMethod::population});
  EXPECT_EQ(p.required, 47);
  EXPECT_EQ(p.total, 47);
  EXPECT_GE(p.pooled_rate, 95.5);
  // The decimal target is read exactly: 0.1 % of 1000 is 1, not 1.0000000000000002 → 2.
  const auto q = plan_targets({{"x", 1000, 0}}, 0.1, Unit::percent());
  EXPECT_EQ(q.required, 1);
  // Per 1,000 population (‰): 8‰ of 12,345 births is 98.76 → 99.
  const auto r = plan_targets({{"x", 12345, 0}}, 8, Unit::per_mille());
  EXPECT_EQ(r.required, 99);
}

TEST(PlanTargets, FloorsAboveTheTargetKeepLastYear) {
  // Last year already 95 % everywhere: the plan keeps every count, the total exceeds the 90 %.
  const auto p = plan_targets({{"a", 100, 95}, {"b", 200, 190}}, 90, Unit::percent());
  EXPECT_EQ(counts(p), (std::vector<std::int64_t>{95, 190}));
  EXPECT_EQ(p.required, 270);
  EXPECT_EQ(p.total, 285);
  // Without the floor the population split gives each unit exactly 90 %.
  PlanOptions no_floor{SplitMethod::population, false, true};
  EXPECT_EQ(counts(plan_targets({{"a", 100, 95}, {"b", 200, 190}}, 90, Unit::percent(), no_floor)),
            (std::vector<std::int64_t>{90, 180}));
}

TEST(PlanTargets, CapsHoldUnitsAtTheirDenominator) {
  // 98 % of 300 = 294: equal uplift from 99 % and 50 % by s points would push a past 100 %, so a
  // stays at 100 (capped) and b takes 194 of 200.
  const auto p = plan_targets({{"a", 100, 99}, {"b", 200, 100}}, 98, Unit::percent(),
                              {SplitMethod::equal_uplift});
  EXPECT_EQ(counts(p), (std::vector<std::int64_t>{100, 194}));
  EXPECT_TRUE(p.units[0].at_cap);
}

TEST(PlanTargets, RefusesBadUnitsAndImpossibleTargetsNamingThem) {
  const auto field_of = [](auto&& call) -> std::string {
    try {
      call();
    } catch (const invalid_input& e) {
      return e.field();
    }
    return "(no error)";
  };
  EXPECT_EQ(field_of([] {
              plan_targets({{"a", 100, 50}, {"b", 0, 0}}, 90, Unit::percent());
            }),
            "units[1].denominator");
  EXPECT_EQ(field_of([] {
              plan_targets({{"a", 100.5, 50}}, 90, Unit::percent());
            }),
            "units[0].denominator");
  EXPECT_EQ(field_of([] {
              plan_targets({{"a", 100, 101}}, 90, Unit::percent());
            }),
            "units[0].last_year");
  EXPECT_EQ(field_of([] {
              plan_targets({{"a", 100, NAN}}, 90, Unit::percent());
            }),
            "units[0].last_year");
  EXPECT_EQ(field_of([] {
              plan_targets({{"a", 100, 1}, {"a", 100, 1}}, 90, Unit::percent());
            }),
            "units[1].id");
  EXPECT_EQ(field_of([] { plan_targets({}, 90, Unit::percent()); }), "units");
  EXPECT_EQ(field_of([] { plan_targets({{"a", 100, 1}}, 101, Unit::percent()); }), "target");
  EXPECT_EQ(field_of([] { plan_targets({{"a", 100, 1}}, -1, Unit::percent()); }), "target");
  EXPECT_EQ(field_of([] { plan_targets({{"a", 100, 1}}, INFINITY, Unit::percent()); }), "target");
  EXPECT_THROW(parse_split_method("mean"), invalid_input);
  EXPECT_EQ(parse_split_method("close_gaps"), SplitMethod::close_gaps);
}

// What a unit needs a month, by hand: 412 of 600 done with 4 months left: ⌈188 / 4⌉ = 47;
// 188 over 2 months: exactly 94; done past the target: 0; 10.5 (an average) of 20 over 2 months:
// ⌈9.5 / 2⌉ = 5.
TEST(PlanMonthlyNeed, WholePersonsPerRemainingMonth) {
  EXPECT_EQ(monthly_need(600, 412, 4), 47);
  EXPECT_EQ(monthly_need(600, 412, 2), 94);
  EXPECT_EQ(monthly_need(600, 650, 3), 0);
  EXPECT_EQ(monthly_need(20, 10.5, 2), 5);
  EXPECT_EQ(monthly_need(600, 0, 1), 600);
  try {
    monthly_need(600, -1, 4);
    FAIL() << "no exception";
  } catch (const invalid_input& e) {
    EXPECT_EQ(e.field(), "done");
  }
  try {
    monthly_need(600, 412, 0);
    FAIL() << "no exception";
  } catch (const invalid_input& e) {
    EXPECT_EQ(e.field(), "months_left");
  }
}

TEST(PlanMilestones, EvenStepsEndingExactlyAtTheTarget) {
  // 三年内达到80%以上 from 62 %: +6 points a year, 68, 74, 80.
  const auto y = plan_milestones(62, 80, 3);
  ASSERT_EQ(y.size(), 3u);
  EXPECT_DOUBLE_EQ(y[0].value, 68);
  EXPECT_DOUBLE_EQ(y[1].value, 74);
  EXPECT_DOUBLE_EQ(y[2].value, 80);
  // Downwards in 12 monthly steps, 8.5‰ → 8‰: 8.458, 8.417 (rounded half up to 3 decimals), …
  const auto m = plan_milestones(8.5, 8, 12, 3);
  EXPECT_DOUBLE_EQ(m[0].value, 8.458);
  EXPECT_DOUBLE_EQ(m[1].value, 8.417);
  EXPECT_DOUBLE_EQ(m[11].value, 8);
  EXPECT_THROW(plan_milestones(62, 80, 0), invalid_input);
  EXPECT_THROW(plan_milestones(62, NAN, 3), invalid_input);
  EXPECT_THROW(plan_milestones(62, 80, 3, 9), invalid_input);
}
