#pragma once
/// \file detail/time_aggregation_kernels.hpp
/// Column kernels of time_aggregation.hpp: raw contiguous arrays in, caller-provided buffers out.
/// Internal: used by the library's column API, the Python binding (which calls them on NumPy
/// buffers with the GIL released: they touch no Python object), benchmarks and tests.

#include "zhibiao/time_aggregation.hpp"

#include <cstddef>
#include <cstdint>
#include <vector>

namespace zhibiao::detail {

/// The aggregation kernel over a row-major (series × months) buffer: for target period j,
/// the months [first[j], first[j] + count[j]) are combined into out[:, j]. `month_days` gives
/// each input month's days (for average_over_days). Writes the missing-month counts.
void aggregate_month_groups(const double* monthly, std::size_t series, std::size_t months,
                            const int* first, const int* count, std::size_t groups,
                            const int* month_days, TimeAggregation how, double* out,
                            std::uint8_t* missing);

/// Year-to-date running sums over a row-major buffer; `year_starts[k]` is true where input month
/// k starts a new year. NaN (missing) carries to the year's end. Returns the index (row × months
/// + month) of the first cell that is ±inf in the input or whose running sum overflows, or
/// series × months when there is none: the caller refuses it (issue 14, class 3), see
/// require_finite_cumulation.
std::size_t cumulate(const double* monthly, std::size_t series, std::size_t months,
                     const std::uint8_t* year_starts, double* out);

/// A long table's year to date read in place when its rows are laid out unit by unit, month by
/// month (zb.year_to_date_columns' sorted path): `series` blocks of `months` rows, row k of
/// every block in the year year_of[k] and the month month_of[k], one unit in each block, the
/// units increasing from block to block. The layout is verified on every row in the same pass
/// that writes cumulate's running sums into out (each half of the blocks on its own core; a
/// range stops at its next 256 blocks once another has found a break). Returns
/// false when some row breaks the layout (out is then partly written and means nothing), else
/// true with `bad` as cumulate returns it (the first ±inf running sum, or series × months).
bool year_to_date_laid_out(const double* value, const std::int64_t* unit, const std::int64_t* year,
                           const std::int64_t* month, std::size_t series, std::size_t months,
                           const std::int64_t* year_of, const std::int64_t* month_of,
                           const std::uint8_t* year_starts, double* out, std::size_t& bad);

/// Throws zhibiao::invalid_input naming "monthly" and the series: for the first ±inf month
/// (naming it), else for the first aggregate beyond the largest double (naming its period; a sum
/// of finite months past 1.797e308; means divide first and stay finite). NaN is missing, not
/// refused (issue 14, class 3).
void require_finite_aggregation(const double* monthly, std::size_t series, std::size_t months,
                                const double* out, std::size_t groups,
                                const std::vector<Period>& periods);

/// Throws zhibiao::invalid_input naming "monthly", the series and the month, when `bad` (what
/// cumulate returned) is a cell: an infinite month, or a running sum beyond the largest double.
void require_finite_cumulation(std::size_t bad, const double* monthly, std::size_t series,
                               std::size_t months);

} // namespace zhibiao::detail
