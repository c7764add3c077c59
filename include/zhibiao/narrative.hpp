#pragma once
/// \file narrative.hpp
/// The sentences a work summary prints about its figures, in Chinese and English, built in one
/// place (src/narrative.cpp): quota completion, progress against time (序时进度), change on the
/// same period last year (同比), a threshold met or missed, and one sentence per row of an
/// assessed table. docs/narrative.md lists the shapes and the rounding.
///
///     // Seed 000: 免费婚前医学检查任务数为1600人 … 已为1506人 … 任务完成率94.13%.
///     auto quota = zhibiao::Quota::of(1600, zhibiao::Period::year(2019));
///     auto a = zhibiao::assess_quota(1506, quota, zhibiao::Date(2019, 12, 31));
///     zhibiao::narrate(a, {"免费婚前医学检查", "人"});
///     // "免费婚前医学检查任务数1600人，已完成1506人，任务完成率94.13%。"
///     zhibiao::narrate(a, {"Premarital check", "人"}, {.language = zhibiao::Language::en});
///     // "Premarital check: quota 1,600, 1,506 done, completion 94.13%."
///
/// Every figure is rounded half up on its exact decimal (detail/decimal_digits.hpp), never by
/// printf. A NaN or infinite figure is refused (zhibiao::invalid_input naming it): no sentence
/// says "nan" or "inf".
///
/// Thread safety: the narrate functions keep no state and may be called from any thread.

