// The HTML report writer (report.hpp). Every expected coordinate is computed by hand in the
// comment beside it from the axis rule of report.hpp (x runs 0–100 across the axis, so a bar's
// width is its share of the axis in per cent).
#include <zhibiao/cube.hpp>
#include <zhibiao/error.hpp>
#include <zhibiao/evaluation.hpp>
#include <zhibiao/fund.hpp>
#include <zhibiao/planning.hpp>
#include <zhibiao/report.hpp>

#include <gmock/gmock.h>

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

using namespace zhibiao;
using ::testing::HasSubstr;
using ::testing::Not;

namespace {

constexpr double nan_value = std::numeric_limits<double>::quiet_NaN();

// 婚前医学检查任务完成率: 1506 of a quota of 1600 by 31 May (the worked example of
// docs/units-and-rounding.md §3: 94.125 %, printed 94.13), against ≥90 %.
ReportIndicatorRow quota_row() {
  ReportIndicatorRow r;
  r.indicator_id = "premarital_check_quota_completion";
  r.name = "婚前医学检查任务完成率";
  r.unit_text = "%";
  r.value = {94.13};
  r.target = 90;
  r.target_text = "≥90%";
  r.status = ReportStatus::met;
  r.time_progress = 41.67; // 5 of 12 months at 31 May: 5/12 = 41.666… %
  return r;
}

ReportDocument sample() {
  ReportDocument d;
  d.title = "八公山区2024年1—5月指标";
  d.period_label = "2024年1—5月";
  d.as_of = "2024-05-31";
  d.rows.push_back(quota_row());
  d.narrative = {"婚前医学检查任务完成率94.13%。", "孕产妇死亡率低于目标。"};
  return d;
}

// The bar of a row: the <svg class="bar"…</svg> following its data-indicator attribute.
std::string bar_of(const std::string& html, const std::string& id) {
  const auto row = html.find("data-indicator=\"" + id + "\"");
  const auto start = html.find("<svg class=\"bar\"", row);
  return html.substr(start, html.find("</svg>", start) - start);
}

} // namespace

TEST(Report, SelfContainedWithoutNetworkReferences) {
  const std::string html = write_html_report(sample());
  EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_THAT(html, HasSubstr("<meta charset=\"utf-8\">"));
  EXPECT_THAT(html, HasSubstr("\"Noto Sans CJK SC\""));
  for (const char* forbidden :
       {"http://", "https://", "<script", "<link", "@import", "url(", "src="})
    EXPECT_THAT(html, Not(HasSubstr(forbidden))) << forbidden;
}

TEST(Report, BarWidthIsTheValuesShareOfTheAxis) {
  const std::string html = write_html_report(sample());
  EXPECT_EQ(report_axis_max(quota_row()), 100); // per cent, every figure ≤ 100
  const std::string bar = bar_of(html, "premarital_check_quota_completion");
  // 94.13 of 0–100: 94.13 % of the axis; the target 90 at 90; 序时进度 41.67 at 41.67.
  EXPECT_THAT(bar, HasSubstr("class=\"value\" x=\"0\" y=\"6\" width=\"94.13\""));
  EXPECT_THAT(bar, HasSubstr("class=\"target\" x1=\"90\" x2=\"90\""));
  EXPECT_THAT(bar, HasSubstr("class=\"time-progress\" x1=\"41.67\" x2=\"41.67\""));
  EXPECT_THAT(bar, HasSubstr("fill=\"#009E73\"")); // met
  EXPECT_THAT(html, HasSubstr("序时进度 41.67%"));
  EXPECT_THAT(html, HasSubstr(">达标</span>")); // the status in words beside the colour
}

