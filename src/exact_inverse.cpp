// The vectorised continued fraction of the incomplete beta (src/exact_inverse.hpp,
// docs/exact-intervals.md §5).
#include "exact_inverse.hpp"

#include "zhibiao/detail/vector_clones.hpp"

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

} // namespace zhibiao::detail
