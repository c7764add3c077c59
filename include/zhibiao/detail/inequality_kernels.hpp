#pragma once
/// \file detail/inequality_kernels.hpp
/// Column kernels of inequality.hpp: raw contiguous arrays in, caller-provided buffers out.
/// Internal: used by the library's column API, the Python binding (which calls them on NumPy
/// buffers with the GIL released: they touch no Python object), benchmarks and tests.

#include "zhibiao/inequality.hpp"

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace zhibiao::detail {

/// The quantile kernel on raw arrays (GIL-free in the binding). `invert` holds one flag per
/// group. Returns the number of rows with an input error.
std::size_t assign_quantiles(const double* values, const std::int64_t* group, std::size_t n,
                             std::size_t groups, int quantiles, const std::uint8_t* invert,
                             double* quantile, std::uint8_t* status);

/// The input columns of an SII: one row per area and quantile. `group` holds codes 0 … G − 1,
/// or is empty for one group.
struct SiiColumns {
  std::span<const double> quantile;
  std::span<const double> population;
  std::span<const double> value;
  std::span<const double> standard_error;
  std::span<const std::int64_t> group;
};

/// Where an SII is written, allocated by the caller: one value per group; limits level-major
/// (sii_lower[j·groups + g]: Eigen's column-major groups × levels and NumPy's C-order
/// levels × groups alike); status per group, row_status per row.
struct SiiBuffers {
  std::span<double> sii;
  std::span<double> rii;
  std::span<double> intercept;
  std::span<double> sii_lower;
  std::span<double> sii_upper;
  std::span<double> rii_lower;
  std::span<double> rii_upper;
  std::span<std::uint8_t> status;
  std::span<std::uint8_t> row_status;
};

/// The SII kernel for checked inputs (see sii_groups). Returns the number of rows with an input
/// error.
std::size_t slope_index(const SiiColumns& in, std::size_t groups, const SiiOptions& options,
                        const SiiBuffers& out);

// --- whole columns: the one implementation behind assign_quantiles / slope_index and the
// binding's quantile_columns / sii_columns ------------------------------------------------------

/// What a quantile column needs allocated and decided before the kernel runs.
struct QuantileShape {
  std::size_t rows = 0;
  std::size_t groups = 0;           ///< 1 + the largest code; 1 without codes, 0 without rows
  std::vector<std::uint8_t> invert; ///< per group
};

/// Checks the options, the codes (`group` empty: one group) and invert_by_group (empty: every
/// group takes options.invert); throws zhibiao::invalid_input naming the field.
QuantileShape quantile_shape(std::span<const double> values, std::span<const std::int64_t> group,
                             const QuantileOptions& options,
                             const std::vector<bool>& invert_by_group);

/// Where a quantile column is written, allocated by the caller: rows each.
struct QuantileBuffers {
  std::span<double> quantile;
  std::span<std::uint8_t> status;
};

/// Runs the quantile kernel and reports bad rows: returns their row_error; throws
/// zhibiao::invalid_rows unless options.on_bad_rows is mark. Touches no Python object.
std::vector<row_error> quantile_column(std::span<const double> values,
                                       std::span<const std::int64_t> group,
                                       const QuantileShape& shape, const QuantileOptions& options,
                                       const QuantileBuffers& out);

/// Checks lengths, options, codes and the number of distinct quantiles (5 to 100); returns the
/// number of groups. Throws zhibiao::invalid_input naming the field.
std::size_t sii_groups(const SiiColumns& in, const SiiOptions& options);

/// Runs the SII kernel for `groups` groups and reports bad rows as quantile_column does.
std::vector<row_error> sii_column(const SiiColumns& in, std::size_t groups,
                                  const SiiOptions& options, const SiiBuffers& out);

} // namespace zhibiao::detail
