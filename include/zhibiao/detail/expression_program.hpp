#pragma once
// The compiled form of an Expression (expression.hpp): a straight-line register program.
// Internal; src/expression.cpp builds and runs it.

#include "zhibiao/expression.hpp"

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace zhibiao::detail {

/// Vector operations. Ternary: select, select_dhis2, norm_dist_cum, norm_dist_den; unary: neg, abs,
/// is_null, is_not_null, log, log10 and their _ieee forms, remove_zeros; the rest are binary. The
/// order is the order of the kernel tables in expression.cpp.
enum class ExprOp : std::uint8_t {
  add,
  sub,
  mul,
  div,
  pow,
  mod,      ///< % (fmod: the sign of the dividend); x % 0 is NaN, a division by zero
  div_ieee, ///< DHIS2's x / 0 = ±inf (ExpressionOptions::dhis2_semantics)
  log,      ///< natural logarithm; NaN outside (0, ∞)
  log_base, ///< log(x, base)
  log10,
  log_ieee, ///< DHIS2's: log(0) = -inf
  log_base_ieee,
  log10_ieee,
  lt,
  le,
  gt,
  ge,
  eq,
  ne,
  logical_and,
  logical_or,
  logical_not,
  neg,
  abs,
  is_null,
  is_not_null,
  min,
  max,
  coalesce,
  greatest_skip, ///< DHIS2's greatest: a missing argument is skipped
  least_skip,
  remove_zeros, ///< 0 becomes missing
  select,
  select_dhis2,  ///< DHIS2's if: a missing condition is false
  norm_dist_cum, ///< normDistCum(x, mean, stddev): P(X <= x); NaN for stddev <= 0
  norm_dist_den, ///< normDistDen(x, mean, stddev): the density at x; NaN for stddev <= 0
  count_         // number of operations
};

/// Where an operand's values come from, for one block of rows.
struct ExprSource {
  enum class Kind : std::uint8_t { none, reg, input, time, constant };
  Kind kind = Kind::none;
  std::uint32_t index = 0; ///< register, reference, TimeVariable or constant number
};

/// dst = op(a, b, c) over a block; the last step writes the result column instead of `dst`.
struct ExprStep {
  ExprOp op;
  ExprSource a, b, c;
  std::uint32_t dst = 0;
};

struct ExpressionProgram {
  std::string text;
  std::vector<ExpressionReference> references;
  std::vector<ExpressionSpan> spans; // every occurrence of a reference, in text order
  std::array<bool, 3> uses{};        ///< by TimeVariable
  std::vector<double> constants;
  std::vector<ExprStep> steps;
  std::uint32_t registers = 0;
  /// The value when `steps` is empty (a lone reference, variable or constant).
  ExprSource result;
  /// True when a step can turn numbers into NaN (division, power, ∞ − ∞ ...): only then does a
  /// block with NaN results need the second, status-tracking pass.
  bool may_fail = false;
  /// The result is text: the program computes the index into `texts` (NaN: null).
  bool text_result = false;
  /// The strings the text writes, each once (string literals, escapes decoded).
  std::vector<std::string> texts;
};

} // namespace zhibiao::detail
