#include <zhibiao/detail/life_table_kernels.hpp>
#include <zhibiao/life_table.hpp>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <span>
#include <vector>

using namespace zhibiao;
using ::testing::HasSubstr;
using Codes = Eigen::Array<std::int64_t, Eigen::Dynamic, 1>;

namespace {

// PHEindicatormethods' life-expectancy test data and expected values (tests/testthat/
// testLifeExpectancy.R, data frame df1 and answer1, repository ukhsa-collaboration/
// PHEindicatormethods; the same data are the example of ?phe_life_expectancy). Bands 0, 1–4,
// 5–9, …, 85–89, 90+.
const std::vector<double> phe_pops{7060,  35059, 46974, 48489, 43219, 38561, 46009,
                                   57208, 61435, 55601, 50209, 56416, 46411, 39820,
                                   37978, 37039, 33288, 23306, 11936, 11936};
const std::vector<double> phe_deaths{17,  9,   4,   8,   20,  15,  24,   33,   50,   71,
                                     100, 163, 263, 304, 536, 872, 1390, 1605, 1936, 1937};
// answer1$value, $lowercl, $uppercl.
const std::vector<double> phe_value{80.16960813, 79.36245674, 75.44193645, 70.47299936, 65.52909542,
                                    60.67510088, 55.78835987, 50.92752727, 46.06740425, 41.24505636,
                                    36.49322717, 31.83343842, 27.26027992, 22.9719144,  18.76856852,
                                    14.95858336, 11.51684445, 8.618849241, 6.163942934, 6.16210635};
const std::vector<double> phe_lower{
    79.88268548, 79.0898816,  75.17407307, 70.20675732, 65.26548673, 60.41876577, 55.53801579,
    50.68279939, 45.82666794, 41.00842831, 36.26223216, 31.60996318, 27.04337271, 22.76653134,
    18.57570352, 14.77985004, 11.34831778, 8.451134045, 5.978358351, 5.887683386};
const std::vector<double> phe_upper{
    80.45653078, 79.63503188, 75.70979983, 70.7392414,  65.79270412, 60.931436,   56.03870395,
    51.17225516, 46.30814055, 41.48168441, 36.72422219, 32.05691365, 27.47718713, 23.17729746,
    18.96143352, 15.13731667, 11.68537112, 8.786564437, 6.349527517, 6.436529314};

Eigen::ArrayXd arr(const std::vector<double>& v) {
  return Eigen::Map<const Eigen::ArrayXd>(v.data(), static_cast<Eigen::Index>(v.size()));
}

void expect_rel(double actual, double expected, double rel, const std::string& what) {
  EXPECT_LE(std::fabs(actual - expected), rel * std::fabs(expected))
      << what << ": " << actual << " vs " << expected;
}

} // namespace

TEST(LifeTable, ReproducesPheTestValues) {
  const auto t = life_table(arr(phe_deaths), arr(phe_pops));
  ASSERT_EQ(t.expectancy.size(), 20);
  EXPECT_EQ(t.area_status, LifeTableStatus::ok);
  for (int b = 0; b < 20; ++b) {
    const std::string band = "band " + std::to_string(b);
    expect_rel(t.expectancy[b], phe_value[b], 1e-9, band + " value");
    // PHE's expected limits were made with z = 1.96 (its Excel calculator's constant; the R
    // code uses qnorm(0.975) and its test compares at 4 decimals): with 1.96 they agree to 1e-9.
    expect_rel(t.expectancy[b] - 1.96 * t.standard_error[b], phe_lower[b], 1e-9, band + " lower");
    expect_rel(t.expectancy[b] + 1.96 * t.standard_error[b], phe_upper[b], 1e-9, band + " upper");
    // Our limits use the exact quantile 1.959963984540054, as PHE's R code does; PHE's own test
    // accepts them at 4 decimals.
    EXPECT_NEAR(t.lower(b, 0), phe_lower[b], 5e-5) << band;
    EXPECT_NEAR(t.upper(b, 0), phe_upper[b], 5e-5) << band;
    EXPECT_DOUBLE_EQ(t.lower(b, 0), t.expectancy[b] - 1.959963984540054 * t.standard_error[b]);
    EXPECT_EQ(t.status[b], LifeTableStatus::ok);
  }
}

