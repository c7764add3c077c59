// Bindings of difference.hpp's column kernels, used by python/zhibiao/_difference.py.
#include "binding_helpers.hpp"
#include "register.hpp"

#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <zhibiao/detail/difference_kernels.hpp>
#include <zhibiao/difference.hpp>

#include <span>
#include <vector>

namespace py = pybind11;

namespace zhibiao::python {

namespace {

// Runs one kind over its 1-D inputs; returns (value, lower, upper, status, errors). The core's
// column function (detail/difference_kernels.hpp) checks lengths and the confidence and decides
// every row; bad rows are returned, never raised (the Python layer relabels them first).
py::tuple difference_column(const std::string& kind_text, const std::vector<InputArray>& inputs,
                            double confidence) {
  const detail::DifferenceKind kind = detail::parse_difference_kind(kind_text, inputs.size());
  std::vector<std::span<const double>> in;
  for (const auto& a : inputs) {
    if (a.ndim() != 1) throw invalid_input(kind_text, "inputs must be one-dimensional");
    in.push_back(span_of(a));
  }
  const py::ssize_t rows = inputs.at(0).size();
  py::array_t<double> value(rows), lower(rows), upper(rows);
  py::array_t<std::uint8_t> status(rows);
  std::vector<row_error> errors;
  {
    // The core reads and writes only these buffers, kept alive by this frame, and touches no
    // Python object: other Python threads may run meanwhile.
    py::gil_scoped_release release;
    errors = detail::difference_column(kind, in, confidence, OnBadRows::mark,
                                       {mutable_span_of(value), mutable_span_of(lower),
                                        mutable_span_of(upper), mutable_span_of(status)});
  }
  return py::make_tuple(value, lower, upper, status, row_errors_to_list(errors));
}

} // namespace

void register_difference(py::module_& m) {
  m.def("difference_column", &difference_column, py::arg("kind"), py::arg("inputs"),
        py::arg("confidence") = 0.95);
}

} // namespace zhibiao::python
