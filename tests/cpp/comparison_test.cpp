#include <zhibiao/comparison.hpp>
#include <zhibiao/error.hpp>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>

using namespace zhibiao;

// Newcombe 1998 (Stat Med 17:873–890), Table II, example (a): 56/70 − 48/80 = 0.2000, method 10
// (hybrid score) interval 0.0524 to 0.3339. In per cent: +20 points, [5.24, 33.39], significant.
TEST(CompareProportions, NewcombeWorkedExample) {
  const Comparison c =
      compare_proportions(56, 70, 48, 80, Unit::percent(), Direction::higher_is_better);
  EXPECT_NEAR(c.change, 20.0, 1e-12);
  EXPECT_NEAR(c.interval.lower, 5.24, 0.005);
  EXPECT_NEAR(c.interval.upper, 33.39, 0.005);
  EXPECT_TRUE(c.significant);
  EXPECT_EQ(c.verdict, Verdict::better);
  EXPECT_EQ(
      compare_proportions(56, 70, 48, 80, Unit::percent(), Direction::lower_is_better).verdict,
      Verdict::worse);
  EXPECT_EQ(compare_proportions(56, 70, 48, 80, Unit::percent(), Direction::neither).verdict,
            Verdict::not_comparable);
}

// Seed 002: 区内住院率 63.15% (23660 of 37466 admissions), 较去年同期增加3.56个百分点. Last year's
// figures are not printed; 5959/10000 = 59.59 % is a constructed base giving the printed change.
TEST(CompareProportions, ChangeInPercentagePoints) {
  const Comparison c =
      compare_proportions(23660, 37466, 5959, 10000, Unit::percent(), Direction::higher_is_better);
  EXPECT_NEAR(c.change, 23660.0 / 37466 * 100 - 59.59, 1e-12);
  EXPECT_EQ(c.summary(), "较去年同期增加3.56个百分点（差异有统计学意义）");
  EXPECT_NEAR(*c.relative_change, (23660.0 / 37466 * 100 - 59.59) / 59.59 * 100, 1e-9);
  // A small township: 3/10 against 2/10 is not a significant change.
  const Comparison small =
      compare_proportions(3, 10, 2, 10, Unit::percent(), Direction::higher_is_better);
  EXPECT_FALSE(small.significant);
  EXPECT_EQ(small.verdict, Verdict::similar);
  EXPECT_EQ(small.summary(), "较去年同期增加10.00个百分点（差异无统计学意义）");
}

// Seed 002: 区妇幼保健院门、急诊人次122871 … 与同期相比增长44%: counts compare in per cent. Last
// year's count is not printed; 122871 / 1.44 = 85327.1, so 85327 is the implied base.
TEST(CompareRates, CountsChangeInPerCent) {
  const Comparison c = compare_rates(122871, 1, 85327, 1, Unit::ratio(), Direction::neither);
  EXPECT_NEAR(*c.relative_change, (122871.0 / 85327 - 1) * 100, 1e-9);
  // 增长 for a change in per cent, as the seed prints it (增加 is for points; issue 18 item 4).
  EXPECT_EQ(c.summary(0), "较去年同期增长44%（差异有统计学意义）");
  EXPECT_NEAR(c.interval.value, 122871.0 / 85327, 1e-12);
  EXPECT_GT(c.interval.lower, 1.0);
  // Rates: 12 vs 10 events per 100,000 in the same population is no significant change.
  const Comparison r =
      compare_rates(12, 100000, 10, 100000, Unit::per_100k(), Direction::lower_is_better);
  EXPECT_FALSE(r.significant);
  EXPECT_EQ(r.verdict, Verdict::similar);
  EXPECT_DOUBLE_EQ(r.change, 2.0);
}

TEST(Benchmark, RespectsDirection) {
  // Infant mortality 10.5 ‰ [9.0, 12.0] against a province of 8 ‰: worse when lower is better.
  EXPECT_EQ(benchmark({10.5, 9.0, 12.0}, 8.0, Direction::lower_is_better), Verdict::worse);
  // Coverage 95 % [93, 97] against 90 %: better when higher is better.
  EXPECT_EQ(benchmark({95, 93, 97}, 90, Direction::higher_is_better), Verdict::better);
  EXPECT_EQ(benchmark({7.5, 3.0, 16.3}, 8.0, Direction::lower_is_better), Verdict::similar);
  EXPECT_EQ(benchmark({95, 93, 97}, 90, Direction::neither), Verdict::not_comparable);
}

TEST(Rank, AmongPeers) {
  // Seed 000's coverages 83.9, 96.7, 96.7 and 100 (%).
  const std::vector<double> v{83.9, 96.7, 96.7, 100, NAN};
  EXPECT_EQ(rank(v, Direction::higher_is_better), (std::vector<int>{4, 2, 2, 1, 0}));
  EXPECT_EQ(rank(v, Direction::lower_is_better), (std::vector<int>{1, 2, 2, 4, 0}));
  EXPECT_THROW(rank(v, Direction::neither), invalid_input);
}

