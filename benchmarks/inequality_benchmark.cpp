// Kernels of inequality.hpp on seeded data: quantile assignment of 10^6 areas in 100 groups,
// and the SII of 10,000 areas × 10 deciles (10^5 rows) with PHE's minimum of 1,000 simulation
// repetitions (the cost is rows × repetitions: 10^8 normal deviates per call).
#include <zhibiao/detail/inequality_kernels.hpp>
#include <zhibiao/inequality.hpp>

#include <benchmark/benchmark.h>

#include <random>
#include <vector>

namespace {

void BM_AssignQuantiles(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  std::mt19937_64 rng(20240601);
  std::uniform_int_distribution<int> score(0, 100000);
  std::vector<double> values(n), out(n);
  std::vector<std::int64_t> group(n);
  std::vector<std::uint8_t> status(n), invert(100, 1);
  for (std::size_t i = 0; i < n; ++i) {
    values[i] = score(rng) / 100.0;
    group[i] = static_cast<std::int64_t>(i % 100);
  }
  for (auto _ : state) {
    zhibiao::detail::assign_quantiles(values.data(), group.data(), n, 100, 10, invert.data(),
                                      out.data(), status.data());
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_AssignQuantiles)->Arg(1'000'000)->Unit(benchmark::kMillisecond);

void BM_SlopeIndex(benchmark::State& state) {
  const std::size_t areas = static_cast<std::size_t>(state.range(0)) / 10, n = areas * 10;
  std::mt19937_64 rng(20240601);
  std::uniform_real_distribution<double> pop(5000, 9000), noise(-2, 2);
  std::vector<double> q(n), p(n), v(n), se(n);
  std::vector<std::int64_t> group(n);
  for (std::size_t i = 0; i < n; ++i) {
    q[i] = static_cast<double>(1 + i % 10);
    p[i] = pop(rng);
    v[i] = 75 + q[i] + noise(rng);
    se[i] = 1.5;
    group[i] = static_cast<std::int64_t>(i / 10);
  }
  std::vector<double> sii(areas), rii(areas), icpt(areas), sl(areas), su(areas), rl(areas),
      ru(areas);
  std::vector<std::uint8_t> status(areas), row_status(n);
  zhibiao::SiiOptions options;
  options.repetitions = 1000;
  options.seed = 42;
  const zhibiao::detail::SiiColumns in{q, p, v, se, group};
  const zhibiao::detail::SiiBuffers out{sii, rii, icpt, sl, su, rl, ru, status, row_status};
  for (auto _ : state) {
    zhibiao::detail::slope_index(in, areas, options, out);
    benchmark::DoNotOptimize(sii.data());
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(n));
}
// The simulated intervals cost rows × repetitions (1,000 here, PHE's minimum): 10^6 rows take
// about 20 s, so that size runs a single iteration.
BENCHMARK(BM_SlopeIndex)->Arg(100'000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_SlopeIndex)->Arg(1'000'000)->Unit(benchmark::kMillisecond)->Iterations(1);

} // namespace
