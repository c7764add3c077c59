// Column kernels of difference.hpp at 10^6 rows on seeded data.
#include <zhibiao/detail/difference_kernels.hpp>
#include <zhibiao/difference.hpp>

#include <benchmark/benchmark.h>

#include <cmath>
#include <random>
#include <vector>

namespace {

struct Columns {
  std::vector<double> a, b, c, d, value, lower, upper;
  std::vector<std::uint8_t> status;
};

// Two proportions / rates per row (denominators up to 10^5, shares or small event counts),
// means with group sizes 2–50, and township births (tens to hundreds).
Columns make(std::size_t len, int kind) {
  std::mt19937_64 rng(20240610);
  std::uniform_int_distribution<int> den(1, 100000), size(2, 50), births(20, 500);
  std::uniform_real_distribution<double> share(0, 1), level(0, 100);
  std::poisson_distribution<int> events(20.0);
  Columns c;
  for (auto* v : {&c.a, &c.b, &c.c, &c.d, &c.value, &c.lower, &c.upper}) v->resize(len);
  c.status.resize(len);
  for (std::size_t i = 0; i < len; ++i) {
    if (kind == 0) { // proportions
      c.b[i] = den(rng);
      c.a[i] = std::floor(c.b[i] * share(rng));
      c.d[i] = den(rng);
      c.c[i] = std::floor(c.d[i] * share(rng));
    } else if (kind == 1) { // rates
      c.a[i] = events(rng);
      c.b[i] = den(rng);
      c.c[i] = events(rng) + 1;
      c.d[i] = den(rng);
    } else if (kind == 2) { // means
      c.a[i] = level(rng);
      c.b[i] = level(rng) / 5;
      c.c[i] = size(rng);
    } else { // sex ratio
      const double n = births(rng);
      c.a[i] = std::floor(n * 0.53);
      c.b[i] = n - c.a[i];
    }
  }
  return c;
}

void BM_Kernel(benchmark::State& state, int kind) {
  auto c = make(static_cast<std::size_t>(state.range(0)), kind);
  const std::size_t len = c.a.size();
  for (auto _ : state) {
    std::vector<zhibiao::row_error> e;
    switch (kind) {
    case 0:
      e = zhibiao::detail::proportion_differences(c.a.data(), c.b.data(), c.c.data(), c.d.data(),
                                                  len, 0.95, c.status.data(), c.value.data(),
                                                  c.lower.data(), c.upper.data());
      break;
    case 1:
      e = zhibiao::detail::rate_ratios(c.a.data(), c.b.data(), c.c.data(), c.d.data(), len, 0.95,
                                       c.status.data(), c.value.data(), c.lower.data(),
                                       c.upper.data());
      break;
    case 2:
      e = zhibiao::detail::mean_intervals(c.a.data(), c.b.data(), c.c.data(), len, 0.95,
                                          c.status.data(), c.value.data(), c.lower.data(),
                                          c.upper.data());
      break;
    default:
      e = zhibiao::detail::sex_ratio_intervals(c.a.data(), c.b.data(), len, 0.95, c.status.data(),
                                               c.value.data(), c.lower.data(), c.upper.data());
    }
    benchmark::DoNotOptimize(c.lower.data());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK_CAPTURE(BM_Kernel, proportion_difference, 0)
    ->Arg(10'000)
    ->Arg(1'000'000)
    ->Arg(10'000'000)
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Kernel, rate_ratio_exact, 1)->Arg(1'000'000)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Kernel, mean_t, 2)->Arg(1'000'000)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Kernel, sex_ratio, 3)
    ->Arg(10'000)
    ->Arg(1'000'000)
    ->Arg(10'000'000)
    ->Unit(benchmark::kMillisecond);

} // namespace
