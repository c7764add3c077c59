#pragma once
/// \file detail/rate_kernels.hpp
/// Column kernels of rate.hpp: raw contiguous arrays in, caller-provided buffers out.
/// Internal: used by the library's column API, the Python binding (which calls them on NumPy
/// buffers with the GIL released: they touch no Python object), benchmarks and tests.

#include "zhibiao/rate.hpp"

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace zhibiao::detail {

/// Counts returned by the raw kernels.
struct BatchCounts {
  std::size_t undefined = 0;
  std::size_t invalid = 0;
};

/// Where a measure column is written, allocated by the caller (Eigen storage for compute(),
/// NumPy arrays for the binding): `values` and `status` of len rows; `rounded` of len rows when
/// options.decimals is set, else empty.
struct MeasureBuffers {
  std::span<double> values;
  std::span<std::uint8_t> status;
  std::span<double> rounded;
};

struct MeasureColumn {
  std::size_t undefined = 0;     ///< rows with a zero denominator (not errors)
  std::vector<row_error> errors; ///< every bad row, in row order
};

/// The one implementation behind compute() and the binding's compute_column: checks lengths and
/// decimals (before any work), computes values and statuses (compute_measures), raises
/// zhibiao::invalid_rows listing every bad row unless options.on_bad_rows is mark, then rounds
/// when options.decimals is set. Throws zhibiao::invalid_input naming the kind's denominator
/// field for mismatched lengths. Touches no Python object.
MeasureColumn measure_column(MeasureKind kind, std::span<const double> numerator,
                             std::span<const double> denominator, const BatchOptions& options,
                             const MeasureBuffers& out);

/// The column kernel on raw contiguous arrays, shared by the Eigen API and the Python binding
/// (which calls it on NumPy buffers with the GIL released: it touches no Python object).
/// values[i] = numerator[i] × multiplier / denominator[i] where the row is ok, NaN elsewhere;
/// status[i] = RowStatus code. Single pass over the data when every row is valid.
BatchCounts compute_measures(MeasureKind kind, const double* numerator, const double* denominator,
                             std::size_t n, double multiplier, double* values,
                             std::uint8_t* status) noexcept;

/// Exact half-up rounding of every ok row (see round_ratio_half_up); NaN for other rows.
void round_measures_half_up(const double* numerator, const double* denominator,
                            const std::uint8_t* status, std::size_t n, std::int64_t multiplier,
                            int decimals, double* rounded);

/// The row_error of every bad row, in row order.
std::vector<row_error> describe_bad_rows(MeasureKind kind, const double* numerator,
                                         const double* denominator, const std::uint8_t* status,
                                         std::size_t n);

} // namespace zhibiao::detail