TEST(Report, AxisEndsOnARoundNumberAboveTheLargestFigure) {
  ReportIndicatorRow r;
  r.unit_text = "‰";
  r.value = {4.86};
  r.target = 8; // 孕产妇死亡率-like: 4.86‰ against <8‰: the axis ends at 10 (1, 2, 2.5, 5 × 10^k)
  r.status = ReportStatus::met;
  EXPECT_EQ(report_axis_max(r), 10);
  r.indicator_id = "x";
  ReportDocument d;
  d.rows = {r};
  const std::string bar = bar_of(write_html_report(d), "x");
  EXPECT_THAT(bar, HasSubstr("width=\"48.6\"")); // 4.86 / 10 = 48.6 %
  EXPECT_THAT(bar, HasSubstr("x1=\"80\""));      // 8 / 10
  r.value = {118.5};                             // a per cent above 100: 118.5 → 200
  r.unit_text = "%";
  r.target = 100;
  EXPECT_EQ(report_axis_max(r), 200);
  r.value = {0.23};
  r.target = std::nullopt;
  r.unit_text = "";
  EXPECT_EQ(report_axis_max(r), 0.25);
  r.axis_max = 3;
  EXPECT_EQ(report_axis_max(r), 3);
}

TEST(Report, ValuesPrintHalfUpExactly) {
  // 1506 / 1600 × 100 = 94.125 exactly: half up to 94.13 (docs/units-and-rounding.md §3).
  EXPECT_EQ(report_value_text({94.125, 1506, 1600}, 2, 100), "94.13");
  // 2.675 is 2.67499999… as a double; half up on its shortest decimal "2.675" gives 2.68.
  EXPECT_EQ(report_value_text({2.675}, 2, 0), "2.68");
  EXPECT_EQ(report_value_text({5}, 2, 0), "5.00");
  ReportDocument d = sample();
  d.rows[0].value = {94.125, 1506, 1600};
  d.rows[0].multiplier = 100;
  EXPECT_THAT(write_html_report(d), HasSubstr("<td class=\"num value\">94.13%</td>"));
}

TEST(Report, NamesAreEscaped) {
  ReportDocument d = sample();
  d.title = "A&B <b>";
  d.rows[0].name = "<script>alert(1)</script>";
  ReportUnitRanking k;
  k.indicator_id = "r";
  k.name = "排名";
  k.unit_text = "%";
  k.entries = {{"T1", "<script>alert('x')</script> & 卫生院", {80}}, {"T\"2", "新庄孜街道", {90}}};
  d.rankings = {k};
  d.narrative = {"比较 a<b & c>d。"};
  const std::string html = write_html_report(d);
  EXPECT_THAT(html, Not(HasSubstr("<script")));
  EXPECT_THAT(html, HasSubstr("<title>A&amp;B &lt;b&gt;</title>"));
  EXPECT_THAT(html, HasSubstr("&lt;script&gt;alert(1)&lt;/script&gt;"));
  EXPECT_THAT(html, HasSubstr("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; 卫生院"));
  EXPECT_THAT(html, HasSubstr("data-unit=\"T&quot;2\""));
  EXPECT_THAT(html, HasSubstr("比较 a&lt;b &amp; c&gt;d。"));
}

TEST(Report, NonFiniteValuesShowADashAndNoData) {
  ReportDocument d = sample();
  d.rows[0].value = {nan_value};
  d.rows[0].status = ReportStatus::met; // given, but there is no value
  ReportIndicatorRow inf_row = quota_row();
  inf_row.indicator_id = "second";
  inf_row.value = {std::numeric_limits<double>::infinity()};
  inf_row.monthly = {90, std::numeric_limits<double>::infinity(), nan_value};
  d.rows.push_back(inf_row);
  EXPECT_EQ(shown_status({nan_value}, ReportStatus::met), ReportStatus::no_data);
  EXPECT_EQ(report_value_text({-std::numeric_limits<double>::infinity()}, 2, 100), "—");
  const std::string html = write_html_report(d);
  EXPECT_THAT(html, HasSubstr("<td class=\"num value\">—</td>"));
  EXPECT_THAT(html, Not(HasSubstr("—%")));
  EXPECT_THAT(html, HasSubstr("data-status=\"3\"><span class=\"swatch\" style=\"background:"
                              "#999999\"></span>无数据"));
  EXPECT_THAT(html, Not(HasSubstr(">达标</span></td>"))); // neither row shows met
  const std::regex nan_or_inf(R"(\b(nan|inf|NaN|Inf|INF)\b)");
  EXPECT_FALSE(std::regex_search(html, nan_or_inf));
  // No value bar is drawn for a row without a value.
  EXPECT_THAT(bar_of(html, "premarital_check_quota_completion"), Not(HasSubstr("class=\"value\"")));
}

