#include "zhibiao/planning.hpp"

#include "zhibiao/decimal.hpp"
#include "zhibiao/error.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <set>

namespace zhibiao {

std::string_view to_string(SplitMethod method) noexcept {
  switch (method) {
  case SplitMethod::population: return "population";
  case SplitMethod::equal_uplift: return "equal_uplift";
  case SplitMethod::close_gaps: return "close_gaps";
  }
  return "population";
}

SplitMethod parse_split_method(std::string_view text) {
  for (auto m : {SplitMethod::population, SplitMethod::equal_uplift, SplitMethod::close_gaps})
    if (text == to_string(m)) return m;
  throw invalid_input("method", "expected population, equal_uplift or close_gaps, got '" +
                                    std::string(text) + "'");
}

namespace {

__extension__ typedef __int128 i128; // exact products of a coefficient and a sum of counts

// Counts are whole numbers held in doubles by the callers (a DataFrame column): beyond 2^53 a
// double no longer holds every integer, so larger counts are refused rather than misread.
constexpr double max_count = 9007199254740992.0; // 2^53

std::int64_t whole_count(double v, const std::string& field, bool positive) {
  if (!std::isfinite(v) || v != std::floor(v) || v < (positive ? 1 : 0) || v > max_count)
    throw invalid_input(field, std::string("must be a whole number ") + (positive ? "> 0" : "≥ 0") +
                                   " (a count of persons), got " +
                                   Decimal::from_double(std::isfinite(v) ? v : 0).to_string() +
                                   (std::isfinite(v) ? "" : " (not finite)"));
  return static_cast<std::int64_t>(v);
}

// ⌈target / multiplier × D⌉ in integers: the target as the decimal it prints as, c × 10^e.
std::int64_t required_count(double target, const Unit& unit, std::int64_t denominators) {
  const Decimal t = Decimal::from_double(target);
  i128 num = static_cast<i128>(t.coefficient()) * denominators;
  i128 den = unit.integer_multiplier();
  const i128 limit = static_cast<i128>(std::numeric_limits<std::int64_t>::max());
  for (int e = t.exponent(); e > 0; --e) {
    num *= 10;
    if (num > limit * den) throw invalid_input("target", "the count it needs overflows");
  }
  for (int e = t.exponent(); e < 0; ++e) den *= 10;
  const i128 n = (num + den - 1) / den; // num ≥ 0: ceiling division
  if (n > limit) throw invalid_input("target", "the count it needs overflows");
  return static_cast<std::int64_t>(n);
}

} // namespace

TargetPlan plan_targets(const std::vector<PlanUnit>& units, double target, const Unit& unit,
                        const PlanOptions& options) {
  if (units.empty()) throw invalid_input("units", "no units to plan for");
  if (!std::isfinite(target) || target < 0)
    throw invalid_input("target", "must be a finite rate ≥ 0");
  const std::size_t k = units.size();
  std::vector<std::int64_t> d(k), last(k), lo(k), hi(k);
  std::set<std::string> seen;
  std::int64_t total_d = 0, total_hi = 0, total_lo = 0;
  for (std::size_t i = 0; i < k; ++i) {
    const std::string at = "units[" + std::to_string(i) + "]";
    if (!seen.insert(units[i].id).second)
      throw invalid_input(at + ".id", "duplicate unit id '" + units[i].id + "'");
    d[i] = whole_count(units[i].denominator, at + ".denominator", true);
    last[i] = whole_count(units[i].last_year, at + ".last_year", false);
    if (last[i] > d[i])
      throw invalid_input(at + ".last_year", "above its denominator (" + std::to_string(last[i]) +
                                                 " of " + std::to_string(d[i]) + ")");
    lo[i] = options.not_below_last_year ? last[i] : 0;
    // Without the cap a unit may be asked for more than its denominator (a rate above 100 %, as a
    // quota of services may be); the sum then stays far below overflow for counts ≤ 2^53.
    hi[i] = options.cap_at_denominator ? d[i] : std::numeric_limits<std::int64_t>::max() / 4096;
    total_d += d[i];
    total_lo += lo[i];
    total_hi =
        std::min<std::int64_t>(total_hi + hi[i], std::numeric_limits<std::int64_t>::max() / 2);
  }
  const double multiplier = unit.multiplier();
  TargetPlan plan;
  plan.required = required_count(target, unit, total_d);
  if (plan.required > total_hi)
    throw invalid_input(
        "target", "cannot be met: every unit at its denominator gives " +
                      Decimal::from_double(multiplier).to_string() + " at most, the target needs " +
                      std::to_string(plan.required) + " of " + std::to_string(total_d));
  const double fraction = target / multiplier;

  // Each unit's planned count as a function of one level s, g_i(s), clamped to [lo_i, hi_i]: the
  // sum is continuous and non-decreasing in s, so bisection finds the level whose sum is the
  // required total (docs/planning.md §2).
  const auto g = [&](std::size_t i, double s) {
    const double di = static_cast<double>(d[i]), li = static_cast<double>(last[i]);
    double x = 0;
    switch (options.method) {
    case SplitMethod::population: x = s * di; break;
    case SplitMethod::equal_uplift: x = li + s * di; break;
    case SplitMethod::close_gaps: x = li + s * std::max(0.0, fraction * di - li); break;
    }
    return std::clamp(x, static_cast<double>(lo[i]), static_cast<double>(hi[i]));
  };
  const auto sum = [&](double s) {
    long double t = 0;
    for (std::size_t i = 0; i < k; ++i) t += g(i, s);
    return t;
  };
  std::vector<double> x(k);
  std::vector<std::int64_t> n(k);
  const auto need = static_cast<long double>(plan.required);
  if (total_lo >= plan.required) {
    // The floors alone meet the target: every unit keeps last year's count.
    for (std::size_t i = 0; i < k; ++i) x[i] = static_cast<double>(n[i] = lo[i]);
  } else {
    double s_lo = options.method == SplitMethod::equal_uplift ? -1.0 : 0.0, s_hi = 1.0;
    for (int i = 0; i < 200 && sum(s_hi) < need; ++i) s_hi *= 2;
    if (sum(s_hi) < need) {
      // close_gaps cannot go past every gap closed (s = 1) when the caps or floors bind.
      throw invalid_input("target", "cannot be met by closing the units' gaps; use population or "
                                    "equal_uplift");
    }
    for (int i = 0; i < 200 && s_hi - s_lo > 0; ++i) {
      const double mid = s_lo + (s_hi - s_lo) / 2;
      if (mid <= s_lo || mid >= s_hi) break;
      (sum(mid) >= need ? s_hi : s_lo) = mid;
    }
    // Largest remainders (Hamilton): whole counts under the real shares at s_hi (whose sum is at
    // least the total, by less than one), then one more to the units with the largest fractions
    // until the total is reached exactly.
    std::int64_t assigned = 0;
    for (std::size_t i = 0; i < k; ++i) {
      x[i] = g(i, s_hi);
      n[i] = std::clamp(static_cast<std::int64_t>(std::floor(x[i])), lo[i], hi[i]);
      assigned += n[i];
    }
    std::vector<std::size_t> order(k);
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
      return x[a] - static_cast<double>(n[a]) > x[b] - static_cast<double>(n[b]);
    });
    for (std::size_t r = 0; assigned < plan.required; r = (r + 1) % k) {
      const std::size_t i = order[r];
      if (n[i] < hi[i]) {
        ++n[i];
        ++assigned;
      }
    }
  }
  plan.total = 0;
  plan.units.reserve(k);
  for (std::size_t i = 0; i < k; ++i) {
    UnitTarget u;
    u.id = units[i].id;
    u.count = n[i];
    u.rate = static_cast<double>(n[i]) / static_cast<double>(d[i]) * multiplier;
    u.uplift = u.rate - static_cast<double>(last[i]) / static_cast<double>(d[i]) * multiplier;
    u.increase = n[i] - last[i];
    u.at_floor = options.not_below_last_year && n[i] == lo[i] && x[i] <= static_cast<double>(lo[i]);
    u.at_cap = options.cap_at_denominator && n[i] == hi[i] && x[i] >= static_cast<double>(hi[i]);
    plan.total += n[i];
    plan.units.push_back(std::move(u));
  }
  plan.pooled_rate = static_cast<double>(plan.total) / static_cast<double>(total_d) * multiplier;
  return plan;
}

