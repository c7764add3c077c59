// Fuzz target: validation_rules_from_json. What loads must write JSON that loads again.
#include <zhibiao/error.hpp>
#include <zhibiao/validation.hpp>

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    const auto rules = zhibiao::validation_rules_from_json(text);
    (void)zhibiao::validation_rules_from_json(zhibiao::validation_rules_to_json(rules));
  } catch (const zhibiao::invalid_input&) {
  }
  return 0;
}
