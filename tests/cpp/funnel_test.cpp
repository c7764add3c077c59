#include <zhibiao/detail/funnel_kernels.hpp>
#include <zhibiao/funnel.hpp>
#include <zhibiao/interval.hpp>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <map>
#include <span>
#include <sstream>
#include <string>
#include <type_traits>
#include <vector>

using namespace zhibiao;
using ::testing::HasSubstr;

namespace {

// A CSV table of PHEindicatormethods' funnel test data (tests/reference/phe_funnel): columns by
// header name, each cell kept as printed so that the tolerance can follow the printed digits.
struct Table {
  std::vector<std::string> header;
  std::map<std::string, std::vector<std::string>> cells;
  std::size_t rows = 0;

  const std::vector<std::string>& column(const std::string& name) const {
    auto it = cells.find(name);
    if (it == cells.end()) throw std::runtime_error("no column " + name);
    return it->second;
  }
  Eigen::ArrayXd numbers(const std::string& name) const {
    const auto& c = column(name);
    Eigen::ArrayXd out(static_cast<Eigen::Index>(c.size()));
    for (std::size_t i = 0; i < c.size(); ++i)
      out(static_cast<Eigen::Index>(i)) = c[i] == "NA" ? NAN : std::stod(c[i]);
    return out;
  }
};

std::vector<std::string> split(const std::string& line) {
  std::vector<std::string> out;
  std::string cell;
  std::istringstream in(line);
  while (std::getline(in, cell, ',')) out.push_back(cell);
  if (!line.empty() && line.back() == ',') out.emplace_back();
  return out;
}

Table read_table(const std::string& name) {
  std::ifstream in(std::string(ZHIBIAO_REFERENCE_DIR) + "/phe_funnel/" + name);
  if (!in) throw std::runtime_error("cannot open " + name);
  Table t;
  std::string line;
  std::getline(in, line);
  t.header = split(line);
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    const auto cells = split(line);
    for (std::size_t k = 0; k < t.header.size(); ++k) t.cells[t.header[k]].push_back(cells.at(k));
    ++t.rows;
  }
  return t;
}

// |actual − expected| within half a unit of the last digit printed in the source (PHE's files
// print 6 to 10 significant digits), and never looser than needed: also accepts a relative
// difference ≤ 1e-9 (the tolerance) for values printed with more digits.
::testing::AssertionResult matches_printed(double actual, const std::string& printed) {
  const double expected = std::stod(printed);
  const auto dot = printed.find('.');
  const int decimals = dot == std::string::npos ? 0 : static_cast<int>(printed.size() - dot - 1);
  const double half_unit = 0.5 * std::pow(10.0, -decimals) * (1 + 1e-9);
  const double bound = std::max(half_unit, 1e-9 * std::fabs(expected));
  if (std::fabs(actual - expected) <= bound) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure()
         << actual << " differs from the published " << printed << " by "
         << std::fabs(actual - expected) << " (bound " << bound << ")";
}

::testing::AssertionResult close(double actual, double expected, double tolerance = 1e-9) {
  const double bound = std::max(tolerance * std::fabs(expected), 1e-15);
  if (std::fabs(actual - expected) <= bound) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << actual << " differs from " << expected;
}

std::string significance_text(const FunnelAssessment& a, Eigen::Index i) {
  return std::string(to_string(a.significance[i]));
}

Eigen::ArrayXd subset(const Eigen::ArrayXd& v, const std::vector<Eigen::Index>& rows) {
  Eigen::ArrayXd out(static_cast<Eigen::Index>(rows.size()));
  for (std::size_t k = 0; k < rows.size(); ++k) out(static_cast<Eigen::Index>(k)) = v(rows[k]);
  return out;
}

std::string error_of(auto make) {
  try {
    make();
  } catch (const invalid_rows& e) {
    std::string out = e.field() + " |";
    for (const auto& r : e.rows()) out += " " + std::to_string(r.row) + ":" + r.field;
    return out;
  } catch (const invalid_input& e) {
    return e.field() + " | " + e.what();
  }
  return "no exception";
}

} // namespace

// --- PHEindicatormethods' published test data ---------------------------------------------

