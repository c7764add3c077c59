#pragma once
/// \file assessment.hpp
/// Assessing figures against their targets at an as-of date: reached or not, by how much (a
/// count and percentage points), progress against the time that has passed (序时进度) and a
/// year-end projection.
///
///     // Seed 002: 全年接种任务164318剂次 (7469人×22针次); 截止5月底累计完成67072剂次.
///     auto quota = zhibiao::Quota::from_expression("7469 * 22", zhibiao::Period::year(2024));
///     auto a = zhibiao::assess_quota(67072, quota, zhibiao::Date(2024, 5, 31));
///     a.completion;      // 40.8184… (% of the year's quota)
///     a.time_progress;   // 41.6667… (5 of 12 months elapsed)
///     a.pace;            // Pace::behind
///     a.summary();       // "完成全年任务的40.82%，序时进度41.67%，落后序时进度0.85个百分点"
///
/// Thread safety: the assess_* functions keep no state between calls and may be called from any
/// number of threads at once; their results are plain values.

#include "zhibiao/column.hpp"
#include "zhibiao/confidence_interval.hpp"
#include "zhibiao/evaluation.hpp"
#include "zhibiao/export.hpp"
#include "zhibiao/target.hpp"

#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace ZHIBIAO_API zhibiao {

enum class Pace : std::uint8_t { ahead = 0, on_schedule = 1, behind = 2 };
std::string_view to_string(Pace pace) noexcept;

struct ProgressOptions {
  /// Whole months completed (5/12 at 31 May, as reports count 序时进度) or days elapsed.
  ProgressBasis basis = ProgressBasis::months;
  /// Within ± this many percentage points of time progress the work is on schedule.
  double tolerance = 0.0;
  /// Last year's amounts for each month of the period (12 for a year), for a seasonal
  /// projection; empty for none.
  std::vector<double> last_year_monthly = {};
};

struct QuotaAssessment {
  double done = 0;
  double quota = 0;
  double completion = 0;    ///< done / quota × 100
  double time_progress = 0; ///< elapsed share of the period × 100
  double lead = 0;          ///< completion − time_progress, in percentage points
  Pace pace = Pace::on_schedule;
  bool reached = false; ///< done ≥ quota
  double remaining = 0; ///< max(quota − done, 0)
  /// Year-end total at the pace so far: done / elapsed share (NaN before any time has passed).
  double projected_run_rate = 0;
  /// Year-end total if the rest of the period follows last year's monthly profile.
  std::optional<double> projected_seasonal = std::nullopt;
  int months_left = 0;
  /// What is still needed per remaining month (NaN when no month is left).
  double monthly_pace_needed = 0;
  int decimals = 2;

  /// "完成全年任务的40.82%，序时进度41.67%，落后序时进度0.85个百分点" (English on request).
  std::string summary(Language language = Language::zh) const;
};

/// Throws zhibiao::invalid_input for a negative or non-finite `done`, a quota ≤ 0, or a basis by
/// months on a period that is not made of whole months.
QuotaAssessment assess_quota(double done, const Quota& quota, Date as_of,
                             const ProgressOptions& options = {});

// --- small numbers: can the data tell? (issue 20 item 4; docs/targets.md §7) ----------------

/// The interval method a significance test of an assessment uses. `automatic` follows
/// PHEindicatormethods' conventions: Wilson's score interval for a proportion (phe_proportion),
/// for a rate the exact Poisson limits (Garwood 1936) below 10 events and Byar's approximation from
/// 10 (phe_rate; CountMethod::phe), and for a ratio of two counts Wilson's interval on the share
/// of the first count, mapped to the ratio. `exact` asks for exact limits whatever the count
/// (Clopper–Pearson for a proportion and a ratio, Garwood's for a rate), `byar` for Byar's
/// approximation of a rate, `wilson` for Wilson's interval of a proportion or a ratio. The limits
/// are confidence_interval.hpp's: no second implementation.
enum class EvidenceMethod : std::uint8_t { automatic = 0, wilson = 1, exact = 2, byar = 3 };
/// "automatic", "wilson", "exact", "byar".
std::string_view to_string(EvidenceMethod method) noexcept;
/// Inverse of to_string; throws zhibiao::invalid_input (field "method") for anything else.
EvidenceMethod parse_evidence_method(std::string_view text);

