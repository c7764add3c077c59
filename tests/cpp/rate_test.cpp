#include <zhibiao/detail/rate_kernels.hpp>
#include <zhibiao/rate.hpp>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <span>
#include <type_traits>
#include <vector>

using namespace zhibiao;
using ::testing::HasSubstr;

// The single values (Proportion, Rate, QuotaCompletion, ...) are tested in measure_test.cpp;
// these are the column functions. The seed column below is seed 000's (八公山区卫健委 2019年工作
// 总结), hand-calculated there: 1506/1600 = 94.125 % -> 94.13 (a tie: half up), 359/371 ->
// 96.77, 104/124 -> 83.87, 18101/19800 -> 91.42, 5799/34903 -> 16.61.

TEST(Batch, ComputesTheSeedColumnAndRoundsExactly) {
  Eigen::ArrayXd num(7), den(7);
  num << 1506, 359, 104, 58, 18101, 195, 5799;
  den << 1600, 371, 124, 60, 19800, 200, 34903;
  const auto out = proportions(num, den, {Unit::percent(), OnBadRows::raise, 2});
  ASSERT_EQ(out.values.size(), 7u);
  EXPECT_EQ(out.values[0], 94.125);
  EXPECT_EQ(out.rounded[0], 94.13);
  EXPECT_EQ(out.rounded[1], 96.77);
  EXPECT_EQ(out.rounded[2], 83.87);
  EXPECT_EQ(out.rounded[4], 91.42);
  EXPECT_EQ(out.rounded[6], 16.61);
  EXPECT_TRUE((out.status == Column<RowStatus>(7, RowStatus::ok)));
  EXPECT_TRUE(out.errors.empty());
  for (int i = 0; i < 7; ++i) EXPECT_DOUBLE_EQ(out.values[i], num[i] * 100 / den[i]);
}

TEST(Batch, RaisesWithEveryBadRow) {
  Eigen::ArrayXd num(6), den(6);
  num << 10, -1, 5, NAN, 7, 3;
  den << 20, 10, 4, 10, 0, 9;
  try {
    proportions(num, den);
    FAIL() << "no exception";
  } catch (const invalid_rows& e) {
    // Row 4 (7 of 0) is bad too: a proportion's part cannot exceed an empty whole.
    ASSERT_EQ(e.rows().size(), 4u);
    EXPECT_EQ(e.rows()[0].row, 1u);
    EXPECT_EQ(e.rows()[0].field, "numerator");
    EXPECT_EQ(e.rows()[1].row, 2u);
    EXPECT_THAT(e.rows()[1].message, HasSubstr("exceeds the denominator (5 > 4)"));
    EXPECT_EQ(e.rows()[2].row, 3u);
    EXPECT_EQ(e.rows()[3].row, 4u);
    EXPECT_THAT(e.what(), HasSubstr("4 bad rows: row 1 numerator"));
  }
}

TEST(Batch, MarkModeComputesEveryGoodRow) {
  Eigen::ArrayXd num(5), den(5);
  num << 10, -1, 0, 7, 3;
  den << 20, 10, 0, 0, 9;
  const auto out = rates(num, den, {Unit::per_mille(), OnBadRows::mark, 1});
  EXPECT_EQ(out.values[0], 500.0);
  EXPECT_TRUE(std::isnan(out.values[1]));
  EXPECT_EQ(out.status[1], RowStatus::negative_numerator);
  EXPECT_EQ(out.status[2], RowStatus::undefined);
  EXPECT_EQ(out.status[3], RowStatus::undefined);
  EXPECT_EQ(out.rounded[4], 333.3);
  EXPECT_TRUE(std::isnan(out.rounded[2]));
  EXPECT_EQ(out.undefined_count, 2u);
  ASSERT_EQ(out.errors.size(), 1u);
  EXPECT_EQ(out.errors[0].row, 1u);
}

TEST(Batch, ZeroDenominatorIsUndefinedNotAnError) {
  Eigen::ArrayXd num(2), den(2);
  num << 0, 4;
  den << 0, 0;
  const auto out = ratios(num, den); // raise mode: undefined rows do not raise
  EXPECT_EQ(out.undefined_count, 2u);
  EXPECT_EQ(out.status[0], RowStatus::undefined);
  EXPECT_TRUE(std::isnan(out.values[1]));
}

