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

} // namespace zhibiao::detail
