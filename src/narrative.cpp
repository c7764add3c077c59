// Every sentence the library prints about a figure (docs/narrative.md): the public narrate()
// shapes and the summary() methods of assessment.hpp and comparison.hpp. Numbers go through the
// one exact half-up rounding (detail/decimal_digits.hpp); a figure that is not finite is refused
// before any text is built, so no sentence says "nan" or "inf".
#include "zhibiao/narrative.hpp"

#include "zhibiao/decimal.hpp"
#include "zhibiao/detail/decimal_digits.hpp"
#include "zhibiao/detail/narrative_wording.hpp"
#include "zhibiao/detail/numeric.hpp"
#include "zhibiao/detail/rows.hpp"
#include "zhibiao/error.hpp"

#include <cmath>
#include <string>
#include <string_view>

namespace zhibiao {

namespace {

void require_finite(double x, std::string_view field) {
  if (!std::isfinite(x))
    throw invalid_input(std::string(field), "must be a finite number to be narrated, got " +
                                                std::string(std::isnan(x) ? "NaN" : "infinity"));
}

// x rounded half up to `decimals` digits, in fixed notation ("94.13", "0.85").
std::string fixed(double x, int decimals, std::string_view field) {
  require_finite(x, field);
  detail::check_decimals(decimals);
  return detail::fixed_text(detail::round_digits_half_up(x, decimals));
}

// Trailing zeros after the point dropped ("44.00" → "44", "10.50" → "10.5"): how reports print a
// relative change or a figure in 万 (增长44%, 1.3亿元).
std::string trimmed(std::string text) {
  if (text.find('.') == std::string::npos) return text;
  while (!text.empty() && text.back() == '0') text.pop_back();
  if (!text.empty() && text.back() == '.') text.pop_back();
  return text;
}

bool prints_as_zero(const std::string& text) {
  return text.find_first_not_of("0.-") == std::string::npos;
}

// |value| / divisor rounded half up on the exact rational, trailing zeros dropped, with the sign.
std::string scaled(double value, double divisor, int decimals) {
  const auto r = detail::round_ratio_digits(std::abs(value), divisor, 1, decimals);
  std::string text = trimmed(detail::fixed_text(r));
  return value < 0 && !prints_as_zero(text) ? "-" + text : text;
}

// "164318" → "164,318" (English digit groups); the part after the point is left alone.
std::string grouped(const std::string& text) {
  const std::size_t sign = !text.empty() && text[0] == '-' ? 1 : 0;
  std::size_t point = text.find('.');
  if (point == std::string::npos) point = text.size();
  std::string out = text.substr(0, sign);
  const std::size_t digits = point - sign;
  for (std::size_t i = 0; i < digits; ++i) {
    if (i > 0 && (digits - i) % 3 == 0) out += ',';
    out += text[sign + i];
  }
  return out + text.substr(point);
}

bool is_money(std::string_view noun) { return noun == "元"; }

// The bound's own number as written (90, 8, 12.5): the shortest decimal that reads back.
std::string bound_number(double x) {
  require_finite(x, "threshold.value");
  return Decimal::from_double(x).to_string();
}

bool english(const NarrativeOptions& o) { return o.language == Language::en; }

void check_options(const NarrativeOptions& o) {
  detail::check_decimals(o.decimals);
  if (!(o.myriad_from >= 0) || !std::isfinite(o.myriad_from))
    throw invalid_input("myriad_from", "must be a finite number ≥ 0 (0: never print 万)");
}

// What opens a Chinese sentence ("2024年上半年，") and the English subject ("Coverage (2024S1)").
std::string zh_opening(const Subject& s, const NarrativeOptions& o) {
  return s.period ? period_label(*s.period, o) + "，" : std::string();
}

std::string en_head(const Subject& s, const NarrativeOptions& o) {
  std::string head = s.name;
  // Appended piece by piece: GCC 12 warns falsely (-Wrestrict) on const char* + std::string&&.
  if (s.period) {
    if (!head.empty()) head += ' ';
    head.append("(").append(period_label(*s.period, o)).append(")");
  }
  return head;
}

std::string capitalised(std::string text) {
  if (!text.empty() && text[0] >= 'a' && text[0] <= 'z') text[0] = static_cast<char>(text[0] - 32);
  return text;
}

std::string points_word(const NarrativeOptions& o) {
  return english(o) ? " percentage points" : "个百分点";
}

// The interval of a significance-weighed assessment, after its value: "（95%置信区间99.42–131.30）"
// ("(95% CI 99.42–131.30)"); the limits take the value's decimals and unit. Nothing without one.
std::string interval_clause(const std::optional<Interval>& interval, double confidence,
                            int decimals, Language language) {
  if (!interval) return {};
  const std::string level = trimmed(fixed(confidence * 100, 2, "confidence")) + "%";
  const std::string limits =
      fixed(interval->lower, decimals, "lower") + "–" + fixed(interval->upper, decimals, "upper");
  return language == Language::en ? " (" + level + " CI " + limits + ")"
                                  : "（" + level + "置信区间" + limits + "）";
}
std::string interval_clause(const ThresholdAssessment& a, int decimals, Language language) {
  return interval_clause(a.interval, a.confidence, decimals, language);
}

// The clause of progress against time: the pace is the assessment's (its 序时进度 and
// tolerance); a gap that prints as 0 is on schedule.
std::string progress_clause(const QuotaAssessment& a, const NarrativeOptions& o) {
  const std::string gap = fixed(std::abs(a.lead), o.decimals, "lead");
  const bool level = a.pace == Pace::on_schedule || prints_as_zero(gap);
  if (english(o)) {
    if (level) return "in line with time progress";
    return gap + " percentage points " + (a.pace == Pace::ahead ? "above" : "below") +
           " time progress";
  }
  if (level) return "达到序时进度";
  return std::string(a.pace == Pace::ahead ? "高于" : "低于") + "序时进度" + gap + "个百分点";
}

// The bound in words: 不低于90%, 低于8‰, 不少于1000人, 85%至95%.
std::string goal_zh(const Threshold& t) {
  const bool count = !t.count_unit.empty();
  const std::string suffix = count ? t.count_unit : std::string(t.unit.suffix(Language::zh));
  const std::string v = bound_number(t.value) + suffix;
  switch (t.bound) {
  case Bound::at_least: return (count ? "不少于" : "不低于") + v;
  case Bound::more_than: return (count ? "多于" : "高于") + v;
  case Bound::at_most: return (count ? "不多于" : "不高于") + v;
  case Bound::less_than: return (count ? "少于" : "低于") + v;
  case Bound::equal_to: return v;
  case Bound::within: return v + "至" + bound_number(t.upper) + suffix;
  }
  return v;
}

// The bound in English: "at least 90%", "less than 8 per 1,000", "at least 1,000" (a count's
// Chinese noun is left out), "between 85% and 95%".
std::string goal_en(const Threshold& t) {
  const bool count = !t.count_unit.empty();
  const std::string suffix = count ? std::string() : std::string(t.unit.suffix(Language::en));
  const auto number = [&](double x) {
    return (count ? grouped(bound_number(x)) : bound_number(x)) + suffix;
  };
  const std::string v = number(t.value);
  switch (t.bound) {
  case Bound::at_least: return "at least " + v;
  case Bound::more_than: return "more than " + v;
  case Bound::at_most: return "at most " + v;
  case Bound::less_than: return "less than " + v;
  case Bound::equal_to: return v;
  case Bound::within: return "between " + v + " and " + number(t.upper);
  }
  return v;
}

// The shortfall's unit: percentage points for per cent, else the value's own suffix or noun.
std::string gap_unit(const Threshold& t, const NarrativeOptions& o) {
  if (t.unit == Unit::percent() && t.count_unit.empty()) return points_word(o);
  if (!t.count_unit.empty()) return english(o) ? std::string() : t.count_unit;
  return std::string(t.unit.suffix(o.language));
}

// The value of a row or threshold sentence in its unit, the noun after it for a count.
std::string value_text(double value, Unit unit, std::string_view noun, const NarrativeOptions& o) {
  if (!noun.empty() && unit == Unit::ratio()) return count_text(value, noun, o);
  return figure_text(value, unit, o, noun);
}

// A name in the per-1,000-population unit reads 每千人口…: 每千人口医疗卫生机构床位数4.50张. A name
// that says 千人口 anywhere already carries it (示例区每千人口托位数: the place comes first), so
// the rule adds nothing to it; row_subject puts the words after a place.
std::string zh_name(const std::string& name, Unit unit) {
  if (unit == Unit::per_1000_population() && !name.empty() &&
      name.find("千人口") == std::string::npos)
    return "每千人口" + name;
  return name;
}

} // namespace

// --- numbers and periods -----------------------------------------------------------------------

std::string row_subject(std::string_view place, std::string_view name, Unit unit,
                        const NarrativeOptions& options) {
  if (english(options)) {
    std::string out(place);
    if (!out.empty() && !name.empty()) out += ' ';
    return out.append(name);
  }
  return std::string(place) + zh_name(std::string(name), unit);
}

std::string period_label(const Period& period, const NarrativeOptions& options) {
  if (options.period_labels == PeriodLabels::dhis2 || english(options)) return period.code();
  return period.chinese();
}

std::string count_text(double value, std::string_view noun, const NarrativeOptions& o) {
  require_finite(value, "count");
  check_options(o);
  const double size = std::abs(value);
  const bool money = is_money(noun);
  if (english(o)) {
    const std::string unit = money ? " yuan" : "";
    if (money && size >= 1e6) return scaled(value, 1e6, 2) + " million" + unit;
    if (!money && o.myriad_from > 0 && size >= o.myriad_from) {
      if (size >= 1e8) return scaled(value, 1e6, 2) + " million";
      return grouped(scaled(value, 1e3, 2)) + " thousand";
    }
    return grouped(trimmed(fixed(value, 2, "count"))) + unit;
  }
  const std::string n(noun);
  if (size >= 1e8 && (money || o.myriad_from > 0)) return scaled(value, 1e8, 2) + "亿" + n;
  if ((money && size >= 1e4) || (!money && o.myriad_from > 0 && size >= o.myriad_from))
    return scaled(value, 1e4, 2) + "万" + n;
  return trimmed(fixed(value, 2, "count")) + n;
}

std::string figure_text(double value, Unit unit, const NarrativeOptions& o, std::string_view noun) {
  check_options(o);
  const std::string v = fixed(value, o.decimals, "value");
  // 每千人口床位数4.50张: the per-1,000-population unit is in the name, the noun follows.
  if (unit == Unit::per_1000_population() && !noun.empty() && !english(o))
    return v + std::string(noun);
  return v + std::string(unit.suffix(o.language));
}

// --- quotas ------------------------------------------------------------------------------------

std::string narrate(const QuotaAssessment& a, const Subject& s, const NarrativeOptions& o) {
  check_options(o);
  require_finite(a.done, "done");
  require_finite(a.quota, "quota");
  require_finite(a.time_progress, "time_progress");
  if (!(a.quota > 0)) throw invalid_input("quota", "must be positive to be narrated");
  if (a.done < 0) throw invalid_input("done", "must be ≥ 0 to be narrated");
  // The completion from the counts, rounded on the exact rational: 1506 / 1600 = 94.125 % →
  // 94.13, which done / quota × 100 in doubles may land just below.
  const auto rounded = detail::round_ratio_digits(a.done, a.quota, 100, o.decimals);
  if (!rounded.finite) throw invalid_input("quota", "makes the completion overflow (溢出)");
  const std::string completion = detail::fixed_text(rounded) + "%";
  const bool running = a.time_progress < 100;
  const bool year = !s.period || !s.period->month_aligned() || s.period->months() == 12;
  if (english(o)) {
    const std::string head = en_head(s, o);
    std::string text = head.empty() ? "Quota " : head + ": quota ";
    text += count_text(a.quota, s.noun, o) + ", " + count_text(a.done, s.noun, o) + " done, ";
    text += running ? completion + " of the " + (year ? "year's" : "period's") + " quota, " +
                          progress_clause(a, o)
                    : "completion " + completion;
    return text + ".";
  }
  std::string text = zh_opening(s, o) + s.name + "任务数" + count_text(a.quota, s.noun, o) +
                     "，已完成" + count_text(a.done, s.noun, o) + "，";
  text += running ? std::string("完成") + (year ? "全年" : "本期") + "任务的" + completion + "，" +
                        progress_clause(a, o)
                  : "任务完成率" + completion;
  return text + "。";
}

// --- thresholds --------------------------------------------------------------------------------

std::string narrate(const ThresholdAssessment& a, const Threshold& t, const Subject& s,
                    const NarrativeOptions& o) {
  check_options(o);
  require_finite(a.value, "value");
  require_finite(a.shortfall, "shortfall");
  require_finite(t.value, "threshold.value");
  if (t.bound == Bound::within) require_finite(t.upper, "threshold.upper");
  const std::string noun = t.count_unit.empty() ? s.noun : t.count_unit;
  const std::string value = value_text(a.value, t.unit, noun, o);
  const std::string gap = a.reached ? std::string() : fixed(a.shortfall, o.decimals, "shortfall");
  // With a significance test the verdict is the interval's: where the data cannot tell, the
  // sentence says so and claims neither (issue 20 item 4).
  const std::string ci = interval_clause(a, o.decimals, o.language);
  const bool cannot_tell = a.verdict == TargetVerdict::not_distinguishable;
  if (english(o)) {
    const std::string head = en_head(s, o);
    std::string text = (head.empty() ? "" : head + " ") + value + ci;
    text += cannot_tell ? ": not distinguishable from the target of " + goal_en(t)
            : a.reached ? ": meets the target of " + goal_en(t)
                        : ": misses the target of " + goal_en(t) + " by " + gap + gap_unit(t, o);
    return text + ".";
  }
  std::string text = zh_opening(s, o) + zh_name(s.name, t.unit) + value + ci + "，";
  text += cannot_tell ? "与" + goal_zh(t) + "的目标差异无统计学意义"
          : a.reached ? "达到" + goal_zh(t) + "的目标"
                      : "未达到" + goal_zh(t) + "的目标，差" + gap + gap_unit(t, o);
  return text + "。";
}

// --- comparisons -------------------------------------------------------------------------------

std::string change_clause(const Comparison& c, const NarrativeOptions& o) {
  check_options(o);
  require_finite(c.change, "change");
  const bool en = english(o);
  const std::string same = en ? "the same period last year" : "去年同期";
  const auto level = [&] { return en ? "unchanged on " + same : "与" + same + "持平"; };
  // Proportions change in points of their unit, rates and counts in per cent of last year's
  // figure (docs/units-and-rounding.md §6); a rate after a zero has no per cent, only units.
  if (!c.proportion && c.relative_change) {
    require_finite(*c.relative_change, "relative_change");
    const std::string r = trimmed(fixed(std::abs(*c.relative_change), o.decimals, "change"));
    if (prints_as_zero(r)) return level();
    const bool up = *c.relative_change > 0;
    if (en) return std::string(up ? "up " : "down ") + r + "% on " + same;
    return "较" + same + (up ? "增长" : "下降") + r + "%";
  }
  const std::string d = fixed(std::abs(c.change), o.decimals, "change");
  if (prints_as_zero(d)) return level();
  const bool up = c.change > 0;
  const std::string unit = c.proportion && c.unit == Unit::percent()
                               ? points_word(o)
                               : std::string(c.unit.suffix(o.language));
  if (en) return std::string(up ? "up " : "down ") + d + unit + " on " + same;
  return "较" + same + (up ? "增加" : "下降") + d + unit;
}

std::string narrate(const Comparison& c, const Subject& s, const NarrativeOptions& o) {
  const std::string clause = change_clause(c, o);
  if (s.name.empty()) {
    if (english(o))
      return capitalised(clause) + (s.period ? " (" + period_label(*s.period, o) + ")" : "") + ".";
    return zh_opening(s, o) + clause + "。";
  }
  const std::string value = c.proportion || c.unit != Unit::ratio()
                                ? figure_text(c.current, c.unit, o, s.noun)
                                : count_text(c.current, s.noun, o);
  if (english(o)) return en_head(s, o) + " " + value + ", " + clause + ".";
  return zh_opening(s, o) + zh_name(s.name, c.unit) + value + "，" + clause + "。";
}

// --- tables ------------------------------------------------------------------------------------

std::vector<std::string>
narrate_threshold_rows(std::span<const double> value, std::span<const std::int64_t> target,
                       const std::vector<Threshold>& thresholds,
                       const std::vector<std::string>& name,
                       const std::vector<std::optional<Period>>& period, std::span<const Unit> unit,
                       std::span<const int> decimals, const NarrativeOptions& options) {
  check_options(options);
  const std::size_t n = value.size();
  detail::require_rows(target.size(), "target", n, "value");
  detail::require_rows(name.size(), "name", n, "value");
  detail::require_rows(period.size(), "period", n, "value");
  if (!unit.empty()) detail::require_rows(unit.size(), "unit", n, "value");
  if (!decimals.empty()) detail::require_rows(decimals.size(), "decimals", n, "value");
  std::vector<std::string> out;
  out.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    const std::int64_t t = target[i];
    detail::require_index(t, i, thresholds.size());
    NarrativeOptions o = options;
    if (!decimals.empty()) o.decimals = decimals[i];
    const Subject s{name[i], "", period[i]};
    try {
      if (std::isnan(value[i])) {
        const std::string head = en_head(s, o);
        out.push_back(english(o) ? (head.empty() ? "No value." : head + ": no value.")
                                 : zh_opening(s, o) + s.name + "无数据。");
        continue;
      }
      const Unit u = !unit.empty() ? unit[i]
                     : t >= 0      ? thresholds[static_cast<std::size_t>(t)].unit
                                   : Unit::ratio();
      if (t < 0) {
        const std::string v = figure_text(value[i], u, o);
        out.push_back(english(o) ? (en_head(s, o).empty() ? v : en_head(s, o) + " " + v) + "."
                                 : zh_opening(s, o) + zh_name(s.name, u) + v + "。");
        continue;
      }
      const Threshold& th = thresholds[static_cast<std::size_t>(t)];
      if (u != th.unit)
        throw invalid_input("unit", "is " + std::string(u.code()) + " but the threshold " +
                                        th.describe() + " is in " + std::string(th.unit.code()));
      out.push_back(narrate(assess_threshold(value[i], th), th, s, o));
    } catch (const invalid_input& e) {
      std::string what = e.what();
      const std::string prefix = e.field() + ": ";
      if (what.rfind(prefix, 0) == 0) what.erase(0, prefix.size());
      throw invalid_input(e.field(), "row " + std::to_string(i) + ": " + what);
    }
  }
  return out;
}

