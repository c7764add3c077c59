// The incomplete beta in lock step over lanes: the continued fraction (src/exact_inverse.hpp,
// docs/exact-intervals.md §5) and Temme's uniform expansion for large shapes (§6).
#include "exact_inverse.hpp"

#include "zhibiao/detail/vector_clones.hpp"

#include <array>

namespace zhibiao::detail {

// The loops over lanes have no dependence between lanes and a fixed trip count, so GCC turns
// each into vector instructions of the clone's width (x86-64-v4: one AVX-512 register).
ZHIBIAO_VECTOR_CLONES
void beta_fraction_lanes(const double* __restrict a, const double* __restrict b,
                         const double* __restrict x, const double* __restrict y,
                         double* __restrict out) noexcept {
  constexpr int w = beta_lanes;
  constexpr int max_terms = 100000;
  double q[w], xx[w], tmx[w], ap[w], bp[w], ac[w], bc[w], old[w];
  bool done[w];
  for (int l = 0; l < w; ++l) {
    // beta_fraction's level 0, scaled by c_0 = (a − 1)(a + 1).
    q[l] = a[l] * y[l] - b[l] * x[l] + 1;
    xx[l] = x[l] * x[l];
    tmx[l] = 2 - x[l];
    ap[l] = 1, bp[l] = 0;
    ac[l] = (a[l] - 1) * a[l] * q[l];
    bc[l] = (a[l] - 1) * (a[l] + 1);
    old[l] = ac[l] / bc[l];
    done[l] = false;
  }
  for (int m = 1; m <= max_terms; m += 4) {
    for (int k = 0; k < 4; ++k) {
      const double mm = m + k;
      for (int l = 0; l < w; ++l) {
        const double d1 = a[l] + 2 * mm - 1, d2 = a[l] + 2 * mm + 1;
        const double bm =
            mm * d1 * d2 + mm * (b[l] - mm) * x[l] * d2 + (a[l] + mm) * (q[l] + mm * tmx[l]) * d1;
        const double am = (a[l] + 2 * mm - 3) * d2 * (a[l] + mm - 1) * (a[l] + b[l] + mm - 1) * mm *
                          (b[l] - mm) * xx[l];
        const double an = bm * ac[l] + am * ap[l];
        const double bn = bm * bc[l] + am * bp[l];
        ap[l] = ac[l], bp[l] = bc[l], ac[l] = an, bc[l] = bn;
      }
    }
    int settled = 0;
    for (int l = 0; l < w; ++l) {
      // Rescale by 1 / B_m (the convergents are unchanged; the terms reach 10^50 a step).
      const double s = 1 / bc[l];
      const double f = ac[l] * s;
      ap[l] *= s, bp[l] *= s, ac[l] = f, bc[l] = 1;
      // A NaN quotient counts as settled (out NaN: the caller falls back).
      const bool now = !(std::abs(f - old[l]) > 1e-16 * std::abs(f));
      if (now && !done[l]) out[l] = f;
      done[l] = done[l] || now;
      settled += done[l];
      old[l] = f;
    }
    if (settled == w) return;
  }
  for (int l = 0; l < w; ++l)
    if (!done[l]) out[l] = std::numeric_limits<double>::quiet_NaN();
}

ZHIBIAO_VECTOR_CLONES
void beta_start_lanes(const double* __restrict a, const double* __restrict b,
                      const double* __restrict z, double* __restrict x0) noexcept {
  for (int l = 0; l < beta_lanes; ++l) x0[l] = exact_inverse::beta_start(a[l], b[l], z[l]);
}

ZHIBIAO_VECTOR_CLONES
void beta_step_lanes(const double* __restrict a, const double* __restrict b,
                     const double* __restrict eps, const double* __restrict x,
                     const double* __restrict f, double* __restrict next,
                     double* __restrict rho) noexcept {
  for (int l = 0; l < beta_lanes; ++l)
    next[l] = exact_inverse::beta_step(a[l], b[l], eps[l], x[l], f[l], rho[l]);
}

namespace {

// --- Temme's uniform expansion (docs/exact-intervals.md §6) -----------------------------------
//
// For large a and b and x near the mean, Temme (1987) writes I_x(a, b) as an incomplete Laplace
// integral and expands it uniformly in the distance from the mean. In the form of DiDonato &
// Morris (1992, BASYM), with λ = a − (a + b) x ≥ 0, s the smaller shape, h = s / max(a, b) ≤ 1
// and w0 = 1 / √(s (1 + h)):
//
//   f = a φ(−λ/a) + b φ(λ/b),  φ(u) = u − ln(1 + u)        (the "deviance", f ≥ 0)
//   I_x(a, b) = (2/√π) e^(−Δ) e^(−f) Σ_k d_k(h) w0^k J_k(√f),
//
// Δ = δ(a) + δ(b) − δ(a + b) with δ the remainder of Stirling's series for ln Γ, J_k the
// integrals ∫ t^k e^(−t²) dt from √f to ∞ (scaled), which follow J_k = (k − 1)/2 J_(k−2) +
// (√f)^(k−1) / 2 from J_0 = (√π/2) erfc(√f) and J_1 = e^(−f) / 2, and d_k the coefficients of
// the series that maps the integral onto the Gaussian one. The terms shrink like (√f w0)^k, so
// near the mean, where f is about z²/2 for z standard deviations, a few terms of the series
// give double precision once the shapes are in the hundreds.
//
// DiDonato & Morris compute the d_k at every call by nested power-series recurrences (the
// coefficients a_k of the map, their powers by J. C. P. Miller's formula, the reciprocal
// series), O(K³) operations for K terms. Every one of these is a polynomial in h of degree k,
// with rational coefficients: the odd a_k carry the sign of b − a, so for a ≥ b the odd d_k
// change sign and the polynomials are those of a < b. Here the same recurrences run once, at
// compile time, on polynomials in h (expansion_table), and a call evaluates each d_k(h) by
// Horner's rule: O(K²), in lock step over the lanes. The polynomials' coefficients are below 1
// in magnitude and of one sign within most d_k (the first ones: d_1 = (1 − h)/3,
// d_2 = (1 + h + h²)/12), so for 0 < h ≤ 1 Horner's rule loses nothing.

constexpr int expansion_terms = 20; // the highest k; even

// Built in long double (64-bit significands), so that the recurrences' rounding stays below
// the doubles the table keeps.
struct Polynomial {
  std::array<long double, expansion_terms + 2> c{};
};

// p (of degree dp) times q (of degree dq), and p + s q.
constexpr Polynomial times(const Polynomial& p, int dp, const Polynomial& q, int dq) {
  Polynomial r;
  for (int i = 0; i <= dp; ++i)
    for (int j = 0; j <= dq; ++j) r.c[i + j] += p.c[i] * q.c[j];
  return r;
}
constexpr Polynomial plus(Polynomial p, const Polynomial& q, long double s) {
  for (std::size_t i = 0; i < p.c.size(); ++i) p.c[i] += s * q.c[i];
  return p;
}

struct ExpansionTable {
  // d[k][i], the coefficient of h^i in d_k (degree k), k = 1 … expansion_terms + 1.
  std::array<std::array<double, expansion_terms + 2>, expansion_terms + 2> d{};
};

constexpr ExpansionTable expansion_table() {
  constexpr int top = expansion_terms + 1;
  std::array<Polynomial, top + 1> a{}, c{};
  // The coefficients of the map for a < b: a_1 = 2 (1 − h)/3 and, for even k,
  // a_k = 2 (1 + h^(k+1)) / ((1 + h)(k + 2)) = 2 (1 − h + h² − … + h^k) / (k + 2) and
  // a_(k+1) = 2 (1 − h)(1 + h² + … + h^k) / (k + 3) = 2 (1 − h + h² − … − h^(k+1)) / (k + 3).
  a[1].c[0] = 2.0L / 3, a[1].c[1] = -2.0L / 3;
  for (int k = 2; k < top; k += 2) {
    for (int i = 0; i <= k; ++i) a[k].c[i] = (i % 2 ? -2.0L : 2.0L) / (k + 2);
    for (int i = 0; i <= k + 1; ++i) a[k + 1].c[i] = (i % 2 ? -2.0L : 2.0L) / (k + 3);
  }
  std::array<Polynomial, top + 1> d{};
  for (int i = 1; i <= top; ++i) {
    // e = the coefficients of (1 + Σ a_k s^k)^r, r = −(i + 1)/2 (Miller's recurrence); the i-th,
    // over i + 1, is c_i (Lagrange's inversion); d is the reciprocal series of 1 + Σ c_k s^k.
    const long double r = -0.5L * (i + 1);
    std::array<Polynomial, top + 1> e{};
    e[1] = plus(Polynomial{}, a[1], r);
    for (int m = 2; m <= i; ++m) {
      Polynomial sum{};
      for (int j = 1; j < m; ++j) sum = plus(sum, times(a[j], j, e[m - j], m - j), j * r - (m - j));
      e[m] = plus(plus(Polynomial{}, a[m], r), sum, 1.0L / m);
    }
    c[i] = plus(Polynomial{}, e[i], 1.0L / (i + 1));
    Polynomial sum = c[i];
    for (int j = 1; j < i; ++j) sum = plus(sum, times(d[i - j], i - j, c[j], j), 1.0L);
    d[i] = plus(Polynomial{}, sum, -1.0L);
  }
  ExpansionTable t{};
  for (int i = 1; i <= top; ++i)
    for (int k = 0; k <= i; ++k) t.d[i][k] = static_cast<double>(d[i].c[k]);
  return t;
}

constexpr ExpansionTable expansion = expansion_table();
// The first two against their closed forms (d_1 = (1 − h)/3, d_2 = (1 + h + h²)/12), to rounding.
constexpr bool near(double x, double y) { return (x > y ? x - y : y - x) <= 1.5e-17; }
static_assert(near(expansion.d[1][0], 1.0 / 3) && near(expansion.d[1][1], -1.0 / 3));
static_assert(near(expansion.d[2][0], 1.0 / 12) && near(expansion.d[2][1], 1.0 / 12) &&
              near(expansion.d[2][2], 1.0 / 12));

} // namespace

ZHIBIAO_VECTOR_CLONES
void beta_expansion_lanes(const double* __restrict a, const double* __restrict b,
                          const double* __restrict lambda, double* __restrict tail,
                          double* __restrict prefix) noexcept {
  constexpr int w = beta_lanes;
  constexpr double pi = 3.14159265358979323846;
  constexpr double sqrt_pi = 1.77245385090551602730;
  constexpr double e1 = 0.35355339059327376220; // 2^(−3/2)
  double h[w], w0[w], sign[w], f[w], t[w], u[w], j0[w], j1[w], sum[w], pw[w], znm1[w], zn[w];
  double z2[w];
  bool done[w];
  for (int l = 0; l < w; ++l) {
    const bool a_smaller = a[l] < b[l];
    const double lo = a_smaller ? a[l] : b[l], hi = a_smaller ? b[l] : a[l];
    h[l] = lo / hi;
    w0[l] = 1 / std::sqrt(lo * (1 + h[l]));
    sign[l] = a_smaller ? 1.0 : -1.0;
    // φ(u) = u − ln(1 + u) without the cancellation: with v = u / (2 + u),
    // ln(1 + u) = 2 artanh(v) = 2 (v + v³/3 + v⁵/5 + …) and u − 2v = u v, so
    // φ(u) = u v − 2 v (v²/3 + v⁴/5 + …); |u| ≤ 1/4 gives v² ≤ 1/49, and twelve terms reach
    // 10^-20 of the sum.
    double phi[2];
    const double us[2] = {-lambda[l] / a[l], lambda[l] / b[l]};
    for (int side = 0; side < 2; ++side) {
      const double uu = us[side], v = uu / (2 + uu), v2 = v * v;
      double s = 0;
      for (int k = 12; k >= 1; --k) s = (s + 1.0 / (2 * k + 1)) * v2;
      phi[side] = uu * v - 2 * v * s;
    }
    f[l] = a[l] * phi[0] + b[l] * phi[1];
    // Δ = δ(a) + δ(b) − δ(a + b), δ(s) = 1/(12 s) − 1/(360 s³) + 1/(1260 s⁵) − 1/(1680 s⁷) +
    // 1/(1188 s⁹) (Stirling's series; at s ≥ 100 the next term is below 10^-24), and e^(−Δ)
    // by its Taylor series: |Δ| < 1/1200, so six terms leave less than 10^-24.
    double delta = 0;
    const double ss[3] = {a[l], b[l], a[l] + b[l]};
    for (int side = 0; side < 3; ++side) {
      const double r = 1 / ss[side], r2 = r * r;
      const double d =
          r *
          (1.0 / 12 - r2 * (1.0 / 360 - r2 * (1.0 / 1260 - r2 * (1.0 / 1680 - r2 * (1.0 / 1188)))));
      delta += side < 2 ? d : -d;
    }
    double ex = 1;
    for (int k = 6; k >= 1; --k) ex = 1 - delta * ex / k;
    u[l] = ex;
  }
  // The library's exp and erfc, lane by lane (libm's have no vector form without -ffast-math).
  for (int l = 0; l < w; ++l) {
    t[l] = std::exp(-f[l]);
    j0[l] = sqrt_pi / 4 * std::erfc(std::sqrt(f[l])); // e^(−f) J_0 / … scaled, as J_1 below
  }
  for (int l = 0; l < w; ++l) {
    // x^a y^b / B(a, b) = √(a b / (2π (a + b))) e^(−f) e^(−Δ) (Stirling's formula for B(a, b),
    // with x = (a − λ)/(a + b), y = (b + λ)/(a + b)): the same factors as the expansion.
    prefix[l] = std::sqrt(a[l] * b[l] / (2 * pi * (a[l] + b[l]))) * t[l] * u[l];
    // Every J_k carries the factor e^(−f) (so that none overflows where f is large).
    j1[l] = e1 * t[l];
    sum[l] = j0[l] + sign[l] * (expansion.d[1][0] + expansion.d[1][1] * h[l]) * w0[l] * j1[l];
    z2[l] = 2 * f[l];
    znm1[l] = std::sqrt(z2[l]) * t[l];
    zn[l] = z2[l] * t[l];
    pw[l] = w0[l];
    done[l] = false;
    tail[l] = std::numeric_limits<double>::quiet_NaN();
  }
  for (int k = 2; k <= expansion_terms; k += 2) {
    const auto& de = expansion.d[k];
    const auto& dd = expansion.d[k + 1];
    double he[w], ho[w];
    for (int l = 0; l < w; ++l) he[l] = de[k], ho[l] = dd[k + 1] * h[l] + dd[k];
    for (int i = k - 1; i >= 0; --i)
      for (int l = 0; l < w; ++l) he[l] = he[l] * h[l] + de[i], ho[l] = ho[l] * h[l] + dd[i];
    int settled = 0;
    for (int l = 0; l < w; ++l) {
      j0[l] = e1 * znm1[l] + (k - 1) * j0[l];
      j1[l] = e1 * zn[l] + k * j1[l];
      znm1[l] *= z2[l], zn[l] *= z2[l];
      pw[l] *= w0[l];
      const double t0 = he[l] * pw[l] * j0[l];
      pw[l] *= w0[l];
      const double t1 = sign[l] * ho[l] * pw[l] * j1[l];
      sum[l] += t0 + t1;
      const bool now = std::abs(t0) + std::abs(t1) <= 1e-16 * sum[l];
      // The first settled sum is the lane's, whatever the other lanes still need.
      if (now && !done[l]) tail[l] = 2 / sqrt_pi * u[l] * sum[l];
      done[l] = done[l] || now;
      settled += done[l];
    }
    if (settled == w) return;
  }
}

} // namespace zhibiao::detail
