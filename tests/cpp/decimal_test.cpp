#include <zhibiao/decimal.hpp>
#include <zhibiao/detail/decimal_digits.hpp>
#include <zhibiao/error.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <stdexcept>
#include <string>

using zhibiao::Decimal;
using zhibiao::DecimalRange;
using zhibiao::round_half_up;
using zhibiao::round_ratio_half_up;
using zhibiao::rounding_range;

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
  // A non-finite x is refused, not passed through as if rounded (issue 14, class 3).
  EXPECT_THROW(round_half_up(NAN, 2), zhibiao::invalid_input);
  EXPECT_THROW(round_half_up(INFINITY, 2), zhibiao::invalid_input);
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
  EXPECT_THROW(Decimal::parse("1e17").round_half_up(5), zhibiao::invalid_input);
}

TEST(Decimal, FromDoubleIsTheShortestRoundTrip) {
  EXPECT_EQ(Decimal::from_double(2.675).to_string(), "2.675");
  EXPECT_EQ(Decimal::from_double(0.1).to_string(), "0.1");
  EXPECT_EQ(Decimal::from_double(1e21).to_string(), "1000000000000000000000");
  EXPECT_THROW(Decimal::from_double(INFINITY), zhibiao::invalid_input);
}

// ---- beyond the 18 digits of a Decimal (issue 14, class 3) ---------------------------------

// A Decimal holds 18 significant digits (int64): a larger rounded value is invalid_input naming
// the argument, never std::overflow_error (which pybind11 turned into Python's OverflowError).
TEST(DecimalLimit, RoundRatioBeyondEighteenDigitsIsInvalidInputNamingTheNumerator) {
  // 10^16 at 2 decimals is the coefficient 10^18 < 2^63 ≈ 9.22 × 10^18: it fits.
  EXPECT_EQ(round_ratio_half_up(1e16, 1, 1, 2).to_string(), "10000000000000000.00");
  for (const double x : {1e17, 1e30, 1e308, 18446744073709551616.0 /* 2^64 */}) {
    try {
      round_ratio_half_up(x, 1, 1, 2);
      FAIL() << x;
    } catch (const zhibiao::invalid_input& e) {
      EXPECT_EQ(e.field(), "numerator");
      EXPECT_NE(std::string(e.what()).find("more than 18 significant digits"), std::string::npos);
    }
  }
  try {
    Decimal::parse("1e17").round_half_up(5); // 10^22 as a coefficient
    FAIL();
  } catch (const zhibiao::invalid_input& e) {
    EXPECT_EQ(e.field(), "decimals");
  }
}

TEST(DecimalLimit, DecimalsOutsideZeroToFifteenAreRefused) {
  EXPECT_THROW(Decimal::parse("1.5").round_half_up(-1), zhibiao::invalid_input);
  EXPECT_THROW(Decimal::parse("1.5").round_half_up(16), zhibiao::invalid_input);
  EXPECT_EQ(Decimal::parse("1.5").round_half_up(0).to_string(), "2");
}

// The doubles and the text have no 18-digit limit: 1e308's shortest decimal is 1 × 10^308, so at
// 2 decimals it is "1" and 308 zeros, then ".00"; as a double it stays 1e308.
TEST(DecimalLimit, DoublesAndTextRoundAtAnyMagnitude) {
  EXPECT_EQ(round_half_up(1e308, 2), 1e308);
  EXPECT_EQ(round_half_up(-1.7e308, 0), -1.7e308);
  EXPECT_EQ(zhibiao::detail::fixed_text(1e308, 2), "1" + std::string(308, '0') + ".00");
  // 2^64 = 18446744073709551616, shortest decimal 1.8446744073709552e19.
  EXPECT_EQ(zhibiao::detail::fixed_text(18446744073709551616.0, 1), "18446744073709552000.0");
  // 10^30 / 3 × 1 rounded to 2 decimals on the exact rational: 333…333.33 (30 digits before the
  // point), the nearest double of which is the double nearest 10^30 / 3.
  const auto r = zhibiao::detail::round_ratio_digits(1e30, 3, 1, 2);
  EXPECT_EQ(zhibiao::detail::fixed_text(r), std::string(30, '3') + ".33");
  EXPECT_DOUBLE_EQ(zhibiao::detail::to_double(r), 1e30 / 3);
  // A quotient beyond the largest double is not finite: 1e308 / 1e-10.
  EXPECT_FALSE(zhibiao::detail::round_ratio_digits(1e308, 1e-10, 1, 2).finite);
}