/// The explicit option that makes an assessment weigh the sampling error of its figure: off
/// unless given, so results without it do not move.
struct SignificanceOption {
  /// What the counts are: numerator of denominator (proportion), events in a population (rate),
  /// or the two counts of a ratio (males, females for 出生人口性别比). A quota completion has no
  /// interval: the work done is counted, not sampled (invalid_input naming "kind").
  MeasureKind kind = MeasureKind::proportion;
  double confidence = 0.95; ///< in (0, 1)
  EvidenceMethod method = EvidenceMethod::automatic;
};

/// An assessment's outcome once the interval of its figure is weighed: reached or not, or
/// 差异无统计学意义 when the target (a bound, or any part of a target range's boundary) lies inside
/// the interval, so the data cannot tell.
enum class TargetVerdict : std::uint8_t { not_reached = 0, reached = 1, not_distinguishable = 2 };
/// "not_reached", "reached", "not_distinguishable".
std::string_view to_string(TargetVerdict verdict) noexcept;

/// The interval of the figure numerator / denominator × multiplier at `option`, by the method the
/// option and kind choose (EvidenceMethod), computed by confidence_interval.hpp's functions:
/// proportion_interval, rate_interval, and for a ratio a/b the interval of π = a / (a + b)
/// mapped by π / (1 − π) × multiplier (conditional on a + b, a ~ Binomial(a + b, π)). The
/// value is the point figure. Throws zhibiao::invalid_input naming "numerator" / "denominator"
/// for counts those functions refuse (and a ratio's denominator of 0, whose ratio is infinite),
/// "kind" for a quota completion and "method" for a method the kind does not have (Byar's for a
/// proportion, Wilson's for a rate).
///
///     // 出生人口性别比114.17 from 801 births: 427 boys, 374 girls. Wilson on 427/801 gives
///     // π in (0.4985, 0.5676), the ratio (99.4, 131.3).
///     auto ci = figure_interval(427, 374, 100, {.kind = MeasureKind::ratio});
Interval figure_interval(double numerator, double denominator, double multiplier,
                         const SignificanceOption& option);

/// The verdict of a threshold given the interval of the figure (in the threshold's unit):
/// for ≥, > reached when lower > bound, not reached when upper < bound; for ≤, < the mirror;
/// for a range reached when the interval lies inside it, not reached when it lies wholly outside;
/// for = not reached when the interval excludes the value; otherwise not_distinguishable (the
/// bound is inside the closed interval). The decisive verdicts agree with met_by(value) for a
/// value inside the interval.
TargetVerdict threshold_verdict(const Threshold& threshold, const Interval& interval) noexcept;

struct ThresholdAssessment {
  double value = 0;
  /// The value against the bound, as before (met_by): with a SignificanceOption read `verdict`.
  bool reached = false;
  /// reached / not_reached as `reached` says, unless a SignificanceOption was given and the
  /// figure's interval holds the bound: not_distinguishable.
  TargetVerdict verdict = TargetVerdict::not_reached;
  /// The figure's interval in the threshold's unit when a SignificanceOption was given.
  std::optional<Interval> interval = std::nullopt;
  double confidence = 0; ///< the interval's level (0 without one)
  /// Distance to the bound in the value's unit (percentage points for per cent); 0 when reached.
  double shortfall = 0;
  /// With numerator and denominator: how many more (bound ≥, >) or fewer (≤, <) numerator units
  /// would reach the bound; 0 when reached.
  std::optional<double> count_needed = std::nullopt;
  std::string summary(const Threshold& threshold, int decimals = 2,
                      Language language = Language::zh) const;
};

/// `value` in the threshold's unit. For the count gap give the numerator and denominator the
/// value came from (value = numerator × multiplier / denominator).
ThresholdAssessment assess_threshold(double value, const Threshold& threshold,
                                     std::optional<double> numerator = std::nullopt,
                                     std::optional<double> denominator = std::nullopt);

