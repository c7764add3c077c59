// Writes a sample HTML report (report.hpp) to the file named by its argument, for the browser
// test tests/python/test_report_html.py: a district's indicators with every status, a time
// progress mark, a sparkline with a missing month, a lower-is-better ranking and a unit whose
// name is hostile markup. The figures are made up for the page's layout; the numbers that the
// browser test reads back are named there.
#include <zhibiao/error.hpp>
#include <zhibiao/report.hpp>

#include <fstream>
#include <iostream>
#include <limits>

using namespace zhibiao;

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: zhibiao_report_sample OUT.html\n";
    return 2;
  }
  constexpr double no_value = std::numeric_limits<double>::quiet_NaN();
  ReportDocument d;
  d.title = "八公山区2024年1—5月基本公共卫生服务指标";
  d.period_label = "2024年";
  d.as_of = "2024-05-31";
  d.subject = "八公山区";

  ReportIndicatorRow quota;
  quota.indicator_id = "premarital_check_quota_completion";
  quota.name = "婚前医学检查任务完成率";
  quota.unit_text = "%";
  quota.value = {94.125, 1506, 1600}; // prints 94.13 (exact half up)
  quota.multiplier = 100;
  quota.target = 90;
  quota.target_text = "≥90%";
  quota.status = ReportStatus::met;
  quota.time_progress = 500.0 / 12; // 5 of 12 months: 41.67
  quota.monthly = {18.5, 37.2, 55.0, 74.9, 94.125};
  quota.month_labels = {"1月", "2月", "3月", "4月", "5月"};
  d.rows.push_back(quota);

  ReportIndicatorRow visits;
  visits.indicator_id = "postpartum_visit_rate";
  visits.name = "产后访视率";
  visits.unit_text = "%";
  visits.value = {86.4};
  visits.decimals = 1;
  visits.target = 90;
  visits.target_text = "≥90%";
  visits.status = ReportStatus::not_met;
  visits.monthly = {84.0, 85.5, no_value, 86.1, 86.4};
  visits.month_labels = {"1月", "2月", "3月", "4月", "5月"};
  d.rows.push_back(visits);

  ReportIndicatorRow mortality;
  mortality.indicator_id = "infant_mortality";
  mortality.name = "婴儿死亡率";
  mortality.unit_text = "‰";
  mortality.value = {3.18};
  mortality.target = 5.2;
  mortality.target_text = "≤5.2‰";
  mortality.status = ReportStatus::partial;
  d.rows.push_back(mortality);

  ReportIndicatorRow missing;
  missing.indicator_id = "hypertension_control";
  missing.name = "高血压患者规范管理率";
  missing.unit_text = "%";
  missing.value = {no_value};
  missing.target = 65;
  missing.target_text = "≥65%";
  d.rows.push_back(missing);

  ReportUnitRanking ranking;
  ranking.indicator_id = "infant_mortality";
  ranking.name = "婴儿死亡率";
  ranking.unit_text = "‰";
  ranking.direction = Direction::lower_is_better;
  ranking.target = 5.2;
  ranking.target_text = "≤5.2‰";
  ranking.entries = {
      {"T1", "山王镇", {4.52}, ReportStatus::met},
      {"T2", "新庄孜街道", {2.10}, ReportStatus::met},
      {"T3", "<script>alert(1)</script>卫生院 & 分院", {6.35}, ReportStatus::not_met},
      {"T4", "毕家岗街道", {no_value}, ReportStatus::no_data}};
  d.rankings.push_back(ranking);

  d.narrative = {"截至2024年5月31日，婚前医学检查任务完成率94.13%，高于序时进度41.67%。",
                 "产后访视率86.4%，低于目标90%。"};
  try {
    std::ofstream out(argv[1], std::ios::binary);
    out << write_html_report(d);
    if (!out) {
      std::cerr << "zhibiao_report_sample: cannot write " << argv[1] << "\n";
      return 1;
    }
  } catch (const invalid_input& e) {
    std::cerr << "zhibiao_report_sample: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
