// The cost of detail::parallel_for on inputs too small to split (issue 21 item 3: with no cap
// set, every call asked the system for the core count, about 7.5 µs, before deciding to run the
// body inline). Both benchmarks run the same body on 100 rows; the second sets a cap, so the
// difference between them is what deciding costs.
#include <zhibiao/detail/parallel.hpp>

#include <benchmark/benchmark.h>

#include <cstddef>
#include <vector>

namespace {

void run_small(benchmark::State& state) {
  std::vector<double> out(100);
  for (auto _ : state) {
    zhibiao::detail::parallel_for(out.size(), 4096, [&](std::size_t begin, std::size_t end) {
      for (std::size_t i = begin; i < end; ++i) out[i] = static_cast<double>(i) * 0.5;
    });
    benchmark::DoNotOptimize(out.data());
  }
}

void BM_ParallelForSmallInputNoCap(benchmark::State& state) {
  zhibiao::detail::set_max_threads(0);
  run_small(state);
}
BENCHMARK(BM_ParallelForSmallInputNoCap);

void BM_ParallelForSmallInputCapOne(benchmark::State& state) {
  zhibiao::detail::set_max_threads(1);
  run_small(state);
  zhibiao::detail::set_max_threads(0);
}
BENCHMARK(BM_ParallelForSmallInputCapOne);

} // namespace