#include "zhibiao/assessment.hpp"
#include "zhibiao/comparison.hpp"
#include "zhibiao/evaluation.hpp"
#include "zhibiao/export.hpp"
#include "zhibiao/period.hpp"
#include "zhibiao/target.hpp"
#include "zhibiao/unit.hpp"

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace ZHIBIAO_API zhibiao {

/// How a sentence names its period: the Chinese expression reports print (2024年上半年,
/// 2019统计年度, 2024年1-6月) or the DHIS2 code (2024S1, 2018Oct, 2024-01-01/2024-06-30).
enum class PeriodLabels : std::uint8_t { chinese = 0, dhis2 = 1 };

struct NarrativeOptions {
  Language language = Language::zh;
  PeriodLabels period_labels = PeriodLabels::chinese;
  /// Digits after the point of rates, completions, points and time progress, 0–15.
  int decimals = 2;
  /// Counts at or above this print in 万 (亿 from 10^8; English: thousand, million); 0 for
  /// never. Money (the noun 元) prints in 万元 from 1万 and 亿元 from 1亿 whatever this is, as the
  /// seeds print funds (323.172万元, 1.3亿元); English: million yuan from 1 million.
  double myriad_from = 100000;
};

/// What a sentence is about: the indicator or task name as the sentence should print it (in the
/// sentence's language), the noun its counts take (人, 剂次, 对, 人次, 元; "" for none) and the
/// period it covers, printed first (none: not printed).
struct Subject {
  std::string name = {};
  std::string noun = {};
  std::optional<Period> period = std::nullopt;
};

/// The subject of a row sentence: a place, then what is measured. Chinese joins them directly
/// and, in the per-1,000-population unit, puts 每千人口 before a name that does not say 千人口,
/// after the place: ("示例区", "医疗卫生机构床位数") → "示例区每千人口医疗卫生机构床位数";
/// English joins them with a space.
std::string row_subject(std::string_view place, std::string_view name, Unit unit,
                        const NarrativeOptions& options = {});

/// "2024年上半年" / "2019统计年度" / "2024年1-6月" (Period::chinese, statistical year from
/// October), or the period's DHIS2 code with PeriodLabels::dhis2. English sentences use the code.
std::string period_label(const Period& period, const NarrativeOptions& options = {});

/// A count as a report prints it: "1506人", "2.35万人", "1.2亿元", "42万人次" (Chinese, at most two
/// decimals in 万 and 亿, trailing zeros dropped); "1,506", "23.5 thousand", "120 million yuan"
/// (English). Throws zhibiao::invalid_input naming "count" for a NaN or infinite value.
std::string count_text(double value, std::string_view noun, const NarrativeOptions& options = {});

/// A figure in its unit: "94.13%", "4.86‰", "153.90/10万", "2.36" (per 1,000 population, the noun
/// follows: "4.50张"). Throws zhibiao::invalid_input naming "value" for a NaN or infinite value.
std::string figure_text(double value, Unit unit, const NarrativeOptions& options = {},
                        std::string_view noun = {});

/// Quota completion, and progress against time while the period runs:
/// "免费婚前医学检查任务数1600人，已完成1506人，任务完成率94.13%。" (time progress 100 %), or
/// "…任务数164318剂次，已完成67072剂次，完成全年任务的40.82%，低于序时进度0.85个百分点。"
/// (高于…, 达到序时进度 when the assessment is on schedule or the gap prints as 0). The pace is the
/// assessment's (its 序时进度 and tolerance); "全年" when the subject's period has 12 months or
/// none is given, else "本期".
std::string narrate(const QuotaAssessment& assessment, const Subject& subject = {},
                    const NarrativeOptions& options = {});

/// A value against its threshold: "婚检率90.18%，达到不低于90%的目标。",
/// "婚检率88.65%，未达到不低于90%的目标，差1.35个百分点。".
std::string narrate(const ThresholdAssessment& assessment, const Threshold& threshold,
                    const Subject& subject = {}, const NarrativeOptions& options = {});

/// A change on the same period last year: "区内住院率63.15%，较去年同期增加3.56个百分点。"
/// (proportions in per cent: percentage points), "门急诊122871人次，较去年同期增长44%。" (rates and
/// counts: per cent of last year, trailing zeros dropped), "…与去年同期持平。" when the change
/// prints as 0. Without a name only the change is printed.
std::string narrate(const Comparison& comparison, const Subject& subject = {},
                    const NarrativeOptions& options = {});

/// The change clause alone, as narrate(Comparison) prints it: "较去年同期增加3.56个百分点",
/// "较去年同期增长44%", "与去年同期持平" ("up 3.56 percentage points on the same period last
/// year").
std::string change_clause(const Comparison& comparison, const NarrativeOptions& options = {});

/// One sentence per row of a table assessed against thresholds (the rows of assess_thresholds):
/// the row's name (org unit and indicator, either may be empty), period label, value in `unit`
/// and its outcome. `target[i]` indexes `thresholds` or is −1 (no target: the value alone); a NaN
/// value gives "…无数据。" ("…: no value."). `unit` and `decimals` are per row, or empty (the
/// threshold's unit, options.decimals). Every row is assessed as assess_threshold() assesses it.
/// Throws zhibiao::invalid_input for columns of different lengths, a target out of range or an
/// infinite value, naming the row.
std::vector<std::string>
narrate_threshold_rows(std::span<const double> value, std::span<const std::int64_t> target,
                       const std::vector<Threshold>& thresholds,
                       const std::vector<std::string>& name,
                       const std::vector<std::optional<Period>>& period, std::span<const Unit> unit,
                       std::span<const int> decimals, const NarrativeOptions& options = {});

/// narrate_threshold_rows over an evaluated table (evaluate()'s result for `indicators` and
/// `periods`) and the thresholds of assess_thresholds: each row named by its org unit
/// (`org_unit_names[table.org_unit[i]]`, or nothing when the list is empty) and its indicator's
/// name in the sentence's language, in its unit and decimals. Throws zhibiao::invalid_input as
/// assess_thresholds does, and naming "org_unit_names" or "periods" for an index out of range.
std::vector<std::string>
narrate_table(const EvaluationTable& table, const std::vector<Indicator>& indicators,
              const std::vector<Period>& periods,
              const std::map<std::string, Threshold, std::less<>>& thresholds,
              const std::vector<std::string>& org_unit_names = {},
              const NarrativeOptions& options = {});

} // namespace zhibiao
