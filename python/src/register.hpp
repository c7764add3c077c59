#pragma once
// One register_<concept> function per public header; module.cpp calls them in dependency order.

#include <pybind11/pybind11.h>

#include <zhibiao/unit.hpp>

#include <string>

namespace zhibiao::python {

void register_error(pybind11::module_& m);
void register_unit(pybind11::module_& m);
void register_decimal(pybind11::module_& m);
void register_rate(pybind11::module_& m);
void register_period(pybind11::module_& m);
void register_cube(pybind11::module_& m);
void register_evaluation(pybind11::module_& m);
void register_target(pybind11::module_& m);
void register_life_table(pybind11::module_& m);
void register_inequality(pybind11::module_& m);
void register_interval(pybind11::module_& m);
void register_standardise(pybind11::module_& m);
void register_expression(pybind11::module_& m);
void register_funnel(pybind11::module_& m);
void register_difference(pybind11::module_& m);
void register_validation(pybind11::module_& m);

/// A Unit from a Unit or its text ("%", "per_100k", "/10万"). Anything else raises
/// InvalidInput naming "unit" (an implicit conversion would turn that into a bare TypeError).
Unit unit_from(pybind11::handle value);

/// "zh" or "en" (also "chinese"/"english"); anything else raises InvalidInput naming "language".
Language parse_language(const std::string& text);

} // namespace zhibiao::python
