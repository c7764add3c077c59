// `zhibiao plan UNITS.csv --target T` (docs/cli.md §10): a parent target split among the units
// of the CSV in whole persons, so that the pooled rate Σ counts / Σ denominators meets it
// (planning.hpp), with milestones and what each unit needs per remaining month.

#include "command.hpp"
#include "output_format.hpp"
#include "plan_input.hpp"

#include "zhibiao/decimal.hpp"

#include <cmath>
#include <nlohmann/json.hpp>

namespace zhibiao::cli {
namespace {

constexpr std::string_view plan_options[] = {
    "--target",     "--unit",     "--method", "--floor",      "--cap",         "--name",
    "--milestones", "--baseline", "--goal",   "--first-year", "--months-left", "--period",
    "--as-of",      "--format",   "--lang",   "--output"};

Cell count_cell(std::int64_t v) { return number_cell(std::to_string(v), static_cast<double>(v)); }
Cell rate_cell(const std::string& text) { return number_cell(text, std::stod(text)); }

} // namespace

int run_plan(std::span<const std::string> args, std::ostream& out) {
  const Arguments a = parse_arguments("plan", args, plan_options);
  if (a.positional.size() != 1)
    throw usage_error("plan",
                      a.positional.empty()
                          ? "plan needs a UNITS.csv (org_unit,denominator,last_year)"
                          : "plan takes one UNITS.csv, not " + std::to_string(a.positional.size()));
  const Format format = parse_format(a.get("--format").value_or("table"));
  const Language language = parse_language(a.get("--lang"));
  const bool zh = language == Language::zh;
  const PlanSpec spec = read_plan_spec(a, a.positional[0], "--");
  const PlanRun run = run_plan(spec);
  const Unit& unit = spec.unit;
  const std::string suffix(unit.suffix(language));

  Table units{{"org_unit", "name", "denominator", "last_year", "last_rate", "target_count",
               "target_rate", "uplift", "increase", "held", "done", "per_month"},
              {zh ? "单位代码" : "unit", zh ? "单位" : "name", zh ? "分母" : "denominator",
               zh ? "上年" : "last year", zh ? "上年率" : "last rate", zh ? "目标数" : "target",
               zh ? "目标率" : "target rate", zh ? "提高" : "uplift", zh ? "增加" : "increase",
               zh ? "约束" : "held", zh ? "已完成" : "done", zh ? "每月需" : "per month"},
              {}};
  nlohmann::ordered_json doc;
  doc["target"] = spec.target;
  doc["unit"] = std::string(unit.code());
  doc["method"] = std::string(to_string(spec.options.method));
  doc["denominators"] = run.denominators;
  doc["required"] = run.plan.required;
  doc["total"] = run.plan.total;
  doc["pooled_rate"] = plan_rate_text(run.plan.total, run.denominators, unit);
  doc["months_left"] =
      spec.months_left ? nlohmann::ordered_json(*spec.months_left) : nlohmann::ordered_json();
  doc["units"] = nlohmann::ordered_json::array();
  for (const PlanRow& r : run.rows) {
    const std::string last_rate = plan_rate_text(r.last_year, r.denominator, unit);
    const std::string rate = plan_rate_text(r.target.count, r.denominator, unit);
    const std::string uplift =
        Decimal::from_double(std::stod(rate) - std::stod(last_rate)).round_half_up(2).to_string();
    std::string held;
    if (r.target.at_floor) held = zh ? "不低于上年" : "last year";
    if (r.target.at_cap) held = zh ? "100%封顶" : "cap";
    units.rows.push_back({text_cell(r.id), text_cell(r.name), count_cell(r.denominator),
                          count_cell(r.last_year), rate_cell(last_rate), count_cell(r.target.count),
                          rate_cell(rate), rate_cell(uplift), count_cell(r.target.increase),
                          text_cell(held),
                          r.done ? count_cell(*r.done) : number_cell("", std::nan("")),
                          r.per_month ? count_cell(*r.per_month) : number_cell("", std::nan(""))});
    doc["units"].push_back(
        {{"org_unit", r.id},
         {"name", r.name},
         {"denominator", r.denominator},
         {"last_year", r.last_year},
         {"target_count", r.target.count},
         {"target_rate", rate},
         {"increase", r.target.increase},
         {"at_floor", r.target.at_floor},
         {"at_cap", r.target.at_cap},
         {"done", r.done ? nlohmann::ordered_json(*r.done) : nlohmann::ordered_json()},
         {"per_month",
          r.per_month ? nlohmann::ordered_json(*r.per_month) : nlohmann::ordered_json()}});
  }
  Table steps{{"step", "label", "value"},
              {zh ? "步" : "step", zh ? "时点" : "label", zh ? "目标值" : "value"},
              {}};
  doc["milestones"] = nlohmann::ordered_json::array();
  for (const PlanStep& s : run.milestones) {
    const std::string label =
        spec.first_step ? std::to_string(*spec.first_step + s.step - 1) + (zh ? "年" : "") : "";
    const std::string v = Decimal::from_double(s.value).round_half_up(2).to_string();
    steps.rows.push_back({count_cell(s.step), text_cell(label), number_cell(v, s.value)});
    doc["milestones"].push_back({{"step", s.step}, {"label", label}, {"value", s.value}});
  }

  std::string text;
  const std::string pooled = plan_rate_text(run.plan.total, run.denominators, unit);
  if (format == Format::json) {
    text = doc.dump(2, ' ', false) + "\n";
  } else if (format == Format::csv) {
    text = render(units, format);
    if (!steps.rows.empty()) text += "\n" + render(steps, format);
  } else {
    const std::string h = format == Format::markdown ? "## " : "";
    const std::string name = spec.indicator.empty() ? (zh ? "目标" : "target") : spec.indicator;
    text = h + name + (zh ? "：" : ": ") + spec.target_text + suffix + " (" +
           std::string(to_string(spec.options.method)) + ")\n\n" + render(units, format) + "\n";
    text += zh ? "合计需" + std::to_string(run.plan.required) + "（" + spec.target_text + suffix +
                     " × " + std::to_string(run.denominators) + "，向上取整），计划" +
                     std::to_string(run.plan.total) + "，合并率" + pooled + suffix + "。\n"
               : "Required " + std::to_string(run.plan.required) + " (" + spec.target_text +
                     suffix + " of " + std::to_string(run.denominators) +
                     ", rounded up), planned " + std::to_string(run.plan.total) + ", pooled rate " +
                     pooled + suffix + ".\n";
    if (!steps.rows.empty())
      text += "\n" + h + (zh ? "阶段目标（自" : "Milestones (from ") +
              Decimal::from_double(run.baseline).round_half_up(2).to_string() + suffix +
              (zh ? "起）" : ")") + "\n\n" + render(steps, format);
  }
  write_output(a, out, text);
  return success;
}

} // namespace zhibiao::cli
