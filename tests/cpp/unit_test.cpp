#include <zhibiao/error.hpp>
#include <zhibiao/unit.hpp>

#include <gtest/gtest.h>

using zhibiao::Language;
using zhibiao::Unit;

// Multipliers and display forms as docs/units-and-rounding.md §1–2 gives them from the seeds:
// 94.13% (seed 000), 4.86‰ (seed 000 出生率), 153.895/10万 (seed 002 发病率), 千人口托位数2.36,
// 出生人口性别比114.17 (printed bare).
TEST(Unit, MultipliersAreExactIntegers) {
  EXPECT_EQ(Unit::percent().integer_multiplier(), 100);
  EXPECT_EQ(Unit::per_mille().integer_multiplier(), 1000);
  EXPECT_EQ(Unit::per_10k().integer_multiplier(), 10000);
  EXPECT_EQ(Unit::per_100k().integer_multiplier(), 100000);
  EXPECT_EQ(Unit::per_1000_population().integer_multiplier(), 1000);
  EXPECT_EQ(Unit::per_100().integer_multiplier(), 100);
  EXPECT_EQ(Unit::ratio().integer_multiplier(), 1);
  EXPECT_DOUBLE_EQ(Unit::per_100k().multiplier(), 1e5);
}

TEST(Unit, ChineseAndEnglishDisplayForms) {
  EXPECT_EQ(Unit::percent().suffix(Language::zh), "%");
  EXPECT_EQ(Unit::per_mille().suffix(Language::zh), "‰");
  EXPECT_EQ(Unit::per_10k().suffix(Language::zh), "‱");
  EXPECT_EQ(Unit::per_100k().suffix(Language::zh), "/10万");
  EXPECT_EQ(Unit::per_1000_population().suffix(Language::zh), "/千人");
  EXPECT_EQ(Unit::per_100().suffix(Language::zh), "");
  EXPECT_EQ(Unit::per_100k().suffix(Language::en), " per 100,000");
  EXPECT_EQ(Unit::per_mille().suffix(Language::en), " per 1,000");
  EXPECT_EQ(Unit::per_100k().name(Language::zh), "十万分率");
  EXPECT_EQ(Unit::per_1000_population().name(Language::en), "per 1,000 population");
}

TEST(Unit, PerMilleAndDensityShareAMultiplierButAreDifferentUnits) {
  EXPECT_EQ(Unit::per_mille().multiplier(), Unit::per_1000_population().multiplier());
  EXPECT_FALSE(Unit::per_mille() == Unit::per_1000_population());
}

TEST(Unit, ParsesCodesSymbolsAndNames) {
  EXPECT_EQ(Unit::parse("%"), Unit::percent());
  EXPECT_EQ(Unit::parse("percent"), Unit::percent());
  EXPECT_EQ(Unit::parse(" ‰ "), Unit::per_mille());
  EXPECT_EQ(Unit::parse("‱"), Unit::per_10k());
  EXPECT_EQ(Unit::parse("/10万"), Unit::per_100k());
  EXPECT_EQ(Unit::parse("per 100,000"), Unit::per_100k());
  EXPECT_EQ(Unit::parse("每千人口"), Unit::per_1000_population());
  EXPECT_EQ(Unit::parse("per_100"), Unit::per_100());
  EXPECT_EQ(Unit::parse("ratio"), Unit::ratio());
  for (auto kind : {Unit::percent(), Unit::per_mille(), Unit::per_10k(), Unit::per_100k(),
                    Unit::per_1000_population(), Unit::per_100(), Unit::ratio()})
    EXPECT_EQ(Unit::parse(kind.code()), kind) << kind.code();
}

TEST(Unit, UnknownTextIsAnErrorNamingTheField) {
  try {
    Unit::parse("per cent-ish");
    FAIL() << "no exception";
  } catch (const zhibiao::invalid_input& e) {
    EXPECT_EQ(e.field(), "unit");
    EXPECT_NE(std::string(e.what()).find("per cent-ish"), std::string::npos);
  }
  // Bare units have empty suffixes; empty text must not silently mean one of them.
  EXPECT_THROW(Unit::parse(""), zhibiao::invalid_input);
}

// Issue 18: money and years. Seed 002 prints 次均住院费用1680元 and 次均门诊费用52.94元; a life
// table gives 人均预期寿命80.86岁. Both multiply by 1; the codes are appended (7, 8), never reused.
TEST(Unit, YuanAndYearsPrintTheirChineseUnit) {
  EXPECT_EQ(static_cast<int>(zhibiao::UnitKind::yuan), 7);
  EXPECT_EQ(static_cast<int>(zhibiao::UnitKind::years), 8);
  EXPECT_EQ(Unit::yuan().integer_multiplier(), 1);
  EXPECT_EQ(Unit::years().integer_multiplier(), 1);
  EXPECT_EQ(Unit::yuan().suffix(Language::zh), "元");
  EXPECT_EQ(Unit::yuan().suffix(Language::en), " yuan");
  EXPECT_EQ(Unit::years().suffix(Language::zh), "岁");
  EXPECT_EQ(Unit::parse("元"), Unit::yuan());
  EXPECT_EQ(Unit::parse("yuan"), Unit::yuan());
  EXPECT_EQ(Unit::parse("岁"), Unit::years());
  EXPECT_EQ(Unit::parse(Unit::years().code()), Unit::years());
  EXPECT_FALSE(Unit::yuan() == Unit::ratio());
}
