// An outside program linking the installed library (CMake: tests/cmake/CMakeLists.txt; and
// pkg-config: .ci/dev). It checks that the headers and the library it links are the same release,
// seed 000's figures (八公山区 2019, 一(一)1 and 一(二)5), evaluate() over a small cube with its
// Wilson interval, the interval functions, and the assessment of a quota and a threshold; every
// number is worked out by hand in the comments. It is built static and shared, with
// -march=native and with AddressSanitizer (.ci/dev): the results it returns (EvaluationTable,
// IntervalArray, AggregationMatrix, the Column/Matrix results of columns() …) are created in the
// library and destroyed here, with the consumer's flags (issue 21, item 1).
#include <zhibiao/zhibiao.hpp>

#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

namespace {

int failures = 0;

void check(const std::string& got, const std::string& expected, const char* what) {
  const bool ok = got == expected;
  std::printf("%-34s %-56s %s\n", what, got.c_str(),
              ok ? "ok" : ("FAIL, expected " + expected).c_str());
  failures += !ok;
}

// |got − expected| ≤ tolerance.
void near(double got, double expected, double tolerance, const char* what) {
  const bool ok = std::abs(got - expected) <= tolerance;
  std::printf("%-34s %-56.12g %s\n", what, got, ok ? "ok" : "FAIL");
  if (!ok) std::printf("    expected %.12g ± %g\n", expected, tolerance);
  failures += !ok;
}

// Wilson's score interval (Wilson 1927; Newcombe 1998, method 3), written out:
// centre (p + z²/2n) / (1 + z²/n), half-width z·√(p(1−p)/n + z²/4n²) / (1 + z²/n).
void wilson(double x, double n, double& lower, double& upper) {
  const double z = 1.959963984540054, p = x / n; // z of 95 %
  const double centre = (p + z * z / (2 * n)) / (1 + z * z / n);
  const double half = z * std::sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n);
  lower = centre - half;
  upper = centre + half;
}

// A district D of two health centres, F1 (30 of 120 women screened) and F2 (45 of 80), in
// January–March 2019: screened by month 10 + 10 + 10 and 15 + 15 + 15 (summed), the target group
// 120 and 80 every month (the last month's count is the quarter's).
zhibiao::DataCube small_cube() {
  using namespace zhibiao;
  OrgUnitTree tree = OrgUnitTree::from_parent_table(
      {{"D", "八公山区", ""}, {"F1", "卫生院1", "D"}, {"F2", "卫生院2", "D"}}, {"县/区", "机构"});
  DataCube cube(std::move(tree),
                {{"screened", "筛查人数", "", AggregationType::sum},
                 {"women", "目标人群", "", AggregationType::last}},
                Period::month(2019, 1), 3);
  std::vector<DataValueRow> rows;
  for (const char* month : {"201901", "201902", "201903"}) {
    rows.push_back({"screened", "F1", month, 10});
    rows.push_back({"screened", "F2", month, 15});
    rows.push_back({"women", "F1", month, 120});
    rows.push_back({"women", "F2", month, 80});
  }
  cube.load(rows);
  return cube;
}

void evaluation() {
  using namespace zhibiao;
  const DataCube cube = small_cube();
  Indicator screening;
  screening.id = "screening_rate";
  screening.numerator = "#{screened}";
  screening.denominator = "#{women}";
  screening.unit = Unit::percent();
  screening.decimals = 2;
  screening.kind = MeasureKind::proportion;
  const auto& tree = cube.tree();
  const EvaluationTable t = evaluate(cube, {screening}, {tree.index("D"), tree.index("F1")},
                                     {Period::quarter(2019, 1)}, {.confidence = {0.95}});
  if (t.size() != 2) {
    std::printf("evaluate: %zu rows, expected 2 FAIL\n", t.size());
    ++failures;
    return;
  }
  // D: (30 + 45) / (120 + 80) = 75 / 200 = 37.5 %; F1: 30 / 120 = 25 %.
  near(t.numerator[0], 75, 0, "evaluate D numerator");
  near(t.denominator[0], 200, 0, "evaluate D denominator");
  near(t.value[0], 37.5, 1e-12, "evaluate D 37.5%");
  near(t.value[1], 25.0, 1e-12, "evaluate F1 25%");
  check(std::to_string(t.status.codes()[0]) + std::to_string(t.status.codes()[1]), "00",
        "evaluate status ok");
  // Wilson 95 % of 75 / 200: p = 0.375, z² / n = 3.841459 / 200 = 0.019207, centre
  // 0.384604 / 1.019207 = 0.377356, half-width 1.959964 · √(0.001171875 + 0.000024009) / 1.019207
  // = 0.066501: 31.0854 % – 44.3857 %.
  double lower = 0, upper = 0;
  wilson(75, 200, lower, upper);
  near(t.lower(0, 0), lower * 100, 1e-9, "evaluate D Wilson lower");
  near(t.upper(0, 0), upper * 100, 1e-9, "evaluate D Wilson upper");
  near(t.lower(0, 0), 31.0854, 5e-5, "evaluate D lower 31.0854%");
  near(t.upper(0, 0), 44.3857, 5e-5, "evaluate D upper 44.3857%");
}

