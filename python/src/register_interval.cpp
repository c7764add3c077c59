// Bindings of interval.hpp: scalar intervals and the column entry point used by
// python/zhibiao/_interval.py.
#include "binding_helpers.hpp"
#include "output_array.hpp"
#include "register.hpp"

#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <zhibiao/detail/interval_kernels.hpp>
#include <zhibiao/detail/options.hpp>
#include <zhibiao/detail/parallel.hpp>
#include <zhibiao/interval.hpp>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <new>
#include <span>

namespace py = pybind11;

namespace zhibiao::python {

namespace {

// (value or None, lower, upper, status, method or None, errors): lower and upper have shape
// (levels, rows), each level a contiguous row written in place by the core's column function
// (detail/interval_kernels.hpp), which decides everything else; value is None when with_value
// is false (limits only).
py::tuple interval_column(const std::string& kind, const std::string& method_text, InputArray x,
                          InputArray n, const std::vector<double>& confidence, double multiplier,
                          const std::string& on_bad_rows, const std::string& x_field,
                          const std::string& n_field, bool with_value) {
  const bool counts = kind == "rate";
  if (!counts && kind != "proportion")
    throw invalid_input("kind",
                        "unknown interval kind '" + kind + "'; expected proportion or rate");
  const ProportionMethod pmethod =
      counts ? ProportionMethod::wilson : parse_proportion_method(method_text);
  const CountMethod cmethod = counts ? parse_count_method(method_text) : CountMethod::phe;
  const IntervalOptions options{confidence, multiplier, parse_on_bad_rows(on_bad_rows)};
  require_one_dimensional(x, x_field);
  require_one_dimensional(n, n_field);
  // Fresh outputs on huge pages (output_array.hpp). The statuses come zero-filled from
  // numpy.zeros (calloc: pages the fused pass, which writes only the statuses of bad rows, never
  // touches for clean input).
  const py::ssize_t rows = x.size();
  const auto levels = static_cast<py::ssize_t>(confidence.size());
  py::array_t<double> value = output_array<double>(with_value ? rows : 0);
  py::array_t<double> lower = output_array<double>({levels, rows});
  py::array_t<double> upper = output_array<double>({levels, rows});
  py::array_t<std::uint8_t> status = py::module_::import("numpy").attr("zeros")(rows, "uint8");
  py::array_t<std::uint8_t> method_used(counts ? rows : 0);
  const detail::IntervalBuffers out{mutable_span_of(value), mutable_span_of(lower),
                                    mutable_span_of(upper), mutable_span_of(status),
                                    mutable_span_of(method_used)};
  const detail::IntervalFields fields{x_field, n_field};
  std::vector<row_error> errors;
  {
    // The core reads and writes only the buffers above, which this frame keeps alive, and
    // touches no Python object: other Python threads may run meanwhile. Its exceptions
    // (invalid_rows under "raise") pass through the release, which takes the GIL back.
    py::gil_scoped_release release;
    errors =
        counts ? detail::rate_interval_column(cmethod, span_of(x), span_of(n), options, out, fields)
               : detail::proportion_interval_column(pmethod, span_of(x), span_of(n), options, out,
                                                    fields);
  }
  return py::make_tuple(with_value ? py::object(value) : py::object(py::none()), lower, upper,
                        status, counts ? py::object(method_used) : py::object(py::none()),
                        row_errors_to_list(errors));
}

// Output buffers allocated as interval_column allocates them: huge pages for large doubles, kept
// for reuse when freed (output_array.hpp), the statuses from calloc, as numpy.zeros.
struct OutputBuffer {
  void* data = nullptr;
  std::size_t huge = 0; // the block's bytes when it is on huge pages
  OutputBuffer(std::size_t bytes, bool zeroed) {
    if (!zeroed && wants_huge_pages(bytes)) {
      data = allocate_on_huge_pages(bytes);
      huge = huge_page_bytes(bytes);
      return;
    }
    data = zeroed ? std::calloc(bytes, 1) : std::malloc(bytes);
    if (!data) throw std::bad_alloc();
  }
  OutputBuffer(const OutputBuffer&) = delete;
  OutputBuffer& operator=(const OutputBuffer&) = delete;
  ~OutputBuffer() {
    if (huge) release_huge_pages(data, huge);
    else std::free(data);
  }
  template <class T>
  T* as() const {
    return static_cast<T*>(data);
  }
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
        if (detail::closed_form_proportion_intervals(
                method, xd, nd, len, levels, 1.0, value.as<double>(), lower.as<double>(),
                upper.as<double>(), status.as<std::uint8_t>()) > 0)
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
  // Numeric options arrive as Python objects and go through number_option, so that "abc", None
  // and True are InvalidInput naming the option (issue 14, class 7).
  m.def(
      "z_value",
      [](const py::object& confidence) { return z_value(number_option(confidence, "confidence")); },
      py::arg("confidence"),
      R"doc(The two-sided normal quantile of one confidence level.

Takes one level (a fraction 0.95 or per cent 95) and returns one float, z: the number of
standard errors either side of the estimate that every normal-approximation interval of
zhibiao (Wilson, Byar's, Dobson, the funnel limits) uses; inf for a level of 1 (100 %).

Formula
-------
z = Φ⁻¹((1 + confidence) / 2), Φ the standard normal distribution function
(z = 1.959964 at 95 %, 3.090232 at 99.8 %, the two funnel levels).

References
----------
Eayres D. Commonly used public health statistics and their confidence intervals. APHO
Technical Briefing 3, 2008 (z at 95 % and 99.8 %, the levels of PHE's funnel plots).

Examples
--------
>>> round(zb.z_value(0.95), 6)
1.959964
>>> round(zb.z_value(99.8), 6)   # per cent, read as 0.998
3.090232
)doc");
  m.def(
      "_confidence_levels",
      [](const py::object& confidence, const std::string& field) {
        // The one reader (detail/options.hpp), for the Python layer's column names: fractions,
        // 1 and 100 read as 1 (each function then says whether it takes a 100 % interval).
        return detail::confidence_options(number_list_option(confidence, field), field, 0, true);
      },
      py::arg("confidence"), py::arg("field") = "confidence",
      "Confidence levels as fractions: 0.95 stays, 95 becomes 0.95; InvalidInput otherwise.");
  m.def(
      "_number_option",
      [](const py::object& value, const std::string& field) { return number_option(value, field); },
      py::arg("value"), py::arg("field"), "A Python number as a float, or InvalidInput.");
  m.def(
      "_decimals_option",
      [](const py::object& value, const std::string& field) {
        return decimals_option(value, field);
      },
      py::arg("value"), py::arg("field"),
      "A number of decimals (a whole number 0 .. 15; not True, not -1), or InvalidInput.");
  m.def(
      "proportion_interval",
      [](double x, double n, const py::object& confidence, const std::string& method,
         const py::object& multiplier) {
        const Interval r = proportion_interval(x, n, number_option(confidence, "confidence"),
                                               parse_proportion_method(method),
                                               number_option(multiplier, "multiplier"));
        return py::make_tuple(r.value, r.lower, r.upper);
      },
      py::arg("x"), py::arg("n"), py::arg("confidence") = 0.95, py::arg("method") = "wilson",
      py::arg("multiplier") = 1.0, R"doc(One proportion x of n with its confidence interval.

Takes one count x and one denominator n (numbers) and returns the tuple (value, lower,
upper) as a fraction 0–1 times `multiplier` (1 by default: a fraction; 100: per cent).
method: "wilson" (PHE's method, the default), "clopper_pearson" (or "exact"), "jeffreys",
"agresti_coull", "wald". confidence: 0.95 or 95 (per cent); 1 gives (0, multiplier).
For whole columns use proportion_intervals or proportion_frame.

Formula
-------
value = x / n × multiplier. Wilson score interval, z = z_value(confidence):
lower, upper = (2x + z² ∓ z √(z² + 4x(1 − x/n))) / (2(n + z²)) × multiplier.

References
----------
Wilson EB. Probable inference, the law of succession, and statistical inference. J Am Stat
Assoc 1927;22:209–212. Newcombe RG. Two-sided confidence intervals for the single proportion:
comparison of seven methods. Stat Med 1998;17:857–872 (Table II). PHEindicatormethods
phe_proportion / calculate_proportion; Eayres D, APHO Technical Briefing 3, 2008.

Examples
--------
Newcombe (1998) Table II, 81 of 263: Wilson 95 % interval 0.2553 to 0.3662.

>>> value, lower, upper = zb.proportion_interval(81, 263)
>>> round(value, 4), round(lower, 4), round(upper, 4)
(0.308, 0.2553, 0.3662)
>>> value, lower, upper = zb.proportion_interval(1506, 1600, multiplier=100)  # per cent
>>> value, round(lower, 2), round(upper, 2)  # the seed reports' 94.13 % (printed half up)
(94.125, 92.86, 95.18)
)doc");
  m.def(
      "count_interval",
      [](double x, const py::object& confidence, const std::string& method) {
        const CountInterval r =
            count_interval(x, number_option(confidence, "confidence"), parse_count_method(method));
        return py::make_tuple(r.lower, r.upper, std::string(to_string(r.method)));
      },
      py::arg("x"), py::arg("confidence") = 0.95, py::arg("method") = "phe",
      R"doc(Confidence limits of one Poisson count.

Takes one count x (events) and returns the tuple (lower, upper, method used), the limits in
events (same unit as x). method: "phe" (the default: exact below 10 events, Byar's from 10,
PHE's rule), "exact", "byar" (or "byars"), "mid_p". confidence: 0.95 or 95, below 100 %.

Formula
-------
Exact (Garwood): lower = χ²(α/2; 2x) / 2, upper = χ²(1 − α/2; 2x + 2) / 2, α = 1 − confidence.
Byar's: lower = x (1 − 1/(9x) − z/(3√x))³, upper = (x + 1)(1 − 1/(9(x + 1)) + z/(3√(x + 1)))³,
z = z_value(confidence).

References
----------
Garwood F. Fiducial limits for the Poisson distribution. Biometrika 1936;28:437–442.
Breslow NE, Day NE. Statistical Methods in Cancer Research, vol. II. IARC 1987 (Byar's
approximation). Eayres D. Commonly used public health statistics and their confidence
intervals. APHO Technical Briefing 3, 2008 (PHE's rule and the worked example below).

Examples
--------
APHO's tool, sheet Rates: 65 events, Byar's 95 % limits 50.163 and 82.849.

>>> lower, upper, method = zb.count_interval(65)
>>> round(lower, 3), round(upper, 3), method
(50.163, 82.849, 'byar')
>>> [round(v, 4) if isinstance(v, float) else v for v in zb.count_interval(9)]  # below 10: exact
[4.1154, 17.0848, 'exact']
)doc");
  m.def(
      "rate_interval",
      [](double x, double n, const py::object& confidence, const std::string& method,
         const py::object& multiplier) {
        const RateInterval r =
            rate_interval(x, n, number_option(confidence, "confidence"), parse_count_method(method),
                          number_option(multiplier, "multiplier"));
        return py::make_tuple(r.value, r.lower, r.upper, std::string(to_string(r.method)));
      },
      py::arg("x"), py::arg("n"), py::arg("confidence") = 0.95, py::arg("method") = "phe",
      py::arg("multiplier") = 100000.0,
      R"doc(One crude rate: x events in population n, with its confidence interval.

Takes one count x and one population (or person-years) n and returns the tuple (value,
lower, upper, method used), per `multiplier` (per 100,000 by default). method: "phe" (the
default: exact below 10 events, Byar's from 10), "exact", "byar" (or "byars"), "mid_p".
confidence: 0.95 or 95, below 100 %. For whole columns use rate_intervals or rate_frame.

Formula
-------
value = x / n × multiplier; lower, upper = the Poisson limits of the count x
(count_interval) / n × multiplier.

References
----------
Eayres D. Commonly used public health statistics and their confidence intervals. APHO
Technical Briefing 3, 2008. PHEindicatormethods phe_rate / calculate_rate. Garwood F.
Biometrika 1936;28:437–442 (exact limits).

Examples
--------
APHO's tool, sheet Rates: 65 events in 100,000, 95 % limits 50.16 and 82.85 per 100,000.

>>> value, lower, upper, method = zb.rate_interval(65, 100000)
>>> value, round(lower, 2), round(upper, 2), method
(65.0, 50.16, 82.85, 'byar')
)doc");
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
  m.def(
      "_output_cache_bytes", [] { return OutputCache::instance().bytes(); },
      "Bytes of freed outputs kept for reuse (output_array.hpp). For tests.");
  m.def(
      "_release_output_cache", [] { OutputCache::instance().release(); },
      "Free the outputs kept for reuse (output_array.hpp): their memory goes back to the system.");

  py::list statuses, methods;
  for (int s = 0; s < interval_status_count; ++s)
    statuses.append(std::string(describe(static_cast<IntervalStatus>(s))));
  for (int k = 0; k <= 3; ++k) methods.append(std::string(to_string(static_cast<CountMethod>(k))));
  m.attr("INTERVAL_STATUS_DESCRIPTIONS") = statuses;
  m.attr("COUNT_METHODS") = methods;
}

} // namespace zhibiao::python
