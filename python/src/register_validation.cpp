// Validation rules, consecutive-period rules and reported-rate checks (validation.hpp).
#include "numpy_vector.hpp"
#include "register.hpp"

#include "binding_helpers.hpp"

#include <pybind11/eigen.h>
#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <zhibiao/detail/validation_kernels.hpp>
#include <zhibiao/validation.hpp>

#include <cmath>
#include <map>
#include <tuple>

namespace py = pybind11;

namespace zhibiao::python {

namespace {

using IntArray = py::array_t<int, py::array::c_style | py::array::forcecast>;

std::optional<PeriodType> period_type_from(const std::optional<std::string>& text) {
  if (!text || text->empty()) return std::nullopt;
  // The one period-type reader (month, Monthly, quarter, …); validate() refuses the types a rule
  // cannot check.
  return parse_period_type(*text, "period_type");
}

std::optional<std::string> period_type_name(const std::optional<PeriodType>& t) {
  if (!t) return std::nullopt;
  return std::string(to_string(*t));
}

// Distinct periods of a column and each row's index into them (a few distinct periods, many rows).
py::tuple factorise(const std::vector<Period>& periods) {
  std::vector<Period> unique;
  std::map<std::pair<std::string, int>, std::int64_t> seen;
  py::array_t<std::int64_t> codes(static_cast<py::ssize_t>(periods.size()));
  auto* c = codes.mutable_data();
  for (std::size_t i = 0; i < periods.size(); ++i) {
    const auto key = std::make_pair(periods[i].code(), static_cast<int>(periods[i].type()));
    auto it = seen.find(key);
    if (it == seen.end()) {
      it = seen.emplace(key, static_cast<std::int64_t>(unique.size())).first;
      unique.push_back(periods[i]);
    }
    c[i] = it->second;
  }
  return py::make_tuple(unique, codes);
}

} // namespace

void register_validation(py::module_& m) {
  py::class_<ValidationRule>(m, "ValidationRule", R"doc(
A validation rule in the style of DHIS2: left expression, operator, right expression, importance,
period type and a missing-value strategy per side (SKIP_IF_ANY_VALUE_MISSING,
SKIP_IF_ALL_VALUES_MISSING (default), NEVER_SKIP), with an absolute tolerance for equality.

Takes one rule: two expression texts (over data-element keys) and an operator; zhibiao.validate
applies it to a DataCube for org units × periods. left and right are in whatever unit the
expressions give; the outcome is passed, violated, skipped or error.

Formula
-------
left op right for op in ==, !=, <, <=, >, >=, with equality |left − right| ≤ tolerance (plus a
relative guard of 1e-12); compulsory_pair: both sides have a value or neither; exclusive_pair:
at most one side has one. A side that is missing under its strategy skips the row (never a
pass); a side that cannot be computed (division by zero) is an error.

References
----------
DHIS2's validation rules (left side, operator, right side, importance, period type,
MissingValueStrategy); docs/bad-input.md §6 (skipped is not passed).

Examples
--------
>>> rule = zb.ValidationRule("births_by_sex", "#{live_births}", "==",
...                          "#{live_births.male} + #{live_births.female}", name_zh="活产数 = 男 + 女")
>>> rule
ValidationRule('births_by_sex': #{live_births} == #{live_births.male} + #{live_births.female})
>>> rule.operator, rule.left_missing
('==', 'skip_if_all_values_missing')
)doc")
      .def(py::init([](std::string id, std::string left, const std::string& op, std::string right,
                       std::string name_zh, std::string name_en, const std::string& left_missing,
                       const std::string& right_missing, const std::string& importance,
                       const std::optional<std::string>& period_type, double tolerance,
                       std::string source) {
             ValidationRule r;
             r.id = std::move(id);
             r.left = std::move(left);
             r.op = parse_rule_operator(op);
             r.right = std::move(right);
             r.name_zh = std::move(name_zh);
             r.name_en = std::move(name_en);
             r.left_missing = parse_missing_value_strategy(left_missing);
             r.right_missing = parse_missing_value_strategy(right_missing);
             r.importance = parse_importance(importance);
             r.period_type = period_type_from(period_type);
             r.tolerance = tolerance;
             r.source = std::move(source);
             validate(r);
             return r;
           }),
           py::arg("id"), py::arg("left"), py::arg("operator") = "==", py::arg("right") = "0",
           py::arg("name_zh") = "", py::arg("name_en") = "",
           py::arg("left_missing") = "skip_if_all_values_missing",
           py::arg("right_missing") = "skip_if_all_values_missing",
           py::arg("importance") = "medium", py::arg("period_type") = py::none(),
           py::arg("tolerance") = 0.0, py::arg("source") = "")
      .def_readonly("id", &ValidationRule::id)
      .def_readonly("name_zh", &ValidationRule::name_zh)
      .def_readonly("name_en", &ValidationRule::name_en)
      .def_readonly("left", &ValidationRule::left)
      .def_readonly("right", &ValidationRule::right)
      .def_property_readonly("operator",
                             [](const ValidationRule& r) { return std::string(to_string(r.op)); })
      .def_property_readonly(
          "left_missing",
          [](const ValidationRule& r) { return std::string(to_string(r.left_missing)); })
      .def_property_readonly(
          "right_missing",
          [](const ValidationRule& r) { return std::string(to_string(r.right_missing)); })
      .def_property_readonly(
          "importance",
          [](const ValidationRule& r) { return std::string(to_string(r.importance)); })
      .def_property_readonly(
          "period_type", [](const ValidationRule& r) { return period_type_name(r.period_type); })
      .def_readonly("tolerance", &ValidationRule::tolerance)
      .def_readonly("source", &ValidationRule::source)
      .def_property_readonly("display_name", &ValidationRule::display_name)
      .def("__repr__", [](const ValidationRule& r) {
        return "ValidationRule('" + r.id + "': " + r.left + " " + std::string(to_string(r.op)) +
               " " + r.right + ")";
      });

  m.def("sum_of_parts_rule", &sum_of_parts_rule, py::arg("id"), py::arg("total"), py::arg("parts"),
        py::arg("name_zh") = "", py::arg("name_en") = "", py::arg("tolerance") = 0.0,
        R"doc(The rule total == part1 + part2 + … over element keys.

Takes the rule's id, the key of the total and a list of the keys of its parts (text); returns
one ValidationRule, whose sides are in the unit of the values.

Formula
-------
#{total} == #{part1} + #{part2} + …, equal within `tolerance` (absolute).

References
----------
DHIS2's validation rules (left side, operator, right side); a report's 合计 row is the sum of
its parts (seed reports' tables); docs/bad-input.md §6.

Examples
--------
>>> zb.sum_of_parts_rule("reward_total", "reward_all", ["basic", "extended"], "奖励扶助对象合计")
ValidationRule('reward_total': #{reward_all} == #{basic} + #{extended})
)doc");
  m.def(
      "validation_rules_from_json",
      [](py::handle text, const std::string& encoding) {
        return validation_rules_from_json(text_arg(text, "validation_rules", encoding));
      },
      py::arg("text"), py::arg("encoding") = "utf-8",
      R"doc(Rules from JSON (str, or bytes in `encoding`: utf-8 or gb18030): a list, or an object
(e.g. a catalog) with a 'validation_rules' list.

Takes one JSON text; returns a list of ValidationRules. Every bad field is an InvalidInput
naming it ("validation_rules[2].operator"); a repeated id is an error.

References
----------
The rule format of include/zhibiao/validation.hpp (fields id, left, operator, right, importance,
period_type, left_missing, right_missing, tolerance, source), after DHIS2's validation rules.

Examples
--------
>>> rules = zb.validation_rules_from_json(
...     '[{"id": "r1", "left": "#{basic}", "operator": "<=", "right": "#{reward_all}"}]')
>>> rules, rules[0].importance
([ValidationRule('r1': #{basic} <= #{reward_all})], 'medium')
)doc");
  m.def("validation_rules_to_json", &validation_rules_to_json, py::arg("rules"),
        R"doc(The JSON text of a list of ValidationRules (an object with a "validation_rules" list).

Takes a list of rules; returns text that validation_rules_from_json reads back to equal rules.

References
----------
The rule format of include/zhibiao/validation.hpp, after DHIS2's validation rules.

Examples
--------
>>> rule = zb.sum_of_parts_rule("reward_total", "reward_all", ["basic", "extended"])
>>> text = zb.validation_rules_to_json([rule])
>>> zb.validation_rules_from_json(text)
[ValidationRule('reward_total': #{reward_all} == #{basic} + #{extended})]
)doc");

  py::class_<ConsecutiveRule>(m, "ConsecutiveRule", R"doc(
Flags a unit whose `expression` satisfies `flag_when bound` in at least `run_length` consecutive
periods (seed 002: 剖宫产率 > 50 % three months running).

Takes one rule: an expression text, a comparison (>, >=, <, <=, ==, !=), a bound in the
expression's unit (50 for an expression × 100, a per cent) and a run length; applied by
zhibiao.consecutive_violations to a DataCube.

Formula
-------
a run = maximal consecutive periods p_i, …, p_j of the rule's period type with
value(p) flag_when bound for every p; flagged when j − i + 1 ≥ run_length. A period without a
value ends a run.

References
----------
Seed report 002 (剖宫产率 above 50 % three months running); DHIS2's validation rules and
outlier checks as the pattern (docs/bad-input.md §6).

Examples
--------
>>> rule = zb.ConsecutiveRule("cs_high", "#{caesarean} / #{deliveries} * 100", ">", 50, run_length=3)
>>> rule.flag_when, rule.bound, rule.run_length, rule.period_type
('>', 50.0, 3, 'month')
)doc")
      .def(py::init([](std::string id, std::string expression, const std::string& flag_when,
                       double bound, int run_length, std::string name_zh, std::string name_en,
                       const std::string& importance, const std::string& period_type,
                       std::string source) {
             ConsecutiveRule r;
             r.id = std::move(id);
             r.expression = std::move(expression);
             r.flag_when = parse_rule_operator(flag_when);
             r.bound = bound;
             r.run_length = run_length;
             r.name_zh = std::move(name_zh);
             r.name_en = std::move(name_en);
             r.importance = parse_importance(importance);
             r.period_type = *period_type_from(period_type);
             r.source = std::move(source);
             validate(r);
             return r;
           }),
           py::arg("id"), py::arg("expression"), py::arg("flag_when") = ">", py::arg("bound") = 0.0,
           py::arg("run_length") = 3, py::arg("name_zh") = "", py::arg("name_en") = "",
           py::arg("importance") = "medium", py::arg("period_type") = "month",
           py::arg("source") = "")
      .def_readonly("id", &ConsecutiveRule::id)
      .def_readonly("name_zh", &ConsecutiveRule::name_zh)
      .def_readonly("name_en", &ConsecutiveRule::name_en)
      .def_readonly("expression", &ConsecutiveRule::expression)
      .def_property_readonly(
          "flag_when", [](const ConsecutiveRule& r) { return std::string(to_string(r.flag_when)); })
      .def_readonly("bound", &ConsecutiveRule::bound)
      .def_readonly("run_length", &ConsecutiveRule::run_length)
      .def_property_readonly(
          "importance",
          [](const ConsecutiveRule& r) { return std::string(to_string(r.importance)); })
      .def_property_readonly(
          "period_type",
          [](const ConsecutiveRule& r) { return std::string(to_string(r.period_type)); })
      .def_readonly("source", &ConsecutiveRule::source)
      .def_property_readonly("display_name", &ConsecutiveRule::display_name)
      .def("__repr__", [](const ConsecutiveRule& r) { return "ConsecutiveRule('" + r.id + "')"; });

  py::list outcomes;
  for (int s = 0; s <= static_cast<int>(RuleOutcome::error); ++s)
    outcomes.append(std::string(describe(static_cast<RuleOutcome>(s))));
  m.attr("RULE_OUTCOME_DESCRIPTIONS") = outcomes;
  py::list reported;
  for (int s = 0; s < reported_status_count; ++s)
    reported.append(std::string(describe(static_cast<ReportedStatus>(s))));
  m.attr("REPORTED_STATUS_DESCRIPTIONS") = reported;

  m.def(
      "_validate",
      [](const DataCube& cube, const std::vector<ValidationRule>& rules,
         const std::vector<std::size_t>& units, const std::vector<Period>& periods,
         bool include_passed, bool include_skipped, const std::string& language) {
        ValidationOptions options{include_passed, include_skipped, parse_language(language)};
        ValidationResult r;
        {
          py::gil_scoped_release release; // C++ only, over the cube and copies of the arguments
          r = validate(cube, rules, units, periods, options);
        }
        py::list summary;
        for (const auto& s : r.summary)
          summary.append(py::make_tuple(s.checked, s.passed, s.violated, s.skipped, s.errors));
        const py::tuple period_codes = factorise(r.rows.period);
        return py::make_tuple(r.rows.rule, r.rows.org_unit, period_codes[0], period_codes[1],
                              r.rows.requested_period, r.rows.left, r.rows.right,
                              to_numpy(std::move(r.rows.outcome)), r.rows.message, summary);
      },
      py::arg("cube"), py::arg("rules"), py::arg("units"), py::arg("periods"),
      py::arg("include_passed"), py::arg("include_skipped"), py::arg("language"));

  m.def(
      "_consecutive_violations",
      [](const DataCube& cube, const std::vector<ConsecutiveRule>& rules,
         const std::vector<std::size_t>& units, const Period& window, const std::string& language) {
        ConsecutiveResult r;
        const Language lang = parse_language(language);
        {
          py::gil_scoped_release release; // C++ only, over the cube and copies of the arguments
          r = consecutive_violations(cube, rules, units, window, lang);
        }
        py::list summary;
        for (const auto& s : r.summary)
          summary.append(
              py::make_tuple(s.units, s.periods, s.flagged_units, s.runs, s.breaches, s.missing));
        return py::make_tuple(r.runs.rule, r.runs.org_unit, r.runs.first, r.runs.last,
                              r.runs.length, r.runs.values, r.runs.message, summary);
      },
      py::arg("cube"), py::arg("rules"), py::arg("units"), py::arg("window"), py::arg("language"));

  py::class_<ReportedRateCheck>(m, "ReportedRateCheck", R"doc(
The verdict on one reported rate.

Takes nothing: zhibiao.check_reported_rate returns it. `reported` is the printed figure and
`expected` the recomputed one at the same decimals (both Decimals in the rate's unit: per cent,
per mille, ...); `consistent` (and bool(check)) says whether they are equal.

Formula
-------
expected = round_half_up(numerator / denominator × multiplier, decimals of reported), exactly;
consistent = (expected == reported).

References
----------
docs/units-and-rounding.md §3 and §5 (checking a printed figure); the seed reports' 94.13 %
= 1506 / 1600.

Examples
--------
>>> check = zb.check_reported_rate(1506, 1600, "94.12")
>>> check.consistent, str(check.expected), str(check.reported)
(False, '94.13', '94.12')
)doc")
      .def_readonly("consistent", &ReportedRateCheck::consistent)
      .def_readonly("expected", &ReportedRateCheck::expected)
      .def_readonly("reported", &ReportedRateCheck::reported)
      .def("__bool__", [](const ReportedRateCheck& c) { return c.consistent; })
      .def("__repr__", [](const ReportedRateCheck& c) {
        return std::string("ReportedRateCheck(") + (c.consistent ? "consistent" : "inconsistent") +
               ", reported " + c.reported.to_string() + ", expected " + c.expected.to_string() +
               ")";
      });

  m.def(
      "check_reported_rate",
      [](double numerator, double denominator, py::handle reported, py::handle unit) {
        // Text keeps its printed decimals ("94.10" has two); a float has those of its shortest
        // repr.
        Decimal d;
        if (py::isinstance<Decimal>(reported)) d = reported.cast<Decimal>();
        else if (py::isinstance<py::str>(reported))
          d = Decimal::parse(reported.cast<std::string>(), "reported");
        else {
          const double x = number_option(reported, "reported");
          if (!std::isfinite(x)) // named here: Decimal::from_double would name "value"
            throw invalid_input("reported",
                                "must be a finite number, got " + std::string(py::repr(reported)));
          d = Decimal::from_double(x);
        }
        return check_reported_rate(numerator, denominator, d, unit_from(unit));
      },
      py::arg("numerator"), py::arg("denominator"), py::arg("reported"),
      py::arg("unit") = "percent",
      R"doc(Whether `reported` is numerator / denominator × unit rounded half up at its own decimals:
check_reported_rate(1506, 1600, "94.13") is consistent, "94.12" is not.

Takes one numerator, one denominator (numbers) and the reported figure: text ("94.13", whose
printed decimals count, trailing zeros included), a Decimal or a number; unit: the multiplier's
unit ("percent", the default, "per_mille", "per_100000", ...). Returns a ReportedRateCheck whose
expected value is in that unit.

Formula
-------
expected = round_half_up(numerator / denominator × multiplier(unit), d), computed exactly, with
d the decimals of `reported`; consistent when expected == reported. The rounding interval is
the only tolerance.

References
----------
docs/units-and-rounding.md §5; the seed reports: 1506 / 1600 = 94.13 % (seed 000), 801 births
at 4.86 ‰ of about 164,815 people (§5.1).

Examples
--------
>>> zb.check_reported_rate(1506, 1600, "94.13")
ReportedRateCheck(consistent, reported 94.13, expected 94.13)
>>> bool(zb.check_reported_rate(1506, 1600, "94.12"))
False
>>> zb.check_reported_rate(801, 164815, "4.86", unit="per_mille").consistent
True
)doc");

  py::list outcome_names, reported_names;
  for (int s = 0; s <= static_cast<int>(RuleOutcome::error); ++s)
    outcome_names.append(std::string(to_string(static_cast<RuleOutcome>(s))));
  for (int s = 0; s < reported_status_count; ++s)
    reported_names.append(std::string(to_string(static_cast<ReportedStatus>(s))));
  m.attr("RULE_OUTCOME_NAMES") = outcome_names;
  m.attr("REPORTED_STATUS_NAMES") = reported_names;

  m.def(
      "_check_reported_rate_table",
      [](InputArray numerator, InputArray denominator, InputArray values,
         std::vector<std::optional<std::string>> texts, std::optional<IntArray> decimals,
         py::handle unit,
         const std::vector<std::tuple<std::size_t, std::string, std::string>>& input_errors,
         std::string numerator_name, std::string denominator_name, std::string reported_name,
         std::string decimals_name, const std::string& on_bad_rows) {
        require_one_dimensional(values, reported_name);
        ReportedFigures figures;
        figures.value.assign(values.data(), values.data() + values.size());
        figures.text = std::move(texts);
        ReportedTableOptions o;
        if (!unit.is_none()) o.unit = unit_from(unit);
        if (decimals)
          o.decimals = std::vector<int>(decimals->data(), decimals->data() + decimals->size());
        for (const auto& [row, field, message] : input_errors)
          o.input_errors.push_back({row, field, message});
        o.numerator = std::move(numerator_name);
        o.denominator = std::move(denominator_name);
        o.reported = std::move(reported_name);
        o.decimals_field = std::move(decimals_name);
        o.on_bad_rows = parse_on_bad_rows(on_bad_rows);
        require_rows(denominator, o.denominator, numerator.size(), o.numerator);
        require_rows(values, o.reported, numerator.size(), o.numerator);
        const std::span<const double> x(numerator.data(),
                                        static_cast<std::size_t>(numerator.size())),
            d(denominator.data(), static_cast<std::size_t>(denominator.size()));
        ReportedRateColumns r;
        {
          // C++ only, over the maps of the NumPy buffers above (alive in this frame) and copies.
          py::gil_scoped_release release;
          r = check_reported_rate_table(x, d, figures, o);
        }
        return py::make_tuple(to_numpy(std::move(r.expected)), to_numpy(std::move(r.difference)),
                              to_numpy(std::move(r.status)), row_errors_to_list(r.errors));
      },
      py::arg("numerator"), py::arg("denominator"), py::arg("values"), py::arg("texts"),
      py::arg("decimals"), py::arg("unit"), py::arg("input_errors"), py::arg("numerator_name"),
      py::arg("denominator_name"), py::arg("reported_name"), py::arg("decimals_name"),
      py::arg("on_bad_rows"),
      "The table check of zhibiao.check_reported_rates: texts read, units agreed and statuses "
      "decided in C++.");

  // The message of every bad-row error the Python layer raises is the core's (error.cpp): Python
  // hands the rows over and gets the translated zhibiao.InvalidRows back (zhibiao/_errors.py).
  m.def(
      "_raise_invalid_rows",
      [](const std::vector<std::tuple<std::size_t, std::string, std::string>>& rows) {
        std::vector<row_error> errors;
        errors.reserve(rows.size());
        for (const auto& [row, field, message] : rows) errors.push_back({row, field, message});
        throw invalid_rows(std::move(errors));
      },
      py::arg("rows"), "Raises zhibiao.InvalidRows listing (row, field, message) rows.");
}

} // namespace zhibiao::python