// testFunnels.R "confidence limits calculate correctly for proportions": the 303 PCTs of
// testdata_funnel_prop_inputs.csv, calculate_funnel_limits(statistic = "proportion",
// multiplier = 100) = testdata_funnel_prop_outputs.csv (100 rows, 6 decimals).
TEST(FunnelLimits, ProportionsReproducePheTestOutputs) {
  const Table in = read_table("prop_inputs.csv");
  const Table out = read_table("prop_outputs.csv");
  ASSERT_EQ(in.rows, 303u);
  ASSERT_EQ(out.rows, 100u);
  const FunnelCurve c =
      funnel_limits(in.numbers("numerator"), in.numbers("denominator"),
                    {.statistic = FunnelStatistic::proportion, .multiplier = 100});
  ASSERT_EQ(c.points.size(), 100u);
  for (Eigen::Index i = 0; i < 100; ++i) {
    const auto k = static_cast<std::size_t>(i);
    EXPECT_EQ(c.points[i], std::stod(out.column("Population")[k])) << "row " << i + 1;
    EXPECT_TRUE(matches_printed(c.lower_95[i], out.column("Lower2s0025limit")[k])) << i + 1;
    EXPECT_TRUE(matches_printed(c.upper_95[i], out.column("Upper2s0025limit")[k])) << i + 1;
    EXPECT_TRUE(matches_printed(c.lower_998[i], out.column("Lower3s0001limit")[k])) << i + 1;
    EXPECT_TRUE(matches_printed(c.upper_998[i], out.column("Upper3s0001limit")[k])) << i + 1;
    EXPECT_TRUE(matches_printed(c.baseline, out.column("Baseline")[k]));
  }
  EXPECT_TRUE(c.lower_95_denominator.size() == 0); // proportions have no derived denominators
}

// testFunnels.R "confidence limits calculate correctly with axis variation": the same inputs
// with denominator < 31000 (97 PCTs, 16386 … 30929, so the axis starts at 10000, not 0) =
// testdata_funnel_prop_outputs_with_axis_variation.csv (8 decimals).
TEST(FunnelLimits, ProportionAxisStartsAboveZeroWhenDenominatorsAreClose) {
  const Table in = read_table("prop_inputs.csv");
  const Table out = read_table("prop_outputs_axis_variation.csv");
  const Eigen::ArrayXd x = in.numbers("numerator"), n = in.numbers("denominator");
  std::vector<Eigen::Index> keep;
  for (Eigen::Index i = 0; i < n.size(); ++i)
    if (n(i) < 31000) keep.push_back(i);
  ASSERT_EQ(keep.size(), 97u);
  const FunnelCurve c = funnel_limits(subset(x, keep), subset(n, keep), {.multiplier = 100});
  for (Eigen::Index i = 0; i < 100; ++i) {
    const auto k = static_cast<std::size_t>(i);
    EXPECT_EQ(c.points[i], std::stod(out.column("Population")[k])) << "row " << i + 1;
    EXPECT_TRUE(matches_printed(c.lower_95[i], out.column("Lower2s0025limit")[k])) << i + 1;
    EXPECT_TRUE(matches_printed(c.upper_95[i], out.column("Upper2s0025limit")[k])) << i + 1;
    EXPECT_TRUE(matches_printed(c.lower_998[i], out.column("Lower3s0001limit")[k])) << i + 1;
    EXPECT_TRUE(matches_printed(c.upper_998[i], out.column("Upper3s0001limit")[k])) << i + 1;
    EXPECT_TRUE(matches_printed(c.baseline, out.column("Baseline")[k]));
  }
}

// testFunnels.R "Significance for proportions calculates correctly": the significance column of
// testdata_funnel_prop_inputs.csv for every one of the 303 PCTs.
TEST(FunnelSignificance, ProportionsReproducePheLabels) {
  const Table in = read_table("prop_inputs.csv");
  const FunnelAssessment a =
      funnel_significance(in.numbers("numerator"), in.numbers("denominator"), {});
  const auto& expected = in.column("significance");
  for (std::size_t i = 0; i < in.rows; ++i)
    EXPECT_EQ(significance_text(a, static_cast<Eigen::Index>(i)), expected[i]) << "row " << i + 1;
  EXPECT_TRUE(close(a.average * 100, 80.6424478571495, 1e-12)); // Σx/Σn; printed 80.642448
}

