#pragma once
/// \file report.hpp
/// The HTML report (issue 18 item 6): one self-contained page (no network, no external font,
/// style sheet or script) that shows a period's indicators as a reader of a Chinese health
/// report reads them: each value as a bar against its target, with the time-progress mark
/// (序时进度) and a status written in words as well as colour; monthly trend sparklines; the
/// org units ranked for an indicator; and a narrative paragraph beside the figures. The charts
/// are inline SVG written here. docs/report.md describes the page and this data model.
///
///     zhibiao::ReportDocument doc;
///     doc.title = "八公山区2024年1—5月基本公共卫生服务指标";
///     doc.period_label = "2024年1—5月";
///     zhibiao::ReportIndicatorRow row;
///     row.name = "婚前医学检查任务完成率";
///     row.unit_text = "%";
///     row.value = 94.13;
///     row.target = 90;
///     row.target_text = "≥90%";
///     row.status = zhibiao::ReportStatus::met;
///     doc.rows.push_back(row);
///     doc.narrative = {"婚前医学检查任务完成率94.13%，达到目标。"};
///     std::string html = zhibiao::write_html_report(doc);
///
/// The writer takes figures and sentences as given: it formats numbers (half up on their
/// shortest decimal, or exactly from the counts when they are given, as the command line
/// prints them) and lays them out; it writes no sentence of its own besides headings and
/// labels. Every text is HTML-escaped (names come from users' files). A value that is NaN or
/// infinite prints "—" and has the status no_data whatever status was given.
///
/// Thread safety: the functions keep no state; any number of threads may call them at once.

#include "zhibiao/assessment.hpp"
#include "zhibiao/evaluation.hpp"
#include "zhibiao/export.hpp"
#include "zhibiao/fund.hpp"
#include "zhibiao/indicator.hpp"
#include "zhibiao/org_unit.hpp"
#include "zhibiao/period.hpp"
#include "zhibiao/target.hpp"
#include "zhibiao/unit.hpp"

#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace ZHIBIAO_API zhibiao {

/// What a row's bar and label say about its value against its target. Values are stable.
enum class ReportStatus : std::uint8_t {
  met = 0,          ///< 达标
  not_met = 1,      ///< 未达标
  partial = 2,      ///< 数据不全: the data do not cover the period (evaluation status partial)
  no_data = 3,      ///< 无数据: no value (NaN, ±inf, or an evaluation status that gives none)
  not_assessed = 4, ///< 未设目标: a value without a target
};

/// "达标", "未达标", "数据不全", "无数据", "未设目标" (English: "met", "not met", "partial data",
/// "no data", "no target").
std::string_view report_status_label(ReportStatus status, Language language = Language::zh);

/// One value with the counts it came from, when they are known (value = numerator ×
/// multiplier / denominator): with them it is printed exactly (round_ratio_half_up), without
/// them half up on its shortest decimal (Decimal::from_double).
struct ReportValue {
  double value = std::numeric_limits<double>::quiet_NaN();
  double numerator = std::numeric_limits<double>::quiet_NaN();
  double denominator = std::numeric_limits<double>::quiet_NaN();
};

/// One indicator of the page (one bar).
struct ReportIndicatorRow {
  std::string indicator_id = {};
  std::string name = {};      ///< as printed: 婚前医学检查任务完成率
  std::string unit_text = {}; ///< the value's suffix: "%", "‰", "/10万", "" for a bare number
  ReportValue value = {};
  int decimals = 2; ///< as the indicator prints, 0–15
  /// The counts' multiplier (100 for per cent, 1000 for ‰; Unit::integer_multiplier()); 0 when
  /// the value is not an exact ratio of the counts (annualised), which prints it from `value`.
  std::int64_t multiplier = 0;
  std::optional<double> target = std::nullopt;       ///< the bound (lower end of a range)
  std::optional<double> target_upper = std::nullopt; ///< the upper end of a range target
  std::string target_text = {};                      ///< "≥90%" (Threshold::describe)
  ReportStatus status = ReportStatus::not_assessed;
  /// 序时进度 in per cent (41.67 at 31 May of a year), for quota and progress indicators only:
  /// drawn as a mark on the bar.
  std::optional<double> time_progress = std::nullopt;
  /// The monthly values over the period, oldest first (NaN for a month without a value), with
  /// a label each ("1月"): drawn as a sparkline when there are two or more.
  std::vector<double> monthly = {};
  std::vector<std::string> month_labels = {};
  /// The bar's axis runs from 0 to this; by default report_axis_max().
  std::optional<double> axis_max = std::nullopt;
};

