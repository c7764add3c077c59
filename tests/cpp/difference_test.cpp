#include <zhibiao/detail/difference_kernels.hpp>
#include <zhibiao/difference.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <span>
#include <type_traits>
#include <vector>

using namespace zhibiao;

namespace {
::testing::AssertionResult close(double actual, double expected, double rel = 1e-9) {
  if (std::fabs(actual - expected) <= rel * std::fabs(expected))
    return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << actual << " vs " << expected;
}
} // namespace

// Newcombe RG (1998). Interval estimation for the difference between independent proportions:
// comparison of eleven methods. Stat Med 17:873–890, Table II, method 10 (95 %, four decimals):
// (a) 56/70 − 48/80: 0.0524, 0.3339; (b) 9/10 − 3/10: 0.1705, 0.8090; (c) 6/7 − 2/7: 0.0582,
// 0.8062; (d) 5/56 − 0/29: −0.0381, 0.1926; (g) 0/10 − 0/20: −0.1611, 0.2775;
// (h) 10/10 − 0/20: 0.6791, 1.0000. Full digits for (a): tests/reference/derive_intervals.py.
TEST(ProportionDifference, NewcombeTableII) {
  struct Row {
    double x1, n1, x2, n2, lower, upper;
  };
  const Row rows[] = {{56, 70, 48, 80, 0.0524, 0.3339}, {9, 10, 3, 10, 0.1705, 0.8090},
                      {6, 7, 2, 7, 0.0582, 0.8062},     {5, 56, 0, 29, -0.0381, 0.1926},
                      {0, 10, 0, 20, -0.1611, 0.2775},  {10, 10, 0, 20, 0.6791, 1.0000}};
  for (const Row& r : rows) {
    const Interval d = proportion_difference(r.x1, r.n1, r.x2, r.n2);
    EXPECT_NEAR(d.lower, r.lower, 5e-5) << r.x1 << "/" << r.n1 << " - " << r.x2 << "/" << r.n2;
    EXPECT_NEAR(d.upper, r.upper, 5e-5) << r.x1 << "/" << r.n1 << " - " << r.x2 << "/" << r.n2;
  }
  const Interval a = proportion_difference(56, 70, 48, 80);
  EXPECT_TRUE(close(a.value, 0.2));
  EXPECT_TRUE(close(a.lower, 0.0524314724023649));
  EXPECT_TRUE(close(a.upper, 0.3338726540369059));
  try {
    proportion_difference(5, 4, 1, 2);
    FAIL();
  } catch (const invalid_input& e) {
    EXPECT_EQ(e.field(), "x1");
  }
}

// Exact conditional ratio of 30/10,000 to 15/12,000 = 2.4: Clopper–Pearson limits of 30 of 45
// by bisection on binomial sums (derive_intervals.py), mapped through π/(1 − π) × n2/n1.
TEST(RateRatio, ExactConditional) {
  const Interval r = rate_ratio(30, 10000, 15, 12000);
  EXPECT_TRUE(close(r.value, 2.4));
  EXPECT_TRUE(close(r.lower, 1.2514628844234106));
  EXPECT_TRUE(close(r.upper, 4.79982936453203));
  // Symmetry: swapping the two rates inverts the interval.
  const Interval s = rate_ratio(15, 12000, 30, 10000);
  EXPECT_TRUE(close(s.lower, 1 / r.upper));
  EXPECT_TRUE(close(s.upper, 1 / r.lower));
  EXPECT_EQ(rate_ratio(0, 100, 5, 100).lower, 0);
  EXPECT_THROW(rate_ratio(3, 100, 0, 100), invalid_input);
}

// 1, 2, ..., 10: mean 5.5, sd √(82.5/9) = 3.0276503540974917; t(0.975; 9) = 2.262157 (any
// t table, e.g. Fisher & Yates Table III: 2.262): sd/√10 = 0.957427108, half-width
// 2.2621571627 × 0.957427108 = 2.165850590, so (3.334149410, 7.665850590).
TEST(Mean, StudentsT) {
  const Interval m = mean_interval(5.5, std::sqrt(82.5 / 9), 10);
  EXPECT_NEAR(m.lower, 5.5 - 2.2621571627 * std::sqrt(82.5 / 9) / std::sqrt(10.0), 1e-9);
  EXPECT_NEAR(m.upper, 7.665850590, 1e-8);
  EXPECT_THROW(mean_interval(1, 1, 1), invalid_input);
}

