// Fuzz target: the funds file of `zhibiao funds` / `zhibiao report --funds` (tools/zhibiao/
// fund_input.cpp, docs/cli.md §9) on arbitrary text. The reader refuses bad input with the CLI's
// input_error (the file and the path of the value); a file it accepts is executed at its as_of (or
// its funds' period end), and every fund's summary is written in both languages, so the money
// sums, rates, deadline checks and sentences run on whatever amounts and dates the input holds.
// Any other exception, a sanitizer report or a non-finite rate beside a result is a crash.
#include "command.hpp"
#include "fund_input.hpp"

#include <zhibiao/error.hpp>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace {
void finite_or_trap(const std::optional<double>& x) {
  if (x && !std::isfinite(*x)) __builtin_trap();
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    const zhibiao::cli::FundsFile file = zhibiao::cli::parse_funds_text(text, "funds.json");
    if (file.funds.empty()) __builtin_trap(); // the reader asks for one fund or more
    const zhibiao::Date when = file.as_of ? *file.as_of : file.funds.front().period.end();
    for (const auto& r : zhibiao::cli::execute_funds(file, when)) {
      const zhibiao::FundExecution& x = r.execution;
      finite_or_trap(x.arrival_rate);
      finite_or_trap(x.disbursement_rate);
      finite_or_trap(x.execution_rate);
      finite_or_trap(x.lead);
      if (!std::isfinite(x.time_progress)) __builtin_trap();
      (void)x.sentence(zhibiao::Language::zh);
      (void)x.sentence(zhibiao::Language::en);
    }
  } catch (const zhibiao::cli::input_error&) {
  } catch (const zhibiao::invalid_input&) {
  }
  return 0;
}
