#include <zhibiao/detail/interval_kernels.hpp>
#include <zhibiao/interval.hpp>

#include <boost/math/special_functions/beta.hpp>
#include <boost/math/special_functions/gamma.hpp>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <random>
#include <span>
#include <type_traits>
#include <vector>

using namespace zhibiao;
using ::testing::HasSubstr;

namespace {

constexpr double rel = 1e-9; // the acceptance tolerance

// |actual − expected| ≤ rel × |expected| (absolute 1e-15 around zero).
::testing::AssertionResult close(double actual, double expected, double tolerance = rel) {
  const double bound = std::max(tolerance * std::fabs(expected), 1e-15);
  if (std::fabs(actual - expected) <= bound) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure()
         << actual << " differs from " << expected << " by " << std::fabs(actual - expected)
         << " (bound " << bound << ")";
}

std::string error_of(auto make) {
  try {
    make();
  } catch (const invalid_input& e) {
    return e.field() + " | " + e.what();
  }
  return "no exception";
}

} // namespace

// z = qnorm(0.975) and qnorm(0.999), as PHEindicatormethods computes them: published normal
// quantiles (e.g. Abramowitz & Stegun table 26.5: 1.959963985, 3.090232306); full digits from
// tests/reference/derive_intervals.py (Python's statistics.NormalDist, Wichura AS 241).
TEST(ZValue, MatchesPublishedNormalQuantiles) {
  EXPECT_TRUE(close(z_value(0.95), 1.9599639845400536));
  EXPECT_TRUE(close(z_value(0.998), 3.090232306167813));
  EXPECT_EQ(z_value(1), std::numeric_limits<double>::infinity());
  EXPECT_THAT(error_of([] { z_value(0); }), HasSubstr("confidence | "));
  // Per cent reads as a fraction (issue 14, class 10): 95 is 0.95.
  EXPECT_EQ(z_value(95), z_value(0.95));
  EXPECT_THAT(error_of([] { z_value(100.5); }), HasSubstr("confidence | "));
  EXPECT_THAT(error_of([] { z_value(NAN); }), HasSubstr("confidence | "));
}

// PHEindicatormethods tests/testthat/testWilson.R runs wilson_lower / wilson_upper on
// x = (65, 1045, 0.445), n = (100, 5000, 1) at 95 % and 99.8 % against its workbook
// testdata_Byars_Wilson.xlsx (rows 7–12). The workbook is binary; the expected values here are
// derived by hand from PHE's published formula (2x + z² ± z √(z² + 4x(1 − x/n))) / 2 / (n + z²),
// e.g. for 65/100 at 95 %: z² = 3.8414588206941, root = z √(3.84146 + 260 × 0.35) = 19.08781...,
// lower = (130 + 3.84146 − 19.08781)/(2 × 103.84146) = 0.552544432968880; the digits come from
// tests/reference/derive_intervals.py (standard library only).
TEST(Wilson, ReproducesPheTestInputsAt95And998) {
  struct Row {
    double x, n, confidence, lower, upper;
  };
  const Row rows[] = {
      {65, 100, 0.95, 0.5525444329688797, 0.7363575175690247},
      {1045, 5000, 0.95, 0.19795549880013297, 0.22049130373189027},
      {0.445, 1, 0.95, 0.04381744772058822, 0.9334621276979156},
      {65, 100, 0.998, 0.49549465740704474, 0.7783540614089685},
      {1045, 5000, 0.998, 0.19179381799015258, 0.22731562902525795},
      {0.445, 1, 0.998, 0.019347006132901353, 0.9702259947019535},
  };
  for (const Row& r : rows) {
    const Interval ci = proportion_interval(r.x, r.n, r.confidence);
    EXPECT_TRUE(close(ci.value, r.x / r.n));
    EXPECT_TRUE(close(ci.lower, r.lower)) << r.x << "/" << r.n << " at " << r.confidence;
    EXPECT_TRUE(close(ci.upper, r.upper)) << r.x << "/" << r.n << " at " << r.confidence;
  }
  // testWilson.R: confidence 1 gives lower 0 and upper 1.
  const Interval all = proportion_interval(65, 100, 1);
  EXPECT_EQ(all.lower, 0);
  EXPECT_EQ(all.upper, 1);
}

// Newcombe RG (1998). Two-sided confidence intervals for the single proportion: comparison of
// seven methods. Stat Med 17:857–872, Table II (95 %, four decimals): Wilson score (method 3)
// and Clopper–Pearson exact (method 5) for 81/263, 15/148, 0/20, 1/29.
TEST(Newcombe1998a, SingleProportionTable) {
  struct Row {
    double x, n, wilson_lo, wilson_hi, exact_lo, exact_hi;
  };
  const Row rows[] = {
      {81, 263, 0.2553, 0.3662, 0.2527, 0.3676},
      {15, 148, 0.0624, 0.1605, 0.0578, 0.1617},
      {0, 20, 0.0000, 0.1611, 0.0000, 0.1684},
      {1, 29, 0.0061, 0.1718, 0.0009, 0.1776},
  };
  for (const Row& r : rows) {
    const Interval w = proportion_interval(r.x, r.n);
    const Interval e = proportion_interval(r.x, r.n, 0.95, ProportionMethod::clopper_pearson);
    EXPECT_NEAR(w.lower, r.wilson_lo, 5e-5) << r.x << "/" << r.n;
    EXPECT_NEAR(w.upper, r.wilson_hi, 5e-5) << r.x << "/" << r.n;
    EXPECT_NEAR(e.lower, r.exact_lo, 5e-5) << r.x << "/" << r.n;
    EXPECT_NEAR(e.upper, r.exact_hi, 5e-5) << r.x << "/" << r.n;
  }
}

// Clopper–Pearson against its defining binomial tails, P(X ≥ x | lower) = α/2 and
// P(X ≤ x | upper) = α/2, solved by bisection on the binomial sums in
// tests/reference/derive_intervals.py (no beta quantile involved), to 1e-9.
TEST(ClopperPearson, MatchesTheBinomialTailDefinition) {
  EXPECT_TRUE(close(proportion_interval(81, 263, 0.95, ProportionMethod::clopper_pearson).lower,
                    0.25273674558533077));
  EXPECT_TRUE(close(proportion_interval(81, 263, 0.95, ProportionMethod::clopper_pearson).upper,
                    0.36762192260135274));
  EXPECT_TRUE(close(proportion_interval(1, 29, 0.95, ProportionMethod::clopper_pearson).lower,
                    0.0008726468835799639));
  EXPECT_TRUE(close(proportion_interval(0, 20, 0.95, ProportionMethod::clopper_pearson).upper,
                    0.1684334709830853));
  // x = n: upper is 1; and the Beta identity I_lower(x, n − x + 1) = α/2.
  const Interval full = proportion_interval(20, 20, 0.95, ProportionMethod::clopper_pearson);
  EXPECT_EQ(full.upper, 1);
  EXPECT_TRUE(close(boost::math::ibeta(20.0, 1.0, full.lower), 0.025));
  EXPECT_TRUE(close(full.lower, std::pow(0.025, 1.0 / 20))); // (α/2)^(1/n) in closed form
}

// Jeffreys: equal-tailed Beta(x + ½, n − x + ½) quantiles (Brown, Cai & DasGupta 2001, §4.1.2),
// checked through the forward incomplete beta, with the boundary rule lower = 0 at x = 0.
TEST(Jeffreys, LimitsAreBetaQuantilesWithBoundaryRule) {
  const Interval j = proportion_interval(81, 263, 0.95, ProportionMethod::jeffreys);
  EXPECT_TRUE(close(boost::math::ibeta(81.5, 182.5, j.lower), 0.025));
  EXPECT_TRUE(close(boost::math::ibeta(81.5, 182.5, j.upper), 0.975));
  // BCD 2001 Table 5 shape: Jeffreys sits inside Clopper–Pearson.
  const Interval e = proportion_interval(81, 263, 0.95, ProportionMethod::clopper_pearson);
  EXPECT_GT(j.lower, e.lower);
  EXPECT_LT(j.upper, e.upper);
  const Interval zero = proportion_interval(0, 20, 0.95, ProportionMethod::jeffreys);
  EXPECT_EQ(zero.lower, 0);
  EXPECT_TRUE(close(boost::math::ibeta(0.5, 20.5, zero.upper), 0.975));
}

// Agresti & Coull 1998 and the Wald interval, by hand for 81/263 at 95 % (z = 1.959963985):
// ñ = 263 + z² = 266.841458821, p̃ = (81 + z²/2)/ñ = 0.310746...; Wald: p = 0.307985, half-width
// z √(p(1 − p)/263) = 0.055787 → (0.2522, 0.3638), Newcombe 1998a Table II, method 1.
TEST(AgrestiCoullAndWald, HandCalculations) {
  const double z = 1.9599639845400536, z2 = z * z;
  const double nt = 263 + z2, pt = (81 + z2 / 2) / nt;
  const double half = z * std::sqrt(pt * (1 - pt) / nt);
  const Interval ac = proportion_interval(81, 263, 0.95, ProportionMethod::agresti_coull);
  EXPECT_TRUE(close(ac.lower, pt - half));
  EXPECT_TRUE(close(ac.upper, pt + half));
  const Interval w = proportion_interval(81, 263, 0.95, ProportionMethod::wald);
  EXPECT_NEAR(w.lower, 0.2522, 5e-5);
  EXPECT_NEAR(w.upper, 0.3638, 5e-5);
  // Both are clipped to [0, 1]: Wald of 0/20 is degenerate (0, 0).
  const Interval w0 = proportion_interval(0, 20, 0.95, ProportionMethod::wald);
  EXPECT_EQ(w0.lower, 0);
  EXPECT_EQ(w0.upper, 0);
  EXPECT_GE(proportion_interval(1, 29, 0.95, ProportionMethod::agresti_coull).lower, 0);
}