// Seed 000: 427 boys and 374 girls, 出生人口性别比 114.17; limits from the Wilson interval of
// 427/801 mapped through 100 p/(1 − p) (derive_intervals.py).
TEST(SexRatio, WilsonOnTheShareOfBoys) {
  const Interval r = sex_ratio_interval(427, 374);
  EXPECT_TRUE(close(r.value, 114.1711229946524));
  EXPECT_TRUE(close(r.lower, 99.3850363332203));
  EXPECT_TRUE(close(r.upper, 131.15702128593955));
  EXPECT_THROW(sex_ratio_interval(3, 0), invalid_input);
}

// --- columns ---------------------------------------------------------------------------------

// The column kernel on Newcombe's Table II rows (same references as NewcombeTableII above),
// with a bad row in the middle reported by its field.
TEST(ProportionDifferences, ColumnReproducesNewcombeAndListsBadRows) {
  Eigen::ArrayXd x1(4), n1(4), x2(4), n2(4);
  x1 << 56, 9, 5, 10;
  n1 << 70, 10, 4, 10;
  x2 << 48, 3, 1, 0;
  n2 << 80, 10, 2, 20;
  try {
    proportion_differences(x1, n1, x2, n2);
    FAIL();
  } catch (const invalid_rows& e) {
    ASSERT_EQ(e.rows().size(), 1u);
    EXPECT_EQ(e.rows()[0].row, 2u);
    EXPECT_EQ(e.rows()[0].field, "x1");
  }
  const DifferenceColumns d = proportion_differences(x1, n1, x2, n2, 0.95, OnBadRows::mark);
  EXPECT_TRUE(close(d.lower[0], 0.0524314724023649));
  EXPECT_TRUE(close(d.upper[0], 0.3338726540369059));
  EXPECT_NEAR(d.lower[1], 0.1705, 5e-5); // Table II (b)
  EXPECT_NEAR(d.upper[1], 0.8090, 5e-5);
  EXPECT_EQ(d.status[2], DifferenceStatus::bad_row);
  EXPECT_TRUE(std::isnan(d.value[2]));
  EXPECT_NEAR(d.lower[3], 0.6791, 5e-5); // Table II (h)
  EXPECT_NEAR(d.upper[3], 1.0000, 5e-5);
}

// The exact conditional ratio column equals RateRatio.ExactConditional's references; x2 = 0 is
// a reported row.
TEST(RateRatios, ColumnMatchesExactConditional) {
  Eigen::ArrayXd x1(3), n1(3), x2(3), n2(3);
  x1 << 30, 3, 15;
  n1 << 10000, 100, 12000;
  x2 << 15, 0, 30;
  n2 << 12000, 100, 10000;
  const DifferenceColumns r = rate_ratios(x1, n1, x2, n2, 0.95, OnBadRows::mark);
  EXPECT_TRUE(close(r.value[0], 2.4));
  EXPECT_TRUE(close(r.lower[0], 1.2514628844234106));
  EXPECT_TRUE(close(r.upper[0], 4.79982936453203));
  EXPECT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].field, "x2");
  EXPECT_TRUE(close(r.lower[2], 1 / 4.79982936453203));
}

// 1..10: (3.334149410, 7.665850590) as Mean.StudentsT; count 1 is a reported row.
TEST(MeanIntervals, ColumnUsesStudentsTPerCount) {
  Eigen::ArrayXd mean(3), sd(3), count(3);
  mean << 5.5, 5.5, 1;
  sd << std::sqrt(82.5 / 9), std::sqrt(82.5 / 9), 1;
  count << 10, 10, 1;
  const DifferenceColumns m = mean_intervals(mean, sd, count, 0.95, OnBadRows::mark);
  EXPECT_NEAR(m.upper[0], 7.665850590, 1e-8);
  EXPECT_NEAR(m.lower[1], 3.334149410, 1e-8);
  EXPECT_EQ(m.errors.at(0).field, "count");
  EXPECT_THROW(mean_intervals(mean, sd, count), invalid_rows);
}

