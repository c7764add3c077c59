// Fuzz target: Decimal::parse. What parses must print text that parses to the same value; its
// rounding at 0, 2 and 15 decimals is a Decimal or invalid_input (never std::overflow_error), and
// its double rounds and prints at every magnitude (issue 14, class 3: no 18-digit limit there).
#include <zhibiao/decimal.hpp>
#include <zhibiao/detail/decimal_digits.hpp>
#include <zhibiao/error.hpp>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    const auto d = zhibiao::Decimal::parse(text);
    const auto again = zhibiao::Decimal::parse(d.to_string());
    if (again.to_string() != d.to_string()) __builtin_trap();
    const double x = d.to_double();
    for (const int decimals : {0, 2, 15}) {
      try {
        (void)d.round_half_up(decimals);
      } catch (const zhibiao::invalid_input&) {
      }
      if (!std::isfinite(x)) continue;
      const double r = zhibiao::round_half_up(x, decimals);
      // Half a unit of the last decimal at most: the rounded double stays finite.
      if (!std::isfinite(r)) __builtin_trap();
      if (zhibiao::detail::fixed_text(x, decimals).empty()) __builtin_trap();
    }
  } catch (const zhibiao::invalid_input&) {
  }
  return 0;
}
