#pragma once
/// \file target.hpp
/// Targets handed down from upper levels: quotas (任务数), thresholds with a direction (≥ 90 %,
/// 低于8‰, 控制在10%以内), improvements on a baseline (较2015年下降30%), either-or targets
/// (5.6‰或持续降低), densities (2.33 托位 per 1,000 population) and staged schedules (1/3 within
/// 24 h, 2/3 within 48 h, all within 72 h).
///
///     auto t = zhibiao::Threshold::parse("控制在10%以内");   // ≤ 10 %
///     t.met_by(9.99);                                        // true
///     auto q = zhibiao::Quota::from_expression("7469 * 22", zhibiao::Period::year(2024));
///     q.amount;                                              // 164318 doses (seed 002)
///     zhibiao::split_quota(1600, {3, 2, 1});                 // {800, 533, 267}
///
///     auto c = zhibiao::Threshold::parse("完成1,200例以上");  // ≥ 1200, count_unit "例"
///     auto i = zhibiao::Improvement::parse("较2015年下降30%"); // relative, 30, lower, 2015
///     i.describe();                                          // "较2015年下降30%"
///
/// Wording fixes the comparison (docs/targets.md §2): 以上, 不低于, 不少于, 达到, 提高到 → ≥
/// (超过, 高于 → >); 低于, 少于, 不到, 不足 → <; 以内, 不超过, 不高于, 以下, 控制在…以内, 下降到,
/// 降至 → ≤; 达到100% → = 100 %. Wording against a baseline (较上年提高2个百分点, 逐年下降,
/// 不高于近5年平均水平, 不低于2023年水平) is an Improvement (docs/targets.md §6).
/// Whether a bound is strict is part of the target: the wording gives the default,
/// ThresholdOptions can override.
///
/// Thread safety: Threshold, Quota and the other targets are values: parse(), from_expression() and
/// the const members may be called from any number of threads at once; a target being assigned must
/// not be used by another thread.

#include "zhibiao/export.hpp"
#include "zhibiao/indicator.hpp"
#include "zhibiao/period.hpp"
#include "zhibiao/unit.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace ZHIBIAO_API zhibiao {

/// The comparison a threshold makes.
enum class Bound : std::uint8_t {
  at_least = 0,  ///< ≥
  more_than = 1, ///< >
  at_most = 2,   ///< ≤
  less_than = 3, ///< <
  equal_to = 4,  ///< =
  within = 5,    ///< a range [lower, upper] (ends inclusive unless marked strict)
};

/// Who set a target.
enum class SettingLevel : std::uint8_t {
  unspecified = 0,
  national,
  provincial,
  prefectural,
  county,
  township
};
std::string_view to_string(SettingLevel level) noexcept;
/// "national"/"国家", "provincial"/"省", "prefectural"/"市", "county"/"县"/"区", ...
SettingLevel parse_setting_level(std::string_view text);

struct ThresholdOptions {
  /// Override the strictness the wording implies: true makes ≥ into >, ≤ into <; false the reverse.
  std::optional<bool> strict = std::nullopt;
  /// The unit the threshold must be in (the indicator's). Text in another unit is refused, never
  /// converted or dropped; a bare number takes this unit only when it prints bare (ratio, per 100).
  std::optional<Unit> unit = std::nullopt;
};

/// A bound on an indicator's value, in the indicator's unit.
struct Threshold {
  Bound bound = Bound::at_least;
  double value = 0; ///< the bound; the lower end for `within`
  double upper = 0; ///< the upper end for `within`
  Unit unit = Unit::percent();
  /// The noun after the number of a bound on a count (不少于1,000人: "人"; 达到3家以上: "家";
  /// 人均预期寿命达到79岁: "岁"), empty for a bound on a rate. The value is then a plain number:
  /// `unit` is Unit::ratio() beside it. The nouns read are listed in docs/targets.md §2.1 (人,
  /// 人次, 例, 剂次, 家, 所, 个, 元, 岁, ...). Text before the comparison word is the subject and
  /// is skipped, numbers naming it included (5岁以下儿童死亡率≤6.6‰, 2型糖尿病…; §2.2).
  std::string count_unit = {};