// Hand calculation for the open band 90+ (Silcocks et al. 2001): everyone alive at 90 dies in
// the band, so e_90 = L/l = 1/M = P/D = 11936/1937 = 6.162106350025813..., and
// var e_90 = (l/2)² · 4/(D M²) / l² = 1/(D M²), se = P / D^{3/2} = 11936 / 1937^{1.5}
// = 0.140013... (= 11936 / (1937 × 44.0113622...)).
TEST(LifeTable, OpenBandIsOneOverTheRate) {
  const auto t = life_table(arr(phe_deaths), arr(phe_pops));
  expect_rel(t.expectancy[19], 11936.0 / 1937.0, 1e-14, "e90");
  expect_rel(t.standard_error[19], 11936.0 / (1937.0 * std::sqrt(1937.0)), 1e-14, "se90");
}

TEST(LifeTable, ManyAreasInAnyRowOrderGiveEachRowItsBand) {
  // Two copies of PHE's df1: area 1 reversed and interleaved with area 0 (PHE's df2 test: the
  // order of the rows does not matter).
  const int nb = 20;
  Eigen::ArrayXd deaths(2 * nb), pops(2 * nb), ages(2 * nb);
  Codes area(2 * nb);
  for (int b = 0; b < nb; ++b) {
    const int r0 = 2 * b, r1 = 2 * b + 1, src1 = nb - 1 - b;
    deaths[r0] = phe_deaths[b];
    pops[r0] = phe_pops[b];
    ages[r0] = standard_life_table_bands[b];
    area[r0] = 0;
    deaths[r1] = phe_deaths[src1];
    pops[r1] = phe_pops[src1];
    ages[r1] = standard_life_table_bands[src1];
    area[r1] = 1;
  }
  const auto out = life_tables(deaths, pops, ages, area, {.confidence = {0.95, 0.998}});
  ASSERT_EQ(out.area_status.size(), 2);
  EXPECT_EQ(out.area_status, Column<LifeTableStatus>(2, LifeTableStatus::ok));
  for (int b = 0; b < nb; ++b) {
    expect_rel(out.value[2 * b], phe_value[b], 1e-9, "area 0");
    expect_rel(out.value[2 * b + 1], phe_value[nb - 1 - b], 1e-9, "area 1");
  }
  // 99.8 %: z = Φ⁻¹(0.999) = 3.090232306167813 (standard normal tables).
  EXPECT_DOUBLE_EQ(out.lower(0, 1), out.value[0] - 3.090232306167813 * out.standard_error[0]);
  EXPECT_DOUBLE_EQ(out.upper(0, 1), out.value[0] + 3.090232306167813 * out.standard_error[0]);
}

namespace {
LifeTableColumns one_area(std::vector<double> deaths, std::vector<double> pops,
                          OnBadRows policy = OnBadRows::mark) {
  return life_tables(
      arr(deaths), arr(pops),
      arr(std::vector<double>(standard_life_table_bands.begin(), standard_life_table_bands.end())),
      Codes(), {.on_bad_rows = policy});
}
} // namespace

