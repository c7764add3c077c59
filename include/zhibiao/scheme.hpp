#pragma once
/// \file scheme.hpp
/// Assessment schemes (考核细则, 绩效考核): a city scores its districts, a county its townships
/// and hospitals, item by item, then grades and ranks them (docs/schemes.md).
///
///     auto scheme = zhibiao::scheme_from_json(text);        // items, points, rules, grades
///     zhibiao::validate(scheme, zhibiao::Catalog::builtin());
///     zhibiao::SchemeData data = zhibiao::roll_up(tree, reporting, {district_a, district_b});
///     auto scores = zhibiao::score(scheme, zhibiao::Catalog::builtin(), data);
///     scores.units[0].total;          // 87.5
///     scores.units[0].grade;          // "良好"
///     scores.units[0].rank;           // 1 (competition ranking: 1, 2, 2, 4)
///     scores.units[0].items[2].reason_zh;  // "未达到目标≥90%（实际85.00%），按比例得4.72分"
///
/// A unit's items are computed from its own pooled counts (Σ numerators / Σ denominators over its
/// subtree, roll_up() or score_units() over a cube), never by averaging sub-units' scores.
///
/// Thread safety: Scheme and the results are values; score() keeps no state between calls.

#include "zhibiao/export.hpp"
#include "zhibiao/indicator.hpp"
#include "zhibiao/period.hpp"
#include "zhibiao/target.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ZHIBIAO_API zhibiao {

class DataCube;
class OrgUnitTree;

/// How an item turns its value into points (docs/schemes.md §2).
enum class ScoreRule : std::uint8_t {
  all_or_nothing = 0, ///< points when the target is reached, else 0
  proportional = 1,   ///< points × min(value / target, 1); lower is better: min(target / value, 1)
  deduction = 2,      ///< points − per_unit × shortfall, not below `floor`
  bonus = 3,          ///< extra points: `points` when reached, or per_unit per unit beyond, capped
  veto = 4,           ///< 一票否决: no points; when missed the unit's total is capped or zeroed
};
/// "all_or_nothing", "proportional", "deduction", "bonus", "veto".
std::string_view to_string(ScoreRule rule) noexcept;
/// The names of to_string; throws zhibiao::invalid_input naming "rule" for any other.
ScoreRule parse_score_rule(std::string_view text);

/// What a missed veto item does to the total.
enum class VetoEffect : std::uint8_t {
  none = 0, ///< not set: an error for a veto item
  cap = 1,  ///< the total is at most `cap_total` (or the minimum of grade `cap_grade`)
  zero = 2, ///< the total is 0
};
std::string_view to_string(VetoEffect effect) noexcept;
VetoEffect parse_veto_effect(std::string_view text);

/// One item of a scheme.
struct SchemeItem {
  std::string id = {};        ///< unique within the scheme
  std::string indicator = {}; ///< Indicator::id in the catalog
  std::string name = {};      ///< display name; the indicator's Chinese name when empty
  double points = 0;          ///< full marks (for bonus: the item's cap)
  ScoreRule rule = ScoreRule::all_or_nothing;
  /// The target, in the indicator's unit (a count target has count_unit set or a ratio unit).
  /// Ignored when `quota` is set.
  std::optional<Threshold> target = std::nullopt;
  /// A cumulative count to reach in its period (任务数): the target is ≥ amount, pro-rated by the
  /// elapsed share of the period (序时进度) when the scores are asked for at an as-of date.
  std::optional<Quota> quota = std::nullopt;
  /// deduction: points off per unit of shortfall (percentage point, ‰ point, case);
  /// bonus: points per unit beyond the target (0: all `points` when reached).
  double per_unit = 0;
  double floor = 0;  ///< deduction: the least the item can score
  double weight = 1; ///< the item's score is multiplied by it (full marks weight × points)
  VetoEffect veto = VetoEffect::none;
  std::optional<double> cap_total = std::nullopt; ///< veto cap: the total's ceiling
  std::string cap_grade = {}; ///< veto cap: the ceiling is this grade's lower bound
};

/// A grade and the least total that earns it.
struct Grade {
  std::string name;
  double min_total;
};

struct Scheme {
  std::string name = {};
  std::vector<SchemeItem> items = {};
  /// Highest first, each lower bound strictly below the one before. A total below the last is
  /// `fail_grade`. Default: 优秀 ≥ 90, 良好 ≥ 80, 合格 ≥ 60.
  std::vector<Grade> grades = {{"优秀", 90}, {"良好", 80}, {"合格", 60}};
  std::string fail_grade = "不合格";
  /// The declared full marks: when set, Σ weight × points over the items that are neither bonus
  /// nor veto must equal it.
  std::optional<double> total = std::nullopt;
  /// Σ of the bonus items is capped at this (none: only each item's own cap).
  std::optional<double> bonus_cap = std::nullopt;
  int decimals = 2; ///< totals are rounded half up to these decimals before grading and ranking
};