std::vector<std::string>
narrate_table(const EvaluationTable& table, const std::vector<Indicator>& indicators,
              const std::vector<Period>& periods,
              const std::map<std::string, Threshold, std::less<>>& thresholds,
              const std::vector<std::string>& org_unit_names, const NarrativeOptions& options) {
  const auto [used, of_indicator] = index_thresholds(indicators, thresholds);
  const std::size_t n = table.size();
  std::vector<double> value(n);
  std::vector<std::int64_t> target(n);
  std::vector<std::string> name(n);
  std::vector<std::optional<Period>> period(n);
  std::vector<Unit> unit(n, Unit::ratio());
  std::vector<int> decimals(n);
  const auto out_of_range = [](const char* field, std::size_t row, std::size_t k, std::size_t of) {
    return invalid_input(field, "row " + std::to_string(row) + " names " + std::to_string(k) +
                                    " of " + std::to_string(of));
  };
  for (std::size_t i = 0; i < n; ++i) {
    const std::size_t k = table.indicator[i];
    if (k >= indicators.size()) throw out_of_range("table", i, k, indicators.size());
    const Indicator& ind = indicators[k];
    if (table.period[i] >= periods.size())
      throw out_of_range("periods", i, table.period[i], periods.size());
    std::string org;
    if (!org_unit_names.empty()) {
      if (table.org_unit[i] >= org_unit_names.size())
        throw out_of_range("org_unit_names", i, table.org_unit[i], org_unit_names.size());
      org = org_unit_names[table.org_unit[i]];
    }
    const bool en = english(options);
    const std::string& ind_name = en ? (ind.name_en.empty() ? ind.id : ind.name_en)
                                     : (ind.name_zh.empty() ? ind.id : ind.name_zh);
    name[i] = row_subject(org, ind_name, ind.unit, options);
    period[i] = periods[table.period[i]];
    value[i] = std::isfinite(table.value[i]) ? table.value[i] : detail::nan;
    target[i] = of_indicator[k];
    unit[i] = ind.unit;
    decimals[i] = ind.decimals;
  }
  return narrate_threshold_rows(value, target, used, name, period, unit, decimals, options);
}

