#include <zhibiao/error.hpp>
#include <zhibiao/fund.hpp>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <random>

using namespace zhibiao;

TEST(Money, ReadsReportAmountsExactlyInFen) {
  EXPECT_EQ(Money::parse("540元").fen(), 54000);
  EXPECT_EQ(Money::parse("116.17万元").fen(), 116170000); // seed 002: 住院分娩补偿资金116.17万元
  EXPECT_EQ(Money::parse("1.3亿元").fen(), 13000000000);
  EXPECT_EQ(Money::parse("2400万").fen(), 2400000000); // seed 000: 实际到位资金2400万元
  EXPECT_EQ(Money::parse("1,234.50元").fen(), 123450);
  EXPECT_EQ(Money::parse("12.5").fen(), 1250);
  EXPECT_EQ(Money::parse("0.01元").yuan_text(), "0.01");
  try {
    Money::parse("0.005元");
    FAIL() << "no exception";
  } catch (const parse_error& e) {
    EXPECT_THAT(e.what(), ::testing::HasSubstr("whole 分"));
  }
  EXPECT_THROW(Money::parse("元"), parse_error);
  EXPECT_THROW(Money::parse("12,34元"), parse_error);
  EXPECT_THROW(Money::parse("5美元"), parse_error);
  EXPECT_THROW(Money::parse("99999999999亿元"), parse_error); // beyond 9.2×10^16 元
  EXPECT_EQ(Money::from_yuan(2.675).fen(), 268);              // 2.675 as printed, half up: 2.68
  EXPECT_THROW(Money::from_yuan(NAN), invalid_input);
}

TEST(Money, SumsAMillionAmountsWithoutDrift) {
  // 10^6 random amounts of 0.01–9,999.99 元: the exact sum in 分 against an integer sum of the
  // same 分 (the definition), while a double sum in 元 of the same amounts drifts off the 分.
  std::mt19937_64 rng(20261203);
  std::uniform_int_distribution<std::int64_t> fen(1, 999999);
  std::vector<Money> amounts;
  std::int64_t expected = 0;
  double in_yuan = 0;
  for (int i = 0; i < 1000000; ++i) {
    const std::int64_t f = fen(rng);
    amounts.push_back(Money::from_fen(f));
    expected += f;
    in_yuan += static_cast<double>(f) / 100;
  }
  EXPECT_EQ(sum(amounts).fen(), expected);
  EXPECT_NE(static_cast<std::int64_t>(in_yuan * 100), expected); // the drift exact money avoids
  std::vector<Money> huge{Money::from_fen(std::numeric_limits<std::int64_t>::max()),
                          Money::from_fen(1)};
  EXPECT_THROW(sum(huge), invalid_input);
}

namespace {
// Seed 002 (新农合): 667984 persons, 540 元 a head: 个人120, 中央240, 省135, 区45.
Fund nrcms() {
  return Fund::per_capita(Money::parse("540元"), 667984,
                          {{"个人", Money::parse("120元")},
                           {"中央", Money::parse("240元")},
                           {"省", Money::parse("135元")},
                           {"区", Money::parse("45元")}});
}
} // namespace

TEST(Fund, PerCapitaStandardAndShares) {
  const Fund f = nrcms();
  // 667984 × 540 = 360,711,360 元: 全年应筹集参合资金3.6亿余元.
  EXPECT_EQ(f.total().yuan_text(), "360711360.00");
  EXPECT_EQ(f.share_total(1).yuan_text(), "160316160.00"); // 中央 667984 × 240
  try {
    Fund::per_capita(Money::parse("540元"), 667984,
                     {{"个人", Money::parse("120元")}, {"中央", Money::parse("240元")}});
    FAIL() << "no exception";
  } catch (const invalid_input& e) {
    EXPECT_EQ(e.field(), "shares");
    EXPECT_THAT(e.what(), ::testing::HasSubstr("360.00"));
  }
  EXPECT_THROW(Fund::per_capita(Money::parse("540元"), -1), invalid_input);
}

