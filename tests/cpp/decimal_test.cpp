#include <zhibiao/decimal.hpp>
#include <zhibiao/error.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <stdexcept>

using zhibiao::Decimal;
using zhibiao::round_half_up;
using zhibiao::round_ratio_half_up;

// docs/units-and-rounding.md §3: reports round half up on the decimal value; 1506/1600 = 94.125 %
// prints 94.13 % (seed 000, 免费婚检任务完成率), never the banker's 94.12.
TEST(RoundRatioHalfUp, TieOnTheExactRationalGoesUp) {
  EXPECT_EQ(round_ratio_half_up(1506, 1600, 100, 2).to_string(), "94.13");
  // 1/8 = 12.5 % exactly: half up gives 13, banker's rounding would give 12.
  EXPECT_EQ(round_ratio_half_up(1, 8, 100, 0).to_string(), "13");
  EXPECT_EQ(round_ratio_half_up(3, 8, 100, 0).to_string(), "38");
}

// 201/20000 × 100 = 1.005 exactly, but the double nearest 1.005 is 1.00499999999999989...:
// rounding the double gives 1.00, rounding the rational gives 1.01 as a person would.
TEST(RoundRatioHalfUp, UsesTheRationalNotTheBinaryDouble) {
  const double naive = std::round(201.0 * 100 / 20000 * 100) / 100;
  EXPECT_EQ(naive, 1.0); // the failure mode this function exists to avoid
  EXPECT_EQ(round_ratio_half_up(201, 20000, 100, 2).to_string(), "1.01");
}

TEST(RoundRatioHalfUp, DecimalInputsAreExactToo) {
  // 3.5 万元 of 28 万元 = 12.5 % exactly -> 13 at 0 decimals.
  EXPECT_EQ(round_ratio_half_up(3.5, 28, 100, 0).to_string(), "13");
  // 0.1 / 0.8 = 0.125 exactly in decimal (not in binary) -> 0.13.
  EXPECT_EQ(round_ratio_half_up(0.1, 0.8, 1, 2).to_string(), "0.13");
}

TEST(RoundRatioHalfUp, KeepsTrailingZerosAndHandlesLargeCounts) {
  EXPECT_EQ(round_ratio_half_up(195, 200, 100, 2).to_string(), "97.50");
  EXPECT_EQ(round_ratio_half_up(0, 200, 100, 2).to_string(), "0.00");
  // 2^53 - 1 over 2^53: 99.99999999999998889776975... % -> 100.00 at two decimals.
  EXPECT_EQ(round_ratio_half_up(9007199254740991.0, 9007199254740992.0, 100, 2).to_string(),
            "100.00");
  // 1 event in 10^9: 0.0001 per 100,000 (no loss of the tiny value).
  EXPECT_EQ(round_ratio_half_up(1, 1e9, 100000, 4).to_string(), "0.0001");
}

TEST(RoundRatioHalfUp, RejectsBadInputByField) {
  auto field_of = [](auto f) {
    try {
      f();
    } catch (const zhibiao::invalid_input& e) {
      return e.field();
    }
    return std::string("no exception");
  };
  EXPECT_EQ(field_of([] { round_ratio_half_up(-1, 10, 100, 2); }), "numerator");
  EXPECT_EQ(field_of([] { round_ratio_half_up(1, 0, 100, 2); }), "denominator");
  EXPECT_EQ(field_of([] { round_ratio_half_up(1, NAN, 100, 2); }), "denominator");
  EXPECT_EQ(field_of([] { round_ratio_half_up(1, 2, 100, 16); }), "decimals");
  EXPECT_EQ(field_of([] { round_ratio_half_up(1, 2, 100, -1); }), "decimals");
}