TEST(Report, LowerIsBetterRanksAscending) {
  // 孕产妇死亡率 per 10万 by township: lower is better, so the lowest ranks first; the unit
  // without a value ranks last, with no rank.
  ReportUnitRanking k;
  k.indicator_id = "maternal_mortality";
  k.name = "孕产妇死亡率";
  k.unit_text = "/10万";
  k.decimals = 1;
  k.direction = Direction::lower_is_better;
  k.entries = {{"T1", "山王镇", {8.2}},
               {"T2", "新庄孜街道", {5.1}},
               {"T3", "毕家岗街道", {nan_value}},
               {"T4", "土坝孜街道", {6.0}},
               {"T5", "望峰岗镇", {5.1}}};
  EXPECT_EQ(ranking_order(k), (std::vector<std::size_t>{1, 4, 3, 0, 2}));
  k.direction = Direction::higher_is_better;
  EXPECT_EQ(ranking_order(k), (std::vector<std::size_t>{0, 3, 1, 4, 2}));
  k.direction = Direction::lower_is_better;
  ReportDocument d;
  d.rankings = {k};
  const std::string html = write_html_report(d);
  std::vector<std::string> shown;
  for (auto at = html.find("data-unit=\""); at != std::string::npos;
       at = html.find("data-unit=\"", at + 1))
    shown.push_back(html.substr(at + 11, 2));
  EXPECT_EQ(shown, (std::vector<std::string>{"T2", "T5", "T4", "T1", "T3"}));
  EXPECT_THAT(html, HasSubstr("越低越好，按升序排列"));
  // Competition ranking: T2 and T5 share rank 1 (5.1), T4 is 3rd; T3 has none.
  EXPECT_THAT(html, HasSubstr("data-unit=\"T5\"><td class=\"num\">1</td>"));
  EXPECT_THAT(html, HasSubstr("data-unit=\"T4\"><td class=\"num\">3</td>"));
  EXPECT_THAT(html, HasSubstr("data-unit=\"T3\"><td class=\"num\">—</td>"));
  // The ranking's bars share one axis: the largest value 8.2 → 10; 5.1 / 10 = 51 %.
  EXPECT_THAT(html, HasSubstr("aria-label=\"新庄孜街道 5.1/10万\"><rect class=\"track\" x=\"0\" "
                              "y=\"6\" width=\"100\" height=\"12\" fill=\"#e8ecef\"/><rect "
                              "class=\"value\" x=\"0\" y=\"6\" width=\"51\""));
}

TEST(Report, SparklineBreaksAtAMonthWithoutAValue) {
  ReportDocument d = sample();
  d.rows[0].target = std::nullopt;
  d.rows[0].monthly = {1, 2, nan_value, 4};
  d.rows[0].month_labels = {"1月", "2月", "3月", "4月"};
  const std::string html = write_html_report(d);
  // Range 1–4 over y 29 (low) to 3 (high), x from 3 by 114/3 = 38: month 1 at (3, 29), month 2
  // at (41, 29 − 26/3 = 20.333); month 4 alone at (117, 3), a dot; the last value ringed.
  EXPECT_THAT(html, HasSubstr("points=\"3,29 41,20.333\""));
  EXPECT_THAT(html, HasSubstr("<circle r=\"1.5\" fill=\"#0072B2\" cx=\"117\" cy=\"3\"/>"));
  EXPECT_THAT(html, HasSubstr("class=\"last\" cx=\"117\" cy=\"3\""));
  EXPECT_THAT(html, HasSubstr("婚前医学检查任务完成率: 1月 1.00% 2月 2.00% 3月 — 4月 4.00%"));
}

