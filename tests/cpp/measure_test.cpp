#include <zhibiao/measure.hpp>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

using namespace zhibiao;
using ::testing::HasSubstr;

// Seed 000 (八公山区卫健委 2019年工作总结), sections 一(一) and 一(二): every figure printed with
// its numerator and denominator, reproduced to the printed decimals. Hand calculation:
//   1506/1600  = 94.125 %      -> 94.13   免费婚检任务完成率 (a tie: half up)
//   359/371    = 96.7654986 %  -> 96.77   免费孕前优生完成率
//   104/124    = 83.8709677 %  -> 83.9    公共场所监督覆盖率
//   58/60      = 96.6666667 %  -> 96.7    医疗机构监督覆盖率
//   18101/19800 = 91.4191919 % -> 91.42   完成全年接种任务
//   195/200    = 97.5 %        -> 97.5    叶酸增补任务完成率
//   5799/34903 = 16.6146177 %  -> 16.6    银龄安康覆盖率
//   427/374 × 100 = 114.171123 -> 114.17  出生人口性别比 (801 births = 427 + 374)
TEST(SeedFigures, QuotaCompletionsMatchSeed000) {
  EXPECT_EQ(QuotaCompletion(1506, 1600).format(2), "94.13%");
  EXPECT_EQ(QuotaCompletion(359, 371).format(2), "96.77%");
  EXPECT_EQ(QuotaCompletion(18101, 19800).format(2), "91.42%");
  EXPECT_EQ(QuotaCompletion(195, 200).format(1), "97.5%");
}

TEST(SeedFigures, ProportionsMatchSeed000) {
  EXPECT_EQ(Proportion(104, 124).format(1), "83.9%");
  EXPECT_EQ(Proportion(58, 60).format(1), "96.7%");
  EXPECT_EQ(Proportion(5799, 34903).format(1), "16.6%");
}

TEST(SeedFigures, SexRatioAtBirthMatchesSeed000) {
  const Ratio r = sex_ratio(427, 374);
  EXPECT_EQ(r.format(2), "114.17");
  EXPECT_EQ(r.unit(), Unit::per_100());
  EXPECT_NEAR(*r.value(), 114.171122994652, 1e-9);
}

// docs/units-and-rounding.md §5.1: 801 births at 4.86 ‰ imply a population near 164,815;
// 801/164815 × 1000 = 4.85999... -> 4.86‰. Seed 002: 1227 cases, 发病率153.895/10万.
TEST(Rate, PrintsPerMilleAndPer100kAsReportsDo) {
  EXPECT_EQ(Rate(801, 164815, Unit::per_mille()).format(2), "4.86‰");
  EXPECT_EQ(Rate(801, 164815, Unit::per_mille()).format(2, Language::en), "4.86 per 1,000");
  EXPECT_EQ(format_value(153.895, Unit::per_100k(), 3), "153.895/10万");
  // 1227 cases at 153.895/10万 imply 1227 / 153.895 × 10^5 = 797,296.9 people; with 797,297 the
  // default unit (per 100,000) gives 153.89497... -> 153.895.
  EXPECT_EQ(Rate(1227, 797297).unit(), Unit::per_100k());
  EXPECT_EQ(Rate(1227, 797297).format(3), "153.895/10万");
  EXPECT_EQ(Rate(1227, 797297).format(3, Language::en), "153.895 per 100,000");
  // A rate may exceed its population (several events per person), a proportion may not.
  EXPECT_EQ(Rate(120, 100, Unit::percent()).format(0), "120%");
}

TEST(QuotaCompletion, MayPassTheQuotaAndKnowsWhatRemains) {
  const QuotaCompletion over(2113, 2000);
  EXPECT_EQ(over.format(2), "105.65%");
  EXPECT_TRUE(over.reached());
  EXPECT_EQ(over.remaining(), 0);
  const QuotaCompletion short_of(1506, 1600);
  EXPECT_FALSE(short_of.reached());
  EXPECT_EQ(short_of.remaining(), 94);
  EXPECT_EQ(short_of.done(), 1506);
  EXPECT_EQ(short_of.quota(), 1600);
}

TEST(Measure, ValueIsExactForIntegerCounts) {
  // Multiplying before dividing keeps 1506 × 100 / 1600 = 94.125 exact in binary.
  EXPECT_EQ(*QuotaCompletion(1506, 1600).value(), 94.125);
  EXPECT_EQ(*Proportion(1, 8, Unit::per_mille()).value(), 125.0);
}

TEST(Measure, ZeroDenominatorIsExplicitlyUndefined) {
  const Proportion p(0, 0);
  EXPECT_FALSE(p.defined());
  EXPECT_FALSE(p.value().has_value());
  EXPECT_FALSE(p.rounded(2).has_value());
  EXPECT_EQ(p.format(2, Language::en), "undefined (denominator is 0)");
  EXPECT_FALSE(Rate(3, 0).value().has_value());
}

namespace {
std::string field_of_error(auto make) {
  try {
    make();
  } catch (const invalid_input& e) {
    return e.field() + " | " + e.what();
  }
  return "no exception";
}
} // namespace

TEST(Measure, BadInputNamesTheField) {
  EXPECT_THAT(field_of_error([] { Proportion(-1, 10); }),
              HasSubstr("numerator | numerator: is negative (-1)"));
  EXPECT_THAT(field_of_error([] { Proportion(5, -10); }), HasSubstr("denominator | "));
  EXPECT_THAT(field_of_error([] { Proportion(12, 10); }),
              HasSubstr("numerator | numerator: exceeds the denominator (12 > 10)"));
  EXPECT_THAT(field_of_error([] { Rate(NAN, 10); }),
              HasSubstr("numerator | numerator: is not a finite number"));
  EXPECT_THAT(field_of_error([] { Ratio(1, INFINITY); }), HasSubstr("denominator | "));
  EXPECT_THAT(field_of_error([] { QuotaCompletion(-5, 100); }),
              HasSubstr("done | done: is negative"));
  EXPECT_THAT(field_of_error([] { QuotaCompletion(5, NAN); }), HasSubstr("quota | "));
  // A proportion of nothing but with a numerator: 5 of 0 is impossible, not 'undefined'.
  EXPECT_THAT(field_of_error([] { Proportion(5, 0); }), HasSubstr("numerator | "));
}

TEST(MeasureKind, RoundTripsThroughText) {
  for (auto k : {MeasureKind::proportion, MeasureKind::rate, MeasureKind::ratio,
                 MeasureKind::quota_completion})
    EXPECT_EQ(parse_measure_kind(to_string(k)), k);
  EXPECT_THROW(parse_measure_kind("share"), invalid_input);
}
