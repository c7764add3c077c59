#include <zhibiao/assessment.hpp>
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

// A count carries its noun (count_unit) beside a plain number (Unit::ratio()); before, 人 was
// dropped and 1,000 read as 0, then refused. A noun the reader does not know is refused.
TEST(ThresholdNumbers, CountsCarryTheirNoun) {
  const Threshold t = Threshold::parse("不少于1,000人"); // issue 17's list
  EXPECT_EQ(t.bound, Bound::at_least);
  EXPECT_EQ(t.value, 1000);
  EXPECT_EQ(t.unit, Unit::ratio());
  EXPECT_EQ(t.count_unit, "人");
  EXPECT_EQ(t.describe(), "≥1000人");
  EXPECT_EQ(Threshold::parse("≥90例").count_unit, "例");
  EXPECT_EQ(Threshold::parse("不少于5000人次").count_unit, "人次"); // 人次 before 人
  // 1.45万 is exactly 14500 (1.45 × 10000 in binary is 14499.999…): the magnitude scales the text.
  EXPECT_EQ(Threshold::parse("≥1.45万人").value, 14500);
  EXPECT_EQ(Threshold::parse("≥3.5亿元").value, 350000000);
  const Threshold r = Threshold::parse("1000-1200人");
  EXPECT_EQ(r.bound, Bound::within);
  EXPECT_EQ(r.count_unit, "人");
  EXPECT_EQ(r.describe(), "1000人–1200人");
  // 不(0)少(1)于(2)1(3)0(4)0(5)头(6): a noun not in docs/targets.md §2.
  const parse_error e = refusal("不少于100头");
  EXPECT_EQ(e.position(), 6u);
  EXPECT_THAT(e.what(), ::testing::HasSubstr("counted noun"));
  // A count where the indicator's unit is per cent: refused at the noun (不少于1,000 ends at 7).
  EXPECT_EQ(refusal("不少于1,000人", {.unit = Unit::percent()}).position(), 8u);
  EXPECT_EQ(refusal("100人–200例").position(), 8u); // two nouns: at the second
  EXPECT_EQ(refusal("≥1e3万").position(), 4u);      // an exponent and a magnitude
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
    EXPECT_EQ(u, t) << text;
  }
  for (const char* text : {"不少于1,000人", "完成1,200例以上", "达到3家以上", "1000-1200人",
                           "≥1.45万人", "人均预期寿命达到79岁", "控制在5-10岁", "65岁以上"}) {
    const Threshold t = Threshold::parse(text);
    EXPECT_EQ(Threshold::parse(t.describe()), t) << text << " -> " << t.describe();
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

// --- Issue 17 item 2: target wording from real phrasing -------------------------------------
// Each case cites where its words come from: the two seed reports (seed 000: a district's 2019
// summary; seed 002: a district's 2024 half-year summary), the national plan targets in the
// catalog facts (健康中国2030, 健康中国行动, 十四五 ...), and the forms listed in issue 17. The
// texts are written here, so the tests do not read ../shared.

namespace {
struct ThresholdCase {
  const char* source;
  const char* text;
  Bound bound;
  double value;
  Unit unit;
  const char* count_unit = "";
  double upper = 0;
};
} // namespace

TEST(ThresholdPhrasing, RealWording) {
  const Unit pct = Unit::percent(), pm = Unit::per_mille(), p100k = Unit::per_100k(),
             bare = Unit::ratio();
  const ThresholdCase cases[] = {
      {"seed 000: 一类苗接种率90%以上", "一类苗接种率90%以上", Bound::at_least, 90, pct},
      {"seed 000: 基础免疫五苗接种率达90%以上", "基础免疫五苗接种率达90%以上", Bound::at_least, 90,
       pct},
      {"seed 000: 国家免疫规划疫苗接种率达90%以上", "国家免疫规划疫苗接种率达90%以上",
       Bound::at_least, 90, pct},
      {"seed 000: 有偿签约率达5%", "有偿签约率达5%", Bound::at_least, 5, pct},
      {"seed 000: 规范管理率达49.18%", "高血压规范管理率达49.18%", Bound::at_least, 49.18, pct},
      // 达100%: nothing exceeds a whole (docs/targets.md §2), as 达到100%.
      {"seed 002: 剖宫产率达100%", "剖宫产率达100%", Bound::equal_to, 100, pct},
      {"seed 002: 正常运行率达100.00%", "传染病疫情报告网络正常运行率达100.00%", Bound::equal_to,
       100, pct},
      {"seed 002: 剖宫产率大于50%", "剖宫产率大于50%", Bound::more_than, 50, pct},
      {"seed 002: 完成…67072剂次", "完成67072剂次", Bound::at_least, 67072, bare, "剂次"},
      {"seed 000: 任务数为1600人, as a bound", "完成1600人", Bound::at_least, 1600, bare, "人"},
      {"seed 002: 社区卫生服务站28所, as a bound", "不少于28所", Bound::at_least, 28, bare, "所"},
      {"issue 17: 不少于1,000人", "不少于1,000人", Bound::at_least, 1000, bare, "人"},
      {"issue 17: 完成1,200例以上", "完成1,200例以上", Bound::at_least, 1200, bare, "例"},
      {"issue 17: 不低于500剂次", "不低于500剂次", Bound::at_least, 500, bare, "剂次"},
      {"issue 17: 达到3家以上", "达到3家以上", Bound::at_least, 3, bare, "家"},
      {"issue 17: 不低于９０％ (full-width)", "不低于９０％", Bound::at_least, 90, pct},
      {"issue 17: 全角 １，０００人以上", "１，０００人以上", Bound::at_least, 1000, bare, "人"},
      {"issue 17: 90%-95%", "90%-95%", Bound::within, 90, pct, "", 95},
      {"issue 17: 在85%至95%之间", "在85%至95%之间", Bound::within, 85, pct, "", 95},
      {"issue 17: 控制在10%以内", "剖宫产率控制在10%以内", Bound::at_most, 10, pct},
      {"issue 17: 低于8‰", "婴儿死亡率低于8‰", Bound::less_than, 8, pm},
      {"issue 17: 孕产妇死亡率下降到12/10万", "孕产妇死亡率下降到12/10万", Bound::at_most, 12,
       p100k},
      {"健康中国2030: 婴儿死亡率5.0‰ (降至)", "婴儿死亡率降至5.0‰", Bound::at_most, 5, pm},
      {"健康中国2030: 5岁以下儿童死亡率6.0‰", "5岁以下儿童死亡率降低到6.0‰", Bound::at_most, 6, pm},
      {"健康中国2030: 居民健康素养水平30%", "居民健康素养水平提高到30%", Bound::at_least, 30, pct},
      {"健康中国2030: 人均预期寿命79.0", "人均预期寿命达到79.0岁", Bound::at_least, 79, bare, "岁"},
      {"健康中国行动: 重大慢性病过早死亡率≤15.9%", "重大慢性病过早死亡率≤15.9%", Bound::at_most,
       15.9, pct},
      {"妇幼健康促进行动: 婴儿死亡率≤7.5‰", "婴儿死亡率≤7.5‰", Bound::at_most, 7.5, pm},
      {"妇幼健康促进行动: 孕产妇死亡率≤18/10万", "孕产妇死亡率≤18/10万", Bound::at_most, 18, p100k},
      {"十三五卫生与健康规划: 人均预期寿命>77.3", "人均预期寿命>77.3", Bound::more_than, 77.3,
       bare},
      {"十三五卫生与健康规划: 婴儿死亡率<7.5‰", "婴儿死亡率<7.5‰", Bound::less_than, 7.5, pm},
      {"健康儿童行动提升计划: 5岁以下 ≤6.6‰", "5岁以下儿童死亡率≤6.6‰", Bound::at_most, 6.6, pm},
      {"中国儿童发展纲要: 新生儿 <3‰", "新生儿死亡率<3‰", Bound::less_than, 3, pm},
      {"心脑血管疾病防治行动: <190.7/10万", "心脑血管疾病死亡率<190.7/10万", Bound::less_than,
       190.7, p100k},
      {"糖尿病防治行动: ≥70%", "2型糖尿病患者基层规范管理服务率≥70%", Bound::at_least, 70, pct},
      {"省基本公卫任务: 严重精神障碍患者健康管理率≥95%", "严重精神障碍患者健康管理率≥95%",
       Bound::at_least, 95, pct},
      {"十四五公共服务规划: 托位数4.5", "每千人口拥有3岁以下婴幼儿托位数达到4.5个", Bound::at_least,
       4.5, bare, "个"},
      {"seed 000: 65岁及以上老人 (subject), invented bound", "65岁及以上老年人健康管理率不低于70%",
       Bound::at_least, 70, pct},
      {"issue 17: 提升至 … 以上", "提升至90%以上", Bound::at_least, 90, pct},
      {"issue 17: 提高到100% (a whole)", "提高到100%", Bound::equal_to, 100, pct},
      {"seed 002: 配送率一直稳定在97%左右, as a bound", "配送率保持在97%以上", Bound::at_least, 97,
       pct},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.source);
    const Threshold t = Threshold::parse(c.text);
    EXPECT_EQ(t.bound, c.bound) << c.text;
    EXPECT_EQ(t.value, c.value) << c.text;
    EXPECT_EQ(t.unit, c.unit) << c.text;
    EXPECT_EQ(t.count_unit, c.count_unit) << c.text;
    if (c.bound == Bound::within) {
      EXPECT_EQ(t.upper, c.upper) << c.text;
    }
    EXPECT_EQ(Threshold::parse(t.describe()), t) << c.text << " -> " << t.describe();
  }
}

