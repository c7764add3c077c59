#pragma once
// The figure reader's entry for parsers that have already decoded their text (the target
// wording of src/target.cpp): one figure at a code-point position, read without throwing so that
// a parser can look ahead and decide which error explains the text best. figure.hpp's
// read_figure_at is the same reader on UTF-8 text, throwing.

#include "zhibiao/detail/utf8.hpp"
#include "zhibiao/figure.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace zhibiao::detail {

/// A figure read at a position, or where and why none could be.
struct FigureAt {
  std::optional<Figure> figure;
  std::size_t refused_at = 0; ///< code point, when no figure
  std::string expected;       ///< what was expected there, as a parse_error says it
};

/// The figure starting at code point `position` of `text` (decoded from `original` with its
/// full-width forms folded), in `mode` (figure.hpp, FigureReadMode).
FigureAt figure_at(std::string_view original, const DecodedText& text, std::size_t position,
                   FigureReadMode mode);

} // namespace zhibiao::detail
