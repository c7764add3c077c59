// `zhibiao report [DIR]` (docs/cli.md §6): the whole district in one command. It evaluates DIR's
// data for the year (or --period) at every unit, assesses each row against DIR's targets, prints
// the district's assessment table and its narrative (narrative.hpp), and writes the HTML report
// (report.hpp) with the rankings of the units below it and the district's monthly sparklines.
// Without DIR it runs on the example district shipped with zhibiao (examples/district/).
#include "command.hpp"
#include "evaluation_run.hpp"
#include "fund_input.hpp"
#include "output_format.hpp"
#include "plan_input.hpp"
#include "progress.hpp"
#include "score_input.hpp"

#include "zhibiao/comparison.hpp"
#include "zhibiao/decimal.hpp"
#include "zhibiao/error.hpp"
#include "zhibiao/narrative.hpp"
#include "zhibiao/report.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <string>
#include <unistd.h>
#include <vector>

#ifndef ZHIBIAO_SOURCE_EXAMPLE_DIR
#define ZHIBIAO_SOURCE_EXAMPLE_DIR ""
#endif

namespace zhibiao::cli {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view report_options[] = {"--catalog",
                                               "--period",
                                               "--as-of",
                                               "--lang",
                                               "--output",
                                               "--levels",
                                               "--funds",
                                               "--plan",
                                               "--plan-target",
                                               "--plan-unit",
                                               "--plan-method",
                                               "--plan-floor",
                                               "--plan-cap",
                                               "--plan-name",
                                               "--plan-milestones",
                                               "--plan-baseline",
                                               "--plan-goal",
                                               "--plan-first-year",
                                               "--plan-months-left",
                                               "--scheme"};

std::string iso_day(Date d) {
  char buf[40]; // room for any int year, month and day: no truncation warning
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", static_cast<int>(d.year()),
                static_cast<int>(d.month()), static_cast<int>(d.day()));
  return buf;
}

// The page's fund section from the funds file's results (funds_command.cpp prints the same).
ReportFund report_fund(const FundResult& r, bool zh) {
  ReportFund f;
  f.name = r.entry->name;
  f.execution = r.execution;
  f.band = r.entry->band;
  // No 拨付 recorded is not a 拨付率 of 0 % (funds_command.cpp prints "—" too).
  bool disbursed = false;
  for (const FundFlow& flow : r.entry->flows)
    disbursed = disbursed || flow.stage == FundStage::disbursed;
  if (!disbursed) f.execution.disbursement_rate.reset();
  const Fund& fund = r.entry->fund;
  for (std::size_t k = 0; k < fund.shares().size(); ++k)
    f.shares.push_back({fund.shares()[k].level, fund.share_total(k)});
  static constexpr const char* stage_zh[] = {"下达", "到位", "拨付", "支出"};
  for (const DeadlineCheck& c : r.deadlines) {
    ReportFundDeadline d;
    d.stage_text = zh ? stage_zh[static_cast<std::size_t>(c.deadline.stage)]
                      : std::string(to_string(c.deadline.stage));
    d.by = iso_day(c.deadline.by);
    d.share = c.deadline.share;
    d.required = c.required;
    d.reached = c.reached;
    d.missed = c.status == DeadlineStatus::missed;
    d.pending = c.status == DeadlineStatus::pending;
    d.status_text = c.status == DeadlineStatus::met      ? (zh ? "按期完成" : "met")
                    : c.status == DeadlineStatus::missed ? (zh ? "逾期未完成" : "missed")
                                                         : (zh ? "未到期" : "pending");
    f.deadlines.push_back(d);
  }
  return f;
}

