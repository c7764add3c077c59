// Kernels of life_table.hpp at 10^6 rows (50,000 areas × 20 bands; 125,000 areas × 8 bands),
// on seeded data shaped like districts' deaths and populations.
#include <zhibiao/detail/life_table_kernels.hpp>
#include <zhibiao/life_table.hpp>

#include <benchmark/benchmark.h>

#include <cmath>
#include <random>
#include <vector>

namespace {

struct Banded {
  std::vector<double> deaths, population, start_age, value, se, lower, upper;
  std::vector<std::int64_t> area;
  std::vector<std::uint8_t> status, area_status;
  std::size_t areas = 0;
};

// Rows in area order, bands in order; death rates rising with age like a real table.
Banded make(std::size_t rows, std::span<const double> bands, std::size_t outputs_per_area) {
  std::mt19937_64 rng(20240601);
  std::uniform_real_distribution<double> size(20000, 200000), noise(0.8, 1.2);
  const std::size_t nb = bands.size();
  Banded c;
  c.areas = rows / nb;
  const std::size_t n = c.areas * nb;
  c.deaths.resize(n);
  c.population.resize(n);
  c.start_age.resize(n);
  c.area.resize(n);
  for (std::size_t a = 0; a < c.areas; ++a) {
    const double total = size(rng);
    for (std::size_t b = 0; b < nb; ++b) {
      const std::size_t i = a * nb + b;
      c.population[i] = std::floor(total / static_cast<double>(nb) * noise(rng));
      const double rate = 0.0005 * std::exp(0.085 * bands[b]) * noise(rng);
      c.deaths[i] = std::floor(c.population[i] * std::min(rate, 0.3)) + 1;
      c.start_age[i] = bands[b];
      c.area[i] = static_cast<std::int64_t>(a);
    }
  }
  const std::size_t out = outputs_per_area ? c.areas : n;
  c.value.resize(out);
  c.se.resize(out);
  c.lower.resize(out);
  c.upper.resize(out);
  c.status.resize(n);
  c.area_status.resize(c.areas);
  return c;
}

void BM_LifeTables(benchmark::State& state) {
  auto c = make(static_cast<std::size_t>(state.range(0)), zhibiao::standard_life_table_bands, 0);
  const double z = 1.959963984540054;
  for (auto _ : state) {
    zhibiao::detail::life_tables(
        c.deaths.data(), c.population.data(), c.start_age.data(), c.area.data(), c.deaths.size(),
        c.areas, zhibiao::standard_life_table_bands.data(),
        zhibiao::standard_life_table_bands.size(), &z, 1, c.value.data(), c.se.data(),
        c.lower.data(), c.upper.data(), c.status.data(), c.area_status.data());
    benchmark::DoNotOptimize(c.value.data());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(c.deaths.size()));
}
BENCHMARK(BM_LifeTables)
    ->Arg(10'000)
    ->Arg(1'000'000)
    ->Arg(10'000'000)
    ->Unit(benchmark::kMillisecond);

void BM_PrematureNcdMortality(benchmark::State& state) {
  auto c = make(static_cast<std::size_t>(state.range(0)), zhibiao::ncd_mortality_bands, 1);
  const double z = 1.959963984540054;
  for (auto _ : state) {
    zhibiao::detail::premature_ncd_mortality(
        c.deaths.data(), c.population.data(), c.start_age.data(), c.area.data(), c.deaths.size(),
        c.areas, &z, 1, 100.0, c.value.data(), c.se.data(), c.lower.data(), c.upper.data(),
        c.status.data(), c.area_status.data());
    benchmark::DoNotOptimize(c.value.data());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(c.deaths.size()));
}
BENCHMARK(BM_PrematureNcdMortality)->Arg(1'000'000)->Unit(benchmark::kMillisecond);

} // namespace