TEST(Batch, QuotaCompletionsNameDoneAndQuota) {
  Eigen::ArrayXd done(2), quota(2);
  done << 1506, 5;
  quota << 1600, -2;
  try {
    quota_completions(done, quota);
    FAIL();
  } catch (const invalid_rows& e) {
    ASSERT_EQ(e.rows().size(), 1u);
    EXPECT_EQ(e.rows()[0].field, "quota");
  }
}

TEST(Batch, LengthMismatchIsAnError) {
  Eigen::ArrayXd num(3), den(2);
  num << 1, 2, 3;
  den << 4, 5;
  try {
    proportions(num, den);
    ADD_FAILURE() << "no exception for 3 numerators over 2 denominators";
  } catch (const invalid_input& e) {
    EXPECT_EQ(e.field(), "denominator");
    EXPECT_THAT(e.what(), HasSubstr("denominator: has 2 rows but numerator has 3"));
  }
}

TEST(Batch, KernelWorksOnMappedForeignMemory) {
  // The binding hands NumPy buffers to the kernel through Eigen::Map: no copy.
  double n[3] = {1, 2, 3}, d[3] = {4, 4, 4};
  const Eigen::Map<const Eigen::ArrayXd> nm(n, 3), dm(d, 3);
  const auto out = proportions(nm, dm);
  EXPECT_EQ(out.values[2], 75.0);
}

// The column function behind compute() and the binding: caller buffers, the same numbers.
TEST(MeasureColumnFunction, EqualsComputeAndChecksDecimalsFirst) {
  const Eigen::ArrayXd num = (Eigen::ArrayXd(4) << 1506, 3, 0, 7).finished();
  const Eigen::ArrayXd den = (Eigen::ArrayXd(4) << 1600, 0, 5, 2).finished();
  BatchOptions options{Unit::percent(), OnBadRows::mark, 2};
  const MeasureArray eigen = proportions(num, den, options);
  std::vector<double> values(4), rounded(4);
  std::vector<std::uint8_t> status(4);
  const std::span<const double> ns(num.data(), 4), ds(den.data(), 4);
  const detail::MeasureColumn c =
      detail::measure_column(MeasureKind::proportion, ns, ds, options, {values, status, rounded});
  EXPECT_EQ(c.undefined, eigen.undefined_count);
  ASSERT_EQ(c.errors.size(), eigen.errors.size());
  for (Eigen::Index i = 0; i < 4; ++i) {
    const auto r = static_cast<std::size_t>(i);
    EXPECT_EQ(status[r], eigen.status.codes()[r]);
    EXPECT_TRUE(values[r] == eigen.values[r] ||
                (std::isnan(values[r]) && std::isnan(eigen.values[r])));
    EXPECT_TRUE(rounded[r] == eigen.rounded[r] ||
                (std::isnan(rounded[r]) && std::isnan(eigen.rounded[r])));
  }
  options.on_bad_rows = OnBadRows::raise;
  EXPECT_THROW(
      detail::measure_column(MeasureKind::proportion, ns, ds, options, {values, status, rounded}),
      invalid_rows);
  options.decimals = 99; // out of range: refused before any row is looked at
  try {
    detail::measure_column(MeasureKind::proportion, ns, ds, options, {values, status, rounded});
    FAIL() << "bad decimals must throw";
  } catch (const invalid_rows&) {
    FAIL() << "decimals are checked before the rows";
  } catch (const invalid_input&) {
  }
}

