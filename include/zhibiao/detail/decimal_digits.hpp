#pragma once
// Internal: the decimal digits of a double, shared by decimal.cpp and the measure kernels.

#include "zhibiao/decimal.hpp"

#include <cstdint>
#include <string>
#include <string_view>

namespace zhibiao::detail {

// __extension__ keeps -Wpedantic quiet about the GCC/Clang 128-bit integer.
__extension__ typedef unsigned __int128 u128;

/// x = (negative ? -1 : 1) × mantissa × 10^exponent, with the fewest digits that read back as x.
/// mantissa has at most 17 digits.
struct DecimalDigits {
  bool negative = false;
  std::uint64_t mantissa = 0;
  int exponent = 0;
};

/// The shortest round-trip decimal of a finite double.
DecimalDigits shortest_digits(double x) noexcept;

/// 10^n for n in [0, 38].
u128 pow10_u128(int n) noexcept;

/// out = a × b unless that overflows 128 bits (then false, out unchanged).
bool multiply_checked(u128 a, u128 b, u128& out) noexcept;

/// A value rounded half up to `decimals` digits after the point, held without the 18-digit limit
/// of Decimal: (negative ? -1 : 1) × magnitude × 10^exponent, exponent ≥ -decimals (1e308 at 2
/// decimals is magnitude 1, exponent 308). `finite` is false when the value exceeds the largest
/// double (a quotient that overflowed); the other fields are then meaningless. The one rounding
/// result behind Decimal, the column kernels (as a double) and the formatting (as text), so that
/// a large finite value is never an OverflowError (issue 14, class 3).
struct RoundedDecimal {
  bool negative = false;
  u128 magnitude = 0;
  int exponent = 0;
  int decimals = 0;
  bool finite = true;
};

/// x (finite) rounded half up on its shortest round-trip decimal.
RoundedDecimal round_digits_half_up(double x, int decimals) noexcept;
/// numerator / denominator × multiplier rounded half up on the exact rational (as
/// round_ratio_half_up); inputs already checked (finite, numerator ≥ 0, denominator > 0).
RoundedDecimal round_ratio_digits(double numerator, double denominator, std::int64_t multiplier,
                                  int decimals) noexcept;
/// The nearest double (correctly rounded); ±inf when !r.finite or beyond the largest double.
double to_double(const RoundedDecimal& r) noexcept;
/// Fixed notation with exactly r.decimals digits after the point ("94.13", "1000…000.00").
std::string fixed_text(const RoundedDecimal& r);
/// As a Decimal (coefficient at exponent -decimals); throws zhibiao::invalid_input naming `field`
/// when that coefficient has more than 18 digits or the value is not finite.
Decimal to_decimal(const RoundedDecimal& r, std::string_view field);
/// x (finite; else zhibiao::invalid_input naming "value") rounded half up to `decimals` and
/// printed in fixed notation: the text of every formatted figure, at any magnitude.
std::string fixed_text(double x, int decimals);
/// Throws zhibiao::invalid_input naming "decimals" unless 0 ≤ decimals ≤ 15 (the one range check
/// of a number of decimals).
void check_decimals(int decimals);
/// Numeric equality (94.10 == 94.1).
bool equals(const RoundedDecimal& r, const Decimal& d) noexcept;

} // namespace zhibiao::detail
