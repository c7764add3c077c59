// Fuzz target: Catalog::from_json (data elements, indicators, national targets, removals). What
// loads must write JSON that loads again to the same catalog (to_json of the reread catalog is the
// same text); it is laid over the built-in catalog (merged: a removal naming an id the built-in
// catalog lacks is the documented refusal); the period modifiers of each indicator's expressions
// are applied to periods at both ends of the calendar (period_operations.hpp).
#include "period_operations.hpp"

#include <zhibiao/error.hpp>
#include <zhibiao/indicator.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    const auto catalog = zhibiao::Catalog::from_json(text);
    const std::string once = catalog.to_json();
    // A refusal of what the catalog itself wrote is a bug, not bad input: let it abort.
    const auto again = [&] {
      try {
        return zhibiao::Catalog::from_json(once);
      } catch (const zhibiao::invalid_input&) {
        std::abort();
      }
    }();
    if (again.to_json() != once) std::abort();
    for (const auto& indicator : catalog.indicators) {
      if (!indicator.method.empty()) continue;
      for (const auto* side : {&indicator.numerator, &indicator.denominator})
        zhibiao_fuzz::answer_or_refusal(
            [&] { zhibiao_fuzz::exercise_modifiers(zhibiao::Expression::parse(*side)); });
    }
    try {
      const auto merged = zhibiao::Catalog::builtin().merged(catalog);
      (void)zhibiao::Catalog::from_json(merged.to_json());
    } catch (const zhibiao::invalid_input&) {
    }
  } catch (const zhibiao::invalid_input&) {
  }
  return 0;
}
