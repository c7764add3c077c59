#pragma once
/// \file detail/life_table_kernels.hpp
/// Column kernels of life_table.hpp: raw contiguous arrays in, caller-provided buffers out.
/// Internal: used by the library's column API, the Python binding (which calls them on NumPy
/// buffers with the GIL released: they touch no Python object), benchmarks and tests.

#include "zhibiao/life_table.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace zhibiao::detail {

struct AreaCounts {
  std::size_t invalid_rows = 0;     ///< rows with an input error
  std::size_t suppressed_areas = 0; ///< areas without values
};

// --- whole columns: the one implementation behind life_tables / premature_ncd_mortality and the
// binding's life_table_columns / ncd_mortality_columns ------------------------------------------

/// The input columns of a band table: row i is band start_age[i] of area area[i] (no area
/// column: one area).
struct BandColumns {
  std::span<const double> deaths;
  std::span<const double> population;
  std::span<const double> start_age;
  std::optional<std::span<const std::int64_t>> area;
};

/// What the caller allocates for: rows, areas (1 + the largest area code; 1 without an area
/// column, 0 without rows) and the normal quantile of each level.
struct BandShape {
  std::size_t rows = 0;
  std::size_t areas = 0;
  std::vector<double> z;
};

/// Checks lengths, options (bands, levels in [0.9, 1]) and area codes, in that order; throws
/// zhibiao::invalid_input naming the field.
BandShape life_table_shape(const BandColumns& in, const LifeTableOptions& options);
/// As life_table_shape for the SDG 3.4.1 columns (levels in (0, 1], multiplier finite and > 0).
BandShape ncd_mortality_shape(const BandColumns& in, const NcdMortalityOptions& options);

/// Where the columns are written, allocated by the caller for a BandShape: value and
/// standard_error (rows for life tables, areas for SDG 3.4.1), lower and upper (levels × that,
/// level-major: Eigen's column-major and NumPy's C order alike), status (rows), area_status
/// (areas).
struct BandBuffers {
  std::span<double> value;
  std::span<double> standard_error;
  std::span<double> lower;
  std::span<double> upper;
  std::span<std::uint8_t> status;
  std::span<std::uint8_t> area_status;
};

/// Runs the kernel for a checked shape, then reports the bad rows: returns their row_error (empty
/// when clean); throws zhibiao::invalid_rows unless options.on_bad_rows is mark. Touches no
/// Python object.
std::vector<row_error> life_table_column(const BandColumns& in, const BandShape& shape,
                                         const LifeTableOptions& options, const BandBuffers& out);
std::vector<row_error> ncd_mortality_column(const BandColumns& in, const BandShape& shape,
                                            const NcdMortalityOptions& options,
                                            const BandBuffers& out);

// --- the kernels ---------------------------------------------------------------------------------

/// The life-table kernel on raw arrays, shared by the Eigen API and the Python binding (which
/// runs it on NumPy buffers with the GIL released: it touches no Python object). `area` may be
/// null (one area); codes must be in [0, areas) (checked by the callers). `z` holds one normal
/// quantile per level; lower/upper are level-major (lower[j·n + i]). Every output is written for
/// every row and area. Allocates only its (area × band) index table.
AreaCounts life_tables(const double* deaths, const double* population, const double* start_age,
                       const std::int64_t* area, std::size_t n, std::size_t areas,
                       const double* bands, std::size_t band_count, const double* z,
                       std::size_t levels, double* value, double* standard_error, double* lower,
                       double* upper, std::uint8_t* status, std::uint8_t* area_status);

/// The SDG 3.4.1 kernel: like life_tables, but value, standard_error, lower, upper (level-major,
/// lower[j·areas + a]) and area_status are per area; status is per row.
AreaCounts premature_ncd_mortality(const double* deaths, const double* population,
                                   const double* start_age, const std::int64_t* area, std::size_t n,
                                   std::size_t areas, const double* z, std::size_t levels,
                                   double multiplier, double* value, double* standard_error,
                                   double* lower, double* upper, std::uint8_t* status,
                                   std::uint8_t* area_status);

/// The row_error of every row whose status is an input error, in row order.
std::vector<row_error> describe_bad_band_rows(const double* deaths, const double* population,
                                              const double* start_age, const std::uint8_t* status,
                                              std::size_t n);

/// Normal quantiles z = Φ⁻¹((1 + c)/2) for the levels; throws zhibiao::invalid_input naming
/// "confidence" when a level is outside [min_level, 1] or there is none.
std::vector<double> two_sided_z(std::span<const double> confidence, double min_level);

/// Checks a band set (ascending, finite, first 0, at least two bands, whole years); throws
/// zhibiao::invalid_input naming "bands".
void check_bands(std::span<const double> bands);

} // namespace zhibiao::detail