// from_chars leaves its output unchanged out of range: Decimal("1e330") read as 0.0, silently.
// Beyond the largest double it is ±inf, below the smallest denormal ±0 (Python's float("1e330")).
TEST(DecimalLimit, ToDoubleOutOfRangeIsInfinityOrZeroNotAnUnchangedZero) {
  EXPECT_EQ(Decimal::parse("1e330").to_double(), INFINITY);
  EXPECT_EQ(Decimal::parse("-1e330").to_double(), -INFINITY);
  EXPECT_EQ(Decimal::parse("1e-330").to_double(), 0.0);
  EXPECT_EQ(Decimal::parse("1.5e308").to_double(), 1.5e308);
  EXPECT_EQ(Decimal::parse("94.13").to_double(), 94.13);
}

// What a printed figure stands for (docs/units-and-rounding.md §3), by hand: 94.13 printed at two
// decimals is every value from 94.125 (rounds up to 94.13) to just below 94.135 (rounds to 94.14);
// seed 000's 1506/1600 = 94.125 exactly sits on the closed end. 1.45万 is 14500 printed to the
// hundred: [14450, 14550). Negative figures round away from zero, so the closed end is the one
// nearer zero: −3.56 is (−3.565, −3.555]. Zero printed as 0.0 is (−0.05, 0.05).
TEST(RoundingRange, IsTheHalfOpenIntervalHalfUpRoundingMapsToThePrintedFigure) {
  const DecimalRange r = rounding_range(Decimal::parse("94.13"));
  EXPECT_EQ(r.lower, 94.125);
  EXPECT_DOUBLE_EQ(r.upper, 94.135);
  EXPECT_TRUE(r.contains(1506.0 / 1600 * 100));
  EXPECT_FALSE(r.contains(94.135));
  EXPECT_FALSE(r.contains(94.1249999));
  EXPECT_FALSE(r.contains(NAN));

  const DecimalRange wan = rounding_range(Decimal(145, 2));
  EXPECT_EQ(wan.lower, 14450);
  EXPECT_EQ(wan.upper, 14550);
  EXPECT_TRUE(wan.contains(14450));
  EXPECT_FALSE(wan.contains(14550));

  const DecimalRange negative = rounding_range(Decimal::parse("-3.56"));
  EXPECT_DOUBLE_EQ(negative.lower, -3.565);
  EXPECT_DOUBLE_EQ(negative.upper, -3.555);
  EXPECT_FALSE(negative.contains(-3.565));
  EXPECT_TRUE(negative.contains(-3.555));

  const DecimalRange zero = rounding_range(Decimal::parse("0.0"));
  EXPECT_EQ(zero.lower, -0.05);
  EXPECT_EQ(zero.upper, 0.05);
  EXPECT_FALSE(zero.contains(0.05));
  EXPECT_FALSE(zero.contains(-0.05));
  EXPECT_TRUE(zero.contains(0.0));

  // Every double that rounds to the figure is in the range, and its neighbours outside are not:
  // agree with Decimal's own rounding across the ends.
  for (const double x : {94.125, 94.12499999999, 94.13499999999, 94.135})
    EXPECT_EQ(r.contains(x), Decimal::from_double(x).round_half_up(2) == Decimal::parse("94.13"))
        << x;
}
