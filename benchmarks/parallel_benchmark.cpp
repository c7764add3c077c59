// The cost of detail::parallel_for on inputs too small to split (issue 21 item 3: with no cap
// set, every call asked the system for the core count, about 7.5 µs, before deciding to run the
// body inline). Both benchmarks run the same body on 100 rows; the second sets a cap, so the
// difference between them is what deciding costs.
#include <zhibiao/detail/parallel.hpp>

#include <benchmark/benchmark.h>

#include <cmath>
#include <cstddef>
#include <cstdint>
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

// Measured on the shared 2-core CI machine (medians; before = per-call std::threads at 4e07b58,
// after = the pool), with the second core free: 10^6 rows on 2 threads 5.5–5.6 ms before, 5.7 ms
// after (1 thread: 11.0 ms), the same within noise, since starting a thread is < 1 % of the call;
// the dispatch of a 2-range call alone 46–113 µs before, 3.7–4.0 µs after (load average ~3; at
// ~8: 71–89 µs and 6.9–7.9 µs).
//
// A column kernel over 10^6 rows (issue 21 item 3: the threads were started per call, ~20–50 µs
// each, before the persistent pool of src/parallel.cpp). The body is a Wilson-like closed form
// per row, so the split is worth having; argument: the thread cap (0: the hardware's).
void BM_ParallelForColumnMillionRows(benchmark::State& state) {
  const std::size_t len = 1000000;
  std::vector<double> x(len), n(len), out(len);
  for (std::size_t i = 0; i < len; ++i) {
    n[i] = static_cast<double>(1 + i % 997);
    x[i] = static_cast<double>(i % 13) * n[i] / 13.0;
  }
  zhibiao::detail::set_max_threads(static_cast<unsigned>(state.range(0)));
  for (auto _ : state) {
    zhibiao::detail::parallel_for(len, 1 << 16, [&](std::size_t begin, std::size_t end) {
      constexpr double z2 = 1.959963984540054 * 1.959963984540054;
      for (std::size_t i = begin; i < end; ++i) {
        const double p = x[i] / n[i], d = 1 + z2 / n[i];
        out[i] =
            (p + z2 / (2 * n[i]) - std::sqrt(z2 * (p * (1 - p) / n[i] + z2 / (4 * n[i] * n[i])))) /
            d;
      }
    });
    benchmark::DoNotOptimize(out.data());
  }
  zhibiao::detail::set_max_threads(0);
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * len));
}
BENCHMARK(BM_ParallelForColumnMillionRows)->Arg(0)->Arg(1)->Arg(2)->UseRealTime();

// The same kernel on 2 × 2^16 rows, the smallest input that is split: here starting threads is
// a large share of the call.
void BM_ParallelForColumnSmallestSplit(benchmark::State& state) {
  const std::size_t len = 2 << 16;
  std::vector<double> x(len, 3.0), out(len);
  zhibiao::detail::set_max_threads(static_cast<unsigned>(state.range(0)));
  for (auto _ : state) {
    zhibiao::detail::parallel_for(len, 1 << 16, [&](std::size_t begin, std::size_t end) {
      for (std::size_t i = begin; i < end; ++i) out[i] = std::sqrt(x[i] + static_cast<double>(i));
    });
    benchmark::DoNotOptimize(out.data());
  }
  zhibiao::detail::set_max_threads(0);
}
BENCHMARK(BM_ParallelForColumnSmallestSplit)->Arg(0)->Arg(2)->UseRealTime();

// The dispatch alone: 2 ranges of 2048 trivial rows, so the call is almost all starting threads
// (before: a std::thread started and joined per call) or waking a pool worker (after).
void BM_ParallelForDispatchTwoRanges(benchmark::State& state) {
  std::vector<double> out(4096);
  zhibiao::detail::set_max_threads(2);
  for (auto _ : state) {
    zhibiao::detail::parallel_for(out.size(), 2048, [&](std::size_t begin, std::size_t end) {
      for (std::size_t i = begin; i < end; ++i) out[i] = static_cast<double>(i);
    });
    benchmark::DoNotOptimize(out.data());
  }
  zhibiao::detail::set_max_threads(0);
}
BENCHMARK(BM_ParallelForDispatchTwoRanges)->UseRealTime();

} // namespace