/// Checks a scheme against a catalog; throws zhibiao::invalid_input naming the item
/// ("items[2] (mmr).points") for an unknown indicator, negative or non-finite points, weight,
/// per_unit or floor, a missing target, a target with no direction for proportional credit, a
/// duplicate item id, a veto item without an effect (or a cap without a ceiling), an unknown
/// cap_grade; and naming "grades" for bounds not strictly decreasing, "total" for points that
/// do not add up to the declared total.
void validate(const Scheme& scheme, const Catalog& catalog);

/// Each unit's counts for each item of a scheme: numerator[u × items + i], in scheme order. A NaN
/// numerator or denominator is no data for the item (it scores 0, and a veto item is not
/// applied). The value is numerator × the indicator's multiplier / denominator (the count itself
/// for a quota item; denominator 1 for a count).
struct SchemeData {
  std::vector<std::string> units;
  std::size_t items = 0;
  std::vector<double> numerator;
  std::vector<double> denominator;
};

/// `reporting` holds the counts of reporting units (its `units` are tree codes); the result holds
/// each of `targets` with the sums of its subtree's numerators and denominators (a NaN is left
/// out of the sum; a unit with none of its subtree reporting has NaN). Throws invalid_input for a
/// code the tree lacks (field "units") or columns of the wrong length.
SchemeData roll_up(const OrgUnitTree& tree, const SchemeData& reporting,
                   const std::vector<std::string>& targets);

struct ScoreOptions {
  /// Interim scoring: quota items are compared with amount × the elapsed share of their period.
  std::optional<Date> as_of = std::nullopt;
  ProgressBasis basis = ProgressBasis::months;
  /// Write each item's reason_zh / reason_en and the next grade's sentences (false leaves them
  /// empty: for bulk scoring, where the sentences cost more than the arithmetic).
  bool reasons = true;
};

struct ItemScore {
  std::size_t item = 0;
  double value = 0;  ///< NaN when missing
  double target = 0; ///< the bound compared with (pro-rated for an interim quota)
  double score = 0;  ///< weighted
  double full = 0;   ///< weight × points
  bool reached = false;
  bool missing = false;
  std::string reason_zh;
  std::string reason_en;
};

/// The smallest change that lifts a unit to the next grade: the fewest numerator cases of one
/// item (docs/schemes.md §6).
struct NextGrade {
  std::string grade;
  double points_needed = 0;                       ///< next grade's lower bound − the total
  std::optional<std::size_t> item = std::nullopt; ///< none when no single item can do it
  double cases = 0; ///< more (higher is better) or fewer (lower is better) numerator cases
  std::string describe_zh;
  std::string describe_en;
};

struct UnitScore {
  std::string unit;
  std::vector<ItemScore> items;
  double total = 0; ///< rounded to the scheme's decimals
  std::string grade;
  int rank = 0;
  bool vetoed = false;
  std::vector<std::size_t> lost; ///< items that scored below full marks (bonus: none)
  std::optional<NextGrade> next = std::nullopt;
};

struct SchemeScores {
  std::vector<UnitScore> units;
};

/// Scores every unit of `data` (validate()s the scheme first). Ranks are competition ranks on
/// the rounded totals, highest first: equal totals share the rank, the next rank skips (1, 2, 2,
/// 4). Throws invalid_input for data of the wrong shape, zhibiao::invalid_rows naming the unit row
/// for a negative or infinite count.
SchemeScores score(const Scheme& scheme, const Catalog& catalog, const SchemeData& data,
                   const ScoreOptions& options = {});

/// The entry point for a `zhibiao score` verb: evaluates each item's indicator for each of
/// `units` over `period` on the cube (pooled over the unit's subtree), then score(). A quota
/// item's count is the numerator.
SchemeScores score_units(const Scheme& scheme, const Catalog& catalog, const DataCube& cube,
                         const std::vector<std::size_t>& units, const Period& period,
                         const ScoreOptions& options = {});

/// Reads a scheme from JSON (data/scheme.schema.json): malformed JSON is a zhibiao::parse_error
/// (field "scheme"); an unknown or mistyped key an invalid_input naming its path
/// ("items[1].pionts").
Scheme scheme_from_json(std::string_view json);
/// The scheme as JSON (what scheme_from_json reads back).
std::string scheme_to_json(const Scheme& scheme);

/// One row of a table of items (CSV, DataFrame), every cell as text, empty for absent:
/// target is Threshold wording ("≥90%"), quota "amount@period" ("1600@2025"), veto "cap" /
/// "zero", cap a number or a grade name.
struct SchemeRow {
  std::string id, indicator, name, points, rule, target, quota, per_unit, floor, weight, veto, cap;
};
/// Throws invalid_input naming "rows[i] (id).field".
Scheme scheme_from_rows(const std::vector<SchemeRow>& rows, Scheme defaults = {});

} // namespace zhibiao
