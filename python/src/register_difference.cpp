// Bindings of difference.hpp's column kernels, used by python/zhibiao/_difference.py.
#include "register.hpp"

#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <zhibiao/difference.hpp>

#include <vector>

namespace py = pybind11;

namespace zhibiao::python {

namespace {

// float64, C-contiguous: NumPy float64 arrays arrive without a copy.
using InputArray = py::array_t<double, py::array::c_style | py::array::forcecast>;

// Runs one kernel over equally long 1-D inputs; returns (value, lower, upper, status, errors).
py::tuple run(const std::string& kind, const std::vector<InputArray>& inputs, double confidence) {
  kernel::check_difference_confidence(confidence);
  for (const auto& a : inputs)
    if (a.ndim() != 1) throw invalid_input(kind, "inputs must be one-dimensional");
  const auto len = static_cast<std::size_t>(inputs.at(0).size());
  for (const auto& a : inputs)
    if (static_cast<std::size_t>(a.size()) != len)
      throw invalid_input(kind, "inputs must have the same length");
  const auto size = static_cast<py::ssize_t>(len);
  py::array_t<double> value(size), lower(size), upper(size);
  py::array_t<std::uint8_t> status(size);
  std::vector<const double*> in;
  for (const auto& a : inputs) in.push_back(a.data());
  double* v = value.mutable_data();
  double* lo = lower.mutable_data();
  double* hi = upper.mutable_data();
  std::uint8_t* st = status.mutable_data();
  std::vector<row_error> errors;
  {
    // The kernels read and write only these buffers, kept alive by this frame, and touch no
    // Python object: other Python threads may run meanwhile.
    py::gil_scoped_release release;
    if (kind == "proportion_difference")
      errors = kernel::proportion_differences(in[0], in[1], in[2], in[3], len, confidence, st, v,
                                              lo, hi);
    else if (kind == "rate_ratio")
      errors = kernel::rate_ratios(in[0], in[1], in[2], in[3], len, confidence, st, v, lo, hi);
    else if (kind == "mean")
      errors = kernel::mean_intervals(in[0], in[1], in[2], len, confidence, st, v, lo, hi);
    else
      errors = kernel::sex_ratio_intervals(in[0], in[1], len, confidence, st, v, lo, hi);
  }
  py::list error_list;
  for (const auto& e : errors) error_list.append(py::make_tuple(e.row, e.field, e.message));
  return py::make_tuple(value, lower, upper, status, error_list);
}

} // namespace

void register_difference(py::module_& m) {
  m.def(
      "difference_column",
      [](const std::string& kind, const std::vector<InputArray>& inputs, double confidence) {
        const std::size_t want = kind == "mean" ? 3 : kind == "sex_ratio" ? 2 : 4;
        if ((kind != "proportion_difference" && kind != "rate_ratio" && kind != "mean" &&
             kind != "sex_ratio") || inputs.size() != want)
          throw invalid_input("kind", "unknown kind '" + kind + "' or wrong number of inputs");
        return run(kind, inputs, confidence);
      },
      py::arg("kind"), py::arg("inputs"), py::arg("confidence") = 0.95);
}

} // namespace zhibiao::python