TEST(Report, NarrativeIsPrintedInOrderBesideTheFigures) {
  const std::string html = write_html_report(sample());
  EXPECT_THAT(html, HasSubstr("<aside class=\"narrative\"><h2>分析</h2><p>婚前医学检查任务完成率"
                              "94.13%。孕产妇死亡率低于目标。</p></aside>"));
  ReportDocument en = sample();
  en.language = Language::en;
  EXPECT_THAT(write_html_report(en), HasSubstr("<html lang=\"en\">"));
  EXPECT_THAT(write_html_report(en), HasSubstr(">met</span>"));
  en.narrative = {"The rate was 94.13%.", "It met the target."};
  en.rankings = {{"r", "Rate", "%", 2, 0, Direction::lower_is_better, 90, "at most 90%", {}}};
  EXPECT_THAT(write_html_report(en), HasSubstr("<p>The rate was 94.13%. It met the target.</p>"));
  EXPECT_THAT(write_html_report(en),
              HasSubstr("<h3>Rate (lower is better, ascending; Target at most 90%)</h3>"));
}

TEST(Report, BadFieldsAreNamed) {
  const auto field_of = [](const ReportDocument& d) {
    try {
      (void)write_html_report(d);
    } catch (const invalid_input& e) {
      return e.field();
    }
    return std::string("no error");
  };
  ReportDocument d = sample();
  d.rows[0].decimals = 16;
  EXPECT_EQ(field_of(d), "rows[0].decimals");
  d = sample();
  d.rows[0].axis_max = 0;
  EXPECT_EQ(field_of(d), "rows[0].axis_max");
  d = sample();
  d.rows[0].target = nan_value;
  EXPECT_EQ(field_of(d), "rows[0].target");
  d = sample();
  d.rows[0].monthly = {1, 2};
  d.rows[0].month_labels = {"1月"};
  EXPECT_EQ(field_of(d), "rows[0].month_labels");
  d = sample();
  d.rankings.push_back({});
  d.rankings[0].decimals = -1;
  EXPECT_EQ(field_of(d), "rankings[0].decimals");
}

