// Fuzz target: Period::parse (DHIS2 codes and Chinese period text), with and without a reference
// date. What parses must round-trip: code() and chinese() parse back to the same period.
#include <zhibiao/error.hpp>
#include <zhibiao/period.hpp>

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace {
void check(std::string_view text, const zhibiao::PeriodTextOptions& options) {
  try {
    const auto p = zhibiao::Period::parse(text, options);
    if (p.end() < p.start()) __builtin_trap();
    (void)p.days();
    if (p.month_aligned()) (void)p.months();
    const auto code = p.code();
    const auto from_code = zhibiao::Period::parse(code, options);
    if (from_code.start() != p.start() || from_code.end() != p.end()) __builtin_trap();
    const auto chinese = p.chinese(options);
    const auto from_chinese = zhibiao::Period::parse(chinese, options);
    if (from_chinese.start() != p.start() || from_chinese.end() != p.end()) __builtin_trap();
  } catch (const zhibiao::invalid_input&) {
  }
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  check(text, {});
  zhibiao::PeriodTextOptions with_reference;
  with_reference.reference = zhibiao::Date(2024, 6, 10);
  with_reference.cumulative_start_month = 10;
  check(text, with_reference);
  return 0;
}