TEST(Fund, SpendingAgainstTimeElapsedSeed002) {
  // 1-5月: 补偿资金1.3亿元 of 360,711,360 元 = 36.04 % (the seed prints 36.1 % from the unrounded
  // amount: 1.3亿 stands for [1.25, 1.35)亿, 34.65–37.43 %); 序时进度 5/12 = 41.67 %; lead −5.63
  // points, within a ±10-point band: 基金支出进度处于合理区间.
  const Fund f = nrcms();
  const std::vector<FundFlow> flows{{Date(2010, 1, 10), FundStage::arrived, f.total()},
                                    {Date(2010, 5, 31), FundStage::spent, Money::parse("1.3亿元")}};
  const auto e = execute_fund(f, flows, Period::year(2010), Date(2010, 5, 31));
  ASSERT_TRUE(e.execution_rate.has_value());
  EXPECT_NEAR(*e.execution_rate, 13000000000.0 / 36071136000.0 * 100, 1e-12);
  EXPECT_NEAR(e.time_progress, 5.0 / 12 * 100, 1e-12);
  EXPECT_TRUE(e.within_band);
  EXPECT_THAT(e.summary(), ::testing::HasSubstr("占筹资额的36.04%"));
  EXPECT_THAT(e.summary(), ::testing::HasSubstr("支出进度处于合理区间"));
  // A stricter band (5 points) calls the same spending slow.
  const auto strict = execute_fund(f, flows, Period::year(2010), Date(2010, 5, 31), {5, 5});
  EXPECT_FALSE(strict.within_band);
  EXPECT_THAT(strict.summary(), ::testing::HasSubstr("支出进度偏慢"));
  // The same sentence in English (zhibiao funds --lang en): 360,711,360 元 = 360.71 million yuan.
  EXPECT_EQ(e.sentence(Language::zh), e.summary());
  EXPECT_EQ(e.sentence(Language::en),
            "total to raise 360.71 million yuan, arrived 360.71 million yuan (100.00%), spent "
            "130.00 million yuan, 36.04% of the total, time elapsed 41.67%, spending within the "
            "reasonable band");
  EXPECT_THAT(strict.sentence(Language::en), ::testing::EndsWith("spending behind time"));
}

TEST(Fund, RefusesSpendingAboveArrivalAtAnyDate) {
  const Fund f = Fund::fixed(Money::parse("100万元"));
  // 60万 spent on 1 March, but only 50万 had arrived by then (the rest on 1 April).
  const std::vector<FundFlow> flows{{Date(2025, 1, 5), FundStage::arrived, Money::parse("50万")},
                                    {Date(2025, 3, 1), FundStage::disbursed, Money::parse("60万")},
                                    {Date(2025, 4, 1), FundStage::arrived, Money::parse("50万")}};
  try {
    execute_fund(f, flows, Period::year(2025), Date(2025, 6, 30));
    FAIL() << "no exception";
  } catch (const invalid_input& e) {
    EXPECT_EQ(e.field(), "disbursed");
    EXPECT_THAT(e.what(), ::testing::HasSubstr("2025-03-01"));
  }
  const std::vector<FundFlow> negative{{Date(2025, 1, 5), FundStage::arrived, Money::from_fen(-1)}};
  EXPECT_THROW(execute_fund(f, negative, Period::year(2025), Date(2025, 6, 30)), invalid_input);
  EXPECT_EQ(parse_fund_stage("到位"), FundStage::arrived);
  EXPECT_THROW(parse_fund_stage("花掉"), invalid_input);
}

