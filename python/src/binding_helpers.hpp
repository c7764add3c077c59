#pragma once
/// \file binding_helpers.hpp
/// What every register_<concept>.cpp needs to turn Python arguments into the core's inputs and
/// the core's results back into Python objects. The binding only converts, allocates outputs and
/// releases the GIL; anything that decides a number lives in the C++ core.

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include <zhibiao/detail/rows.hpp>
#include <zhibiao/error.hpp>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace zhibiao::python {

/// float64, C-contiguous: NumPy float64 arrays (and pandas columns backed by them) arrive without
/// a copy; other dtypes are converted once.
using InputArray = pybind11::array_t<double, pybind11::array::c_style | pybind11::array::forcecast>;

/// int64 codes (group keys, band indices), read in place when already int64 and contiguous.
using CodeArray =
    pybind11::array_t<std::int64_t, pybind11::array::c_style | pybind11::array::forcecast>;

/// The elements of a C-contiguous array (an input read in place by the core).
template <class T, int Flags>
std::span<const T> span_of(const pybind11::array_t<T, Flags>& a) {
  return {a.data(), static_cast<std::size_t>(a.size())};
}

/// The elements of a C-contiguous array the core writes into (a freshly allocated output).
template <class T, int Flags>
std::span<T> mutable_span_of(pybind11::array_t<T, Flags>& a) {
  return {a.mutable_data(), static_cast<std::size_t>(a.size())};
}

/// Throws invalid_input naming `field` unless `a` is one-dimensional.
inline void require_one_dimensional(const pybind11::array& a, const std::string& field) {
  if (a.ndim() != 1) throw invalid_input(field, "must be one-dimensional");
}

/// Throws invalid_input naming `field` unless `a` has `rows` rows; `other` names the column
/// whose length it must match.
inline void require_rows(const pybind11::array& a, const std::string& field, pybind11::ssize_t rows,
                         const std::string& other) {
  detail::require_rows(static_cast<std::size_t>(a.size()), field, static_cast<std::size_t>(rows),
                       other);
}

/// A numeric option (confidence, tolerance, multiplier, ...) from any Python number: int, float
/// or a NumPy scalar. Refused with invalid_input naming `field`, where pybind11's own double
/// caster would raise a bare TypeError (str, None) or silently read True as 1.0 (bool). Range
/// checks stay in the core (detail/options.hpp): this only makes the value a double.
inline double number_option(const pybind11::handle& value, const std::string& field) {
  PyObject* p = value.ptr();
  const std::string type = Py_TYPE(p)->tp_name;
  if (p == Py_None) throw invalid_input(field, "is missing (None); give a number");
  if (PyBool_Check(p) || type == "numpy.bool_" || type == "numpy.bool")
    throw invalid_input(field, "must be a number, not a truth value (" +
                                   std::string(pybind11::str(value)) + ")");
  if (PyUnicode_Check(p) || PyBytes_Check(p))
    throw invalid_input(field,
                        "must be a number, not text (" + std::string(pybind11::repr(value)) + ")");
  if (!PyNumber_Check(p)) throw invalid_input(field, "must be a number, not a " + type);
  const double x = PyFloat_AsDouble(p);
  if (x == -1.0 && PyErr_Occurred()) {
    PyErr_Clear();
    throw invalid_input(field, "must be a number, not a " + type);
  }
  return x;
}

/// A whole-number option (a multiplier such as 100): number_option, then a whole number within
/// int64 (2, 2.0 and np.int64(2) are 2; 2.5, NaN, ±inf, 2**64 are invalid_input naming `field`).
inline std::int64_t whole_number_option(const pybind11::handle& value, const std::string& field) {
  const double x = number_option(value, field);
  // 2^63 is exactly representable: every double below it in magnitude fits int64.
  if (!(x == std::floor(x) && std::fabs(x) < 9223372036854775808.0))
    throw invalid_input(field, "must be a whole number, got " + std::string(pybind11::repr(value)));
  return static_cast<std::int64_t>(x);
}

/// The one reader of every `decimals` argument bound in C++ (Decimal.round_half_up,
/// round_half_up, round_ratio_half_up, format_value, Measure.rounded / format, the measure
/// columns, Comparison.summary, Indicator): a whole number in [0, 15]. pybind11's int caster would
/// take True as 1; -1, the core's internal "not given", is refused here like any negative number
/// (issue 14, class 7). The core checks the range again (detail::check_decimals).
inline int decimals_option(const pybind11::handle& value, const std::string& field = "decimals") {
  const std::int64_t d = whole_number_option(value, field);
  if (d < 0 || d > 15)
    throw invalid_input(field,
                        "must be between 0 and 15, got " + std::string(pybind11::repr(value)));
  return static_cast<int>(d);
}

/// decimals_option, or none for None (the columns' "not rounded").
inline std::optional<int> optional_decimals_option(const pybind11::handle& value,
                                                   const std::string& field = "decimals") {
  if (value.is_none()) return std::nullopt;
  return decimals_option(value, field);
}

/// One level or a list of them (a Python number, or a sequence / NumPy array of numbers), each
/// through number_option; the core reads them as confidence levels.
inline std::vector<double> number_list_option(const pybind11::handle& value,
                                              const std::string& field) {
  PyObject* p = value.ptr();
  if (pybind11::isinstance<pybind11::array>(value) &&
      pybind11::reinterpret_borrow<pybind11::array>(value).ndim() == 0)
    return {number_option(value.attr("item")(), field)};
  if (p == Py_None || PyUnicode_Check(p) || PyBytes_Check(p) || !PySequence_Check(p))
    return {number_option(value, field)};
  std::vector<double> out;
  for (const pybind11::handle item : pybind11::reinterpret_borrow<pybind11::iterable>(value))
    out.push_back(number_option(item, field));
  return out;
}

/// "raise" or "mark", the Python spelling of OnBadRows.
inline OnBadRows parse_on_bad_rows(const std::string& text) {
  if (text == "raise") return OnBadRows::raise;
  if (text == "mark") return OnBadRows::mark;
  throw invalid_input("on_bad_rows", "unknown policy '" + text + "'; expected 'raise' or 'mark'");
}

/// The rows of a batch's errors as a list of (row, field, message) tuples, the shape the Python
/// layer turns into its `errors` DataFrame.
inline pybind11::list row_errors_to_list(const std::vector<row_error>& errors) {
  pybind11::list out;
  for (const auto& e : errors) out.append(pybind11::make_tuple(e.row, e.field, e.message));
  return out;
}

} // namespace zhibiao::python
