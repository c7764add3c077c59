#include <zhibiao/error.hpp>
#include <zhibiao/target.hpp>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <type_traits>

#include <numeric>

using namespace zhibiao;

// docs/targets.md §2: the wording fixes the comparison.
TEST(Threshold, WordingFixesTheComparison) {
  struct Case {
    const char* text;
    Bound bound;
    double value;
    Unit unit;
  };
  const Case cases[] = {
      {"≥90%", Bound::at_least, 90, Unit::percent()},
      {">=90%", Bound::at_least, 90, Unit::percent()},
      {"90%以上", Bound::at_least, 90, Unit::percent()},
      {"不低于90%", Bound::at_least, 90, Unit::percent()},
      {"国家免疫规划疫苗接种率达到90%以上", Bound::at_least, 90, Unit::percent()},
      {"达到95%", Bound::at_least, 95, Unit::percent()},
      {"达到100%", Bound::equal_to, 100, Unit::percent()},
      {"=100%", Bound::equal_to, 100, Unit::percent()},
      {"超过90%", Bound::more_than, 90, Unit::percent()},
      {"婴儿死亡率低于8‰", Bound::less_than, 8, Unit::per_mille()},
      {"<8‰", Bound::less_than, 8, Unit::per_mille()},
      {"控制在10%以内", Bound::at_most, 10, Unit::percent()},
      {"不超过10%", Bound::at_most, 10, Unit::percent()},
      {"10%以下", Bound::at_most, 10, Unit::percent()},
      {"千人口托位数不低于2.33/千人", Bound::at_least, 2.33, Unit::per_1000_population()},
      {"发病率控制在10/10万以下", Bound::at_most, 10, Unit::per_100k()},
  };
  for (const auto& c : cases) {
    const Threshold t = Threshold::parse(c.text);
    EXPECT_EQ(t.bound, c.bound) << c.text;
    EXPECT_EQ(t.value, c.value) << c.text;
    EXPECT_EQ(t.unit, c.unit) << c.text;
  }
}

TEST(Threshold, RangesAndStrictnessOverride) {
  const Threshold r = Threshold::parse("在85%至95%之间");
  EXPECT_EQ(r.bound, Bound::within);
  EXPECT_EQ(r.value, 85);
  EXPECT_EQ(r.upper, 95);
  EXPECT_TRUE(r.met_by(85) && r.met_by(95) && !r.met_by(95.01));
  EXPECT_EQ(Threshold::parse("85-95%").upper, 95);
  EXPECT_EQ(Threshold::parse("90%以上", {.strict = true}).bound, Bound::more_than);
  EXPECT_EQ(Threshold::parse("低于8‰", {.strict = false}).bound, Bound::at_most);
}

TEST(Threshold, MetByShortfallAndDescription) {
  const Threshold coverage = Threshold::parse("≥90%");
  EXPECT_TRUE(coverage.met_by(90));
  EXPECT_NEAR(coverage.shortfall(83.9), 6.1, 1e-12);
  EXPECT_EQ(coverage.higher_is_better(), true);
  const Threshold mortality = Threshold::parse("低于8‰");
  EXPECT_FALSE(mortality.met_by(8)); // strict: 8‰ is not below 8‰
  EXPECT_TRUE(mortality.met_by(7.99));
  EXPECT_EQ(mortality.higher_is_better(), false);
  EXPECT_EQ(mortality.describe(), "<8‰");
  EXPECT_EQ(coverage.describe(Language::en), "at least 90%");
  EXPECT_EQ(Threshold::parse("在85%至95%之间").describe(), "85%–95%");
}

// Found by the threshold fuzz target (tests/fuzz/threshold/regression-number-overflow): a
// number beyond the range of a double escaped as std::out_of_range from std::stod.
TEST(Threshold, NumberBeyondDoubleRangeIsAParseError) {
  const std::string huge = "不低于1" + std::string(400, '9') + "%";
  try {
    Threshold::parse(huge);
    FAIL() << "no exception";
  } catch (const parse_error& e) {
    EXPECT_EQ(e.position(), 3u); // the number starts after 不低于
    EXPECT_THAT(e.what(), ::testing::HasSubstr("a number within the range of a double"));
  }
}