// PHE's suppression rules, each with the data of PHE's testLifeExpectancy.R.
TEST(LifeTable, PheRulesSuppressTheAreaWithTheReason) {
  auto pops = phe_pops;
  pops[5] = 0; // df_zero_pop
  auto out = one_area(phe_deaths, pops);
  EXPECT_TRUE(out.value.array().isNaN().all());
  EXPECT_EQ(out.area_status[0], LifeTableStatus::zero_population);
  EXPECT_EQ(out.status[3], LifeTableStatus::zero_population);

  pops = phe_pops;
  pops[18] = 119; // df_deaths_greater_pops: 1936 deaths among 119 people aged 85–89
  out = one_area(phe_deaths, pops);
  EXPECT_TRUE(out.value.array().isNaN().all());
  EXPECT_TRUE(out.lower.array().isNaN().all());
  EXPECT_EQ(out.area_status[0], LifeTableStatus::deaths_exceed_population);

  // df_low_pops: total population 2,793 ≤ 5,000.
  out = one_area({58, 93, 78, 94, 59, 71, 80, 73, 69, 72, 91, 69, 78, 71, 54, 91, 82, 53, 50, 84},
                 {128, 152, 120, 176, 194, 180, 145, 149, 107, 185,
                  165, 109, 100, 122, 133, 189, 123, 121, 147, 138});
  EXPECT_EQ(out.area_status[0], LifeTableStatus::small_population);
  EXPECT_TRUE(out.value.array().isNaN().all());
  EXPECT_EQ(describe(LifeTableStatus::small_population),
            "suppressed: the area's total population is 5,000 or less");

  // Exactly 5,000 is suppressed too (PHE: total_pop <= 5000); 5,001 is computed.
  std::vector<double> flat_pop(20, 250), flat_deaths(20, 1);
  EXPECT_EQ(one_area(flat_deaths, flat_pop).area_status[0], LifeTableStatus::small_population);
  flat_pop[0] = 251;
  EXPECT_NE(one_area(flat_deaths, flat_pop).area_status[0], LifeTableStatus::small_population);

  auto deaths = phe_deaths;
  deaths[19] = 0; // the open band needs a death: 1/M
  out = one_area(deaths, phe_pops);
  EXPECT_EQ(out.area_status[0], LifeTableStatus::no_deaths_in_open_band);
}

TEST(LifeTable, MissingBandSuppressesTheArea) {
  // df_missing_age: the 90+ row is absent.
  std::vector<double> ages(standard_life_table_bands.begin(), standard_life_table_bands.end() - 1);
  std::vector<double> d(phe_deaths.begin(), phe_deaths.end() - 1),
      p(phe_pops.begin(), phe_pops.end() - 1);
  const auto out = life_tables(arr(d), arr(p), arr(ages), Codes());
  EXPECT_EQ(out.area_status[0], LifeTableStatus::missing_band);
  EXPECT_TRUE(out.value.array().isNaN().all());
  EXPECT_EQ(out.status[0], LifeTableStatus::missing_band);
}

// Hand calculation: with 400 people and 4 deaths aged 90+, e_90 = 400/4 = 100 years and
// se = 400 / 4^{1.5} = 50, so the 95 % interval 100 ± 1.96 × 50 spans 196 years > 20: the value
// is withheld, the limits are kept (PHE: "Individual Life Expectancy values will be suppressed
// (although confidence intervals will be shown)").
TEST(LifeTable, WideIntervalWithholdsTheValueButKeepsTheLimits) {
  auto deaths = phe_deaths;
  auto pops = phe_pops;
  deaths[19] = 4;
  pops[19] = 400;
  const auto out = one_area(deaths, pops, OnBadRows::raise);
  EXPECT_EQ(out.area_status[0], LifeTableStatus::ok);
  EXPECT_EQ(out.status[19], LifeTableStatus::wide_interval);
  EXPECT_TRUE(std::isnan(out.value[19]));
  EXPECT_DOUBLE_EQ(out.standard_error[19], 50.0);
  EXPECT_DOUBLE_EQ(out.lower(19, 0), 100 - 1.959963984540054 * 50);
  EXPECT_DOUBLE_EQ(out.upper(19, 0), 100 + 1.959963984540054 * 50);
  EXPECT_TRUE(is_suppressed(LifeTableStatus::wide_interval));
}