// Deadlines (资金于6月30日前全部到位), worked by hand. A fixed fund of 100.01 元 (10001 分):
// 50.00 元 arrive on 1 March and 50.01 元 on 15 July.
//   arrived 100 % by 30 June: needs 10001 分; by 30 June 5000 分 had arrived.
//     At 1 June: not yet due (pending). At 1 August: due and short (missed).
//   arrived 33.3 % by 30 June: ⌈10001 × 333 / 1000⌉ = ⌈3330.333⌉ = 3331 分; 5000 分 reached: met.
//   spent 100 % by 31 December: nothing spent; at 1 August not yet due (pending).
TEST(Fund, DeadlinesAtADate) {
  const Fund f = Fund::fixed(Money::parse("100.01元"));
  const std::vector<FundFlow> flows{
      {Date(2025, 3, 1), FundStage::arrived, Money::parse("50元")},
      {Date(2025, 7, 15), FundStage::arrived, Money::parse("50.01元")}};
  const std::vector<FundDeadline> deadlines{{FundStage::arrived, Date(2025, 6, 30), 100},
                                            {FundStage::arrived, Date(2025, 6, 30), 33.3},
                                            {FundStage::spent, Date(2025, 12, 31), 100}};
  const auto june = check_deadlines(f, flows, deadlines, Date(2025, 6, 1));
  ASSERT_EQ(june.size(), 3u);
  EXPECT_EQ(june[0].status, DeadlineStatus::pending);
  const auto august = check_deadlines(f, flows, deadlines, Date(2025, 8, 1));
  EXPECT_EQ(august[0].required.fen(), 10001);
  EXPECT_EQ(august[0].reached.fen(), 5000); // at 30 June, not at 1 August
  EXPECT_EQ(august[0].status, DeadlineStatus::missed);
  EXPECT_EQ(august[1].required.fen(), 3331);
  EXPECT_EQ(august[1].status, DeadlineStatus::met);
  EXPECT_EQ(august[2].reached.fen(), 0);
  EXPECT_EQ(august[2].status, DeadlineStatus::pending);
  EXPECT_EQ(to_string(DeadlineStatus::missed), "missed");
  for (const double bad : {0.0, -5.0, 100.5, 1e-7, std::nan("")}) {
    std::vector<FundDeadline> d = deadlines;
    d[2].share = bad;
    try {
      check_deadlines(f, flows, d, Date(2025, 8, 1));
      FAIL() << "no exception for share " << bad;
    } catch (const invalid_input& e) {
      EXPECT_EQ(e.field(), "deadlines[2].share");
    }
  }
}

// The standard against the population it implies, seed 002: 按照人均540元筹资标准…全年应筹集参合
// 资金3.6亿余元. 3.6亿余 is [360,000,000, 370,000,000) 元 (read_figure's range); at 540 元 a head
// that is ⌈360,000,000 / 540⌉ = ⌈666,666.67⌉ = 666,667 persons up to ⌊369,999,999.99 / 540⌋ =
// 685,185 (685,185 × 540 = 369,999,900). The 667,984 persons of the header's example fit; 700,000
// would need 3.78亿. An exact total of 360,711,360 元 is 667,984 persons and no other; one 元 more
// is no whole number of persons.
TEST(Fund, StandardAgainstTheImpliedPopulation) {
  const Money standard = Money::parse("540元");
  const auto seed = check_standard(standard, 3.6e8, 3.7e8, false, 667984);
  EXPECT_EQ(seed.population_low, 666667);
  EXPECT_EQ(seed.population_high, 685185);
  EXPECT_TRUE(seed.consistent);
  EXPECT_FALSE(check_standard(standard, 3.6e8, 3.7e8, false, 700000).consistent);
  EXPECT_TRUE(check_standard(standard, 3.6e8, 3.7e8, false, std::nullopt).consistent);
  const auto exact = check_standard(standard, 360711360, 360711360, true, 667984);
  EXPECT_EQ(exact.population_low, 667984);
  EXPECT_EQ(exact.population_high, 667984);
  EXPECT_TRUE(exact.consistent);
  const auto off = check_standard(standard, 360711361, 360711361, true, std::nullopt);
  EXPECT_GT(off.population_low, off.population_high);
  EXPECT_FALSE(off.consistent);
  EXPECT_THROW(check_standard(Money(), 1, 2, false, std::nullopt), invalid_input);
  EXPECT_THROW(check_standard(standard, 2, 1, false, std::nullopt), invalid_input);
  EXPECT_THROW(check_standard(standard, std::nan(""), 1, false, std::nullopt), invalid_input);
  EXPECT_THROW(check_standard(standard, 1, 2, false, -1), invalid_input);
  EXPECT_THROW(check_standard(standard, 0, 1e300, false, std::nullopt), invalid_input);
}

TEST(Fund, BenefitScheduleTiersTimesPersonsTimesMonths) {
  // Hand calculation: 22846 persons × 12 months × 80 元 = 21,932,160 元; plus 310 persons × 6
  // months × 150 元 = 279,000 元: 22,211,160.00 元.
  const std::vector<BenefitTier> tiers{{"奖励扶助", 22846, 12, Money::parse("80元")},
                                       {"特别扶助", 310, 6, Money::parse("150元")}};
  EXPECT_EQ(benefit_total(tiers).yuan_text(), "22211160.00");
  const std::vector<BenefitTier> bad{{"x", -1, 12, Money::parse("80元")}};
  try {
    benefit_total(bad);
    FAIL() << "no exception";
  } catch (const invalid_input& e) {
    EXPECT_EQ(e.field(), "tiers[0].persons");
  }
}
