// Bindings of funnel.hpp: the column entry points used by python/zhibiao/_funnel.py.
#include "register.hpp"

#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <cmath>

#include <zhibiao/funnel.hpp>
#include <zhibiao/interval.hpp>

namespace py = pybind11;

namespace zhibiao::python {

namespace {

// float64, C-contiguous: NumPy float64 arrays (and pandas columns backed by them) arrive without
// a copy; other dtypes are converted once.
using InputArray = py::array_t<double, py::array::c_style | py::array::forcecast>;
using ConstMap = Eigen::Map<const Eigen::ArrayXd>;

OnBadRows parse_policy(const std::string& text) {
  if (text == "raise") return OnBadRows::raise;
  if (text == "mark") return OnBadRows::mark;
  throw invalid_input("on_bad_rows", "unknown policy '" + text + "'; expected 'raise' or 'mark'");
}

ConstMap view(const InputArray& a, const std::string& field) {
  if (a.ndim() != 1) throw invalid_input(field, "must be one-dimensional");
  return ConstMap(a.data(), static_cast<Eigen::Index>(a.size()));
}

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
          .on_bad_rows = parse_policy(on_bad_rows)};
}

py::array_t<double> to_numpy(const Eigen::ArrayXd& a) {
  py::array_t<double> out(a.size());
  std::copy(a.data(), a.data() + a.size(), out.mutable_data());
  return out;
}

py::dict curve_dict(const FunnelCurve& c) {
  py::dict d;
  d["average"] = c.average;
  d["baseline"] = c.baseline;
  d["points"] = to_numpy(c.points);
  d["lower_95"] = to_numpy(c.lower_95);
  d["upper_95"] = to_numpy(c.upper_95);
  d["lower_99.8"] = to_numpy(c.lower_998);
  d["upper_99.8"] = to_numpy(c.upper_998);
  if (c.lower_95_denominator.size() > 0) {
    d["lower_95_denominator"] = to_numpy(c.lower_95_denominator);
    d["upper_95_denominator"] = to_numpy(c.upper_95_denominator);
    d["lower_99.8_denominator"] = to_numpy(c.lower_998_denominator);
    d["upper_99.8_denominator"] = to_numpy(c.upper_998_denominator);
  }
  return d;
}

py::list error_list(const std::vector<row_error>& errors) {
  py::list out;
  for (const auto& e : errors) out.append(py::make_tuple(e.row, e.field, e.message));
  return out;
}

// The 100-point curve from (x, n); bad rows raise InvalidRows naming x_field / n_field.
py::dict funnel_limits_column(const std::string& statistic, InputArray x, InputArray n,
                              double multiplier, const std::string& ratio_type,
                              const std::string& rate_type, double years_of_data,
                              const std::string& poisson, const std::string& on_bad_rows,
                              const std::string& x_field, const std::string& n_field) {
  const FunnelOptions o = options_from(statistic, multiplier, ratio_type, rate_type,
                                       years_of_data, "neither", poisson, on_bad_rows);
  const ConstMap xs = view(x, x_field), ns = view(n, n_field);
  if (xs.size() != ns.size())
    throw invalid_input(n_field, "has " + std::to_string(ns.size()) + " rows but " + x_field +
                                     " has " + std::to_string(xs.size()));
  // Name the caller's columns in row errors: validate first with the kernel.
  std::vector<std::uint8_t> status(static_cast<std::size_t>(xs.size()));
  const std::size_t bad = kernel::classify_funnel_rows(o.statistic, o.rate_type, xs.data(),
                                                       ns.data(), status.size(), status.data());
  if (bad > 0 && o.on_bad_rows == OnBadRows::raise)
    throw invalid_rows(kernel::describe_interval_rows(xs.data(), ns.data(), status.data(),
                                                      status.size(), x_field, n_field));
  FunnelCurve c;
  {
    // Reads the NumPy buffers kept alive by this frame and builds C++ objects only.
    py::gil_scoped_release release;
    c = funnel_limits(xs, ns, o);
  }
  return curve_dict(c);
}

