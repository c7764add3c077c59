// Column kernels of interval.hpp at 10^6 rows on seeded data (one confidence level per call).
#include <zhibiao/detail/interval_kernels.hpp>
#include <zhibiao/interval.hpp>

#include <benchmark/benchmark.h>
#include <boost/math/special_functions/beta.hpp>
#include <boost/math/special_functions/erf.hpp>
#include <boost/math/special_functions/gamma.hpp>

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

namespace {

struct Columns {
  std::vector<double> x, n, lower, upper;
  std::vector<std::uint8_t> status, method;
};

// Denominators up to 10^5, numerators a share of them (counts like a district's); for rates the
// events are small counts, most below 10, as in township-level mortality.
Columns make_columns(std::size_t len, bool small_counts) {
  std::mt19937_64 rng(20191213);
  std::uniform_int_distribution<int> den(1, 100000);
  std::uniform_real_distribution<double> share(0, 1);
  std::poisson_distribution<int> events(8.0);
  Columns c;
  c.x.resize(len);
  c.n.resize(len);
  c.lower.resize(len);
  c.upper.resize(len);
  c.status.assign(len, 0);
  c.method.resize(len);
  for (std::size_t i = 0; i < len; ++i) {
    c.n[i] = den(rng);
    c.x[i] = small_counts ? events(rng) : std::floor(c.n[i] * share(rng));
  }
  return c;
}

void BM_Proportion(benchmark::State& state, zhibiao::ProportionMethod method) {
  auto c = make_columns(static_cast<std::size_t>(state.range(0)), false);
  for (auto _ : state) {
    zhibiao::detail::proportion_limits(method, c.x.data(), c.n.data(), c.status.data(), c.x.size(),
                                       0.95, 100, c.lower.data(), c.upper.data());
    benchmark::DoNotOptimize(c.lower.data());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK_CAPTURE(BM_Proportion, wilson, zhibiao::ProportionMethod::wilson)
    ->Arg(10'000)
    ->Arg(1'000'000)
    ->Arg(10'000'000);
BENCHMARK_CAPTURE(BM_Proportion, agresti_coull, zhibiao::ProportionMethod::agresti_coull)
    ->Arg(10'000)
    ->Arg(1'000'000)
    ->Arg(10'000'000);
BENCHMARK_CAPTURE(BM_Proportion, wald, zhibiao::ProportionMethod::wald)
    ->Arg(10'000)
    ->Arg(1'000'000)
    ->Arg(10'000'000);
BENCHMARK_CAPTURE(BM_Proportion, clopper_pearson, zhibiao::ProportionMethod::clopper_pearson)
    ->Arg(1'000'000)
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Proportion, jeffreys, zhibiao::ProportionMethod::jeffreys)
    ->Arg(1'000'000)
    ->Unit(benchmark::kMillisecond);

// The fused closed-form pass that proportion_intervals / rate_intervals and the Python binding
// run: validation, value and limits in one pass over cache-sized blocks, into zero-filled
// statuses.
void BM_FusedProportion(benchmark::State& state) {
  auto c = make_columns(static_cast<std::size_t>(state.range(0)), false);
  std::vector<double> value(c.x.size());
  const std::vector<double> levels{0.95};
  for (auto _ : state) {
    std::fill(c.status.begin(), c.status.end(), 0);
    benchmark::DoNotOptimize(zhibiao::detail::closed_form_proportion_intervals(
        zhibiao::ProportionMethod::wilson, c.x.data(), c.n.data(), c.x.size(), levels, 100,
        value.data(), c.lower.data(), c.upper.data(), c.status.data()));
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_FusedProportion)->Arg(10'000)->Arg(1'000'000)->Arg(10'000'000);

void BM_FusedRate(benchmark::State& state) {
  auto c = make_columns(static_cast<std::size_t>(state.range(0)), true);
  std::vector<double> value(c.x.size());
  const std::vector<double> levels{0.95};
  for (auto _ : state) {
    std::fill(c.status.begin(), c.status.end(), 0);
    benchmark::DoNotOptimize(zhibiao::detail::closed_form_rate_intervals(
        zhibiao::CountMethod::phe, c.x.data(), c.n.data(), c.x.size(), levels, 100000, value.data(),
        c.lower.data(), c.upper.data(), c.status.data(), c.method.data()));
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_FusedRate)->Arg(10'000)->Arg(1'000'000)->Arg(10'000'000);

void BM_Validate(benchmark::State& state) {
  auto c = make_columns(static_cast<std::size_t>(state.range(0)), false);
  for (auto _ : state) {
    benchmark::DoNotOptimize(zhibiao::detail::classify_interval_rows(
        c.x.data(), c.n.data(), c.x.size(), true, c.status.data()));
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_Validate)->Arg(10'000)->Arg(1'000'000)->Arg(10'000'000);

void BM_Rate(benchmark::State& state, zhibiao::CountMethod method) {
  auto c = make_columns(static_cast<std::size_t>(state.range(0)), true);
  for (auto _ : state) {
    zhibiao::detail::count_limits(method, c.x.data(), c.n.data(), c.status.data(), c.x.size(), 0.95,
                                  100000, c.lower.data(), c.upper.data(), c.method.data());
    benchmark::DoNotOptimize(c.lower.data());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK_CAPTURE(BM_Rate, phe, zhibiao::CountMethod::phe)
    ->Arg(10'000)
    ->Arg(1'000'000)
    ->Arg(10'000'000)
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Rate, byar, zhibiao::CountMethod::byar)
    ->Arg(10'000)
    ->Arg(1'000'000)
    ->Arg(10'000'000)
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Rate, exact, zhibiao::CountMethod::exact)
    ->Arg(10'000)
    ->Arg(1'000'000)
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Rate, mid_p, zhibiao::CountMethod::mid_p)
    ->Arg(1'000'000)
    ->Unit(benchmark::kMillisecond);

// --- the ceiling of a dedicated inverse built on Boost.Math's forward functions (issue 16) -------
// Clopper–Pearson's lower limit of 4096 distinct pairs, n uniform up to 10^k (k = the argument),
// x a uniform share of n up to one half (compare.py's case_exact at k = 5): Boost.Math's
// inverse (what the library calls) against one evaluation of the forward incomplete beta, with
// its density, at the answer. Any inverse that refines a start with Newton or Halley steps on
// that forward function pays at least one such evaluation a limit, so the ratio of the two is
// the most such an inverse could gain (docs/exact-intervals.md §1).
using boost_policy = boost::math::policies::policy<boost::math::policies::promote_double<false>>;

struct Shapes {
  std::vector<double> a, b, quantile;
};

Shapes beta_shapes(int decade) {
  std::mt19937_64 rng(20261203);
  std::uniform_real_distribution<double> unit(0, 1);
  Shapes s;
  const double max_n = std::pow(10.0, decade);
  for (int i = 0; i < 4096; ++i) {
    const double n = std::floor(1 + unit(rng) * max_n);
    const double x = std::max(1.0, std::floor(n * unit(rng) / 2));
    s.a.push_back(x);
    s.b.push_back(n - x + 1);
    s.quantile.push_back(boost::math::ibeta_inv(x, n - x + 1, 0.025, boost_policy()));
  }
  return s;
}

void BM_BetaInverseBoost(benchmark::State& state) {
  const Shapes s = beta_shapes(static_cast<int>(state.range(0)));
  for (auto _ : state)
    for (std::size_t i = 0; i < s.a.size(); ++i)
      benchmark::DoNotOptimize(boost::math::ibeta_inv(s.a[i], s.b[i], 0.025, boost_policy()));
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(s.a.size()));
}
BENCHMARK(BM_BetaInverseBoost)->Arg(2)->Arg(5)->Arg(7)->Arg(9)->Unit(benchmark::kMicrosecond);

void BM_BetaForwardBoost(benchmark::State& state) {
  const Shapes s = beta_shapes(static_cast<int>(state.range(0)));
  for (auto _ : state)
    for (std::size_t i = 0; i < s.a.size(); ++i) {
      benchmark::DoNotOptimize(boost::math::ibeta(s.a[i], s.b[i], s.quantile[i], boost_policy()));
      benchmark::DoNotOptimize(
          boost::math::ibeta_derivative(s.a[i], s.b[i], s.quantile[i], boost_policy()));
    }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(s.a.size()));
}
BENCHMARK(BM_BetaForwardBoost)->Arg(2)->Arg(5)->Arg(7)->Arg(9)->Unit(benchmark::kMicrosecond);

// The dedicated inverse the issue proposed, as an experiment (not the library's path): the
// start of Abramowitz & Stegun 26.5.22 and Halley steps on the forward incomplete beta (Press et
// al., Numerical Recipes §6.4: f''/f' = (a − 1)/x − (b − 1)/(1 − x)), stopping once a step is
// below 1e-6 relative, else Boost.Math's inverse. Not accurate enough to ship: at very unequal
// shapes (Beta(38, 7.7e8)) the step criterion accepts iterates 1e-9 off (docs/exact-intervals.md
// §2). From n ≈ 10^5 the start is good enough for one
// step, so it costs one forward evaluation a limit: BM_BetaForwardBoost, which is as fast as it
// can get (docs/exact-intervals.md §1–2).
double halley_beta_lower(double a, double b, double p) {
  const auto fallback = [&] { return boost::math::ibeta_inv(a, b, p, boost_policy()); };
  if (!(a >= 10 && b >= 10)) return fallback(); // A&S 26.5.22 is a poor start below
  // A&S 26.5.22 takes the deviate whose upper tail is 1 − p: Q(y) = 1 − p, y = −Φ⁻¹(p).
  const double y = std::sqrt(2.0) * boost::math::erfc_inv(2 * p, boost_policy());
  const double lambda = (y * y - 3) / 6;
  const double h = 2 / (1 / (2 * a - 1) + 1 / (2 * b - 1));
  if (!(h + lambda > 0)) return fallback();
  const double w = y * std::sqrt(h + lambda) / h -
                   (1 / (2 * b - 1) - 1 / (2 * a - 1)) * (lambda + 5.0 / 6 - 2 / (3 * h));
  double x = a / (a + b * std::exp(2 * w));
  for (int step = 0; step < 4 && x > 0 && x < 1; ++step) {
    const double u = (boost::math::ibeta(a, b, x, boost_policy()) - p) /
                     boost::math::ibeta_derivative(a, b, x, boost_policy());
    const double curvature = (a - 1) / x - (b - 1) / (1 - x);
    if (!(std::fabs(u * curvature) < 1)) break; // far from the root: Halley's factor runs away
    const double delta = u / (1 - u * curvature / 2);
    x -= delta;
    if (std::fabs(delta) <= 1e-6 * std::min(x, 1 - x)) return x; // relative to the nearer end
  }
  return fallback();
}

void BM_BetaHalleyOnForward(benchmark::State& state) {
  const Shapes s = beta_shapes(static_cast<int>(state.range(0)));
  double worst = 0; // the largest relative difference from Boost.Math's inverse
  for (std::size_t i = 0; i < s.a.size(); ++i)
    worst = std::max(worst, std::fabs(halley_beta_lower(s.a[i], s.b[i], 0.025) - s.quantile[i]) /
                                s.quantile[i]);
  for (auto _ : state)
    for (std::size_t i = 0; i < s.a.size(); ++i)
      benchmark::DoNotOptimize(halley_beta_lower(s.a[i], s.b[i], 0.025));
  state.counters["max_rel_diff"] = worst;
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(s.a.size()));
}
BENCHMARK(BM_BetaHalleyOnForward)->Arg(2)->Arg(5)->Arg(7)->Arg(9)->Unit(benchmark::kMicrosecond);

// The exact Poisson upper limit (the 97.5 % quantile of Gamma(x + 1, 1)) of 1024 distinct counts
// near 10^k: Boost.Math's inverse against one forward Q(a, x) with its density at the answer.
Shapes gamma_shapes(int decade) {
  Shapes s;
  const double base = std::pow(10.0, decade);
  for (int i = 0; i < 1024; ++i) {
    const double a = base + i + 1;
    s.a.push_back(a);
    s.quantile.push_back(boost::math::gamma_q_inv(a, 0.025, boost_policy()));
  }
  return s;
}

void BM_GammaInverseBoost(benchmark::State& state) {
  const Shapes s = gamma_shapes(static_cast<int>(state.range(0)));
  for (auto _ : state)
    for (std::size_t i = 0; i < s.a.size(); ++i)
      benchmark::DoNotOptimize(boost::math::gamma_q_inv(s.a[i], 0.025, boost_policy()));
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(s.a.size()));
}
BENCHMARK(BM_GammaInverseBoost)->Arg(1)->Arg(3)->Arg(5)->Arg(7)->Unit(benchmark::kMicrosecond);

void BM_GammaForwardBoost(benchmark::State& state) {
  const Shapes s = gamma_shapes(static_cast<int>(state.range(0)));
  for (auto _ : state)
    for (std::size_t i = 0; i < s.a.size(); ++i) {
      benchmark::DoNotOptimize(boost::math::gamma_q(s.a[i], s.quantile[i], boost_policy()));
      benchmark::DoNotOptimize(
          boost::math::gamma_p_derivative(s.a[i], s.quantile[i], boost_policy()));
    }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(s.a.size()));
}
BENCHMARK(BM_GammaForwardBoost)->Arg(1)->Arg(3)->Arg(5)->Arg(7)->Unit(benchmark::kMicrosecond);

} // namespace
