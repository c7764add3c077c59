// Bindings of interval.hpp: scalar intervals and the column entry point used by
// python/zhibiao/_interval.py.
#include "register.hpp"

#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <zhibiao/detail/parallel.hpp>
#include <zhibiao/interval.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>

namespace py = pybind11;

namespace zhibiao::python {

namespace {

// float64, C-contiguous: NumPy float64 arrays (and pandas columns backed by them) arrive without
// a copy; other dtypes are converted once.
using InputArray = py::array_t<double, py::array::c_style | py::array::forcecast>;

OnBadRows parse_policy(const std::string& text) {
  if (text == "raise") return OnBadRows::raise;
  if (text == "mark") return OnBadRows::mark;
  throw invalid_input("on_bad_rows", "unknown policy '" + text + "'; expected 'raise' or 'mark'");
}

// (value, lower, upper, status, method or None, errors): lower and upper have shape
// (levels, rows), each level a contiguous row written in place by the kernel.
py::tuple interval_column(const std::string& kind, const std::string& method_text, InputArray x,
                          InputArray n, const std::vector<double>& confidence, double multiplier,
                          const std::string& on_bad_rows, const std::string& x_field,
                          const std::string& n_field) {
  const bool counts = kind == "rate";
  if (!counts && kind != "proportion")
    throw invalid_input("kind", "unknown interval kind '" + kind + "'; expected proportion or rate");
  const ProportionMethod pmethod =
      counts ? ProportionMethod::wilson : parse_proportion_method(method_text);
  const CountMethod cmethod = counts ? parse_count_method(method_text) : CountMethod::phe;
  const OnBadRows policy = parse_policy(on_bad_rows);
  if (x.ndim() != 1) throw invalid_input(x_field, "must be one-dimensional");
  if (n.ndim() != 1) throw invalid_input(n_field, "must be one-dimensional");
  if (x.size() != n.size())
    throw invalid_input(n_field, "has " + std::to_string(n.size()) + " rows but " + x_field +
                                     " has " + std::to_string(x.size()));
  kernel::check_interval_options(confidence, multiplier, counts);
  const auto len = static_cast<std::size_t>(x.size());
  const auto levels = static_cast<py::ssize_t>(confidence.size());
  py::array_t<double> value(static_cast<py::ssize_t>(len));
  py::array_t<double> lower({levels, static_cast<py::ssize_t>(len)});
  py::array_t<double> upper({levels, static_cast<py::ssize_t>(len)});
  py::array_t<std::uint8_t> status(static_cast<py::ssize_t>(len));
  py::array_t<std::uint8_t> method_used(static_cast<py::ssize_t>(counts ? len : 0));
  const double* xd = x.data();
  const double* nd = n.data();
  double* vd = value.mutable_data();
  double* lo = lower.mutable_data();
  double* hi = upper.mutable_data();
  std::uint8_t* st = status.mutable_data();
  std::uint8_t* md = method_used.mutable_data();
  std::vector<row_error> errors;
  std::size_t bad = 0;
  // Closed-form limits (Wilson, Agresti–Coull, Wald; Byar's under PHE's rule, whose few exact
  // counts below 10 are a table of ten) run block by block: each block of x and n is validated,
  // divided and given its limits while it is still in cache, instead of streaming the whole
  // columns through memory once per kernel. The beta / gamma inverse methods keep whole-column
  // calls, so that each distinct (x, n) or x is computed once for the whole column.
  const bool blocked =
      counts ? (cmethod == CountMethod::phe || cmethod == CountMethod::byar)
             : (pmethod == ProportionMethod::wilson || pmethod == ProportionMethod::agresti_coull ||
                pmethod == ProportionMethod::wald);
  if (blocked) {
    {
      // As below: only the buffers above are touched, no Python object.
      py::gil_scoped_release release;
      constexpr std::size_t block = 8192; // 2 × 64 KiB of input: fits in L2 with the outputs
      std::atomic<std::size_t> bad_rows{0};
      detail::parallel_for(len, std::size_t{1} << 16, [&](std::size_t begin, std::size_t end) {
        std::size_t local_bad = 0;
        for (std::size_t s = begin; s < end; s += block) {
          const std::size_t m = std::min(block, end - s);
          local_bad += kernel::classify_interval_rows(xd + s, nd + s, m, !counts, st + s);
          kernel::interval_values(xd + s, nd + s, st + s, m, multiplier, vd + s);
          for (std::size_t k = 0; k < confidence.size(); ++k) {
            if (counts)
              kernel::count_limits(cmethod, xd + s, nd + s, st + s, m, confidence[k], multiplier,
                                   lo + k * len + s, hi + k * len + s, md + s);
            else
              kernel::proportion_limits(pmethod, xd + s, nd + s, st + s, m, confidence[k],
                                        multiplier, lo + k * len + s, hi + k * len + s);
          }
        }
        bad_rows.fetch_add(local_bad);
      });
      bad = bad_rows.load();
      if (bad > 0) errors = kernel::describe_interval_rows(xd, nd, st, len, x_field, n_field);
    }
    // Raised only after the work: clean input, the common case, pays for no separate pass.
    if (bad > 0 && policy == OnBadRows::raise) throw invalid_rows(std::move(errors));
  } else {
    {
      // The kernels read and write only the buffers above, which this frame keeps alive, and
      // touch no Python object: other Python threads may run meanwhile.
      py::gil_scoped_release release;
      bad = kernel::classify_interval_rows(xd, nd, len, !counts, st);
      if (bad > 0) errors = kernel::describe_interval_rows(xd, nd, st, len, x_field, n_field);
    }
    if (bad > 0 && policy == OnBadRows::raise) throw invalid_rows(std::move(errors));
    {
      py::gil_scoped_release release; // as above
      kernel::interval_values(xd, nd, st, len, multiplier, vd);
      for (std::size_t k = 0; k < confidence.size(); ++k) {
        if (counts)
          kernel::count_limits(cmethod, xd, nd, st, len, confidence[k], multiplier, lo + k * len,
                               hi + k * len, md);
        else
          kernel::proportion_limits(pmethod, xd, nd, st, len, confidence[k], multiplier,
                                    lo + k * len, hi + k * len);
      }
    }
  }
  py::list error_list;
  for (const auto& e : errors) error_list.append(py::make_tuple(e.row, e.field, e.message));
  return py::make_tuple(value, lower, upper, status,
                        counts ? py::object(method_used) : py::object(py::none()), error_list);
}

// For benchmarks/compare.py only: the median wall time of `repeats` runs of what
// interval_column does for one level (outputs allocated, rows classified, values, limits),
// entirely in C++, so that the Python call's overhead can be measured against it.
double time_proportion_intervals(InputArray x, InputArray n, double confidence,
                                 const std::string& method_text, int repeats) {
  const ProportionMethod method = parse_proportion_method(method_text);
  if (x.ndim() != 1 || n.ndim() != 1 || x.size() != n.size())
    throw invalid_input("n", "x and n must be one-dimensional columns of the same length");
  if (repeats < 1) throw invalid_input("repeats", "must be at least 1");
  const auto len = static_cast<std::size_t>(x.size());
  const double* xd = x.data();
  const double* nd = n.data();
  std::vector<double> times;
  {
    py::gil_scoped_release release; // reads x and n only, kept alive by this frame
    for (int r = 0; r < repeats; ++r) {
      const auto t0 = std::chrono::steady_clock::now();
      // Fresh, uninitialised outputs each time, as NumPy allocates them for the Python call.
      std::unique_ptr<double[]> value(new double[len]), lower(new double[len]),
          upper(new double[len]);
      std::unique_ptr<std::uint8_t[]> status(new std::uint8_t[len]);
      if (kernel::classify_interval_rows(xd, nd, len, true, status.get()) > 0)
        throw invalid_input("x", "the timing helper takes clean rows only");
      kernel::interval_values(xd, nd, status.get(), len, 1.0, value.get());
      kernel::proportion_limits(method, xd, nd, status.get(), len, confidence, 1.0, lower.get(),
                                upper.get());
      times.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
    }
  }
  std::nth_element(times.begin(), times.begin() + static_cast<std::ptrdiff_t>(times.size() / 2),
                   times.end());
  return times[times.size() / 2];
}

} // namespace

void register_interval(py::module_& m) {
  m.def("z_value", &z_value, py::arg("confidence"),
        "Φ⁻¹((1 + confidence)/2): 1.959963984540054 for 0.95; inf for 1.");
  m.def(
      "proportion_interval",
      [](double x, double n, double confidence, const std::string& method, double multiplier) {
        const Interval r =
            proportion_interval(x, n, confidence, parse_proportion_method(method), multiplier);
        return py::make_tuple(r.value, r.lower, r.upper);
      },
      py::arg("x"), py::arg("n"), py::arg("confidence") = 0.95, py::arg("method") = "wilson",
      py::arg("multiplier") = 1.0, "(value, lower, upper) of x of n, times multiplier.");
  m.def(
      "count_interval",
      [](double x, double confidence, const std::string& method) {
        const CountInterval r = count_interval(x, confidence, parse_count_method(method));
        return py::make_tuple(r.lower, r.upper, std::string(to_string(r.method)));
      },
      py::arg("x"), py::arg("confidence") = 0.95, py::arg("method") = "phe",
      "(lower, upper, method used) of a Poisson count.");
  m.def(
      "rate_interval",
      [](double x, double n, double confidence, const std::string& method, double multiplier) {
        const RateInterval r =
            rate_interval(x, n, confidence, parse_count_method(method), multiplier);
        return py::make_tuple(r.value, r.lower, r.upper, std::string(to_string(r.method)));
      },
      py::arg("x"), py::arg("n"), py::arg("confidence") = 0.95, py::arg("method") = "phe",
      py::arg("multiplier") = 100000.0, "(value, lower, upper, method used) of x events in n.");
  m.def("interval_column", &interval_column, py::arg("kind"), py::arg("method"), py::arg("x"),
        py::arg("n"), py::arg("confidence"), py::arg("multiplier"),
        py::arg("on_bad_rows") = "raise", py::arg("x_field") = "x", py::arg("n_field") = "n");

  m.def("_time_proportion_intervals", &time_proportion_intervals, py::arg("x"), py::arg("n"),
        py::arg("confidence") = 0.95, py::arg("method") = "wilson", py::arg("repeats") = 5,
        "Benchmark helper: median seconds of the interval kernels on x, n timed inside C++.");
  m.def("_set_max_threads", &detail::set_max_threads, py::arg("threads"),
        "Cap the threads of the column kernels (0: the hardware's count). For tests.");
  m.def("_max_threads", &detail::max_threads);

  py::list statuses, methods;
  for (int s = 0; s <= 5; ++s) statuses.append(std::string(describe(static_cast<IntervalStatus>(s))));
  for (int k = 0; k <= 3; ++k) methods.append(std::string(to_string(static_cast<CountMethod>(k))));
  m.attr("INTERVAL_STATUS_DESCRIPTIONS") = statuses;
  m.attr("COUNT_METHODS") = methods;
}

} // namespace zhibiao::python
