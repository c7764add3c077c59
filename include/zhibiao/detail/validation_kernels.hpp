#pragma once
/// \file detail/validation_kernels.hpp
/// Column kernels of validation.hpp: raw contiguous arrays in, caller-provided buffers out.
/// Internal: used by the library's column API, the Python binding (which calls them on NumPy
/// buffers with the GIL released: they touch no Python object), benchmarks and tests.

#include "zhibiao/validation.hpp"

#include <cstddef>
#include <cstdint>

namespace zhibiao::detail {

/// Outcome of every row of a comparison between two sides: left_state / right_state are
/// 0 (a value), 1 (skipped: no value), 2 (error). Writes outcome[n] (RuleOutcome codes).
/// `slack_abs` is the absolute tolerance; the relative guard is applied inside.
void compare_sides(RuleOperator op, const double* left, const double* right,
                   const std::uint8_t* left_state, const std::uint8_t* right_state, std::size_t n,
                   double slack_abs, std::uint8_t* outcome) noexcept;

/// The batch check on raw arrays (shared by the Eigen API and the Python binding, which calls it
/// with the GIL released). Returns the number of bad rows (statuses 3–6).
std::size_t check_reported_rates(const double* numerator, const double* denominator,
                                 const double* reported, const int* decimals, std::size_t n,
                                 std::int64_t multiplier, double* expected, double* difference,
                                 std::uint8_t* status);

} // namespace zhibiao::detail
