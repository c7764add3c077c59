// Expression evaluation (expression.hpp) at 10^6 rows on seeded data, against the same formula
// written as one hand-fused C++ loop: the price of an interpreted, column-at-a-time program.
#include <zhibiao/expression.hpp>

#include <benchmark/benchmark.h>

#include <cstdint>
#include <random>
#include <string>
#include <vector>

namespace {

// A six-operator indicator: >, +, -, /, *, if. Populations up to 10^5, with a zero in about one
// row in a thousand (so the status pass runs on some blocks, as with real data).
struct Columns {
  std::vector<double> pop, a, b, c, out;
  std::vector<std::uint8_t> status;
};

Columns make_columns(std::size_t n) {
  std::mt19937_64 rng(20240601);
  std::uniform_int_distribution<int> pop(0, 100000), count(0, 500);
  Columns k;
  k.pop.resize(n);
  k.a.resize(n);
  k.b.resize(n);
  k.c.resize(n);
  k.out.resize(n);
  k.status.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    k.pop[i] = pop(rng) < 100 ? 0 : pop(rng);
    k.a[i] = count(rng);
    k.b[i] = count(rng);
    k.c[i] = count(rng) / 10;
  }
  return k;
}

constexpr const char* kIndicator = "if(#{pop} > 0, (#{a} + #{b} - #{c}) / #{pop} * 1000, 0)";

void BM_ExpressionSixOperators(benchmark::State& state) {
  auto k = make_columns(static_cast<std::size_t>(state.range(0)));
  const auto e = zhibiao::Expression::parse(kIndicator); // references: pop, a, b, c
  const double* in[] = {k.pop.data(), k.a.data(), k.b.data(), k.c.data()};
  const bool with_status = state.range(1) != 0;
  for (auto _ : state) {
    e.evaluate(in, {}, k.out.size(), k.out.data(), with_status ? k.status.data() : nullptr);
    benchmark::DoNotOptimize(k.out.data());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
  state.SetBytesProcessed(state.iterations() * state.range(0) * (5 * 8 + (with_status ? 1 : 0)));
}
BENCHMARK(BM_ExpressionSixOperators)
    ->ArgNames({"rows", "status"})
    ->Args({10'000, 0})
    ->Args({1'000'000, 0})
    ->Args({10'000'000, 0})
    ->Args({1'000'000, 1});

// The same indicator as one fused loop: the lower bound for this memory traffic.
void BM_HandFusedLoop(benchmark::State& state) {
  auto k = make_columns(static_cast<std::size_t>(state.range(0)));
  for (auto _ : state) {
    const std::size_t n = k.out.size();
    const double *pop = k.pop.data(), *a = k.a.data(), *b = k.b.data(), *c = k.c.data();
    double* out = k.out.data();
    for (std::size_t i = 0; i < n; ++i)
      out[i] = pop[i] > 0 ? (a[i] + b[i] - c[i]) / pop[i] * 1000 : 0;
    benchmark::DoNotOptimize(k.out.data());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_HandFusedLoop)->Arg(10'000)->Arg(1'000'000)->Arg(10'000'000);

// A paced target with time variables (months of a year).
void BM_PacedTarget(benchmark::State& state) {
  auto k = make_columns(static_cast<std::size_t>(state.range(0)));
  const std::size_t n = k.out.size();
  std::vector<double> pin(n), ppy(n, 12);
  for (std::size_t i = 0; i < n; ++i) pin[i] = static_cast<double>(i % 12 + 1);
  const auto e = zhibiao::Expression::parse("#{a} / (#{b} * [periodInYear] / [periodsPerYear])");
  const double* in[] = {k.a.data(), k.b.data()};
  const double* time[] = {nullptr, pin.data(), ppy.data()};
  for (auto _ : state) {
    e.evaluate(in, time, n, k.out.data(), k.status.data());
    benchmark::DoNotOptimize(k.out.data());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_PacedTarget)->Arg(10'000)->Arg(1'000'000)->Arg(10'000'000);

void BM_Parse(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(zhibiao::Expression::parse(kIndicator));
}
BENCHMARK(BM_Parse);

// Compiling a sum of R distinct references, #{e0} + #{e1} + … (issue 14: 10^5 took 10.7 s when
// each reference was looked up by a linear search of the ones before it). Linear compilation
// shows as a constant time per reference (items/s) from 10^3 to 10^5.
void BM_CompileDistinctReferences(benchmark::State& state) {
  const auto refs = static_cast<std::size_t>(state.range(0));
  std::string text;
  for (std::size_t k = 0; k < refs; ++k) {
    if (k > 0) text += " + ";
    text += "#{e" + std::to_string(k) + "}";
  }
  for (auto _ : state) benchmark::DoNotOptimize(zhibiao::Expression::parse(text));
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_CompileDistinctReferences)
    ->Arg(1'000)
    ->Arg(10'000)
    ->Arg(100'000)
    ->Unit(benchmark::kMillisecond);

} // namespace
