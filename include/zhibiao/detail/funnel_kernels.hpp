#pragma once
/// \file detail/funnel_kernels.hpp
/// Column kernels of funnel.hpp: raw contiguous arrays in, caller-provided buffers out.
/// Internal: used by the library's column API, the Python binding (which calls them on NumPy
/// buffers with the GIL released: they touch no Python object), benchmarks and tests.

#include "zhibiao/funnel.hpp"

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace zhibiao::detail {

// --- whole columns: the one implementation behind funnel_limits / funnel_significance and the
// binding's funnel_limits_column / funnel_significance_column ------------------------------------

/// The names of the input columns in errors ("x" and "n" in C++, the caller's in Python).
struct FunnelFields {
  std::string_view x = "x";
  std::string_view n = "n";
};

/// funnel_limits with the caller's column names in errors. Touches no Python object.
FunnelCurve funnel_limits_column(std::span<const double> x, std::span<const double> n,
                                 const FunnelOptions& options, FunnelFields fields = {});

/// Where funnel_significance_column writes, allocated by the caller: len rows each.
struct FunnelBuffers {
  std::span<double> value;
  std::span<std::uint8_t> significance; ///< FunnelSignificance codes
  std::span<std::uint8_t> comparison;   ///< FunnelComparison codes
  std::span<std::uint8_t> status;       ///< IntervalStatus codes
};

struct FunnelColumn {
  double average = 0;
  std::vector<row_error> errors;
};

/// Checks lengths and options, classifies every row (raising zhibiao::invalid_rows unless
/// options.on_bad_rows is mark), centres the funnel on the average of the valid rows (throwing
/// zhibiao::invalid_input naming fields.n when there is none), then writes values,
/// significance and comparison codes. Touches no Python object.
FunnelColumn funnel_significance_column(std::span<const double> x, std::span<const double> n,
                                        const FunnelOptions& options, const FunnelBuffers& out,
                                        FunnelFields fields = {});

/// funnel_rate_denominators into a caller buffer of x.size() rows; `population` may be empty.
/// Throws as funnel_rate_denominators. Touches no Python object.
void funnel_rate_denominator_column(std::span<const double> x, std::span<const double> rate,
                                    std::span<const double> population, double multiplier,
                                    RateType type, std::span<double> out);

// --- the steps of a column ---------------------------------------------------------------------

/// Validates every row (IntervalStatus codes); proportions must have x ≤ n. For DSR rates a
/// row with x = 0 and a missing n is valid (it is not assessed). Returns the number of bad rows.
std::size_t classify_funnel_rows(FunnelStatistic statistic, RateType rate_type, const double* x,
                                 const double* n, std::size_t len, std::uint8_t* status) noexcept;

/// Σx / Σn over ok rows whose n is finite; NaN when that Σn is 0.
double funnel_average(const double* x, const double* n, const std::uint8_t* status,
                      std::size_t len) noexcept;

/// PHE's 100 plotting points from the valid denominators (see the file comment).
std::vector<double> funnel_points(FunnelStatistic statistic, double average, const double* n,
                                  const std::uint8_t* status, std::size_t len,
                                  double years_of_data);

/// Proportion limits average ± z √(average (1 − average)/n[i]) × multiplier, clipped to
/// [0, multiplier] when `clip`. Branch-free.
void proportion_funnel_limits(double average, const double* n, std::size_t len, double z,
                              double multiplier, bool clip, double* lower, double* upper) noexcept;

/// The Poisson mean E at which the count `observed` is at the edge: with `upper_tail`,
/// P(X ≥ observed) = tail (the exact lower limit of observed); else P(X ≤ observed) = tail
/// (the exact upper limit). observed ≥ 0, 0 < tail < 1.
double poisson_funnel_mean(double observed, double tail, bool upper_tail, PoissonSearch search);

/// value[i]: x/n × multiplier (proportions, rates), O/E − 1 or 100 O/E (ratios); NaN for bad
/// rows (and for a DSR row without events, which has no denominator).
void funnel_values(FunnelStatistic statistic, RatioType ratio_type, const double* x,
                   const double* n, const std::uint8_t* status, std::size_t len, double multiplier,
                   double* value) noexcept;

/// Significance codes of every row (missing for bad rows), given the average.
void funnel_significance_codes(FunnelStatistic statistic, RateType rate_type, const double* x,
                               const double* n, const std::uint8_t* status, std::size_t len,
                               double average, std::uint8_t* significance);

/// comparison[i] = compare(significance[i], polarity).
void funnel_comparisons(const std::uint8_t* significance, std::size_t len, Polarity polarity,
                        std::uint8_t* comparison) noexcept;

/// Checks multiplier (finite, > 0) and years_of_data (finite, > 0); throws invalid_input.
void check_funnel_options(const FunnelOptions& options);

} // namespace zhibiao::detail
