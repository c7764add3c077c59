// Fuzz target: read_figures / read_figure (figure.hpp) on arbitrary bytes. Ill-formed UTF-8 must be
// a parse_error; on well-formed text every figure must lie inside the text (start < end ≤ the
// code-point count), its text must be the input's bytes of that span, value/lower/upper must be
// finite with lower ≤ upper, and read_figure(figure.text) must read the same figure (value, unit,
// kind and bound): a figure does not depend on the text around it except to be skipped (and for
// its density). The spans of the number and the unit lie inside the figure, in order. The target
// mode of read_figure_at (detail::figure_at) at each of the first positions gives a figure that
// starts there with ordered spans and a finite value, or a refusal inside the text.
#include <zhibiao/detail/figure_reader.hpp>
#include <zhibiao/detail/utf8.hpp>
#include <zhibiao/error.hpp>
#include <zhibiao/figure.hpp>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  std::vector<zhibiao::Figure> figures;
  try {
    figures = zhibiao::read_figures(text);
  } catch (const zhibiao::parse_error& e) {
    // Only ill-formed UTF-8 is refused, and the message is UTF-8.
    if (zhibiao::detail::first_invalid_utf8(text) == std::string_view::npos) __builtin_trap();
    if (zhibiao::detail::first_invalid_utf8(e.what()) != std::string_view::npos) __builtin_trap();
    return 0;
  }
  const std::size_t n = zhibiao::detail::code_points_before(text, text.size());
  std::size_t previous_end = 0;
  for (const zhibiao::Figure& f : figures) {
    if (!(f.start < f.end && f.end <= n && f.start >= previous_end)) __builtin_trap();
    previous_end = f.end;
    const std::size_t b = zhibiao::detail::byte_offset_of(text, f.start);
    const std::size_t e = zhibiao::detail::byte_offset_of(text, f.end);
    if (text.substr(b, e - b) != f.text) __builtin_trap();
    if (!std::isfinite(f.value) || !std::isfinite(f.lower) || !std::isfinite(f.upper) ||
        !(f.lower <= f.upper))
      __builtin_trap();
    if (f.printed.to_double() != f.value) __builtin_trap();
    if (!(f.start <= f.number_start && f.number_start < f.number_end &&
          f.number_end <= f.unit_start && f.unit_start <= f.unit_end && f.unit_end <= f.end))
      __builtin_trap();
    (void)f.printed.to_string();
    zhibiao::Figure g;
    try {
      g = zhibiao::read_figure(f.text);
    } catch (const zhibiao::parse_error&) {
      __builtin_trap(); // a figure read in context reads alone
    }
    // A density named before the number (千人口床位数6.99张) makes the figure a rate; alone,
    // 6.99张 is a count (docs/figures.md §2).
    if (g.value != f.value || g.unit != f.unit || (g.unit_kind != f.unit_kind && !f.density) ||
        g.bound != f.bound || g.decimals != f.decimals || !(g.date == f.date))
      __builtin_trap();
  }
  // One figure at a position, in target mode (what Threshold::parse and Improvement::parse use).
  const zhibiao::detail::DecodedText decoded = zhibiao::detail::decode_utf8(text, "fuzz", true);
  for (std::size_t p = 0; p < n && p < 64; ++p) {
    const zhibiao::detail::FigureAt r =
        zhibiao::detail::figure_at(text, decoded, p, zhibiao::FigureReadMode::target);
    if (!r.figure) {
      if (r.refused_at > n) __builtin_trap();
      continue;
    }
    const zhibiao::Figure& f = *r.figure;
    if (!(f.start == p && f.number_start == p && p < f.number_end && f.number_end <= f.unit_start &&
          f.unit_start <= f.unit_end && f.unit_end <= f.end && f.end <= n))
      __builtin_trap();
    if (!std::isfinite(f.value) || f.printed.to_double() != f.value) __builtin_trap();
  }
  // read_figure on the whole input: a figure or a parse_error, never anything else.
  try {
    (void)zhibiao::read_figure(text, "fuzz");
  } catch (const zhibiao::parse_error& e) {
    if (zhibiao::detail::first_invalid_utf8(e.what()) != std::string_view::npos) __builtin_trap();
  }
  return 0;
}