TEST(Threshold, UnreadableWordingIsAParseError) {
  try {
    Threshold::parse("越高越好");
    FAIL();
  } catch (const parse_error& e) {
    EXPECT_EQ(e.field(), "target");
    EXPECT_EQ(e.position(), 4u); // no number anywhere: reported at the end
  }
  try {
    Threshold::parse("约90%");
    FAIL();
  } catch (const parse_error& e) {
    EXPECT_THAT(e.what(), ::testing::HasSubstr("a comparison such as"));
  }
  EXPECT_THROW(Threshold::parse("95%-85%"), parse_error);
}

// --- Issue 14, class 2: the whole number or a refusal, never a silent misreading -------------

namespace {
// The parse_error Threshold::parse throws for `text` (a failure when it parses).
parse_error refusal(const std::string& text, const ThresholdOptions& options = {}) {
  try {
    const Threshold t = Threshold::parse(text, options);
    ADD_FAILURE() << text << " parsed as " << t.describe();
  } catch (const parse_error& e) {
    EXPECT_EQ(e.field(), "target") << text;
    return e;
  }
  return parse_error("none", text, 0, "");
}
} // namespace

// Before: 1,000 read as the numbers 1 and 000, and the bound was 0 (≥0).
TEST(ThresholdNumbers, ThousandsSeparatorReadsTheWholeNumber) {
  EXPECT_EQ(Threshold::parse("不低于1,000").value, 1000);
  EXPECT_EQ(Threshold::parse("不低于1，000").value, 1000); // full-width comma, folded
  EXPECT_EQ(Threshold::parse("≥1,234,567.5").value, 1234567.5);
  EXPECT_EQ(Threshold::parse("≥1,000").unit, Unit::ratio());
}

TEST(ThresholdNumbers, BadThousandsGroupOrDecimalCommaIsRefused) {
  EXPECT_EQ(refusal("不低于1,5%").position(), 4u);   // a decimal comma: not 1, not 5, not 1.5
  EXPECT_EQ(refusal("不低于1,0000").position(), 4u); // a group of four
  EXPECT_EQ(refusal("不低于1000,000").position(), 7u);
}

// 人 is a count, not a unit a threshold can have (a count to reach is a Quota): before, it was
// dropped and 1,000 read as 0.
TEST(ThresholdNumbers, CountUnitIsRefusedNotDropped) {
  const parse_error e = refusal("不少于1,000人");
  EXPECT_EQ(e.position(), 8u);
  EXPECT_THAT(e.what(), ::testing::HasSubstr("quota"));
  EXPECT_EQ(refusal("≥90例").position(), 3u);
}

// Before: the sign was skipped, so 不低于-5% (a growth rate of at least −5 %) was ≥ 5 %.
TEST(ThresholdNumbers, SignsAreRead) {
  EXPECT_EQ(Threshold::parse("不低于-5%").value, -5);
  EXPECT_EQ(Threshold::parse("增长率不低于−5%").value, -5); // U+2212 MINUS SIGN
  EXPECT_EQ(Threshold::parse("不低于+5%").value, 5);
  EXPECT_EQ(Threshold::parse("≥-5%").describe(), "≥-5%");
  const Threshold r = Threshold::parse("-5%至5%");
  EXPECT_EQ(r.bound, Bound::within);
  EXPECT_EQ(r.value, -5);
  EXPECT_EQ(r.upper, 5);
  // A sign alone is no comparison.
  EXPECT_THAT(refusal("+5%").what(), ::testing::HasSubstr("a comparison such as"));
}

// Before: the point was skipped and .5% read as 5 %.
TEST(ThresholdNumbers, LeadingPointIsAFraction) {
  EXPECT_EQ(Threshold::parse("≥.5%").value, 0.5);
  EXPECT_EQ(refusal("≥5.%").position(), 3u); // a point with no digit after it
}

