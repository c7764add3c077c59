// Fuzz target: Threshold::parse (target wording such as "控制在10%以内", "≥95%", "85%-95%").
// Whatever parses must describe itself as text that parses back to the same threshold (issue 14,
// class 2: a reader that reads whole numbers or refuses), and a refusal's message must be UTF-8.
#include <zhibiao/detail/utf8.hpp>
#include <zhibiao/error.hpp>
#include <zhibiao/target.hpp>

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    const zhibiao::Threshold t = zhibiao::Threshold::parse(text);
    const zhibiao::Threshold u = zhibiao::Threshold::parse(t.describe());
    if (u.bound != t.bound || u.value != t.value || u.upper != t.upper || !(u.unit == t.unit))
      __builtin_trap();
    (void)t.describe(zhibiao::Language::en);
    (void)t.met_by(t.value);
    (void)t.shortfall(0);
  } catch (const zhibiao::invalid_input& e) {
    if (zhibiao::detail::first_invalid_utf8(e.what()) != std::string_view::npos) __builtin_trap();
  }
  return 0;
}
