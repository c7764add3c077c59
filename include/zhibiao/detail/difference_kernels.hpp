#pragma once
/// \file detail/difference_kernels.hpp
/// Column kernels of difference.hpp: raw contiguous arrays in, caller-provided buffers out.
/// Internal: used by the library's column API, the Python binding (which calls them on NumPy
/// buffers with the GIL released: they touch no Python object), benchmarks and tests.

#include "zhibiao/difference.hpp"

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace zhibiao::detail {

// --- whole columns: the one implementation behind the column functions of difference.hpp and
// the binding's difference_column ---------------------------------------------------------------

enum class DifferenceKind : std::uint8_t { proportion_difference, rate_ratio, mean, sex_ratio };

/// "proportion_difference", "rate_ratio", "mean" or "sex_ratio" with that kind's number of
/// inputs (4, 4, 3, 2); else throws zhibiao::invalid_input naming "kind".
DifferenceKind parse_difference_kind(std::string_view text, std::size_t inputs);

/// Where a difference column is written, allocated by the caller: len rows each.
struct DifferenceBuffers {
  std::span<double> value;
  std::span<double> lower;
  std::span<double> upper;
  std::span<std::uint8_t> status; ///< DifferenceStatus codes
};

/// Checks that the inputs (x1, n1, x2, n2 / mean, sd, count / males, females) have equal
/// lengths (zhibiao::invalid_input naming the first that differs) and the confidence, runs the
/// kind's kernel, and returns the row_error of every bad row; throws zhibiao::invalid_rows
/// unless on_bad_rows is mark. Touches no Python object.
std::vector<row_error> difference_column(DifferenceKind kind,
                                         std::span<const std::span<const double>> inputs,
                                         double confidence, OnBadRows on_bad_rows,
                                         const DifferenceBuffers& out);

// --- the kernels ---------------------------------------------------------------------------------

/// The column kernels behind the functions above: they validate every row (status[i] = 1 and a
/// row_error for a bad one, NaN in its outputs) and compute the others. The confidence must
/// already be checked (0 < confidence < 1). Field names in errors: x1, n1, x2, n2 / mean, sd,
/// count / males, females.
std::vector<row_error> proportion_differences(const double* x1, const double* n1, const double* x2,
                                              const double* n2, std::size_t len, double confidence,
                                              std::uint8_t* status, double* value, double* lower,
                                              double* upper);
std::vector<row_error> rate_ratios(const double* x1, const double* n1, const double* x2,
                                   const double* n2, std::size_t len, double confidence,
                                   std::uint8_t* status, double* value, double* lower,
                                   double* upper);
/// Student's t quantiles are computed once per distinct count (grouped data repeat counts).
std::vector<row_error> mean_intervals(const double* mean, const double* sd, const double* count,
                                      std::size_t len, double confidence, std::uint8_t* status,
                                      double* value, double* lower, double* upper);
std::vector<row_error> sex_ratio_intervals(const double* males, const double* females,
                                           std::size_t len, double confidence, std::uint8_t* status,
                                           double* value, double* lower, double* upper);

} // namespace zhibiao::detail
