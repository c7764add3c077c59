#pragma once
// Internal: the decimal digits of a double, shared by decimal.cpp and the measure kernels.

#include <cstdint>

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

} // namespace zhibiao::detail
