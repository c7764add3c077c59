#include "binding_helpers.hpp"
#include "register.hpp"

#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <zhibiao/detail/rate_kernels.hpp>
#include <zhibiao/rate.hpp>

namespace py = pybind11;

namespace zhibiao::python {

namespace {

py::object optional_value(const std::optional<double>& v) {
  return v ? py::object(py::float_(*v)) : py::object(py::none());
}

// The column entry point: (values, status, rounded or None, undefined_count, errors).
// Outputs are allocated as NumPy arrays and written in place by the core's column function
// (detail/rate_kernels.hpp), which checks and decides everything else: no copies either way.
py::tuple compute_column(const std::string& kind_text, InputArray numerator, InputArray denominator,
                         py::handle unit_value, const std::string& on_bad_rows,
                         py::handle decimals_arg) {
  const std::optional<int> decimals = optional_decimals_option(decimals_arg);
  const MeasureKind kind = parse_measure_kind(kind_text);
  const BatchOptions options{unit_from(unit_value), parse_on_bad_rows(on_bad_rows), decimals};
  require_one_dimensional(numerator, std::string(numerator_field(kind)));
  require_one_dimensional(denominator, std::string(denominator_field(kind)));
  const py::ssize_t rows = numerator.size();
  py::array_t<double> values(rows);
  py::array_t<std::uint8_t> status(rows);
  py::array_t<double> rounded(decimals ? rows : 0);
  detail::MeasureColumn column;
  {
    // The core reads and writes only the buffers above, which this frame keeps alive: no
    // Python object is touched, so other threads may run meanwhile.
    py::gil_scoped_release release;
    column = detail::measure_column(
        kind, span_of(numerator), span_of(denominator), options,
        {mutable_span_of(values), mutable_span_of(status), mutable_span_of(rounded)});
  }
  return py::make_tuple(values, status, decimals ? py::object(rounded) : py::object(py::none()),
                        column.undefined, row_errors_to_list(column.errors));
}

} // namespace

void register_rate(py::module_& m) {
  py::class_<Measure>(m, "Measure", "A numerator over a denominator in a unit.")
      .def_property_readonly("kind",
                             [](const Measure& x) { return std::string(to_string(x.kind())); })
      .def_property_readonly("numerator", &Measure::numerator)
      .def_property_readonly("denominator", &Measure::denominator)
      .def_property_readonly("unit", &Measure::unit)
      .def_property_readonly("defined", &Measure::defined,
                             "False when the denominator is zero: the value does not exist.")
      .def(
          "value", [](const Measure& x) { return optional_value(x.value()); },
          "numerator × multiplier / denominator, or None when undefined.")
      .def(
          "rounded",
          [](const Measure& x, py::handle decimals) {
            return x.rounded(decimals_option(decimals));
          },
          py::arg("decimals"),
          "The value rounded half up on the exact rational (a Decimal), or None.")
      .def(
          "format",
          [](const Measure& x, py::handle decimals, const std::string& lang) {
            return x.format(decimals_option(decimals), parse_language(lang));
          },
          py::arg("decimals"), py::arg("language") = "zh", "'94.13%', '4.86‰', '153.895/10万'.")
      .def("__repr__", [](const Measure& x) {
        return std::string(to_string(x.kind())) + "(" + std::to_string(x.numerator()) + ", " +
               std::to_string(x.denominator()) + ", " + std::string(x.unit().code()) + ")";
      });

  py::class_<Proportion, Measure>(m, "Proportion",
                                  "A share of a whole (签约率): 0 ≤ numerator ≤ denominator.")
      .def(py::init([](double numerator, double denominator, py::handle unit) {
             return Proportion(numerator, denominator, unit_from(unit));
           }),
           py::arg("numerator"), py::arg("denominator"), py::arg("unit") = Unit::percent());
  py::class_<Rate, Measure>(m, "Rate", "Events in a population (发病率); per 100,000 by default.")
      .def(py::init([](double events, double population, py::handle unit) {
             return Rate(events, population, unit_from(unit));
           }),
           py::arg("events"), py::arg("population"), py::arg("unit") = Unit::per_100k())
      .def_property_readonly("events", &Rate::events)
      .def_property_readonly("population", &Rate::population);
  py::class_<Ratio, Measure>(m, "Ratio", "One count relative to another (性别比, 千人口床位数).")
      .def(py::init([](double numerator, double denominator, py::handle unit) {
             return Ratio(numerator, denominator, unit_from(unit));
           }),
           py::arg("numerator"), py::arg("denominator"), py::arg("unit") = Unit::ratio());
  py::class_<QuotaCompletion, Measure>(m, "QuotaCompletion",
                                       "Work done against a task (任务完成率), in per cent.")
      .def(py::init<double, double>(), py::arg("done"), py::arg("quota"))
      .def_property_readonly("done", &QuotaCompletion::done)
      .def_property_readonly("quota", &QuotaCompletion::quota)
      .def_property_readonly("remaining", &QuotaCompletion::remaining)
      .def_property_readonly("reached", &QuotaCompletion::reached);
  m.def("sex_ratio", &sex_ratio, py::arg("males"), py::arg("females"),
        "Males per 100 females (出生人口性别比).");

  m.def(
      "format_value",
      [](double value, py::handle unit, py::handle decimals, const std::string& lang) {
        return format_value(value, unit_from(unit), decimals_option(decimals),
                            parse_language(lang));
      },
      py::arg("value"), py::arg("unit"), py::arg("decimals"), py::arg("language") = "zh");

  m.def("compute_column", &compute_column, py::arg("kind"), py::arg("numerator"),
        py::arg("denominator"), py::arg("unit"), py::arg("on_bad_rows") = "raise",
        py::arg("decimals") = py::none());

  py::list names;
  for (int s = 0; s < row_status_count; ++s)
    names.append(std::string(describe(static_cast<RowStatus>(s))));
  m.attr("STATUS_DESCRIPTIONS") = names;

  // For the no-copy test: the address of the buffer the kernels would read for this input.
  m.def("_kernel_input_address",
        [](InputArray a) { return reinterpret_cast<std::uintptr_t>(a.data()); });
}

} // namespace zhibiao::python
