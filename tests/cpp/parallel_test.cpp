// detail/parallel.hpp, and the column kernels that use it: results must not depend on the number
// of threads, nor on whether a (x, n) pair's limits came from the distinct-pair table.
#include <zhibiao/detail/parallel.hpp>
#include <zhibiao/interval.hpp>

#include <gtest/gtest.h>

#include <atomic>
#include <cmath>
#include <stdexcept>
#include <vector>

using namespace zhibiao;

namespace {

// Restores the default thread count when a test ends, pass or fail.
struct ThreadCap {
  explicit ThreadCap(unsigned n) { detail::set_max_threads(n); }
  ~ThreadCap() { detail::set_max_threads(0); }
  ThreadCap(const ThreadCap&) = delete;
  ThreadCap& operator=(const ThreadCap&) = delete;
};

// 300,000 rows with many repeated small pairs and some large ones (and two bad rows), so that
// both the thread split (≥ 2 × 2^16 rows) and the distinct-pair table are exercised.
void make_rows(std::vector<double>& x, std::vector<double>& n) {
  const std::size_t len = 300000;
  x.resize(len);
  n.resize(len);
  for (std::size_t i = 0; i < len; ++i) {
    const double ni =
        i % 3 == 0 ? static_cast<double>(1 + i % 50) : static_cast<double>(1 + i % 997);
    n[i] = ni;
    x[i] = std::floor(ni * static_cast<double>((i * 7919) % 101) / 100.0);
  }
  x[17] = -1;                                           // a bad row
  n[123457] = std::numeric_limits<double>::quiet_NaN(); // another
}

IntervalArray run(ProportionMethod method, unsigned threads) {
  std::vector<double> x, n;
  make_rows(x, n);
  ThreadCap cap(threads);
  IntervalOptions options;
  options.confidence = {0.95, 0.998};
  options.on_bad_rows = OnBadRows::mark;
  return proportion_intervals(
      Eigen::Map<const Eigen::ArrayXd>(x.data(), static_cast<Eigen::Index>(x.size())),
      Eigen::Map<const Eigen::ArrayXd>(n.data(), static_cast<Eigen::Index>(n.size())), method,
      options);
}

// Bitwise equality, NaN equal to NaN.
bool same(double a, double b) { return (std::isnan(a) && std::isnan(b)) || a == b; }

void expect_identical(const IntervalArray& a, const IntervalArray& b) {
  ASSERT_EQ(a.value.size(), b.value.size());
  for (std::size_t i = 0; i < a.value.size(); ++i) {
    ASSERT_TRUE(same(a.value[i], b.value[i])) << "row " << i;
    ASSERT_EQ(a.status[i], b.status[i]) << "row " << i;
    for (std::size_t k = 0; k < a.lower.cols(); ++k) {
      ASSERT_TRUE(same(a.lower(i, k), b.lower(i, k))) << "row " << i << " level " << k;
      ASSERT_TRUE(same(a.upper(i, k), b.upper(i, k))) << "row " << i << " level " << k;
    }
  }
}

} // namespace

TEST(ParallelFor, CoversEveryIndexOnceWhateverTheSplit) {
  for (unsigned threads : {1u, 2u, 3u}) {
    ThreadCap cap(threads);
    for (std::size_t len :
         {std::size_t{0}, std::size_t{1}, std::size_t{999}, std::size_t{100001}}) {
      std::vector<std::atomic<int>> hits(len);
      detail::parallel_for(len, 1000, [&](std::size_t begin, std::size_t end) {
        for (std::size_t i = begin; i < end; ++i) hits[i].fetch_add(1);
      });
      for (std::size_t i = 0; i < len; ++i) ASSERT_EQ(hits[i].load(), 1) << len << " " << i;
    }
  }
}

TEST(ParallelFor, RethrowsAnExceptionFromAnyRangeAfterJoining) {
  ThreadCap cap(2);
  EXPECT_THROW(detail::parallel_for(10000, 10,
                                    [](std::size_t begin, std::size_t) {
                                      if (begin > 0) throw std::runtime_error("second range");
                                    }),
               std::runtime_error);
}

TEST(ParallelFor, MaxThreadsFollowsTheCap) {
  {
    ThreadCap cap(1);
    EXPECT_EQ(detail::max_threads(), 1u);
  }
  EXPECT_GE(detail::max_threads(), 1u);
}

TEST(ParallelKernels, ThreadedAndSingleThreadedResultsAreIdentical) {
  for (ProportionMethod m :
       {ProportionMethod::wilson, ProportionMethod::clopper_pearson, ProportionMethod::jeffreys,
        ProportionMethod::agresti_coull, ProportionMethod::wald})
    expect_identical(run(m, 1), run(m, 2));
}

TEST(ParallelKernels, RateLimitsThreadedAndSingleThreadedAreIdentical) {
  std::vector<double> x, n;
  make_rows(x, n);
  for (auto& v : n) v = std::isnan(v) ? v : v * 1000;
  const Eigen::Map<const Eigen::ArrayXd> xs(x.data(), static_cast<Eigen::Index>(x.size()));
  const Eigen::Map<const Eigen::ArrayXd> ns(n.data(), static_cast<Eigen::Index>(n.size()));
  IntervalOptions options;
  options.on_bad_rows = OnBadRows::mark;
  for (CountMethod m : {CountMethod::phe, CountMethod::exact, CountMethod::byar}) {
    IntervalArray one, two;
    {
      ThreadCap cap(1);
      one = rate_intervals(xs, ns, m, options);
    }
    {
      ThreadCap cap(2);
      two = rate_intervals(xs, ns, m, options);
    }
    expect_identical(one, two);
    for (std::size_t i = 0; i < one.method.size(); ++i) ASSERT_EQ(one.method[i], two.method[i]);
  }
}

// The distinct-pair table must give each row exactly what the row alone would get: the batch
// result of every row equals the scalar call (one row, nothing to share) bit for bit.
TEST(ParallelKernels, DistinctPairTableMatchesUncachedScalarCalls) {
  const IntervalArray batch = run(ProportionMethod::clopper_pearson, 2);
  std::vector<double> x, n;
  make_rows(x, n);
  for (std::size_t i = 0; i < x.size(); i += 101) {
    if (batch.status[i] != IntervalStatus::ok) continue;
    const Interval one = proportion_interval(x[i], n[i], 0.95, ProportionMethod::clopper_pearson);
    ASSERT_EQ(batch.lower(i, 0), one.lower) << "row " << i;
    ASSERT_EQ(batch.upper(i, 0), one.upper) << "row " << i;
  }
  // Bad rows are blank, never given a neighbour's limits.
  EXPECT_TRUE(std::isnan(batch.lower(17, 0)));
  EXPECT_TRUE(std::isnan(batch.upper(123457, 1)));
}
