// Bindings of standardise.hpp: the per-group entry points used by python/zhibiao/_standardise.py
// and the built-in standard populations.
#include "binding_helpers.hpp"
#include "numpy_vector.hpp"
#include "register.hpp"

#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <zhibiao/standardise.hpp>

#include <zhibiao/detail/parallel.hpp>
#include <zhibiao/detail/streaming_stores.hpp>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <vector>

namespace py = pybind11;

namespace zhibiao::python {

namespace {

using OffsetArray = py::array_t<std::size_t, py::array::c_style | py::array::forcecast>;

// (total_count, total_pop, value, lower (levels × groups), upper, status, method or None, errors)
py::tuple to_python(StandardisedArray&& r, bool with_method) {
  auto levels_by_groups = [](Matrix<double>&& m) {
    // Column-major groups × levels keeps each level contiguous: the same buffer is NumPy's
    // C-order (levels, groups), handed over without a copy.
    const auto rows = static_cast<py::ssize_t>(m.rows()), cols = static_cast<py::ssize_t>(m.cols());
    return to_numpy(std::move(m).release()).reshape({cols, rows});
  };
  return py::make_tuple(to_numpy(std::move(r.total_count)), to_numpy(std::move(r.total_pop)),
                        to_numpy(std::move(r.value)), levels_by_groups(std::move(r.lower)),
                        levels_by_groups(std::move(r.upper)), to_numpy(std::move(r.status)),
                        with_method ? py::object(to_numpy(std::move(r.method)))
                                    : py::object(py::none()),
                        row_errors_to_list(r.errors));
}

MissingCounts parse_missing_counts(const std::string& text) {
  if (text == "error") return MissingCounts::error;
  if (text == "zero") return MissingCounts::zero;
  throw invalid_input("missing_counts",
                      "unknown option '" + text + "'; expected 'error' (the default) or 'zero'");
}

py::tuple dsr_column(InputArray x, InputArray n, InputArray stdpop, OffsetArray offsets,
                     const std::vector<double>& confidence, double multiplier,
                     const std::string& on_bad_rows, std::optional<InputArray> eventfreq,
                     std::optional<InputArray> ageband, const std::string& missing_counts) {
  StandardiseOptions options{confidence, multiplier, parse_on_bad_rows(on_bad_rows),
                             parse_missing_counts(missing_counts)};
  std::span<const double> freq, band;
  if (eventfreq) freq = span_of(*eventfreq);
  if (ageband) band = span_of(*ageband);
  StandardisedArray r;
  {
    // Reads only the NumPy buffers held by this frame and builds C++ objects: no Python object
    // is touched, so the GIL is released while the groups are computed.
    py::gil_scoped_release release;
    r = directly_standardised(span_of(x), span_of(n), span_of(stdpop),
                              {offsets.data(), static_cast<std::size_t>(offsets.size())}, options,
                              freq, band);
  }
  return to_python(std::move(r), false);
}

// The band codes at the width they are stored in: int8 to int64, as pandas' categorical codes
// come (int8 up to 127 labels); any other integer type is converted to int64. The second member
// holds the array the span reads.
template <class T>
using CodeArray = py::array_t<T, py::array::c_style | py::array::forcecast>;

template <class T>
std::pair<BandCodes, py::array> codes_as(const py::array& codes) {
  CodeArray<T> held(codes);
  return {std::span<const T>(held.data(), static_cast<std::size_t>(held.size())), held};
}

std::pair<BandCodes, py::array> band_codes(const py::array& codes) {
  if (codes.dtype().kind() == 'i') switch (codes.dtype().itemsize()) {
    case 1: return codes_as<std::int8_t>(codes);
    case 2: return codes_as<std::int16_t>(codes);
    case 4: return codes_as<std::int32_t>(codes);
    default: break;
    }
  return codes_as<std::int64_t>(codes);
}

// DSR against a standard matched by band label: a built-in one by name, or the caller's own
// (bands, weights). The rows' labels come dictionary-encoded (pandas' factorize / categorical
// codes), so that each distinct label is read once.
py::tuple dsr_labelled_column(InputArray x, InputArray n, const std::string& standard,
                              std::optional<std::vector<std::string>> standard_bands,
                              std::optional<InputArray> standard_weights,
                              const std::vector<std::string>& labels, const py::array& codes,
                              OffsetArray offsets, const std::vector<double>& confidence,
                              double multiplier, const std::string& on_bad_rows,
                              std::optional<InputArray> eventfreq, const std::string& field,
                              const std::string& missing_counts) {
  StandardiseOptions options{confidence, multiplier, parse_on_bad_rows(on_bad_rows),
                             parse_missing_counts(missing_counts)};
  require_one_dimensional(codes, field.c_str());
  const auto [band_code_span, band_code_array] = band_codes(codes);
  StandardPopulation own;
  const StandardPopulation* stdpop = nullptr;
  if (standard_bands) {
    if (!standard_weights) throw invalid_input("stdpop", "bands given without weights");
    own = make_standard_population(standard, *standard_bands, span_of(*standard_weights),
                                   "given by the caller");
    stdpop = &own;
  } else {
    stdpop = &standard_population(standard);
  }
  std::span<const double> freq;
  if (eventfreq) freq = span_of(*eventfreq);
  StandardisedArray r;
  {
    py::gil_scoped_release release; // as in dsr_column: NumPy buffers and C++ objects only
    r = directly_standardised(span_of(x), span_of(n), *stdpop, {labels, band_code_span, field},
                              {offsets.data(), static_cast<std::size_t>(offsets.size())}, options,
                              freq);
  }
  return to_python(std::move(r), false);
}

py::tuple indirect_column(const std::string& kind, std::optional<InputArray> x, InputArray n,
                          InputArray x_ref, InputArray n_ref, OffsetArray offsets,
                          const std::vector<double>& confidence, double scale,
                          const std::string& on_bad_rows, const std::string& method,
                          const std::string& missing_counts,
                          std::optional<InputArray> observed_totals) {
  if (kind != "ratio" && kind != "rate")
    throw invalid_input("kind", "unknown kind '" + kind + "'; expected ratio or rate");
  const CountMethod m = parse_count_method(method);
  const MissingCounts missing = parse_missing_counts(missing_counts);
  std::span<const double> xs, totals;
  if (x) xs = span_of(*x);
  if (observed_totals) totals = span_of(*observed_totals);
  StandardisedArray r;
  {
    py::gil_scoped_release release; // as in dsr_column
    r = indirectly_standardised(
        kind == "ratio" ? IndirectKind::ratio : IndirectKind::rate, xs, span_of(n), span_of(x_ref),
        span_of(n_ref), {offsets.data(), static_cast<std::size_t>(offsets.size())}, confidence,
        scale, parse_on_bad_rows(on_bad_rows), m, missing, totals);
  }
  return to_python(std::move(r), true);
}

// Rows [i, end) of sorted_run_offsets' loop (i ≥ 1), 8 rows a step: the rows whose key differs
// from the one before, and their keys, packed with AVX-512's compress and stored as whole
// vectors at `at` (up to 7 slots past the last start are overwritten: the buffers have room).
// Returns the new `at`; `descending` is set when a key is smaller than the one before it.
// 1.9 × 10^6 keys took 0.97 ms with the scalar branch-free loop (two stores a row), 0.61 ms
// this way on both cores (docs/benchmarks.md §20, issue 16).
#if ZHIBIAO_STREAMING_STORES
__attribute__((target("avx512f"))) std::size_t
run_starts_avx512(const std::int64_t* k, std::size_t i, std::size_t end, std::uint64_t* starts,
                  std::int64_t* run_keys, std::size_t at, unsigned& descending) {
  __m512i index = _mm512_add_epi64(_mm512_set1_epi64(static_cast<long long>(i)),
                                   _mm512_setr_epi64(0, 1, 2, 3, 4, 5, 6, 7));
  const __m512i step = _mm512_set1_epi64(8);
  __mmask8 down = 0;
  for (; i + 8 <= end; i += 8) {
    const __m512i key = _mm512_loadu_si512(k + i);
    const __m512i before = _mm512_loadu_si512(k + i - 1);
    const __mmask8 change = _mm512_cmpneq_epi64_mask(key, before);
    down |= _mm512_cmplt_epi64_mask(key, before);
    if (change) { // most blocks of long runs hold no start
      _mm512_storeu_si512(starts + at, _mm512_maskz_compress_epi64(change, index));
      _mm512_storeu_si512(run_keys + at, _mm512_maskz_compress_epi64(change, key));
      at += static_cast<std::size_t>(std::popcount(static_cast<unsigned>(change)));
    }
    index = _mm512_add_epi64(index, step);
  }
  for (; i < end; ++i) {
    starts[at] = i;
    run_keys[at] = k[i];
    at += k[i] != k[i - 1];
    down |= k[i] < k[i - 1];
  }
  descending |= down != 0;
  return at;
}
#endif

// The group offsets of sorted keys and the key of each group: (the first row of every run of
// equal keys in `keys`, then len(keys); the run's key), the bounds the per-group kernels read
// and the groupby's keys, or None when some key is smaller than the one before it (then the
// caller groups the general way). One read of the keys: the column is cut into one part per
// thread, and each part writes its starts and their keys branch-free into a buffer of its own
// (a start is stored at every row and kept by advancing the position only at a change of key;
// the buffers are allocated uninitialised, so only the pages written are touched), then the
// parts' runs are copied end to end. Two reads (count, then write at the final place) and a
// NumPy gather of the keys cost 1.8 ms of a 7 ms DSR of 10^5 areas (issue 16).
py::object sorted_run_offsets(const py::array_t<std::int64_t, py::array::c_style>& keys) {
  require_one_dimensional(keys, "keys");
  const std::int64_t* k = keys.data();
  const auto len = static_cast<std::size_t>(keys.size());
  const std::size_t parts =
      std::clamp<std::size_t>(len >> 18, 1, std::max<unsigned>(detail::max_threads(), 1));
  const auto part_begin = [&](std::size_t p) { return len * p / parts; };
  struct PartRuns {
    std::unique_ptr<std::uint64_t[]> starts; // part length + 9 slots, uninitialised
    std::unique_ptr<std::int64_t[]> keys;
    std::size_t count = 0;
    bool descending = false;
  };
  std::vector<PartRuns> part(parts);
  {
    py::gil_scoped_release release; // reads the array this frame holds, nothing else
    detail::parallel_for(parts, 1, [&](std::size_t first, std::size_t last) {
      for (std::size_t p = first; p < last; ++p) {
        const std::size_t begin = part_begin(p), end = part_begin(p + 1);
        PartRuns& out = part[p];
        // A slot a row, one for the scalar loop's store after the last start, 8 for the vector
        // loop's whole-vector stores.
        out.starts.reset(new std::uint64_t[end - begin + 9]);
        out.keys.reset(new std::int64_t[end - begin + 9]);
        std::uint64_t* const starts = out.starts.get();
        std::int64_t* const run_keys = out.keys.get();
        std::size_t at = 0, i = begin;
        unsigned descending = 0;
        if (i == 0 && end > 0) { // row 0 starts the first run
          starts[0] = 0;
          run_keys[0] = k[0];
          at = 1;
          i = 1;
        }
#if ZHIBIAO_STREAMING_STORES
        if (detail::streaming_stores_available() && i < end) {
          out.count = run_starts_avx512(k, i, end, starts, run_keys, at, descending);
          out.descending = descending != 0;
          continue;
        }
#endif
        for (; i < end; ++i) {
          const std::int64_t key = k[i], before = k[i - 1];
          starts[at] = i; // kept only when the key changes here
          run_keys[at] = key;
          at += key != before;
          descending |= key < before;
        }
        out.count = at;
        out.descending = descending != 0;
      }
    });
  }
  std::size_t runs = 0;
  for (const PartRuns& p : part) {
    if (p.descending) return py::none();
    runs += p.count;
  }
  py::array_t<std::uint64_t> offsets(static_cast<py::ssize_t>(runs + 1));
  py::array_t<std::int64_t> run_keys(static_cast<py::ssize_t>(runs));
  std::uint64_t* o = offsets.mutable_data();
  std::int64_t* rk = run_keys.mutable_data();
  for (const PartRuns& p : part) {
    std::copy_n(p.starts.get(), p.count, o);
    std::copy_n(p.keys.get(), p.count, rk);
    o += p.count;
    rk += p.count;
  }
  *o = len;
  return py::make_tuple(offsets, run_keys);
}

} // namespace

void register_standardise(py::module_& m) {
  m.def("dsr_column", &dsr_column, py::arg("x"), py::arg("n"), py::arg("stdpop"),
        py::arg("offsets"), py::arg("confidence"), py::arg("multiplier"),
        py::arg("on_bad_rows") = "raise", py::arg("eventfreq") = py::none(),
        py::arg("ageband") = py::none(), py::arg("missing_counts") = "error");
  m.def("dsr_labelled_column", &dsr_labelled_column, py::arg("x"), py::arg("n"),
        py::arg("standard"), py::arg("standard_bands"), py::arg("standard_weights"),
        py::arg("labels"), py::arg("codes"), py::arg("offsets"), py::arg("confidence"),
        py::arg("multiplier"), py::arg("on_bad_rows") = "raise", py::arg("eventfreq") = py::none(),
        py::arg("field") = "ageband", py::arg("missing_counts") = "error",
        "DSR with the standard's weights matched to the rows by age-band label.");
  m.def(
      "parse_age_bands",
      [](const std::vector<std::string>& labels, const std::string& field) {
        // (lower, upper, problems): NaN bounds and (index, message) for a label that is no band.
        py::array_t<double> lower(static_cast<py::ssize_t>(labels.size()));
        py::array_t<double> upper(static_cast<py::ssize_t>(labels.size()));
        py::list problems;
        for (std::size_t i = 0; i < labels.size(); ++i) {
          try {
            const AgeBand b = parse_age_band(labels[i], field.c_str());
            lower.mutable_data()[i] = b.lower;
            upper.mutable_data()[i] = b.upper;
          } catch (const parse_error& e) {
            lower.mutable_data()[i] = upper.mutable_data()[i] = std::nan("");
            problems.append(
                py::make_tuple(i, "cannot read '" + e.text() + "' as an age band at character " +
                                      std::to_string(e.position()) + ": expected " + e.expected()));
          }
        }
        return py::make_tuple(lower, upper, problems);
      },
      py::arg("labels"), py::arg("field") = "age band",
      "Each label's age band [lower, upper) in years (zhibiao/age_band.hpp).");
  m.def("sorted_run_offsets", &sorted_run_offsets, py::arg("keys"),
        "(first row of every run of equal int64 keys then len(keys), each run's key), or None when "
        "the keys are not ascending.");
  m.def("indirect_column", &indirect_column, py::arg("kind"), py::arg("x"), py::arg("n"),
        py::arg("x_ref"), py::arg("n_ref"), py::arg("offsets"), py::arg("confidence"),
        py::arg("scale"), py::arg("on_bad_rows") = "raise", py::arg("method") = "phe",
        py::arg("missing_counts") = "error", py::arg("observed_totals") = py::none());
  m.def(
      "standard_population",
      [](const std::string& name) {
        const StandardPopulation& p = standard_population(name);
        std::vector<std::string> bands(p.bands.begin(), p.bands.end());
        return py::make_tuple(bands, p.lower_ages, p.weights, std::string(p.source));
      },
      py::arg("name"), "(bands, lower_ages, weights, source) of a built-in standard.");
  py::list names;
  for (auto n : standard_population_names()) names.append(std::string(n));
  m.attr("STANDARD_POPULATIONS") = names;
  py::list statuses;
  for (int s = 0; s <= static_cast<int>(GroupStatus::overflow); ++s)
    statuses.append(std::string(describe(static_cast<GroupStatus>(s))));
  m.attr("GROUP_STATUS_DESCRIPTIONS") = statuses;
}

} // namespace zhibiao::python
