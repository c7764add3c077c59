#include <zhibiao/detail/inequality_kernels.hpp>
#include <zhibiao/inequality.hpp>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <span>
#include <vector>

using namespace zhibiao;

namespace {
Eigen::ArrayXd arr(std::initializer_list<double> v) {
  Eigen::ArrayXd a(static_cast<Eigen::Index>(v.size()));
  Eigen::Index i = 0;
  for (double x : v) a[i++] = x;
  return a;
}
} // namespace

// Hand calculation with PHE's rule (phe_quantile): N = 10 areas, Q = 5, N/Q = 2,
// quantile = floor(6 − ceil((11 − rank)/2)), ties share the lowest rank.
//   values       3  1  4  1  5  9  2  6  5  3
//   rank (min)   4  1  6  1  7 10  3  9  7  4   → quintile 2 1 3 1 4 5 2 5 4 2
// Inverted (PHE's default): ranks of 9 − value: 6 8 5 8 4 0 7 3 4 6 → ranks 6 9 5 9 3 1 8 2 3 6
//   → quintile 3 5 3 5 2 1 4 1 2 3.
TEST(Quantiles, FollowPhesRuleWithTiesAndInversion) {
  const auto v = arr({3, 1, 4, 1, 5, 9, 2, 6, 5, 3});
  const auto up = assign_quantiles(v, CodeArray(), {.quantiles = 5, .invert = false});
  EXPECT_TRUE((up.quantile.array() == arr({2, 1, 3, 1, 4, 5, 2, 5, 4, 2})).all())
      << up.quantile.array().transpose();
  const auto down = assign_quantiles(v, CodeArray(), {.quantiles = 5});
  EXPECT_TRUE((down.quantile.array() == arr({3, 5, 3, 5, 2, 1, 4, 1, 2, 3})).all())
      << down.quantile.array().transpose();
  EXPECT_EQ(down.status, Column<InequalityStatus>(10, InequalityStatus::ok));
}

TEST(Quantiles, GroupsSeparatelyAndTooFewAreasGetNone) {
  // Group 0: the ten values above (not inverted); group 1: three areas, fewer than 5 quintiles.
  Eigen::ArrayXd v(13);
  v << 3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 7, 8, 9;
  CodeArray g(13);
  g << 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1;
  const auto q = assign_quantiles(v, g, {.quantiles = 5}, {false, true});
  EXPECT_EQ(q.quantile[5], 5);
  EXPECT_TRUE(q.quantile.array().tail(3).isNaN().all());
  EXPECT_EQ(static_cast<InequalityStatus>(q.status[12]), InequalityStatus::incomplete);
  v[2] = NAN;
  EXPECT_THROW(assign_quantiles(v, g, {.quantiles = 5}), invalid_rows);
  const auto marked = assign_quantiles(v, g, {.quantiles = 5, .on_bad_rows = OnBadRows::mark});
  EXPECT_EQ(static_cast<InequalityStatus>(marked.status[2]), InequalityStatus::non_finite_value);
}