// Before: 1e3 read as 1, then e, then 3, and the bound was 3.
TEST(ThresholdNumbers, ExponentIsRead) {
  EXPECT_EQ(Threshold::parse("≥1e3").value, 1000);
  EXPECT_EQ(Threshold::parse("≤2.5E-1%").value, 0.25);
}

// The unit is read or the text refused: ‰ stays ‰, /10万 stays per 100,000, and a caller that
// expects per cent (the indicator's unit) gets an error, not 5‰ taken as 5 %.
TEST(ThresholdNumbers, OtherUnitIsReadOrRefused) {
  EXPECT_EQ(Threshold::parse("不低于5‰").unit, Unit::per_mille());
  EXPECT_EQ(Threshold::parse("低于10/10万").unit, Unit::per_100k());
  EXPECT_EQ(Threshold::parse("低于10/100000").unit, Unit::per_100k());
  const ThresholdOptions percent{.unit = Unit::percent()};
  EXPECT_EQ(Threshold::parse("不低于5%", percent).unit, Unit::percent());
  const parse_error e = refusal("不低于5‰", percent);
  EXPECT_EQ(e.position(), 4u);
  EXPECT_THAT(e.what(), ::testing::HasSubstr("the unit % (the indicator's)"));
  EXPECT_EQ(refusal("低于10/10万", percent).position(), 4u);
  EXPECT_EQ(refusal("不低于5", percent).position(), 4u); // no unit where % is expected
  EXPECT_EQ(Threshold::parse("≥2.5", {.unit = Unit::ratio()}).unit, Unit::ratio());
  EXPECT_EQ(refusal("低于10/百万").position(), 4u); // an unknown unit symbol
}

// Before: the first word in the table won (高于低于5% was > 5 %, 不低于不高于90% ≥ 90 %).
TEST(ThresholdWording, TwoComparisonWordsAreRefusedAtTheSecond) {
  EXPECT_EQ(refusal("高于低于5%").position(), 2u);
  EXPECT_EQ(refusal("不低于不高于90%").position(), 3u);
  EXPECT_EQ(refusal("≥=90%").position(), 1u);
  EXPECT_EQ(refusal("不低于90%以下").position(), 6u); // the two disagree
  EXPECT_EQ(refusal("90%不低于").position(), 3u);
  // Words that agree are one comparison (docs/targets.md §2).
  EXPECT_EQ(Threshold::parse("达到90%以上").bound, Bound::at_least);
  EXPECT_EQ(Threshold::parse("控制在10%以内").bound, Bound::at_most);
  EXPECT_EQ(Threshold::parse("达到90%及以上").bound, Bound::at_least);
}

// Before: 不高于近5年平均水平 was ≤ 5 and 不低于2023年水平 ≥ 2023.
TEST(ThresholdWording, BaselineRelativeWordingIsNotAThreshold) {
  for (const auto& [text, at] : {std::pair<std::string, std::size_t>{"不高于近5年平均水平", 3},
                                 {"不低于2023年水平", 3},
                                 {"较上年提高2个百分点", 0},
                                 {"不低于上年同期水平", 3}}) {
    const parse_error e = refusal(text);
    EXPECT_EQ(e.position(), at) << text;
    EXPECT_THAT(e.what(), ::testing::HasSubstr("baseline-relative targets")) << text;
    EXPECT_THAT(e.what(), ::testing::HasSubstr("are not thresholds")) << text;
  }
  EXPECT_THAT(refusal("2025年婴儿死亡率低于8‰").what(), ::testing::HasSubstr("year"));
}

// Before: whatever followed the first number with a unit was ignored.
TEST(ThresholdWording, TrailingTextAfterTheNumberIsRefused) {
  EXPECT_EQ(refusal("≥90%abc").position(), 4u);
  EXPECT_EQ(refusal("≥90%5").position(), 4u);
  EXPECT_EQ(refusal("≥1.2.3%").position(), 4u);
  EXPECT_EQ(refusal("≥90%，95%").position(), 4u);
  EXPECT_EQ(Threshold::parse("≥90%。").value, 90); // a full stop ends a sentence
}

