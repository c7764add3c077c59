// Bindings of funnel.hpp: the column entry points used by python/zhibiao/_funnel.py.
#include "binding_helpers.hpp"
#include "numpy_vector.hpp"
#include "register.hpp"

#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <zhibiao/detail/funnel_kernels.hpp>
#include <zhibiao/funnel.hpp>

#include <optional>
#include <span>
#include <utility>

namespace py = pybind11;

namespace zhibiao::python {

namespace {

FunnelOptions options_from(const std::string& statistic, double multiplier,
                           const std::string& ratio_type, const std::string& rate_type,
                           double years_of_data, const std::string& polarity,
                           const std::string& poisson, const std::string& on_bad_rows) {
  return {.statistic = parse_funnel_statistic(statistic),
          .multiplier = multiplier,
          .ratio_type = parse_ratio_type(ratio_type),
          .rate_type = parse_rate_type(rate_type),
          .years_of_data = years_of_data,
          .polarity = parse_polarity(polarity),
          .poisson = parse_poisson_search(poisson),
          .on_bad_rows = parse_on_bad_rows(on_bad_rows)};
}

// The curve's columns handed to NumPy without a copy (numpy_vector.hpp).
py::dict curve_dict(FunnelCurve&& c) {
  py::dict d;
  d["average"] = c.average;
  d["baseline"] = c.baseline;
  d["points"] = to_numpy(std::move(c.points));
  d["lower_95"] = to_numpy(std::move(c.lower_95));
  d["upper_95"] = to_numpy(std::move(c.upper_95));
  d["lower_99.8"] = to_numpy(std::move(c.lower_998));
  d["upper_99.8"] = to_numpy(std::move(c.upper_998));
  if (!c.lower_95_denominator.empty()) {
    d["lower_95_denominator"] = to_numpy(std::move(c.lower_95_denominator));
    d["upper_95_denominator"] = to_numpy(std::move(c.upper_95_denominator));
    d["lower_99.8_denominator"] = to_numpy(std::move(c.lower_998_denominator));
    d["upper_99.8_denominator"] = to_numpy(std::move(c.upper_998_denominator));
  }
  return d;
}

// The 100-point curve from (x, n); bad rows raise InvalidRows naming x_field / n_field.
py::dict funnel_limits_column(const std::string& statistic, InputArray x, InputArray n,
                              double multiplier, const std::string& ratio_type,
                              const std::string& rate_type, double years_of_data,
                              const std::string& poisson, const std::string& on_bad_rows,
                              const std::string& x_field, const std::string& n_field) {
  const FunnelOptions o = options_from(statistic, multiplier, ratio_type, rate_type, years_of_data,
                                       "neither", poisson, on_bad_rows);
  require_one_dimensional(x, x_field);
  require_one_dimensional(n, n_field);
  FunnelCurve c;
  {
    // Reads the NumPy buffers kept alive by this frame and builds C++ objects only.
    py::gil_scoped_release release;
    c = detail::funnel_limits_column(span_of(x), span_of(n), o, {x_field, n_field});
  }
  return curve_dict(std::move(c));
}

py::dict funnel_limits_at_points(double average, InputArray points, const std::string& statistic,
                                 double multiplier, const std::string& ratio_type,
                                 const std::string& rate_type, double years_of_data,
                                 const std::string& poisson) {
  const FunnelOptions o = options_from(statistic, multiplier, ratio_type, rate_type, years_of_data,
                                       "neither", poisson, "raise");
  require_one_dimensional(points, "points");
  const std::span<const double> ps = span_of(points);
  FunnelCurve c;
  {
    py::gil_scoped_release release; // as above
    c = funnel_limits_at(average, ps, o);
  }
  return curve_dict(std::move(c));
}

// (average, value, significance codes, comparison codes, status, errors), the arrays written in
// place by the core's column function (detail/funnel_kernels.hpp).
py::tuple funnel_significance_column(const std::string& statistic, InputArray x, InputArray n,
                                     double multiplier, const std::string& ratio_type,
                                     const std::string& rate_type, const std::string& polarity,
                                     const std::string& on_bad_rows, const std::string& x_field,
                                     const std::string& n_field) {
  const FunnelOptions o =
      options_from(statistic, multiplier, ratio_type, rate_type, 1, polarity, "phe", on_bad_rows);
  require_one_dimensional(x, x_field);
  require_one_dimensional(n, n_field);
  const py::ssize_t rows = x.size();
  py::array_t<double> value(rows);
  py::array_t<std::uint8_t> significance(rows), comparison(rows), status(rows);
  detail::FunnelColumn column;
  {
    // The core reads and writes only the buffers above, which this frame keeps alive, and
    // touches no Python object: other Python threads may run meanwhile.
    py::gil_scoped_release release;
    column =
        detail::funnel_significance_column(span_of(x), span_of(n), o,
                                           {mutable_span_of(value), mutable_span_of(significance),
                                            mutable_span_of(comparison), mutable_span_of(status)},
                                           {x_field, n_field});
  }
  return py::make_tuple(column.average, value, significance, comparison, status,
                        row_errors_to_list(column.errors));
}

py::array_t<double> rate_denominators(InputArray x, InputArray rate,
                                      std::optional<InputArray> population, double multiplier,
                                      const std::string& rate_type) {
  const RateType type = parse_rate_type(rate_type);
  require_one_dimensional(x, "x");
  require_one_dimensional(rate, "rate");
  if (population) require_one_dimensional(*population, "n");
  const std::span<const double> pop = population ? span_of(*population) : std::span<const double>();
  py::array_t<double> out(x.size());
  {
    // Reads and writes only the buffers above, kept alive by this frame.
    py::gil_scoped_release release;
    detail::funnel_rate_denominator_column(span_of(x), span_of(rate), pop, multiplier, type,
                                           mutable_span_of(out));
  }
  return out;
}

} // namespace

void register_funnel(py::module_& m) {
  m.def("funnel_limits_column", &funnel_limits_column, py::arg("statistic"), py::arg("x"),
        py::arg("n"), py::arg("multiplier"), py::arg("ratio_type") = "isr",
        py::arg("rate_type") = "crude", py::arg("years_of_data") = 1.0, py::arg("poisson") = "phe",
        py::arg("on_bad_rows") = "raise", py::arg("x_field") = "x", py::arg("n_field") = "n");
  m.def("funnel_limits_at", &funnel_limits_at_points, py::arg("average"), py::arg("points"),
        py::arg("statistic"), py::arg("multiplier"), py::arg("ratio_type") = "isr",
        py::arg("rate_type") = "crude", py::arg("years_of_data") = 1.0, py::arg("poisson") = "phe");
  m.def("funnel_significance_column", &funnel_significance_column, py::arg("statistic"),
        py::arg("x"), py::arg("n"), py::arg("multiplier"), py::arg("ratio_type") = "isr",
        py::arg("rate_type") = "crude", py::arg("polarity") = "neither",
        py::arg("on_bad_rows") = "raise", py::arg("x_field") = "x", py::arg("n_field") = "n");
  m.def("funnel_rate_denominators", &rate_denominators, py::arg("x"), py::arg("rate"),
        py::arg("population") = py::none(), py::arg("multiplier") = 100000.0,
        py::arg("rate_type") = "crude");
  py::list significance, comparison;
  for (int s = 0; s <= 5; ++s) {
    significance.append(std::string(to_string(static_cast<FunnelSignificance>(s))));
    comparison.append(std::string(to_string(static_cast<FunnelComparison>(s))));
  }
  m.attr("FUNNEL_SIGNIFICANCE_LABELS") = significance;
  m.attr("FUNNEL_COMPARISON_LABELS") = comparison;
}

} // namespace zhibiao::python