TEST(LifeTable, BadRowsRaiseWithEveryRowOrAreMarked) {
  // PHE's df_grouped_with_warnings, areas "Good data" (0), "Negative deaths" (1, −2 deaths
  // at 5–9) and "Negative pops" (2, −10 people at 10–14): PHE suppresses such areas; zhibiao
  // treats a negative count as an input error, as for every other count.
  const int nb = 20;
  Eigen::ArrayXd d(3 * nb), p(3 * nb), ages(3 * nb);
  Codes area(3 * nb);
  for (int a = 0; a < 3; ++a)
    for (int b = 0; b < nb; ++b) {
      d[a * nb + b] = phe_deaths[b];
      p[a * nb + b] = phe_pops[b];
      ages[a * nb + b] = standard_life_table_bands[b];
      area[a * nb + b] = a;
    }
  d[nb + 2] = -2;
  p[2 * nb + 3] = -10;
  try {
    life_tables(d, p, ages, area);
    FAIL() << "no exception";
  } catch (const invalid_rows& e) {
    ASSERT_EQ(e.rows().size(), 2u);
    EXPECT_EQ(e.rows()[0].row, 22u);
    EXPECT_EQ(e.rows()[0].field, "deaths");
    EXPECT_EQ(e.rows()[1].row, 43u);
    EXPECT_EQ(e.rows()[1].field, "population");
    EXPECT_THAT(e.what(), HasSubstr("2 bad rows: row 22 deaths: is negative (-2)"));
  }
  const auto out = life_tables(d, p, ages, area, {.on_bad_rows = OnBadRows::mark});
  EXPECT_EQ(out.area_status[0], LifeTableStatus::ok);
  EXPECT_EQ(out.area_status[1], LifeTableStatus::bad_row_in_area);
  EXPECT_EQ(out.status[22], LifeTableStatus::negative_deaths);
  EXPECT_EQ(out.status[21], LifeTableStatus::bad_row_in_area);
  EXPECT_EQ(out.status[43], LifeTableStatus::negative_population);
  EXPECT_EQ(out.errors.size(), 2u);
  expect_rel(out.value[0], phe_value[0], 1e-9, "good area");
  EXPECT_TRUE(out.value.array().segment(nb, 2 * nb).isNaN().all());
}

TEST(LifeTable, UnknownAndDuplicateBandsAndMissingValuesAreRowErrors) {
  Eigen::ArrayXd d = arr(phe_deaths), p = arr(phe_pops);
  Eigen::ArrayXd ages(20);
  for (int b = 0; b < 20; ++b) ages[b] = standard_life_table_bands[b];
  ages[2] = 7; // not a band
  ages[3] = 1; // 1–4 twice
  d[4] = NAN;  // missing deaths
  try {
    life_tables(d, p, ages, Codes());
    FAIL() << "no exception";
  } catch (const invalid_rows& e) {
    ASSERT_EQ(e.rows().size(), 3u);
    EXPECT_EQ(e.rows()[0].field, "start_age");
    EXPECT_THAT(e.rows()[0].message, HasSubstr("7 is not one of the age bands"));
    EXPECT_THAT(e.rows()[1].message, HasSubstr("appears twice"));
    EXPECT_EQ(e.rows()[2].field, "deaths");
    EXPECT_THAT(e.rows()[2].message, HasSubstr("not a finite number (nan)"));
  }
}

TEST(LifeTable, ScalarApiNamesTheFieldAndChecksOptions) {
  auto d = arr(phe_deaths);
  d[3] = -1;
  try {
    life_table(d, arr(phe_pops));
    FAIL();
  } catch (const invalid_input& e) {
    EXPECT_EQ(e.field(), "deaths");
    EXPECT_THAT(e.what(), HasSubstr("in band 10"));
  }
  EXPECT_THROW(life_table(arr(phe_deaths).head(19), arr(phe_pops)), invalid_input);
  try {
    life_table(arr(phe_deaths), arr(phe_pops), {.confidence = {0.8}});
    FAIL();
  } catch (const invalid_input& e) {
    EXPECT_EQ(e.field(), "confidence"); // PHE: levels between 0.9 and 1
  }
  try {
    LifeTableOptions o;
    o.bands = {1, 5, 10};
    life_table(arr(phe_deaths).head(3), arr(phe_pops).head(3), o);
    FAIL();
  } catch (const invalid_input& e) {
    EXPECT_EQ(e.field(), "bands");
  }
  Codes bad(20);
  bad.setZero();
  bad[4] = -1;
  Eigen::ArrayXd ages(20);
  for (int b = 0; b < 20; ++b) ages[b] = standard_life_table_bands[b];
  EXPECT_THROW(life_tables(arr(phe_deaths), arr(phe_pops), ages, bad), invalid_input);
}