// What describe() writes, parse() reads back as the same threshold (the fuzz target checks this
// for every text that parses).
TEST(ThresholdWording, DescribeRoundTrips) {
  for (const char* text : {"≥90%", "低于8‰", "控制在10/10万以内", "在85%至95%之间", "达到100%",
                           "超过2.33/千人", "不低于-5%", "≥1,000", "≤2.5e-7", "-5%–5%"}) {
    const Threshold t = Threshold::parse(text);
    const Threshold u = Threshold::parse(t.describe());
    EXPECT_EQ(u.bound, t.bound) << text;
    EXPECT_EQ(u.value, t.value) << text;
    EXPECT_EQ(u.upper, t.upper) << text;
    EXPECT_EQ(u.unit, t.unit) << text;
  }
}

// Seed 002: 全年接种任务为剂次：164318，7469人×22针次.
TEST(Quota, DerivedByAnExpression) {
  const Quota q = Quota::from_expression("7469 * 22", Period::year(2024));
  EXPECT_EQ(q.amount, 164318);
  EXPECT_EQ(q.derivation, "7469 * 22");
  // A monthly share of a yearly quota, paced by the period's position: 1600 × 5 / 12 for May.
  EXPECT_DOUBLE_EQ(
      Quota::from_expression("1600 * [periodInYear] / [periodsPerYear]", Period::month(2019, 5))
          .amount,
      1600.0 * 5 / 12);
  EXPECT_THROW(Quota::from_expression("#{children} * 22", Period::year(2024)), invalid_input);
  EXPECT_THROW(Quota::from_expression("0 - 5", Period::year(2024)), invalid_input);
  EXPECT_THROW(Quota::from_expression("7469 *", Period::year(2024)), parse_error);
}

// Largest remainder (Hamilton): 1600 split by weights 3:2:1 gives exact shares 800, 533.33,
// 266.67; the floors 800 + 533 + 266 = 1599 leave 1 unit, which goes to the largest remainder
// (0.67, the third unit).
TEST(SplitQuota, LargestRemainderAddsUpExactly) {
  EXPECT_EQ(split_quota(1600, {3, 2, 1}), (std::vector<std::int64_t>{800, 533, 267}));
  // 10 among three equal weights: 3.33 each; the one unit left goes to the first (ties: earlier).
  EXPECT_EQ(split_quota(10, {1, 1, 1}), (std::vector<std::int64_t>{4, 3, 3}));
  // A county quota of 6800 pre-marital checks split by township population (invented figures).
  const std::vector<double> population{60000, 50000, 40000, 28005};
  const auto parts = split_quota(6800, population);
  EXPECT_EQ(std::accumulate(parts.begin(), parts.end(), std::int64_t{0}), 6800);
  // Exact shares 2292.07, 1910.06, 1528.05, 1069.82: floors 2292 + 1910 + 1528 + 1069 = 6799, and
  // the remaining unit goes to the largest remainder, 0.82 (the fourth township).
  EXPECT_EQ(parts, (std::vector<std::int64_t>{2292, 1910, 1528, 1070}));
  EXPECT_EQ(split_quota(0, {1, 2}), (std::vector<std::int64_t>{0, 0}));
  EXPECT_THROW(split_quota(10, {0, 0}), invalid_input);
  EXPECT_THROW(split_quota(10, {1, -1}), invalid_input);
  EXPECT_THROW(split_quota(-1, {1}), invalid_input);
}

TEST(SettingLevel, NamesAndChineseWords) {
  EXPECT_EQ(parse_setting_level("省卫健委"), SettingLevel::provincial);
  EXPECT_EQ(parse_setting_level("national"), SettingLevel::national);
  EXPECT_EQ(to_string(SettingLevel::prefectural), "prefectural");
  EXPECT_THROW(parse_setting_level("somewhere"), invalid_input);
}

// Issue 21, item 6: a Quota had a default period of the year 2000, so `Quota q; q.amount = 1600;`
// assessed against 2000 without a word. There is no default now, for Quota nor for a Target
// (whose first alternative is a Quota).
static_assert(!std::is_default_constructible_v<zhibiao::Quota>);
static_assert(!std::is_default_constructible_v<zhibiao::Target>);