// testFunnels.R "confidence limits calculate correctly for ratios (count)" and "(isr)": the 300
// areas of testdata_funnel_ratio_inputs.csv (obs, expected) =
// testdata_funnel_ratio_outputs.csv (10 significant digits). These figures come from PHE's
// bisection, which stops ~10⁻⁷ short of the exact Poisson limits (e.g. 1 event: 5.571644585
// published, 5.571643391 exact), so they are matched with PoissonSearch::phe.
TEST(FunnelLimits, RatiosReproducePheTestOutputs) {
  const Table in = read_table("ratio_inputs.csv");
  const Table out = read_table("ratio_outputs.csv");
  for (RatioType type : {RatioType::count, RatioType::isr}) {
    const std::string suffix = type == RatioType::count ? "_count" : "_isr";
    const FunnelCurve c = funnel_limits(in.numbers("obs"), in.numbers("expected"),
                                        {.statistic = FunnelStatistic::ratio, .ratio_type = type});
    EXPECT_EQ(c.baseline, type == RatioType::count ? 0.0 : 100.0);
    for (Eigen::Index i = 0; i < 100; ++i) {
      const auto k = static_cast<std::size_t>(i);
      EXPECT_EQ(c.points[i], std::stod(out.column("Observed_events")[k])) << "row " << i + 1;
      EXPECT_TRUE(matches_printed(c.lower_95_denominator[i], out.column("lower_2s_exp_events")[k]));
      EXPECT_TRUE(matches_printed(c.upper_95_denominator[i], out.column("upper_2s_exp_events")[k]));
      EXPECT_TRUE(
          matches_printed(c.lower_998_denominator[i], out.column("lower_3s_exp_events")[k]));
      EXPECT_TRUE(
          matches_printed(c.upper_998_denominator[i], out.column("upper_3s_exp_events")[k]));
      EXPECT_TRUE(matches_printed(c.lower_95[i], out.column("lower_2s" + suffix)[k])) << i + 1;
      EXPECT_TRUE(matches_printed(c.upper_95[i], out.column("upper_2s" + suffix)[k])) << i + 1;
      EXPECT_TRUE(matches_printed(c.lower_998[i], out.column("lower_3s" + suffix)[k])) << i + 1;
      EXPECT_TRUE(matches_printed(c.upper_998[i], out.column("upper_3s" + suffix)[k])) << i + 1;
    }
  }
}

// testFunnels.R "Significance for ratios calculates correctly": the significance column of
// testdata_funnel_ratio_inputs.csv (commit b79d644) for all 300 areas, incl. 0 observed.
TEST(FunnelSignificance, RatiosReproducePheLabels) {
  const Table in = read_table("ratio_inputs.csv");
  const FunnelAssessment a = funnel_significance(in.numbers("obs"), in.numbers("expected"),
                                                 {.statistic = FunnelStatistic::ratio});
  const auto& expected = in.column("significance");
  for (std::size_t i = 0; i < in.rows; ++i)
    EXPECT_EQ(significance_text(a, static_cast<Eigen::Index>(i)), expected[i]) << "row " << i + 1;
}