TEST(ThresholdPhrasing, RefusalsWithTheirPosition) {
  struct Refusal {
    const char* source;
    const char* text;
    std::size_t position;
    const char* message;
  };
  const Refusal cases[] = {
      // 配(0)送(1)率(2)稳(3)定(4)在(5)9(6)7(7)%(8)左(9): 左右 is no comparison.
      {"seed 002: 配送率一直稳定在97%左右", "配送率稳定在97%左右", 9, "the end of the target"},
      // 参(0)与(1)的(2)群(3)众(4)达(5)13000(6-10)余(11): 余 is not a noun.
      {"seed 000: 参与的群众达13000余人", "参与的群众达13000余人", 11, "counted noun"},
      // 保(0)持(1)在(2)9(3)0(4)%(5): 保持在 alone says neither ≥ nor ≤.
      {"seed 002: 保持在较低水平 → 保持在90%", "保持在90%", 6, "neither ≥ nor ≤"},
      // 下(0)降(1)到(2)1(3)0(4)%(5)以(6): a level to fall to and 以上 disagree.
      {"issue 17: 下降到 + 以上", "下降到10%以上", 6, "do not agree"},
      // 完成 before 儿童, not a number: prose; no comparison is left.
      {"seed 000: 完成儿童集中体检4795人", "完成儿童集中体检4795人", 0, "a comparison such as"},
      {"issue 17: 高于低于5%", "高于低于5%", 2, "not a second comparison word"},
      // 较(0)上(1)年(2): baseline wording, with the way to read it.
      {"issue 17: 较上年提高2个百分点", "较上年提高2个百分点", 0, "Improvement::parse"},
      {"seed 002: 较去年同期增加3.56个百分点", "区内住院率较去年同期增加3.56个百分点", 5,
       "Improvement::parse"},
      {"issue 17: 不低于2023年水平", "不低于2023年水平", 3, "Improvement::parse"},
      {"issue 17: 不高于近5年平均水平", "不高于近5年平均水平", 3, "Improvement::parse"},
      // 不(0)低(1)于(2)近(3)三(4): 近 before a Chinese numeral is baseline wording too.
      {"issue 17: 不低于近三年平均水平", "不低于近三年平均水平", 3, "Improvement::parse"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.source);
    const parse_error e = refusal(c.text);
    EXPECT_EQ(e.position(), c.position) << c.text;
    EXPECT_THAT(e.what(), ::testing::HasSubstr(c.message)) << c.text;
  }
}