TEST(Report, BuiltFromAnEvaluatedTable) {
  // A district D with townships T1, T2; one indicator (a quota completion in per cent) with the
  // target ≥90%: D 1506 / 1600 = 94.125 % (met), T1 700 / 800 = 87.5 % (not met), T2 806 / 800
  // = 100.75 % (met).
  const OrgUnitTree tree = OrgUnitTree::from_parent_table(
      {{"D", "八公山区", ""}, {"T1", "山王镇", "D"}, {"T2", "新庄孜街道", "D"}});
  Indicator quota;
  quota.id = "premarital_check_quota_completion";
  quota.name_zh = "婚前医学检查任务完成率";
  quota.kind = MeasureKind::quota_completion;
  quota.direction = Direction::higher_is_better;
  EvaluationTable t;
  t.indicator = Column<std::size_t>{0, 0, 0};
  t.org_unit = Column<std::size_t>{0, 1, 2};
  t.period = Column<std::size_t>{0, 0, 0};
  t.numerator = Column<double>{1506, 700, 806};
  t.denominator = Column<double>{1600, 800, 800};
  t.value = Column<double>{94.125, 87.5, 100.75};
  t.status =
      Column<EvaluationStatus>{EvaluationStatus::ok, EvaluationStatus::ok, EvaluationStatus::ok};
  const std::vector<std::int64_t> target_of{0, 0, 0};
  ReportBuildOptions options;
  options.period = Period::year(2024);
  options.as_of = Date(2024, 5, 31);
  const ReportDocument d =
      build_report(t, {quota}, tree, target_of, {Threshold::parse("不低于90%")}, options);
  EXPECT_EQ(d.subject, "八公山区");
  EXPECT_EQ(d.as_of, "2024-05-31");
  ASSERT_EQ(d.rows.size(), 1u);
  EXPECT_EQ(d.rows[0].status, ReportStatus::met);
  EXPECT_EQ(d.rows[0].target_text, "≥90%");
  EXPECT_EQ(report_value_text(d.rows[0].value, d.rows[0].decimals, d.rows[0].multiplier), "94.13");
  ASSERT_TRUE(d.rows[0].time_progress);
  EXPECT_NEAR(*d.rows[0].time_progress, 500.0 / 12, 1e-9); // 5 of 12 whole months
  ASSERT_EQ(d.rankings.size(), 1u);
  EXPECT_EQ(ranking_order(d.rankings[0]), (std::vector<std::size_t>{1, 0})); // T2 before T1
  EXPECT_EQ(d.rankings[0].entries[0].status, ReportStatus::not_met);
  EXPECT_EQ(d.rankings[0].target, 90);
  // The ranking's axis: largest 100.75 % → 200; the target 90 at 45 on every bar.
  EXPECT_THAT(write_html_report(d), HasSubstr("class=\"target\" x1=\"45\""));
  // The subject's months (Jan–Mar of the year, period index = month): 300 / 320, none, 900 /
  // 960 → sparkline values 93.75, NaN, 93.75, labelled 1月 2月 3月.
  EvaluationTable months;
  months.indicator = Column<std::size_t>{0, 0, 0};
  months.org_unit = Column<std::size_t>{0, 0, 0};
  months.period = Column<std::size_t>{0, 1, 2};
  months.numerator = Column<double>{300, nan_value, 900};
  months.denominator = Column<double>{320, nan_value, 960};
  months.value = Column<double>{93.75, nan_value, 93.75};
  months.status = Column<EvaluationStatus>{EvaluationStatus::ok, EvaluationStatus::missing,
                                           EvaluationStatus::ok};
  const ReportDocument with_months =
      build_report(t, {quota}, tree, target_of, {Threshold::parse("不低于90%")}, options, &months);
  ASSERT_EQ(with_months.rows[0].monthly.size(), 3u);
  EXPECT_EQ(with_months.rows[0].monthly[0], 93.75);
  EXPECT_TRUE(std::isnan(with_months.rows[0].monthly[1]));
  EXPECT_EQ(with_months.rows[0].month_labels, (std::vector<std::string>{"1月", "2月", "3月"}));
  EXPECT_THAT(write_html_report(with_months), HasSubstr("class=\"sparkline\""));
  const std::vector<std::int64_t> short_targets{0};
  EXPECT_THROW(build_report(t, {quota}, tree, short_targets, {}, options), invalid_input);
}

TEST(Report, EndToEndFromACube) {
  // Two townships' premarital checks (checked / couples registered), January–February 2024:
  // T1 300/320 + 400/480 = 700/800 = 87.5 %; T2 350/400 + 456/500 = 806/900 = 89.5555… %,
  // printed 89.56; the district sums first: 1506/1700 = 88.588… %, printed 88.59. Against
  // ≥88 %: D met, T1 not met, T2 met. The district's months: 650/720 = 90.2777… % and
  // 856/980 = 87.3469… %.
  const OrgUnitTree tree = OrgUnitTree::from_parent_table(
      {{"D", "八公山区", ""}, {"T1", "山王镇", "D"}, {"T2", "新庄孜街道", "D"}});
  DataCube cube(tree,
                {{"checked", "婚检人数", "", AggregationType::sum},
                 {"couples", "登记人数", "", AggregationType::sum}},
                Period::month(2024, 1), 2);
  std::istringstream csv("element,org_unit,period,value\n"
                         "checked,T1,202401,300\ncouples,T1,202401,320\n"
                         "checked,T1,202402,400\ncouples,T1,202402,480\n"
                         "checked,T2,202401,350\ncouples,T2,202401,400\n"
                         "checked,T2,202402,456\ncouples,T2,202402,500\n");
  cube.load_csv(csv);
  Indicator rate;
  rate.id = "premarital_check_rate";
  rate.name_zh = "婚前医学检查率";
  rate.numerator = "#{checked}";
  rate.denominator = "#{couples}";
  rate.kind = MeasureKind::proportion;
  rate.direction = Direction::higher_is_better;
  const Period period = Period::range(Date(2024, 1, 1), Date(2024, 2, 29));
  const EvaluationTable t = evaluate(cube, {rate}, tree.depth_first_order(), {period});
  const EvaluationTable months =
      evaluate(cube, {rate}, {0}, {Period::month(2024, 1), Period::month(2024, 2)});
  const std::vector<std::int64_t> target_of(t.size(), 0);
  ReportBuildOptions options;
  options.title = "婚检";
  options.period = period;
  const ReportDocument d =
      build_report(t, {rate}, tree, target_of, {Threshold::parse("≥88%")}, options, &months);
  const std::string html = write_html_report(d);
  EXPECT_THAT(html, HasSubstr("<td class=\"num value\">88.59%</td>"));
  EXPECT_THAT(html, HasSubstr(">达标</span>"));
  // The ranking: T2 (89.56) first, T1 (87.50, not met) second.
  EXPECT_LT(html.find("data-unit=\"T2\""), html.find("data-unit=\"T1\""));
  EXPECT_THAT(html, HasSubstr("新庄孜街道</td><td class=\"num value\">89.56%</td>"));
  EXPECT_THAT(html, HasSubstr("山王镇</td><td class=\"num value\">87.50%</td>"));
  EXPECT_THAT(html, HasSubstr("婚前医学检查率: 1月 90.28% 2月 87.35%"));
  // No time progress for a proportion, even with as_of.
  options.as_of = Date(2024, 1, 31);
  EXPECT_FALSE(build_report(t, {rate}, tree, target_of, {Threshold::parse("≥88%")}, options)
                   .rows[0]
                   .time_progress);
}

