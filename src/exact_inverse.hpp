#pragma once
// Private to src/: the quantiles of the exact interval methods (Clopper–Pearson, Jeffreys, the
// exact Poisson limits of Garwood and the brackets of mid-p), i.e. the inverses of the
// regularised incomplete beta function I_x(a, b) and gamma function P(a, x) at one probability.
//
// Boost.Math's ibeta_inv / gamma_p_inv (the reference: DiDonato & Morris 1992, Temme 1992 for the
// starting values) are generic: a starting value, then Halley steps until two successive steps
// agree, i.e. about two evaluations of the incomplete function a quantile. Here the parameters
// are large in most rows (counts of health data), so a better starting value and a higher-order
// step reach double precision with one evaluation:
//
//   1. the Cornish–Fisher expansion (Cornish & Fisher 1937) of the beta or gamma quantile from
//      its mean, standard deviation, skewness and excess kurtosis; its error is O(a^(−3/2))
//      standard deviations (a the smaller shape parameter),
//   2. one evaluation of the incomplete function F (Boost.Math's ibeta / gamma_p, DiDonato &
//      Morris 1992, Temme 1979) and its density f, then the Taylor series of the quantile
//      function x(p) to the fifth power of t = (p − F(x0)) / f(x0): the quantile function solves
//      x' = 1 / f(x), so with w = (ln f)' its derivatives are x^(k) = Q_k / f^k, Q_1 = 1,
//      Q_(k+1) = dQ_k/dx − k w Q_k (the "quantile mechanics" of Steinbrecher & Shaw 2008).
//      Each term is about σ (t/σ)^k, so the step leaves an error of about σ (t/σ)^6.
//
// The step is accepted when ρ = |t| max(|w|, √|w'|) (t in standard deviations) is below
// 3·10^-3 (an error below 10^-15 σ); otherwise it is repeated from the new point. Boost.Math's
// inverse itself takes a beta shape below 40 (there Boost.Math's forward function without
// promotion to long double leaves its continued fraction for series whose absolute error
// reaches 1e-10 next to a large other shape, a = 22 and b ≈ 10^8, while its inverse still lands
// on the right root), a gamma shape below 10 (where the skewness makes the expansion poor and
// Boost's series are cheap anyway), a start outside the support and a step that has not
// converged after a few rounds. The tests in tests/cpp/interval_test.cpp (ExactInverse) check
// the agreement with Boost.Math over 10^6 random pairs and the edge counts.
//
// The beta forward function is no longer Boost.Math's ibeta: the same prefix and continued
// fraction, the density taken from the prefix, the fraction summed without divisions and, for
// the limits of proportion_limits, eight at a time in lock step (beta_quantile_batch,
// beta_fraction_lanes in exact_inverse.cpp). With it the fast path also takes shapes 10–40
// beside another shape ≤ 10^5 (see fast_beta_shapes). docs/exact-intervals.md §5.

#include "math_policy.hpp"

#include <boost/math/special_functions/beta.hpp>
#include <boost/math/special_functions/gamma.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <type_traits>
#include <utility>

