// Bindings of interval.hpp: scalar intervals and the column entry point used by
// python/zhibiao/_interval.py.
#include "output_array.hpp"
#include "register.hpp"

#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <zhibiao/detail/parallel.hpp>
#include <zhibiao/interval.hpp>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <new>


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

// (value or None, lower, upper, status, method or None, errors): lower and upper have shape
// (levels, rows), each level a contiguous row written in place by the kernel; value is None
// when with_value is false (limits only).
py::tuple interval_column(const std::string& kind, const std::string& method_text, InputArray x,
                          InputArray n, const std::vector<double>& confidence, double multiplier,
                          const std::string& on_bad_rows, const std::string& x_field,
                          const std::string& n_field, bool with_value) {
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
  // Fresh outputs on huge pages (output_array.hpp). The statuses come zero-filled from numpy.zeros (calloc: pages the fused pass, which writes
  // only the statuses of bad rows, never touches for clean input).
  const auto rows = static_cast<py::ssize_t>(len);
  py::array_t<double> value = output_array<double>(with_value ? rows : 0);
  py::array_t<double> lower = output_array<double>({levels, rows});
  py::array_t<double> upper = output_array<double>({levels, rows});
  py::array_t<std::uint8_t> status =
      py::module_::import("numpy").attr("zeros")(static_cast<py::ssize_t>(len), "uint8");
  py::array_t<std::uint8_t> method_used(static_cast<py::ssize_t>(counts ? len : 0));
  const double* xd = x.data();
  const double* nd = n.data();
  double* vd = with_value ? value.mutable_data() : nullptr;
  double* lo = lower.mutable_data();
  double* hi = upper.mutable_data();
  std::uint8_t* st = status.mutable_data();
  std::uint8_t* md = method_used.mutable_data();
  std::vector<row_error> errors;
  std::size_t bad = 0;
  const bool closed_form = counts ? kernel::is_closed_form(cmethod) : kernel::is_closed_form(pmethod);
  if (closed_form) {
    {
      // The kernels read and write only the buffers above, which this frame keeps alive, and
      // touch no Python object: other Python threads may run meanwhile.
      py::gil_scoped_release release;
      bad = counts ? kernel::closed_form_rate_intervals(cmethod, xd, nd, len, confidence,
                                                         multiplier, vd, lo, hi, st, md)
                   : kernel::closed_form_proportion_intervals(pmethod, xd, nd, len, confidence,
                                                              multiplier, vd, lo, hi, st);
      if (bad > 0) errors = kernel::describe_interval_rows(xd, nd, st, len, x_field, n_field);
    }
    // Raised only after the work: clean input, the common case, pays for no separate pass.
    if (bad > 0 && policy == OnBadRows::raise) throw invalid_rows(std::move(errors));
  } else {
    {
      py::gil_scoped_release release; // as above
      bad = kernel::classify_interval_rows(xd, nd, len, !counts, st);
      if (bad > 0) errors = kernel::describe_interval_rows(xd, nd, st, len, x_field, n_field);
    }
    // Raised before the beta / gamma inverses, the expensive part.
    if (bad > 0 && policy == OnBadRows::raise) throw invalid_rows(std::move(errors));
    {
      py::gil_scoped_release release; // as above
      if (vd) kernel::interval_values(xd, nd, st, len, multiplier, vd);
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
  return py::make_tuple(with_value ? py::object(value) : py::object(py::none()), lower, upper, status,
                        counts ? py::object(method_used) : py::object(py::none()), error_list);
}

// Output buffers allocated as interval_column allocates them: huge pages for large doubles
// (output_array.hpp), the statuses from calloc, as numpy.zeros.
struct OutputBuffer {
  void* data = nullptr;
  OutputBuffer(std::size_t bytes, bool zeroed) {
    data = zeroed                    ? std::calloc(bytes, 1)
           : wants_huge_pages(bytes) ? allocate_on_huge_pages(bytes)
                                     : std::malloc(bytes);
    if (!data) throw std::bad_alloc();
  }
  OutputBuffer(const OutputBuffer&) = delete;
  OutputBuffer& operator=(const OutputBuffer&) = delete;
  ~OutputBuffer() { std::free(data); }
  template <class T> T* as() const { return static_cast<T*>(data); }
};

// For benchmarks/compare.py only: the median wall time of `repeats` runs of what interval_column
// does for one level of a closed-form method (outputs allocated as it allocates them, the
// fused kernel), entirely in C++, so that the Python call's overhead can be measured against it.
double time_proportion_intervals(InputArray x, InputArray n, double confidence,
                                 const std::string& method_text, int repeats) {
  const ProportionMethod method = parse_proportion_method(method_text);
  if (x.ndim() != 1 || n.ndim() != 1 || x.size() != n.size())
    throw invalid_input("n", "x and n must be one-dimensional columns of the same length");
  if (repeats < 1) throw invalid_input("repeats", "must be at least 1");
  const auto len = static_cast<std::size_t>(x.size());
  const double* xd = x.data();
  const double* nd = n.data();
  const std::vector<double> levels{confidence};
  std::vector<double> times;
  {
    py::gil_scoped_release release; // reads x and n only, kept alive by this frame
    for (int r = 0; r < repeats; ++r) {
      const auto t0 = std::chrono::steady_clock::now();
      {
        OutputBuffer value(len * sizeof(double), false), lower(len * sizeof(double), false),
            upper(len * sizeof(double), false), status(len, true);
        if (kernel::closed_form_proportion_intervals(method, xd, nd, len, levels, 1.0,
                                                     value.as<double>(), lower.as<double>(),
                                                     upper.as<double>(),
                                                     status.as<std::uint8_t>()) > 0)
          throw invalid_input("x", "the timing helper takes clean rows only");
      } // freed inside the timing, as the Python timing frees the discarded result
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
        py::arg("on_bad_rows") = "raise", py::arg("x_field") = "x", py::arg("n_field") = "n",
        py::arg("with_value") = true);

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