// PHE's phe_sii example, Area1 (?phe_sii): deciles 1–10 with these populations, life
// expectancies and standard errors. Hand calculation (weighted least squares written out with
// NumPy's lstsq on X = [√a, b√a], y = √a·value, a = population share, b = midpoint of the
// cumulative share; total population 68,356):
//   intercept α = 78.03207876952996, SII β = 7.000234760079886, RII = (α + β)/α
//   = 1.0897097049119413.
// For normal values the SII is linear in the values, so its standard error is
// √Σ w_q² se_q² = 1.9626921183098551 (w = second row of (XᵀX)⁻¹Xᵀ√a): the simulated 95 % limits
// must lie near 7.0002 ∓ 1.96 × 1.9627 = 3.153, 10.847.
TEST(Sii, PointEstimateMatchesHandCalculationAndIntervalTheLinearTheory) {
  const auto decile = arr({1, 2, 3, 4, 5, 6, 7, 8, 9, 10});
  const auto pop = arr({7291, 7997, 6105, 7666, 5790, 6934, 5918, 5974, 7147, 7534});
  const auto value = arr({75.9, 78.3, 83.8, 83.6, 80.5, 81.1, 81.7, 84.2, 80.6, 86.3});
  const auto se = arr({1.64, 1.58, 1.51, 1.78, 1.7, 1.56, 1.37, 1.4, 2.43, 1.57});
  const auto s = slope_index(decile, pop, value, se, CodeArray(), {.seed = 20240601});
  EXPECT_NEAR(s.sii[0], 7.000234760079886, 1e-12);
  EXPECT_NEAR(s.intercept[0], 78.03207876952996, 1e-12);
  EXPECT_NEAR(s.rii[0], 1.0897097049119413, 1e-14);
  const double half = 1.959963984540054 * 1.9626921183098551;
  EXPECT_NEAR(s.sii_lower(0, 0), 7.000234760079886 - half, 0.05);
  EXPECT_NEAR(s.sii_upper(0, 0), 7.000234760079886 + half, 0.05);
  EXPECT_LT(s.rii_lower(0, 0), s.rii[0]);
  EXPECT_GT(s.rii_upper(0, 0), s.rii[0]);
  // Reproducible for a seed, different for another; row order does not matter.
  const auto again = slope_index(decile, pop, value, se, CodeArray(), {.seed = 20240601});
  EXPECT_EQ(again.sii_lower(0, 0), s.sii_lower(0, 0));
  const auto other = slope_index(decile, pop, value, se, CodeArray(), {.seed = 7});
  EXPECT_NE(other.sii_lower(0, 0), s.sii_lower(0, 0));
  const auto rev = slope_index(decile.reverse(), pop.reverse(), value.reverse(), se.reverse(),
                               CodeArray(), {.seed = 20240601});
  EXPECT_NEAR(rev.sii[0], s.sii[0], 1e-12);
  // A negative multiplier flips the SII and inverts the RII (phe_sii).
  const auto neg = slope_index(decile, pop, value, se, CodeArray(), {.multiplier = -1, .seed = 1});
  EXPECT_NEAR(neg.sii[0], -7.000234760079886, 1e-12);
  EXPECT_NEAR(neg.rii[0], 1 / 1.0897097049119413, 1e-14);
}

TEST(Sii, IncompleteGroupsAndBadRows) {
  Eigen::ArrayXd q(15), pop = Eigen::ArrayXd::Constant(15, 1000), v(15),
                        se = Eigen::ArrayXd::Constant(15, 1);
  CodeArray g(15);
  for (int i = 0; i < 15; ++i) {
    q[i] = 1 + i % 5;
    v[i] = 10 + q[i];
    g[i] = i < 10 ? i / 5 : 2;
  }
  // Group 2 lacks quintile 5.
  q[14] = 4;
  const auto s = slope_index(q, pop, v, se, g, {.on_bad_rows = OnBadRows::mark});
  EXPECT_EQ(static_cast<InequalityStatus>(s.status[2]), InequalityStatus::incomplete);
  EXPECT_TRUE(std::isnan(s.sii[2]));
  // Equal populations, y = 10 + quintile: slope over relative rank 0.1 … 0.9 is 5 exactly.
  EXPECT_NEAR(s.sii[0], 5.0, 1e-12);
  EXPECT_EQ(static_cast<InequalityStatus>(s.row_status[14]), InequalityStatus::duplicate_quantile);
  EXPECT_THROW(slope_index(q, pop, v, se, g), invalid_rows);
  EXPECT_THROW(slope_index(q, pop, v, se, g, {.repetitions = 10}), invalid_input);
}

