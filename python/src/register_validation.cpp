// Validation rules, consecutive-period rules and reported-rate checks (validation.hpp).
#include "register.hpp"

#include <pybind11/eigen.h>
#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <zhibiao/validation.hpp>

#include <map>

namespace py = pybind11;

namespace zhibiao::python {

namespace {

using InputArray = py::array_t<double, py::array::c_style | py::array::forcecast>;
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

OnBadRows on_bad_rows_from(const std::string& text) {
  if (text == "raise") return OnBadRows::raise;
  if (text == "mark") return OnBadRows::mark;
  throw invalid_input("on_bad_rows", "unknown policy '" + text + "'; expected 'raise' or 'mark'");
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
SKIP_IF_ALL_VALUES_MISSING (default), NEVER_SKIP), with an absolute tolerance for equality.)doc")
      .def(py::init([](std::string id, std::string left, const std::string& op, std::string right,
                       std::string name_zh, std::string name_en, const std::string& left_missing,
                       const std::string& right_missing, const std::string& importance,
                       const std::optional<std::string>& period_type, double tolerance, std::string source) {
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
           py::arg("right_missing") = "skip_if_all_values_missing", py::arg("importance") = "medium",
           py::arg("period_type") = py::none(), py::arg("tolerance") = 0.0, py::arg("source") = "")
      .def_readonly("id", &ValidationRule::id)
      .def_readonly("name_zh", &ValidationRule::name_zh)
      .def_readonly("name_en", &ValidationRule::name_en)
      .def_readonly("left", &ValidationRule::left)
      .def_readonly("right", &ValidationRule::right)
      .def_property_readonly("operator", [](const ValidationRule& r) { return std::string(to_string(r.op)); })
      .def_property_readonly("left_missing", [](const ValidationRule& r) { return std::string(to_string(r.left_missing)); })
      .def_property_readonly("right_missing", [](const ValidationRule& r) { return std::string(to_string(r.right_missing)); })
      .def_property_readonly("importance", [](const ValidationRule& r) { return std::string(to_string(r.importance)); })
      .def_property_readonly("period_type", [](const ValidationRule& r) { return period_type_name(r.period_type); })
      .def_readonly("tolerance", &ValidationRule::tolerance)
      .def_readonly("source", &ValidationRule::source)
      .def_property_readonly("display_name", &ValidationRule::display_name)
      .def("__repr__", [](const ValidationRule& r) {
        return "ValidationRule('" + r.id + "': " + r.left + " " + std::string(to_string(r.op)) + " " + r.right + ")";
      });

  m.def("sum_of_parts_rule", &sum_of_parts_rule, py::arg("id"), py::arg("total"), py::arg("parts"),
        py::arg("name_zh") = "", py::arg("name_en") = "", py::arg("tolerance") = 0.0,
        "The rule total == part1 + part2 + … over element keys.");
  m.def("validation_rules_from_json", &validation_rules_from_json, py::arg("text"),
        "Rules from JSON: a list, or an object (e.g. a catalog) with a 'validation_rules' list.");
  m.def("validation_rules_to_json", &validation_rules_to_json, py::arg("rules"));

  py::class_<ConsecutiveRule>(m, "ConsecutiveRule", R"doc(
Flags a unit whose `expression` satisfies `flag_when bound` in at least `run_length` consecutive
periods (seed 002: 剖宫产率 > 50 % three months running).)doc")
      .def(py::init([](std::string id, std::string expression, const std::string& flag_when, double bound,
                       int run_length, std::string name_zh, std::string name_en, const std::string& importance,
                       const std::string& period_type, std::string source) {
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
           py::arg("importance") = "medium", py::arg("period_type") = "month", py::arg("source") = "")
      .def_readonly("id", &ConsecutiveRule::id)
      .def_readonly("name_zh", &ConsecutiveRule::name_zh)
      .def_readonly("name_en", &ConsecutiveRule::name_en)
      .def_readonly("expression", &ConsecutiveRule::expression)
      .def_property_readonly("flag_when", [](const ConsecutiveRule& r) { return std::string(to_string(r.flag_when)); })
      .def_readonly("bound", &ConsecutiveRule::bound)
      .def_readonly("run_length", &ConsecutiveRule::run_length)
      .def_property_readonly("importance", [](const ConsecutiveRule& r) { return std::string(to_string(r.importance)); })
      .def_property_readonly("period_type", [](const ConsecutiveRule& r) { return std::string(to_string(r.period_type)); })
      .def_readonly("source", &ConsecutiveRule::source)
      .def_property_readonly("display_name", &ConsecutiveRule::display_name)
      .def("__repr__", [](const ConsecutiveRule& r) { return "ConsecutiveRule('" + r.id + "')"; });

  py::list outcomes;
  for (int s = 0; s <= static_cast<int>(RuleOutcome::error); ++s)
    outcomes.append(std::string(describe(static_cast<RuleOutcome>(s))));
  m.attr("RULE_OUTCOME_DESCRIPTIONS") = outcomes;
  py::list reported;
  for (int s = 0; s <= static_cast<int>(ReportedStatus::invalid_decimals); ++s)
    reported.append(std::string(describe(static_cast<ReportedStatus>(s))));
  m.attr("REPORTED_STATUS_DESCRIPTIONS") = reported;

  m.def(
      "_validate",
      [](const DataCube& cube, const std::vector<ValidationRule>& rules, const std::vector<std::size_t>& units,
         const std::vector<Period>& periods, bool include_passed, bool include_skipped, const std::string& language) {
        ValidationOptions options{include_passed, include_skipped, parse_language(language)};
        ValidationResult r;
        {
          py::gil_scoped_release release; // C++ only, over the cube and copies of the arguments
          r = validate(cube, rules, units, periods, options);
        }
        py::list summary;
        for (const auto& s : r.summary) summary.append(py::make_tuple(s.checked, s.passed, s.violated, s.skipped, s.errors));
        const py::tuple period_codes = factorise(r.rows.period);
        return py::make_tuple(r.rows.rule, r.rows.org_unit, period_codes[0], period_codes[1],
                              r.rows.requested_period, r.rows.left, r.rows.right, r.rows.outcome, r.rows.message,
                              summary);
      },
      py::arg("cube"), py::arg("rules"), py::arg("units"), py::arg("periods"), py::arg("include_passed"),
      py::arg("include_skipped"), py::arg("language"));

  m.def(
      "_consecutive_violations",
      [](const DataCube& cube, const std::vector<ConsecutiveRule>& rules, const std::vector<std::size_t>& units,
         const Period& window, const std::string& language) {
        ConsecutiveResult r;
        const Language lang = parse_language(language);
        {
          py::gil_scoped_release release; // C++ only, over the cube and copies of the arguments
          r = consecutive_violations(cube, rules, units, window, lang);
        }
        py::list summary;
        for (const auto& s : r.summary)
          summary.append(py::make_tuple(s.units, s.periods, s.flagged_units, s.runs, s.breaches, s.missing));
        return py::make_tuple(r.runs.rule, r.runs.org_unit, r.runs.first, r.runs.last, r.runs.length,
                              r.runs.values, r.runs.message, summary);
      },
      py::arg("cube"), py::arg("rules"), py::arg("units"), py::arg("window"), py::arg("language"));

  py::class_<ReportedRateCheck>(m, "ReportedRateCheck", "The verdict on one reported rate.")
      .def_readonly("consistent", &ReportedRateCheck::consistent)
      .def_readonly("expected", &ReportedRateCheck::expected)
      .def_readonly("reported", &ReportedRateCheck::reported)
      .def("__bool__", [](const ReportedRateCheck& c) { return c.consistent; })
      .def("__repr__", [](const ReportedRateCheck& c) {
        return std::string("ReportedRateCheck(") + (c.consistent ? "consistent" : "inconsistent") +
               ", reported " + c.reported.to_string() + ", expected " + c.expected.to_string() + ")";
      });

  m.def(
      "check_reported_rate",
      [](double numerator, double denominator, py::handle reported, py::handle unit) {
        // Text keeps its printed decimals ("94.10" has two); a float has those of its shortest repr.
        Decimal d;
        if (py::isinstance<Decimal>(reported)) d = reported.cast<Decimal>();
        else if (py::isinstance<py::str>(reported)) d = Decimal::parse(reported.cast<std::string>(), "reported");
        else d = Decimal::from_double(reported.cast<double>());
        return check_reported_rate(numerator, denominator, d, unit_from(unit));
      },
      py::arg("numerator"), py::arg("denominator"), py::arg("reported"), py::arg("unit") = "percent",
      R"doc(Whether `reported` is numerator / denominator × unit rounded half up at its own decimals:
check_reported_rate(1506, 1600, "94.13") is consistent, "94.12" is not.)doc");

  m.def(
      "_check_reported_rates",
      [](InputArray numerator, InputArray denominator, InputArray reported, IntArray decimals, py::handle unit,
         const std::string& on_bad_rows) {
        const Unit u = unit_from(unit);
        const OnBadRows policy = on_bad_rows_from(on_bad_rows);
        const auto n = static_cast<std::size_t>(numerator.size());
        for (const auto& [a, name] : {std::pair<py::ssize_t, const char*>{denominator.size(), "denominator"},
                                      {reported.size(), "reported"}, {decimals.size(), "decimals"}})
          if (static_cast<std::size_t>(a) != n)
            throw invalid_input(name, "has " + std::to_string(a) + " rows but numerator has " + std::to_string(n));
        py::array_t<double> expected(static_cast<py::ssize_t>(n)), difference(static_cast<py::ssize_t>(n));
        py::array_t<std::uint8_t> status(static_cast<py::ssize_t>(n));
        const double *x = numerator.data(), *d = denominator.data(), *r = reported.data();
        const int* dec = decimals.data();
        double *e = expected.mutable_data(), *df = difference.mutable_data();
        std::uint8_t* st = status.mutable_data();
        std::size_t bad = 0;
        {
          // The kernel reads and writes only the buffers above, kept alive by this frame.
          py::gil_scoped_release release;
          bad = kernel::check_reported_rates(x, d, r, dec, n, u.integer_multiplier(), e, df, st);
        }
        py::list errors;
        if (bad > 0) {
          // The Eigen entry point builds the messages (and raises with every bad row listed).
          Eigen::Map<const Eigen::ArrayXd> xm(x, static_cast<Eigen::Index>(n)), dm(d, static_cast<Eigen::Index>(n)),
              rm(r, static_cast<Eigen::Index>(n));
          const auto full = check_reported_rates(xm, dm, rm, std::vector<int>(dec, dec + n), u, policy);
          for (const auto& er : full.errors) errors.append(py::make_tuple(er.row, er.field, er.message));
        }
        return py::make_tuple(expected, difference, status, errors);
      },
      py::arg("numerator"), py::arg("denominator"), py::arg("reported"), py::arg("decimals"), py::arg("unit"),
      py::arg("on_bad_rows") = "raise");
}

} // namespace zhibiao::python