py::dict funnel_limits_at_points(double average, InputArray points, const std::string& statistic,
                                 double multiplier, const std::string& ratio_type,
                                 const std::string& rate_type, double years_of_data,
                                 const std::string& poisson) {
  const FunnelOptions o = options_from(statistic, multiplier, ratio_type, rate_type,
                                       years_of_data, "neither", poisson, "raise");
  const ConstMap ps = view(points, "points");
  FunnelCurve c;
  {
    py::gil_scoped_release release; // as above
    c = funnel_limits_at(average, ps, o);
  }
  return curve_dict(c);
}

// (average, value, significance codes, comparison codes, status, errors), the arrays written in
// place by the kernels.
py::tuple funnel_significance_column(const std::string& statistic, InputArray x, InputArray n,
                                     double multiplier, const std::string& ratio_type,
                                     const std::string& rate_type, const std::string& polarity,
                                     const std::string& on_bad_rows, const std::string& x_field,
                                     const std::string& n_field) {
  const FunnelOptions o = options_from(statistic, multiplier, ratio_type, rate_type, 1,
                                       polarity, "phe", on_bad_rows);
  const ConstMap xs = view(x, x_field), ns = view(n, n_field);
  if (xs.size() != ns.size())
    throw invalid_input(n_field, "has " + std::to_string(ns.size()) + " rows but " + x_field +
                                     " has " + std::to_string(xs.size()));
  const auto len = static_cast<std::size_t>(xs.size());
  const auto size = static_cast<py::ssize_t>(len);
  py::array_t<double> value(size);
  py::array_t<std::uint8_t> significance(size), comparison(size), status(size);
  const double* xd = xs.data();
  const double* nd = ns.data();
  double* vd = value.mutable_data();
  std::uint8_t* sig = significance.mutable_data();
  std::uint8_t* cmp = comparison.mutable_data();
  std::uint8_t* st = status.mutable_data();
  std::vector<row_error> errors;
  std::size_t bad = 0;
  double average = 0;
  {
    // The kernels read and write only the buffers above, which this frame keeps alive, and touch
    // no Python object: other Python threads may run meanwhile.
    py::gil_scoped_release release;
    bad = kernel::classify_funnel_rows(o.statistic, o.rate_type, xd, nd, len, st);
    if (bad > 0) errors = kernel::describe_interval_rows(xd, nd, st, len, x_field, n_field);
    average = kernel::funnel_average(xd, nd, st, len);
  }
  if (bad > 0 && o.on_bad_rows == OnBadRows::raise) throw invalid_rows(std::move(errors));
  if (!std::isfinite(average))
    throw invalid_input(n_field, "no valid row with a denominator: the funnel has no average");
  {
    py::gil_scoped_release release; // as above
    kernel::funnel_values(o.statistic, o.ratio_type, xd, nd, st, len, o.multiplier, vd);
    kernel::funnel_significance_codes(o.statistic, o.rate_type, xd, nd, st, len, average, sig);
    kernel::funnel_comparisons(sig, len, o.polarity, cmp);
  }
  return py::make_tuple(average, value, significance, comparison, status, error_list(errors));
}

py::array_t<double> rate_denominators(InputArray x, InputArray rate, py::object population,
                                      double multiplier, const std::string& rate_type) {
  const ConstMap xs = view(x, "x"), rs = view(rate, "rate");
  Eigen::ArrayXd out;
  if (population.is_none()) {
    out = funnel_rate_denominators(xs, rs, Eigen::ArrayXd(), multiplier,
                                   parse_rate_type(rate_type));
  } else {
    const InputArray pop = population.cast<InputArray>();
    out = funnel_rate_denominators(xs, rs, view(pop, "n"), multiplier, parse_rate_type(rate_type));
  }
  return to_numpy(out);
}

} // namespace

void register_funnel(py::module_& m) {
  m.def("funnel_limits_column", &funnel_limits_column, py::arg("statistic"), py::arg("x"),
        py::arg("n"), py::arg("multiplier"), py::arg("ratio_type") = "isr",
        py::arg("rate_type") = "crude", py::arg("years_of_data") = 1.0,
        py::arg("poisson") = "phe", py::arg("on_bad_rows") = "raise", py::arg("x_field") = "x",
        py::arg("n_field") = "n");
  m.def("funnel_limits_at", &funnel_limits_at_points, py::arg("average"), py::arg("points"),
        py::arg("statistic"), py::arg("multiplier"), py::arg("ratio_type") = "isr",
        py::arg("rate_type") = "crude", py::arg("years_of_data") = 1.0,
        py::arg("poisson") = "phe");
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
