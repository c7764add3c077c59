#pragma once
// The pieces of the HTML report (report.hpp) that are drawn: bars against a target and
// sparklines, as inline SVG, and the text escaping every piece uses. Private to the library.

#include "zhibiao/report.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace zhibiao::report_detail {

/// & < > " ' as character references: safe in element content and in quoted attributes.
std::string escape_html(std::string_view text);

/// A coordinate: rounded half up to 3 decimals, trailing zeros dropped ("94.13", "0").
std::string svg_number(double x);

/// The status colour (Okabe–Ito palette, told apart by most colour-blind readers; every bar also
/// carries its status in words, so colour is never the only cue).
std::string_view status_colour(ReportStatus status) noexcept;

/// The share of the axis [0, axis_max] that x covers, in per cent, clamped to [0, 100].
double axis_share(double x, double axis_max) noexcept;

/// The smallest 1, 2, 2.5 or 5 × 10^k at least `largest` (1 for largest ≤ 0); 100 for a per cent
/// value when every figure is at most 100.
double axis_end(double largest, bool per_cent);

struct BarMarks {
  std::optional<double> target, target_upper, time_progress;
};

/// A horizontal bar of `value` on [0, axis_max]: the SVG's x runs 0–100 across the axis (the
/// image is stretched to its box), so a bar's width attribute is its share of the axis in per
/// cent: 94.13 of 100 is width="94.13". The target is a solid mark (a band for a range), the
/// time progress a dashed one. `label` is the image's accessible name.
std::string bar_svg(double value, double axis_max, ReportStatus status, const BarMarks& marks,
                    std::string_view label);

/// A trend line of monthly values (NaN breaks the line), scaled to their own range (and the
/// target's, when given, drawn dashed), the last value dotted. Empty for fewer than two values.
std::string sparkline_svg(const std::vector<double>& values, std::optional<double> target,
                          std::string_view label);

} // namespace zhibiao::report_detail