/// One org unit's value in a ranking.
struct ReportRankingEntry {
  std::string unit_code = {};
  std::string unit_name = {};
  ReportValue value = {};
  ReportStatus status = ReportStatus::not_assessed;
};

/// The org units of one indicator, ranked by value in the indicator's direction.
struct ReportUnitRanking {
  std::string indicator_id = {};
  std::string name = {};
  std::string unit_text = {};
  int decimals = 2;
  std::int64_t multiplier = 0; ///< as ReportIndicatorRow::multiplier
  /// higher_is_better ranks descending, lower_is_better ascending; neither descending.
  Direction direction = Direction::higher_is_better;
  std::optional<double> target = std::nullopt; ///< drawn as a mark on every unit's bar
  std::string target_text = {};
  std::vector<ReportRankingEntry> entries = {};
};

/// One deadline of a fund, as the page prints it (资金到位 by 2025-06-30: 按期完成).
struct ReportFundDeadline {
  std::string stage_text = {}; ///< "到位"
  std::string by = {};         ///< "2025-06-30"
  double share = 100;          ///< per cent of the fund's total, 0–100
  Money required = {}, reached = {};
  std::string status_text = {}; ///< "按期完成", "逾期未完成", "未到期"
  bool missed = false;          ///< drawn in the not-met colour
  bool pending = false;         ///< not yet due: drawn in the neutral colour
};

/// One fund of the fund section (docs/report.md §8): its execution at the page's date, drawn as
/// a bar of the execution rate against 序时进度 (a dashed mark) and the 合理区间 band (a shaded
/// range from time progress − below to + above).
struct ReportFund {
  std::string name = {};
  FundExecution execution = {};
  SpendingBand band = {};
  /// The levels' parts of the total, in order (中央, 省, 市, 县).
  std::vector<FundShare> shares = {}; ///< per_capita holds each level's amount in all
  std::vector<ReportFundDeadline> deadlines = {};
};

/// One unit of a planned target.
struct ReportPlanUnit {
  std::string name = {};
  std::int64_t denominator = 0, last_year = 0, target_count = 0;
  std::optional<std::int64_t> per_month = std::nullopt; ///< what it still needs a month
  bool at_floor = false, at_cap = false;
};

/// A parent target split among units (planning.hpp; docs/report.md §8): each unit's whole
/// target, its rate drawn as a bar against the parent's target, the pooled total and the
/// milestones.
struct ReportPlan {
  std::string name = {};         ///< "高血压患者规范管理率"
  std::string unit_text = "%";   ///< the rates' suffix
  std::int64_t multiplier = 100; ///< Unit::integer_multiplier() of the rates
  double target = 0;             ///< the parent's target, in the unit
  std::string method = {};       ///< to_string(SplitMethod)
  std::int64_t required = 0, total = 0;
  std::vector<ReportPlanUnit> units = {};
  std::vector<std::string> milestone_labels = {}; ///< "2026年", or empty for "1", "2", …
  std::vector<double> milestones = {};
  std::optional<int> months_left = std::nullopt;
};

/// One unit of a score card, as scheme.hpp's UnitScore gives it.
struct ReportScoreUnit {
  std::string name = {};
  double total = 0; ///< already rounded to the card's decimals
  std::string grade = {};
  int rank = 0;
  bool vetoed = false;
  std::vector<std::string> lost = {}; ///< each item that lost points: "婚检率 11.48/15"
  std::string next = {};              ///< the smallest change to the next grade, or empty
};

/// An assessment scheme's results (scheme.hpp; docs/report.md §9): a table of units in the
/// order given (rank order), each total with its grade coloured by the grade's place.
struct ReportScoreCard {
  std::string name = {};
  /// Highest first, as Scheme::grades; a total below the last is `fail_grade`.
  std::vector<std::string> grade_names = {};
  std::vector<double> grade_minimums = {};
  std::string fail_grade = "不合格";
  int decimals = 2;
  std::vector<ReportScoreUnit> units = {};
};

