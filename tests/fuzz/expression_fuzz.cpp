// Fuzz target: Expression::parse, then evaluate what parses over a few rows of awkward inputs
// (0, negative, NaN, huge) so that the compiled program, not only the parser, runs; its period
// modifiers (periodOffset(n), samePeriodLastYear(), yearToDate()) are applied as the cube
// applies them to periods at both ends of the calendar (period_operations.hpp). Tagged items
// resolve against a small fixed group map.
#include "period_operations.hpp"

#include <zhibiao/error.hpp>
#include <zhibiao/expression.hpp>

#include <cstddef>
#include <cstdint>
#include <limits>
#include <string_view>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  // A few DHIS2 groups, so that tagged items (#{deGroup:G}, #{a.co:o}, #{a.coGroup:g&h}) expand
  // instead of only failing to resolve.
  static const zhibiao::ExpressionOptions options = [] {
    zhibiao::ExpressionOptions o;
    o.groups = {{"deGroup:G", {"a", "b"}}, {"deGroup:E", {}},         {"co:o", {"x", "y"}},
                {"a.co:o", {"x"}},         {"coGroup:g", {"x", "y"}}, {"coGroup:h", {"y"}}};
    return o;
  }();
  try {
    const auto e = zhibiao::Expression::parse(text, options);
    constexpr std::size_t n = 5;
    const double row[n] = {0.0, -3.5, std::numeric_limits<double>::quiet_NaN(), 1e308, 7.0};
    std::vector<const double*> inputs(e.references().size(), row);
    const double days[n] = {31, 30, 366, 1, 28};
    const double in_year[n] = {5, 1, 12, 2, 4};
    const double per_year[n] = {12, 4, 12, 2, 52};
    const double* time[3] = {days, in_year, per_year};
    double out[n];
    std::uint8_t status[n];
    e.evaluate(inputs, time, n, out, status);
    for (std::size_t i = 0; i < n; ++i)
      if (status[i] >= zhibiao::expression_status_count) __builtin_trap(); // outside the enum
    (void)e.instruction_count();
    // Parsing the expression's own text again must give the same references.
    const auto again = zhibiao::Expression::parse(e.text(), options);
    if (again.references().size() != e.references().size()) __builtin_trap();
    zhibiao_fuzz::exercise_modifiers(e);
  } catch (const zhibiao::invalid_input&) {
    // parse_error is the documented answer to bad text
  }
  return 0;
}
