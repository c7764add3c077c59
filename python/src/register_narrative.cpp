// The sentences of narrative.hpp: zhibiao.narrate and the row sentences of zhibiao.narrate_frame.
// Conversion only: every sentence is built by src/narrative.cpp.
#include "register.hpp"

#include "binding_helpers.hpp"

#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <zhibiao/error.hpp>
#include <zhibiao/narrative.hpp>

namespace py = pybind11;

namespace zhibiao::python {

namespace {

std::string text_option(py::handle value, const std::string& field) {
  if (!py::isinstance<py::str>(value))
    throw invalid_input(field,
                        "expected text, got " +
                            std::string(py::str(py::type::handle_of(value).attr("__name__"))));
  return value.cast<std::string>();
}

// None (not printed), a Period, or its text (a DHIS2 code or a Chinese expression).
std::optional<Period> period_option(py::handle value, const std::string& field) {
  if (value.is_none()) return std::nullopt;
  if (py::isinstance<Period>(value)) return value.cast<Period>();
  if (py::isinstance<py::str>(value)) return Period::parse(value.cast<std::string>());
  throw invalid_input(field, "expected a Period, its code or None, got " +
                                 std::string(py::str(py::type::handle_of(value).attr("__name__"))));
}

PeriodLabels labels_option(const std::string& text) {
  if (text == "chinese") return PeriodLabels::chinese;
  if (text == "dhis2") return PeriodLabels::dhis2;
  throw invalid_input("period_labels", "expected 'chinese' or 'dhis2', got '" + text + "'");
}

NarrativeOptions options_of(py::handle language, py::handle period_labels, py::handle decimals,
                            py::handle myriad_from) {
  NarrativeOptions o;
  o.language = parse_language(text_option(language, "language"));
  o.period_labels = labels_option(text_option(period_labels, "period_labels"));
  o.decimals = decimals_option(decimals);
  o.myriad_from = number_option(myriad_from, "myriad_from");
  return o;
}

std::string narrate_object(py::handle obj, py::handle threshold, const Subject& subject,
                           const NarrativeOptions& o) {
  if (py::isinstance<QuotaAssessment>(obj))
    return narrate(obj.cast<const QuotaAssessment&>(), subject, o);
  if (py::isinstance<Comparison>(obj)) return narrate(obj.cast<const Comparison&>(), subject, o);
  if (py::isinstance<ThresholdAssessment>(obj)) {
    Threshold t;
    if (py::isinstance<Threshold>(threshold)) t = threshold.cast<Threshold>();
    else if (py::isinstance<py::str>(threshold))
      t = Threshold::parse(threshold.cast<std::string>());
    else
      throw invalid_input(
          "threshold", "a ThresholdAssessment is narrated with its Threshold (or "
                       "its text, '≥90%'), got " +
                           std::string(py::str(py::type::handle_of(threshold).attr("__name__"))));
    return narrate(obj.cast<const ThresholdAssessment&>(), t, subject, o);
  }
  throw invalid_input("obj", "expected a QuotaAssessment, ThresholdAssessment or Comparison, got " +
                                 std::string(py::str(py::type::handle_of(obj).attr("__name__"))));
}

} // namespace

void register_narrative(py::module_& m) {
  m.def(
      "_narrate",
      [](py::handle obj, py::handle threshold, py::handle name, py::handle noun, py::handle period,
         py::handle language, py::handle period_labels, py::handle decimals,
         py::handle myriad_from) {
        const Subject s{text_option(name, "name"), text_option(noun, "noun"),
                        period_option(period, "period")};
        return narrate_object(obj, threshold, s,
                              options_of(language, period_labels, decimals, myriad_from));
      },
      py::arg("obj"), py::arg("threshold"), py::arg("name"), py::arg("noun"), py::arg("period"),
      py::arg("language"), py::arg("period_labels"), py::arg("decimals"), py::arg("myriad_from"),
      "One sentence about an assessment or comparison (narrative.hpp).");
  m.def(
      "_narrate_rows",
      [](py::array_t<double, py::array::c_style | py::array::forcecast> value,
         py::array_t<std::int64_t, py::array::c_style | py::array::forcecast> target,
         const std::vector<Threshold>& thresholds, py::list names, py::list periods,
         py::handle unit, py::handle language, py::handle period_labels, py::handle decimals) {
        require_one_dimensional(value, "value");
        require_one_dimensional(target, "target");
        std::vector<std::string> name;
        for (std::size_t i = 0; i < names.size(); ++i)
          name.push_back(text_option(names[i], "name (row " + std::to_string(i) + ")"));
        std::vector<std::optional<Period>> period;
        for (std::size_t i = 0; i < periods.size(); ++i)
          period.push_back(period_option(periods[i], "period (row " + std::to_string(i) + ")"));
        const NarrativeOptions o = options_of(language, period_labels, decimals, py::float_(1e5));
        // One unit for every row when given (rows without a target print in it too).
        std::vector<Unit> units;
        if (!unit.is_none()) units.assign(name.size(), unit_from(unit));
        return narrate_threshold_rows(span_of(value), span_of(target), thresholds, name, period,
                                      units, {}, o);
      },
      py::arg("value"), py::arg("target"), py::arg("thresholds"), py::arg("names"),
      py::arg("periods"), py::arg("unit"), py::arg("language"), py::arg("period_labels"),
      py::arg("decimals"), "One sentence per assessed row (narrate_threshold_rows).");

  m.def(
      "_row_subject",
      [](const std::string& place, const std::string& name, py::handle unit, py::handle language) {
        NarrativeOptions o;
        o.language = parse_language(text_option(language, "language"));
        return row_subject(place, name, unit.is_none() ? Unit::ratio() : unit_from(unit), o);
      },
      py::arg("place"), py::arg("name"), py::arg("unit"), py::arg("language"),
      "A row sentence's subject: the place, then the name (row_subject: 示例区每千人口…).");
}

} // namespace zhibiao::python