// The page's score card: the units in the order of merit, each lost item with its points.
ReportScoreCard report_score_card(const Scheme& scheme, const ScoreRun& run,
                                  const OrgUnitTree& tree, const Catalog& catalog,
                                  Language language) {
  const bool zh = language == Language::zh;
  ReportScoreCard c;
  c.name = scheme.name;
  for (const Grade& g : scheme.grades) {
    c.grade_names.push_back(g.name);
    c.grade_minimums.push_back(g.min_total);
  }
  c.fail_grade = scheme.fail_grade;
  c.decimals = scheme.decimals;
  std::vector<std::size_t> order(run.units.size());
  for (std::size_t k = 0; k < order.size(); ++k) order[k] = k;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t x, std::size_t y) {
    return run.scores.units[x].rank < run.scores.units[y].rank;
  });
  const auto fixed = [&](double x) {
    return Decimal::from_double(x).round_half_up(scheme.decimals).to_string();
  };
  for (const std::size_t k : order) {
    const UnitScore& s = run.scores.units[k];
    ReportScoreUnit u;
    u.name = tree.name(run.units[k]);
    u.total = s.total;
    u.grade = s.grade;
    u.rank = s.rank;
    u.vetoed = s.vetoed;
    for (const std::size_t i : s.lost) {
      const SchemeItem& item = scheme.items[i];
      u.lost.push_back(item_name(item, catalog, language) + " " +
                       (item.rule == ScoreRule::veto
                            ? std::string(zh ? "否决" : "veto")
                            : fixed(s.items[i].score) + "/" + fixed(s.items[i].full)));
    }
    if (s.next) u.next = zh ? s.next->describe_zh : s.next->describe_en;
    c.units.push_back(std::move(u));
  }
  return c;
}

ReportPlan report_plan(const PlanRun& run, Language language) {
  ReportPlan p;
  p.name = run.spec.indicator.empty() ? run.spec.path : run.spec.indicator;
  p.unit_text = std::string(run.spec.unit.suffix(language));
  p.multiplier = run.spec.unit.integer_multiplier();
  p.target = run.spec.target;
  p.method = std::string(to_string(run.spec.options.method));
  p.required = run.plan.required;
  p.total = run.plan.total;
  p.months_left = run.spec.months_left;
  for (const PlanRow& r : run.rows)
    p.units.push_back({r.name, r.denominator, r.last_year, r.target.count, r.per_month,
                       r.target.at_floor, r.target.at_cap});
  for (const PlanStep& s : run.milestones) {
    p.milestones.push_back(s.value);
    if (run.spec.first_step)
      p.milestone_labels.push_back(std::to_string(*run.spec.first_step + s.step - 1) +
                                   (language == Language::zh ? "年" : ""));
  }
  return p;
}

// The example district: installed beside the program (share/zhibiao/examples/district), or in
// the source tree the program was built from.
fs::path example_directory() {
  std::error_code ec;
  const fs::path self = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    const fs::path installed =
        self.parent_path().parent_path() / "share" / "zhibiao" / "examples" / "district";
    if (fs::exists(installed / "data.csv", ec)) return installed;
  }
  const fs::path source = ZHIBIAO_SOURCE_EXAMPLE_DIR;
  if (!source.empty() && fs::exists(source / "data.csv", ec)) return source;
  throw input_error("report: no DIR given and the example district is not installed "
                    "(give a directory with data.csv, org_units.csv and targets.csv)");
}

// 同比: the row's counts against the same period a year earlier, as a clause of the narrative
// ("较去年同期增加6.60个百分点"). Proportions and quota completions change in points (Newcombe),
// rates in per cent; a ratio (性别比) or a row without both years' counts has none.
std::optional<std::string> year_on_year(const Indicator& indicator, double x1, double n1, double x0,
                                        double n0, const NarrativeOptions& options) {
  if (!(std::isfinite(x1) && std::isfinite(n1) && std::isfinite(x0) && std::isfinite(n0)) ||
      n1 <= 0 || n0 <= 0 || indicator.annualised)
    return std::nullopt;
  try {
    switch (indicator.kind) {
    case MeasureKind::proportion:
    case MeasureKind::quota_completion:
      if (x1 > n1 || x0 > n0) return std::nullopt;
      return change_clause(compare_proportions(x1, n1, x0, n0, indicator.unit, indicator.direction),
                           options);
    case MeasureKind::rate:
      return change_clause(compare_rates(x1, n1, x0, n0, indicator.unit, indicator.direction),
                           options);
    case MeasureKind::ratio: return std::nullopt;
    }
  } catch (const invalid_input&) {
  }
  return std::nullopt;
}

} // namespace