// Seed 000's 427 boys / 374 girls as SexRatio.WilsonOnTheShareOfBoys.
TEST(SexRatioIntervals, ColumnMatchesScalar) {
  Eigen::ArrayXd m(2), f(2);
  m << 427, 5;
  f << 374, 0;
  const DifferenceColumns r = sex_ratio_intervals(m, f, 0.95, OnBadRows::mark);
  EXPECT_TRUE(close(r.value[0], 114.1711229946524));
  EXPECT_TRUE(close(r.lower[0], 99.3850363332203));
  EXPECT_TRUE(close(r.upper[0], 131.15702128593955));
  EXPECT_EQ(r.errors.at(0).field, "females");
}

// The column function behind the Eigen API and the binding: caller buffers, the same numbers,
// lengths checked with the inputs' names.
TEST(DifferenceColumnFunction, EqualsTheEigenApi) {
  const Eigen::ArrayXd x1 = (Eigen::ArrayXd(3) << 56, 9, -1).finished();
  const Eigen::ArrayXd n1 = (Eigen::ArrayXd(3) << 70, 10, 10).finished();
  const Eigen::ArrayXd x2 = (Eigen::ArrayXd(3) << 48, 3, 2).finished();
  const Eigen::ArrayXd n2 = (Eigen::ArrayXd(3) << 80, 10, 10).finished();
  const DifferenceColumns eigen = proportion_differences(x1, n1, x2, n2, 0.95, OnBadRows::mark);
  std::vector<double> value(3), lower(3), upper(3);
  std::vector<std::uint8_t> status(3);
  const std::span<const double> in[] = {
      {x1.data(), 3}, {n1.data(), 3}, {x2.data(), 3}, {n2.data(), 3}};
  const auto kind = detail::parse_difference_kind("proportion_difference", 4);
  const auto errors =
      detail::difference_column(kind, in, 0.95, OnBadRows::mark, {value, lower, upper, status});
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].field, "x1");
  for (Eigen::Index i = 0; i < 2; ++i) {
    const auto r = static_cast<std::size_t>(i);
    EXPECT_EQ(value[r], eigen.value[i]);
    EXPECT_EQ(lower[r], eigen.lower[i]);
    EXPECT_EQ(upper[r], eigen.upper[i]);
  }
  EXPECT_EQ(status[2], 1);
  EXPECT_THROW(
      detail::difference_column(kind, in, 0.95, OnBadRows::raise, {value, lower, upper, status}),
      invalid_rows);
  EXPECT_THROW(detail::parse_difference_kind("mean", 4), invalid_input);
  const std::span<const double> uneven[] = {{x1.data(), 3}, {n1.data(), 2}};
  try {
    detail::difference_column(detail::DifferenceKind::sex_ratio, uneven, 0.95, OnBadRows::mark,
                              {value, lower, upper, status});
    FAIL() << "uneven lengths must throw";
  } catch (const invalid_input& e) {
    EXPECT_EQ(e.field(), "females");
  }
}

// Issue 14, class 9: a zero denominator in a difference column is undefined (status 2, NaN, no
// error), not a bad row; the other rows are computed as alone. Row 0 is Newcombe's (a),
// 56/70 − 48/80 = 0.2 (NewcombeTableII above); row 1 has n1 = 0 (0 of nobody).
TEST(DifferenceColumns, ZeroDenominatorIsUndefinedNotAnError) {
  Eigen::ArrayXd x1(2), n1(2), x2(2), n2(2);
  x1 << 56, 0;
  n1 << 70, 0;
  x2 << 48, 3;
  n2 << 80, 40;
  const DifferenceColumns d = proportion_differences(x1, n1, x2, n2); // raise: nothing raised
  EXPECT_TRUE(d.errors.empty());
  EXPECT_EQ(d.status[1], DifferenceStatus::undefined);
  EXPECT_TRUE(std::isnan(d.value[1]) && std::isnan(d.lower[1]) && std::isnan(d.upper[1]));
  EXPECT_TRUE(close(d.value[0], 0.2));
  EXPECT_TRUE(close(d.lower[0], 0.0524314724023649));
  const DifferenceColumns r = rate_ratios(x1, n1, x2, n2);
  EXPECT_TRUE(r.errors.empty());
  EXPECT_EQ(r.status[1], DifferenceStatus::undefined);
  Eigen::ArrayXd males(2), females(2);
  males << 427, 0; // 427 boys per 374 girls: 114.17 (the README's sex ratio)
  females << 374, 0;
  const DifferenceColumns s = sex_ratio_intervals(males, females);
  EXPECT_TRUE(s.errors.empty());
  EXPECT_EQ(s.status[1], DifferenceStatus::undefined);
  EXPECT_TRUE(close(s.value[0], 100.0 * 427 / 374));
}

