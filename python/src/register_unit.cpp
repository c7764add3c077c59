#include "register.hpp"

#include <pybind11/operators.h>
#include <pybind11/stl.h>

#include <zhibiao/error.hpp>
#include <zhibiao/unit.hpp>

namespace py = pybind11;

namespace zhibiao::python {

void register_unit(py::module_& m) {
  py::class_<Unit>(m, "Unit", R"doc(
The unit of a figure: its multiplier and display forms, from one code, symbol or name.

Unit("%"), Unit("‰"), Unit("/10万"), Unit("per_1000_population") or Unit.percent(), ...
Per mille (rates, 出生率4.86‰) and per 1,000 population (densities, 千人口托位数2.36) share the
multiplier 1,000 but are different units.

References
----------
docs/units-and-rounding.md §2 (the units, their multipliers and printed forms).

Examples
--------
>>> u = zb.Unit("/10万")
>>> u.code, u.multiplier, u.suffix(), u.suffix("en")
('per_100k', 100000, '/10万', ' per 100,000')
>>> zb.Unit("‰") == zb.Unit.per_mille(), zb.Unit("‰") == zb.Unit("per_1000_population")
(True, False)
)doc")
      .def(py::init(&Unit::parse), py::arg("text"),
           "Parse a code, symbol or name; raises InvalidInput (field 'unit') if unknown.")
      .def_static("percent", &Unit::percent)
      .def_static("per_mille", &Unit::per_mille)
      .def_static("per_10k", &Unit::per_10k)
      .def_static("per_100k", &Unit::per_100k)
      .def_static("per_1000_population", &Unit::per_1000_population)
      .def_static("per_100", &Unit::per_100)
      .def_static("ratio", &Unit::ratio)
      .def_static("yuan", &Unit::yuan)
      .def_static("years", &Unit::years)
      .def_property_readonly("code", [](Unit u) { return std::string(u.code()); })
      .def_property_readonly("multiplier", &Unit::integer_multiplier)
      .def(
          "suffix",
          [](Unit u, const std::string& lang) {
            return std::string(u.suffix(parse_language(lang)));
          },
          py::arg("language") = "zh", "What follows a printed value: '%', '‰', '/10万', ...")
      .def(
          "name",
          [](Unit u, const std::string& lang) { return std::string(u.name(parse_language(lang))); },
          py::arg("language") = "zh", "The unit's name: '十万分率' / 'per 100,000', ...")
      .def(py::self == py::self)
      .def("__hash__", [](Unit u) { return static_cast<int>(u.kind()); })
      .def("__repr__", [](Unit u) { return "Unit('" + std::string(u.code()) + "')"; })
      .def(py::pickle([](Unit u) { return std::string(u.code()); },
                      [](const std::string& code) { return Unit::parse(code); }));
}

Unit unit_from(py::handle value) {
  if (py::isinstance<Unit>(value)) return value.cast<Unit>();
  if (py::isinstance<py::str>(value)) return Unit::parse(value.cast<std::string>());
  throw invalid_input("unit",
                      "expected a zhibiao.Unit or a unit name such as '%' or 'per_100k', got " +
                          std::string(py::str(py::type::handle_of(value).attr("__name__"))));
}

} // namespace zhibiao::python