// testFunnels.R "confidence limits calculate correctly for rates (dsr)": the 50 areas of
// testdata_funnel_rate_input_funnels.csv (ev, rate), multiplier 1e5, years_of_data 3 =
// testdata_funnel_rate_outputs.csv. The derived denominators (100000 ev / rate) are 3 × the
// file's denominator_derived_crude column (calculate_funnel_points' per-year denominators, with
// years_of_data = 3; testFunnels.R "calculate_funnel_points works for crude ...").
TEST(FunnelLimits, DsrRatesReproducePheTestOutputs) {
  const Table in = read_table("rate_input_funnels.csv");
  const Table out = read_table("rate_outputs.csv");
  const Eigen::ArrayXd x = in.numbers("ev");
  const Eigen::ArrayXd n =
      funnel_rate_denominators(x, in.numbers("rate"), Eigen::ArrayXd(), 1e5, RateType::dsr).array();
  const auto& derived = in.column("denominator_derived_crude");
  for (std::size_t i = 0; i < in.rows; ++i)
    EXPECT_TRUE(matches_printed(n(static_cast<Eigen::Index>(i)) / 3, derived[i]));
  const FunnelCurve c = funnel_limits(x, n,
                                      {.statistic = FunnelStatistic::rate,
                                       .multiplier = 1e5,
                                       .rate_type = RateType::dsr,
                                       .years_of_data = 3});
  for (Eigen::Index i = 0; i < 100; ++i) {
    const auto k = static_cast<std::size_t>(i);
    EXPECT_EQ(c.points[i], std::stod(out.column("Events")[k])) << "row " << i + 1;
    EXPECT_TRUE(
        matches_printed(c.lower_95_denominator[i], out.column("lower_2s_population_1_year")[k]));
    EXPECT_TRUE(
        matches_printed(c.upper_95_denominator[i], out.column("upper_2s_population_1_year")[k]));
    EXPECT_TRUE(
        matches_printed(c.lower_998_denominator[i], out.column("lower_3s_population_1_year")[k]));
    EXPECT_TRUE(
        matches_printed(c.upper_998_denominator[i], out.column("upper_3s_population_1_year")[k]));
    EXPECT_TRUE(matches_printed(c.lower_95[i], out.column("lower_2s_limit")[k])) << i + 1;
    EXPECT_TRUE(matches_printed(c.upper_95[i], out.column("upper_2s_limit")[k])) << i + 1;
    EXPECT_TRUE(matches_printed(c.lower_998[i], out.column("lower_3s_limit")[k])) << i + 1;
    EXPECT_TRUE(matches_printed(c.upper_998[i], out.column("upper_3s_limit")[k])) << i + 1;
    EXPECT_TRUE(matches_printed(c.baseline, out.column("baseline")[k]));
  }
}

// testFunnels.R "Significance for rates calculates correctly" (8 cases): the 40 areas of
// testdata_funnel_rate_dsr_inputs.csv, DSRs and crude rates per 100,000 and per 100, with and
// without the area that has no events; expected labels are the file's columns
// dsr_per_100000_with_0 … crude_per_100_without_0.
TEST(FunnelSignificance, RatesReproducePheLabels) {
  const Table in = read_table("rate_dsr_inputs.csv");
  const Eigen::ArrayXd count = in.numbers("count"), pop = in.numbers("pop");
  struct Case {
    RateType type;
    const char* rate;
    double multiplier;
    const char* expected;
  };
  const Case cases[] = {
      {RateType::dsr, "rate_dsr", 1e5, "dsr_per_100000"},
      {RateType::dsr, "rate_dsr", 100, "dsr_per_100"},
      {RateType::crude, "rate_crude_per_100000", 1e5, "crude_per_100000"},
      {RateType::crude, "rate_crude_per_100", 100, "crude_per_100"},
  };
  for (const Case& k : cases)
    for (bool with_zero : {true, false}) {
      std::vector<Eigen::Index> rows;
      for (Eigen::Index i = 0; i < count.size(); ++i)
        if (with_zero || count(i) != 0) rows.push_back(i);
      const Eigen::ArrayXd x = subset(count, rows);
      const Eigen::ArrayXd n = funnel_rate_denominators(x, subset(in.numbers(k.rate), rows),
                                                        subset(pop, rows), k.multiplier, k.type)
                                   .array();
      const FunnelAssessment a = funnel_significance(
          x, n,
          {.statistic = FunnelStatistic::rate, .multiplier = k.multiplier, .rate_type = k.type});
      const auto& expected =
          in.column(std::string(k.expected) + (with_zero ? "_with_0" : "_without_0"));
      for (std::size_t j = 0; j < rows.size(); ++j)
        EXPECT_EQ(significance_text(a, static_cast<Eigen::Index>(j)),
                  expected[static_cast<std::size_t>(rows[j])])
            << k.expected << (with_zero ? " with 0" : " without 0") << ", row " << rows[j] + 1;
    }
}

// --- formulas worked by hand ---------------------------------------------------------------

