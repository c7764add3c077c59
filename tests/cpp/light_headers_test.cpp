// The headers an embedder includes to evaluate and assess indicators do not pull Eigen (issue 21,
// item 7: Eigen's Core is ~1 s and ~110 MiB of every translation unit that includes it; see
// benchmarks/compile_time.py). Eigen is needed only where a function takes Eigen arrays: the
// column headers (rate.hpp, interval.hpp, ...) and column_eigen.hpp / sparse.hpp. If one of the
// headers below starts including Eigen, directly or through another header, this file stops
// compiling, naming the rule.
#include <zhibiao/assessment.hpp>
#include <zhibiao/column.hpp>
#include <zhibiao/comparison.hpp>
#include <zhibiao/confidence_interval.hpp>
#include <zhibiao/cube.hpp>
#include <zhibiao/data_element.hpp>
#include <zhibiao/evaluation.hpp>
#include <zhibiao/expression.hpp>
#include <zhibiao/indicator.hpp>
#include <zhibiao/measure.hpp>
#include <zhibiao/org_unit.hpp>
#include <zhibiao/period.hpp>
#include <zhibiao/target.hpp>
#include <zhibiao/threads.hpp>

#if defined(EIGEN_WORLD_VERSION) || defined(EIGEN_CORE_H)
#error "a header listed in light_headers_test.cpp includes Eigen; keep Eigen in the column headers"
#endif

#include <gtest/gtest.h>

using namespace zhibiao;

// The light headers are enough for single values: seed 000's 免费婚检任务完成率 1506/1600 =
// 94.125 % -> "94.13%" (a tie, half up), and Wilson's 95 % interval of 65 of 100 from PHE's
// testWilson.R inputs, by hand: z² = 3.8414588, root = z √(z² + 260 × 0.35) = 19.08781,
// lower = (130 + 3.84146 − 19.08781)/(2 × 103.84146) = 0.552544 (upper 0.736358; the full digits
// are in interval_test.cpp).
TEST(LightHeaders, ScalarMeasuresAndIntervalsNeedNoEigen) {
  EXPECT_EQ(QuotaCompletion(1506, 1600).format(2), "94.13%");
  const Interval p = proportion_interval(65, 100);
  EXPECT_NEAR(p.lower, 0.552544, 1e-6);
  EXPECT_NEAR(p.upper, 0.736358, 1e-6);
}
