// Fuzz target: Catalog::from_json (data elements and indicators). What loads must write JSON that
// loads again; the period modifiers of each indicator's expressions are applied to periods at
// both ends of the calendar (period_operations.hpp).
#include "period_operations.hpp"

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
    for (const auto& indicator : catalog.indicators)
      for (const auto* side : {&indicator.numerator, &indicator.denominator})
        zhibiao_fuzz::answer_or_refusal(
            [&] { zhibiao_fuzz::exercise_modifiers(zhibiao::Expression::parse(*side)); });
  } catch (const zhibiao::invalid_input&) {
  }
  return 0;
}