/// As above, and the figure's interval from the numerator and denominator (both required: else
/// zhibiao::invalid_input naming the missing one) at `significance`, in the threshold's unit
/// (its multiplier), which sets `verdict` (threshold_verdict) and `interval`. `reached`,
/// `shortfall` and `count_needed` are those of the call without the option.
///
///     // 5 maternal deaths in 25,000 live births: 20/10万 against 低于30/10万. Exact limits
///     // (Garwood): 5 events give (1.6235, 11.6683), i.e. (6.49, 46.67)/10万: holds 30.
///     auto a = assess_threshold(20, Threshold::parse("低于30/10万"), 5, 25000,
///                               SignificanceOption{.kind = MeasureKind::rate});
///     a.reached;   // true (20 < 30)
///     a.verdict;   // TargetVerdict::not_distinguishable
ThresholdAssessment assess_threshold(double value, const Threshold& threshold,
                                     std::optional<double> numerator,
                                     std::optional<double> denominator,
                                     const SignificanceOption& significance);

struct ImprovementAssessment {
  /// The value against the improvement, as before: with a SignificanceOption read `verdict`.
  bool reached = false;
  /// reached / not_reached as `reached` says, unless a SignificanceOption was given and the
  /// interval of the change holds the improvement's bound: not_distinguishable.
  TargetVerdict verdict = TargetVerdict::not_reached;
  /// The change's interval (change_interval) when a SignificanceOption was given and the
  /// improvement's kind has one for the figure's kind.
  std::optional<Interval> interval = std::nullopt;
  double confidence = 0;    ///< the interval's level (0 without one)
  double change_points = 0; ///< value − baseline (percentage points for per cent)
  std::optional<double>
      change_relative; ///< (value − baseline) / baseline × 100; none if baseline 0
  /// The value compared with: the mean (not_worse_than_average) or the baseline
  /// (not_worse_than_baseline).
  std::optional<double> reference;
};

/// `history` holds earlier values, oldest first, the last being the baseline year for `better`
/// when `baseline` is not given (较上年). For `trend` every year must be better than the one
/// before, including `value`; for `not_worse_than_average` the mean of the last `years` values;
/// for `not_worse_than_baseline` the baseline itself (reached when equal or better).
/// 18.5 % → 16.5 % is −2 points and −10.81 %: percentage points and relative change are kept
/// apart. Throws zhibiao::invalid_input when the needed baseline or history is missing.
ImprovementAssessment assess_improvement(double value, const Improvement& improvement,
                                         std::optional<double> baseline,
                                         const std::vector<double>& history = {});

/// The counts behind a change: this year's figure numerator / denominator, the baseline year's
/// baseline_numerator / baseline_denominator.
struct ChangeCounts {
  double numerator = 0;
  double denominator = 0;
  double baseline_numerator = 0;
  double baseline_denominator = 0;
};

/// The interval of the change an Improvement measures, from both years' counts at `option`:
/// - a proportion (option.kind proportion, value numerator / denominator × multiplier): the
///   difference current − baseline in the value's unit (percentage points for per cent) by
///   Newcombe's hybrid score method 10 (difference.hpp proportion_difference × multiplier); it
///   judges `points`, `better` and `not_worse_than_baseline`;
/// - a rate: the exact conditional interval of the rate ratio (difference.hpp rate_ratio) as a
///   relative change in per cent, (RR − 1) × 100; it judges `relative`, `better` and
///   `not_worse_than_baseline`.
/// None for the other pairs (a relative target on a proportion: the library has no interval of
/// a ratio of proportions; a trend or an average needs more than two years' counts; a ratio
/// figure), and for a rate whose baseline has no events (the ratio does not exist): those are
/// judged by their value. Throws zhibiao::invalid_input naming "numerator", "denominator",
/// "baseline_numerator" or "baseline_denominator" for counts the intervals refuse (negative,
/// non-finite, a numerator above its denominator for a proportion, a denominator ≤ 0),
/// "confidence" outside (0, 1), "kind" for a quota completion and "method" for a method other
/// than automatic and the interval's own (wilson for Newcombe's, exact for the rate ratio).
///
///     // Newcombe (1998), Table II (a): 56/70 − 48/80 = +20 points, limits 5.24–33.39.
///     auto ci = change_interval(Improvement::parse("较上年提高2个百分点"), {56, 70, 48, 80}, 100,
///                               SignificanceOption{});
std::optional<Interval> change_interval(const Improvement& improvement, const ChangeCounts& counts,
                                        double multiplier, const SignificanceOption& option);