  /// Reads report wording: "≥90%", ">=90%", "90%以上", "不低于90%", "达到95%", "达到100%",
  /// "超过90%", "低于8‰", "小于8‰", "不到90%" (< 90 %), "控制在10%以内", "不超过10%", "10%以下",
  /// "=100%", "85%-95%", "在85%至95%之间", "2.33/千人", "不低于1,000", "不低于-5%", "不低于９０％"
  /// (full-width forms), counts "不少于1,000人", "完成1,200例以上", "达到3家以上", and a
  /// level to reach: "下降到12/10万", "降至5‰" (≤), "提高到95%", "提升至90%以上" (≥). It reads
  /// the whole number or refuses: zhibiao::parse_error (field "target") with the character
  /// position for text it cannot read, and for what it must not read as a bound: two comparison
  /// words (高于低于5%: at the second), a decimal comma or a bad thousands group (1,5), a unit or
  /// noun it does not know (1000头), anything after the number (≥90%abc, 1.2.3%), a year
  /// (2025年), and baseline-relative wording (不高于近5年平均水平, 不低于2023年水平,
  /// 较上年提高2个百分点: read those with Improvement::parse, not as a threshold of 5, 2023 or 2).
  static Threshold parse(std::string_view text, const ThresholdOptions& options = {});

  bool met_by(double x) const noexcept;
  /// How far x is from meeting the bound, in the value's unit (percentage points for per cent):
  /// 0 when met, otherwise the positive distance to the bound. Throws zhibiao::invalid_input
  /// naming "value" for a NaN or infinite x, or a distance beyond the largest double (issue 14).
  double shortfall(double x) const;
  /// True when higher values are better for this bound (≥, >), false for ≤, <; empty for =, range.
  std::optional<bool> higher_is_better() const noexcept;
  /// "≥90%", "<8‰", "≤10%", "=100%", "85%–95%", "≥1000人" (English: "at least 90%", ...).
  /// The Chinese text parses back to the same threshold.
  std::string describe(Language language = Language::zh) const;

  friend bool operator==(const Threshold&, const Threshold&) = default;
};

/// A count to reach in a period (任务数), possibly derived by an expression.
/// Made by Quota::of or from_expression, or as Quota{amount, period}: there is no default
/// period (a default of the year 2000 was silently wrong for every user who forgot it; issue 21
/// item 6), so neither a Quota nor a Target holding one can be default-constructed.
struct Quota {
  double amount;
  Period period;
  std::string derivation = {}; ///< the expression it came from, e.g. "7469 * 22"

  /// Evaluates a constant expression ("7469 * 22", "1600", "round(34903 * 0.35)" ...); throws
  /// zhibiao::parse_error for bad syntax and zhibiao::invalid_input (field "quota") when the
  /// expression reads data elements, is not finite or is negative.
  static Quota from_expression(std::string_view expression, Period period);
  /// A quota of `amount` (finite, ≥ 0; else zhibiao::invalid_input naming "amount"): the checked
  /// constructor every binding uses, so that Quota(nan) is refused where it is made.
  static Quota of(double amount, Period period);
};

/// Splits an integer quota among sub-units in proportion to `weights` (population, ...), by the
/// largest-remainder method (Hamilton): each part gets the integer part of its exact share, and
/// the units left over go one each to the largest fractional remainders (ties to the earlier
/// unit). The parts add up exactly to `total`. Throws zhibiao::invalid_input for a negative
/// total, a negative or non-finite weight, or weights that are all zero.
std::vector<std::int64_t> split_quota(std::int64_t total, const std::vector<double>& weights);

/// An improvement on a baseline.
enum class ImprovementKind : std::uint8_t {
  points = 0,   ///< change of at least `amount` percentage points (or units) the right way
  relative = 1, ///< relative change of at least `amount` per cent the right way (较2015年下降30%)
  better = 2,   ///< simply better than the baseline (较上年提高)
  trend = 3,    ///< better every year than the year before, over the history (逐年下降)
  not_worse_than_average =
      4, ///< no worse than the mean of the last `years` values (不高于近5年平均水平)
  not_worse_than_baseline = 5, ///< no worse than the baseline's value (不低于2023年水平)
};
/// "points", "relative", "better", "trend", "not_worse_than_average", "not_worse_than_baseline".
std::string_view to_string(ImprovementKind kind) noexcept;
/// The names of to_string; throws zhibiao::invalid_input naming "kind" for any other.
ImprovementKind parse_improvement_kind(std::string_view text);

