// The plan of a CSV of units (plan_input.hpp; docs/cli.md §10).

#include "plan_input.hpp"

#include "csv_input.hpp"
#include "text_input.hpp"

#include "zhibiao/decimal.hpp"
#include "zhibiao/error.hpp"

#include <charconv>
#include <cmath>
#include <iostream>

namespace zhibiao::cli {
namespace {

double number_option(const std::string& name, const std::string& text) {
  double v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(v))
    throw input_error(name + ": expected a number, got '" + text + "'");
  return v;
}

int whole_option(const std::string& name, const std::string& text, int lo, int hi) {
  int v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size() || v < lo || v > hi)
    throw input_error(name + ": expected a whole number from " + std::to_string(lo) + " to " +
                      std::to_string(hi) + ", got '" + text + "'");
  return v;
}

bool yes_no(const std::string& name, const std::string& text) {
  if (text == "yes") return true;
  if (text == "no") return false;
  throw input_error(name + ": expected yes or no, got '" + text + "'");
}

std::int64_t count_field(const CsvTable& t, const CsvRow& row, std::size_t column,
                         std::string_view field, bool positive) {
  const std::string& text = row.fields[column];
  long long v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size() || v < (positive ? 1 : 0))
    throw input_error(t.where(row, field) + ": expected a whole number " +
                      (positive ? "> 0" : "≥ 0") + " (a count of persons), got '" + text + "'");
  return v;
}

} // namespace

std::string plan_rate_text(std::int64_t count, std::int64_t denominator, const Unit& unit) {
  return round_ratio_half_up(static_cast<double>(count), static_cast<double>(denominator),
                             unit.integer_multiplier(), 2)
      .to_string();
}

PlanSpec read_plan_spec(const Arguments& a, const std::string& path, std::string_view prefix) {
  const auto opt = [&](const char* name) { return std::string(prefix) + name; };
  PlanSpec s;
  s.path = path;
  const auto target = a.get(opt("target"));
  if (!target) throw input_error(opt("target") + ": the parent's target is needed (90 for 90 %)");
  s.target = number_option(opt("target"), *target);
  s.target_text = *target;
  try {
    if (const auto u = a.get(opt("unit"))) s.unit = Unit::parse(*u);
  } catch (const invalid_input& e) {
    throw input_error(opt("unit") + ": " + message_of(e));
  }
  try {
    if (const auto m = a.get(opt("method"))) s.options.method = parse_split_method(*m);
  } catch (const invalid_input& e) {
    throw input_error(opt("method") + ": " + message_of(e));
  }
  if (const auto f = a.get(opt("floor"))) s.options.not_below_last_year = yes_no(opt("floor"), *f);
  if (const auto c = a.get(opt("cap"))) s.options.cap_at_denominator = yes_no(opt("cap"), *c);
  if (const auto n = a.get(opt("name"))) s.indicator = *n;
  if (const auto m = a.get(opt("milestones")))
    s.steps = whole_option(opt("milestones"), *m, 1, 1200);
  if (const auto b = a.get(opt("baseline"))) {
    if (!s.steps)
      throw input_error(opt("baseline") + ": the start of " + opt("milestones") + ": give both");
    s.baseline = number_option(opt("baseline"), *b);
  }
  if (const auto g = a.get(opt("goal"))) {
    if (!s.steps)
      throw input_error(opt("goal") + ": the end of " + opt("milestones") + ": give both");
    s.goal = number_option(opt("goal"), *g);
  }
  if (const auto y = a.get(opt("first-year"))) {
    if (!s.steps)
      throw input_error(opt("first-year") + ": labels " + opt("milestones") + ": give both");
    s.first_step = whole_option(opt("first-year"), *y, 1, 9999);
  }
  if (const auto m = a.get(opt("months-left"))) {
    s.months_left = whole_option(opt("months-left"), *m, 1, 1200);
  } else if (a.get("--as-of") && a.get("--period")) {
    const Date as_of = parse_as_of(*a.get("--as-of"));
    Period period = Period::year(2000);
    try {
      period = Period::parse(*a.get("--period"));
    } catch (const invalid_input& e) {
      throw input_error("--period: " + message_of(e));
    }
    if (!period.month_aligned()) throw input_error("--period: does not run in whole months");
    const int months = period.months();
    const int elapsed =
        static_cast<int>(std::lround(period.elapsed_share(as_of, ProgressBasis::months) * months));
    if (elapsed < months) s.months_left = months - elapsed;
  }
  return s;
}

PlanRun run_plan(const PlanSpec& spec) {
  const InputText input = read_input_file(spec.path, std::cerr);
  const CsvTable t = read_csv(input);
  const std::size_t id_col = t.column("org_unit"), d_col = t.column("denominator"),
                    last_col = t.column("last_year");
  const auto name_col = t.find("name"), done_col = t.find("done");
  if (t.rows.empty()) throw input_error(spec.path + ": no units (the file has a header only)");
  PlanRun run;
  run.spec = spec;
  std::vector<PlanUnit> units;
  for (const CsvRow& row : t.rows) {
    PlanRow r;
    r.id = row.fields[id_col];
    if (r.id.empty()) throw input_error(t.where(row, "org_unit") + ": an empty unit id");
    r.name = name_col ? row.fields[*name_col] : r.id;
    r.denominator = count_field(t, row, d_col, "denominator", true);
    r.last_year = count_field(t, row, last_col, "last_year", false);
    if (r.last_year > r.denominator)
      throw input_error(t.where(row, "last_year") + ": above its denominator (" +
                        std::to_string(r.last_year) + " of " + std::to_string(r.denominator) + ")");
    if (done_col && !row.fields[*done_col].empty())
      r.done = count_field(t, row, *done_col, "done", false);
    run.denominators += r.denominator;
    run.last_total += r.last_year;
    units.push_back({r.id, static_cast<double>(r.denominator), static_cast<double>(r.last_year)});
    run.rows.push_back(std::move(r));
  }
  try {
    run.plan = plan_targets(units, spec.target, spec.unit, spec.options);
  } catch (const invalid_input& e) {
    const std::string& f = e.field();
    if (f.rfind("units[", 0) == 0) {
      const std::size_t i = std::stoul(f.substr(6));
      const std::string field = f.substr(f.find('.') + 1);
      throw input_error(t.where(t.rows[i], field == "id" ? "org_unit" : field) + ": " +
                        message_of(e));
    }
    throw input_error(spec.path + ": target " + spec.target_text + ": " + message_of(e));
  }
  for (std::size_t i = 0; i < run.rows.size(); ++i) {
    PlanRow& r = run.rows[i];
    r.target = run.plan.units[i];
    if (spec.months_left && r.done) {
      r.per_month = monthly_need(r.target.count, static_cast<double>(*r.done), *spec.months_left);
    }
  }
  if (spec.steps) {
    run.baseline = spec.baseline ? *spec.baseline
                                 : round_ratio_half_up(static_cast<double>(run.last_total),
                                                       static_cast<double>(run.denominators),
                                                       spec.unit.integer_multiplier(), 2)
                                       .to_double();
    run.milestones = plan_milestones(run.baseline, spec.goal.value_or(spec.target), *spec.steps, 2);
  }
  return run;
}

} // namespace zhibiao::cli
