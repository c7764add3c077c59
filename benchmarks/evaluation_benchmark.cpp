// evaluate() at the scale of issue 21's acceptance: 10^5 org units × 10 indicators (5
// proportions, 5 rates per 100,000) over one year (Period::year(2024)) with 95 % intervals.
// Tree: 1 province, 10 counties, 100 townships, 100,000 facilities (1,000 per township); the
// cube holds 12 months of 12 elements for every facility (14.4 million values), loaded once
// outside the timed loop. The timed call evaluates the 100,000 facilities: 10^6 rows, each with
// a Wilson (proportions) or exact / Byar (rates, PHE's rule) interval.
//
// Figures (Release, this 2-core machine shared with other builds; wall time, mean of 3
// repetitions of >= 2 s):
//   before, at 4e07b58 (intervals row by row through proportion_interval / rate_interval):
//     with 95 % intervals 376 ms, without 143 ms (load 6); again beside the builds below
//     (load 2): 273 ms and 77 ms
//   after, at 252df96 (intervals per column: detail::proportion_limits / count_limits once per
//   level over the gathered rows with a value; the same bits), load 2:
//     with 95 % intervals 106 ms, without 91 ms (223 ms / 110 ms at load 7.5)
//   with coverage (issue 21 item 2: months and units per row), load 2:
//     with 95 % intervals 126 ms, without 115 ms
#include <zhibiao/evaluation.hpp>

#include <benchmark/benchmark.h>

#include <random>
#include <string>

namespace {

using namespace zhibiao;

constexpr std::size_t townships = 100, per_township = 1000, facilities = townships * per_township;

struct World {
  OrgUnitTree tree;
  std::vector<DataElement> elements;
  std::vector<Indicator> indicators;
  std::vector<std::size_t> facility_units;
  std::unique_ptr<DataCube> cube;
};

const World& world() {
  static const World w = [] {
    std::vector<OrgUnitRow> rows{{"P", "省", ""}};
    for (std::size_t c = 0; c < 10; ++c) rows.push_back({"C" + std::to_string(c), "", "P"});
    for (std::size_t t = 0; t < townships; ++t)
      rows.push_back({"T" + std::to_string(t), "", "C" + std::to_string(t / 10)});
    for (std::size_t f = 0; f < facilities; ++f)
      rows.push_back({"F" + std::to_string(f), "", "T" + std::to_string(f / per_township)});
    World out{OrgUnitTree::from_parent_table(rows), {}, {}, {}, {}};
    // e0..e9: event counts (sum); deliveries: the proportions' denominator (sum); population:
    // the rates' (average_sum_org_unit).
    for (int e = 0; e < 10; ++e)
      out.elements.push_back({"e" + std::to_string(e), "", "", AggregationType::sum});
    out.elements.push_back({"deliveries", "", "", AggregationType::sum});
    out.elements.push_back({"population", "", "", AggregationType::average_sum_org_unit});
    out.facility_units = out.tree.units_at_level(4);
    LongTable tb;
    for (const auto& e : out.elements) tb.elements.push_back(e.id);
    for (int m = 1; m <= 12; ++m)
      tb.periods.push_back("2024" + std::string(m < 10 ? "0" : "") + std::to_string(m));
    for (std::size_t u : out.facility_units) tb.org_units.push_back(out.tree.code(u));
    std::mt19937_64 rng(20241202);
    // Small counts too, so that PHE's rule takes the exact method for some rows.
    std::poisson_distribution<int> events(8), deliveries(40), people(3000);
    const std::size_t n = facilities * 12 * out.elements.size();
    tb.element_codes.reserve(n);
    tb.org_unit_codes.reserve(n);
    tb.period_codes.reserve(n);
    tb.values.reserve(n);
    for (std::size_t f = 0; f < facilities; ++f) {
      const double population = people(rng);
      for (int m = 0; m < 12; ++m) {
        const int births = deliveries(rng);
        for (int e = 0; e < 12; ++e) {
          tb.element_codes.push_back(e);
          tb.org_unit_codes.push_back(static_cast<std::int32_t>(f));
          tb.period_codes.push_back(m);
          // A proportion's numerator (e0..e4) never exceeds its denominator (deliveries).
          const double v = e < 5     ? std::min(events(rng), births)
                           : e < 10  ? events(rng)
                           : e == 10 ? births
                                     : population;
          tb.values.push_back(v);
        }
      }
    }
    out.cube = std::make_unique<DataCube>(out.tree, out.elements, Period::month(2024, 1), 12);
    out.cube->load(tb);
    for (int k = 0; k < 10; ++k) {
      Indicator ind;
      ind.id = "i" + std::to_string(k);
      ind.numerator = "#{e" + std::to_string(k) + "}";
      if (k < 5) {
        ind.denominator = "#{deliveries}";
        ind.unit = Unit::percent();
        ind.kind = MeasureKind::proportion;
      } else {
        ind.denominator = "#{population}";
        ind.unit = Unit::per_100k();
        ind.kind = MeasureKind::rate;
      }
      out.indicators.push_back(ind);
    }
    return out;
  }();
  return w;
}

void BM_Evaluate100kUnits10Indicators(benchmark::State& state) {
  const World& w = world();
  const std::vector<Period> periods{Period::year(2024)};
  EvaluationOptions options;
  options.confidence = {0.95};
  for (auto _ : state) {
    const auto table = evaluate(*w.cube, w.indicators, w.facility_units, periods, options);
    benchmark::DoNotOptimize(table.value.data());
  }
  state.counters["rows"] = static_cast<double>(facilities * w.indicators.size());
}
BENCHMARK(BM_Evaluate100kUnits10Indicators)->Unit(benchmark::kMillisecond)->MinTime(2.0);

// The same without intervals: the interval share of the figure above is the difference.
void BM_Evaluate100kUnits10IndicatorsNoIntervals(benchmark::State& state) {
  const World& w = world();
  const std::vector<Period> periods{Period::year(2024)};
  for (auto _ : state) {
    const auto table = evaluate(*w.cube, w.indicators, w.facility_units, periods);
    benchmark::DoNotOptimize(table.value.data());
  }
}
BENCHMARK(BM_Evaluate100kUnits10IndicatorsNoIntervals)->Unit(benchmark::kMillisecond)->MinTime(2.0);

} // namespace
