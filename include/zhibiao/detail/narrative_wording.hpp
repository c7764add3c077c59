#pragma once
/// \file detail/narrative_wording.hpp
/// The sentences of the assessment and comparison results' summary() methods, built in
/// src/narrative.cpp beside the public narrate() sentences so that every sentence the library
/// prints lives in one file. Internal: the public entry points are the summary() methods.

#include "zhibiao/assessment.hpp"
#include "zhibiao/comparison.hpp"
#include "zhibiao/target.hpp"
#include "zhibiao/unit.hpp"

#include <string>
#include <vector>

namespace zhibiao::detail {

/// QuotaAssessment::summary: "完成全年任务的40.82%，序时进度41.67%，落后序时进度0.85个百分点".
std::string quota_summary(const QuotaAssessment& a, Language language);
/// ThresholdAssessment::summary: "83.9%，未达到目标≥90%，差6.1个百分点".
std::string threshold_summary(const ThresholdAssessment& a, const Threshold& threshold,
                              int decimals, Language language);
/// Comparison::summary: the change clause of narrate(Comparison) and the significance.
std::string comparison_summary(const Comparison& c, int decimals);
/// assess()'s sentence for an improvement: "达到改进目标，变化2.00（2.22%）".
std::string improvement_summary(const ImprovementAssessment& a);
/// assess()'s sentence for a staged schedule: "应完成50.00%，已完成60.00%".
std::string schedule_summary(const ScheduleAssessment& a);
/// assess()'s sentence for an either-or target from its options' sentences.
std::string either_or_summary(bool reached, const std::vector<std::string>& option_summaries);

} // namespace zhibiao::detail
