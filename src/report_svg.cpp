// Inline SVG of the HTML report (src/report_svg.hpp): bars and sparklines.

#include "report_svg.hpp"

#include "zhibiao/decimal.hpp"

#include <algorithm>
#include <cmath>

namespace zhibiao::report_detail {

std::string escape_html(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
    case '&': out += "&amp;"; break;
    case '<': out += "&lt;"; break;
    case '>': out += "&gt;"; break;
    case '"': out += "&quot;"; break;
    case '\'': out += "&#39;"; break;
    default: out += c;
    }
  }
  return out;
}

std::string svg_number(double x) {
  if (!std::isfinite(x)) return "0"; // never reached: callers clamp; no "nan" in the page
  const double r = round_half_up(x, 3);
  if (r == 0) return "0";
  return Decimal::from_double(r).to_string();
}

std::string_view status_colour(ReportStatus status) noexcept {
  switch (status) {
  case ReportStatus::met: return "#009E73";          // bluish green
  case ReportStatus::not_met: return "#D55E00";      // vermillion
  case ReportStatus::partial: return "#E69F00";      // orange
  case ReportStatus::no_data: return "#999999";      // grey
  case ReportStatus::not_assessed: return "#0072B2"; // blue
  }
  return "#999999";
}

double axis_share(double x, double axis_max) noexcept {
  if (!std::isfinite(x) || !(axis_max > 0)) return 0;
  return std::clamp(x / axis_max * 100, 0.0, 100.0);
}

double axis_end(double largest, bool per_cent) {
  if (per_cent && largest <= 100) return 100;
  if (!(largest > 0) || !std::isfinite(largest)) return 1;
  // 1, 2, 2.5, 5 × 10^k: round numbers a reader reads an axis end as.
  double scale = std::pow(10.0, std::floor(std::log10(largest)));
  for (;;) {
    for (const double step : {1.0, 2.0, 2.5, 5.0, 10.0})
      if (step * scale >= largest) return step * scale;
    scale *= 10; // log10 rounded down by one ulp: try the next decade
  }
}

namespace {

std::string vertical_mark(double x, std::string_view cls, std::string_view dash) {
  std::string out = "<line class=\"" + std::string(cls) + "\" x1=\"" + svg_number(x) + "\" x2=\"" +
                    svg_number(x) + "\" y1=\"1\" y2=\"23\" stroke=\"#1b1b1b\" stroke-width=\"2\"";
  if (!dash.empty()) out += " stroke-dasharray=\"" + std::string(dash) + "\"";
  return out + " vector-effect=\"non-scaling-stroke\"/>";
}

} // namespace

std::string bar_svg(double value, double axis_max, ReportStatus status, const BarMarks& marks,
                    std::string_view label) {
  std::string out = "<svg class=\"bar\" viewBox=\"0 0 100 24\" preserveAspectRatio=\"none\" "
                    "width=\"100%\" height=\"24\" role=\"img\" aria-label=\"" +
                    escape_html(label) + "\">";
  out += "<rect class=\"track\" x=\"0\" y=\"6\" width=\"100\" height=\"12\" fill=\"#e8ecef\"/>";
  if (marks.target && marks.target_upper) {
    const double a = axis_share(*marks.target, axis_max),
                 b = axis_share(*marks.target_upper, axis_max);
    out += "<rect class=\"target-band\" x=\"" + svg_number(a) + "\" y=\"2\" width=\"" +
           svg_number(std::max(b - a, 0.0)) + "\" height=\"20\" fill=\"#1b1b1b\" " +
           "fill-opacity=\"0.12\"/>";
  }
  if (std::isfinite(value))
    out += "<rect class=\"value\" x=\"0\" y=\"6\" width=\"" +
           svg_number(axis_share(value, axis_max)) + "\" height=\"12\" fill=\"" +
           std::string(status_colour(status)) + "\"/>";
  if (marks.target) out += vertical_mark(axis_share(*marks.target, axis_max), "target", "");
  if (marks.target_upper)
    out += vertical_mark(axis_share(*marks.target_upper, axis_max), "target", "");
  if (marks.time_progress)
    out += vertical_mark(axis_share(*marks.time_progress, axis_max), "time-progress", "4 3");
  return out + "</svg>";
}

std::string sparkline_svg(const std::vector<double>& values, std::optional<double> target,
                          std::string_view label) {
  if (values.size() < 2) return {};
  double lo = INFINITY, hi = -INFINITY;
  for (const double v : values)
    if (std::isfinite(v)) lo = std::min(lo, v), hi = std::max(hi, v);
  if (!(lo <= hi)) return {}; // no finite month
  if (target && std::isfinite(*target)) lo = std::min(lo, *target), hi = std::max(hi, *target);
  constexpr double width = 120, height = 32, pad = 3;
  const auto x_of = [&](std::size_t i) {
    return pad +
           (width - 2 * pad) * static_cast<double>(i) / static_cast<double>(values.size() - 1);
  };
  const auto y_of = [&](double v) {
    // A flat series sits in the middle; otherwise higher values are drawn higher.
    if (hi == lo) return height / 2;
    return height - pad - (height - 2 * pad) * (v - lo) / (hi - lo);
  };
  std::string out = "<svg class=\"sparkline\" viewBox=\"0 0 120 32\" width=\"120\" height=\"32\" "
                    "role=\"img\" aria-label=\"" +
                    escape_html(label) + "\">";
  if (target && std::isfinite(*target))
    out += "<line class=\"target\" x1=\"0\" x2=\"120\" y1=\"" + svg_number(y_of(*target)) +
           "\" y2=\"" + svg_number(y_of(*target)) +
           "\" stroke=\"#1b1b1b\" stroke-width=\"1\" stroke-dasharray=\"3 2\"/>";
  // One polyline per run of months with values: a month without one breaks the line.
  std::string points;
  std::size_t in_run = 0;
  const auto flush = [&] {
    if (in_run >= 2)
      out += "<polyline fill=\"none\" stroke=\"#0072B2\" stroke-width=\"1.5\" points=\"" + points +
             "\"/>";
    else if (in_run == 1) // a lone month: a dot, so that it is not lost
      out += "<circle r=\"1.5\" fill=\"#0072B2\" " + points + "/>";
    points.clear();
    in_run = 0;
  };
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (!std::isfinite(values[i])) {
      flush();
      continue;
    }
    if (in_run == 0 && (i + 1 == values.size() || !std::isfinite(values[i + 1])))
      points = "cx=\"" + svg_number(x_of(i)) + "\" cy=\"" + svg_number(y_of(values[i])) + "\"";
    else {
      if (!points.empty()) points += ' ';
      points += svg_number(x_of(i)) + "," + svg_number(y_of(values[i]));
    }
    ++in_run;
  }
  flush();
  for (std::size_t i = values.size(); i-- > 0;)
    if (std::isfinite(values[i])) {
      out += "<circle class=\"last\" cx=\"" + svg_number(x_of(i)) + "\" cy=\"" +
             svg_number(y_of(values[i])) + "\" r=\"2.5\" fill=\"#0072B2\"/>";
      break;
    }
  return out + "</svg>";
}

} // namespace zhibiao::report_detail