/// The verdict of an improvement given the interval of its change (change_interval's measure):
/// the bound is the improvement's amount for points and relative, 0 for better and
/// not_worse_than_baseline, in its direction (a fall of 30 % is the bound −30). Rising targets
/// are reached when lower > bound and not reached when upper < bound; falling targets the
/// mirror; otherwise not_distinguishable (the bound inside the closed interval), as
/// threshold_verdict. The decisive verdicts agree with assess_improvement's `reached` for a
/// change inside the interval. A trend or an average has no such bound: not_distinguishable.
TargetVerdict improvement_verdict(const Improvement& improvement, const Interval& change) noexcept;

/// As assess_improvement above, and the change's interval from both years' counts at
/// `significance` (change_interval, multiplier 100: points are percentage points), which sets
/// `verdict` (improvement_verdict) and `interval` where the improvement's kind has one. The
/// other fields are those of the call without the option.
///
///     // 3 maternal deaths in 25,000 live births against 5 in 25,000: −40 % against 较上年下降30%.
///     // RR limits 0.0932–3.0839, a change of −90.68 % to +208.39 %: holds −30 %.
///     auto a = assess_improvement(12, Improvement::parse("较上年下降30%"), 20, {},
///                                 {3, 25000, 5, 25000}, {.kind = MeasureKind::rate});
///     a.reached; // true (−40 % ≤ −30 %)
///     a.verdict; // TargetVerdict::not_distinguishable
ImprovementAssessment assess_improvement(double value, const Improvement& improvement,
                                         std::optional<double> baseline,
                                         const std::vector<double>& history,
                                         const ChangeCounts& counts,
                                         const SignificanceOption& significance);

struct ScheduleAssessment {
  double required_share =
      0; ///< of the quota due by now (the last milestone passed), 0 before the first
  double done_share = 0;
  bool on_track = true;                         ///< done_share ≥ required_share
  std::optional<Milestone> next = std::nullopt; ///< the next milestone, if any
};

/// `elapsed` since the start in the milestones' unit (hours), or `as_of` for date milestones.
ScheduleAssessment assess_schedule(double done, double quota, const StagedSchedule& schedule,
                                   double elapsed, std::optional<Date> as_of = std::nullopt);

/// Everything an assessment of any target may need about the figure.
struct AssessmentInput {
  double value = 0; ///< the indicator's value (or the count done, for quotas)
  std::optional<double> numerator = std::nullopt;
  std::optional<double> denominator = std::nullopt;
  std::optional<Date> as_of = std::nullopt; ///< for quotas and date milestones
  double elapsed = 0;                       ///< for hour milestones
  std::optional<double> baseline = std::nullopt;
  std::vector<double> history = {};
  ProgressOptions progress = {};
  /// The baseline year's counts, for weighing an improvement's change (with numerator and
  /// denominator, this year's).
  std::optional<double> baseline_numerator = std::nullopt;
  std::optional<double> baseline_denominator = std::nullopt;
  /// Weigh a threshold's figure against its interval (needs numerator and denominator), and an
  /// improvement's change against the change's interval (change_interval: needs both years'
  /// counts; without them the improvement is judged by its value). Quotas and schedules are
  /// judged as without it: the work done is counted, not sampled.
  std::optional<SignificanceOption> significance = std::nullopt;
};

/// The outcome of any target, with the details of its kind.
struct Assessment {
  bool reached = false;
  std::optional<Pace> pace = std::nullopt; ///< quotas and schedules
  std::string summary;                     ///< one sentence in Chinese
  std::vector<bool> options_reached = {};  ///< for either-or targets, each option
  /// `reached` as a TargetVerdict, or not_distinguishable (input.significance given) when the
  /// interval holds a threshold's bound or an improvement's; for an either-or target: reached when
  /// an option is, else not_distinguishable when an option is, else not_reached.
  TargetVerdict verdict = TargetVerdict::not_reached;
};

