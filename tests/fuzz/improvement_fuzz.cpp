// Fuzz target: Improvement::parse (较上年提高2个百分点, 较2015年下降30%, 逐年下降,
// 不高于近5年平均水平, 不低于2023年水平 ...). Whatever parses must describe itself as text that
// parses back to the same improvement, its amount must be finite and not negative, and assessing
// it on a few values and histories must neither throw anything but a zhibiao error nor give a NaN
// beside a verdict, nor (with both years' counts) an interval or verdict at odds with the value's
// outcome. A refusal's message must be UTF-8. parse_target runs on the same text (its
// either-or splitting and bare figures), each option reading back through its own parser.
#include <zhibiao/assessment.hpp>
#include <zhibiao/detail/utf8.hpp>
#include <zhibiao/error.hpp>
#include <zhibiao/target.hpp>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <variant>
#include <vector>

namespace {
// parse_target on the same text: a zhibiao error or a rule whose options describe themselves as
// text their own parser reads back.
void check_parse_target(std::string_view text) {
  try {
    const zhibiao::Target t = zhibiao::parse_target(text);
    std::vector<zhibiao::Target> options;
    if (const auto* either = std::get_if<zhibiao::EitherTarget>(&t.rule)) options = either->options;
    else options.push_back(t);
    if (options.empty()) __builtin_trap();
    for (const auto& option : options) {
      if (const auto* th = std::get_if<zhibiao::Threshold>(&option.rule)) {
        if (!(zhibiao::Threshold::parse(th->describe()) == *th)) __builtin_trap();
      } else if (const auto* imp = std::get_if<zhibiao::Improvement>(&option.rule)) {
        if (!(zhibiao::Improvement::parse(imp->describe()) == *imp)) __builtin_trap();
      } else {
        __builtin_trap(); // parse_target makes no other rule
      }
    }
  } catch (const zhibiao::invalid_input& e) {
    if (zhibiao::detail::first_invalid_utf8(e.what()) != std::string_view::npos) __builtin_trap();
  }
}

bool nan_in(const zhibiao::ImprovementAssessment& a) {
  return std::isnan(a.change_points) || (a.change_relative && std::isnan(*a.change_relative)) ||
         (a.reference && std::isnan(*a.reference));
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  check_parse_target(text);
  zhibiao::Improvement imp;
  try {
    imp = zhibiao::Improvement::parse(text);
  } catch (const zhibiao::invalid_input& e) {
    if (zhibiao::detail::first_invalid_utf8(e.what()) != std::string_view::npos) __builtin_trap();
    return 0;
  }
  if (!std::isfinite(imp.amount) || imp.amount < 0 || imp.years < 1) __builtin_trap();
  // The description parses back: a refusal here is a bug, so it is not caught.
  const zhibiao::Improvement back = zhibiao::Improvement::parse(imp.describe());
  if (!(back == imp)) __builtin_trap();
  (void)imp.describe(zhibiao::Language::en);
  std::vector<double> history(static_cast<std::size_t>(imp.years < 100 ? imp.years : 100), 50.0);
  for (std::size_t k = 0; k < history.size(); ++k) history[k] += static_cast<double>(k);
  for (const double value : {0.0, 12.5, 50.0, 100.0, 1e308, -1e308})
    for (const double base : {0.0, 18.5, -3.0, 1e308}) {
      try {
        const auto a = zhibiao::assess_improvement(value, imp, base, history);
        if (nan_in(a)) __builtin_trap();
      } catch (const zhibiao::invalid_input&) {
        // An overflowing change (1e308 − −1e308) is refused: that is documented.
      }
    }
  // The change's interval (issue 20 item 4) on small, large, zero and refused counts, for both
  // figure kinds: a zhibiao error, or finite ordered limits and a verdict agreeing with the
  // value's outcome where it is decisive.
  const zhibiao::ChangeCounts counts[] = {{3, 25000, 5, 25000}, {56, 70, 48, 80},   {0, 10, 0, 10},
                                          {10, 10, 0, 10},      {1e9, 1e9, 1, 1e9}, {5, 0, 5, 10},
                                          {-1, 10, 1, 10},      {11, 10, 1, 10}};
  for (const auto kind : {zhibiao::MeasureKind::proportion, zhibiao::MeasureKind::rate})
    for (const auto& c : counts) {
      try {
        const zhibiao::SignificanceOption option{.kind = kind};
        const auto ci = zhibiao::change_interval(imp, c, 100, option);
        if (ci && !(std::isfinite(ci->lower) && std::isfinite(ci->upper) && ci->lower <= ci->upper))
          __builtin_trap();
        const double value = c.numerator / c.denominator * 100;
        const double base = c.baseline_numerator / c.baseline_denominator * 100;
        const auto a = zhibiao::assess_improvement(value, imp, base, history, c, option);
        if (nan_in(a)) __builtin_trap();
        if (a.verdict == zhibiao::TargetVerdict::reached && !a.reached) __builtin_trap();
        if (a.verdict == zhibiao::TargetVerdict::not_reached && a.reached) __builtin_trap();
      } catch (const zhibiao::invalid_input& e) {
        if (zhibiao::detail::first_invalid_utf8(e.what()) != std::string_view::npos)
          __builtin_trap();
      }
    }
  return 0;
}
