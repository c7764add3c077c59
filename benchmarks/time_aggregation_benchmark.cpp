// Aggregation over time (time_aggregation.hpp) and period parsing (period.hpp).
// Issue 5's case: 1,000,000 monthly series of 24 months to quarters and to years.
#include <zhibiao/period.hpp>
#include <zhibiao/time_aggregation.hpp>

#include <benchmark/benchmark.h>

#include <random>

namespace {

zhibiao::SeriesMatrix make_series(Eigen::Index series, Eigen::Index months) {
  std::mt19937_64 rng(20240610);
  std::poisson_distribution<int> counts(40);
  zhibiao::SeriesMatrix m(series, months);
  for (Eigen::Index i = 0; i < m.size(); ++i) m.data()[i] = counts(rng);
  return m;
}

void BM_AggregateMonths(benchmark::State& state) {
  const auto target = static_cast<zhibiao::PeriodType>(state.range(1));
  const auto monthly = make_series(state.range(0), 24);
  const zhibiao::Period first = zhibiao::Period::month(2023, 1);
  for (auto _ : state) {
    auto out = zhibiao::aggregate_months(monthly, first, {target, zhibiao::TimeAggregation::sum});
    benchmark::DoNotOptimize(out.values.data());
  }
  state.SetItemsProcessed(state.iterations() * state.range(0) * 24);
  state.SetBytesProcessed(state.iterations() * state.range(0) * 24 * 8);
}
BENCHMARK(BM_AggregateMonths)
    ->Args({1'000'000, static_cast<int>(zhibiao::PeriodType::quarter)})
    ->Args({1'000'000, static_cast<int>(zhibiao::PeriodType::year)})
    ->Args({1'000'000, static_cast<int>(zhibiao::PeriodType::financial_year)})
    ->Unit(benchmark::kMillisecond);

void BM_CumulateYearToDate(benchmark::State& state) {
  const auto monthly = make_series(state.range(0), 24);
  const zhibiao::Period first = zhibiao::Period::month(2023, 1);
  for (auto _ : state) {
    auto out = zhibiao::cumulate_year_to_date(monthly, first, 10);
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(state.iterations() * state.range(0) * 24);
}
BENCHMARK(BM_CumulateYearToDate)->Arg(10'000)->Arg(1'000'000)->Unit(benchmark::kMillisecond);

void BM_ParsePeriodText(benchmark::State& state) {
  const char* texts[] = {"2019年1-11月", "2024年上半年", "截至2019年11月底",     "2019统计年度",
                         "2019Q1",       "201911",       "2019-01-01/2019-11-30"};
  std::size_t i = 0;
  for (auto _ : state) {
    auto p = zhibiao::Period::parse(texts[i++ % 7]);
    benchmark::DoNotOptimize(p);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ParsePeriodText);

} // namespace
