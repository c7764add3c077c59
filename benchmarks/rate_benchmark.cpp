// Column kernels of rate.hpp at 10^4, 10^6 and 10^7 rows on seeded data.
#include <zhibiao/detail/rate_kernels.hpp>
#include <zhibiao/rate.hpp>

#include <benchmark/benchmark.h>

#include <cmath>
#include <random>
#include <vector>

namespace {

struct Columns {
  std::vector<double> numerator, denominator, values;
  std::vector<std::uint8_t> status;
};

// Counts like a district's: denominators up to 10^5, numerators a share of them.
Columns make_columns(std::size_t n) {
  std::mt19937_64 rng(20191213);
  std::uniform_int_distribution<int> den(1, 100000);
  std::uniform_real_distribution<double> share(0, 1);
  Columns c;
  c.numerator.resize(n);
  c.denominator.resize(n);
  c.values.resize(n);
  c.status.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    c.denominator[i] = den(rng);
    c.numerator[i] = std::floor(c.denominator[i] * share(rng));
  }
  return c;
}

void BM_ProportionColumn(benchmark::State& state) {
  auto c = make_columns(static_cast<std::size_t>(state.range(0)));
  for (auto _ : state) {
    zhibiao::detail::compute_measures(zhibiao::MeasureKind::proportion, c.numerator.data(),
                                      c.denominator.data(), c.numerator.size(), 100.0,
                                      c.values.data(), c.status.data());
    benchmark::DoNotOptimize(c.values.data());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
  state.SetBytesProcessed(state.iterations() * state.range(0) * (3 * 8 + 1));
}
BENCHMARK(BM_ProportionColumn)->Arg(10'000)->Arg(1'000'000)->Arg(10'000'000);

void BM_ExactHalfUpRounding(benchmark::State& state) {
  auto c = make_columns(static_cast<std::size_t>(state.range(0)));
  std::vector<double> rounded(c.numerator.size());
  for (auto _ : state) {
    zhibiao::detail::round_measures_half_up(c.numerator.data(), c.denominator.data(),
                                            c.status.data(), c.numerator.size(), 100, 2,
                                            rounded.data());
    benchmark::DoNotOptimize(rounded.data());
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_ExactHalfUpRounding)->Arg(10'000)->Arg(1'000'000);

} // namespace
