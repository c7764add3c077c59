// zhibiao evaluate DATA (docs/cli.md §2): loads a long CSV of monthly data values into a cube,
// evaluates the catalog's indicators for every org unit over one period and, with --targets,
// assesses each row against its bound.

#include "command.hpp"
#include "csv_input.hpp"
#include "evaluation_run.hpp"
#include "output_format.hpp"
#include "progress.hpp"
#include "text_input.hpp"

#include "zhibiao/assessment.hpp"
#include "zhibiao/cube.hpp"
#include "zhibiao/decimal.hpp"
#include "zhibiao/detail/csv.hpp"
#include "zhibiao/detail/format.hpp"
#include "zhibiao/error.hpp"
#include "zhibiao/evaluation.hpp"
#include "zhibiao/expression.hpp"
#include "zhibiao/narrative.hpp"
#include "zhibiao/report.hpp"
#include "zhibiao/target.hpp"

#include <algorithm>
#include <cmath>
#include <iostream>
#include <map>
#include <set>
#include <sstream>
#include <unordered_set>

namespace zhibiao::cli {
namespace {

constexpr std::string_view evaluate_options[] = {
    "--catalog", "--targets",    "--org-units", "--levels", "--period",
    "--as-of",   "--indicators", "--format",    "--lang",   "--output"};

// What one pass over DATA tells before the cube exists: the row of each data row (for
// messages), its org units (roots when there is no --org-units), its elements (which indicators
// it can give) and the span of its months (the default period).
struct DataScan {
  std::vector<std::size_t> rows;
  std::vector<std::string> units;
  std::set<std::string, std::less<>> elements;
  std::optional<Period> first_month, last_month;
};

int month_index(const Period& p) {
  return p.start_year() * 12 + static_cast<int>(p.start().month()) - 1;
}

Period month_at(int index) { return Period::month(index / 12, index % 12 + 1); }

// The header is read first (its columns are needed for every row), then every row.
DataScan scan_data_file(const InputText& data) {
  std::vector<std::string> header;
  {
    const auto end = data.text.find('\n');
    InputText first{data.path, data.text.substr(0, end), false};
    header = scan_csv(first, [](CsvRow&&) {});
  }
  const auto column = [&](std::string_view name) {
    for (std::size_t i = 0; i < header.size(); ++i)
      if (header[i] == name) return i;
    throw_missing_column(data.path, name, header);
  };
  const std::size_t ce = column("element"), cu = column("org_unit"), cp = column("period");
  (void)column("value");
  DataScan scan;
  // Hashed: a 10^6-row file has thousands of distinct units, and an ordered set's string
  // comparisons were the largest cost of the scan (benchmarks/cli_evaluate_peer.py, perf).
  std::unordered_set<std::string> units, periods;
  scan_csv(data, [&](CsvRow&& row) {
    scan.rows.push_back(row.row);
    const auto& f = row.fields;
    // A row with too few fields is the load's to report, under the same row number.
    if (ce < f.size()) scan.elements.insert(f[ce].substr(0, f[ce].find('.')));
    if (cu < f.size() && !f[cu].empty() && units.insert(f[cu]).second) scan.units.push_back(f[cu]);
    if (cp < f.size()) periods.insert(f[cp]);
  });
  if (scan.rows.empty()) throw input_error(data.path + ": has a header but no data rows");
  // A period text that is not a month is left to the load, which names its row.
  for (const auto& text : periods) {
    try {
      const Period p = Period::parse(text);
      if (p.type() != PeriodType::month) continue;
      // Compared by month number: Period's operator<=> is not exported from a shared libzhibiao.
      if (!scan.first_month || month_index(p) < month_index(*scan.first_month))
        scan.first_month = p;
      if (!scan.last_month || month_index(*scan.last_month) < month_index(p)) scan.last_month = p;
    } catch (const invalid_input&) {
    }
  }
  return scan;
}

// --period: any period the library reads (2024, 2024H1 = 2024S1, 2024Q2, 2024年上半年,
// 2024-01-01/2024-06-30) or two months joined by '-' (202401-202406).
Period parse_period_option(const std::string& text) {
  Period p = Period::day(2000, 1, 1);
  try {
    std::string code = text;
    // "2024H1": half years are S1 / S2 in DHIS2's codes.
    if (code.size() == 6 && (code[4] == 'H' || code[4] == 'h')) code[4] = 'S';
    p = Period::parse(code);
  } catch (const parse_error& e) {
    const auto dash = text.find('-');
    bool range = false;
    if (dash != std::string::npos && text.find('-', dash + 1) == std::string::npos) {
      try {
        const Period a = Period::parse(text.substr(0, dash)),
                     b = Period::parse(text.substr(dash + 1));
        if (a.type() == PeriodType::month && b.type() == PeriodType::month) {
          if (b.start() < a.start())
            throw input_error("--period: '" + text + "' ends before it starts");
          p = Period::range(a.start(), b.end());
          range = true;
        }
      } catch (const parse_error&) {
      }
    }
    if (!range) throw input_error("--period: " + message_of(e));
  }
  if (!p.month_aligned())
    throw input_error("--period: '" + text + "' is not made of whole months (data are monthly)");
  return p;
}

Period default_period(const DataScan& scan) {
  if (!scan.first_month)
    throw input_error("no row of the data has a month as its period (202401 or 2024-01)");
  const Period& a = *scan.first_month;
  const Period& b = *scan.last_month;
  if (a == b) return a;
  if (a.start_year() == b.start_year() && a.start().month() == 1 && b.start().month() == 12)
    return Period::year(a.start_year());
  return Period::range(a.start(), b.end());
}

std::vector<std::string> split_list(const std::string& text) {
  std::vector<std::string> items;
  std::string item;
  std::istringstream in(text);
  while (std::getline(in, item, ',')) items.push_back(detail::csv_trim(item));
  return items;
}

OrgUnitTree read_org_units(const std::string& path, const std::optional<std::string>& levels) {
  const CsvTable t = read_csv(read_input_file(path, std::cerr));
  const std::size_t cc = t.column("code"), cn = t.column("name"), cp = t.column("parent");
  std::vector<OrgUnitRow> rows;
  for (const auto& r : t.rows) rows.push_back({r.fields[cc], r.fields[cn], r.fields[cp]});
  try {
    if (levels) return OrgUnitTree::from_parent_table(rows, split_list(*levels));
    return OrgUnitTree::from_parent_table(rows);
  } catch (const invalid_rows& e) {
    const row_error& first = e.rows().front();
    throw input_error(t.where(t.rows.at(first.row), first.field) + ": " + first.message +
                      (e.rows().size() > 1
                           ? " (and " + std::to_string(e.rows().size() - 1) + " more bad rows)"
                           : ""));
  } catch (const invalid_input& e) {
    throw input_error(path + ": " + e.what());
  }
}

OrgUnitTree roots_of(const std::vector<std::string>& units) {
  std::vector<OrgUnitRow> rows;
  for (const auto& u : units) rows.push_back({u, u, ""});
  return OrgUnitTree::from_parent_table(rows);
}

// The data elements an indicator's expressions read.
std::set<std::string> elements_of(const Indicator& i) {
  std::set<std::string> out;
  for (const auto* text : {&i.numerator, &i.denominator}) {
    try {
      const Expression expression = Expression::parse(*text); // outlives the loop over its refs
      for (const auto& r : expression.references()) out.insert(r.element);
    } catch (const invalid_input& e) {
      throw input_error("catalog: indicators[" + i.id + "]." +
                        (text == &i.numerator ? "numerator" : "denominator") + ": " + e.what());
    }
  }
  return out;
}

std::vector<Indicator> select_indicators(const Catalog& catalog,
                                         const std::optional<std::string>& list,
                                         const DataScan& scan, const std::string& data_path) {
  std::vector<Indicator> out;
  if (list) {
    std::vector<std::string_view> ids;
    for (const auto& i : catalog.indicators) ids.push_back(i.id);
    for (const auto& id : split_list(*list)) {
      const auto it = std::find_if(catalog.indicators.begin(), catalog.indicators.end(),
                                   [&](const Indicator& i) { return i.id == id; });
      if (it == catalog.indicators.end())
        throw input_error("--indicators: unknown indicator '" + id + "'" + did_you_mean(id, ids));
      if (!it->method.empty())
        throw input_error("--indicators: '" + id + "' is computed by " + it->method +
                          ", not as a ratio of counts: it cannot be evaluated over DATA");
      out.push_back(*it);
    }
    return out;
  }
  // By default, every ratio indicator whose data elements DATA reports.
  for (const auto& i : catalog.indicators) {
    if (!i.method.empty()) continue;
    const auto needed = elements_of(i);
    if (std::all_of(needed.begin(), needed.end(),
                    [&](const std::string& e) { return scan.elements.count(e) > 0; }))
      out.push_back(i);
  }
  if (out.empty()) {
    std::string list_text;
    for (const auto& e : scan.elements) list_text += (list_text.empty() ? "" : ", ") + e;
    throw input_error(data_path +
                      ": no indicator of the catalog can be computed from its "
                      "elements (" +
                      list_text + "); name them with --indicators");
  }
  return out;
}

// --targets: one bound per (indicator, org unit); an empty org_unit is every unit.

Targets read_targets(const std::string& path, const std::vector<Indicator>& indicators,
                     const Catalog& catalog, const OrgUnitTree& tree) {
  const CsvTable t = read_csv(read_input_file(path, std::cerr));
  const std::size_t ci = t.column("indicator"), cu = t.column("org_unit"), ct = t.column("target");
  std::vector<std::string_view> ids;
  for (const auto& i : catalog.indicators) ids.push_back(i.id);
  Targets out;
  std::map<std::pair<std::size_t, std::size_t>, std::size_t> row_of;
  for (const auto& r : t.rows) {
    const std::string& id = r.fields[ci];
    const auto it = std::find_if(indicators.begin(), indicators.end(),
                                 [&](const Indicator& i) { return i.id == id; });
    if (it == indicators.end()) {
      const bool known = std::find(ids.begin(), ids.end(), id) != ids.end();
      throw input_error(t.where(r, "indicator") + ": " +
                        (known ? "'" + id +
                                     "' is not evaluated (its data elements are not all in "
                                     "DATA, or --indicators leaves it out)"
                               : "unknown indicator '" + id + "'" + did_you_mean(id, ids)));
    }
    const std::size_t k = static_cast<std::size_t>(it - indicators.begin());
    std::size_t unit = OrgUnitTree::npos;
    if (!r.fields[cu].empty()) {
      unit = tree.find(r.fields[cu]);
      if (unit == OrgUnitTree::npos)
        throw input_error(t.where(r, "org_unit") + ": unknown org unit '" + r.fields[cu] + "'");
    }
    ThresholdOptions options;
    options.unit = it->unit;
    Target target{{}, Threshold{}};
    try {
      target = parse_target(r.fields[ct], options);
    } catch (const invalid_input& e) {
      throw input_error(t.where(r, "target") + ": " + message_of(e));
    }
    const auto* threshold = std::get_if<Threshold>(&target.rule);
    if (!threshold)
      throw input_error(t.where(r, "target") + ": '" + r.fields[ct] +
                        "' is not a bound on the value (不低于90%, 低于8‰, 控制在10%以内): the "
                        "command line assesses bounds, not changes against a baseline");
    const auto key = std::make_pair(k, unit);
    if (const auto seen = row_of.find(key); seen != row_of.end())
      throw input_error(t.where(r, "target") + ": a second target for " + id +
                        (unit == OrgUnitTree::npos ? "" : " at " + r.fields[cu]) + " (row " +
                        std::to_string(seen->second) + " has one)");
    row_of.emplace(key, r.row);
    out.index.emplace(key, out.thresholds.size());
    out.thresholds.push_back(*threshold);
    out.text.push_back(r.fields[ct]);
  }
  return out;
}

} // namespace

// Status names as a Chinese report writes them; English: the library's descriptions.
std::string status_text(EvaluationStatus s, Language language) {
  static constexpr std::string_view zh[] = {"正常",       "分母为零", "缺数据", "除以零",
                                            "超出定义域", "数据矛盾", "溢出",   "数据不全"};
  const auto code = static_cast<std::size_t>(s);
  if (language == Language::zh && code < std::size(zh)) return std::string(zh[code]);
  return std::string(describe(s));
}

// The value at the indicator's decimals, rounded half up on the exact ratio of the counts
// (round_ratio_half_up, docs/units-and-rounding.md §3: 1506 / 1600 prints 94.13, never 94.12);
// an annualised value, or one beyond the exact path, on its shortest decimal.
std::string value_text(double numerator, double denominator, double value, const Indicator& i) {
  // The report page's rule (report.hpp), so that the table and the page print the same digits.
  // An annualised rate is not numerator / denominator × multiplier: it rounds its own value.
  try {
    return report_value_text({value, numerator, denominator}, i.decimals,
                             i.annualised ? 0 : i.unit.integer_multiplier());
  } catch (const invalid_input&) {
    return detail::full_precision_text(value); // beyond a Decimal's 18 digits
  }
}

std::string unit_text(const Unit& unit, Language language) {
  const std::string_view suffix = unit.suffix(language);
  return std::string(suffix.empty() ? unit.name(language) : suffix);
}

namespace {

std::string rounded(double x, int decimals) {
  if (!std::isfinite(x)) return "—";
  return Decimal::from_double(x).round_half_up(decimals).to_string();
}

} // namespace

EvaluationRun run_evaluation(const EvaluationInputs& in, Progress& progress) {
  const std::string& path = in.data;
  EvaluationRun r;
  progress.step("reading " + path);
  r.catalog = read_catalog(in.catalog);
  const Catalog& catalog = r.catalog;
  const InputText data = read_input_file(path, std::cerr);
  const DataScan scan = scan_data_file(data);
  r.tree = std::make_shared<const OrgUnitTree>(
      in.org_units ? read_org_units(*in.org_units, in.levels) : roots_of(scan.units));
  const OrgUnitTree& tree = *r.tree;
  r.period = in.period ? parse_period_option(*in.period)
             : in.latest_year_by_default && scan.last_month
                 ? Period::year(scan.last_month->start_year())
                 : default_period(scan);
  const Period& period = r.period;
  r.as_of = in.as_of ? std::optional<Date>(parse_as_of(*in.as_of)) : std::nullopt;
  r.indicators = select_indicators(catalog, in.indicators, scan, path);
  const std::vector<Indicator>& indicators = r.indicators;
  r.has_targets = in.targets.has_value();
  if (in.targets) r.targets = read_targets(*in.targets, indicators, catalog, tree);
  const Targets& targets = r.targets;

  // The cube spans DATA's months and the period asked for.
  const Period period_first =
      Period::month(period.start_year(), static_cast<int>(period.start().month()));
  const Period period_last =
      Period::month(period.end_year(), static_cast<int>(period.end().month()));
  int first = month_index(period_first), last = month_index(period_last);
  if (scan.first_month) first = std::min(first, month_index(*scan.first_month));
  if (scan.last_month) last = std::max(last, month_index(*scan.last_month));

  progress.step("loading " + path);
  r.cube =
      std::make_unique<DataCube>(r.tree, catalog.data_elements, month_at(first), last - first + 1);
  DataCube& cube = *r.cube;
  {
    std::istringstream in(data.text);
    try {
      cube.load_csv(in);
    } catch (const invalid_rows& e) {
      const row_error& bad = e.rows().front();
      const std::string row = bad.row < scan.rows.size() ? std::to_string(scan.rows[bad.row]) : "?";
      throw input_error(path + " row " + row + ", field " + bad.field + ": " + bad.message +
                        (e.rows().size() > 1
                             ? " (and " + std::to_string(e.rows().size() - 1) + " more bad rows)"
                             : ""));
    } catch (const invalid_input& e) {
      throw input_error(path + ": " + e.what());
    }
  }

  progress.step("evaluating");
  const std::vector<std::size_t> units = tree.depth_first_order();
  EvaluationTable& t = r.table;
  try {
    t = evaluate(cube, indicators, units, {period});
  } catch (const invalid_input& e) {
    throw input_error(std::string("catalog: ") + e.what());
  }
  const std::size_t n = t.size();
  r.target_of.assign(n, -1);
  r.reached.assign(n, not_assessed);
  r.shortfall.assign(n, 0.0);
  r.count_needed.assign(n, 0.0);
  auto& target_of = r.target_of;
  if (r.has_targets) {
    for (std::size_t i = 0; i < n; ++i) {
      auto it = targets.index.find({t.indicator[i], t.org_unit[i]});
      if (it == targets.index.end()) it = targets.index.find({t.indicator[i], OrgUnitTree::npos});
      if (it != targets.index.end() && t.status[i] == EvaluationStatus::ok)
        target_of[i] = static_cast<std::int64_t>(it->second);
    }
    assess_threshold_column(t.value, target_of, targets.thresholds, t.numerator, t.denominator, {},
                            r.reached, r.shortfall, r.count_needed);
  }
  return r;
}

int run_evaluate(std::span<const std::string> args, std::ostream& out) {
  const Arguments a = parse_arguments("evaluate", args, evaluate_options);
  if (a.positional.size() != 1)
    throw usage_error("evaluate",
                      a.positional.empty()
                          ? "evaluate needs a DATA file (CSV: element,org_unit,period,value)"
                          : "evaluate takes one DATA file, not " +
                                std::to_string(a.positional.size()));
  const std::string& path = a.positional[0];
  // html: the report page (report.hpp) of the evaluated table instead of a table.
  const std::string format_name = a.get("--format").value_or("table");
  const bool html = format_name == "html";
  const Format format = html ? Format::table : parse_format(format_name);
  const auto lang = a.get("--lang").value_or("zh");
  if (lang != "zh" && lang != "en")
    throw input_error("--lang: unknown language '" + lang + "' (zh or en)");
  const Language language = lang == "zh" ? Language::zh : Language::en;
  const bool zh = language == Language::zh;
  if (a.get("--levels") && !a.get("--org-units"))
    throw usage_error("evaluate", "--levels names the levels of --org-units: give both");

  EvaluationInputs inputs{path,
                          a.get("--catalog"),
                          a.get("--org-units"),
                          a.get("--levels"),
                          a.get("--period"),
                          a.get("--as-of"),
                          a.get("--indicators"),
                          a.get("--targets")};
  Progress progress(4);
  const EvaluationRun r = run_evaluation(inputs, progress);
  const OrgUnitTree& tree = *r.tree;
  const Period& period = r.period;
  const std::optional<Date>& as_of = r.as_of;
  const std::vector<Indicator>& indicators = r.indicators;
  const Targets& targets = r.targets;
  const EvaluationTable& t = r.table;
  const std::size_t n = t.size();
  const bool targets_path = r.has_targets;
  const auto& target_of = r.target_of;
  const auto& reached = r.reached;
  const auto& shortfall = r.shortfall;
  const auto& count_needed = r.count_needed;

  progress.step("writing");
  if (html) {
    // The first unit of the hierarchy is the page's subject; the others are ranked under it.
    NarrativeOptions words;
    words.language = language;
    ReportBuildOptions build;
    build.language = language;
    build.period_label = period_label(period, words);
    build.title = tree.name(tree.depth_first_order().front()) + " " + build.period_label;
    if (as_of) {
      build.as_of = as_of;
      build.period = period;
    }
    write_output(
        a, out,
        write_html_report(build_report(t, indicators, tree, target_of, targets.thresholds, build)));
    bool failed = false;
    for (std::size_t i = 0; i < n; ++i)
      failed = failed || t.status[i] != EvaluationStatus::ok || reached[i] == 0;
    return failed ? check_failed : success;
  }
  Table table{{"org_unit", "org_unit_name", "indicator", "indicator_name", "period", "numerator",
               "denominator", "value", "unit", "status"},
              {zh ? "机构代码" : "org unit", zh ? "机构" : "name", zh ? "指标代码" : "indicator",
               zh ? "指标" : "indicator name", zh ? "期间" : "period", zh ? "分子" : "numerator",
               zh ? "分母" : "denominator", zh ? "值" : "value", zh ? "单位" : "unit",
               zh ? "状态" : "status"},
              {}};
  if (as_of) {
    table.keys.push_back("time_progress");
    table.headers.push_back(zh ? "序时进度" : "time progress");
  }
  if (targets_path) {
    for (const char* k : {"target", "met", "shortfall", "count_needed"}) table.keys.push_back(k);
    for (const char* h : {zh ? "目标" : "target", zh ? "达标" : "met", zh ? "差距" : "shortfall",
                          zh ? "尚需" : "count needed"})
      table.headers.push_back(h);
  }
  const double progress_share =
      as_of ? period.elapsed_share(*as_of, ProgressBasis::months) * 100 : 0;
  bool failed = false;
  for (std::size_t i = 0; i < n; ++i) {
    const Indicator& ind = indicators[t.indicator[i]];
    const std::size_t u = t.org_unit[i];
    const EvaluationStatus status = t.status[i];
    failed = failed || status != EvaluationStatus::ok;
    const std::string value = value_text(t.numerator[i], t.denominator[i], t.value[i], ind);
    std::vector<Cell> row = {
        text_cell(tree.code(u)),
        text_cell(tree.name(u)),
        text_cell(ind.id),
        text_cell(zh || ind.name_en.empty() ? ind.name_zh : ind.name_en),
        text_cell(period.code()),
        number_cell(detail::rounded_text(t.numerator[i]), t.numerator[i]),
        number_cell(detail::rounded_text(t.denominator[i]), t.denominator[i]),
        number_cell(value, value == "—" ? std::nan("") : std::stod(value)),
        text_cell(unit_text(ind.unit, language)),
        text_cell(status_text(status, language)),
    };
    if (as_of) row.push_back(number_cell(rounded(progress_share, 2) + "%", progress_share));
    if (targets_path) {
      const std::int64_t k = target_of[i];
      auto it = targets.index.find({t.indicator[i], u});
      if (it == targets.index.end()) it = targets.index.find({t.indicator[i], OrgUnitTree::npos});
      row.push_back(it == targets.index.end()
                        ? text_cell("")
                        : text_cell(targets.thresholds[it->second].describe(language)));
      Cell met = text_cell("");
      met.json = nullptr;
      if (reached[i] != not_assessed) {
        const bool yes = reached[i] == 1;
        failed = failed || !yes;
        met = text_cell(yes ? (zh ? "达标" : "met") : (zh ? "未达标" : "not met"));
        met.json = yes;
      } else if (it != targets.index.end()) {
        met = text_cell(zh ? "未评估" : "not assessed");
        met.json = nullptr;
      }
      row.push_back(met);
      row.push_back(k < 0 ? number_cell("", std::nan(""))
                          : number_cell(rounded(shortfall[i], ind.decimals), shortfall[i]));
      row.push_back(k < 0 || std::isnan(count_needed[i])
                        ? number_cell("", std::nan(""))
                        : number_cell(detail::rounded_text(count_needed[i]), count_needed[i]));
    }
    table.rows.push_back(std::move(row));
  }
  write_output(a, out, render(table, format));
  return failed ? check_failed : success;
}

} // namespace zhibiao::cli
