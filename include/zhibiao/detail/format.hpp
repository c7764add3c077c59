#pragma once
// Internal: how error and row messages print numbers. There are two ways, named for what they do:
// - full_precision_text: an input value exactly as given, so that a message about a bad value
//   shows the value that was passed (17 significant digits, "-3", "0.10000000000000001",
//   "1e+300", "nan", "inf"); used by the kernels' row messages (rate, interval, funnel, …).
// - rounded_text: a computed value as a report prints it, rounded half up to 6 decimals with
//   trailing zeros dropped (323.17199999999997 prints 323.172), "—" for missing and "∞"/"-∞";
//   used by validation messages, which show sums of reported figures.
// Where internal headers live: see detail/numeric.hpp.

#include "zhibiao/decimal.hpp"

#include <cmath>
#include <sstream>
#include <string>

namespace zhibiao::detail {

/// 17 significant digits in %g style (the default stream format at precision 17): enough to
/// read the double back exactly.
inline std::string full_precision_text(double x) {
  std::ostringstream out;
  out.precision(17);
  out << x;
  return out.str();
}

/// At most 6 decimals, rounded half up, trailing zeros dropped; "—" for NaN, "∞" / "-∞".
inline std::string rounded_text(double x) {
  if (std::isnan(x)) return "—";
  if (std::isinf(x)) return x > 0 ? "∞" : "-∞";
  if (x == 0) return "0";
  return Decimal::from_double(round_half_up(x, 6)).to_string();
}

} // namespace zhibiao::detail