// P = 0.8, N = 100: √(0.8 × 0.2 / 100) = 0.04; z₉₅ = 1.959963984540054 (A&S 26.5), so the 95 %
// limits are 0.8 ∓ 0.0783985593816022 = 0.7216014406183978 / 0.8783985593816022, in per cent
// 72.16014406183978 / 87.83985593816022. z₉₉.₈ = 3.090232306167813 gives ∓ 0.1236092922467125.
// PHE's sigma_adjustment (Funnels.R) reduces to the same: with a = z²/N its quadratic has
// discriminant 4P(1 + a)² a(1 − P), roots P ± √(a P (1 − P)).
TEST(FunnelLimits, ProportionLimitsAreTheScoreTestBounds) {
  Eigen::ArrayXd points(2);
  points << 100, 1;
  const FunnelCurve c = funnel_limits_at(0.8, points, {.multiplier = 100});
  EXPECT_TRUE(close(c.lower_95[0], 72.16014406183978));
  EXPECT_TRUE(close(c.upper_95[0], 87.83985593816022));
  EXPECT_TRUE(close(c.lower_998[0], 100 * (0.8 - 0.1236092922467125)));
  EXPECT_TRUE(close(c.upper_998[0], 100 * (0.8 + 0.1236092922467125)));
  // N = 1: 0.8 ± 1.96 × 0.4 leaves [0, 100]; the curve is clipped there.
  EXPECT_TRUE(close(c.lower_95[1], 100 * (0.8 - 0.4 * 1.959963984540054)));
  EXPECT_EQ(c.upper_95[1], 100);
  EXPECT_EQ(c.lower_998[1], 0);
  EXPECT_EQ(c.baseline, 80);
}

// The exact Poisson limits of 1 event at 95 %: P(X ≤ 1 | μ) = 0.025 ⇔ e^−μ(1 + μ) = 0.025,
// μ = 5.571643390938899; P(X ≥ 1 | μ) = 0.025 ⇔ μ = −ln(0.975) = 0.025317807984289786 (both by
// bisection in tests/reference/derive_intervals.py's manner; the second is closed-form). PHE's
// bisection gives 5.571644585 and 0.025317898 (testdata_funnel_ratio_outputs.csv row 1).
TEST(FunnelLimits, PoissonSearchExactAndPhe) {
  EXPECT_TRUE(
      close(detail::poisson_funnel_mean(1, 0.025, false, PoissonSearch::exact), 5.571643390938899));
  EXPECT_TRUE(
      close(detail::poisson_funnel_mean(1, 0.025, true, PoissonSearch::exact), -std::log(0.975)));
  EXPECT_TRUE(matches_printed(detail::poisson_funnel_mean(1, 0.025, false, PoissonSearch::phe),
                              "5.571644585"));
  EXPECT_TRUE(matches_printed(detail::poisson_funnel_mean(1, 0.025, true, PoissonSearch::phe),
                              "0.025317898"));
  EXPECT_EQ(detail::poisson_funnel_mean(0, 0.025, true, PoissonSearch::exact), 0);
}

// --- polarity, bad rows, options -----------------------------------------------------------

// Three areas of 1000 around P = 0.5 (Σx/Σn = 1500/3000): σ = √(0.25/1000) = 0.0158114,
// 99.8 % limits 0.5 ± 0.048862 → 400/1000 is low (0.001), 600/1000 high (0.001), 500 within.
TEST(FunnelSignificance, PolarityTurnsHighAndLowIntoBetterAndWorse) {
  Eigen::ArrayXd x(3), n(3);
  x << 400, 500, 600;
  n << 1000, 1000, 1000;
  using C = FunnelComparison;
  const auto codes = [&](Polarity p) {
    const FunnelAssessment a = funnel_significance(x, n, {.polarity = p});
    return std::vector<C>{a.comparison[0], a.comparison[1], a.comparison[2]};
  };
  EXPECT_EQ(codes(Polarity::higher_is_better), (std::vector<C>{C::worse, C::similar, C::better}));
  EXPECT_EQ(codes(Polarity::lower_is_better), (std::vector<C>{C::better, C::similar, C::worse}));
  EXPECT_EQ(codes(Polarity::neither), (std::vector<C>{C::lower, C::similar, C::higher}));
  const FunnelAssessment a = funnel_significance(x, n, {});
  EXPECT_EQ(a.significance[0], FunnelSignificance::low_998);
  EXPECT_EQ(a.significance[2], FunnelSignificance::high_998);
  EXPECT_TRUE(close(a.value[0], 40));
  EXPECT_EQ(compare(FunnelSignificance::not_applicable, Polarity::higher_is_better),
            C::not_applicable);
}

