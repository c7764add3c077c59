// Validation rules at scale: one rule "total == sum of 6 parts" over 200,000 facilities (the
// 5-level tree of cube_benchmark.cpp) × 12 months; the comparison and reported-rate kernels at
// 10^6 rows; the consecutive-months rule over the same facilities.
#include <zhibiao/detail/validation_kernels.hpp>
#include <zhibiao/validation.hpp>

#include <benchmark/benchmark.h>

#include <random>

namespace {

using namespace zhibiao;

std::string code(const char* prefix, std::size_t i) {
  std::string s(prefix);
  s.append(std::to_string(i));
  return s;
}

struct World {
  DataCube cube;
  std::vector<std::size_t> facilities;
};

// 1 province, 10 prefectures, 100 counties, 2,000 townships, 100 facilities each; elements
// total, p0..p5 (total = sum of parts, except one facility in 1,000), 12 months of 2024.
const World& world() {
  static const World w = [] {
    std::vector<OrgUnitRow> rows{{"P", "省", ""}};
    std::size_t t = 0, f = 0;
    for (std::size_t c = 0; c < 10; ++c) {
      rows.push_back({code("C", c), "", "P"});
      for (std::size_t k = 0; k < 10; ++k) {
        const std::string county = code("K", c * 10 + k);
        rows.push_back({county, "", code("C", c)});
        for (std::size_t x = 0; x < 20; ++x, ++t) {
          rows.push_back({code("T", t), "", county});
          for (std::size_t y = 0; y < 100; ++y, ++f)
            rows.push_back({code("F", f), "", code("T", t)});
        }
      }
    }
    OrgUnitTree tree = OrgUnitTree::from_parent_table(rows);
    std::vector<DataElement> elements{{"total", "", "", AggregationType::sum}};
    for (std::size_t p = 0; p < 6; ++p)
      elements.push_back({code("p", p), "", "", AggregationType::sum});
    DataCube cube(tree, elements, Period::month(2024, 1), 12);
    LongTable tb;
    for (const auto& e : elements) tb.elements.push_back(e.id);
    for (int m = 1; m <= 12; ++m)
      tb.periods.push_back(code(m < 10 ? "20240" : "2024", static_cast<std::size_t>(m)));
    // Rows interleave townships and their facilities, so the facilities are the units at level 5
    // (not the last f indices).
    std::vector<std::size_t> facilities = tree.units_at_level(5);
    for (std::size_t u : facilities) tb.org_units.push_back(tree.code(u));
    std::mt19937_64 rng(20240610);
    std::poisson_distribution<int> part(50);
    for (std::size_t i = 0; i < f; ++i)
      for (int m = 0; m < 12; ++m) {
        double sum = 0;
        for (int p = 1; p <= 6; ++p) {
          const double v = part(rng);
          sum += v;
          tb.element_codes.push_back(p);
          tb.org_unit_codes.push_back(static_cast<std::int32_t>(i));
          tb.period_codes.push_back(m);
          tb.values.push_back(v);
        }
        tb.element_codes.push_back(0);
        tb.org_unit_codes.push_back(static_cast<std::int32_t>(i));
        tb.period_codes.push_back(m);
        tb.values.push_back(i % 1000 == 0 ? sum + 1 : sum);
      }
    cube.load(tb);
    return World{std::move(cube), std::move(facilities)};
  }();
  return w;
}

std::vector<Period> months_2024() {
  std::vector<Period> m;
  for (int k = 1; k <= 12; ++k) m.push_back(Period::month(2024, k));
  return m;
}

void BM_SumOfSixParts_200k_units_x_12_months(benchmark::State& state) {
  const World& w = world();
  const ValidationRule rule = sum_of_parts_rule("r", "total", {"p0", "p1", "p2", "p3", "p4", "p5"});
  const auto months = months_2024();
  std::size_t violated = 0;
  for (auto _ : state) {
    const ValidationResult r = validate(w.cube, {rule}, w.facilities, months);
    violated = r.summary[0].violated;
    benchmark::DoNotOptimize(r.rows.size());
  }
  state.counters["violations"] = static_cast<double>(violated); // 200 facilities × 12 months
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * w.facilities.size() * 12));
}
BENCHMARK(BM_SumOfSixParts_200k_units_x_12_months)->Unit(benchmark::kMillisecond);

void BM_ConsecutiveMonths_200k_units(benchmark::State& state) {
  const World& w = world();
  ConsecutiveRule rule{.id = "c",
                       .expression = "#{p0} / #{total} * 100",
                       .flag_when = RuleOperator::greater_than,
                       .bound = 18,
                       .run_length = 3};
  for (auto _ : state) {
    const ConsecutiveResult r =
        consecutive_violations(w.cube, {rule}, w.facilities, Period::year(2024));
    benchmark::DoNotOptimize(r.runs.size());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * w.facilities.size() * 12));
}
BENCHMARK(BM_ConsecutiveMonths_200k_units)->Unit(benchmark::kMillisecond);

void BM_CompareKernel_1e6(benchmark::State& state) {
  const std::size_t n = 1'000'000;
  std::vector<double> l(n), r(n);
  std::vector<std::uint8_t> ls(n, 0), rs(n, 0), out(n);
  std::mt19937_64 rng(1);
  std::poisson_distribution<int> d(300);
  for (std::size_t i = 0; i < n; ++i) l[i] = r[i] = d(rng);
  for (auto _ : state) {
    detail::compare_sides(RuleOperator::equal_to, l.data(), r.data(), ls.data(), rs.data(), n, 0,
                          out.data());
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * n));
}
BENCHMARK(BM_CompareKernel_1e6)->Unit(benchmark::kMillisecond);

void BM_CheckReportedRates_1e6(benchmark::State& state) {
  const std::size_t n = 1'000'000;
  std::vector<double> num(n), den(n), rep(n), expected(n), diff(n);
  std::vector<int> dec(n, 2);
  std::vector<std::uint8_t> status(n);
  std::mt19937_64 rng(2);
  std::poisson_distribution<int> d(2000);
  for (std::size_t i = 0; i < n; ++i) {
    den[i] = d(rng) + 1;
    num[i] = std::floor(den[i] * 0.9);
    rep[i] = round_ratio_half_up(num[i], den[i], 100, 2).to_double();
  }
  for (auto _ : state) {
    detail::check_reported_rates(num.data(), den.data(), rep.data(), dec.data(), n, 100,
                                 expected.data(), diff.data(), status.data());
    benchmark::DoNotOptimize(status.data());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * n));
}
BENCHMARK(BM_CheckReportedRates_1e6)->Unit(benchmark::kMillisecond);

} // namespace