// ---- SDG 3.4.1 ------------------------------------------------------------------------------

// Hand calculation with WHO's formula (5q = 5M/(1 + 2.5M), value = 1 − Π(1 − 5q)) on made-up
// counts for the bands 30–34 … 65–69; exact rational arithmetic (Python fractions):
//   band   P      D    M            5q
//   30   40000    8  0.0002       0.000999500249875
//   35   38000   12  0.000315789  0.001577701814357
//   40   36000   20  0.000555556  0.002773925104022
//   45   34000   35  0.001029412  0.005133846718005
//   50   30000   60  0.002        0.009950248756219
//   55   26000   90  0.003461538  0.017159199237369
//   60   22000  130  0.005909091  0.029115341545353
//   65   18000  170  0.009444444  0.046132971506106
//   S = Π(1 − 5q) = 0.8917311352499055  →  value = 10.826886475009447 %
// Delta method (Poisson deaths): var S = S² Σ [5/((1 − 2.5M)(1 + 2.5M))]² D/P², giving
// SE = 0.4574925867415812 %; θ = log(−log S) = −2.1663894176843925, se θ = 0.04477144385144282,
// 95 % limits 1 − exp(−exp(θ ∓ 1.959963984540054 se θ)) = 9.96428770435932 %, 11.75916585517468 %.
TEST(NcdMortality, MatchesAHandCalculationOfWhosFormula) {
  Eigen::ArrayXd P(8), D(8), ages(8);
  P << 40000, 38000, 36000, 34000, 30000, 26000, 22000, 18000;
  D << 8, 12, 20, 35, 60, 90, 130, 170;
  for (int b = 0; b < 8; ++b) ages[b] = 30 + 5 * b;
  const auto out = premature_ncd_mortality(D, P, ages, Codes());
  ASSERT_EQ(out.value.size(), 1);
  EXPECT_EQ(out.area_status[0], LifeTableStatus::ok);
  expect_rel(out.value[0], 10.826886475009447, 1e-12, "value");
  expect_rel(out.standard_error[0], 0.4574925867415812, 1e-12, "se");
  expect_rel(out.lower(0, 0), 9.96428770435932, 1e-12, "lower");
  expect_rel(out.upper(0, 0), 11.75916585517468, 1e-12, "upper");
}

TEST(NcdMortality, SuppressesAndMarks) {
  Eigen::ArrayXd P = Eigen::ArrayXd::Constant(16, 1000), D = Eigen::ArrayXd::Zero(16), ages(16);
  Codes area(16);
  for (int i = 0; i < 16; ++i) {
    ages[i] = 30 + 5 * (i % 8);
    area[i] = i / 8;
  }
  D[8 + 3] = 450; // M = 0.45 ≥ 0.4: 5q would exceed 1
  const auto out = premature_ncd_mortality(D, P, ages, area);
  // Area 0 has no deaths: the probability is 0, its interval not computed.
  EXPECT_EQ(out.area_status[0], LifeTableStatus::no_deaths);
  EXPECT_EQ(out.value[0], 0.0);
  EXPECT_TRUE(std::isnan(out.lower(0, 0)));
  EXPECT_EQ(out.area_status[1], LifeTableStatus::rate_too_high);
  EXPECT_TRUE(std::isnan(out.value[1]));
  // A band outside 30–69 is an input error.
  ages[0] = 70;
  EXPECT_THROW(premature_ncd_mortality(D, P, ages, area), invalid_rows);
}