struct Improvement {
  ImprovementKind kind = ImprovementKind::better;
  double amount = 0;
  /// Which way is better: lower_is_better for 下降 / 降低, higher_is_better for 提高 / 增长.
  Direction direction = Direction::higher_is_better;
  int years = 5; ///< for not_worse_than_average
  /// The baseline's period when the wording names one (较2015年下降30%: the year 2015); none for
  /// the previous year or the same period last year (较上年, 同比), whose value the caller gives.
  std::optional<Period> baseline = std::nullopt;

  /// Reads the wording of reports and target documents (docs/targets.md §6):
  ///   较上年提高2个百分点, 比上年增加3.56个百分点, 较去年同期增加3.56个百分点 → points;
  ///   较2015年下降30%, 下降10%, 同比增长5%, 在2015年基础上降低30%以上 → relative;
  ///   较上年有所提高, 较上年提高, 低于上年水平 → better; 逐年下降, 持续降低 → trend;
  ///   不高于近5年平均水平, 不低于近三年平均水平 → not_worse_than_average (years 5, 3);
  ///   不低于2023年水平, 不高于上年水平 → not_worse_than_baseline.
  /// Text before the first word of the target is its subject and is skipped (孕产妇死亡率…), but a
  /// year there is refused. Throws zhibiao::parse_error (field "target", the code-point position)
  /// for text it cannot read and for contradictions: two verbs (提高下降2个百分点: at 下降), two
  /// comparison words (高于低于5%: at 低于), an amount without its unit (较上年提高2个: at 个), a
  /// sign on the amount; and for a level to reach or a fixed bound (提高到95%, 降至5‰,
  /// 不低于90%), which are thresholds: the message says to use Threshold::parse.
  static Improvement parse(std::string_view text);

  /// Canonical wording that parse() reads back as the same improvement: "较上年提高2个百分点",
  /// "较2015年下降30%", "较上年有所提高", "逐年下降", "不高于近5年平均水平", "不低于2023年水平"
  /// (English on request: "at least 2 percentage points above last year", ...).
  std::string describe(Language language = Language::zh) const;

  friend bool operator==(const Improvement&, const Improvement&) = default;
};

/// A share of the quota due by each milestone: hours after a start (1/3 within 24 h) or dates.
struct Milestone {
  double elapsed = 0;                      ///< hours (or days) after the start
  std::optional<Date> date = std::nullopt; ///< or a calendar date (monthly milestones)
  double share = 0;                        ///< of the quota due by then, in (0, 1]
};

struct StagedSchedule {
  std::vector<Milestone> milestones; ///< in time order, shares not decreasing
};

struct Target;

/// Reached when any option is reached (5.6‰或持续降低).
struct EitherTarget {
  std::vector<Target> options;
};

/// One target of an indicator, with who set it and where it is written.
struct Target {
  std::string indicator = {};
  std::variant<Quota, Threshold, Improvement, StagedSchedule, EitherTarget> rule;
  SettingLevel level = SettingLevel::unspecified;
  std::string source = {}; ///< the document and its words, e.g. "市卫健委 2019 民生工程: 1600人"
};

/// Reads the wording of one target into its rule: a Threshold (不低于90%, 下降到12/10万,
/// 不少于1,000人), an Improvement (较上年提高2个百分点, 逐年下降, 不低于2023年水平), or an
/// EitherTarget of those joined by 或 (婴儿死亡率5.6‰或持续降低). In an either-or target a bare
/// figure beside a change is a bound that way: 5.6‰ beside 持续降低 is ≤ 5.6‰, beside 提高 ≥.
/// `options` apply to the thresholds. The Target has no indicator; `source` is the text.
/// Throws the zhibiao::parse_error of the part that cannot be read (field "target", its position in
/// the whole text): for baseline wording the improvement's, for a level or a bound the
/// threshold's.
Target parse_target(std::string_view text, const ThresholdOptions& options = {});

} // namespace zhibiao