// --- Improvement::parse -------------------------------------------------------------------------

namespace {
struct ImprovementCase {
  const char* source;
  const char* text;
  ImprovementKind kind;
  double amount;
  Direction direction;
  std::optional<int> baseline_year = std::nullopt;
  int years = 5;
};

parse_error improvement_refusal(const std::string& text) {
  try {
    const Improvement i = Improvement::parse(text);
    ADD_FAILURE() << text << " parsed as " << i.describe();
  } catch (const parse_error& e) {
    EXPECT_EQ(e.field(), "target") << text;
    return e;
  }
  return parse_error("none", text, 0, "");
}
} // namespace

TEST(ImprovementPhrasing, RealWording) {
  using K = ImprovementKind;
  const Direction up = Direction::higher_is_better, down = Direction::lower_is_better;
  const ImprovementCase cases[] = {
      {"issue 17: 较上年提高2个百分点", "较上年提高2个百分点", K::points, 2, up},
      {"issue 17: 比上年增加3.56个百分点", "比上年增加3.56个百分点", K::points, 3.56, up},
      {"seed 002: 区内住院率较去年同期增加3.56个百分点", "区内住院率较去年同期增加3.56个百分点",
       K::points, 3.56, up},
      {"seed 002: 较上年同期增长了6%", "次均门诊费用较上年同期增长了6%", K::relative, 6, up},
      {"seed 002: 分别与同期相比增长44%", "门急诊人次与同期相比增长44%", K::relative, 44, up},
      {"健康中国2030: 重大慢性病过早死亡率较2015年下降30%", "重大慢性病过早死亡率较2015年下降30%",
       K::relative, 30, down, 2015},
      {"issue 17: 较2015年下降30%", "较2015年下降30%", K::relative, 30, down, 2015},
      {"issue 17: 下降10%", "下降10%", K::relative, 10, down},
      {"issue 17: 同比增长5%", "同比增长5%", K::relative, 5, up},
      {"健康中国2030 style: 在2015年基础上降低30%以上", "在2015年基础上降低30%以上", K::relative,
       30, down, 2015},
      {"健康中国2030 style: 与2015年相比，下降30%", "与2015年相比，下降30%", K::relative, 30, down,
       2015},
      {"2021 outcome: 下降超过3个百分点 (as a target: 至少)", "较2015年至少下降3个百分点",
       K::points, 3, down, 2015},
      {"seed 002: 性别比上升4个单位", "出生人口性别比较上年上升4个单位", K::points, 4, up},
      {"issue 17: 逐年下降", "逐年下降", K::trend, 0, down},
      {"issue 17: 逐年提高", "逐年提高", K::trend, 0, up},
      {"issue 17: 持续降低 (5.6‰或持续降低)", "持续降低", K::trend, 0, down},
      {"省基本公卫任务: 较上年提高", "管理率较上年提高", K::better, 0, up},
      {"issue 17: 较上年有所提高", "较上年有所提高", K::better, 0, up},
      // 性别比较上年: the 比 of 性别比 opens no baseline clause.
      {"seed 000: 出生人口总性别比 (subject) + 较上年下降", "出生人口总性别比较上年下降", K::better,
       0, down},
      {"seed 002: 婴儿死亡率保持在较低水平 → 低于上年水平", "婴儿死亡率低于上年水平", K::better, 0,
       down},
      {"issue 17: 不高于近5年平均水平", "不高于近5年平均水平", K::not_worse_than_average, 0, down,
       std::nullopt, 5},
      {"issue 17: 不低于近3年平均水平", "不低于近3年平均水平", K::not_worse_than_average, 0, up,
       std::nullopt, 3},
      {"issue 17: 近三年 in Chinese numerals", "传染病发病率不高于近三年平均水平",
       K::not_worse_than_average, 0, down, std::nullopt, 3},
      {"issue 17: 不低于2023年水平", "不低于2023年水平", K::not_worse_than_baseline, 0, up, 2023},
      {"issue 17: 不高于上年水平", "不高于上年水平", K::not_worse_than_baseline, 0, down},
      {"seed 002: 0-6岁 in the subject", "0-6岁儿童健康管理率不低于上年水平",
       K::not_worse_than_baseline, 0, up},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.source);
    const Improvement i = Improvement::parse(c.text);
    EXPECT_EQ(i.kind, c.kind) << c.text;
    EXPECT_EQ(i.amount, c.amount) << c.text;
    EXPECT_EQ(i.direction, c.direction) << c.text;
    EXPECT_EQ(i.years, c.years) << c.text;
    if (c.baseline_year) EXPECT_EQ(i.baseline, Period::year(*c.baseline_year)) << c.text;
    else EXPECT_FALSE(i.baseline.has_value()) << c.text;
    EXPECT_EQ(Improvement::parse(i.describe()), i) << c.text << " -> " << i.describe();
  }
}

