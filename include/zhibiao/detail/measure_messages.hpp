#pragma once
/// \file detail/measure_messages.hpp
/// The field and message of a bad measure row, shared by the single values' checks
/// (measure.hpp, which throw them) and the column functions (rate.hpp, which list them), so a bad
/// input reads the same whichever way it came in. Internal.

#include "zhibiao/measure.hpp"

#include <string>
#include <string_view>

namespace zhibiao::detail {

/// The input a bad status is about: numerator_field(kind) for a bad numerator (negative, not
/// finite, above the denominator), denominator_field(kind) otherwise.
std::string_view bad_row_field(MeasureKind kind, RowStatus status) noexcept;

/// What is wrong, with the values in full precision: "is negative (-3)", "exceeds the denominator
/// (5 > 4); a proportion counts part of its denominator", ...; describe(status) for the others.
std::string bad_row_message(RowStatus status, double numerator, double denominator);

} // namespace zhibiao::detail