std::int64_t monthly_need(std::int64_t target, double done, std::int64_t months_left) {
  if (!std::isfinite(done) || done < 0) throw invalid_input("done", "must be a finite count ≥ 0");
  if (months_left < 1) throw invalid_input("months_left", "must be at least 1");
  const double left = static_cast<double>(target) - done;
  if (left <= 0) return 0;
  // Whole counts in integers (exact for any count); a fractional count done (an average of
  // reports) in floating point, where a whole quotient stays whole.
  if (done == std::floor(done) && done < 9.0e18) {
    const std::int64_t rest = target - static_cast<std::int64_t>(done);
    return rest / months_left + (rest % months_left != 0);
  }
  return static_cast<std::int64_t>(std::ceil(left / static_cast<double>(months_left)));
}

std::vector<PlanStep> plan_milestones(double baseline, double target, int steps, int decimals) {
  if (!std::isfinite(baseline)) throw invalid_input("baseline", "must be a finite number");
  if (!std::isfinite(target)) throw invalid_input("target", "must be a finite number");
  if (steps < 1 || steps > 1200)
    throw invalid_input("steps", "must be from 1 to 1200, got " + std::to_string(steps));
  if (decimals < 0 || decimals > 6)
    throw invalid_input("decimals", "must be from 0 to 6, got " + std::to_string(decimals));
  std::vector<PlanStep> out;
  out.reserve(static_cast<std::size_t>(steps));
  const double lo = std::min(baseline, target), hi = std::max(baseline, target);
  for (int k = 1; k <= steps; ++k) {
    double v = target;
    if (k < steps) {
      // Evenly spaced, rounded half up as a report prints it, and never past the target.
      v = baseline + (target - baseline) * k / steps;
      v = std::clamp(Decimal::from_double(v).round_half_up(decimals).to_double(), lo, hi);
    }
    out.push_back({k, v});
  }
  return out;
}

} // namespace zhibiao
