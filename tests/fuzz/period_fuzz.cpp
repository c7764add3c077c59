// Fuzz target: Period::parse (DHIS2 codes and Chinese period text), with and without a reference
// date, and the period constructors near both ends of the calendar; every period obtained is put
// through every operation (period_operations.hpp): texts round-trip, next/previous are inverses,
// nothing but zhibiao::invalid_input is thrown, nothing aborts.
#include "period_operations.hpp"

#include <zhibiao/error.hpp>
#include <zhibiao/period.hpp>

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace {

void check(std::string_view text, const zhibiao::PeriodTextOptions& options) {
  try {
    const auto p = zhibiao::Period::parse(text, options);
    zhibiao_fuzz::exercise(p, options);
  } catch (const zhibiao::invalid_input&) {
  }
}

// Four bytes as a constructor call near an end of the calendar: type, end, year offset, number.
void construct(const std::uint8_t* data) {
  using zhibiao::Period;
  const int year = (data[1] & 1 ? 1400 : 9999) + static_cast<std::int8_t>(data[2]) % 4;
  const int n = data[3] % 60 - 4;
  try {
    Period p = Period::year(2000);
    switch (data[0] % 10) {
    case 0: p = Period::day(year, n % 14 + 1, data[3] % 32); break;
    case 1: p = Period::iso_week(year, n); break;
    case 2: p = Period::month(year, n % 14); break;
    case 3: p = Period::bi_month(year, n % 8); break;
    case 4: p = Period::quarter(year, n % 6); break;
    case 5: p = Period::half_year(year, n % 4); break;
    case 6: p = Period::statistical_year(year, n % 14); break;
    case 7: p = Period::financial_year_starting(year, n % 14); break;
    case 8: p = Period::financial_half_year(year, n % 14, data[3] % 3); break;
    default: p = Period::cumulative_to(Period::day(year, n % 13 + 1, 1).end(), data[3] % 13); break;
    }
    zhibiao_fuzz::exercise(p);
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
  with_reference.reference = zhibiao::Date(9999, 12, 31); // 明年, 本月 … at the calendar's end
  check(text, with_reference);
  if (size >= 4) construct(data);
  return 0;
}
