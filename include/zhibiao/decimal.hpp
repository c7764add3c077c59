#pragma once
/// \file decimal.hpp
/// Exact decimal numbers and the half-up rounding (四舍五入) that reports use.
///
///     zhibiao::round_ratio_half_up(1506, 1600, 100, 2).to_string();   // "94.13"
///     zhibiao::round_half_up(2.675, 2);                               // 2.68
///     zhibiao::Decimal::parse("83.9").decimals();                     // 1
///
/// Why not std::round(x * 100) / 100: 1506/1600 × 100 is 94.125 exactly, a binary double
/// may hold it a hair below or above, and banker's or binary rounding then prints 94.12, which
/// no report prints (docs/units-and-rounding.md §3). We round the exact rational value when the
/// inputs are integers or short decimals, and otherwise the shortest decimal that round-trips the
/// double (the number a person sees when the double is printed).
///
/// Thread safety: the functions keep no state between calls and may be called from any number of
/// threads at once; Decimal values may be read by several threads at once (a value being assigned
/// must not be used by another thread). Large columns are split across the library's thread pool
/// (threads.hpp).

#include "zhibiao/export.hpp"

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

namespace ZHIBIAO_API zhibiao {

/// A decimal number coefficient × 10^exponent, like Python's decimal.Decimal: trailing zeros
/// are kept ("94.10" has two decimals), so a Decimal also records how a figure was printed.
class Decimal {
public:
  constexpr Decimal() noexcept = default;
  constexpr Decimal(std::int64_t coefficient, int exponent) noexcept
      : coefficient_(coefficient), exponent_(exponent) {}

  /// Parses "94.13", "-3.56", "153.895", "1e-3". Throws zhibiao::parse_error naming the
  /// character position for anything else.
  static Decimal parse(std::string_view text, std::string_view field = "decimal");
  /// The shortest decimal that reads back as `x` (what printing `x` shows; at most 17
  /// significant digits). Throws zhibiao::invalid_input for non-finite values.
  static Decimal from_double(double x);

  constexpr std::int64_t coefficient() const noexcept { return coefficient_; }
  constexpr int exponent() const noexcept { return exponent_; }
  /// Digits after the decimal point as printed (0 for integers).
  constexpr int decimals() const noexcept { return exponent_ < 0 ? -exponent_ : 0; }

  /// Rounded half away from zero to `decimals` digits after the point (四舍五入: 94.125 → 94.13,
  /// −2.5 → −3). Rounding to more decimals than the value has pads with zeros.
  /// `decimals` in [0, 15]. Throws zhibiao::invalid_input naming "decimals" otherwise, and when
  /// the result has more than 18 significant digits (1e17 at 5 decimals), never an overflow
  /// error (issue 14, class 3).
  Decimal round_half_up(int decimals) const;

  /// The nearest double (correctly rounded).
  double to_double() const;
  /// Fixed notation with exactly decimals() digits after the point: "94.13", "100", "0.050".
  std::string to_string() const;

  /// Numeric comparison: 94.10 == 94.1.
  friend std::strong_ordering operator<=>(const Decimal& a, const Decimal& b) noexcept;
  friend bool operator==(const Decimal& a, const Decimal& b) noexcept {
    return (a <=> b) == std::strong_ordering::equal;
  }

private:
  std::int64_t coefficient_ = 0;
  int exponent_ = 0;
};

// Redeclared at namespace scope so that libzhibiao.so exports it (see the note after Period in
// period.hpp).
std::strong_ordering operator<=>(const Decimal& a, const Decimal& b) noexcept;

/// The values a printed decimal stands for: every x that rounds half up (away from zero) to it at
/// its own exponent (docs/units-and-rounding.md §3). 94.13 stands for [94.125, 94.135); 1.45万,
/// read as Decimal(145, 2) (14500 printed to the hundred), for [14450, 14550); −3.56 for
/// (−3.565, −3.555]; 0.0 for (−0.05, 0.05). The report auditor compares recomputed figures and
/// implied denominators against these ranges, so that only figures no rounding reconciles are
/// flagged. The ends are the nearest doubles to the exact ends.
struct DecimalRange {
  double lower = 0;
  double upper = 0;
  bool lower_closed = true;
  bool upper_closed = false;
  /// Whether x is in the range (a NaN is in no range).
  bool contains(double x) const noexcept {
    return (lower_closed ? x >= lower : x > lower) && (upper_closed ? x <= upper : x < upper);
  }
};
DecimalRange rounding_range(const Decimal& printed) noexcept;

/// numerator / denominator × multiplier rounded half up to `decimals` digits, computed on the
/// exact rational value whenever numerator and denominator are integers or decimals of up to
/// 17 significant digits (every count and every figure read from a report), so
/// 1506/1600 × 100 → 94.13 and never 94.12. Requires numerator ≥ 0, denominator > 0 (finite);
/// `decimals` in [0, 15]. Throws zhibiao::invalid_input otherwise, and naming "numerator" when the
/// rounded value has more than the 18 significant digits a Decimal holds (1e308 / 1 × 100).
Decimal round_ratio_half_up(double numerator, double denominator, std::int64_t multiplier,
                            int decimals);

/// `x` rounded half away from zero to `decimals` digits, on the shortest decimal that round-trips
/// `x`: round_half_up(2.675, 2) is 2.68 although the double nearest to 2.675 is 2.67499999...
/// `decimals` in [0, 15]; a non-finite `x` is zhibiao::invalid_input naming "x" (issue 14: NaN
/// and ±inf are not passed through as if rounded). Any finite x is rounded (1e308 stays 1e308).
double round_half_up(double x, int decimals);

} // namespace zhibiao