// Seed 002 (新农合): 667984 persons × 540 元 = 360,711,360 元; 1.3亿元 spent by 31 May 2010 is
// 36.0399…% of it against 5 / 12 = 41.67 % of the year elapsed: 5.63 points behind, inside the
// ±10 band (31.67–51.67 %), 基金支出进度处于合理区间. On the 0–100 axis the band runs from x
// = 31.667 to 51.667 and the bar is 36.04 wide.
TEST(ReportFunds, SeedFundAgainstTimeElapsed) {
  const Fund fund = Fund::per_capita(Money::parse("540元"), 667984,
                                     {{"个人", Money::parse("120元")},
                                      {"中央", Money::parse("240元")},
                                      {"省", Money::parse("135元")},
                                      {"区", Money::parse("45元")}});
  const std::vector<FundFlow> flows = {
      {Date(2010, 1, 10), FundStage::arrived, Money::parse("360711360元")},
      {Date(2010, 5, 31), FundStage::spent, Money::parse("1.3亿元")}};
  ReportDocument d;
  d.title = "新农合";
  ReportFund f;
  f.name = "新农合基金";
  f.execution = execute_fund(fund, flows, Period::year(2010), Date(2010, 5, 31),
                             {10, 10, ProgressBasis::months});
  f.band = {10, 10, ProgressBasis::months};
  f.shares = {{"中央", fund.share_total(1)}};
  ReportFundDeadline late;
  late.stage_text = "到位";
  late.by = "2010-03-31";
  late.required = fund.total();
  late.reached = Money::parse("3亿元");
  late.status_text = "逾期未完成";
  late.missed = true;
  f.deadlines = {late};
  d.funds = {f};
  const std::string html = write_html_report(d);
  EXPECT_THAT(html, HasSubstr("<td class=\"num\">3.61亿元</td>"));
  EXPECT_THAT(html, HasSubstr("<td class=\"num value\">36.04%</td>"));
  EXPECT_THAT(html, HasSubstr("序时进度 41.67%，合理区间 31.67–51.67%"));
  EXPECT_THAT(html, HasSubstr("class=\"target-band\" x=\"31.667\" y=\"2\" width=\"20\""));
  EXPECT_THAT(html, HasSubstr("class=\"value\" x=\"0\" y=\"6\" width=\"36.04\""));
  EXPECT_THAT(html, HasSubstr(">处于合理区间</span>"));
  // 中央 240 × 667984 = 160,316,160 元 = 1.60亿元, 240 / 540 = 44.44 %.
  EXPECT_THAT(html, HasSubstr("中央 1.60亿元（44.44%）"));
  EXPECT_THAT(html, HasSubstr(">逾期未完成</span>"));
  // No 拨付 recorded: a rate that is not there prints "—", not 0 %.
  d.funds[0].execution.disbursement_rate.reset();
  EXPECT_THAT(write_html_report(d),
              HasSubstr("<td class=\"num\">—</td><td class=\"num value\">36.04%"));
  d.funds[0].band.below = -1;
  EXPECT_THROW(write_html_report(d), invalid_input);
}

