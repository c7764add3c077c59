// Fuzz target: Catalog::from_json (data elements and indicators). What loads must write JSON that
// loads again.
#include <zhibiao/error.hpp>
#include <zhibiao/indicator.hpp>

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    const auto catalog = zhibiao::Catalog::from_json(text);
    (void)zhibiao::Catalog::from_json(catalog.to_json());
  } catch (const zhibiao::invalid_input&) {
  }
  return 0;
}
