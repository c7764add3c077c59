// Funnel-plot kernels of funnel.hpp at 10^6 areas on seeded data: significance of every area
// (proportions, ratios, rates) and the 100-point curves.
#include <zhibiao/detail/funnel_kernels.hpp>
#include <zhibiao/funnel.hpp>

#include <benchmark/benchmark.h>

#include <cmath>
#include <random>

namespace {

struct Data {
  Eigen::ArrayXd x, n;
};

// Denominators up to 10^5 with an 80 % average share (proportions), or expected counts with
// observed counts scattered around them (ratios, rates: many below 10, as in townships).
Data make_data(Eigen::Index len, zhibiao::FunnelStatistic statistic) {
  std::mt19937_64 rng(20240610);
  std::uniform_int_distribution<int> den(1, 100000);
  std::uniform_real_distribution<double> share(0.7, 0.9);
  std::gamma_distribution<double> expected(2.0, 10.0);
  Data d{Eigen::ArrayXd(len), Eigen::ArrayXd(len)};
  for (Eigen::Index i = 0; i < len; ++i) {
    if (statistic == zhibiao::FunnelStatistic::proportion) {
      d.n(i) = den(rng);
      d.x(i) = std::floor(d.n(i) * share(rng));
    } else {
      const double e = expected(rng) + 0.5;
      d.x(i) = std::poisson_distribution<int>(e)(rng);
      // Ratios: n is the expected count; rates: a population with ~500 per 100,000.
      d.n(i) = statistic == zhibiao::FunnelStatistic::ratio ? e : e * 200;
    }
  }
  return d;
}

void BM_Significance(benchmark::State& state, zhibiao::FunnelStatistic statistic) {
  const Data d = make_data(state.range(0), statistic);
  const zhibiao::FunnelOptions options{
      .statistic = statistic, .multiplier = 100, .polarity = zhibiao::Polarity::higher_is_better};
  for (auto _ : state) {
    auto a = zhibiao::funnel_significance(d.x, d.n, options);
    benchmark::DoNotOptimize(a.significance.data());
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK_CAPTURE(BM_Significance, proportion, zhibiao::FunnelStatistic::proportion)
    ->Arg(1'000'000)
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Significance, ratio, zhibiao::FunnelStatistic::ratio)
    ->Arg(1'000'000)
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Significance, rate, zhibiao::FunnelStatistic::rate)
    ->Arg(1'000'000)
    ->Unit(benchmark::kMillisecond);

// The whole curve from 10^6 areas: average, axis, 100 points × 4 limits.
void BM_Curve(benchmark::State& state, zhibiao::FunnelStatistic statistic,
              zhibiao::PoissonSearch search) {
  const Data d = make_data(state.range(0), statistic);
  const zhibiao::FunnelOptions options{
      .statistic = statistic, .multiplier = 100, .poisson = search};
  for (auto _ : state) {
    auto c = zhibiao::funnel_limits(d.x, d.n, options);
    benchmark::DoNotOptimize(c.upper_998.data());
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK_CAPTURE(BM_Curve, proportion, zhibiao::FunnelStatistic::proportion,
                  zhibiao::PoissonSearch::phe)
    ->Arg(1'000'000)
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Curve, ratio_phe, zhibiao::FunnelStatistic::ratio, zhibiao::PoissonSearch::phe)
    ->Arg(1'000'000)
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Curve, ratio_exact, zhibiao::FunnelStatistic::ratio,
                  zhibiao::PoissonSearch::exact)
    ->Arg(1'000'000)
    ->Unit(benchmark::kMillisecond);

// The proportion limits kernel alone at 10^6 denominators (limits per area).
void BM_ProportionLimitsKernel(benchmark::State& state) {
  const Data d = make_data(state.range(0), zhibiao::FunnelStatistic::proportion);
  Eigen::ArrayXd lo(d.n.size()), hi(d.n.size());
  for (auto _ : state) {
    zhibiao::detail::proportion_funnel_limits(0.8, d.n.data(), static_cast<std::size_t>(d.n.size()),
                                              1.959963984540054, 100, true, lo.data(), hi.data());
    benchmark::DoNotOptimize(lo.data());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_ProportionLimitsKernel)->Arg(1'000'000);

} // namespace
