// The HTML report (report.hpp): the page, the value texts, the ranking order and the builder
// from an evaluated table. The charts are drawn by src/report_svg.cpp.

#include "zhibiao/report.hpp"

#include "report_svg.hpp"

#include "zhibiao/decimal.hpp"
#include "zhibiao/error.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>

namespace zhibiao {

using report_detail::escape_html;

std::string_view report_status_label(ReportStatus status, Language language) {
  const bool zh = language == Language::zh;
  switch (status) {
  case ReportStatus::met: return zh ? "达标" : "met";
  case ReportStatus::not_met: return zh ? "未达标" : "not met";
  case ReportStatus::partial: return zh ? "数据不全" : "partial data";
  case ReportStatus::no_data: return zh ? "无数据" : "no data";
  case ReportStatus::not_assessed: return zh ? "未设目标" : "no target";
  }
  return zh ? "无数据" : "no data";
}

// As the command line prints a value (tools/zhibiao/evaluate_command.cpp, value_text): exactly
// from the counts when it is their ratio, else half up on its shortest decimal.
std::string report_value_text(const ReportValue& v, int decimals, std::int64_t multiplier) {
  if (!std::isfinite(v.value)) return "—";
  if (multiplier > 0 && std::isfinite(v.numerator) && std::isfinite(v.denominator) &&
      v.denominator != 0) {
    try {
      return round_ratio_half_up(v.numerator, v.denominator, multiplier, decimals).to_string();
    } catch (const invalid_input&) {
      // Counts beyond the exact path (negative, too large): the value's own digits below.
    }
  }
  return Decimal::from_double(v.value).round_half_up(decimals).to_string();
}

ReportStatus shown_status(const ReportValue& value, ReportStatus given) noexcept {
  return std::isfinite(value.value) ? given : ReportStatus::no_data;
}

double report_axis_max(const ReportIndicatorRow& row) {
  if (row.axis_max) return *row.axis_max;
  double largest = 0;
  for (const auto& x :
       {std::optional<double>(row.value.value), row.target, row.target_upper, row.time_progress})
    if (x && std::isfinite(*x)) largest = std::max(largest, *x);
  return report_detail::axis_end(largest, row.unit_text == "%");
}

std::vector<std::size_t> ranking_order(const ReportUnitRanking& ranking) {
  std::vector<std::size_t> order(ranking.entries.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  const bool ascending = ranking.direction == Direction::lower_is_better;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    const double x = ranking.entries[a].value.value, y = ranking.entries[b].value.value;
    const bool fx = std::isfinite(x), fy = std::isfinite(y);
    if (fx != fy) return fx; // values first, the units without one last
    if (!fx) return false;
    return ascending ? x < y : x > y;
  });
  return order;
}

