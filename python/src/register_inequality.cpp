// Quantile assignment and SII/RII on NumPy buffers (zhibiao/inequality.hpp).
#include "binding_helpers.hpp"
#include "numpy_vector.hpp"
#include "register.hpp"

#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <zhibiao/detail/inequality_kernels.hpp>
#include <zhibiao/inequality.hpp>

#include <optional>
#include <span>
#include <utility>

namespace py = pybind11;

namespace zhibiao::python {

namespace {

template <class T, int Flags>
std::span<const T> column(const py::array_t<T, Flags>& a, const std::string& field) {
  require_one_dimensional(a, field);
  return span_of(a);
}

// The group codes, or an empty span for one group.
std::span<const std::int64_t> codes(const std::optional<CodeArray>& group) {
  return group ? column(*group, "group") : std::span<const std::int64_t>();
}

// (quantile, status, errors), written in place by the core's column function
// (detail/inequality_kernels.hpp).
py::tuple quantile_columns(InputArray values, std::optional<CodeArray> group, int quantiles,
                           std::vector<bool> invert, const std::string& on_bad_rows) {
  const std::span<const double> v = column(values, "values");
  const std::span<const std::int64_t> g = codes(group);
  // With codes, `invert` holds one direction per group (PHE's inverttype = "field"); without,
  // its first item (if any) is the direction of the one group.
  QuantileOptions options{quantiles, true, parse_on_bad_rows(on_bad_rows)};
  if (!group) {
    options.invert = invert.empty() ? true : bool(invert[0]);
    invert.clear();
  }
  const detail::QuantileShape shape = detail::quantile_shape(v, g, options, invert);
  const auto rows = static_cast<py::ssize_t>(shape.rows);
  py::array_t<double> quantile(rows);
  py::array_t<std::uint8_t> status(rows);
  std::vector<row_error> errors;
  {
    // The core reads and writes only the buffers above, kept alive by this frame, and touches
    // no Python object.
    py::gil_scoped_release release;
    errors = detail::quantile_column(v, g, shape, options,
                                     {mutable_span_of(quantile), mutable_span_of(status)});
  }
  return py::make_tuple(quantile, status, row_errors_to_list(errors));
}

py::dict sii_columns(InputArray quantile, InputArray population, InputArray value,
                     InputArray standard_error, std::optional<CodeArray> group, int value_type,
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
  o.on_bad_rows = parse_on_bad_rows(on_bad_rows);
  const detail::SiiColumns in{column(quantile, "quantile"), column(population, "population"),
                              column(value, "value"), column(standard_error, "standard_error"),
                              codes(group)};
  const std::size_t groups = detail::sii_groups(in, o);
  const auto g = static_cast<py::ssize_t>(groups);
  const auto levels = static_cast<py::ssize_t>(o.confidence.size());
  py::array_t<double> sii(g), rii(g), intercept(g);
  py::array_t<double> sii_lower({levels, g}), sii_upper({levels, g}), rii_lower({levels, g}),
      rii_upper({levels, g});
  py::array_t<std::uint8_t> status(g), row_status(quantile.size());
  std::vector<row_error> errors;
  {
    // The simulation is the slow part: plain buffers only, so other Python threads may run.
    py::gil_scoped_release release;
    errors = detail::sii_column(
        in, groups, o,
        {mutable_span_of(sii), mutable_span_of(rii), mutable_span_of(intercept),
         mutable_span_of(sii_lower), mutable_span_of(sii_upper), mutable_span_of(rii_lower),
         mutable_span_of(rii_upper), mutable_span_of(status), mutable_span_of(row_status)});
  }
  py::dict out;
  out["sii"] = sii;
  out["rii"] = rii;
  out["intercept"] = intercept;
  out["sii_lower"] = sii_lower;
  out["sii_upper"] = sii_upper;
  out["rii_lower"] = rii_lower;
  out["rii_upper"] = rii_upper;
  out["status"] = status;
  out["row_status"] = row_status;
  out["errors"] = row_errors_to_list(errors);
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
  m.def(
      "standard_error_from_limits",
      [](InputArray lower, InputArray upper, int value_type) {
        return to_numpy(standard_error_from_limits(column(lower, "lower"), column(upper, "upper"),
                                                   static_cast<SiiValueType>(value_type)));
      },
      py::arg("lower"), py::arg("upper"), py::arg("value_type") = 0);
  py::list names, reasons;
  for (int s = 0; s < inequality_status_count; ++s) {
    names.append(std::string(to_string(static_cast<InequalityStatus>(s))));
    reasons.append(std::string(describe(static_cast<InequalityStatus>(s))));
  }
  m.attr("INEQUALITY_STATUS_NAMES") = names;
  m.attr("INEQUALITY_STATUS_REASONS") = reasons;
}

} // namespace zhibiao::python