// The column functions behind life_tables and the binding: the shape is checked and sized
// first, then the kernel writes into caller buffers the Eigen API's numbers.
TEST(LifeTableColumnFunction, EqualsTheEigenApi) {
  const std::vector<double> ages(standard_life_table_bands.begin(),
                                 standard_life_table_bands.end());
  const std::vector<double>& deaths = phe_deaths;
  const std::vector<double>& pops = phe_pops;
  const LifeTableOptions options{.confidence = {0.95, 0.998}};
  const LifeTableColumns eigen = life_tables(arr(deaths), arr(pops), arr(ages), Codes(), options);
  const detail::BandColumns in{deaths, pops, ages, std::nullopt};
  const detail::BandShape shape = detail::life_table_shape(in, options);
  ASSERT_EQ(shape.rows, 20u);
  ASSERT_EQ(shape.areas, 1u);
  std::vector<double> value(20), se(20), lower(40), upper(40);
  std::vector<std::uint8_t> status(20), area_status(1);
  const auto errors =
      detail::life_table_column(in, shape, options, {value, se, lower, upper, status, area_status});
  EXPECT_TRUE(errors.empty());
  EXPECT_EQ(area_status[0], eigen.area_status.codes()[0]);
  for (Eigen::Index i = 0; i < 20; ++i) {
    const auto r = static_cast<std::size_t>(i);
    EXPECT_EQ(value[r], eigen.value[i]);
    EXPECT_EQ(se[r], eigen.standard_error[i]);
    EXPECT_EQ(lower[20 + r], eigen.lower(i, 1));
    EXPECT_EQ(upper[20 + r], eigen.upper(i, 1));
  }
  // An area column of the wrong length, or with a negative code, is refused by the shape.
  const std::vector<std::int64_t> short_codes(3, 0);
  EXPECT_THROW(detail::life_table_shape(
                   {deaths, pops, ages, std::span<const std::int64_t>(short_codes)}, options),
               invalid_input);
  std::vector<std::int64_t> codes(20, 0);
  codes[4] = -1;
  EXPECT_THROW(
      detail::life_table_shape({deaths, pops, ages, std::span<const std::int64_t>(codes)}, options),
      invalid_input);
}

// --- result storage and input overloads (issue 21, items 1 and 6) -------------------------------

// The results own no Eigen storage: columns are zhibiao::Column, limit blocks zhibiao::Matrix,
// statuses typed (LifeTableStatus is one byte: the codes Python sees are unchanged).
static_assert(std::is_same_v<decltype(LifeTable::expectancy), Column<double>>);
static_assert(std::is_same_v<decltype(LifeTable::standard_error), Column<double>>);
static_assert(std::is_same_v<decltype(LifeTable::lower), Matrix<double>>);
static_assert(std::is_same_v<decltype(LifeTable::upper), Matrix<double>>);
static_assert(std::is_same_v<decltype(LifeTable::status), Column<LifeTableStatus>>);
static_assert(std::is_same_v<decltype(LifeTableColumns::value), Column<double>>);
static_assert(std::is_same_v<decltype(LifeTableColumns::standard_error), Column<double>>);
static_assert(std::is_same_v<decltype(LifeTableColumns::lower), Matrix<double>>);
static_assert(std::is_same_v<decltype(LifeTableColumns::upper), Matrix<double>>);
static_assert(std::is_same_v<decltype(LifeTableColumns::status), Column<LifeTableStatus>>);
static_assert(std::is_same_v<decltype(LifeTableColumns::area_status), Column<LifeTableStatus>>);
static_assert(std::is_same_v<decltype(NcdMortalityColumns::value), Column<double>>);
static_assert(std::is_same_v<decltype(NcdMortalityColumns::standard_error), Column<double>>);
static_assert(std::is_same_v<decltype(NcdMortalityColumns::lower), Matrix<double>>);
static_assert(std::is_same_v<decltype(NcdMortalityColumns::upper), Matrix<double>>);
static_assert(std::is_same_v<decltype(NcdMortalityColumns::row_status), Column<LifeTableStatus>>);
static_assert(std::is_same_v<decltype(NcdMortalityColumns::area_status), Column<LifeTableStatus>>);
static_assert(sizeof(LifeTableStatus) == 1);

namespace {
template <class Result>
void expect_same_bands(const Result& a, const Result& b) {
  EXPECT_EQ(a.value, b.value);
  EXPECT_EQ(a.standard_error, b.standard_error);
  EXPECT_EQ(a.lower, b.lower);
  EXPECT_EQ(a.upper, b.upper);
  EXPECT_EQ(a.area_status, b.area_status);
  EXPECT_EQ(a.errors.size(), b.errors.size());
}
} // namespace