TEST(FunnelSignificance, EveryBadRowIsReportedOrMarked) {
  Eigen::ArrayXd x(5), n(5);
  x << 10, -1, NAN, 30, 5;
  n << 100, 100, 100, 20, 0;
  EXPECT_EQ(error_of([&] { funnel_significance(x, n, {}); }), "rows | 1:x 2:x 3:x 4:n");
  const FunnelAssessment a = funnel_significance(x, n, {.on_bad_rows = OnBadRows::mark});
  EXPECT_EQ(a.errors.size(), 4u);
  EXPECT_EQ(a.status[0], IntervalStatus::ok);
  EXPECT_EQ(a.status[3], IntervalStatus::x_exceeds_n);
  EXPECT_TRUE(std::isnan(a.value[1]));
  EXPECT_EQ(a.significance[2], FunnelSignificance::missing);
  EXPECT_EQ(a.comparison[4], FunnelComparison::missing);
  EXPECT_EQ(a.average, 0.1); // only the good row: 10/100
  // A ratio may exceed its expected count; a proportion may not.
  const FunnelAssessment r = funnel_significance(
      x, n, {.statistic = FunnelStatistic::ratio, .on_bad_rows = OnBadRows::mark});
  EXPECT_EQ(r.status[3], IntervalStatus::ok);
  // Nothing valid: no average.
  Eigen::ArrayXd bad(1);
  bad << NAN;
  EXPECT_THAT(error_of([&] { funnel_limits(bad, bad, {.on_bad_rows = OnBadRows::mark}); }),
              HasSubstr("n | "));
}

TEST(FunnelRateDenominators, FollowPheRulesAndReportBadRows) {
  Eigen::ArrayXd x(3), rate(3), pop(3);
  x << 20, 0, 5;
  rate << 400, 0, 100;
  pop << 5000, 7000, 5000;
  // 100000 × 20 / 400 = 5000; no events: NaN for a DSR, the population for a crude rate.
  const Eigen::ArrayXd dsr = funnel_rate_denominators(x, rate, pop, 1e5, RateType::dsr).array();
  EXPECT_EQ(dsr(0), 5000);
  EXPECT_TRUE(std::isnan(dsr(1)));
  const Eigen::ArrayXd crude = funnel_rate_denominators(x, rate, pop, 1e5, RateType::crude).array();
  EXPECT_EQ(crude(1), 7000);
  EXPECT_EQ(
      error_of([&] { funnel_rate_denominators(x, rate, Eigen::ArrayXd(), 1e5, RateType::crude); }),
      "rows | 1:n");
  rate(2) = 0;
  EXPECT_EQ(error_of([&] { funnel_rate_denominators(x, rate, pop, 1e5, RateType::dsr); }),
            "rows | 2:rate");
  // A DSR row with no events is valid and not assessed; with fewer than 10 events likewise.
  rate(2) = 100;
  const FunnelAssessment a = funnel_significance(
      x, dsr, {.statistic = FunnelStatistic::rate, .multiplier = 1e5, .rate_type = RateType::dsr});
  EXPECT_EQ(a.status[1], IntervalStatus::ok);
  EXPECT_EQ(a.significance[1], FunnelSignificance::not_applicable);
  EXPECT_EQ(a.significance[2], FunnelSignificance::not_applicable);
}

TEST(FunnelOptions, BadOptionsNameTheirField) {
  Eigen::ArrayXd x(1), n(1), points(1);
  x << 1;
  n << 2;
  points << 10;
  EXPECT_THAT(error_of([&] { funnel_limits(x, n, {.multiplier = 0}); }),
              HasSubstr("multiplier | "));
  EXPECT_THAT(error_of([&] { funnel_limits(x, n, {.years_of_data = -1}); }),
              HasSubstr("years_of_data | "));
  EXPECT_THAT(error_of([&] { funnel_limits_at(1.5, points, {}); }), HasSubstr("average | "));
  points << 0;
  EXPECT_THAT(error_of([&] { funnel_limits_at(0.5, points, {}); }), HasSubstr("points | "));
  EXPECT_THAT(error_of([] { parse_polarity("up"); }), HasSubstr("polarity | "));
  EXPECT_EQ(parse_polarity("high"), Polarity::higher_is_better);
  EXPECT_EQ(parse_funnel_statistic("rate"), FunnelStatistic::rate);
  EXPECT_THAT(error_of([] { parse_ratio_type("smr"); }), HasSubstr("ratio_type | "));
}

