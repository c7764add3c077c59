#pragma once
// The plan of `zhibiao plan UNITS.csv` and `zhibiao report --plan UNITS.csv` (docs/cli.md §10):
// a parent target split among the units of a CSV (planning.hpp), its milestones, and what each
// unit still needs a month.

#include "command.hpp"

#include "zhibiao/planning.hpp"
#include "zhibiao/unit.hpp"

#include <optional>
#include <string>
#include <vector>

namespace zhibiao::cli {

/// What the command line gives; `prefix` is "--" for `plan`, "--plan-" for `report`.
struct PlanSpec {
  std::string path;
  std::string indicator; ///< the target's name, for headings ("高血压患者规范管理率")
  double target = 0;
  std::string target_text;
  Unit unit = Unit::percent();
  PlanOptions options;
  std::optional<int> steps;       ///< milestones: how many
  std::optional<double> baseline; ///< their start; by default the pooled rate of last_year
  std::optional<double> goal;     ///< their end (三年内达到80%: 80); by default the target
  std::optional<int> first_step;  ///< the label of step 1 (a year: 2026)
  std::optional<int> months_left; ///< per month: the months left
};

/// Reads the options named `prefix` + target, unit, method, floor, cap, milestones, baseline,
/// goal, first-year, months-left, name from `a` (input_error naming the option), with --period and
/// --as-of giving the months left when --...months-left is absent.
PlanSpec read_plan_spec(const Arguments& a, const std::string& path, std::string_view prefix);

struct PlanRow {
  std::string id, name;
  std::int64_t denominator = 0, last_year = 0;
  std::optional<std::int64_t> done;
  UnitTarget target;
  std::optional<std::int64_t> per_month; ///< ⌈max(0, count − done) / months_left⌉
};

struct PlanRun {
  PlanSpec spec;
  TargetPlan plan;
  std::vector<PlanRow> rows;
  std::int64_t denominators = 0, last_total = 0;
  double baseline = 0; ///< the milestones' start
  std::vector<PlanStep> milestones;
};

/// The plan of the CSV (columns org_unit, denominator, last_year; optional name, done);
/// input_error naming the file, the row and the field, or the option for a target the units
/// cannot meet.
PlanRun run_plan(const PlanSpec& spec);

/// A rate of count / denominator at 2 decimals, half up on the exact ratio.
std::string plan_rate_text(std::int64_t count, std::int64_t denominator, const Unit& unit);

} // namespace zhibiao::cli
