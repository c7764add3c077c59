// The roll-up case of benchmarks/compare.py (issue 8) on the C++ side alone: a 4-level tree
// (1 province, 20 prefectures, 400 counties, 166,800 facilities) built from text columns, a long
// table of 2 × 2,001,600 facility-months loaded from pandas-style categorical codes (int8 for
// element and period, int32 for org units, read in place through LongTableView), and one rate
// evaluated for every unit of the tree. Each step is timed on its own, so that the Python
// binding's share of compare.py's figure can be told from the library's.
#include <zhibiao/detail/parallel.hpp>
#include <zhibiao/evaluation.hpp>

#include <benchmark/benchmark.h>

#include <random>

namespace {

using namespace zhibiao;

constexpr std::size_t counties = 400, per_county = 417, facilities = counties * per_county;

struct Case {
  std::vector<std::string> codes, parents;
  std::vector<std::string_view> code_views, parent_views;
  std::vector<std::string_view> elements{"events", "population"}, periods;
  std::vector<std::string> period_texts, facility_codes;
  std::vector<std::string_view> facility_views;
  std::vector<std::int8_t> element_codes, period_codes;
  std::vector<std::int32_t> unit_codes;
  std::vector<double> values;
  std::vector<DataElement> data_elements{
      {"events", "", "", AggregationType::sum},
      {"population", "", "", AggregationType::average_sum_org_unit}};

  Case() {
    codes.push_back("P");
    parents.push_back("");
    for (std::size_t i = 0; i < 20; ++i)
      codes.push_back("C" + std::to_string(i)), parents.push_back("P");
    for (std::size_t i = 0; i < counties; ++i)
      codes.push_back("K" + std::to_string(i)), parents.push_back("C" + std::to_string(i / 20));
    for (std::size_t i = 0; i < facilities; ++i) {
      codes.push_back("F" + std::to_string(i));
      parents.push_back("K" + std::to_string(i / per_county));
      facility_codes.push_back(codes.back());
    }
    code_views.assign(codes.begin(), codes.end());
    parent_views.assign(parents.begin(), parents.end());
    facility_views.assign(facility_codes.begin(), facility_codes.end());
    for (int m = 1; m <= 12; ++m)
      period_texts.push_back("2024-" + std::string(m < 10 ? "0" : "") + std::to_string(m));
    periods.assign(period_texts.begin(), period_texts.end());
    std::mt19937_64 rng(20240610);
    std::poisson_distribution<int> events(20), people(3000);
    for (std::int8_t e = 0; e < 2; ++e)
      for (std::size_t f = 0; f < facilities; ++f) {
        const double population = people(rng);
        for (std::int8_t m = 0; m < 12; ++m) {
          element_codes.push_back(e);
          unit_codes.push_back(static_cast<std::int32_t>(f));
          period_codes.push_back(m);
          values.push_back(e == 0 ? events(rng) : population);
        }
      }
  }
  OrgUnitTree tree() const {
    return OrgUnitTree::from_parent_columns(code_views, code_views, parent_views);
  }
  LongTableView table() const {
    return {elements,       std::span<const std::int8_t>(element_codes),
            facility_views, std::span<const std::int32_t>(unit_codes),
            periods,        std::span<const std::int8_t>(period_codes),
            values};
  }
};

const Case& the_case() {
  static const Case c;
  return c;
}

void BM_RollupTree(benchmark::State& state) {
  const Case& c = the_case();
  for (auto _ : state) benchmark::DoNotOptimize(c.tree().size());
}
BENCHMARK(BM_RollupTree)->Unit(benchmark::kMillisecond)->UseRealTime();

// Argument: threads (detail::set_max_threads).
void BM_RollupLoad(benchmark::State& state) {
  detail::set_max_threads(static_cast<unsigned>(state.range(0)));
  const Case& c = the_case();
  const auto tree = std::make_shared<const OrgUnitTree>(c.tree());
  for (auto _ : state) {
    DataCube cube(tree, c.data_elements, Period::month(2024, 1), 12);
    benchmark::DoNotOptimize(cube.load(c.table()).loaded);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * c.values.size()));
  detail::set_max_threads(0);
}
BENCHMARK(BM_RollupLoad)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_RollupEvaluate(benchmark::State& state) {
  const Case& c = the_case();
  const auto tree = std::make_shared<const OrgUnitTree>(c.tree());
  DataCube cube(tree, c.data_elements, Period::month(2024, 1), 12);
  cube.load(c.table());
  Indicator rate;
  rate.id = "rate";
  rate.numerator = "#{events}";
  rate.denominator = "#{population}";
  rate.unit = Unit::per_100k();
  rate.kind = MeasureKind::rate;
  std::vector<std::size_t> everyone(tree->size());
  for (std::size_t i = 0; i < everyone.size(); ++i) everyone[i] = i;
  for (auto _ : state)
    benchmark::DoNotOptimize(evaluate(cube, {rate}, everyone, {Period::year(2024)}).value.data());
}
BENCHMARK(BM_RollupEvaluate)->Unit(benchmark::kMillisecond)->UseRealTime();

} // namespace

namespace {

// One key rolled up to every unit: the part of BM_RollupEvaluate that reads the cube.
// Argument: 0 for events (sum), 1 for population (average_sum_org_unit).
void BM_RollupAggregate(benchmark::State& state) {
  const Case& c = the_case();
  const auto tree = std::make_shared<const OrgUnitTree>(c.tree());
  DataCube cube(tree, c.data_elements, Period::month(2024, 1), 12);
  cube.load(c.table());
  std::vector<std::size_t> everyone(tree->size());
  for (std::size_t i = 0; i < everyone.size(); ++i) everyone[i] = i;
  const std::string key = state.range(0) == 0 ? "events" : "population";
  for (auto _ : state)
    benchmark::DoNotOptimize(cube.aggregate(key, everyone, {Period::year(2024)}).values.data());
}
BENCHMARK(BM_RollupAggregate)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond)->UseRealTime();

} // namespace