/// Assesses `target` for `input`. An either-or target is reached when any option is. Throws
/// zhibiao::invalid_input when the input lacks what the target needs (as_of for a quota, a
/// baseline for an improvement ...), naming it.
Assessment assess(const Target& target, const AssessmentInput& input);

// --- whole tables ------------------------------------------------------------------------------

/// reached[i] of assess_threshold_column for a row that was not assessed (no target or no value).
inline constexpr std::uint8_t not_assessed = 2;

/// Every row of an evaluated table against the threshold of its indicator, as assess_threshold()
/// assesses one value. `target[i]` indexes `thresholds`, or is −1 for a row whose indicator has no
/// target; a row is assessed when it has a target and a value (NaN is no value). `numerator` and
/// `denominator` may be empty (no count gap); `has_counts`, when not empty, marks the rows that
/// have them (the others are assessed without, as assess_threshold() is without counts).
/// Writes reached (0 missed, 1 reached, not_assessed), shortfall and count_needed (NaN where
/// there is none) into the caller's buffers of value.size() rows.
/// Throws zhibiao::invalid_input for columns of different lengths or a target index out of range,
/// and what assess_threshold() throws (an infinite value).
///
///     // 孕产妇死亡率 8.5‰ against 低于8‰: missed by 0.5; a row without a target is not assessed.
///     assess_threshold_column(values, {0, -1}, {Threshold::parse("低于8‰")}, {}, {}, {},
///                             reached, shortfall, count_needed);
void assess_threshold_column(std::span<const double> value, std::span<const std::int64_t> target,
                             const std::vector<Threshold>& thresholds,
                             std::span<const double> numerator, std::span<const double> denominator,
                             std::span<const std::uint8_t> has_counts,
                             std::span<std::uint8_t> reached, std::span<double> shortfall,
                             std::span<double> count_needed);

/// Every row of a table against the Improvement of its indicator, as assess_improvement()
/// assesses one value. `target[i]` indexes `improvements` (−1: no improvement for the row);
/// `baseline` (may be empty: none given) holds each row's baseline value, `history` (may be
/// empty) `history_years` earlier values per row, oldest first, row after row. A row is assessed
/// when it has a target, a value and what its improvement needs (a baseline, or a history whose
/// last value stands in for it; the whole history for trend and the average): NaN anywhere in
/// those is no data, and the row is not assessed, as a row without a value is. Writes reached (0
/// missed, 1 reached, not_assessed), change_points, change_relative and reference (NaN where the
/// row has none) into the caller's buffers of value.size() rows. Throws zhibiao::invalid_input
/// for columns of different lengths or a target index out of range, and zhibiao::invalid_rows
/// naming the row and assess_improvement()'s field for what it refuses of a row (an infinite
/// value, a change that overflows).
///
///     // 孕产妇系统管理率 92.1 % against 较上年提高2个百分点 from 89.6 %: +2.5 points, reached.
///     assess_improvement_column({92.1}, {0}, {Improvement::parse("较上年提高2个百分点")}, {89.6},
///                               {}, 0, reached, change_points, change_relative, reference);
void assess_improvement_column(std::span<const double> value, std::span<const std::int64_t> target,
                               const std::vector<Improvement>& improvements,
                               std::span<const double> baseline, std::span<const double> history,
                               std::size_t history_years, std::span<std::uint8_t> reached,
                               std::span<double> change_points, std::span<double> change_relative,
                               std::span<double> reference);

/// The caller's buffers of the significance-weighing assess_improvement_column, each of
/// value.size() rows: those of the call without the option, and the verdict with the interval.
struct ImprovementEvidenceColumns {
  std::span<std::uint8_t> reached; ///< 0 missed, 1 reached, not_assessed (the value's verdict)
  std::span<double> change_points;
  std::span<double> change_relative;
  std::span<double> reference;
  /// TargetVerdict codes, not_assessed where the row was not assessed (read with `reached`).
  std::span<std::uint8_t> verdict;
  std::span<double> lower; ///< change_interval's limits; NaN where the row has none
  std::span<double> upper;
};