// The column function behind funnel_significance and the binding: caller buffers, the caller's
// column names in errors, the Eigen API's numbers.
TEST(FunnelColumnFunction, EqualsTheEigenApiAndNamesTheCallersFields) {
  const Eigen::ArrayXd x = (Eigen::ArrayXd(6) << 30, 45, 12, -1, 80, 51).finished();
  const Eigen::ArrayXd n = (Eigen::ArrayXd(6) << 100, 120, 90, 50, 150, 110).finished();
  FunnelOptions options;
  options.statistic = FunnelStatistic::proportion;
  options.multiplier = 100;
  options.on_bad_rows = OnBadRows::mark;
  const FunnelAssessment eigen = funnel_significance(x, n, options);
  std::vector<double> value(6);
  std::vector<std::uint8_t> significance(6), comparison(6), status(6);
  const std::span<const double> xs(x.data(), 6), ns(n.data(), 6);
  const detail::FunnelColumn c = detail::funnel_significance_column(
      xs, ns, options, {value, significance, comparison, status}, {"deliveries", "births"});
  EXPECT_EQ(c.average, eigen.average);
  ASSERT_EQ(c.errors.size(), 1u);
  EXPECT_EQ(c.errors[0].field, "deliveries");
  for (Eigen::Index i = 0; i < 6; ++i) {
    const auto r = static_cast<std::size_t>(i);
    EXPECT_TRUE(value[r] == eigen.value[i] || (std::isnan(value[r]) && std::isnan(eigen.value[i])));
    EXPECT_EQ(significance[r], eigen.significance.codes()[r]);
    EXPECT_EQ(comparison[r], eigen.comparison.codes()[r]);
    EXPECT_EQ(status[r], eigen.status.codes()[r]);
  }
  options.on_bad_rows = OnBadRows::raise;
  try {
    detail::funnel_limits_column(xs, ns, options, {"deliveries", "births"});
    FAIL() << "a bad row must raise";
  } catch (const invalid_rows& e) {
    EXPECT_EQ(e.rows().at(0).field, "deliveries");
  }
}

// ---- result storage (issue 21, items 1 and 6) --------------------------------------------

static_assert(std::is_same_v<decltype(FunnelCurve::points), Column<double>>);
static_assert(std::is_same_v<decltype(FunnelCurve::upper_998), Column<double>>);
static_assert(std::is_same_v<decltype(FunnelCurve::lower_95_denominator), Column<double>>);
static_assert(std::is_same_v<decltype(FunnelAssessment::value), Column<double>>);
static_assert(std::is_same_v<decltype(FunnelAssessment::significance), Column<FunnelSignificance>>);
static_assert(std::is_same_v<decltype(FunnelAssessment::comparison), Column<FunnelComparison>>);
static_assert(std::is_same_v<decltype(FunnelAssessment::status), Column<IntervalStatus>>);
static_assert(std::is_same_v<decltype(funnel_rate_denominators(Eigen::ArrayXd(), Eigen::ArrayXd(),
                                                               Eigen::ArrayXd(), 1, RateType::dsr)),
                             Column<double>>);

template <class A>
concept funnel_input = requires(const A& a, const FunnelOptions& o) {
  funnel_limits(a, a, o);
  funnel_limits_at(0.5, a, o);
  funnel_significance(a, a, o);
  funnel_rate_denominators(a, a, a, 1e5, RateType::dsr);
};
static_assert(funnel_input<Eigen::ArrayXd> && funnel_input<std::vector<double>> &&
              funnel_input<Column<double>> && funnel_input<std::span<const double>>);