void intervals() {
  using namespace zhibiao;
  // The scalar call gives the same Wilson limits as the evaluation, here times 100.
  double lower = 0, upper = 0;
  wilson(75, 200, lower, upper);
  const Interval one = proportion_interval(75, 200, 0.95, ProportionMethod::wilson, 100);
  near(one.value, 37.5, 1e-12, "proportion_interval value");
  near(one.lower, lower * 100, 1e-9, "proportion_interval lower");
  near(one.upper, upper * 100, 1e-9, "proportion_interval upper");
  // A column of both centres: 30 / 120 and 45 / 80 (the limits by the same formula).
  Eigen::ArrayXd x(2), n(2);
  x << 30, 45;
  n << 120, 80;
  const IntervalArray column = proportion_intervals(x, n);
  wilson(30, 120, lower, upper);
  near(column.lower(0, 0), lower, 1e-12, "proportion_intervals F1 lower");
  near(column.upper(0, 0), upper, 1e-12, "proportion_intervals F1 upper");
  wilson(45, 80, lower, upper);
  near(column.lower(1, 0), lower, 1e-12, "proportion_intervals F2 lower");
  near(column.upper(1, 0), upper, 1e-12, "proportion_intervals F2 upper");
  // 0 events: the exact (Garwood) upper limit of a Poisson count is χ²(0.975; 2) / 2 = −ln 0.025
  // = 3.688879 (PHE's rule takes the exact method below 10 events).
  near(count_interval(0).upper, -std::log(0.025), 1e-9, "count_interval(0) upper");
}

void assessment() {
  using namespace zhibiao;
  // Seed 002: 全年接种任务 7469人 × 22针次 = 164318剂次; 截止5月底累计完成67072剂次:
  // 67072 / 164318 = 40.8184 %, 5 of 12 months = 41.6667 %, 0.8483 points behind.
  const Quota quota = Quota::from_expression("7469 * 22", Period::year(2024));
  near(quota.amount, 164318, 0, "Quota 7469 * 22");
  const QuotaAssessment a = assess_quota(67072, quota, Date(2024, 5, 31));
  near(a.completion, 67072.0 / 164318 * 100, 1e-12, "assess_quota completion");
  near(a.time_progress, 500.0 / 12, 1e-12, "assess_quota time progress");
  check(std::string(to_string(a.pace)), "behind", "assess_quota pace");
  check(a.summary(), "完成全年任务的40.82%，序时进度41.67%，落后序时进度0.85个百分点",
        "assess_quota summary");
  // The district's 37.5 % against "不低于40%": 2.5 points short; 40 % of 200 = 80 screened,
  // 5 more than 75.
  const Threshold bound = Threshold::parse("不低于40%");
  const ThresholdAssessment t = assess_threshold(37.5, bound, 75, 200);
  check(t.reached ? "reached" : "not reached", "not reached", "assess_threshold reached");
  near(t.shortfall, 2.5, 1e-12, "assess_threshold shortfall");
  near(t.count_needed.value_or(-1), 5, 1e-9, "assess_threshold count needed");
}

// Column results (column.hpp: std::vector storage) from std::vector and Eigen inputs, each
// destroyed here. Figures by hand: 1506 / 1600 = 94.125 % (94.13 at two decimals) and 104 / 124 =
// 83.871 % (83.87); 7 events in 25,000 = 28 per 100,000 (exact limits below 10 events); 56/70 −
// 48/80 = 0.8 − 0.6 = 0.2; 400, 500 and 600 of 1000 around P = 0.5: the 99.8 % limits at
// N = 1000 are 50 ± 3.0902 × √(0.25 / 1000) × 100 = 50 ± 4.886 %, so 40 % is low and 60 % high;
// months 1, 2, …, 12 of 2023 sum to 78, their first quarter to 6, to November to 66.
void columns() {
  using namespace zhibiao;
  const std::vector<double> done{1506, 104}, quota{1600, 124};
  const MeasureArray m = quota_completions(done, quota, {.decimals = 2});
  near(m.values[0], 94.125, 1e-12, "quota_completions value");
  near(m.rounded[1], 83.87, 1e-12, "quota_completions rounded");
  check(std::string(describe(m.status[1])), "ok", "quota_completions status");
  const IntervalArray r = rate_intervals(std::vector<double>{7}, std::vector<double>{25000});
  near(r.value[0], 28, 1e-9, "rate_intervals value");
  check(std::string(to_string(r.method[0])), "exact", "rate_intervals method");
  const std::vector<double> x1{56}, n1{70}, x2{48}, n2{80};
  const DifferenceColumns d = proportion_differences(x1, n1, x2, n2);
  near(d.value[0], 0.2, 1e-12, "proportion_differences value");
  Eigen::ArrayXd x(3), n(3);
  x << 400, 500, 600;
  n << 1000, 1000, 1000;
  const FunnelAssessment f = funnel_significance(x, n, {});
  check(std::string(to_string(f.significance[0])), "Low (0.001)", "funnel_significance low");
  check(std::string(to_string(f.significance[2])), "High (0.001)", "funnel_significance high");
  const FunnelCurve c = funnel_limits(x, n, {});
  near(static_cast<double>(c.points.size()), 100, 0, "funnel_limits points");
  SeriesMatrix monthly(1, 12);
  for (int k = 0; k < 12; ++k) monthly(0, k) = k + 1;
  const AggregatedSeries q = aggregate_months(monthly, Period::month(2023, 1),
                                              {PeriodType::quarter, TimeAggregation::sum});
  near(q.values(0, 0), 6, 0, "aggregate_months Q1");
  const SeriesValues ytd = cumulate_year_to_date(monthly, Period::month(2023, 1), 1);
  near(ytd(0, 10), 66, 0, "cumulate_year_to_date Nov");
}