TEST(ImprovementPhrasing, DescribeIsTheCanonicalWording) {
  EXPECT_EQ(Improvement::parse("比上年增加3.56个百分点").describe(), "较上年提高3.56个百分点");
  EXPECT_EQ(Improvement::parse("重大慢性病过早死亡率较2015年下降30%").describe(),
            "较2015年下降30%");
  EXPECT_EQ(Improvement::parse("持续降低").describe(), "逐年下降");
  EXPECT_EQ(Improvement::parse("不低于近三年平均水平").describe(), "不低于近3年平均水平");
  EXPECT_EQ(Improvement::parse("不低于2023年水平").describe(), "不低于2023年水平");
  EXPECT_EQ(Improvement::parse("较上年提高").describe(), "较上年有所提高");
  EXPECT_EQ(Improvement::parse("较2015年下降30%").describe(Language::en),
            "at least 30% below 2015");
  EXPECT_EQ(to_string(ImprovementKind::not_worse_than_baseline), "not_worse_than_baseline");
  EXPECT_EQ(parse_improvement_kind("trend"), ImprovementKind::trend);
  EXPECT_THROW(parse_improvement_kind("faster"), invalid_input);
}

TEST(ImprovementPhrasing, RefusalsWithTheirPosition) {
  struct Refusal {
    const char* source;
    const char* text;
    std::size_t position;
    const char* message;
  };
  const Refusal cases[] = {
      {"issue 17: 高于低于5%", "高于低于5%", 2, "not a second comparison word"},
      // 提(0)高(1)下(2): two changes.
      {"issue 17: 提高下降2个百分点", "提高下降2个百分点", 2, "do not go together"},
      // 较(0)上(1)年(2)提(3)高(4)2(5)个(6): 个 without 百分点.
      {"issue 17: 较上年提高2个", "较上年提高2个", 6, "个百分点"},
      // 孕(0)产(1)妇(2)死(3)亡(4)率(5)下(6): a level to reach is a threshold.
      {"issue 17: 孕产妇死亡率下降到12/10万", "孕产妇死亡率下降到12/10万", 6, "Threshold::parse"},
      {"issue 17: 提高到", "提高到95%", 0, "Threshold::parse"},
      {"健康中国2030: 婴儿死亡率降至5.0‰", "婴儿死亡率降至5.0‰", 5, "Threshold::parse"},
      // 不(0)低(1)于(2)9(3): a fixed bound.
      {"issue 17: 不低于90%", "不低于90%", 3, "Threshold::parse"},
      // 较(0)上(1)年(2)减(3)少(4)7220(5-8)人(9): a change in a count.
      {"seed 002: 较上年减少7220人", "参合人数较上年减少7220人", 13, "个百分点"},
      // 传(0)染(1)病(2)发(3)病(4)率(5)低(6): strictly below an average is no kind we have.
      {"real: 发病率低于近5年平均水平", "传染病发病率低于近5年平均水平", 6, "strict"},
      // 下(0)降(1)超(2): a strict bound on a change.
      {"2021 outcome: 下降超过3个百分点", "下降超过3个百分点", 2, "not a comparison word"},
      {"健康中国2030: 5.6‰或持续降低", "5.6‰或持续降低", 0, "parse_target"},
      {"a target year in the subject", "2030年孕产妇死亡率较2015年下降30%", 0, "date"},
      // 较(0)1(1)3(2)0(3)0(4)年(5): outside the calendar.
      {"a year before 1400", "较1300年下降", 1, "a year from 1400 to 9999"},
      {"a sign on the amount", "提高-2个百分点", 2, "without a sign"},
      // 较(0)上(1)年(2)提(3)高(4)2(5)‰(6): a change in per mille is neither points nor %.
      {"a change in ‰", "较上年提高2‰", 6, "个百分点"},
      {"a trend with an amount", "逐年下降2个百分点", 4, "no amount"},
      {"a trend on a baseline", "较上年逐年下降", 3, "a trend compares"},
      {"seed 002: 切实降低出生缺陷发生率", "切实降低出生缺陷发生率", 4, "the end of the target"},
      {"no target words", "越高越好", 4, "an improvement such as"},
      {"近 without years", "不高于近年平均水平", 4, "a number of years"},
      {"近 0 years", "不高于近0年平均水平", 4, "from 1 to 100"},
      {"与 without 相比", "与2015年下降30%", 6, "相比"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.source);
    const parse_error e = improvement_refusal(c.text);
    EXPECT_EQ(e.position(), c.position) << c.text;
    EXPECT_THAT(e.what(), ::testing::HasSubstr(c.message)) << c.text;
  }
}

