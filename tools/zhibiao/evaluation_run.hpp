#pragma once
// What `evaluate` and `report` share (docs/cli.md §2): read DATA, the hierarchy and the targets,
// load the cube, evaluate every unit over the period and assess each row against its target.
// The verbs differ only in what they write.

#include "progress.hpp"

#include "zhibiao/cube.hpp"
#include "zhibiao/evaluation.hpp"
#include "zhibiao/indicator.hpp"
#include "zhibiao/org_unit.hpp"
#include "zhibiao/period.hpp"
#include "zhibiao/target.hpp"

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace zhibiao::cli {

/// The --targets file read: one Threshold per row, found by (indicator, unit); unit npos is a
/// row for every unit.
struct Targets {
  std::vector<Threshold> thresholds;
  std::map<std::pair<std::size_t, std::size_t>, std::size_t> index; // (indicator, unit) → k
  std::vector<std::string> text;                                    // as written, per k
};

/// The files and options of one evaluation, as given on the command line.
struct EvaluationInputs {
  std::string data;
  std::optional<std::string> catalog, org_units, levels, period, as_of, indicators, targets;
  /// Without `period`: the calendar year of DATA's last month (report) rather than the span of
  /// every month DATA has (evaluate).
  bool latest_year_by_default = false;
};

/// Its result: the table of every unit (depth-first) × indicator for the period and, with
/// targets, each row's target index (−1 for none), reached (1, 0, or not_assessed), shortfall and
/// count needed, as assess_threshold_column gives them.
struct EvaluationRun {
  Catalog catalog;
  std::shared_ptr<const OrgUnitTree> tree;
  Period period = Period::day(2000, 1, 1);
  std::optional<Date> as_of;
  std::vector<Indicator> indicators;
  bool has_targets = false;
  Targets targets;
  std::unique_ptr<DataCube> cube;
  EvaluationTable table;
  std::vector<std::int64_t> target_of;
  std::vector<std::uint8_t> reached;
  std::vector<double> shortfall, count_needed;
};

/// A row's status as a Chinese report writes it (正常, 数据不全 …); English: describe(status).
std::string status_text(EvaluationStatus status, Language language);
/// The text a value prints as in the indicator's decimals (report_value_text's rule).
std::string value_text(double numerator, double denominator, double value, const Indicator& i);
/// The unit as a table prints it: its suffix ("%", "‰", "/10万") or its name.
std::string unit_text(const Unit& unit, Language language);

/// Reads, loads, evaluates and assesses; every bad input is an input_error naming the file, row
/// and field. `progress` takes three steps (reading, loading, evaluating).
EvaluationRun run_evaluation(const EvaluationInputs& inputs, Progress& progress);

} // namespace zhibiao::cli