// The column functions behind slope_index / assign_quantiles and the binding: inputs and
// outputs grouped in structs of spans, the Eigen API's numbers bit for bit.
TEST(SiiColumnFunction, EqualsTheEigenApi) {
  const auto decile = arr({1, 2, 3, 4, 5, 6, 7, 8, 9, 10});
  const auto pop = arr({7291, 7997, 6105, 7666, 5790, 6934, 5918, 5974, 7147, 7534});
  const auto value = arr({75.9, 78.3, 83.8, 83.6, 80.5, 81.1, 81.7, 84.2, 80.6, 86.3});
  const auto se = arr({1.64, 1.58, 1.51, 1.78, 1.7, 1.56, 1.37, 1.4, 2.43, 1.57});
  const SiiOptions options{.repetitions = 2000, .confidence = {0.95, 0.998}, .seed = 3};
  const auto eigen = slope_index(decile, pop, value, se, CodeArray(), options);
  const detail::SiiColumns in{
      {decile.data(), 10}, {pop.data(), 10}, {value.data(), 10}, {se.data(), 10}, {}};
  const std::size_t groups = detail::sii_groups(in, options);
  ASSERT_EQ(groups, 1u);
  std::vector<double> sii(1), rii(1), icpt(1), sl(2), su(2), rl(2), ru(2);
  std::vector<std::uint8_t> status(1), row_status(10);
  const auto errors =
      detail::sii_column(in, groups, options, {sii, rii, icpt, sl, su, rl, ru, status, row_status});
  EXPECT_TRUE(errors.empty());
  EXPECT_EQ(sii[0], eigen.sii[0]);
  EXPECT_EQ(rii[0], eigen.rii[0]);
  EXPECT_EQ(icpt[0], eigen.intercept[0]);
  for (Eigen::Index j = 0; j < 2; ++j) {
    const auto k = static_cast<std::size_t>(j);
    EXPECT_EQ(sl[k], eigen.sii_lower(0, j));
    EXPECT_EQ(su[k], eigen.sii_upper(0, j));
    EXPECT_EQ(rl[k], eigen.rii_lower(0, j));
    EXPECT_EQ(ru[k], eigen.rii_upper(0, j));
  }
  // Quantiles likewise.
  const QuantileOptions qo{.quantiles = 5};
  const auto eq = assign_quantiles(value, CodeArray(), qo);
  const std::span<const double> vs(value.data(), 10);
  const detail::QuantileShape shape = detail::quantile_shape(vs, {}, qo, {});
  std::vector<double> quantile(10);
  std::vector<std::uint8_t> qstatus(10);
  EXPECT_TRUE(detail::quantile_column(vs, {}, shape, qo, {quantile, qstatus}).empty());
  for (Eigen::Index i = 0; i < 10; ++i)
    EXPECT_EQ(quantile[static_cast<std::size_t>(i)], eq.quantile[i]);
}

// --- result storage and input overloads (issue 21, items 1 and 6) -------------------------------

// The results own no Eigen storage: columns are zhibiao::Column, limit blocks zhibiao::Matrix,
// statuses typed (their codes unchanged: InequalityStatus is one byte).
static_assert(std::is_same_v<decltype(QuantileColumn::quantile), Column<double>>);
static_assert(std::is_same_v<decltype(QuantileColumn::status), Column<InequalityStatus>>);
static_assert(std::is_same_v<decltype(SiiResult::sii), Column<double>>);
static_assert(std::is_same_v<decltype(SiiResult::rii), Column<double>>);
static_assert(std::is_same_v<decltype(SiiResult::intercept), Column<double>>);
static_assert(std::is_same_v<decltype(SiiResult::sii_lower), Matrix<double>>);
static_assert(std::is_same_v<decltype(SiiResult::sii_upper), Matrix<double>>);
static_assert(std::is_same_v<decltype(SiiResult::rii_lower), Matrix<double>>);
static_assert(std::is_same_v<decltype(SiiResult::rii_upper), Matrix<double>>);
static_assert(std::is_same_v<decltype(SiiResult::status), Column<InequalityStatus>>);
static_assert(std::is_same_v<decltype(SiiResult::row_status), Column<InequalityStatus>>);
static_assert(
    std::is_same_v<decltype(standard_error_from_limits(
                       std::span<const double>(), std::span<const double>(), SiiValueType::normal)),
                   Column<double>>);
static_assert(sizeof(InequalityStatus) == 1);

