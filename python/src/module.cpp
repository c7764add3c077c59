// zhibiao._core: the compiled part of the Python package. Users import zhibiao, whose pure-Python
// layer (python/zhibiao) adds pandas support on top of these bindings.
#include "register.hpp"

#include <zhibiao/version.hpp>

PYBIND11_MODULE(_core, m) {
  m.doc() = "zhibiao's compiled core: units, exact decimals, the rate model and periods";
  m.attr("__version__") = zhibiao::version;
  zhibiao::python::register_error(m);
  zhibiao::python::register_unit(m);
  zhibiao::python::register_decimal(m);
  zhibiao::python::register_rate(m);
  zhibiao::python::register_period(m);
  zhibiao::python::register_cube(m);
  zhibiao::python::register_evaluation(m);
  zhibiao::python::register_target(m);
  zhibiao::python::register_life_table(m);
  zhibiao::python::register_inequality(m);
  zhibiao::python::register_interval(m);
  zhibiao::python::register_standardise(m);
  zhibiao::python::register_expression(m);
  zhibiao::python::register_funnel(m);
  zhibiao::python::register_difference(m);
  zhibiao::python::register_validation(m);
}