// --- the summary() sentences ---------------------------------------------------------------------

namespace detail {

std::string quota_summary(const QuotaAssessment& a, Language language) {
  const std::string c = fixed(a.completion, a.decimals, "completion");
  const std::string t = fixed(a.time_progress, a.decimals, "time_progress");
  const std::string gap = fixed(std::abs(a.lead), a.decimals, "lead");
  if (language == Language::en) {
    const std::string pace_text = a.pace == Pace::ahead    ? gap + " points ahead of schedule"
                                  : a.pace == Pace::behind ? gap + " points behind schedule"
                                                           : "on schedule";
    return c + "% of the quota done against " + t + "% of the time elapsed: " + pace_text;
  }
  const std::string pace_text = a.pace == Pace::ahead ? "超过序时进度" + gap + "个百分点"
                                : a.pace == Pace::behind ? "落后序时进度" + gap + "个百分点"
                                                         : "与序时进度持平";
  return "完成全年任务的" + c + "%，序时进度" + t + "%，" + pace_text;
}

std::string threshold_summary(const ThresholdAssessment& a, const Threshold& threshold,
                              int decimals, Language language) {
  const std::string v = fixed(a.value, decimals, "value") +
                        std::string(threshold.unit.suffix(language)) +
                        interval_clause(a, decimals, language);
  const std::string goal = threshold.describe(language);
  const bool cannot_tell = a.verdict == TargetVerdict::not_distinguishable;
  if (language == Language::en)
    return v +
           (cannot_tell ? " is not distinguishable from the target "
            : a.reached ? " meets the target "
                        : " misses the target ") +
           goal +
           (a.reached || cannot_tell ? "" : " by " + fixed(a.shortfall, decimals, "shortfall"));
  if (cannot_tell) return v + "，与目标" + goal + "差异无统计学意义";
  const bool percent = threshold.unit == Unit::percent();
  return v + (a.reached
                  ? "，达到目标" + goal
                  : "，未达到目标" + goal + "，差" + fixed(a.shortfall, decimals, "shortfall") +
                        (percent ? "个百分点" : std::string(threshold.unit.suffix(language))));
}

std::string comparison_summary(const Comparison& c, int decimals) {
  NarrativeOptions o;
  o.decimals = decimals;
  return change_clause(c, o) + (c.significant ? "（差异有统计学意义）" : "（差异无统计学意义）");
}

std::string improvement_summary(const ImprovementAssessment& a) {
  const std::string change =
      "变化" + fixed(a.change_points, 2, "change") +
      (a.change_relative ? "（" + fixed(*a.change_relative, 2, "change") + "%）" : "");
  // With the change's interval (issue 20 item 4) the sentence gives it and, where it holds the
  // target's bound, claims neither outcome: "变化-8.00（-40.00%）（95%置信区间-90.68–208.39），
  // 与改进目标差异无统计学意义".
  const std::string ci = interval_clause(a.interval, a.confidence, 2, Language::zh);
  if (a.verdict == TargetVerdict::not_distinguishable)
    return change + ci + "，与改进目标差异无统计学意义";
  return std::string(a.reached ? "达到" : "未达到") + "改进目标，" + change + ci;
}

std::string schedule_summary(const ScheduleAssessment& a) {
  return "应完成" + fixed(a.required_share * 100, 2, "required_share") + "%，已完成" +
         fixed(a.done_share * 100, 2, "done_share") + "%";
}

std::string either_or_summary(bool reached, const std::vector<std::string>& option_summaries) {
  std::string parts;
  for (const auto& s : option_summaries) parts += (parts.empty() ? "" : "；或") + s;
  return std::string(reached ? "达到目标（满足其一）：" : "未达到任一目标：") + parts;
}

} // namespace detail

} // namespace zhibiao