// Issue 14, class 3: x × multiplier overflowed before the division, so a finite rate came back
// as inf with status ok. Hand calculation: 1e308 / 1.7e308 × 10^5 = 10^5 / 1.7
// = 58823.529411764706 (to double precision); × 100 for a proportion: 58.82352941176471 %.
TEST(RateOverflow, DividesFirstWhereTheProductOverflows) {
  const Rate r(1e308, 1.7e308);
  ASSERT_TRUE(r.value());
  EXPECT_NEAR(*r.value(), 58823.529411764706, 1e-9);
  const Eigen::ArrayXd x = Eigen::ArrayXd::Constant(3, 1e308);
  const Eigen::ArrayXd n = Eigen::ArrayXd::Constant(3, 1.7e308);
  const MeasureArray a = rates(x, n);
  for (Eigen::Index i = 0; i < 3; ++i) {
    EXPECT_EQ(a.status[i], RowStatus::ok);
    EXPECT_NEAR(a.values[i], 58823.529411764706, 1e-9);
  }
  const MeasureArray p = proportions(x, n);
  EXPECT_NEAR(p.values[0], 58.82352941176471, 1e-12);
  // An ordinary row keeps the multiply-first order and its exactly rounded value.
  EXPECT_EQ(*QuotaCompletion(1506, 1600).value(), 94.125);
}

// A value beyond the largest double is refused by the scalar types and is status overflow (7)
// in a column: 1e308 / 1e-10 = 1e318 > 1.8e308.
TEST(RateOverflow, AValueBeyondTheLargestDoubleIsOverflow) {
  try {
    Ratio(1e308, 1e-10);
    FAIL() << "no overflow error";
  } catch (const invalid_input& e) {
    EXPECT_EQ(e.field(), "denominator");
    EXPECT_THAT(e.what(), HasSubstr("overflow"));
  }
  Eigen::ArrayXd x(2), n(2);
  x << 1e308, 3;
  n << 1e-10, 4;
  EXPECT_THROW(ratios(x, n), invalid_rows);
  const MeasureArray m = ratios(x, n, {.unit = Unit::ratio(), .on_bad_rows = OnBadRows::mark});
  EXPECT_EQ(m.status[0], RowStatus::overflow);
  EXPECT_TRUE(std::isnan(m.values[0]));
  EXPECT_EQ(m.status[1], RowStatus::ok);
  EXPECT_EQ(m.values[1], 0.75);
  ASSERT_EQ(m.errors.size(), 1u);
  EXPECT_EQ(m.errors[0].row, 0u);
  EXPECT_THAT(std::string(describe(RowStatus::overflow)), HasSubstr("溢出"));
}

// The rule of class 3 over every kind and extreme finite inputs (0, the smallest denormal
// 5e-324, 1, 1e308, 1.7e308, the largest double) and units: status ok implies a finite value.
TEST(RateOverflow, StatusOkImpliesAFiniteValueForExtremeInputs) {
  const std::vector<double> extremes{0,     5e-324,  1,
                                     1e308, 1.7e308, std::numeric_limits<double>::max()};
  std::vector<double> xs, ns;
  for (double x : extremes)
    for (double d : extremes) {
      xs.push_back(x);
      ns.push_back(d);
    }
  const Eigen::Map<const Eigen::ArrayXd> x(xs.data(), static_cast<Eigen::Index>(xs.size()));
  const Eigen::Map<const Eigen::ArrayXd> n(ns.data(), static_cast<Eigen::Index>(ns.size()));
  for (MeasureKind kind : {MeasureKind::proportion, MeasureKind::rate, MeasureKind::ratio,
                           MeasureKind::quota_completion})
    for (Unit unit : {Unit::ratio(), Unit::percent(), Unit::per_100k()}) {
      const MeasureArray a = compute(kind, x, n, {.unit = unit, .on_bad_rows = OnBadRows::mark});
      for (std::size_t i = 0; i < a.values.size(); ++i)
        if (a.status[i] == RowStatus::ok) {
          EXPECT_TRUE(std::isfinite(a.values[i])) << xs[i] << " / " << ns[i];
        }
    }
}

