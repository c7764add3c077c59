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