namespace zhibiao::detail {

namespace exact_inverse {

/// Shape parameters from which the Cornish–Fisher start plus one step is used: both from 40,
/// or both from 10 when neither exceeds 10^5. Between 10 and 40 beside a larger other shape,
/// Boost.Math's own double inverse (the reference of the tests) drifts from the true quantile:
/// at Beta(19, 924396) it is 4 × 10^-12 from its long-double inverse, where this one agrees
/// with it to 2 × 10^-16 (a scan of shapes 10–39 against 10–4 × 10^5 found the double
/// reference within 1.4 × 10^-14 of ours up to 2 × 10^5, and beyond 10^-12 from 3.8 × 10^5).
inline constexpr double min_beta_shape = 40;
inline constexpr double min_small_beta_shape = 10;
inline constexpr double max_beside_small_shape = 1e5;

inline bool fast_beta_shapes(double a, double b) {
  const double lo = std::min(a, b), hi = std::max(a, b);
  return lo >= min_beta_shape || (lo >= min_small_beta_shape && hi <= max_beside_small_shape);
}
inline constexpr double min_gamma_shape = 10;
/// The largest accepted step, in standard deviations: the neglected terms are about ρ^6 σ.
inline constexpr double accept_rho = 3e-3;
inline constexpr int max_rounds = 4;

/// The Cornish–Fisher quantile μ + σ (z + γ1 He2(z)/6 + γ2 He3(z)/24 − γ1² (2z³ − 5z)/36).
inline double cornish_fisher(double mean, double sd, double skew, double kurt, double z) {
  const double z2 = z * z;
  const double w =
      z + skew * (z2 - 1) / 6 + kurt * z * (z2 - 3) / 24 - skew * skew * z * (2 * z2 - 5) / 36;
  return mean + sd * w;
}

/// The fifth-order Taylor step of the quantile function from x, given t = ε / f(x) and the
/// derivatives w, w1, w2, w3 of ln f at x; rho receives |t| max(|w|, √|w1|).
inline double taylor_step(double t, double w, double w1, double w2, double w3, double& rho) {
  const double q2 = -w;
  const double q3 = 2 * w * w - w1;
  const double q4 = -w2 + 7 * w * w1 - 6 * w * w * w;
  const double q5 = -w3 + 7 * w1 * w1 + 11 * w * w2 - 46 * w * w * w1 + 24 * w * w * w * w;
  rho = std::abs(t) * std::max(std::abs(w), std::sqrt(std::abs(w1)));
  return t * (1 + t * (q2 / 2 + t * (q3 / 6 + t * (q4 / 24 + t * q5 / 120))));
}

} // namespace exact_inverse

namespace exact_inverse {

using forwarding_policy =
    boost::math::policies::normalise<fast_policy, boost::math::policies::promote_float<false>,
                                     boost::math::policies::promote_double<false>,
                                     boost::math::policies::discrete_quantile<>,
                                     boost::math::policies::assert_undefined<>>::type;

/// The continued fraction of I_x(a, b) that Boost.Math's ibeta_fraction2 sums (DiDonato &
/// Morris 1992, eq. (2.13) of BFRAC), b0 + a1 / (b1 + a2 / (b2 + …)), but evaluated without a
/// division in the loop. Boost.Math's modified Lentz iteration takes four divisions a term, two
/// of them on the critical path, and a division's latency is what bounds it. Here the
/// equivalence transformation a_m → c_(m−1) c_m a_m, b_m → c_m b_m with c_m = (a + 2m − 1)
/// (a + 2m + 1) clears the denominators of the terms (a polynomial in m each), and the
/// numerators A_m and denominators B_m of the convergents follow the three-term recurrence
/// A_m = b_m A_(m−1) + a_m A_(m−2) (Wallis; Lorentzen & Waadeland 1992, §1.2), rescaled by a power
/// of two every four terms (the terms reach 10^50 at shapes of 10^10); the quotient is taken
/// every fourth term and the sum stops when it moves by less than 10^-16 relative. Returns NaN
/// if it does not settle in max_terms.
inline double beta_fraction(double a, double b, double x, double y) {
  constexpr int max_terms = 100000;
  const double q = a * y - b * x + 1;
  // Level 0 scaled by c_0 = (a − 1)(a + 1): A_0 = c_0 b_0, B_0 = c_0 with b_0 = a q / (a + 1).
  double a_prev = 1, b_prev = 0;
  double a_cur = (a - 1) * a * q, b_cur = (a - 1) * (a + 1);
  double f_old = a_cur / b_cur;
  const double xx = x * x, two_minus_x = 2 - x;
  for (int m = 1; m <= max_terms; m += 4) {
    for (int k = 0; k < 4; ++k) {
      const double mm = m + k;
      const double d1 = a + 2 * mm - 1, d2 = a + 2 * mm + 1;
      const double bm =
          mm * d1 * d2 + mm * (b - mm) * x * d2 + (a + mm) * (q + mm * two_minus_x) * d1;
      const double am =
          (a + 2 * mm - 3) * d2 * (a + mm - 1) * (a + b + mm - 1) * mm * (b - mm) * xx;
      const double a_next = bm * a_cur + am * a_prev;
      const double b_next = bm * b_cur + am * b_prev;
      a_prev = a_cur, b_prev = b_cur, a_cur = a_next, b_cur = b_next;
    }
    const double f = a_cur / b_cur;
    if (std::abs(f - f_old) <= 1e-16 * std::abs(f)) return f;
    f_old = f;
    const int e = std::ilogb(b_cur);
    a_prev = std::ldexp(a_prev, -e), b_prev = std::ldexp(b_prev, -e);
    a_cur = std::ldexp(a_cur, -e), b_cur = std::ldexp(b_cur, -e);
  }
  return std::numeric_limits<double>::quiet_NaN();
}

} // namespace exact_inverse

/// The lanes of beta_fraction_lanes and beta_expansion_lanes (src/exact_inverse.cpp): eight,
/// an AVX-512 register.
inline constexpr int beta_lanes = 8;

/// beta_fraction over beta_lanes independent (a, b, x, y) at once, in lock step (the
/// division-free recurrence vectorises across lanes; each lane stops contributing once its
/// quotient has settled, the loop once all have). out[l] is NaN where a lane did not settle.
void beta_fraction_lanes(const double* a, const double* b, const double* x, const double* y,
                         double* out) noexcept;

/// exact_inverse::beta_start of beta_lanes (a, b, z) at once, and exact_inverse::beta_step of
/// beta_lanes (a, b, ε, x, f): the scalar functions' arithmetic in a vectorised loop, so the
/// results are theirs bit for bit (division and square root are correctly rounded at every
/// width, and src/ is compiled without FMA contraction).
void beta_start_lanes(const double* a, const double* b, const double* z, double* x0) noexcept;
void beta_step_lanes(const double* a, const double* b, const double* eps, const double* x,
                     const double* f, double* next, double* rho) noexcept;

namespace exact_inverse {

/// Where Temme's uniform expansion replaces the continued fraction: both shapes from 100 and
/// λ = a − (a + b) x (≥ 0 after the choice of tail) at most a quarter of the smaller shape, i.e.
/// x within about √(min shape) / 4 standard deviations of the mean — 2.5 at shapes of 100 and
/// 25 at 10^4, beyond any confidence level the API takes once the shapes reach a few hundred.
/// There the series of beta_expansion_lanes settles to 10^-16 in at most 16 of its 20 terms
/// (measured on 10^5 random pairs, shapes 100–10^10); a lane that does not settle falls back to
/// the continued fraction. docs/exact-intervals.md §6.
inline constexpr double min_expansion_shape = 100;
inline constexpr double max_expansion_lambda = 0.25;

inline bool expansion_applies(double a, double b, double lambda) {
  const double lo = std::min(a, b);
  return lo >= min_expansion_shape && lambda >= 0 && lambda <= max_expansion_lambda * lo;
}

} // namespace exact_inverse

/// The smaller tail by Temme's uniform asymptotic expansion (Temme 1987, 1992; the form of
/// DiDonato & Morris 1992, BASYM), beta_lanes at a time: for each lane, a and b with
/// exact_inverse::expansion_applies(a, b, λ), λ = a − (a + b) x, tail[l] = I_x(a, b) and
/// prefix[l] = x^a (1 − x)^b / B(a, b). tail[l] is NaN where the series did not settle.
void beta_expansion_lanes(const double* a, const double* b, const double* lambda, double* tail,
                          double* prefix) noexcept;

/// I_x(a, b) (upper false) or 1 − I_x(a, b) (upper true) for a, b ≥ 10 and 0 < x < 1, with the
/// density x^(a−1) (1 − x)^(b−1) / B(a, b) in density; NaN if the continued fraction did not
/// settle. Boost.Math's ibeta_imp does the same for these shapes (its tail choice by the sign of
/// λ = a − (a + b) x, its prefix ibeta_power_terms, its continued fraction), but needs a second
/// evaluation of the prefix for ibeta_derivative and sums the fraction by Lentz's iteration.
/// Near the mean of two shapes ≥ 100 the expansion takes the place of both prefix and fraction,
/// as in beta_quantile_batch (one lane of beta_expansion_lanes: the same arithmetic, so a limit
/// does not depend on the path that computed it).
inline double ibeta_tail(double a, double b, double x, bool upper, double& density) {
  namespace ei = exact_inverse;
  double y = 1 - x;
  // λ with one rounding (std::fma): after the swap below it is −λ, exactly, for (b, a, 1 − x).
  double lambda = std::fma(-(a + b), x, a);
  if (lambda < 0) {
    std::swap(a, b);
    std::swap(x, y);
    upper = !upper;
    lambda = -lambda;
  }
  if (ei::expansion_applies(a, b, lambda)) {
    double la[beta_lanes], lb[beta_lanes], ll[beta_lanes], t[beta_lanes], pr[beta_lanes];
    for (int l = 0; l < beta_lanes; ++l) la[l] = a, lb[l] = b, ll[l] = lambda;
    beta_expansion_lanes(la, lb, ll, t, pr);
    if (std::isfinite(t[0])) {
      density = pr[0] / (x * y);
      return upper ? 1 - t[0] : t[0];
    }
  }
  using lanczos_type = boost::math::lanczos::lanczos<double, ei::forwarding_policy>::type;
  const double prefix = boost::math::detail::ibeta_power_terms(a, b, x, y, lanczos_type(), true,
                                                               ei::forwarding_policy());
  density = prefix / (x * y);
  if (prefix == 0) return upper ? 1.0 : 0.0;
  const double tail = prefix / ei::beta_fraction(a, b, x, y);
  return upper ? 1 - tail : tail;
}

namespace exact_inverse {

/// The Cornish–Fisher start of the Beta(a, b) quantile at the normal deviate z.
inline double beta_start(double a, double b, double z) {
  const double r = a + b;
  const double mean = a / r;
  const double sd = std::sqrt(a * b / (r + 1)) / r;
  const double skew = 2 * (b - a) * std::sqrt(r + 1) / ((r + 2) * std::sqrt(a * b));
  const double kurt =
      6 * ((a - b) * (a - b) * (r + 1) - a * b * (r + 2)) / (a * b * (r + 2) * (r + 3));
  return cornish_fisher(mean, sd, skew, kurt, z);
}

/// The residual of the step: ε = target − F(x) in the lower tail; for the upper target 1 − p
/// it is Q(x) − p, computed from the complement so that a small p keeps its digits. `tail` is
/// I_x (upper false) or 1 − I_x (upper true).
inline double beta_residual(double p, bool upper, double tail) {
  return upper ? tail - p : p - tail;
}

/// One fifth-order step from x for the residual eps and the density f: the new point; rho
/// receives the step's size in standard deviations, final when below accept_rho. Also the lane
/// arithmetic of beta_step_lanes, so that a batch and beta_rounds step alike.
inline double beta_step(double a, double b, double eps, double x, double f, double& rho) {
  const double am1 = a - 1, bm1 = b - 1;
  const double y = 1 - x;
  const double ix = 1 / x, iy = 1 / y;
  const double w = am1 * ix - bm1 * iy;
  const double w1 = -am1 * ix * ix - bm1 * iy * iy;
  const double w2 = 2 * (am1 * ix * ix * ix - bm1 * iy * iy * iy);
  const double w3 = -6 * (am1 * ix * ix * ix * ix + bm1 * iy * iy * iy * iy);
  return x + taylor_step(eps / f, w, w1, w2, w3, rho);
}

/// Rounds first_round … max_rounds − 1 of beta_quantile from the point x, then Boost.Math's
/// inverse if none was final.
inline double beta_rounds(double a, double b, double p, bool upper, double x, int first_round) {
  for (int round = first_round; round < max_rounds; ++round) {
    if (!(x > 0 && x < 1)) break;
    double f = 0;
    const double tail = ibeta_tail(a, b, x, upper, f);
    if (!std::isfinite(tail) || !(f > 0) || !std::isfinite(f)) break;
    double rho = 0;
    x = beta_step(a, b, beta_residual(p, upper, tail), x, f, rho);
    if (rho < accept_rho) {
      if (x > 0 && x < 1) return x;
      break;
    }
  }
  return upper ? boost::math::ibetac_inv(a, b, p, fast_policy())
               : boost::math::ibeta_inv(a, b, p, fast_policy());
}

} // namespace exact_inverse

/// x with I_x(a, b) = p (upper false: Boost.Math's ibeta_inv) or 1 − I_x(a, b) = p (upper true:
/// ibetac_inv); z is the standard normal quantile of the lower-tail target (Φ^-1(p), or
/// Φ^-1(1 − p) when upper), computed once per call by the caller. a, b > 0, 0 < p < 1.
inline double beta_quantile(double a, double b, double p, bool upper, double z) {
  namespace ei = exact_inverse;
  if (!ei::fast_beta_shapes(a, b))
    return upper ? boost::math::ibetac_inv(a, b, p, fast_policy())
                 : boost::math::ibeta_inv(a, b, p, fast_policy());
  return ei::beta_rounds(a, b, p, upper, ei::beta_start(a, b, z), 0);
}

/// One target of beta_quantile_batch: the arguments of beta_quantile and its result.
struct BetaTarget {
  double a, b, p, z;
  bool upper;
  double result;
};

/// beta_quantile for count ≤ beta_lanes targets: the starts, then the incomplete beta at all
/// of them — by the expansion (beta_expansion_lanes) near the mean of large shapes, by the
/// continued fraction (beta_fraction_lanes) elsewhere and where the expansion did not settle —
/// then each one's step; a target outside the fast path or whose first step is not final goes
/// through beta_quantile (which may call Boost.Math, and throw what it throws). The same
/// arithmetic as beta_quantile's first round (ibeta_tail), lane by lane.
inline void beta_quantile_batch(BetaTarget* t, int count) {
  namespace ei = exact_inverse;
  constexpr double nan = std::numeric_limits<double>::quiet_NaN();
  double la[beta_lanes], lb[beta_lanes], lx[beta_lanes], ly[beta_lanes], ll[beta_lanes];
  double tail[beta_lanes], prefix[beta_lanes], start[beta_lanes];
  bool flipped[beta_lanes], by_expansion[beta_lanes];
  int which[beta_lanes];
  int k = 0, expansions = 0;
  double sa[beta_lanes], sb[beta_lanes], sz[beta_lanes], x0[beta_lanes];
  for (int l = 0; l < beta_lanes; ++l) {
    const BetaTarget& g = t[l < count ? l : 0];
    sa[l] = g.a, sb[l] = g.b, sz[l] = g.z;
  }
  beta_start_lanes(sa, sb, sz, x0);
  for (int i = 0; i < count; ++i) {
    BetaTarget& g = t[i];
    if (!(ei::fast_beta_shapes(g.a, g.b) && x0[i] > 0 && x0[i] < 1)) {
      g.result = beta_quantile(g.a, g.b, g.p, g.upper, g.z);
      continue;
    }
    // ibeta_tail's choice of tail, lane by lane.
    double a = g.a, b = g.b, x = x0[i], y = 1 - x0[i];
    double lambda = std::fma(-(a + b), x, a);
    flipped[k] = lambda < 0;
    if (flipped[k]) std::swap(a, b), std::swap(x, y), lambda = -lambda;
    la[k] = a, lb[k] = b, lx[k] = x, ly[k] = y, ll[k] = lambda;
    by_expansion[k] = ei::expansion_applies(a, b, lambda);
    expansions += by_expansion[k];
    start[k] = x0[i];
    which[k++] = i;
  }
  if (k == 0) return;
  for (int j = k; j < beta_lanes; ++j) start[j] = start[0];
  // The expansion's lanes first, packed; a lane of it that did not settle joins the fraction's.
  if (expansions > 0) {
    double ea[beta_lanes], eb[beta_lanes], el[beta_lanes], et[beta_lanes], ep[beta_lanes];
    int slot[beta_lanes], e = 0;
    for (int j = 0; j < k; ++j)
      if (by_expansion[j]) ea[e] = la[j], eb[e] = lb[j], el[e] = ll[j], slot[e++] = j;
    for (int j = e; j < beta_lanes; ++j) ea[j] = ea[0], eb[j] = eb[0], el[j] = el[0];
    beta_expansion_lanes(ea, eb, el, et, ep);
    for (int j = 0; j < e; ++j) {
      const int s = slot[j];
      by_expansion[s] = std::isfinite(et[j]);
      tail[s] = et[j], prefix[s] = ep[j];
    }
  }
  double fa[beta_lanes], fb[beta_lanes], fx[beta_lanes], fy[beta_lanes], fr[beta_lanes];
  int slot[beta_lanes], m = 0;
  using lanczos_type = boost::math::lanczos::lanczos<double, ei::forwarding_policy>::type;
  for (int j = 0; j < k; ++j) {
    if (by_expansion[j]) continue;
    prefix[j] = boost::math::detail::ibeta_power_terms(la[j], lb[j], lx[j], ly[j], lanczos_type(),
                                                       true, ei::forwarding_policy());
    fa[m] = la[j], fb[m] = lb[j], fx[m] = lx[j], fy[m] = ly[j], slot[m++] = j;
  }
  if (m > 0) {
    for (int j = m; j < beta_lanes; ++j) fa[j] = fa[0], fb[j] = fb[0], fx[j] = fx[0], fy[j] = fy[0];
    beta_fraction_lanes(fa, fb, fx, fy, fr);
    for (int j = 0; j < m; ++j) {
      const int s = slot[j];
      tail[s] = prefix[s] == 0 ? 0.0 : prefix[s] / fr[j];
    }
  }
  // The steps, all lanes at once; a lane whose tail or density is unusable is not stepped.
  double ga[beta_lanes], gb[beta_lanes], eps[beta_lanes], gf[beta_lanes], next[beta_lanes],
      rho[beta_lanes];
  bool usable[beta_lanes];
  for (int j = 0; j < beta_lanes; ++j) {
    const int s = j < k ? j : 0;
    const BetaTarget& g = t[which[s]];
    const double f = prefix[s] / (lx[s] * ly[s]);
    const double tail_s = g.upper != flipped[s] ? 1 - tail[s] : tail[s];
    usable[j] = std::isfinite(tail_s) && f > 0 && std::isfinite(f);
    ga[j] = g.a, gb[j] = g.b, gf[j] = usable[j] ? f : 1;
    eps[j] = usable[j] ? ei::beta_residual(g.p, g.upper, tail_s) : 0;
  }
  beta_step_lanes(ga, gb, eps, start, gf, next, rho);
  for (int j = 0; j < k; ++j) {
    BetaTarget& g = t[which[j]];
    const double x = usable[j] ? next[j] : nan;
    // Not final: the next rounds from the stepped point (a point outside the support, or a
    // fraction that did not settle, goes to Boost.Math's inverse there).
    g.result = usable[j] && rho[j] < ei::accept_rho && x > 0 && x < 1
                   ? x
                   : ei::beta_rounds(g.a, g.b, g.p, g.upper, x, 1);
  }
}

/// Q(a, x) (upper) or P(a, x). Near the mean of a large a, Boost.Math's gamma_p / gamma_q use
/// Temme's uniform asymptotic expansion (Temme 1979; DiDonato & Morris 1986), but only after
/// its dispatcher has ruled out its large-x asymptotic series, which it picks for every x > 1000
/// above a and which then needs thousands of terms (4–70 µs at the upper quantile of a count of
/// 10^5–10^7, against 0.1 µs). The expansion is called directly in the region where
/// gamma_incomplete_imp itself would use it (a > 200 and ((x − a)/a)² < 20/a, or 20 < a ≤ 200
/// and |x − a|/a < 0.4); it returns the smaller tail, P below the mean and Q from it.
inline double gamma_tail(double a, double x, bool upper) {
  const double sigma = std::abs((x - a) / a);
  const bool temme = a > 200 ? sigma * sigma < 20 / a : a > 20 && sigma < 0.4;
  if (!temme)
    return upper ? boost::math::gamma_q(a, x, fast_policy())
                 : boost::math::gamma_p(a, x, fast_policy());
  const double t = boost::math::detail::igamma_temme_large(
      a, x, fast_policy(), static_cast<boost::integral_constant<int, 53> const*>(nullptr));
  const bool t_is_q = x >= a;
  return t_is_q == upper ? t : 1 - t;
}

/// x with P(a, x) = p (upper false: Boost.Math's gamma_p_inv) or Q(a, x) = p (upper true:
/// gamma_q_inv); z as for beta_quantile. a > 0, 0 < p < 1.
inline double gamma_quantile(double a, double p, bool upper, double z) {
  namespace ei = exact_inverse;
  const auto boost_inverse = [&] {
    return upper ? boost::math::gamma_q_inv(a, p, fast_policy())
                 : boost::math::gamma_p_inv(a, p, fast_policy());
  };
  if (!(a >= ei::min_gamma_shape)) return boost_inverse();
  // Gamma(a, 1): mean a, variance a, skewness 2/√a, excess kurtosis 6/a.
  const double sd = std::sqrt(a);
  double x = ei::cornish_fisher(a, sd, 2 / sd, 6 / a, z);
  const double am1 = a - 1;
  for (int round = 0; round < ei::max_rounds; ++round) {
    if (!(x > 0) || !std::isfinite(x)) break;
    const double eps = upper ? gamma_tail(a, x, true) - p : p - gamma_tail(a, x, false);
    const double f = boost::math::gamma_p_derivative(a, x, fast_policy());
    if (!(f > 0) || !std::isfinite(f)) break;
    const double ix = 1 / x;
    const double w = am1 * ix - 1;
    const double w1 = -am1 * ix * ix;
    const double w2 = 2 * am1 * ix * ix * ix;
    const double w3 = -6 * am1 * ix * ix * ix * ix;
    double rho = 0;
    const double step = ei::taylor_step(eps / f, w, w1, w2, w3, rho);
    x += step;
    if (rho < ei::accept_rho) {
      if (x > 0 && std::isfinite(x)) return x;
      break;
    }
  }
  return boost_inverse();
}

} // namespace zhibiao::detail