// Issue 14, classes 7 and 10: one confidence reader; 95 is 0.95, NaN / 0 / 1 / 100 are refused.
TEST(DifferenceColumns, ConfidenceIsReadOnceAsFractionOrPerCent) {
  EXPECT_EQ(proportion_difference(56, 70, 48, 80, 95).lower,
            proportion_difference(56, 70, 48, 80, 0.95).lower);
  EXPECT_EQ(rate_ratio(5, 100, 8, 120, 99.8).upper, rate_ratio(5, 100, 8, 120, 0.998).upper);
  for (double c : {0.0, 1.0, 100.0, double(NAN)})
    EXPECT_THROW(proportion_difference(56, 70, 48, 80, c), invalid_input) << c;
}

// ---- result storage (issue 21, items 1 and 6) --------------------------------------------

static_assert(std::is_same_v<decltype(DifferenceColumns::value), Column<double>>);
static_assert(std::is_same_v<decltype(DifferenceColumns::lower), Column<double>>);
static_assert(std::is_same_v<decltype(DifferenceColumns::upper), Column<double>>);
static_assert(std::is_same_v<decltype(DifferenceColumns::status), Column<DifferenceStatus>>);

template <class A>
concept difference_input = requires(const A& a) {
  proportion_differences(a, a, a, a);
  rate_ratios(a, a, a, a);
  mean_intervals(a, a, a);
  sex_ratio_intervals(a, a);
};
static_assert(difference_input<Eigen::ArrayXd> && difference_input<std::vector<double>> &&
              difference_input<Column<double>> && difference_input<std::span<const double>>);

namespace {

std::vector<std::uint64_t> bits(const Column<double>& c) {
  std::vector<std::uint64_t> b(c.size());
  if (!c.empty()) std::memcpy(b.data(), c.data(), c.size() * sizeof(double));
  return b;
}

void expect_same(const DifferenceColumns& a, const DifferenceColumns& b) {
  EXPECT_EQ(bits(a.value), bits(b.value));
  EXPECT_EQ(bits(a.lower), bits(b.lower));
  EXPECT_EQ(bits(a.upper), bits(b.upper));
  EXPECT_EQ(a.status, b.status);
  EXPECT_EQ(a.errors.size(), b.errors.size());
}

} // namespace

// Newcombe's (a), 56/70 − 48/80 = 0.2 [0.0524, 0.3339] (NewcombeTableII), and a bad row, from an
// Eigen array, a std::vector and a Column: the same bits; the sex ratio 427 / 374 = 114.17
// likewise (SexRatioIntervals above).
TEST(DifferenceColumns, EigenVectorAndColumnInputsGiveTheSameNumbers) {
  const std::vector<double> x1{56, -1}, n1{70, 10}, x2{48, 2}, n2{80, 10};
  const auto eigen = [](const std::vector<double>& v) {
    return Eigen::ArrayXd(Eigen::Map<const Eigen::ArrayXd>(v.data(), 2));
  };
  const DifferenceColumns e =
      proportion_differences(eigen(x1), eigen(n1), eigen(x2), eigen(n2), 0.95, OnBadRows::mark);
  EXPECT_TRUE(close(e.lower[0], 0.0524314724023649));
  EXPECT_EQ(e.status[1], DifferenceStatus::bad_row);
  EXPECT_EQ(e.status.codes()[1], 1);
  EXPECT_TRUE(is_error(e.status[1]));
  EXPECT_EQ(describe(DifferenceStatus::undefined), "undefined: a denominator is zero");
  expect_same(proportion_differences(x1, n1, x2, n2, 0.95, OnBadRows::mark), e);
  expect_same(proportion_differences(Column<double>(x1), Column<double>(n1), Column<double>(x2),
                                     Column<double>(n2), 0.95, OnBadRows::mark),
              e);
  const std::vector<double> males{427, 0}, females{374, 0};
  const DifferenceColumns s = sex_ratio_intervals(males, females);
  EXPECT_TRUE(close(s.value[0], 114.1711229946524));
  EXPECT_EQ(s.status[1], DifferenceStatus::undefined);
  expect_same(sex_ratio_intervals(eigen(males), eigen(females)), s);
  expect_same(sex_ratio_intervals(Column<double>(males), Column<double>(females)), s);
}