int run_report(std::span<const std::string> args, std::ostream& out) {
  const Arguments a = parse_arguments("report", args, report_options);
  if (a.positional.size() > 1)
    throw usage_error("report", "report takes one DIR, not " + std::to_string(a.positional.size()));
  const auto lang = a.get("--lang").value_or("zh");
  if (lang != "zh" && lang != "en")
    throw input_error("--lang: unknown language '" + lang + "' (zh or en)");
  const Language language = lang == "zh" ? Language::zh : Language::en;
  const bool zh = language == Language::zh;
  const fs::path dir = a.positional.empty() ? example_directory() : fs::path(a.positional[0]);
  std::error_code ec;
  if (!fs::is_directory(dir, ec))
    throw input_error(dir.string() + ": not a directory (report reads DIR/data.csv, "
                                     "DIR/org_units.csv and DIR/targets.csv)");
  const auto in_dir = [&](const char* name) -> std::optional<std::string> {
    const fs::path p = dir / name;
    return fs::exists(p, ec) ? std::optional<std::string>(p.string()) : std::nullopt;
  };
  if (!in_dir("data.csv")) throw input_error((dir / "data.csv").string() + ": no such file");

  EvaluationInputs inputs;
  inputs.data = (dir / "data.csv").string();
  inputs.catalog = a.get("--catalog") ? a.get("--catalog") : in_dir("catalog.json");
  inputs.org_units = in_dir("org_units.csv");
  inputs.levels = a.get("--levels");
  inputs.period = a.get("--period");
  inputs.as_of = a.get("--as-of");
  inputs.targets = in_dir("targets.csv");
  inputs.latest_year_by_default = true;
  // The funds file and the plan are read before the data: bad input stops before the work.
  std::optional<FundsFile> funds_file;
  if (const auto f = a.get("--funds")) funds_file = read_funds_file(*f);
  std::optional<PlanRun> plan_run;
  if (const auto p = a.get("--plan")) plan_run = run_plan(read_plan_spec(a, *p, "--plan-"));
  else
    for (std::string_view o : report_options)
      if (o.starts_with("--plan-") && a.get(o))
        throw usage_error("report", std::string(o) + " belongs to --plan FILE.csv: give both");
  std::optional<Scheme> scheme;
  if (const auto f = a.get("--scheme")) scheme = read_scheme_file(*f, read_catalog(inputs.catalog));
  Progress progress(5);
  const EvaluationRun r = run_evaluation(inputs, progress);
  const OrgUnitTree& tree = *r.tree;
  const EvaluationTable& t = r.table;
  const std::vector<std::size_t> order = tree.depth_first_order();
  const std::size_t subject = order.front();

  progress.step("comparing with the year before and month by month");
  // The same period a year earlier, for 同比, and the subject's months, for the sparklines:
  // both from the cube already loaded (months outside it evaluate as missing).
  const Period previous = r.period.same_period_last_year();
  EvaluationTable before = evaluate(*r.cube, r.indicators, {subject}, {previous});
  std::vector<Period> months;
  for (Period m = Period::month(r.period.start_year(), static_cast<int>(r.period.start().month()));
       m.start() <= r.period.end(); m = m.next())
    months.push_back(m);
  const EvaluationTable monthly = evaluate(*r.cube, r.indicators, {subject}, months);

  // The subject's rows (one per indicator, in the table's order) and their sentences.
  NarrativeOptions options;
  options.language = language;
  std::vector<std::size_t> rows;
  for (std::size_t i = 0; i < t.size(); ++i)
    if (t.org_unit[i] == subject) rows.push_back(i);
  std::vector<double> value;
  std::vector<std::int64_t> target;
  std::vector<std::string> names;
  std::vector<std::optional<Period>> periods;
  std::vector<Unit> units;
  std::vector<int> decimals;
  for (std::size_t i : rows) {
    const Indicator& ind = r.indicators[t.indicator[i]];
    // A partial row (a month or a unit missing) still has its value; the sentence says so.
    const bool shown =
        t.status[i] == EvaluationStatus::ok || t.status[i] == EvaluationStatus::partial;
    value.push_back(shown && std::isfinite(t.value[i]) ? t.value[i] : std::nan(""));
    target.push_back(r.target_of[i]);
    names.push_back(zh || ind.name_en.empty() ? ind.name_zh : ind.name_en);
    periods.emplace_back(r.period);
    units.push_back(ind.unit);
    decimals.push_back(ind.decimals);
  }
  std::vector<std::string> sentences = narrate_threshold_rows(
      value, target, r.targets.thresholds, names, periods, units, decimals, options);
  std::vector<std::size_t> before_row(r.indicators.size(), before.size());
  for (std::size_t j = 0; j < before.size(); ++j) before_row[before.indicator[j]] = j;
  const auto drop_stop = [zh](std::string& s) {
    const std::string stop = zh ? "。" : ".";
    if (s.ends_with(stop)) s.resize(s.size() - stop.size());
  };
  for (std::size_t k = 0; k < rows.size(); ++k) {
    const std::size_t i = rows[k];
    if (t.status[i] == EvaluationStatus::partial && std::isfinite(value[k])) {
      drop_stop(sentences[k]);
      sentences[k] += zh ? "（数据不全：" + std::to_string(t.months_reported[i]) + "/" +
                               std::to_string(t.months_expected[i]) + "个月、" +
                               std::to_string(t.units_complete[i]) + "/" +
                               std::to_string(t.units_expected[i]) + "个机构报告完整）。"
                         : " (incomplete: " + std::to_string(t.months_reported[i]) + " of " +
                               std::to_string(t.months_expected[i]) + " months, " +
                               std::to_string(t.units_complete[i]) + " of " +
                               std::to_string(t.units_expected[i]) + " units complete).";
    }
  }
  for (std::size_t k = 0; k < rows.size(); ++k) {
    const std::size_t i = rows[k];
    const Indicator& ind = r.indicators[t.indicator[i]];
    const std::size_t j = before_row[t.indicator[i]];
    if (j == before.size() || before.status[j] != EvaluationStatus::ok) continue;
    if (const auto clause = year_on_year(ind, t.numerator[i], t.denominator[i], before.numerator[j],
                                         before.denominator[j], options)) {
      std::string& s = sentences[k];
      drop_stop(s);
      s += (zh ? "，" : "; ") + *clause + (zh ? "。" : ".");
    }
  }

  progress.step("writing the report");
  ReportBuildOptions build;
  build.language = language;
  build.subject_unit = subject;
  build.period_label = period_label(r.period, options);
  build.title = tree.name(subject) + (zh ? " " + build.period_label + " 卫生健康指标评估"
                                         : " — health indicators, " + build.period_label);
  if (r.as_of) {
    build.as_of = r.as_of;
    build.period = r.period;
  }
  ReportDocument document =
      build_report(t, r.indicators, tree, r.target_of, r.targets.thresholds, build, &monthly);
  document.narrative = sentences;
  bool funds_failed = false;
  std::vector<std::string> fund_lines;
  if (funds_file) {
    // The funds at the report's date: --as-of, else the file's as_of, else the period's end.
    const Date when = r.as_of ? *r.as_of : funds_file->as_of ? *funds_file->as_of : r.period.end();
    for (const FundResult& fr : execute_funds(*funds_file, when)) {
      document.funds.push_back(report_fund(fr, zh));
      funds_failed = funds_failed || (fr.execution.lead && !fr.execution.within_band);
      for (const auto& d : document.funds.back().deadlines) funds_failed = funds_failed || d.missed;
      fund_lines.push_back(fr.entry->name + (zh ? "：" : ": ") + fr.execution.sentence(language) +
                           (zh ? "。" : "."));
    }
  }
  if (plan_run) document.plans.push_back(report_plan(*plan_run, language));
  std::string score_line;
  bool score_failed = false;
  if (scheme) {
    // The scheme's default units (score_input.hpp): the townships of the example district.
    const ScoreRun run = score_run(*scheme, r.catalog, *r.cube, std::nullopt, r.period, r.as_of);
    ReportScoreCard card = report_score_card(*scheme, run, tree, r.catalog, language);
    for (const UnitScore& u : run.scores.units)
      score_failed = score_failed || u.vetoed || u.grade == scheme->fail_grade;
    for (const ReportScoreUnit& u : card.units)
      score_line += (score_line.empty() ? "" : (zh ? "，" : ", ")) + u.name + " " +
                    Decimal::from_double(u.total).round_half_up(scheme->decimals).to_string() +
                    (zh ? "（" : " (") + u.grade + (zh ? "）" : ")");
    score_line = (scheme->name.empty() ? std::string(zh ? "考核" : "Assessment") : scheme->name) +
                 (zh ? "：" : ": ") + score_line + (zh ? "。" : ".");
    document.score_cards.push_back(std::move(card));
  }
  const std::string html = write_html_report(document);
  const fs::path html_path =
      a.get("--output") ? fs::path(*a.get("--output")) : fs::current_path() / "zhibiao-report.html";
  {
    std::ofstream file(html_path, std::ios::binary);
    file << html;
    if (!file) throw input_error(html_path.string() + ": cannot write the report");
  }

  // Standard output: the subject's table, its narrative and where the page is.
  Table table{{"indicator", "value", "unit", "target", "met", "status"},
              {zh ? "指标" : "indicator", zh ? "值" : "value", zh ? "单位" : "unit",
               zh ? "目标" : "target", zh ? "达标" : "met", zh ? "状态" : "status"},
              {}};
  // English: the word before the description's colon ("partial"), so the table stays narrow.
  const auto short_status = [&](EvaluationStatus status) {
    const std::string text = status_text(status, language);
    return zh ? text : text.substr(0, text.find(':'));
  };
  bool failed = false;
  for (std::size_t i : rows) {
    const Indicator& ind = r.indicators[t.indicator[i]];
    const std::string v = value_text(t.numerator[i], t.denominator[i], t.value[i], ind);
    std::string met;
    if (r.reached[i] == 1) met = zh ? "达标" : "met";
    if (r.reached[i] == 0) met = zh ? "未达标" : "not met";
    failed = failed || r.reached[i] == 0 || t.status[i] != EvaluationStatus::ok;
    const std::int64_t k = r.target_of[i];
    table.rows.push_back(
        {text_cell(zh || ind.name_en.empty() ? ind.name_zh : ind.name_en),
         number_cell(v, v == "—" ? std::nan("") : std::stod(v)),
         text_cell(unit_text(ind.unit, language)),
         text_cell(k < 0 ? ""
                         : r.targets.thresholds[static_cast<std::size_t>(k)].describe(language)),
         text_cell(met), text_cell(short_status(t.status[i]))});
  }
  out << build.title << "\n\n" << render(table, Format::table) << "\n";
  for (const auto& s : sentences) out << s << "\n";
  if (!fund_lines.empty()) out << "\n";
  for (const auto& s : fund_lines) out << s << "\n";
  if (plan_run) {
    const PlanRun& p = *plan_run;
    const std::string suffix(p.spec.unit.suffix(language));
    out << "\n"
        << (p.spec.indicator.empty() ? p.spec.path : p.spec.indicator) << (zh ? "：" : ": ");
    for (std::size_t k = 0; k < p.rows.size(); ++k)
      out << (k ? (zh ? "，" : ", ") : "") << p.rows[k].name << " " << p.rows[k].target.count
          << (zh ? "（" : " (")
          << plan_rate_text(p.rows[k].target.count, p.rows[k].denominator, p.spec.unit) << suffix
          << (zh ? "）" : ")");
    out << (zh ? "；合计" : "; total ") << p.plan.total << (zh ? "，合并率" : ", pooled ")
        << plan_rate_text(p.plan.total, p.denominators, p.spec.unit) << suffix << (zh ? "。" : ".")
        << "\n";
  }
  if (!score_line.empty()) out << "\n" << score_line << "\n";
  out << "\n"
      << (zh ? "HTML 报告已写入：" : "HTML report written to: ") << html_path.string() << "\n";
  return failed || funds_failed || score_failed ? check_failed : success;
}

} // namespace zhibiao::cli