// --- assess_improvement on parsed wording (national figures from the catalog facts) ----------

// 重大慢性病过早死亡率 18.5 % in 2015, 15.3 % in 2021, reported as
// "下降超过3个百分点，降幅达17.3%": −3.2 points reach "较2015年下降3个百分点"; the relative change
// (15.3 − 18.5) / 18.5 = −17.297 % misses "较2015年下降30%".
TEST(ImprovementAssessment, PointsAndRelativeChangeKeptApart) {
  const auto points = assess_improvement(15.3, Improvement::parse("较2015年下降3个百分点"), 18.5);
  EXPECT_TRUE(points.reached);
  EXPECT_NEAR(points.change_points, -3.2, 1e-12);
  const auto relative =
      assess_improvement(15.3, Improvement::parse("重大慢性病过早死亡率较2015年下降30%"), 18.5);
  EXPECT_FALSE(relative.reached);
  ASSERT_TRUE(relative.change_relative.has_value());
  EXPECT_NEAR(*relative.change_relative, -17.2973, 1e-4);
}

// not_worse_than_baseline: 孕产妇死亡率 15.7/10万 in 2022, 14.3/10万 in 2024 (catalog facts):
// "不高于2022年水平" is reached by 14.3 (−1.4, −1.4 / 15.7 = −8.917 %) and by 15.7 itself, and
// missed by 15.8. "不低于上年水平" for a coverage of 90.18 % (seed 000's 婚检率) against 90.1 %
// is reached (+0.08 points).
TEST(ImprovementAssessment, NotWorseThanTheBaselinesValue) {
  const Improvement mmr = Improvement::parse("孕产妇死亡率不高于2022年水平");
  ASSERT_EQ(mmr.kind, ImprovementKind::not_worse_than_baseline);
  const auto a = assess_improvement(14.3, mmr, 15.7);
  EXPECT_TRUE(a.reached);
  EXPECT_NEAR(a.change_points, -1.4, 1e-12);
  ASSERT_TRUE(a.change_relative && a.reference);
  EXPECT_NEAR(*a.change_relative, -8.9172, 1e-4);
  EXPECT_EQ(*a.reference, 15.7);
  EXPECT_TRUE(assess_improvement(15.7, mmr, 15.7).reached); // equal is no worse
  EXPECT_FALSE(assess_improvement(15.8, mmr, 15.7).reached);
  // Without a baseline value the last of the history is last year's.
  const Improvement coverage = Improvement::parse("不低于上年水平");
  EXPECT_TRUE(assess_improvement(90.18, coverage, std::nullopt, {88.0, 90.1}).reached);
  EXPECT_FALSE(assess_improvement(90.0, coverage, 90.1).reached);
  EXPECT_THROW(assess_improvement(90.0, coverage, std::nullopt), invalid_input);
  // Through assess(): a Target holding the parsed rule.
  const Target t{"mmr", mmr, SettingLevel::national, "catalog facts"};
  AssessmentInput in;
  in.value = 14.3;
  in.baseline = 15.7;
  EXPECT_TRUE(assess(t, in).reached);
}

