#pragma once
// Private to src/: the Boost.Math policy of every special-function call (exact intervals, funnel
// limits, p-values). Boost.Math is used in src/ only (docs/architecture.md §4), so this header is
// not installed; the rule for internal headers is at the top of detail/numeric.hpp.

#include <boost/math/policies/policy.hpp>

namespace zhibiao::detail {

/// Boost.Math without promotion to long double: interval limits, funnel limits and p-values are
/// needed to double precision only, and promotion would make the inverse beta and gamma calls
/// several times slower.
using fast_policy = boost::math::policies::policy<boost::math::policies::promote_double<false>>;

} // namespace zhibiao::detail
