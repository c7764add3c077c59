#pragma once
// Internal: the numeric constants and the Boost.Math policy every column kernel shares, so that
// each source file does not define its own copy.
//
// Where internal headers live: every header that is not part of the API is here, in
// include/zhibiao/detail/, whether it is used by one source file or several (it is installed with
// the public headers because some of them include detail/ headers, but nothing in it is API).
// The one exception is src/json_text.hpp, which needs nlohmann-json: that dependency is private to
// the compiled library, so an installed header must not include it.

#include <boost/math/policies/policy.hpp>

#include <limits>

namespace zhibiao::detail {

/// The missing value of every column: a quiet NaN.
inline constexpr double nan = std::numeric_limits<double>::quiet_NaN();

/// Boost.Math without promotion to long double: interval limits, funnel limits and p-values are
/// needed to double precision only, and promotion would make the inverse beta and gamma calls
/// several times slower.
using fast_policy = boost::math::policies::policy<boost::math::policies::promote_double<false>>;

} // namespace zhibiao::detail