/// assess_improvement_column weighing the sampling error of each row's change: a row with all
/// four counts (`counts` holds numerator, denominator, baseline_numerator, baseline_denominator
/// columns of value.size() rows; NaN in any is no counts) is judged as assess_improvement with
/// counts and the option, option.kind = kinds[target] (one MeasureKind per improvement;
/// `significance.kind` is not read). A row without counts, or whose improvement has no interval
/// for its kind, keeps the value's verdict with NaN limits. Throws as assess_improvement_column,
/// "kinds" for a list not of improvements.size(), "confidence" before any row, and
/// zhibiao::invalid_rows naming the row and the count for counts change_interval refuses.
void assess_improvement_column(std::span<const double> value, std::span<const std::int64_t> target,
                               const std::vector<Improvement>& improvements,
                               std::span<const double> baseline, std::span<const double> history,
                               std::size_t history_years,
                               const std::array<std::span<const double>, 4>& counts,
                               std::span<const MeasureKind> kinds,
                               const SignificanceOption& significance,
                               const ImprovementEvidenceColumns& out);

/// The caller's buffers of the significance-weighing assess_threshold_column, each of value.size()
/// rows: those of the call without the option, and the verdict with the interval.
struct ThresholdEvidenceColumns {
  std::span<std::uint8_t> reached; ///< 0 missed, 1 reached, not_assessed (the value's verdict)
  std::span<double> shortfall;
  std::span<double> count_needed;
  /// TargetVerdict codes (2: not distinguishable), not_assessed where the row was not assessed.
  /// not_assessed is 2 as well: read it together with `reached` (not_assessed there too).
  std::span<std::uint8_t> verdict;
  std::span<double> lower; ///< the interval in the threshold's unit; NaN where the row has none
  std::span<double> upper;
};

/// assess_threshold_column weighing each row's sampling error: a row with counts is assessed as
/// assess_threshold(value, threshold, numerator, denominator, option) with option.kind =
/// kinds[target] (`kinds` holds one MeasureKind per threshold; `significance.kind` is not read).
/// A row without counts, or of a quota completion, keeps the value's verdict and has no interval
/// (NaN limits). Throws as assess_threshold_column, "kinds" for a list not of thresholds.size(),
/// and zhibiao::invalid_rows naming the row for counts the interval refuses.
void assess_threshold_column(std::span<const double> value, std::span<const std::int64_t> target,
                             const std::vector<Threshold>& thresholds,
                             std::span<const double> numerator, std::span<const double> denominator,
                             std::span<const std::uint8_t> has_counts,
                             std::span<const MeasureKind> kinds,
                             const SignificanceOption& significance,
                             const ThresholdEvidenceColumns& out);

/// The outcome of one row of a whole-table assessment (the codes of assess_threshold_column's
/// `reached`).
enum class ThresholdOutcome : std::uint8_t {
  missed = 0,
  reached = 1,
  not_assessed = not_assessed, ///< no threshold for the row's indicator, or the row has no value
};

/// An evaluated table assessed row by row: one entry per row of the EvaluationTable.
struct ThresholdTable {
  Column<ThresholdOutcome> outcome;
  Column<double> shortfall;    ///< in the value's unit, 0 when reached; NaN when not assessed
  Column<double> count_needed; ///< numerator units still needed; NaN when not assessed
  /// With a SignificanceOption: TargetVerdict codes per row (not_assessed, 2, where `outcome` is
  /// not_assessed) and the interval in the indicator's unit (NaN where none); else empty.
  Column<std::uint8_t> verdict = {};
  Column<double> lower = {};
  Column<double> upper = {};
  std::size_t size() const noexcept { return outcome.size(); }
};

/// Thresholds keyed by Indicator::id laid out for assess_threshold_column: the thresholds that
/// name an indicator of `indicators`, and each indicator's index into them (−1: none).
struct ThresholdIndex {
  std::vector<Threshold> thresholds;
  std::vector<std::int64_t> of_indicator;
};
/// The lay-out assess_thresholds and narrate_table share. Throws zhibiao::invalid_input naming
/// "thresholds" for an id no indicator has.
ThresholdIndex index_thresholds(const std::vector<Indicator>& indicators,
                                const std::map<std::string, Threshold, std::less<>>& thresholds);

