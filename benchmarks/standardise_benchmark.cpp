// standardise.hpp at 10^6 rows: 52,632 groups of 19 ESP 2013 bands (DSR) and the same rows
// against reference rates (SMR), on seeded data.
#include <zhibiao/standardise.hpp>

#include <benchmark/benchmark.h>

#include <random>
#include <vector>

namespace {

struct Data {
  std::vector<double> x, n, w, xr, nr;
  std::vector<std::size_t> offsets;
};

Data make(std::size_t rows) {
  std::mt19937_64 rng(20240630);
  std::uniform_int_distribution<int> pop(500, 8000);
  std::poisson_distribution<int> deaths(12.0);
  const auto& esp = zhibiao::standard_population("esp2013").weights;
  Data d;
  const std::size_t groups = rows / 19;
  for (std::size_t g = 0; g < groups; ++g) {
    d.offsets.push_back(g * 19);
    for (std::size_t b = 0; b < 19; ++b) {
      d.x.push_back(deaths(rng));
      d.n.push_back(pop(rng));
      d.w.push_back(esp[b]);
      d.xr.push_back(200 + 10 * b);
      d.nr.push_back(100000);
    }
  }
  d.offsets.push_back(groups * 19);
  return d;
}

void BM_Dsr(benchmark::State& state) {
  const Data d = make(static_cast<std::size_t>(state.range(0)));
  for (auto _ : state) {
    auto r =
        zhibiao::directly_standardised(d.x, d.n, d.w, d.offsets, {.confidence = {0.95, 0.998}});
    benchmark::DoNotOptimize(r.value.data());
  }
  state.SetItemsProcessed(state.iterations() * static_cast<long>(d.x.size()));
}
BENCHMARK(BM_Dsr)->Arg(10'000)->Arg(1'000'000)->Arg(10'000'000)->Unit(benchmark::kMillisecond);

void BM_Smr(benchmark::State& state) {
  const Data d = make(static_cast<std::size_t>(state.range(0)));
  for (auto _ : state) {
    auto r = zhibiao::indirectly_standardised(zhibiao::IndirectKind::ratio, d.x, d.n, d.xr, d.nr,
                                              d.offsets);
    benchmark::DoNotOptimize(r.value.data());
  }
  state.SetItemsProcessed(state.iterations() * static_cast<long>(d.x.size()));
}
BENCHMARK(BM_Smr)->Arg(10'000)->Arg(1'000'000)->Arg(10'000'000)->Unit(benchmark::kMillisecond);

} // namespace
