// Fuzz target: validation_rules_from_json. What loads must write JSON that loads again; each
// rule's period type is applied to periods at both ends of the calendar, and its two
// expressions' period modifiers too (period_operations.hpp).
#include "period_operations.hpp"

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
    for (const auto& rule : rules) {
      if (rule.period_type) zhibiao_fuzz::exercise_period_type(*rule.period_type);
      for (const auto* side : {&rule.left, &rule.right})
        zhibiao_fuzz::answer_or_refusal(
            [&] { zhibiao_fuzz::exercise_modifiers(zhibiao::Expression::parse(*side)); });
    }
  } catch (const zhibiao::invalid_input&) {
  }
  return 0;
}