// The table form judges each row exactly as benchmark() does one (issue 13): the rows of
// Benchmark.RespectsDirection, their indicators as groups 0 (infant mortality against 8 ‰, lower
// is better), 1 (coverage against 90 %, higher is better) and 2 (coverage, direction neither),
// plus a row without a group and one without a value.
TEST(BenchmarkColumn, MatchesTheScalarBenchmarkRowByRow) {
  const std::vector<double> value{10.5, 95, 7.5, 95, 95, NAN}, lower{9.0, 93, 3.0, 93, 93, 1},
      upper{12.0, 97, 16.3, 97, 97, 2};
  const std::vector<std::int64_t> group{0, 1, 0, 2, -1, 1};
  const std::vector<double> reference{8.0, 90, 90};
  const std::vector<Direction> direction{Direction::lower_is_better, Direction::higher_is_better,
                                         Direction::neither};
  std::vector<std::uint8_t> verdict(6);
  benchmark_column(value, lower, upper, group, reference, direction, verdict);
  const auto code = [](Verdict v) { return static_cast<std::uint8_t>(v); };
  EXPECT_EQ(verdict, (std::vector<std::uint8_t>{
                         code(Verdict::worse), code(Verdict::better), code(Verdict::similar),
                         code(Verdict::not_comparable), no_verdict, no_verdict}));
  for (std::size_t i = 0; i < 4; ++i) {
    const auto g = static_cast<std::size_t>(group[i]);
    EXPECT_EQ(verdict[i],
              code(benchmark({value[i], lower[i], upper[i]}, reference[g], direction[g])))
        << i;
  }
  const std::vector<std::int64_t> bad_group{0, 1, 3, 2, -1, 1};
  EXPECT_THROW(benchmark_column(value, lower, upper, bad_group, reference, direction, verdict),
               invalid_input);
}

// The comparison table compares each row exactly as compare_proportions() / compare_rates() do
// one (issue 19). Proportions: Newcombe's example (a) (56/70 − 48/80 = +20 points, [5.24,
// 33.39], significant), the small township of ChangeInPercentagePoints (3/10 against 2/10, +10
// points, not significant), a missing count, a zero denominator and a previous 0/10 (+50 points,
// tested, but no change in per cent).
TEST(CompareColumn, ProportionsMatchTheScalarRowByRow) {
  const std::vector<double> x1{56, 3, NAN, 1, 5}, n1{70, 10, 10, 0, 10}, x0{48, 2, 1, 1, 0},
      n0{80, 10, 10, 5, 10};
  constexpr std::size_t n = 5;
  std::vector<double> cur(n), prev(n), change(n), rel(n), lo(n), hi(n);
  std::vector<std::uint8_t> sig(n), verdict(n), status(n);
  std::vector<std::string> summary(n);
  compare_column(ComparisonKind::proportion, x1, n1, x0, n0, Unit::percent(),
                 Direction::higher_is_better, 0.95,
                 {cur, prev, change, rel, lo, hi, sig, verdict, status, summary});
  const auto code = [](ComparisonRowStatus s) { return static_cast<std::uint8_t>(s); };
  EXPECT_EQ(status,
            (std::vector<std::uint8_t>{code(ComparisonRowStatus::ok), code(ComparisonRowStatus::ok),
                                       code(ComparisonRowStatus::missing),
                                       code(ComparisonRowStatus::zero_denominator),
                                       code(ComparisonRowStatus::no_relative_change)}));
  EXPECT_NEAR(change[0], 20.0, 1e-12);
  EXPECT_NEAR(lo[0], 5.24, 0.005);
  EXPECT_NEAR(hi[0], 33.39, 0.005);
  EXPECT_EQ(sig[0], 1);
  EXPECT_EQ(verdict[0], static_cast<std::uint8_t>(Verdict::better));
  EXPECT_EQ(sig[1], 0);
  EXPECT_EQ(summary[1], "较去年同期增加10.00个百分点（差异无统计学意义）");
  EXPECT_NEAR(change[4], 50.0, 1e-12);
  EXPECT_TRUE(std::isnan(rel[4]));
  for (std::size_t i : {0u, 1u, 4u}) {
    const Comparison c = compare_proportions(x1[i], n1[i], x0[i], n0[i], Unit::percent(),
                                             Direction::higher_is_better);
    EXPECT_EQ(cur[i], c.current) << i;
    EXPECT_EQ(prev[i], c.previous) << i;
    EXPECT_EQ(change[i], c.change) << i;
    EXPECT_EQ(lo[i], c.interval.lower) << i;
    EXPECT_EQ(hi[i], c.interval.upper) << i;
    EXPECT_EQ(verdict[i], static_cast<std::uint8_t>(c.verdict)) << i;
    EXPECT_EQ(summary[i], c.summary()) << i;
    if (c.relative_change) {
      EXPECT_EQ(rel[i], *c.relative_change) << i;
    }
  }
  EXPECT_NEAR(rel[0], 100.0 / 3, 1e-9); // +20 points of 60 % is +33.3 %
  for (std::size_t i : {2u, 3u}) {
    EXPECT_TRUE(std::isnan(cur[i]) && std::isnan(change[i]) && std::isnan(lo[i])) << i;
    EXPECT_EQ(sig[i], not_tested) << i;
    EXPECT_EQ(verdict[i], no_verdict) << i;
    EXPECT_EQ(summary[i], "") << i;
  }
}