// --- parse_target ------------------------------------------------------------------------------

// 健康中国 style: 婴儿死亡率5.6‰或持续降低 (docs/targets.md §1, either-or): the bare 5.6‰ beside a
// falling trend is ≤ 5.6‰.
TEST(ParseTarget, EitherOrAndEachKind) {
  const Target either = parse_target("婴儿死亡率5.6‰或持续降低");
  ASSERT_TRUE(std::holds_alternative<EitherTarget>(either.rule));
  const auto& options = std::get<EitherTarget>(either.rule).options;
  ASSERT_EQ(options.size(), 2u);
  const auto& bound = std::get<Threshold>(options[0].rule);
  EXPECT_EQ(bound.bound, Bound::at_most);
  EXPECT_EQ(bound.value, 5.6);
  EXPECT_EQ(bound.unit, Unit::per_mille());
  EXPECT_EQ(std::get<Improvement>(options[1].rule).kind, ImprovementKind::trend);
  EXPECT_EQ(either.source, "婴儿死亡率5.6‰或持续降低");
  // 5.2‰ against 5.6‰ reaches the first option whatever the trend (seed-style figures: 4.9‰ in
  // 2022, the national outcome, as the only history value; 5.2 is above it, so not falling).
  AssessmentInput in;
  in.value = 5.2;
  in.history = {4.9};
  const Assessment a = assess(either, in);
  EXPECT_TRUE(a.reached);
  EXPECT_EQ(a.options_reached, (std::vector<bool>{true, false}));

  EXPECT_TRUE(std::holds_alternative<Threshold>(parse_target("孕产妇死亡率下降到12/10万").rule));
  EXPECT_TRUE(std::holds_alternative<Threshold>(parse_target("不少于1,000人").rule));
  EXPECT_EQ(std::get<Improvement>(parse_target("较2015年下降30%").rule).kind,
            ImprovementKind::relative);
  EXPECT_EQ(std::get<Improvement>(parse_target("不低于2023年水平").rule).kind,
            ImprovementKind::not_worse_than_baseline);
}