/// Every row of `table` (evaluate()'s result for `indicators`) against the threshold its
/// indicator has in `thresholds` (keyed by Indicator::id): what the Python layer's
/// assess_thresholds gives for the same table, through the same assess_threshold_column. A row is
/// assessed when its indicator has a threshold and the row has a value (status ok); the count
/// gap uses the row's numerator and denominator. Throws zhibiao::invalid_input naming
/// "thresholds" for an id no indicator has, and "table" when a row names an indicator outside
/// `indicators`.
///
///     // 孕产妇死亡率 8.5‰ against 低于8‰: missed by 0.5‰.
///     auto t = zhibiao::evaluate(cube, indicators, units, periods);
///     auto a = zhibiao::assess_thresholds(t, indicators, {{"mmr", Threshold::parse("低于8‰")}});
ThresholdTable assess_thresholds(const EvaluationTable& table,
                                 const std::vector<Indicator>& indicators,
                                 const std::map<std::string, Threshold, std::less<>>& thresholds);
/// As above, weighing each row's sampling error at `significance` (its kind is each indicator's
/// Indicator::kind): fills verdict, lower and upper.
ThresholdTable assess_thresholds(const EvaluationTable& table,
                                 const std::vector<Indicator>& indicators,
                                 const std::map<std::string, Threshold, std::less<>>& thresholds,
                                 const SignificanceOption& significance);

/// The outcome of one row of assess_quota_column. The first three are the Pace of a quota not yet
/// reached; the rest say why a row has no completion. A row that is invalid (invalid_done,
/// invalid_quota) is one assess_quota() would refuse: the caller decides whether the table stops
/// (the Python layer raises naming the first such row's index).
enum class QuotaRowStatus : std::uint8_t {
  ahead = 0,         ///< Pace::ahead
  on_schedule = 1,   ///< Pace::on_schedule
  behind = 2,        ///< Pace::behind
  reached = 3,       ///< done ≥ quota
  missing = 4,       ///< done or quota is NaN (a missing count)
  zero_quota = 5,    ///< a quota of 0 has no completion
  invalid_done = 6,  ///< done is negative or infinite
  invalid_quota = 7, ///< quota is negative or infinite
};
std::string_view to_string(QuotaRowStatus status) noexcept;

/// The caller's buffers assess_quota_column writes, each of the table's rows (summary may be
/// empty: no sentences are made).
struct QuotaColumns {
  std::span<double> completion;    ///< done / quota × 100; NaN where the row has no completion
  std::span<double> time_progress; ///< elapsed share of the period × 100; NaN likewise
  std::span<double> lead;          ///< completion − time_progress (points); NaN likewise
  std::span<std::uint8_t> status;  ///< QuotaRowStatus codes
  std::span<std::string> summary;  ///< QuotaAssessment::summary(language); "" where not assessed
};

/// Every row of a table of counts done against its quota (任务数) for `period` at `as_of`, as
/// assess_quota() assesses one (the rows share the period, the as-of date and `options`; a
/// seasonal profile in options.last_year_monthly applies to every row). A row whose done or
/// quota is NaN is `missing`, a quota of 0 `zero_quota`, a negative or infinite count
/// `invalid_done` / `invalid_quota` (NaN outputs, checked in that order); the others are
/// assessed by assess_quota() itself, so the numbers and the sentence are the scalar's. Returns
/// the number of invalid rows. Throws zhibiao::invalid_input for columns of different lengths,
/// for what assess_quota() refuses of the options (a negative or NaN tolerance, a basis by
/// months on a period not made of whole months), and zhibiao::invalid_rows naming the row (and
/// assess_quota()'s field) for a completion or projection that overflows.
///
///     // Seed 000: 1506 of 1600 at 30 June 2025: completion 94.125 %, 序时进度 6/12 = 50 %,
///     // lead +44.125 points: ahead.
///     assess_quota_column(done, quota, Period::year(2025), Date(2025, 6, 30), {},
///                         {completion, time_progress, lead, status, summary});
std::size_t assess_quota_column(std::span<const double> done, std::span<const double> quota,
                                const Period& period, Date as_of, const ProgressOptions& options,
                                const QuotaColumns& out, Language language = Language::zh);

} // namespace zhibiao
