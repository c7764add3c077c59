#pragma once
// Internal: the numeric constants every column kernel shares, so that each source file does not
// define its own copy (the Boost.Math policy they share is in src/math_policy.hpp: Boost.Math stays
// out of installed headers).
//
// Where internal headers live: every header that is not part of the API is here, in
// include/zhibiao/detail/, whether it is used by one source file or several (it is installed with
// the public headers because some of them include detail/ headers, but nothing in it is API).
// The exceptions are the headers that need a private dependency: src/json_text.hpp (nlohmann-json)
// and src/math_policy.hpp (Boost.Math, whose special functions only src/ includes).

#include <limits>

namespace zhibiao::detail {

/// The missing value of every column: a quiet NaN.
inline constexpr double nan = std::numeric_limits<double>::quiet_NaN();

/// The largest finite double: |v| <= max_finite is false for ±inf and NaN alike, the one
/// comparison every overflow check makes (issue 14, class 3).
inline constexpr double max_finite = std::numeric_limits<double>::max();

/// True for a finite number, as one comparison the compiler keeps branch-free in vector loops.
constexpr bool finite(double v) noexcept { return (v <= max_finite) & (v >= -max_finite); }

/// x × m / d in an order that overflows only when the quotient itself does: x × m first (exact
/// for integer counts, so the one rounding of the division is the correctly rounded quotient:
/// 1506 × 100 / 1600 = 94.125), and x / d × m when x × m overflows (1e308 events in 1.7e308
/// person-years per 10^5 is 58823.5, not inf; issue 14). A select, not a branch: vector loops
/// stay vectorised. The result is ±inf only when |x m / d| exceeds the largest double.
constexpr double scaled_ratio(double x, double m, double d) noexcept {
  const double first = x * m / d;
  const double second = x / d * m;
  return finite(first) ? first : second;
}

} // namespace zhibiao::detail
