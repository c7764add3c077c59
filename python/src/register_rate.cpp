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
  py::class_<Measure>(m, "Measure", R"doc(
A numerator over a denominator in a unit: the base class of Proportion, Rate, Ratio and
QuotaCompletion (one value each, not columns: see zhibiao.proportions and the others for arrays).
value() is in the unit's multiplier (per cent, ‰, per 100,000, ...).

Formula
-------
value = numerator / denominator × unit.multiplier; undefined (None) when denominator = 0;
rounded(d) rounds that exact rational half up at d decimals.

References
----------
docs/units-and-rounding.md §1–§4 (kinds of figure, units, half-up rounding, display).

Examples
--------
Seed 000: 1506 of a task of 1600 premarital checks, printed 94.13 %:

>>> m = zb.QuotaCompletion(1506, 1600)
>>> isinstance(m, zb.Measure), m.value(), m.rounded(2), m.format(2)
(True, 94.125, Decimal('94.13'), '94.13%')
>>> zb.Proportion(0, 0).value() is None
True
)doc")
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

  py::class_<Proportion, Measure>(m, "Proportion", R"doc(
A share of a whole (签约率) from one numerator and one denominator: 0 ≤ numerator ≤
denominator; value() in the unit's multiplier, per cent by default.

Formula
-------
proportion = numerator / denominator × unit.multiplier (100 for per cent); a numerator above
its denominator raises InvalidInput.

References
----------
PHEindicatormethods, phe_proportion (value = x / n × multiplier); docs/units-and-rounding.md
§1; the numerators and denominators of docs/catalog.md (国家卫生健康委 definitions).

Examples
--------
Seed 000: 59902 residents signed of about 178,015 (the population its 33.65 % implies):

>>> zb.Proportion(59902, 178015).format(2)
'33.65%'
>>> zb.Proportion(1, 8, "‰").value()
125.0
)doc")
      .def(py::init([](double numerator, double denominator, py::handle unit) {
             return Proportion(numerator, denominator, unit_from(unit));
           }),
           py::arg("numerator"), py::arg("denominator"), py::arg("unit") = Unit::percent());
  py::class_<Rate, Measure>(m, "Rate", R"doc(
Events in a population (发病率) from one count of events and one population; value() in the
unit's multiplier, per 100,000 by default. Events may exceed the population.

Formula
-------
rate = events / population × unit.multiplier (100,000 for /10万, 1,000 for ‰).

References
----------
PHEindicatormethods, phe_rate (value = x / n × multiplier, default 100,000);
docs/units-and-rounding.md §1–§2.

Examples
--------
Hand calculation: 12 cases in 80,000 residents are 15 per 100,000.

>>> r = zb.Rate(12, 80000)
>>> r.value(), r.format(1), r.format(1, "en")
(15.0, '15.0/10万', '15.0 per 100,000')
)doc")
      .def(py::init([](double events, double population, py::handle unit) {
             return Rate(events, population, unit_from(unit));
           }),
           py::arg("events"), py::arg("population"), py::arg("unit") = Unit::per_100k())
      .def_property_readonly("events", &Rate::events)
      .def_property_readonly("population", &Rate::population);
  py::class_<Ratio, Measure>(m, "Ratio", R"doc(
One count relative to another (性别比, 千人口床位数, a cost per case) from one numerator and
one denominator; value() in the unit's multiplier, × 1 ('ratio') by default.

Formula
-------
ratio = numerator / denominator × unit.multiplier (1 for 'ratio', 100 for 'per_100').

References
----------
docs/units-and-rounding.md §1–§2; docs/catalog.md: 出生人口性别比 = 活产男婴数 / 活产女婴数 × 100.

Examples
--------
Seed 000: 427 boys and 374 girls, sex ratio 114.17 (427 / 374 × 100 = 114.171…):

>>> zb.Ratio(427, 374, "per_100").format(2)
'114.17'
>>> zb.Ratio(1, 3).format(3)
'0.333'
)doc")
      .def(py::init([](double numerator, double denominator, py::handle unit) {
             return Ratio(numerator, denominator, unit_from(unit));
           }),
           py::arg("numerator"), py::arg("denominator"), py::arg("unit") = Unit::ratio());
  py::class_<QuotaCompletion, Measure>(m, "QuotaCompletion", R"doc(
Work done against a task (任务完成率) from one count done and one quota, in per cent; it may
pass 100 %. No time progress (序时进度) is involved: zhibiao.assess_quota compares it with the
elapsed part of the period.

Formula
-------
completion = done / quota × 100 (per cent); remaining = max(quota − done, 0);
reached = done ≥ quota.

References
----------
docs/units-and-rounding.md §1 and §3 (seed 000's 1506 of 1600, printed 94.13 %).

Examples
--------
Seed 000: 1506 of 1600 premarital checks; 1506 ÷ 1600 × 100 is exactly 94.125, printed 94.13 %:

>>> q = zb.QuotaCompletion(1506, 1600)
>>> q.format(2), q.remaining, q.reached
('94.13%', 94.0, False)
)doc")
      .def(py::init<double, double>(), py::arg("done"), py::arg("quota"))
      .def_property_readonly("done", &QuotaCompletion::done)
      .def_property_readonly("quota", &QuotaCompletion::quota)
      .def_property_readonly("remaining", &QuotaCompletion::remaining)
      .def_property_readonly("reached", &QuotaCompletion::reached);
  m.def("sex_ratio", &sex_ratio, py::arg("males"), py::arg("females"), R"doc(
Males per 100 females (出生人口性别比) from two counts: a Ratio in the unit 'per_100' (printed
bare, 114.17). For a confidence interval use zhibiao.sex_ratio_interval.

Formula
-------
sex ratio = males / females × 100.

References
----------
docs/catalog.md, sex_ratio_at_birth: 活产男婴数 / 活产女婴数 × 100 (国家卫生健康委 definition,
status V in the catalog's facts).

Examples
--------
Seed 000: 出生801人 … 出生人口总性别比114.17, 427 boys and 374 girls:

>>> s = zb.sex_ratio(427, 374)
>>> s.format(2), round(s.value(), 4)
('114.17', 114.1711)
)doc");

  m.def(
      "format_value",
      [](double value, py::handle unit, py::handle decimals, const std::string& lang) {
        return format_value(value, unit_from(unit), decimals_option(decimals),
                            parse_language(lang));
      },
      py::arg("value"), py::arg("unit"), py::arg("decimals"), py::arg("language") = "zh", R"doc(
One value already in `unit` (a Unit or its name) printed as a report prints it: rounded half up
at `decimals` on its shortest decimal, then the unit's suffix (Chinese, or language='en').
The number is not scaled: it stays in the same unit as the input.

Formula
-------
text = round_half_up(value, decimals) with exactly `decimals` decimals, followed by
unit.suffix(language) ('%', '‰', '/10万'; none for 'ratio' and 'per_100').

References
----------
docs/units-and-rounding.md §2 (the suffixes) and §4 (display).

Examples
--------
Seed 002's incidence 153.895/10万, and the tie 2.675 (a double just below it) rounded half up:

>>> zb.format_value(153.895, "/10万", 3), zb.format_value(153.895, "/10万", 3, "en")
('153.895/10万', '153.895 per 100,000')
>>> zb.format_value(2.675, "ratio", 2)
'2.68'
)doc");

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