TEST(Proportion, MultiplierScalesValueAndLimits) {
  const Interval pct = proportion_interval(65, 100, 0.95, ProportionMethod::wilson, 100);
  EXPECT_TRUE(close(pct.value, 65));
  EXPECT_TRUE(close(pct.lower, 55.25444329688797));
  EXPECT_TRUE(close(pct.upper, 73.63575175690247));
  const Interval all = proportion_interval(3, 4, 1, ProportionMethod::clopper_pearson, 100);
  EXPECT_EQ(all.lower, 0);
  EXPECT_EQ(all.upper, 100);
}

TEST(Proportion, BadScalarInputNamesTheField) {
  EXPECT_THAT(error_of([] { proportion_interval(-4, 10); }), HasSubstr("x | x: is negative (-4)"));
  EXPECT_THAT(error_of([] { proportion_interval(80, 50); }),
              HasSubstr("x | x: exceeds n (80 > 50)"));
  EXPECT_THAT(error_of([] { proportion_interval(1, 0); }),
              HasSubstr("n | n: must be greater than zero"));
  EXPECT_THAT(error_of([] { proportion_interval(1, -6); }), HasSubstr("n | "));
  EXPECT_THAT(error_of([] { proportion_interval(NAN, 6); }),
              HasSubstr("x | x: is not a finite number"));
  EXPECT_THAT(error_of([] { proportion_interval(1, 6, 150); }), HasSubstr("confidence | "));
  EXPECT_THAT(error_of([] { proportion_interval(1, 6, 0.95, ProportionMethod::wilson, 0); }),
              HasSubstr("multiplier | "));
  EXPECT_THAT(error_of([] { parse_proportion_method("score"); }), HasSubstr("method | "));
  EXPECT_EQ(parse_proportion_method("exact"), ProportionMethod::clopper_pearson);
  for (auto m :
       {ProportionMethod::wilson, ProportionMethod::clopper_pearson, ProportionMethod::jeffreys,
        ProportionMethod::agresti_coull, ProportionMethod::wald})
    EXPECT_EQ(parse_proportion_method(to_string(m)), m);
}

// ---- counts ------------------------------------------------------------------------------

// PHEindicatormethods tests/testthat/testByars.R: byars_lower / byars_upper of x = (65, 1045, 1)
// at 95 % and x = (65, 1045, 10) at 99.8 %. The expected values are PHE's published ones, read
// from the workbook tests/testthat/testdata_Byars_Wilson.xlsx (sheet testdata_B_W, rows 2–7,
// columns lowercl / uppercl; they equal the values once derived here by hand to all 17 digits).
// PHE's formulas x(1 − 1/(9x) − z/(3√x))³ and (x + 1)(1 − 1/(9(x + 1)) + z/(3√(x + 1)))³; e.g.
// x = 65, z = 1.959963985: 1 − 1/585 − 1.959963985/(3 × 8.062258) = 0.917256..., cubed × 65 =
// 50.16318771. Independent anchors: Byar.MatchesPublishedWorkedExamples below.
TEST(Byar, ReproducesPheTestInputs) {
  struct Row {
    double x, confidence, lower, upper;
  };
  const Row rows[] = {
      {65, 0.95, 50.163187710459454, 82.84913854593984},
      {1045, 0.95, 982.5932018073325, 1110.33121298565},
      {1, 0.95, 0.01307213290150435, 5.5637555824752605},
      {65, 0.998, 42.8802614714802, 94.000290844318},
      {1045, 0.998, 947.9407035610374, 1148.806160988033},
      {10, 0.998, 2.916318374695686, 24.19372492788055},
  };
  for (const Row& r : rows) {
    const CountInterval ci = count_interval(r.x, r.confidence, CountMethod::byar);
    EXPECT_TRUE(close(ci.lower, r.lower)) << r.x << " at " << r.confidence;
    EXPECT_TRUE(close(ci.upper, r.upper)) << r.x << " at " << r.confidence;
    EXPECT_EQ(ci.method, CountMethod::byar);
  }
}

// Byar's limits against worked examples computed by others, not by zhibiao's formula:
// 1. APHO, "Commonly used public health statistics and their confidence intervals" (Excel tool
//    accompanying APHO Technical Briefing 3, Eayres 2008; updated 2014), sheet Rates: O = 65,
//    n = 100, 95 %: Olower (Formula 4a(ii), cell H50) = 50.163187710459454, Oupper (4b(ii), H53)
//    = 82.849138545939837; rlower = Olower/n (H38) = 0.50163187710459456. Its sheet Direct
//    Standardisation, Byar's limits of O = 91 (H88, H91): 73.265529346512182, 111.72901422867113.
//    The tool is kept in PHEindicatormethods' history as tests/testthat/"APHO Tool for common PH
//    Stats and CIs_adapted.xlsx" (commit 51714e0).
// 2. PHEindicatormethods tests/testthat/testdata_Rate.xlsx, sheet testdata_Rate: PHE's expected
//    rates per 100,000, each computed by an Excel formula (CHIINV below 10 events, Byar's with
//    NORMSINV from 10) in columns lower95_0cl, upper95_0cl, lower99_8cl, upper99_8cl; rows Area3,
//    Area5–Area8 and Area12 (rows 12, 14–17 and 21), all Byar's.
TEST(Byar, MatchesPublishedWorkedExamples) {
  const CountInterval o65 = count_interval(65, 0.95, CountMethod::byar);
  EXPECT_TRUE(close(o65.lower, 50.163187710459454));
  EXPECT_TRUE(close(o65.upper, 82.849138545939837));
  const RateInterval r65 = rate_interval(65, 100, 0.95, CountMethod::byar, 1);
  EXPECT_TRUE(close(r65.lower, 0.50163187710459456));
  const CountInterval o91 = count_interval(91, 0.95, CountMethod::byar);
  EXPECT_TRUE(close(o91.lower, 73.265529346512182));
  EXPECT_TRUE(close(o91.upper, 111.72901422867113));

  struct Row {
    double x, n, lower95, upper95, lower998, upper998;
  };
  const Row rows[] = {
      {20, 100, 12211.428834875936, 30889.880369197064, 8922.8023651441927, 38085.035625041914},
      {9856, 12345, 78269.490589767578, 81430.016542721409, 77375.905432710526, 82354.472770954308},
      {7776456, 7564336677, 102.73196005302074, 102.87648334092832, 102.690317308454,
       102.91817639509068},
      {222, 3215, 6026.5748776526743, 7875.7293708718507, 5560.7376952598534, 8461.0466817334109},
      {999, 3456, 27141.304936090521, 30755.833237378414, 26162.147596445768, 31845.604819822653},
      {250, 220, 99984.947385328764, 128631.14487455782, 92710.005544389525, 137651.23772147458},
  };
  for (const Row& r : rows) {
    for (CountMethod m : {CountMethod::byar, CountMethod::phe}) { // PHE's rule: Byar's from 10
      const RateInterval a = rate_interval(r.x, r.n, 0.95, m, 100000);
      const RateInterval b = rate_interval(r.x, r.n, 0.998, m, 100000);
      EXPECT_EQ(a.method, CountMethod::byar);
      EXPECT_TRUE(close(a.lower, r.lower95)) << r.x << "/" << r.n;
      EXPECT_TRUE(close(a.upper, r.upper95)) << r.x << "/" << r.n;
      EXPECT_TRUE(close(b.lower, r.lower998)) << r.x << "/" << r.n;
      EXPECT_TRUE(close(b.upper, r.upper998)) << r.x << "/" << r.n;
    }
  }
}

// Exact Poisson limits against their definition, P(X ≥ x | L) = α/2 and P(X ≤ x | U) = α/2,
// solved by bisection on Poisson sums (tests/reference/derive_intervals.py). Also the
// classical table values (e.g. Documenta Geigy; Haenszel et al. 1962): 0 → (0, 3.689),
// 1 → (0.0253, 5.572), 5 → (1.624, 11.668), 9 → (4.115, 17.085).
TEST(ExactPoisson, MatchesTheTailDefinition) {
  struct Row {
    double x, lower, upper, mid_lower, mid_upper;
  };
  const Row rows[] = {
      {0, 0.0, 3.688879454113935, 0.0, 2.9957322735539904},
      {1, 0.025317807984289953, 5.571643390938897, 0.05002034483533546, 4.931860524706773},
      {5, 1.623486390118423, 11.668332079322667, 1.8319948085284175, 11.082415664992013},
      {9, 4.115373097378328, 17.08480345141917, 4.389068434569078, 16.516425469041792},
  };
  for (const Row& r : rows) {
    const CountInterval e = count_interval(r.x, 0.95, CountMethod::exact);
    EXPECT_TRUE(close(e.lower, r.lower)) << r.x;
    EXPECT_TRUE(close(e.upper, r.upper)) << r.x;
    const CountInterval m = count_interval(r.x, 0.95, CountMethod::mid_p);
    EXPECT_TRUE(close(m.lower, r.mid_lower)) << r.x;
    EXPECT_TRUE(close(m.upper, r.mid_upper)) << r.x;
    EXPECT_EQ(m.method, CountMethod::mid_p);
  }
  // x = 0: the upper limit is −ln(α/2) exactly (P(X = 0) = e^−U), mid-p −ln(α).
  EXPECT_TRUE(close(count_interval(0, 0.95, CountMethod::exact).upper, -std::log(0.025)));
  EXPECT_TRUE(close(count_interval(0, 0.95, CountMethod::mid_p).upper, std::log(20.0)));
}

