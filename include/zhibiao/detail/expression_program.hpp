#pragma once
// The compiled form of an Expression (expression.hpp): a straight-line register program.
// Internal; src/expression.cpp builds and runs it.

#include "zhibiao/expression.hpp"

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace zhibiao::detail {

/// Vector operations. Unary: neg … is_not_null; ternary: select; the rest are binary.
/// The order is the order of the kernel tables in expression.cpp.
enum class ExprOp : std::uint8_t {
  add,
  sub,
  mul,
  div,
  pow,
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
  select,
  count_ // number of operations
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
};

} // namespace zhibiao::detail