// An Eigen array, a std::vector and a zhibiao::Column are each accepted (the Eigen::Ref and the
// std::span overloads, neither ambiguous) and give the same numbers bit for bit; the values are
// PHE's (phe_value above) and the hand calculation of NcdMortality.MatchesAHandCalculation….
TEST(Overloads, EigenVectorAndColumnInputsGiveTheSameResults) {
  const std::vector<double> ages(standard_life_table_bands.begin(),
                                 standard_life_table_bands.end());
  const LifeTableOptions options{.confidence = {0.95, 0.998}};
  const LifeTable te = life_table(arr(phe_deaths), arr(phe_pops), options);
  const LifeTable tv = life_table(phe_deaths, phe_pops, options);
  const LifeTable tc = life_table(Column<double>(phe_deaths), Column<double>(phe_pops), options);
  expect_rel(tv.expectancy[0], phe_value[0], 1e-9, "e0");
  EXPECT_EQ(tv.status[0], LifeTableStatus::ok);
  EXPECT_EQ(tv.lower.rows(), 20u);
  EXPECT_EQ(tv.lower.cols(), 2u);
  for (const LifeTable* t : {&te, &tc}) {
    EXPECT_EQ(t->expectancy, tv.expectancy);
    EXPECT_EQ(t->standard_error, tv.standard_error);
    EXPECT_EQ(t->lower, tv.lower);
    EXPECT_EQ(t->upper, tv.upper);
    EXPECT_EQ(t->status, tv.status);
    EXPECT_EQ(t->area_status, tv.area_status);
  }

  // Two areas, codes as an Eigen array, a vector and a Column.
  std::vector<double> d2, p2, a2;
  std::vector<std::int64_t> area;
  for (std::int64_t a = 0; a < 2; ++a) {
    d2.insert(d2.end(), phe_deaths.begin(), phe_deaths.end());
    p2.insert(p2.end(), phe_pops.begin(), phe_pops.end());
    a2.insert(a2.end(), ages.begin(), ages.end());
    area.insert(area.end(), 20, a);
  }
  const Codes area_e = Eigen::Map<const Codes>(area.data(), 40);
  const LifeTableColumns ce = life_tables(arr(d2), arr(p2), arr(a2), area_e, options);
  const LifeTableColumns cv = life_tables(d2, p2, a2, area, options);
  const LifeTableColumns cc = life_tables(Column<double>(d2), Column<double>(p2),
                                          Column<double>(a2), Column<std::int64_t>(area), options);
  EXPECT_EQ(cv.value[20], tv.expectancy[0]);
  EXPECT_EQ(cv.status, ce.status);
  EXPECT_EQ(cv.status, cc.status);
  expect_same_bands(ce, cv);
  expect_same_bands(cc, cv);
  // One area without codes: an empty span, as an empty Eigen array.
  EXPECT_EQ(life_tables(phe_deaths, phe_pops, ages, {}, options).value, tv.expectancy);

  const std::vector<double> P{40000, 38000, 36000, 34000, 30000, 26000, 22000, 18000};
  const std::vector<double> D{8, 12, 20, 35, 60, 90, 130, 170};
  const std::vector<double> A(ncd_mortality_bands.begin(), ncd_mortality_bands.end());
  const NcdMortalityColumns ne = premature_ncd_mortality(arr(D), arr(P), arr(A), Codes());
  const NcdMortalityColumns nv = premature_ncd_mortality(D, P, A, {});
  const NcdMortalityColumns nc = premature_ncd_mortality(Column<double>(D), Column<double>(P),
                                                         Column<double>(A), Column<std::int64_t>());
  expect_rel(nv.value[0], 10.826886475009447, 1e-12, "value");
  EXPECT_EQ(nv.row_status, Column<LifeTableStatus>(8, LifeTableStatus::ok));
  expect_same_bands(ne, nv);
  expect_same_bands(nc, nv);
  EXPECT_EQ(ne.row_status, nv.row_status);
  EXPECT_EQ(nc.row_status, nv.row_status);
}
