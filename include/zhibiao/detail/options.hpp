#pragma once
// Internal: the one checker of numeric options (confidence, tolerance, multiplier, decimals, ...).
// Every option struct and every function taking a numeric option calls these at its boundary, so
// that a NaN, an infinity, a negative tolerance or a confidence of "95" is refused (or read) the
// same way everywhere, with zhibiao::invalid_input naming the option (issue 14, class 7).
//
// Confidence levels come in two spellings: a fraction (0.95, as zhibiao and R's stats write it)
// or per cent (95, 99.8, as PHEindicatormethods' functions accept them: "confidence ... between
// 0.9 and 1 or between 90 and 100"). The reader takes 0 < c < 1 as a fraction and 1 < c < 100 as
// per cent (issue 14, class 10). 1 and 100 (a 100 % interval) are refused, since the limits of a
// count, a rate, a difference or a life expectancy would be infinite there; only where a 100 %
// interval is the whole finite range, as for a proportion ((0, 1), PHEindicatormethods'
// testWilson.R), does the caller allow it (`allow_full`), and both spellings then read as 1.

#include "zhibiao/detail/format.hpp"
#include "zhibiao/error.hpp"

#include <cmath>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace zhibiao::detail {

/// `value` unless it is NaN or ±inf; throws invalid_input naming `field`.
inline double finite_option(double value, std::string_view field) {
  if (!std::isfinite(value))
    throw invalid_input(std::string(field),
                        "must be a finite number, got " + full_precision_text(value));
  return value;
}

/// A finite `value` ≥ `minimum` (> `minimum` when `strict`); throws invalid_input naming `field`.
inline double option_at_least(double value, std::string_view field, double minimum,
                              bool strict = false) {
  finite_option(value, field);
  if (strict ? !(value > minimum) : !(value >= minimum))
    throw invalid_input(std::string(field),
                        std::string("must be ") + (strict ? "greater than " : "at least ") +
                            full_precision_text(minimum) + ", got " + full_precision_text(value));
  return value;
}

/// A finite, non-negative tolerance (a band of ± tolerance around a value).
inline double tolerance_option(double value, std::string_view field = "tolerance") {
  return option_at_least(value, field, 0);
}

/// A multiplier (scale) that is finite and greater than zero.
inline double multiplier_option(double value, std::string_view field = "multiplier") {
  return option_at_least(value, field, 0, true);
}

/// A whole number in [lo, hi] given as a double (a count of decimals, of repetitions ...).
inline double integer_option(double value, std::string_view field, double lo, double hi) {
  finite_option(value, field);
  if (value != std::floor(value) || value < lo || value > hi)
    throw invalid_input(std::string(field),
                        "must be a whole number from " + full_precision_text(lo) + " to " +
                            full_precision_text(hi) + ", got " + full_precision_text(value));
  return value;
}

/// The confidence level `c` as a fraction: 0 < c < 1 is a fraction, 1 < c < 100 per cent (95 →
/// 0.95, 99.8 → 0.998). Refused: NaN, ±inf, c ≤ 0, c > 100, c = 1 or 100 unless `allow_full`
/// (then 1), and a level below `minimum` (as a fraction; the life tables and SII take PHE's 0.9
/// minimum). `field` names the option.
inline double confidence_option(double c, std::string_view field = "confidence", double minimum = 0,
                                bool allow_full = false) {
  const std::string name(field);
  if (!std::isfinite(c))
    throw invalid_input(name, "must be a finite number, got " + full_precision_text(c));
  if (c == 1 || c == 100) {
    if (allow_full) return 1;
    throw invalid_input(name, full_precision_text(c) +
                                  " (100 %) would make the limits infinite; give a level below 1 "
                                  "as a fraction (0.95) or below 100 as per cent (95)");
  }
  if (!(c > 0 && c < 100))
    throw invalid_input(name, "must be a fraction in (0, 1) or per cent in (1, 100), got " +
                                  full_precision_text(c));
  const double fraction = c > 1 ? c / 100 : c;
  if (fraction < minimum)
    throw invalid_input(name, "level " + full_precision_text(c) + " is below the minimum " +
                                  full_precision_text(minimum));
  return fraction;
}

/// Each level of a list read with confidence_option; at least one level.
inline std::vector<double> confidence_options(std::span<const double> levels,
                                              std::string_view field = "confidence",
                                              double minimum = 0, bool allow_full = false) {
  if (levels.empty()) throw invalid_input(std::string(field), "give at least one level");
  std::vector<double> out;
  out.reserve(levels.size());
  for (double c : levels) out.push_back(confidence_option(c, field, minimum, allow_full));
  return out;
}

} // namespace zhibiao::detail
