#pragma once
/// \file planning.hpp
/// Target planning: handing an upper level's target down to units so that the pooled result
/// meets it, and milestones from a baseline to a deadline.
///
///     // A district must reach 90 % 签约率 over 3 townships (denominators 1000, 2000, 3000; last
///     // year 850, 1700, 2400): Σ numerators must be ⌈0.9 × 6000⌉ = 5400 in integers.
///     auto plan = zhibiao::plan_targets({{"甲", 1000, 850}, {"乙", 2000, 1700}, {"丙", 3000,
///     2400}},
///                                       90, zhibiao::Unit::percent(),
///                                       {zhibiao::SplitMethod::population});
///     plan.total;          // 5400: pooled 5400 / 6000 = 90 %, exactly the target
///
/// Why a planner: the pooled rate of a district is Σ numerators / Σ denominators (never the mean
/// of its townships' rates, docs/aggregation.md), so giving every township "90 %" meets the
/// district's 90 % only when each one reaches it exactly, and rounding each township's count
/// separately can leave the sum a few persons short. The planner works in whole persons: the
/// district's count needed is computed exactly from the decimal target (no binary rounding),
/// the units' shares are solved for that total and rounded by largest remainders (Hamilton's
/// method) so that they add up to it exactly (docs/planning.md).
///
/// Thread safety: the functions keep no state between calls and may be called from any number of
/// threads at once; their results are plain values.
#include "zhibiao/export.hpp"
#include "zhibiao/unit.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace ZHIBIAO_API zhibiao {

/// How a parent target is shared among units (docs/planning.md §2).
enum class SplitMethod : std::uint8_t {
  /// Every unit the same rate (its share of the total count in proportion to its denominator,
  /// e.g. its population): n_i = s · d_i.
  population = 0,
  /// Every unit the same uplift in percentage points on last year: n_i = last_i + s · d_i.
  equal_uplift = 1,
  /// Every unit below the target closes the same share of its gap to it; units already above
  /// keep last year's count: n_i = last_i + s · max(0, T · d_i − last_i).
  close_gaps = 2,
};

/// "population", "equal_uplift", "close_gaps".
std::string_view to_string(SplitMethod method) noexcept;
/// The method a name stands for; zhibiao::invalid_input naming "method" for any other text.
SplitMethod parse_split_method(std::string_view text);

/// One unit to plan for: its denominator (the persons or births the rate is of) and last year's
/// numerator, both whole counts.
struct PlanUnit {
  std::string id;
  double denominator = 0;
  double last_year = 0;
};

struct PlanOptions {
  SplitMethod method = SplitMethod::population;
  /// No unit's target below last year's count (不低于上年): its floor is last_year.
  bool not_below_last_year = true;
  /// No unit's target above its denominator (a rate of at most 100 %).
  bool cap_at_denominator = true;
};

/// One unit's planned target.
struct UnitTarget {
  std::string id;
  std::int64_t count = 0;    ///< the numerator the unit must reach (whole persons)
  double rate = 0;           ///< count / denominator × the unit's multiplier
  double uplift = 0;         ///< rate − last year's rate, in the unit (percentage points)
  std::int64_t increase = 0; ///< count − last year's count
  bool at_floor = false;     ///< held at last year's count by the floor
  bool at_cap = false;       ///< held at its denominator by the cap
};

/// A plan: the units' targets, whose counts add up to `total`.
struct TargetPlan {
  std::vector<UnitTarget> units;
  std::int64_t required = 0; ///< ⌈target × Σ denominators⌉: the pooled count the target needs
  std::int64_t total = 0;    ///< Σ counts: `required`, or more when the floors alone exceed it
  double pooled_rate = 0;    ///< total / Σ denominators × multiplier: at least the target
};

/// Shares `target` (a rate in `unit`: 90 with Unit::percent() is 90 %) among `units` so that the
/// pooled rate Σ count / Σ denominator is at least the target with the smallest whole total,
/// by `options.method`, each unit held within its floor (last year, when not_below_last_year)
/// and cap (its denominator, when cap_at_denominator). The required total is exact: the target
/// is read as the decimal it prints as (Decimal::from_double) and ⌈target × D / multiplier⌉ is
/// computed in integers. When the floors alone exceed it, every unit stays at its floor and
/// `total` > `required`. Throws zhibiao::invalid_input naming the unit ("units[2].denominator")
/// for a denominator that is not a whole number > 0, a last year's count that is not a whole
/// number in [0, denominator], a duplicate id; naming "target" for a negative or non-finite
/// target, or one the caps cannot reach (every unit at 100 % gives less); naming "units" for
/// no units.
TargetPlan plan_targets(const std::vector<PlanUnit>& units, double target, const Unit& unit,
                        const PlanOptions& options = {});

/// What a unit still needs each remaining month to reach its planned count:
/// ⌈max(0, target − done) / months_left⌉ whole persons (a unit at 412 of 600 with 4 months left
/// needs ⌈188 / 4⌉ = 47 a month). Throws zhibiao::invalid_input naming "done" (negative or not
/// finite) or "months_left" (< 1).
std::int64_t monthly_need(std::int64_t target, double done, std::int64_t months_left);

/// One step of a path from a baseline to a target.
struct PlanStep {
  int step = 0;     ///< 1 … steps
  double value = 0; ///< the value to reach by the end of the step, in the target's unit
};

/// Evenly spaced milestones from `baseline` to `target` over `steps` steps (三年内达到80%以上 from
/// 62 % as 3 yearly steps: 68, 74, 80), the last one exactly the target, each rounded half up
/// to `decimals` (see decimal.hpp) and never past the target in its direction. Throws
/// zhibiao::invalid_input naming "steps" (< 1 or > 1200), "decimals" (outside [0, 6]) or the
/// value that is not finite.
std::vector<PlanStep> plan_milestones(double baseline, double target, int steps, int decimals = 2);

} // namespace zhibiao