namespace {

void check_decimals(int decimals, const std::string& field) {
  if (decimals < 0 || decimals > 15)
    throw invalid_input(field, "decimals must be 0 to 15, not " + std::to_string(decimals));
}

void check_finite(const std::optional<double>& x, const std::string& field) {
  if (x && !std::isfinite(*x)) throw invalid_input(field, "must be a finite number when given");
}

void check(const ReportDocument& d) {
  for (std::size_t i = 0; i < d.rows.size(); ++i) {
    const auto& r = d.rows[i];
    const std::string at = "rows[" + std::to_string(i) + "].";
    check_decimals(r.decimals, at + "decimals");
    check_finite(r.target, at + "target");
    check_finite(r.target_upper, at + "target_upper");
    check_finite(r.time_progress, at + "time_progress");
    if (r.axis_max && !(std::isfinite(*r.axis_max) && *r.axis_max > 0))
      throw invalid_input(at + "axis_max", "must be positive and finite");
    if (!r.month_labels.empty() && r.month_labels.size() != r.monthly.size())
      throw invalid_input(at + "month_labels",
                          std::to_string(r.month_labels.size()) + " labels for " +
                              std::to_string(r.monthly.size()) + " monthly values");
    if (r.multiplier < 0) throw invalid_input(at + "multiplier", "must not be negative");
  }
  for (std::size_t i = 0; i < d.funds.size(); ++i) {
    const std::string at = "funds[" + std::to_string(i) + "].";
    const FundExecution& x = d.funds[i].execution;
    for (const auto& v : {x.arrival_rate, x.disbursement_rate, x.execution_rate,
                          std::optional<double>(x.time_progress)})
      check_finite(v, at + "execution");
    const SpendingBand& b = d.funds[i].band;
    if (!(std::isfinite(b.below) && b.below >= 0 && std::isfinite(b.above) && b.above >= 0))
      throw invalid_input(at + "band", "below and above must be finite points ≥ 0");
  }
  for (std::size_t i = 0; i < d.plans.size(); ++i) {
    const auto& p = d.plans[i];
    const std::string at = "plans[" + std::to_string(i) + "].";
    if (p.multiplier <= 0) throw invalid_input(at + "multiplier", "must be positive");
    check_finite(p.target, at + "target");
    for (std::size_t k = 0; k < p.units.size(); ++k)
      if (p.units[k].denominator <= 0 || p.units[k].last_year < 0 || p.units[k].target_count < 0)
        throw invalid_input(at + "units[" + std::to_string(k) + "]",
                            "a denominator > 0 and counts ≥ 0 are needed");
    for (std::size_t k = 0; k < p.milestones.size(); ++k)
      check_finite(p.milestones[k], at + "milestones[" + std::to_string(k) + "]");
    if (!p.milestone_labels.empty() && p.milestone_labels.size() != p.milestones.size())
      throw invalid_input(at + "milestone_labels",
                          std::to_string(p.milestone_labels.size()) + " labels for " +
                              std::to_string(p.milestones.size()) + " milestones");
  }
  for (std::size_t i = 0; i < d.score_cards.size(); ++i) {
    const ReportScoreCard& c = d.score_cards[i];
    const std::string at = "score_cards[" + std::to_string(i) + "].";
    check_decimals(c.decimals, at + "decimals");
    if (c.grade_minimums.size() != c.grade_names.size())
      throw invalid_input(at + "grade_minimums",
                          std::to_string(c.grade_minimums.size()) + " bounds for " +
                              std::to_string(c.grade_names.size()) + " grades");
    for (std::size_t k = 0; k < c.grade_minimums.size(); ++k)
      if (!std::isfinite(c.grade_minimums[k]) ||
          (k > 0 && !(c.grade_minimums[k] < c.grade_minimums[k - 1])))
        throw invalid_input(at + "grade_minimums", "must be finite and strictly decreasing");
    for (std::size_t k = 0; k < c.units.size(); ++k)
      if (!std::isfinite(c.units[k].total))
        throw invalid_input(at + "units[" + std::to_string(k) + "].total", "must be finite");
  }
  for (std::size_t i = 0; i < d.rankings.size(); ++i) {
    const std::string at = "rankings[" + std::to_string(i) + "].";
    check_decimals(d.rankings[i].decimals, at + "decimals");
    check_finite(d.rankings[i].target, at + "target");
    if (d.rankings[i].multiplier < 0)
      throw invalid_input(at + "multiplier", "must not be negative");
  }
}

struct Words {
  const char *lang, *period, *as_of, *subject, *indicators, *indicator, *value, *target, *bar,
      *status, *trend, *rankings, *rank, *unit, *higher, *lower, *neither, *narrative,
      *time_progress, *target_mark, *legend, *no_rows, *generated, *open, *separator, *close;
};

constexpr Words zh_words{"zh-CN",
                         "统计期间",
                         "截至",
                         "单位",
                         "指标完成情况",
                         "指标",
                         "数值",
                         "目标",
                         "对照目标",
                         "状态",
                         "月度趋势",
                         "各机构排名",
                         "名次",
                         "机构",
                         "越高越好，按降序排列",
                         "越低越好，按升序排列",
                         "无优劣方向，按降序排列",
                         "分析",
                         "序时进度",
                         "目标线",
                         "图例",
                         "无指标",
                         "由 zhibiao 生成",
                         "（",
                         "；",
                         "）"};
constexpr Words en_words{"en",
                         "Period",
                         "As of",
                         "Unit",
                         "Indicators",
                         "Indicator",
                         "Value",
                         "Target",
                         "Against target",
                         "Status",
                         "Monthly trend",
                         "Ranking of units",
                         "Rank",
                         "Unit",
                         "higher is better, descending",
                         "lower is better, ascending",
                         "no direction, descending",
                         "Commentary",
                         "time progress",
                         "target",
                         "Legend",
                         "no indicators",
                         "written by zhibiao",
                         " (",
                         "; ",
                         ")"};

// The CJK fonts first (Simplified Chinese forms before Japanese ones), then the system sans.
constexpr std::string_view style_sheet = R"(
body{font-family:"Noto Sans CJK SC","Noto Sans SC","Source Han Sans SC","Noto Sans CJK JP",
"Microsoft YaHei","PingFang SC","Hiragino Sans GB","WenQuanYi Micro Hei",sans-serif;
margin:24px;color:#1b1b1b;background:#fff;line-height:1.5}
h1{font-size:1.5em;margin:0 0 4px}h2{font-size:1.15em;margin:18px 0 8px}h3{font-size:1em;margin:14px 0 6px}
.meta{color:#444;margin:0 0 12px}
.layout{display:flex;flex-wrap:wrap;gap:24px;align-items:flex-start}
.figures{flex:3 1 640px;min-width:0}
.narrative{flex:1 1 260px;border-left:4px solid #0072B2;padding:0 0 0 14px}
table{border-collapse:collapse;width:100%}
th,td{border-bottom:1px solid #d0d7de;padding:4px 6px;text-align:left;vertical-align:middle}
th{background:#f3f5f7;font-weight:600}
td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
td.chart{width:34%;min-width:160px}
.axis{display:flex;justify-content:space-between;font-size:.75em;color:#555}
.status{white-space:nowrap;font-weight:600}
.swatch{display:inline-block;width:.9em;height:.9em;vertical-align:-.1em;margin-right:4px;border:1px solid #0003}
.legend{display:flex;flex-wrap:wrap;gap:4px 16px;font-size:.9em;margin:0 0 8px;padding:0;list-style:none}
.mark{display:inline-block;width:0;height:1em;vertical-align:-.15em;margin:0 6px 0 4px;border-left:2px solid #1b1b1b}
.mark.dashed{border-left-style:dashed}
.progress{font-size:.85em;color:#444}
.swatch.band{background:#1b1b1b1f}
footer{margin-top:24px;font-size:.8em;color:#666}
)";

std::string status_span(ReportStatus s, Language language) {
  return "<span class=\"status\" data-status=\"" + std::to_string(static_cast<int>(s)) +
         "\"><span class=\"swatch\" style=\"background:" +
         std::string(report_detail::status_colour(s)) + "\"></span>" +
         escape_html(report_status_label(s, language)) + "</span>";
}

std::string with_unit(const std::string& number, const std::string& unit) {
  return number == "—" ? number : number + unit;
}

std::string legend(const Words& w, Language language) {
  std::string out = "<ul class=\"legend\" aria-label=\"" + std::string(w.legend) + "\">";
  for (const ReportStatus s : {ReportStatus::met, ReportStatus::not_met, ReportStatus::partial,
                               ReportStatus::no_data, ReportStatus::not_assessed})
    out += "<li>" + status_span(s, language) + "</li>";
  out += "<li><span class=\"mark\"></span>" + std::string(w.target_mark) + "</li>";
  out += "<li><span class=\"mark dashed\"></span>" + std::string(w.time_progress) + "</li>";
  return out + "</ul>";
}

std::string indicator_row(const ReportIndicatorRow& r, const Words& w, Language language) {
  const ReportStatus status = shown_status(r.value, r.status);
  const std::string value =
      with_unit(report_value_text(r.value, r.decimals, r.multiplier), r.unit_text);
  const double axis = report_axis_max(r);
  std::string label = r.name + " " + value;
  if (!r.target_text.empty()) label += ", " + std::string(w.target) + " " + r.target_text;
  label += ", " + std::string(report_status_label(status, language));
  std::string out = "<tr data-indicator=\"" + escape_html(r.indicator_id) + "\"><td>" +
                    escape_html(r.name) + "</td><td class=\"num value\">" + escape_html(value) +
                    "</td><td>" + escape_html(r.target_text);
  if (r.time_progress)
    out += "<div class=\"progress\">" + std::string(w.time_progress) + " " +
           escape_html(Decimal::from_double(*r.time_progress).round_half_up(2).to_string()) +
           "%</div>";
  out += "</td><td class=\"chart\">" +
         report_detail::bar_svg(r.value.value, axis, status,
                                {r.target, r.target_upper, r.time_progress}, label) +
         "<div class=\"axis\"><span>0</span><span>" +
         escape_html(Decimal::from_double(axis).to_string()) + escape_html(r.unit_text) +
         "</span></div></td><td>" + status_span(status, language) + "</td><td>";
  if (r.monthly.size() >= 2) {
    std::string trend = r.name + ":";
    for (std::size_t m = 0; m < r.monthly.size(); ++m) {
      trend += " " + (r.month_labels.empty() ? std::to_string(m + 1) : r.month_labels[m]) + " " +
               with_unit(report_value_text({r.monthly[m]}, r.decimals, 0), r.unit_text);
    }
    out += report_detail::sparkline_svg(r.monthly, r.target, trend);
  }
  return out + "</td></tr>";
}

std::string ranking_section(const ReportUnitRanking& k, const Words& w, Language language) {
  const char* direction = k.direction == Direction::lower_is_better ? w.lower
                          : k.direction == Direction::neither       ? w.neither
                                                                    : w.higher;
  std::string out = "<section class=\"ranking\" data-indicator=\"" + escape_html(k.indicator_id) +
                    "\"><h3>" + escape_html(k.name) + w.open + direction;
  if (!k.target_text.empty())
    out += w.separator + std::string(w.target) + " " + escape_html(k.target_text);
  out += std::string(w.close) + "</h3><table><thead><tr><th>" + std::string(w.rank) + "</th><th>" +
         w.unit + "</th><th>" + w.value + "</th><th>" + w.bar + "</th><th>" + w.status +
         "</th></tr></thead><tbody>";
  double largest = k.target && std::isfinite(*k.target) ? *k.target : 0;
  for (const auto& e : k.entries)
    if (std::isfinite(e.value.value)) largest = std::max(largest, e.value.value);
  const double axis = report_detail::axis_end(largest, k.unit_text == "%");
  const auto order = ranking_order(k);
  // Competition ranking (1, 2, 2, 4): units with the same printed value share a rank.
  std::size_t rank = 0;
  std::string previous;
  for (std::size_t i = 0; i < order.size(); ++i) {
    const auto& e = k.entries[order[i]];
    const std::string number = report_value_text(e.value, k.decimals, k.multiplier);
    const ReportStatus status = shown_status(e.value, e.status);
    if (number == "—") rank = 0;
    else if (i == 0 || number != previous) rank = i + 1;
    previous = number;
    const std::string value = with_unit(number, k.unit_text);
    out += "<tr data-unit=\"" + escape_html(e.unit_code) + "\"><td class=\"num\">" +
           (rank == 0 ? std::string("—") : std::to_string(rank)) + "</td><td>" +
           escape_html(e.unit_name) + "</td><td class=\"num value\">" + escape_html(value) +
           "</td><td class=\"chart\">" +
           report_detail::bar_svg(e.value.value, axis, status, {k.target, {}, {}},
                                  e.unit_name + " " + value) +
           "</td><td>" + status_span(status, language) + "</td></tr>";
  }
  return out + "</tbody></table></section>";
}

std::string percent2(double v) { return Decimal::from_double(v).round_half_up(2).to_string(); }
std::string percent2(const std::optional<double>& v) { return v ? percent2(*v) : "—"; }

// An amount as a report prints it: 亿元 from 1亿, else 万元 from 1万, else 元 (2 decimals).
std::string amount_text(Money m) {
  const double y = m.yuan();
  if (y >= 1e8) return percent2(y / 1e8) + "亿元";
  if (y >= 1e4) return percent2(y / 1e4) + "万元";
  return m.yuan_text() + "元";
}

// A coloured swatch and words: colour is never the only cue.
std::string judged_span(ReportStatus colour, const std::string& text, int code) {
  return "<span class=\"status\" data-status=\"" + std::to_string(code) +
         "\"><span class=\"swatch\" style=\"background:" +
         std::string(report_detail::status_colour(colour)) + "\"></span>" + escape_html(text) +
         "</span>";
}

std::string fund_section(const std::vector<ReportFund>& funds, Language language) {
  const bool zh = language == Language::zh;
  std::string out =
      "<section class=\"funds\"><h2>" + std::string(zh ? "资金执行" : "Fund execution") + "</h2>" +
      "<ul class=\"legend\"><li><span class=\"mark dashed\"></span>" +
      (zh ? "序时进度" : "time elapsed") + "</li><li><span class=\"swatch band\"></span>" +
      (zh ? "合理区间" : "reasonable band") + "</li></ul>" + "<table><thead><tr><th>" +
      (zh ? "资金" : "Fund") + "</th><th>" + (zh ? "应筹集" : "Total") + "</th><th>" +
      (zh ? "到位率" : "Arrived") + "</th><th>" + (zh ? "拨付率" : "Disbursed") + "</th><th>" +
      (zh ? "执行率" : "Spent") + "</th><th>" +
      (zh ? "支出进度对照序时进度" : "Spending against time elapsed") + "</th><th>" +
      (zh ? "状态" : "Status") + "</th></tr></thead><tbody>\n";
  for (const ReportFund& f : funds) {
    const FundExecution& x = f.execution;
    // The band's top past 100 % is not drawn: the axis stays 0–100 % unless spending exceeds it.
    const double low = std::max(0.0, x.time_progress - f.band.below),
                 high = x.time_progress + f.band.above;
    const double axis = report_detail::axis_end(
        std::max({std::min(high, 100.0), x.execution_rate.value_or(0), x.time_progress}), true);
    std::string judged = "—";
    ReportStatus colour = ReportStatus::no_data;
    int code = 3;
    if (x.lead) {
      colour = x.within_band ? ReportStatus::met : ReportStatus::not_met;
      code = x.within_band ? 0 : 1;
      judged = x.within_band ? (zh ? "处于合理区间" : "within the band")
               : *x.lead < 0 ? (zh ? "支出进度偏慢" : "behind time")
                             : (zh ? "支出进度偏快" : "ahead of time");
    }
    const std::string label = f.name + " " + percent2(x.execution_rate) + "%, " +
                              (zh ? "序时进度 " : "time elapsed ") + percent2(x.time_progress) +
                              "%, " + (zh ? "合理区间 " : "band ") + percent2(low) + "–" +
                              percent2(high) + "%";
    out += "<tr data-fund=\"" + escape_html(f.name) + "\"><td>" + escape_html(f.name);
    if (!f.shares.empty()) {
      out += "<div class=\"progress\">";
      for (std::size_t k = 0; k < f.shares.size(); ++k) {
        const auto share =
            x.total.fen() > 0
                ? std::optional<double>(static_cast<double>(f.shares[k].per_capita.fen()) /
                                        static_cast<double>(x.total.fen()) * 100)
                : std::nullopt;
        out += (k ? (zh ? "，" : ", ") : "") + escape_html(f.shares[k].level) + " " +
               escape_html(amount_text(f.shares[k].per_capita)) + "（" + percent2(share) + "%）";
      }
      out += "</div>";
    }
    for (const ReportFundDeadline& dl : f.deadlines)
      out += "<div class=\"progress deadline\">" + escape_html(dl.stage_text) + " " +
             escape_html(dl.by) + (zh ? "前" : " by ") + percent2(dl.share) + "%：" +
             escape_html(amount_text(dl.reached)) + " / " + escape_html(amount_text(dl.required)) +
             " " +
             judged_span(dl.missed    ? ReportStatus::not_met
                         : dl.pending ? ReportStatus::not_assessed
                                      : ReportStatus::met,
                         dl.status_text,
                         dl.missed    ? 1
                         : dl.pending ? 4
                                      : 0) +
             "</div>";
    out += "</td><td class=\"num\">" + escape_html(amount_text(x.total)) +
           "</td><td class=\"num\">" + with_unit(percent2(x.arrival_rate), "%") +
           "</td><td class=\"num\">" + with_unit(percent2(x.disbursement_rate), "%") +
           "</td><td class=\"num value\">" + with_unit(percent2(x.execution_rate), "%") +
           "</td><td class=\"chart\">" +
           report_detail::bar_svg(x.execution_rate.value_or(std::nan("")), axis, colour,
                                  {low, std::min(high, axis), x.time_progress}, label) +
           "<div class=\"axis\"><span>0</span><span>" +
           escape_html(Decimal::from_double(axis).to_string()) + "%</span></div>" +
           "<div class=\"progress\">" + (zh ? "序时进度 " : "time elapsed ") +
           percent2(x.time_progress) + "%" + (zh ? "，合理区间 " : ", band ") + percent2(low) +
           "–" + percent2(std::min(high, axis)) + "%</div></td><td>" +
           judged_span(colour, judged, code) + "</td></tr>\n";
  }
  return out + "</tbody></table></section>\n";
}

std::string plan_section(const ReportPlan& p, Language language) {
  const bool zh = language == Language::zh;
  const auto rate = [&](std::int64_t n, std::int64_t d) {
    return round_ratio_half_up(static_cast<double>(n), static_cast<double>(d), p.multiplier, 2)
        .to_string();
  };
  std::int64_t denominators = 0;
  for (const auto& u : p.units) denominators += u.denominator;
  const std::string target = percent2(p.target) + p.unit_text;
  std::string out =
      "<section class=\"plan\"><h2>" + std::string(zh ? "目标分解：" : "Planned targets: ") +
      escape_html(p.name) + (zh ? "（" : " (") + escape_html(target) + (zh ? "，" : ", ") +
      escape_html(p.method) + (zh ? "）" : ")") + "</h2><table><thead><tr><th>" +
      (zh ? "单位" : "Unit") + "</th><th>" + (zh ? "分母" : "Denominator") + "</th><th>" +
      (zh ? "上年" : "Last year") + "</th><th>" + (zh ? "目标数" : "Target") + "</th><th>" +
      (zh ? "目标率" : "Rate") + "</th><th>" + (zh ? "对照总目标" : "Against the parent's target") +
      "</th><th>" + (zh ? "每月需" : "A month") + "</th></tr></thead><tbody>\n";
  for (const ReportPlanUnit& u : p.units) {
    const std::string r = rate(u.target_count, u.denominator);
    const std::string held = u.at_floor ? (zh ? "（不低于上年）" : " (last year)")
                             : u.at_cap ? (zh ? "（100%封顶）" : " (cap)")
                                        : "";
    out +=
        "<tr><td>" + escape_html(u.name) + escape_html(held) + "</td><td class=\"num\">" +
        std::to_string(u.denominator) + "</td><td class=\"num\">" + std::to_string(u.last_year) +
        "（" + rate(u.last_year, u.denominator) + escape_html(p.unit_text) +
        "）</td><td class=\"num value\">" + std::to_string(u.target_count) +
        "</td><td class=\"num\">" + r + escape_html(p.unit_text) + "</td><td class=\"chart\">" +
        report_detail::bar_svg(
            std::stod(r), p.unit_text == "%" ? 100 : report_detail::axis_end(std::stod(r), false),
            ReportStatus::not_assessed, {p.target, {}, {}}, u.name + " " + r + p.unit_text) +
        "</td><td class=\"num\">" +
        (u.per_month ? std::to_string(*u.per_month) : std::string("—")) + "</td></tr>\n";
  }
  out +=
      "</tbody></table><p>" +
      (zh ? "合计需" + std::to_string(p.required) + "（" + escape_html(target) + " × " +
                std::to_string(denominators) + "，向上取整），计划" + std::to_string(p.total) +
                "，合并率" + (denominators > 0 ? rate(p.total, denominators) : "—") +
                escape_html(p.unit_text) + "。"
          : "Required " + std::to_string(p.required) + " (" + escape_html(target) + " of " +
                std::to_string(denominators) + ", rounded up), planned " + std::to_string(p.total) +
                ", pooled rate " + (denominators > 0 ? rate(p.total, denominators) : "—") +
                escape_html(p.unit_text) + ".");
  if (p.months_left)
    out += zh ? "剩余" + std::to_string(*p.months_left) + "个月。"
              : " " + std::to_string(*p.months_left) + " months left.";
  out += "</p>";
  if (!p.milestones.empty()) {
    out += "<p class=\"milestones\">" + std::string(zh ? "阶段目标：" : "Milestones: ");
    for (std::size_t k = 0; k < p.milestones.size(); ++k)
      out +=
          (k ? (zh ? "，" : ", ") : "") +
          escape_html(p.milestone_labels.empty() ? std::to_string(k + 1) : p.milestone_labels[k]) +
          " " + percent2(p.milestones[k]) + escape_html(p.unit_text);
    out += zh ? "。</p>" : ".</p>";
  }
  return out + "</section>\n";
}

// A grade's colour by its place (Okabe–Ito, as the statuses): the top grade bluish green, the
// next blue, then orange, further ones sky blue; the failing grade vermillion.
std::string_view grade_colour(const ReportScoreCard& c, const std::string& grade) {
  static constexpr std::string_view place[] = {"#009E73", "#0072B2", "#E69F00", "#56B4E9"};
  for (std::size_t k = 0; k < c.grade_names.size(); ++k)
    if (c.grade_names[k] == grade) return place[std::min<std::size_t>(k, std::size(place) - 1)];
  return "#D55E00";
}

std::string score_card_section(const ReportScoreCard& c, Language language) {
  const bool zh = language == Language::zh;
  const auto fixed = [&](double x) {
    return Decimal::from_double(x).round_half_up(c.decimals).to_string();
  };
  std::string bounds;
  for (std::size_t k = 0; k < c.grade_names.size(); ++k)
    bounds += (k ? (zh ? "，" : ", ") : "") + escape_html(c.grade_names[k]) + " ≥ " +
              escape_html(Decimal::from_double(c.grade_minimums[k]).to_string());
  std::string out =
      "<section class=\"score-card\"><h2>" + std::string(zh ? "考核评分：" : "Assessment: ") +
      escape_html(c.name) + "</h2><p class=\"progress\">" + bounds +
      (c.grade_names.empty() ? "" : (zh ? "，其余" : ", otherwise ")) + escape_html(c.fail_grade) +
      "</p><table><thead><tr><th>" + (zh ? "名次" : "Rank") + "</th><th>" + (zh ? "单位" : "Unit") +
      "</th><th>" + (zh ? "总分" : "Total") + "</th><th>" + (zh ? "等级" : "Grade") + "</th><th>" +
      (zh ? "失分项" : "Items that lost points") + "</th></tr></thead><tbody>\n";
  for (const ReportScoreUnit& u : c.units) {
    std::string lost;
    for (std::size_t k = 0; k < u.lost.size(); ++k)
      lost += (k ? (zh ? "；" : "; ") : "") + escape_html(u.lost[k]);
    out += "<tr data-grade=\"" + escape_html(u.grade) + "\"><td class=\"num\">" +
           std::to_string(u.rank) + "</td><td>" + escape_html(u.name) +
           "</td><td class=\"num value\">" + fixed(u.total) +
           "</td><td><span class=\"status\"><span class=\"swatch\" style=\"background:" +
           std::string(grade_colour(c, u.grade)) + "\"></span>" + escape_html(u.grade) +
           (u.vetoed ? (zh ? "（一票否决）" : " (vetoed)") : "") + "</span></td><td>" + lost +
           (u.next.empty() ? "" : "<div class=\"progress\">" + escape_html(u.next) + "</div>") +
           "</td></tr>\n";
  }
  return out + "</tbody></table></section>\n";
}

} // namespace

std::string write_html_report(const ReportDocument& d) {
  check(d);
  const Language language = d.language;
  const Words& w = language == Language::zh ? zh_words : en_words;
  std::string out = "<!DOCTYPE html>\n<html lang=\"" + std::string(w.lang) +
                    "\">\n<head>\n<meta charset=\"utf-8\">\n"
                    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                    "<title>" +
                    escape_html(d.title) + "</title>\n<style>" + std::string(style_sheet) +
                    "</style>\n</head>\n<body>\n<header><h1>" + escape_html(d.title) +
                    "</h1><p class=\"meta\">";
  std::string meta;
  const auto add_meta = [&](const char* key, const std::string& text) {
    if (text.empty()) return;
    meta += (meta.empty() ? "" : " · ") + std::string(key) + "：" + escape_html(text);
  };
  add_meta(w.subject, d.subject);
  add_meta(w.period, d.period_label);
  add_meta(w.as_of, d.as_of);
  out += meta + "</p></header>\n<div class=\"layout\">\n<main class=\"figures\">\n";
  out += "<section class=\"indicators\"><h2>" + std::string(w.indicators) + "</h2>" +
         legend(w, language);
  if (d.rows.empty()) {
    out += "<p>" + std::string(w.no_rows) + "</p>";
  } else {
    out += "<table><thead><tr><th>" + std::string(w.indicator) + "</th><th>" + w.value +
           "</th><th>" + w.target + "</th><th>" + w.bar + "</th><th>" + w.status + "</th><th>" +
           w.trend + "</th></tr></thead><tbody>\n";
    for (const auto& r : d.rows) out += indicator_row(r, w, language) + "\n";
    out += "</tbody></table>";
  }
  out += "</section>\n";
  if (!d.funds.empty()) out += fund_section(d.funds, language);
  for (const ReportPlan& p : d.plans) out += plan_section(p, language);
  for (const ReportScoreCard& c : d.score_cards) out += score_card_section(c, language);
  if (!d.rankings.empty()) {
    out += "<section class=\"rankings\"><h2>" + std::string(w.rankings) + "</h2>\n";
    for (const auto& k : d.rankings) out += ranking_section(k, w, language) + "\n";
    out += "</section>\n";
  }
  out += "</main>\n";
  if (!d.narrative.empty()) {
    out += "<aside class=\"narrative\"><h2>" + std::string(w.narrative) + "</h2><p>";
    // Chinese sentences run on (each ends in 。); English ones are joined by a space.
    for (std::size_t i = 0; i < d.narrative.size(); ++i)
      out += (i > 0 && language != Language::zh ? " " : "") + escape_html(d.narrative[i]);
    out += "</p></aside>\n";
  }
  out += "</div>\n<footer>" + std::string(w.generated) + "</footer>\n</body>\n</html>\n";
  return out;
}

namespace {

std::string unit_text(const Unit& unit, Language language) {
  const std::string_view suffix = unit.suffix(language);
  return std::string(suffix.empty() ? unit.name(language) : suffix);
}

void check_table(const EvaluationTable& t, const std::string& name) {
  const std::size_t n = t.size();
  if (t.indicator.size() != n || t.org_unit.size() != n || t.period.size() != n ||
      t.numerator.size() != n || t.denominator.size() != n || t.value.size() != n)
    throw invalid_input(name, "columns of different lengths");
}

} // namespace

ReportDocument build_report(const EvaluationTable& t, const std::vector<Indicator>& indicators,
                            const OrgUnitTree& tree, std::span<const std::int64_t> target_of,
                            const std::vector<Threshold>& thresholds,
                            const ReportBuildOptions& options, const EvaluationTable* monthly) {
  check_table(t, "table");
  const std::size_t n = t.size();
  if (target_of.size() != n)
    throw invalid_input("target_of", std::to_string(target_of.size()) + " entries for " +
                                         std::to_string(n) + " rows");
  if (options.as_of && !options.period)
    throw invalid_input("period", "is needed with as_of (序时进度 is a share of the period)");
  for (std::size_t i = 0; i < n; ++i) {
    if (t.indicator[i] >= indicators.size())
      throw invalid_input("table.indicator", "row " + std::to_string(i) + ": index out of range");
    if (t.org_unit[i] >= tree.size())
      throw invalid_input("table.org_unit", "row " + std::to_string(i) + ": index out of range");
  }
  // Rows with a value other than ok are not assessed, as the command line assesses them.
  std::vector<std::int64_t> assessed(target_of.begin(), target_of.end());
  for (std::size_t i = 0; i < n; ++i)
    if (t.status[i] != EvaluationStatus::ok) assessed[i] = -1;
  std::vector<std::uint8_t> reached(n, not_assessed);
  std::vector<double> shortfall(n), count_needed(n);
  assess_threshold_column(t.value, assessed, thresholds, t.numerator, t.denominator, {}, reached,
                          shortfall, count_needed);

  const Language language = options.language;
  ReportDocument d;
  d.title = options.title;
  d.language = language;
  d.period_label = options.period_label.empty() && options.period ? options.period->code()
                                                                  : options.period_label;
  if (options.as_of) {
    const auto two = [](int x) {
      std::string text = std::to_string(x);
      if (text.size() < 2) text.insert(text.begin(), '0');
      return text;
    };
    const Date& a = *options.as_of;
    d.as_of =
        std::to_string(static_cast<int>(a.year())) + "-" + two(a.month()) + "-" + two(a.day());
  }
  if (n == 0) return d;
  const std::size_t subject = options.subject_unit.value_or(t.org_unit[0]);
  if (subject >= tree.size()) throw invalid_input("subject_unit", "index out of range");
  d.subject = tree.name(subject);
  const double progress =
      options.as_of ? options.period->elapsed_share(*options.as_of, ProgressBasis::months) * 100
                    : 0;

  const auto status_of = [&](std::size_t i) {
    if (!std::isfinite(t.value[i])) return ReportStatus::no_data;
    if (t.status[i] == EvaluationStatus::partial) return ReportStatus::partial;
    if (reached[i] == 1) return ReportStatus::met;
    if (reached[i] == 0) return ReportStatus::not_met;
    return t.status[i] == EvaluationStatus::ok ? ReportStatus::not_assessed : ReportStatus::no_data;
  };
  std::map<std::size_t, std::size_t> ranking_of; // indicator → index in d.rankings
  for (std::size_t i = 0; i < n; ++i) {
    const Indicator& ind = indicators[t.indicator[i]];
    const std::int64_t multiplier = ind.annualised ? 0 : ind.unit.integer_multiplier();
    const std::string name =
        language == Language::zh || ind.name_en.empty() ? ind.name_zh : ind.name_en;
    const Threshold* threshold =
        target_of[i] >= 0 && static_cast<std::size_t>(target_of[i]) < thresholds.size()
            ? &thresholds[static_cast<std::size_t>(target_of[i])]
            : nullptr;
    const ReportValue value{t.value[i], t.numerator[i], t.denominator[i]};
    if (t.org_unit[i] == subject) {
      ReportIndicatorRow r;
      r.indicator_id = ind.id;
      r.name = name;
      r.unit_text = unit_text(ind.unit, language);
      r.value = value;
      r.decimals = ind.decimals;
      r.multiplier = multiplier;
      if (threshold) {
        r.target = threshold->value;
        if (threshold->bound == Bound::within) r.target_upper = threshold->upper;
        r.target_text = threshold->describe(language);
      }
      r.status = status_of(i);
      if (options.as_of && ind.kind == MeasureKind::quota_completion) r.time_progress = progress;
      if (monthly) {
        for (std::size_t m = 0; m < monthly->size(); ++m)
          if (monthly->org_unit[m] == subject && monthly->indicator[m] == t.indicator[i]) {
            const std::size_t month = monthly->period[m];
            if (r.monthly.size() <= month)
              r.monthly.resize(month + 1, std::numeric_limits<double>::quiet_NaN());
            r.monthly[month] = monthly->value[m];
          }
        if (options.period)
          for (std::size_t m = 0; m < r.monthly.size(); ++m)
            r.month_labels.push_back(
                std::to_string(
                    (static_cast<int>(options.period->start().month()) - 1 + static_cast<int>(m)) %
                        12 +
                    1) +
                (language == Language::zh ? "月" : ""));
      }
      d.rows.push_back(std::move(r));
    } else {
      auto [it, added] = ranking_of.try_emplace(t.indicator[i], d.rankings.size());
      if (added) {
        ReportUnitRanking k;
        k.indicator_id = ind.id;
        k.name = name;
        k.unit_text = unit_text(ind.unit, language);
        k.decimals = ind.decimals;
        k.multiplier = multiplier;
        k.direction = ind.direction;
        if (threshold) {
          k.target = threshold->value;
          k.target_text = threshold->describe(language);
        }
        d.rankings.push_back(std::move(k));
      }
      d.rankings[it->second].entries.push_back(
          {tree.code(t.org_unit[i]), tree.name(t.org_unit[i]), value, status_of(i)});
    }
  }
  // A ranking of one unit ranks nothing.
  std::erase_if(d.rankings, [](const ReportUnitRanking& k) { return k.entries.size() < 2; });
  return d;
}

} // namespace zhibiao