// The plan of tests/cpp/planning_test.cpp: 90 % of 6000 needs 5400; 甲 keeps its 950 (95 %), 乙 and
// 丙 89 %: 1780 and 2670. The page prints the counts, the rates and the pooled total.
TEST(ReportPlans, PooledTotalAndMilestones) {
  const TargetPlan plan = plan_targets({{"甲", 1000, 950}, {"乙", 2000, 1500}, {"丙", 3000, 2550}},
                                       90, Unit::percent());
  ReportPlan p;
  p.name = "签约率";
  p.target = 90;
  p.method = "population";
  p.required = plan.required;
  p.total = plan.total;
  const std::int64_t d[] = {1000, 2000, 3000}, last[] = {950, 1500, 2550};
  for (std::size_t i = 0; i < 3; ++i)
    p.units.push_back({plan.units[i].id, d[i], last[i], plan.units[i].count, std::nullopt,
                       plan.units[i].at_floor, plan.units[i].at_cap});
  p.milestones = {68, 74, 80};
  p.milestone_labels = {"2026年", "2027年", "2028年"};
  ReportDocument doc;
  doc.plans = {p};
  const std::string html = write_html_report(doc);
  EXPECT_THAT(html, HasSubstr("<td>甲（不低于上年）</td><td class=\"num\">1000</td><td "
                              "class=\"num\">950（95.00%）</td><td class=\"num value\">950</td>"));
  EXPECT_THAT(html, HasSubstr("<td class=\"num value\">1780</td><td class=\"num\">89.00%</td>"));
  EXPECT_THAT(html, HasSubstr("合计需5400（90.00% × 6000，向上取整），计划5400，合并率90.00%。"));
  EXPECT_THAT(html, HasSubstr("阶段目标：2026年 68.00%，2027年 74.00%，2028年 80.00%。"));
  doc.plans[0].milestone_labels.pop_back();
  EXPECT_THROW(write_html_report(doc), invalid_input);
}

// The score card of tests/cli/cli_test.py ScoreVerb: T2 105.00 优秀 first, T1 77.93 合格 second
// (60 × 89.555…/90 = 59.70 and 40 − 4 × 5.444… = 18.22, hand-worked there).
TEST(ReportScoreCard, UnitsGradesColouredAndLostItems) {
  zhibiao::ReportDocument doc;
  zhibiao::ReportScoreCard c;
  c.name = "婚检考核";
  c.grade_names = {"优秀", "良好", "合格"};
  c.grade_minimums = {90, 80, 60};
  c.units = {{"新庄孜街道", 105, "优秀", 1, false, {}, ""},
             {"山王镇",
              77.925926,
              "合格",
              2,
              false,
              {"a 59.70/60.00", "b 18.22/40.00"},
              "距良好差2.07分"}};
  doc.score_cards = {c};
  const std::string html = zhibiao::write_html_report(doc);
  EXPECT_THAT(html, ::testing::HasSubstr("考核评分：婚检考核"));
  EXPECT_THAT(html, ::testing::HasSubstr("优秀 ≥ 90，良好 ≥ 80，合格 ≥ 60，其余不合格"));
  // 合格 is the third grade: orange; the total is printed at 2 decimals, half up.
  EXPECT_THAT(html, ::testing::HasSubstr("<td class=\"num value\">77.93</td><td><span "
                                         "class=\"status\"><span class=\"swatch\" "
                                         "style=\"background:#E69F00\"></span>合格"));
  EXPECT_THAT(html, ::testing::HasSubstr("a 59.70/60.00；b 18.22/40.00"));
  doc.score_cards[0].grade_minimums = {90, 95, 60};
  EXPECT_THROW(zhibiao::write_html_report(doc), zhibiao::invalid_input);
}