namespace {
void expect_same(const SiiResult& a, const SiiResult& b) {
  EXPECT_EQ(a.sii, b.sii);
  EXPECT_EQ(a.rii, b.rii);
  EXPECT_EQ(a.intercept, b.intercept);
  EXPECT_EQ(a.sii_lower, b.sii_lower);
  EXPECT_EQ(a.sii_upper, b.sii_upper);
  EXPECT_EQ(a.rii_lower, b.rii_lower);
  EXPECT_EQ(a.rii_upper, b.rii_upper);
  EXPECT_EQ(a.status, b.status);
  EXPECT_EQ(a.row_status, b.row_status);
}
} // namespace

// An Eigen array, a std::vector and a zhibiao::Column are each accepted (the Eigen::Ref and the
// std::span overloads, neither ambiguous) and give the same numbers bit for bit: the hand
// calculations above (quintiles 2 1 3 1 4 5 2 5 4 2; SII 7.000234760079886 for PHE's Area1).
TEST(Overloads, EigenVectorAndColumnInputsGiveTheSameResults) {
  const std::vector<double> v{3, 1, 4, 1, 5, 9, 2, 6, 5, 3};
  const Eigen::ArrayXd ve = Eigen::Map<const Eigen::ArrayXd>(v.data(), 10);
  const Column<double> vc(v);
  const std::vector<std::int64_t> g(10, 0);
  const CodeArray ge = CodeArray::Zero(10);
  const Column<std::int64_t> gc(g);
  const QuantileOptions qo{.quantiles = 5, .invert = false};
  const QuantileColumn qe = assign_quantiles(ve, ge, qo);
  const QuantileColumn qv = assign_quantiles(v, g, qo);
  const QuantileColumn qc = assign_quantiles(vc, gc, qo);
  const QuantileColumn qn = assign_quantiles(v, {}, qo); // no codes: one group
  EXPECT_EQ(qv.quantile, (Column<double>{2, 1, 3, 1, 4, 5, 2, 5, 4, 2}));
  for (const QuantileColumn* q : {&qe, &qc, &qn}) {
    EXPECT_EQ(q->quantile, qv.quantile);
    EXPECT_EQ(q->status, qv.status);
  }
  EXPECT_EQ(qv.status.codes()[0], 0); // ok, as Python sees it

  const std::vector<double> decile{1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
  const std::vector<double> pop{7291, 7997, 6105, 7666, 5790, 6934, 5918, 5974, 7147, 7534};
  const std::vector<double> value{75.9, 78.3, 83.8, 83.6, 80.5, 81.1, 81.7, 84.2, 80.6, 86.3};
  const std::vector<double> se{1.64, 1.58, 1.51, 1.78, 1.7, 1.56, 1.37, 1.4, 2.43, 1.57};
  const auto eigen = [](const std::vector<double>& x) -> Eigen::ArrayXd {
    return Eigen::Map<const Eigen::ArrayXd>(x.data(), static_cast<Eigen::Index>(x.size()));
  };
  const SiiOptions options{.repetitions = 2000, .confidence = {0.95, 0.998}, .seed = 3};
  const SiiResult se_ =
      slope_index(eigen(decile), eigen(pop), eigen(value), eigen(se), ge, options);
  const SiiResult sv = slope_index(decile, pop, value, se, g, options);
  const SiiResult sc = slope_index(Column<double>(decile), Column<double>(pop),
                                   Column<double>(value), Column<double>(se), gc, options);
  EXPECT_NEAR(sv.sii[0], 7.000234760079886, 1e-12);
  ASSERT_EQ(sv.sii_lower.rows(), 1u);
  ASSERT_EQ(sv.sii_lower.cols(), 2u);
  expect_same(se_, sv);
  expect_same(sc, sv);

  // standard_error_from_limits, normal scale: (12 − 8) / (2 × 1.959963984540054) = 1.0204269...
  const std::vector<double> lower{8}, upper{12};
  const Column<double> from_vector = standard_error_from_limits(lower, upper, SiiValueType::normal);
  EXPECT_NEAR(from_vector[0], 4 / (2 * 1.959963984540054), 1e-15);
  EXPECT_EQ(standard_error_from_limits(eigen(lower), eigen(upper), SiiValueType::normal),
            from_vector);
  EXPECT_EQ(standard_error_from_limits(Column<double>(lower), Column<double>(upper),
                                       SiiValueType::normal),
            from_vector);
}
