#pragma once
/// \file detail/interval_kernels.hpp
/// Column kernels of interval.hpp: raw contiguous arrays in, caller-provided buffers out.
/// Internal: used by the library's column API, the Python binding (which calls them on NumPy
/// buffers with the GIL released: they touch no Python object), benchmarks and tests.

#include "zhibiao/interval.hpp"

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <utility>
#include <vector>

namespace zhibiao::detail {

// --- whole columns: the one implementation behind proportion_intervals / rate_intervals and the
// binding's interval_column -------------------------------------------------------------------

/// Where an interval column is written, allocated by the caller (Eigen storage for the C++ API,
/// NumPy arrays for the binding). `value`: len doubles, or empty for limits only. `lower`,
/// `upper`: levels × len doubles, level k at [k × len, (k + 1) × len) (Eigen's column-major
/// rows × levels and NumPy's C-order levels × rows alike). `status`: len bytes, zero-filled (the
/// fused pass writes the statuses of bad rows only, so a lazily zeroed buffer stays untouched
/// for clean input). `method`: len bytes for rates (CountMethod codes, 255 for bad rows), empty
/// for proportions.
struct IntervalBuffers {
  std::span<double> value;
  std::span<double> lower;
  std::span<double> upper;
  std::span<std::uint8_t> status;
  std::span<std::uint8_t> method;
};

/// The names of the input columns in errors ("x" and "n" in C++, the caller's column names in
/// Python).
struct IntervalFields {
  std::string_view x = "x";
  std::string_view n = "n";
};

/// Checks lengths and options, then computes every row: a closed-form method (Wilson,
/// Agresti–Coull, Wald; Byar's and PHE's rule) in one fused pass that validates as it goes and
/// raises only after the work, so clean input pays for no separate pass; the others validate
/// every row first and raise before the beta / gamma inverses, the expensive part. Returns the
/// row_error of every bad row (empty when clean). Throws zhibiao::invalid_input for mismatched
/// lengths (naming fields.n), bad levels or multiplier, and zhibiao::invalid_rows unless
/// options.on_bad_rows is mark. Touches no Python object (the binding runs it without the GIL).
std::vector<row_error>
proportion_interval_column(ProportionMethod method, std::span<const double> x,
                           std::span<const double> n, const IntervalOptions& options,
                           const IntervalBuffers& out, IntervalFields fields = {});
std::vector<row_error> rate_interval_column(CountMethod method, std::span<const double> x,
                                            std::span<const double> n,
                                            const IntervalOptions& options,
                                            const IntervalBuffers& out, IntervalFields fields = {});

// --- the steps of a column ---------------------------------------------------------------------

/// Validates every row (status[i] = IntervalStatus code); returns the number of bad rows.
/// Single branch-free pass when every row is valid.
std::size_t classify_interval_rows(const double* x, const double* n, std::size_t len, bool bounded,
                                   std::uint8_t* status) noexcept;

/// value[i] = x[i] / n[i] × multiplier for ok rows, NaN for the others.
void interval_values(const double* x, const double* n, const std::uint8_t* status, std::size_t len,
                     double multiplier, double* value) noexcept;

/// The limits of one confidence level for every ok row (NaN for the others), times multiplier.
/// Levels are validated by the caller (see z_value). Wilson, Agresti–Coull and Wald run
/// branch-free over the rows; Clopper–Pearson and Jeffreys call the inverse incomplete beta.
void proportion_limits(ProportionMethod method, const double* x, const double* n,
                       const std::uint8_t* status, std::size_t len, double confidence,
                       double multiplier, double* lower, double* upper);

/// Wilson's limits of x of n (0 ≤ x ≤ n, n > 0, both finite) as fractions of 1, given z: PHE's
/// form, and where that overflows (x near the largest double) the form with every term divided
/// by n. The one Wilson of the library outside the vector loops (differences, sex ratios).
std::pair<double, double> wilson_limits(double x, double n, double z) noexcept;

/// Byar's approximate Poisson limits of a count x ≥ 0 given z = z_value(confidence), as
/// count_interval(x, confidence, CountMethod::byar) returns them; for loops that have z already.
std::pair<double, double> byar_limits(double x, double z) noexcept;

/// byar_limits of counts x[0..len) (each ≥ 0), in a loop vectorised for the machine: the same
/// numbers as byar_limits row by row.
void byar_count_limits(const double* x, std::size_t len, double z, double* lower,
                       double* upper) noexcept;

/// Limits of counts (n == nullptr) or rates (x / n) at one confidence level, times multiplier;
/// method_used[i] gets the CountMethod code applied (255 for bad rows). Exact and mid-p limits
/// are computed once per distinct count.
void count_limits(CountMethod method, const double* x, const double* n, const std::uint8_t* status,
                  std::size_t len, double confidence, double multiplier, double* lower,
                  double* upper, std::uint8_t* method_used);

/// True for the methods with a closed form (Wilson, Agresti–Coull, Wald; Byar's and PHE's rule,
/// whose exact limits below 10 events are a table of ten), which the fused pass below computes.
bool is_closed_form(ProportionMethod method) noexcept;
bool is_closed_form(CountMethod method) noexcept;

/// Proportions or rates with a closed-form method, in one pass over blocks of rows that stay in
/// cache (validation, value, the limits of every level), split across cores: what
/// classify_interval_rows, interval_values and proportion_limits / count_limits do, in one.
/// `lower` and `upper` hold levels × len doubles, level k at k × len. `value` may be null (limits
/// only). `status` must come zero-filled: only the blocks with a bad row are written, so clean
/// input, the common case, leaves a lazily zeroed buffer untouched. `method_used` (rates) gets
/// the CountMethod code of every row, 255 for bad rows. Returns the number of bad rows, whose
/// value and limits are NaN; throws zhibiao::invalid_input for a method without closed form.
std::size_t closed_form_proportion_intervals(ProportionMethod method, const double* x,
                                             const double* n, std::size_t len,
                                             const std::vector<double>& confidence,
                                             double multiplier, double* value, double* lower,
                                             double* upper, std::uint8_t* status);
std::size_t closed_form_rate_intervals(CountMethod method, const double* x, const double* n,
                                       std::size_t len, const std::vector<double>& confidence,
                                       double multiplier, double* value, double* lower,
                                       double* upper, std::uint8_t* status,
                                       std::uint8_t* method_used);

/// The row_error of every bad row, in row order; fields are named x_field / n_field.
std::vector<row_error> describe_interval_rows(const double* x, const double* n,
                                              const std::uint8_t* status, std::size_t len,
                                              std::string_view x_field = "x",
                                              std::string_view n_field = "n");

/// Checks a level list (non-empty, each a fraction in (0, 1) or per cent in (1, 100): see
/// detail/options.hpp; 1 or 100 only for proportions, not when `counts`) and a multiplier
/// (finite, > 0); throws zhibiao::invalid_input naming "confidence" or "multiplier".
void check_interval_options(const std::vector<double>& confidence, double multiplier, bool counts);

/// `options` checked as above, its levels read as fractions (95 → 0.95).
IntervalOptions checked_interval_options(const IntervalOptions& options, bool counts);

} // namespace zhibiao::detail
