// Fuzz target: Decimal::parse. What parses must print text that parses to the same value.
#include <zhibiao/decimal.hpp>
#include <zhibiao/error.hpp>

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    const auto d = zhibiao::Decimal::parse(text);
    const auto again = zhibiao::Decimal::parse(d.to_string());
    if (again.to_string() != d.to_string()) __builtin_trap();
  } catch (const zhibiao::invalid_input&) {
  }
  return 0;
}