TEST(ParseTarget, RefusalsNameThePartAndThePosition) {
  const auto position = [](const char* text, const char* message) {
    try {
      (void)parse_target(text);
      ADD_FAILURE() << text;
    } catch (const parse_error& e) {
      EXPECT_EQ(e.field(), "target");
      EXPECT_THAT(e.what(), ::testing::HasSubstr(message)) << text;
      return e.position();
    }
    return std::size_t{0};
  };
  // 较(0)上(1)年(2)提(3)高(4)2(5)个(6): the improvement's refusal, not the threshold's.
  EXPECT_EQ(position("较上年提高2个", "个百分点"), 6u);
  // 高(0)于(1)低(2): a second comparison word.
  EXPECT_EQ(position("高于低于5%", "second comparison word"), 2u);
  // 9(0)0(1)%(2)或(3)越(4)…: the second part is neither, refused in the whole text's positions.
  EXPECT_EQ(position("≥90%或越高越好", "expected a number such as 90%"), 9u);
  EXPECT_EQ(position("或持续降低", "a target before"), 0u);
  EXPECT_EQ(position("5.6‰或", "a target after 或"), 5u);
  // A bare figure alone has no direction to take.
  EXPECT_EQ(position("5.6‰", "a comparison such as"), 0u);
}

// --- Issue 17: 不到 and 不足 are strict upper bounds; the numbers come from the figure reader ----

// 不到90% is below 90 %: 90 itself does not meet it (the figure reader's 不到2万 is [0, 20000),
// docs/figures.md §4). 不足 is the same word.
TEST(ThresholdWording, BelowWordsAreStrict) {
  const Threshold t = Threshold::parse("不到90%");
  EXPECT_EQ(t.bound, Bound::less_than);
  EXPECT_EQ(t.value, 90);
  EXPECT_EQ(t.unit, Unit::percent());
  EXPECT_FALSE(t.met_by(90));
  EXPECT_TRUE(t.met_by(89.99));
  EXPECT_EQ(t.describe(), "<90%");
  EXPECT_EQ(Threshold::parse(t.describe()), t);
  // seed 002 "剖宫产率大于50%", turned into its upper bound: 剖宫产率不足50%.
  const Threshold u = Threshold::parse("剖宫产率不足50%");
  EXPECT_EQ(u.bound, Bound::less_than);
  EXPECT_EQ(u.value, 50);
  EXPECT_EQ(Threshold::parse("不到1,000人").count_unit, "人");
  EXPECT_EQ(Threshold::parse("不到1,000人").value, 1000);
  // 不(0)到(1)9(2)0(3)%(4)以(5): a strict word decides; 以上 disagrees.
  EXPECT_EQ(refusal("不到90%以上").position(), 5u);
  // 不(0)足(1)不(2): two comparison words.
  EXPECT_EQ(refusal("不足不低于90%").position(), 2u);
}

// Words the figure reader reads that a threshold does not count are refused where they start
// (a duration), and a change in points is baseline wording.
TEST(ThresholdNumbers, MeasureWordsAThresholdDoesNotCount) {
  // ≥(0)2(1)个(2)百(3): 百分点 is a change on a baseline, read by Improvement::parse.
  EXPECT_EQ(refusal("≥2个百分点").position(), 3u);
  EXPECT_THAT(refusal("≥2个百分点").what(), ::testing::HasSubstr("Improvement::parse"));
  // 达(0)到(1)5(2)小(3)时(4)
  EXPECT_THAT(refusal("达到5小时").what(), ::testing::HasSubstr("counted noun"));
  EXPECT_EQ(refusal("达到5小时").position(), 3u);
  // A density's base written after the number: /千人口 (2.33/千人口 is per 1,000 population).
  EXPECT_EQ(Threshold::parse("不低于2.33/千人口").unit, Unit::per_1000_population());
  // /千 is per mille in the figure reader's table: 低于8/千 is < 8‰.
  EXPECT_EQ(Threshold::parse("低于8/千").unit, Unit::per_mille());
}