// PHE's rule (calculate_rate; Fingertips technical guidance): exact below 10 events, Byar's
// from 10. Rate limits are the count limits over n, times the multiplier (100,000 default).
TEST(Rate, PheRuleSwitchesAtTenEvents) {
  EXPECT_EQ(count_interval(9).method, CountMethod::exact);
  EXPECT_EQ(count_interval(10).method, CountMethod::byar);
  const RateInterval r9 = rate_interval(9, 25000);
  EXPECT_EQ(r9.method, CountMethod::exact);
  EXPECT_TRUE(close(r9.value, 36));
  EXPECT_TRUE(close(r9.lower, 4.115373097378328 / 25000 * 100000));
  EXPECT_TRUE(close(r9.upper, 17.08480345141917 / 25000 * 100000));
  const RateInterval r65 = rate_interval(65, 100, 0.95, CountMethod::phe, 100);
  EXPECT_EQ(r65.method, CountMethod::byar);
  EXPECT_TRUE(close(r65.lower, 50.163187710459454));
  EXPECT_TRUE(close(r65.upper, 82.84913854593984));
  EXPECT_THAT(error_of([] { count_interval(5, 1); }), HasSubstr("confidence | "));
  EXPECT_THAT(error_of([] { rate_interval(5, 0); }), HasSubstr("n | "));
  EXPECT_THAT(error_of([] { rate_interval(-5, 10); }), HasSubstr("x | x: is negative"));
  EXPECT_THAT(error_of([] { parse_count_method("poisson"); }), HasSubstr("method | "));
  EXPECT_EQ(parse_count_method("byars"), CountMethod::byar);
}

// ---- columns ----------------------------------------------------------------------------

TEST(Columns, SeveralLevelsAtOnceEqualTheScalarResults) {
  Eigen::ArrayXd x(3), n(3);
  x << 65, 1045, 0.445;
  n << 100, 5000, 1;
  const auto ci = proportion_intervals(x, n, ProportionMethod::wilson,
                                       {.confidence = {0.95, 0.998}, .multiplier = 100});
  ASSERT_EQ(ci.lower.cols(), 2);
  EXPECT_TRUE(close(ci.value[0], 65));
  EXPECT_TRUE(close(ci.lower(0, 0), 55.25444329688797));
  EXPECT_TRUE(close(ci.upper(1, 1), 22.731562902525795));
  EXPECT_TRUE(close(ci.lower(2, 1), 1.9347006132901353));
  EXPECT_EQ(ci.method.size(), 0);
  for (auto m : {ProportionMethod::clopper_pearson, ProportionMethod::jeffreys,
                 ProportionMethod::agresti_coull, ProportionMethod::wald}) {
    const auto col = proportion_intervals(x, n, m, {.confidence = {0.9, 0.95}});
    for (int i = 0; i < 3; ++i) {
      const Interval s = proportion_interval(x(i), n(i), 0.95, m);
      EXPECT_EQ(col.lower(i, 1), s.lower);
      EXPECT_EQ(col.upper(i, 1), s.upper);
      EXPECT_LE(col.upper(i, 0), col.upper(i, 1)); // 90 % is no wider than 95 % (clipped at 1)
      EXPECT_GE(col.lower(i, 0), col.lower(i, 1));
    }
  }
}

TEST(Columns, EveryBadRowIsListedOrMarked) {
  Eigen::ArrayXd x(6), n(6);
  x << 10, -1, 5, NAN, 7, 3;
  n << 20, 10, 4, 10, 0, 9;
  try {
    proportion_intervals(x, n);
    FAIL() << "no exception";
  } catch (const invalid_rows& e) {
    ASSERT_EQ(e.rows().size(), 4u);
    EXPECT_EQ(e.rows()[0].row, 1u);
    EXPECT_EQ(e.rows()[1].message, "exceeds n (5 > 4); a proportion counts part of n");
    EXPECT_EQ(e.rows()[2].field, "x");
    EXPECT_EQ(e.rows()[3].field, "n");
  }
  const auto marked = proportion_intervals(x, n, ProportionMethod::clopper_pearson,
                                           {.on_bad_rows = OnBadRows::mark});
  EXPECT_EQ(marked.errors.size(), 4u);
  EXPECT_EQ(marked.status[4], IntervalStatus::non_positive_n);
  EXPECT_TRUE(std::isnan(marked.value[1]) && std::isnan(marked.lower(1, 0)));
  EXPECT_FALSE(std::isnan(marked.upper(5, 0)));
  // Rates: x may exceed n; the method column says what each row used.
  Eigen::ArrayXd e(4), p(4);
  e << 3, 120, 9, NAN;
  p << 1000, 100, 1e5, 10;
  const auto rates = rate_intervals(e, p, CountMethod::phe, {{0.95}, 100000, OnBadRows::mark});
  EXPECT_EQ(rates.method[0], CountMethod::exact);
  EXPECT_EQ(rates.method[1], CountMethod::byar);
  EXPECT_EQ(rates.method[3], no_count_method); // bad row
  EXPECT_EQ(rates.method.codes()[3], 255);
  EXPECT_EQ(rates.errors.size(), 1u);
  EXPECT_THROW(rate_intervals(e, p), invalid_rows);
  EXPECT_THROW(rate_intervals(e.head(2), p.head(2), CountMethod::phe, {{1.0}, 1, OnBadRows::raise}),
               invalid_input);
  EXPECT_THROW(proportion_intervals(x.head(2), n.head(3)), invalid_input);
  EXPECT_THROW(proportion_intervals(x, n, ProportionMethod::wilson, {.confidence = {}}),
               invalid_input);
}

TEST(Columns, ExactLimitsAreCachedPerCountButEqualTheScalarOnes) {
  Eigen::ArrayXd x(5), n(5);
  x << 4, 4, 0, 4, 2.5;
  n << 10, 20, 30, 40, 50;
  const auto r = rate_intervals(x, n, CountMethod::exact, {{0.95}, 1, OnBadRows::raise});
  for (int i = 0; i < 5; ++i) {
    const RateInterval s = rate_interval(x(i), n(i), 0.95, CountMethod::exact, 1);
    EXPECT_EQ(r.lower(i, 0), s.lower);
    EXPECT_EQ(r.upper(i, 0), s.upper);
  }
  // The exact upper limit of x is the 1 − α/2 quantile of Gamma(x + 1): check it forward.
  EXPECT_TRUE(close(boost::math::gamma_q(5.0, r.upper(0, 0) * 10), 0.025));
}

// Found by tests/python/test_numerical_edges.py (issue 9): at x = n = 2 the Wilson upper limit
// came out as 1 + 2^-52. Hand calculation: at x = n, √(z² + 4x(1 − x/n)) = z, so the upper limit
// is (2n + z² + z²) / (2(n + z²)) = 1 exactly; at x = 0 the lower limit is (z² − z²)/… = 0.
TEST(Proportion, WilsonLimitsStayWithinZeroAndOne) {
  for (double n : {1.0, 2.0, 3.0, 7.0, 1e6, 9007199254740992.0})
    for (double c : {0.5, 0.95, 0.998, 0.9999}) {
      EXPECT_LE(proportion_interval(n, n, c).upper, 1.0) << n << " " << c;
      EXPECT_GE(proportion_interval(0, n, c).lower, 0.0) << n << " " << c;
    }
}

// Also found there: Boost.Math's incomplete gamma series give up at 2^53 events, which escaped
// as a boost::math::evaluation_error (a std::runtime_error). It is invalid input naming x;
// Byar's method, which needs no series, still gives the interval.
TEST(Count, ExactMethodsRefuseCountsTheyCannotComputeAsInvalidInput) {
  const double big = 9007199254740992.0; // 2^53
  for (CountMethod m : {CountMethod::exact, CountMethod::mid_p}) {
    try {
      count_interval(big, 0.95, m);
      FAIL() << to_string(m);
    } catch (const invalid_input& e) {
      EXPECT_EQ(e.field(), "x");
      EXPECT_THAT(e.what(), HasSubstr("too large for the"));
    }
  }
  const auto byar = count_interval(big, 0.95, CountMethod::byar);
  EXPECT_LT(byar.lower, big);
  EXPECT_GT(byar.upper, big);
}

