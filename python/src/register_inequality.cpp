// Quantile assignment and SII/RII on NumPy buffers (zhibiao/inequality.hpp).
#include "register.hpp"

#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <zhibiao/inequality.hpp>

#include <cmath>

namespace py = pybind11;

namespace zhibiao::python {

namespace {

using InputArray = py::array_t<double, py::array::c_style | py::array::forcecast>;
using CodeArrayPy = py::array_t<std::int64_t, py::array::c_style | py::array::forcecast>;

OnBadRows policy_from(const std::string& text) {
  if (text == "raise") return OnBadRows::raise;
  if (text == "mark") return OnBadRows::mark;
  throw invalid_input("on_bad_rows", "unknown policy '" + text + "'; expected 'raise' or 'mark'");
}

template <class A> Eigen::Map<const Eigen::Array<typename A::value_type, Eigen::Dynamic, 1>> view(const A& a, const char* name) {
  if (a.ndim() != 1) throw invalid_input(name, "must be one-dimensional");
  return {a.data(), static_cast<Eigen::Index>(a.size())};
}

py::list error_list(const std::vector<row_error>& errors) {
  py::list out;
  for (const auto& e : errors) out.append(py::make_tuple(e.row, e.field, e.message));
  return out;
}

// (quantile, status, errors). The Eigen entry point runs the kernel on the NumPy buffers
// (mapped, not copied) and allocates its outputs; they are handed to NumPy by copy.
py::tuple quantile_columns(InputArray values, std::optional<CodeArrayPy> group, int quantiles,
                           std::vector<bool> invert, const std::string& on_bad_rows) {
  const auto v = view(values, "values");
  const CodeArray none;
  QuantileColumn out;
  {
    // Reads the NumPy buffers through Eigen maps and touches no Python object.
    py::gil_scoped_release release;
    if (group) {
      const auto g = view(*group, "group");
      out = assign_quantiles(v, g, {quantiles, true, policy_from(on_bad_rows)}, invert);
    } else {
      out = assign_quantiles(v, none, {quantiles, invert.empty() ? true : bool(invert[0]),
                                       policy_from(on_bad_rows)});
    }
  }
  return py::make_tuple(py::array_t<double>(out.quantile.size(), out.quantile.data()),
                        py::array_t<std::uint8_t>(out.status.size(), out.status.data()),
                        error_list(out.errors));
}

py::array_t<double> level_major(const Eigen::ArrayXXd& m) {
  // Eigen's column-major groups × levels is NumPy's C-order levels × groups.
  return py::array_t<double>({m.cols(), m.rows()}, m.data());
}

py::dict sii_columns(InputArray quantile, InputArray population, InputArray value,
                     InputArray standard_error, std::optional<CodeArrayPy> group, int value_type,
                     double multiplier, std::size_t repetitions, std::vector<double> confidence,
                     std::uint64_t seed, const std::string& on_bad_rows) {
  if (value_type < 0 || value_type > 2)
    throw invalid_input("value_type", "must be 0 (normal), 1 (rate) or 2 (proportion)");
  SiiOptions o;
  o.value_type = static_cast<SiiValueType>(value_type);
  o.multiplier = multiplier;
  o.repetitions = repetitions;
  o.confidence = std::move(confidence);
  o.seed = seed;
  o.on_bad_rows = policy_from(on_bad_rows);
  const auto q = view(quantile, "quantile"), p = view(population, "population"),
             v = view(value, "value"), s = view(standard_error, "standard_error");
  const CodeArray none;
  SiiResult r;
  {
    // The simulation is the slow part: plain buffers only, so other Python threads may run.
    py::gil_scoped_release release;
    r = group ? slope_index(q, p, v, s, view(*group, "group"), o) : slope_index(q, p, v, s, none, o);
  }
  py::dict out;
  out["sii"] = py::array_t<double>(r.sii.size(), r.sii.data());
  out["rii"] = py::array_t<double>(r.rii.size(), r.rii.data());
  out["intercept"] = py::array_t<double>(r.intercept.size(), r.intercept.data());
  out["sii_lower"] = level_major(r.sii_lower);
  out["sii_upper"] = level_major(r.sii_upper);
  out["rii_lower"] = level_major(r.rii_lower);
  out["rii_upper"] = level_major(r.rii_upper);
  out["status"] = py::array_t<std::uint8_t>(r.status.size(), r.status.data());
  out["row_status"] = py::array_t<std::uint8_t>(r.row_status.size(), r.row_status.data());
  out["errors"] = error_list(r.errors);
  return out;
}

} // namespace

void register_inequality(py::module_& m) {
  m.def("quantile_columns", &quantile_columns, py::arg("values"), py::arg("group") = py::none(),
        py::arg("quantiles") = 10, py::arg("invert") = std::vector<bool>{true},
        py::arg("on_bad_rows") = "raise", "PHE's quantile assignment (phe_quantile).");
  m.def("sii_columns", &sii_columns, py::arg("quantile"), py::arg("population"), py::arg("value"),
        py::arg("standard_error"), py::arg("group") = py::none(), py::arg("value_type") = 0,
        py::arg("multiplier") = 1.0, py::arg("repetitions") = 100000,
        py::arg("confidence") = std::vector<double>{0.95}, py::arg("seed") = 1,
        py::arg("on_bad_rows") = "raise", "SII and RII with simulated intervals (phe_sii).");
  m.def("standard_error_from_limits",
        [](InputArray lower, InputArray upper, int value_type) {
          const Eigen::ArrayXd se = standard_error_from_limits(
              view(lower, "lower"), view(upper, "upper"), static_cast<SiiValueType>(value_type));
          return py::array_t<double>(se.size(), se.data());
        },
        py::arg("lower"), py::arg("upper"), py::arg("value_type") = 0);
  py::list names, reasons;
  for (int s = 0; s <= 6; ++s) {
    names.append(std::string(to_string(static_cast<InequalityStatus>(s))));
    reasons.append(std::string(describe(static_cast<InequalityStatus>(s))));
  }
  m.attr("INEQUALITY_STATUS_NAMES") = names;
  m.attr("INEQUALITY_STATUS_REASONS") = reasons;
}

} // namespace zhibiao::python