// Rounding and formatting beyond the 18 digits of a Decimal (issue 14, class 3): the column rounds
// through the exact rational without the int64 limit; the scalar Decimal refuses, naming the
// numerator; the text prints at any magnitude.
TEST(RateOverflow, RoundedColumnAndTextHaveNoEighteenDigitLimit) {
  Eigen::ArrayXd events(2), population(2);
  events << 1e30, 1506;
  population << 3, 1600;
  const auto r = rates(events, population, {Unit::per_100k(), OnBadRows::raise, 2});
  EXPECT_EQ(r.status[0], RowStatus::ok);
  // 10^30 / 3 × 10^5 = 3.33…e34; rounded to 2 decimals it is the same double (to 4 ulps).
  EXPECT_DOUBLE_EQ(r.rounded[0], 1e35 / 3);
  EXPECT_EQ(r.rounded[1], 94125.0);          // 1506 / 1600 × 10^5 exactly
  const Rate big(1e20, 1, Unit::per_100k()); // 1e25 per 10万
  try {
    (void)big.rounded(2);
    FAIL();
  } catch (const invalid_input& e) {
    EXPECT_EQ(e.field(), "numerator");
  }
  EXPECT_EQ(big.format(2, Language::en).substr(0, 29), "1" + std::string(25, '0') + ".00");
  EXPECT_EQ(format_value(1e308, Unit::percent(), 2, Language::zh),
            "1" + std::string(308, '0') + ".00%");
  EXPECT_THROW(format_value(1.0, Unit::percent(), -1, Language::zh), invalid_input);
}

// ---- result storage (issue 21, items 1 and 6) --------------------------------------------

// MeasureArray holds Columns (library-owned std::vector storage, no Eigen array) and a typed
// status column with the same byte codes as before.
static_assert(std::is_same_v<decltype(MeasureArray::values), Column<double>>);
static_assert(std::is_same_v<decltype(MeasureArray::rounded), Column<double>>);
static_assert(std::is_same_v<decltype(MeasureArray::status), Column<RowStatus>>);
static_assert(!std::is_base_of_v<Eigen::EigenBase<Column<double>>, Column<double>>);

// Each input kind picks one overload (the calls compile, no ambiguity).
template <class A>
concept measure_input = requires(const A& a) {
  compute(MeasureKind::rate, a, a, BatchOptions{});
  proportions(a, a);
  rates(a, a);
  ratios(a, a);
  quota_completions(a, a);
};
static_assert(measure_input<Eigen::ArrayXd> && measure_input<std::vector<double>> &&
              measure_input<Column<double>> && measure_input<std::span<const double>>);

// The seed column's first rows (ComputesTheSeedColumnAndRoundsExactly: 1506 / 1600 = 94.125 %,
// rounded 94.13) with 0 of 0, from an Eigen array, a std::vector and a Column: the
// same bits.
TEST(Batch, EigenVectorAndColumnInputsGiveTheSameNumbers) {
  const std::vector<double> nv{1506, 359, 0};
  const std::vector<double> dv{1600, 371, 0};
  const Eigen::ArrayXd ne = Eigen::Map<const Eigen::ArrayXd>(nv.data(), 3);
  const Eigen::ArrayXd de = Eigen::Map<const Eigen::ArrayXd>(dv.data(), 3);
  const Column<double> nc(nv), dc(dv);
  const BatchOptions options{Unit::percent(), OnBadRows::mark, 2};
  const MeasureArray e = proportions(ne, de, options);
  EXPECT_EQ(e.values[0], 94.125);
  EXPECT_EQ(e.rounded[0], 94.13);
  EXPECT_EQ(e.status[2], RowStatus::undefined);
  EXPECT_EQ(e.status.codes()[2], 1); // the code Python sees
  EXPECT_EQ(e.undefined_count, 1u);
  const auto bits = [](const Column<double>& c) {
    std::vector<std::uint64_t> b(c.size());
    if (!c.empty()) std::memcpy(b.data(), c.data(), c.size() * sizeof(double));
    return b;
  };
  for (const MeasureArray& other : {proportions(nv, dv, options), proportions(nc, dc, options)}) {
    EXPECT_EQ(bits(other.values), bits(e.values));
    EXPECT_EQ(bits(other.rounded), bits(e.rounded));
    EXPECT_EQ(other.status, e.status);
    EXPECT_EQ(other.undefined_count, e.undefined_count);
  }
  // No events in no people is undefined for a rate too; 1506 per 1600 is 94125 per 100,000.
  const MeasureArray r = rates(nc, dc);
  EXPECT_EQ(r.values[0], 94125.0);
  EXPECT_EQ(bits(rates(ne, de).values), bits(r.values));
  EXPECT_EQ(bits(rates(nv, dv).values), bits(r.values));
}