// The fused closed-form pass (issue 8) against the scalar functions, row by row, on a column
// long enough to span several 8192-row blocks and both threads, with bad rows in two blocks
// only: every good row equals proportion_interval / rate_interval exactly (the same formulas,
// correctly rounded in every vector clone), bad rows are NaN with their status, the statuses of
// the clean blocks are left as the caller zero-filled them, and value may be skipped.
TEST(Columns, FusedClosedFormPassEqualsTheScalarResults) {
  constexpr std::size_t len = 200'000;
  std::vector<double> x(len), n(len);
  for (std::size_t i = 0; i < len; ++i) {
    n[i] = static_cast<double>(1 + (i * 7919) % 5000);
    x[i] = std::floor(n[i] * static_cast<double>((i * 104729) % 1000) / 1000.0);
    if (i % 97 == 0) x[i] = 0;                                           // lower limit pinned at 0
    if (i % 89 == 0) x[i] = n[i];                                        // upper limit pinned at 1
    if (i % 13 == 0) x[i] = std::min(static_cast<double>(i % 10), n[i]); // PHE's exact table
  }
  x[12'345] = -1;   // bad: negative (block 1)
  n[150'001] = NAN; // bad: missing n (block 18, the second thread's half)
  x[150'003] = 2.5; // a fractional count below 10: computed, not looked up
  const std::vector<double> levels{0.95, 0.998};
  std::vector<double> lower(2 * len), upper(2 * len), value(len);
  std::vector<std::uint8_t> status(len, 0);
  const std::size_t bad = detail::closed_form_proportion_intervals(
      ProportionMethod::wilson, x.data(), n.data(), len, levels, 100, nullptr, lower.data(),
      upper.data(), status.data());
  EXPECT_EQ(bad, 2u);
  EXPECT_EQ(status[12'345], static_cast<std::uint8_t>(IntervalStatus::negative_x));
  EXPECT_EQ(status[150'001], static_cast<std::uint8_t>(IntervalStatus::non_finite_n));
  EXPECT_TRUE(std::isnan(lower[12'345]) && std::isnan(upper[len + 150'001]));
  for (std::size_t i = 0; i < len; i += 37) {
    if (i == 12'345 || i == 150'001) continue;
    EXPECT_EQ(status[i], 0);
    for (std::size_t k = 0; k < 2; ++k) {
      const Interval s = proportion_interval(x[i], n[i], levels[k], ProportionMethod::wilson, 100);
      ASSERT_EQ(lower[k * len + i], s.lower) << "row " << i << " level " << k;
      ASSERT_EQ(upper[k * len + i], s.upper) << "row " << i << " level " << k;
    }
  }
  // Rates under PHE's rule, with the value this time.
  std::fill(status.begin(), status.end(), 0);
  std::vector<std::uint8_t> method(len);
  const std::size_t bad_rates = detail::closed_form_rate_intervals(
      CountMethod::phe, x.data(), n.data(), len, levels, 1000, value.data(), lower.data(),
      upper.data(), status.data(), method.data());
  EXPECT_EQ(bad_rates, 2u); // x > n is fine for rates; the same two rows are bad
  EXPECT_EQ(method[150'001], 255);
  EXPECT_TRUE(std::isnan(value[12'345]));
  for (std::size_t i = 0; i < len; ++i) {
    if (i != 150'003 && (i % 41 != 0 || i == 12'345 || i == 150'001)) continue;
    for (std::size_t k = 0; k < 2; ++k) {
      const RateInterval s = rate_interval(x[i], n[i], levels[k], CountMethod::phe, 1000);
      ASSERT_EQ(value[i], s.value) << "row " << i;
      ASSERT_EQ(lower[k * len + i], s.lower) << "row " << i << " level " << k;
      ASSERT_EQ(upper[k * len + i], s.upper) << "row " << i << " level " << k;
      ASSERT_EQ(method[i], static_cast<std::uint8_t>(s.method)) << "row " << i;
    }
  }
  EXPECT_THROW(detail::closed_form_proportion_intervals(ProportionMethod::clopper_pearson, x.data(),
                                                        n.data(), len, levels, 1, nullptr,
                                                        lower.data(), upper.data(), status.data()),
               invalid_input);
}

// Columns of 2^20 rows and more have their Wilson limits written with streaming stores on an
// AVX-512 CPU, when lower and upper sit at the same offset in a 64-byte line (src/interval.cpp,
// wilson_rows_streamed); otherwise with ordinary stores. Both paths, on one column with every
// kind of row (pinned limits at x = 0 and x = n, bad rows, n beyond 2^256 and below 2^-256,
// which the fallback recomputes, rows left over after the last vector of 8), must give exactly
// the scalar proportion_interval of every row. The outputs are placed by hand: 8 bytes into a
// 64-byte line with upper at the same offset (streamed, with a scalar head of 7 rows), and
// upper 8 bytes further on (ordinary stores). On a CPU without AVX-512 both runs take the
// ordinary path, and the test still checks it.
TEST(Columns, StreamedWilsonLimitsEqualTheScalarResults) {
  constexpr std::size_t len = (std::size_t{1} << 20) + 1003;
  std::vector<double> x(len), n(len);
  for (std::size_t i = 0; i < len; ++i) {
    n[i] = static_cast<double>(1 + (i * 7919) % 100'000);
    x[i] = std::floor(n[i] * static_cast<double>((i * 104729) % 1000) / 1000.0);
    if (i % 97 == 0) x[i] = 0;
    if (i % 89 == 0) x[i] = n[i];
  }
  x[3] = -1;                              // bad, in the scalar head
  n[500'000] = NAN;                       // bad, in a vector
  n[700'001] = 1e300, x[700'001] = 3e299; // n beyond 2^256: recomputed by wilson_fractions
  n[700'100] = 1e-300, x[700'100] = 0;    // n below 2^-256
  n[len - 2] = 2, x[len - 2] = 1;         // in the tail after the last vector
  const std::vector<double> levels{0.95};
  std::vector<double> storage(2 * len + 64);
  const auto line = [&](std::size_t offset) { // first double 64-byte aligned at or after offset
    double* p = storage.data() + offset;
    while (reinterpret_cast<std::uintptr_t>(p) % 64 != 0) ++p;
    return p;
  };
  for (const std::size_t skew : {0, 1}) {
    double* lower = line(0) + 1;
    double* upper = line(len + 16) + 1 + skew; // same offset in its line, or 8 bytes on
    std::vector<std::uint8_t> status(len, 0);
    const std::size_t bad =
        detail::closed_form_proportion_intervals(ProportionMethod::wilson, x.data(), n.data(), len,
                                                 levels, 100, nullptr, lower, upper, status.data());
    EXPECT_EQ(bad, 2u) << "skew " << skew;
    EXPECT_EQ(status[3], static_cast<std::uint8_t>(IntervalStatus::negative_x));
    EXPECT_EQ(status[500'000], static_cast<std::uint8_t>(IntervalStatus::non_finite_n));
    for (std::size_t i = 0; i < len; ++i) {
      if (i == 3 || i == 500'000) {
        ASSERT_TRUE(std::isnan(lower[i]) && std::isnan(upper[i])) << "row " << i;
        continue;
      }
      const Interval s = proportion_interval(x[i], n[i], 0.95, ProportionMethod::wilson, 100);
      ASSERT_EQ(lower[i], s.lower) << "row " << i << " skew " << skew;
      ASSERT_EQ(upper[i], s.upper) << "row " << i << " skew " << skew;
    }
    // Hand check of one row in the tail: 1 of 2 at z = 1.959964, (2 + z² ± z√(z² + 2)) /
    // (2(2 + z²)) = 0.0945312 and 0.905469, in per cent (Wilson 1927, the score interval).
    EXPECT_NEAR(lower[len - 2], 9.45312, 1e-4);
    EXPECT_NEAR(upper[len - 2], 90.5469, 1e-4);
    // 3e299 of 1e300: the interval's half-width, z√(p(1 − p)/n), is 1e-150 of p = 30 %;
    // 0 of 1e-300: (z² + z√z²) / (2(n + z²)) = 1 to within n / z².
    EXPECT_NEAR(lower[700'001], 30.0, 1e-12);
    EXPECT_NEAR(upper[700'001], 30.0, 1e-12);
    EXPECT_EQ(lower[700'100], 0.0);
    EXPECT_NEAR(upper[700'100], 100.0, 1e-12);
  }
}

// The column function of detail/interval_kernels.hpp is the one implementation behind
// proportion_intervals / rate_intervals and the binding: writing into caller buffers, it gives
// the Eigen API's numbers bit for bit, for every method, with bad rows marked.
namespace {

struct SpanColumn {
  std::vector<double> value, lower, upper;
  std::vector<std::uint8_t> status, method;
  std::vector<row_error> errors;
};

SpanColumn span_column(bool counts, int method, const Eigen::ArrayXd& x, const Eigen::ArrayXd& n,
                       const IntervalOptions& options, bool with_value) {
  const auto len = static_cast<std::size_t>(x.size());
  const std::size_t levels = options.confidence.size();
  SpanColumn c{std::vector<double>(with_value ? len : 0),   std::vector<double>(levels * len),
               std::vector<double>(levels * len),           std::vector<std::uint8_t>(len, 0),
               std::vector<std::uint8_t>(counts ? len : 0), {}};
  const detail::IntervalBuffers out{c.value, c.lower, c.upper, c.status, c.method};
  const std::span<const double> xs(x.data(), len);
  const std::span<const double> ns(n.data(), static_cast<std::size_t>(n.size()));
  c.errors = counts ? detail::rate_interval_column(static_cast<CountMethod>(method), xs, ns,
                                                   options, out, {"events", "population"})
                    : detail::proportion_interval_column(static_cast<ProportionMethod>(method), xs,
                                                         ns, options, out);
  return c;
}

// Equal, or both NaN.
bool same(double a, double b) { return a == b || (std::isnan(a) && std::isnan(b)); }

} // namespace

TEST(IntervalColumnFunction, EqualsTheEigenApiBitForBit) {
  const Eigen::Index len = 3000;
  Eigen::ArrayXd x(len), n(len);
  for (Eigen::Index i = 0; i < len; ++i) {
    n(i) = static_cast<double>(1 + (i * 7919) % 400);
    x(i) = std::floor(n(i) * static_cast<double>((i * 104729) % 1000) / 1000.0);
  }
  x(7) = -1;
  n(1500) = NAN;
  x(2999) = n(2999) + 1; // bad for proportions only
  const IntervalOptions options{{0.95, 0.998}, 100, OnBadRows::mark};
  for (const bool counts : {false, true}) {
    for (int method = 0; method <= (counts ? 3 : 4); ++method) {
      const IntervalArray eigen =
          counts ? rate_intervals(x, n, static_cast<CountMethod>(method), options)
                 : proportion_intervals(x, n, static_cast<ProportionMethod>(method), options);
      for (const bool with_value : {true, false}) {
        const SpanColumn c = span_column(counts, method, x, n, options, with_value);
        ASSERT_EQ(c.errors.size(), eigen.errors.size());
        for (Eigen::Index i = 0; i < len; ++i) {
          const auto r = static_cast<std::size_t>(i);
          ASSERT_EQ(c.status[r], eigen.status.codes()[r]) << "row " << i << " method " << method;
          if (with_value) {
            ASSERT_TRUE(same(c.value[r], eigen.value[i])) << "row " << i;
          }
          if (counts) {
            ASSERT_EQ(c.method[r], eigen.method.codes()[r]) << "row " << i;
          }
          for (Eigen::Index k = 0; k < 2; ++k) {
            const auto at = static_cast<std::size_t>(k * len + i);
            ASSERT_TRUE(same(c.lower[at], eigen.lower(i, k))) << "row " << i << " level " << k;
            ASSERT_TRUE(same(c.upper[at], eigen.upper(i, k))) << "row " << i << " level " << k;
          }
        }
      }
    }
  }
}

TEST(IntervalColumnFunction, NamesTheCallersFieldsAndRaises) {
  const Eigen::ArrayXd x = (Eigen::ArrayXd(3) << 1, -1, 2).finished();
  // n = -5, not 0: a rate in no population is undefined, not a bad row (issue 14, class 9).
  const Eigen::ArrayXd n = (Eigen::ArrayXd(3) << 10, 10, -5).finished();
  IntervalOptions options{{0.95}, 1, OnBadRows::mark};
  const SpanColumn marked =
      span_column(true, static_cast<int>(CountMethod::exact), x, n, options, true);
  ASSERT_EQ(marked.errors.size(), 2u);
  EXPECT_EQ(marked.errors[0].field, "events");
  EXPECT_EQ(marked.errors[1].field, "population");
  options.on_bad_rows = OnBadRows::raise;
  for (const int method :
       {static_cast<int>(CountMethod::phe), static_cast<int>(CountMethod::exact)})
    EXPECT_THROW(span_column(true, method, x, n, options, true), invalid_rows);
  const Eigen::ArrayXd short_n = Eigen::ArrayXd::Ones(2);
  try {
    span_column(true, 3, x, short_n, options, true);
    FAIL() << "mismatched lengths must throw";
  } catch (const invalid_input& e) {
    EXPECT_THAT(e.what(), HasSubstr("population"));
    EXPECT_THAT(e.what(), HasSubstr("has 2 rows but events has 3"));
  }
}

// Issue 14, class 10: per-cent levels read as fractions through the one reader
// (detail/options.hpp), as PHEindicatormethods reads them (confidence > 1 is divided by 100).
// 95 and 0.95 must give bit-identical limits; 65/100 at 95 %: Wilson (0.5525444329688797,
// 0.7363575175690247), the PHE test input of Wilson.ReproducesPheTestInputsAt95And998 above.
TEST(ConfidenceOption, PerCentReadsAsAFraction) {
  const Interval per_cent = proportion_interval(65, 100, 95);
  EXPECT_TRUE(close(per_cent.lower, 0.5525444329688797));
  EXPECT_EQ(per_cent.upper, proportion_interval(65, 100, 0.95).upper);
  EXPECT_EQ(rate_interval(9, 25000, 99.8).upper, rate_interval(9, 25000, 0.998).upper);
  EXPECT_EQ(count_interval(5, 95).lower, count_interval(5, 0.95).lower);
  Eigen::ArrayXd x(2), n(2);
  x << 65, 1045;
  n << 100, 5000;
  const IntervalArray col = proportion_intervals(x, n, ProportionMethod::wilson, {{95, 99.8}});
  EXPECT_EQ(col.confidence, (std::vector<double>{0.95, 0.998})); // stored as fractions
  EXPECT_TRUE(close(col.upper(1, 1), 0.22731562902525795));      // 1045/5000 at 99.8 %
  const IntervalArray rates = rate_intervals(x, n, CountMethod::phe, {{95}, 100000});
  EXPECT_EQ(rates.confidence, (std::vector<double>{0.95}));
}

// Issue 14, class 7: every bad level is refused naming "confidence"; 1 / 100 (a 100 % interval)
// only for proportions, where it is (0, 1); a count's upper limit would be infinite there.
TEST(ConfidenceOption, BadLevelsAreRefusedNamingTheOption) {
  for (double c : {0.0, -0.5, 100.5, 1e9, double(NAN), double(INFINITY)})
    EXPECT_THAT(error_of([c] { proportion_interval(5, 10, c); }), HasSubstr("confidence | ")) << c;
  EXPECT_EQ(proportion_interval(65, 100, 100).upper, 1);
  EXPECT_THAT(error_of([] { rate_interval(5, 10, 100); }), HasSubstr("confidence | "));
  EXPECT_THAT(error_of([] { count_interval(5, 1); }), HasSubstr("confidence | "));
  Eigen::ArrayXd x(1), n(1);
  x << 1;
  n << 2;
  EXPECT_THAT(error_of([&] {
                rate_intervals(x, n, CountMethod::phe, {{0.95, 100}});
              }),
              HasSubstr("confidence | "));
  EXPECT_THAT(error_of([&] { proportion_intervals(x, n, ProportionMethod::wilson, {{}}); }),
              HasSubstr("confidence | "));
  EXPECT_THAT(error_of([&] {
                proportion_intervals(x, n, ProportionMethod::wilson, {{0.95}, NAN});
              }),
              HasSubstr("multiplier | "));
}

// Issue 14, class 9: a zero denominator is not an error (docs/bad-input.md §4). Rows: 5/100
// (ok: 0.05), 0 of 0 (undefined), 3 of 0 (a bad proportion row, named by n, as before), and
// for rates 3 events in no population (undefined). The rest is computed as alone.
TEST(Columns, ZeroDenominatorIsUndefinedNotAnError) {
  Eigen::ArrayXd x(3), n(3);
  x << 5, 0, 3;
  n << 100, 0, 0;
  for (const auto method : {ProportionMethod::wilson, ProportionMethod::clopper_pearson}) {
    const IntervalArray p = proportion_intervals(x, n, method, {.on_bad_rows = OnBadRows::mark});
    EXPECT_EQ(p.status[1], IntervalStatus::undefined);
    EXPECT_TRUE(std::isnan(p.value[1]) && std::isnan(p.lower(1, 0)) && std::isnan(p.upper(1, 0)));
    ASSERT_EQ(p.errors.size(), 1u); // only 3 of 0
    EXPECT_EQ(p.errors[0].row, 2u);
    EXPECT_EQ(p.errors[0].field, "n");
    EXPECT_EQ(p.value[0], 0.05);
    EXPECT_EQ(p.lower(0, 0), proportion_interval(5, 100, 0.95, method).lower);
  }
  Eigen::ArrayXd x2 = x.head(2), n2 = n.head(2);
  const IntervalArray raised = proportion_intervals(x2, n2); // raise: no bad row left
  EXPECT_EQ(raised.status[1], IntervalStatus::undefined);
  EXPECT_TRUE(raised.errors.empty());
  for (const auto method : {CountMethod::phe, CountMethod::byar, CountMethod::exact}) {
    const IntervalArray r = rate_intervals(x, n, method); // raise mode: nothing raised
    EXPECT_TRUE(r.errors.empty());
    EXPECT_EQ(r.status[2], IntervalStatus::undefined);
    EXPECT_TRUE(std::isnan(r.value[2]) && std::isnan(r.upper(2, 0)));
    EXPECT_EQ(r.value[0], 5000); // 5 / 100 × 100,000
  }
  EXPECT_EQ(describe(IntervalStatus::undefined), "undefined: n is zero");
  EXPECT_FALSE(is_error(IntervalStatus::undefined));
}

namespace {

constexpr double largest = std::numeric_limits<double>::max();
// Extreme finite inputs of issue 14: zero, the smallest denormal, one, 1e308, 1.7e308 and the
// largest double.
const std::vector<double> extreme_values{0, 5e-324, 1, 1e308, 1.7e308, largest};

bool all_finite(const IntervalArray& a, std::size_t i) {
  bool ok = std::isfinite(a.value[i]);
  for (std::size_t k = 0; k < a.lower.cols(); ++k)
    ok = ok && std::isfinite(a.lower(i, k)) && std::isfinite(a.upper(i, k));
  return ok;
}

} // namespace

// Issue 14, class 3: Wilson's limits of 1e308 of 1.7e308 were NaN with status 0 (4x(1 − x/n) and
// 2x + z² overflow). Hand calculation: p = 1/1.7 = 0.5882352941176471; the half-width
// z √(p(1 − p)/n) ≈ 1.96 × √(0.2422/1.7e308) ≈ 7e-155, far below one ulp of p, so both limits
// equal p to double precision.
TEST(IntervalOverflow, WilsonOfHugeCountsIsComputedWithoutOverflow) {
  const double p = 1 / 1.7;
  const Interval w = proportion_interval(1e308, 1.7e308);
  EXPECT_TRUE(close(w.value, p));
  EXPECT_TRUE(close(w.lower, p));
  EXPECT_TRUE(close(w.upper, p));
  EXPECT_LE(w.lower, w.upper);
  Eigen::ArrayXd x(3), n(3);
  x << 1e308, 65, largest;
  n << 1.7e308, 100, largest;
  const IntervalArray a = proportion_intervals(x, n, ProportionMethod::wilson,
                                               {.confidence = {0.95, 0.998}, .multiplier = 100});
  for (std::size_t i = 0; i < 3; ++i) EXPECT_EQ(a.status[i], IntervalStatus::ok) << i;
  EXPECT_TRUE(close(a.lower(0, 0), 100 * p));
  EXPECT_TRUE(close(a.upper(0, 1), 100 * p));
  // The ordinary row is PHE's form as before: 65 of 100 → [55.25, 73.64] % (Wilson at 95 %, the
  // example of interval.hpp, Newcombe & Altman 2000).
  EXPECT_NEAR(a.lower(1, 0), 55.25, 5e-3);
  EXPECT_NEAR(a.upper(1, 0), 73.64, 5e-3);
  EXPECT_EQ(a.upper(2, 0), 100.0); // x = n: pinned at the multiplier
}

// A rate's value multiplied before dividing (1e308 × 10^5 = inf). Hand calculation:
// 1e308 / 1.7e308 × 10^5 = 58823.529411764706; Byar's limits are within 1e-150 of it (relative).
TEST(IntervalOverflow, RateOfHugeCountsDividesFirst) {
  const RateInterval r = rate_interval(1e308, 1.7e308, 0.95, CountMethod::byar);
  EXPECT_TRUE(close(r.value, 58823.529411764706));
  EXPECT_TRUE(close(r.lower, 58823.529411764706));
  EXPECT_TRUE(close(r.upper, 58823.529411764706));
  Eigen::ArrayXd x(2), n(2);
  x << 1e308, 1e308;
  n << 1.7e308, 1.7e308;
  for (CountMethod m : {CountMethod::byar, CountMethod::phe}) {
    const IntervalArray a = rate_intervals(x, n, m);
    EXPECT_EQ(a.status[0], IntervalStatus::ok);
    EXPECT_TRUE(close(a.value[0], 58823.529411764706));
  }
}

// A true result beyond the largest double is status overflow (7), listed and raised like a bad
// row, and refused by the scalar functions: 1e10 events in 1e-300 person-years is 1e310 per
// person-year.
TEST(IntervalOverflow, AResultBeyondTheLargestDoubleIsOverflow) {
  try {
    rate_interval(1e10, 1e-300, 0.95, CountMethod::byar, 1);
    FAIL() << "no overflow error";
  } catch (const invalid_input& e) {
    EXPECT_EQ(e.field(), "n");
    EXPECT_THAT(e.what(), HasSubstr("overflow"));
  }
  Eigen::ArrayXd x(3), n(3);
  x << 1e10, 7, 1e10;
  n << 1e-300, 25000, 1e-300;
  EXPECT_THROW(rate_intervals(x, n, CountMethod::byar), invalid_rows);
  for (CountMethod m : {CountMethod::byar, CountMethod::phe, CountMethod::exact}) {
    const IntervalArray a = rate_intervals(x, n, m, {{0.95}, 1, OnBadRows::mark});
    EXPECT_EQ(a.status[0], IntervalStatus::overflow);
    EXPECT_EQ(a.status[2], IntervalStatus::overflow);
    EXPECT_TRUE(std::isnan(a.value[0]) && std::isnan(a.lower(0, 0)) && std::isnan(a.upper(0, 0)));
    EXPECT_EQ(a.method[0], no_count_method);
    EXPECT_EQ(a.status[1], IntervalStatus::ok);
    ASSERT_EQ(a.errors.size(), 2u);
    EXPECT_EQ(a.errors[0].field, "n");
  }
  EXPECT_THAT(std::string(describe(IntervalStatus::overflow)), HasSubstr("溢出"));
}

// The rule of class 3 for every method of every column function: on extreme finite inputs
// (all pairs of extreme_values, x ≤ n for proportions), at several levels and multipliers, a
// row of status ok holds a finite value and finite limits. An exact method may instead refuse a
// count above exact_count_limit (class 4) with invalid_input.
TEST(IntervalOverflow, StatusOkImpliesFiniteResultsForEveryMethod) {
  for (bool bounded : {true, false}) {
    std::vector<double> xs, ns;
    for (double x : extreme_values)
      for (double n : extreme_values)
        if (n > 0 && (!bounded || x <= n)) {
          xs.push_back(x);
          ns.push_back(n);
        }
    const Eigen::Map<const Eigen::ArrayXd> x(xs.data(), static_cast<Eigen::Index>(xs.size()));
    const Eigen::Map<const Eigen::ArrayXd> n(ns.data(), static_cast<Eigen::Index>(ns.size()));
    for (double multiplier : {1.0, 100.0, 100000.0, 1e300}) {
      const IntervalOptions options{{0.5, 0.95, 0.998}, multiplier, OnBadRows::mark};
      const auto check = [&](const IntervalArray& a, const char* what) {
        for (std::size_t i = 0; i < a.value.size(); ++i)
          if (a.status[i] == IntervalStatus::ok) {
            EXPECT_TRUE(all_finite(a, i))
                << what << " " << xs[i] << " of " << ns[i] << " × " << multiplier;
          }
      };
      if (bounded) {
        for (ProportionMethod m :
             {ProportionMethod::wilson, ProportionMethod::agresti_coull, ProportionMethod::wald})
          check(proportion_intervals(x, n, m, options), to_string(m).data());
        for (ProportionMethod m : {ProportionMethod::clopper_pearson, ProportionMethod::jeffreys})
          EXPECT_THROW(proportion_intervals(x, n, m, options), invalid_input); // n = 1e308
      } else {
        for (CountMethod m : {CountMethod::byar, CountMethod::phe})
          check(rate_intervals(x, n, m, options), to_string(m).data());
        for (CountMethod m : {CountMethod::exact, CountMethod::mid_p})
          EXPECT_THROW(rate_intervals(x, n, m, options), invalid_input); // x = 1e308
      }
    }
  }
  // The exact methods on the extreme values they take (counts up to 10^10), at every denominator.
  std::vector<double> xs, ns;
  for (double x : {0.0, 5e-324, 1.0, 7.5, 1e10})
    for (double n : extreme_values)
      if (n > 0) {
        xs.push_back(x);
        ns.push_back(n);
      }
  const Eigen::Map<const Eigen::ArrayXd> x(xs.data(), static_cast<Eigen::Index>(xs.size()));
  const Eigen::Map<const Eigen::ArrayXd> n(ns.data(), static_cast<Eigen::Index>(ns.size()));
  for (CountMethod m : {CountMethod::exact, CountMethod::mid_p}) {
    const IntervalArray a = rate_intervals(x, n, m, {{0.95}, 100000, OnBadRows::mark});
    for (std::size_t i = 0; i < a.value.size(); ++i)
      if (a.status[i] == IntervalStatus::ok) {
        EXPECT_TRUE(all_finite(a, i)) << xs[i] << " in " << ns[i];
      }
  }
  // And the beta methods on the proportions they take (n up to 10^10).
  xs.clear();
  ns.clear();
  for (double x : {0.0, 5e-324, 1.0, 7.5, 1e10})
    for (double n : {5e-324, 1.0, 10.0, 1e10})
      if (x <= n) {
        xs.push_back(x);
        ns.push_back(n);
      }
  const Eigen::Map<const Eigen::ArrayXd> px(xs.data(), static_cast<Eigen::Index>(xs.size()));
  const Eigen::Map<const Eigen::ArrayXd> pn(ns.data(), static_cast<Eigen::Index>(ns.size()));
  for (ProportionMethod m : {ProportionMethod::clopper_pearson, ProportionMethod::jeffreys}) {
    const IntervalArray a = proportion_intervals(px, pn, m, {{0.95}, 100, OnBadRows::mark});
    for (std::size_t i = 0; i < a.value.size(); ++i)
      if (a.status[i] == IntervalStatus::ok) {
        EXPECT_TRUE(all_finite(a, i)) << xs[i] << " of " << ns[i];
      }
  }
}

// Issue 14, class 4: Boost.Math's series iterate for minutes at large counts (5e29 of 1e30 took
// 98 s for one Clopper–Pearson row). Every exact method, swept over the decades 10^0 … 10^308 and
// over the shapes that stress each series (x ≈ n/2, x small against n, x close to n), returns
// limits or refuses with invalid_input naming the count, in constant time for counts above
// exact_count_limit. The sweep takes well under a second; no time is asserted.
TEST(IntervalCountRange, ExactMethodsAnswerAtEveryDecade) {
  for (int e = 0; e <= 308; ++e) {
    const double c = std::pow(10.0, e);
    for (CountMethod m : {CountMethod::exact, CountMethod::mid_p}) {
      if (c <= exact_count_limit) {
        const CountInterval ci = count_interval(c, 0.95, m);
        EXPECT_TRUE(std::isfinite(ci.lower) && std::isfinite(ci.upper)) << c;
        EXPECT_LE(ci.lower, c);
        EXPECT_GE(ci.upper, c);
      } else {
        try {
          count_interval(c, 0.95, m);
          FAIL() << to_string(m) << " " << c;
        } catch (const invalid_input& err) {
          EXPECT_EQ(err.field(), "x");
          EXPECT_THAT(err.what(), HasSubstr("too large for the"));
        }
      }
    }
    for (ProportionMethod m : {ProportionMethod::clopper_pearson, ProportionMethod::jeffreys})
      for (double x : {std::floor(c / 2), std::min(5.0, c), std::max(0.0, c - 5)}) {
        if (c <= exact_count_limit) {
          const Interval p = proportion_interval(x, c, 0.95, m);
          EXPECT_TRUE(std::isfinite(p.lower) && std::isfinite(p.upper)) << x << " of " << c;
          EXPECT_LE(p.lower, p.upper);
        } else {
          try {
            proportion_interval(x, c, 0.95, m);
            FAIL() << to_string(m) << " " << x << " of " << c;
          } catch (const invalid_input& err) {
            EXPECT_EQ(err.field(), "n");
            EXPECT_THAT(err.what(), HasSubstr("too large for the"));
          }
        }
      }
  }
  // The row: 5e29 of 1e30, refused at once.
  EXPECT_THROW(proportion_interval(5e29, 1e30, 0.95, ProportionMethod::clopper_pearson),
               invalid_input);
}

// ---- result storage (issue 21, item 1) ----------------------------------------------------

// An IntervalArray holds no Eigen storage: every column is a Column or Matrix (std::vector
// inside), so a consumer compiled with other flags (-march=native) frees it as it was allocated.
// The statuses and methods are typed (item 6), with the same byte codes as before.
template <class T>
constexpr bool is_eigen_object = std::is_base_of_v<Eigen::EigenBase<T>, T>;
static_assert(std::is_same_v<decltype(IntervalArray::value), Column<double>>);
static_assert(std::is_same_v<decltype(IntervalArray::lower), Matrix<double>>);
static_assert(std::is_same_v<decltype(IntervalArray::upper), Matrix<double>>);
static_assert(std::is_same_v<decltype(IntervalArray::status), Column<IntervalStatus>>);
static_assert(std::is_same_v<decltype(IntervalArray::method), Column<CountMethod>>);
static_assert(!is_eigen_object<decltype(IntervalArray::value)> &&
              !is_eigen_object<decltype(IntervalArray::lower)>);
static_assert(is_eigen_object<Eigen::ArrayXd>); // the trait does detect Eigen storage
static_assert(sizeof(IntervalStatus) == 1 && sizeof(CountMethod) == 1);

// An Eigen array, a std::vector<double> and a Column<double> each pick one overload (no
// ambiguity: the calls compile) and give the same numbers, bit for bit.
template <class A>
concept interval_input = requires(const A& a) {
  proportion_intervals(a, a);
  rate_intervals(a, a);
};
static_assert(interval_input<Eigen::ArrayXd> && interval_input<std::vector<double>> &&
              interval_input<Column<double>> && interval_input<std::span<const double>>);

namespace {

// Bit for bit (NaN rows included, which == would call different).
bool same_bits(std::span<const double> a, std::span<const double> b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(double)) == 0;
}

void expect_same(const IntervalArray& a, const IntervalArray& b) {
  EXPECT_TRUE(same_bits(a.value, b.value));
  EXPECT_TRUE(same_bits(a.lower.values(), b.lower.values()));
  EXPECT_TRUE(same_bits(a.upper.values(), b.upper.values()));
  EXPECT_EQ(a.lower.cols(), b.lower.cols());
  EXPECT_EQ(a.status, b.status);
  EXPECT_EQ(a.method, b.method);
  EXPECT_EQ(a.errors.size(), b.errors.size());
}

} // namespace

TEST(IntervalColumns, EigenVectorAndColumnInputsGiveTheSameNumbers) {
  const std::vector<double> xv{65, 1045, 0.445, 3};
  const std::vector<double> nv{100, 5000, 1, 0};
  const Eigen::ArrayXd xe = Eigen::Map<const Eigen::ArrayXd>(xv.data(), 4);
  const Eigen::ArrayXd ne = Eigen::Map<const Eigen::ArrayXd>(nv.data(), 4);
  const Column<double> xc(xv), nc(nv);
  const IntervalOptions options{{0.95, 0.998}, 100, OnBadRows::mark};
  const IntervalArray e = proportion_intervals(xe, ne, ProportionMethod::wilson, options);
  // 65 of 100, Wilson 95 %: 55.25444329688797 % (the scalar test above); 3 of 0 is a bad row.
  EXPECT_TRUE(close(e.lower(0, 0), 55.25444329688797));
  EXPECT_EQ(e.status[3], IntervalStatus::non_positive_n);
  EXPECT_EQ(e.status.codes()[3], 4); // the code Python sees
  expect_same(proportion_intervals(xv, nv, ProportionMethod::wilson, options), e);
  expect_same(proportion_intervals(xc, nc, ProportionMethod::wilson, options), e);
  const IntervalOptions per_100k{{0.95}, 100000, OnBadRows::mark};
  const IntervalArray r = rate_intervals(xe, ne, CountMethod::phe, per_100k);
  // 65 events in 100: Byar's (≥ 10 events), 50.163187710459454 × 1000 per 100,000 (above).
  EXPECT_TRUE(close(r.lower(0, 0), 50163.187710459454));
  EXPECT_EQ(r.method[0], CountMethod::byar);
  EXPECT_EQ(r.method[2], CountMethod::exact);
  expect_same(rate_intervals(xv, nv, CountMethod::phe, per_100k), r);
  expect_same(rate_intervals(xc, nc, CountMethod::phe, per_100k), r);
  // The views: a span of one level and an Eigen map, no copy.
  const std::span<const double> level = e.lower.col(1);
  EXPECT_EQ(level.data(), e.lower.data() + 4);
  EXPECT_EQ(e.value.array().head(2).sum(), e.value[0] + e.value[1]);
}

// --- the dedicated beta and gamma inverses (src/exact_inverse.hpp) against Boost.Math --------
//
// Clopper–Pearson, Jeffreys and the exact Poisson limits no longer call Boost.Math's
// ibeta_inv / ibetac_inv / gamma_p_inv / gamma_q_inv but a Cornish–Fisher start and one
// fifth-order step. Boost.Math's inverses (same policy: no promotion to long double) are the
// reference. Tolerance: 1e-12 relative up to n = 10^8. Above, the reference itself is noisy:
// Boost.Math's double continued fraction for I_x(a, b) has an absolute error up to about 3e-9
// at n = 10^9–10^10 (ibeta at both roots differs from α/2 in steps of 2^-28), so a root is
// defined only to about 1e-12 · √(n / 10^8), and Boost's double inverse differs from its own
// long-double one by as much (5.4e-12 at x = 5839801 of n = 1629328075, 8.4e-12 at 4592608 of
// 5036521024, 99 %/99.9999 % lower limits; ours is within 1e-13 of the long-double root there).
// Hence 2e-12 · √(n / 10^8) above 10^8.
namespace {

using reference_policy =
    boost::math::policies::policy<boost::math::policies::promote_double<false>>;

double beta_tolerance(double n) { return n <= 1e8 ? 1e-12 : 2e-12 * std::sqrt(n / 1e8); }

// Largest |zhibiao / boost − 1| / tolerance(n) over the rows (a limit of 0 must be exactly 0).
struct Worst {
  double ratio = 0, x = 0, n = 0, error = 0;
  void add(double got, double want, double xi, double ni, double tol) {
    const double e = want == 0 ? std::fabs(got) / 1e-300 : std::fabs(got / want - 1);
    if (!(e / tol <= ratio)) ratio = e / tol, x = xi, n = ni, error = e;
  }
};

void expect_beta_limits(ProportionMethod method, const std::vector<double>& x,
                        const std::vector<double>& n, double confidence) {
  const std::size_t len = x.size();
  std::vector<std::uint8_t> status(len, 0);
  std::vector<double> lo(len), hi(len);
  detail::proportion_limits(method, x.data(), n.data(), status.data(), len, confidence, 1.0,
                            lo.data(), hi.data());
  const bool cp = method == ProportionMethod::clopper_pearson;
  const double half = (1 - confidence) / 2;
  Worst worst;
  for (std::size_t i = 0; i < len; ++i) {
    const double xi = x[i], ni = n[i], tol = beta_tolerance(ni);
    const double a_lo = cp ? xi : xi + 0.5, b_lo = cp ? ni - xi + 1 : ni - xi + 0.5;
    const double a_hi = cp ? xi + 1 : xi + 0.5, b_hi = cp ? ni - xi : ni - xi + 0.5;
    const double want_lo =
        xi == 0 ? 0.0 : boost::math::ibeta_inv(a_lo, b_lo, half, reference_policy());
    const double want_hi =
        xi == ni ? 1.0 : boost::math::ibetac_inv(a_hi, b_hi, half, reference_policy());
    worst.add(lo[i], want_lo, xi, ni, tol);
    worst.add(hi[i], want_hi, xi, ni, tol);
  }
  EXPECT_LE(worst.ratio, 1.0) << "worst relative error " << worst.error << " at x = " << worst.x
                              << ", n = " << worst.n << " (confidence " << confidence << ")";
}

// n log-uniform in [1, n_max], x binomial with p uniform in (0, 1), one row in five at an edge
// count (0, 1, n − 1, n) and one in ten fractional (estimates are allowed).
std::pair<std::vector<double>, std::vector<double>> random_pairs(std::size_t len, double n_max,
                                                                 unsigned seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> unit(0, 1);
  std::vector<double> x(len), n(len);
  for (std::size_t i = 0; i < len; ++i) {
    const double ni = std::floor(std::exp(unit(rng) * std::log(n_max)));
    double xi = static_cast<double>(
        std::binomial_distribution<std::int64_t>(static_cast<std::int64_t>(ni), unit(rng))(rng));
    switch (i % 20) {
    case 0: xi = 0; break;
    case 1: xi = std::min(1.0, ni); break;
    case 2: xi = ni - 1; break;
    case 3: xi = ni; break;
    case 4: xi = ni * unit(rng); break; // fractional
    case 5: xi = std::floor(xi) + 0.5 <= ni ? std::floor(xi) + 0.5 : xi; break;
    default: break;
    }
    x[i] = xi;
    n[i] = ni;
  }
  return {x, n};
}

// Under AddressSanitizer (the CI's sanitized stage) the Boost reference runs several times
// slower; that stage checks memory, not accuracy, so it takes one pair in ten. The plain build
// runs the full 10^6.
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
constexpr std::size_t sample_divisor = 10;
#else
constexpr std::size_t sample_divisor = 1;
#endif

} // namespace

TEST(ExactInverse, ClopperPearsonMatchesBoostOnAMillionRandomPairs) {
  // 10^6 pairs, n up to the API's maximum (exact_count_limit = 10^10).
  const auto [x, n] = random_pairs(1'000'000 / sample_divisor, exact_count_limit, 16);
  expect_beta_limits(ProportionMethod::clopper_pearson, x, n, 0.95);
}

TEST(ExactInverse, JeffreysAndOtherLevelsMatchBoost) {
  const auto [x, n] = random_pairs(200'000 / sample_divisor, exact_count_limit, 17);
  expect_beta_limits(ProportionMethod::jeffreys, x, n, 0.95);
  const auto [xs, ns] = random_pairs(20'000, exact_count_limit, 18);
  for (const double level : {0.5, 0.8, 0.9, 0.99, 0.998, 0.999999}) {
    expect_beta_limits(ProportionMethod::clopper_pearson, xs, ns, level);
    expect_beta_limits(ProportionMethod::jeffreys, xs, ns, level);
  }
}

// A column whose pairs (almost) never repeat skips the table of distinct pairs (src/interval.cpp,
// sample_pairs: a strided sample of √(32 len) rows with too few repeats) and is computed row by
// row. Its limits must be the table's bit for bit — the same column in pieces of 50,000 rows,
// which are below the sampling threshold and always deduplicate — and Boost's to 1e-12.
TEST(ExactInverse, DistinctRowsSkipThePairTableWithTheSameLimits) {
  const std::size_t len = 400'000 / sample_divisor, piece = 50'000 / sample_divisor;
  std::mt19937_64 rng(41);
  std::uniform_int_distribution<std::int64_t> size(10'000, 1'000'000'000);
  std::uniform_real_distribution<double> unit(0, 0.5);
  std::vector<double> x(len), n(len);
  for (std::size_t i = 0; i < len; ++i) {
    const std::int64_t ni = size(rng);
    n[i] = static_cast<double>(ni);
    x[i] = static_cast<double>(std::binomial_distribution<std::int64_t>(ni, unit(rng))(rng));
  }
  for (const auto method : {ProportionMethod::clopper_pearson, ProportionMethod::jeffreys}) {
    std::vector<std::uint8_t> status(len, 0);
    std::vector<double> lo(len), hi(len), piece_lo(len), piece_hi(len);
    detail::proportion_limits(method, x.data(), n.data(), status.data(), len, 0.95, 1.0, lo.data(),
                              hi.data());
    for (std::size_t b = 0; b < len; b += piece)
      detail::proportion_limits(method, x.data() + b, n.data() + b, status.data() + b, piece, 0.95,
                                1.0, piece_lo.data() + b, piece_hi.data() + b);
    std::size_t differ = 0;
    for (std::size_t i = 0; i < len; ++i) differ += lo[i] != piece_lo[i] || hi[i] != piece_hi[i];
    EXPECT_EQ(differ, 0u);
  }
  expect_beta_limits(ProportionMethod::clopper_pearson, x, n, 0.95);
}

TEST(ExactInverse, EdgeCountsMatchBoost) {
  // Every n of 1–200, then decades to 10^10, with x at both ends and in the middle.
  std::vector<double> x, n;
  std::vector<double> ns;
  for (int k = 1; k <= 200; ++k) ns.push_back(k);
  for (double d = 1e3; d < exact_count_limit; d *= 10) {
    ns.push_back(d);
    ns.push_back(d + 1);
    ns.push_back(3 * d);
  }
  ns.push_back(exact_count_limit - 1);
  ns.push_back(exact_count_limit); // the largest n the API accepts
  for (const double ni : ns)
    // 39–41 and n − 41 … n − 39: where the fast path starts (shapes of 40 beside a huge other
    // shape, where docs/exact-intervals.md §2 found a one-step inverse going wrong).
    for (const double xi : {0.0, 1.0, 2.0, 39.0, 40.0, 41.0, 100.0, std::floor(ni / 2), ni - 41,
                            ni - 40, ni - 39, ni - 2, ni - 1, ni})
      if (xi >= 0 && xi <= ni) {
        x.push_back(xi);
        n.push_back(ni);
      }
  for (const double level : {0.95, 0.999})
    for (const auto method : {ProportionMethod::clopper_pearson, ProportionMethod::jeffreys})
      expect_beta_limits(method, x, n, level);
}

TEST(ExactInverse, SmallShapesBesideModerateOnesMatchBoost) {
  // Shapes 10–40 take the fast path only while the other shape stays ≤ 10^5
  // (src/exact_inverse.hpp): x and n − x from 9 to 41, n through the decades to 10^5 + 50 and
  // just below the bound, both levels, both methods. n = 924414 puts Beta(19, 924396) (x = 19,
  // upper limit) in the set, where the fast path would be 4 × 10^-12 from Boost.Math's double
  // inverse (Boost's own error there): this case fails if the bound is lifted.
  std::vector<double> x, n;
  for (const double ni : {20.0, 50.0, 80.0, 1e3, 1e4, 99'950.0, 1e5, 1e5 + 50, 924'414.0})
    for (double k = 9; k <= 41; ++k) {
      if (k > ni) continue;
      x.push_back(k);
      n.push_back(ni);
      x.push_back(ni - k);
      n.push_back(ni);
    }
  for (const double level : {0.95, 0.999})
    for (const auto method : {ProportionMethod::clopper_pearson, ProportionMethod::jeffreys})
      expect_beta_limits(method, x, n, level);
}

TEST(ExactInverse, PoissonCountsMatchBoost) {
  // Every count 0–20,000, then a seeded sample up to 10^7 and the decades to 10^10, with
  // fractional counts: the exact (Garwood) limits against gamma_p_inv / gamma_q_inv.
  std::vector<double> x;
  for (int k = 0; k <= 20'000; ++k) x.push_back(k);
  std::mt19937_64 rng(19);
  std::uniform_real_distribution<double> unit(0, 1);
  for (int k = 0; k < 20'000; ++k) {
    const double c = std::exp(unit(rng) * std::log(1e7));
    x.push_back(k % 4 == 0 ? c : std::floor(c));
  }
  for (double d = 1e7; d < exact_count_limit; d *= 10) x.push_back(d), x.push_back(d + 1);
  x.push_back(exact_count_limit); // the largest count the API accepts
  for (const double level : {0.95, 0.998}) {
    const std::size_t len = x.size();
    std::vector<std::uint8_t> status(len, 0), used(len);
    std::vector<double> lo(len), hi(len);
    detail::count_limits(CountMethod::exact, x.data(), nullptr, status.data(), len, level, 1.0,
                         lo.data(), hi.data(), used.data());
    const double half = (1 - level) / 2;
    Worst worst;
    for (std::size_t i = 0; i < len; ++i) {
      const double want_lo =
          x[i] == 0 ? 0.0 : boost::math::gamma_p_inv(x[i], half, reference_policy());
      const double want_hi = boost::math::gamma_q_inv(x[i] + 1, half, reference_policy());
      worst.add(lo[i], want_lo, x[i], 0, 1e-12);
      worst.add(hi[i], want_hi, x[i], 0, 1e-12);
    }
    EXPECT_LE(worst.ratio, 1.0) << "worst relative error " << worst.error << " at count " << worst.x
                                << " (confidence " << level << ")";
  }
}