// Exceptions thrown inside the library and caught here: with the shared library built with
// hidden visibility (include/zhibiao/export.hpp), the typeinfo of zhibiao's error classes must be
// exported, or `catch (const zhibiao::invalid_input&)` would not match and the program would end
// in std::terminate. Unit::parse and Period::parse are compiled in src/ (unit.cpp,
// period_text.cpp), so the throw is the library's.
void errors() {
  using namespace zhibiao;
  std::string field = "nothing thrown";
  try {
    (void)Unit::parse("per fortnight");
  } catch (const invalid_input& e) {
    field = e.field();
  }
  check(field, "unit", "invalid_input across the library");
  std::string caught = "nothing thrown";
  try {
    (void)Period::parse("2019年13月");
  } catch (const parse_error& e) {
    caught = "parse_error at " + std::to_string(e.position());
  } catch (const invalid_input&) {
    caught = "invalid_input, not parse_error";
  }
  check(caught.substr(0, 15), "parse_error at ", "parse_error across the library");
}

// The ordering of Periods and Decimals is compiled in the library (period.cpp, decimal.cpp); with
// hidden visibility it links from a shared consumer only because the friends are redeclared at
// namespace scope (period.hpp, decimal.hpp). 2019年1月 precedes 2019年2月; 94.13 > 94.1 > 94.0.
void orderings() {
  using namespace zhibiao;
  check(Period::month(2019, 1) < Period::month(2019, 2) ? "less" : "not less", "less",
        "Period ordering across the library");
  check(Decimal::parse("94.13") > Decimal::parse("94.1") ? "greater" : "not greater", "greater",
        "Decimal ordering across the library");
}

// threads.hpp across the library: the process count and this thread's ThreadLimit are the
// library's (a thread-local inside libzhibiao), and a split call gives the same limits.
void threads() {
  using namespace zhibiao;
  set_thread_count(2);
  std::string seen = std::to_string(thread_count());
  {
    ThreadLimit one(1);
    seen += std::to_string(thread_count());
  }
  seen += std::to_string(thread_count());
  set_thread_count(0);
  check(seen, "212", "thread_count / ThreadLimit");
  // 300 000 rows split across 2 threads (over 2 × 2^16 rows), then on one: identical limits.
  Eigen::ArrayXd x(300000), n(300000);
  for (Eigen::Index i = 0; i < x.size(); ++i) {
    n[i] = static_cast<double>(10 + i % 991);
    x[i] = static_cast<double>(i % 10);
  }
  set_thread_count(2);
  const IntervalArray two = proportion_intervals(x, n);
  set_thread_count(1);
  const IntervalArray one = proportion_intervals(x, n);
  set_thread_count(0);
  bool same = one.value.size() == two.value.size();
  for (std::size_t i = 0; same && i < one.value.size(); ++i)
    same = one.lower(i, 0) == two.lower(i, 0) && one.upper(i, 0) == two.upper(i, 0);
  check(same ? "identical" : "different", "identical", "intervals on 1 and 2 threads");
}

} // namespace

int main() {
  // Headers and library of one release (version.hpp): a mismatch would make every other check
  // meaningless.
  check(zhibiao::library_version(), zhibiao::header_version(), "library_version()");
  check(zhibiao::library_matches_headers() ? "yes" : "no", "yes", "library_matches_headers()");

  check(zhibiao::QuotaCompletion(1506, 1600).format(2), "94.13%",
        "QuotaCompletion");                                             // 任务完成率94.13%
  check(zhibiao::sex_ratio(427, 374).format(2), "114.17", "sex_ratio"); // 出生人口总性别比114.17
  check(std::string(zhibiao::Unit::parse("/10万").code()), "per_100k", "Unit::parse");
  evaluation();
  intervals();
  columns();
  assessment();
  errors();
  orderings();
  threads();
  std::printf("zhibiao %s: %d failure(s)\n", zhibiao::library_version(), failures);
  return failures == 0 ? 0 : 1;
}
