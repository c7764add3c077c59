// Fuzz target: Threshold::parse (target wording such as "控制在10%以内", "≥95%", "85%-95%",
// "不少于1,000人", "下降到12/10万"). Whatever parses must describe itself as text that parses back
// to the same threshold, count noun included (issue 14, class 2: a reader that reads whole numbers
// or refuses), its value must be finite, and assessing it on a few values must neither throw
// anything but a zhibiao error nor give a NaN beside a verdict. A refusal's message must be UTF-8.
#include <zhibiao/assessment.hpp>
#include <zhibiao/detail/utf8.hpp>
#include <zhibiao/error.hpp>
#include <zhibiao/target.hpp>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  zhibiao::Threshold t;
  try {
    t = zhibiao::Threshold::parse(text);
  } catch (const zhibiao::invalid_input& e) {
    if (zhibiao::detail::first_invalid_utf8(e.what()) != std::string_view::npos) __builtin_trap();
    return 0;
  }
  if (!std::isfinite(t.value) || !std::isfinite(t.upper)) __builtin_trap();
  // The description parses back: a refusal here is a bug, so it is not caught.
  const zhibiao::Threshold u = zhibiao::Threshold::parse(t.describe());
  if (!(u == t)) __builtin_trap();
  (void)t.describe(zhibiao::Language::en);
  for (const double x : {0.0, t.value, t.upper, t.value - 1, t.value + 0.5, 1e308, -1e308}) {
    (void)t.met_by(x);
    try {
      const double d = t.shortfall(x);
      if (std::isnan(d) || d < 0) __builtin_trap();
      const auto a = zhibiao::assess_threshold(x, t, 90.0, 100.0);
      if (std::isnan(a.shortfall) || (a.count_needed && std::isnan(*a.count_needed)))
        __builtin_trap();
      (void)a.summary(t);
    } catch (const zhibiao::invalid_input&) {
      // An overflowing distance (1e308 from -1e308) is refused: that is documented.
    }
  }
  return 0;
}
