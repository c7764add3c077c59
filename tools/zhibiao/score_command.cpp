// `zhibiao score SCHEME.json DATA.csv --org-units ORG.csv` (docs/cli.md §11): scores units
// with an assessment scheme (scheme.hpp; docs/schemes.md) over data loaded as `evaluate` loads
// it, and prints each unit's total, grade, rank, the items that lost points with their reasons
// and the smallest change to the next grade.

#include "command.hpp"
#include "evaluation_run.hpp"
#include "output_format.hpp"
#include "score_input.hpp"

#include "zhibiao/decimal.hpp"

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

namespace zhibiao::cli {
namespace {

constexpr std::string_view score_options[] = {"--catalog", "--org-units", "--levels",
                                              "--period",  "--as-of",     "--units",
                                              "--format",  "--lang",      "--output"};

std::string fixed(double x, int decimals) {
  return std::isfinite(x) ? Decimal::from_double(x).round_half_up(decimals).to_string() : "—";
}

} // namespace

int run_score(std::span<const std::string> args, std::ostream& out) {
  const Arguments a = parse_arguments("score", args, score_options);
  if (a.positional.size() != 2)
    throw usage_error("score", a.positional.size() < 2
                                   ? "score needs a SCHEME.json and a DATA.csv"
                                   : "score takes one SCHEME.json and one DATA.csv, not " +
                                         std::to_string(a.positional.size()) + " files");
  const Format format = parse_format(a.get("--format").value_or("table"));
  const Language language = parse_language(a.get("--lang"));
  const bool zh = language == Language::zh;

  // The scheme is read before the data: a bad item stops before the work.
  const Catalog catalog = read_catalog(a.get("--catalog"));
  const Scheme scheme = read_scheme_file(a.positional[0], catalog);
  EvaluationInputs inputs;
  inputs.data = a.positional[1];
  inputs.catalog = a.get("--catalog");
  inputs.org_units = a.get("--org-units");
  inputs.levels = a.get("--levels");
  inputs.period = a.get("--period");
  inputs.as_of = a.get("--as-of");
  inputs.indicators = scheme_indicator_list(scheme);
  inputs.latest_year_by_default = true; // the calendar year of DATA's last month, as report
  Progress progress(4);
  const EvaluationRun r = run_evaluation(inputs, progress);
  progress.step("scoring");
  const ScoreRun run = score_run(scheme, r.catalog, *r.cube, a.get("--units"), r.period, r.as_of);
  const OrgUnitTree& tree = *r.tree;
  const int d = scheme.decimals;

  Table units{{"rank", "org_unit", "name", "total", "grade", "vetoed", "lost", "next"},
              {zh ? "名次" : "rank", zh ? "单位代码" : "unit", zh ? "单位" : "name",
               zh ? "总分" : "total", zh ? "等级" : "grade", zh ? "否决" : "veto",
               zh ? "失分项" : "lost", zh ? "升档所需" : "to the next grade"},
              {}};
  Table lost{{"org_unit", "item", "name", "value", "target", "score", "full", "reason"},
             {zh ? "单位代码" : "unit", zh ? "项" : "item", zh ? "项目" : "name",
              zh ? "值" : "value", zh ? "目标" : "target", zh ? "得分" : "score",
              zh ? "满分" : "full", zh ? "原因" : "reason"},
             {}};
  nlohmann::ordered_json doc;
  doc["scheme"] = scheme.name;
  doc["period"] = r.period.code();
  doc["as_of"] = r.as_of ? nlohmann::ordered_json(iso_date(*r.as_of)) : nlohmann::ordered_json();
  doc["units"] = nlohmann::ordered_json::array();
  bool failed = false;
  // Printed in the order of merit (rank, then the order given).
  std::vector<std::size_t> order(run.units.size());
  for (std::size_t k = 0; k < order.size(); ++k) order[k] = k;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t x, std::size_t y) {
    return run.scores.units[x].rank < run.scores.units[y].rank;
  });
  for (const std::size_t k : order) {
    const UnitScore& s = run.scores.units[k];
    const std::string name = tree.name(run.units[k]);
    failed = failed || s.vetoed || s.grade == scheme.fail_grade;
    std::string lost_names;
    nlohmann::ordered_json lost_json = nlohmann::ordered_json::array();
    for (const std::size_t i : s.lost) {
      const SchemeItem& item = scheme.items[i];
      const ItemScore& is = s.items[i];
      const std::string item_label = item_name(item, r.catalog, language);
      lost_names += (lost_names.empty() ? "" : (zh ? "、" : ", ")) + item_label;
      const std::string& reason = zh ? is.reason_zh : is.reason_en;
      lost.rows.push_back({text_cell(s.unit), text_cell(item.id), text_cell(item_label),
                           number_cell(fixed(is.value, 2), is.value),
                           number_cell(fixed(is.target, 2), is.target),
                           number_cell(fixed(is.score, d), is.score),
                           number_cell(fixed(is.full, d), is.full), text_cell(reason)});
      lost_json.push_back({{"item", item.id},
                           {"name", item_label},
                           {"value", std::isfinite(is.value) ? nlohmann::ordered_json(is.value)
                                                             : nlohmann::ordered_json()},
                           {"target", is.target},
                           {"score", is.score},
                           {"full", is.full},
                           {"reached", is.reached},
                           {"missing", is.missing},
                           {"reason", reason}});
    }
    const std::string next = s.next ? (zh ? s.next->describe_zh : s.next->describe_en) : "";
    units.rows.push_back({number_cell(std::to_string(s.rank), s.rank), text_cell(s.unit),
                          text_cell(name), number_cell(fixed(s.total, d), s.total),
                          text_cell(s.grade), text_cell(s.vetoed ? (zh ? "是" : "yes") : ""),
                          text_cell(lost_names), text_cell(next)});
    nlohmann::ordered_json next_json;
    if (s.next) {
      next_json = {{"grade", s.next->grade},
                   {"points_needed", s.next->points_needed},
                   {"item", s.next->item ? nlohmann::ordered_json(scheme.items[*s.next->item].id)
                                         : nlohmann::ordered_json()},
                   {"cases", s.next->cases},
                   {"describe", next}};
    }
    doc["units"].push_back({{"org_unit", s.unit},
                            {"name", name},
                            {"total", s.total},
                            {"grade", s.grade},
                            {"rank", s.rank},
                            {"vetoed", s.vetoed},
                            {"lost", lost_json},
                            {"next", next_json}});
  }

  std::string text;
  if (format == Format::json) {
    text = doc.dump(2, ' ', false) + "\n";
  } else if (format == Format::csv) {
    text = render(units, format);
    if (!lost.rows.empty()) text += "\n" + render(lost, format);
  } else {
    const std::string h = format == Format::markdown ? "## " : "";
    // The period after the name, unless the name already says it (示例区2025年…考核 2025).
    const std::string title = scheme.name.empty() ? (zh ? "考核" : "assessment") : scheme.name;
    const std::string period_code = r.period.code();
    text = h + title +
           (title.find(period_code) == std::string::npos ? " " + period_code : std::string()) +
           (r.as_of ? (zh ? "（截至" : " (as of ") + iso_date(*r.as_of) + (zh ? "）" : ")") : "") +
           "\n\n" + render(units, format);
    if (!lost.rows.empty())
      text += "\n" + h + (zh ? "失分项" : "Items that lost points") + "\n\n" + render(lost, format);
  }
  write_output(a, out, text);
  return failed ? check_failed : success;
}

} // namespace zhibiao::cli
