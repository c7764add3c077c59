// The data cube at the scale of issue 6: 200,000 facilities under a 5-level tree (1 province,
// 10 prefectures, 100 counties, 2,000 townships, 200,000 facilities), 12 months, 20 data elements
// and 10 indicators: load the long table, roll up to every level, evaluate.
#include <zhibiao/evaluation.hpp>

#include <benchmark/benchmark.h>

#include <random>
#include <sstream>

namespace {

using namespace zhibiao;

std::string code(const char* prefix, std::size_t i) {
  std::string s(prefix);
  s.append(std::to_string(i));
  return s;
}

struct World {
  OrgUnitTree tree;
  std::vector<DataElement> elements;
  LongTable table;
  std::vector<Indicator> indicators;
};

World make_world(std::size_t facilities_per_township) {
  std::vector<OrgUnitRow> rows{{"P", "省", ""}};
  std::size_t t = 0, f = 0;
  for (std::size_t c = 0; c < 10; ++c) {
    rows.push_back({code("C", c), "", "P"});
    for (std::size_t k = 0; k < 10; ++k) {
      const std::string county = code("K", c * 10 + k);
      rows.push_back({county, "", code("C", c)});
      for (std::size_t w = 0; w < 20; ++w, ++t) {
        rows.push_back({code("T", t), "", county});
        for (std::size_t x = 0; x < facilities_per_township; ++x, ++f)
          rows.push_back({code("F", f), "", code("T", t)});
      }
    }
  }
  World world{OrgUnitTree::from_parent_table(rows), {}, {}, {}};
  for (int e = 0; e < 20; ++e)
    world.elements.push_back(
        {code("e", static_cast<std::size_t>(e)), "", "",
         e % 2 == 0 ? AggregationType::sum : AggregationType::average_sum_org_unit});
  // Long table: every facility × month × element, in the facilities' order.
  auto& tb = world.table;
  for (const auto& e : world.elements) tb.elements.push_back(e.id);
  for (int m = 1; m <= 12; ++m)
    tb.periods.push_back(code(m < 10 ? "20240" : "2024", static_cast<std::size_t>(m)));
  // Facilities are the units of level 5 (tree indices follow the table's row order, which
  // interleaves townships and their facilities).
  for (std::size_t u : world.tree.units_at_level(5)) tb.org_units.push_back(world.tree.code(u));
  std::mt19937_64 rng(20240610);
  std::poisson_distribution<int> events(20), people(3000);
  const std::size_t n = f * 12 * 20;
  tb.element_codes.reserve(n);
  tb.org_unit_codes.reserve(n);
  tb.period_codes.reserve(n);
  tb.values.reserve(n);
  for (std::size_t i = 0; i < f; ++i)
    for (int m = 0; m < 12; ++m)
      for (int e = 0; e < 20; ++e) {
        tb.element_codes.push_back(e);
        tb.org_unit_codes.push_back(static_cast<std::int32_t>(i));
        tb.period_codes.push_back(m);
        tb.values.push_back(e % 2 == 0 ? events(rng) : people(rng));
      }
  for (int k = 0; k < 10; ++k) {
    Indicator ind;
    ind.id = code("i", static_cast<std::size_t>(k));
    ind.numerator = "#{" + world.elements[static_cast<std::size_t>(2 * k)].id + "}";
    ind.denominator = "#{" + world.elements[static_cast<std::size_t>(2 * k + 1)].id + "}";
    ind.unit = Unit::per_100k();
    ind.kind = MeasureKind::rate;
    world.indicators.push_back(ind);
  }
  return world;
}

void BM_CubeLoadRollUpEvaluate(benchmark::State& state) {
  const World world = make_world(static_cast<std::size_t>(state.range(0)));
  std::vector<std::size_t> everyone(world.tree.size());
  for (std::size_t i = 0; i < everyone.size(); ++i) everyone[i] = i;
  const std::vector<Period> periods{Period::year(2024), Period::quarter(2024, 1)};
  for (auto _ : state) {
    DataCube cube(world.tree, world.elements, Period::month(2024, 1), 12);
    cube.load(world.table);
    const auto table = evaluate(cube, world.indicators, everyone, periods);
    benchmark::DoNotOptimize(table.value.data());
  }
  state.counters["values"] = static_cast<double>(world.table.size());
  state.counters["units"] = static_cast<double>(world.tree.size());
}
// 100 facilities per township: 200,000 facilities, 48,000,000 data values.
BENCHMARK(BM_CubeLoadRollUpEvaluate)
    ->Arg(1)
    ->Arg(100)
    ->Unit(benchmark::kMillisecond)
    ->Iterations(1);

void BM_CubeLoad(benchmark::State& state) {
  const World world = make_world(static_cast<std::size_t>(state.range(0)));
  for (auto _ : state) {
    DataCube cube(world.tree, world.elements, Period::month(2024, 1), 12);
    benchmark::DoNotOptimize(cube.load(world.table).loaded);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * world.table.size()));
}
BENCHMARK(BM_CubeLoad)->Arg(100)->Unit(benchmark::kMillisecond)->Iterations(1);

// The same rows as a long CSV (element, org_unit, period, value: the layout DHIS2 exports), read
// by DataCube::load_csv from a stream over the text in memory, so that the reader's time is told
// from the disk's (benchmarks/csv_load.py times it from a file, through Python). Arg: facilities
// per township (10: 20,000 facilities, 4,800,000 rows, about 100 MB).
void BM_CubeLoadCsv(benchmark::State& state) {
  const World world = make_world(static_cast<std::size_t>(state.range(0)));
  const LongTable& tb = world.table;
  std::string text = "element,org_unit,period,value\n";
  for (std::size_t r = 0; r < tb.size(); ++r) {
    text += tb.elements[static_cast<std::size_t>(tb.element_codes[r])];
    text += ',';
    text += tb.org_units[static_cast<std::size_t>(tb.org_unit_codes[r])];
    text += ',';
    text += tb.periods[static_cast<std::size_t>(tb.period_codes[r])];
    text += ',';
    text += std::to_string(static_cast<long long>(tb.values[r]));
    text += '\n';
  }
  for (auto _ : state) {
    std::istringstream in(text);
    DataCube cube(world.tree, world.elements, Period::month(2024, 1), 12);
    benchmark::DoNotOptimize(cube.load_csv(in).loaded);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * tb.size()));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
}
BENCHMARK(BM_CubeLoadCsv)->Arg(10)->Unit(benchmark::kMillisecond)->Iterations(3);

} // namespace
