#include "register.hpp"

#include "binding_helpers.hpp"

#include <pybind11/numpy.h>
#include <pybind11/operators.h>

#include <zhibiao/decimal.hpp>

#include <cmath>

namespace py = pybind11;

namespace zhibiao::python {

void register_decimal(py::module_& m) {
  py::class_<Decimal>(m, "Decimal", R"doc(
An exact decimal (coefficient × 10**exponent), one value, that keeps its printed decimals:
str(Decimal.parse("94.10")) is "94.10". Convert with float(d) or decimal.Decimal(str(d)).

Formula
-------
value = coefficient × 10^exponent; decimals = max(−exponent, 0);
round_half_up(d) rounds the exact value half up (ties away from zero) at d decimals.

References
----------
docs/units-and-rounding.md §3 (half up on the exact value; why a printed figure keeps its
decimals); IEEE 754-2008 §4.3.1, roundTiesToAway (the tie rule of 四舍五入).

Examples
--------
>>> d = zb.Decimal.parse("94.10")
>>> str(d), d.decimals, float(d)
('94.10', 2, 94.1)
>>> zb.Decimal.parse("94.125").round_half_up(2), zb.Decimal(9413, -2)
(Decimal('94.13'), Decimal('94.13'))
)doc")
      .def(py::init<std::int64_t, int>(), py::arg("coefficient"), py::arg("exponent"))
      .def_static(
          "parse", [](const std::string& text) { return Decimal::parse(text); }, py::arg("text"),
          "Parse '94.13'; raises ParseError with the character position.")
      .def_static("from_float", &Decimal::from_double, py::arg("x"),
                  "The shortest decimal that reads back as x.")
      .def_property_readonly("coefficient", &Decimal::coefficient)
      .def_property_readonly("exponent", &Decimal::exponent)
      .def_property_readonly("decimals", &Decimal::decimals)
      .def(
          "round_half_up",
          [](const Decimal& d, py::handle decimals) {
            return d.round_half_up(decimals_option(decimals));
          },
          py::arg("decimals"),
          "The exact value rounded half up (ties away from zero) at `decimals`: a Decimal.")
      .def("__float__", &Decimal::to_double)
      .def("__str__", &Decimal::to_string)
      .def("__repr__", [](const Decimal& d) { return "Decimal('" + d.to_string() + "')"; })
      .def("__hash__", [](const Decimal& d) { return py::hash(py::float_(d.to_double())); })
      .def(py::self == py::self)
      .def(py::self < py::self)
      .def(py::self <= py::self)
      .def(py::self > py::self)
      .def(py::self >= py::self);

  m.def(
      "round_ratio_half_up",
      [](double numerator, double denominator, py::handle multiplier, py::handle decimals) {
        return round_ratio_half_up(numerator, denominator,
                                   whole_number_option(multiplier, "multiplier"),
                                   decimals_option(decimals));
      },
      py::arg("numerator"), py::arg("denominator"), py::arg("multiplier"), py::arg("decimals"),
      R"doc(
numerator / denominator × multiplier rounded half up on the exact rational, for one pair of
numbers: a Decimal in the unit the multiplier gives (100: per cent, 1000: per mille ...).

Formula
-------
r = numerator × multiplier / denominator, formed as a fraction of integers when both inputs are
decimals of up to 17 significant digits; result = r rounded half up (ties away from zero) at
`decimals`, the tie decided exactly.

References
----------
docs/units-and-rounding.md §3: 1506 ÷ 1600 × 100 is exactly 94.125, which reports print 94.13;
rounding the double (Python's round) gives 94.12.

Examples
--------
>>> zb.round_ratio_half_up(1506, 1600, 100, 2), round(1506 / 1600 * 100, 2)
(Decimal('94.13'), 94.12)
>>> zb.round_ratio_half_up(427, 374, 100, 2)
Decimal('114.17')
)doc");
  m.def(
      "round_half_up",
      [](double x, py::handle decimals) { return round_half_up(x, decimals_option(decimals)); },
      py::arg("x"), py::arg("decimals"));
  m.def(
      "round_half_up_array",
      [](py::array_t<double, py::array::c_style | py::array::forcecast> x,
         py::handle decimals_arg) {
        const int decimals = decimals_option(decimals_arg); // before any work
        py::array_t<double> out(x.request().shape);
        const double* in = x.data();
        double* o = out.mutable_data();
        const auto n = static_cast<std::size_t>(x.size());
        {
          // Pure C++ over buffers we hold references to: safe without the GIL.
          py::gil_scoped_release release;
          // A missing (NaN) or infinite element stays as it is: an array keeps its missing
          // values; the scalar round_half_up refuses a non-finite x.
          for (std::size_t i = 0; i < n; ++i)
            o[i] = std::isfinite(in[i]) ? round_half_up(in[i], decimals) : in[i];
        }
        return out;
      },
      py::arg("x"), py::arg("decimals"));
}

} // namespace zhibiao::python