// Counts (增长44%: 25 → 36 is +11, (36 − 25) / 25 × 100 = 44 %), with no test and no
// denominators; from a previous 0 the change stands but has no per cent. Rates: 12 against 10
// per 100,000 in the same population, +2 per 100,000 and not significant (CompareRates above).
TEST(CompareColumn, CountsAndRates) {
  const std::vector<double> x1{36, 5, INFINITY}, x0{25, 0, 1};
  constexpr std::size_t n = 3;
  std::vector<double> cur(n), prev(n), change(n), rel(n);
  std::vector<std::uint8_t> sig(n), verdict(n), status(n);
  compare_column(ComparisonKind::count, x1, {}, x0, {}, Unit::ratio(), Direction::neither, 0.95,
                 {cur, prev, change, rel, {}, {}, sig, verdict, status, {}});
  EXPECT_EQ(change[0], 11.0);
  EXPECT_NEAR(rel[0], 44.0, 1e-12);
  EXPECT_EQ(cur[1], 5.0);
  EXPECT_EQ(change[1], 5.0);
  EXPECT_TRUE(std::isnan(rel[1]));
  EXPECT_EQ(status, (std::vector<std::uint8_t>{
                        static_cast<std::uint8_t>(ComparisonRowStatus::ok),
                        static_cast<std::uint8_t>(ComparisonRowStatus::zero_previous_count),
                        static_cast<std::uint8_t>(ComparisonRowStatus::missing)}));
  EXPECT_EQ(sig, (std::vector<std::uint8_t>(n, not_tested)));

  const std::vector<double> e1{12}, p1{100000}, e0{10}, p0{100000};
  std::vector<double> c1(1), c0(1), ch(1), re(1), lo(1), hi(1);
  std::vector<std::uint8_t> s1(1), v1(1), st(1);
  compare_column(ComparisonKind::rate, e1, p1, e0, p0, Unit::per_100k(), Direction::lower_is_better,
                 0.95, {c1, c0, ch, re, lo, hi, s1, v1, st, {}});
  const Comparison r =
      compare_rates(12, 100000, 10, 100000, Unit::per_100k(), Direction::lower_is_better);
  EXPECT_DOUBLE_EQ(ch[0], 2.0);
  EXPECT_EQ(lo[0], r.interval.lower); // of the rate ratio: below 1 …
  EXPECT_EQ(hi[0], r.interval.upper); // … and above it
  EXPECT_LT(lo[0], 1.0);
  EXPECT_GT(hi[0], 1.0);
  EXPECT_EQ(s1[0], 0);
  EXPECT_EQ(v1[0], static_cast<std::uint8_t>(Verdict::similar));
}

TEST(CompareColumn, RefusesABadLevelAndNamesABadRow) {
  const std::vector<double> missing{NAN};
  std::vector<double> a(1), b(1), c(1), e(1), lo(1), hi(1);
  std::vector<std::uint8_t> s(1), v(1), st(1);
  const ComparisonColumns out{a, b, c, e, lo, hi, s, v, st, {}};
  // A confidence of 0 is refused even when no row is tested.
  EXPECT_THROW(compare_column(ComparisonKind::proportion, missing, missing, missing, missing,
                              Unit::percent(), Direction::neither, 0, out),
               invalid_input);
  // 12 of 10 is no proportion: the row is named.
  const std::vector<double> x1{12}, n1{10}, x0{1}, n0{10};
  try {
    compare_column(ComparisonKind::proportion, x1, n1, x0, n0, Unit::percent(), Direction::neither,
                   0.95, out);
    FAIL() << "no exception";
  } catch (const invalid_rows& err) {
    ASSERT_EQ(err.rows().size(), 1u);
    EXPECT_EQ(err.rows()[0].row, 0u);
    EXPECT_EQ(err.rows()[0].field, "x1");
  }
  const std::vector<double> two{1, 2};
  EXPECT_THROW(compare_column(ComparisonKind::count, two, {}, x0, {}, Unit::ratio(),
                              Direction::neither, 0.95, out),
               invalid_input);
}