namespace {

std::vector<std::uint64_t> bits(const Column<double>& c) {
  std::vector<std::uint64_t> b(c.size());
  if (!c.empty()) std::memcpy(b.data(), c.data(), c.size() * sizeof(double)); // null when empty
  return b;
}

void expect_same(const FunnelCurve& a, const FunnelCurve& b) {
  EXPECT_EQ(a.average, b.average);
  EXPECT_EQ(bits(a.points), bits(b.points));
  for (auto limit : {&FunnelCurve::lower_95, &FunnelCurve::upper_95, &FunnelCurve::lower_998,
                     &FunnelCurve::upper_998, &FunnelCurve::lower_95_denominator,
                     &FunnelCurve::upper_998_denominator})
    EXPECT_EQ(bits(a.*limit), bits(b.*limit));
}

void expect_same(const FunnelAssessment& a, const FunnelAssessment& b) {
  EXPECT_EQ(a.average, b.average);
  EXPECT_EQ(bits(a.value), bits(b.value));
  EXPECT_EQ(a.significance, b.significance);
  EXPECT_EQ(a.comparison, b.comparison);
  EXPECT_EQ(a.status, b.status);
}

} // namespace

// PolarityTurnsHighAndLowIntoBetterAndWorse's areas (400, 500, 600 of 1000: 40 % low, 60 % high
// at 99.8 %) and RateDenominators' rows (100000 × 20 / 400 = 5000; no events: NaN for a DSR),
// from an Eigen array, a std::vector and a Column: the same bits.
TEST(FunnelColumns, EigenVectorAndColumnInputsGiveTheSameNumbers) {
  const std::vector<double> xv{400, 500, 600}, nv{1000, 1000, 1000};
  const Eigen::ArrayXd xe = Eigen::Map<const Eigen::ArrayXd>(xv.data(), 3);
  const Eigen::ArrayXd ne = Eigen::Map<const Eigen::ArrayXd>(nv.data(), 3);
  const Column<double> xc(xv), nc(nv);
  const FunnelOptions o{.polarity = Polarity::higher_is_better};
  const FunnelAssessment a = funnel_significance(xe, ne, o);
  EXPECT_EQ(a.value[0], 40);
  EXPECT_EQ(a.significance[0], FunnelSignificance::low_998);
  EXPECT_EQ(a.comparison[2], FunnelComparison::better);
  EXPECT_EQ(a.significance.codes()[2], 2); // high_998, as Python sees it
  expect_same(funnel_significance(xv, nv, o), a);
  expect_same(funnel_significance(xc, nc, o), a);
  const FunnelCurve c = funnel_limits(xe, ne, o);
  EXPECT_EQ(c.points.size(), 100u);
  expect_same(funnel_limits(xv, nv, o), c);
  expect_same(funnel_limits(xc, nc, o), c);
  // Rates at chosen points: the Poisson limits and their denominators.
  const std::vector<double> points{5, 50};
  const FunnelOptions rate{.statistic = FunnelStatistic::rate, .multiplier = 1e5};
  const FunnelCurve at = funnel_limits_at(0.001, Column<double>(points), rate);
  EXPECT_EQ(at.lower_95_denominator.size(), 2u);
  expect_same(funnel_limits_at(0.001, points, rate), at);
  expect_same(funnel_limits_at(0.001, Eigen::Map<const Eigen::ArrayXd>(points.data(), 2), rate),
              at);
  const std::vector<double> ev{20, 0, 5}, rv{400, 0, 100}, pv{5000, 7000, 5000};
  const Column<double> d = funnel_rate_denominators(ev, rv, pv, 1e5, RateType::dsr);
  EXPECT_EQ(d[0], 5000);
  EXPECT_TRUE(std::isnan(d[1]));
  EXPECT_EQ(bits(funnel_rate_denominators(Column<double>(ev), Column<double>(rv),
                                          Column<double>(pv), 1e5, RateType::dsr)),
            bits(d));
  const auto e = [](const std::vector<double>& v) {
    return Eigen::ArrayXd(Eigen::Map<const Eigen::ArrayXd>(v.data(), 3));
  };
  EXPECT_EQ(bits(funnel_rate_denominators(e(ev), e(rv), e(pv), 1e5, RateType::dsr)), bits(d));
}