/// The whole page.
struct ReportDocument {
  std::string title = {};
  std::string period_label = {}; ///< "2024年1—5月"
  std::string as_of = {};        ///< "2024-05-31", empty when there is none
  std::string subject = {};      ///< the org unit the rows are for ("八公山区"), may be empty
  std::vector<ReportIndicatorRow> rows = {};
  std::vector<ReportUnitRanking> rankings = {};
  /// The narrative paragraph, one sentence per string, printed in order beside the figures.
  std::vector<std::string> narrative = {};
  Language language = Language::zh;
  /// The fund section, shown when not empty (zhibiao report --funds FILE).
  std::vector<ReportFund> funds = {};
  /// The planned-target sections, shown when not empty (zhibiao report --plan FILE).
  std::vector<ReportPlan> plans = {};
  /// The score cards, shown when not empty (zhibiao report --scheme FILE).
  std::vector<ReportScoreCard> score_cards = {};
};

/// The text a value prints as at `decimals`: "94.13" (1506 of 1600 at multiplier 100, exactly;
/// docs/units-and-rounding.md §3), "—" for NaN or ±inf. Counts that are NaN, or a multiplier of
/// 0, print the value half up on its shortest decimal.
std::string report_value_text(const ReportValue& value, int decimals, std::int64_t multiplier);

/// The status a row shows: no_data for a value that is not finite, `given` otherwise.
ReportStatus shown_status(const ReportValue& value, ReportStatus given) noexcept;

/// The end of a row's bar axis: its axis_max when given; otherwise 100 for a per cent value
/// whose value, target and time progress are all at most 100; otherwise the smallest 1, 2, 2.5
/// or 5 × 10^k at least as large as the largest of them (1 when they are all 0 or absent).
double report_axis_max(const ReportIndicatorRow& row);

/// The order in which a ranking lists its entries: indices into `entries`, best first by the
/// direction (ascending for lower_is_better), entries without a finite value last; equal
/// values keep their given order.
std::vector<std::size_t> ranking_order(const ReportUnitRanking& ranking);

/// The page: UTF-8 HTML5 with its style sheet inline and every chart inline SVG. Throws
/// zhibiao::invalid_input naming the field (rows[2].decimals, rankings[0].entries[1].value)
/// for decimals outside 0–15, an axis_max that is not positive and finite, or a month_labels
/// list of another length than monthly (when not empty); funds[1].execution for a rate or time
/// progress that is not finite, funds[1].band for a negative band; plans[0].units[2] for a
/// denominator that is not positive, plans[0].milestone_labels for another length than
/// milestones; score_cards[0].grade_minimums for another length than grade_names, or bounds
/// that are not finite and strictly decreasing; score_cards[0].units[3].total for a total that
/// is not finite; score_cards[0].decimals outside 0–15.
std::string write_html_report(const ReportDocument& document);

/// How build_report() reads an evaluated table.
struct ReportBuildOptions {
  std::string title = {};
  std::string period_label = {}; ///< by default the period's code
  /// The unit the rows are for (an index into the tree); by default the table's first row's.
  std::optional<std::size_t> subject_unit = std::nullopt;
  /// 序时进度 for quota-completion indicators: the period and the date (by whole months,
  /// Period::elapsed_share with ProgressBasis::months, as the command line's --as-of).
  std::optional<Date> as_of = std::nullopt;
  std::optional<Period> period = std::nullopt; ///< required with as_of
  Language language = Language::zh;
};

/// A document from the library's own results: `table` evaluated for one period, `target_of`
/// and `thresholds` as assess_threshold_column() takes them (one target index per row, −1 for
/// none; rows of a status other than ok are not assessed, as the command line does). The rows
/// are the subject unit's, one per indicator; each indicator's ranking lists the other units of
/// the table. `monthly`, when given, is the same indicators evaluated for the subject unit over
/// the period's months in order (its rows' period index is the month). Narrative sentences are
/// left to the caller. Throws zhibiao::invalid_input for columns of different lengths, an index
/// out of range, or as_of without period.
ReportDocument build_report(const EvaluationTable& table, const std::vector<Indicator>& indicators,
                            const OrgUnitTree& tree, std::span<const std::int64_t> target_of,
                            const std::vector<Threshold>& thresholds,
                            const ReportBuildOptions& options = {},
                            const EvaluationTable* monthly = nullptr);

} // namespace zhibiao
