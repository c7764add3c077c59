// Fuzz target: Threshold::parse (target wording such as "控制在10%以内", "≥95%", "85%-95%").
#include <zhibiao/error.hpp>
#include <zhibiao/target.hpp>

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    (void)zhibiao::Threshold::parse(text);
  } catch (const zhibiao::invalid_input&) {
  }
  return 0;
}