TEST(RoundHalfUp, RoundsTheShortestDecimalOfTheDouble) {
  // The double nearest 2.675 is 2.67499999999999982236431605997495353221893310546875;
  // a person reading "2.675" expects 2.68.
  EXPECT_EQ(round_half_up(2.675, 2), 2.68);
  EXPECT_EQ(round_half_up(1.005, 2), 1.01);
  EXPECT_EQ(round_half_up(94.125, 2), 94.13);
  EXPECT_EQ(round_half_up(-2.5, 0), -3.0); // half away from zero, as 四舍五入 does for negatives
  EXPECT_EQ(round_half_up(114.171122994652, 2), 114.17);
  EXPECT_EQ(round_half_up(0.004999, 2), 0.0);
  EXPECT_EQ(round_half_up(1e-30, 3), 0.0);
  EXPECT_EQ(round_half_up(123.0, 2), 123.0);
  EXPECT_TRUE(std::isnan(round_half_up(NAN, 2)));
}

TEST(Decimal, ParsesAndPrintsKeepingTheDecimalsAsWritten) {
  const Decimal d = Decimal::parse("94.10");
  EXPECT_EQ(d.coefficient(), 9410);
  EXPECT_EQ(d.exponent(), -2);
  EXPECT_EQ(d.decimals(), 2);
  EXPECT_EQ(d.to_string(), "94.10");
  EXPECT_EQ(Decimal::parse("-3.56").to_string(), "-3.56");
  EXPECT_EQ(Decimal::parse("153.895").decimals(), 3);
  EXPECT_EQ(Decimal::parse("1e-3").to_string(), "0.001");
  EXPECT_EQ(Decimal::parse("2E2").to_string(), "200");
  EXPECT_EQ(Decimal(5, -3).to_string(), "0.005");
  EXPECT_EQ(Decimal(0, -2).to_string(), "0.00");
  EXPECT_DOUBLE_EQ(Decimal::parse("4.86").to_double(), 4.86);
}

TEST(Decimal, ParseErrorsNameTheCharacterPosition) {
  auto position_of = [](const char* text) {
    try {
      Decimal::parse(text);
    } catch (const zhibiao::parse_error& e) {
      return static_cast<long>(e.position());
    }
    return -1L;
  };
  EXPECT_EQ(position_of(""), 0);
  EXPECT_EQ(position_of("9a.1"), 1);
  EXPECT_EQ(position_of("1.2.3"), 3);
  EXPECT_EQ(position_of("94.13%"), 5);
  EXPECT_EQ(position_of("-"), 1);
  EXPECT_EQ(position_of("1e"), 2);
  EXPECT_EQ(position_of("1234567890123456789"), 18); // the 19th significant digit
}

TEST(Decimal, ComparesNumerically) {
  EXPECT_EQ(Decimal::parse("94.10"), Decimal::parse("94.1"));
  EXPECT_LT(Decimal::parse("94.12"), Decimal::parse("94.13"));
  EXPECT_LT(Decimal::parse("-3"), Decimal::parse("-2.5"));
  EXPECT_GT(Decimal::parse("1e20"), Decimal::parse("99999999999999999"));
  EXPECT_EQ(Decimal(0, 5), Decimal(0, -5));
}

TEST(Decimal, RoundHalfUpQuantises) {
  EXPECT_EQ(Decimal::parse("94.125").round_half_up(2).to_string(), "94.13");
  EXPECT_EQ(Decimal::parse("-94.125").round_half_up(2).to_string(), "-94.13");
  EXPECT_EQ(Decimal::parse("16.6146").round_half_up(1).to_string(), "16.6");
  EXPECT_EQ(Decimal::parse("97.5").round_half_up(2).to_string(), "97.50");
  EXPECT_EQ(Decimal::parse("0.0000000000000000000049").round_half_up(2).to_string(), "0.00");
  EXPECT_THROW(Decimal::parse("1e17").round_half_up(5), std::overflow_error);
}

TEST(Decimal, FromDoubleIsTheShortestRoundTrip) {
  EXPECT_EQ(Decimal::from_double(2.675).to_string(), "2.675");
  EXPECT_EQ(Decimal::from_double(0.1).to_string(), "0.1");
  EXPECT_EQ(Decimal::from_double(1e21).to_string(), "1000000000000000000000");
  EXPECT_THROW(Decimal::from_double(INFINITY), zhibiao::invalid_input);
}
